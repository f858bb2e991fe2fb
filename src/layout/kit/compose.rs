//! The bridge from entry text to frame lines: runs the JLREQ composer on a
//! [`Text`] with a bundled face, turns its lines into [`TextLine`]s, and reports
//! characters the fonts cannot draw at the entry's file:line:column.

use crate::diag::{Diagnostic, Diagnostics, Message, SourceMap, Span};
use crate::font::{FontBook, FontId};
use crate::frame::{Glyph, Role, Setting, SettingRef, TextLine};
use crate::model::Text;
use crate::text::{self, Align, Fit, Shape};
use crate::units::{MM_PER_PT, Point, Pt};
use std::sync::Arc;

/// One paragraph's lines, before they are given a place on a page.
#[derive(Debug, Clone)]
pub struct SetLines {
    pub font: FontId,
    pub size: f64,
    pub lines: Vec<SetLine>,
    /// What the lines were set from: each placed line refers to it, and the
    /// ledger (`layout::ledger`) checks that the lines give it back whole.
    pub setting: Arc<Setting>,
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
    /// The line's head was relaxed to kinsoku level 3 (`text::Line::relaxed`).
    pub relaxed: bool,
    /// The line ends inside a word wider than the measure (`text::Line::in_word`).
    pub in_word: bool,
    /// The last glyph is an added hyphen (`text::Line::hyphenated`).
    pub hyphenated: bool,
}

/// Work done, counted rather than timed, so that a test can hold growth linear
/// whatever the machine (the performance issue's work-count test).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Characters composed (every text, every time it is set).
    pub characters: usize,
    /// Break candidates the line breaker examined (JLREQ §3.8.2).
    pub break_candidates: usize,
    /// Lines composed.
    pub lines: usize,
    /// Steps of the paginator: blocks placed and blocks looked ahead at for keeps.
    pub paginator_steps: usize,
}

impl Work {
    /// Add another composer's work.
    pub fn add(&mut self, other: Work) {
        self.characters += other.characters;
        self.break_candidates += other.break_candidates;
        self.lines += other.lines;
        self.paginator_steps += other.paginator_steps;
    }
}

/// Flow composed apart (on another thread) with what its composition said, to be
/// taken into the document where it belongs, so that the diagnostics come in
/// the same order as if it had been composed there.
pub struct Prepared {
    pub flow: Vec<super::flow::Flow>,
    diagnostics: Vec<Diagnostic>,
    pending: Vec<Pending>,
    work: Work,
}

impl Prepared {
    /// Append the flow to `out` and its diagnostics, pending warnings and work
    /// to `c`.
    pub fn take_into(self, c: &mut Composer, out: &mut Vec<super::flow::Flow>) {
        out.extend(self.flow);
        for d in self.diagnostics {
            // A character the fonts lack, reported at the same place by the
            // composer that set the field before: once (`report_missing`).
            if d.message.key == "layout.missing_glyph"
                && c.diags
                    .items
                    .iter()
                    .any(|x| x.message.key == d.message.key && x.span == d.span && x.message.args == d.message.args)
            {
                continue;
            }
            c.diags.push(d);
        }
        c.pending.extend(self.pending);
        c.work.add(self.work);
    }
}

/// Compose independent pieces (the winners' profiles) on all cores: worker `t`
/// of `T` takes pieces t, t + T, …, each with a composer of its own; the results
/// come back in the pieces' order, so the output is the same as composing them
/// one after another.
pub fn prepare_in_parallel<T: Sync>(
    c: &Composer,
    pieces: &[T],
    make: impl Fn(&mut Composer, &T, &mut Vec<super::flow::Flow>) + Sync,
) -> Vec<Prepared> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, pieces.len().max(1));
    let (composition, sources) = (&c.composition, c.sources);
    let run = |t: usize| -> Vec<(usize, Prepared)> {
        (t..pieces.len())
            .step_by(workers)
            .map(|i| {
                let mut diags = Diagnostics::default();
                let mut flow = Vec::new();
                let (pending, work) = {
                    let mut own = Composer::new(composition.clone(), sources, &mut diags);
                    make(&mut own, &pieces[i], &mut flow);
                    (own.pending, own.work)
                };
                (i, Prepared { flow, diagnostics: diags.items, pending, work })
            })
            .collect()
    };
    let mut done: Vec<(usize, Prepared)> = if workers == 1 {
        run(0)
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers).map(|t| s.spawn(move || run(t))).collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        })
    };
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, p)| p).collect()
}

