//! Stage 1: entries (TOML) → model. Loading, validation with spans, and the
//! derived order of winners. Nothing here knows about pages or PDF.

pub mod collation;
pub mod content;
pub mod edition;
pub mod fields;
pub mod input;
pub mod layout;
pub mod limits;
pub mod plain;
pub mod reader;
pub mod style;
pub mod syntax;
pub mod winner;

pub use content::{Block, Figure, TableBlock};
pub use edition::{Category, Edition};
pub use layout::Layout;
pub use reader::Text;
pub use winner::{Section, Winner};

use crate::diag::{Diagnostic, Diagnostics, Message, SourceFile, SourceMap, Span, shown_path};
use reader::Reader;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Largest entry file we read (a 5 MB paragraph is fine; a 50 MB file is a mistake).
pub const MAX_ENTRY_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A loaded edition: its data, its winners in printed order, its layout.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The edition folder.
    pub dir: PathBuf,
    /// The folder name, e.g. "2006-07": names the output folder.
    pub name: String,
    pub edition: Edition,
    /// Winners in printed order: category, award level, then reading (五十音順).
    pub winners: Vec<Winner>,
    pub layout: Layout,
    /// Every image the entries place, read and decoded once, by path.
    pub images: Images,
}

/// Decoded images by their path.
pub type Images = BTreeMap<PathBuf, std::sync::Arc<crate::picture::Picture>>;

/// Read an entry or layout file as UTF-8 text, reporting missing, unreadable,
/// non-UTF-8, BOM and oversized files as diagnostics. `roots`: the folders the
/// file must resolve into (`None`: a file the user named on the command line);
/// only a regular file is read, and at most [`MAX_ENTRY_FILE_BYTES`] of it
/// ([`input`]).
pub fn read_source(
    path: &Path,
    base: &Path,
    roots: Option<&input::Roots>,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<crate::diag::FileId> {
    let shown = shown_path(path, base);
    let bytes = match input::read_inside(path, roots, MAX_ENTRY_FILE_BYTES) {
        Ok(b) => b,
        Err(refused) => {
            diags.push(file_refused(&refused).in_file(shown));
            return None;
        }
    };
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        // A BOM is harmless: many Windows editors add one. Read past it.
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(sources.add(SourceFile::new(shown, path.to_path_buf(), text))),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
            let line = valid.matches('\n').count() + 1;
            diags.push(
                Diagnostic::error(None, "", Message::new("entry.not_utf8").arg("line", line.to_string()))
                    .with_hint(Message::new("hint.not_utf8"))
                    .in_file(shown),
            );
            None
        }
    }
}

/// The error for an entry file (or folder) that is not read, about the file
/// itself (the caller adds which).
pub(crate) fn file_refused(refused: &input::Refused) -> Diagnostic {
    use input::Refused as R;
    let (message, hint) = match refused {
        R::Missing => (Message::new("entry.file_missing"), Message::new("hint.file_missing")),
        R::Folder => (Message::new("entry.file_is_dir"), Message::new("hint.file_is_dir")),
        R::TooLarge(_) => (Message::new("entry.file_too_large"), Message::new("hint.file_too_large")),
        R::Unreadable => (Message::new("entry.file_unreadable"), Message::new("hint.file_unreadable")),
        R::LinkLoop => (Message::new("inputs.entry_link_loop"), Message::new("inputs.link_loop_hint")),
        R::Outside => (Message::new("inputs.entry_outside"), Message::new("inputs.entry_outside_hint")),
        R::Special(kind) => (
            Message::new("inputs.entry_special").arg("kind", Message::new(kind).render_key()),
            Message::new("inputs.special_hint"),
        ),
    };
    Diagnostic::error(None, "", message).with_hint(hint)
}

/// Parse TOML syntax, reporting syntax errors with their span.
fn parse_toml<'s>(file: crate::diag::FileId, text: &'s str, diags: &mut Diagnostics) -> Option<reader::Value<'s>> {
    match toml::de::DeTable::parse(text) {
        Ok(t) => {
            let span = t.span();
            Some(toml::Spanned::new(span, toml::de::DeValue::Table(t.into_inner())))
        }
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            // The parser's own depth limit (80) is reported like ours.
            let d = if e.message().contains("recurs") {
                too_deep(Span { file, range })
            } else if let Some(x) = syntax::explain(text) {
                // A mistake we know, said in the staff's terms where it is.
                Diagnostic::error(Some(Span { file, range: x.range }), "", x.message).with_hint(x.hint)
            } else {
                Diagnostic::error(
                    Some(Span { file, range }),
                    "",
                    Message::new("entry.toml_syntax").arg("detail", parser_detail(e.message())),
                )
                .with_hint(Message::new("hint.toml_syntax"))
            };
            diags.push(d);
            None
        }
    }
}

