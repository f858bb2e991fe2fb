//! Choosing the breaks (JLREQ §3.8.2): a line takes as much as it can hold when
//! shrunk (oikomi) before anything is pushed to the next line (oidashi). One pass,
//! each unit examined a bounded number of times: linear in the paragraph length,
//! with no allocation per candidate.
//!
//! Deliberate departure: breaks are chosen greedily, line by line, as JLREQ
//! describes it (§3.8.2), not by a total-fit optimisation over the paragraph.

use super::classes::Class;
use super::hyphenate::Hyphens;
use super::itemize::{Break, Unit};
use super::{Align, HeadBracket, Settings, Shape, Stats};

/// Tolerance for "fits": widths are sums of a few dozen f64 values in points.
pub const EPS: f64 = 1e-6;

/// The end (exclusive unit index) of every line, and whether the line ends
/// inside a word with an added hyphen ([`super::hyphenate`]).
pub fn break_lines(
    units: &[Unit],
    shape: Shape,
    settings: &Settings,
    hyphens: &Hyphens,
    stats: &mut Stats,
) -> (Vec<usize>, Vec<bool>) {
    let mut ends = Vec::new();
    let mut hyphenated = Vec::new();
    let mut start = 0;
    while start < units.len() {
        let measure = available(shape, ends.is_empty());
        let (end, hyphen) =
            next_break(units, start, measure, available(shape, false), ends.is_empty(), settings, hyphens, stats);
        let end = if hyphen { end } else { past_spaces(units, end, settings) };
        ends.push(end);
        hyphenated.push(hyphen);
        start = end;
    }
    if settings.avoid_single_char_last_line {
        let n = ends.len();
        let before = ends.get(n.wrapping_sub(2)).copied();
        avoid_single_char_last_line(units, &mut ends, shape, settings);
        if n >= 2 && ends.get(n - 2).copied() != before {
            hyphenated[n - 2] = false;
        }
    }
    (ends, hyphenated)
}

/// A break before ideographic spaces is taken after them: JLREQ allows the break
/// (Appendix C.2, cl-14), but the U+3000 an author typed between items belongs
/// to neither line, and at the head of a wrapped line it would print as an
/// indent; at a line end it takes no room ([`visible`]).
/// Only when the text after the spaces may start a line ("　、" keeps its break
/// before the space), and only with [`Settings::break_after_ideographic_space`].
fn past_spaces(units: &[Unit], end: usize, settings: &Settings) -> usize {
    if !settings.break_after_ideographic_space {
        return end;
    }
    let mut e = end;
    while e < units.len() && units[e].class == Class::IdeographicSpace {
        e += 1;
    }
    if e == units.len() || units[e - 1].break_after != Break::Never { e } else { end }
}

/// The width available to a line.
pub fn available(shape: Shape, first: bool) -> f64 {
    shape.measure - if first { shape.first_indent } else { shape.rest_indent }
}

/// Blank before the first unit of a line (§3.1.5). An opening bracket keeps its
/// blank half at a paragraph start (after the 1 em indent: JIS style, so its box
/// starts exactly at the indent); on a wrapped line it is set flush (tentsuki) unless
/// [`HeadBracket::KeepBlank`]. Other leads (a ・ allowed at a line head by
/// [`super::Kinsoku::Loose`]) are kept: the middle dot is a full-width character.
pub fn head_blank(u: &Unit, paragraph_start: bool, settings: &Settings) -> f64 {
    let tentsuki = u.class == Class::OpeningBracket && !paragraph_start && settings.head_bracket == HeadBracket::Jis;
    if tentsuki { 0.0 } else { u.lead }
}

/// The units of a line that take room: all but its trailing spaces — word spaces,
/// set solid at the line end (§3.2.2), and ideographic spaces (cl-14) an author
/// typed between items ("2004年１月　東京"), which at a line end would only leave
/// the line an em short — so the blank of the character before them is a
/// line-end blank (§3.1.9), not mid-line glue. A line of nothing but spaces keeps
/// them all (an author's indent).
pub fn visible(line: &[Unit]) -> &[Unit] {
    let n = line
        .iter()
        .rposition(|u| !matches!(u.class, Class::WesternSpace | Class::IdeographicSpace))
        .map_or(line.len(), |k| k + 1);
    &line[..n]
}

