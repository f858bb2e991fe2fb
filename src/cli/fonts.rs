//! `sasshi fonts`: which bundled face draws which characters of an edition,
//! and the characters none can draw, found by the same render as `build`.
//!
//! The faces are counted from the frames of every document the layout makes,
//! each glyph by the face it is drawn with (`font::resolve`: a glyph of the
//! names face IPAmj明朝 counts there, whatever face its line is set in); the
//! characters the names face draws are listed, since they are the ones the
//! office checks against the registers.

use super::{Ctx, report};
use sasshi::diag::{Message, Severity};
use sasshi::font::{FontBook, FontId, resolve};
use sasshi::frame::Item;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

/// The faces used and the missing glyphs; any other error is printed and fails
/// the command.
pub fn fonts(dir: &Path, ctx: &Ctx) -> ExitCode {
    let out = sasshi::render(dir, &ctx.options);
    let missing: Vec<_> = out.diags.items.iter().filter(|d| d.message.key == "layout.missing_glyph").cloned().collect();
    let other_errors =
        out.diags.items.iter().any(|d| d.severity == Severity::Error && d.message.key != "layout.missing_glyph");
    if other_errors {
        report::diagnostics(&out.diags, &out.sources, ctx);
        return report::problems();
    }
    if let Some(r) = &out.result {
        let mut faces: BTreeMap<FontId, BTreeSet<String>> = BTreeMap::new();
        for doc in &r.documents {
            for item in doc.frames.pages.iter().flat_map(|p| &p.items) {
                let glyphs: Vec<(FontId, u16, &str)> = match item {
                    Item::Text(t) => t.glyphs.iter().map(|g| (t.font, g.id, g.text.as_str())).collect(),
                    Item::Vertical(v) => v.glyphs.iter().map(|g| (v.font, g.id, g.text.as_str())).collect(),
                    _ => continue,
                };
                for (font, gid, text) in glyphs {
                    if gid != 0 && !text.trim().is_empty() {
                        faces.entry(resolve(font, gid).0).or_default().insert(text.to_string());
                    }
                }
            }
        }
        for (face, texts) in &faces {
            let name = FontBook::get().face(*face).postscript_name.clone();
            ctx.say(Message::new("names.fonts_face").arg("face", name.clone()).arg("count", texts.len().to_string()));
            if *face == FontId::Names {
                let chars: Vec<String> =
                    texts.iter().map(|t| format!("{t} (U+{:04X})", t.chars().next().map_or(0, u32::from))).collect();
                ctx.say(Message::new("names.fonts_names").arg("face", name).arg("chars", chars.join(", ")));
            }
        }
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