/// The TOML parser's own words (English) for the mistakes staff make most,
/// said in the reader's language instead (issue #26); others as the parser
/// has them.
pub(crate) fn parser_detail(message: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("string values must be quoted", "paste.toml_unquoted"),
        ("duplicate key", "paste.toml_duplicate_key"),
        ("key with no value", "paste.toml_no_value"),
        ("unclosed table", "paste.toml_unclosed_table"),
        ("unclosed array", "paste.toml_unclosed_array"),
        ("unexpected key or value, expected newline", "paste.toml_after_value"),
        ("missing escaped value", "paste.toml_escape"),
        ("invalid escape", "paste.toml_escape"),
    ];
    let message = message.trim();
    match KNOWN.iter().find(|(start, _)| message.starts_with(start)) {
        Some((_, key)) => Message::new(key).render_key(),
        None => message.to_string(),
    }
}

fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::error(Some(span), "", Message::new("robust.too_deep").arg("max", limits::MAX_NESTING.to_string()))
        .with_hint(Message::new("robust.too_deep_hint"))
}

/// Parse an entry file and check what every file must satisfy before its fields
/// are read: not empty, not nested deeper than [`limits::MAX_NESTING`].
fn parse_entry<'s>(
    file: crate::diag::FileId,
    text: &'s str,
    shown: &str,
    diags: &mut Diagnostics,
) -> Option<reader::Value<'s>> {
    // A raw control character (TOML allows none but tab) is reported as such, not
    // as the parser's "expected visible characters".
    let forbidden = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}';
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| forbidden(c)) {
        diags.push(
            Diagnostic::error(
                Some(Span { file, range: i..i + c.len_utf8() }),
                "",
                Message::new("entry.control_char").arg("code", format!("U+{:04X}", c as u32)),
            )
            .with_hint(Message::new("hint.control_char")),
        );
        return None;
    }
    let root = parse_toml(file, text, diags)?;
    if let toml::de::DeValue::Table(t) = root.get_ref()
        && t.is_empty()
    {
        // One clear message rather than every required field missing.
        diags.push(
            Diagnostic::error(None, "", Message::new("robust.empty_file"))
                .with_hint(Message::new("robust.empty_file_hint"))
                .in_file(shown.to_string()),
        );
        return None;
    }
    if let Some(range) = limits::too_deep(&root) {
        diags.push(too_deep(Span { file, range }));
        return None;
    }
    Some(root)
}

/// Which layout to load.
#[derive(Debug, Clone)]
pub enum LayoutChoice {
    /// The layouts folder, and a name overriding the edition's `layout` field.
    Named(PathBuf, Option<String>),
    /// A layout file given by path.
    File(PathBuf),
}

/// Load and validate an edition folder, with every problem in `diags`.
pub fn load_edition(
    dir: &Path,
    layout_choice: &LayoutChoice,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    load_edition_reusing(dir, layout_choice, sources, diags, None)
}

/// [`load_edition`], taking from `images` the decoded images whose files are
/// unchanged (a rebuild: `watch`).
pub fn load_edition_reusing(
    dir: &Path,
    layout_choice: &LayoutChoice,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    images: Option<&ImageCache>,
) -> Option<Loaded> {
    let base = dir.parent().unwrap_or(dir);
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Entries and images are read from the edition folder only.
    let edition_roots = input::Roots::new([dir]);
    let edition_path = dir.join("edition.toml");
    let edition_file = read_source(&edition_path, base, Some(&edition_roots), sources, diags);
    let edition = edition_file.and_then(|file| {
        let text = sources.get(file).text.clone();
        let root = parse_entry(file, &text, &sources.get(file).shown, diags)?;
        edition::read_edition(&mut Reader { file, shown: sources.get(file).shown.clone(), diags }, &root)
    });

    let mut winners = Vec::new();
    let winners_dir = dir.join("winners");
    let files = winner_files(&winners_dir, &edition_roots, base, diags);
    for path in files.iter().flatten() {
        if let Some(file) = read_source(path, base, Some(&edition_roots), sources, diags) {
            let text = sources.get(file).text.clone();
            if let Some(root) = parse_entry(file, &text, &sources.get(file).shown, diags)
                && let Some(w) =
                    winner::read_winner(&mut Reader { file, shown: sources.get(file).shown.clone(), diags }, &root)
            {
                winners.push(w);
            }
        }
    }
    let edition = edition?;
    if files.as_ref().is_some_and(Vec::is_empty) {
        diags.push(
            Diagnostic::warning(None, "", Message::new("entry.no_winners"))
                .with_hint(Message::new("hint.no_winners"))
                .in_file(shown_path(&winners_dir, base)),
        );
    }
    let images = validate(&edition, &winners, dir, &edition_roots, sources, diags, images);
    if let (Some(previous), Some(file)) = (&edition.previous, edition_file) {
        left_from_previous(dir, previous, sources.get(file), diags);
    }

    let layout = load_chosen_layout(layout_choice, &edition, sources, diags);
    // Category, award level, reading in 五十音順 (JIS X 4061), id.
    winners.sort_by(|a, b| {
        let (ka, kb) = (order_key(&edition, a), order_key(&edition, b));
        (ka.0, ka.1)
            .cmp(&(kb.0, kb.1))
            .then_with(|| collation::compare_readings(&a.reading.value, &b.reading.value))
            .then_with(|| a.id.value.cmp(&b.id.value))
    });
    if diags.has_errors() {
        return None;
    }
    Some(Loaded { dir: dir.to_path_buf(), name, edition, winners, layout: layout?, images })
}

