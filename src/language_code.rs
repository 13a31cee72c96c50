//! Which BCP 47 tags `site.toml` accepts as language codes, and each language's text
//! direction, both from CLDR data (ICU4X).
//!
//! A language code is a folder name of the output (`/en/`), the `lang` and `hreflang` of
//! every page, and the locale of Fluent plural rules, CLDR dates and collation. So it must be
//! a language identifier that CLDR knows how to read: language, optional script, region and
//! variants, in canonical form. Well-formed BCP 47 tags outside that are refused with the
//! reason: tags with extensions (`-u-`, `-t-`, `-x-...`), whole private-use tags (`x-...`)
//! and the grandfathered tags of RFC 5646 (`i-klingon`, `en-GB-oed`). Private-use
//! *languages* (`qaa` to `qtz`) are ordinary language subtags and accepted.

use icu_locale::{LocaleCanonicalizer, LocaleDirectionality};
use icu_locale_core::{LanguageIdentifier, Locale};

use crate::config::Direction;

/// Why a code written in `site.toml` is refused, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    /// What is wrong, naming the code.
    pub(crate) message: String,
    /// What to do.
    pub(crate) help: String,
    /// The code to write instead, when there is one.
    pub(crate) instead: Option<String>,
}

impl Refused {
    fn new(message: String, help: String, instead: Option<String>) -> Refused {
        Refused {
            message,
            help,
            instead,
        }
    }
}

/// The grandfathered tags of RFC 5646 (section 2.2.8), which predate its syntax, with the
/// IANA registry's Preferred-Value where there is one. The list is closed: no tag is ever
/// added to it. ICU4X cannot parse most of them (`i-klingon` has no language subtag), so
/// its alias data cannot map them.
const GRANDFATHERED: [(&str, Option<&str>); 26] = [
    ("art-lojban", Some("jbo")),
    ("cel-gaulish", None),
    ("en-GB-oed", Some("en-GB-oxendict")),
    ("i-ami", Some("ami")),
    ("i-bnn", Some("bnn")),
    ("i-default", None),
    ("i-enochian", None),
    ("i-hak", Some("hak")),
    ("i-klingon", Some("tlh")),
    ("i-lux", Some("lb")),
    ("i-mingo", None),
    ("i-navajo", Some("nv")),
    ("i-pwn", Some("pwn")),
    ("i-tao", Some("tao")),
    ("i-tay", Some("tay")),
    ("i-tsu", Some("tsu")),
    ("no-bok", Some("nb")),
    ("no-nyn", Some("nn")),
    ("sgn-BE-FR", Some("sfb")),
    ("sgn-BE-NL", Some("vgt")),
    ("sgn-CH-DE", Some("sgg")),
    ("zh-guoyu", Some("cmn")),
    ("zh-hakka", Some("hak")),
    ("zh-min", None),
    ("zh-min-nan", Some("nan")),
    ("zh-xiang", Some("hsn")),
];

/// What to suggest for a language without a code of its own.
const PRIVATE_USE_HELP: &str = "for a language or variety without a code of its own, use a private-use language code from qaa to qtz, optionally with script and region (qaa, qab-Latn, qaa-Arab-AZ)";

