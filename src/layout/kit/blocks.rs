//! Block builders: paragraphs, headings, labelled items, label/value rows,
//! tables and figures, each composed by the JLREQ engine in the style the layout
//! gives its kind and cut into grid lines for the paginator. Every position comes
//! from the text block, the grid and the style; the constants here are the kit's
//! own typographic rules, named.

use super::Geometry;
use super::compose::{Composer, SetLines};
use super::flow::{Flow, GridLine, Row};
use super::memo::{self, Key, Memo};
use super::table::{self, CellPara, TableSpec};
use crate::diag::{Diagnostic, Message, Span};
use crate::font::{FontBook, FontId};
use crate::frame::{Image, Item, Role, Scope, StructNode, StructRef, StructRole};
use crate::model::layout::{FigureWidth, NaturalWidth};
use crate::model::style::{Style, StyleName};
use crate::model::{Block, Figure, Images, Layout, TableBlock, Text, content::FigureSize};
use crate::text::{Align, Shape};
use crate::units::{MM_PER_PT, Pt, Rect};

/// A label wider than this many grid ems is set run-in with its text (a year, a
/// department name would leave a narrow column of text beside it).
pub const LONG_LABEL_EMS: f64 = 5.0;

/// A figure is never scaled below this many grid lines high.
pub const MIN_FIGURE_LINES: f64 = 4.0;

/// A table column holds at least one character and its padding (½ em each side).
pub const MIN_COLUMN_EMS: f64 = 2.0;
/// A column's least width holds its longest word whole up to this many ems of
/// the table's size; a longer word (a compound of many kanji) breaks inside
/// where JLREQ allows rather than take the whole measure.
pub const LEAST_COLUMN_CAP_EMS: f64 = 6.0;

/// What every builder needs: the page geometry, the layout (styles, settings)
/// and the decoded images of the edition.
pub struct Kit<'a> {
    pub geo: &'a Geometry,
    pub layout: &'a Layout,
    pub images: &'a Images,
    /// The edition folder, for the images' paths.
    pub dir: &'a std::path::Path,
    /// What a rebuild reuses of this stage (`None`: a one-shot build).
    pub memo: Option<&'a Memo>,
    /// For the keys of what a rebuild reuses (zero without a memo): the digest
    /// of the layout (every field, the resolved styles included, as its debug
    /// form; the geometry and the composition settings come from it).
    pub layout_key: Key,
    /// The digest of each image's bytes (what its decoded content comes
    /// from), by path, for the keys of the pieces that place it.
    pub image_keys: std::collections::BTreeMap<std::path::PathBuf, Key>,
}

impl<'a> Kit<'a> {
    /// The kit for an edition laid out on `geo`, keeping nothing.
    pub fn new(geo: &'a Geometry, loaded: &'a crate::model::Loaded) -> Kit<'a> {
        Kit::reusing(geo, loaded, None)
    }

    /// The kit for a build that takes what it can from `memo`.
    pub fn reusing(geo: &'a Geometry, loaded: &'a crate::model::Loaded, memo: Option<&'a Memo>) -> Kit<'a> {
        let (layout_key, image_keys) = match memo {
            Some(_) => (
                memo::key(&[format!("{:?}", loaded.layout).as_bytes()]),
                loaded.images.iter().map(|(path, p)| (path.clone(), memo::key(&[&p.bytes]))).collect(),
            ),
            None => ([0; 32], Default::default()),
        };
        Kit { geo, layout: &loaded.layout, images: &loaded.images, dir: &loaded.dir, memo, layout_key, image_keys }
    }

    /// The grid's em: the kihon-hanmen's font size (JLREQ §2.4).
    pub fn em(&self) -> f64 {
        self.geo.font_size
    }
    /// The text block's width.
    pub fn measure(&self) -> f64 {
        self.geo.block.w.0
    }
    pub fn style(&self, name: StyleName) -> &Style {
        self.layout.styles.get(name)
    }
    /// Where a style's block starts from the text block's left edge, and its
    /// measure, at nesting `level`: its indent, or its own measure centred.
    pub fn frame_of(&self, s: &Style, level: usize) -> (f64, f64) {
        let em = self.em();
        match s.measure {
            Some(m) => {
                let w = (m * em).min(self.measure());
                ((self.measure() - w) / 2.0, w)
            }
            None => {
                let left = ((s.indent + s.level_step * level as f64) * em).min(self.measure() - em);
                (left, self.measure() - left)
            }
        }
    }
    /// Where the baseline of a grid line lies below the line's top: the body
    /// font's em box fills the line (its ascent is read from the font).
    pub fn grid_baseline(&self) -> f64 {
        FontBook::get().face(self.style(StyleName::Paragraph).font).em_box_ascent() * self.em()
    }
    /// Where the baseline of a line set in `font` at `size` lies below the top
    /// of the grid line it stands on: the grid's baseline, or lower for type
    /// larger than the grid's, so that its em box starts on the grid line and
    /// not above it — on a page's first grid line, above the text block.
    /// JLREQ §2.4 makes the em box of the first line the block's top; lines of
    /// other sizes keep the grid's line positions (the gap above a larger
    /// line narrows, as JLREQ's line gap for inserted larger type does), so
    /// the lines after it stay on the grid.
    pub fn line_baseline(&self, font: FontId, size: f64) -> f64 {
        let ascent = FontBook::get().face(font).em_box_ascent() * size;
        self.grid_baseline().max(ascent)
    }
    /// The height a page gives a block: its grid lines, the last holding one em.
    pub fn page_room(&self) -> f64 {
        (self.layout.grid.lines_per_page as f64 - 1.0) * self.geo.line_feed + self.em()
    }
    /// Blank grid lines for a style's space before or after.
    pub fn space(&self, lines: f64) -> Option<Flow> {
        let n = lines.round() as usize;
        (n > 0).then_some(Flow::Space(n))
    }
}

/// Cut composed lines into grid lines, the text starting `left` from the block
/// edge, each on its grid line at [`Kit::line_baseline`]. A unit whose last
/// line a larger style lowers past the grid line's em takes the grid lines
/// its depth needs ([`keep_depth`]).
pub fn grid_lines(set: &SetLines, left: f64, kit: &Kit, role: Role, span: Option<&Span>) -> Vec<GridLine> {
    let baseline = kit.line_baseline(set.font, set.size);
    set.place(left, baseline, 0.0, role, span).into_iter().map(|l| vec![Item::Text(l)]).collect()
}

/// The lowest baseline of a grid line's text, below the line's top.
fn lowest_baseline(line: &GridLine) -> f64 {
    line.iter().filter_map(|i| if let Item::Text(t) = i { Some(t.origin.y.0) } else { None }).fold(0.0, f64::max)
}

/// Blank grid lines after a unit (a list entry, a facts list, a caption, a
/// paragraph) whose last line stands lower than the grid line's em
/// ([`Kit::line_baseline`]: type larger than the grid's): on a page's last
/// grid line its baseline would lie below the text block. The unit takes the
/// grid lines its depth reaches into, as a heading takes whole grid lines
/// (gyou-dori, JLREQ §4.1.6), so the lines after it start on the grid and
/// nothing runs below the block.
pub fn keep_depth(lines: &mut Vec<GridLine>, kit: &Kit) {
    let Some(last) = lines.last() else { return };
    let over = lowest_baseline(last) - kit.em();
    if over > 0.01 {
        let n = (over / kit.geo.line_feed).ceil() as usize;
        lines.extend(std::iter::repeat_n(Vec::new(), n));
    }
}

