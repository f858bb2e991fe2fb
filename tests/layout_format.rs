//! Layouts keep working (issue #25): a layout in an older format loads with a
//! note at each old field, or `sasshi layout upgrade` rewrites it; a field that
//! cannot be read one way is an error naming it and its replacement.
//! The fixtures: `e258a44-a4.toml` (layouts/a4.toml of commit e258a44, format 1,
//! unchanged), `format1-b5.toml` (a client's B5 in that format), `29c6b20-b5.toml`
//! (layouts/b5.toml of 29c6b20, format 2).

mod common;

use common::root;
use sasshi::diag::Severity;
use sasshi::model::Loaded;
use sasshi::model::layout::PageSide;
use sasshi::model::style::StyleName;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/layouts").join(name)
}

/// A scratch copy of a layout fixture (the upgrade rewrites it).
fn scratch(test: &str, name: &str, text: Option<String>) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("layout-format").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text.unwrap_or_else(|| std::fs::read_to_string(fixture(name)).unwrap())).unwrap();
    path
}

/// A layout message: its key, field, 1-based line and severity.
type Said = (String, String, Option<usize>, Severity);

/// The small fixture edition checked with a layout file: the loaded edition,
/// the layout's messages and everything said, in Japanese.
fn check(layout: &Path) -> (Option<Loaded>, Vec<Said>, String) {
    let options = sasshi::Options { layout: Some(layout.to_path_buf()), ..Default::default() };
    let out = sasshi::check(&root().join("tests/fixtures/edition-c"), &options);
    let messages = out
        .diags
        .items
        .iter()
        .filter(|d| d.message.key.starts_with("layout"))
        .map(|d| {
            let line = d.span.as_ref().map(|s| out.sources.get(s.file).line_col(s.range.start).0);
            (d.message.key.to_string(), d.field.clone(), line, d.severity)
        })
        .collect();
    let ja = out.diags.render(&out.sources, "ja");
    (out.result, messages, ja)
}

fn line_of(path: &Path, starts: &str) -> usize {
    std::fs::read_to_string(path).unwrap().lines().position(|l| l.starts_with(starts)).unwrap() + 1
}

fn sasshi(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sasshi")).args(args).output().unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn the_e258a44_a4_layout_loads_with_a_note_at_each_old_field() {
    let path = fixture("e258a44-a4.toml");
    let (loaded, messages, ja) = check(&path);
    let loaded = loaded.unwrap_or_else(|| panic!("the e258a44 layout loads:\n{ja}"));
    assert!(messages.iter().all(|m| m.3 == Severity::Warning), "{messages:?}");
    assert!(messages.iter().any(|m| m.0 == "layout_format.unstated" && m.2 == Some(1)), "{messages:?}");
    for (field, line) in [
        ("fonts.body", "body = "),
        ("sizes.cover_title", "cover_title = 36"),
        ("sizes.heading", "heading = 10.5"),
        ("structure.divider_on_recto", "divider_on_recto"),
        ("structure.profile_on_recto", "profile_on_recto"),
    ] {
        let want = Some(line_of(&path, line));
        assert!(
            messages.iter().any(|m| m.0 == "layout_format.changed" && m.1 == field && m.2 == want),
            "{field} noted at line {want:?}: {messages:?}"
        );
    }
    assert!(ja.contains("fonts.body は古い項目です"), "{ja}");
    // Read as it was meant: the A4 looks, dividers on a recto, the spine's old
    // 1 mm clearance (its default then).
    let l = &loaded.layout;
    assert_eq!(l.styles.get(StyleName::Title).size, 36.0);
    assert_eq!(l.styles.get(StyleName::DividerCategory).size, 20.0);
    assert_eq!(l.structure.divider_page, PageSide::Recto);
    assert_eq!(l.structure.profile_page, PageSide::Any);
    assert_eq!(l.print.spine_clearance_mm, 1.0);
    assert_eq!(l.grid.lines_per_page, 36);
}

#[test]
fn a_format_1_b5_layout_keeps_the_sizes_its_fonts_and_sizes_tables_gave() {
    let (loaded, messages, ja) = check(&fixture("format1-b5.toml"));
    let loaded = loaded.unwrap_or_else(|| panic!("the format-1 B5 layout loads:\n{ja}"));
    assert!(messages.iter().all(|m| m.3 == Severity::Warning), "{messages:?}");
    let s = |n| loaded.layout.styles.get(n).size;
    assert_eq!((s(StyleName::Title), s(StyleName::Subtitle), s(StyleName::Organiser)), (30.0, 14.0, 14.0));
    assert_eq!((s(StyleName::EditionText), s(StyleName::Address), s(StyleName::BackCover)), (17.0, 10.0, 10.0));
    assert_eq!(
        (s(StyleName::PartTitle), s(StyleName::DividerAward), s(StyleName::DividerCategory)),
        (14.0, 14.0, 18.0)
    );
    assert_eq!((s(StyleName::Table), s(StyleName::Facts), s(StyleName::Caption)), (8.5, 8.5, 8.5));
    // max(sizes.table, body − ½ pt) and heading + 1.5, as format 1's code set them.
    assert_eq!((s(StyleName::ProgrammeTable), s(StyleName::ProgrammeAward)), (9.0, 11.0));
    assert_eq!((s(StyleName::Folio), s(StyleName::Spine), s(StyleName::Heading)), (8.5, 12.0, 9.5));
    assert_eq!(loaded.layout.styles.get(StyleName::DividerWinner).min_size, 4.75, "half the grid's size");
}

