//! Text → units. A unit is one glyph with its JLREQ class, its box (the inked part
//! of its advance), the blank halves of punctuation (§3.1.2: brackets, commas and
//! full stops are half-width glyphs plus conditional space) and the glue that
//! follows it, already adjusted for consecutive punctuation (§3.1.4) and
//! Japanese–Western spacing (§3.2.6). Break opportunities (§3.1.7, §3.1.8,
//! §3.1.10) are decided here too, from the class table.

use super::classes::{self, Class, Frame, Role, class_for_role, class_on_frame, not_at_line_end, not_at_line_start};
use super::normalize::Normalized;
use super::{AsciiPunctuation, Declared, Metrics, Settings, words};
use std::ops::Range;

/// Shrink priorities of §3.8.3 for glue, in the order they are used. The step
/// between word spaces and middle dots — the ½ em after a line-end 」、。 — is not
/// glue but the line's last unit's `trail`; `justify` takes it all or nothing.
pub const SHRINK_WORD_SPACE: usize = 0;
pub const SHRINK_MIDDLE_DOT: usize = 1;
pub const SHRINK_PUNCTUATION: usize = 2;
pub const SHRINK_JP_LATIN: usize = 3;
/// Stretch priorities of §3.8.4 before even inter-character spacing.
pub const STRETCH_WORD_SPACE: usize = 0;
pub const STRETCH_JP_LATIN: usize = 1;

/// The adjustable space after a unit.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Glue {
    pub natural: f64,
    /// How much may be taken away, per shrink priority.
    pub shrink: [f64; 4],
    /// How much may be added, per stretch priority.
    pub stretch: [f64; 2],
    /// Whether even inter-character spacing (the last resort of §3.8.4) may open
    /// this gap: only at a normal break opportunity (JLREQ Table 6), so never
    /// inside a Western word, a number, —— or ……, nor next to a kinsoku character.
    pub spreadable: bool,
    /// Of `natural`, the blank of the unit before that this gap keeps (its
    /// `trail`, or none after §3.1.4's consecutive punctuation): that unit's own
    /// conditional space (Table 1's `be`), reported by [`super::spaces_declared`].
    pub preceding: f64,
    /// Of `natural`, the blank of the unit after that this gap keeps (its `lead`,
    /// or none): that unit's own conditional space (Table 1's `af`).
    pub trailing: f64,
}

/// Where a line may end after a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// Never (kinsoku, or inside an unbreakable sequence).
    Never,
    /// A normal break opportunity.
    Normal,
    /// Only when nothing else fits, or when the line would otherwise open gaps
    /// wider than ½ em: inside a long URL or Latin string, after / . - ? &
    /// (§3.1.10).
    Emergency,
    /// Before ー, a small kana or 々 under very strict kinsoku (Appendix C level
    /// 4): allowed at level 3 (strict), and taken only when the line would
    /// otherwise open gaps wider than ½ em.
    Relaxed,
    /// With [`super::Settings::keep_words`]: a break JLREQ allows inside a word
    /// ([`super::words`]), taken only when no word boundary fits on the line —
    /// the word is wider than the measure.
    InWord,
    /// With `keep_words`: a normal break after U+3000 or ／, the separators an
    /// author types between items, preferred to a later word boundary.
    Preferred,
}

/// One glyph of the paragraph with its spacing.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub ch: char,
    /// Byte range in the normalized text (a base character and any marks after it).
    pub text: Range<usize>,
    pub class: Class,
    pub gid: u16,
    /// The glyph's advance, in points.
    pub advance: f64,
    /// Blank before the ink that belongs to the glyph (an opening bracket's left half).
    pub lead: f64,
    /// Blank after the ink (a closing bracket's, comma's or full stop's right half).
    pub trail: f64,
    /// Glue to the next unit; meaningless for the last unit of a line.
    pub glue: Glue,
    pub break_after: Break,
    /// The role the caller declared for this character's run, if any
    /// ([`super::Declared`]).
    pub role: Option<Role>,
    /// Part of a URL or an e-mail address ([`mark_urls`]): not a word, so it
    /// breaks after / . - ? & = even beside digits, and, as the last remedy of
    /// §3.5.4, between any two of its characters.
    pub url: bool,
}