/// The winner files in `winners/`, in name order: every `.toml` file whose name
/// does not start with `_` (the template `new` writes). `None` when the folder
/// is refused: a link out of the edition, or more than
/// [`limits::MAX_WINNER_FILES`] names — counted before any file is read, so
/// that an edition of 100,000 files is refused in the time it takes to list
/// them (issue #24).
fn winner_files(
    winners_dir: &Path,
    roots: &input::Roots,
    base: &Path,
    diags: &mut Diagnostics,
) -> Option<Vec<PathBuf>> {
    let shown = shown_path(winners_dir, base);
    match std::fs::canonicalize(winners_dir) {
        Ok(resolved) if !roots.contain(&resolved) => {
            diags.push(file_refused(&input::Refused::Outside).in_file(shown));
            return None;
        }
        Ok(_) => {}
        // No winners folder: no winners (a warning, below).
        Err(_) => return Some(Vec::new()),
    }
    let Ok(listing) = std::fs::read_dir(winners_dir) else { return Some(Vec::new()) };
    let mut files = Vec::new();
    for entry in listing.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.ends_with(".toml") || name.starts_with('_') {
            continue;
        }
        if files.len() == limits::MAX_WINNER_FILES {
            diags.push(
                Diagnostic::error(
                    None,
                    "",
                    Message::new("inputs.too_many_winners")
                        .arg("max", limits::thousands(limits::MAX_WINNER_FILES as u64)),
                )
                .with_hint(Message::new("inputs.too_many_winners_hint"))
                .in_file(shown),
            );
            return None;
        }
        files.push(entry.path());
    }
    files.sort();
    Some(files)
}

