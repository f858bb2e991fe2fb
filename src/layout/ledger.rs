//! The ledger of every character (issue #24; docs/entries.md, "no character is
//! dropped"): proof, in every build and before anything is written, that what
//! the recipes set reaches the pages whole — no character lost, doubled or
//! out of order.
//!
//! What it proves, for each document the layout makes:
//!
//! - Every line and column in the frames refers to the composition it was set
//!   from ([`Setting`]: the text as composed, after the documented
//!   normalisation of `text::normalize` — newlines inside an entry joined, the
//!   indentation after them dropped). Read in the frames' order — pages, the
//!   items of a page, the glyphs of a line or column: the order in which the
//!   PDF writer writes and tags them — the glyphs of one composition give back
//!   its text exactly: every character once and in order.
//! - The only characters with no glyph of their own are accounted for by name:
//!   the word joiners (U+2060) the kit puts between the characters of a
//!   person's name to keep it on one line (not printed, not in the PDF's
//!   text), and combining marks and variation selectors, which are part of the
//!   glyph before them. Spaces are not skipped: word spaces, U+3000 and the
//!   blanks at a line's end are glyphs with their text (the composer sets a
//!   line-end blank at no width), counted like any character.
//! - A hyphen the composer added inside an English word at a line end
//!   (`TextLine::hyphen`, the line's last glyph) is added, not a character of
//!   the text: it is left out of the count (an added hyphen in any other place,
//!   or a line that claims one and ends otherwise, breaks the order and is
//!   reported like any other glyph).
//! - A table's header row, repeated on each page a table continues on
//!   (`TextLine::header`), is printed whole each time; any other composition
//!   is printed once.
//!
//! A break in any of these — lines of a composition left out (a name cut to its
//! first line), a line placed twice, glyphs out of order — is an error at the
//! entry's file:line:column of the first character not printed where it should
//! be, in the document and on the page where it went missing: never a silent
//! cut. The compositions a recipe makes only to measure never reach the frames
//! and are not in the ledger.
//!
//! The other half of the round trip, that the PDF's text (ToUnicode) gives back
//! the frames' glyph text, is checked where the maps are made:
//! `pdf::fonts::check_to_unicode`.
//!
//! The check is a single pass over the glyphs with a cursor per composition (a
//! comparison of short strings per glyph, a lookup per line): see the README's
//! measurement of its cost.

use super::kit::compose::{Composer, locate};
use crate::diag::{Diagnostic, Message};
use crate::frame::{Document, GlyphText, Item, Setting};
use crate::text::WORD_JOINER;
use std::collections::HashMap;
use std::sync::Arc;

/// What went wrong with a composition's characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// Characters from the cursor on never reach the page (or reach it after
    /// the characters that follow them).
    Lost,
    /// A glyph gives back characters already printed: a line placed twice, or
    /// glyphs out of order.
    Again,
    /// A combining mark or variation selector whose glyph is only its base's:
    /// the page shows the base alone while the PDF's text gives back both
    /// (か + U+3099 printed か, 葛 + U+E0100 printed the usual 葛). `at` is the
    /// mark's offset.
    Mark,
}

/// The byte offset in `text` (one glyph's characters) of a mark the glyph
/// `id` of `font` does not draw: the glyph is the base character's own, and
/// the mark is neither the text-presentation selector U+FE0E (a text glyph is
/// what it asks for) nor a variation sequence the face maps to this glyph.
fn undrawn_mark(font: crate::font::FontId, id: u16, text: &str) -> Option<usize> {
    use crate::text::{is_mark, is_selector};
    let mut chars = text.char_indices();
    let (_, base) = chars.next()?;
    let face = crate::font::FontBook::get().face(font);
    for (i, m) in chars {
        if m == WORD_JOINER || m == '\u{FE0E}' {
            continue;
        }
        if !is_mark(m) {
            // Several characters drawn with one glyph: the ToUnicode check's matter.
            return None;
        }
        if is_selector(m) && face.variant_glyph(base, m) == Some(id) {
            continue;
        }
        if face.glyph_or_fallback(base) != Some(id) {
            // A glyph of its own for the sequence.
            continue;
        }
        return Some(i);
    }
    None
}

