//! The incremental engine: a build that reuses the files of the previous build whose
//! inputs have not changed (`dilmanc serve` keeps one [`Engine`] for its whole run).
//!
//! Every file the renderer makes from a template is a job (`render::Job`: a page in one
//! language, a list page, an archive, a tag page, a catalogue view, a 404, an alias). Each
//! job declares what it reads as a [`Fingerprint`] (`render/inputs.rs`): shared facts
//! fingerprinted once per build (the configuration and which templates exist, each
//! language's Fluent files, each localized page alone and as a summary, each section's
//! shape, each language's tags and catalogue) combined with the job's identity. The engine
//! keeps the files of the last good build by fingerprint; a job whose fingerprint is
//! found, whose templates' `url()` calls still get the same answers, and whose templates
//! read the same template texts (`theme/dependencies.rs`), is reused without being
//! rendered. Loading, checks, the indexes, feeds, sitemap and open data are computed again
//! on every build (with the memos below), so an error in any input is found exactly as a
//! clean build finds it.
//!
//! A failed build leaves the kept files as they were, so the build after the fix reuses
//! them again. A sink that keeps the last good build's files itself (`serve`'s,
//! [`crate::output::Sink::keeps_jobs`]) is handed only the files that changed when the
//! list of jobs is the last good build's. `docs/architecture.md` shows how a change
//! travels.

mod memo;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub(crate) use memo::{InOrder, Memo, memoized};

use crate::build::{BuildOptions, Built};
use crate::catalogue::Catalogue;
use crate::error::{Error, Result};
use crate::fingerprint::Fingerprint;
use crate::i18n::{MessageFallback, recording_fallbacks};
use crate::links::{LinkTable, Resolver, TextCheck};
pub use crate::load::Changes;
use crate::load::{Earlier, ParsedFile, Watch};
use crate::markdown::BodyLinks;
use crate::output::{Jobs, OutputFile, Sink};
use crate::render::{CheckedPaths, Indexes, KeptBody, PageWork};
use crate::search::documents::CountedWords;
use crate::search::text::PlainText;
use crate::site::Layout;
use crate::template_fns::{UrlCall, recording_url_calls};
use crate::theme::{Templates, recording_templates};

/// What one build computes besides its rendered files and can hand to the next, each by
/// the fingerprint of its inputs (see [`memo`]).
#[derive(Debug, Default)]
pub(crate) struct Memos {
    /// Each content file as parsed, by its bytes, name and the configuration.
    pub(crate) content_files: Memo<Arc<ParsedFile>>,
    /// The groups, sections and publications of the site, by its shape.
    pub(crate) layouts: Memo<Arc<Layout>>,
    /// The sorted lists, archive periods and tags of the site, by its shape.
    pub(crate) indexes: Memo<Arc<Indexes>>,
    /// The link table of the site, by its shape.
    pub(crate) link_tables: Memo<Arc<LinkTable>>,
    /// The service catalogue of the site, checked, by its shape.
    pub(crate) catalogues: Memo<Arc<Catalogue>>,
    /// The bodies and facts of every page, by the frame of the build that made them.
    pub(crate) page_work: Memo<Arc<PageWork>>,
    /// The links and images of a Markdown body, by its text.
    pub(crate) body_links: Memo<Arc<BodyLinks>>,
    /// What the link check found in a text, by the text, its file and the link table.
    pub(crate) link_checks: Memo<Arc<TextCheck>>,
    /// The positions of the related releases of a page, by its tag runs.
    pub(crate) most_shared: Memo<Arc<[usize]>>,
    /// The files of each language's search index, by its documents.
    pub(crate) search_index: Memo<Arc<[OutputFile]>>,
    /// The plain text of a rendered body, by its HTML.
    pub(crate) plain_text: Memo<Arc<PlainText>>,
    /// The Markdown of a body as the renderer keeps it, by its text and rendering context,
    /// with the link and image answers it was rendered with (checked on reuse).
    pub(crate) bodies: Memo<Arc<KeptBody>>,
    /// The counted words of a search document, by the fingerprint of its texts.
    pub(crate) word_counts: Memo<Arc<CountedWords>>,
}

