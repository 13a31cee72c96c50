//! Rendering lists: section pages with pagination, and tag pages.

use std::path::Path;

use super::inputs::Reads;
use super::views::*;
use super::{HOME_TEASER_SIZE, Renderer, TAG_PAGE_SIZE};
use crate::error::Error;
use crate::front_matter::SortBy;
use crate::links::content_dir_of;
use crate::markdown;
use crate::output::OutputFile;
use crate::site::{LocalizedId, LocalizedPage, SectionId};
use crate::urls;

/// How far from the current list page the pager links reach: the first and the last page
/// and those within this many of the current one. A list page links to a fixed number of
/// others however long the list is, so rendering every page of a list stays linear.
const PAGER_REACH: usize = 3;

impl<'a> Renderer<'a> {
    pub(super) fn paginator(base: &str, number: usize, total: usize) -> Paginator {
        Paginator {
            current: number,
            total,
            previous: (number > 1).then(|| urls::pager(base, number - 1)),
            next: (number < total).then(|| urls::pager(base, number + 1)),
            pages: (1..=total)
                .filter(|&n| n == 1 || n == total || n.abs_diff(number) <= PAGER_REACH)
                .map(|n| PagerLink {
                    number: n,
                    url: urls::pager(base, n),
                    current: n == number,
                })
                .collect(),
        }
    }

    /// What list page `number` of `section` in `lang` reads: the section's shape and the
    /// summaries it shows (the home page: each section's first few).
    pub(super) fn list_reads(
        &self,
        mut reads: Reads,
        section: SectionId,
        lang: &str,
        number: usize,
    ) {
        let site = self.site;
        reads
            .f
            .add("list")
            .add(&site.sections[section].key)
            .add(lang)
            .add(&number);
        reads.language(self.lang_id(lang)).section(section);
        if section.is_home() {
            for &s in &site.sections[SectionId::HOME].subsections {
                reads.f.add(&site.sections[s].key);
                reads.summaries(self.list(s, lang).iter().take(HOME_TEASER_SIZE));
            }
        } else {
            let size = site.sections[section]
                .settings
                .paginate_by
                .unwrap_or(usize::MAX);
            let shown = self.list(section, lang).iter();
            reads.summaries(shown.skip((number - 1).saturating_mul(size)).take(size));
        }
    }

    pub(super) fn render_list(
        &self,
        section: SectionId,
        lang: &str,
        number: usize,
    ) -> std::result::Result<OutputFile, Error> {
        let site = self.site;
        let base = urls::section(site, section, lang);
        let url = urls::pager(&base, number);
        let alternates = urls::alternates(&site.config, |l| {
            (number == 1 || self.pager_count(section, &l.code) >= number)
                .then(|| urls::pager(&urls::section(site, section, &l.code), number))
        });
        let mut context = self.frame(lang, &url, &alternates, Some(section));
        let settings = &site.sections[section].settings;
        let (view, origin) = self.section_view(section, lang);
        context.insert("section", &view);
        let subsections: Vec<Link> = site.sections[section]
            .subsections
            .iter()
            .filter_map(|&s| {
                site.section_text(s, lang).map(|(_, t)| Link {
                    title: &t.title,
                    url: urls::section(site, s, lang),
                })
            })
            .collect();
        context.insert("subsections", &subsections);

        if section.is_home() {
            let teasers: Vec<SectionTeaser> = site.sections[SectionId::HOME]
                .subsections
                .iter()
                .filter_map(|&s| {
                    let (_, text) = site.section_text(s, lang)?;
                    Some(SectionTeaser {
                        title: &text.title,
                        url: urls::section(site, s, lang),
                        pages: self
                            .list(s, lang)
                            .iter()
                            .take(HOME_TEASER_SIZE)
                            .map(|&i| self.summary(i))
                            .collect(),
                    })
                })
                .collect();
            context.insert("sections", &teasers);
            let template = settings.template.as_deref().unwrap_or("index.html");
            return self.render_template(template, &context, &url, origin);
        }

        let list = self.list(section, lang);
        let size = settings.paginate_by.unwrap_or(usize::MAX);
        let total = self.pager_count(section, lang);
        let slice = list
            .iter()
            .skip((number - 1).saturating_mul(size))
            .take(size);
        let shown: Vec<LocalizedId> = slice.copied().collect();
        let pages: Vec<tera::Value> = shown.iter().map(|&i| self.summary(i)).collect();
        context.insert("pages", &pages);
        context.insert("catalogue", &self.catalogue_links(section, lang));
        if settings.sort_by == SortBy::Title {
            context.insert("letters", &self.letters(lang, &shown));
        }
        context.insert("paginator", &Self::paginator(&base, number, total));
        context.insert_value("archives", self.archive_nav(section, lang, None));
        let template = settings.template.as_deref().unwrap_or("section.html");
        self.render_template(template, &context, &url, origin)
    }