/// A warning about a composed line that names the page it is printed on: held
/// until pagination has placed the line (a text composed only to be measured, or
/// never printed, is never reported).
#[derive(Debug, Clone)]
pub struct Pending {
    pub diagnostic: Diagnostic,
    /// The text the line was set from.
    pub source: Span,
    /// What the line shows, to find it on its page.
    pub line: String,
}

/// Composition context: fonts, sources (to locate problems) and diagnostics.
pub struct Composer<'a> {
    /// What composition has cost so far.
    pub work: Work,
    /// Warnings waiting for the page of their line (`layout::report_pending`).
    pub pending: Vec<Pending>,
    pub book: &'static FontBook,
    /// The layout's composition settings (kinsoku level, burasage, head bracket).
    pub composition: crate::model::layout::Composition,
    pub sources: &'a SourceMap,
    pub diags: &'a mut Diagnostics,
}

impl<'a> Composer<'a> {
    /// A composer with the bundled fonts and the layout's composition settings.
    pub fn new(
        composition: crate::model::layout::Composition,
        sources: &'a SourceMap,
        diags: &'a mut Diagnostics,
    ) -> Composer<'a> {
        Composer { work: Work::default(), pending: Vec::new(), book: FontBook::get(), composition, sources, diags }
    }

    /// Report the characters no bundled font can draw (not even the names face,
    /// `font` module), each at its place in the entry (horizontal and vertical
    /// text alike): never a blank or a tofu box. A field is set more than once
    /// (measured, then set in the booklet and the programme): one error per
    /// character and place, and one for a text with no place of its own (a
    /// heading made from the field) only when the character has none elsewhere.
    pub fn report_missing(&mut self, missing: &[text::MissingGlyph], value: &str, span: Option<&Span>) {
        for m in missing {
            let at = span.map(|s| locate(self.sources, s, value, m.source_offset));
            let code = format!("U+{:04X}", m.ch as u32);
            let same = |d: &Diagnostic| {
                d.message.key == "layout.missing_glyph"
                    && d.message.args.iter().any(|(n, v)| *n == "code" && *v == code)
            };
            if self.diags.items.iter().any(|d| same(d) && (d.span == at || at.is_none())) {
                continue;
            }
            if at.is_some() {
                self.diags.items.retain(|d| !(same(d) && d.span.is_none()));
            }
            self.diags.push(
                Diagnostic::error(
                    at,
                    "",
                    Message::new("layout.missing_glyph").arg("char", m.ch.to_string()).arg("code", code),
                )
                .with_hint(missing_hint(m.ch)),
            );
        }
    }

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
        self.set_str_words(value, span, font, size, shape, align, false)
    }

    /// [`Composer::set_str`], breaking between words when `keep_words` (narrow
    /// measures: table cells, the programme, a figure's words; `text::words`).
    #[allow(clippy::too_many_arguments)]
    pub fn set_str_words(
        &mut self,
        value: &str,
        span: Option<&Span>,
        font: FontId,
        size: f64,
        shape: Shape,
        align: Align,
        keep_words: bool,
    ) -> SetLines {
        let face = self.book.face(font);
        let mut settings = self.composition.settings(size);
        settings.align = align;
        settings.keep_words = keep_words;
        let mut composed = text::compose(value, shape, &settings, face);
        self.work.characters += value.chars().count();
        self.work.break_candidates += composed.stats.candidates;
        self.work.lines += composed.lines.len();
        self.report_missing(&composed.missing, value, span);
        let lines: Vec<SetLine> = composed
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
                        // The added hyphen stands for no text; its glyph draws a
                        // hyphen, and so it is named (ToUnicode stays one text a glyph).
                        text: if g.text.is_empty() {
                            (&*text::hyphenate::HYPHEN.encode_utf8(&mut [0; 4])).into()
                        } else {
                            composed.text[g.text.clone()].into()
                        },
                    })
                    .collect(),
                measure: shape.measure,
                justified: align == Align::Justify && i + 1 < composed.lines.len(),
                fit: l.fit,
                end: l.end,
                relaxed: l.relaxed,
                in_word: l.in_word,
                hyphenated: l.hyphenated,
            })
            .collect();
        let setting = Arc::new(Setting::new(std::mem::take(&mut composed.text), value, span));
        if !composed.lines.iter().any(|l| overfull(l, shape) || l.forced) {
            return SetLines { font, size, lines, setting };
        }
        // An unbreakable run wider than the measure (a 10,000-letter word, a URL with
        // a long segment): never drawn outside the text block. The composer breaks it
        // at the measure, between any two characters, its rest going on with the
        // text after it; a single glyph wider than the measure is cut here. Either is
        // reported with its place.
        let normalized = text::normalize(value);
        let mut out = Vec::with_capacity(lines.len() + 1);
        let mut reported = false;
        for (l, set) in composed.lines.iter().zip(lines) {
            if !overfull(l, shape) && !l.forced {
                out.push(set);
                continue;
            }
            // The first such run of a text is reported: one warning per text,
            // however many runs it has.
            if let Some(span) = span.filter(|_| !std::mem::replace(&mut reported, true)) {
                let located = locate(self.sources, span, value, normalized.source_offset(l.text.start));
                // Without the word joiners that bind a person's name (not
                // printed: they would be quoted as \u{2060} between every character).
                let run: String = setting.text[l.text.clone()].chars().filter(|&ch| ch != text::WORD_JOINER).collect();
                let excerpt: String = run.chars().take(EXCERPT).collect();
                let excerpt = if run.chars().count() > EXCERPT { format!("{excerpt}...") } else { excerpt };
                let message = if overfull(l, shape) {
                    Message::new("robust.overfull")
                        .arg("text", excerpt)
                        .arg("width", format!("{:.0}", (l.end - l.start) * MM_PER_PT))
                } else if keep_words {
                    // A narrow column: a Latin word or acronym wider than it.
                    Message::new("narrow.word_split").arg("text", excerpt)
                } else {
                    // Cut by the composer: the line ends inside the run.
                    Message::new("robust.forced_break").arg("text", excerpt)
                };
                let d = Diagnostic::warning(
                    Some(located),
                    "",
                    message.arg("measure", format!("{:.0}", l.available * MM_PER_PT)),
                )
                .with_hint(Message::new("robust.overfull_hint"));
                // Reported with its page once the line is placed; the same text set
                // twice (booklet and programme) is reported once.
                let line = set.glyphs.iter().map(|g| g.text.as_str()).collect::<String>();
                let line = if overfull(l, shape) {
                    force_break(set.clone(), shape)[0].glyphs.iter().map(|g| g.text.as_str()).collect()
                } else {
                    line
                };
                self.pending.push(Pending { diagnostic: d, source: span.clone(), line });
            }
            if overfull(l, shape) {
                out.extend(force_break(set, shape));
            } else {
                out.push(set);
            }
        }
        SetLines { font, size, lines: out, setting }
    }
}

