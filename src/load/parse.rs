//! Parsing one content file into a page or a section text.

use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::engine::InOrder;
use crate::error::{Error, Errors, io_error};
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::front_matter::{self, ContentDate, PageFrontMatter, SectionFrontMatter, SplitFile};
use crate::markdown::sanitize::address_problem;
use crate::site::{Page, PageFile, SectionText};
use crate::site_files::stays_inside;

use super::LoadOptions;
use super::walk::{ContentFile, Kind};

#[derive(Debug, Clone)]
pub(crate) enum Parsed {
    /// A page, and whether it is a draft.
    Page {
        page: Page,
        key: Arc<PageKey>,
        draft: bool,
    },
    Section(String, String, SectionText, Box<SectionFrontMatter>),
    Skipped,
}

/// Where a parsed page belongs, needed to assemble groups.
#[derive(Debug, Clone)]
pub(crate) struct PageKey {
    pub(super) key: String,
    pub(super) dir: String,
    /// The URL of `dir`, where the page's group lives.
    pub(super) parent_url: String,
    /// The slug made from the file name (without a date prefix): the page's slug unless
    /// it sets its own.
    pub(super) stem_slug: String,
    pub(super) custom_slug: bool,
    pub(super) bundle: Option<String>,
}

/// Parses `file`. With a memo (the incremental engine), a file whose bytes an earlier
/// build parsed is taken from it: found by `known`, the key it was parsed under when the
/// file watcher says it has not changed since, else by its stamp or bytes. Also returns
/// the key the parsed file is kept under for the next build, if it is. `at` is the
/// file's place in the listing, where the memo looks first.
pub(super) fn parse_file(
    config: &Config,
    (at, file): (usize, &ContentFile),
    options: &LoadOptions,
    memo: Option<(&InOrder<Arc<Parsed>>, Fingerprint)>,
    known: Option<Fingerprint>,
) -> (std::result::Result<Parsed, Errors>, Option<Fingerprint>) {
    let Some((memo, config_fingerprint)) = memo else {
        let parsed = read(file).and_then(|bytes| parse_text(config, file, &bytes));
        return (parsed.map(|parsed| publish(parsed, options)), None);
    };
    if let Some(key) = known
        && let Some(parsed) = memo.get(at, key)
    {
        return (Ok(publish(Parsed::clone(&parsed), options)), Some(key));
    }
    match parse_memoized(config, (at, file), memo, config_fingerprint) {
        Ok((parsed, key)) => (Ok(publish(parsed, options)), Some(key)),
        Err(errors) => (Err(errors), None),
    }
}

/// The bytes of `file`.
fn read(file: &ContentFile) -> std::result::Result<Vec<u8>, Errors> {
    std::fs::read(&file.path).map_err(|e| io_error(&file.relative, "read", &e).into())
}

/// `file` parsed, from `memo` when an earlier build parsed the same bytes, with the key
/// it is kept under.
fn parse_memoized(
    config: &Config,
    (at, file): (usize, &ContentFile),
    memo: &InOrder<Arc<Parsed>>,
    config_fingerprint: Fingerprint,
) -> std::result::Result<(Parsed, Fingerprint), Errors> {
    let mut key = Fingerprinter::new("content file");
    key.add(&config_fingerprint)
        .add(&file.relative)
        .add(&file.lang)
        .add_debug(&file.kind);
    // A file whose stamp is settled is found by it without being read; any other by its
    // bytes. Errors are not kept: a broken file is parsed again until it is fixed.
    let (key, bytes) = match Stamp::settled(&file.path) {
        Some(stamp) => (key.add(&stamp).finish(), None),
        None => {
            let bytes = read(file)?;
            (key.add(&bytes[..]).finish(), Some(bytes))
        }
    };
    if let Some(parsed) = memo.get(at, key) {
        return Ok((Parsed::clone(&parsed), key));
    }
    let bytes = match bytes {
        Some(bytes) => bytes,
        None => read(file)?,
    };
    let parsed = parse_text(config, file, &bytes)?;
    memo.insert(at, key, Arc::new(parsed.clone()));
    Ok((parsed, key))
}

