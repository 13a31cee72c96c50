//! Languages: which codes `site.toml` takes, and their text direction from CLDR.

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
    assert!(
        run.stderr.contains("rename the file with `.he`"),
        "{}",
        run.stderr
    );
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
