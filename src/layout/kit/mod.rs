//! The typesetting kit: the builders every document recipe is made of — text
//! composition on the grid, paragraphs, headings, labelled items, tables, figures
//! and pagination. The kit holds no document structure; recipes hold no positions.

pub mod blocks;
pub mod compose;
pub mod flow;
pub mod geometry;
pub mod table;

pub use geometry::Geometry;