/// Natural and minimum width of units `start..end` set as one line.
pub fn line_widths(units: &[Unit], start: usize, end: usize, paragraph_start: bool, settings: &Settings) -> (f64, f64) {
    let mut natural = head_blank(&units[start], paragraph_start, settings);
    let mut min = natural;
    let line = visible(&units[start..end]);
    for (k, u) in line.iter().enumerate() {
        natural += u.box_width();
        min += u.box_width();
        if k + 1 < line.len() {
            natural += u.glue.natural;
            min += u.glue.natural - u.glue.shrink.iter().sum::<f64>();
        } else {
            let (n, m) = tail(u, settings);
            natural += n;
            min += m;
        }
    }
    (natural, min)
}

/// Whether the blank after a line's last unit may be taken away: the ½ em after
/// cl-02 」, cl-06 。 and cl-07 、 (§3.1.9: "half em or solid", nothing between).
/// A middle dot keeps its ¼ em blanks at the line end, so that its full-width box
/// ends flush with the measure instead of protruding past it (the brief), unless
/// [`Settings::reduce_line_end_middle_dot`] (JLREQ §3.1.12: the ¼ em shrinks,
/// before any middle-line spacing, when the line must be reduced).
pub fn line_end_blank_droppable(u: &Unit) -> bool {
    matches!(u.class, Class::ClosingBracket | Class::FullStop | Class::Comma)
}

/// Whether a line's last unit may hang beyond the measure (burasage, §3.8.2):
/// 、 and 。 only, and only when enabled.
pub fn may_hang(u: &Unit, settings: &Settings) -> bool {
    settings.burasage && matches!(u.class, Class::Comma | Class::FullStop)
}

/// Natural and minimum width a line's last unit adds after its box: its trailing
/// blank, droppable for 」、。 (§3.1.9). With burasage (§3.8.2) a 、。 may hang
/// entirely outside the measure, so its box does not count either.
fn tail(u: &Unit, settings: &Settings) -> (f64, f64) {
    if may_hang(u, settings) {
        (u.trail, -u.box_width())
    } else if line_end_blank_droppable(u) || (u.class == Class::MiddleDot && settings.reduce_line_end_middle_dot) {
        // 」、。 drop their ½ em; a ・ may give up its line-end ¼ em (Table 3 stage 3).
        (u.trail, 0.0)
    } else {
        (u.trail, u.trail)
    }
}

