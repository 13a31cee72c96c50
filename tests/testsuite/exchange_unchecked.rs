//! A message translated by hand, without a `# dilmanc-source:` record, cannot be known to
//! be stale: `l10n status` lists it as unchecked (text and JSON), `check` mentions the
//! count once, and `l10n export --only all` offers it for review so that one import gives
//! it a record.

use crate::exchange_messages::{
    export_to, import_into_ftl, import_refused, status_entry, status_shows, translate,
};
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
        status_shows(
            &site,
            None,
            &[
                "; 2 of 2 messages translated, 0 stale, 0 missing, 2 unchecked\n",
                "  unchecked locales/en/site.ftl: message nav-press\n  unchecked locales/en/site.ftl: message greeting\n",
                "; 1 of 2 messages translated, 0 stale, 1 missing, 1 unchecked\n",
            ],
        );
        let (report, entry) = status_entry(&site, "en", "nav-press");
        assert_eq!(report["messages_unchecked"], 2, "{report}");
        assert_eq!(report["messages_translated"], 2, "{report}");
        assert_eq!(report["messages_stale"], 0, "{report}");
        assert_eq!(report["words_stale"], 0, "{report}");
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

        for only in [&[][..], &["--only", "stale"]] {
            let (_, exported) = export_to(&site, "en", format, only);
            assert!(!exported.contains("locales/az/site.ftl"), "{exported}");
        }
        let (file, exported) = export_to(&site, "en", format, &["--only", "all"]);
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
        import_refused(&site, &file, "is still marked for review");
        let confirmed = translate(
            &exported,
            format,
            &[("Mətbuat xidməti", "Press office"), ("Salam", "Hello")],
        );
        let (text, records) = import_into_ftl(&site, &file, &confirmed, &[], "en/site.ftl");
        assert_eq!(records, 2, "{text}");
        assert_eq!(
            text,
            "# Ours.\nnav-press = Press office\ngreeting = Hello\n"
        );
        let status = status_shows(
            &site,
            Some("en"),
            &["; 2 of 2 messages translated, 0 stale, 0 missing, 0 unchecked\n"],
        );
        assert!(!status.contains("unchecked locales"), "{status}");
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
        let (_, entry) = status_entry(&site, "ru", "nav-press");
        assert_eq!(entry["state"], "unchecked");
        let hash = entry["hash"].as_str().unwrap().to_owned();
        assert_eq!(hash.len(), 16, "{hash}");
        site.write(
            "locales/ru/site.ftl",
            format!("# dilmanc-source: {hash}\nnav-press = Пресс-служба\n"),
        );
        status_shows(
            &site,
            Some("ru"),
            &["; 1 of 2 messages translated, 0 stale, 1 missing, 0 unchecked\n"],
        );
        let check = site.run(&["check"]);
        assert!(!check.stderr.contains("dilmanc-source"), "{}", check.stderr);
        site.write(
            "locales/az/site.ftl",
            "nav-press = Mətbuat\ngreeting = Salam\n",
        );
        status_shows(
            &site,
            Some("ru"),
            &["; 1 of 2 messages translated, 1 stale, 1 missing, 0 unchecked\n"],
        );
        let check = site.run(&["check"]);
        assert!(
            check.stderr.contains("warning: the message nav-press of locales/ru/site.ftl was translated from an older version"),
            "{}",
            check.stderr
        );
    }
}
