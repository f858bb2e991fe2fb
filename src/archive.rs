//! The archive copy and its rebuild (`sasshi archive`, `sasshi rebuild`).
//!
//! The archive copy is the booklet as PDF/A-3u (ISO 19005-3) and PDF/UA-1
//! (ISO 14289-1), tagged like every output, carrying what made it as associated
//! files (/AF, ISO 19005-3 §6.8): every file of the edition folder (entries,
//! images) and the layout with `/AFRelationship /Source`, and `manifest.toml`
//! with `/Data` — the sasshi version, the standard, and the SHA-256 of every
//! input, of the fonts compiled into the binary and of the three PDFs the
//! build delivered. `rebuild` needs nothing but that file and the binary: it
//! unpacks the sources into a scratch folder, builds them as they were built,
//! and compares each PDF with the manifest's hash.

use crate::diag::{Diagnostics, Message, SourceMap};
use crate::model::layout::DocumentKind;
use crate::{Options, Outcome, pdf};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The manifest's name among the attachments.
pub const MANIFEST: &str = "manifest.toml";

/// The archive copy's file name for an edition.
pub fn file_name(edition: &str) -> String {
    format!("{edition}-archive.pdf")
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// What the manifest records.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Manifest {
    pub sasshi: String,
    pub edition: String,
    pub layout: String,
    pub standard: String,
    #[serde(default)]
    pub input: Vec<Hashed>,
    #[serde(default)]
    pub font: Vec<Hashed>,
    #[serde(default)]
    pub output: Vec<Hashed>,
}

/// A file and its SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Hashed {
    pub path: String,
    pub sha256: String,
}

impl Manifest {
    /// The manifest as TOML, in a fixed order (deterministic bytes).
    fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut t = String::from("# sasshi archive manifest: what made this file and the PDFs delivered with it\n");
        t.push_str(&format!("sasshi = {}\n", q(&self.sasshi)));
        t.push_str(&format!("edition = {}\n", q(&self.edition)));
        t.push_str(&format!("layout = {}\n", q(&self.layout)));
        t.push_str(&format!("standard = {}\n", q(&self.standard)));
        for (table, list) in [("input", &self.input), ("font", &self.font), ("output", &self.output)] {
            for h in list {
                t.push_str(&format!("\n[[{table}]]\npath = {}\nsha256 = {}\n", q(&h.path), q(&h.sha256)));
            }
        }
        t
    }
}

/// An archive copy made in memory.
pub struct Archived {
    pub edition: String,
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// How many files are attached (the manifest included).
    pub attached: usize,
}

/// Every file under `dir` (not hidden ones), by relative path, in sorted order.
/// Only regular files are taken, and a link only when it leads to a regular
/// file inside the edition folder (`root`, resolved): an archive copy carries
/// the edition, nothing from elsewhere (issue #24). Anything else is a problem
/// (the path, as shown) in `refused`.
fn files_under(
    dir: &Path,
    rel: &Path,
    root: &Path,
    out: &mut Vec<(PathBuf, PathBuf)>,
    refused: &mut Vec<String>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        let r = rel.join(e.file_name());
        let kind = e.file_type()?;
        if kind.is_dir() {
            files_under(&path, &r, root, out, refused)?;
        } else if kind.is_file()
            || kind.is_symlink() && std::fs::canonicalize(&path).is_ok_and(|t| t.starts_with(root) && t.is_file())
        {
            out.push((path, r));
        } else {
            refused.push(shown(&path.display().to_string()));
        }
    }
    Ok(())
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("toml") => "text/toml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("md" | "txt") => "text/plain",
        _ => "application/octet-stream",
    }
}