/// The end of the line starting at `start`: the furthest normal break opportunity
/// whose line fits when fully shrunk (oikomi before oidashi, §3.8.2) — or a
/// further relaxed or emergency one when that line would be too loose; failing
/// that the furthest emergency break (inside a URL, §3.1.10); failing that — the
/// text up to the first opportunity does not fit even alone — a forced break at
/// the measure, inside the unbreakable run, so that its rest goes on with the
/// text after it on the next line (the layout reports the forced break). Only a
/// single unit wider than the measure makes an overfull line.
///
/// Work bound, counted in `stats.candidates`: a search examines units from its
/// start up to the first one that overflows, and no unit is examined by more than
/// three searches, so the count is at most 3 × the number of units — linear,
/// whatever the measures and indents.
///
/// Proof. (1) A search that examines a unit u lying beyond the break it chose did
/// so in its fitting scan (the overfull scan stops at its own break), so every
/// opportunity before u fitted and was a candidate. If a line start lies in (its
/// choice, u], it was a candidate beyond the choice; as a search takes the furthest
/// normal candidate, or the furthest emergency one when it has no normal one, the
/// choice was then a normal break and every line start in (choice, u] an emergency
/// break. (2) Let u be examined by four searches, for lines L1 < L2 < L3
/// < L4, so that u ≥ start(L4). Search L1 chose start(L1 + 1) ≤ start(L2) < u, so
/// by (1) start(L2 + 1), which lies in (start(L1 + 1), start(L4)], is an emergency
/// break. Search L2 chose start(L2 + 1) ≤ start(L3) < start(L4) ≤ u, so by (1) it is
/// a normal break: a contradiction. (Three is reached: text, a word space, then a
/// long URL — the URL's head is examined by the line before it and by its first two
/// lines.)
///
/// Hyphenation ([`super::hyphenate`]) adds candidates: a pattern point after
/// the furthest normal break, where the line with an added hyphen still fits,
/// is taken (with the relaxed and emergency breaks, after them) when the line
/// would otherwise be too loose, and before a forced cut inside a word wider
/// than the measure. Only such an extreme line looks for the points: it scans
/// its units once more ([`furthest_hyphen`], not counted in the candidates), so
/// the work stays linear and a paragraph of good lines costs nothing. The
/// second value says the break takes a hyphen.
#[allow(clippy::too_many_arguments)]
fn next_break(
    units: &[Unit],
    start: usize,
    measure: f64,
    next_measure: f64,
    paragraph_start: bool,
    settings: &Settings,
    hyphens: &Hyphens,
    stats: &mut Stats,
) -> (usize, bool) {
    // Running minimum width of units start..=k, without the glue after k.
    let mut min = head_blank(&units[start], paragraph_start, settings);
    let mut best_normal: Option<usize> = None;
    let mut best_emergency: Option<usize> = None;
    let mut best_relaxed: Option<usize> = None;
    let mut best_in_word: Option<usize> = None;
    // The furthest break after U+3000 or ／ (keep_words) and the line's width there.
    let mut best_preferred: Option<(usize, f64)> = None;
    let mut overflow = units.len();
    for (k, u) in units.iter().enumerate().skip(start) {
        min += u.box_width();
        let (_, tail_min) = tail(u, settings);
        stats.candidates += 1;
        // A word space ending the line takes no room (§3.2.2), nor does an
        // ideographic space ([`visible`]): the line is as wide as up to the
        // character before it, which fitted.
        let no_room = u.class == Class::WesternSpace
            || (u.class == Class::IdeographicSpace && settings.break_after_ideographic_space);
        if !no_room && min + tail_min > measure + EPS {
            overflow = k;
            break;
        }
        match u.break_after {
            Break::Normal => best_normal = Some(k + 1),
            Break::Emergency => best_emergency = Some(k + 1),
            Break::Relaxed => best_relaxed = Some(k + 1),
            Break::InWord => best_in_word = Some(k + 1),
            Break::Preferred => {
                best_normal = Some(k + 1);
                best_preferred = Some((k + 1, min + tail_min));
            }
            Break::Never => {}
        }
        min += u.glue.natural - u.glue.shrink.iter().sum::<f64>();
    }
    if let Some(end) = best_normal {
        // A narrow measure (keep_words) breaks at the last U+3000 or ／ on the line
        // rather than at a later word boundary, when the line is at least half
        // full there: the items an author separated stay whole, and a line is not
        // left with a stub before its separator.
        if overflow < units.len()
            && let Some((preferred, width)) = best_preferred
            && preferred < end
            && width >= measure / 2.0
        {
            return (preferred, false);
        }
        // Extreme lines: before a line opens gaps wider than ½ em, relax ー and
        // small kana to level 3 (strict) for it, then break inside a URL or a
        // Latin string at / . - (§3.1.10); a line still too loose is kept, and
        // the layout reports it with its page. Last, hyphenate the word after
        // the break (a justified line only: elsewhere no gap opens).
        if end < units.len() && too_loose(units, start, end, measure, paragraph_start, settings) {
            let hyphen = (settings.align == Align::Justify)
                .then(|| furthest_hyphen(units, start, overflow, measure, paragraph_start, settings, hyphens))
                .flatten()
                .filter(|&h| h > end);
            let further: Vec<(usize, bool)> = [best_relaxed, best_emergency]
                .into_iter()
                .flatten()
                .filter(|&b| b > end)
                .map(|b| (b, false))
                .chain(hyphen.map(|h| (h, true)))
                .collect();
            let loose = |&(b, h): &(usize, bool)| {
                let extra = if h { hyphens.advance } else { 0.0 };
                too_loose_by(units, start, b, extra, measure, paragraph_start, settings)
            };
            if let Some(&b) = further.iter().find(|b| !loose(b)) {
                return b;
            }
            // Still too loose before a URL: a URL is no word, so it is cut where the
            // line is full, between any two of its characters (after its furthest
            // URL point that fits, if that was no better).
            let furthest = further.iter().map(|&(b, _)| b).max().unwrap_or(end);
            if overflow < units.len()
                && let Some(cut) = url_cut(units, furthest, overflow, settings)
            {
                return (cut, false);
            }
            if let Some(&b) = further.iter().max_by_key(|(b, _)| *b) {
                return b;
            }
            // The run after the break is wider than a whole line anyway and will be
            // cut at the measure: cut it here, filling this line, rather than leave
            // the line loose before it.
            if overflow < units.len()
                && run_wider_than(units, end, next_measure)
                && let Some(cut) =
                    forced_cut(units, end, overflow, settings).or_else(|| number_cut(units, end, overflow, settings))
            {
                return (cut, false);
            }
        }
        return (end, false);
    }
    // No word boundary fits: the word at the line start is wider than the measure
    // (keep_words). Break inside it where JLREQ allows, or inside a URL; failing
    // that, hyphenate it.
    if let Some(end) = best_in_word.max(best_emergency) {
        // The same after a forced cut: a line holding only the rest of a URL's
        // part up to its next break (a lone "/") while the run after it is wider
        // than a line anyway takes the start of that run, filled to the measure
        // (§3.5.4's concern: no line of one character).
        if end < units.len()
            && overflow < units.len()
            && too_loose(units, start, end, measure, paragraph_start, settings)
            && run_wider_than(units, end, next_measure)
            && let Some(cut) =
                forced_cut(units, end, overflow, settings).or_else(|| number_cut(units, end, overflow, settings))
        {
            return (cut, false);
        }
        return (end, false);
    }
    // A word wider than the measure: at its furthest pattern point that leaves
    // the line no looser than a justified line may be (a nonsense string's
    // points can be few: then the forced cut below fills the line instead).
    if let Some(h) = furthest_hyphen(units, start, overflow, measure, paragraph_start, settings, hyphens)
        && !too_loose_by(units, start, h, hyphens.advance, measure, paragraph_start, settings)
    {
        return (h, true);
    }
    // Nothing fits: units start..overflow hold no opportunity at all (an opportunity
    // before the overflow would have fitted). Cut the run where the text block
    // ends; a number wider than the line has to be cut somewhere too — after a
    // separator if it has one ("246271,37480," | "084"), else between digits,
    // never before a separator — so that its rest runs on with the text after it
    // rather than stand alone (§3.5.4's concern). Failing any cut that keeps
    // kinsoku, the line is the run up to its first opportunity, overfull.
    let end = forced_cut(units, start, overflow, settings)
        .or_else(|| number_cut(units, start, overflow, settings))
        .unwrap_or_else(|| {
            (overflow..units.len()).find(|&k| units[k].break_after != Break::Never).map_or(units.len(), |k| k + 1)
        });
    (end, false)
}

