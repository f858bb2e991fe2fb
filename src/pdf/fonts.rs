//! Embedding the bundled fonts as subsets (ISO 32000-1 §9.6.4, §9.7.4): only the
//! glyphs the document uses, renumbered, as CIDFontType2 / Identity-H, with a
//! ToUnicode entry for every glyph from the text it stands for. The names face
//! (IPAmj明朝, `font` module) is a font of its own in the PDF, present only when
//! a glyph of it is shown: the frames' slots are turned into its glyph ids here
//! (`font::resolve`), so its subset and tag depend on the glyphs alone.
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
    // A names-face slot (`font::is_fallback`) marks the names face's own glyph.
    let mut mark = |font: FontId, ids: &mut dyn Iterator<Item = u16>| {
        let bits = seen.entry(font).or_insert_with(|| vec![0u64; 1024]);
        let mut names = Vec::new();
        for g in ids {
            if crate::font::is_fallback(g) {
                names.push(crate::font::resolve(font, g).1);
            } else {
                bits[usize::from(g >> 6)] |= 1 << (g & 63);
            }
        }
        if !names.is_empty() {
            let bits = seen.entry(FontId::Names).or_insert_with(|| vec![0u64; 1024]);
            for g in names {
                bits[usize::from(g >> 6)] |= 1 << (g & 63);
            }
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

/// A glyph the document shows for two different texts, or for none: its
/// ToUnicode entry (one text per glyph, ISO 32000-1 §9.10.3) cannot give back
/// what every use of it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundTrip {
    pub font: FontId,
    pub gid: u16,
    /// The text of its first use.
    pub first: String,
    /// The text of the use that differs (empty for a glyph that stands for
    /// nothing).
    pub other: String,
    /// The line of that use.
    pub source: Option<crate::diag::Span>,
}

/// The round trip of the PDF's text (issue #24, the ledger's PDF half): every
/// glyph a font shows stands for one text, which the ToUnicode map gives back
/// — so the text read from the PDF is the frames' glyph text. A glyph of one
/// font shown for two different texts (two characters the font draws alike)
/// or for no text breaks it; each such glyph is returned once, at its first
/// differing use.
pub fn round_trip(doc: &Document) -> Vec<RoundTrip> {
    use crate::diag::Span;
    use crate::frame::GlyphText;
    // The glyph texts are compared as stored (no UTF-8 check per glyph): this
    // runs on every build.
    fn check<'a>(
        slots: &mut Vec<Option<&'a GlyphText>>,
        found: &mut Vec<RoundTrip>,
        (font, gid): (FontId, u16),
        text: &'a GlyphText,
        source: &Option<Span>,
    ) {
        // Glyph 0 (.notdef) stands for characters the fonts cannot draw, each
        // already an error of its own (layout/kit/compose.rs): not a second one.
        if gid == 0 {
            return;
        }
        let k = usize::from(gid);
        if slots.len() <= k {
            slots.resize(k + 1, None);
        }
        let first = match slots[k] {
            None if !matches!(text, GlyphText::Inline { len: 0, .. }) => {
                slots[k] = Some(text);
                return;
            }
            Some(first) if first == text => return,
            first => first,
        };
        if !found.iter().any(|r| r.font == font && r.gid == gid) {
            found.push(RoundTrip {
                font,
                gid,
                first: first.map_or(String::new(), |t| t.to_string()),
                other: text.to_string(),
                source: source.clone(),
            });
        }
    }
    let mut seen: BTreeMap<FontId, Vec<Option<&GlyphText>>> = BTreeMap::new();
    let mut found: Vec<RoundTrip> = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
            match item {
                Item::Text(t) => {
                    let slots = seen.entry(t.font).or_default();
                    for g in &t.glyphs {
                        check(slots, &mut found, (t.font, g.id), &g.text, &t.source);
                    }
                }
                Item::Vertical(v) => {
                    let slots = seen.entry(v.font).or_default();
                    for g in &v.glyphs {
                        check(slots, &mut found, (v.font, g.id), &g.text, &v.source);
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// [`round_trip`] for every document, as errors at the lines that break it:
/// run before anything is written.
pub fn check_round_trip<'a>(docs: impl IntoIterator<Item = &'a Document>, diags: &mut crate::diag::Diagnostics) {
    use crate::diag::{Diagnostic, Message};
    for doc in docs {
        for r in round_trip(doc) {
            let font = FontBook::get().face(r.font).postscript_name.clone();
            let message = if r.other.is_empty() || r.first.is_empty() {
                Message::new("ledger.no_text").arg("font", font)
            } else {
                Message::new("ledger.to_unicode").arg("char", r.first).arg("other", r.other).arg("font", font)
            };
            let d = Diagnostic::error(r.source, "", message).with_hint(Message::new("ledger.to_unicode_hint"));
            if !diags.items.iter().any(|x| x.span == d.span && x.message.key == d.message.key) {
                diags.push(d);
            }
        }
    }
}

#[cfg(test)]
mod round_trip_tests {
    use super::*;
    use crate::frame::{Glyph, Meta, Page, PageKind, Role, TextLine};
    use crate::units::{Point, Pt, Rect};

    fn doc(glyphs: &[(u16, &str)]) -> Document {
        let line = TextLine {
            font: FontId::Mincho,
            size: Pt(10.0),
            origin: Point::new(Pt(0.0), Pt(0.0)),
            glyphs: glyphs.iter().map(|&(id, t)| Glyph { id, x: Pt(0.0), advance: Pt(10.0), text: t.into() }).collect(),
            role: Role::Body,
            measure_end: Pt(100.0),
            justified: false,
            para_start: true,
            content_end: Pt(0.0),
            source: None,
            header: false,
            structure: None,
            setting: None,
            relaxed: false,
            hyphen: false,
        };
        let page = Page {
            width: Pt(100.0),
            height: Pt(100.0),
            kind: PageKind::Body,
            block: Rect::new(Pt(0.0), Pt(0.0), Pt(100.0), Pt(100.0)),
            items: vec![Item::Text(line)],
            short_by: None,
            units: Vec::new(),
        };
        let meta = Meta {
            title: String::new(),
            subject: String::new(),
            author: String::new(),
            date: (2006, 7, 1),
            language: "ja".into(),
        };
        Document { meta, pages: vec![page], outline: Vec::new(), padding: 0 }
    }

    #[test]
    fn one_glyph_for_one_text_round_trips() {
        assert!(round_trip(&doc(&[(5, "一"), (6, "二"), (5, "一")])).is_empty());
    }

    #[test]
    fn one_glyph_for_two_texts_is_found_once() {
        let found = round_trip(&doc(&[(5, "一"), (5, "⼀"), (5, "⼀")]));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].first.as_str(), found[0].other.as_str()), ("一", "⼀"));
    }

    #[test]
    fn a_glyph_for_no_text_is_found() {
        assert_eq!(round_trip(&doc(&[(7, "")])).len(), 1);
    }
}