/// What the file system says of a file that changes whenever its bytes do: size,
/// modification and change times, inode and device, as git's index keeps them. The change
/// time cannot be set back by any program, and a replaced file gets a new inode.
#[derive(Debug, Hash)]
struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    device: u64,
}

/// How long after its last change a file's stamp is trusted. Timestamps are coarser than
/// writes (a tick of a few milliseconds on ext4), so a file written twice within one tick
/// keeps its stamp; a file changed this recently is read (git's "racily clean" rule).
const SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

impl Stamp {
    /// The stamp of the file at `path` when it last changed more than [`SETTLE`]
    /// ago by the system clock; `None` when it changed since, or has a time in the future,
    /// or cannot be stated (it is then read).
    #[cfg(unix)]
    fn settled(path: &std::path::Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path).ok()?;
        let stamp = Stamp {
            len: metadata.len(),
            modified: (metadata.mtime(), metadata.mtime_nsec()),
            changed: (metadata.ctime(), metadata.ctime_nsec()),
            inode: metadata.ino(),
            device: metadata.dev(),
        };
        let latest = stamp.modified.max(stamp.changed);
        let latest =
            std::time::Duration::new(u64::try_from(latest.0).ok()?, u32::try_from(latest.1).ok()?);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        (latest + SETTLE < now).then_some(stamp)
    }

    /// Without change times, every file is read.
    #[cfg(not(unix))]
    fn settled(_path: &std::path::Path) -> Option<Stamp> {
        None
    }
}

/// Drafts and future pages are left out (unless asked for); a page whose `expires` has
/// passed is marked expired. This is all of parsing that depends on the clock.
fn publish(parsed: Parsed, options: &LoadOptions) -> Parsed {
    match parsed {
        Parsed::Page {
            mut page,
            key,
            draft,
        } => {
            if (draft && !options.drafts)
                || (!options.future && page.date.as_ref().is_some_and(|d| d.instant > options.now))
            {
                return Parsed::Skipped;
            }
            page.expired = page
                .expires
                .as_ref()
                .is_some_and(|e| e.instant <= options.now);
            Parsed::Page { page, key, draft }
        }
        other => other,
    }
}

