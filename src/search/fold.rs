//! Words to index keys: the same rules run here at build time and in the theme's
//! `search.js` at query time (the browser suite checks that both give the same keys for
//! the words of `tests/fixtures/search-keys.json`, which a cargo test writes).
//!
//! A text is lowercased (Turkic rules for `az` and `tr`: "I" is "ı", "İ" is "i"), cut into
//! words at every character that is not a letter, digit or combining mark, and each word
//! becomes a key: marks are dropped ("şəhər" → "seher"), Arabic hamza and alef forms are
//! normalised, and the word is stemmed by its language's stemmer (Azerbaijani: [`super::stem_az`],
//! English and Russian: Snowball through `rust-stemmers`).

use std::sync::LazyLock;

use icu_normalizer::DecomposingNormalizerBorrowed;
use rust_stemmers::{Algorithm, Stemmer};

/// How one language turns words into keys.
pub(crate) struct Folder {
    turkic: bool,
    latin: bool,
    kind: Kind,
}

enum Kind {
    Azerbaijani,
    Snowball(Stemmer),
    Arabic,
    Plain,
}

/// A word of a text: its key and where it is in the text (byte offsets).
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The index key.
    pub(crate) key: String,
    /// Byte offset of the word's start in the text.
    pub(crate) start: usize,
    /// Byte offset of the word's end in the text.
    pub(crate) end: usize,
}

impl Folder {
    /// The rules of language `lang` (a BCP 47 code; only its first subtag counts).
    pub(crate) fn new(lang: &str) -> Folder {
        let base = lang.split(['-', '_']).next().unwrap_or(lang);
        let kind = match base {
            "az" => Kind::Azerbaijani,
            "en" => Kind::Snowball(Stemmer::create(Algorithm::English)),
            "ru" => Kind::Snowball(Stemmer::create(Algorithm::Russian)),
            "ar" => Kind::Arabic,
            _ => Kind::Plain,
        };
        Folder {
            turkic: matches!(base, "az" | "tr"),
            latin: base == "en",
            kind,
        }
    }

    /// The keys of the words of `text`, in order.
    #[cfg(test)]
    pub(crate) fn tokens(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        words(text, |start, end| {
            let key = self.key(&text[start..end]);
            if !key.is_empty() {
                out.push(Token { key, start, end });
            }
        });
        out
    }

    /// The key of one word.
    pub(crate) fn key(&self, word: &str) -> String {
        let lower = self.lower(word);
        match &self.kind {
            Kind::Azerbaijani => super::stem_az::stem(&strip_marks(&lower)),
            // English is stemmed without marks; Russian sees "й" before its mark goes, and
            // "ё" is "е" in both.
            Kind::Snowball(stemmer) if self.latin => {
                stemmer.stem(&strip_marks(&lower)).into_owned()
            }
            Kind::Snowball(stemmer) => strip_marks(&stemmer.stem(&lower.replace('ё', "е"))),
            Kind::Arabic => arabic(&strip_marks(&lower)),
            Kind::Plain => strip_marks(&lower),
        }
    }

    /// Whether the browser cannot stem this language itself: the index then maps each word
    /// form of the pages to its key (Snowball stemmers are not mirrored in `search.js`).
    pub(crate) fn needs_forms(&self) -> bool {
        matches!(self.kind, Kind::Snowball(_))
    }

    /// The word lowercased and without marks, not stemmed: what a prefix typed so far is
    /// compared with, and the form the index maps to a key when [`Self::needs_forms`].
    pub(crate) fn prefix(&self, word: &str) -> String {
        let folded = strip_marks(&self.lower(word));
        match self.kind {
            Kind::Arabic => arabic(&folded),
            _ => folded,
        }
    }

    fn lower(&self, word: &str) -> String {
        if self.turkic {
            word.replace('I', "ı").replace('İ', "i").to_lowercase()
        } else {
            word.to_lowercase()
        }
    }
}

/// The most characters a word may have. A longer run of letters and digits is not a word
/// a reader types but pasted data (an encoded file, a hash run together, a line without
/// spaces): it is left out of the index, as `search.js` leaves it out of a query. Without
/// this limit, one such run in one page put all of itself into the entry file that every
/// visitor's first query downloads (a shard's first key).
pub(crate) const MAX_WORD_CHARS: usize = 64;

