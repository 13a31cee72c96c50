//! The output folder: whether dilmanc may write there, and putting a new build in place of
//! the old one so that a crash at any moment leaves one complete site at the output path.
//!
//! dilmanc never deletes or overwrites a file it did not write. A folder is dilmanc's when
//! it is a real folder (not a symbolic link) holding a [`MANIFEST`] that lists every file
//! in it. Anything else that is not empty is refused, and so are the site folder, a folder
//! holding it, and the site's own source folders, wherever their symbolic links lead.
//!
//! A build is written into `.<name>.dilmanc-new` beside the output and swapped in with
//! one atomic `renameat2(RENAME_EXCHANGE)` on Linux. Where the file system cannot exchange
//! (or on other systems), the old output is renamed to `.<name>.dilmanc-old` and the new
//! one renamed into place: a crash between those two renames leaves no folder at the
//! output path, and the next run of dilmanc puts the old one back before doing anything.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Errors, Result, io_error};
use crate::output::{MadeFolders, OutputFile, Sink, Written};
use crate::output_owner::{INCOMPLETE_HEADER, MANIFEST_HEADER, Ownership, list_some, ownership};

pub use crate::output_owner::MANIFEST;

/// The manifest of a staging folder while its list is written.
const PARTIAL_MANIFEST: &str = ".dilmanc-manifest.partial";
/// Site folders that an output folder may never be, nor lie in, nor hold (when a symbolic
/// link puts one outside the site).
pub(crate) const SOURCE_FOLDERS: [&str; 5] =
    ["content", "locales", "themes", "templates", "static"];

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
        // The output the command names (or the default one) cannot be used: status 2, as
        // for any other argument that cannot be carried out.
        let refuse = |why: String, help: &str| -> Errors {
            Error::in_file(target, why)
                .with_help(help.to_owned())
                .on_command_line()
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
            let folder = root.join(source);
            if absolute.starts_with(&folder) {
                return Err(refuse(
                    format!("--output is inside the site's {source}/ folder"),
                    "write the site to a folder of its own, e.g. --output public",
                ));
            }
            // A source folder that is a symbolic link is where the link leads: the output
            // may be neither that folder, nor in it, nor a folder holding it.
            let Some(linked) = link_destination(&folder) else {
                continue;
            };
            let Some(what) = overlap(&absolute, &linked) else {
                continue;
            };
            return Err(refuse(
                format!(
                    "--output {what} the site's {source}/ folder, a symbolic link to {}: building there would delete the site's sources",
                    linked.display()
                ),
                "write the site to a folder of its own, e.g. --output public",
            ));
        }
        // With --force nothing else stops a folder the site reads through a link deeper in
        // its sources (content/press/img -> ../../media) from being replaced.
        if force && let Some((link, linked, what)) = linked_inside(&root, &absolute) {
            return Err(refuse(
                format!(
                    "--output {what} {}, where the site's {} leads: building there would delete what the site reads",
                    linked.display(),
                    link.strip_prefix(&root).unwrap_or(&link).display()
                ),
                "write the site to a folder of its own, e.g. --output public",
            ));
        }
        // The folders site.toml lets the site read are sources too, whether or not a link
        // reaches them yet. (A site.toml that does not load is the build's to report; the
        // build then writes nothing.)
        let allowed = crate::config::Config::load(site_root)
            .map(|config| config.boundary.allowed_outside().to_vec())
            .unwrap_or_default();
        for folder in allowed {
            if let Some(what) = overlap(&absolute, &folder) {
                return Err(refuse(
                    format!(
                        "--output {what} {}, which site.toml's allow_outside lets the site read: building there would delete what the site reads",
                        folder.display()
                    ),
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
    /// Only a real folder that is dilmanc's by [`ownership`] is moved or removed: anything
    /// else under those names (a symbolic link above all, and what it points to) is left
    /// as it is and refused.
    fn recover(&self) -> Result<()> {
        let target_missing = std::fs::symlink_metadata(&self.target).is_err();
        if target_missing
            && matches!(
                ownership(&self.retired),
                Ownership::Listed {
                    unfinished: false,
                    ..
                }
            )
        {
            std::fs::rename(&self.retired, &self.target)
                .map_err(|e| io_error(&self.target, "restore the previous output", &e))?;
        }
        for leftover in [&self.staging, &self.retired] {
            let refuse = |why: String, help: &str| -> Errors {
                Error::in_file(leftover, why)
                    .with_help(help.to_owned())
                    .into()
            };
            match ownership(leftover) {
                Ownership::Missing => continue,
                // A build killed before it wrote its manifest, one killed while it was
                // being written or removed (only dilmanc writes that header, and only into
                // a folder it made or was removing), or a whole build of dilmanc's.
                Ownership::Empty
                | Ownership::Listed {
                    unfinished: true, ..
                } => {}
                Ownership::Listed { unlisted, .. } if unlisted.is_empty() => {}
                Ownership::NotAFolder => {
                    return Err(refuse(
                        "this is a symbolic link or a file with the name dilmanc gives its unfinished builds, not a folder a build left: dilmanc leaves it, and what it points to, alone".to_owned(),
                        "remove or rename it, then build again",
                    ));
                }
                Ownership::Unknown { .. } => {
                    return Err(refuse(
                        "a folder with the name dilmanc uses for its unfinished builds exists, but dilmanc did not write it".to_owned(),
                        "move or rename that folder, then build again",
                    ));
                }
                Ownership::Listed { unlisted, .. } => {
                    return Err(refuse(
                        format!(
                            "a folder with the name dilmanc uses for its unfinished builds holds files dilmanc did not write: {}",
                            list_some(&unlisted)
                        ),
                        "move or rename that folder, then build again",
                    ));
                }
            }
            remove_output(leftover)
                .map_err(|e| io_error(leftover, "remove what an interrupted build left", &e))?;
        }
        Ok(())
    }

    /// Refuses a target that exists and is not an empty folder or one dilmanc wrote, unless
    /// `force` (which still refuses a target that is not a folder).
    fn check_owned(&self, force: bool) -> Result<()> {
        let refuse = |why: String, help: &str| -> Errors {
            Error::in_file(&self.shown, why)
                .with_help(help.to_owned())
                .on_command_line()
                .into()
        };
        match ownership(&self.target) {
            Ownership::Missing | Ownership::Empty => Ok(()),
            Ownership::NotAFolder => Err(refuse(
                "the output path exists and is not a folder".to_owned(),
                "choose another --output, or move the file away",
            )),
            _ if force => Ok(()),
            Ownership::Listed { unlisted, .. } if unlisted.is_empty() => Ok(()),
            Ownership::Listed { unlisted, .. } => Err(refuse(
                format!(
                    "the output folder holds files the last build did not write: {}",
                    list_some(&unlisted)
                ),
                "move those files out of the output folder (each build replaces it whole), or pass --force to delete them",
            )),
            Ownership::Unknown { looks_built: true } => Err(refuse(
                format!(
                    "the output folder looks like a copy of a dilmanc build but has no {MANIFEST}, so dilmanc cannot tell its files from yours: building would delete them all"
                ),
                "build into a new folder and copy it here, or pass --force to replace this folder and everything in it",
            )),
            Ownership::Unknown { looks_built: false } => Err(refuse(
                "the output folder is not empty and was not written by dilmanc: building would delete its files".to_owned(),
                "choose a new or empty folder for --output, or pass --force to replace this folder and everything in it",
            )),
        }
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
        if std::fs::symlink_metadata(&self.target).is_err() {
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
        // Written beside and renamed over the unfinished manifest: a build killed while it
        // writes the list leaves a folder still marked unfinished, never a partial list
        // that would make its own files look like someone else's.
        let partial = self.dir.staging.join(PARTIAL_MANIFEST);
        std::fs::write(&partial, listing).map_err(|e| io_error(&partial, "write", &e))?;
        std::fs::rename(&partial, &manifest).map_err(|e| io_error(&manifest, "write", &e))?;
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
/// is still recognisably dilmanc's: the manifest goes last. A symbolic link is refused, never followed: what it points to is not dilmanc's to delete.
fn remove_output(dir: &Path) -> std::io::Result<()> {
    if !std::fs::symlink_metadata(dir)?.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            "a symbolic link or a file, not a folder of dilmanc's",
        ));
    }
    let manifest = dir.join(MANIFEST);
    match std::fs::symlink_metadata(&manifest) {
        Ok(metadata) if metadata.is_file() => {}
        found => {
            // Anything else of that name goes first, a link above all: writing through it
            // would overwrite what it points to.
            match found {
                Ok(metadata) if metadata.is_dir() => std::fs::remove_dir_all(&manifest)?,
                Ok(_) => std::fs::remove_file(&manifest)?,
                Err(_) => {}
            }
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&manifest)?
                .write_all(format!("{INCOMPLETE_HEADER}\n").as_bytes())?;
        }
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

/// How the output folder `output` lies to `linked`, a folder the site reads: `is`,
/// `is inside` or `holds`; `None` when they are apart.
fn overlap(output: &Path, linked: &Path) -> Option<&'static str> {
    if output == linked {
        Some("is")
    } else if output.starts_with(linked) {
        Some("is inside")
    } else if linked.starts_with(output) {
        Some("holds")
    } else {
        None
    }
}

/// The first symbolic link inside the source folders of the site at `root` (not followed)
/// whose destination overlaps the output folder `output`: the link, where it leads, and how.
fn linked_inside(root: &Path, output: &Path) -> Option<(PathBuf, PathBuf, &'static str)> {
    SOURCE_FOLDERS.iter().find_map(|source| {
        walkdir::WalkDir::new(root.join(source))
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|entry| entry.path_is_symlink())
            .find_map(|entry| {
                let linked = link_destination(entry.path())?;
                let what = overlap(output, &linked)?;
                Some((entry.into_path(), linked, what))
            })
    })
}

/// Where the symbolic link at `path` leads, absolute and resolved, even when nothing is
/// there yet; `None` when `path` is not a symbolic link.
fn link_destination(path: &Path) -> Option<PathBuf> {
    if !std::fs::symlink_metadata(path).ok()?.is_symlink() {
        return None;
    }
    if let Ok(resolved) = path.canonicalize() {
        return Some(resolved);
    }
    // A link to nothing: where it would lead once the build made that folder.
    let link = std::fs::read_link(path).ok()?;
    resolve(&path.parent()?.join(link)).ok()
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
}
