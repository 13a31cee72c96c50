//! Whose the files of a folder are: the manifest every build leaves in its output folder,
//! and the one check that tells a folder dilmanc may delete from one it may not.
//!
//! A folder is dilmanc's only when it is a real folder (a symbolic link is never followed
//! to delete what it points to) whose manifest lists every file in it. A folder without a
//! manifest is never taken for dilmanc's, however much it looks like a build: a copy of a
//! build (`cp -r public/* /var/www/html/`) has dilmanc's files but not the manifest, and
//! nothing then tells them from the files that were there before.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The file in every output folder that lists what the build wrote, one path per line.
pub const MANIFEST: &str = ".dilmanc-manifest";
/// The first line of a complete manifest.
pub(crate) const MANIFEST_HEADER: &str =
    "# dilmanc: the files of this folder written by its last build. Do not edit.";
/// The first line of the manifest of a folder still being written, or being removed.
pub(crate) const INCOMPLETE_HEADER: &str = "# dilmanc: a build is being written into this folder.";
/// How many files a message lists before it says "and N more".
const LISTED: usize = 5;

/// What a path holds, as far as dilmanc can tell whose its files are ([`ownership`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ownership {
    /// Nothing is there.
    Missing,
    /// A file, or a symbolic link (to a folder or not): never dilmanc's folder.
    NotAFolder,
    /// An empty folder.
    Empty,
    /// A folder with no manifest of dilmanc's. `looks_built` when it has the files every
    /// build writes, as a copy of a build without its manifest does: only the message
    /// says so, the folder is no more dilmanc's for it.
    Unknown {
        /// Whether it has dilmanc's `robots.txt`, `sitemap.xml` and `404.html`.
        looks_built: bool,
    },
    /// A folder with a manifest of dilmanc's.
    Listed {
        /// The manifest is a build's that stopped while it was being written, or a folder
        /// that stopped while it was being removed: it lists nothing.
        unfinished: bool,
        /// The files (and links) in the folder that the manifest does not list, relative to
        /// it; empty when the folder is wholly dilmanc's.
        unlisted: Vec<PathBuf>,
    },
}

/// Whose the files at `path` are. An entry that cannot be read counts as not listed, so that
/// what cannot be checked is never taken for dilmanc's.
pub fn ownership(path: &Path) -> Ownership {
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return Ownership::Missing;
    };
    if !metadata.is_dir() {
        return Ownership::NotAFolder;
    }
    if is_empty(path) {
        return Ownership::Empty;
    }
    match read_manifest(path) {
        Some(Manifest::Complete(listed)) => Ownership::Listed {
            unfinished: false,
            unlisted: unlisted_files(path, &listed),
        },
        Some(Manifest::Unfinished) => Ownership::Listed {
            unfinished: true,
            unlisted: unlisted_files(path, &HashSet::new()),
        },
        None => Ownership::Unknown {
            looks_built: looks_built(path),
        },
    }
}

/// `paths` for a message: the first few, then how many more.
pub fn list_some(paths: &[PathBuf]) -> String {
    let mut names: Vec<String> = paths
        .iter()
        .take(LISTED)
        .map(|p| p.display().to_string())
        .collect();
    if paths.len() > LISTED {
        names.push(format!("and {} more", paths.len() - LISTED));
    }
    names.join(", ")
}