/// Where to cut a number wider than the measure (see [`next_break`]): the
/// furthest place in `start + 1..=overflow` after a "," or "." between digits,
/// else the furthest between two digits; kinsoku kept, no separator at a line
/// head, something left on the line.
fn number_cut(units: &[Unit], start: usize, overflow: usize, settings: &Settings) -> Option<usize> {
    use super::classes::{not_at_line_end, not_at_line_start};
    let ok = |k: usize| {
        let (a, b) = (&units[k - 1], &units[k]);
        !not_at_line_end(a.ch, settings.kinsoku)
            && !not_at_line_start(b.ch, settings.kinsoku)
            && !matches!(b.ch, '.' | ',')
            && b.class != Class::WesternSpace
    };
    let range = || (start + 1..=overflow.min(units.len() - 1)).rev();
    range()
        .find(|&k| ok(k) && matches!(units[k - 1].ch, '.' | ',') && units[k].ch.is_ascii_digit())
        .or_else(|| range().find(|&k| ok(k) && units[k - 1].ch.is_ascii_digit() && units[k].ch.is_ascii_digit()))
}

/// The furthest pattern point (a break with an added hyphen, [`Hyphens`]) in
/// units `start..overflow` where the line, fully shrunk, still fits with its
/// hyphen: the line's units scanned again, as [`next_break`] scans them.
fn furthest_hyphen(
    units: &[Unit],
    start: usize,
    overflow: usize,
    measure: f64,
    paragraph_start: bool,
    settings: &Settings,
    hyphens: &Hyphens,
) -> Option<usize> {
    if !hyphens.enabled() {
        return None;
    }
    let mut min = head_blank(&units[start], paragraph_start, settings);
    let mut best = None;
    for (k, u) in units.iter().enumerate().take(overflow).skip(start) {
        min += u.box_width();
        if hyphens.after(units, k) && min + hyphens.advance <= measure + EPS {
            best = Some(k + 1);
        }
        min += u.glue.natural - u.glue.shrink.iter().sum::<f64>();
    }
    best
}

