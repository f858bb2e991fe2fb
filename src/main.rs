//! The sasshi command: parse arguments, call the library, print diagnostics and
//! reports, set the exit code — 0 ok, 1 problems in the input (or a PDF that fails
//! verification), 2 usage, 3 internal error. No layout happens here.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use sasshi::diag::{Message, Severity};
use sasshi::model::layout::DocumentKind;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "sasshi", version, about = "冊子: award entries → print-ready PDF booklets")]
struct Cli {
    /// Language of messages: ja or en (default: from LC_ALL / LANG).
    #[arg(long, global = true)]
    lang: Option<String>,
    /// Output folder.
    #[arg(long, global = true, default_value = "out")]
    out: PathBuf,
    /// Use this layout instead of the edition's: a name in layouts/ or a .toml file.
    #[arg(long, global = true)]
    layout: Option<PathBuf>,
    /// Print only problems.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build booklet.pdf, cover.pdf and programme.pdf of an edition (default: the newest in entries/).
    Build {
        edition: Option<PathBuf>,
        /// Rebuild every edition in entries/, in parallel.
        #[arg(long, conflicts_with = "edition")]
        all: bool,
        /// Print the time spent in each stage.
        #[arg(long)]
        timings: bool,
        /// Proof copies: problems outlined in magenta on the pages, no crop marks.
        #[arg(long)]
        proof: bool,
        /// The PDF standard instead of the layout's: x4, x1a, a2u or x4+a2u.
        #[arg(long, value_name = "STANDARD")]
        standard: Option<String>,
        /// Also write the first characters of every paragraph, one per line (for
        /// kinsoku_check.py --par-starts).
        #[arg(long, value_name = "FILE")]
        par_starts: Option<PathBuf>,
    },
    /// Check an edition's entries without building.
    Check { edition: Option<PathBuf> },
    /// Rebuild an edition's PDFs on every save of its files (or its layout); a
    /// broken edit keeps the last good PDFs and prints its problems.
    Watch {
        edition: Option<PathBuf>,
        /// Proof copies: problems outlined in magenta on the pages, no crop marks.
        #[arg(long)]
        proof: bool,
    },
    /// Preflight PDFs: boxes, embedded subset fonts with ToUnicode, no RGB, /ID.
    Verify {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The binding's page multiple (無線綴じ 2, 中綴じ 4; 1 for a cover spread).
        #[arg(long, default_value_t = 2)]
        multiple: usize,
    },
    /// Compare the PDFs of two build folders; write the changed pages to 差し替え.pdf.
    Diff {
        /// The build folder last delivered to the printer.
        old: PathBuf,
        /// The new build folder (差し替え.pdf and the job sheet's section go here).
        new: PathBuf,
    },
    /// Write the archive copy: the booklet as PDF/A-3u with its sources attached.
    Archive { edition: Option<PathBuf> },
    /// Rebuild the PDFs an archive copy records, from that file alone, and compare them.
    Rebuild { file: PathBuf },
    /// Start a new edition from an old one: the edition file with the next number,
    /// no date, no winners.
    New {
        edition: PathBuf,
        #[arg(long)]
        from: PathBuf,
    },
    /// List the characters of an edition that the bundled fonts cannot draw.
    Fonts { edition: Option<PathBuf> },
    /// Time whole-process builds: the edition as it is and with its winners repeated.
    Bench {
        edition: Option<PathBuf>,
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// How many times each winner appears in the scaled edition.
        #[arg(long, default_value_t = 10)]
        scale: usize,
        /// Another command (a shell command line) timed alternately with the 1× build.
        #[arg(long, value_name = "COMMAND")]
        vs: Option<String>,
        /// Another command timed alternately with the scaled build.
        #[arg(long, value_name = "COMMAND")]
        vs_scaled: Option<String>,
    },
}

/// Print a line on stdout; a closed pipe (`sasshi build | head`) is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

