//! Pagination on the grid (JLREQ §2.4, §4.1.6, §4.1.7). Content arrives as flow
//! blocks measured in grid lines; the paginator fills pages line by line:
//! - headings take whole grid lines (gyou-dori) and keep with what follows: a
//!   heading never ends a page (§4.1.7);
//! - a paragraph never leaves one line alone at the top or bottom of a page;
//! - tables split between rows and repeat their header rows;
//! - figures float (JLREQ §4.3): a figure goes to the top of the page if the
//!   page has no text yet, else to the foot of the page where it is referenced
//!   when it fits there (the text after it flows above it), else to the top of
//!   the next page; never between two lines of text. Figures keep their order.
//! - a page that ends before its last grid line records the rule that ended it
//!   (`frame::KeepRule`), for the make-up check.

use super::Geometry;
use crate::frame::{Item, KeepRule, Page, PageKind};
use crate::model::layout::PageSide;
use crate::units::Pt;

/// One grid line of content: items positioned relative to the line's top.
pub type GridLine = Vec<Item>;

#[derive(Debug, Clone)]
pub enum Flow {
    /// A paragraph or list item: its lines may split across pages (never leaving
    /// a single line alone).
    Paragraph(Vec<GridLine>),
    /// A heading: never split, kept with the next block.
    Heading(Vec<GridLine>),
    /// Lines kept together (a list row, a committee member), not kept with the next.
    Lines(Vec<GridLine>),
    /// A figure with its caption and words: a float that never splits; `height`
    /// is its depth in points (the grid lines it takes, rounded up).
    Figure { lines: usize, height: f64, items: Vec<Item> },
    /// A table: header rows repeated on every page; rows of given heights (pt).
    Table { header: Vec<Row>, rows: Vec<Row> },
    /// Blank grid lines (space before a heading); dropped at the top of a page.
    Space(usize),
    /// Continue at the top of a page: a new one unless the current page has no
    /// text yet (a figure whose words run on after it).
    PageTop,
    /// Start a new page on the given side (a blank page before it when needed).
    NewPage(PageSide),
    /// A finished page (a divider or a blank page).
    FullPage(Page),
}

#[derive(Debug, Clone)]
pub struct Row {
    pub height: f64,
    pub items: Vec<Item>,
}

pub struct Paginator<'g> {
    geo: &'g Geometry,
    pub pages: Vec<Page>,
    current: Option<Page>,
    /// Next free grid line on the current page.
    line: usize,
    lines_per_page: usize,
    /// Figures waiting for the top of the next page, in order.
    waiting: Vec<Float>,
    /// Figures at the foot of the current page, in order, and the grid lines
    /// they take from the text.
    foot: Vec<Float>,
    foot_lines: usize,
    /// The current page holds nothing but headings (and figures at its top).
    only_headings: bool,
    /// Lines of text the last heading on this page still keeps with it (JLREQ
    /// §4.1.7): a figure does not take their room at the page's foot.
    owed: usize,
    /// Blocks placed and blocks looked ahead at (counted work).
    steps: std::cell::Cell<usize>,
}

/// A figure unit: grid lines and items relative to its top.
#[derive(Debug, Clone)]
struct Float {
    lines: usize,
    height: f64,
    items: Vec<Item>,
    /// The index of the page where the text reaches the figure.
    referenced: usize,
}

