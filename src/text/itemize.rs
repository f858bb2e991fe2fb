//! Text → units. A unit is one glyph with its JLREQ class, its box (the inked part
//! of its advance), the blank halves of punctuation (§3.1.2: brackets, commas and
//! full stops are half-width glyphs plus conditional space) and the glue that
//! follows it, already adjusted for consecutive punctuation (§3.1.4) and
//! Japanese–Western spacing (§3.2.6). Break opportunities (§3.1.7, §3.1.8,
//! §3.1.10) are decided here too, from the class table.

use super::classes::{Class, class_of, not_at_line_end, not_at_line_start};
use super::normalize::Normalized;
use super::{Kinsoku, Metrics, Settings};
use std::ops::Range;

/// Shrink priorities of §3.8.3, in the order they are used.
pub const SHRINK_WORD_SPACE: usize = 0;
pub const SHRINK_LINE_END: usize = 1;
pub const SHRINK_MIDDLE_DOT: usize = 2;
pub const SHRINK_PUNCTUATION: usize = 3;
pub const SHRINK_JP_LATIN: usize = 4;
/// Stretch priorities of §3.8.4 before even inter-character spacing.
pub const STRETCH_WORD_SPACE: usize = 0;
pub const STRETCH_JP_LATIN: usize = 1;

/// The adjustable space after a unit.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Glue {
    pub natural: f64,
    /// How much may be taken away, per shrink priority.
    pub shrink: [f64; 5],
    /// How much may be added, per stretch priority.
    pub stretch: [f64; 2],
    /// Whether even inter-character spacing (the last resort of §3.8.4) may open
    /// this gap. Never inside a Western word, a number, —— or …….
    pub spreadable: bool,
}

/// Where a line may end after a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// Never (kinsoku, or inside an unbreakable sequence).
    Never,
    /// A normal break opportunity.
    Normal,
    /// Only when nothing else fits: inside a long URL or Latin string, after / . - ? &.
    Emergency,
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
}

impl Unit {
    /// The inked part of the advance: what stays when every blank is taken away.
    pub fn box_width(&self) -> f64 {
        if self.class == Class::WesternSpace { 0.0 } else { self.advance - self.lead - self.trail }
    }
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x3099..=0x309A | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF | 0x200D)
}

fn closing_like(c: Class) -> bool {
    matches!(c, Class::ClosingBracket | Class::FullStop | Class::Comma)
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Build the units of a normalized paragraph; returns them with the characters the
/// font cannot draw (byte offsets in the normalized text).
pub fn itemize(text: &Normalized, settings: &Settings, metrics: &dyn Metrics) -> (Vec<Unit>, Vec<(char, usize)>) {
    let em = settings.size;
    let mut units: Vec<Unit> = Vec::with_capacity(text.text.len() / 3 + 1);
    let mut missing = Vec::new();
    for (i, c) in text.text.char_indices() {
        if is_mark(c) {
            if let Some(last) = units.last_mut() {
                last.text.end = i + c.len_utf8();
                continue;
            }
        }
        let class = class_of(c);
        let glyph = metrics.glyph(c);
        if glyph.is_none() {
            missing.push((c, i));
        }
        let glyph = glyph.unwrap_or(super::GlyphInfo { id: 0, advance: 1.0 });
        let advance = glyph.advance * em;
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
        });
    }
    for i in 0..units.len() {
        let next = units.get(i + 1).map(|u| (u.ch, u.class, u.lead));
        let (glue, brk) = match next {
            Some(n) => between(&units[i], n, i, &units, settings.kinsoku, em),
            None => (Glue::default(), Break::Normal),
        };
        units[i].glue = glue;
        units[i].break_after = brk;
    }
    (units, missing)
}