fn lang(arg: Option<&str>) -> String {
    let from_env = || {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default()
    };
    let l = arg.map(str::to_string).unwrap_or_else(from_env);
    if l.starts_with("ja") { "ja".into() } else { "en".into() }
}

struct Ctx {
    lang: String,
    options: sasshi::Options,
    out: PathBuf,
    quiet: bool,
}

impl Ctx {
    fn say(&self, m: Message) {
        if !self.quiet {
            out!("{}", m.render(&self.lang));
        }
    }
    fn err(&self, m: Message) {
        eprintln!("{}", m.render(&self.lang));
    }
}

/// The editions folder: `entries/` in the working directory.
const ENTRIES: &str = "entries";

/// The edition a command works on: a name in entries/ (`2007-08`) or a folder;
/// without one, the newest in entries/.
fn edition_dir(arg: Option<PathBuf>, ctx: &Ctx) -> Result<PathBuf, ExitCode> {
    let entries = Path::new(ENTRIES);
    match arg {
        Some(a) => sasshi::resolve_edition(&a, entries).map_err(|known| {
            let known = if known.is_empty() { "—".to_string() } else { known.join(", ") };
            ctx.err(Message::new("cli.edition_not_found").arg("edition", a.display().to_string()).arg("known", known));
            ExitCode::from(1)
        }),
        None => sasshi::newest_edition(entries).ok_or_else(|| {
            ctx.err(Message::new("cli.no_edition"));
            ExitCode::from(1)
        }),
    }
}

/// The command-line interface with its help in `lang`: clap's own headings and
/// every command's and option's text from the locales (`help.*`), so that
/// `sasshi --help` under a Japanese locale is Japanese.
fn localized_command(lang: &str) -> clap::Command {
    let t = |key: &'static str| Message::new(key).render(lang);
    let template = |with_commands: bool| {
        let mut s = format!("{{about-with-newline}}\n{} {{usage}}\n", t("help.usage"));
        if with_commands {
            s.push_str(&format!("\n{}\n{{subcommands}}\n", t("help.commands")));
        }
        if with_commands {
            s.push_str(&format!("\n{}\n{{options}}\n", t("help.options")));
        } else {
            s.push_str(&format!("\n{}\n{{positionals}}\n{{options}}\n", t("help.arguments")));
        }
        s
    };
    let help_arg = |cmd: clap::Command, lang_text: String| {
        cmd.disable_help_flag(true).arg(
            clap::Arg::new("help").short('h').long("help").action(clap::ArgAction::Help).help(lang_text).global(true),
        )
    };
    let mut cmd = Cli::command()
        .about(t("help.about"))
        .help_template(template(true))
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(t("help.version")),
        );
    cmd = help_arg(cmd, t("help.help"));
    for (id, key) in [("lang", "help.lang"), ("out", "help.out"), ("layout", "help.layout"), ("quiet", "help.quiet")] {
        // Defaults are said in the text, in the reader's language.
        cmd = cmd.mut_arg(id, |a| said_default(a.help(t(key))));
    }
    /// A subcommand, the locale key of its text, and its arguments' keys.
    type SubcommandHelp = (&'static str, &'static str, &'static [(&'static str, &'static str)]);
    let subcommands: &[SubcommandHelp] = &[
        (
            "build",
            "help.build",
            &[
                ("edition", "help.edition"),
                ("all", "help.build_all"),
                ("timings", "help.build_timings"),
                ("proof", "help.build_proof"),
                ("standard", "help.build_standard"),
                ("par_starts", "help.build_par_starts"),
            ],
        ),
        ("check", "help.check", &[("edition", "help.edition")]),
        ("watch", "help.watch", &[("edition", "help.edition"), ("proof", "help.build_proof")]),
        ("verify", "help.verify", &[("files", "help.verify_files"), ("multiple", "help.verify_multiple")]),
        ("diff", "help.diff", &[("old", "help.diff_old"), ("new", "help.diff_new")]),
        ("archive", "help.archive", &[("edition", "help.edition")]),
        ("rebuild", "help.rebuild", &[("file", "help.rebuild_file")]),
        ("new", "help.new", &[("edition", "help.new_edition"), ("from", "help.new_from")]),
        ("fonts", "help.fonts", &[("edition", "help.edition")]),
        (
            "bench",
            "help.bench",
            &[
                ("edition", "help.edition"),
                ("runs", "help.bench_runs"),
                ("scale", "help.bench_scale"),
                ("vs", "help.bench_vs"),
                ("vs_scaled", "help.bench_vs_scaled"),
            ],
        ),
    ];
    for (name, about, args) in subcommands {
        cmd = cmd.mut_subcommand(*name, |mut sub| {
            sub = sub.about(t(about)).help_template(template(false));
            for (id, key) in *args {
                sub = sub.mut_arg(*id, |a| said_default(a.help(t(key))));
            }
            sub
        });
    }
    cmd
}

