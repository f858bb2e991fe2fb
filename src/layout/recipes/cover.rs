//! The cover spread (表紙, PRINT.md): one page whose trimmed size is the whole
//! spread — 表4 | 背 | 表1 for a left-bound book, 表1 | 背 | 表4 for a right-bound
//! one — with the spine (背) width built in, and vertical text blocks (縦組み)
//! usable on any page.
//!
//! - Spine width = 2 × cover thickness + body paper thickness × body pages ÷ 2,
//!   from the page count of the booklet just built; the printer's figure
//!   (`print.spine_mm`) overrides it.
//! - The spine title (`edition.spine`) is set vertically, top to bottom (書き下げ),
//!   centred both ways on the spine, at most `sizes.spine` and small enough to keep
//!   `print.spine_clearance_mm` clear on each side and to fit the text block's
//!   height. A spine narrower than `print.spine_text_min_mm` gets no title and a
//!   warning.
//! - 表1 is the front cover of `cover.rs`; 表4 holds `edition.back_cover`.
//! - On the spread page `block` is the spine: the PDF writer draws spine marks at
//!   its folds with the crop marks.

use super::title_page::front_cover;
use crate::diag::{Diagnostic, Diagnostics, Message, SourceMap, Span};
use crate::font::vertical::VerticalFace;
use crate::font::{FontBook, FontId};
use crate::frame::{Document, Item, Meta, Page, PageKind, Role, Turn, VerticalColumn, VerticalGlyph};
use crate::layout::kit::Geometry;
use crate::layout::kit::compose::Composer;
use crate::model::{Layout, Loaded};
use crate::text::vertical::{self, Vertical, compose_vertical};
use crate::text::{Align, Settings, Shape};
use crate::units::{Point, Pt, Rect};

/// The spine width (背幅) of a body of `pages` pages.
pub fn spine_width(layout: &Layout, pages: usize) -> Pt {
    let p = &layout.print;
    Pt::from_mm(p.spine_mm.unwrap_or(2.0 * p.cover_thickness_mm + p.paper_thickness_mm * pages as f64 / 2.0))
}

/// Where the parts of a cover spread lie, x from the spread's left trim edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// One cover's trimmed width and height (the page size).
    pub panel_width: Pt,
    pub height: Pt,
    pub spine: Pt,
    /// Left edges of 表1, the spine and 表4.
    pub front_x: Pt,
    pub spine_x: Pt,
    pub back_x: Pt,
}

impl Spread {
    pub fn new(layout: &Layout, body_pages: usize) -> Spread {
        let panel_width = Pt::from_mm(layout.page.width_mm);
        let spine = spine_width(layout, body_pages);
        let (front_x, back_x) = if layout.print.side == crate::model::layout::Side::Right {
            (Pt::ZERO, panel_width + spine)
        } else {
            (panel_width + spine, Pt::ZERO)
        };
        Spread { panel_width, height: Pt::from_mm(layout.page.height_mm), spine, front_x, spine_x: panel_width, back_x }
    }

    /// The trimmed width of the spread: 2 × page width + spine.
    pub fn width(&self) -> Pt {
        self.panel_width * 2.0 + self.spine
    }

    /// The spine between its two folds.
    pub fn spine_rect(&self) -> Rect {
        Rect::new(self.spine_x, Pt::ZERO, self.spine, self.height)
    }
}

/// Lay out the cover spread for a booklet of `body_pages` pages.
pub fn cover_spread(loaded: &Loaded, body_pages: usize, sources: &SourceMap, diags: &mut Diagnostics) -> Document {
    let l = &loaded.layout;
    let e = &loaded.edition;
    let geo = Geometry::new(l);
    let spread = Spread::new(l, body_pages);
    let mut c = Composer { book: FontBook::get(), composition: loaded.layout.composition.clone(), sources, diags };
    let mut items = Vec::new();

    // 表1: the front cover, moved onto its panel.
    let front = front_cover(loaded, &geo, &mut c);
    for mut item in front.items {
        item.translate(spread.front_x, Pt::ZERO);
        items.push(item);
    }

    // 表4: the edition's back-cover lines, centred, their block ending where the
    // text block ends.
    let body = l.fonts.body;
    let size = l.sizes.cover_text;
    let lf = size * 1.5;
    let shape = Shape { measure: geo.block.w.0, first_indent: 0.0, rest_indent: 0.0 };
    let sets: Vec<_> = e.back_cover.iter().map(|t| (c.set(t, body, size, shape, Align::Center), t)).collect();
    let lines: usize = sets.iter().map(|(s, _)| s.len()).sum();
    let mut y = geo.block.bottom().0 - (lines.max(1) - 1) as f64 * lf;
    for (set, t) in &sets {
        for line in set.place(spread.back_x.0 + geo.block.x.0, y, lf, Role::Cover, Some(&t.span)) {
            items.push(Item::Text(line));
        }
        y += set.len() as f64 * lf;
    }

    // 背: the spine title.
    let spine = spread.spine_rect();
    let min = Pt::from_mm(l.print.spine_text_min_mm);
    if spread.spine.0 < min.0 - 1e-9 {
        c.diags.push(Diagnostic::warning(
            Some(e.spine.span.clone()),
            "spine",
            Message::new("cover.spine_too_narrow")
                .arg("width", format!("{:.2}", spread.spine.to_mm()))
                .arg("min", format!("{}", l.print.spine_text_min_mm)),
        ));
    } else {
        let clear = Pt::from_mm(l.print.spine_clearance_mm);
        let across = (spread.spine - clear * 2.0).0;
        let vertical = Vertical { tcy_max_digits: l.vertical.tcy_max_digits as usize };
        let f = l.fonts.cover_title;
        // Along the spine: the height of the text block, so the title keeps the
        // cover's margins at head and foot.
        let size = fitted_size(&e.spine.value, f, l.sizes.spine.min(across), geo.block.h.0, &vertical);
        if size > 0.0 {
            // One column, one em wide, on the spine's centre line.
            let centre = spine.x + spine.w / 2.0;
            let area = Rect::new(centre - Pt(size / 2.0), geo.block.y, Pt(size), geo.block.h);
            items.extend(vertical_block(
                &mut c,
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
        }
    }

    let page = Page { width: spread.width(), height: spread.height, kind: PageKind::Spread, block: spine, items };
    Document {
        meta: Meta {
            title: format!("{}{}", e.edition_text.value, e.title.value),
            subject: e.spine.value.clone(),
            author: e.organiser.name.value.replace('\u{3000}', ""),
            date: e.pdf_date(),
            language: "ja-JP".to_string(),
        },
        pages: vec![page],
        outline: Vec::new(),
    }
}

/// The largest size up to `max` at which `text` fits one column of `length` points.
fn fitted_size(text: &str, font: FontId, max: f64, length: f64, vertical: &Vertical) -> f64 {
    if max <= 0.0 {
        return 0.0;
    }
    // Composition scales with the size: measure the natural length at 1 pt.
    let mut settings = Settings::new(1.0);
    settings.align = Align::Start;
    let shape = Shape { measure: 1e9, first_indent: 0.0, rest_indent: 0.0 };
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
                        text: set.text[g.text.clone()].to_string(),
                    })
                    .collect(),
                role,
                measure_end: area.bottom(),
                content_start: area.y + Pt(col.start),
                content_end: area.y + Pt(col.end),
                source: span.cloned(),
            })
        })
        .collect()
}
