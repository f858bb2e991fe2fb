//! Layouts (`layouts/<name>.toml`): page size, kihon-hanmen, fonts and styles, and
//! the print settings. Layouts are written by designers, so they are read with
//! serde (first error reported, with its span); every field is documented in the
//! layout file itself.

use crate::diag::{Diagnostic, Diagnostics, Message, SourceMap, Span};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub name: String,
    pub page: PageSize,
    pub grid: Grid,
    pub fonts: Fonts,
    pub sizes: Sizes,
    pub folio: Folio,
    pub print: Print,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageSize {
    pub width_mm: f64,
    pub height_mm: f64,
}

/// Kihon-hanmen (JLREQ §2.4): font size × characters per line × lines per page ×
/// line feed, centred on the page.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    pub font_size: f64,
    pub chars_per_line: u32,
    pub lines_per_page: u32,
    /// Baseline to baseline, in points.
    pub line_feed: f64,
    /// Shift of the text block from the page centre, in mm (positive: down / towards the spine).
    #[serde(default)]
    pub offset_y_mm: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    pub body: String,
    pub heading: String,
    pub table: String,
    pub caption: String,
    pub cover_title: String,
}

/// Font sizes in points for each kind of text.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    pub cover_title: f64,
    pub cover_subtitle: f64,
    pub cover_edition: f64,
    pub cover_text: f64,
    pub part_title: f64,
    pub heading: f64,
    pub table: f64,
    pub caption: f64,
    pub folio: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Folio {
    /// Distance of the folio's baseline below the text block, in mm.
    pub below_block_mm: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Print {
    pub bleed_mm: f64,
    /// "japanese" (double corner marks and centre marks) or "none" (boxes only).
    pub marks: String,
    /// Room around the bleed for the marks, in mm.
    pub mark_margin_mm: f64,
    pub mark_line_width_pt: f64,
    /// "pdf/x-4", "pdf/x-1a", "pdf/a-2u".
    pub standard: String,
    /// "perfect" (無線綴じ, page count a multiple of 2) or "saddle" (中綴じ, 4).
    pub binding: String,
    /// "left" (横書き, 左綴じ) or "right".
    pub side: String,
    pub paper_thickness_mm: f64,
    pub cover_thickness_mm: f64,
    /// The printer's spine width, overriding the computed one.
    #[serde(default)]
    pub spine_mm: Option<f64>,
}

impl Layout {
    /// Width of the text block: a whole number of ems (§2.4).
    pub fn measure(&self) -> f64 {
        self.grid.font_size * self.grid.chars_per_line as f64
    }
}

pub fn load_layout(path: &Path, base: &Path, sources: &mut SourceMap, diags: &mut Diagnostics) -> Option<Layout> {
    let file = super::read_source(path, base, sources, diags)?;
    let text = sources.get(file).text.clone();
    match toml::from_str::<Layout>(&text) {
        Ok(l) => {
            let bad = |field: &str| {
                Diagnostic::error(None, field.to_string(), Message::new("layout.invalid_value"))
                    .in_file(sources.get(file).shown.clone())
            };
            for (field, ok) in [
                ("fonts.body", crate::font::FontId::from_name(&l.fonts.body).is_some()),
                ("fonts.heading", crate::font::FontId::from_name(&l.fonts.heading).is_some()),
                ("fonts.table", crate::font::FontId::from_name(&l.fonts.table).is_some()),
                ("fonts.caption", crate::font::FontId::from_name(&l.fonts.caption).is_some()),
                ("fonts.cover_title", crate::font::FontId::from_name(&l.fonts.cover_title).is_some()),
                ("print.marks", matches!(l.print.marks.as_str(), "japanese" | "none")),
                ("print.binding", matches!(l.print.binding.as_str(), "perfect" | "saddle")),
                ("print.side", matches!(l.print.side.as_str(), "left" | "right")),
                ("print.standard", matches!(l.print.standard.as_str(), "pdf/x-4" | "pdf/x-1a" | "pdf/a-2u")),
                (
                    "grid",
                    l.measure() < l.page.width_mm / crate::units::MM_PER_PT
                        && l.grid.line_feed * f64::from(l.grid.lines_per_page)
                            < l.page.height_mm / crate::units::MM_PER_PT,
                ),
            ] {
                if !ok {
                    diags.push(bad(field));
                }
            }
            Some(l)
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                Some(Span { file, range: e.span().unwrap_or(0..0) }),
                "",
                Message::new("layout.syntax").arg("detail", e.message().trim().to_string()),
            ));
            None
        }
    }
}
