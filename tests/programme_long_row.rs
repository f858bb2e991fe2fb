//! A programme row taller than a page (issue #24, generated edition seed 24
//! case 1483: a grid of 21 characters at 12 pt, an item's note of a long URL
//! in the narrow people column): the row is cut between its lines over pages,
//! as a data table's row is, and never drawn off the page — the build used to
//! stop with "this text does not fit on page 2 of the booklet".

mod common;
use common::{page_texts, root, squeeze};
use sasshi::layout::DocumentKind;
use std::path::{Path, PathBuf};

/// The A4 layout with case 1483's grid: 12 pt, 21 characters, 48 lines 15 pt apart.
fn narrow_layout(dir: &Path) -> PathBuf {
    common::a4_with_grid(&dir.join("narrow.toml"), 12.0, 21, 15.0, 48)
}

/// Sentences in the note: more than a page of the A4 block holds at 21
/// characters a line, even across the programme's whole measure.
const SENTENCES: usize = 90;

#[test]
fn a_programme_row_taller_than_a_page_is_cut_between_its_lines_and_loses_nothing() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("programme_long_row");
    let _ = std::fs::remove_dir_all(&dir);
    let edition = dir.join("edition-b");
    common::copy_dir(&root().join("tests/fixtures/edition-b"), &edition);
    // The first item gets a note longer than a page holds in its column —
    // also when the people and notes are set under the items, across the
    // title's width, as narrow grids do: a URL without a place to break and
    // sentences after it.
    let url = "https://www.vnfwuxa.example.jp/mo8dsg0be139vk03fi92fncrh0n08wjf0999a7f01k1n?ww=895&btmd=583";
    let note = format!("{url} {}", "受賞者の皆様、誠におめでとうございます。".repeat(SENTENCES));
    let file = edition.join("edition.toml");
    let toml = std::fs::read_to_string(&file).unwrap();
    let toml = toml.replacen("title = \"開会挨拶\"\n", &format!("title = \"開会挨拶\"\nnote = \"{note}\"\n"), 1);
    assert!(toml.contains(&note), "the fixture's first programme item is 開会挨拶");
    std::fs::write(&file, toml).unwrap();

    let options = sasshi::Options { layout: Some(narrow_layout(&dir)), ..Default::default() };
    let out = sasshi::render(&edition, &options);
    let diagnostics = out.diags.render(&out.sources, "en");
    let r = out.result.unwrap_or_else(|| panic!("builds:\n{diagnostics}"));
    assert!(!out.diags.has_errors(), "{diagnostics}");
    for kind in [DocumentKind::Programme, DocumentKind::Booklet] {
        // The note runs over more than one page, whole and in order.
        let pages = page_texts(r.bytes(kind));
        let text = squeeze(&pages.concat());
        let note_start = squeeze(&note).chars().take(20).collect::<String>();
        let on: Vec<usize> =
            pages.iter().enumerate().filter(|(_, p)| squeeze(p).contains("おめでとう")).map(|(i, _)| i).collect();
        assert!(text.contains(&note_start), "{kind:?}: the note's start");
        assert!(on.len() >= 2, "{kind:?}: the note over pages {on:?}");
        // (Read from the frames without the folios, which fall inside the
        // note where it goes over a page.)
        let frames: String = r
            .frames(kind)
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|it| match it {
                sasshi::frame::Item::Text(t) if t.role != sasshi::frame::Role::Folio => Some(squeeze(&t.text())),
                _ => None,
            })
            .collect();
        let count = frames.matches("誠におめでとうございます").count();
        assert_eq!(count, SENTENCES, "{kind:?}: every sentence of the note printed once");
        // Every line of it on its page.
        for (i, p) in r.frames(kind).pages.iter().enumerate() {
            for item in &p.items {
                if let sasshi::frame::Item::Text(t) = item {
                    assert!(t.origin.y.0 <= p.height.0, "{kind:?} page {}: {:?} off the page", i + 1, t.text());
                }
            }
        }
    }
}
