//! The loaded site: an immutable model of sections, pages and their translations, with the
//! URL of every page in every language already decided. No I/O happens here.
//!
//! Three levels name the same content:
//! - a [`Page`] is one file, one language version (`press/geneva.en.md`);
//! - a [`PageGroup`] is the set of versions of one page (`press/geneva.md` and its translations);
//! - a [`LocalizedPage`] is what a language publishes for a group: its own version, or a
//!   fallback language's version under its own URL.

use std::path::PathBuf;
use std::sync::Arc;

use typed_index_collections::TiVec;

use crate::config::{Config, LangId};
use crate::fingerprint::Fingerprint;
use crate::front_matter::{ContentDate, SortBy, Source};
use crate::typed_index::typed_index;
use crate::urls;

/// Index of a [`Page`] in [`Site::pages`].
pub type PageId = usize;
/// Index of a [`PageGroup`] in [`Site::groups`].
pub type GroupId = usize;
typed_index!(
    /// A [`Section`] of [`Site::sections`].
    SectionId
);

typed_index!(
    /// What one language publishes for one page group: a [`LocalizedPage`] of
    /// [`Site::localized`].
    LocalizedId
);

impl SectionId {
    /// The home page: the content folder itself, first of every site's sections.
    pub const HOME: SectionId = SectionId(0);

    /// Whether it is the home page.
    pub fn is_home(self) -> bool {
        self == SectionId::HOME
    }
}

/// An old URL of a page, redirecting to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// Root-relative path, validated to stay inside the output.
    pub url: String,
    /// Where the front matter names it.
    pub location: crate::error::Location,
}

/// One content file: one language version of a page. Its fields are those of the file
/// ([`PageFile`], reached through `Deref`) and the three that loading decides.
#[derive(Debug, Clone)]
pub struct Page {
    /// The group of translations it belongs to.
    pub group: GroupId,
    /// URL segment of this version: the front matter's `slug`, else the original's, else
    /// one made from the file name.
    pub slug: String,
    /// Whether `expires` has passed: the page stays online, marked archived, listed nowhere.
    pub expired: bool,
    /// What the file says.
    pub file: std::sync::Arc<PageFile>,
}

impl std::ops::Deref for Page {
    type Target = PageFile;

    fn deref(&self) -> &PageFile {
        &self.file
    }
}

/// What one content file says of its page: everything a page is but what loading
/// decides ([`Page`]). It is shared, not copied, by the builds of `serve` that find the
/// file unchanged.
#[derive(Debug)]
pub struct PageFile {
    /// The file, relative to the site root (`content/press/geneva.en.md`).
    pub source: PathBuf,
    /// The fingerprint of the file's text: every other field is read from it (and from
    /// the configuration and the clock, which the engine fingerprints apart).
    pub source_fingerprint: crate::fingerprint::Fingerprint,
    /// The fingerprint of the file's place (path, language, kind) and front matter: of
    /// everything loading decides a page's group, slug, URL and place in lists from, and
    /// nothing of its body (`Site::shape`).
    pub front_fingerprint: Fingerprint,
    /// The language it is written in.
    pub lang: String,
    /// Title.
    pub title: String,
    /// Description from front matter.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<ContentDate>,
    /// Last update.
    pub updated: Option<ContentDate>,
    /// Where `slug` is set in the front matter, when it is.
    pub slug_location: Option<crate::error::Location>,
    /// Old URLs that redirect here.
    pub aliases: Vec<Alias>,
    /// Tag names as written.
    pub tags: Vec<String>,
    /// The URL segment of each tag, in the order of `tags` (never empty: a tag without
    /// one is an error).
    pub tag_slugs: Vec<String>,
    /// Manual order.
    pub weight: Option<i64>,
    /// Template override.
    pub template: Option<String>,
    /// Original source.
    pub origin: Option<Source>,
    /// Lead image, as written.
    pub image: Option<String>,
    /// Alternative text of the lead image.
    pub image_alt: Option<String>,
    /// Bundle photos shown as a gallery.
    pub gallery: Vec<crate::front_matter::GalleryImage>,
    /// Video links.
    pub videos: Vec<crate::front_matter::VideoLink>,
    /// When the page leaves lists and feeds.
    pub expires: Option<ContentDate>,
    /// On a translation: the version of the original it was made from.
    pub translation: Option<crate::front_matter::TranslationRecord>,
    /// On a press release: the services it names.
    pub services: Vec<crate::service::Reference>,
    /// The typed description, on a service page.
    pub service: Option<crate::service::Service>,
    /// The typed details, on a service-centre page.
    pub centre: Option<crate::service::Centre>,
    /// The `[extra]` table.
    pub extra: toml::Table,
    /// The Markdown body.
    pub body: std::sync::Arc<str>,
    /// The fingerprint of `body`, made once when the file is read: the memos of its links
    /// and of its rendering find it by this in every build.
    pub body_fingerprint: crate::fingerprint::Fingerprint,
    /// The file line where the body starts, for error positions.
    pub body_line: usize,
    /// The folder of the file inside `content/`, `/`-separated (`press/2024`), which the
    /// body's relative links and images start from ([`crate::links::content_dir_of`]).
    pub content_dir: String,
}

