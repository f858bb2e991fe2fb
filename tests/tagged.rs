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

/// An element's kids: /K an array, or one kid alone.
fn kids(e: &Dictionary) -> Vec<Object> {
    match e.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
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

/// An entry's `alt = "…"` (a figure's description, never printed) is that
/// figure's /Alt, whole (PDF/UA-1 §7.3), in place of its file name.
#[test]
fn an_entrys_alt_is_its_figures_alt_text() {
    let options = sasshi::Options { layout: Some(common::root().join("layouts/a4.toml")), ..Default::default() };
    let loaded = sasshi::check(&edition_2006(), &options).result.expect("loads");
    let wanted: Vec<String> = loaded
        .winners
        .iter()
        .flat_map(|w| &w.sections)
        .flat_map(|s| &s.content)
        .filter_map(|b| match b {
            sasshi::model::Block::Figure(f) => f.alt.as_ref().map(|a| a.value.clone()),
            _ => None,
        })
        .collect();
    assert!(!wanted.is_empty(), "the 2006 edition gives no figure an alt: this test checks nothing");
    let doc = Document::load_mem(rendered().bytes(DocumentKind::Booklet)).unwrap();
    let alts: Vec<String> = tree(&doc).into_iter().filter(|e| e.tag == "Figure").filter_map(|e| e.alt).collect();
    for alt in &wanted {
        assert!(alts.contains(alt), "no Figure has the /Alt {alt:?}; the figures' are {alts:?}");
    }
    assert!(
        alts.iter().all(|a| !a.ends_with(".png") && !a.ends_with(".jpg")),
        "a figure is described by its file name: {alts:?}"
    );
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
    let tr = doc.get_dictionary(kids(head)[0].as_reference().unwrap()).unwrap();
    for cell in kids(tr) {
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
            let tr = doc.get_dictionary(kids(head)[0].as_reference().unwrap()).unwrap();
            for cell in kids(tr) {
                let cell = doc.get_dictionary(cell.as_reference().unwrap()).unwrap();
                assert_eq!(cell.get(b"S").unwrap().as_name().unwrap(), b"TH", "{edition}");
            }
        }
    }
}

/// One element of a structure tree, in the order of a walk: its type, depth,
/// /Alt, /Scope (from its attributes), its own text, the pages it refers to,
/// and its children (indices into the walk).
struct El {
    tag: String,
    depth: usize,
    alt: Option<String>,
    scope: Option<String>,
    text: String,
    pages: Vec<ObjectId>,
    children: Vec<usize>,
}

