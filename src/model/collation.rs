//! 五十音順: winners are listed by reading in the order of JIS X 4061 (日本語
//! 文字列照合順番), through ICU4X's collator with the Japanese tailoring (CLDR
//! `ja`), not a table of our own. Readings are normalised first so that the way a
//! reading is typed does not change its place: katakana is hiragana (ビーンズ and
//! びーんず sort together), half-width kana are full-width (NFKC). Voiced and
//! semi-voiced kana, small kana and the long-vowel mark ー are ordered by the
//! collator as JIS X 4061 says (a voiced kana after its unvoiced one only where the
//! strings are otherwise equal; ー as the vowel it prolongs).
//!
//! Duplicates are found on names normalised the same way a reader would see them
//! as one: NFKC, spaces removed.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_normalizer::ComposingNormalizerBorrowed;
use std::cmp::Ordering;

/// The Japanese collator (compiled data; built once).
fn collator() -> &'static CollatorBorrowed<'static> {
    static C: std::sync::OnceLock<CollatorBorrowed<'static>> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let locale = icu_locale_core::locale!("ja");
        // The compiled data holds the `ja` tailoring: failing here is a broken
        // build of sasshi, caught by the tests.
        Collator::try_new(CollatorPreferences::from(&locale), CollatorOptions::default())
            .expect("the compiled collation data has Japanese")
    })
}

/// A reading as it is compared: NFKC (half-width kana to full-width), katakana
/// to hiragana, spaces removed.
pub fn normalise_reading(reading: &str) -> String {
    let nfkc = ComposingNormalizerBorrowed::new_nfkc().normalize(reading);
    nfkc.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // ァ..ヶ → ぁ..ゖ; ヽヾ → ゝゞ
            '\u{30A1}'..='\u{30F6}' | '\u{30FD}' | '\u{30FE}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Whether a reading is written in kana (hiragana, katakana, ー, iteration marks
/// and spaces) — what 五十音順 can order.
pub fn is_kana_reading(reading: &str) -> bool {
    let normal = normalise_reading(reading);
    !normal.is_empty() && normal.chars().all(|c| matches!(c, '\u{3041}'..='\u{3096}' | 'ー' | 'ゝ' | 'ゞ' | '・'))
}

/// JIS X 4061 order of two readings.
pub fn compare_readings(a: &str, b: &str) -> Ordering {
    collator().compare(&normalise_reading(a), &normalise_reading(b))
}

/// A name as two winner files would both print it: NFKC, without spaces.
pub fn name_key(name: &str) -> String {
    ComposingNormalizerBorrowed::new_nfkc().normalize(name).chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_follow_jis_x_4061_order() {
        // Each pair in order; voiced after unvoiced only as a tie-break, small kana
        // with their large ones, katakana = hiragana, ー by the vowel it prolongs.
        let ordered = [
            "あい",
            "あおぞらしょぼう",
            "あおば",
            "えほんばす",
            "おきわーくうぇる",
            "かいせき",
            "がいせき",
            "きっと",
            "きつね",
            "ぎんが",
            "さくらがわ",
            "しおみうら",
            "じょうほう",
            "すずき",
            "はな",
            "ばな",
            "ぱな",
            "ビーンズいんさつ",
            "ひかり",
            "ひまわりちょうざいやっきょく",
            "ふじつう",
            "ぶんか",
            "ほしの",
            "みなとぶんこ",
            "やまね",
            "らいぶどあ",
            "わかば",
        ];
        for w in ordered.windows(2) {
            assert_eq!(compare_readings(w[0], w[1]), Ordering::Less, "{} before {}", w[0], w[1]);
        }
        let mut shuffled: Vec<&str> = ordered.iter().rev().copied().collect();
        shuffled.sort_by(|a, b| compare_readings(a, b));
        assert_eq!(shuffled, ordered);
    }

    #[test]
    fn katakana_and_half_width_readings_sort_as_hiragana() {
        assert_eq!(compare_readings("ビーンズ", "びーんず"), Ordering::Equal);
        assert_eq!(compare_readings("ﾋﾞｰﾝｽﾞ", "びーんず"), Ordering::Equal);
        assert_eq!(normalise_reading("ネット ワーク"), "ねっとわーく");
    }

    #[test]
    fn a_reading_in_kanji_or_latin_is_not_kana() {
        assert!(is_kana_reading("にほんでんき"));
        assert!(is_kana_reading("エヌ・ティ・ティ"));
        assert!(!is_kana_reading("日本電気"));
        assert!(!is_kana_reading("nec"));
        assert!(!is_kana_reading(""));
    }

    #[test]
    fn names_compare_without_width_and_spaces() {
        assert_eq!(name_key("ＮＥＣ　株式会社"), name_key("NEC株式会社"));
        assert_ne!(name_key("日本電気"), name_key("日本電機"));
    }
}
