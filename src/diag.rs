//! Diagnostics: what went wrong, where in the user's files, and what to do.
//!
//! A diagnostic carries a span into a source file, the dotted path of the field, a
//! message key and its arguments. Messages live in `locales/` and are rendered in
//! the user's language only when printed, so the same run can be shown in Japanese
//! or English (and the tests check both).

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// An index into a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

/// A source file as read: its path as shown to the user, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in messages: relative to the edition's parent folder
    /// ("2006-07/winners/nec.toml"), so messages do not depend on where sasshi runs.
    pub shown: String,
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(shown: String, path: PathBuf, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { shown, path, text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        // A span may end inside a character (a one-byte span on a kanji).
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// Every source file read in one run.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    /// Every file read, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A localisable message: a key in `locales/*.toml` and named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message { key, args: Vec::new() }
    }
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Message {
        self.args.push((name, value.into()));
        self
    }
    /// The message in a language ("ja" or "en").
    pub fn render(&self, lang: &str) -> String {
        let mut s = rust_i18n::t!(self.key, locale = lang).into_owned();
        for (name, value) in &self.args {
            let value = match value.strip_prefix('\u{1}') {
                Some(key) => rust_i18n::t!(key, locale = lang).into_owned(),
                // Names, paths and values come from files and the file system:
                // escaped (a tool's own `detail` keeps its line breaks).
                None => escaped(value, *name == "detail"),
            };
            s = s.replace(&format!("%{{{name}}}"), &value);
        }
        s
    }
}

/// One problem found in the user's input or output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Option<Span>,
    /// The field's path, e.g. `section[2].content[0].p`.
    pub field: String,
    pub message: Message,
    pub hint: Option<Message>,
    /// A file the problem is about when there is no span (a missing file).
    pub file: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Option<Span>, field: impl Into<String>, message: Message) -> Diagnostic {
        Diagnostic { severity: Severity::Error, span, field: field.into(), message, hint: None, file: None }
    }
    pub fn warning(span: Option<Span>, field: impl Into<String>, message: Message) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(span, field, message) }
    }
    pub fn with_hint(mut self, hint: Message) -> Diagnostic {
        self.hint = Some(hint);
        self
    }
    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// Render like a compiler: location, message, the source line with a caret
    /// under the value, and a hint.
    pub fn render(&self, sources: &SourceMap, lang: &str) -> String {
        let mut out = String::new();
        let level = match self.severity {
            Severity::Error => Message::new("diag.error").render(lang),
            Severity::Warning => Message::new("diag.warning").render(lang),
        };
        let location = match &self.span {
            Some(span) => {
                let file = sources.get(span.file);
                let (line, col) = file.line_col(span.range.start);
                format!("{}:{line}:{col}", escaped(&file.shown, false))
            }
            None => escaped(self.file.as_deref().unwrap_or_default(), false),
        };
        // A diagnostic about no file in particular (a whole run, a bad argument)
        // prints no empty location: `error: message`, never `error: : message`.
        let location = if location.is_empty() { String::new() } else { format!("{location}: ") };
        let field = if self.field.is_empty() { String::new() } else { format!("{}: ", self.field) };
        let _ = writeln!(out, "{level}: {location}{field}{}", self.message.render(lang));
        if let Some(span) = &self.span {
            let file = sources.get(span.file);
            let (line, col) = file.line_col(span.range.start);
            let text = file.line_text(line);
            let width: usize = {
                let end = span.range.end.min(span.range.start + text.len()).max(span.range.start + 1);
                let (end_line, end_col) = file.line_col(end);
                if end_line == line {
                    end_col.saturating_sub(col).max(1)
                } else {
                    text.chars().count().saturating_sub(col - 1).max(1)
                }
            };
            let gutter = line.to_string().len();
            // A very long line (a 5 MB paragraph on one line) is shown as a window
            // of SHOWN characters around the caret, cut with "...".
            let total = text.chars().count();
            let skip = if total > SHOWN { (col - 1).saturating_sub(SHOWN / 3).min(total - SHOWN) } else { 0 };
            // Control characters are shown as their pictures (␇), never sent to the terminal.
            let shown: String = text.chars().skip(skip).take(SHOWN).map(visible).collect();
            let (pre, post) = (if skip > 0 { "..." } else { "" }, if skip + SHOWN < total { "..." } else { "" });
            let pad: String = pre.chars().map(|_| ' ').collect::<String>()
                + &text
                    .chars()
                    .skip(skip)
                    .take(col - 1 - skip)
                    .map(|c| {
                        if c == '\t' {
                            '\t'
                        } else if is_wide(c) {
                            '　'
                        } else {
                            ' '
                        }
                    })
                    .collect::<String>();
            let carets: String = text
                .chars()
                .skip(col - 1)
                .take(width.min((skip + SHOWN).saturating_sub(col - 1)))
                .map(|c| if is_wide(c) { "^^" } else { "^" })
                .collect();
            let _ = writeln!(out, "{:gutter$} |", "");
            let _ = writeln!(out, "{line} | {pre}{shown}{post}");
            let _ = writeln!(
                out,
                "{:gutter$} | {}{}",
                "",
                pad.replace('　', "  "),
                if carets.is_empty() { "^".to_string() } else { carets }
            );
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = {}: {}", Message::new("diag.hint").render(lang), hint.render(lang));
        }
        out
    }
}

