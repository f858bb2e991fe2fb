//! The geometry of a cover spread (表紙, PRINT.md): 表4 | 背 | 表1 for a
//! left-bound book, 表1 | 背 | 表4 for a right-bound one, the spine (背) between
//! them as wide as the body is thick.

use crate::diag::{Diagnostic, Diagnostics, Message, SourceMap, Span};
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

/// The cover spread's sheet, with a spine computed from the page count, against
/// the largest page a PDF reader accepts (14,400 units, ISO 32000-1 Annex C,
/// [`crate::model::limits::MAX_PAGE_MM`]; issue #24). Loading the layout checks
/// the spread with a spine written as `print.spine_mm` (and two pages alone);
/// a spine computed from the paper's thickness is known only here, once the
/// booklet's pages are counted. Two pages, bleed and marks fit (the load check),
/// so what makes the sheet too wide is the spine: the error is at the layout's
/// `print.paper_thickness_mm`, the spine's size in its hint. Whether it fits.
pub fn check_spread_width(layout: &Layout, body_pages: usize, sources: &SourceMap, diags: &mut Diagnostics) -> bool {
    use crate::model::limits::MAX_PAGE_MM;
    if layout.print.spine_mm.is_some() {
        return true;
    }
    let p = &layout.print;
    let spine = spine_width(layout, body_pages).to_mm();
    let sheet = 2.0 * layout.page.width_mm + spine + 2.0 * (p.bleed_mm + p.mark_margin_mm);
    if sheet <= MAX_PAGE_MM {
        return true;
    }
    let mm = |v: f64| format!("{v:.2}").trim_end_matches('0').trim_end_matches('.').to_string();
    const FIELD: &str = "print.paper_thickness_mm";
    let message = Message::new("inputs.spread_too_large").arg("sheet", mm(sheet)).arg("max", mm(MAX_PAGE_MM));
    let hint = Message::new("limits2.spread_spine_hint")
        .arg("spine", mm(spine))
        .arg("pages", body_pages.to_string())
        .arg("paper", p.paper_thickness_mm.to_string())
        .arg("cover", p.cover_thickness_mm.to_string());
    let d = match layout_field(layout, sources, FIELD) {
        Some(span) => Diagnostic::error(Some(span), FIELD, message),
        None => Diagnostic::error(None, FIELD, message).in_file(layout.name.clone()),
    };
    diags.push(d.with_hint(hint));
    false
}

/// Where `dotted` (`print.paper_thickness_mm`) is written in the layout file
/// `layout` was read from: the source file that reads back as the same page
/// and print settings (the layout keeps no span; this runs only on an error).
fn layout_field(layout: &Layout, sources: &SourceMap, dotted: &str) -> Option<Span> {
    sources.iter().find_map(|(id, file)| {
        let same = toml::from_str::<Layout>(&file.text)
            .is_ok_and(|l| l.name == layout.name && l.page == layout.page && l.print == layout.print);
        if !same {
            return None;
        }
        let tree = toml::de::DeTable::parse(&file.text).ok()?;
        let mut table = tree.get_ref();
        let mut parts = dotted.split('.').peekable();
        while let Some(part) = parts.next() {
            let (_, value) = table.iter().find(|(k, _)| k.get_ref() == part)?;
            if parts.peek().is_none() {
                return Some(Span { file: id, range: value.span() });
            }
            table = match value.get_ref() {
                toml::de::DeValue::Table(t) => t,
                _ => return None,
            };
        }
        None
    })
}