/// A path inside the archive, with forward slashes.
fn archive_path(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Build the edition and its archive copy in memory.
pub fn archive(edition_dir: &Path, options: &Options) -> Outcome<Archived> {
    let rendered = crate::render(edition_dir, options);
    let Some(r) = rendered.result else {
        return Outcome { result: None, sources: rendered.sources, diags: rendered.diags };
    };
    let (sources, mut diags) = (rendered.sources, rendered.diags);
    let fail = |diags: &mut Diagnostics, detail: String| {
        diags.push(crate::diag::Diagnostic::error(
            None,
            "",
            Message::new("archive.unreadable").arg("path", edition_dir.display().to_string()).arg("detail", detail),
        ));
    };
    let Some(loaded) = crate::check(edition_dir, options).result else {
        return Outcome { result: None, sources, diags };
    };
    // The layout file the build read (the same rule as `check`).
    let layout_path = match &options.layout {
        Some(p) if p.extension().is_some_and(|e| e == "toml") => p.clone(),
        Some(name) => crate::layouts_dir_for(edition_dir).join(format!("{}.toml", name.to_string_lossy())),
        None => crate::layouts_dir_for(edition_dir).join(format!("{}.toml", loaded.edition.layout.value)),
    };
    // The folder a named layout must resolve into, as the build reads it
    // (`model::load_chosen_layout`): a `--layout FILE` was named by the user and
    // may be anywhere, still only a regular file.
    let layout_roots = match &options.layout {
        Some(p) if p.extension().is_some_and(|e| e == "toml") => None,
        _ => Some(crate::model::input::Roots::new([crate::layouts_dir_for(edition_dir).as_path()])),
    };
    let layout_name = layout_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let edition = r.name.clone();
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let root = std::fs::canonicalize(edition_dir).unwrap_or_else(|_| edition_dir.to_path_buf());
    if let Err(e) = files_under(edition_dir, &Path::new("entries").join(&edition), &root, &mut files, &mut refused) {
        fail(&mut diags, e.to_string());
        return Outcome { result: None, sources, diags };
    }
    let refuse = |diags: &mut Diagnostics, message: Message| {
        diags.push(crate::diag::Diagnostic::error(None, "", message));
    };
    for path in refused {
        refuse(&mut diags, Message::new("archive.not_regular").arg("path", path));
    }
    files.push((layout_path.clone(), Path::new("layouts").join(format!("{layout_name}.toml"))));
    // What `rebuild` accepts (so that every archive copy written rebuilds):
    // plain names, each file and all together within [`LIMITS`].
    for name in [&edition, &layout_name] {
        if !plain_name(name) {
            let message =
                Message::new("archive.bad_name").arg("path", shown(name)).arg("max", MAX_NAME_BYTES.to_string());
            refuse(&mut diags, message);
        }
    }
    if files.len() + 1 > LIMITS.count {
        let message = Message::new("archive.too_much")
            .arg("max", crate::model::limits::human_size(LIMITS.total))
            .arg("count", LIMITS.count.to_string());
        refuse(&mut diags, message);
    }
    if diags.has_errors() {
        return Outcome { result: None, sources, diags };
    }
    let mut attachments = Vec::new();
    let mut inputs = Vec::new();
    let mut total = 0u64;
    for (path, rel) in &files {
        let name = archive_path(rel);
        if !plain_path(&name) {
            let message =
                Message::new("archive.bad_name").arg("path", shown(&name)).arg("max", MAX_PATH_BYTES.to_string());
            refuse(&mut diags, message);
            return Outcome { result: None, sources, diags };
        }
        // The layout through the build's own input checks (issue #24): resolved
        // inside the layouts folder, a regular file, read once from one handle,
        // so the archive never attaches a file the build would refuse.
        let data = if *path == layout_path {
            let limit = crate::model::MAX_ENTRY_FILE_BYTES.min(LIMITS.file);
            match crate::model::input::read_inside(path, layout_roots.as_ref(), limit) {
                Ok(data) => data,
                Err(refused) => {
                    let base = layout_path.parent().and_then(Path::parent).unwrap_or(Path::new("."));
                    let shown = crate::diag::shown_path(path, base);
                    diags.push(crate::model::file_refused(&refused).in_file(shown));
                    return Outcome { result: None, sources, diags };
                }
            }
        } else {
            let mut data = Vec::new();
            let read = std::fs::File::open(path)
                .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, LIMITS.file + 1), &mut data));
            if let Err(e) = read {
                fail(&mut diags, format!("{}: {e}", shown(&path.display().to_string())));
                return Outcome { result: None, sources, diags };
            }
            data
        };
        total += data.len() as u64;
        if data.len() as u64 > LIMITS.file {
            let message = Message::new("archive.too_large")
                .arg("path", shown(&path.display().to_string()))
                .arg("max", crate::model::limits::human_size(LIMITS.file));
            refuse(&mut diags, message);
            return Outcome { result: None, sources, diags };
        }
        if total > LIMITS.total {
            let message = Message::new("archive.too_much")
                .arg("max", crate::model::limits::human_size(LIMITS.total))
                .arg("count", LIMITS.count.to_string());
            refuse(&mut diags, message);
            return Outcome { result: None, sources, diags };
        }
        inputs.push(Hashed { path: name.clone(), sha256: sha256(&data) });
        attachments.push(pdf::Attachment {
            name,
            data,
            mime: mime(rel),
            relationship: "Source",
            description: "source of the booklet",
        });
    }
    let mut print = crate::print_settings(&loaded.layout);
    let standard = options.standard.as_deref().and_then(pdf::standard::Standard::parse).unwrap_or(print.standard);
    let manifest = Manifest {
        sasshi: env!("CARGO_PKG_VERSION").to_string(),
        edition: edition.clone(),
        layout: layout_name,
        standard: standard.short_name().to_string(),
        input: inputs,
        font: crate::font::files()
            .into_iter()
            .chain(uses_names_face(&r).then(crate::font::names_file))
            .map(|(name, data)| Hashed { path: format!("fonts/{name}"), sha256: sha256(data) })
            .collect(),
        output: r
            .documents
            .iter()
            .map(|d| Hashed { path: d.kind.file_name().to_string(), sha256: d.sha256.clone() })
            .collect(),
    };
    attachments.push(pdf::Attachment {
        name: MANIFEST.to_string(),
        data: manifest.to_toml().into_bytes(),
        mime: "text/toml",
        relationship: "Data",
        description: "sasshi version and the SHA-256 of every input, font and output",
    });
    // PDF/A-3u: the PDF/A-2u rules (ISO 19005-3 adds only the attachments).
    print.standard = pdf::standard::Standard::A2u;
    let booklet = r.frames(DocumentKind::Booklet);
    match pdf::write_archive(booklet, &print, &attachments) {
        Ok(bytes) => Outcome {
            result: Some(Archived { edition, bytes, pages: booklet.pages.len(), attached: attachments.len() }),
            sources,
            diags,
        },
        Err(e) => {
            fail(&mut diags, e.0);
            Outcome { result: None, sources, diags }
        }
    }
}