/// Where to cut an unbreakable run that a line cannot hold: the furthest place
/// in `start + 1..=overflow` that still keeps kinsoku (§3.1.7, §3.1.8), does not
/// split a number, ——/…… or a word space from its word, and leaves something on
/// the line.
fn forced_cut(units: &[Unit], start: usize, overflow: usize, settings: &Settings) -> Option<usize> {
    use super::classes::{not_at_line_end, not_at_line_start};
    (start + 1..=overflow.min(units.len() - 1)).rev().find(|&k| {
        let (a, b) = (&units[k - 1], &units[k]);
        let splits = not_at_line_end(a.ch, settings.kinsoku)
            || not_at_line_start(b.ch, settings.kinsoku)
            || in_number(a.ch, b.ch)
            || (a.class == Class::Inseparable && a.ch == b.ch)
            || b.class == Class::WesternSpace;
        !splits
    })
}

/// Whether a cut between `a` and `b` would split a number: two digits, or a
/// digit and the decimal point or separator beside it (cl-24, §3.1.10).
fn in_number(a: char, b: char) -> bool {
    let part = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',');
    part(a) && part(b) && (a.is_ascii_digit() || b.is_ascii_digit())
}

/// Whether the units from `from` up to their first break opportunity are wider
/// than `width`: a run that no line can hold.
fn run_wider_than(units: &[Unit], from: usize, width: f64) -> bool {
    let mut w = 0.0;
    for u in &units[from..] {
        w += u.box_width();
        if w > width + EPS {
            return true;
        }
        if u.break_after != Break::Never {
            return false;
        }
        w += u.glue.natural;
    }
    false
}

/// Whether the line `start..end`, justified to `measure`, would open gaps wider
/// than ½ em: the room left at its natural width, shared among the places that
/// may expand (between characters where a line could break, word spaces), is
/// more than ½ em each.
pub fn too_loose(
    units: &[Unit],
    start: usize,
    end: usize,
    measure: f64,
    paragraph_start: bool,
    settings: &Settings,
) -> bool {
    too_loose_by(units, start, end, 0.0, measure, paragraph_start, settings)
}

/// [`too_loose`] for a line that ends with `extra` points more than its units
/// (an added hyphen).
fn too_loose_by(
    units: &[Unit],
    start: usize,
    end: usize,
    extra: f64,
    measure: f64,
    paragraph_start: bool,
    settings: &Settings,
) -> bool {
    let half = settings.size / 2.0;
    let (room, gap) = room_and_gap(units, start, end, extra, measure, paragraph_start, settings);
    room > half + EPS && gap > half + EPS
}

/// The line `start..end` justified to `measure`: the room left at its natural
/// width, and the gap each place that may expand would open (the room shared
/// among them; all of it when there is none).
fn room_and_gap(
    units: &[Unit],
    start: usize,
    end: usize,
    extra: f64,
    measure: f64,
    paragraph_start: bool,
    settings: &Settings,
) -> (f64, f64) {
    let (natural, _) = line_widths(units, start, end, paragraph_start, settings);
    let room = measure - natural - extra;
    let line = visible(&units[start..end]);
    let places = line[..line.len().saturating_sub(1)]
        .iter()
        .filter(|u| u.glue.spreadable || u.class == Class::WesternSpace)
        .count();
    (room, room / places.max(1) as f64)
}

