//! The search index of one language: a small entry file, shards of postings by key range,
//! and one fragment per page with what a result shows.
//!
//! ```text
//! search/index.json      {"docs":N,"fragments":"f/<hash>/","shards":[[first key, file], …],"sections":[…],"categories":[…]}
//! search/t/<hash>.json   {"key":[doc, impact, doc − previous doc, impact, …], "form":"key", …}
//! search/f/<hash>/<doc>.json  {"u":url,"t":title,"s":section,"i":ISO date,"d":date,"c":category,"x":text,"l":lang}
//! ```
//!
//! Every file but the entry file is named by what it holds, so that a browser or a cache
//! that kept a file of an earlier build never mixes it with this one's: a shard by the
//! hash of its bytes, the fragments by a folder named by the hash of all of them in order
//! (a page added or changed renumbers or changes them). The browser reads the entry file
//! afresh on every visit, and reads it again if a file it names is gone.
//!
//! Pages are numbered by section, then category, then URL, so that a section or category
//! is a range of numbers (`from`, `to`) in the entry file and filtering needs no download.
//! An impact is the page's BM25 term weight (k1 = 1.2, b = 0.75) for the key, times 20 and
//! rounded; the field-weighted frequency counts a word of the title 5 times, of a heading 3
//! (plus once as body text), of the description, tags and service facts twice. The
//! browser multiplies it by the key's IDF, which it computes from the shard.
//!
//! For English and Russian, whose Snowball stemmers `search.js` does not carry, a shard also
//! maps each word form of the pages that is not its own key to its key ("renewed":"renew"),
//! in the same key order; a form that is also a key of its own words keeps its postings,
//! after the key it maps to (`"начал":["нача",3,12,…]`). Words spelled alike once their
//! marks are gone can have different keys ("герой" and "герои" are both "герои", with the
//! keys "гер" and "геро"): their form maps to all of them, space-separated in key order
//! (`"герои":"гер геро"`), and a query for it finds every page that uses either word.

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::documents::{Documents, Shown};
use super::fold::Folder;

/// Bytes of postings after which a shard is closed.
const SHARD_BYTES: usize = 24_000;
/// Entries of a shard written in parallel at a time.
const ENTRY_BATCH: usize = 4096;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// An entry of a shard: a word form that maps to its keys (space-separated), or a key with
/// its postings (the number of its list), after the keys it maps to when it is also a form.
enum ShardEntry<'a> {
    Form(&'a str),
    Key {
        maps_to: Option<&'a str>,
        postings: usize,
    },
}

/// A file of the index, relative to the language's `search/` folder.
pub(crate) struct IndexFile {
    pub(crate) path: String,
    /// Shared as the output file holds it: made into an `Arc` when it is complete, so the
    /// index is not copied once more when it becomes the build's files.
    pub(crate) bytes: Arc<[u8]>,
}

#[derive(Serialize)]
struct Entry<'a> {
    docs: usize,
    /// The folder of the fragments ([`fragments_folder`]).
    fragments: &'a str,
    shards: Vec<(String, String)>,
    sections: Vec<Range<'a>>,
    categories: Vec<Range<'a>>,
}

#[derive(Serialize)]
struct Range<'a> {
    key: &'a str,
    title: &'a str,
    from: usize,
    to: usize,
}

/// Adds up the frequencies of the words of one key, a document at a time: a count per key
/// kept from document to document (each back to zero once read), and the keys seen.
struct KeyFrequencies {
    /// By key id: the frequency in the document being read.
    counts: Vec<u32>,
    /// The keys of the document being read, in the order first seen.
    seen: Vec<u32>,
}

impl KeyFrequencies {
    /// Counts for `keys` keys, all zero.
    fn new(keys: usize) -> KeyFrequencies {
        KeyFrequencies {
            counts: vec![0; keys],
            seen: Vec::new(),
        }
    }

    /// The frequency of each key of a document's `words` (ids with their frequencies), in
    /// no particular order: the frequencies of the words of one key are added up.
    fn of(&mut self, words: &[(u32, u32)], word_key: &[Option<u32>]) -> Vec<(u32, u32)> {
        let KeyFrequencies { counts, seen } = self;
        for &(word, f) in words {
            if let Some(key) = word_key[word as usize] {
                let count = &mut counts[key as usize];
                if *count == 0 {
                    seen.push(key);
                }
                *count += f;
            }
        }
        seen.drain(..)
            .map(|key| (key, std::mem::take(&mut counts[key as usize])))
            .collect()
    }
}

