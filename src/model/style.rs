//! Styles: how each kind of block looks — font, size, line feed, space around it,
//! indents and alignment. A layout file sets only what it changes
//! (`[styles.paragraph] size = 9.5`); everything else comes from the defaults
//! of the base layout (`base_styles.toml`, carried by the binary), which are the
//! A4 booklet's. Units are chosen so that a style stays
//! right when the grid changes:
//! - `size` in points, or relative to the grid's font size (`"body"`, `0`,
//!   `"body+1.5"`) where that is what the size means;
//! - `line_feed`, `space_before`, `space_after` in grid lines (JLREQ §2.4: the
//!   kihon-hanmen's line pitch) — a heading of two lines is gyou-dori (§4.1.6);
//! - `indent`, `first_line`, `hanging`, `level_step`, `measure` in ems of the
//!   grid's font size (the text block is a whole number of them, §2.4);
//! - `line_height`, `tabs`, `label_gap` in ems of the style's own size: the
//!   lines of tables, captions and the title page sit off the grid.

use crate::font::FontId;
use crate::text::Align;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Every kind of block a layout styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StyleName {
    // The title page (表1 and the booklet's 扉).
    Title,
    Subtitle,
    EditionText,
    Date,
    Venue,
    Organiser,
    Address,
    Sponsor,
    // The back cover (表4) and the spine (背).
    BackCover,
    Spine,
    // Body text.
    OpeningTitle,
    PartTitle,
    Heading,
    SectionHeading,
    Subheading,
    Paragraph,
    Item,
    Committee,
    CriteriaItem,
    Facts,
    Table,
    TableCaption,
    Caption,
    FigureText,
    Folio,
    // The winners list.
    ListCategory,
    ListAward,
    ListName,
    ListUrl,
    ListNone,
    // The programme.
    ProgrammeAward,
    ProgrammeTitle,
    ProgrammeVenue,
    ProgrammeTable,
    // Divider pages (扉) before each category and award.
    DividerPart,
    DividerCategory,
    DividerDescription,
    DividerAward,
    DividerWinner,
}

/// A resolved style: every field has its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub font: FontId,
    /// Points.
    pub size: f64,
    /// Grid lines each line of the block takes; 0: off the grid, `line_height`
    /// apart (the title page's small print).
    pub line_feed: f64,
    /// Baseline to baseline of off-grid lines, in ems of `size`.
    pub line_height: f64,
    /// Grid lines before and after the block.
    pub space_before: f64,
    pub space_after: f64,
    /// Left indent of the block, in grid ems.
    pub indent: f64,
    /// Extra indent of a paragraph's first line, in grid ems (§3.5.1).
    pub first_line: f64,
    /// Indent of the lines after the first, in grid ems.
    pub hanging: f64,
    /// Indent per nesting level, in grid ems.
    pub level_step: f64,
    /// Column starts or widths, in ems of `size`.
    pub tabs: Vec<f64>,
    /// Room between a label and its text, in ems of `size`.
    pub label_gap: f64,
    /// The block's own measure, in grid ems, centred in the text block; `None`:
    /// the text block's.
    pub measure: Option<f64>,
    pub align: Align,
    /// The smallest size the block may be set in when it does not fit (points);
    /// equal to `size`: it never shrinks.
    pub min_size: f64,
}

/// A style's size as a layout writes it: points, or relative to the grid's font
/// size where that is what the size means (the body's size, or a heading a point
/// and a half above it: `"body"`, `"body+1.5"`, `"body-0.5"`). `0` is the body
/// size too, as it always was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Size {
    Points(f64),
    /// The grid's font size plus this many points.
    Body(f64),
}

impl Size {
    /// The size in points on a grid of `em` points (0: the body size).
    pub fn at(self, em: f64) -> f64 {
        match self {
            Size::Points(p) if p <= 0.0 => em,
            Size::Points(p) => p,
            Size::Body(offset) => em + offset,
        }
    }

