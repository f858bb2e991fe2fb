//! sasshi (冊子): structured award entries → print-ready PDF booklets, through
//! our own Japanese text engine.
//!
//! The pipeline, one stage per module, data flowing one way:
//!
//! ```text
//! entries/*.toml ──model──▶ Loaded ──layout (text)──▶ frame::Document ──pdf──▶ bytes
//! ```
//!
//! - [`model`]: TOML → validated model with spans (every problem in one run).
//! - [`text`]: JLREQ line composition; knows nothing of pages or PDF.
//! - [`layout`]: model → pages of positioned items ([`frame`]).
//! - [`pdf`]: frames → PDF; the only module that imports printpdf.
//!
//! See `docs/architecture.md`.

rust_i18n::i18n!("locales", fallback = "en");

pub mod bench;
pub mod diag;
pub mod font;
pub mod frame;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod text;
pub mod units;

use diag::{Diagnostic, Diagnostics, Message, SourceMap};
use std::path::{Path, PathBuf};

/// A rendered edition: the PDFs as bytes, before anything is written to disk.
pub struct Rendered {
    pub name: String,
    pub booklet: Vec<u8>,
    pub booklet_frames: frame::Document,
    pub programme: Vec<u8>,
    pub programme_frames: frame::Document,
    /// The cover spread (表4 | 背 | 表1), its spine computed from the booklet's
    /// page count.
    pub cover: Vec<u8>,
    pub cover_frames: frame::Document,
}

/// What a failed or successful run has to say.
pub struct Outcome<T> {
    pub result: Option<T>,
    pub sources: SourceMap,
    pub diags: Diagnostics,
}

/// The layouts folder for an edition folder: `<root>/layouts` next to `<root>/entries`.
pub fn layouts_dir_for(edition_dir: &Path) -> PathBuf {
    edition_dir.parent().and_then(Path::parent).unwrap_or(Path::new(".")).join("layouts")
}

/// Choices made on the command line rather than in the entries.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A layout to use instead of the one the edition names: a name in the
    /// edition's `layouts/` folder, or the path of a layout file.
    pub layout: Option<PathBuf>,
}

/// Load and validate an edition.
pub fn check(edition_dir: &Path, options: &Options) -> Outcome<model::Loaded> {
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let layout = match &options.layout {
        Some(p) if p.extension().is_some_and(|e| e == "toml") => model::LayoutChoice::File(p.clone()),
        Some(name) => model::LayoutChoice::Named(layouts_dir_for(edition_dir), Some(name.to_string_lossy().into_owned())),
        None => model::LayoutChoice::Named(layouts_dir_for(edition_dir), None),
    };
    let loaded = model::load_edition(edition_dir, &layout, &mut sources, &mut diags);
    diags.sort(&sources);
    Outcome { result: loaded, sources, diags }
}

/// Load, lay out and write an edition's PDFs to memory.
pub fn render(edition_dir: &Path, options: &Options) -> Outcome<Rendered> {
    let Outcome { result, sources, mut diags } = check(edition_dir, options);
    let Some(loaded) = result else { return Outcome { result: None, sources, diags } };
    let laid = layout::lay_out(&loaded, &sources, &mut diags);
    diags.sort(&sources);
    if diags.has_errors() {
        return Outcome { result: None, sources, diags };
    }
    // The cover spread needs the booklet's page count for its spine.
    let cover_frames = layout::spread::cover_spread(&loaded, laid.booklet.pages.len(), &sources, &mut diags);
    diags.sort(&sources);
    if diags.has_errors() {
        return Outcome { result: None, sources, diags };
    }
    let print = print_settings(&loaded.layout);
    // The PDFs are independent: write them on separate threads (same bytes).
    let (booklet, programme, cover) = std::thread::scope(|scope| {
        let programme = scope.spawn(|| pdf::write(&laid.programme, &print));
        let cover = scope.spawn(|| pdf::write(&cover_frames, &print));
        let booklet = pdf::write(&laid.booklet, &print);
        let joined = |r: std::thread::Result<Result<Vec<u8>, pdf::PdfError>>, what: &str| {
            r.unwrap_or_else(|_| Err(pdf::PdfError(format!("{what} writer panicked"))))
        };
        (booklet, joined(programme.join(), "programme"), joined(cover.join(), "cover"))
    });
    match booklet.and_then(|b| Ok((b, programme?, cover?))) {
        Ok((booklet, programme, cover)) => Outcome {
            result: Some(Rendered {
                name: loaded.name.clone(),
                booklet,
                booklet_frames: laid.booklet,
                programme,
                programme_frames: laid.programme,
                cover,
                cover_frames,
            }),
            sources,
            diags,
        },
        Err(e) => {
            diags.push(Diagnostic::error(None, "", Message::new("cli.internal").arg("detail", e.0)));
            Outcome { result: None, sources, diags }
        }
    }
}

/// What the PDF writer needs of a layout's print settings.
pub fn print_settings(layout: &model::Layout) -> pdf::PrintSettings {
    let p = &layout.print;
    pdf::PrintSettings {
        bleed: units::Pt::from_mm(p.bleed_mm),
        mark_margin: units::Pt::from_mm(p.mark_margin_mm),
        marks: p.marks == "japanese",
        mark_width: units::Pt(p.mark_line_width_pt),
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then a
/// rename, so a PDF appears only when complete and a failed build leaves the
/// previous file untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.partial", path.file_name().and_then(|n| n.to_str()).unwrap_or("out")));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// The newest edition in an entries folder: the last folder name in sort order
/// that holds an `edition.toml` ("2006-07" < "2007-08").
pub fn newest_edition(entries: &Path) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(entries)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("edition.toml").is_file())
        .collect();
    dirs.sort();
    dirs.pop()
}
