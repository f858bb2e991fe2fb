//! The wall list (掲示用受賞者一覧): one page of the winners for the venue's
//! wall — the award's name, then each category, its awards and their winners,
//! in the winners list's styles, set as large as the page allows. A layout makes
//! it by listing `"wall"` in its `documents` (→ `wall.pdf`); this file is all
//! there is of it (the recipe seam, `recipes/mod.rs`).

use super::booklet::{listed_name, winners_of};
use crate::frame::{Document, PageKind, Role};
use crate::layout::kit::blocks::Kit;
use crate::layout::kit::compose::Composer;
use crate::layout::kit::page::{self, Piece};
use crate::model::Loaded;
use crate::model::style::{Style, StyleName};

/// The wall list as a document.
pub const RECIPE: super::Recipe = super::Recipe {
    after: &[],
    name_key: None,
    proof_marks: true,
    printed: |_| vec![PRINTED],
    rebuild_compares: true,
    make: |c, kit, loaded, _| wall(c, kit, loaded),
};

/// The fields the wall list prints (the ledger's field coverage, issue #24;
/// `layout::ledger::Print`).
pub const PRINTED: crate::layout::ledger::Printed = {
    use crate::layout::ledger::Print::*;
    &[
        ("edition.title", Yes),
        ("edition.edition_text", With("edition.title")),
        ("category.name", Sometimes("a category with winners")),
        ("category.numeral", Beside("category.name")),
        ("category.award", Sometimes("an award with winners")),
        ("winner.name", Yes),
        ("winner.ward", With("winner.name")),
        ("winner.honorific", Sometimes("after a person's name, when it has no ward")),
    ]
};

/// How many sizes are tried between the largest that could fit and a tenth of
/// it, each a tenth smaller.
const STEPS: u32 = 10;

fn wall(c: &mut Composer, kit: &Kit, loaded: &Loaded) -> Document {
    let e = &loaded.edition;
    // Off the grid: lines `line_height` apart at whatever size the page allows.
    let style = |name: StyleName| Style { line_feed: 0.0, ..kit.style(name).clone() };
    let piece = |value: String, span: &crate::diag::Span, name: StyleName| Piece {
        value,
        span: Some(span.clone()),
        style: style(name),
        role: Role::Heading,
        hang: 0.0,
    };
    let mut pieces =
        vec![piece(format!("{}{}", e.edition_text.value, e.title.value), &e.title.span, StyleName::ProgrammeAward)];
    for cat in &e.categories {
        let awards: Vec<_> = cat.awards.iter().map(|a| (a, winners_of(loaded, cat, a))).collect();
        if awards.iter().all(|(_, w)| w.is_empty()) {
            continue;
        }
        pieces.push(piece(format!("{}\u{3000}{}", cat.numeral.value, cat.name.value), &cat.name.span, StyleName::ListCategory));
        for (award, winners) in awards.iter().filter(|(_, w)| !w.is_empty()) {
            pieces.push(piece(award.value.clone(), &award.span, StyleName::ListAward));
            for w in winners {
                pieces.push(piece(listed_name(w), &w.name.span, StyleName::ListName));
            }
        }
    }
    // The largest scale at which the list fits the text block: from the block's
    // height over the list's natural height, down in tenths.
    let natural = page::height(c, kit, &pieces).max(kit.em());
    let largest = kit.geo.block.h.0 / natural;
    let scaled = |k: f64| -> Vec<Piece> {
        pieces
            .iter()
            .map(|p| {
                let mut s = p.style.clone();
                s.size *= k;
                s.min_size = s.size;
                s.space_before *= k;
                s.space_after *= k;
                Piece { value: p.value.clone(), span: p.span.clone(), style: s, role: p.role, hang: p.hang }
            })
            .collect()
    };
    let mut chosen = None;
    for step in 0..STEPS {
        let k = largest * f64::from(STEPS - step) / f64::from(STEPS);
        let set = scaled(k);
        let stacked = page::stack(c, kit, &set);
        if stacked.overflow.is_none() {
            chosen = Some(stacked.items);
            break;
        }
    }
    let items = chosen.unwrap_or_else(|| {
        page::report_overflow(c, Some(e.title.span.clone()), page::Where { page: "whole_page.wall_page", document: "whole_page.doc_wall" });
        Vec::new()
    });
    let page = page::page_of(kit, PageKind::Body, items);
    Document { meta: crate::layout::meta(loaded, &e.title.value), outline: Vec::new(), pages: vec![page], padding: 0 }
}