/// One composition whose glyphs do not give back its text.
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: Break,
    pub setting: Arc<Setting>,
    /// Byte offset in `setting.text` of the first character not printed where
    /// it should be.
    pub at: usize,
    /// 0-based page where the break shows (the page of the glyph that broke the
    /// order, or of the composition's last glyph for a lost tail).
    pub page: usize,
}

/// A composition being read: its cursor in the text.
struct Open {
    setting: Arc<Setting>,
    at: usize,
    page: usize,
    failed: bool,
}

/// The first offset at or after `at` that is not a word joiner.
fn skip_joiners(text: &str, mut at: usize) -> usize {
    while text[at..].starts_with(WORD_JOINER) {
        at += WORD_JOINER.len_utf8();
    }
    at
}

impl Open {
    /// Account for the next glyph of this composition, `g` its text.
    fn take(&mut self, g: &GlyphText, repeatable: bool) -> Option<Break> {
        let bytes = g.as_bytes();
        if bytes.is_empty() {
            // A glyph that stands for nothing: the ToUnicode check reports it.
            return None;
        }
        let text = &*self.setting.text;
        self.at = skip_joiners(text, self.at);
        if self.at == text.len() && repeatable {
            // A header row again, on the next page of its table.
            self.at = skip_joiners(text, 0);
        }
        if text.as_bytes()[self.at..].starts_with(bytes) {
            self.at += bytes.len();
            return None;
        }
        if text[self.at..].contains(g.as_str()) { Some(Break::Lost) } else { Some(Break::Again) }
    }
}

impl Open {
    /// [`Open::take`], and a finding for a mark the glyph does not draw
    /// ([`undrawn_mark`]; only a glyph of more than one character is looked at).
    fn take_glyph(
        &mut self,
        font: crate::font::FontId,
        id: u16,
        text: &GlyphText,
        repeatable: bool,
        page: usize,
        found: &mut Vec<Finding>,
    ) -> Option<Break> {
        let broke = self.take(text, repeatable);
        let s = text.as_str();
        if broke.is_none()
            && s.len() > s.chars().next().map_or(0, char::len_utf8)
            && let Some(i) = undrawn_mark(font, id, s)
        {
            let at = self.at - s.len() + i;
            found.push(Finding { kind: Break::Mark, setting: self.setting.clone(), at, page });
        }
        broke
    }
}

/// Read a document's frames against what they were set from; the findings in
/// the order they show (one per composition at most).
pub fn audit(doc: &Document) -> Vec<Finding> {
    let mut open: Vec<Open> = Vec::new();
    let mut index: HashMap<*const Setting, usize> = HashMap::new();
    let mut found = Vec::new();
    let mut last: Option<(*const Setting, usize)> = None;
    for (n, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let (setting, repeatable) = match item {
                Item::Text(t) => (t.setting.as_ref(), t.header),
                Item::Vertical(v) => (v.setting.as_ref(), false),
                _ => continue,
            };
            let Some(setting) = setting else { continue };
            let ptr = Arc::as_ptr(&setting.0);
            // Lines of one composition mostly follow each other.
            let k = match last {
                Some((p, k)) if p == ptr => k,
                _ => *index.entry(ptr).or_insert_with(|| {
                    open.push(Open { setting: setting.0.clone(), at: 0, page: n, failed: false });
                    open.len() - 1
                }),
            };
            last = Some((ptr, k));
            let o = &mut open[k];
            if o.failed {
                continue;
            }
            o.page = n;
            let mut broke = None;
            match item {
                Item::Text(t) => {
                    // A hyphen the composer added (`TextLine::hyphen`) is no
                    // character of the text: counted as added, not taken.
                    let source = &t.glyphs[..t.glyphs.len() - usize::from(t.hyphen && !t.glyphs.is_empty())];
                    for g in source {
                        broke = o.take_glyph(t.font, g.id, &g.text, repeatable, n, &mut found);
                        if broke.is_some() {
                            break;
                        }
                    }
                }
                Item::Vertical(v) => {
                    for g in &v.glyphs {
                        broke = o.take_glyph(v.font, g.id, &g.text, false, n, &mut found);
                        if broke.is_some() {
                            break;
                        }
                    }
                }
                _ => {}
            }
            if let Some(kind) = broke {
                o.failed = true;
                found.push(Finding { kind, setting: o.setting.clone(), at: o.at, page: n });
            }
        }
    }
    for o in open.into_iter().filter(|o| !o.failed) {
        let at = skip_joiners(&o.setting.text, o.at);
        if at < o.setting.text.len() {
            found.push(Finding { kind: Break::Lost, setting: o.setting, at, page: o.page });
        }
    }
    found
}

