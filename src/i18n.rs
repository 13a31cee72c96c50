//! The [`Localizer`]: one thread-safe Fluent bundle per language, with the fallback chain to
//! the default language, and dates in every language.
//!
//! A language's bundle holds the theme's messages (`locales/<lang>/*.ftl` of the theme folder
//! or of the built-in theme, see [`Theme`]) and the site's (`locales/<lang>/*.ftl`); a site
//! message overrides the theme's message of the same id. A message missing in a language is taken from its fallback chain and then from
//! the default language, and the lookup is recorded as a [`MessageFallback`] warning: the
//! code that renders a file runs inside [`recording_fallbacks`], which returns the fallbacks
//! its lookups took as values, so the incremental engine keeps them with the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{YM, YMD};

use crate::config::Config;
use crate::error::{Error, Errors, Result};
use crate::recording::{Recording, record, recording};
use crate::theme::{SourceFile, Theme};

type Bundle = FluentBundle<FluentResource>;

/// The press dateline message: optional, a language without it shows the long date.
pub const PRESS_DATE: &str = "press-date";

/// The messages dilmanc's code looks up only in a language's own bundle, doing without them
/// (by code, not by Fluent fallback) where the language lacks them: translation exchange
/// never offers them to a language that lacks them. A theme or site marks more of its own with
/// the comment line `# dilmanc: optional` (docs/templates.md).
pub const OPTIONAL_MESSAGES: &[&str] = &[PRESS_DATE];

/// A message found only along the fallback chain: shown, but worth a warning.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MessageFallback {
    /// The message id.
    pub id: String,
    /// The language that lacks it.
    pub lang: String,
    /// The language it was taken from.
    pub from: String,
}

/// Why a message could not be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageError {
    /// No language along the chain has the message.
    Missing {
        /// The message id.
        id: String,
        /// The language asked for.
        lang: String,
    },
    /// The message exists but formatting it failed (a missing variable, for example).
    Format {
        /// The message id.
        id: String,
        /// The language it was formatted in.
        lang: String,
        /// What Fluent reported.
        details: String,
    },
}

impl std::fmt::Display for MessageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MessageError::Missing { id, lang } => write!(
                f,
                "the Fluent message `{id}` is missing in `{lang}` and in every fallback language; add it to locales/{lang}/*.ftl"
            ),
            MessageError::Format { id, lang, details } => {
                write!(f, "the Fluent message `{id}` ({lang}) failed: {details}")
            }
        }
    }
}

/// Localised interface text and dates for every configured language.
pub struct Localizer {
    bundles: HashMap<String, Bundle>,
    chains: HashMap<String, Vec<String>>,
    dates: HashMap<String, DateTimeFormatter<YMD>>,
    months: HashMap<String, DateTimeFormatter<YM>>,
    /// The fingerprint of each language's own `.ftl` files (theme and site).
    sources: HashMap<String, crate::fingerprint::Fingerprint>,
}

thread_local! {
    /// The fallbacks taken by this thread's lookups, while [`recording_fallbacks`] runs.
    static FALLBACKS: Recording<MessageFallback> = const { std::cell::RefCell::new(None) };
}

