//! Tagged PDF (ISO 32000-1 §14.7 logical structure, §14.8 tagged PDF): the
//! structure tree the frames carry, written — never guessed from sizes or
//! positions, never read back from the PDF.
//!
//! The recipes say what each line, column and image is
//! (`frame::StructNode`: a heading of a level, a paragraph, a list item's label
//! and body, a table's header and data cells, a figure with its description,
//! a caption), each element in the one it is part of. [`plan`] walks the
//! pages' items in their order — the order the layout placed them in, which is
//! the reading order (the same order `tests/booklet.rs` checks the extracted
//! text in) — and decides for each item how its content is marked:
//! - folios and running heads: pagination artifacts (§14.8.2.2);
//! - rules and fills (table rules, backgrounds): layout artifacts; crop marks
//!   (drawn by `marks.rs`) are page artifacts, the printer's production aids;
//! - a table's header row repeated on a later page (the paginator repeats it):
//!   a layout artifact, the row being in the tree once;
//! - every other line, vertical column and image: one marked-content sequence
//!   with its own MCID (§14.7.4), owned by the element the frame names. The
//!   lines of one element (a paragraph over a page break or around a floating
//!   figure, a cell's lines) join it however far apart they are.
//!
//! An element is created where its first content is, in the element the frame
//! names as its parent; an element without one is in the current section. The
//! bookmarks (`Document::outline`) give the sections: a `Sect` per outline
//! entry, titled like it, nested like it, from its page.
//!
//! Element types (§14.8.4): Document, Sect, H1–H6, P, L / LI / Lbl / LBody,
//! Table / THead / TBody / TR / TH (with its /Scope, §14.8.5.7) / TD, Figure
//! (with /Alt, §14.9.3), Caption.

use crate::frame::{Document, Item, Role, Scope, StructNode, StructRole};
use std::collections::BTreeMap;

/// How one item's content is marked in the content stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Not part of the document's content (§14.8.2.2): `/Artifact << /Type … >> BDC`.
    Artifact(ArtifactKind),
    /// Real content: `/<tag> << /MCID n >> BDC`, owned by a structure element.
    Content { tag: &'static str, mcid: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// Folios (`/Subtype /Footer`) and running heads (`/Subtype /Header`).
    Pagination { header: bool },
    /// Rules and fills that only decorate or separate.
    Layout,
}

/// A structure element.
#[derive(Debug, Clone)]
pub struct Element {
    pub tag: &'static str,
    pub kids: Vec<Kid>,
    /// Alternate description (Figure).
    pub alt: Option<String>,
    /// Title (a Sect, from its bookmark).
    pub title: Option<String>,
    /// What a header cell heads (TH: `/A << /O /Table /Scope … >>`).
    pub scope: Option<Scope>,
    /// The page of its first content.
    page: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    Element(usize),
    /// A marked-content sequence: page index and MCID.
    Content {
        page: usize,
        mcid: usize,
    },
}

/// The structure of one document: marks per page and item, the elements (the
/// first is the Document element), and per page the element owning each MCID.
#[derive(Debug, Clone)]
pub struct Plan {
    pub marks: Vec<Vec<Mark>>,
    pub elements: Vec<Element>,
    pub parents: Vec<Vec<usize>>,
}

/// The structure type of a role (ISO 32000-1 §14.8.4). Headings deeper than
/// six (the standard types end at H6) are H6.
fn tag_of(role: &StructRole) -> &'static str {
    const HEADINGS: [&str; 6] = ["H1", "H2", "H3", "H4", "H5", "H6"];
    match role {
        StructRole::Heading(level) => HEADINGS[usize::from(*level).clamp(1, 6) - 1],
        StructRole::Paragraph => "P",
        StructRole::List => "L",
        StructRole::ListItem => "LI",
        StructRole::Label => "Lbl",
        StructRole::ListBody => "LBody",
        StructRole::Table => "Table",
        StructRole::TableHead => "THead",
        StructRole::TableBody => "TBody",
        StructRole::Row => "TR",
        StructRole::HeaderCell(_) => "TH",
        StructRole::Cell => "TD",
        StructRole::Figure { .. } => "Figure",
        StructRole::Caption => "Caption",
    }
}

