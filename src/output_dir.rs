//! The output folder: whether dilmanc may write there, and putting a new build in place of
//! the old one so that a crash at any moment leaves one complete site at the output path.
//!
//! dilmanc never deletes or overwrites a file it did not write. A folder is dilmanc's when
//! it holds a [`MANIFEST`] listing every file the build wrote (or, for folders written
//! before manifests existed, when it carries the files every build writes). Anything else
//! that is not empty is refused, and so are the site folder, a folder holding it, and the
//! site's own source folders.
//!
//! A build is written into `.<name>.dilmanc-new` beside the output and swapped in with
//! one atomic `renameat2(RENAME_EXCHANGE)` on Linux. Where the file system cannot exchange
//! (or on other systems), the old output is renamed to `.<name>.dilmanc-old` and the new
//! one renamed into place: a crash between those two renames leaves no folder at the
//! output path, and the next run of dilmanc puts the old one back before doing anything.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Errors, Result, io_error};
use crate::output::{MadeFolders, OutputFile, Sink, Written};

/// The file in every output folder that lists what the build wrote, one path per line.
pub const MANIFEST: &str = ".dilmanc-manifest";
/// The first line of a complete manifest.
const MANIFEST_HEADER: &str =
    "# dilmanc: the files of this folder written by its last build. Do not edit.";
/// The first line of the manifest of a folder still being written.
const INCOMPLETE_HEADER: &str = "# dilmanc: a build is being written into this folder.";
/// Site folders that an output folder may never be, nor lie in.
pub(crate) const SOURCE_FOLDERS: [&str; 5] =
    ["content", "locales", "themes", "templates", "static"];
/// How many foreign files an error lists before it says "and N more".
const LISTED: usize = 5;

/// An output folder that dilmanc may write, with the names of its staging folders.
#[derive(Debug, Clone)]
pub struct OutputDir {
    /// The output folder as the user named it (for messages).
    shown: PathBuf,
    /// The output folder, absolute, symbolic links resolved.
    target: PathBuf,
    /// Where a new build is written before it is swapped in.
    staging: PathBuf,
    /// Where the old build waits when the two folders cannot be exchanged atomically.
    retired: PathBuf,
}

