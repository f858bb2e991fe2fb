//! Japanese line composition to JLREQ (W3C *Requirements for Japanese Text Layout*).
//!
//! This module knows nothing of pages, PDF or TOML: it turns a paragraph's text into
//! lines of positioned glyphs, using widths from a [`Metrics`] implementation, so its
//! tests run on fake fixed-width metrics as well as on the bundled fonts.
//!
//! A paragraph goes through four stages, each in its own file:
//! `normalize` (entry text → the text to set) → `itemize` (units with class, width
//! and their punctuation blanks) → `linebreak` (kinsoku-legal breaks, shrink before
//! expand) → `justify` (distribute the adjustment by JLREQ's priorities and place
//! every glyph).

pub mod classes;
pub mod hyphenate;
mod itemize;
mod justify;
mod linebreak;
mod normalize;
pub mod vertical;
pub mod words;

pub use classes::{Frame, Role};
pub use itemize::{Glue, Unit, WORD_JOINER, is_mark, is_selector};
pub use normalize::normalize;

use std::ops::Range;

/// Glyph id and advance of one character in the font being set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphInfo {
    pub id: u16,
    /// Advance width in em (1.0 for a full-width character).
    pub advance: f64,
}

/// Where the composer gets its widths from: a real font, or fake metrics in tests.
pub trait Metrics {
    /// The glyph for a character, or `None` when the font cannot draw it.
    fn glyph(&self, c: char) -> Option<GlyphInfo>;

    /// The glyph for `base` followed by the variation selector `selector`
    /// (a Unicode variation sequence, UAX #37 ideographic or a standardized
    /// one: the font's `cmap` format 14), or `None` when the font has none:
    /// the base glyph alone would not print what the sequence asks for.
    fn variant(&self, _base: char, _selector: char) -> Option<GlyphInfo> {
        None
    }
}

/// Kinsoku level: the levels of JLREQ Appendix C's addendum (Strict is the default
/// "for general publications"). See [`classes::not_at_line_start`] for the exact sets.
///
/// At every level cl-01 never ends a line and cl-02, cl-06, cl-07 never start one;
/// ——, ……, numerals and affix + numeral are never broken. (JLREQ's level 2 would
/// also allow breaking …… and "50 %"; the brief lists them as unbreakable without
/// exception, so we keep them whole at every level — for ％ unless
/// [`Settings::keep_percent_with_numeral`] is off.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kinsoku {
    /// Level 2 (magazines): as Strict, and cl-03 hyphens and ・ may start a line.
    Loose,
    /// Level 3 (default): cl-02 … cl-07 and cl-09 … cl-11 never start a line,
    /// except 々, ー and small kana, which may.
    #[default]
    Strict,
    /// Level 4: no relaxation — 々, ー and small kana never start a line either.
    VeryStrict,
}

/// How the lines of a paragraph are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    /// Every line but the last is justified to the measure (§3.8); the last starts flush.
    #[default]
    Justify,
    /// Lines start flush and are not expanded (they still shrink to fit).
    Start,
    /// Lines are centred in the measure.
    Center,
    /// Lines end flush with the measure.
    End,
}

/// An opening bracket at the head of a line (§3.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadBracket {
    /// JIS style: at a paragraph start the bracket keeps its blank half after the
    /// 1 em indent; on a wrapped line it is set flush (tentsuki).
    #[default]
    Jis,
    /// The blank half is kept on wrapped lines too.
    KeepBlank,
}

/// ASCII brackets and punctuation ( ) [ ] { } : ; . , in Japanese text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AsciiPunctuation {
    /// Western characters (cl-27) for spacing, whatever their width: "(1)私" gets
    /// the ¼ em of §3.2.6 after ")". Our default: staff type ASCII brackets in
    /// Japanese sentences meaning them as Western punctuation.
    #[default]
    Western,
    /// JLREQ's reading (Appendix A.1, A.2, A.5 – A.7): on a half-em or full-em
    /// glyph they are opening and closing brackets, middle dots, full stops and
    /// commas, spaced as the Japanese ones.
    Jlreq,
}

