//! The bodies of the fuzz targets, as plain functions of `&[u8]`: the libFuzzer
//! targets in `fuzz/fuzz_targets/` call them, and `tests/fuzz_corpus.rs` calls
//! them in `cargo test` with every seed of `fuzz/seeds/<target>/` and a bounded
//! number of random and mutated inputs — so they compile against the current
//! API on the stable toolchain and cannot rot unnoticed (issue #24: two
//! targets no longer compiled when nothing built them).
//!
//! Each function panics when its property fails; that is what a fuzzer looks
//! for. The loader and paginator targets write an edition into a scratch
//! folder the caller gives (one per process or per test).

use crate::font::{FontBook, FontId};
use crate::text::{self, Align, HeadBracket, Kinsoku, Settings, Shape};
use std::fmt::Write as _;
use std::path::Path;

/// The fixture the loader and paginator targets start from.
const EDITION: &str = include_str!("../tests/fixtures/base/edition.toml");
const WINNER: &str = include_str!("../tests/fixtures/base/winners/sample.toml");
const IMAGE: &[u8] = include_bytes!("../tests/fixtures/base/images/sample.png");
const LAYOUT: &str = include_str!("../layouts/a4.toml");

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The line breaker on arbitrary text, measures, indents and settings, with the
/// real fonts: `text::compose` and the layout's composer (which breaks overfull
/// lines at the measure) must not panic nor lose a character, and no glyph but a
/// line's first may start beyond the measure. The first 6 bytes choose the font,
/// size, measure, indents and settings; the rest is the text (lossy UTF-8).
pub fn linebreak(data: &[u8]) {
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
    let align = [Align::Justify, Align::Start, Align::Center, Align::End][flags as usize % 4];
    let kinsoku = [Kinsoku::Strict, Kinsoku::Loose, Kinsoku::VeryStrict][(flags / 4) as usize % 3];
    let head_bracket = if flags & 16 == 0 { HeadBracket::Jis } else { HeadBracket::KeepBlank };
    let burasage = flags & 32 != 0;
    let mut settings = Settings::new(size);
    settings.align = align;
    settings.kinsoku = kinsoku;
    settings.head_bracket = head_bracket;
    settings.burasage = burasage;
    settings.avoid_single_char_last_line = flags & 64 == 0;
    settings.keep_words = head[1] & 0x80 != 0;
    let shape = Shape { measure, first_indent, rest_indent };
    let face = FontBook::get().face(font);

    let composed = text::compose(&text, shape, &settings, face);
    let set: String = composed.lines.iter().flat_map(|l| &l.glyphs).map(|g| &composed.text[g.text.clone()]).collect();
    assert_eq!(squeeze(&set), squeeze(&composed.text), "text::compose lost text");

    let sources = crate::diag::SourceMap::default();
    let mut diags = crate::diag::Diagnostics::default();
    let composition = crate::model::layout::Composition { kinsoku, burasage, head_bracket, ..Default::default() };
    let mut c = crate::layout::kit::compose::Composer::new(composition, &sources, &mut diags);
    let lines = c.set_str_words(&text, None, font, size, shape, align, settings.keep_words);
    let set: String = lines.lines.iter().flat_map(|l| &l.glyphs).map(|g| g.text.as_str()).collect();
    assert_eq!(squeeze(&set), squeeze(&composed.text), "the layout's composer lost text");
    for l in &lines.lines {
        // Nothing is drawn outside the text block: an overfull run is broken at
        // the measure. (A word space may sit past the end: it has no ink.)
        for g in l.glyphs.iter().skip(1).filter(|g| !g.text.as_str().trim().is_empty()) {
            assert!(
                g.x.0 <= measure + 0.5,
                "glyph {:?} starts at {} beyond the measure {measure}",
                g.text.as_str(),
                g.x.0
            );
        }
    }
}

/// Write the base fixture's image and the a4 layout into `dir` (an edition
/// folder `dir/2000-01` and `dir/layouts/a4.toml`); the edition folder.
fn scratch(dir: &Path) -> std::path::PathBuf {
    let edition = dir.join("2000-01");
    if !edition.join("images/sample.png").is_file() {
        std::fs::create_dir_all(edition.join("winners")).expect("a scratch folder");
        std::fs::create_dir_all(edition.join("images")).expect("a scratch folder");
        std::fs::create_dir_all(dir.join("layouts")).expect("a scratch folder");
        std::fs::write(edition.join("images/sample.png"), IMAGE).expect("a scratch file");
        std::fs::write(dir.join("layouts/a4.toml"), LAYOUT).expect("a scratch file");
    }
    edition
}

