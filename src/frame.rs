//! Frames: pages of positioned glyphs, rules and images — the one hand-off from
//! layout to output. The PDF writer only walks these; so do the tests and the
//! readable dump. Coordinates are in points from the trimmed page's top-left
//! corner, y downwards.

use crate::diag::Span;
use crate::font::FontId;
use crate::units::{Point, Pt, Rect};
use std::fmt::Write as _;

/// A whole output document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub pages: Vec<Page>,
    /// Bookmarks: a tree of titled page references.
    pub outline: Vec<OutlineItem>,
    /// Blank pages added at the end to reach the page multiple the printer asks
    /// for (the job sheet lists them).
    pub padding: usize,
}

/// Document metadata; dates come from the edition, never the clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub author: String,
    /// (year, month, day)
    pub date: (u16, u8, u8),
    pub language: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutlineItem {
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    pub children: Vec<OutlineItem>,
}

/// What a page is, for numbering and checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Cover,
    Body,
    Divider,
    /// 白紙: intentionally blank, counted, no folio.
    Blank,
    /// A cover spread (表4 | 背 | 表1 or 表1 | 背 | 表4) on one page: the page's
    /// `block` is the spine (背), between the two folds.
    Spread,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Trimmed page size.
    pub width: Pt,
    pub height: Pt,
    pub kind: PageKind,
    /// The text block, for checks ("nothing outside it but heads and folios").
    pub block: Rect,
    pub items: Vec<Item>,
    /// Why the page's running text stops before the text block's last grid line,
    /// when it does: the make-up rule that ended it (None: a full page, or a page
    /// that is not paginated text).
    pub short_by: Option<KeepRule>,
    /// Which unit of the flow (a paragraph, a list, a table, a figure…) each
    /// run of the page's items belongs to, as the paginator placed them, in
    /// reading order: what the make-up check needs to see a figure inside a
    /// sentence or a list, or between two pieces of a table, and a section's
    /// last lines alone on a page. Empty on pages that are not paginated text.
    pub units: Vec<UnitRange>,
}

/// A run of a page's items that belong to one unit of the flow.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRange {
    /// Indices into the page's `items`.
    pub items: std::ops::Range<usize>,
    /// The unit's number in its document (the same on every page it spans).
    pub unit: usize,
    pub kind: UnitKind,
    /// The number of the section (a run of flow between two new pages: a
    /// profile, a part) the unit belongs to.
    pub section: usize,
}

/// What a unit of the flow is: the make-up rules say where a figure may stand
/// by it (only before or after it, never inside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A paragraph: its sentences run across a page turn when it splits.
    Paragraph,
    /// A list: a run of labelled items (・, ①, (1)).
    List,
    /// A labelled item and the text nested under its label.
    Label,
    /// A table, its pieces on several pages.
    Table,
    /// A heading (with the text it keeps with, a unit of its own).
    Heading,
    /// Lines kept together (a winner in a list, the facts).
    Lines,
    /// A figure: its image, caption and words.
    Figure,
}

impl UnitKind {
    /// The unit's name in the make-up report.
    pub fn name(self) -> &'static str {
        match self {
            UnitKind::Paragraph => "sentence",
            UnitKind::List => "list",
            UnitKind::Label => "label item",
            UnitKind::Table => "table",
            UnitKind::Heading => "heading",
            UnitKind::Lines => "kept lines",
            UnitKind::Figure => "figure",
        }
    }
}

/// The make-up rules that may end a page before its last grid line (JLREQ
/// §4.1.7 and the paginator's keeps); a page ending short names one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepRule {
    /// A heading keeps with two lines of what follows (JLREQ §4.1.7), its space
    /// before included.
    HeadingWithText,
    /// A paragraph leaves no single line alone at a page's foot or head.
    NoLoneLine,
    /// Lines kept together: a labelled item's label with two lines of its text,
    /// a list row, a committee member.
    KeptLines,
    /// A table row never splits.
    TableRow,
    /// A figure with its caption and words never splits; one that does not fit
    /// waits for the next page's top.
    Figure,
    /// The section, document or part ends here (a new page follows).
    SectionEnd,
    /// A section's last lines are never alone on a page: the page before
    /// gives up lines so that at least four go over together.
    SectionTail,
}