struct Builder {
    elements: Vec<Element>,
    parents: Vec<Vec<usize>>,
    /// The containers (Document, then nested Sects) and their outline depth.
    containers: Vec<usize>,
    /// The element made for each structure node, by the node's address (only
    /// looked up, never iterated: the file does not depend on addresses).
    by_node: BTreeMap<usize, usize>,
}

impl Builder {
    fn element(&mut self, tag: &'static str, parent: usize) -> usize {
        self.elements.push(Element { tag, kids: Vec::new(), alt: None, title: None, scope: None, page: None });
        let id = self.elements.len() - 1;
        self.elements[parent].kids.push(Kid::Element(id));
        id
    }

    fn container(&self) -> usize {
        *self.containers.last().unwrap_or(&0)
    }

    /// Give the item at `page` its MCID, owned by `element`.
    fn content(&mut self, page: usize, element: usize) -> Mark {
        let mcid = self.parents[page].len();
        self.parents[page].push(element);
        self.elements[element].kids.push(Kid::Content { page, mcid });
        self.elements[element].page.get_or_insert(page);
        Mark::Content { tag: self.elements[element].tag, mcid }
    }

    /// The element of `node`, made (with its parents) the first time.
    fn of(&mut self, node: &std::sync::Arc<StructNode>) -> usize {
        let key = std::sync::Arc::as_ptr(node) as usize;
        if let Some(&e) = self.by_node.get(&key) {
            return e;
        }
        let parent = match &node.parent {
            Some(p) => self.of(p),
            None => self.container(),
        };
        let e = self.element(tag_of(&node.role), parent);
        match &node.role {
            StructRole::Figure { alt } => self.elements[e].alt = Some(alt.clone()),
            StructRole::HeaderCell(scope) => self.elements[e].scope = Some(*scope),
            _ => {}
        }
        self.by_node.insert(key, e);
        e
    }
}

/// The structure of `doc`.
pub fn plan(doc: &Document) -> Plan {
    let mut b = Builder {
        elements: vec![Element { tag: "Document", kids: Vec::new(), alt: None, title: None, scope: None, page: None }],
        parents: vec![Vec::new(); doc.pages.len()],
        containers: vec![0],
        by_node: BTreeMap::new(),
    };
    let mut all_marks = Vec::with_capacity(doc.pages.len());
    // The bookmarks in order, with their depth: a Sect opens at each one's page.
    let mut sections = Vec::new();
    flatten(&doc.outline, 0, &mut sections);
    sections.sort_by_key(|&(page, _, _)| page);
    let mut next_section = 0;
    for (pi, page) in doc.pages.iter().enumerate() {
        while let Some(&(p, depth, title)) = sections.get(next_section) {
            if p > pi {
                break;
            }
            b.containers.truncate(depth + 1);
            let parent = b.container();
            let sect = b.element("Sect", parent);
            b.elements[sect].title = Some(title.to_string());
            b.containers.push(sect);
            next_section += 1;
        }
        let mut marks = Vec::with_capacity(page.items.len());
        for item in &page.items {
            let mark = match (item, item.structure()) {
                (Item::Rule(_) | Item::Fill(_), _) => Mark::Artifact(ArtifactKind::Layout),
                (Item::Text(t), _) if matches!(t.role, Role::Folio | Role::RunningHead) => {
                    Mark::Artifact(ArtifactKind::Pagination { header: t.role == Role::RunningHead })
                }
                (_, Some(node)) => {
                    // A header row again on a later page of its table.
                    let in_head = std::iter::successors(Some(node), |n| n.parent.as_ref())
                        .any(|n| n.role == StructRole::TableHead);
                    let e = b.of(node);
                    if in_head && b.elements[e].page.is_some_and(|p| p < pi) {
                        Mark::Artifact(ArtifactKind::Layout)
                    } else {
                        b.content(pi, e)
                    }
                }
                // Content no recipe placed in the structure: a paragraph (a
                // figure) of its own, so that nothing is left out of the tree.
                (_, None) => {
                    let tag = if matches!(item, Item::Image(_)) { "Figure" } else { "P" };
                    let c = b.container();
                    let e = b.element(tag, c);
                    if let Item::Image(im) = item {
                        let name = im.picture.path.file_name().map(|n| n.to_string_lossy().into_owned());
                        b.elements[e].alt = Some(name.unwrap_or_default());
                    }
                    b.content(pi, e)
                }
            };
            marks.push(mark);
        }
        all_marks.push(marks);
    }
    Plan { marks: all_marks, elements: b.elements, parents: b.parents }
}

