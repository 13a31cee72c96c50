//! Rendering one page: its view, neighbours, related releases and structured data.

use std::sync::Arc;

use super::inputs::Reads;
use super::views::*;
use super::{RELATED_SIZE, Renderer, indexes};
use crate::error::Error;
use crate::fingerprint::Fingerprinter;
use crate::links::resolve_url;
use crate::output::OutputFile;
use crate::site::{LocalizedId, LocalizedPage};
use crate::urls;

impl<'a> Renderer<'a> {
    /// The view of image `reference` (as written in front matter) of localized page `i`;
    /// `thumbnail` picks the smallest copy.
    pub(super) fn image_view(
        &self,
        i: LocalizedId,
        reference: &str,
        alt: &'a str,
        thumbnail: bool,
    ) -> ImageView<'a> {
        let site = self.site;
        let lp = &site.localized[i];
        // Bundle files are published beside the page.
        let url = resolve_url(reference, "", &lp.url);
        let mut view = ImageView {
            permalink: resolve_url(&url, &site.config.base_url, ""),
            url,
            alt,
            caption: None,
            width: None,
            height: None,
            srcset: None,
        };
        if let Some(image) = super::bundle_image(site, self.images, lp.group, reference) {
            if thumbnail {
                let (file, width, height) = image.smallest();
                view.url = format!("{}{file}", lp.url);
                (view.width, view.height) = (Some(width), Some(height));
            } else {
                (view.width, view.height) = (Some(image.width), Some(image.height));
                view.srcset = Some(image.srcset(&lp.url));
            }
        }
        view
    }

    /// The lead image of localized page `i`.
    pub(super) fn lead_image(&self, i: LocalizedId, thumbnail: bool) -> Option<ImageView<'a>> {
        let page = &self.site.pages[self.site.localized[i].content];
        let reference = page.image.as_deref()?;
        Some(self.image_view(
            i,
            reference,
            page.image_alt.as_deref().unwrap_or_default(),
            thumbnail,
        ))
    }

    /// The localized pages listed as "other releases" of localized page `i`, in order: the
    /// other pages of its section's list in its language sharing the most tags with it (by
    /// the tag index, ties to the newer), then the newest of the rest, [`RELATED_SIZE`] at
    /// most; none outside sections with `sort_by = "date"`, where "other releases" makes sense.
    pub(super) fn related_ids(&self, i: LocalizedId) -> &[LocalizedId] {
        self.index.related[i].get_or_init(|| self.find_related(i))
    }

    /// [`Self::related_ids`], found.
    fn find_related(&self, i: LocalizedId) -> Vec<LocalizedId> {
        let site = self.site;
        let lp = &site.localized[i];
        let Some(section) = site.groups[lp.group].section.filter(|&s| {
            !s.is_home() && site.sections[s].settings.sort_by == crate::front_matter::SortBy::Date
        }) else {
            return Vec::new();
        };
        let list = self.list(section, &lp.lang);
        let terms = &self.index.tag_runs[lp.language];
        let runs: Vec<&indexes::TagRun> = self.index.page_terms[i]
            .iter()
            .filter_map(|&term| {
                let by_section = terms.get(term)?;
                let at = by_section
                    .binary_search_by_key(&section, |(s, _)| *s)
                    .ok()?;
                Some(&by_section[at].1)
            })
            .collect();
        // A pure function of the runs, which the pages with the same tags share (the page
        // itself is left out afterwards), and a serve rebuild finds again.
        let memo = self
            .memos
            .map_or(&self.most_shared, |memos| &memos.most_shared);
        let mut key = Fingerprinter::new("most shared");
        for run in &runs {
            key.add(&run.fingerprint);
        }
        let positions: Arc<[usize]> = memo.get_or(key.finish(), || {
            indexes::most_shared(&runs, None, RELATED_SIZE + 1).into()
        });
        let own = self.index.positions[i];
        let mut related: Vec<LocalizedId> = positions
            .iter()
            .filter(|&&position| Some(position) != own)
            .take(RELATED_SIZE)
            .filter_map(|&position| list.get(position).copied())
            .collect();
        // Then the newest of the rest, in the list's order.
        for &j in list {
            if related.len() >= RELATED_SIZE {
                break;
            }
            if j != i && !site.localized[j].is_fallback && !related.contains(&j) {
                related.push(j);
            }
        }
        related
    }

    /// The summaries of [`Self::related_ids`].
    fn related(&self, i: LocalizedId) -> Vec<tera::Value> {
        self.related_ids(i)
            .iter()
            .map(|&j| self.summary(j))
            .collect()
    }

    /// schema.org `NewsArticle` for a dated page of a section with `sort_by = "date"`, with links
    /// between the original and its translations.
    fn json_ld(&self, i: LocalizedId, image: Option<&str>) -> Option<String> {
        let site = self.site;
        let lp = &site.localized[i];
        let page = &site.pages[lp.content];
        let section = site.groups[lp.group].section?;
        if section.is_home()
            || site.sections[section].settings.sort_by != crate::front_matter::SortBy::Date
            || lp.is_fallback
        {
            return None;
        }
        let date = page.date?;
        let publisher = self
            .localizer
            .message(&lp.lang, "site-title", None)
            .unwrap_or_default();
        let translations: Vec<&crate::site::LocalizedPage> = site
            .localizations(lp.group)
            .filter(|l| !l.is_fallback)
            .collect();
        let original = translations
            .iter()
            .find(|l| l.lang == site.config.default_language)
            .copied();
        let mut article = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": site.permalink(&lp.url),
            "mainEntityOfPage": site.permalink(&lp.url),
            "headline": page.title,
            "datePublished": date.instant.to_string(),
            "dateModified": page.updated.unwrap_or(date).instant.to_string(),
            "inLanguage": page.lang,
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": publisher,
                "url": format!("{}/", site.config.base_url),
            },
        });
        if let Some(description) = &page.description {
            article["description"] = description.clone().into();
        }
        if let Some(image) = image {
            article["image"] = vec![resolve_url(image, &site.config.base_url, "")].into();
        }
        match original {
            Some(original) if original.lang != lp.lang => {
                article["translationOfWork"] =
                    serde_json::json!({ "@id": site.permalink(&original.url) });
            }
            _ => {
                let others: Vec<serde_json::Value> = translations
                    .iter()
                    .filter(|l| l.lang != lp.lang)
                    .map(|l| serde_json::json!({ "@id": site.permalink(&l.url) }))
                    .collect();
                if !others.is_empty() {
                    article["workTranslation"] = others.into();
                }
            }
        }
        // `</` cannot appear inside a <script> element.
        Some(article.to_string().replace("</", "<\\/"))
    }

    fn neighbour(&self, i: Option<&LocalizedId>) -> Option<Link<'_>> {
        let lp = &self.site.localized[*i?];
        Some(Link {
            title: &self.site.pages[lp.content].title,
            url: lp.url.clone(),
        })
    }

    /// What page `i` reads: the page, its neighbours and related pages as summaries, the
    /// catalogue where it shows services or centres.
    pub(super) fn page_reads(&self, mut reads: Reads, i: LocalizedId) {
        let site = self.site;
        let lp = &site.localized[i];
        reads.f.add("page");
        reads.page(i).language(lp.language);
        if let Some(section) = site.groups[lp.group].section {
            let list = self.list(section, &lp.lang);
            let position = self.index.positions[i];
            let previous = position
                .and_then(|p| p.checked_sub(1))
                .and_then(|p| list.get(p));
            let next = position.and_then(|p| list.get(p + 1));
            reads.summaries(previous.into_iter().chain(next));
            reads.f.add(&previous.is_some()).add(&next.is_some());
        }
        let related = self.related_ids(i);
        reads.f.add(&related.len());
        reads.summaries(related);
        if self.reads_catalogue(i) {
            reads.catalogue(lp.language);
        }
    }

    pub(super) fn render_page(&self, i: LocalizedId) -> std::result::Result<OutputFile, Error> {
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
        let mut context =
            self.frame_with_switcher(&lp.lang, &lp.url, &real, group.section, Some(switcher));
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

        let (previous, next) = match group.section {
            Some(section) => {
                let list = self.list(section, &lp.lang);
                let position = self.index.positions[i];
                (
                    position
                        .and_then(|p| p.checked_sub(1))
                        .and_then(|p| list.get(p)),
                    position.and_then(|p| list.get(p + 1)),
                )
            }
            None => (None, None),
        };
        let section_link = group.section.filter(|s| !s.is_home()).and_then(|s| {
            site.section_text(s, &lp.lang).map(|(_, t)| Link {
                title: &t.title,
                url: urls::section(site, s, &lp.lang),
            })
        });
        let image_url = page
            .image
            .as_deref()
            .map(|image| resolve_url(image, "", &lp.url));
        let image = self.lead_image(i, false);
        let content = self.body_html(i);
        let view = PageView {
            title: &page.title,
            description: page.description.as_deref(),
            date: page.date.map(|d| d.day.to_string()),
            updated: page.updated.map(|d| d.day.to_string()),
            content: &content,
            summary: page
                .description
                .as_deref()
                .unwrap_or(&self.bodies[i].first_paragraph),
            url: &lp.url,
            permalink: site.permalink(&lp.url),
            lang: &page.lang,
            tags: self.tag_links(lp),
            source: page.origin.as_ref(),
            image,
            gallery: page
                .gallery
                .iter()
                .map(|g| {
                    let mut view = self.image_view(i, &g.file, &g.alt, false);
                    view.caption = g.caption.as_deref();
                    view
                })
                .collect(),
            videos: &page.videos,
            archived: page.expired,
            related: self.related(i),
            json_ld: self
                .service_json_ld(i)
                .or_else(|| self.json_ld(i, image_url.as_deref())),
            service: self.service_view(i),
            centre: self.centre_view(i),
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
            .unwrap_or(
                if page.service.is_some() && self.templates.contains("service.html") {
                    "service.html"
                } else if page.centre.is_some() && self.templates.contains("centre.html") {
                    "centre.html"
                } else {
                    "page.html"
                },
            );
        self.render_template(template, &context, &lp.url, &page.source)
    }
}
