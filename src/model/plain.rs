//! Paste-friendly body text: a section's text as staff receive it — paragraphs
//! and lists typed as plain lines — in one multi-line string (`body = """…"""`),
//! read into the same blocks as the structured form:
//! - a blank line ends a paragraph or an item; the lines of a paragraph are
//!   joined (`text::normalize`: a space only between Western letters);
//! - a paragraph that starts with a full-width space 「　」 is indented (字下げ,
//!   JLREQ §3.5.1); one without it continues a sentence (no indent);
//! - a line that starts with a label — ・ ● ○ ■ □ ◇ ◆ ※ • ★, ①…⑳, (1) （1）
//!   (a), 1. １． 1) １） — is a labelled item; the lines after it at its own
//!   indentation, up to a blank line or the next label, continue its text;
//! - two half-width spaces of indentation per level nest items and paragraphs
//!   under the item above: a line indented deeper than the item starts a
//!   paragraph under it;
//! - ＜…＞ or 【…】 alone on a line is a sub-heading.
//!
//! Tables and figures keep their structured form; both forms mix in one section
//! (`[[section.content]] body = """…"""` between tables).

use super::content::Block;
use super::reader::Text;
use crate::diag::{Diagnostic, Diagnostics, Message, Span};

/// Bullets that are a label on their own.
const BULLETS: &[char] = &['・', '●', '○', '■', '□', '◇', '◆', '※', '•', '★', '☆', '◎', '▼', '▲'];

/// The label a line starts with, and the rest of the line after it (one space
/// after the label is part of the label's separation, not of the text).
pub fn split_label(line: &str) -> Option<(&str, &str)> {
    let first = line.chars().next()?;
    let end = if BULLETS.contains(&first) || ('①'..='⑳').contains(&first) {
        first.len_utf8()
    } else if matches!(first, '(' | '（') {
        // (1) （１） (a): one to three digits or one letter.
        let close = if first == '(' { ')' } else { '）' };
        let inner_start = first.len_utf8();
        let close_at = line[inner_start..].find(close)? + inner_start;
        let inner = &line[inner_start..close_at];
        let numeric = !inner.is_empty() && inner.chars().count() <= 3 && inner.chars().all(is_digit);
        let letter = inner.chars().count() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic());
        if !(numeric || letter) {
            return None;
        }
        close_at + close.len_utf8()
    } else if is_digit(first) {
        // 1. １． 1) １）
        let digits_end = line.char_indices().find(|(_, c)| !is_digit(*c)).map_or(line.len(), |(i, _)| i);
        let mark = line[digits_end..].chars().next()?;
        if !matches!(mark, '.' | '．' | ')' | '）') || digits_end > 9 {
            return None;
        }
        // "2.5倍" is a number, not a label: a label's mark is followed by text
        // that is not a digit.
        let after = &line[digits_end + mark.len_utf8()..];
        if after.chars().next().is_some_and(is_digit) {
            return None;
        }
        digits_end + mark.len_utf8()
    } else {
        return None;
    };
    let rest = &line[end..];
    let rest = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('\u{3000}')).unwrap_or(rest);
    (!rest.trim().is_empty()).then_some((&line[..end], rest))
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A sub-heading: ＜…＞ or 【…】 alone on its line.
fn is_subheading(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with('＜') && t.ends_with('＞') && t.matches('＞').count() == 1)
        || (t.starts_with('【') && t.ends_with('】') && t.matches('】').count() == 1)
}

/// The lines of a text with their byte offsets: ended by LF, CR LF or a CR
/// alone (old Mac files, some pastes) — a CR alone is not dropped, which
/// would run two paragraphs into one.
fn line_ends(s: &str) -> Vec<(usize, &str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, &s[start..i]));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, &s[start..]));
    out
}

/// Half-width katakana and their sound marks (U+FF66–U+FF9F): typed by old
/// Japanese software and pasted from it, printed full-width (JIS X 0208 has no
/// half-width kana; a booklet sets them full-width). The half-width corner
/// brackets and middle dot (｢｣･, U+FF61–U+FF65) are punctuation, not kana, and
/// are printed as typed.
fn is_halfwidth_kana(c: char) -> bool {
    ('\u{FF66}'..='\u{FF9F}').contains(&c)
}

