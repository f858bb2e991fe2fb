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

/// The frame a glyph is designed on (§3.9.1; the "frame" columns of Appendix A),
/// when the caller knows it apart from the glyph's advance: a font says only how
/// far a glyph advances, and a proportional glyph may advance exactly one em (or a
/// quarter), a "third-em" glyph 0.4 em. Undeclared, the frame is read from the
/// advance ([`Frame::of_advance`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    FullEm,
    HalfEm,
    ThirdEm,
    QuarterEm,
    Proportional,
}

impl Frame {
    /// The frame an advance (in em) shows when nothing is declared: a full em, a
    /// half, a third or a quarter, else proportional; `None` for a zero advance.
    pub fn of_advance(advance: f64) -> Option<Frame> {
        if advance <= 0.0 {
            None
        } else if (advance - 1.0).abs() < 0.002 {
            Some(Frame::FullEm)
        } else if (advance - 0.5).abs() < 0.002 {
            Some(Frame::HalfEm)
        } else if (advance - 1.0 / 3.0).abs() < 0.002 {
            Some(Frame::ThirdEm)
        } else if (advance - 0.25).abs() < 0.002 {
            Some(Frame::QuarterEm)
        } else {
            Some(Frame::Proportional)
        }
    }
}

/// A role the caller declares for a run of text (§3.9.2: "the class of a character
/// may depend on its usage"), which neither the text nor the font shows. Nothing
/// declared, the context rules decide ([`crate::text::compose`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The characters of a unit symbol ("km", "N・m", "s−1"): cl-25 (Appendix A.25).
    UnitSymbol,
    /// A letter standing for a quantity ("A％"): kept with a postfixed
    /// abbreviation after it as a numeral is (Appendix C.2, E.2).
    QuantitySymbol,
    /// A full stop (or a space) used as a decimal point: cl-24 (Appendix A.24).
    DecimalPoint,
    /// A comma or space grouping digits: cl-24 (Appendix A.24, A.26).
    DigitGroupSeparator,
    /// A dividing punctuation mark inside a sentence (§3.1.6): set solid, cl-04.
    SentenceMedial,
    /// A dividing punctuation mark ending a sentence (§3.1.6): cl-04.
    SentenceTerminator,
}

/// The JLREQ class of a character as the font draws it, `advance` in em: where
/// Appendix A lists a character in two classes by the width of its glyph, the glyph
/// decides (§3.2.2, §3.9.1). A Western character (Latin, Greek, a digit, & = + …)
/// drawn full-width is ideographic — or a mathematical symbol or operator (A.17,
/// A.18) — and a Japanese dash, quotation mark or sign drawn proportionally is
/// Western (cl-27). `ascii_japanese` gives ASCII brackets and punctuation on a
/// Japanese frame their JLREQ classes (see [`crate::text::AsciiPunctuation`]).
/// The frame is read from the advance; [`class_on_frame`] takes a declared one.
pub fn class_of_glyph(c: char, advance: f64, ascii_japanese: bool) -> Class {
    class_on_frame(c, advance, None, ascii_japanese)
}