/// Set `other` on the grid line `line` beside what it holds (a URL flush
/// right on its name's line): one baseline for both, the lower of the two, so
/// that type of two sizes stands on one line and none rises above the grid
/// line.
pub fn beside(line: &mut GridLine, mut other: GridLine) {
    let to = lowest_baseline(line).max(lowest_baseline(&other));
    line.append(&mut other);
    for item in line.iter_mut() {
        if let Item::Text(t) = item {
            t.origin.y = Pt(to);
        }
    }
}

/// A new element of the logical structure (`frame::StructNode`) in `parent`
/// (`None`: in the document's current section).
pub fn node(role: StructRole, parent: Option<&StructRef>) -> StructRef {
    StructNode::new(role, parent)
}

/// Give every line, column and image of `flows` that has no place in the
/// logical structure yet the element `node`: the recipes say what a heading,
/// a paragraph, a page of pieces is, once, for all its lines.
pub fn tag(flows: &mut [Flow], node: &StructRef) {
    for f in flows {
        match f {
            Flow::Paragraph(lines) | Flow::Heading(lines) | Flow::Lines(lines) => tag_lines(lines, node),
            Flow::Figure { items, .. } => items.iter_mut().for_each(|i| i.set_structure(node)),
            Flow::Table { header, rows } => {
                header.iter_mut().chain(rows.iter_mut()).flat_map(|r| &mut r.items).for_each(|i| i.set_structure(node))
            }
            Flow::FullPage(page) => page.items.iter_mut().for_each(|i| i.set_structure(node)),
            Flow::Space(_) | Flow::PageTop | Flow::NewPage(_) | Flow::Join(_) => {}
        }
    }
}

/// [`tag`] for grid lines.
pub fn tag_lines(lines: &mut [GridLine], node: &StructRef) {
    lines.iter_mut().flatten().for_each(|i| i.set_structure(node));
}

/// A heading at outline `level` (1 the highest), tagged: [`heading`].
pub fn heading_at(
    c: &mut Composer,
    kit: &Kit,
    value: &str,
    span: Option<&Span>,
    name: StyleName,
    level: u8,
) -> Vec<Flow> {
    let mut flows = heading(c, kit, value, span, name);
    tag(&mut flows, &node(StructRole::Heading(level), None));
    flows
}

/// A paragraph of the running text, tagged as one (in `parent`, or in the
/// current section): [`paragraph`].
pub fn paragraph_in(
    c: &mut Composer,
    kit: &Kit,
    text: &Text,
    name: StyleName,
    level: usize,
    indent: bool,
    parent: Option<&StructRef>,
) -> Flow {
    let mut flow = [paragraph(c, kit, text, name, level, indent)];
    tag(&mut flow, &node(StructRole::Paragraph, parent));
    let [flow] = flow;
    flow
}

/// Composed lines on the grid, each taking the style's `line_feed` grid lines; a
/// line of two or more grid lines is centred in them (gyou-dori, JLREQ §4.1.6),
/// and takes more of them when its size is larger than their band (so that it
/// never rises above the first of them nor runs below the last).
pub fn styled_lines(
    set: &SetLines,
    left: f64,
    kit: &Kit,
    style: &Style,
    role: Role,
    span: Option<&Span>,
) -> Vec<GridLine> {
    let mut n = style.line_feed.round().max(1.0) as usize;
    if n == 1 {
        return grid_lines(set, left, kit, role, span);
    }
    let band = |n: usize| (n as f64 - 1.0) * kit.geo.line_feed + kit.em();
    while band(n) < style.size {
        n += 1;
    }
    let band = band(n);
    let ascent = FontBook::get().face(style.font).em_box_ascent();
    let baseline = band / 2.0 + (ascent - 0.5) * style.size;
    let mut lines = Vec::new();
    for l in set.place(left, baseline, 0.0, role, span) {
        lines.push(vec![Item::Text(l)]);
        lines.extend(std::iter::repeat_n(Vec::new(), n - 1));
    }
    lines
}

/// Compose a string in a style across the style's frame.
pub fn set_in(
    c: &mut Composer,
    kit: &Kit,
    value: &str,
    span: Option<&Span>,
    style: &Style,
    level: usize,
) -> (f64, SetLines) {
    let (left, measure) = kit.frame_of(style, level);
    let shape = Shape { measure, first_indent: 0.0, rest_indent: style.hanging * kit.em() };
    (left, c.set_str(value, span, style.font, style.size, shape, style.align))
}

/// A heading: its space before, its lines (gyou-dori when the style's line feed
/// is two or more grid lines), its space after. Headings never end a page.
pub fn heading(c: &mut Composer, kit: &Kit, value: &str, span: Option<&Span>, name: StyleName) -> Vec<Flow> {
    let style = kit.style(name);
    let (left, set) = set_in(c, kit, value, span, style, 0);
    let mut out = Vec::new();
    out.extend(kit.space(style.space_before));
    let mut lines = styled_lines(&set, left, kit, style, Role::Heading, span);
    keep_depth(&mut lines, kit);
    out.push(Flow::Heading(lines));
    out.extend(kit.space(style.space_after));
    out
}

/// A heading written on several lines (a standard section title kept as the
/// form words it): each line starts at the style's indent, its wrapped lines
/// hang by the style's `hanging`.
pub fn heading_lines(c: &mut Composer, kit: &Kit, lines: &[String], span: &Span, name: StyleName) -> Vec<Flow> {
    let style = kit.style(name);
    let (left, measure) = kit.frame_of(style, 0);
    let hang = style.hanging * kit.em();
    let mut out = Vec::new();
    for (i, text) in lines.iter().enumerate() {
        let shape = Shape { measure, first_indent: 0.0, rest_indent: hang };
        let set = c.set_str(text, Some(span), style.font, style.size, shape, style.align);
        out.extend(styled_lines(&set, left + if i == 0 { 0.0 } else { hang }, kit, style, Role::Heading, Some(span)));
    }
    keep_depth(&mut out, kit);
    let mut flows = Vec::new();
    flows.extend(kit.space(style.space_before));
    if !out.is_empty() {
        flows.push(Flow::Heading(out));
    }
    flows.extend(kit.space(style.space_after));
    flows
}

/// A paragraph at nesting `level`, its first line indented (JLREQ §3.5.1) when
/// `indent` and at the top level.
pub fn paragraph(c: &mut Composer, kit: &Kit, text: &Text, name: StyleName, level: usize, indent: bool) -> Flow {
    let style = kit.style(name);
    let (left, measure) = kit.frame_of(style, level);
    let first = if indent && level == 0 { style.first_line * kit.em() } else { 0.0 };
    let shape = Shape { measure, first_indent: first, rest_indent: 0.0 };
    let set = c.set(text, style.font, style.size, shape, style.align);
    let mut lines = styled_lines(&set, left, kit, style, Role::Body, Some(&text.span));
    keep_depth(&mut lines, kit);
    Flow::Paragraph(lines)
}

