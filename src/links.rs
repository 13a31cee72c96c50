//! Internal links and images: checking that every `@/...md` or relative `.md` link names a
//! content file, that no link or image has a script-capable URL (`javascript:`,
//! `vbscript:`, `data:` but for raster images), and that every Markdown image has
//! alternative text and exists; and resolving links to URLs in the reader's language.
//!
//! A link resolves to the target's translation in the linking page's language, else to what
//! that language publishes by fallback, else to the original.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::sync::Arc;

use crate::engine::Memo;
use crate::error::{Error, Errors};
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::markdown::sanitize::script_scheme;
use crate::markdown::{self, BodyLinks, ContentLink, LinkProblem};
use crate::site::{GroupId, SectionId, Site};
use crate::urls;

mod published;
pub use published::published_paths;
use published::{Published, not_static, static_path};

/// What a content path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A page (any language version of it).
    Page(GroupId),
    /// A section (`_index.md`).
    Section(SectionId),
}

/// Lookup from content paths to pages and sections.
#[derive(Debug, Clone, Default)]
pub struct LinkTable {
    groups: foldhash::HashMap<String, GroupId>,
    sections: foldhash::HashMap<String, SectionId>,
    languages: Vec<String>,
    /// Of every path it knows and every language code, in site order: two tables with
    /// the same fingerprint answer every lookup alike.
    fingerprint: Fingerprint,
}

impl LinkTable {
    /// Indexes the site's pages and sections by content path.
    pub fn new(site: &Site) -> LinkTable {
        let mut f = Fingerprinter::new("link table");
        for group in site.groups.iter() {
            f.add(&group.key);
        }
        for id in site.section_ids() {
            f.add(&site.sections[id].key);
        }
        for language in &site.config.languages {
            f.add(&language.code);
        }
        LinkTable {
            fingerprint: f.finish(),
            groups: site
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.key.clone(), i))
                .collect(),
            sections: site
                .section_ids()
                .map(|id| (site.sections[id].key.clone(), id))
                .collect(),
            languages: site
                .config
                .languages
                .iter()
                .map(|l| l.code.clone())
                .collect(),
        }
    }

    /// What `path` (relative to `content/`, with or without a language suffix) names.
    /// Names are compared in NFC, as files are grouped: a link typed with composed letters
    /// finds a file whose name on disk has decomposed ones, and the other way round.
    pub fn target(&self, path: &str) -> Option<Target> {
        let path = crate::load::nfc(path);
        let path = path.trim_start_matches('/');
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        let base = name.strip_suffix(".md")?;
        let base = match base.rsplit_once('.') {
            Some((stem, code)) if self.languages.iter().any(|l| l == code) => stem,
            _ => base,
        };
        if base == "_index" {
            return self.sections.get(dir).copied().map(Target::Section);
        }
        if base.len() + ".md".len() == name.len() {
            // No language code: the path is the key.
            return self.groups.get(path).copied().map(Target::Page);
        }
        let key = if dir.is_empty() {
            format!("{base}.md")
        } else {
            format!("{dir}/{base}.md")
        };
        self.groups.get(&key).copied().map(Target::Page)
    }
}

/// Resolves content links of one language to URLs.
#[derive(Debug, Clone)]
pub struct Resolver {
    site: Arc<Site>,
    table: Arc<LinkTable>,
}

impl Resolver {
    /// A resolver over `site`.
    pub fn new(site: Arc<Site>, table: Arc<LinkTable>) -> Resolver {
        Resolver { site, table }
    }

    /// The URL of `path` (relative to `content/`) for a reader of `lang`.
    pub fn url(&self, path: &str, lang: &str) -> Option<String> {
        match self.table.target(path)? {
            Target::Section(section) => Some(urls::section(&self.site, section, lang)),
            Target::Page(group) => self
                .site
                .localized(group, lang)
                .or_else(|| {
                    self.site
                        .localized(group, &self.site.config.default_language)
                })
                .or_else(|| self.site.localizations(group).next())
                .map(|l| l.url.clone()),
        }
    }

    /// [`Resolver::url`] for a parsed Markdown link.
    pub fn link(&self, link: &ContentLink, lang: &str) -> Option<String> {
        self.url(&link.path, lang)
    }
}

/// Checks every internal link of every page and section text; an error names the file and
/// line of each link whose target does not exist. `published` are the paths of the static
/// files the build publishes ([`published_paths`]), which images written from the site's
/// root must be.
pub fn check(site: &Site, table: &LinkTable, published: &HashSet<&str>) -> Errors {
    check_with(site, table, published, None).errors
}