/// A PDF text string (UTF-16BE with its byte order mark, or PDFDocEncoding
/// read as Latin-1).
fn text_string(o: &Object) -> String {
    match o {
        Object::String(s, _) if s.starts_with(&[0xFE, 0xFF]) => {
            String::from_utf16_lossy(&s[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>())
        }
        Object::String(s, _) => s.iter().map(|&b| char::from(b)).collect(),
        _ => String::new(),
    }
}

/// The structure tree of `doc`, walked in order.
fn tree(doc: &Document) -> Vec<El> {
    let marks = marks_of(doc);
    let index: BTreeMap<ObjectId, usize> = doc.get_pages().values().enumerate().map(|(i, id)| (*id, i)).collect();
    fn visit(
        doc: &Document,
        id: ObjectId,
        depth: usize,
        marks: &[PageMarks],
        index: &BTreeMap<ObjectId, usize>,
        out: &mut Vec<El>,
    ) -> usize {
        let e = doc.get_dictionary(id).unwrap();
        let pg = e.get(b"Pg").ok().map(|p| p.as_reference().unwrap());
        let scope = e
            .get(b"A")
            .ok()
            .and_then(|a| dict(doc, a).get(b"Scope").ok())
            .map(|s| String::from_utf8_lossy(s.as_name().unwrap()).into_owned());
        let me = out.len();
        out.push(El {
            tag: String::from_utf8_lossy(e.get(b"S").unwrap().as_name().unwrap()).into_owned(),
            depth,
            alt: e.get(b"Alt").ok().map(text_string),
            scope,
            text: String::new(),
            pages: pg.into_iter().collect(),
            children: Vec::new(),
        });
        for k in kids(e) {
            let (page, mcid) = match k {
                Object::Reference(r) => {
                    let child = visit(doc, r, depth + 1, marks, index, out);
                    out[me].children.push(child);
                    continue;
                }
                Object::Integer(m) => (pg.expect("an element with MCIDs has /Pg"), m),
                Object::Dictionary(d) => {
                    (d.get(b"Pg").unwrap().as_reference().unwrap(), d.get(b"MCID").unwrap().as_i64().unwrap())
                }
                other => panic!("unexpected kid {other:?}"),
            };
            out[me].pages.push(page);
            let text = index.get(&page).and_then(|p| marks[*p].texts.get(&mcid)).cloned().unwrap_or_default();
            out[me].text.push_str(&text);
        }
        me
    }
    let root = dict(doc, doc.catalog().unwrap().get(b"StructTreeRoot").expect("a StructTreeRoot"));
    let mut out = Vec::new();
    for k in kids(root) {
        visit(doc, k.as_reference().unwrap(), 0, &marks, &index, &mut out);
    }
    out
}

/// The cells (TH and TD) of a table element, through its row groups and rows.
fn cells(t: &[El], e: usize) -> Vec<&El> {
    let mut out = Vec::new();
    for &c in &t[e].children {
        match t[c].tag.as_str() {
            "TH" | "TD" => out.push(&t[c]),
            "THead" | "TBody" | "TFoot" | "TR" => out.extend(cells(t, c)),
            _ => {}
        }
    }
    out
}

/// What is wrong with a structure tree, as a reader hears it: a heading level
/// skipped on the way down (the first heading not H1), a table of one cell or
/// without a header cell, a header cell without /Scope, a figure without /Alt
/// or with a placement note in it, captions that are not one per figure or
/// table (a diagram's words are the figure's content).
fn faults(t: &[El]) -> Vec<String> {
    let mut out = Vec::new();
    let mut last = 0;
    for e in t {
        if let Some(level) = e.tag.strip_prefix('H').and_then(|n| n.parse::<usize>().ok()) {
            if level > last + 1 {
                out.push(format!("{} after H{last}: {}", e.tag, e.text));
            }
            last = level;
        }
    }
    for (i, e) in t.iter().enumerate() {
        match e.tag.as_str() {
            "Table" => {
                let cs = cells(t, i);
                if cs.len() < 2 {
                    out.push(format!(
                        "a table of {} cell: {}",
                        cs.len(),
                        cs.iter().map(|c| c.text.as_str()).collect::<String>()
                    ));
                }
                if !cs.iter().any(|c| c.tag == "TH") {
                    out.push(format!("a table without a header cell: {}", cs.first().map_or("", |c| c.text.as_str())));
                }
            }
            "TH" if !matches!(e.scope.as_deref(), Some("Row" | "Column" | "Both")) => {
                out.push(format!("a header cell without /Scope: {}", e.text));
            }
            "Figure" => match &e.alt {
                None => out.push("a figure without /Alt".to_string()),
                Some(a) if a.trim().is_empty() || a.contains("次頁") => out.push(format!("a figure's /Alt: {a:?}")),
                _ => {}
            },
            _ => {}
        }
    }
    let captions = t.iter().filter(|e| e.tag == "Caption").count();
    let holders = t.iter().filter(|e| e.tag == "Figure" || e.tag == "Table").count();
    if captions > holders {
        out.push(format!("{captions} captions for {holders} figures and tables"));
    }
    out
}

/// Every tagged file of 2006 (A4, B5) and of the fictional editions: the
/// structure the recipes gave reads as a document — headings from H1 down
/// without a skipped level, real tables only, each header cell scoped, one
/// described figure per image.
#[test]
fn structure_trees_skip_no_heading_level_and_hold_no_one_cell_table() {
    let cases = [
        ("entries/2006-07", "a4"),
        ("entries/2006-07", "b5"),
        ("tests/fixtures/edition-b", "a4"),
        ("tests/fixtures/edition-c", "a4"),
        ("tests/fixtures/base", "a4"),
        ("tests/fixtures/word-paste", "a4"),
    ];
    for (edition, layout) in cases {
        let options = sasshi::Options {
            layout: Some(common::root().join(format!("layouts/{layout}.toml"))),
            ..Default::default()
        };
        let r = sasshi::render(&common::root().join(edition), &options).result.expect("builds");
        for kind in KINDS {
            let doc = Document::load_mem(r.bytes(kind)).unwrap();
            let t = tree(&doc);
            assert!(t.iter().any(|e| e.tag == "H1"), "{edition} {layout} {kind:?}: no H1");
            let found = faults(&t);
            assert!(found.is_empty(), "{edition} {layout} {kind:?}:\n{}", found.join("\n"));
            if kind == DocumentKind::Booklet {
                assert!(t.iter().any(|e| e.tag == "Table"), "{edition}: the facts are a table");
                // A walk of one profile, read aloud (for the closing note).
                if let Ok(path) = std::env::var("SASSHI_STRUCTURE_WALK")
                    && edition == "entries/2006-07"
                    && layout == "a4"
                {
                    std::fs::write(&path, walk_text(&t, "日本電気株式会社")).unwrap();
                }
            }
        }
    }
}

/// The Sect of the bookmark `title` as indented text: role, level, text.
fn walk_text(t: &[El], title: &str) -> String {
    let start = t.iter().position(|e| e.tag == "H3" && e.text.contains(title)).expect("the profile's heading");
    let depth = t[start].depth;
    let mut out = String::new();
    for e in t[start..].iter().take_while(|e| e.depth >= depth) {
        if e.tag == "H3" && !e.text.contains(title) {
            break;
        }
        let indent = "  ".repeat(e.depth - depth);
        let mut line = format!("{indent}{}", e.tag);
        if let Some(s) = &e.scope {
            line.push_str(&format!(" [Scope {s}]"));
        }
        if let Some(a) = &e.alt {
            line.push_str(&format!(" [Alt {a}]"));
        }
        if !e.text.is_empty() {
            line.push_str(&format!(": {}", squeeze(&e.text)));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Every line, column and image of every page is placed in the structure by
/// its recipe — folios and running heads aside — so that the PDF writer has
/// nothing to guess.
#[test]
fn every_content_item_carries_the_structure_its_recipe_gave() {
    for kind in KINDS {
        for (n, page) in rendered().frames(kind).pages.iter().enumerate() {
            for item in &page.items {
                let untagged = match item {
                    sasshi::frame::Item::Text(t) => {
                        !matches!(t.role, sasshi::frame::Role::Folio | sasshi::frame::Role::RunningHead)
                            && t.structure.is_none()
                    }
                    sasshi::frame::Item::Vertical(v) => v.structure.is_none(),
                    sasshi::frame::Item::Image(i) => i.structure.is_none(),
                    _ => false,
                };
                assert!(!untagged, "{kind:?} page {}: {item:?} has no structure", n + 1);
            }
        }
    }
}

/// 差し替え.pdf carries the structure of its own pages only: every page an
/// element or a marked-content reference names is one of its pages, and the
/// tree holds exactly the marked content those pages show. Here with pages of
/// two files (the booklet's and the programme's, of one trim size).
#[test]
fn the_replacement_file_holds_the_structure_of_its_own_pages_only() {
    let base = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tagged-replacement");
    let dir = base.join("entries/2006-07");
    let _ = std::fs::remove_dir_all(&base);
    common::copy_dir(&edition_2006(), &dir);
    let nec = dir.join("winners/nec.toml");
    let text = std::fs::read_to_string(&nec).unwrap();
    std::fs::write(&nec, text.replacen("業務を遂行", "業務を実行", 1)).unwrap();
    let ed = dir.join("edition.toml");
    let text = std::fs::read_to_string(&ed).unwrap();
    let changed = text.replacen("開会", "開式", 1);
    assert_ne!(changed, text, "the programme edit applies");
    std::fs::write(&ed, changed).unwrap();
    let options = sasshi::Options { layout: Some(common::root().join("layouts/a4.toml")), ..Default::default() };
    let new = sasshi::render(&dir, &options).result.expect("builds");
    for (r, name) in [(rendered(), "old"), (&new, "new")] {
        let out = base.join(name);
        std::fs::create_dir_all(&out).unwrap();
        for d in &r.documents {
            std::fs::write(out.join(d.file_name()), &d.bytes).unwrap();
        }
    }
    let r = sasshi::compare_builds(&base.join("old"), &base.join("new")).unwrap();
    let pdf = r.pdfs.iter().find(|p| p.name == sasshi::REPLACEMENT_FILE).expect("a replacement file");
    let programme_pages = r.files.iter().find(|(f, _)| *f == "programme.pdf").map_or(0, |(_, d)| d.replace.len());
    assert!(programme_pages > 0, "the programme's pages are replaced too");
    let doc = Document::load_mem(&pdf.bytes).unwrap();
    let pages: BTreeSet<ObjectId> = doc.get_pages().values().copied().collect();
    assert_eq!(pages.len(), pdf.pages);
    let t = tree(&doc);
    for e in &t {
        for p in &e.pages {
            assert!(pages.contains(p), "{} names a page the file does not have", e.tag);
        }
    }
    let marks = marks_of(&doc);
    let w = walk(&doc);
    let in_content: BTreeSet<(usize, i64)> =
        marks.iter().enumerate().flat_map(|(p, pm)| pm.texts.keys().map(move |m| (p, *m))).collect();
    let in_tree: BTreeSet<(usize, i64)> = w.content.iter().copied().collect();
    assert_eq!(in_tree.len(), w.content.len(), "a sequence is in the tree twice");
    assert_eq!(in_content, in_tree, "content and tree disagree");
    // Far fewer elements than the whole booklet's.
    let whole = tree(&Document::load_mem(new.bytes(DocumentKind::Booklet)).unwrap()).len();
    assert!(t.len() * 4 < whole, "{} elements of {whole}", t.len());
    assert!(t.iter().all(|e| !e.pages.is_empty() || !e.children.is_empty()), "an empty element");
    // Each page's /StructParents leads to its own entry of the ParentTree.
    let root = dict(&doc, doc.catalog().unwrap().get(b"StructTreeRoot").unwrap());
    let nums = dict(&doc, root.get(b"ParentTree").unwrap()).get(b"Nums").unwrap().as_array().unwrap().clone();
    let keys: Vec<i64> = nums.chunks(2).map(|p| p[0].as_i64().unwrap()).collect();
    let mut page_keys: Vec<i64> = pages
        .iter()
        .filter_map(|p| doc.get_dictionary(*p).unwrap().get(b"StructParents").ok().map(|k| k.as_i64().unwrap()))
        .collect();
    page_keys.sort_unstable();
    assert_eq!(keys, page_keys);
}
