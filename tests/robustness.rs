//! Robustness: the corpus of bad input in tests/bad/, and property tests that
//! mirror the fuzz targets in fuzz/ (the loader and the line breaker; the
//! paginator's property is tests/no_loss.rs).
//!
//! Each case in tests/bad/<case>/ is a patch over the small valid edition in
//! tests/fixtures/base: `case.toml` lists the edits (big inputs — a 20000 × 20000
//! image, a 5 MB paragraph — are generated here, never committed), the command
//! and the exit status; `expected.ja.txt` and `expected.en.txt` hold the exact
//! output on stderr. For every case the base edition is first built into the
//! case's output folder; then the broken edition, under the same folder name, is
//! run with the same `--out`: no panic, no hang, the exact diagnostics, the exit
//! status, no `.partial` file, and — when it fails — the previous PDFs byte for
//! byte. When it succeeds (a warning only), the new booklet holds the text.
//!
//! To accept new output after a deliberate change:
//! UPDATE_EXPECT=1 cargo test --test robustness

use sasshi::layout::DocumentKind;
mod common;
use common::{page_texts, root, squeeze};
use proptest::prelude::*;
use sasshi::frame::{Item, PageKind, Role};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case is about (for people reading the corpus).
    #[allow(dead_code)]
    description: String,
    /// "check" or "build".
    command: String,
    exit: i32,
    /// Languages to run in (default both); a case whose output has no message
    /// and that takes long (the 5 MB paragraph) runs once.
    #[serde(default = "both")]
    languages: Vec<String>,
    #[serde(default)]
    edit: Vec<Edit>,
    #[serde(default)]
    expect: Expect,
}

fn both() -> Vec<String> {
    vec!["ja".into(), "en".into()]
}

/// One change to the edition folder, in order.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    /// replace, write, write_hex, prepend_hex, truncate, remove, mkdir, chmod,
    /// png, sparse, nest, symlink (to `with`), mkfifo, copies (`count` files
    /// named `file` with `{N}` for 1, 2, …, each holding `with`).
    op: String,
    /// Relative to the edition folder.
    file: String,
    /// replace: the text to find (must occur).
    #[serde(default)]
    find: String,
    /// replace, write: the new text; `{REPEAT}` stands for `repeat`, repeated.
    #[serde(default)]
    with: String,
    #[serde(default)]
    repeat: String,
    /// How many times `repeat` is repeated…
    #[serde(default)]
    count: usize,
    /// …or until the repeated text is this many bytes long.
    #[serde(default)]
    bytes: usize,
    /// write_hex, prepend_hex, replace (instead of `with`), sparse: bytes in hex.
    #[serde(default)]
    hex: String,
    /// truncate: the part of the file kept.
    #[serde(default)]
    keep: f64,
    /// chmod: the mode.
    #[serde(default)]
    mode: u32,
    /// png: the size in pixels.
    #[serde(default)]
    width: u32,
    #[serde(default)]
    height: u32,
    /// sparse: the file's size; nest: how deep.
    #[serde(default)]
    size: u64,
    /// nest: the brackets, e.g. "[" and "]" or "{a=" and "}".
    #[serde(default)]
    open: String,
    #[serde(default)]
    close: String,
}

/// What must hold when the command succeeds.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// Texts that must be in the booklet PDF (whitespace removed).
    #[serde(default)]
    text: Vec<String>,
    /// The repeated texts of the edits must be in the booklet PDF, whole.
    #[serde(default)]
    repeated_text: bool,
    /// At least this many booklet pages.
    #[serde(default)]
    min_pages: usize,
    /// Laid out again in this process: no text outside the text block on a body
    /// page, nothing outside its page, every image inside the block.
    #[serde(default)]
    inside_block: bool,
}

impl Edit {
    fn repeated(&self) -> String {
        if self.repeat.is_empty() {
            return String::new();
        }
        if self.bytes > 0 {
            let mut s = String::with_capacity(self.bytes + self.repeat.len());
            while s.len() < self.bytes {
                s.push_str(&self.repeat);
            }
            s
        } else {
            self.repeat.repeat(self.count)
        }
    }
    fn new_text(&self) -> Vec<u8> {
        if !self.hex.is_empty() {
            return hex(&self.hex);
        }
        self.with.replace("{REPEAT}", &self.repeated()).into_bytes()
    }
}

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex")).collect()
}

