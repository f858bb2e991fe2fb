//! `sasshi import`: the office's material as it arrives — a Word application
//! form (.docx) or an Excel list of winners (.xlsx) — turned into winner files
//! (`winners/<id>.toml`, the format of docs/entries.md) and, from a form, its
//! images (`images/`). A front end that writes entry TOML: nothing here lays
//! out or writes PDF; `sasshi check` reads what it wrote like any other entry.
//!
//! - [`docx`]: a form's headings become sections (matched to the category's
//!   `sections`), its paragraphs and lists the plain `body` text
//!   (`model::plain`), its tables and pictures `table` and `figure` blocks, and
//!   the table of the applicant's particulars (団体名, ふりがな, 所在地, …) the
//!   winner's fields.
//! - [`xlsx`]: each row under a header row (found by its words, [`xlsx::COLUMNS`])
//!   one winner file with an empty body and a TODO for the office.
//!
//! The file is a file from elsewhere: it is read only if it is a regular
//! file, at most [`LIMITS`]`.total` bytes; its zip package may hold at most
//! [`LIMITS`]`.count` parts, each inflated as a stream under a running count
//! (one part at most [`LIMITS`]`.file`, all together [`LIMITS`]`.total`) before
//! any of it is parsed — the limits of `sasshi rebuild` (`archive.rs`) for the
//! same kind of input. No name from the file reaches the file system: the
//! written files are named from the winner's id and a count. What cannot be
//! mapped is listed ([`Note`], with its place in the document); an error
//! writes nothing.

pub mod docx;
pub mod xlsx;

use crate::diag::Message;
use crate::model::input;
use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The limits on a document's zip package: those `sasshi rebuild` applies to
/// an archive copy's attachments (64 MiB a part — the image limit —, 1 GiB in
/// all, 10,000 parts). The file itself may be as large as all its parts.
pub const LIMITS: crate::archive::Limits = crate::archive::LIMITS;

/// Where in the imported document a note is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The document as a whole.
    Whole,
    /// A paragraph of a Word document: its number among the body's
    /// paragraphs (1-based) and its first characters.
    Paragraph { n: usize, text: String },
    /// A cell of a Word document's table (each 1-based).
    Table { table: usize, row: usize, col: usize },
    /// A cell of a spreadsheet: sheet, row (1-based), column (1-based).
    Cell { sheet: String, row: usize, col: usize },
    /// A sheet of a spreadsheet.
    Sheet(String),
}

impl Place {
    /// The place as staff read it, in `lang`.
    pub fn render(&self, lang: &str) -> String {
        match self {
            Place::Whole => String::new(),
            Place::Paragraph { n, text } => {
                Message::new("import.at_paragraph").arg("n", n.to_string()).arg("text", text.clone()).render(lang)
            }
            Place::Table { table, row, col } => Message::new("import.at_table")
                .arg("table", table.to_string())
                .arg("row", row.to_string())
                .arg("col", col.to_string())
                .render(lang),
            Place::Cell { sheet, row, col } => Message::new("import.at_cell")
                .arg("sheet", sheet.clone())
                .arg("cell", format!("{}{row}", column_letters(*col)))
                .render(lang),
            Place::Sheet(sheet) => Message::new("import.at_sheet").arg("sheet", sheet.clone()).render(lang),
        }
    }
}

/// Excel's name of a 1-based column: 1 → A, 27 → AA.
pub fn column_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    while col > 0 {
        let r = (col - 1) % 26;
        s.push(b'A' + r as u8);
        col = (col - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Something the import could not map (a warning: the rest was written), or
/// that stops it (an error: nothing is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub error: bool,
    pub place: Place,
    pub message: Message,
    pub hint: Option<Box<Message>>,
}

impl Note {
    pub fn warning(place: Place, message: Message) -> Note {
        Note { error: false, place, message, hint: None }
    }
    pub fn error(place: Place, message: Message) -> Note {
        Note { error: true, place, message, hint: None }
    }
    pub fn with_hint(mut self, hint: Message) -> Note {
        self.hint = Some(Box::new(hint));
        self
    }
}

/// What an import writes: every file (path and bytes, all in the edition
/// folder), the winner files among them, and the notes.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub winners: Vec<PathBuf>,
    pub notes: Vec<Note>,
}