/// One entry of a shard as JSON (`"key":[…]` or `"form":"key"`); `postings` are the
/// lists of the keys, each in document order.
fn entry_json(key: &str, entry: &ShardEntry, postings: &[Vec<(u32, u32)>]) -> Vec<u8> {
    let mut line = Vec::new();
    push_json_string(&mut line, key);
    line.push(b':');
    match *entry {
        ShardEntry::Form(to) => push_json_string(&mut line, to),
        ShardEntry::Key {
            maps_to,
            postings: list,
        } => {
            let list = &postings[list];
            debug_assert!(list.is_sorted(), "postings are added in document order");
            line.push(b'[');
            if let Some(to) = maps_to {
                push_json_string(&mut line, to);
                line.push(b',');
            }
            let mut number = itoa::Buffer::new();
            let mut previous = 0;
            for (n, &(doc, impact)) in list.iter().enumerate() {
                if n > 0 {
                    line.push(b',');
                }
                line.extend_from_slice(number.format(doc - previous).as_bytes());
                line.push(b',');
                line.extend_from_slice(number.format(impact).as_bytes());
                previous = doc;
            }
            line.push(b']');
        }
    }
    line
}

/// Whether `key` has a character beyond the Basic Multilingual Plane (four bytes in UTF-8,
/// a surrogate pair in UTF-16). Without one, UTF-16 code units compare as the characters
/// do, and so as their UTF-8 bytes.
fn beyond_bmp(key: &str) -> bool {
    key.bytes().any(|b| b >= 0xF0)
}

/// Appends `text` as a JSON string.
fn push_json_string(out: &mut Vec<u8>, text: &str) {
    serde_json::to_writer(out, text).expect("a string");
}

/// The shards of an index as their entries come in key order: a shard is closed when the
/// next entry would take it beyond `limit` bytes (commas counted).
struct ShardWriter {
    /// Bytes of postings after which a shard is closed ([`SHARD_BYTES`] but in tests).
    limit: usize,
    /// The entries of the open shard, comma-separated, with its opening brace.
    current: Vec<u8>,
    /// The first key of the open shard, if one is open.
    first: Option<String>,
    /// The first key and bytes of each closed shard.
    closed: Vec<(String, Vec<u8>)>,
}

impl ShardWriter {
    /// No shard yet, each to be closed after `limit` bytes.
    fn new(limit: usize) -> ShardWriter {
        ShardWriter {
            limit,
            current: Vec::new(),
            first: None,
            closed: Vec::new(),
        }
    }

    /// Adds the entry of `key` (its JSON `line`), in a new shard if it does not fit.
    fn push(&mut self, key: &str, line: &[u8]) {
        if self.first.is_some() && self.current.len() - 1 + line.len() > self.limit {
            self.close();
        }
        if self.first.is_none() {
            self.first = Some(key.to_owned());
            self.current.reserve(self.limit + 2);
            self.current.push(b'{');
        } else {
            self.current.push(b',');
        }
        self.current.extend_from_slice(line);
    }

    /// Closes the open shard, if any.
    fn close(&mut self) {
        if let Some(key) = self.first.take() {
            let mut bytes = std::mem::take(&mut self.current);
            bytes.push(b'}');
            self.closed.push((key, bytes));
        }
    }

    /// The first key and file name of each shard, and the shards' files, each named by the
    /// hash of its bytes (hashed in parallel).
    fn finish(mut self) -> (Vec<(String, String)>, Vec<IndexFile>) {
        self.close();
        self.closed
            .into_par_iter()
            .map(|(key, bytes)| {
                let path = format!("t/{}.json", &crate::hash::short_sha256(&bytes)[..10]);
                (
                    (key, path.clone()),
                    IndexFile {
                        path,
                        bytes: bytes.into(),
                    },
                )
            })
            .unzip()
    }
}

/// The index files of the documents of language `lang`.
pub(crate) fn build(lang: &str, documents: Documents) -> Vec<IndexFile> {
    build_in_shards(lang, documents, SHARD_BYTES)
}

