//! Vertical text (縦組み, JLREQ §3.2–§3.4) placed on a page: a block of columns
//! from right to left, and the size at which a title fills one column.

use super::compose::Composer;
use crate::diag::Span;
use crate::font::FontId;
use crate::font::vertical::VerticalFace;
use crate::frame::{Item, Role, Setting, SettingRef, Turn, VerticalColumn, VerticalGlyph};
use crate::text::vertical::{self, Vertical, compose_vertical};
use crate::text::{Align, Settings, Shape};
use crate::units::{Point, Pt, Rect};

/// The largest size up to `max` at which `text` fits one column of `length` points.
pub fn fitted_size(text: &str, font: FontId, max: f64, length: f64, vertical: &Vertical) -> f64 {
    if max <= 0.0 {
        return 0.0;
    }
    // Composition scales with the size: measure the natural length at 1 pt.
    let mut settings = Settings::new(1.0);
    settings.align = Align::Start;
    let shape = Shape { measure: super::UNBOUNDED_MEASURE, first_indent: 0.0, rest_indent: 0.0 };
    let set = compose_vertical(text, shape, &settings, vertical, VerticalFace::get(font));
    let natural = set.columns.iter().map(|c| c.end - c.start).fold(0.0, f64::max);
    if natural <= 0.0 { max } else { max.min(length / natural) }
}

/// Set `value` vertically in `area`: columns from right to left, `pitch` points
/// apart (centre to centre), each as long as the area is high, the first one's
/// em box against the area's right edge. Characters the font lacks are reported
/// at `span` like horizontal text's.
#[allow(clippy::too_many_arguments)]
pub fn vertical_block(
    c: &mut Composer,
    value: &str,
    span: Option<&Span>,
    font: FontId,
    size: f64,
    pitch: f64,
    area: Rect,
    align: Align,
    vertical: &Vertical,
    role: Role,
) -> Vec<Item> {
    let mut settings = c.composition.settings(size);
    settings.align = align;
    let shape = Shape { measure: area.h.0, first_indent: 0.0, rest_indent: 0.0 };
    let set = compose_vertical(value, shape, &settings, vertical, VerticalFace::get(font));
    c.report_missing(&set.missing, value, span);
    let setting = SettingRef(std::sync::Arc::new(Setting::new(set.text.clone(), value, span)));
    // With `size` wider than the area, the column is centred on it instead.
    let first_x = if area.w.0 >= size { area.right().0 - size / 2.0 } else { area.x.0 + area.w.0 / 2.0 };
    set.columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            Item::Vertical(VerticalColumn {
                font,
                size: Pt(size),
                origin: Point::new(Pt(first_x - i as f64 * pitch), area.y),
                glyphs: col
                    .glyphs
                    .iter()
                    .map(|g| VerticalGlyph {
                        id: g.id,
                        x: Pt(g.x),
                        y: Pt(g.y),
                        turn: match g.turn {
                            vertical::Turn::Upright => Turn::Upright,
                            vertical::Turn::Clockwise => Turn::Clockwise,
                        },
                        scale: g.scale,
                        top: Pt(g.top),
                        advance: Pt(g.advance),
                        text: set.text[g.text.clone()].into(),
                    })
                    .collect(),
                role,
                measure_end: area.bottom(),
                content_start: area.y + Pt(col.start),
                content_end: area.y + Pt(col.end),
                source: span.cloned(),
                setting: Some(setting.clone()),
                structure: None,
            })
        })
        .collect()
}