/// All language versions of one page, keyed by the content path without language.
#[derive(Debug, Clone)]
pub struct PageGroup {
    /// Content-relative path without language suffix: `press/geneva.md`, `press/trip/index.md`.
    pub key: String,
    /// Root-relative folder URL of the section path, without language prefix: `/press/`.
    pub parent_url: String,
    /// The section the page is listed in, if its folder is a section.
    pub section: Option<SectionId>,
    /// Versions by language code.
    pub versions: Vec<(String, PageId)>,
    /// Bundle files (images, PDFs) published beside every language version.
    pub assets: Vec<Asset>,
}

impl PageGroup {
    /// The version written in `lang`, if any.
    pub fn version(&self, lang: &str) -> Option<PageId> {
        self.versions
            .iter()
            .find(|(code, _)| code == lang)
            .map(|&(_, id)| id)
    }
}

/// A file published as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute path of the file on disk.
    pub path: PathBuf,
    /// Path relative to the folder it is published in (`photo.jpg`, `docs/form.pdf`).
    pub relative: String,
}

/// Section settings, read from the default language's `_index.md`.
#[derive(Debug, Clone, Default)]
pub struct SectionSettings {
    /// Page order.
    pub sort_by: SortBy,
    /// Pages per list page.
    pub paginate_by: Option<usize>,
    /// Whether the section has feeds.
    pub feed: bool,
    /// Template of its pages.
    pub page_template: Option<String>,
    /// Template of its list.
    pub template: Option<String>,
    /// Order among siblings.
    pub weight: Option<i64>,
    /// The `[extra]` table.
    pub extra: toml::Table,
}

/// One language version of a section's `_index.md`.
#[derive(Debug, Clone)]
pub struct SectionText {
    /// The file, relative to the site root.
    pub source: PathBuf,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// The Markdown body.
    pub body: String,
    /// The file line where the body starts.
    pub body_line: usize,
    /// On a translation: which version of the original it translates.
    pub translation: Option<crate::front_matter::TranslationRecord>,
}

/// A folder with an `_index.md`: a list of pages. The root folder is the home page.
#[derive(Debug, Clone)]
pub struct Section {
    /// Content-relative folder, `""` for the home page, `press` for `content/press/`.
    pub key: String,
    /// Root-relative URL without language prefix: `/`, `/press/`.
    pub url: String,
    /// The enclosing section.
    pub parent: Option<SectionId>,
    /// Settings from the default language.
    pub settings: SectionSettings,
    /// `_index` texts by language code.
    pub texts: Vec<(String, SectionText)>,
    /// Pages in this folder.
    pub groups: Vec<GroupId>,
    /// Sections in sub-folders.
    pub subsections: Vec<SectionId>,
}

impl Section {
    /// The text written in `lang`, if any.
    pub fn text(&self, lang: &str) -> Option<&SectionText> {
        self.texts.iter().find(|(l, _)| l == lang).map(|(_, t)| t)
    }
}

