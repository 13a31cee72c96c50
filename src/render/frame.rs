//! The context every template receives: the language, the page's URL and permalinks, its
//! alternates in the other languages and the language switcher, the feeds for the
//! `<head>`, the navigation with the current entry marked, the search page.

use tera::Context;

use super::Renderer;
use super::indexes;
use super::views::*;
use crate::site::SectionId;
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
    fn language_frame(&self, lang: &str) -> &indexes::LanguageFrame {
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
