//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, heading ids, and
//! internal links that resolve to the target page in the reader's language.
//!
//! An internal link is written `@/press/geneva.md` (relative to `content/`) or as a relative
//! path ending in `.md` (relative to the linking file). [`crate::links`] finds them with their
//! positions, so that broken ones are reported with file and line before anything renders.
//!
//! Raw HTML in Markdown is published as written unless `site.toml` says
//! `[markdown] raw_html = "sanitize"`; then [`render`] cleans its output with
//! [`sanitize::sanitize`]. Links and images with a script-capable URL scheme are refused in
//! either case ([`sanitize::script_scheme`], checked by `links::check`).

pub mod sanitize;

use std::borrow::Borrow;
use std::collections::HashMap;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::config::RawHtml;
use crate::slug::slugify;

/// A link to a content file, before it is resolved in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLink {
    /// The target's path relative to `content/`, as written (`press/geneva.en.md`).
    pub path: String,
    /// The `#anchor`, without `#`.
    pub anchor: Option<String>,
}

/// Why a link could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// A relative path climbs out of `content/`.
    OutsideContent,
}

/// Rendered HTML and the plain-text summary of a Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// The text of the first paragraph.
    pub first_paragraph: String,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Classifies a link destination found in a file in content folder `dir`.
/// `None` means an ordinary link that is left as written.
pub fn content_link(dest: &str, dir: &str) -> Option<Result<ContentLink, LinkProblem>> {
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_owned())),
        None => (dest, None),
    };
    if let Some(rest) = path.strip_prefix("@/") {
        return Some(Ok(ContentLink {
            path: rest.to_owned(),
            anchor,
        }));
    }
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if has_scheme || path.starts_with('/') || !path.ends_with(".md") {
        return None;
    }
    let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Some(Err(LinkProblem::OutsideContent));
                }
            }
            other => segments.push(other),
        }
    }
    Some(Ok(ContentLink {
        path: segments.join("/"),
        anchor,
    }))
}

/// Size and resized copies of an image, for its `<img>` attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageAttributes {
    /// Width of the original in pixels.
    pub width: u32,
    /// Height of the original in pixels.
    pub height: u32,
    /// `srcset` listing the resized copies and the original.
    pub srcset: String,
}

/// What rendering needs to know about the rest of the site.
pub struct RenderContext<'a> {
    /// The content folder of the file (`press`), for relative links.
    pub dir: &'a str,
    /// Turns a content link into a URL in the reader's language (`None` only for targets
    /// that [`crate::links`] already reported).
    pub resolve: &'a dyn Fn(&ContentLink) -> Option<String>,
    /// Size and copies of an image by its destination as written, when it is a bundle image.
    pub image: &'a dyn Fn(&str) -> Option<ImageAttributes>,
    /// Whether the first image is at the top of the page (no lead image above it), so it
    /// loads at once; every other image loads lazily.
    pub eager_first_image: bool,
    /// The accessible name of the scrolling box each table is wrapped in, so that a wide
    /// table scrolls on its own on a narrow screen and can be reached by keyboard.
    pub table_label: &'a str,
    /// Whether the HTML is published as rendered or cleaned (`[markdown] raw_html`).
    pub raw_html: RawHtml,
}

/// How images fill the content column, for the browser to pick from `srcset`.
const IMAGE_SIZES: &str = "(min-width: 45rem) 40rem, 100vw";

/// Renders `body` as HTML.
pub fn render(body: &str, context: &RenderContext) -> Rendered {
    let (dir, resolve) = (context.dir, context.resolve);
    let mut events: Vec<Event> = Parser::new_ext(body, options())
        .map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match content_link(&dest_url, dir) {
                    Some(Ok(link)) => match resolve(&link) {
                        Some(url) => CowStr::from(match &link.anchor {
                            Some(anchor) => format!("{url}#{anchor}"),
                            None => url,
                        }),
                        None => dest_url,
                    },
                    _ => dest_url,
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        })
        .collect();
    add_heading_ids(&mut events);
    let events = image_elements(events, context);
    let events = scrolling_tables(events, context.table_label);
    let first_paragraph = first_paragraph(&events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if context.raw_html == RawHtml::Sanitize {
        html = sanitize::sanitize(&html);
    }
    Rendered {
        html,
        first_paragraph,
    }
}

