//! `sasshi diff` (差し替え): the pages it names are exactly the pages that print
//! differently, judged here from the frames the two builds were written from;
//! pages moved by an added page are named as shifted, with the page they were;
//! 差し替え.pdf holds just those pages and passes `sasshi verify`; a file of
//! another trim size (the cover) gets 差し替え-cover.pdf.

mod common;
use common::*;
use sasshi::frame::{Item, Page, Role};
use sasshi::layout::DocumentKind;
use sasshi::pdf::diff::Reason;
use std::path::{Path, PathBuf};

/// A page as printed: what its frames hold minus what does not print (sources,
/// the checks' measures, where the figure stands from its reference, the page kind and block);
/// with `pagination` false, without its folio and running head either.
fn printed(page: &Page, pagination: bool) -> Vec<Item> {
    page.items
        .iter()
        .filter(|i| pagination || !matches!(i, Item::Text(t) if matches!(t.role, Role::Folio | Role::RunningHead)))
        .cloned()
        .map(|mut i| {
            match &mut i {
                Item::Text(t) => {
                    t.source = None;
                    t.role = Role::Body;
                    t.measure_end.0 = 0.0;
                    t.content_end.0 = 0.0;
                    t.justified = false;
                    t.para_start = false;
                }
                Item::Vertical(v) => {
                    v.source = None;
                    v.role = Role::Body;
                    v.measure_end.0 = 0.0;
                    v.content_start.0 = 0.0;
                    v.content_end.0 = 0.0;
                }
                Item::Image(im) => {
                    im.source = None;
                    im.pages_after_reference = 0;
                    // The same file read from another edition folder prints the same.
                    let p = &im.picture;
                    im.picture = std::sync::Arc::new(sasshi::picture::Picture {
                        path: PathBuf::from(p.path.file_name().unwrap()),
                        bytes: p.bytes.clone(),
                        pixels: p.pixels,
                        colour: p.colour,
                        grey: None,
                    });
                }
                _ => {}
            }
            i
        })
        .collect()
}

/// The 2006 edition with `edit` applied to nec.toml, rendered.
fn edited(name: &str, edit: impl Fn(&str) -> String) -> sasshi::Rendered {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("diff").join(name).join("entries/2006-07");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&edition_2006(), &dir);
    let nec = dir.join("winners/nec.toml");
    let text = std::fs::read_to_string(&nec).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit applies");
    std::fs::write(&nec, changed).unwrap();
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let out = sasshi::render(&dir, &options);
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.sources, "en"));
    out.result.unwrap()
}

/// Write a rendering's PDFs into a build folder, as `sasshi build` does.
fn write_build(r: &sasshi::Rendered, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for d in &r.documents {
        std::fs::write(dir.join(d.file_name()), &d.bytes).unwrap();
    }
}

fn compare(name: &str, new: &sasshi::Rendered) -> sasshi::Replacement {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("diff").join(name);
    write_build(rendered(), &base.join("old"));
    write_build(new, &base.join("new"));
    sasshi::compare_builds(&base.join("old"), &base.join("new")).unwrap()
}

fn file<'a>(r: &'a sasshi::Replacement, name: &str) -> &'a sasshi::pdf::diff::FileDiff {
    &r.files.iter().find(|(f, _)| *f == name).unwrap().1
}

/// The pages (1-based) whose frames print differently from the old page of the
/// same number, or that the old file did not have.
fn differing(old: &sasshi::frame::Document, new: &sasshi::frame::Document) -> Vec<usize> {
    (0..new.pages.len())
        .filter(|&j| old.pages.get(j).is_none_or(|o| printed(o, true) != printed(&new.pages[j], true)))
        .map(|j| j + 1)
        .collect()
}

#[test]
fn changing_one_character_in_one_winner_names_exactly_the_pages_that_changed() {
    let new = edited("one-char", |t| t.replacen("業務を遂行", "業務を実行", 1));
    let r = compare("one-char", &new);
    let old = rendered();
    let expected = differing(old.frames(DocumentKind::Booklet), new.frames(DocumentKind::Booklet));
    assert!(!expected.is_empty());
    let booklet = file(&r, "booklet.pdf");
    let named: Vec<usize> = booklet.replace.iter().map(|(n, _)| *n).collect();
    assert_eq!(named, expected);
    assert!(booklet.replace.iter().all(|(_, why)| *why == Reason::Changed), "{booklet:?}");
    assert!(booklet.removed.is_empty());
    assert_eq!(booklet.old_pages, booklet.new_pages);
    // The cover and the programme do not hold that text.
    for f in ["cover.pdf", "programme.pdf"] {
        assert!(file(&r, f).replace.is_empty(), "{f}");
    }
    // 差し替え.pdf: those pages, labelled with their numbers, passing our preflight.
    assert_eq!(r.pdfs.len(), 1, "only the booklet's pages to replace");
    assert_eq!(r.pdfs[0].name, sasshi::REPLACEMENT_FILE);
    let pdf = &r.pdfs[0].bytes;
    let (summary, problems) = sasshi::pdf::verify::verify(pdf, 1);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(summary.pages, expected.len());
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let nums = doc.catalog().unwrap().get(b"PageLabels").unwrap().as_dict().unwrap().get(b"Nums").unwrap();
    let starts: Vec<i64> = nums
        .as_array()
        .unwrap()
        .chunks(2)
        .map(|p| p[1].as_dict().unwrap().get(b"St").unwrap().as_i64().unwrap())
        .collect();
    assert_eq!(starts, expected.iter().map(|&n| n as i64).collect::<Vec<_>>());
    // Each replacement page prints as the new file's page (the same print).
    let replaced = sasshi::pdf::diff::prints(pdf).unwrap();
    let new_prints = sasshi::pdf::diff::prints(new.bytes(DocumentKind::Booklet)).unwrap();
    for (k, n) in expected.iter().enumerate() {
        assert_eq!(replaced[k], new_prints[n - 1], "page {n}");
    }
    // The job sheet's section: a line per page.
    for n in &expected {
        assert!(r.sheet.contains(&format!("  booklet.pdf {n} ページ: 内容の変更\n")), "{}", r.sheet);
    }
}

