//! Page geometry from the layout: trim size, the text block (kihon-hanmen,
//! JLREQ §2.4) centred on the page, and the frame of whole pages (the page
//! less its margins, issue #30).

use crate::model::Layout;
use crate::units::{Pt, Rect};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: Pt,
    pub height: Pt,
    /// The text block.
    pub block: Rect,
    /// Where whole pages (cover faces, title page, dividers) may set text: the
    /// trimmed page less `whole_page.margin_mm` on every side, and never less
    /// than the text block — the body grid is where body text runs, not the
    /// room of a page composed on its own.
    pub frame: Rect,
    pub font_size: f64,
    pub line_feed: f64,
}

/// Where the baseline sits in a line's em box: the ideographic em box runs from
/// 0.88 em above the baseline to 0.12 em below (BIZ UD's ascent/descent).
pub const BASELINE_IN_EM_BOX: f64 = 0.88;

impl Geometry {
    pub fn new(layout: &Layout) -> Geometry {
        let width = Pt::from_mm(layout.page.width_mm);
        let height = Pt::from_mm(layout.page.height_mm);
        let measure = Pt(layout.measure());
        // The block's height: n lines of one em, n−1 gaps.
        let block_h = Pt(layout.grid.line_feed * (layout.grid.lines_per_page - 1) as f64 + layout.grid.font_size);
        let x = (width - measure) / 2.0;
        let y = (height - block_h) / 2.0 + Pt::from_mm(layout.grid.offset_y_mm);
        let block = Rect::new(x, y, measure, block_h);
        // (A margin of half the page or more leaves the text block.)
        let margin = Pt::from_mm(layout.whole_page.margin_mm).min(width.min(height) / 2.0);
        let (left, top) = (margin.0.min(block.x.0), margin.0.min(block.y.0));
        let (right, bottom) = ((width - margin).0.max(block.right().0), (height - margin).0.max(block.bottom().0));
        Geometry {
            width,
            height,
            block,
            frame: Rect::new(Pt(left), Pt(top), Pt(right - left), Pt(bottom - top)),
            font_size: layout.grid.font_size,
            line_feed: layout.grid.line_feed,
        }
    }

    /// Baseline of grid line `n` (0-based) of the text block.
    pub fn baseline(&self, n: usize) -> f64 {
        self.block.y.0 + n as f64 * self.line_feed + BASELINE_IN_EM_BOX * self.font_size
    }
}
