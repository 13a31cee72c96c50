//! The search index of one language: a small entry file, shards of postings by key range,
//! and one fragment per page with what a result shows.
//!
//! ```text
//! search/index.json      {"docs":N,"shards":[[first key, file], …],"sections":[…],"categories":[…]}
//! search/t/<hash>.json   {"key":[doc, impact, doc − previous doc, impact, …], "form":"key", …}
//! search/f/<doc>.json    {"u":url,"t":title,"s":section,"i":ISO date,"d":date,"c":category,"x":text,"l":lang}
//! ```
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
//! after the key it maps to (`"начал":["нача",3,12,…]`).

use std::sync::Arc;

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use rayon::prelude::*;
use serde::Serialize;

use super::fold::{self, Folder};
use super::text::{PlainText, plain_text};
use crate::engine::{Memo, memoized};
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::render::Renderer;

/// Bytes of postings after which a shard is closed.
const SHARD_BYTES: usize = 24_000;
/// Entries of a shard written in parallel at a time.
const ENTRY_BATCH: usize = 4096;
/// Bytes of text kept for excerpts.
const EXCERPT_BYTES: usize = 2_500;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Pages read at a time: their text is held only until their words are counted, which
/// happens while the next chunk is read (two chunks at once, as many pages as 1,024 before).
const CHUNK: usize = 512;

/// One page of the index: what its result shows, the fingerprint of its texts and, once
/// counted, its words.
pub(crate) struct Doc {
    /// What the result shows and the fingerprint of the texts searched.
    pub(crate) shown: Shown,
    /// Its words as ids in [`Documents::vocabulary`] with their weighted frequency (empty
    /// until counted).
    words: Vec<(u32, u32)>,
    /// The sum of the weighted frequencies of its words.
    length: u32,
    /// Its words as the incremental engine keeps them, not numbered yet.
    kept: Option<Arc<CountedWords>>,
}

/// The words of a document's texts with their weighted frequency, and their sum: what the
/// incremental engine keeps by the fingerprint of the texts ([`Shown::texts`]).
#[derive(Debug)]
pub(crate) struct CountedWords {
    words: Vec<(Box<str>, u32)>,
    length: u32,
}

/// How [`documents`] counts the words of the pages.
#[derive(Clone, Copy)]
pub(crate) enum Counting<'a> {
    /// A chunk of pages at a time, numbered at once (a clean build: the least memory).
    Numbered,
    /// Once per distinct text, kept in the engine's memo; numbered by
    /// [`build`] when the index is made.
    Kept(&'a Memo<Arc<CountedWords>>),
}

/// What a page's result shows, and the fingerprint of the texts it is found by: all that
/// its part of the index is made from.
#[derive(Hash)]
pub(crate) struct Shown {
    pub(crate) url: String,
    /// Section key (`press`, `services`; `""` for top-level pages) and title.
    pub(crate) section: (String, String),
    /// Category key and label, on a service.
    pub(crate) category: Option<(String, String)>,
    /// Its fragment file (`f/<doc>.json`): what its result shows.
    pub(crate) fragment: Vec<u8>,
    /// The fingerprint of the weighted texts its words are counted from.
    pub(crate) texts: Fingerprint,
}

/// The documents of a language, in index order, with the words they use.
pub(crate) struct Documents {
    /// The documents.
    pub(crate) docs: Vec<Doc>,
    /// Every distinct word of the documents, by id; empty when their words were not
    /// counted.
    vocabulary: Vec<Box<str>>,
    /// Whether the words were counted.
    counted: bool,
}

/// An entry of a shard: a word form that maps to its key, or a key with its postings
/// (the number of its list), after the key it maps to when it is also a form.
enum ShardEntry<'a> {
    Form(&'a str),
    Key {
        maps_to: Option<&'a str>,
        postings: usize,
    },
}

/// Distinct words numbered in the order they are first met.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<Box<str>, u32>,
}

