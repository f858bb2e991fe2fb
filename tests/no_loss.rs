//! The no-loss property: for random editions — paragraphs, labelled items,
//! sub-headings and tables of kana, kanji, Latin words, digits and punctuation,
//! one to five winners — the text extracted from the booklet PDF holds every
//! entry text, whole and in order. (The fuzz target fuzz/fuzz_targets/paginate.rs
//! drives the same paginator with arbitrary input.)
//!
//! Whitespace is not compared: the layout turns spaces into positions. The PDF's
//! text is first checked against the frames page by page (the writer loses
//! nothing); the folios — page numbers, which fall inside a paragraph continued
//! over a page break — are then left out.

use sasshi::layout::DocumentKind;
mod common;
use common::{page_texts, root, squeeze};
use proptest::prelude::*;
use sasshi::frame::{Item, Role};
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Clone)]
enum Block {
    Paragraph(String),
    Item(String, String),
    Heading(String),
    Table(Vec<Vec<String>>),
}

#[derive(Debug, Clone)]
struct Winner {
    name: String,
    reading: String,
    award: usize,
    overview: Option<String>,
    sections: Vec<Vec<Block>>,
}

const KANJI: &[&str] = &[
    "日", "本", "語", "文", "字", "組", "版", "東", "京", "都", "港", "区", "会", "社", "実", "施", "推", "進", "部",
    "賞", "審", "査", "委", "員", "長", "年", "月", "時", "間", "場", "所", "働", "方", "改", "革", "在", "宅", "勤",
    "務", "業", "情", "報", "通", "信", "技", "術", "最", "新", "高", "齢", "者", "育", "児", "介", "護",
];
const PUNCTUATION: &[&str] = &["、", "。", "「", "」", "（", "）", "・", "ー", "！", "？", "：", "／"];
const AWARDS: &[&str] = &["会長賞", "奨励賞"];
const LABELS: &[&str] = &["(1)", "(2)", "①", "・", "◇", "■", "※", "１．"];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[ぁ-ん]{1,8}",
        2 => "[ァ-ン]{1,6}",
        3 => proptest::collection::vec(proptest::sample::select(KANJI), 1..5).prop_map(|v| v.concat()),
        1 => "[A-Za-z]{1,10}( [A-Za-z]{1,8}){0,3}",
        1 => "[0-9]{1,6}",
        1 => "[０-９]{1,3}",
        2 => proptest::sample::select(PUNCTUATION).prop_map(str::to_string),
    ]
}

/// A text of 1 to `max` pieces (a few to a few hundred characters).
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 1..max)
        .prop_map(|v| v.concat())
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        4 => prop_oneof![3 => text(40), 1 => text(200)].prop_map(Block::Paragraph),
        2 => (proptest::sample::select(LABELS), text(30)).prop_map(|(l, t)| Block::Item(l.to_string(), t)),
        1 => text(6).prop_map(Block::Heading),
        1 => (1usize..5, 1usize..5)
            .prop_flat_map(|(cols, rows)| proptest::collection::vec(proptest::collection::vec(text(6), cols), rows))
            .prop_map(Block::Table),
    ]
}

