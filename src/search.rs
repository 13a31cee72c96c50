//! Site search without a server: a search page and a small index per language
//! (`/search/`, `/search-index.json`; `/en/search/`, `/en/search-index.json`).
//!
//! The theme's script searches the index in the browser, matching Azerbaijani letters
//! typed with or without their marks ("sehadetname" finds "şəhadətnamə", "İCAZƏ" finds
//! "icazə"). Without JavaScript the search page is still a page: it lists the ways to
//! browse the site.

use serde::Serialize;

use crate::output::{FileContent, Origin, OutputFile};
use crate::render::Renderer;

/// Characters of a summary kept in the index.
const SUMMARY_LENGTH: usize = 160;

/// One page in the index; short names keep the file small.
#[derive(Serialize)]
struct Entry<'a> {
    /// Title.
    t: &'a str,
    /// Root-relative URL.
    u: &'a str,
    /// Summary, cut at a word.
    s: String,
    /// Section title.
    k: &'a str,
    /// Tags, and for services their category key.
    g: Vec<&'a str>,
    /// Language of the text.
    l: &'a str,
}

/// The root-relative URL of the search page of `lang`.
pub(crate) fn page_url(renderer: &Renderer, lang: &str) -> String {
    format!("{}/search/", renderer.site.config.url_prefix(lang))
}

/// The root-relative URL of the index of `lang`.
pub(crate) fn index_url(renderer: &Renderer, lang: &str) -> String {
    format!(
        "{}/search-index.json",
        renderer.site.config.url_prefix(lang)
    )
}

/// The index file of every language.
pub(crate) fn indexes(renderer: &Renderer) -> Vec<OutputFile> {
    let site = renderer.site;
    site.config
        .languages
        .iter()
        .map(|language| {
            let entries: Vec<Entry> = site
                .localized
                .iter()
                .enumerate()
                .filter(|(_, lp)| lp.lang == language.code && !site.pages[lp.content].expired)
                .map(|(i, lp)| {
                    let page = &site.pages[lp.content];
                    let section = site.groups[lp.group]
                        .section
                        .filter(|&s| s != 0)
                        .and_then(|s| site.section_text(s, &lp.lang))
                        .map_or("", |(_, text)| text.title.as_str());
                    let summary = page
                        .description
                        .as_deref()
                        .unwrap_or(&renderer.contents[i].first_paragraph);
                    let mut tags: Vec<&str> = page.tags.iter().map(String::as_str).collect();
                    if let Some(service) = &page.service {
                        tags.push(&service.category);
                    }
                    Entry {
                        t: &page.title,
                        u: &lp.url,
                        s: shorten(summary, SUMMARY_LENGTH),
                        k: section,
                        g: tags,
                        l: &page.lang,
                    }
                })
                .collect();
            OutputFile {
                path: index_url(renderer, &language.code)
                    .trim_start_matches('/')
                    .to_owned(),
                content: FileContent::Bytes(serde_json::to_vec(&entries).expect("plain data")),
                origin: Origin::Generated("the search index"),
            }
        })
        .collect()
}

/// `text` cut to at most `limit` characters at a word boundary, with "…" when cut.
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(shorten("Qısa mətn.", 20), "Qısa mətn.");
        assert_eq!(
            shorten("Şəxsiyyət vəsiqəsinin verilməsi, dəyişdirilməsi", 30),
            "Şəxsiyyət vəsiqəsinin…"
        );
    }
}
