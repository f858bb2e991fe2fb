//! The font book: the bundled fonts in `fonts/`, and nothing else.
//!
//! The fonts are compiled into the binary (`include_bytes!`), so a build never
//! depends on the machine's fonts or on the working directory, and an archived
//! binary rebuilds an edition with exactly the glyphs it was printed with. Each
//! face is parsed once per process.
//!
//! **The names face.** BIZ UD covers JIS X 0213, not every character of the
//! family registers (戸籍統一文字, the MJ character set): 𠮷 (U+20BB7) and its
//! like are not in it. IPAmj明朝 (IPA Font License v1.0, `fonts/ipamjm.ttf`,
//! 46 MB, unmodified as the licence asks of a redistributed face) draws them: a
//! character none of the main face's `cmap` has is looked up there
//! ([`Face::glyph`]) and drawn from it, in every face (a bold heading shows
//! the Mincho form: the only one there is). It is stored zlib-compressed by
//! `build.rs` (31 MB in the binary instead of 46) and inflated and parsed only
//! the first time a character is missing from a main face: a build whose text
//! the BIZ UD faces cover never touches it.
//!
//! Its glyphs live in the frames under the main face's [`FontId`], with ids from
//! [`FALLBACK_BASE`] up: one slot per glyph of the names face, numbered in the
//! order this process first asked for it ([`fallback_slot`]). The PDF writer
//! turns a slot back into the names face's own glyph id ([`resolve`]), so the
//! slots' order never reaches a file: the PDF has a fourth font,
//! [`FontId::Names`], subset to the glyphs shown, with its own ToUnicode map.

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
    /// IPAmj明朝 — only the characters the three faces above lack (names in
    /// the family-register character set); never chosen by a layout.
    #[serde(skip)]
    Names,
}

impl FontId {
    /// The faces a layout chooses from (the names face is not one of them).
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
            FontId::Names => "names",
        }
    }
}

static MINCHO: &[u8] = include_bytes!("../../fonts/BIZUDMincho-Regular.ttf");
static GOTHIC: &[u8] = include_bytes!("../../fonts/BIZUDGothic-Regular.ttf");
static GOTHIC_BOLD: &[u8] = include_bytes!("../../fonts/BIZUDGothic-Bold.ttf");
/// `fonts/ipamjm.ttf`, zlib-compressed by `build.rs`.
static NAMES_ZLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ipamjm.ttf.zlib"));

/// The first glyph id of the names face's slots in the frames: above every
/// glyph id of the BIZ UD faces (13,932 glyphs), leaving 32,768 slots — more
/// than a process ever shows of the names face.
pub const FALLBACK_BASE: u16 = 0x8000;

/// Whether a frame glyph id is a slot of the names face.
pub fn is_fallback(gid: u16) -> bool {
    gid >= FALLBACK_BASE
}

/// The names face's glyph ids by slot, and the slot of each of its glyph ids.
struct Slots {
    gids: Vec<u16>,
    slots: std::collections::BTreeMap<u16, u16>,
}

fn slots() -> &'static std::sync::Mutex<Slots> {
    static SLOTS: OnceLock<std::sync::Mutex<Slots>> = OnceLock::new();
    SLOTS.get_or_init(|| std::sync::Mutex::new(Slots { gids: Vec::new(), slots: Default::default() }))
}

/// The frame glyph id of the names face's glyph `gid`: its slot, given the
/// first time it is asked for. None when every slot is taken.
pub fn fallback_slot(gid: u16) -> Option<u16> {
    let mut s = slots().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&slot) = s.slots.get(&gid) {
        return Some(slot);
    }
    let slot = FALLBACK_BASE.checked_add(u16::try_from(s.gids.len()).ok()?)?;
    s.gids.push(gid);
    s.slots.insert(gid, slot);
    Some(slot)
}

/// The face and glyph id a frame glyph is drawn with: a slot is the names
/// face's glyph it was given for; any other id is the face's own.
pub fn resolve(font: FontId, gid: u16) -> (FontId, u16) {
    if !is_fallback(gid) {
        return (font, gid);
    }
    let s = slots().lock().unwrap_or_else(|e| e.into_inner());
    (FontId::Names, s.gids.get(usize::from(gid - FALLBACK_BASE)).copied().unwrap_or(0))
}

/// The names face, inflated and parsed on first use.
fn names_face() -> &'static Face {
    static NAMES: OnceLock<Face> = OnceLock::new();
    NAMES.get_or_init(|| {
        use std::io::Read;
        NAMES_LOADED.store(true, Ordering::Relaxed);
        let mut data = Vec::with_capacity(48 << 20);
        // Compressed by build.rs from the committed file: failing to inflate it
        // is a broken build of sasshi itself, caught by the tests.
        flate2::read::ZlibDecoder::new(NAMES_ZLIB).read_to_end(&mut data).expect("bundled names face inflates");
        Face::load(FontId::Names, Box::leak(data.into_boxed_slice()))
    })
}

