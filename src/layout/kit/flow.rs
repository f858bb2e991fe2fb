//! Pagination on the grid (JLREQ §2.4, §4.1.6, §4.1.7). Content arrives as flow
//! blocks measured in grid lines; the paginator fills pages line by line:
//! - headings take whole grid lines (gyou-dori) and keep with what follows: a
//!   heading never ends a page (§4.1.7);
//! - a paragraph never leaves one line alone at the top or bottom of a page;
//! - tables split between rows and repeat their header rows;
//! - a figure that does not fit moves to the next page while the text after it
//!   keeps filling the current one.

use super::Geometry;
use crate::frame::{Item, Page, PageKind};
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
    /// A figure: may float to the next page.
    Figure { lines: usize, items: Vec<Item> },
    /// A table: header rows repeated on every page; rows of given heights (pt).
    Table { header: Vec<Row>, rows: Vec<Row> },
    /// Blank grid lines (space before a heading); dropped at the top of a page.
    Space(usize),
    /// Start a new page; `recto` asks for an odd page.
    NewPage { recto: bool },
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
    floating: Vec<(usize, Vec<Item>)>,
}

impl<'g> Paginator<'g> {
    pub fn new(geo: &'g Geometry, lines_per_page: usize, pages: Vec<Page>) -> Paginator<'g> {
        Paginator { geo, pages, current: None, line: 0, lines_per_page, floating: Vec::new() }
    }

    fn blank_page(&self, kind: PageKind) -> Page {
        Page { width: self.geo.width, height: self.geo.height, kind, block: self.geo.block, items: Vec::new() }
    }

    fn line_top(&self, n: usize) -> f64 {
        self.geo.block.y.0 + n as f64 * self.geo.line_feed
    }

    fn remaining(&self) -> usize {
        if self.current.is_none() { self.lines_per_page } else { self.lines_per_page.saturating_sub(self.line) }
    }

    fn page(&mut self) -> &mut Page {
        if self.current.is_none() {
            self.current = Some(self.blank_page(PageKind::Body));
            self.line = 0;
            self.place_floating();
        }
        self.current.as_mut().expect("just set")
    }

    /// Finish the current page (if any).
    fn finish_page(&mut self) {
        if let Some(p) = self.current.take() {
            self.pages.push(p);
        }
        self.line = 0;
    }

    /// Figures that waited for this page go at its top.
    fn place_floating(&mut self) {
        let waiting = std::mem::take(&mut self.floating);
        for (lines, items) in waiting {
            if self.line + lines <= self.lines_per_page || self.line == 0 {
                self.put(lines, items);
            } else {
                self.floating.push((lines, items));
            }
        }
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
    }

    /// Lines kept together as far as a page allows: more lines than a page holds
    /// continue on the next page rather than running off this one.
    fn put_lines(&mut self, lines: Vec<GridLine>) {
        for l in lines {
            // (Opening a page may place a waiting figure that fills it.)
            self.page();
            if self.line >= self.lines_per_page {
                self.finish_page();
            }
            self.put_line(l);
        }
    }

    fn break_page(&mut self) {
        self.finish_page();
        self.page();
    }

    /// Lines the blocks after a heading need on the same page as it: two lines
    /// of text (JLREQ §4.1.7), gathered over short blocks — all of a paragraph
    /// shorter than four lines, since it cannot split leaving two lines on each
    /// page —, a whole figure (it would float away), the header and first row of
    /// a table, and through chained headings and spaces.
    fn keep_need(&self, rest: &[Flow]) -> usize {
        self.lines_for(rest, 2)
    }

    /// Grid lines the blocks of `rest` take before `want` lines of text are on
    /// the page.
    fn lines_for(&self, rest: &[Flow], want: usize) -> usize {
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
            Some(Flow::Figure { lines, .. }) => *lines,
            Some(Flow::Table { header, rows }) => {
                let h: f64 = header.iter().chain(rows.iter().take(1)).map(|r| r.height).sum();
                (h / self.geo.line_feed).ceil() as usize
            }
            _ => 0,
        }
    }

    /// Paginate; returns the pages and, for every flow item, the index of the page
    /// it starts on (for bookmarks).
    pub fn run(mut self, flow: Vec<Flow>) -> (Vec<Page>, Vec<usize>) {
        let mut starts = Vec::with_capacity(flow.len());
        let mut i = 0;
        while i < flow.len() {
            match &flow[i] {
                Flow::NewPage { recto } => {
                    self.flush_floating();
                    self.finish_page();
                    if *recto && self.pages.len() % 2 == 1 {
                        let blank = self.blank_page(PageKind::Blank);
                        self.pages.push(blank);
                    }
                }
                Flow::FullPage(p) => {
                    self.flush_floating();
                    self.finish_page();
                    self.pages.push(p.clone());
                }
                Flow::Space(n) => {
                    if self.current.is_some() && self.line > 0 {
                        if self.line + n >= self.lines_per_page {
                            self.finish_page();
                        } else {
                            self.line += n;
                        }
                    }
                }
                Flow::Heading(lines) => {
                    let need = lines.len() + self.keep_need(&flow[i + 1..]);
                    if self.remaining() < need.min(self.lines_per_page) {
                        self.break_page();
                    }
                    self.put_lines(lines.clone());
                }
                Flow::Lines(lines) => {
                    if self.remaining() < lines.len().min(self.lines_per_page) {
                        self.break_page();
                    }
                    self.put_lines(lines.clone());
                }
                Flow::Paragraph(lines) => self.paragraph(lines.clone()),
                Flow::Figure { lines, items } => {
                    self.page();
                    if self.remaining() >= *lines || self.line == 0 {
                        self.put(*lines, items.clone());
                    } else {
                        let mut items = items.clone();
                        for it in &mut items {
                            if let Item::Image(im) = it {
                                im.moved = true;
                            }
                        }
                        self.floating.push((*lines, items));
                    }
                }
                Flow::Table { header, rows } => self.table(header, rows),
            }
            let start = match &flow[i] {
                Flow::FullPage(_) => self.pages.len() - 1,
                _ => self.pages.len(),
            };
            starts.push(start);
            if self.current.is_some() && self.line >= self.lines_per_page {
                self.finish_page();
            }
            i += 1;
        }
        self.flush_floating();
        self.finish_page();
        (self.pages, starts)
    }

    fn flush_floating(&mut self) {
        while !self.floating.is_empty() {
            self.break_page();
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
                self.break_page();
                continue;
            }
            let tail = rest.split_off(k);
            for l in rest {
                self.put_line(l);
            }
            self.finish_page();
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
                    self.break_page();
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
            self.put(lines.min(self.lines_per_page - self.line), items);
            i = end;
            if i < rows.len() {
                self.finish_page();
            }
        }
    }
}
