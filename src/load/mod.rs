//! Walks `content/`, parses every file and assembles the [`Site`], collecting every error.
//!
//! Files are classified by name: `_index[.lang].md` is a section's text, `index[.lang].md`
//! makes its folder a page bundle (the other files in it are the bundle's assets), any other
//! `.md` is a page, and anything else is published as it is. `<stem>.<lang>.md` is the
//! translation of `<stem>.md`.

mod listing;
mod names;
mod parse;
mod walk;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use crate::config::Config;
use crate::engine::Memo;
use crate::error::{Error, Errors, Result};
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::front_matter::{SectionFrontMatter, SortBy};
use typed_index_collections::{TiSlice, TiVec};

use crate::site::{
    Layout, Page, PageGroup, Section, SectionId, SectionSettings, SectionText, Site,
};
use crate::urls;

pub use listing::Changes;
use listing::{Listing, Walked};
pub(crate) use names::nfc;
pub(crate) use parse::Parsed as ParsedFile;
pub use parse::alias_url;
use parse::{PageKey, Parsed, parse_file};
use walk::folder_url;

/// The content folder's name under the site root.
pub const CONTENT_DIR: &str = "content";

/// What to publish.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Include pages with `draft = true`.
    pub drafts: bool,
    /// Include pages dated after `now`.
    pub future: bool,
    /// The moment that decides what is in the future.
    pub now: jiff::Timestamp,
}

/// Loads the site at `config.root`.
pub fn load(config: Config, options: &LoadOptions) -> Result<Site> {
    load_with(config, options, None)
}

/// What the incremental engine keeps of `content/` between builds: the last listing,
/// with the fingerprint of the configuration it was classified with, and what changed
/// since.
#[derive(Debug, Default)]
pub(crate) struct Watch {
    listing: Option<(Fingerprint, Listing)>,
    changes: Changes,
}

impl Watch {
    /// Notes `changes`, which happened after those noted before.
    pub(crate) fn note(&mut self, changes: Changes) {
        self.changes.add(changes);
    }
}

/// What the incremental engine offers a load from earlier builds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Earlier<'a> {
    /// Content files as parsed.
    pub(crate) parsed: &'a Memo<Arc<ParsedFile>>,
    /// Sites laid out, by their shape.
    pub(crate) layouts: &'a Memo<Arc<Layout>>,
    /// The files of `content/`, taken and given back by the load.
    pub(crate) watch: &'a Mutex<Watch>,
}

