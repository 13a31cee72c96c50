//! `dilmanc l10n status`: coverage per language, and translations made from an older
//! version of their original.

use crate::support::TestSite;

#[test]
fn coverage_and_stale_translations() {
    let site = TestSite::fixture("press");
    site.run(&[
        "new",
        "press",
        "Visit",
        "--lang",
        "en",
        "--translation-of",
        "content/press/2017-05-10-visit.md",
    ])
    .success();
    let json = site.run(&["l10n", "status", "--format", "json"]);
    json.success();
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let en = &report[0];
    assert_eq!(en["lang"], "en");
    assert_eq!(en["pages"], 7);
    assert_eq!(en["translated"], 2);
    assert_eq!(en["stale"], 0);
    assert_eq!(en["coverage"], 28);
    let visit = en["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["original"] == "content/press/2017-05-10-visit.md");
    assert!(
        visit.is_none(),
        "a current translation is not listed: {visit:?}"
    );

    // The original changes: its translation is now stale.
    site.write(
        "content/press/2017-05-10-visit.md",
        "+++\ntitle = \"Bölgəyə səfər\"\ndate = 2017-05-10\n+++\nYeni mətn.\n",
    );
    let text = site.run(&["l10n", "status", "--lang", "en"]);
    text.success();
    assert!(
        text.stdout
            .starts_with("en: 2 of 7 pages translated (28%), 1 stale, 5 missing"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("stale     content/press/2017-05-10-visit.en.md"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("missing   content/press/2016-12-30-year.md"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("unchecked content/press/2017-06-21-geneva/index.en.md"),
        "{}",
        text.stdout
    );

    // `check` names stale translations as warnings.
    let check = site.run(&["check"]);
    assert!(
        check.stderr.contains("warning: content/press/2017-05-10-visit.en.md was translated from an older version of content/press/2017-05-10-visit.md"),
        "{}",
        check.stderr
    );
    site.run(&["l10n", "status", "--lang", "fr"]).failure(2);
    site.run(&["l10n", "status", "--format", "yaml"]).failure(2);
}
