//! `sasshi import FILE [--into EDITION]`: winner files from a Word
//! application form or an Excel list of winners ([`sasshi::import`]); what
//! could not be mapped listed with its place; the files written all or nothing
//! ([`sasshi::outputs::write_set`]), never over an existing file; then the
//! next step.

use super::{Ctx, edition_dir, report};
use sasshi::diag::{Diagnostic, Diagnostics, Message, SourceMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn import(file: &Path, into: Option<PathBuf>, ctx: &Ctx) -> ExitCode {
    let dir = match edition_dir(into, ctx) {
        Ok(d) => d,
        Err(c) => return c,
    };
    let shown = file.display().to_string();
    let print = |notes: &[sasshi::import::Note]| {
        let mut diags = Diagnostics::default();
        for n in notes {
            let place = n.place.render(&ctx.lang);
            let mut d = if n.error {
                Diagnostic::error(None, place, n.message.clone())
            } else {
                Diagnostic::warning(None, place, n.message.clone())
            }
            .in_file(shown.clone());
            if let Some(h) = &n.hint {
                d = d.with_hint((**h).clone());
            }
            diags.push(d);
        }
        report::diagnostics(&diags, &SourceMap::default(), ctx);
    };
    let plan = match sasshi::import::import(file, &dir) {
        Ok(plan) => plan,
        Err(notes) => {
            print(&notes);
            ctx.err(Message::new("import.nothing_written"));
            return report::problems();
        }
    };
    print(&plan.notes);
    // Never over an existing file: the names were chosen free, and are checked
    // again just before writing.
    if let Some((path, _)) = plan.files.iter().find(|(p, _)| std::fs::symlink_metadata(p).is_ok()) {
        ctx.err(Message::new("import.exists").arg("path", path.display().to_string()));
        ctx.err(Message::new("import.nothing_written"));
        return report::problems();
    }
    let files: Vec<(PathBuf, &[u8])> = plan.files.iter().map(|(p, b)| (p.clone(), b.as_slice())).collect();
    if let Err(e) = sasshi::outputs::write_set(&files) {
        report::write_refused(&e, ctx);
        return report::problems();
    }
    // Printed whatever --quiet says: what was written and what staff do next.
    for (path, _) in &plan.files {
        let key = if plan.winners.contains(path) { "import.wrote" } else { "import.wrote_image" };
        out!("{}", Message::new(key).arg("path", path.display().to_string()).render(&ctx.lang));
    }
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    out!(
        "{}",
        Message::new("import.next")
            .arg("count", plan.winners.len().to_string())
            .arg("edition", name)
            .arg("warnings", plan.notes.len().to_string())
            .render(&ctx.lang)
    );
    ExitCode::SUCCESS
}