/// The language identifier of `code` as written in `site.toml`, or why it cannot be one.
///
/// The code must be written as CLDR writes it: `EN` is refused for `en`, and an old or
/// alternative code that CLDR replaces (`iw`, `in`, `ji`, `jw`, `mo`, `sh`, `aze` ...) is
/// refused for its replacement (`he`, `id`, `yi`, `jv`, `ro`, `sr-Latn`, `az` ...), so that
/// one language cannot be configured twice under two codes.
pub(crate) fn parse(code: &str) -> Result<LanguageIdentifier, Refused> {
    if let Some((tag, preferred)) = GRANDFATHERED
        .iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(code))
    {
        return Err(match preferred {
            Some(preferred) => {
                let instead = preferred
                    .parse::<LanguageIdentifier>()
                    .map(|id| canonical(&id).to_string())
                    .unwrap_or_else(|_| (*preferred).to_owned());
                Refused::new(
                    format!(
                        "`{code}` is a grandfathered tag, kept in BCP 47 only for old documents"
                    ),
                    format!("write it as `{instead}`"),
                    Some(instead),
                )
            }
            None => Refused::new(
                format!(
                    "`{code}` is a grandfathered tag (`{tag}`) with no language code to replace it"
                ),
                PRIVATE_USE_HELP.to_owned(),
                None,
            ),
        });
    }
    if code
        .get(..2)
        .is_some_and(|start| start.eq_ignore_ascii_case("x-"))
    {
        return Err(Refused::new(
            format!(
                "`{code}` is a private-use tag, which names no language: dilmanc needs one for the folder name, hreflang, plural rules and dates"
            ),
            PRIVATE_USE_HELP.to_owned(),
            None,
        ));
    }
    let Ok(locale) = code.parse::<Locale>() else {
        return Err(Refused::new(
            format!("`{code}` is not a valid BCP 47 language code"),
            "use a tag such as az, en, ru, ar or az-Cyrl".to_owned(),
            None,
        ));
    };
    if !locale.extensions.is_empty() {
        let instead = canonical(&locale.id).to_string();
        return Err(Refused::new(
            format!(
                "`{code}` has an extension (`-{}`): a language code names a folder, hreflang and the CLDR locale, and may only have language, script, region and variants",
                locale.extensions
            ),
            format!("write it as `{instead}`; {PRIVATE_USE_HELP}"),
            Some(instead),
        ));
    }
    let id = locale.id;
    let replacement = canonical(&id);
    if replacement != id && is_retired(&id, &replacement) {
        let instead = replacement.to_string();
        return Err(Refused::new(
            format!("`{code}` is an old code, or another name CLDR replaces with `{instead}`"),
            format!("write it as `{instead}`"),
            Some(instead),
        ));
    }
    if id.to_string() != code {
        let instead = id.to_string();
        return Err(Refused::new(
            format!("language code `{code}` is not in canonical form"),
            format!("write it as `{instead}`"),
            Some(instead),
        ));
    }
    Ok(id)
}

/// Language subtags the IANA registry deprecated in favour of another code for the same
/// language.
const DEPRECATED: [&str; 5] = ["iw", "in", "ji", "jw", "mo"];

/// Whether CLDR's `replacement` of `id` retires `id`'s spelling rather than preferring
/// another name for what may be a different variety: a deprecated subtag (`iw` → `he`), a
/// three-letter code of a language with a two-letter one (`aze` → `az`), or a replaced
/// region (`de-DD` → `de-DE`). `tl` (→ `fil`), `sh` (→ `sr-Latn`) and `cmn` (→ `zh`) are
/// current codes that name their language and are kept as written.
fn is_retired(id: &LanguageIdentifier, replacement: &LanguageIdentifier) -> bool {
    let (from, to) = (id.language.as_str(), replacement.language.as_str());
    if from == to {
        return true;
    }
    DEPRECATED.contains(&from)
        || (from.len() == 3
            && to.len() == 2
            && replacement.region.is_none()
            && replacement.script.is_none()
            && !["cmn"].contains(&from))
}

/// `id` with CLDR's aliases applied (`iw` → `he`, `sh` → `sr-Latn`).
fn canonical(id: &LanguageIdentifier) -> LanguageIdentifier {
    let mut locale = Locale::from(id.clone());
    LocaleCanonicalizer::new_extended().canonicalize(&mut locale);
    locale.id
}

