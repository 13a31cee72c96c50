//! The search index as the browser reads it: the entry file, the shards of postings and the
//! fragments of each page. What is in it (full text, service facts), what never is (drafts,
//! embargoed, expired and fallback copies), and that it is the same bytes every build.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::TestSite;

/// One language's index, loaded whole: every key with its pages' URLs, and the forms.
struct Index {
    entry: Value,
    keys: BTreeMap<String, Vec<String>>,
    forms: BTreeMap<String, String>,
}

fn index(site: &TestSite, prefix: &str) -> Index {
    let folder = format!("{prefix}search/");
    let entry: Value = serde_json::from_str(&site.read(&format!("{folder}index.json"))).unwrap();
    let fragments = entry["fragments"].as_str().unwrap();
    let url = |doc: u64| -> String {
        let fragment: Value =
            serde_json::from_str(&site.read(&format!("{folder}{fragments}{doc}.json"))).unwrap();
        fragment["u"].as_str().unwrap().to_owned()
    };
    let mut keys = BTreeMap::new();
    let mut forms = BTreeMap::new();
    let shards = entry["shards"].as_array().unwrap();
    for (n, shard) in shards.iter().enumerate() {
        let first = shard[0].as_str().unwrap();
        let body: serde_json::Map<String, Value> =
            serde_json::from_str(&site.read(&format!("{folder}{}", shard[1].as_str().unwrap())))
                .unwrap();
        assert_eq!(body.keys().next().map(String::as_str), Some(first));
        if let Some(next) = shards.get(n + 1) {
            let next = next[0].as_str().unwrap();
            assert!(
                body.keys().all(|k| k.as_str() < next),
                "shards are in key order"
            );
        }
        for (key, value) in body {
            let mut list = match value {
                Value::String(to) => {
                    forms.insert(key, to);
                    continue;
                }
                Value::Array(list) => list,
                other => panic!("{key}: {other}"),
            };
            if let Some(Value::String(to)) = list.first() {
                forms.insert(key.clone(), to.clone());
                list.remove(0);
            }
            let mut doc = 0;
            let mut urls = Vec::new();
            for pair in list.chunks(2) {
                doc += pair[0].as_u64().unwrap();
                assert!(pair[1].as_u64().unwrap() >= 1, "impacts are positive");
                urls.push(url(doc));
            }
            keys.insert(key, urls);
        }
    }
    Index { entry, keys, forms }
}

impl Index {
    fn pages(&self, key: &str) -> Vec<&str> {
        self.keys
            .get(key)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }
}

fn press_site() -> TestSite {
    let site = TestSite::fixture("press");
    site.write(
        "content/press/2017-07-01-body.md",
        "+++\ntitle = \"Qısa başlıq\"\ndate = 2017-07-01\n+++\n## Ara başlıq\n\nMətndə itirilmiş pasportların bərpası &amp; <b>xüsusi</b> sözü zəbərcəd.\n",
    );
    site.write(
        "content/press/2017-07-02-draft.md",
        "+++\ntitle = \"Qaralama\"\ndate = 2017-07-02\ndraft = true\n+++\nQaralamasöz.\n",
    );
    site
}

#[test]
fn the_index_holds_the_full_text_of_each_published_page() {
    let site = press_site();
    site.build();
    let az = index(&site, "");
    // A word of the body only, in a suffixed form: the page is found by its stem.
    assert_eq!(az.pages("zeberced"), ["/press/body/"]);
    assert!(
        az.pages("pasport").contains(&"/press/body/"),
        "pasportların → pasport"
    );
    assert_eq!(az.pages("ara"), ["/press/body/"], "headings are indexed");
    assert!(az.pages("rəqəmsal").is_empty(), "keys are folded");
    assert!(
        az.pages("reqemsal").contains(&"/press/digital/"),
        "tags are indexed"
    );
    // Markup is not text.
    assert!(az.keys.keys().all(|k| k != "b" && k != "amp"));
    let fragments = az.entry["fragments"].as_str().unwrap();
    let fragment = site.read(&format!(
        "search/{fragments}{}.json",
        (0..50)
            .find(|n| site
                .read(&format!("search/{fragments}{n}.json"))
                .contains("/press/body/"))
            .unwrap()
    ));
    let fragment: Value = serde_json::from_str(&fragment).unwrap();
    assert_eq!(fragment["t"], "Qısa başlıq");
    assert_eq!(fragment["i"], "2017-07-01");
    assert!(
        fragment["x"]
            .as_str()
            .unwrap()
            .contains("bərpası & xüsusi sözü"),
        "excerpt text is plain: {fragment}"
    );
    // Sections are ranges of page numbers, for the filters.
    let sections = az.entry["sections"].as_array().unwrap();
    assert!(sections.iter().any(|s| s["key"] == "press"), "{sections:?}");
}

