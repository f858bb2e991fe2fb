//! `sasshi new TO --from FROM`: start an edition from an old one
//! ([`sasshi::new_edition`]) and say what staff do next.

use super::{Ctx, ENTRIES, edition_dir, report};
use sasshi::diag::Message;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The new edition folder from FROM (an edition name or folder); its path and
/// the checklist are printed whatever `--quiet` says.
pub fn new_edition(edition: &Path, from: PathBuf, ctx: &Ctx) -> ExitCode {
    let from = match edition_dir(Some(from), ctx) {
        Ok(d) => d,
        Err(c) => return c,
    };
    match sasshi::new_edition(edition, &from, Path::new(ENTRIES)) {
        Ok(dir) => {
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            // Printed whatever --quiet says: it is what staff do next.
            out!(
                "{}",
                Message::new("cli.new_done")
                    .arg("edition", dir.display().to_string())
                    .arg("from", from.display().to_string())
                    .render(&ctx.lang)
            );
            out!("{}", Message::new("cli.new_checklist").arg("name", name).render(&ctx.lang));
            ExitCode::SUCCESS
        }
        Err(e) => {
            ctx.err(Message::new("cli.new_failed").arg("detail", e));
            report::problems()
        }
    }
}