/// What the link check found: its errors and, in a build without the incremental engine,
/// since it reads every page's body, the text of each page's first paragraph, which lists
/// show (so that no body is read again for it; a build of the engine renders the bodies it
/// needs and reads them there).
#[derive(Debug)]
pub(crate) struct LinkCheck {
    /// Broken links and images.
    pub(crate) errors: Errors,
    /// The first paragraph of each page, by its index in `site.pages`, without the engine.
    pub(crate) first_paragraphs: Option<Vec<Arc<str>>>,
}

/// What the link check of the incremental engine finds again from earlier builds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CheckMemos<'a> {
    /// The links and images of a body, by its text.
    pub(crate) links: &'a Memo<Arc<BodyLinks>>,
    /// What checking a text found, by its text, file and folder and the link table.
    pub(crate) checks: &'a Memo<Arc<TextCheck>>,
}

/// What checking one text's links and images found, with each local image file it asked
/// about and whether the file was there, and each static file an image from the site's root
/// names and whether it was published: neither the file system nor the static files are in
/// the key, so those are asked again before the result is reused.
#[derive(Debug)]
pub(crate) struct TextCheck {
    errors: Vec<Error>,
    images: Vec<(PathBuf, bool)>,
    root_images: Vec<(String, bool)>,
}

impl TextCheck {
    /// Whether every image file it asked about is still there or still missing.
    fn holds(&self, published: &Published) -> bool {
        self.images
            .iter()
            .all(|(file, found)| file.is_file() == *found)
            && self
                .root_images
                .iter()
                .all(|(path, found)| published.contains(path) == *found)
    }
}

/// [`check`], with the incremental engine's `memos`: a text checked by an earlier build
/// against a table of the same paths is not checked again (its image files are), and a
/// body an earlier build parsed is not parsed again.
pub(crate) fn check_with(
    site: &Site,
    table: &LinkTable,
    published: &HashSet<&str>,
    memos: Option<CheckMemos>,
) -> LinkCheck {
    let published = &Published::new(site, published);
    let mut errors = Errors::new();
    // A page's body was fingerprinted when its file was read; a section's is here.
    let pages = site.pages.par_iter().map(|p| Text {
        source: &p.source,
        dir: Cow::Borrowed(&p.content_dir),
        body: &p.body,
        body_line: p.body_line,
        fingerprint: Some(p.body_fingerprint),
    });
    let sections = site.sections.iter().flat_map(|s| {
        s.texts.iter().map(|(_, t)| Text {
            source: &t.source,
            dir: Cow::Owned(content_dir_of(&t.source)),
            body: &t.body,
            body_line: t.body_line,
            fingerprint: None,
        })
    });
    // Each file is parsed on its own, in parallel; errors keep the files' order. Even
    // listing the texts is done in parallel: it reads every page, scattered in memory.
    let mut texts: Vec<Text> = pages.collect();
    texts.extend(sections);
    // What every text's check reads besides the text: the table, and the folder that
    // image paths start from.
    let read = Fingerprinter::new("link check")
        .add(&table.fingerprint)
        .add_path(&site.config.root)
        .finish();
    // The texts come in the same order build after build: each check and each text's
    // links are found at their place ([`crate::engine::InOrder`]).
    let memos = memos.map(|m| {
        (
            m.checks.in_order(texts.len()),
            m.links.in_order(texts.len()),
        )
    });
    let (found, paragraphs): (Vec<Vec<Error>>, Vec<Option<Arc<str>>>) = texts
        .par_iter()
        .enumerate()
        .map(|(at, text)| {
            let Some((checks, links)) = &memos else {
                let found = BodyLinks::of(text.body);
                let errors = check_text(site, table, published, text, &found).errors;
                return (errors, Some(found.first_paragraph));
            };
            let body = text
                .fingerprint
                .unwrap_or_else(|| Fingerprint::of_bytes(text.body.as_bytes()));
            let links_of_text = || links.get_or(at, body, || Arc::new(BodyLinks::of(text.body)));
            let key = Fingerprinter::new("text check")
                .add(&read)
                .add(&body)
                .add(&*text.dir)
                .add_path(text.source)
                .add(&text.body_line)
                .finish();
            let checked = match checks.get_if(at, key, |c| c.holds(published)) {
                Some(checked) => {
                    // Its links were not asked for: kept for a check under another table.
                    links_of_text();
                    checked
                }
                None => {
                    let checked =
                        Arc::new(check_text(site, table, published, text, &links_of_text()));
                    checks.insert(at, key, Arc::clone(&checked));
                    checked
                }
            };
            (checked.errors.clone(), None)
        })
        .unzip();
    for error in found.into_iter().flatten() {
        errors.push(error);
    }
    // The pages' texts come first; a build of the engine reads no first paragraph.
    let first_paragraphs = paragraphs.into_iter().take(site.pages.len()).collect();
    // Lead images and galleries: one from the site's root must be published (published.rs),
    // any other must be in the page's bundle.
    for page in &site.pages {
        if let Some(image) = &page.image
            && let Some(path) = static_path(image)
            && !published.contains(&path)
        {
            errors.push(not_static(image, &path).at(crate::error::Location {
                path: page.source.clone(),
                line: None,
                column: None,
            }));
        }
        let assets = &site.groups[page.group].assets;
        let lead = page
            .image
            .iter()
            .filter(|i| !i.starts_with('/') && !i.contains("://"));
        for file in lead.chain(page.gallery.iter().map(|g| &g.file)) {
            let name = file.strip_prefix("./").unwrap_or(file);
            if !assets.iter().any(|a| a.relative == name) {
                errors.push(
                    Error::in_file(&page.source, format!("the image `{file}` is not in the page's bundle folder"))
                        .with_help("make the page a bundle (a folder with index.md) holding the image, or fix the file name"),
                );
            }
        }
    }
    LinkCheck {
        errors,
        first_paragraphs,
    }
}

