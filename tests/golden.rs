//! Golden frame dumps: small cases of each block kind (built with the kit in the
//! a4 layout's styles) and each document recipe (on the small edition in
//! tests/fixtures/base), dumped as text — one item per line, positions to 1/100
//! pt — and compared with tests/golden/<case>.txt. A change to these files is a
//! change to what is printed: read the diff before accepting it with
//! UPDATE_GOLDEN=1 cargo test --test golden

mod common;
use common::*;
use sasshi::diag::{Diagnostics, SourceMap, Span};
use sasshi::frame::Document;
use sasshi::layout::kit::blocks::{self, Kit};
use sasshi::layout::kit::compose::Composer;
use sasshi::layout::kit::flow::{Flow, Paginator};
use sasshi::layout::{DocumentKind, Geometry};
use sasshi::model::content::{Figure, TableBlock};
use sasshi::model::style::StyleName;
use sasshi::model::{Block, Text};

fn base() -> (sasshi::model::Loaded, SourceMap) {
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let out = sasshi::check(&root().join("tests/fixtures/base"), &options);
    (out.result.expect("the base fixture loads"), out.sources)
}

fn compare(name: &str, dump: &str, failures: &mut Vec<String>) {
    let path = root().join("tests/golden").join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, dump).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != dump {
        failures.push(format!("{name}: differs from tests/golden/{name}.txt (UPDATE_GOLDEN=1 after reading the diff)"));
    }
}

/// The flow `make` gives with the kit of the a4 layout, paginated on its grid;
/// composing it must report no error.
fn paginated(
    loaded: &sasshi::model::Loaded,
    sources: &SourceMap,
    name: &str,
    make: impl FnOnce(&mut Composer, &Kit, &mut Vec<Flow>),
) -> Document {
    let mut diags = Diagnostics::default();
    let geo = Geometry::new(&loaded.layout);
    let kit = Kit::new(&geo, loaded);
    let mut flow = Vec::new();
    let mut c = Composer::new(loaded.layout.composition.clone(), sources, &mut diags);
    make(&mut c, &kit, &mut flow);
    assert!(!diags.has_errors(), "{name}: {}", diags.render(sources, "en"));
    let (pages, _, _) = Paginator::new(&geo, loaded.layout.grid.lines_per_page as usize, Vec::new()).run(flow);
    Document { meta: sasshi::layout::meta(loaded, name), pages, outline: Vec::new(), padding: 0 }
}

/// Blocks of each kind, alone on a page of the a4 grid.
#[test]
fn each_block_kind_matches_its_golden_dump() {
    let (loaded, sources) = base();
    let span: Span = loaded.edition.title.span.clone();
    let t = |s: &str| Text { value: s.to_string(), span: span.clone() };
    let para = "テレワークは、情報通信技術を活用した、場所と時間にとらわれない柔軟な働き方です。\
                本賞は、その普及に貢献した企業・団体・個人を表彰するものです。";
    let cases: Vec<(&str, Vec<Block>)> = vec![
        (
            "block_paragraph",
            vec![
                Block::Paragraph { text: t(para), level: 0, indent: true },
                Block::Paragraph { text: t(para), level: 1, indent: false },
            ],
        ),
        (
            "block_item",
            vec![
                Block::Item { label: t("(1)"), text: t(para), level: 1 },
                Block::Item { label: t("①"), text: t(para), level: 2 },
                Block::Item { label: t("2005年4月～"), text: t(para), level: 1 },
            ],
        ),
        (
            "block_subheading",
            vec![
                Block::Heading { text: t("＜承認方法＞") },
                Block::Paragraph { text: t(para), level: 0, indent: true },
            ],
        ),
        (
            "block_table",
            vec![Block::Table(TableBlock {
                caption: Some(t("表１　導入の経過")),
                header: vec![t("年度"), t("利用者"), t("備考")],
                rows: vec![
                    vec![t("2004"), t("57名"), t("試行")],
                    vec![t("2005"), t("1,200名"), t("全社に拡大し、在宅勤務とモバイルワークを組み合わせた")],
                ],
                widths: Vec::new(),
            })],
        ),
        (
            "block_figure",
            vec![Block::Figure(Figure {
                image: t("images/sample.png"),
                caption: Some(t("写真１　在宅勤務の様子")),
                text: vec![t("本社"), t("サテライトオフィス")],
                alt: None,
                width: None,
            })],
        ),
    ];
    let mut failures = Vec::new();
    for (name, content) in cases {
        let doc = paginated(&loaded, &sources, name, |c, kit, flow| blocks::blocks(c, kit, &content, flow));
        compare(name, &doc.dump(), &mut failures);
    }
    // Headings in each of their styles.
    let doc = paginated(&loaded, &sources, "headings", |c, kit, flow| {
        for (text, style) in [
            ("はじめに", StyleName::OpeningTitle),
            ("1.応募要項", StyleName::PartTitle),
            ("■審査委員会", StyleName::Heading),
            ("Ⅰ　実施の部", StyleName::Subheading),
        ] {
            flow.extend(blocks::heading(c, kit, text, Some(&span), style));
            flow.push(blocks::paragraph(c, kit, &t(para), StyleName::Paragraph, 0, true));
        }
    });
    compare("block_headings", &doc.dump(), &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each document recipe on the small edition.
#[test]
fn each_recipe_matches_its_golden_dump() {
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let out = sasshi::render(&root().join("tests/fixtures/base"), &options);
    let r = out.result.expect("the base fixture builds");
    let mut failures = Vec::new();
    for (name, kind) in [
        ("recipe_booklet", DocumentKind::Booklet),
        ("recipe_programme", DocumentKind::Programme),
        ("recipe_cover", DocumentKind::Cover),
    ] {
        compare(name, &r.frames(kind).dump(), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