/// Whether any document of the build draws a glyph from the names face (a
/// character BIZ UD lacks, 𠮷): then the rebuild needs that face too, and the
/// manifest names it with the three BIZ UD faces.
fn uses_names_face(r: &crate::Rendered) -> bool {
    use crate::frame::Item;
    r.documents.iter().flat_map(|d| &d.frames.pages).flat_map(|p| &p.items).any(|item| match item {
        Item::Text(t) => t.glyphs.iter().any(|g| crate::font::is_fallback(g.id)),
        Item::Vertical(v) => v.glyphs.iter().any(|g| crate::font::is_fallback(g.id)),
        _ => false,
    })
}

/// What a rebuild found, file by file.
pub struct Rebuilt {
    pub manifest: Manifest,
    /// Inputs whose unpacked bytes do not have the manifest's hash: the bytes
    /// hashed are the bytes written to the scratch folder and built from.
    pub damaged: Vec<String>,
    /// Each PDF the manifest names: its name, whether it is identical, and the
    /// rebuilt bytes (None when the rebuild does not make it).
    pub outputs: Vec<(String, bool, Option<Vec<u8>>)>,
}

/// What a rebuild unpacks at most from an archive copy. An archive copy is a
/// file from elsewhere: these bound the memory, disk and time a hostile one
/// (a zlib bomb: 64 KiB that inflate to 64 MiB) can take. Each attachment is
/// inflated as a stream and stopped when a running count passes a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// One attached file: the largest file a build reads, an image
    /// ([`crate::model::limits::MAX_IMAGE_FILE_BYTES`], 64 MiB; an entry
    /// file may have 16 MiB).
    pub file: u64,
    /// All attached files together: 1 GiB, sixteen images at the limit. The
    /// 2006 edition has 0.6 MiB; a real edition, with print-quality photos,
    /// stays far below.
    pub total: u64,
    /// Attached files: 10,000 (the 2006 edition has 36).
    pub count: usize,
    /// The manifest (a TOML file: [`crate::model::MAX_ENTRY_FILE_BYTES`],
    /// 16 MiB; one line per file, some 100 bytes each).
    pub manifest: u64,
}

