//! Layouts a designer adapts (issue #30): every shipped layout (a4, b5, a5)
//! with its grid changed — `lines_per_page` by −8…+2 and `chars_per_line` by
//! −12…+2 — builds 2006, the fixture editions and a next-year edition
//! (tests/fixtures/next-year, made with `sasshi new 2007-08 --from 2006-07` and
//! filled in). On each build: no error; `verify` passes on every PDF; the text
//! round trip holds (each page's text read back from the PDF, through its
//! ToUnicode maps, is the text of its frame, as tests/no_loss.rs checks); the
//! title page's and each divider's texts are printed; and the whole pages
//! (title page, dividers, the cover's faces) keep within the page's margins
//! (`whole_page.margin_mm`), whatever the body grid.
//!
//! `cargo test` builds a fixed sample of the grid: its corners and edge
//! middles, and a few inner points from a fixed seed, each with one edition in
//! turn. `SASSHI_LAYOUT_GRID=all` builds the whole grid with every edition
//! (a few minutes in release: `cargo test --release --test layout_grid`).
//!
//! A failing build of the programme table in a narrow text block (a body page,
//! not a whole page) fails too: since the programme's columns give way to the
//! names (issue #25), the whole grid builds.

mod common;
use common::{page_texts, root, squeeze};
use sasshi::frame::{Item, PageKind};
use sasshi::layout::DocumentKind;
use std::path::{Path, PathBuf};

const LINES: std::ops::RangeInclusive<i32> = -8..=2;
const CHARS: std::ops::RangeInclusive<i32> = -12..=2;
const LAYOUTS: [&str; 3] = ["a4", "b5", "a5"];

fn editions() -> Vec<PathBuf> {
    vec![
        root().join("entries/2006-07"),
        root().join("tests/fixtures/edition-b"),
        root().join("tests/fixtures/edition-c"),
        root().join("tests/fixtures/next-year"),
    ]
}

/// One point of the grid: a shipped layout, its lines and characters changed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    layout: &'static str,
    lines: i32,
    chars: i32,
}

/// The layout file of a point: the shipped layout's text with its two grid
/// values changed (every other line as shipped).
fn layout_text(p: Point) -> String {
    let text = std::fs::read_to_string(root().join(format!("layouts/{}.toml", p.layout))).unwrap();
    let mut out = String::new();
    let mut section = "";
    for line in text.lines() {
        if line.starts_with('[') {
            section = line;
        }
        let (key, value) = line.split_once('=').map_or((line.trim(), ""), |(k, v)| (k.trim(), v));
        let number = || value.split('#').next().unwrap().trim().parse::<i32>().unwrap();
        match (section, key) {
            ("[grid]", "lines_per_page") => out.push_str(&format!("lines_per_page = {}\n", number() + p.lines)),
            ("[grid]", "chars_per_line") => out.push_str(&format!("chars_per_line = {}\n", number() + p.chars)),
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The sample `cargo test` builds: for each layout the four corners, the four
/// edge middles and two inner points from a fixed seed.
fn sample() -> Vec<Point> {
    let (l0, l1, c0, c1) = (*LINES.start(), *LINES.end(), *CHARS.start(), *CHARS.end());
    let (lm, cm) = ((l0 + l1) / 2, (c0 + c1) / 2);
    let mut seed: u64 = 30;
    let mut next = |n: i32| {
        // A linear congruential generator (Knuth's MMIX constants): the same
        // inner points on every run.
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as i32
    };
    let mut points = Vec::new();
    for layout in LAYOUTS {
        let mut at = |lines, chars| points.push(Point { layout, lines, chars });
        for (lines, chars) in [(l0, c0), (l0, c1), (l1, c0), (l1, c1), (l0, cm), (l1, cm), (lm, c0), (lm, c1)] {
            at(lines, chars);
        }
        for _ in 0..2 {
            let (lines, chars) = (l0 + 1 + next(l1 - l0 - 1), c0 + 1 + next(c1 - c0 - 1));
            at(lines, chars);
        }
    }
    points
}

fn whole_grid() -> Vec<Point> {
    LAYOUTS
        .iter()
        .flat_map(|&layout| LINES.flat_map(move |lines| CHARS.map(move |chars| Point { layout, lines, chars })))
        .collect()
}

/// What one build found.
enum Found {
    Fine,
    /// A fault of the programme table in a narrow block (not a whole page).
    Programme(String),
    Faults(Vec<String>),
}

/// Whether a diagnostic's line lies in the edition's programme items (the
/// nearest table header above it).
fn in_programme(out: &sasshi::Outcome<sasshi::Rendered>, d: &sasshi::diag::Diagnostic) -> bool {
    let Some(span) = &d.span else { return false };
    let text = &out.sources.get(span.file).text;
    text[..span.range.start.min(text.len())]
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('['))
        .is_some_and(|h| h.trim_start().starts_with("[[programme.items"))
}

/// The texts of a document's pages in its frames, whitespace removed.
fn frame_texts(doc: &sasshi::frame::Document) -> Vec<String> {
    doc.pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|it| if let Item::Text(t) = it { Some(squeeze(&t.text())) } else { None })
                .collect()
        })
        .collect()
}