impl Memos {
    /// What a successful build used, for the next build.
    fn used(self) -> Memos {
        Memos {
            content_files: self.content_files.used(),
            layouts: self.layouts.used(),
            indexes: self.indexes.used(),
            link_tables: self.link_tables.used(),
            catalogues: self.catalogues.used(),
            page_work: self.page_work.used(),
            body_links: self.body_links.used(),
            link_checks: self.link_checks.used(),
            most_shared: self.most_shared.used(),
            search_index: self.search_index.used(),
            plain_text: self.plain_text.used(),
            bodies: self.bodies.used(),
            word_counts: self.word_counts.used(),
        }
    }

    /// What a failed build was offered, for the next build.
    fn offered(self) -> Memos {
        Memos {
            content_files: self.content_files.offered(),
            layouts: self.layouts.offered(),
            indexes: self.indexes.offered(),
            link_tables: self.link_tables.offered(),
            catalogues: self.catalogues.offered(),
            page_work: self.page_work.offered(),
            body_links: self.body_links.offered(),
            link_checks: self.link_checks.offered(),
            most_shared: self.most_shared.offered(),
            search_index: self.search_index.offered(),
            plain_text: self.plain_text.offered(),
            bodies: self.bodies.offered(),
            word_counts: self.word_counts.offered(),
        }
    }
}

/// A file rendered by an earlier build, with the `url()` calls its templates made and
/// the templates it was rendered with, each with the fingerprint of what it reads.
#[derive(Debug)]
struct Kept {
    file: OutputFile,
    url_calls: Vec<Arc<UrlCall>>,
    templates: Vec<(String, Option<Fingerprint>)>,
    /// The messages the file showed from a fallback language: warned about again when it
    /// is reused, as a clean build would.
    fallbacks: Vec<MessageFallback>,
}

/// A kept file as the memo of files holds it, with whether it showed messages from a
/// fallback language beside it: an unchanged job that the sink keeps is then answered
/// without reaching for the file, scattered in memory.
#[derive(Debug, Clone)]
struct KeptFile {
    kept: Arc<Kept>,
    shows_fallbacks: bool,
}

impl KeptFile {
    fn new(kept: Kept) -> KeptFile {
        KeptFile {
            shows_fallbacks: !kept.fallbacks.is_empty(),
            kept: Arc::new(kept),
        }
    }
}

/// Builds a site again and again, reusing what has not changed.
#[derive(Debug, Default)]
pub struct Engine {
    kept: Memo<KeptFile>,
    /// What the templates of the last good build read
    /// ([`Templates::all_reads_fingerprint`]), which its kept files were rendered with.
    templates: Option<Fingerprint>,
    memos: Memos,
    /// The files of `content/` as the last build found them, and the changes since.
    watch: Watch,
    /// The paths of the last build whose paths were checked.
    checked_paths: Option<CheckedPaths>,
    /// Every `url()` call a kept file made.
    url_calls: UrlCalls,
    /// The list of jobs of the last good build ([`JobFiles`]).
    jobs: Option<Fingerprint>,
}

/// Every distinct `url()` call that files were rendered with, each held once and shared by
/// the files that made it (a theme's templates make a handful, in every file), so that a
/// build asks the resolver once per call rather than once per kept file.
#[derive(Debug, Default)]
struct UrlCalls(Mutex<foldhash::HashSet<Arc<UrlCall>>>);

impl UrlCalls {
    /// The shared copy of `call`.
    fn intern(&self, call: UrlCall) -> Arc<UrlCall> {
        let mut all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = all.get(&call) {
            return Arc::clone(known);
        }
        let call = Arc::new(call);
        all.insert(Arc::clone(&call));
        call
    }

    /// The calls whose answer `resolver` no longer gives.
    fn failing(&self, resolver: &Resolver) -> Vec<Arc<UrlCall>> {
        let all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        all.iter()
            .filter(|call| !call.holds(resolver))
            .cloned()
            .collect()
    }
}

impl Engine {
    /// An engine that has built nothing yet: its first build renders every file.
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Builds the site like [`crate::build::render_site`], rendering only the files
    /// whose inputs changed since the last good build of this engine; `content/` is
    /// walked again, as anything in it may have changed.
    pub fn build(&mut self, options: &BuildOptions, sink: &dyn Sink) -> Result<Built> {
        self.build_after(Changes::unknown(), options, sink)
    }

