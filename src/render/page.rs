//! Rendering one page: its view, neighbours, related releases and structured data.

use super::Renderer;
use super::views::*;
use crate::error::Error;
use crate::output::OutputFile;
use crate::site::LocalizedPage;

impl<'a> Renderer<'a> {
    fn neighbour(&self, i: Option<&usize>) -> Option<Link<'_>> {
        let lp = &self.site.localized[*i?];
        Some(Link {
            title: &self.site.pages[lp.content].title,
            url: lp.url.clone(),
            current: false,
        })
    }

    pub(super) fn render_page(&self, i: usize) -> std::result::Result<OutputFile, Error> {
        let site = self.site;
        let lp = &site.localized[i];
        let page = &site.pages[lp.content];
        let group = &site.groups[lp.group];
        let localizations: Vec<&LocalizedPage> = site.localizations(lp.group).collect();
        let real: Vec<(&str, String)> = localizations
            .iter()
            .filter(|l| !l.is_fallback)
            .map(|l| (l.lang.as_str(), l.url.clone()))
            .collect();
        let mut context = self.frame(&lp.lang, &lp.url, &real);
        // The switcher offers fallback pages too: they exist at their URL.
        let switcher: Vec<LanguageView> = localizations
            .iter()
            .filter_map(|l| {
                let language = site.config.language(&l.lang)?;
                Some(LanguageView {
                    code: &language.code,
                    name: &language.name,
                    dir: language.direction.as_str(),
                    url: l.url.clone(),
                    current: l.lang == lp.lang,
                })
            })
            .collect();
        context.insert("switcher", &switcher);
        if lp.is_fallback {
            let original = site
                .localized(lp.group, &page.lang)
                .map_or(&lp.url, |o| &o.url);
            context.insert("canonical", &site.permalink(original));
            let language = site
                .config
                .language(&page.lang)
                .expect("pages are in configured languages");
            context.insert(
                "fallback",
                &Some(FallbackView {
                    code: &language.code,
                    name: &language.name,
                    dir: language.direction.as_str(),
                }),
            );
        }
        context.insert("feeds", &self.feed_links(&lp.lang, group.section));

        let (previous, next) = match group.section {
            Some(section) => {
                let list = self.list(section, &lp.lang);
                let position = list.iter().position(|&x| x == i);
                (
                    position
                        .and_then(|p| p.checked_sub(1))
                        .and_then(|p| list.get(p)),
                    position.and_then(|p| list.get(p + 1)),
                )
            }
            None => (None, None),
        };
        let section_link = group.section.filter(|&s| s != 0).and_then(|s| {
            site.section_text(s, &lp.lang).map(|(_, t)| Link {
                title: &t.title,
                url: site.section_url(s, &lp.lang),
                current: false,
            })
        });
        let view = PageView {
            title: &page.title,
            description: page.description.as_deref(),
            date: page.date.map(|d| d.day.to_string()),
            updated: page.updated.map(|d| d.day.to_string()),
            content: &self.contents[i].html,
            summary: page
                .description
                .as_deref()
                .unwrap_or(&self.contents[i].first_paragraph),
            url: &lp.url,
            permalink: site.permalink(&lp.url),
            lang: &page.lang,
            tags: self.tag_links(lp),
            source: page.origin.as_ref(),
            image: page.image.as_deref(),
            section: section_link,
            extra: &page.extra,
            previous: self.neighbour(previous),
            next: self.neighbour(next),
        };
        context.insert("page", &view);
        let template = page
            .template
            .as_deref()
            .or_else(|| {
                group
                    .section
                    .and_then(|s| site.sections[s].settings.page_template.as_deref())
            })
            .unwrap_or("page.html");
        self.render_template(template, &context, &lp.url, &page.source)
    }
}