/// The layout the edition names, or the one chosen on the command line. A name
/// is a file in the layouts folder and must resolve inside it (`layout =
/// "../x"` is refused at the field); a file given as `--layout FILE` may be
/// anywhere, but must be a regular file.
fn load_chosen_layout(
    choice: &LayoutChoice,
    edition: &Edition,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Layout> {
    let category_ids: Vec<&str> = edition.categories.iter().map(|c| c.id.value.as_str()).collect();
    let (dir, name) = match choice {
        LayoutChoice::File(f) => {
            // A file in a layouts folder is shown from that folder's parent
            // (`layouts/b5.toml`, as the shipped ones); any other as given —
            // `/tmp/x.toml` with its slash, not `tmp/x.toml`.
            let dir = f.parent().unwrap_or(Path::new("."));
            let base = match dir.parent() {
                Some(base) if dir.file_name().is_some_and(|n| n == "layouts") => base,
                _ => Path::new(""),
            };
            return layout::load_layout(f, base, None, &category_ids, sources, diags);
        }
        LayoutChoice::Named(dir, name) => (dir, name),
    };
    let path = dir.join(format!("{}.toml", name.as_deref().unwrap_or(&edition.layout.value)));
    let layout_base = dir.parent().unwrap_or(dir);
    let roots = input::Roots::new([dir.as_path()]);
    // The edition's field, or the name given on the command line (no place in a file).
    let (span, field, value) = match name {
        None => (Some(edition.layout.span.clone()), "layout", edition.layout.value.clone()),
        Some(n) => (None, "", n.clone()),
    };
    let at = |d: Diagnostic| if d.span.is_none() { d.in_file(shown_path(&path, layout_base)) } else { d };
    match input::resolve(&path, Some(&roots)) {
        Err(input::Refused::Missing) => {
            diags.push(at(Diagnostic::error(span, field, Message::new("entry.unknown_layout").arg("name", value))
                .with_hint(Message::new("hint.unknown_layout").arg("dir", shown_path(dir, layout_base)))));
            None
        }
        Err(input::Refused::Outside) => {
            diags.push(at(Diagnostic::error(span, field, Message::new("inputs.layout_outside").arg("name", value))
                .with_hint(Message::new("inputs.layout_outside_hint").arg("dir", shown_path(dir, layout_base)))));
            None
        }
        // Anything else is about the file itself: reading it says what.
        _ => layout::load_layout(&path, layout_base, Some(&roots), &category_ids, sources, diags),
    }
}

/// The parts of an edition that are rewritten every year: when one is still word
/// for word the previous edition's, staff have most likely forgotten it.
const REWRITTEN_EVERY_YEAR: &[&str] = &["introduction", "rules", "venue", "programme.venue"];

/// Warn about text left unchanged from the edition this one was started from.
/// `previous` names an edition beside this one (`sasshi new` writes its folder
/// name): the one file a build reads outside the edition folder, so it must be a
/// plain name whose `edition.toml` resolves inside the entries folder, and it is
/// read like an entry file (a regular file, at most [`MAX_ENTRY_FILE_BYTES`]).
/// A path (`../x`, `/x`) is an error at the field; a previous edition that
/// cannot be read is only not compared (the warning is a courtesy).
fn left_from_previous(dir: &Path, previous: &Text, now: &SourceFile, diags: &mut Diagnostics) {
    let plain = !previous.value.is_empty()
        && !matches!(previous.value.as_str(), "." | "..")
        && !previous.value.contains(['/', '\\'])
        && !Path::new(&previous.value).is_absolute();
    if !plain {
        diags.push(
            Diagnostic::error(
                Some(previous.span.clone()),
                "previous",
                Message::new("inputs.previous_not_a_name").arg("value", previous.value.clone()),
            )
            .with_hint(Message::new("inputs.previous_not_a_name_hint")),
        );
        return;
    }
    let Some(entries) = dir.parent() else { return };
    let prev_path = entries.join(&previous.value).join("edition.toml");
    let roots = input::Roots::new([entries]);
    let prev_text = input::resolve(&prev_path, Some(&roots))
        .and_then(|p| input::read_regular(&p, MAX_ENTRY_FILE_BYTES))
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    let parse = |t: &str| toml::from_str::<toml::Table>(t.trim_start_matches('\u{feff}')).ok();
    let (Some(now_table), Some(before)) = (parse(&now.text), prev_text.as_deref().and_then(parse)) else { return };
    let previous = previous.value.as_str();
    let shown = &now.shown;
    let now = now_table;
    let at = |t: &toml::Table, key: &str| -> Option<toml::Value> {
        let mut v: Option<&toml::Value> = None;
        for (i, part) in key.split('.').enumerate() {
            v = if i == 0 { t.get(part) } else { v?.as_table()?.get(part) };
        }
        v.cloned()
    };
    let same: Vec<&str> = REWRITTEN_EVERY_YEAR
        .iter()
        .copied()
        .filter(|k| at(&now, k).is_some_and(|v| Some(&v) == at(&before, k).as_ref()))
        .collect();
    if !same.is_empty() {
        diags.push(
            Diagnostic::warning(
                None,
                "",
                Message::new("entry.same_as_previous").arg("fields", same.join(", ")).arg("previous", previous),
            )
            .with_hint(Message::new("hint.same_as_previous"))
            .in_file(shown.clone()),
        );
    }
}

/// Decoded images a rebuild state keeps ([`crate::reuse::Reuse`]), by path:
/// each with the SHA-256 of the bytes it was decoded from and the file the path
/// resolved to. Keyed by content, not by modification time or size, which a
/// photo replaced under the same name may keep (issue #24).
pub type ImageCache = crate::reuse::Kept<PathBuf, KeptImage>;

/// An image as a rebuild state keeps it.
pub struct KeptImage {
    digest: [u8; 32],
    resolved: Option<PathBuf>,
    picture: std::sync::Arc<crate::picture::Picture>,
}

/// An image checked and decoded; with a rebuild state, the copy an earlier
/// build decoded when the path resolves to the same file and its bytes are the
/// same.
fn cached_image(path: &Path, roots: &input::Roots, kept: Option<&ImageCache>) -> Checked {
    use sha2::Digest;
    let Some(kept) = kept else { return limits::check_image(path, roots).map(std::sync::Arc::new) };
    // Read as a build reads it (inside the edition, a regular file, from one
    // handle, limited by the bytes read); anything else is left to
    // `limits::check_image` to report, as in a fresh build.
    let read = || input::read_inside(path, Some(roots), limits::MAX_IMAGE_FILE_BYTES).ok();
    let resolved = std::fs::canonicalize(path).ok();
    if let Some(bytes) = read() {
        let digest: [u8; 32] = sha2::Sha256::digest(&bytes).into();
        let same = |k: &KeptImage| (k.digest == digest && k.resolved == resolved).then(|| k.picture.clone());
        if let Some(picture) = kept.find(path, same) {
            return Ok(picture);
        }
    }
    let picture = std::sync::Arc::new(limits::check_image(path, roots)?);
    // Keyed by the bytes the picture holds: a file changed between the two
    // reads is kept under what was decoded.
    let digest = sha2::Sha256::digest(&picture.bytes).into();
    kept.insert(path.to_path_buf(), KeptImage { digest, resolved, picture: picture.clone() });
    Ok(picture)
}

/// A winner's category and award level, in the edition's order.
fn order_key(edition: &Edition, w: &Winner) -> (usize, usize) {
    let ci = edition.categories.iter().position(|c| c.id.value == w.category.value).unwrap_or(usize::MAX);
    let ai = edition
        .categories
        .get(ci)
        .and_then(|c| c.awards.iter().position(|a| a.value == w.award.value))
        .unwrap_or(usize::MAX);
    (ci, ai)
}

/// The weekday `date_text` writes — 「2006年12月13日（水）」 — against the one
/// `date` falls on: a copied date_text with last year's weekday is caught.
fn check_weekday(date: (u16, u8, u8), text: &Text, diags: &mut Diagnostics) {
    const DAYS: [char; 7] = ['日', '月', '火', '水', '木', '金', '土'];
    let chars: Vec<char> = text.value.chars().collect();
    let written = chars.windows(3).find_map(|w| {
        (matches!(w[0], '（' | '(') && matches!(w[2], '）' | ')') && DAYS.contains(&w[1])).then_some(w[1])
    });
    let Some(written) = written else { return };
    // Days since 1970-01-01 (a Thursday), by the civil-from-days algorithm.
    let (y, m, d) = (i64::from(date.0), i64::from(date.1), i64::from(date.2));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let actual = DAYS[(days + 4).rem_euclid(7) as usize];
    if written != actual {
        diags.push(
            Diagnostic::error(
                Some(text.span.clone()),
                "date_text",
                Message::new("entry.weekday_mismatch")
                    .arg("written", written.to_string())
                    .arg("actual", actual.to_string())
                    .arg("date", format!("{}-{:02}-{:02}", date.0, date.1, date.2)),
            )
            .with_hint(Message::new("hint.weekday_mismatch")),
        );
    }
}

/// The year, month and day `date_text` writes — 「2006年12月13日（水）」,
/// 「平成18年１２月１３日」, 「12月13日」 — in full- or half-width digits; the
/// year, when written, in the Western calendar (平成/令和/昭和 converted, 元年
/// is 1).
fn written_date(text: &str) -> Option<(Option<i64>, i64, i64)> {
    let digit = |c: char| c.to_digit(10).or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32));
    let chars: Vec<char> = text.chars().collect();
    // The number that ends just before index `end`, and where it starts.
    let number_before = |end: usize| -> Option<(i64, usize)> {
        let start = (0..end).rev().take_while(|&i| digit(chars[i]).is_some()).last()?;
        let n = chars[start..end].iter().try_fold(0i64, |n, &c| Some(n * 10 + i64::from(digit(c)?)))?;
        Some((n, start))
    };
    // 「月」 with a number before it, then 「日」 right after the next number.
    let month_at = (0..chars.len()).find(|&i| chars[i] == '月' && number_before(i).is_some())?;
    let after: usize = (month_at + 1..chars.len()).take_while(|&i| digit(chars[i]).is_some()).count();
    let day_at = month_at + 1 + after;
    if after == 0 || chars.get(day_at) != Some(&'日') {
        return None;
    }
    let (month, month_start) = number_before(month_at)?;
    let (day, _) = number_before(day_at)?;
    let year_end = month_start.checked_sub(1).filter(|&i| chars[i] == '年');
    let year = year_end.and_then(|end| {
        let (y, start) = number_before(end).or_else(|| (end > 0 && chars[end - 1] == '元').then_some((1, end - 1)))?;
        let era: String = chars[start.saturating_sub(2)..start].iter().collect();
        Some(match era.as_str() {
            "令和" => y + 2018,
            "平成" => y + 1988,
            "昭和" => y + 1925,
            _ => y,
        })
    });
    Some((year, month, day))
}

