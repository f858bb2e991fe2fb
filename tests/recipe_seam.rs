//! The recipe seam (issue #25): a document kind is its recipe file in
//! `src/layout/recipes/` and its name in a layout's `documents`. The wall list
//! (`recipes/wall.rs`) is made by a test layout that lists it, and the job sheet
//! and `build`'s report name it, with no other list edited.

mod common;

use common::root;
use sasshi::layout::DocumentKind;
use std::path::PathBuf;
use std::process::Command;

/// layouts/a4.toml making the booklet and the wall list.
fn wall_layout(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("recipe-seam").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    let from = "documents = [\"booklet\", \"cover\", \"programme\"]";
    assert!(text.contains(from));
    let path = dir.join("wall.toml");
    std::fs::write(&path, text.replace(from, "documents = [\"booklet\", \"wall\"]")).unwrap();
    path
}

#[test]
fn a_layout_listing_wall_makes_a_one_page_wall_list_of_every_winner() {
    let wall = DocumentKind::named("wall").expect("wall.rs is a recipe");
    assert_eq!(wall.file_name(), "wall.pdf");
    let options = sasshi::Options { layout: Some(wall_layout("render")), ..Default::default() };
    let edition = root().join("tests/fixtures/edition-b");
    let out = sasshi::render(&edition, &options);
    let r = out.result.unwrap_or_else(|| panic!("{}", out.diags.render(&out.sources, "en")));
    let kinds: Vec<DocumentKind> = r.documents.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [DocumentKind::Booklet, wall], "the layout's documents, in its order");
    let frames = r.frames(wall);
    assert_eq!(frames.pages.len(), 1, "one page");
    let text: String = frames.text().chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
    let check = sasshi::check(&edition, &options).result.unwrap();
    for w in &check.winners {
        let name: String = w.name.value.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
        assert!(text.contains(&name), "{} is on the wall list", w.name.value);
    }
    for cat in &check.edition.categories {
        let has = check.winners.iter().any(|w| w.category.value == cat.id.value);
        let name: String = cat.name.value.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(text.contains(&name), has, "category {} listed when it has winners", cat.name.value);
    }
    // Large type: the names are set larger than in the booklet's winners list.
    let name_size = |doc: &sasshi::frame::Document, name: &str| {
        doc.pages.iter().flat_map(|p| &p.items).find_map(|it| match it {
            sasshi::frame::Item::Text(t) if t.text().contains(name) => Some(t.size.0),
            _ => None,
        })
    };
    let first = &check.winners[0].name.value;
    let on_wall = name_size(frames, first).expect("the first winner on the wall");
    let in_list = name_size(r.frames(DocumentKind::Booklet), first).expect("and in the booklet");
    assert!(on_wall > in_list, "{on_wall} pt on the wall, {in_list} pt in the booklet");
    // The job sheet names it, with its pages and SHA-256.
    let d = r.document(wall).unwrap();
    assert!(r.job_sheet.contains(&format!("  wall.pdf  1 ページ  {}", d.sha256)), "{}", r.job_sheet);
    assert!(r.job_sheet.contains("  wall.pdf: 1C"), "{}", r.job_sheet);
    assert!(sasshi::pdf::verify::verify(&d.bytes, 1).1.is_empty(), "wall.pdf passes verify");
}

#[test]
fn build_writes_and_reports_the_wall_list_beside_the_booklet() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("recipe-seam").join("out");
    let _ = std::fs::remove_dir_all(&out);
    let layout = wall_layout("build");
    let run = Command::new(env!("CARGO_BIN_EXE_sasshi"))
        .args(["--lang", "en", "--out", out.to_str().unwrap(), "--layout", layout.to_str().unwrap(), "build"])
        .arg(root().join("tests/fixtures/edition-c"))
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "{said}");
    assert!(said.contains("wall.pdf"), "build names it: {said}");
    let folder = out.join("edition-c");
    assert!(folder.join("wall.pdf").is_file() && folder.join("booklet.pdf").is_file());
    assert!(!folder.join("cover.pdf").exists(), "only the layout's documents");
    let sheet = std::fs::read_to_string(folder.join("入稿票.txt")).unwrap();
    assert!(sheet.contains("wall.pdf  1 ページ"), "{sheet}");
}

#[test]
fn messages_name_a_recipe_without_a_locale_key_by_its_file() {
    let wall = DocumentKind::named("wall").unwrap();
    let shown = sasshi::layout::recipes::shown_name(wall);
    assert_eq!(shown, "wall.pdf");
    // What the ledger and the overflow report do with a document's name.
    for lang in ["ja", "en"] {
        let said = sasshi::diag::Message::new("ledger.lost")
            .arg("from", "x")
            .arg("text", "x")
            .arg("page", "1")
            .arg("document", sasshi::diag::Message::new(shown).render_key())
            .render(lang);
        assert!(said.contains("wall.pdf"), "{lang}: {said}");
    }
    assert_eq!(sasshi::layout::recipes::shown_name(DocumentKind::Booklet), "robust.doc_booklet");
}
