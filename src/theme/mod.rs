//! Where a site's theme comes from, and the files it contributes: templates, static files
//! and Fluent messages.
//!
//! A theme is either a folder `themes/<name>/` of the site or, when the site has no such
//! folder and names the theme `default`, the default theme compiled into the binary
//! ([`builtin`], mdBook's model). Both are listed the same way, as [`SourceFile`]s, so that
//! loading the templates ([`Templates`]), the [`Localizer`](crate::i18n::Localizer) and
//! rendering do not care which it is. A file of the site's own `templates/` or `static/`
//! overrides the theme's file of the same name, and a message of the site's
//! `locales/<lang>/*.ftl` the theme's message of the same id.

pub mod builtin;
mod dependencies;
mod templates;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use dependencies::{record as record_template, recording_templates};
pub use templates::Templates;

use crate::config::{CONFIG_FILE, Config};
use crate::error::{Error, Errors, Result};
use crate::output::{FileContent, OutputFile};
use crate::site_files::Boundary;

/// One file a theme or the site contributes, wherever it is kept.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Its `/`-separated path inside the folder it was listed from (`partials/header.html`
    /// under `templates/`, `style.css` under `static/`, `theme.ftl` under `locales/az/`).
    pub relative: String,
    /// The path that messages name: relative to the site root for files on disk
    /// (`themes/default/templates/base.html`), under [`builtin::DISPLAY_ROOT`] for the
    /// built-in theme (`<built-in theme>/templates/base.html`).
    pub display: PathBuf,
    /// Where its bytes are: [`FileContent::Copy`] on disk, [`FileContent::Embedded`] in the
    /// binary.
    pub content: FileContent,
}

/// The theme a site uses.
#[derive(Debug, Clone)]
pub struct Theme {
    source: Source,
}

#[derive(Debug, Clone)]
enum Source {
    /// A folder of the site: `dir` on disk, `display` relative to the site root, read
    /// within the site's boundary.
    Folder {
        name: String,
        dir: PathBuf,
        display: PathBuf,
        boundary: Boundary,
    },
    /// The default theme compiled into the binary.
    BuiltIn,
}

impl Theme {
    /// The theme `site.toml` names: the folder `themes/<name>/` when the site has one, else
    /// the built-in theme when the name is `default`; any other name without a folder is an
    /// error at the `theme` key.
    pub fn resolve(config: &Config) -> Result<Theme> {
        let dir = config.root.join("themes").join(&config.theme);
        if dir.is_symlink() {
            config.boundary.check_link(&dir)?;
        }
        if dir.is_dir() {
            return Ok(Theme::folder(config, dir));
        }
        if config.theme == builtin::NAME {
            return Ok(Theme::built_in());
        }
        let text = std::fs::read_to_string(config.root.join(CONFIG_FILE)).unwrap_or_default();
        let text: Arc<str> = Arc::from(text);
        let needle = format!("\"{}\"", config.theme);
        let range = text.find(&needle).map_or(0..0, |i| i..i + needle.len());
        let message = format!(
            "the theme `{}` does not exist: there is no folder themes/{}/",
            config.theme, config.theme
        );
        let help = format!(
            "the theme built into dilmanc is `{0}`: set theme = \"{0}\" to use it (no folder needed), or create themes/{1}/",
            builtin::NAME,
            config.theme
        );
        Err(if range.is_empty() {
            Error::in_file(CONFIG_FILE, message)
        } else {
            Error::at_span(CONFIG_FILE, &text, range, message)
        }
        .with_help(help)
        .into())
    }

    /// The theme in folder `dir` of the site of `config`.
    pub fn folder(config: &Config, dir: PathBuf) -> Theme {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let display = dir.strip_prefix(&config.root).unwrap_or(&dir).to_path_buf();
        Theme {
            source: Source::Folder {
                name,
                dir,
                display,
                boundary: config.boundary.clone(),
            },
        }
    }

