//! Press releases (issue 4) on the `press` fixture: scaffolding, embargo and expiry, the
//! release page, images, archives, feeds and structured data.

use scraper::{Html, Selector};

use crate::support::TestSite;

const BASE: &str = "https://press.example.az";

fn built() -> TestSite {
    let site = TestSite::fixture("press");
    site.build();
    site
}

fn select(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap())
        .map(|e| e.html())
        .collect()
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

#[test]
fn new_scaffolds_a_dated_draft_and_a_translation() {
    let site = TestSite::fixture("press");
    let run = site.run(&["new", "press", "Şəkidə yeni mərkəz"]);
    run.success();
    let today = jiff::ZonedDateTime::now().date();
    let file = format!("content/press/{today}-sekide-yeni-merkez.md");
    assert!(run.stdout.contains(&file), "{}", run.stdout);
    let text = std::fs::read_to_string(site.root().join(&file)).unwrap();
    assert!(text.contains(&format!("date = {today}")), "{text}");
    assert!(text.contains("draft = true"), "{text}");

    let run = site.run(&[
        "new",
        "press",
        "Meeting in Geneva",
        "--lang",
        "en",
        "--translation-of",
        "content/press/2017-06-21-geneva/index.md",
    ]);
    // The English translation of the bundle exists already.
    run.failure(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);

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
    let text =
        std::fs::read_to_string(site.root().join("content/press/2017-05-10-visit.en.md")).unwrap();
    assert!(text.contains("date = 2017-05-10"), "{text}");
    assert!(text.contains("tags = [\"regionlar\"]"), "{text}");
    assert!(
        text.contains("[translation]") && text.contains("original = \"2017-05-10-visit.md\""),
        "{text}"
    );
    // A draft until someone publishes it; then it replaces the fallback page.
    site.build();
    assert!(
        site.read("en/press/visit/index.html")
            .contains("class=\"notice\"")
    );
    let published = text.replace("draft = true\n", "");
    site.write("content/press/2017-05-10-visit.en.md", published);
    site.build();
    assert!(
        !site
            .read("en/press/visit/index.html")
            .contains("class=\"notice\"")
    );

    site.run(&["new", "nope", "X"]).failure(2);
    site.run(&["new", "press"]).failure(2);
}

#[test]
fn embargoed_releases_leak_nowhere_until_future() {
    let site = built();
    for (path, bytes) in site.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Embarqolu"),
            "{} leaks the embargoed title",
            path.display()
        );
        assert!(
            !text.contains("gizli-teq"),
            "{} leaks the embargoed tag",
            path.display()
        );
        assert!(
            !path.to_string_lossy().contains("embargo"),
            "{}",
            path.display()
        );
    }
    assert!(
        !site.exists("xeberler/gizli/index.html"),
        "no alias for an embargoed page"
    );
    site.run(&["build", "--future"]).success();
    assert!(site.exists("press/embargo/index.html"));
    assert!(site.exists("xeberler/gizli/index.html"));
}

#[test]
fn editor_backups_of_an_embargoed_release_are_not_published() {
    let site = TestSite::fixture("press");
    let embargoed = std::fs::read(site.root().join("content/press/2099-01-01-embargo.md")).unwrap();
    let leftovers = [
        "content/press/2099-01-01-embargo.md~",
        "content/press/#2099-01-01-embargo.md#",
        "content/press/2099-01-01-embargo.md.bak",
        "content/press/2099-01-01-embargo.md.save",
        "content/press/2017-06-21-geneva/index.md.orig",
        "static/notes.txt~",
        "static/Thumbs.db",
    ];
    for leftover in leftovers {
        site.write(leftover, &embargoed);
    }
    site.write(
        "static/.well-known/security.txt",
        "Contact: mailto:x@example.az\n",
    );
    site.build();
    for (path, bytes) in site.snapshot() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Embarqolu"),
            "{} leaks the embargoed title",
            path.display()
        );
    }
    assert!(!site.exists("notes.txt~"));
    assert!(!site.exists("Thumbs.db"));
    // A dotfile of static/ is published on purpose.
    assert!(site.exists(".well-known/security.txt"));
}

#[test]
fn expired_releases_stay_online_archived_but_are_listed_nowhere() {
    let site = built();
    let page = site.read("press/old/index.html");
    assert!(page.contains("arxivdədir"), "archived notice");
    for list in [
        "press/index.html",
        "press/page/2/index.html",
        "tags/reqemsal/index.html",
        "index.html",
        "press/atom.xml",
        "atom.xml",
        "press/2016/index.html",
    ] {
        assert!(
            !site.read(list).contains("Köhnəlmiş elan"),
            "{list} lists an expired release"
        );
    }
    assert!(!site.exists("press/2016/03/index.html"));
    assert!(
        site.read("sitemap.xml")
            .contains(&format!("{BASE}/press/old/")),
        "its URL stays alive"
    );
}

