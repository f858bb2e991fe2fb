//! Whole pages built top-down in the text block: the title page and the divider
//! pages. Each block is a styled text taking whole grid lines (its `line_feed`,
//! centred in them like gyou-dori, JLREQ §4.1.6) or, with a line feed of 0, lines
//! `line_height × size` apart off the grid. When the blocks do not fit, the styles
//! that allow it (`min_size` below `size`) are set smaller step by step; what
//! still does not fit is reported at the entry line that overflows.

use super::blocks::Kit;
use super::compose::{Composer, SetLines};
use crate::diag::{Diagnostic, Message, Span};
use crate::font::FontBook;
use crate::frame::{Item, Page, PageKind, Role};
use crate::model::style::Style;
use crate::text::Shape;

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
    let (left, measure) = kit.frame_of(&piece.style, 0);
    let shape = Shape { measure, first_indent: 0.0, rest_indent: piece.style.hanging * kit.em() };
    (left, c.set_str(&piece.value, piece.span.as_ref(), piece.style.font, size, shape, piece.style.align))
}

/// The pieces stacked from the top of the text block, smaller when they must be.
/// Returns the items and, when even the smallest sizes overflow, the span of the
/// first piece that ends below the block.
pub fn stack(c: &mut Composer, kit: &Kit, pieces: &[Piece]) -> (Vec<Item>, Option<Option<Span>>) {
    let bottom = kit.geo.block.h.0;
    let mut last = None;
    for k in SHRINK_STEPS {
        let mut items = Vec::new();
        let mut y = 0.0;
        let mut overflow = None;
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
            y += set.len() as f64 * step;
            if y - (step - band) > bottom + 0.01 && overflow.is_none() {
                overflow = Some(piece.span.clone());
            }
            y += s.space_after * kit.geo.line_feed;
        }
        let shrinkable = pieces.iter().any(|p| p.style.min_size < p.style.size);
        if overflow.is_none() || !shrinkable {
            return (items, overflow);
        }
        last = Some((items, overflow));
    }
    last.map_or((Vec::new(), None), |(items, overflow)| (items, overflow))
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

/// The height the pieces take, in points from the block top, at their sizes.
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

/// A list spread over the room left below `top` (points from the block top): one
/// entry per line with its style's space after each when they fit; else packed
/// into as many columns, and as small (down to the style's `min_size`), as it
/// takes. Returns the items, or the span of the list when nothing fits.
pub fn spread_list(
    c: &mut Composer,
    kit: &Kit,
    entries: &[(String, Option<Span>)],
    style: &Style,
    top: f64,
    role: Role,
) -> Result<Vec<Item>, Option<Span>> {
    let room = kit.geo.block.h.0 - top;
    let as_lines: Vec<Piece> = entries
        .iter()
        .map(|(v, sp)| Piece { value: v.clone(), span: sp.clone(), style: style.clone(), role })
        .collect();
    let natural = height(c, kit, &as_lines) - style.space_after * kit.geo.line_feed;
    if natural <= room + 0.01 {
        let (mut items, _) = stack(c, kit, &as_lines);
        for it in &mut items {
            it.translate(crate::units::Pt(0.0), crate::units::Pt(top));
        }
        return Ok(items);
    }
    let ascent = FontBook::get().face(style.font).em_box_ascent();
    for k in SHRINK_STEPS {
        let size = style.size * k;
        if size < style.min_size - 1e-9 {
            break;
        }
        'columns: for columns in 1..=MAX_COLUMNS {
            let width = kit.measure() / columns as f64;
            let pitch = size * style.line_height;
            let rows = ((room - size) / pitch).floor().max(0.0) as usize + 1;
            let shape = Shape { measure: width - kit.em(), first_indent: 0.0, rest_indent: size };
            let (mut column, mut row, mut items) = (0usize, 0usize, Vec::new());
            for (value, span) in entries {
                let set = c.set_str(value, span.as_ref(), style.font, size, shape, crate::text::Align::Start);
                if row + set.len() > rows {
                    column += 1;
                    row = 0;
                }
                if column >= columns || set.len() > rows {
                    continue 'columns;
                }
                let x = column as f64 * width;
                let y = top + ascent * size + row as f64 * pitch;
                items.extend(set.place(x, y, pitch, role, span.as_ref()).into_iter().map(Item::Text));
                row += set.len();
            }
            return Ok(items);
        }
    }
    Err(entries.first().and_then(|e| e.1.clone()))
}

/// Report a page whose blocks do not fit even at their smallest sizes.
pub fn report_overflow(c: &mut Composer, span: Option<Span>, what: &'static str) {
    c.diags.push(
        Diagnostic::error(span, "", Message::new("layout.page_overflow").arg("page", Message::new(what).render_key()))
            .with_hint(Message::new("hint.page_overflow")),
    );
}