impl Vocabulary {
    /// The id of `word`, a new one when it is first met.
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).expect("fewer than 2³² words");
        self.ids.insert(word.into(), id);
        id
    }

    /// The words of one document with their frequencies, by id.
    fn number<'w>(&mut self, words: impl IntoIterator<Item = (&'w str, u32)>) -> Vec<(u32, u32)> {
        words
            .into_iter()
            .map(|(word, f)| (self.id(word), f))
            .collect()
    }

    /// The words by id.
    fn into_words(self) -> Vec<Box<str>> {
        let mut words: Vec<Box<str>> = vec![Box::from(""); self.ids.len()];
        for (word, id) in self.ids {
            words[id as usize] = word;
        }
        words
    }
}

/// A file of the index, relative to the language's `search/` folder.
pub(crate) struct IndexFile {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

#[derive(Serialize)]
struct Entry<'a> {
    docs: usize,
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

#[derive(Serialize)]
struct Fragment<'a> {
    u: &'a str,
    t: &'a str,
    s: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    i: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<&'a str>,
    x: &'a str,
    l: &'a str,
}

/// The documents of every localized page of `lang` that search finds: real versions in
/// `lang` (not fallback copies), not expired. Drafts and embargoed pages are not in the
/// site at all. Their words are counted as `counting` says; [`CHUNK`] pages are read at a
/// time so that only a chunk's text is held at once.
pub(crate) fn documents(renderer: &Renderer, lang: &str, counting: Counting) -> Documents {
    let site = renderer.site;
    let pages: Vec<usize> = (0..site.localized.len())
        .filter(|&i| {
            let lp = &site.localized[i];
            lp.lang == lang && !lp.is_fallback && !site.pages[lp.content].expired
        })
        .collect();
    let mut vocabulary = Vocabulary::default();
    let mut docs = Vec::with_capacity(pages.len());
    // A chunk is read while the one before it is counted: numbering its words is done on
    // one thread, and the other reads meanwhile.
    let mut previous = Vec::new();
    for chunk in pages.chunks(CHUNK).map(Some).chain([None]) {
        let counted = std::mem::take(&mut previous);
        let (read, ()) = rayon::join(
            || chunk.map_or_else(Vec::new, |chunk| read_chunk(renderer, lang, chunk)),
            || add_counted(&mut docs, counted, &mut vocabulary, counting),
        );
        previous = read;
    }
    docs.sort_by(|a, b| {
        let (a, b) = (&a.shown, &b.shown);
        (&a.section.0, a.category.as_ref().map(|c| &c.0), &a.url).cmp(&(
            &b.section.0,
            b.category.as_ref().map(|c| &c.0),
            &b.url,
        ))
    });
    Documents {
        docs,
        vocabulary: vocabulary.into_words(),
        counted: matches!(counting, Counting::Numbered),
    }
}

/// The documents of localized pages `chunk`, not counted yet: what each result shows and
/// the texts it is found by, with their weights.
fn read_chunk(
    renderer: &Renderer,
    lang: &str,
    chunk: &[usize],
) -> Vec<(Shown, Vec<(u32, String)>)> {
    chunk
        .par_iter()
        .map(|&i| document(renderer, lang, i))
        .collect()
}

/// Adds the documents `read` to `docs` with their words counted as `counting` says (and
/// numbered in `vocabulary` for [`Counting::Numbered`]).
fn add_counted(
    docs: &mut Vec<Doc>,
    read: Vec<(Shown, Vec<(u32, String)>)>,
    vocabulary: &mut Vocabulary,
    counting: Counting,
) {
    if let Counting::Kept(memo) = counting {
        let kept: Vec<Arc<CountedWords>> = read
            .par_iter()
            .map(|(shown, texts)| memo.get_or(shown.texts, || Arc::new(counted_words(texts))))
            .collect();
        docs.extend(
            read.into_iter()
                .zip(kept)
                .map(|((shown, _), kept)| Doc::uncounted(shown, kept)),
        );
        return;
    }
    let counted: Vec<(Vec<(u32, u32)>, u32)> = read
        .par_iter()
        .map(|(_, texts)| count_words(texts))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(words, length)| (vocabulary.number(words), length))
        .collect();
    docs.extend(
        read.into_iter()
            .zip(counted)
            .map(|((shown, _), (words, length))| Doc {
                shown,
                words,
                length,
                kept: None,
            }),
    );
}

