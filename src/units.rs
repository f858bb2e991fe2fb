//! Units of length. Everything internal is in PostScript points (1/72 in), as `f64`.
//!
//! Floats are kept deterministic by construction: the same inputs go through the
//! same operations in the same order, and the PDF writer rounds every coordinate to
//! a fixed precision, so builds are byte-identical.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// A length in points.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f64);

/// Millimetres per point: 25.4 / 72.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

impl Pt {
    pub const ZERO: Pt = Pt(0.0);

    /// A length given in millimetres (layouts and print settings use mm).
    pub fn from_mm(mm: f64) -> Pt {
        Pt(mm / MM_PER_PT)
    }

    pub fn to_mm(self) -> f64 {
        self.0 * MM_PER_PT
    }

    pub fn max(self, other: Pt) -> Pt {
        if other.0 > self.0 { other } else { self }
    }

    pub fn min(self, other: Pt) -> Pt {
        if other.0 < self.0 { other } else { self }
    }

    pub fn abs(self) -> Pt {
        Pt(self.0.abs())
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}
impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}
impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0;
    }
}
impl SubAssign for Pt {
    fn sub_assign(&mut self, o: Pt) {
        self.0 -= o.0;
    }
}
impl Mul<f64> for Pt {
    type Output = Pt;
    fn mul(self, k: f64) -> Pt {
        Pt(self.0 * k)
    }
}
impl Div<f64> for Pt {
    type Output = Pt;
    fn div(self, k: f64) -> Pt {
        Pt(self.0 / k)
    }
}
impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}
impl std::iter::Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(iter: I) -> Pt {
        Pt(iter.map(|p| p.0).sum())
    }
}

/// A point on a page, origin at the top-left corner of the trimmed page, y downwards.
/// (The PDF writer flips y; every stage before it thinks like a reader does.)
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Point {
    pub x: Pt,
    pub y: Pt,
}

impl Point {
    pub fn new(x: Pt, y: Pt) -> Point {
        Point { x, y }
    }
}

/// An axis-aligned rectangle, top-left origin, y downwards.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rect {
    pub x: Pt,
    pub y: Pt,
    pub w: Pt,
    pub h: Pt,
}

impl Rect {
    pub fn new(x: Pt, y: Pt, w: Pt, h: Pt) -> Rect {
        Rect { x, y, w, h }
    }
    pub fn right(&self) -> Pt {
        self.x + self.w
    }
    pub fn bottom(&self) -> Pt {
        self.y + self.h
    }
    /// Whether `other` lies inside this rectangle, allowing `tol` of slack.
    pub fn contains(&self, other: &Rect, tol: Pt) -> bool {
        other.x.0 >= self.x.0 - tol.0
            && other.y.0 >= self.y.0 - tol.0
            && other.right().0 <= self.right().0 + tol.0
            && other.bottom().0 <= self.bottom().0 + tol.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_in_points() {
        assert!((Pt::from_mm(210.0).0 - 595.2756).abs() < 1e-3);
        assert!((Pt::from_mm(297.0).0 - 841.8898).abs() < 1e-3);
    }
}