/// Loads the site at `config.root`, taking each file that is byte for byte as an earlier
/// build read it from `earlier` instead of parsing it again, and, when the file watcher
/// told what changed, updating the earlier listing of `content/` instead of walking it (the
/// incremental engine).
pub(crate) fn load_with(
    config: Config,
    options: &LoadOptions,
    earlier: Option<Earlier<'_>>,
) -> Result<Site> {
    let content_dir = config.root.join(CONTENT_DIR);
    let watch = earlier.map(|earlier| {
        let mut watch = earlier.watch.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut *watch)
    });
    if !content_dir.is_dir() {
        return Err(
            Error::in_file(CONTENT_DIR, "the content folder does not exist")
                .with_help(
                    "create content/_index.md with front matter: +++ / title = \"...\" / +++",
                )
                .into(),
        );
    }
    let mut errors = Errors::new();
    let config_fingerprint =
        earlier.map(|_| Fingerprinter::new("config").add_debug(&config).finish());
    let mut listing = match (watch, config_fingerprint) {
        (Some(watch), Some(fingerprint)) => {
            current_listing(&config, &content_dir, watch, fingerprint, &mut errors)
        }
        _ => Listing::walk(&config, &content_dir, &mut errors),
    };
    let Walked {
        files,
        bundle_assets: bundle_dirs,
        loose_assets,
    } = listing.walked(&mut errors);
    let in_order = earlier.map(|e| e.parsed.in_order(files.len()));
    let memo = in_order.as_ref().zip(config_fingerprint);
    let (parsed, keys): (Vec<std::result::Result<Parsed, Errors>>, Vec<_>) = files
        .par_iter()
        .enumerate()
        .map(|(place, &(at, file, known))| {
            let (parsed, key) = parse_file(&config, (place, file), options, memo, known);
            (parsed, (at, key))
        })
        .unzip();
    drop(files);
    if let (Some(earlier), Some(fingerprint)) = (earlier, config_fingerprint)
        && listing.exact()
    {
        listing.remember(keys);
        *earlier.watch.lock().unwrap_or_else(PoisonError::into_inner) = Watch {
            listing: Some((fingerprint, listing)),
            changes: Changes::default(),
        };
    }

    let mut pages = Vec::with_capacity(parsed.len());
    let mut page_keys = Vec::with_capacity(parsed.len());
    let mut section_texts: SectionTexts = BTreeMap::new();
    for result in parsed {
        match result {
            Ok(Parsed::Page { page, key, .. }) => {
                pages.push(page);
                page_keys.push(key);
            }
            Ok(Parsed::Section(dir, lang, text, front)) => {
                section_texts
                    .entry(dir)
                    .or_default()
                    .push((lang, text, front));
            }
            Ok(Parsed::Skipped) => {}
            Err(e) => errors.extend(e),
        }
    }

    let shape = memo.map(|(_, config_fingerprint)| {
        Shape {
            config: config_fingerprint,
            options,
            pages: &pages,
            section_texts: &section_texts,
            bundle_assets: &bundle_dirs,
            loose_assets: &loose_assets,
        }
        .fingerprint()
    });
    // The files have the shape of an earlier good build's: only bodies changed, so the
    // site is laid out as it was.
    if let (Some(earlier), Some(shape)) = (earlier, shape)
        && errors.is_empty()
        && let Some(layout) = earlier.layouts.get(shape)
        && layout.pages() == pages.len()
    {
        return Ok(Site::laid_out(config, pages, &layout, shape));
    }
    let sections = build_sections(&config, section_texts, &mut errors);
    let mut section_of: HashMap<&str, SectionId> = HashMap::with_capacity(sections.len());
    for (id, section) in sections.iter_enumerated() {
        section_of.entry(&section.key).or_insert(id);
    }
    let mut groups: Vec<PageGroup> = Vec::new();
    let mut group_index: HashMap<&str, usize> = HashMap::with_capacity(page_keys.len());
    let mut custom_slug = vec![false; pages.len()];
    for (page_id, page_key) in page_keys.iter().enumerate() {
        let PageKey {
            key,
            dir,
            parent_url,
            stem_slug,
            custom_slug: custom,
            bundle,
        } = &**page_key;
        {
            custom_slug[page_id] = *custom;
            let group_id = *group_index.entry(key).or_insert_with(|| {
                let section = section_of.get(dir.as_str()).copied();
                let assets = bundle
                    .as_ref()
                    .and_then(|b| bundle_dirs.get(b))
                    .cloned()
                    .unwrap_or_default();
                groups.push(PageGroup {
                    key: key.clone(),
                    parent_url: parent_url.clone(),
                    section,
                    versions: Vec::new(),
                    assets,
                });
                groups.len() - 1
            });
            if let Some(other) = groups[group_id].version(&pages[page_id].lang) {
                let page = &pages[page_id];
                let (other, this) = (&pages[other].source, &page.source);
                let error = if names::differ_only_in_encoding(other, this) {
                    let what = format!("both the `{}` version of the same page", page.lang);
                    let (message, help) = names::encoding_clash(other, this, &what);
                    Error::in_file(this, message).with_help(help)
                } else {
                    Error::in_file(
                        this,
                        format!(
                            "two files are the `{}` version of the same page: {} and {}",
                            page.lang,
                            other.display(),
                            this.display()
                        ),
                    )
                    .with_help("keep one of them")
                };
                errors.push(error);
                continue;
            }
            let page = &mut pages[page_id];
            page.group = group_id;
            if !custom && page.slug.is_empty() {
                page.slug.clone_from(stem_slug);
            }
            groups[group_id].versions.push((page.lang.clone(), page_id));
        }
    }

    // A translation shares its original's slug unless it sets its own.
    for group in &groups {
        let original_slug = group
            .version(&config.default_language)
            .filter(|&id| custom_slug[id])
            .map(|id| pages[id].slug.clone());
        for &(_, id) in &group.versions {
            if let Some(slug) = &original_slug
                && !custom_slug[id]
            {
                pages[id].slug = slug.clone();
            }
            if pages[id].slug.is_empty() {
                errors.push(
                    Error::in_file(
                        &pages[id].source,
                        "cannot make a URL slug from the file name",
                    )
                    .with_help("rename the file with letters or digits, or set slug = \"...\""),
                );
            }
        }
    }

    let mut sections = sections;
    for (group_id, group) in groups.iter().enumerate() {
        if let Some(section) = group.section {
            sections[section].groups.push(group_id);
        }
    }
    check_dates_required(&sections, &groups, &pages, &mut errors);
    let content_assets = loose_assets;
    let site = Site::new(config, pages, groups, sections, content_assets);
    check_unique_urls(&site, &mut errors);
    if let (Some(earlier), Some(shape)) = (earlier, shape)
        && errors.is_empty()
    {
        earlier.layouts.insert(shape, Arc::new(site.layout()));
    }
    errors.into_result(site.with_shape(shape))
}