fn flatten<'a>(items: &'a [crate::frame::OutlineItem], depth: usize, out: &mut Vec<(usize, usize, &'a str)>) {
    for it in items {
        out.push((it.page, depth, it.title.as_str()));
        flatten(&it.children, depth + 1, out);
    }
}

impl Plan {
    /// Whether an element holds content (itself or below): empty Sects (two
    /// bookmarks on one page) are left out of the tree.
    pub fn non_empty(&self) -> Vec<bool> {
        fn visit(plan: &Plan, e: usize, keep: &mut [bool]) -> bool {
            let mut any = false;
            for k in &plan.elements[e].kids {
                any |= match k {
                    Kid::Content { .. } => true,
                    Kid::Element(c) => visit(plan, *c, keep),
                };
            }
            keep[e] = any;
            any
        }
        let mut keep = vec![false; self.elements.len()];
        if !self.elements.is_empty() {
            visit(self, 0, &mut keep);
        }
        keep
    }
}

/// Write the structure tree into `lo` (§14.7.2): the StructTreeRoot, the
/// ParentTree (a number tree from each page's /StructParents to the elements
/// owning its MCIDs, §14.7.4.4) and /StructParents on the pages. The elements
/// themselves are returned serialised, with ids reserved in `lo`, for the
/// object streams of `compact.rs`: thousands of small dictionaries are written
/// straight to bytes rather than built as lopdf objects first. Returns the
/// StructTreeRoot's id and the elements.
pub fn write(
    lo: &mut lopdf::Document,
    plan: &Plan,
    pages: &[lopdf::ObjectId],
) -> (lopdf::ObjectId, Vec<(u32, Vec<u8>)>) {
    use lopdf::{Dictionary, Object};
    use std::io::Write as _;
    let keep = plan.non_empty();
    let root = lo.new_object_id();
    // Ids in element order, so that the file is the same on every run.
    let ids: Vec<Option<u32>> = keep.iter().map(|&k| k.then(|| lo.new_object_id().0)).collect();
    let mut parent_of: Vec<u32> = vec![root.0; plan.elements.len()];
    for (i, e) in plan.elements.iter().enumerate() {
        for k in &e.kids {
            if let (Kid::Element(c), Some(id)) = (k, ids[i]) {
                parent_of[*c] = id;
            }
        }
    }
    let page_num = |p: usize| pages[p].0;
    let mut out = Vec::with_capacity(plan.elements.len());
    for (i, e) in plan.elements.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        // The element's page: that of its first content, so that its MCIDs on
        // that page are plain integers; content on other pages is an MCR.
        let first_page = e.kids.iter().find_map(|k| if let Kid::Content { page, .. } = k { Some(*page) } else { None });
        let mut b = Vec::with_capacity(96);
        let _ = write!(b, "<</Type/StructElem/S/{}/P {} 0 R", e.tag, parent_of[i]);
        if let Some(p) = first_page {
            let _ = write!(b, "/Pg {} 0 R", page_num(p));
        }
        if let Some(t) = &e.title {
            b.extend_from_slice(b"/T");
            super::compact::write_object(&mut b, &super::fixup::text_string(t));
        }
        if let Some(a) = &e.alt {
            b.extend_from_slice(b"/Alt");
            super::compact::write_object(&mut b, &super::fixup::text_string(a));
        }
        // A header cell's scope, in the Table attributes (§14.8.5.7).
        match e.scope {
            Some(Scope::Row) => b.extend_from_slice(b"/A<</O/Table/Scope/Row>>"),
            Some(Scope::Column) => b.extend_from_slice(b"/A<</O/Table/Scope/Column>>"),
            None => {}
        }
        // The kids (empty elements left out); one kid is written alone.
        let kids: Vec<&Kid> = e.kids.iter().filter(|k| !matches!(k, Kid::Element(c) if ids[*c].is_none())).collect();
        b.extend_from_slice(if kids.len() == 1 { b"/K " } else { b"/K[" });
        for (n, k) in kids.iter().enumerate() {
            if n > 0 {
                b.push(b' ');
            }
            let _ = match **k {
                Kid::Element(c) => write!(b, "{} 0 R", ids[c].unwrap_or(0)),
                Kid::Content { page, mcid } if Some(page) == first_page => write!(b, "{mcid}"),
                Kid::Content { page, mcid } => write!(b, "<</Type/MCR/Pg {} 0 R/MCID {mcid}>>", page_num(page)),
            };
        }
        b.extend_from_slice(if kids.len() == 1 { b">>" } else { b"]>>" });
        out.push((id, b));
    }
    let mut nums = Vec::new();
    for (page, owners) in plan.parents.iter().enumerate() {
        if owners.is_empty() {
            continue;
        }
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(
            owners.iter().map(|&e| ids[e].map_or(Object::Null, |id| Object::Reference((id, 0)))).collect(),
        ));
        if let Ok(dict) = lo.get_object_mut(pages[page]).and_then(Object::as_dict_mut) {
            dict.set("StructParents", Object::Integer(page as i64));
        }
    }
    let parent_tree = lo.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    let top: Vec<Object> = ids.first().copied().flatten().map(|id| Object::Reference((id, 0))).into_iter().collect();
    lo.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Array(top)),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(plan.parents.len() as i64)),
        ])),
    );
    (root, out)
}