/// A labelled item of the list `list`: the label at the style's indent for
/// `level`, the text hanging after it. A label ending in a Western character
/// gets the style's label gap. Tagged as a list item (its label and its body;
/// a label set run-in with its text is in the body); returns the item's body,
/// for what is nested under it.
pub fn item(
    c: &mut Composer,
    kit: &Kit,
    label: &Text,
    text: &Text,
    name: StyleName,
    level: usize,
    list: &StructRef,
) -> (Flow, StructRef) {
    let style = kit.style(name);
    let em = kit.em();
    let (left, measure) = kit.frame_of(style, level);
    let li = node(StructRole::ListItem, Some(list));
    let full = Shape { measure, first_indent: 0.0, rest_indent: 0.0 };
    let label_set = c.set(label, style.font, style.size, full, Align::Start);
    let western_end = label.value.chars().last().is_some_and(|ch| ch.is_ascii());
    let hang = label_set.width() + if western_end { style.label_gap * style.size } else { 0.0 };
    if hang > LONG_LABEL_EMS * em || label_set.len() != 1 {
        let body = node(StructRole::ListBody, Some(&li));
        let joined = format!("{}\u{3000}{}", label.value, text.value);
        let shape = Shape { measure, first_indent: 0.0, rest_indent: style.hanging * em };
        let set = c.set_str(&joined, Some(&text.span), style.font, style.size, shape, style.align);
        let mut lines = grid_lines(&set, left, kit, Role::Body, Some(&text.span));
        tag_lines(&mut lines, &body);
        keep_depth(&mut lines, kit);
        return (Flow::Paragraph(lines), body);
    }
    let lbl = node(StructRole::Label, Some(&li));
    let body = node(StructRole::ListBody, Some(&li));
    let shape = Shape { measure: measure - hang, first_indent: 0.0, rest_indent: 0.0 };
    let set = c.set(text, style.font, style.size, shape, style.align);
    let mut lines = grid_lines(&set, left + hang, kit, Role::Body, Some(&text.span));
    tag_lines(&mut lines, &body);
    let mut label_lines = grid_lines(&label_set, left, kit, Role::Label, Some(&label.span));
    tag_lines(&mut label_lines, &lbl);
    if let (Some(first), Some(l)) = (lines.first_mut(), label_lines.pop()) {
        let mut merged = l;
        merged.append(first);
        *first = merged;
    }
    keep_depth(&mut lines, kit);
    (Flow::Paragraph(lines), body)
}

/// Rows of label and value (a profile's facts): the labels in a column as wide as
/// the widest of `all_labels` — every label the document uses, so that the value
/// column stands at the same place on every page — the values after it with the
/// style's label gap, wrapped lines under the value. An empty label leaves the
/// value in the label column.
pub fn label_value_rows(
    c: &mut Composer,
    kit: &Kit,
    rows: &[(String, &Text)],
    all_labels: &[&str],
    name: StyleName,
) -> Vec<GridLine> {
    let style = kit.style(name);
    let (left, measure) = kit.frame_of(style, 0);
    let wide = Shape { measure: super::UNBOUNDED_MEASURE, first_indent: 0.0, rest_indent: 0.0 };
    let any_label = rows.iter().any(|(lab, _)| !lab.is_empty());
    let label_width = if any_label {
        rows.iter()
            .map(|(lab, _)| lab.as_str())
            .chain(all_labels.iter().copied())
            .filter(|lab| !lab.is_empty())
            .map(|lab| c.set_str(lab, None, style.font, style.size, wide, Align::Start).width())
            .fold(0.0, f64::max)
    } else {
        0.0
    };
    let value_left = left + label_width + if label_width > 0.0 { style.label_gap * style.size } else { 0.0 };
    let mut lines = Vec::new();
    // Labelled rows one after another make a table of two columns, each row
    // headed by its label (ISO 32000-1 §14.8.4.3.3: TH, /Scope /Row); a value
    // without a label (an address, a URL) is a paragraph, never a table of one
    // cell.
    let mut table: Option<StructRef> = None;
    for (lab, v) in rows {
        let shape = Shape { measure: measure - (value_left - left), first_indent: 0.0, rest_indent: 0.0 };
        let set = c.set(v, style.font, style.size, shape, style.align);
        let mut rows = grid_lines(&set, value_left, kit, Role::Table, Some(&v.span));
        if lab.is_empty() {
            table = None;
            tag_lines(&mut rows, &node(StructRole::Paragraph, None));
        } else {
            let t = table.get_or_insert_with(|| node(StructRole::Table, None));
            let row = node(StructRole::Row, Some(t));
            let th = node(StructRole::HeaderCell(Scope::Row), Some(&row));
            tag_lines(&mut rows, &node(StructRole::Cell, Some(&row)));
            let label_set = c.set_str(lab, Some(&v.span), style.font, style.size, wide, Align::Start);
            let mut label_lines = grid_lines(&label_set, left, kit, Role::Label, Some(&v.span));
            tag_lines(&mut label_lines, &th);
            if let (Some(first), Some(mut l)) = (rows.first_mut(), label_lines.pop()) {
                l.append(first);
                *first = l;
            }
        }
        lines.extend(rows);
    }
    keep_depth(&mut lines, kit);
    lines
}

/// The room between two columns of [`column_rows`], in ems of the style's
/// size, whatever the layout's tabs say: a role and a name, a name and an
/// affiliation never run together.
pub const COLUMN_GAP_EMS: f64 = 1.0;

/// The first column of [`column_rows`] (a role) takes at most this share of the
/// measure (or the layout's first tab, when that is more); a longer label wraps
/// under itself in its column.
pub const FIRST_COLUMN_SHARE: f64 = 1.0 / 3.0;

/// The last column of [`column_rows`] (an affiliation) needs this many ems of
/// the style's size beside the others; with less room it goes on the lines
/// under the name, in the name's column.
pub const MIN_LAST_COLUMN_EMS: f64 = 8.0;

/// The last column of [`column_rows`] starts at most this far across the
/// measure (or at the layout's second tab, when that is further): one name
/// much longer than the others does not squeeze every affiliation into a
/// narrow column; that row's affiliation goes under its name instead.
pub const LAST_COLUMN_FROM: f64 = 0.6;

/// One cell of a [`column_rows`] row.
pub struct Cell<'a> {
    pub value: &'a str,
    pub span: Option<&'a Span>,
    /// Never broken, never cut: a person's name, set on one line (word joiners
    /// between its characters, [`super::unbreakable`]).
    pub whole: bool,
}