/// Characters of the text quoted in a message.
const QUOTED: usize = 30;

/// Check a document and report each finding as an error at the entry's
/// file:line:column (`document`: the locale key of the document's name).
pub fn check(doc: &Document, document: &'static str, c: &mut Composer) {
    for f in audit(doc) {
        let s = &f.setting;
        let span = s.span.as_ref().map(|span| {
            let value = s.value();
            let offset = if s.value.is_some() { crate::text::normalize(value).source_offset(f.at) } else { f.at };
            locate(c.sources, span, value, offset)
        });
        let quote = |t: &str| -> String {
            let visible: String = t.chars().filter(|&ch| ch != WORD_JOINER).collect();
            if visible.chars().count() > QUOTED {
                format!("{}…", visible.chars().take(QUOTED).collect::<String>())
            } else {
                visible
            }
        };
        if f.kind == Break::Mark {
            let mark = s.text[f.at..].chars().next().unwrap_or(' ');
            let base = s.text[..f.at].chars().rev().find(|&ch| ch != WORD_JOINER).unwrap_or(' ');
            let message = Message::new("audit.mark_not_printed")
                .arg("code", format!("U+{:04X}", mark as u32))
                .arg("base", base.to_string())
                .arg("page", (f.page + 1).to_string())
                .arg("document", Message::new(document).render_key());
            let hint = if crate::text::is_selector(mark) { "audit.selector_hint" } else { "audit.mark_hint" };
            c.diags.push(Diagnostic::error(span, "", message).with_hint(Message::new(hint)));
            continue;
        }
        let key = match f.kind {
            Break::Lost => "ledger.lost",
            Break::Again | Break::Mark => "ledger.again",
        };
        let message = Message::new(key)
            .arg("text", quote(&s.text))
            .arg("from", quote(&s.text[f.at..]))
            .arg("page", (f.page + 1).to_string())
            .arg("document", Message::new(document).render_key());
        c.diags.push(Diagnostic::error(span, "", message).with_hint(Message::new("ledger.hint")));
    }
}