/// The entry loader on arbitrary bytes: the first byte chooses what the rest
/// becomes — 0: edition.toml, 1: a winner file, 2: text appended to a valid
/// winner file — in a copy of tests/fixtures/base written into `dir`.
/// `sasshi::check` must not panic, must explain every failure with an error,
/// and its diagnostics must render in both languages.
pub fn loader(dir: &Path, data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let edition_dir = scratch(dir);
    let (edition, winner): (Vec<u8>, Vec<u8>) = match mode % 3 {
        0 => (rest.to_vec(), WINNER.as_bytes().to_vec()),
        1 => (EDITION.as_bytes().to_vec(), rest.to_vec()),
        _ => (EDITION.as_bytes().to_vec(), [WINNER.as_bytes(), b"\n", rest].concat()),
    };
    std::fs::write(edition_dir.join("edition.toml"), edition).expect("a scratch file");
    std::fs::write(edition_dir.join("winners/sample.toml"), winner).expect("a scratch file");
    let out = crate::check(&edition_dir, &crate::Options::default());
    assert!(out.result.is_some() || out.diags.has_errors(), "failed without an error");
    for lang in ["ja", "en"] {
        let text = out.diags.render(&out.sources, lang);
        assert!(out.diags.items.is_empty() || !text.is_empty(), "diagnostics render to nothing in {lang}");
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The paginator on generated editions: the input is cut into blocks (at
/// U+001E), each becoming a paragraph, a labelled item, a sub-heading, a table
/// (cells cut at U+001F), a figure with a caption, or a winner's URL — its first
/// character choosing the kind and how often the text is repeated (up to 32
/// times, so that small inputs make long paragraphs and many pages). The edition
/// is written into `dir`. `sasshi::render` must not panic, must explain every
/// failure with an error, and every block's characters must be in the booklet,
/// in order.
pub fn paginate(dir: &Path, data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let mut winner = String::from(
        "id = \"w\"\ncategory = \"I\"\naward = \"会長賞\"\nname = \"見本株式会社\"\nreading = \"みほん\"\n",
    );
    let mut content = String::new();
    // Texts that must be printed.
    let mut texts: Vec<String> = Vec::new();
    for block in input.split('\u{1e}') {
        let mut chars = block.chars();
        let Some(kind) = chars.next() else { continue };
        let body: String = chars.filter(|c| !c.is_control() || *c == '\n' || *c == '\u{1f}').collect();
        if body.trim().is_empty() {
            continue;
        }
        let k = kind as u32;
        let text = body.repeat(1 + (k / 8 % 32) as usize);
        match k % 8 {
            0 | 1 => {
                let text = text.replace('\u{1f}', "");
                let _ = write!(content, "  [[section.content]]\n  p = {}\n", quote(&text));
                texts.push(text);
            }
            2 => {
                let text = text.replace('\u{1f}', "");
                let _ = write!(content, "  [[section.content]]\n  label = \"(1)\"\n  item = {}\n", quote(&text));
                texts.push(text);
            }
            3 => {
                let text = text.replace('\u{1f}', "");
                let _ = write!(content, "  [[section.content]]\n  heading = {}\n", quote(&text));
                texts.push(text);
            }
            4 => {
                let cells: Vec<String> = text.split('\u{1f}').map(quote).collect();
                let _ = write!(content, "  [[section.content]]\n  table.rows = [[{}]]\n", cells.join(", "));
                texts.extend(text.split('\u{1f}').map(str::to_string));
            }
            5 => {
                let text = text.replace('\u{1f}', "");
                let _ = write!(
                    content,
                    "  [[section.content]]\n  figure = \"images/sample.png\"\n  caption = {}\n",
                    quote(&text)
                );
                texts.push(text);
            }
            _ if !winner.contains("url =") => {
                let text = text.replace('\u{1f}', "");
                let _ = writeln!(winner, "url = {}", quote(&text));
                texts.push(text);
            }
            _ => {}
        }
    }
    if !content.is_empty() {
        let _ = write!(winner, "[[section]]\nnumber = 1\n{content}");
    }
    let edition_dir = scratch(dir);
    std::fs::write(edition_dir.join("edition.toml"), EDITION).expect("a scratch file");
    std::fs::write(edition_dir.join("winners/sample.toml"), &winner).expect("a scratch file");
    let out = crate::render(&edition_dir, &crate::Options::default());
    for lang in ["ja", "en"] {
        let _ = out.diags.render(&out.sources, lang);
    }
    let Some(r) = out.result else {
        assert!(out.diags.has_errors(), "failed without an error");
        return;
    };
    assert!(!out.diags.has_errors(), "built with errors");
    // No character lost: every text's characters, in order, in the booklet (a
    // figure may float past the text after it, so not necessarily contiguous).
    let printed: Vec<char> = squeeze(&r.frames(crate::layout::DocumentKind::Booklet).text()).chars().collect();
    for t in &texts {
        let mut at = 0;
        for c in squeeze(t).chars() {
            match printed[at..].iter().position(|p| *p == c) {
                Some(i) => at += i + 1,
                None => panic!("lost {c:?} of {t:?}"),
            }
        }
    }
}
