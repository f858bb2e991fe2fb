//! Properties of the whole 2006 booklet, checked on the frames (what the PDF
//! writer draws): structure, pagination rules, kinsoku and flush lines.

use sasshi::layout::DocumentKind;
use sasshi::model::layout::{BlankAfterDivider, PageSide};
mod common;
use common::*;
use sasshi::frame::{Item, PageKind, Role, TextLine};
use sasshi::text::Kinsoku;
use sasshi::text::classes::{not_at_line_end, not_at_line_start};

fn text_lines(page: &sasshi::frame::Page) -> impl Iterator<Item = &TextLine> {
    page.items.iter().filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
}

#[test]
fn the_2006_edition_has_19_winners_by_category_and_award() {
    let loaded = sasshi::check(&edition_2006(), &Default::default()).result.expect("loads without diagnostics");
    let count = |cat: &str, award: Option<&str>| {
        loaded.winners.iter().filter(|w| w.category.value == cat && award.is_none_or(|a| w.award.value == a)).count()
    };
    assert_eq!(loaded.winners.len(), 19);
    assert_eq!(
        (count("I", None), count("I", Some("会長賞")), count("I", Some("優秀賞")), count("I", Some("奨励賞"))),
        (9, 1, 4, 4)
    );
    assert_eq!(
        (count("II", None), count("II", Some("会長賞")), count("II", Some("優秀賞")), count("II", Some("奨励賞"))),
        (9, 2, 1, 6)
    );
    assert_eq!(count("III", None), 1);
}

/// Its only remarks are the notes on its half-width katakana, printed
/// full-width (issue #26): ﾛｯｶｰ in fujitsu-bs and a stray ﾞ in 高知県's
/// overview (its diagrams' words are printed as the pictures have them).
#[test]
fn the_2006_edition_loads_without_any_diagnostic_but_its_halfwidth_kana_notes() {
    let out = sasshi::check(&edition_2006(), &Default::default());
    let shown = out.diags.render(&out.sources, "en");
    assert!(out.diags.items.iter().all(|d| d.message.key == "paste.halfwidth_kana"), "{shown}");
    assert_eq!(out.diags.items.len(), 2, "{shown}");
}

#[test]
fn winners_within_an_award_follow_the_reading_order() {
    let loaded = sasshi::check(&edition_2006(), &Default::default()).result.unwrap();
    for pair in loaded.winners.windows(2) {
        if pair[0].category.value == pair[1].category.value && pair[0].award.value == pair[1].award.value {
            assert!(
                pair[0].reading.value <= pair[1].reading.value,
                "{} before {}",
                pair[0].name.value,
                pair[1].name.value
            );
        }
    }
    // The seed's list order within 優秀賞 of Ⅰ.
    let names: Vec<&str> = loaded
        .winners
        .iter()
        .filter(|w| w.category.value == "I" && w.award.value == "優秀賞")
        .map(|w| w.id.value.as_str())
        .collect();
    assert_eq!(names, ["ntt-it", "nttdata", "orix", "fujitsu-bs"]);
}

#[test]
fn booklet_page_count_is_the_printed_96_to_102_and_even() {
    let n = rendered().frames(DocumentKind::Booklet).pages.len();
    assert!((96..=102).contains(&n), "{n} pages (the printed booklet: 98)");
    assert_eq!(n % 2, 0);
}

