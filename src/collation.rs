//! Alphabetical order and initial letters in each language, from CLDR through ICU4X.
//!
//! Azerbaijani sorts a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z, so
//! byte order and English order are both wrong ("Xidmət" comes before "Işıq", which comes
//! before "İcazə"). Initial letters follow the language's case rules (`i` → `İ` in
//! Azerbaijani and Turkish).

use std::cmp::Ordering;
use std::collections::HashMap;

use icu_casemap::CaseMapper;
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

use crate::config::Config;

/// A collator and case rules for every configured language.
pub struct Alphabet {
    collators: HashMap<String, CollatorBorrowed<'static>>,
    ids: HashMap<String, icu_locale_core::LanguageIdentifier>,
}

impl std::fmt::Debug for Alphabet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Alphabet")
            .field("languages", &self.ids.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Alphabet {
    /// Collators for the languages of `config` (the root order where CLDR has none).
    pub fn new(config: &Config) -> Alphabet {
        let mut collators = HashMap::new();
        let mut ids = HashMap::new();
        for language in &config.languages {
            let locale = icu_locale_core::Locale::from(language.id.clone());
            let collator = Collator::try_new((&locale).into(), CollatorOptions::default())
                .or_else(|_| Collator::try_new(Default::default(), CollatorOptions::default()));
            if let Ok(collator) = collator {
                collators.insert(language.code.clone(), collator);
            }
            ids.insert(language.code.clone(), language.id.clone());
        }
        Alphabet { collators, ids }
    }

    /// Compares two texts in the alphabetical order of `lang`.
    pub fn compare(&self, lang: &str, a: &str, b: &str) -> Ordering {
        match self.collators.get(lang) {
            Some(collator) => collator.compare(a, b),
            None => a.to_lowercase().cmp(&b.to_lowercase()),
        }
    }

    /// The first letter of `text` in upper case, by the case rules of `lang`, for a letter
    /// index: "İ" for "icazə" in Azerbaijani.
    pub fn initial(&self, lang: &str, text: &str) -> String {
        let Some(first) = text.trim_start().chars().next() else {
            return String::new();
        };
        let mut buffer = [0; 4];
        let first = first.encode_utf8(&mut buffer);
        match self.ids.get(lang) {
            Some(id) => CaseMapper::new()
                .uppercase_to_string(first, id)
                .into_owned(),
            None => first.to_uppercase(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alphabet() -> Alphabet {
        let config = Config::parse(
            std::path::Path::new("/"),
            "base_url = \"https://x.az\"\ndefault_language = \"az\"\n[languages.az]\nname = \"Az\"\n[languages.en]\nname = \"En\"\n",
        )
        .unwrap();
        Alphabet::new(&config)
    }

    fn sorted(lang: &str, words: &[&str]) -> Vec<String> {
        let alphabet = alphabet();
        let mut words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        words.sort_by(|a, b| alphabet.compare(lang, a, b));
        words
    }

    #[test]
    fn azerbaijani_order_is_not_byte_or_english_order() {
        let words = [
            "İcazə",
            "Lisenziya",
            "Doğum",
            "Ərizə",
            "Işıq",
            "Kitab",
            "Elan",
            "Xidmət",
            "Çağırış",
            "Qeydiyyat",
        ];
        assert_eq!(
            sorted("az", &words),
            [
                "Çağırış",
                "Doğum",
                "Elan",
                "Ərizə",
                "Xidmət",
                "Işıq",
                "İcazə",
                "Kitab",
                "Qeydiyyat",
                "Lisenziya"
            ]
        );
        // English order puts them elsewhere: the test above would fail under it.
        assert_ne!(sorted("en", &words), sorted("az", &words));
    }

    #[test]
    fn initials_follow_the_language_case_rules() {
        let alphabet = alphabet();
        assert_eq!(alphabet.initial("az", "icazə"), "İ");
        assert_eq!(alphabet.initial("az", "ışıq"), "I");
        assert_eq!(alphabet.initial("en", "icon"), "I");
        assert_eq!(alphabet.initial("az", "ərizə"), "Ə");
    }
}
