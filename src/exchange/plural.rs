//! The plural categories of a language, as the site's Fluent bundles select them: which
//! variants (`[one]`, `[few]`, ...) a translated plural message needs.
//!
//! fluent-bundle picks a variant with `intl_pluralrules`, for the language negotiated the
//! way it does (an unknown region falls back to the language, an unknown language to
//! English). The crate has no list of a language's categories, so the categories are the
//! ones its rules give for a sample of numbers: every integer up to 1000, powers of ten up
//! to a million, and decimals with one and two digits. That finds every CLDR category of
//! the languages the rules know (the categories only numbers in compact notation reach,
//! such as French `many` for `1e6`, are not selected by fluent-bundle either).

use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

/// The CLDR categories in their usual order.
const ORDER: [(PluralCategory, &str); 6] = [
    (PluralCategory::ZERO, "zero"),
    (PluralCategory::ONE, "one"),
    (PluralCategory::TWO, "two"),
    (PluralCategory::FEW, "few"),
    (PluralCategory::MANY, "many"),
    (PluralCategory::OTHER, "other"),
];

/// Whether `key` is the name of a CLDR plural category.
pub(crate) fn is_category(key: &str) -> bool {
    ORDER.iter().any(|(_, name)| *name == key)
}

/// The plural categories of one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Categories {
    /// For counting (`{ $count -> ... }`).
    pub(crate) cardinal: Vec<&'static str>,
    /// For ordinals (`{ NUMBER($n, type: "ordinal") -> ... }`).
    pub(crate) ordinal: Vec<&'static str>,
}

impl Categories {
    /// The categories of the language `code` (a site.toml language code).
    pub(crate) fn of(code: &str) -> Categories {
        Categories {
            cardinal: categories(code, PluralRuleType::CARDINAL),
            ordinal: categories(code, PluralRuleType::ORDINAL),
        }
    }
}

fn categories(code: &str, kind: PluralRuleType) -> Vec<&'static str> {
    let wanted: LanguageIdentifier = code.parse().unwrap_or_default();
    let english: LanguageIdentifier = "en".parse().expect("`en` is a language identifier");
    let available = PluralRules::get_locales(kind);
    let negotiated = negotiate_languages(
        &[wanted],
        &available,
        Some(&english),
        NegotiationStrategy::Lookup,
    );
    let rules = negotiated
        .first()
        .and_then(|lang| PluralRules::create((*lang).clone(), kind).ok());
    let Some(rules) = rules else {
        return vec!["other"];
    };
    let mut found = [false; 6];
    let mut note = |category: Result<PluralCategory, &str>| {
        if let Ok(category) = category
            && let Some(at) = ORDER.iter().position(|(c, _)| *c == category)
        {
            found[at] = true;
        }
    };
    for n in 0..=1000u64 {
        note(rules.select(n));
    }
    for n in [10_000u64, 100_000, 1_000_000] {
        note(rules.select(n));
    }
    for whole in 0..=20 {
        for tenth in 0..=9 {
            note(rules.select(format!("{whole}.{tenth}").as_str()));
            note(rules.select(format!("{whole}.{tenth}1").as_str()));
        }
    }
    found[5] = true;
    ORDER
        .iter()
        .zip(found)
        .filter(|(_, found)| *found)
        .map(|((_, name), _)| *name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_categories_of_the_sites_languages() {
        assert_eq!(Categories::of("az").cardinal, vec!["one", "other"]);
        assert_eq!(Categories::of("tr").cardinal, vec!["one", "other"]);
        assert_eq!(Categories::of("en").cardinal, vec!["one", "other"]);
        assert_eq!(
            Categories::of("ru").cardinal,
            vec!["one", "few", "many", "other"]
        );
        assert_eq!(
            Categories::of("ar").cardinal,
            vec!["zero", "one", "two", "few", "many", "other"]
        );
        assert_eq!(Categories::of("en-GB").cardinal, vec!["one", "other"]);
        assert_eq!(
            Categories::of("en").ordinal,
            vec!["one", "two", "few", "other"]
        );
        assert!(is_category("few") && !is_category("male"));
    }
}
