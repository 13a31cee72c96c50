//! Atom 1.0 and RSS 2.0 feeds: one pair per language for the whole site (`/atom.xml`,
//! `/en/atom.xml`) and one per language for each section with `feed = true`
//! (`/press/atom.xml`). Only real translations are listed: a fallback page is not news in
//! the fallback's language.

use atom_syndication as atom;

use super::Renderer;
use crate::error::{Error, Result};
use crate::links::resolve_url;
use crate::output::{FileContent, Origin, OutputFile};
use crate::site::{LocalizedId, SectionId};
use crate::urls;

/// How many of the newest pages a feed lists.
pub(crate) const FEED_LIMIT: usize = 20;

/// Every feed of the site.
pub(crate) fn render(renderer: &Renderer) -> Result<Vec<OutputFile>> {
    let site = renderer.site;
    let mut files = Vec::new();
    for (language_id, language) in site.config.languages.iter_enumerated() {
        let lang = language.code.as_str();
        let site_title = renderer
            .localizer
            .message(lang, "site-title", None)
            .map_err(|e| Error::new(e.to_string()))?;
        let in_language = site
            .localized
            .keys()
            .filter(|&i| site.localized[i].lang == lang);
        files.extend(feed_pair(
            renderer,
            lang,
            None,
            &site_title,
            &newest(renderer, in_language),
        ));
        for section in site.section_ids().filter(|s| !s.is_home()) {
            if !site.sections[section].settings.feed {
                continue;
            }
            let listed = &renderer.index.lists[language_id][section];
            let items = newest(renderer, listed.iter().copied());
            let title = site
                .section_text(section, lang)
                .map_or(site_title.clone(), |(_, t)| {
                    format!("{} — {site_title}", t.title)
                });
            files.extend(feed_pair(renderer, lang, Some(section), &title, &items));
        }
    }
    Ok(files)
}

/// The localized pages among `items` that a feed lists, newest first: real translations
/// with a date, not expired.
fn newest(renderer: &Renderer, items: impl Iterator<Item = LocalizedId>) -> Vec<LocalizedId> {
    let site = renderer.site;
    let page = |i: LocalizedId| &site.pages[site.localized[i].content];
    let mut items: Vec<LocalizedId> = items
        .filter(|&i| !site.localized[i].is_fallback && !page(i).expired && page(i).date.is_some())
        .collect();
    items.sort_by_key(|&i| std::cmp::Reverse(page(i).date));
    items
}

/// The Atom and the RSS file of one feed.
fn feed_pair(
    renderer: &Renderer,
    lang: &str,
    section: Option<SectionId>,
    title: &str,
    items: &[LocalizedId],
) -> [OutputFile; 2] {
    let site = renderer.site;
    let section = section.unwrap_or(SectionId::HOME);
    let base = urls::section(site, section, lang);
    let items = &items[..items.len().min(FEED_LIMIT)];
    let origin = Origin::Generated("a feed");
    let atom_url = urls::feed(site, section, lang, urls::Feed::Atom);
    let rss_url = urls::feed(site, section, lang, urls::Feed::Rss);

    let entries: Vec<atom::Entry> = items
        .iter()
        .map(|&i| {
            let lp = &site.localized[i];
            let page = &site.pages[lp.content];
            let permalink = site.permalink(&lp.url);
            let published = page.date.map(|d| to_fixed(d.instant));
            let updated = page
                .updated
                .or(page.date)
                .map(|d| to_fixed(d.instant))
                .unwrap_or_default();
            let mut links = vec![
                atom::LinkBuilder::default()
                    .href(permalink.clone())
                    .rel("alternate")
                    .build(),
            ];
            if let Some(image) = &page.image {
                links.push(
                    atom::LinkBuilder::default()
                        .href(resolve_url(image, &site.config.base_url, &permalink))
                        .rel("enclosure")
                        .mime_type(image_type(image).map(str::to_owned))
                        .build(),
                );
            }
            atom::EntryBuilder::default()
                .id(permalink.clone())
                .title(page.title.clone())
                .updated(updated)
                .published(published)
                .links(links)
                .summary(page.description.clone().map(atom::Text::plain))
                .content(Some(
                    atom::ContentBuilder::default()
                        .content_type(Some("html".to_owned()))
                        .base(Some(permalink.clone()))
                        .lang(Some(page.lang.clone()))
                        .value(Some(absolute_urls(
                            &renderer.body_html(i),
                            &site.config.base_url,
                            &permalink,
                        )))
                        .build(),
                ))
                .build()
        })
        .collect();
    let newest = items
        .first()
        .and_then(|&i| {
            let page = &site.pages[site.localized[i].content];
            page.updated.or(page.date)
        })
        .map(|d| to_fixed(d.instant))
        .unwrap_or_default();
    let feed = atom::FeedBuilder::default()
        .id(site.permalink(&atom_url))
        .title(title.to_owned())
        .updated(newest)
        .lang(Some(lang.to_owned()))
        .link(
            atom::LinkBuilder::default()
                .href(site.permalink(&atom_url))
                .rel("self")
                .build(),
        )
        .link(
            atom::LinkBuilder::default()
                .href(site.permalink(&base))
                .rel("alternate")
                .build(),
        )
        .entries(entries)
        .build();

    let rss_items: Vec<rss::Item> = items
        .iter()
        .map(|&i| {
            let lp = &site.localized[i];
            let page = &site.pages[lp.content];
            let permalink = site.permalink(&lp.url);
            rss::ItemBuilder::default()
                .title(Some(page.title.clone()))
                .link(Some(permalink.clone()))
                .guid(Some(
                    rss::GuidBuilder::default()
                        .value(permalink.clone())
                        .permalink(true)
                        .build(),
                ))
                .pub_date(page.date.map(|d| rfc2822(d.instant)))
                .description(page.description.clone())
                .content(Some(absolute_urls(
                    &renderer.body_html(i),
                    &site.config.base_url,
                    &permalink,
                )))
                .build()
        })
        .collect();
    let channel = rss::ChannelBuilder::default()
        .title(title.to_owned())
        .link(site.permalink(&base))
        .description(title.to_owned())
        .language(Some(lang.to_owned()))
        .items(rss_items)
        .build();

    [
        OutputFile {
            path: atom_url.trim_start_matches('/').into(),
            content: FileContent::Bytes(xml_text(feed.to_string()).into()),
            origin: origin.clone(),
        },
        OutputFile {
            path: rss_url.trim_start_matches('/').into(),
            content: FileContent::Bytes(xml_text(channel.to_string()).into()),
            origin,
        },
    ]
}