/// A page's or a section's Markdown text, with what checking its links needs.
struct Text<'a> {
    /// The file, relative to the site root.
    source: &'a Path,
    /// Its folder inside `content/`, which relative links start from.
    dir: Cow<'a, str>,
    body: &'a str,
    /// The file line where the body starts.
    body_line: usize,
    /// The body's fingerprint, when its file was read with it.
    fingerprint: Option<Fingerprint>,
}

/// The problems of the links and images of one page or section text.
fn check_text(
    site: &Site,
    table: &LinkTable,
    published: &Published,
    text: &Text,
    found: &BodyLinks,
) -> TextCheck {
    let Text {
        source,
        ref dir,
        body,
        body_line,
        ..
    } = *text;
    let dir: &str = dir;
    let mut errors = Vec::new();
    let mut images = Vec::new();
    let mut root_images = Vec::new();
    for (dest, offset) in &found.links {
        let (dest, offset) = (dest.as_str(), *offset);
        if let Some(scheme) = script_scheme(dest, false) {
            errors.push(
                Error::new(format!(
                    "the link `{}` uses the scheme `{}`, which can run a script in the reader's browser",
                    shorten(dest),
                    scheme.as_str()
                ))
                .at(body_location(source, body, body_line, offset))
                .with_help("link to a page (@/section/file.md) or to an https:// address"),
            );
            continue;
        }
        let general = "write links to content as @/section/file.md, relative to content/";
        let (problem, help) = match markdown::content_link(dest, dir) {
            None => continue,
            Some(Err(LinkProblem::OutsideContent)) => {
                ("climbs out of the content folder", general.to_owned())
            }
            Some(Ok(link)) if table.target(&link.path).is_some() => continue,
            Some(Ok(link)) => (
                "points at a content file that does not exist (or is a draft or not yet published)",
                match bundle_twin(table, &link.path) {
                    Some(twin) => {
                        let anchor = link.anchor.map(|a| format!("#{a}")).unwrap_or_default();
                        format!("did you mean @/{twin}{anchor}? {general}")
                    }
                    None => general.to_owned(),
                },
            ),
        };
        errors.push(
            Error::new(format!("the link `{dest}` {problem}"))
                .at(body_location(source, body, body_line, offset))
                .with_help(help),
        );
    }
    // Only the cleaning is slow; kept as written, browsers cope (they stop nesting).
    let sanitized = site.config.markdown.raw_html == crate::config::RawHtml::Sanitize;
    if let Some(offset) = found.too_deep.filter(|_| sanitized) {
        errors.push(
            Error::new(format!(
                "the raw HTML here nests elements more than {} deep: browsers stop nesting there, and cleaning it ([markdown] raw_html = \"sanitize\") would take minutes",
                crate::markdown::sanitize::MAX_DEPTH
            ))
            .at(body_location(source, body, body_line, offset))
            .with_help("close the elements this HTML opens (</div>), or write this part in Markdown"),
        );
    }
    for (dest, alt, offset) in &found.images {
        let (dest, offset) = (dest.as_str(), *offset);
        if let Some(scheme) = script_scheme(dest, true) {
            errors.push(
                Error::new(format!(
                    "the image `{}` uses the scheme `{}`, which can run a script in the reader's browser",
                    shorten(dest),
                    scheme.as_str()
                ))
                .at(body_location(source, body, body_line, offset))
                .with_help("put the image in the page's bundle folder or give an https:// address; data: URLs may only hold PNG, JPEG, GIF or WebP images"),
            );
            continue;
        }
        if alt.trim().is_empty() {
            errors.push(
                Error::new(format!("the image `{dest}` has no alternative text"))
                    .at(body_location(source, body, body_line, offset))
                    .with_help("describe what the image shows between the brackets: ![A queue at the service centre](photo.jpg)"),
            );
        }
        if let Some(path) = static_path(dest) {
            let found = published.contains(&path);
            if !found {
                errors.push(
                    not_static(dest, &path).at(body_location(source, body, body_line, offset)),
                );
            }
            root_images.push((path.into_owned(), found));
            continue;
        }
        let is_local =
            !dest.contains("://") && !dest.starts_with('/') && !dest.starts_with("data:");
        let file = site
            .config
            .root
            .join(crate::load::CONTENT_DIR)
            .join(dir)
            .join(dest);
        let found = is_local && file.is_file();
        if is_local {
            images.push((file, found));
        }
        if is_local && !found {
            errors.push(
                Error::new(format!(
                    "the image `{dest}` does not exist next to this file"
                ))
                .at(body_location(source, body, body_line, offset))
                .with_help("put the image in the page's bundle folder, or fix its name"),
            );
        }
    }
    TextCheck {
        errors,
        images,
        root_images,
    }
}

