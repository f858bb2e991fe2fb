//! Pagination on the grid (JLREQ §2.4, §4.1.6, §4.1.7). Content arrives as flow
//! blocks measured in grid lines; the paginator fills pages line by line:
//! - headings take whole grid lines (gyou-dori) and keep with what follows: a
//!   heading never ends a page (§4.1.7); a heading that heads only figures
//!   keeps with the first, set right under it, and one that heads nothing
//!   comes after the figures still waiting (it ends its section);
//! - a table's first piece is never one row at a page's foot (it goes whole
//!   to the next page) unless a heading keeps with it or figures wait;
//! - a paragraph never leaves one line alone at the top or bottom of a page;
//! - tables split between rows and repeat their header rows;
//! - figures float (JLREQ §4.3): a figure goes to the top of the page if the
//!   page has no text yet, else to the foot of the page where it is referenced
//!   when it fits there (the text after it flows above it), else to the top of
//!   the next page; never between two lines of text. Figures keep their order.
//! - a figure stands only between two units of the flow (`frame::UnitKind`):
//!   never inside a sentence (a paragraph split over the page turn), a list, a
//!   label and its nested text, or between two pieces of a table — the top of
//!   a page that continues a unit, or the foot of a page that leaves one open,
//!   is no place for it. So a figure goes to the foot of a page only when the
//!   text after it fills the room above it to a unit's end (less at most
//!   [`FOOT_SLACK`] lines, or the section ends there), and to the top of a page
//!   only when the page starts a unit; else it waits, in order, for the next
//!   such place — a page's top or foot, or the start of a unit on a page
//!   where it fits, the text going on under it (the text after a figure keeps
//!   filling the page, as TeX's float queue lets it) — at the latest its
//!   section's end; a figure [`LATE_PAGES`] pages behind its reference takes
//!   the first foot within [`FOOT_SLACK`] lines, then the first place between
//!   two units where it fits, then the first foot, however short the page
//!   above it;
//! - a page a keep rule ends short (not a section's end) stretches the gaps
//!   before its headings and under its top figures by whole grid lines, at
//!   most [`GAP_GROWTH`] each, so that its text ends on its last grid line
//!   (vertical justification); the rule stays recorded on the page;
//! - a section's last lines (up to [`TAIL_LINES`]) never stand alone on a page:
//!   the page before gives up lines so that more go over with them;
//! - a page that ends before its last grid line records the rule that ended it
//!   (`frame::KeepRule`), for the make-up check, and every run of items the
//!   unit it belongs to (`frame::UnitRange`).
//!
//! The page breaks are chosen with a bounded look-ahead, not by an optimal
//! search over the whole section (Plass 1981; Brüggemann-Klein, Klein and
//! Wohlfeil 2003): at each unit's start the paginator looks ahead at most one
//! page of units — the room a figure at the foot leaves, whether the unit fits
//! beside figures already there — and at the precomputed number of lines left
//! in the section (one backward pass). Its cost, counted in `steps`: one step
//! per block placed, plus per look-ahead one step per block looked at, never
//! more than a page of blocks; so linear in the flow's length in practice.
//! What it minimises, in order: no hard rule broken, then the figure's
//! distance from its reference (the foot of its page, else the next place a
//! figure may stand), then short pages (at most [`FOOT_SLACK`] lines above a
//! figure at the foot, where the figure ends the page on its last line).

use super::Geometry;
use crate::frame::{Item, KeepRule, Page, PageKind, UnitKind, UnitRange};
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
    /// The text block before and the one after are one unit of this kind (a
    /// list's next item, the text nested under a label): the page may turn
    /// between them, but no figure stands there.
    Join(UnitKind),
}

/// Lines a figure at a page's foot may leave empty above it (the text after
/// it ending at a unit's end short of the figure): the figure still ends the
/// page on its last grid line.
pub const FOOT_SLACK: usize = 4;

/// Pages a figure may wait behind the page of its reference for a foot that
/// the text after it fills (to within [`FOOT_SLACK`]): past them, it takes the
/// first foot between two units where it fits, the page ending short above it
/// (the figure's distance from its reference comes before short pages). Without
/// this bound a figure reached inside a run of lists waited to its section's end
/// (2006 高知県's network diagram: four pages late, its words out of order).
pub const LATE_PAGES: usize = 2;

/// A section's last lines, up to this many, never stand alone on a page.
pub const TAIL_LINES: usize = 3;