/// What a manifest says.
enum Manifest {
    /// The paths a complete manifest lists.
    Complete(HashSet<PathBuf>),
    /// The header of a folder being written or removed, and nothing else.
    Unfinished,
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// The manifest of `dir`; `None` when it has none, or only a file or link of that name that
/// dilmanc did not write.
fn read_manifest(dir: &Path) -> Option<Manifest> {
    let path = dir.join(MANIFEST);
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    match lines.next() {
        Some(MANIFEST_HEADER) => Some(Manifest::Complete(lines.map(PathBuf::from).collect())),
        Some(INCOMPLETE_HEADER) => Some(Manifest::Unfinished),
        // Killed between creating the file and writing its header (one write).
        _ if format!("{INCOMPLETE_HEADER}\n").starts_with(&text) => Some(Manifest::Unfinished),
        _ => None,
    }
}

/// Whether `dir` has the files every build writes, with robots.txt in dilmanc's own words.
fn looks_built(dir: &Path) -> bool {
    let robots = std::fs::read_to_string(dir.join("robots.txt")).unwrap_or_default();
    robots.starts_with("User-agent: *\nAllow: /\n\nSitemap: ")
        && robots.trim_end().ends_with("/sitemap.xml")
        && dir.join("sitemap.xml").is_file()
        && dir.join("404.html").is_file()
}

/// Files (and links) under `dir` that `listed` does not name, relative to `dir`, with any
/// entry that cannot be read. Links are not followed.
fn unlisted_files(dir: &Path, listed: &HashSet<PathBuf>) -> Vec<PathBuf> {
    let mut unlisted = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let path = match entry {
            Ok(entry) if entry.file_type().is_dir() => continue,
            Ok(entry) => entry.into_path(),
            // Unreadable: what it holds cannot be checked, so it is not ours.
            Err(error) => match error.path() {
                Some(path) => path.to_path_buf(),
                None => dir.to_path_buf(),
            },
        };
        let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
        if relative != Path::new(MANIFEST) && !listed.contains(&relative) {
            unlisted.push(relative);
        }
    }
    unlisted.sort();
    unlisted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_names_the_files_that_are_ours() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("en")).unwrap();
        std::fs::write(dir.path().join("en/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("thesis.txt"), "mine").unwrap();
        std::fs::write(
            dir.path().join(MANIFEST),
            format!("{MANIFEST_HEADER}\nen/index.html\n"),
        )
        .unwrap();
        assert_eq!(
            ownership(dir.path()),
            Ownership::Listed {
                unfinished: false,
                unlisted: vec![PathBuf::from("thesis.txt")]
            }
        );
    }

    #[test]
    fn a_folder_without_a_manifest_is_not_ours_even_when_it_looks_built() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("robots.txt"),
            "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("sitemap.xml"), "<urlset/>").unwrap();
        std::fs::write(dir.path().join("404.html"), "404").unwrap();
        assert_eq!(
            ownership(dir.path()),
            Ownership::Unknown { looks_built: true }
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_not_a_folder_and_a_linked_manifest_is_no_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("ours");
        std::fs::create_dir(&ours).unwrap();
        std::fs::write(ours.join(MANIFEST), format!("{MANIFEST_HEADER}\n")).unwrap();
        assert_eq!(
            ownership(&ours),
            Ownership::Listed {
                unfinished: false,
                unlisted: Vec::new()
            }
        );
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&ours, &link).unwrap();
        assert_eq!(ownership(&link), Ownership::NotAFolder);

        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::os::unix::fs::symlink(ours.join(MANIFEST), other.join(MANIFEST)).unwrap();
        assert_eq!(ownership(&other), Ownership::Unknown { looks_built: false });
        assert_eq!(ownership(&dir.path().join("none")), Ownership::Missing);
    }

    #[test]
    fn an_empty_manifest_is_a_build_killed_before_it_wrote_the_header() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST), "").unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        assert_eq!(
            ownership(dir.path()),
            Ownership::Listed {
                unfinished: true,
                unlisted: vec![PathBuf::from("index.html")]
            }
        );
        std::fs::write(dir.path().join(MANIFEST), "index.html\n").unwrap();
        assert_eq!(
            ownership(dir.path()),
            Ownership::Unknown { looks_built: false }
        );
    }

    #[test]
    fn list_some_says_how_many_more() {
        let paths: Vec<PathBuf> = (0..7).map(|i| PathBuf::from(format!("f{i}"))).collect();
        assert_eq!(list_some(&paths), "f0, f1, f2, f3, f4, and 2 more");
    }
}
