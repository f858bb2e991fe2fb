//! Rendering an edition: load and validate it ([`check`]), lay it out and
//! write its PDFs to memory ([`render`], [`render_with`] with a rebuild state),
//! with what comes of that — the [`Rendered`] edition and its [`Output`]
//! documents, the stage [`Timings`], the print settings the PDF writer is given
//! ([`print_settings`]) and the ink-limit warnings from what it measured
//! (`report_ink`). Nothing here writes a file: the commands do, all or nothing
//! ([`crate::outputs`]), so that `check` runs exactly what `build` runs.

use crate::diag::{Diagnostic, Diagnostics, Message, SourceMap};
use crate::editions::layouts_dir_for;
use crate::reuse::Reuse;
use crate::{frame, jobsheet, layout, model, pdf, proof, units};
use std::path::{Path, PathBuf};

/// One output document: its PDF bytes and the frames they were written from.
pub struct Output {
    pub kind: model::layout::DocumentKind,
    pub bytes: Vec<u8>,
    pub frames: frame::Document,
    /// The subset fonts it embeds (e.g. "ABCDEF+BIZUDMincho-Regular").
    pub fonts: Vec<String>,
    /// The SHA-256 of `bytes`, in hex.
    pub sha256: String,
    /// Whether it uses process colours (CMYK images): 4C, else 1C (K only).
    pub four_colour: bool,
    /// The highest total ink (C+M+Y+K, percent) of its images converted to CMYK.
    pub max_coverage: Option<f64>,
}

impl Output {
    /// The file name in `out/<edition>/`.
    pub fn file_name(&self) -> &'static str {
        self.kind.file_name()
    }
}

/// A rendered edition: the PDFs as bytes, before anything is written to disk.
pub struct Rendered {
    pub name: String,
    /// How many winners the edition has.
    pub winners: usize,
    /// The layout's documents, in its order.
    pub documents: Vec<Output>,
    /// The spine width the cover was made with (computed from the booklet).
    pub spine: units::Pt,
    /// The job sheet (入稿票) for the printer.
    pub job_sheet: String,
    pub timings: Timings,
    /// Composition and pagination work, counted (for the linear-growth test).
    pub work: layout::kit::compose::Work,
    /// What the PDF writer did, counted over the documents (pages a rebuild
    /// reused are not counted).
    pub pdf_work: pdf::PdfWork,
}

impl Rendered {
    /// A document of the edition, when the layout makes it.
    pub fn document(&self, kind: model::layout::DocumentKind) -> Option<&Output> {
        self.documents.iter().find(|d| d.kind == kind)
    }
    /// A document's frames; an empty document when the layout does not make it.
    pub fn frames(&self, kind: model::layout::DocumentKind) -> &frame::Document {
        static EMPTY: std::sync::OnceLock<frame::Document> = std::sync::OnceLock::new();
        self.document(kind).map(|d| &d.frames).unwrap_or_else(|| {
            EMPTY.get_or_init(|| frame::Document {
                meta: frame::Meta {
                    title: String::new(),
                    subject: String::new(),
                    author: String::new(),
                    date: (0, 1, 1),
                    language: String::new(),
                },
                pages: Vec::new(),
                outline: Vec::new(),
                padding: 0,
            })
        })
    }
    /// A document's PDF bytes; empty when the layout does not make it.
    pub fn bytes(&self, kind: model::layout::DocumentKind) -> &[u8] {
        self.document(kind).map_or(&[], |d| &d.bytes)
    }
}

/// Seconds spent in each stage of `render`, for `build --timings`. The three PDFs
/// are written in parallel: their steps are summed over the files, and `pdf_wall`
/// is the elapsed time of the whole PDF stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: f64,
    pub compose: f64,
    pub paginate: f64,
    /// Proving the ledger of every character (`layout::ledger`, inside
    /// composing) and the ToUnicode round trip (`pdf::check_round_trip`).
    pub ledger: f64,
    pub subset: f64,
    pub assembly: f64,
    pub compress: f64,
    pub serialize: f64,
    pub pdf_wall: f64,
}

/// What a failed or successful run has to say.
pub struct Outcome<T> {
    pub result: Option<T>,
    pub sources: SourceMap,
    pub diags: Diagnostics,
}

/// Choices made on the command line rather than in the entries.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A layout to use instead of the one the edition names: a name in the
    /// edition's `layouts/` folder, or the path of a layout file.
    pub layout: Option<PathBuf>,
    /// Proof copies: problems outlined in magenta on the pages, no crop marks.
    pub proof: bool,
    /// A PDF standard instead of the layout's ("x4", "x1a", "a2u", "x4+a2u").
    pub standard: Option<String>,
}

/// Load and validate an edition.
pub fn check(edition_dir: &Path, options: &Options) -> Outcome<model::Loaded> {
    check_with(edition_dir, options, None)
}

