//! The bridge from entry text to frame lines: runs the JLREQ composer on a
//! [`Text`] with a bundled face, turns its lines into [`TextLine`]s, and reports
//! characters the fonts cannot draw at the entry's file:line:column.

use crate::diag::{Diagnostic, Diagnostics, Message, SourceMap, Span};
use crate::font::{FontBook, FontId};
use crate::frame::{Glyph, Role, TextLine};
use crate::model::Text;
use crate::text::{self, Align, Fit, Settings, Shape};
use crate::units::{Point, Pt};

/// One paragraph's lines, before they are given a place on a page.
#[derive(Debug, Clone)]
pub struct SetLines {
    pub font: FontId,
    pub size: f64,
    pub lines: Vec<SetLine>,
}

#[derive(Debug, Clone)]
pub struct SetLine {
    pub glyphs: Vec<Glyph>,
    /// Start of the measure relative to the paragraph's left edge.
    pub measure: f64,
    pub justified: bool,
    pub fit: Fit,
    /// Where the composer ended the content, from the start of the measure.
    pub end: f64,
}

/// Composition context: fonts, sources (to locate problems) and diagnostics.
pub struct Composer<'a> {
    pub book: &'static FontBook,
    pub sources: &'a SourceMap,
    pub diags: &'a mut Diagnostics,
}

impl Composer<'_> {
    /// Compose `text` at `size` in `font` into lines of `shape`.
    pub fn set(&mut self, text: &Text, font: FontId, size: f64, shape: Shape, align: Align) -> SetLines {
        self.set_str(&text.value, Some(&text.span), font, size, shape, align)
    }

    /// Compose generated text (labels from the form, numbers) whose source is `span`.
    pub fn set_str(
        &mut self,
        value: &str,
        span: Option<&Span>,
        font: FontId,
        size: f64,
        shape: Shape,
        align: Align,
    ) -> SetLines {
        let face = self.book.face(font);
        let mut settings = Settings::new(size);
        settings.align = align;
        let composed = text::compose(value, shape, &settings, face);
        for m in &composed.missing {
            let span = span.map(|s| locate(self.sources, s, value, m.source_offset));
            self.diags.push(
                Diagnostic::error(
                    span,
                    "",
                    Message::new("layout.missing_glyph")
                        .arg("char", m.ch.to_string())
                        .arg("code", format!("U+{:04X}", m.ch as u32)),
                )
                .with_hint(Message::new("hint.missing_glyph")),
            );
        }
        let lines = composed
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| SetLine {
                glyphs: l
                    .glyphs
                    .iter()
                    .map(|g| Glyph {
                        id: g.id,
                        x: Pt(g.x),
                        advance: Pt(g.advance),
                        text: composed.text[g.text.clone()].to_string(),
                    })
                    .collect(),
                measure: shape.measure,
                justified: align == Align::Justify && i + 1 < composed.lines.len(),
                fit: l.fit,
                end: l.end,
            })
            .collect();
        SetLines { font, size, lines }
    }
}

impl SetLines {
    /// Turn into frame lines: the first baseline at `(x, y)`, then one `line_feed` apart.
    pub fn place(&self, x: f64, y: f64, line_feed: f64, role: Role, source: Option<&Span>) -> Vec<TextLine> {
        self.lines
            .iter()
            .enumerate()
            .map(|(i, l)| TextLine {
                font: self.font,
                size: Pt(self.size),
                origin: Point::new(Pt(x), Pt(y + i as f64 * line_feed)),
                glyphs: l.glyphs.clone(),
                role,
                measure_end: Pt(x + l.measure),
                justified: l.justified,
                content_end: Pt(x + l.end),
                source: source.cloned(),
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Width of the widest line's content.
    pub fn width(&self) -> f64 {
        self.lines.iter().filter_map(|l| l.glyphs.last().map(|g| g.x.0 + g.advance.0)).fold(0.0, f64::max)
    }
}

/// The span of one character of an entry's text: exact when the TOML string holds
/// the text literally (the usual case), else the whole value.
fn locate(sources: &SourceMap, span: &Span, value: &str, offset: usize) -> Span {
    let src = &sources.get(span.file).text;
    let raw = src.get(span.range.clone()).unwrap_or("");
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") { 3 } else { 1 };
    let inner_start = span.range.start + quote;
    if src.get(inner_start..).is_some_and(|s| s.starts_with(&value[..offset])) {
        let ch_len = value[offset..].chars().next().map_or(1, char::len_utf8);
        Span { file: span.file, range: inner_start + offset..inner_start + offset + ch_len }
    } else {
        span.clone()
    }
}
