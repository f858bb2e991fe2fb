//! An Excel list of winners (.xlsx) → one winner file per row, read with
//! calamine after the package passed the zip limits ([`super::Package`]).
//!
//! The header row is found by its words, not by its place: in each sheet, the
//! first of its first [`HEADER_ROWS`] rows in which [`COLUMNS`]' words name
//! the name column and at least two others (a title line above it is fine).
//! Each row under it with any cell filled is one winner: its category and
//! award must be the edition's (an error at the cell otherwise: nothing is
//! written until the list is right), its body is left empty with a TODO the
//! office fills in.

use super::{Draft, Note, Place, Target};
use crate::diag::Message;
use calamine::{Data, Reader};

/// The rows searched for the header row.
pub const HEADER_ROWS: usize = 20;

/// The columns and the header words that name each (compared with
/// [`super::folded`]: no spaces, full-width letters as half-width, any case).
/// Required: name, reading and award; category when an award belongs to more
/// than one category; url and ward optional.
pub const COLUMNS: &[(&str, &[&str])] = &[
    (
        "name",
        &["受賞者", "受賞者名", "受賞団体", "受賞団体名", "団体名", "企業名", "会社名", "名称", "氏名", "名前", "name"],
    ),
    ("reading", &["よみ", "読み", "よみがな", "読みがな", "ふりがな", "フリガナ", "ヨミ", "reading", "kana"]),
    ("award", &["賞", "賞名", "受賞", "表彰", "award", "prize"]),
    ("category", &["部門", "部", "部門名", "応募部門", "category", "division"]),
    ("url", &["url", "ホームページ", "webサイト", "ウェブサイト", "website", "web", "hp"]),
    ("ward", &["区", "市区町村", "区市町村", "ward", "city"]),
];

/// The accepted header words, for a message: "name: 受賞者, …; reading: …".
pub fn accepted_words() -> String {
    COLUMNS.iter().map(|(c, words)| format!("{c}: {}", words.join(" "))).collect::<Vec<_>>().join("; ")
}

fn column_of(cell: &str) -> Option<&'static str> {
    let c = super::folded(cell);
    COLUMNS.iter().find(|(_, words)| words.iter().any(|w| super::folded(w) == c)).map(|(k, _)| *k)
}

/// A cell's text: a whole number without a decimal point.
fn cell_text(d: &Data) -> Result<String, String> {
    match d {
        Data::Empty => Ok(String::new()),
        Data::Error(e) => Err(format!("{e}")),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(format!("{}", *f as i64)),
        other => Ok(other.to_string().trim().to_string()),
    }
}

