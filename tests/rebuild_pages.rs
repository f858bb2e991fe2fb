//! A rebuild (what `watch` does after a save) writes again only the pages that
//! changed: the others take their finished content streams from the earlier
//! build, and the files are still byte for byte those of a fresh build. Work is
//! counted (`Rendered::pdf_work`), not timed. The rebuilds share one
//! `sasshi::Reuse`; the fresh builds pass none.

mod common;
use common::*;
use sasshi::layout::DocumentKind;

fn pages(r: &sasshi::Rendered) -> usize {
    r.documents.iter().map(|d| d.frames.pages.len()).sum()
}

#[test]
fn a_rebuild_after_one_winner_changes_writes_only_the_changed_pages_and_the_same_bytes() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rebuild-pages/2040-12");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/edition-c"), &dir);
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let reuse = sasshi::Reuse::new();
    let first = sasshi::render_with(&dir, &options, Some(&reuse)).result.expect("builds");
    assert_eq!(first.pdf_work.pages_written, pages(&first), "a first build writes every page");
    // One character of one winner, changed to one the booklet already uses (the
    // fonts' subsets, and so every glyph's code, stay the same).
    let winner = dir.join("winners/tsubasa-koko.toml");
    let text = std::fs::read_to_string(&winner).unwrap();
    assert!(text.contains('。'));
    std::fs::write(&winner, text.replacen('。', "、", 1)).unwrap();
    let rebuilt = sasshi::render_with(&dir, &options, Some(&reuse)).result.expect("rebuilds");
    let written = rebuilt.pdf_work.pages_written;
    assert!(written > 0, "the changed page is written");
    assert!(
        written * 2 < rebuilt.frames(DocumentKind::Booklet).pages.len(),
        "{written} pages written again of {}",
        pages(&rebuilt)
    );
    // Back as it was: the first build's bytes, from pages kept from both builds.
    std::fs::write(&winner, &text).unwrap();
    let back = sasshi::render_with(&dir, &options, Some(&reuse)).result.expect("rebuilds");
    for kind in [DocumentKind::Booklet, DocumentKind::Cover, DocumentKind::Programme] {
        assert!(back.bytes(kind) == first.bytes(kind), "{kind:?}: changed back, not the first build's bytes");
    }
    std::fs::write(&winner, text.replacen('。', "、", 1)).unwrap();
    let fresh = sasshi::render(&dir, &options).result.expect("builds afresh");
    assert_eq!(fresh.pdf_work.pages_written, pages(&fresh));
    for kind in [DocumentKind::Booklet, DocumentKind::Cover, DocumentKind::Programme] {
        assert!(rebuilt.bytes(kind) == fresh.bytes(kind), "{kind:?}: the rebuild differs from a fresh build");
    }
    assert!(first.bytes(DocumentKind::Booklet) != rebuilt.bytes(DocumentKind::Booklet), "the change is in the booklet");
    let _ = std::fs::remove_dir_all(&dir);
}
