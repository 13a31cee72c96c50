//! Rendering the [`Site`] into files for a [`Sink`]: every HTML file through Tera in parallel, then
//! feeds, the sitemap, robots.txt and the copied files.
//!
//! First the per-language indexes are computed once (Markdown of every localized page, the
//! sorted lists of every section, the tags); then each file to write is a `Job` rendered on
//! its own with borrowed views, so a list page carries only the slice it shows.

mod archives;
mod assets;
mod bodies;
mod feeds;
mod frame;
mod indexes;
pub(crate) use bodies::KeptBody;
pub(crate) use indexes::Indexes;
pub(crate) use page_work::PageWork;
mod inputs;
mod lists;
mod open_data;
mod outcome;
mod page;
mod page_work;
mod search_index;
mod services;
mod sitemap;
mod special;
pub mod views;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use tera::Context;

use crate::catalogue::Catalogue;
use crate::collation::Alphabet;
use crate::config::LangId;
use crate::engine::{JobFile, JobFiles, Memo, Memos, Reuse};
use crate::error::{Error, Result};
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::i18n::{Localizer, MessageFallback, recording_fallbacks};
use crate::images::Images;
use crate::links::Resolver;
use crate::output::{FileContent, Jobs, Origin, OutputFile, Sink, Written};
use crate::site::{LocalizedId, SectionId, Site};
use crate::theme::Templates;
use crate::timings::Timings;
use crate::urls::{self, Grouping};
use assets::bundle_image;
pub(crate) use outcome::CheckedPaths;
use outcome::{Outcome, dedup};
use typed_index_collections::TiVec;

/// Pages per list page of a tag.
pub const TAG_PAGE_SIZE: usize = 10;
/// Bytes reserved for a rendered file: most pages of the default theme fit.
const RENDERED_CAPACITY: usize = 32 * 1024;
/// How many related pages a page lists.
pub const RELATED_SIZE: usize = 5;
/// How many pages the home page shows per section.
pub const HOME_TEASER_SIZE: usize = 5;

/// One file to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Job {
    Page(LocalizedId),
    List {
        section: SectionId,
        lang: LangId,
        number: usize,
    },
    TagList(LangId),
    Term {
        lang: LangId,
        term: usize,
        number: usize,
    },
    NotFound(LangId),
    Search(LangId),
    Alias {
        localized: LocalizedId,
        alias: usize,
    },
    Archive {
        section: SectionId,
        lang: LangId,
        period: usize,
        number: usize,
    },
    Catalogue {
        section: SectionId,
        lang: LangId,
        grouping: Grouping,
    },
}

/// A tag of one language with its pages, newest first.
#[derive(Debug)]
pub(crate) struct Term {
    /// As the first page in site order writes it.
    pub(crate) name: String,
    /// Its URL segment.
    pub(crate) slug: String,
    /// Its pages, newest first.
    pub(crate) items: Vec<LocalizedId>,
}

/// Everything computed once before the files are rendered.
pub(crate) struct Renderer<'a> {
    pub(crate) site: &'a Arc<Site>,
    pub(crate) localizer: &'a Localizer,
    pub(crate) templates: &'a Templates,
    resolver: &'a Resolver,
    images: &'a Images,
    pub(crate) alphabet: &'a Alphabet,
    pub(crate) catalogue: &'a Catalogue,
    timings: &'a Timings,
    /// What is kept of the body of each localized page, by index in `site.localized`
    /// ([`Renderer::body_html`] renders it).
    pub(crate) bodies: Arc<TiVec<LocalizedId, bodies::Body>>,
    /// In a build of the engine, what the page bodies and facts read besides the pages'
    /// own files ([`page_work::frame`]), and what a good build of the same frame made of
    /// them.
    frame: Option<Fingerprint>,
    previous: Option<Arc<PageWork>>,
    /// The sorted lists, archive periods and tags.
    index: Arc<Indexes>,
    /// The archive navigation of each section in each language.
    archive_navs: indexes::BySection<archives::ArchiveNav>,
    /// The summary of each localized page, converted for Tera when first shown.
    summaries: TiVec<LocalizedId, OnceLock<tera::Value>>,
    /// What every file of each language shares, in `site.toml` order.
    shared: TiVec<LangId, frame::LanguageFrame>,
    /// What the previous build of the incremental engine computed, when there is one.
    pub(crate) memos: Option<&'a Memos>,
    /// Without the engine, the pages of this build that share "other releases" by their
    /// tags ([`Renderer::related_ids`]).
    most_shared: Memo<Arc<[usize]>>,
}

