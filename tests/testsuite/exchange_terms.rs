//! Terms (`-brand = ...`) of the site's `.ftl` files travel like messages: missing or stale
//! in a language, they are exported with their attributes, imported into
//! `locales/<lang>/` under a `# dilmanc-source:` record, and reported stale when the
//! original changes.

use crate::exchange_messages::{fill_messages, translate, without_records};
use crate::support::TestSite;

const AZ: &str = "# The agency's name.\n-brand = Dövlət Xidmətləri Agentliyi\n    .gender = neuter\nsite-title = { -brand }\n";

#[test]
fn terms_travel_import_with_a_record_and_go_stale() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("services");
        site.write("locales/az/site.ftl", AZ);
        // Translated by hand: it uses the term the language does not have yet.
        site.write("locales/en/site.ftl", "site-title = { -brand }\n");
        let status = site.run(&["l10n", "status", "--lang", "en"]);
        assert!(
            status
                .stdout
                .contains("; 1 of 2 messages translated, 0 stale, 1 missing, 1 unchecked\n"),
            "{}",
            status.stdout
        );
        assert!(
            status
                .stdout
                .contains("  missing   locales/az/site.ftl: term -brand (4 words)\n"),
            "{}",
            status.stdout
        );
        let file = site.root().join(format!("en.{format}"));
        let file = file.to_str().unwrap();
        let export = || {
            site.run(&[
                "l10n", "export", "--lang", "en", "--format", format, "-o", file,
            ])
            .success();
            std::fs::read_to_string(file).unwrap()
        };
        let exported = export();
        match format {
            "xliff" => {
                assert!(exported.contains("resname=\"term:-brand\""), "{exported}");
                assert!(
                    exported.contains("resname=\"term:-brand.gender\""),
                    "{exported}"
                );
            }
            _ => {
                assert!(exported.contains("#. Term -brand, "), "{exported}");
                assert!(
                    exported.contains("#. Term attribute -brand.gender "),
                    "{exported}"
                );
            }
        }
        assert!(!exported.contains("site-title"), "{exported}");
        let english = |kind: &str, _: &str| -> Option<String> {
            match kind {
                "-brand" => Some("State Services Agency".into()),
                "-brand.gender" => Some("neuter".into()),
                _ => None,
            }
        };
        std::fs::write(file, fill_messages(&exported, format, &english)).unwrap();
        site.run(&["l10n", "import", "--allow-partial", file])
            .success();
        let written = std::fs::read_to_string(site.root().join("locales/en/site.ftl")).unwrap();
        let (text, records) = without_records(&written);
        assert_eq!(records, 1, "{written}");
        assert_eq!(
            text,
            "site-title = { -brand }\n\n# The agency's name.\n-brand = State Services Agency\n    .gender = neuter\n",
            "{format}"
        );
        site.build();
        assert!(
            site.read("en/index.html").contains("State Services Agency"),
            "{format}"
        );

        // The original term changes: its translation is stale.
        site.write(
            "locales/az/site.ftl",
            &AZ.replace("Xidmətləri Agentliyi", "Xidmətlər Agentliyi"),
        );
        let status = site.run(&["l10n", "status", "--lang", "en"]);
        assert!(
            status
                .stdout
                .contains("; 2 of 2 messages translated, 1 stale, 0 missing, 1 unchecked\n"),
            "{}",
            status.stdout
        );
        assert!(
            status
                .stdout
                .contains("  stale     locales/en/site.ftl: term -brand (4 words)\n"),
            "{}",
            status.stdout
        );
        let check = site.run(&["check"]);
        assert!(
            check.stderr.contains("warning: the term -brand of locales/en/site.ftl was translated from an older version of it in locales/az/site.ftl"),
            "{}",
            check.stderr
        );
        let exported = export();
        match format {
            "xliff" => assert!(
                exported.contains("<source>Dövlət Xidmətlər Agentliyi</source>\n<target state=\"needs-review-translation\">State Services Agency</target>"),
                "{exported}"
            ),
            _ => assert!(
                exported.contains("#, fuzzy\nmsgctxt \"u")
                    && exported.contains("msgid \"Dövlət Xidmətlər Agentliyi\"\nmsgstr \"State Services Agency\""),
                "{exported}"
            ),
        }
        let confirmed = translate(
            &exported,
            format,
            &[("Dövlət Xidmətlər Agentliyi", "Public Services Agency")],
        );
        std::fs::write(file, confirmed).unwrap();
        site.run(&["l10n", "import", file]).success();
        let written = std::fs::read_to_string(site.root().join("locales/en/site.ftl")).unwrap();
        let (text, records) = without_records(&written);
        assert_eq!(records, 1, "{written}");
        assert_eq!(
            text,
            "site-title = { -brand }\n\n# The agency's name.\n-brand = Public Services Agency\n    .gender = neuter\n",
            "{format}: replaced in place"
        );
        let status = site.run(&["l10n", "status", "--lang", "en"]);
        assert!(
            status
                .stdout
                .contains(", 0 stale, 0 missing, 1 unchecked\n"),
            "{}",
            status.stdout
        );
    }
}