/// Sets one setting to JLREQ's own reading (see [`Settings::jlreq_readings`]).
pub type JlreqReading = fn(&mut Settings);

/// Composition settings; the layout fills them from its styles.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Font size in points: one em.
    pub size: f64,
    pub kinsoku: Kinsoku,
    pub align: Align,
    pub head_bracket: HeadBracket,
    /// Hanging punctuation (burasage) of 、。 beyond the measure (§3.8.2); off by default.
    pub burasage: bool,
    /// Avoid a last line of a single character (§3.5.4).
    pub avoid_single_char_last_line: bool,
    /// Break between words where Japanese text could break anywhere (the rule of
    /// [`words`]: katakana words, Latin words and acronyms, kanji compounds with
    /// their hiragana), preferring U+3000 and ／. For narrow measures: table
    /// cells, the programme, a figure's words. A word wider than the measure is
    /// broken inside — where JLREQ allows (kana, kanji) silently; a Latin word or
    /// acronym at the measure ([`Line::forced`]), which the layout reports.
    pub keep_words: bool,
    /// ASCII brackets and punctuation: Western (ours) or JLREQ's classes by width.
    pub ascii_punctuation: AsciiPunctuation,
    /// U+FF5E FULLWIDTH TILDE ～ as the wave dash 〜 (cl-03, ours: text typed on
    /// Windows uses it for ranges, "13：35～13：40"), or as JLREQ lists it, a
    /// Western character (cl-27, Appendix A.3).
    pub tilde_as_wave_dash: bool,
    /// Keep a European numeral and the Western letter after it together ("5A",
    /// ours: one Western word, §3.1.10), or allow the break JLREQ's Table 2
    /// allows between cl-24 and cl-27 (Appendix C.2 note 12).
    pub keep_numeral_with_letter: bool,
    /// Whether a ・ at the line end may give up its ¼ em after, first of all the
    /// middle-dot spacing, when the line must be reduced (JLREQ §3.1.12, Table 3
    /// stage 3). Off (ours): the ・'s whole box stays inside the measure (the
    /// brief: a line-end ・ never protrudes), so the line is reduced elsewhere.
    pub reduce_line_end_middle_dot: bool,
    /// Keep a full-width ％ with the numeral before it at every kinsoku level
    /// (ours: the brief lists "50％" as unbreakable without exception), or, as
    /// JLREQ's level 2 does, treat ％ as an ideograph at [`Kinsoku::Loose`]
    /// (Appendix C addendum) so that "50｜％" may break.
    pub keep_percent_with_numeral: bool,
    /// A break before an ideographic space (U+3000) is taken after it (ours): the
    /// space an author types between items ("2004年１月　東京", 「ＨＰ作成　セミナー
    /// 講師」) then ends the line, where it takes no room, instead of starting
    /// the next one as a stray indent. JLREQ (Appendix C.2, cl-14) allows the
    /// break before it as well.
    pub break_after_ideographic_space: bool,
    /// Hyphenate an English word at a line end where the line would otherwise
    /// open gaps wider than ½ em, or where the word is wider than the measure
    /// ([`hyphenate`]: TeX's patterns, never URLs, names, acronyms).
    pub hyphenate: bool,
}

impl Settings {
    pub fn new(size: f64) -> Settings {
        Settings {
            size,
            kinsoku: Kinsoku::Strict,
            align: Align::Justify,
            head_bracket: HeadBracket::Jis,
            burasage: false,
            avoid_single_char_last_line: true,
            keep_words: false,
            ascii_punctuation: AsciiPunctuation::Western,
            tilde_as_wave_dash: true,
            keep_numeral_with_letter: true,
            reduce_line_end_middle_dot: false,
            keep_percent_with_numeral: true,
            break_after_ideographic_space: true,
            hyphenate: true,
        }
    }

