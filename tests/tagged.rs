//! Tagged PDF (ISO 32000-1 §14.7, §14.8): the structure tree read back with lopdf
//! alone — no system tools. The booklet's tree, walked in order, reads the
//! entries in reading order; every figure has /Alt; every marked-content
//! sequence is in the tree and the ParentTree; everything else a page paints is
//! an artifact; PDF/X-1a (PDF 1.3) has no tags.

mod common;

use common::{check_entry_text_in_order, edition_2006, rendered, squeeze};
use lopdf::{Dictionary, Document, Object, ObjectId};
use sasshi::model::layout::DocumentKind;
use std::collections::{BTreeMap, BTreeSet};

const KINDS: [DocumentKind; 3] = [DocumentKind::Booklet, DocumentKind::Programme, DocumentKind::Cover];

/// What one page's content stream holds, read through the marked-content operators.
#[derive(Default)]
struct PageMarks {
    /// Each MCID's text, decoded through the fonts' ToUnicode maps.
    texts: BTreeMap<i64, String>,
    /// MCIDs of sequences that paint an image.
    images: BTreeSet<i64>,
    /// Painting operators in neither a tagged sequence nor an artifact.
    untagged: Vec<String>,
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(r) => doc.get_dictionary(*r).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn page_marks(doc: &Document, page: ObjectId) -> PageMarks {
    let cmaps = common::page_cmaps(doc, page);
    let content = doc.get_and_decode_page_content(page).expect("content decodes");
    let mut out = PageMarks::default();
    // The open marked-content sequences: Some(mcid), or None for an artifact or
    // an untagged /Span.
    let mut stack: Vec<(Option<i64>, bool)> = Vec::new();
    let mut font = Vec::new();
    for op in &content.operations {
        let mcid = stack.iter().rev().find_map(|(m, _)| *m);
        let artifact = stack.iter().any(|(_, a)| *a);
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let tag = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                let id = op.operands.get(1).and_then(|o| o.as_dict().ok()).and_then(|d| d.get(b"MCID").ok());
                stack.push((id.and_then(|i| i.as_i64().ok()), tag == b"Artifact"));
            }
            "EMC" => {
                stack.pop();
            }
            "Tf" => font = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or(b"").to_vec(),
            "Tj" | "TJ" | "Do" | "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "sh" => {
                if artifact {
                    continue;
                }
                let Some(m) = mcid else {
                    out.untagged.push(op.operator.clone());
                    continue;
                };
                if op.operator == "Do" {
                    out.images.insert(m);
                }
                let text = out.texts.entry(m).or_default();
                let strings: Vec<&Vec<u8>> = match op.operands.first() {
                    Some(Object::String(s, _)) => vec![s],
                    Some(Object::Array(items)) => {
                        items.iter().filter_map(|i| if let Object::String(s, _) = i { Some(s) } else { None }).collect()
                    }
                    _ => Vec::new(),
                };
                for s in strings {
                    for pair in s.chunks(2) {
                        let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                        text.push_str(cmaps.get(&font).and_then(|m| m.get(&code)).map_or("\u{FFFD}", String::as_str));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A walk of the structure tree in order.
struct Walk {
    /// (page index, MCID) in tree order.
    content: Vec<(usize, i64)>,
    /// Each marked-content sequence's owning element.
    owner: BTreeMap<(usize, i64), ObjectId>,
    /// Every element: its type and /Alt.
    elements: Vec<(ObjectId, Vec<u8>, Option<Object>)>,
}

fn walk(doc: &Document) -> Walk {
    let pages: BTreeMap<ObjectId, usize> = doc.get_pages().values().enumerate().map(|(i, id)| (*id, i)).collect();
    let catalog = doc.catalog().unwrap();
    let root = dict(doc, catalog.get(b"StructTreeRoot").expect("a StructTreeRoot"));
    assert_eq!(root.get(b"Type").unwrap().as_name().unwrap(), b"StructTreeRoot");
    let mut w = Walk { content: Vec::new(), owner: BTreeMap::new(), elements: Vec::new() };
    fn element(doc: &Document, id: ObjectId, pages: &BTreeMap<ObjectId, usize>, w: &mut Walk) {
        let e = doc.get_dictionary(id).unwrap();
        let tag = e.get(b"S").unwrap().as_name().unwrap().to_vec();
        w.elements.push((id, tag, e.get(b"Alt").ok().cloned()));
        let page = e.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).and_then(|p| pages.get(&p).copied());
        let kids = match e.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        for k in kids {
            match k {
                Object::Integer(m) => {
                    let p = page.expect("an element with MCIDs has /Pg");
                    w.content.push((p, m));
                    w.owner.insert((p, m), id);
                }
                Object::Reference(r) => element(doc, r, pages, w),
                Object::Dictionary(d) => {
                    assert_eq!(d.get(b"Type").unwrap().as_name().unwrap(), b"MCR");
                    let p = pages[&d.get(b"Pg").unwrap().as_reference().unwrap()];
                    let m = d.get(b"MCID").unwrap().as_i64().unwrap();
                    w.content.push((p, m));
                    w.owner.insert((p, m), id);
                }
                other => panic!("unexpected kid {other:?}"),
            }
        }
    }
    let top = match root.get(b"K").unwrap() {
        Object::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    for k in top {
        element(doc, k.as_reference().unwrap(), &pages, &mut w);
    }
    w
}

fn marks_of(doc: &Document) -> Vec<PageMarks> {
    doc.get_pages().values().map(|id| page_marks(doc, *id)).collect()
}

#[test]
fn the_booklets_structure_tree_reads_the_entries_in_reading_order() {
    let doc = Document::load_mem(rendered().bytes(DocumentKind::Booklet)).unwrap();
    let marks = marks_of(&doc);
    let w = walk(&doc);
    let text: String =
        w.content.iter().map(|(p, m)| squeeze(marks[*p].texts.get(m).map_or("", String::as_str))).collect();
    let loaded = sasshi::check(&edition_2006(), &Default::default()).result.unwrap();
    let checked = check_entry_text_in_order(&text, &loaded).unwrap_or_else(|e| panic!("{e}"));
    assert!(checked > 1500, "{checked}");
    // The tree holds no folio: folios are artifacts.
    let folios = rendered()
        .frames(DocumentKind::Booklet)
        .pages
        .iter()
        .filter(|p| p.kind == sasshi::frame::PageKind::Body)
        .count();
    assert!(folios > 50);
    let tags: BTreeSet<Vec<u8>> = w.elements.iter().map(|(_, t, _)| t.clone()).collect();
    for t in
        ["Document", "Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Figure", "Caption"]
    {
        assert!(tags.contains(t.as_bytes()), "no {t} element in the booklet's tree");
    }
}

#[test]
fn every_figure_has_alt_text_and_holds_its_image() {
    let doc = Document::load_mem(rendered().bytes(DocumentKind::Booklet)).unwrap();
    let marks = marks_of(&doc);
    let w = walk(&doc);
    let figures: Vec<_> = w.elements.iter().filter(|(_, t, _)| t == b"Figure").collect();
    let images = rendered()
        .frames(DocumentKind::Booklet)
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| matches!(i, sasshi::frame::Item::Image(_)))
        .count();
    assert_eq!(figures.len(), images, "one Figure per image");
    for (id, _, alt) in &figures {
        let alt = alt.as_ref().unwrap_or_else(|| panic!("Figure {id:?} has no /Alt"));
        assert!(matches!(alt, Object::String(s, _) if s.len() > 2), "Figure {id:?}: empty /Alt");
    }
    // Every image is painted inside a Figure's marked content.
    for (p, m) in marks.iter().enumerate().flat_map(|(p, pm)| pm.images.iter().map(move |m| (p, *m))) {
        let owner = w.owner[&(p, m)];
        assert_eq!(doc.get_dictionary(owner).unwrap().get(b"S").unwrap().as_name().unwrap(), b"Figure");
    }
    // A captioned figure's /Alt is its caption.
    let captioned = figures.iter().filter_map(|(_, _, a)| a.as_ref()).any(|a| {
        let Object::String(s, _) = a else { return false };
        let units: Vec<u16> = s[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units).starts_with("【写真】")
    });
    assert!(captioned, "no figure's /Alt is its caption");
}

#[test]
fn every_marked_content_sequence_is_in_the_tree_and_the_parent_tree() {
    for kind in KINDS {
        let doc = Document::load_mem(rendered().bytes(kind)).unwrap();
        let marks = marks_of(&doc);
        let w = walk(&doc);
        let in_content: BTreeSet<(usize, i64)> =
            marks.iter().enumerate().flat_map(|(p, pm)| pm.texts.keys().map(move |m| (p, *m))).collect();
        let in_tree: BTreeSet<(usize, i64)> = w.content.iter().copied().collect();
        assert_eq!(in_tree.len(), w.content.len(), "{kind:?}: a sequence is in the tree twice");
        assert_eq!(in_content, in_tree, "{kind:?}: content and tree disagree");
        assert!(!in_tree.is_empty());
        // The ParentTree gives each sequence's element back (§14.7.4.4).
        let root = dict(&doc, doc.catalog().unwrap().get(b"StructTreeRoot").unwrap());
        let parent_tree = dict(&doc, root.get(b"ParentTree").unwrap());
        let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
        let mut by_key = BTreeMap::new();
        for pair in nums.chunks(2) {
            by_key.insert(pair[0].as_i64().unwrap(), pair[1].as_array().unwrap().clone());
        }
        for (i, page) in doc.get_pages().values().enumerate() {
            let pd = doc.get_dictionary(*page).unwrap();
            let Ok(key) = pd.get(b"StructParents") else {
                assert!(marks[i].texts.is_empty(), "{kind:?} page {}: content but no /StructParents", i + 1);
                continue;
            };
            let owners = &by_key[&key.as_i64().unwrap()];
            assert_eq!(owners.len(), marks[i].texts.len(), "{kind:?} page {}", i + 1);
            for (m, o) in owners.iter().enumerate() {
                assert_eq!(
                    Some(o.as_reference().unwrap()),
                    w.owner.get(&(i, m as i64)).copied(),
                    "{kind:?} page {} MCID {m}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn page_content_outside_the_tree_is_an_artifact() {
    for kind in KINDS {
        let doc = Document::load_mem(rendered().bytes(kind)).unwrap();
        for (i, pm) in marks_of(&doc).iter().enumerate() {
            assert!(pm.untagged.is_empty(), "{kind:?} page {}: {:?} outside both", i + 1, pm.untagged);
        }
    }
}

#[test]
fn tagged_files_say_so_in_the_catalog() {
    for kind in KINDS {
        let doc = Document::load_mem(rendered().bytes(kind)).unwrap();
        let catalog = doc.catalog().unwrap();
        let mark_info = dict(&doc, catalog.get(b"MarkInfo").expect("MarkInfo"));
        assert_eq!(mark_info.get(b"Marked").unwrap(), &Object::Boolean(true), "{kind:?}");
        assert_eq!(catalog.get(b"Lang").unwrap(), &Object::String(b"ja-JP".to_vec(), lopdf::StringFormat::Literal));
        let prefs = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
        assert_eq!(prefs.get(b"DisplayDocTitle").unwrap(), &Object::Boolean(true));
    }
}

#[test]
fn pdf_x_1a_files_have_no_tags() {
    let options = sasshi::Options { standard: Some("x1a".into()), ..Default::default() };
    let r = sasshi::render(&edition_2006(), &options).result.expect("builds");
    for kind in KINDS {
        let doc = Document::load_mem(r.bytes(kind)).unwrap();
        let catalog = doc.catalog().unwrap();
        assert!(catalog.get(b"StructTreeRoot").is_err() && catalog.get(b"MarkInfo").is_err(), "{kind:?}");
        assert!(marks_of(&doc).iter().all(|pm| pm.texts.is_empty()), "{kind:?}: MCIDs in a PDF 1.3 file");
    }
}

/// A table that breaks across pages repeats its header row (the table kit does);
/// the tree holds the header once, as the table's THead with TH cells, and the
/// repeat is an artifact. (In the a5 layout, whose pages are small enough that
/// kochi.toml's table spans two.)
#[test]
fn a_split_tables_repeated_header_is_in_the_tree_once_as_its_thead() {
    let options = sasshi::Options { layout: Some(common::root().join("layouts/a5.toml")), ..Default::default() };
    let r = sasshi::render(&edition_2006(), &options).result.expect("builds");
    let bytes = r.bytes(DocumentKind::Booklet);
    let doc = Document::load_mem(bytes).unwrap();
    let marks = marks_of(&doc);
    let w = walk(&doc);
    let tree: String =
        w.content.iter().map(|(p, m)| squeeze(marks[*p].texts.get(m).map_or("", String::as_str))).collect();
    let printed: String = common::page_texts(bytes).iter().map(|p| squeeze(p)).collect();
    // kochi.toml's table: its header printed on both pages it spans.
    let header = "団体・グループ（地域エージェント）の名称";
    assert_eq!(printed.matches(header).count(), 2, "the header is printed twice");
    assert_eq!(tree.matches(header).count(), 1, "the tree holds the header once");
    let heads: Vec<_> = w.elements.iter().filter(|(_, t, _)| t == b"THead").collect();
    assert_eq!(heads.len(), 1);
    let head = doc.get_dictionary(heads[0].0).unwrap();
    let tr = doc.get_dictionary(head.get(b"K").unwrap().as_array().unwrap()[0].as_reference().unwrap()).unwrap();
    for cell in tr.get(b"K").unwrap().as_array().unwrap() {
        let cell = doc.get_dictionary(cell.as_reference().unwrap()).unwrap();
        assert_eq!(cell.get(b"S").unwrap().as_name().unwrap(), b"TH");
    }
}

/// A table with a header row has it as its THead with TH cells even when the
/// table fits on one page (the layout marks the header row's lines): in every
/// edition, one THead per table with a header.
#[test]
fn every_table_with_a_header_row_has_a_thead_of_th_cells() {
    for edition in ["entries/2006-07", "tests/fixtures/edition-b", "tests/fixtures/edition-c"] {
        let dir = common::root().join(edition);
        let options = sasshi::Options { layout: Some(common::root().join("layouts/a4.toml")), ..Default::default() };
        let loaded = sasshi::check(&dir, &options).result.expect("loads");
        let with_header = loaded
            .winners
            .iter()
            .flat_map(|w| &w.sections)
            .flat_map(|s| &s.content)
            .filter(|b| matches!(b, sasshi::model::Block::Table(t) if !t.header.is_empty()))
            .count();
        let r = sasshi::render(&dir, &options).result.expect("renders");
        let doc = Document::load_mem(r.bytes(DocumentKind::Booklet)).unwrap();
        let w = walk(&doc);
        let heads: Vec<_> = w.elements.iter().filter(|(_, t, _)| t == b"THead").collect();
        assert_eq!(heads.len(), with_header, "{edition}: one THead per table with a header");
        for (id, _, _) in heads {
            let head = doc.get_dictionary(*id).unwrap();
            let tr =
                doc.get_dictionary(head.get(b"K").unwrap().as_array().unwrap()[0].as_reference().unwrap()).unwrap();
            for cell in tr.get(b"K").unwrap().as_array().unwrap() {
                let cell = doc.get_dictionary(cell.as_reference().unwrap()).unwrap();
                assert_eq!(cell.get(b"S").unwrap().as_name().unwrap(), b"TH", "{edition}");
            }
        }
    }
}
