//! Layouts (`layouts/<name>.toml`): page size, kihon-hanmen, fonts and styles, and
//! the print settings. Layouts are written by designers, so they are read with
//! serde (first error reported, with its span); every field is documented in the
//! layout file itself.

use super::style::{StyleName, StyleOverride, Styles};
use crate::diag::{Diagnostic, Diagnostics, Message, SourceMap, Span};
use crate::text::{AsciiPunctuation, HeadBracket, Kinsoku};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub mod upgrade;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// The layout format the file is written in ([`upgrade::CURRENT`]; an older
    /// file is read through [`upgrade::upgrade`]).
    #[serde(default)]
    pub format: Option<i64>,
    pub name: String,
    pub page: PageSize,
    pub grid: Grid,
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
    /// How figures are sized; every field has a default.
    #[serde(default)]
    pub figures: Figures,
    /// The room of whole pages (cover, title page, dividers); every field has a default.
    #[serde(default)]
    pub whole_page: WholePage,
    /// The documents built, in this order (default: booklet, cover, programme).
    #[serde(default = "default_documents")]
    pub documents: Vec<DocumentKind>,
    /// What the layout file writes of each block kind's style.
    #[serde(default, rename = "styles")]
    pub style_overrides: BTreeMap<StyleName, StyleOverride>,
    /// Every style, resolved against the grid after loading.
    #[serde(skip)]
    pub styles: Styles,
}

/// A document a layout can make: the name of a recipe file in
/// `layout/recipes/` (build.rs lists every file that defines a recipe), written
/// in the layout's `documents` and to `out/<edition>/<name>.pdf`. A new kind is
/// its recipe file; nothing else names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentKind(&'static str);

mod documents {
    include!(concat!(env!("OUT_DIR"), "/documents.rs"));
}

#[allow(non_upper_case_globals)]
impl DocumentKind {
    /// 本文: title page, programme, front matter, winners list, dividers, profiles.
    pub const Booklet: DocumentKind = DocumentKind("booklet");
    /// 表紙: the spread 表4 | 背 | 表1, its spine from the booklet's page count.
    pub const Cover: DocumentKind = DocumentKind("cover");
    /// The ceremony-day handout: title page, programme, winners list.
    pub const Programme: DocumentKind = DocumentKind("programme");

    /// Every kind there is a recipe for, in name order.
    pub fn all() -> impl Iterator<Item = DocumentKind> {
        documents::DOCUMENTS.iter().map(|(name, _)| DocumentKind(name))
    }

    /// The kind a layout names, if there is a recipe for it.
    pub fn named(name: &str) -> Option<DocumentKind> {
        documents::DOCUMENTS.iter().find(|(n, _)| *n == name).map(|(n, _)| DocumentKind(n))
    }

    /// The name a layout writes (`"booklet"`).
    pub fn name(self) -> &'static str {
        self.0
    }

    /// The file the document is written to in `out/<edition>/`.
    pub fn file_name(self) -> &'static str {
        documents::DOCUMENTS.iter().find(|(n, _)| *n == self.0).map_or("", |(_, f)| f)
    }
}

impl<'de> Deserialize<'de> for DocumentKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        static NAMES: std::sync::LazyLock<Vec<&'static str>> =
            std::sync::LazyLock::new(|| documents::DOCUMENTS.iter().map(|(n, _)| *n).collect());
        DocumentKind::named(&name).ok_or_else(|| serde::de::Error::unknown_variant(&name, &NAMES))
    }
}

fn default_documents() -> Vec<DocumentKind> {
    vec![DocumentKind::Booklet, DocumentKind::Cover, DocumentKind::Programme]
}

/// How a figure's printed size is chosen when its entry does not say.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum FigureWidth {
    /// A fraction of the text block's width (0 < w ≤ 1).
    Fraction(f64),
    /// "natural": the image's pixels at `figures.ppi`, capped to the text block.
    Named(NaturalWidth),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NaturalWidth {
    Natural,
}

/// Figure sizing (PRINT.md: images at 300 ppi or more at their printed size).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Figures {
    /// The width of a figure whose entry gives none.
    pub width: FigureWidth,
    /// The resolution a "natural" width assumes.
    pub ppi: f64,
    /// No figure is taller than this fraction of the text block's height (a
    /// portrait photo is scaled down to it).
    pub max_height: f64,
}