/// The edition's categories, as an import needs them (ids, names, awards and
/// the form's section headings), and the ids and file names already taken.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub dir: PathBuf,
    pub categories: Vec<TargetCategory>,
    /// Ids of the winner files already in `winners/`, and their file stems.
    pub taken: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct TargetCategory {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub numeral: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub awards: Vec<String>,
    #[serde(default)]
    pub sections: Vec<String>,
}

impl TargetCategory {
    /// The category as printed: "Ⅱ 地域協働実践の部".
    pub fn shown(&self) -> String {
        format!("{} {}", self.numeral, self.name).trim().to_string()
    }
}

impl Target {
    /// Read what an import needs from an edition folder: `edition.toml`'s
    /// categories (only them: `check` reports the rest), and the ids taken.
    pub fn read(dir: &Path) -> Result<Target, Note> {
        #[derive(serde::Deserialize)]
        struct EditionFile {
            #[serde(default)]
            categories: Vec<TargetCategory>,
        }
        let path = dir.join("edition.toml");
        let unreadable = |detail: String| {
            Note::error(
                Place::Whole,
                Message::new("import.edition_unreadable").arg("path", path.display().to_string()).arg("detail", detail),
            )
            .with_hint(Message::new("import.edition_unreadable_hint"))
        };
        let bytes =
            input::read_regular(&path, crate::model::MAX_ENTRY_FILE_BYTES).map_err(|r| unreadable(format!("{r:?}")))?;
        let text = String::from_utf8(bytes).map_err(|e| unreadable(e.to_string()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let file: EditionFile = toml::from_str(text).map_err(|e| unreadable(e.message().to_string()))?;
        let mut taken = BTreeSet::new();
        if let Ok(entries) = std::fs::read_dir(dir.join("winners")) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let Some(stem) = name.strip_suffix(".toml") else { continue };
                taken.insert(stem.to_string());
                // The id inside, when the file says one (a file may be named
                // otherwise than its id).
                if let Ok(bytes) = input::read_regular(&e.path(), crate::model::MAX_ENTRY_FILE_BYTES)
                    && let Ok(text) = String::from_utf8(bytes)
                    && let Ok(table) = toml::from_str::<toml::Table>(&text)
                    && let Some(id) = table.get("id").and_then(|v| v.as_str())
                {
                    taken.insert(id.to_string());
                }
            }
        }
        Ok(Target { dir: dir.to_path_buf(), categories: file.categories, taken })
    }

    /// The category a cell or a form names: its id ("II"), numeral ("Ⅱ"),
    /// name ("地域協働実践の部") or numeral and name ("Ⅱ　地域協働実践の部"),
    /// compared without spaces, full-width letters as half-width.
    pub fn category(&self, value: &str) -> Option<&TargetCategory> {
        let v = folded(value);
        self.categories.iter().find(|c| {
            let (id, numeral, name) = (folded(&c.id), folded(&c.numeral), folded(&c.name));
            !v.is_empty()
                && (v == id
                    || v == numeral
                    || v == name
                    || v == format!("{numeral}{name}")
                    || v == format!("{id}{name}")
                    || v == format!("{id}.{name}"))
        })
    }

    /// The categories as a list for a message: "I（Ⅰ 地域づくり功労の部）, …".
    pub fn known_categories(&self) -> String {
        self.categories.iter().map(|c| c.shown()).collect::<Vec<_>>().join(", ")
    }

    /// A free id from `wanted` (`wanted`, else `wanted-2`, `wanted-3`, …),
    /// taken once chosen: a file is never written over an existing one.
    pub fn free_id(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "winner".to_string() } else { wanted.to_string() };
        let mut id = base.clone();
        let mut n = 1;
        while self.taken.contains(&id) || self.dir.join("winners").join(format!("{id}.toml")).exists() {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.taken.insert(id.clone());
        id
    }
}

/// A text compared loosely: no spaces, full-width ASCII as half-width, Roman
/// numerals (Ⅰ…Ⅻ) as letters, ASCII lower-case; a trailing colon dropped.
pub fn folded(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            c if c.is_whitespace() => {}
            '\u{FF01}'..='\u{FF5E}' => {
                out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c).to_ascii_lowercase());
            }
            'Ⅰ'..='Ⅻ' => {
                const ROMAN: [&str; 12] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];
                out.push_str(ROMAN[(c as u32 - 'Ⅰ' as u32) as usize]);
            }
            'ⅰ'..='ⅻ' => {
                const ROMAN: [&str; 12] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];
                out.push_str(ROMAN[(c as u32 - 'ⅰ' as u32) as usize]);
            }
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_end_matches([':', '：']).to_string()
}

