//! Vertical composition (縦組み, JLREQ §2.3.2, §3.1.1, §3.2.3 – §3.2.5).
//!
//! A vertical line is composed by the same engine as a horizontal one — the same
//! kinsoku (§3.1.7, §3.1.8), punctuation blanks (§3.1.2 – §3.1.9), Japanese–Western
//! spacing (§3.2.6) and adjustment (§3.8) — with advances measured *along the
//! column*. What changes is how each character is drawn, decided per code point
//! from Unicode UAX #50 (`Vertical_Orientation`):
//!
//! - **U** (ideographs, kana, full-width forms) and **Tu** (small kana, 、。) are set
//!   upright, with the font's vertical form when its `vert` feature has one; they
//!   advance by the font's vertical advance (`vmtx`).
//! - **Tr** (ー, brackets, 〜) are set upright with their vertical form; a font
//!   without one gets the horizontal glyph turned 90° clockwise instead.
//! - **R** (Latin, Western digits and punctuation) runs are turned 90° clockwise
//!   and advance by their horizontal advances (§3.2.4) — except a single letter or
//!   digit, which stands upright, and a run of two digits (up to
//!   [`Vertical::tcy_max_digits`]), which is set side by side in one em:
//!   tate-chu-yoko (縦中横, §3.2.5).
//!
//! Upright Western groups (a single letter, a tate-chu-yoko number) count as one
//! full-width character for spacing and line breaking, as JLREQ treats them: they
//! get no ¼ em of §3.2.6. Turned Latin words keep it.
//!
//! The result is positions relative to the column's centre line and the top of
//! its measure: the writer draws each glyph on its own (PRINTPDF.md).

use super::{Composed, Fit, GlyphInfo, Metrics, MissingGlyph, Settings, Shape, compose, normalize};
use std::ops::Range;

/// Unicode `Vertical_Orientation` (UAX #50, §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Upright, as in the code charts.
    U,
    /// Rotated 90° clockwise.
    R,
    /// Transformed (a vertical form), falling back to upright.
    Tu,
    /// Transformed (a vertical form), falling back to rotated.
    Tr,
}

use Orientation::{R, Tr, Tu, U};