impl Default for Figures {
    fn default() -> Self {
        Figures { width: FigureWidth::Fraction(0.45), ppi: 300.0, max_height: 0.5 }
    }
}

/// Divider and blank-page rules (JLREQ §2.6.3; PRINT.md: sections that must start
/// on a recto get a blank verso before them).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Structure {
    /// Where each divider page (扉) goes: "recto" (an odd page, a blank verso
    /// before it when needed), "verso" or "any" (the next page).
    pub divider_page: PageSide,
    /// Which dividers are printed as a leaf with a blank back (中扉の裏白): a
    /// blank page (白紙) follows them. `true` (every divider), `false` (none)
    /// or a list of category ids (`["I"]`: the dividers of category I only).
    pub blank_after_divider: BlankAfterDivider,
    /// Where the first profile after a divider starts (a blank page before it
    /// when needed): "verso" opens it on a spread.
    pub first_profile_page: PageSide,
    /// Where every other profile starts.
    pub profile_page: PageSide,
    /// Each section of the front matter (はじめに, 応募要項, 審査) starts a new
    /// page; else they run on. The winners list always starts a new page.
    pub front_matter_page_per_section: bool,
    /// An award level or category without winners: "omit" it, or "note" it in
    /// the winners list with the edition's `none_text` (default 「該当なし」).
    pub empty: Empty,
    /// A title page (扉) opens the booklet; without it the programme is page 1
    /// and the title is on the cover only.
    pub title_page: bool,
}

/// Which page of a spread something starts on. Page 1 of the booklet is a recto
/// (右ページ in left-bound books): rectos are the odd pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageSide {
    /// The next page, whichever side.
    Any,
    /// An odd page.
    Recto,
    /// An even page.
    Verso,
}

/// Which divider pages have a blank back (see `Structure::blank_after_divider`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlankAfterDivider {
    /// Every divider.
    Every,
    /// No divider.
    None,
    /// The dividers of these categories (by their `id` in edition.toml).
    Categories(Vec<String>),
}

impl BlankAfterDivider {
    /// Whether the divider of the category with this id is followed by a 白紙.
    pub fn after(&self, category_id: &str) -> bool {
        match self {
            BlankAfterDivider::Every => true,
            BlankAfterDivider::None => false,
            BlankAfterDivider::Categories(ids) => ids.iter().any(|id| id == category_id),
        }
    }
}

impl<'de> Deserialize<'de> for BlankAfterDivider {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = BlankAfterDivider;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false or a list of category ids such as [\"I\"]")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(if v { BlankAfterDivider::Every } else { BlankAfterDivider::None })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(BlankAfterDivider::Categories(ids))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// What to print for an award level or a category without winners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Empty {
    Omit,
    Note,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            divider_page: PageSide::Recto,
            blank_after_divider: BlankAfterDivider::Every,
            first_profile_page: PageSide::Any,
            profile_page: PageSide::Any,
            front_matter_page_per_section: false,
            empty: Empty::Note,
            title_page: true,
        }
    }
}

/// Line composition choices the JLREQ engine offers (JLREQ §3.1.5, §3.8.2,
/// Appendix C).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Composition {
    /// "loose", "strict" or "very-strict" (Appendix C levels 2, 3, 4).
    pub kinsoku: Kinsoku,
    /// Hang 、。 beyond the measure (burasage).
    pub burasage: bool,
    /// An opening bracket at the head of a wrapped line: "jis" (set flush) or
    /// "keep-blank".
    pub head_bracket: HeadBracket,
    /// ASCII brackets and punctuation in Japanese text: "western" (cl-27) or
    /// "jlreq" (their Japanese classes on a half- or full-width glyph).
    pub ascii_punctuation: AsciiPunctuation,
    /// ～ (U+FF5E) as the wave dash 〜 (true) or, as JLREQ lists it, Western.
    pub tilde_as_wave_dash: bool,
    /// No break between a numeral and the letter after it ("5A"); JLREQ allows one.
    pub keep_numeral_with_letter: bool,
    /// A line-end ・ gives up its ¼ em first when a line is reduced (JLREQ
    /// §3.1.12); off: its box stays inside the measure.
    pub reduce_line_end_middle_dot: bool,
    /// "50％" never broken, even at "loose" (true); false: JLREQ's level 2 break.
    pub keep_percent_with_numeral: bool,
    /// Hyphenate an English word at a line end where the line would otherwise
    /// open gaps wider than ½ em (`text::hyphenate`); never URLs, names, acronyms.
    pub hyphenate: bool,
}