#[test]
fn adding_a_paragraph_names_the_pages_it_shifted_with_the_pages_they_were() {
    let para = "この段落は差し替えの確かめのために加えたもので、ページ送りを起こすだけの長さがあります。".repeat(90);
    let new = edited("paragraph", |t| {
        let anchor = "　を特徴とする、機動性と生産性を重視した設計になっています。\n";
        t.replacen(anchor, &format!("{anchor}\n　{para}\n"), 1)
    });
    let r = compare("paragraph", &new);
    let old = rendered();
    let (of, nf) = (old.frames(DocumentKind::Booklet), new.frames(DocumentKind::Booklet));
    assert!(nf.pages.len() > of.pages.len(), "the paragraph adds pages");
    let booklet = file(&r, "booklet.pdf");
    let named: Vec<usize> = booklet.replace.iter().map(|(n, _)| *n).collect();
    assert_eq!(named, differing(of, nf), "every page that prints differently, and no other");
    let shifted: Vec<(usize, usize)> = booklet
        .replace
        .iter()
        .filter_map(|(n, why)| if let Reason::Shifted { from } = why { Some((*n, *from)) } else { None })
        .collect();
    assert!(shifted.len() > 50, "most of the booklet moved: {shifted:?}");
    for &(n, from) in &shifted {
        assert_ne!(n, from);
        assert_eq!(printed(&nf.pages[n - 1], false), printed(&of.pages[from - 1], false), "page {n} was {from}");
    }
    // Every page after the change that is an old page moved by the added pages
    // is named as shifted (not as changed).
    let delta = nf.pages.len() - of.pages.len();
    let first_shift = shifted[0].0;
    for n in first_shift..=nf.pages.len() {
        let (new_page, was) = (&nf.pages[n - 1], &of.pages[n - 1 - delta]);
        if named.contains(&n) && printed(new_page, false) == printed(was, false) && !printed(was, false).is_empty() {
            assert!(shifted.iter().any(|&(s, _)| s == n), "page {n} is a shifted page");
        }
    }
    assert!(booklet.replace.iter().any(|(_, why)| *why == Reason::Changed), "the edited profile's pages changed");
    // The cover's spine grew with the page count.
    assert_eq!(file(&r, "cover.pdf").replace, [(1, Reason::Changed)]);
    // The cover spread, of another trim size, has a replacement file of its own:
    // each file has the one trim size a printer's preflight checks.
    let names: Vec<&str> = r.pdfs.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [sasshi::REPLACEMENT_FILE, "差し替え-cover.pdf"]);
    for (f, pages) in r.pdfs.iter().zip([booklet.replace.len(), 1]) {
        let (summary, problems) = sasshi::pdf::verify::verify(&f.bytes, 1);
        assert!(problems.is_empty(), "{}: {problems:?}", f.name);
        assert_eq!((summary.pages, f.pages), (pages, pages), "{}", f.name);
        let doc = lopdf::Document::load_mem(&f.bytes).unwrap();
        let sizes: std::collections::BTreeSet<(i64, i64)> = doc
            .get_pages()
            .values()
            .map(|&p| {
                let b = doc.get_dictionary(p).unwrap().get(b"TrimBox").unwrap().as_array().unwrap().clone();
                let n: Vec<f64> = b
                    .iter()
                    .map(|o| o.as_float().map(f64::from).unwrap_or_else(|_| o.as_i64().unwrap() as f64))
                    .collect();
                (((n[2] - n[0]) * 100.0).round() as i64, ((n[3] - n[1]) * 100.0).round() as i64)
            })
            .collect();
        assert_eq!(sizes.len(), 1, "{}: one trim size, not {sizes:?}", f.name);
        assert!(r.sheet.contains(&format!("  {}: {pages} ページ  ", f.name)), "{}", r.sheet);
    }
    for &(n, from) in &shifted {
        assert!(
            r.sheet.contains(&format!("  booklet.pdf {n} ページ: ページ送り（前回の {from} ページ）\n")),
            "{}",
            r.sheet
        );
    }
}

