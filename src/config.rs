//! `site.toml` into a validated [`Config`].
//!
//! Raw TOML is deserialised with unknown keys denied, then checked once here: after
//! [`Config::load`] returns, every language code is a BCP 47 language identifier in the
//! canonical form CLDR writes (see `language_code`), every fallback names a
//! configured language without cycles, and the base URL is absolute. Nothing later re-checks.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use icu_locale_core::LanguageIdentifier;
use indexmap::IndexMap;
use serde::Deserialize;
use typed_index_collections::TiVec;

use crate::error::{Error, Errors, Result, io_error};
use crate::language_code;
use crate::site_files::Boundary;
use crate::typed_index::typed_index;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.toml";

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Persian, Hebrew, Urdu ...).
    Rtl,
}

impl Direction {
    /// `"ltr"` or `"rtl"`, as HTML's `dir` attribute takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One configured language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The BCP 47 tag as written in `site.toml` (`az`, `en`, `az-Cyrl`).
    pub code: String,
    /// The language's own name, shown in the switcher.
    pub name: String,
    /// The language whose content stands in where a page is not translated.
    pub fallback: Option<String>,
    /// Text direction: that of the language's script in CLDR data unless overridden.
    pub direction: Direction,
    /// The parsed tag, for Fluent plural rules and CLDR dates.
    pub id: LanguageIdentifier,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root: the folder holding `site.toml`.
    pub root: PathBuf,
    /// Absolute base URL without a trailing slash.
    pub base_url: String,
    /// Code of the language served at the root.
    pub default_language: String,
    /// Name of the theme folder under `themes/`.
    pub theme: String,
    /// Languages in `site.toml` order (the order of the language switcher).
    pub languages: TiVec<LangId, Language>,
    /// The folders the site may read: its own and those of `allow_outside`.
    pub boundary: Boundary,
    /// `[markdown]`: what happens to raw HTML written in Markdown.
    pub markdown: MarkdownConfig,
    /// `[images]`: limits on the bundle images a build decodes.
    pub images: ImagesConfig,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    default_language: String,
    #[serde(default = "default_theme")]
    theme: String,
    languages: IndexMap<String, RawLanguage>,
    #[serde(default)]
    allow_outside: Vec<toml::Spanned<String>>,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    images: ImagesConfig,
}

fn default_theme() -> String {
    "default".to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    fallback: Option<String>,
    direction: Option<Direction>,
}