/// Rows of three columns — a label (a role), a name, a text (an affiliation) —
/// in the style `name`, each row's grid lines apart (the judging committee).
/// The columns are sized from their content: the second starts after the
/// widest label, the third after the widest name, each a [`COLUMN_GAP_EMS`]
/// gap on, and never before the layout's tabs (`tabs`: the columns' least
/// starts). A label wider than [`FIRST_COLUMN_SHARE`] of the measure wraps
/// under itself; a name is never broken; the third column's text wraps under
/// itself, or goes under the name: in every row when less than
/// [`MIN_LAST_COLUMN_EMS`] is left for it, in a row whose name reaches past
/// [`LAST_COLUMN_FROM`]. Every cell is set whole: nothing is cut to a column.
pub fn column_rows(c: &mut Composer, kit: &Kit, rows: &[[Option<Cell>; 3]], name: StyleName) -> Vec<Vec<GridLine>> {
    let style = kit.style(name).clone();
    let size = style.size;
    let (left, measure) = kit.frame_of(&style, 0);
    let wide = Shape { measure: super::UNBOUNDED_MEASURE, first_indent: 0.0, rest_indent: 0.0 };
    let text = |cell: &Cell| if cell.whole { super::unbreakable(cell.value) } else { cell.value.to_string() };
    let mut widest = [0.0f64; 2];
    for row in rows {
        for (k, cell) in row.iter().take(2).enumerate() {
            if let Some(cell) = cell {
                let w = c.set_str(&text(cell), None, style.font, size, wide, Align::Start).width();
                widest[k] = widest[k].max(w);
            }
        }
    }
    let gap = COLUMN_GAP_EMS * size;
    let tab = |i: usize| style.tabs.get(i).map_or(0.0, |t| t * size).min(measure);
    let first_room = (FIRST_COLUMN_SHARE * measure).max(tab(0));
    let name_left = if widest[0] > 0.0 { tab(0).max((widest[0] + gap).min(first_room)) } else { tab(0) };
    let third_left = tab(1).max((name_left + widest[1] + gap).min(LAST_COLUMN_FROM * measure)).max(name_left);
    let all_under = measure - third_left < MIN_LAST_COLUMN_EMS * size;
    let shape = |w: f64| Shape { measure: w.max(size), first_indent: 0.0, rest_indent: 0.0 };
    let mut out = Vec::with_capacity(rows.len());
    // A table (ISO 32000-1 §14.8.4.3): a row per member, headed by the name
    // (TH, /Scope /Row) — the role is printed only above the first who has it.
    let table = node(StructRole::Table, None);
    for row in rows {
        // Each cell's grid lines, from the row's first line.
        let mut columns: Vec<(usize, Vec<GridLine>)> = Vec::new();
        let [label, who, rest] = row;
        let tr = node(StructRole::Row, Some(&table));
        let cell_node =
            |header: bool| node(if header { StructRole::HeaderCell(Scope::Row) } else { StructRole::Cell }, Some(&tr));
        let name_width =
            who.as_ref().map_or(0.0, |cell| c.set_str(&text(cell), None, style.font, size, wide, Align::Start).width());
        let under = all_under || name_left + name_width + gap > third_left + 0.01;
        if let Some(cell) = label {
            let set = c.set_str(&text(cell), cell.span, style.font, size, shape(name_left - gap), Align::Start);
            let mut lines = grid_lines(&set, left, kit, Role::Body, cell.span);
            tag_lines(&mut lines, &cell_node(false));
            columns.push((0, lines));
        }
        if let Some(cell) = who {
            let room = if under { measure - name_left } else { third_left - gap - name_left };
            let set = c.set_str(&text(cell), cell.span, style.font, size, shape(room), Align::Start);
            let mut lines = grid_lines(&set, left + name_left, kit, Role::Body, cell.span);
            tag_lines(&mut lines, &cell_node(true));
            columns.push((0, lines));
        }
        if let Some(cell) = rest {
            let (from, x, room) = if under {
                (usize::from(who.is_some()), name_left, measure - name_left)
            } else {
                (0, third_left, measure - third_left)
            };
            let set = c.set_str(&text(cell), cell.span, style.font, size, shape(room), style.align);
            let mut lines = grid_lines(&set, left + x, kit, Role::Body, cell.span);
            tag_lines(&mut lines, &cell_node(false));
            columns.push((from, lines));
        }
        let n = columns.iter().map(|(from, lines)| from + lines.len()).max().unwrap_or(0);
        let mut lines: Vec<GridLine> = vec![Vec::new(); n];
        for (from, cell_lines) in columns {
            for (i, mut l) in cell_lines.into_iter().enumerate() {
                lines[from + i].append(&mut l);
            }
        }
        keep_depth(&mut lines, kit);
        out.push(lines);
    }
    out
}

/// Convert content blocks to flow, each kind in its style: [`blocks_at`] with
/// sub-headings at level 2 (under a part's heading).
pub fn blocks(c: &mut Composer, kit: &Kit, content: &[Block], out: &mut Vec<Flow>) {
    blocks_at(c, kit, content, 2, out);
}

/// Convert content blocks to flow, each kind in its style, tagged: its
/// sub-headings at outline level `sub_level`; labelled items as lists, nested
/// by their level (an item of level n+1, or a paragraph of level n, is part of
/// the body of the item of level n before it); tables and figures.
pub fn blocks_at(c: &mut Composer, kit: &Kit, content: &[Block], sub_level: u8, out: &mut Vec<Flow>) {
    // The open lists, outermost first, each with the body of its last item.
    let mut lists: Vec<(StructRef, Option<StructRef>)> = Vec::new();
    for (i, b) in content.iter().enumerate() {
        match b {
            Block::Paragraph { text, level, indent } => {
                let level = *level as usize;
                lists.truncate(level);
                let parent = lists.last().and_then(|(_, body)| body.as_ref());
                out.push(paragraph_in(c, kit, text, StyleName::Paragraph, level, *indent, parent));
                out.extend(joined_after(content, i).map(Flow::Join));
            }
            Block::Item { label, text, level } => {
                let depth = (*level as usize).max(1);
                lists.truncate(depth);
                while lists.len() < depth {
                    let parent = lists.last().and_then(|(_, body)| body.clone());
                    lists.push((node(StructRole::List, parent.as_ref()), None));
                }
                let Some((list, body)) = lists.last_mut() else { continue };
                let (flow, item_body) = item(c, kit, label, text, StyleName::Item, depth - 1, list);
                *body = Some(item_body);
                out.push(keep_with_nested(flow, *level, content.get(i + 1)));
                out.extend(joined_after(content, i).map(Flow::Join));
            }
            Block::Heading { text } => {
                lists.clear();
                out.extend(heading_at(c, kit, &text.value, Some(&text.span), StyleName::Subheading, sub_level));
            }
            Block::Table(t) => {
                lists.clear();
                out.extend(table_flow(c, kit, t));
            }
            Block::Figure(f) => {
                // A figure among a list's items (the list goes on after it)
                // belongs to the item before it; after a list's last item it
                // ends the list.
                let continues = match content.get(i + 1) {
                    Some(Block::Item { .. }) => true,
                    Some(Block::Paragraph { level, .. }) => *level >= 1,
                    _ => false,
                };
                if !continues {
                    lists.clear();
                }
                let parent = lists.last().and_then(|(_, body)| body.clone());
                figure(c, kit, f, parent.as_ref(), out);
            }
        }
    }
}

/// Whether the block after `content[i]` (past figures, which float) is one
/// unit with it, and of what kind: a list's next item or the text nested under
/// an item's label (a nested paragraph after an item or nested text). The
/// paginator turns the page there when it must, but stands no figure there.
fn joined_after(content: &[Block], i: usize) -> Option<crate::frame::UnitKind> {
    use crate::frame::UnitKind;
    let in_list = match &content[i] {
        Block::Item { .. } => true,
        Block::Paragraph { level, .. } => *level >= 1,
        _ => false,
    };
    if !in_list {
        return None;
    }
    let next = content[i + 1..].iter().find(|b| !matches!(b, Block::Figure(_)))?;
    match (&content[i], next) {
        (Block::Item { level, .. }, Block::Paragraph { level: l, .. }) if *l >= (*level).max(1) => {
            Some(UnitKind::Label)
        }
        (_, Block::Item { .. }) => Some(UnitKind::List),
        (Block::Paragraph { .. }, Block::Paragraph { level: l, .. }) if *l >= 1 => Some(UnitKind::List),
        _ => None,
    }
}

/// An item with text nested under it (the explanation of "(2) 誰でも専門家")
/// keeps with the first lines of that text, as a heading does (JLREQ §4.1.7):
/// its label never ends a page with its text overleaf. A long item may still
/// split, leaving two lines or more on each page.
pub const KEEP_ITEM_MAX_LINES: usize = 3;

