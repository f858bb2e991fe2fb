//! The title page (表1, and the booklet's first page): title, subtitle, edition,
//! date, venue, the organiser with its address and contacts, and the sponsors —
//! stacked on the page (`kit/page.rs`: from the text block's head, within the
//! page's margins) in their styles. The sponsor block shrinks within its
//! style's limits; past them, an error names the entry line that overflows and
//! the document and page the title page is printed as.

use crate::frame::{Page, PageKind, Role};
use crate::layout::kit::blocks::Kit;
use crate::layout::kit::compose::Composer;
use crate::layout::kit::page::{self, Piece, Where};
use crate::model::layout::DocumentKind;
use crate::model::style::StyleName;
use crate::model::{Layout, Loaded, Text};

/// Where the title page is printed first, in the order of the layout's
/// `documents`: the booklet's 扉 (when `structure.title_page`), the cover's
/// 表1, the programme's first page. `None`: no document prints it.
pub fn printed_as(layout: &Layout) -> Option<Where> {
    layout.documents.iter().find_map(|&d| {
        if d == DocumentKind::Booklet && layout.structure.title_page {
            Some(Where { page: "whole_page.title_page", document: "robust.doc_booklet" })
        } else if d == DocumentKind::Cover {
            Some(Where { page: "whole_page.front_cover", document: "ledger.doc_cover" })
        } else if d == DocumentKind::Programme {
            Some(Where { page: "whole_page.first_page", document: "robust.doc_programme" })
        } else {
            None
        }
    })
}

/// The title page; an empty one when no document prints it (nothing of it is
/// composed, so nothing of it is reported).
pub fn title_page(c: &mut Composer, kit: &Kit, loaded: &Loaded) -> Page {
    let Some(at) = printed_as(kit.layout) else {
        return page::page_of(kit, PageKind::Cover, Vec::new());
    };
    let e = &loaded.edition;
    let mut pieces = Vec::new();
    let mut add = |t: &Text, name: StyleName| {
        pieces.push(Piece {
            value: t.value.clone(),
            span: Some(t.span.clone()),
            style: kit.style(name).clone(),
            role: Role::Cover,
            hang: 0.0,
        });
    };
    add(&e.title, StyleName::Title);
    if let Some(sub) = &e.subtitle {
        add(sub, StyleName::Subtitle);
    }
    add(&e.edition_text, StyleName::EditionText);
    if let Some(d) = &e.date_text {
        add(d, StyleName::Date);
    }
    add(&e.venue, StyleName::Venue);

    let o = &e.organiser;
    add(&o.name, StyleName::Organiser);
    let address = match &o.postcode {
        Some(p) => Text { value: format!("{}　{}", p.value, o.address.value), span: o.address.span.clone() },
        None => o.address.clone(),
    };
    add(&address, StyleName::Address);
    let contact: Vec<&Text> = [&o.tel, &o.fax].into_iter().flatten().collect();
    if let Some(first) = contact.first() {
        let joined = Text {
            value: contact.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join("　"),
            span: first.span.clone(),
        };
        add(&joined, StyleName::Address);
    }
    for t in [&o.email, &o.url].into_iter().flatten() {
        add(t, StyleName::Address);
    }
    let mut first_sponsor = true;
    for sponsor in &e.sponsors {
        // "主催：" — a role of two characters is spaced out to the width of four.
        let role: String = if sponsor.role.value.chars().count() == 2 {
            sponsor.role.value.chars().map(String::from).collect::<Vec<_>>().join("\u{3000}\u{3000}")
        } else {
            sponsor.role.value.clone()
        };
        let prefix = format!("{role}：");
        let pad: String = std::iter::repeat_n('\u{3000}', prefix.chars().count()).collect();
        for (i, line) in sponsor.lines.iter().enumerate() {
            let mut style = kit.style(StyleName::Sponsor).clone();
            if !first_sponsor {
                // The style's space before opens the sponsor block once.
                style.space_before = 0.0;
            }
            first_sponsor = false;
            // A line too long for the sponsor measure wraps under its text.
            pieces.push(Piece {
                value: format!("{}{}", if i == 0 { &prefix } else { &pad }, line.value),
                span: Some(line.span.clone()),
                style,
                role: Role::Cover,
                hang: prefix.chars().count() as f64,
            });
        }
    }
    let stacked = page::stack(c, kit, &pieces);
    if let Some(span) = stacked.overflow {
        page::report_overflow(c, span, at);
    }
    page::page_of(kit, PageKind::Cover, stacked.items)
}

/// The fields the title page prints (the ledger's field coverage, issue #24;
/// `layout::ledger::Print`).
pub const PRINTED: crate::layout::ledger::Printed = {
    use crate::layout::ledger::Print::*;
    &[
        ("edition.title", Yes),
        ("edition.subtitle", Yes),
        ("edition.edition_text", Yes),
        ("edition.date_text", Yes),
        ("edition.venue", Yes),
        ("organiser.name", Yes),
        ("organiser.postcode", With("organiser.address")),
        ("organiser.address", Yes),
        ("organiser.tel", Yes),
        ("organiser.fax", With("organiser.tel")),
        ("organiser.email", Yes),
        ("organiser.url", Yes),
        ("sponsor.role", With("sponsor.line")),
        ("sponsor.line", Yes),
    ]
};
