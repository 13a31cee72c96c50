//! Walks `content/`, parses every file and assembles the [`Site`], collecting every error.
//!
//! Files are classified by name: `_index[.lang].md` is a section's text, `index[.lang].md`
//! makes its folder a page bundle (the other files in it are the bundle's assets), any other
//! `.md` is a page, and anything else is published as it is. `<stem>.<lang>.md` is the
//! translation of `<stem>.md`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use icu_locale_core::LanguageIdentifier;
use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Error, Errors, Result, io_error};
use crate::front_matter::{self, ContentDate, PageFrontMatter, SectionFrontMatter, SortBy};
use crate::site::{Asset, Page, PageGroup, Section, SectionSettings, SectionText, Site};
use crate::slug::{slugify, strip_date_prefix};

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

/// What a content file is, from its name and place.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// `_index.md`: the text of the section in `dir`.
    SectionText { dir: String },
    /// A page; `key` is its content path without language, `stem` its name for the slug.
    Page {
        key: String,
        dir: String,
        stem: String,
        bundle: Option<String>,
    },
}

/// A content file, classified and with its language decided.
#[derive(Debug)]
struct ContentFile {
    path: PathBuf,
    relative: PathBuf,
    lang: String,
    kind: Kind,
}

enum Parsed {
    Page(Box<Page>, PageKey),
    Section(String, String, SectionText, Box<SectionFrontMatter>),
    Skipped,
}

/// Where a parsed page belongs, needed to assemble groups.
struct PageKey {
    key: String,
    dir: String,
    stem: String,
    custom_slug: bool,
    bundle: Option<String>,
}

