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

pub mod archive;
pub mod bench;
pub mod diag;
pub mod font;
pub mod frame;
pub mod fuzzing;
pub mod jobsheet;
pub mod layout;
pub mod model;
pub mod outputs;
pub mod pdf;
pub mod picture;
pub mod proof;
pub mod reuse;
pub mod text;
pub mod units;

use diag::{Diagnostic, Diagnostics, Message, SourceMap};
pub use reuse::Reuse;
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
    let mut clock = std::time::Instant::now();
    let Outcome { result, sources, mut diags } = check_with(edition_dir, options, reuse);
    timings.load = clock.elapsed().as_secs_f64();
    clock = std::time::Instant::now();
    let Some(loaded) = result else { return Outcome { result: None, sources, diags } };
    let mut laid = layout::lay_out_reusing(&loaded, &sources, &mut diags, reuse.map(|r| &r.layout));
    pdf::check_round_trip(laid.documents.iter().map(|(_, d)| d), &mut diags);
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
        for (kind, doc) in &mut laid.documents {
            if *kind != layout::DocumentKind::Cover {
                proof::mark(doc);
            }
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

/// Whether a rebuild compares a document with the last one written: not the
/// booklet, which holds every entry — any save changes it, and keeping a copy
/// of its frames to compare costs more than it saves.
fn worth_comparing(kind: model::layout::DocumentKind) -> bool {
    kind != model::layout::DocumentKind::Booklet
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

/// Two deliveries compared (`sasshi diff`): each file's pages to replace, the
/// replacement PDF (差し替え) and the job sheet's section for it.
pub struct Replacement {
    /// Each file of the new build, in the order booklet, cover, programme.
    pub files: Vec<(&'static str, pdf::diff::FileDiff)>,
    /// Files delivered before that the new build does not have (its layout no
    /// longer makes them): the printer must not print the old ones.
    pub gone: Vec<&'static str>,
    /// The replacement PDFs, one per trim size, when there are pages to replace:
    /// 差し替え.pdf for the pages at the booklet's size (the programme's too when
    /// it has that size), 差し替え-<file>.pdf for a file of another size (the
    /// cover spread), so that each file has one trim size, as preflight wants.
    pub pdfs: Vec<ReplacementFile>,
    /// The replacement section of the job sheet.
    pub sheet: String,
}

/// The replacement file's name, beside the new build's PDFs.
pub const REPLACEMENT_FILE: &str = "差し替え.pdf";

/// One replacement PDF of `sasshi diff`.
pub struct ReplacementFile {
    /// 差し替え.pdf, or 差し替え-cover.pdf for another trim size.
    pub name: String,
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Whether a file name is one `sasshi diff` writes (to remove stale ones).
pub fn is_replacement_file(name: &str) -> bool {
    name == REPLACEMENT_FILE || name.starts_with("差し替え-") && name.ends_with(".pdf")
}

/// Compare the PDFs of two build folders (the last delivery and the new build).
/// A file the old folder lacks counts as every page added. Errors are messages
/// naming the folder or file.
pub fn compare_builds(old: &Path, new: &Path) -> Result<Replacement, Message> {
    use model::layout::DocumentKind;
    for dir in [old, new] {
        if !dir.is_dir() {
            return Err(Message::new("diff.no_folder").arg("path", dir.display().to_string()));
        }
    }
    let read = |path: PathBuf| {
        std::fs::read(&path).map_err(|e| {
            Message::new("diff.unreadable").arg("path", path.display().to_string()).arg("detail", e.to_string())
        })
    };
    let unreadable = |path: &Path, e: pdf::PdfError| {
        Message::new("diff.unreadable").arg("path", path.display().to_string()).arg("detail", e.0)
    };
    let mut files = Vec::new();
    let mut news = Vec::new();
    let mut gone = Vec::new();
    for kind in [DocumentKind::Booklet, DocumentKind::Cover, DocumentKind::Programme] {
        let name = kind.file_name();
        let new_path = new.join(name);
        if !new_path.exists() {
            if old.join(name).exists() {
                gone.push(name);
            }
            continue;
        }
        let new_bytes = read(new_path.clone())?;
        let old_path = old.join(name);
        let new_prints = pdf::diff::prints(&new_bytes).map_err(|e| unreadable(&new_path, e))?;
        let old_prints = if old_path.exists() {
            let old_bytes = read(old_path.clone())?;
            pdf::diff::prints(&old_bytes).map_err(|e| unreadable(&old_path, e))?
        } else {
            Vec::new()
        };
        files.push((name, pdf::diff::compare_prints(&old_prints, &new_prints)));
        news.push((kind, new_bytes));
    }
    if files.is_empty() {
        return Err(Message::new("diff.no_pdfs").arg("path", new.display().to_string()));
    }
    // The files with pages to replace, grouped by trim size; the group at the
    // first file's size (the booklet's) is 差し替え.pdf.
    let mut groups: Vec<((i64, i64), Vec<pdf::diff::Part>, &'static str)> = Vec::new();
    for ((name, d), (kind, bytes)) in files.iter().zip(&news) {
        let size = pdf::diff::trim_size(bytes).map_err(|e| unreadable(&new.join(name), e))?;
        let part = pdf::diff::Part {
            bytes,
            pages: d.replace.iter().map(|(n, _)| *n).collect(),
            prefix: match kind {
                DocumentKind::Booklet => String::new(),
                other => format!("{} ", other.file_name().trim_end_matches(".pdf")),
            },
        };
        match groups.iter_mut().find(|(s, _, _)| *s == size) {
            Some((_, parts, _)) => parts.push(part),
            None => groups.push((size, vec![part], name)),
        }
    }
    let mut pdfs = Vec::new();
    for (i, (_, parts, first)) in groups.iter().enumerate() {
        let pages: usize = parts.iter().map(|p| p.pages.len()).sum();
        if pages == 0 {
            continue;
        }
        let name = if i == 0 { REPLACEMENT_FILE.to_string() } else { format!("差し替え-{}", first) };
        let bytes = pdf::diff::replacement_pdf(parts).map_err(|e| unreadable(new, e))?;
        pdfs.push(ReplacementFile { name, bytes, pages });
    }
    let listed: Vec<(String, usize, String)> = pdfs
        .iter()
        .map(|f| {
            use sha2::Digest;
            let sha = sha2::Sha256::digest(&f.bytes).iter().map(|x| format!("{x:02x}")).collect::<String>();
            (f.name.clone(), f.pages, sha)
        })
        .collect();
    let sheet = jobsheet::replacements(&old.display().to_string(), &files, &gone, &listed);
    Ok(Replacement { files, gone, pdfs, sheet })
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
    }
}

/// Write `bytes` to `path` atomically: staged under a private name in the same
/// folder, then renamed, so a PDF appears only when complete and a failed build
/// leaves the previous file untouched ([`outputs::write_set`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(path.to_path_buf(), bytes)])
}

/// Write several files so that either all of them are replaced or none
/// ([`outputs::write_set`]: staged, locked, renamed together); the error as an
/// `std::io::Error` (the commands use `write_set` for their messages).
pub fn write_all_atomic(files: &[(PathBuf, &[u8])]) -> std::io::Result<()> {
    outputs::write_set(files).map_err(std::io::Error::from)
}

/// The newest edition in an entries folder: the last folder name in sort order
/// that holds an `edition.toml` ("2006-07" < "2007-08").
pub fn newest_edition(entries: &Path) -> Option<PathBuf> {
    editions(entries).pop()
}

/// Every edition folder in an entries folder, in name order.
pub fn editions(entries: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(entries) else { return Vec::new() };
    let mut dirs: Vec<PathBuf> =
        rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join("edition.toml").is_file()).collect();
    dirs.sort();
    dirs
}

/// The folder of an edition named on the command line: a folder holding an
/// `edition.toml` as given, else `entries/<name>` — so staff write `2007-08`
/// wherever an edition is asked for. Otherwise the editions that do exist, for
/// the message.
pub fn resolve_edition(arg: &Path, entries: &Path) -> Result<PathBuf, Vec<String>> {
    if arg.join("edition.toml").is_file() {
        return Ok(arg.to_path_buf());
    }
    let named = entries.join(arg);
    if arg.components().count() == 1 && named.join("edition.toml").is_file() {
        return Ok(named);
    }
    // A folder that is not (yet) an edition: loading it says what it lacks.
    if arg.is_dir() {
        return Ok(arg.to_path_buf());
    }
    Err(editions(entries).iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect())
}

/// The winner-file template `new` writes: every field, commented.
pub const WINNER_TEMPLATE: &str = include_str!("winner_template.toml");

/// `sasshi new TO --from FROM`: a new edition folder from an old one (FROM an
/// edition folder; TO a bare name lands in `entries/`). The edition file is
/// copied with the next number and year, the edition text and spine renumbered,
/// `previous` naming FROM (so `check` can point out text left from last year),
/// and what changes every year cleared: the ceremony date (commented out), the
/// venues and programme times (emptied: `check` points at each), the programme's
/// people and the committee (commented out, to be checked and written again).
/// No winners and no images; `winners/_template.toml` holds every field of a
/// winner file. An existing folder is never touched. Returns the new folder.
pub fn new_edition(to: &Path, from: &Path, entries: &Path) -> Result<PathBuf, String> {
    let to = if to.components().count() == 1 { entries.join(to) } else { to.to_path_buf() };
    if to.exists() {
        return Err(format!("{}: already exists", to.display()));
    }
    let text = std::fs::read_to_string(from.join("edition.toml"))
        .map_err(|e| format!("{}: {e}", from.join("edition.toml").display()))?;
    let field = |key: &str| -> Option<u32> {
        text.lines().find_map(|l| {
            l.strip_prefix(key).and_then(|r| r.trim_start().strip_prefix('=')).and_then(|v| v.trim().parse().ok())
        })
    };
    let (old_number, old_year) = (field("number").unwrap_or(0), field("year").unwrap_or(0));
    // The folder name says the year and number ("2007-08"); else count on by one.
    let name = to.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let parsed = name.split_once('-').and_then(|(y, n)| Some((y.parse::<u32>().ok()?, n.parse::<u32>().ok()?)));
    let (year, number) = parsed.unwrap_or((old_year + 1, old_number + 1));
    let renumber = |s: &str| -> String {
        let full = |n: u32| layout::full_width(n);
        s.replace(&format!("第{old_number}回"), &format!("第{number}回"))
            .replace(&format!("第{}回", full(old_number)), &format!("第{}回", full(number)))
    };
    let previous = from.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
    let mut out = String::new();
    // The table the line is in ("" before the first header), and whether the
    // lines are being commented out (a programme person, a committee member).
    let mut table = String::new();
    let mut commenting = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let header = trimmed.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            let was = commenting;
            commenting = matches!(header.as_str(), "programme.items.people" | "judging.committee");
            // One note before a run of commented tables.
            let note = commenting && !(was && header == table);
            table = header;
            if note {
                out.push_str(&format!("# 前回（{previous}）の内容です。確かめて # を外すか、書き直してください\n"));
            }
        }
        let key = trimmed.split('=').next().unwrap_or("").trim();
        let cleared = |value_comment: &str| format!("{key} = \"\"   # 前回: {value_comment}");
        let old_value = trimmed.split_once('=').map(|(_, v)| v.trim()).unwrap_or("");
        let new_line = match (table.as_str(), key) {
            _ if commenting && !trimmed.is_empty() => format!("# {line}"),
            ("", "number") => format!("number = {number}"),
            ("", "year") => {
                format!("year = {year}\nprevious = \"{previous}\"   # 前の回（前年と同じ文章の警告に使います）")
            }
            ("", "previous") => continue,
            ("", "date" | "date_text") => {
                format!("# {} （開催日が決まったら書く / write when the date is fixed）", line.trim())
            }
            ("", "edition_text" | "spine") => renumber(line),
            ("", "venue") | ("programme", "venue") => cleared(old_value),
            ("programme.items", "time") => cleared(old_value),
            _ => line.to_string(),
        };
        out.push_str(&new_line);
        out.push('\n');
    }
    std::fs::create_dir_all(to.join("images")).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(to.join("winners")).map_err(|e| e.to_string())?;
    outputs::write_set_unlocked(&[
        (to.join("edition.toml"), out.as_bytes()),
        (to.join("winners/_template.toml"), WINNER_TEMPLATE.as_bytes()),
    ])
    .map_err(|e| e.to_string())?;
    Ok(to)
}