impl Doc {
    /// A document whose words the engine keeps, not numbered yet.
    fn uncounted(shown: Shown, kept: Arc<CountedWords>) -> Doc {
        Doc {
            shown,
            words: Vec::new(),
            length: 0,
            kept: Some(kept),
        }
    }
}

impl Documents {
    /// The documents with the words the engine kept numbered.
    fn numbered(mut self) -> Documents {
        if self.counted {
            return self;
        }
        let mut vocabulary = Vocabulary::default();
        for doc in &mut self.docs {
            let kept = doc.kept.take().expect("documents read with Counting::Kept");
            doc.words = vocabulary.number(kept.words.iter().map(|(w, f)| (&**w, *f)));
            doc.length = kept.length;
        }
        self.vocabulary = vocabulary.into_words();
        self.counted = true;
        self
    }
}

/// The words of `texts`, owned, as the engine keeps them.
fn counted_words(texts: &[(u32, String)]) -> CountedWords {
    let (words, length) = count_words(texts);
    let mut words: Vec<(Box<str>, u32)> = words.into_iter().map(|(w, f)| (w.into(), f)).collect();
    words.sort_unstable();
    CountedWords { words, length }
}

/// Each word of `texts` with its weighted frequency, and their sum.
fn count_words(texts: &[(u32, String)]) -> (HashMap<&str, u32>, u32) {
    // About one distinct word in 16 bytes of text: the map is rarely grown.
    let bytes: usize = texts.iter().map(|(_, text)| text.len()).sum();
    let mut words: HashMap<&str, u32> =
        HashMap::with_capacity_and_hasher(bytes / 16, Default::default());
    let mut length = 0;
    for (weight, text) in texts {
        fold::words(text, |start, end| {
            *words.entry(&text[start..end]).or_default() += weight;
            length += weight;
        });
    }
    (words, length)
}