/// Signs whose compatibility form (NFKC) loses their meaning: the sign that
/// prints what the writer meant (Ⓡ is "R" in NFKC; the registered sign is ®).
const SIGNS: [(char, &str); 2] = [('Ⓡ', "®"), ('Ⓒ', "©")];

/// A hint that works for a character no bundled face draws: the sign it
/// stands for ([`SIGNS`]), else its compatibility form (NFKC, e.g. ㊤ → 上)
/// when the fonts draw that, else what to do without one (no example that
/// does not apply to the character).
fn missing_hint(c: char) -> Message {
    if let Some((_, sign)) = SIGNS.iter().find(|(k, _)| *k == c) {
        return Message::new("names.missing_glyph_replace").arg("replacement", *sign);
    }
    let nfkc =
        icu_normalizer::ComposingNormalizerBorrowed::new_nfkc().normalize(c.encode_utf8(&mut [0; 4])).into_owned();
    let face = FontBook::get().face(FontId::Mincho);
    if nfkc != c.to_string() && !nfkc.trim().is_empty() && nfkc.chars().all(|k| face.has_glyph(k)) {
        Message::new("names.missing_glyph_replace").arg("replacement", nfkc)
    } else {
        Message::new("names.missing_glyph_hint")
    }
}

/// Characters of an overfull run quoted in the warning.
const EXCERPT: usize = 20;