/// The code points that are not `R`, as sorted inclusive ranges (UAX #50,
/// VerticalOrientation.txt of Unicode 15.1, transcribed; unassigned code points in
/// CJK blocks take their block's value). Everything else is `R`.
const NOT_ROTATED: &[(u32, u32, Orientation)] = &[
    (0x00A7, 0x00A7, U),
    (0x00A9, 0x00A9, U),
    (0x00AE, 0x00AE, U),
    (0x00B1, 0x00B1, U),
    (0x00BC, 0x00BE, U),
    (0x00D7, 0x00D7, U),
    (0x00F7, 0x00F7, U),
    (0x02EA, 0x02EB, U),
    (0x1100, 0x11FF, U),
    (0x1401, 0x167F, U),
    (0x18B0, 0x18FF, U),
    (0x2016, 0x2016, U),
    (0x2020, 0x2021, U),
    (0x2030, 0x2031, U),
    (0x203B, 0x203C, U),
    (0x2042, 0x2042, U),
    (0x2047, 0x2049, U),
    (0x2051, 0x2051, U),
    (0x2065, 0x2065, U),
    (0x20DD, 0x20E0, U),
    (0x20E2, 0x20E4, U),
    (0x2100, 0x2101, U),
    (0x2103, 0x2109, U),
    (0x210F, 0x210F, U),
    (0x2113, 0x2114, U),
    (0x2116, 0x2117, U),
    (0x211E, 0x2123, U),
    (0x2125, 0x2125, U),
    (0x2127, 0x2127, U),
    (0x2129, 0x2129, U),
    (0x212E, 0x212E, U),
    (0x2135, 0x213F, U),
    (0x2145, 0x214A, U),
    (0x214C, 0x214D, U),
    (0x214F, 0x2189, U),
    (0x218C, 0x218F, U),
    (0x221E, 0x221E, U),
    (0x2234, 0x2235, U),
    (0x2300, 0x2307, U),
    (0x230C, 0x231F, U),
    (0x2322, 0x2328, U),
    (0x2329, 0x232A, Tr),
    (0x232B, 0x232B, U),
    (0x237D, 0x239A, U),
    (0x23BE, 0x23CD, U),
    (0x23CF, 0x23CF, U),
    (0x23D1, 0x23DB, U),
    (0x23E2, 0x2422, U),
    (0x2424, 0x24FF, U),
    (0x25A0, 0x2619, U),
    (0x2620, 0x2767, U),
    (0x2776, 0x2793, U),
    (0x2B12, 0x2B2F, U),
    (0x2B50, 0x2B59, U),
    (0x2BB8, 0x2BD1, U),
    (0x2BD3, 0x2BEB, U),
    (0x2BF0, 0x2BFF, U),
    (0x2E50, 0x2E51, U),
    (0x2E80, 0x3000, U),
    (0x3001, 0x3002, Tu),
    (0x3003, 0x3007, U),
    (0x3008, 0x3011, Tr),
    (0x3012, 0x3013, U),
    (0x3014, 0x301F, Tr),
    (0x3020, 0x302F, U),
    (0x3030, 0x3030, Tr),
    (0x3031, 0x3040, U),
    (0x3041, 0x3041, Tu),
    (0x3042, 0x3042, U),
    (0x3043, 0x3043, Tu),
    (0x3044, 0x3044, U),
    (0x3045, 0x3045, Tu),
    (0x3046, 0x3046, U),
    (0x3047, 0x3047, Tu),
    (0x3048, 0x3048, U),
    (0x3049, 0x3049, Tu),
    (0x304A, 0x3062, U),
    (0x3063, 0x3063, Tu),
    (0x3064, 0x3082, U),
    (0x3083, 0x3083, Tu),
    (0x3084, 0x3084, U),
    (0x3085, 0x3085, Tu),
    (0x3086, 0x3086, U),
    (0x3087, 0x3087, Tu),
    (0x3088, 0x308D, U),
    (0x308E, 0x308E, Tu),
    (0x308F, 0x3094, U),
    (0x3095, 0x3096, Tu),
    (0x3097, 0x309A, U),
    (0x309B, 0x309C, Tu),
    (0x309D, 0x309F, U),
    (0x30A0, 0x30A0, Tr),
    (0x30A1, 0x30A1, Tu),
    (0x30A2, 0x30A2, U),
    (0x30A3, 0x30A3, Tu),
    (0x30A4, 0x30A4, U),
    (0x30A5, 0x30A5, Tu),
    (0x30A6, 0x30A6, U),
    (0x30A7, 0x30A7, Tu),
    (0x30A8, 0x30A8, U),
    (0x30A9, 0x30A9, Tu),
    (0x30AA, 0x30C2, U),
    (0x30C3, 0x30C3, Tu),
    (0x30C4, 0x30E2, U),
    (0x30E3, 0x30E3, Tu),
    (0x30E4, 0x30E4, U),
    (0x30E5, 0x30E5, Tu),
    (0x30E6, 0x30E6, U),
    (0x30E7, 0x30E7, Tu),
    (0x30E8, 0x30ED, U),
    (0x30EE, 0x30EE, Tu),
    (0x30EF, 0x30F4, U),
    (0x30F5, 0x30F6, Tu),
    (0x30F7, 0x30FB, U),
    (0x30FC, 0x30FC, Tr),
    (0x30FD, 0x3126, U),
    (0x3127, 0x3127, Tu),
    (0x3128, 0x31EF, U),
    (0x31F0, 0x31FF, Tu),
    (0x3200, 0x32FF, U),
    (0x3300, 0x3357, Tu),
    (0x3358, 0x337A, U),
    (0x337B, 0x337F, Tu),
    (0x3380, 0xA4CF, U),
    (0xA960, 0xA97F, U),
    (0xAC00, 0xD7FF, U),
    (0xE000, 0xFAFF, U),
    (0xFE10, 0xFE1F, U),
    (0xFE30, 0xFE4F, U),
    (0xFE50, 0xFE52, Tu),
    (0xFE53, 0xFE57, U),
    (0xFE59, 0xFE5E, Tr),
    (0xFE5F, 0xFE62, U),
    (0xFE64, 0xFE6F, U),
    (0xFF01, 0xFF01, Tu),
    (0xFF02, 0xFF07, U),
    (0xFF08, 0xFF09, Tr),
    (0xFF0A, 0xFF0B, U),
    (0xFF0C, 0xFF0C, Tu),
    (0xFF0D, 0xFF0D, Tr),
    (0xFF0E, 0xFF0E, Tu),
    (0xFF0F, 0xFF19, U),
    (0xFF1A, 0xFF1B, Tr),
    (0xFF1C, 0xFF1E, Tr),
    (0xFF1F, 0xFF1F, Tu),
    (0xFF20, 0xFF3A, U),
    (0xFF3B, 0xFF3B, Tr),
    (0xFF3C, 0xFF3C, U),
    (0xFF3D, 0xFF3D, Tr),
    (0xFF3E, 0xFF3E, U),
    (0xFF3F, 0xFF3F, Tr),
    (0xFF40, 0xFF5A, U),
    (0xFF5B, 0xFF60, Tr),
    (0xFFE0, 0xFFE2, U),
    (0xFFE3, 0xFFE3, Tr),
    (0xFFE4, 0xFFE7, U),
    (0xFFF0, 0xFFF8, U),
    (0xFFFC, 0xFFFD, U),
    (0x10980, 0x1099F, U),
    (0x11580, 0x115FF, U),
    (0x11A00, 0x11AAF, U),
    (0x13000, 0x1345F, U),
    (0x14400, 0x1467F, U),
    (0x16FE0, 0x18AFF, U),
    (0x1AFF0, 0x1B131, U),
    (0x1B132, 0x1B132, Tu),
    (0x1B133, 0x1B14F, U),
    (0x1B150, 0x1B152, Tu),
    (0x1B153, 0x1B154, U),
    (0x1B155, 0x1B155, Tu),
    (0x1B156, 0x1B163, U),
    (0x1B164, 0x1B167, Tu),
    (0x1B168, 0x1B2FF, U),
    (0x1D000, 0x1D1FF, U),
    (0x1D2E0, 0x1D37F, U),
    (0x1D800, 0x1DAAF, U),
    (0x1F000, 0x1F1FF, U),
    (0x1F200, 0x1F201, Tu),
    (0x1F202, 0x1F7FF, U),
    (0x1F900, 0x1FAFF, U),
    (0x20000, 0x3FFFD, U),
    (0xF0000, 0x10FFFD, U),
];

