//! The sasshi command: parse the arguments (in the reader's language), run the
//! command, and never show staff a panic. Each command's body is in `cli/`,
//! one file per command or group (see `cli/mod.rs`); the exit codes are in
//! `cli/report.rs` — 0 ok, 1 problems in the input (or a PDF that fails
//! verification), 2 usage, 3 internal error. No layout happens here.

mod cli;

use clap::FromArgMatches;
use cli::args::{Cli, Command, localized_command};
use cli::{Ctx, archive, bench, build, diff, edition_dir, fonts, import, lang, new, report, verify, watch};
use sasshi::diag::Message;
use std::process::ExitCode;

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
        Err(_) => report::internal(),
    }
}

fn run(command: Command, mut ctx: Ctx) -> ExitCode {
    match command {
        Command::Check { edition } => build::check(edition, &ctx),
        Command::Watch { edition, proof } => {
            ctx.options.proof = proof;
            match edition_dir(edition, &ctx) {
                Ok(dir) => watch::watch(&dir, &ctx),
                Err(c) => c,
            }
        }
        Command::Build { edition, all, timings, proof, standard, par_starts } => {
            ctx.options.proof = proof;
            if let Some(s) = &standard
                && sasshi::model::layout::Standard::parse(s).is_none()
            {
                ctx.err(Message::new("cli.bad_standard").arg("value", s.clone()));
                return report::usage();
            }
            ctx.options.standard = standard;
            if all {
                build::build_all(&ctx, timings)
            } else {
                match edition_dir(edition, &ctx) {
                    Ok(dir) => build::build(&dir, &ctx, timings, par_starts.as_deref(), None),
                    Err(c) => c,
                }
            }
        }
        Command::Verify { files, multiple } => verify::verify(&files, multiple, &ctx),
        Command::Diff { old, new } => diff::diff(&old, &new, &ctx),
        Command::Archive { edition } => match edition_dir(edition, &ctx) {
            Ok(dir) => archive::archive(&dir, &ctx),
            Err(c) => c,
        },
        Command::Rebuild { file } => archive::rebuild(&file, &ctx),
        Command::New { edition, from } => new::new_edition(&edition, from, &ctx),
        Command::Import { file, into } => import::import(&file, into, &ctx),
        Command::Fonts { edition } => match edition_dir(edition, &ctx) {
            Ok(dir) => fonts::fonts(&dir, &ctx),
            Err(c) => c,
        },
        Command::Layout { action: cli::args::LayoutAction::Upgrade { file } } => cli::layout::upgrade(&file, &ctx),
        Command::Bench { edition, runs, scale, vs, vs_scaled } => match edition_dir(edition, &ctx) {
            Ok(dir) => bench::bench(&dir, runs, scale, [vs, vs_scaled], &ctx),
            Err(c) => c,
        },
    }
}