impl Default for Composition {
    fn default() -> Self {
        let text = crate::text::Settings::new(0.0);
        Composition {
            kinsoku: Kinsoku::VeryStrict,
            burasage: false,
            head_bracket: HeadBracket::Jis,
            ascii_punctuation: text.ascii_punctuation,
            tilde_as_wave_dash: text.tilde_as_wave_dash,
            keep_numeral_with_letter: text.keep_numeral_with_letter,
            reduce_line_end_middle_dot: text.reduce_line_end_middle_dot,
            keep_percent_with_numeral: text.keep_percent_with_numeral,
            hyphenate: text.hyphenate,
        }
    }
}

impl Composition {
    /// The engine's settings for text of `size` points.
    pub fn settings(&self, size: f64) -> crate::text::Settings {
        let mut s = crate::text::Settings::new(size);
        s.kinsoku = self.kinsoku;
        s.burasage = self.burasage;
        s.head_bracket = self.head_bracket;
        s.ascii_punctuation = self.ascii_punctuation;
        s.tilde_as_wave_dash = self.tilde_as_wave_dash;
        s.keep_numeral_with_letter = self.keep_numeral_with_letter;
        s.reduce_line_end_middle_dot = self.reduce_line_end_middle_dot;
        s.keep_percent_with_numeral = self.keep_percent_with_numeral;
        s.hyphenate = self.hyphenate;
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

fn default_spine_clearance_mm() -> f64 {
    1.5
}

fn default_spine_text_min_mm() -> f64 {
    3.0
}

/// Whole pages — the cover's 表1 and 表4, the title page (扉), the divider
/// pages — are composed on their page, not on the body's text block (issue
/// #30): their room is the trimmed page less `margin_mm` on every side (and
/// never less than the text block). They start at the text block's head, as
/// the body pages do, and rise towards the margin only when they need the room;
/// their lines wrap at the text block's width, or `min_measure` ems of the grid
/// when that is wider (`layout/kit/page.rs`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct WholePage {
    /// The margin kept clear of text on every side of the trimmed page, in mm.
    pub margin_mm: f64,
    /// The narrowest measure whole-page lines wrap at (a style without a
    /// `measure` of its own), in ems of the grid; never wider than the room.
    pub min_measure: f64,
}

impl Default for WholePage {
    fn default() -> WholePage {
        // 15 mm: well inside the trim (5 mm of safety, PRINT.md, and as much
        // again for the eye; the shipped text blocks keep 26 mm or more).
        // 30 ems: the narrowest shipped text block (a5), so that the shipped
        // layouts' whole pages wrap where they always did.
        WholePage { margin_mm: 15.0, min_measure: 30.0 }
    }
}

impl WholePage {
    /// Whether the margin is one: 0 mm or more. (A margin of half the page or
    /// more leaves whole pages the text block; a page of no size is reported
    /// at its own field.)
    pub fn margin_ok(&self) -> bool {
        self.margin_mm >= 0.0 && self.margin_mm.is_finite()
    }
    /// Whether the measure is one: 1 to 500 ems (the grid's own bounds).
    pub fn measure_ok(&self) -> bool {
        (1.0..=500.0).contains(&self.min_measure)
    }
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
pub struct Folio {
    /// Distance of the folio's baseline below the text block, in mm.
    pub below_block_mm: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Print {
    pub bleed_mm: f64,
    /// "japanese" (double corner marks and centre marks) or "none" (boxes only).
    pub marks: Marks,
    /// Room around the bleed for the marks, in mm.
    pub mark_margin_mm: f64,
    pub mark_line_width_pt: f64,
    /// "pdf/x-4", "pdf/x-1a", "pdf/a-2u", "pdf/x-4+pdf/a-2u".
    pub standard: Standard,
    /// "perfect" (無線綴じ, page count a multiple of 2) or "saddle" (中綴じ, 4).
    pub binding: Binding,
    /// "left" (横書き, 左綴じ) or "right".
    pub side: Side,
    /// "gray" (1C: one ink, the default) or "cmyk" (4C). In 1C a colour image is
    /// converted to grey, with a warning naming its file.
    #[serde(default)]
    pub colour: Colour,
    pub paper_thickness_mm: f64,
    pub cover_thickness_mm: f64,
    /// The printer's spine width, overriding the computed one.
    #[serde(default)]
    pub spine_mm: Option<f64>,
    /// The page count's multiple when the printer asks for more than the
    /// binding's (2, 4, 8 or 16: 折 of 4, 8, 16 pages); blank pages at the end.
    #[serde(default)]
    pub page_multiple: Option<usize>,
    /// The papers' names for the job sheet (e.g. "コート 90kg", "カード 180kg").
    #[serde(default)]
    pub paper_name: Option<String>,
    #[serde(default)]
    pub cover_paper_name: Option<String>,
    /// Room kept clear on each side of the spine title, in mm (default 1).
    #[serde(default = "default_spine_clearance_mm")]
    pub spine_clearance_mm: f64,
    /// No spine title on a spine narrower than this, in mm (default 3): a warning.
    #[serde(default = "default_spine_text_min_mm")]
    pub spine_text_min_mm: f64,
    /// The printing condition the files are made for: "japan-color-2011-coated"
    /// (the default) or "fogra39". Its profile is the PDF/X OutputIntent and, in
    /// 4C, what colour images are converted to CMYK through.
    #[serde(default)]
    pub output_intent: OutputIntent,
    /// Total area coverage (C+M+Y+K) no converted image may exceed, in percent
    /// (default 320; a warning names the image, its page and its maximum).
    #[serde(default = "default_ink_limit_percent")]
    pub ink_limit_percent: f64,
    /// K-only black text set to overprint (スミのオーバープリント, PRINT.md): an
    /// ExtGState with `/OP true /op true /OPM 1` for black text only (default on).
    #[serde(default = "default_true")]
    pub overprint_black_text: bool,
    /// The effective resolution a 4C (CMYK) image must reach at its placed size,
    /// in ppi (default 350, what Japanese print shops ask of colour images).
    #[serde(default = "default_min_ppi_4c")]
    pub min_ppi_4c: f64,
    /// The same for a 1C (grey) image (default 300).
    #[serde(default = "default_min_ppi_1c")]
    pub min_ppi_1c: f64,
    /// A second page in cover.pdf: the inside of the cover (表2 | 背 | 表3 for
    /// a left-bound book), for print shops that print the inside of the cover;
    /// 表3 carries the colophon (奥付), 表2 and the spine stay blank
    /// (`layout/recipes/cover.rs`). Default off: the inside is left white, as
    /// the job sheet then says.
    #[serde(default)]
    pub inside_cover: bool,
}

fn default_ink_limit_percent() -> f64 {
    320.0
}

fn default_true() -> bool {
    true
}

fn default_min_ppi_4c() -> f64 {
    350.0
}

fn default_min_ppi_1c() -> f64 {
    300.0
}

impl Print {
    /// The effective resolution an image must reach, by the inks it prints
    /// with (PRINT.md: 350 ppi for colour images, 300 for 1C, each a setting):
    /// a colour image in a 4C job is 4C; a grey image, or any image of a 1C job
    /// (converted to grey), is 1C.
    pub fn min_ppi(&self, colour_image: bool) -> f64 {
        if self.colour == Colour::Cmyk && colour_image { self.min_ppi_4c } else { self.min_ppi_1c }
    }
}

/// The printing condition (印刷条件) the PDF/X OutputIntent names; each has a
/// CMYK profile shipped with its licence in `src/pdf/icc/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum OutputIntent {
    /// Japan Color 2011 Coated (ISO 12647-2 for Japanese sheet-fed offset on
    /// coated paper): what Japanese printers preflight against.
    #[default]
    #[serde(rename = "japan-color-2011-coated")]
    JapanColor2011Coated,
    /// Coated FOGRA39 (ISO 12647-2:2004, European coated offset).
    #[serde(rename = "fogra39")]
    Fogra39,
}

/// The PDF standard the output claims (the PDF writer applies what it requires:
/// `pdf::standard`). Layouts write the full names; the command line also takes
/// the short ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Standard {
    #[serde(rename = "pdf/x-4", alias = "x4")]
    X4,
    #[serde(rename = "pdf/x-1a", alias = "x1a", alias = "pdf/x-1a:2001")]
    X1a,
    #[serde(rename = "pdf/a-2u", alias = "a2u")]
    A2u,
    #[serde(rename = "pdf/x-4+pdf/a-2u", alias = "x4+a2u")]
    X4A2u,
}

/// Crop marks (トンボ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Marks {
    /// Double corner marks and centre marks in registration colour (日本式トンボ).
    Japanese,
    /// Page boxes only.
    None,
}

