//! `/sitemap.xml`: every page of every language, each with `xhtml:link` alternates for its
//! translations and `x-default`. Fallback pages are left out: they are not translations.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::Renderer;
use crate::output::{FileContent, Origin, OutputFile};
use crate::urls;

/// One `<url>` entry.
struct Entry {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<(String, String)>,
}

/// The sitemap file.
pub(crate) fn render(renderer: &Renderer) -> OutputFile {
    let site = renderer.site;
    let mut entries = Vec::new();
    let x_default = |urls: &[(String, String)]| {
        urls.iter()
            .find(|(code, _)| *code == site.config.default_language)
            .map(|(_, url)| ("x-default".to_owned(), url.clone()))
    };
    for section in site.section_ids() {
        let mut urls: Vec<(String, String)> = site
            .config
            .languages
            .iter()
            .map(|l| {
                (
                    l.code.clone(),
                    site.permalink(&urls::section(site, section, &l.code)),
                )
            })
            .collect();
        urls.extend(x_default(&urls));
        for language in &site.config.languages {
            entries.push(Entry {
                loc: site.permalink(&urls::section(site, section, &language.code)),
                lastmod: None,
                alternates: urls.clone(),
            });
        }
    }
    for group in 0..site.groups.len() {
        let translations: Vec<_> = site
            .localizations(group)
            .filter(|l| !l.is_fallback)
            .collect();
        let mut urls: Vec<(String, String)> = translations
            .iter()
            .map(|l| (l.lang.clone(), site.permalink(&l.url)))
            .collect();
        urls.extend(x_default(&urls));
        for l in &translations {
            let page = &site.pages[l.content];
            entries.push(Entry {
                loc: site.permalink(&l.url),
                lastmod: page.updated.or(page.date).map(|d| d.day.to_string()),
                alternates: if translations.len() > 1 {
                    urls.clone()
                } else {
                    Vec::new()
                },
            });
        }
    }

    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    let ok: std::io::Result<()> = (|| {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let urlset = BytesStart::new("urlset").with_attributes([
            ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
            ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
        ]);
        writer.write_event(Event::Start(urlset))?;
        for entry in &entries {
            writer.write_event(Event::Start(BytesStart::new("url")))?;
            text_element(&mut writer, "loc", &entry.loc)?;
            if let Some(lastmod) = &entry.lastmod {
                text_element(&mut writer, "lastmod", lastmod)?;
            }
            for (code, href) in &entry.alternates {
                let link = BytesStart::new("xhtml:link").with_attributes([
                    ("rel", "alternate"),
                    ("hreflang", code.as_str()),
                    ("href", href.as_str()),
                ]);
                writer.write_event(Event::Empty(link))?;
            }
            writer.write_event(Event::End(BytesEnd::new("url")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("urlset")))?;
        Ok(())
    })();
    ok.expect("writing XML into a Vec cannot fail");
    OutputFile {
        path: urls::SITEMAP.trim_start_matches('/').into(),
        content: FileContent::Bytes(writer.into_inner().into()),
        origin: Origin::Generated("the sitemap"),
    }
}

fn text_element(writer: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    writer.write_event(Event::Start(BytesStart::new(name)))?;
    writer.write_event(Event::Text(BytesText::new(text)))?;
    writer.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}
