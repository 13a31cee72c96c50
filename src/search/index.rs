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

use std::fmt::Write;
use std::sync::Arc;

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use rayon::prelude::*;
use serde::Serialize;

use super::fold::{self, Folder};
use super::text::plain_text;
use crate::engine::memoized;
use crate::fingerprint::Fingerprint;
use crate::render::Renderer;

/// Bytes of postings after which a shard is closed.
const SHARD_BYTES: usize = 24_000;
/// Bytes of text kept for excerpts.
const EXCERPT_BYTES: usize = 2_500;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One page of the index, before its words are counted.
#[derive(Hash)]
pub(crate) struct Doc {
    pub(crate) url: String,
    pub(crate) title: String,
    /// Section key (`press`, `services`; `""` for top-level pages) and title.
    pub(crate) section: (String, String),
    /// Category key and label, on a service.
    pub(crate) category: Option<(String, String)>,
    /// Publication day, on a dated page: ISO 8601, and as the language writes it.
    pub(crate) date: Option<(String, String)>,
    pub(crate) lang: String,
    /// Text with its weight.
    pub(crate) fields: Vec<(u32, String)>,
    /// Plain text shown in excerpts.
    pub(crate) excerpt: String,
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
/// site at all.
pub(crate) fn documents(renderer: &Renderer, lang: &str) -> Vec<Doc> {
    let site = renderer.site;
    let mut docs: Vec<Doc> = site
        .localized
        .par_iter()
        .enumerate()
        .filter(|(_, lp)| lp.lang == lang && !lp.is_fallback && !site.pages[lp.content].expired)
        .map(|(i, lp)| {
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
            let html = &renderer.contents[i].html;
            let text = memoized(
                renderer.memos.map(|memos| &memos.plain_text),
                || Fingerprint::of_bytes(html.as_bytes()),
                || Arc::new(plain_text(html)),
            );
            let mut fields = vec![(5, page.title.clone()), (3, text.headings.clone())];
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
            let description = page
                .description
                .as_deref()
                .filter(|d| !text.body.starts_with(d));
            let mut excerpt = String::with_capacity(EXCERPT_BYTES + 8);
            for part in [description.unwrap_or_default(), &text.body, &facts] {
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
            fields.push((1, text.body.clone()));
            Doc {
                url: lp.url.clone(),
                title: page.title.clone(),
                section,
                category,
                date: page
                    .date
                    .as_ref()
                    .map(|d| (d.day.to_string(), renderer.localizer.long_date(lang, d.day))),
                lang: page.lang.clone(),
                fields,
                excerpt,
            }
        })
        .collect();
    docs.sort_by(|a, b| {
        (&a.section.0, a.category.as_ref().map(|c| &c.0), &a.url).cmp(&(
            &b.section.0,
            b.category.as_ref().map(|c| &c.0),
            &b.url,
        ))
    });
    docs
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

/// The index files of the documents `docs` of language `lang`.
pub(crate) fn build(lang: &str, docs: &[Doc]) -> Vec<IndexFile> {
    let folder = Folder::new(lang);
    // Each distinct word is folded and stemmed once: first the words of each page with
    // their weighted frequency, then the key (and, for languages the browser cannot stem,
    // the form) of every distinct word, then each page's frequency by key.
    type Words<'a> = (HashMap<&'a str, u32>, u32);
    let per_doc: Vec<Words> = docs
        .par_iter()
        .map(|doc| {
            let mut words: HashMap<&str, u32> = HashMap::default();
            let mut length = 0;
            for (weight, text) in &doc.fields {
                fold::words(text, |start, end| {
                    *words.entry(&text[start..end]).or_default() += weight;
                    length += weight;
                });
            }
            (words, length)
        })
        .collect();
    let mut word_ids: HashMap<&str, usize> = HashMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    for (words, _) in &per_doc {
        for &word in words.keys() {
            word_ids.entry(word).or_insert_with(|| {
                distinct.push(word);
                distinct.len() - 1
            });
        }
    }
    let folded: Vec<(String, Option<String>)> = distinct
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
    let average = per_doc.iter().map(|c| f64::from(c.1)).sum::<f64>() / docs.len().max(1) as f64;
    let impacts: Vec<Vec<(u32, u32)>> = per_doc
        .par_iter()
        .map(|(words, length)| {
            let mut tf: HashMap<u32, u32> = HashMap::default();
            for (word, &f) in words {
                if let Some(key) = word_key[word_ids[word]] {
                    *tf.entry(key).or_default() += f;
                }
            }
            let norm = K1 * (1.0 - B + B * f64::from(*length) / average.max(1.0));
            tf.into_iter()
                .map(|(key, f)| {
                    let f = f64::from(f);
                    let impact = (f * (K1 + 1.0) / (f + norm) * 20.0).round().max(1.0);
                    (key, impact as u32)
                })
                .collect()
        })
        .collect();
    drop((per_doc, word_ids, distinct, word_key));
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
    let mut files = Vec::new();
    let mut shards = Vec::new();
    let mut current = String::new();
    let mut first: Option<String> = None;
    let mut close = |current: &mut String, first: &mut Option<String>| {
        if let Some(key) = first.take() {
            let bytes = format!("{{{current}}}").into_bytes();
            let name = format!("t/{}.json", &crate::hash::short_sha256(&bytes)[..10]);
            shards.push((key, name.clone()));
            files.push(IndexFile { path: name, bytes });
            current.clear();
        }
    };
    // Postings and forms in one key order: a form's entry is its key as a string.
    let mut items: HashMap<&str, String> = forms
        .into_iter()
        .map(|(form, key)| (form, serde_json::to_string(key).expect("a string")))
        .collect();
    for (key, mut list) in keys.into_iter().zip(postings) {
        list.sort_unstable();
        let mut value = String::from("[");
        let mut previous = 0;
        for (n, (doc, impact)) in list.iter().enumerate() {
            if n > 0 {
                value.push(',');
            }
            write!(value, "{},{impact}", doc - previous).expect("a string");
            previous = *doc;
        }
        value.push(']');
        // A form that is also a key of its own words: its postings, after the key it
        // maps to ("начал" is a form of "нача" and the key of "начало").
        if let Some(mapped) = items.get(key) {
            value = format!("[{mapped},{}", &value[1..]);
        }
        items.insert(key, value);
    }
    // In the order JavaScript compares strings (UTF-16 code units), so that the browser's
    // binary search over the shards' first keys agrees with it.
    let mut items: Vec<(&str, String)> = items.into_iter().collect();
    items.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    for (key, value) in items {
        let mut line = serde_json::to_string(&key).expect("a string");
        line.push(':');
        line.push_str(&value);
        if first.is_some() && current.len() + line.len() > SHARD_BYTES {
            close(&mut current, &mut first);
        }
        if first.is_none() {
            first = Some(key.to_owned());
        } else {
            current.push(',');
        }
        current.push_str(&line);
    }
    close(&mut current, &mut first);
    let ranges = |part: &dyn Fn(&Doc) -> Option<(&str, &str)>| {
        let mut out: Vec<Range> = Vec::new();
        for (n, doc) in docs.iter().enumerate() {
            let Some((key, title)) = part(doc) else {
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
    for (n, doc) in docs.iter().enumerate() {
        let fragment = Fragment {
            u: &doc.url,
            t: &doc.title,
            s: &doc.section.1,
            i: doc.date.as_ref().map(|d| d.0.as_str()),
            d: doc.date.as_ref().map(|d| d.1.as_str()),
            c: doc.category.as_ref().map(|c| c.1.as_str()),
            x: &doc.excerpt,
            l: &doc.lang,
        };
        files.push(IndexFile {
            path: format!("f/{n}.json"),
            bytes: serde_json::to_vec(&fragment).expect("plain data"),
        });
    }
    files
}
