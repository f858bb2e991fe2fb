//! A Word application form (.docx, ECMA-376 WordprocessingML) → one winner
//! file and its images.
//!
//! Read from the package's parts with quick-xml, as events (no tree, no
//! recursion: a deeply nested file costs no stack): `word/document.xml` (the
//! body), `word/styles.xml` (which style is a heading, a caption, a list),
//! `word/numbering.xml` (what a list's labels are: Word draws them, they are
//! not in the text) and `word/_rels/document.xml.rels` (which part a picture
//! is). What each part of the form becomes:
//!
//! | in the form | in the winner file |
//! |---|---|
//! | a two-column table of particulars (団体名, ふりがな, 所在地, 代表者, …: [`FIELDS`]) | `name`, `reading`, `category`, `[facts]`, … |
//! | a heading of level 1 (「1. 取組の名称」) | a `[[section]]`: `number` when it is one of the category's `sections`, else its own `heading` |
//! | paragraphs, numbered and bulleted lists | the plain `body` text (`model::plain`): a paragraph a blank line apart, an item as its label (made from the list's format, e.g. `1.` `・` `①`) and its text, two spaces of indentation per nesting level |
//! | a heading of level 2 or more | a sub-heading block (`heading`) |
//! | a table | a `table` block (its repeated header row as `table.header`) |
//! | a picture (PNG or JPEG) and a caption paragraph after it | a `figure` block, the image copied into `images/<id>-<n>.png` |
//!
//! What is not mapped is listed with its place: the title, text before the
//! first heading, text boxes, footnotes, embedded objects, linked or other
//! pictures, merged cells, tables inside tables.

use super::{Draft, Note, Out, Package, Place, SectionDraft, Target};
use crate::diag::Message;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;

/// The labels of the particulars table and the field each fills (compared
/// with [`super::folded`]: no spaces, a trailing colon dropped).
pub const FIELDS: &[(&str, &[&str])] = &[
    ("category", &["応募部門", "部門", "部", "category"]),
    ("award", &["賞", "受賞", "award"]),
    ("name", &["団体名", "企業名", "会社名", "名称", "氏名", "応募者", "応募者名", "応募団体名", "name"]),
    ("reading", &["ふりがな", "フリガナ", "よみがな", "読みがな", "よみ", "読み", "reading"]),
    ("ward", &["区", "市区町村", "区市町村", "ward"]),
    ("url", &["url", "ホームページ", "webサイト", "ウェブサイト", "website"]),
    ("overview", &["概要", "取組の概要", "取り組みの概要", "実施概要", "overview"]),
    ("start", &["実施時期", "開始時期", "start"]),
    ("address", &["所在地", "住所", "address"]),
    ("representative", &["代表者", "代表者名", "representative"]),
    ("phone", &["電話", "電話番号", "tel", "phone"]),
    ("fax", &["fax", "ファックス", "fax番号"]),
    ("capital", &["資本金", "capital"]),
    ("industry", &["業種", "事業内容", "industry"]),
    ("employees", &["従業員数", "職員数", "会員数", "社員数", "employees"]),
];

/// The field a particulars label names.
fn field_of(label: &str) -> Option<&'static str> {
    let l = super::folded(label);
    FIELDS.iter().find(|(_, words)| words.iter().any(|w| super::folded(w) == l)).map(|(f, _)| *f)
}

/// A paragraph of the body as read.
#[derive(Debug, Default, Clone)]
struct Para {
    /// 1-based among the body's paragraphs (those outside tables).
    n: usize,
    style: Option<String>,
    num: Option<(String, u8)>,
    ind_left: Option<i64>,
    first_line: bool,
    text: String,
    images: Vec<String>,
    /// Each image's description as the author gave it in Word (the drawing's
    /// `wp:docPr/@descr`, Word's 代替テキスト), by the image's place in `images`.
    image_alts: Vec<Option<String>>,
    /// Things in the paragraph not imported: the locale key of each.
    skipped: Vec<&'static str>,
}

#[derive(Debug, Default, Clone)]
struct Table {
    /// 1-based among the body's tables.
    n: usize,
    rows: Vec<Row>,
    merged: Option<(usize, usize)>,
    nested: Option<(usize, usize)>,
    /// What a cell held that a cell's text cannot (a picture, a text box):
    /// row, column and the locale key saying what.
    lost: Vec<(usize, usize, &'static str)>,
}

#[derive(Debug, Default, Clone)]
struct Row {
    header: bool,
    cells: Vec<String>,
}

#[derive(Debug, Clone)]
enum Item {
    Para(Para),
    Table(Table),
}

/// The value of attribute `w:<name>` (any prefix) of an element.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn xml_error(part: &str, e: impl std::fmt::Display) -> Note {
    Note::error(Place::Whole, Message::new("import.bad_xml").arg("part", part).arg("detail", e.to_string()))
}

/// The text of a text or reference event.
fn event_text(ev: &Event) -> String {
    match ev {
        Event::Text(t) => t.xml10_content().into_owned(),
        Event::CData(t) => t.xml10_content().into_owned(),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => c.to_string(),
            _ => quick_xml::escape::resolve_predefined_entity(r).unwrap_or_default().to_string(),
        },
        _ => String::new(),
    }
}