    /// Pages of an A–Z list grouped by initial letter, in the language's order.
    fn letters(&self, lang: &str, items: &[LocalizedId]) -> Vec<LetterGroup> {
        let mut groups: Vec<LetterGroup> = Vec::new();
        for &i in items {
            let title = &self.site.pages[self.site.localized[i].content].title;
            let letter = self.alphabet.initial(lang, title);
            match groups.last_mut() {
                Some(group) if group.letter == letter => group.pages.push(self.summary(i)),
                _ => groups.push(LetterGroup {
                    id: format!("letter-{}", groups.len() + 1),
                    letter,
                    pages: vec![self.summary(i)],
                }),
            }
        }
        groups
    }

    /// The `section` view in `lang`, and the file it comes from.
    pub(super) fn section_view(&self, section: SectionId, lang: &str) -> (SectionView<'_>, &Path) {
        let site = self.site;
        let base = urls::section(site, section, lang);
        let (text_lang, text) = match site.section_text(section, lang) {
            Some((code, text)) => (code, Some(text)),
            None => (site.config.default_language.as_str(), None),
        };
        let origin = text.map_or(Path::new(crate::load::CONTENT_DIR), |t| t.source.as_path());
        let content = text
            .map(|t| {
                let context = markdown::RenderContext {
                    dir: &content_dir_of(&t.source),
                    resolve: &|link| self.resolver.link(link, lang),
                    image: &|_| None,
                    eager_first_image: true,
                    table_label: &self
                        .localizer
                        .message(lang, "table-label", None)
                        .unwrap_or_default(),
                    raw_html: site.config.markdown.raw_html,
                };
                markdown::render(&t.body, &context).html
            })
            .unwrap_or_default();
        let view = SectionView {
            title: text.map_or("", |t| t.title.as_str()),
            description: text.and_then(|t| t.description.as_deref()),
            content,
            lang: text_lang,
            url: base.clone(),
            permalink: site.permalink(&base),
            extra: &site.sections[section].settings.extra,
        };
        (view, origin)
    }

    /// What the tag list of `lang` reads: the language's tags.
    pub(super) fn tag_list_reads(&self, mut reads: Reads, lang: &str) {
        reads.f.add("tags").add(lang);
        reads.language(self.lang_id(lang)).terms(self.lang_id(lang));
    }

    pub(super) fn render_tag_list(&self, lang: &str) -> std::result::Result<OutputFile, Error> {
        let config = &self.site.config;
        let url = urls::tags(config, lang);
        let alternates = urls::alternates(config, |l| Some(urls::tags(config, &l.code)));
        let mut context = self.frame(lang, &url, &alternates, None);
        let terms: Vec<TermView> = self
            .terms(lang)
            .iter()
            .map(|t| TermView {
                name: &t.name,
                url: urls::term(config, lang, &t.slug),
                count: t.items.len(),
            })
            .collect();
        context.insert("terms", &terms);
        self.render_template(
            "taxonomy_list.html",
            &context,
            &url,
            Path::new(crate::load::CONTENT_DIR),
        )
    }

