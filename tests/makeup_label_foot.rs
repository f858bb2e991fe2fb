//! The make-up check "no label alone at a page's foot" (tests/common/makeup.rs
//! `label_alone_faults`), on pages made from a real build's lines (issue #24:
//! the 2,000-edition soak reported facts labels with their value beside them
//! and a table under them, seed 24 cases 297 and 492 at a5, and an item's ■
//! with its first line beside it, case 311): a label with its text beside it,
//! or with more of the page under it, is not alone; a label at the foot with
//! nothing beside it and its text overleaf still is.

mod common;
use common::makeup::label_alone_faults;
use common::root;
use sasshi::frame::{Item, Role, TextLine};
use sasshi::layout::DocumentKind;

#[test]
fn a_label_is_alone_at_the_foot_only_with_nothing_beside_or_under_it() {
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let r = sasshi::render(&root().join("tests/fixtures/edition-b"), &options).result.expect("edition-b builds");
    let booklet = r.frames(DocumentKind::Booklet);
    // A facts label and the value beside it, on one baseline.
    let (page, label, value) = booklet
        .pages
        .iter()
        .find_map(|p| {
            let lines: Vec<&TextLine> =
                p.items.iter().filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None }).collect();
            lines.iter().filter(|t| t.role == Role::Label).find_map(|l| {
                let v = lines.iter().find(|v| {
                    v.role != Role::Label
                        && (v.origin.y.0 - l.origin.y.0).abs() < 0.01
                        && v.origin.x.0 > l.origin.x.0 + 0.5
                })?;
                Some((p, (*l).clone(), (*v).clone()))
            })
        })
        .expect("edition-b prints facts labels with values");
    let page_of = |items: Vec<TextLine>| {
        let mut p = page.clone();
        p.items = items.into_iter().map(Item::Text).collect();
        p
    };
    // Overleaf: the text the label heads, further in than the label.
    let mut overleaf = value.clone();
    overleaf.role = Role::Body;
    let next = page_of(vec![overleaf]);
    // Under the label: a row of a table one line lower.
    let mut under = value.clone();
    under.role = Role::Table;
    under.origin.y.0 += 20.0;

    let alone = label_alone_faults("test", DocumentKind::Booklet, &[page_of(vec![label.clone()]), next.clone()]);
    assert_eq!(alone.len(), 1, "a label alone at the foot, its text overleaf: {alone:?}");
    let beside =
        label_alone_faults("test", DocumentKind::Booklet, &[page_of(vec![label.clone(), value]), next.clone()]);
    assert!(beside.is_empty(), "its value beside it: {beside:?}");
    let above = label_alone_faults("test", DocumentKind::Booklet, &[page_of(vec![label, under]), next]);
    assert!(above.is_empty(), "a table under it: {above:?}");
}