/// A document's structure tree cut to the pages it still has (after
/// `lopdf::Document::delete_pages`: the replacement file, `diff.rs`): every
/// marked-content reference to a page no longer there is dropped, then every
/// element left without content, and the ParentTree keeps the entries of the
/// pages that remain (§14.7.4.4). What no longer belongs to the tree is left
/// for `prune_objects`. A document without a tree is left as it is.
pub(crate) fn keep_own_pages(doc: &mut lopdf::Document) -> Result<(), super::PdfError> {
    use lopdf::Object;
    let err = |e: lopdf::Error| super::PdfError(e.to_string());
    let pages: std::collections::BTreeSet<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let Some(root) = doc.catalog().ok().and_then(|c| c.get(b"StructTreeRoot").ok()).and_then(|o| o.as_reference().ok())
    else {
        return Ok(());
    };
    /// Keep what of element `id` marks content on `pages`; whether anything is left.
    fn prune(
        doc: &mut lopdf::Document,
        id: lopdf::ObjectId,
        pages: &std::collections::BTreeSet<lopdf::ObjectId>,
    ) -> bool {
        let Ok(dict) = doc.get_dictionary(id) else { return false };
        let pg = dict.get(b"Pg").ok().and_then(|o| o.as_reference().ok());
        let kids = match dict.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        let on_page = |o: &Object| o.as_reference().is_ok_and(|p| pages.contains(&p));
        let mut kept = Vec::with_capacity(kids.len());
        for k in kids {
            let keep = match &k {
                Object::Integer(_) => pg.is_some_and(|p| pages.contains(&p)),
                Object::Dictionary(d) => d.get(b"Pg").is_ok_and(on_page),
                Object::Reference(r) => prune(doc, *r, pages),
                _ => false,
            };
            if keep {
                kept.push(k);
            }
        }
        let any = !kept.is_empty();
        if let Ok(dict) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
            if pg.is_some_and(|p| !pages.contains(&p)) {
                dict.remove(b"Pg");
            }
            dict.set("K", Object::Array(kept));
        }
        any
    }
    let top = match doc.get_dictionary(root).map_err(err)?.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    let mut kept_top = Vec::new();
    for k in top {
        if let Object::Reference(r) = k
            && prune(doc, r, &pages)
        {
            kept_top.push(Object::Reference(r));
        }
    }
    // The ParentTree entries of the remaining pages.
    let keys: std::collections::BTreeSet<i64> =
        pages.iter().filter_map(|p| doc.get_dictionary(*p).ok()?.get(b"StructParents").ok()?.as_i64().ok()).collect();
    let tree = doc.get_dictionary(root).map_err(err)?.get(b"ParentTree").and_then(Object::as_reference).map_err(err)?;
    let nums = doc.get_dictionary(tree).map_err(err)?.get(b"Nums").and_then(Object::as_array).cloned().map_err(err)?;
    let nums: Vec<Object> = nums
        .chunks(2)
        .filter(|pair| pair[0].as_i64().is_ok_and(|k| keys.contains(&k)))
        .flat_map(|pair| pair.iter().cloned())
        .collect();
    doc.get_object_mut(tree).and_then(Object::as_dict_mut).map_err(err)?.set("Nums", Object::Array(nums));
    doc.get_object_mut(root).and_then(Object::as_dict_mut).map_err(err)?.set("K", Object::Array(kept_top));
    Ok(())
}