/// The media type of an image file, by its extension.
fn image_type(file: &str) -> Option<&'static str> {
    let extension = file.rsplit('.').next()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

fn to_fixed(instant: jiff::Timestamp) -> atom::FixedDateTime {
    atom::FixedDateTime::parse_from_rfc3339(&instant.to_string()).unwrap_or_default()
}

fn rfc2822(instant: jiff::Timestamp) -> String {
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_string(&instant)
        .unwrap_or_default()
}

/// Makes the `href`, `src` and `srcset` URLs of rendered content absolute, for feed
/// readers: root-relative ones against `base_url`, relative ones against `page_url` (the
/// page's absolute URL, ending in `/`, where its bundle files are published).
fn absolute_urls(html: &str, base_url: &str, page_url: &str) -> String {
    let absolute = |url: &str| resolve_url(url, base_url, page_url);
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find("=\"") {
        let (head, tail) = rest.split_at(i + 2);
        out.push_str(head);
        let Some(end) = tail.find('"') else {
            rest = tail;
            break;
        };
        let value = &tail[..end];
        let name = head[..head.len() - 2]
            .rsplit([' ', '\n', '\t'])
            .next()
            .unwrap_or_default();
        match name {
            "href" | "src" => out.push_str(&absolute(value)),
            "srcset" => {
                let candidates: Vec<String> = value
                    .split(',')
                    .map(|candidate| {
                        let candidate = candidate.trim();
                        match candidate.split_once(' ') {
                            Some((url, size)) => format!("{} {size}", absolute(url)),
                            None => absolute(candidate),
                        }
                    })
                    .collect();
                out.push_str(&candidates.join(", "));
            }
            _ => out.push_str(value),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The bytes of a feed, without characters XML forbids (a Fluent message or a template can
/// still bring one in after content was checked).
fn xml_text(xml: String) -> Vec<u8> {
    match crate::control_chars::strip(&xml) {
        std::borrow::Cow::Borrowed(_) => xml.into_bytes(),
        std::borrow::Cow::Owned(clean) => clean.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::absolute_urls;

    #[test]
    fn links_and_images_become_absolute() {
        let html = r##"<a href="/en/a/">a</a><img src="p.png" srcset="p-480w.png 480w, /q.png 900w"><a href="//cdn/x">c</a><a title="/x" href="#n">d</a>"##;
        assert_eq!(
            absolute_urls(html, "https://x.az", "https://x.az/press/a/"),
            r##"<a href="https://x.az/en/a/">a</a><img src="https://x.az/press/a/p.png" srcset="https://x.az/press/a/p-480w.png 480w, https://x.az/q.png 900w"><a href="//cdn/x">c</a><a title="/x" href="#n">d</a>"##
        );
    }
}
