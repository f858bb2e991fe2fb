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
    /// Vertical text (the spine, vertical blocks); every field has a default.
    #[serde(default)]
    pub vertical: VerticalText,
    /// Line composition settings (JLREQ); every field has a default.
    #[serde(default)]
    pub composition: Composition,
    /// Where parts of the booklet start; every field has a default.
    #[serde(default)]
    pub structure: Structure,
}

/// Divider and blank-page rules (JLREQ §2.6.3; PRINT.md: sections that must start
/// on a recto get a blank verso before them).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Structure {
    /// Every divider page starts on a recto (an odd page).
    pub divider_on_recto: bool,
    /// A blank page (白紙) follows each divider.
    pub blank_after_divider: bool,
    /// Every profile starts on a recto (else on the next page).
    pub profile_on_recto: bool,
}

impl Default for Structure {
    fn default() -> Self {
        Structure { divider_on_recto: true, blank_after_divider: true, profile_on_recto: false }
    }
}

/// Line composition choices the JLREQ engine offers (JLREQ §3.1.5, §3.8.2,
/// Appendix C).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Composition {
    /// "loose", "strict" or "very-strict" (Appendix C levels 2, 3, 4).
    pub kinsoku: String,
    /// Hang 、。 beyond the measure (burasage).
    pub burasage: bool,
    /// An opening bracket at the head of a wrapped line: "jis" (set flush) or
    /// "keep-blank".
    pub head_bracket: String,
}

impl Default for Composition {
    fn default() -> Self {
        Composition { kinsoku: "very-strict".into(), burasage: false, head_bracket: "jis".into() }
    }
}

impl Composition {
    /// The engine's settings for text of `size` points.
    pub fn settings(&self, size: f64) -> crate::text::Settings {
        use crate::text::{HeadBracket, Kinsoku};
        let mut s = crate::text::Settings::new(size);
        s.kinsoku = match self.kinsoku.as_str() {
            "loose" => Kinsoku::Loose,
            "strict" => Kinsoku::Strict,
            _ => Kinsoku::VeryStrict,
        };
        s.burasage = self.burasage;
        s.head_bracket = if self.head_bracket == "keep-blank" { HeadBracket::KeepBlank } else { HeadBracket::Jis };
        s
    }
}

/// Vertical composition settings (JLREQ §3.2.5).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VerticalText {
    /// The longest number set tate-chu-yoko (縦中横): 1 (none) to 3; default 2.
    #[serde(default = "default_tcy_max_digits")]
    pub tcy_max_digits: u32,
}

impl Default for VerticalText {
    fn default() -> VerticalText {
        VerticalText { tcy_max_digits: default_tcy_max_digits() }
    }
}

fn default_tcy_max_digits() -> u32 {
    2
}

fn default_spine_size() -> f64 {
    14.0
}

fn default_spine_clearance_mm() -> f64 {
    1.0
}

fn default_spine_text_min_mm() -> f64 {
    3.0
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
    /// The largest size of the spine title; it is set smaller when the spine is
    /// narrow or the title long. Default 14.
    #[serde(default = "default_spine_size")]
    pub spine: f64,
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
    /// Room kept clear on each side of the spine title, in mm (default 1).
    #[serde(default = "default_spine_clearance_mm")]
    pub spine_clearance_mm: f64,
    /// No spine title on a spine narrower than this, in mm (default 3): a warning.
    #[serde(default = "default_spine_text_min_mm")]
    pub spine_text_min_mm: f64,
}

/// The PDF standard the output claims (the PDF writer applies what it requires).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    X4,
    X1a,
    A2u,
    X4A2u,
}

impl Standard {
    /// From a layout or command-line name: "pdf/x-4", "x4", "pdf/x-1a", "x1a",
    /// "pdf/a-2u", "a2u", "pdf/x-4+pdf/a-2u".
    pub fn parse(name: &str) -> Option<Standard> {
        match name.to_ascii_lowercase().replace("pdf/", "").replace('-', "").as_str() {
            "x4" => Some(Standard::X4),
            "x1a" | "x1a:2001" => Some(Standard::X1a),
            "a2u" => Some(Standard::A2u),
            "x4+a2u" | "a2u+x4" => Some(Standard::X4A2u),
            _ => None,
        }
    }
    pub fn header_version(self) -> &'static str {
        match self {
            Standard::X1a => "1.3",
            Standard::A2u => "1.7",
            Standard::X4 | Standard::X4A2u => "1.6",
        }
    }
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
                ("composition.kinsoku", matches!(l.composition.kinsoku.as_str(), "loose" | "strict" | "very-strict")),
                ("composition.head_bracket", matches!(l.composition.head_bracket.as_str(), "jis" | "keep-blank")),
                ("print.binding", matches!(l.print.binding.as_str(), "perfect" | "saddle")),
                ("print.side", matches!(l.print.side.as_str(), "left" | "right")),
                ("print.standard", Standard::parse(&l.print.standard).is_some()),
                ("print.paper_thickness_mm", l.print.paper_thickness_mm > 0.0 && l.print.paper_thickness_mm < 1.0),
                ("print.cover_thickness_mm", l.print.cover_thickness_mm > 0.0 && l.print.cover_thickness_mm < 2.0),
                ("print.spine_mm", l.print.spine_mm.is_none_or(|w| w > 0.0 && w < 100.0)),
                ("print.spine_clearance_mm", (0.0..10.0).contains(&l.print.spine_clearance_mm)),
                ("print.spine_text_min_mm", (0.0..100.0).contains(&l.print.spine_text_min_mm)),
                ("sizes.spine", l.sizes.spine > 0.0),
                ("vertical.tcy_max_digits", (1..=3).contains(&l.vertical.tcy_max_digits)),
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
