//! Languages and names: text direction from CLDR, and file names written in either Unicode
//! encoding (NFC, or NFD as macOS saves them).

use crate::support::TestSite;

/// The `dir` attribute of the `<html>` element of `html`.
fn html_dir(html: &str) -> &str {
    let start = html.find("<html").expect("an <html> element");
    let tag = &html[start..start + html[start..].find('>').expect("the tag ends")];
    let at = tag.find(" dir=\"").expect("a dir attribute") + " dir=\"".len();
    &tag[at..at + tag[at..].find('"').unwrap()]
}

#[test]
fn right_to_left_languages_outside_the_common_ones_are_written_rtl() {
    let site = TestSite::fixture("multilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!(
            "{config}\n[languages.yi]\nname = \"ייִדיש\"\nfallback = \"az\"\n\n\
             [languages.dv]\nname = \"ދިވެހި\"\nfallback = \"az\"\n\n\
             [languages.az-Arab]\nname = \"آذربایجان\"\nfallback = \"az\"\n\n\
             [languages.ur]\nname = \"اردو\"\nfallback = \"az\"\ndirection = \"ltr\"\n"
        ),
    );
    site.build();
    for (lang, dir) in [
        ("yi", "rtl"),
        ("dv", "rtl"),
        ("az-Arab", "rtl"),
        ("ur", "ltr"),
    ] {
        let home = site.read(&format!("{lang}/index.html"));
        assert!(home.contains(&format!("lang=\"{lang}\"")), "{lang}");
        assert_eq!(html_dir(&home), dir, "{lang}");
    }
    assert_eq!(html_dir(&site.read("index.html")), "ltr");
}

#[test]
fn old_language_codes_name_the_code_to_write() {
    let site = TestSite::fixture("multilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{config}\n[languages.iw]\nname = \"עברית\"\n"),
    );
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(run.stderr.contains("site.toml:18"), "{}", run.stderr);
    assert!(run.stderr.contains("`iw` is an old code"), "{}", run.stderr);
    assert!(run.stderr.contains("write it as `he`"), "{}", run.stderr);

    // A file named with the old code of a configured language says which code to use.
    site.write(
        "site.toml",
        format!("{config}\n[languages.he]\nname = \"עברית\"\n"),
    );
    site.write("content/about.iw.md", "+++\ntitle = \"אודות\"\n+++\nטקסט\n");
    let run = site.run(&["check"]);
    run.failure(1);
    assert!(run.stderr.contains("content/about.iw.md"), "{}", run.stderr);
    assert!(run.stderr.contains(".he.md`"), "{}", run.stderr);
}

#[test]
fn private_use_grandfathered_and_extended_tags_are_refused_with_the_reason() {
    let site = TestSite::fixture("multilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    for (code, reason, help) in [
        ("x-private", "private-use tag", "qaa to qtz"),
        ("i-klingon", "grandfathered tag", "write it as `tlh`"),
        (
            "en-GB-oed",
            "grandfathered tag",
            "write it as `en-GB-oxendict`",
        ),
        (
            "qaa-Qaaa-QM-x-southern",
            "has an extension (`-x-southern`)",
            "write it as `qaa-Qaaa-QM`",
        ),
    ] {
        site.write(
            "site.toml",
            format!("{config}\n[languages.\"{code}\"]\nname = \"N\"\n"),
        );
        let run = site.run(&["check"]);
        run.failure(1);
        for expected in ["site.toml:18", reason, help] {
            assert!(run.stderr.contains(expected), "{code}: {}", run.stderr);
        }
    }
    // A private-use language subtag is a language code like any other.
    site.write(
        "site.toml",
        format!("{config}\n[languages.qaa-Qaaa-QM]\nname = \"N\"\nfallback = \"az\"\n"),
    );
    site.build();
    assert!(site.exists("qaa-Qaaa-QM/index.html"));
}

/// `Ş` composed (U+015E, NFC) and decomposed (`S` + U+0327, NFD, as macOS saves names).
const NFC: &str = "2017-01-01-Şəhər";
const NFD: &str = "2017-01-01-S\u{327}əhər";

fn press(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = 2017-01-01\n+++\n{title}.\n")
}

#[test]
fn a_translation_named_in_nfd_belongs_to_its_original_named_in_nfc() {
    assert_ne!(NFC, NFD);
    let site = TestSite::fixture("multilingual");
    site.write(&format!("content/press/{NFC}.md"), press("Şəhər günü"));
    site.write(&format!("content/press/{NFD}.en.md"), press("City day"));
    // Links typed in either encoding find the page.
    site.write(
        "content/about.md",
        format!(
            "+++\ntitle = \"Haqqında\"\n+++\n[nfc](@/press/{NFC}.md) [nfd](@/press/{NFD}.md)\n"
        ),
    );
    // (`check` fails on this fixture for its missing Arabic messages; a build errs on
    // a link to a missing page too.)
    site.build();
    let original = site.read("press/seher/index.html");
    let translation = site.read("en/press/seher/index.html");
    assert!(original.contains("Şəhər günü"), "{original}");
    assert!(translation.contains("City day"), "{translation}");
    // They are one page: each names the other as its translation.
    assert!(
        original.contains("hreflang=\"en\" href=\"https://test.example.az/en/press/seher/\""),
        "{original}"
    );
    let about = site.read("about/index.html");
    assert_eq!(
        about.matches("href=\"/press/seher/\"").count(),
        2,
        "{about}"
    );

    // The other way round: the original saved on a Mac.
    let site = TestSite::fixture("multilingual");
    site.write(&format!("content/press/{NFD}.md"), press("Şəhər günü"));
    site.write(&format!("content/press/{NFC}.ru.md"), press("День города"));
    site.build();
    assert!(
        site.read("ru/press/seher/index.html")
            .contains("День города")
    );
}

#[test]
fn two_originals_whose_names_differ_only_in_encoding_are_an_error_naming_both() {
    let site = TestSite::fixture("multilingual");
    site.write(&format!("content/press/{NFC}.md"), press("Bir"));
    site.write(&format!("content/press/{NFD}.md"), press("İki"));
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        run.failure(1);
        let stderr = &run.stderr;
        assert!(
            stderr.contains(&format!("content/press/{NFC}.md (NFC")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("content/press/{NFD}.md (NFD")),
            "{stderr}"
        );
        assert!(
            stderr.contains("differ only in how their letters are encoded"),
            "{stderr}"
        );
        assert!(stderr.contains("rename one of them"), "{stderr}");
        assert!(!stderr.contains("would both be written"), "{stderr}");
    }
}
