//! Helpers shared by the fuzz targets: temporary sites on `/dev/shm`, the default theme,
//! and rendering errors the way the `dilmanc` binary prints them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dilmanc::error::Errors;

/// The dilmanc repository (the parent of `fuzz/`).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ has a parent")
        .to_path_buf()
}

/// Folders to remove when the fuzzing process exits normally.
static CLEANUP: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

unsafe extern "C" {
    fn atexit(callback: extern "C" fn()) -> i32;
}

extern "C" fn remove_temporary_sites() {
    let folders = std::mem::take(&mut *CLEANUP.lock().unwrap_or_else(|p| p.into_inner()));
    for folder in folders {
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// A site folder on `/dev/shm` (memory-backed) owned by this process.
#[derive(Debug)]
pub struct TempSite {
    root: PathBuf,
}

impl TempSite {
    /// A fresh, empty folder `/dev/shm/dilmanc-fuzz-<name>-<pid>`, removed when the process
    /// exits normally. Folders left by crashed runs of the same target are swept first.
    pub fn new(name: &str) -> TempSite {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let prefix = format!("dilmanc-fuzz-{name}-");
        if let Ok(entries) = std::fs::read_dir(&base) {
            for entry in entries.flatten() {
                let file_name = entry.file_name();
                let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
                    continue;
                };
                if !Path::new("/proc").join(pid).exists() {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let root = base.join(format!("{prefix}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create the temporary site");
        let mut cleanup = CLEANUP.lock().unwrap_or_else(|p| p.into_inner());
        if cleanup.is_empty() {
            // SAFETY: registers a plain function without arguments.
            unsafe { atexit(remove_temporary_sites) };
        }
        cleanup.push(root.clone());
        TempSite { root }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Copies the repository's `themes/default` to `themes/default` of the site.
    pub fn with_default_theme(self) -> TempSite {
        copy_dir(
            &repo().join("themes/default"),
            &self.root.join("themes/default"),
        );
        self
    }

    /// Writes `contents` to `relative`, creating its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a folder"))
            .expect("create a folder of the temporary site");
        std::fs::write(&path, contents).expect("write a file of the temporary site");
    }

    /// Removes the file or folder `relative`, if it exists.
    pub fn remove(&self, relative: &str) {
        let path = self.root.join(relative);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("remove a folder of the temporary site");
        } else if path.exists() {
            std::fs::remove_file(&path).expect("remove a file of the temporary site");
        }
    }
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder") {
        let entry = entry.expect("read a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// Whether `DILMANC_FUZZ_PRINT` is set: the targets then print the errors they render, to
/// see how far an input gets (`DILMANC_FUZZ_PRINT=1 cargo fuzz run TARGET INPUT`).
static PRINT: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("DILMANC_FUZZ_PRINT").is_some());

/// Renders every error as the binary does (`miette`'s graphical report with the source line
/// and caret), so that the diagnostics of fuzzed input are exercised too. Line wrapping is
/// off: it costs a fifth of a front-matter run and does not depend on the spans.
pub fn render_errors(errors: &Errors) {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_wrap_lines(false);
    for error in errors.iter() {
        let mut text = String::new();
        let _ = handler.render_report(&mut text, error);
        let line = error.to_string();
        if *PRINT {
            eprintln!("{line}");
        }
    }
}

/// Splits `data` at the separator line `\n%%%%\n` into at most `parts` pieces (the last one
/// keeps any further separators); missing pieces are empty.
pub fn split_parts(data: &[u8], parts: usize) -> Vec<&[u8]> {
    const SEPARATOR: &[u8] = b"\n%%%%\n";
    let mut pieces = Vec::with_capacity(parts);
    let mut rest = data;
    while pieces.len() + 1 < parts {
        match rest
            .windows(SEPARATOR.len())
            .position(|window| window == SEPARATOR)
        {
            Some(at) => {
                pieces.push(&rest[..at]);
                rest = &rest[at + SEPARATOR.len()..];
            }
            None => break,
        }
    }
    pieces.push(rest);
    pieces.resize(parts, &[]);
    pieces
}
