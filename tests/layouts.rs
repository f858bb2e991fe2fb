//! Every shipped layout × every edition we keep: the 2006 edition and the two
//! fictional ones in tests/fixtures (structures unlike 2006: a category with one
//! winner, an award with seven, an empty category, two individual winners, a
//! 40-character name, a 90-character URL, portrait and colour images, a table of
//! 25 rows). Each combination builds without an error, passes our preflight
//! (`sasshi verify`) with the layout's trim, has no kinsoku violation, no ragged
//! justified line, nothing outside the text block, and every entry text
//! round-trips through the PDF in reading order.

mod common;
use common::*;
use sasshi::frame::{Item, PageKind, Role, TextLine};
use sasshi::layout::DocumentKind;
use sasshi::model::layout::FigureWidth;
use sasshi::text::Kinsoku;
use sasshi::text::classes::{not_at_line_end, not_at_line_start};
use sasshi::units::Pt;
use std::path::PathBuf;

fn text_lines(page: &sasshi::frame::Page) -> impl Iterator<Item = &TextLine> {
    page.items.iter().filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
}

/// The lines of running text of a page: body text and item labels.
fn running_lines(p: &sasshi::frame::Page) -> Vec<&TextLine> {
    text_lines(p).filter(|t| matches!(t.role, Role::Body | Role::Label)).collect()
}

fn build(layout: &str, edition: &str) -> (sasshi::Rendered, sasshi::model::Loaded) {
    let dir: PathBuf = root().join(edition);
    let options = sasshi::Options { layout: Some(root().join(format!("layouts/{layout}.toml"))), ..Default::default() };
    let out = sasshi::render(&dir, &options);
    assert!(!out.diags.has_errors(), "{layout} × {edition}:\n{}", out.diags.render(&out.sources, "en"));
    let loaded = sasshi::check(&dir, &options).result.expect("loads");
    (out.result.expect("rendered"), loaded)
}

