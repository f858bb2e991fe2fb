//! Material as the office gets it (issue #26): a word-processor paste read as
//! its source has it, and the mistakes staff miss caught at their line.
//!
//! - tests/fixtures/word-paste is an edition pasted from a word processor
//!   (paragraphs one a line with 「　」, lists indented with full-width spaces,
//!   ※ notes, a category line after a nested item, half-width katakana); it is
//!   built at A4 and B5 and its pages are read back.
//! - Each new check is run on a copy of tests/fixtures/base with one mistake,
//!   and what `check` prints is compared exactly with
//!   tests/expected/paste_<case>.<lang>.txt; every new message is rendered in
//!   tests/expected/paste_messages.<lang>.txt. After a deliberate change, read
//!   the diff, then: UPDATE_EXPECT=1 cargo test --test paste

mod common;
use sasshi::diag::Severity;
use sasshi::frame::{Item, Role};
use sasshi::layout::DocumentKind;
use std::path::PathBuf;
use std::process::Command;

/// One printed row of a page: its text (no whitespace), where it starts, and
/// whether a paragraph, item or label starts on it.
struct Row {
    text: String,
    x: f64,
    start: bool,
}

/// The body rows of every page, top to bottom (a label and its text, set as two
/// lines on one baseline, are one row).
fn rows(doc: &sasshi::frame::Document) -> Vec<Row> {
    let mut out = Vec::new();
    for page in &doc.pages {
        let mut lines: Vec<&sasshi::frame::TextLine> = page
            .items
            .iter()
            .filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
            .filter(|t| matches!(t.role, Role::Body | Role::Label | Role::Heading))
            .collect();
        lines.sort_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0).then(a.origin.x.0.total_cmp(&b.origin.x.0)));
        let mut k = 0;
        while k < lines.len() {
            let y = lines[k].origin.y.0;
            let same = k + lines[k..].iter().take_while(|t| (t.origin.y.0 - y).abs() < 0.5).count();
            let row = &lines[k..same];
            let x = row[0].origin.x.0 + row[0].glyphs.first().map_or(0.0, |g| g.x.0);
            let text: String = row.iter().map(|t| t.text()).collect::<String>().split_whitespace().collect();
            out.push(Row { text, x, start: row.iter().any(|t| t.para_start) });
            k = same;
        }
    }
    out
}

/// The rows from the one that starts with `from` on, up to (not including) the
/// first that starts with `to`, or to the end of the booklet.
fn between<'r>(rows: &'r [Row], from: &str, to: Option<&str>) -> &'r [Row] {
    let a = rows.iter().position(|r| r.text.starts_with(from)).unwrap_or_else(|| panic!("no row {from}"));
    let b = match to {
        Some(to) => a + rows[a..].iter().position(|r| r.text.starts_with(to)).unwrap_or_else(|| panic!("no row {to}")),
        None => rows.len(),
    };
    &rows[a..b]
}

/// That the rows which start something (a paragraph, an item, a heading) are
/// exactly those that begin with `expected`, in that order.
fn assert_starts(rows: &[Row], expected: &[&str], what: &str) {
    let starts: Vec<&str> = rows.iter().filter(|r| r.start).map(|r| r.text.as_str()).collect();
    let ok = starts.len() == expected.len() && starts.iter().zip(expected).all(|(s, e)| s.starts_with(e));
    assert!(ok, "{what}: the rows that start a block\n{starts:#?}\nexpected to begin with\n{expected:#?}");
}

fn x_of(rows: &[Row], text: &str) -> f64 {
    rows.iter().find(|r| r.text.starts_with(text)).unwrap_or_else(|| panic!("no row {text}")).x
}

