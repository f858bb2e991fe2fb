//! The staff workflow through the binary: new → check → build, build --all,
//! verify, and every message present in both languages.

use sasshi::layout::DocumentKind;
mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sasshi(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sasshi")).current_dir(dir).args(args).args(["--lang", "en"]).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A scratch project: entries/ with the 2006 edition, and the layouts.
fn project(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&edition_2006(), &root.join("entries/2006-07"));
    copy_dir(&common::root().join("layouts"), &root.join("layouts"));
    root
}

#[test]
fn new_edition_checks_as_incomplete_then_builds_once_a_winner_is_added() {
    let root = project("new");
    // By name: the new edition goes into entries/, where `check 2007-08` finds it.
    let o = sasshi(&root, &["new", "2007-08", "--from", "2006-07"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("made entries/2007-08 from entries/2006-07"), "{}", text(&o));
    assert!(text(&o).contains("winners/_template.toml"), "the checklist: {}", text(&o));
    assert!(!root.join("2007-08").exists(), "nothing in the working directory");
    let edition = std::fs::read_to_string(root.join("entries/2007-08/edition.toml")).unwrap();
    assert!(edition.contains("number = 8\n") && edition.contains("year = 2007\n"), "{edition}");
    assert!(edition.contains("第8回") && edition.contains("第８回　テレワーク推進賞"), "renumbered");
    assert!(!edition.lines().any(|l| l.starts_with("date =")), "the date is cleared");
    assert!(!edition.lines().any(|l| l.starts_with("[[judging.committee]]")), "the committee is cleared");
    assert!(root.join("entries/2007-08/winners/_template.toml").is_file());

    // What changes every year was emptied: check points at each place, by name.
    let o = sasshi(&root, &["check", "2007-08"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("2007-08/edition.toml:11:9: venue: "), "{out}");
    assert!(out.contains("programme.items[0].time: "), "{out}");

    // Filled in (last year's venue and times kept): warnings only — the date, no
    // winners, text still word for word as last year's.
    let filled = edition
        .lines()
        .map(|l| match l.split_once(" = \"\"   # 前回: ") {
            Some((key, old)) => format!("{key} = {old}"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(root.join("entries/2007-08/edition.toml"), filled).unwrap();
    let o = sasshi(&root, &["check", "2007-08"]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("warning: 2007-08/edition.toml: date: the ceremony date (date and date_text) is not set yet"),
        "{out}"
    );
    assert!(out.contains("warning: 2007-08/winners: there are no winner files"), "{out}");
    assert!(out.contains("still word for word as in 2006-07: introduction, rules, venue, programme.venue"), "{out}");
    assert!(!out.contains("_template"), "the template is not read as a winner: {out}");

    // A winner file later, it builds.
    std::fs::copy(root.join("entries/2006-07/winners/ntt-it.toml"), root.join("entries/2007-08/winners/ntt-it.toml"))
        .unwrap();
    let o = sasshi(&root, &["build", "2007-08"]);
    assert!(o.status.success(), "{}", text(&o));
    for f in ["booklet.pdf", "cover.pdf", "programme.pdf"] {
        assert!(root.join("out/2007-08").join(f).is_file(), "{f}");
    }
    // The new edition is now the newest: `build` without an argument takes it.
    let o = sasshi(&root, &["check"]);
    assert!(text(&o).contains("2007-08"), "{}", text(&o));
}

#[test]
fn new_never_overwrites_an_existing_edition() {
    let root = project("new-exists");
    let before = std::fs::read(root.join("entries/2006-07/edition.toml")).unwrap();
    for args in [["new", "entries/2006-07", "--from", "entries/2006-07"], ["new", "2006-07", "--from", "2006-07"]] {
        let o = sasshi(&root, &args);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(text(&o).contains("already exists"), "{}", text(&o));
        assert_eq!(std::fs::read(root.join("entries/2006-07/edition.toml")).unwrap(), before);
    }
}

#[test]
fn an_edition_is_named_by_its_folder_in_entries_and_a_wrong_name_lists_the_editions() {
    let root = project("names");
    let o = sasshi(&root, &["check", "2006-07"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = sasshi(&root, &["build", "2007-08"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o).trim(), "there is no edition \"2007-08\" (editions in entries/: 2006-07)");
    let o = sasshi(&root, &["new", "2008-09", "--from", "2005-06"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!root.join("entries/2008-09").exists());
}

#[test]
fn build_all_builds_every_edition_with_one_report_each() {
    let root = project("all");
    copy_dir(&common::root().join("tests/fixtures/base"), &root.join("entries/2000-01"));
    let o = sasshi(&root, &["build", "--all"]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert_eq!(out.matches("== entries/").count(), 2, "{out}");
    let first = out.find("== entries/2000-01").unwrap();
    let second = out.find("== entries/2006-07").unwrap();
    assert!(first < second, "reports in edition order");
    for e in ["2000-01", "2006-07"] {
        for f in ["booklet.pdf", "cover.pdf", "programme.pdf"] {
            assert!(root.join("out").join(e).join(f).is_file(), "{e}/{f}");
        }
    }
}

#[test]
fn verify_accepts_our_pdfs_and_rejects_a_broken_one_with_exit_1() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-verify");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("booklet.pdf"), rendered().bytes(DocumentKind::Booklet)).unwrap();
    std::fs::write(dir.join("broken.pdf"), &rendered().bytes(DocumentKind::Booklet)[..5000]).unwrap();
    let o = sasshi(&dir, &["verify", "booklet.pdf"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("booklet.pdf: no problems"), "{}", text(&o));
    let o = sasshi(&dir, &["verify", "broken.pdf"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

#[test]
fn timings_report_every_stage() {
    let root = project("timings");
    let o = sasshi(&root, &["build", "--timings"]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    for stage in
        ["load and validate", "compose", "paginate", "font subsetting", "PDF assembly", "compression", "write files"]
    {
        assert!(out.contains(stage), "{stage} missing:\n{out}");
    }
    // 100 pages: 2 × 0.215 mm + 0.082 mm × 50 leaves.
    assert!(out.contains("cover (spine 4.53 mm"), "{out}");
}

fn keys(path: &Path) -> Vec<String> {
    fn walk(prefix: &str, t: &toml::Table, out: &mut Vec<String>) {
        for (k, v) in t {
            let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            match v {
                toml::Value::Table(t) => walk(&key, t, out),
                _ => out.push(key),
            }
        }
    }
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    walk("", &table, &mut out);
    out.sort();
    out
}

#[test]
fn every_message_exists_in_japanese_and_english() {
    let ja = keys(&common::root().join("locales/ja.toml"));
    let en = keys(&common::root().join("locales/en.toml"));
    let only_ja: Vec<&String> = ja.iter().filter(|k| !en.contains(k)).collect();
    let only_en: Vec<&String> = en.iter().filter(|k| !ja.contains(k)).collect();
    assert!(only_ja.is_empty() && only_en.is_empty(), "only in ja: {only_ja:?}\nonly in en: {only_en:?}");
}

#[test]
fn every_message_key_used_in_the_code_exists_in_the_locales() {
    let ja = keys(&common::root().join("locales/ja.toml"));
    let mut missing = Vec::new();
    let mut stack = vec![common::root().join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let src = std::fs::read_to_string(&p).unwrap();
            for part in src.split("Message::new(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                if !ja.iter().any(|k| k == key) {
                    missing.push(format!("{}: {key}", p.display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn help_is_japanese_under_a_japanese_locale_and_english_otherwise() {
    let run = |lang: &str, args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_sasshi"))
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let top = run("ja_JP.UTF-8", &["--help"]);
    for want in
        ["使い方: sasshi", "コマンド:", "回を検査します", "前の回から新しい回を作ります", "このヘルプを表示します"]
    {
        assert!(top.contains(want), "{want}:\n{top}");
    }
    let build = run("ja_JP.UTF-8", &["build", "--help"]);
    for want in ["校正刷り", "entries の中の名前", "工程ごとの時間"] {
        assert!(build.contains(want), "{want}:\n{build}");
    }
    let en = run("C", &["new", "--help"]);
    assert!(en.contains("Usage: sasshi new") && en.contains("The edition to start from"), "{en}");
    assert!(!en.contains("使い方"), "{en}");
    // Every command's help, exactly, in both languages.
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    for (lang, locale) in [("ja", "ja_JP.UTF-8"), ("en", "C")] {
        let mut all = run(locale, &["--help"]);
        for command in ["build", "check", "watch", "verify", "new", "fonts", "bench"] {
            all.push_str(&format!("\n=== sasshi {command} --help\n"));
            all.push_str(&run(locale, &[command, "--help"]));
        }
        let path = common::root().join(format!("tests/expected/help.{lang}.txt"));
        if update {
            std::fs::write(&path, &all).unwrap();
        } else {
            assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), all, "{} (UPDATE_EXPECT=1)", path.display());
        }
    }
}

#[test]
fn an_output_path_that_is_a_file_is_a_plain_error_with_exit_1_and_nothing_left_behind() {
    let root = project("out-is-file");
    std::fs::write(root.join("taken"), "not a folder").unwrap();
    let o = sasshi(&root, &["build", "--out", "taken"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("taken/2006-07: the output path is a file or not a folder"), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(root.join("taken")).unwrap(), "not a folder");
    let left: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(!left.iter().any(|n| n.to_string_lossy().contains("partial")), "{left:?}");
}

/// Lines of a child's stdout, as they come, for waiting on a long-running command.
fn lines_of(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().expect("piped");
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(rx: &std::sync::mpsc::Receiver<String>, want: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if line.contains(want) => return,
            Ok(_) => {}
            Err(_) => panic!("no line with {want:?} within a minute"),
        }
    }
}

fn hashes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = ["booklet.pdf", "cover.pdf", "programme.pdf"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap_or_default()))
        .collect();
    out.sort();
    out
}

/// A whole year on the fictional edition-c: `new` by name, fill in, `check`,
/// `build` by name, `build --all` (last year's PDFs byte-identical), then `watch`:
/// a broken save keeps the good PDFs, the fix rebuilds them.
#[test]
fn a_whole_year_new_fill_in_check_build_build_all_and_watch() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli").join("year");
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&common::root().join("tests/fixtures/edition-c"), &root.join("entries/2040-12"));
    copy_dir(&common::root().join("layouts"), &root.join("layouts"));
    let o = sasshi(&root, &["build", "2040-12"]);
    assert!(o.status.success(), "{}", text(&o));
    let last_year = hashes(&root.join("out/2040-12"));

    // New, by name.
    let o = sasshi(&root, &["new", "2041-13", "--from", "2040-12"]);
    assert!(o.status.success(), "{}", text(&o));
    let edition = root.join("entries/2041-13");

    // Fill in: the date, last year's venues, times, people and committee
    // confirmed, this year's words, the winners.
    let old = std::fs::read_to_string(edition.join("edition.toml")).unwrap();
    let mut filled = Vec::new();
    // Within a run `new` commented out (after its note), lines are uncommented.
    let mut commented = false;
    for line in old.lines() {
        if line.starts_with("# 前回") {
            commented = true;
            continue;
        }
        if line.starts_with("# date") {
            continue;
        }
        if !line.is_empty() && !line.starts_with('#') {
            commented = false;
        }
        let line = match line.split_once(" = \"\"   # 前回: ") {
            Some((key, value)) => format!("{key} = {value}"),
            None if commented => line.strip_prefix("# ").unwrap_or(line).to_string(),
            None => line.to_string(),
        };
        filled.push(line.clone());
        if line.starts_with("year = ") {
            filled.push("date = 2041-11-20".into());
            filled.push("date_text = \"2041年11月20日（水）\"".into());
        }
    }
    let filled = filled.join("\n").replace("第12回", "第13回");
    std::fs::write(edition.join("edition.toml"), &filled).unwrap();
    // (The template keeps its place; last year's winners are this year's too.)
    for f in std::fs::read_dir(root.join("entries/2040-12/winners")).unwrap().flatten() {
        std::fs::copy(f.path(), edition.join("winners").join(f.file_name())).unwrap();
    }
    copy_dir(&root.join("entries/2040-12/images"), &edition.join("images"));
    let o = sasshi(&root, &["check", "2041-13"]);
    let out = text(&o);
    assert!(o.status.success() && !out.contains("error:"), "{out}");
    // Text not rewritten yet is pointed out (a warning, not an error).
    assert!(out.contains("still word for word as in 2040-12: rules, venue, programme.venue"), "{out}");

    // Build by name, then everything: last year's PDFs are byte-identical.
    let o = sasshi(&root, &["build", "2041-13"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = sasshi(&root, &["build", "--all"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(hashes(&root.join("out/2040-12")) == last_year, "last year's PDFs changed");
    let good = hashes(&root.join("out/2041-13"));

    // Watch: a broken save keeps the good PDFs; the fix rebuilds them.
    let mut child = Command::new(env!("CARGO_BIN_EXE_sasshi"))
        .current_dir(&root)
        .args(["watch", "2041-13", "--lang", "en", "--quiet"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let rx = lines_of(&mut child);
    wait_for(&rx, "watching");
    let winner = edition.join("winners/ehon-bus.toml");
    let before = std::fs::read_to_string(&winner).unwrap();
    let name_line = before.lines().find(|l| l.starts_with("name = ")).unwrap().to_string();
    std::fs::write(&winner, before.replacen(&name_line, name_line.trim_end_matches('"'), 1)).unwrap();
    wait_for(&rx, "the last good PDFs are kept");
    assert!(hashes(&root.join("out/2041-13")) == good, "a broken save changed the PDFs");
    let fixed = before.replacen(&name_line, &name_line.replacen("= \"", "= \"新・", 1), 1);
    std::fs::write(&winner, fixed).unwrap();
    wait_for(&rx, "rebuilt");
    let _ = child.kill();
    let _ = child.wait();
    assert!(hashes(&root.join("out/2041-13")) != good, "the fix did not rebuild the PDFs");
}

#[test]
fn the_scaled_benchmark_edition_checks_clean() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-scaled");
    let _ = std::fs::remove_dir_all(&root);
    let dir = sasshi::bench::scaled_edition(&edition_2006(), &root, 2).unwrap();
    let options = sasshi::Options { layout: Some(common::root().join("layouts/a4.toml")), ..Default::default() };
    let out = sasshi::check(&dir, &options);
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.sources, "en"));
    assert_eq!(out.result.unwrap().winners.len(), 38);
}

#[test]
fn a_rebuild_after_one_winner_file_changes_is_measured() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-rebuild");
    let _ = std::fs::remove_dir_all(&root);
    let options = sasshi::Options { layout: Some(common::root().join("layouts/a4.toml")), ..Default::default() };
    let t = sasshi::bench::time_rebuilds(&common::root().join("tests/fixtures/edition-c"), &root, &options, 2).unwrap();
    assert_eq!(t.runs.len(), 2);
}

/// `bench --vs`: the other command runs as often as the build, in turn with it,
/// and a failing command is an error, not a ratio.
#[test]
fn bench_vs_runs_the_other_command_alternately_with_the_build() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-vs");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_sasshi"));
    let edition = common::root().join("tests/fixtures/edition-c");
    let layout = common::root().join("layouts/a4.toml");
    let log = root.join("runs.log");
    let command = format!("echo run >> '{}'", log.display());
    let (ours, theirs) =
        sasshi::bench::time_alternately(exe, &edition, Some(&layout), &root.join("out"), &command, 3, "1×").unwrap();
    assert_eq!((ours.runs.len(), theirs.runs.len()), (3, 3));
    assert_eq!(std::fs::read_to_string(&log).unwrap().lines().count(), 3);
    assert_eq!(theirs.label, command);
    assert!(
        sasshi::bench::time_alternately(exe, &edition, Some(&layout), &root.join("out"), "exit 3", 1, "1×").is_err()
    );
}