/// Replaces each Markdown image by an `<img>` with its size, `srcset` and lazy loading.
fn image_elements<'e>(events: Vec<Event<'e>>, context: &RenderContext) -> Vec<Event<'e>> {
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    let mut seen_images = 0;
    while let Some(event) = events.next() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            out.push(event);
            continue;
        };
        let mut alt = String::new();
        for inner in events.by_ref() {
            match inner {
                Event::End(TagEnd::Image) => break,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let mut html = String::from("<img src=\"");
        escape(&mut html, &dest_url);
        html.push_str("\" alt=\"");
        escape(&mut html, &alt);
        html.push('"');
        if !title.is_empty() {
            html.push_str(" title=\"");
            escape(&mut html, &title);
            html.push('"');
        }
        if let Some(attributes) = (context.image)(&dest_url) {
            html.push_str(&format!(
                " width=\"{}\" height=\"{}\" srcset=\"",
                attributes.width, attributes.height
            ));
            escape(&mut html, &attributes.srcset);
            html.push_str(&format!("\" sizes=\"{IMAGE_SIZES}\""));
        }
        let eager = seen_images == 0 && context.eager_first_image;
        if !eager {
            html.push_str(" loading=\"lazy\"");
        }
        html.push_str(" decoding=\"async\">");
        seen_images += 1;
        out.push(Event::InlineHtml(CowStr::from(html)));
    }
    out
}

/// Wraps each table in a focusable, labelled box that scrolls sideways when needed.
fn scrolling_tables<'e>(events: Vec<Event<'e>>, label: &str) -> Vec<Event<'e>> {
    let mut open =
        String::from("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"");
    escape(&mut open, label);
    open.push_str("\">");
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::from(open.clone())));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => out.push(other),
        }
    }
    out
}

fn escape(out: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(out, text).expect("writing into a String cannot fail");
}

/// The links and images of a Markdown body, with their byte offsets, and the text of its
/// first paragraph, found in one reading of it ([`BodyLinks::of`]).
#[derive(Debug)]
pub struct BodyLinks {
    /// Each link's destination and byte offset.
    pub links: Vec<(String, usize)>,
    /// Each image's destination, alternative text and byte offset.
    pub images: Vec<(String, String, usize)>,
    /// The text of its first paragraph, as [`first_paragraph_of`] reads it.
    pub first_paragraph: Arc<str>,
    /// The byte offset of the raw HTML that opens an element more than
    /// [`sanitize::MAX_DEPTH`] elements deep, if any.
    pub too_deep: Option<usize>,
}

impl BodyLinks {
    /// Every link and image of `body`, and its first paragraph.
    pub fn of(body: &str) -> BodyLinks {
        let mut found = BodyLinks {
            links: Vec::new(),
            images: Vec::new(),
            first_paragraph: Arc::from(""),
            too_deep: None,
        };
        let mut depth = sanitize::Depth::default();
        let mut paragraph = FirstParagraph::default();
        let mut image: Option<(String, String, usize)> = None;
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            paragraph.read(&event);
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    found.links.push((dest_url.into_string(), range.start));
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    image = Some((dest_url.into_string(), String::new(), range.start));
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, alt, _)) = image.as_mut() {
                        alt.push_str(&t);
                    }
                }
                Event::End(TagEnd::Image) => found.images.extend(image.take()),
                Event::Html(html) | Event::InlineHtml(html)
                    if found.too_deep.is_none() && depth.read(&html) > sanitize::MAX_DEPTH =>
                {
                    found.too_deep = Some(range.start);
                }
                _ => {}
            }
        }
        found.first_paragraph = paragraph.text.into();
        found
    }
}

/// Gives every heading without an explicit `{#id}` an id made from its text, unique in the
/// document (`overview`, `overview-1`, ...).
fn add_heading_ids(events: &mut [Event]) {
    let mut used: HashMap<String, usize> = HashMap::new();
    for event in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string(), 0);
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            for event in &events[i + 1..] {
                match event {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let id = unique_heading_id(&text, &mut used);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        }
        i += 1;
    }
}

