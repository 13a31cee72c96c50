//! `dilmanc l10n export` and `l10n import`: XLIFF and PO files of the demonstration site and
//! the fixtures, the round trip that must give the same pages, and the checks that refuse
//! a broken file before anything is written.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{TestSite, repo};

/// A copy of the demonstration site (the repository's site.toml, content/ and locales/).
pub fn demonstration() -> TestSite {
    let site = TestSite::fixture("multilingual");
    for name in ["content", "locales"] {
        std::fs::remove_dir_all(site.root().join(name)).unwrap();
        copy(&repo().join(name), &site.root().join(name));
    }
    std::fs::copy(repo().join("site.toml"), site.root().join("site.toml")).unwrap();
    site
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` whose name ends with `suffix`.
fn files_ending(dir: &Path, suffix: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_ending(&path, suffix));
        } else if path.to_string_lossy().ends_with(suffix) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The `<main>` of every page under `public/en/`, without what tells a fallback page from
/// a translated one (the notice, the "not translated yet" markers of lists, the lists
/// of tags and related pages, `lang` and `dir`), with whitespace runs as one space.
fn mains(site: &TestSite) -> BTreeMap<String, String> {
    let notice = regex_free_remove;
    site.html_files()
        .into_iter()
        // Tag pages list the tags of translated pages only.
        .filter(|f| f.starts_with("en/") && !f.starts_with("en/tags/"))
        .map(|file| {
            let html = site.read(&file);
            let start = html.find("<main").unwrap_or(0);
            let end = html.find("</main>").map_or(html.len(), |e| e + 7);
            let main = notice(
                &html[start..end],
                "<p class=\"notice\" role=\"note\">",
                "</p>",
            );
            let main = notice(&main, " <span class=\"marker\">", "</span>");
            // A fallback page does not list the original's tags (they are terms of another
            // language), nor pages related by them; the translation keeps the original's tags
            // and lists both.
            let main = notice(&main, "<section class=\"tags\"", "</section>");
            let main = notice(&main, "<section class=\"related\"", "</section>");
            let main = main
                .replace(" lang=\"az\"", "")
                .replace(" dir=\"ltr\"", "")
                .replace(" lang=\"en\"", "");
            (file, main.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect()
}

/// `text` without every span from `open` to the next `close`.
fn regex_free_remove(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(close).map_or(rest.len(), |e| e + close.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The XLIFF file with every source copied into its target, marked translated.
pub fn copy_sources_to_targets(xliff: &str) -> String {
    let mut out = String::new();
    for line in xliff.lines() {
        if line.starts_with("<target") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if let Some(inner) = line
            .strip_prefix("<source>")
            .and_then(|l| l.strip_suffix("</source>"))
        {
            out.push_str(&format!("<target state=\"translated\">{inner}</target>\n"));
        }
    }
    out
}

/// The PO file with every msgid copied into its msgstr, fuzzy marks removed.
pub fn copy_msgids_to_msgstrs(po: &str) -> String {
    let mut out = String::new();
    let mut msgid = Vec::new();
    let mut in_msgid = false;
    let mut header = true;
    for line in po.lines() {
        if line == "#, fuzzy" {
            continue;
        }
        if let Some(rest) = line.strip_prefix("msgid ") {
            msgid = vec![rest.to_owned()];
            in_msgid = true;
        } else if line.starts_with("msgstr ") {
            in_msgid = false;
            if header {
                header = false;
            } else {
                out.push_str(&format!("msgstr {}\n", msgid.join("\n")));
                continue;
            }
        } else if in_msgid && line.starts_with('"') {
            msgid.push(line.to_owned());
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Exporting `en` for the demonstration site, copying every source into its target and
/// importing gives pages whose `<main>` is the one the original shows as a fallback.
#[test]
fn the_round_trip_gives_the_same_pages_as_the_originals() {
    for format in ["xliff", "po"] {
        let site = demonstration();
        for translation in files_ending(&site.root().join("content"), ".en.md") {
            std::fs::remove_file(translation).unwrap();
        }
        site.build();
        let before = mains(&site);
        assert!(before.len() > 30, "{}", before.len());
        let file = site.root().join(format!("en.{format}"));
        let file = file.to_str().unwrap();
        let run = site.run(&[
            "l10n", "export", "--lang", "en", "--format", format, "-o", file,
        ]);
        run.success();
        assert!(
            run.stdout.starts_with("exported 34 pages, "),
            "{}",
            run.stdout
        );
        let text = std::fs::read_to_string(file).unwrap();
        let filled = match format {
            "xliff" => copy_sources_to_targets(&text),
            _ => copy_msgids_to_msgstrs(&text),
        };
        std::fs::write(file, filled).unwrap();
        let run = site.run(&["l10n", "import", file]);
        run.success();
        assert!(run.stdout.contains("imported 34 pages"), "{}", run.stdout);
        // 30 pages and 4 section texts (`_index.en.md`).
        assert_eq!(
            files_ending(&site.root().join("content"), ".en.md").len(),
            34
        );
        let section =
            std::fs::read_to_string(site.root().join("content/press/_index.en.md")).unwrap();
        assert!(
            section.contains("[translation]\noriginal = \"_index.md\"\nhash = "),
            "{section}"
        );
        assert!(
            !section.contains("sort_by") && !section.contains("paginate_by"),
            "{section}"
        );
        let status = site.run(&["l10n", "status", "--lang", "en"]);
        assert!(
            status
                .stdout
                .starts_with("en: 30 of 30 pages translated (100%), 0 stale, 0 missing; 4 of 4 sections translated, 0 stale, 0 missing; 0 words"),
            "{}",
            status.stdout
        );
        std::fs::remove_dir_all(site.root().join("public")).unwrap();
        site.build();
        let after = mains(&site);
        // Translated pages carry the original's tags, so /en/ gains tag pages; every page
        // there before is there after, with the same <main>.
        for (page, main) in &before {
            let imported = after.get(page).map_or("", String::as_str);
            if main != imported {
                let at = main
                    .char_indices()
                    .zip(imported.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(main.len().min(imported.len()), |((i, _), _)| i);
                let from = main.floor_char_boundary(at.saturating_sub(150));
                panic!(
                    "{format}: {page} differs from byte {at}:\noriginal: {}\nimported: {}",
                    &main[from..main.floor_char_boundary((at + 150).min(main.len()))],
                    &imported[imported.floor_char_boundary(from)
                        ..imported.floor_char_boundary((at + 150).min(imported.len()))]
                );
            }
        }
        // Nothing is left to export.
        let again = site.run(&["l10n", "export", "--lang", "en", "--force", "-o", file]);
        assert!(
            again.stdout.starts_with("exported 0 pages"),
            "{}",
            again.stdout
        );
        // A changed section text makes its translation stale: counted, exported for review.
        let index = site.root().join("content/press/_index.md");
        let text = std::fs::read_to_string(&index).unwrap();
        std::fs::write(&index, text.replace("+++\n\n", "+++\n\nYeni abzas.\n\n")).unwrap();
        let status = site.run(&["l10n", "status", "--lang", "en", "--format", "json"]);
        assert!(
            status.stdout.contains("\"sections_stale\": 1"),
            "{}",
            status.stdout
        );
        let status = site.run(&["l10n", "status", "--lang", "en"]);
        assert!(
            status
                .stdout
                .contains("4 of 4 sections translated, 1 stale, 0 missing"),
            "{}",
            status.stdout
        );
        assert!(
            status
                .stdout
                .contains("stale     content/press/_index.en.md ("),
            "{}",
            status.stdout
        );
        let stale = site.run(&[
            "l10n", "export", "--lang", "en", "--only", "stale", "--force", "-o", file,
        ]);
        assert!(
            stale.stdout.starts_with("exported 1 pages"),
            "{}",
            stale.stdout
        );
        std::fs::write(&index, text).unwrap();
    }
}

#[test]
fn a_translated_file_writes_translated_pages_with_the_originals_data() {
    let site = TestSite::fixture("multilingual");
    let passport = site.root().join("content/services/passport.md");
    let text = std::fs::read_to_string(&passport).unwrap();
    let text = text.replacen(
        "\n+++\n",
        "\n[extra]\ntranslator_note = \"Keep it short & plain\"\n+++\n",
        1,
    );
    std::fs::write(&passport, text).unwrap();
    let file = site.root().join("ru.xlf");
    let file = file.to_str().unwrap();
    site.run(&[
        "l10n",
        "export",
        "--lang",
        "ru",
        "--section",
        "services",
        "-o",
        file,
    ])
    .success();
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains("original=\"content/services/passport.md\""),
        "{text}"
    );
    assert!(!text.contains("content/press/"), "{text}");
    assert!(
        text.contains("<note from=\"author\">Keep it short &amp; plain</note>"),
        "{text}"
    );
    let translated = copy_sources_to_targets(&text)
        .replace(">Pasportun verilməsi</target>", ">Выдача паспорта</target>");
    assert!(
        translated.contains(">Выдача паспорта</target>"),
        "{translated}"
    );
    std::fs::write(file, translated).unwrap();
    site.run(&["l10n", "import", file]).success();
    let page =
        std::fs::read_to_string(site.root().join("content/services/passport.ru.md")).unwrap();
    let original = std::fs::read(site.root().join("content/services/passport.md")).unwrap();
    assert!(page.contains("title = \"Выдача паспорта\""), "{page}");
    assert!(
        page.contains(&format!(
            "hash = \"{}\"",
            dilmanc::hash::short_sha256(&original)
        )),
        "{page}"
    );
    assert!(page.contains("original = \"passport.md\""), "{page}");
    site.build();
    assert!(
        site.read("ru/services/passport/index.html")
            .contains("Выдача паспорта")
    );
}

/// The unit after `<trans-unit` number `n` (from 0) of a file, as (line, id).
fn unit_at(text: &str, n: usize) -> (usize, String) {
    let (index, line) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("<trans-unit"))
        .nth(n)
        .unwrap();
    let id = line.split('"').nth(1).unwrap().to_owned();
    (index + 1, id)
}

#[test]
fn broken_files_are_refused_at_their_line_and_nothing_is_written() {
    let site = TestSite::fixture("multilingual");
    let file = site.root().join("en.xlf");
    let file = file.to_str().unwrap();
    site.run(&[
        "l10n", "export", "--lang", "en", "--only", "missing", "-o", file,
    ])
    .success();
    let exported = std::fs::read_to_string(file).unwrap();
    let filled = copy_sources_to_targets(&exported);
    let before = files_ending(&site.root().join("content"), ".en.md");
    let refuse = |text: &str, expected: &[&str]| {
        std::fs::write(file, text).unwrap();
        let run = site.run(&["l10n", "import", file]);
        run.failure(1);
        for part in expected {
            assert!(run.stderr.contains(part), "{part}\n{}", run.stderr);
        }
        assert_eq!(files_ending(&site.root().join("content"), ".en.md"), before);
    };
    // An untranslated unit.
    let (line, id) = unit_at(&exported, 0);
    refuse(
        &exported,
        &[
            &format!("en.xlf:{line}"),
            &format!("unit {id} is not translated"),
        ],
    );
    // A placeholder lost by the translator.
    let link = filled
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("<target") && l.contains("<g id=\"1\""))
        .map(|(i, _)| i)
        .expect("a unit with a placeholder");
    let mut lines: Vec<String> = filled.lines().map(str::to_owned).collect();
    lines[link] = "<target state=\"translated\">No link here</target>".into();
    let unit_line = (0..link)
        .rev()
        .find(|&i| lines[i].starts_with("<trans-unit"))
        .unwrap();
    let unit_id = lines[unit_line].split('"').nth(1).unwrap().to_owned();
    refuse(
        &lines.join("\n"),
        &[
            &format!("en.xlf:{}", unit_line + 1),
            &format!("unit {unit_id}: placeholder 1 is missing"),
        ],
    );
    // A source changed since the export: the title (the first unit) of the first page.
    let (line, id) = unit_at(&filled, 0);
    let first_page = filled
        .lines()
        .find_map(|l| l.strip_prefix("<file original=\""))
        .and_then(|l| l.split('"').next())
        .unwrap()
        .to_owned();
    let path = site.root().join(&first_page);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\ntitle = \""), "{text}");
    std::fs::write(&path, text.replacen("\ntitle = \"", "\ntitle = \"Yeni ", 1)).unwrap();
    refuse(
        &filled,
        &[
            &format!("en.xlf:{line}"),
            &format!("unit {id}: its source text is no longer in {first_page}"),
            "has text that is not in the file",
        ],
    );
    std::fs::write(&path, text).unwrap();
    // Not a file dilmanc wrote.
    refuse(
        &filled.replace("x-dilmanc-page", "plaintext"),
        &["en.xlf:3", "not written by dilmanc"],
    );
    refuse(
        "msgid \"\"\nmsgstr \"\"\n",
        &["en.xlf:1", "X-Dilmanc-Source-Language"],
    );
    // The complete file imports; --allow-partial leaves out pages with untranslated units.
    std::fs::write(file, &filled).unwrap();
    site.run(&["l10n", "import", file]).success();
    assert!(files_ending(&site.root().join("content"), ".en.md").len() > before.len());
}

#[test]
fn allow_partial_leaves_out_pages_with_untranslated_units() {
    let site = TestSite::fixture("multilingual");
    let file = site.root().join("en.po");
    let file = file.to_str().unwrap();
    site.run(&[
        "l10n", "export", "--lang", "en", "--only", "missing", "--format", "po", "-o", file,
    ])
    .success();
    let text = std::fs::read_to_string(file).unwrap();
    let pages: Vec<&str> = {
        let mut pages: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("#: ")).collect();
        pages.dedup();
        pages
    };
    assert!(pages.len() >= 2, "{pages:?}");
    // Translate every unit but one of the first page.
    let filled = copy_msgids_to_msgstrs(&text);
    let first_unit = filled.find("\n#: ").unwrap();
    let after = &filled[first_unit..];
    let msgstr = after.find("\nmsgstr \"").unwrap() + first_unit;
    let end = filled[msgstr + 1..]
        .find("\n\n")
        .map_or(filled.len(), |e| e + msgstr + 1);
    let partial = format!("{}\nmsgstr \"\"{}", &filled[..msgstr], &filled[end..]);
    std::fs::write(file, &partial).unwrap();
    let run = site.run(&["l10n", "import", file]);
    run.failure(1);
    assert!(run.stderr.contains("is not translated"), "{}", run.stderr);
    let run = site.run(&["l10n", "import", "--allow-partial", file]);
    run.success();
    assert!(
        run.stdout.contains(&format!("left out {}", pages[0])),
        "{}",
        run.stdout
    );
    assert!(!site.root().join(pages[0].replace(".md", ".en.md")).exists());
    assert!(site.root().join(pages[1].replace(".md", ".en.md")).exists());
}

/// A stale translation travels as the target of the current source, marked for review;
/// it imports once the translator has confirmed it, and is then current.
#[test]
fn stale_translations_are_targets_to_review_and_words_are_counted() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "content/about.en.md",
        "+++\ntitle = \"About us\"\n\n[translation]\noriginal = \"about.md\"\nhash = \"0000000000000000\"\n+++\nAbout the agency.\n",
    );
    let json = site.run(&["l10n", "status", "--lang", "en", "--format", "json"]);
    json.success();
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // "Haqqımızda" and "Agentlik haqqında."
    assert_eq!(report[0]["words_stale"], 3, "{}", json.stdout);
    assert!(report[0]["words_missing"].as_u64().unwrap() > 0);
    let text = site.run(&["l10n", "status", "--lang", "en"]);
    assert!(
        text.stdout
            .contains("stale     content/about.en.md (3 words)"),
        "{}",
        text.stdout
    );

    let file = site.root().join("en.xlf");
    let file = file.to_str().unwrap();
    site.run(&[
        "l10n", "export", "--lang", "en", "--only", "stale", "-o", file,
    ])
    .success();
    let exported = std::fs::read_to_string(file).unwrap();
    assert_eq!(exported.matches("<file ").count(), 1, "{exported}");
    assert!(
        exported.contains("<source>Agentlik haqqında.</source>\n<target state=\"needs-review-translation\">About the agency.</target>"),
        "{exported}"
    );
    assert!(
        exported.contains("<target state=\"needs-review-translation\">About us</target>"),
        "{exported}"
    );
    let run = site.run(&["l10n", "import", file]);
    run.failure(1);
    assert!(
        run.stderr.contains("is still marked for review"),
        "{}",
        run.stderr
    );

    std::fs::write(
        file,
        exported.replace("needs-review-translation", "translated"),
    )
    .unwrap();
    site.run(&["l10n", "import", file]).success();
    let page = std::fs::read_to_string(site.root().join("content/about.en.md")).unwrap();
    assert!(page.contains("title = \"About us\""), "{page}");
    assert!(page.contains("weight = 1"), "{page}");
    assert!(page.ends_with("+++\nAbout the agency.\n"), "{page}");
    let text = site.run(&["l10n", "status", "--lang", "en"]);
    assert!(text.stdout.contains(", 0 stale,"), "{}", text.stdout);
}

#[test]
fn export_refuses_unknown_languages_and_sections() {
    let site = TestSite::fixture("multilingual");
    let file = site.root().join("x.xlf");
    let file = file.to_str().unwrap();
    for (args, message) in [
        (vec!["--lang", "fr"], "the language `fr` is not configured"),
        (vec!["--lang", "az"], "`az` is the default language"),
        (
            vec!["--lang", "en", "--section", "nope"],
            "there is no section `nope`",
        ),
    ] {
        let mut all = vec!["l10n", "export", "-o", file];
        all.extend(args);
        let run = site.run(&all);
        run.failure(2);
        assert!(run.stderr.contains(message), "{message}\n{}", run.stderr);
        assert!(!Path::new(file).exists());
    }
    // A file for another site's languages is refused as a whole.
    site.run(&["l10n", "export", "--lang", "ru", "-o", file])
        .success();
    let text = std::fs::read_to_string(file).unwrap();
    std::fs::write(
        file,
        text.replace("target-language=\"ru\"", "target-language=\"fr\""),
    )
    .unwrap();
    let run = site.run(&["l10n", "import", file]);
    run.failure(1);
    assert!(
        run.stderr.contains("translates into `fr`"),
        "{}",
        run.stderr
    );
}