/// Blank grid lines each gap between units on a page (the space before a
/// heading, the space under figures at the page's top) may grow by, so that a
/// page a keep rule ends short still ends on its last grid line (vertical
/// justification on the grid, as TeX's `\flushbottom` stretches the glue
/// between paragraphs; JLREQ §4.1.6 keeps the text on the grid, so the gaps
/// grow by whole lines). A page shorter than its gaps can take stays short and
/// records its rule.
pub const GAP_GROWTH: usize = 2;

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
    /// A page break here would fall inside a unit (a paragraph split, a list
    /// between two items): no figure at this page's foot or the next one's top.
    open_unit: bool,
    /// The next text block continues the current unit (after a `Flow::Join`).
    joined: bool,
    /// The current unit: its number and kind; the current section's number.
    unit: usize,
    kind: UnitKind,
    section: usize,
    /// The last grid line the text may use on this page so that the section's
    /// last lines do not stand alone on the next ([`TAIL_LINES`]).
    cap: Option<usize>,
    /// The gaps between units on the current page that may grow
    /// ([`GAP_GROWTH`]): the index of the first item after each, and the
    /// grid line the text above it ends on.
    gaps: Vec<(usize, usize)>,
    /// The last text block placed was a heading: no figure right under it.
    after_heading: bool,
}

