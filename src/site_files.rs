//! The boundary of a site: dilmanc reads files inside the site folder and inside the
//! folders `site.toml` allows with `allow_outside`, and nothing else.
//!
//! Symbolic links are followed only when their target stays inside that boundary; a link
//! that points elsewhere (`static/keys -> /etc/ssl`) is an error naming the link, so a
//! private file is never published by accident.

use std::path::{Path, PathBuf};

use crate::error::{Error, Errors};

/// The folders a site may read: its own folder and those `site.toml` allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    /// Canonical folders; a file is inside when its canonical path starts with one.
    folders: Vec<PathBuf>,
    /// The site folder as given, to show paths relative to it.
    root: PathBuf,
}

impl Boundary {
    /// The boundary of the site at `root` (canonical) with `allowed` canonical folders.
    pub fn new(root: &Path, allowed: &[PathBuf]) -> Boundary {
        let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut folders = vec![canonical];
        folders.extend(allowed.iter().cloned());
        Boundary {
            folders,
            root: root.to_path_buf(),
        }
    }

    /// The folders outside the site that `allow_outside` lets it read (canonical).
    pub fn allowed_outside(&self) -> &[PathBuf] {
        &self.folders[1..]
    }

    /// `path` as shown in messages: relative to the site folder when inside it.
    pub fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// An error when `link`, a symbolic link, points outside the boundary (or nowhere).
    pub fn check_link(&self, link: &Path) -> Result<(), Error> {
        let shown = self.display(link);
        let target = std::fs::read_link(link).unwrap_or_default();
        let Ok(resolved) = link.canonicalize() else {
            return Err(Error::in_file(
                &shown,
                format!(
                    "the symbolic link points to {}, which does not exist",
                    target.display()
                ),
            )
            .with_help("fix or remove the link"));
        };
        if self
            .folders
            .iter()
            .any(|folder| resolved.starts_with(folder))
        {
            return Ok(());
        }
        let folder = resolved.parent().unwrap_or(&resolved);
        Err(Error::in_file(
            &shown,
            format!(
                "the symbolic link points outside the site, to {}",
                resolved.display()
            ),
        )
        .with_help(format!(
            "copy the file into the site, or allow its folder in site.toml: allow_outside = [\"{}\"]",
            folder.display()
        )))
    }

    /// Every entry under `dir` (none if it does not exist), sorted by name, following
    /// symbolic links that stay inside the boundary. Links that leave it, loops and
    /// unreadable entries are reported in `errors` and skipped; `keep` can prune entries
    /// (and, for folders, everything in them).
    pub fn walk(
        &self,
        dir: &Path,
        errors: &mut Errors,
        mut keep: impl FnMut(&walkdir::DirEntry) -> bool,
    ) -> Vec<walkdir::DirEntry> {
        if !dir.exists() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut refused = Vec::new();
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if !keep(entry) {
                    return false;
                }
                if entry.path_is_symlink()
                    && let Err(error) = self.check_link(entry.path())
                {
                    refused.push(error);
                    return false;
                }
                true
            });
        for entry in walker {
            match entry {
                Ok(entry) => found.push(entry),
                Err(e) => errors.push(self.walk_error(&e)),
            }
        }
        errors.extend(refused.into_iter().collect());
        found
    }

    fn walk_error(&self, error: &walkdir::Error) -> Error {
        let shown = self.display(error.path().unwrap_or(Path::new("")));
        if let Some(ancestor) = error.loop_ancestor() {
            return Error::in_file(
                &shown,
                format!(
                    "the symbolic link makes a loop: it points back to {}",
                    self.display(ancestor).display()
                ),
            )
            .with_help("remove the link, or point it at a folder that does not contain it");
        }
        Error::in_file(&shown, format!("cannot read: {error}"))
            .with_help("check that the file or folder exists and that you may read it")
    }
}

/// Whether a file named `name` is an editor's or a system's leftover rather than a file of
/// the site: a backup (`x.md~`, `x.md.bak`, `x.orig`), an autosave or a lock (`#x.md#`,
/// `.#x.md`), a swap file (`.x.md.swp`), or a folder's metadata (`Thumbs.db`,
/// `desktop.ini`, `.DS_Store`). Such files are never published: the backup of a draft or of
/// an embargoed release holds its text.
///
/// ```
/// use dilmanc::site_files::is_leftover;
/// assert!(is_leftover("2030-01-01-gelecek.md~") && is_leftover("#x.md#") && is_leftover("x.md.BAK"));
/// assert!(!is_leftover("photo.jpg") && !is_leftover(".htaccess") && !is_leftover("c#"));
/// ```
pub fn is_leftover(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || [".bak", ".orig", ".rej", ".swp", ".swo", ".tmp"]
            .iter()
            .any(|extension| name.ends_with(extension))
        || ["thumbs.db", "desktop.ini", ".ds_store"].contains(&name.as_str())
}

/// Why `relative`, a path a user typed for a place inside the site, could leave it.
///
/// ```
/// use std::path::Path;
/// assert!(dilmanc::site_files::stays_inside(Path::new("press/2026")).is_ok());
/// assert!(dilmanc::site_files::stays_inside(Path::new("../other")).is_err());
/// assert!(dilmanc::site_files::stays_inside(Path::new("/etc")).is_err());
/// ```
pub fn stays_inside(relative: &Path) -> Result<(), &'static str> {
    use std::path::Component;
    if relative.as_os_str().is_empty() {
        return Err("is empty");
    }
    for component in relative.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Err("leaves its folder with `..`"),
            Component::RootDir | Component::Prefix(_) => return Err("is an absolute path"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_inside_are_followed_and_links_outside_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.key"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("static/real")).unwrap();
        std::fs::write(root.join("static/real/a.css"), "a").unwrap();
        std::os::unix::fs::symlink(root.join("static/real"), root.join("static/inside")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static/keys")).unwrap();
        let boundary = Boundary::new(root, &[]);
        let mut errors = Errors::new();
        let files: Vec<PathBuf> = boundary
            .walk(&root.join("static"), &mut errors, |_| true)
            .into_iter()
            .filter(|e| e.file_type().is_file())
            .map(|e| boundary.display(e.path()))
            .collect();
        assert_eq!(
            files,
            [
                PathBuf::from("static/inside/a.css"),
                PathBuf::from("static/real/a.css")
            ]
        );
        let text = errors.to_string();
        assert!(text.contains("static/keys"), "{text}");
        assert!(text.contains("outside the site"), "{text}");

        let allowed = Boundary::new(root, &[outside.path().canonicalize().unwrap()]);
        let mut errors = Errors::new();
        let count = allowed
            .walk(&root.join("static"), &mut errors, |_| true)
            .iter()
            .filter(|e| e.file_type().is_file())
            .count();
        assert!(errors.is_empty(), "{errors}");
        assert_eq!(count, 3);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_an_error_with_help() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::os::unix::fs::symlink(root.join("content"), root.join("content/a/up")).unwrap();
        let boundary = Boundary::new(root, &[]);
        let mut errors = Errors::new();
        boundary.walk(&root.join("content"), &mut errors, |_| true);
        let error = errors.iter().next().expect("the loop is reported");
        assert!(error.to_string().contains("loop"), "{error}");
        assert!(error.help().is_some());
    }
}
