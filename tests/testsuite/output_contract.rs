//! SPEC.md's output contract, point by point, in every language, on the `multilingual`
//! fixture: az (default), en (falls back to az), ru (no fallback), ar (right-to-left).

use scraper::{Html, Selector};

use crate::support::TestSite;

const BASE: &str = "https://test.example.az";

fn built() -> TestSite {
    let site = TestSite::fixture("multilingual");
    site.build();
    site
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    select(doc, css)
        .first()
        .and_then(|e| e.value().attr(name))
        .map(str::to_owned)
}

/// `hreflang` → `href` of the page's alternate links.
fn hreflangs(doc: &Html) -> Vec<(String, String)> {
    select(doc, r#"link[rel="alternate"][hreflang]"#)
        .iter()
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap().to_owned(),
                e.value().attr("href").unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_page_has_lang_dir_title_canonical_and_switcher() {
    let site = built();
    let files = site.html_files();
    assert!(files.len() > 30, "{files:?}");
    for file in files {
        let doc = Html::parse_document(&site.read(&file));
        let lang = attr(&doc, "html", "lang").unwrap_or_else(|| panic!("{file}: no lang"));
        let expected_lang = match file.split('/').next() {
            Some(code @ ("en" | "ru" | "ar")) if file.contains('/') => code,
            _ => "az",
        };
        // Aliases are written where the old URL was; every other file lives under its language.
        if !file.starts_with("xeberler/") {
            assert_eq!(lang, expected_lang, "{file}");
        }
        let dir = attr(&doc, "html", "dir").unwrap_or_else(|| panic!("{file}: no dir"));
        assert_eq!(dir, if lang == "ar" { "rtl" } else { "ltr" }, "{file}");
        let title = select(&doc, "title");
        assert_eq!(title.len(), 1, "{file}: one <title>");
        let canonical = attr(&doc, r#"link[rel="canonical"]"#, "href")
            .unwrap_or_else(|| panic!("{file}: no canonical"));
        assert!(canonical.starts_with(BASE), "{file}: canonical {canonical}");
        if file.starts_with("xeberler/") {
            continue;
        }
        let title_text: String = title[0].text().collect();
        // The site-title message: the fixture's own in ar, the theme's default elsewhere.
        let site_title = if lang == "ar" {
            "وكالة الاختبار"
        } else {
            "dilmanc"
        };
        assert!(title_text.contains(site_title), "{file}: {title_text}");
        let alternates = hreflangs(&doc);
        let is_fallback = select(&doc, ".notice").len() == 1;
        assert!(
            alternates.iter().any(|(l, _)| *l == lang) || is_fallback,
            "{file}: no self alternate"
        );
        for (code, href) in &alternates {
            assert!(href.starts_with(BASE), "{file}: hreflang {code} {href}");
        }
        // The switcher: a <nav> whose links carry hreflang and lang.
        let links = select(&doc, "nav a[hreflang]");
        for link in &links {
            assert_eq!(
                link.value().attr("hreflang"),
                link.value().attr("lang"),
                "{file}"
            );
        }
    }
}

#[test]
fn a_translated_page_links_its_translations_and_x_default() {
    let site = built();
    for (file, lang) in [
        ("press/geneva/index.html", "az"),
        ("en/press/geneva/index.html", "en"),
        ("ru/press/geneva/index.html", "ru"),
    ] {
        let doc = Html::parse_document(&site.read(file));
        let alternates = hreflangs(&doc);
        let expected = vec![
            ("az".to_owned(), format!("{BASE}/press/geneva/")),
            ("en".to_owned(), format!("{BASE}/en/press/geneva/")),
            ("ru".to_owned(), format!("{BASE}/ru/press/geneva/")),
            ("x-default".to_owned(), format!("{BASE}/press/geneva/")),
        ];
        assert_eq!(alternates, expected, "{file}");
        assert_eq!(
            attr(&doc, r#"link[rel="canonical"]"#, "href").unwrap(),
            format!("{BASE}/{}", file.trim_end_matches("index.html")),
        );
        // Switcher: every other language where the page exists, and not ar (no translation, no fallback).
        let switcher: Vec<String> = select(&doc, "nav a[hreflang]")
            .iter()
            .map(|a| a.value().attr("hreflang").unwrap().to_owned())
            .collect();
        let mut expected: Vec<&str> = ["az", "en", "ru"]
            .into_iter()
            .filter(|l| *l != lang)
            .collect();
        expected.sort();
        let mut switcher_sorted = switcher.clone();
        switcher_sorted.sort();
        assert_eq!(switcher_sorted, expected, "{file}");
    }
}

#[test]
fn a_missing_translation_falls_back_with_a_notice_and_is_not_an_alternate() {
    let site = built();
    let html = site.read("en/press/yeni-merkez/index.html");
    let doc = Html::parse_document(&html);
    assert_eq!(attr(&doc, "html", "lang").as_deref(), Some("en"));
    assert_eq!(
        attr(&doc, r#"link[rel="canonical"]"#, "href").unwrap(),
        format!("{BASE}/press/yeni-merkez/")
    );
    assert!(
        select(&doc, r#"[lang="az"]"#)
            .iter()
            .any(|e| e.html().contains("Yeni mərkəz <strong>açıldı</strong>")),
        "the az content sits in an element with lang=az"
    );
    assert!(
        html.contains("has not been translated"),
        "an English notice: {html}"
    );
    assert!(
        hreflangs(&doc).iter().all(|(code, _)| code != "en"),
        "a fallback is not an alternate"
    );
    // The original does not list the fallback as an alternate either, but offers it in the switcher.
    let original = Html::parse_document(&site.read("press/yeni-merkez/index.html"));
    assert_eq!(
        hreflangs(&original),
        vec![
            ("az".to_owned(), format!("{BASE}/press/yeni-merkez/")),
            ("x-default".to_owned(), format!("{BASE}/press/yeni-merkez/"))
        ]
    );
    assert!(original.html().contains(r#"href="/en/press/yeni-merkez/""#));
    // ru has no fallback: the page does not exist there and is not offered.
    assert!(!site.exists("ru/press/yeni-merkez/index.html"));
    assert!(!original.html().contains("/ru/press/yeni-merkez/"));
    // Not in en feeds or the sitemap.
    assert!(!site.read("en/atom.xml").contains("yeni-merkez"));
    assert!(!site.read("en/press/rss.xml").contains("yeni-merkez"));
    assert!(!site.read("sitemap.xml").contains("/en/press/yeni-merkez/"));
}

#[test]
fn each_language_has_home_sections_pagination_tags_and_404() {
    let site = built();
    for prefix in ["", "en/", "ru/", "ar/"] {
        for file in [
            "index.html",
            "press/index.html",
            "services/index.html",
            "tags/index.html",
            "404.html",
        ] {
            assert!(site.exists(&format!("{prefix}{file}")), "{prefix}{file}");
        }
    }
    // A section without a translation shows its default-language title, marked as such.
    assert!(
        site.read("ru/press/index.html")
            .contains(r#"<h1 lang="az">Mətbuat</h1>"#)
    );
    assert!(site.read("en/press/index.html").contains("<h1>Press</h1>"));
    // Three az press releases, two per page.
    assert!(site.exists("press/page/2/index.html"));
    assert!(!site.exists("press/page/3/index.html"));
    let page2 = site.read("press/page/2/index.html");
    assert!(page2.contains("Cenevrədə görüş"), "oldest last");
    assert!(
        site.read("press/index.html").contains("İllik hesabat"),
        "newest first"
    );
    // Tags per language, slugified with Azerbaijani letters mapped.
    assert!(
        site.read("tags/beynelxalq-emekdasliq/index.html")
            .contains("Cenevrədə görüş")
    );
    assert!(
        site.read("tags/gorus/index.html")
            .contains("Yeni mərkəz açıldı")
    );
    assert!(
        site.read("en/tags/international-cooperation/index.html")
            .contains("Meeting in Geneva")
    );
    assert!(
        !site.exists("en/tags/gorus/index.html"),
        "fallback pages do not add tags"
    );
}

#[test]
fn feeds_sitemap_and_robots() {
    let site = built();
    for feed in [
        "atom.xml",
        "en/atom.xml",
        "ru/atom.xml",
        "ar/atom.xml",
        "press/atom.xml",
        "en/press/atom.xml",
    ] {
        let text = site.read(feed);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "feed", "{feed}");
    }
    for feed in ["rss.xml", "en/rss.xml", "press/rss.xml", "ru/press/rss.xml"] {
        let text = site.read(feed);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "rss", "{feed}");
    }
    let press = site.read("press/atom.xml");
    assert!(press.contains(&format!("{BASE}/press/geneva/")));
    assert!(
        !press.contains("Embarqolu"),
        "embargoed pages stay out of feeds"
    );
    assert!(site.read("en/press/atom.xml").contains("Meeting in Geneva"));
    assert!(
        !site.exists("services/atom.xml"),
        "services have feed = false"
    );

    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for url in [
        "/press/geneva/",
        "/en/press/geneva/",
        "/ru/press/geneva/",
        "/en/services/passport-issue/",
        "/about/",
    ] {
        assert!(
            locs.contains(&format!("{BASE}{url}").as_str()),
            "{url} in sitemap"
        );
    }
    let geneva = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("url")
                && n.children()
                    .any(|c| c.text() == Some(&format!("{BASE}/press/geneva/")))
        })
        .unwrap();
    let alternates: Vec<&str> = geneva
        .children()
        .filter(|c| c.tag_name().name() == "link")
        .filter_map(|c| c.attribute("hreflang"))
        .collect();
    assert_eq!(alternates, ["az", "en", "ru", "x-default"]);
    assert!(
        site.read("robots.txt")
            .contains(&format!("Sitemap: {BASE}/sitemap.xml"))
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = built();
    let html = site.read("xeberler/cenevre/index.html");
    assert!(
        html.contains(&format!("url={BASE}/press/geneva/")),
        "{html}"
    );
    let doc = Html::parse_document(&html);
    assert_eq!(
        attr(&doc, r#"link[rel="canonical"]"#, "href").unwrap(),
        format!("{BASE}/press/geneva/")
    );
}

#[test]
fn dates_are_shown_in_the_page_language() {
    let site = built();
    let az = site.read("press/geneva/index.html");
    assert!(az.contains("21 iyun 2017"), "az long form");
    assert!(az.contains("İyunun 21-də"), "az press form");
    let en = site.read("en/press/geneva/index.html");
    assert!(en.contains("June 21, 2017"));
    assert!(!en.contains("iyun"));
    let ru = site.read("ru/press/geneva/index.html");
    assert!(ru.contains("21 июня 2017 г."), "ru genitive month");
    assert!(
        site.read("press/yeni-merkez/index.html")
            .contains("Sentyabrın 6-da"),
        "-da after 6"
    );
}

#[test]
fn urls_slugs_bundles_and_internal_links() {
    let site = built();
    // Date prefix stripped; a translation keeps the slug unless it sets its own.
    assert!(site.exists("press/hesabat/index.html"));
    assert!(site.exists("en/press/hesabat/index.html"));
    assert!(site.exists("en/services/passport-issue/index.html"));
    assert!(site.exists("services/passport/index.html"));
    // Bundle files beside every language version of the page.
    for prefix in ["", "en/", "ru/"] {
        assert!(
            site.exists(&format!("{prefix}press/geneva/photo.png")),
            "{prefix}"
        );
    }
    // Internal links resolve in the linking page's language, with the anchor kept.
    assert!(
        site.read("press/geneva/index.html")
            .contains(r#"href="/services/passport/#senedler""#)
    );
    assert!(
        site.read("en/press/geneva/index.html")
            .contains(r#"href="/en/services/passport-issue/""#)
    );
    // Links in a fallback page go to the reader's language too.
    assert!(site.read("index.html").contains(r#"href="/services/""#));
}

#[test]
fn drafts_and_future_pages_are_built_only_when_asked() {
    let site = built();
    let everything: String = site
        .snapshot()
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(
        !everything.contains("Qaralama xəbər"),
        "drafts leak nowhere"
    );
    assert!(
        !everything.contains("Embarqolu"),
        "embargoed pages leak nowhere"
    );
    site.run(&["build", "--drafts", "--future"]).success();
    assert!(site.exists("press/qaralama/index.html"));
    assert!(site.exists("press/gelecek/index.html"));
}

#[test]
fn the_build_prints_a_summary_and_replaces_the_output() {
    let site = TestSite::fixture("multilingual");
    site.write("content/stale.md", "+++\ntitle = \"Köhnə\"\n+++\n");
    site.build();
    assert!(site.exists("stale/index.html"));
    std::fs::remove_file(site.root().join("content/stale.md")).unwrap();
    let run = site.build();
    assert!(run.stdout.contains("az 5,"), "{}", run.stdout);
    assert!(run.stdout.contains("en 3 (+2 fallback)"), "{}", run.stdout);
    assert!(
        !site.exists("stale/index.html"),
        "the new output replaces the old one"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".dilmanc-new") || name.ends_with(".dilmanc-old")
        })
        .collect();
    assert!(leftovers.is_empty(), "no staging folders left");
}

#[test]
fn check_writes_nothing_and_rejects_fallback_messages() {
    let site = TestSite::fixture("multilingual");
    // A photo wide enough to be resized: a build caches its copies, a check makes none.
    image::RgbImage::from_pixel(1200, 600, image::Rgb([20, 90, 160]))
        .save(site.root().join("content/press/2017-06-21-geneva/wide.png"))
        .unwrap();
    let before = crate::support::snapshot_dir(site.root());
    let run = site.run(&["check"]);
    // The fixture's ar locale has only site-title: the theme's other messages fall back to az.
    run.failure(1);
    assert!(run.stderr.contains("missing in `ar`"), "{}", run.stderr);
    assert_eq!(
        crate::support::snapshot_dir(site.root())
            .keys()
            .collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "check wrote into the site"
    );
    site.run(&["build"]);
    assert!(site.root().join(".dilmanc-cache/images").is_dir());
}

#[test]
fn timings_name_every_stage_and_the_templates_without_a_progress_line() {
    let site = TestSite::fixture("multilingual");
    let run = site.run(&["build", "--timings"]);
    run.success();
    for stage in ["load content", "pages and lists", "search index", "feeds"] {
        assert!(
            run.stderr.contains(stage),
            "no `{stage}` in:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("page.html"), "{}", run.stderr);
    if cfg!(target_os = "linux") {
        assert!(run.stderr.contains("memory after"), "{}", run.stderr);
        assert!(run.stderr.contains("peak memory"), "{}", run.stderr);
    }
    // Standard error is not a terminal here: no progress line, no escape sequences.
    assert!(!run.stderr.contains(" files ("), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    let plain = site.run(&["build"]);
    plain.success();
    assert!(
        !plain.stderr.contains("pages and lists"),
        "{}",
        plain.stderr
    );
}
