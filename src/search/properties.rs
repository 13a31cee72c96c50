//! What holds for any text the index is given, checked with `assert!`: by the `search` fuzz
//! target (`fuzz/`, compiled with `--cfg fuzzing`, on arbitrary input) and by the unit tests
//! below (on fixed input, so that this code is built and linted with the crate).
//!
//! - [`check_words`]: the fast word cutter agrees with a plain one over `char`s;
//! - [`check_markdown_text`]: the text read from Markdown events is the text read back from
//!   the body's HTML;
//! - [`check_index`]: every word of every document is found as the browser looks it up
//!   (the entry file's shard ranges compared in UTF-16 order, a form's key for English and
//!   Russian, the postings' document numbers), and the same documents give the same bytes.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::documents::{self, Counting, Shown};
use super::fold::{self, Folder, MAX_WORD_CHARS};
use super::index::{self, IndexFile};
use super::markdown_text::markdown_text;
use super::text::plain_text;
use crate::config::RawHtml;
use crate::markdown::{RenderContext, render};

/// Checks that [`fold::words`] gives the runs of word characters of `text` of at most
/// [`MAX_WORD_CHARS`] characters, as a cutter that reads every `char` does.
pub fn check_words(text: &str) {
    let mut fast = Vec::new();
    fold::words(text, |start, end| fast.push((start, end)));
    let mut plain = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let word = i < text.len() && (c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c));
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if text[s..i].chars().count() <= MAX_WORD_CHARS {
                    plain.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    assert_eq!(fast, plain, "words of {text:?}");
}

/// Checks that the search text of Markdown `body` read from its events is the text read
/// from its HTML, where the events tell it (no raw HTML).
pub fn check_markdown_text(body: &str) {
    let Some(from_events) = markdown_text(body) else {
        return;
    };
    let html = render(
        body,
        &RenderContext {
            dir: "press",
            resolve: &|link| Some(format!("/{}/", link.path)),
            image: &|_| None,
            eager_first_image: false,
            table_label: "Cədvəl",
            raw_html: RawHtml::Keep,
        },
    )
    .html;
    assert_eq!(from_events, plain_text(&html), "text of {body:?}");
}

/// Builds the index of language `lang` with one document per text (the text as its body,
/// document `n` at `/p/<n>/`), checks that every word of each is found in its document as
/// `search.js` looks a word up, and that a second build gives the same files.
pub fn check_index(lang: &str, texts: &[&str]) {
    let files = build(lang, texts);
    let again = build(lang, texts);
    assert!(
        files.len() == again.len()
            && files
                .iter()
                .zip(&again)
                .all(|(a, b)| a.path == b.path && a.bytes == b.bytes),
        "two builds of the same documents differ"
    );
    let files: BTreeMap<&str, Value> = files
        .iter()
        .map(|file| {
            let json = serde_json::from_slice(&file.bytes)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.path));
            (file.path.as_str(), json)
        })
        .collect();
    let entry = &files["index.json"];
    assert_eq!(entry["docs"], texts.len());
    let shards: Vec<(&str, &Value)> = entry["shards"]
        .as_array()
        .expect("a list of shards")
        .iter()
        .map(|shard| {
            let first = shard[0].as_str().expect("a first key");
            let file = shard[1].as_str().expect("a file name");
            (first, &files[file])
        })
        .collect();
    assert!(
        shards
            .windows(2)
            .all(|w| utf16_cmp(w[0].0, w[1].0) == Ordering::Less),
        "shards in key order"
    );
    let fragments = entry["fragments"].as_str().expect("a fragments folder");
    for n in 0..texts.len() {
        assert!(files.contains_key(&*format!("{fragments}{n}.json")));
    }
    // The entry of `key` in the shard whose range holds it (`shardOf` in search.js).
    let lookup = |key: &str| -> Option<&Value> {
        let n = shards.partition_point(|(first, _)| utf16_cmp(first, key) != Ordering::Greater);
        shards.get(n.checked_sub(1)?)?.1.get(key)
    };
    let folder = Folder::new(lang);
    for (doc, text) in texts.iter().enumerate() {
        fold::words(text, |start, end| {
            let word = &text[start..end];
            let key = folder.key(word);
            if key.is_empty() {
                return;
            }
            // `keysOf`: what the browser computes, then the keys a form maps to.
            let guess = if folder.needs_forms() {
                folder.prefix(word)
            } else {
                key.clone()
            };
            let keys = match lookup(&guess) {
                Some(Value::String(to)) => to.clone(),
                Some(Value::Array(list)) => match list.first() {
                    Some(Value::String(to)) => to.clone(),
                    _ => guess,
                },
                _ => guess,
            };
            assert!(
                keys.split(' ').any(|k| k == key),
                "{word:?} is looked up as {keys:?}, not as its key {key:?}"
            );
            let postings = match lookup(&key) {
                Some(Value::Array(list)) => list,
                other => panic!("{word:?}: key {key:?} has no postings ({other:?})"),
            };
            assert!(
                documents_of(postings).contains(&doc),
                "{word:?}: key {key:?} does not list document {doc}"
            );
        });
    }
}