fn check(layout: &str, edition: &str) {
    let (r, loaded) = build(layout, edition);
    let l = &loaded.layout;
    let what = format!("{layout} × {edition}");
    assert_eq!(
        r.documents.iter().map(|d| d.kind).collect::<Vec<_>>(),
        l.documents,
        "{what}: the layout's documents, in its order"
    );

    // Our preflight, with the binding's page multiple (the cover: one spread).
    for d in &r.documents {
        let multiple = if d.kind == DocumentKind::Cover { 1 } else { l.print.binding.page_multiple() };
        let (_, problems) = sasshi::pdf::verify::verify(&d.bytes, multiple);
        assert!(problems.is_empty(), "{what}: {} fails verify: {problems:?}", d.file_name());
    }

    // The trim is the layout's page (the cover: two pages and the spine).
    let (w, h) = (Pt::from_mm(l.page.width_mm).0, Pt::from_mm(l.page.height_mm).0);
    for kind in [DocumentKind::Booklet, DocumentKind::Programme] {
        for p in &r.frames(kind).pages {
            assert!((p.width.0 - w).abs() < 0.01 && (p.height.0 - h).abs() < 0.01, "{what}: page size");
        }
    }
    let cover = &r.frames(DocumentKind::Cover).pages[0];
    assert!((cover.width.0 - (2.0 * w + r.spine.0)).abs() < 0.01, "{what}: cover width");

    for kind in [DocumentKind::Booklet, DocumentKind::Programme] {
        let doc = r.frames(kind);
        let mut faults = Vec::new();
        for (i, p) in doc.pages.iter().enumerate() {
            let b = p.block;
            for t in text_lines(p) {
                let text = t.text();
                let at = format!("{what} {kind:?} page {}: {text}", i + 1);
                // Kinsoku (JLREQ §3.1.7, §3.1.8) on every line of running text.
                if matches!(t.role, Role::Body | Role::Table | Role::Caption) {
                    let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else { continue };
                    let para_start = (t.role == Role::Caption && t.para_start)
                        || t.glyphs.first().is_some_and(|g| g.x.0 > 0.0) && !t.justified;
                    if not_at_line_start(first, Kinsoku::VeryStrict) && !para_start {
                        faults.push(format!("starts with {first}: {at}"));
                    }
                    if not_at_line_end(last, Kinsoku::VeryStrict) {
                        faults.push(format!("ends with {last}: {at}"));
                    }
                }
                // JLREQ §3.5.4: no paragraph ends with a line of one character (and
                // its closing punctuation) when it has lines before it.
                if t.role == Role::Body && !t.justified && !t.para_start {
                    let chars = text.chars().filter(|c| !"。、，．」）』】〕〉》”’！？!?)".contains(*c)).count();
                    if chars == 1 {
                        faults.push(format!("a one-character last line: {at}"));
                    }
                }
                // A justified line ends exactly at its measure.
                if t.justified && t.role == Role::Body && (t.content_end.0 - t.measure_end.0).abs() > 0.05 {
                    faults.push(format!("ragged by {:+.3} pt: {at}", t.content_end.0 - t.measure_end.0));
                }
                // Body pages: nothing outside the text block but folios.
                if p.kind == PageKind::Body && t.role != Role::Folio {
                    let top = t.origin.y.0 - 0.9 * t.size.0;
                    let inside = t.origin.x.0 >= b.x.0 - 0.5
                        && t.content_end.0 <= b.right().0 + 0.5
                        && top >= b.y.0 - 0.5
                        && t.origin.y.0 <= b.bottom().0 + 0.5;
                    if !inside {
                        faults.push(format!("outside the text block: {at}"));
                    }
                }
                // No line runs past the page.
                if t.end().0 > p.width.0 || t.origin.y.0 > p.height.0 {
                    faults.push(format!("off the page: {at}"));
                }
            }
        }
        // Make-up: a heading (of the body, not a page of its own) has at least two
        // lines of what follows under it on its page.
        for (i, p) in doc.pages.iter().enumerate() {
            if p.kind != PageKind::Body {
                continue;
            }
            let mut lines: Vec<&TextLine> = text_lines(p).filter(|t| t.role != Role::Folio).collect();
            lines.sort_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0));
            let mut baselines: Vec<f64> = lines.iter().map(|t| t.origin.y.0).collect();
            baselines.dedup_by(|a, b| (*a - *b).abs() < 0.01);
            let last_heading = lines.iter().filter(|t| t.role == Role::Heading).map(|t| t.origin.y.0).reduce(f64::max);
            if let Some(y) = last_heading {
                let after = baselines.iter().filter(|b| **b > y + 0.01).count();
                // Fewer lines are fine when the text under the heading has no more:
                // the next page is not body text, or opens a new part (a title
                // larger than the text).
                let next_part = doc.pages.get(i + 1).is_none_or(|n| {
                    n.kind != PageKind::Body
                        || text_lines(n)
                            .filter(|t| t.role != Role::Folio)
                            .min_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0))
                            .is_some_and(|t| t.role == Role::Heading && t.size.0 > l.grid.font_size + 0.01)
                });
                if after < 2 && !next_part {
                    faults.push(format!("{what} {kind:?} page {}: a heading with {after} line(s) after it", i + 1));
                }
            }
        }
        // Make-up: a person's name (with 様/氏) is never split across lines.
        let names: Vec<String> = loaded
            .edition
            .programme
            .items
            .iter()
            .flat_map(|it| &it.people)
            .map(|p| squeeze(&p.name.value))
            .chain(loaded.winners.iter().filter(|w| w.honorific.is_some()).map(|w| squeeze(&w.name.value)))
            .collect();
        let all_lines: Vec<String> = doc.pages.iter().flat_map(|p| text_lines(p).map(|t| squeeze(&t.text()))).collect();
        for name in &names {
            let whole = all_lines.iter().any(|l| l.contains(name.as_str()));
            let mentioned = squeeze(&doc.text()).contains(name.as_str());
            if mentioned && !whole {
                faults.push(format!("{what} {kind:?}: the name {name} is split across lines"));
            }
        }
        // One value column for the facts of every profile: each Gothic label's
        // value starts at the same x.
        let mut value_x: Vec<f64> = Vec::new();
        for p in &doc.pages {
            let lines: Vec<&TextLine> = text_lines(p).collect();
            for label in lines.iter().filter(|t| t.role == Role::Label && t.font == sasshi::font::FontId::Gothic) {
                if let Some(value) =
                    lines.iter().find(|t| t.role == Role::Table && (t.origin.y.0 - label.origin.y.0).abs() < 0.01)
                {
                    value_x.push(value.origin.x.0 + value.glyphs.first().map_or(0.0, |g| g.x.0));
                }
            }
        }
        assert!(kind != DocumentKind::Booklet || value_x.len() > 3, "{what}: the facts labels are found");
        if let (Some(min), Some(max)) =
            (value_x.iter().copied().reduce(f64::min), value_x.iter().copied().reduce(f64::max))
        {
            assert!(max - min < 0.01, "{what} {kind:?}: facts values between x {min:.2} and {max:.2}");
        }
        // Make-up: no item label alone at a page foot with the text nested under
        // it overleaf.
        for (i, pair) in doc.pages.windows(2).enumerate() {
            let here = running_lines(&pair[0]);
            let Some(last_y) = here.iter().map(|t| t.origin.y.0).reduce(f64::max) else { continue };
            let label = here.iter().find(|t| t.role == Role::Label && (t.origin.y.0 - last_y).abs() < 0.01);
            // The first line of the next page, whatever it is (a heading there
            // starts something new).
            let first = text_lines(&pair[1])
                .filter(|t| t.role != Role::Folio)
                .min_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0));
            if let (Some(label), Some(first)) = (label, first)
                && first.origin.x.0 > label.origin.x.0 + 0.5
                && first.role == Role::Body
            {
                faults.push(format!("{what} {kind:?} page {}: the label {} is alone at the foot", i + 1, label.text()));
            }
        }
        // Make-up: figures float to the top or the foot of a page (JLREQ §4.3):
        // never a line of running text both above and below one (inside a list
        // or a sentence); its caption and its words on its page.
        let figures: Vec<&sasshi::model::Figure> = loaded
            .winners
            .iter()
            .flat_map(|w| &w.sections)
            .flat_map(|s| &s.content)
            .filter_map(|b| if let sasshi::model::Block::Figure(f) = b { Some(f) } else { None })
            .collect();
        for (i, p) in doc.pages.iter().enumerate() {
            let running: Vec<&TextLine> =
                text_lines(p).filter(|t| matches!(t.role, Role::Body | Role::Label | Role::Table)).collect();
            let captions =
                squeeze(&text_lines(p).filter(|t| t.role == Role::Caption).map(|t| t.text()).collect::<String>());
            for im in p.items.iter().filter_map(|it| if let Item::Image(im) = it { Some(im) } else { None }) {
                let above = running.iter().any(|t| t.origin.y.0 < im.rect.y.0);
                let below = running.iter().any(|t| t.origin.y.0 - t.size.0 > im.rect.bottom().0);
                if above && below {
                    faults.push(format!("{what} {kind:?} page {}: a figure between lines of text", i + 1));
                }
                let Some(f) = figures.iter().find(|f| Some(&f.image.span) == im.source.as_ref()) else { continue };
                // A caption or words too long to share a page with the image run on
                // from under it: their start is on its page.
                for w in [f.caption.as_ref(), f.text.first()].into_iter().flatten().map(|t| squeeze(&t.value)) {
                    let start: String = w.chars().take(8).collect();
                    if !captions.contains(&start) {
                        faults.push(format!("{what} {kind:?} page {}: {start}… is not with its figure", i + 1));
                    }
                }
            }
        }
        // Make-up: a page ends on its last grid line unless a keep rule ended it
        // (the paginator names the rule on the page; the report counts them).
        let lf = l.grid.line_feed;
        let mut short_by: std::collections::BTreeMap<&str, usize> = Default::default();
        for (i, p) in doc.pages.iter().enumerate() {
            if p.kind != PageKind::Body {
                continue;
            }
            let lowest = p
                .items
                .iter()
                .filter_map(|it| match it {
                    Item::Text(t) if t.role != Role::Folio => Some(t.origin.y.0),
                    Item::Image(im) => Some(im.rect.bottom().0),
                    _ => None,
                })
                .reduce(f64::max);
            let Some(lowest) = lowest else { continue };
            // The last grid line's baseline is within one line feed of the block's foot.
            let short = p.block.bottom().0 - lowest > lf + 0.5;
            match (short, p.short_by) {
                (true, None) => faults.push(format!("{what} {kind:?} page {}: ends short with no keep rule", i + 1)),
                (true, Some(rule)) => {
                    if std::env::var_os("SASSHI_MAKEUP_PAGES").is_some() {
                        eprintln!(
                            "{what} {kind:?} p{}: {:.1} lines short ({})",
                            i + 1,
                            (p.block.bottom().0 - lowest) / lf - 1.0,
                            rule.name()
                        );
                    }
                    *short_by.entry(rule.name()).or_default() += 1
                }
                _ => {}
            }
        }
        if std::env::var_os("SASSHI_MAKEUP_REPORT").is_some() {
            eprintln!("{what} {kind:?}: pages ending short, by rule: {short_by:?}");
        }
        assert!(faults.is_empty(), "{} faults:\n{}", faults.len(), faults.join("\n"));
    }

    // Every entry text, in reading order, in the booklet's PDF text.
    let booklet = r.frames(DocumentKind::Booklet);
    let pdf: String = page_texts(r.bytes(DocumentKind::Booklet))
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = squeeze(p);
            let folio = (i + 1).to_string();
            match booklet.pages[i].kind {
                PageKind::Body => t.strip_suffix(&folio).map(str::to_string).unwrap_or(t),
                _ => t,
            }
        })
        .collect();
    if let Err(e) = check_entry_text_in_order(&pdf, &loaded) {
        panic!("{what}: {e}");
    }
    // The programme's items and people in programme.pdf.
    let programme = squeeze(&page_texts(r.bytes(DocumentKind::Programme)).concat());
    for item in &loaded.edition.programme.items {
        assert!(programme.contains(&squeeze(&item.title.value)), "{what}: programme item {}", item.title.value);
        for person in &item.people {
            assert!(programme.contains(&squeeze(&person.name.value)), "{what}: {}", person.name.value);
        }
    }
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