/// Build `edition` with `layout` and check it.
fn build(edition: &Path, layout: &Path, name: &str) -> Found {
    let options = sasshi::Options { layout: Some(layout.to_path_buf()), ..Default::default() };
    let out = sasshi::render(edition, &options);
    let diagnostics = out.diags.render(&out.sources, "en");
    let Some(r) = out.result.as_ref() else {
        let errors: Vec<_> = out.diags.errors().collect();
        if !errors.is_empty() && errors.iter().all(|d| in_programme(&out, d)) {
            return Found::Programme(format!("{name}:\n{diagnostics}"));
        }
        return Found::Faults(vec![format!("{name}: not built:\n{diagnostics}")]);
    };
    let mut faults = Vec::new();
    if out.diags.has_errors() {
        faults.push(format!("{name}: built with errors:\n{diagnostics}"));
    }
    let margin = sasshi::model::layout::WholePage::default().margin_mm * 72.0 / 25.4;
    for output in &r.documents {
        let kind = output.kind;
        let multiple = if kind == DocumentKind::Cover { 1 } else { 2 };
        let (_, problems) = sasshi::pdf::verify::verify(&output.bytes, multiple);
        if !problems.is_empty() {
            faults.push(format!("{name}: {kind:?} fails verify: {problems:?}"));
        }
        let frames = r.frames(kind);
        let pdf: Vec<String> = page_texts(&output.bytes).iter().map(|t| squeeze(t)).collect();
        let want = frame_texts(frames);
        if kind != DocumentKind::Cover && pdf != want {
            let page = pdf.iter().zip(&want).position(|(a, b)| a != b).map_or(0, |i| i + 1);
            faults.push(format!("{name}: {kind:?}: the PDF's text is not its frames' (page {page} of {})", pdf.len()));
        }
        if kind == DocumentKind::Cover && !want.iter().zip(&pdf).all(|(w, p)| p.contains(w.as_str())) {
            faults.push(format!("{name}: the cover's PDF text lacks its frames' lines"));
        }
        // Whole pages keep within the page's margins.
        for (n, page) in frames.pages.iter().enumerate() {
            if !matches!(page.kind, PageKind::Cover | PageKind::Divider | PageKind::Spread) {
                continue;
            }
            for it in &page.items {
                let Item::Text(t) = it else { continue };
                let (top, foot) = (t.origin.y.0 - 0.88 * t.size.0, t.origin.y.0 + 0.12 * t.size.0);
                let (left, right) = (t.origin.x.0, t.end().0);
                // (The spread's panels are checked head and foot only.)
                let across =
                    page.kind == PageKind::Spread || (left >= margin - 0.5 && right <= page.width.0 - margin + 0.5);
                let inside = top >= margin - 0.5 && foot <= page.height.0 - margin + 0.5 && across;
                if !inside {
                    faults.push(format!(
                        "{name}: {kind:?} page {}: {:?} is outside the page's margins",
                        n + 1,
                        t.text()
                    ));
                    break;
                }
            }
        }
    }
    // The title page's and the dividers' texts are printed.
    if let Some(loaded) = sasshi::check(edition, &options).result {
        let e = &loaded.edition;
        let programme = squeeze(&page_texts(r.bytes(DocumentKind::Programme)).concat());
        let cover = squeeze(&page_texts(r.bytes(DocumentKind::Cover)).concat());
        let booklet = squeeze(&page_texts(r.bytes(DocumentKind::Booklet)).concat());
        let mut title = vec![&e.title, &e.edition_text, &e.venue, &e.organiser.name];
        title.extend(e.sponsors.iter().flat_map(|s| &s.lines));
        for t in title {
            for (doc, what) in [(&programme, "programme"), (&cover, "cover")] {
                if !doc.contains(&squeeze(&t.value)) {
                    faults.push(format!("{name}: the title page's {:?} is not in the {what}", t.value));
                }
            }
        }
        for w in &loaded.winners {
            if !booklet.contains(&squeeze(&w.name.value)) {
                faults.push(format!("{name}: the winner {:?} is not in the booklet", w.name.value));
            }
        }
    } else {
        faults.push(format!("{name}: built, but check fails"));
    }
    if faults.is_empty() { Found::Fine } else { Found::Faults(faults) }
}