    /// `"body"`, `"body+1.5"`, `"body - 0.5"` (spaces allowed around the sign).
    pub fn parse(text: &str) -> Option<Size> {
        let rest: String = text.trim().strip_prefix("body")?.chars().filter(|c| !c.is_whitespace()).collect();
        if rest.is_empty() {
            return Some(Size::Body(0.0));
        }
        let (sign, number) = match rest.split_at(1) {
            ("+", n) => (1.0, n),
            ("-", n) | ("−", n) => (-1.0, n),
            _ => return None,
        };
        let n: f64 = number.parse().ok().filter(|n: &f64| n.is_finite())?;
        Some(Size::Body(sign * n))
    }
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Size;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a size in points, or \"body\", \"body+1.5\", \"body-0.5\" (the grid's font size and points)",
                )
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Size, E> {
                Ok(Size::Points(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Size, E> {
                Ok(Size::Points(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Size, E> {
                Ok(Size::Points(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Size, E> {
                Size::parse(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// What a layout file may write for a style: any subset of the fields.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleOverride {
    pub font: Option<FontId>,
    pub size: Option<Size>,
    pub line_feed: Option<f64>,
    pub line_height: Option<f64>,
    pub space_before: Option<f64>,
    pub space_after: Option<f64>,
    pub indent: Option<f64>,
    pub first_line: Option<f64>,
    pub hanging: Option<f64>,
    pub level_step: Option<f64>,
    pub tabs: Option<Vec<f64>>,
    pub label_gap: Option<f64>,
    pub measure: Option<f64>,
    pub align: Option<Align>,
    pub min_size: Option<f64>,
}

/// The base layout's styles (`src/model/base_styles.toml`, carried by the
/// binary): `[every_style]`, and each kind's font, size and what differs.
const BASE_STYLES: &str = include_str!("base_styles.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BaseFile {
    every_style: StyleOverride,
    styles: BTreeMap<StyleName, StyleOverride>,
}

/// Each kind's base style, unresolved (sizes relative to the grid), read once.
fn base_styles() -> &'static [(Style, Size); StyleName::ALL.len()] {
    static BASE: std::sync::LazyLock<[(Style, Size); StyleName::ALL.len()]> = std::sync::LazyLock::new(|| {
        let file: BaseFile = toml::from_str(BASE_STYLES).expect("src/model/base_styles.toml is a valid base layout");
        StyleName::ALL.map(|name| {
            let own = file.styles.get(&name).unwrap_or_else(|| panic!("base_styles.toml has no [styles] for {name:?}"));
            let e = &file.every_style;
            let pick = |own: Option<f64>, every: Option<f64>| own.or(every).expect("every field has a base value");
            let style = Style {
                font: own.font.expect("each base style names its font"),
                size: 0.0,
                line_feed: pick(own.line_feed, e.line_feed),
                line_height: pick(own.line_height, e.line_height),
                space_before: pick(own.space_before, e.space_before),
                space_after: pick(own.space_after, e.space_after),
                indent: pick(own.indent, e.indent),
                first_line: pick(own.first_line, e.first_line),
                hanging: pick(own.hanging, e.hanging),
                level_step: pick(own.level_step, e.level_step),
                tabs: own.tabs.clone().or(e.tabs.clone()).expect("tabs has a base value"),
                label_gap: pick(own.label_gap, e.label_gap),
                measure: own.measure,
                align: own.align.or(e.align).expect("align has a base value"),
                min_size: own.min_size.unwrap_or(0.0),
            };
            (style, own.size.expect("each base style gives its size"))
        })
    });
    &BASE
}

impl Style {
    /// The style's size in points for a grid of `em` points.
    fn resolved(mut self, em: f64) -> Style {
        if self.size <= 0.0 {
            self.size = em;
        }
        if self.min_size <= 0.0 || self.min_size > self.size {
            self.min_size = self.size;
        }
        self
    }
}

impl StyleName {
    /// The base layout's style of this kind and its size as written there (the
    /// A4 booklet's looks; sizes relative to the grid where they mean it).
    pub fn base(self) -> (&'static Style, Size) {
        let (style, size) = &base_styles()[self as usize];
        (style, *size)
    }

    /// The name as a layout writes it: `list_category`.
    pub fn key(self) -> String {
        let camel = format!("{self:?}");
        let mut out = String::new();
        for (i, c) in camel.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    pub const ALL: [StyleName; 39] = {
        use StyleName as S;
        [
            S::Title,
            S::Subtitle,
            S::EditionText,
            S::Date,
            S::Venue,
            S::Organiser,
            S::Address,
            S::Sponsor,
            S::BackCover,
            S::Spine,
            S::OpeningTitle,
            S::PartTitle,
            S::Heading,
            S::SectionHeading,
            S::Subheading,
            S::Paragraph,
            S::Item,
            S::Committee,
            S::CriteriaItem,
            S::Facts,
            S::Table,
            S::TableCaption,
            S::Caption,
            S::FigureText,
            S::Folio,
            S::ListCategory,
            S::ListAward,
            S::ListName,
            S::ListUrl,
            S::ListNone,
            S::ProgrammeAward,
            S::ProgrammeTitle,
            S::ProgrammeVenue,
            S::ProgrammeTable,
            S::DividerPart,
            S::DividerCategory,
            S::DividerDescription,
            S::DividerAward,
            S::DividerWinner,
        ]
    };
}

/// Every style of a layout, resolved against its grid: one per [`StyleName`], in
/// the order of [`StyleName::ALL`] (the declaration order), so that every kind
/// has its style by construction.
#[derive(Debug, Clone, PartialEq)]
pub struct Styles {
    styles: [Style; StyleName::ALL.len()],
}

impl Default for Styles {
    /// The defaults on the A4 grid; a loaded layout resolves its own.
    fn default() -> Styles {
        Styles::resolve(10.5, &BTreeMap::new())
    }
}

impl Styles {
    /// The defaults overridden by what the layout file writes, for a grid whose
    /// font size is `em` points.
    pub fn resolve(em: f64, overrides: &BTreeMap<StyleName, StyleOverride>) -> Styles {
        let styles = StyleName::ALL.map(|name| {
            let (base, size) = name.base();
            let mut s = base.clone();
            s.size = size.at(em);
            if let Some(o) = overrides.get(&name) {
                macro_rules! take {
                    ($($f:ident),*) => { $( if let Some(v) = o.$f.clone() { s.$f = v; } )* };
                }
                if let Some(size) = o.size {
                    s.size = size.at(em);
                }
                take!(font, line_feed, line_height, space_before, space_after, indent, first_line, hanging);
                take!(level_step, tabs, label_gap, align, min_size);
                if o.measure.is_some() {
                    s.measure = o.measure;
                }
                // A size written without a min_size never shrinks.
                if o.size.is_some() && o.min_size.is_none() {
                    s.min_size = 0.0;
                }
            }
            s.resolved(em)
        });
        Styles { styles }
    }

    /// The style of a block kind.
    pub fn get(&self, name: StyleName) -> &Style {
        &self.styles[name as usize]
    }

    /// Values that cannot be set: (style, field) of each.
    pub fn problems(&self) -> Vec<(StyleName, &'static str)> {
        let mut out = Vec::new();
        for (name, s) in StyleName::ALL.iter().zip(&self.styles) {
            let checks = [
                ("size", s.size > 0.0 && s.size <= 200.0),
                ("min_size", s.min_size > 0.0 && s.min_size <= s.size),
                ("line_feed", (0.0..=20.0).contains(&s.line_feed)),
                ("line_height", s.line_height >= 1.0 && s.line_height <= 5.0),
                ("space_before", (0.0..=60.0).contains(&s.space_before)),
                ("space_after", (0.0..=60.0).contains(&s.space_after)),
                ("indent", (0.0..=60.0).contains(&s.indent)),
                ("first_line", (0.0..=10.0).contains(&s.first_line)),
                ("hanging", (0.0..=20.0).contains(&s.hanging)),
                ("level_step", (0.0..=10.0).contains(&s.level_step)),
                ("tabs", s.tabs.iter().all(|t| *t > 0.0 && *t <= 100.0)),
                ("label_gap", (0.0..=5.0).contains(&s.label_gap)),
                ("measure", s.measure.is_none_or(|m| m > 0.0 && m <= 100.0)),
            ];
            out.extend(checks.into_iter().filter(|(_, ok)| !ok).map(|(field, _)| (*name, field)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_style_names_are_in_declaration_order() {
        for (i, name) in StyleName::ALL.iter().enumerate() {
            assert_eq!(*name as usize, i, "{name:?}");
        }
    }

    #[test]
    fn a_layout_override_changes_only_its_style_and_fields() {
        let overrides = BTreeMap::from([(
            StyleName::Paragraph,
            StyleOverride { size: Some(Size::Points(9.5)), ..Default::default() },
        )]);
        let styles = Styles::resolve(10.5, &overrides);
        assert_eq!(styles.get(StyleName::Paragraph).size, 9.5);
        assert_eq!(styles.get(StyleName::Paragraph).first_line, 1.0);
        assert_eq!(styles.get(StyleName::Item).size, 10.5);
        assert_eq!(styles.get(StyleName::Title).size, 36.0);
    }

    #[test]
    fn the_base_layout_gives_every_style_and_the_a4_booklets_sizes() {
        let a4 = Styles::resolve(10.5, &BTreeMap::new());
        for name in StyleName::ALL {
            assert!(a4.get(name).size > 0.0, "{name:?}");
        }
        assert_eq!(a4.get(StyleName::Title).size, 36.0);
        assert_eq!(a4.get(StyleName::ProgrammeAward).size, 12.0);
        assert_eq!(a4.get(StyleName::ProgrammeTable).size, 10.0);
        assert_eq!(a4.get(StyleName::DividerDescription).size, 11.5);
        assert_eq!((a4.get(StyleName::DividerWinner).size, a4.get(StyleName::DividerWinner).min_size), (12.0, 5.25));
        assert!(a4.problems().is_empty(), "{:?}", a4.problems());
    }

    #[test]
    fn sizes_relative_to_the_grid_follow_it_and_fixed_ones_do_not() {
        let b5 = Styles::resolve(9.5, &BTreeMap::new());
        assert_eq!(b5.get(StyleName::ProgrammeAward).size, 11.0, "body + 1.5");
        assert_eq!(b5.get(StyleName::ProgrammeTable).size, 9.0, "body - 0.5");
        assert_eq!(b5.get(StyleName::DividerDescription).size, 10.5, "body + 1");
        assert_eq!(b5.get(StyleName::Paragraph).size, 9.5, "body");
        assert_eq!(b5.get(StyleName::Title).size, 36.0, "points");
    }

    #[test]
    fn a_size_is_points_or_the_body_and_points() {
        assert_eq!(Size::parse("body"), Some(Size::Body(0.0)));
        assert_eq!(Size::parse("body+1.5"), Some(Size::Body(1.5)));
        assert_eq!(Size::parse(" body - 0.5 "), Some(Size::Body(-0.5)));
        assert_eq!(Size::parse("body*2"), None);
        assert_eq!(Size::parse("12"), None);
        let o: StyleOverride = toml::from_str("size = \"body+2\"").unwrap();
        assert_eq!(o.size.map(|s| s.at(9.0)), Some(11.0));
        let o: StyleOverride = toml::from_str("size = 0").unwrap();
        assert_eq!(o.size.map(|s| s.at(9.0)), Some(9.0));
        assert!(toml::from_str::<StyleOverride>("size = \"large\"").is_err());
    }
}