impl OutputDir {
    /// Checks that the build of the site at `site_root` may be written to `target`, and
    /// first repairs what an interrupted earlier build left behind. `force` allows
    /// replacing a folder that holds files dilmanc did not write (never the site itself).
    pub fn claim(target: &Path, site_root: &Path, force: bool) -> Result<OutputDir> {
        let absolute = resolve(target)?;
        let root = site_root
            .canonicalize()
            .map_err(|e| io_error(site_root, "find the site folder", &e))?;
        let refuse = |why: String, help: &str| -> Errors {
            Error::in_file(target, why)
                .with_help(help.to_owned())
                .into()
        };
        if root.starts_with(&absolute) {
            let what = if root == absolute {
                "is the site folder itself"
            } else {
                "holds the site folder"
            };
            return Err(refuse(
                format!("--output {what}: building there would delete the site"),
                "write the site to a folder of its own, e.g. --output public",
            ));
        }
        for source in SOURCE_FOLDERS {
            if absolute.starts_with(root.join(source)) {
                return Err(refuse(
                    format!("--output is inside the site's {source}/ folder"),
                    "write the site to a folder of its own, e.g. --output public",
                ));
            }
        }
        let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
            return Err(refuse(
                "--output is the root of the file system".to_owned(),
                "name a folder of its own, e.g. --output public",
            ));
        };
        let name = name.to_string_lossy();
        let dir = OutputDir {
            shown: target.to_path_buf(),
            staging: parent.join(format!(".{name}.dilmanc-new")),
            retired: parent.join(format!(".{name}.dilmanc-old")),
            target: absolute.clone(),
        };
        dir.recover()?;
        dir.check_owned(force)?;
        Ok(dir)
    }

    /// The output folder, absolute.
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Repairs what a build interrupted at any moment left behind: an old output waiting
    /// beside a missing output goes back in place; a half-written or old copy is removed.
    fn recover(&self) -> Result<()> {
        if self.retired.exists() && !self.target.exists() && is_dilmanc_output(&self.retired) {
            std::fs::rename(&self.retired, &self.target)
                .map_err(|e| io_error(&self.target, "restore the previous output", &e))?;
        }
        for leftover in [&self.staging, &self.retired] {
            if !leftover.exists() {
                continue;
            }
            // An empty one is a build killed before it wrote its manifest.
            if !is_dilmanc_output(leftover) && !is_empty(leftover) {
                return Err(Error::in_file(
                    leftover,
                    "a folder with the name dilmanc uses for its unfinished builds exists, but dilmanc did not write it",
                )
                .with_help("move or rename that folder, then build again")
                .into());
            }
            remove_output(leftover)
                .map_err(|e| io_error(leftover, "remove what an interrupted build left", &e))?;
        }
        Ok(())
    }

    /// Refuses a target that exists and is not an empty folder or one dilmanc wrote.
    fn check_owned(&self, force: bool) -> Result<()> {
        let target = &self.target;
        let Ok(metadata) = std::fs::symlink_metadata(target) else {
            return Ok(());
        };
        if !metadata.is_dir() {
            return Err(
                Error::in_file(&self.shown, "the output path exists and is not a folder")
                    .with_help("choose another --output, or move the file away")
                    .into(),
            );
        }
        if force || is_empty(target) {
            return Ok(());
        }
        let foreign = match read_manifest(target) {
            Some(listed) => foreign_files(target, &listed),
            None if is_legacy_output(target) => Vec::new(),
            None => {
                return Err(Error::in_file(
                    &self.shown,
                    "the output folder is not empty and was not written by dilmanc: building would delete its files",
                )
                .with_help("choose a new or empty folder for --output, or pass --force to replace this folder and everything in it")
                .into());
            }
        };
        if foreign.is_empty() {
            return Ok(());
        }
        let mut names: Vec<String> = foreign
            .iter()
            .take(LISTED)
            .map(|p| p.display().to_string())
            .collect();
        if foreign.len() > LISTED {
            names.push(format!("and {} more", foreign.len() - LISTED));
        }
        Err(Error::in_file(
            &self.shown,
            format!(
                "the output folder holds files the last build did not write: {}",
                names.join(", ")
            ),
        )
        .with_help("move those files out of the output folder (each build replaces it whole), or pass --force to delete them")
        .into())
    }

    /// Creates the folder the new build is written into, beside the target. Files go in
    /// as they are rendered ([`Staging`] is a [`Sink`]); [`Staging::publish`] puts the
    /// folder in place, and dropping it unpublished removes it, leaving the target as it
    /// was.
    pub fn stage(&self) -> Result<Staging<'_>> {
        let parent = self.staging.parent().expect("claim checked the parent");
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error(parent, "create the output's parent folder", &e))?;
        std::fs::create_dir(&self.staging)
            .map_err(|e| io_error(&self.staging, "create the folder for the new build", &e))?;
        let staging = Staging {
            dir: self,
            published: false,
            made: MadeFolders::default(),
        };
        let manifest = self.staging.join(MANIFEST);
        std::fs::write(&manifest, format!("{INCOMPLETE_HEADER}\n"))
            .map_err(|e| io_error(&manifest, "write", &e))?;
        Ok(staging)
    }

    /// Puts the staging folder at the target; afterwards the old output is gone.
    fn swap(&self) -> std::result::Result<(), Error> {
        if !self.target.exists() {
            return std::fs::rename(&self.staging, &self.target)
                .map_err(|e| io_error(&self.target, "put the new output in place", &e));
        }
        if exchange(&self.staging, &self.target).is_ok() {
            // The old output now sits at the staging path.
            return remove_output(&self.staging)
                .map_err(|e| io_error(&self.staging, "remove the previous output", &e));
        }
        std::fs::rename(&self.target, &self.retired)
            .map_err(|e| io_error(&self.target, "move the previous output aside", &e))?;
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            let _ = std::fs::rename(&self.retired, &self.target);
            return Err(io_error(&self.target, "put the new output in place", &e));
        }
        remove_output(&self.retired)
            .map_err(|e| io_error(&self.retired, "remove the previous output", &e))
    }
}

