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
        Err(sasshi::NewError::Exists(path)) => {
            ctx.err(Message::new("paste.new_exists").arg("path", path.display().to_string()));
            report::problems()
        }
        Err(sasshi::NewError::Unreadable(path, e)) => {
            let key = if e.kind() == std::io::ErrorKind::NotFound {
                "paste.new_from_missing"
            } else {
                "paste.new_unreadable"
            };
            ctx.err(Message::new(key).arg("path", path.display().to_string()).arg("detail", e.to_string()));
            report::problems()
        }
        Err(sasshi::NewError::Write(e)) => {
            report::write_refused(&e, ctx);
            report::problems()
        }
    }
}