/// `date_text` against `date`: a date_text copied from last year and changed in
/// its weekday only (「12月12日（水）」 for 2007-12-12, a Wednesday) would print
/// the wrong day with the right weekday, which the weekday check cannot see.
fn check_date_text(date: (u16, u8, u8), text: &Text, diags: &mut Diagnostics) {
    let Some((year, month, day)) = written_date(&text.value) else { return };
    let (y, m, d) = (i64::from(date.0), i64::from(date.1), i64::from(date.2));
    if month != m || day != d || year.is_some_and(|year| year != y) {
        let written = match year {
            Some(year) => format!("{year}-{month:02}-{day:02}"),
            None => format!("{month:02}-{day:02}"),
        };
        diags.push(
            Diagnostic::error(
                Some(text.span.clone()),
                "date_text",
                Message::new("paste.date_text_mismatch")
                    .arg("written", written)
                    .arg("date", format!("{y}-{m:02}-{d:02}")),
            )
            .with_hint(Message::new("paste.date_text_mismatch_hint")),
        );
    }
}

/// Corporate forms a reading should leave out (docs/entries.md: the reading of
/// 日本電気株式会社 is にほんでんき): with one, every 株式会社 sorts under か.
const CORPORATE_PREFIXES: &[&str] = &[
    "かぶしきがいしゃ",
    "かぶしきかいしゃ",
    "ゆうげんがいしゃ",
    "ゆうげんかいしゃ",
    "ごうどうがいしゃ",
    "ごうしがいしゃ",
    "ごうめいがいしゃ",
    "いっぱんしゃだんほうじん",
    "こうえきしゃだんほうじん",
    "しゃだんほうじん",
    "いっぱんざいだんほうじん",
    "こうえきざいだんほうじん",
    "ざいだんほうじん",
    "とくていひえいりかつどうほうじん",
    "えぬぴーおーほうじん",
    "がっこうほうじん",
    "しゃかいふくしほうじん",
    "いりょうほうじん",
    "どくりつぎょうせいほうじん",
];

/// The host of a web address, without `www.`: `http://www.nec.co.jp/` and
/// `https://nec.co.jp/telework` are one site.
fn url_domain(url: &str) -> Option<String> {
    let url = url.trim().to_ascii_lowercase();
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (host.contains('.')).then(|| host.to_string())
}