impl KeepRule {
    /// The rule's name in the make-up report.
    pub fn name(self) -> &'static str {
        match self {
            KeepRule::HeadingWithText => "heading keeps with two lines (JLREQ 4.1.7)",
            KeepRule::NoLoneLine => "no lone paragraph line",
            KeepRule::KeptLines => "lines kept together",
            KeepRule::TableRow => "table row unsplit",
            KeepRule::Figure => "figure unsplit",
            KeepRule::SectionEnd => "section ends",
            KeepRule::SectionTail => "section's last lines not alone",
        }
    }
}

/// What a line of text is, for checks and proofs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Heading,
    Table,
    Caption,
    /// The label of a list item ((1), ①, ・): not a line of its own for kinsoku.
    Label,
    Folio,
    RunningHead,
    Cover,
    /// The title on a cover spread's spine (背文字).
    Spine,
}

/// A part of the document's logical structure (what a reader of the text, not
/// of the page, is told: ISO 32000-1 §14.7 calls them structure elements; this
/// module names them neutrally and `pdf/tags.rs` writes them). The recipes know
/// what each piece of text is and say so; nothing downstream guesses it from
/// sizes or positions.
#[derive(Debug, Clone, PartialEq)]
pub enum StructRole {
    /// A heading of the document's outline, level 1 the highest: the recipes
    /// give the levels from the model (part, category, winner, section,
    /// sub-heading), never skipping one on the way down.
    Heading(u8),
    Paragraph,
    /// A list: its items (`ListItem`), each with a `Label` ((1), ①, ・) and a
    /// `ListBody`; a nested list is a child of its item's body.
    List,
    ListItem,
    Label,
    ListBody,
    /// A table: its `Caption` first, then a `TableHead` and a `TableBody`
    /// (or rows directly), rows of `HeaderCell`s and `Cell`s.
    Table,
    TableHead,
    TableBody,
    Row,
    /// A header cell, heading its column or its row.
    HeaderCell(Scope),
    Cell,
    /// A figure with its one description for a reader who cannot see it (its
    /// caption and, for a diagram, its words); the image and the diagram's
    /// words are its content, its caption a `Caption` inside it.
    Figure {
        alt: String,
    },
    Caption,
}

/// What a header cell heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Row,
    Column,
}

/// One element of the logical structure: its role and the element it is part
/// of (`None`: a part of the document's current section). The lines, columns
/// and images of one element share one `StructRef` (a paragraph broken over
/// pages, a cell's lines, a figure's words); the PDF writer groups content by
/// that reference, so two elements with equal roles stay two.
#[derive(Debug, PartialEq)]
pub struct StructNode {
    pub role: StructRole,
    pub parent: Option<StructRef>,
}

/// A shared reference to a [`StructNode`]. Equal when the nodes are equal
/// (role and parents): frames that draw and read the same compare equal.
pub type StructRef = std::sync::Arc<StructNode>;

impl StructNode {
    /// A new element in `parent` (`None`: in the current section).
    pub fn new(role: StructRole, parent: Option<&StructRef>) -> StructRef {
        std::sync::Arc::new(StructNode { role, parent: parent.cloned() })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextLine),
    Rule(Rule),
    Fill(Fill),
    Image(Image),
    /// A column of vertical text (縦組み), read top to bottom.
    Vertical(VerticalColumn),
}

/// A raster image placed in a rectangle; the PDF writer reads and embeds the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub rect: Rect,
    /// The decoded file (its path names it in the PDF and in messages).
    pub picture: std::sync::Arc<crate::picture::Picture>,
    /// Pixel size, for the effective resolution check.
    pub pixels: (u32, u32),
    /// How many pages after the one its text reaches it on the figure stands: 0
    /// (the top or foot of that page), 1 (the next page's top, a float's
    /// farthest own place); more is reported to staff as moved, with its page.
    pub pages_after_reference: usize,
    pub source: Option<Span>,
    /// Where the image stands in the document's logical structure (a figure,
    /// with its description).
    pub structure: Option<StructRef>,
}

impl Item {
    /// The item's place in the logical structure, if it has one.
    pub fn structure(&self) -> Option<&StructRef> {
        match self {
            Item::Text(t) => t.structure.as_ref(),
            Item::Vertical(v) => v.structure.as_ref(),
            Item::Image(i) => i.structure.as_ref(),
            Item::Rule(_) | Item::Fill(_) => None,
        }
    }

