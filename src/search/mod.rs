//! Site search without a server: a search page per language (`/search/`, `/en/search/`)
//! and a full-text index beside it, split so that a query downloads only a small entry
//! file, the shards holding its words and the fragments of the results it shows (see
//! [`index`] for the files).
//!
//! The theme's `search.js` folds and stems the query with the rules of [`fold`] (mirrored
//! in JavaScript), so that "sehadetname" finds "şəhadətnamə", "İCAZƏ" finds "icazə" and
//! "pasportun" finds "pasport". Without JavaScript the search page is still a page: it
//! lists the ways to browse the site.

#[cfg(test)]
mod agreement;
pub(crate) mod documents;
pub(crate) mod fold;
pub(crate) mod index;
pub(crate) mod stem_az;
pub(crate) mod text;

use std::sync::Arc;

use crate::fingerprint::Fingerprinter;
use crate::output::{FileContent, Origin, OutputFile};
use crate::render::Renderer;
use crate::urls;
use documents::Counting;

/// What the files of the search index are written for (their [`Origin`]).
pub(crate) const ORIGIN: &str = "the search index";

/// The index files of `lang`. In a build of the incremental engine, an index whose
/// documents are all as they were in the last build is not computed again: the documents
/// are first read without counting their words, and counted only when the index is made.
pub(crate) fn index_files(renderer: &Renderer, lang: &str) -> Arc<[OutputFile]> {
    let folder = urls::search(&renderer.site.config, lang);
    let files = |documents| {
        index::build(lang, documents)
            .into_iter()
            .map(|file| OutputFile {
                path: format!("{}{}", folder.trim_start_matches('/'), file.path),
                content: FileContent::Bytes(file.bytes.into()),
                origin: Origin::Generated(ORIGIN),
            })
            .collect()
    };
    let Some(memos) = renderer.memos else {
        return files(documents::documents(renderer, lang, Counting::Numbered));
    };
    let documents = documents::documents(renderer, lang, Counting::Kept(&memos.word_counts));
    let mut key = Fingerprinter::new("search index");
    key.add(lang).add(&folder);
    for doc in &documents.docs {
        key.add(&doc.shown);
    }
    memos.search_index.get_or(key.finish(), || files(documents))
}
