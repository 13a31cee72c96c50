//! `dilmanc l10n status`: how much of the site is translated into each language, and which
//! translations are stale because their original changed after they were made.
//!
//! A translation made with `dilmanc new --translation-of` records the hash of the original
//! in `[translation] hash`; when the original's current hash differs, the translation is
//! stale. A translation without a record is counted as translated but listed as unchecked.
//!
//! Words to translate are counted as `l10n export` cuts pages into units (the words with a
//! letter in the texts of the units): all of a missing page, and all of the current original
//! of a stale one (a translation memory finds what did not change).
//!
//! Interface messages and terms (`locales/<default>/*.ftl`) are counted too: a message the
//! language lacks is missing; one whose `# dilmanc-source:` record (written by `l10n
//! import`) names an older version of the original message is stale; one without a record
//! is counted as translated and listed as unchecked, as a page without `[translation]` is.

use std::path::PathBuf;

use serde::Serialize;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::load::{LoadOptions, load};

/// The state of one page in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Translated from the current version of the original.
    Current,
    /// Translated from an older version of the original.
    Stale,
    /// Translated, without a record of which version of the original.
    Unchecked,
    /// Not translated.
    Missing,
}

/// One page of the default language and its translation into one language.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The original, relative to the site root.
    pub original: PathBuf,
    /// The translation, when there is one.
    pub translation: Option<PathBuf>,
    /// Its state.
    pub state: State,
    /// Words to translate: those of the original, for a missing or stale page; else 0.
    pub words: usize,
    /// For an interface message, its id (`original` and `translation` are then `.ftl` files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// For an interface message, the hash of its original as it is now: what the
    /// `# dilmanc-source:` record of a translation of this version carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// The translation status of one language.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    /// The language code.
    pub lang: String,
    /// Pages of the default language.
    pub pages: usize,
    /// Pages with a translation (current, stale or unchecked).
    pub translated: usize,
    /// Translations of an older version of their original.
    pub stale: usize,
    /// Pages without a translation.
    pub missing: usize,
    /// `translated` as a percentage of `pages`, rounded down.
    pub coverage: usize,
    /// Sections (`_index.md` of the default language).
    pub sections: usize,
    /// Sections with a translated `_index.L.md` (current, stale or unchecked).
    pub sections_translated: usize,
    /// Sections whose translation is stale.
    pub sections_stale: usize,
    /// Sections without a translation.
    pub sections_missing: usize,
    /// Interface messages of the default language (`locales/<default>/*.ftl`).
    pub messages: usize,
    /// Messages the language defines (current, stale, or without a record).
    pub messages_translated: usize,
    /// Messages translated from an older version of the original message.
    pub messages_stale: usize,
    /// Messages the language lacks.
    pub messages_missing: usize,
    /// Messages the language defines without a `# dilmanc-source:` record (translated by
    /// hand): counted as translated and not stale, because the version they translate is
    /// not known.
    pub messages_unchecked: usize,
    /// The theme's interface messages the language needs: those of the theme's
    /// `locales/<default>/*.ftl` that the site's default-language files do not override,
    /// without the optional ones the language lacks.
    pub theme_messages: usize,
    /// Theme messages translated: by the theme's own `locales/<lang>/` (current) or by the
    /// site's (current, stale or unchecked, by its record).
    pub theme_messages_translated: usize,
    /// Theme messages the site translated from an older version of the theme's original.
    pub theme_messages_stale: usize,
    /// Theme messages neither the theme's nor the site's `locales/<lang>/` has.
    pub theme_messages_missing: usize,
    /// Theme messages the site's `locales/<lang>/` translates without a record.
    pub theme_messages_unchecked: usize,
    /// Words of the pages, sections and messages without a translation.
    pub words_missing: usize,
    /// Words of the originals of stale translations (pages, sections and messages).
    pub words_stale: usize,
    /// Every page and section text that is not current, in file order.
    pub entries: Vec<Entry>,
}