/// Read `word/document.xml`'s body into paragraphs and tables.
fn read_body(xml: &str) -> Result<Vec<Item>, Note> {
    let part = "word/document.xml";
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut items = Vec::new();
    let mut para: Option<Para> = None;
    let mut para_count = 0;
    // The description (`wp:docPr/@descr`) of the drawing being read, for its picture.
    let mut drawing_alt: Option<String> = None;
    let mut table_count = 0;
    let mut table: Option<Table> = None;
    // Depths of the elements whose content is skipped or treated apart.
    let (mut tbl_depth, mut skip_depth, mut txbx_depth) = (0usize, 0usize, 0usize);
    let (mut in_t, mut in_run, mut in_ppr, mut in_numpr) = (false, false, false, false);
    let mut cell_paras: Vec<String> = Vec::new();
    let mut span = 1usize;
    loop {
        let ev = reader.read_event().map_err(|e| xml_error(part, e))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let local = e.local_name();
            let name = local.as_ref();
            // mc:Fallback repeats mc:Choice for older readers; w:del is deleted text.
            if skip_depth > 0 || matches!(name, "Fallback" | "del" | "moveFrom") {
                if !empty {
                    skip_depth += 1;
                }
                continue;
            }
            if txbx_depth > 0 {
                if name == "txbxContent" && !empty {
                    txbx_depth += 1;
                }
                continue;
            }
            match name {
                "tbl" if !empty => {
                    tbl_depth += 1;
                    if tbl_depth == 1 {
                        table_count += 1;
                        table = Some(Table { n: table_count, ..Default::default() });
                    } else if let Some(t) = &mut table {
                        let at = (t.rows.len(), t.rows.last().map_or(0, |r| r.cells.len() + 1));
                        t.nested.get_or_insert(at);
                    }
                }
                "tr" if tbl_depth == 1 => {
                    if let Some(t) = &mut table {
                        t.rows.push(Row::default());
                    }
                }
                "tblHeader" if tbl_depth == 1 => {
                    let on = attr(&e, "val").is_none_or(|v| !matches!(v.as_str(), "false" | "0" | "off"));
                    if let Some(row) = table.as_mut().and_then(|t| t.rows.last_mut()) {
                        row.header = on;
                    }
                }
                "tc" if tbl_depth == 1 && !empty => {
                    cell_paras.clear();
                    span = 1;
                }
                "gridSpan" | "vMerge" | "hMerge" if tbl_depth == 1 => {
                    if let Some(t) = &mut table {
                        let at = (t.rows.len(), t.rows.last().map_or(0, |r| r.cells.len() + 1));
                        t.merged.get_or_insert(at);
                        if name == "gridSpan" {
                            // The columns a merged cell spans are kept, empty
                            // after its text, so every row has the table's columns.
                            span = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                        }
                    }
                }
                "p" => {
                    if tbl_depth == 0 {
                        para_count += 1;
                    }
                    para = Some(Para { n: para_count, ..Default::default() });
                    if empty {
                        finish_para(&mut para, &mut table, &mut cell_paras, &mut items);
                    }
                }
                "pPr" if !empty => in_ppr = true,
                "numPr" if !empty => in_numpr = true,
                "pStyle" if in_ppr => {
                    if let Some(p) = &mut para {
                        p.style = attr(&e, "val");
                    }
                }
                "ilvl" | "numId" if in_numpr => {
                    if let Some(p) = &mut para {
                        let v = attr(&e, "val").unwrap_or_default();
                        let (id, lvl) = p.num.get_or_insert((String::new(), 0));
                        if name == "numId" {
                            *id = v;
                        } else {
                            *lvl = v.parse().unwrap_or(0);
                        }
                    }
                }
                "ind" if in_ppr => {
                    if let Some(p) = &mut para {
                        p.ind_left = attr(&e, "left").or_else(|| attr(&e, "start")).and_then(|v| v.parse().ok());
                        let first = |k| attr(&e, k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
                        p.first_line = first("firstLine") > 0 || first("firstLineChars") > 0;
                    }
                }
                "r" if !empty => in_run = true,
                "t" if !empty && in_run => in_t = true,
                "tab" if in_run => push_text(&mut para, " "),
                // A page or column break is no line of the text.
                "br" | "cr" if in_run && attr(&e, "type").is_none_or(|t| t == "textWrapping") => {
                    push_text(&mut para, "\n")
                }
                "noBreakHyphen" if in_run => push_text(&mut para, "\u{2011}"),
                // A drawing's description comes before its picture (ECMA-376 §20.4.2.5).
                "docPr" => drawing_alt = attr(&e, "descr").map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
                "blip" => {
                    if let (Some(p), Some(id)) = (&mut para, attr(&e, "embed")) {
                        p.images.push(id);
                        p.image_alts.push(drawing_alt.take());
                    } else if let (Some(p), Some(_)) = (&mut para, attr(&e, "link")) {
                        p.skipped.push("import.image_linked");
                    }
                }
                "imagedata" => {
                    if let (Some(p), Some(id)) = (&mut para, attr(&e, "id")) {
                        p.images.push(id);
                        p.image_alts.push(drawing_alt.take());
                    }
                }
                "txbxContent" if !empty => {
                    txbx_depth += 1;
                    if let Some(p) = &mut para {
                        p.skipped.push("import.textbox");
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    if let Some(p) = &mut para {
                        p.skipped.push("import.footnote");
                    }
                }
                "object" | "chart" | "oMath" | "oMathPara" => {
                    if let Some(p) = &mut para {
                        p.skipped.push("import.object");
                    }
                    if !empty && name != "chart" {
                        skip_depth += 1;
                    }
                }
                _ => {}
            }
            continue;
        }
        match &ev {
            Event::End(e) => {
                let local = e.local_name();
                let name = local.as_ref();
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                if txbx_depth > 0 {
                    if name == "txbxContent" {
                        txbx_depth -= 1;
                    }
                    continue;
                }
                match name {
                    "t" => in_t = false,
                    "r" => in_run = false,
                    "pPr" => in_ppr = false,
                    "numPr" => in_numpr = false,
                    "p" => finish_para(&mut para, &mut table, &mut cell_paras, &mut items),
                    "tc" if tbl_depth == 1 => {
                        if let Some(row) = table.as_mut().and_then(|t| t.rows.last_mut()) {
                            row.cells.push(cell_paras.join("\n"));
                            for _ in 1..span {
                                row.cells.push(String::new());
                            }
                        }
                        cell_paras.clear();
                    }
                    "tbl" => {
                        tbl_depth = tbl_depth.saturating_sub(1);
                        if tbl_depth == 0
                            && let Some(t) = table.take()
                        {
                            items.push(Item::Table(t));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if in_t && skip_depth == 0 && txbx_depth == 0 => {
                push_text(&mut para, &event_text(&ev));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(items)
}

fn push_text(para: &mut Option<Para>, s: &str) {
    if let Some(p) = para {
        p.text.push_str(s);
    }
}

/// A paragraph ends: into the body, or into the cell being read.
fn finish_para(para: &mut Option<Para>, table: &mut Option<Table>, cell: &mut Vec<String>, items: &mut Vec<Item>) {
    let Some(p) = para.take() else { return };
    match table {
        Some(t) => {
            let (row, col) = (t.rows.len(), t.rows.last().map_or(0, |r| r.cells.len() + 1));
            if !p.images.is_empty() {
                t.lost.push((row, col, "import.image_in_table"));
            }
            for key in p.skipped {
                t.lost.push((row, col, key));
            }
            cell.push(p.text);
        }
        None => items.push(Item::Para(p)),
    }
}

/// What a paragraph style is, from `word/styles.xml`.
#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    num: Option<(String, u8)>,
    outline: Option<u8>,
}

#[derive(Debug, Default)]
struct Styles(BTreeMap<String, Style>);

impl Styles {
    fn read(xml: &str) -> Result<Styles, Note> {
        let part = "word/styles.xml";
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut map = BTreeMap::new();
        let mut current: Option<(String, Style)> = None;
        loop {
            match reader.read_event().map_err(|e| xml_error(part, e))? {
                Event::Start(e) | Event::Empty(e) => {
                    let local = e.local_name();
                    match local.as_ref() {
                        "style" => {
                            current = attr(&e, "styleId").map(|id| (id, Style::default()));
                        }
                        "name" => {
                            if let Some((_, s)) = &mut current {
                                s.name = attr(&e, "val").unwrap_or_default().to_lowercase();
                            }
                        }
                        "basedOn" => {
                            if let Some((_, s)) = &mut current {
                                s.based_on = attr(&e, "val");
                            }
                        }
                        "numId" => {
                            if let Some((_, s)) = &mut current {
                                s.num.get_or_insert((String::new(), 0)).0 = attr(&e, "val").unwrap_or_default();
                            }
                        }
                        "ilvl" => {
                            if let Some((_, s)) = &mut current {
                                s.num.get_or_insert((String::new(), 0)).1 =
                                    attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                            }
                        }
                        "outlineLvl" => {
                            if let Some((_, s)) = &mut current {
                                s.outline = attr(&e, "val").and_then(|v| v.parse().ok());
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "style" => {
                    if let Some((id, s)) = current.take() {
                        map.insert(id, s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(Styles(map))
    }

    /// The style and those it is based on (at most 16: a loop of basedOn ends).
    fn chain<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Style> + 'a {
        let mut next = Some(id.to_string());
        std::iter::from_fn(move || {
            let s = self.0.get(next.take()?.as_str())?;
            next = s.based_on.clone();
            Some(s)
        })
        .take(16)
    }

    /// Heading level: 0 for a title, 1… for headings ("heading 1", or a style
    /// with an outline level, as Japanese Word's 見出し styles have).
    fn heading_level(&self, id: &str) -> Option<u8> {
        for s in self.chain(id) {
            if s.name == "title" {
                return Some(0);
            }
            if let Some(n) = s.name.strip_prefix("heading ").and_then(|n| n.trim().parse::<u8>().ok()) {
                return Some(n);
            }
            if let Some(o) = s.outline
                && o < 9
            {
                return Some(o + 1);
            }
        }
        // Without styles.xml, the built-in style ids.
        if id == "Title" {
            return Some(0);
        }
        id.strip_prefix("Heading").and_then(|n| n.parse().ok())
    }

    fn is_caption(&self, id: &str) -> bool {
        id == "Caption" || self.chain(id).any(|s| s.name == "caption")
    }

    fn num(&self, id: &str) -> Option<(String, u8)> {
        self.chain(id).find_map(|s| s.num.clone())
    }
}

/// A list level's format, from `word/numbering.xml`.
#[derive(Debug, Default, Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
    left: Option<i64>,
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels by ilvl.
    abstracts: BTreeMap<String, BTreeMap<u8, Level>>,
    /// numId → abstractNumId.
    nums: BTreeMap<String, String>,
}

impl Numbering {
    fn read(xml: &str) -> Result<Numbering, Note> {
        let part = "word/numbering.xml";
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut n = Numbering::default();
        let mut abs: Option<String> = None;
        let mut lvl: Option<(u8, Level)> = None;
        let mut num: Option<String> = None;
        loop {
            match reader.read_event().map_err(|e| xml_error(part, e))? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "abstractNum" => abs = attr(&e, "abstractNumId"),
                    "lvl" => {
                        lvl = Some((
                            attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0),
                            Level { start: 1, ..Default::default() },
                        ))
                    }
                    "numFmt" => {
                        if let Some((_, l)) = &mut lvl {
                            l.format = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = &mut lvl {
                            l.text = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "start" => {
                        if let Some((_, l)) = &mut lvl {
                            l.start = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "ind" => {
                        if let Some((_, l)) = &mut lvl {
                            l.left = attr(&e, "left").or_else(|| attr(&e, "start")).and_then(|v| v.parse().ok());
                        }
                    }
                    "num" => num = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(id), Some(a)) = (&num, attr(&e, "val")) {
                            n.nums.insert(id.clone(), a);
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(a), Some((i, l))) = (&abs, lvl.take()) {
                            n.abstracts.entry(a.clone()).or_default().insert(i, l);
                        }
                    }
                    "abstractNum" => abs = None,
                    "num" => num = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(n)
    }

    fn level(&self, num_id: &str, ilvl: u8) -> Option<&Level> {
        self.abstracts.get(self.nums.get(num_id)?)?.get(&ilvl)
    }
}

/// A counter in a list format: "decimal" 3 → "3", "decimalFullWidth" → "３",
/// "decimalEnclosedCircle" → "③". `None` for a format the plain form has no
/// label for.
fn counter(format: &str, n: u32) -> Option<String> {
    let full = |s: String| s.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)).collect::<String>();
    Some(match format {
        "decimal" | "decimalZero" => n.to_string(),
        "decimalFullWidth" | "decimalFullWidth2" => full(n.to_string()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1)?.to_string()
        }
        "lowerLetter" if (1..=26).contains(&n) => char::from_u32('a' as u32 + n - 1)?.to_string(),
        "upperLetter" if (1..=26).contains(&n) => char::from_u32('A' as u32 + n - 1)?.to_string(),
        _ => return None,
    })
}

/// Builds the label of each list paragraph: counters per list and level,
/// deeper levels restarted when a higher one counts on.
#[derive(Default)]
struct Labels {
    counts: BTreeMap<(String, u8), u32>,
}

impl Labels {
    /// The label of a list paragraph (`None`: not a list; `Some(Err(format))`:
    /// a numbering format the plain form cannot print, for a note).
    fn next(&mut self, numbering: &Numbering, num_id: &str, ilvl: u8) -> Option<Result<String, String>> {
        let level = numbering.level(num_id, ilvl)?;
        if level.format == "none" || (level.format == "bullet" && level.text.is_empty()) {
            return None;
        }
        let abs = numbering.nums.get(num_id).cloned().unwrap_or_default();
        let count = {
            let c = self.counts.entry((abs.clone(), ilvl)).or_insert(level.start.saturating_sub(1));
            *c += 1;
            *c
        };
        self.counts.retain(|(a, l), _| *a != abs || *l <= ilvl);
        if level.format == "bullet" {
            let c = level.text.chars().next().unwrap_or('・');
            // A Symbol-font bullet (private use area) or a Latin one is printed ・.
            let bullet = if crate::model::plain::split_label(&format!("{c} x")).is_some() && c != '•' {
                c.to_string()
            } else {
                "・".to_string()
            };
            return Some(Ok(bullet));
        }
        // "%1." "(%1)" "%1.%2": each %n is that level's counter in its format.
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let lvl = (d.saturating_sub(1)) as u8;
                let fmt = numbering.level(num_id, lvl).map(|l| l.format.clone()).unwrap_or_default();
                let n = if lvl == ilvl { count } else { self.counts.get(&(abs.clone(), lvl)).copied().unwrap_or(1) };
                match counter(&fmt, n) {
                    Some(s) => label.push_str(&s),
                    None => return Some(Err(fmt)),
                }
            } else {
                label.push(c);
            }
        }
        Some(Ok(label))
    }
}

/// The first characters of a text, for a place in a message.
fn opening(text: &str) -> String {
    let t: String = text.trim().chars().take(24).collect();
    if text.trim().chars().count() > 24 { format!("{t}…") } else { t }
}

/// A section heading's number and text: "1. 取組の名称" → (1, "取組の名称").
fn split_number(heading: &str) -> (Option<usize>, &str) {
    let t = heading.trim();
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(|c| if c.is_ascii_digit() { c } else { char::from_u32(c as u32 - 0xFEE0).unwrap_or('0') })
        .collect();
    if digits.is_empty() {
        return (None, t);
    }
    let rest_at: usize = t.chars().take(digits.chars().count()).map(char::len_utf8).sum();
    let rest = &t[rest_at..];
    let rest = rest.trim_start_matches(['.', '．', '、', ')', '）', ' ', '\u{3000}']);
    (digits.parse().ok(), rest)
}

/// Import a form: the winner file, its images and the notes.
pub fn import(bytes: &[u8], stem: &str, target: &mut Target) -> Result<super::Plan, Vec<Note>> {
    let mut pkg = Package::open(bytes, "Word (.docx)").map_err(|n| vec![n])?;
    let Some(document) = pkg.text("word/document.xml").map_err(|n| vec![n])? else {
        return Err(vec![Note::error(Place::Whole, Message::new("import.no_document"))]);
    };
    let items = read_body(&document).map_err(|n| vec![n])?;
    let styles = match pkg.text("word/styles.xml").map_err(|n| vec![n])? {
        Some(x) => Styles::read(&x).map_err(|n| vec![n])?,
        None => Styles::default(),
    };
    let numbering = match pkg.text("word/numbering.xml").map_err(|n| vec![n])? {
        Some(x) => Numbering::read(&x).map_err(|n| vec![n])?,
        None => Numbering::default(),
    };
    let rels = match pkg.text("word/_rels/document.xml.rels").map_err(|n| vec![n])? {
        Some(x) => relationships(&x).map_err(|n| vec![n])?,
        None => BTreeMap::new(),
    };

    let mut notes = Vec::new();
    let mut draft = Draft::default();
    let mut fields: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut facts_label: Option<String> = None;
    let mut particulars_done = false;

    // The particulars: the first two-column table most of whose labels are fields.
    for item in &items {
        let Item::Table(t) = item else { continue };
        let labelled = t.rows.iter().filter(|r| r.cells.len() >= 2 && field_of(&r.cells[0]).is_some()).count();
        if particulars_done || labelled < 2 || labelled * 2 < t.rows.len() {
            continue;
        }
        particulars_done = true;
        for (i, r) in t.rows.iter().enumerate() {
            let place = Place::Table { table: t.n, row: i + 1, col: 1 };
            let label = r.cells.first().map(|c| c.trim().to_string()).unwrap_or_default();
            let value: String =
                r.cells.iter().skip(1).map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join("\n");
            match field_of(&label) {
                Some(f) if !value.is_empty() => {
                    if f == "employees" && super::folded(&label) != super::folded("従業員数") {
                        facts_label = Some(format!("{label}:"));
                    }
                    fields.insert(f, value);
                }
                Some(_) => {}
                None if label.is_empty() && value.is_empty() => {}
                None => notes.push(Note::warning(place, Message::new("import.fact_unknown").arg("label", label))),
            }
        }
    }

    // Category and award, then the fields.
    let category = match fields.get("category") {
        Some(v) => match target.category(v) {
            Some(c) => Some(c.clone()),
            None => {
                notes.push(Note::warning(
                    Place::Whole,
                    Message::new("import.unknown_category")
                        .arg("value", v.clone())
                        .arg("known", target.known_categories()),
                ));
                None
            }
        },
        None if target.categories.len() == 1 => target.categories.first().cloned(),
        None => {
            notes.push(Note::warning(Place::Whole, Message::new("import.no_category")));
            None
        }
    };
    draft.category = category.as_ref().map(|c| c.id.clone());
    draft.award = match (fields.get("award"), &category) {
        (Some(a), Some(c)) if c.awards.iter().any(|x| x == a.trim()) => Some(a.trim().to_string()),
        (Some(a), Some(c)) => {
            notes.push(Note::warning(
                Place::Whole,
                Message::new("import.unknown_award")
                    .arg("value", a.clone())
                    .arg("category", c.shown())
                    .arg("known", c.awards.join(", ")),
            ));
            None
        }
        (None, Some(c)) if c.awards.len() == 1 => c.awards.first().cloned(),
        _ => {
            notes.push(Note::warning(Place::Whole, Message::new("import.no_award")));
            None
        }
    };
    let take = |f: &str, fields: &BTreeMap<&'static str, String>| fields.get(f).cloned();
    draft.name = take("name", &fields);
    draft.reading = take("reading", &fields).map(|r| {
        let (r, changed) = super::hiragana_reading(&r);
        if changed {
            notes.push(Note::warning(Place::Whole, Message::new("import.reading_changed").arg("reading", r.clone())));
        }
        r
    });
    for (f, key) in [("name", "import.field_name"), ("reading", "import.field_reading")] {
        if !fields.contains_key(f) {
            notes.push(Note::warning(
                Place::Whole,
                Message::new("import.missing_field").arg("field", format!("\u{1}{key}")),
            ));
        }
    }
    draft.ward = take("ward", &fields);
    draft.url = take("url", &fields);
    draft.overview = take("overview", &fields);
    draft.start = take("start", &fields);
    for f in ["address", "representative", "phone", "fax", "capital", "industry", "employees"] {
        if let Some(v) = fields.get(f) {
            draft.facts.push((f, v.clone()));
        }
    }
    if let Some(l) = facts_label {
        draft.facts.push(("employees_label", l));
    }
    draft.id = target.free_id(&super::id_from(draft.url.as_deref(), stem));
    draft.comment = format!(
        "{} — {}（sasshi import: {stem}.docx）",
        draft.name.clone().unwrap_or_default(),
        category
            .as_ref()
            .map(|c| format!("{} {}", c.shown(), draft.award.clone().unwrap_or_default()))
            .unwrap_or_default()
    );

    // Sections, from the headings on.
    let sections: Vec<String> = category.as_ref().map(|c| c.sections.clone()).unwrap_or_default();
    let mut labels = Labels::default();
    // Nesting levels by a list paragraph's indentation: the distinct left
    // indents of the document's list paragraphs, in order.
    let mut indents: Vec<i64> = items
        .iter()
        .filter_map(|i| match i {
            Item::Para(p) => list_of(p, &styles).and_then(|(id, l)| {
                p.ind_left.or_else(|| numbering.level(&id, l).and_then(|lv| lv.left)).or(Some(i64::from(l) * 360))
            }),
            _ => None,
        })
        .collect();
    indents.sort_unstable();
    indents.dedup();
    let mut files: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    let mut image_count = 0;
    let mut body: Vec<String> = Vec::new();
    let mut current: Option<SectionDraft> = None;
    let mut i = 0;
    let mut particulars_seen = false;
    while i < items.len() {
        let item = &items[i];
        i += 1;
        match item {
            Item::Table(t) => {
                for (row, col, key) in &t.lost {
                    notes.push(Note::warning(Place::Table { table: t.n, row: *row, col: *col }, Message::new(key)));
                }
                if !particulars_seen && particulars_done && is_particulars(t) {
                    particulars_seen = true;
                    continue;
                }
                if let Some((row, col)) = t.merged {
                    notes.push(Note::warning(Place::Table { table: t.n, row, col }, Message::new("import.merged")));
                }
                if let Some((row, col)) = t.nested {
                    notes.push(Note::warning(
                        Place::Table { table: t.n, row, col },
                        Message::new("import.nested_table"),
                    ));
                }
                let Some(section) = &mut current else {
                    notes.push(Note::warning(
                        Place::Table { table: t.n, row: 1, col: 1 },
                        Message::new("import.before_heading"),
                    ));
                    continue;
                };
                let width = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
                if width == 0 {
                    continue;
                }
                let pad = |r: &Row| {
                    let mut c: Vec<String> = r.cells.iter().map(|c| c.trim().to_string()).collect();
                    c.resize(width, String::new());
                    c
                };
                let header_rows = t.rows.iter().take_while(|r| r.header).count();
                let header = (header_rows > 0 && t.rows.len() > header_rows).then(|| pad(&t.rows[0]));
                let rows: Vec<Vec<String>> =
                    t.rows.iter().skip(if header.is_some() { header_rows } else { 0 }).map(pad).collect();
                if header_rows > 1 {
                    notes.push(Note::warning(
                        Place::Table { table: t.n, row: 2, col: 1 },
                        Message::new("import.header_rows"),
                    ));
                }
                body_flush(&mut body, section);
                section.blocks.push(Out::Table { header, rows });
            }
            Item::Para(p) => {
                let place = Place::Paragraph { n: p.n, text: opening(&p.text) };
                for key in &p.skipped {
                    notes.push(Note::warning(place.clone(), Message::new(key)));
                }
                let style = p.style.as_deref().unwrap_or("");
                let text = clean(&p.text);
                let level = if style.is_empty() { None } else { styles.heading_level(style) };
                match level {
                    Some(0) => {
                        if !text.is_empty() {
                            notes.push(Note::warning(place, Message::new("import.title")));
                        }
                        continue;
                    }
                    Some(1) if !text.is_empty() => {
                        if let Some(mut s) = current.take() {
                            body_flush(&mut body, &mut s);
                            draft.sections.push(s);
                        }
                        body.clear();
                        let (number, rest) = split_number(&text);
                        let folded = super::folded(rest);
                        let matched = sections.iter().position(|s| super::folded(s) == folded);
                        current = Some(match (matched, number) {
                            (Some(k), _) => SectionDraft { number: Some(k + 1), ..Default::default() },
                            (None, Some(n)) if (1..=sections.len()).contains(&n) => {
                                notes.push(Note::warning(
                                    place,
                                    Message::new("import.heading_differs")
                                        .arg("form", sections[n - 1].replace('\n', ""))
                                        .arg("n", n.to_string()),
                                ));
                                SectionDraft { number: Some(n), heading: Some(rest.to_string()), ..Default::default() }
                            }
                            _ => {
                                notes.push(Note::warning(place, Message::new("import.heading_not_in_form")));
                                SectionDraft { heading: Some(text.clone()), ..Default::default() }
                            }
                        });
                        continue;
                    }
                    _ => {}
                }
                let Some(section) = &mut current else {
                    if !text.is_empty() || !p.images.is_empty() {
                        notes.push(Note::warning(place, Message::new("import.before_heading")));
                    }
                    continue;
                };
                if level.is_some_and(|l| l >= 2) && !text.is_empty() {
                    body_flush(&mut body, section);
                    section.blocks.push(Out::Heading(text));
                    continue;
                }
                // Pictures: each a figure, the caption paragraph after them its caption.
                let mut figures = Vec::new();
                for (rid, alt) in p.images.iter().zip(p.image_alts.iter().chain(std::iter::repeat(&None))) {
                    match rels.get(rid) {
                        Some(Rel::External) => {
                            notes.push(Note::warning(place.clone(), Message::new("import.image_linked")))
                        }
                        None => notes.push(Note::warning(
                            place.clone(),
                            Message::new("import.image_missing").arg("part", rid.clone()),
                        )),
                        Some(Rel::Part(name)) => match pkg.part(name).map_err(|n| vec![n])? {
                            None => notes.push(Note::warning(
                                place.clone(),
                                Message::new("import.image_missing").arg("part", name.clone()),
                            )),
                            Some(data) => match image_kind(&data) {
                                None => notes.push(Note::warning(
                                    place.clone(),
                                    Message::new("import.image_format").arg("part", name.clone()),
                                )),
                                Some(ext) => {
                                    image_count += 1;
                                    let file = free_image(target, &draft.id, image_count, ext, &files);
                                    files.push((target.dir.join(&file), data));
                                    figures.push((file, alt.clone()));
                                }
                            },
                        },
                    }
                }
                if !figures.is_empty() {
                    body_flush(&mut body, section);
                    if !text.is_empty() {
                        push_paragraph(&mut body, p, &text);
                        body_flush(&mut body, section);
                    }
                    let caption = match items.get(i) {
                        Some(Item::Para(next))
                            if next.style.as_deref().is_some_and(|s| styles.is_caption(s))
                                && !clean(&next.text).is_empty() =>
                        {
                            i += 1;
                            Some(clean(&next.text))
                        }
                        _ => None,
                    };
                    let last = figures.len() - 1;
                    for (k, (path, alt)) in figures.into_iter().enumerate() {
                        let caption = if k == last { caption.clone() } else { None };
                        section.blocks.push(Out::Figure { path, caption, alt });
                    }
                    continue;
                }
                if text.is_empty() {
                    continue;
                }
                // A list paragraph: its label from the numbering.
                if let Some((num_id, ilvl)) = list_of(p, &styles) {
                    let left = p
                        .ind_left
                        .or_else(|| numbering.level(&num_id, ilvl).and_then(|l| l.left))
                        .unwrap_or(i64::from(ilvl) * 360);
                    let depth = indents.iter().position(|x| *x == left).unwrap_or(0).min(2) as u8;
                    match labels.next(&numbering, &num_id, ilvl) {
                        None => push_paragraph(&mut body, p, &text),
                        Some(result) => {
                            let label = match result {
                                Ok(l) => l,
                                Err(format) => {
                                    notes.push(Note::warning(
                                        place.clone(),
                                        Message::new("import.list_format").arg("format", format),
                                    ));
                                    "・".to_string()
                                }
                            };
                            // One half-width space after a label ending in a
                            // Latin character ("1." before "2.5倍" is still a label).
                            let gap = if label.ends_with(|c: char| c.is_ascii()) { " " } else { "" };
                            let line = format!("{}{label}{gap}{text}", "  ".repeat(depth as usize));
                            let readable = !text.contains('\n')
                                && crate::model::plain::split_label(line.trim_start())
                                    == Some((label.as_str(), text.as_str()));
                            if readable {
                                body.push(line);
                            } else {
                                body_flush(&mut body, section);
                                section.blocks.push(Out::Item { label, text, level: depth + 1 });
                            }
                        }
                    }
                    continue;
                }
                push_paragraph(&mut body, p, &text);
            }
        }
    }
    if let Some(s) = &mut current {
        body_flush(&mut body, s);
    }
    if let Some(s) = current.take() {
        draft.sections.push(s);
    }
    if draft.sections.is_empty() {
        notes.push(Note::warning(Place::Whole, Message::new("import.no_sections")));
    }
    let winner = target.dir.join("winners").join(format!("{}.toml", draft.id));
    let mut plan = super::Plan { files, winners: vec![winner.clone()], notes };
    plan.files.insert(0, (winner, draft.to_toml().into_bytes()));
    Ok(plan)
}

/// Whether a table is the particulars table (read above, not a content table).
fn is_particulars(t: &Table) -> bool {
    let labelled = t.rows.iter().filter(|r| r.cells.len() >= 2 && field_of(&r.cells[0]).is_some()).count();
    labelled >= 2 && labelled * 2 >= t.rows.len()
}

/// The list a paragraph is in: its own numbering, else its style's.
fn list_of(p: &Para, styles: &Styles) -> Option<(String, u8)> {
    let own = p.num.clone().filter(|(id, _)| !id.is_empty());
    let (id, lvl) = own.or_else(|| styles.num(p.style.as_deref()?))?;
    // numId 0 switches a style's list off.
    (id != "0").then_some((id, lvl))
}

/// The gathered plain text into the section, as one `body` block.
fn body_flush(body: &mut Vec<String>, section: &mut SectionDraft) {
    if !body.is_empty() {
        section.blocks.push(Out::Body(body.join("\n\n")));
        body.clear();
    }
}

/// A paragraph in the plain form: a first-line indent the form set as a
/// paragraph format is written as the full-width space staff would type.
fn push_paragraph(body: &mut Vec<String>, p: &Para, text: &str) {
    if p.first_line && !text.starts_with('\u{3000}') {
        body.push(format!("\u{3000}{text}"));
    } else {
        body.push(text.to_string());
    }
}

/// A paragraph's text as the plain form needs it: line breaks kept (one at a
/// time), half-width spaces at the start of a line dropped (they would nest
/// it), trailing spaces dropped.
fn clean(text: &str) -> String {
    text.split('\n')
        .map(|l| l.trim_start_matches(' ').trim_end())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The file type of an image's bytes: PNG or JPEG (what the booklet prints).
fn image_kind(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else {
        None
    }
}

/// `images/<id>-<n>.<ext>`, a name no file in the edition has yet.
fn free_image(target: &Target, id: &str, mut n: usize, ext: &str, planned: &[(std::path::PathBuf, Vec<u8>)]) -> String {
    loop {
        let rel = format!("images/{id}-{n}.{ext}");
        let path = target.dir.join(&rel);
        if !path.exists() && !planned.iter().any(|(p, _)| *p == path) {
            return rel;
        }
        n += 1;
    }
}

/// A relationship's target: a part of the package, or outside it.
enum Rel {
    Part(String),
    External,
}

/// `word/_rels/document.xml.rels`: relationship id → the part's name in the
/// package (relative targets resolved against `word/`; a target that climbs
/// out of the package is no part).
fn relationships(xml: &str) -> Result<BTreeMap<String, Rel>, Note> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut map = BTreeMap::new();
    loop {
        match reader.read_event().map_err(|e| xml_error("word/_rels/document.xml.rels", e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (Some(id), Some(t)) = (attr(&e, "Id"), attr(&e, "Target")) else { continue };
                if attr(&e, "TargetMode").is_some_and(|m| m == "External") {
                    map.insert(id, Rel::External);
                    continue;
                }
                let mut parts: Vec<&str> = if t.starts_with('/') { Vec::new() } else { vec!["word"] };
                let mut inside = true;
                for seg in t.split('/') {
                    match seg {
                        "" | "." => {}
                        ".." => inside &= parts.pop().is_some(),
                        s => parts.push(s),
                    }
                }
                if inside {
                    map.insert(id, Rel::Part(parts.join("/")));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_numbers_are_split_from_their_text() {
        assert_eq!(split_number("1. 取組の名称"), (Some(1), "取組の名称"));
        assert_eq!(split_number("３．取組の経緯と目的"), (Some(3), "取組の経緯と目的"));
        assert_eq!(split_number("取組の内容"), (None, "取組の内容"));
    }

    #[test]
    fn list_counters_follow_the_format() {
        assert_eq!(counter("decimal", 12).as_deref(), Some("12"));
        assert_eq!(counter("decimalFullWidth", 3).as_deref(), Some("３"));
        assert_eq!(counter("decimalEnclosedCircle", 2).as_deref(), Some("②"));
        assert_eq!(counter("aiueoFullWidth", 2), None);
    }

    #[test]
    fn text_runs_breaks_entities_and_deleted_text_are_read_as_word_shows_them() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>A&amp;B</w:t></w:r><w:del><w:r><w:t>消した</w:t></w:r></w:del><w:r><w:br/><w:t xml:space="preserve">  次&#x884C;</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>左</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>結合</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:body></w:document>"#;
        let items = read_body(xml).unwrap();
        let Item::Para(p) = &items[0] else { panic!() };
        assert_eq!(p.text, "A&B\n  次行");
        assert_eq!(clean(&p.text), "A&B\n次行");
        let Item::Table(t) = &items[1] else { panic!() };
        assert_eq!(t.rows[0].cells, ["左", "結合", ""]);
        assert!(t.merged.is_some());
        let xml = r#"<w:document xmlns:w="w" xmlns:a="a" xmlns:r="r"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:drawing><a:blip r:embed="rId5"/></w:drawing></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let Item::Table(t) = &read_body(xml).unwrap()[0] else { panic!() };
        assert_eq!(t.lost, [(1, 1, "import.image_in_table")], "a picture in a cell is listed, not lost silently");
    }

    #[test]
    fn a_pictures_alternative_text_in_word_is_kept_with_that_picture() {
        let xml = r#"<w:document xmlns:w="w" xmlns:a="a" xmlns:r="r" xmlns:wp="wp"><w:body><w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="図 1" descr=" 事務所の写真 "/><a:blip r:embed="rId5"/></wp:inline></w:drawing><w:drawing><wp:inline><wp:docPr id="2" name="図 2"/><a:blip r:embed="rId6"/></wp:inline></w:drawing></w:r></w:p></w:body></w:document>"#;
        let Item::Para(p) = &read_body(xml).unwrap()[0] else { panic!() };
        assert_eq!(p.images, ["rId5", "rId6"]);
        assert_eq!(
            p.image_alts,
            [Some("事務所の写真".to_string()), None],
            "the second picture has no description of its own"
        );
    }

    #[test]
    fn relationship_targets_stay_inside_the_package() {
        let xml = r#"<Relationships><Relationship Id="a" Target="media/i.png"/><Relationship Id="b" Target="../../etc/passwd"/><Relationship Id="c" Target="http://x/y.png" TargetMode="External"/></Relationships>"#;
        let r = relationships(xml).unwrap();
        assert!(matches!(r.get("a"), Some(Rel::Part(p)) if p == "word/media/i.png"));
        assert!(!r.contains_key("b"));
        assert!(matches!(r.get("c"), Some(Rel::External)));
    }

    #[test]
    fn malformed_xml_is_an_error_not_a_panic() {
        assert!(read_body("<w:p><w:r></w:p>").is_err());
    }
}
