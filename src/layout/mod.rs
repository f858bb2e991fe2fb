//! Stage 3: model → frames. Pages are built on the kihon-hanmen grid of the
//! layout (JLREQ §2.4) by the kit (`kit/`: text on the grid, blocks in their
//! styles, pagination); each output document is a recipe (`recipes/`) over it.
//! The layout's `documents` list says which documents are made, in which order.

pub mod kit;
pub mod ledger;
pub mod recipes;

pub use crate::model::layout::DocumentKind;
pub use kit::compose;
pub use kit::geometry::Geometry;
pub use recipes::booklet::full_width;

use crate::diag::{Diagnostics, SourceMap};
use crate::frame::{Document, Item, Meta, OutlineItem, Page, PageKind, Role};
use crate::model::Loaded;
use crate::model::style::StyleName;
use crate::text::Shape;
use kit::blocks::Kit;
use kit::compose::Composer;
use kit::flow::{Flow, Paginator};
use recipes::booklet::Mark;

/// Everything the layout stage produces for one edition: the layout's documents
/// in its order.
pub struct Laid {
    pub documents: Vec<(DocumentKind, Document)>,
    /// Seconds spent paginating (the rest of `lay_out` is composition).
    pub paginate_secs: f64,
    /// The work composition and pagination did, counted.
    pub work: kit::compose::Work,
    /// Seconds spent proving the documents' ledger (`ledger::check`).
    pub ledger_secs: f64,
}

impl Laid {
    pub fn get(&self, kind: DocumentKind) -> Option<&Document> {
        self.documents.iter().find(|(k, _)| *k == kind).map(|(_, d)| d)
    }
}

/// Lay out an edition. Problems (a glyph the fonts lack, a page that overflows)
/// go to `diags`.
pub fn lay_out(loaded: &Loaded, sources: &SourceMap, diags: &mut Diagnostics) -> Laid {
    lay_out_reusing(loaded, sources, diags, None)
}

/// [`lay_out`], taking from `memo` the pieces an earlier build of the same
/// inputs composed (a rebuild: `watch`); the same frames either way.
pub fn lay_out_reusing(
    loaded: &Loaded,
    sources: &SourceMap,
    diags: &mut Diagnostics,
    memo: Option<&kit::memo::Memo>,
) -> Laid {
    let geo = Geometry::new(&loaded.layout);
    let mut c = Composer::new(loaded.layout.composition.clone(), sources, diags);
    let kit = Kit::reusing(&geo, loaded, memo);
    let mut paginate_secs = 0.0;
    let title = recipes::title_page::title_page(&mut c, &kit, loaded);
    let clock = std::time::Instant::now();
    let fields = crate::model::fields::fields(loaded);
    let mut ledger_secs = clock.elapsed().as_secs_f64();
    let mut made: Vec<(DocumentKind, Document)> = Vec::new();
    let wanted = &loaded.layout.documents;
    // The booklet first (messages about a text it shares with another document
    // cite its pages), then each document once those it is made after are.
    let mut pending: Vec<DocumentKind> = wanted.clone();
    pending.sort_by_key(|k| *k != DocumentKind::Booklet);
    while !pending.is_empty() {
        let next = pending.iter().position(|k| recipes::recipe(*k).after.iter().all(|a| !pending.contains(a)));
        let kind = pending.remove(next.unwrap_or(0));
        let recipe = recipes::recipe(kind);
        let mut making = recipes::Making { title: &title, made: &made, paginate_secs: &mut paginate_secs };
        let document = (recipe.make)(&mut c, &kit, loaded, &mut making);
        let clock = std::time::Instant::now();
        ledger::check(&document, recipes::shown_name(kind), &mut c);
        // A field a refused piece held (a table of too many columns, a page
        // that does not fit) is not set: its error already says why, and
        // one error per field of it would bury that.
        if !c.diags.has_errors() {
            let printed = recipes::printed(kind, &loaded.layout);
            ledger::check_fields(&document, &printed, &fields, loaded, recipes::shown_name(kind), &mut c);
        }
        ledger_secs += clock.elapsed().as_secs_f64();
        made.push((kind, document));
    }
    // The booklet first: a text printed in the booklet and the programme is
    // reported with its booklet page.
    for (_, doc) in &made {
        report_pending(doc, &mut c);
    }
    made.sort_by_key(|(k, _)| wanted.iter().position(|w| w == k));
    Laid { documents: made, paginate_secs, work: c.work, ledger_secs }
}