/// Loads the site at `config.root`.
pub fn load(config: Config, options: &LoadOptions) -> Result<Site> {
    let content_dir = config.root.join(CONTENT_DIR);
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
    let (files, bundle_dirs, loose_assets) = walk(&config, &content_dir, &mut errors);

    let parsed: Vec<std::result::Result<Parsed, Errors>> = files
        .par_iter()
        .map(|file| parse_file(&config, file, options))
        .collect();

    let mut pages = Vec::new();
    let mut page_keys = Vec::new();
    let mut section_texts: BTreeMap<String, Vec<(String, SectionText, Box<SectionFrontMatter>)>> =
        BTreeMap::new();
    for result in parsed {
        match result {
            Ok(Parsed::Page(page, key)) => {
                pages.push(*page);
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

    let sections = build_sections(&config, section_texts, &mut errors);
    let mut groups: Vec<PageGroup> = Vec::new();
    let mut group_index: HashMap<String, usize> = HashMap::new();
    let mut custom_slug = vec![false; pages.len()];
    for (page_id, page_key) in page_keys.into_iter().enumerate() {
        let PageKey {
            key,
            dir,
            stem,
            custom_slug: custom,
            bundle,
        } = page_key;
        {
            custom_slug[page_id] = custom;
            let group_id = *group_index.entry(key.clone()).or_insert_with(|| {
                let section = sections.iter().position(|s| s.key == dir);
                let assets = bundle
                    .as_ref()
                    .and_then(|b| bundle_dirs.get(b))
                    .cloned()
                    .unwrap_or_default();
                groups.push(PageGroup {
                    key: key.clone(),
                    parent_url: folder_url(&dir),
                    section,
                    versions: Vec::new(),
                    assets,
                });
                groups.len() - 1
            });
            if let Some(other) = groups[group_id].version(&pages[page_id].lang) {
                let page = &pages[page_id];
                errors.push(
                    Error::in_file(
                        &page.source,
                        format!(
                            "two files are the `{}` version of the same page: {} and {}",
                            page.lang,
                            pages[other].source.display(),
                            page.source.display()
                        ),
                    )
                    .with_help("keep one of them"),
                );
                continue;
            }
            let page = &mut pages[page_id];
            page.group = group_id;
            if !custom && page.slug.is_empty() {
                page.slug = slugify(strip_date_prefix(&stem));
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
    errors.into_result(site)
}

/// Walks the content folder: content files, bundle assets by bundle folder, other files.
#[allow(clippy::type_complexity)]
fn walk(
    config: &Config,
    content_dir: &Path,
    errors: &mut Errors,
) -> (
    Vec<ContentFile>,
    HashMap<String, Vec<Asset>>,
    Vec<(String, Asset)>,
) {
    let mut all = Vec::new();
    for entry in walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry
                    .path()
                    .strip_prefix(content_dir)
                    .expect("walkdir yields paths under its root")
                    .to_path_buf();
                all.push((entry.path().to_path_buf(), relative));
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                errors.push(Error::in_file(
                    path,
                    format!("cannot read the content folder: {e}"),
                ));
            }
        }
    }

    let display_path = |relative: &Path| Path::new(CONTENT_DIR).join(relative);
    let mut bundle_dirs: HashMap<String, Vec<Asset>> = HashMap::new();
    for (_, relative) in &all {
        if let Some((stem, _)) = split_language(config, relative)
            && stem == "index"
        {
            bundle_dirs.insert(unix_parent(relative), Vec::new());
        }
    }
    let bundle_of = |relative: &Path| -> Option<String> {
        relative
            .ancestors()
            .skip(1)
            .map(|a| a.to_string_lossy().replace('\\', "/"))
            .find(|a| bundle_dirs.contains_key(a))
    };

    let mut files = Vec::new();
    let mut assets_by_bundle: HashMap<String, Vec<Asset>> = HashMap::new();
    let mut loose = Vec::new();
    for (path, relative) in all {
        let is_markdown = relative.extension().is_some_and(|e| e == "md");
        let bundle = bundle_of(&relative);
        if !is_markdown {
            let asset = |base: &str| Asset {
                relative: unix(&relative)[base.len()..]
                    .trim_start_matches('/')
                    .to_owned(),
                path: path.clone(),
            };
            match bundle {
                Some(b) => assets_by_bundle
                    .entry(b.clone())
                    .or_default()
                    .push(asset(&b)),
                None => loose.push((
                    folder_url(&unix_parent(&relative)),
                    asset(&unix_parent(&relative)),
                )),
            }
            continue;
        }
        let (stem, lang) = match split_language(config, &relative) {
            Some(parts) => parts,
            None => {
                let code = relative
                    .file_stem()
                    .and_then(|s| Path::new(s).extension())
                    .map(|c| c.to_string_lossy().into_owned())
                    .unwrap_or_default();
                errors.push(
                    Error::in_file(
                        display_path(&relative),
                        format!("the language code `{code}` in the file name is not configured in site.toml"),
                    )
                    .with_help(format!(
                        "add [languages.{code}] to site.toml, or rename the file without `.{code}`"
                    )),
                );
                continue;
            }
        };
        let dir = unix_parent(&relative);
        let kind = if stem == "_index" {
            if bundle.is_some() {
                errors.push(
                    Error::in_file(
                        display_path(&relative),
                        "a page bundle cannot hold a section",
                    )
                    .with_help("move _index.md out of the folder that has index.md"),
                );
                continue;
            }
            Kind::SectionText { dir }
        } else if stem == "index" && bundle_dirs.contains_key(&dir) {
            let bundle_name = dir.rsplit('/').next().unwrap_or(&dir).to_owned();
            let parent = unix_parent(Path::new(&dir));
            Kind::Page {
                key: format!("{dir}/index.md"),
                dir: parent,
                stem: bundle_name,
                bundle: Some(dir),
            }
        } else if bundle.is_some() {
            errors.push(
                Error::in_file(
                    display_path(&relative),
                    "a page bundle holds one page: only index.md and its translations are Markdown in it",
                )
                .with_help("move this file out of the bundle folder, or make it a section of its own"),
            );
            continue;
        } else {
            Kind::Page {
                key: join_key(&dir, &format!("{stem}.md")),
                dir,
                stem,
                bundle: None,
            }
        };
        files.push(ContentFile {
            path,
            relative: display_path(&relative),
            lang,
            kind,
        });
    }
    for (dir, assets) in assets_by_bundle {
        bundle_dirs.insert(dir, assets);
    }
    (files, bundle_dirs, loose)
}

/// `(stem, language)` of a Markdown file name, or `None` when its language suffix is a
/// language tag that is not configured.
fn split_language(config: &Config, relative: &Path) -> Option<(String, String)> {
    let name = relative.file_name()?.to_string_lossy();
    let base = name.strip_suffix(".md")?;
    if let Some((stem, code)) = base.rsplit_once('.')
        && code.parse::<LanguageIdentifier>().is_ok()
    {
        return config
            .language(code)
            .map(|l| (stem.to_owned(), l.code.clone()));
    }
    Some((base.to_owned(), config.default_language.clone()))
}

fn parse_file(
    config: &Config,
    file: &ContentFile,
    options: &LoadOptions,
) -> std::result::Result<Parsed, Errors> {
    let bytes = std::fs::read(&file.path).map_err(|e| io_error(&file.relative, "read", &e))?;
    let split = front_matter::split(&file.relative, &bytes)?;
    let path = &file.relative;
    match &file.kind {
        Kind::SectionText { dir } => {
            let front: SectionFrontMatter = split.parse(path)?;
            let is_default = file.lang == config.default_language;
            if !is_default
                && (front.sort_by.is_some()
                    || front.paginate_by.is_some()
                    || front.feed.is_some()
                    || front.page_template.is_some())
            {
                return Err(Error::in_file(
                    path,
                    "section settings (sort_by, paginate_by, feed, page_template) belong in the default language's _index.md",
                )
                .with_help("move them to _index.md; a translation carries title, description and body")
                .into());
            }
            if let Some(paginate_by) = &front.paginate_by
                && *paginate_by.get_ref() < 1
            {
                return Err(split
                    .error_at(path, paginate_by, "paginate_by must be 1 or more")
                    .with_help("remove it to show all pages on one list page")
                    .into());
            }
            let text = SectionText {
                source: path.clone(),
                title: front.title.clone().unwrap_or_default(),
                description: front.description.clone(),
                body: split.body().to_owned(),
                body_line: split.body_line(),
            };
            Ok(Parsed::Section(
                dir.clone(),
                file.lang.clone(),
                text,
                Box::new(front),
            ))
        }
        Kind::Page {
            key,
            dir,
            stem,
            bundle,
        } => {
            let front: PageFrontMatter = split.parse(path)?;
            let mut errors = Errors::new();
            let title = match front.title.as_deref().map(str::trim) {
                Some(t) if !t.is_empty() => t.to_owned(),
                _ => {
                    errors.push(
                        Error::at_span(path, &split.text, 0..3, "the page has no title")
                            .with_help("add title = \"...\" to the front matter"),
                    );
                    String::new()
                }
            };
            let mut date_of = |value: &Option<toml::Spanned<toml::value::Datetime>>| {
                value.as_ref().and_then(|v| {
                    ContentDate::from_toml(path, &split, v)
                        .map_err(|e| errors.push(e))
                        .ok()
                })
            };
            let date = date_of(&front.date);
            let updated = date_of(&front.updated);
            let slug = match &front.slug {
                Some(slug) => match check_segment(slug.get_ref()) {
                    Ok(()) => Some(slug.get_ref().clone()),
                    Err(why) => {
                        errors.push(
                            split
                                .error_at(path, slug, format!("slug `{}` {why}", slug.get_ref()))
                                .with_help("a slug is one URL segment such as \"geneva-visit\""),
                        );
                        None
                    }
                },
                None => None,
            };
            let mut aliases = Vec::new();
            for alias in &front.aliases {
                match alias_url(alias.get_ref()) {
                    Ok(url) => aliases.push(url),
                    Err(why) => errors.push(
                        split
                            .error_at(path, alias, format!("alias `{}` {why}", alias.get_ref()))
                            .with_help("an alias is a path inside the site, such as \"/xeberler/kohne-yol/\""),
                    ),
                }
            }
            errors.into_result(())?;
            if (front.draft && !options.drafts)
                || (!options.future && date.is_some_and(|d| d.instant > options.now))
            {
                return Ok(Parsed::Skipped);
            }
            let page = Page {
                source: path.clone(),
                group: usize::MAX,
                lang: file.lang.clone(),
                title,
                description: front.description,
                date,
                updated,
                slug: slug.clone().unwrap_or_default(),
                aliases,
                tags: front.tags,
                weight: front.weight,
                template: front.template,
                origin: front.source,
                image: front.image,
                extra: front.extra,
                body: split.body().to_owned(),
                body_line: split.body_line(),
            };
            let page_key = PageKey {
                key: key.clone(),
                dir: dir.clone(),
                stem: stem.clone(),
                custom_slug: slug.is_some(),
                bundle: bundle.clone(),
            };
            Ok(Parsed::Page(Box::new(page), page_key))
        }
    }
}

fn build_sections(
    config: &Config,
    texts: BTreeMap<String, Vec<(String, SectionText, Box<SectionFrontMatter>)>>,
    errors: &mut Errors,
) -> Vec<Section> {
    let mut sections = vec![Section {
        key: String::new(),
        url: "/".to_owned(),
        parent: None,
        settings: SectionSettings::default(),
        texts: Vec::new(),
        groups: Vec::new(),
        subsections: Vec::new(),
    }];
    for (dir, versions) in texts {
        let id = if dir.is_empty() {
            0
        } else {
            sections.push(Section {
                key: dir.clone(),
                url: folder_url(&dir),
                parent: None,
                settings: SectionSettings::default(),
                texts: Vec::new(),
                groups: Vec::new(),
                subsections: Vec::new(),
            });
            sections.len() - 1
        };
        for (lang, text, front) in versions {
            if sections[id].text(&lang).is_some() {
                errors.push(Error::in_file(
                    &text.source,
                    format!("the section already has a `{lang}` text"),
                ));
                continue;
            }
            if lang == config.default_language {
                sections[id].settings = SectionSettings {
                    sort_by: front.sort_by.unwrap_or_default(),
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
    for id in 1..sections.len() {
        let key = sections[id].key.clone();
        let parent = Path::new(&key)
            .ancestors()
            .skip(1)
            .map(|a| a.to_string_lossy().replace('\\', "/"))
            .find_map(|a| sections.iter().position(|s| s.key == a))
            .unwrap_or(0);
        sections[id].parent = Some(parent);
        sections[parent].subsections.push(id);
    }
    sections
}

/// A section listed by date needs a date on each of its pages.
fn check_dates_required(
    sections: &[Section],
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
                                "the page has no date, but section `{}` lists its pages by date",
                                section.key
                            ),
                        )
                        .with_help("add date = YYYY-MM-DD to the front matter"),
                    );
                }
            }
        }
    }
}

