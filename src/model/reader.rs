//! A reader over a spanned TOML tree that collects *every* problem instead of
//! stopping at the first: unknown fields, missing required fields and wrong types,
//! each with its span and field path. (serde's derive stops at the first error, and
//! staff should fix a file in one go.)

use super::content::FigureSize;
use super::limits::{MAX_TEXT_BYTES, human_size};
use crate::diag::{Diagnostic, Diagnostics, FileId, Message, Span};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Text from an entry, with where it came from (for diagnostics during layout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

pub struct Reader<'d> {
    pub file: FileId,
    /// The file's name as shown in messages.
    pub shown: String,
    pub diags: &'d mut Diagnostics,
}

pub type Value<'a> = Spanned<DeValue<'a>>;

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "type.string",
        DeValue::Integer(_) => "type.integer",
        DeValue::Float(_) => "type.float",
        DeValue::Boolean(_) => "type.boolean",
        DeValue::Datetime(_) => "type.date",
        DeValue::Array(_) => "type.array",
        DeValue::Table(_) => "type.table",
    }
}

/// A table being read: its entries, its span and path, and which keys were used.
pub struct Table<'a, 't> {
    pub table: &'t DeTable<'a>,
    pub span: Span,
    pub path: String,
    allowed: &'static [&'static str],
}