/// Whether a composed line sticks out of the measure (more than rounding).
fn overfull(l: &text::Line, shape: Shape) -> bool {
    l.fit == Fit::Overfull && l.glyphs.iter().any(|g| g.x + g.advance > shape.measure + 0.01)
}

/// Break an overfull line at the measure: as many glyphs as fit on each line, the
/// first where the composer put it, the others at the wrapped lines' indent.
fn force_break(line: SetLine, shape: Shape) -> Vec<SetLine> {
    let mut out = Vec::new();
    let glyphs = line.glyphs;
    let mut i = 0;
    while i < glyphs.len() {
        let shift = if out.is_empty() { 0.0 } else { shape.rest_indent - glyphs[i].x.0 };
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].x.0 + shift + glyphs[j].advance.0 <= shape.measure + 0.01 {
            j += 1;
        }
        // Back to a cut that keeps kinsoku and numbers whole (JLREQ §3.1.7,
        // §3.1.10), if the chunk keeps a glyph: "1,775" is not cut before ",775".
        let first = |g: &Glyph| g.text.as_str().chars().next().unwrap_or(' ');
        let last = |g: &Glyph| g.text.as_str().chars().next_back().unwrap_or(' ');
        // A number wider than the column has to be cut somewhere: then at least
        // not before its separator ("29464 / 0,775", not "294640 / ,775").
        let bad = |k: usize, in_number: bool| {
            let (a, b) = (last(&glyphs[k - 1]), first(&glyphs[k]));
            let number = |c: char| c.is_ascii_digit() || matches!(c, ',' | '.');
            text::classes::not_at_line_start(b, text::Kinsoku::VeryStrict)
                || text::classes::not_at_line_end(a, text::Kinsoku::VeryStrict)
                || (!in_number && number(a) && number(b) && (a.is_ascii_digit() || b.is_ascii_digit()))
        };
        if j < glyphs.len() {
            let cut = [false, true].into_iter().find_map(|in_number| (i + 1..=j).rev().find(|&k| !bad(k, in_number)));
            if let Some(k) = cut {
                j = k;
            }
        }
        let chunk: Vec<Glyph> = glyphs[i..j].iter().map(|g| Glyph { x: Pt(g.x.0 + shift), ..g.clone() }).collect();
        let end = chunk.last().map_or(0.0, |g| g.x.0 + g.advance.0);
        let relaxed = line.relaxed && out.is_empty();
        let hyphenated = line.hyphenated && j == glyphs.len();
        out.push(SetLine {
            glyphs: chunk,
            measure: line.measure,
            justified: false,
            fit: Fit::Natural,
            end,
            relaxed,
            in_word: false,
            hyphenated,
        });
        i = j;
    }
    out
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
                para_start: i == 0,
                content_end: Pt(x + l.end),
                source: source.cloned(),
                header: false,
                structure: None,
                setting: Some(SettingRef(self.setting.clone())),
                relaxed: l.relaxed,
                hyphen: l.hyphenated,
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
pub fn locate(sources: &SourceMap, span: &Span, value: &str, offset: usize) -> Span {
    let src = &sources.get(span.file).text;
    let raw = src.get(span.range.clone()).unwrap_or("");
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") { 3 } else { 1 };
    let inner = span.range.start + quote;
    match (value.get(..offset), value.get(offset..).and_then(|s| s.chars().next())) {
        (Some(before), Some(ch)) if src.get(inner..).is_some_and(|s| s.starts_with(before)) => {
            Span { file: span.file, range: inner + offset..inner + offset + ch.len_utf8() }
        }
        _ => span.clone(),
    }
}