/// The UAX #50 orientation of a character.
pub fn orientation(c: char) -> Orientation {
    let c = c as u32;
    match NOT_ROTATED.binary_search_by(|&(lo, hi, _)| {
        if hi < c {
            std::cmp::Ordering::Less
        } else if lo > c {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => NOT_ROTATED[i].2,
        Err(_) => R,
    }
}

/// Vertical metrics of a font: what a vertical line needs beyond [`Metrics`].
/// All lengths are in em.
pub trait VerticalMetrics: Metrics {
    /// The vertical form of `c`'s glyph `gid` from the font's `vert` feature, if
    /// it has one.
    fn vertical_form(&self, c: char, gid: u16) -> Option<u16>;
    /// Horizontal advance of a glyph.
    fn advance(&self, gid: u16) -> f64;
    /// Vertical advance of a glyph (`vmtx`).
    fn vertical_advance(&self, gid: u16) -> f64;
    /// How far the glyph's horizontal baseline lies below the top of its vertical
    /// advance box: the y of its vertical origin (`VORG`, or `vmtx` top side
    /// bearing + the glyph's top).
    fn vertical_origin(&self, gid: u16) -> f64;
    /// The ideographic em box around the baseline: (ascent, descent), descent
    /// negative; a turned Latin word is centred on the column by it.
    fn em_box(&self) -> (f64, f64);
}

/// Settings of vertical composition beyond [`Settings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vertical {
    /// The longest run of Western digits set tate-chu-yoko (§3.2.5): 2 by default,
    /// at most 3. Longer numbers are turned with the Latin text.
    pub tcy_max_digits: usize,
}

impl Default for Vertical {
    fn default() -> Vertical {
        Vertical { tcy_max_digits: 2 }
    }
}

/// How a glyph of a vertical line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    Upright,
    /// 90° clockwise: the glyph's baseline runs down the column.
    Clockwise,
}