/// Calls `each` with the start and end (byte offsets) of every word of `text`: each run of
/// word characters of at most [`MAX_WORD_CHARS`] characters. ASCII is read a byte at a
/// time and two-byte characters (Azerbaijani, Cyrillic and Arabic letters) are decoded
/// here; only the others go through `char`.
pub(crate) fn words(text: &str, mut each: impl FnMut(usize, usize)) {
    // A run of at most MAX_WORD_CHARS bytes has at most as many characters; only a longer
    // one is counted.
    let mut each = |start: usize, end: usize| {
        if end - start <= MAX_WORD_CHARS || text[start..end].chars().nth(MAX_WORD_CHARS).is_none() {
            each(start, end);
        }
    };
    let table: &[u64] = &BMP_WORD_CHARS;
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let (word, len) = match bytes[i] {
            byte @ ..0x80 => (byte.is_ascii_alphanumeric(), 1),
            // A lead byte 110xxxxx and one continuation byte 10xxxxxx (valid UTF-8).
            lead @ 0xC0..0xE0 => {
                let n = usize::from(lead & 0x1F) << 6 | usize::from(bytes[i + 1] & 0x3F);
                (is_set(table, n), 2)
            }
            _ => {
                // `i` follows a whole character: it is a character boundary.
                let c = text[i..].chars().next().expect("a character at a boundary");
                (is_word_char(c), c.len_utf8())
            }
        };
        if word {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            each(s, i);
        }
        i += len;
    }
    if let Some(s) = start {
        each(s, text.len());
    }
}

/// Letters, digits and combining marks make words (`\p{Alphabetic}`, `\p{N}` and
/// U+0300–U+036F in `search.js`). Characters of the Basic Multilingual Plane are looked up
/// in [`BMP_WORD_CHARS`], the others asked of the Unicode tables.
fn is_word_char(c: char) -> bool {
    let n = c as usize;
    if n < BMP {
        is_set(&BMP_WORD_CHARS, n)
    } else {
        is_word_char_slow(c)
    }
}

/// Whether the bit of character `n` is set in `table` ([`BMP_WORD_CHARS`]).
fn is_set(table: &[u64], n: usize) -> bool {
    table[n / 64] & (1 << (n % 64)) != 0
}

/// [`is_word_char`] from the Unicode tables of the standard library.
fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Characters in the Basic Multilingual Plane.
const BMP: usize = 0x1_0000;

/// One bit per character of the Basic Multilingual Plane (8 KiB), set for the word
/// characters: the standard library's lookup of a letter beyond ASCII was a tenth of
/// indexing.
static BMP_WORD_CHARS: LazyLock<Box<[u64]>> = LazyLock::new(|| {
    let mut bits = vec![0u64; BMP / 64];
    for n in 0..BMP {
        if char::from_u32(n as u32).is_some_and(is_word_char_slow) {
            bits[n / 64] |= 1 << (n % 64);
        }
    }
    bits.into_boxed_slice()
});

