//! Extreme lines (JLREQ §3.1.10, §3.8): stress paragraphs of our own — URLs, long
//! Latin words, runs of small kana and ー, ・ chains, numbers with units and
//! separators, full-width and half-width mixed — composed at 17, 23, 37 and 40 em
//! through the layout's composer. No character is lost; no justified line opens a
//! gap wider than ½ em between two characters without a warning at its text.

mod common;
use common::*;
use sasshi::diag::{Diagnostics, SourceMap};
use sasshi::font::FontId;
use sasshi::layout::DocumentKind;
use sasshi::layout::kit::compose::{Composer, SetLines};
use sasshi::model::layout::Composition;
use sasshi::text::{Align, Shape};

const SIZE: f64 = 10.5;

/// The stress paragraphs: each a hard case for a line breaker.
const STRESS: &[&str] = &[
    "詳しくはhttps://www.example.co.jp/telework/2006/award/winners/profile-detail-page.htmlをご覧ください。応募書類はhttp://www.japan-telework.or.jp/commend/index.htmlから入手できます。",
    "社内システムはSupercalifragilisticexpialidociousEnterpriseServiceBusAdapterと呼ばれ、Pneumonoultramicroscopicsilicovolcanoconiosisのような長い語も折り返します。",
    "ショッピングッッッッッッーーーーーーーーーーぁぃぅぇぉゃゅょゎっァィゥェォャュョヮッーーーーーーーーーのような小書きの仮名と長音の連続が行頭に来ないようにします。",
    "東京・大阪・名古屋・札幌・仙台・広島・福岡・那覇・金沢・新潟・静岡・岡山・熊本・鹿児島・高松・松山・高知・徳島の各拠点で実施しました。",
    "対象者は3,101名、実施率は12.5%、通信速度は100Mbps、面積は1,234.5㎡、費用は約3,000万円（15%）、期間は2004年6月30日から2006年12月13日まで。",
    "ＷＥＢ会議とWeb会議、ＩＰ電話とIP電話、ＮＰＯとNPO、ＳＯＨＯとSOHO、ＯＪＴとOJTを全角と半角で混ぜて書いた文章でも、行の長さがそろうことを確かめます。",
];

fn compose(text: &str, ems: f64) -> (SetLines, Diagnostics) {
    let sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let set = {
        let mut c = Composer::new(Composition::default(), &sources, &mut diags);
        let shape = Shape { measure: ems * SIZE, first_indent: SIZE, rest_indent: 0.0 };
        c.set_str(text, None, FontId::Mincho, SIZE, shape, Align::Justify)
    };
    (set, diags)
}

/// The widest space between two neighbouring glyphs of a line, beyond their
/// advances, in ems of `size`.
fn widest_gap(glyphs: &[sasshi::frame::Glyph], size: f64) -> f64 {
    glyphs.windows(2).map(|w| (w[1].x.0 - (w[0].x.0 + w[0].advance.0)) / size).fold(0.0, f64::max)
}

fn advances(glyphs: &[sasshi::frame::Glyph]) -> f64 {
    glyphs.iter().map(|g| g.advance.0).sum()
}

/// At every measure: no character lost; a line wider-spaced than ½ em only where
/// the next line opens with a Latin run that could not join it (it is wider than
/// the room the line had left).
#[test]
fn stress_paragraphs_lose_no_character_and_open_wide_gaps_only_before_an_unbreakable_latin_run() {
    let mut report = Vec::new();
    let mut faults = Vec::new();
    for ems in [17.0, 23.0, 37.0, 40.0] {
        for text in STRESS {
            let (set, _) = compose(text, ems);
            // An added hyphen (`text::hyphenate`) is no character of the text.
            let source = |l: &sasshi::layout::kit::compose::SetLine| l.glyphs.len() - usize::from(l.hyphenated);
            let got: String =
                set.lines.iter().flat_map(|l| l.glyphs[..source(l)].iter().map(|g| g.text.as_str())).collect();
            let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let got: String = got.chars().filter(|c| !c.is_whitespace()).collect();
            if got != want {
                faults.push(format!("{ems} em: characters lost or changed:\n  want {want}\n  got  {got}"));
            }
            for (i, l) in set.lines.iter().enumerate() {
                let gap = widest_gap(&l.glyphs, SIZE);
                let line: String = l.glyphs.iter().map(|g| g.text.as_str()).collect();
                report.push(format!("{ems:>4} em  line {i:>2}  widest gap {gap:.2} em  {line}"));
                if !l.justified || gap <= 0.5 + 1e-6 {
                    continue;
                }
                let next = &set.lines[i + 1].glyphs;
                let run = next.iter().take_while(|g| g.text.chars().all(|c| c.is_ascii_alphanumeric())).count();
                let room = l.measure - if i == 0 { SIZE } else { 0.0 } - advances(&l.glyphs);
                if run == 0 || advances(&next[..run]) <= room {
                    faults
                        .push(format!("{ems} em: a gap of {gap:.2} em that a better break would have avoided: {line}"));
                }
            }
        }
    }
    println!("{}", report.join("\n"));
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Through a whole build in every shipped layout: the stress paragraphs added to
/// a fictional edition come out whole in reading order, and every justified line
/// spaced wider than ½ em is reported with its page.
#[test]
fn every_line_spaced_wider_than_half_an_em_is_reported_with_its_page() {
    let dir = std::env::temp_dir().join(format!("sasshi-extreme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/edition-c"), &dir);
    let file = dir.join("winners/tsubasa-koko.toml");
    let mut toml = std::fs::read_to_string(&file).unwrap();
    toml.push_str("\n[[section]]\nnumber = 4\n");
    for text in STRESS {
        toml.push_str(&format!("\n  [[section.content]]\n  p = \"{text}\"\n"));
    }
    std::fs::write(&file, toml).unwrap();
    for layout in ["a4", "b5", "a5"] {
        let options =
            sasshi::Options { layout: Some(root().join(format!("layouts/{layout}.toml"))), ..Default::default() };
        let out = sasshi::render(&dir, &options);
        assert!(!out.diags.has_errors(), "{layout}: {}", out.diags.render(&out.sources, "en"));
        let warnings = out.diags.render(&out.sources, "en");
        let r = out.result.expect("rendered");
        let loaded = sasshi::check(&dir, &options).result.expect("loads");
        let pdf: String = page_texts(r.bytes(DocumentKind::Booklet)).iter().map(|p| squeeze(p)).collect();
        if let Err(e) = check_entry_text_in_order(&pdf, &loaded) {
            panic!("{layout}: {e}");
        }
        let mut loose = 0;
        for (i, p) in r.frames(DocumentKind::Booklet).pages.iter().enumerate() {
            for t in p.items.iter().filter_map(|it| if let sasshi::frame::Item::Text(t) = it { Some(t) } else { None })
            {
                if t.justified && widest_gap(&t.glyphs, t.size.0) > 0.5 + 1e-6 {
                    loose += 1;
                    let said = format!("page {}: the line", i + 1);
                    assert!(
                        warnings.contains(&said),
                        "{layout}: page {}: {} is not reported:\n{warnings}",
                        i + 1,
                        t.text()
                    );
                }
            }
        }
        println!("{layout}: {loose} line(s) wider than ½ em, each reported");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
