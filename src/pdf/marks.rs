//! Crop marks (トンボ), Japanese style (PRINT.md): at each corner a double mark —
//! the inner line at the trim, the outer at the bleed — and a centre cross on each
//! edge; registration colour (C = M = Y = K = 100 %), drawn only outside the bleed.

use super::PageFrame;
use super::content::Content;
use crate::frame::Colour;

/// A stroked line.
fn line(c: &mut Content, x1: f64, y1: f64, x2: f64, y2: f64) {
    c.line_segment((x1 as f32, y1 as f32), (x2 as f32, y2 as f32));
}

/// The marks' graphics state: registration colour, the layout's line width.
fn begin(c: &mut Content, f: &PageFrame) {
    c.op(&[], "q");
    c.stroke_colour(Colour::Registration);
    c.op(&[f.mark_width as f32], "w");
}

pub fn crop_marks(c: &mut Content, f: &PageFrame) {
    begin(c, f);
    let (x0, y0) = (f.offset, f.offset);
    let (x1, y1) = (f.offset + f.trim_width, f.offset + f.trim_height);
    let b = f.bleed;
    let len = f.offset - b - 1.0; // marks end 1 pt before the media edge
    let far = f.offset - b; // distance from trim to the outer end region start
    let _ = far;
    for &(cx, sx) in &[(x0, -1.0), (x1, 1.0)] {
        for &(cy, sy) in &[(y0, -1.0), (y1, 1.0)] {
            // Horizontal pair: at the trim line and at the bleed line, outside the bleed.
            for &dy in &[0.0, b] {
                let y = cy + sy * dy;
                line(c, cx + sx * b, y, cx + sx * (b + len), y);
            }
            for &dx in &[0.0, b] {
                let x = cx + sx * dx;
                line(c, x, cy + sy * b, x, cy + sy * (b + len));
            }
        }
    }
    // Centre marks: a cross on each edge, outside the bleed.
    let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let arm = 10.0;
    for &(y, s) in &[(y0, -1.0), (y1, 1.0)] {
        line(c, mx - arm, y + s * (b + len / 2.0), mx + arm, y + s * (b + len / 2.0));
        line(c, mx, y + s * b, mx, y + s * (b + len));
    }
    for &(x, s) in &[(x0, -1.0), (x1, 1.0)] {
        line(c, x + s * (b + len / 2.0), my - arm, x + s * (b + len / 2.0), my + arm);
        line(c, x + s * b, my, x + s * (b + len), my);
    }
    c.op(&[], "Q");
}

/// Spine marks (背トンボ) of a cover spread: a line at each fold of the spine
/// (`left`, `right`: x in trim coordinates), above and below the trim, outside the
/// bleed, as long as the corner marks; registration colour like them.
pub fn spine_marks(c: &mut Content, f: &PageFrame, left: f64, right: f64) {
    begin(c, f);
    let b = f.bleed;
    let len = f.offset - b - 1.0;
    let (y0, y1) = (f.offset, f.offset + f.trim_height);
    for x in [left, right] {
        let x = f.offset + x;
        line(c, x, y0 - b, x, y0 - b - len);
        line(c, x, y1 + b, x, y1 + b + len);
    }
    c.op(&[], "Q");
}
