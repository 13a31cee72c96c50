//! A message translated by hand, without a `# dilmanc-source:` record, cannot be known to
//! be stale: `l10n status` lists it as unchecked (text and JSON), `check` mentions the
//! count once, and `l10n export --only all` offers it for review so that one import gives
//! it a record.

use crate::exchange_messages::{translate, without_records};
use crate::support::TestSite;

#[test]
fn hand_made_messages_are_unchecked_until_imported_once() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("services");
        site.write(
            "locales/az/site.ftl",
            "nav-press = Mətbuat\ngreeting = Salam\n",
        );
        site.write(
            "locales/en/site.ftl",
            "# Ours.\nnav-press = Press\ngreeting = Hello\n",
        );
        site.write("locales/ru/site.ftl", "nav-press = Пресса\n");
        // The original changes after the hand-made translation: nothing can tell.
        site.write(
            "locales/az/site.ftl",
            "nav-press = Mətbuat xidməti\ngreeting = Salam\n",
        );
        let status = site.run(&["l10n", "status"]);
        assert!(
            status
                .stdout
                .contains("; 2 of 2 messages translated, 0 stale, 0 missing, 2 unchecked\n"),
            "{}",
            status.stdout
        );
        assert!(
            status
                .stdout
                .contains("  unchecked locales/en/site.ftl: message nav-press\n  unchecked locales/en/site.ftl: message greeting\n"),
            "{}",
            status.stdout
        );
        assert!(
            status
                .stdout
                .contains("; 1 of 2 messages translated, 0 stale, 1 missing, 1 unchecked\n"),
            "ru: {}",
            status.stdout
        );
        let json = site.run(&["l10n", "status", "--lang", "en", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        assert_eq!(report[0]["messages_unchecked"], 2, "{}", json.stdout);
        assert_eq!(report[0]["messages_translated"], 2, "{}", json.stdout);
        assert_eq!(report[0]["messages_stale"], 0, "{}", json.stdout);
        assert_eq!(report[0]["words_stale"], 0, "{}", json.stdout);
        let entry = report[0]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["message"] == "nav-press")
            .expect("an entry for nav-press");
        assert_eq!(entry["state"], "unchecked");
        assert_eq!(entry["translation"], "locales/en/site.ftl");
        assert_eq!(entry["words"], 0);
        let check = site.run(&["check"]);
        assert_eq!(
            check.stderr.matches("dilmanc-source").count(),
            1,
            "{}",
            check.stderr
        );
        assert!(
            check.stderr.contains("warning: 3 interface messages in locales/en/, locales/ru/ have no `# dilmanc-source:` record"),
            "{}",
            check.stderr
        );
        assert!(!check.stderr.contains("older version"), "{}", check.stderr);

        let file = site.root().join(format!("en.{format}"));
        let file = file.to_str().unwrap();
        let export = |only: &[&str]| {
            let mut args = vec![
                "l10n", "export", "--lang", "en", "--format", format, "-o", file,
            ];
            args.extend(only);
            site.run(&args).success();
            std::fs::read_to_string(file).unwrap()
        };
        assert!(!export(&[]).contains("locales/az/site.ftl"));
        assert!(!export(&["--only", "stale"]).contains("locales/az/site.ftl"));
        let exported = export(&["--only", "all"]);
        match format {
            "xliff" => assert!(
                exported.contains("<source>Mətbuat xidməti</source>\n<target state=\"needs-review-translation\">Press</target>"),
                "{exported}"
            ),
            _ => assert!(
                exported.contains("msgid \"Mətbuat xidməti\"\nmsgstr \"Press\""),
                "{exported}"
            ),
        }
        let run = site.run(&["l10n", "import", file]);
        run.failure(1);
        assert!(
            run.stderr.contains("is still marked for review"),
            "{}",
            run.stderr
        );
        let confirmed = translate(
            &exported,
            format,
            &[("Mətbuat xidməti", "Press office"), ("Salam", "Hello")],
        );
        std::fs::write(file, confirmed).unwrap();
        site.run(&["l10n", "import", file]).success();
        let written = std::fs::read_to_string(site.root().join("locales/en/site.ftl")).unwrap();
        let (text, records) = without_records(&written);
        assert_eq!(records, 2, "{written}");
        assert_eq!(
            text,
            "# Ours.\nnav-press = Press office\ngreeting = Hello\n"
        );
        let status = site.run(&["l10n", "status", "--lang", "en"]);
        assert!(
            status
                .stdout
                .contains("; 2 of 2 messages translated, 0 stale, 0 missing, 0 unchecked\n"),
            "{}",
            status.stdout
        );
        assert!(
            !status.stdout.contains("unchecked locales"),
            "{}",
            status.stdout
        );
        let check = site.run(&["check"]);
        assert!(
            check
                .stderr
                .contains("warning: 1 interface message in locales/ru/ has no"),
            "{}",
            check.stderr
        );

        // A record added by hand, with the hash status gives, makes the Russian message
        // checked: current now, stale when its original changes.
        let json = site.run(&["l10n", "status", "--lang", "ru", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        let entry = report[0]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["message"] == "nav-press")
            .expect("an entry for nav-press");
        assert_eq!(entry["state"], "unchecked");
        let hash = entry["hash"].as_str().unwrap().to_owned();
        assert_eq!(hash.len(), 16, "{hash}");
        site.write(
            "locales/ru/site.ftl",
            format!("# dilmanc-source: {hash}\nnav-press = Пресс-служба\n"),
        );
        let status = site.run(&["l10n", "status", "--lang", "ru"]);
        assert!(
            status
                .stdout
                .contains("; 1 of 2 messages translated, 0 stale, 1 missing, 0 unchecked\n"),
            "{}",
            status.stdout
        );
        let check = site.run(&["check"]);
        assert!(!check.stderr.contains("dilmanc-source"), "{}", check.stderr);
        site.write(
            "locales/az/site.ftl",
            "nav-press = Mətbuat\ngreeting = Salam\n",
        );
        let status = site.run(&["l10n", "status", "--lang", "ru"]);
        assert!(
            status
                .stdout
                .contains("; 1 of 2 messages translated, 1 stale, 1 missing, 0 unchecked\n"),
            "{}",
            status.stdout
        );
        let check = site.run(&["check"]);
        assert!(
            check.stderr.contains("warning: the message nav-press of locales/ru/site.ftl was translated from an older version"),
            "{}",
            check.stderr
        );
    }
}