/// [`build`] with shards closed after `shard_bytes` (small in tests, for many shards).
pub(super) fn build_in_shards(
    lang: &str,
    documents: Documents,
    shard_bytes: usize,
) -> Vec<IndexFile> {
    let documents = documents.numbered();
    let folder = Folder::new(lang);
    // Each distinct word is folded and stemmed once: the key (and, for languages the
    // browser cannot stem, the form) of every distinct word, then each page's frequency
    // by key.
    let folded: Vec<(String, Option<String>)> = documents
        .vocabulary
        .par_iter()
        .map(|word| {
            let key = folder.key(word);
            let form = folder.needs_forms().then(|| folder.prefix(word));
            (key, form)
        })
        .collect();
    let mut key_ids: HashMap<&str, u32> = HashMap::default();
    let mut keys: Vec<&str> = Vec::new();
    let word_key: Vec<Option<u32>> = folded
        .iter()
        .map(|(key, _)| {
            (!key.is_empty()).then(|| {
                *key_ids.entry(key).or_insert_with(|| {
                    keys.push(key);
                    u32::try_from(keys.len() - 1).expect("fewer than 2³² keys")
                })
            })
        })
        .collect();
    let docs = &documents.docs;
    let average = docs.iter().map(|d| f64::from(d.length)).sum::<f64>() / docs.len().max(1) as f64;
    let impacts: Vec<Vec<(u32, u32)>> = docs
        .par_iter()
        .map_init(
            || KeyFrequencies::new(keys.len()),
            |frequencies, doc| {
                let norm = K1 * (1.0 - B + B * f64::from(doc.length) / average.max(1.0));
                let mut impacts = frequencies.of(&doc.words, &word_key);
                for (_, frequency) in &mut impacts {
                    let f = f64::from(*frequency);
                    let impact = (f * (K1 + 1.0) / (f + norm) * 20.0).round().max(1.0);
                    *frequency = impact as u32;
                }
                impacts
            },
        )
        .collect();
    drop(word_key);
    // Each list made as long as it will be, not grown a posting at a time.
    let mut lengths = vec![0usize; keys.len()];
    for &(key, _) in impacts.iter().flatten() {
        lengths[key as usize] += 1;
    }
    let mut postings: Vec<Vec<(u32, u32)>> = lengths.into_iter().map(Vec::with_capacity).collect();
    for (doc, list) in (0u32..).zip(impacts) {
        for (key, impact) in list {
            postings[key as usize].push((doc, impact));
        }
    }
    // Words that share a form can have different keys ("герой", "герои": "герои"): the form
    // maps to all of them, in key order. A form that is the only key of its words needs no
    // entry of its own.
    let mut form_keys: HashMap<&str, Vec<&str>> = HashMap::default();
    for (key, form) in &folded {
        if let Some(form) = form.as_deref().filter(|_| !key.is_empty()) {
            form_keys.entry(form).or_default().push(key);
        }
    }
    let forms: Vec<(&str, String)> = form_keys
        .into_iter()
        .filter_map(|(form, mut to)| {
            to.sort_unstable();
            to.dedup();
            (to != [form]).then(|| (form, to.join(" ")))
        })
        .collect();
    // Postings and forms in one key order: a form's entry is its keys as a string; a form
    // that is also a key of its own words has its postings after the keys it maps to
    // ("начал" is a form of "нача" and the key of "начало").
    let mut items: HashMap<&str, ShardEntry> = forms
        .iter()
        .map(|(form, keys)| (*form, ShardEntry::Form(keys)))
        .collect();
    for (n, key) in keys.into_iter().enumerate() {
        let maps_to = match items.get(key) {
            Some(ShardEntry::Form(to)) => Some(*to),
            _ => None,
        };
        items.insert(
            key,
            ShardEntry::Key {
                maps_to,
                postings: n,
            },
        );
    }
    // In the order JavaScript compares strings (UTF-16 code units), so that the browser's
    // binary search over the shards' first keys agrees with it.
    let mut items: Vec<(&str, ShardEntry)> = items.into_iter().collect();
    if items.iter().any(|(key, _)| beyond_bmp(key)) {
        items.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    } else {
        items.sort_unstable_by(|a, b| a.0.cmp(b.0));
    }
    // The entries are written in parallel a batch at a time, then added to the shards in
    // order; a key's postings are dropped once written, so they are held only once as text.
    let mut shards = ShardWriter::new(shard_bytes);
    for batch in items.chunks(ENTRY_BATCH) {
        let lines: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|(key, entry)| entry_json(key, entry, &postings))
            .collect();
        for ((key, entry), line) in batch.iter().zip(lines) {
            shards.push(key, &line);
            if let ShardEntry::Key { postings: list, .. } = entry {
                postings[*list] = Vec::new();
            }
        }
    }
    let (shards, mut files) = shards.finish();
    let ranges = |part: &dyn Fn(&Shown) -> Option<(&str, &str)>| {
        let mut out: Vec<Range> = Vec::new();
        for (n, doc) in docs.iter().enumerate() {
            let Some((key, title)) = part(&doc.shown) else {
                continue;
            };
            match out.last_mut() {
                Some(last) if last.key == key && last.to == n => last.to = n + 1,
                _ => out.push(Range {
                    key,
                    title,
                    from: n,
                    to: n + 1,
                }),
            }
        }
        out
    };
    let fragments = fragments_folder(
        &docs
            .iter()
            .map(|doc| &*doc.shown.fragment)
            .collect::<Vec<_>>(),
    );
    let entry = Entry {
        docs: docs.len(),
        fragments: &fragments,
        shards,
        sections: ranges(&|d| {
            (!d.section.0.is_empty()).then_some((d.section.0.as_str(), d.section.1.as_str()))
        }),
        categories: ranges(&|d| d.category.as_ref().map(|(k, t)| (k.as_str(), t.as_str()))),
    };
    files.push(IndexFile {
        path: "index.json".to_owned(),
        bytes: serde_json::to_vec(&entry).expect("plain data").into(),
    });
    for (n, doc) in documents.docs.into_iter().enumerate() {
        files.push(IndexFile {
            path: format!("{fragments}{n}.json"),
            bytes: doc.shown.fragment,
        });
    }
    files
}