/// An option's default is in its help text, in the reader's language, not in
/// clap's English "[default: …]".
fn said_default(a: clap::Arg) -> clap::Arg {
    if a.get_action().takes_values() { a.hide_default_value(true) } else { a }
}

fn main() -> ExitCode {
    // The language is known before the arguments are parsed, so that --help and
    // usage errors speak it too.
    let raw: Vec<String> = std::env::args().collect();
    let lang_arg = raw
        .iter()
        .position(|a| a == "--lang")
        .and_then(|i| raw.get(i + 1))
        .cloned()
        .or_else(|| raw.iter().find_map(|a| a.strip_prefix("--lang=").map(str::to_string)));
    let cli = match Cli::from_arg_matches_mut(&mut localized_command(&lang(lang_arg.as_deref())).get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let ctx = Ctx {
        lang: lang(cli.lang.as_deref()),
        options: sasshi::Options { layout: cli.layout.clone(), proof: false, standard: None },
        out: cli.out.clone(),
        quiet: cli.quiet,
    };
    // A bug must never show staff a panic and a backtrace: one line, exit 3.
    let lang = ctx.lang.clone();
    std::panic::set_hook(Box::new(move |info| {
        let detail = info.to_string().lines().next().unwrap_or_default().to_string();
        eprintln!("{}", Message::new("cli.internal").arg("detail", detail).render(&lang));
    }));
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli.command, ctx))) {
        Ok(code) => code,
        Err(_) => ExitCode::from(3),
    }
}

fn run(command: Command, mut ctx: Ctx) -> ExitCode {
    match command {
        Command::Check { edition } => check(edition, &ctx),
        Command::Watch { edition, proof } => {
            ctx.options.proof = proof;
            match edition_dir(edition, &ctx) {
                Ok(dir) => watch(&dir, &ctx),
                Err(c) => c,
            }
        }
        Command::Build { edition, all, timings, proof, standard, par_starts } => {
            ctx.options.proof = proof;
            if let Some(s) = &standard
                && sasshi::model::layout::Standard::parse(s).is_none()
            {
                ctx.err(Message::new("cli.bad_standard").arg("value", s.clone()));
                return ExitCode::from(2);
            }
            ctx.options.standard = standard;
            if all {
                build_all(&ctx, timings)
            } else {
                match edition_dir(edition, &ctx) {
                    Ok(dir) => build(&dir, &ctx, timings, par_starts.as_deref(), None),
                    Err(c) => c,
                }
            }
        }
        Command::Verify { files, multiple } => verify(&files, multiple, &ctx),
        Command::Diff { old, new } => diff(&old, &new, &ctx),
        Command::Archive { edition } => match edition_dir(edition, &ctx) {
            Ok(dir) => archive(&dir, &ctx),
            Err(c) => c,
        },
        Command::Rebuild { file } => rebuild(&file, &ctx),
        Command::New { edition, from } => {
            let from = match edition_dir(Some(from), &ctx) {
                Ok(d) => d,
                Err(c) => return c,
            };
            match sasshi::new_edition(&edition, &from, Path::new(ENTRIES)) {
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
                    ExitCode::from(1)
                }
            }
        }
        Command::Fonts { edition } => match edition_dir(edition, &ctx) {
            Ok(dir) => fonts(&dir, &ctx),
            Err(c) => c,
        },
        Command::Bench { edition, runs, scale, vs, vs_scaled } => match edition_dir(edition, &ctx) {
            Ok(dir) => bench(&dir, runs, scale, [vs, vs_scaled], &ctx),
            Err(c) => c,
        },
    }
}