/// One glyph placed in a vertical line. Positions are in points: `x` across the
/// column from its centre line (to the right), `y` down from the start of the
/// measure.
#[derive(Debug, Clone, PartialEq)]
pub struct VGlyph {
    pub id: u16,
    /// The glyph's origin (the left end of its baseline before the turn).
    pub x: f64,
    pub y: f64,
    pub turn: Turn,
    /// Horizontal scale (a tate-chu-yoko group wider than one em); 1 otherwise.
    pub scale: f64,
    /// The glyph's box along the column: `top .. top + advance`.
    pub top: f64,
    pub advance: f64,
    /// The characters this glyph stands for, as a byte range of [`VComposed::text`].
    pub text: Range<usize>,
}

/// A composed vertical line (a column).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub glyphs: Vec<VGlyph>,
    /// Where the content starts and ends along the column, in points.
    pub start: f64,
    pub end: f64,
    pub fit: Fit,
    /// The byte range of [`VComposed::text`] set in this column.
    pub text: Range<usize>,
}

/// A vertically composed paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct VComposed {
    /// The text that was set (the source after [`normalize`]).
    pub text: String,
    pub columns: Vec<Column>,
    /// Characters the font cannot draw; offsets in the text given to [`compose_vertical`].
    pub missing: Vec<MissingGlyph>,
}

/// Stands in, while composing, for an upright Western group (a single letter or
/// digit, a tate-chu-yoko number): a noncharacter, so it never occurs in text, and
/// outside every JLREQ class but the ideographs (cl-19), as the group behaves.
const GROUP: char = '\u{FDD0}';

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// One character of the text (or a combining mark), set as itself.
    Char,
    /// An upright Western group, standing for `GROUP` in the composed text.
    Group,
}

/// A piece of the text given to the composer and what it stands for.
struct Mapped {
    /// Byte range in the composed (substituted) text.
    sub: Range<usize>,
    /// Byte range in the normalized source text.
    src: Range<usize>,
    kind: Piece,
}

/// Combining marks, which the composer attaches to the character before them
/// (as `itemize` does).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x3099..=0x309A | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF | 0x200D)
}

/// Whether an `R` run is set upright as one group: a single letter or digit, or
/// 2 ..= `tcy_max` Western digits (tate-chu-yoko).
fn upright_group(run: &str, tcy_max: usize) -> bool {
    let n = run.chars().count();
    let alnum = |c: char| c.is_ascii_alphanumeric() || (c.is_alphanumeric() && (c as u32) < 0x2E80);
    (n == 1 && run.chars().all(alnum)) || (n >= 2 && n <= tcy_max && run.chars().all(|c| c.is_ascii_digit()))
}

/// Split the normalized text into pieces, replacing upright Western groups by
/// [`GROUP`].
fn substitute(text: &str, tcy_max: usize) -> (String, Vec<Mapped>) {
    let mut sub = String::with_capacity(text.len());
    let mut map = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if orientation(c) == R && !is_mark(c) {
            // The whole run of turned characters (marks ride along).
            let mut e = k + 1;
            while e < chars.len() && (orientation(chars[e].1) == R || is_mark(chars[e].1)) {
                e += 1;
            }
            let run = &text[i..end_of(e)];
            if upright_group(run, tcy_max) {
                let at = sub.len();
                sub.push(GROUP);
                map.push(Mapped { sub: at..sub.len(), src: i..end_of(e), kind: Piece::Group });
                k = e;
                continue;
            }
            for &(j, c) in &chars[k..e] {
                let at = sub.len();
                sub.push(c);
                map.push(Mapped { sub: at..sub.len(), src: j..j + c.len_utf8(), kind: Piece::Char });
            }
            k = e;
            continue;
        }
        let at = sub.len();
        sub.push(c);
        map.push(Mapped { sub: at..sub.len(), src: i..i + c.len_utf8(), kind: Piece::Char });
        k += 1;
    }
    (sub, map)
}

