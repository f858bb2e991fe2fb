//! Page content: frames → printpdf operations. Our engine has placed every
//! glyph; here each one gets its own text matrix (`Tm`), so printpdf's own text
//! layout is never used. Coordinates are rounded to 1/1000 pt so output is stable.

use super::PageFrame;
use super::fonts::Subset;
use super::marks;
use crate::font::FontId;
use crate::frame::{Colour, Item, Page};
use printpdf::{Codepoint, Color, Greyscale, Line, LinePoint, Op, PdfFontHandle, Point, Pt, TextItem, TextMatrix};
use std::collections::BTreeMap;

fn r(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

fn colour(c: Colour) -> Color {
    match c {
        // K-only black: DeviceGray, 0 = black (PRINT.md: never RGB black).
        Colour::Black(k) => Color::Greyscale(Greyscale { percent: r(1.0 - k), icc_profile: None }),
        Colour::Registration => Color::Cmyk(printpdf::Cmyk { c: 1.0, m: 1.0, y: 1.0, k: 1.0, icc_profile: None }),
    }
}

/// The operations of one page. `font_ids` names each font's resource.
pub fn page_ops(
    page: &Page,
    frame: &PageFrame,
    subsets: &BTreeMap<FontId, Subset>,
    font_ids: &BTreeMap<FontId, printpdf::FontId>,
    images: &BTreeMap<std::path::PathBuf, printpdf::XObjectId>,
) -> Vec<Op> {
    let mut ops = Vec::new();
    let ox = frame.offset;
    let top = frame.media_height - frame.offset;
    let to_pdf = |x: f64, y: f64| Point { x: Pt(r(ox + x)), y: Pt(r(top - y)) };
    for item in &page.items {
        match item {
            Item::Text(t) => {
                let (Some(sub), Some(fid)) = (subsets.get(&t.font), font_ids.get(&t.font)) else { continue };
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFillColor { col: colour(Colour::Black(1.0)) });
                ops.push(Op::SetFont { font: PdfFontHandle::External(fid.clone()), size: Pt(r(t.size.0)) });
                for g in &t.glyphs {
                    let p = to_pdf(t.origin.x.0 + g.x.0, t.origin.y.0);
                    ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(p.x, p.y) });
                    let gid = sub.remap.get(&g.id).copied().unwrap_or(0);
                    ops.push(Op::ShowText {
                        items: vec![TextItem::GlyphIds(vec![Codepoint {
                            gid,
                            offset: 0.0,
                            cid: Some(g.text.clone()),
                        }])],
                    });
                }
                ops.push(Op::EndTextSection);
            }
            Item::Rule(rule) => {
                ops.push(Op::SetOutlineColor { col: colour(rule.colour) });
                ops.push(Op::SetOutlineThickness { pt: Pt(r(rule.width.0)) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint { p: to_pdf(rule.from.x.0, rule.from.y.0), bezier: false },
                            LinePoint { p: to_pdf(rule.to.x.0, rule.to.y.0), bezier: false },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Image(im) => {
                let Some(id) = images.get(&im.path) else { continue };
                let p = to_pdf(im.rect.x.0, im.rect.bottom().0);
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetTransformationMatrix {
                    matrix: printpdf::CurTransMat::Raw([r(im.rect.w.0), 0.0, 0.0, r(im.rect.h.0), p.x.0, p.y.0]),
                });
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: printpdf::XObjectTransform { no_auto_scale: true, ..Default::default() },
                });
                ops.push(Op::RestoreGraphicsState);
            }
            Item::Fill(f) => {
                ops.push(Op::SetFillColor { col: colour(f.colour) });
                let a = to_pdf(f.rect.x.0, f.rect.y.0);
                let b = to_pdf(f.rect.right().0, f.rect.bottom().0);
                ops.push(Op::DrawPolygon {
                    polygon: printpdf::Polygon {
                        rings: vec![printpdf::PolygonRing {
                            points: [(a.x, a.y), (b.x, a.y), (b.x, b.y), (a.x, b.y)]
                                .iter()
                                .map(|&(x, y)| LinePoint { p: Point { x, y }, bezier: false })
                                .collect(),
                        }],
                        mode: printpdf::PaintMode::Fill,
                        winding_order: printpdf::WindingOrder::NonZero,
                    },
                });
            }
        }
    }
    if frame.marks {
        ops.extend(marks::crop_marks(frame));
    }
    ops
}
