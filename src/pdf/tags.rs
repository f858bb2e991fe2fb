//! Tagged PDF (ISO 32000-1 §14.7 logical structure, §14.8 tagged PDF): a
//! structure tree made from the frames, never by reading the PDF back.
//!
//! [`plan`] walks the pages' items in their order — the order the layout placed
//! them in, which is the reading order (the same order `tests/booklet.rs` checks
//! the extracted text in) — and decides for each item how its content is marked:
//! - folios and running heads: pagination artifacts (§14.8.2.2);
//! - rules and fills (table rules, backgrounds): layout artifacts; crop marks
//!   (drawn by `marks.rs`) are page artifacts, the printer's production aids;
//! - every other line, vertical column and image: one marked-content sequence
//!   with its own MCID (§14.7.4), owned by one structure element.
//!
//! The elements come from what the frames say: a line's [`Role`], whether it
//! starts its paragraph, its source span (the lines of one paragraph, item or
//! cell share it; a paragraph broken by a floating figure is joined again), its
//! baseline and the table rules between rows. Heading levels are the rank of the
//! heading's size among the document's heading sizes (H1 the largest; H3 and
//! smaller share H3). The bookmarks (`Document::outline`) give the sections: a
//! `Sect` per outline entry, titled like it, nested like it, from its page.
//! A figure's `/Alt` is its caption and the diagram's words that follow it (a
//! figure without either gets its image's file name).
//!
//! Element types (§14.8.4): Document, Sect, H1–H3, P, L / LI / Lbl / LBody,
//! Table / TR / TH / TD (THead / TBody when the table's first row repeats on a
//! later page, which tells it is the header; the repeats are artifacts), Figure,
//! Caption.

use crate::frame::{Document, Item, Role};
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

/// A source span as a map key.
type SpanKey = (u32, usize, usize);

/// What the last items opened, for the lines that follow.
enum Open {
    None,
    /// A figure just placed: captions that follow describe it.
    Figure(usize),
    /// A list and its current item, with that item's body once it has one.
    List {
        list: usize,
        item: Option<(usize, Option<usize>)>,
    },
    /// A table being read.
    Table(TableState),
}

/// A table: its current row (None after a rule) with the row's cells by x, how
/// many rows it has, the spans of its first row's cells, and whether the row
/// being read repeats that first row (the header the table kit repeats after a
/// page break).
struct TableState {
    table: usize,
    row: Option<(usize, Vec<(f64, usize)>)>,
    rows: usize,
    first: Vec<SpanKey>,
    repeating: bool,
}

impl TableState {
    fn new(table: usize) -> TableState {
        TableState { table, row: None, rows: 0, first: Vec::new(), repeating: false }
    }
}

struct Builder {
    elements: Vec<Element>,
    marks: Vec<Vec<Mark>>,
    parents: Vec<Vec<usize>>,
    /// The containers (Document, then nested Sects) and their outline depth.
    containers: Vec<usize>,
    open: Open,
    /// The latest element that took a line of each source span: a paragraph's
    /// later lines (also after a page break or a floating figure) join it.
    by_span: BTreeMap<SpanKey, usize>,
    /// Tables whose first row repeats on a later page: that row is their header.
    headed: Vec<usize>,
    /// The last table, ended by what came between its rows (a figure floated
    /// into the page break): taken up again when its header repeats.
    suspended: Option<TableState>,
}

impl Builder {
    fn element(&mut self, tag: &'static str, parent: usize) -> usize {
        self.elements.push(Element { tag, kids: Vec::new(), alt: None, title: None });
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
        Mark::Content { tag: self.elements[element].tag, mcid }
    }

    /// A new block element in the current container (ends any list, table or
    /// figure that was open).
    fn block(&mut self, tag: &'static str) -> usize {
        if let Open::Table(st) = std::mem::replace(&mut self.open, Open::None) {
            self.suspended = Some(st);
        }
        let c = self.container();
        self.element(tag, c)
    }
}

fn span_key(span: &Option<crate::diag::Span>) -> Option<SpanKey> {
    span.as_ref().map(|s| (s.file.0, s.range.start, s.range.end))
}

/// The heading sizes of a document, largest first (in 1/100 pt).
fn heading_sizes(doc: &Document) -> Vec<i64> {
    let mut sizes: Vec<i64> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(t) if t.role == Role::Heading => Some((t.size.0 * 100.0).round() as i64),
            _ => None,
        })
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    sizes
}

