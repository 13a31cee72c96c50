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
    /// Words of the pages and sections without a translation.
    pub words_missing: usize,
    /// Words of the originals of stale translations (pages and sections).
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
        .with_help("pass one of the languages of site.toml to --lang")
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
            words_missing: 0,
            words_stale: 0,
            entries: Vec::new(),
        };
        for group in &site.groups {
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
        for section in &site.sections {
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
            };
            match state {
                State::Missing => status.sections_missing += 1,
                State::Stale => {
                    status.sections_translated += 1;
                    status.sections_stale += 1;
                }
                State::Current | State::Unchecked => status.sections_translated += 1,
            }
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
        status.coverage = (status.translated * 100)
            .checked_div(status.pages)
            .unwrap_or(100);
        status.entries.sort_by(|a, b| a.original.cmp(&b.original));
        report.push(status);
    }
    Ok(report)
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
            if entry.words > 0 {
                text.push_str(&format!(
                    "  {label} {} ({} words)\n",
                    file.display(),
                    entry.words
                ));
            } else {
                text.push_str(&format!("  {label} {}\n", file.display()));
            }
        }
    }
    text
}