fn keep_with_nested(flow: Flow, level: u8, next: Option<&Block>) -> Flow {
    let level = level.max(1);
    let nested = match next {
        Some(Block::Paragraph { level: l, .. }) => *l >= level,
        Some(Block::Item { level: l, .. }) => *l > level,
        _ => false,
    };
    match flow {
        Flow::Paragraph(lines) if nested && lines.len() <= KEEP_ITEM_MAX_LINES => Flow::Heading(lines),
        other => other,
    }
}

/// The least measure that sets `text` with its words whole (`text::words`), each
/// word up to [`LEAST_COLUMN_CAP_EMS`]: a longer one breaks into equal parts of
/// whole ems, so that its last line is never one character alone. Returns that
/// width, the widest word's own width and the word.
pub fn least_text_width(c: &mut Composer, text: &str, font: FontId, size: f64) -> (f64, f64, String) {
    let wide = Shape { measure: super::UNBOUNDED_MEASURE, first_indent: 0.0, rest_indent: 0.0 };
    let cap = LEAST_COLUMN_CAP_EMS * size;
    let mut out = (0.0, 0.0, String::new());
    for word in crate::text::words::split(text) {
        let ww = c.set_str(word, None, font, size, wide, Align::Start).width();
        let part = if ww > cap { (ww / (ww / cap).ceil() / size).ceil() * size } else { ww };
        out.0 = f64::max(out.0, part);
        if ww > out.1 {
            (out.1, out.2) = (ww, word.to_string());
        }
    }
    out
}

/// Column widths from content, and the size to set the table at. The author's
/// widths (proportions) when every column keeps its least width (below); else
/// each column's natural width, scaled to the measure, when they fit; else each its least width
/// — its longest word whole (`text::words`), so that a narrow column breaks
/// between words and never leaves a character alone on a line (ー, ～, "," at a
/// line head break JLREQ §3.1.7) — and the rest shared out in proportion to what
/// each column still wants. When even the least widths are wider than the
/// measure the table is set smaller, down to its style's min_size (JLREQ §4.4
/// sets tables a size below the text), and then a warning names the column
/// whose words break inside.
fn column_widths(c: &mut Composer, kit: &Kit, t: &TableBlock, style: &Style) -> (Vec<f64>, f64) {
    let n = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(1));
    let measure = kit.measure();
    let size = style.size;
    let pad = size * 2.0 * table::PAD_X_EMS;
    let wide = Shape { measure: super::UNBOUNDED_MEASURE, first_indent: 0.0, rest_indent: 0.0 };
    let floor = MIN_COLUMN_EMS * size;
    let mut natural = vec![floor; n];
    // The least width of a column: its longest word whole (text::words), up to
    // LEAST_COLUMN_CAP_EMS (a longer compound breaks where JLREQ allows).
    let mut least = vec![floor; n];
    let mut longest: Vec<(f64, String)> = vec![(0.0, String::new()); n];
    for row in std::iter::once(&t.header).chain(t.rows.iter()) {
        for (i, cell) in row.iter().enumerate().take(n) {
            let w = c.set(cell, style.font, size, wide, Align::Start).width() + pad;
            natural[i] = natural[i].max(w);
            let (part, ww, word) = least_text_width(c, &cell.value, style.font, size);
            if ww > longest[i].0 {
                longest[i] = (ww, word);
            }
            least[i] = least[i].max((part + pad).min(natural[i]));
        }
    }
    let total: f64 = natural.iter().sum();
    let least_total: f64 = least.iter().sum();
    if t.widths.len() == n && least_total <= measure {
        // The author's proportions (widths = [...]), but no column under its
        // least width: those get it, the others share what is left.
        let mut fixed = vec![false; n];
        loop {
            let free = measure - (0..n).filter(|&i| fixed[i]).map(|i| least[i]).sum::<f64>();
            let wsum: f64 = (0..n).filter(|&i| !fixed[i]).map(|i| t.widths[i]).sum();
            if wsum <= 0.0 {
                return (least.iter().map(|l| l / least_total * measure).collect(), size);
            }
            let under: Vec<usize> =
                (0..n).filter(|&i| !fixed[i] && t.widths[i] / wsum * free < least[i] - 0.01).collect();
            if under.is_empty() {
                let widths = (0..n).map(|i| if fixed[i] { least[i] } else { t.widths[i] / wsum * free });
                return (widths.collect(), size);
            }
            for i in under {
                fixed[i] = true;
            }
        }
    }
    if t.widths.len() != n && total <= measure {
        return (natural.iter().map(|w| w / total * measure).collect(), size);
    }
    if t.widths.len() != n && least_total <= measure {
        // Every column its least width, then what is left shared out in
        // proportion to what each still wants.
        let left = measure - least_total;
        let want: f64 = natural.iter().zip(&least).map(|(w, l)| w - l).sum();
        let widths = natural.iter().zip(&least).map(|(w, l)| l + if want > 0.0 { (w - l) / want * left } else { 0.0 });
        return (widths.collect(), size);
    }
    // Even the least widths are wider than the measure: a smaller size, down to
    // the style's min_size (widths scale with the size), in quarter points.
    let fits = (size * measure / least_total * 4.0).floor() / 4.0;
    let smaller = fits.max(style.min_size).min(size);
    let scale = smaller / size;
    let least_total = least_total * scale;
    if least_total > measure + 0.01 {
        // A column's words break inside: say which, at the table.
        let (i, _) = least.iter().enumerate().fold((0, 0.0), |m, (i, l)| if *l > m.1 { (i, *l) } else { m });
        let named = t.header.get(i).map(|h| h.value.clone()).unwrap_or_default();
        let at = t.header.get(i).or_else(|| t.rows.iter().find_map(|r| r.get(i))).map(|x| x.span.clone());
        c.diags.push(
            Diagnostic::warning(
                at,
                "table",
                Message::new("narrow.table_too_narrow")
                    .arg("column", (i + 1).to_string())
                    .arg("header", named)
                    .arg("word", longest[i].1.clone())
                    .arg("size", format!("{smaller}"))
                    .arg("least", format!("{:.0}", least_total * MM_PER_PT))
                    .arg("measure", format!("{:.0}", measure * MM_PER_PT)),
            )
            .with_hint(Message::new("narrow.table_too_narrow_hint")),
        );
    }
    (least.iter().map(|l| l * scale / least_total * measure).collect(), smaller)
}

