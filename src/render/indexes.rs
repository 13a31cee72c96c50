//! What the renderer computes once before rendering files: the Markdown of every localized
//! page, the sorted list of every section in every language, the tags and the navigation.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::views::{LanguageView, SiteView};
use super::{Term, bundle_image};
use crate::collation::Alphabet;
use crate::front_matter::SortBy;
use crate::i18n::Localizer;
use crate::images::Images;
use crate::links::{Resolver, content_dir_of};
use crate::markdown::{self, Rendered};
use crate::site::{SectionId, Site};
use crate::slug::slugify;

/// The Markdown of each localized page, rendered in the reader's language.
pub(super) fn contents(
    site: &Site,
    localizer: &Localizer,
    resolver: &Resolver,
    images: &Images,
) -> Vec<Rendered> {
    site.localized
        .par_iter()
        .map(|lp| {
            let page = &site.pages[lp.content];
            let dir = content_dir_of(&page.source);
            let image = |dest: &str| {
                let processed = bundle_image(site, images, lp.group, dest)?;
                Some(markdown::ImageAttributes {
                    width: processed.width,
                    height: processed.height,
                    srcset: processed.srcset(""),
                })
            };
            let table_label = localizer
                .message(&lp.lang, "table-label", None)
                .unwrap_or_default();
            let context = markdown::RenderContext {
                dir: &dir,
                resolve: &|link| resolver.link(link, &lp.lang),
                image: &image,
                eager_first_image: page.image.is_none(),
                table_label: &table_label,
                raw_html: site.config.markdown.raw_html,
            };
            markdown::render(&page.body, &context)
        })
        .collect()
}

/// The localized pages of each section in each language, in the section's order; expired
/// pages are in no list.
pub(super) fn section_lists(
    site: &Site,
    alphabet: &Alphabet,
) -> HashMap<(SectionId, String), Vec<usize>> {
    let mut lists: HashMap<(SectionId, String), Vec<usize>> = HashMap::new();
    for (i, lp) in site.localized.iter().enumerate() {
        if let Some(section) = site.groups[lp.group].section
            && !site.pages[lp.content].expired
        {
            lists.entry((section, lp.lang.clone())).or_default().push(i);
        }
    }
    for ((section, lang), items) in lists.iter_mut() {
        let sort_by = site.sections[*section].settings.sort_by;
        sort_items(site, alphabet, lang, items, sort_by);
    }
    lists
}

/// The position of each localized page in its section's list, if it is in one.
pub(super) fn positions(
    site: &Site,
    lists: &HashMap<(SectionId, String), Vec<usize>>,
) -> Vec<Option<usize>> {
    let mut positions = vec![None; site.localized.len()];
    for list in lists.values() {
        for (position, &i) in list.iter().enumerate() {
            positions[i] = Some(position);
        }
    }
    positions
}

/// The tags of each language (real translations only), each with its pages newest first.
pub(super) fn tags<'a>(site: &'a Site, alphabet: &Alphabet) -> HashMap<&'a str, Vec<Term<'a>>> {
    let mut terms: HashMap<&str, Vec<Term>> = HashMap::new();
    for language in &site.config.languages {
        let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
        for (i, lp) in site.localized.iter().enumerate() {
            if lp.lang != language.code || lp.is_fallback || site.pages[lp.content].expired {
                continue;
            }
            for tag in &site.pages[lp.content].tags {
                let slug = slugify(tag);
                if slug.is_empty() {
                    continue;
                }
                by_slug
                    .entry(slug.clone())
                    .or_insert_with(|| Term {
                        name: tag,
                        slug,
                        items: Vec::new(),
                    })
                    .items
                    .push(i);
            }
        }
        let mut list: Vec<Term> = by_slug.into_values().collect();
        for term in &mut list {
            sort_items(
                site,
                alphabet,
                &language.code,
                &mut term.items,
                SortBy::Date,
            );
        }
        list.sort_by(|a, b| alphabet.compare(&language.code, a.name, b.name));
        terms.insert(language.code.as_str(), list);
    }
    terms
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
pub(super) fn navigation<'a>(
    site: &'a Site,
    alphabet: &Alphabet,
) -> HashMap<&'a str, Vec<NavEntry>> {
    let mut nav = HashMap::new();
    for language in &site.config.languages {
        let lang = language.code.as_str();
        // (weight, title, url, key)
        let mut entries: Vec<(Option<i64>, String, String, String)> = Vec::new();
        for &section in &site.sections[0].subsections {
            if let Some((_, text)) = site.section_text(section, lang) {
                let key = &site.sections[section].key;
                entries.push((
                    site.sections[section].settings.weight,
                    text.title.clone(),
                    site.section_url(section, lang),
                    key.rsplit('/').next().unwrap_or(key).to_owned(),
                ));
            }
        }
        // Top-level pages are in the navigation when their original has a `weight`.
        for &group in &site.sections[0].groups {
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
        nav.insert(
            lang,
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
                url: site.section_url(0, &l.code),
                current: false,
            })
            .collect(),
    }
}

/// Orders the localized pages `items` of one list in language `lang`: see [`SortBy`] for
/// each order. Undated pages come after dated ones wherever dates decide.
pub(super) fn sort_items(
    site: &Site,
    alphabet: &Alphabet,
    lang: &str,
    items: &mut [usize],
    sort_by: SortBy,
) {
    let page = |i: &usize| &site.pages[site.localized[*i].content];
    let by_title =
        |a: &crate::site::Page, b: &crate::site::Page| alphabet.compare(lang, &a.title, &b.title);
    match sort_by {
        SortBy::Date => items.sort_by(|a, b| {
            let (a, b) = (page(a), page(b));
            b.date.cmp(&a.date).then_with(|| by_title(a, b))
        }),
        SortBy::Weight => items.sort_by(|a, b| {
            let (a, b) = (page(a), page(b));
            a.weight
                .unwrap_or(i64::MAX)
                .cmp(&b.weight.unwrap_or(i64::MAX))
                .then_with(|| by_title(a, b))
        }),
        SortBy::Title => items.sort_by(|a, b| by_title(page(a), page(b))),
        SortBy::Default => items.sort_by(|a, b| {
            let (a, b) = (page(a), page(b));
            // Weighted pages first (`None` sorts last), lowest weight first.
            let weight = |p: &crate::site::Page| (p.weight.is_none(), p.weight);
            weight(a)
                .cmp(&weight(b))
                .then_with(|| b.date.cmp(&a.date))
                .then_with(|| by_title(a, b))
                .then_with(|| a.source.cmp(&b.source))
        }),
    }
}