#[test]
fn the_same_build_twice_needs_no_replacement() {
    let r = compare("same", rendered());
    assert!(r.pdfs.is_empty());
    assert!(r.files.iter().all(|(_, d)| d.replace.is_empty() && d.removed.is_empty()));
    assert!(r.sheet.contains("差し替えるページはありません"), "{}", r.sheet);
}

#[test]
fn a_file_delivered_before_and_not_built_now_is_named() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("diff").join("gone");
    write_build(rendered(), &base.join("old"));
    write_build(rendered(), &base.join("new"));
    std::fs::remove_file(base.join("new/programme.pdf")).unwrap();
    let r = sasshi::compare_builds(&base.join("old"), &base.join("new")).unwrap();
    assert_eq!(r.gone, ["programme.pdf"]);
    assert!(r.files.iter().all(|(f, d)| *f != "programme.pdf" && d.replace.is_empty()));
    assert!(r.sheet.contains("  programme.pdf: 今回の入稿にはありません"), "{}", r.sheet);
}

#[test]
fn the_diff_command_writes_the_replacement_file_and_the_job_sheet_section_and_removes_a_stale_one() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("diff").join("cli");
    let (old, new) = (base.join("old"), base.join("new"));
    write_build(rendered(), &old);
    write_build(&edited("cli-edit", |t| t.replacen("業務を遂行", "業務を実行", 1)), &new);
    std::fs::write(new.join("入稿票.txt"), "入稿票 — test\n").unwrap();
    let run = |lang: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sasshi"))
            .args(["--lang", lang, "diff"])
            .arg(&old)
            .arg(&new)
            .output()
            .unwrap()
    };
    let out = run("en");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("booklet.pdf: content changed on page"), "{stdout}");
    assert!(stdout.contains("programme.pdf: unchanged (4 pages)"), "{stdout}");
    let replacement = std::fs::read(new.join("差し替え.pdf")).unwrap();
    assert!(sasshi::pdf::verify::verify(&replacement, 1).1.is_empty());
    let sheet = std::fs::read_to_string(new.join("入稿票.txt")).unwrap();
    assert!(sheet.starts_with("入稿票 — test\n\n差し替え（前回の入稿との違い）:\n"), "{sheet}");
    // Run again: the section is replaced, not repeated.
    assert_eq!(run("ja").status.code(), Some(0));
    let again = std::fs::read_to_string(new.join("入稿票.txt")).unwrap();
    assert_eq!(again.matches("差し替え（前回の入稿との違い）").count(), 1, "{again}");
    // The same build as the delivery: nothing to replace, the stale file removed.
    write_build(rendered(), &new);
    std::fs::write(new.join("差し替え.pdf"), b"stale").unwrap();
    std::fs::write(new.join("差し替え-cover.pdf"), b"stale").unwrap();
    let out = run("en");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("No page needs replacing"));
    assert!(!new.join("差し替え.pdf").exists() && !new.join("差し替え-cover.pdf").exists());
    // A folder that is not there: a message and exit status 1.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sasshi"))
        .args(["--lang", "en", "diff"])
        .arg(base.join("missing"))
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("is not a build folder"));
}

/// The booklet with every marked-content sequence's properties changed (MCIDs
/// renumbered, an /ActualText added): tagged differently, printed the same.
fn retagged(bytes: &[u8]) -> Vec<u8> {
    use lopdf::{Object, content::Content};
    let mut doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let mut changed = 0;
    for page in pages {
        let mut content = doc.get_and_decode_page_content(page).unwrap();
        for op in &mut content.operations {
            if op.operator == "BDC"
                && let Some(Object::Dictionary(d)) = op.operands.get_mut(1)
                && let Ok(Object::Integer(mcid)) = d.get(b"MCID").cloned()
            {
                d.set("MCID", Object::Integer(mcid + 1000));
                d.set("ActualText", Object::string_literal("x"));
                changed += 1;
            }
        }
        doc.change_page_content(page, Content { operations: content.operations }.encode().unwrap()).unwrap();
    }
    assert!(changed > 100, "the booklet is tagged: {changed} marked-content sequences");
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_booklet_tagged_differently_but_printing_the_same_needs_no_replacement() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("diff").join("retagged");
    write_build(rendered(), &base.join("old"));
    write_build(rendered(), &base.join("new"));
    let booklet = base.join("new/booklet.pdf");
    std::fs::write(&booklet, retagged(&std::fs::read(&booklet).unwrap())).unwrap();
    let r = sasshi::compare_builds(&base.join("old"), &base.join("new")).unwrap();
    assert!(r.files.iter().all(|(_, d)| d.replace.is_empty()), "{}", r.sheet);
}
