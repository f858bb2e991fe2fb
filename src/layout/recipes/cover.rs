//! The cover spread (表紙, PRINT.md): one page whose trimmed size is the whole
//! spread — 表4 | 背 | 表1 for a left-bound book, 表1 | 背 | 表4 for a right-bound
//! one — with the spine (背) width built in, and vertical text blocks (縦組み)
//! usable on any page.
//!
//! - Spine width = 2 × cover thickness + body paper thickness × body pages ÷ 2,
//!   from the page count of the booklet just built; the printer's figure
//!   (`print.spine_mm`) overrides it.
//! - The spine title (`edition.spine`) is set vertically, top to bottom (書き下げ),
//!   centred both ways on the spine, at most the `spine` style's size and small enough to keep
//!   `print.spine_clearance_mm` clear on each side and to fit the text block's
//!   height. A spine narrower than `print.spine_text_min_mm` gets no title and a
//!   warning.
//! - 表1 is the title page (`title_page.rs`); 表4 holds `edition.back_cover`;
//!   both are whole pages, set within the page's margins (`kit/page.rs`).
//! - On the spread page `block` is the spine: the PDF writer draws spine marks at
//!   its folds with the crop marks.
//! - With the layout's `print.inside_cover`, a second page: the inside of the
//!   cover, the same sheet (trim, bleed, marks, spine) seen from its other side.
//!   Turning a sheet over about its vertical axis mirrors it left to right, so
//!   the panel behind 表1 (表2) lies where 表4 lies outside, and the panel behind
//!   表4 (表3) where 表1 lies: outside 表4 | 背 | 表1 → inside 表2 | 背 | 表3 for a
//!   left-bound book (opening the front cover shows 表2 on the left, facing
//!   page 1), and 表3 | 背 | 表2 for a right-bound one. 表3 carries the colophon
//!   (奥付: title, edition, date, organiser and its address and contacts, as the
//!   title page gives them), set as 表4 is (the `back_cover` style, ending at the
//!   text block's foot); 表2 and the spine are left blank (the edition has no
//!   text for them).

use crate::diag::{Diagnostic, Message};
use crate::frame::{Document, Item, Page, PageKind, Role, StructNode, StructRole};
use crate::layout::kit::blocks::Kit;
use crate::layout::kit::compose::Composer;
use crate::layout::kit::page::Room;
use crate::layout::kit::spread::Spread;
use crate::layout::kit::vertical::{fitted_size, vertical_block};
use crate::model::Loaded;
use crate::model::{Edition, Text};
use crate::model::style::StyleName;
use crate::text::vertical::Vertical;
use crate::text::{Align, Shape};
use crate::units::Pt;

/// Lay out the cover spread for a booklet of `body_pages` pages, with `title`
/// (the title page) as 表1.
pub fn cover_spread(c: &mut Composer, kit: &Kit, loaded: &Loaded, title: &Page, body_pages: usize) -> Document {
    let l = &loaded.layout;
    let e = &loaded.edition;
    let geo = kit.geo;
    let spread = Spread::new(l, body_pages);
    let mut items = Vec::new();

    // 表1: the title page, moved onto its panel.
    for item in &title.items {
        let mut item = item.clone();
        item.translate(spread.front_x, Pt::ZERO);
        items.push(item);
    }

    // 表4: the edition's back-cover lines.
    items.extend(foot_block(c, kit, &e.back_cover, spread.back_x));

    // 背: the spine title.
    let spine = spread.spine_rect();
    if !spread.spine_holds_title(l) {
        c.diags.push(Diagnostic::warning(
            Some(e.spine.span.clone()),
            "spine",
            Message::new("cover.spine_too_narrow")
                .arg("width", format!("{:.2}", spread.spine.to_mm()))
                .arg("min", format!("{}", l.print.spine_text_min_mm)),
        ));
    } else {
        let across = spread.spine_across(l).0;
        let vertical = Vertical { tcy_max_digits: l.vertical.tcy_max_digits as usize };
        let spine_style = kit.style(StyleName::Spine);
        let f = spine_style.font;
        // Along the spine: the height of the text block, so the title keeps the
        // cover's margins at head and foot.
        let size = fitted_size(&e.spine.value, f, spine_style.size.min(across), geo.block.h.0, &vertical);
        if size > 0.0 {
            let area = spread.spine_column(Pt(size), geo.block);
            // The spine's title (背文字) is a paragraph of the cover, read after
            // the front (表1, the title page's items) and the back cover (表4).
            let node = StructNode::new(StructRole::Paragraph, None);
            let start = items.len();
            items.extend(vertical_block(
                c,
                &e.spine.value,
                Some(&e.spine.span),
                f,
                size,
                size,
                area,
                Align::Center,
                &vertical,
                Role::Spine,
            ));
            items[start..].iter_mut().for_each(|i| i.set_structure(&node));
        }
    }

    let page = Page {
        width: spread.width(),
        height: spread.height,
        kind: PageKind::Spread,
        block: spine,
        items,
        short_by: None,
        units: Vec::new(),
    };
    let mut pages = vec![page];
    if l.print.inside_cover {
        pages.push(inside_spread(c, kit, loaded, &spread));
    }
    let mut meta = crate::layout::meta(loaded, &e.spine.value);
    meta.subject = e.spine.value.clone();
    Document { meta, pages, outline: Vec::new(), padding: 0 }
}

