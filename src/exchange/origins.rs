//! Where the interface messages a translation needs come from: the site's
//! `locales/<default>/*.ftl` and the theme's (the theme folder's or the built-in theme's
//! `locales/<default>/*.ftl`), and the state of each of their messages in a target language.
//!
//! A theme message is the language's to translate unless the site's default-language files
//! override it (the override is a site message and travels as one). Its translation is the
//! site's `locales/<lang>/` message of the same id, judged by its `# dilmanc-source:` record
//! against the theme's current original like a site message; else the theme's own
//! `locales/<lang>/` message, which the theme keeps and which counts as current. A message
//! marked optional ([`fluent::OPTIONAL`]) that the language lacks is not the language's to
//! translate: export does not offer it and status does not count it.

use std::collections::{HashMap, HashSet};

use super::State;
use super::fluent::{self, SourceMessage};
use super::fluent_record::{self, Translated};
use crate::config::Config;
use crate::error::{Errors, Result, io_error};
use crate::theme::{SourceFile, Theme};

/// A Fluent file of the default language whose messages travel.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// Its path as exchange files and `l10n status` name it: `locales/az/site.ftl`, or
    /// `themes/<theme>/locales/az/theme.ftl` for the theme's (also for the built-in theme,
    /// where `dilmanc theme eject` would write it).
    pub(crate) path: String,
    /// Its file name: the file of the site's `locales/<lang>/` that a missing message of it
    /// goes into.
    pub(crate) name: String,
    /// Its text.
    pub(crate) text: String,
    /// Whether it is the theme's.
    pub(crate) theme: bool,
}

/// The Fluent files of the default language: the site's, then the theme's, each sorted by
/// name.
pub(crate) fn origins(config: &Config) -> Result<Vec<Origin>> {
    let default = &config.default_language;
    let mut out: Vec<Origin> = super::export::ftl_files(&config.root, default)?
        .into_iter()
        .map(|(name, text)| Origin {
            path: format!("locales/{default}/{name}"),
            name,
            text,
            theme: false,
        })
        .collect();
    let theme = Theme::resolve(config)?;
    for (name, text) in theme_files(&theme, default)? {
        out.push(Origin {
            path: format!("themes/{}/locales/{default}/{name}", config.theme),
            name,
            text,
            theme: true,
        });
    }
    Ok(out)
}

/// The theme's `.ftl` files of `lang`, by file name, sorted.
fn theme_files(theme: &Theme, lang: &str) -> Result<Vec<(String, String)>> {
    let mut errors = Errors::new();
    let files: Vec<SourceFile> = theme.locale_files(lang, &mut errors);
    errors.into_result(())?;
    let mut out = Vec::new();
    for file in files {
        let bytes = file
            .content
            .read()
            .map_err(|e| io_error(&file.display, "read", &e))?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        out.push((file.relative, text));
    }
    out.sort();
    Ok(out)
}

/// What decides which messages of the [`Origin`]s a language has to translate, apart from
/// the site's own files of the language.
pub(crate) struct Scope {
    /// The ids the site's default-language files define (they override the theme's).
    site_defines: HashSet<String>,
    /// The ids the theme's own files of the language define.
    theme_translates: HashSet<String>,
}

impl Scope {
    /// The scope of `lang` for the site of `config`, whose originals are `origins`.
    pub(crate) fn read(config: &Config, lang: &str, origins: &[Origin]) -> Result<Scope> {
        let site_defines = origins
            .iter()
            .filter(|o| !o.theme)
            .flat_map(|o| fluent::ids(&o.text))
            .collect();
        let theme = Theme::resolve(config)?;
        let theme_translates = theme_files(&theme, lang)?
            .iter()
            .flat_map(|(_, text)| fluent::ids(text))
            .collect();
        Ok(Scope {
            site_defines,
            theme_translates,
        })
    }

    /// The state in the language of `message` of `origin`, given the messages of the site's
    /// files of the language (`translated`); `None` when it is not the language's to
    /// translate (a theme message the site overrides, an optional message the language
    /// lacks).
    pub(crate) fn state(
        &self,
        origin: &Origin,
        message: &SourceMessage,
        translated: &HashMap<String, Translated<'_>>,
    ) -> Option<State> {
        if origin.theme && self.site_defines.contains(&message.id) {
            return None;
        }
        let translation = translated.get(&message.id);
        let state = if translation.is_none() && self.by_theme(origin, &message.id) {
            State::Current
        } else {
            fluent_record::state(&message.hash, translation)
        };
        (state != State::Missing || !message.optional).then_some(state)
    }

    /// Whether the theme's own files of the language translate the theme message `id`.
    pub(crate) fn by_theme(&self, origin: &Origin, id: &str) -> bool {
        origin.theme && self.theme_translates.contains(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::plural::Categories;

    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
        crate::i18n::tests::site_with(
            files,
            "base_url = \"https://x.az\"\ndefault_language = \"az\"\ntheme = \"t\"\n[languages.az]\nname = \"Az\"\n[languages.en]\nname = \"En\"\n",
        )
    }

    #[test]
    fn theme_messages_are_the_languages_unless_overridden_translated_by_the_theme_or_optional() {
        let (_dir, config) = site(&[
            (
                "themes/t/locales/az/theme.ftl",
                "a = A\nb = B\nc = C\n# dilmanc: optional\nd = D\ne = E\nf = F\n",
            ),
            ("themes/t/locales/en/theme.ftl", "b = B en\n"),
            ("locales/az/site.ftl", "c = Site C\n"),
            ("locales/en/site.ftl", "e = E en\nf = F en\n"),
        ]);
        let origins = origins(&config).unwrap();
        let paths: Vec<&str> = origins.iter().map(|o| o.path.as_str()).collect();
        assert_eq!(
            paths,
            vec!["locales/az/site.ftl", "themes/t/locales/az/theme.ftl"]
        );
        let scope = Scope::read(&config, "en", &origins).unwrap();
        let theme = &origins[1];
        let file = fluent::extract(&theme.name, &theme.text, &Categories::of("en"));
        let f_hash = &file.messages[5].hash;
        let en = vec![(
            "site.ftl".to_owned(),
            format!("e = E en\n# dilmanc-source: {f_hash}\nf = F en\n"),
        )];
        let translated = fluent_record::translated(&en);
        let states: Vec<(&str, Option<State>)> = file
            .messages
            .iter()
            .map(|m| (m.id.as_str(), scope.state(theme, m, &translated)))
            .collect();
        assert_eq!(
            states,
            vec![
                ("a", Some(State::Missing)),
                ("b", Some(State::Current)),
                ("c", None),
                ("d", None),
                ("e", Some(State::Unchecked)),
                ("f", Some(State::Current)),
            ]
        );
    }

    #[test]
    fn the_built_in_theme_marks_what_dilmancs_code_does_without() {
        let theme = Theme::built_in();
        let files = theme_files(&theme, "az").unwrap();
        assert!(!files.is_empty());
        let marked: Vec<String> = files
            .iter()
            .flat_map(|(name, text)| fluent::extract(name, text, &Categories::of("en")).messages)
            .filter(|m| m.optional)
            .map(|m| m.id)
            .collect();
        assert_eq!(marked, vec![crate::i18n::PRESS_DATE]);
        for (_, text) in &files {
            if let Some(at) = text.find("\npress-date =") {
                assert!(
                    text[..at].ends_with(&format!("# {}", fluent::OPTIONAL)),
                    "the built-in theme marks press-date with `# {}`",
                    fluent::OPTIONAL
                );
            }
        }
    }
}
