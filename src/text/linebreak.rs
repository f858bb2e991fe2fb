//! Choosing the breaks (JLREQ §3.8.2): a line takes as much as it can hold when
//! shrunk (oikomi) before anything is pushed to the next line (oidashi). One pass,
//! each unit examined a bounded number of times: linear in the paragraph length,
//! with no allocation per candidate.

use super::classes::Class;
use super::itemize::{Break, Unit};
use super::{Settings, Shape, Stats};

/// The end (exclusive unit index) of every line.
pub fn break_lines(units: &[Unit], shape: Shape, settings: &Settings, stats: &mut Stats) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut start = 0;
    while start < units.len() {
        let measure = available(shape, ends.is_empty());
        let end = next_break(units, start, measure, ends.is_empty(), settings, stats);
        ends.push(end);
        start = end;
    }
    if settings.avoid_single_char_last_line {
        avoid_single_char_last_line(units, &mut ends, shape, settings);
    }
    ends
}

/// The width available to a line.
pub fn available(shape: Shape, first: bool) -> f64 {
    shape.measure - if first { shape.first_indent } else { shape.rest_indent }
}

/// Blank before the first unit of a line (§3.1.5): an opening bracket keeps its
/// blank half at a paragraph start; on a wrapped line it is set flush (JIS style).
pub fn head_blank(u: &Unit, paragraph_start: bool, settings: &Settings) -> f64 {
    if paragraph_start || settings.head_bracket == super::HeadBracket::KeepBlank { u.lead } else { 0.0 }
}

/// Natural and minimum width of units `start..end` set as one line.
pub fn line_widths(units: &[Unit], start: usize, end: usize, paragraph_start: bool, settings: &Settings) -> (f64, f64) {
    let mut natural = head_blank(&units[start], paragraph_start, settings);
    let mut min = natural;
    for (k, u) in units[start..end].iter().enumerate() {
        natural += u.box_width();
        min += u.box_width();
        if start + k + 1 < end {
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

/// Natural and minimum trailing blank of a line's last unit (§3.1.9: the ½ em
/// after 」、。 may go at the line end). With burasage (§3.8.2) a 、。 may hang
/// entirely outside the measure.
fn tail(u: &Unit, settings: &Settings) -> (f64, f64) {
    if settings.burasage && matches!(u.class, Class::Comma | Class::FullStop) {
        return (u.trail, -u.box_width());
    }
    (u.trail, 0.0)
}

fn next_break(
    units: &[Unit],
    start: usize,
    measure: f64,
    paragraph_start: bool,
    settings: &Settings,
    stats: &mut Stats,
) -> usize {
    const EPS: f64 = 1e-6;
    // Running minimum width of units start..=k, without the glue after k.
    let mut min = head_blank(&units[start], paragraph_start, settings);
    let mut best_normal: Option<usize> = None;
    let mut best_emergency: Option<usize> = None;
    for k in start..units.len() {
        let u = &units[k];
        min += u.box_width();
        let (_, tail_min) = tail(u, settings);
        stats.candidates += 1;
        if min + tail_min > measure + EPS {
            break;
        }
        match u.break_after {
            Break::Normal => best_normal = Some(k + 1),
            Break::Emergency => best_emergency = Some(k + 1),
            Break::Never => {}
        }
        min += u.glue.natural - u.glue.shrink.iter().sum::<f64>();
    }
    if let Some(end) = best_normal.or(best_emergency) {
        return end;
    }
    // Nothing fits: the first opportunity after the overflow (an overfull line,
    // reported by `justify`), so that no text is ever lost.
    (start..units.len()).find(|&k| units[k].break_after != Break::Never).map_or(units.len(), |k| k + 1)
}

/// §3.5.4: a last line holding one character looks like an accident. Move the
/// previous break back to its previous opportunity when the new last line fits.
fn avoid_single_char_last_line(units: &[Unit], ends: &mut [usize], shape: Shape, settings: &Settings) {
    let n = ends.len();
    if n < 2 || units.len() - ends[n - 2] != 1 {
        return;
    }
    let last_start = ends[n - 2];
    let prev_start = if n >= 3 { ends[n - 3] } else { 0 };
    let Some(new_end) = (prev_start + 1..last_start).rev().find(|&k| units[k - 1].break_after != Break::Never) else {
        return;
    };
    let (natural, _) = line_widths(units, new_end, units.len(), false, settings);
    if natural <= available(shape, false) + 1e-6 {
        ends[n - 2] = new_end;
    }
}
