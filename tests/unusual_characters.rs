//! Characters nobody typed in the tests' editions (issue #24, "no character
//! lost" on inputs never shown): combining marks typed apart, variation
//! selectors, invisible characters. Each is printed — the glyph on the page is
//! the one the text asks for — or the build says at its file:line:column that
//! it cannot be (docs/entries.md, "no character is dropped"). The silent
//! failure these guard against: a glyph drawn for the base character alone
//! while the PDF's text gives back base and mark (か + U+3099 printed か).

mod common;
use common::{copy_dir, page_texts, root, squeeze};
use sasshi::diag::Severity;
use sasshi::font::{FontBook, FontId};
use sasshi::frame::Item;
use sasshi::layout::DocumentKind;
use std::path::PathBuf;

/// The base fixture with its winner's overview replaced by `overview` (a TOML
/// basic string's content) and the committee member's name by `name`.
fn edition(case: &str, overview: &str, name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("unusual").join(case).join("2000-01");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/base"), &dir);
    let w = dir.join("winners/sample.toml");
    let t = std::fs::read_to_string(&w).unwrap();
    let t = t.replace("overview = \"見本となる取り組みです。\"", &format!("overview = \"{overview}\""));
    std::fs::write(&w, t).unwrap();
    let e = dir.join("edition.toml");
    let t = std::fs::read_to_string(&e).unwrap();
    let t = t.replacen("name = \"山田　太郎\"\naffiliation", &format!("name = \"{name}\"\naffiliation"), 1);
    std::fs::write(&e, t).unwrap();
    dir
}

fn render(dir: &std::path::Path) -> sasshi::Outcome<sasshi::Rendered> {
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    sasshi::render(dir, &options)
}

/// Every glyph of the booklet's frames whose text is `text`: (font, glyph id).
fn glyphs_of(r: &sasshi::Rendered, text: &str) -> Vec<(FontId, u16)> {
    let mut out = Vec::new();
    for page in &r.frames(DocumentKind::Booklet).pages {
        for item in &page.items {
            if let Item::Text(t) = item {
                out.extend(t.glyphs.iter().filter(|g| g.text.as_str() == text).map(|g| (t.font, g.id)));
            }
        }
    }
    out
}

#[test]
fn a_sound_mark_typed_apart_prints_the_voiced_kana_and_an_accent_its_letter() {
    // か + U+3099 (as macOS stores が), e + U+0301 (é decomposed), in a body
    // text and in a committee member's name (set with word joiners).
    let dir = edition("marks", "か\\u3099んCafe\\u0301", "は\\u309Aし\\u3099め　太郎");
    let out = render(&dir);
    let r = out.result.as_ref().unwrap_or_else(|| panic!("{}", out.diags.render(&out.sources, "en")));
    assert!(out.diags.errors().next().is_none());
    let text = squeeze(&page_texts(r.bytes(DocumentKind::Booklet)).concat());
    assert!(text.contains("がんCafé"), "{text}");
    assert!(text.contains("ぱじめ太郎"), "{text}");
    // The page shows が: the glyph is the font's が, not か's.
    let book = FontBook::get();
    for (font, id) in glyphs_of(r, "が") {
        assert_eq!(Some(id), book.face(font).glyph_id('が'));
    }
    assert!(!glyphs_of(r, "が").is_empty());
    assert!(glyphs_of(r, "か\u{3099}").is_empty(), "a glyph of か standing for が");
}

#[test]
fn an_ideographic_variation_sequence_prints_its_own_form() {
    let dir = edition("ivs", "葛\\U000E0100城と葛城", "辻\\U000E0100　太郎");
    let out = render(&dir);
    let r = out.result.as_ref().unwrap_or_else(|| panic!("{}", out.diags.render(&out.sources, "en")));
    let variant = glyphs_of(r, "葛\u{E0100}");
    let plain = glyphs_of(r, "葛");
    assert!(!variant.is_empty() && !plain.is_empty());
    assert!(variant.iter().all(|v| plain.iter().all(|p| p.1 != v.1)), "the sequence drew the plain 葛");
    assert!(!glyphs_of(r, "辻\u{E0100}").is_empty(), "the name's joiners split 辻 from its selector");
    let text = squeeze(&page_texts(r.bytes(DocumentKind::Booklet)).concat());
    assert!(text.contains("葛\u{E0100}城と葛城"), "{text}");
}

