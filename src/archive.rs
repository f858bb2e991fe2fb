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
use std::path::{Component, Path, PathBuf};

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
fn files_under(dir: &Path, rel: &Path, out: &mut Vec<(PathBuf, PathBuf)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        let r = rel.join(e.file_name());
        if path.is_dir() {
            files_under(&path, &r, out)?;
        } else {
            out.push((path, r));
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
    let layout_name = layout_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let edition = r.name.clone();
    let mut files = Vec::new();
    if let Err(e) = files_under(edition_dir, &Path::new("entries").join(&edition), &mut files) {
        fail(&mut diags, e.to_string());
        return Outcome { result: None, sources, diags };
    }
    files.push((layout_path.clone(), Path::new("layouts").join(format!("{layout_name}.toml"))));
    let mut attachments = Vec::new();
    let mut inputs = Vec::new();
    for (path, rel) in &files {
        match std::fs::read(path) {
            Ok(data) => {
                inputs.push(Hashed { path: archive_path(rel), sha256: sha256(&data) });
                attachments.push(pdf::Attachment {
                    name: archive_path(rel),
                    data,
                    mime: mime(rel),
                    relationship: "Source",
                    description: "source of the booklet",
                });
            }
            Err(e) => {
                fail(&mut diags, format!("{}: {e}", path.display()));
                return Outcome { result: None, sources, diags };
            }
        }
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
            .iter()
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

/// What a rebuild found, file by file.
pub struct Rebuilt {
    pub manifest: Manifest,
    /// Inputs whose attached bytes do not have the manifest's hash (or are missing).
    pub damaged: Vec<String>,
    /// Each PDF the manifest names: its name, whether it is identical, and the
    /// rebuilt bytes (None when the rebuild does not make it).
    pub outputs: Vec<(String, bool, Option<Vec<u8>>)>,
}

/// Whether an attachment's path is a plain relative path (no root, no `..`), so
/// that unpacking it stays inside the scratch folder.
fn safe(path: &str) -> bool {
    !path.is_empty() && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

/// Rebuild the PDFs an archive copy records, from its attachments alone, in a
/// scratch folder under `scratch` (removed afterwards).
pub fn rebuild(archive: &[u8], scratch: &Path) -> Outcome<Rebuilt> {
    let mut diags = Diagnostics::default();
    let fail = |key: &'static str, detail: String, mut diags: Diagnostics| {
        diags.push(crate::diag::Diagnostic::error(None, "", Message::new(key).arg("detail", detail)));
        Outcome { result: None, sources: SourceMap::default(), diags }
    };
    let files = match pdf::attachments(archive) {
        Ok(f) => f,
        Err(e) => return fail("rebuild.not_archive", e, diags),
    };
    let Some((_, text)) = files.iter().find(|(n, _)| n == MANIFEST) else {
        return fail("rebuild.not_archive", format!("no {MANIFEST}"), diags);
    };
    let manifest: Manifest = match toml::from_str(&String::from_utf8_lossy(text)) {
        Ok(m) => m,
        Err(e) => return fail("rebuild.not_archive", format!("{MANIFEST}: {e}"), diags),
    };
    let mut damaged = Vec::new();
    for h in &manifest.input {
        match files.iter().find(|(n, _)| *n == h.path) {
            Some((_, data)) if sha256(data) == h.sha256 => {}
            _ => damaged.push(h.path.clone()),
        }
    }
    if let Some(bad) = files.iter().map(|(n, _)| n).find(|n| !safe(n)) {
        return fail("rebuild.not_archive", format!("unsafe path {bad:?}"), diags);
    }
    let _ = std::fs::remove_dir_all(scratch);
    for (name, data) in &files {
        if name == MANIFEST {
            continue;
        }
        let path = scratch.join(name);
        let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|_| std::fs::write(&path, data));
        if let Err(e) = written {
            let _ = std::fs::remove_dir_all(scratch);
            return fail("rebuild.write", format!("{}: {e}", path.display()), diags);
        }
    }
    let options = Options {
        layout: Some(scratch.join("layouts").join(format!("{}.toml", manifest.layout))),
        proof: false,
        standard: Some(manifest.standard.clone()),
    };
    let built = crate::render(&scratch.join("entries").join(&manifest.edition), &options);
    let _ = std::fs::remove_dir_all(scratch);
    diags.items.extend(built.diags.items);
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
