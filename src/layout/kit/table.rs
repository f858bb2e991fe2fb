//! Ruled tables (JLREQ §4.4): cell text composed by the same engine, padding ½ em
//! horizontally and ⅓ em vertically, rules of 0.2 mm. Each cell's lines are
//! emitted together, so a wrapped cell extracts as one contiguous text.

use super::compose::Composer;
use crate::diag::Span;
use crate::font::FontId;
use crate::frame::{Colour, Item, Role, Rule, StructRef};
use crate::text::{Align, Shape};
use crate::units::{Point, Pt};

/// A paragraph inside a cell.
pub struct CellPara {
    pub text: String,
    pub span: Option<Span>,
    pub font: FontId,
    pub align: Align,
    /// The cell this paragraph is part of, in the logical structure (the
    /// recipe's header or data cell).
    pub structure: Option<StructRef>,
}

pub struct TableSpec {
    /// Column widths in points; they sum to the table width.
    pub widths: Vec<f64>,
    pub size: f64,
    pub line_feed: f64,
    pub rows: Vec<Vec<Vec<CellPara>>>,
    /// Draw a rule between rows (else only above and below the table).
    pub row_rules: bool,
}

/// Rule width: 0.2 mm, within JLREQ's 0.12 – 0.25 mm.
pub const RULE_WIDTH_MM: f64 = 0.2;

/// Cell padding in ems of the table's size: ½ em left and right, ⅓ em above and
/// below (JLREQ §4.4).
pub const PAD_X_EMS: f64 = 0.5;

/// A cell's padding on both sides together, at a table's `size`.
pub fn padding_x(size: f64) -> f64 {
    2.0 * size * PAD_X_EMS
}

/// Least width, in ems of a table's size, a column gives up to a neighbour
/// whose content must stay whole (the programme's title and time columns to
/// the people's names, in narrow grids).
pub const LEAST_GIVING_COLUMN_EMS: f64 = 4.0;
pub const PAD_Y_EMS: f64 = 1.0 / 3.0;

/// How much wider than a column, in points, a text may measure and still be
/// taken to fit it (rounding in the widths' sums).
pub const FITS_WITHIN: f64 = 0.01;

/// Paragraphs set under a row's cells, inside the same ruled row, across the
/// columns from `from` to the table's right edge: the programme's people when
/// no column it can give them holds the widest name (a name is never broken).
pub struct Under {
    pub from: usize,
    pub paras: Vec<CellPara>,
}

/// Lay the table out with its top-left corner at (x, y); returns its items and height.
pub fn build(spec: &TableSpec, x: f64, y: f64, c: &mut Composer) -> (Vec<Item>, f64) {
    build_under(spec, &[], x, y, c)
}

/// [`build`], with `under[r]` (when given) set under the cells of row `r`.
pub fn build_under(spec: &TableSpec, under: &[Option<Under>], x: f64, y: f64, c: &mut Composer) -> (Vec<Item>, f64) {
    let pad_x = spec.size * PAD_X_EMS;
    let pad_y = spec.size * PAD_Y_EMS;
    let rule = Pt::from_mm(RULE_WIDTH_MM);
    let width: f64 = spec.widths.iter().sum();
    let mut items = Vec::new();
    let mut top = y;
    let hrule = |yy: f64| {
        Item::Rule(Rule {
            from: Point::new(Pt(x), Pt(yy)),
            to: Point::new(Pt(x + width), Pt(yy)),
            width: rule,
            colour: Colour::Black(1.0),
        })
    };
    items.push(hrule(top));
    for (ri, row) in spec.rows.iter().enumerate() {
        let mut row_lines = 0usize;
        let mut cells = Vec::new();
        let mut cx = x;
        let set_cell = |c: &mut Composer, paras: &[CellPara], w: f64, first: usize| {
            let shape = Shape { measure: (w - 2.0 * pad_x).max(spec.size), first_indent: 0.0, rest_indent: 0.0 };
            let mut n = first;
            let mut placed = Vec::new();
            for para in paras {
                // Words stay whole in a cell (セミナー, ＮＰＯ) unless wider than it.
                let set =
                    c.set_str_words(&para.text, para.span.as_ref(), para.font, spec.size, shape, para.align, true);
                placed.push((n, set, para.span.clone(), para.structure.clone()));
                n += placed.last().map_or(0, |p| p.1.len());
            }
            (placed, n)
        };
        for (ci, cell) in row.iter().enumerate() {
            let w = spec.widths.get(ci).copied().unwrap_or(0.0);
            let (placed, n) = set_cell(c, cell, w, 0);
            row_lines = row_lines.max(n);
            cells.push((cx + pad_x, placed));
            cx += w;
        }
        if let Some(Some(u)) = under.get(ri) {
            let from = u.from.min(spec.widths.len());
            let ux = x + spec.widths[..from].iter().sum::<f64>();
            let (placed, n) = set_cell(c, &u.paras, width - (ux - x), row_lines);
            row_lines = n;
            cells.push((ux + pad_x, placed));
        }
        for (cell_x, placed) in cells {
            for (first_line, set, span, structure) in placed {
                let baseline0 = top + pad_y + c.book.face(set.font).em_box_ascent() * spec.size;
                for line in set.place(
                    cell_x,
                    baseline0 + first_line as f64 * spec.line_feed,
                    spec.line_feed,
                    Role::Table,
                    span.as_ref(),
                ) {
                    let mut item = Item::Text(line);
                    if let Some(node) = &structure {
                        item.set_structure(node);
                    }
                    items.push(item);
                }
            }
        }
        let h = 2.0 * pad_y + spec.size + (row_lines.max(1) - 1) as f64 * spec.line_feed;
        top += h;
        if spec.row_rules || ri + 1 == spec.rows.len() {
            items.push(hrule(top));
        }
    }
    (items, top - y)
}