/// Join the structure tree whose root is `other` (a second file's, its objects
/// already moved into `doc`, its pages `moved` already in `doc`'s page tree) to `doc`'s:
/// its elements go after `doc`'s under the one root, its ParentTree entries
/// are renumbered after `doc`'s and the moved pages' /StructParents with them.
pub(crate) fn append_tree(
    doc: &mut lopdf::Document,
    other: lopdf::ObjectId,
    moved: &[lopdf::ObjectId],
) -> Result<(), super::PdfError> {
    use lopdf::Object;
    let err = |e: lopdf::Error| super::PdfError(e.to_string());
    let Some(root) = doc.catalog().ok().and_then(|c| c.get(b"StructTreeRoot").ok()).and_then(|o| o.as_reference().ok())
    else {
        return Ok(());
    };
    let read = |doc: &lopdf::Document, id| -> Result<(Vec<Object>, lopdf::ObjectId, i64), super::PdfError> {
        let d = doc.get_dictionary(id).map_err(err)?;
        let kids = match d.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => Vec::new(),
        };
        let tree = d.get(b"ParentTree").and_then(Object::as_reference).map_err(err)?;
        let next = d.get(b"ParentTreeNextKey").and_then(Object::as_i64).unwrap_or(0);
        Ok((kids, tree, next))
    };
    let (mut kids, tree, next) = read(doc, root)?;
    let (other_kids, other_tree, other_next) = read(doc, other)?;
    for k in &other_kids {
        if let Ok(r) = k.as_reference()
            && let Ok(d) = doc.get_object_mut(r).and_then(Object::as_dict_mut)
        {
            d.set("P", Object::Reference(root));
        }
    }
    kids.extend(other_kids);
    let get_nums = |doc: &lopdf::Document, t| {
        doc.get_dictionary(t).and_then(|d| d.get(b"Nums")).and_then(Object::as_array).cloned().map_err(err)
    };
    let mut nums = get_nums(doc, tree)?;
    let other_nums = get_nums(doc, other_tree)?;
    for pair in other_nums.chunks(2) {
        if let Ok(k) = pair[0].as_i64() {
            nums.push(Object::Integer(k + next));
            nums.push(pair[1].clone());
        }
    }
    for page in moved {
        if let Ok(d) = doc.get_object_mut(*page).and_then(Object::as_dict_mut)
            && let Ok(key) = d.get(b"StructParents").and_then(Object::as_i64)
        {
            d.set("StructParents", Object::Integer(key + next));
        }
    }
    doc.get_object_mut(tree).and_then(Object::as_dict_mut).map_err(err)?.set("Nums", Object::Array(nums));
    let r = doc.get_object_mut(root).and_then(Object::as_dict_mut).map_err(err)?;
    r.set("K", Object::Array(kids));
    r.set("ParentTreeNextKey", Object::Integer(next + other_next));
    Ok(())
}