/// The folder of the fragments, `f/<hash>/`: named by the hashes of every fragment in
/// document order (xxh3, each fragment's hashed in parallel; 40 bits of their hash), so
/// that it changes whenever a fragment or the numbering does. A page of an earlier build
/// then finds its fragments gone (and reads the entry file again) rather than a cache's or
/// a new build's fragment of another page under the same number.
fn fragments_folder(fragments: &[&[u8]]) -> String {
    let each: Vec<u128> = fragments
        .par_iter()
        .map(|fragment| xxhash_rust::xxh3::xxh3_128(fragment))
        .collect();
    let mut hash = xxhash_rust::xxh3::Xxh3Default::new();
    for fragment in each {
        hash.update(&fragment.to_le_bytes());
    }
    format!("f/{:010x}/", hash.digest128() >> 88)
}

#[cfg(test)]
mod tests {
    use super::{KeyFrequencies, beyond_bmp, fragments_folder};

    #[test]
    fn the_fragments_folder_changes_with_any_fragment_or_their_order() {
        let folder = |fragments: &[&str]| {
            fragments_folder(&fragments.iter().map(|f| f.as_bytes()).collect::<Vec<_>>())
        };
        let base = folder(&["{\"u\":\"/a/\"}", "{\"u\":\"/b/\"}"]);
        assert_eq!(base.len(), "f/0123456789/".len());
        assert_eq!(base, folder(&["{\"u\":\"/a/\"}", "{\"u\":\"/b/\"}"]));
        for other in [
            folder(&["{\"u\":\"/b/\"}", "{\"u\":\"/a/\"}"]),
            folder(&["{\"u\":\"/a/\"}", "{\"u\":\"/c/\"}"]),
            folder(&["{\"u\":\"/a/\"}"]),
            // The same bytes cut in other places are other fragments.
            folder(&["{\"u\":\"/a/\"}{", "\"u\":\"/b/\"}"]),
        ] {
            assert_ne!(other, base);
        }
    }

    #[test]
    fn key_frequencies_add_up_the_words_of_a_key_and_start_again_at_each_document() {
        // Words 0 and 2 share key 1; word 1 has no key.
        let word_key = [Some(1), None, Some(1), Some(0)];
        let mut frequencies = KeyFrequencies::new(2);
        let mut of = |words: &[(u32, u32)]| {
            let mut keys = frequencies.of(words, &word_key);
            keys.sort_unstable();
            keys
        };
        assert_eq!(of(&[(0, 5), (1, 7), (2, 1), (3, 2)]), [(0, 2), (1, 6)]);
        assert_eq!(of(&[(2, 3)]), [(1, 3)]);
        assert_eq!(of(&[(1, 4)]), []);
    }

    #[test]
    fn bytes_order_keys_as_utf16_does_within_the_basic_plane() {
        let mut keys = [
            "z", "ə", "a", "\u{ffff}", "\u{e000}", "я", "ab", "a\u{7ff}", "a\u{800}",
        ];
        assert!(!keys.iter().any(|k| beyond_bmp(k)));
        let mut utf16 = keys;
        utf16.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        keys.sort();
        assert_eq!(keys, utf16);
        // A surrogate pair sorts before U+E000, its UTF-8 bytes after.
        assert!(beyond_bmp("😀"));
        assert!("😀".encode_utf16().lt("\u{e000}".encode_utf16()));
        assert!("😀" > "\u{e000}");
    }
}