/// Glue and break opportunity between unit `units[i]` and the next one.
fn between(
    a: &Unit,
    (bc, bclass, blead): (char, Class, f64),
    i: usize,
    units: &[Unit],
    level: Kinsoku,
    em: f64,
) -> (Glue, Break) {
    let mut g = Glue::default();
    let mut after = a.trail;
    let mut before = blead;
    // §3.1.4 consecutive punctuation.
    match (a.class, bclass) {
        // 」「 、「 。「: ½ em between, not 1 em.
        (ac, Class::OpeningBracket) if closing_like(ac) => {
            let keep = after.max(before);
            if ac == Class::FullStop {
                after = keep;
                before = 0.0;
            } else {
                after = 0.0;
                before = keep;
            }
        }
        // 。」 、」 」」 」。: solid, the last one keeps its ½ em.
        (ac, bc2) if closing_like(ac) && closing_like(bc2) => after = 0.0,
        // 」・: ¼ em, the middle dot's own.
        (ac, Class::MiddleDot) if closing_like(ac) => after = 0.0,
        // ・「: ¼ em, the middle dot's own.
        (Class::MiddleDot, Class::OpeningBracket) => before = 0.0,
        // 「「: solid, ½ em before the first.
        (Class::OpeningBracket, Class::OpeningBracket) => before = 0.0,
        _ => {}
    }
    // The blanks of brackets and commas shrink mid-line (§3.8.3 step 4); a full
    // stop's never does mid-line (its ½ em marks the sentence end).
    let shrink_after = if a.class == Class::FullStop { 0.0 } else { after };
    let (dot_after, punct_after) = if a.class == Class::MiddleDot { (shrink_after, 0.0) } else { (0.0, shrink_after) };
    let (dot_before, punct_before) = if bclass == Class::MiddleDot { (before, 0.0) } else { (0.0, before) };
    g.natural = after + before;
    g.shrink[SHRINK_MIDDLE_DOT] = dot_after + dot_before;
    g.shrink[SHRINK_PUNCTUATION] = punct_after + punct_before;

    let a_western = a.class.is_western();
    let b_western = bclass.is_western();
    if a.class == Class::WesternSpace {
        // cl-26: ⅓ em, shrinking to ¼ em and stretching to ½ em (§3.2.2, §3.8).
        g.natural += em / 3.0;
        g.shrink[SHRINK_WORD_SPACE] = em / 3.0 - em / 4.0;
        g.stretch[STRETCH_WORD_SPACE] = em / 2.0 - em / 3.0;
    } else if (a_western && jp_for_spacing(bclass)) || (jp_for_spacing(a.class) && b_western) {
        // §3.2.6: ¼ em between Japanese and Western text, ⅛ … ½ em.
        g.natural += em / 4.0;
        g.shrink[SHRINK_JP_LATIN] = em / 8.0;
        g.stretch[STRETCH_JP_LATIN] = em / 4.0;
    }

    // Break opportunity.
    let brk = if bclass == Class::WesternSpace || not_at_line_end(a.ch, level) || not_at_line_start(bc, level) {
        Break::Never
    } else if a.class == Class::WesternSpace {
        Break::Normal
    } else if a.class == Class::Inseparable && a.ch == bc {
        Break::Never // §3.1.10: —— and …… stay together
    } else if (a.class == Class::PrefixedAbbreviation && (bc.is_ascii_digit() || is_fullwidth_digit(bc)))
        || ((a.ch.is_ascii_digit() || is_fullwidth_digit(a.ch)) && bclass == Class::PostfixedAbbreviation)
        || (is_fullwidth_digit(a.ch) && is_fullwidth_digit(bc))
    {
        Break::Never // prefix/postfix + numeral
    } else if a_western && b_western {
        if matches!(a.ch, '/' | '.' | '-' | '?' | '&') && !in_number(units, i) {
            Break::Emergency
        } else {
            Break::Never // §3.1.10: no break inside a Western word or a number
        }
    } else {
        Break::Normal
    };
    g.spreadable = brk != Break::Never || (!a_western && !b_western && a.class != Class::Inseparable);
    if a.class == Class::WesternSpace || bclass == Class::WesternSpace {
        g.spreadable = false;
    }
    (g, brk)
}

/// Japanese text for §3.2.6: not next to brackets, commas and full stops (their
/// own blanks apply), nor next to an ideographic space.
fn jp_for_spacing(c: Class) -> bool {
    c.is_japanese()
        && !matches!(
            c,
            Class::OpeningBracket
                | Class::ClosingBracket
                | Class::FullStop
                | Class::Comma
                | Class::MiddleDot
                | Class::IdeographicSpace
        )
}

/// Whether unit `i` is a '.' or ',' between two digits (5.7, 2,000).
fn in_number(units: &[Unit], i: usize) -> bool {
    let digit = |k: usize| units.get(k).is_some_and(|u| u.ch.is_ascii_digit());
    i > 0 && digit(i - 1) && digit(i + 1)
}
