//! Vertical metrics of the bundled faces, read with ttf-parser:
//!
//! - vertical forms from the OpenType `vert` feature (GSUB single substitutions:
//!   ー, brackets, 、。, small kana …); `vrt2` only when a font has no `vert`,
//!   and then only for characters UAX #50 transforms (Tu, Tr), because `vrt2`
//!   also turns proportional Latin glyphs, which we turn ourselves;
//! - vertical advances from `vmtx`, vertical origins from `VORG` or, in a
//!   TrueType font (no VORG), from the `vmtx` top side bearing plus the glyph's top
//!   (OpenType spec, `vmtx`: "the y coordinate of the vertical origin is yMax +
//!   topSideBearing").
//!
//! Fallbacks when a table is missing, so that any font can be set vertically: the
//! vertical advance is the `vhea` ascender − descender, else the `hhea` one (one em
//! for CJK fonts); the vertical origin is the `vhea`/`OS/2` ascender (the top of the
//! ideographic em box), else 0.88 em.

use super::{Face, FontBook, FontId};
use crate::text::vertical::{Orientation, VerticalMetrics, orientation};
use crate::text::{GlyphInfo, Metrics};
use std::sync::OnceLock;
use ttf_parser::gsub::{SingleSubstitution, SubstitutionSubtable};
use ttf_parser::{GlyphId, Tag};

/// A face with its vertical tables, parsed once.
pub struct VerticalFace {
    face: &'static Face,
    /// The single substitutions of the `vert` (or `vrt2`) lookups, in lookup order.
    forms: Vec<SingleSubstitution<'static>>,
    /// Whether `forms` come from `vrt2` because the font has no `vert`.
    from_vrt2: bool,
    upem: f64,
    /// The em box: ascent and descent (negative), in em.
    ascent: f64,
    descent: f64,
}

impl VerticalFace {
    /// The vertical view of a bundled face.
    pub fn get(id: FontId) -> &'static VerticalFace {
        static FACES: OnceLock<Vec<VerticalFace>> = OnceLock::new();
        let faces =
            FACES.get_or_init(|| FontId::ALL.iter().map(|&f| VerticalFace::new(FontBook::get().face(f))).collect());
        &faces[id as usize]
    }

    pub fn new(face: &'static Face) -> VerticalFace {
        let t = face.tables();
        let upem = f64::from(face.units_per_em);
        let vert = single_substitutions(t, Tag::from_bytes(b"vert"));
        let (forms, from_vrt2) =
            if vert.is_empty() { (single_substitutions(t, Tag::from_bytes(b"vrt2")), true) } else { (vert, false) };
        let (ascent, descent) = match (t.typographic_ascender(), t.typographic_descender()) {
            (Some(a), Some(d)) if a > d => (f64::from(a) / upem, f64::from(d) / upem),
            _ if t.ascender() > t.descender() => (f64::from(t.ascender()) / upem, f64::from(t.descender()) / upem),
            _ => (0.88, -0.12),
        };
        VerticalFace { face, forms, from_vrt2, upem, ascent, descent }
    }

    pub fn face(&self) -> &'static Face {
        self.face
    }

    fn substitute(&self, gid: u16) -> Option<u16> {
        let g = GlyphId(gid);
        self.forms.iter().find_map(|s| {
            let index = s.coverage().get(g)?;
            match s {
                SingleSubstitution::Format1 { delta, .. } => Some((i32::from(gid) + i32::from(*delta)) as u16),
                SingleSubstitution::Format2 { substitutes, .. } => substitutes.get(index).map(|g| g.0),
            }
        })
    }

    /// The top of the ideographic em box above the baseline, in em: the fallback
    /// vertical origin.
    fn default_origin(&self) -> f64 {
        let t = self.face.tables();
        match t.vertical_ascender() {
            Some(a) if a > 0 && f64::from(a) < self.upem * 1.5 => f64::from(a) / self.upem,
            _ => self.ascent,
        }
    }
}