/// What the result of localized page `i` shows, and the texts it is found by, each with
/// its weight.
fn document(renderer: &Renderer, lang: &str, i: usize) -> (Shown, Vec<(u32, String)>) {
    let site = renderer.site;
    let lp = &site.localized[i];
    let page = &site.pages[lp.content];
    let section = site.groups[lp.group]
        .section
        .filter(|&s| s != 0)
        .map(|s| {
            let key = site.sections[s].key.split('/').next().unwrap_or_default();
            let title = site
                .section_text(s, lang)
                .map_or(String::new(), |(_, t)| t.title.clone());
            (key.to_owned(), title)
        })
        .unwrap_or_default();
    let text = memoized(
        renderer.memos.map(|memos| &memos.plain_text),
        || renderer.bodies[i].fingerprint,
        || Arc::new(plain_text(&renderer.body_html(i))),
    );
    // Taken out of its Arc, without a copy, unless a memo shares it.
    let PlainText { body, headings } = Arc::unwrap_or_clone(text);
    let mut fields = vec![(5, page.title.clone()), (3, headings)];
    let mut facts = Vec::new();
    if let Some(d) = &page.description {
        facts.push(d.clone());
    }
    facts.extend(page.tags.iter().cloned());
    let mut category = None;
    if let Some(service) = &page.service {
        let label = renderer
            .localizer
            .message(
                lang,
                &format!("service-category-{}", service.category),
                None,
            )
            .unwrap_or_else(|_| service.category.clone());
        facts.push(label.clone());
        category = Some((service.category.clone(), label));
        facts.push(service.eligibility.who.clone());
        facts.extend(service.eligibility.by_proxy.clone());
        for document in &service.documents {
            facts.push(document.name.clone());
            facts.extend(document.note.clone());
        }
        for fee in &service.fees {
            if let (Some(amount), Some(currency)) = (fee.amount, &fee.currency) {
                facts.push(format!("{amount} {currency}"));
            }
            facts.extend(fee.note.clone());
        }
        for centre in &service.centres {
            let title = renderer
                .catalogue
                .centres
                .get(&centre.key)
                .and_then(|&group| site.localized(group, lang))
                .map(|c| site.pages[c.content].title.clone());
            facts.extend(title);
        }
    }
    if let Some(centre) = &page.centre {
        facts.push(centre.address.clone());
    }
    let facts = facts.join(" · ");
    // Description (unless the text starts with it), text and facts, up to the limit.
    let description = page.description.as_deref().filter(|d| !body.starts_with(d));
    let mut excerpt = String::with_capacity(EXCERPT_BYTES + 8);
    for part in [description.unwrap_or_default(), &body, &facts] {
        if part.is_empty() || excerpt.len() >= EXCERPT_BYTES {
            continue;
        }
        if !excerpt.is_empty() {
            excerpt.push(' ');
        }
        let mut end = part.len().min(EXCERPT_BYTES + 4 - excerpt.len());
        while !part.is_char_boundary(end) {
            end -= 1;
        }
        excerpt.push_str(&part[..end]);
    }
    cut(&mut excerpt, EXCERPT_BYTES);
    fields.push((2, facts));
    fields.push((1, body));
    let texts = fields;
    let date = page
        .date
        .as_ref()
        .map(|d| (d.day.to_string(), renderer.localizer.long_date(lang, d.day)));
    let fragment = Fragment {
        u: &lp.url,
        t: &page.title,
        s: &section.1,
        i: date.as_ref().map(|d| d.0.as_str()),
        d: date.as_ref().map(|d| d.1.as_str()),
        c: category.as_ref().map(|c| c.1.as_str()),
        x: &excerpt,
        l: &page.lang,
    };
    let shown = Shown {
        url: lp.url.clone(),
        fragment: serde_json::to_vec(&fragment).expect("plain data"),
        section,
        category,
        texts: Fingerprinter::new("search texts").add(&texts).finish(),
    };
    (shown, texts)
}

/// `text` cut to at most `limit` bytes, at a character boundary.
fn cut(text: &mut String, limit: usize) {
    if text.len() > limit {
        let mut end = limit;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// The frequency of each key of a document's `words` (ids with their frequencies), in key
/// order: the frequencies of the words of one key are added up.
fn key_frequencies(words: &[(u32, u32)], word_key: &[Option<u32>]) -> Vec<(u32, u32)> {
    let mut keys: Vec<(u32, u32)> = Vec::with_capacity(words.len());
    keys.extend(
        words
            .iter()
            .filter_map(|&(word, f)| Some((word_key[word as usize]?, f))),
    );
    keys.sort_unstable_by_key(|&(key, _)| key);
    keys.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 += next.1;
        }
        same
    });
    keys
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

/// Appends `text` as a JSON string.
fn push_json_string(out: &mut Vec<u8>, text: &str) {
    serde_json::to_writer(out, text).expect("a string");
}

/// The shards of an index as their entries come in key order: a shard is closed when the
/// next entry would take it beyond [`SHARD_BYTES`] (commas counted).
#[derive(Default)]
struct ShardWriter {
    /// The entries of the open shard, comma-separated, with its opening brace.
    current: Vec<u8>,
    /// The first key of the open shard, if one is open.
    first: Option<String>,
    /// The first key and file name of each closed shard.
    shards: Vec<(String, String)>,
    /// The closed shards' files.
    files: Vec<IndexFile>,
}

