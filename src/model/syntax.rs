//! TOML mistakes staff make, told in their terms instead of the parser's: a
//! full-width ＝ or space where TOML wants ASCII, a string whose closing quote
//! is missing (reported where it opens, not where the parser gave up), and a date
//! in Japanese form (「2007年12月12日」, with the ISO form to write instead).
//! Each explanation is tried on the text when the parser has failed; the
//! parser's own message remains the fallback.

use crate::diag::Message;
use std::ops::Range;

/// What is wrong, where, and the hint.
pub struct Explained {
    pub range: Range<usize>,
    pub message: Message,
    pub hint: Message,
}

/// 「2007年12月12日」 or 「2007/12/12」 (full- or half-width digits) →
/// "2007-12-12".
pub fn japanese_date(s: &str) -> Option<String> {
    let ascii: String = s
        .trim()
        .chars()
        .map(|c| {
            if ('０'..='９').contains(&c) {
                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    if !ascii.contains('年') {
        return slash_date(ascii.trim_matches('"'));
    }
    let (y, rest) = ascii.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once('日')?;
    let rest = rest.trim();
    // A weekday may follow: （水）.
    if !(rest.is_empty() || rest.starts_with('（') || rest.starts_with('(')) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.trim().parse().ok()?, m.trim().parse().ok()?, d.trim().parse().ok()?);
    valid_date(y, m, d)
}

/// 「2008/12/10」 (what a spreadsheet shows; full- or half-width digits, a
/// weekday may follow) → "2008-12-10".
fn slash_date(ascii: &str) -> Option<String> {
    let mut parts = ascii.splitn(3, '/');
    let (y, m, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let d_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let (d, after) = rest.split_at(d_end);
    let after = after.trim();
    if !(after.is_empty() || after.starts_with('（') || after.starts_with('(')) {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !(digits(y.trim()) && digits(m.trim()) && digits(d)) {
        return None;
    }
    valid_date(y.trim().parse().ok()?, m.trim().parse().ok()?, d.parse().ok()?)
}

fn valid_date(y: u32, m: u32, d: u32) -> Option<String> {
    ((1..=12).contains(&m) && (1..=31).contains(&d) && y >= 1000).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Where strings open and close: the opening of the first string that is never
/// closed (a basic or literal string at its line end, a multi-line one at the end
/// of the file).
fn unclosed_string(text: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut in_comment = false;
    while i < b.len() {
        let c = b[i];
        if in_comment {
            in_comment = c != b'\n';
            i += 1;
            continue;
        }
        match c {
            b'#' => in_comment = true,
            b'"' | b'\'' => {
                let start = i;
                let triple = b.get(i..i + 3) == Some(if c == b'"' { b"\"\"\"" } else { b"'''" });
                if triple {
                    let close: &[u8] = if c == b'"' { b"\"\"\"" } else { b"'''" };
                    let mut j = i + 3;
                    loop {
                        if j + 3 > b.len() {
                            return Some(start..start + 3);
                        }
                        if c == b'"' && b[j] == b'\\' {
                            j += 2;
                            continue;
                        }
                        if &b[j..j + 3] == close {
                            // A closing run may be longer (""""): it ends at the last quote.
                            j += 3;
                            while j < b.len() && b[j] == c {
                                j += 1;
                            }
                            break;
                        }
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                let mut j = i + 1;
                loop {
                    if j >= b.len() || b[j] == b'\n' {
                        return Some(start..start + 1);
                    }
                    if c == b'"' && b[j] == b'\\' {
                        j += 2;
                        continue;
                    }
                    if b[j] == c {
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Explain a TOML syntax error in the file's own terms, when it is one of the
/// mistakes we know.
pub fn explain(text: &str) -> Option<Explained> {
    // Line by line, outside strings: a full-width ＝, a key ending in a full-width
    // space, an unquoted Japanese date.
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        let before_value = code.split(['"', '\'']).next().unwrap_or("");
        if let Some(p) = before_value.find('＝') {
            let at = offset + p;
            return Some(Explained {
                range: at..at + '＝'.len_utf8(),
                message: Message::new("syntax.fullwidth_equals"),
                hint: Message::new("hint.fullwidth_equals"),
            });
        }
        if let Some((key, value)) = before_value.split_once('=') {
            if let Some(p) = key.find('\u{3000}') {
                let at = offset + p;
                return Some(Explained {
                    range: at..at + '\u{3000}'.len_utf8(),
                    message: Message::new("syntax.fullwidth_space"),
                    hint: Message::new("hint.fullwidth_space"),
                });
            }
            // “…” ‘…’: a word processor's quotes (AutoCorrect, a paste) where
            // TOML wants the half-width " or '.
            let v = value.trim_start();
            if let Some(q) = v.chars().next().filter(|c| matches!(c, '“' | '”' | '‘' | '’' | '„' | '″')) {
                let start = offset + key.len() + 1 + (value.len() - v.len());
                return Some(Explained {
                    range: start..start + q.len_utf8(),
                    message: Message::new("paste.smart_quotes").arg("quote", q.to_string()),
                    hint: Message::new("paste.smart_quotes_hint").arg("key", key.trim().to_string()),
                });
            }
            if let Some(iso) = japanese_date(value) {
                let start = offset + key.len() + 1 + (value.len() - value.trim_start().len());
                let key = key.trim().to_string();
                return Some(Explained {
                    range: start..start + value.trim().len(),
                    message: Message::new("syntax.japanese_date").arg("iso", iso.clone()),
                    hint: Message::new("hint.japanese_date").arg("key", key).arg("iso", iso),
                });
            }
        }
        offset += line.len();
    }
    unclosed_string(text).map(|range| Explained {
        range,
        message: Message::new("syntax.unclosed_string"),
        hint: Message::new("hint.unclosed_string"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> (&'static str, Range<usize>) {
        let e = explain(text).expect("explained");
        (e.message.key, e.range)
    }

    #[test]
    fn a_fullwidth_equals_sign_is_found_where_it_is() {
        assert_eq!(key("title ＝ \"テスト賞\"\n"), ("syntax.fullwidth_equals", 6..9));
        // Inside a string it is text.
        assert!(explain("title = \"A＝B\"\n").is_none());
    }

    #[test]
    fn an_ideographic_space_before_the_equals_sign_is_found() {
        assert_eq!(key("a = 1\ntitle\u{3000}= \"x\"\n").0, "syntax.fullwidth_space");
    }

    #[test]
    fn an_unclosed_string_is_reported_where_it_opens() {
        let text = "a = 1\np = \"\"\"\n本文\n\nb = 2\nc = 3\n";
        assert_eq!(key(text), ("syntax.unclosed_string", 10..13));
        assert_eq!(key("name = \"見本\nx = 1\n"), ("syntax.unclosed_string", 7..8));
        assert!(explain("p = \"\"\"\nok \"quoted\" here\n\"\"\"\nq = 'x'\n").is_none());
    }

    #[test]
    fn a_japanese_date_gets_its_iso_form() {
        assert_eq!(japanese_date("2007年12月12日").as_deref(), Some("2007-12-12"));
        assert_eq!(japanese_date("２００７年１２月１２日（水）").as_deref(), Some("2007-12-12"));
        assert_eq!(japanese_date("平成19年"), None);
        let e = explain("date = 2007年12月12日\n").expect("explained");
        assert_eq!(e.message.key, "syntax.japanese_date");
        assert_eq!(e.range, 7.."2007年12月12日".len() + 7);
    }

    #[test]
    fn a_date_with_slashes_gets_its_iso_form() {
        assert_eq!(japanese_date("2008/12/10").as_deref(), Some("2008-12-10"));
        assert_eq!(japanese_date("２００８/１２/１０（水）").as_deref(), Some("2008-12-10"));
        assert_eq!(japanese_date("2008/13/10"), None);
        assert_eq!(japanese_date("1/2"), None);
        let e = explain("date = 2008/12/10\n").expect("explained");
        assert_eq!((e.message.key, e.range), ("syntax.japanese_date", 7..17));
    }

    #[test]
    fn smart_quotes_around_a_value_are_found_at_the_first() {
        let e = explain("a = 1\ntitle = “テスト賞”\n").expect("explained");
        assert_eq!((e.message.key, e.range.clone()), ("paste.smart_quotes", 14..17));
        assert_eq!(
            e.hint.render("en"),
            "write title = \"…\" with the half-width \" (a word processor's AutoCorrect or a paste may have changed them)"
        );
        // Inside a string they are text.
        assert!(explain("title = \"“引用”\"\n").is_none());
    }
}
