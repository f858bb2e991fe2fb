//! The typesetting kit: the builders every document recipe is made of — text
//! composition on the grid, paragraphs, headings, labelled items, tables, figures
//! and pagination. The kit holds no document structure; recipes hold no positions.

pub mod blocks;
pub mod checks;
pub mod compose;
pub mod flow;
pub mod geometry;
pub mod memo;
pub mod page;
pub mod spread;
pub mod table;
pub mod vertical;

pub use geometry::Geometry;

/// A measure no line reaches: for measuring a text's natural width on one line.
pub const UNBOUNDED_MEASURE: f64 = 1e6;

/// A person's name (with 様, 氏) that no line may break: word joiners between its
/// characters (they are not printed and not in the PDF's text).
pub fn unbreakable(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 2);
    for (i, c) in name.chars().enumerate() {
        // Not before a mark or selector: it is part of the glyph before it.
        if i > 0 && !crate::text::is_mark(c) {
            out.push(crate::text::WORD_JOINER);
        }
        out.push(c);
    }
    out
}