/// Write a valid greyscale PNG of any size without holding its pixels: rows are
/// streamed through deflate (a 20000 × 20000 image is about 400 KB).
fn write_png(path: &Path, width: u32, height: u32) {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let mut row = vec![0x80u8; width as usize + 1];
    row[0] = 0; // filter: none
    for _ in 0..height {
        z.write_all(&row).unwrap();
    }
    let data = z.finish().unwrap();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit greyscale
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &data);
    chunk(&mut out, b"IEND", &[]);
    std::fs::write(path, out).unwrap();
}

fn apply(dir: &Path, name: &str, e: &Edit) {
    let path = dir.join(&e.file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    match e.op.as_str() {
        "replace" => {
            let text = std::fs::read(&path).unwrap();
            let find = e.find.as_bytes();
            let at = text.windows(find.len()).position(|w| w == find);
            let at = at.unwrap_or_else(|| panic!("{name}: {:?} not in {}", e.find, e.file));
            let mut out = text[..at].to_vec();
            out.extend(e.new_text());
            out.extend_from_slice(&text[at + find.len()..]);
            std::fs::write(&path, out).unwrap();
        }
        "write" | "write_hex" => std::fs::write(&path, e.new_text()).unwrap(),
        "prepend_hex" => {
            let mut out = hex(&e.hex);
            out.extend(std::fs::read(&path).unwrap());
            std::fs::write(&path, out).unwrap();
        }
        "truncate" => {
            let text = std::fs::read(&path).unwrap();
            let keep = (text.len() as f64 * e.keep) as usize;
            std::fs::write(&path, &text[..keep]).unwrap();
        }
        "remove" => {
            if path.is_dir() {
                std::fs::remove_dir_all(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
        "mkdir" => std::fs::create_dir_all(&path).unwrap(),
        "chmod" => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(e.mode)).unwrap();
        }
        "png" => write_png(&path, e.width, e.height),
        "sparse" => {
            // A file of `size` bytes that takes no room on disk: `hex`, then zeros.
            let f = std::fs::File::create(&path).unwrap();
            (&f).write_all(&hex(&e.hex)).unwrap();
            f.set_len(e.size).unwrap();
        }
        "nest" => {
            let depth = e.size as usize;
            let value = format!("{}1{}", e.open.repeat(depth), e.close.repeat(depth));
            let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
            writeln!(f, "\n{} = {value}", e.with).unwrap();
        }
        "symlink" => std::os::unix::fs::symlink(&e.with, &path).unwrap(),
        "mkfifo" => {
            let status = Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
            assert!(status.success(), "{name}: mkfifo {}", path.display());
        }
        "copies" => {
            for n in 1..=e.count {
                std::fs::write(dir.join(e.file.replace("{N}", &n.to_string())), &e.with).unwrap();
            }
        }
        other => panic!("{name}: unknown op {other}"),
    }
}

/// Files of a folder, recursively, with their bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(snapshot(&p));
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

/// Run the binary with a time limit: a hang is a failure, not a stuck test.
fn run(args: &[&std::ffi::OsStr], as_nobody: bool, limit: Duration) -> (String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sasshi"));
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
    if as_nobody {
        use std::os::unix::process::CommandExt;
        cmd.uid(65534).gid(65534);
    }
    let mut child = cmd.spawn().expect("sasshi starts");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut s).unwrap();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("sasshi {args:?} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = String::from_utf8(reader.join().unwrap()).expect("diagnostics are UTF-8");
    (stderr, status.code().unwrap_or(-1))
}

fn layout_file() -> PathBuf {
    root().join("layouts/a4.toml")
}

/// Every text line on its page and, on body pages, inside the text block; every
/// image inside the block. (In process, through the library.)
fn assert_inside(name: &str, dir: &Path) {
    let options = sasshi::Options { layout: Some(layout_file()), ..Default::default() };
    let out = sasshi::render(dir, &options);
    let r = out.result.unwrap_or_else(|| panic!("{name}: {}", out.diags.render(&out.sources, "en")));
    let tol = 0.5;
    for doc in [r.frames(DocumentKind::Booklet), r.frames(DocumentKind::Programme)] {
        for (i, p) in doc.pages.iter().enumerate() {
            let b = p.block;
            for item in &p.items {
                match item {
                    Item::Text(t) => {
                        let top = t.origin.y.0 - 0.88 * t.size.0;
                        assert!(
                            t.origin.x.0 >= -tol && t.end().0 <= p.width.0 + tol && top >= -tol,
                            "{name}: page {}: {:?} off the page",
                            i + 1,
                            t.text()
                        );
                        if p.kind == PageKind::Body && t.role != Role::Folio {
                            let inside = t.origin.x.0 >= b.x.0 - tol
                                && t.content_end.0 <= b.right().0 + tol
                                && top >= b.y.0 - tol
                                && t.origin.y.0 <= b.bottom().0 + tol;
                            assert!(inside, "{name}: page {}: {:?} outside the text block", i + 1, t.text());
                        }
                    }
                    Item::Image(im) => {
                        assert!(b.contains(&im.rect, sasshi::units::Pt(tol)), "{name}: page {}: image outside", i + 1)
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Whether this process can read a file whatever its permissions (root).
fn can_read(path: &Path) -> bool {
    std::fs::read(path).is_ok()
}

#[test]
fn every_bad_input_gets_a_clear_diagnostic_and_leaves_the_previous_pdfs_untouched() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let bad = root().join("tests/bad");
    let mut names: Vec<String> = std::fs::read_dir(&bad)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("case.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 30, "the corpus has {} cases", names.len());
    let only = std::env::var("ROBUSTNESS_CASE").ok();
    let mut failures = Vec::new();
    for name in &names {
        if only.as_ref().is_some_and(|o| o != name) {
            continue;
        }
        let case: Case = toml::from_str(&std::fs::read_to_string(bad.join(name).join("case.toml")).unwrap())
            .unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
        let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("robustness").join(name);
        if work.exists() {
            // A previous run may have left an unreadable file.
            let _ = Command::new("chmod").arg("-R").arg("u+rwX").arg(&work).status();
            std::fs::remove_dir_all(&work).unwrap();
        }
        let dir = work.join("2000-01");
        let out = work.join("out");
        common::copy_dir(&root().join("tests/fixtures/base"), &dir);
        let args = |command: &str, lang: &str| -> Vec<std::ffi::OsString> {
            vec![
                command.into(),
                "--lang".into(),
                lang.into(),
                "--quiet".into(),
                "--layout".into(),
                layout_file().into(),
                "--out".into(),
                out.clone().into(),
                dir.clone().into(),
            ]
        };
        let os = |v: &[std::ffi::OsString]| v.iter().map(|s| s.to_owned()).collect::<Vec<_>>();

        // The previous, good build.
        let good = os(&args("build", "en"));
        let (stderr, code) =
            run(&good.iter().map(|s| s.as_os_str()).collect::<Vec<_>>(), false, Duration::from_secs(120));
        assert_eq!(code, 0, "{name}: the base edition does not build:\n{stderr}");
        let before = snapshot(&out);
        assert!(before.keys().any(|p| p.ends_with("booklet.pdf")), "{name}: no booklet from the base edition");

        for e in &case.edit {
            apply(&dir, name, e);
        }
        // An unreadable file is readable to root: run sasshi as nobody then.
        let mut as_nobody = false;
        if let Some(e) = case.edit.iter().find(|e| e.op == "chmod")
            && can_read(&dir.join(&e.file))
        {
            let probe = Command::new("true").stdout(Stdio::null()).status();
            let nobody = {
                use std::os::unix::process::CommandExt;
                Command::new(env!("CARGO_BIN_EXE_sasshi")).arg("--version").uid(65534).gid(65534).output()
            };
            if probe.is_ok() && nobody.is_ok_and(|o| o.status.success()) {
                as_nobody = true;
            } else {
                eprintln!("{name}: skipped: running as root, which reads any file, and cannot run as nobody");
                continue;
            }
        }
        let limit = Duration::from_secs(300);
        for lang in &case.languages {
            let a = os(&args(&case.command, lang));
            let (stderr, code) = run(&a.iter().map(|s| s.as_os_str()).collect::<Vec<_>>(), as_nobody, limit);
            assert!(!stderr.contains("panicked"), "{name} ({lang}): panic:\n{stderr}");
            assert!(stderr.len() < 64 * 1024, "{name} ({lang}): {} bytes of diagnostics", stderr.len());
            let expected_path = bad.join(name).join(format!("expected.{lang}.txt"));
            if update {
                std::fs::write(&expected_path, &stderr).unwrap();
            } else {
                let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
                if stderr != expected {
                    failures.push(format!("{name} ({lang}):\n--- expected\n{expected}--- actual\n{stderr}"));
                }
            }
            assert_eq!(code, case.exit, "{name} ({lang}): exit status\n{stderr}");
            let after = snapshot(&out);
            assert!(
                !after.keys().any(|p| p.to_string_lossy().ends_with(".partial")),
                "{name} ({lang}): a partial file was left: {:?}",
                after.keys().collect::<Vec<_>>()
            );
            if code != 0 {
                assert!(before == after, "{name} ({lang}): the previous PDFs were changed by a failed run");
            }
        }

        // `check` runs what `build` runs: the same exit status and the same
        // diagnostics (only the closing line differs), so nothing passes `check`
        // and then fails `build` on deadline day.
        if matches!(case.command.as_str(), "check" | "build") {
            let diagnostics = |command: &str| {
                let a = os(&args(command, "en"));
                let (stderr, code) = run(&a.iter().map(|s| s.as_os_str()).collect::<Vec<_>>(), as_nobody, limit);
                let closing = [
                    "no PDF was written (the previous files are untouched)",
                    "the edition has errors: build would write nothing until they are fixed",
                ];
                let kept: Vec<&str> = stderr.lines().filter(|l| !closing.contains(l)).collect();
                (kept.join("\n"), code)
            };
            let (check, check_code) = diagnostics("check");
            let (build, build_code) = diagnostics("build");
            if (check_code, &check) != (build_code, &build) {
                failures.push(format!(
                    "{name}: check and build differ\n--- check (exit {check_code})\n{check}\n--- build (exit {build_code})\n{build}"
                ));
            }
        }

        if case.exit == 0 && case.command == "build" {
            let booklet = out.join("2000-01/booklet.pdf");
            let bytes = std::fs::read(&booklet).unwrap();
            let pages = page_texts(&bytes);
            assert!(pages.len() >= case.expect.min_pages, "{name}: {} pages", pages.len());
            // Without the folios: a text continued over a page break is then whole.
            let text: String = pages
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let folio = (i + 1).to_string();
                    let p = p.trim_end_matches('\n');
                    match p.rsplit_once('\n') {
                        Some((body, last)) if last.trim() == folio => squeeze(body),
                        _ => squeeze(p),
                    }
                })
                .collect();
            let mut wanted: Vec<String> = case.expect.text.clone();
            if case.expect.repeated_text {
                wanted.extend(case.edit.iter().map(Edit::repeated).filter(|s| !s.is_empty()));
            }
            for w in wanted {
                let w = squeeze(&w);
                assert!(
                    text.contains(&w),
                    "{name}: {:?}… ({} characters) is not in the booklet",
                    w.chars().take(20).collect::<String>(),
                    w.chars().count()
                );
            }
            if case.expect.inside_block {
                assert_inside(name, &dir);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- Property tests mirroring the fuzz targets ------------------------------------

const EDITION: &str = include_str!("fixtures/base/edition.toml");
const WINNER: &str = include_str!("fixtures/base/winners/sample.toml");

/// A fresh copy of the base edition for one property case.
fn scratch(kind: &str) -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("robustness-{kind}"))
        .join(n.to_string())
        .join("2000-01");
    let _ = std::fs::remove_dir_all(&dir);
    common::copy_dir(&root().join("tests/fixtures/base"), &dir);
    dir
}

/// Pieces of TOML that the mutations splice in: structure as well as bytes.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    "\"",
    "'''",
    "\"\"\"",
    ",",
    "\n",
    "#",
    ".",
    "\\",
    "\\u0007",
    "\u{FEFF}",
    "[[section]]\n",
    "[[section.content]]\n",
    "p = ",
    "table.rows = [[\"a\", \"b\"]]\n",
    "figure = ",
    "number = 99999999999999999999\n",
    "level = 9\n",
    "date = 2000-02-30\n",
    "[facts]\n",
    "id = \"x y\"\n",
    "\u{0}",
    "\u{1F600}",
    "ー",
    "「",
    "。",
];

fn mutate(base: &str, edits: &[(usize, u8, usize)]) -> Vec<u8> {
    let mut bytes = base.as_bytes().to_vec();
    for &(at, kind, arg) in edits {
        let at = at % (bytes.len() + 1);
        match kind % 4 {
            0 => {
                let end = (at + arg % 16).min(bytes.len());
                bytes.drain(at..end);
            }
            1 => {
                let t = TOKENS[arg % TOKENS.len()].as_bytes();
                bytes.splice(at..at, t.iter().copied());
            }
            2 => bytes.insert(at, (arg % 256) as u8),
            _ => {
                if at < bytes.len() {
                    bytes[at] = (arg % 256) as u8;
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// The loader target: mutated edition and winner files never make `check`
    /// panic, every failure has an error, and the diagnostics render in both
    /// languages (fuzz/fuzz_targets/loader.rs).
    #[test]
    fn the_loader_explains_every_mutated_file(
        which in 0u8..2,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..8),
    ) {
        let dir = scratch("loader");
        let (file, base) = if which == 0 { ("edition.toml", EDITION) } else { ("winners/sample.toml", WINNER) };
        std::fs::write(dir.join(file), mutate(base, &edits)).unwrap();
        let options = sasshi::Options { layout: Some(layout_file()), ..Default::default() };
        let out = sasshi::check(&dir, &options);
        prop_assert!(out.result.is_some() || out.diags.has_errors(), "failed without an error");
        for lang in ["ja", "en"] {
            let text = out.diags.render(&out.sources, lang);
            prop_assert!(out.diags.items.is_empty() || !text.is_empty());
        }
        let _ = std::fs::remove_dir_all(dir.parent().unwrap());
    }

    /// The line-breaker target: any text, measure, indent and settings; nothing
    /// lost, and nothing but a line's first glyph starts beyond the measure
    /// (fuzz/fuzz_targets/linebreak.rs).
    #[test]
    fn the_line_breaker_loses_nothing_and_keeps_to_the_measure(
        text in "[あ-んア-ン一-龠a-zA-Z0-9 、。「」（）・ー/.\\-?&]{0,300}",
        font in 0usize..3,
        size in 6.0f64..30.0,
        measure_em in 0.05f64..60.0,
        first in 0u8..5,
        rest in 0u8..5,
        align in 0usize..4,
        kinsoku in 0usize..3,
        burasage in any::<bool>(),
    ) {
        use sasshi::font::{FontBook, FontId};
        use sasshi::text::{self, Align, Kinsoku, Shape};
        let font = FontId::ALL[font];
        let align = [Align::Justify, Align::Start, Align::Center, Align::End][align];
        let composition = sasshi::model::layout::Composition {
            kinsoku: [Kinsoku::Strict, Kinsoku::Loose, Kinsoku::VeryStrict][kinsoku],
            burasage,
            ..Default::default()
        };
        let mut settings = composition.settings(size);
        settings.align = align;
        let measure = measure_em * size;
        let shape = Shape { measure, first_indent: f64::from(first) * size, rest_indent: f64::from(rest) * size };
        let composed = text::compose(&text, shape, &settings, FontBook::get().face(font));
        let set: String = composed.lines.iter().flat_map(|l| &l.glyphs).map(|g| &composed.text[g.text.clone()]).collect();
        prop_assert_eq!(squeeze(&set), squeeze(&composed.text));

        let sources = sasshi::diag::SourceMap::default();
        let mut diags = sasshi::diag::Diagnostics::default();
        let mut c = sasshi::layout::compose::Composer::new(composition, &sources, &mut diags);
        let lines = c.set_str(&text, None, font, size, shape, align);
        let set: String = lines.lines.iter().flat_map(|l| &l.glyphs).map(|g| g.text.as_str()).collect();
        prop_assert_eq!(squeeze(&set), squeeze(&text));
        for l in &lines.lines {
            // (A word space may sit past the end: it has no ink.)
            for g in l.glyphs.iter().skip(1).filter(|g| !g.text.trim().is_empty()) {
                prop_assert!(g.x.0 <= measure + 0.5, "{:?} starts at {} beyond {}", g.text, g.x.0, measure);
            }
        }
    }
}

/// The cover spread's width with a spine computed from the page count (2 ×
/// cover + paper × pages ÷ 2) is checked against PDF's 14,400-unit page limit
/// (issue #24: only a `spine_mm` written in the layout was). A booklet thick
/// enough to reach it would take minutes to lay out; instead the page is made
/// as wide as the limit allows for two pages with bleed and marks, and the
/// paper absurdly thick (0.99 mm): the spread is then a few mm too wide, and
/// the error is at the layout's `print.paper_thickness_mm`, in both languages.
#[test]
fn a_cover_spread_too_wide_from_its_computed_spine_is_an_error_at_the_paper_thickness() {
    let edition = scratch("spread_too_wide");
    let dir = edition.parent().unwrap().to_path_buf();
    let a4 = std::fs::read_to_string(layout_file()).unwrap();
    assert!(a4.contains("width_mm = 210\n") && a4.contains("paper_thickness_mm = 0.082"));
    // 2 × 2522 mm + 2 × (3 mm bleed + 13 mm marks) = 5076 mm: within 5080 mm
    // without the spine, so loading the layout accepts it.
    let wide = a4.replacen("width_mm = 210\n", "width_mm = 2522\n", 1).replacen(
        "paper_thickness_mm = 0.082",
        "paper_thickness_mm = 0.99",
        1,
    );
    let layout = dir.join("wide.toml");
    std::fs::write(&layout, &wide).unwrap();
    let line = wide.lines().position(|l| l.starts_with("paper_thickness_mm")).unwrap() + 1;
    let out = dir.join("out");
    for (lang, says) in [("en", "the cover spread"), ("ja", "表紙")] {
        let output = Command::new(env!("CARGO_BIN_EXE_sasshi"))
            .args(["build", "--quiet", "--lang", lang, "--layout"])
            .arg(&layout)
            .arg("--out")
            .arg(&out)
            .arg(&edition)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        let at = format!("wide.toml:{line}:22: print.paper_thickness_mm: ");
        let error = stderr.lines().find(|l| l.contains(&at)).unwrap_or_else(|| panic!("no error at {at}:\n{stderr}"));
        assert!(error.contains(says) && error.contains("5080"), "{stderr}");
        assert!(!out.join("2000-01").exists(), "a PDF was written:\n{stderr}");
    }
}

/// `sasshi ARGS` run in `dir`, in English: (stderr, exit status).
fn run_in(dir: &Path, args: &[&str]) -> (String, i32) {
    let o =
        Command::new(env!("CARGO_BIN_EXE_sasshi")).current_dir(dir).args(args).args(["--lang", "en"]).output().unwrap();
    (String::from_utf8_lossy(&o.stderr).into_owned(), o.status.code().unwrap_or(-1))
}

/// A project (entries/2000-01 from the base fixture, no layouts folder).
fn project(kind: &str) -> PathBuf {
    let edition = scratch(kind);
    let root = edition.parent().unwrap().join("project");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("entries")).unwrap();
    std::fs::rename(&edition, root.join("entries/2000-01")).unwrap();
    root
}

#[test]
fn an_edition_file_that_is_a_pipe_is_refused_as_a_pipe_when_the_edition_is_given_by_name() {
    let root = project("fifo-by-name");
    let file = root.join("entries/2000-01/edition.toml");
    std::fs::remove_file(&file).unwrap();
    assert!(Command::new("mkfifo").arg(&file).status().unwrap().success());
    let (err, code) = run_in(&root, &["check", "2000-01", "--layout", layout_file().to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("2000-01/edition.toml: this is a named pipe (FIFO), not a regular file"), "{err}");
    assert!(!err.contains("no edition"), "{err}");
}

#[test]
fn a_layout_file_given_by_an_absolute_path_outside_a_layouts_folder_is_shown_as_given() {
    let root = project("layout-absolute");
    let dir = root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&dir).unwrap();
    let layout = dir.join("x.toml");
    std::fs::write(&layout, "x = [\n").unwrap();
    let (err, code) = run_in(&root, &["check", "2000-01", "--layout", layout.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("error: {}:1:", layout.display())), "{err}");
}

#[test]
fn a_winner_whose_category_failed_to_load_gets_no_empty_list_of_values() {
    let root = project("category-unread");
    let e = root.join("entries/2000-01/edition.toml");
    let t = std::fs::read_to_string(&e).unwrap().replace("count_unit = \"社\"\n", "count_unit = 3\n");
    std::fs::write(&e, t).unwrap();
    for lang in ["en", "ja"] {
        let o = Command::new(env!("CARGO_BIN_EXE_sasshi"))
            .current_dir(&root)
            .args(["check", "2000-01", "--lang", lang, "--layout", layout_file().to_str().unwrap()])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(!err.contains("write one of: \n") && !err.contains("書いてください: \n"), "{err}");
        let hint = if lang == "en" { "could not all be read" } else { "一部が読めませんでした" };
        assert!(err.contains(hint), "{err}");
    }
}