/// Import `file` into the edition folder `dir`: the files to write and the
/// notes, or the notes that stop it (nothing is to be written then).
pub fn import(file: &Path, dir: &Path) -> Result<Plan, Vec<Note>> {
    let ext = file.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if ext != "docx" && ext != "xlsx" {
        return Err(vec![
            Note::error(Place::Whole, Message::new("import.unknown_kind"))
                .with_hint(Message::new("import.unknown_kind_hint")),
        ]);
    }
    let mut target = Target::read(dir).map_err(|n| vec![n])?;
    let bytes = read_document(file).map_err(|n| vec![n])?;
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // A reader that panics on a malformed file must not take the command with
    // it: the file is reported as unreadable.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if ext == "docx" { docx::import(&bytes, &stem, &mut target) } else { xlsx::import(&bytes, &stem, &mut target) }
    }));
    let plan = match result {
        Ok(r) => r?,
        Err(_) => {
            return Err(vec![Note::error(
                Place::Whole,
                Message::new("import.unreadable").arg("detail", "the reader stopped on this file"),
            )]);
        }
    };
    if plan.notes.iter().any(|n| n.error) {
        return Err(plan.notes);
    }
    Ok(plan)
}

/// The document's bytes: a regular file, at most [`LIMITS`]`.total`.
fn read_document(file: &Path) -> Result<Vec<u8>, Note> {
    input::read_regular(file, LIMITS.total).map_err(|r| {
        let m = match r {
            input::Refused::Missing => Message::new("import.missing"),
            input::Refused::TooLarge(_) => {
                Message::new("import.too_large").arg("max", crate::model::limits::human_size(LIMITS.total))
            }
            input::Refused::Folder => Message::new("import.folder"),
            input::Refused::Special(kind) => Message::new("import.special").arg("kind", format!("\u{1}{kind}")),
            other => Message::new("import.unreadable").arg("detail", format!("{other:?}")),
        };
        Note::error(Place::Whole, m)
    })
}

/// A zip package whose parts have been counted and inflated under the limits:
/// the parts by name, read again only through [`Package::part`].
pub struct Package<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    /// Open and check a zip package: at most [`LIMITS`]`.count` parts, each
    /// inflated to the end as a stream under the per-part and total limits
    /// (the sizes the package declares are not trusted: a part is stopped when
    /// its running count passes the limit).
    pub fn open(bytes: &'a [u8], kind: &str) -> Result<Package<'a>, Note> {
        let corrupt = |detail: String| {
            Note::error(Place::Whole, Message::new("import.not_a_package").arg("kind", kind).arg("detail", detail))
        };
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
        if zip.len() > LIMITS.count {
            return Err(Note::error(
                Place::Whole,
                Message::new("import.too_many_parts")
                    .arg("count", zip.len().to_string())
                    .arg("max", LIMITS.count.to_string()),
            ));
        }
        let mut total: u64 = 0;
        let mut sink = vec![0u8; 64 * 1024];
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).map_err(|e| corrupt(e.to_string()))?;
            let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
            let mut size: u64 = 0;
            loop {
                let n = part.read(&mut sink).map_err(|e| corrupt(format!("{name}: {e}")))?;
                if n == 0 {
                    break;
                }
                size += n as u64;
                total += n as u64;
                if size > LIMITS.file {
                    return Err(Note::error(
                        Place::Whole,
                        Message::new("import.part_too_large")
                            .arg("part", name)
                            .arg("max", crate::model::limits::human_size(LIMITS.file)),
                    ));
                }
                if total > LIMITS.total {
                    return Err(Note::error(
                        Place::Whole,
                        Message::new("import.parts_too_large")
                            .arg("max", crate::model::limits::human_size(LIMITS.total)),
                    ));
                }
            }
        }
        Ok(Package { zip })
    }

    /// A part's bytes (`None` when the package has no such part); the part
    /// was inflated within the limits when the package was opened.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, Note> {
        let mut part = match self.zip.by_name(name) {
            Ok(p) => p,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(Note::error(
                    Place::Whole,
                    Message::new("import.unreadable").arg("detail", format!("{name}: {e}")),
                ));
            }
        };
        let mut out = Vec::new();
        (&mut part).take(LIMITS.file + 1).read_to_end(&mut out).map_err(|e| {
            Note::error(Place::Whole, Message::new("import.unreadable").arg("detail", format!("{name}: {e}")))
        })?;
        Ok(Some(out))
    }

    /// A part as UTF-8 text (an XML part).
    pub fn text(&mut self, name: &str) -> Result<Option<String>, Note> {
        match self.part(name)? {
            None => Ok(None),
            Some(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
                Note::error(Place::Whole, Message::new("import.bad_xml").arg("part", name).arg("detail", "not UTF-8"))
            }),
        }
    }
}

