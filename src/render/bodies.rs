//! The Markdown body of each localized page, rendered in the reader's language. The
//! renderer keeps only a fingerprint of each body's HTML and its first paragraph
//! ([`Body`]); the HTML is rendered again where it is shown (the page, a feed entry, the
//! search text), so a build never holds the HTML of every page at once. A build without the
//! incremental engine needs no fingerprint, and takes each first paragraph from the link
//! check, which read every body. The incremental engine keeps each body with the link and
//! image answers it was rendered with ([`KeptBody`]).

use std::cell::RefCell;
use std::sync::Arc;

use rayon::prelude::*;

use super::bundle_image;
use super::page_work::PageWork;
use crate::config::LangId;
use crate::engine::Memo;
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::i18n::{Localizer, MessageFallback, recording_fallbacks};
use crate::images::Images;
use crate::links::Resolver;
use crate::markdown::{self, ContentLink, ImageAttributes, Rendered};
use crate::site::{LocalizedId, Site};
use typed_index_collections::{TiSlice, TiVec};

/// What the renderer keeps of the body of a localized page: its HTML is rendered again
/// where it is shown (the page, a feed entry, the search text), so that a build never
/// holds the HTML of every page at once.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    /// The fingerprint of the body's HTML, in a build of the incremental engine. A build
    /// without it compares nothing with another build: it only needs the first paragraph,
    /// which the link check read, and does not render the body here.
    pub(crate) fingerprint: Option<Fingerprint>,
    /// The text of its first paragraph, which lists show.
    pub(crate) first_paragraph: Arc<str>,
}

/// A body as one build of the incremental engine hands it to the next: what the renderer
/// keeps of it, and the content links and bundle images its Markdown asked about, with the
/// answers, which must still be the same for it to be reused.
#[derive(Debug)]
pub(crate) struct KeptBody {
    body: Body,
    links: Vec<(ContentLink, Option<String>)>,
    images: Vec<(String, Option<ImageAttributes>)>,
}

/// What a table's scrolling region is labelled with in each language that has pages
/// (asked once instead of once per page), and the messages shown from a fallback language.
pub(super) fn table_labels(
    site: &Site,
    localizer: &Localizer,
) -> (TiVec<LangId, String>, Vec<MessageFallback>) {
    let mut has_pages: TiVec<LangId, bool> = site.config.languages.iter().map(|_| false).collect();
    for lp in site.localized.iter() {
        has_pages[lp.language] = true;
    }
    recording_fallbacks(|| {
        site.config
            .languages
            .iter()
            .zip(&has_pages)
            .map(|(language, &has)| {
                if has {
                    table_label(localizer, &language.code)
                } else {
                    String::new()
                }
            })
            .collect()
    })
}

/// The body of each localized page, by index in `site.localized`, with tables labelled
/// `labels`. A body that `previous` holds (made in a build of the same frame from the same
/// file) is taken from it. With `memo`, a body whose text and context are unchanged, and
/// whose links and images get the answers they got before, is not rendered again. Without
/// it, a body is not rendered here: its first paragraph is taken from `first_paragraphs`
/// (by page, as the link check read them), or read from its Markdown.
pub(super) fn bodies(
    site: &Site,
    labels: &TiSlice<LangId, String>,
    resolver: &Resolver,
    images: &Images,
    memo: Option<&Memo<Arc<KeptBody>>>,
    previous: Option<&PageWork>,
    first_paragraphs: Option<&[Arc<str>]>,
) -> (TiVec<LocalizedId, Body>, Vec<MessageFallback>) {
    let (bodies, fallbacks): (Vec<Body>, Vec<Vec<MessageFallback>>) = (0..site.localized.len())
        .into_par_iter()
        .map(LocalizedId::from)
        .map(|i| match previous {
            Some(previous) if previous.holds(site, i) => (previous.bodies[i].clone(), Vec::new()),
            _ => {
                let Some(memo) = memo else {
                    let page = site.localized[i].content;
                    let first_paragraph = first_paragraphs.map_or_else(
                        || markdown::first_paragraph_of(&site.pages[page].body).into(),
                        |paragraphs| Arc::clone(&paragraphs[page]),
                    );
                    let body = Body {
                        fingerprint: None,
                        first_paragraph,
                    };
                    return (body, Vec::new());
                };
                let label = &labels[site.localized[i].language];
                recording_fallbacks(|| kept_or_rendered(site, label, resolver, images, memo, i))
            }
        })
        .unzip();
    (bodies.into(), fallbacks.into_iter().flatten().collect())
}