/// [`class_of_glyph`] with the glyph's frame declared by the caller (`None`: read
/// from the advance). A declared frame decides where the advance would mislead: a
/// proportional glyph one em wide stays Western, and a Latin letter or symbol on a
/// declared half-, third- or quarter-em frame is a fixed-width (Japanese) glyph,
/// cl-19 (Appendix A.19 remarks, A.25 "fixed-width frame"). A comma or full stop
/// on a declared quarter-em frame is a grouped numeral's (A.24); one whose advance
/// merely measures a quarter em is classed by its neighbours (`itemize`).
pub fn class_on_frame(c: char, advance: f64, declared: Option<Frame>, ascii_japanese: bool) -> Class {
    let class = class_of(c);
    // Undeclared, the advance shows the frame: on one of the four Japanese frames,
    // full-width (wider than 0.99 em), narrower than that.
    let (on_frame, wide, narrow) = match declared {
        Some(f) => (f != Frame::Proportional, f == Frame::FullEm, f != Frame::FullEm),
        None => (on_a_frame(advance), advance > 0.99, advance < 0.99 && advance > 0.0),
    };
    let visible = declared.is_some() || advance > 0.0;
    if ascii_japanese
        && on_frame
        && (wide || declared == Some(Frame::HalfEm) || (declared.is_none() && advance >= 0.49))
    {
        match c {
            '(' | '[' | '{' => return Class::OpeningBracket,
            ')' | ']' | '}' => return Class::ClosingBracket,
            ':' | ';' => return Class::MiddleDot,
            '.' => return Class::FullStop,
            ',' => return Class::Comma,
            _ => {}
        }
    }
    // A.24: a comma or full stop declared on the quarter-em frame is a grouped
    // numeral's (one whose advance merely measures a quarter em: `itemize`).
    if matches!(c, ',' | '.') && declared == Some(Frame::QuarterEm) {
        return Class::GroupedNumeral;
    }
    if wide && matches!(class, Class::Western | Class::GroupedNumeral) && c != ' ' {
        return match c {
            '=' | '<' | '>' => Class::MathSymbol,
            '+' => Class::MathOperator,
            _ => Class::Ideographic,
        };
    }
    // A Latin letter or symbol declared on a half-, third- or quarter-em frame is a
    // fixed-width glyph (A.19 remarks; A.25 "fixed-width frame"); ASCII brackets and
    // punctuation are `ascii_japanese`'s question, a space is a space.
    if matches!(declared, Some(Frame::HalfEm | Frame::ThirdEm | Frame::QuarterEm))
        && class == Class::Western
        && !WESTERN_OPENING.contains(c)
        && !WESTERN_NO_START.contains(c)
        && !c.is_whitespace()
    {
        return Class::Ideographic;
    }
    if !on_frame && visible && WESTERN_WHEN_PROPORTIONAL.contains(c) {
        return Class::Western;
    }
    if !on_frame && visible && class == Class::GroupedNumeral {
        return Class::Western;
    }
    if narrow && matches!(c, '\u{2190}'..='\u{21ff}') {
        return Class::Western; // arrows drawn proportionally (A.17, A.19 remarks)
    }
    if declared == Some(Frame::Proportional) && is_listed_symbol(c) {
        return Class::Western;
    }
    class
}

/// Symbols JLREQ lists in a Japanese class that a proportional design makes
/// Western (A.8 dashes and leaders, A.27's last rows: ㊿ drawn proportionally).
fn is_listed_symbol(c: char) -> bool {
    matches!(c, '―' | '㊿') || ('\u{3251}'..='\u{32bf}').contains(&c)
}

