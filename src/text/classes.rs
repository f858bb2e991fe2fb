//! The character class table of JLREQ Appendix A (cl-01 … cl-30): the single
//! source of truth for line breaking (§3.1.7, §3.1.8, §3.1.10) and for punctuation
//! and inter-script spacing (§3.1.2 – §3.1.9, §3.2.6).
//!
//! [`class_of`] is the class by code point; [`class_of_glyph`] refines it by the
//! width of the glyph the font draws, where Appendix A lists a character in two
//! classes by width (the composer uses that one).
//!
//! Deliberate departures from JLREQ, with reasons (the first two are composition
//! settings with JLREQ's reading available; `tests/jlreq_conformance.rs` checks them):
//! - ASCII brackets and punctuation ( ) [ ] { } , . : ; ! ? are Western characters
//!   (cl-27) for spacing — so "(1)私" gets the ¼ em of §3.2.6 after ")" — but they
//!   follow the kinsoku rules of their full-width counterparts: no line ends with
//!   "(" and none starts with ")" or ",". (`ascii_punctuation`; JLREQ: by width.)
//! - U+FF5E FULLWIDTH TILDE ～ is treated like U+301C WAVE DASH (cl-03): Japanese
//!   text typed on Windows uses it for ranges ("13：35～13：40"). (`tilde_as_wave_dash`;
//!   JLREQ: cl-27.)
//! - U+2015 HORIZONTAL BAR ― is unlisted in JLREQ (cl-19, or cl-27 proportional),
//!   but Windows types it for the dash, so "――" is kept unbroken like "——"
//!   (`itemize`).
//! - cl-17/cl-18 (mathematical symbols and operators) are classed as JLREQ lists
//!   them, and behave as ideographs (cl-19) for spacing and breaking: our texts only
//!   use them as full-width symbols inside Japanese sentences.
//! - Kinsoku levels follow Appendix C's addendum (see [`not_at_line_start`]), except
//!   that level 2 ([`crate::text::Kinsoku::Loose`]) still keeps …… and "50%"
//!   unbroken: the brief lists them as unbreakable without exception.

/// A JLREQ character class. The discriminant is the class number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// cl-01 opening brackets
    OpeningBracket = 1,
    /// cl-02 closing brackets
    ClosingBracket = 2,
    /// cl-03 hyphens
    Hyphen = 3,
    /// cl-04 dividing punctuation marks
    DividingPunctuation = 4,
    /// cl-05 middle dots
    MiddleDot = 5,
    /// cl-06 full stops
    FullStop = 6,
    /// cl-07 commas
    Comma = 7,
    /// cl-08 inseparable characters
    Inseparable = 8,
    /// cl-09 iteration marks
    IterationMark = 9,
    /// cl-10 prolonged sound mark
    ProlongedSoundMark = 10,
    /// cl-11 small kana
    SmallKana = 11,
    /// cl-12 prefixed abbreviations
    PrefixedAbbreviation = 12,
    /// cl-13 postfixed abbreviations
    PostfixedAbbreviation = 13,
    /// cl-14 full-width ideographic space
    IdeographicSpace = 14,
    /// cl-15 hiragana
    Hiragana = 15,
    /// cl-16 katakana
    Katakana = 16,
    /// cl-17 mathematical symbols (= ≠ < > ∪ ⇒ …, full-width)
    MathSymbol = 17,
    /// cl-18 mathematical operators (+ − × ÷ ±, full-width)
    MathOperator = 18,
    /// cl-19 ideographic characters (and full-width Latin, digits, symbols)
    Ideographic = 19,
    /// cl-24 grouped numerals (European digits, with , and . inside a number)
    GroupedNumeral = 24,
    /// cl-25 unit symbols (the letters of "km", "kg", "μm" after a numeral)
    UnitSymbol = 25,
    /// cl-26 Western word space
    WesternSpace = 26,
    /// cl-27 Western characters
    Western = 27,
}

