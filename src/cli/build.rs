//! `sasshi build` (one edition, or `--all` in parallel) and `sasshi check`,
//! which runs the same render and writes nothing: nothing passes `check` and
//! fails `build`. Writing an edition's outputs, all or nothing, and the line
//! per file that says so are here too (`watch` builds through [`build`]).

use super::report::{self, plural, print_timings, write_failed, write_refused};
use super::{Ctx, edition_dir};
use sasshi::diag::{Message, Severity};
use sasshi::model::layout::DocumentKind;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

pub fn check(edition: Option<PathBuf>, ctx: &Ctx) -> ExitCode {
    let dir = match edition_dir(edition, ctx) {
        Ok(d) => d,
        Err(c) => return c,
    };
    // The same path as `build` — load, lay out, write the PDFs in memory — and
    // only the files are not written: nothing passes `check` and fails `build`.
    let out = sasshi::render(&dir, &ctx.options);
    report::diagnostics(&out.diags, &out.sources, ctx);
    match out.result {
        Some(r) if !out.diags.has_errors() => {
            let warnings = out.diags.items.iter().filter(|d| d.severity == Severity::Warning).count();
            let key = if warnings == 0 { "cli.check_ok" } else { "cli.check_warnings" };
            ctx.say(
                Message::new(key)
                    .arg("edition", r.name.clone())
                    .arg("winners", r.winners.to_string())
                    .arg("warnings", warnings.to_string()),
            );
            ExitCode::SUCCESS
        }
        _ => {
            ctx.err(Message::new("cli.check_failed"));
            report::problems()
        }
    }
}

