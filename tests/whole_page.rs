//! Whole pages that do not fit their page (issue #30): the error is at the entry
//! line that does not fit and names the document and page, in Japanese and
//! English, exactly as in tests/expected/whole_page_<case>.<lang>.txt (to accept
//! a deliberate change: UPDATE_EXPECT=1 cargo test --test whole_page).

mod common;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The small valid edition with `winners` more winner files, and a4 with
/// `grid` (lines per page) and `extra` layout text, in a folder of the case.
fn prepare(case: &str, lines: u32, extra: &str, winners: usize) -> (PathBuf, PathBuf) {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("whole_page").join(case);
    let _ = std::fs::remove_dir_all(&root);
    let dir = root.join("2000-01");
    common::copy_dir(&common::root().join("tests/fixtures/base"), &dir);
    for i in 0..winners {
        // Readings in 五十音 order of their number: じゅしょう + two kana.
        let kana: Vec<char> = "あいうえおかきくけこ".chars().collect();
        let reading = format!("じゅしょう{}{}", kana[i / 10 % 10], kana[i % 10]);
        let text = format!(
            "id = \"w{i:02}\"\ncategory = \"I\"\naward = \"会長賞\"\nname = \"受賞株式会社{i:02}\"\nreading = \"{reading}\"\n"
        );
        std::fs::write(dir.join(format!("winners/w{i:02}.toml")), text).unwrap();
    }
    let layout = std::fs::read_to_string(common::root().join("layouts/a4.toml")).unwrap();
    let layout = layout.replace("lines_per_page = 38", &format!("lines_per_page = {lines}"));
    let file = root.join("layout.toml");
    std::fs::write(&file, format!("{layout}\n{extra}\n")).unwrap();
    (dir, file)
}

fn check(dir: &Path, layout: &Path, lang: &str) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_sasshi"))
        .args(["check", "--lang", lang, "--quiet", "--layout"])
        .arg(layout)
        .arg(dir)
        .output()
        .unwrap();
    (String::from_utf8(output.stderr).unwrap(), output.status.code().unwrap_or(-1))
}