#[test]
fn the_release_page_has_dateline_images_gallery_video_source_tags_and_related() {
    let site = built();
    let doc = Html::parse_document(&site.read("press/geneva/index.html"));
    assert_eq!(texts(&doc, ".dateline"), ["İyunun 21-də"]);
    let meta = texts(&doc, ".meta dd").join(" | ");
    assert!(
        meta.contains("21 iyun 2017") && meta.contains("23 iyun 2017"),
        "{meta}"
    );
    assert!(
        meta.contains("Agentliyin mətbuat xidməti"),
        "source: {meta}"
    );
    let lead = select(&doc, "img.lead-image").join("");
    assert!(
        lead.contains(r#"alt="Görüş zalında dəyirmi masa""#),
        "{lead}"
    );
    assert!(
        lead.contains(r#"width="1200""#) && lead.contains(r#"height="800""#),
        "{lead}"
    );
    assert!(lead.contains("/press/geneva/lead-480w.jpg 480w, /press/geneva/lead-960w.jpg 960w, /press/geneva/lead.jpg 1200w"), "{lead}");
    assert!(
        !lead.contains("loading"),
        "the lead image is above the fold"
    );
    let gallery = select(&doc, ".gallery img").join("");
    assert!(
        gallery.contains(r#"loading="lazy""#) && gallery.contains("second-480w.jpg 480w"),
        "{gallery}"
    );
    assert_eq!(texts(&doc, ".gallery figcaption"), ["Görüşdən sonra"]);
    let body_image = select(&doc, ".content img").join("");
    assert!(
        body_image.contains(r#"width="700""#) && body_image.contains(r#"loading="lazy""#),
        "{body_image}"
    );
    assert_eq!(texts(&doc, ".videos a"), ["Görüşdən video"]);
    assert_eq!(texts(&doc, ".tags a"), ["beynəlxalq", "rəqəmsal"]);
    // Related: newest releases of the language, those sharing tags first; never itself.
    let related = texts(&doc, ".related .item-title a");
    assert_eq!(
        related,
        [
            "Rəqəmsal xidmətlər genişlənir",
            "Bölgəyə səfər",
            "İlin yekunu"
        ]
    );
    // Previous and next in the section's order.
    assert!(
        select(&doc, r#"a[rel="next"]"#)
            .join("")
            .contains("/press/digital/")
    );
}

#[test]
fn resized_images_have_the_announced_sizes_and_are_cached() {
    let site = TestSite::fixture("press");
    let run = site.build();
    assert!(
        run.stdout
            .contains("images: 2 (3 copies resized, 0 from the cache)"),
        "{}",
        run.stdout
    );
    let public = site.root().join("public");
    for (file, size) in [
        ("press/geneva/lead-480w.jpg", (480, 320)),
        ("press/geneva/lead-960w.jpg", (960, 640)),
        ("press/geneva/second-480w.jpg", (480, 320)),
        ("en/press/geneva/lead-960w.jpg", (960, 640)),
        ("press/geneva/lead.jpg", (1200, 800)),
    ] {
        assert_eq!(
            image::image_dimensions(public.join(file)).unwrap(),
            size,
            "{file}"
        );
    }
    assert!(
        !site.exists("press/geneva/second-960w.jpg"),
        "never wider than the original"
    );
    let run = site.build();
    assert!(
        run.stdout.contains("(0 copies resized, 3 from the cache)"),
        "{}",
        run.stdout
    );
    // The list shows the smallest copy as a thumbnail.
    assert!(
        site.read("press/index.html")
            .contains(r#"src="/press/geneva/lead-480w.jpg""#)
    );
}

#[test]
fn a_markdown_image_without_alt_text_is_an_error() {
    let site = TestSite::fixture("press");
    site.write(
        "content/press/2017-06-02-digital.md",
        "+++\ntitle = \"R\"\ndate = 2017-06-02\n+++\nMətn.\n\n![](../2017-06-21-geneva/lead.jpg)\n",
    );
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(
        run.stderr
            .contains("content/press/2017-06-02-digital.md:7:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no alternative text"), "{}", run.stderr);
}

#[test]
fn archives_by_year_and_month_in_every_language() {
    let site = built();
    for prefix in ["", "en/"] {
        for archive in [
            "press/2017/",
            "press/2017/06/",
            "press/2017/05/",
            "press/2016/",
            "press/2016/12/",
        ] {
            assert!(
                site.exists(&format!("{prefix}{archive}index.html")),
                "{prefix}{archive}"
            );
        }
    }
    let june = Html::parse_document(&site.read("press/2017/06/index.html"));
    assert_eq!(texts(&june, "h1"), ["Press-relizlər: iyun 2017"]);
    assert_eq!(
        texts(&june, ".items .item-title a"),
        ["Cenevrədə görüş keçirildi", "Rəqəmsal xidmətlər genişlənir"]
    );
    let june_en = Html::parse_document(&site.read("en/press/2017/06/index.html"));
    assert_eq!(texts(&june_en, "h1"), ["Press releases: June 2017"]);
    // The section page links to its archive.
    assert!(
        site.read("press/index.html")
            .contains(r#"href="/press/2017/06/""#)
    );
}

#[test]
fn lists_mark_untranslated_releases_with_their_language() {
    let site = built();
    let doc = Html::parse_document(&site.read("en/press/index.html"));
    let items = select(&doc, ".items .item-title");
    let geneva = items
        .iter()
        .find(|i| i.contains("Meeting held in Geneva"))
        .expect("the translation");
    assert!(!geneva.contains("lang=\"az\""), "{geneva}");
    let digital = items
        .iter()
        .find(|i| i.contains("Rəqəmsal xidmətlər"))
        .expect("the untranslated release");
    assert!(
        digital.contains(r#"lang="az""#) && digital.contains("not translated yet"),
        "{digital}"
    );
    assert!(
        !site.read("en/press/atom.xml").contains("Rəqəmsal"),
        "feeds list translations only"
    );
}

#[test]
fn feeds_parse_with_full_content_and_absolute_urls() {
    let site = built();
    for feed in [
        "press/atom.xml",
        "press/rss.xml",
        "en/press/atom.xml",
        "atom.xml",
        "en/rss.xml",
    ] {
        let text = site.read(feed);
        let parsed =
            feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert!(!parsed.entries.is_empty(), "{feed}");
        for entry in &parsed.entries {
            let content = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .unwrap_or_default();
            assert!(!content.is_empty(), "{feed}: full content");
            for attribute in ["src=\"", "href=\"", "srcset=\""] {
                for value in content.split(attribute).skip(1) {
                    assert!(
                        value.starts_with("https://") || value.starts_with('#'),
                        "{feed}: relative {attribute}{value}"
                    );
                }
            }
        }
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
    }
    let atom = feed_rs::parser::parse(site.read("press/atom.xml").as_bytes()).unwrap();
    let geneva = atom
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content.contains("Cenevrə"))
        .unwrap();
    let content = geneva.content.as_ref().unwrap().body.clone().unwrap();
    assert!(
        content.contains(&format!("{BASE}/press/geneva/second.jpg")),
        "{content}"
    );
    assert!(
        geneva
            .links
            .iter()
            .any(|l| l.rel.as_deref() == Some("enclosure")
                && l.href == format!("{BASE}/press/geneva/lead.jpg"))
    );
    roxmltree::Document::parse(&site.read("sitemap.xml")).unwrap();
}

#[test]
fn sharing_cards_and_news_article_structured_data() {
    let site = built();
    let doc = Html::parse_document(&site.read("en/press/geneva/index.html"));
    let meta = |css: &str| -> String {
        doc.select(&Selector::parse(css).unwrap())
            .next()
            .and_then(|e| e.value().attr("content"))
            .unwrap_or_else(|| panic!("no {css}"))
            .to_owned()
    };
    assert_eq!(
        meta(r#"meta[property="og:title"]"#),
        "Meeting held in Geneva"
    );
    assert_eq!(meta(r#"meta[property="og:type"]"#), "article");
    assert_eq!(
        meta(r#"meta[property="og:image"]"#),
        format!("{BASE}/en/press/geneva/lead.jpg")
    );
    assert_eq!(meta(r#"meta[name="twitter:card"]"#), "summary_large_image");
    let json_of = |file: &str| -> serde_json::Value {
        let doc = Html::parse_document(&site.read(file));
        let script = doc
            .select(&Selector::parse(r#"script[type="application/ld+json"]"#).unwrap())
            .next()
            .unwrap_or_else(|| panic!("{file}: no JSON-LD"))
            .inner_html();
        serde_json::from_str(&script).unwrap()
    };
    let en = json_of("en/press/geneva/index.html");
    assert_eq!(en["@type"], "NewsArticle");
    assert_eq!(en["headline"], "Meeting held in Geneva");
    assert_eq!(en["inLanguage"], "en");
    assert_eq!(en["datePublished"], "2017-06-21T07:00:00Z");
    assert_eq!(en["image"][0], format!("{BASE}/en/press/geneva/lead.jpg"));
    assert_eq!(
        en["translationOfWork"]["@id"],
        format!("{BASE}/press/geneva/")
    );
    let az = json_of("press/geneva/index.html");
    assert_eq!(az["dateModified"], "2017-06-23T00:00:00Z");
    assert_eq!(az["publisher"]["@type"], "GovernmentOrganization");
    assert_eq!(
        az["workTranslation"][0]["@id"],
        format!("{BASE}/en/press/geneva/")
    );
}

#[test]
fn the_search_page_works_without_javascript() {
    let site = built();
    // The page works without JavaScript: the form is in a <template>, the links are not.
    let page = site.read("search/index.html");
    assert!(page.contains("<template id=\"search-form\">"));
    assert!(page.contains(r#"href="/press/""#));
}