impl<'g> Paginator<'g> {
    pub fn new(geo: &'g Geometry, lines_per_page: usize, pages: Vec<Page>) -> Paginator<'g> {
        Paginator {
            geo,
            pages,
            current: None,
            line: 0,
            lines_per_page,
            waiting: Vec::new(),
            foot: Vec::new(),
            foot_lines: 0,
            only_headings: true,
            owed: 0,
            steps: std::cell::Cell::new(0),
        }
    }

    fn blank_page(&self, kind: PageKind) -> Page {
        Page {
            width: self.geo.width,
            height: self.geo.height,
            kind,
            block: self.geo.block,
            items: Vec::new(),
            short_by: None,
        }
    }

    fn line_top(&self, n: usize) -> f64 {
        self.geo.block.y.0 + n as f64 * self.geo.line_feed
    }

    /// Grid lines of the current page the text may use: the page less the
    /// figures at its foot.
    fn capacity(&self) -> usize {
        self.lines_per_page.saturating_sub(self.foot_lines)
    }

    fn remaining(&self) -> usize {
        if self.current.is_none() { self.lines_per_page } else { self.capacity().saturating_sub(self.line) }
    }

    fn page(&mut self) -> &mut Page {
        if self.current.is_none() {
            self.current = Some(self.blank_page(PageKind::Body));
            self.line = 0;
            self.only_headings = true;
            self.place_waiting();
        }
        self.current.as_mut().expect("just set")
    }

    /// Finish the current page (if any): the figures at its foot go to its last
    /// grid lines; a page whose text stops short records `rule`.
    fn finish_page(&mut self, rule: KeepRule) {
        let short = self.line < self.capacity();
        if let Some(page) = &mut self.current {
            // Figures at the foot end on the text block's foot, not on a grid
            // line's: the last grid line holds one em, not a whole line feed.
            let foot = std::mem::take(&mut self.foot);
            let mut top = self.geo.block.bottom().0 - foot.iter().map(|f| f.height).sum::<f64>();
            for f in foot {
                for mut it in f.items {
                    it.translate(self.geo.block.x, Pt(top));
                    page.items.push(it);
                }
                top += f.height;
            }
        }
        if let Some(mut p) = self.current.take() {
            p.short_by = short.then_some(rule);
            self.pages.push(p);
        }
        self.line = 0;
        self.foot_lines = 0;
        self.owed = 0;
    }

    /// Figures that waited for this page go at its top, in order, as many as fit
    /// (the first always: it fits on an empty page by construction).
    fn place_waiting(&mut self) {
        while let Some(f) = self.waiting.first() {
            if self.line > 0 && self.line + f.lines > self.lines_per_page {
                break;
            }
            let mut f = self.waiting.remove(0);
            let after = self.pages.len() - f.referenced;
            for it in &mut f.items {
                if let Item::Image(im) = it {
                    im.pages_after_reference = after;
                }
            }
            self.put(f.lines, f.items);
        }
    }

    /// A figure reached in the text: at the top of an empty page, at the foot of
    /// this page, or waiting for the next page's top — behind any figure already
    /// waiting, so that figures keep their order.
    fn figure(&mut self, lines: usize, height: f64, items: Vec<Item>) {
        let f = Float { lines, height, items, referenced: self.pages.len() };
        if self.waiting.is_empty() {
            self.page();
            if self.remaining() >= f.lines + self.owed {
                if self.line == 0 && self.foot.is_empty() {
                    self.put(f.lines, f.items);
                } else {
                    self.foot_lines += f.lines;
                    self.foot.push(f);
                }
                return;
            }
        }
        self.waiting.push(f);
    }

    /// Put `items` (relative to a block top) at the current line and advance.
    fn put(&mut self, lines: usize, items: Vec<Item>) {
        let top = self.line_top(self.line);
        let x = self.geo.block.x;
        let page = self.current.as_mut().expect("page open");
        for mut it in items {
            it.translate(x, Pt(top));
            page.items.push(it);
        }
        self.line += lines;
    }

    fn put_line(&mut self, line: GridLine) {
        self.page();
        self.put(1, line);
        self.owed = self.owed.saturating_sub(1);
    }

    /// Lines kept together as far as a page allows: more lines than a page holds
    /// continue on the next page rather than running off this one.
    fn put_lines(&mut self, lines: Vec<GridLine>) {
        for l in lines {
            // (Opening a page may place a waiting figure that fills it.)
            self.page();
            if self.line >= self.capacity() {
                self.finish_page(KeepRule::Figure);
            }
            self.put_line(l);
        }
    }

    fn break_page(&mut self, rule: KeepRule) {
        self.finish_page(rule);
        self.page();
    }

    /// Lines the blocks after a heading need on the same page as it: two lines
    /// of text (JLREQ §4.1.7), gathered over short blocks — all of a paragraph
    /// shorter than four lines, since it cannot split leaving two lines on each
    /// page —, past figures (they float), the header and first row of
    /// a table, and through chained headings and spaces.
    fn keep_need(&self, rest: &[Flow]) -> usize {
        self.lines_for(rest, 2)
    }

    /// Grid lines the blocks of `rest` take before `want` lines of text are on
    /// the page.
    fn lines_for(&self, rest: &[Flow], want: usize) -> usize {
        self.steps.set(self.steps.get() + 1);
        if want == 0 {
            return 0;
        }
        match rest.first() {
            Some(Flow::Paragraph(l)) => {
                let n = l.len();
                if n < 4 || n <= want { n + self.lines_for(&rest[1..], want.saturating_sub(n)) } else { want.max(2) }
            }
            Some(Flow::Heading(l)) => l.len() + self.lines_for(&rest[1..], 2),
            Some(Flow::Lines(l)) => l.len() + self.lines_for(&rest[1..], want.saturating_sub(l.len())),
            Some(Flow::Space(n)) => n + self.lines_for(&rest[1..], want),
            // A figure floats to the top or foot of a page: the text runs on past
            // it. A figure with no text after it in its section (a new page
            // follows) is what a heading before it keeps with: the figure's lines
            // on the same page, or the heading ends a page alone (JLREQ §4.1.7).
            Some(Flow::Figure { lines, .. }) => match self.lines_for(&rest[1..], want) {
                0 => *lines,
                n => n,
            },
            // What starts a page takes the heading along.
            Some(Flow::PageTop) => self.lines_per_page,
            Some(Flow::Table { header, rows }) => {
                let h: f64 = header.iter().chain(rows.iter().take(1)).map(|r| r.height).sum();
                (h / self.geo.line_feed).ceil() as usize
            }
            _ => 0,
        }
    }

    /// Paginate; returns the pages, for every flow item the index of the page it
    /// starts on (for bookmarks), and the steps it took (counted work).
    pub fn run(mut self, mut flow: Vec<Flow>) -> (Vec<Page>, Vec<usize>, usize) {
        let mut starts = Vec::with_capacity(flow.len());
        let mut i = 0;
        while i < flow.len() {
            // Each block is taken out of the flow as it is placed (the keeps look
            // only at the blocks after it): its lines move onto the page, uncopied.
            let not_heading =
                !matches!(&flow[i], Flow::Heading(_) | Flow::Space(_) | Flow::PageTop | Flow::Figure { .. });
            let full_page = matches!(&flow[i], Flow::FullPage(_));
            match std::mem::replace(&mut flow[i], Flow::Space(0)) {
                Flow::NewPage(side) => {
                    self.flush_waiting();
                    self.finish_page(KeepRule::SectionEnd);
                    // The next page is number pages.len() + 1: odd is a recto.
                    let next_is_recto = self.pages.len().is_multiple_of(2);
                    let wrong_side = match &side {
                        PageSide::Any => false,
                        PageSide::Recto => !next_is_recto,
                        PageSide::Verso => next_is_recto,
                    };
                    if wrong_side {
                        let blank = self.blank_page(PageKind::Blank);
                        self.pages.push(blank);
                    }
                }
                Flow::PageTop => {
                    self.flush_waiting();
                    if self.current.is_some() && (!self.only_headings || !self.foot.is_empty()) {
                        self.finish_page(KeepRule::Figure);
                    }
                }
                Flow::FullPage(p) => {
                    self.flush_waiting();
                    self.finish_page(KeepRule::SectionEnd);
                    self.pages.push(p);
                }
                Flow::Space(n) => {
                    if self.current.is_some() && self.line > 0 {
                        if self.line + n >= self.capacity() {
                            self.finish_page(KeepRule::HeadingWithText);
                        } else {
                            self.line += n;
                        }
                    }
                }
                Flow::Heading(lines) => {
                    let need = lines.len() + self.keep_need(&flow[i + 1..]);
                    if self.remaining() < need.min(self.lines_per_page) {
                        self.break_page(KeepRule::HeadingWithText);
                    }
                    let heading_lines = lines.len();
                    self.put_lines(lines);
                    // What needs a page of its own (a figure's words from a page
                    // top) cannot keep with the heading anyway: nothing is owed.
                    self.owed = if need >= self.lines_per_page { 0 } else { need - heading_lines };
                }
                Flow::Lines(lines) => {
                    if self.remaining() < lines.len().min(self.lines_per_page) {
                        self.break_page(KeepRule::KeptLines);
                    }
                    self.put_lines(lines);
                }
                Flow::Paragraph(lines) => self.paragraph(lines),
                Flow::Figure { lines, height, items } => self.figure(lines, height, items),
                Flow::Table { header, rows } => self.table(&header, &rows),
            }
            if not_heading {
                self.only_headings = false;
            }
            let start = if full_page { self.pages.len() - 1 } else { self.pages.len() };
            starts.push(start);
            if self.current.is_some() && self.line >= self.capacity() {
                self.finish_page(KeepRule::SectionEnd);
            }
            i += 1;
        }
        self.flush_waiting();
        self.finish_page(KeepRule::SectionEnd);
        let steps = self.steps.get() + flow.len();
        (self.pages, starts, steps)
    }

    /// Before a new page of a new section: pages for the figures still waiting.
    fn flush_waiting(&mut self) {
        while !self.waiting.is_empty() {
            self.break_page(KeepRule::Figure);
        }
    }

    /// Split a paragraph so that neither part is a single line.
    fn paragraph(&mut self, lines: Vec<GridLine>) {
        let mut rest = lines;
        loop {
            self.page();
            let room = self.remaining();
            let n = rest.len();
            if n <= room {
                for l in rest {
                    self.put_line(l);
                }
                return;
            }
            // Take k lines here: at least 2 (no orphan), leaving at least 2 (no widow).
            let k = room.min(n.saturating_sub(2));
            if k < 2 {
                self.break_page(KeepRule::NoLoneLine);
                continue;
            }
            let tail = rest.split_off(k);
            for l in rest {
                self.put_line(l);
            }
            self.finish_page(KeepRule::NoLoneLine);
            rest = tail;
        }
    }

    fn table(&mut self, header: &[Row], rows: &[Row]) {
        let lf = self.geo.line_feed;
        let header_h: f64 = header.iter().map(|r| r.height).sum();
        let mut i = 0;
        while i < rows.len() {
            self.page();
            // The last grid line of the block holds one em, not a whole line feed.
            let room = (self.remaining() as f64 - 1.0) * lf + self.geo.font_size;
            // Rows that fit with the header; at least one row per page (a row taller
            // than a page is drawn overflowing and reported by the checks).
            let mut used = header_h;
            let mut end = i;
            while end < rows.len() && used + rows[end].height <= room + 0.01 {
                used += rows[end].height;
                end += 1;
            }
            if end == i {
                if self.line > 0 {
                    self.break_page(KeepRule::TableRow);
                    continue;
                }
                end = i + 1;
                used += rows[i].height;
            }
            let mut items = Vec::new();
            let mut y = 0.0;
            for r in header.iter().chain(&rows[i..end]) {
                for it in &r.items {
                    let mut it = it.clone();
                    it.translate(Pt(0.0), Pt(y));
                    items.push(it);
                }
                y += r.height;
            }
            let lines = ((used / lf) - 1e-6).ceil().max(1.0) as usize;
            self.put(lines.min(self.capacity().saturating_sub(self.line)), items);
            self.owed = self.owed.saturating_sub(lines);
            i = end;
            if i < rows.len() {
                self.finish_page(KeepRule::TableRow);
            }
        }
    }
}
