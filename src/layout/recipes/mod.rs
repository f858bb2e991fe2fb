//! Document recipes: each output document is a recipe over the kit — which parts
//! of the edition it shows, in what order, in which style.
//!
//! The seam (issue #25): a file here that defines `pub const RECIPE: Recipe` is a
//! document kind named by the file (`wall.rs` → `documents = ["wall"]` →
//! `wall.pdf`). build.rs declares every file's module and lists the recipes;
//! `lay_out`, `render`, the job sheet, `build`'s report, `diff` and the rebuild
//! state loop over the layout's documents, so nothing else names a kind.

use crate::frame::{Document, Page};
use crate::layout::DocumentKind;
use crate::layout::kit::blocks::Kit;
use crate::layout::kit::compose::Composer;
use crate::model::Loaded;

/// How one document is made.
pub struct Recipe {
    /// The documents it is made after, when the layout makes them (the cover:
    /// the booklet, whose page count gives the spine).
    pub after: &'static [DocumentKind],
    /// The locale key naming it in messages ("the booklet (page 3)"); a recipe
    /// without one is named by its file (`wall.pdf`).
    pub name_key: Option<&'static str>,
    /// Whether proof copies outline problems on its pages (not the cover spread).
    pub proof_marks: bool,
    /// Whether a rebuild compares it with the last one written and reuses the
    /// PDF when its frames are the same (not the booklet, which every save
    /// changes: keeping its frames costs more than it saves).
    pub rebuild_compares: bool,
    /// The fields it prints and deliberately does not (the ledger's field
    /// coverage, issue #24), for a layout.
    pub printed: fn(&crate::model::Layout) -> Vec<crate::layout::ledger::Printed>,
    /// Makes the document.
    pub make: fn(&mut Composer, &Kit, &Loaded, &mut Making) -> Document,
}

/// What a recipe is given besides the kit.
pub struct Making<'a> {
    /// The title page (表1 / 扉), composed once for every document.
    pub title: &'a Page,
    /// The documents made so far, in the order made.
    pub made: &'a [(DocumentKind, Document)],
    /// Seconds spent paginating, summed over the documents.
    pub paginate_secs: &'a mut f64,
}

include!(concat!(env!("OUT_DIR"), "/recipes.rs"));

/// The recipe of a document kind (every kind is a recipe file's name).
pub fn recipe(kind: DocumentKind) -> &'static Recipe {
    let at = DocumentKind::all().position(|k| k == kind).expect("every kind has a recipe");
    RECIPES[at]
}

/// How messages name a document: its locale key (`\u{1}` marks a key for
/// [`crate::diag::Message::render`]) or its file.
pub fn shown_name(kind: DocumentKind) -> &'static str {
    recipe(kind).name_key.unwrap_or_else(|| kind.file_name())
}

/// The lists of the fields a document's recipe prints and does not print (the
/// ledger's field coverage, issue #24).
pub fn printed(kind: DocumentKind, layout: &crate::model::Layout) -> Vec<crate::layout::ledger::Printed> {
    (recipe(kind).printed)(layout)
}