/// Runs `render` (the rendering of one file or one stage, on this thread) and returns the
/// messages its lookups took from a fallback language, each once. Lookups made on other
/// threads are not seen: work spread over threads records on each of them.
pub fn recording_fallbacks<T>(render: impl FnOnce() -> T) -> (T, Vec<MessageFallback>) {
    recording(&FALLBACKS, render)
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("languages", &self.chains.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Localizer {
    /// Loads the theme's and the site's `.ftl` files of every configured language.
    pub fn load(config: &Config, theme: &Theme) -> Result<Localizer> {
        let (localizer, errors) = Self::load_partial(config, theme);
        errors.into_result(localizer)
    }

    /// Like [`Localizer::load`], but also returns what loaded when some files are broken, so
    /// that later stages can still report their own errors in the same run.
    pub fn load_partial(config: &Config, theme: &Theme) -> (Localizer, Errors) {
        let mut errors = Errors::new();
        let mut bundles = HashMap::new();
        let mut chains = HashMap::new();
        let mut dates = HashMap::new();
        let mut months = HashMap::new();
        let mut sources = HashMap::new();
        for language in &config.languages {
            let langid: unic_langid::LanguageIdentifier = language
                .code
                .parse()
                .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
            let mut bundle = Bundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(crate::numbers::format));
            let theme_files = theme.locale_files(&language.code, &mut errors);
            let site_files = ftl_files(config, &language.code, &mut errors);
            let mut texts = Vec::new();
            for (layer, files) in [("theme", theme_files), ("site", site_files)] {
                let mut seen: HashMap<String, PathBuf> = HashMap::new();
                for file in files {
                    let display = file.display.clone();
                    let Some(resource) = parse_resource(&file, &mut texts, &mut errors) else {
                        continue;
                    };
                    for id in message_ids(&resource) {
                        if let Some(first) = seen.insert(id.clone(), display.clone()) {
                            errors.push(
                                Error::in_file(
                                    &display,
                                    format!(
                                        "the message `{id}` is defined again; {} defines it first",
                                        first.display()
                                    ),
                                )
                                .with_help(format!(
                                    "keep one definition per {layer} language folder"
                                )),
                            );
                        }
                    }
                    bundle.add_resource_overriding(resource);
                }
            }
            errors.extend(crate::fluent_cycles::check(&texts).into_iter().collect());
            bundles.insert(language.code.clone(), bundle);
            let mut own = crate::fingerprint::Fingerprinter::new("ftl");
            for text in &texts {
                own.add(&text.display).add(&*text.text);
            }
            sources.insert(language.code.clone(), own.finish());

            let mut chain: Vec<String> = config
                .fallback_chain(&language.code)
                .into_iter()
                .map(|l| l.code.clone())
                .collect();
            if !chain.contains(&config.default_language) {
                chain.push(config.default_language.clone());
            }
            chains.insert(language.code.clone(), chain);

            let locale = icu_locale_core::Locale::from(language.id.clone());
            if let Ok(formatter) = DateTimeFormatter::try_new(locale.clone().into(), YM::long()) {
                months.insert(language.code.clone(), formatter);
            }
            match DateTimeFormatter::try_new(locale.into(), YMD::long()) {
                Ok(formatter) => {
                    dates.insert(language.code.clone(), formatter);
                }
                Err(e) => errors.push(Error::in_file(
                    "site.toml",
                    format!("no date format for language `{}`: {e}", language.code),
                )),
            }
        }
        let localizer = Localizer {
            bundles,
            chains,
            dates,
            months,
            sources,
        };
        (localizer, errors)
    }

    /// The fingerprint of every message `lang` can show: its own `.ftl` files and those of
    /// each language of its fallback chain.
    pub fn fingerprint(&self, lang: &str) -> crate::fingerprint::Fingerprint {
        let mut f = crate::fingerprint::Fingerprinter::new("messages");
        f.add(lang);
        for code in self.chains.get(lang).map(Vec::as_slice).unwrap_or_default() {
            f.add(code).add(&self.sources.get(code));
        }
        f.finish()
    }

    /// The message `id` in `lang`, formatted with `args`, looked up along the fallback chain.
    pub fn message(
        &self,
        lang: &str,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> std::result::Result<String, MessageError> {
        let chain = self.chains.get(lang).map(Vec::as_slice).unwrap_or_default();
        for code in chain {
            let Some(bundle) = self.bundles.get(code) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            if code != lang {
                record(&FALLBACKS, |seen| {
                    let known = seen.iter().any(|f| f.id == id && f.lang == lang);
                    (!known).then(|| MessageFallback {
                        id: id.to_owned(),
                        lang: lang.to_owned(),
                        from: code.clone(),
                    })
                });
            }
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                return Err(MessageError::Format {
                    id: id.to_owned(),
                    lang: code.clone(),
                    details: errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                });
            }
            return Ok(text.into_owned());
        }
        Err(MessageError::Missing {
            id: id.to_owned(),
            lang: lang.to_owned(),
        })
    }

    /// Whether `lang`'s own bundle (not its fallbacks) has the message `id`.
    pub fn has_own_message(&self, lang: &str, id: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(id))
    }

    /// The CLDR long date in `lang`: "21 iyun 2017", "June 21, 2017", "21 июня 2017 г.".
    pub fn long_date(&self, lang: &str, day: jiff::civil::Date) -> String {
        let Some(formatter) = self.dates.get(lang) else {
            return day.to_string();
        };
        match icu_calendar::Date::try_new_iso(
            i32::from(day.year()),
            day.month() as u8,
            day.day() as u8,
        ) {
            // CLDR puts narrow no-break spaces in some forms ("2017\u{202f}г."); the
            // press office types and searches plain spaces, so the output uses them.
            Ok(date) => formatter.format(&date).to_string().replace('\u{202f}', " "),
            Err(_) => day.to_string(),
        }
    }

    /// A month of a year in `lang`, as CLDR writes it alone: "iyun 2017", "June 2017".
    pub fn month_year(&self, lang: &str, year: i16, month: i8) -> String {
        let fallback = || format!("{year}-{month:02}");
        let Some(formatter) = self.months.get(lang) else {
            return fallback();
        };
        match icu_calendar::Date::try_new_iso(i32::from(year), month as u8, 1) {
            Ok(date) => formatter.format(&date).to_string().replace('\u{202f}', " "),
            Err(_) => fallback(),
        }
    }

    /// The press dateline of `lang` from its own `press-date` message, given `month` and
    /// `day` ("İyunun 21-də"); the long date where the language has no such message.
    pub fn press_date(
        &self,
        lang: &str,
        day: jiff::civil::Date,
    ) -> std::result::Result<String, MessageError> {
        if !self.has_own_message(lang, PRESS_DATE) {
            return Ok(self.long_date(lang, day));
        }
        let mut args = FluentArgs::new();
        args.set("month", FluentValue::from(day.month()));
        args.set("day", FluentValue::from(day.day()));
        // A year is a name, not a quantity: no digit grouping ("2017", never "2.017").
        args.set("year", FluentValue::from(day.year().to_string()));
        self.message(lang, PRESS_DATE, Some(&args))
    }
}