/// [`check`], taking from a rebuild state the images whose files are unchanged.
pub fn check_with(edition_dir: &Path, options: &Options, reuse: Option<&Reuse>) -> Outcome<model::Loaded> {
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let layout = match &options.layout {
        Some(p) if p.extension().is_some_and(|e| e == "toml") => model::LayoutChoice::File(p.clone()),
        Some(name) => {
            model::LayoutChoice::Named(layouts_dir_for(edition_dir), Some(name.to_string_lossy().into_owned()))
        }
        None => model::LayoutChoice::Named(layouts_dir_for(edition_dir), None),
    };
    let loaded = model::load_edition_reusing(edition_dir, &layout, &mut sources, &mut diags, reuse.map(|r| &r.images));
    diags.sort(&sources);
    Outcome { result: loaded, sources, diags }
}

/// Load, lay out and write an edition's PDFs to memory: a one-shot build,
/// which keeps nothing.
pub fn render(edition_dir: &Path, options: &Options) -> Outcome<Rendered> {
    render_with(edition_dir, options, None)
}

/// [`render`] with a rebuild state (`watch`, the rebuild benchmark): what an
/// earlier build with the same `reuse` made from the same inputs is taken
/// rather than made again — decoded images, composed profiles, page streams,
/// deflated streams, whole documents — each kept under everything it was made
/// from, so that the result is byte for byte a fresh build's (issue #24;
/// `tests/rebuild_equals_build.rs`). `None` is [`render`].
pub fn render_with(edition_dir: &Path, options: &Options, reuse: Option<&Reuse>) -> Outcome<Rendered> {
    if let Some(r) = reuse {
        r.next_build();
    }
    let mut timings = Timings::default();
    // An unknown standard is refused before anything is read (issue #24): the
    // command line's parser and `rebuild` check their own, a caller of the
    // library must get the same answer, not the layout's standard silently.
    if let Some(s) = options.standard.as_deref().filter(|s| pdf::standard::Standard::parse(s).is_none()) {
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::error(None, "", Message::new("cli.bad_standard").arg("value", s)));
        return Outcome { result: None, sources: Default::default(), diags };
    }
    let mut clock = std::time::Instant::now();
    let Outcome { result, sources, mut diags } = check_with(edition_dir, options, reuse);
    timings.load = clock.elapsed().as_secs_f64();
    clock = std::time::Instant::now();
    let Some(loaded) = result else { return Outcome { result: None, sources, diags } };
    let mut laid = layout::lay_out_reusing(&loaded, &sources, &mut diags, reuse.map(|r| &r.layout));
    let round_trip = std::time::Instant::now();
    pdf::check_round_trip(laid.documents.iter().map(|(_, d)| d), &mut diags);
    timings.ledger = laid.ledger_secs + round_trip.elapsed().as_secs_f64();
    timings.paginate = laid.paginate_secs;
    let work = laid.work;
    timings.compose = clock.elapsed().as_secs_f64() - laid.paginate_secs;
    diags.sort(&sources);
    if diags.has_errors() {
        return Outcome { result: None, sources, diags };
    }
    clock = std::time::Instant::now();
    let booklet_pages = laid.get(layout::DocumentKind::Booklet).map_or(0, |d| d.pages.len());
    let spine = layout::kit::spread::spine_width(&loaded.layout, booklet_pages);
    let mut print = print_settings(&loaded.layout);
    if let Some(s) = options.standard.as_deref().and_then(pdf::standard::Standard::parse) {
        print.standard = s;
    }
    if options.proof {
        print.marks = false;
        print.proof = true;
        for (kind, doc) in &mut laid.documents {
            if layout::recipes::recipe(*kind).proof_marks {
                proof::mark(doc, &loaded.layout.print);
            }
            proof::mark_slug(doc, print.bleed, print.mark_margin);
        }
    }
    // The PDFs are independent: written on separate threads (same bytes). A
    // rebuild reuses the bytes of a document whose frames did not change.
    let written: Vec<Result<pdf::Written, pdf::PdfError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = laid
            .documents
            .iter()
            .map(|(kind, doc)| {
                let print = &print;
                scope.spawn(move || match reuse.and_then(|r| unchanged_pdf(r, *kind, doc, print)) {
                    Some(w) => Ok(w),
                    None => {
                        let written = pdf::write_reusing(doc, print, reuse.map(|r| &r.pdf));
                        if let (Some(r), Ok(w)) = (reuse, &written) {
                            remember_pdf(r, *kind, doc, print, w);
                        }
                        written
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(pdf::PdfError("a PDF writer panicked".to_string()))))
            .collect()
    });
    timings.pdf_wall = clock.elapsed().as_secs_f64();
    let title = format!("{}{}", loaded.edition.edition_text.value, loaded.edition.title.value);
    let standard = print.standard;
    let mut documents = Vec::new();
    let mut pdf_work = pdf::PdfWork::default();
    for ((kind, frames), result) in laid.documents.into_iter().zip(written) {
        match result {
            Ok(pdf::Written { bytes, timings: t, fonts, sha256, coverage, four_colour, work }) => {
                pdf_work.add(work);
                timings.subset += t.subset;
                timings.assembly += t.assembly;
                timings.compress += t.compress;
                timings.serialize += t.serialize;
                report_ink(&frames, kind, &coverage, loaded.layout.print.ink_limit_percent, &mut diags);
                let max_coverage = coverage.iter().map(|c| c.max_percent).max_by(f64::total_cmp);
                documents.push(Output { kind, bytes, frames, fonts, sha256, four_colour, max_coverage });
            }
            Err(e) => {
                diags.push(Diagnostic::error(None, "", Message::new("cli.internal").arg("detail", e.0)));
                return Outcome { result: None, sources, diags };
            }
        }
    }
    let mut rendered = Rendered {
        name: loaded.name.clone(),
        winners: loaded.winners.len(),
        documents,
        spine,
        job_sheet: String::new(),
        timings,
        work,
        pdf_work,
    };
    rendered.job_sheet = jobsheet::job_sheet(&rendered, &loaded.layout, &title, standard, loaded.edition.quantity);
    Outcome { result: Some(rendered), sources, diags }
}