fn table_flow(c: &mut Composer, kit: &Kit, t: &TableBlock) -> Vec<Flow> {
    let mut style = kit.style(StyleName::Table).clone();
    let size = style.size;
    let columns = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(1));
    let max_columns = (kit.measure() / (MIN_COLUMN_EMS * size)).floor() as usize;
    if columns > max_columns {
        let widest = std::iter::once(&t.header).chain(&t.rows).find(|r| r.len() == columns);
        c.diags.push(
            Diagnostic::error(
                widest.and_then(|r| r.first()).map(|x| x.span.clone()),
                "table",
                Message::new("robust.too_many_columns")
                    .arg("columns", columns.to_string())
                    .arg("max", max_columns.to_string()),
            )
            .with_hint(Message::new("robust.too_many_columns_hint")),
        );
        return Vec::new();
    }
    let (widths, size) = column_widths(c, kit, t, &style);
    // Rows cut over pages (split_row) at the size the table is set.
    style.size = size;
    // The structure the table has (ISO 32000-1 §14.8.4.3.3): a header row
    // heads its columns (TH, /Scope /Column); without one the first column
    // heads its rows (/Scope /Row). A table of one column and no header is not
    // a table to a reader but a run of paragraphs, as is a table of one cell.
    let cells = t.header.len() + t.rows.iter().map(Vec::len).sum::<usize>();
    let real = cells > 1 && (!t.header.is_empty() || columns > 1);
    let table = real.then(|| node(StructRole::Table, None));
    let head = table.as_ref().filter(|_| !t.header.is_empty()).map(|t| node(StructRole::TableHead, Some(t)));
    let body = match &head {
        Some(_) => table.as_ref().map(|t| node(StructRole::TableBody, Some(t))),
        None => table.clone(),
    };
    let cell_node = |group: Option<&StructRef>, row: &mut Option<StructRef>, k: usize, header: bool| match group {
        Some(group) => {
            let tr = row.get_or_insert_with(|| node(StructRole::Row, Some(group)));
            let role = if header {
                StructRole::HeaderCell(Scope::Column)
            } else if head.is_none() && k == 0 {
                StructRole::HeaderCell(Scope::Row)
            } else {
                StructRole::Cell
            };
            node(role, Some(tr))
        }
        None => node(StructRole::Paragraph, None),
    };
    let cell = |text: &Text, align, structure: StructRef| {
        vec![CellPara {
            text: text.value.clone(),
            span: Some(text.span.clone()),
            font: style.font,
            align,
            structure: Some(structure),
        }]
    };
    let line_feed = size * style.line_height;
    let spec_for =
        |rows: Vec<Vec<Vec<CellPara>>>| TableSpec { widths: widths.clone(), size, line_feed, rows, row_rules: true };
    let mut out = Vec::new();
    out.extend(kit.space(style.space_before));
    if let Some(caption) = &t.caption {
        let cs = kit.style(StyleName::TableCaption);
        let (left, set) = set_in(c, kit, &caption.value, Some(&caption.span), cs, 0);
        let mut lines = grid_lines(&set, left, kit, Role::Caption, Some(&caption.span));
        let role = if table.is_some() { StructRole::Caption } else { StructRole::Paragraph };
        tag_lines(&mut lines, &node(role, table.as_ref()));
        keep_depth(&mut lines, kit);
        out.push(Flow::Heading(lines));
    }
    let header = if t.header.is_empty() {
        Vec::new()
    } else {
        let mut tr = None;
        let cells = t
            .header
            .iter()
            .enumerate()
            .map(|(k, h)| cell(h, Align::Center, cell_node(head.as_ref(), &mut tr, k, true)));
        let (mut items, h) = table::build(&spec_for(vec![cells.collect()]), 0.0, 0.0, c);
        // The header row says so, for the tagged PDF's THead (ISO 32000-1 §14.8.4.3.3).
        for it in &mut items {
            if let Item::Text(line) = it {
                line.header = true;
            }
        }
        vec![Row { height: h, items }]
    };
    let header_h: f64 = header.iter().map(|r| r.height).sum();
    let room = kit.page_room() - header_h;
    let mut rows = Vec::new();
    for r in &t.rows {
        let mut tr = None;
        let cells = r
            .iter()
            .enumerate()
            .map(|(k, x)| {
                let align = if looks_numeric(&x.value) { Align::End } else { Align::Start };
                cell(x, align, cell_node(body.as_ref(), &mut tr, k, false))
            })
            .collect();
        let (items, h) = table::build(&spec_for(vec![cells]), 0.0, 0.0, c);
        if h > room + 0.01 {
            rows.extend(split_row(items, h, &style, room));
        } else {
            rows.push(Row { height: h, items });
        }
    }
    out.push(Flow::Table { header, rows });
    out.extend(kit.space(style.space_after));
    out
}

/// A table row as it goes into the flow: whole, or cut between its lines
/// ([`split_row`]) when it is taller than a page holds.
pub fn rows_within_a_page(kit: &Kit, items: Vec<Item>, height: f64, style: &Style) -> Vec<Row> {
    if height > kit.page_room() + 0.01 {
        split_row(items, height, style, kit.page_room())
    } else {
        vec![Row { height, items }]
    }
}

/// A row taller than a page (a cell holding pages of text) is cut between its
/// lines into rows that fit one, each ruled above and below, so that no line runs
/// off the page. `items` are the row as built by [`table::build`] at `style`'s
/// size and line height (a data table, the programme).
pub fn split_row(items: Vec<Item>, height: f64, style: &Style, room: f64) -> Vec<Row> {
    let size = style.size;
    let line_feed = size * style.line_height;
    let pad = size * table::PAD_Y_EMS;
    let first_baseline = pad + FontBook::get().face(style.font).em_box_ascent() * size;
    let lines = (((height - 2.0 * pad - size) / line_feed).round() as usize) + 1;
    let per_row = ((((room - 2.0 * pad - size) / line_feed).floor().max(0.0)) as usize + 1).max(1);
    let template = items.iter().find_map(|i| if let Item::Rule(r) = i { Some(r.clone()) } else { None });
    let mut texts: Vec<Vec<Item>> = vec![Vec::new(); lines.div_ceil(per_row)];
    for item in items {
        if let Item::Text(t) = &item {
            let k = ((t.origin.y.0 - first_baseline) / line_feed).round().max(0.0) as usize;
            let chunk = (k / per_row).min(texts.len() - 1);
            let mut it = item.clone();
            it.translate(Pt(0.0), Pt(-((chunk * per_row) as f64) * line_feed));
            texts[chunk].push(it);
        }
    }
    let mut out = Vec::new();
    for (n, mut chunk_items) in texts.into_iter().enumerate() {
        let in_chunk = per_row.min(lines - n * per_row);
        let h = 2.0 * pad + size + (in_chunk - 1) as f64 * line_feed;
        if let Some(r) = &template {
            for y in [0.0, h] {
                let mut rule = r.clone();
                rule.from.y = Pt(y);
                rule.to.y = Pt(y);
                chunk_items.push(Item::Rule(rule));
            }
        }
        out.push(Row { height: h, items: chunk_items });
    }
    out
}

/// Numbers are end-aligned in tables (JLREQ §4.4).
fn looks_numeric(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || ",.%％円人名件万億 　".contains(c) || ('０'..='９').contains(&c))
}

/// The printed size of a figure: the entry's width, else the layout's; a fraction
/// of the text block's width, or the image's pixels at the layout's ppi; never
/// wider than the text block, never taller than `max_h`.
pub fn figure_size(kit: &Kit, f: &Figure, pixels: (u32, u32), max_h: f64) -> (f64, f64) {
    let measure = kit.measure();
    let natural = || f64::from(pixels.0) / kit.layout.figures.ppi * 72.0;
    let mut w = match (f.width, kit.layout.figures.width) {
        (Some(FigureSize::Fraction(x)), _) => x * measure,
        (Some(FigureSize::Natural), _) | (None, FigureWidth::Named(NaturalWidth::Natural)) => natural(),
        (None, FigureWidth::Fraction(x)) => x * measure,
    }
    .min(measure);
    let mut h = w * f64::from(pixels.1) / f64::from(pixels.0.max(1));
    if h > max_h {
        w *= max_h / h;
        h = max_h;
    }
    (w, h)
}