impl Class {
    /// JLREQ's own name for the class, "cl-01" … "cl-27".
    pub fn label(self) -> String {
        format!("cl-{:02}", self as u8)
    }

    /// Japanese classes (cl-01 … cl-19). For spacing, `itemize` further counts the
    /// ASCII and Latin-1 forms of cl-12 / cl-13 ($ # % ¥ …) as Western: they are
    /// proportional glyphs that belong to the Western word or number they touch.
    pub fn is_japanese(self) -> bool {
        !matches!(self, Class::GroupedNumeral | Class::UnitSymbol | Class::WesternSpace | Class::Western)
    }

    /// Western text: Latin words, European numerals, ASCII punctuation.
    pub fn is_western(self) -> bool {
        matches!(self, Class::GroupedNumeral | Class::UnitSymbol | Class::Western)
    }
}

const OPENING: &str = "「『（〔［｛〈《【〘〖〝‘“｟«⦅｢";
const CLOSING: &str = "」』）〕］｝〉》】〙〗〟’”｠»⦆｣";
const HYPHENS: &str = "‐〜゠–～";
const DIVIDING: &str = "！？‼⁇⁈⁉";
const MIDDLE_DOTS: &str = "・：；･";
const FULL_STOPS: &str = "。．｡";
const COMMAS: &str = "、，､";
const INSEPARABLE: &str = "—…‥〳〴〵";
const ITERATION: &str = "ヽヾゝゞ々〻";
const PROLONGED: &str = "ーｰ";
const SMALL_KANA: &str = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｯｬｭｮ";
const PREFIXED: &str = "¥$£#€№￥＄￡＃";
const POSTFIXED: &str = "°′″℃¢%‰㏋ℓ％￠㏄㎞";
/// cl-17 (Appendix A.17) as far as our fonts draw them; the ASCII forms are Western
/// unless the font draws them full-width ([`class_of_glyph`]).
const MATH_SYMBOLS: &str = "＝≠≒≡＜＞≦≧≪≫∞∝∵∴∈∋⊆⊇⊂⊃∪∩∧∨￢⇒⇔↔⊕⊖⊗⊘⊙";
/// cl-18 (Appendix A.18).
const MATH_OPERATORS: &str = "＋−×÷±∓";

/// ASCII characters that may not end a line (like cl-01).
pub const WESTERN_OPENING: &str = "([{";
/// ASCII characters that may not start a line (like cl-02, cl-04 – cl-07).
pub const WESTERN_NO_START: &str = ")]},.:;!?";

/// The member lists above, by class: the table every rule reads.
const LISTS: &[(Class, &str)] = &[
    (Class::OpeningBracket, OPENING),
    (Class::ClosingBracket, CLOSING),
    (Class::Hyphen, HYPHENS),
    (Class::DividingPunctuation, DIVIDING),
    (Class::MiddleDot, MIDDLE_DOTS),
    (Class::FullStop, FULL_STOPS),
    (Class::Comma, COMMAS),
    (Class::Inseparable, INSEPARABLE),
    (Class::IterationMark, ITERATION),
    (Class::ProlongedSoundMark, PROLONGED),
    (Class::SmallKana, SMALL_KANA),
    (Class::PrefixedAbbreviation, PREFIXED),
    (Class::PostfixedAbbreviation, POSTFIXED),
    (Class::MathSymbol, MATH_SYMBOLS),
    (Class::MathOperator, MATH_OPERATORS),
];

/// The class of a character not in the member lists: by Unicode range.
fn class_by_range(c: char) -> Class {
    if c == '\u{3000}' {
        Class::IdeographicSpace
    } else if c == ' ' {
        Class::WesternSpace
    } else if c.is_ascii_digit() {
        Class::GroupedNumeral
    } else if ('\u{3041}'..='\u{3096}').contains(&c) || matches!(c, '\u{309b}' | '\u{309c}') {
        Class::Hiragana
    } else if ('\u{30a1}'..='\u{30fe}').contains(&c) || ('\u{ff66}'..='\u{ff9f}').contains(&c) {
        // Not U+30FF ヿ (the digraph koto): A.19 lists it as ideographic, as it
        // does ゟ U+309F; a combining sound mark standing alone is unlisted (cl-19).
        Class::Katakana
    } else if is_western(c) {
        Class::Western
    } else {
        Class::Ideographic
    }
}