/// Half-width katakana made full-width — NFKC (ICU4X's normaliser) on runs of
/// that range only, so that nothing else a winner typed (full-width digits, ①,
/// ㈱) changes: ｶﾞ → ガ, ﾊﾟ → パ. A sound mark NFKC cannot compose (ｱﾞ) is
/// printed as the spacing ゛゜, not as a combining mark no face draws alone.
/// Each run converted: its byte range in `s`, as typed, and as printed.
pub fn full_width_kana(s: &str) -> (String, Vec<(std::ops::Range<usize>, String, String)>) {
    if !s.chars().any(is_halfwidth_kana) {
        return (s.to_string(), Vec::new());
    }
    let nfkc = icu_normalizer::ComposingNormalizerBorrowed::new_nfkc();
    let mut out = String::with_capacity(s.len());
    let mut runs: Vec<(std::ops::Range<usize>, String, String)> = Vec::new();
    let mut rest = s;
    let mut at = 0;
    while let Some(start) = rest.find(is_halfwidth_kana) {
        let len = rest[start..].find(|c| !is_halfwidth_kana(c)).unwrap_or(rest.len() - start);
        let typed = &rest[start..start + len];
        let printed: String = nfkc
            .normalize(typed)
            .chars()
            .map(|c| match c {
                '\u{3099}' => '゛',
                '\u{309A}' => '゜',
                c => c,
            })
            .collect();
        out.push_str(&rest[..start]);
        out.push_str(&printed);
        runs.push((at + start..at + start + len, typed.to_string(), printed));
        at += start + len;
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    (out, runs)
}

/// The note for half-width katakana made full-width, at `span`.
pub fn kana_note(span: Span, field: &str, typed: &str, printed: &str) -> Diagnostic {
    Diagnostic::warning(
        Some(span),
        field,
        Message::new("paste.halfwidth_kana").arg("typed", typed.to_string()).arg("printed", printed.to_string()),
    )
    .with_hint(Message::new("paste.halfwidth_kana_hint"))
}

/// A line's indentation: half-width spaces, then full-width spaces 「　」 (a
/// word processor's paste indents with either, even both).
#[derive(Clone, Copy, PartialEq, Debug)]
struct Indent {
    /// The half-width spaces it starts with (two per level: the form sasshi
    /// has always read).
    half: usize,
    /// Its width in columns: a half-width space one, a full-width space two.
    columns: usize,
    /// How many full-width spaces it holds.
    full: usize,
}

impl Indent {
    /// The indentation of `line`, and the text after it.
    fn of(line: &str) -> (Indent, &str) {
        let half = line.len() - line.trim_start_matches(' ').len();
        let rest = line.trim_start_matches(['\u{3000}', ' ']);
        let lead = &line[..line.len() - rest.len()];
        let columns = lead.chars().map(|c| if c == ' ' { 1 } else { 2 }).sum();
        (Indent { half, columns, full: lead.chars().filter(|&c| c == '\u{3000}').count() }, rest)
    }
}

/// What is being gathered.
enum Open {
    Paragraph { level: u8, indent: bool, lines: Vec<String>, at: usize, column: usize, full: bool },
    Item { level: u8, label: String, label_at: usize, lines: Vec<String>, at: usize, column: usize, full: bool },
}

impl Open {
    fn lines(&mut self) -> &mut Vec<String> {
        match self {
            Open::Paragraph { lines, .. } | Open::Item { lines, .. } => lines,
        }
    }
}

/// Characters that end a sentence: a line ending with one may be the end of a
/// paragraph as well.
const SENTENCE_END: &[char] = &['。', '．', '！', '？', '!', '?'];

/// Read a body into blocks, with a warning wherever the reading is a guess.
/// `field`: the body's path, for the warnings.
///
/// Rules, in order, for a line that is not blank:
/// 1. ＜…＞ or 【…】 alone is a sub-heading; it ends any list.
/// 2. A line whose text (after its indentation, half- or full-width) starts
///    with a label is an item. Its level: with half-width indentation, one
///    more than two spaces per level (the form sasshi has always read); with
///    full-width, one deeper than the nearest item above indented less (with
///    none: level 1 for one 「　」, level 2 for more).
/// 3. A line that starts with 「　」 starts a paragraph with its 字下げ
///    (JLREQ §3.5.1) — what a word processor gives for each paragraph, with no
///    blank line between them; under an item when it is indented deeper than
///    the item's label (its first 「　」 being the 字下げ).
/// 4. A line indented less than the item (or the paragraph under an item) that
///    is open closes it: a category line 「Ⅱ　テレワーク支援の部」 after a
///    nested item is not joined to the item.
/// 5. Any other line continues the open paragraph or item. A line after one
///    that ends a sentence (。) is still joined — a line break after 。 is as
///    often a typist's wrap as a new paragraph, and only 「　」 or a blank line
///    says which — but with a warning at the line saying so.
pub fn parse_body(body: &Text, field: &str, diags: &mut Diagnostics) -> Vec<Block> {
    let span = &body.span;
    // Where the string's content starts in the file: after `"""` and the newline
    // that follows it (TOML drops that newline), else after one quote.
    let base = span.range.start + if body.value.contains('\n') { 4 } else { 1 };
    let at = |offset: usize, len: usize| Span {
        file: span.file,
        range: (base + offset).min(span.range.end)..(base + offset + len).min(span.range.end),
    };
    let mut blocks = Vec::new();
    let mut open: Option<Open> = None;
    // The items above, innermost last: the column of each label, its level.
    let mut items: Vec<(usize, u8)> = Vec::new();
    let close = |open: &mut Option<Open>, blocks: &mut Vec<Block>| match open.take() {
        Some(Open::Paragraph { level, indent, lines, at: a, .. }) => {
            let value = lines.join("\n");
            let len = value.len();
            blocks.push(Block::Paragraph { text: Text { value, span: at(a, len) }, level, indent });
        }
        Some(Open::Item { level, label, label_at, lines, at: a, .. }) => {
            let value = lines.join("\n");
            let len = value.len();
            let label_len = label.len();
            blocks.push(Block::Item {
                label: Text { value: label, span: at(label_at, label_len) },
                text: Text { value, span: at(a, len) },
                level,
            });
        }
        None => {}
    };
    for (line_start, line) in line_ends(&body.value) {
        if line.trim().is_empty() {
            close(&mut open, &mut blocks);
            continue;
        }
        let (converted, runs) = full_width_kana(line);
        for (range, typed, printed) in &runs {
            diags.push(kana_note(at(line_start + range.start, range.len()), field, typed, printed));
        }
        // Offsets below are in the converted line: after a kana with its sound
        // mark (ｶﾞ, two characters made one) they point up to 3 bytes early.
        let line = converted.as_str();
        let (indent, content) = Indent::of(line);
        let column = indent.columns;
        let full = indent.full > 0;
        let content_at = line_start + (line.len() - content.len());
        let text_line = &line[indent.half.min(line.len())..];
        if is_subheading(content) {
            close(&mut open, &mut blocks);
            items.clear();
            let value = content.trim().to_string();
            let len = value.len();
            blocks.push(Block::Heading { text: Text { value, span: at(content_at, len) } });
            continue;
        }
        if let Some((label, rest)) = split_label(content) {
            close(&mut open, &mut blocks);
            items.retain(|&(c, _)| c < column);
            let level = if full {
                // Under the nearest item indented less; with none, a label
                // indented by one 「　」 (a paragraph's 字下げ) stands at the
                // margin, one indented further under the text above.
                items.last().map_or(if column > 2 { 2 } else { 1 }, |&(_, l)| l.saturating_add(1))
            } else {
                (indent.half / 2) as u8 + 1
            };
            items.push((column, level));
            let rest_at = content_at + (content.len() - rest.len());
            open = Some(Open::Item {
                level,
                label: label.to_string(),
                label_at: content_at,
                lines: vec![rest.to_string()],
                at: rest_at,
                column,
                full,
            });
            continue;
        }
        // The line's own level and its 字下げ: a half-width-indented line two
        // spaces per level (as before); a 「　」 line's first 「　」 is its 字下げ,
        // the others indent it under the items whose labels stand further left.
        let starts_paragraph = text_line.starts_with('\u{3000}');
        let own_column = if starts_paragraph { column - 2 } else { column };
        // Whether it is indented with 「　」 besides its 字下げ.
        let own_full = indent.full > usize::from(starts_paragraph);
        let nested = |items: &[(usize, u8)]| items.iter().rev().find(|&&(c, _)| c < own_column).map_or(0, |&(_, l)| l);
        // Rules 3 and 4: which open block the line cannot continue.
        let ends_open = match &open {
            None => false,
            Some(_) if starts_paragraph => true,
            Some(Open::Item { level, column: c, full: f, .. }) => {
                if *f || own_full {
                    own_column != *c
                } else {
                    (indent.half / 2) as u8 + 1 != *level
                }
            }
            Some(Open::Paragraph { level, column: c, full: f, .. }) => {
                *level > 0 && if *f || own_full { own_column < *c } else { ((indent.half / 2) as u8) < *level }
            }
        };
        if ends_open {
            close(&mut open, &mut blocks);
        }
        if let Some(o) = &mut open {
            let lines = o.lines();
            let previous = lines.last().map(|l| l.trim_end()).unwrap_or("");
            if previous.ends_with(SENTENCE_END) {
                let len = content.len();
                diags.push(
                    Diagnostic::warning(Some(at(content_at, len)), field, Message::new("paste.joined_after_sentence"))
                        .with_hint(Message::new("paste.joined_after_sentence_hint")),
                );
            }
            lines.push(content.to_string());
            continue;
        }
        items.retain(|&(c, _)| c < own_column);
        let level = if own_full { nested(&items) } else { (indent.half / 2) as u8 };
        let text = if starts_paragraph { &text_line['\u{3000}'.len_utf8()..] } else { content };
        let text = text.trim_start_matches(['\u{3000}', ' ']);
        let text_at = line_start + (line.len() - text.len());
        open = Some(Open::Paragraph {
            level,
            indent: starts_paragraph,
            lines: vec![text.to_string()],
            at: text_at,
            column: own_column,
            full: own_full,
        });
    }
    close(&mut open, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;

    fn body(s: &str) -> Vec<Block> {
        body_and_warnings(s).0
    }

    /// The blocks, and the warnings' keys with the text they point at.
    fn body_and_warnings(s: &str) -> (Vec<Block>, Vec<(&'static str, String)>) {
        let source = if s.contains('\n') { format!("b = \"\"\"\n{s}\"\"\"") } else { format!("b = \"{s}\"") };
        let mut diags = Diagnostics::default();
        let text = Text { value: s.to_string(), span: Span { file: FileId(0), range: 4..source.len() } };
        let blocks = parse_body(&text, "body", &mut diags);
        let warnings = diags
            .items
            .iter()
            .map(|d| (d.message.key, source[d.span.as_ref().unwrap().range.clone()].to_string()))
            .collect();
        (blocks, warnings)
    }

    fn show(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text, level, indent } => {
                    format!("p{level}{} {}", if *indent { "+" } else { "" }, text.value)
                }
                Block::Item { label, text, level } => format!("i{level} [{}] {}", label.value, text.value),
                Block::Heading { text } => format!("h {}", text.value),
                _ => "other".into(),
            })
            .collect()
    }

    #[test]
    fn paragraphs_items_nesting_and_subheadings() {
        let text = "　第一段落の一行目\n二行目。\n\n＜実施内容＞\n・箇条の一\n・箇条の二は\n続きます\n  その下の段落\n  ①入れ子の項目\n\n続きの文（字下げなし）\n(1) 番号付き\n１．全角の番号\n2.5倍になった。";
        assert_eq!(
            show(&body(text)),
            [
                "p0+ 第一段落の一行目\n二行目。",
                "h ＜実施内容＞",
                "i1 [・] 箇条の一",
                "i1 [・] 箇条の二は\n続きます",
                "p1 その下の段落",
                "i2 [①] 入れ子の項目",
                "p0 続きの文（字下げなし）",
                "i1 [(1)] 番号付き",
                "i1 [１．] 全角の番号\n2.5倍になった。",
            ]
        );
    }

    #[test]
    fn a_number_with_a_decimal_point_is_not_a_label() {
        assert!(split_label("2.5倍に").is_none());
        assert!(split_label("（株）ではない").is_none());
        assert_eq!(split_label("(12) 十二"), Some(("(12)", "十二")));
        assert_eq!(split_label("４）地域"), Some(("４）", "地域")));
        assert!(split_label("・").is_none(), "a label without text is not an item");
    }

    /// What a word processor gives (issue #26): one paragraph a line, each
    /// starting with 「　」, no blank line between them; a ①② list indented
    /// with 「　」; a ※ note; a category line indented less than the nested
    /// item above it.
    #[test]
    fn a_word_processor_paste_keeps_its_paragraphs_lists_and_notes() {
        let text = "　課題だった。\n　そこで2007年春、決めた。\n　①　契約書類は電子化する\n　②　会議は\n　　・テレビ会議\n　　・電話\n※　費用は会社が持つ\n　　・在宅勤務の日\nⅡ　テレワーク支援の部\n　次の段落。";
        let (blocks, warnings) = body_and_warnings(text);
        assert_eq!(
            show(&blocks),
            [
                "p0+ 課題だった。",
                "p0+ そこで2007年春、決めた。",
                "i1 [①] 契約書類は電子化する",
                "i1 [②] 会議は",
                "i2 [・] テレビ会議",
                "i2 [・] 電話",
                "i1 [※] 費用は会社が持つ",
                "i2 [・] 在宅勤務の日",
                "p0 Ⅱ　テレワーク支援の部",
                "p0+ 次の段落。",
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_line_indented_less_than_a_nested_item_closes_it() {
        let text = "(1) 一\n  ①入れ子\nⅡ　テレワーク支援の部\n  続きではない";
        assert_eq!(show(&body(text)), ["i1 [(1)] 一", "i2 [①] 入れ子", "p0 Ⅱ　テレワーク支援の部\n続きではない"]);
    }

    /// Rule 5: a line after 。 without 「　」 is joined, and said so where it is;
    /// a line after a wrapped one (no 。) is joined without a word.
    #[test]
    fn a_line_joined_after_a_full_stop_is_warned_at_the_line() {
        let text = "　一行目で終わる。\n二行目は続きか新しい段落か\nわからない。";
        let (blocks, warnings) = body_and_warnings(text);
        assert_eq!(show(&blocks), ["p0+ 一行目で終わる。\n二行目は続きか新しい段落か\nわからない。"]);
        assert_eq!(warnings, [("paste.joined_after_sentence", "二行目は続きか新しい段落か".to_string())]);
        let (_, warnings) = body_and_warnings("・項目の文。\n続きの行");
        assert_eq!(warnings, [("paste.joined_after_sentence", "続きの行".to_string())]);
    }

    #[test]
    fn halfwidth_katakana_become_full_width_with_a_note_at_the_run() {
        let (blocks, warnings) = body_and_warnings("　ｲﾝﾄﾗﾈｯﾄとﾃﾞｰﾀﾍﾞｰｽ｢ﾊﾟｿｺﾝ｣･ｱﾞ");
        assert_eq!(show(&blocks), ["p0+ イントラネットとデータベース｢パソコン｣･ア゛"]);
        assert_eq!(
            warnings,
            [
                ("paste.halfwidth_kana", "ｲﾝﾄﾗﾈｯﾄ".to_string()),
                ("paste.halfwidth_kana", "ﾃﾞｰﾀﾍﾞｰｽ".to_string()),
                ("paste.halfwidth_kana", "ﾊﾟｿｺﾝ".to_string()),
                ("paste.halfwidth_kana", "ｱﾞ".to_string()),
            ]
        );
        assert_eq!(full_width_kana("①ＡＢ㈱１").1, []);
        assert_eq!(line_ends("a\r\nb\rc\n"), [(0, "a"), (3, "b"), (5, "c"), (7, "")]);
    }
}
