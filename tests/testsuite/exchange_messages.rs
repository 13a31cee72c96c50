//! Interface messages in the exchange file: messages a language lacks, messages changed
//! in the default language after they were translated (stale, by the `# dilmanc-source:`
//! record import writes), and messages with variants, plural ones getting the target
//! language's categories.

use crate::exchange::{copy_msgids_to_msgstrs, copy_sources_to_targets, demonstration};
use crate::support::TestSite;

/// `text` without its record lines, and how many there were (each checked to name a hash).
pub fn without_records(text: &str) -> (String, usize) {
    let mut count = 0;
    let mut out = String::new();
    for line in text.lines() {
        if let Some(hash) = line.strip_prefix("# dilmanc-source: ") {
            assert!(
                hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
                "{line}"
            );
            count += 1;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    (out, count)
}

/// The text of `l10n status` (for `lang`, or every language), asserted to hold each of
/// `lines`.
pub fn status_shows(site: &TestSite, lang: Option<&str>, lines: &[&str]) -> String {
    let mut args = vec!["l10n", "status"];
    args.extend(lang.map(|l| ["--lang", l]).into_iter().flatten());
    let status = site.run(&args);
    status.success();
    for line in lines {
        assert!(
            status.stdout.contains(line),
            "{line:?} in:\n{}",
            status.stdout
        );
    }
    status.stdout.clone()
}

/// `l10n status --lang <lang> --format json`: the language's report and its entry for the
/// message `id`.
pub fn status_entry(
    site: &TestSite,
    lang: &str,
    id: &str,
) -> (serde_json::Value, serde_json::Value) {
    let json = site.run(&["l10n", "status", "--lang", lang, "--format", "json"]);
    json.success();
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let language = report[0].clone();
    let entry = language["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["message"] == id)
        .unwrap_or_else(|| panic!("no entry for {id}: {}", json.stdout))
        .clone();
    (language, entry)
}

/// Exports `lang` in `format` (with `more` arguments) to `<site>/<lang>.<format>`: its path
/// and text.
pub fn export_to(site: &TestSite, lang: &str, format: &str, more: &[&str]) -> (String, String) {
    let file = site.root().join(format!("{lang}.{format}"));
    let file = file.to_str().unwrap().to_owned();
    // The tests export again into the same file.
    let mut args = vec![
        "l10n", "export", "--lang", lang, "--format", format, "--force", "-o", &file,
    ];
    args.extend(more);
    site.run(&args).success();
    let text = std::fs::read_to_string(&file).unwrap();
    (file, text)
}

/// Writes `text` to the exchange file `file`, imports it (with `more` arguments), and
/// returns `locales/<ftl>` (such as `en/site.ftl`) without its record lines and how many
/// there were.
pub fn import_into_ftl(
    site: &TestSite,
    file: &str,
    text: &str,
    more: &[&str],
    ftl: &str,
) -> (String, usize) {
    std::fs::write(file, text).unwrap();
    let mut args = vec!["l10n", "import"];
    args.extend(more);
    args.push(file);
    site.run(&args).success();
    without_records(&std::fs::read_to_string(site.root().join("locales").join(ftl)).unwrap())
}

/// Builds the services fixture: the path and HTML of its Russian service page.
pub fn russian_service_page(site: &TestSite) -> (String, String) {
    site.build();
    let page = site
        .html_files()
        .into_iter()
        .find(|f| f.starts_with("ru/") && f.contains("xidmet"))
        .expect("the Russian service page");
    let html = site.read(&page);
    (page, html)
}

/// Asserts that `l10n import file` is refused, saying `why`.
pub fn import_refused(site: &TestSite, file: &str, why: &str) {
    let run = site.run(&["l10n", "import", file]);
    run.failure(1);
    assert!(run.stderr.contains(why), "{why:?} in:\n{}", run.stderr);
}

/// Every source copied into its target, then `pairs` replaced in the targets.
pub fn translate(exported: &str, format: &str, pairs: &[(&str, &str)]) -> String {
    let copied = match format {
        "xliff" => copy_sources_to_targets(exported),
        _ => copy_msgids_to_msgstrs(exported),
    };
    let mut out = String::new();
    for line in copied.lines() {
        let mut line = line.to_owned();
        if line.starts_with("<target") || line.starts_with("msgstr ") {
            for (from, to) in pairs {
                line = line.replace(from, to);
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The exchange file with a target for each message (or term) unit for which `fill` gives
/// one from the unit's kind (`service-days[one]`, `-brand.gender`) and source; other units
/// are left as exported.
pub fn fill_messages(
    exported: &str,
    format: &str,
    fill: &dyn Fn(&str, &str) -> Option<String>,
) -> String {
    let mut out = String::new();
    let mut kind = String::new();
    let mut source = String::new();
    for line in exported.lines() {
        let resname = line
            .split_once("resname=\"")
            .and_then(|(_, r)| r.split('"').next())
            .and_then(|r| r.strip_prefix("message:").or(r.strip_prefix("term:")));
        if let Some(resname) = resname {
            kind = resname.to_owned();
        }
        let note = ["#. Interface message ", "#. Term attribute ", "#. Term "]
            .iter()
            .find_map(|prefix| line.strip_prefix(prefix));
        if let Some(rest) = note {
            kind = rest.split([',', ' ']).next().unwrap_or("").to_owned();
        }
        if format == "xliff"
            && let Some(inner) = line
                .strip_prefix("<source>")
                .and_then(|l| l.strip_suffix("</source>"))
        {
            out.push_str(line);
            out.push('\n');
            if let Some(target) = fill(&kind, inner) {
                out.push_str(&format!("<target state=\"translated\">{target}</target>\n"));
            }
            kind.clear();
            continue;
        }
        if format == "po" {
            if let Some(inner) = line
                .strip_prefix("msgid \"")
                .and_then(|l| l.strip_suffix('"'))
            {
                source = inner.to_owned();
            }
            if line == "msgstr \"\""
                && let Some(target) = fill(&kind, &source)
            {
                out.push_str(&format!("msgstr \"{target}\"\n"));
                kind.clear();
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The site's interface messages that a language lacks travel in the same file and are
/// written into `locales/<lang>/`, with their comments and records, in the original's
/// order; a message with variants travels variant by variant, one with nested selectors
/// path by path.
#[test]
fn missing_interface_messages_travel_and_import_into_the_ftl_file() {
    for format in ["xliff", "po"] {
        let site = demonstration();
        let en = site.root().join("locales/en/site.ftl");
        // The file as written by hand, without records, and without two messages.
        let (text, _) = without_records(&std::fs::read_to_string(&en).unwrap());
        let trimmed: String = text
            .lines()
            .filter(|l| {
                !l.starts_with("nav-press")
                    && !l.starts_with("service-category-residence")
                    && !l.starts_with("# The demonstration site calls")
            })
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&en, &trimmed).unwrap();
        site.write(
            "locales/az/extra.ftl",
            "# Greeting on the home page.\ngreeting = Salam, { $name }!\n    .title = Salam\nitems = { $n ->\n    [one] bir\n   *[other] çox\n}\nnested = { $a ->\n    [x] { $n ->\n        [one] İÇİÇƏ\n       *[other] İÇİÇƏ\n    }\n   *[y] y\n}\n",
        );
        let file = site.root().join(format!("en.{format}"));
        let file = file.to_str().unwrap();
        site.run(&[
            "l10n", "export", "--lang", "en", "--format", format, "-o", file,
        ])
        .success();
        let exported = std::fs::read_to_string(file).unwrap();
        assert!(exported.contains("locales/az/site.ftl"), "{exported}");
        assert!(exported.contains("locales/az/extra.ftl"), "{exported}");
        assert!(exported.contains("items[one]"), "{exported}");
        assert!(exported.contains("items[other]"), "{exported}");
        assert!(exported.contains("nested[x][one]"), "{exported}");
        assert!(exported.contains("nested[x][other]"), "{exported}");
        assert!(exported.contains("nested[y]"), "{exported}");
        let filled = match format {
            "xliff" => copy_sources_to_targets(&exported)
                .replace(">Mətbuat xidməti</target>", ">Press service</target>")
                .replace(">Salam, <x id=\"1\" ctype=\"x-fluent-placeable\" equiv-text=\"{ $name }\"/>!</target>", ">Hello, <x id=\"1\" ctype=\"x-fluent-placeable\" equiv-text=\"{ $name }\"/>!</target>")
                .replace(">bir</target>", ">one item</target>"),
            _ => copy_msgids_to_msgstrs(&exported)
                .replace("msgstr \"Mətbuat xidməti\"", "msgstr \"Press service\"")
                .replace("msgstr \"Salam, {1/}!\"", "msgstr \"Hello, {1/}!\"")
                .replace("msgstr \"bir\"", "msgstr \"one item\""),
        };
        assert!(filled.contains("Hello, "), "{filled}");
        std::fs::write(file, filled).unwrap();
        let run = site.run(&["l10n", "import", file]);
        run.success();
        let (written, records) = without_records(&std::fs::read_to_string(&en).unwrap());
        assert_eq!(records, 2, "{written}");
        let start = written.find("footer-contact").unwrap();
        assert!(
            written[start..].contains("\n\n# The demonstration site calls its press section the press office.\nnav-press = Press service\n"),
            "{format}: {written}"
        );
        let position = |id: &str| written.find(&format!("\n{id} =")).unwrap();
        assert!(position("service-category-civil-status") < position("service-category-residence"));
        assert!(position("service-category-residence") < position("service-category-business"));
        let (extra, records) = without_records(
            &std::fs::read_to_string(site.root().join("locales/en/extra.ftl")).unwrap(),
        );
        assert_eq!(records, 3, "{extra}");
        assert_eq!(
            extra,
            "# Greeting on the home page.\ngreeting = Hello, { $name }!\n    .title = Salam\nitems =\n    { $n ->\n        [one] one item\n       *[other] çox\n    }\nnested =\n    { $a ->\n        [x]\n            { $n ->\n                [one] İÇİÇƏ\n               *[other] İÇİÇƏ\n            }\n       *[y] y\n    }\n",
            "{format}"
        );
        let check = site.run(&["check"]);
        assert!(
            !check.stderr.contains("nav-press") && !check.stderr.contains("warning: the message"),
            "{format}: {}",
            check.stderr
        );
        status_shows(
            &site,
            Some("en"),
            &["; 13 of 13 messages translated, 0 stale, 0 missing, 8 unchecked\n"],
        );
        site.build();
        assert!(site.read("en/index.html").contains("Press service"));
    }
}

/// A message changed in the default language after its translation was imported is stale:
/// `l10n status` counts and lists it, `check` warns, export offers it with the old
/// translation to review, and import replaces it in place. A message translated by hand
/// (without a record) is not stale but unchecked.
#[test]
fn a_changed_default_message_is_stale_in_status_export_and_import() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("services");
        site.write(
            "locales/az/site.ftl",
            "# The press section.\nnav-press = Mətbuat\ngreeting = Salam, { $name }!\n    .title = Salam\nhand = Əl\n",
        );
        site.write(
            "locales/en/site.ftl",
            "### English messages.\n\nhand = Hand\n",
        );
        let file = site.root().join(format!("en.{format}"));
        let file = file.to_str().unwrap();
        let export = |only: Option<&str>| {
            let mut args = vec![
                "l10n", "export", "--lang", "en", "--format", format, "--force", "-o", file,
            ];
            if let Some(only) = only {
                args.extend(["--only", only]);
            }
            site.run(&args).success();
            std::fs::read_to_string(file).unwrap()
        };
        let exported = export(Some("missing"));
        assert!(
            exported.contains("Mətbuat") && !exported.contains("Əl"),
            "{exported}"
        );
        let filled = translate(
            &exported,
            format,
            &[
                ("Mətbuat", "Press"),
                ("Salam, ", "Hello, "),
                ("Salam", "Hello"),
            ],
        );
        std::fs::write(file, filled).unwrap();
        site.run(&["l10n", "import", "--allow-partial", file])
            .success();
        let before = std::fs::read_to_string(site.root().join("locales/en/site.ftl")).unwrap();
        assert_eq!(without_records(&before).1, 2, "{before}");
        status_shows(
            &site,
            Some("en"),
            &["; 3 of 3 messages translated, 0 stale, 0 missing, 1 unchecked\n"],
        );

        // The default language changes two messages: one translated through the exchange,
        // one by hand.
        site.write(
            "locales/az/site.ftl",
            "# The press section.\nnav-press = Mətbuat\ngreeting = Xoş gəldiniz, { $name }!\n    .title = Salam\nhand = Əllə\n",
        );
        status_shows(
            &site,
            Some("en"),
            &[
                "; 3 of 3 messages translated, 1 stale, 0 missing, 1 unchecked\n",
                "  stale     locales/en/site.ftl: message greeting (3 words)\n",
            ],
        );
        let (report, entry) = status_entry(&site, "en", "greeting");
        assert_eq!(report["messages"], 3, "{report}");
        assert_eq!(report["messages_stale"], 1, "{report}");
        assert_eq!(report["messages_missing"], 0, "{report}");
        assert_eq!(entry["state"], "stale");
        assert_eq!(entry["translation"], "locales/en/site.ftl");
        let check = site.run(&["check"]);
        assert!(
            check.stderr.contains("warning: the message greeting of locales/en/site.ftl was translated from an older version of it in locales/az/site.ftl"),
            "{}",
            check.stderr
        );

        assert!(!export(Some("missing")).contains("locales/az/site.ftl"));
        for only in [None, Some("stale"), Some("all")] {
            let exported = export(only);
            assert!(!exported.contains("Mətbuat"), "{exported}");
            // The message translated by hand is offered only with --only all, to be checked.
            assert_eq!(exported.contains("Əllə"), only == Some("all"), "{exported}");
            match format {
                "xliff" => {
                    assert!(exported.contains("<source>Xoş gəldiniz, <x id=\"1\" ctype=\"x-fluent-placeable\" equiv-text=\"{ $name }\"/>!</source>\n<target state=\"needs-review-translation\">Hello, <x id=\"1\" ctype=\"x-fluent-placeable\" equiv-text=\"{ $name }\"/>!</target>"), "{exported}");
                    assert!(exported.contains("<source>Salam</source>\n<target state=\"needs-review-translation\">Hello</target>"), "{exported}");
                }
                _ => {
                    assert!(exported.contains("#, fuzzy\nmsgctxt \"u"), "{exported}");
                    assert!(
                        exported.contains("msgid \"Xoş gəldiniz, {1/}!\"\nmsgstr \"Hello, {1/}!\""),
                        "{exported}"
                    );
                    assert!(
                        exported.contains("msgid \"Salam\"\nmsgstr \"Hello\""),
                        "{exported}"
                    );
                }
            }
        }
        let exported = export(Some("stale"));
        import_refused(&site, file, "is still marked for review");

        let confirmed = match format {
            "xliff" => exported.replace("needs-review-translation", "translated"),
            _ => exported.replace("#, fuzzy\n", ""),
        }
        .replace("Hello, ", "Welcome, ");
        std::fs::write(file, confirmed).unwrap();
        site.run(&["l10n", "import", file]).success();
        let after = std::fs::read_to_string(site.root().join("locales/en/site.ftl")).unwrap();
        let (text, records) = without_records(&after);
        assert_eq!(records, 2, "{after}");
        assert_eq!(
            text,
            "### English messages.\n\nhand = Hand\n\n# The press section.\nnav-press = Press\ngreeting = Welcome, { $name }!\n    .title = Hello\n",
            "{format}: the other messages, comments and order are kept"
        );
        assert_ne!(before, after);
        status_shows(
            &site,
            Some("en"),
            &["; 3 of 3 messages translated, 0 stale, 0 missing, 1 unchecked\n"],
        );
        site.build();

        // The same file again: the messages are current now, and nothing is written.
        let run = site.run(&["l10n", "import", file]);
        run.failure(1);
        assert!(
            run.stderr.contains("translated from its current version"),
            "{}",
            run.stderr
        );
        // A message that changes between export and import is refused.
        site.write(
            "locales/az/site.ftl",
            "# The press section.\nnav-press = Mətbuat\ngreeting = Xoş gəldiniz, { $name }!\n    .title = Salamlar\nhand = Əllə\n",
        );
        let exported = export(Some("stale"));
        site.write(
            "locales/az/site.ftl",
            "# The press section.\nnav-press = Mətbuat\ngreeting = Xoş gəldiniz, { $name }!\n    .title = Salamlar\n    .label = Yeni\nhand = Əllə\n",
        );
        std::fs::write(file, translate(&exported, format, &[])).unwrap();
        let run = site.run(&["l10n", "import", file]);
        run.failure(1);
        assert!(
            run.stderr.contains(
                "the message `greeting` of locales/az/site.ftl has text that is not in the file"
            ),
            "{}",
            run.stderr
        );
        let unchanged = std::fs::read_to_string(site.root().join("locales/en/site.ftl")).unwrap();
        assert_eq!(unchanged, after);
    }
}

/// A plural message of Azerbaijani (one, other) exported for Russian has one unit per
/// Russian category (one, few, many, other) and its numeric variant; imported, the Russian
/// pages render the form each number needs.
#[test]
fn a_plural_message_round_trips_into_russian_with_its_categories() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("services");
        site.write(
            "locales/az/site.ftl",
            "# $days (Number) - working days\nservice-working-days = { $days ->\n   *[other] { $days } iş günü\n}\n# $days (Number) - calendar days; 0 is the same day\nservice-days = { $days ->\n    [0] Həmin gün\n   *[other] { $days } təqvim günü\n}\n",
        );
        let file = site.root().join(format!("ru.{format}"));
        let file = file.to_str().unwrap();
        site.run(&[
            "l10n", "export", "--lang", "ru", "--format", format, "-o", file,
        ])
        .success();
        let exported = std::fs::read_to_string(file).unwrap();
        for kind in [
            "service-working-days[one]",
            "service-working-days[few]",
            "service-working-days[many]",
            "service-working-days[other]",
            "service-days[0]",
            "service-days[one]",
        ] {
            assert!(exported.contains(kind), "{kind}: {exported}");
        }
        assert!(!exported.contains("service-working-days[zero]"));
        let russian = |kind: &str, source: &str| -> Option<String> {
            let (_, key) = kind.split_once('[')?;
            let (working, calendar) = match key.trim_end_matches(']') {
                "0" => return Some("В тот же день (импорт)".into()),
                "one" => ("рабочий день", "календарный день"),
                "few" => ("рабочих дня", "календарных дня"),
                "many" => ("рабочих дней", "календарных дней"),
                _ => ("рабочего дня", "календарного дня"),
            };
            Some(
                source
                    .replace("iş günü", &format!("{working} (импорт)"))
                    .replace("təqvim günü", &format!("{calendar} (импорт)")),
            )
        };
        std::fs::write(file, fill_messages(&exported, format, &russian)).unwrap();
        let run = site.run(&["l10n", "import", "--allow-partial", file]);
        run.success();
        assert!(
            run.stdout.contains("wrote locales/ru/site.ftl"),
            "{}",
            run.stdout
        );
        let (ftl, records) = without_records(
            &std::fs::read_to_string(site.root().join("locales/ru/site.ftl")).unwrap(),
        );
        assert_eq!(records, 2, "{ftl}");
        assert!(
            ftl.contains("service-working-days =\n    { $days ->\n        [one] { $days } рабочий день (импорт)\n        [few] { $days } рабочих дня (импорт)\n        [many] { $days } рабочих дней (импорт)\n       *[other] { $days } рабочего дня (импорт)\n    }\n"),
            "{format}: {ftl}"
        );
        assert!(
            ftl.contains("        [0] В тот же день (импорт)\n"),
            "{ftl}"
        );
        let (page, html) = russian_service_page(&site);
        for form in [
            "1 рабочий день (импорт)",
            "3 рабочих дня (импорт)",
            "5 рабочих дней (импорт)",
            "21 календарный день (импорт)",
        ] {
            assert!(html.contains(form), "{format}: {form} in {page}");
        }
    }
}