/// Import a list of winners.
pub fn import(bytes: &[u8], stem: &str, target: &mut Target) -> Result<super::Plan, Vec<Note>> {
    // The package's limits first: calamine then reads parts known to be bounded.
    super::Package::open(bytes, "Excel (.xlsx)").map_err(|n| vec![n])?;
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        vec![Note::error(
            Place::Whole,
            Message::new("import.not_a_package").arg("kind", "Excel (.xlsx)").arg("detail", e.to_string()),
        )]
    })?;
    let mut notes = Vec::new();
    let mut plan = super::Plan::default();
    let mut found_header = false;
    for sheet in book.sheet_names() {
        let range = match book.worksheet_range(&sheet) {
            Ok(r) => r,
            Err(e) => {
                notes.push(Note::error(
                    Place::Sheet(sheet.clone()),
                    Message::new("import.unreadable").arg("detail", e.to_string()),
                ));
                continue;
            }
        };
        let (row0, col0) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let rows: Vec<&[Data]> = range.rows().collect();
        // The header row: the name column and two others named.
        let header = rows.iter().take(HEADER_ROWS).enumerate().find_map(|(i, r)| {
            let cols: Vec<Option<&'static str>> =
                r.iter().map(|c| column_of(&cell_text(c).unwrap_or_default())).collect();
            let named = cols.iter().flatten().count();
            (cols.contains(&Some("name")) && named >= 3).then_some((i, cols))
        });
        let Some((header_at, cols)) = header else {
            if rows.iter().any(|r| r.iter().any(|c| !matches!(c, Data::Empty))) {
                notes.push(Note::warning(Place::Sheet(sheet.clone()), Message::new("import.sheet_skipped")));
            }
            continue;
        };
        found_header = true;
        let col = |name: &str| cols.iter().position(|c| *c == Some(name));
        let header_place =
            |c: usize| Place::Cell { sheet: sheet.clone(), row: row0 + header_at + 1, col: col0 + c + 1 };
        for required in ["reading", "award"] {
            if col(required).is_none() {
                notes.push(
                    Note::error(
                        header_place(0),
                        Message::new("import.missing_column")
                            .arg("column", format!("\u{1}import.column_{required}"))
                            .arg(
                                "words",
                                COLUMNS
                                    .iter()
                                    .find(|(c, _)| *c == required)
                                    .map(|(_, w)| w.join(" "))
                                    .unwrap_or_default(),
                            ),
                    )
                    .with_hint(Message::new("import.header_hint")),
                );
            }
        }
        if notes.iter().any(|n| n.error) {
            continue;
        }
        for (i, r) in rows.iter().enumerate().skip(header_at + 1) {
            let row = row0 + i + 1;
            let place = |c: usize| Place::Cell { sheet: sheet.clone(), row, col: col0 + c + 1 };
            let mut values: Vec<(usize, String)> = Vec::new();
            let mut bad = false;
            for (c, d) in r.iter().enumerate() {
                match cell_text(d) {
                    Ok(v) => values.push((c, v)),
                    Err(e) => {
                        if cols.get(c).copied().flatten().is_some() {
                            notes.push(Note::error(place(c), Message::new("import.cell_error").arg("value", e)));
                            bad = true;
                        }
                    }
                }
            }
            let get = |name: &str| -> (usize, String) {
                let c = col(name).unwrap_or(0);
                let v = col(name).and_then(|c| values.iter().find(|(k, _)| *k == c)).map(|(_, v)| v.clone());
                (c, v.unwrap_or_default())
            };
            // A row with nothing in the named columns is a gap, not a winner.
            if cols.iter().enumerate().all(|(c, k)| k.is_none() || values.iter().all(|(x, v)| *x != c || v.is_empty()))
            {
                continue;
            }
            if bad {
                continue;
            }
            let (name_col, name) = get("name");
            let (reading_col, reading) = get("reading");
            let (award_col, award) = get("award");
            let (category_col, category_value) = get("category");
            let url = get("url").1;
            let ward = get("ward").1;
            if name.is_empty() {
                notes.push(Note::error(
                    place(name_col),
                    Message::new("import.empty_cell").arg("column", "\u{1}import.column_name"),
                ));
                continue;
            }
            // The category: as the cell says, else the one the award belongs to.
            let category = if category_value.is_empty() {
                let with_award: Vec<_> = target.categories.iter().filter(|c| c.awards.contains(&award)).collect();
                match with_award.as_slice() {
                    [c] => Some((*c).clone()),
                    _ => {
                        let at = if col("category").is_some() { category_col } else { award_col };
                        notes.push(Note::error(
                            place(at),
                            Message::new("import.empty_cell").arg("column", "\u{1}import.column_category"),
                        ));
                        None
                    }
                }
            } else {
                match target.category(&category_value) {
                    Some(c) => Some(c.clone()),
                    None => {
                        notes.push(Note::error(
                            place(category_col),
                            Message::new("import.unknown_category")
                                .arg("value", category_value.clone())
                                .arg("known", target.known_categories()),
                        ));
                        None
                    }
                }
            };
            let Some(category) = category else { continue };
            if !category.awards.contains(&award) {
                let m = if award.is_empty() {
                    Message::new("import.empty_cell").arg("column", "\u{1}import.column_award")
                } else {
                    Message::new("import.unknown_award")
                        .arg("value", award.clone())
                        .arg("category", category.shown())
                        .arg("known", category.awards.join(", "))
                };
                notes.push(Note::error(place(award_col), m));
                continue;
            }
            let mut draft = Draft {
                category: Some(category.id.clone()),
                award: Some(award.clone()),
                name: Some(name.clone()),
                ward: (!ward.is_empty()).then_some(ward),
                url: (!url.is_empty()).then_some(url.clone()),
                ..Default::default()
            };
            if reading.is_empty() {
                notes.push(Note::warning(
                    place(reading_col),
                    Message::new("import.empty_cell").arg("column", "\u{1}import.column_reading"),
                ));
            } else {
                let (r, changed) = super::hiragana_reading(&reading);
                if changed {
                    notes.push(Note::warning(
                        place(reading_col),
                        Message::new("import.reading_changed").arg("reading", r.clone()),
                    ));
                }
                draft.reading = Some(r);
            }
            draft.id =
                target.free_id(&super::id_from(Some(url.as_str()).filter(|u| !u.is_empty()), &format!("{stem}-{row}")));
            draft.comment =
                format!("{name} — {} {award}（sasshi import: {stem}.xlsx, {sheet} {}）", category.shown(), row);
            draft.todo = todo_lines(&category.sections);
            let path = target.dir.join("winners").join(format!("{}.toml", draft.id));
            plan.files.push((path.clone(), draft.to_toml().into_bytes()));
            plan.winners.push(path);
        }
    }
    if !found_header {
        notes.push(
            Note::error(Place::Whole, Message::new("import.no_header").arg("words", accepted_words()))
                .with_hint(Message::new("import.header_hint")),
        );
    } else if plan.winners.is_empty() && !notes.iter().any(|n| n.error) {
        notes.push(Note::error(Place::Whole, Message::new("import.no_rows")));
    }
    plan.notes = notes;
    Ok(plan)
}

/// The TODO of a winner imported from a list: the body, with the category's
/// sections to fill in, commented out.
fn todo_lines(sections: &[String]) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        "TODO（事務局）: 本文を書いてください。各節の # を外し、応募書類の文章を body に貼り付けます。".to_string(),
        "TODO (office): write the text. Remove the # of each section and paste the text into body.".to_string(),
    ];
    for (i, s) in sections.iter().enumerate() {
        lines.push(String::new());
        lines.push("[[section]]".to_string());
        lines.push(format!("number = {}   # {}", i + 1, s.replace('\n', "")));
        lines.push("body = '''".to_string());
        lines.push("'''".to_string());
    }
    lines
}