/// The index files of one document per text.
fn build(lang: &str, texts: &[&str]) -> Vec<IndexFile> {
    let pages: Vec<usize> = (0..texts.len()).collect();
    let read = |n: usize| {
        let url = format!("/p/{n:04}/");
        let weighted = vec![(1, texts[n].to_owned())];
        let fragment: Arc<[u8]> = format!("{{\"u\":\"{url}\"}}").into_bytes().into();
        let shown = Shown::new(url, fragment, ("p".into(), "P".into()), None, &weighted);
        (shown, weighted)
    };
    let documents = documents::documents(&pages, &read, Counting::Numbered);
    // Shards of about one entry each, so that every key is looked up through the ranges.
    index::build_in_shards(lang, documents, 64)
}

/// The document numbers of a key's postings: a first number, then differences, each
/// followed by an impact; a string first is the key the key maps to as a form.
fn documents_of(postings: &[Value]) -> Vec<usize> {
    let first = usize::from(postings.first().is_some_and(Value::is_string));
    let mut doc = 0;
    postings[first..]
        .chunks(2)
        .map(|pair| {
            assert!(pair.len() == 2 && pair[1].as_u64().is_some_and(|i| i >= 1));
            doc += pair[0].as_u64().expect("a document number") as usize;
            doc
        })
        .collect()
}

/// Compares as JavaScript compares strings: by UTF-16 code units.
fn utf16_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::{check_index, check_markdown_text, check_words};

    const TEXTS: &[&str] = &[
        "",
        "Pasportun itirilməsi: İCAZƏ, IŞIQ və şəhərin xidmətləri.",
        "constructor __proto__ toString hasOwnProperty",
        "Паспорт начало начал мой мои ёлка Ёж",
        "герой герои случай случаи свой свои край краи бой бои новый новыи",
        "The renewed passports, renewing and renewal",
        "جواز السفر إصدار أحمد آمنة مؤسسة",
        "emoji 😀 and 𝒳 letters beyond the basic plane, \u{e000} private",
        "a\u{301}b\u{0307} İ\u{307} ǅ ß ﬁ",
        "\"quotes\" \\backslash\\ \u{2028}line\u{2029} \u{0}nul",
    ];

    #[test]
    fn the_word_cutter_agrees_with_a_plain_one() {
        let long = "ə".repeat(64) + " " + &"a".repeat(65) + " ok";
        for text in TEXTS.iter().copied().chain([long.as_str()]) {
            check_words(text);
        }
    }

    #[test]
    fn markdown_events_give_the_text_of_the_html() {
        for text in TEXTS {
            check_markdown_text(text);
            check_markdown_text(&format!("# {text}\n\n- *{text}*\n\n| {text} |\n|--|\n"));
        }
    }

    #[test]
    fn every_word_is_found_in_its_document_in_every_language() {
        for lang in ["az", "en", "ru", "ar", "tr", "fr"] {
            check_index(lang, TEXTS);
        }
    }
}