/// Every GSUB single substitution of the lookups of the features tagged `tag`, in
/// lookup-list order (ttf-parser resolves extension lookups).
fn single_substitutions(t: &ttf_parser::Face<'static>, tag: Tag) -> Vec<SingleSubstitution<'static>> {
    let Some(gsub) = t.tables().gsub else { return Vec::new() };
    let mut lookups: Vec<u16> =
        gsub.features.into_iter().filter(|f| f.tag == tag).flat_map(|f| f.lookup_indices.into_iter()).collect();
    lookups.sort_unstable();
    lookups.dedup();
    let mut out = Vec::new();
    for i in lookups {
        let Some(lookup) = gsub.lookups.get(i) else { continue };
        for sub in lookup.subtables.into_iter::<SubstitutionSubtable>() {
            if let SubstitutionSubtable::Single(s) = sub {
                out.push(s);
            }
        }
    }
    out
}

impl Metrics for VerticalFace {
    fn glyph(&self, c: char) -> Option<GlyphInfo> {
        self.face.glyph(c)
    }
}

impl VerticalMetrics for VerticalFace {
    fn vertical_form(&self, c: char, gid: u16) -> Option<u16> {
        // `vrt2` also holds turned Latin glyphs, which we turn ourselves: from it,
        // take only the forms of characters UAX #50 transforms.
        if self.from_vrt2 && !matches!(orientation(c), Orientation::Tu | Orientation::Tr) {
            return None;
        }
        // A names-face glyph (a slot, `font::is_fallback`) is set upright as
        // it is: its vertical forms would be the names face's, not this one's.
        if super::is_fallback(gid) {
            return None;
        }
        self.substitute(gid).filter(|&v| v != gid)
    }

    fn advance(&self, gid: u16) -> f64 {
        self.face.advance(gid)
    }

    fn vertical_advance(&self, gid: u16) -> f64 {
        // A names-face glyph is an ideograph: one em down, like this face's.
        if super::is_fallback(gid) {
            return self.ascent - self.descent;
        }
        let t = self.face.tables();
        match t.glyph_ver_advance(GlyphId(gid)) {
            Some(a) if a > 0 => f64::from(a) / self.upem,
            _ => match (t.vertical_ascender(), t.vertical_descender()) {
                (Some(a), Some(d)) if a > d => f64::from(i32::from(a) - i32::from(d)) / self.upem,
                _ => self.ascent - self.descent,
            },
        }
    }

    fn vertical_origin(&self, gid: u16) -> f64 {
        if super::is_fallback(gid) {
            return self.default_origin();
        }
        let t = self.face.tables();
        let g = GlyphId(gid);
        if let Some(y) = t.glyph_y_origin(g) {
            return f64::from(y) / self.upem;
        }
        match (t.glyph_ver_side_bearing(g), t.glyph_bounding_box(g)) {
            (Some(tsb), Some(bbox)) => f64::from(i32::from(tsb) + i32::from(bbox.y_max)) / self.upem,
            _ => self.default_origin(),
        }
    }

    fn em_box(&self) -> (f64, f64) {
        (self.ascent, self.descent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vertical_id(id: FontId, c: char) -> (u16, Option<u16>) {
        let v = VerticalFace::get(id);
        let h = v.glyph(c).expect("glyph").id;
        (h, v.vertical_form(c, h))
    }

    #[test]
    fn vert_gives_vertical_forms_of_punctuation_and_small_kana() {
        for id in FontId::ALL {
            for c in ['ー', '「', '」', '（', '）', '、', '。', 'ぁ', 'っ', 'ャ', '〜', '…', '：'] {
                let (h, v) = vertical_id(id, c);
                assert!(v.is_some_and(|v| v != h), "{id:?} {c}: no vertical form");
            }
            for c in ['第', '回', '７', 'あ', '・', 'A', '1'] {
                assert_eq!(vertical_id(id, c).1, None, "{id:?} {c}: unexpected vertical form");
            }
        }
    }

    #[test]
    fn biz_ud_vertical_metrics_put_the_origin_at_the_ascender() {
        let v = VerticalFace::get(FontId::Mincho);
        assert_eq!(v.em_box(), (1802.0 / 2048.0, -246.0 / 2048.0));
        for c in ['第', '回', 'あ'] {
            let g = v.glyph(c).unwrap().id;
            assert_eq!(v.vertical_advance(g), 1.0, "{c}");
            assert!((v.vertical_origin(g) - 1802.0 / 2048.0).abs() < 1e-9, "{c}");
        }
        let (_, dash) = vertical_id(FontId::Mincho, 'ー');
        let dash = dash.unwrap();
        assert_eq!(v.vertical_advance(dash), 1.0);
        assert!((v.vertical_origin(dash) - 1802.0 / 2048.0).abs() < 1e-9);
    }

    #[test]
    fn a_glyph_without_outline_falls_back_to_the_em_box_top() {
        let v = VerticalFace::get(FontId::Gothic);
        let space = v.glyph('\u{3000}').unwrap().id;
        assert!((v.vertical_origin(space) - 1802.0 / 2048.0).abs() < 1e-9);
        assert_eq!(v.vertical_advance(space), 1.0);
    }
}