    /// [`Engine::build`] after `changes`, as a file watcher reported them since the last
    /// call: when they name every path that changed, `content/` is not walked again but
    /// only those paths looked at (`load/listing.rs` says which changes need a walk).
    pub fn build_after(
        &mut self,
        changes: Changes,
        options: &BuildOptions,
        sink: &dyn Sink,
    ) -> Result<Built> {
        self.watch.note(changes);
        let reuse = Reuse {
            kept: std::mem::take(&mut self.kept),
            previous_templates: self.templates,
            templates: OnceLock::new(),
            reused: AtomicUsize::new(0),
            memos: std::mem::take(&mut self.memos),
            watch: Mutex::new(std::mem::take(&mut self.watch)),
            checked_paths: self.checked_paths.take(),
            now_checked: OnceLock::new(),
            url_calls: std::mem::take(&mut self.url_calls),
            failing_url_calls: OnceLock::new(),
            previous_jobs: self.jobs,
            jobs: OnceLock::new(),
        };
        let result = crate::build::build(options, sink, Some(&reuse));
        // Whether or not the build succeeded, the listing describes the files as they
        // were seen; changes the load did not take are kept for the next build.
        self.watch = reuse
            .watch
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        self.url_calls = reuse.url_calls;
        // Paths found clean stay so whatever became of the build.
        self.checked_paths = reuse.now_checked.into_inner().or(reuse.checked_paths);
        (self.kept, self.memos, self.templates, self.jobs) = match result {
            Ok(_) => (
                reuse.kept.used(),
                reuse.memos.used(),
                reuse.templates.into_inner(),
                reuse.jobs.into_inner(),
            ),
            Err(_) => (
                reuse.kept.offered(),
                reuse.memos.offered(),
                reuse.previous_templates,
                reuse.previous_jobs,
            ),
        };
        result
    }

    /// How many rendered files the engine keeps for the next build.
    pub fn kept(&self) -> usize {
        self.kept.len()
    }
}

/// The files of the jobs of one build, each found or rendered by its place in the list of
/// jobs ([`Reuse::jobs`]).
#[derive(Debug)]
pub(crate) struct JobFiles<'r> {
    reuse: &'r Reuse,
    kept: InOrder<'r, KeptFile>,
    /// Whether only the files that changed are handed on ([`Jobs::Changed`]).
    patch: bool,
    /// The paths of the last build's files that a job of this build no longer writes.
    dropped: Mutex<Vec<Arc<str>>>,
}

/// What a job of the engine's build comes to.
#[derive(Debug)]
pub(crate) enum JobFile {
    /// Its file, to hand on, and the messages it showed from a fallback language.
    Put(OutputFile, Vec<MessageFallback>),
    /// The last good build's file at the same place, which the sink keeps, and the
    /// messages it showed from a fallback language.
    Unchanged(Vec<MessageFallback>),
}

impl JobFiles<'_> {
    /// The file of job `at`, with `fingerprint`, and the messages it showed from a
    /// fallback language: the previous build's when it had one, its `url()` calls still
    /// hold and the templates it was rendered with read what they read then; else
    /// `render`'s. The previous build's file at the same place is not handed on when the
    /// sink keeps it ([`Reuse::jobs`]).
    pub(crate) fn file(
        &self,
        at: usize,
        fingerprint: Fingerprint,
        resolver: &Resolver,
        templates: &Templates,
        render: impl FnOnce() -> std::result::Result<OutputFile, Error>,
    ) -> std::result::Result<JobFile, Error> {
        // While no template changed, every kept file's templates read what they read.
        let templates_hold = self.reuse.previous_templates
            == Some(
                *self
                    .reuse
                    .templates
                    .get_or_init(|| templates.all_reads_fingerprint()),
            );
        let failing = self
            .reuse
            .failing_url_calls
            .get_or_init(|| self.reuse.url_calls.failing(resolver));
        let usable = |KeptFile { kept, .. }: &KeptFile| {
            (failing.is_empty()
                || kept
                    .url_calls
                    .iter()
                    .all(|call| !failing.iter().any(|f| Arc::ptr_eq(f, call))))
                && (templates_hold
                    || kept
                        .templates
                        .iter()
                        .all(|(name, reads)| templates.reads_fingerprint(name) == *reads))
        };
        if self.patch
            && let Some(unchanged) = self.kept.same_if(at, fingerprint, usable)
        {
            self.reuse.reused.fetch_add(1, Ordering::Relaxed);
            let fallbacks = if unchanged.shows_fallbacks {
                unchanged.kept.fallbacks.clone()
            } else {
                Vec::new()
            };
            return Ok(JobFile::Unchanged(fallbacks));
        }
        let KeptFile { kept, .. } = match self.kept.get_if(at, fingerprint, usable) {
            Some(kept) => {
                self.reuse.reused.fetch_add(1, Ordering::Relaxed);
                kept
            }
            None => self.render(at, fingerprint, templates, render)?,
        };
        if self.patch
            && let Some(KeptFile { kept: last, .. }) = self.kept.last_at(at)
            && last.file.path != kept.file.path
        {
            self.dropped
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Arc::clone(&last.file.path));
        }
        Ok(JobFile::Put(kept.file.clone(), kept.fallbacks.clone()))
    }

    /// Renders job `at` with `render`, recording what it read, and keeps it under
    /// `fingerprint` for the next build.
    fn render(
        &self,
        at: usize,
        fingerprint: Fingerprint,
        templates: &Templates,
        render: impl FnOnce() -> std::result::Result<OutputFile, Error>,
    ) -> std::result::Result<KeptFile, Error> {
        let (((file, names), url_calls), fallbacks) =
            recording_fallbacks(|| recording_url_calls(|| recording_templates(render)));
        let templates = names
            .into_iter()
            .map(|name| {
                let reads = templates.reads_fingerprint(&name);
                (name, reads)
            })
            .collect();
        let kept = KeptFile::new(Kept {
            file: file?,
            url_calls: url_calls
                .into_iter()
                .map(|call| self.reuse.url_calls.intern(call))
                .collect(),
            templates,
            fallbacks,
        });
        self.kept.insert(at, fingerprint, kept.clone());
        Ok(kept)
    }

    /// How the jobs' files were handed on, once every job has been asked for.
    pub(crate) fn handed_on(self) -> Jobs {
        if self.patch {
            Jobs::Changed {
                dropped: self
                    .dropped
                    .into_inner()
                    .unwrap_or_else(PoisonError::into_inner),
            }
        } else {
            Jobs::Whole
        }
    }
}

