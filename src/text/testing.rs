//! Fake fixed-width metrics for composition tests: no font needed (the approach
//! of SILE's break_spec). Full-width characters are 1 em, ASCII is ½ em, and the
//! glyph id is the code point's low 16 bits. '〓' is "missing from the font".

use super::{GlyphInfo, Metrics};

pub struct FixedMetrics;

impl Metrics for FixedMetrics {
    fn glyph(&self, c: char) -> Option<GlyphInfo> {
        if c == '〓' {
            return None;
        }
        let half = c.is_ascii() || ('\u{ff61}'..='\u{ff9f}').contains(&c);
        Some(GlyphInfo { id: (c as u32 & 0xffff) as u16, advance: if half { 0.5 } else { 1.0 } })
    }
}

/// Metrics that give each listed character its advance (in em), the rest 1 em:
/// a font whose '.' is exactly a quarter em wide, say.
pub struct AdvanceMetrics(pub &'static [(char, f64)]);

impl Metrics for AdvanceMetrics {
    fn glyph(&self, c: char) -> Option<GlyphInfo> {
        let advance = self.0.iter().find(|(k, _)| *k == c).map_or(1.0, |(_, a)| *a);
        Some(GlyphInfo { id: (c as u32 & 0xffff) as u16, advance })
    }
}
