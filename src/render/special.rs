//! Files that are not content: the 404 page, alias redirects and the search page.

use std::path::Path;

use super::Renderer;
use super::inputs::Reads;
use super::views::CatalogueLinks;
use crate::error::Error;
use crate::output::OutputFile;
use crate::site::LocalizedId;
use crate::urls;

impl<'a> Renderer<'a> {
    /// What the not-found page of `lang` reads: the language's messages only.
    pub(super) fn not_found_reads(&self, mut reads: Reads, lang: &str) {
        reads.f.add("404").add(lang);
        reads.language(self.lang_id(lang));
    }

    pub(super) fn render_not_found(&self, lang: &str) -> std::result::Result<OutputFile, Error> {
        let config = &self.site.config;
        let url = urls::not_found(config, lang);
        let alternates = urls::alternates(config, |l| Some(urls::not_found(config, &l.code)));
        let context = self.frame(lang, &url, &alternates, None);
        self.render_template(
            "404.html",
            &context,
            &url,
            Path::new(crate::load::CONTENT_DIR),
        )
    }

    /// What the search page of `lang` reads: the language's messages and the service
    /// sections, whose catalogues it links.
    pub(super) fn search_page_reads(&self, mut reads: Reads, lang: &str) {
        reads.f.add("search").add(lang);
        reads.language(self.lang_id(lang));
        for section in self.service_sections() {
            reads.f.add(&self.site.sections[section].key);
        }
    }

    pub(super) fn render_search(&self, lang: &str) -> std::result::Result<OutputFile, Error> {
        let config = &self.site.config;
        let url = urls::search(config, lang);
        let alternates = urls::alternates(config, |l| Some(urls::search(config, &l.code)));
        let mut context = self.frame(lang, &url, &alternates, None);
        context.insert("search_index", &urls::search_index(config, lang));
        let catalogues: Vec<CatalogueLinks> = self
            .service_sections()
            .into_iter()
            .filter_map(|section| self.catalogue_links(section, lang))
            .collect();
        context.insert("catalogues", &catalogues);
        context.insert("tags_url", &urls::tags(config, lang));
        self.render_template(
            "search.html",
            &context,
            &url,
            Path::new(crate::load::CONTENT_DIR),
        )
    }

    /// What alias `alias` of localized page `localized` reads: the page it redirects to.
    pub(super) fn alias_reads(&self, mut reads: Reads, localized: LocalizedId, alias: usize) {
        reads.f.add("alias").add(&alias);
        reads
            .page(localized)
            .language(self.site.localized[localized].language);
    }

    pub(super) fn render_alias(
        &self,
        localized: LocalizedId,
        alias: usize,
    ) -> std::result::Result<OutputFile, Error> {
        let lp = &self.site.localized[localized];
        let page = &self.site.pages[lp.content];
        let alias = &page.aliases[alias];
        let mut context = self.frame(&lp.lang, &alias.url, &[], None);
        context.insert("canonical", &self.site.permalink(&lp.url));
        context.insert("target", &self.site.permalink(&lp.url));
        let mut file = self.render_template("alias.html", &context, &alias.url, &page.source)?;
        file.origin = alias.location.clone().into();
        Ok(file)
    }
}
