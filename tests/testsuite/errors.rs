//! Broken input: every folder of `tests/fixtures/broken/` is one way to break a site.
//!
//! A case folder is an overlay on a copy of the valid `multilingual` fixture: its files
//! replace or add files of the site, and an optional `delete.txt` lists site paths (files or
//! folders, one per line, `#` starts a comment) to remove. Its `expect.toml` says what the
//! diagnostic must contain:
//!
//! ```toml
//! file = "content/press/x.md"   # the file the error names (required)
//! line = 4                      # then `file:4` must appear
//! contains = ["titel"]          # further substrings of stderr
//! absent = ["base.html"]        # substrings stderr must not have (false or misleading reports)
//! args = ["--drafts"]           # extra `build` flags
//! check = false                 # `check` cannot see this error (it needs a build flag)
//! ```
//!
//! For every case the unbroken site is built first; then the broken build must exit 1, name
//! the file (and line), never panic, and leave the previous `public/` byte for byte as it was.
//! `dilmanc check` must fail on the broken site too, naming the same place. All cases run,
//! and one assertion lists every case that failed with what was wrong and the full stderr.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::support::{Run, TestSite, dilmanc, repo};

/// The fixture every case is laid over.
const BASE: &str = "multilingual";

/// Files of a case folder that describe the case; the overlay copies them, then they are removed.
const CASE_FILES: [&str; 2] = ["expect.toml", "delete.txt"];

/// A case's `expect.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// The path the diagnostic must name, relative to the site root.
    file: String,
    /// The 1-based line it must name, if any.
    line: Option<usize>,
    /// Further substrings stderr must contain.
    #[serde(default)]
    contains: Vec<String>,
    /// Substrings stderr must not contain.
    #[serde(default)]
    absent: Vec<String>,
    /// Extra arguments to `build`.
    #[serde(default)]
    args: Vec<String>,
    /// Whether `check` must name the same place (it has no `--drafts` or `--future`).
    #[serde(default = "yes")]
    check: bool,
}

fn yes() -> bool {
    true
}

/// The folder holding the cases.
fn cases_dir() -> PathBuf {
    repo().join("tests/fixtures/broken")
}

/// Every case folder, sorted by name.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/fixtures/broken exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

fn case_name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_broken_input_fails_cleanly() {
    let cases = cases();
    assert!(
        cases.len() >= 17,
        "the matrix has only {} cases",
        cases.len()
    );
    let mut failed: Vec<(String, String)> = Vec::new();
    for case in &cases {
        if let Err(report) = run_case(case) {
            failed.push((case_name(case), report));
        }
    }
    if !failed.is_empty() {
        let names: Vec<&str> = failed.iter().map(|(name, _)| name.as_str()).collect();
        let mut message = format!(
            "{} of {} broken-input cases failed: {}\n",
            failed.len(),
            cases.len(),
            names.join(", ")
        );
        for (name, report) in &failed {
            let _ = write!(
                message,
                "\n======== case {name} (tests/fixtures/broken/{name}/)\n{report}"
            );
        }
        panic!("{message}");
    }
}

/// Runs one case; `Err` holds everything that was wrong, with the outputs to judge by.
fn run_case(case: &Path) -> Result<(), String> {
    let expect = read_expect(case)?;
    let site = TestSite::fixture(BASE);
    let mut build_args: Vec<&str> = vec!["build"];
    build_args.extend(expect.args.iter().map(String::as_str));

    let first = site.run(&build_args);
    if first.code != Some(0) {
        return Err(format!(
            "the unbroken fixture does not build\n{}",
            show(&first)
        ));
    }
    let before = site.snapshot();
    if before.is_empty() {
        return Err("test bug: the unbroken build wrote no files".to_owned());
    }
    apply_overlay(&site, case)?;
    let entries_before = root_entries(site.root());

    let mut problems = Vec::new();
    let broken = site.run(&build_args);
    if broken.code != Some(1) {
        problems.push(format!("build exited with {:?}, not 1", broken.code));
    }
    problems.extend(diagnostic_problems("build", &broken.stderr, &expect));
    problems.extend(snapshot_problems(&before, &site.snapshot()));
    let entries_after = root_entries(site.root());
    if entries_after != entries_before {
        problems.push(format!(
            "the failed build changed the site folder: before {entries_before:?}, after {entries_after:?}"
        ));
    }

    let check = site.run(&["check"]);
    if check.code != Some(1) {
        problems.push(format!("check exited with {:?}, not 1", check.code));
    }
    if check.stderr.contains("panicked") {
        problems.push("check panicked".to_owned());
    }
    if expect.check {
        problems.extend(location_problems("check", &check.stderr, &expect));
    }

    if problems.is_empty() {
        return Ok(());
    }
    let mut report = String::new();
    for problem in &problems {
        let _ = writeln!(report, "- {problem}");
    }
    let _ = write!(
        report,
        "--- dilmanc {}\n{}",
        build_args.join(" "),
        show(&broken)
    );
    if expect.check && problems.iter().any(|p| p.starts_with("check")) {
        let _ = write!(report, "--- dilmanc check\n{}", show(&check));
    }
    Err(report)
}