/// How the booklet is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Binding {
    /// 無線綴じ: leaves glued at the spine; pages in multiples of 2.
    Perfect,
    /// 中綴じ: folded sheets stapled; pages in multiples of 4.
    Saddle,
}

impl Binding {
    /// The page count must be a multiple of this.
    pub fn page_multiple(self) -> usize {
        match self {
            Binding::Perfect => 2,
            Binding::Saddle => 4,
        }
    }
}

/// Which edge is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// 左綴じ (horizontal text).
    Left,
    /// 右綴じ (vertical text).
    Right,
}

/// Inks the booklet is printed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Colour {
    /// 1C: black only; colour images are converted to grey (with a warning).
    #[default]
    Gray,
    /// 4C: process colours; images keep their colour.
    Cmyk,
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
}

impl Print {
    /// The page count is a multiple of this: the printer's `page_multiple`, else
    /// the binding's.
    pub fn page_multiple(&self) -> usize {
        self.page_multiple.unwrap_or_else(|| self.binding.page_multiple())
    }
}

impl Layout {
    /// Width of the text block: a whole number of ems (§2.4).
    pub fn measure(&self) -> f64 {
        self.grid.font_size * self.grid.chars_per_line as f64
    }
}

/// Reads and checks a layout file. `category_ids` are the edition's categories,
/// which the layout may name (`structure.blank_after_divider`). `roots`: the
/// folder the file must resolve into (`None`: a file named on the command line).
pub fn load_layout(
    path: &Path,
    base: &Path,
    roots: Option<&super::input::Roots>,
    category_ids: &[&str],
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Layout> {
    let file = super::read_source(path, base, roots, sources, diags)?;
    let (file, text) = current_format(file, sources, diags)?;
    match toml::from_str::<Layout>(&text) {
        Ok(mut l) => {
            let tree = toml::de::DeTable::parse(&text).ok();
            let shown = sources.get(file).shown.clone();
            // Each problem at the line of the field that causes it (in the file
            // when the field is not written there: a default).
            let at = |field: &str, message: Message| {
                let span = tree.as_ref().and_then(|t| field_span(t.get_ref(), field)).map(|range| Span { file, range });
                let d = Diagnostic::error(span, field.to_string(), message);
                if d.span.is_none() { d.in_file(shown.clone()) } else { d }
            };
            let range = |min: f64, max: f64| {
                Message::new("inputs.range_open").arg("min", format!("{min}")).arg("max", format!("{max}"))
            };
            // The grid and the page first: what is derived from them (every
            // style's size, whether the text block fits) is checked only when
            // they are valid, so that one wrong value gives one message.
            let grid_ok = {
                let g = &l.grid;
                let checks = [
                    (
                        "grid.font_size",
                        g.font_size > 0.0 && g.font_size <= MAX_GRID_FONT_SIZE,
                        range(0.0, MAX_GRID_FONT_SIZE),
                    ),
                    (
                        "grid.line_feed",
                        g.line_feed > 0.0 && g.line_feed <= MAX_GRID_LINE_FEED,
                        range(0.0, MAX_GRID_LINE_FEED),
                    ),
                    (
                        "grid.chars_per_line",
                        (1..=MAX_GRID_COUNT).contains(&g.chars_per_line),
                        Message::new("entry.out_of_range").arg("min", "1").arg("max", MAX_GRID_COUNT.to_string()),
                    ),
                    (
                        "grid.lines_per_page",
                        (1..=MAX_GRID_COUNT).contains(&g.lines_per_page),
                        Message::new("entry.out_of_range").arg("min", "1").arg("max", MAX_GRID_COUNT.to_string()),
                    ),
                ];
                let mut ok = true;
                for (field, valid, message) in checks {
                    if !valid {
                        diags.push(at(field, message));
                        ok = false;
                    }
                }
                ok
            };
            let page_ok = page_checks(&l, &at, diags);
            let em =
                if l.grid.font_size > 0.0 && l.grid.font_size <= MAX_GRID_FONT_SIZE { l.grid.font_size } else { 10.5 };
            l.styles = Styles::resolve(em, &l.style_overrides);
            for (style, field) in l.styles.problems() {
                let name = format!("{style:?}");
                diags.push(at(&format!("styles.{}.{field}", snake(&name)), Message::new("layout.invalid_value")));
            }
            // (No categories read — their errors are the edition's — leave
            // nothing to compare with, and the hint would list none.)
            if let BlankAfterDivider::Categories(ids) = &l.structure.blank_after_divider
                && !category_ids.is_empty()
            {
                for id in ids.iter().filter(|id| !category_ids.contains(&id.as_str())) {
                    let span = value_span(&text, "blank_after_divider", &format!("\"{id}\""))
                        .map(|range| Span { file, range });
                    diags.push(
                        Diagnostic::warning(
                            span,
                            "structure.blank_after_divider",
                            Message::new("layout.unknown_category").arg("id", id.clone()),
                        )
                        .with_hint(Message::new("hint.unknown_category").arg("ids", category_ids.join(", "))),
                    );
                }
            }
            for (field, ok) in [
                ("print.paper_thickness_mm", l.print.paper_thickness_mm > 0.0 && l.print.paper_thickness_mm < 1.0),
                ("print.cover_thickness_mm", l.print.cover_thickness_mm > 0.0 && l.print.cover_thickness_mm < 2.0),
                ("print.spine_mm", l.print.spine_mm.is_none_or(|w| w > 0.0 && w < 100.0)),
                (
                    "print.page_multiple",
                    l.print.page_multiple.is_none_or(|m| {
                        matches!(m, 2 | 4 | 8 | 16) && m.is_multiple_of(l.print.binding.page_multiple())
                    }),
                ),
                ("print.spine_clearance_mm", (0.0..10.0).contains(&l.print.spine_clearance_mm)),
                ("print.spine_text_min_mm", (0.0..100.0).contains(&l.print.spine_text_min_mm)),
                ("print.ink_limit_percent", (100.0..=400.0).contains(&l.print.ink_limit_percent)),
                ("print.min_ppi_4c", (72.0..=2400.0).contains(&l.print.min_ppi_4c)),
                ("print.min_ppi_1c", (72.0..=2400.0).contains(&l.print.min_ppi_1c)),
                ("figures.ppi", (72.0..=2400.0).contains(&l.figures.ppi)),
                ("figures.max_height", l.figures.max_height > 0.0 && l.figures.max_height <= 1.0),
                ("figures.width", !matches!(l.figures.width, FigureWidth::Fraction(w) if !(w > 0.0 && w <= 1.0))),
                (
                    "documents",
                    !l.documents.is_empty()
                        && (!l.documents.contains(&DocumentKind::Cover)
                            || l.documents.contains(&DocumentKind::Booklet)),
                ),
                ("vertical.tcy_max_digits", (1..=3).contains(&l.vertical.tcy_max_digits)),
                ("whole_page.margin_mm", l.whole_page.margin_ok()),
                ("whole_page.min_measure", l.whole_page.measure_ok()),
            ] {
                if !ok {
                    diags.push(at(field, Message::new("layout.invalid_value")));
                }
            }
            // The text block on the page, when both are valid.
            if grid_ok && page_ok {
                let mm = |pt: f64| format!("{:.1}", pt * crate::units::MM_PER_PT);
                let (block_w, block_h) = (l.measure(), l.grid.line_feed * f64::from(l.grid.lines_per_page));
                if block_w >= l.page.width_mm / crate::units::MM_PER_PT {
                    diags.push(at(
                        "grid.chars_per_line",
                        Message::new("inputs.block_wider")
                            .arg("block", mm(block_w))
                            .arg("page", format!("{}", l.page.width_mm)),
                    ));
                }
                if block_h >= l.page.height_mm / crate::units::MM_PER_PT {
                    diags.push(at(
                        "grid.lines_per_page",
                        Message::new("inputs.block_taller")
                            .arg("block", mm(block_h))
                            .arg("page", format!("{}", l.page.height_mm)),
                    ));
                }
            }
            Some(l)
        }
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            let field = key_at(&text, range.start);
            let span = Some(Span { file, range });
            let diagnostic = match unknown_variant(e.message()) {
                Some((value, allowed)) => Diagnostic::error(
                    span,
                    field,
                    Message::new("layout.unknown_value").arg("value", value).arg("allowed", allowed),
                ),
                // A mistake we know, in the reader's terms where it is (the same
                // explanations as an entry file's, issue #26); else the parser's
                // words, the common ones in the reader's language.
                None => match crate::model::syntax::explain(&text) {
                    Some(x) => Diagnostic::error(Some(Span { file, range: x.range }), "", x.message).with_hint(x.hint),
                    None => Diagnostic::error(
                        span,
                        "",
                        Message::new("layout.syntax").arg("detail", crate::model::parser_detail(e.message())),
                    ),
                },
            };
            diags.push(diagnostic);
            None
        }
    }
}

