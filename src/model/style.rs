//! Styles: how each kind of block looks — font, size, line feed, space around it,
//! indents and alignment. A layout file sets only what it changes
//! (`[styles.paragraph] size = 9.5`); everything else comes from the defaults
//! below, which are the A4 booklet's. Units are chosen so that a style stays
//! right when the grid changes:
//! - `size` in points; `0` (the default of body text) means the grid's font size;
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

/// What a layout file may write for a style: any subset of the fields.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleOverride {
    pub font: Option<FontId>,
    pub size: Option<f64>,
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

/// A style under construction from its defaults.
fn base(font: FontId, size: f64) -> Style {
    Style {
        font,
        size,
        line_feed: 1.0,
        line_height: 1.5,
        space_before: 0.0,
        space_after: 0.0,
        indent: 0.0,
        first_line: 0.0,
        hanging: 0.0,
        level_step: 0.0,
        tabs: Vec::new(),
        label_gap: 0.0,
        measure: None,
        align: Align::Start,
        min_size: 0.0,
    }
}

impl Style {
    fn align(mut self, a: Align) -> Style {
        self.align = a;
        self
    }
    fn feed(mut self, lines: f64) -> Style {
        self.line_feed = lines;
        self
    }
    fn space(mut self, before: f64, after: f64) -> Style {
        self.space_before = before;
        self.space_after = after;
        self
    }
    fn indent(mut self, em: f64) -> Style {
        self.indent = em;
        self
    }
    fn height(mut self, em: f64) -> Style {
        self.line_height = em;
        self
    }

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
    /// The default style: the A4 booklet of 2006. A size of 0 is the grid's font
    /// size.
    fn default_style(self) -> Style {
        use Align::{Center, End, Justify};
        use FontId::{Gothic, GothicBold, Mincho};
        use StyleName as S;
        let body = 0.0;
        match self {
            S::Title => base(GothicBold, 36.0).align(Center).feed(3.0).space(6.0, 0.0),
            S::Subtitle => base(Mincho, 16.0).align(Center).feed(2.0),
            S::EditionText => base(GothicBold, 20.0).align(Center).feed(2.0).space(1.0, 0.0),
            S::Date => base(Mincho, 16.0).align(Center).feed(2.0).space(4.0, 0.0),
            S::Venue => base(Mincho, 16.0).align(Center).feed(2.0),
            S::Organiser => base(GothicBold, 16.0).align(Center).feed(2.0).space(3.0, 0.0),
            S::Address => base(Mincho, 11.0).align(Center).feed(0.0).height(1.5),
            S::Sponsor => {
                let mut s = base(Mincho, 11.0).feed(0.0).height(1.5).space(0.5, 0.0);
                s.measure = Some(32.0);
                s.min_size = 7.0;
                s
            }
            S::BackCover => base(Mincho, 11.0).align(Center).height(1.5),
            S::Spine => base(GothicBold, 14.0),
            S::OpeningTitle => base(GothicBold, 16.0).align(Center).feed(2.0).space(0.0, 1.0),
            S::PartTitle => base(GothicBold, 16.0).feed(2.0).space(2.0, 0.0),
            S::Heading => base(GothicBold, body),
            S::SectionHeading => {
                let mut s = base(GothicBold, body);
                s.hanging = 2.0;
                s
            }
            S::Subheading => base(Gothic, body),
            S::Paragraph => {
                let mut s = base(Mincho, body).align(Justify);
                s.first_line = 1.0;
                s.level_step = 2.0;
                s
            }
            S::Item => {
                let mut s = base(Mincho, body).align(Justify);
                s.level_step = 2.0;
                s.hanging = 1.0;
                s.label_gap = 0.5;
                s
            }
            S::Committee => {
                let mut s = base(Mincho, body).space(0.0, 1.0);
                s.tabs = vec![6.0, 12.0];
                s
            }
            S::CriteriaItem => {
                let mut s = base(Mincho, body).align(Justify).indent(1.0);
                s.hanging = 1.0;
                s.label_gap = 0.5;
                s
            }
            S::Facts => {
                let mut s = base(Gothic, 9.0).indent(2.0).space(0.0, 1.0);
                s.label_gap = 0.5;
                s
            }
            S::Table => base(Gothic, 9.0).height(1.5).space(0.0, 1.0),
            S::TableCaption => base(Gothic, 9.0).align(Center),
            S::Caption => base(Gothic, 9.0).align(Justify).height(1.5),
            S::FigureText => base(Gothic, 9.0).height(1.5).indent(1.0),
            S::Folio => base(Gothic, 9.0).align(Center),
            S::ListCategory => base(GothicBold, body).space(1.0, 0.0),
            S::ListAward => base(Gothic, body).indent(1.0),
            S::ListName => base(Mincho, body).indent(2.0),
            S::ListUrl => base(Gothic, 9.0).align(End).indent(2.0),
            S::ListNone => base(Mincho, body).indent(2.0),
            S::ProgrammeAward => base(GothicBold, 12.0).align(Center).feed(2.0),
            S::ProgrammeTitle => base(GothicBold, 16.0).align(Center).feed(2.0),
            S::ProgrammeVenue => base(Mincho, body).space(1.0, 1.0),
            S::ProgrammeTable => {
                let mut s = base(Mincho, 10.0).height(1.6);
                s.tabs = vec![2.5, 11.0, 8.5];
                s
            }
            S::DividerPart => base(GothicBold, 16.0).align(Center).space(6.0, 2.0),
            S::DividerCategory => base(GothicBold, 20.0).align(Center).space(0.0, 2.0),
            S::DividerDescription => base(Mincho, 11.5).align(Center),
            S::DividerAward => base(GothicBold, 16.0).align(Center).space(3.0, 2.0),
            S::DividerWinner => {
                let mut s = base(Mincho, 12.0).align(Center).space(0.0, 1.0).height(1.5);
                s.min_size = 5.25;
                s
            }
        }
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
            let mut s = name.default_style();
            if let Some(o) = overrides.get(&name) {
                macro_rules! take {
                    ($($f:ident),*) => { $( if let Some(v) = o.$f.clone() { s.$f = v; } )* };
                }
                take!(font, size, line_feed, line_height, space_before, space_after, indent, first_line, hanging);
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
        let overrides =
            BTreeMap::from([(StyleName::Paragraph, StyleOverride { size: Some(9.5), ..Default::default() })]);
        let styles = Styles::resolve(10.5, &overrides);
        assert_eq!(styles.get(StyleName::Paragraph).size, 9.5);
        assert_eq!(styles.get(StyleName::Paragraph).first_line, 1.0);
        assert_eq!(styles.get(StyleName::Item).size, 10.5);
        assert_eq!(styles.get(StyleName::Title).size, 36.0);
    }
}