/// Characters of a source line shown under a diagnostic.
const SHOWN: usize = 100;

/// A control character as its symbol in Unicode's Control Pictures block; a
/// bidirectional control as U+FFFD (one character, so the caret stays under
/// its column), which would otherwise reorder the line on the terminal.
fn visible(c: char) -> char {
    match c as u32 {
        n @ 0..=0x1F if c != '\t' => char::from_u32(0x2400 + n).unwrap_or('?'),
        0x7F => '\u{2421}',
        0x80..=0x9F => '\u{FFFD}',
        _ if is_bidi_control(c) => '\u{FFFD}',
        _ => c,
    }
}

/// The characters that reorder or hide text on a terminal: the explicit
/// bidirectional formatting characters (Unicode UAX #9 §2: LRE, RLE, PDF, LRO,
/// RLO, LRI, RLI, FSI, PDI, and the marks LRM, RLM, ALM).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A name or path as printed in a message: control characters (an escape
/// sequence in a file name would drive the terminal), bidirectional controls
/// (U+202E would print the rest of the line reversed), line and paragraph
/// separators and other invisible format characters are written as Rust writes
/// them, `\u{1b}`, `\u{202e}`; everything else as it is. `keep_newlines` for a
/// tool's own multi-line text.
pub fn escaped(s: &str, keep_newlines: bool) -> String {
    let hidden = |c: char| {
        (c.is_control() && !(keep_newlines && c == '\n'))
            || is_bidi_control(c)
            || matches!(c, '\u{200B}' | '\u{2028}' | '\u{2029}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
    };
    if !s.chars().any(hidden) {
        return s.to_string();
    }
    s.chars().map(|c| if hidden(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect()
}

/// Characters that take two columns in a terminal.
fn is_wide(c: char) -> bool {
    let c = c as u32;
    (0x1100..=0x115F).contains(&c)
        || (0x2E80..=0xA4CF).contains(&c)
        || (0xAC00..=0xD7A3).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0xFE30..=0xFE4F).contains(&c)
        || (0xFF00..=0xFF60).contains(&c)
        || (0xFFE0..=0xFFE6).contains(&c)
        || (0x20000..=0x3FFFD).contains(&c)
}

/// All problems of one run, in the order of their place in the sources.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Record a problem. An error that only restates a consequence — text cut
    /// off its page ([`CONSEQUENCES`]) — is not recorded where an error
    /// already names the cause at the same place (a divider's text that does
    /// not fit its page was reported twice), and gives way to one that comes
    /// after it.
    pub fn push(&mut self, d: Diagnostic) {
        let same_place = |x: &Diagnostic| x.severity == Severity::Error && x.span.is_some() && x.span == d.span;
        if d.severity == Severity::Error {
            if CONSEQUENCES.contains(&d.message.key) {
                if self.items.iter().any(|x| same_place(x) && !CONSEQUENCES.contains(&x.message.key)) {
                    return;
                }
            } else {
                self.items.retain(|x| !(same_place(x) && CONSEQUENCES.contains(&x.message.key)));
            }
        }
        self.items.push(d);
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }
    /// Sort by file name and position, errors before warnings at the same place;
    /// a problem about a whole file comes before those inside it.
    pub fn sort(&mut self, sources: &SourceMap) {
        let key = |d: &Diagnostic| match &d.span {
            Some(s) => (sources.get(s.file).shown.clone(), 1, s.range.start, d.severity),
            None => (d.file.clone().unwrap_or_default(), 0, 0, d.severity),
        };
        self.items.sort_by_key(key);
    }
    /// Name `file` as the place of every diagnostic that has none (neither a
    /// span nor a file): a caller that knows which file a run was about (the
    /// archive PDF given to `sasshi rebuild`) says so, instead of a message
    /// with no place at all.
    pub fn unplaced_in(&mut self, file: &str) {
        for d in self.items.iter_mut().filter(|d| d.span.is_none() && d.file.is_none()) {
            d.file = Some(file.to_string());
        }
    }
    pub fn render(&self, sources: &SourceMap, lang: &str) -> String {
        self.items.iter().map(|d| d.render(sources, lang)).collect::<Vec<_>>().join("\n")
    }
}

/// Errors that follow from another at the same place: text that would be cut
/// off its page, when its own check said why it does not fit.
const CONSEQUENCES: &[&str] = &["robust.off_page"];

/// The path of a file as shown in messages: relative to `base` when inside it.
pub fn shown_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
