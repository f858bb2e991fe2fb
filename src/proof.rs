//! Proof copies (`build --proof`): problems are outlined in magenta on the pages
//! themselves, so that proofreaders see them where they are — a line wider than
//! its measure, an image under 300 ppi at its placed size. Crop marks are left
//! out. Works on frames only; the print files are never marked.

use crate::frame::{Colour, Document, Item, Rule};
use crate::units::{Point, Pt, Rect};

/// Effective resolution PRINT.md asks of placed images.
pub const MIN_PPI: f64 = 300.0;

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

/// Add proof marks to every page of a document.
pub fn mark(doc: &mut Document) {
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
                Item::Image(im) => {
                    let ppi = im.pixels.0 as f64 / (im.rect.w.0 / 72.0);
                    if ppi < MIN_PPI {
                        marks.extend(outline(Rect::new(
                            im.rect.x - Pt(2.0),
                            im.rect.y - Pt(2.0),
                            im.rect.w + Pt(4.0),
                            im.rect.h + Pt(4.0),
                        )));
                    }
                }
                _ => {}
            }
        }
        page.items.extend(marks);
    }
}