/// What rendering reads: the site and everything the earlier stages made of it.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The loaded site.
    pub site: &'a Arc<Site>,
    /// Interface messages and dates.
    pub localizer: &'a Localizer,
    /// The templates.
    pub templates: &'a Templates,
    /// Content links to URLs.
    pub resolver: &'a Resolver,
    /// Resized bundle images.
    pub images: &'a Images,
    /// Alphabetical order of each language.
    pub alphabet: &'a Alphabet,
    /// Services and centres by key.
    pub catalogue: &'a Catalogue,
    /// The text of each page's first paragraph, by its index in `site.pages`, as the link
    /// check of a build without the incremental engine read it.
    pub first_paragraphs: Option<&'a [Arc<str>]>,
    /// Files of the theme's and the site's `static/`, ready to publish.
    pub static_files: &'a [OutputFile],
    /// Where the time of each stage and template is recorded.
    pub timings: &'a Timings,
    /// The files of the previous build to reuse where their inputs are unchanged.
    pub(crate) reuse: Option<&'a Reuse>,
}

/// What rendering made of the site.
#[derive(Debug)]
pub struct Rendered {
    /// What was written where (the bytes went to the [`Sink`]).
    pub written: Vec<Written>,
    /// The messages shown from a fallback language, each once, in order.
    pub fallbacks: Vec<MessageFallback>,
}

/// Renders every file of the site into `sink` as it is made, and returns what was written
/// where. Errors of rendering come first; when there are none, two files claiming one path
/// are the error; only then does a file that could not be written count.
pub fn render(inputs: &Inputs, sink: &dyn Sink) -> Result<Rendered> {
    let Inputs {
        site,
        static_files,
        timings,
        reuse,
        ..
    } = *inputs;
    let mut outcome = Outcome::default();
    let (mut renderer, fallbacks) = timings.stage("indexes", || Renderer::new(inputs));
    outcome.fallbacks.extend(fallbacks);
    let jobs = renderer.jobs();
    sink.expect(jobs.len());
    let facts = reuse.map(|_| timings.stage("fingerprints", || renderer.facts()));
    // The same list of jobs as the last good build's: a job's file is at the same place.
    let kept = reuse.map(|reuse| {
        let mut list = Fingerprinter::new("jobs");
        for job in &jobs {
            list.add(job);
        }
        reuse.jobs(jobs.len(), list.finish(), sink)
    });
    let render = |at: usize, job: Job| match (&kept, &facts) {
        (Some(kept), Some(facts)) => kept.file(
            at,
            renderer.job_fingerprint(facts, job),
            renderer.resolver,
            renderer.templates,
            || renderer.render(job),
        ),
        _ => {
            let (file, fallbacks) = recording_fallbacks(|| renderer.render(job));
            file.map(|file| JobFile::Put(file, fallbacks))
        }
    };
    // `None` for a file the sink keeps from the last good build.
    type Made = Option<std::result::Result<Written, Error>>;
    let results: Vec<(Made, Option<Error>, _)> = timings.stage("pages and lists", || {
        jobs.par_iter()
            .enumerate()
            .map(|(at, job)| match render(at, *job) {
                Ok(JobFile::Put(file, fallbacks)) => {
                    let written = Written::from(&file);
                    (Some(Ok(written)), sink.put(file).err(), fallbacks)
                }
                Ok(JobFile::Unchanged(fallbacks)) => (None, None, fallbacks),
                Err(e) => (Some(Err(e)), None, Vec::new()),
            })
            .collect()
    });
    for (made, write_error, fallbacks) in results {
        match made {
            Some(rendered) => outcome.add(rendered, write_error),
            None => outcome.add_unchanged(),
        }
        outcome.fallbacks.extend(fallbacks);
    }
    sink.jobs_done(kept.map_or(Jobs::Whole, JobFiles::handed_on));
    // The lists are made: their page summaries leave room for the search index. Freeing
    // them takes a while: it is done after the pages are shown, and in a build that shows
    // nothing early, on one thread while the feeds and the sitemap are made on the other
    // (below). `serve` frees them first, on one thread, leaving the other to the server,
    // whose reload message has just gone out.
    let unset = site.localized.keys().map(|_| OnceLock::new()).collect();
    let summaries = std::mem::replace(&mut renderer.summaries, unset);
    if !outcome.render_errors.is_empty() {
        return Err(dedup(outcome.render_errors));
    }
    let write = |files: &[OutputFile], outcome: &mut Outcome| {
        sink.expect(files.len());
        let results: Vec<(Written, Option<Error>)> = files
            .par_iter()
            .map(|file| (Written::from(file), sink.put(file.clone()).err()))
            .collect();
        for (written, write_error) in results {
            outcome.add(Ok(written), write_error);
        }
    };
    let mut files = vec![OutputFile {
        path: "robots.txt".into(),
        content: FileContent::Bytes(
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                site.permalink(urls::SITEMAP)
            )
            .into_bytes()
            .into(),
        ),
        origin: Origin::Generated("robots.txt"),
    }];
    files.extend(renderer.copied_files(static_files));
    timings.stage("write generated and copied files", || {
        write(&files, &mut outcome)
    });
    drop(files);
    // What follows is made from the whole site and read by no page as it is shown.
    let checked = reuse.and_then(Reuse::checked_paths);
    let early = outcome.len();
    if sink.shows_early() && outcome.is_clean(checked) {
        timings.stage("publish pages", || sink.pages_done());
    }
    let late_files = || {
        recording_fallbacks(|| -> Result<Vec<OutputFile>> {
            let mut files = timings.stage("feeds", || feeds::render(&renderer))?;
            files.push(timings.stage("sitemap", || sitemap::render(&renderer)));
            files.extend(timings.stage("open data", || open_data::render(&renderer)));
            Ok(files)
        })
    };
    let (files, fallbacks) = if sink.shows_early() {
        drop(summaries);
        late_files()
    } else {
        rayon::join(late_files, move || drop(summaries)).0
    };
    let files = files?;
    outcome.fallbacks.extend(fallbacks);
    timings.stage("write generated and copied files", || {
        write(&files, &mut outcome)
    });
    drop(files);
    if renderer.templates.contains("search.html") {
        // One language at a time, each written before the next is indexed: an index
        // under construction is the largest thing a build holds.
        for language in &site.config.languages {
            let (index, fallbacks) = timings.stage("search index", || {
                search_index::files(&renderer, &language.code)
            });
            outcome.fallbacks.extend(fallbacks);
            timings.stage("write generated and copied files", || {
                write(&index, &mut outcome)
            });
        }
    }
    let paths = reuse.map(|_| outcome.paths(early, checked));
    let rendered = outcome.finish(checked)?;
    if let (Some(reuse), Some(paths)) = (reuse, paths) {
        reuse.paths_checked(paths);
    }
    Ok(rendered)
}