/// An id from a web address's host ("https://www.kitagawa-sd.example.jp/" →
/// "kitagawa-sd"), else from a file name's ASCII letters and digits: ASCII
/// letters, digits and `-` only, as the format asks.
pub fn id_from(url: Option<&str>, fallback: &str) -> String {
    let from_url = url.and_then(|u| {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        let host = rest.split(['/', ':', '?', '#']).next()?;
        host.split('.').find(|l| !l.is_empty() && *l != "www").map(str::to_string)
    });
    let clean = |s: &str| {
        let mut id = String::new();
        for c in s.chars() {
            if c.is_ascii_alphanumeric() {
                id.push(c.to_ascii_lowercase());
            } else if !id.ends_with('-') && !id.is_empty() {
                id.push('-');
            }
        }
        id.trim_matches('-').chars().take(40).collect::<String>().trim_end_matches('-').to_string()
    };
    let id = from_url.map(|h| clean(&h)).filter(|s| !s.is_empty()).unwrap_or_else(|| clean(fallback));
    if id.is_empty() { "winner".to_string() } else { id }
}

/// A reading as the format wants it: katakana written as hiragana (the
/// collator compares kana either way; `check` asks for hiragana), spaces
/// removed. Whether anything changed, for a note.
pub fn hiragana_reading(s: &str) -> (String, bool) {
    let mut changed = false;
    let out: String = s
        .chars()
        .filter_map(|c| match c {
            'ァ'..='ヶ' => {
                changed = true;
                char::from_u32(c as u32 - 0x60)
            }
            c if c.is_whitespace() => {
                changed = true;
                None
            }
            c => Some(c),
        })
        .collect();
    (out, changed)
}

/// A TOML basic string: `"…"` with `\` `"` and every control character escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A multi-line text as a TOML literal string on lines of its own (`'''`
/// before and after, as staff paste a body), or as a basic string when the
/// text holds what a literal string cannot (`'''`, a control character).
pub fn multiline(s: &str) -> String {
    let literal_ok = !s.contains("'''") && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if literal_ok { format!("'''\n{s}\n'''") } else { quoted(s) }
}

/// A winner file being made: its fields in the order of docs/entries.md.
#[derive(Debug, Default, Clone)]
pub struct Draft {
    /// The comment on the file's first line.
    pub comment: String,
    pub id: String,
    pub category: Option<String>,
    pub award: Option<String>,
    pub name: Option<String>,
    pub reading: Option<String>,
    pub ward: Option<String>,
    pub url: Option<String>,
    pub overview: Option<String>,
    pub start: Option<String>,
    /// `[facts]`: key and value, in the format's order.
    pub facts: Vec<(&'static str, String)>,
    pub sections: Vec<SectionDraft>,
    /// Commented lines for the office, after the fields (a TODO).
    pub todo: Vec<String>,
}

#[derive(Debug, Default, Clone)]
pub struct SectionDraft {
    pub number: Option<usize>,
    pub heading: Option<String>,
    pub blocks: Vec<Out>,
}

/// A content block as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// Plain text (`body`): paragraphs and items in the plain form.
    Body(String),
    /// A labelled item the plain form would not read back as written.
    Item {
        label: String,
        text: String,
        level: u8,
    },
    Heading(String),
    Table {
        header: Option<Vec<String>>,
        rows: Vec<Vec<String>>,
    },
    Figure {
        path: String,
        caption: Option<String>,
        /// The source's description of the picture (Word's 代替テキスト).
        alt: Option<String>,
    },
}