/// The checks for one firm printed twice under two name forms — the same
/// reading, the same web site — and for a reading that starts with a corporate
/// form. Warnings: two firms may share a reading or a host (a group's sites);
/// staff look and decide.
fn same_firm_checks<'w>(
    w: &'w Winner,
    readings: &mut BTreeMap<String, &'w Winner>,
    domains: &mut BTreeMap<String, &'w Winner>,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) {
    let name = collation::name_key(&w.name.value);
    let reading = collation::normalise_reading(&w.reading.value);
    if let Some(prefix) = CORPORATE_PREFIXES.iter().find(|p| reading.starts_with(**p) && reading.len() > p.len()) {
        diags.push(
            Diagnostic::warning(
                Some(w.reading.span.clone()),
                "reading",
                Message::new("paste.reading_corporate").arg("prefix", prefix.to_string()),
            )
            .with_hint(
                Message::new("paste.reading_corporate_hint").arg("reading", reading[prefix.len()..].to_string()),
            ),
        );
    }
    match readings.get(&reading) {
        Some(first) if collation::name_key(&first.name.value) != name => diags.push(
            Diagnostic::warning(
                Some(w.reading.span.clone()),
                "reading",
                Message::new("paste.same_reading")
                    .arg("reading", w.reading.value.clone())
                    .arg("name", w.name.value.clone())
                    .arg("other_name", first.name.value.clone())
                    .arg("other", place(sources, &first.reading.span)),
            )
            .with_hint(Message::new("paste.same_firm_hint")),
        ),
        Some(_) => {}
        None => {
            readings.insert(reading, w);
        }
    }
    let Some(url) = &w.url else { return };
    let Some(domain) = url_domain(&url.value) else { return };
    match domains.get(&domain) {
        Some(first)
            if collation::name_key(&first.name.value) != name
                && first.url.as_ref().is_some_and(|u| {
                    // The same address is `entry.duplicate_url`, an error, not this.
                    !u.value.trim().trim_end_matches('/').eq_ignore_ascii_case(url.value.trim().trim_end_matches('/'))
                }) =>
        {
            let first_url = first.url.as_ref().map_or(&url.span, |u| &u.span);
            diags.push(
                Diagnostic::warning(
                    Some(url.span.clone()),
                    "url",
                    Message::new("paste.same_domain")
                        .arg("domain", domain)
                        .arg("name", w.name.value.clone())
                        .arg("other_name", first.name.value.clone())
                        .arg("other", place(sources, first_url)),
                )
                .with_hint(Message::new("paste.same_firm_hint")),
            );
        }
        Some(_) => {}
        None => {
            domains.insert(domain, w);
        }
    }
}

/// "winners/nec.toml:4" for a diagnostic that points at a second place.
fn place(sources: &SourceMap, span: &Span) -> String {
    let file = sources.get(span.file);
    format!("{}:{}", file.shown, file.line_col(span.range.start).0)
}

