//! The files of `content/`, classified, and how `serve` keeps them between builds.
//!
//! A clean build walks `content/` ([`walk::list`]) and classifies every file. The
//! incremental engine keeps that [`Listing`] and, given the paths the file watcher
//! reported, updates it instead of walking again: it looks at each changed path once
//! (present as a regular file, or gone) and classifies only the files that are new. What
//! it cannot follow precisely makes it walk again (see [`Listing::updated`]). A file that
//! has not changed keeps the memo key it was parsed under, so it is neither read nor
//! stated again.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::error::Errors;
use crate::fingerprint::Fingerprint;
use crate::site::Asset;

use super::walk::{self, Bundles, Class, ContentFile};

/// What changed in a site folder since the last build, as a file watcher reports it:
/// some paths, or possibly anything (the watcher lost events, or nobody watched).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    paths: BTreeSet<PathBuf>,
    unknown: bool,
}

impl Changes {
    /// Anything may have changed: the next build walks `content/` again.
    pub fn unknown() -> Changes {
        Changes {
            paths: BTreeSet::new(),
            unknown: true,
        }
    }

    /// The files or folders at `paths` changed (were created, written, removed or
    /// renamed, either name of a rename), as the watcher names them: under the site folder
    /// as the build is given it.
    pub fn paths(paths: impl IntoIterator<Item = PathBuf>) -> Changes {
        Changes {
            paths: paths.into_iter().collect(),
            unknown: false,
        }
    }

    /// Adds the changes `other`, which happened after these.
    pub fn add(&mut self, other: Changes) {
        self.unknown |= other.unknown;
        if self.unknown {
            self.paths.clear();
        } else {
            self.paths.extend(other.paths);
        }
    }

    /// Whether nothing is known to have changed.
    pub fn is_empty(&self) -> bool {
        !self.unknown && self.paths.is_empty()
    }
}

/// One file found under `content/`.
#[derive(Debug)]
pub(super) struct Listed {
    /// Its path relative to `content/`.
    relative: PathBuf,
    /// Its path as files are read (`content/` under the site folder as given).
    path: PathBuf,
    /// What it is, once classified.
    class: Option<Class>,
    /// The memo key it was last parsed under, while it has not changed since.
    key: Option<Fingerprint>,
}

impl Listed {
    fn new(path: PathBuf, relative: PathBuf) -> Listed {
        Listed {
            relative,
            path,
            class: None,
            key: None,
        }
    }
}

/// Every file under `content/`, in the order of a walk, classified.
#[derive(Debug)]
pub(crate) struct Listing {
    /// Sorted by `relative`: the order of [`Path`]'s comparison, component by component,
    /// is the walk's (each folder's entries by name, depth first).
    files: Vec<Listed>,
    /// The folders below `content/`, relative to it.
    folders: BTreeSet<PathBuf>,
    bundles: Bundles,
    /// Whether the watcher's events are enough to follow this listing's files (the walk
    /// met no symbolic link and no error).
    exact: bool,
}

/// What the files of `content/` publish, borrowed from a [`Listing`] for one build.
pub(super) struct Walked<'a> {
    /// Markdown files, by position in the listing.
    pub(super) files: Vec<(usize, &'a ContentFile, Option<Fingerprint>)>,
    /// The files of each page bundle, by bundle folder.
    pub(super) bundle_assets: HashMap<String, Vec<Asset>>,
    /// Other files, with the folder URL they are published in.
    pub(super) loose_assets: Vec<(String, Asset)>,
}

/// Why a changed path cannot be followed without walking `content/` again.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum WalkAgain {
    /// The watcher may have missed changes, or the listing cannot be trusted.
    Unknown,
    /// The path is outside the site folder as the build names it.
    Outside,
    /// The path is, or was, a folder, or the content folder itself or above it.
    Folder,
    /// The path is a symbolic link, or neither a file nor a folder, or cannot be stated.
    NotAFile,
    /// A new file whose folder the listing does not know.
    NewFolder,
}

/// What a changed path means for the listing.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// Nothing `content/`'s walk sees (outside `content/`, or hidden).
    Ignore,
    /// A regular file at this path relative to `content/`, new or changed.
    Present(PathBuf),
    /// No file at this path relative to `content/` any more.
    Absent(PathBuf),
}

impl Listing {
    /// Walks `content_dir` and classifies every file.
    pub(super) fn walk(config: &Config, content_dir: &Path, errors: &mut Errors) -> Listing {
        let found = walk::list(config, content_dir, errors);
        let mut listing = Listing {
            files: found
                .files
                .into_iter()
                .map(|(path, relative)| Listed::new(path, relative))
                .collect(),
            folders: found.folders.into_iter().collect(),
            bundles: Bundles::new(),
            exact: found.exact,
        };
        for file in &listing.files {
            if let Some(bundle) = walk::bundle_made_by(config, &file.relative) {
                *listing.bundles.entry(bundle).or_default() += 1;
            }
        }
        listing.classify(config);
        listing
    }

