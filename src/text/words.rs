//! Word boundaries for narrow measures (table cells, the programme, the columns of
//! a figure's words), where [`super::Settings::keep_words`] asks the composer to
//! break between words rather than anywhere JLREQ allows.
//!
//! JLREQ lets Japanese text break between almost any two characters (§3.1.7,
//! §3.1.8): in a full measure a break inside 「出版物」 is unremarkable. In a
//! column a few ems wide it leaves 「出版 / 物」 and reads as a mistake. Japanese
//! has no word spaces and we carry no dictionary, so the boundary rule is by
//! script, the way a bunsetsu (phrase) is shaped — content characters followed by
//! the hiragana that inflect or mark them:
//!
//! 1. A space (U+3000, U+0020) ends a word. (The composer takes a break before
//!    a space after it: a space never starts a wrapped line.)
//! 2. ー, 々, 〻 and the iteration marks continue the word they follow, and no
//!    word starts with a character kinsoku keeps from a line head (small kana).
//! 3. Hiragana attach to what precedes them (okurigana and particles:
//!    「及び」「企業の」「ＯＪＴを」); a change from hiragana to another script
//!    is a boundary (「及び / 各部」).
//! 4. A change between kanji, katakana and Latin letters is a boundary
//!    (「企業 / ソリューション / 企画本部」); digits belong to the kanji or Latin
//!    letters they touch (「第１回」「２００６年度」「ＮＥＣ１２３」).
//! 5. Punctuation keeps JLREQ's kinsoku (§3.1.7, §3.1.8) and otherwise delimits:
//!    a boundary after ・ ／ 、 。 and closing brackets, before opening brackets;
//!    no boundary before ／ (it stays with the word before it) nor inside a time
//!    or number (「13：35」「1,775」).
//!
//! So a run of kanji is one word: 「表彰及び各部受賞者代表挨拶」 is
//! 「表彰及び / 各部受賞者代表挨拶」. The rule is deliberately coarse — it never
//! invents a boundary inside a compound, at the price of treating a long compound
//! as one word, which is broken (where JLREQ allows) only when it is wider than
//! its column. U+3000 and ／, the separators an author types between items, are
//! the preferred breaks ([`preferred_after`]).
//!
//! Pure functions of a few characters: the composer calls them once per pair of
//! units, the make-up check (`tests/common/makeup.rs`) on the frames' text.

use super::Kinsoku;
use super::classes;

/// The script of a character, for word boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Han,
    Hiragana,
    Katakana,
    Latin,
    Digit,
    Space,
    /// Punctuation and symbols.
    Other,
}

fn script(c: char) -> Script {
    match c {
        '\u{3000}' | ' ' | '\u{00A0}' => Script::Space,
        '0'..='9' | '０'..='９' => Script::Digit,
        '々'
        | '〻'
        | '〆'
        | 'ヶ'
        | 'ヵ'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' => Script::Han,
        '\u{20000}'..='\u{3FFFF}' => Script::Han,
        '\u{3041}'..='\u{309F}' => Script::Hiragana,
        '\u{30A1}'..='\u{30FA}' | 'ー' | 'ヽ' | 'ヾ' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => {
            Script::Katakana
        }
        'Ａ'..='Ｚ' | 'ａ'..='ｚ' => Script::Latin,
        c if c.is_alphabetic() && (c as u32) < 0x2E80 => Script::Latin,
        _ => Script::Other,
    }
}

/// Characters that continue the word they follow (rule 2).
fn continues(c: char) -> bool {
    matches!(c, 'ー' | 'ｰ' | '々' | '〻' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ')
}

/// A separator inside a number or a time: 1,775 / 5.7 / 13：35 / 13:35.
fn number_separator(c: char) -> bool {
    matches!(c, ',' | '.' | ':' | '，' | '．' | '：')
}

/// Whether a word ends between `a` and `b`; `before` is the character before `a`
/// (for a separator between digits). See the module doc for the rule.
pub fn boundary(before: Option<char>, a: char, b: char) -> bool {
    let (sa, sb) = (script(a), script(b));
    if sa == Script::Space || sb == Script::Space {
        return true;
    }
    if continues(b) {
        return false;
    }
    // Kinsoku first, whatever the scripts: a small kana never starts a word
    // (「ゐャ」 is no boundary, so ャ never heads a line of a narrow column).
    if classes::not_at_line_end(a, Kinsoku::VeryStrict) || classes::not_at_line_start(b, Kinsoku::VeryStrict) {
        return false;
    }
    if sa == Script::Other || sb == Script::Other {
        // Rule 5: punctuation delimits.
        if matches!(b, '／' | '/') {
            return false;
        }
        let digit = |c: Option<char>| c.is_some_and(|c| script(c) == Script::Digit);
        if number_separator(a) && digit(before) && sb == Script::Digit {
            return false;
        }
        return true;
    }
    if sa == sb || sb == Script::Hiragana {
        return false;
    }
    // Rule 4: digits go with kanji and Latin letters.
    !matches!((sa, sb), (Script::Digit, Script::Han | Script::Latin) | (Script::Han | Script::Latin, Script::Digit))
}

/// Whether a break after `a` is one of the separators an author types between
/// items — U+3000 and ／ — which a narrow measure prefers to other boundaries.
pub fn preferred_after(a: char) -> bool {
    matches!(a, '\u{3000}' | '／')
}

/// Whether the word that `a` ends or `b` starts is a Latin word or acronym (or a
/// number): one JLREQ never breaks (§3.1.10) — full-width ones (ＯＪＴ) included,
/// which JLREQ would break as ideographs (cl-19) but a reader reads as one word.
pub fn latin_pair(a: char, b: char) -> bool {
    let latin = |c: char| matches!(script(c), Script::Latin | Script::Digit);
    latin(a) && latin(b)
}

/// The words of `s` by [`boundary`], spaces left out: what a narrow column must
/// hold whole for its lines to break between words (a table's least column
/// width, `layout::kit::blocks::column_widths`). A word carries the punctuation
/// kinsoku ties to it (「企業、」「（株）」).
pub fn split(s: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let (mut before, mut prev): (Option<char>, Option<char>) = (None, None);
    for (i, ch) in s.char_indices() {
        if let Some(a) = prev
            && (a == '\n' || ch == '\n' || boundary(before, a, ch))
        {
            pieces.push(&s[start..i]);
            start = i;
        }
        before = prev;
        prev = Some(ch);
    }
    pieces.push(&s[start..]);
    pieces
        .into_iter()
        .map(|w| w.trim_matches(|c: char| c.is_whitespace() || script(c) == Script::Space))
        .filter(|w| !w.is_empty())
        .collect()
}