/// §3.5.4 (widow adjustment): a last line holding a single character looks like an
/// accident — and so does one character followed only by closing punctuation
/// (「す。」「発）」「た！」): the punctuation does not count as a character. Move the previous break back to its previous opportunity (a normal one
/// if the line has any, else an emergency one), so that the last line gets at least
/// two characters, when the new last line fits at its natural width and the previous
/// line keeps at least two characters. JLREQ notes
/// this is "often tolerated"; the brief asks to avoid it. The previous line then
/// ends earlier and is expanded (§3.8.4).
fn avoid_single_char_last_line(units: &[Unit], ends: &mut [usize], shape: Shape, settings: &Settings) {
    let n = ends.len();
    if n < 2 {
        return;
    }
    // Closing brackets, full stops, commas, ！？ — and their ASCII forms.
    let trailing_punctuation = |u: &Unit| {
        matches!(u.class, Class::ClosingBracket | Class::FullStop | Class::Comma | Class::DividingPunctuation)
            || matches!(u.ch, ')' | ']' | '}' | '!' | '?' | '.' | ',')
    };
    let characters = units[ends[n - 2]..].iter().filter(|u| !trailing_punctuation(u)).count();
    let punctuation_only_after_first =
        units[ends[n - 2]..].iter().skip(1).all(|u| trailing_punctuation(u) || u.class == Class::WesternSpace);
    if characters != 1 || !punctuation_only_after_first {
        return;
    }
    let last_start = ends[n - 2];
    let prev_start = if n >= 3 { ends[n - 3] } else { 0 };
    // Candidate ends of the previous line, latest first. It keeps at least two
    // characters (word and ideographic spaces do not count): trading a
    // one-character last line for a one-character line above it gains nothing.
    let keeps_two = |k: usize| {
        units[prev_start..k]
            .iter()
            .filter(|u| !matches!(u.class, Class::WesternSpace | Class::IdeographicSpace))
            .count()
            >= 2
    };
    let opportunities = || (prev_start + 2..last_start).rev().filter(move |&k| keeps_two(k));
    let normal = opportunities().find(|&k| matches!(units[k - 1].break_after, Break::Normal | Break::Preferred));
    let emergency = opportunities().find(|&k| units[k - 1].break_after == Break::Emergency);
    // The line before was cut inside a run wider than the measure (a long
    // URL): cut it one place earlier, where the rules allow.
    let earlier_cut = (units[last_start - 1].break_after == Break::Never && last_start > prev_start + 3)
        .then(|| forced_cut(units, prev_start + 2, last_start - 1, settings))
        .flatten();
    // The line before is one unbreakable run that the last character cannot
    // join (it is full even compressed): cut the run where it is no word — between
    // two characters of a URL, or where a code's letters meet its digits
    // ("WDR|07742") — keeping kinsoku and numbers whole.
    let in_run = opportunities().find(|&k| units[k - 1].break_after == Break::Never && run_cut(units, k, settings));
    let candidates =
        [normal, emergency, earlier_cut, in_run].into_iter().flatten().map(|k| past_spaces(units, k, settings));
    let fits = |&k: &usize| {
        k < last_start && line_widths(units, k, units.len(), false, settings).0 <= available(shape, false) + EPS
    };
    // The first remedy whose last line fits, and that leaves the line above no
    // looser than a justified line may be (½ em gaps) if one does: a normal
    // break before a URL that opens wide gaps gives way to a break inside it.
    // If none does, the one whose line above opens the narrowest gaps — never
    // the first by rank, which may leave two characters before a whole URL
    // on a line of their own (seed 24 case 19: 「ミー」 alone, 378 pt short).
    let measure = available(shape, n == 2);
    let tight = |&k: &usize| !too_loose(units, prev_start, k, measure, prev_start == 0, settings);
    let gap = |k: usize| room_and_gap(units, prev_start, k, 0.0, measure, prev_start == 0, settings).1;
    let least_loose = || candidates.clone().filter(fits).min_by(|&a, &b| gap(a).total_cmp(&gap(b)));
    if let Some(new_end) = candidates.clone().filter(fits).find(tight).or_else(least_loose) {
        ends[n - 2] = new_end;
    }
}

/// The furthest place in `from + 1..=overflow` inside a URL (both neighbours
/// URL units, [`run_cut`]) where a too-loose line may end instead.
fn url_cut(units: &[Unit], from: usize, overflow: usize, settings: &Settings) -> Option<usize> {
    (from + 1..=overflow.min(units.len() - 1))
        .rev()
        .find(|&k| units[k - 1].url && units[k].url && run_cut(units, k, settings))
}

/// Whether the previous line may be cut between `units[k - 1]` and `units[k]`
/// though the text gives no opportunity there (§3.5.4's last remedy): inside a
/// URL (not a word: any two of its characters), or between a Latin letter and
/// a digit of one Western run (a code such as "WDR07742": the letters and the
/// number are two parts) — never against kinsoku, inside a number, or before a
/// word space.
fn run_cut(units: &[Unit], k: usize, settings: &Settings) -> bool {
    use super::classes::{not_at_line_end, not_at_line_start};
    let (a, b) = (&units[k - 1], &units[k]);
    let code =
        (a.ch.is_ascii_alphabetic() && b.ch.is_ascii_digit()) || (a.ch.is_ascii_digit() && b.ch.is_ascii_alphabetic());
    (a.url && b.url && !(a.ch == '/' && b.ch == '/') || code)
        && !not_at_line_end(a.ch, settings.kinsoku)
        && !not_at_line_start(b.ch, settings.kinsoku)
        && !in_number(a.ch, b.ch)
        && b.class != Class::WesternSpace
}
