//! The theme's interface messages in the exchange file: those a language lacks (neither the
//! site's nor the theme's `locales/<lang>/` has them) travel from the theme's default-language
//! file and import into the site's `locales/<lang>/`, with records that a change of the
//! theme's original makes stale; optional messages (`press-date`) are not offered.

use crate::exchange_messages::{
    export_to, import_into_ftl, import_refused, status_shows, translate,
};
use crate::support::TestSite;

/// The theme's default-language file as exchange files name it.
const THEME_FTL: &str = "themes/default/locales/az/theme.ftl";

/// `l10n status --lang <lang> --format json`: the language's report.
fn report(site: &TestSite, lang: &str) -> serde_json::Value {
    let json = site.run(&["l10n", "status", "--lang", lang, "--format", "json"]);
    json.success();
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    report[0].clone()
}

/// Arabic, which the built-in theme has no file for, gets the theme's messages through the
/// exchange file: plural messages with Arabic's six categories, `press-date` left out; the
/// site's `locales/ar/theme.ftl` carries them, and the Arabic pages show them.
#[test]
fn theme_messages_round_trip_into_a_language_the_theme_lacks() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("multilingual");
        let before = report(&site, "ar");
        let needed = before["theme_messages"].as_u64().unwrap();
        assert!(needed > 90, "{before}");
        // The site's locales/ar/site.ftl has `site-title`, by hand (unchecked).
        assert_eq!(before["theme_messages_missing"], needed - 1, "{before}");
        assert_eq!(before["theme_messages_translated"], 1, "{before}");
        assert_eq!(before["theme_messages_unchecked"], 1, "{before}");
        let words = before["words_missing"].as_u64().unwrap();
        status_shows(
            &site,
            Some("ar"),
            &[
                &format!(
                    "; 1 of {needed} theme messages translated, 0 stale, {} missing, 1 unchecked\n",
                    needed - 1
                ),
                "  unchecked locales/ar/site.ftl: message site-title\n",
                &format!("  missing   {THEME_FTL}: message search-title (1 words)\n"),
            ],
        );
        // The theme has English: nothing of it to translate, and no theme clause.
        let english = report(&site, "en");
        assert_eq!(english["theme_messages_missing"], 0, "{english}");
        assert_eq!(
            english["theme_messages_translated"], english["theme_messages"],
            "{english}"
        );
        let text = status_shows(&site, Some("en"), &[]);
        assert!(!text.contains("theme messages"), "{text}");

        let (file, exported) = export_to(&site, "ar", format, &[]);
        assert!(exported.contains(THEME_FTL), "{exported}");
        assert!(!exported.contains("press-date"), "optional: {exported}");
        assert!(!exported.contains("Yanvarın"), "optional: {exported}");
        for category in ["zero", "one", "two", "few", "many", "other"] {
            assert!(
                exported.contains(&format!("tag-page-count[{category}]")),
                "{category}: {exported}"
            );
        }
        // The hand-made `site-title` is offered only with --only all.
        assert_eq!(
            exported.matches("message:site-title").count(),
            0,
            "{exported}"
        );
        let translated = translate(
            &exported,
            format,
            &[("Axtarış", "بحث"), ("Ana səhifə", "الرئيسية")],
        );
        let (theme_ftl, records) = import_into_ftl(&site, &file, &translated, &[], "ar/theme.ftl");
        assert!(records as u64 >= needed - 1, "{records}: {theme_ftl}");
        assert!(theme_ftl.contains("nav-home = الرئيسية\n"), "{theme_ftl}");
        assert!(theme_ftl.contains("search-title = بحث\n"), "{theme_ftl}");
        assert!(
            theme_ftl.contains("        [zero] { $count } material\n"),
            "{theme_ftl}"
        );
        assert!(
            theme_ftl.contains("# $query (String) - what the reader typed\nsearch-found ="),
            "the theme's comments travel: {theme_ftl}"
        );
        assert!(
            theme_ftl.contains("footer-copyright = © { site-title }\n"),
            "a message without a letter travels whole: {theme_ftl}"
        );
        assert!(!theme_ftl.contains("press-date"), "{theme_ftl}");
        assert!(!site.exists("themes"), "the built-in theme stays as it is");
        let after = report(&site, "ar");
        assert_eq!(after["theme_messages_translated"], needed, "{after}");
        assert_eq!(after["theme_messages_missing"], 0, "{after}");
        assert!(after["words_missing"].as_u64().unwrap() < words, "{after}");
        let check = site.run(&["check"]);
        check.success();
        assert!(
            !check.stderr.contains("is missing in `ar`"),
            "{}",
            check.stderr
        );
        site.build();
        let home = site.read("ar/index.html");
        assert!(home.contains("الرئيسية"), "{home}");
        // Nothing of the theme is left to export.
        let (_, again) = export_to(&site, "ar", format, &[]);
        assert!(!again.contains(THEME_FTL), "{again}");
        // An import of a message the theme itself translates is refused.
        let (file, english) = export_to(&site, "en", format, &["--only", "all"]);
        assert!(!english.contains(THEME_FTL), "{english}");
        // Forged with dilmanc's record of the language exported for, which import otherwise
        // refuses first.
        let forged = exported
            .replace("target-language=\"ar\"", "target-language=\"en\"")
            .replace("\nlanguage=ar<", "\nlanguage=en<")
            .replace("\"Language: ar\\n\"", "\"Language: en\\n\"")
            .replace(
                "\"X-Dilmanc-Target-Language: ar\\n\"",
                "\"X-Dilmanc-Target-Language: en\\n\"",
            )
            .replace("locales/ar/", "locales/en/");
        std::fs::write(&file, translate(&forged, format, &[])).unwrap();
        import_refused(&site, &file, "is translated by the theme's locales/en/");
    }
}