/// The pasted edition, at A4 and B5: every line of the source that starts a
/// paragraph, an item or a note starts one on the page, in the source's order,
/// and nothing else does (no line joined to another, none split); a nested
/// item stands right of its parent, the category line 「Ⅱ　テレワーク支援の
///部」 back at the margin, a paragraph with 「　」 one em in. Its only warnings:
/// the half-width katakana made full-width, the one line whose reading is a
/// guess (joined after a line ending with 。), and the base fixture's thin spine.
#[test]
fn a_pasted_edition_prints_paragraphs_lists_and_notes_as_its_source_has_them() {
    let edition = common::root().join("tests/fixtures/word-paste");
    for layout in ["a4", "b5"] {
        let options = sasshi::Options {
            layout: Some(common::root().join(format!("layouts/{layout}.toml"))),
            ..Default::default()
        };
        let out = sasshi::render(&edition, &options);
        let shown = out.diags.render(&out.sources, "en");
        let r = out.result.unwrap_or_else(|| panic!("{layout}: not built:\n{shown}"));
        let warnings: Vec<(&str, String)> = out
            .diags
            .items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| {
                let span = d.span.as_ref().expect("placed");
                let file = out.sources.get(span.file);
                (d.message.key, format!("{}:{}", file.shown, file.line_col(span.range.start).0))
            })
            .collect();
        assert_eq!(
            warnings,
            [
                ("cover.spine_too_narrow", "word-paste/edition.toml:13".to_string()),
                ("paste.halfwidth_kana", "word-paste/winners/pasted.toml:25".to_string()),
                ("paste.joined_after_sentence", "word-paste/winners/pasted.toml:37".to_string()),
            ],
            "{layout}:\n{shown}"
        );
        assert!(out.diags.errors().next().is_none(), "{shown}");
        let rows = rows(r.frames(DocumentKind::Booklet));

        let intro = between(&rows, "テレワークは", Some("受賞された"));
        assert_starts(
            intro,
            &[
                "テレワークは、働く",
                "審査では、次の三点",
                "①制度が全社に広が",
                "②成果を数字で示し",
                "③ほかの団体の手本",
                "※審査の経過は協会",
            ],
            &format!("{layout}: はじめに"),
        );
        let margin = x_of(intro, "①");
        assert!(x_of(intro, "テレワークは") > margin + 5.0, "{layout}: the paragraph keeps its 字下げ");
        assert!((x_of(intro, "※") - margin).abs() < 0.01, "{layout}: the ※ note is an item of its own");

        let rules = between(&rows, "【募集する部】", Some("【応募方法】"));
        assert_starts(
            rules,
            &[
                "【募集する部】",
                "Ⅰ実施の部",
                "(1)テレワークを",
                "・従業員の数は問い",
                "Ⅱテレワーク支援の",
                "(1)テレワークを",
            ],
            &format!("{layout}: 応募要項"),
        );
        let category = x_of(rules, "Ⅰ");
        assert!((x_of(rules, "Ⅱ") - category).abs() < 0.01, "{layout}: Ⅱ is at the margin, not joined to the item");
        assert!(x_of(rules, "(1)") > category, "{layout}: (1) indented under Ⅰ as typed");
        assert!(x_of(rules, "・従業員") > x_of(rules, "(1)"), "{layout}: ・ nested under (1)");

        let profile = between(&rows, "当社では、", None);
        assert_starts(
            profile,
            &[
                "当社では、2006",
                "そこで2007年春、",
                "①契約書類はすべて",
                "②会議はイントラネッ",
                "・週に一度は全員が",
                "・議事録は当日中に",
                "※費用は会社が負担",
                "(1)対象は全社員",
                "（２）期間は一年",
                "1.第一段階は営業",
                "２．第二段階は全部",
                "●結果は半年ごとに",
                "■アンケートを毎月",
                "◆相談窓口を設ける",
                "在宅勤務を選んだ社",
            ],
            &format!("{layout}: the pasted section"),
        );
        let label = x_of(profile, "①");
        assert!(x_of(profile, "・週に") > label, "{layout}: the ・ items nest under ②");
        assert!((x_of(profile, "※") - label).abs() < 0.01, "{layout}: ※ back at the margin");
        // The joined line is in the paragraph of the line before, not a paragraph.
        let last = between(&rows, "在宅勤務を選んだ", None);
        assert!(last.iter().skip(1).all(|r| !r.start), "{layout}: 通勤の… was joined to its paragraph");
        let text: String = rows.iter().map(|r| r.text.as_str()).collect();
        assert!(text.contains("三割になった。通勤の時間"), "{layout}");
        assert!(!text.chars().any(|c| ('\u{FF66}'..='\u{FF9F}').contains(&c)), "{layout}: half-width kana printed");
    }
}

/// One mistake in a copy of tests/fixtures/base: in `file`, `find` replaced by
/// `replace` (an empty `find`: the file written whole).
struct Case {
    name: &'static str,
    edits: &'static [(&'static str, &'static str, &'static str)],
    exit: i32,
}