/// The status of every language but the default one (or of `only`).
pub fn status(root: &std::path::Path, only: Option<&str>) -> Result<Vec<LanguageStatus>> {
    let config = Config::load(root)?;
    if let Some(code) = only
        && config.language(code).is_none()
    {
        return Err(Error::new(format!(
            "the language `{code}` is not configured in site.toml"
        ))
        .with_help(format!(
            "pass one of the languages of site.toml to --lang: {}",
            config
                .languages
                .iter()
                .map(|l| l.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .on_command_line()
        .into());
    }
    let default = config.default_language.clone();
    let languages: Vec<String> = config
        .languages
        .iter()
        .map(|l| l.code.clone())
        .filter(|code| *code != default && only.is_none_or(|o| o == code))
        .collect();
    let options = LoadOptions {
        drafts: true,
        future: true,
        now: jiff::Timestamp::now(),
    };
    let site = load(config, &options)?;
    let mut report = Vec::new();
    let mut words: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    for lang in languages {
        let mut status = LanguageStatus {
            lang: lang.clone(),
            pages: 0,
            translated: 0,
            stale: 0,
            missing: 0,
            coverage: 0,
            sections: 0,
            sections_translated: 0,
            sections_stale: 0,
            sections_missing: 0,
            messages: 0,
            messages_translated: 0,
            messages_stale: 0,
            messages_missing: 0,
            messages_unchecked: 0,
            theme_messages: 0,
            theme_messages_translated: 0,
            theme_messages_stale: 0,
            theme_messages_missing: 0,
            theme_messages_unchecked: 0,
            words_missing: 0,
            words_stale: 0,
            entries: Vec::new(),
        };
        for group in site.groups.iter() {
            let Some(original) = group.version(&default) else {
                continue;
            };
            status.pages += 1;
            let original = &site.pages[original];
            let entry = match group.version(&lang) {
                None => {
                    status.missing += 1;
                    Entry {
                        original: original.source.clone(),
                        translation: None,
                        state: State::Missing,
                        words: 0,
                        message: None,
                        hash: None,
                    }
                }
                Some(id) => {
                    status.translated += 1;
                    let translation = &site.pages[id];
                    let state = match &translation.translation {
                        None => State::Unchecked,
                        Some(record) => {
                            let bytes = std::fs::read(site.config.root.join(&original.source))
                                .unwrap_or_default();
                            if crate::hash::short_sha256(&bytes) == record.hash {
                                State::Current
                            } else {
                                status.stale += 1;
                                State::Stale
                            }
                        }
                    };
                    Entry {
                        original: original.source.clone(),
                        translation: Some(translation.source.clone()),
                        state,
                        words: 0,
                        message: None,
                        hash: None,
                    }
                }
            };
            let mut entry = entry;
            if matches!(entry.state, State::Missing | State::Stale) {
                let counted = words.entry(original.source.clone()).or_insert_with(|| {
                    crate::exchange::export::read_original(&site.config.root, &original.source)
                        .map_or(0, |o| crate::exchange::units::words(&o.units))
                });
                entry.words = *counted;
                if entry.state == State::Missing {
                    status.words_missing += entry.words;
                } else {
                    status.words_stale += entry.words;
                }
            }
            if entry.state != State::Current {
                status.entries.push(entry);
            }
        }
        for section in site.sections.iter() {
            let Some(original) = section.text(&default) else {
                continue;
            };
            status.sections += 1;
            let Ok(read) =
                crate::exchange::export::read_original(&site.config.root, &original.source)
            else {
                continue;
            };
            let translation = section.text(&lang);
            let state = crate::exchange::export::state_of(
                &read,
                translation.map(|t| t.translation.as_ref()),
            );
            let mut entry = Entry {
                original: original.source.clone(),
                translation: translation.map(|t| t.source.clone()),
                state,
                words: 0,
                message: None,
                hash: None,
            };
            tally(
                state,
                &mut status.sections_translated,
                &mut status.sections_stale,
                &mut status.sections_missing,
            );
            if matches!(state, State::Missing | State::Stale) {
                entry.words = crate::exchange::units::words(&read.units);
                if state == State::Missing {
                    status.words_missing += entry.words;
                } else {
                    status.words_stale += entry.words;
                }
            }
            if state != State::Current {
                status.entries.push(entry);
            }
        }
        count_messages(&site.config, &lang, &mut status)?;
        status.coverage = (status.translated * 100)
            .checked_div(status.pages)
            .unwrap_or(100);
        status.entries.sort_by(|a, b| a.original.cmp(&b.original));
        report.push(status);
    }
    Ok(report)
}

/// Counts one text in state `state`: a stale text is translated and stale.
fn tally(state: State, translated: &mut usize, stale: &mut usize, missing: &mut usize) {
    match state {
        State::Missing => *missing += 1,
        State::Stale => {
            *translated += 1;
            *stale += 1;
        }
        State::Current | State::Unchecked => *translated += 1,
    }
}

/// Counts the interface messages (and terms) of the default language, the site's and the
/// theme's, in `status`, and lists those `lang` lacks, has stale, or has without a record of
/// the original's version (unchecked: counted as translated, not as stale).
fn count_messages(config: &Config, lang: &str, status: &mut LanguageStatus) -> Result<()> {
    use crate::exchange::{export::ftl_files, fluent, fluent_record, origins, plural::Categories};
    let categories = Categories::of(lang);
    let targets = ftl_files(&config.root, lang)?;
    let translated = fluent_record::translated(&targets);
    let origins = origins::origins(config)?;
    let scope = origins::Scope::read(config, lang, &origins)?;
    for origin in &origins {
        let file = fluent::extract(&origin.name, &origin.text, &categories);
        for message in &file.messages {
            let Some(state) = scope.state(origin, message, &translated) else {
                continue;
            };
            let counts = if origin.theme {
                MessageCounts {
                    all: &mut status.theme_messages,
                    translated: &mut status.theme_messages_translated,
                    stale: &mut status.theme_messages_stale,
                    missing: &mut status.theme_messages_missing,
                    unchecked: &mut status.theme_messages_unchecked,
                }
            } else {
                MessageCounts {
                    all: &mut status.messages,
                    translated: &mut status.messages_translated,
                    stale: &mut status.messages_stale,
                    missing: &mut status.messages_missing,
                    unchecked: &mut status.messages_unchecked,
                }
            };
            *counts.all += 1;
            tally(state, counts.translated, counts.stale, counts.missing);
            let words = match state {
                State::Current => continue,
                // Nothing to translate; listed so that someone can have it checked.
                State::Unchecked => {
                    *counts.unchecked += 1;
                    0
                }
                State::Missing | State::Stale => {
                    let units: Vec<crate::exchange::units::Unit> =
                        file.units_of(&message.id).map(|m| m.unit.clone()).collect();
                    let words = crate::exchange::units::words(&units);
                    if state == State::Missing {
                        status.words_missing += words;
                    } else {
                        status.words_stale += words;
                    }
                    words
                }
            };
            status.entries.push(Entry {
                original: PathBuf::from(&origin.path),
                translation: translated
                    .get(&message.id)
                    .map(|t| PathBuf::from(format!("locales/{lang}/{}", t.file))),
                state,
                words,
                message: Some(message.id.clone()),
                hash: Some(message.hash.clone()),
            });
        }
    }
    Ok(())
}

/// The message counters of one kind (the site's or the theme's) of a [`LanguageStatus`].
struct MessageCounts<'a> {
    all: &'a mut usize,
    translated: &'a mut usize,
    stale: &'a mut usize,
    missing: &'a mut usize,
    unchecked: &'a mut usize,
}

/// The report as text for people.
pub fn to_text(report: &[LanguageStatus]) -> String {
    let mut text = String::new();
    for language in report {
        text.push_str(&format!(
            "{}: {} of {} pages translated ({}%), {} stale, {} missing; {} of {} sections translated, {} stale, {} missing; {} words to translate ({} new, {} stale)\n",
            language.lang,
            language.translated,
            language.pages,
            language.coverage,
            language.stale,
            language.missing,
            language.sections_translated,
            language.sections,
            language.sections_stale,
            language.sections_missing,
            language.words_missing + language.words_stale,
            language.words_missing,
            language.words_stale
        ));
        if language.messages > 0 {
            // Before the newline of the line above.
            text.pop();
            text.push_str(&format!(
                "; {} of {} messages translated, {} stale, {} missing, {} unchecked\n",
                language.messages_translated,
                language.messages,
                language.messages_stale,
                language.messages_missing,
                language.messages_unchecked
            ));
        }
        let theme_to_do = language.theme_messages_missing
            + language.theme_messages_stale
            + language.theme_messages_unchecked;
        if theme_to_do > 0 {
            text.pop();
            text.push_str(&format!(
                "; {} of {} theme messages translated, {} stale, {} missing, {} unchecked\n",
                language.theme_messages_translated,
                language.theme_messages,
                language.theme_messages_stale,
                language.theme_messages_missing,
                language.theme_messages_unchecked
            ));
        }
        for entry in &language.entries {
            let (label, file) = match entry.state {
                State::Missing => ("missing  ", &entry.original),
                State::Stale => (
                    "stale    ",
                    entry.translation.as_ref().unwrap_or(&entry.original),
                ),
                State::Unchecked => (
                    "unchecked",
                    entry.translation.as_ref().unwrap_or(&entry.original),
                ),
                State::Current => continue,
            };
            let what = match &entry.message {
                Some(id) if id.starts_with('-') => format!("{}: term {id}", file.display()),
                Some(id) => format!("{}: message {id}", file.display()),
                None => file.display().to_string(),
            };
            if entry.words > 0 {
                text.push_str(&format!("  {label} {what} ({} words)\n", entry.words));
            } else {
                text.push_str(&format!("  {label} {what}\n"));
            }
        }
    }
    text
}