/// Paginate a document's flow, pad it to the binding's multiple and number it
/// (for recipes whose document flows over pages).
pub(crate) fn paginate(
    c: &mut Composer,
    kit: &Kit,
    loaded: &Loaded,
    flow: Vec<Flow>,
    marks: &[Mark],
    subject: &str,
    secs: &mut f64,
) -> Document {
    let clock = std::time::Instant::now();
    let (mut pages, starts, steps) =
        Paginator::new(kit.geo, loaded.layout.grid.lines_per_page as usize, Vec::new()).run(flow);
    c.work.paginator_steps += steps;
    *secs += clock.elapsed().as_secs_f64();
    // Blank pages at the end up to the page multiple (the binding's, or the
    // printer's: 4, 8, 16 for signatures).
    let content_pages = pages.len();
    while !pages.len().is_multiple_of(loaded.layout.print.page_multiple()) {
        pages.push(kit::page::page_of(kit, PageKind::Blank, Vec::new()));
    }
    add_folios(&mut pages, kit, c);
    let padding = pages.len() - content_pages;
    Document { meta: meta(loaded, subject), outline: outline(marks, &starts), pages, padding }
}

/// The document's metadata, from the edition (never the clock).
pub fn meta(loaded: &Loaded, subject: &str) -> Meta {
    let e = &loaded.edition;
    Meta {
        title: format!("{}{}", e.edition_text.value, e.title.value),
        subject: subject.to_string(),
        author: e.organiser.name.value.replace('\u{3000}', ""),
        date: e.document_date(),
        language: "ja-JP".to_string(),
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
fn add_folios(pages: &mut [Page], kit: &Kit, c: &mut Composer) {
    let style = kit.style(StyleName::Folio).clone();
    let geo = kit.geo;
    for (i, page) in pages.iter_mut().enumerate() {
        if page.kind != PageKind::Body {
            continue;
        }
        let number = (i + 1).to_string();
        let shape = Shape { measure: geo.block.w.0, first_indent: 0.0, rest_indent: 0.0 };
        let set = c.set_str(&number, None, style.font, style.size, shape, style.align);
        let y = geo.block.bottom().0 + crate::units::Pt::from_mm(kit.layout.folio.below_block_mm).0;
        for line in set.place(geo.block.x.0, y, 0.0, Role::Folio, None) {
            page.items.push(Item::Text(line));
        }
    }
}

/// A justified line whose characters stand more than ½ em apart (JLREQ §3.8.4
/// keeps expansion below that; the composer breaks URLs and relaxes ー and small
/// kana before it gets there) is reported with its page and its widest gap: a
/// long Latin word or an unbreakable run left no better break. Once per text.
pub(crate) fn report_loose_lines(doc: &Document, c: &mut Composer) {
    use crate::diag::{Diagnostic, Message};
    let mut reported: Vec<&crate::diag::Span> = Vec::new();
    for (n, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            if !t.justified {
                continue;
            }
            let widest =
                t.glyphs.windows(2).map(|w| w[1].x.0 - (w[0].x.0 + w[0].advance.0)).fold(0.0, f64::max) / t.size.0;
            let Some(source) = t.source.as_ref() else { continue };
            if widest <= LOOSE_LINE_EMS + 1e-6 || reported.contains(&source) {
                continue;
            }
            reported.push(source);
            c.diags.push(
                Diagnostic::warning(
                    Some(source.clone()),
                    "",
                    Message::new("layout.loose_line")
                        .arg("page", (n + 1).to_string())
                        .arg("gap", format!("{widest:.2}"))
                        .arg("text", t.text().chars().take(20).collect::<String>()),
                )
                .with_hint(Message::new("hint.loose_line")),
            );
        }
    }
}

/// Warnings held for the page of their line (a run cut at the measure): each
/// gets the page the line is printed on, once per text; a line not in this
/// document waits for the next one, and one never printed is not reported.
fn report_pending(doc: &Document, c: &mut Composer) {
    let pending = std::mem::take(&mut c.pending);
    for p in pending {
        let page = doc.pages.iter().position(|page| {
            page.items
                .iter()
                .any(|it| matches!(it, Item::Text(t) if t.source.as_ref() == Some(&p.source) && t.text() == p.line))
        });
        match page {
            Some(n) => {
                let d = p.diagnostic;
                let d = crate::diag::Diagnostic { message: d.message.arg("page", (n + 1).to_string()), ..d };
                if !c.diags.items.iter().any(|x| x.message.key == d.message.key && x.span == d.span) {
                    c.diags.push(d);
                }
            }
            None => c.pending.push(p),
        }
    }
}

/// The widest space between two characters of a justified line, in ems, before
/// the line is reported (JLREQ §3.8.4).
pub const LOOSE_LINE_EMS: f64 = 0.5;

/// Warnings staff should see with the page they are on: a figure moved after the
/// text that follows it, and an image under the job's resolution at its placed
/// size (PRINT.md: 350 ppi for 4C, 300 for 1C; `print.min_ppi_4c` / `_1c`).
pub(crate) fn report_figures(doc: &Document, print: &crate::model::layout::Print, c: &mut Composer) {
    use crate::diag::{Diagnostic, Message};
    use kit::blocks::{PlacementPage, PlacementSide};
    for (n, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Image(im) = item else { continue };
            let page_no = (n + 1).to_string();
            // A caption that places its figure (（次頁上）, （前頁下）, （上）) where it
            // does not stand in this layout: the words were right for another
            // layout, and are the entry's to change. The page: 次頁 one page after
            // the figure's text, 前頁 before it (a figure never precedes its
            // text), 本頁/同頁 with it; the side: 上 above every line of the
            // page's text, 下 below every one.
            let caption = page
                .items
                .iter()
                .filter_map(|it| if let Item::Text(t) = it { Some(t) } else { None })
                .filter(|t| t.role == Role::Caption && t.origin.y.0 > im.rect.bottom().0)
                .min_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0));
            if let Some(caption) = caption
                && let Some(note) = kit::blocks::placement_note(&caption.text())
            {
                let text_lines = || {
                    page.items.iter().filter_map(|it| match it {
                        Item::Text(t) if matches!(t.role, Role::Body | Role::Heading | Role::Label | Role::Table) => {
                            Some(t.origin.y.0)
                        }
                        _ => None,
                    })
                };
                let page_right = match note.page {
                    Some(PlacementPage::Next) => im.pages_after_reference == 1,
                    Some(PlacementPage::Previous) => false,
                    Some(PlacementPage::Same) => im.pages_after_reference == 0,
                    None => true,
                };
                let side_right = match note.side {
                    Some(PlacementSide::Top) => text_lines().all(|y| y > im.rect.y.0),
                    Some(PlacementSide::Foot) => text_lines().all(|y| y < im.rect.y.0),
                    None => true,
                };
                if !page_right || !side_right {
                    let key = if note.page == Some(PlacementPage::Next) && im.pages_after_reference == 0 {
                        "layout.caption_says_next_page"
                    } else {
                        "placement.caption_misplaces_figure"
                    };
                    let hint = if key == "layout.caption_says_next_page" {
                        "hint.caption_says_next_page"
                    } else {
                        "placement.caption_misplaces_figure_hint"
                    };
                    c.diags.push(
                        Diagnostic::warning(
                            caption.source.clone(),
                            "caption",
                            Message::new(key).arg("page", page_no.clone()).arg("note", note.text.clone()),
                        )
                        .with_hint(Message::new(hint).arg("note", note.text.clone())),
                    );
                }
            }
            if im.pages_after_reference > 1 {
                c.diags.push(
                    Diagnostic::warning(
                        im.source.clone(),
                        "figure",
                        Message::new("layout.figure_moved").arg("page", page_no.clone()),
                    )
                    .with_hint(Message::new("hint.figure_moved")),
                );
            }
            let ppi = crate::proof::effective_ppi(im);
            let min_ppi = print.min_ppi(im.picture.colour);
            if ppi < min_ppi {
                let image = im.picture.path.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned());
                c.diags.push(
                    Diagnostic::warning(
                        im.source.clone(),
                        "figure",
                        Message::new("print.low_resolution")
                            .arg("image", image)
                            .arg("page", page_no)
                            .arg("ppi", format!("{ppi:.0}"))
                            .arg("min", format!("{min_ppi:.0}")),
                    )
                    .with_hint(Message::new("print.low_resolution_hint").arg("min", format!("{min_ppi:.0}"))),
                );
            }
        }
    }
}

/// The cover spread alone, for a booklet of `body_pages` pages (the layout stage
/// makes it with the booklet; this is for tools and tests that vary the count).
pub fn cover_spread(loaded: &Loaded, body_pages: usize, sources: &SourceMap, diags: &mut Diagnostics) -> Document {
    let geo = Geometry::new(&loaded.layout);
    let mut c = Composer::new(loaded.layout.composition.clone(), sources, diags);
    let kit = Kit::new(&geo, loaded);
    let title = recipes::title_page::title_page(&mut c, &kit, loaded);
    recipes::cover::cover_spread(&mut c, &kit, loaded, &title, body_pages)
}
