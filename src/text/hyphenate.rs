//! Hyphenation of Latin words in Japanese text.
//!
//! JLREQ keeps a Western word whole at a line end (§3.1.10) and lets a line
//! that cannot break expand between characters (§3.8.4); a long English word
//! after Japanese text (「London から『Teleworking: International
//! Perspectives』」) then leaves the line before it spread wide. Western
//! typesetting breaks such a word at a syllable with a hyphen. Deliberate
//! departure from §3.1.10, for extreme lines only: we hyphenate where the line
//! would otherwise open gaps wider than ½ em (`linebreak::next_break`), or
//! where a word is wider than the whole measure — never as a matter of course.
//!
//! The break points are TeX's English patterns (Liang's algorithm), through the
//! `hypher` crate, with TeX's minimum fragments: two letters before the hyphen,
//! three after (`\lefthyphenmin=2`, `\righthyphenmin=3`). A word is hyphenated
//! only if it is a plain English word as written — ASCII letters only, in lower
//! case or with a capital first letter — and it is none of:
//!
//! - part of a URL or an e-mail address (a token with `@`, `://`, `www.`, `/`,
//!   or a `.` between letters, `example.com`), nor a token holding other
//!   technical characters (`_ = ? & # ~ \`);
//! - an acronym or a name written with inner capitals (`NPO`, `iPhone`,
//!   `McDonald`): a capital after the first letter;
//! - a word with digits (`Windows95`, `A4size`): letters next to a digit;
//! - a person's name: a name the layout sets (it joins its characters with word
//!   joiners, U+2060), a capitalised word after an honorific (`Mr.`, `Ms.`,
//!   `Dr.`, `Prof.`) or before one in Japanese (氏, 様, さん, 君, 先生, 教授,
//!   博士), together with the capitalised words it is written with.
//!
//! The hyphen is added: it is no character of the text. The composed line says
//! so (`Line::hyphenated`), the frame line carries it on, and the PDF writer
//! marks the hyphen so that the text extracts as the word (ISO 32000-1 §14.9.4).

use super::itemize::{Break, Unit};
use super::{Metrics, Settings, WORD_JOINER};

/// The character drawn as the added hyphen: the font's hyphen-minus, the glyph
/// a Western word's own hyphens use.
pub const HYPHEN: char = '-';

/// TeX's minimum fragments: letters before and after an added hyphen.
pub const LEFT_MIN: usize = 2;
pub const RIGHT_MIN: usize = 3;

/// Where a paragraph's Latin words may take an added hyphen: found the first
/// time a line asks (an extreme line, `linebreak::next_break`), so that a
/// paragraph whose lines all break well costs nothing.
#[derive(Debug, Default)]
pub struct Hyphens<'a> {
    /// The normalized text the units index (`None`: no hyphenation).
    text: Option<&'a str>,
    /// `after[k]`: a hyphen may be added after unit `k`.
    after: std::cell::OnceCell<Vec<bool>>,
    /// The hyphen's glyph id and advance in points.
    pub glyph: u16,
    pub advance: f64,
}

impl<'a> Hyphens<'a> {
    /// No hyphenation.
    pub fn none() -> Hyphens<'a> {
        Hyphens::default()
    }

    /// Whether any word of the paragraph may be hyphenated at all.
    pub fn enabled(&self) -> bool {
        self.text.is_some()
    }

    /// Whether a hyphen may be added after unit `k` of `units` (the units of
    /// the paragraph this was made for).
    pub fn after(&self, units: &[Unit], k: usize) -> bool {
        let Some(text) = self.text else { return false };
        self.after.get_or_init(|| find(units, text)).get(k).copied().unwrap_or(false)
    }
}

/// The break points of the units of a paragraph (`text`: the normalized text
/// the units index): `after[k]` when a hyphen may follow unit `k`.
fn find(units: &[Unit], text: &str) -> Vec<bool> {
    let mut after = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if !token_char(units[i].ch) {
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && token_char(units[i].ch) {
            i += 1;
        }
        mark_token(units, text, start, i, &mut after);
    }
    after
}