/// The bytes a rebuild state keeps for exactly these frames and settings.
fn unchanged_pdf(
    reuse: &Reuse,
    kind: model::layout::DocumentKind,
    doc: &frame::Document,
    print: &pdf::PrintSettings,
) -> Option<pdf::Written> {
    if !worth_comparing(kind) {
        return None;
    }
    reuse.documents.find(&kind, |(frames, settings, written)| {
        (frames == doc && settings == print).then(|| pdf::Written {
            timings: pdf::PdfTimings::default(),
            work: pdf::PdfWork::default(),
            ..written.clone()
        })
    })
}

/// Whether a rebuild compares a document with the last one written: its
/// recipe says (not the booklet, which holds every entry — any save changes it,
/// and keeping a copy of its frames to compare costs more than it saves).
fn worth_comparing(kind: model::layout::DocumentKind) -> bool {
    layout::recipes::recipe(kind).rebuild_compares
}

fn remember_pdf(
    reuse: &Reuse,
    kind: model::layout::DocumentKind,
    doc: &frame::Document,
    print: &pdf::PrintSettings,
    w: &pdf::Written,
) {
    if worth_comparing(kind) {
        reuse.documents.insert(kind, (doc.clone(), print.clone(), w.clone()));
    }
}

/// The ink limit (PRINT.md: total area coverage) checked on every image converted
/// to CMYK: one warning per image over the limit, at its figure in the entry, with
/// the pages it is placed on and its highest coverage.
fn report_ink(
    frames: &frame::Document,
    kind: model::layout::DocumentKind,
    coverage: &[pdf::Coverage],
    limit: f64,
    diags: &mut Diagnostics,
) {
    for c in coverage.iter().filter(|c| c.max_percent > limit + 0.05) {
        let placed = || {
            frames.pages.iter().enumerate().flat_map(|(n, p)| {
                p.items.iter().filter_map(move |i| match i {
                    frame::Item::Image(im) if im.picture.path == c.path => Some((n + 1, im.source.clone())),
                    _ => None,
                })
            })
        };
        let pages: Vec<String> = placed().map(|(n, _)| n.to_string()).collect();
        let source = placed().find_map(|(_, s)| s);
        diags.push(
            Diagnostic::warning(
                source,
                "figure",
                Message::new("layout.ink_limit")
                    .arg("path", c.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()))
                    .arg("file", kind.file_name())
                    .arg("pages", pages.join(", "))
                    .arg("max", format!("{:.0}", c.max_percent))
                    .arg("limit", format!("{limit:.0}")),
            )
            .with_hint(Message::new("hint.ink_limit")),
        );
    }
}

/// What the PDF writer needs of a layout's print settings.
pub fn print_settings(layout: &model::Layout) -> pdf::PrintSettings {
    let p = &layout.print;
    pdf::PrintSettings {
        bleed: units::Pt::from_mm(p.bleed_mm),
        mark_margin: units::Pt::from_mm(p.mark_margin_mm),
        marks: p.marks == model::layout::Marks::Japanese,
        mark_width: units::Pt(p.mark_line_width_pt),
        standard: p.standard,
        output_intent: p.output_intent,
        cmyk: p.colour == model::layout::Colour::Cmyk,
        overprint: p.overprint_black_text,
        proof: false,
    }
}

#[cfg(test)]
mod standard_tests {
    use super::*;

    /// A caller of the library that names a standard sasshi does not know is
    /// refused, not given the layout's standard without a word.
    #[test]
    fn an_unknown_standard_is_an_error_and_nothing_is_rendered() {
        let options = Options { standard: Some("x9".into()), ..Default::default() };
        let out = render(Path::new("tests/fixtures/base"), &options);
        assert!(out.result.is_none());
        assert_eq!(out.diags.items.len(), 1);
        assert_eq!(out.diags.items[0].message.key, "cli.bad_standard");
        assert!(out.diags.render(&out.sources, "en").contains("\"x9\""));
        // A known one is taken.
        let options = Options {
            standard: Some("x1a".into()),
            layout: Some(PathBuf::from("layouts/a4.toml")),
            ..Default::default()
        };
        assert!(render(Path::new("tests/fixtures/base"), &options).result.is_some());
    }
}