const CASES: &[Case] = &[
    // The same firm under another name form, with the same reading.
    Case {
        name: "same_reading",
        edits: &[(
            "winners/copy.toml",
            "",
            "id = \"copy\"\ncategory = \"I\"\naward = \"奨励賞\"\nname = \"(株)見本\"\nreading = \"みほん\"\n",
        )],
        exit: 0,
    },
    // … and with the same web site under another address.
    Case {
        name: "same_domain",
        edits: &[(
            "winners/copy.toml",
            "",
            "id = \"copy\"\ncategory = \"I\"\naward = \"奨励賞\"\nname = \"ミホン\"\nreading = \"みほんこうぎょう\"\nurl = \"https://example.jp/telework/\"\n",
        )],
        exit: 0,
    },
    Case {
        name: "reading_corporate",
        edits: &[("winners/sample.toml", "reading = \"みほん\"", "reading = \"かぶしきがいしゃみほん\"")],
        exit: 0,
    },
    // The day changed, the weekday kept: 2000-04-08 is a Saturday too.
    Case { name: "date_text_day", edits: &[("edition.toml", "4月1日（土）", "4月8日（土）")], exit: 1 },
    Case { name: "date_far", edits: &[("edition.toml", "date = 2000-04-01", "date = 9999-04-01")], exit: 1 },
    Case {
        name: "halfwidth_kana",
        edits: &[("winners/sample.toml", "見本となる取り組みです。", "ｲﾝﾄﾗﾈｯﾄで見本となる取り組みです。")],
        exit: 0,
    },
    Case { name: "toml_slash_date", edits: &[("edition.toml", "date = 2000-04-01", "date = 2000/04/01")], exit: 1 },
    Case {
        name: "toml_smart_quotes",
        edits: &[("winners/sample.toml", "name = \"見本株式会社\"", "name = “見本株式会社”")],
        exit: 1,
    },
    Case {
        name: "toml_unquoted",
        edits: &[("winners/sample.toml", "name = \"見本株式会社\"", "name = 見本株式会社")],
        exit: 1,
    },
    Case { name: "numeral_empty", edits: &[("edition.toml", "numeral = \"Ⅰ\"", "numeral = \"\"")], exit: 1 },
];