    /// This listing after the `changes` to the site at `root`, whose content folder is
    /// `content_dir`, or why `content/` must be walked again. `config` is the one this
    /// listing was classified with.
    pub(super) fn updated(
        mut self,
        changes: &Changes,
        config: &Config,
        root: &Path,
        content_dir: &Path,
    ) -> Result<Listing, WalkAgain> {
        if changes.unknown || !self.exact {
            return Err(WalkAgain::Unknown);
        }
        let mut steps = Vec::new();
        for path in &changes.paths {
            match step(path, root, content_dir, &self.folders)? {
                Step::Ignore => {}
                step => steps.push(step),
            }
        }
        let bundles_before: BTreeSet<String> = self.bundles.keys().cloned().collect();
        for step in steps {
            match step {
                Step::Present(relative) => match self.position(&relative) {
                    Ok(at) => self.files[at].key = None,
                    Err(at) => {
                        let folder = relative.parent().unwrap_or(Path::new(""));
                        if !folder.as_os_str().is_empty() && !self.folders.contains(folder) {
                            return Err(WalkAgain::NewFolder);
                        }
                        self.count_bundle(config, &relative, true);
                        let path = content_dir.join(&relative);
                        self.files.insert(at, Listed::new(path, relative));
                    }
                },
                Step::Absent(relative) => {
                    if let Ok(at) = self.position(&relative) {
                        self.count_bundle(config, &relative, false);
                        self.files.remove(at);
                    }
                }
                Step::Ignore => {}
            }
        }
        if !self.bundles.keys().eq(bundles_before.iter()) {
            // A bundle appeared or went: the files in its folder change class.
            for file in &mut self.files {
                file.class = None;
                file.key = None;
            }
        }
        self.classify(config);
        Ok(self)
    }

    /// Whether the watcher's events are enough to keep this listing up to date.
    pub(super) fn exact(&self) -> bool {
        self.exact
    }

    /// What the listed files publish, and the errors of the files that cannot be where
    /// they are, in walk order.
    pub(super) fn walked(&self, errors: &mut Errors) -> Walked<'_> {
        let mut walked = Walked {
            files: Vec::with_capacity(self.files.len()),
            bundle_assets: self
                .bundles
                .keys()
                .map(|bundle| (bundle.clone(), Vec::new()))
                .collect(),
            loose_assets: Vec::new(),
        };
        for (at, file) in self.files.iter().enumerate() {
            match &file.class {
                Some(Class::Content(content)) => walked.files.push((at, content, file.key)),
                Some(Class::BundleAsset { bundle, asset }) => walked
                    .bundle_assets
                    .entry(bundle.clone())
                    .or_default()
                    .push(asset.clone()),
                Some(Class::LooseAsset { folder_url, asset }) => walked
                    .loose_assets
                    .push((folder_url.clone(), asset.clone())),
                Some(Class::Refused(error)) => errors.push(error.clone()),
                None => {}
            }
        }
        walked
    }

    /// Notes the memo key each file (by position) was parsed under in this build, `None`
    /// when it was not kept.
    pub(super) fn remember(
        &mut self,
        keys: impl IntoIterator<Item = (usize, Option<Fingerprint>)>,
    ) {
        for (at, key) in keys {
            if let Some(file) = self.files.get_mut(at) {
                file.key = key;
            }
        }
    }

    /// Classifies the files not classified yet.
    fn classify(&mut self, config: &Config) {
        for file in self.files.iter_mut().filter(|f| f.class.is_none()) {
            file.class = Some(walk::classify(
                config,
                &file.path,
                &file.relative,
                &self.bundles,
            ));
        }
    }

    fn position(&self, relative: &Path) -> Result<usize, usize> {
        self.files
            .binary_search_by(|file| file.relative.as_path().cmp(relative))
    }

    /// Counts the bundle the file at `relative` makes, when it makes one, as `added` or
    /// removed.
    fn count_bundle(&mut self, config: &Config, relative: &Path, added: bool) {
        let Some(bundle) = walk::bundle_made_by(config, relative) else {
            return;
        };
        let count = self.bundles.entry(bundle.clone()).or_default();
        if added {
            *count += 1;
        } else {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.bundles.remove(&bundle);
            }
        }
    }
}

/// What the changed `path` means for a listing of `content_dir` with `folders`.
fn step(
    path: &Path,
    root: &Path,
    content_dir: &Path,
    folders: &BTreeSet<PathBuf>,
) -> Result<Step, WalkAgain> {
    if !path.starts_with(root) {
        return Err(WalkAgain::Outside);
    }
    let Ok(relative) = path.strip_prefix(content_dir) else {
        return if content_dir.starts_with(path) {
            Err(WalkAgain::Folder)
        } else {
            Ok(Step::Ignore)
        };
    };
    if relative.as_os_str().is_empty() {
        return Err(WalkAgain::Folder);
    }
    // The walk skips hidden files and folders, leftovers, and everything in them.
    let mut hidden = false;
    for component in relative.components() {
        match component {
            Component::Normal(name) => hidden |= super::walk::skipped(name),
            _ => return Err(WalkAgain::Outside),
        }
    }
    if hidden {
        return Ok(Step::Ignore);
    }
    if folders.contains(relative) {
        return Err(WalkAgain::Folder);
    }
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() => Ok(Step::Present(relative.to_path_buf())),
        Ok(metadata) if metadata.is_dir() => Err(WalkAgain::Folder),
        Ok(_) => Err(WalkAgain::NotAFile),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(Step::Absent(relative.to_path_buf()))
        }
        Err(_) => Err(WalkAgain::NotAFile),
    }
}

#[cfg(test)]
mod tests;
