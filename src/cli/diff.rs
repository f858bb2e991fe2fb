//! `sasshi diff OLD NEW`: what [`sasshi::compare_builds`] found, said per
//! file, and the replacement files and job sheet section written into NEW.

use super::Ctx;
use super::report::{self, plural, write_refused};
use sasshi::diag::Message;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `sasshi diff OLD NEW`: per file, the pages to replace and why; the
/// replacement PDFs (差し替え.pdf, and 差し替え-cover.pdf for a file of another
/// trim size) and the job sheet's replacement section written into NEW (an old
/// replacement file not written again is removed, so that none is sent by mistake).
pub fn diff(old: &Path, new: &Path, ctx: &Ctx) -> ExitCode {
    use sasshi::pdf::diff::Reason;
    let r = match sasshi::compare_builds(old, new) {
        Ok(r) => r,
        Err(m) => {
            ctx.err(m);
            return report::problems();
        }
    };
    let runs = |pages: &[usize]| sasshi::jobsheet::page_runs(pages);
    for (file, d) in &r.files {
        if d.old_pages != d.new_pages {
            ctx.say(
                Message::new("diff.page_count")
                    .arg("file", *file)
                    .arg("old", d.old_pages.to_string())
                    .arg("new", d.new_pages.to_string()),
            );
        }
        let changed = d.pages_with(|r| r == Reason::Changed);
        let shifted = d.pages_with(|r| matches!(r, Reason::Shifted { .. }));
        let from: Vec<usize> = d
            .replace
            .iter()
            .filter_map(|(_, r)| if let Reason::Shifted { from } = r { Some(*from) } else { None })
            .collect();
        let pagination = d.pages_with(|r| r == Reason::Pagination);
        let added = d.pages_with(|r| r == Reason::Added);
        if d.replace.is_empty() && d.removed.is_empty() {
            ctx.say(
                Message::new("diff.same")
                    .arg("file", *file)
                    .arg("pages", d.new_pages.to_string())
                    .arg("s", plural(d.new_pages)),
            );
        }
        for (key, pages) in [("diff.changed", &changed), ("diff.pagination", &pagination), ("diff.added", &added)] {
            if !pages.is_empty() {
                ctx.say(Message::new(key).arg("file", *file).arg("pages", runs(pages)).arg("s", plural(pages.len())));
            }
        }
        if !shifted.is_empty() {
            ctx.say(
                Message::new("diff.shifted")
                    .arg("file", *file)
                    .arg("pages", runs(&shifted))
                    .arg("from", runs(&from))
                    .arg("s", plural(shifted.len())),
            );
        }
        if !d.removed.is_empty() {
            ctx.say(
                Message::new("diff.removed")
                    .arg("file", *file)
                    .arg("pages", runs(&d.removed))
                    .arg("s", plural(d.removed.len())),
            );
        }
    }
    for file in &r.gone {
        ctx.say(Message::new("diff.gone").arg("file", *file));
    }
    let sheet_path = new.join(sasshi::jobsheet::FILE_NAME);
    let mut sheet = std::fs::read_to_string(&sheet_path).unwrap_or_default();
    if let Some(at) = sheet.find(sasshi::jobsheet::REPLACEMENTS_HEADING) {
        sheet.truncate(at);
    }
    if !sheet.is_empty() && !sheet.ends_with("\n\n") {
        sheet.push('\n');
    }
    sheet.push_str(&r.sheet);
    let mut writes: Vec<(PathBuf, &[u8])> = r.pdfs.iter().map(|f| (new.join(&f.name), f.bytes.as_slice())).collect();
    writes.push((sheet_path.clone(), sheet.as_bytes()));
    if let Err(e) = sasshi::outputs::write_set(&writes) {
        write_refused(&e, ctx);
        return report::problems();
    }
    // A replacement file of an earlier comparison that this one did not write
    // again is removed, so that none is sent by mistake.
    if let Ok(entries) = std::fs::read_dir(new) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if sasshi::is_replacement_file(&name) && !r.pdfs.iter().any(|f| f.name == name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    for f in &r.pdfs {
        ctx.say(
            Message::new("diff.written")
                .arg("path", new.join(&f.name).display().to_string())
                .arg("pages", f.pages.to_string())
                .arg("s", plural(f.pages)),
        );
    }
    if r.pdfs.is_empty() && r.gone.is_empty() {
        ctx.say(Message::new("diff.nothing"));
    }
    ExitCode::SUCCESS
}
