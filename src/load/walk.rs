//! Walking `content/` and classifying each file by its name and place.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use icu_locale_core::LanguageIdentifier;

use super::CONTENT_DIR;
use super::names::nfc;
use crate::config::Config;
use crate::error::{Error, Errors};
use crate::site::Asset;
use crate::slug::slugify;

/// What a content file is, from its name and place.
///
/// Its keys, folders and stem are its names in NFC ([`super::names`]), whatever the
/// encoding of the names on disk, so that versions of a page group together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) struct ContentFile {
    pub(super) path: PathBuf,
    pub(super) relative: PathBuf,
    pub(super) lang: String,
    pub(super) kind: Kind,
}

/// What a file found under `content/` is, from its name and place.
#[derive(Debug)]
pub(super) enum Class {
    /// A Markdown file: a page or a section's text.
    Content(ContentFile),
    /// A file of the page bundle in folder `bundle`.
    BundleAsset { bundle: String, asset: Asset },
    /// Any other file, published in the folder with URL `folder_url`.
    LooseAsset { folder_url: String, asset: Asset },
    /// A Markdown file that cannot be where it is, or is named with an unknown language.
    Refused(Error),
}

/// The files and folders under `content/`, as walked.
pub(super) struct Found {
    /// Each file's path and its path relative to `content/`, in walk order.
    pub(super) files: Vec<(PathBuf, PathBuf)>,
    /// Each folder below `content/`, relative to it.
    pub(super) folders: Vec<PathBuf>,
    /// Whether the walk met neither a symbolic link nor an error: a file watcher's
    /// events then tell every change to what it found.
    pub(super) exact: bool,
}

/// Whether the content walk skips an entry named `name`, and everything in it: hidden
/// entries, editors' leftovers ([`crate::site_files::is_leftover`]) and Markdown kept under
/// another name (`x.md.save`, `x.en.md.old`), which would otherwise be published as files.
pub(super) fn skipped(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || crate::site_files::is_leftover(&name) || name.contains(".md.")
}