/// The text direction of the language `id`: that of its script, written or the most likely
/// one for the language and region (CLDR likely subtags: `az` is written in Latin, `az-IR`
/// and `az-Arab` in Arabic, `yi` in Hebrew, `dv` in Thaana). Left to right when CLDR knows
/// no script for it (`und`, `zz`, `qaa`).
pub(crate) fn direction(id: &LanguageIdentifier) -> Direction {
    match LocaleDirectionality::new_extended().get(id) {
        Some(icu_locale::Direction::RightToLeft) => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direction_of(code: &str) -> Direction {
        direction(&parse(code).unwrap_or_else(|e| panic!("{code}: {e:?}")))
    }

    #[test]
    fn direction_comes_from_the_script_cldr_gives_the_language() {
        let rtl = [
            "ar", "fa", "he", "yi", "dv", "ur", "ps", "sd", "ckb", "ug", "syr", "nqo", "az-Arab",
            "ku-Arab", "pa-Arab", "az-IR", "en-Arab",
        ];
        let ltr = [
            "az", "en", "ru", "az-Cyrl", "az-Latn", "ku", "pa", "tr", "zh", "ja", "und", "zz",
            "qaa", "qaa-Latn",
        ];
        for code in rtl {
            assert_eq!(direction_of(code), Direction::Rtl, "{code}");
        }
        for code in ltr {
            assert_eq!(direction_of(code), Direction::Ltr, "{code}");
        }
    }

    #[test]
    fn old_codes_are_refused_for_the_code_cldr_uses() {
        for (old, new) in [
            ("iw", "he"),
            ("in", "id"),
            ("ji", "yi"),
            ("jw", "jv"),
            ("mo", "ro"),
            ("IW", "he"),
            ("aze", "az"),
            ("de-DD", "de-DE"),
        ] {
            let refused = parse(old).unwrap_err();
            assert_eq!(refused.instead.as_deref(), Some(new), "{old}: {refused:?}");
            assert!(refused.message.contains("old code"), "{refused:?}");
            assert_eq!(refused.help, format!("write it as `{new}`"));
        }
    }

    #[test]
    fn current_codes_cldr_would_spell_otherwise_are_kept() {
        for code in ["tl", "sh", "cmn", "prs"] {
            assert_eq!(parse(code).unwrap().to_string(), code);
        }
    }

    #[test]
    fn codes_are_written_as_cldr_writes_them() {
        for code in [
            "az",
            "en",
            "ru",
            "ar",
            "az-Cyrl",
            "sr-Latn-RS",
            "de-CH-1996",
            "qaa-Qaaa-QM",
        ] {
            assert_eq!(parse(code).unwrap().to_string(), code);
        }
        let refused = parse("EN").unwrap_err();
        assert!(refused.message.contains("canonical form"), "{refused:?}");
        assert_eq!(refused.instead.as_deref(), Some("en"));
        assert_eq!(
            parse("az-cyrl").unwrap_err().instead.as_deref(),
            Some("az-Cyrl")
        );
        assert!(
            parse("fr!")
                .unwrap_err()
                .message
                .contains("not a valid BCP 47")
        );
        assert!(parse("en_US").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn private_use_extended_and_grandfathered_tags_are_refused_with_the_reason() {
        let refused = parse("x-private").unwrap_err();
        assert!(refused.message.contains("private-use tag"), "{refused:?}");
        assert!(refused.help.contains("qaa to qtz"), "{refused:?}");

        let refused = parse("qaa-Qaaa-QM-x-southern").unwrap_err();
        assert!(refused.message.contains("`-x-southern`"), "{refused:?}");
        assert_eq!(refused.instead.as_deref(), Some("qaa-Qaaa-QM"));
        assert_eq!(
            parse("en-u-ca-buddhist").unwrap_err().instead.as_deref(),
            Some("en")
        );

        let refused = parse("i-klingon").unwrap_err();
        assert!(refused.message.contains("grandfathered"), "{refused:?}");
        assert_eq!(refused.instead.as_deref(), Some("tlh"));
        assert_eq!(
            parse("en-GB-oed").unwrap_err().instead.as_deref(),
            Some("en-GB-oxendict")
        );
        assert_eq!(
            parse("zh-guoyu").unwrap_err().instead.as_deref(),
            Some("zh")
        );
        let refused = parse("i-default").unwrap_err();
        assert_eq!(refused.instead, None);
        assert!(refused.help.contains("qaa"), "{refused:?}");
    }
}