/// The site's `.ftl` files of `lang` (`locales/<lang>/*.ftl`), sorted; none if the folder
/// does not exist.
fn ftl_files(config: &Config, lang: &str, errors: &mut Errors) -> Vec<SourceFile> {
    let folder = Path::new("locales").join(lang);
    crate::theme::ftl_files(
        &config.root.join(&folder),
        &folder,
        &config.boundary,
        errors,
    )
}

/// Parses one `.ftl` file; its text is kept in `texts` for the checks Fluent does not make.
fn parse_resource(
    file: &SourceFile,
    texts: &mut Vec<crate::fluent_cycles::FtlFile>,
    errors: &mut Errors,
) -> Option<FluentResource> {
    let display = &file.display;
    let bytes = match file.content.read() {
        Ok(bytes) => bytes.into_owned(),
        Err(e) => {
            errors.push(crate::error::io_error(display, "read", &e));
            return None;
        }
    };
    // Editors on Windows save a byte-order mark; Fluent's parser would stop at it.
    let bytes = match bytes.strip_prefix("\u{feff}".as_bytes()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let Ok(text) = String::from_utf8(bytes) else {
        errors.push(
            Error::in_file(display, "the Fluent file is not valid UTF-8")
                .with_help("save it as UTF-8"),
        );
        return None;
    };
    let shared: Arc<str> = Arc::from(text.as_str());
    // fluent-syntax 0.12 panics on some broken escapes in string literals followed by a
    // non-ASCII character (`{ "\uə" }`): it slices its error message inside the character
    // (projectfluent/fluent-rs#389). Its decisions never depend on which non-ASCII byte it
    // reads, so a copy with each such byte replaced by `~` (nothing in Fluent) fails at the
    // same offsets without panicking; the file itself is parsed only when the copy parses.
    let ascii: String = text
        .bytes()
        .map(|b| if b.is_ascii() { char::from(b) } else { '~' })
        .collect();
    let copy_errors = if text.is_ascii() {
        None
    } else {
        fluent_syntax::parser::parse_runtime(ascii.as_str())
            .err()
            .map(|(_, errors)| errors)
    };
    let parsed = match copy_errors {
        Some(errors) => Err(errors),
        None => FluentResource::try_new(text).map_err(|(_, errors)| errors),
    };
    match parsed {
        Ok(resource) => {
            // Only a file that parsed is read again, by the checks Fluent does not make.
            texts.push(crate::fluent_cycles::FtlFile {
                display: display.to_path_buf(),
                text: Arc::clone(&shared),
            });
            Some(resource)
        }
        Err(parse_errors) => {
            for e in parse_errors {
                // The parser notices a problem where the next entry starts; show it right
                // after the last character of the broken entry instead.
                let start = ascii[..e.pos.start.min(ascii.len())].trim_end().len();
                let range = start..start;
                errors.push(
                    Error::at_span(
                        display,
                        &shared,
                        range,
                        format!("Fluent syntax error: {}", e.kind),
                    )
                    .with_help("see https://projectfluent.org/fluent/guide/ for the syntax"),
                );
            }
            None
        }
    }
}

fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            fluent_syntax::ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A site in a temporary folder with `files` (path, text) and the `site.toml` text
    /// `toml`; the folder lives as long as the returned guard.
    pub(crate) fn site_with(files: &[(&str, &str)], toml: &str) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let config = Config::parse(dir.path(), toml).unwrap();
        (dir, config)
    }

    fn localizer(files: &[(&str, &str)]) -> Localizer {
        let (dir, config) = site_with(
            files,
            "base_url = \"https://x.az\"\ndefault_language = \"az\"\n[languages.az]\nname = \"Az\"\n[languages.en]\nname = \"En\"\nfallback = \"az\"\n[languages.ru]\nname = \"Ru\"\n",
        );
        Localizer::load(&config, &Theme::folder(&config, dir.path().join("theme"))).unwrap()
    }

    #[test]
    fn site_overrides_theme_and_falls_back_with_a_warning() {
        let l = localizer(&[
            ("theme/locales/az/t.ftl", "a = tema\nb = yalnız az\n"),
            ("locales/az/s.ftl", "a = sayt\n"),
            ("locales/en/s.ftl", "a = site\n"),
        ]);
        let ((), fallbacks) = recording_fallbacks(|| {
            assert_eq!(l.message("az", "a", None).unwrap(), "sayt");
            assert_eq!(l.message("en", "a", None).unwrap(), "site");
            assert_eq!(l.message("en", "b", None).unwrap(), "yalnız az");
            assert_eq!(l.message("en", "b", None).unwrap(), "yalnız az");
            assert_eq!(l.message("ru", "b", None).unwrap(), "yalnız az");
        });
        let taken: Vec<_> = fallbacks
            .iter()
            .map(|f| (&*f.id, &*f.lang, &*f.from))
            .collect();
        assert_eq!(taken, [("b", "en", "az"), ("b", "ru", "az")]);
        assert!(matches!(
            l.message("en", "zzz", None),
            Err(MessageError::Missing { .. })
        ));
    }

    #[test]
    fn broken_escapes_before_non_ascii_text_are_errors_not_panics() {
        // Each of these made fluent-syntax 0.12 panic (found with the `fluent` fuzz target).
        for text in [
            "a = ok\nb = { \"\\u\u{259}\" }\n",
            "a = ok\nb = { \"\\U01\u{259}\" }\n",
            "a = ok\nb = { NUMBER(\"\\u0\u{259}\") }\n",
        ] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("locales/az")).unwrap();
            std::fs::write(dir.path().join("locales/az/s.ftl"), text).unwrap();
            let config = Config::parse(
                dir.path(),
                "base_url = \"https://x.az\"\ndefault_language = \"az\"\n[languages.az]\nname = \"Az\"\n",
            )
            .unwrap();
            let (_, errors) =
                Localizer::load_partial(&config, &Theme::folder(&config, dir.path().join("theme")));
            let message = errors.to_string();
            assert_eq!(errors.len(), 1, "{text:?}: {message}");
            assert!(
                message.starts_with("locales/az/s.ftl:2:")
                    && message.contains("Fluent syntax error"),
                "{text:?}: {message}"
            );
        }
    }

    #[test]
    fn plurals_follow_the_language() {
        let l = localizer(&[(
            "locales/ru/s.ftl",
            "n = { $count ->\n    [one] { $count } страница\n    [few] { $count } страницы\n   *[many] { $count } страниц\n}\n",
        )]);
        let n = |count: i64| {
            let mut args = FluentArgs::new();
            args.set("count", count);
            l.message("ru", "n", Some(&args)).unwrap()
        };
        assert_eq!(n(1), "1 страница");
        assert_eq!(n(3), "3 страницы");
        assert_eq!(n(5), "5 страниц");
        assert_eq!(n(21), "21 страница");
    }

    #[test]
    fn long_dates_are_cldr_forms() {
        let l = localizer(&[]);
        let day = jiff::civil::date(2017, 6, 21);
        assert_eq!(l.long_date("az", day), "21 iyun 2017");
        assert_eq!(l.long_date("en", day), "June 21, 2017");
        assert_eq!(l.long_date("ru", day), "21 июня 2017 г.");
        assert_eq!(l.month_year("az", 2017, 6), "iyun 2017");
        assert_eq!(l.month_year("en", 2017, 6), "June 2017");
    }

    #[test]
    fn press_date_uses_the_message_or_the_long_form() {
        let l = localizer(&[(
            "locales/az/d.ftl",
            "press-date = { $month ->\n    [6] İyunun\n   *[other] Ayın\n} { $day }-{ $day ->\n    [6] da\n    [26] da\n   *[other] də\n}\n",
        )]);
        assert_eq!(
            l.press_date("az", jiff::civil::date(2017, 6, 21)).unwrap(),
            "İyunun 21-də"
        );
        assert_eq!(
            l.press_date("az", jiff::civil::date(2017, 6, 26)).unwrap(),
            "İyunun 26-da"
        );
        assert_eq!(
            l.press_date("en", jiff::civil::date(2017, 6, 21)).unwrap(),
            "June 21, 2017"
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales/az")).unwrap();
        std::fs::write(
            dir.path().join("locales/az/s.ftl"),
            "ok = yes\nbroken = { $x\n",
        )
        .unwrap();
        let config = Config::parse(
            dir.path(),
            "base_url = \"https://x.az\"\ndefault_language = \"az\"\n[languages.az]\nname = \"Az\"\n",
        )
        .unwrap();
        let error = Localizer::load(&config, &Theme::folder(&config, dir.path().join("theme")))
            .unwrap_err();
        assert!(
            error.to_string().contains("locales/az/s.ftl:2:14"),
            "{error}"
        );
    }
}