/// The texts of each section's `_index` files by folder: language, text, front matter.
type SectionTexts = BTreeMap<String, Vec<(String, SectionText, Box<SectionFrontMatter>)>>;

/// What a site's structure is decided from ([`Site::shape`]).
struct Shape<'a> {
    config: Fingerprint,
    options: &'a LoadOptions,
    pages: &'a [Page],
    section_texts: &'a SectionTexts,
    bundle_assets: &'a std::collections::HashMap<String, Vec<crate::site::Asset>>,
    loose_assets: &'a [(String, crate::site::Asset)],
}

impl Shape<'_> {
    fn fingerprint(&self) -> Fingerprint {
        let mut f = Fingerprinter::new("site shape");
        f.add(&self.config)
            .add(&self.options.drafts)
            .add(&self.options.future);
        // Which pages are published (drafts and future pages are not), in walk order: each
        // page's id is its place in this order.
        for page in self.pages {
            f.add(&page.front_fingerprint).add(&page.expired);
        }
        f.add_debug(self.section_texts);
        let mut bundles: Vec<_> = self.bundle_assets.iter().collect();
        bundles.sort_unstable_by_key(|(folder, _)| folder.as_str());
        f.add_debug(&bundles).add_debug(self.loose_assets);
        f.finish()
    }
}

/// The listing of `content_dir`: the earlier one in `watch` updated with the changes
/// noted since, when it was classified with the same configuration and the changes can be
/// followed precisely; else a new walk.
fn current_listing(
    config: &Config,
    content_dir: &Path,
    watch: Watch,
    config_fingerprint: Fingerprint,
    errors: &mut Errors,
) -> Listing {
    if let Some((classified_with, listing)) = watch.listing
        && classified_with == config_fingerprint
        && let Ok(listing) = listing.updated(&watch.changes, config, &config.root, content_dir)
    {
        return listing;
    }
    Listing::walk(config, content_dir, errors)
}

