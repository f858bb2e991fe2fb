//! The programme in narrow grids (issue #24): a person's name, with its 様, is
//! never broken across lines. When the programme's columns cannot give the
//! people's column the widest name, the people are set under each item's
//! number, title and time, flush right across the title and time columns;
//! only a name wider than the whole measure breaks, with a warning that says
//! so (`programme_narrow.name_broken`).

mod common;

use common::makeup::{faults, text_lines};
use common::{copy_dir, root, squeeze};
use sasshi::frame::Role;
use sasshi::layout::DocumentKind;
use std::path::PathBuf;

/// A copy of the 2006 edition with `(from, to)` replaced in its edition file,
/// and the A4 layout set on a grid of `chars` characters of 12 pt (the table
/// at 11.5 pt; its tabs take 22 of its ems).
fn narrow_edition(case: &str, chars: u32, replace: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("programme-narrow-{case}"));
    let _ = std::fs::remove_dir_all(&base);
    let edition = base.join("entries/2006-07");
    copy_dir(&common::edition_2006(), &edition);
    let file = edition.join("edition.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    for (from, to) in replace {
        assert!(text.contains(from), "{from} is not in the 2006 edition");
        text = text.replace(from, to);
    }
    std::fs::write(&file, text).unwrap();
    let layout = std::fs::read_to_string(root().join("layouts/a4.toml"))
        .unwrap()
        .replace("font_size = 10.5\nchars_per_line = 40", &format!("font_size = 12\nchars_per_line = {chars}"));
    let layout_file = base.join("narrow.toml");
    std::fs::write(&layout_file, layout).unwrap();
    (edition, layout_file)
}

struct Built {
    rendered: sasshi::Rendered,
    loaded: sasshi::model::Loaded,
    warnings: Vec<(String, Option<sasshi::diag::Span>)>,
}

fn build(edition: &std::path::Path, layout: &std::path::Path) -> Built {
    let options = sasshi::Options { layout: Some(layout.to_path_buf()), ..Default::default() };
    let out = sasshi::render(edition, &options);
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.sources, "en"));
    let warnings = out.diags.items.iter().map(|d| (d.message.key.to_string(), d.span.clone())).collect();
    let loaded = sasshi::check(edition, &options).result.expect("the edition loads");
    Built { rendered: out.result.expect("a build"), loaded, warnings }
}

/// The programme's name faults the make-up check finds (both documents).
fn name_faults(b: &Built) -> Vec<String> {
    faults("narrow", &b.rendered, &b.loaded).into_iter().filter(|f| f.contains("split across lines")).collect()
}

/// The programme document's table lines: (page, baseline, x of the first
/// glyph, text without spaces).
fn table_lines(b: &Built) -> Vec<(usize, f64, f64, String)> {
    let doc = b.rendered.frames(DocumentKind::Programme);
    doc.pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            text_lines(p).filter(|t| t.role == Role::Table).map(move |t| {
                let x = t.origin.x.0 + t.glyphs.first().map_or(0.0, |g| g.x.0);
                (i, t.origin.y.0, x, squeeze(&t.text()))
            })
        })
        .collect()
}

#[test]
fn a_name_wider_than_the_people_column_moves_the_people_under_the_items_whole() {
    // On 20 characters the title and time columns, at their least widths
    // (「プレゼンテーション」 whole, 「13：35～13:40」), leave the people less
    // than 「マリア・ロドリゲス・ガルシア　様」 (16 em) — or even 「藤倉　潤一郎　様」.
    let long = "マリア・ロドリゲス・ガルシア";
    let (edition, layout) = narrow_edition("under", 20, &[("藤倉　潤一郎", long)]);
    let b = build(&edition, &layout);
    assert_eq!(name_faults(&b), Vec::<String>::new());
    assert!(!b.warnings.iter().any(|(k, _)| k.starts_with("programme_narrow.")), "{:?}", b.warnings);
    let lines = table_lines(&b);
    // Every person's name is whole on one line, and no name shares its line
    // with the item's title: the people stand under it.
    for person in b.loaded.edition.programme.items.iter().flat_map(|i| &i.people) {
        let name = squeeze(&person.name.value);
        assert!(lines.iter().any(|l| l.3.contains(&name)), "{name} is not whole on a line of the programme");
    }
    for item in &b.loaded.edition.programme.items {
        let title = squeeze(&item.title.value);
        let Some(t) = lines.iter().find(|l| !l.3.is_empty() && title.starts_with(&l.3)) else { continue };
        for person in &item.people {
            let name = squeeze(&person.name.value);
            let n = lines.iter().find(|l| l.3.contains(&name)).unwrap();
            assert!((n.0, n.1) > (t.0, t.1 + 0.01), "{name} is not under the title {title}");
        }
    }
}

#[test]
fn the_narrow_grid_keeps_the_people_column_when_the_names_fit_it() {
    // On 30 characters the 2006 names (8 em with 様) fit beside the title
    // and time columns once the title gives way: an item's people start on
    // the baseline of its title.
    let (edition, layout) = narrow_edition("beside", 30, &[]);
    let b = build(&edition, &layout);
    assert_eq!(name_faults(&b), Vec::<String>::new());
    let lines = table_lines(&b);
    let beside = b.loaded.edition.programme.items.iter().filter(|i| !i.people.is_empty()).all(|item| {
        let title = squeeze(&item.title.value);
        let person = &item.people[0];
        let first = [item.note.as_ref(), person.affiliation.as_ref(), person.role.as_ref(), Some(&person.name)]
            .into_iter()
            .flatten()
            .map(|t| squeeze(&t.value))
            .next()
            .unwrap();
        let Some(t) = lines.iter().find(|l| !l.3.is_empty() && title.starts_with(&l.3)) else { return false };
        lines.iter().any(|l| l.0 == t.0 && (l.1 - t.1).abs() < 0.01 && !l.3.is_empty() && first.starts_with(&l.3))
    });
    assert!(beside, "an item's people do not start beside its title: the people column was given up");
}

#[test]
fn only_a_name_wider_than_the_measure_breaks_and_it_is_warned_of() {
    // 25 characters at 11.5 pt: 287.5 pt, wider than the 240 pt measure.
    let long = "寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末";
    let (edition, layout) = narrow_edition("too-wide", 20, &[("藤倉　潤一郎", long)]);
    let b = build(&edition, &layout);
    let warned: Vec<_> = b.warnings.iter().filter(|(k, _)| k == "programme_narrow.name_broken").collect();
    assert_eq!(warned.len(), 1, "{:?}", b.warnings);
    let person = b.loaded.edition.programme.items.iter().flat_map(|i| &i.people).find(|p| p.name.value == long);
    assert_eq!(warned[0].1.as_ref(), Some(&person.expect("the long name's person").name.span));
    // The check exempts that name only; every other name stays whole.
    assert_eq!(name_faults(&b), Vec::<String>::new());
    let lines = table_lines(&b);
    assert!(!lines.iter().any(|l| l.3.contains(long)), "the too-wide name is on one line");
    for person in b.loaded.edition.programme.items.iter().flat_map(|i| &i.people).filter(|p| p.name.value != long) {
        let name = squeeze(&person.name.value);
        assert!(lines.iter().any(|l| l.3.contains(&name)), "{name} is not whole on a line of the programme");
    }
}