/// Lines of text on one panel of a spread whose left trim edge is at `panel_x`,
/// each text a paragraph, their block ending where the text block ends; wrapped
/// within the page's frame (a whole page, issue #30), not the body's text
/// block; in the `back_cover` style. 表4 (the back cover) and 表3 (the
/// colophon) are set so.
fn foot_block(c: &mut Composer, kit: &Kit, texts: &[Text], panel_x: Pt) -> Vec<Item> {
    let geo = kit.geo;
    let style = kit.style(StyleName::BackCover).clone();
    let lf = style.size * style.line_height;
    let (left, measure) = Room::of(kit).frame_of(kit, &style);
    let shape = Shape { measure, first_indent: 0.0, rest_indent: 0.0 };
    let sets: Vec<_> = texts.iter().map(|t| (c.set(t, style.font, style.size, shape, style.align), t)).collect();
    let lines: usize = sets.iter().map(|(s, _)| s.len()).sum();
    let mut y = geo.block.bottom().0 - (lines.max(1) - 1) as f64 * lf;
    let mut items = Vec::new();
    for (set, t) in &sets {
        let node = StructNode::new(StructRole::Paragraph, None);
        for line in set.place(panel_x.0 + geo.block.x.0 + left, y, lf, Role::Cover, Some(&t.span)) {
            let mut item = Item::Text(line);
            item.set_structure(&node);
            items.push(item);
        }
        y += set.len() as f64 * lf;
    }
    items
}

/// The colophon (奥付) from the edition: its title, edition, date, and the
/// organiser with its address and contacts, joined as the title page joins
/// them (`title_page.rs`: postcode before the address, telephone and fax on
/// one line).
pub fn colophon(e: &Edition) -> Vec<Text> {
    let mut lines = vec![e.title.clone(), e.edition_text.clone()];
    lines.extend(e.date_text.clone());
    let o = &e.organiser;
    lines.push(o.name.clone());
    lines.push(match &o.postcode {
        Some(p) => Text { value: format!("{}　{}", p.value, o.address.value), span: o.address.span.clone() },
        None => o.address.clone(),
    });
    let contact: Vec<&Text> = [&o.tel, &o.fax].into_iter().flatten().collect();
    if let Some(first) = contact.first() {
        lines.push(Text {
            value: contact.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join("　"),
            span: first.span.clone(),
        });
    }
    lines.extend([&o.email, &o.url].into_iter().flatten().cloned());
    lines
}

/// The inside of the cover (see the module's comment): the outside spread's
/// sheet, 表3 (the colophon) on the panel behind 表4 — at 表1's place — and 表2,
/// at 表4's place, blank, as is the spine.
fn inside_spread(c: &mut Composer, kit: &Kit, loaded: &Loaded, spread: &Spread) -> Page {
    let items = foot_block(c, kit, &colophon(&loaded.edition), spread.front_x);
    Page {
        width: spread.width(),
        height: spread.height,
        kind: PageKind::Spread,
        block: spread.spine_rect(),
        items,
        short_by: None,
        units: Vec::new(),
    }
}

/// The cover spread as a document (the recipe seam, `recipes/mod.rs`): made
/// after the booklet, whose page count gives the spine.
pub const RECIPE: super::Recipe = super::Recipe {
    after: &[crate::layout::DocumentKind::Booklet],
    name_key: Some("ledger.doc_cover"),
    proof_marks: false,
    printed: |_| printed(),
    rebuild_compares: true,
    make: |c, kit, loaded, making| {
        let booklet = crate::layout::DocumentKind::Booklet;
        let pages = making.made.iter().find(|(k, _)| *k == booklet).map_or(0, |(_, d)| d.pages.len());
        crate::layout::kit::spread::check_spread_width(&loaded.layout, pages, c.sources, c.diags);
        cover_spread(c, kit, loaded, making.title, pages)
    },
};
/// The fields the cover prints besides its 表1 (the title page's), for the
/// ledger's field coverage (issue #24; `layout::ledger::Print`).
pub const PRINTED: crate::layout::ledger::Printed = {
    use crate::layout::ledger::Print::*;
    &[
        ("edition.back_cover", Yes),
        ("edition.spine", Sometimes("on the spine when it is wide enough to hold it; else a warning says so")),
    ]
};

/// What the cover spread prints: 表1 (the title page) and its own fields.
pub fn printed() -> Vec<crate::layout::ledger::Printed> {
    vec![super::title_page::PRINTED, PRINTED]
}