/// A figure unit: grid lines and items relative to its top.
#[derive(Debug, Clone)]
struct Float {
    lines: usize,
    height: f64,
    items: Vec<Item>,
    /// The index of the page where the text reaches the figure.
    referenced: usize,
    /// Its unit's number.
    unit: usize,
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
            open_unit: false,
            joined: false,
            unit: 0,
            kind: UnitKind::Paragraph,
            section: 0,
            cap: None,
            gaps: Vec::new(),
            after_heading: false,
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
            units: Vec::new(),
        }
    }

    fn line_top(&self, n: usize) -> f64 {
        self.geo.block.y.0 + n as f64 * self.geo.line_feed
    }

    /// Grid lines of the current page the text may use: the page less the
    /// figures at its foot.
    fn capacity(&self) -> usize {
        let room = self.lines_per_page.saturating_sub(self.foot_lines);
        self.cap.map_or(room, |cap| cap.min(room))
    }

    fn remaining(&self) -> usize {
        if self.current.is_none() { self.lines_per_page } else { self.capacity().saturating_sub(self.line) }
    }

    fn page(&mut self) -> &mut Page {
        if self.current.is_none() {
            self.current = Some(self.blank_page(PageKind::Body));
            self.line = 0;
            self.only_headings = true;
            self.gaps.clear();
            self.place_waiting();
            // Under figures at the page's top, before the text.
            if self.line > 0 {
                self.gaps.push((self.current.as_ref().map_or(0, |p| p.items.len()), self.line));
            }
        }
        self.current.as_mut().expect("just set")
    }

    /// Finish the current page (if any): the figures at its foot go to its last
    /// grid lines; a page whose text stops short records `rule`.
    fn finish_page(&mut self, rule: KeepRule) {
        self.finish(rule, rule != KeepRule::SectionEnd);
    }

    /// Finish the current page; `justify`: a page that ends short by a keep
    /// rule (not where its section ends, nor before a page its figure's words
    /// open) spreads the lines it is short by over its gaps ([`GAP_GROWTH`]),
    /// when they can take them all.
    fn finish(&mut self, rule: KeepRule, justify: bool) {
        // A page turn inside a unit is no place for a figure: those at this
        // page's foot wait for the next place one may stand, and the page ends
        // short by them.
        if self.open_unit && !self.foot.is_empty() {
            let mut back = std::mem::take(&mut self.foot);
            back.append(&mut self.waiting);
            self.waiting = back;
            self.foot_lines = 0;
        }
        let room = self.lines_per_page.saturating_sub(self.foot_lines);
        let short = self.line < room;
        let rule = if self.cap.is_some_and(|cap| cap < room) { KeepRule::SectionTail } else { rule };
        let section = self.section;
        // (A justified page keeps the rule that ended it: its text now ends on
        // its last grid line, and the make-up report measures the page.)
        if short
            && justify
            && let Some(page) = &mut self.current
        {
            // A space with nothing after it (before a heading sent to the
            // next page) is left out: the text above it is what ends short.
            let used = match self.gaps.last() {
                Some(&(at, line)) if at == page.items.len() => line,
                _ => self.line,
            };
            let gaps: Vec<usize> = self.gaps.iter().map(|g| g.0).collect();
            justify_page(page, &gaps, room - used, self.geo.line_feed);
        }
        self.gaps.clear();
        if let Some(page) = &mut self.current {
            // Figures at the foot end on the text block's foot, not on a grid
            // line's: the last grid line holds one em, not a whole line feed.
            let foot = std::mem::take(&mut self.foot);
            let mut top = self.geo.block.bottom().0 - foot.iter().map(|f| f.height).sum::<f64>();
            for f in foot {
                let start = page.items.len();
                for mut it in f.items {
                    it.translate(self.geo.block.x, Pt(top));
                    page.items.push(it);
                }
                let items = start..page.items.len();
                page.units.push(UnitRange { items, unit: f.unit, kind: UnitKind::Figure, section });
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
        self.cap = None;
    }

    /// Figures that waited for this page go at its top, in order, as many as fit
    /// (the first always: it fits on an empty page by construction) — unless
    /// the page continues a unit (a figure never stands inside one).
    fn place_waiting(&mut self) {
        if self.open_unit {
            return;
        }
        while let Some(f) = self.waiting.first() {
            if self.line > 0 && self.line + f.lines > self.lines_per_page {
                break;
            }
            let f = self.waiting.remove(0);
            self.put_float(f);
        }
    }

    /// Put a figure at the current line (a page's top).
    fn put_float(&mut self, mut f: Float) {
        let after = self.pages.len() - f.referenced;
        for it in &mut f.items {
            if let Item::Image(im) = it {
                im.pages_after_reference = after;
            }
        }
        let (unit, kind) = (self.unit, self.kind);
        self.unit = f.unit;
        self.kind = UnitKind::Figure;
        self.put(f.lines, f.items);
        (self.unit, self.kind) = (unit, kind);
    }

    /// A figure to the foot of the current page.
    fn put_foot(&mut self, mut f: Float) {
        let after = self.pages.len() - f.referenced;
        for it in &mut f.items {
            if let Item::Image(im) = it {
                im.pages_after_reference = after;
            }
        }
        self.foot_lines += f.lines;
        self.foot.push(f);
    }

    fn new_unit(&mut self) -> usize {
        self.unit += 1;
        self.unit
    }

    /// A figure reached in the text: at the top of an empty page, at the foot of
    /// this page when the text after it fills the room above it to a unit's end
    /// ([`Self::foot_fits`]), else waiting for the next place a figure may
    /// stand — behind any figure already waiting, so that figures keep their
    /// order. Reached inside a unit (between two items of a list), it waits.
    fn figure(&mut self, lines: usize, height: f64, items: Vec<Item>, rest: &[Flow]) {
        let unit = self.new_unit();
        let f = Float { lines, height, items, referenced: self.pages.len(), unit };
        if self.waiting.is_empty() && !self.joined {
            self.page();
            if self.line == 0 && self.foot.is_empty() {
                self.put_float(f);
                return;
            }
            // Under a heading that heads only figures: what it heads,
            // right under it (JLREQ §4.1.7; its keep made room for it).
            if self.after_heading && self.line + f.lines <= self.capacity() && !self.text_follows(rest) {
                self.put_here(f);
                self.owed = 0;
                return;
            }
            // The foot when the text after fills the room above it, else a
            // few lines short of it ([`FOOT_SLACK`]); else it waits, for the
            // next unit's start where it fits (`unit_start`) or a page's top.
            if self.foot_fits(&f, rest, 0, false) {
                self.put_foot(f);
                return;
            }
            if self.foot_fits(&f, rest, FOOT_SLACK, true) {
                self.put_foot(f);
                return;
            }
        }
        self.waiting.push(f);
    }

    /// Whether a text block follows in the section `rest` starts (before a
    /// new page; a page top counts as text: its words run on there).
    fn text_follows(&self, rest: &[Flow]) -> bool {
        for b in rest {
            self.steps.set(self.steps.get() + 1);
            match b {
                Flow::Figure { .. } | Flow::Space(_) | Flow::Join(_) => continue,
                Flow::NewPage(_) | Flow::FullPage(_) => return false,
                _ => return true,
            }
        }
        false
    }

    /// The figures waiting go here, under the text on this page, as far as
    /// they fit; the rest at the top of the pages after it.
    fn place_waiting_here(&mut self) {
        while !self.waiting.is_empty() {
            self.page();
            let Some(f) = self.waiting.first() else { break };
            // (On an empty page the first always goes: a figure taller
            // than the page is drawn overflowing and reported.)
            if self.line == 0 || self.line + f.lines <= self.capacity() {
                let f = self.waiting.remove(0);
                self.put_here(f);
            } else {
                self.finish(KeepRule::Figure, false);
            }
        }
    }

    /// Whether `f` fits here, between two units in the page's text: under
    /// text already on the page, above the figures at its foot, and not
    /// between a heading and the lines it keeps with (JLREQ §4.1.7).
    fn here_fits(&self, f: &Float) -> bool {
        self.current.is_some()
            && self.line > 0
            && self.owed == 0
            && !self.after_heading
            && self.line + f.lines <= self.capacity()
    }

    /// A figure where it is reached (or, waiting, at the next unit's start
    /// where it fits): the text goes on under it, and the gap under it may
    /// grow ([`GAP_GROWTH`]).
    fn put_here(&mut self, f: Float) {
        self.put_float(f);
        let at = self.current.as_ref().map_or(0, |p| p.items.len());
        self.gaps.push((at, self.line));
    }

    /// Whether `f` may go to the current page's foot with `rest` the flow after
    /// the place it is reached: it fits with the lines a heading still keeps,
    /// and the units after it fill the room above it to within
    /// [`FOOT_SLACK`] lines, or the section ends on this page. Looks at most
    /// at a page of blocks.
    fn foot_fits(&self, f: &Float, rest: &[Flow], slack: usize, late_any: bool) -> bool {
        let Some(room) = self.capacity().checked_sub(self.line + f.lines) else { return false };
        if room < self.owed {
            return false;
        }
        let mut used = 0;
        let mut at = 0;
        loop {
            match self.unit_span(&rest[at..]) {
                // The section (or the flow) ends on this page.
                None => return true,
                Some((lines, blocks)) => {
                    if used + lines > room {
                        // A heading just placed keeps with this unit: the
                        // page cannot end before it, so the unit would split
                        // above the figure.
                        if used == 0 && self.owed > 0 {
                            return false;
                        }
                        // A figure already LATE_PAGES behind its reference
                        // takes the first foot it fits at: its distance from
                        // the reference comes before a short page.
                        return room - used <= slack || (late_any && f.referenced + LATE_PAGES <= self.pages.len());
                    }
                    used += lines;
                    at += blocks;
                }
            }
        }
    }

    /// The grid lines and the number of blocks of the unit `rest` starts with:
    /// a text block with the blocks joined to it (`Flow::Join`), a heading
    /// with what it keeps with, spaces included, figures passed over (they
    /// float). None where the section ends (a new page, a page top).
    fn unit_span(&self, rest: &[Flow]) -> Option<(usize, usize)> {
        let mut lines = 0;
        let mut j = 0;
        loop {
            self.steps.set(self.steps.get() + 1);
            let block = match rest.get(j) {
                None | Some(Flow::NewPage(_) | Flow::FullPage(_) | Flow::PageTop) => {
                    return (j > 0 && lines > 0).then_some((lines, j));
                }
                Some(b) => b,
            };
            j += 1;
            match block {
                Flow::Figure { .. } | Flow::Join(_) => continue,
                Flow::Space(n) => lines += n,
                Flow::Heading(l) => lines += l.len(),
                Flow::Paragraph(l) | Flow::Lines(l) => lines += l.len(),
                Flow::Table { header, rows } => lines += self.table_lines(header, rows),
                Flow::NewPage(_) | Flow::FullPage(_) | Flow::PageTop => unreachable!("returned above"),
            }
            if matches!(block, Flow::Heading(_) | Flow::Space(_)) {
                continue;
            }
            // The unit goes on when a join follows (past floating figures).
            let mut k = j;
            while matches!(rest.get(k), Some(Flow::Figure { .. })) {
                k += 1;
            }
            if !matches!(rest.get(k), Some(Flow::Join(_))) {
                return Some((lines, j));
            }
        }
    }

    /// The grid lines a whole table takes (its header once).
    fn table_lines(&self, header: &[Row], rows: &[Row]) -> usize {
        let h: f64 = header.iter().chain(rows).map(|r| r.height).sum();
        ((h / self.geo.line_feed) - 1e-6).ceil().max(1.0) as usize
    }

    /// Put `items` (relative to a block top) at the current line and advance;
    /// the items are recorded as the current unit's on the page.
    fn put(&mut self, lines: usize, items: Vec<Item>) {
        let top = self.line_top(self.line);
        let x = self.geo.block.x;
        let (unit, kind, section) = (self.unit, self.kind, self.section);
        let page = self.current.as_mut().expect("page open");
        let start = page.items.len();
        for mut it in items {
            it.translate(x, Pt(top));
            page.items.push(it);
        }
        let end = page.items.len();
        match page.units.last_mut() {
            Some(r) if r.unit == unit && r.items.end == start => r.items.end = end,
            _ if end > start => page.units.push(UnitRange { items: start..end, unit, kind, section }),
            _ => {}
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
        let was_open = self.open_unit;
        for (k, l) in lines.into_iter().enumerate() {
            // (Opening a page may place a waiting figure that fills it.)
            self.page();
            if self.line >= self.capacity() {
                self.open_unit = k > 0 || was_open;
                self.finish_page(KeepRule::Figure);
            }
            self.put_line(l);
        }
    }

    fn break_page(&mut self, rule: KeepRule) {
        self.finish_page(rule);
        self.page();
    }

    /// The current unit becomes one of `kind` (a paragraph found to be a
    /// list's first item): its runs on this page and the pages before.
    fn set_kind(&mut self, kind: UnitKind) {
        self.kind = kind;
        let unit = self.unit;
        let pages = self.current.iter_mut().chain(self.pages.iter_mut().rev());
        for page in pages {
            let mut found = false;
            for r in page.units.iter_mut().filter(|r| r.unit == unit) {
                r.kind = kind;
                found = true;
            }
            if !found && !page.units.is_empty() {
                break;
            }
        }
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
            // A labelled item kept with the text nested under it (a heading
            // by its keep, `blocks::keep_with_nested`, with a join after it) is
            // text: it counts towards `want`, and keeps with the first lines
            // of the one block nested under it — not with what follows that.
            Some(Flow::Heading(l)) if matches!(rest.get(1), Some(Flow::Join(_))) => {
                let own = l.len() + self.lines_for(rest.get(2..3).unwrap_or(&[]), 2);
                let left = want.saturating_sub(own);
                own + if left > 0 { self.lines_for(rest.get(3..).unwrap_or(&[]), left) } else { 0 }
            }
            // A heading met after text was counted (`want` below the two a
            // heading asks) starts a keep of its own: the section before it
            // ended with fewer lines than asked, and its heading keeps with all
            // of them. Chaining on would make a list of one-line sections (a
            // winners list of one-winner categories) one keep longer than a
            // page, and every heading would end up alone on a page.
            Some(Flow::Heading(_)) if want < 2 => 0,
            Some(Flow::Heading(l)) => l.len() + self.lines_for(&rest[1..], 2),
            Some(Flow::Lines(l)) => l.len() + self.lines_for(&rest[1..], want.saturating_sub(l.len())),
            // Blank lines count only with what follows them on the page.
            Some(Flow::Space(n)) => match self.lines_for(&rest[1..], want) {
                0 => 0,
                k => n + k,
            },
            // A figure floats to the top or foot of a page: the text runs on past
            // it. A figure with no text after it in its section (a new page
            // follows) is what a heading before it keeps with: the figure's lines
            // on the same page, or the heading ends a page alone (JLREQ §4.1.7).
            // (A run of figures is passed over whole: the heading keeps with
            // the first of them, the others may follow on the next pages.)
            Some(Flow::Figure { lines, .. }) => {
                let run = rest.iter().take_while(|b| matches!(b, Flow::Figure { .. })).count();
                match self.lines_for(&rest[run..], want) {
                    0 => *lines,
                    n => n,
                }
            }
            // What starts a page takes the heading along.
            Some(Flow::PageTop) => self.lines_per_page,
            // The header and first row, measured as `table` places them: the
            // last grid line of the room holds one em, not a line feed.
            // Its header and first rows, up to `want` lines of rows (a
            // table's first piece is never one row of one line), measured as
            // `table` places them: the last grid line holds one em.
            Some(Flow::Table { header, rows }) => {
                let lf = self.geo.line_feed;
                let mut h: f64 = header.iter().map(|r| r.height).sum();
                let mut body = 0.0;
                for r in rows {
                    h += r.height;
                    body += r.height;
                    if ((body / lf) - 1e-6).ceil() as usize >= want {
                        break;
                    }
                }
                let over = (h - self.geo.font_size) / lf;
                (over - 1e-6).ceil().max(0.0) as usize + 1
            }
            Some(Flow::Join(_)) => self.lines_for(&rest[1..], want),
            _ => 0,
        }
    }

    /// Grid lines from each block of `flow` to its section's end (a new
    /// page), and how many of them are blank (spaces, dropped at a page's
    /// top): one backward pass.
    fn tails(&self, flow: &[Flow]) -> Vec<(usize, usize)> {
        let mut tails = vec![(0, 0); flow.len()];
        let (mut acc, mut blank) = (0, 0);
        for (i, b) in flow.iter().enumerate().rev() {
            match b {
                Flow::NewPage(_) | Flow::FullPage(_) => (acc, blank) = (0, 0),
                Flow::Paragraph(l) | Flow::Heading(l) | Flow::Lines(l) => acc += l.len(),
                Flow::Space(n) => (acc, blank) = (acc + n, blank + n),
                Flow::Table { header, rows } => acc += self.table_lines(header, rows),
                Flow::Figure { .. } | Flow::Join(_) | Flow::PageTop => {}
            }
            tails[i] = (acc, blank);
        }
        tails
    }

    /// At the start of a unit (a place a figure may stand), with `rest` the
    /// flow from it and `tail` its section's lines from it: a page holding
    /// figures at its foot ends here when the unit does not fit beside them
    /// (unless a heading just placed keeps with it: then the figures wait
    /// again if the unit splits, `finish_page`);
    /// waiting figures go to this page's foot when the text after fills the
    /// room above them; and when the section would leave at most
    /// [`TAIL_LINES`] lines on the next page, this page gives up lines so that
    /// more go over with them.
    fn unit_start(&mut self, rest: &[Flow], (tail, blank): (usize, usize)) {
        let room = self.capacity().saturating_sub(self.line);
        // At least this many lines go over, so that more than TAIL_LINES of
        // them are text (blank lines may all be on the next page).
        let over = TAIL_LINES + 1 + blank;
        // (Not at the cost of a heading's two lines: JLREQ §4.1.7 comes first.)
        if self.cap.is_none() && tail > room && tail - room < over && tail >= over + self.owed.max(1) {
            self.cap = Some(self.line + tail - over);
        }
        if self.current.is_none() {
            return;
        }
        // Figures that waited: at the foot when the text after fills the
        // room above them; else here, between the units, where one fits
        // (above any at the foot, so that figures keep their order); else at
        // the foot a few lines short ([`FOOT_SLACK`]).
        while self.line > 0 && !self.waiting.is_empty() {
            let late = self.waiting[0].referenced + LATE_PAGES <= self.pages.len();
            if self.foot_fits(&self.waiting[0], rest, if late { FOOT_SLACK } else { 0 }, false) {
                let f = self.waiting.remove(0);
                self.put_foot(f);
            } else if self.foot.is_empty() && self.here_fits(&self.waiting[0]) {
                let f = self.waiting.remove(0);
                self.put_here(f);
            } else if self.foot_fits(&self.waiting[0], rest, FOOT_SLACK, true) {
                let f = self.waiting.remove(0);
                self.put_foot(f);
            } else {
                break;
            }
        }
        if !self.foot.is_empty()
            && let Some((lines, _)) = self.unit_span(rest)
            && self.line + lines > self.capacity()
            && self.line > 0
            && self.owed == 0
        {
            self.finish_page(KeepRule::Figure);
        }
    }

    /// Paginate; returns the pages, for every flow item the index of the page it
    /// starts on (for bookmarks), and the steps it took (counted work).
    pub fn run(mut self, mut flow: Vec<Flow>) -> (Vec<Page>, Vec<usize>, usize) {
        let mut starts = Vec::with_capacity(flow.len());
        let tails = self.tails(&flow);
        let mut i = 0;
        while i < flow.len() {
            // Each block is taken out of the flow as it is placed (the keeps look
            // only at the blocks after it): its lines move onto the page, uncopied.
            let not_heading = !matches!(
                &flow[i],
                Flow::Heading(_) | Flow::Space(_) | Flow::PageTop | Flow::Figure { .. } | Flow::Join(_)
            );
            let full_page = matches!(&flow[i], Flow::FullPage(_));
            let text = match &flow[i] {
                Flow::Heading(_) => Some(true),
                Flow::Paragraph(_) | Flow::Lines(_) | Flow::Table { .. } | Flow::NewPage(_) | Flow::FullPage(_) => {
                    Some(false)
                }
                _ => None,
            };
            if let Some(kind) = match &flow[i] {
                Flow::Paragraph(_) => Some(UnitKind::Paragraph),
                Flow::Heading(_) => Some(UnitKind::Heading),
                Flow::Lines(_) => Some(UnitKind::Lines),
                Flow::Table { .. } => Some(UnitKind::Table),
                _ => None,
            } {
                // A text block: a new unit, unless joined to the one before.
                let continues = std::mem::take(&mut self.joined);
                self.open_unit = continues;
                if !continues {
                    self.new_unit();
                    self.kind = kind;
                    let tail = tails[i];
                    self.unit_start(&flow[i..], tail);
                }
            }
            match std::mem::replace(&mut flow[i], Flow::Space(0)) {
                Flow::NewPage(side) => {
                    self.flush_waiting();
                    self.finish_page(KeepRule::SectionEnd);
                    self.section += 1;
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
                        self.finish(KeepRule::Figure, false);
                    }
                }
                Flow::FullPage(p) => {
                    self.flush_waiting();
                    self.finish_page(KeepRule::SectionEnd);
                    self.section += 1;
                    self.pages.push(p);
                }
                Flow::Join(kind) => {
                    self.joined = true;
                    self.open_unit = true;
                    if self.kind != kind {
                        self.set_kind(kind);
                    }
                }
                Flow::Space(n) => {
                    if self.current.is_some() && self.line > 0 {
                        if self.line + n >= self.capacity() {
                            self.finish_page(KeepRule::HeadingWithText);
                        } else {
                            let at = self.current.as_ref().map_or(0, |p| p.items.len());
                            self.gaps.push((at, self.line));
                            self.line += n;
                        }
                    }
                }
                Flow::Heading(lines) => {
                    let rest = &flow[i + 1..];
                    // A heading with no text after it in its section heads
                    // only figures, or nothing: the figures still waiting
                    // (those of the text before it) stand before it, so that
                    // it does not end a page with another section's figures
                    // overleaf (JLREQ §4.1.7), and figures keep their order.
                    if !self.waiting.is_empty() && !self.text_follows(rest) {
                        self.place_waiting_here();
                    }
                    // A labelled item kept with its nested text keeps with the
                    // one block nested under it, not with what comes after.
                    let keep = match rest.first() {
                        Some(Flow::Join(_)) => self.lines_for(rest.get(1..2).unwrap_or(&[]), 2),
                        _ => self.keep_need(rest),
                    };
                    let need = lines.len() + keep;
                    // What a heading keeps with may take more than a page (a
                    // table row taller than the page): the heading then opens
                    // a page, and the headings after it stay on that page
                    // with it — not one heading a page.
                    let fits = if need >= self.lines_per_page {
                        self.current.is_none() || self.only_headings
                    } else {
                        self.remaining() >= need
                    };
                    if !fits {
                        self.break_page(KeepRule::HeadingWithText);
                        // Figures that waited took the new page's top: the
                        // heading goes on to the next if its lines no longer fit.
                        if self.line > 0 && need < self.lines_per_page && self.remaining() < need {
                            self.break_page(KeepRule::Figure);
                        }
                    }
                    let heading_lines = lines.len();
                    // A heading (not a label in a list) after text on the
                    // page: the gap before it may grow ([`GAP_GROWTH`]).
                    if self.line > 0 && !matches!(rest.first(), Some(Flow::Join(_))) {
                        let at = self.current.as_ref().map_or(0, |p| p.items.len());
                        if self.gaps.last().map(|g| g.0) != Some(at) {
                            self.gaps.push((at, self.line));
                        }
                    }
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
                Flow::Paragraph(lines) => {
                    let after = tails[i].0.saturating_sub(lines.len());
                    self.paragraph(lines, after)
                }
                Flow::Figure { lines, height, items } => self.figure(lines, height, items, &flow[i + 1..]),
                Flow::Table { header, rows } => {
                    let after = tails[i].0.saturating_sub(self.table_lines(&header, &rows));
                    self.table(&header, &rows, after)
                }
            }
            if not_heading {
                self.only_headings = false;
            }
            if let Some(heading) = text {
                self.after_heading = heading;
            }
            // After a text block, a page turn is inside a unit only when the next
            // block joins it.
            if !self.joined {
                self.open_unit = matches!(flow.get(i + 1), Some(Flow::Join(_)));
            }
            let start = if full_page { self.pages.len() - 1 } else { self.pages.len() };
            starts.push(start);
            if self.current.is_some() && self.line >= self.capacity() {
                self.finish_page(KeepRule::SectionEnd);
            }
            i += 1;
        }
        self.open_unit = false;
        self.flush_waiting();
        self.finish_page(KeepRule::SectionEnd);
        let steps = self.steps.get() + flow.len();
        (self.pages, starts, steps)
    }

    /// Before a new page of a new section: the figures still waiting go to the
    /// current page's foot as far as they fit (the section ends there), then
    /// to pages of their own.
    fn flush_waiting(&mut self) {
        self.open_unit = false;
        while self.current.is_some()
            && self.line > 0
            && let Some(f) = self.waiting.first()
            && self.line + self.foot_lines + f.lines <= self.lines_per_page
        {
            let f = self.waiting.remove(0);
            self.put_foot(f);
        }
        while !self.waiting.is_empty() {
            self.finish(KeepRule::Figure, false);
            self.page();
        }
    }

    /// Split a paragraph so that neither part is a single line, nor the
    /// section's last lines alone on the next page (`after`: the section's
    /// lines after the paragraph).
    fn paragraph(&mut self, lines: Vec<GridLine>, after: usize) {
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
            let least = 2;
            let mut k = room.min(n.saturating_sub(2));
            let over = n - k + after;
            if over <= TAIL_LINES && n + after > TAIL_LINES + 1 && n + after - (TAIL_LINES + 1) >= self.owed {
                let fewer = n + after - (TAIL_LINES + 1);
                k = k.min(fewer);
                self.cap = Some(self.line + k);
            }
            if k < least {
                self.break_page(KeepRule::NoLoneLine);
                continue;
            }
            let tail = rest.split_off(k);
            for l in rest {
                self.put_line(l);
            }
            self.open_unit = true;
            self.finish_page(KeepRule::NoLoneLine);
            rest = tail;
        }
    }

    /// Split a table between rows, its header repeated on every page; the
    /// section's last lines (`after`: the section's lines after the table)
    /// never alone on the next page.
    fn table(&mut self, header: &[Row], rows: &[Row], after: usize) {
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
            // What goes over, with the section after it: more than TAIL_LINES.
            let mut tail_cut = false;
            if end < rows.len() {
                let over = |end: usize| self.table_lines(header, &rows[end..]) + after;
                while end > i + 1 && over(end) <= TAIL_LINES {
                    end -= 1;
                    used -= rows[end].height;
                    tail_cut = true;
                }
            }
            // A first piece of one row at a page with text above it goes
            // whole to the next page (as a paragraph leaves no line alone at
            // a page's foot), unless a heading above keeps with it, or
            // figures wait for the next pages' tops (the table would stand
            // behind them, every page before it short: 2006 高知県 at B5).
            let lone_first =
                i == 0 && end == 1 && rows.len() > 1 && self.owed == 0 && !tail_cut && self.waiting.is_empty();
            if lone_first && self.line > 0 {
                self.break_page(KeepRule::TableRow);
                continue;
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
            if tail_cut {
                self.cap = Some(self.line);
            }
            i = end;
            if i < rows.len() {
                self.open_unit = true;
                self.finish_page(KeepRule::TableRow);
            }
        }
    }
}