/// The limits `sasshi rebuild` applies (and `sasshi archive` keeps to, so
/// that every archive copy it writes rebuilds).
pub const LIMITS: Limits = Limits {
    file: crate::model::limits::MAX_IMAGE_FILE_BYTES,
    total: 1024 * 1024 * 1024,
    count: 10_000,
    manifest: crate::model::MAX_ENTRY_FILE_BYTES,
};

/// Largest archive copy `sasshi rebuild` reads: its attachments' total
/// ([`Limits::total`], 1 GiB; they are stored deflated, so a copy whose
/// attachments fit is smaller) and room for the booklet (its images, at the
/// image limit each, are already counted among the attachments).
pub const MAX_ARCHIVE_BYTES: u64 = LIMITS.total + 64 * 1024 * 1024;

/// Read the archive copy given to `sasshi rebuild` through the model's input
/// rules (`model::input::read_inside`, issue #24): only a regular file, opened
/// without blocking, read through `take(limit + 1)` so that a file larger than
/// [`MAX_ARCHIVE_BYTES`] (or a device that never ends) is refused, not read
/// whole. An error names the file (boxed: a diagnostic is large beside the
/// bytes).
pub fn read_copy(path: &Path) -> Result<Vec<u8>, Box<crate::diag::Diagnostic>> {
    use crate::model::input::Refused;
    let shown = path.display().to_string();
    crate::model::input::read_inside(path, None, MAX_ARCHIVE_BYTES).map_err(|refused| {
        Box::new(match refused {
            Refused::TooLarge(_) => crate::diag::Diagnostic::error(
                None,
                "",
                Message::new("rebuild2.too_large")
                    .arg("path", shown.clone())
                    .arg("max", crate::model::limits::human_size(MAX_ARCHIVE_BYTES)),
            ),
            other => crate::model::file_refused(&other).in_file(shown.clone()),
        })
    })
}

/// Longest edition or layout name in a manifest, in bytes (the edition
/// folders are named like "2006-07"; a file name may have 255).
pub const MAX_NAME_BYTES: usize = 128;
/// Longest path of an attached file, in bytes; each of its parts may have 255
/// (the file name limit of common file systems).
pub const MAX_PATH_BYTES: usize = 1024;

