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
use super::tags::{ArtifactKind, Mark};
use crate::font::FontId;
use crate::frame::{Colour, Item, Page, PageKind, Role, Turn, VerticalColumn};
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
    marks: Option<&[Mark]>,
) -> Vec<Op> {
    let mut ops = Vec::new();
    let ox = frame.offset;
    let top = frame.media_height - frame.offset;
    let to_pdf = |x: f64, y: f64| Point { x: Pt(r(ox + x)), y: Pt(r(top - y)) };
    for (k, item) in page.items.iter().enumerate() {
        // Tagged: every item in its marked-content sequence (tags.rs); untagged
        // (PDF/X-1a), folios and running heads still as pagination artifacts.
        let mark = match marks {
            Some(m) => m.get(k).cloned(),
            None => match item {
                Item::Text(t) if matches!(t.role, Role::Folio | Role::RunningHead) => {
                    Some(Mark::Artifact(ArtifactKind::Pagination { header: t.role == Role::RunningHead }))
                }
                _ => None,
            },
        };
        let begin = mark.as_ref().map(|m| match (m, item) {
            (Mark::Artifact(kind), _) => {
                Op::BeginMarkedContentWithProperties { tag: "Artifact".to_string(), properties: artifact(*kind) }
            }
            // A vertical column keeps its /Span with the column's text as ActualText.
            (Mark::Content { mcid, .. }, Item::Vertical(v)) => Op::BeginMarkedContentWithProperties {
                tag: "Span".to_string(),
                properties: actual_text(&v.text(), Some(*mcid)),
            },
            (Mark::Content { tag, mcid }, _) => Op::BeginMarkedContentWithProperties {
                tag: tag.to_string(),
                properties: DictItem::Dict { map: BTreeMap::from([("MCID".to_string(), DictItem::Int(*mcid as i64))]) },
            },
        });
        if let Some(op) = begin {
            ops.push(op);
        }
        match item {
            Item::Text(t) => {
                let (Some(sub), Some(fid)) = (subsets.get(&t.font), font_ids.get(&t.font)) else {
                    if mark.is_some() {
                        ops.push(Op::EndMarkedContent);
                    }
                    continue;
                };
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
            }
            Item::Vertical(v) => {
                if let (Some(sub), Some(fid)) = (subsets.get(&v.font), font_ids.get(&v.font)) {
                    // Untagged, the column is its own /Span with ActualText (not in
                    // PDF/X-1a); tagged, the mark above is that /Span.
                    vertical_ops(&mut ops, v, sub, fid, &to_pdf, frame.actual_text && marks.is_none());
                }
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
                let Some(id) = images.get(&im.picture.path) else {
                    if mark.is_some() {
                        ops.push(Op::EndMarkedContent);
                    }
                    continue;
                };
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
        if mark.is_some() {
            ops.push(Op::EndMarkedContent);
        }
    }
    if frame.marks {
        // Crop marks are the printer's production aids: page artifacts (§14.8.2.2.1).
        if marks.is_some() {
            ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Artifact".to_string(),
                properties: DictItem::Dict {
                    map: BTreeMap::from([("Type".to_string(), DictItem::Name(b"Page".to_vec()))]),
                },
            });
        }
        ops.extend(marks::crop_marks(frame));
        if page.kind == PageKind::Spread {
            // On a spread the block is the spine: its folds get marks too.
            ops.extend(marks::spine_marks(frame, page.block.x.0, page.block.right().0));
        }
        if marks.is_some() {
            ops.push(Op::EndMarkedContent);
        }
    }
    ops
}

/// An artifact's property list. Folios and running heads are pagination
/// artifacts (ISO 32000-1 §14.8.2.2.2: `/Artifact << /Type /Pagination /Subtype
/// /Footer >> BDC … EMC`): not part of the page's content for readers, and what
/// `sasshi diff` sets apart to tell a page that only moved (its folio changed)
/// from a page whose content changed. Rules and fills are layout artifacts.
fn artifact(kind: ArtifactKind) -> DictItem {
    let map = match kind {
        ArtifactKind::Pagination { header } => BTreeMap::from([
            ("Type".to_string(), DictItem::Name(b"Pagination".to_vec())),
            ("Subtype".to_string(), DictItem::Name(if header { b"Header".to_vec() } else { b"Footer".to_vec() })),
        ]),
        ArtifactKind::Layout => BTreeMap::from([("Type".to_string(), DictItem::Name(b"Layout".to_vec()))]),
    };
    DictItem::Dict { map }
}

/// The marked-content property list `<< /ActualText (text) >>` (with the MCID
/// when tagged), the text as UTF-16BE with a byte order mark (a PDF text string,
/// ISO 32000-1 §7.9.2.2).
fn actual_text(text: &str, mcid: Option<usize>) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        data.extend(u.to_be_bytes());
    }
    let mut map = BTreeMap::from([("ActualText".to_string(), DictItem::String { data, literal: false })]);
    if let Some(m) = mcid {
        map.insert("MCID".to_string(), DictItem::Int(m as i64));
    }
    DictItem::Dict { map }
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
        ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Span".to_string(),
            properties: actual_text(&v.text(), None),
        });
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
