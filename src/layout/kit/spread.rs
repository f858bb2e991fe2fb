//! The geometry of a cover spread (表紙, PRINT.md): 表4 | 背 | 表1 for a
//! left-bound book, 表1 | 背 | 表4 for a right-bound one, the spine (背) between
//! them as wide as the body is thick.

use crate::model::Layout;
use crate::model::layout::Side;
use crate::units::{Pt, Rect};

/// The spine width (背幅) of a body of `pages` pages: 2 × cover thickness + body
/// paper thickness × leaves (pages ÷ 2); the printer's figure overrides it.
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
        let (front_x, back_x) = if layout.print.side == Side::Right {
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

    /// Whether the spine is as wide as the layout's `print.spine_text_min_mm`
    /// (to 1e-9 pt: a spine computed to exactly the minimum holds a title).
    pub fn spine_holds_title(&self, layout: &Layout) -> bool {
        self.spine.0 >= Pt::from_mm(layout.print.spine_text_min_mm).0 - 1e-9
    }

    /// The room across the spine for its title, the layout's
    /// `print.spine_clearance_mm` kept clear on each side.
    pub fn spine_across(&self, layout: &Layout) -> Pt {
        self.spine - Pt::from_mm(layout.print.spine_clearance_mm) * 2.0
    }

    /// The spine title's column: one em wide on the spine's centre line, as long
    /// as the text block is high (the cover's margins at head and foot).
    pub fn spine_column(&self, size: Pt, block: Rect) -> Rect {
        let centre = self.spine_x + self.spine / 2.0;
        Rect::new(centre - size / 2.0, block.y, size, block.h)
    }

    /// The spine between its two folds.
    pub fn spine_rect(&self) -> Rect {
        Rect::new(self.spine_x, Pt::ZERO, self.spine, self.height)
    }
}