/// Characters never allowed in a name: control characters (C0, DEL, C1) and
/// the bidirectional controls that make a name print as another (U+202E).
fn forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One plain path component: not empty, not `.` or `..`, no `/` or `\`, no
/// forbidden character, at most `max` bytes.
fn plain_component(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s != "."
        && s != ".."
        && !s.chars().any(|c| c == '/' || c == '\\' || forbidden(c))
}

/// Whether a manifest's edition or layout is a plain name (one path
/// component): joined to a folder it stays inside that folder.
pub fn plain_name(s: &str) -> bool {
    plain_component(s, MAX_NAME_BYTES)
}

/// Whether an attachment's name is a plain relative path: `/`-separated plain
/// components (so no root, no `..`, no empty part), at most
/// [`MAX_PATH_BYTES`]; unpacked under a folder, it stays inside it.
pub fn plain_path(s: &str) -> bool {
    s.len() <= MAX_PATH_BYTES && s.split('/').all(|c| plain_component(c, 255))
}

/// The key two names collide under: NFC and lower case, as a case-insensitive,
/// normalising file system (macOS, Windows) would store them — two such names
/// would be one file there, so an archive copy may not have both.
fn collision_key(s: &str) -> String {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(s).to_lowercase()
}

/// A name as shown in a message: control characters and the like escaped
/// (`\u{202e}`), never sent to the terminal.
fn shown(s: &str) -> String {
    s.chars().map(|c| if forbidden(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

/// The manifest as read, with the places of the values a rebuild checks.
#[derive(serde::Deserialize)]
struct RawManifest {
    sasshi: toml::Spanned<String>,
    edition: toml::Spanned<String>,
    layout: toml::Spanned<String>,
    standard: toml::Spanned<String>,
    #[serde(default)]
    input: Vec<RawHashed>,
    #[serde(default)]
    font: Vec<Hashed>,
    #[serde(default)]
    output: Vec<RawHashed>,
}

#[derive(serde::Deserialize)]
struct RawHashed {
    path: toml::Spanned<String>,
    sha256: String,
}

/// The scratch folder of one rebuild: made with a name no other process or
/// rebuild uses (the process id and a counter; an existing folder of that name
/// is never reused, the next number is tried), mode 0700, and removed with
/// everything in it when dropped — also when the rebuild fails.
struct Scratch(PathBuf);

/// The number of the next scratch folder of this process.
static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Scratch {
    fn create(parent: &Path) -> std::io::Result<Scratch> {
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        for _ in 0..10_000 {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path = parent.join(format!("sasshi-rebuild-{}-{n}", std::process::id()));
            match builder.create(&path) {
                Ok(()) => return Ok(Scratch(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free scratch folder name"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A file being unpacked: its bytes are hashed as they are written, so the
/// hash checked is the hash of the file built from.
struct HashingFile {
    file: std::io::BufWriter<std::fs::File>,
    hash: Sha256,
}

impl std::io::Write for HashingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Rebuild the PDFs an archive copy records, from its attachments alone, in a
/// private scratch folder made under `temp` (removed afterwards), with
/// [`LIMITS`].
pub fn rebuild(archive: &[u8], temp: &Path) -> Outcome<Rebuilt> {
    rebuild_with(archive, temp, LIMITS)
}

/// [`rebuild`] with other limits (the tests reach the total limit with small
/// ones). The archive copy is untrusted (issue #24): before anything is
/// unpacked, the manifest's edition and layout must be plain names and its
/// standard a known one, every attachment a plain relative path inside the
/// edition listed in the manifest, once, and every input the manifest lists
/// attached; then each attachment is inflated under the running per-file and
/// total limits. Nothing is written but the scratch folder.
pub fn rebuild_with(archive: &[u8], temp: &Path, limits: Limits) -> Outcome<Rebuilt> {
    let mut diags = Diagnostics::default();
    let mut sources = SourceMap::default();
    let error = |diags: &mut Diagnostics, file: &str, message: Message| {
        diags.push(crate::diag::Diagnostic::error(None, "", message).in_file(shown(file)));
    };
    let files = match pdf::attachments(archive) {
        Ok(f) => f,
        Err(e) => {
            diags.push(crate::diag::Diagnostic::error(None, "", Message::new("rebuild.not_archive").arg("detail", e)));
            return Outcome { result: None, sources, diags };
        }
    };
    let manifests: Vec<_> = files.iter().filter(|f| f.name == MANIFEST).collect();
    let manifest_file = match manifests[..] {
        [m] => m,
        [] => {
            let detail = format!("no {MANIFEST}");
            diags.push(crate::diag::Diagnostic::error(
                None,
                "",
                Message::new("rebuild.not_archive").arg("detail", detail),
            ));
            return Outcome { result: None, sources, diags };
        }
        _ => {
            error(&mut diags, MANIFEST, Message::new("rebuild.duplicate"));
            return Outcome { result: None, sources, diags };
        }
    };
    let mut text = Vec::new();
    if let Err(e) = manifest_file.inflate(limits.manifest, &mut text) {
        error(&mut diags, MANIFEST, inflate_message(e, limits.manifest, "rebuild.too_large"));
        return Outcome { result: None, sources, diags };
    }
    // A manifest that is not UTF-8 TOML: the file is not an archive copy of ours.
    let parsed = String::from_utf8(text)
        .map_err(|e| e.to_string())
        .and_then(|t| toml::from_str::<RawManifest>(&t).map(|m| (t, m)).map_err(|e| e.to_string()));
    let (text, raw) = match parsed {
        Ok(both) => both,
        Err(e) => {
            let detail = format!("{MANIFEST}: {e}");
            diags.push(crate::diag::Diagnostic::error(
                None,
                "",
                Message::new("rebuild.not_archive").arg("detail", detail),
            ));
            return Outcome { result: None, sources, diags };
        }
    };
    let id = sources.add(crate::diag::SourceFile::new(MANIFEST.into(), PathBuf::from(MANIFEST), text.clone()));
    let at = |diags: &mut Diagnostics, span: std::ops::Range<usize>, field: &str, message: Message| {
        diags.push(crate::diag::Diagnostic::error(Some(crate::diag::Span { file: id, range: span }), field, message));
    };
    // The manifest's names: what the rebuild joins to folders (issue #24:
    // `edition = "../x"` wrote the PDFs to `<out>/../x/`).
    let version_ok =
        |v: &str| !v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || ".+-".contains(c));
    if !version_ok(raw.sasshi.get_ref()) {
        at(&mut diags, raw.sasshi.span(), "sasshi", Message::new("rebuild.bad_version"));
    }
    for (value, field) in [(&raw.edition, "edition"), (&raw.layout, "layout")] {
        if !plain_name(value.get_ref()) {
            let message = Message::new("rebuild.bad_name").arg("field", field).arg("max", MAX_NAME_BYTES.to_string());
            at(&mut diags, value.span(), field, message);
        }
    }
    let standard = pdf::standard::Standard::parse(raw.standard.get_ref());
    if standard.is_none() {
        let known = [
            pdf::standard::Standard::X4,
            pdf::standard::Standard::X1a,
            pdf::standard::Standard::A2u,
            pdf::standard::Standard::X4A2u,
        ];
        let known = known.iter().map(|s| s.short_name()).collect::<Vec<_>>().join(", ");
        at(&mut diags, raw.standard.span(), "standard", Message::new("rebuild.bad_standard").arg("known", known));
    }
    for (i, out) in raw.output.iter().enumerate() {
        if !plain_name(out.path.get_ref()) {
            let message =
                Message::new("rebuild.bad_name").arg("field", "output.path").arg("max", MAX_NAME_BYTES.to_string());
            at(&mut diags, out.path.span(), &format!("output[{i}].path"), message);
        }
    }
    if diags.has_errors() {
        return Outcome { result: None, sources, diags };
    }
    let (edition, layout) = (raw.edition.get_ref().clone(), raw.layout.get_ref().clone());
    let layout_file = format!("layouts/{layout}.toml");
    let edition_prefix = format!("entries/{edition}/");
    // Every input the manifest lists: inside the edition (or its layout), once.
    let mut listed = std::collections::BTreeMap::new();
    for (i, h) in raw.input.iter().enumerate() {
        let path = h.path.get_ref();
        let field = format!("input[{i}].path");
        let inside = *path == layout_file || path.strip_prefix(&edition_prefix).is_some_and(plain_path);
        if !plain_path(path) || !inside {
            let message = Message::new("rebuild.outside")
                .arg("edition", edition_prefix.clone())
                .arg("layout", layout_file.clone());
            at(&mut diags, h.path.span(), &field, message);
        } else if listed.insert(collision_key(path), path.clone()).is_some() {
            at(&mut diags, h.path.span(), &field, Message::new("rebuild.duplicate_input"));
        }
    }
    if !raw.input.iter().any(|h| *h.path.get_ref() == layout_file) {
        at(&mut diags, raw.layout.span(), "layout", Message::new("rebuild.no_layout").arg("file", layout_file.clone()));
    }
    if diags.has_errors() {
        return Outcome { result: None, sources, diags };
    }
    // Every attachment: a plain path, once, listed in the manifest.
    if files.len() > limits.count {
        let message =
            Message::new("rebuild.too_many").arg("count", files.len().to_string()).arg("max", limits.count.to_string());
        diags.push(crate::diag::Diagnostic::error(None, "", message));
        return Outcome { result: None, sources, diags };
    }
    let mut attached = std::collections::BTreeMap::new();
    for f in files.iter().filter(|f| f.name != MANIFEST) {
        if !plain_path(&f.name) {
            error(&mut diags, &f.name, Message::new("rebuild.bad_path").arg("max", MAX_PATH_BYTES.to_string()));
        } else if attached.insert(collision_key(&f.name), &f.name).is_some() {
            error(&mut diags, &f.name, Message::new("rebuild.duplicate"));
        } else if !raw.input.iter().any(|h| *h.path.get_ref() == f.name) {
            error(&mut diags, &f.name, Message::new("rebuild.unlisted"));
        }
    }
    for (i, h) in raw.input.iter().enumerate() {
        if !files.iter().any(|f| f.name == *h.path.get_ref()) {
            at(&mut diags, h.path.span(), &format!("input[{i}].path"), Message::new("rebuild.unattached"));
        }
    }
    if diags.has_errors() {
        return Outcome { result: None, sources, diags };
    }
    // Unpack, each file under the per-file limit and what is left of the total.
    let scratch = match Scratch::create(temp) {
        Ok(s) => s,
        Err(e) => {
            let detail = format!("{}: {e}", temp.display());
            diags.push(crate::diag::Diagnostic::error(None, "", Message::new("rebuild.write").arg("detail", detail)));
            return Outcome { result: None, sources, diags };
        }
    };
    let mut dirs = std::fs::DirBuilder::new();
    dirs.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut dirs, 0o700);
    let (mut used, mut damaged) = (0u64, Vec::new());
    let mut unpacked = files.iter().filter(|f| f.name != MANIFEST).collect::<Vec<_>>();
    unpacked.sort_by(|a, b| a.name.cmp(&b.name));
    for f in unpacked {
        let path = scratch.0.join(&f.name);
        let open = || {
            path.parent().map_or(Ok(()), |p| dirs.create(p))?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(&path)
        };
        let mut out = match open() {
            Ok(file) => HashingFile { file: std::io::BufWriter::new(file), hash: Sha256::new() },
            Err(e) => {
                let detail = format!("{}: {e}", shown(&f.name));
                diags.push(crate::diag::Diagnostic::error(
                    None,
                    "",
                    Message::new("rebuild.write").arg("detail", detail),
                ));
                return Outcome { result: None, sources, diags };
            }
        };
        let left = limits.total - used;
        let (limit, too_large) =
            if limits.file <= left { (limits.file, "rebuild.too_large") } else { (left, "rebuild.total_too_large") };
        let shown_limit = if too_large == "rebuild.too_large" { limits.file } else { limits.total };
        match f.inflate(limit, &mut out).and_then(|n| {
            std::io::Write::flush(&mut out).map_err(pdf::Inflate::Write)?;
            Ok(n)
        }) {
            Ok(n) => used += n,
            Err(e) => {
                error(&mut diags, &f.name, inflate_message(e, shown_limit, too_large));
                return Outcome { result: None, sources, diags };
            }
        }
        let hash: String = out.hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
        if raw.input.iter().any(|h| *h.path.get_ref() == f.name && h.sha256 != hash) {
            damaged.push(f.name.clone());
        }
    }
    let standard = standard.map(|s| s.short_name().to_string());
    let options =
        Options { layout: Some(scratch.0.join("layouts").join(format!("{layout}.toml"))), proof: false, standard };
    let built = crate::render(&scratch.0.join("entries").join(&edition), &options);
    drop(scratch);
    diags.items.extend(built.diags.items);
    let manifest = Manifest {
        sasshi: raw.sasshi.into_inner(),
        edition,
        layout,
        standard: raw.standard.into_inner(),
        input: raw.input.into_iter().map(|h| Hashed { path: h.path.into_inner(), sha256: h.sha256 }).collect(),
        font: raw.font,
        output: raw.output.into_iter().map(|h| Hashed { path: h.path.into_inner(), sha256: h.sha256 }).collect(),
    };
    let Some(r) = built.result else { return Outcome { result: None, sources: built.sources, diags } };
    let outputs = manifest
        .output
        .iter()
        .map(|h| {
            let doc = r.documents.iter().find(|d| d.kind.file_name() == h.path);
            (h.path.clone(), doc.is_some_and(|d| d.sha256 == h.sha256), doc.map(|d| d.bytes.clone()))
        })
        .collect();
    Outcome { result: Some(Rebuilt { manifest, damaged, outputs }), sources: built.sources, diags }
}

/// The message for an attachment that cannot be unpacked.
fn inflate_message(e: pdf::Inflate, limit: u64, too_large: &'static str) -> Message {
    match e {
        pdf::Inflate::TooLarge => Message::new(too_large).arg("max", crate::model::limits::human_size(limit)),
        pdf::Inflate::Unsupported(filter) => Message::new("rebuild.filter").arg("filter", shown(&filter)),
        pdf::Inflate::Corrupt(detail) => Message::new("rebuild.corrupt").arg("detail", detail),
        pdf::Inflate::Write(e) => Message::new("rebuild.write").arg("detail", e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_one_component_without_controls() {
        for ok in ["2006-07", "a4", "第1回", ".hidden", "a.b"] {
            assert!(plain_name(ok), "{ok}");
        }
        let long = "x".repeat(MAX_NAME_BYTES + 1);
        for bad in ["", ".", "..", "../x", "/abs", "a/b", "a\\b", "a\u{0}b", "a\nb", "a\u{202e}b", "a\u{85}b", &long] {
            assert!(!plain_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn plain_paths_have_no_root_no_dot_parts_and_no_empty_parts() {
        assert!(plain_path("entries/2006-07/images/a.png"));
        for bad in ["", "/etc/passwd", "a//b", "a/", "./a", "a/./b", "a/../b", "..", "a\\..\\b", "a/\u{1b}[2J"] {
            assert!(!plain_path(bad), "{bad:?}");
        }
        assert!(!plain_path(&format!("a/{}", "b".repeat(256))));
        assert!(!plain_path(&["a"; 600].join("/")));
    }

    #[test]
    fn names_that_one_file_system_stores_as_one_file_collide() {
        assert_eq!(collision_key("A.png"), collision_key("a.png"));
        // が as one code point (NFC) and as か + the combining mark (NFD, as macOS stores it).
        assert_eq!(collision_key("\u{304C}.png"), collision_key("\u{304B}\u{3099}.png"));
        assert_ne!(collision_key("a.png"), collision_key("b.png"));
    }

    #[test]
    fn scratch_folders_are_private_never_reused_and_removed_when_dropped() {
        let parent = std::env::temp_dir().join(format!("sasshi-scratch-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&parent);
        std::fs::create_dir_all(&parent).unwrap();
        let a = Scratch::create(&parent).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&a.0).unwrap().permissions().mode() & 0o777, 0o700);
        }
        // A folder (or a link) someone made under the next name is not taken
        // over: the one after it is made.
        let next = NEXT.load(std::sync::atomic::Ordering::Relaxed);
        let taken = parent.join(format!("sasshi-rebuild-{}-{next}", std::process::id()));
        std::fs::create_dir(&taken).unwrap();
        std::fs::write(taken.join("theirs"), b"x").unwrap();
        let b = Scratch::create(&parent).unwrap();
        assert_ne!(b.0, taken);
        assert_ne!(a.0, b.0);
        std::fs::write(a.0.join("f"), b"x").unwrap();
        let (pa, pb) = (a.0.clone(), b.0.clone());
        drop(a);
        drop(b);
        assert!(!pa.exists() && !pb.exists());
        assert!(taken.join("theirs").exists(), "another's folder was touched");
        std::fs::remove_dir_all(&parent).unwrap();
    }
}