    /// Our deliberate departures from JLREQ that are settings, each with its name
    /// (as a layout writes it) and how to set JLREQ's own reading instead: the
    /// conformance test (`tests/jlreq_conformance.rs`) checks every case that differs
    /// against these.
    pub fn jlreq_readings() -> Vec<(&'static str, JlreqReading)> {
        vec![
            ("ascii_punctuation", |s| s.ascii_punctuation = AsciiPunctuation::Jlreq),
            ("tilde_as_wave_dash", |s| s.tilde_as_wave_dash = false),
            ("keep_numeral_with_letter", |s| s.keep_numeral_with_letter = false),
            ("reduce_line_end_middle_dot", |s| s.reduce_line_end_middle_dot = true),
            ("keep_percent_with_numeral", |s| s.keep_percent_with_numeral = false),
            ("break_after_ideographic_space", |s| s.break_after_ideographic_space = false),
            ("kinsoku", |s| s.kinsoku = Kinsoku::Strict),
        ]
    }
}

/// The shape of the text block a paragraph is set into.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Line length in points.
    pub measure: f64,
    /// Indent of the first line (1 em for a paragraph, §3.5.1).
    pub first_indent: f64,
    /// Indent of the other lines (the hanging indent of a labelled item).
    pub rest_indent: f64,
}

/// One glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub id: u16,
    /// Glyph origin, in points from the start of the measure.
    pub x: f64,
    /// The glyph's advance in points (its box in the font).
    pub advance: f64,
    /// The characters this glyph stands for, as a byte range of [`Composed::text`].
    pub text: Range<usize>,
}

/// How a line was adjusted to its measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Set at its natural width (a last line, or a line that fitted exactly).
    Natural,
    /// Shrunk (oikomi, §3.8.3).
    Shrunk,
    /// Expanded (oidashi, §3.8.4).
    Expanded,
    /// Could not be shrunk enough: wider than the measure (an unbreakable string).
    Overfull,
    /// Could not be expanded: shorter than the measure though not a last line.
    Underfull,
}

/// A composed line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub glyphs: Vec<PlacedGlyph>,
    /// Where the line's content starts, in points from the start of the measure.
    pub start: f64,
    /// Where the line's content ends (last box plus its remaining blank).
    pub end: f64,
    /// The width available to this line (measure minus indent).
    pub available: f64,
    pub fit: Fit,
    /// The byte range of [`Composed::text`] set on this line.
    pub text: Range<usize>,
    /// The line ends inside an unbreakable run (no break opportunity fitted):
    /// cut at the measure, its rest starting the next line.
    pub forced: bool,
    /// The line starts with ー, a small kana or 々 that very strict kinsoku keeps
    /// off a line head: relaxed to level 3 because the line before would
    /// otherwise open gaps wider than ½ em.
    pub relaxed: bool,
    /// With [`Settings::keep_words`]: the line ends inside a word (one wider than
    /// the measure), at a break JLREQ allows.
    pub in_word: bool,
    /// The line ends inside an English word with a hyphen the composer added
    /// ([`hyphenate`]): the line's last glyph is that hyphen, which stands for
    /// no character of the text (its `text` range is empty).
    pub hyphenated: bool,
}

/// A character the font cannot draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    pub ch: char,
    /// Byte offset of the character in the text given to [`compose`].
    pub source_offset: usize,
}

/// Work counters, for the linear-growth guard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Break candidates examined: at most 3 × the number of units (one per
    /// character, with its combining marks), as `linebreak::next_break` proves.
    pub candidates: usize,
}

/// A composed paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    /// The text that was set (entry text after [`normalize`]).
    pub text: String,
    pub lines: Vec<Line>,
    pub missing: Vec<MissingGlyph>,
    pub stats: Stats,
}

