//! The default theme, compiled into the binary from this repository's `themes/default/`:
//! listing its files, writing a copy of it (`dilmanc theme eject`), and telling a site whose
//! copy is older than the built-in theme.
//!
//! The theme's `theme.toml` holds its `version` and a `fingerprint` of every other file.
//! A unit test recomputes the fingerprint, so that a change to the theme cannot land without
//! a new version, and sites that keep an older copy are warned.

use std::path::{Path, PathBuf};

use include_dir::{Dir, File, include_dir};
use serde::Deserialize;

use super::SourceFile;
use crate::error::{Error, Result, io_error};
use crate::output::FileContent;

/// The theme name that means the built-in theme when the site has no folder of that name.
pub const NAME: &str = "default";

/// How messages name the built-in theme's files: `<built-in theme>/templates/base.html`.
pub const DISPLAY_ROOT: &str = "<built-in theme>";

/// The theme's version file, at its root.
pub const VERSION_FILE: &str = "theme.toml";

/// Where `dilmanc theme eject` writes the copy, relative to the site root.
pub const COPY_FOLDER: &str = "themes/default";

/// The theme's files, as in this repository's `themes/default/` when the binary was built.
static FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// `theme.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionFile {
    /// Raised whenever a file of the theme changes.
    version: u32,
    /// The SHA-256 of the theme's other files (see `fingerprint` in the tests below).
    #[serde(default)]
    #[cfg_attr(not(test), expect(dead_code, reason = "only the tests check it"))]
    fingerprint: Option<String>,
}

/// The built-in theme's version, from its `theme.toml`.
pub fn version() -> u32 {
    version_file().version
}

fn version_file() -> VersionFile {
    let text = FILES
        .get_file(VERSION_FILE)
        .and_then(File::contents_utf8)
        .expect("themes/default/theme.toml is compiled in (the tests check it)");
    toml::from_str(text).expect("themes/default/theme.toml is valid (the tests check it)")
}

/// Every file of the theme, sorted by path (`templates/base.html`, ..., `theme.toml`).
fn all_files() -> Vec<&'static File<'static>> {
    let mut files = Vec::new();
    let mut folders = vec![&FILES];
    while let Some(folder) = folders.pop() {
        files.extend(folder.files());
        folders.extend(folder.dirs());
    }
    files.sort_by_key(|f| f.path());
    files
}

/// The files under the theme's `folder` (`templates`, `static`, `locales/az`), with paths
/// relative to it, sorted.
pub(crate) fn files(folder: &str) -> Vec<SourceFile> {
    let folder = Path::new(folder);
    all_files()
        .into_iter()
        .filter_map(|file| {
            let inside = file.path().strip_prefix(folder).ok()?;
            Some(SourceFile {
                relative: inside.to_string_lossy().replace('\\', "/"),
                display: Path::new(DISPLAY_ROOT).join(file.path()),
                content: FileContent::Embedded(file.contents()),
            })
        })
        .collect()
}

/// Writes a copy of the theme into `root/themes/default/`, which must not exist; returns the
/// files written, relative to `root`. On a failure, the folder is removed again.
pub fn eject(root: &Path) -> Result<Vec<PathBuf>> {
    let target = root.join(COPY_FOLDER);
    if target.exists() || target.is_symlink() {
        return Err(Error::in_file(
            &target,
            "the theme folder already exists; dilmanc does not overwrite it",
        )
        .with_help(format!(
            "rename or delete {COPY_FOLDER}/ and run the command again, or write the copy into another folder (dilmanc theme eject --root OTHER) and compare the two"
        ))
        .into());
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", &e))?;
    }
    std::fs::create_dir(&target).map_err(|e| io_error(&target, "create the folder", &e))?;
    let written = write_files(&target);
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&target);
    }
    Ok(written?
        .into_iter()
        .map(|relative| Path::new(COPY_FOLDER).join(relative))
        .collect())
}

fn write_files(target: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for file in all_files() {
        let path = target.join(file.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "create the folder", &e))?;
        }
        std::fs::write(&path, file.contents()).map_err(|e| io_error(&path, "write", &e))?;
        written.push(file.path().to_path_buf());
    }
    Ok(written)
}

