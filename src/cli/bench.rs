//! `sasshi bench`: composition timed in-process, whole-process builds of the
//! edition as it is and scaled (optionally alternating with another command),
//! and rebuilds with a rebuild state ([`sasshi::bench`]).

use super::{Ctx, report};
use sasshi::diag::Message;
use std::path::Path;
use std::process::ExitCode;

/// Time the edition and print one row per measurement.
pub fn bench(dir: &Path, runs: usize, scale: usize, vs: [Option<String>; 2], ctx: &Ctx) -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            ctx.err(Message::new("cli.internal").arg("detail", e.to_string()));
            return report::internal();
        }
    };
    let checked = sasshi::check(dir, &ctx.options);
    let Some(loaded) = checked.result else {
        report::diagnostics(&checked.diags, &checked.sources, ctx);
        return report::problems();
    };
    let layout = ctx
        .options
        .layout
        .clone()
        .unwrap_or_else(|| sasshi::layouts_dir_for(dir).join(format!("{}.toml", loaded.edition.layout.value)));
    let (compose, paragraphs, chars) = sasshi::bench::time_compose(&loaded, runs.max(1) * 2);
    out!(
        "{}",
        Message::new("cli.bench_compose")
            .arg("paragraphs", paragraphs.to_string())
            .arg("chars", chars.to_string())
            .arg("median", format!("{:.1}", compose.median() * 1000.0))
            .arg("min", format!("{:.1}", compose.min() * 1000.0))
            .render(&ctx.lang)
    );
    let tmp = std::env::temp_dir().join(format!("sasshi-bench-{}", std::process::id()));
    let mut pairs = Vec::new();
    let result = (|| -> std::io::Result<Vec<sasshi::bench::Timing>> {
        let scaled = sasshi::bench::scaled_edition(dir, &tmp, scale)?;
        let out = tmp.join("out");
        let many_label = format!("{scale}×");
        let mut timings = Vec::new();
        for (edition, label, other) in [(dir, "1×", &vs[0]), (scaled.as_path(), many_label.as_str(), &vs[1])] {
            match other {
                // Alternating runs, so that both see the same machine.
                Some(command) => {
                    let (ours, theirs) =
                        sasshi::bench::time_alternately(&exe, edition, Some(&layout), &out, command, runs, label)?;
                    pairs.push((ours.clone(), theirs));
                    timings.push(ours);
                }
                None => timings.push(sasshi::bench::time_builds(&exe, edition, Some(&layout), &out, runs, label)?),
            }
        }
        let options = sasshi::Options { layout: Some(layout.clone()), ..ctx.options.clone() };
        timings.push(sasshi::bench::time_rebuilds(dir, &tmp, &options, runs.max(1) * 2)?);
        Ok(timings)
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    match result {
        Ok(timings) => {
            for t in timings {
                out!(
                    "{}",
                    Message::new("cli.bench_row")
                        .arg("label", t.label.clone())
                        .arg("runs", t.runs.len().to_string())
                        .arg("median", format!("{:.3}", t.median()))
                        .arg("min", format!("{:.3}", t.min()))
                        .arg("max", format!("{:.3}", t.max()))
                        .render(&ctx.lang)
                );
            }
            for (ours, theirs) in &pairs {
                out!(
                    "{}",
                    Message::new("cli.bench_vs")
                        .arg("label", ours.label.clone())
                        .arg("command", theirs.label.clone())
                        .arg("runs", ours.runs.len().to_string())
                        .arg("ours", format!("{:.3}", ours.median()))
                        .arg("theirs", format!("{:.3}", theirs.median()))
                        .arg("ratio", format!("{:.2}", ours.median() / theirs.median().max(1e-9)))
                        .render(&ctx.lang)
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            ctx.err(Message::new("cli.internal").arg("detail", e.to_string()));
            report::internal()
        }
    }
}
