//! `sasshi layout upgrade FILE`: a layout written in an older format rewritten in
//! the current one ([`sasshi::model::layout::upgrade`]), its comments kept. It
//! prints what a build would note (each old field and what replaced it), checks
//! that the result reads as a layout, and replaces the file whole or not at all
//! ([`sasshi::outputs::write_set`]). A field that cannot be translated one way
//! is an error at its line and nothing is written.

use super::{Ctx, report};
use sasshi::diag::{Diagnostic, Diagnostics, Message, SourceFile, SourceMap, shown_path};
use sasshi::model::layout::{Layout, current_format, upgrade::CURRENT};
use std::path::Path;
use std::process::ExitCode;

pub fn upgrade(file: &Path, ctx: &Ctx) -> ExitCode {
    let shown = shown_path(file, Path::new("."));
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            ctx.err(Message::new("verify.unreadable").arg("detail", format!("{}: {e}", file.display())));
            return report::problems();
        }
    };
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let id = sources.add(SourceFile::new(shown.clone(), file.to_path_buf(), text.clone()));
    let from = sasshi::model::layout::upgrade::format_of(&text).ok().flatten().map(|(n, _)| n);
    let upgraded = current_format(id, &mut sources, &mut diags);
    // The result must read as a layout before it replaces the file.
    if let Some((new_id, new_text)) = &upgraded
        && *new_id != id
        && let Err(e) = toml::from_str::<Layout>(new_text)
    {
        diags.push(Diagnostic::error(
            None,
            "",
            Message::new("layout.syntax").arg("detail", e.message().trim().to_string()),
        ));
    }
    diags.sort(&sources);
    if !ctx.quiet || diags.has_errors() {
        report::diagnostics(&diags, &sources, ctx);
    }
    match upgraded {
        Some((new_id, _)) if new_id == id => {
            ctx.say(Message::new("layout_format.current").arg("file", shown).arg("current", CURRENT.to_string()));
            ExitCode::SUCCESS
        }
        Some((_, new_text)) if !diags.has_errors() => {
            match sasshi::outputs::write_set_unlocked(&[(file.to_path_buf(), new_text.as_bytes())]) {
                Ok(()) => {
                    ctx.say(
                        Message::new("layout_format.upgraded")
                            .arg("file", shown)
                            .arg("format", from.unwrap_or(1).to_string())
                            .arg("current", CURRENT.to_string()),
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    report::write_refused(&e, ctx);
                    report::problems()
                }
            }
        }
        _ => {
            ctx.err(Message::new("layout_format.not_written").arg("file", shown));
            report::problems()
        }
    }
}