/// The layout's text in the current format: as written, or — for an older
/// layout — upgraded ([`upgrade::upgrade`]), with a warning at the top naming the
/// format it was read as and one at each old field naming what replaced it, and
/// the upgraded text added to the sources (later messages point into it: the
/// file `layout upgrade` would write). A field that cannot be read one way is an
/// error at its line, and the layout is not read.
pub fn current_format(
    file: crate::diag::FileId,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<(crate::diag::FileId, String)> {
    let text = sources.get(file).text.clone();
    let shown = sources.get(file).shown.clone();
    let up = match upgrade::upgrade(&text) {
        Ok(None) => return Some((file, text)),
        Ok(Some(up)) => up,
        Err(upgrade::FormatError::Unknown { written, at }) => {
            diags.push(
                Diagnostic::error(
                    Some(Span { file, range: at }),
                    "format",
                    Message::new("layout_format.unknown")
                        .arg("format", written)
                        .arg("current", upgrade::CURRENT.to_string()),
                )
                .with_hint(Message::new("layout_format.hint_unknown")),
            );
            return None;
        }
    };
    let top = Span { file, range: 0..text.find('\n').unwrap_or(text.len()) };
    diags.push(
        Diagnostic::warning(
            Some(top),
            "format",
            Message::new(if up.stated { "layout_format.older" } else { "layout_format.unstated" })
                .arg("format", up.from.to_string())
                .arg("current", upgrade::CURRENT.to_string()),
        )
        .with_hint(
            Message::new("layout_format.hint_upgrade")
                .arg("file", shown.clone())
                .arg("current", upgrade::CURRENT.to_string()),
        ),
    );
    for c in &up.changes {
        let span = c.at.clone().map(|range| Span { file, range });
        let d = Diagnostic::warning(
            span,
            c.field.clone(),
            Message::new("layout_format.changed").arg("field", c.field.clone()).arg("now", c.replacement.clone()),
        );
        diags.push(if d.span.is_none() { d.in_file(shown.clone()) } else { d });
    }
    for c in &up.ambiguous {
        let span = c.at.clone().map(|range| Span { file, range });
        let d = Diagnostic::error(
            span,
            c.field.clone(),
            Message::new("layout_format.ambiguous").arg("field", c.field.clone()).arg("now", c.replacement.clone()),
        )
        .with_hint(Message::new("layout_format.hint_ambiguous"));
        diags.push(if d.span.is_none() { d.in_file(shown.clone()) } else { d });
    }
    if !up.ambiguous.is_empty() {
        return None;
    }
    let path = sources.get(file).path.clone();
    let upgraded = sources.add(crate::diag::SourceFile::new(
        format!("{shown} (format {})", upgrade::CURRENT),
        path,
        up.text.clone(),
    ));
    Some((upgraded, up.text))
}

/// Largest grid font size, in points (a style's `size` has the same bound).
const MAX_GRID_FONT_SIZE: f64 = 200.0;
/// Largest grid line feed, in points.
const MAX_GRID_LINE_FEED: f64 = 400.0;
/// Most characters per line and lines per page of a grid.
const MAX_GRID_COUNT: u32 = 500;

/// The page size against what a PDF reader accepts ([`super::limits::MAX_PAGE_MM`],
/// PDF 1.7 Annex C): the trim, the MediaBox (trim, bleed and the room for crop
/// marks on each side) and the cover spread (two pages and the spine written in
/// the layout — a spine computed from the page count is added when the cover is
/// laid out). Reported at `page.width_mm` / `page.height_mm`, with the bleed
/// and margins checked too since they are part of the sheet. Whether all is
/// valid.
fn page_checks(l: &Layout, at: &dyn Fn(&str, Message) -> Diagnostic, diags: &mut Diagnostics) -> bool {
    use super::limits::{MAX_PAGE_MM, MIN_PAGE_MM};
    let mm = |v: f64| format!("{v:.2}").trim_end_matches('0').trim_end_matches('.').to_string();
    let mut ok = true;
    for (field, value, what) in
        [("page.width_mm", l.page.width_mm, "inputs.width"), ("page.height_mm", l.page.height_mm, "inputs.height")]
    {
        if !(MIN_PAGE_MM..=MAX_PAGE_MM).contains(&value) {
            diags.push(at(
                field,
                Message::new("inputs.page_size")
                    .arg("what", Message::new(what).render_key())
                    .arg("value", mm(value))
                    .arg("min", mm(MIN_PAGE_MM))
                    .arg("max", mm(MAX_PAGE_MM)),
            ));
            ok = false;
        }
    }
    for (field, value, max) in
        [("print.bleed_mm", l.print.bleed_mm, 20.0), ("print.mark_margin_mm", l.print.mark_margin_mm, 50.0)]
    {
        if !(0.0..=max).contains(&value) {
            diags.push(at(field, Message::new("entry.out_of_range").arg("min", "0").arg("max", mm(max))));
            ok = false;
        }
    }
    if !ok {
        return false;
    }
    let around = 2.0 * (l.print.bleed_mm + l.print.mark_margin_mm);
    let spread = if l.documents.contains(&DocumentKind::Cover) {
        2.0 * l.page.width_mm + l.print.spine_mm.unwrap_or(0.0)
    } else {
        l.page.width_mm
    };
    for (field, sheet, key) in [
        ("page.width_mm", l.page.width_mm + around, "inputs.media_too_large"),
        ("page.height_mm", l.page.height_mm + around, "inputs.media_too_large"),
        ("page.width_mm", spread + around, "inputs.spread_too_large"),
    ] {
        if sheet > MAX_PAGE_MM {
            diags.push(at(field, Message::new(key).arg("sheet", mm(sheet)).arg("max", mm(MAX_PAGE_MM))));
            ok = false;
            break;
        }
    }
    ok
}

/// Where the value of a dotted key (`page.width_mm`, `styles.heading.size`) is
/// written in a layout file, through the spanned tree.
fn field_span(root: &toml::de::DeTable, dotted: &str) -> Option<std::ops::Range<usize>> {
    let mut table = root;
    let mut parts = dotted.split('.').peekable();
    while let Some(part) = parts.next() {
        let (_, value) = table.iter().find(|(k, _)| k.get_ref() == part)?;
        if parts.peek().is_none() {
            return Some(value.span());
        }
        match value.get_ref() {
            toml::de::DeValue::Table(t) => table = t,
            _ => return None,
        }
    }
    None
}

/// Where `needle` is written in the value of the first line that sets `key`.
fn value_span(text: &str, key: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        if code.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
            && let Some(at) = code.find(needle)
        {
            return Some(offset + at..offset + at + needle.len());
        }
        offset += line.len();
    }
    None
}

