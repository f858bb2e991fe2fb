//! `sasshi verify`: preflight of PDF files ([`sasshi::pdf::verify`]), one
//! line per problem, exit 1 when any file has one.

use super::{Ctx, report};
use sasshi::diag::Message;
use std::path::PathBuf;
use std::process::ExitCode;

/// Preflight each file; an unreadable one is a problem too.
pub fn verify(files: &[PathBuf], multiple: usize, ctx: &Ctx) -> ExitCode {
    let mut code = ExitCode::SUCCESS;
    for f in files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                ctx.err(Message::new("verify.unreadable").arg("detail", format!("{}: {e}", f.display())));
                code = report::problems();
                continue;
            }
        };
        let (summary, problems) = sasshi::pdf::verify::verify(&bytes, multiple);
        for p in &problems {
            eprintln!("{}: {}", f.display(), Message::new(p.key).arg("detail", p.detail.clone()).render(&ctx.lang));
        }
        if problems.is_empty() {
            ctx.say(
                Message::new("verify.ok")
                    .arg("file", f.display().to_string())
                    .arg("pages", summary.pages.to_string())
                    .arg("fonts", summary.fonts.join(", ")),
            );
        } else {
            code = report::problems();
        }
    }
    code
}
