//! Rare characters in names (issue #26): a character the BIZ UD faces lack but
//! the names face (IPAmj明朝, `font` module) has — 𠮷 (U+20BB7) — prints in a
//! winner's name and in the committee, from a subset of that face with a
//! ToUnicode map (the text read back from the PDF gives 𠮷); a build whose text
//! the main faces cover never loads the names face; a character no face has is
//! reported once per place, with a hint that applies to it.
//!
//! One test function: whether the names face was loaded is a property of the
//! process, which parallel tests in one binary would share.

mod common;

use common::{copy_dir, page_texts, root};
use sasshi::layout::DocumentKind;
use std::path::PathBuf;

/// A copy of fixture edition B with `(from, to)` replaced in its edition file
/// and winner files.
fn edition_with(case: &str, replace: &[(&str, &str)]) -> PathBuf {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("names-{case}"));
    let _ = std::fs::remove_dir_all(&base);
    let edition = base.join("entries/2031-11");
    copy_dir(&root().join("tests/fixtures/edition-b"), &edition);
    let mut files = vec![edition.join("edition.toml")];
    files.extend(std::fs::read_dir(edition.join("winners")).unwrap().map(|e| e.unwrap().path()));
    for file in files {
        let mut text = std::fs::read_to_string(&file).unwrap();
        for (from, to) in replace {
            text = text.replace(from, to);
        }
        std::fs::write(&file, text).unwrap();
    }
    edition
}

fn render(edition: &std::path::Path) -> sasshi::Outcome<sasshi::Rendered> {
    sasshi::render(edition, &sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() })
}

/// The base font names of a PDF's fonts (subset tag dropped).
fn font_names(bytes: &[u8]) -> Vec<String> {
    let (summary, problems) = sasshi::pdf::verify::verify(bytes, 2);
    assert!(problems.is_empty(), "verify: {problems:?}");
    let mut names: Vec<String> =
        summary.fonts.iter().map(|f| f.split_once('+').map_or(f.as_str(), |(_, n)| n).to_string()).collect();
    names.sort();
    names
}

fn the_default_build_never_loads_the_names_face() {
    let out = render(&root().join("tests/fixtures/edition-b"));
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.sources, "en"));
    let r = out.result.unwrap();
    assert!(!sasshi::font::names_face_loaded(), "edition B needs no names face, yet it was inflated");
    assert!(!font_names(r.bytes(DocumentKind::Booklet)).iter().any(|f| f.starts_with("IPAmj")));
}

fn a_rare_name_character_prints_from_the_names_face_and_reads_back() {
    // Hoshino Sora is a winner (her profile, the award list, the programme);
    // Ichikawa Toru sits on the committee.
    let edition = edition_with("yoshi", &[("星野　ソラ", "𠮷野　ソラ"), ("市川　透", "𠮷川　透")]);
    let out = render(&edition);
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.sources, "en"));
    assert!(sasshi::font::names_face_loaded());
    let r = out.result.unwrap();
    for kind in [DocumentKind::Booklet, DocumentKind::Programme] {
        let bytes = r.bytes(kind);
        assert_eq!(
            font_names(bytes),
            ["BIZUDGothic-Bold", "BIZUDGothic-Regular", "BIZUDMincho-Regular", "IPAmjMincho"],
            "{kind:?}"
        );
        let text = page_texts(bytes).concat();
        assert!(text.contains("𠮷野"), "{kind:?}: the winner's name reads back");
        assert!(!text.contains('\u{FFFD}'), "{kind:?}");
    }
    let booklet = page_texts(r.bytes(DocumentKind::Booklet)).concat();
    assert!(booklet.contains("𠮷川"), "the committee member's name reads back");
    // 𠮷 is the names face's only glyph in use (besides .notdef): one code in
    // its ToUnicode map.
    let doc = lopdf::Document::load_mem(r.bytes(DocumentKind::Booklet)).unwrap();
    let mut maps = Vec::new();
    for font in doc.objects.values().filter_map(|o| o.as_dict().ok()) {
        let base = font.get(b"BaseFont").ok().and_then(|b| b.as_name().ok()).unwrap_or(b"");
        if font.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Type0") && base.ends_with(b"IPAmjMincho")
        {
            let id = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
            let data = doc.get_object(id).unwrap().as_stream().unwrap().decompressed_content().unwrap();
            maps.push(common::parse_cmap(&data));
        }
    }
    assert_eq!(maps.len(), 1);
    let texts: Vec<&String> = maps[0].values().collect();
    assert_eq!(texts, ["𠮷"]);
}

fn a_character_no_face_has_is_reported_once_per_place_with_a_hint_for_it() {
    let edition = edition_with("missing", &[("星野　ソラ", "星野　ソラ😀"), ("市川　透", "市川　透Ⓡ")]);
    let out = render(&edition);
    let missing: Vec<_> = out.diags.items.iter().filter(|d| d.message.key == "layout.missing_glyph").collect();
    let mut places: Vec<(String, String)> = missing
        .iter()
        .map(|d| {
            let span = d.span.as_ref().expect("each at its place");
            (format!("{}:{}", out.sources.get(span.file).shown, span.range.start), d.message.render("en"))
        })
        .collect();
    let count = places.len();
    places.dedup();
    assert_eq!(places.len(), count, "one error per character and place: {places:?}");
    // Edition B has Hoshino's name in her winner file (name, photo caption) and
    // in the edition's award list; Ichikawa's only in the committee.
    let emoji = missing.iter().filter(|d| d.message.render("en").contains("U+1F600")).count();
    assert!((2..=4).contains(&emoji), "{places:?}");
    let circled: Vec<_> = missing.iter().filter(|d| d.message.render("en").contains("U+24C7")).collect();
    assert_eq!(circled.len(), 1, "{places:?}");
    let hint = |d: &sasshi::diag::Diagnostic| d.hint.as_ref().map(|h| h.render("en")).unwrap_or_default();
    assert!(hint(circled[0]).contains("\"®\""), "Ⓡ → ®: {}", hint(circled[0]));
    for d in missing.iter().filter(|d| d.message.render("en").contains("U+1F600")) {
        assert!(!hint(d).contains('Ⓡ'), "no example that does not apply: {}", hint(d));
        assert!(hint(d).contains("sasshi fonts"), "{}", hint(d));
    }
}

#[test]
fn names_face_prints_rare_name_characters_only_when_needed_and_missing_ones_are_reported_once() {
    the_default_build_never_loads_the_names_face();
    a_rare_name_character_prints_from_the_names_face_and_reads_back();
    a_character_no_face_has_is_reported_once_per_place_with_a_hint_for_it();
}