/// Two pages of one language at one URL are an error naming both files.
fn check_unique_urls(site: &Site, errors: &mut Errors) {
    let mut seen: HashMap<String, &Path> = HashMap::new();
    for section in 0..site.sections.len() {
        for language in &site.config.languages {
            let source = site
                .section_text(section, &language.code)
                .map_or(Path::new(CONTENT_DIR), |(_, t)| t.source.as_path());
            seen.entry(site.section_url(section, &language.code))
                .or_insert(source);
        }
    }
    for localized in &site.localized {
        let source = site.pages[localized.content].source.as_path();
        if let Some(other) = seen.insert(localized.url.clone(), source)
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

/// Why `segment` cannot be one URL path segment, if it cannot.
fn check_segment(segment: &str) -> std::result::Result<(), &'static str> {
    if segment.is_empty() {
        Err("is empty")
    } else if segment == "." || segment == ".." {
        Err("would leave the page's folder")
    } else if segment.contains(['/', '\\', '\0']) {
        Err("contains a path separator")
    } else {
        Ok(())
    }
}

/// The root-relative URL of an alias, or why it is refused.
pub fn alias_url(alias: &str) -> std::result::Result<String, &'static str> {
    if alias.contains("://") || alias.starts_with("//") {
        return Err("is not a path inside the site");
    }
    let trimmed = alias.trim_matches('/');
    if trimmed.is_empty() {
        return Err("is the site root");
    }
    let mut url = String::from("/");
    for segment in trimmed.split('/') {
        check_segment(segment)
            .map_err(|_| "leaves the output folder or has an empty or invalid segment")?;
        url.push_str(segment);
        url.push('/');
    }
    if trimmed.ends_with(".html") {
        url.pop();
    }
    Ok(url)
}

/// Root-relative URL of a content folder: each segment slugified.
fn folder_url(dir: &str) -> String {
    let mut url = String::from("/");
    for segment in dir.split('/').filter(|s| !s.is_empty()) {
        url.push_str(&slugify(segment));
        url.push('/');
    }
    url
}

fn unix(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn unix_parent(path: &Path) -> String {
    path.parent().map(unix).unwrap_or_default()
}

fn join_key(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
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