/// Whether the names face has been loaded in this process (for tests of the
/// default build not paying for it).
pub fn names_face_loaded() -> bool {
    NAMES_LOADED.load(Ordering::Relaxed)
}

static NAMES_LOADED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The bundled font files as compiled in (file name, bytes): the archive
/// copy's manifest records their SHA-256, since a rebuild needs the same glyphs.
pub fn files() -> [(&'static str, &'static [u8]); 3] {
    [("BIZUDMincho-Regular.ttf", MINCHO), ("BIZUDGothic-Regular.ttf", GOTHIC), ("BIZUDGothic-Bold.ttf", GOTHIC_BOLD)]
}

/// The names face's file as the build uses it (inflated on first use): an
/// archive copy of an edition that prints from it records its SHA-256 too.
pub fn names_file() -> (&'static str, &'static [u8]) {
    ("ipamjm.ttf", names_face().data)
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

    /// The glyph a character is drawn with in this face: its own, or when the
    /// face has none and it is a main face, the names face's (as a slot id,
    /// [`fallback_slot`]). None when neither has the character.
    pub fn glyph_or_fallback(&self, c: char) -> Option<u16> {
        if let Some(gid) = self.glyph_id(c) {
            return Some(gid);
        }
        if self.id == FontId::Names {
            return None;
        }
        names_face().glyph_id(c).and_then(fallback_slot)
    }

    /// The glyph of a variation sequence (`base` + `selector`, the `cmap`
    /// format 14 subtable, UAX #37): this face's own, else — from a main face —
    /// the names face's, which holds the ideographic variation sequences of the
    /// family-register character set (葛󠄀, 辻󠄀). None when neither has the
    /// sequence: the base glyph alone would print another form than the one
    /// asked for.
    pub fn variant_glyph(&self, base: char, selector: char) -> Option<u16> {
        if let Some(g) = self.parsed.glyph_variation_index(base, selector) {
            return Some(g.0);
        }
        if self.id == FontId::Names {
            return None;
        }
        let names = names_face();
        names.parsed.glyph_variation_index(base, selector).and_then(|g| fallback_slot(g.0))
    }

    /// Horizontal advance of a glyph (a names-face slot included), in em.
    pub fn advance(&self, gid: u16) -> f64 {
        if is_fallback(gid) && self.id != FontId::Names {
            let (_, own) = resolve(self.id, gid);
            return names_face().advance(own);
        }
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
    /// The face's glyph, else the names face's ([`Face::glyph_or_fallback`]).
    fn glyph(&self, c: char) -> Option<GlyphInfo> {
        let gid = self.glyph_or_fallback(c)?;
        Some(GlyphInfo { id: gid, advance: self.advance(gid) })
    }

    /// The sequence's glyph ([`Face::variant_glyph`]).
    fn variant(&self, base: char, selector: char) -> Option<GlyphInfo> {
        let gid = self.variant_glyph(base, selector)?;
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

    /// A face; the names face is inflated and parsed on first use.
    pub fn face(&self, id: FontId) -> &Face {
        match id {
            FontId::Names => names_face(),
            _ => &self.faces[id as usize],
        }
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
    fn a_name_character_biz_ud_lacks_is_drawn_from_the_names_face() {
        let m = FontBook::get().face(FontId::Mincho);
        assert!(!m.has_glyph('𠮷'), "BIZ UD has no 𠮷 (else the names face is not needed for it)");
        let g = m.glyph('𠮷').expect("the names face has 𠮷");
        assert!(is_fallback(g.id));
        let (face, own) = resolve(FontId::Mincho, g.id);
        assert_eq!(face, FontId::Names);
        assert_eq!(Some(own), FontBook::get().face(FontId::Names).glyph_id('𠮷'));
        assert_eq!(g.advance, 1.0);
        // The same glyph gets the same slot from every face.
        assert_eq!(FontBook::get().face(FontId::GothicBold).glyph('𠮷').map(|g| g.id), Some(g.id));
        assert_eq!(FontBook::get().face(FontId::Names).postscript_name, "IPAmjMincho");
    }

    #[test]
    fn an_ideographic_variation_sequence_gets_its_own_glyph_or_none() {
        let m = FontBook::get().face(FontId::Mincho);
        // 葛 + VS17: a form of 葛 the names face holds (the MJ set's IVS).
        let g = m.variant_glyph('葛', '\u{E0100}').expect("some face has 葛 U+E0100");
        assert_ne!(Some(g), m.glyph_id('葛'), "the variant is another glyph than the plain 葛");
        // A selector no face registers for the character.
        assert_eq!(m.variant_glyph('あ', '\u{E01EF}'), None);
    }

    #[test]
    fn registered_sign_in_circle_is_missing_but_r_symbol_is_present() {
        let m = FontBook::get().face(FontId::Mincho);
        assert!(!m.has_glyph('\u{24C7}'));
        assert!(m.has_glyph('®'));
    }
}