/// A figure's description for a reader who cannot see it (ISO 32000-1
/// §14.9.3 /Alt; PDF/UA-1 §7.3): its caption without the notes that only
/// place it on the page (「（次頁上）」), then the diagram's words in their order;
/// an entry's own `alt` instead of both when it gives one; with none of them,
/// the image's file name (the entry is warned: `alt.figure_undescribed`).
pub fn figure_alt(f: &Figure) -> String {
    if let Some(alt) = f.alt.as_ref().map(|a| a.value.trim()).filter(|a| !a.is_empty()) {
        return alt.to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(caption) = &f.caption {
        let c = without_placement_notes(&caption.value);
        if !c.is_empty() {
            parts.push(c);
        }
    }
    parts.extend(f.text.iter().map(|t| t.value.trim().to_string()).filter(|t| !t.is_empty()));
    if parts.is_empty() {
        let name = std::path::Path::new(&f.image.value).file_name();
        return name.map_or_else(|| f.image.value.clone(), |n| n.to_string_lossy().into_owned());
    }
    parts.join("\u{3000}")
}

/// The page a caption's placement note names, relative to the figure's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementPage {
    /// 次頁: the page after the text's.
    Next,
    /// 前頁: the page before it.
    Previous,
    /// 本頁, 同頁: the text's own page.
    Same,
}

/// The side of its page a caption's placement note names (上 top, 下 foot;
/// 右, 左 and 中 are not checked: the booklet sets figures full width).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementSide {
    Top,
    Foot,
}

/// A caption's note of where its figure stands (「（次頁上）」): the words as
/// written, the page and the side they name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementNote {
    pub text: String,
    pub page: Option<PlacementPage>,
    pub side: Option<PlacementSide>,
}

/// The pages a placement note may name, with what each means (右頁 and 左頁
/// name a side of the spread, not checked).
const PLACEMENT_PAGES: [(&str, Option<PlacementPage>); 6] = [
    ("次頁", Some(PlacementPage::Next)),
    ("前頁", Some(PlacementPage::Previous)),
    ("本頁", Some(PlacementPage::Same)),
    ("同頁", Some(PlacementPage::Same)),
    ("右頁", None),
    ("左頁", None),
];

/// Whether the inside of a parenthesis is only a page and a side (次頁上, 下,
/// 左上): a placement note.
fn is_placement(inner: &str) -> bool {
    let rest = PLACEMENT_PAGES.iter().find_map(|(p, _)| inner.strip_prefix(p)).unwrap_or(inner);
    !inner.is_empty() && rest.chars().all(|ch| "上下左右中".contains(ch))
}

/// The first placement note of a caption (「【写真】（次頁上）執務エリア」 →
/// 次頁, top), if it has one.
pub fn placement_note(caption: &str) -> Option<PlacementNote> {
    let mut rest = caption;
    while let Some(open) = rest.find(['（', '(']) {
        let close_char = if rest[open..].starts_with('（') { '）' } else { ')' };
        let inner_start = open + rest[open..].chars().next().map_or(1, char::len_utf8);
        let len = rest[inner_start..].find(close_char)?;
        let inner = &rest[inner_start..inner_start + len];
        if is_placement(inner) {
            let (page, sides) = PLACEMENT_PAGES
                .iter()
                .find_map(|(p, page)| inner.strip_prefix(p).map(|r| (*page, r)))
                .unwrap_or((None, inner));
            let side = if sides.contains('上') {
                Some(PlacementSide::Top)
            } else if sides.contains('下') {
                Some(PlacementSide::Foot)
            } else {
                None
            };
            return Some(PlacementNote {
                text: rest[open..inner_start + len + close_char.len_utf8()].to_string(),
                page,
                side,
            });
        }
        rest = &rest[inner_start..];
    }
    None
}

