//! Raw HTML in Markdown: published as written by default (`[markdown] raw_html = "keep"`),
//! cleaned in pages and feeds alike with `raw_html = "sanitize"`.

use crate::support::TestSite;

/// The Geneva release, with hostile raw HTML beside what the renderer itself writes: a
/// heading (id), a table (scrolling box, alignment) and a bundle image (srcset).
const GENEVA: &str = r#"+++
title = "Cenevrədə görüş"
description = "Nümayəndə heyəti Cenevrədə görüşdü."
date = 2017-06-21
tags = ["Beynəlxalq əməkdaşlıq", "Görüş"]
aliases = ["/xeberler/cenevre/"]
source = { name = "Agentlik", url = "https://example.gov.az/x" }
+++
Görüş [pasport xidməti](../../services/passport.md#senedler) haqqında idi.

## Nəticələr

<script>alert("body")</script>

<img src="photo.png" alt="Foto" onerror="alert('img')">

| Ölkə | Say |
|---|--:|
| Azərbaycan | 3 |

![Foto](photo.png)

<p onclick="alert('p')" lang="fr">Texte brut</p>
"#;

/// The services section's text, with a script of its own.
const SERVICES: &str = "+++\ntitle = \"Xidmətlər\"\nsort_by = \"title\"\n+++\nBütün xidmətlər.\n\n<script>alert(\"section\")</script>\n";

/// The fixture with those texts, and `[markdown]` as given (none for the default).
fn site(markdown: Option<&str>) -> TestSite {
    let site = TestSite::fixture("multilingual");
    site.write("content/press/2017-06-21-geneva/index.md", GENEVA);
    site.write("content/services/_index.md", SERVICES);
    if let Some(table) = markdown {
        let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
        site.write("site.toml", format!("{config}\n[markdown]\n{table}\n"));
    }
    site.build();
    site
}

/// The full content of the Geneva entry of each feed that lists it.
fn feed_contents(site: &TestSite) -> Vec<(&'static str, String)> {
    ["press/atom.xml", "press/rss.xml", "atom.xml", "rss.xml"]
        .into_iter()
        .map(|feed| {
            let parsed = feed_rs::parser::parse(site.read(feed).as_bytes())
                .unwrap_or_else(|e| panic!("{feed}: {e}"));
            let entry = parsed
                .entries
                .iter()
                .find(|e| e.title.as_ref().unwrap().content.contains("Cenevrə"))
                .unwrap_or_else(|| panic!("{feed} lists the Geneva release"));
            let content = entry.content.as_ref().and_then(|c| c.body.clone());
            (feed, content.unwrap_or_default())
        })
        .collect()
}

#[test]
fn sanitize_removes_scripts_and_handlers_from_pages_and_feeds() {
    let site = site(Some("raw_html = \"sanitize\""));
    let page = site.read("press/geneva/index.html");
    let mut bodies = vec![("press/geneva/index.html", page)];
    bodies.extend(feed_contents(&site));
    for (file, html) in &bodies {
        for gone in ["alert(", "onerror", "onclick"] {
            assert!(!html.contains(gone), "{file} keeps {gone}:\n{html}");
        }
        for kept in [
            "<h2 id=\"neticeler\">",
            "class=\"table-scroll\" role=\"region\" tabindex=\"0\"",
            "<table>",
            "<th style=\"text-align:right\">Say</th>",
            "photo-480w.png 480w",
            "sizes=\"(min-width: 45rem) 40rem, 100vw\"",
            "width=\"1000\" height=\"600\"",
            "<p lang=\"fr\">Texte brut</p>",
            "alt=\"Foto\"",
        ] {
            assert!(html.contains(kept), "{file} lost {kept}:\n{html}");
        }
    }
    let services = site.read("services/index.html");
    assert!(services.contains("Bütün xidmətlər."), "{services}");
    assert!(!services.contains("alert("), "{services}");
}

#[test]
fn keep_publishes_raw_html_as_written() {
    for markdown in [None, Some("raw_html = \"keep\"")] {
        let site = site(markdown);
        let page = site.read("press/geneva/index.html");
        let mut bodies = vec![("press/geneva/index.html", page)];
        bodies.extend(feed_contents(&site));
        for (file, html) in &bodies {
            for kept in [
                "<script>alert(\"body\")</script>",
                "onerror=\"alert('img')\"",
                "<p onclick=\"alert('p')\" lang=\"fr\">",
                "<h2 id=\"neticeler\">",
                "photo-480w.png 480w",
            ] {
                assert!(html.contains(kept), "{file} lost {kept}:\n{html}");
            }
        }
        let services = site.read("services/index.html");
        assert!(
            services.contains("<script>alert(\"section\")</script>"),
            "{services}"
        );
    }
}

#[test]
fn an_unknown_raw_html_policy_names_the_line_and_the_allowed_values() {
    let site = TestSite::fixture("multilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let line = config.lines().count() + 3;
    site.write(
        "site.toml",
        format!("{config}\n[markdown]\nraw_html = \"strip\"\n"),
    );
    let run = site.run(&["build"]);
    run.failure(1);
    for expected in [
        format!("site.toml:{line}:"),
        "`strip`".to_owned(),
        "`keep`".to_owned(),
        "`sanitize`".to_owned(),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "{expected}:\n{}",
            run.stderr
        );
    }
}