/// The a4 layout's structure, as printed in 2006 (the seed's （白紙） markers):
/// dividers on the next page; a 白紙 after each divider of category I and
/// nowhere else, the first profile right after the other dividers; the front
/// matter a page per section, and the programme as page 1.
#[test]
fn dividers_and_blank_pages_follow_the_a4_structure_of_2006() {
    let loaded = sasshi::check(&edition_2006(), &Default::default()).result.unwrap();
    let s = &loaded.layout.structure;
    assert_eq!(
        (s.divider_page, &s.blank_after_divider, s.first_profile_page, s.profile_page, s.front_matter_page_per_section),
        (PageSide::Any, &BlankAfterDivider::Categories(vec!["I".to_string()]), PageSide::Any, PageSide::Any, true),
        "the a4 layout's structure"
    );
    let doc = rendered().frames(DocumentKind::Booklet);
    let pages = &doc.pages;
    // The outline: profiles › category › award (on its divider page) › winners.
    let numeral_of_i = &loaded.edition.categories.iter().find(|c| c.id.value == "I").unwrap().numeral.value;
    let profiles = doc.outline.iter().find(|o| !o.children.is_empty()).expect("the profiles' bookmark");
    let mut expected_blanks = Vec::new();
    let mut dividers = 0;
    for category in &profiles.children {
        for award in &category.children {
            let d = award.page;
            assert_eq!(pages[d].kind, PageKind::Divider, "{}: its bookmark is on its divider", award.title);
            dividers += 1;
            let first_profile = award.children[0].page;
            if category.title.starts_with(numeral_of_i.as_str()) {
                assert_eq!(pages[d + 1].kind, PageKind::Blank, "the divider of {} has a blank back", award.title);
                expected_blanks.push(d + 2);
                assert_eq!(first_profile, d + 2);
            } else {
                assert_eq!(first_profile, d + 1, "{} › {}: its first profile follows it", category.title, award.title);
            }
        }
    }
    assert_eq!(dividers, 7, "one divider per category and award");
    let blanks: Vec<usize> = pages[..pages.len() - doc.padding]
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Blank)
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(blanks, expected_blanks, "blank pages only behind the dividers of category I");
    let starts: Vec<usize> = doc.outline.iter().take(5).map(|o| o.page + 1).collect();
    assert_eq!(starts, [1, 2, 3, 4, 5], "programme, はじめに, 応募要項, 審査 and the winners list each open a page");
}

/// The printed 2006 booklet's page numbers, as the seed shows them: NTTデータ's
/// profile on page 22 and 沖ワークウェル's on page 85; ours within one page.
#[test]
fn profiles_start_within_one_page_of_the_printed_page_numbers() {
    fn find(items: &[sasshi::frame::OutlineItem], title: &str) -> Option<usize> {
        items.iter().find_map(|o| if o.title == title { Some(o.page + 1) } else { find(&o.children, title) })
    }
    let outline = &rendered().frames(DocumentKind::Booklet).outline;
    for (title, printed) in [("株式会社NTTデータ", 22), ("株式会社沖ワークウェル", 85)] {
        let page = find(outline, title).expect(title);
        assert!(page.abs_diff(printed) <= 1, "{title}: page {page}, printed on {printed}");
    }
}

#[test]
fn folios_only_on_body_pages() {
    for (i, p) in rendered().frames(DocumentKind::Booklet).pages.iter().enumerate() {
        let folios: Vec<String> = text_lines(p).filter(|t| t.role == Role::Folio).map(|t| t.text()).collect();
        if p.kind == PageKind::Body {
            assert_eq!(folios, vec![(i + 1).to_string()], "page {}", i + 1);
        } else {
            assert!(folios.is_empty(), "page {} ({:?}) has a folio", i + 1, p.kind);
        }
    }
}

#[test]
fn no_heading_ends_a_page() {
    for (i, p) in rendered().frames(DocumentKind::Booklet).pages.iter().enumerate() {
        if p.kind != PageKind::Body || i < 2 {
            continue;
        }
        let last = text_lines(p).filter(|t| t.role != Role::Folio).max_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0));
        if let Some(t) = last {
            assert_ne!(t.role, Role::Heading, "page {} ends with the heading {:?}", i + 1, t.text());
        }
    }
}

