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

/// Field coverage (issue #24): edition-b laid out in a4, its booklet, and
/// what `ledger::check_fields` says of `doc` in place of that booklet.
struct Coverage {
    loaded: sasshi::model::Loaded,
    sources: sasshi::diag::SourceMap,
    booklet: sasshi::frame::Document,
}

impl Coverage {
    fn new(dir: &std::path::Path) -> Coverage {
        let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
        let out = sasshi::check(dir, &options);
        let loaded = out.result.expect("loaded");
        let mut diags = sasshi::diag::Diagnostics::default();
        let laid = sasshi::layout::lay_out(&loaded, &out.sources, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render(&out.sources, "en"));
        let booklet = laid.get(DocumentKind::Booklet).expect("a booklet").clone();
        Coverage { loaded, sources: out.sources, booklet }
    }

    fn check(&self, doc: &sasshi::frame::Document) -> sasshi::diag::Diagnostics {
        let mut diags = sasshi::diag::Diagnostics::default();
        let fields = sasshi::model::fields::fields(&self.loaded);
        let lists = sasshi::layout::recipes::printed(DocumentKind::Booklet, &self.loaded.layout);
        let mut c =
            sasshi::layout::compose::Composer::new(self.loaded.layout.composition.clone(), &self.sources, &mut diags);
        sasshi::layout::ledger::check_fields(doc, &lists, &fields, &self.loaded, "robust.doc_booklet", &mut c);
        diags
    }

    /// The booklet as a recipe would have made it without the compositions
    /// set from `span`.
    fn without(&self, span: &sasshi::diag::Span) -> sasshi::frame::Document {
        let mut doc = self.booklet.clone();
        for page in &mut doc.pages {
            page.items.retain(|item| {
                let setting = match item {
                    Item::Text(t) => t.setting.as_ref(),
                    Item::Vertical(v) => v.setting.as_ref(),
                    _ => None,
                };
                setting.and_then(|s| s.0.span.as_ref()) != Some(span)
            });
        }
        doc
    }

    /// The field `name` of the record that holds `value`.
    fn field(&self, name: &str, value: &str) -> sasshi::diag::Span {
        let fields = sasshi::model::fields::fields(&self.loaded);
        let f = fields.iter().find(|f| f.name == name && f.text.value == value).expect("the field");
        f.text.span.clone()
    }
}

#[test]
fn a_field_the_recipe_drops_is_an_error_at_the_field_s_line_and_column() {
    let cov = Coverage::new(&root().join("tests/fixtures/edition-b"));
    assert!(cov.check(&cov.booklet).items.is_empty(), "{}", cov.check(&cov.booklet).render(&cov.sources, "en"));
    // Each as if the recipe stopped composing it: a committee member's
    // affiliation, a winner's capital, an item's paragraph of a profile.
    let mut dropped = 0;
    for name in ["member.affiliation", "facts.capital", "content.paragraph"] {
        let fields = sasshi::model::fields::fields(&cov.loaded);
        let Some(f) = fields.iter().find(|f| f.name == name) else { panic!("edition-b has no {name}") };
        let span = f.text.span.clone();
        let diags = cov.check(&cov.without(&span));
        assert_eq!(diags.items.len(), 1, "{name}: {}", diags.render(&cov.sources, "en"));
        let d = &diags.items[0];
        assert_eq!(d.severity, sasshi::diag::Severity::Error);
        assert_eq!(d.message.key, "fields.not_printed");
        let at = d.span.as_ref().expect("a place");
        assert_eq!(at, &span, "{name}");
        let (line, col) = cov.sources.get(at.file).line_col(at.range.start);
        let text = &cov.sources.get(at.file).text;
        let line_text = text.lines().nth(line - 1).unwrap();
        assert!(line_text.chars().skip(col - 1).collect::<String>().contains(&f.text.value[..3]), "{name}");
        assert!(d.render(&cov.sources, "en").contains("this field is not printed"));
        dropped += 1;
    }
    assert_eq!(dropped, 3);
}

#[test]
fn a_field_printed_with_its_partner_is_checked_inside_the_partner_s_text() {
    let cov = Coverage::new(&root().join("tests/fixtures/edition-b"));
    // 星野's profile title holds the Latin name and 氏 beside the name, the
    // winners list the ward; with the name's compositions gone, none of them
    // is printed.
    let name = cov.field("winner.name", "星野　ソラ");
    let diags = cov.check(&cov.without(&name));
    let mut fields: Vec<String> = diags.items.iter().map(|d| d.message.render("en")).collect();
    fields.sort();
    assert_eq!(diags.items.len(), 4, "{fields:?}");
    for f in ["winner.name", "winner.name_latin", "winner.honorific", "winner.ward"] {
        assert!(fields.iter().any(|m| m.contains(&format!("({f})"))), "{f} in {fields:?}");
    }
}

#[test]
fn a_fax_number_without_a_phone_number_is_reported_at_the_fax() {
    // The profile prints the fax number after the phone number: alone, it
    // was dropped without a word.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ledger").join("fax-alone");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/edition-b"), &dir);
    let path = dir.join("winners/satoyama.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("phone = \"012-000-7788\"\n", "")).unwrap();
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let out = sasshi::render(&dir, &options);
    assert!(out.result.is_none(), "built with the fax number left out");
    let shown = out.diags.render(&out.sources, "en");
    assert!(shown.contains("satoyama.toml:15:7: this field is not printed: \"012-000-7789\" (facts.fax)"), "{shown}");
}

#[test]
fn every_field_of_the_model_is_printed_or_declared_unprinted_by_a_recipe() {
    use sasshi::layout::ledger::Print;
    use sasshi::layout::recipes;
    let mut layout = Coverage::new(&root().join("tests/fixtures/edition-b")).loaded.layout;
    layout.structure.title_page = true;
    let mut lists = Vec::new();
    for kind in [DocumentKind::Booklet, DocumentKind::Programme, DocumentKind::Cover] {
        lists.extend(recipes::printed(kind, &layout));
    }
    for &name in sasshi::model::fields::NAMES {
        let said: Vec<&Print> =
            lists.iter().flat_map(|l| l.iter()).filter(|(n, _)| *n == name).map(|(_, p)| p).collect();
        assert!(!said.is_empty(), "{name}: no recipe says whether it prints it");
    }
    for (name, print) in lists.iter().flat_map(|l| l.iter()) {
        assert!(sasshi::model::fields::NAMES.contains(name), "{name} is not a field of the model");
        if let Print::With(partner) | Print::Beside(partner) = print {
            assert!(sasshi::model::fields::NAMES.contains(partner), "{partner} is not a field of the model");
            // A partner is a field of the same kind of record.
            assert_eq!(name.split('.').next(), partner.split('.').next(), "{name} with {partner}");
        }
    }
}
