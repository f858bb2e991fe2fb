//! Stage 3: model → frames. Pages are built on the kihon-hanmen grid of the
//! layout (JLREQ §2.4); text is composed by `text/` through [`compose::Composer`].
//!
//! `lay_out` builds the booklet (cover, programme, front matter, winners list,
//! dividers and profiles) and the ceremony-day programme from the same pieces.

pub mod kit;
pub mod recipes;

pub use kit::compose;
pub use kit::geometry::Geometry;
pub use recipes::booklet::full_width;

use crate::diag::{Diagnostics, SourceMap};
use crate::font::FontBook;
use crate::frame::{Document, Item, Meta, OutlineItem, Page, PageKind, Role};
use crate::model::Loaded;
use crate::text::{Align, Shape};
use kit::blocks;
use kit::compose::Composer;
use kit::flow::{Flow, Paginator};
use recipes::booklet::{self, Mark};
use recipes::{programme, title_page};

/// Everything the layout stage produces for one edition.
pub struct Laid {
    pub booklet: Document,
    pub programme: Document,
    /// Seconds spent paginating (the rest of `lay_out` is composition).
    pub paginate_secs: f64,
}

/// Lay out an edition. Problems (a glyph the fonts lack) go to `diags`.
pub fn lay_out(loaded: &Loaded, sources: &SourceMap, diags: &mut Diagnostics) -> Laid {
    let geo = Geometry::new(&loaded.layout);
    let mut c = Composer { book: FontBook::get(), composition: loaded.layout.composition.clone(), sources, diags };
    let mut paginate_secs = 0.0;
    let ctx = blocks::Ctx { geo: &geo, layout: &loaded.layout, dir: &loaded.dir };
    let cover = title_page::front_cover(loaded, &geo, &mut c);
    let programme = programme::programme_page(loaded, &geo, &mut c);

    // The booklet.
    let mut flow = vec![Flow::FullPage(cover.clone()), Flow::FullPage(programme.clone())];
    let mut marks = vec![
        Mark { flow_index: 0, title: loaded.edition.title.value.clone(), depth: 0 },
        Mark { flow_index: 1, title: loaded.edition.programme.title.value.clone(), depth: 0 },
    ];
    booklet::front_matter(&mut c, &ctx, loaded, &mut flow, &mut marks);
    booklet::winners_list(&mut c, &ctx, loaded, &mut flow, &mut marks, true);
    booklet::profiles(&mut c, &ctx, loaded, &mut flow, &mut marks);
    let clock = std::time::Instant::now();
    let (mut pages, starts) = Paginator::new(&geo, loaded.layout.grid.lines_per_page as usize, Vec::new()).run(flow);
    paginate_secs += clock.elapsed().as_secs_f64();
    pad_pages(&mut pages, &geo, multiple(&loaded.layout));
    add_folios(&mut pages, &geo, &loaded.layout, &mut c);
    let booklet =
        Document { meta: meta(loaded, &loaded.edition.title.value), outline: outline(&marks, &starts), pages };

    // The ceremony-day programme: cover, programme, winners list.
    let mut flow = vec![Flow::FullPage(cover), Flow::FullPage(programme)];
    let mut marks = vec![
        Mark { flow_index: 0, title: loaded.edition.title.value.clone(), depth: 0 },
        Mark { flow_index: 1, title: loaded.edition.programme.title.value.clone(), depth: 0 },
    ];
    booklet::winners_list(&mut c, &ctx, loaded, &mut flow, &mut marks, false);
    let clock = std::time::Instant::now();
    let (mut pages, starts) = Paginator::new(&geo, loaded.layout.grid.lines_per_page as usize, Vec::new()).run(flow);
    paginate_secs += clock.elapsed().as_secs_f64();
    pad_pages(&mut pages, &geo, multiple(&loaded.layout));
    add_folios(&mut pages, &geo, &loaded.layout, &mut c);
    let programme = Document {
        meta: meta(loaded, &loaded.edition.programme.title.value),
        outline: outline(&marks, &starts),
        pages,
    };
    report_figures(&booklet, &mut c);
    booklet::check_fits(&booklet, "robust.doc_booklet", &mut c);
    booklet::check_fits(&programme, "robust.doc_programme", &mut c);
    Laid { booklet, programme, paginate_secs }
}

fn meta(loaded: &Loaded, subject: &str) -> Meta {
    let e = &loaded.edition;
    Meta {
        title: format!("{}{}", e.edition_text.value, e.title.value),
        subject: subject.to_string(),
        author: e.organiser.name.value.replace('\u{3000}', ""),
        date: e.pdf_date(),
        language: "ja-JP".to_string(),
    }
}

/// The binding's page multiple: 無線綴じ 2, 中綴じ 4.
fn multiple(layout: &crate::model::Layout) -> usize {
    layout.print.binding.page_multiple()
}

/// Pad with blank pages at the end to the binding's multiple.
fn pad_pages(pages: &mut Vec<Page>, geo: &Geometry, multiple: usize) {
    while !pages.len().is_multiple_of(multiple) {
        pages.push(Page {
            width: geo.width,
            height: geo.height,
            kind: PageKind::Blank,
            block: geo.block,
            items: Vec::new(),
        });
    }
}

/// Nest the marks by depth into an outline tree.
fn outline(marks: &[Mark], starts: &[usize]) -> Vec<OutlineItem> {
    fn insert(level: &mut Vec<OutlineItem>, depth: usize, item: OutlineItem) {
        if depth == 0 || level.is_empty() {
            level.push(item);
        } else {
            let last = level.last_mut().expect("non-empty");
            insert(&mut last.children, depth - 1, item);
        }
    }
    let mut root = Vec::new();
    for m in marks {
        let page = starts.get(m.flow_index).copied().unwrap_or(0);
        insert(&mut root, m.depth, OutlineItem { title: m.title.clone(), page, children: Vec::new() });
    }
    root
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
        let set = c.set_str(&number, None, layout.fonts.caption, size, shape, Align::Center);
        let y = geo.block.bottom().0 + crate::units::Pt::from_mm(layout.folio.below_block_mm).0;
        for line in set.place(geo.block.x.0, y, 0.0, Role::Folio, None) {
            page.items.push(Item::Text(line));
        }
    }
}

/// Warnings staff should see with the page they are on: a figure moved after the
/// text that follows it, and an image under 300 ppi at its placed size (PRINT.md).
fn report_figures(doc: &Document, c: &mut Composer) {
    use crate::diag::{Diagnostic, Message};
    for (n, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Image(im) = item else { continue };
            let page_no = (n + 1).to_string();
            if im.moved {
                c.diags.push(
                    Diagnostic::warning(
                        im.source.clone(),
                        "figure",
                        Message::new("layout.figure_moved").arg("page", page_no.clone()),
                    )
                    .with_hint(Message::new("hint.figure_moved")),
                );
            }
            let ppi = im.pixels.0 as f64 / (im.rect.w.0 / 72.0);
            if ppi < crate::proof::MIN_PPI {
                c.diags.push(
                    Diagnostic::warning(
                        im.source.clone(),
                        "figure",
                        Message::new("layout.low_resolution").arg("page", page_no).arg("ppi", format!("{ppi:.0}")),
                    )
                    .with_hint(Message::new("hint.low_resolution")),
                );
            }
        }
    }
}
