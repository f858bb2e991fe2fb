//! Whole pages built top-down: the title page (表1 of the cover), the divider
//! pages and 表4. Each block is a styled text taking whole grid lines (its
//! `line_feed`, centred in them like gyou-dori, JLREQ §4.1.6) or, with a line
//! feed of 0, lines `line_height × size` apart off the grid.
//!
//! A whole page is composed on its page, not on the body's text block (issue
//! #30): its room is the geometry's `frame` (the trimmed page less the layout's
//! `whole_page.margin_mm`, never less than the text block). Its blocks start at
//! the text block's head, as the body pages do; a page that needs more room
//! than lies below that head rises towards the frame's head (into the first
//! block's space before, never above the frame). Long lines wrap within their
//! style's measure, or the room's (the text block's width, at least the
//! layout's `whole_page.min_measure`). When the blocks still do not fit, the styles
//! that allow it (`min_size` below `size`) are set smaller step by step; what
//! still does not fit is reported at the entry line that overflows, naming the
//! document and page.
//!
//! Every position here is relative to the text block's top-left corner, as the
//! body pages' are; [`page_of`] moves the items onto the page.

use super::blocks::Kit;
use super::compose::{Composer, SetLines};
use crate::diag::{Diagnostic, Message, Span};
use crate::font::FontBook;
use crate::frame::{Item, Page, PageKind, Role};
use crate::model::style::Style;
use crate::text::Shape;
use crate::units::Pt;

/// The scale factors tried, in order, when blocks do not fit their page.
pub const SHRINK_STEPS: [f64; 6] = [1.0, 0.9, 0.85, 0.7, 0.6, 0.5];

/// At most this many columns when a list is spread across a page.
pub const MAX_COLUMNS: usize = 5;

/// One styled text of a page.
pub struct Piece {
    pub value: String,
    pub span: Option<Span>,
    pub style: Style,
    pub role: Role,
    /// Wrapped lines hang this many ems of the piece's own size beyond the
    /// style's `hanging` (a sponsor line's text under the text, not under its
    /// 「主催：」).
    pub hang: f64,
}

/// The room of a whole page (the geometry's `frame`), relative to the text
/// block's top-left corner: `top` is at or above 0, `bottom` at or below the
/// block's height. `measure` is what its lines wrap at: the text block's
/// width, or the layout's `whole_page.min_measure` ems when that is wider,
/// never wider than the frame; centred on the page, as the frame and the text
/// block are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Room {
    pub width: f64,
    pub measure: f64,
    pub top: f64,
    pub bottom: f64,
    /// The text block's width: positions are from its left edge.
    block: f64,
}

impl Room {
    pub fn of(kit: &Kit) -> Room {
        let (f, b) = (kit.geo.frame, kit.geo.block);
        let measure = b.w.0.max(kit.layout.whole_page.min_measure * kit.em()).min(f.w.0);
        Room { width: f.w.0, measure, top: f.y.0 - b.y.0, bottom: f.bottom().0 - b.y.0, block: b.w.0 }
    }

    /// Where a block `width` wide starts, centred, from the text block's left
    /// edge (0 for the text block's own width).
    pub fn centred(&self, width: f64) -> f64 {
        (self.block - width) / 2.0
    }

    /// Where a style's block starts (from the text block's left edge) and its
    /// measure: its own `measure` (ems of the grid) centred, at most the
    /// frame's width; else the room's measure less its indent.
    pub fn frame_of(&self, kit: &Kit, s: &Style) -> (f64, f64) {
        let em = kit.em();
        match s.measure {
            Some(m) => {
                let w = (m * em).min(self.width);
                (self.centred(w), w)
            }
            None => {
                let left = (s.indent * em).min(self.measure - em);
                (self.centred(self.measure) + left, self.measure - left)
            }
        }
    }
}

/// Where a piece's lines go: the pitch between them and the band their em box
/// is centred in.
fn pitch(kit: &Kit, style: &Style, size: f64) -> (f64, f64) {
    if style.line_feed > 0.0 {
        let n = style.line_feed;
        (n * kit.geo.line_feed, (n - 1.0).max(0.0) * kit.geo.line_feed + kit.em())
    } else {
        let p = style.line_height * size;
        (p, p)
    }
}

fn compose(c: &mut Composer, kit: &Kit, piece: &Piece, size: f64) -> (f64, SetLines) {
    let (left, measure) = Room::of(kit).frame_of(kit, &piece.style);
    let rest_indent = piece.style.hanging * kit.em() + piece.hang * size;
    let shape = Shape { measure, first_indent: 0.0, rest_indent };
    (left, c.set_str(&piece.value, piece.span.as_ref(), piece.style.font, size, shape, piece.style.align))
}