/// `sasshi watch`: build, then rebuild whenever a file of the edition (its
/// entries, images) or the layouts change. Only a complete build replaces the
/// PDFs, so a broken edit leaves the last good ones and prints what is wrong;
/// the next good save rebuilds them. Saves that come together (an editor writes
/// a file in several steps) are taken as one.
fn watch(dir: &Path, ctx: &Ctx) -> ExitCode {
    use notify::{RecursiveMode, Watcher};
    use std::sync::mpsc;
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = tx.send(event);
    }) {
        Ok(w) => w,
        Err(e) => {
            ctx.err(Message::new("cli.watch_failed").arg("detail", e.to_string()));
            return ExitCode::from(1);
        }
    };
    // What the rebuilds reuse, kept by this command for as long as it watches
    // (a rebuild gives a fresh build's bytes: `sasshi::render_with`).
    let reuse = sasshi::Reuse::new();
    let layouts = sasshi::layouts_dir_for(dir);
    for (path, mode) in [(dir.to_path_buf(), RecursiveMode::Recursive), (layouts, RecursiveMode::NonRecursive)] {
        if path.is_dir()
            && let Err(e) = watcher.watch(&path, mode)
        {
            ctx.err(Message::new("cli.watch_failed").arg("detail", format!("{}: {e}", path.display())));
            return ExitCode::from(1);
        }
    }
    // What a save is: an entry, a layout or an image; not an editor's swap or
    // backup file, nor our own partial files.
    let relevant = |p: &Path| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        !name.starts_with('.') && !name.ends_with('~') && matches!(ext.as_str(), "toml" | "png" | "jpg" | "jpeg")
    };
    let say = |m: Message| out!("{}", m.render(&ctx.lang));
    build(dir, ctx, false, None, Some(&reuse));
    say(Message::new("cli.watching").arg("edition", dir.display().to_string()));
    loop {
        let Ok(first) = rx.recv() else { return ExitCode::SUCCESS };
        // A write, a new file, a removal or a rename: not the reads of our own build.
        let saved = |e: notify::Result<notify::Event>| {
            e.is_ok_and(|e| {
                use notify::EventKind as K;
                matches!(e.kind, K::Create(_) | K::Modify(_) | K::Remove(_)) && e.paths.iter().any(|p| relevant(p))
            })
        };
        let mut changed = saved(first);
        // Gather the rest of this save.
        while let Ok(next) = rx.recv_timeout(std::time::Duration::from_millis(150)) {
            changed |= saved(next);
        }
        if !changed {
            continue;
        }
        let code = build(dir, ctx, false, None, Some(&reuse));
        let key = if code == ExitCode::SUCCESS { "cli.watch_rebuilt" } else { "cli.watch_kept" };
        say(Message::new(key));
    }
}

fn check(edition: Option<PathBuf>, ctx: &Ctx) -> ExitCode {
    let dir = match edition_dir(edition, ctx) {
        Ok(d) => d,
        Err(c) => return c,
    };
    // The same path as `build` — load, lay out, write the PDFs in memory — and
    // only the files are not written: nothing passes `check` and fails `build`.
    let out = sasshi::render(&dir, &ctx.options);
    eprint!("{}", out.diags.render(&out.sources, &ctx.lang));
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
            ExitCode::from(1)
        }
    }
}

