//! The font book: the bundled fonts in `fonts/`, and nothing else.
//!
//! The fonts are compiled into the binary (`include_bytes!`), so a build never
//! depends on the machine's fonts or on the working directory, and an archived
//! binary rebuilds an edition with exactly the glyphs it was printed with. Each
//! face is parsed once per process.

use crate::text::{GlyphInfo, Metrics};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

pub mod vertical;

/// A bundled font face. The order is the order of the fonts in every PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FontId {
    /// BIZ UDMincho Regular — body text.
    Mincho,
    /// BIZ UDGothic Regular — tables, captions, running heads.
    Gothic,
    /// BIZ UDGothic Bold — headings.
    GothicBold,
}

impl FontId {
    pub const ALL: [FontId; 3] = [FontId::Mincho, FontId::Gothic, FontId::GothicBold];

    /// The name used in layouts (`font = "mincho"`).
    pub fn from_name(name: &str) -> Option<FontId> {
        match name {
            "mincho" => Some(FontId::Mincho),
            "gothic" => Some(FontId::Gothic),
            "gothic-bold" => Some(FontId::GothicBold),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FontId::Mincho => "mincho",
            FontId::Gothic => "gothic",
            FontId::GothicBold => "gothic-bold",
        }
    }
}

static MINCHO: &[u8] = include_bytes!("../../fonts/BIZUDMincho-Regular.ttf");
static GOTHIC: &[u8] = include_bytes!("../../fonts/BIZUDGothic-Regular.ttf");
static GOTHIC_BOLD: &[u8] = include_bytes!("../../fonts/BIZUDGothic-Bold.ttf");

/// The bundled font files as compiled in (file name, bytes): the archive
/// copy's manifest records their SHA-256, since a rebuild needs the same glyphs.
pub fn files() -> [(&'static str, &'static [u8]); 3] {
    [("BIZUDMincho-Regular.ttf", MINCHO), ("BIZUDGothic-Regular.ttf", GOTHIC), ("BIZUDGothic-Bold.ttf", GOTHIC_BOLD)]
}

/// One parsed face.
pub struct Face {
    pub id: FontId,
    pub data: &'static [u8],
    parsed: ttf_parser::Face<'static>,
    pub units_per_em: u16,
    /// PostScript name from the `name` table, e.g. "BIZUDMincho-Regular".
    pub postscript_name: String,
    /// The `cmap` answer for each character of the Basic Multilingual Plane
    /// once asked: 0 not yet, else [`KNOWN`] with [`PRESENT`] and the glyph id.
    /// Composition asks for the same few thousand characters again and again;
    /// a table lookup instead of a `cmap` search each time. Shared by the
    /// threads that compose (atomics: the same answer whoever stores it).
    glyphs: Box<[AtomicU32]>,
}

const KNOWN: u32 = 1 << 31;
const PRESENT: u32 = 1 << 30;

impl Face {
    fn load(id: FontId, data: &'static [u8]) -> Face {
        // The bundled fonts are part of the program: failing to parse them is a
        // broken build of sasshi itself, caught by the tests, never user input.
        let parsed = ttf_parser::Face::parse(data, 0).expect("bundled font parses");
        let postscript_name = parsed
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| id.name().to_string());
        let glyphs = std::iter::repeat_with(|| AtomicU32::new(0)).take(0x1_0000).collect();
        Face { id, data, units_per_em: parsed.units_per_em(), parsed, postscript_name, glyphs }
    }

    /// The glyph id for a character (`cmap`), when the font has one.
    pub fn glyph_id(&self, c: char) -> Option<u16> {
        let slot = self.glyphs.get(c as usize);
        if let Some(known) = slot.map(|s| s.load(Ordering::Relaxed)).filter(|v| v & KNOWN != 0) {
            return (known & PRESENT != 0).then_some(known as u16);
        }
        let gid = self.parsed.glyph_index(c).map(|g| g.0);
        if let Some(slot) = slot {
            slot.store(KNOWN | gid.map_or(0, |g| PRESENT | u32::from(g)), Ordering::Relaxed);
        }
        gid
    }

    /// The parsed tables, for the PDF writer and vertical metrics.
    pub fn tables(&self) -> &ttf_parser::Face<'static> {
        &self.parsed
    }

    /// Horizontal advance of a glyph, in em.
    pub fn advance(&self, gid: u16) -> f64 {
        self.parsed.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0) as f64 / self.units_per_em as f64
    }

    /// Ascender and descender (hhea), in em; the descender is negative.
    pub fn ascender(&self) -> f64 {
        self.parsed.ascender() as f64 / self.units_per_em as f64
    }
    pub fn descender(&self) -> f64 {
        self.parsed.descender() as f64 / self.units_per_em as f64
    }

    /// Where the baseline sits below the top of the ideographic em box, in em:
    /// the OS/2 typographic ascender (BIZ UD: 0.88), else the hhea one when the
    /// font gives no typographic metrics. Lines on the grid and cell text are
    /// placed with it, so that a line's em box fills its grid line exactly.
    pub fn em_box_ascent(&self) -> f64 {
        let t = &self.parsed;
        match (t.typographic_ascender(), t.typographic_descender()) {
            (Some(a), Some(d)) if a > d => f64::from(a) / f64::from(self.units_per_em),
            _ => self.ascender(),
        }
    }

    pub fn has_glyph(&self, c: char) -> bool {
        self.glyph_id(c).is_some()
    }
}

impl Metrics for Face {
    fn glyph(&self, c: char) -> Option<GlyphInfo> {
        let gid = self.glyph_id(c)?;
        Some(GlyphInfo { id: gid, advance: self.advance(gid) })
    }
}

/// All bundled faces.
pub struct FontBook {
    faces: Vec<Face>,
}

impl FontBook {
    /// The process-wide font book, parsed on first use.
    pub fn get() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| FontBook {
            faces: vec![
                Face::load(FontId::Mincho, MINCHO),
                Face::load(FontId::Gothic, GOTHIC),
                Face::load(FontId::GothicBold, GOTHIC_BOLD),
            ],
        })
    }

    pub fn face(&self, id: FontId) -> &Face {
        &self.faces[id as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_have_their_postscript_names() {
        let book = FontBook::get();
        assert_eq!(book.face(FontId::Mincho).postscript_name, "BIZUDMincho-Regular");
        assert_eq!(book.face(FontId::Gothic).postscript_name, "BIZUDGothic-Regular");
        assert_eq!(book.face(FontId::GothicBold).postscript_name, "BIZUDGothic-Bold");
    }

    #[test]
    fn japanese_punctuation_is_full_width_with_half_blank() {
        let m = FontBook::get().face(FontId::Mincho);
        for c in ['「', '」', '、', '。', '・', '最', 'あ'] {
            assert_eq!(m.glyph(c).map(|g| g.advance), Some(1.0), "{c}");
        }
        assert_eq!(m.glyph('A').map(|g| g.advance), Some(0.5));
    }

    #[test]
    fn registered_sign_in_circle_is_missing_but_r_symbol_is_present() {
        let m = FontBook::get().face(FontId::Mincho);
        assert!(!m.has_glyph('\u{24C7}'));
        assert!(m.has_glyph('®'));
    }
}