/// The pieces at scale `k` from y = 0: their items, where each piece's lines
/// end (the foot of its last band, or of its em box when that is larger), and
/// the head of the first em box (a size larger than its band stands out of it).
fn lay(c: &mut Composer, kit: &Kit, pieces: &[Piece], k: f64) -> (Vec<Item>, Vec<f64>, f64) {
    let mut items = Vec::new();
    let mut ends = Vec::new();
    let mut head: Option<f64> = None;
    let mut y = 0.0;
    for piece in pieces {
        let s = &piece.style;
        let size = (s.size * k).max(s.min_size);
        let (step, band) = pitch(kit, s, size);
        y += s.space_before * kit.geo.line_feed;
        let (left, set) = compose(c, kit, piece, size);
        let ascent = FontBook::get().face(s.font).em_box_ascent();
        let first = y + band / 2.0 + (ascent - 0.5) * size;
        for line in set.place(left, first, step, piece.role, piece.span.as_ref()) {
            items.push(Item::Text(line));
        }
        if !set.is_empty() {
            head = Some(head.unwrap_or(f64::INFINITY).min(y + (band - band.max(size)) / 2.0));
        }
        y += set.len() as f64 * step;
        ends.push(y - step + (band + band.max(size)) / 2.0);
        y += s.space_after * kit.geo.line_feed;
    }
    (items, ends, head.unwrap_or(0.0))
}

/// How far a stack whose first text stands `head` below the text block's head
/// may rise: up to the frame's head, never above it.
fn rise(room: &Room, head: f64) -> f64 {
    (head - room.top).max(0.0)
}

/// Pieces stacked on a whole page.
pub struct Stacked {
    pub items: Vec<Item>,
    /// How far the stack rose above the text block's head to fit.
    pub shift: f64,
    /// When even the smallest sizes overflow the frame: the span of the first
    /// piece that ends below it.
    pub overflow: Option<Option<Span>>,
}

/// The pieces stacked from the head of the text block — rising towards the
/// frame's head when they need the room, smaller when they must be.
pub fn stack(c: &mut Composer, kit: &Kit, pieces: &[Piece]) -> Stacked {
    let room = Room::of(kit);
    let shrinkable = pieces.iter().any(|p| p.style.min_size < p.style.size);
    let mut last = None;
    for k in SHRINK_STEPS {
        let (mut items, ends, head) = lay(c, kit, pieces, k);
        let need = ends.iter().copied().fold(0.0, f64::max);
        let shift = (need - room.bottom).max(0.0).min(rise(&room, head));
        let overflow =
            pieces.iter().zip(&ends).find(|(_, end)| **end - shift > room.bottom + 0.01).map(|(p, _)| p.span.clone());
        if shift > 0.0 {
            for it in &mut items {
                it.translate(Pt(0.0), Pt(-shift));
            }
        }
        let done = overflow.is_none() || !shrinkable;
        last = Some(Stacked { items, shift, overflow });
        if done {
            break;
        }
    }
    last.unwrap_or(Stacked { items: Vec::new(), shift: 0.0, overflow: None })
}

/// A page of `kind` holding `items` placed relative to the text block's top-left.
pub fn page_of(kit: &Kit, kind: PageKind, items: Vec<Item>) -> Page {
    let geo = kit.geo;
    let mut page = Page {
        width: geo.width,
        height: geo.height,
        kind,
        block: geo.block,
        items: Vec::new(),
        short_by: None,
        units: Vec::new(),
    };
    for mut it in items {
        it.translate(geo.block.x, geo.block.y);
        page.items.push(it);
    }
    page
}

/// The height the pieces take, in points from their top, at their sizes.
pub fn height(c: &mut Composer, kit: &Kit, pieces: &[Piece]) -> f64 {
    let mut y = 0.0;
    for piece in pieces {
        let s = &piece.style;
        let (step, _) = pitch(kit, s, s.size);
        let (_, set) = compose(c, kit, piece, s.size);
        y += (s.space_before + s.space_after) * kit.geo.line_feed + set.len() as f64 * step;
    }
    y
}