/// The files of the previous build, offered to the jobs of this one.
#[derive(Debug)]
pub(crate) struct Reuse {
    /// The files of the last good build, and those this build renders.
    kept: Memo<KeptFile>,
    /// What the templates of the previous build read.
    previous_templates: Option<Fingerprint>,
    /// What this build's templates read, once a file asked.
    templates: OnceLock<Fingerprint>,
    reused: AtomicUsize,
    memos: Memos,
    watch: Mutex<Watch>,
    /// The paths of the last build whose paths were checked, and this build's once checked.
    checked_paths: Option<CheckedPaths>,
    now_checked: OnceLock<CheckedPaths>,
    /// Every `url()` call a kept file made, and those that fail in this build (asked once,
    /// when a file first asks).
    url_calls: UrlCalls,
    failing_url_calls: OnceLock<Vec<Arc<UrlCall>>>,
    /// The list of jobs of the last good build, and of this one once rendering started.
    previous_jobs: Option<Fingerprint>,
    jobs: OnceLock<Fingerprint>,
}

impl Reuse {
    /// The files of this build's `count` jobs, asked for by their place in the list of
    /// jobs, which is the last build's list unless the site's shape changed; `list` is
    /// the fingerprint of that list. When it is the last good build's and `sink` keeps the
    /// jobs' files of that build, an unchanged job's file is not handed on at all.
    pub(crate) fn jobs(&self, count: usize, list: Fingerprint, sink: &dyn Sink) -> JobFiles<'_> {
        let _ = self.jobs.set(list);
        // The written paths of the last good build stand for those of unchanged jobs.
        let checked = self
            .checked_paths
            .as_ref()
            .is_some_and(|checked| checked.len() >= count);
        JobFiles {
            reuse: self,
            kept: self.kept.in_order(count),
            patch: sink.keeps_jobs() && checked && self.previous_jobs == Some(list),
            dropped: Mutex::default(),
        }
    }

    /// The values of the previous build other than files.
    pub(crate) fn memos(&self) -> &Memos {
        &self.memos
    }

    /// What the load can take from earlier builds.
    pub(crate) fn earlier(&self) -> Earlier<'_> {
        Earlier {
            parsed: &self.memos.content_files,
            layouts: &self.memos.layouts,
            watch: &self.watch,
        }
    }

    /// The paths of the last build whose paths were checked, if any.
    pub(crate) fn checked_paths(&self) -> Option<&CheckedPaths> {
        self.checked_paths.as_ref()
    }

    /// Keeps this build's paths, found clean, for the next build.
    pub(crate) fn paths_checked(&self, paths: CheckedPaths) {
        let _ = self.now_checked.set(paths);
    }

    /// How many files were reused so far.
    pub(crate) fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }
}
