//! Document recipes: each output document is a recipe over the kit — which parts
//! of the edition it shows, in what order, in which style.

pub mod booklet;
pub mod cover;
pub mod programme;
pub mod title_page;