/// A warning for a site's copy of the default theme in `dir` (`display` in messages) that
/// is older than the built-in theme: its `theme.toml` is missing, unreadable, or has a
/// smaller version.
pub(crate) fn copy_warning(dir: &Path, display: &Path) -> Option<String> {
    let built_in = version();
    let shown = display.display();
    let state = match std::fs::read_to_string(dir.join(VERSION_FILE)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("has no {VERSION_FILE}, so it predates theme versions")
        }
        Err(e) => format!("has a {VERSION_FILE} that cannot be read ({e})"),
        Ok(text) => match toml::from_str::<VersionFile>(&text) {
            Err(e) => format!(
                "has a {VERSION_FILE} without a readable version ({})",
                e.message()
            ),
            Ok(copy) if copy.version < built_in => format!("is version {}", copy.version),
            Ok(_) => return None,
        },
    };
    Some(format!(
        "{shown}/ is a copy of the default theme older than the one built into dilmanc: the copy {state}, the built-in theme is version {built_in}; the copy may lack templates, messages and fixes. To update it, write the current theme into another folder (dilmanc theme eject --root OTHER) and compare it with {shown}/, or delete {shown}/ to use the built-in theme"
    ))
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    /// SHA-256 over every file but `theme.toml`, sorted by path: each path, a NUL, the
    /// length of the contents as 8 bytes, the contents.
    fn fingerprint() -> String {
        let mut hasher = Sha256::new();
        for file in all_files() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            if path == VERSION_FILE {
                continue;
            }
            hasher.update(path.as_bytes());
            hasher.update([0]);
            hasher.update((file.contents().len() as u64).to_be_bytes());
            hasher.update(file.contents());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn the_version_is_bumped_with_every_change_of_the_theme() {
        let recorded = version_file().fingerprint.unwrap_or_default();
        let actual = fingerprint();
        assert_eq!(
            recorded, actual,
            "the default theme changed: bump version in themes/default/theme.toml and update the fingerprint to \"{actual}\""
        );
    }

    #[test]
    fn the_theme_lists_templates_static_files_and_locales() {
        let templates = files("templates");
        assert!(templates.iter().any(|f| f.relative == "base.html"));
        assert!(
            templates
                .iter()
                .any(|f| f.relative == "partials/header.html")
        );
        let base = templates
            .iter()
            .find(|f| f.relative == "base.html")
            .unwrap();
        assert_eq!(
            base.display,
            Path::new("<built-in theme>/templates/base.html")
        );
        assert!(files("static").iter().any(|f| f.relative == "style.css"));
        assert!(
            files("locales/az")
                .iter()
                .any(|f| f.relative == "theme.ftl")
        );
        assert!(version() >= 1);
    }

    #[test]
    fn a_copy_is_written_once_and_warned_of_only_when_older() {
        let dir = tempfile::tempdir().unwrap();
        let written = eject(dir.path()).unwrap();
        assert!(written.contains(&PathBuf::from("themes/default/templates/base.html")));
        assert!(written.contains(&PathBuf::from("themes/default/theme.toml")));
        let copy = dir.path().join(COPY_FOLDER);
        let display = Path::new(COPY_FOLDER);
        assert_eq!(copy_warning(&copy, display), None);

        let again = eject(dir.path()).unwrap_err().to_string();
        assert!(again.contains("already exists"), "{again}");

        std::fs::write(copy.join(VERSION_FILE), "version = 0\n").unwrap();
        let older = copy_warning(&copy, display).unwrap();
        assert!(older.contains("is version 0"), "{older}");
        assert!(older.contains("dilmanc theme eject"), "{older}");
        std::fs::write(copy.join(VERSION_FILE), "versoin = 9\n").unwrap();
        let unreadable = copy_warning(&copy, display).unwrap();
        assert!(unreadable.contains("versoin"), "{unreadable}");
        std::fs::remove_file(copy.join(VERSION_FILE)).unwrap();
        let missing = copy_warning(&copy, display).unwrap();
        assert!(missing.contains("has no theme.toml"), "{missing}");
    }
}