/// Cross-file checks: ids unique, categories and awards known, images present.
fn validate(
    edition: &Edition,
    winners: &[Winner],
    dir: &Path,
    roots: &input::Roots,
    sources: &SourceMap,
    diags: &mut Diagnostics,
    kept: Option<&ImageCache>,
) -> Images {
    let mut ids: BTreeMap<&str, &Winner> = BTreeMap::new();
    // The same organisation or person in two winner files would be printed twice:
    // names compared as printed (NFKC, spaces removed), and URLs.
    let mut names: BTreeMap<String, &Winner> = BTreeMap::new();
    let mut urls: BTreeMap<String, &Winner> = BTreeMap::new();
    // The same firm under another name form (「日本電気株式会社」 and 「ＮＥＣ」,
    // 「(株)見本」 and 「見本株式会社」) has the same reading or the same web site.
    let mut readings: BTreeMap<String, &Winner> = BTreeMap::new();
    let mut domains: BTreeMap<String, &Winner> = BTreeMap::new();
    let categories_unread =
        diags.items.iter().any(|d| d.severity == crate::diag::Severity::Error && d.field.starts_with("categories"));
    for w in winners {
        same_firm_checks(w, &mut readings, &mut domains, sources, diags);
        if let Some(first) = names.insert(collation::name_key(&w.name.value), w) {
            diags.push(
                Diagnostic::error(
                    Some(w.name.span.clone()),
                    "name",
                    Message::new("entry.duplicate_name")
                        .arg("name", w.name.value.clone())
                        .arg("other", place(sources, &first.name.span)),
                )
                .with_hint(Message::new("hint.duplicate_winner")),
            );
        }
        if let Some(u) = &w.url {
            let key = u.value.trim().trim_end_matches('/').to_ascii_lowercase();
            if let Some(first) = urls.insert(key, w)
                && let Some(fu) = &first.url
            {
                diags.push(
                    Diagnostic::error(
                        Some(u.span.clone()),
                        "url",
                        Message::new("entry.duplicate_url")
                            .arg("url", u.value.clone())
                            .arg("other", place(sources, &fu.span)),
                    )
                    .with_hint(Message::new("hint.duplicate_winner")),
                );
            }
        }
        // Content against the form: numbered sections within the category's list.
        if let Some(cat) = edition.categories.iter().find(|c| c.id.value == w.category.value) {
            for s in &w.sections {
                if let (Some(n), Some(span)) = (s.number, &s.number_span)
                    && n as usize > cat.sections.len()
                {
                    diags.push(
                        Diagnostic::error(
                            Some(span.clone()),
                            "section.number",
                            Message::new("entry.section_number_beyond_form")
                                .arg("number", n.to_string())
                                .arg("category", cat.name.value.clone())
                                .arg("count", cat.sections.len().to_string()),
                        )
                        .with_hint(Message::new("hint.section_number_beyond_form")),
                    );
                }
            }
        }
        if !collation::is_kana_reading(&w.reading.value) {
            diags.push(
                Diagnostic::error(
                    Some(w.reading.span.clone()),
                    "reading",
                    Message::new("entry.reading_not_kana").arg("reading", w.reading.value.clone()),
                )
                .with_hint(Message::new("hint.reading_not_kana")),
            );
        }
        if !w.id.value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            diags.push(
                Diagnostic::error(Some(w.id.span.clone()), "id", Message::new("entry.bad_id"))
                    .with_hint(Message::new("hint.bad_id")),
            );
        }
        if let Some(first) = ids.insert(&w.id.value, w) {
            let _ = first;
            diags.push(
                Diagnostic::error(
                    Some(w.id.span.clone()),
                    "id",
                    Message::new("entry.duplicate_id").arg("id", w.id.value.clone()),
                )
                .with_hint(Message::new("hint.duplicate_id")),
            );
        }
        // The values to choose from — unless the edition's categories could
        // not all be read (their errors are above): then the list would be
        // empty or short, and the winner may be right.
        let one_of = |values: Vec<String>| {
            if categories_unread || values.is_empty() {
                Message::new("audit.categories_unread")
            } else {
                Message::new("hint.one_of").arg("values", values.join(", "))
            }
        };
        match edition.categories.iter().find(|c| c.id.value == w.category.value) {
            None => diags.push(
                Diagnostic::error(
                    Some(w.category.span.clone()),
                    "category",
                    Message::new("entry.unknown_category").arg("value", w.category.value.clone()),
                )
                .with_hint(one_of(edition.categories.iter().map(|c| c.id.value.clone()).collect())),
            ),
            Some(c) if !c.awards.iter().any(|a| a.value == w.award.value) => diags.push(
                Diagnostic::error(
                    Some(w.award.span.clone()),
                    "award",
                    Message::new("entry.unknown_award").arg("value", w.award.value.clone()),
                )
                .with_hint(one_of(c.awards.iter().map(|a| a.value.clone()).collect())),
            ),
            Some(_) => {}
        }
    }
    // Table rows with as many cells as the header.
    let parts = [&edition.introduction.content, &edition.rules.content];
    let tables = parts
        .into_iter()
        .flatten()
        .chain(winners.iter().flat_map(|w| w.sections.iter().flat_map(|s| &s.content)))
        .filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None });
    for t in tables {
        if t.header.is_empty() {
            continue;
        }
        for row in &t.rows {
            if let Some(first) = row.first()
                && row.len() != t.header.len()
            {
                diags.push(
                    Diagnostic::error(
                        Some(first.span.clone()),
                        "table.rows",
                        Message::new("entry.table_row_cells")
                            .arg("cells", row.len().to_string())
                            .arg("header", t.header.len().to_string()),
                    )
                    .with_hint(Message::new("hint.table_row_cells")),
                );
            }
        }
    }
    // A date far from the edition's year is reported at the date (edition.rs);
    // date_text is not compared with it too.
    if let (Some(date), Some(text)) = (edition.date, &edition.date_text)
        && (i64::from(date.0) - i64::from(edition.year)).abs() <= 1
    {
        check_date_text(date, text, diags);
        check_weekday(date, text, diags);
    }
    // Every figure, in the winners and in the edition's own parts.
    let mut figures: Vec<(String, &Figure)> = Vec::new();
    for (name, part) in [("introduction", &edition.introduction), ("rules", &edition.rules)] {
        for (bi, b) in part.content.iter().enumerate() {
            if let Block::Figure(f) = b {
                figures.push((format!("{name}.content[{bi}].figure"), f));
            }
        }
    }
    for w in winners {
        for (si, s) in w.sections.iter().enumerate() {
            for (bi, b) in s.content.iter().enumerate() {
                if let Block::Figure(f) = b {
                    figures.push((format!("section[{si}].content[{bi}].figure"), f));
                }
            }
        }
    }
    // Each file is read and decoded once, the files on all cores (decoding is
    // most of loading an edition); the problems are reported in the figures'
    // order, as before. A path that leads out of the edition folder, or to
    // anything but a regular file, is refused before it is opened ([`input`]).
    let paths: std::collections::BTreeSet<PathBuf> = figures.iter().map(|(_, f)| dir.join(&f.image.value)).collect();
    let (readable, refused): (Vec<PathBuf>, Vec<(PathBuf, Checked)>) =
        paths.into_iter().fold((Vec::new(), Vec::new()), |(mut ok, mut no), path| {
            match input::resolve(&path, Some(roots)) {
                Ok(_) => ok.push(path),
                Err(r) => no.push((path, Err(limits::ImageProblem::from(r)))),
            }
            (ok, no)
        });
    let mut checked: BTreeMap<PathBuf, Checked> =
        readable.iter().cloned().zip(decode_all(&readable, roots, kept)).collect();
    checked.extend(refused);
    for (field, f) in figures {
        if let Some(Err(problem)) = checked.get(&dir.join(&f.image.value)) {
            diags.push(image_diagnostic(f, field, problem));
        }
    }
    checked.into_iter().filter_map(|(path, r)| Some((path, r.ok()?))).collect()
}