fn winner() -> impl Strategy<Value = Winner> {
    (
        text(5),
        "[ぁ-ん]{1,8}",
        0usize..2,
        proptest::option::of(text(30)),
        proptest::collection::vec(proptest::collection::vec(block(), 1..4), 0..3),
    )
        .prop_map(|(name, reading, award, overview, sections)| Winner { name, reading, award, overview, sections })
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_blocks(out: &mut String, table: &str, blocks: &[Block]) {
    for b in blocks {
        let _ = writeln!(out, "  [[{table}]]");
        match b {
            Block::Paragraph(t) => {
                let _ = writeln!(out, "  p = {}", quote(t));
            }
            Block::Item(l, t) => {
                let _ = writeln!(out, "  label = {}\n  item = {}", quote(l), quote(t));
            }
            Block::Heading(t) => {
                let _ = writeln!(out, "  heading = {}", quote(t));
            }
            Block::Table(rows) => {
                let rows: Vec<String> = rows
                    .iter()
                    .map(|r| format!("[{}]", r.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")))
                    .collect();
                let _ = writeln!(out, "  table.rows = [{}]", rows.join(", "));
            }
        }
    }
}

fn block_texts(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph(t) | Block::Heading(t) => out.push(t.clone()),
            Block::Item(l, t) => {
                out.push(l.clone());
                out.push(t.clone());
            }
            Block::Table(rows) => out.extend(rows.iter().flatten().cloned()),
        }
    }
}

/// Write the edition; return its folder and the entry texts in printed order.
fn write_edition(intro: &[Block], winners: &[Winner]) -> (PathBuf, Vec<String>) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-loss").join(n.to_string()).join("2000-01");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("winners")).unwrap();

    let base = std::fs::read_to_string(root().join("tests/fixtures/base/edition.toml")).unwrap();
    let old_intro = "  [[introduction.content]]\n  p = \"これはテストのための回です。\"\n";
    assert!(base.contains(old_intro));
    let mut new_intro = String::new();
    write_blocks(&mut new_intro, "introduction.content", intro);
    std::fs::write(dir.join("edition.toml"), base.replace(old_intro, &new_intro)).unwrap();

    let mut expected = Vec::new();
    block_texts(intro, &mut expected);
    // Printed order: award level, then reading in 五十音順 (JIS X 4061), then id.
    let mut order: Vec<usize> = (0..winners.len()).collect();
    order.sort_by(|&a, &b| {
        winners[a]
            .award
            .cmp(&winners[b].award)
            .then_with(|| sasshi::model::collation::compare_readings(&winners[a].reading, &winners[b].reading))
            .then_with(|| format!("w{a}").cmp(&format!("w{b}")))
    });
    for (i, w) in winners.iter().enumerate() {
        let mut s = format!(
            "id = \"w{i}\"\ncategory = \"I\"\naward = {}\nname = {}\nreading = {}\n",
            quote(AWARDS[w.award]),
            // Names are made distinct: two winners of one name are an error.
            quote(&format!("{}{i}", w.name)),
            quote(&w.reading)
        );
        if let Some(o) = &w.overview {
            let _ = writeln!(s, "overview = {}", quote(o));
        }
        for (k, section) in w.sections.iter().enumerate() {
            let _ = writeln!(s, "[[section]]\nnumber = {}", k + 1);
            write_blocks(&mut s, "section.content", section);
        }
        std::fs::write(dir.join(format!("winners/w{i}.toml")), s).unwrap();
    }
    for &i in &order {
        let w = &winners[i];
        expected.push(format!("{}{i}", w.name));
        expected.extend(w.overview.clone());
        for section in &w.sections {
            block_texts(section, &mut expected);
        }
    }
    (dir, expected)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_entry_text_is_in_the_pdf_whole_and_in_order(
        intro in proptest::collection::vec(block(), 1..3),
        winners in proptest::collection::vec(winner(), 1..=5),
    ) {
        let (dir, expected) = write_edition(&intro, &winners);
        let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
        let out = sasshi::render(&dir, &options);
        let diagnostics = out.diags.render(&out.sources, "en");
        let r = out.result.ok_or_else(|| TestCaseError::fail(format!("not built:\n{diagnostics}")))?;
        // (A run of Latin words wider than a narrow table column is broken at the
        // measure with a warning; but nothing may leave the text block.)
        prop_assert!(!out.diags.items.iter().any(|d| d.message.key == "robust.outside_block"), "{}", diagnostics);

        // The PDF holds exactly the frames' text, page by page…
        let pdf = page_texts(r.bytes(DocumentKind::Booklet));
        let frames = r.frames(DocumentKind::Booklet);
        prop_assert_eq!(pdf.len(), frames.pages.len());
        let mut printed = String::new();
        for (i, (text, page)) in pdf.iter().zip(&frames.pages).enumerate() {
            let lines: Vec<&sasshi::frame::TextLine> =
                page.items.iter().filter_map(|it| if let Item::Text(t) = it { Some(t) } else { None }).collect();
            let all: String = lines.iter().map(|t| t.text()).collect();
            prop_assert_eq!(squeeze(text), squeeze(&all), "page {}", i + 1);
            // …and, without the folios, every entry text in order.
            for t in lines.iter().filter(|t| t.role != Role::Folio) {
                printed.push_str(&squeeze(&t.text()));
            }
        }
        let mut at = 0;
        for e in &expected {
            let e = squeeze(e);
            match printed[at..].find(&e) {
                Some(i) => at += i + e.len(),
                None => return Err(TestCaseError::fail(format!(
                    "{e:?} is not in the booklet after byte {at}; the booklet reads:\n{printed}"
                ))),
            }
        }
        let _ = std::fs::remove_dir_all(dir.parent().unwrap());
    }
}
