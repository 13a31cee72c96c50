//! What a build of the incremental engine made of each page on its own — its body and its
//! two facts (`inputs.rs`) — kept for the next build.
//!
//! A body and those facts read the page's own file and, besides it, only what the build's
//! frame names: the site's shape (its structure, every page's front matter, the
//! configuration, hence every link's answer), its images and each language's table label.
//! A build with the same frame takes them for every page whose file is the very one they
//! were made from, compared by pointer: the kept site holds that file, so its address is
//! not reused for another. So after a body edit only the edited page's body and facts are
//! made again, and no other page is even fingerprinted.

use std::sync::Arc;

use typed_index_collections::TiVec;

use super::bodies::Body;
use crate::engine::Memos;
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::images::Images;
use crate::site::{LocalizedId, Site};

/// The bodies and facts of every localized page of one build, with the site they were
/// made from.
#[derive(Debug)]
pub(crate) struct PageWork {
    site: Arc<Site>,
    pub(super) bodies: Arc<TiVec<LocalizedId, Body>>,
    pub(super) pages: Arc<TiVec<LocalizedId, Fingerprint>>,
    pub(super) summaries: Arc<TiVec<LocalizedId, Fingerprint>>,
}

impl PageWork {
    /// The work of a build of `site`.
    pub(super) fn new(
        site: &Arc<Site>,
        bodies: &Arc<TiVec<LocalizedId, Body>>,
        pages: &Arc<TiVec<LocalizedId, Fingerprint>>,
        summaries: &Arc<TiVec<LocalizedId, Fingerprint>>,
    ) -> PageWork {
        PageWork {
            site: Arc::clone(site),
            bodies: Arc::clone(bodies),
            pages: Arc::clone(pages),
            summaries: Arc::clone(summaries),
        }
    }

    /// The work a good build of `frame` kept. The bodies taken from it are not asked of
    /// the bodies' memo, which is told to keep them for a build of another frame.
    pub(super) fn kept((memos, frame): (&Memos, Fingerprint)) -> Option<Arc<PageWork>> {
        let kept = memos.page_work.get(frame)?;
        memos.bodies.carry();
        Some(kept)
    }

    /// Whether localized page `i` of `site`, a site of the same frame, shows the file
    /// this work was made from.
    pub(super) fn holds(&self, site: &Site, i: LocalizedId) -> bool {
        let content = site.localized[i].content;
        Arc::ptr_eq(&self.site.pages[content].file, &site.pages[content].file)
    }
}

/// The frame of a build: everything a page's body and facts read besides its own file.
pub(super) fn frame(shape: Fingerprint, images: &Images, table_labels: &[String]) -> Fingerprint {
    Fingerprinter::new("page frame")
        .add(&shape)
        .add(&images.fingerprint())
        .add(table_labels)
        .finish()
}