/// The page or section text of the file `file` holding `bytes`, as it is at any moment
/// (see [`publish`]).
fn parse_text(
    config: &Config,
    file: &ContentFile,
    bytes: &[u8],
) -> std::result::Result<Parsed, Errors> {
    let split = front_matter::split(&file.relative, bytes)?;
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
                translation: front.translation.clone(),
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
            let title = match &front.title {
                Some(t) if !t.get_ref().trim().is_empty() => t.get_ref().trim().to_owned(),
                Some(empty) => {
                    errors.push(
                        split
                            .error_at(path, empty, "the title is empty")
                            .with_help("write the page's title between the quotes"),
                    );
                    String::new()
                }
                None => {
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
            let expires = date_of(&front.expires);
            if let Some(image) = &front.image
                && front
                    .image_alt
                    .as_deref()
                    .is_none_or(|alt| alt.trim().is_empty())
            {
                errors.push(
                    split
                        .error_at(path, image, "the lead image has no alternative text")
                        .with_help("add image_alt = \"...\" describing what the image shows"),
                );
            }
            if let Some(image) = &front.image
                && let Some(why) = image_problem(image.get_ref())
            {
                errors.push(
                    split
                        .error_at(path, image, format!("image `{}` {why}", image.get_ref()))
                        .with_help("name a file of the page's bundle (photo.jpg), a file of static/ (/images/photo.jpg) or an https:// address"),
                );
            }
            let source = front.source.iter().filter_map(|source| {
                address_error(&split, path, source, "source.url", &source.get_ref().url)
            });
            let videos = front.videos.iter().filter_map(|video| {
                address_error(&split, path, video, "videos.url", &video.get_ref().url)
            });
            for error in source.chain(videos) {
                errors.push(error);
            }
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
                    Ok(url) => aliases.push(crate::site::Alias {
                        url,
                        location: split.location_of(path, alias),
                    }),
                    Err(why) => errors.push(
                        split
                            .error_at(path, alias, format!("alias `{}` {why}", alias.get_ref()))
                            .with_help("an alias is a path inside the site, such as \"/xeberler/kohne-yol/\""),
                    ),
                }
            }
            let tag_slugs: Vec<String> = front
                .tags
                .iter()
                .map(|tag| crate::slug::slugify(tag.get_ref()))
                .collect();
            for (n, (tag, slug)) in front.tags.iter().zip(&tag_slugs).enumerate() {
                let name = tag.get_ref();
                let problem = if slug.is_empty() {
                    Some((
                        format!("the tag `{name}` has no letter or digit to make its URL from"),
                        "write the tag with letters or digits, or remove it",
                    ))
                } else {
                    // Another spelling of an earlier tag ("Viza", "viza") is the same tag
                    // page: the page would be listed there twice.
                    let earlier = tag_slugs[..n].iter().position(|other| other == slug);
                    earlier.map(|earlier| {
                        (
                            format!(
                                "the tag `{name}` is the tag `{}` again (one tag page: …/tags/{slug}/)",
                                front.tags[earlier].get_ref()
                            ),
                            "a page names each tag once: remove one of them",
                        )
                    })
                };
                if let Some((message, help)) = problem {
                    errors.push(split.error_at(path, tag, message).with_help(help));
                }
            }
            let service = front.service.map(|raw| raw.check(path, &split));
            let centre = front.centre.map(|raw| raw.check(path, &split));
            let service = match service {
                Some(Ok(service)) => Some(service),
                Some(Err(e)) => {
                    errors.extend(e);
                    None
                }
                None => None,
            };
            let centre = match centre {
                Some(Ok(centre)) => Some(centre),
                Some(Err(e)) => {
                    errors.extend(e);
                    None
                }
                None => None,
            };
            let services = front
                .services
                .iter()
                .map(|s| crate::service::Reference {
                    key: super::nfc(s.get_ref()).into_owned(),
                    location: split.location_of(path, s),
                })
                .collect();
            errors.into_result(())?;
            let page_file = PageFile {
                source: path.clone(),
                source_fingerprint: crate::fingerprint::Fingerprint::of_bytes(
                    split.text.as_bytes(),
                ),
                front_fingerprint: Fingerprinter::new("page front")
                    .add_path(path)
                    .add(&file.lang)
                    .add_debug(&file.kind)
                    .add(&split.text[..split.body_start])
                    .finish(),
                lang: file.lang.clone(),
                title,
                description: front.description,
                date,
                updated,
                slug_location: front.slug.as_ref().map(|s| split.location_of(path, s)),
                aliases,
                tags: front
                    .tags
                    .into_iter()
                    .map(toml::Spanned::into_inner)
                    .collect(),
                tag_slugs,
                weight: front.weight,
                template: front.template,
                origin: front.source.map(toml::Spanned::into_inner),
                image: front.image.map(toml::Spanned::into_inner),
                image_alt: front.image_alt,
                gallery: front.gallery,
                videos: front
                    .videos
                    .into_iter()
                    .map(toml::Spanned::into_inner)
                    .collect(),
                expires,
                translation: front.translation,
                services,
                service,
                centre,
                extra: front.extra,
                body: split.body().into(),
                body_fingerprint: crate::fingerprint::Fingerprint::of_bytes(
                    split.body().as_bytes(),
                ),
                body_line: split.body_line(),
                content_dir: crate::links::content_dir_of(path),
            };
            let page = Page {
                group: usize::MAX,
                slug: slug.clone().unwrap_or_default(),
                expired: false,
                file: Arc::new(page_file),
            };
            let page_key = Arc::new(PageKey {
                key: key.clone(),
                parent_url: super::walk::folder_url(dir),
                dir: dir.clone(),
                stem_slug: crate::slug::slugify(crate::slug::strip_date_prefix(stem)),
                custom_slug: slug.is_some(),
                bundle: bundle.clone(),
            });
            Ok(Parsed::Page {
                page,
                key: page_key,
                draft: front.draft,
            })
        }
    }
}