#[test]
fn no_paragraph_leaves_a_lone_line_at_a_page_top_or_bottom() {
    let pages = &rendered().frames(DocumentKind::Booklet).pages;
    // Body lines of each page, grouped by the entry text they come from.
    let groups = |p: &sasshi::frame::Page| {
        let mut g: Vec<(Option<sasshi::diag::Span>, usize)> = Vec::new();
        let mut lines: Vec<&TextLine> = text_lines(p).filter(|t| t.role == Role::Body).collect();
        lines.sort_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0).then(a.origin.x.0.total_cmp(&b.origin.x.0)));
        for t in lines {
            match g.last_mut() {
                Some((s, n)) if *s == t.source => *n += 1,
                _ => g.push((t.source.clone(), 1)),
            }
        }
        g
    };
    for i in 2..pages.len().saturating_sub(1) {
        let (a, b) = (groups(&pages[i]), groups(&pages[i + 1]));
        if let (Some((sa @ Some(_), na)), Some((sb, nb))) = (a.last(), b.first())
            && sa == sb
        {
            assert!(*na >= 2 && *nb >= 2, "paragraph split {na}/{nb} between pages {} and {}", i + 1, i + 2);
        }
    }
}

#[test]
fn nothing_is_drawn_outside_the_text_block_but_folios() {
    let tol = 0.5;
    for (i, p) in rendered().frames(DocumentKind::Booklet).pages.iter().enumerate() {
        if p.kind == PageKind::Cover {
            continue;
        }
        let b = p.block;
        for item in &p.items {
            match item {
                Item::Text(t) if t.role == Role::Folio => {}
                Item::Text(t) => {
                    let top = t.origin.y.0 - t.size.0 * 0.88;
                    let inside = t.origin.x.0 >= b.x.0 - tol
                        && t.content_end.0 <= b.right().0 + tol
                        && top >= b.y.0 - tol
                        && t.origin.y.0 <= b.bottom().0 + tol;
                    assert!(inside, "page {}: {:?} outside the text block", i + 1, t.text());
                }
                Item::Rule(r) => {
                    assert!(r.from.x.0 >= b.x.0 - tol && r.to.x.0 <= b.right().0 + tol, "page {}: rule outside", i + 1);
                    assert!(
                        r.from.y.0 >= b.y.0 - tol && r.to.y.0 <= b.bottom().0 + tol,
                        "page {}: rule outside",
                        i + 1
                    );
                }
                Item::Image(im) => {
                    assert!(b.contains(&im.rect, sasshi::units::Pt(tol)), "page {}: image outside", i + 1)
                }
                Item::Fill(f) => assert!(b.contains(&f.rect, sasshi::units::Pt(tol)), "page {}: fill outside", i + 1),
                Item::Vertical(v) => {
                    assert!(b.contains(&v.bounds(), sasshi::units::Pt(tol)), "page {}: vertical text outside", i + 1)
                }
            }
        }
    }
}

#[test]
fn no_table_cell_overflows_its_column() {
    for (i, p) in rendered().frames(DocumentKind::Booklet).pages.iter().enumerate() {
        for t in text_lines(p).filter(|t| t.role == Role::Table) {
            assert!(
                t.content_end.0 <= t.measure_end.0 + 0.05,
                "page {}: cell text {:?} overflows by {:.2} pt",
                i + 1,
                t.text(),
                t.content_end.0 - t.measure_end.0
            );
        }
    }
}

#[test]
fn no_kinsoku_violation_in_the_whole_booklet() {
    let mut violations = Vec::new();
    for (i, p) in rendered().frames(DocumentKind::Booklet).pages.iter().enumerate() {
        for t in text_lines(p).filter(|t| matches!(t.role, Role::Body | Role::Table | Role::Caption)) {
            let text = t.text();
            let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else { continue };
            if not_at_line_start(first, Kinsoku::VeryStrict) && !is_paragraph_start(t) {
                violations.push(format!("page {}: starts with {first}: {text}", i + 1));
            }
            if not_at_line_end(last, Kinsoku::VeryStrict) {
                violations.push(format!("page {}: ends with {last}: {text}", i + 1));
            }
        }
    }
    assert!(violations.is_empty(), "{} violations:\n{}", violations.len(), violations.join("\n"));
}

