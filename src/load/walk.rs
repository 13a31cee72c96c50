//! Walking `content/` and classifying each file by its name and place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use icu_locale_core::LanguageIdentifier;

use super::CONTENT_DIR;
use crate::config::Config;
use crate::error::{Error, Errors};
use crate::site::Asset;
use crate::slug::slugify;

/// What a content file is, from its name and place.
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

/// What the walk found.
pub(super) struct Walked {
    /// Markdown files, classified.
    pub(super) files: Vec<ContentFile>,
    /// The files of each page bundle, by bundle folder.
    pub(super) bundle_assets: HashMap<String, Vec<Asset>>,
    /// Other files, with the folder URL they are published in.
    pub(super) loose_assets: Vec<(String, Asset)>,
}

/// Walks the content folder: content files, bundle assets by bundle folder, other files.
pub(super) fn walk(config: &Config, content_dir: &Path, errors: &mut Errors) -> Walked {
    let mut all = Vec::new();
    let hidden =
        |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
    for entry in config.boundary.walk(content_dir, errors, |e| !hidden(e)) {
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(content_dir)
                .expect("walkdir yields paths under its root")
                .to_path_buf();
            all.push((entry.path().to_path_buf(), relative));
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
    Walked {
        files,
        bundle_assets: bundle_dirs,
        loose_assets: loose,
    }
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

/// Root-relative URL of a content folder: each segment slugified.
pub(super) fn folder_url(dir: &str) -> String {
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
