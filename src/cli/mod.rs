//! The commands' bodies, for `main.rs`: what each command does with the
//! library and what it prints. One file per command or group of commands:
//!
//! - `args.rs`: the command line (clap) and its help in the reader's language.
//! - `build.rs`: `build`, `build --all` and `check` (the build without writing).
//! - `watch.rs`: `watch`, rebuilding on every save.
//! - `diff.rs`: `diff`, the pages to replace and the replacement files.
//! - `archive.rs`: `archive` and `rebuild`.
//! - `new.rs`: `new`, next year's edition from last year's.
//! - `import.rs`: `import`, winner files from a Word form or an Excel list.
//! - `verify.rs`, `fonts.rs`, `bench.rs`: preflight, missing glyphs, timings.
//! - `layout.rs`: `layout upgrade`, an older layout rewritten in the current format.
//! - `report.rs`: what every command prints the same way — diagnostics, write
//!   failures, timings — and the exit codes.
//!
//! Here: the context every command is given ([`Ctx`]), the language, and the
//! edition a command works on.

/// Print a line on stdout; a closed pipe (`sasshi build | head`) is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub mod archive;
pub mod args;
pub mod bench;
pub mod build;
pub mod diff;
pub mod fonts;
pub mod import;
pub mod layout;
pub mod new;
pub mod report;
pub mod verify;
pub mod watch;

use sasshi::diag::Message;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The language of messages, "ja" or "en": `--lang`, else the locale's.
pub fn lang(arg: Option<&str>) -> String {
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

/// What every command is given: the language of its messages, the library's
/// options from the command line, the output folder and `--quiet`.
pub struct Ctx {
    pub lang: String,
    pub options: sasshi::Options,
    pub out: PathBuf,
    pub quiet: bool,
}

impl Ctx {
    pub fn say(&self, m: Message) {
        if !self.quiet {
            out!("{}", m.render(&self.lang));
        }
    }
    pub fn err(&self, m: Message) {
        eprintln!("{}", m.render(&self.lang));
    }
}

/// The editions folder: `entries/` in the working directory.
pub const ENTRIES: &str = "entries";

/// The edition a command works on: a name in entries/ (`2007-08`) or a folder;
/// without one, the newest in entries/.
pub fn edition_dir(arg: Option<PathBuf>, ctx: &Ctx) -> Result<PathBuf, ExitCode> {
    let entries = Path::new(ENTRIES);
    match arg {
        Some(a) => sasshi::resolve_edition(&a, entries).map_err(|known| {
            let known = if known.is_empty() { "—".to_string() } else { known.join(", ") };
            ctx.err(Message::new("cli.edition_not_found").arg("edition", a.display().to_string()).arg("known", known));
            report::problems()
        }),
        None => sasshi::newest_edition(entries).ok_or_else(|| {
            ctx.err(Message::new("cli.no_edition"));
            report::problems()
        }),
    }
}