/// A page of pieces with a list spread below them (a divider page: its titles,
/// then the award's winners). The pieces are stacked ([`stack`]); the list
/// goes below them one entry per line when it fits, the page rising towards
/// the frame's head when that makes it fit; else packed into columns and
/// smaller sizes. Returns the items and, when nothing fits,
/// the span of the entry (or piece) that does not.
pub fn stack_and_list(
    c: &mut Composer,
    kit: &Kit,
    pieces: &[Piece],
    entries: &[(String, Option<Span>)],
    style: &Style,
    role: Role,
) -> (Vec<Item>, Option<Option<Span>>) {
    let room = Room::of(kit);
    let stacked = stack(c, kit, pieces);
    let Stacked { mut items, shift, overflow } = stacked;
    if overflow.is_some() {
        return (items, overflow);
    }
    let top = height(c, kit, pieces) - shift;
    let head = lay(c, kit, pieces, 1.0).2 - shift;
    let up = rise(&room, head);
    let attempts = [(false, 0.0), (false, up), (true, up)];
    let mut blamed = None;
    for (columns, by) in attempts {
        let placed = if columns {
            list_in_columns(c, kit, entries, style, top - by, role)
        } else {
            list_as_lines(c, kit, entries, style, top - by, role)
        };
        match placed {
            Ok(list) => {
                for it in &mut items {
                    it.translate(Pt(0.0), Pt(-by));
                }
                items.extend(list);
                return (items, None);
            }
            Err(span) => blamed = Some(span),
        }
    }
    (items, blamed)
}

/// The list one entry per line, at its style's size; else the first entry
/// that ends below the frame.
fn list_as_lines(
    c: &mut Composer,
    kit: &Kit,
    entries: &[(String, Option<Span>)],
    style: &Style,
    top: f64,
    role: Role,
) -> Result<Vec<Item>, Option<Span>> {
    let room = Room::of(kit);
    let as_lines: Vec<Piece> = entries
        .iter()
        .map(|(v, sp)| Piece { value: v.clone(), span: sp.clone(), style: style.clone(), role, hang: 0.0 })
        .collect();
    let (mut items, ends, _) = lay(c, kit, &as_lines, 1.0);
    if let Some((i, _)) = ends.iter().enumerate().find(|(_, end)| top + **end > room.bottom + 0.01) {
        return Err(entries[i].1.clone());
    }
    for it in &mut items {
        it.translate(Pt(0.0), Pt(top));
    }
    Ok(items)
}

/// The list packed into up to [`MAX_COLUMNS`] columns across the room's measure, at
/// sizes down to its style's `min_size`; else the first entry that does not
/// fit at the smallest size in the most columns.
fn list_in_columns(
    c: &mut Composer,
    kit: &Kit,
    entries: &[(String, Option<Span>)],
    style: &Style,
    top: f64,
    role: Role,
) -> Result<Vec<Item>, Option<Span>> {
    let room = Room::of(kit);
    let space = room.bottom - top;
    let ascent = FontBook::get().face(style.font).em_box_ascent();
    let mut blamed = entries.first().and_then(|e| e.1.clone());
    for k in SHRINK_STEPS {
        let size = style.size * k;
        if size < style.min_size - 1e-9 {
            break;
        }
        if space < size - 0.01 {
            // Not one line's room below the titles.
            blamed = entries.first().and_then(|e| e.1.clone());
            continue;
        }
        'columns: for columns in 1..=MAX_COLUMNS {
            let width = room.measure / columns as f64;
            let pitch = size * style.line_height;
            let rows = ((space - size) / pitch).floor().max(0.0) as usize + 1;
            let shape = Shape { measure: width - kit.em(), first_indent: 0.0, rest_indent: size };
            let (mut column, mut row, mut items) = (0usize, 0usize, Vec::new());
            for (value, span) in entries {
                let set = c.set_str(value, span.as_ref(), style.font, size, shape, crate::text::Align::Start);
                if row + set.len() > rows {
                    column += 1;
                    row = 0;
                }
                if column >= columns || set.len() > rows {
                    blamed = span.clone();
                    continue 'columns;
                }
                let x = room.centred(room.measure) + column as f64 * width;
                let y = top + ascent * size + row as f64 * pitch;
                items.extend(set.place(x, y, pitch, role, span.as_ref()).into_iter().map(Item::Text));
                row += set.len();
            }
            return Ok(items);
        }
    }
    Err(blamed)
}

/// The page a whole-page stack was laid out for, in messages: its name
/// (`whole_page.*` locale key) and the document it is in.
#[derive(Debug, Clone, Copy)]
pub struct Where {
    pub page: &'static str,
    pub document: &'static str,
}

/// Report a page whose blocks do not fit within its frame even at their
/// smallest sizes, at the entry line that overflows.
pub fn report_overflow(c: &mut Composer, span: Option<Span>, at: Where) {
    c.diags.push(
        Diagnostic::error(
            span,
            "",
            Message::new("whole_page.overflow")
                .arg("page", Message::new(at.page).render_key())
                .arg("document", Message::new(at.document).render_key()),
        )
        .with_hint(Message::new("whole_page.overflow_hint")),
    );
}