/// The class of every character of the Basic Multilingual Plane, built once from
/// the lists and ranges above: composing a paragraph looks up each character, and
/// scanning the lists for every character cost a quarter of a whole build.
fn bmp_table() -> &'static [Class] {
    static TABLE: std::sync::OnceLock<Box<[Class]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: Vec<Class> =
            (0u32..0x10000).map(|u| char::from_u32(u).map_or(Class::Ideographic, class_by_range)).collect();
        for (class, members) in LISTS {
            for c in members.chars() {
                t[c as usize] = *class;
            }
        }
        t.into_boxed_slice()
    })
}

/// The JLREQ class of a character.
pub fn class_of(c: char) -> Class {
    match bmp_table().get(c as usize) {
        Some(class) => *class,
        None => LISTS.iter().find(|(_, m)| m.contains(c)).map_or_else(|| class_by_range(c), |(class, _)| *class),
    }
}

/// Characters JLREQ lists in a Japanese class that are Western characters (cl-27)
/// when the font draws them proportionally (the "Remarks" of Appendix A: A.2, A.3,
/// A.8, A.12, A.13): a glyph whose advance is not one of the Japanese frames.
const WESTERN_WHEN_PROPORTIONAL: &str = "‘’“”‐–—…‥¥$£#€‰%¢";

/// Whether an advance (in em) is one of the frames Japanese characters are set on:
/// a full em, a half, a third or a quarter.
fn on_a_frame(advance: f64) -> bool {
    [1.0, 0.5, 1.0 / 3.0, 0.25].iter().any(|f| (advance - f).abs() < 0.002)
}

/// The JLREQ class of a character as the font draws it, `advance` in em: where
/// Appendix A lists a character in two classes by the width of its glyph, the glyph
/// decides (§3.2.2, §3.9.1). A Western character (Latin, Greek, a digit, & = + …)
/// drawn full-width is ideographic — or a mathematical symbol or operator (A.17,
/// A.18) — and a Japanese dash, quotation mark or sign drawn proportionally is
/// Western (cl-27). `ascii_japanese` gives ASCII brackets and punctuation on a
/// Japanese frame their JLREQ classes (see [`crate::text::AsciiPunctuation`]).
pub fn class_of_glyph(c: char, advance: f64, ascii_japanese: bool) -> Class {
    let class = class_of(c);
    if ascii_japanese && on_a_frame(advance) && advance >= 0.5 - 0.01 {
        match c {
            '(' | '[' | '{' => return Class::OpeningBracket,
            ')' | ']' | '}' => return Class::ClosingBracket,
            ':' | ';' => return Class::MiddleDot,
            '.' => return Class::FullStop,
            ',' => return Class::Comma,
            _ => {}
        }
    }
    // A.24: a comma or full stop on the quarter-em frame is a grouped numeral's.
    if matches!(c, ',' | '.') && (advance - 0.25).abs() < 0.002 {
        return Class::GroupedNumeral;
    }
    if advance > 0.99 && matches!(class, Class::Western | Class::GroupedNumeral) && c != ' ' {
        return match c {
            '=' | '<' | '>' => Class::MathSymbol,
            '+' => Class::MathOperator,
            _ => Class::Ideographic,
        };
    }
    if !on_a_frame(advance) && advance > 0.0 && WESTERN_WHEN_PROPORTIONAL.contains(c) {
        return Class::Western;
    }
    if !on_a_frame(advance) && advance > 0.0 && class == Class::GroupedNumeral {
        return Class::Western;
    }
    if advance < 0.99 && advance > 0.0 && matches!(c, '\u{2190}'..='\u{21ff}') {
        return Class::Western; // arrows drawn proportionally (A.17, A.19 remarks)
    }
    class
}