/// Azerbaijani letters with marks as their base letters, as slugs have them ("ə" and its
/// look-alike Cyrillic "ә" as "e": [`crate::slug::azerbaijani_letter`]), then every other
/// letter decomposed (NFD) and its combining marks (U+0300–U+036F) dropped. `word` is
/// lowercased already.
fn strip_marks(word: &str) -> String {
    let mapped: String = word
        .chars()
        .map(|c| crate::slug::azerbaijani_letter(c).unwrap_or(c))
        .collect();
    if mapped.is_ascii() {
        return mapped;
    }
    DecomposingNormalizerBorrowed::new_nfd()
        .normalize(&mapped)
        .chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// Arabic without short vowels, tatweel and hamza carriers (after NFD "أ" is "ا" plus
/// U+0654, which goes with the other marks of U+064B–U+065F and U+0670), "ى" as "ي", "ة"
/// as "ه", and the article "ال" (also after و ب ف ك ل) off words of more than three letters.
fn arabic(word: &str) -> String {
    let word: String = word
        .chars()
        .filter(|c| !matches!(c, '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{640}'))
        .map(|c| match c {
            'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            'ء' => 'ا',
            c => c,
        })
        .collect();
    for article in ["وال", "بال", "فال", "كال", "لل", "ال"] {
        if let Some(rest) = word.strip_prefix(article)
            && rest.chars().count() >= 3
        {
            return rest.to_owned();
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::{Folder, MAX_WORD_CHARS, is_word_char, is_word_char_slow, words};

    fn keys(lang: &str, text: &str) -> Vec<String> {
        Folder::new(lang)
            .tokens(text)
            .into_iter()
            .map(|t| t.key)
            .collect()
    }

    #[test]
    fn azerbaijani_case_and_marks() {
        assert_eq!(keys("az", "IŞIQ"), keys("az", "ışıq"));
        assert_eq!(keys("az", "seher"), keys("az", "şəhər"));
        assert_eq!(keys("az", "İCAZƏ"), keys("az", "icazə"));
        assert_eq!(keys("az", "İCAZƏ"), ["icaz"]);
        // The Cyrillic schwa (U+04D9, U+04D8) that keyboards and pasted text put for "ə".
        assert_eq!(keys("az", "\u{4d9}riz\u{4d9}"), keys("az", "ərizə"));
        assert_eq!(keys("az", "\u{4d8}RİZ\u{4d8}"), keys("az", "ərizə"));
        assert_eq!(
            keys("az", "ş\u{4d9}h\u{4d9}rl\u{4d9}rin"),
            keys("az", "şəhər")
        );
    }

    #[test]
    fn azerbaijani_suffixes() {
        let pasport = keys("az", "pasport");
        for form in ["pasportun", "pasportu", "pasportlar", "PASPORTLARIN"] {
            assert_eq!(keys("az", form), pasport, "{form}");
        }
        assert_eq!(keys("az", "xidmətlərin"), keys("az", "xidmət"));
    }

    #[test]
    fn english_and_russian_are_stemmed() {
        assert_eq!(keys("en", "Passports renewed"), ["passport", "renew"]);
        assert_eq!(keys("ru", "паспорта Паспортов"), ["паспорт", "паспорт"]);
        assert_eq!(keys("ru", "ёлка"), keys("ru", "елка"));
    }

    #[test]
    fn non_turkic_dotted_capital_i_is_one_word() {
        // JavaScript's and Rust's lowercase of "İ" is "i" plus U+0307; the mark goes.
        assert_eq!(keys("en", "İCAZƏ"), keys("en", "icaze"));
        assert_eq!(keys("en", "İCAZƏ").len(), 1);
    }

    #[test]
    fn arabic_hamza_and_alef_forms() {
        assert_eq!(keys("ar", "أحمد"), keys("ar", "احمد"));
        assert_eq!(keys("ar", "إسلام آمن"), keys("ar", "اسلام امن"));
        assert_eq!(keys("ar", "مدرسة"), keys("ar", "مدرسه"));
        assert_eq!(keys("ar", "الجواز"), keys("ar", "جواز"));
        assert_eq!(keys("ar", "مَدْرَسَة"), keys("ar", "مدرسة"));
    }

    #[test]
    fn the_table_of_word_characters_agrees_with_unicode() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), is_word_char_slow(c), "{c:?}");
        }
    }

    #[test]
    fn words_are_cut_at_every_other_character() {
        let text = "Yeni — pasport,İCAZƏ 12ab\u{301}x·ş\u{a0}مدرسة 😀z";
        let mut found = Vec::new();
        words(text, |start, end| found.push(&text[start..end]));
        assert_eq!(
            found,
            [
                "Yeni",
                "pasport",
                "İCAZƏ",
                "12ab\u{301}x",
                "ş",
                "مدرسة",
                "z"
            ]
        );
        for c in ('\u{80}'..='\u{7ff}').chain(['\u{800}', '\u{10000}']) {
            let text = format!("a{c}b");
            let mut count = 0;
            words(&text, |_, _| count += 1);
            assert_eq!(count == 1, is_word_char_slow(c), "{c:?}");
        }
    }

    #[test]
    fn a_word_has_at_most_max_word_chars_characters() {
        let longest_ascii = "a".repeat(MAX_WORD_CHARS);
        let longest_az = "ə".repeat(MAX_WORD_CHARS);
        let text = format!(
            "bir {longest_ascii} {longest_ascii}b {longest_az} {longest_az}ə {} iki",
            "x".repeat(200_000)
        );
        let mut found = Vec::new();
        words(&text, |start, end| found.push(&text[start..end]));
        assert_eq!(found, ["bir", &longest_ascii, &longest_az, "iki"]);
    }

    #[test]
    fn tokens_carry_offsets() {
        let tokens = Folder::new("az").tokens("Yeni — pasport");
        assert_eq!(tokens[1].start, "Yeni — ".len());
    }
}