    /// The default theme compiled into the binary.
    pub fn built_in() -> Theme {
        Theme {
            source: Source::BuiltIn,
        }
    }

    /// The theme's templates, every file under its `templates/`, by name; links that
    /// leave the site are reported in `errors`.
    pub fn templates(&self, errors: &mut Errors) -> Vec<SourceFile> {
        self.files("templates", errors)
    }

    /// The theme's static files, every file under its `static/`, by output path.
    pub fn static_files(&self, errors: &mut Errors) -> Vec<SourceFile> {
        self.files("static", errors)
    }

    /// The theme's Fluent files of language `lang`: the `.ftl` files of `locales/<lang>/`.
    pub fn locale_files(&self, lang: &str, errors: &mut Errors) -> Vec<SourceFile> {
        match &self.source {
            Source::Folder {
                dir,
                display,
                boundary,
                ..
            } => {
                let folder = Path::new("locales").join(lang);
                ftl_files(&dir.join(&folder), &display.join(&folder), boundary, errors)
            }
            Source::BuiltIn => builtin::files(&format!("locales/{lang}"))
                .into_iter()
                .filter(|f| !f.relative.contains('/') && f.relative.ends_with(".ftl"))
                .collect(),
        }
    }

    /// What the site should hear about its theme: a copy of the default theme older than
    /// the built-in one.
    pub fn warnings(&self) -> Vec<String> {
        match &self.source {
            Source::Folder {
                name, dir, display, ..
            } if name == builtin::NAME => builtin::copy_warning(dir, display).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    fn files(&self, folder: &str, errors: &mut Errors) -> Vec<SourceFile> {
        match &self.source {
            Source::Folder {
                dir,
                display,
                boundary,
                ..
            } => files_under(&dir.join(folder), &display.join(folder), boundary, errors),
            Source::BuiltIn => builtin::files(folder),
        }
    }
}

/// The published static files: the theme's `static/`, overridden by the site's `static/`
/// file of the same path.
pub fn static_files(config: &Config, theme: &Theme, errors: &mut Errors) -> Vec<OutputFile> {
    let site = files_under(
        &config.root.join("static"),
        Path::new("static"),
        &config.boundary,
        errors,
    );
    let mut files = BTreeMap::new();
    for file in theme.static_files(errors).into_iter().chain(site) {
        files.insert(file.relative.clone(), file);
    }
    files
        .into_values()
        .map(|file| OutputFile {
            path: file.relative.into(),
            content: file.content,
            origin: file.display.into(),
        })
        .collect()
}

/// Every file under `dir` (none if it does not exist) but editors' leftovers
/// ([`crate::site_files::is_leftover`]), sorted by relative path; `display` is the folder's
/// path as messages name it. Symbolic links are followed only inside
/// `boundary`; the others, and loops, are reported in `errors`.
pub fn files_under(
    dir: &Path,
    display: &Path,
    boundary: &Boundary,
    errors: &mut Errors,
) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = boundary
        .walk(dir, errors, |_| true)
        .into_iter()
        .filter(|e| e.file_type().is_file())
        .filter(|e| !crate::site_files::is_leftover(&e.file_name().to_string_lossy()))
        .filter_map(|e| {
            let inside = e.path().strip_prefix(dir).ok()?;
            Some(SourceFile {
                relative: inside.to_string_lossy().replace('\\', "/"),
                display: display.join(inside),
                content: FileContent::Copy(e.path().into()),
            })
        })
        .collect();
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files
}

/// The `.ftl` files directly in `dir` (none if it does not exist), sorted by name, read
/// within `boundary` like [`files_under`].
pub fn ftl_files(
    dir: &Path,
    display: &Path,
    boundary: &Boundary,
    errors: &mut Errors,
) -> Vec<SourceFile> {
    files_under(dir, display, boundary, errors)
        .into_iter()
        .filter(|f| !f.relative.contains('/') && f.relative.ends_with(".ftl"))
        .collect()
}
