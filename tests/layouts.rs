//! Every shipped layout × every edition we keep: the 2006 edition and the two
//! fictional ones in tests/fixtures (structures unlike 2006: a category with one
//! winner, an award with seven, an empty category, two individual winners, a
//! 40-character name, a 90-character URL, portrait and colour images, a table of
//! 25 rows). Each combination builds without an error, passes our preflight
//! (`sasshi verify`) with the layout's trim, has no kinsoku violation, no ragged
//! justified line, nothing outside the text block, no word split in a narrow
//! column (table cells, programme, a figure's words), and every entry text
//! round-trips through the PDF in reading order.

mod common;
use common::*;
use sasshi::frame::Item;
use sasshi::layout::DocumentKind;
use sasshi::model::layout::FigureWidth;
use std::path::PathBuf;

fn build(layout: &str, edition: &str) -> (sasshi::Rendered, sasshi::model::Loaded) {
    let dir: PathBuf = root().join(edition);
    let options = sasshi::Options { layout: Some(root().join(format!("layouts/{layout}.toml"))), ..Default::default() };
    let out = sasshi::render(&dir, &options);
    assert!(!out.diags.has_errors(), "{layout} × {edition}:\n{}", out.diags.render(&out.sources, "en"));
    let loaded = sasshi::check(&dir, &options).result.expect("loads");
    (out.result.expect("rendered"), loaded)
}

fn check(layout: &str, edition: &str) {
    let r = check_makeup(layout, edition);
    assert!(
        makeup::facts_value_x(r.frames(DocumentKind::Booklet)).len() > 3,
        "{layout} × {edition}: the facts labels are found"
    );
}

/// The make-up check over frames (figures only between units, no lone
/// section tails, keeps, word splits) on one edition and layout.
fn check_makeup(layout: &str, edition: &str) -> sasshi::Rendered {
    let (r, loaded) = build(layout, edition);
    let what = format!("{layout} × {edition}");
    let faults = makeup::faults(&what, &r, &loaded);
    assert!(faults.is_empty(), "{} faults:\n{}", faults.len(), faults.join("\n"));
    // Narrow columns break between words (issue #25): no cell, programme or
    // figure-word line ends inside a word narrower than its column.
    let splits = makeup::word_splits(&what, &r, &loaded);
    assert!(splits.is_empty(), "{} word splits:\n{}", splits.len(), splits.join("\n"));
    r
}

macro_rules! matrix {
    ($($name:ident: $layout:literal, $edition:literal;)*) => {
        $(
            #[test]
            fn $name() {
                check($layout, $edition);
            }
        )*
    };
}

matrix! {
    a4_2006_builds_verifies_and_round_trips: "a4", "entries/2006-07";
    a4_edition_b_builds_verifies_and_round_trips: "a4", "tests/fixtures/edition-b";
    a4_edition_c_builds_verifies_and_round_trips: "a4", "tests/fixtures/edition-c";
    b5_2006_builds_verifies_and_round_trips: "b5", "entries/2006-07";
    b5_edition_b_builds_verifies_and_round_trips: "b5", "tests/fixtures/edition-b";
    b5_edition_c_builds_verifies_and_round_trips: "b5", "tests/fixtures/edition-c";
    a5_2006_builds_verifies_and_round_trips: "a5", "entries/2006-07";
    a5_edition_b_builds_verifies_and_round_trips: "a5", "tests/fixtures/edition-b";
    a5_edition_c_builds_verifies_and_round_trips: "a5", "tests/fixtures/edition-c";
    a4_next_year_builds_verifies_and_round_trips: "a4", "tests/fixtures/next-year";
    b5_next_year_builds_verifies_and_round_trips: "b5", "tests/fixtures/next-year";
    a5_next_year_builds_verifies_and_round_trips: "a5", "tests/fixtures/next-year";
}

/// The small fixture editions (one or two profiles, so no facts count): the
/// make-up check on every shipped layout.
#[test]
fn the_small_fixture_editions_keep_the_make_up_rules_on_every_layout() {
    for edition in ["tests/fixtures/word-paste", "tests/fixtures/base"] {
        for layout in ["a4", "b5", "a5"] {
            check_makeup(layout, edition);
        }
    }
}

#[test]
fn the_empty_category_is_noted_in_the_winners_list_not_counted() {
    let (r, _) = build("a4", "tests/fixtures/edition-b");
    let text = r.frames(DocumentKind::Booklet).text();
    assert!(!text.contains("（０"), "an empty category prints a count of zero");
    assert!(text.contains("該当なし"), "the empty category is not noted");
}

#[test]
fn a_portrait_photo_is_never_taller_than_the_layouts_limit() {
    for layout in ["a4", "b5", "a5"] {
        let (r, loaded) = build(layout, "tests/fixtures/edition-b");
        let block_h = sasshi::layout::Geometry::new(&loaded.layout).block.h.0;
        let limit = loaded.layout.figures.max_height * block_h;
        let mut portraits = 0;
        for p in &r.frames(DocumentKind::Booklet).pages {
            for item in &p.items {
                if let Item::Image(im) = item {
                    assert!(im.rect.h.0 <= limit + 0.01, "{layout}: {:.1} pt tall", im.rect.h.0);
                    portraits += usize::from(im.pixels.1 > im.pixels.0);
                }
            }
        }
        assert!(portraits >= 2, "{layout}: the fixture's portraits are placed");
    }
}

#[test]
fn colour_images_in_a_one_ink_layout_are_reported_by_file() {
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let out = sasshi::render(&root().join("tests/fixtures/edition-b"), &options);
    let text = out.diags.render(&out.sources, "en");
    for file in ["images/market-colour.png", "images/hoshino-portrait.png"] {
        assert!(text.contains(&format!("\"{file}\" is a colour image")), "{file}:\n{text}");
    }
    // Grey images are not reported.
    assert!(!text.contains("river-map.png\" is a colour"), "{text}");
}

