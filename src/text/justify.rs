//! Line adjustment (JLREQ §3.8): every line but a paragraph's last is set flush at
//! both ends. Shrinking goes by the priorities of §3.8.3, expanding by those of
//! §3.8.4, and the result is a glyph position for every unit — spacing is made by
//! positions, never by inserting characters, so the text extracts as typed.

use super::hyphenate::Hyphens;
use super::itemize::{SHRINK_JP_LATIN, SHRINK_MIDDLE_DOT, SHRINK_PUNCTUATION, SHRINK_WORD_SPACE, Unit};
use super::linebreak::{EPS, available, head_blank, line_end_blank_droppable, may_hang, visible};
use super::{Align, Fit, Line, PlacedGlyph, Settings, Shape};

/// The glue priorities of §3.8.3, in order. Step 2 of §3.8.3, the ½ em after a
/// line-end 」、。, is handled apart in `place_line`: it is all or nothing.
const MID_LINE_SHRINK: [usize; 4] = [SHRINK_WORD_SPACE, SHRINK_MIDDLE_DOT, SHRINK_PUNCTUATION, SHRINK_JP_LATIN];

/// Place the units of every line (`breaks`: each line's end, and whether it
/// takes an added hyphen, from `linebreak::break_lines`).
pub fn place_lines(
    units: &[Unit],
    breaks: &(Vec<usize>, Vec<bool>),
    shape: Shape,
    settings: &Settings,
    hyphens: &Hyphens,
) -> Vec<Line> {
    let (ends, hyphenated) = breaks;
    let mut lines = Vec::with_capacity(ends.len());
    let mut start = 0;
    for (n, &end) in ends.iter().enumerate() {
        let first = n == 0;
        let last = n + 1 == ends.len();
        let hyphen = hyphenated[n].then_some(hyphens);
        let mut line = place_line(&units[start..end], first, last, shape, settings, hyphen);
        // A break where the text gave no opportunity (an unbreakable run wider
        // than the measure, cut at its edge). A cut inside a narrower run — a URL
        // or a code cut by §3.5.4 (`linebreak`) — is a typesetter's choice, not a
        // run the line could not hold.
        line.forced = !last
            && units[end - 1].break_after == super::itemize::Break::Never
            && !hyphenated[n]
            && run_width(units, end - 1) > available(shape, false).min(available(shape, true)) + EPS;
        // A break the kinsoku level allows only at level 3 (ー, small kana, 々 at the
        // head of this line), taken because the line before would be too loose.
        line.relaxed = start > 0 && units[start - 1].break_after == super::itemize::Break::Relaxed;
        line.in_word = !last && units[end - 1].break_after == super::itemize::Break::InWord;
        lines.push(line);
        start = end;
    }
    lines
}

/// The natural width of the unbreakable run holding `units[k]`: from the unit
/// after the opportunity before it to the first opportunity at or after it.
fn run_width(units: &[Unit], k: usize) -> f64 {
    use super::itemize::Break;
    let start = units[..k].iter().rposition(|u| u.break_after != Break::Never).map_or(0, |p| p + 1);
    let end = units[k..].iter().position(|u| u.break_after != Break::Never).map_or(units.len(), |p| k + p + 1);
    let run = &units[start..end];
    run.iter().map(Unit::box_width).sum::<f64>() + run[..run.len() - 1].iter().map(|u| u.glue.natural).sum::<f64>()
}

