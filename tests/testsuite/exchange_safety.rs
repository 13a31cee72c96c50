//! `l10n export` and `l10n import` never destroy work they did not write: export does not
//! replace an existing file (a translator's returned work) without `--force`, nor ever a
//! file of the site; import does not replace a translation written or changed since the
//! export, nor write a file whose target language was changed in the translation tool.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::exchange::{copy_msgids_to_msgstrs, copy_sources_to_targets};
use crate::support::{Run, TestSite, snapshot_dir};

/// Every file of the site but its exchange files, with its bytes.
fn site_files(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = snapshot_dir(site.root());
    files.retain(|path, _| {
        !["xlf", "po"]
            .iter()
            .any(|e| path.extension().is_some_and(|x| x == *e))
    });
    files
}

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

/// The 1-based line of the first line of `text` that starts with `start`.
fn line_of(text: &str, start: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start}"))
        + 1
}

/// An export that `-o` cannot name: a command-line mistake, status 2.
#[track_caller]
fn refused_output(run: &Run, expected: &[&str]) {
    run.failure(2);
    for part in expected {
        assert!(run.stderr.contains(part), "{part}\n{}", run.stderr);
    }
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
    refused_output(
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
            refused_output(&run, &[output, folder]);
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
        refused_output(&run, &["content/"]);
        assert_eq!(
            std::fs::read(site.root().join("content/about.md")).unwrap(),
            before[Path::new("content/about.md")]
        );
    }
}

/// D5 (a): a translation written by hand after an export that saw none is not replaced by
/// the import of that export; `--overwrite` replaces it.
#[test]
fn import_keeps_a_translation_written_after_the_export() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("multilingual");
        let name = format!("ru.{format}");
        let filled = export_filled(&site, "ru", format, "missing", &name);
        let mine = "+++\ntitle = \"О нас\"\n+++\nНаписано вручную.\n";
        site.write("content/about.ru.md", mine);
        let before = site_files(&site);
        let file = site.root().join(&name);
        let line = match format {
            "xliff" => line_of(&filled, "<file original=\"content/about.md\""),
            // The page's first entry, at its msgctxt.
            _ => {
                let reference = line_of(&filled, "#: content/about.md");
                reference
                    + line_of(
                        &filled
                            .lines()
                            .skip(reference)
                            .collect::<Vec<_>>()
                            .join("\n"),
                        "msgctxt",
                    )
            }
        };
        let run = site.run(&["l10n", "import", file.to_str().unwrap()]);
        refused(
            &run,
            &[
                &format!("{name}:{line}"),
                "content/about.ru.md was written after the export",
                "--overwrite",
            ],
        );
        // All or nothing: no page of the file was written, the hand-written one is intact.
        assert_eq!(site_files(&site), before, "{format}");
        assert_eq!(
            std::fs::read_to_string(site.root().join("content/about.ru.md")).unwrap(),
            mine
        );
        let run = site.run(&["l10n", "import", "--overwrite", file.to_str().unwrap()]);
        run.success();
        let page = std::fs::read_to_string(site.root().join("content/about.ru.md")).unwrap();
        assert!(page.contains("title = \"Haqqımızda\""), "{page}");
    }
}

/// A translation changed after the export that offered it for review is not replaced.
#[test]
fn import_keeps_a_translation_changed_after_the_export() {
    let site = TestSite::fixture("multilingual");
    export_filled(&site, "en", "xliff", "all", "en.xlf");
    let report = site.root().join("content/press/2018-01-10-hesabat.en.md");
    let changed = std::fs::read_to_string(&report)
        .unwrap()
        .replace("was published", "was published today");
    std::fs::write(&report, &changed).unwrap();
    let before = site_files(&site);
    let run = site.run(&[
        "l10n",
        "import",
        site.root().join("en.xlf").to_str().unwrap(),
    ]);
    refused(
        &run,
        &["content/press/2018-01-10-hesabat.en.md changed after the export"],
    );
    assert_eq!(site_files(&site), before);
}

/// D5 (b): the target language changed in the translation tool (XLIFF `target-language`,
/// PO `Language`) is refused: the existing English translations stay byte for byte.
#[test]
fn import_refuses_a_file_whose_language_was_changed_in_the_tool() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("multilingual");
        let name = format!("ru.{format}");
        let filled = export_filled(&site, "ru", format, "missing", &name);
        let (from, to) = match format {
            "xliff" => ("target-language=\"ru\"", "target-language=\"en\""),
            _ => ("\"Language: ru\\n\"", "\"Language: en\\n\""),
        };
        assert!(filled.contains(from), "{filled}");
        let changed = filled.replace(from, to);
        std::fs::write(site.root().join(&name), &changed).unwrap();
        let line = line_of(
            &changed,
            if format == "xliff" {
                "<file "
            } else {
                "\"Language:"
            },
        );
        let before = site_files(&site);
        for overwrite in [false, true] {
            let file = site.root().join(&name);
            let mut args = vec!["l10n", "import", file.to_str().unwrap()];
            if overwrite {
                args.push("--overwrite");
            }
            let run = site.run(&args);
            refused(
                &run,
                &[
                    &format!("{name}:{line}"),
                    "the file was exported for `ru`, but it now translates into `en`",
                ],
            );
            assert_eq!(site_files(&site), before, "{format}");
        }
        let passport =
            std::fs::read_to_string(site.root().join("content/services/passport.en.md")).unwrap();
        assert!(passport.contains("slug = \"passport-issue\""), "{passport}");
    }
}