impl Config {
    /// Reads and validates `<root>/site.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            io_error(Path::new(CONFIG_FILE), "read the site configuration", &e).with_help(
                "run dilmanc in the site's folder or pass --root; `dilmanc init DIR` creates a new site",
            )
        })?;
        Self::parse(root, &text)
    }

    /// Validates the text of a `site.toml` for the site at `root`.
    pub fn parse(root: &Path, text: &str) -> Result<Config> {
        let text: Arc<str> = Arc::from(text);
        let file = Path::new(CONFIG_FILE);
        let raw: RawConfig = toml::from_str(&text).map_err(|e| {
            let range = e.span().unwrap_or(0..0);
            Error::at_span(file, &text, range, e.message().trim().to_owned())
                .with_help("see the site.toml keys in SPEC.md: base_url, default_language, theme, allow_outside, [languages.<code>] with name, fallback, direction; and in README.md: [markdown] raw_html, [images] max_megapixels")
        })?;

        let mut errors = Errors::new();
        let find = |needle: &str| -> std::ops::Range<usize> {
            text.find(needle).map_or(0..0, |i| i..i + needle.len())
        };
        // A language table is written [languages.xx] or, for odd codes, [languages."xx"].
        let table = |code: &str| -> std::ops::Range<usize> {
            let bare = find(&format!("[languages.{code}]"));
            if bare.is_empty() {
                find(&format!("[languages.\"{code}\"]"))
            } else {
                bare
            }
        };
        let base_url = raw.base_url.trim_end_matches('/').to_owned();
        if let Some((why, help)) = base_url_problem(&base_url) {
            errors.push(
                Error::at_span(
                    file,
                    &text,
                    find("base_url"),
                    format!("base_url `{}` {why}", raw.base_url),
                )
                .with_help(format!(
                    "{help}, e.g. base_url = \"https://example.gov.az\""
                )),
            );
        }

        if let Err(why) = check_theme_name(&raw.theme) {
            errors.push(
                Error::at_span(
                    file,
                    &text,
                    find("theme"),
                    format!("theme `{}` {why}", raw.theme),
                )
                .with_help("a theme is a folder name under themes/, such as theme = \"default\""),
            );
        }
        let mut allowed = Vec::new();
        for folder in &raw.allow_outside {
            let path = root.join(folder.get_ref());
            match path.canonicalize() {
                Ok(canonical) if canonical.is_dir() => allowed.push(canonical),
                Ok(_) => errors.push(
                    Error::at_span(
                        file,
                        &text,
                        folder.span(),
                        format!(
                            "allow_outside names `{}`, which is not a folder",
                            folder.get_ref()
                        ),
                    )
                    .with_help("name the folder that holds the linked files"),
                ),
                Err(e) => errors.push(
                    Error::at_span(
                        file,
                        &text,
                        folder.span(),
                        format!(
                            "allow_outside names `{}`, which cannot be found: {e}",
                            folder.get_ref()
                        ),
                    )
                    .with_help("write an absolute path, or one relative to the site folder"),
                ),
            }
        }

        let mut languages = Vec::new();
        for (code, raw_language) in &raw.languages {
            let header = table(code);
            let id = match language_code::parse(code) {
                Ok(id) => id,
                Err(refused) => {
                    errors.push(
                        Error::at_span(file, &text, header, refused.message)
                            .with_help(refused.help),
                    );
                    continue;
                }
            };
            let direction = raw_language
                .direction
                .unwrap_or_else(|| language_code::direction(&id));
            languages.push(Language {
                code: code.clone(),
                name: raw_language.name.clone(),
                fallback: raw_language.fallback.clone(),
                direction,
                id,
            });
        }

        if raw.languages.is_empty() {
            errors.push(
                Error::in_file(file, "no languages are configured")
                    .with_help("add a table [languages.az] with name = \"Azərbaycanca\""),
            );
        } else if !raw.languages.contains_key(&raw.default_language) {
            errors.push(
                Error::at_span(
                    file,
                    &text,
                    find("default_language"),
                    format!(
                        "default_language `{}` has no [languages.{}] table",
                        raw.default_language, raw.default_language
                    ),
                )
                .with_help("add the table, or name one of the configured languages"),
            );
        }

        for language in &languages {
            let Some(fallback) = &language.fallback else {
                continue;
            };
            let range = table(&language.code);
            if fallback == &language.code {
                errors.push(
                    Error::at_span(
                        file,
                        &text,
                        range,
                        format!("language `{}` falls back to itself", language.code),
                    )
                    .with_help("name another language, or remove `fallback`"),
                );
            } else if !raw.languages.contains_key(fallback) {
                errors.push(
                    Error::at_span(
                        file,
                        &text,
                        range,
                        format!(
                            "language `{}` falls back to `{fallback}`, which is not configured",
                            language.code
                        ),
                    )
                    .with_help("add that language, or change `fallback`"),
                );
            } else if fallback_cycle(&raw.languages, &language.code) {
                errors.push(
                    Error::at_span(
                        file,
                        &text,
                        range,
                        format!("the fallbacks of `{}` form a cycle", language.code),
                    )
                    .with_help("fallbacks must end at a language without one, usually the default"),
                );
            }
        }

        raw.images.validate(&text, &mut errors);

        errors.into_result(Config {
            root: root.to_path_buf(),
            base_url,
            default_language: raw.default_language,
            theme: raw.theme,
            languages: languages.into(),
            boundary: Boundary::new(root, &allowed),
            markdown: raw.markdown,
            images: raw.images,
        })
    }

    /// The language with this code, if configured.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The id of the language `code`, if it is configured.
    pub fn language_id(&self, code: &str) -> Option<LangId> {
        self.languages.position(|l| l.code == code)
    }

    /// Every language's id, in `site.toml` order.
    pub fn language_ids(&self) -> impl Iterator<Item = LangId> + use<> {
        self.languages.keys()
    }

    /// The default language.
    pub fn default(&self) -> &Language {
        self.language(&self.default_language)
            .expect("validated: the default language is configured")
    }

    /// `code` followed by its fallbacks, in order.
    pub fn fallback_chain(&self, code: &str) -> Vec<&Language> {
        let mut chain = Vec::new();
        let mut next = self.language(code);
        while let Some(language) = next {
            if chain.iter().any(|l: &&Language| l.code == language.code) {
                break;
            }
            chain.push(language);
            next = language
                .fallback
                .as_deref()
                .and_then(|code| self.language(code));
        }
        chain
    }
}