type Checked = Result<std::sync::Arc<crate::picture::Picture>, limits::ImageProblem>;

/// [`cached_image`] for every path, on all cores; the results in the paths' order.
fn decode_all(paths: &[PathBuf], roots: &input::Roots, kept: Option<&ImageCache>) -> Vec<Checked> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, paths.len().max(1));
    if threads == 1 {
        return paths.iter().map(|p| cached_image(p, roots, kept)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Checked)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(path) = paths.get(i) else { break };
                        mine.push((i, cached_image(path, roots, kept)));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    done.sort_by_key(|(i, _)| *i);
    // A thread that panicked left its files out: decoded again here, one after
    // another, as before.
    let mut out = Vec::with_capacity(paths.len());
    let mut done = done.into_iter().peekable();
    for (i, path) in paths.iter().enumerate() {
        match done.next_if(|(k, _)| *k == i) {
            Some((_, r)) => out.push(r),
            None => out.push(cached_image(path, roots, kept)),
        }
    }
    out
}

/// The diagnostic for an image that cannot be printed.
fn image_diagnostic(f: &Figure, field: String, problem: &limits::ImageProblem) -> Diagnostic {
    use limits::ImageProblem as P;
    let path = f.image.value.clone();
    let (message, hint) = match problem {
        P::Missing => (Message::new("entry.image_missing").arg("path", path), Message::new("hint.image_missing")),
        P::IsDir => (Message::new("robust.image_is_dir").arg("path", path), Message::new("hint.image_missing")),
        P::Empty => (Message::new("robust.image_empty").arg("path", path), Message::new("robust.image_empty_hint")),
        P::TooLarge(Some(size)) => (
            Message::new("robust.image_file_too_large")
                .arg("path", path)
                .arg("size", limits::human_size(*size))
                .arg("max", limits::human_size(limits::MAX_IMAGE_FILE_BYTES)),
            Message::new("robust.image_too_large_hint"),
        ),
        P::TooLarge(None) => (
            Message::new("inputs.image_grew")
                .arg("path", path)
                .arg("max", limits::human_size(limits::MAX_IMAGE_FILE_BYTES)),
            Message::new("robust.image_too_large_hint"),
        ),
        P::Outside => {
            (Message::new("inputs.image_outside").arg("path", path), Message::new("inputs.image_outside_hint"))
        }
        P::LinkLoop => {
            (Message::new("inputs.image_link_loop").arg("path", path), Message::new("inputs.link_loop_hint"))
        }
        P::Special(kind) => (
            Message::new("inputs.image_special").arg("path", path).arg("kind", Message::new(kind).render_key()),
            Message::new("inputs.special_hint"),
        ),
        P::Unsupported(format) => (
            Message::new("robust.image_unsupported").arg("path", path).arg("format", format.clone()),
            Message::new("hint.image_unreadable"),
        ),
        P::Unreadable => {
            (Message::new("layout.image_unreadable").arg("path", path), Message::new("hint.image_unreadable"))
        }
        P::TooManyPixels(w, h) => (
            Message::new("robust.image_too_many_pixels")
                .arg("path", path)
                .arg("width", w.to_string())
                .arg("height", h.to_string())
                .arg("pixels", limits::thousands(u64::from(*w) * u64::from(*h)))
                .arg("max", limits::thousands(limits::MAX_IMAGE_PIXELS)),
            Message::new("robust.image_too_large_hint"),
        ),
        P::Corrupt => {
            (Message::new("robust.image_corrupt").arg("path", path), Message::new("robust.image_corrupt_hint"))
        }
    };
    Diagnostic::error(Some(f.image.span.clone()), field, message).with_hint(hint)
}

#[cfg(test)]
mod paste_checks {
    use super::*;

    #[test]
    fn the_date_written_in_date_text_is_read_in_each_form() {
        assert_eq!(written_date("2006年12月13日（水）"), Some((Some(2006), 12, 13)));
        assert_eq!(written_date("平成18年１２月１３日（水）"), Some((Some(2006), 12, 13)));
        assert_eq!(written_date("令和元年5月1日"), Some((Some(2019), 5, 1)));
        assert_eq!(written_date("12月13日（水）午後"), Some((None, 12, 13)));
        assert_eq!(written_date("師走の吉日"), None);
    }

    #[test]
    fn one_site_under_two_addresses_has_one_domain() {
        assert_eq!(url_domain("http://www.nec.co.jp/").as_deref(), Some("nec.co.jp"));
        assert_eq!(url_domain("https://NEC.co.jp:443/telework?x=1").as_deref(), Some("nec.co.jp"));
        assert_eq!(url_domain("www.nec.co.jp").as_deref(), Some("nec.co.jp"));
        assert_eq!(url_domain("なし"), None);
    }
}