/// What the caller declares about a run of the text given to [`compose_declared`]
/// or [`classify_declared`] (a byte range of that text): a role the text does not
/// show (a unit symbol, a decimal point, §3.9.2) and the frame its glyphs are
/// designed on, apart from their advance (§3.9.1). Either may be left undeclared;
/// with nothing declared the context rules decide, as in [`compose`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub text: Range<usize>,
    pub role: Option<Role>,
    pub frame: Option<Frame>,
}

/// Compose a paragraph: collect → itemize → break → justify.
pub fn compose(text: &str, shape: Shape, settings: &Settings, metrics: &dyn Metrics) -> Composed {
    compose_declared(text, &[], shape, settings, metrics)
}

/// [`compose`] with roles and glyph frames declared for runs of `text`.
pub fn compose_declared(
    text: &str,
    declared: &[Declared],
    shape: Shape,
    settings: &Settings,
    metrics: &dyn Metrics,
) -> Composed {
    let normalized = normalize(text);
    let (units, missing) = itemize::itemize_declared(&normalized, declared, settings, metrics);
    let mut stats = Stats::default();
    let hyphens = hyphenate::for_paragraph(&normalized.text, settings, metrics);
    let breaks = linebreak::break_lines(&units, shape, settings, &hyphens, &mut stats);
    let lines = justify::place_lines(&units, &breaks, shape, settings, &hyphens);
    Composed {
        missing: missing
            .into_iter()
            .map(|(ch, offset)| MissingGlyph { ch, source_offset: normalized.source_offset(offset) })
            .collect(),
        text: normalized.text,
        lines,
        stats,
    }
}

/// The JLREQ class the composer gives each character of `text` (Appendix A), in
/// context: what [`compose`] spaces and breaks by. Each entry is a byte range of
/// the normalized text ([`normalize`]) — a character with the marks that belong to
/// it — and its class. For reports and conformance tests; `compose` does not call it.
pub fn classify(text: &str, settings: &Settings, metrics: &dyn Metrics) -> Vec<(Range<usize>, classes::Class)> {
    classify_declared(text, &[], settings, metrics)
}

/// [`classify`] with roles and glyph frames declared for runs of `text`.
pub fn classify_declared(
    text: &str,
    declared: &[Declared],
    settings: &Settings,
    metrics: &dyn Metrics,
) -> Vec<(Range<usize>, classes::Class)> {
    let normalized = normalize(text);
    let (units, _) = itemize::itemize_declared(&normalized, declared, settings, metrics);
    units.into_iter().map(|u| (u.text, u.class)).collect()
}

/// Whose conditional space a space is (JLREQ Appendix B, Table 1's `be` and `af`):
/// the character before the boundary or the one after it, whose em it is a part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referent {
    Preceding,
    Trailing,
}

/// How line adjustment may reduce a conditional space (§3.8.3, Appendix D).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduction {
    /// Never (the ½ em after a full stop mid-line, §3.1.4).
    Rigid,
    /// By degrees, down to its floor.
    Range,
    /// All of it or none of it (the ½ em after a line-end 」、。, §3.1.9).
    Discrete,
}

/// One conditional space of a gap, as the composer sets and reduces it: the parts
/// of a gap JLREQ names one by one (Appendix B: "the sum of a quarter em of the
/// preceding middle dot and a quarter em of the trailing one"), not their total.
#[derive(Debug, Clone, PartialEq)]
pub struct Space {
    /// In points.
    pub amount: f64,
    pub referent: Referent,
    pub reduction: Reduction,
    /// What a reduction leaves at most, in points (the amount when rigid).
    pub floor: f64,
    /// The step of §3.8.3 at which the composer reduces it, numbered as JLREQ's
    /// Table 3 numbers its stages: 1 word spaces, 2 the ½ em after a line-end
    /// 」、。, 3 the ¼ em after a line-end ・, 4 the ¼ ems of mid-line middle dots,
    /// 5 the ½ ems of mid-line brackets and commas, 6 the ¼ em between Japanese and
    /// Western text. `None` when rigid.
    pub stage: Option<u8>,
}