/// Render one edition and write its PDFs; the report goes to stdout. `reuse`:
/// the state `watch` keeps between its rebuilds.
fn build(dir: &Path, ctx: &Ctx, timings: bool, par_starts: Option<&Path>, reuse: Option<&sasshi::Reuse>) -> ExitCode {
    let started = Instant::now();
    let out = sasshi::render_with(dir, &ctx.options, reuse);
    eprint!("{}", out.diags.render(&out.sources, &ctx.lang));
    let Some(r) = out.result else {
        ctx.err(Message::new("cli.build_failed"));
        return ExitCode::from(1);
    };
    match write_outputs(&r, ctx) {
        Ok(write_secs) => {
            if let Some(p) = par_starts
                && let Err(e) = std::fs::write(p, r.frames(DocumentKind::Booklet).paragraph_starts())
            {
                ctx.err(write_failed(p, &e));
                return ExitCode::from(1);
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
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// A failure of the machine rather than of the entries — a full disk, a folder
/// without write permission, an output path that is a file — said plainly.
fn write_failed(path: &Path, e: &std::io::Error) -> Message {
    use std::io::ErrorKind as K;
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
fn write_refused(e: &sasshi::outputs::WriteError, ctx: &Ctx) {
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

/// Write the PDFs and the job sheet, all or nothing, and print one line per file.
fn write_outputs(r: &sasshi::Rendered, ctx: &Ctx) -> Result<f64, ExitCode> {
    let clock = Instant::now();
    let dir = ctx.out.join(&r.name);
    // Every file or none: a failure halfway leaves the previous set as it was.
    let sheet = dir.join(sasshi::jobsheet::FILE_NAME);
    let mut files: Vec<(PathBuf, &[u8])> =
        r.documents.iter().map(|d| (dir.join(d.file_name()), d.bytes.as_slice())).collect();
    files.push((sheet.clone(), r.job_sheet.as_bytes()));
    if let Err(e) = sasshi::outputs::write_set(&files) {
        write_refused(&e, ctx);
        return Err(ExitCode::from(1));
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

fn print_timings(t: &sasshi::Timings, write: f64, ctx: &Ctx) {
    let ms = |s: f64| format!("{:.1}", s * 1000.0);
    let rows = [
        ("cli.t_load", t.load),
        ("cli.t_compose", t.compose),
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

/// Every edition in entries/, rendered in parallel; one report per edition, in order.
fn build_all(ctx: &Ctx, timings: bool) -> ExitCode {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("entries")
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join("edition.toml").is_file()).collect())
        .unwrap_or_default();
    dirs.sort();
    if dirs.is_empty() {
        ctx.err(Message::new("cli.no_edition"));
        return ExitCode::from(1);
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
        eprint!("{}", out.diags.render(&out.sources, &ctx.lang));
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
                code = ExitCode::from(1);
            }
        }
    }
    code
}

fn verify(files: &[PathBuf], multiple: usize, ctx: &Ctx) -> ExitCode {
    let mut code = ExitCode::SUCCESS;
    for f in files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                ctx.err(Message::new("verify.unreadable").arg("detail", format!("{}: {e}", f.display())));
                code = ExitCode::from(1);
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
            code = ExitCode::from(1);
        }
    }
    code
}

/// `sasshi archive [EDITION]`: `out/<edition>/<edition>-archive.pdf`.
fn archive(dir: &Path, ctx: &Ctx) -> ExitCode {
    let out = sasshi::archive::archive(dir, &ctx.options);
    eprint!("{}", out.diags.render(&out.sources, &ctx.lang));
    let Some(a) = out.result else {
        ctx.err(Message::new("cli.build_failed"));
        return ExitCode::from(1);
    };
    let path = ctx.out.join(&a.edition).join(sasshi::archive::file_name(&a.edition));
    if let Err(e) = sasshi::outputs::write_set(&[(path.clone(), a.bytes.as_slice())]) {
        write_refused(&e, ctx);
        return ExitCode::from(1);
    }
    ctx.say(
        Message::new("archive.written")
            .arg("path", path.display().to_string())
            .arg("pages", a.pages.to_string())
            .arg("files", a.attached.to_string()),
    );
    ExitCode::SUCCESS
}

/// `sasshi rebuild FILE.pdf`: the PDFs rebuilt into `out/<edition>/` from the
/// archive copy's attachments; 0 when each is identical to the manifest's hash,
/// 1 naming each that differs.
fn rebuild(file: &Path, ctx: &Ctx) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            ctx.err(
                Message::new("rebuild.unreadable").arg("path", file.display().to_string()).arg("detail", e.to_string()),
            );
            return ExitCode::from(1);
        }
    };
    // A private scratch folder is made (and removed) under the temp folder.
    let out = sasshi::archive::rebuild(&bytes, &std::env::temp_dir());
    eprint!("{}", out.diags.render(&out.sources, &ctx.lang));
    let Some(r) = out.result else {
        ctx.err(Message::new("cli.build_failed"));
        return ExitCode::from(1);
    };
    let m = &r.manifest;
    if m.sasshi != env!("CARGO_PKG_VERSION") {
        ctx.err(
            Message::new("rebuild.version").arg("archived", m.sasshi.clone()).arg("running", env!("CARGO_PKG_VERSION")),
        );
    }
    let mut ok = true;
    for path in &r.damaged {
        ctx.err(Message::new("rebuild.damaged").arg("file", path.clone()));
        ok = false;
    }
    let dir = ctx.out.join(&m.edition);
    let files: Vec<(PathBuf, &[u8])> =
        r.outputs.iter().filter_map(|(name, _, b)| b.as_ref().map(|b| (dir.join(name), b.as_slice()))).collect();
    if let Err(e) = sasshi::outputs::write_set(&files) {
        write_refused(&e, ctx);
        return ExitCode::from(1);
    }
    for (name, same, bytes) in &r.outputs {
        let path = dir.join(name).display().to_string();
        if *same {
            ctx.say(Message::new("rebuild.same").arg("file", path));
        } else if bytes.is_some() {
            ctx.err(Message::new("rebuild.differs").arg("file", path));
            ok = false;
        } else {
            ctx.err(Message::new("rebuild.missing").arg("file", name.clone()));
            ok = false;
        }
    }
    if ok {
        ctx.say(Message::new("rebuild.identical").arg("count", r.outputs.len().to_string()));
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `sasshi diff OLD NEW`: per file, the pages to replace and why; the
/// replacement PDFs (差し替え.pdf, and 差し替え-cover.pdf for a file of another
/// trim size) and the job sheet's replacement section written into NEW (an old
/// replacement file not written again is removed, so that none is sent by mistake).
fn diff(old: &Path, new: &Path, ctx: &Ctx) -> ExitCode {
    use sasshi::pdf::diff::Reason;
    let r = match sasshi::compare_builds(old, new) {
        Ok(r) => r,
        Err(m) => {
            ctx.err(m);
            return ExitCode::from(1);
        }
    };
    let runs = |pages: &[usize]| sasshi::jobsheet::page_runs(pages);
    for (file, d) in &r.files {
        if d.old_pages != d.new_pages {
            ctx.say(
                Message::new("diff.page_count")
                    .arg("file", *file)
                    .arg("old", d.old_pages.to_string())
                    .arg("new", d.new_pages.to_string()),
            );
        }
        let changed = d.pages_with(|r| r == Reason::Changed);
        let shifted = d.pages_with(|r| matches!(r, Reason::Shifted { .. }));
        let from: Vec<usize> = d
            .replace
            .iter()
            .filter_map(|(_, r)| if let Reason::Shifted { from } = r { Some(*from) } else { None })
            .collect();
        let pagination = d.pages_with(|r| r == Reason::Pagination);
        let added = d.pages_with(|r| r == Reason::Added);
        if d.replace.is_empty() && d.removed.is_empty() {
            ctx.say(
                Message::new("diff.same")
                    .arg("file", *file)
                    .arg("pages", d.new_pages.to_string())
                    .arg("s", plural(d.new_pages)),
            );
        }
        for (key, pages) in [("diff.changed", &changed), ("diff.pagination", &pagination), ("diff.added", &added)] {
            if !pages.is_empty() {
                ctx.say(Message::new(key).arg("file", *file).arg("pages", runs(pages)).arg("s", plural(pages.len())));
            }
        }
        if !shifted.is_empty() {
            ctx.say(
                Message::new("diff.shifted")
                    .arg("file", *file)
                    .arg("pages", runs(&shifted))
                    .arg("from", runs(&from))
                    .arg("s", plural(shifted.len())),
            );
        }
        if !d.removed.is_empty() {
            ctx.say(
                Message::new("diff.removed")
                    .arg("file", *file)
                    .arg("pages", runs(&d.removed))
                    .arg("s", plural(d.removed.len())),
            );
        }
    }
    for file in &r.gone {
        ctx.say(Message::new("diff.gone").arg("file", *file));
    }
    let sheet_path = new.join(sasshi::jobsheet::FILE_NAME);
    let mut sheet = std::fs::read_to_string(&sheet_path).unwrap_or_default();
    if let Some(at) = sheet.find(sasshi::jobsheet::REPLACEMENTS_HEADING) {
        sheet.truncate(at);
    }
    if !sheet.is_empty() && !sheet.ends_with("\n\n") {
        sheet.push('\n');
    }
    sheet.push_str(&r.sheet);
    let mut writes: Vec<(PathBuf, &[u8])> = r.pdfs.iter().map(|f| (new.join(&f.name), f.bytes.as_slice())).collect();
    writes.push((sheet_path.clone(), sheet.as_bytes()));
    if let Err(e) = sasshi::outputs::write_set(&writes) {
        write_refused(&e, ctx);
        return ExitCode::from(1);
    }
    // A replacement file of an earlier comparison that this one did not write
    // again is removed, so that none is sent by mistake.
    if let Ok(entries) = std::fs::read_dir(new) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if sasshi::is_replacement_file(&name) && !r.pdfs.iter().any(|f| f.name == name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    for f in &r.pdfs {
        ctx.say(
            Message::new("diff.written")
                .arg("path", new.join(&f.name).display().to_string())
                .arg("pages", f.pages.to_string())
                .arg("s", plural(f.pages)),
        );
    }
    if r.pdfs.is_empty() && r.gone.is_empty() {
        ctx.say(Message::new("diff.nothing"));
    }
    ExitCode::SUCCESS
}

fn fonts(dir: &Path, ctx: &Ctx) -> ExitCode {
    let out = sasshi::render(dir, &ctx.options);
    let missing: Vec<_> = out.diags.items.iter().filter(|d| d.message.key == "layout.missing_glyph").cloned().collect();
    let other_errors =
        out.diags.items.iter().any(|d| d.severity == Severity::Error && d.message.key != "layout.missing_glyph");
    if other_errors {
        eprint!("{}", out.diags.render(&out.sources, &ctx.lang));
        return ExitCode::from(1);
    }
    let shown = sasshi::diag::Diagnostics { items: missing.clone() };
    eprint!("{}", shown.render(&out.sources, &ctx.lang));
    if missing.is_empty() {
        ctx.say(Message::new("cli.fonts_ok").arg("edition", dir.display().to_string()));
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn bench(dir: &Path, runs: usize, scale: usize, vs: [Option<String>; 2], ctx: &Ctx) -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            ctx.err(Message::new("cli.internal").arg("detail", e.to_string()));
            return ExitCode::from(3);
        }
    };
    let checked = sasshi::check(dir, &ctx.options);
    let Some(loaded) = checked.result else {
        eprint!("{}", checked.diags.render(&checked.sources, &ctx.lang));
        return ExitCode::from(1);
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
            ExitCode::from(3)
        }
    }
}

/// The English plural ending for a count of pages ("1 page", "2 pages"); the
/// Japanese messages do not use it.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