/// The body of localized page `i`: the memo's when its text, context and answers are as
/// they were, else rendered (and offered to the memo).
fn kept_or_rendered(
    site: &Site,
    table_label: &str,
    resolver: &Resolver,
    images: &Images,
    memo: &Memo<Arc<KeptBody>>,
    i: LocalizedId,
) -> Body {
    let asking = Context::of(site, table_label, resolver, images, i);
    let key = asking.fingerprint();
    let answers_hold = |kept: &Arc<KeptBody>| {
        kept.links
            .iter()
            .all(|(link, url)| asking.resolve(link) == *url)
            && kept.images.iter().all(|(dest, a)| asking.image(dest) == *a)
    };
    if let Some(kept) = memo.get_if(key, answers_hold) {
        return kept.body.clone();
    }
    let links = RefCell::new(Vec::new());
    let images = RefCell::new(Vec::new());
    let rendered = asking.render(
        &|link| {
            let url = asking.resolve(link);
            links.borrow_mut().push((link.clone(), url.clone()));
            url
        },
        &|dest| {
            let attributes = asking.image(dest);
            images
                .borrow_mut()
                .push((dest.to_owned(), attributes.clone()));
            attributes
        },
    );
    let body = summarised(rendered);
    let kept = KeptBody {
        body: body.clone(),
        links: links.into_inner(),
        images: images.into_inner(),
    };
    memo.insert(key, Arc::new(kept));
    body
}

/// What the renderer keeps of a rendered body.
fn summarised(rendered: Rendered) -> Body {
    Body {
        fingerprint: Some(Fingerprint::of_bytes(rendered.html.as_bytes())),
        first_paragraph: rendered.first_paragraph.into(),
    }
}

/// The Markdown of localized page `i`, rendered in the reader's language.
pub(super) fn body(
    site: &Site,
    localizer: &Localizer,
    resolver: &Resolver,
    images: &Images,
    i: LocalizedId,
) -> Rendered {
    let label = table_label(localizer, &site.localized[i].lang);
    let context = Context::of(site, &label, resolver, images, i);
    context.render(&|link| context.resolve(link), &|dest| context.image(dest))
}

/// What a table's scrolling region is labelled with in `lang`.
fn table_label(localizer: &Localizer, lang: &str) -> String {
    localizer
        .message(lang, "table-label", None)
        .unwrap_or_default()
}

/// What the Markdown of localized page `i` is rendered with.
struct Context<'a> {
    site: &'a Site,
    resolver: &'a Resolver,
    images: &'a Images,
    i: LocalizedId,
    dir: &'a str,
    table_label: &'a str,
}

impl<'a> Context<'a> {
    fn of(
        site: &'a Site,
        table_label: &'a str,
        resolver: &'a Resolver,
        images: &'a Images,
        i: LocalizedId,
    ) -> Self {
        let lp = &site.localized[i];
        Context {
            site,
            resolver,
            images,
            i,
            dir: &site.pages[lp.content].content_dir,
            table_label,
        }
    }

    /// The URL of a content link in the reader's language.
    fn resolve(&self, link: &ContentLink) -> Option<String> {
        self.resolver.link(link, &self.site.localized[self.i].lang)
    }

    /// The attributes of a bundle image.
    fn image(&self, dest: &str) -> Option<ImageAttributes> {
        let processed = bundle_image(
            self.site,
            self.images,
            self.site.localized[self.i].group,
            dest,
        )?;
        Some(ImageAttributes {
            width: processed.width,
            height: processed.height,
            srcset: processed.srcset(""),
        })
    }

    /// The Markdown text of the body.
    fn text(&self) -> &str {
        &self.site.pages[self.site.localized[self.i].content].body
    }

    /// The fingerprint of the body rendered in this context, apart from the link and image
    /// answers.
    fn fingerprint(&self) -> Fingerprint {
        let lp = &self.site.localized[self.i];
        Fingerprinter::new("body")
            .add(&self.site.pages[lp.content].body_fingerprint)
            .add(&lp.lang)
            .add(&self.dir)
            .add(&self.eager_first_image())
            .add(self.table_label)
            .add(&self.site.config.markdown.raw_html)
            .finish()
    }

    fn eager_first_image(&self) -> bool {
        self.site.pages[self.site.localized[self.i].content]
            .image
            .is_none()
    }

    fn render(
        &self,
        resolve: &dyn Fn(&ContentLink) -> Option<String>,
        image: &dyn Fn(&str) -> Option<ImageAttributes>,
    ) -> Rendered {
        markdown::render(
            self.text(),
            &markdown::RenderContext {
                dir: self.dir,
                resolve,
                image,
                eager_first_image: self.eager_first_image(),
                table_label: self.table_label,
                raw_html: self.site.config.markdown.raw_html,
            },
        )
    }
}
