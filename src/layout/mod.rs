//! Stage 3: model → frames. Pages are built on the kihon-hanmen grid of the
//! layout (JLREQ §2.4); text is composed by `text/` through [`compose::Composer`].

pub mod compose;
mod cover;
mod geometry;
mod programme;
mod table;

pub use geometry::Geometry;

use crate::diag::{Diagnostics, SourceMap};
use crate::font::{FontBook, FontId};
use crate::frame::{Document, Item, Meta, OutlineItem, Page, PageKind, Role};
use crate::model::Loaded;
use crate::text::{Align, Shape};
use compose::Composer;

/// Everything the layout stage produces for one edition.
pub struct Laid {
    pub booklet: Document,
}

pub(crate) fn font(name: &str) -> FontId {
    // Layout loading has checked the names.
    FontId::from_name(name).unwrap_or(FontId::Mincho)
}

/// Lay out an edition. Problems (a glyph the fonts lack) go to `diags`.
pub fn lay_out(loaded: &Loaded, sources: &SourceMap, diags: &mut Diagnostics) -> Laid {
    let geo = Geometry::new(&loaded.layout);
    let mut c = Composer { book: FontBook::get(), sources, diags };
    let mut pages = vec![cover::front_cover(loaded, &geo, &mut c)];
    pages.push(programme::programme_page(loaded, &geo, &mut c));
    add_folios(&mut pages, &geo, &loaded.layout, &mut c);
    let e = &loaded.edition;
    let title = format!("{}{}", e.edition_text.value, e.title.value);
    let booklet = Document {
        meta: Meta {
            title: title.clone(),
            subject: e.programme.title.value.clone(),
            author: e.organiser.name.value.replace('\u{3000}', ""),
            date: e.date,
            language: "ja-JP".to_string(),
        },
        outline: vec![
            OutlineItem { title: e.title.value.clone(), page: 0, children: Vec::new() },
            OutlineItem { title: e.programme.title.value.clone(), page: 1, children: Vec::new() },
        ],
        pages,
    };
    Laid { booklet }
}

/// Page numbers (ノンブル) run over every page; they are printed on body pages
/// only — never on the cover, blank or divider pages (JLREQ §2.6.3).
fn add_folios(pages: &mut [Page], geo: &Geometry, layout: &crate::model::Layout, c: &mut Composer) {
    let size = layout.sizes.folio;
    for (i, page) in pages.iter_mut().enumerate() {
        if page.kind != PageKind::Body {
            continue;
        }
        let number = (i + 1).to_string();
        let shape = Shape { measure: geo.block.w.0, first_indent: 0.0, rest_indent: 0.0 };
        let set = c.set_str(&number, None, font(&layout.fonts.caption), size, shape, Align::Center);
        let y = geo.block.bottom().0 + crate::units::Pt::from_mm(layout.folio.below_block_mm).0;
        for line in set.place(geo.block.x.0, y, 0.0, Role::Folio, None) {
            page.items.push(Item::Text(line));
        }
    }
}