/// The errors of a build that must fail: (key, line, column).
fn errors(dir: &std::path::Path) -> Vec<(String, usize, usize)> {
    let out = render(dir);
    assert!(out.result.is_none(), "built without a word");
    out.diags
        .errors()
        .map(|d| {
            let span = d.span.as_ref().expect("at a place");
            let (l, c) = out.sources.get(span.file).line_col(span.range.start);
            (d.message.key.to_string(), l, c)
        })
        .collect()
}

#[test]
fn a_mark_or_selector_no_face_draws_with_its_character_is_an_error_at_it() {
    // Line 9 of the winner file: overview = "あ…; the value starts at column 13.
    let e = errors(&edition("no-variant", "あ\\U000E0100い", "山田　太郎"));
    assert!(e.contains(&("audit.mark_not_printed".into(), 9, 14)), "{e:?}");
    let e = errors(&edition("no-mark", "が\\u3099い", "山田　太郎"));
    assert!(e.contains(&("audit.mark_not_printed".into(), 9, 14)), "{e:?}");
    // An emoji-presentation selector on a character the fonts draw as text.
    let e = errors(&edition("emoji-selector", "☎\\uFE0F電話", "山田　太郎"));
    assert!(e.contains(&("audit.mark_not_printed".into(), 9, 14)), "{e:?}");
    // A zero width joiner between two kanji: nothing on the page shows it.
    let e = errors(&edition("zwj", "山\\u200D田", "山田　太郎"));
    assert!(e.contains(&("audit.mark_not_printed".into(), 9, 14)), "{e:?}");
}

#[test]
fn a_word_joiner_typed_is_an_error_and_a_soft_hyphen_a_warning_at_its_column() {
    let e = errors(&edition("word-joiner", "山\u{2060}田", "山田　太郎"));
    assert_eq!(e, vec![("audit.word_joiner".to_string(), 9, 14)]);
    let out = render(&edition("soft-hyphen", "tele\u{AD}work", "山田　太郎"));
    assert!(out.result.is_some());
    let w: Vec<_> = out.diags.items.iter().filter(|d| d.message.key == "audit.soft_hyphen").collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].severity, Severity::Warning);
    let span = w[0].span.as_ref().unwrap();
    assert_eq!(out.sources.get(span.file).line_col(span.range.start), (9, 17));
}

#[test]
fn a_carriage_return_alone_ends_a_line_a_paragraph_in_a_body_and_a_word_in_latin() {
    // Old Mac line ends: a CR alone. Latin words keep their space; a body's
    // 「　」 line after a CR starts its own paragraph.
    let dir = edition("cr-only", "hello\\rworld", "山田　太郎");
    let w = dir.join("winners/sample.toml");
    let t = std::fs::read_to_string(&w)
        .unwrap()
        .replace("p = \"見本のテレワーク\"", "body = \"　段落一の文。\\r　段落二の文。\\r\\n　段落三の文。\"");
    std::fs::write(&w, t).unwrap();
    let out = render(&dir);
    let r = out.result.as_ref().unwrap_or_else(|| panic!("{}", out.diags.render(&out.sources, "en")));
    let text = page_texts(r.bytes(DocumentKind::Booklet)).concat();
    assert!(text.contains("hello world"), "{text}");
    let starts: Vec<String> = r
        .frames(DocumentKind::Booklet)
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
        .filter(|t| t.para_start && t.text().contains("段落"))
        .map(|t| t.text())
        .collect();
    assert_eq!(starts.len(), 3, "{starts:?}");
}