/// Render one edition and write its PDFs; the report goes to stdout. `reuse`:
/// the state `watch` keeps between its rebuilds.
pub fn build(
    dir: &Path,
    ctx: &Ctx,
    timings: bool,
    par_starts: Option<&Path>,
    reuse: Option<&sasshi::Reuse>,
) -> ExitCode {
    let started = Instant::now();
    let out = sasshi::render_with(dir, &ctx.options, reuse);
    report::diagnostics(&out.diags, &out.sources, ctx);
    let Some(r) = out.result else {
        ctx.err(Message::new("cli.build_failed"));
        return report::problems();
    };
    match write_outputs(&r, ctx) {
        Ok(write_secs) => {
            if let Some(p) = par_starts
                && let Err(e) = std::fs::write(p, r.frames(DocumentKind::Booklet).paragraph_starts())
            {
                ctx.err(write_failed(p, &e));
                return report::problems();
            }
            let warnings = out.diags.items.iter().filter(|d| d.severity == Severity::Warning).count();
            ctx.say(
                Message::new("cli.built_in")
                    .arg("seconds", format!("{:.2}", started.elapsed().as_secs_f64()))
                    .arg("warnings", warnings.to_string()),
            );
            if timings {
                print_timings(&r.timings, write_secs, ctx);
            }
            // A one-off build ends the process now: its frames, fonts and
            // PDFs (tens of megabytes in many small allocations) are left to
            // the operating system rather than freed one by one. `watch`
            // (with `reuse`) goes on and frees them.
            if reuse.is_none() {
                std::mem::forget(r);
                std::mem::forget(out.sources);
            }
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// Write the PDFs and the job sheet, all or nothing, and print one line per file.
pub fn write_outputs(r: &sasshi::Rendered, ctx: &Ctx) -> Result<f64, ExitCode> {
    let clock = Instant::now();
    let dir = ctx.out.join(&r.name);
    // Every file or none: a failure halfway leaves the previous set as it was.
    let sheet = dir.join(sasshi::jobsheet::FILE_NAME);
    let mut files: Vec<(PathBuf, &[u8])> =
        r.documents.iter().map(|d| (dir.join(d.file_name()), d.bytes.as_slice())).collect();
    files.push((sheet.clone(), r.job_sheet.as_bytes()));
    let archive_stale = archive_goes_stale(&dir, r);
    if let Err(e) = sasshi::outputs::write_set(&files) {
        write_refused(&e, ctx);
        return Err(report::problems());
    }
    for stale in stale_outputs(&dir, r, archive_stale) {
        if std::fs::remove_file(&stale).is_ok() {
            ctx.say(Message::new("print.removed_stale").arg("file", stale.display().to_string()));
        }
    }
    for d in &r.documents {
        let file = dir.join(d.file_name()).display().to_string();
        let size = format!("{:.0}", d.bytes.len() as f64 / 1024.0);
        let pages = d.frames.pages.len();
        let msg = if d.kind == DocumentKind::Cover {
            Message::new("cli.built_cover")
                .arg("file", file)
                .arg("spine", format!("{:.2}", r.spine.to_mm()))
                .arg("kb", size)
        } else {
            Message::new("cli.built")
                .arg("file", file)
                .arg("pages", pages.to_string())
                .arg("s", plural(pages))
                .arg("kb", size)
        };
        ctx.say(msg);
    }
    ctx.say(Message::new("cli.built_sheet").arg("file", sheet.display().to_string()));
    Ok(clock.elapsed().as_secs_f64())
}

/// Whether the archive copy beside the outputs no longer matches them: it was
/// made (by `sasshi archive`) from the booklet that is there, and the new
/// booklet differs from it. A rebuild of the same inputs keeps it.
fn archive_goes_stale(dir: &Path, r: &sasshi::Rendered) -> bool {
    let archived = dir.join(sasshi::archive::file_name(&r.name));
    if !archived.is_file() {
        return false;
    }
    let new = r.documents.iter().find(|d| d.kind == DocumentKind::Booklet).map(|d| d.bytes.as_slice());
    std::fs::read(dir.join(DocumentKind::Booklet.file_name())).ok().as_deref() != new
}

/// What an earlier run left in the edition's folder that this build does not
/// make and that no longer belongs to it (issue #27):
/// - a document the layout no longer asks for (any recipe's file, e.g.
///   programme.pdf, not made by this build);
/// - the replacement files (差し替え.pdf, 差し替え-*.pdf): `sasshi diff` wrote
///   them against the previous build, and only the job sheet this build has just
///   replaced listed them;
/// - the archive copy when it goes stale ([`archive_goes_stale`]): it belongs
///   to `sasshi archive`, which makes it again from these inputs; kept when the
///   booklet is unchanged.
fn stale_outputs(dir: &Path, r: &sasshi::Rendered, archive_stale: bool) -> Vec<PathBuf> {
    let made = |name: &str| r.documents.iter().any(|d| d.file_name() == name);
    let mut stale: Vec<PathBuf> = DocumentKind::all()
        .map(DocumentKind::file_name)
        .filter(|name| !made(name))
        .map(|name| dir.join(name))
        .filter(|p| p.is_file())
        .collect();
    let mut replacements: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| sasshi::is_replacement_file(&e.file_name().to_string_lossy()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    replacements.sort();
    stale.extend(replacements);
    if archive_stale {
        stale.push(dir.join(sasshi::archive::file_name(&r.name)));
    }
    stale
}

/// Every edition in entries/, rendered in parallel; one report per edition, in order.
pub fn build_all(ctx: &Ctx, timings: bool) -> ExitCode {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("entries")
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join("edition.toml").is_file()).collect())
        .unwrap_or_default();
    dirs.sort();
    if dirs.is_empty() {
        ctx.err(Message::new("cli.no_edition"));
        return report::problems();
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(dirs.len());
    let progress = std::io::stderr().is_terminal() && !ctx.quiet;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<sasshi::Outcome<sasshi::Rendered>>> = (0..dirs.len()).map(|_| None).collect();
    let slots = std::sync::Mutex::new(&mut results);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(dir) = dirs.get(i) else { break };
                    let outcome = sasshi::render(dir, &ctx.options);
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    if progress {
                        eprint!(
                            "\r[{}{}] {n}/{}",
                            "#".repeat(n * 20 / dirs.len()),
                            " ".repeat(20 - n * 20 / dirs.len()),
                            dirs.len()
                        );
                    }
                    if let Ok(mut slots) = slots.lock() {
                        slots[i] = Some(outcome);
                    }
                }
            });
        }
    });
    if progress {
        eprintln!();
    }
    let mut code = ExitCode::SUCCESS;
    for (dir, outcome) in dirs.iter().zip(results) {
        let Some(out) = outcome else { continue };
        ctx.say(Message::new("cli.edition_header").arg("edition", dir.display().to_string()));
        report::diagnostics(&out.diags, &out.sources, ctx);
        match &out.result {
            Some(r) => match write_outputs(r, ctx) {
                Ok(write_secs) => {
                    if timings {
                        print_timings(&r.timings, write_secs, ctx);
                    }
                }
                Err(c) => code = c,
            },
            None => {
                ctx.err(Message::new("cli.build_failed"));
                code = report::problems();
            }
        }
    }
    code
}