/// What language `lang` publishes for one page group.
#[derive(Debug, Clone)]
pub struct LocalizedPage {
    /// The group.
    pub group: GroupId,
    /// The language of the URL and interface: its code.
    pub lang: String,
    /// The same language: its id.
    pub language: LangId,
    /// The version whose content is shown (in `lang`, or in a fallback language).
    pub content: PageId,
    /// Whether `content` is a fallback language's version.
    pub is_fallback: bool,
    /// Root-relative URL, ending in `/`.
    pub url: String,
}

/// The whole loaded site.
///
/// Everything but the configuration and the pages is decided from the places and front
/// matter of the content files, never from their bodies, and shared (`Arc`) so that the
/// builds of `serve` whose files have the same `Site::shape` share it (`Layout`).
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration it was loaded with.
    pub config: Config,
    /// Every published file.
    pub pages: Vec<Page>,
    /// Pages grouped by translation.
    pub groups: Arc<Vec<PageGroup>>,
    /// Sections; index 0 is the home page.
    pub sections: Arc<TiVec<SectionId, Section>>,
    /// Every (group, language) that is published, translated or by fallback.
    pub localized: Arc<TiVec<LocalizedId, LocalizedPage>>,
    /// Files under `content/` outside page bundles, published at their folder's URL.
    pub content_assets: Arc<Vec<(String, Asset)>>,
    /// Where each group's publications start in `localized` (they are contiguous, in
    /// `site.toml` order), and one more entry for the end of the last.
    group_starts: Arc<Vec<usize>>,
    /// The fingerprint of what the site's structure is decided from, in a build of the
    /// incremental engine ([`Site::shape`]).
    shape: Option<Fingerprint>,
}

/// What loading decides from the places and front matter of the content files: the
/// groups, sections and publications of a [`Site`], and each page's group and slug. The
/// incremental engine keeps it by [`Site::shape`], so a build in which only bodies changed
/// decides none of it again.
#[derive(Debug)]
pub(crate) struct Layout {
    groups: Arc<Vec<PageGroup>>,
    sections: Arc<TiVec<SectionId, Section>>,
    localized: Arc<TiVec<LocalizedId, LocalizedPage>>,
    content_assets: Arc<Vec<(String, Asset)>>,
    group_starts: Arc<Vec<usize>>,
    /// The group and slug of each page, by [`PageId`].
    places: Vec<(GroupId, String)>,
}

impl Layout {
    /// How many pages it lays out.
    pub(crate) fn pages(&self) -> usize {
        self.places.len()
    }
}

impl Site {
    /// Assembles the model and decides every URL.
    pub fn new(
        config: Config,
        pages: Vec<Page>,
        groups: Vec<PageGroup>,
        sections: TiVec<SectionId, Section>,
        content_assets: Vec<(String, Asset)>,
    ) -> Site {
        let mut localized = TiVec::with_capacity(groups.len() * config.languages.len());
        let mut group_starts = Vec::with_capacity(groups.len() + 1);
        // Each language with its fallback chain and URL prefix.
        let languages: Vec<_> = config
            .languages
            .iter_enumerated()
            .map(|(id, language)| {
                let chain = config.fallback_chain(&language.code);
                (
                    id,
                    language,
                    chain,
                    urls::language_prefix(&config, &language.code),
                )
            })
            .collect();
        for (group_id, group) in groups.iter().enumerate() {
            group_starts.push(localized.len());
            for (language_id, language, chain, prefix) in &languages {
                let Some((content, is_fallback)) = chain
                    .iter()
                    .enumerate()
                    .find_map(|(i, l)| group.version(&l.code).map(|id| (id, i > 0)))
                else {
                    continue;
                };
                // A language without `fallback` never shows another language's content.
                let url = urls::page(prefix, &group.parent_url, &pages[content].slug);
                localized.push(LocalizedPage {
                    group: group_id,
                    lang: language.code.clone(),
                    language: *language_id,
                    content,
                    is_fallback,
                    url,
                });
            }
        }
        group_starts.push(localized.len());
        Site {
            config,
            pages,
            groups: Arc::new(groups),
            sections: Arc::new(sections),
            localized: Arc::new(localized),
            content_assets: Arc::new(content_assets),
            group_starts: Arc::new(group_starts),
            shape: None,
        }
    }

