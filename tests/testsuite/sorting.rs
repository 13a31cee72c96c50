//! How sections order their pages: without `sort_by` by weight, then date, then title (as
//! Hugo does), with no date required; with `sort_by = "date"` newest first, a date required.

use scraper::{Html, Selector};

use crate::support::TestSite;

/// The titles of a list page's items, in order.
fn listed_titles(site: &TestSite, list: &str) -> Vec<String> {
    let doc = Html::parse_document(&site.read(list));
    doc.select(&Selector::parse("ul.items > li a").unwrap())
        .map(|a| a.text().collect::<String>().trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// An "agency" section without `sort_by`, with undated and dated, weighted and unweighted
/// pages; its titles are chosen so that Azerbaijani order differs from byte order
/// (Ç before D, Ə after E).
fn agency_site() -> TestSite {
    let site = TestSite::fixture("multilingual");
    site.write(
        "content/agency/_index.md",
        "+++\ntitle = \"Agentlik\"\n+++\n",
    );
    let pages = [
        ("contact.md", "Əlaqə", "weight = 2\n"),
        ("team.md", "Rəhbərlik", "weight = 1\n"),
        ("history.md", "Tarix", "date = 2019-05-01\n"),
        ("report.md", "Hesabat", "date = 2021-03-01\n"),
        ("values.md", "Dəyərlər", ""),
        ("calls.md", "Çağrı mərkəzi", ""),
        ("emblem.md", "Emblem", ""),
    ];
    for (file, title, extra) in pages {
        site.write(
            &format!("content/agency/{file}"),
            format!("+++\ntitle = \"{title}\"\n{extra}+++\nMətn.\n"),
        );
    }
    site
}

#[test]
fn a_section_without_sort_by_needs_no_dates_and_orders_by_weight_date_title() {
    let site = agency_site();
    site.build();
    assert_eq!(
        listed_titles(&site, "agency/index.html"),
        [
            "Rəhbərlik",     // weight 1
            "Əlaqə",         // weight 2
            "Hesabat",       // 2021
            "Tarix",         // 2019
            "Çağrı mərkəzi", // undated, by Azerbaijani order: Ç < D < E < Ə
            "Dəyərlər",
            "Emblem",
        ]
    );
    // Only an explicit `sort_by = "date"` gets year and month archives.
    assert!(!site.exists("agency/2021/index.html"));
    assert!(site.exists("press/2017/index.html"));
    // Previous and next follow the same order.
    let contact = site.read("agency/contact/index.html");
    assert!(
        contact.contains("href=\"/agency/team/\" rel=\"prev\""),
        "{contact}"
    );
    assert!(
        contact.contains("href=\"/agency/report/\" rel=\"next\""),
        "{contact}"
    );
}

#[test]
fn an_undated_page_in_a_section_sorted_by_date_is_still_an_error() {
    let site = agency_site();
    site.write(
        "content/agency/_index.md",
        "+++\ntitle = \"Agentlik\"\nsort_by = \"date\"\n+++\n",
    );
    let run = site.run(&["build"]);
    run.failure(1);
    for file in [
        "contact.md",
        "team.md",
        "values.md",
        "calls.md",
        "emblem.md",
    ] {
        assert!(
            run.stderr.contains(&format!("content/agency/{file}")),
            "{file} is not named:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains("the page has no date, but section `agency` lists its pages by date"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("history.md"), "{}", run.stderr);
}

#[test]
fn new_prefixes_the_date_only_in_sections_sorted_by_date() {
    let site = agency_site();
    let run = site.run(&["new", "agency", "Struktur"]);
    run.success();
    assert!(site.root().join("content/agency/struktur.md").is_file());
    let run = site.run(&["new", "press", "Struktur"]);
    run.success();
    let dated = std::fs::read_dir(site.root().join("content/press"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .any(|name| {
            name.ends_with("-struktur.md") && name.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        });
    assert!(dated, "no dated file for the press release");
}