fn prepare(name: &str, edits: &[(&str, &str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("paste").join(name).join("2000-01");
    let _ = std::fs::remove_dir_all(&dir);
    common::copy_dir(&common::root().join("tests/fixtures/base"), &dir);
    for (file, find, replace) in edits {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(find.is_empty() || text.contains(find), "{name}: {find:?} not in {file}");
        let text = if find.is_empty() { replace.to_string() } else { text.replacen(find, replace, 1) };
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Compare `actual` with tests/expected/<name>, or write it (UPDATE_EXPECT).
fn expect(name: &str, actual: &str, failures: &mut Vec<String>) {
    let path = common::root().join("tests/expected").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, actual).unwrap();
    } else {
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if actual != expected {
            failures.push(format!("{name}:\n--- expected\n{expected}--- actual\n{actual}"));
        }
    }
}

/// Each mistake of issue #26 that passed `check` is now a warning or an error
/// at its line, in Japanese and English, and the base fixture's own spine
/// warning is the only other remark.
#[test]
fn each_mistake_that_passed_check_is_reported_at_its_line_in_both_languages() {
    let mut failures = Vec::new();
    for case in CASES {
        let dir = prepare(case.name, case.edits);
        for lang in ["ja", "en"] {
            let output = Command::new(env!("CARGO_BIN_EXE_sasshi"))
                .args(["check", "--lang", lang, "--quiet", "--layout"])
                .arg(common::root().join("layouts/a4.toml"))
                .arg(&dir)
                .output()
                .unwrap();
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert!(!stderr.contains("panicked"), "{}: {stderr}", case.name);
            assert_eq!(output.status.code(), Some(case.exit), "{} ({lang}):\n{stderr}", case.name);
            // Placed at a line: "2000-01/<file>:<line>:<column>:".
            assert!(stderr.lines().any(|l| l.contains("2000-01/") && !l.contains("spine")), "{}: {stderr}", case.name);
            expect(&format!("paste_{}.{lang}.txt", case.name), &stderr, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `sasshi new` into a folder that is there: said in the user's language,
/// naming the folder, nothing touched.
#[test]
fn new_into_an_existing_folder_says_so_in_plain_words() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("paste").join("new_exists");
    let _ = std::fs::remove_dir_all(&root);
    common::copy_dir(&common::root().join("tests/fixtures/base"), &root.join("entries/2000-01"));
    std::fs::create_dir_all(root.join("entries/2001-02")).unwrap();
    let mut failures = Vec::new();
    for lang in ["ja", "en"] {
        let output = Command::new(env!("CARGO_BIN_EXE_sasshi"))
            .current_dir(&root)
            .args(["new", "2001-02", "--from", "2000-01", "--lang", lang])
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("already exists") || lang == "en", "English in Japanese: {stderr}");
        expect(&format!("paste_new_exists.{lang}.txt"), &stderr, &mut failures);
    }
    assert_eq!(std::fs::read_dir(root.join("entries/2001-02")).unwrap().count(), 0, "the folder was touched");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every message of the [paste] table, with sample arguments, in both
/// languages: no key left unrendered, no argument left unfilled.
#[test]
fn every_paste_message_renders_exactly_as_recorded_in_both_languages() {
    use sasshi::diag::Message;
    let m = Message::new;
    let samples = [
        m("paste.halfwidth_kana").arg("typed", "ｲﾝﾄﾗﾈｯﾄ").arg("printed", "イントラネット"),
        m("paste.halfwidth_kana_hint"),
        m("paste.joined_after_sentence"),
        m("paste.joined_after_sentence_hint"),
        m("paste.same_reading")
            .arg("reading", "にほんでんき")
            .arg("name", "NEC")
            .arg("other_name", "日本電気株式会社")
            .arg("other", "winners/nec.toml:5"),
        m("paste.same_domain")
            .arg("domain", "nec.co.jp")
            .arg("name", "NEC")
            .arg("other_name", "日本電気株式会社")
            .arg("other", "winners/nec.toml:7"),
        m("paste.same_firm_hint"),
        m("paste.reading_corporate").arg("prefix", "かぶしきがいしゃ"),
        m("paste.reading_corporate_hint").arg("reading", "にほんでんき"),
        m("paste.date_text_mismatch").arg("written", "2007-12-19").arg("date", "2007-12-12"),
        m("paste.date_text_mismatch_hint"),
        m("paste.date_far").arg("date", "9999-12-12").arg("year", "2007"),
        m("paste.date_far_hint").arg("year", "2007"),
        m("paste.empty_required_text").arg("field", "numeral"),
        m("paste.smart_quotes").arg("quote", "“"),
        m("paste.smart_quotes_hint").arg("key", "title"),
        m("paste.new_exists").arg("path", "entries/2007-08"),
        m("paste.new_from_missing").arg("path", "entries/2006-07/edition.toml"),
        m("paste.new_unreadable").arg("path", "entries/2006-07/edition.toml").arg("detail", "Permission denied"),
        m("paste.file_locked").arg("path", "out/2007-08/booklet.pdf"),
        m("entry.toml_syntax").arg("detail", m("paste.toml_unquoted").render_key()),
        m("entry.toml_syntax").arg("detail", m("paste.toml_duplicate_key").render_key()),
        m("entry.toml_syntax").arg("detail", m("paste.toml_no_value").render_key()),
        m("entry.toml_syntax").arg("detail", m("paste.toml_unclosed_table").render_key()),
        m("entry.toml_syntax").arg("detail", m("paste.toml_unclosed_array").render_key()),
        m("entry.toml_syntax").arg("detail", m("paste.toml_after_value").render_key()),
        m("entry.toml_syntax").arg("detail", m("paste.toml_escape").render_key()),
    ];
    let mut failures = Vec::new();
    for lang in ["ja", "en"] {
        let mut text = String::new();
        for message in &samples {
            let rendered = message.render(lang);
            assert!(!rendered.contains(message.key), "{} has no {lang} text", message.key);
            assert!(!rendered.contains("%{"), "{}: an argument is not filled: {rendered}", message.key);
            text.push_str(&format!("[{}]\n{rendered}\n", message.key));
        }
        expect(&format!("paste_messages.{lang}.txt"), &text, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