/// How a character outside upright groups is drawn: its glyph, turn and advance
/// along the column (em).
fn form(c: char, m: &dyn VerticalMetrics) -> Option<(u16, Turn, f64)> {
    let g = m.glyph(c)?;
    let upright = |id: u16| (id, Turn::Upright, m.vertical_advance(id));
    let turned = (g.id, Turn::Clockwise, g.advance);
    Some(match orientation(c) {
        U | Tu => upright(m.vertical_form(c, g.id).unwrap_or(g.id)),
        Tr => m.vertical_form(c, g.id).map_or(turned, upright),
        R => turned,
    })
}

/// The composer's view of the font: advances along the column.
struct Along<'a> {
    m: &'a dyn VerticalMetrics,
}

impl Metrics for Along<'_> {
    fn glyph(&self, c: char) -> Option<GlyphInfo> {
        if c == GROUP {
            // One em, like the full-width character the group stands in for.
            return Some(GlyphInfo { id: 0, advance: 1.0 });
        }
        form(c, self.m).map(|(id, _, advance)| GlyphInfo { id, advance })
    }
}

/// Compose `text` into vertical lines of `shape.measure` points (the column
/// length), with the same rules as horizontal text (see the module documentation).
pub fn compose_vertical(
    text: &str,
    shape: Shape,
    settings: &Settings,
    vertical: &Vertical,
    metrics: &dyn VerticalMetrics,
) -> VComposed {
    let normalized = normalize(text);
    let nt = normalized.text.as_str();
    let (sub, map) = substitute(nt, vertical.tcy_max_digits.max(1));
    let composed: Composed = compose(&sub, shape, settings, &Along { m: metrics });
    // `sub` is already normalized, so the composer's text is `sub` itself.
    debug_assert_eq!(composed.text, sub);
    let piece_at = |offset: usize| map.partition_point(|p| p.sub.end <= offset);
    let size = settings.size;
    let (ascent, descent) = metrics.em_box();

    let mut missing: Vec<MissingGlyph> = composed
        .missing
        .iter()
        .map(|m| MissingGlyph {
            ch: m.ch,
            source_offset: normalized.source_offset(map.get(piece_at(m.source_offset)).map_or(0, |p| p.src.start)),
        })
        .collect();
    // The stand-in itself, should the source hold it, is not a character to set.
    for p in map.iter().filter(|p| p.kind == Piece::Char && nt[p.src.clone()].starts_with(GROUP)) {
        missing.push(MissingGlyph { ch: GROUP, source_offset: normalized.source_offset(p.src.start) });
    }
    for p in map.iter().filter(|p| p.kind == Piece::Group) {
        for (i, c) in nt[p.src.clone()].char_indices() {
            if metrics.glyph(c).is_none() {
                missing.push(MissingGlyph { ch: c, source_offset: normalized.source_offset(p.src.start + i) });
            }
        }
    }
    missing.sort_by_key(|m| m.source_offset);

    let mut columns = Vec::with_capacity(composed.lines.len());
    for line in &composed.lines {
        let mut glyphs = Vec::with_capacity(line.glyphs.len());
        for pg in &line.glyphs {
            let first = piece_at(pg.text.start);
            let last = piece_at(pg.text.end.saturating_sub(1)).max(first);
            let Some(p) = map.get(first) else { continue };
            let src = p.src.start..map.get(last).map_or(p.src.end, |q| q.src.end);
            let top = pg.x;
            if p.kind == Piece::Group {
                glyphs.extend(group_glyphs(nt, src, top, size, ascent, descent, metrics));
                continue;
            }
            let c = nt[src.clone()].chars().next().unwrap_or(' ');
            let (id, turn) = match form(c, metrics) {
                Some((id, turn, _)) => (id, turn),
                None => (0, Turn::Upright), // .notdef; reported in `missing`
            };
            let (x, y) = match turn {
                // Centred on the column; the baseline where the vertical origin says.
                Turn::Upright => (-metrics.advance(id) * size / 2.0, top + metrics.vertical_origin(id) * size),
                // The em box centred on the column; the baseline starts at the top.
                Turn::Clockwise => (-(ascent + descent) / 2.0 * size, top),
            };
            glyphs.push(VGlyph { id, x, y, turn, scale: 1.0, top, advance: pg.advance, text: src });
        }
        let text = map.get(piece_at(line.text.start)).map_or(0, |p| p.src.start)
            ..map.get(piece_at(line.text.end.saturating_sub(1))).map_or(nt.len(), |p| p.src.end);
        columns.push(Column { glyphs, start: line.start, end: line.end, fit: line.fit, text });
    }
    VComposed { text: normalized.text.clone(), columns, missing }
}