fn read_expect(case: &Path) -> Result<Expect, String> {
    let path = case.join("expect.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("test bug: cannot read {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("test bug: {}: {e}", path.display()))
}

/// Copies the case's files over the site and removes what its `delete.txt` lists.
fn apply_overlay(site: &TestSite, case: &Path) -> Result<(), String> {
    site.overlay(case);
    for name in CASE_FILES {
        let copied = site.root().join(name);
        if copied.exists() {
            std::fs::remove_file(&copied).map_err(|e| format!("{}: {e}", copied.display()))?;
        }
    }
    let delete = case.join("delete.txt");
    if !delete.exists() {
        return Ok(());
    }
    let list =
        std::fs::read_to_string(&delete).map_err(|e| format!("{}: {e}", delete.display()))?;
    for line in list.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let relative = Path::new(line);
        if relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(format!(
                "test bug: delete.txt lists `{line}`, which is not a plain relative path"
            ));
        }
        let target = site.root().join(relative);
        let removed = if target.is_dir() {
            std::fs::remove_dir_all(&target)
        } else {
            std::fs::remove_file(&target)
        };
        removed.map_err(|e| format!("test bug: delete.txt: cannot remove `{line}`: {e}"))?;
    }
    Ok(())
}

/// What is wrong with the diagnostic `stderr` of `command` for this case.
fn diagnostic_problems(command: &str, stderr: &str, expect: &Expect) -> Vec<String> {
    let mut problems = location_problems(command, stderr, expect);
    for needle in &expect.contains {
        if !stderr.contains(needle.as_str()) {
            problems.push(format!("{command}: stderr does not contain `{needle}`"));
        }
    }
    for needle in &expect.absent {
        if stderr.contains(needle.as_str()) {
            problems.push(format!(
                "{command}: stderr contains `{needle}`, which it must not"
            ));
        }
    }
    if stderr.contains("panicked") {
        problems.push(format!("{command} panicked"));
    }
    problems
}

/// Whether `stderr` names the expected file, and `file:line` when a line is expected.
fn location_problems(command: &str, stderr: &str, expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    if !stderr.contains(expect.file.as_str()) {
        problems.push(format!("{command}: stderr does not name `{}`", expect.file));
    } else if let Some(line) = expect.line
        && !names_line(stderr, &expect.file, line)
    {
        problems.push(format!(
            "{command}: stderr does not name `{}:{line}`",
            expect.file
        ));
    }
    problems
}

/// Whether `text` has `file:line` not followed by another digit (so line 1 is not line 18).
fn names_line(text: &str, file: &str, line: usize) -> bool {
    let needle = format!("{file}:{line}");
    text.match_indices(&needle).any(|(at, _)| {
        !text[at + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

/// How the output after the failed build differs from before it.
fn snapshot_problems(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<String> {
    if before == after {
        return Vec::new();
    }
    let mut differences: Vec<String> = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => differences.push(format!("removed {}", path.display())),
            Some(now) if now != bytes => differences.push(format!("changed {}", path.display())),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        differences.push(format!("added {}", path.display()));
    }
    let total = differences.len();
    differences.truncate(10);
    vec![format!(
        "the failed build changed public/ ({total} files): {}",
        differences.join(", ")
    )]
}

/// The names at the top of the site folder (a failed build must leave no temporary folder).
fn root_entries(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn show(run: &Run) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        run.code, run.stdout, run.stderr
    )
}

/// Independent errors in different files are reported by one run, not one per run.
#[test]
fn independent_errors_are_reported_together() {
    let site = TestSite::fixture(BASE);
    for case in ["front-matter-toml-syntax", "missing-title"] {
        apply_overlay(&site, &cases_dir().join(case)).unwrap();
    }
    let run = site.run(&["build"]);
    run.failure(1);
    for place in [
        "content/press/2017-10-01-syntax.md:2",
        "content/press/2017-10-01-untitled.md",
    ] {
        assert!(
            run.stderr.contains(place),
            "{place} is not reported\n{}",
            show(&run)
        );
    }
}

/// Errors of different stages (content, Fluent, templates) are independent too.
#[test]
fn errors_of_every_stage_are_reported_together() {
    let site = TestSite::fixture(BASE);
    for case in ["front-matter-unknown-key", "fluent-syntax", "tera-syntax"] {
        apply_overlay(&site, &cases_dir().join(case)).unwrap();
    }
    let run = site.run(&["build"]);
    run.failure(1);
    for place in [
        "content/press/2017-10-01-typo.md:4",
        "locales/az/site.ftl",
        "templates/page.html:4",
    ] {
        assert!(
            run.stderr.contains(place),
            "{place} is not reported\n{}",
            show(&run)
        );
    }
}

/// A broken site that was never built gets no output folder at all.
#[test]
fn a_failed_first_build_writes_nothing() {
    let site = TestSite::fixture(BASE);
    apply_overlay(&site, &cases_dir().join("front-matter-toml-syntax")).unwrap();
    let before = root_entries(site.root());
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(
        !site.root().join("public").exists(),
        "public/ was created\n{}",
        show(&run)
    );
    assert_eq!(root_entries(site.root()), before, "the site folder changed");
}

/// A wrong command line exits 2, says what is wrong, and builds nothing.
#[test]
fn a_wrong_command_line_exits_2() {
    let site = TestSite::fixture(BASE);
    let root = site.root().to_str().unwrap();
    let lines: [&[&str]; 5] = [
        &["build", "--no-such-flag", "--root", root],
        &["frobnicate", "--root", root],
        &[],
        &["build", "--root"],
        &["check", "--output", "elsewhere", "--root", root],
    ];
    for args in lines {
        let run = dilmanc(args, site.root());
        assert_eq!(run.code, Some(2), "dilmanc {args:?}\n{}", show(&run));
        assert!(
            !run.stderr.trim().is_empty(),
            "dilmanc {args:?} says nothing"
        );
        assert!(
            !run.stderr.contains("panicked"),
            "dilmanc {args:?}\n{}",
            show(&run)
        );
        assert!(
            !site.root().join("public").exists(),
            "dilmanc {args:?} wrote public/"
        );
    }
}