#[test]
fn drafts_embargoed_expired_and_fallback_copies_are_never_indexed() {
    let site = press_site();
    site.build();
    let az = index(&site, "");
    let en = index(&site, "en/");
    assert!(az.pages("qaralamasoz").is_empty(), "drafts");
    assert!(az.pages("embarqolu").is_empty(), "embargoed pages");
    assert!(az.pages("gizli").is_empty(), "embargoed pages");
    assert!(az.pages("kohnelmis").is_empty(), "expired pages");
    let every_url = |i: &Index| -> Vec<String> { i.keys.values().flatten().cloned().collect() };
    assert!(!every_url(&az).iter().any(|u| u == "/press/old/"));
    // /en/press/digital/ shows the Azerbaijani text: it is found in the az index only.
    assert!(az.pages("reqemsal").contains(&"/press/digital/"));
    assert!(!every_url(&en).iter().any(|u| u == "/en/press/digital/"));
    assert!(en.pages("geneva").contains(&"/en/press/geneva/"));
}

#[test]
fn services_are_found_by_their_documents_eligibility_fees_and_centres() {
    let site = TestSite::fixture("services");
    site.build();
    let az = index(&site, "");
    let cagiris = "/services/cagiris/";
    // Documents "Şəxsiyyət vəsiqəsi", eligibility "18 yaşına çatmış vətəndaşlar", by proxy
    // "Notarial etibarnamə", fee 20.5 AZN.
    for key in ["sexsiyyet", "vesiq", "vetendas", "notarial", "azn"] {
        assert!(
            az.pages(key).contains(&cagiris),
            "{key}: {:?}",
            az.pages(key)
        );
    }
    let categories = az.entry["categories"].as_array().unwrap();
    assert!(
        categories.iter().any(|c| c["key"] == "certificates"),
        "{categories:?}"
    );
    // Its centres by name: merkez-2 is "İkinci mərkəz" (İkinci → ikinc).
    assert!(
        az.pages("ikinc").contains(&cagiris),
        "{:?}",
        az.pages("ikinc")
    );
}

#[test]
fn english_and_russian_forms_map_to_their_stems() {
    let site = TestSite::fixture("services");
    site.build();
    let en = index(&site, "en/");
    assert!(!en.keys.is_empty());
    for (form, key) in &en.forms {
        assert!(en.keys.contains_key(key), "{form} → {key} has postings");
    }
    assert!(
        index(&site, "").forms.is_empty(),
        "Azerbaijani is stemmed in the browser"
    );
}

#[test]
fn the_index_is_the_same_bytes_every_build() {
    let site = press_site();
    site.build();
    let search_files = |site: &TestSite| {
        site.snapshot()
            .into_iter()
            .filter(|(path, _)| path.to_string_lossy().contains("search/"))
            .collect::<BTreeMap<_, _>>()
    };
    let first = search_files(&site);
    assert!(first.len() > 5, "{:?}", first.keys().collect::<Vec<_>>());
    site.build();
    assert_eq!(search_files(&site), first);
}

#[test]
fn a_new_build_with_a_page_added_puts_the_fragments_in_another_folder() {
    // A browser or a cache that kept a fragment of the last build must not show it for the
    // page that now has its number: the folder of the fragments is named by all of them.
    let site = press_site();
    site.build();
    let before = index(&site, "");
    let folder = before.entry["fragments"].as_str().unwrap().to_owned();
    assert!(
        folder.starts_with("f/") && folder.ends_with('/') && folder.len() == 13,
        "{folder}"
    );
    site.build();
    assert_eq!(index(&site, "").entry["fragments"], folder.as_str());
    // An earlier date: the new page comes first among the press releases.
    site.write(
        "content/press/2016-01-01-first.md",
        "+++\ntitle = \"İlk\"\ndate = 2016-01-01\n+++\nİlk mətn.\n",
    );
    site.build();
    let after = index(&site, "");
    let moved = after.entry["fragments"].as_str().unwrap();
    assert_ne!(moved, folder);
    assert!(!site.root().join("public/search").join(&folder).exists());
    assert_eq!(
        after.entry["docs"].as_u64(),
        before.entry["docs"].as_u64().map(|n| n + 1)
    );
}

#[test]
fn a_run_of_letters_without_spaces_is_not_a_word() {
    // A careless paste: an encoded file or a line without spaces, 200,000 letters long.
    // It is in no key, so not in the entry file every visitor's first query downloads; the
    // page is still found by its other words, and a 64-letter word is still a word.
    let site = press_site();
    let longest = "ə".repeat(64);
    site.write(
        "content/press/2017-07-03-paste.md",
        format!(
            "+++\ntitle = \"Yapışdırılmış\"\ndate = 2017-07-03\n+++\nƏvvəl {} qızılgül {longest}.\n",
            "x".repeat(200_000)
        ),
    );
    site.build();
    let az = index(&site, "");
    let entry = site.read("search/index.json");
    assert!(entry.len() < 4_000, "entry file of {} bytes", entry.len());
    assert!(
        az.keys.keys().all(|k| k.chars().count() <= 64),
        "{:?}",
        az.keys.keys().map(String::len).max()
    );
    assert_eq!(az.pages("qizilgul"), ["/press/paste/"]);
    assert_eq!(az.pages(&"e".repeat(64)), ["/press/paste/"]);
}
