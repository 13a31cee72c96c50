//! The context every template receives: the language, the page's URL and permalinks, its
//! alternates in the other languages and the language switcher, the feeds for the
//! `<head>`, the navigation with the current entry marked, the search page; and what every
//! file of one language shares in it, made once per build ([`LanguageFrame`]).

use tera::Context;
use typed_index_collections::{TiSlice, TiVec};

use super::Renderer;
use super::views::*;
use crate::collation::Alphabet;
use crate::config::LangId;
use crate::site::{SectionId, Site};
use crate::urls;

impl<'a> Renderer<'a> {
    /// The context every template receives, with the feeds of `section` (the language's
    /// only, for `None` and sections without a feed).
    pub(super) fn frame(
        &self,
        lang: &str,
        url: &str,
        alternates: &[(&'a str, String)],
        section: Option<SectionId>,
    ) -> Context {
        self.frame_with_switcher(lang, url, alternates, section, None)
    }

    /// [`Self::frame`] with the language switcher given, instead of made of `alternates`.
    pub(super) fn frame_with_switcher(
        &self,
        lang: &str,
        url: &str,
        alternates: &[(&'a str, String)],
        section: Option<SectionId>,
        switcher: Option<Vec<LanguageView<'_>>>,
    ) -> Context {
        let site = self.site;
        let shared = self.language_frame(lang);
        let mut context = Context::new();
        context.insert_value("lang", shared.lang.clone());
        context.insert_value("dir", shared.dir.clone());
        context.insert_value("site", shared.site.clone());
        context.insert("url", url);
        let permalink = tera::Value::from(site.permalink(url));
        context.insert_value("permalink", permalink.clone());
        context.insert_value("canonical", permalink);
        let alternate_views: Vec<Alternate> = alternates
            .iter()
            .map(|(code, url)| Alternate {
                code,
                permalink: site.permalink(url),
            })
            .collect();
        context.insert("alternates", &alternate_views);
        let x_default = alternates
            .iter()
            .find(|(code, _)| *code == site.config.default_language)
            .map(|(_, url)| site.permalink(url));
        context.insert("x_default", &x_default);
        let switcher = switcher.unwrap_or_else(|| {
            alternates
                .iter()
                .filter_map(|(code, url)| {
                    let l = site.config.language(code)?;
                    Some(LanguageView {
                        code: &l.code,
                        name: &l.name,
                        dir: l.direction.as_str(),
                        url: url.clone(),
                        current: l.code == lang,
                    })
                })
                .collect()
        });
        context.insert("switcher", &switcher);
        context.insert("fallback", &None::<FallbackView>);
        let feeds = section
            .and_then(|s| shared.section_feeds.get(s))
            .unwrap_or(&shared.feeds);
        context.insert_value("feeds", feeds.clone());
        let nav: Vec<tera::Value> = shared
            .nav
            .iter()
            .map(|entry| {
                if url.starts_with(entry.url.as_str()) {
                    entry.current.clone()
                } else {
                    entry.other.clone()
                }
            })
            .collect();
        context.insert_value("nav", nav.into());
        context.insert_value("search_url", shared.search_url.clone());
        context
    }

    /// What every file in `lang` shares.
    fn language_frame(&self, lang: &str) -> &LanguageFrame {
        &self.shared[self.lang_id(lang)]
    }

    /// Atom and RSS links for the `<head>`: the language's feeds and the section's.
    pub(super) fn feed_links(&self, lang: &str, section: Option<SectionId>) -> Vec<FeedLink> {
        let site_title = self
            .localizer
            .message(lang, "site-title", None)
            .unwrap_or_default();
        let mut links = Vec::new();
        let mut add = |section: SectionId, title: String| {
            links.push(FeedLink {
                kind: "atom",
                url: urls::feed(self.site, section, lang, urls::Feed::Atom),
                title: title.clone(),
            });
            links.push(FeedLink {
                kind: "rss",
                url: urls::feed(self.site, section, lang, urls::Feed::Rss),
                title,
            });
        };
        add(SectionId::HOME, site_title.clone());
        if let Some(section) =
            section.filter(|&s| !s.is_home() && self.site.sections[s].settings.feed)
        {
            let title = self
                .site
                .section_text(section, lang)
                .map(|(_, t)| format!("{} — {site_title}", t.title))
                .unwrap_or(site_title);
            add(section, title);
        }
        links
    }
}

/// An entry of the primary navigation of one language.
#[derive(Debug, Clone)]
pub(super) struct NavEntry {
    /// The section's folder or the page's file stem.
    pub(super) key: String,
    /// Its title in the language.
    pub(super) title: String,
    /// Its URL in the language.
    pub(super) url: String,
}

/// The primary navigation of each language: the top-level sections and the top-level pages
/// whose original has a `weight`, by weight and then title.
pub(super) fn navigation(site: &Site, alphabet: &Alphabet) -> TiVec<LangId, Vec<NavEntry>> {
    let mut nav = TiVec::new();
    for language in &site.config.languages {
        let lang = language.code.as_str();
        // (weight, title, url, key)
        let mut entries: Vec<(Option<i64>, String, String, String)> = Vec::new();
        for &section in &site.sections[SectionId::HOME].subsections {
            if let Some((_, text)) = site.section_text(section, lang) {
                let key = &site.sections[section].key;
                entries.push((
                    site.sections[section].settings.weight,
                    text.title.clone(),
                    urls::section(site, section, lang),
                    key.rsplit('/').next().unwrap_or(key).to_owned(),
                ));
            }
        }
        // Top-level pages are in the navigation when their original has a `weight`.
        for &group in &site.sections[SectionId::HOME].groups {
            let original = site.groups[group]
                .version(&site.config.default_language)
                .or_else(|| site.groups[group].versions.first().map(|&(_, id)| id));
            let weight = original.and_then(|id| site.pages[id].weight);
            if weight.is_none() {
                continue;
            }
            if let Some(lp) = site.localized(group, lang) {
                let page = &site.pages[lp.content];
                let key = &site.groups[group].key;
                let stem = key.trim_end_matches(".md").trim_end_matches("/index");
                entries.push((weight, page.title.clone(), lp.url.clone(), stem.to_owned()));
            }
        }
        entries.sort_by(|a, b| {
            a.0.unwrap_or(i64::MAX)
                .cmp(&b.0.unwrap_or(i64::MAX))
                .then_with(|| alphabet.compare(lang, &a.1, &b.1))
        });
        nav.push(
            entries
                .into_iter()
                .map(|(_, title, url, key)| NavEntry { key, title, url })
                .collect(),
        );
    }
    nav
}

/// `site` of every template.
pub(super) fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        base_url: &site.config.base_url,
        default_language: &site.config.default_language,
        languages: site
            .config
            .languages
            .iter()
            .map(|l| LanguageView {
                code: &l.code,
                name: &l.name,
                dir: l.direction.as_str(),
                url: urls::section(site, SectionId::HOME, &l.code),
                current: false,
            })
            .collect(),
    }
}

/// An entry of the navigation, converted for Tera both ways.
#[derive(Debug, Clone)]
pub(super) struct NavValues {
    /// Its URL: files at or under it mark it current.
    pub(super) url: String,
    /// The entry with `current` set.
    pub(super) current: tera::Value,
    /// The entry with `current` unset.
    pub(super) other: tera::Value,
}

/// What every file of one language shares in its context, converted for Tera once.
#[derive(Debug, Clone)]
pub(super) struct LanguageFrame {
    /// `lang`.
    pub(super) lang: tera::Value,
    /// `dir`.
    pub(super) dir: tera::Value,
    /// `site`.
    pub(super) site: tera::Value,
    /// `feeds` of files outside sections: the language's feeds.
    pub(super) feeds: tera::Value,
    /// `feeds` of the files of each section, by section id.
    pub(super) section_feeds: TiVec<SectionId, tera::Value>,
    /// `nav`, entry by entry.
    pub(super) nav: Vec<NavValues>,
    /// `search_url`.
    pub(super) search_url: tera::Value,
}

/// The [`LanguageFrame`] of every language, in `site.toml` order.
pub(super) fn language_frames(
    renderer: &super::Renderer,
    nav: &TiSlice<LangId, Vec<NavEntry>>,
) -> TiVec<LangId, LanguageFrame> {
    let site = renderer.site;
    let site_value = tera::Value::from_serializable(&site_view(site));
    site.config
        .languages
        .iter_enumerated()
        .map(|(id, language)| {
            let lang = language.code.as_str();
            let nav_values = nav[id]
                .iter()
                .map(|entry| {
                    let item = |current| {
                        tera::Value::from_serializable(&NavItem {
                            key: &entry.key,
                            title: &entry.title,
                            url: &entry.url,
                            current,
                        })
                    };
                    NavValues {
                        url: entry.url.clone(),
                        current: item(true),
                        other: item(false),
                    }
                })
                .collect();
            let search_url = renderer
                .templates
                .contains("search.html")
                .then(|| urls::search(&site.config, lang));
            LanguageFrame {
                lang: tera::Value::from(lang),
                dir: tera::Value::from(language.direction.as_str()),
                site: site_value.clone(),
                feeds: tera::Value::from_serializable(&renderer.feed_links(lang, None)),
                section_feeds: site
                    .section_ids()
                    .map(|s| tera::Value::from_serializable(&renderer.feed_links(lang, Some(s))))
                    .collect(),
                nav: nav_values,
                search_url: tera::Value::from_serializable(&search_url),
            }
        })
        .collect()
}
