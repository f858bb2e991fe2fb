//! The command line: clap's definitions of the commands and options
//! ([`Cli`], [`Command`]), and their help in the reader's language
//! ([`localized_command`], from the locales' `help.*` keys).

use clap::{CommandFactory, Parser, Subcommand};
use sasshi::diag::Message;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "sasshi", version, about = "冊子: award entries → print-ready PDF booklets")]
pub struct Cli {
    /// Language of messages: ja or en (default: from LC_ALL / LANG).
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// Output folder.
    #[arg(long, global = true, default_value = "out")]
    pub out: PathBuf,
    /// Use this layout instead of the edition's: a name in layouts/ or a .toml file.
    #[arg(long, global = true)]
    pub layout: Option<PathBuf>,
    /// Print only problems.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// Make winner files from an application form (.docx) or a list of winners (.xlsx).
    Import {
        file: PathBuf,
        /// The edition to add the winners to (default: the newest in entries/).
        #[arg(long, value_name = "EDITION")]
        into: Option<PathBuf>,
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
    /// Layout files: `layout upgrade FILE` rewrites an older layout in the current format.
    Layout {
        #[command(subcommand)]
        action: LayoutAction,
    },
}

/// What `sasshi layout` does (`cli/layout.rs`).
#[derive(Subcommand)]
pub enum LayoutAction {
    /// Rewrite a layout written in an older format in the current one, its
    /// comments kept; the file is replaced whole or not at all.
    Upgrade { file: PathBuf },
}

/// The command-line interface with its help in `lang`: clap's own headings and
/// every command's and option's text from the locales (`help.*`), so that
/// `sasshi --help` under a Japanese locale is Japanese.
pub fn localized_command(lang: &str) -> clap::Command {
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
        ("import", "import.help", &[("file", "import.help_file"), ("into", "import.help_into")]),
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
    cmd = cmd.mut_subcommand("layout", |sub| {
        sub.about(t("layout_format.help")).mut_subcommand("upgrade", |up| {
            up.about(t("layout_format.help_upgrade"))
                .help_template(template(false))
                .mut_arg("file", |a| a.help(t("layout_format.help_upgrade_file")))
        })
    });
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
