//! An edition's outputs are written all or nothing (issue #24; src/outputs.rs):
//! a target that is a folder refuses the whole set with a plain message naming
//! the file, and every previous file stays as it was; concurrent builds of one
//! edition never collide (private staging names, a lock in the output folder),
//! and leave a consistent set — the job sheet's SHA-256 lines are the files'
//! hashes; no `.partial` file survives a failure, and those a killed run left
//! are removed by the next.

mod common;
use common::*;
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sasshi(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sasshi")).current_dir(dir).args(args).args(["--lang", lang]).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A scratch project with the fictional edition-c and the layouts.
fn project(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("outputs").join(name);
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&common::root().join("tests/fixtures/edition-c"), &root.join("entries/2040-12"));
    copy_dir(&common::root().join("layouts"), &root.join("layouts"));
    root
}

/// Every file of a folder with its bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The staged files in a folder (sasshi's are hidden: `.<file>.<pid>-<n>.partial`).
fn partials(dir: &Path) -> Vec<String> {
    files(dir).into_keys().filter(|n| n.starts_with('.') && n.ends_with(".partial")).collect()
}

fn sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The job sheet's file lines ("  booklet.pdf  100 ページ  <sha>"): name and hash.
fn sheet_hashes(sheet: &str) -> Vec<(String, String)> {
    sheet
        .lines()
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            (words.len() == 4 && words[0].ends_with(".pdf") && words[3].len() == 64)
                .then(|| (words[0].to_string(), words[3].to_string()))
        })
        .collect()
}

/// Whether the folder holds one build's set: every file the job sheet lists
/// has the hash it gives, and no staged file is left.
fn assert_consistent(out: &Path) {
    let all = files(out);
    let sheet = String::from_utf8(all.get("入稿票.txt").expect("a job sheet").clone()).unwrap();
    let listed = sheet_hashes(&sheet);
    assert_eq!(listed.len(), 3, "booklet, cover, programme in:\n{sheet}");
    for (name, hash) in &listed {
        let bytes = all.get(name).unwrap_or_else(|| panic!("{name} listed, not written"));
        assert_eq!(&sha256(bytes), hash, "{name}: the job sheet's SHA-256 is another build's");
    }
    assert!(partials(out).is_empty(), "{:?}", partials(out));
}

#[test]
fn an_output_file_replaced_by_a_folder_refuses_the_set_names_the_file_and_replaces_nothing() {
    let root = project("folder-in-place");
    let layout = root.join("layouts/a4.toml");
    let args = ["build", "--layout", layout.to_str().unwrap(), "2040-12"];
    let o = sasshi(&root, "en", &args);
    assert!(o.status.success(), "{}", text(&o));
    let out = root.join("out/2040-12");
    // The entries change, so that a new build would replace every file.
    let winner = root.join("entries/2040-12/winners/tsubasa-koko.toml");
    let t = std::fs::read_to_string(&winner).unwrap();
    std::fs::write(&winner, t.replacen('。', "、", 1)).unwrap();
    std::fs::remove_file(out.join("cover.pdf")).unwrap();
    std::fs::create_dir(out.join("cover.pdf")).unwrap();
    let before = files(&out);
    for (lang, says) in [
        ("en", "cover.pdf is a folder, not a file: nothing was written"),
        ("ja", "cover.pdf はファイルではなくフォルダです"),
    ] {
        let o = sasshi(&root, lang, &args);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(text(&o).contains(says), "{lang}: {}", text(&o));
        assert!(!text(&o).contains("os error"), "a raw system error: {}", text(&o));
        assert_eq!(files(&out), before, "{lang}: a previous file was replaced");
        assert!(partials(&out).is_empty(), "{:?}", partials(&out));
        assert!(out.join("cover.pdf").is_dir());
    }
    // The folder gone, the next build writes the whole new set.
    std::fs::remove_dir(out.join("cover.pdf")).unwrap();
    let o = sasshi(&root, "en", &args);
    assert!(o.status.success(), "{}", text(&o));
    assert_ne!(files(&out).get("booklet.pdf"), before.get("booklet.pdf"), "the new booklet");
    assert_consistent(&out);
}