/// The glyphs of an upright Western group whose one-em box starts at `top`: side
/// by side, centred on the column, squeezed to one em if wider (three digits).
fn group_glyphs(
    nt: &str,
    src: Range<usize>,
    top: f64,
    size: f64,
    ascent: f64,
    descent: f64,
    m: &dyn VerticalMetrics,
) -> Vec<VGlyph> {
    let glyphs: Vec<(Range<usize>, u16, f64)> = nt[src.clone()]
        .char_indices()
        .map(|(i, c)| {
            let g = m.glyph(c).unwrap_or(GlyphInfo { id: 0, advance: 0.5 });
            (src.start + i..src.start + i + c.len_utf8(), g.id, g.advance * size)
        })
        .collect();
    let width: f64 = glyphs.iter().map(|g| g.2).sum();
    let scale = if width > size { size / width } else { 1.0 };
    // The em box (ascent … descent) centred in the one-em box along the column.
    let baseline = top + (size - (ascent - descent) * size) / 2.0 + ascent * size;
    let mut x = -width * scale / 2.0;
    glyphs
        .into_iter()
        .map(|(text, id, w)| {
            let g = VGlyph { id, x, y: baseline, turn: Turn::Upright, scale, top, advance: size, text };
            x += w * scale;
            g
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::classes::{Class, class_of};

    /// Fake metrics: full-width characters 1 em, ASCII ½ em; the vertical form of a
    /// glyph is its id + 0x1000 for the characters listed in `VERT`, and every
    /// glyph advances 1 em vertically with its baseline 0.88 em below its top.
    struct Fake;
    const VERT: &str = "ー「」（）、。ぁぃぅぇぉっゃゅょァィゥェォッャュョ〜";

    impl Metrics for Fake {
        fn glyph(&self, c: char) -> Option<GlyphInfo> {
            if c == '〓' {
                return None;
            }
            let half = c.is_ascii();
            Some(GlyphInfo { id: (c as u32 & 0x0fff) as u16, advance: if half { 0.5 } else { 1.0 } })
        }
    }
    impl VerticalMetrics for Fake {
        fn vertical_form(&self, c: char, gid: u16) -> Option<u16> {
            VERT.contains(c).then_some(gid + 0x1000)
        }
        fn advance(&self, gid: u16) -> f64 {
            if gid < 0x80 { 0.5 } else { 1.0 }
        }
        fn vertical_advance(&self, _: u16) -> f64 {
            1.0
        }
        fn vertical_origin(&self, _: u16) -> f64 {
            0.88
        }
        fn em_box(&self) -> (f64, f64) {
            (0.88, -0.12)
        }
    }

    fn set(text: &str, chars: f64) -> VComposed {
        set_with(text, chars, &Fake, Vertical::default())
    }

    fn set_with(text: &str, chars: f64, m: &dyn VerticalMetrics, v: Vertical) -> VComposed {
        let settings = Settings::new(10.0);
        let shape = Shape { measure: chars * 10.0, first_indent: 0.0, rest_indent: 0.0 };
        compose_vertical(text, shape, &settings, &v, m)
    }

    fn glyphs_of<'a>(c: &'a VComposed, s: &str) -> Vec<&'a VGlyph> {
        c.columns.iter().flat_map(|l| &l.glyphs).filter(|g| &c.text[g.text.clone()] == s).collect()
    }

    #[test]
    fn uax50_orientation_of_typical_characters() {
        for c in ['第', '回', '７', 'あ', 'カ', '・', '　', '※', '①', 'Ａ', '〒'] {
            assert_eq!(orientation(c), U, "{c}");
        }
        for c in ['、', '。', 'っ', 'ャ', 'ぁ', '！', '？', '，', '．'] {
            assert_eq!(orientation(c), Tu, "{c}");
        }
        for c in ['ー', '「', '」', '（', '）', '〜', '～', '【', '：', '〔'] {
            assert_eq!(orientation(c), Tr, "{c}");
        }
        for c in ['R', 'u', '1', ' ', '(', '-', '→', '—', '…', 'ｱ'] {
            assert_eq!(orientation(c), R, "{c}");
        }
    }

    #[test]
    fn jlreq_uax50_punctuation_and_small_kana_take_vertical_forms() {
        let c = set("ー「あ」（い）、う。ぁっャ", 40.0);
        for ch in ["ー", "「", "」", "（", "）", "、", "。", "ぁ", "っ", "ャ"] {
            let g = glyphs_of(&c, ch);
            assert_eq!(g.len(), 1, "{ch}");
            let h = Fake.glyph(ch.chars().next().unwrap()).unwrap().id;
            assert_eq!(g[0].id, h + 0x1000, "{ch} is not its vertical form");
            assert_eq!(g[0].turn, Turn::Upright, "{ch}");
        }
        // Ordinary kana stay as they are.
        assert_eq!(glyphs_of(&c, "あ")[0].id, Fake.glyph('あ').unwrap().id);
    }

    #[test]
    fn jlreq_3_2_4_latin_word_is_turned_clockwise() {
        let c = set("言語Rustで", 40.0);
        let word: Vec<&VGlyph> = ["R", "u", "s", "t"].iter().flat_map(|s| glyphs_of(&c, s)).collect();
        assert_eq!(word.len(), 4);
        assert!(word.iter().all(|g| g.turn == Turn::Clockwise));
        // They advance down the column by their horizontal advances (½ em here).
        for w in word.windows(2) {
            assert!((w[1].top - w[0].top - 5.0).abs() < 1e-9, "{:?}", w);
        }
        // ¼ em between the kanji and the word (§3.2.6).
        let go = glyphs_of(&c, "語")[0];
        assert!((word[0].top - (go.top + 10.0) - 2.5).abs() < 1e-9);
        // The em box is centred on the column: baseline 0.38 em left of the centre.
        assert!((word[0].x + 3.8).abs() < 1e-9);
    }

    #[test]
    fn jlreq_3_2_5_two_digits_are_tate_chu_yoko() {
        let c = set("第12回", 40.0);
        let one = glyphs_of(&c, "1")[0];
        let two = glyphs_of(&c, "2")[0];
        assert_eq!((one.turn, two.turn), (Turn::Upright, Turn::Upright));
        // Side by side on one baseline, centred on the column, in one em.
        assert_eq!(one.y, two.y);
        assert!((one.x + 5.0).abs() < 1e-9 && (two.x - 0.0).abs() < 1e-9, "{one:?} {two:?}");
        assert_eq!(one.top, two.top);
        let dai = glyphs_of(&c, "第")[0];
        let kai = glyphs_of(&c, "回")[0];
        // No ¼ em around the group: it is one full-width character.
        assert!((one.top - dai.top - 10.0).abs() < 1e-9);
        assert!((kai.top - one.top - 10.0).abs() < 1e-9);
        assert_eq!(c.text, "第12回");
    }

    #[test]
    fn three_digits_are_turned_unless_the_setting_allows_them() {
        let c = set("第100回", 40.0);
        assert!(glyphs_of(&c, "1").iter().all(|g| g.turn == Turn::Clockwise));
        let c = set_with("第100回", 40.0, &Fake, Vertical { tcy_max_digits: 3 });
        let digits: Vec<&VGlyph> = c.columns[0].glyphs.iter().filter(|g| g.id < 0x80).collect();
        assert_eq!(digits.len(), 3);
        assert!(digits.iter().all(|g| g.turn == Turn::Upright && (g.scale - 2.0 / 3.0).abs() < 1e-9));
        // Squeezed into one em around the centre line.
        assert!((digits[0].x + 5.0).abs() < 1e-9);
    }

    #[test]
    fn full_width_digits_and_single_letters_stay_upright() {
        let c = set("第７回とA案", 40.0);
        for s in ["第", "７", "回", "A"] {
            assert_eq!(glyphs_of(&c, s)[0].turn, Turn::Upright, "{s}");
        }
        // A single letter is centred on the column, like the group of two digits.
        assert!((glyphs_of(&c, "A")[0].x + 2.5).abs() < 1e-9);
    }

    #[test]
    fn cl02_not_at_line_start_in_a_vertical_line() {
        // Four characters a column: 」 would start the second column; it is pulled
        // back (its blank shrinks) or the column breaks earlier.
        for text in ["あいうえ」お", "「あいう」えお", "あいうえお。か"] {
            let c = set(text, 4.0);
            for col in &c.columns[1..] {
                let first = c.text[col.text.clone()].chars().next().unwrap();
                assert!(
                    !matches!(class_of(first), Class::ClosingBracket | Class::FullStop | Class::Comma),
                    "{text}: a column starts with {first}"
                );
            }
            let joined: String = c.columns.iter().map(|l| &c.text[l.text.clone()]).collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn punctuation_blanks_apply_along_the_column() {
        // 」「 : ½ em between them, not a full em (§3.1.4), measured along the column.
        let c = set("あ」「い", 40.0);
        let close = glyphs_of(&c, "」")[0];
        let open = glyphs_of(&c, "「")[0];
        // Both glyph boxes are 1 em; the ink of 」 is its first half, of 「 its
        // second, so the boxes overlap by the ½ em left between the inks.
        assert!((open.top - close.top - 5.0).abs() < 1e-9, "{close:?} {open:?}");
    }

    #[test]
    fn text_of_every_glyph_is_the_source_in_reading_order() {
        let text = "第７回　テレワーク推進賞（2006年）Rust版12号";
        let c = set(text, 12.0);
        let joined: String = c.columns.iter().flat_map(|l| &l.glyphs).map(|g| &c.text[g.text.clone()]).collect();
        assert_eq!(joined, text);
        assert!(c.missing.is_empty());
    }

    #[test]
    fn a_missing_character_is_reported_at_its_source_offset() {
        let c = set("あ〓い", 10.0);
        assert_eq!(c.missing, vec![MissingGlyph { ch: '〓', source_offset: 3 }]);
    }

    #[test]
    fn the_real_fonts_give_vertical_forms_and_metrics() {
        use crate::font::{FontBook, FontId, vertical::VerticalFace};
        for id in FontId::ALL {
            let v = VerticalFace::get(id);
            let face = FontBook::get().face(id);
            let c = set_with("ー「」（）、。ぁっャ第７回Rust版12", 40.0, v, Vertical::default());
            for ch in ["ー", "「", "」", "（", "）", "、", "。", "ぁ", "っ", "ャ"] {
                let g = glyphs_of(&c, ch)[0];
                let h = face.glyph(ch.chars().next().unwrap()).unwrap().id;
                assert_ne!(g.id, h, "{id:?} {ch}: horizontal glyph in a vertical line");
                assert_eq!(Some(g.id), v.vertical_form(ch.chars().next().unwrap(), h), "{id:?} {ch}");
                assert_eq!(g.turn, Turn::Upright);
            }
            for ch in ["第", "７", "回"] {
                let g = glyphs_of(&c, ch)[0];
                assert_eq!((g.id, g.turn), (face.glyph(ch.chars().next().unwrap()).unwrap().id, Turn::Upright));
            }
            assert!(["R", "u", "s", "t"].iter().all(|s| glyphs_of(&c, s)[0].turn == Turn::Clockwise));
            let (one, two) = (glyphs_of(&c, "1")[0], glyphs_of(&c, "2")[0]);
            assert_eq!((one.turn, two.turn, one.y), (Turn::Upright, Turn::Upright, two.y));
            // BIZ UD: every ideograph's vertical origin is at the ascender, 0.88 em.
            assert!((glyphs_of(&c, "第")[0].y - glyphs_of(&c, "第")[0].top - 0.88 * 10.0).abs() < 0.01);
        }
    }
}
