//! Two deliveries compared (`sasshi diff`): which pages of each file the
//! printer must replace, and the replacement PDFs (差し替え) with the job
//! sheet's section for them. The page comparison itself is `pdf::diff`'s; this
//! module reads the two build folders, groups the pages by trim size and names
//! the files.

use crate::diag::Message;
use crate::{jobsheet, model, pdf};
use std::path::{Path, PathBuf};

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
    // Every document there is a recipe for, the booklet first (its group is
    // 差し替え.pdf): a new kind is compared without a list here.
    let mut kinds: Vec<DocumentKind> = DocumentKind::all().collect();
    kinds.sort_by_key(|k| *k != DocumentKind::Booklet);
    for kind in kinds {
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
            prefix: match *kind {
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
