//! The harness: copy a fixture site into a fresh temporary folder, run the binary on it,
//! read what it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (for fixtures and the default theme).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn failure(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// A site in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A copy of tests/fixtures/<name>. Without a themes/ folder of its own, it uses the
    /// default theme built into the binary.
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        TestSite { dir }
    }

    /// A copy of tests/fixtures/<name> with a copy of the repository's themes/ (the source
    /// of the built-in theme) in it, for tests of a site that keeps its own theme folder.
    pub fn fixture_with_theme_copy(name: &str) -> TestSite {
        let site = TestSite::fixture(name);
        assert!(
            !site.root().join("themes").exists(),
            "test bug: the fixture {name} has a themes/ folder of its own"
        );
        copy_dir(&repo().join("themes"), &site.root().join("themes"));
        site
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the root, creating folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Copies every file of `overlay` over the site.
    pub fn overlay(&self, overlay: &Path) {
        copy_dir(overlay, self.root());
    }

    /// Runs `dilmanc <args> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.root().to_str().unwrap().to_owned();
        all.push("--root");
        all.push(&root);
        dilmanc(&all, self.root())
    }

    /// `dilmanc build`, asserting success.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        run.success();
        run
    }

    /// A file of the output (public/) as text.
    #[track_caller]
    pub fn read(&self, relative: &str) -> String {
        let path = self.root().join("public").join(relative);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Whether the output has this file.
    pub fn exists(&self, relative: &str) -> bool {
        self.root().join("public").join(relative).exists()
    }

    /// Every file of the output with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot_dir(&self.root().join("public"))
    }

    /// Every HTML file of the output, relative.
    pub fn html_files(&self) -> Vec<String> {
        let public = self.root().join("public");
        walkdir(&public)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .map(|p| {
                p.strip_prefix(&public)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }
}

/// Runs the binary in `cwd`.
pub fn dilmanc(args: &[&str], cwd: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_dilmanc"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the dilmanc binary runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every file under `dir` with its bytes, by relative path (empty if `dir` is missing).
pub fn snapshot_dir(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from)
        .unwrap_or_else(|e| panic!("{}: {e}", from.display()))
        .flatten()
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
