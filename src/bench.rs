//! `sasshi bench`: whole-process timings of full builds, as staff and archivists
//! experience them. Each run is a fresh `sasshi build` process; we report the
//! median (and min / max) wall time for the edition as it is and for a generated
//! edition with every winner repeated `scale` times under new ids, to show how the
//! cost grows. Nothing generated is kept.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Timings of one benchmarked edition, in seconds.
#[derive(Debug, Clone)]
pub struct Timing {
    pub label: String,
    pub runs: Vec<f64>,
}

impl Timing {
    pub fn median(&self) -> f64 {
        let mut v = self.runs.clone();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n == 0 {
            0.0
        } else if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    }
    pub fn min(&self) -> f64 {
        self.runs.iter().copied().fold(f64::INFINITY, f64::min)
    }
    pub fn max(&self) -> f64 {
        self.runs.iter().copied().fold(0.0, f64::max)
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

/// Write a copy of `edition` under `root` with every winner file repeated `scale`
/// times: ids, readings (in kana), names and URLs suffixed so that each copy is
/// a distinct winner, as the checks require.
pub fn scaled_edition(edition: &Path, root: &Path, scale: usize) -> std::io::Result<PathBuf> {
    let name = format!("{}-x{scale}", edition.file_name().and_then(|n| n.to_str()).unwrap_or("edition"));
    let dir = root.join("entries").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(edition, &dir)?;
    let winners = dir.join("winners");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&winners)?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for f in &files {
        let text = std::fs::read_to_string(f)?;
        for k in 1..scale {
            let copy = text
                .lines()
                .map(|l| {
                    if let Some(v) = l.strip_prefix("id = \"") {
                        format!("id = \"{}-r{k}\"", v.trim_end_matches('"'))
                    } else if let Some(v) = l.strip_prefix("reading = \"") {
                        format!("reading = \"{}{}\"", v.trim_end_matches('"'), kana_number(k))
                    } else if let Some(v) = l.strip_prefix("name = \"") {
                        format!("name = \"{}（{k}）\"", v.trim_end_matches('"'))
                    } else if let Some(v) = l.strip_prefix("url = \"") {
                        format!("url = \"{}?copy={k}\"", v.trim_end_matches('"'))
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("w");
            std::fs::write(winners.join(format!("{stem}-r{k}.toml")), copy)?;
        }
    }
    Ok(dir)
}

/// A number written in kana digits (あ = 0 … こ = 9), for readings of copies.
fn kana_number(k: usize) -> String {
    const DIGITS: [char; 10] = ['あ', 'い', 'う', 'え', 'お', 'か', 'き', 'く', 'け', 'こ'];
    format!("{k:02}").chars().map(|d| DIGITS[d.to_digit(10).unwrap_or(0) as usize]).collect()
}

/// Time `runs` whole-process builds of `edition` with the program `exe`.
pub fn time_builds(
    exe: &Path,
    edition: &Path,
    layout: Option<&Path>,
    out: &Path,
    runs: usize,
    label: &str,
) -> std::io::Result<Timing> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut cmd = Command::new(exe);
        cmd.arg("build").arg(edition).arg("--quiet").arg("--out").arg(out);
        // The builds' own warnings are not what is measured.
        cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        if let Some(l) = layout {
            cmd.arg("--layout").arg(l);
        }
        let start = Instant::now();
        let status = cmd.status()?;
        times.push(start.elapsed().as_secs_f64());
        if !status.success() {
            return Err(std::io::Error::other(format!("{label}: build failed")));
        }
    }
    Ok(Timing { label: label.to_string(), runs: times })
}

/// Time `runs` builds of `edition` and `runs` runs of another command (a shell
/// command line, e.g. the same content through another typesetter), one after
/// the other in turn, so that both meet the same machine load: only ratios
/// measured this way mean anything on a shared machine. Returns (ours, theirs);
/// theirs is labelled with the command.
pub fn time_alternately(
    exe: &Path,
    edition: &Path,
    layout: Option<&Path>,
    out: &Path,
    command: &str,
    runs: usize,
    label: &str,
) -> std::io::Result<(Timing, Timing)> {
    let mut ours = Vec::with_capacity(runs);
    let mut theirs = Vec::with_capacity(runs);
    for _ in 0..runs {
        ours.extend(time_builds(exe, edition, layout, out, 1, label)?.runs);
        let start = Instant::now();
        let status = shell(command).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).status()?;
        theirs.push(start.elapsed().as_secs_f64());
        if !status.success() {
            return Err(std::io::Error::other(format!("{command}: failed ({status})")));
        }
    }
    Ok((Timing { label: label.to_string(), runs: ours }, Timing { label: command.to_string(), runs: theirs }))
}

/// A command line run by the system's shell.
fn shell(command: &str) -> Command {
    if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.arg("/C").arg(command);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c").arg(command);
        c
    }
}