/// How a recipe prints one field of the model (`model::fields::NAMES`): the
/// entries of the list of printed fields beside each recipe. A field the
/// recipes of a document print ([`Print::Yes`], [`Print::With`], a
/// [`Print::When`] that holds) must have been set into that document; the
/// others are declared with the reason they may be missing.
#[derive(Debug, Clone, Copy)]
pub enum Print {
    /// Composed into the document from its own span.
    Yes,
    /// Composed from its own span, or inside the composition of the named
    /// field of the same record (a winner's name with its Latin name and 様,
    /// the phone number with the fax number).
    With(&'static str),
    /// Printed inside the composition of the named field of the same record,
    /// wherever that one is printed (a category's numeral before its name):
    /// checked when the partner was set.
    Beside(&'static str),
    /// [`Print::Yes`] when the condition holds for the edition and layout (a
    /// layout setting, what the winners hold).
    When(fn(&crate::model::Loaded) -> bool),
    /// Printed under conditions of the record or its neighbours, as the text
    /// says: not checked.
    Sometimes(&'static str),
    /// Deliberately not printed, for the reason given (a reading used only for
    /// sorting, a file path).
    No(&'static str),
}

/// A recipe's list of the fields it prints and does not print.
pub type Printed = &'static [(&'static str, Print)];

/// What a document owes a field: its own span set, or that or the partner's.
#[derive(Clone, Copy, PartialEq)]
enum Owed {
    Own,
    /// The partner's composition holds it (`strict`: even when the partner
    /// was not set at all).
    With(&'static str, bool),
}

/// The strongest requirement the lists make of `name`.
fn owed(lists: &[Printed], name: &str, loaded: &crate::model::Loaded) -> Option<Owed> {
    let mut found = None;
    for (n, p) in lists.iter().flat_map(|l| l.iter()) {
        if *n != name {
            continue;
        }
        match *p {
            Print::Yes => return Some(Owed::Own),
            Print::When(cond) if cond(loaded) => return Some(Owed::Own),
            Print::With(partner) => found = Some(Owed::With(partner, true)),
            Print::Beside(partner) if found.is_none() => found = Some(Owed::With(partner, false)),
            _ => {}
        }
    }
    found
}

/// The spans the document's compositions were set from, sorted by file and
/// start: (file, start, end, setting).
fn set_spans(doc: &Document) -> Vec<(u32, usize, usize, &Setting)> {
    let mut out = Vec::new();
    let mut last: *const Setting = std::ptr::null();
    for page in &doc.pages {
        for item in &page.items {
            let setting = match item {
                Item::Text(t) => t.setting.as_ref(),
                Item::Vertical(v) => v.setting.as_ref(),
                _ => None,
            };
            let Some(setting) = setting else { continue };
            let ptr = Arc::as_ptr(&setting.0);
            if ptr == last {
                continue;
            }
            last = ptr;
            if let Some(span) = &setting.0.span {
                out.push((span.file.0, span.range.start, span.range.end, &*setting.0));
            }
        }
    }
    out.sort_unstable_by_key(|&(f, s, e, p)| (f, s, e, p as *const Setting));
    out.dedup_by_key(|&mut (_, _, _, p)| p as *const Setting);
    out
}

/// The compositions set from inside `span`.
fn set_within<'d>(
    spans: &'d [(u32, usize, usize, &'d Setting)],
    span: &crate::diag::Span,
) -> impl Iterator<Item = &'d Setting> {
    let key = (span.file.0, span.range.start);
    let from = spans.partition_point(|&(f, s, _, _)| (f, s) < key);
    spans[from..]
        .iter()
        .take_while(move |&&(f, s, _, _)| f == span.file.0 && s < span.range.end.max(span.range.start + 1))
        .filter(move |&&(_, _, e, _)| e <= span.range.end)
        .map(|&(_, _, _, p)| p)
}