const HEADINGS: [&str; 3] = ["H1", "H2", "H3"];

/// The structure of `doc`.
pub fn plan(doc: &Document) -> Plan {
    let sizes = heading_sizes(doc);
    let mut b = Builder {
        elements: vec![Element { tag: "Document", kids: Vec::new(), alt: None, title: None }],
        marks: Vec::with_capacity(doc.pages.len()),
        parents: vec![Vec::new(); doc.pages.len()],
        containers: vec![0],
        open: Open::None,
        by_span: BTreeMap::new(),
        headed: Vec::new(),
        suspended: None,
    };
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
            b.open = Open::None;
            next_section += 1;
        }
        let mut marks = Vec::with_capacity(page.items.len());
        for (k, item) in page.items.iter().enumerate() {
            let mark = match item {
                Item::Text(t) => {
                    let key = span_key(&t.source);
                    // A table's header repeated after a page break (the table kit
                    // repeats it) is an artifact of the layout, not a second
                    // header row: its first occurrence becomes the table's THead.
                    if t.role == Role::Table
                        && t.para_start
                        && !matches!(b.open, Open::Table(_))
                        && let Some(st) = b.suspended.take_if(|st| key.is_some_and(|k| st.first.contains(&k)))
                    {
                        b.open = Open::Table(TableState { row: None, ..st });
                    }
                    if t.role == Role::Table
                        && let Open::Table(st) = &mut b.open
                        && (st.repeating
                            || (st.row.is_none()
                                && st.rows > 1
                                && t.para_start
                                && key.is_some_and(|k| st.first.contains(&k))))
                    {
                        st.repeating = true;
                        if !b.headed.contains(&st.table) {
                            b.headed.push(st.table);
                        }
                        marks.push(Mark::Artifact(ArtifactKind::Layout));
                        continue;
                    }
                    // A later line of a paragraph, item, cell or caption already begun.
                    let continued = (!t.para_start).then(|| key.and_then(|k| b.by_span.get(&k).copied())).flatten();
                    let owner = match t.role {
                        Role::Folio | Role::RunningHead => {
                            marks
                                .push(Mark::Artifact(ArtifactKind::Pagination { header: t.role == Role::RunningHead }));
                            continue;
                        }
                        _ if continued.is_some() => continued.unwrap_or(0),
                        Role::Heading => {
                            let size = (t.size.0 * 100.0).round() as i64;
                            let rank = sizes.iter().position(|&s| s == size).unwrap_or(0);
                            b.block(HEADINGS[rank.min(HEADINGS.len() - 1)])
                        }
                        Role::Label => {
                            // A label on the baseline of a table line is a row's header
                            // (a profile's facts); else it begins a list item.
                            let next = page.items.get(k + 1);
                            let row_label = matches!(next, Some(Item::Text(n))
                                if n.role == Role::Table && (n.origin.y.0 - t.origin.y.0).abs() < 0.5);
                            if row_label {
                                let mut st = match std::mem::replace(&mut b.open, Open::None) {
                                    Open::Table(st) => st,
                                    _ => TableState::new(b.block("Table")),
                                };
                                let row = b.element("TR", st.table);
                                st.row = Some((row, Vec::new()));
                                st.rows += 1;
                                b.open = Open::Table(st);
                                b.element("TH", row)
                            } else {
                                let list = match b.open {
                                    Open::List { list, .. } => list,
                                    _ => b.block("L"),
                                };
                                let li = b.element("LI", list);
                                b.open = Open::List { list, item: Some((li, None)) };
                                b.element("Lbl", li)
                            }
                        }
                        Role::Table => {
                            let mut st = match std::mem::replace(&mut b.open, Open::None) {
                                Open::Table(st) => st,
                                _ => TableState::new(b.block("Table")),
                            };
                            let (row, mut cells) = match st.row.take() {
                                Some(r) => r,
                                None => {
                                    st.rows += 1;
                                    (b.element("TR", st.table), Vec::new())
                                }
                            };
                            if st.rows == 1
                                && let Some(k) = key
                            {
                                st.first.push(k);
                            }
                            // A header row the layout marked: the table's THead, whether or
                            // not it repeats on a later page.
                            if st.rows == 1 && t.header && !b.headed.contains(&st.table) {
                                b.headed.push(st.table);
                            }
                            let x = t.origin.x.0;
                            let cell = match cells.iter().find(|(cx, _)| (cx - x).abs() < 0.5) {
                                Some(&(_, cell)) => cell,
                                None => {
                                    let cell = b.element("TD", row);
                                    cells.push((x, cell));
                                    cell
                                }
                            };
                            st.row = Some((row, cells));
                            b.open = Open::Table(st);
                            cell
                        }
                        Role::Body => match b.open {
                            // The text after a list item's label: its body. (Its later
                            // lines join it through their span.)
                            Open::List { list, item: Some((li, None)) } => {
                                let body = b.element("LBody", li);
                                b.open = Open::List { list, item: Some((li, Some(body))) };
                                body
                            }
                            _ => b.block("P"),
                        },
                        Role::Caption => {
                            let figure = if let Open::Figure(f) = b.open { Some(f) } else { None };
                            let caption = b.block("Caption");
                            if let Some(f) = figure {
                                b.open = Open::Figure(f);
                            }
                            caption
                        }
                        Role::Cover | Role::Spine => b.block("P"),
                    };
                    if let Some(k) = key {
                        b.by_span.insert(k, owner);
                    }
                    if t.role == Role::Caption {
                        describe(&mut b, &t.text());
                    }
                    b.content(pi, owner)
                }
                Item::Vertical(v) => {
                    let key = span_key(&v.source);
                    // Columns of one text, one after another, are one paragraph.
                    let owner = match key.and_then(|k| b.by_span.get(&k).copied()) {
                        Some(p) if p + 1 == b.elements.len() && b.elements[p].tag == "P" => p,
                        _ => b.block("P"),
                    };
                    if let Some(k) = key {
                        b.by_span.insert(k, owner);
                    }
                    b.content(pi, owner)
                }
                Item::Image(im) => {
                    let figure = b.block("Figure");
                    b.open = Open::Figure(figure);
                    let name =
                        im.picture.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    b.elements[figure].title = Some(name);
                    b.content(pi, figure)
                }
                Item::Rule(_) | Item::Fill(_) => {
                    // A rule ends a table row (the table kit rules between rows).
                    if let Open::Table(st) = &mut b.open {
                        st.row = None;
                        st.repeating = false;
                    }
                    Mark::Artifact(ArtifactKind::Layout)
                }
            };
            marks.push(mark);
        }
        b.marks.push(marks);
    }
    // A table whose first row repeats on later pages: that row is its header
    // (THead, its cells TH), the other rows its body (TBody).
    for table in std::mem::take(&mut b.headed) {
        let rows: Vec<Kid> = std::mem::take(&mut b.elements[table].kids);
        let Some((first, rest)) = rows.split_first() else { continue };
        let head = b.element("THead", table);
        let body = b.element("TBody", table);
        if let Kid::Element(tr) = *first {
            for k in b.elements[tr].kids.clone() {
                if let Kid::Element(cell) = k {
                    b.elements[cell].tag = "TH";
                }
            }
        }
        b.elements[head].kids.push(*first);
        b.elements[body].kids.extend_from_slice(rest);
    }
    // A figure with neither caption nor words is named by its file.
    for e in &mut b.elements {
        if e.tag == "Figure" {
            let name = e.title.take();
            if e.alt.is_none() {
                e.alt = name;
            }
        }
    }
    Plan { marks: b.marks, elements: b.elements, parents: b.parents }
}

/// A caption line that follows a figure adds to its /Alt.
fn describe(b: &mut Builder, text: &str) {
    if let Open::Figure(f) = b.open {
        let alt = b.elements[f].alt.get_or_insert_with(String::new);
        alt.push_str(text);
    }
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
        b.extend_from_slice(b"/K[");
        for (n, k) in e.kids.iter().enumerate() {
            if n > 0 {
                b.push(b' ');
            }
            let _ = match *k {
                Kid::Element(c) => match ids[c] {
                    Some(cid) => write!(b, "{cid} 0 R"),
                    None => Ok(()),
                },
                Kid::Content { page, mcid } if Some(page) == first_page => write!(b, "{mcid}"),
                Kid::Content { page, mcid } => write!(b, "<</Type/MCR/Pg {} 0 R/MCID {mcid}>>", page_num(page)),
            };
        }
        b.extend_from_slice(b"]>>");
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
