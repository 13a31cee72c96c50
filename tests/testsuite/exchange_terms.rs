//! Terms (`-brand = ...`) of the site's `.ftl` files travel like messages: missing or stale
//! in a language, they are exported with their attributes, imported into
//! `locales/<lang>/` under a `# dilmanc-source:` record, and reported stale when the
//! original changes.

use crate::exchange_messages::{
    export_to, fill_messages, import_into_ftl, status_shows, translate,
};
use crate::support::TestSite;

const AZ: &str = "# The agency's name.\n-brand = Dövlət Xidmətləri Agentliyi\n    .gender = neuter\nsite-title = { -brand }\n";

#[test]
fn terms_travel_import_with_a_record_and_go_stale() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("services");
        site.write("locales/az/site.ftl", AZ);
        // Translated by hand: it uses the term the language does not have yet.
        site.write("locales/en/site.ftl", "site-title = { -brand }\n");
        status_shows(
            &site,
            Some("en"),
            &[
                "; 1 of 2 messages translated, 0 stale, 1 missing, 1 unchecked\n",
                "  missing   locales/az/site.ftl: term -brand (4 words)\n",
            ],
        );
        let (file, exported) = export_to(&site, "en", format, &[]);
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
        let (text, records) = import_into_ftl(
            &site,
            &file,
            &fill_messages(&exported, format, &english),
            &["--allow-partial"],
            "en/site.ftl",
        );
        assert_eq!(records, 1, "{text}");
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
            AZ.replace("Xidmətləri Agentliyi", "Xidmətlər Agentliyi"),
        );
        status_shows(
            &site,
            Some("en"),
            &[
                "; 2 of 2 messages translated, 1 stale, 0 missing, 1 unchecked\n",
                "  stale     locales/en/site.ftl: term -brand (4 words)\n",
            ],
        );
        let check = site.run(&["check"]);
        assert!(
            check.stderr.contains("warning: the term -brand of locales/en/site.ftl was translated from an older version of it in locales/az/site.ftl"),
            "{}",
            check.stderr
        );
        let (_, exported) = export_to(&site, "en", format, &[]);
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
        let (text, records) = import_into_ftl(&site, &file, &confirmed, &[], "en/site.ftl");
        assert_eq!(records, 1, "{text}");
        assert_eq!(
            text,
            "site-title = { -brand }\n\n# The agency's name.\n-brand = Public Services Agency\n    .gender = neuter\n",
            "{format}: replaced in place"
        );
        status_shows(&site, Some("en"), &[", 0 stale, 0 missing, 1 unchecked\n"]);
    }
}