    /// What page `number` of tag `term` of `lang` reads: the tag and the summaries shown.
    pub(super) fn term_reads(&self, mut reads: Reads, lang: &str, term: usize, number: usize) {
        let site = self.site;
        let t = &self.terms(lang)[term];
        let origin = &site.pages[site.localized[t.items[0]].content].source;
        reads
            .f
            .add("term")
            .add(lang)
            .add(&t.name)
            .add(&t.slug)
            .add(&t.items.len())
            .add(&number)
            .add(origin);
        reads.language(self.lang_id(lang));
        let shown = t.items.iter().skip((number - 1) * TAG_PAGE_SIZE);
        reads.summaries(shown.take(TAG_PAGE_SIZE));
    }

    pub(super) fn render_term(
        &self,
        lang: &str,
        term: usize,
        number: usize,
    ) -> std::result::Result<OutputFile, Error> {
        let t = &self.terms(lang)[term];
        let base = urls::term(&self.site.config, lang, &t.slug);
        let url = urls::pager(&base, number);
        let mut context = self.frame(
            lang,
            &url,
            &[(
                self.site
                    .config
                    .language(lang)
                    .map_or(lang, |l| l.code.as_str()),
                url.clone(),
            )],
            None,
        );
        context.insert(
            "term",
            &TermView {
                name: &t.name,
                url: base.clone(),
                count: t.items.len(),
            },
        );
        let total = t.items.len().div_ceil(TAG_PAGE_SIZE).max(1);
        let pages: Vec<tera::Value> = t
            .items
            .iter()
            .skip((number - 1) * TAG_PAGE_SIZE)
            .take(TAG_PAGE_SIZE)
            .map(|&i| self.summary(i))
            .collect();
        context.insert("pages", &pages);
        context.insert("paginator", &Self::paginator(&base, number, total));
        let origin = &self.site.pages[self.site.localized[t.items[0]].content].source;
        self.render_template("taxonomy_term.html", &context, &url, origin)
    }
}

impl Renderer<'_> {
    /// The summary of localized page `i` for a list, converted for Tera once.
    pub(super) fn summary(&self, i: LocalizedId) -> tera::Value {
        self.summaries[i]
            .get_or_init(|| tera::Value::from_serializable(&self.summary_view(i)))
            .clone()
    }

    /// Localized page `i` as a list shows it. It reads the page's front matter, its
    /// localized URL and languages, its first paragraph and its lead image's copies, which
    /// is what [`Renderer::summary_fingerprint`] names: keep the two together.
    pub(super) fn summary_view(&self, i: LocalizedId) -> PageSummary<'_> {
        let lp = &self.site.localized[i];
        let page = &self.site.pages[lp.content];
        PageSummary {
            title: &page.title,
            description: page.description.as_deref(),
            summary: page
                .description
                .as_deref()
                .unwrap_or(&self.bodies[i].first_paragraph),
            date: page.date.map(|d| IsoDay(d.day)),
            updated: page.updated.map(|d| IsoDay(d.day)),
            url: &lp.url,
            lang: &page.lang,
            is_fallback: lp.is_fallback,
            tags: self.tag_links(lp),
            thumbnail: self.lead_image(i, true),
        }
    }

    pub(super) fn tag_links(&self, lp: &LocalizedPage) -> Vec<TagLink<'_>> {
        if lp.is_fallback {
            return Vec::new();
        }
        let page = &self.site.pages[lp.content];
        page.tags
            .iter()
            .zip(&page.tag_slugs)
            .map(|(name, slug)| TagLink {
                name,
                url: urls::term(&self.site.config, &lp.lang, slug),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Renderer;

    fn numbers(number: usize, total: usize) -> Vec<usize> {
        Renderer::paginator("/press/", number, total)
            .pages
            .iter()
            .map(|p| p.number)
            .collect()
    }

    #[test]
    fn a_pager_links_the_ends_and_three_pages_either_side() {
        assert_eq!(numbers(10, 40), [1, 7, 8, 9, 10, 11, 12, 13, 40]);
        assert_eq!(numbers(1, 3), [1, 2, 3]);
        assert_eq!(numbers(40, 40), [1, 37, 38, 39, 40]);
        let pager = Renderer::paginator("/press/", 2, 5);
        assert_eq!(pager.pages[1].url, "/press/page/2/");
        assert!(pager.pages[1].current && !pager.pages[0].current);
        assert_eq!(pager.pages[0].url, "/press/");
    }
}