/// The class a declared role gives a character whose class by its glyph is
/// `class` (Appendix A.24 – A.26, §3.9.2). A role names what a run is, and a
/// character that cannot play the role keeps its class: a Japanese ・ declared a
/// decimal point stays a middle dot; a letter on a fixed-width frame declared a
/// unit symbol is the ideograph its frame makes it (A.25 "full-width frame").
pub fn class_for_role(c: char, class: Class, frame: Option<Frame>, role: Role) -> Class {
    match role {
        Role::UnitSymbol => {
            // ㎞ ㏄: full-width unit characters are listed in A.13; a letter on a
            // fixed-width frame is the ideograph its frame makes it.
            let fixed_letter = c.is_alphabetic() && frame != Some(Frame::Proportional) && class == Class::Ideographic;
            if class == Class::PostfixedAbbreviation || fixed_letter { class } else { Class::UnitSymbol }
        }
        Role::DecimalPoint | Role::DigitGroupSeparator => {
            if matches!(c, '.' | ',' | ' ' | '\u{2009}' | '\u{202f}' | '\u{2008}') {
                Class::GroupedNumeral
            } else {
                class
            }
        }
        Role::QuantitySymbol | Role::SentenceMedial | Role::SentenceTerminator => class,
    }
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

#[cfg(test)]
mod tests {
    use super::{Class, Frame, Role};
    use crate::text::testing::AdvanceMetrics;
    use crate::text::{Declared, Settings, classify, classify_declared};

    /// A proportional font whose '.' and ',' are a quarter em wide, Latin ~0.55 em.
    const QUARTER_POINT: AdvanceMetrics = AdvanceMetrics(&[
        ('.', 0.25),
        (',', 0.25),
        ('e', 0.55),
        ('t', 0.35),
        ('c', 0.5),
        ('x', 0.5),
        ('y', 0.5),
        ('1', 0.5),
        ('2', 0.5),
        ('5', 0.5),
        ('k', 0.55),
        ('m', 0.85),
        ('A', 0.7),
    ]);

    fn class_at(text: &str, declared: &[Declared], at: usize) -> Class {
        let settings = Settings::new(1.0);
        classify_declared(text, declared, &settings, &QUARTER_POINT).into_iter().find(|(r, _)| r.start == at).unwrap().1
    }

    #[test]
    fn appendix_a24_a_quarter_em_point_is_a_grouped_numerals_only_beside_a_digit() {
        // "1.5", "12," : a digit beside it, so a decimal point or separator (cl-24).
        assert_eq!(class_at("1.5", &[], 1), Class::GroupedNumeral);
        assert_eq!(class_at("12,", &[], 2), Class::GroupedNumeral);
        // "etc.", "x,y", "あい.": a proportional glyph that happens to be a quarter
        // em wide, with no digit near it, is a Western full stop or comma (cl-27).
        assert_eq!(class_at("etc.", &[], 3), Class::Western);
        assert_eq!(class_at("x,y", &[], 1), Class::Western);
        assert_eq!(class_at("あい.", &[], 6), Class::Western);
        assert_eq!(class_at("あい,", &[], 6), Class::Western);
    }

    #[test]
    fn appendix_a24_a_declared_quarter_em_frame_makes_the_point_a_grouped_numerals() {
        let quarter = [Declared { text: 6..7, role: None, frame: Some(Frame::QuarterEm) }];
        assert_eq!(class_at("あい,", &quarter, 6), Class::GroupedNumeral);
        let proportional = [Declared { text: 1..2, role: None, frame: Some(Frame::Proportional) }];
        assert_eq!(class_at("1.5", &proportional, 1), Class::GroupedNumeral, "between digits, whatever the frame");
    }

    #[test]
    fn section_3_9_1_a_declared_frame_decides_over_the_advance() {
        // A proportional dash one em wide is Western (A.8); undeclared, its advance
        // reads as the full-em frame and it is the inseparable dash (cl-08).
        assert_eq!(class_at("—", &[], 0), Class::Inseparable);
        let prop = [Declared { text: 0..3, role: None, frame: Some(Frame::Proportional) }];
        assert_eq!(class_at("—", &prop, 0), Class::Western);
        // A Latin letter on a declared half-em frame is a fixed-width glyph (cl-19).
        let half = [Declared { text: 0..1, role: None, frame: Some(Frame::HalfEm) }];
        assert_eq!(class_at("k", &half, 0), Class::Ideographic);
        assert_eq!(class_at("k", &[], 0), Class::Western);
    }

    #[test]
    fn appendix_a25_a_declared_unit_symbol_is_cl25_without_a_numeral() {
        let unit = [Declared { text: 0..2, role: Some(Role::UnitSymbol), frame: None }];
        assert_eq!(class_at("km", &unit, 0), Class::UnitSymbol);
        assert_eq!(class_at("km", &unit, 1), Class::UnitSymbol);
        assert_eq!(class_at("km", &[], 0), Class::Western, "nothing declared: no numeral, no unit");
        // After a numeral the context rule finds it undeclared.
        assert_eq!(class_at("5km", &[], 1), Class::UnitSymbol);
    }

    #[test]
    fn appendix_a24_a_declared_decimal_point_role_is_cl24_but_a_middle_dot_stays_cl05() {
        let point = [Declared { text: 1..2, role: Some(Role::DecimalPoint), frame: None }];
        assert_eq!(class_at("1.", &point, 1), Class::GroupedNumeral);
        let dot = [Declared { text: 3..6, role: Some(Role::DecimalPoint), frame: None }];
        assert_eq!(class_at("三・五", &dot, 3), Class::MiddleDot);
    }

    #[test]
    fn appendix_c2_a_declared_quantity_symbol_stays_with_a_postfixed_abbreviation() {
        use crate::text::{Shape, compose_declared};
        let settings = Settings::new(1.0);
        let shape = Shape { measure: 0.001, first_indent: 0.0, rest_indent: 0.0 };
        let q = [Declared { text: 0..1, role: Some(Role::QuantitySymbol), frame: None }];
        // Composed at a measure that takes every break: "A％" stays one line with the
        // role, and breaks before ％ without it.
        let with = compose_declared("A％", &q, shape, &settings, &QUARTER_POINT);
        let without = compose_declared("A％", &[], shape, &settings, &QUARTER_POINT);
        assert_eq!(with.lines.len(), 1);
        assert_eq!(without.lines.len(), 2);
        assert_eq!(classify("A％", &settings, &QUARTER_POINT)[0].1, Class::Western);
    }
}
