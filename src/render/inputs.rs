//! What each output file is computed from, as a [`Fingerprint`]: the incremental engine
//! ([`crate::engine`]) reuses a file of the previous build when its job's fingerprint is
//! unchanged, and renders it again otherwise.
//!
//! First the shared facts are fingerprinted once per build ([`Facts`]): what every page
//! reads (configuration, templates, navigation, section texts), each language's Fluent files, each localized page on its
//! own and as a summary in lists, each section's shape (pager counts, archive periods),
//! each language's tags and service catalogue. Then a job's fingerprint combines its
//! identity with exactly the facts it reads; `docs/architecture.md` lists them. A job that
//! reads something not named here would be reused when it should not be: the test
//! `incremental` (tests/testsuite/incremental.rs) compares every file of a long series of
//! incremental builds with a clean build to catch that.

use std::sync::Arc;

use rayon::prelude::*;

use super::{Job, PageWork, Renderer};
use typed_index_collections::TiVec;

use crate::config::LangId;
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::site::{LocalizedId, SectionId};

/// The fingerprints shared by many jobs, computed once per build.
pub(super) struct Facts {
    /// What every file reads.
    global: Fingerprint,
    /// The Fluent messages of each language (its files and its fallbacks').
    languages: TiVec<LangId, Fingerprint>,
    /// Each localized page on its own: its file, URL, rendered body, translations, images.
    pages: Arc<TiVec<LocalizedId, Fingerprint>>,
    /// Each localized page as a list shows it (`PageSummary`).
    summaries: Arc<TiVec<LocalizedId, Fingerprint>>,
    /// Each section's shape in every language: list lengths, pagers, archive periods.
    sections: TiVec<SectionId, Fingerprint>,
    /// Each language's tags: names, slugs and counts.
    terms: TiVec<LangId, Fingerprint>,
    /// Each language's services and centres, and the releases that name services.
    catalogues: TiVec<LangId, Fingerprint>,
}