impl Draft {
    /// The winner file's text. Required fields the source did not give are
    /// written empty with a TODO comment: `check` points at each.
    pub fn to_toml(&self) -> String {
        let mut s = String::new();
        for line in self.comment.lines() {
            s.push_str(&format!("# {line}\n"));
        }
        let todo = "   # TODO: 書いてください / fill in";
        s.push_str(&format!("id = {}\n", quoted(&self.id)));
        for (key, value, required) in [
            ("category", &self.category, true),
            ("award", &self.award, true),
            ("name", &self.name, true),
            ("reading", &self.reading, true),
            ("ward", &self.ward, false),
            ("url", &self.url, false),
            ("overview", &self.overview, false),
            ("start", &self.start, false),
        ] {
            match value {
                Some(v) => s.push_str(&format!("{key} = {}\n", quoted(v))),
                None if required => s.push_str(&format!("{key} = \"\"{todo}\n")),
                None => {}
            }
        }
        if !self.facts.is_empty() {
            s.push_str("\n[facts]\n");
            for (key, value) in &self.facts {
                s.push_str(&format!("{key} = {}\n", quoted(value)));
            }
        }
        for line in &self.todo {
            if line.is_empty() {
                s.push('\n');
            } else {
                s.push_str(&format!("# {line}\n"));
            }
        }
        for section in &self.sections {
            s.push_str("\n[[section]]\n");
            if let Some(n) = section.number {
                s.push_str(&format!("number = {n}\n"));
            }
            if let Some(h) = &section.heading {
                s.push_str(&format!("heading = {}\n", quoted(h)));
            }
            match section.blocks.as_slice() {
                [] => s.push_str("body = \"\"   # TODO: 本文がありません / no text\n"),
                [Out::Body(text)] => s.push_str(&format!("body = {}\n", multiline(text))),
                blocks => {
                    for b in blocks {
                        s.push_str("\n  [[section.content]]\n");
                        match b {
                            Out::Body(text) => s.push_str(&format!("  body = {}\n", multiline(text))),
                            Out::Item { label, text, level } => {
                                s.push_str(&format!("  label = {}\n  item = {}\n", quoted(label), quoted(text)));
                                if *level > 1 {
                                    s.push_str(&format!("  level = {level}\n"));
                                }
                            }
                            Out::Heading(h) => s.push_str(&format!("  heading = {}\n", quoted(h))),
                            Out::Table { header, rows } => {
                                if let Some(h) = header {
                                    s.push_str(&format!("  table.header = {}\n", array(h)));
                                }
                                s.push_str("  table.rows = [\n");
                                for r in rows {
                                    s.push_str(&format!("    {},\n", array(r)));
                                }
                                s.push_str("  ]\n");
                            }
                            Out::Figure { path, caption, alt } => {
                                s.push_str(&format!("  figure = {}\n", quoted(path)));
                                if let Some(c) = caption {
                                    s.push_str(&format!("  caption = {}\n", quoted(c)));
                                }
                                if let Some(a) = alt {
                                    s.push_str(&format!("  alt = {}\n", quoted(a)));
                                }
                            }
                        }
                    }
                }
            }
        }
        s
    }
}

/// A TOML array of strings on one line.
fn array(cells: &[String]) -> String {
    format!("[{}]", cells.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_strings_read_back_as_the_same_text() {
        for text in ["普通の文", "引用符\"と\\と'''", "改行\nと\tタブ", "制御\u{7}文字", "末尾の'"]
        {
            let toml_text = format!("a = {}\nb = {}\n", quoted(text), multiline(text));
            let t: toml::Table = toml::from_str(&toml_text).unwrap_or_else(|e| panic!("{toml_text}: {e}"));
            assert_eq!(t["a"].as_str(), Some(text));
            // A literal block ends with the newline before its closing quotes.
            assert_eq!(t["b"].as_str().map(|s| s.strip_suffix('\n').unwrap_or(s)), Some(text));
        }
    }

    #[test]
    fn ids_come_from_the_web_address_else_the_file_name() {
        assert_eq!(id_from(Some("https://www.kitagawa-sd.example.jp/"), "x"), "kitagawa-sd");
        assert_eq!(id_from(None, "Application Form (2)"), "application-form-2");
        assert_eq!(id_from(None, "応募用紙"), "winner");
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(28), "AB");
    }

    #[test]
    fn categories_are_found_by_id_numeral_or_name() {
        let t = Target {
            categories: vec![TargetCategory {
                id: "II".into(),
                numeral: "Ⅱ".into(),
                name: "地域協働実践の部".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        for v in ["II", "Ⅱ", "ｉｉ", "地域協働実践の部", "Ⅱ　地域協働実践の部", " II 地域協働実践の部 "]
        {
            assert!(t.category(v).is_some(), "{v}");
        }
        assert!(t.category("III").is_none());
        assert!(t.category("").is_none());
        assert_eq!(hiragana_reading("キタガワ そーしゃる"), ("きたがわそーしゃる".to_string(), true));
    }
}
