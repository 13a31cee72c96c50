//! The documents of a language's search index: what each page's result shows (its
//! fragment), the texts it is found by with their weights, and their words counted and
//! numbered ([`documents`]); [`super::index`] makes the index files from them. What a
//! page's document holds is read from the site by the render layer
//! (`render/search_index.rs`).

use std::sync::Arc;

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use rayon::prelude::*;
use serde::Serialize;

use super::fold;
use crate::engine::Memo;
use crate::fingerprint::{Fingerprint, Fingerprinter};

/// Bytes of text kept for excerpts.
const EXCERPT_BYTES: usize = 2_500;

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
    pub(super) words: Vec<(u32, u32)>,
    /// The sum of the weighted frequencies of its words.
    pub(super) length: u32,
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
    /// [`super::index::build`] when the index is made.
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
    /// Its fragment file (`f/<hash>/<doc>.json`): what its result shows, shared as the output
    /// file will be.
    pub(crate) fragment: Arc<[u8]>,
    /// The fingerprint of the weighted texts its words are counted from.
    pub(crate) texts: Fingerprint,
}

/// The documents of a language, in index order, with the words they use.
pub(crate) struct Documents {
    /// The documents.
    pub(crate) docs: Vec<Doc>,
    /// Every distinct word of the documents, by id; empty when their words were not
    /// counted.
    pub(super) vocabulary: Vec<Box<str>>,
    /// Whether the words were counted.
    counted: bool,
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

    /// The words of one document with their frequencies: by id those already numbered, and
    /// the others as they are. Only reads, so the documents of a chunk are looked up in
    /// parallel; numbering what is left ([`Self::number`]) is all that is done on one
    /// thread, and after the first chunks few words are new.
    fn known<'w>(&self, words: impl IntoIterator<Item = (&'w str, u32)>) -> LookedUp<'w> {
        let words = words.into_iter();
        let mut looked_up = LookedUp {
            known: Vec::with_capacity(words.size_hint().0),
            new: Vec::new(),
        };
        for (word, f) in words {
            match self.ids.get(word) {
                Some(&id) => looked_up.known.push((id, f)),
                None => looked_up.new.push((word, f)),
            }
        }
        looked_up
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

/// The words of a document with their frequencies, looked up in a [`Vocabulary`].
struct LookedUp<'w> {
    /// The words it has, by id.
    known: Vec<(u32, u32)>,
    /// The words it has not numbered yet.
    new: Vec<(&'w str, u32)>,
}

/// What a result shows, as its fragment file (`f/<hash>/<doc>.json`) holds it.
#[derive(Serialize)]
pub(crate) struct Fragment<'a> {
    /// The page's URL.
    #[serde(rename = "u")]
    pub(crate) url: &'a str,
    /// Its title.
    #[serde(rename = "t")]
    pub(crate) title: &'a str,
    /// The title of its section.
    #[serde(rename = "s")]
    pub(crate) section: &'a str,
    /// Its date, ISO 8601.
    #[serde(rename = "i", skip_serializing_if = "Option::is_none")]
    pub(crate) iso_date: Option<&'a str>,
    /// Its date as the language writes it.
    #[serde(rename = "d", skip_serializing_if = "Option::is_none")]
    pub(crate) date: Option<&'a str>,
    /// The label of its category, on a service.
    #[serde(rename = "c", skip_serializing_if = "Option::is_none")]
    pub(crate) category: Option<&'a str>,
    /// The text excerpts are cut from ([`excerpt`]).
    #[serde(rename = "x")]
    pub(crate) excerpt: &'a str,
    /// The language of its text (a fallback's, on a fallback copy).
    #[serde(rename = "l")]
    pub(crate) lang: &'a str,
}

/// A page's document, read from the site: what its result shows and the texts it is
/// found by, each with its weight.
pub(crate) type Read = (Shown, Vec<(u32, String)>);

impl Fragment<'_> {
    /// The fragment file.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("plain data")
    }
}

impl Shown {
    /// What the result of the page at `url` shows: its `fragment` file, its section and
    /// category (key and title), and the fingerprint of the `texts` it is found by.
    pub(crate) fn new(
        url: String,
        fragment: Arc<[u8]>,
        section: (String, String),
        category: Option<(String, String)>,
        texts: &[(u32, String)],
    ) -> Shown {
        Shown {
            url,
            fragment,
            section,
            category,
            texts: Fingerprinter::new("search texts").add(&texts).finish(),
        }
    }
}

/// The text that excerpts are cut from: the description (unless the body starts with
/// it), the body and the facts, up to [`EXCERPT_BYTES`].
pub(crate) fn excerpt(description: Option<&str>, body: &str, facts: &str) -> String {
    let description = description.filter(|d| !body.starts_with(d));
    let mut excerpt = String::with_capacity(EXCERPT_BYTES + 8);
    for part in [description.unwrap_or_default(), body, facts] {
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
    excerpt
}

/// The documents of `pages`, each read by `read`, in index order. Their words are counted
/// as `counting` says; [`CHUNK`] pages are read at a time so that only a chunk's text is
/// held at once.
pub(crate) fn documents<P: Copy + Sync>(
    pages: &[P],
    read: &(dyn Fn(P) -> Read + Sync),
    counting: Counting,
) -> Documents {
    let mut vocabulary = Vocabulary::default();
    let mut docs = Vec::with_capacity(pages.len());
    // A chunk is read while the one before it is counted: numbering its words is done on
    // one thread, and the other reads meanwhile.
    let mut previous = Vec::new();
    for chunk in pages.chunks(CHUNK).map(Some).chain([None]) {
        let counted = std::mem::take(&mut previous);
        let (read, ()) = rayon::join(
            || {
                chunk.map_or_else(Vec::new, |chunk| {
                    chunk.par_iter().map(|&i| read(i)).collect()
                })
            },
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

/// Adds the documents `read` to `docs` with their words counted as `counting` says (and
/// numbered in `vocabulary` for [`Counting::Numbered`]).
fn add_counted(
    docs: &mut Vec<Doc>,
    read: Vec<Read>,
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
    let known = &*vocabulary;
    let counted: Vec<(Vec<(u32, u32)>, u32)> = read
        .par_iter()
        .map(|(_, texts)| {
            let (words, length) = count_words(texts);
            (known.known(words), length)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(LookedUp { mut known, new }, length)| {
            known.extend(vocabulary.number(new));
            (known, length)
        })
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
    pub(super) fn numbered(mut self) -> Documents {
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