/// A message the site translated from the theme's original goes stale when the theme's
/// original changes (a new version of the theme): status counts it, check warns, export
/// offers it with the old translation for review, and import replaces it in place.
#[test]
fn a_changed_theme_message_is_stale_in_status_check_export_and_import() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture_with_theme_copy("multilingual");
        let (file, exported) = export_to(&site, "ar", format, &[]);
        let translated = translate(&exported, format, &[("Axtarış", "بحث")]);
        import_into_ftl(&site, &file, &translated, &[], "ar/theme.ftl");
        status_shows(&site, Some("ar"), &[]);
        let theme = site.root().join("themes/default/locales/az/theme.ftl");
        let text = std::fs::read_to_string(&theme).unwrap();
        std::fs::write(
            &theme,
            text.replace(
                "search-title = Axtarış\n",
                "search-title = Saytda axtarış\n",
            ),
        )
        .unwrap();
        let stale = report(&site, "ar");
        assert_eq!(stale["theme_messages_stale"], 1, "{stale}");
        assert_eq!(stale["theme_messages_missing"], 0, "{stale}");
        assert_eq!(stale["words_stale"], 2, "{stale}");
        status_shows(
            &site,
            Some("ar"),
            &["  stale     locales/ar/theme.ftl: message search-title (2 words)\n"],
        );
        let check = site.run(&["check"]);
        assert!(
            check.stderr.contains(&format!(
                "the message search-title of locales/ar/theme.ftl was translated from an older version of it in {}",
                "themes/default/locales/az/theme.ftl"
            )),
            "{}",
            check.stderr
        );
        let (file, exported) = export_to(&site, "ar", format, &["--only", "stale"]);
        match format {
            "xliff" => assert!(
                exported.contains("<source>Saytda axtarış</source>\n<target state=\"needs-review-translation\">بحث</target>"),
                "{exported}"
            ),
            _ => assert!(
                exported.contains("#, fuzzy\n") && exported.contains("msgid \"Saytda axtarış\"\nmsgstr \"بحث\""),
                "{exported}"
            ),
        }
        import_refused(&site, &file, "is still marked for review");
        let confirmed = translate(&exported, format, &[("Saytda axtarış", "البحث في الموقع")]);
        let confirmed = confirmed
            .replace("needs-review-translation", "translated")
            .replace("#, fuzzy\n", "");
        let (ftl, _) = import_into_ftl(&site, &file, &confirmed, &[], "ar/theme.ftl");
        assert!(ftl.contains("search-title = البحث في الموقع\n"), "{ftl}");
        assert_eq!(ftl.matches("search-title =").count(), 1, "{ftl}");
        let current = report(&site, "ar");
        assert_eq!(current["theme_messages_stale"], 0, "{current}");
    }
}