/// The longest URL segment, in bytes: file systems allow 255 per name, and an alias of a
/// `.html` name becomes a folder.
const MAX_SEGMENT: usize = 200;

/// Why `segment` cannot be one URL path segment, if it cannot.
fn check_segment(segment: &str) -> std::result::Result<(), &'static str> {
    if segment.is_empty() {
        Err("is empty")
    } else if segment == "." || segment == ".." {
        Err("would leave the page's folder")
    } else if segment.contains(['/', '\\']) {
        Err("contains a path separator")
    } else if segment.contains(['?', '#']) {
        Err("contains `?` or `#`, which end the path of a URL")
    } else if segment.contains('%') {
        Err("contains `%`: write the characters themselves, not %-escapes")
    } else if segment.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err("contains a space or a control character")
    } else if segment.len() > MAX_SEGMENT {
        Err("is longer than 200 bytes, more than a folder name may be on many systems")
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
        check_segment(segment).map_err(|why| match why {
            "is empty" | "would leave the page's folder" => {
                "leaves the output folder or has an empty segment"
            }
            other => other,
        })?;
        url.push_str(segment);
        url.push('/');
    }
    if trimmed.ends_with(".html") {
        url.pop();
    }
    Ok(url)
}

/// The error at front-matter `value` when `url`, the address it gives under `key`, cannot
/// be published as a link ([`address_problem`]).
fn address_error<T>(
    split: &SplitFile,
    path: &Path,
    value: &toml::Spanned<T>,
    key: &str,
    url: &str,
) -> Option<Error> {
    let why = address_problem(url, false)?;
    Some(
        split
            .error_at(path, value, format!("{key} `{url}` {why}"))
            .with_help("write the address of the web page, with https://"),
    )
}

/// Why the lead image `image` cannot be published: an address that is not a web one, or a
/// path from the site's root that leaves it (`/../site.toml`).
fn image_problem(image: &str) -> Option<String> {
    if let Some(why) = address_problem(image, true) {
        return Some(why);
    }
    let from_root = image
        .strip_prefix('/')
        .filter(|rest| !rest.starts_with('/'))?;
    stays_inside(Path::new(from_root)).err().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_stamp_is_trusted_only_once_the_file_has_settled() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("a.md");
        std::fs::write(&path, "one").unwrap();
        assert!(
            Stamp::settled(&path).is_none(),
            "a file just written is read"
        );
        std::thread::sleep(SETTLE + std::time::Duration::from_millis(200));
        let before = Stamp::settled(&path).expect("settled by now");
        // The same size, and the modification time set back: the change time still moves.
        std::fs::write(&path, "two").unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(
            std::time::UNIX_EPOCH
                + std::time::Duration::new(
                    u64::try_from(before.modified.0).unwrap(),
                    u32::try_from(before.modified.1).unwrap(),
                ),
        )
        .unwrap();
        assert!(
            Stamp::settled(&path).is_none(),
            "a file just changed is read"
        );
        let after = std::fs::metadata(&path).unwrap();
        use std::os::unix::fs::MetadataExt;
        assert_eq!((after.mtime(), after.mtime_nsec()), before.modified);
        assert_ne!((after.ctime(), after.ctime_nsec()), before.changed);
        assert!(Stamp::settled(&folder.path().join("missing.md")).is_none());
    }
}