    /// Give the item (a line, column or image without one) its place in the
    /// logical structure.
    pub fn set_structure(&mut self, node: &StructRef) {
        let slot = match self {
            Item::Text(t) => &mut t.structure,
            Item::Vertical(v) => &mut v.structure,
            Item::Image(i) => &mut i.structure,
            Item::Rule(_) | Item::Fill(_) => return,
        };
        if slot.is_none() {
            *slot = Some(node.clone());
        }
    }

    /// Move an item by (dx, dy).
    pub fn translate(&mut self, dx: Pt, dy: Pt) {
        match self {
            Item::Text(t) => {
                t.origin.x += dx;
                t.origin.y += dy;
                t.measure_end += dx;
                t.content_end += dx;
            }
            Item::Rule(r) => {
                r.from.x += dx;
                r.from.y += dy;
                r.to.x += dx;
                r.to.y += dy;
            }
            Item::Fill(f) => {
                f.rect.x += dx;
                f.rect.y += dy;
            }
            Item::Image(i) => {
                i.rect.x += dx;
                i.rect.y += dy;
            }
            Item::Vertical(v) => {
                v.origin.x += dx;
                v.origin.y += dy;
                v.measure_end += dy;
                v.content_start += dy;
                v.content_end += dy;
            }
        }
    }
}

/// One composed line of glyphs in one font and size.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub font: FontId,
    pub size: Pt,
    /// Left end of the baseline.
    pub origin: Point,
    pub glyphs: Vec<Glyph>,
    pub role: Role,
    /// The line's measure: where a justified line must end (for checks).
    pub measure_end: Pt,
    /// Whether the line was justified (every non-final line of a paragraph).
    pub justified: bool,
    /// Whether the line is the first of its paragraph (or of a label, a cell).
    pub para_start: bool,
    /// Where the composer ended the line's content (after dropping a line-end
    /// blank), for the flushness checks.
    pub content_end: Pt,
    /// Where the text came from, for diagnostics found while writing.
    pub source: Option<Span>,
    /// A cell of a table's header row, repeated on each page the table
    /// continues on (the ledger reads it whole each time).
    pub header: bool,
    /// Where the line stands in the document's logical structure, as the
    /// recipe that made it knows it (`None`: folios, running heads and marks,
    /// which are not content).
    pub structure: Option<StructRef>,
    /// The composition the line was set from, for the ledger (`layout::ledger`).
    pub setting: Option<SettingRef>,
    /// The line starts with ー, a small kana or 々 that the layout's very strict
    /// kinsoku keeps off a line head, relaxed to level 3 for an extreme line
    /// (`text::Line::relaxed`): the kinsoku checks hold it to level 3.
    pub relaxed: bool,
    /// The line's last glyph is a hyphen the composer added inside an English
    /// word (`text::hyphenate`), not a character of the text: its glyph text is
    /// the hyphen it draws, the ledger does not count it, and the PDF writer
    /// marks it so that the text extracts as the word (`pdf/content.rs`).
    pub hyphen: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Offset of the glyph origin from the line origin.
    pub x: Pt,
    /// The glyph's advance.
    pub advance: Pt,
    /// The characters it stands for (its ToUnicode entry).
    pub text: GlyphText,
}

/// The characters a glyph stands for (its ToUnicode entry, ISO 32000-1 §9.10):
/// nearly always one character, so kept in the glyph itself — a page holds
/// about a thousand glyphs, and a heap string each made allocating, copying
/// and freeing them a large part of a build. A text longer than fits inline
/// (22 bytes of UTF-8) is kept on the heap.
#[derive(Clone, PartialEq, Eq)]
pub enum GlyphText {
    Inline { len: u8, bytes: [u8; 22] },
    Heap(Box<str>),
}

impl GlyphText {
    /// The text's UTF-8 bytes, with no check (for comparisons on every glyph:
    /// the ledger, `layout::ledger`).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            GlyphText::Inline { len, bytes } => &bytes[..usize::from(*len)],
            GlyphText::Heap(s) => s.as_bytes(),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            // Built from a &str, cut at its length: always UTF-8.
            GlyphText::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or(""),
            GlyphText::Heap(s) => s,
        }
    }
}