#[test]
fn a_figure_takes_the_width_its_entry_gives_or_its_natural_size() {
    for layout in ["a4", "b5", "a5"] {
        let (r, loaded) = build(layout, "tests/fixtures/edition-b");
        let geo = sasshi::layout::Geometry::new(&loaded.layout);
        let (measure, limit) = (geo.block.w.0, loaded.layout.figures.max_height * geo.block.h.0);
        let images: Vec<_> = r
            .frames(DocumentKind::Booklet)
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| if let Item::Image(im) = i { Some(im) } else { None })
            .collect();
        let width_of = |file: &str| {
            let im = images.iter().find(|im| im.picture.path.ends_with(file)).expect("placed");
            (im.rect.w.0, im.rect.h.0)
        };
        // width = 0.8 (1200 × 800 px): 80 % of the measure unless that is too tall.
        let (w, h) = width_of("river-map.png");
        let expected = (0.8 * measure).min(limit * 1.5);
        assert!((w - expected).abs() < 0.01 && h <= limit + 0.01, "{layout}: river map {w:.2} × {h:.2}");
        // width = "natural": 1200 px at the layout's 300 ppi = 288 pt, within the measure.
        let (w, _) = width_of("flow-diagram.png");
        let natural = (1200.0 / loaded.layout.figures.ppi * 72.0_f64).min(measure);
        assert!((w - natural).abs() < 0.01, "{layout}: flow diagram {w:.2}, natural {natural:.2}");
        // No width: the layout's default fraction.
        let FigureWidth::Fraction(default) = loaded.layout.figures.width else { panic!("{layout}: a fraction") };
        let (w, _) = width_of("market-colour.png");
        assert!((w - default * measure).abs() < 0.01, "{layout}: market photo {w:.2}, default {default}");
    }
}

#[test]
fn empty_categories_and_awards_are_left_out_when_the_layout_says_omit() {
    let scratch = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("layouts-omit");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let a4 = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    assert!(a4.contains("empty = \"note\""));
    let layout = scratch.join("omit.toml");
    std::fs::write(&layout, a4.replace("empty = \"note\"", "empty = \"omit\"")).unwrap();
    let options = sasshi::Options { layout: Some(layout), ..Default::default() };
    let out = sasshi::render(&root().join("tests/fixtures/edition-b"), &options);
    let r = out.result.expect("builds");
    let text = r.frames(DocumentKind::Booklet).text();
    assert!(!text.contains("該当なし"), "omitted, not noted");
    assert!(!text.contains("（０"), "no count of zero");
    let (noted, loaded) = build("a4", "tests/fixtures/edition-b");
    let empty = loaded
        .edition
        .categories
        .iter()
        .find(|c| !loaded.winners.iter().any(|w| w.category.value == c.id.value))
        .expect("edition-b has an empty category");
    assert!(noted.frames(DocumentKind::Booklet).text().contains(&empty.name.value));
    // The list heads of the omitted category are gone (its name may still be in
    // the judging criteria).
    let list_head = format!("{}\u{3000}{}", empty.numeral.value, empty.name.value);
    let heads = |t: &str| t.matches(&list_head).count();
    assert_eq!(heads(&text) + 1, heads(&noted.frames(DocumentKind::Booklet).text()));
}

#[test]
fn a_colour_image_is_reported_as_grey_in_1c_and_not_in_4c_where_it_is_converted() {
    let scratch = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("layouts-cmyk");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let a4 = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    let layout = scratch.join("cmyk.toml");
    std::fs::write(&layout, a4.replace("colour = \"gray\"", "colour = \"cmyk\"")).unwrap();
    let grey_warnings = |layout: std::path::PathBuf| {
        let options = sasshi::Options { layout: Some(layout), ..Default::default() };
        let out = sasshi::render(&root().join("tests/fixtures/edition-b"), &options);
        out.diags.items.iter().filter(|d| d.message.key == "layout.colour_image_in_gray").count()
    };
    // edition-b has two colour photographs.
    assert_eq!(grey_warnings(root().join("layouts/a4.toml")), 2);
    assert_eq!(grey_warnings(layout), 0);
}

/// The 2006 booklet ends pages short (before a keep rule's break, not at a
/// section's end) on at most as many pages as issue #25 asks at A4 (10) and B5
/// (12), and on fewer than at 122cdfa at A5 (58; the issue asks 15: not
/// reached), each with its keep rule: the paginator fills pages to their foot
/// (the gaps before headings and under figures grow) unless a rule says
/// otherwise. The counts are printed.
#[test]
fn the_2006_booklet_ends_fewer_pages_short_than_before_on_every_paper() {
    let mut worse = Vec::new();
    for (layout, before) in [("a4", 11), ("b5", 13), ("a5", 58)] {
        let (r, loaded) = build(layout, "entries/2006-07");
        let short = makeup::short_pages(r.frames(DocumentKind::Booklet), loaded.layout.grid.line_feed);
        let mut by_rule: std::collections::BTreeMap<&str, usize> = Default::default();
        for (_, rule) in &short {
            *by_rule.entry(rule.name()).or_default() += 1;
        }
        eprintln!("{layout}: {} pages short: {by_rule:?} {short:?}", short.len());
        if short.len() >= before {
            worse.push(format!("{layout}: {} pages end short (before: {before}): {short:?}", short.len()));
        }
    }
    assert!(worse.is_empty(), "{}", worse.join("\n"));
}