#[test]
fn five_rounds_of_four_concurrent_builds_leave_one_consistent_set_and_no_partial_file() {
    let root = project("concurrent");
    let out = root.join("out/2040-12");
    let winner = root.join("entries/2040-12/winners/tsubasa-koko.toml");
    let original = std::fs::read_to_string(&winner).unwrap();
    for round in 0..5 {
        // Two layouts at once write different bytes into the same folder: the
        // set at the end must be one build's, whichever won.
        std::fs::write(&winner, original.replacen('。', &"、".repeat(round + 1), 1)).unwrap();
        let children: Vec<_> = ["a4", "b5", "a4", "b5"]
            .iter()
            .map(|layout| {
                let layout = root.join(format!("layouts/{layout}.toml"));
                Command::new(env!("CARGO_BIN_EXE_sasshi"))
                    .current_dir(&root)
                    .args(["build", "--quiet", "--lang", "en", "--layout"])
                    .arg(&layout)
                    .arg("2040-12")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let o = child.wait_with_output().unwrap();
            let said = text(&o);
            assert!(
                o.status.success() || (o.status.code() == Some(1) && said.contains("another build of this edition")),
                "round {round}: exit {:?}\n{said}",
                o.status.code()
            );
            assert!(!said.contains("os error"), "round {round}: a raw system error:\n{said}");
        }
        assert_consistent(&out);
    }
}

#[test]
fn staged_files_left_by_a_killed_build_are_removed_by_the_next() {
    let root = project("stale");
    let layout = root.join("layouts/a4.toml");
    let args = ["build", "--layout", layout.to_str().unwrap(), "2040-12"];
    let out = root.join("out/2040-12");
    std::fs::create_dir_all(&out).unwrap();
    // A process id that is not running (a killed build's), and the name an
    // older sasshi staged under.
    let dead = (400_000u32..).find(|p| !Path::new(&format!("/proc/{p}")).exists()).unwrap();
    let left = [format!(".booklet.pdf.{dead}-0.partial"), ".cover.pdf.partial".to_string()];
    for name in &left {
        std::fs::write(out.join(name), b"half a PDF").unwrap();
    }
    // A file of the staff's own that only looks like one is not touched.
    std::fs::write(out.join("notes.partial"), b"mine").unwrap();
    let o = sasshi(&root, "en", &args);
    assert!(o.status.success(), "{}", text(&o));
    assert_consistent(&out);
    assert!(out.join("notes.partial").is_file(), "a file not named as we stage was removed");
}

#[test]
fn a_set_with_a_folder_among_its_targets_writes_nothing() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("outputs/library-folder");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("b.pdf")).unwrap();
    std::fs::write(dir.join("a.pdf"), b"old a").unwrap();
    let set: Vec<(PathBuf, &[u8])> = vec![(dir.join("a.pdf"), b"new a"), (dir.join("b.pdf"), b"new b")];
    match sasshi::outputs::write_set(&set) {
        Err(sasshi::outputs::WriteError::IsFolder(p)) => assert_eq!(p, dir.join("b.pdf")),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(dir.join("a.pdf")).unwrap(), b"old a");
    let set: Vec<(PathBuf, &[u8])> = vec![(dir.join("a.pdf"), b"new a"), (dir.join("c.pdf"), b"new c")];
    sasshi::outputs::write_set(&set).unwrap();
    assert_eq!(std::fs::read(dir.join("a.pdf")).unwrap(), b"new a");
    assert_eq!(std::fs::read(dir.join("c.pdf")).unwrap(), b"new c");
    assert!(partials(&dir).is_empty(), "{:?}", partials(&dir));
}

#[test]
fn the_output_messages_read_whole_in_both_languages() {
    use sasshi::diag::Message;
    for lang in ["ja", "en"] {
        for m in [
            Message::new("outputs.is_folder").arg("path", "out/2007-08/cover.pdf"),
            Message::new("outputs.busy").arg("path", "out/2007-08"),
            Message::new("outputs.partly").arg("files", "out/2007-08/booklet.pdf"),
            Message::new("outputs.untouched"),
        ] {
            let s = m.render(lang);
            assert!(!s.contains("%{") && !s.contains("outputs."), "{lang}: {s}");
        }
    }
}
