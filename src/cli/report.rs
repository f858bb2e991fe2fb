//! What the commands print the same way — diagnostics, refused or failed
//! writes, the stage timings, the English plural — and the exit codes: 0 ok,
//! 1 problems in the input (or a PDF that fails verification, or a write that
//! failed), 2 usage, 3 internal error.

use super::Ctx;
use sasshi::diag::{Diagnostics, Message, SourceMap};
use std::path::Path;
use std::process::ExitCode;

/// Exit 1: problems in the input, a PDF that fails verification, a failed write.
pub fn problems() -> ExitCode {
    ExitCode::from(1)
}

/// Exit 2: a usage error clap does not catch (a bad `--standard`).
pub fn usage() -> ExitCode {
    ExitCode::from(2)
}

/// Exit 3: an internal error (a bug, a panic caught in `main`).
pub fn internal() -> ExitCode {
    ExitCode::from(3)
}

/// The diagnostics of a run, on stderr, in the reader's language.
pub fn diagnostics(diags: &Diagnostics, sources: &SourceMap, ctx: &Ctx) {
    eprint!("{}", diags.render(sources, &ctx.lang));
}

/// A failure of the machine rather than of the entries — a full disk, a folder
/// without write permission, an output path that is a file — said plainly.
pub fn write_failed(path: &Path, e: &std::io::Error) -> Message {
    use std::io::ErrorKind as K;
    if matches!(e.kind(), K::PermissionDenied) {
        // The output folder's lock file is ours, not the office's: the folder
        // is what cannot be written. A file that is there and cannot be
        // replaced is most often open in a PDF viewer (Windows locks it): name
        // that file, and say how to free it (issue #26).
        if path.file_name().is_some_and(|n| n == sasshi::outputs::LOCK_FILE) {
            let folder = path.parent().unwrap_or(path);
            return Message::new("cli.no_permission").arg("path", folder.display().to_string());
        }
        if path.is_file() {
            return Message::new("paste.file_locked").arg("path", path.display().to_string());
        }
    }
    let key = match e.kind() {
        K::StorageFull | K::QuotaExceeded => "cli.disk_full",
        K::PermissionDenied | K::ReadOnlyFilesystem => "cli.no_permission",
        K::NotADirectory | K::AlreadyExists | K::IsADirectory => "cli.not_a_folder",
        _ => "cli.write_error",
    };
    Message::new(key).arg("path", path.display().to_string()).arg("detail", e.to_string())
}

/// What a refused or failed write of a set of files says: the file or folder
/// at fault, and then only what is true of the previous files — untouched
/// (the usual case: the set is replaced whole or not at all), or which files
/// already hold the new version when putting them back failed too.
pub fn write_refused(e: &sasshi::outputs::WriteError, ctx: &Ctx) {
    use sasshi::outputs::WriteError as E;
    match e {
        E::IsFolder(path) => ctx.err(Message::new("outputs.is_folder").arg("path", path.display().to_string())),
        E::Busy(dir) => ctx.err(Message::new("outputs.busy").arg("path", dir.display().to_string())),
        E::Io { path, error, replaced } => {
            ctx.err(write_failed(path, error));
            if replaced.is_empty() {
                ctx.err(Message::new("outputs.untouched"));
            } else {
                let files: Vec<String> = replaced.iter().map(|p| p.display().to_string()).collect();
                ctx.err(Message::new("outputs.partly").arg("files", files.join(", ")));
            }
        }
    }
}

pub fn print_timings(t: &sasshi::Timings, write: f64, ctx: &Ctx) {
    let ms = |s: f64| format!("{:.1}", s * 1000.0);
    let rows = [
        ("cli.t_load", t.load),
        ("cli.t_compose", t.compose),
        ("cli.t_ledger", t.ledger),
        ("cli.t_paginate", t.paginate),
        ("cli.t_subset", t.subset),
        ("cli.t_assembly", t.assembly),
        ("cli.t_compress", t.compress),
        ("cli.t_serialize", t.serialize),
        ("cli.t_pdf_wall", t.pdf_wall),
        ("cli.t_write", write),
    ];
    // Pad by display width: a Japanese character takes two columns.
    let width = |s: &str| s.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum::<usize>();
    for (key, secs) in rows {
        let label = Message::new(key).render(&ctx.lang);
        let pad = " ".repeat(30usize.saturating_sub(width(&label)));
        out!("  {label}{pad} {:>8} ms", ms(secs));
    }
}

/// The English plural ending for a count of pages ("1 page", "2 pages"); the
/// Japanese messages do not use it.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF that cannot be replaced (open in a viewer, read-only) is named
    /// itself, with what to do; the lock file is never named, its folder is.
    #[test]
    fn a_locked_output_names_the_file_and_a_locked_folder_names_the_folder() {
        let dir = std::env::temp_dir().join(format!("sasshi-locked-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = dir.join("booklet.pdf");
        std::fs::write(&pdf, b"%PDF").unwrap();
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let m = write_failed(&pdf, &denied);
        assert_eq!(m.key, "paste.file_locked");
        assert!(m.render("ja").contains(&pdf.display().to_string()), "{}", m.render("ja"));
        let m = write_failed(&dir.join(sasshi::outputs::LOCK_FILE), &denied);
        assert_eq!(m.key, "cli.no_permission");
        assert_eq!(
            m.render("en"),
            Message::new("cli.no_permission").arg("path", dir.display().to_string()).render("en")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