/// Unit symbols recognised after a numeral (Appendix A.25, §3.9.2): SI and the
/// units our texts use. A symbol may take a power (m2, m³) and combine with "/"
/// (km/h).
const UNIT_SYMBOLS: &[&str] = &[
    "m", "km", "cm", "mm", "μm", "nm", "g", "kg", "mg", "t", "L", "mL", "dL", "kL", "l", "ml", "s", "ms", "min", "h",
    "Hz", "kHz", "MHz", "GHz", "W", "kW", "MW", "Wh", "kWh", "V", "mV", "kV", "mA", "Ω", "kΩ", "J", "kJ", "N", "Pa",
    "hPa", "kPa", "MPa", "dB", "cal", "kcal", "mol", "lx", "ha", "KB", "kB", "MB", "GB", "TB", "bps", "kbps", "Mbps",
    "Gbps",
];

/// Whether `s` — letters with an optional power, or such symbols joined by "/" —
/// is a unit symbol.
pub fn is_unit_symbol(s: &str) -> bool {
    !s.is_empty()
        && s.split('/').all(|part| {
            let base = part.trim_end_matches(['2', '3', '²', '³']);
            UNIT_SYMBOLS.contains(&base)
        })
}

/// Western (proportional, half-width) characters: Latin, Greek, Cyrillic, general
/// punctuation, and the ASCII range.
fn is_western(c: char) -> bool {
    (c as u32) < 0x2E80 && !matches!(c, '\u{2460}'..='\u{24ff}' | '\u{2500}'..='\u{27bf}')
        && !('\u{2150}'..='\u{218f}').contains(&c) // Roman numerals Ⅰ Ⅱ are full-width
        && !('\u{2190}'..='\u{22ff}').contains(&c) // arrows, maths: full-width in Japanese fonts
        && !matches!(c, '※' | '§' | '¶' | '×' | '÷' | '±')
}

/// Whether a character may not begin a line at the given kinsoku level
/// (§3.1.7 and the four levels of Appendix C's addendum; we offer three of them).
///
/// - [`Kinsoku::VeryStrict`] (level 4): every line-start prohibition of §3.1.7 holds:
///   cl-02 … cl-07 and cl-09 … cl-11.
/// - [`Kinsoku::Strict`] (level 3, the default for general publications): as level 4,
///   but 々 (the one iteration mark JLREQ names), cl-10 ー and cl-11 small kana may
///   start a line — the relaxation "not a small number of books adopt".
/// - [`Kinsoku::Loose`] (level 2, magazines): as level 3, and cl-03 hyphens and ・
///   may start a line too.
///
/// Closing brackets, full stops and commas never start a line at any level (the
/// addendum's rule common to all levels); nor does cl-04 (only newspapers, level 1,
/// relax it, and we do not offer level 1).
pub fn not_at_line_start(c: char, level: crate::text::Kinsoku) -> bool {
    use crate::text::Kinsoku;
    if c.is_ascii() && WESTERN_NO_START.contains(c) {
        return true;
    }
    match class_of(c) {
        Class::ClosingBracket | Class::DividingPunctuation | Class::FullStop | Class::Comma => true,
        Class::MiddleDot => !(level == Kinsoku::Loose && c == '・'),
        Class::Hyphen => level != Kinsoku::Loose,
        Class::IterationMark => c != '々' || level == Kinsoku::VeryStrict,
        Class::ProlongedSoundMark | Class::SmallKana => level == Kinsoku::VeryStrict,
        _ => false,
    }
}

/// Whether a character may not end a line (§3.1.8): cl-01 opening brackets, and
/// their ASCII counterparts, at every level (Appendix C: "breaking a line after
/// opening brackets is prohibited at all levels").
pub fn not_at_line_end(c: char, _level: crate::text::Kinsoku) -> bool {
    (c.is_ascii() && WESTERN_OPENING.contains(c)) || class_of(c) == Class::OpeningBracket
}