fn build_sections(
    config: &Config,
    texts: SectionTexts,
    errors: &mut Errors,
) -> TiVec<SectionId, Section> {
    let mut sections: TiVec<SectionId, Section> = TiVec::new();
    sections.push(Section {
        key: String::new(),
        url: "/".to_owned(),
        parent: None,
        settings: SectionSettings::default(),
        texts: Vec::new(),
        groups: Vec::new(),
        subsections: Vec::new(),
    });
    for (dir, versions) in texts {
        let id = if dir.is_empty() {
            SectionId::HOME
        } else {
            sections.push_and_get_key(Section {
                key: dir.clone(),
                url: folder_url(&dir),
                parent: None,
                settings: SectionSettings::default(),
                texts: Vec::new(),
                groups: Vec::new(),
                subsections: Vec::new(),
            })
        };
        for (lang, text, front) in versions {
            if let Some(other) = sections[id].text(&lang) {
                let error = if names::differ_only_in_encoding(&other.source, &text.source) {
                    let what = format!("both the `{lang}` text of the same section");
                    let (message, help) = names::encoding_clash(&other.source, &text.source, &what);
                    Error::in_file(&text.source, message).with_help(help)
                } else {
                    Error::in_file(
                        &text.source,
                        format!("the section already has a `{lang}` text"),
                    )
                };
                errors.push(error);
                continue;
            }
            if lang == config.default_language {
                sections[id].settings = SectionSettings {
                    // No `sort_by` means Hugo's order: weight, then date, then title.
                    sort_by: front.sort_by.unwrap_or(SortBy::Default),
                    paginate_by: front
                        .paginate_by
                        .map(|p| usize::try_from(*p.get_ref()).unwrap_or(usize::MAX)),
                    feed: front.feed.unwrap_or(false),
                    page_template: front.page_template,
                    template: front.template,
                    weight: front.weight,
                    extra: front.extra,
                };
            }
            sections[id].texts.push((lang, text));
        }
    }
    // Parents: the nearest enclosing folder that is a section.
    for id in sections.keys().filter(|id| !id.is_home()) {
        let key = sections[id].key.clone();
        let parent = Path::new(&key)
            .ancestors()
            .skip(1)
            .map(|a| a.to_string_lossy().replace('\\', "/"))
            .find_map(|a| sections.position(|s| s.key == a))
            .unwrap_or(SectionId::HOME);
        sections[id].parent = Some(parent);
        sections[parent].subsections.push(id);
    }
    sections
}

/// A section with `sort_by = "date"` needs a date on each of its pages; a section without
/// `sort_by` orders undated pages after dated ones and needs none.
fn check_dates_required(
    sections: &TiSlice<SectionId, Section>,
    groups: &[PageGroup],
    pages: &[Page],
    errors: &mut Errors,
) {
    for section in sections
        .iter()
        .filter(|s| s.settings.sort_by == SortBy::Date && !s.key.is_empty())
    {
        for &group in &section.groups {
            for &(_, id) in &groups[group].versions {
                if pages[id].date.is_none() {
                    errors.push(
                        Error::in_file(
                            &pages[id].source,
                            format!(
                                "the page has no date, but section `{}` lists its pages by date (sort_by = \"date\")",
                                section.key
                            ),
                        )
                        .with_help("add date = YYYY-MM-DD to the front matter, or remove sort_by = \"date\" from the section's _index.md"),
                    );
                }
            }
        }
    }
}

/// Two pages of one language at one URL are an error naming both files.
fn check_unique_urls(site: &Site, errors: &mut Errors) {
    let mut section_urls = Vec::new();
    for section in site.section_ids() {
        for language in &site.config.languages {
            let source = site
                .section_text(section, &language.code)
                .map_or(Path::new(CONTENT_DIR), |(_, t)| t.source.as_path());
            section_urls.push((urls::section(site, section, &language.code), source));
        }
    }
    let mut seen: HashMap<&str, &Path> =
        HashMap::with_capacity(section_urls.len() + site.localized.len());
    for (url, source) in &section_urls {
        seen.entry(url).or_insert(source);
    }
    for localized in site.localized.iter() {
        let source = site.pages[localized.content].source.as_path();
        if let Some(other) = seen.insert(&localized.url, source)
            && other != source
        {
            errors.push(
                Error::in_file(
                    source,
                    format!(
                        "{} and {} would both be written to {}",
                        other.display(),
                        source.display(),
                        localized.url
                    ),
                )
                .with_help("give one of them another slug = \"...\""),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_output() {
        assert_eq!(alias_url("/old/path/").unwrap(), "/old/path/");
        assert_eq!(alias_url("old/page.html").unwrap(), "/old/page.html");
        assert!(alias_url("/../etc/").is_err());
        assert!(alias_url("a/./b").is_err());
        assert!(alias_url("https://example.com/").is_err());
        assert!(alias_url("/").is_err());
        assert!(alias_url("a\\..\\..\\b").is_err());
    }

    #[test]
    fn folder_urls_are_slugified() {
        assert_eq!(folder_url(""), "/");
        assert_eq!(folder_url("press/Xəbərlər"), "/press/xeberler/");
    }
}
