//! The 2006 entries against the seed — the plain-text extraction of the printed
//! booklet. The seed (whitespace removed, 最 restored, page numbers and (白紙)
//! dropped) is aligned in order with the text of our booklet; at least 99 % of its
//! characters must be matched, and every stretch that is not is listed below with
//! the reason.

use sasshi::layout::DocumentKind;
mod common;
use common::*;

/// Seed text → the characters to match.
fn seed_chars() -> Vec<char> {
    let raw = std::fs::read_to_string(root().join("tests/fixtures/seed-2006.txt")).unwrap();
    let mut out = String::new();
    for line in raw.lines() {
        let t = line.trim();
        // Page numbers (extracted with spaces around them, some in full-width
        // digits inside the 高知県 diagrams) and blank-page markers are layout.
        let digits = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        if (digits && (t.chars().all(|c| c.is_ascii_digit()) || t != line)) || t == "（白紙）" || t == "(白紙)" {
            continue;
        }
        out.push_str(&restore_sai(line));
        out.push('\n');
    }
    out.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The extraction dropped 最 and left a space: " 先端" is 最先端. Restored where the
/// space interrupts Japanese text before one of 最's usual partners — but not before
/// words the seed really begins there (大阪, 高知, names, a wrapped 改 善 …).
fn restore_sai(line: &str) -> String {
    const AFTER: &[&str] = &[
        "先端", "適", "終", "大", "小", "寄", "高", "新", "初", "近", "も", "低", "上階", "後", "良", "多", "善", "短",
        "重要", "中",
    ];
    const NOT: &[&str] =
        &["大石", "大阪", "大二郎", "大方", "善", "高知", "高等", "高校", "高齢", "小 中", "中 高", "中", "良二"];
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && (i == 0 || (!chars[i - 1].is_ascii() && chars[i - 1] != '最')) {
            let rest: String = chars[i + 1..].iter().take(4).collect();
            if AFTER.iter().any(|a| rest.starts_with(a)) && !NOT.iter().any(|n| rest.starts_with(n)) {
                out.push('最');
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Our booklet's text in page order, whitespace removed.
fn booklet_chars() -> Vec<char> {
    squeeze(&rendered().frames(DocumentKind::Booklet).text()).chars().collect()
}

/// Greedy alignment: find the next 16 seed characters in ours, nearest ahead
/// first; then extend the match character by character. A figure that floated to
/// the next page puts its caption after text that followed it in the seed, so when
/// nothing is found ahead the probe is looked for up to 3,000 characters back.
/// Returns the number of matched seed characters and the unmatched stretches.
fn align(seed: &[char], ours: &[char]) -> (usize, Vec<String>) {
    const PROBE: usize = 16;
    const WINDOW: usize = 3000;
    let find = |probe: &[char], from: usize, to: usize| -> Option<usize> {
        let to = to.min(ours.len());
        (from..to.saturating_sub(probe.len() - 1)).find(|&p| ours[p..p + probe.len()] == *probe)
    };
    let (mut i, mut j, mut matched) = (0, 0, 0);
    let mut unmatched: Vec<String> = Vec::new();
    let mut current = String::new();
    while i < seed.len() {
        let probe = &seed[i..i + PROBE.min(seed.len() - i)];
        match find(probe, j, j + WINDOW).or_else(|| find(probe, j.saturating_sub(WINDOW), j)) {
            Some(p) => {
                if !current.is_empty() {
                    unmatched.push(std::mem::take(&mut current));
                }
                j = p;
                while i < seed.len() && j < ours.len() && seed[i] == ours[j] {
                    i += 1;
                    j += 1;
                    matched += 1;
                }
            }
            None => {
                current.push(seed[i]);
                i += 1;
            }
        }
    }
    if !current.is_empty() {
        unmatched.push(current);
    }
    (matched, unmatched)
}

/// Every seed stretch our booklet does not reproduce in order, and why.
const KNOWN: &[(&str, &str)] = &[
    (
        "テレワーク推進賞～仕事と生活の調和を求めて～第7回第７回テレワーク推進賞社団法人日本テレワーク協会2006年12月13日（水",
        "the cover (表1) and the spine title (背): printed on cover.pdf; the a4 booklet, like the printed one, opens with the programme",
    ),
    (
        "社団法人日本テレワーク協会〒102-0083東京都千代田区麹町3-2-5垣見麹町ビル別館TEL:03-3221-7260FAX:03-5211-8834E-mail:twcommend@japan-telework.or.jpURL:http://www.japan-telework.or.jp主催：社団法人日本テレワーク協会後援：総務省･厚生労働省･経済産業省･国土交通省日本経済新聞社･日本テレワーク学会テレワーク推進フォーラム",
        "the cover's organiser and sponsors (表1): on cover.pdf, not in the booklet",
    ),
    (
        "域住民・企業等最大方最",
        "高知県 network diagram: its words float with the figure, a little later than the seed has them, and a false 最 (大方高校)",
    ),
    ("９．", "section numbers: the seed's ９．, printed ９. from the number field"),
    (
        "挨拶14：00～15：25／テレワーク普及個人賞（休憩15：25～15：40）5.受賞者プレゼンテーション",
        "the programme's two printed columns are interleaved in the seed; our table keeps each item's cells together",
    ),
    ("15：40～16：45", "programme item 5's time: interleaved with the presenters' column in the seed"),
    (
        "．A.スピンクス",
        "the seed's list prints W．A. スピンクス, its profile W.A.スピンクス; the list is generated from the one name field",
    ),
    ("Ⓡ", "FOMAⓇ: Ⓡ (U+24C7) is in no bundled font; the original printed ®, which the entry has"),
    ("/", "NTTアイティ's URL: the list prints it without the final slash, the profile with it; one url field"),
    ("“", "three “…“ typos in the seed are typed “…” (a line must not end with an opening quote)"),
    ("中央", "ベネッセ次世代育成研究所: the seed's divider says 中央区, its list and address 千代田区; one ward field"),
    ("ＮＴＴ", "the NTTドコモ profile header prints full-width ＮＴＴ; the name field (list and divider) has NTT"),
    ("ﾛｯｶｰ", "富士通ビジネスシステム: half-width katakana in a text are printed full-width, ロッカー (issue #26)"),
    ("\u{ff9e}", "高知県's overview: a stray half-width ﾞ after グ is printed as the full-width ゛ (issue #26)"),
    ("．", "section numbers: the seed mixes １. and １．; sasshi prints them uniformly from the number field"),
    ("７．", "キャリア・マム's second ７． (its sections are numbered 1–7, 7, 8), printed as ７."),
    ("：", "アントレンド prints 従業員数：; the label comes from the edition form (従業員数:)"),
    ("）", "リプロ・ネットワークス prints (FAX）; the suffix comes from the edition form"),
    (
        "アウトソーシング検討委員会",
        "高知県 diagram: the seed extracts overlapping boxes as アウトソーシングアウトソーシング検討委員会検討委員会",
    ),
    ("最", "false 最 restorations of the seed heuristic in the 高知県 diagrams (最高知県, 小中最高等学校)"),
    ("最大方最", "false 最 restorations in the 高知県 network diagram (大方高校)"),
    (
        "５.テレワーク支援・活用にかかわる、雇用創出・就業拡大への貢献について●",
        "高知県: the diagram above section ５ floats to the next page's top (the page's foot is kept for the two lines a heading before it needs), so the heading is read before its words; the seed prints the diagram first",
    ),
];

#[test]
fn at_least_99_percent_of_the_seed_is_matched_in_order_and_every_gap_is_explained() {
    let seed = seed_chars();
    let ours = booklet_chars();
    let (matched, unmatched) = align(&seed, &ours);
    let ratio = matched as f64 / seed.len() as f64;
    let unexplained: Vec<&String> = unmatched.iter().filter(|u| !KNOWN.iter().any(|(k, _)| k == u)).collect();
    eprintln!("coverage {:.3}% ({matched}/{}), {} unmatched stretches", ratio * 100.0, seed.len(), unmatched.len());
    for u in &unexplained {
        eprintln!("UNEXPLAINED {u:?}");
    }
    assert!(ratio >= 0.99, "coverage {:.3}%", ratio * 100.0);
    assert!(unexplained.is_empty(), "{} unexplained stretches", unexplained.len());
}
