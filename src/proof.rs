//! Proof copies (`build --proof`): problems are outlined in magenta on the pages
//! themselves, so that proofreaders see them where they are — a line wider than
//! its measure, an image under the job's resolution at its placed size — and
//! every page carries a "校正用 PROOF" mark in the slug, outside the trim, so that
//! a proof is never printed by mistake (the PDF writer also leaves out the PDF/X
//! identification). Crop marks are left out. Works on frames only; the print
//! files are never marked.

use crate::frame::{Colour, Document, Item, Rule};
use crate::units::{Point, Pt, Rect};

/// An image's effective resolution at its placed size: pixels ÷ placed inches
/// (PRINT.md).
pub fn effective_ppi(im: &crate::frame::Image) -> f64 {
    im.pixels.0 as f64 / (im.rect.w.0 / 72.0)
}

fn outline(r: Rect) -> Vec<Item> {
    let w = Pt(0.8);
    let (a, b, c, d) = (
        Point::new(r.x, r.y),
        Point::new(r.right(), r.y),
        Point::new(r.right(), r.bottom()),
        Point::new(r.x, r.bottom()),
    );
    [(a, b), (b, c), (c, d), (d, a)]
        .into_iter()
        .map(|(from, to)| Item::Rule(Rule { from, to, width: w, colour: Colour::Proof }))
        .collect()
}

/// Add proof marks to every page of a document; `print`: the job's
/// resolution thresholds ([`crate::model::layout::Print::min_ppi`]).
pub fn mark(doc: &mut Document, print: &crate::model::layout::Print) {
    for page in &mut doc.pages {
        let mut marks = Vec::new();
        for item in &page.items {
            match item {
                Item::Text(t) if t.content_end.0 > t.measure_end.0 + 0.05 => {
                    let top = t.origin.y - t.size * 0.88;
                    marks.extend(outline(Rect::new(
                        t.origin.x - Pt(1.0),
                        top - Pt(1.0),
                        t.content_end - t.origin.x + Pt(2.0),
                        t.size + Pt(2.0),
                    )));
                }
                Item::Image(im) if effective_ppi(im) < print.min_ppi(im.picture.colour) => {
                    marks.extend(outline(Rect::new(
                        im.rect.x - Pt(2.0),
                        im.rect.y - Pt(2.0),
                        im.rect.w + Pt(4.0),
                        im.rect.h + Pt(4.0),
                    )));
                }
                _ => {}
            }
        }
        page.items.extend(marks);
    }
}

/// The words of the proof mark: Japanese for the shop floor, English for anyone.
pub const PROOF_MARK: &str = "校正用 PROOF";

/// A proof mark on every page of a document: [`PROOF_MARK`] in the slug above
/// the trim (outside the bleed, where only crop marks would be), centred, in
/// Gothic, so that a proof is never mistaken for the print file. It is a
/// running-head line, and so written as a pagination artifact (ISO 32000-1
/// §14.8.2.2): no part of the page's content for readers.
pub fn mark_slug(doc: &mut Document, bleed: Pt, margin: Pt) {
    use crate::font::{FontBook, FontId};
    use crate::frame::{Glyph, Role, TextLine};
    let font = FontId::Gothic;
    let face = FontBook::get().face(font);
    // As large as the slug holds, 4 to 9 pt.
    let size = Pt((margin.0 * 0.6).clamp(4.0, 9.0));
    let mut glyphs = Vec::new();
    let mut x = Pt(0.0);
    for c in PROOF_MARK.chars() {
        let Some(id) = face.glyph_id(c) else { continue };
        let advance = size * face.advance(id);
        glyphs.push(Glyph { id, x, advance, text: c.to_string().as_str().into() });
        x += advance;
    }
    let width = x;
    for page in &mut doc.pages {
        // Baseline in the middle of the slug band above the bleed (y down, from
        // the trim's top edge).
        let baseline = Pt(0.0) - bleed - margin * 0.5 + size * 0.35;
        let left = (page.width - width) * 0.5;
        page.items.push(Item::Text(TextLine {
            font,
            size,
            origin: Point::new(left, baseline),
            glyphs: glyphs.clone(),
            role: Role::RunningHead,
            measure_end: left + width,
            justified: false,
            para_start: true,
            content_end: left + width,
            source: None,
            header: false,
            setting: None,
            relaxed: false,
        }));
    }
}