/// The words of a caption that say where its figure stands on the page — a
/// parenthesis holding only a page and a side: （次頁上）, （前頁下）, （右）,
/// （左上） — are for the printed page, not for a reader of the text.
fn without_placement_notes(caption: &str) -> String {
    let placement = is_placement;
    let mut out = String::new();
    let mut rest = caption;
    while let Some(open) = rest.find(['（', '(']) {
        let close_char = if rest[open..].starts_with('（') { '）' } else { ')' };
        let inner_start = open + rest[open..].chars().next().map_or(1, char::len_utf8);
        match rest[inner_start..].find(close_char) {
            Some(len) if placement(&rest[inner_start..inner_start + len]) => {
                out.push_str(&rest[..open]);
                rest = &rest[inner_start + len + close_char.len_utf8()..];
            }
            _ => {
                out.push_str(&rest[..inner_start]);
                rest = &rest[inner_start..];
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// A figure: the image centred, its caption under it, the diagram's words after;
/// tagged as one figure (in `parent`, or the current section) holding the
/// image, its caption and the words, described by [`figure_alt`].
fn figure(c: &mut Composer, kit: &Kit, f: &Figure, parent: Option<&StructRef>, out: &mut Vec<Flow>) {
    let fig = node(StructRole::Figure { alt: figure_alt(f) }, parent);
    let caption_node = node(StructRole::Caption, Some(&fig));
    let path = kit.dir.join(&f.image.value);
    // A picture that could not be read was reported when the entries were loaded.
    let Some(picture) = kit.images.get(&path).cloned() else { return };
    // In 1C a colour image is printed grey: staff are told. In 4C the PDF writer
    // converts it to CMYK through the output intent (and checks its ink).
    if picture.colour && kit.layout.print.colour == crate::model::layout::Colour::Gray {
        c.diags.push(
            Diagnostic::warning(
                Some(f.image.span.clone()),
                "figure",
                Message::new("layout.colour_image_in_gray").arg("path", f.image.value.clone()),
            )
            .with_hint(Message::new("hint.colour_image_in_gray")),
        );
    }
    let pixels = picture.pixels;
    let lf = kit.geo.line_feed;
    let top_gap = lf - kit.em();
    let cs = kit.style(StyleName::Caption).clone();
    let cap_lf = cs.size * cs.line_height;
    let caption = f.caption.as_ref().map(|caption| {
        let (_, measure) = kit.frame_of(&cs, 0);
        let shape = Shape { measure, first_indent: 0.0, rest_indent: 0.0 };
        let one_line = c.set(caption, cs.font, cs.size, shape, Align::Center);
        // One line is centred under the figure; more are justified with a flush
        // last line.
        let set = if one_line.len() > 1 { c.set(caption, cs.font, cs.size, shape, cs.align) } else { one_line };
        (caption, set)
    });
    let caption_h = caption.as_ref().map_or(0.0, |(_, set)| cap_lf * (set.len() as f64 + 0.5));
    // The diagram's words (we have no drawing): each element of `text` on a line
    // of its own, as the entry wrote them (docs/entries.md), so the text is
    // searchable, complete and in the order of the figure. Short elements go in
    // as many columns as fit (read column by column), as a typesetter sets a
    // list of labels, so that a diagram's words do not take a page of their own.
    let ts = kit.style(StyleName::FigureText).clone();
    let text_lf = ts.size * ts.line_height;
    let mut words = diagram_words(c, kit, f, &ts, 3);
    let text_h = text_lf * words.rows as f64;
    // Image, caption and words make one float that never splits (JLREQ §4.3: a
    // figure and its caption stay together): the image is scaled down as far as
    // needed to share a page with them; words or a caption too long for that
    // follow the float as rows of their own.
    // A float never takes the whole page: a section heading before it keeps
    // with it (JLREQ §4.1.7), so the room its lines and space need is left.
    let heading = kit.style(StyleName::SectionHeading);
    let heading_room = (heading.line_feed.max(1.0) + heading.space_before).ceil() * lf;
    let page = kit.page_room() - heading_room;
    let min_h = MIN_FIGURE_LINES * lf;
    let keep_caption = top_gap + min_h + caption_h <= page;
    let keep_words = keep_caption && top_gap + min_h + caption_h + text_h <= page;
    let beside = if keep_caption { caption_h } else { 0.0 } + if keep_words { text_h } else { 0.0 };
    let max_h = (kit.layout.figures.max_height * kit.geo.block.h.0).min(page - top_gap - beside).max(lf);
    let (w, h) = figure_size(kit, f, pixels, max_h);
    let x = (kit.measure() - w) / 2.0;
    let mut items = vec![Item::Image(Image {
        rect: Rect::new(Pt(x), Pt(top_gap), Pt(w), Pt(h)),
        picture,
        pixels,
        source: Some(f.image.span.clone()),
        pages_after_reference: 0,
        structure: Some(fig.clone()),
    })];
    let mut y = top_gap + h;
    let mut rows = Vec::new();
    let (cap_left, _) = kit.frame_of(&cs, 0);
    let row_baseline =
        |size: f64, font, row_h: f64| FontBook::get().face(font).em_box_ascent() * size + (row_h - size) / 2.0;
    if let Some((caption, set)) = &caption {
        if keep_caption {
            for l in set.place(cap_left, y + cap_lf, cap_lf, Role::Caption, Some(&caption.span)) {
                let mut item = Item::Text(l);
                item.set_structure(&caption_node);
                items.push(item);
            }
            y += caption_h;
        } else {
            let baseline = row_baseline(cs.size, cs.font, cap_lf);
            rows.extend(set.place(cap_left, baseline, 0.0, Role::Caption, Some(&caption.span)).into_iter().map(|l| {
                let mut item = Item::Text(l);
                item.set_structure(&caption_node);
                Row { height: cap_lf, items: vec![item] }
            }));
        }
    }
    // Set at the style's own line height, off the grid like a table: with the
    // image, column by column (the reading order); run on after it, in one
    // column of rows that split between pages.
    let baseline = row_baseline(ts.size, ts.font, text_lf);
    if !keep_words && words.columns.len() > 1 {
        words = diagram_words(c, kit, f, &ts, 1);
    }
    let mut placed = Vec::new();
    for (column, lines) in words.columns.iter().enumerate() {
        let left = words.left + column as f64 * (words.column_width + words.gap);
        for (row, (line, span, starts)) in lines.iter().enumerate() {
            let mut l = line.place(left, baseline, 0.0, Role::Caption, Some(span)).remove(0);
            l.para_start = *starts;
            l.structure = Some(fig.clone());
            placed.push((row, l));
        }
    }
    for (row, mut l) in placed {
        if keep_words {
            l.origin.y = Pt(l.origin.y.0 + y + row as f64 * text_lf);
            items.push(Item::Text(l));
        } else {
            rows.push(Row { height: text_lf, items: vec![Item::Text(l)] });
        }
    }
    if keep_words {
        y += words.rows as f64 * text_lf;
    }
    let lines = (y / lf).ceil() as usize;
    if rows.is_empty() {
        out.push(Flow::Figure { lines, height: y, items });
    } else {
        // Words or a caption that cannot share a page with the image follow it
        // from the top of a page, so that they never come before their picture.
        out.push(Flow::PageTop);
        out.push(Flow::Figure { lines, height: y, items });
        out.push(Flow::Table { header: Vec::new(), rows });
    }
}

/// The words of a diagram, set line by line and arranged in columns.
struct DiagramWords {
    /// Per column, its lines (each a one-line set) with the span of their
    /// element and whether the line starts it.
    columns: Vec<Vec<(SetLines, Span, bool)>>,
    rows: usize,
    left: f64,
    column_width: f64,
    gap: f64,
}

/// Set each element of a figure's `text` on its own lines, in up to three
/// columns (two ems of the style's size apart) filled top to bottom in the
/// entry's order: as many as leave three elements in four on one line.
fn diagram_words(c: &mut Composer, kit: &Kit, f: &Figure, ts: &Style, most_columns: usize) -> DiagramWords {
    let (left, measure) = kit.frame_of(ts, 0);
    let gap = 2.0 * ts.size;
    let wide = Shape { measure: super::UNBOUNDED_MEASURE, first_indent: 0.0, rest_indent: 0.0 };
    let widths: Vec<f64> = f
        .text
        .iter()
        .map(|t| c.set_str(&t.value, Some(&t.span), ts.font, ts.size, wide, Align::Start))
        .map(|set| set.lines.iter().map(|l| l.end).fold(0.0, f64::max))
        .collect();
    let column_width = |n: usize| (measure - (n as f64 - 1.0) * gap) / n as f64;
    // As many columns as leave three elements in four on one line; the others
    // wrap under themselves.
    let mut n = (1..=most_columns.max(1))
        .rev()
        .find(|n| {
            *n <= widths.len().max(1) && widths.iter().filter(|w| **w > column_width(*n)).count() * 4 <= widths.len()
        })
        .unwrap_or(1);
    loop {
        let width = column_width(n);
        let shape = Shape { measure: width, first_indent: 0.0, rest_indent: ts.hanging * kit.em() };
        let mut lines: Vec<(SetLines, Span, bool)> = Vec::new();
        for t in &f.text {
            let set = c.set_str_words(&t.value, Some(&t.span), ts.font, ts.size, shape, ts.align, true);
            for (i, line) in set.lines.into_iter().enumerate() {
                let one = SetLines { font: set.font, size: set.size, lines: vec![line], setting: set.setting.clone() };
                lines.push((one, t.span.clone(), i == 0));
            }
        }
        // A word that cannot break inside a narrow column, or breaks inside
        // because it is wider than it, takes a column fewer.
        if n > 1 && lines.iter().any(|(set, _, _)| set.lines[0].end > width + 0.01 || set.lines[0].in_word) {
            n -= 1;
            continue;
        }
        let rows = lines.len().div_ceil(n);
        let mut columns = Vec::with_capacity(n);
        let mut rest = lines.into_iter();
        for _ in 0..n {
            columns.push(rest.by_ref().take(rows).collect());
        }
        return DiagramWords { columns, rows, left, column_width: width, gap };
    }
}

#[cfg(test)]
mod tests {
    use super::{PlacementPage, PlacementSide, placement_note, without_placement_notes};

    #[test]
    fn a_captions_placement_note_is_left_out_of_its_description_and_nothing_else() {
        assert_eq!(without_placement_notes("【写真】（次頁上）執務エリア"), "【写真】執務エリア");
        let note = placement_note("【写真】（次頁上）執務エリア").unwrap();
        assert_eq!(
            (note.text.as_str(), note.page, note.side),
            ("（次頁上）", Some(PlacementPage::Next), Some(PlacementSide::Top))
        );
        let note = placement_note("図（前頁下）と（注）").unwrap();
        assert_eq!((note.page, note.side), (Some(PlacementPage::Previous), Some(PlacementSide::Foot)));
        assert_eq!(placement_note("（下）").map(|n| (n.page, n.side)), Some((None, Some(PlacementSide::Foot))));
        assert_eq!(placement_note("（注）写真は2006年"), None);
        assert_eq!(without_placement_notes("（前頁下）会議室（右）"), "会議室");
        assert_eq!(without_placement_notes("会議室(左上)"), "会議室");
        // Other parentheses are the caption's words.
        assert_eq!(without_placement_notes("（株）日本電気の会議室（手前）"), "（株）日本電気の会議室（手前）");
        assert_eq!(without_placement_notes("図（上：旧、下：新）"), "図（上：旧、下：新）");
        assert_eq!(without_placement_notes("開いたまま（"), "開いたまま（");
    }
}
