//! The rendered site as a list of files, and writing it to disk atomically: everything is
//! written into a new folder beside the output, which replaces the output only when complete.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Errors, Result, io_error};

/// What a file holds.
#[derive(Debug, Clone)]
pub enum FileContent {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// A file copied as it is.
    Copy(PathBuf),
    /// A file compiled into the binary (the built-in theme's static files), written as it is.
    Embedded(&'static [u8]),
}

impl FileContent {
    /// The file's bytes: borrowed when rendered or embedded, read from disk when copied.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            FileContent::Bytes(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            FileContent::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            FileContent::Copy(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
        }
    }
}

/// One file of the output.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, `/`-separated, no leading slash (`en/press/a/index.html`).
    pub path: String,
    /// Its content.
    pub content: FileContent,
    /// The source file responsible for it, for error messages.
    pub origin: PathBuf,
}

impl OutputFile {
    /// A rendered file at root-relative `url`: a URL ending in `/` gets `index.html`.
    pub fn at_url(url: &str, bytes: Vec<u8>, origin: &Path) -> OutputFile {
        let mut path = url.trim_start_matches('/').to_owned();
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        OutputFile {
            path,
            content: FileContent::Bytes(bytes),
            origin: origin.to_path_buf(),
        }
    }

    /// The rendered text, when the file is rendered text.
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            FileContent::Bytes(bytes) => std::str::from_utf8(bytes).ok(),
            FileContent::Copy(_) | FileContent::Embedded(_) => None,
        }
    }
}

/// The whole rendered site.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Every file, in a stable order.
    pub files: Vec<OutputFile>,
}

impl Output {
    /// Errors for any two files with the same path, naming both sources.
    pub fn check_unique_paths(&self) -> Errors {
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        let mut errors = Errors::new();
        for file in &self.files {
            if let Some(first) = seen.insert(&file.path, &file.origin) {
                errors.push(
                    Error::in_file(
                        &file.origin,
                        format!(
                            "{} and {} both write /{}",
                            first.display(),
                            file.origin.display(),
                            file.path
                        ),
                    )
                    .with_help("change a slug or an alias so that each URL is written once"),
                );
            }
        }
        errors
    }

    /// Writes every file into a new folder beside `target`, then puts it in place of
    /// `target`. On any failure the new folder is removed and `target` is left as it was.
    pub fn write(&self, target: &Path) -> Result<()> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_owned());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error(parent, "create the output's parent folder", &e))?;
        let staging = parent.join(format!(".{name}.dilmanc-new"));
        let retired = parent.join(format!(".{name}.dilmanc-old"));
        for leftover in [&staging, &retired] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover)
                    .map_err(|e| io_error(leftover, "remove a leftover folder", &e))?;
            }
        }
        if let Err(errors) = self.write_into(&staging) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(errors);
        }
        if target.exists() {
            if !target.is_dir() {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(
                    Error::in_file(target, "the output path exists and is not a folder")
                        .with_help("choose another --output")
                        .into(),
                );
            }
            std::fs::rename(target, &retired)
                .map_err(|e| io_error(target, "move the previous output aside", &e))?;
        }
        if let Err(e) = std::fs::rename(&staging, target) {
            let _ = std::fs::rename(&retired, target);
            return Err(io_error(target, "put the new output in place", &e).into());
        }
        if retired.exists() {
            std::fs::remove_dir_all(&retired)
                .map_err(|e| io_error(&retired, "remove the previous output", &e))?;
        }
        Ok(())
    }

    fn write_into(&self, dir: &Path) -> Result<()> {
        let mut folders: Vec<PathBuf> = self
            .files
            .iter()
            .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
            .collect();
        folders.sort();
        folders.dedup();
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create the output folder", &e))?;
        for folder in &folders {
            std::fs::create_dir_all(folder).map_err(|e| io_error(folder, "create a folder", &e))?;
        }
        let errors: Vec<Error> = self
            .files
            .par_iter()
            .filter_map(|file| {
                let path = dir.join(&file.path);
                let result = match &file.content {
                    FileContent::Bytes(bytes) => std::fs::write(&path, bytes),
                    FileContent::Embedded(bytes) => std::fs::write(&path, bytes),
                    FileContent::Copy(from) => std::fs::copy(from, &path).map(|_| ()),
                };
                result.err().map(|e| io_error(&path, "write", &e))
            })
            .collect();
        errors.into_iter().collect::<Errors>().into_result(())
    }
}
