//! The contract between [`super::fold`] and the theme's `search.js`: words of the
//! demonstration site and of the stemmer table with the key each gets here. The table is
//! committed as `tests/browser/lib/search-keys.json`; this test fails when it is stale
//! (`DILMANC_WRITE_SEARCH_KEYS=1 cargo test agreement` rewrites it), and the browser suite
//! checks that `search.js` gives every word the same key.

use std::collections::BTreeMap;
use std::path::Path;

use super::fold::Folder;

const TABLE: &str = "tests/browser/lib/search-keys.json";

/// The words of the `title` and `description` lines of the demonstration site's published
/// pages (not sections) (text the index always holds), by language.
fn demonstration_words(root: &Path) -> BTreeMap<String, Vec<String>> {
    let mut words: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry.expect("a readable content folder");
        let name = entry.file_name().to_string_lossy().into_owned();
        // Section files (`_index.md`) are not pages: their text is in no index.
        let Some(stem) = name
            .strip_suffix(".md")
            .filter(|n| !n.starts_with("_index"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).expect("a readable page");
        if text.contains("draft = true") || text.contains("expires") {
            continue;
        }
        let lang = stem.rsplit_once('.').map_or("az", |(_, l)| l).to_owned();
        let list = words.entry(lang.clone()).or_default();
        for line in text.lines() {
            let Some(value) = line
                .strip_prefix("title = ")
                .or_else(|| line.strip_prefix("description = "))
            else {
                continue;
            };
            let folder = Folder::new(&lang);
            for token in folder.tokens(value) {
                list.push(value[token.start..token.end].to_owned());
            }
        }
    }
    for list in words.values_mut() {
        list.sort();
        list.dedup();
    }
    words
}

#[test]
fn the_key_table_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut words = demonstration_words(root);
    let az = words.entry("az".to_owned()).or_default();
    az.extend(
        super::stem_az::tests::TABLE
            .iter()
            .map(|(w, _)| (*w).to_owned()),
    );
    az.extend(
        [
            "IŞIQ",
            "İCAZƏ",
            "SEHER",
            "sehadetname",
            "\u{4d8}RİZ\u{4d8}",
            "ş\u{4d9}h\u{4d9}r",
        ]
        .map(str::to_owned),
    );
    az.sort();
    az.dedup();
    let table: BTreeMap<&String, BTreeMap<&String, String>> = words
        .iter()
        .map(|(lang, list)| {
            let folder = Folder::new(lang);
            (lang, list.iter().map(|w| (w, folder.key(w))).collect())
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&table).expect("plain data");
    json.push('\n');
    let path = root.join(TABLE);
    if std::env::var_os("DILMANC_WRITE_SEARCH_KEYS").is_some() {
        std::fs::write(&path, &json).expect("a writable table");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == json,
        "{TABLE} is stale: run DILMANC_WRITE_SEARCH_KEYS=1 cargo test agreement"
    );
}
