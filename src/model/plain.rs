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
use crate::diag::Span;

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

/// What is being gathered.
enum Open {
    Paragraph { level: u8, indent: bool, lines: Vec<String>, at: usize },
    Item { level: u8, label: String, label_at: usize, lines: Vec<String>, at: usize },
}

/// Read a body into blocks. `span` is the body string's; `offset_of_line(n)`
/// the byte offset of its line n in the source, for each block's span.
pub fn parse_body(body: &Text) -> Vec<Block> {
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
    let close = |open: &mut Option<Open>, blocks: &mut Vec<Block>| match open.take() {
        Some(Open::Paragraph { level, indent, lines, at: a }) => {
            let value = lines.join("\n");
            let len = value.len();
            blocks.push(Block::Paragraph { text: Text { value, span: at(a, len) }, level, indent });
        }
        Some(Open::Item { level, label, label_at, lines, at: a }) => {
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
    let mut offset = 0;
    for raw in body.value.split('\n') {
        let line_start = offset;
        offset += raw.len() + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            close(&mut open, &mut blocks);
            continue;
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let level = (spaces / 2) as u8;
        let content = &line[spaces..];
        let content_at = line_start + spaces;
        if is_subheading(content) {
            close(&mut open, &mut blocks);
            let value = content.trim().to_string();
            let len = value.len();
            blocks.push(Block::Heading { text: Text { value, span: at(content_at, len) } });
            continue;
        }
        if let Some((label, rest)) = split_label(content) {
            close(&mut open, &mut blocks);
            let rest_at = content_at + (content.len() - rest.len());
            open = Some(Open::Item {
                level: level + 1,
                label: label.to_string(),
                label_at: content_at,
                lines: vec![rest.to_string()],
                at: rest_at,
            });
            continue;
        }
        // A line deeper than the open item starts a paragraph under it.
        if let Some(Open::Item { level: item_level, .. }) = &open
            && level + 1 > *item_level
        {
            close(&mut open, &mut blocks);
        }
        match &mut open {
            Some(Open::Paragraph { lines, .. }) | Some(Open::Item { lines, .. }) => lines.push(content.to_string()),
            None => {
                let (indent, text) = match content.strip_prefix('\u{3000}') {
                    Some(rest) => (true, rest),
                    None => (false, content),
                };
                let text_at = content_at + (content.len() - text.len());
                open = Some(Open::Paragraph { level, indent, lines: vec![text.to_string()], at: text_at });
            }
        }
    }
    close(&mut open, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;

    fn body(s: &str) -> Vec<Block> {
        parse_body(&Text { value: s.to_string(), span: Span { file: FileId(0), range: 0..s.len() + 8 } })
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
}
