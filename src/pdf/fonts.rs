//! Embedding the bundled fonts as subsets (ISO 32000-1 §9.6.4, §9.7.4): only the
//! glyphs the document uses, renumbered, as CIDFontType2 / Identity-H, with a
//! ToUnicode entry for every glyph from the text it stands for.
//!
//! printpdf subsets only behind its heavy `text_layout` feature, so we subset with
//! the `subsetter` crate and hand printpdf a ready font program. The subset tag
//! ("ABCDEF+") is derived from the glyph set, never random, so builds are
//! byte-identical.

use crate::font::{FontBook, FontId};
use crate::frame::{Document, Item};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// One font's subset: the program, the glyph renumbering, the name.
pub struct Subset {
    pub font: FontId,
    /// Original glyph id → subset glyph id.
    pub remap: BTreeMap<u16, u16>,
    pub program: Vec<u8>,
    /// "ABCDEF+BIZUDMincho-Regular".
    pub name: String,
    /// Subset glyph id → advance in font units.
    pub widths: BTreeMap<u16, u16>,
}

/// The glyphs each font is used with, over all pages (sorted, with 0).
pub fn used_glyphs(doc: &Document) -> BTreeMap<FontId, Vec<u16>> {
    // One bit per glyph id and font: no list of every glyph shown to sort.
    let mut seen: BTreeMap<FontId, Vec<u64>> = BTreeMap::new();
    let mut mark = |font: FontId, ids: &mut dyn Iterator<Item = u16>| {
        let bits = seen.entry(font).or_insert_with(|| vec![0u64; 1024]);
        for g in ids {
            bits[usize::from(g >> 6)] |= 1 << (g & 63);
        }
    };
    for page in &doc.pages {
        for item in &page.items {
            match item {
                Item::Text(t) => mark(t.font, &mut t.glyphs.iter().map(|g| g.id)),
                Item::Vertical(v) => mark(v.font, &mut v.glyphs.iter().map(|g| g.id)),
                _ => {}
            }
        }
    }
    seen.into_iter()
        .map(|(font, bits)| {
            // .notdef must stay glyph 0.
            let mut gids = vec![0u16];
            for (w, &word) in bits.iter().enumerate() {
                let mut rest = word;
                while rest != 0 {
                    let g = (w * 64) as u16 + rest.trailing_zeros() as u16;
                    if g != 0 {
                        gids.push(g);
                    }
                    rest &= rest - 1;
                }
            }
            (font, gids)
        })
        .collect()
}

/// Subset one font to `gids` (sorted, including 0).
pub fn subset(font: FontId, gids: &[u16]) -> Result<Subset, String> {
    let face = FontBook::get().face(font);
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(gids);
    let program = subsetter::subset(face.data, 0, &remapper).map_err(|e| format!("{e:?}"))?;
    let remap: BTreeMap<u16, u16> = gids.iter().map(|&g| (g, remapper.get(g).unwrap_or(0))).collect();
    let tables = face.tables();
    let widths = remap
        .iter()
        .map(|(&old, &new)| (new, tables.glyph_hor_advance(ttf_parser::GlyphId(old)).unwrap_or(0)))
        .collect();
    Ok(Subset {
        font,
        remap,
        program,
        name: format!("{}+{}", tag(&face.postscript_name, gids), face.postscript_name),
        widths,
    })
}

/// The subset's name: tag + PostScript name.
pub fn subset_name(font: FontId, gids: &[u16]) -> String {
    let face = FontBook::get().face(font);
    format!("{}+{}", tag(&face.postscript_name, gids), face.postscript_name)
}

/// Six capital letters from a hash of the font name and glyph set (§9.6.4 asks for
/// a tag unique to the subset; a hash of its content is, and is reproducible).
fn tag(name: &str, gids: &[u16]) -> String {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    for g in gids {
        h.update(g.to_be_bytes());
    }
    h.finalize().iter().take(6).map(|b| (b'A' + b % 26) as char).collect()
}

/// printpdf's font object for a subset: the program is embedded as is.
pub fn to_printpdf(s: &Subset) -> printpdf::ParsedFont {
    let face = FontBook::get().face(s.font);
    let t = face.tables();
    let mut parsed = printpdf::ParsedFont::with_glyph_data(
        s.program.clone(),
        0,
        Some(s.name.clone()),
        BTreeMap::new(),
        s.widths.clone(),
        face.units_per_em,
        printpdf::font::FontMetrics { ascent: t.ascender(), descent: t.descender() },
    );
    let bbox = t.global_bounding_box();
    parsed.pdf_font_metrics.x_min = bbox.x_min;
    parsed.pdf_font_metrics.y_min = bbox.y_min;
    parsed.pdf_font_metrics.x_max = bbox.x_max;
    parsed.pdf_font_metrics.y_max = bbox.y_max;
    parsed.pdf_font_metrics.us_weight_class = t.weight().to_number();
    parsed
}