    /// The site of `pages` laid out as `layout`, which an earlier build decided from
    /// files of the same `shape`: each page gets its group and slug from it. `pages` must
    /// be as many as the layout's ([`Layout::pages`]).
    pub(crate) fn laid_out(
        config: Config,
        mut pages: Vec<Page>,
        layout: &Layout,
        shape: Fingerprint,
    ) -> Site {
        debug_assert_eq!(pages.len(), layout.pages());
        for (page, (group, slug)) in pages.iter_mut().zip(&layout.places) {
            page.group = *group;
            page.slug.clone_from(slug);
        }
        Site {
            config,
            pages,
            groups: Arc::clone(&layout.groups),
            sections: Arc::clone(&layout.sections),
            localized: Arc::clone(&layout.localized),
            content_assets: Arc::clone(&layout.content_assets),
            group_starts: Arc::clone(&layout.group_starts),
            shape: Some(shape),
        }
    }

    /// The site's layout, for a later site of the same shape.
    pub(crate) fn layout(&self) -> Layout {
        Layout {
            groups: Arc::clone(&self.groups),
            sections: Arc::clone(&self.sections),
            localized: Arc::clone(&self.localized),
            content_assets: Arc::clone(&self.content_assets),
            group_starts: Arc::clone(&self.group_starts),
            places: self
                .pages
                .iter()
                .map(|page| (page.group, page.slug.clone()))
                .collect(),
        }
    }

    /// Records `shape`, what the site's structure was decided from.
    pub(crate) fn with_shape(mut self, shape: Option<Fingerprint>) -> Site {
        self.shape = shape;
        self
    }

    /// In a build of the incremental engine, the fingerprint of everything the site's
    /// structure — its groups, sections, publications and URLs, and every list, tag and
    /// archive made from them — is decided from: the configuration, the place and front
    /// matter of every published page with whether it expired ([`PageFile::front_fingerprint`]),
    /// the section texts and the content folder's other files. Page bodies are not part of
    /// it. `None` in other builds.
    pub(crate) fn shape(&self) -> Option<Fingerprint> {
        self.shape
    }

    /// What `lang` publishes for `group`, if anything.
    pub fn localized(&self, group: GroupId, lang: &str) -> Option<&LocalizedPage> {
        self.localized_index(group, lang)
            .map(|i| &self.localized[i])
    }

    /// The index in [`Site::localized`] of what `lang` publishes for `group`: a look
    /// through the group's few publications, which allocates nothing.
    pub fn localized_index(&self, group: GroupId, lang: &str) -> Option<LocalizedId> {
        let start = *self.group_starts.get(group)?;
        let end = self.group_starts[group + 1];
        (start..end)
            .map(LocalizedId::from)
            .find(|&i| self.localized[i].lang == lang)
    }

    /// Every language's publication of `group`, in `site.toml` order.
    pub fn localizations(&self, group: GroupId) -> impl Iterator<Item = &LocalizedPage> {
        self.config
            .languages
            .iter()
            .filter_map(move |l| self.localized(group, &l.code))
    }

    /// Every section, the home page first.
    pub fn section_ids(&self) -> impl Iterator<Item = SectionId> + use<> {
        self.sections.keys()
    }

    /// A section's text in `lang`: its own, else along the fallback chain, else the default's.
    pub fn section_text(&self, section: SectionId, lang: &str) -> Option<(&str, &SectionText)> {
        let section = &self.sections[section];
        self.config
            .fallback_chain(lang)
            .into_iter()
            .map(|l| l.code.as_str())
            .chain(std::iter::once(self.config.default_language.as_str()))
            .find_map(|code| section.text(code).map(|text| (code, text)))
    }

    /// The absolute URL of a root-relative one.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.config.base_url, url)
    }
}