/// A file from before export recorded the translation files (or whose tool dropped the
/// record) does not replace an existing translation without `--overwrite`; pages without one
/// import as before.
#[test]
fn a_file_without_the_record_does_not_replace_existing_translations() {
    let site = TestSite::fixture("multilingual");
    let filled = export_filled(&site, "en", "xliff", "all", "en.xlf");
    // The note as an older dilmanc wrote it: without `translation=` and `language=`.
    let old: String = filled
        .lines()
        .filter(|l| !l.starts_with("translation="))
        .map(|l| match l.starts_with("language=") {
            true => "</note>\n".to_owned(),
            false => format!("{l}\n"),
        })
        .collect();
    assert!(
        !old.contains("translation=") && !old.contains("\nlanguage="),
        "{old}"
    );
    let file = site.root().join("en.xlf");
    std::fs::write(&file, &old).unwrap();
    let before = site_files(&site);
    let run = site.run(&["l10n", "import", file.to_str().unwrap()]);
    refused(
        &run,
        &["content/press/2018-01-10-hesabat.en.md exists, and the file does not record"],
    );
    assert_eq!(site_files(&site), before);
    site.run(&["l10n", "import", "--overwrite", file.to_str().unwrap()])
        .success();
    assert!(site.root().join("content/about.en.md").exists());
}

/// An interface message written or edited by hand in `locales/<lang>/*.ftl` after the
/// export is not replaced by the import (the file records each message it offers), in
/// either format; `--overwrite` replaces it; the other messages import as before.
#[test]
fn import_keeps_a_message_written_or_edited_after_the_export() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("services");
        site.write(
            "locales/az/site.ftl",
            "nav-press = Mətbuat\ngreeting = Salam\nhand = Əl ilə\n",
        );
        site.write("locales/en/site.ftl", "hand = By hand\n");
        let name = format!("en.{format}");
        let file = site.root().join(&name);
        let file = file.to_str().unwrap();

        // Written by hand after an export that offered it as missing.
        let filled = export_filled(&site, "en", format, "all", &name);
        assert!(filled.contains("nav-press:none"), "{filled}");
        site.write(
            "locales/en/site.ftl",
            "hand = By hand\nnav-press = Press office\n",
        );
        let before = site_files(&site);
        let run = site.run(&["l10n", "import", file]);
        refused(
            &run,
            &[
                &format!("{name}:"),
                "the message `nav-press` of locales/en/site.ftl was written after the export",
                "--overwrite",
            ],
        );
        assert!(!run.stderr.contains("`greeting`"), "{}", run.stderr);
        assert_eq!(site_files(&site), before, "{format}: all or nothing");

        // Edited by hand after an export that offered it for review.
        site.write("locales/en/site.ftl", "hand = By hand\n");
        std::fs::remove_file(file).unwrap();
        export_filled(&site, "en", format, "all", &name);
        site.write("locales/en/site.ftl", "hand = Made by hand\n");
        let before = site_files(&site);
        let run = site.run(&["l10n", "import", file]);
        refused(
            &run,
            &["the message `hand` of locales/en/site.ftl changed after the export"],
        );
        assert_eq!(site_files(&site), before, "{format}");

        // A file without the record (an older dilmanc's) does not replace an existing
        // message either, changed or not.
        let text = std::fs::read_to_string(file).unwrap();
        let old: String = text
            .lines()
            .filter(|l| {
                !l.contains("dilmanc-translation: messages")
                    && !l.starts_with("translation=messages")
            })
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(!old.contains("hand:"), "{old}");
        std::fs::write(file, &old).unwrap();
        site.write("locales/en/site.ftl", "hand = By hand\n");
        let run = site.run(&["l10n", "import", file]);
        refused(
            &run,
            &["the message `hand` of locales/en/site.ftl exists, and the file does not record"],
        );

        // --overwrite takes the file's translations (here, the sources copied).
        site.run(&["l10n", "import", "--overwrite", file]).success();
        let ftl = std::fs::read_to_string(site.root().join("locales/en/site.ftl")).unwrap();
        assert!(
            ftl.contains("hand = Əl ilə") && ftl.contains("greeting = Salam"),
            "{ftl}"
        );
    }
}