/// The output of `check` in both languages against its expected files.
fn expect(case: &str, dir: &Path, layout: &Path) -> Vec<String> {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut outputs = Vec::new();
    for lang in ["ja", "en"] {
        let (stderr, code) = check(dir, layout, lang);
        assert_eq!(code, 1, "{case} ({lang}): exit status\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let path = common::root().join("tests/expected").join(format!("whole_page_{case}.{lang}.txt"));
        if update {
            std::fs::write(&path, &stderr).unwrap();
        } else {
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(stderr, expected, "{case} ({lang})");
        }
        outputs.push(stderr);
    }
    outputs
}

/// A page of ten lines and no room outside its text block: the title page,
/// printed first as the cover's 表1 (a4 has no 扉), cannot fit.
#[test]
fn a_title_page_too_large_for_its_page_names_the_cover_front() {
    let (dir, layout) = prepare("title", 10, "[whole_page]\nmargin_mm = 100", 0);
    let [_, en] = &expect("title_page", &dir, &layout)[..] else { unreachable!() };
    assert!(en.contains("does not fit on the front (表1) of the cover"), "{en}");
    assert!(!en.contains("title page (扉)"), "a4 prints no 扉:\n{en}");
}

/// The same page with the booklet's 扉 and no cover: the booklet is named.
#[test]
fn a_title_page_printed_as_the_booklets_first_page_names_it() {
    let extra = "[whole_page]\nmargin_mm = 100";
    let (dir, layout) = prepare("title_booklet", 10, extra, 0);
    let text = std::fs::read_to_string(&layout).unwrap();
    let text = text
        .replace("title_page = false", "title_page = true")
        .replace("documents = [\"booklet\", \"cover\", \"programme\"]", "documents = [\"programme\", \"booklet\"]");
    std::fs::write(&layout, text).unwrap();
    let (en, _) = check(&dir, &layout, "en");
    assert!(en.contains("does not fit on the first page of the programme"), "{en}");
}

/// Ninety winners of one award on a divider with little room below its
/// titles: in five columns at the smallest size some fit; the error is at the
/// first winner that does not — not at the first winner, which does.
#[test]
fn a_divider_that_overflows_names_the_winner_that_does_not_fit() {
    let extra = "[whole_page]\nmargin_mm = 100";
    let (dir, layout) = prepare("divider", 16, extra, 90);
    let text = std::fs::read_to_string(&layout).unwrap();
    let text = text.replace("documents = [\"booklet\", \"cover\", \"programme\"]", "documents = [\"booklet\"]");
    std::fs::write(&layout, text).unwrap();
    let [_, en] = &expect("divider", &dir, &layout)[..] else { unreachable!() };
    assert!(en.contains("does not fit on a divider page (中扉) of the booklet"), "{en}");
    let blamed: Vec<&str> = en.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(blamed.len(), 1, "{en}");
    assert!(blamed[0].contains("2000-01/winners/w"), "a winner's line: {en}");
    assert!(!blamed[0].contains("winners/w00.toml"), "not the first winner, which fits: {en}");
}

/// A negative margin is reported at its field; one of half the page or more
/// leaves whole pages the text block, and the edition builds.
#[test]
fn a_negative_margin_is_an_error_at_its_field() {
    let (dir, layout) = prepare("margin", 38, "[whole_page]\nmargin_mm = -1", 0);
    let (en, code) = check(&dir, &layout, "en");
    assert_eq!(code, 1, "{en}");
    assert!(en.contains("layout.toml:") && en.contains("whole_page.margin_mm"), "{en}");
    let (dir, layout) = prepare("margin_wide", 38, "[whole_page]\nmargin_mm = 200", 0);
    let (en, code) = check(&dir, &layout, "en");
    assert_eq!(code, 0, "{en}");
}

/// A sponsor line longer than the sponsor style's measure wraps under its own
/// text, not under its 「後　　援：」 (a stack wraps within its style before it
/// shrinks).
#[test]
fn a_long_sponsor_line_wraps_under_its_text() {
    let (dir, layout) = prepare("sponsor", 38, "", 0);
    let edition = dir.join("edition.toml");
    let long = "総務省・厚生労働省・経済産業省・国土交通省・文部科学省・日本経済新聞社・日本テレワーク学会";
    let text = std::fs::read_to_string(&edition).unwrap();
    std::fs::write(&edition, format!("{text}\n[[sponsors]]\nrole = \"後援\"\nlines = [\"{long}\"]\n")).unwrap();
    let options = sasshi::Options { layout: Some(layout), ..Default::default() };
    let out = sasshi::render(&dir, &options);
    let r = out.result.unwrap_or_else(|| panic!("{}", out.diags.render(&out.sources, "en")));
    let page = &r.frames(sasshi::layout::DocumentKind::Programme).pages[0];
    let lines: Vec<&sasshi::frame::TextLine> = page
        .items
        .iter()
        .filter_map(|it| if let sasshi::frame::Item::Text(t) = it { Some(t) } else { None })
        .filter(|t| {
            let s = common::squeeze(&t.text());
            !s.is_empty() && common::squeeze(long).contains(s.trim_start_matches("後援："))
        })
        .collect();
    assert!(lines.len() >= 2, "the line wraps: {:?}", lines.iter().map(|t| t.text()).collect::<Vec<_>>());
    let first = lines[0];
    assert!(first.text().starts_with("後\u{3000}\u{3000}援："), "{}", first.text());
    let x = |t: &sasshi::frame::TextLine| t.origin.x.0 + t.glyphs.first().map_or(0.0, |g| g.x.0);
    let hang = 5.0 * first.size.0;
    for l in &lines[1..] {
        assert!(
            (x(l) - (x(first) + hang)).abs() < 0.5,
            "{} at {} not under the text at {}",
            l.text(),
            x(l),
            x(first) + hang
        );
    }
}