#[test]
fn layout_upgrade_rewrites_the_old_files_keeping_comments_and_the_result_reads_the_same() {
    for name in ["e258a44-a4.toml", "format1-b5.toml", "29c6b20-b5.toml"] {
        let path = scratch("upgrade", name, None);
        let (noted, _, ja) = check(&path);
        let noted = noted.unwrap_or_else(|| panic!("{name} loads:\n{ja}"));
        let (ok, said) = sasshi(&["--lang", "ja", "layout", "upgrade", path.to_str().unwrap()]);
        assert!(ok, "{name}: {said}");
        assert!(said.contains("形式 4 に書き換えました"), "{name}: {said}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.lines().any(|l| l.starts_with("format = 4 ")), "{name}:\n{text}");
        assert!(
            !text.contains("[fonts]") && !text.contains("[sizes]") && !text.contains("_on_recto"),
            "{name}:\n{text}"
        );
        assert!(text.contains("# Kihon-hanmen (JLREQ §2.4)"), "{name}: comments kept:\n{text}");
        let (upgraded, messages, ja) = check(&path);
        let upgraded = upgraded.unwrap_or_else(|| panic!("{name} upgraded loads:\n{ja}\n{text}"));
        assert!(messages.is_empty(), "{name}: no notes once upgraded: {messages:?}");
        assert_eq!(upgraded.layout.styles, noted.layout.styles, "{name}: the same styles");
        assert_eq!(upgraded.layout.structure, noted.layout.structure, "{name}");
        assert_eq!(upgraded.layout.print, noted.layout.print, "{name}");
        let (ok, said) = sasshi(&["--lang", "en", "layout", "upgrade", path.to_str().unwrap()]);
        assert!(ok && said.contains("already in format 4"), "{name}: {said}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{name}: a second upgrade changes nothing");
    }
}

#[test]
fn a_heading_size_other_than_the_body_is_an_error_naming_the_old_field_and_its_replacements() {
    let text = std::fs::read_to_string(fixture("format1-b5.toml")).unwrap().replace("heading = 9.5", "heading = 11");
    let path = scratch("ambiguous", "client.toml", Some(text.clone()));
    let (loaded, messages, ja) = check(&path);
    assert!(loaded.is_none(), "not read");
    let line = Some(line_of(&path, "heading = 11"));
    assert!(
        messages.iter().any(|m| m.0 == "layout_format.ambiguous"
            && m.1 == "sizes.heading"
            && m.2 == line
            && m.3 == Severity::Error),
        "{messages:?}"
    );
    assert!(ja.contains("sizes.heading は古い項目で") && ja.contains("styles.heading.size"), "{ja}");
    let (ok, said) = sasshi(&["--lang", "en", "layout", "upgrade", path.to_str().unwrap()]);
    assert!(!ok && said.contains("sizes.heading") && said.contains("was not rewritten"), "{said}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the file is as it was");
}

#[test]
fn an_unversioned_layout_on_another_grid_keeps_the_fixed_sizes_of_its_time() {
    // Today's b5 without its format line and without the sizes the base now
    // sets relative to the grid: written for format 3, the programme award was
    // 12 pt on every grid (format 4's base: body + 1.5 = 11 at B5).
    let text = std::fs::read_to_string(root().join("layouts/b5.toml")).unwrap();
    let text: String = text.lines().filter(|l| !l.starts_with("format = ")).map(|l| format!("{l}\n")).collect();
    let path = scratch("unversioned", "b5.toml", Some(text));
    let (loaded, messages, ja) = check(&path);
    let loaded = loaded.unwrap_or_else(|| panic!("loads:\n{ja}"));
    let s = |n| loaded.layout.styles.get(n).size;
    assert_eq!((s(StyleName::ProgrammeAward), s(StyleName::ProgrammeTable)), (12.0, 10.0));
    assert_eq!((s(StyleName::DividerDescription), s(StyleName::DividerWinner)), (11.5, 12.0));
    assert_eq!(loaded.layout.styles.get(StyleName::DividerWinner).min_size, 5.0, "b5's own min_size kept");
    assert!(messages.iter().any(|m| m.0 == "layout_format.changed" && m.1 == "styles.programme_award.size"));
    // With format = 4 written, the base's sizes follow the grid.
    let (current, messages, _) = check(&root().join("layouts/b5.toml"));
    assert!(messages.is_empty(), "{messages:?}");
    assert_eq!(current.unwrap().layout.styles.get(StyleName::ProgrammeAward).size, 11.0);
}

#[test]
fn a_format_this_sasshi_does_not_know_is_an_error_at_its_line() {
    let text =
        std::fs::read_to_string(root().join("layouts/a5.toml")).unwrap().replace("\nformat = 4 ", "\nformat = 9 ");
    let path = scratch("newer", "a5.toml", Some(text));
    let (loaded, messages, ja) = check(&path);
    assert!(loaded.is_none());
    let line = Some(line_of(&path, "format = 9"));
    assert!(
        messages.iter().any(|m| m.0 == "layout_format.unknown" && m.2 == line && m.3 == Severity::Error),
        "{messages:?}"
    );
    assert!(ja.contains("format = 9 はこの sasshi が知らないレイアウト形式です"), "{ja}");
}
