//! Every URL path the site publishes, in one place: SPEC.md's URL scheme as functions.
//!
//! A URL here is root-relative (`/en/press/`), ends in `/` when it names a folder whose
//! `index.html` is the page, and starts with the language's prefix: nothing for the default
//! language, `/<code>` for the others. [`crate::site::Site::permalink`] makes it absolute.

use crate::config::{Config, Language};
use crate::site::{SectionId, Site};

/// The prefix of `lang`'s URLs: `""` for the default language, `"/en"` otherwise.
pub fn language_prefix(config: &Config, lang: &str) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!("/{lang}")
    }
}

/// A section's first list page in `lang` (the home page for [`SectionId::HOME`]).
pub fn section(site: &Site, section: SectionId, lang: &str) -> String {
    format!(
        "{}{}",
        language_prefix(&site.config, lang),
        site.sections[section].url
    )
}

/// A page in the language of `prefix` ([`language_prefix`]), in the folder `parent_url`
/// (`/press/`) under the name `slug`.
pub fn page(prefix: &str, parent_url: &str, slug: &str) -> String {
    format!("{prefix}{parent_url}{slug}/")
}

/// List page `number` (from 1) of the list whose first page is `base`.
pub fn pager(base: &str, number: usize) -> String {
    if number == 1 {
        base.to_owned()
    } else {
        format!("{base}page/{number}/")
    }
}

/// The list of every tag of `lang`.
pub fn tags(config: &Config, lang: &str) -> String {
    format!("{}/tags/", language_prefix(config, lang))
}

/// The first list page of the tag `slug` in `lang`.
pub fn term(config: &Config, lang: &str, slug: &str) -> String {
    format!("{}/tags/{slug}/", language_prefix(config, lang))
}

/// The first list page of a year (`month` `None`) or a month of a date-sorted section.
pub fn archive(
    site: &Site,
    section: SectionId,
    lang: &str,
    year: i16,
    month: Option<i8>,
) -> String {
    let base = self::section(site, section, lang);
    match month {
        Some(month) => format!("{base}{year}/{month:02}/"),
        None => format!("{base}{year}/"),
    }
}

/// How a catalogue view groups the services of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grouping {
    /// By `category`.
    Category,
    /// By `life_events` (a service may be in several groups).
    LifeEvent,
}

/// A catalogue view of a services' section.
pub fn catalogue(site: &Site, section: SectionId, lang: &str, grouping: Grouping) -> String {
    let folder = match grouping {
        Grouping::Category => "categories/",
        Grouping::LifeEvent => "life-events/",
    };
    format!("{}{folder}", self::section(site, section, lang))
}

/// The file name of a language's not-found page, in its language's folder.
pub const NOT_FOUND_FILE: &str = "404.html";

/// The not-found page of `lang` (a file, not a folder: servers are pointed at it).
pub fn not_found(config: &Config, lang: &str) -> String {
    format!("{}/{NOT_FOUND_FILE}", language_prefix(config, lang))
}

/// The search page of `lang`; its index files are under the same folder.
pub fn search(config: &Config, lang: &str) -> String {
    format!("{}/search/", language_prefix(config, lang))
}

/// The entry file of the search index of `lang`.
pub fn search_index(config: &Config, lang: &str) -> String {
    format!("{}index.json", search(config, lang))
}

/// The two feed formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// Atom 1.0, `atom.xml`.
    Atom,
    /// RSS 2.0, `rss.xml`.
    Rss,
}

/// A feed of `lang`: the whole language's for [`SectionId::HOME`], else the section's.
pub fn feed(site: &Site, section: SectionId, lang: &str, format: Feed) -> String {
    let file = match format {
        Feed::Atom => "atom.xml",
        Feed::Rss => "rss.xml",
    };
    format!("{}{file}", self::section(site, section, lang))
}

/// The open data of `lang`'s services in the format `extension` (`json` or `csv`).
pub fn open_data(config: &Config, lang: &str, extension: &str) -> String {
    format!("{}/services.{extension}", language_prefix(config, lang))
}

/// The sitemap of every language.
pub const SITEMAP: &str = "/sitemap.xml";

/// The URL of one file in each language that has it: `url_in` answers for one language,
/// `None` where it has no such file. In `site.toml` order, as alternates and the language
/// switcher list them.
pub fn alternates<'c>(
    config: &'c Config,
    url_in: impl Fn(&'c Language) -> Option<String>,
) -> Vec<(&'c str, String)> {
    config
        .languages
        .iter()
        .filter_map(|language| Some((language.code.as_str(), url_in(language)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_pages_after_the_first_are_under_page() {
        assert_eq!(pager("/press/", 1), "/press/");
        assert_eq!(pager("/press/", 2), "/press/page/2/");
        assert_eq!(pager("/en/tags/x/", 12), "/en/tags/x/page/12/");
    }
}