/// A new build being written beside the output folder (see [`OutputDir::stage`]).
#[derive(Debug)]
pub struct Staging<'a> {
    dir: &'a OutputDir,
    published: bool,
    /// The folders made in it so far.
    made: MadeFolders,
}

impl Staging<'_> {
    /// Lists `files` in the manifest and puts the folder in place of the output; the old
    /// output is then removed. On failure the target is left as it was.
    pub fn publish(mut self, files: &[Written]) -> Result<()> {
        let manifest = self.dir.staging.join(MANIFEST);
        let mut listing = String::with_capacity(files.len() * 32);
        listing.push_str(MANIFEST_HEADER);
        listing.push('\n');
        for file in files {
            listing.push_str(&file.path);
            listing.push('\n');
        }
        std::fs::write(&manifest, listing).map_err(|e| io_error(&manifest, "write", &e))?;
        self.dir.swap()?;
        self.published = true;
        Ok(())
    }
}

impl Sink for Staging<'_> {
    fn put(&self, file: OutputFile) -> std::result::Result<(), Error> {
        crate::output::write_into(&self.dir.staging, &file, &self.made)
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.published {
            let _ = remove_output(&self.dir.staging);
        }
    }
}

/// Deletes an output folder of dilmanc's so that, interrupted at any moment, what is left
/// is still recognisably dilmanc's: the manifest goes last.
fn remove_output(dir: &Path) -> std::io::Result<()> {
    let manifest = dir.join(MANIFEST);
    if !manifest.is_file() {
        std::fs::write(&manifest, format!("{INCOMPLETE_HEADER}\n"))?;
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MANIFEST {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    std::fs::remove_file(&manifest)?;
    std::fs::remove_dir(dir)
}

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Swaps two folders in one step: not available here, so the caller renames twice.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// `path` made absolute, `.` and `..` applied, and symbolic links resolved as far as the
/// path exists.
pub(crate) fn resolve(path: &Path) -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(|e| io_error(path, "find the current folder", &e))?;
    let mut absolute = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::ParentDir => {
                absolute.pop();
            }
            Component::CurDir => {}
            other => absolute.push(other),
        }
    }
    // Resolve links in the part that exists; the rest is created by the build.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .map_err(|e| io_error(path, "find the output folder", &e))?;
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Whether `dir` is a build of dilmanc: it has a manifest, or it is an older build.
fn is_dilmanc_output(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file() || is_legacy_output(dir)
}

/// The paths a complete manifest lists; `None` when there is no manifest.
fn read_manifest(dir: &Path) -> Option<HashSet<PathBuf>> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    match lines.next() {
        Some(MANIFEST_HEADER) => Some(lines.map(PathBuf::from).collect()),
        // An interrupted build's manifest lists nothing yet: only its header is ours.
        Some(INCOMPLETE_HEADER) => Some(HashSet::new()),
        _ => None,
    }
}

/// A build written before manifests existed: it carries the files every dilmanc build
/// writes, with robots.txt in dilmanc's own words.
fn is_legacy_output(dir: &Path) -> bool {
    let robots = std::fs::read_to_string(dir.join("robots.txt")).unwrap_or_default();
    robots.starts_with("User-agent: *\nAllow: /\n\nSitemap: ")
        && robots.trim_end().ends_with("/sitemap.xml")
        && dir.join("sitemap.xml").is_file()
        && dir.join("404.html").is_file()
}

/// Files (and links) under `dir` that `listed` does not name, relative to `dir`.
fn foreign_files(dir: &Path, listed: &HashSet<PathBuf>) -> Vec<PathBuf> {
    let mut foreign: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(Path::to_path_buf))
        .filter(|relative| relative != Path::new(MANIFEST) && !listed.contains(relative))
        .collect();
    foreign.sort();
    foreign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_applies_dots_and_keeps_the_missing_rest() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let path = base.join("a/../b/./c");
        assert_eq!(resolve(&path).unwrap(), base.join("b/c"));
    }

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
        let listed = read_manifest(dir.path()).unwrap();
        assert_eq!(
            foreign_files(dir.path(), &listed),
            [PathBuf::from("thesis.txt")]
        );
    }
}
