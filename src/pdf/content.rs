//! Page content: frames → printpdf operations. Our engine has placed every
//! glyph; here each one gets its own text matrix (`Tm`), so printpdf's own text
//! layout is never used. Coordinates are rounded to 1/1000 pt so output is stable.
//!
//! Vertical columns are drawn in Identity-H too (printpdf has no vertical writing
//! mode, PRINTPDF.md): every glyph is placed on its own, upright glyphs already in
//! their vertical forms, turned Latin with a rotated `Tm`. Each column is one
//! marked-content sequence `/Span << /ActualText (…) >> BDC … EMC` (ISO 32000-1
//! §14.9.4) holding the column's text, so that it extracts in reading order; the
//! `BDC`/`EMC` between columns also keeps printpdf from merging glyphs of two
//! columns that share a baseline into one `TJ`.

use super::PageFrame;
use super::fonts::Subset;
use super::marks;
use crate::font::FontId;
use crate::frame::{Colour, Item, Page, PageKind, Turn, VerticalColumn};
use printpdf::{
    Codepoint, Color, DictItem, Greyscale, Line, LinePoint, Op, PdfFontHandle, Point, Pt, TextItem, TextMatrix,
};
use std::collections::BTreeMap;

fn r(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

fn colour(c: Colour) -> Color {
    match c {
        // K-only black: DeviceGray, 0 = black (PRINT.md: never RGB black).
        Colour::Black(k) => Color::Greyscale(Greyscale { percent: r(1.0 - k), icc_profile: None }),
        Colour::Registration => Color::Cmyk(printpdf::Cmyk { c: 1.0, m: 1.0, y: 1.0, k: 1.0, icc_profile: None }),
        Colour::Proof => Color::Cmyk(printpdf::Cmyk { c: 0.0, m: 1.0, y: 0.0, k: 0.0, icc_profile: None }),
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
                let pagination = pagination(t.role);
                if let Some(properties) = &pagination {
                    ops.push(Op::BeginMarkedContentWithProperties {
                        tag: "Artifact".to_string(),
                        properties: properties.clone(),
                    });
                }
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFillColor { col: colour(Colour::Black(1.0)) });
                ops.push(Op::SetFont { font: PdfFontHandle::External(fid.clone()), size: Pt(r(t.size.0)) });
                // One Tm at the first glyph, then one TJ for the whole line: after each
                // glyph a kern number moves the pen from where the glyph's advance
                // left it to the next glyph's position (TJ numbers are −1/1000 em).
                if let Some(first) = t.glyphs.first() {
                    let p = to_pdf(t.origin.x.0 + first.x.0, t.origin.y.0);
                    ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(p.x, p.y) });
                }
                let size = t.size.0;
                let codepoints = t
                    .glyphs
                    .iter()
                    .enumerate()
                    .map(|(i, g)| {
                        let gid = sub.remap.get(&g.id).copied().unwrap_or(0);
                        let kern = t.glyphs.get(i + 1).map_or(0.0, |next| {
                            let gap = next.x.0 - (g.x.0 + g.advance.0);
                            ((-gap / size * 1000.0) * 1000.0).round() / 1000.0
                        });
                        Codepoint { gid, offset: kern as f32, cid: Some(g.text.clone()) }
                    })
                    .collect();
                ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(codepoints)] });
                ops.push(Op::EndTextSection);
                if pagination.is_some() {
                    ops.push(Op::EndMarkedContent);
                }
            }
            Item::Vertical(v) => {
                let (Some(sub), Some(fid)) = (subsets.get(&v.font), font_ids.get(&v.font)) else { continue };
                vertical_ops(&mut ops, v, sub, fid, &to_pdf, frame.actual_text);
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
                let Some(id) = images.get(&im.picture.path) else { continue };
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
        if page.kind == PageKind::Spread {
            // On a spread the block is the spine: its folds get marks too.
            ops.extend(marks::spine_marks(frame, page.block.x.0, page.block.right().0));
        }
    }
    ops
}

/// Folios and running heads are pagination artifacts (ISO 32000-1 §14.8.2.2.2:
/// `/Artifact << /Type /Pagination /Subtype /Footer >> BDC … EMC`): not part of
/// the page's content for readers, and what `sasshi diff` sets apart to tell a page
/// that only moved (its folio changed) from a page whose content changed.
fn pagination(role: crate::frame::Role) -> Option<DictItem> {
    let subtype: &[u8] = match role {
        crate::frame::Role::Folio => b"Footer",
        crate::frame::Role::RunningHead => b"Header",
        _ => return None,
    };
    Some(DictItem::Dict {
        map: BTreeMap::from([
            ("Type".to_string(), DictItem::Name(b"Pagination".to_vec())),
            ("Subtype".to_string(), DictItem::Name(subtype.to_vec())),
        ]),
    })
}

/// The marked-content property list `<< /ActualText (text) >>`, the text as
/// UTF-16BE with a byte order mark (a PDF text string, ISO 32000-1 §7.9.2.2).
fn actual_text(text: &str) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        data.extend(u.to_be_bytes());
    }
    DictItem::Dict { map: BTreeMap::from([("ActualText".to_string(), DictItem::String { data, literal: false })]) }
}

/// One vertical column: a `/Span` with its text as ActualText around a text
/// object that places every glyph with its own matrix.
fn vertical_ops(
    ops: &mut Vec<Op>,
    v: &VerticalColumn,
    sub: &Subset,
    fid: &printpdf::FontId,
    to_pdf: &dyn Fn(f64, f64) -> Point,
    with_actual_text: bool,
) {
    // /ActualText is PDF 1.5: a PDF/X-1a:2001 (PDF 1.3) file has the glyphs alone.
    if with_actual_text {
        ops.push(Op::BeginMarkedContentWithProperties { tag: "Span".to_string(), properties: actual_text(&v.text()) });
    }
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFillColor { col: colour(Colour::Black(1.0)) });
    ops.push(Op::SetFont { font: PdfFontHandle::External(fid.clone()), size: Pt(r(v.size.0)) });
    for g in &v.glyphs {
        let p = to_pdf(v.origin.x.0 + g.x.0, v.origin.y.0 + g.y.0);
        let matrix = match g.turn {
            Turn::Upright if g.scale == 1.0 => TextMatrix::Translate(p.x, p.y),
            // Tate-chu-yoko squeezed into one em.
            Turn::Upright => TextMatrix::Raw([r(g.scale), 0.0, 0.0, 1.0, p.x.0, p.y.0]),
            // 90° clockwise: the glyph's baseline runs down the page, its top faces right.
            Turn::Clockwise => TextMatrix::Raw([0.0, -1.0, 1.0, 0.0, p.x.0, p.y.0]),
        };
        ops.push(Op::SetTextMatrix { matrix });
        let gid = sub.remap.get(&g.id).copied().unwrap_or(0);
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint { gid, offset: 0.0, cid: Some(g.text.clone()) }])],
        });
    }
    ops.push(Op::EndTextSection);
    if with_actual_text {
        ops.push(Op::EndMarkedContent);
    }
}
