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
        if c == '\r' {
            continue;
        }
        if c == '\n' {
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
        if pending_break {
            pending_break = false;
            let prev = text.chars().next_back();
            if prev.is_some_and(is_western_letter) && is_western_letter(c) {
                offsets.push((text.len(), i));
                text.push(' ');
            }
        }
        offsets.push((text.len(), i));
        text.push(if c == '\t' { ' ' } else { c });
    }
    Normalized { text, offsets }
}