impl Unit {
    /// The inked part of the advance: what stays when every blank is taken away.
    pub fn box_width(&self) -> f64 {
        if self.class == Class::WesternSpace { 0.0 } else { self.advance - self.lead - self.trail }
    }
}

/// Combining marks, variation selectors and the zero width joiner: characters
/// that belong to the glyph before them (one unit, one glyph in the frames).
pub fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x3099..=0x309A | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF | 0x200D)
}

/// Variation selectors: VS1–VS16 and the ideographic VS17–VS256.
pub fn is_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

fn closing_like(c: Class) -> bool {
    matches!(c, Class::ClosingBracket | Class::FullStop | Class::Comma)
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Build the units of a normalized paragraph; returns them with the characters the
/// font cannot draw (byte offsets in the normalized text).
#[cfg(test)]
pub fn itemize(text: &Normalized, settings: &Settings, metrics: &dyn Metrics) -> (Vec<Unit>, Vec<(char, usize)>) {
    itemize_declared(text, &[], settings, metrics)
}

/// [`itemize`] with the roles and glyph frames the caller declares for runs of the
/// source text ([`super::Declared`]); nothing declared, the context rules decide.
pub fn itemize_declared(
    text: &Normalized,
    declared: &[Declared],
    settings: &Settings,
    metrics: &dyn Metrics,
) -> (Vec<Unit>, Vec<(char, usize)>) {
    let em = settings.size;
    // What is declared for the character at a normalized offset: the last
    // declaration covering its source offset wins, for the frame and the role alike.
    let declared_at = |i: usize| -> (Option<Frame>, Option<Role>) {
        if declared.is_empty() {
            return (None, None);
        }
        let source = text.source_offset(i);
        let mut found = (None, None);
        for d in declared.iter().filter(|d| d.text.contains(&source)) {
            found.0 = d.frame.or(found.0);
            found.1 = d.role.or(found.1);
        }
        found
    };
    // The frame each unit was declared on (`None`: read from its advance).
    let mut frames: Vec<Option<Frame>> = Vec::new();
    let mut units: Vec<Unit> = Vec::with_capacity(text.text.len() / 3 + 1);
    let mut missing = Vec::new();
    // Units followed by a word joiner (U+2060): no break after them.
    let mut joined = Vec::new();
    for (i, c) in text.text.char_indices() {
        // A word joiner is no character: it forbids a break where it stands (the
        // layout puts it inside a person's name).
        if c == WORD_JOINER {
            if let Some(k) = units.len().checked_sub(1) {
                joined.push(k);
            }
            continue;
        }
        // A combining mark or variation selector belongs to the glyph before it.
        if is_mark(c)
            && let Some(last) = units.last_mut()
        {
            last.text.end = i + c.len_utf8();
            // A variation selector picks the glyph of the sequence, when the
            // font has one (cmap format 14); else the base glyph stays and the
            // ledger reports the selector as not printed.
            if is_selector(c)
                && let Some(g) = metrics.variant(last.ch, c)
            {
                last.gid = g.id;
                last.advance = g.advance * em;
            }
            continue;
        }
        let glyph = metrics.glyph(c);
        if glyph.is_none() {
            missing.push((c, i));
        }
        // A missing glyph is still set (as .notdef, one em wide) so that the lines
        // keep their shape; the build fails on `missing` anyway.
        let glyph = glyph.unwrap_or(super::GlyphInfo { id: 0, advance: 1.0 });
        // The class by the glyph the font draws (Appendix A lists some characters
        // in two classes by width, §3.9.1).
        let (frame, role) = declared_at(i);
        let mut class = class_on_frame(c, glyph.advance, frame, settings.ascii_punctuation == AsciiPunctuation::Jlreq);
        if let Some(role) = role {
            class = class_for_role(c, class, frame.or_else(|| Frame::of_advance(glyph.advance)), role);
        }
        if c == '～' && !settings.tilde_as_wave_dash {
            class = Class::Western;
        }
        // JLREQ level 2 reclassifies a full-width ％ as an ideograph (Appendix C
        // addendum), which lets "50｜％" break; only when the layout asks for it.
        if settings.kinsoku == super::Kinsoku::Loose
            && !settings.keep_percent_with_numeral
            && matches!(c, '%' | '％')
            && glyph.advance > 0.99
        {
            class = Class::Ideographic;
        }
        let advance = glyph.advance * em;
        // §3.1.2: brackets, commas and full stops are half-width glyphs in a
        // full-width box; the other half is the conditional blank.
        let blank = (advance - 0.5 * em).max(0.0);
        let (lead, trail) = match class {
            Class::OpeningBracket => (blank, 0.0),
            Class::ClosingBracket | Class::FullStop | Class::Comma => (0.0, blank),
            Class::MiddleDot => (blank / 2.0, blank / 2.0),
            _ => (0.0, 0.0),
        };
        units.push(Unit {
            ch: c,
            text: i..i + c.len_utf8(),
            class,
            gid: glyph.id,
            advance,
            lead,
            trail,
            glue: Glue::default(),
            break_after: Break::Never,
            role,
            url: false,
        });
        frames.push(frame);
    }
    // Context roles (Appendix A.24): a '.' or ',' between European digits is the
    // decimal point or digit separator of a grouped numeral (cl-24), not a Western
    // full stop or comma.
    // So is a thin space between digits (12 345): narrower than a third of an em,
    // it cannot be a word space.
    for i in 1..units.len().saturating_sub(1) {
        let thin_space = units[i].ch == ' ' && units[i].advance < em / 3.0 - 1e-9 && frames[i].is_none();
        if (matches!(units[i].ch, '.' | ',') || thin_space)
            && units[i].role.is_none()
            && units[i - 1].class == Class::GroupedNumeral
            && units[i + 1].class == Class::GroupedNumeral
        {
            units[i].class = Class::GroupedNumeral;
        }
    }
    // A.24: a '.' or ',' whose advance is a quarter em is a grouped numeral's
    // decimal point or separator — when a digit stands beside it. With none ("etc.",
    // "x,y", "あい.") it is a proportional glyph that happens to be that wide, and
    // stays Western (a declared quarter-em frame is `class_on_frame`'s).
    for i in 0..units.len() {
        let digit = |k: Option<usize>| k.and_then(|k| units.get(k)).is_some_and(|u| u.ch.is_ascii_digit());
        if matches!(units[i].ch, '.' | ',')
            && frames[i].is_none()
            && units[i].role.is_none()
            && Frame::of_advance(units[i].advance / em) == Some(Frame::QuarterEm)
            && (digit(i.checked_sub(1)) || digit(Some(i + 1)))
        {
            units[i].class = Class::GroupedNumeral;
        }
    }
    mark_unit_symbols(&mut units);
    mark_urls(&mut units);
    for i in 0..units.len() {
        let (glue, brk) =
            if i + 1 < units.len() { between(&units, i, settings, em) } else { (Glue::default(), Break::Normal) };
        units[i].glue = glue;
        units[i].break_after = brk;
        if settings.keep_words
            && i + 1 < units.len()
            && brk == Break::Relaxed
            && !words::boundary(i.checked_sub(1).map(|k| units[k].ch), units[i].ch, units[i + 1].ch)
        {
            // A relaxed head (ー, small kana) is there to spread a loose justified
            // line; inside a word of a narrow column it would split the word.
            units[i].break_after = Break::Never;
        }
        if settings.keep_words && i + 1 < units.len() && brk == Break::Normal {
            let before = i.checked_sub(1).map(|k| units[k].ch);
            let (a, b) = (units[i].ch, units[i + 1].ch);
            if words::latin_pair(a, b) {
                // A Latin word or acronym is never broken (§3.1.10): a forced cut
                // at the measure if it is wider, reported by the layout.
                units[i].break_after = Break::Never;
                units[i].glue.spreadable = false;
            } else if !words::boundary(before, a, b) {
                units[i].break_after = Break::InWord;
            } else if words::preferred_after(a) {
                units[i].break_after = Break::Preferred;
            }
        }
    }
    for k in joined {
        if k + 1 < units.len() {
            units[k].break_after = Break::Never;
            units[k].glue.spreadable = false;
        }
    }
    (units, missing)
}

/// Context roles (Appendix A.25, §3.9.2): the letters of a unit symbol after a
/// numeral ("5km", "10 μm", "60km/h", "3m2") are cl-25. They stay Western for
/// spacing and breaking; the class says what they are.
fn mark_unit_symbols(units: &mut [Unit]) {
    let mut i = 0;
    while i < units.len() {
        if units[i].class != Class::GroupedNumeral {
            i += 1;
            continue;
        }
        let mut start = i + 1;
        if units.get(start).is_some_and(|u| u.ch == ' ') {
            start += 1;
        }
        let unit_char = |u: &Unit| u.ch.is_alphabetic() || matches!(u.ch, '/' | '2' | '3' | '²' | '³');
        let starts_with_letter = units.get(start).is_some_and(|u| u.ch.is_alphabetic());
        let mut end = start;
        while starts_with_letter && end < units.len() && unit_char(&units[end]) && units[end].class.is_western() {
            end += 1;
        }
        let symbol: String = units[start..end].iter().map(|u| u.ch).collect();
        if end > start && classes::is_unit_symbol(&symbol) {
            for u in &mut units[start..end] {
                u.class = Class::UnitSymbol;
            }
            i = end;
        } else {
            i += 1;
        }
    }
}

/// Mark the units of every URL or e-mail address: a run of Western token
/// characters (ASCII graphic, no space) that holds "://", starts with "www." or
/// has an "@" followed by a dot. A date (2006/10/1) or a telephone number
/// (03-1234-5678) is no URL and keeps its numbers whole (§3.1.10).
fn mark_urls(units: &mut [Unit]) {
    let mut i = 0;
    while i < units.len() {
        if !units[i].ch.is_ascii_graphic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && units[i].ch.is_ascii_graphic() {
            i += 1;
        }
        let token: String = units[start..i].iter().map(|u| u.ch).collect();
        let lower = token.to_ascii_lowercase();
        let mail = lower.find('@').is_some_and(|at| lower[at..].contains('.'));
        // A token may start with an ASCII bracket or quote: "(www.x.jp)".
        let bare = lower.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        if lower.contains("://") || bare.starts_with("www.") || mail {
            for u in &mut units[start..i] {
                u.url = true;
            }
        }
    }
}

/// U+2060 WORD JOINER: no break here.
pub const WORD_JOINER: char = '\u{2060}';

/// Counters that stay with the number before them (57名, ３社, 2006年): JLREQ
/// allows the break, a reader stumbles on it.
fn is_counter(c: char) -> bool {
    "名人社件回年月日時分秒円本台枚冊個歳倍階号部点位度割局校園店".contains(c)
}

/// Glue and break opportunity between `units[i]` and `units[i + 1]`.
fn between(units: &[Unit], i: usize, settings: &Settings, em: f64) -> (Glue, Break) {
    let level = settings.kinsoku;
    let (a, b) = (&units[i], &units[i + 1]);
    let mut g = Glue::default();
    let mut after = a.trail;
    let mut before = b.lead;
    // §3.1.4 consecutive punctuation.
    match (a.class, b.class) {
        // 」「 、「 。「: ½ em between, not 1 em.
        // The ½ em is the closing bracket's, comma's or full stop's own (Table 1:
        // `1/2 be`, Appendix B), not the opening bracket's: where the two sizes
        // differ it is the first one's em, and it reduces as that character's.
        (ac, Class::OpeningBracket) if closing_like(ac) => {
            after = after.max(before);
            before = 0.0;
        }
        // 。」 、」 」」 」。: solid, the last one keeps its ½ em.
        (ac, bc) if closing_like(ac) && closing_like(bc) => after = 0.0,
        // 」・: ¼ em, the middle dot's own. But 。・ and 、・ keep the full stop's or
        // comma's ½ em and add the middle dot's ¼ em (Appendix B.2 note 5: ¾ em; for
        // 、・ JLREQ departs from JIS X 4051 on purpose).
        (Class::ClosingBracket, Class::MiddleDot) => after = 0.0,
        // ・「: ¼ em, the middle dot's own.
        (Class::MiddleDot, Class::OpeningBracket) => before = 0.0,
        // 「「: solid, ½ em before the first.
        (Class::OpeningBracket, Class::OpeningBracket) => before = 0.0,
        _ => {}
    }
    // §3.1.6: a ！ or ？ gets no space of its own. After one that ends a sentence
    // the author types an ideographic space (1 em, kept as typed and never doubled);
    // one used mid-sentence (…何か？という) is set solid: the text cannot tell
    // the two apart, the author's space can.
    // The blanks of brackets and commas shrink mid-line (§3.8.3 step 4); a full
    // stop's never does mid-line (its ½ em marks the sentence end, §3.1.9 / Table 3).
    let shrink_after = if a.class == Class::FullStop { 0.0 } else { after };
    let (dot_after, punct_after) = if a.class == Class::MiddleDot { (shrink_after, 0.0) } else { (0.0, shrink_after) };
    let (dot_before, punct_before) = if b.class == Class::MiddleDot { (before, 0.0) } else { (0.0, before) };
    g.natural = after + before;
    g.preceding = after;
    g.trailing = before;
    g.shrink[SHRINK_MIDDLE_DOT] = dot_after + dot_before;
    g.shrink[SHRINK_PUNCTUATION] = punct_after + punct_before;

    let a_western = western(a);
    let b_western = western(b);
    let affix = affix_numeral(a, b);
    // A Western character before ％ ℃ (cl-27 → cl-13) is set solid (Table 1).
    let western_postfix = a_western && b.class == Class::PostfixedAbbreviation;
    if a.class == Class::WesternSpace {
        // cl-26: ⅓ em, shrinking to ¼ em and stretching to ½ em (§3.2.2, §3.8.3, §3.8.4).
        g.natural += em / 3.0;
        g.shrink[SHRINK_WORD_SPACE] = em / 3.0 - em / 4.0;
        g.stretch[STRETCH_WORD_SPACE] = em / 2.0 - em / 3.0;
    } else if !affix
        && !inside_western_brackets(a, b)
        && !japanese_solidus(units, i)
        && !japanese_solidus(units, i + 1)
        && !western_postfix
        && ((a_western && jp_for_spacing(b)) || (jp_for_spacing(a) && b_western))
    {
        // §3.2.6: ¼ em between Japanese and Western text, ⅛ … ½ em.
        g.natural += em / 4.0;
        g.shrink[SHRINK_JP_LATIN] = em / 8.0;
        g.stretch[STRETCH_JP_LATIN] = em / 4.0;
    }

    // Break opportunity.
    let relaxed = level == crate::text::Kinsoku::VeryStrict
        && not_at_line_start(b.ch, level)
        && !not_at_line_start(b.ch, crate::text::Kinsoku::Strict);
    let brk = if b.class == Class::WesternSpace || not_at_line_end(a.ch, level) {
        Break::Never // §3.1.8; and a word space stays with the word before it
    } else if not_at_line_start(b.ch, level) {
        // §3.1.7: ー, small kana and 々 may start a line at level 3 when level 4
        // would leave the line too loose.
        if relaxed && !western(a) { Break::Relaxed } else { Break::Never }
    } else if a.class == Class::WesternSpace {
        Break::Normal
    } else if (a.class == Class::Inseparable && a.ch == b.ch)
        || (matches!(a.ch, '〳' | '〴') && b.ch == '〵')
        || (a.ch == '\u{2015}' && b.ch == '\u{2015}')
        || affix
        || (is_fullwidth_digit(a.ch) && is_fullwidth_digit(b.ch))
        || (is_digit(a.ch) && is_counter(b.ch))
    {
        Break::Never // §3.1.10: ——, ……, ¥100, 50% and numerals stay together
    } else if a_western && b_western {
        if !settings.keep_numeral_with_letter && a.class == Class::GroupedNumeral && b.ch.is_alphabetic() {
            Break::Normal
        } else if a.ch == '/' && b.ch == '/' {
            Break::Never // the "//" of a URL's scheme stays whole
        } else if matches!(a.ch, '/' | '.' | '-' | '?' | '&') && !in_number(units, i) {
            Break::Emergency
        } else if a.url && b.url && matches!(a.ch, '/' | '.' | '-' | '?' | '&' | '=') {
            // A URL is no number: "…/63ul52", "7-4", "?to=2" break there too
            // (UAX #14's URL points, §3.1.10's "URL" exception).
            Break::Emergency
        } else {
            Break::Never // §3.1.10: no break inside a Western word or a number
        }
    } else {
        Break::Normal
    };
    // §3.8.4 / Table 6: inter-character expansion only where a line could break
    // ("no opportunity for expansion where there is no line break opportunity"),
    // and never at a word space (it has its own stretch) or inside a URL. Nor
    // between two Western characters where a line may break: "5A" with
    // `keep_numeral_with_letter` off (Appendix E.2: Table 6 gives cl-24 before
    // cl-27 no expansion, whether or not Table 2 lets the line break there).
    g.spreadable = brk == Break::Normal && a.class != Class::WesternSpace && !(a_western && b_western);
    (g, brk)
}

/// ASCII brackets in Japanese text get the ¼ em of §3.2.6 on their outer side
/// only — "私(個人)の", not "私 ( 個人 ) の" — as Japanese brackets keep their own
/// blank outside. (JLREQ is silent on ASCII brackets; this follows the spacing
/// the JIS X 4051 tradition, and jlreq, give them.)
fn inside_western_brackets(a: &Unit, b: &Unit) -> bool {
    matches!(a.ch, '(' | '[' | '{') || matches!(b.ch, ')' | ']' | '}')
}

/// Western text for spacing (§3.2.6) and for "no break inside a word" (§3.1.10):
/// cl-24 and cl-27, and the ASCII / Latin-1 forms of cl-12 and cl-13 ($ # % ¥ £ ¢ €),
/// which are proportional glyphs belonging to the Western word they touch ("C#",
/// "$5"). Their full-width forms (￥ ％ ℃ °) are Japanese.
pub(crate) fn western(u: &Unit) -> bool {
    u.class.is_western()
        || (matches!(u.class, Class::PrefixedAbbreviation | Class::PostfixedAbbreviation)
            && (u.ch.is_ascii() || matches!(u.ch, '¢' | '£' | '¥' | '€')))
}

/// Japanese text for §3.2.6: not next to brackets, commas, full stops and middle
/// dots (their own blanks apply), nor next to an ideographic space.
fn jp_for_spacing(u: &Unit) -> bool {
    !western(u)
        && !matches!(
            u.class,
            Class::WesternSpace
                | Class::OpeningBracket
                | Class::ClosingBracket
                | Class::FullStop
                | Class::Comma
                | Class::MiddleDot
                | Class::IdeographicSpace
        )
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || is_fullwidth_digit(c)
}

/// cl-12 before a numeral or cl-13 after one (¥100, ￥１００, 50%, 30℃): one
/// unit, never broken and never spaced (§3.1.10).
fn affix_numeral(a: &Unit, b: &Unit) -> bool {
    // A declared quantity symbol ("A％") stands where a numeral would (Appendix
    // C.2, E.2): kept with the abbreviation, set solid.
    let numeral = |u: &Unit| is_digit(u.ch) || u.role == Some(Role::QuantitySymbol);
    (a.class == Class::PrefixedAbbreviation && numeral(b)) || (numeral(a) && b.class == Class::PostfixedAbbreviation)
}

/// Whether unit `k` is a solidus between two Japanese characters (企業/団体): it
/// is then a Japanese separator, set solid, not a Western word to be spaced off
/// by §3.2.6's ¼ em on each side.
fn japanese_solidus(units: &[Unit], k: usize) -> bool {
    units.get(k).is_some_and(|u| u.ch == '/')
        && k > 0
        && jp_for_spacing(&units[k - 1])
        && units.get(k + 1).is_some_and(jp_for_spacing)
}

/// Whether unit `i` is a '.' or ',' between two digits (5.7, 2,000).
fn in_number(units: &[Unit], i: usize) -> bool {
    let digit = |k: usize| units.get(k).is_some_and(|u| u.ch.is_ascii_digit());
    i > 0 && digit(i - 1) && digit(i + 1)
}