impl<'a> Renderer<'a> {
    /// The renderer of `inputs`, with the messages its indexes showed from a fallback
    /// language.
    fn new(inputs: &Inputs<'a>) -> (Self, Vec<MessageFallback>) {
        let Inputs {
            site,
            localizer,
            templates,
            resolver,
            images,
            alphabet,
            catalogue,
            timings,
            ..
        } = *inputs;
        let (labels, mut fallbacks) = bodies::table_labels(site, localizer);
        let memos = inputs.reuse.map(Reuse::memos);
        let frame = memos
            .and(site.shape())
            .map(|shape| page_work::frame(shape, images, &labels.raw));
        let previous = memos.zip(frame).and_then(PageWork::kept);
        let (bodies, body_fallbacks) = bodies::bodies(
            site,
            &labels,
            resolver,
            images,
            memos.map(|memos| &memos.bodies),
            previous.as_deref(),
            inputs.first_paragraphs,
        );
        fallbacks.extend(body_fallbacks);
        let index = Indexes::kept_or_new(site, alphabet, memos);
        let nav = frame::navigation(site, alphabet);
        let mut renderer = Renderer {
            site,
            localizer,
            templates,
            resolver,
            images,
            alphabet,
            catalogue,
            timings,
            bodies: Arc::new(bodies),
            frame,
            previous,
            archive_navs: archives::archive_navs(site, localizer, &index.periods),
            index,
            summaries: site.localized.keys().map(|_| OnceLock::new()).collect(),
            shared: TiVec::new(),
            memos,
            most_shared: Memo::default(),
        };
        let (shared, frame_fallbacks) =
            recording_fallbacks(|| frame::language_frames(&renderer, &nav));
        renderer.shared = shared;
        fallbacks.extend(frame_fallbacks);
        (renderer, fallbacks)
    }

    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs: Vec<Job> = site.localized.keys().map(Job::Page).collect();
        for (id, language) in site.config.languages.iter_enumerated() {
            let lang = language.code.as_str();
            for section in site.section_ids() {
                let count = if section.is_home() {
                    1
                } else {
                    self.pager_count(section, lang)
                };
                jobs.extend((1..=count).map(|number| Job::List {
                    section,
                    lang: id,
                    number,
                }));
            }
            for section in site.section_ids().filter(|s| !s.is_home()) {
                for (period, p) in self.periods(section, lang).iter().enumerate() {
                    let count = self.period_pager_count(section, p);
                    jobs.extend((1..=count).map(|number| Job::Archive {
                        section,
                        lang: id,
                        period,
                        number,
                    }));
                }
            }
            for section in self.service_sections() {
                for grouping in [Grouping::Category, Grouping::LifeEvent] {
                    jobs.push(Job::Catalogue {
                        section,
                        lang: id,
                        grouping,
                    });
                }
            }
            jobs.push(Job::TagList(id));
            for (term, t) in self.terms(lang).iter().enumerate() {
                let count = t.items.len().div_ceil(TAG_PAGE_SIZE).max(1);
                jobs.extend((1..=count).map(|number| Job::Term {
                    lang: id,
                    term,
                    number,
                }));
            }
            jobs.push(Job::NotFound(id));
            if self.templates.contains("search.html") {
                jobs.push(Job::Search(id));
            }
        }
        for (localized, lp) in site.localized.iter_enumerated() {
            if !lp.is_fallback {
                let count = site.pages[lp.content].aliases.len();
                jobs.extend((0..count).map(|alias| Job::Alias { localized, alias }));
            }
        }
        jobs
    }

    fn list(&self, section: SectionId, lang: &str) -> &[LocalizedId] {
        &self.index.lists[self.lang_id(lang)][section]
    }

    /// The id of the language `lang`, which rendering only meets configured.
    fn lang_id(&self, lang: &str) -> LangId {
        self.site
            .config
            .language_id(lang)
            .expect("rendering a configured language")
    }

    /// The tags of `lang`.
    fn terms(&self, lang: &str) -> &[Term] {
        &self.index.terms[self.lang_id(lang)]
    }

    fn pager_count(&self, section: SectionId, lang: &str) -> usize {
        let size = self.site.sections[section]
            .settings
            .paginate_by
            .unwrap_or(usize::MAX);
        self.list(section, lang).len().div_ceil(size).max(1)
    }

    /// The code of language `id`, which templates, Fluent and ICU4X are given.
    fn code(&self, id: LangId) -> &'a str {
        &self.site.config.languages[id].code
    }

    fn render(&self, job: Job) -> std::result::Result<OutputFile, Error> {
        match job {
            Job::Page(i) => self.render_page(i).map(|mut file| {
                // A clash of this page's URL is fixed where its slug is set.
                let page = &self.site.pages[self.site.localized[i].content];
                if let Some(location) = &page.slug_location {
                    file.origin = location.clone().into();
                }
                file
            }),
            Job::List {
                section,
                lang,
                number,
            } => self.render_list(section, self.code(lang), number),
            Job::TagList(lang) => self.render_tag_list(self.code(lang)),
            Job::Term { lang, term, number } => self.render_term(self.code(lang), term, number),
            Job::NotFound(lang) => self.render_not_found(self.code(lang)),
            Job::Search(lang) => self.render_search(self.code(lang)),
            Job::Alias { localized, alias } => self.render_alias(localized, alias),
            Job::Archive {
                section,
                lang,
                period,
                number,
            } => {
                let lang = self.code(lang);
                self.render_archive(section, lang, &self.periods(section, lang)[period], number)
            }
            Job::Catalogue {
                section,
                lang,
                grouping,
            } => self.render_catalogue(section, self.code(lang), grouping),
        }
    }

    fn template_or_error(&self, name: &str, origin: &Path) -> std::result::Result<(), Error> {
        if self.templates.contains(name) {
            Ok(())
        } else {
            Err(
                Error::in_file(origin, format!("the template `{name}` does not exist")).with_help(
                    "add it to templates/ or to the theme's templates/, or fix the template name",
                ),
            )
        }
    }

    fn render_template(
        &self,
        name: &str,
        context: &Context,
        url: &str,
        origin: &Path,
    ) -> std::result::Result<OutputFile, Error> {
        self.template_or_error(name, origin)?;
        crate::theme::record_template(name);
        let started = std::time::Instant::now();
        // Into bytes, as they are written: Tera's `render` would check the whole page
        // once more to make a `String` of it.
        let mut html = Vec::with_capacity(RENDERED_CAPACITY);
        self.templates
            .tera
            .render_to(name, context, &mut html)
            .map_err(|e| self.templates.explain(&e, name))?;
        self.timings.template(name, started.elapsed());
        Ok(OutputFile::at_url(url, html, origin))
    }

    /// The body of localized page `i` as HTML, rendered again (its fingerprint is
    /// `self.bodies[i].fingerprint`).
    pub(crate) fn body_html(&self, i: LocalizedId) -> String {
        bodies::body(self.site, self.localizer, self.resolver, self.images, i).html
    }
}