/// What `watch` does after a save: `runs` rebuilds in this process of a copy of
/// `edition` under `root`, each after one winner file has changed (a paragraph's
/// last character toggled, so the text and the PDFs really change), timed from
/// the change to the PDFs in memory. Returns the durations in seconds.
pub fn time_rebuilds(edition: &Path, root: &Path, options: &crate::Options, runs: usize) -> std::io::Result<Timing> {
    let name = edition.file_name().and_then(|n| n.to_str()).unwrap_or("edition").to_string();
    let dir = root.join("entries").join(format!("{name}-rebuild"));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(edition, &dir)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("winners"))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let file = files.first().ok_or_else(|| std::io::Error::other("no winner file"))?.clone();
    let original = std::fs::read_to_string(&file)?;
    // The first 。 of the file becomes ． and back: one character of one winner.
    let changed = original.replacen('。', "．", 1);
    // A first build, as `watch` makes before it waits, keeping what it can reuse.
    let reuse = crate::Reuse::new();
    crate::render_with(&dir, options, Some(&reuse))
        .result
        .ok_or_else(|| std::io::Error::other("the edition does not build"))?;
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        std::fs::write(&file, if i % 2 == 0 { &changed } else { &original })?;
        let start = Instant::now();
        let built = crate::render_with(&dir, options, Some(&reuse)).result;
        times.push(start.elapsed().as_secs_f64());
        let Some(r) = built else { return Err(std::io::Error::other("a rebuild failed")) };
        if std::env::var_os("SASSHI_BENCH_STAGES").is_some() {
            let t = r.timings;
            eprintln!(
                "load {:.1} compose {:.1} paginate {:.1} pdf {:.1} (subset {:.1} assembly {:.1} compress {:.1} serialise {:.1}) ms",
                t.load * 1e3,
                t.compose * 1e3,
                t.paginate * 1e3,
                t.pdf_wall * 1e3,
                t.subset * 1e3,
                t.assembly * 1e3,
                t.compress * 1e3,
                t.serialize * 1e3
            );
        }
    }
    drop(reuse);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Timing { label: "rebuild".into(), runs: times })
}

/// Every paragraph-like text of an edition: the edition's content blocks and
/// every winner's overview, start, sections' paragraphs, items and headings.
pub fn paragraphs(loaded: &crate::model::Loaded) -> Vec<&str> {
    use crate::model::Block;
    fn blocks<'a>(content: &'a [Block], out: &mut Vec<&'a str>) {
        for b in content {
            match b {
                Block::Paragraph { text, .. } | Block::Heading { text } => out.push(&text.value),
                Block::Item { label, text, .. } => {
                    out.push(&label.value);
                    out.push(&text.value);
                }
                Block::Table(t) => out.extend(t.rows.iter().flatten().map(|c| c.value.as_str())),
                Block::Figure(f) => out.extend(f.caption.iter().map(|c| c.value.as_str())),
            }
        }
    }
    let e = &loaded.edition;
    let mut out = Vec::new();
    blocks(&e.introduction.content, &mut out);
    blocks(&e.rules.content, &mut out);
    for w in &loaded.winners {
        out.extend([&w.overview, &w.start].into_iter().flatten().map(|t| t.value.as_str()));
        for s in &w.sections {
            blocks(&s.content, &mut out);
        }
    }
    out
}

/// Compose every paragraph of an edition at the body size and measure, `runs`
/// times in this process; returns the per-run durations (seconds), the number of
/// paragraphs and of characters.
pub fn time_compose(loaded: &crate::model::Loaded, runs: usize) -> (Timing, usize, usize) {
    let face = crate::font::FontBook::get().face(crate::font::FontId::Mincho);
    let size = loaded.layout.grid.font_size;
    let settings = loaded.layout.composition.settings(size);
    let shape = crate::text::Shape { measure: loaded.layout.measure(), first_indent: size, rest_indent: 0.0 };
    let texts = paragraphs(loaded);
    let chars = texts.iter().map(|t| t.chars().count()).sum();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let mut lines = 0;
        for t in &texts {
            lines += crate::text::compose(t, shape, &settings, face).lines.len();
        }
        std::hint::black_box(lines);
        times.push(start.elapsed().as_secs_f64());
    }
    (Timing { label: "compose".into(), runs: times }, texts.len(), chars)
}