/// A paragraph's hyphenation, when the settings ask for it, the paragraph has
/// Latin letters and the font draws the hyphen (the points found when asked).
pub fn for_paragraph<'a>(text: &'a str, settings: &Settings, metrics: &dyn Metrics) -> Hyphens<'a> {
    if !settings.hyphenate || !text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Hyphens::none();
    }
    match metrics.glyph(HYPHEN) {
        Some(g) => {
            Hyphens { text: Some(text), after: Default::default(), glyph: g.id, advance: g.advance * settings.size }
        }
        None => Hyphens::none(),
    }
}

/// A character of a Western token: what lies between spaces and Japanese text.
fn token_char(c: char) -> bool {
    c.is_ascii_graphic() || (c.is_alphabetic() && (c as u32) < 0x2E80)
}

/// Whether a token is (or holds) a URL, an e-mail address or another technical
/// string no word of which may be hyphenated.
fn technical(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    if lower.contains("://")
        || lower.starts_with("www.")
        || token.contains(['@', '/', '\\', '_', '=', '?', '&', '#', '~'])
    {
        return true;
    }
    // A dot between letters: a domain name (example.com, sasshi.jp).
    let b = token.as_bytes();
    (1..b.len().saturating_sub(1))
        .any(|k| b[k] == b'.' && b[k - 1].is_ascii_alphabetic() && b[k + 1].is_ascii_alphabetic())
}

/// Honorifics before a person's name (`Mr. Smith`).
const HONORIFICS_BEFORE: [&str; 6] = ["Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mx."];
/// Honorifics after a person's name in Japanese text (`Smith 氏`).
const HONORIFICS_AFTER: [&str; 7] = ["氏", "様", "さん", "君", "先生", "教授", "博士"];

fn capitalised(word: &str) -> bool {
    let mut cs = word.chars();
    cs.next().is_some_and(|c| c.is_ascii_uppercase()) && cs.all(|c| c.is_ascii_lowercase())
}

/// Mark the break points of the words of the token `units[start..end]`.
fn mark_token(units: &[Unit], text: &str, start: usize, end: usize, after: &mut Vec<bool>) {
    let token = &text[units[start].text.start..units[end - 1].text.end];
    if technical(token) {
        return;
    }
    let mut i = start;
    while i < end {
        if !units[i].ch.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let w0 = i;
        while i < end && units[i].ch.is_ascii_alphabetic() {
            i += 1;
        }
        let w1 = i;
        if w1 - w0 < LEFT_MIN + RIGHT_MIN {
            continue;
        }
        let digit_beside =
            (w0 > start && units[w0 - 1].ch.is_ascii_digit()) || (w1 < end && units[w1].ch.is_ascii_digit());
        let range = units[w0].text.start..units[w1 - 1].text.end;
        let word = &text[range.clone()];
        // A letter followed by a combining mark (its unit's text is longer than
        // the letter) is no plain ASCII word either.
        let plain = word.len() == w1 - w0;
        let inner_capital = word.chars().skip(1).any(|c| c.is_ascii_uppercase());
        if digit_beside || !plain || inner_capital || word.contains(WORD_JOINER) || person_name(text, range.clone()) {
            continue;
        }
        let mut offset = 0;
        let syllables: Vec<&str> =
            hypher::hyphenate_bounded(word, hypher::Lang::English, LEFT_MIN, RIGHT_MIN).collect();
        for s in &syllables[..syllables.len().saturating_sub(1)] {
            offset += s.len();
            // Byte offset = letter count: the word is ASCII, one unit per letter.
            let k = w0 + offset - 1;
            if units[k].break_after != Break::Never {
                continue;
            }
            if after.len() <= k {
                after.resize(k + 1, false);
            }
            after[k] = true;
        }
    }
}