/// "ListCategory" → "list_category": a style's name as a layout writes it.
fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The dotted key whose value starts at byte `at` of a TOML file ("print.binding"),
/// read from the line and the table header above it, for naming the field.
fn key_at(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let key = before[line_start..].split('=').next().unwrap_or("").trim();
    let table = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim());
    match table {
        Some(t) if !key.is_empty() => format!("{t}.{key}"),
        _ => key.to_string(),
    }
}

/// serde's message for an enumerated setting with a value outside its list —
/// "unknown variant `x`, expected one of `a`, `b`" (or "expected `a` or `b`") —
/// as the value and the allowed values, quoted as they are written in the file.
fn unknown_variant(message: &str) -> Option<(String, String)> {
    let rest = message.trim().strip_prefix("unknown variant `")?;
    let (value, expected) = rest.split_once("`, expected ")?;
    let allowed: Vec<String> =
        expected.trim_start_matches("one of ").split('`').skip(1).step_by(2).map(|v| format!("\"{v}\"")).collect();
    Some((value.to_string(), allowed.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::unknown_variant;

    #[test]
    fn unknown_variant_lists_the_allowed_values_as_written_in_a_layout() {
        let (value, allowed) =
            unknown_variant("unknown variant `saddel`, expected `perfect` or `saddle`").expect("recognised");
        assert_eq!(value, "saddel");
        assert_eq!(allowed, "\"perfect\", \"saddle\"");
        let (_, allowed) = unknown_variant("unknown variant `x`, expected one of `a`, `b`, `c`\n").expect("recognised");
        assert_eq!(allowed, "\"a\", \"b\", \"c\"");
        assert!(unknown_variant("invalid type: string, expected a number").is_none());
    }
}