/// The other name of a page that changed between a plain file and a page bundle, when the
/// site has it: `press/x.md` ↔ `press/x/index.md`, keeping a language suffix
/// (`press/x.en.md` ↔ `press/x/index.en.md`).
fn bundle_twin(table: &LinkTable, path: &str) -> Option<String> {
    let path = path.trim_start_matches('/');
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let base = name.strip_suffix(".md")?;
    let (stem, suffix) = match base.rsplit_once('.') {
        Some((stem, code)) if table.languages.iter().any(|l| l == code) => {
            (stem, format!(".{code}"))
        }
        _ => (base, String::new()),
    };
    let twin = match (stem, dir) {
        ("_index", _) | ("index", "") => return None,
        ("index", dir) => format!("{dir}{suffix}.md"),
        (stem, "") => format!("{stem}/index{suffix}.md"),
        (stem, dir) => format!("{dir}/{stem}/index{suffix}.md"),
    };
    table.target(&twin).is_some().then_some(twin)
}

/// `url` for a message: control characters escaped (`java\tscript:`), at most 80
/// characters (a `data:` URL can be very long).
fn shorten(url: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::new();
    for (i, c) in url.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The file position of byte `offset` of a body that starts at line `body_line`.
fn body_location(
    source: &Path,
    body: &str,
    body_line: usize,
    offset: usize,
) -> crate::error::Location {
    let (line, column) = crate::error::line_column(body, offset);
    crate::error::Location {
        path: source.to_path_buf(),
        line: Some(body_line + line - 1),
        column: Some(column),
    }
}

/// The folder of a content file relative to `content/`, `/`-separated.
pub fn content_dir_of(source: &Path) -> String {
    let relative = source
        .strip_prefix(crate::load::CONTENT_DIR)
        .unwrap_or(source);
    relative
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

/// A URL written in a page, resolved: root-relative ones against `base` (`""` keeps them
/// root-relative, a base URL makes them absolute), relative ones (bundle files) against
/// `page_url`, the page's own URL ending in `/`; absolute URLs, anchors, `mailto:`,
/// `tel:` and `data:` stay as written.
pub fn resolve_url(url: &str, base: &str, page_url: &str) -> String {
    let untouched = url.starts_with("//")
        || url.contains("://")
        || url.starts_with('#')
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with("data:");
    if untouched {
        url.to_owned()
    } else if url.starts_with('/') {
        format!("{base}{url}")
    } else {
        format!("{page_url}{url}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_messages_show_control_characters_and_stay_short() {
        assert_eq!(shorten("java\tscript:x"), "java\\tscript:x");
        let long = format!("data:text/html,{}", "a".repeat(200));
        let short = shorten(&long);
        assert_eq!(short.chars().count(), 81);
        assert!(short.ends_with('…'));
    }
}