/// A line that starts its paragraph may begin with anything the author typed.
fn is_paragraph_start(t: &TextLine) -> bool {
    (t.role == Role::Caption && t.para_start) || t.glyphs.first().is_some_and(|g| g.x.0 > 0.0) && !t.justified
}

#[test]
fn every_justified_body_line_is_flush_at_both_edges() {
    let mut ragged = Vec::new();
    for (i, p) in rendered().frames(DocumentKind::Booklet).pages.iter().enumerate() {
        for t in text_lines(p).filter(|t| t.justified && t.role == Role::Body) {
            let off = t.content_end.0 - t.measure_end.0;
            if off.abs() > 0.05 {
                ragged.push(format!("page {}: {off:+.3} pt: {}", i + 1, t.text()));
            }
        }
    }
    assert!(ragged.is_empty(), "{} lines not flush:\n{}", ragged.len(), ragged.join("\n"));
}

#[test]
fn benesse_ward_comes_from_one_field_for_the_list_and_the_divider() {
    let doc = rendered().frames(DocumentKind::Booklet);
    let listed = "株式会社ベネッセ次世代育成研究所（千代田区）";
    let mut on = Vec::new();
    for (i, p) in doc.pages.iter().enumerate() {
        let text: String = text_lines(p).map(|t| t.text()).collect::<Vec<_>>().join("\n");
        if text.contains(listed) {
            on.push(p.kind);
        }
        assert!(!text.contains("ベネッセ次世代育成研究所（中央区）"), "page {} prints the other ward", i + 1);
    }
    assert!(on.contains(&PageKind::Body), "not in the winners list");
    assert!(on.contains(&PageKind::Divider), "not on its divider");
}

#[test]
fn every_entry_text_round_trips_through_the_pdf_in_reading_order() {
    // The PDF's text, decoded through its ToUnicode maps, whitespace removed.
    // Folios are drawn last on a page: take them off, they are layout, not text.
    let pdf: String = page_texts(rendered().bytes(DocumentKind::Booklet))
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = squeeze(p);
            let folio = (i + 1).to_string();
            match rendered().frames(DocumentKind::Booklet).pages[i].kind {
                PageKind::Body => t.strip_suffix(&folio).map(str::to_string).unwrap_or(t),
                _ => t,
            }
        })
        .collect();
    let loaded = sasshi::check(&edition_2006(), &Default::default()).result.unwrap();
    let checked = check_entry_text_in_order(&pdf, &loaded).unwrap_or_else(|e| panic!("{e}"));
    assert!(checked > 1500, "{checked}");
}

/// 五十音順 by JIS X 4061, not code points: ビーンズ印刷 (katakana) before
/// ひまわり調剤薬局, voiced after unvoiced only as a tie-break.
#[test]
fn winners_are_listed_in_gojuon_order_whatever_the_kana_of_their_reading() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gojuon/2000-01");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/base"), &dir);
    for (id, name, reading) in [
        ("himawari", "ひまわり調剤薬局", "ひまわりちょうざいやっきょく"),
        ("beans", "ビーンズ印刷", "ビーンズインサツ"),
        ("hana", "はな工房", "はなこうぼう"),
        ("bana", "バナ商会", "ばなしょうかい"),
    ] {
        let winner = format!(
            "id = \"{id}\"\ncategory = \"I\"\naward = \"奨励賞\"\nname = \"{name}\"\nreading = \"{reading}\"\n"
        );
        std::fs::write(dir.join(format!("winners/{id}.toml")), winner).unwrap();
    }
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let loaded = sasshi::check(&dir, &options).result.expect("loads");
    let order: Vec<&str> =
        loaded.winners.iter().filter(|w| w.award.value == "奨励賞").map(|w| w.id.value.as_str()).collect();
    assert_eq!(order, ["hana", "bana", "beans", "himawari"]);
}