typed_index!(
    /// A language of [`Config::languages`], in `site.toml` order.
    LangId
);

/// Why `base_url` (without its trailing `/`) cannot be the site's address, with what to
/// do: it must be an absolute `http(s)://` URL of a host's root. Pages link to each other
/// and to their styles from the root (`/press/`, `/style.css`), so a site under a path
/// (`https://example.gov.az/sub`) would publish links that leave it.
pub fn base_url_problem(base_url: &str) -> Option<(&'static str, &'static str)> {
    let Some(rest) = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
        .filter(|rest| !rest.is_empty())
    else {
        return Some(("is not an absolute URL", "write it with its scheme"));
    };
    rest.contains(['/', '?', '#']).then_some((
        "has a path: dilmanc links pages from the root of the host (/press/, /style.css), so a site served from a folder would link out of it",
        "publish the site at the root of a host (a subdomain such as xidmetler.example.gov.az) and write base_url without the path",
    ))
}

/// Why `name` cannot name a folder under `themes/`, if it cannot.
fn check_theme_name(name: &str) -> std::result::Result<(), &'static str> {
    if name.is_empty() {
        Err("is empty")
    } else if name.starts_with('.') || name.contains(['/', '\\', '\0']) {
        Err("is not a folder name: it may not hold `/`, `\\` or start with `.`")
    } else {
        Ok(())
    }
}

/// `[markdown]` of `site.toml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// What happens to raw HTML in page bodies and section texts.
    pub raw_html: RawHtml,
}

/// What happens to raw HTML (`<script>`, `onerror=`, `<iframe>` ...) written in Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Published as written: the site's authors are trusted like its template authors.
    #[default]
    Keep,
    /// The rendered HTML of every page body and section text is cleaned with `ammonia`,
    /// keeping what Markdown and the theme need and removing scripts, event handlers,
    /// styles, frames and forms.
    Sanitize,
}

/// `[images]` of `site.toml`: how large a bundle image may be.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// The most pixels (width × height, in millions) an image may have; a larger one is an
    /// error before it is decoded. Default 50.
    pub max_megapixels: f64,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            max_megapixels: 50.0,
        }
    }
}

impl ImagesConfig {
    /// The limit in pixels.
    pub fn max_pixels(&self) -> u64 {
        // Validated positive and finite; `as` saturates a huge value at u64::MAX.
        (self.max_megapixels * 1e6) as u64
    }

    fn validate(&self, text: &Arc<str>, errors: &mut Errors) {
        if !(self.max_megapixels.is_finite() && self.max_megapixels > 0.0) {
            let range = text
                .find("max_megapixels")
                .map_or(0..0, |i| i..i + "max_megapixels".len());
            errors.push(
                Error::at_span(
                    Path::new(CONFIG_FILE),
                    text,
                    range,
                    format!(
                        "[images] max_megapixels = {} is not a positive number",
                        self.max_megapixels
                    ),
                )
                .with_help("write the largest image size to accept in millions of pixels, e.g. max_megapixels = 50"),
            );
        }
    }
}

