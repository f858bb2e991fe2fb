//! Document recipes: each output document is a recipe over the kit — which parts
//! of the edition it shows, in what order, in which style.

pub mod booklet;
pub mod cover;
pub mod programme;
pub mod title_page;

/// The lists of the fields a document's recipes print and do not print (the
/// ledger's field coverage, issue #24).
pub fn printed(
    kind: crate::model::layout::DocumentKind,
    layout: &crate::model::Layout,
) -> Vec<crate::layout::ledger::Printed> {
    use crate::model::layout::DocumentKind;
    match kind {
        DocumentKind::Booklet => booklet::printed(layout),
        DocumentKind::Programme => programme::handout_printed(),
        DocumentKind::Cover => cover::printed(),
    }
}
