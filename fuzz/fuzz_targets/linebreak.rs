//! The line breaker on arbitrary text, measures, indents and settings, with the
//! real fonts: `text::compose` and the layout's composer (which breaks overfull
//! lines at the measure) must not panic nor lose a character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sasshi::font::{FontBook, FontId};
use sasshi::text::{self, Align, HeadBracket, Kinsoku, Settings, Shape};

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 6 {
        return;
    }
    let (head, rest) = data.split_at(6);
    let text = String::from_utf8_lossy(rest);
    let font = FontId::ALL[head[0] as usize % 3];
    let size = 6.0 + f64::from(head[1] % 32);
    // Measures from a fraction of an em to 80 em; indents up to 4 em.
    let measure = f64::from(u16::from_le_bytes([head[2], head[3]]) % 8000) / 100.0 * size + 0.5;
    let first_indent = f64::from(head[4] % 5) * size;
    let rest_indent = f64::from(head[5] % 5) * size;
    let flags = head[0] / 3;
    let mut settings = Settings::new(size);
    settings.align = [Align::Justify, Align::Start, Align::Center, Align::End][flags as usize % 4];
    settings.kinsoku = [Kinsoku::Strict, Kinsoku::Loose, Kinsoku::VeryStrict][(flags / 4) as usize % 3];
    settings.head_bracket = if flags & 16 == 0 { HeadBracket::Jis } else { HeadBracket::KeepBlank };
    settings.burasage = flags & 32 != 0;
    settings.avoid_single_char_last_line = flags & 64 == 0;
    let shape = Shape { measure, first_indent, rest_indent };
    let face = FontBook::get().face(font);

    let composed = text::compose(&text, shape, &settings, face);
    let set: String = composed.lines.iter().flat_map(|l| &l.glyphs).map(|g| &composed.text[g.text.clone()]).collect();
    assert_eq!(squeeze(&set), squeeze(&composed.text), "text::compose lost text");

    let sources = sasshi::diag::SourceMap::default();
    let mut diags = sasshi::diag::Diagnostics::default();
    let composition = sasshi::model::layout::Composition {
        kinsoku: ["strict", "loose", "very-strict"][(flags / 4) as usize % 3].into(),
        burasage: settings.burasage,
        head_bracket: if flags & 16 == 0 { "jis" } else { "keep-blank" }.into(),
    };
    let mut c =
        sasshi::layout::compose::Composer { book: FontBook::get(), composition, sources: &sources, diags: &mut diags };
    let lines = c.set_str(&text, None, font, size, shape, settings.align);
    let set: String = lines.lines.iter().flat_map(|l| &l.glyphs).map(|g| g.text.as_str()).collect();
    assert_eq!(squeeze(&set), squeeze(&composed.text), "the layout's composer lost text");
    for l in &lines.lines {
        // No glyph but a line's first starts beyond the measure: nothing is drawn
        // outside the text block (an overfull run is broken at the measure).
        // (A word space may sit past the end: it has no ink.)
        for g in l.glyphs.iter().skip(1).filter(|g| !g.text.trim().is_empty()) {
            assert!(g.x.0 <= measure + 0.5, "glyph {:?} starts at {} beyond the measure {measure}", g.text, g.x.0);
        }
    }
});