impl From<&str> for GlyphText {
    fn from(s: &str) -> Self {
        if s.len() <= 22 {
            let mut bytes = [0u8; 22];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            GlyphText::Inline { len: s.len() as u8, bytes }
        } else {
            GlyphText::Heap(s.into())
        }
    }
}

impl From<String> for GlyphText {
    fn from(s: String) -> Self {
        GlyphText::from(s.as_str())
    }
}

impl std::ops::Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for GlyphText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for GlyphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl TextLine {
    /// The text the line stands for — what its PDF text extracts as: its
    /// glyphs' text, without a hyphen the composer added ([`TextLine::hyphen`]).
    pub fn text(&self) -> String {
        let n = self.glyphs.len() - usize::from(self.hyphen && !self.glyphs.is_empty());
        self.glyphs[..n].iter().map(|g| g.text.as_str()).collect()
    }
    /// Right end of the last glyph's box.
    pub fn end(&self) -> Pt {
        self.glyphs.last().map_or(self.origin.x, |g| self.origin.x + g.x + g.advance)
    }
}

/// One column of vertical text in one font and size, read top to bottom. Every
/// glyph is placed on its own: upright (with its vertical form from the font's
/// `vert` feature), turned 90° clockwise (a proportional Latin word), or upright and
/// side by side (tate-chu-yoko). The PDF writer marks each column so that its text
/// extracts in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct VerticalColumn {
    pub font: FontId,
    pub size: Pt,
    /// The column's centre line at the top of its measure.
    pub origin: Point,
    pub glyphs: Vec<VerticalGlyph>,
    pub role: Role,
    /// Where the column's measure ends (a y coordinate on the page).
    pub measure_end: Pt,
    /// Where the composer started and ended the column's content (y on the page):
    /// the first glyph's box less any blank dropped at the head, the last one's
    /// less any blank dropped at the end.
    pub content_start: Pt,
    pub content_end: Pt,
    pub source: Option<Span>,
    /// The composition the column was set from, for the ledger (`layout::ledger`).
    pub setting: Option<SettingRef>,
    /// Where the column stands in the document's logical structure.
    pub structure: Option<StructRef>,
}

/// What one composition was set from: the text every line set from it gives
/// back, glyph by glyph, when the lines are read in order (the ledger,
/// `layout::ledger`, proves it for every build). Shared by the lines of the
/// composition, one reference each.
#[derive(Debug, PartialEq, Eq)]
pub struct Setting {
    /// The text as composed: after the documented normalisation
    /// (`text::normalize`: newlines joined, indentation dropped).
    pub text: Box<str>,
    /// The text as the recipe gave it, when normalisation changed it: to find a
    /// character's place in the entry (`None`: the same as `text`).
    pub value: Option<Box<str>>,
    /// The entry field (or the field a generated text stands for).
    pub span: Option<Span>,
}

impl Setting {
    pub fn new(text: String, value: &str, span: Option<&Span>) -> Setting {
        let value = (value != text).then(|| value.into());
        Setting { text: text.into(), value, span: span.cloned() }
    }
    /// The text as given to the composer.
    pub fn value(&self) -> &str {
        self.value.as_deref().unwrap_or(&self.text)
    }
}

/// A line's reference to its [`Setting`]. Bookkeeping, not drawing: two lines
/// that draw the same are equal whatever they were set from (a rebuild reuses
/// what it wrote for equal frames).
#[derive(Clone)]
pub struct SettingRef(pub std::sync::Arc<Setting>);

impl PartialEq for SettingRef {
    fn eq(&self, _: &SettingRef) -> bool {
        true
    }
}

impl std::fmt::Debug for SettingRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0.text, f)
    }
}

/// How a glyph of a vertical column is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// As designed (ideographs, kana, vertical forms, tate-chu-yoko digits).
    Upright,
    /// Rotated 90° clockwise: its baseline runs down the column (Latin words).
    Clockwise,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VerticalGlyph {
    pub id: u16,
    /// The glyph's origin (the left end of its baseline, before any turn),
    /// relative to the column's origin: x to the right, y downwards.
    pub x: Pt,
    pub y: Pt,
    pub turn: Turn,
    /// Horizontal scale of the glyph (a tate-chu-yoko group squeezed into one
    /// em); 1 otherwise.
    pub scale: f64,
    /// The glyph's box along the column: from `top` to `top + advance`,
    /// relative to the column's origin.
    pub top: Pt,
    pub advance: Pt,
    /// The characters it stands for (its ToUnicode entry).
    pub text: GlyphText,
}

