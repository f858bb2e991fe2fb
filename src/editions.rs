//! Editions: finding them in the entries folder ([`editions`],
//! [`newest_edition`]), resolving the one named on the command line
//! ([`resolve_edition`]), the layouts folder beside them ([`layouts_dir_for`]),
//! and starting next year's from last year's ([`new_edition`], `sasshi new`).

use crate::{layout, outputs};
use std::path::{Path, PathBuf};

/// The layouts folder for an edition folder: `<root>/layouts` next to `<root>/entries`.
pub fn layouts_dir_for(edition_dir: &Path) -> PathBuf {
    edition_dir.parent().and_then(Path::parent).unwrap_or(Path::new(".")).join("layouts")
}

/// The newest edition in an entries folder: the last folder name in sort order
/// that holds an `edition.toml` ("2006-07" < "2007-08").
pub fn newest_edition(entries: &Path) -> Option<PathBuf> {
    editions(entries).pop()
}

/// Every edition folder in an entries folder, in name order.
pub fn editions(entries: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(entries) else { return Vec::new() };
    let mut dirs: Vec<PathBuf> =
        rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join("edition.toml").is_file()).collect();
    dirs.sort();
    dirs
}

/// The folder of an edition named on the command line: a folder holding an
/// `edition.toml` as given, else `entries/<name>` — so staff write `2007-08`
/// wherever an edition is asked for. Otherwise the editions that do exist, for
/// the message.
pub fn resolve_edition(arg: &Path, entries: &Path) -> Result<PathBuf, Vec<String>> {
    // An `edition.toml` of any kind (a named pipe, a link to a device): the
    // loader refuses it saying what it is, not that the edition is missing.
    let holds = |dir: &Path| std::fs::symlink_metadata(dir.join("edition.toml")).is_ok();
    if holds(arg) {
        return Ok(arg.to_path_buf());
    }
    let named = entries.join(arg);
    if arg.components().count() == 1 && holds(&named) {
        return Ok(named);
    }
    // A folder that is not (yet) an edition: loading it says what it lacks.
    if arg.is_dir() {
        return Ok(arg.to_path_buf());
    }
    Err(editions(entries).iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect())
}

/// The winner-file template `new` writes: every field, commented.
pub const WINNER_TEMPLATE: &str = include_str!("winner_template.toml");

/// `sasshi new TO --from FROM`: a new edition folder from an old one (FROM an
/// edition folder; TO a bare name lands in `entries/`). The edition file is
/// copied with the next number and year, the edition text and spine renumbered,
/// `previous` naming FROM (so `check` can point out text left from last year),
/// and what changes every year cleared: the ceremony date (commented out), the
/// venues and programme times (emptied: `check` points at each), the programme's
/// people and the committee (commented out, to be checked and written again).
/// No winners and no images; `winners/_template.toml` holds every field of a
/// winner file. An existing folder is never touched. Returns the new folder.
pub fn new_edition(to: &Path, from: &Path, entries: &Path) -> Result<PathBuf, NewError> {
    let to = if to.components().count() == 1 { entries.join(to) } else { to.to_path_buf() };
    if to.exists() {
        return Err(NewError::Exists(to));
    }
    let from_file = from.join("edition.toml");
    let text = std::fs::read_to_string(&from_file).map_err(|e| NewError::Unreadable(from_file, e))?;
    let field = |key: &str| -> Option<u32> {
        text.lines().find_map(|l| {
            l.strip_prefix(key).and_then(|r| r.trim_start().strip_prefix('=')).and_then(|v| v.trim().parse().ok())
        })
    };
    let (old_number, old_year) = (field("number").unwrap_or(0), field("year").unwrap_or(0));
    // The folder name says the year and number ("2007-08"); else count on by one.
    let name = to.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let parsed = name.split_once('-').and_then(|(y, n)| Some((y.parse::<u32>().ok()?, n.parse::<u32>().ok()?)));
    let (year, number) = parsed.unwrap_or((old_year + 1, old_number + 1));
    let renumber = |s: &str| -> String {
        let full = |n: u32| layout::full_width(n);
        s.replace(&format!("第{old_number}回"), &format!("第{number}回"))
            .replace(&format!("第{}回", full(old_number)), &format!("第{}回", full(number)))
    };
    let previous = from.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
    let mut out = String::new();
    // The table the line is in ("" before the first header), and whether the
    // lines are being commented out (a programme person, a committee member).
    let mut table = String::new();
    let mut commenting = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let header = trimmed.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            let was = commenting;
            commenting = matches!(header.as_str(), "programme.items.people" | "judging.committee");
            // One note before a run of commented tables.
            let note = commenting && !(was && header == table);
            table = header;
            if note {
                out.push_str(&format!("# 前回（{previous}）の内容です。確かめて # を外すか、書き直してください\n"));
            }
        }
        let key = trimmed.split('=').next().unwrap_or("").trim();
        let cleared = |value_comment: &str| format!("{key} = \"\"   # 前回: {value_comment}");
        let old_value = trimmed.split_once('=').map(|(_, v)| v.trim()).unwrap_or("");
        let new_line = match (table.as_str(), key) {
            _ if commenting && !trimmed.is_empty() => format!("# {line}"),
            ("", "number") => format!("number = {number}"),
            ("", "year") => {
                format!("year = {year}\nprevious = \"{previous}\"   # 前の回（前年と同じ文章の警告に使います）")
            }
            ("", "previous") => continue,
            ("", "date" | "date_text") => {
                format!("# {} （開催日が決まったら書く / write when the date is fixed）", line.trim())
            }
            ("", "edition_text" | "spine") => renumber(line),
            ("", "venue") | ("programme", "venue") => cleared(old_value),
            ("programme.items", "time") => cleared(old_value),
            _ => line.to_string(),
        };
        out.push_str(&new_line);
        out.push('\n');
    }
    for dir in [to.join("images"), to.join("winners")] {
        std::fs::create_dir_all(&dir).map_err(|error| {
            NewError::Write(outputs::WriteError::Io { path: dir.clone(), error, replaced: Vec::new() })
        })?;
    }
    outputs::write_set_unlocked(&[
        (to.join("edition.toml"), out.as_bytes()),
        (to.join("winners/_template.toml"), WINNER_TEMPLATE.as_bytes()),
    ])
    .map_err(NewError::Write)?;
    Ok(to)
}

/// Why `sasshi new` made no edition; the command says each in the user's
/// language (issue #26: not the English of `io::Error`).
#[derive(Debug)]
pub enum NewError {
    /// The new edition's folder is there already: it is not touched.
    Exists(PathBuf),
    /// The old edition's `edition.toml` cannot be read.
    Unreadable(PathBuf, std::io::Error),
    /// A folder or file of the new edition cannot be written.
    Write(outputs::WriteError),
}