impl<'d> Reader<'d> {
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span { file: self.file, range }
    }

    fn join(path: &str, key: &str) -> String {
        if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
    }

    /// Open a table, reporting any key not in `allowed`.
    pub fn table<'a, 't>(
        &mut self,
        v: &'t Value<'a>,
        path: &str,
        allowed: &'static [&'static str],
    ) -> Option<Table<'a, 't>> {
        match v.get_ref() {
            DeValue::Table(t) => {
                for (k, _) in t.iter() {
                    if !allowed.contains(&k.get_ref().as_ref()) {
                        let suggestion = closest(k.get_ref(), allowed);
                        let mut d = Diagnostic::error(
                            Some(self.span(k.span())),
                            Self::join(path, k.get_ref()),
                            Message::new("entry.unknown_field").arg("field", k.get_ref().to_string()),
                        );
                        d = d.with_hint(match suggestion {
                            Some(s) => Message::new("hint.did_you_mean").arg("field", s),
                            None => Message::new("hint.allowed_fields").arg("fields", allowed.join(", ")),
                        });
                        self.diags.push(d);
                    }
                }
                Some(Table { table: t, span: self.span(v.span()), path: path.to_string(), allowed })
            }
            other => {
                self.wrong_type(v, path, "type.table", other);
                None
            }
        }
    }

    pub fn wrong_type(&mut self, v: &Value, path: &str, expected: &'static str, found: &DeValue) {
        self.diags.push(
            Diagnostic::error(
                Some(self.span(v.span())),
                path,
                Message::new("entry.wrong_type")
                    .arg("expected", Message::new(expected).render_key())
                    .arg("found", Message::new(type_name(found)).render_key()),
            )
            .with_hint(Message::new("hint.wrong_type").arg("expected", Message::new(expected).render_key())),
        );
    }

    pub fn missing(&mut self, t: &Table, key: &str) {
        // A field missing at the top of a file is about the file, not its first line.
        let span = if t.path.is_empty() { None } else { Some(t.header_span()) };
        let mut d = Diagnostic::error(
            span,
            Self::join(&t.path, key),
            Message::new("entry.missing_field").arg("field", key.to_string()),
        )
        .with_hint(Message::new("hint.add_field").arg("field", key.to_string()));
        if t.path.is_empty() {
            d = d.in_file(self.shown.clone());
        }
        self.diags.push(d);
    }

    pub fn get<'a, 't>(&self, t: &Table<'a, 't>, key: &str) -> Option<&'t Value<'a>> {
        debug_assert!(t.allowed.contains(&key), "{key} not declared");
        t.table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
    }

    pub fn opt_text(&mut self, t: &Table, key: &str) -> Option<Text> {
        self.some_text(t, key, false)
    }

    /// A text field; `required`: deleting it is an error too, so an empty one's
    /// hint does not offer that (issue #26: `numeral = ""`).
    fn some_text(&mut self, t: &Table, key: &str, required: bool) -> Option<Text> {
        let v = self.get(t, key)?;
        let path = Self::join(&t.path, key);
        match v.get_ref() {
            DeValue::String(s) => {
                if s.trim().is_empty() {
                    let hint = if required {
                        Message::new("paste.empty_required_text").arg("field", key.to_string())
                    } else {
                        Message::new("hint.empty_text")
                    };
                    self.diags.push(
                        Diagnostic::error(Some(self.span(v.span())), path, Message::new("entry.empty_text"))
                            .with_hint(hint),
                    );
                    return None;
                }
                self.checked_text(v, &path, s)
            }
            other => {
                self.wrong_type(v, &path, "type.string", other);
                None
            }
        }
    }

    /// A string value that may be empty (a table cell): checked for control
    /// characters and length like every text.
    pub fn cell(&mut self, v: &Value, path: &str) -> Option<Text> {
        match v.get_ref() {
            DeValue::String(s) => self.checked_text(v, path, s),
            other => {
                self.wrong_type(v, path, "type.string", other);
                None
            }
        }
    }

    /// What every text must satisfy: no control characters (other than newlines
    /// and tabs), at most [`MAX_TEXT_BYTES`].
    fn checked_text(&mut self, v: &Value, path: &str, s: &str) -> Option<Text> {
        if s.len() > MAX_TEXT_BYTES {
            self.diags.push(
                Diagnostic::error(
                    Some(self.span(v.span().start..v.span().start + 1)),
                    path,
                    Message::new("robust.text_too_long")
                        .arg("size", human_size(s.len() as u64))
                        .arg("max", human_size(MAX_TEXT_BYTES as u64)),
                )
                .with_hint(Message::new("robust.text_too_long_hint")),
            );
            return None;
        }
        if let Some(c) = s.chars().find(|&c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
            self.diags.push(
                Diagnostic::error(
                    Some(self.span(v.span())),
                    path,
                    Message::new("entry.control_char").arg("code", format!("U+{:04X}", c as u32)),
                )
                .with_hint(Message::new("hint.control_char")),
            );
            return None;
        }
        self.invisible(v, path, s);
        Some(Text { value: self.full_width_kana(v, path, s), span: self.span(value_span(v)) })
    }

    /// Characters typed that the page would not show as typed: a word joiner
    /// (U+2060) has no glyph and is not printed — an error at its place, as
    /// every character is printed or said not to be; a soft hyphen (U+00AD)
    /// is printed as a visible hyphen where it stands, not only at a line's
    /// end — a warning. Both come with pasted text.
    fn invisible(&mut self, v: &Value, path: &str, s: &str) {
        let base = v.span().start + if s.contains('\n') { 4 } else { 1 };
        let mut warned_soft = false;
        for (i, c) in s.char_indices() {
            let key = match c {
                crate::text::WORD_JOINER => "audit.word_joiner",
                '\u{AD}' if !warned_soft => "audit.soft_hyphen",
                _ => continue,
            };
            let at = (base + i).min(v.span().end)..(base + i + c.len_utf8()).min(v.span().end);
            let message = Message::new(key).arg("code", format!("U+{:04X}", c as u32));
            let d = if c == '\u{AD}' {
                warned_soft = true;
                Diagnostic::warning(Some(self.span(at)), path, message)
            } else {
                Diagnostic::error(Some(self.span(at)), path, message)
            };
            self.diags.push(d.with_hint(Message::new(if c == '\u{AD}' {
                "audit.soft_hyphen_hint"
            } else {
                "audit.word_joiner_hint"
            })));
        }
    }

    /// A text with its half-width katakana made full-width, and a note at each
    /// run ([`super::plain::full_width_kana`]). Not in a `body` (read line by
    /// line, with its notes, in plain.rs); not in what names a file, a site or
    /// an id, where the characters must stay as typed; not in a figure's
    /// `text`, the words drawn in its picture, which the PDF's text gives back
    /// as the picture has them.
    fn full_width_kana(&mut self, v: &Value, path: &str, s: &str) -> String {
        const AS_TYPED: &[&str] = &["body", "id", "figure", "url", "email", "layout", "previous", "category", "text"];
        let key = path.rsplit('.').next().unwrap_or(path);
        let key = key.split('[').next().unwrap_or(key);
        if AS_TYPED.contains(&key) {
            return s.to_string();
        }
        let (converted, runs) = super::plain::full_width_kana(s);
        // Where the value starts in the file: after `"""` and its newline, or
        // after one quote (exact unless an escape comes before the run).
        let base = v.span().start + if s.contains('\n') { 4 } else { 1 };
        for (range, typed, printed) in runs {
            let at = (base + range.start).min(v.span().end)..(base + range.end).min(v.span().end);
            self.diags.push(super::plain::kana_note(self.span(at), path, &typed, &printed));
        }
        converted
    }

    pub fn text(&mut self, t: &Table, key: &str) -> Option<Text> {
        if self.get(t, key).is_none() {
            self.missing(t, key);
            return None;
        }
        self.some_text(t, key, true)
    }

    pub fn opt_int(&mut self, t: &Table, key: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        let v = self.get(t, key)?;
        let path = Self::join(&t.path, key);
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                Ok(n) if range.contains(&n) => Some(n),
                _ => {
                    self.diags.push(Diagnostic::error(
                        Some(self.span(v.span())),
                        path,
                        Message::new("entry.out_of_range")
                            .arg("min", range.start().to_string())
                            .arg("max", range.end().to_string()),
                    ));
                    None
                }
            },
            other => {
                self.wrong_type(v, &path, "type.integer", other);
                None
            }
        }
    }

    pub fn int(&mut self, t: &Table, key: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        if self.get(t, key).is_none() {
            self.missing(t, key);
            return None;
        }
        self.opt_int(t, key, range)
    }

    pub fn opt_bool(&mut self, t: &Table, key: &str) -> Option<bool> {
        let v = self.get(t, key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.wrong_type(v, &Self::join(&t.path, key), "type.boolean", other);
                None
            }
        }
    }

    /// An optional TOML date (`2006-12-13`) as (year, month, day).
    pub fn opt_date(&mut self, t: &Table, key: &str) -> Option<(u16, u8, u8)> {
        let v = self.get(t, key)?;
        match v.get_ref() {
            DeValue::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => {
                let d = dt.date.expect("checked");
                Some((d.year, d.month, d.day))
            }
            DeValue::String(s) if super::syntax::japanese_date(s).is_some() => {
                // 「2007年12月12日」 in quotes: say how to write it, not just "a date".
                let iso = super::syntax::japanese_date(s).unwrap_or_default();
                self.diags.push(
                    Diagnostic::error(
                        Some(self.span(v.span())),
                        Self::join(&t.path, key),
                        Message::new("syntax.japanese_date").arg("iso", iso.clone()),
                    )
                    .with_hint(Message::new("hint.japanese_date").arg("key", key.to_string()).arg("iso", iso)),
                );
                None
            }
            other => {
                self.wrong_type(v, &Self::join(&t.path, key), "type.date", other);
                None
            }
        }
    }

    /// An array; each element is given to `each` with its path.
    pub fn array<'a, 't>(&mut self, t: &Table<'a, 't>, key: &str) -> Vec<(String, &'t Value<'a>)> {
        let Some(v) = self.get(t, key) else { return Vec::new() };
        let path = Self::join(&t.path, key);
        match v.get_ref() {
            DeValue::Array(a) => a.iter().enumerate().map(|(i, e)| (format!("{path}[{i}]"), e)).collect(),
            other => {
                self.wrong_type(v, &path, "type.array", other);
                Vec::new()
            }
        }
    }

    /// A figure's `width`: a fraction of the text block's width (0 < w ≤ 1) or
    /// "natural" (its pixels at the layout's ppi).
    pub fn figure_width(&mut self, t: &Table, key: &str) -> Option<FigureSize> {
        let v = self.get(t, key)?;
        let path = Self::join(&t.path, key);
        let n = match v.get_ref() {
            DeValue::String(s) if s.trim() == "natural" => return Some(FigureSize::Natural),
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok().map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => {
                self.wrong_type(v, &path, "type.figure_width", other);
                return None;
            }
        };
        match n {
            Some(n) if n > 0.0 && n <= 1.0 => Some(FigureSize::Fraction(n)),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Some(self.span(v.span())),
                        path,
                        Message::new("entry.out_of_range").arg("min", "0").arg("max", "1"),
                    )
                    .with_hint(Message::new("hint.figure_width")),
                );
                None
            }
        }
    }

    /// An array of positive numbers (integers or decimals), e.g. relative widths.
    pub fn numbers(&mut self, t: &Table, key: &str) -> Vec<f64> {
        let mut out = Vec::new();
        for (path, e) in self.array(t, key) {
            let n = match e.get_ref() {
                DeValue::Integer(i) => {
                    i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok().map(|n| n as f64)
                }
                DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
                other => {
                    self.wrong_type(e, &path, "type.float", other);
                    continue;
                }
            };
            match n {
                Some(n) if n > 0.0 && n.is_finite() => out.push(n),
                _ => self.diags.push(Diagnostic::error(
                    Some(self.span(e.span())),
                    path,
                    Message::new("entry.out_of_range").arg("min", "0").arg("max", "∞"),
                )),
            }
        }
        out
    }

    /// An array of strings, or a single string taken as a one-element array.
    pub fn texts(&mut self, t: &Table, key: &str) -> Vec<Text> {
        if let Some(v) = self.get(t, key)
            && v.get_ref().is_str()
        {
            return self.opt_text(t, key).into_iter().collect();
        }
        let mut out = Vec::new();
        for (path, e) in self.array(t, key) {
            match e.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => {
                    if let Some(t) = self.checked_text(e, &path, s) {
                        out.push(t);
                    }
                }
                DeValue::String(_) => self.diags.push(
                    Diagnostic::error(Some(self.span(e.span())), path, Message::new("entry.empty_text"))
                        .with_hint(Message::new("hint.empty_text")),
                ),
                other => self.wrong_type(e, &path, "type.string", other),
            }
        }
        out
    }

    pub fn sub_table<'a, 't>(
        &mut self,
        t: &Table<'a, 't>,
        key: &str,
        allowed: &'static [&'static str],
        required: bool,
    ) -> Option<Table<'a, 't>> {
        match self.get(t, key) {
            Some(v) => self.table(v, &Self::join(&t.path, key), allowed),
            None => {
                if required {
                    self.missing(t, key);
                }
                None
            }
        }
    }
}

impl Table<'_, '_> {
    /// Where to point when a field is missing: the start of the table.
    pub fn header_span(&self) -> Span {
        Span { file: self.span.file, range: self.span.range.start..self.span.range.start + 1 }
    }
}

/// The span of a string's content: TOML spans include the quotes; staff want the
/// caret under the text.
fn value_span(v: &Value) -> std::ops::Range<usize> {
    v.span()
}

/// The allowed field nearest to a misspelt one (edit distance ≤ 2).
fn closest(key: &str, allowed: &[&str]) -> Option<String> {
    allowed.iter().map(|a| (edit_distance(key, a), *a)).filter(|&(d, _)| d <= 2).min().map(|(_, a)| a.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Message {
    /// A message used as an argument of another: rendered later, in the same
    /// language, by [`Message::render`] resolving `@key` references.
    pub fn render_key(&self) -> String {
        format!("\u{1}{}", self.key)
    }
}