impl VerticalColumn {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    /// The column's area as a rectangle on the page: one em wide around the
    /// centre line, from the start of its content to its end.
    pub fn bounds(&self) -> Rect {
        Rect::new(self.origin.x - self.size / 2.0, self.content_start, self.size, self.content_end - self.content_start)
    }
}

/// A straight line (table rules, marks).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub from: Point,
    pub to: Point,
    pub width: Pt,
    pub colour: Colour,
}

/// A filled rectangle (backgrounds, placeholder images).
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    pub rect: Rect,
    pub colour: Colour,
}

/// Colours are K-only grey for text and rules (print-ready black), or registration
/// for crop marks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Colour {
    /// Grey level as K: 1.0 = 100 % black.
    Black(f64),
    /// C = M = Y = K = 100 %: crop marks only.
    Registration,
    /// Magenta: proof marks around problems (`build --proof`), never in print files.
    Proof,
}

impl Document {
    /// A readable dump, one item per line, fixed decimals: for golden files.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.pages.iter().enumerate() {
            let _ = writeln!(out, "page {} {:?} {:.2}x{:.2}", i + 1, p.kind, p.width.0, p.height.0);
            for item in &p.items {
                match item {
                    Item::Text(t) => {
                        let _ = writeln!(
                            out,
                            "  text {:?} {:.2} @({:.2},{:.2}) {}",
                            t.font,
                            t.size.0,
                            t.origin.x.0,
                            t.origin.y.0,
                            t.text()
                        );
                    }
                    Item::Image(im) => {
                        let name =
                            im.picture.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "  image ({:.2},{:.2}) {:.2}x{:.2} {name}",
                            im.rect.x.0, im.rect.y.0, im.rect.w.0, im.rect.h.0
                        );
                    }
                    Item::Rule(r) => {
                        let _ = writeln!(
                            out,
                            "  rule ({:.2},{:.2})-({:.2},{:.2}) w{:.2}",
                            r.from.x.0, r.from.y.0, r.to.x.0, r.to.y.0, r.width.0
                        );
                    }
                    Item::Fill(f) => {
                        let _ = writeln!(
                            out,
                            "  fill ({:.2},{:.2}) {:.2}x{:.2}",
                            f.rect.x.0, f.rect.y.0, f.rect.w.0, f.rect.h.0
                        );
                    }
                    Item::Vertical(v) => {
                        let _ = writeln!(
                            out,
                            "  vertical {:?} {:.2} @({:.2},{:.2}) {}",
                            v.font,
                            v.size.0,
                            v.origin.x.0,
                            v.origin.y.0,
                            v.text()
                        );
                    }
                }
            }
        }
        out
    }

    /// The first characters of every paragraph's first line, one per line: the
    /// `--par-starts` file of ../shared/tools/kinsoku_check.py, so that it knows
    /// exactly which lines begin a paragraph. Lines sharing a baseline (a label
    /// and its item) are read together, left to right.
    pub fn paragraph_starts(&self) -> String {
        let mut out = String::new();
        for p in &self.pages {
            let mut lines: Vec<&TextLine> =
                p.items.iter().filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None }).collect();
            lines.sort_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0).then(a.origin.x.0.total_cmp(&b.origin.x.0)));
            let mut k = 0;
            while k < lines.len() {
                let y = lines[k].origin.y.0;
                let mut same = k;
                while same < lines.len() && (lines[same].origin.y.0 - y).abs() < 0.5 {
                    same += 1;
                }
                let row = &lines[k..same];
                if row.iter().any(|t| t.para_start) {
                    let text: String = row
                        .iter()
                        .map(|t| t.text())
                        .collect::<String>()
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .take(12)
                        .collect();
                    if !text.is_empty() {
                        out.push_str(&text);
                        out.push('\n');
                    }
                }
                k = same;
            }
        }
        out
    }

    /// All text of the document in reading order (line by line).
    pub fn text(&self) -> String {
        let mut s = String::new();
        for p in &self.pages {
            for item in &p.items {
                match item {
                    Item::Text(t) => s.push_str(&t.text()),
                    Item::Vertical(v) => s.push_str(&v.text()),
                    _ => continue,
                }
                s.push('\n');
            }
        }
        s
    }
}