impl ShardWriter {
    /// Adds the entry of `key` (its JSON `line`), in a new shard if it does not fit.
    fn push(&mut self, key: &str, line: &[u8]) {
        if self.first.is_some() && self.current.len() - 1 + line.len() > SHARD_BYTES {
            self.close();
        }
        if self.first.is_none() {
            self.first = Some(key.to_owned());
            self.current.reserve(SHARD_BYTES + 2);
            self.current.push(b'{');
        } else {
            self.current.push(b',');
        }
        self.current.extend_from_slice(line);
    }

    /// Closes the open shard, if any: its file is named by the hash of its bytes.
    fn close(&mut self) {
        if let Some(key) = self.first.take() {
            let mut bytes = std::mem::take(&mut self.current);
            bytes.push(b'}');
            let path = format!("t/{}.json", &crate::hash::short_sha256(&bytes)[..10]);
            self.shards.push((key, path.clone()));
            self.files.push(IndexFile { path, bytes });
        }
    }

    /// The first key and file name of each shard, and the shards' files.
    fn finish(mut self) -> (Vec<(String, String)>, Vec<IndexFile>) {
        self.close();
        (self.shards, self.files)
    }
}

/// The index files of the documents of language `lang`.
pub(crate) fn build(lang: &str, documents: Documents) -> Vec<IndexFile> {
    let documents = documents.numbered();
    let docs = &documents.docs;
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
            let form = form.filter(|f| *f != key);
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
    let average = docs.iter().map(|d| f64::from(d.length)).sum::<f64>() / docs.len().max(1) as f64;
    let impacts: Vec<Vec<(u32, u32)>> = docs
        .par_iter()
        .map(|doc| {
            let norm = K1 * (1.0 - B + B * f64::from(doc.length) / average.max(1.0));
            key_frequencies(&doc.words, &word_key)
                .into_iter()
                .map(|(key, f)| {
                    let f = f64::from(f);
                    let impact = (f * (K1 + 1.0) / (f + norm) * 20.0).round().max(1.0);
                    (key, impact as u32)
                })
                .collect()
        })
        .collect();
    drop(word_key);
    let mut postings: Vec<Vec<(u32, u32)>> = vec![Vec::new(); keys.len()];
    for (doc, list) in (0u32..).zip(impacts) {
        for (key, impact) in list {
            postings[key as usize].push((doc, impact));
        }
    }
    // Two words can share a form ("мой", "мои": "мои") but not their key: the smaller key
    // wins, the same every build.
    let mut forms: HashMap<&str, &str> = HashMap::default();
    for (key, form) in &folded {
        if let Some(form) = form.as_deref() {
            let to = forms.entry(form).or_insert(key);
            if key.as_str() < *to {
                *to = key;
            }
        }
    }
    // Postings and forms in one key order: a form's entry is its key as a string; a form
    // that is also a key of its own words has its postings after the key it maps to
    // ("начал" is a form of "нача" and the key of "начало").
    let mut items: HashMap<&str, ShardEntry> = forms
        .into_iter()
        .map(|(form, key)| (form, ShardEntry::Form(key)))
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
    items.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    // The entries are written in parallel a batch at a time, then added to the shards in
    // order; a key's postings are dropped once written, so they are held only once as text.
    let mut shards = ShardWriter::default();
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
    let entry = Entry {
        docs: docs.len(),
        shards,
        sections: ranges(&|d| {
            (!d.section.0.is_empty()).then_some((d.section.0.as_str(), d.section.1.as_str()))
        }),
        categories: ranges(&|d| d.category.as_ref().map(|(k, t)| (k.as_str(), t.as_str()))),
    };
    files.push(IndexFile {
        path: "index.json".to_owned(),
        bytes: serde_json::to_vec(&entry).expect("plain data"),
    });
    for (n, doc) in documents.docs.into_iter().enumerate() {
        files.push(IndexFile {
            path: format!("f/{n}.json"),
            bytes: doc.shown.fragment,
        });
    }
    files
}
