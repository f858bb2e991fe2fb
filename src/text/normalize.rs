//! Entry text → the text to set. Newlines inside an entry's paragraph are only
//! the author's convenience: between Japanese characters they vanish, between two
//! Western characters they become one word space. Indentation after a newline (from
//! multi-line TOML strings) is dropped.

/// Text ready to set, with the way back to the entry's byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized {
    pub text: String,
    /// For each byte of `text` that starts a character: its offset in the source.
    offsets: Vec<(usize, usize)>,
}

impl Normalized {
    /// The source byte offset of a byte offset in the normalized text.
    pub fn source_offset(&self, offset: usize) -> usize {
        match self.offsets.binary_search_by_key(&offset, |&(n, _)| n) {
            Ok(i) => self.offsets[i].1,
            Err(i) => self.offsets.get(i.saturating_sub(1)).map_or(0, |&(_, s)| s),
        }
    }
}

/// Western text on either side of a newline: ASCII (letters, digits, punctuation,
/// "50%", "(1)") and Latin, Greek or Cyrillic letters. Full-width forms and “ ”
/// (Japanese brackets here, cl-01/cl-02) are not.
fn is_western_letter(c: char) -> bool {
    c.is_ascii_graphic() || (c.is_alphanumeric() && (c as u32) < 0x2E80)
}

/// Join the lines of an entry's text (see the module documentation).
pub fn normalize(source: &str) -> Normalized {
    let mut text = String::with_capacity(source.len());
    let mut offsets = Vec::with_capacity(source.len() / 2);
    let mut chars = source.char_indices().peekable();
    let mut pending_break = false;
    while let Some((i, c)) = chars.next() {
        // CR LF is one line end; a CR alone (old Mac files, some pastes) is a
        // line end too — dropped, it ran two Latin words together.
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            continue;
        }
        if c == '\n' || c == '\r' {
            // Trailing blanks before the newline are layout, not content.
            while text.ends_with([' ', '\t']) {
                text.pop();
                offsets.pop();
            }
            pending_break = !text.is_empty();
            // Indentation of the next line is dropped too.
            while let Some(&(_, n)) = chars.peek() {
                if n == ' ' || n == '\t' {
                    chars.next();
                } else {
                    break;
                }
            }
            continue;
        }
        // (Looking past the word joiners that bind a person's name: a line
        // break typed in a Latin name keeps its word space.)
        if pending_break && c != super::WORD_JOINER {
            pending_break = false;
            let prev = text.chars().rev().find(|&ch| ch != super::WORD_JOINER);
            if prev.is_some_and(is_western_letter) && is_western_letter(c) {
                offsets.push((text.len(), i));
                text.push(' ');
            }
        }
        // A combining mark after a character it composes with canonically
        // (か + U+3099 → が, e + U+0301 → é: what macOS and some word
        // processors store, NFD) is printed as the composed character, whose
        // glyph the fonts have; a mark left apart would be drawn as nothing
        // but its base. Only the pair is composed: a CJK compatibility
        // ideograph stays as typed (NFC would change its form).
        if is_combining(c)
            && let Some(prev) = text.chars().next_back()
            && !is_compatibility_ideograph(prev)
            && let Some(composed) = icu_normalizer::properties::CanonicalComposition::new().compose(prev, c)
            && !is_compatibility_ideograph(composed)
        {
            text.pop();
            text.push(composed);
            continue;
        }
        offsets.push((text.len(), i));
        text.push(if c == '\t' { ' ' } else { c });
    }
    Normalized { text, offsets }
}

/// Combining marks that compose with the character before them: the
/// combining diacritical blocks and the kana voiced and semi-voiced sound marks.
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x3099..=0x309A)
}

/// CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F): canonically
/// equivalent to a unified ideograph, but typed for their own form.
fn is_compatibility_ideograph(c: char) -> bool {
    matches!(c as u32, 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn a_mark_typed_apart_is_composed_with_its_character() {
        let n = normalize("か\u{3099}んは\u{309A}Cafe\u{0301}");
        assert_eq!(n.text, "がんぱCafé");
        // The composed character points at its base as typed.
        assert_eq!(n.source_offset("がんぱ".len()), "か\u{3099}んは\u{309A}".len());
    }

    #[test]
    fn a_carriage_return_alone_ends_a_line_like_a_newline() {
        assert_eq!(normalize("hello\rworld").text, "hello world");
        assert_eq!(normalize("hello\r\nworld").text, "hello world");
        assert_eq!(normalize("日本の\r文化").text, "日本の文化");
    }

    #[test]
    fn a_line_break_in_a_bound_latin_name_keeps_its_word_space() {
        let bound = crate::layout::kit::unbreakable("Jean\nCruz");
        let text: String = normalize(&bound).text.chars().filter(|&c| c != super::super::WORD_JOINER).collect();
        assert_eq!(text, "Jean Cruz");
    }

    #[test]
    fn a_compatibility_ideograph_and_a_lone_mark_stay_as_typed() {
        assert_eq!(normalize("\u{F9DF}\u{3099}").text, "\u{F9DF}\u{3099}");
        assert_eq!(normalize("\u{3099}山").text, "\u{3099}山");
        assert_eq!(normalize("葛\u{E0100}").text, "葛\u{E0100}");
    }
}