/// Whether the capitalised word at `range` of `text` is (part of) a person's
/// name: after an honorific, or before a Japanese one, with the capitalised
/// words it is written with (`Mr. John Smith`, `John Smith 氏`).
fn person_name(text: &str, range: std::ops::Range<usize>) -> bool {
    if !capitalised(&text[range.clone()]) {
        return false;
    }
    // Words of the name are capitalised words separated by spaces.
    let mut rest = &text[..range.start];
    loop {
        let t = rest.trim_end_matches(' ');
        if t.len() == rest.len() {
            break;
        }
        let honorific = |h: &&str| {
            t.ends_with(*h) && t[..t.len() - h.len()].chars().next_back().is_none_or(|c| !c.is_ascii_alphabetic())
        };
        if HONORIFICS_BEFORE.iter().any(honorific) {
            return true;
        }
        let word_start =
            t.char_indices().rev().take_while(|(_, c)| c.is_ascii_alphabetic()).last().map_or(t.len(), |(k, _)| k);
        if !capitalised(&t[word_start..]) {
            break;
        }
        rest = &t[..word_start];
    }
    let mut rest = &text[range.end..];
    loop {
        let trimmed = rest.trim_start_matches([' ', '\u{3000}']);
        if HONORIFICS_AFTER.iter().any(|h| trimmed.starts_with(h)) {
            return true;
        }
        let word_end = trimmed.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(trimmed.len());
        let word = &trimmed[..word_end];
        if word.is_empty() || !capitalised(word) || trimmed.len() == rest.len() {
            return false;
        }
        rest = &trimmed[word_end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::testing::FixedMetrics;
    use crate::text::{Settings, itemize, normalize};

    fn points(text: &str) -> Vec<String> {
        let n = normalize(text);
        let (units, _) = itemize::itemize(&n, &Settings::new(10.0), &FixedMetrics);
        let after = find(&units, &n.text);
        let mut out = String::new();
        for (k, u) in units.iter().enumerate() {
            out.push(u.ch);
            if after.get(k).copied().unwrap_or(false) {
                out.push('=');
            }
        }
        // The words with a break point, each point shown as a hyphen.
        out.split(|c: char| !c.is_ascii_alphabetic() && c != '=')
            .filter(|w| w.contains('='))
            .map(|w| w.replace('=', "-"))
            .collect()
    }

    #[test]
    fn english_words_break_at_tex_pattern_points_with_two_and_three_letter_fragments() {
        // "tion-al" would leave two letters.
        assert_eq!(
            points("London から『Teleworking: International Perspectives』"),
            ["Lon-don", "Tele-work-ing", "In-ter-na-tional", "Per-spec-tives"]
        );
        // Two letters at least before the hyphen, three after.
        assert_eq!(points("はextensiveな"), ["ex-ten-sive"]);
        let words = points("はeasily, apparently, acknowledgement and reality であり");
        assert!(!words.is_empty());
        for w in &words {
            let parts: Vec<&str> = w.split('-').collect();
            assert!(parts[0].len() >= LEFT_MIN && parts[parts.len() - 1].len() >= RIGHT_MIN, "{w}");
        }
    }

    #[test]
    fn urls_mail_addresses_acronyms_and_words_with_digits_are_never_hyphenated() {
        assert!(points("詳しくは https://www.telework-promotion.example.org/international/perspectives を").is_empty());
        assert!(points("連絡先 information@telecommunication.example 宛").is_empty());
        assert!(points("telecommunication.example.com").is_empty());
        assert!(points("団体 INTERNATIONAL TELEWORKING ASSOCIATION の").is_empty());
        assert!(points("製品 PowerPoint と iPhone と McDonald").is_empty());
        assert!(points("Windows2000 と internationalization2 の").is_empty());
    }

    #[test]
    fn person_names_are_never_hyphenated() {
        assert!(points("講師 Mr. Christopher Kowalczykowski による").is_empty());
        assert!(points("Christopher Kowalczykowski 氏が").is_empty());
        assert!(points("Kowalczykowski 先生の").is_empty());
        // A name the layout set, its characters joined.
        let joined: String = "Kowalczykowski".chars().flat_map(|c| [c, WORD_JOINER]).collect();
        assert!(points(&format!("受賞者 {joined} の")).is_empty());
        // A capitalised word that is no name is.
        assert_eq!(points("Christopher Columbus Foundation の報告"), ["Christo-pher", "Colum-bus", "Foun-da-tion"]);
    }
}
