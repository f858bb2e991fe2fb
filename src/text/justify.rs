//! Line adjustment (JLREQ §3.8): every line but a paragraph's last is set flush at
//! both ends. Shrinking goes by the priorities of §3.8.3, expanding by those of
//! §3.8.4, and the result is a glyph position for every unit — spacing is made by
//! positions, never by inserting characters, so the text extracts as typed.

use super::itemize::{SHRINK_LINE_END, Unit};
use super::linebreak::{available, head_blank};
use super::{Align, Fit, Line, PlacedGlyph, Settings, Shape};

/// Place the units of every line.
pub fn place_lines(units: &[Unit], ends: &[usize], shape: Shape, settings: &Settings) -> Vec<Line> {
    let mut lines = Vec::with_capacity(ends.len());
    let mut start = 0;
    for (n, &end) in ends.iter().enumerate() {
        let first = n == 0;
        let last = n + 1 == ends.len();
        lines.push(place_line(units, start, end, first, last, shape, settings));
        start = end;
    }
    lines
}

/// The adjustment of each gap of one line: glue after units start..end-1, then the tail.
struct Gaps {
    /// Width of each gap after adjustment; the last entry is the tail blank.
    width: Vec<f64>,
}

fn place_line(
    units: &[Unit],
    start: usize,
    end: usize,
    first: bool,
    last: bool,
    shape: Shape,
    settings: &Settings,
) -> Line {
    let avail = available(shape, first);
    let indent = if first { shape.first_indent } else { shape.rest_indent };
    let line_units = &units[start..end];
    let head = head_blank(&line_units[0], first, settings);
    let n = line_units.len();
    let mut gaps = Gaps { width: Vec::with_capacity(n) };
    for (k, u) in line_units.iter().enumerate() {
        gaps.width.push(if k + 1 < n { u.glue.natural } else { u.trail });
    }
    let boxes: f64 = line_units.iter().map(Unit::box_width).sum();
    let natural = head + boxes + gaps.width.iter().sum::<f64>();
    let justify = settings.align == Align::Justify && !last;
    let mut fit = Fit::Natural;
    const EPS: f64 = 1e-9;
    if natural > avail + EPS {
        fit = shrink(line_units, &mut gaps, natural - avail, settings);
    } else if justify && natural < avail - EPS {
        fit = expand(line_units, &mut gaps, avail - natural);
    }
    let width = head + boxes + gaps.width.iter().sum::<f64>();
    let offset = match settings.align {
        Align::Center => (avail - width) / 2.0,
        Align::End => avail - width,
        _ => 0.0,
    }
    .max(if fit == Fit::Overfull { 0.0 } else { f64::MIN });
    let mut x = indent + offset + head;
    let mut glyphs = Vec::with_capacity(n);
    for (k, u) in line_units.iter().enumerate() {
        glyphs.push(PlacedGlyph { id: u.gid, x: x - u.lead, advance: u.advance, text: u.text.clone() });
        x += u.box_width() + gaps.width[k];
    }
    Line {
        glyphs,
        start: indent + offset,
        end: x,
        available: avail,
        fit,
        text: line_units[0].text.start..line_units[n - 1].text.end,
    }
}

/// §3.8.3: take `need` away, priority by priority, evenly within a priority.
fn shrink(units: &[Unit], gaps: &mut Gaps, mut need: f64, settings: &Settings) -> Fit {
    let n = units.len();
    for p in 0..5 {
        let amount = |k: usize| -> f64 {
            if k + 1 < n {
                if p == SHRINK_LINE_END { 0.0 } else { units[k].glue.shrink[p] }
            } else if p == SHRINK_LINE_END {
                units[k].trail
            } else {
                0.0
            }
        };
        let avail: f64 = (0..n).map(amount).sum();
        if avail <= 0.0 {
            continue;
        }
        let ratio = (need / avail).min(1.0);
        for k in 0..n {
            gaps.width[k] -= amount(k) * ratio;
        }
        need -= avail * ratio;
        if need <= 1e-9 {
            return Fit::Shrunk;
        }
    }
    if settings.burasage {
        let lastk = n - 1;
        if matches!(units[lastk].class, super::classes::Class::Comma | super::classes::Class::FullStop)
            && need <= units[lastk].box_width() + 1e-9
        {
            return Fit::Shrunk; // the 、。 hangs beyond the measure (§3.8.2)
        }
    }
    Fit::Overfull
}

/// §3.8.4: add `need`, word spaces first, then Japanese–Western spacing, then
/// evenly between the other characters (never inside unbreakable sequences).
fn expand(units: &[Unit], gaps: &mut Gaps, mut need: f64) -> Fit {
    let n = units.len();
    for p in 0..2 {
        let avail: f64 = units[..n - 1].iter().map(|u| u.glue.stretch[p]).sum();
        if avail <= 0.0 {
            continue;
        }
        let ratio = (need / avail).min(1.0);
        for k in 0..n - 1 {
            gaps.width[k] += units[k].glue.stretch[p] * ratio;
        }
        need -= avail * ratio;
        if need <= 1e-9 {
            return Fit::Expanded;
        }
    }
    let spreadable: Vec<usize> = (0..n - 1).filter(|&k| units[k].glue.spreadable).collect();
    let open: Vec<usize> = if spreadable.is_empty() {
        // Nothing but word spaces or JP–Latin gaps: let them grow past their maximum.
        (0..n - 1).filter(|&k| units[k].glue.stretch.iter().sum::<f64>() > 0.0).collect()
    } else {
        spreadable
    };
    if open.is_empty() {
        return Fit::Underfull;
    }
    let each = need / open.len() as f64;
    for k in open {
        gaps.width[k] += each;
    }
    Fit::Expanded
}