/// One line; `hyphen`: the line ends inside a word and takes an added hyphen
/// after its last unit, a box of the hyphen's advance set solid against it.
fn place_line(
    units: &[Unit],
    first: bool,
    last: bool,
    shape: Shape,
    settings: &Settings,
    hyphen: Option<&Hyphens>,
) -> Line {
    let avail = available(shape, first);
    let indent = if first { shape.first_indent } else { shape.rest_indent };
    // Trailing word spaces are set at the line end with no width (§3.2.2).
    let line = visible(units);
    let n = line.len();
    let end_unit = &line[n - 1];
    let head = head_blank(&line[0], first, settings);
    // gaps[k]: the space after unit k, for k < n - 1; the line's last unit has `tail`.
    let mut gaps: Vec<f64> = line[..n - 1].iter().map(|u| u.glue.natural).collect();
    let mut tail = end_unit.trail;
    let hyphen_advance = hyphen.map_or(0.0, |h| h.advance);
    let boxes: f64 = line.iter().map(Unit::box_width).sum::<f64>() + hyphen_advance;
    let glue: f64 = gaps.iter().sum();
    let shrinkable = |p: usize| -> f64 { line[..n - 1].iter().map(|u| u.glue.shrink[p]).sum() };

    let mut width = head + boxes + glue + tail;
    let mut tail_dropped = false;
    // §3.8.3 step 1 is word spaces; if they are not enough, step 2 takes the ½ em
    // after a line-end 」、。 — entirely (§3.1.9: half em or solid, nothing between),
    // and the line is then adjusted again from the start, so word spaces given up
    // before are restored and the line may even have to expand.
    if width > avail + EPS && width - shrinkable(SHRINK_WORD_SPACE) > avail + EPS && line_end_blank_droppable(end_unit)
    {
        width -= tail;
        tail = 0.0;
        tail_dropped = true;
    }
    // Burasage (§3.8.2), only when shrinking cannot make the line fit: the 、。 and
    // its blank go outside the measure, and the rest is justified to the measure.
    let full_shrink: f64 = MID_LINE_SHRINK.iter().map(|&p| shrinkable(p)).sum();
    let mut hanging = 0.0;
    if may_hang(end_unit, settings) && width - full_shrink > avail + EPS {
        hanging = end_unit.box_width();
        width -= hanging + tail;
        tail = 0.0;
    }
    // A line that hangs its 、。 is set flush even when it is the paragraph's last:
    // the mark hangs from the margin, not half inside it.
    let justify = settings.align == Align::Justify && (!last || hanging > 0.0);
    // §3.1.12 / Table 3 stage 3: a line-end ・ gives up its ¼ em (as far as
    // needed) after the word spaces and before any middle-line spacing.
    if settings.reduce_line_end_middle_dot
        && width > avail + EPS
        && end_unit.class == super::classes::Class::MiddleDot
        && hanging == 0.0
    {
        let words = shrinkable(SHRINK_WORD_SPACE);
        let take = (width - avail - words).clamp(0.0, tail);
        tail -= take;
        width -= take;
        tail_dropped |= take > 0.0;
    }
    let fit = if width > avail + EPS {
        shrink(line, &mut gaps, width - avail)
    } else if justify && width < avail - EPS {
        expand(line, &mut gaps, avail - width)
    } else if tail_dropped {
        Fit::Shrunk
    } else {
        Fit::Natural
    };
    let set_width = head + boxes + gaps.iter().sum::<f64>() + tail - hanging;
    let offset = match settings.align {
        Align::Center => (avail - set_width) / 2.0,
        Align::End => avail - set_width,
        Align::Justify | Align::Start => 0.0,
    }
    .max(if fit == Fit::Overfull { 0.0 } else { f64::MIN });
    let mut x = indent + offset + head;
    let mut glyphs = Vec::with_capacity(units.len());
    for (k, u) in line.iter().enumerate() {
        glyphs.push(PlacedGlyph { id: u.gid, x: x - u.lead, advance: u.advance, text: u.text.clone() });
        x += u.box_width() + gaps.get(k).copied().unwrap_or(tail);
    }
    for u in &units[n..] {
        glyphs.push(PlacedGlyph { id: u.gid, x, advance: u.advance, text: u.text.clone() });
    }
    let text = units[0].text.start..units[units.len() - 1].text.end;
    if let Some(h) = hyphen {
        // After the last letter's box (its tail is 0: a letter has no blank),
        // standing for no text.
        glyphs.push(PlacedGlyph { id: h.glyph, x, advance: h.advance, text: text.end..text.end });
        x += h.advance;
    }
    Line {
        glyphs,
        start: indent + offset,
        end: x,
        available: avail,
        fit,
        text,
        forced: false,
        relaxed: false,
        in_word: false,
        hyphenated: hyphen.is_some(),
    }
}

/// §3.8.3: take `need` away from the mid-line glue, priority by priority (word
/// spaces to ¼ em, then ・ spacing, then the ½ em of brackets and commas, then the
/// ¼ em between Japanese and Western text down to ⅛ em), evenly within a priority.
fn shrink(line: &[Unit], gaps: &mut [f64], mut need: f64) -> Fit {
    for p in MID_LINE_SHRINK {
        let avail: f64 = line[..gaps.len()].iter().map(|u| u.glue.shrink[p]).sum();
        if avail <= 0.0 {
            continue;
        }
        let ratio = (need / avail).min(1.0);
        for (gap, u) in gaps.iter_mut().zip(line) {
            *gap -= u.glue.shrink[p] * ratio;
        }
        need -= avail * ratio;
        if need <= EPS {
            return Fit::Shrunk;
        }
    }
    Fit::Overfull
}

/// §3.8.4: add `need`, word spaces first (to ½ em), then Japanese–Western spacing
/// (to ½ em), then evenly at every gap where the line could break (Table 6: never
/// inside unbreakable sequences or next to kinsoku characters). With none of those,
/// word spaces and Japanese–Western gaps grow past their maximum; with nothing at
/// all (one Western word) the line stays short: [`Fit::Underfull`].
///
/// Deliberate simplification: Table 6's third step (up to ¼ em at break
/// opportunities) and fourth (equalising all of them) are merged into one even
/// distribution over the break opportunities.
fn expand(line: &[Unit], gaps: &mut [f64], mut need: f64) -> Fit {
    let inner = &line[..gaps.len()];
    for p in 0..2 {
        let avail: f64 = inner.iter().map(|u| u.glue.stretch[p]).sum();
        if avail <= 0.0 {
            continue;
        }
        let ratio = (need / avail).min(1.0);
        for (gap, u) in gaps.iter_mut().zip(inner) {
            *gap += u.glue.stretch[p] * ratio;
        }
        need -= avail * ratio;
        if need <= EPS {
            return Fit::Expanded;
        }
    }
    // Step 3 spreads what is left between characters — not on the word spaces and
    // Japanese–Western spaces steps 1 and 2 have already opened to their ½ em
    // limit (Table 6), so that no gap grows past ½ em while another can take it.
    let stretchable = |u: &Unit| u.glue.stretch.iter().sum::<f64>() > 0.0;
    let between_characters = |u: &Unit| u.glue.spreadable && !stretchable(u);
    let spreadable = |u: &Unit| u.glue.spreadable;
    let open: &dyn Fn(&Unit) -> bool = if inner.iter().any(between_characters) {
        &between_characters
    } else if inner.iter().any(spreadable) {
        &spreadable
    } else {
        &stretchable
    };
    let count = inner.iter().filter(|u| open(u)).count();
    if count == 0 {
        return Fit::Underfull;
    }
    let each = need / count as f64;
    for (gap, u) in gaps.iter_mut().zip(inner) {
        if open(u) {
            *gap += each;
        }
    }
    Fit::Expanded
}