/// Spread `short` blank grid lines over the page's `gaps` (each the index of
/// the first item after it), one line at a time from the last gap up, each
/// gap growing by at most [`GAP_GROWTH`]: the items after a gap move down by
/// the lines it and the gaps above it grew. Only gaps with items after them
/// count. Returns false (nothing moved) when the gaps cannot take all.
pub(crate) fn justify_page(page: &mut Page, gaps: &[usize], short: usize, line_feed: f64) -> bool {
    let gaps: Vec<usize> = gaps.iter().copied().filter(|&g| g > 0 && g < page.items.len()).collect();
    if gaps.is_empty() || short > gaps.len() * GAP_GROWTH {
        return false;
    }
    // What is drawn lower than its grid lines (a table's last row reaches
    // into the last line feed) must still end inside the block.
    let lowest = page.items[gaps[0]..]
        .iter()
        .map(|it| match it {
            Item::Text(t) => t.origin.y.0 + t.size.0 * (1.0 - super::geometry::BASELINE_IN_EM_BOX),
            Item::Rule(r) => r.from.y.0.max(r.to.y.0),
            Item::Fill(f) => f.rect.bottom().0,
            Item::Image(im) => im.rect.bottom().0,
            Item::Vertical(v) => v.measure_end.0,
        })
        .fold(f64::NEG_INFINITY, f64::max);
    if lowest + short as f64 * line_feed > page.block.bottom().0 + 0.5 {
        return false;
    }
    let mut grow = vec![0; gaps.len()];
    let mut left = short;
    'spread: loop {
        for g in grow.iter_mut().rev() {
            if left == 0 {
                break 'spread;
            }
            if *g < GAP_GROWTH {
                *g += 1;
                left -= 1;
            }
        }
    }
    for (k, it) in page.items.iter_mut().enumerate() {
        let lines: usize = gaps.iter().zip(&grow).filter(|(g, _)| **g <= k).map(|(_, n)| n).sum();
        if lines > 0 {
            it.translate(Pt(0.0), Pt(lines as f64 * line_feed));
        }
    }
    true
}