/// The conditional spaces the composer gives each character of `text` (a byte
/// range of the normalized text, as [`classify`] gives them): between it and the
/// next character on one line, and after it when it ends a line (§3.1.9). The
/// sum of the first is the gap [`compose`] sets at natural width; for conformance
/// tests and reports (JLREQ Appendix B, D), `compose` does not call it.
pub fn spaces_declared(
    text: &str,
    declared: &[Declared],
    settings: &Settings,
    metrics: &dyn Metrics,
) -> Vec<(Range<usize>, Vec<Space>, Vec<Space>)> {
    use itemize::{SHRINK_JP_LATIN, SHRINK_WORD_SPACE};
    let normalized = normalize(text);
    let (units, _) = itemize::itemize_declared(&normalized, declared, settings, metrics);
    let em = settings.size;
    let blank = |amount: f64, referent: Referent, class: classes::Class, rigid: bool| Space {
        amount,
        referent,
        reduction: if rigid { Reduction::Rigid } else { Reduction::Range },
        floor: if rigid { amount } else { 0.0 },
        stage: (!rigid).then_some(if class == classes::Class::MiddleDot { 4 } else { 5 }),
    };
    (0..units.len())
        .map(|i| {
            let u = &units[i];
            let mut mid = Vec::new();
            if let Some(next) = units.get(i + 1) {
                let g = &u.glue;
                if g.preceding > 0.0 {
                    // A full stop's ½ em never shrinks mid-line (§3.1.4).
                    mid.push(blank(g.preceding, Referent::Preceding, u.class, u.class == classes::Class::FullStop));
                }
                if g.trailing > 0.0 {
                    mid.push(blank(g.trailing, Referent::Trailing, next.class, false));
                }
                let inserted = g.natural - g.preceding - g.trailing;
                if g.shrink[SHRINK_WORD_SPACE] > 0.0 {
                    // A word space (cl-26): ⅓ em, down to ¼ em first (§3.2.2).
                    let floor = inserted - g.shrink[SHRINK_WORD_SPACE];
                    mid.push(Space {
                        amount: inserted,
                        referent: Referent::Preceding,
                        reduction: Reduction::Range,
                        floor,
                        stage: Some(1),
                    });
                } else if g.shrink[SHRINK_JP_LATIN] > 0.0 {
                    // §3.2.6: ¼ em of the Japanese character's, down to ⅛ em last.
                    let referent = if itemize::western(u) { Referent::Trailing } else { Referent::Preceding };
                    let floor = inserted - g.shrink[SHRINK_JP_LATIN];
                    mid.push(Space { amount: inserted, referent, reduction: Reduction::Range, floor, stage: Some(6) });
                } else if inserted > 1e-9 * em {
                    mid.push(Space {
                        amount: inserted,
                        referent: Referent::Preceding,
                        reduction: Reduction::Rigid,
                        floor: inserted,
                        stage: None,
                    });
                }
            }
            let mut end = Vec::new();
            if u.trail > 0.0 {
                end.push(if linebreak::line_end_blank_droppable(u) {
                    Space {
                        amount: u.trail,
                        referent: Referent::Preceding,
                        reduction: Reduction::Discrete,
                        floor: 0.0,
                        stage: Some(2),
                    }
                } else if u.class == classes::Class::MiddleDot && settings.reduce_line_end_middle_dot {
                    Space {
                        amount: u.trail,
                        referent: Referent::Preceding,
                        reduction: Reduction::Range,
                        floor: 0.0,
                        stage: Some(3),
                    }
                } else {
                    Space {
                        amount: u.trail,
                        referent: Referent::Preceding,
                        reduction: Reduction::Rigid,
                        floor: u.trail,
                        stage: None,
                    }
                });
            }
            (u.text.clone(), mid, end)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
