//! Checks over finished frames that no recipe can forget: nothing lies off its
//! page, and body text stays inside the text block.

use super::compose::Composer;
use crate::diag::{Diagnostic, Message};
use crate::font::FontBook;
use crate::frame::{Document, Item, PageKind, Role};

/// The last safeguard against losing text, whatever the layout above did with
/// extreme input: a line that lies off its page would be cut off in print (an
/// error); on a body page, a line outside the text block would collide with the
/// margins and folios (a warning). The first such line of a page is reported (its
/// source locates the problem), and a source only once.
pub fn check_fits(doc: &Document, document: &'static str, c: &mut Composer) {
    const TOL: f64 = 0.5;
    for (n, page) in doc.pages.iter().enumerate() {
        if page.kind == PageKind::Spread {
            continue;
        }
        let b = page.block;
        let mut off_page = None;
        let mut outside_block = None;
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            let Some(span) = &t.source else { continue };
            let top = t.origin.y.0 - FontBook::get().face(t.font).em_box_ascent() * t.size.0;
            let first = t.glyphs.first().map_or(t.origin.x.0, |g| t.origin.x.0 + g.x.0);
            let on_page =
                first >= -TOL && t.end().0 <= page.width.0 + TOL && top >= -TOL && t.origin.y.0 <= page.height.0 + TOL;
            // (A line-head bracket's blank half may lie before the block's edge.)
            let in_block = t.origin.x.0 >= b.x.0 - TOL
                && t.content_end.0.min(t.end().0) <= b.right().0 + TOL
                && top >= b.y.0 - TOL
                && t.origin.y.0 <= b.bottom().0 + TOL;
            if !on_page {
                off_page = off_page.or(Some(span));
            } else if page.kind == PageKind::Body && !in_block && !matches!(t.role, Role::Folio | Role::RunningHead) {
                outside_block = outside_block.or(Some(span));
            }
        }
        let message = |key| {
            Message::new(key).arg("page", (n + 1).to_string()).arg("document", Message::new(document).render_key())
        };
        let found = [
            off_page.map(|s| Diagnostic::error(Some(s.clone()), "", message("robust.off_page"))),
            outside_block.map(|s| Diagnostic::warning(Some(s.clone()), "", message("robust.outside_block"))),
        ];
        for d in found.into_iter().flatten() {
            let d = d.with_hint(Message::new("robust.off_page_hint"));
            if !c.diags.items.iter().any(|x| x.span == d.span && x.message.key == d.message.key) {
                c.diags.push(d);
            }
        }
    }
}
