//! `l10n export` never destroys work it did not write: it does not replace an existing
//! file (a translator's returned work) without `--force`, nor ever a file of the site.

use std::path::Path;

use crate::exchange::{copy_msgids_to_msgstrs, copy_sources_to_targets};
use crate::support::{Run, TestSite, snapshot_dir};

/// Exports `lang` in `format` into `name` at the site root, fills every target from its
/// source, and returns the filled file's path and text.
fn export_filled(site: &TestSite, lang: &str, format: &str, only: &str, name: &str) -> String {
    let file = site.root().join(name);
    site.run(&[
        "l10n",
        "export",
        "--lang",
        lang,
        "--only",
        only,
        "--format",
        format,
        "-o",
        file.to_str().unwrap(),
    ])
    .success();
    let text = std::fs::read_to_string(&file).unwrap();
    let filled = match format {
        "xliff" => copy_sources_to_targets(&text),
        _ => copy_msgids_to_msgstrs(&text),
    };
    std::fs::write(&file, &filled).unwrap();
    filled
}

#[track_caller]
fn refused(run: &Run, expected: &[&str]) {
    run.failure(1);
    for part in expected {
        assert!(run.stderr.contains(part), "{part}\n{}", run.stderr);
    }
}

#[test]
fn export_does_not_replace_an_existing_file_without_force() {
    let site = TestSite::fixture("multilingual");
    let returned = export_filled(&site, "ru", "xliff", "missing", "translated-ru.xlf");
    assert!(returned.matches("<target").count() >= 10, "{returned}");
    let file = site.root().join("translated-ru.xlf");
    let path = file.to_str().unwrap();
    let run = site.run(&["l10n", "export", "--lang", "ru", "-o", path]);
    refused(
        &run,
        &[
            "translated-ru.xlf",
            "the file exists",
            "choose another name, or pass --force to replace it",
        ],
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), returned);
    let run = site.run(&["l10n", "export", "--lang", "ru", "--force", "-o", path]);
    run.success();
    let fresh = std::fs::read_to_string(&file).unwrap();
    assert!(!fresh.contains("<target"), "{fresh}");
    // Written under a temporary name and renamed: nothing else is left beside it.
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dilmanc-export"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    // A folder that does not exist: an error, and no file anywhere.
    let run = site.run(&["l10n", "export", "--lang", "ru", "-o", "no/such/ru.xlf"]);
    refused(&run, &["no/such/ru.xlf"]);
    assert!(!site.root().join("no").exists());
}

#[test]
fn export_never_writes_a_file_the_site_reads_even_with_force() {
    let site = TestSite::fixture("multilingual");
    site.write("themes/default/notes.txt", "mine");
    let before = snapshot_dir(site.root());
    for (output, folder) in [
        ("site.toml", "site.toml"),
        ("content/about.md", "content/"),
        ("content/ru.xlf", "content/"),
        ("content/press/../ru.xlf", "content/"),
        ("locales/ru.xlf", "locales/"),
        ("themes/default/notes.txt", "themes/"),
        ("static/ru.xlf", "static/"),
        ("templates/ru.xlf", "templates/"),
    ] {
        for force in [false, true] {
            let mut args = vec!["l10n", "export", "--lang", "ru", "-o", output];
            if force {
                args.push("--force");
            }
            let run = site.run(&args);
            refused(&run, &[output, folder]);
            assert_eq!(snapshot_dir(site.root()), before, "{output}");
        }
    }
    // Through a symbolic link too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            site.root().join("content/about.md"),
            site.root().join("link.xlf"),
        )
        .unwrap();
        let run = site.run(&[
            "l10n", "export", "--lang", "ru", "--force", "-o", "link.xlf",
        ]);
        refused(&run, &["content/"]);
        assert_eq!(
            std::fs::read(site.root().join("content/about.md")).unwrap(),
            before[Path::new("content/about.md")]
        );
    }
}
