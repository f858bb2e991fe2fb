//! `sasshi fonts`: the characters of an edition that the bundled fonts cannot
//! draw, found by the same render as `build`.

use super::{Ctx, report};
use sasshi::diag::{Message, Severity};
use std::path::Path;
use std::process::ExitCode;

/// The missing glyphs only; any other error is printed and fails the command.
pub fn fonts(dir: &Path, ctx: &Ctx) -> ExitCode {
    let out = sasshi::render(dir, &ctx.options);
    let missing: Vec<_> = out.diags.items.iter().filter(|d| d.message.key == "layout.missing_glyph").cloned().collect();
    let other_errors =
        out.diags.items.iter().any(|d| d.severity == Severity::Error && d.message.key != "layout.missing_glyph");
    if other_errors {
        report::diagnostics(&out.diags, &out.sources, ctx);
        return report::problems();
    }
    let shown = sasshi::diag::Diagnostics { items: missing.clone() };
    report::diagnostics(&shown, &out.sources, ctx);
    if missing.is_empty() {
        ctx.say(Message::new("cli.fonts_ok").arg("edition", dir.display().to_string()));
        ExitCode::SUCCESS
    } else {
        report::problems()
    }
}
