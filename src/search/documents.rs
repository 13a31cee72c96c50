//! The documents of a language's search index: what each page's result shows (its
//! fragment), the texts it is found by with their weights, and their words counted and
//! numbered ([`documents`]); [`super::index`] makes the index files from them.

use std::sync::Arc;

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use rayon::prelude::*;
use serde::Serialize;

use super::fold;
use super::text::{PlainText, plain_text};
use crate::engine::{Memo, memoized};
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::render::Renderer;

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

/// What the result of localized page `i` shows, and the texts it is found by, each with
/// its weight.
fn document(renderer: &Renderer, lang: &str, i: usize) -> (Shown, Vec<(u32, String)>) {
    let site = renderer.site;
    let lp = &site.localized[i];
    let page = &site.pages[lp.content];
    let section = site.groups[lp.group]
        .section
        .filter(|s| !s.is_home())
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