impl Renderer<'_> {
    /// Fingerprints the shared facts.
    pub(super) fn facts(&self) -> Facts {
        let site = self.site;
        // A page whose file the previous build of this frame made its facts from keeps them.
        let previous = self.previous.as_deref();
        let (pages, summaries): (Vec<_>, Vec<_>) = (0..site.localized.len())
            .into_par_iter()
            .map(LocalizedId::from)
            .map(|i| match previous {
                Some(previous) if previous.holds(site, i) => {
                    (previous.pages[i], previous.summaries[i])
                }
                _ => (self.page_fingerprint(i), self.summary_fingerprint(i)),
            })
            .unzip();
        let (pages, summaries) = (Arc::new(pages.into()), Arc::new(summaries.into()));
        if let (Some(memos), Some(frame)) = (self.memos, self.frame) {
            let work = PageWork::new(self.site, &self.bodies, &pages, &summaries);
            memos.page_work.insert(frame, Arc::new(work));
        }
        let mut facts = Facts {
            global: self.global_fingerprint(),
            languages: TiVec::new(),
            pages,
            summaries,
            sections: site
                .section_ids()
                .map(|s| self.section_fingerprint(s))
                .collect(),
            terms: TiVec::new(),
            catalogues: TiVec::new(),
        };
        for language in &site.config.languages {
            let lang = language.code.as_str();
            facts.languages.push(self.localizer.fingerprint(lang));
            let mut terms = Fingerprinter::new("terms");
            for term in self.terms(lang) {
                terms.add(&term.name).add(&term.slug).add(&term.items.len());
            }
            facts.terms.push(terms.finish());
            let catalogue = self.catalogue_fingerprint(lang, &facts);
            facts.catalogues.push(catalogue);
        }
        facts
    }

    /// What every file reads: the configuration, the templates, the navigation, the
    /// sections' texts and settings, the language list.
    fn global_fingerprint(&self) -> Fingerprint {
        let site = self.site;
        let mut f = Fingerprinter::new("global");
        f.add_debug(&site.config)
            // Which templates there are; what each reads is checked per file on reuse.
            .add(&self.templates.names_fingerprint())
            // What the per-language frames are made of (the frames hold Tera values,
            // whose maps do not print in a fixed order): the site view and navigation;
            // feed links and the search URL come from the sections, the templates and
            // each language's messages.
            .add_json(&super::frame::site_view(site));
        let nav = super::frame::navigation(site, self.alphabet);
        for (language, entries) in site.config.languages.iter().zip(&nav) {
            f.add(&language.code).add_debug(entries);
        }
        for section in site.sections.iter() {
            f.add(&section.key)
                .add(&section.url)
                .add(&section.parent)
                .add(&section.subsections)
                .add_debug(&section.settings);
            for (lang, text) in &section.texts {
                f.add(lang)
                    .add(&text.source)
                    .add(&text.title)
                    .add(&text.description)
                    .add(&text.body);
            }
        }
        f.finish()
    }

    /// Localized page `i` as lists show it ([`Renderer::summary_view`]), from what the
    /// view is made of rather than the view, which formats a URL for each tag: the page's
    /// place and front matter, its URL and languages, its first paragraph where it has no
    /// description, and its thumbnail (the configuration, which tag URLs also read, is in
    /// every job's fingerprint).
    pub(super) fn summary_fingerprint(&self, i: LocalizedId) -> Fingerprint {
        let lp = &self.site.localized[i];
        let page = &self.site.pages[lp.content];
        let mut f = Fingerprinter::new("summary");
        f.add(&page.front_fingerprint)
            .add(&lp.url)
            .add(&lp.lang)
            .add(&lp.is_fallback);
        if page.description.is_none() {
            f.add(&self.bodies[i].first_paragraph);
        }
        if page.image.is_some() {
            f.add(&self.lead_image(i, true));
        }
        f.finish()
    }

    /// Localized page `i` on its own: everything its page reads but its neighbours, its
    /// related pages and the catalogue.
    fn page_fingerprint(&self, i: LocalizedId) -> Fingerprint {
        let site = self.site;
        let lp = &site.localized[i];
        let page = &site.pages[lp.content];
        let group = &site.groups[lp.group];
        let mut f = Fingerprinter::new("page");
        f.add(&lp.url)
            .add(&lp.lang)
            .add(&lp.is_fallback)
            .add(&group.key)
            .add(&group.section.map(|s| &site.sections[s].key))
            .add_path(&page.source)
            .add(&page.source_fingerprint)
            .add(&page.expired)
            .add(&self.bodies[i].fingerprint)
            .add(&self.bodies[i].first_paragraph);
        for l in site.localizations(lp.group) {
            f.add(&l.lang)
                .add(&l.url)
                .add(&l.is_fallback)
                .add(&site.pages[l.content].lang);
        }
        for asset in &group.assets {
            f.add(&asset.path)
                .add(&asset.relative)
                .add_debug(&self.images.get(&asset.path));
        }
        f.finish()
    }

    /// A section's shape in every language: what its pagers, archives and the other
    /// languages' alternates of them depend on, apart from the pages shown.
    fn section_fingerprint(&self, section: SectionId) -> Fingerprint {
        let mut f = Fingerprinter::new("section");
        f.add(&self.service_sections().contains(&section));
        for language in &self.site.config.languages {
            let lang = language.code.as_str();
            f.add(lang)
                .add(&self.list(section, lang).len())
                .add(&self.pager_count(section, lang));
            for period in self.periods(section, lang) {
                f.add(&period.year)
                    .add(&period.month)
                    .add(&period.items.len());
            }
        }
        f.finish()
    }

    /// The service and centre pages of `lang` in full, and the releases that name a
    /// service as their summaries.
    fn catalogue_fingerprint(&self, lang: &str, facts: &Facts) -> Fingerprint {
        let site = self.site;
        let mut f = Fingerprinter::new("catalogue");
        for (i, lp) in site.localized.iter_enumerated() {
            if lp.lang != lang {
                continue;
            }
            let page = &site.pages[lp.content];
            if page.service.is_some() || page.centre.is_some() {
                f.add(&i).add(&facts.pages[i]);
            } else if !page.services.is_empty() {
                f.add(&i)
                    .add(&facts.summaries[i])
                    .add_debug(&page.services)
                    .add(&page.expired)
                    .add_debug(&page.date);
            }
        }
        f.finish()
    }

    /// Whether the page of localized page `i` reads the catalogue.
    pub(super) fn reads_catalogue(&self, i: LocalizedId) -> bool {
        let page = &self.site.pages[self.site.localized[i].content];
        page.service.is_some() || page.centre.is_some() || !page.services.is_empty()
    }

    /// The fingerprint of everything `job` reads: the facts every file reads, then what
    /// its own kind of output declares (next to where it is rendered).
    pub(super) fn job_fingerprint(&self, facts: &Facts, job: Job) -> Fingerprint {
        let mut f = Fingerprinter::new("job");
        f.add(&facts.global);
        let reads = Reads { facts, f: &mut f };
        match job {
            Job::Page(i) => self.page_reads(reads, i),
            Job::List {
                section,
                lang,
                number,
            } => self.list_reads(reads, section, self.code(lang), number),
            Job::Archive {
                section,
                lang,
                period,
                number,
            } => self.archive_reads(reads, section, self.code(lang), period, number),
            Job::Catalogue {
                section,
                lang,
                grouping,
            } => self.catalogue_reads(reads, section, self.code(lang), grouping),
            Job::TagList(lang) => self.tag_list_reads(reads, self.code(lang)),
            Job::Term { lang, term, number } => {
                self.term_reads(reads, self.code(lang), term, number)
            }
            Job::NotFound(lang) => self.not_found_reads(reads, self.code(lang)),
            Job::Search(lang) => self.search_page_reads(reads, self.code(lang)),
            Job::Alias { localized, alias } => self.alias_reads(reads, localized, alias),
        }
        f.finish()
    }
}

/// Where the output modules declare what a job reads: the facts of the build, and the
/// fingerprint being made of them.
pub(super) struct Reads<'f> {
    /// The shared facts.
    pub(super) facts: &'f Facts,
    /// The job's fingerprint.
    pub(super) f: &'f mut Fingerprinter,
}

impl Reads<'_> {
    /// Adds the messages of `lang` (its files and its fallbacks').
    pub(super) fn language(&mut self, lang: LangId) -> &mut Self {
        self.f.add(&self.facts.languages[lang]);
        self
    }

    /// Adds localized page `i` on its own.
    pub(super) fn page(&mut self, i: LocalizedId) -> &mut Self {
        self.f.add(&self.facts.pages[i]);
        self
    }

    /// Adds the summaries of `items`, as lists show them.
    pub(super) fn summaries<'i>(
        &mut self,
        items: impl IntoIterator<Item = &'i LocalizedId>,
    ) -> &mut Self {
        for &i in items {
            self.f.add(&self.facts.summaries[i]);
        }
        self
    }

    /// Adds the shape of `section` in every language.
    pub(super) fn section(&mut self, section: SectionId) -> &mut Self {
        self.f.add(&self.facts.sections[section]);
        self
    }

    /// Adds the tags of `lang`.
    pub(super) fn terms(&mut self, lang: LangId) -> &mut Self {
        self.f.add(&self.facts.terms[lang]);
        self
    }

    /// Adds the services and centres of `lang`.
    pub(super) fn catalogue(&mut self, lang: LangId) -> &mut Self {
        self.f.add(&self.facts.catalogues[lang]);
        self
    }
}