/// Walks the content folder, skipping what [`skipped`] says, following the symbolic links
/// that stay inside the site's boundary.
pub(super) fn list(config: &Config, content_dir: &Path, errors: &mut Errors) -> Found {
    let hidden = |e: &walkdir::DirEntry| e.depth() > 0 && skipped(e.file_name());
    let errors_before = errors.len();
    let mut found = Found {
        files: Vec::new(),
        folders: Vec::new(),
        exact: true,
    };
    for entry in config.boundary.walk(content_dir, errors, |e| !hidden(e)) {
        found.exact &= !entry.path_is_symlink();
        if entry.depth() == 0 {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(content_dir)
            .expect("walkdir yields paths under its root")
            .to_path_buf();
        if entry.file_type().is_file() {
            found.files.push((entry.path().to_path_buf(), relative));
        } else if entry.file_type().is_dir() {
            found.folders.push(relative);
        }
    }
    found.exact &= errors.len() == errors_before;
    found
}

/// The folder (in NFC) that the file at `relative` makes a page bundle, when it is an
/// `index[.lang].md`.
pub(super) fn bundle_made_by(config: &Config, relative: &Path) -> Option<String> {
    split_language(config, relative)
        .filter(|(stem, _)| stem == "index")
        .map(|_| key_parent(relative))
}

/// The page bundles: folders (in NFC) holding an `index[.lang].md`, with how many they hold.
pub(super) type Bundles = HashMap<String, usize>;

/// Classifies the file at `path`, `relative` to `content/`, among the page `bundles`.
pub(super) fn classify(config: &Config, path: &Path, relative: &Path, bundles: &Bundles) -> Class {
    let display_path = Path::new(CONTENT_DIR).join(relative);
    let is_markdown = relative.extension().is_some_and(|e| e == "md");
    let bundle = relative
        .ancestors()
        .skip(1)
        .map(key)
        .find(|a| bundles.contains_key(a));
    if !is_markdown {
        // The asset keeps its name on disk below the folder it is published in.
        let asset = |base: &str| Asset {
            relative: unix(
                &relative
                    .components()
                    .skip(Path::new(base).components().count())
                    .collect::<PathBuf>(),
            ),
            path: path.to_path_buf(),
        };
        return match bundle {
            Some(bundle) => Class::BundleAsset {
                asset: asset(&bundle),
                bundle,
            },
            None => Class::LooseAsset {
                folder_url: folder_url(&key_parent(relative)),
                asset: asset(&key_parent(relative)),
            },
        };
    }
    let Some((stem, lang)) = split_language(config, relative) else {
        let code = relative
            .file_stem()
            .and_then(|s| Path::new(s).extension())
            .map(|c| c.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Class::Refused(
            Error::in_file(
                display_path,
                format!(
                    "the language code `{code}` in the file name is not configured in site.toml"
                ),
            )
            .with_help(unknown_language_help(config, relative, &code)),
        );
    };
    let dir = key_parent(relative);
    let kind = if stem == "_index" {
        if bundle.is_some() {
            return Class::Refused(
                Error::in_file(display_path, "a page bundle cannot hold a section")
                    .with_help("move _index.md out of the folder that has index.md"),
            );
        }
        Kind::SectionText { dir }
    } else if stem == "index" && bundles.contains_key(&dir) {
        let bundle_name = dir.rsplit('/').next().unwrap_or(&dir).to_owned();
        let parent = key_parent(Path::new(&dir));
        Kind::Page {
            key: format!("{dir}/index.md"),
            dir: parent,
            stem: bundle_name,
            bundle: Some(dir),
        }
    } else if bundle.is_some() {
        return Class::Refused(
            Error::in_file(
                display_path,
                "a page bundle holds one page: only index.md and its translations are Markdown in it",
            )
            .with_help("move this file out of the bundle folder, or make it a section of its own"),
        );
    } else {
        Kind::Page {
            key: join_key(&dir, &format!("{stem}.md")),
            dir,
            stem,
            bundle: None,
        }
    };
    Class::Content(ContentFile {
        path: path.to_path_buf(),
        relative: display_path,
        lang,
        kind,
    })
}

/// What to do about the file `relative` whose language suffix `code` is not configured.
/// A code site.toml writes otherwise (`x.EN.md`, `x.iw.md` on a site with `en`, `he`) is
/// told the file name to use; otherwise the language is to be added, as site.toml writes it.
fn unknown_language_help(config: &Config, relative: &Path, code: &str) -> String {
    let instead = crate::language_code::parse(code)
        .err()
        .and_then(|refused| refused.instead);
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".md")
        .and_then(|base| base.rsplit_once('.'))
        .map_or("", |(stem, _)| stem);
    match instead {
        Some(instead) if config.language(&instead).is_some() => format!(
            "rename the file to `{stem}.{instead}.md`: language codes are written as in site.toml"
        ),
        instead => format!(
            "add [languages.{}] to site.toml, or rename the file without `.{code}`",
            instead.as_deref().unwrap_or(code)
        ),
    }
}

/// `(stem, language)` of a Markdown file name, the stem in NFC, or `None` when its language
/// suffix is a language tag that is not configured.
fn split_language(config: &Config, relative: &Path) -> Option<(String, String)> {
    let name = relative.file_name()?.to_string_lossy();
    let name = nfc(&name);
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

/// Root-relative URL of a content folder: each segment slugified.
pub(super) fn folder_url(dir: &str) -> String {
    let mut url = String::from("/");
    for segment in dir.split('/').filter(|s| !s.is_empty()) {
        url.push_str(&slugify(segment));
        url.push('/');
    }
    url
}

/// `path` with `/` between its components, as written on disk.
fn unix(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// `path` with `/` between its components, in NFC: how keys name files and folders.
fn key(path: &Path) -> String {
    nfc(&unix(path)).into_owned()
}

/// The key of `path`'s folder.
fn key_parent(path: &Path) -> String {
    path.parent().map(key).unwrap_or_default()
}

fn join_key(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}
