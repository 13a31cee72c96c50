//! The search index of each language: the documents of its pages, read from the site
//! (title, headings, body, description, tags, a service's facts), made into the index
//! files of [`crate::search::index`].

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use super::Renderer;
use crate::config::RawHtml;
use crate::engine::memoized;
use crate::fingerprint::Fingerprinter;
use crate::i18n::{MessageFallback, recording_fallbacks};
use crate::output::{FileContent, Origin, OutputFile};
use crate::search::documents::{self, Counting, Fragment, Shown};
use crate::search::index;
use crate::search::markdown_text::markdown_text;
use crate::search::text::{PlainText, plain_text};
use crate::site::LocalizedId;
use crate::urls;

/// What the files of the search index are written for (their [`Origin`]).
pub(crate) const ORIGIN: &str = "the search index";

/// The index files of `lang`. In a build of the incremental engine, an index whose
/// documents are all as they were in the last build is not computed again: the documents
/// are first read without counting their words, and counted only when the index is made.
pub(super) fn files(renderer: &Renderer, lang: &str) -> (Arc<[OutputFile]>, Vec<MessageFallback>) {
    let folder = urls::search(&renderer.site.config, lang);
    let files = |documents| {
        index::build(lang, documents)
            .into_par_iter()
            .map(|file| OutputFile {
                path: format!("{}{}", folder.trim_start_matches('/'), file.path).into(),
                content: FileContent::Bytes(file.bytes),
                origin: Origin::Generated(ORIGIN),
            })
            .collect::<Vec<_>>()
            .into()
    };
    let site = renderer.site;
    let pages: Vec<LocalizedId> = site
        .localized
        .keys()
        .filter(|&i| {
            let lp = &site.localized[i];
            lp.lang == lang && !lp.is_fallback && !site.pages[lp.content].expired
        })
        .collect();
    // Read on rayon's threads: each records the fallbacks of its own lookups.
    let fallbacks = Mutex::new(BTreeSet::new());
    let read = |i| {
        let (document, taken) = recording_fallbacks(|| document(renderer, lang, i));
        if !taken.is_empty() {
            fallbacks
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(taken);
        }
        document
    };
    let taken = |fallbacks: Mutex<BTreeSet<_>>| {
        let fallbacks = fallbacks
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        fallbacks.into_iter().collect()
    };
    let Some(memos) = renderer.memos else {
        let documents = documents::documents(&pages, &read, Counting::Numbered);
        return (files(documents), taken(fallbacks));
    };
    let documents = documents::documents(&pages, &read, Counting::Kept(&memos.word_counts));
    let mut key = Fingerprinter::new("search index");
    key.add(lang).add(&folder);
    for doc in &documents.docs {
        key.add(&doc.shown);
    }
    let files = memos.search_index.get_or(key.finish(), || files(documents));
    (files, taken(fallbacks))
}

/// The plain text of the body of localized page `i`: read from its Markdown unless only
/// its HTML shows it (raw HTML, kept or cleaned), which is then rendered again. In debug
/// builds (tests, fuzzing) the two are checked to agree.
fn body_text(renderer: &Renderer, i: LocalizedId) -> PlainText {
    let site = renderer.site;
    let from_markdown = (site.config.markdown.raw_html == RawHtml::Keep)
        .then(|| markdown_text(&site.pages[site.localized[i].content].body))
        .flatten();
    match from_markdown {
        Some(text) => {
            debug_assert_eq!(text, plain_text(&renderer.body_html(i)), "{i:?}");
            text
        }
        None => plain_text(&renderer.body_html(i)),
    }
}

/// What the result of localized page `i` shows, and the texts it is found by, each with
/// its weight.
fn document(renderer: &Renderer, lang: &str, i: LocalizedId) -> documents::Read {
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
        || {
            renderer.bodies[i]
                .fingerprint
                .expect("a build of the incremental engine fingerprints every body")
        },
        || Arc::new(body_text(renderer, i)),
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
    let excerpt = documents::excerpt(page.description.as_deref(), &body, &facts);
    fields.push((2, facts));
    fields.push((1, body));
    let date = page
        .date
        .as_ref()
        .map(|d| (d.day.to_string(), renderer.localizer.long_date(lang, d.day)));
    let fragment = Fragment {
        url: &lp.url,
        title: &page.title,
        section: &section.1,
        iso_date: date.as_ref().map(|d| d.0.as_str()),
        date: date.as_ref().map(|d| d.1.as_str()),
        category: category.as_ref().map(|c| c.1.as_str()),
        excerpt: &excerpt,
        lang: &page.lang,
    }
    .to_bytes()
    .into();
    let shown = Shown::new(lp.url.clone(), fragment, section, category, &fields);
    (shown, fields)
}