/// The plain text of the first paragraph of `body` outside lists, quotes and tables, as
/// [`render`] finds it, without rendering the body.
pub fn first_paragraph_of(body: &str) -> String {
    first_paragraph(Parser::new_ext(body, options()))
}

/// The plain text of the first paragraph outside lists, quotes and tables. An image's
/// alternative text is not text of the paragraph; like [`render`], an image ends at the
/// first image end.
fn first_paragraph<'a, E: Borrow<Event<'a>>>(events: impl IntoIterator<Item = E>) -> String {
    let mut paragraph = FirstParagraph::default();
    for event in events {
        paragraph.read(event.borrow());
        if paragraph.done {
            break;
        }
    }
    paragraph.text
}

/// The first paragraph's text, read from a body's events one at a time ([`first_paragraph`]).
#[derive(Default)]
struct FirstParagraph {
    /// How many lists, quotes, tables and footnotes the events are in.
    depth: usize,
    /// Whether the events are in the first paragraph.
    inside: bool,
    /// Whether they are in an image (its alternative text).
    in_image: bool,
    /// Whether the first paragraph has ended: nothing more is read.
    done: bool,
    /// Its text so far.
    text: String,
}

impl FirstParagraph {
    /// Reads the next event of the body.
    fn read(&mut self, event: &Event) {
        if self.done {
            return;
        }
        match event {
            Event::Start(Tag::Image { .. }) => self.in_image = true,
            Event::End(TagEnd::Image) => self.in_image = false,
            _ if self.in_image => {}
            Event::Start(Tag::Paragraph) if self.depth == 0 => self.inside = true,
            Event::End(TagEnd::Paragraph) if self.inside => self.done = true,
            Event::Start(
                Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::FootnoteDefinition(_),
            ) => self.depth += 1,
            Event::End(
                TagEnd::List(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::FootnoteDefinition,
            ) => self.depth = self.depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if self.inside => self.text.push_str(t),
            Event::SoftBreak | Event::HardBreak if self.inside => self.text.push(' '),
            _ => {}
        }
    }
}

/// The id of a heading with `text`, unique among the ids in `used` (which it joins):
/// its slug, `section` when it has none, then `-1`, `-2` ... for repeats.
pub(crate) fn unique_heading_id(text: &str, used: &mut HashMap<String, usize>) -> String {
    let mut base = slugify(text);
    if base.is_empty() {
        base = "section".to_owned();
    }
    let mut id = base.clone();
    let mut count = used.get(&base).copied().unwrap_or(0);
    while used.contains_key(&id) {
        count += 1;
        id = format!("{base}-{count}");
    }
    used.insert(base, count);
    used.entry(id.clone()).or_insert(0);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_links(_: &ContentLink) -> Option<String> {
        None
    }

    fn no_images(_: &str) -> Option<ImageAttributes> {
        None
    }

    fn render_plain(body: &str, resolve: &dyn Fn(&ContentLink) -> Option<String>) -> Rendered {
        render(
            body,
            &RenderContext {
                dir: "",
                resolve,
                image: &no_images,
                eager_first_image: false,
                table_label: "Table",
                raw_html: RawHtml::Keep,
            },
        )
    }

    #[test]
    fn classifies_internal_links() {
        assert_eq!(
            content_link("@/press/a.md#x", "services"),
            Some(Ok(ContentLink {
                path: "press/a.md".into(),
                anchor: Some("x".into())
            }))
        );
        assert_eq!(
            content_link("../press/a.en.md", "services"),
            Some(Ok(ContentLink {
                path: "press/a.en.md".into(),
                anchor: None
            }))
        );
        assert_eq!(
            content_link("../../a.md", "press"),
            Some(Err(LinkProblem::OutsideContent))
        );
        assert_eq!(content_link("https://example.com/a.md", ""), None);
        assert_eq!(content_link("/press/", ""), None);
        assert_eq!(content_link("photo.jpg", ""), None);
    }

    #[test]
    fn resolves_links_and_keeps_anchors() {
        let resolve =
            |link: &ContentLink| (link.path == "press/a.md").then(|| "/en/press/a/".to_owned());
        let out = render_plain("See [a](@/press/a.md#top).", &resolve);
        assert!(
            out.html.contains(r##"href="/en/press/a/#top""##),
            "{}",
            out.html
        );
    }

    #[test]
    fn headings_get_unique_ids_and_extensions_work() {
        let out = render_plain(
            "## Sənədlər\n\n## Sənədlər\n\n## Own {#mine}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ y[^1]\n\n[^1]: note\n",
            &no_links,
        );
        assert!(out.html.contains(r#"<h2 id="senedler">"#), "{}", out.html);
        assert!(out.html.contains(r#"<h2 id="senedler-1">"#), "{}", out.html);
        assert!(out.html.contains(r#"<h2 id="mine">"#), "{}", out.html);
        assert!(
            out.html.contains(
                r#"<div class="table-scroll" role="region" tabindex="0" aria-label="Table"><table>"#
            ),
            "{}",
            out.html
        );
        assert!(out.html.contains("<del>x</del>"));
        assert!(out.html.contains("footnote"));
    }

    #[test]
    fn first_paragraph_skips_lists() {
        let out = render_plain("- item\n\nFirst *para*\ngraph.\n\nSecond.", &no_links);
        assert_eq!(out.first_paragraph, "First para graph.");
    }

    #[test]
    fn first_paragraph_of_the_markdown_is_the_rendered_ones() {
        let bodies = [
            "- item\n\nFirst *para*\ngraph.\n\nSecond.",
            "![Alt *text*](a.png) and [a link](@/press/x.md) `code`  \nbreak",
            "![a ![b](c.png) d](e.png) after",
            "> quoted\n\n| a | b |\n|---|---|\n| c | d |\n\nText[^1] <span>raw</span>\n\n[^1]: Note.",
            "# Heading\n\n<div>block</div>\n\nPara &amp; ~~gone~~",
            "",
        ];
        for body in bodies {
            let rendered = render_plain(body, &no_links).first_paragraph;
            assert_eq!(first_paragraph_of(body), rendered, "{body:?}");
            assert_eq!(*BodyLinks::of(body).first_paragraph, rendered, "{body:?}");
        }
    }

    #[test]
    fn images_get_size_srcset_and_lazy_loading() {
        let image = |dest: &str| {
            (dest == "a.jpg").then(|| ImageAttributes {
                width: 1000,
                height: 500,
                srcset: "a-480w.jpg 480w, a.jpg 1000w".to_owned(),
            })
        };
        let out = render(
            "![First \"photo\"](a.jpg)\n\n![Second](b.png)",
            &RenderContext {
                dir: "",
                resolve: &no_links,
                image: &image,
                eager_first_image: true,
                table_label: "Table",
                raw_html: RawHtml::Keep,
            },
        );
        assert!(
            out.html.contains(r#"<img src="a.jpg" alt="First &quot;photo&quot;" width="1000" height="500" srcset="a-480w.jpg 480w, a.jpg 1000w" sizes="(min-width: 45rem) 40rem, 100vw" decoding="async">"#),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains(r#"<img src="b.png" alt="Second" loading="lazy" decoding="async">"#),
            "{}",
            out.html
        );
        assert_eq!(
            BodyLinks::of("x ![](c.jpg) ![Alt](d.jpg)").images,
            vec![
                ("c.jpg".into(), "".into(), 2),
                ("d.jpg".into(), "Alt".into(), 13)
            ]
        );
    }

    #[test]
    fn links_and_images_report_offsets() {
        let BodyLinks { links, images, .. } =
            BodyLinks::of("x\n\n[a](@/b.md) [![c *d*](e.png)](https://x) ![f](g.png)");
        assert_eq!(
            links,
            vec![("@/b.md".to_owned(), 3), ("https://x".to_owned(), 15)]
        );
        assert_eq!(
            images,
            vec![
                ("e.png".to_owned(), "c d".to_owned(), 16),
                ("g.png".to_owned(), "f".to_owned(), 44)
            ]
        );
    }
}
