//! The ledger of every character (issue #24, src/layout/ledger.rs) on whole
//! builds: a judging committee with long katakana names, a 4 + 3 kanji name
//! with U+3000, long roles and long affiliations builds with every shipped
//! layout, every character of it comes back from the PDF's text, and name and
//! affiliation stand apart; every shipped layout × edition passes the ledger.

mod common;
use common::{copy_dir, page_texts, root, squeeze};
use sasshi::frame::{Item, TextLine};
use sasshi::layout::DocumentKind;
use std::path::PathBuf;

const LAYOUTS: [&str; 3] = ["a4", "b5", "a5"];

/// The members of the committee: (role, name, affiliation).
const MEMBERS: &[(&str, &str, &str)] = &[
    ("審査委員長", "早瀬　恵理子", "東山県立青葉野大学地域共創学部　教授"),
    ("審査委員", "ロバート・キャンベル", "国文学研究資料館　館長"),
    ("審査委員", "勅使河原　三郎太", "東山県立青葉野大学大学院地域共創研究科地域経営専攻　教授"),
    ("審査委員", "佐々木　由美子", "北陸経済新聞社　編集局地域報道部　部長"),
    ("審査委員", "アレクサンドラ・ヴィシュネフスカヤ", "まちづくりコンサルタント"),
    ("特別オブザーバー（総務省）", "上田　一郎", "総務省情報流通行政局　地域通信振興課"),
    ("オブザーバー", "上田　二郎", "東山県企画振興部"),
];

/// edition-b with [`MEMBERS`] as its committee, in a scratch folder.
fn edition_with_committee() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ledger").join("2040-11");
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&root().join("tests/fixtures/edition-b"), &dir);
        let path = dir.join("edition.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find("[[judging.committee]]").unwrap();
        let end = text.find("[winners_list]").unwrap();
        let mut committee = String::new();
        for (role, name, affiliation) in MEMBERS {
            committee.push_str(&format!(
                "[[judging.committee]]\nrole = \"{role}\"\nname = \"{name}\"\naffiliation = \"{affiliation}\"\n\n"
            ));
        }
        std::fs::write(&path, format!("{}{committee}{}", &text[..start], &text[end..])).unwrap();
        dir
    })
    .clone()
}

fn render(dir: &std::path::Path, layout: &str) -> sasshi::Rendered {
    let options = sasshi::Options { layout: Some(root().join(format!("layouts/{layout}.toml"))), ..Default::default() };
    let out = sasshi::render(dir, &options);
    assert!(!out.diags.has_errors(), "{layout} × {}:\n{}", dir.display(), out.diags.render(&out.sources, "en"));
    out.result.expect("rendered")
}

fn booklet(r: &sasshi::Rendered) -> &sasshi::Output {
    r.documents.iter().find(|d| d.kind == DocumentKind::Booklet).expect("a booklet")
}

/// The text lines of the booklet's frames.
fn lines(r: &sasshi::Rendered) -> Vec<&TextLine> {
    booklet(r)
        .frames
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
        .collect()
}

/// The lines set from `value` (their composition's text, word joiners left
/// out, is `value`), in the frames' order.
fn set_from<'a>(lines: &[&'a TextLine], value: &str) -> Vec<&'a TextLine> {
    lines
        .iter()
        .filter(|l| l.setting.as_ref().is_some_and(|s| s.0.text.replace('\u{2060}', "") == value))
        .copied()
        .collect()
}

#[test]
fn a_committee_of_long_names_roles_and_affiliations_prints_every_character_in_every_layout() {
    let dir = edition_with_committee();
    for layout in LAYOUTS {
        let r = render(&dir, layout);
        let lines = lines(&r);
        let pdf = squeeze(&page_texts(&booklet(&r).bytes).concat());
        let mut last_role = "";
        for (role, name, affiliation) in MEMBERS {
            let mut fields = vec![*name, *affiliation];
            if role != &last_role {
                fields.push(role);
            }
            last_role = role;
            for field in fields {
                // Every character of the field on the pages, in order, once ...
                let set = set_from(&lines, field);
                let printed: String = set.iter().map(|l| l.text()).collect();
                assert_eq!(printed, *field, "{layout}: {field:?} is not printed whole");
                // ... and back from the PDF's text, line by line.
                for l in set {
                    let t = squeeze(&l.text());
                    assert!(pdf.contains(&t), "{layout}: {t:?} of {field:?} is not in the PDF's text");
                }
            }
        }
    }
}

#[test]
fn a_person_s_name_is_on_one_line_and_apart_from_its_affiliation() {
    let dir = edition_with_committee();
    for layout in LAYOUTS {
        let r = render(&dir, layout);
        let lines = lines(&r);
        for (_, name, affiliation) in MEMBERS {
            let named = set_from(&lines, name);
            assert_eq!(named.len(), 1, "{layout}: {name} is not on one line");
            let n = named[0];
            // The affiliation's first line: beside the name, at least an em after
            // it, or under it.
            let aff = set_from(&lines, affiliation)[0];
            if (aff.origin.y.0 - n.origin.y.0).abs() < 0.5 {
                let gap = aff.origin.x.0 + aff.glyphs[0].x.0 - n.end().0;
                assert!(gap >= n.size.0 - 0.01, "{layout}: {name} and {affiliation} are {gap:.2} pt apart");
            } else {
                assert!(aff.origin.y.0 > n.origin.y.0, "{layout}: {affiliation} above {name}");
                assert!(aff.origin.x.0 >= n.origin.x.0 - 0.01, "{layout}: {affiliation} left of {name}");
            }
        }
    }
}

#[test]
fn every_shipped_layout_and_edition_passes_the_ledger() {
    let editions = ["entries/2006-07", "tests/fixtures/base", "tests/fixtures/edition-b", "tests/fixtures/edition-c"];
    for layout in LAYOUTS {
        for edition in editions {
            // render asserts no error: the ledger and the ToUnicode round trip
            // are errors when they fail.
            let r = render(&root().join(edition), layout);
            assert!(!r.documents.is_empty());
        }
    }
}
