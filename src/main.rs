//! The sasshi command: parse arguments, call the library, print diagnostics, set
//! the exit code (0 ok, 1 input errors, 2 usage, 3 internal error). No layout here.

use clap::{Parser, Subcommand};
use sasshi::diag::Message;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "sasshi", version, about = "冊子: award entries → print-ready PDF booklets")]
struct Cli {
    /// Language of messages: ja or en (default: from LC_ALL / LANG).
    #[arg(long, global = true)]
    lang: Option<String>,
    /// Output folder (default: out).
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
    /// Build the PDFs of an edition (default: the newest in entries/).
    Build { edition: Option<PathBuf> },
    /// Check an edition's entries without building.
    Check { edition: Option<PathBuf> },
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

fn edition_dir(arg: Option<PathBuf>, lang: &str) -> Result<PathBuf, ExitCode> {
    match arg.or_else(|| sasshi::newest_edition(std::path::Path::new("entries"))) {
        Some(p) => Ok(p),
        None => {
            eprintln!("{}", Message::new("cli.no_edition").render(lang));
            Err(ExitCode::from(1))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = lang(cli.lang.as_deref());
    let options = sasshi::Options { layout: cli.layout.clone() };
    match cli.command {
        Command::Check { edition } => {
            let dir = match edition_dir(edition, &lang) {
                Ok(d) => d,
                Err(c) => return c,
            };
            let out = sasshi::check(&dir, &options);
            eprint!("{}", out.diags.render(&out.sources, &lang));
            match out.result {
                Some(l) if !out.diags.has_errors() => {
                    if !cli.quiet {
                        println!(
                            "{}",
                            Message::new("cli.check_ok")
                                .arg("edition", l.name.clone())
                                .arg("winners", l.winners.len().to_string())
                                .render(&lang)
                        );
                    }
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(1),
            }
        }
        Command::Build { edition } => {
            let dir = match edition_dir(edition, &lang) {
                Ok(d) => d,
                Err(c) => return c,
            };
            let out = sasshi::render(&dir, &options);
            eprint!("{}", out.diags.render(&out.sources, &lang));
            let Some(r) = out.result else {
                eprintln!("{}", Message::new("cli.build_failed").render(&lang));
                return ExitCode::from(1);
            };
            // Nothing is written unless every PDF was made: a failed build leaves the
            // previous files untouched.
            let dir = cli.out.join(&r.name);
            for (name, bytes, pages) in [
                ("booklet.pdf", &r.booklet, r.booklet_frames.pages.len()),
                ("programme.pdf", &r.programme, r.programme_frames.pages.len()),
                ("cover.pdf", &r.cover, r.cover_frames.pages.len()),
            ] {
                let path = dir.join(name);
                if let Err(e) = sasshi::write_atomic(&path, bytes) {
                    let detail = format!("{}: {e}", path.display());
                    eprintln!("{}", Message::new("cli.internal").arg("detail", detail).render(&lang));
                    return ExitCode::from(3);
                }
                if !cli.quiet {
                    let msg = Message::new("cli.built")
                        .arg("file", path.display().to_string())
                        .arg("pages", pages.to_string());
                    println!("{}", msg.render(&lang));
                }
            }
            ExitCode::SUCCESS
        }
    }
}