fn fallback_cycle(languages: &IndexMap<String, RawLanguage>, start: &str) -> bool {
    let mut seen = vec![start];
    let mut current = start;
    while let Some(next) = languages.get(current).and_then(|l| l.fallback.as_deref()) {
        if seen.contains(&next) {
            return true;
        }
        seen.push(next);
        current = next;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("/site"), text)
    }

    const BASE: &str = "base_url = \"https://example.gov.az/\"\ndefault_language = \"az\"\n";

    #[test]
    fn keeps_language_order_and_derives_direction() {
        let config = parse(&format!(
            "{BASE}[languages.az]\nname = \"Azərbaycanca\"\n[languages.en]\nname = \"English\"\nfallback = \"az\"\n[languages.ar]\nname = \"العربية\"\n"
        ))
        .unwrap();
        let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["az", "en", "ar"]);
        assert_eq!(config.base_url, "https://example.gov.az");
        assert_eq!(config.language("ar").unwrap().direction, Direction::Rtl);
        assert_eq!(config.language("az").unwrap().direction, Direction::Ltr);
        assert_eq!(
            config
                .fallback_chain("en")
                .iter()
                .map(|l| &l.code)
                .collect::<Vec<_>>(),
            ["en", "az"]
        );
    }

    #[test]
    fn unknown_key_names_the_key_and_line() {
        let error = parse(&format!(
            "{BASE}[languages.az]\nname = \"Az\"\ncolour = \"red\"\n"
        ))
        .unwrap_err();
        let text = error.to_string();
        assert!(text.contains("site.toml:5"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }

    #[test]
    fn invalid_codes_and_fallbacks_are_reported_together() {
        let error = parse(&format!(
            "{BASE}[languages.az]\nname = \"Az\"\nfallback = \"xx\"\n[languages.en_US]\nname = \"E\"\n"
        ))
        .unwrap_err();
        assert_eq!(error.len(), 2, "{error}");
    }

    #[test]
    fn images_limit_defaults_takes_integers_and_must_be_positive() {
        let languages = "[languages.az]\nname = \"Az\"\n";
        let config = parse(&format!("{BASE}{languages}")).unwrap();
        assert_eq!(config.images.max_pixels(), 50_000_000);
        let config = parse(&format!("{BASE}{languages}[images]\nmax_megapixels = 80\n")).unwrap();
        assert_eq!(config.images.max_pixels(), 80_000_000);
        let error = parse(&format!("{BASE}{languages}[images]\nmax_megapixels = -1\n"))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("site.toml:6:1:"), "{error}");
        assert!(error.contains("not a positive number"), "{error}");
    }

    #[test]
    fn raw_html_is_kept_by_default_and_unknown_policies_name_the_allowed_ones() {
        let languages = "[languages.az]\nname = \"Az\"\n";
        let config = parse(&format!("{BASE}{languages}")).unwrap();
        assert_eq!(config.markdown.raw_html, RawHtml::Keep);
        let config = parse(&format!(
            "{BASE}{languages}[markdown]\nraw_html = \"sanitize\"\n"
        ))
        .unwrap();
        assert_eq!(config.markdown.raw_html, RawHtml::Sanitize);
        let error = parse(&format!(
            "{BASE}{languages}[markdown]\nraw_html = \"strip\"\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("site.toml:6:12:"), "{error}");
        assert!(
            error.contains("`keep`") && error.contains("`sanitize`"),
            "{error}"
        );
    }

    #[test]
    fn direction_comes_from_cldr_unless_overridden_and_old_codes_are_refused() {
        let config = parse(&format!(
            "{BASE}[languages.az]\nname = \"Az\"\n[languages.yi]\nname = \"Y\"\n[languages.az-Arab]\nname = \"A\"\n[languages.fa]\nname = \"F\"\ndirection = \"ltr\"\n"
        ))
        .unwrap();
        assert_eq!(config.language("yi").unwrap().direction, Direction::Rtl);
        assert_eq!(
            config.language("az-Arab").unwrap().direction,
            Direction::Rtl
        );
        assert_eq!(config.language("fa").unwrap().direction, Direction::Ltr);
        let error = parse(&format!(
            "{BASE}[languages.az]\nname = \"Az\"\n[languages.he]\nname = \"H\"\n[languages.iw]\nname = \"I\"\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("site.toml:7:1:"), "{error}");
        assert!(error.contains("`iw` is an old code"), "{error}");
    }

    #[test]
    fn fallback_cycles_are_errors() {
        let error = parse(&format!(
            "{BASE}[languages.az]\nname = \"Az\"\n[languages.en]\nname = \"E\"\nfallback = \"ru\"\n[languages.ru]\nname = \"R\"\nfallback = \"en\"\n"
        ))
        .unwrap_err();
        assert!(error.to_string().contains("cycle"), "{error}");
    }
}
