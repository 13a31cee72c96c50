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
pub(crate) mod markdown_text;
// Public for the fuzz targets, which see only what the crate exports.
#[cfg(any(test, fuzzing))]
#[cfg_attr(not(fuzzing), allow(unreachable_pub))]
pub mod properties;
pub(crate) mod stem_az;
pub(crate) mod text;