/// Field coverage (issue #24): every field of the edition that the document's
/// recipes print (`lists`) was set into it — from its own span, or, for a
/// [`Print::With`] field, inside its partner's composition — else an error at
/// the field's file:line:column. With [`check`], which proves that what was
/// set reaches the pages whole, no printed field is lost without a word.
pub fn check_fields(
    doc: &Document,
    lists: &[Printed],
    fields: &[crate::model::fields::Field],
    loaded: &crate::model::Loaded,
    document: &'static str,
    c: &mut Composer,
) {
    let spans = set_spans(doc);
    let mut owed_by_name: HashMap<&'static str, Option<Owed>> = HashMap::new();
    for (i, f) in fields.iter().enumerate() {
        let owed = *owed_by_name.entry(f.name).or_insert_with(|| owed(lists, f.name, loaded));
        let Some(owed) = owed else { continue };
        if f.text.value.trim().is_empty() {
            // Nothing to print (an empty table cell).
            continue;
        }
        if set_within(&spans, &f.text.span).next().is_some() {
            continue;
        }
        if let Owed::With(partner, strict) = owed {
            // Compared without spaces and word joiners: a recipe may space a
            // text out (主　　催) or bind a name (with word joiners).
            let bare =
                |t: &str| -> String { t.chars().filter(|&ch| ch != WORD_JOINER && !ch.is_whitespace()).collect() };
            // As the compositions hold it (marks composed: `text::normalize`).
            let value = bare(&crate::text::normalize(&f.text.value).text);
            // The record's fields are contiguous in `fields`.
            let first = fields[..i].iter().rposition(|g| g.record != f.record).map_or(0, |k| k + 1);
            let mut partner_set = false;
            let inside =
                fields[first..].iter().take_while(|g| g.record == f.record).filter(|g| g.name == partner).any(|g| {
                    set_within(&spans, &g.text.span).any(|s| {
                        partner_set = true;
                        bare(&s.text).contains(value.as_str())
                    })
                });
            if inside || (!strict && !partner_set) {
                continue;
            }
        }
        let quote: String = f.text.value.chars().take(QUOTED).collect();
        let quote = if f.text.value.chars().count() > QUOTED { format!("{quote}…") } else { quote };
        let message = Message::new("fields.not_printed")
            .arg("field", f.name)
            .arg("text", quote)
            .arg("document", Message::new(document).render_key());
        c.diags.push(Diagnostic::error(Some(f.text.span.clone()), "", message).with_hint(Message::new("fields.hint")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Glyph, Meta, Page, PageKind, Role, SettingRef, TextLine};
    use crate::units::{Point, Pt, Rect};

    fn setting(text: &str) -> Arc<Setting> {
        Arc::new(Setting::new(text.to_string(), text, None))
    }

    /// A line of `glyphs` (one per text) set from `s`.
    fn line(s: &Arc<Setting>, glyphs: &[&str], header: bool) -> Item {
        Item::Text(TextLine {
            font: crate::font::FontId::Mincho,
            size: Pt(10.0),
            origin: Point::new(Pt(0.0), Pt(0.0)),
            glyphs: glyphs
                .iter()
                .enumerate()
                .map(|(i, g)| Glyph { id: 1, x: Pt(i as f64 * 10.0), advance: Pt(10.0), text: (*g).into() })
                .collect(),
            role: Role::Body,
            measure_end: Pt(100.0),
            justified: false,
            para_start: true,
            content_end: Pt(0.0),
            source: None,
            header,
            structure: None,
            setting: Some(SettingRef(s.clone())),
            relaxed: false,
            hyphen: false,
        })
    }

    fn doc(pages: Vec<Vec<Item>>) -> Document {
        let pages = pages
            .into_iter()
            .map(|items| Page {
                width: Pt(100.0),
                height: Pt(100.0),
                kind: PageKind::Body,
                block: Rect::new(Pt(0.0), Pt(0.0), Pt(100.0), Pt(100.0)),
                items,
                short_by: None,
                units: Vec::new(),
            })
            .collect();
        let meta = Meta {
            title: String::new(),
            subject: String::new(),
            author: String::new(),
            date: (2006, 7, 1),
            language: "ja".into(),
        };
        Document { meta, pages, outline: Vec::new(), padding: 0 }
    }

    #[test]
    fn a_name_set_whole_over_two_lines_and_pages_is_accounted_for() {
        let s = setting("ロバート・キャンベル");
        let d = doc(vec![
            vec![line(&s, &["ロ", "バ", "ー", "ト", "・"], false)],
            vec![line(&s, &["キ", "ャ", "ン", "ベ", "ル"], false)],
        ]);
        assert!(audit(&d).is_empty());
    }

    #[test]
    fn a_dropped_second_line_is_lost_from_its_first_character() {
        let s = setting("ロバート・キャンベル");
        let d = doc(vec![vec![line(&s, &["ロ", "バ", "ー", "ト", "・"], false)]]);
        let f = audit(&d);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Break::Lost);
        assert_eq!(&f[0].setting.text[f[0].at..], "キャンベル");
    }

    #[test]
    fn a_glyph_missing_inside_a_line_is_lost_at_its_character() {
        let s = setting("勅使河原　三郎太");
        let d = doc(vec![vec![line(&s, &["勅", "使", "河", "原", "　", "三", "太"], false)]]);
        let f = audit(&d);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Break::Lost);
        assert_eq!(&f[0].setting.text[f[0].at..], "郎太");
    }

    #[test]
    fn a_space_is_a_character_to_account_for() {
        let s = setting("勅使河原　三郎太");
        let d = doc(vec![vec![line(&s, &["勅", "使", "河", "原", "三", "郎", "太"], false)]]);
        assert_eq!(audit(&d).len(), 1);
    }

    #[test]
    fn an_added_hyphen_is_counted_as_added_and_an_unmarked_one_is_reported() {
        let s = setting("International");
        let hyphenated = |mark: bool| {
            let mut first = line(&s, &["I", "n", "t", "e", "r", "-"], false);
            if let Item::Text(t) = &mut first {
                t.hyphen = mark;
            }
            doc(vec![vec![first, line(&s, &["n", "a", "t", "i", "o", "n", "a", "l"], false)]])
        };
        assert!(audit(&hyphenated(true)).is_empty());
        let f = audit(&hyphenated(false));
        assert_eq!(f.len(), 1);
        assert_eq!(&f[0].setting.text[f[0].at..], "national");
    }

    #[test]
    fn a_line_placed_twice_is_reported() {
        let s = setting("北陸経済新聞社");
        let glyphs = ["北", "陸", "経", "済", "新", "聞", "社"];
        let d = doc(vec![vec![line(&s, &glyphs, false), line(&s, &glyphs, false)]]);
        let f = audit(&d);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Break::Again);
    }

    #[test]
    fn a_header_row_may_repeat_whole_on_each_page() {
        let s = setting("項目");
        let d = doc(vec![vec![line(&s, &["項", "目"], true)], vec![line(&s, &["項", "目"], true)]]);
        assert!(audit(&d).is_empty());
    }

    #[test]
    fn word_joiners_have_no_glyph_and_combining_marks_go_with_theirs() {
        let name = crate::layout::kit::unbreakable("川村　晶子");
        let s = setting(&format!("{name}か\u{3099}"));
        let d = doc(vec![vec![line(&s, &["川", "村", "　", "晶", "子", "か\u{3099}"], false)]]);
        assert!(audit(&d).is_empty());
    }

    #[test]
    fn a_missing_glyph_is_an_error_at_the_fields_line_and_column() {
        use crate::diag::{Diagnostics, SourceFile, SourceMap, Span};
        let source = "[[judging.committee]]\nrole = \"審査委員\"\nname = \"ロバート・キャンベル\"\n";
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("e/edition.toml".into(), "e/edition.toml".into(), source.into()));
        let start = source.find("\"ロバート").unwrap();
        let span = Span { file, range: start..source.len() - 1 };
        let mut diags = Diagnostics::default();
        let mut c = Composer::new(Default::default(), &sources, &mut diags);
        let s = Arc::new(Setting::new("ロバート・キャンベル".into(), "ロバート・キャンベル", Some(&span)));
        // The frame lost its sixth glyph, キ.
        let d = doc(vec![vec![line(&s, &["ロ", "バ", "ー", "ト", "・", "ャ", "ン", "ベ", "ル"], false)]]);
        check(&d, "robust.doc_booklet", &mut c);
        assert_eq!(diags.items.len(), 1);
        let found = &diags.items[0];
        assert_eq!(found.severity, crate::diag::Severity::Error);
        assert_eq!(found.message.key, "ledger.lost");
        let at = found.span.as_ref().unwrap();
        // Line 3, the column of キ: name = "ロバート・ is 13 characters.
        assert_eq!(sources.get(file).line_col(at.range.start), (3, 14));
    }

    #[test]
    fn glyphs_out_of_order_are_reported() {
        let s = setting("上田");
        let d = doc(vec![vec![line(&s, &["田", "上"], false)]]);
        assert_eq!(audit(&d).len(), 1);
    }
}