fn run(points: &[(PathBuf, Point)]) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("layout_grid");
    std::fs::create_dir_all(&dir).unwrap();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((edition, p)) = points.get(i) else { break };
                    let file = dir.join(format!("{}{:+}{:+}.toml", p.layout, p.lines, p.chars));
                    if !file.exists() {
                        let tmp = file.with_extension(format!("{i}.tmp"));
                        std::fs::write(&tmp, layout_text(*p)).unwrap();
                        std::fs::rename(&tmp, &file).unwrap();
                    }
                    let name = format!(
                        "{} with {} (lines {:+}, characters {:+})",
                        edition.file_name().unwrap().to_string_lossy(),
                        p.layout,
                        p.lines,
                        p.chars
                    );
                    let found = build(edition, &file, &name);
                    // Each fault as it is found, and the count so far: a long
                    // run cut short still says what it saw.
                    if let Found::Faults(f) = &found {
                        eprintln!("fault: {}", f.join("\n"));
                    }
                    let mut all = results.lock().unwrap();
                    all.push(found);
                    if all.len() % 100 == 0 {
                        eprintln!("{} of {} builds", all.len(), points.len());
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap();
    let mut faults = Vec::new();
    for r in results {
        match r {
            Found::Fine => {}
            Found::Programme(f) => faults.push(f),
            Found::Faults(f) => faults.extend(f),
        }
    }
    eprintln!("{} builds: {} faults", points.len(), faults.len());
    assert!(faults.is_empty(), "{} faults:\n{}", faults.len(), faults.join("\n"));
}

#[test]
fn adapted_grids_build_every_edition_with_whole_pages_on_their_page() {
    let editions = editions();
    let points: Vec<(PathBuf, Point)> = if std::env::var("SASSHI_LAYOUT_GRID").is_ok_and(|v| v == "all") {
        whole_grid().into_iter().flat_map(|p| editions.iter().map(move |e| (e.clone(), p))).collect()
    } else {
        // Each point with one edition in turn: every edition meets every layout.
        sample().into_iter().enumerate().map(|(i, p)| (editions[i % editions.len()].clone(), p)).collect()
    };
    run(&points);
}

#[test]
fn the_sample_holds_the_grids_corners_and_stays_inside_it() {
    let s = sample();
    for layout in LAYOUTS {
        for (lines, chars) in [(-8, -12), (-8, 2), (2, -12), (2, 2)] {
            assert!(s.contains(&Point { layout, lines, chars }), "{layout} {lines} {chars}");
        }
    }
    assert!(s.iter().all(|p| LINES.contains(&p.lines) && CHARS.contains(&p.chars)));
    assert_eq!(whole_grid().len(), 3 * 11 * 15);
}

/// A text block of 17 ems on A4 (issue #25): 2006 builds, its title page as
/// wide as it was.
#[test]
fn a_seventeen_em_text_block_builds_2006() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("layout_grid");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    let text = text.replace("chars_per_line = 40", "chars_per_line = 17");
    assert!(text.contains("chars_per_line = 17"));
    let file = dir.join("a4-17em.toml");
    std::fs::write(&file, text).unwrap();
    let found = build(&root().join("entries/2006-07"), &file, "2006 with a 17-em a4");
    match found {
        Found::Fine => {}
        Found::Programme(f) => panic!("{f}"),
        Found::Faults(f) => panic!("{}", f.join("\n")),
    }
}
