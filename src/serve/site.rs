//! The site as `dilmanc serve` holds it in memory, and the answer to a request path: files,
//! folder redirects, localized 404 pages, and the error page while the last build failed.
//!
//! Each build is published as a new [`Snapshot`] that replaces the previous one whole; a
//! request works on the snapshot it started with, so it never waits for a build and a build
//! never waits for a slow client.

use std::sync::{Arc, PoisonError, RwLock};

use super::events::EVENTS_PATH;
use super::http::Response;
use crate::output::{FileContent, Jobs, OutputFile};
use crate::urls::NOT_FOUND_FILE;

/// Where the current build number can be read (the tests wait on it).
pub(super) const VERSION_PATH: &str = "/__dilmanc/version";

/// The files of a snapshot by their path in the output.
type Files = Arc<foldhash::HashMap<Arc<str>, FileContent>>;

/// How many changed files the job files gather before they are folded into one map.
const FOLD_AT: usize = 2_000;

/// The files of the jobs of a build (pages, lists, archives, tag pages, catalogue views,
/// 404 pages, aliases): those of the last build that handed them all on, and what the
/// builds since changed (a build of the engine hands on only the files that changed,
/// [`Jobs::Changed`]). Publishing a body edit then costs its few files, not a map of
/// tens of thousands.
#[derive(Debug, Default, Clone)]
pub(super) struct ServedJobs {
    whole: Files,
    /// The files changed since `whole`, by path; `None` where no job writes the path any
    /// more.
    changed: Arc<foldhash::HashMap<Arc<str>, Option<FileContent>>>,
}

impl ServedJobs {
    /// The files of a build that handed on each of them.
    fn whole(files: Vec<OutputFile>) -> ServedJobs {
        ServedJobs {
            whole: by_path(files),
            changed: Arc::default(),
        }
    }

    /// These files as a build that handed on `jobs`, of which `files` were put, leaves
    /// them.
    fn after(&self, files: Vec<OutputFile>, jobs: &Jobs) -> ServedJobs {
        let Jobs::Changed { dropped } = jobs else {
            return ServedJobs::whole(files);
        };
        let mut changed = (*self.changed).clone();
        for path in dropped {
            changed.insert(Arc::clone(path), None);
        }
        for file in files {
            changed.insert(file.path, Some(file.content));
        }
        ServedJobs {
            whole: Arc::clone(&self.whole),
            changed: Arc::new(changed),
        }
    }

    /// The same files in one map once the changes have gathered [`FOLD_AT`] (done
    /// after a build is complete, off the reload's path).
    fn folded(&self) -> ServedJobs {
        if self.changed.len() < FOLD_AT {
            return self.clone();
        }
        let mut whole = (*self.whole).clone();
        for (path, content) in self.changed.iter() {
            match content {
                Some(content) => whole.insert(Arc::clone(path), content.clone()),
                None => whole.remove(path),
            };
        }
        ServedJobs {
            whole: Arc::new(whole),
            changed: Arc::default(),
        }
    }

    fn get(&self, key: &str) -> Option<&FileContent> {
        match self.changed.get(key) {
            Some(changed) => changed.as_ref(),
            None => self.whole.get(key),
        }
    }

    /// How many files there are.
    #[cfg(test)]
    fn len(&self) -> usize {
        let added = self
            .changed
            .iter()
            .filter(|(path, content)| content.is_some() && !self.whole.contains_key(*path))
            .count();
        let removed = self
            .changed
            .iter()
            .filter(|(path, content)| content.is_none() && self.whole.contains_key(*path))
            .count();
        self.whole.len() + added - removed
    }
}

/// The files of a build made before its feeds, sitemap, open data and search index, as
/// the serving sink takes them: the jobs' files and how they were handed on, and the
/// others (robots.txt and the copied files), all of which each build puts.
#[derive(Debug)]
pub(super) struct Pages {
    /// The files of the jobs that were put.
    pub(super) jobs: Vec<OutputFile>,
    /// Whether they are all of them or those that changed.
    pub(super) handed_on: Jobs,
    /// The other files.
    pub(super) copied: Vec<OutputFile>,
}

/// One published state of the site: the files of the last good build, the build number,
/// and the errors of the last build if it failed.
#[derive(Debug, Default)]
pub(super) struct Snapshot {
    /// The jobs' files.
    jobs: ServedJobs,
    /// The copied files and robots.txt. With the jobs' files, what a build makes before
    /// its feeds, sitemap, open data and search index.
    copied: Files,
    /// The files made after the pages. While a build is making its own, those of the last
    /// good build are served with its pages ([`Site::publish_pages`]); a page of the same
    /// path comes first.
    late: Files,
    /// 0 until the first build is published, then one more for each build, good or failed.
    version: u64,
    errors: Option<String>,
}

/// The site being served: the latest snapshot.
#[derive(Debug, Default)]
pub(super) struct Site {
    current: RwLock<Arc<Snapshot>>,
}

impl Site {
    /// The latest snapshot.
    pub(super) fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Publishes a good build: its files replace the served ones (`pages.copied` holds
    /// every file that is not a job's). Returns the new build number. Only one thread
    /// publishes.
    pub(super) fn publish_build(&self, pages: Pages) -> u64 {
        // The snapshot is let go of before it is replaced (see `last`).
        let (jobs, _, version) = self.last();
        self.replace(Snapshot {
            jobs: jobs.after(pages.jobs, &pages.handed_on),
            copied: by_path(pages.copied),
            late: Files::default(),
            version: version + 1,
            errors: None,
        })
    }

    /// Publishes the pages of a build that is still making the files that come after them
    /// ([`crate::output::Sink::pages_done`]); those of the last good build are served
    /// with them until [`Site::complete_build`]. Returns the new build number.
    pub(super) fn publish_pages(&self, pages: Pages) -> u64 {
        let (jobs, late, version) = self.last();
        self.replace(Snapshot {
            jobs: jobs.after(pages.jobs, &pages.handed_on),
            copied: by_path(pages.copied),
            late,
            version: version + 1,
            errors: None,
        })
    }

    /// Completes the build whose pages [`Site::publish_pages`] published with the files
    /// it made after them, under the same build number, so that open pages do not reload.
    /// Returns that number.
    pub(super) fn complete_build(&self, late: Vec<OutputFile>) -> u64 {
        let (jobs, copied, version) = {
            let current = self.snapshot();
            (
                current.jobs.folded(),
                Arc::clone(&current.copied),
                current.version,
            )
        };
        self.replace(Snapshot {
            jobs,
            copied,
            late: by_path(late),
            version,
            errors: None,
        })
    }

    /// Publishes a failed build: the files stay, and every page shows `errors` instead.
    /// Returns the new build number.
    pub(super) fn publish_errors(&self, errors: String) -> u64 {
        let previous = self.snapshot();
        self.replace(Snapshot {
            jobs: previous.jobs.clone(),
            copied: Arc::clone(&previous.copied),
            late: Arc::clone(&previous.late),
            version: previous.version + 1,
            errors: Some(errors),
        })
    }

    /// The jobs' files, the late files and the number of the latest snapshot, which is
    /// let go of so that [`Site::replace`] frees it off the reload's path.
    fn last(&self) -> (ServedJobs, Files, u64) {
        let current = self.snapshot();
        (
            current.jobs.clone(),
            Arc::clone(&current.late),
            current.version,
        )
    }

    fn replace(&self, snapshot: Snapshot) -> u64 {
        let version = snapshot.version;
        let replaced = std::mem::replace(
            &mut *self.current.write().unwrap_or_else(PoisonError::into_inner),
            Arc::new(snapshot),
        );
        // Freeing tens of thousands of files takes milliseconds the reload need not wait
        // for. Should no thread start, the closure, and the snapshot with it, drops here.
        if Arc::strong_count(&replaced) == 1 {
            let _ = std::thread::Builder::new().spawn(move || drop(replaced));
        }
        version
    }
}

/// `files` by their path.
fn by_path(files: Vec<OutputFile>) -> Files {
    Arc::new(
        files
            .into_iter()
            .map(|file| (file.path, file.content))
            .collect(),
    )
}

impl Snapshot {
    /// The answer to a GET of `path` (a request path, query allowed).
    pub(super) fn respond(&self, path: &str) -> Response<'_> {
        if path.split('?').next() == Some(VERSION_PATH) {
            let version = self.version.to_string().into_bytes();
            return Response::new(200, "text/plain; charset=utf-8", version);
        }
        if self.version == 0 {
            let page = format!(
                "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Building</title><p>The site is being built.</p>{}</html>",
                reload_script(0)
            );
            return Response::new(503, "text/html; charset=utf-8", page.into_bytes())
                .with_header("Retry-After", "1");
        }
        if let Some(errors) = &self.errors {
            let mut escaped = String::new();
            pulldown_cmark_escape::escape_html(&mut escaped, errors)
                .expect("writing into a String cannot fail");
            let page = format!(
                "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Build failed</title><h1>The site has errors</h1><pre>{escaped}</pre>{}</html>",
                reload_script(self.version)
            );
            return Response::new(500, "text/html; charset=utf-8", page.into_bytes());
        }
        match lookup(|key| self.get(key).is_some(), path) {
            Lookup::File(key) => self.file(200, &key),
            Lookup::Redirect(location) => {
                Response::new(301, "text/plain; charset=utf-8", Vec::new())
                    .with_header("Location", location)
            }
            Lookup::NotFound(Some(key)) => self.file(404, &key),
            Lookup::NotFound(None) => Response::text(404, "Not found"),
        }
    }

    /// The file at `key`, a path in the output.
    fn get(&self, key: &str) -> Option<&FileContent> {
        self.jobs
            .get(key)
            .or_else(|| self.copied.get(key))
            .or_else(|| self.late.get(key))
    }

    fn file(&self, status: u16, key: &str) -> Response<'_> {
        let kind = content_type(key);
        let Some(content) = self.get(key) else {
            return Response::text(404, "Not found");
        };
        match content.read() {
            // Pages get the reload script of this build as they are sent.
            Ok(html) if key.ends_with(".html") => {
                Response::new(status, kind, with_reload(&html, self.version))
            }
            Ok(bytes) => Response::new(status, kind, bytes),
            Err(e) => Response::text(500, &format!("cannot read /{key}: {e}")),
        }
    }
}

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lookup {
    /// A file, by its path in the output.
    File(String),
    /// A folder asked for without its slash: redirect there.
    Redirect(String),
    /// Nothing: answer 404 with this language's 404 page, if there is one.
    NotFound(Option<String>),
}

/// Finds what `url` (a request path, query allowed) names among the files whose paths
/// `exists` accepts.
fn lookup(exists: impl Fn(&str) -> bool, url: &str) -> Lookup {
    let raw = url.split(['?', '#']).next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    let mut key = path.trim_start_matches('/').to_owned();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if exists(&key) {
        return Lookup::File(key);
    }
    if exists(&format!("{key}/index.html")) {
        // One leading slash: a browser reads `//press/` as the address of a host `press`.
        return Lookup::Redirect(format!("/{}/", raw.trim_start_matches('/')));
    }
    let language = key.split('/').next().unwrap_or_default();
    let localized = format!("{language}/{NOT_FOUND_FILE}");
    if key.contains('/') && exists(&localized) {
        Lookup::NotFound(Some(localized))
    } else {
        Lookup::NotFound(exists(NOT_FOUND_FILE).then(|| NOT_FOUND_FILE.to_owned()))
    }
}

/// The reload script of a page served with build `version`: it opens the event stream and
/// reloads the page on its first event.
fn reload_script(version: u64) -> String {
    format!(
        "<script>(function(){{var e=new EventSource(\"{EVENTS_PATH}?since={version}\");e.addEventListener(\"reload\",function(){{e.close();location.reload()}})}})();</script>"
    )
}

/// `html` with the reload script put before `</body>` (or at the end).
fn with_reload(html: &[u8], version: u64) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let script = reload_script(version);
    match text.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Origin;

    fn files(paths: &[&str]) -> impl Fn(&str) -> bool {
        let paths: Vec<String> = paths.iter().map(|p| (*p).to_owned()).collect();
        move |key| paths.iter().any(|p| p == key)
    }

    #[test]
    fn paths_map_to_files_folders_and_404_pages() {
        let files = files(&[
            "index.html",
            "press/a/index.html",
            "en/404.html",
            "404.html",
            "style.css",
            "press/a/foto ş.jpg",
        ]);
        assert_eq!(lookup(&files, "/"), Lookup::File("index.html".into()));
        assert_eq!(
            lookup(&files, "/press/a/?x=1"),
            Lookup::File("press/a/index.html".into())
        );
        assert_eq!(
            lookup(&files, "/press/a"),
            Lookup::Redirect("/press/a/".into())
        );
        // Never to another host: `//press/a/` is the host `press` to a browser.
        assert_eq!(
            lookup(&files, "//press/a"),
            Lookup::Redirect("/press/a/".into())
        );
        assert_eq!(
            lookup(&files, "/press/a/foto%20%C5%9F.jpg"),
            Lookup::File("press/a/foto ş.jpg".into())
        );
        assert_eq!(
            lookup(&files, "/en/nope/"),
            Lookup::NotFound(Some("en/404.html".into()))
        );
        assert_eq!(
            lookup(&files, "/nope/"),
            Lookup::NotFound(Some("404.html".into()))
        );
    }

    #[test]
    fn the_reload_script_goes_before_the_body_ends() {
        let html = with_reload(b"<html><body><p>x</p></body></html>", 3);
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("\"/__dilmanc/events?since=3\""), "{text}");
        assert!(text.ends_with("</script></body></html>"));
    }

    #[test]
    fn before_the_first_build_pages_say_so_and_wait() {
        let empty = Snapshot::default();
        let response = empty.respond("/");
        assert_eq!(response.status, 503);
        assert!(String::from_utf8_lossy(&response.body).contains("<script>"));
    }

    #[test]
    fn a_failed_build_keeps_the_files_and_shows_the_errors_escaped() {
        let site = Site::default();
        site.publish_build(whole(vec![file(
            "index.html",
            "<p>ok</p>",
            Origin::Generated("a page"),
        )]));
        assert_eq!(site.publish_errors("a <b> c".to_owned()), 2);
        let snapshot = site.snapshot();
        let response = snapshot.respond("/");
        assert_eq!(response.status, 500);
        let page = String::from_utf8_lossy(&response.body);
        assert!(page.contains("a &lt;b&gt; c"), "{page}");
        assert_eq!(snapshot.jobs.len(), 1);
        assert_eq!(snapshot.respond(VERSION_PATH).body.as_ref(), b"2");
    }

    /// `jobs`, every job's file of a build.
    fn whole(jobs: Vec<OutputFile>) -> Pages {
        Pages {
            jobs,
            handed_on: Jobs::Whole,
            copied: Vec::new(),
        }
    }

    fn file(path: &str, text: &str, origin: Origin) -> OutputFile {
        OutputFile {
            path: path.into(),
            content: FileContent::Bytes(text.as_bytes().into()),
            origin,
        }
    }

    fn text_of(snapshot: &Snapshot, path: &str) -> Option<String> {
        snapshot
            .get(path)
            .map(|content| String::from_utf8(content.read().unwrap().into_owned()).unwrap())
    }

    #[test]
    fn pages_come_first_with_the_last_late_files_then_the_build_completes() {
        let page = Origin::Generated("a page");
        let late = Origin::Generated("the search index");
        let site = Site::default();
        let version = site.publish_pages(whole(vec![file("old/index.html", "old", page.clone())]));
        site.complete_build(vec![
            file("search/index.json", "index 1", late.clone()),
            file("search/t/a.json", "shard 1", late.clone()),
        ]);
        assert_eq!(site.snapshot().version, version);
        let version = site.publish_pages(whole(vec![
            file("new/index.html", "new", page.clone()),
            file("search/index.html", "search page", page.clone()),
        ]));
        assert_eq!(version, 2, "the pages are a new build: open pages reload");
        let early = site.snapshot();
        assert_eq!(text_of(&early, "new/index.html").as_deref(), Some("new"));
        assert_eq!(
            text_of(&early, "old/index.html"),
            None,
            "removed pages are gone"
        );
        assert_eq!(
            text_of(&early, "search/t/a.json").as_deref(),
            Some("shard 1"),
            "the last index is served until the new one is made"
        );
        let version = site.complete_build(vec![
            file("search/index.json", "index 2", late.clone()),
            file("search/t/b.json", "shard 2", late),
        ]);
        assert_eq!(version, 2, "the same build: open pages do not reload again");
        let complete = site.snapshot();
        assert_eq!(text_of(&complete, "search/t/a.json"), None);
        assert_eq!(
            text_of(&complete, "search/index.json").as_deref(),
            Some("index 2")
        );
        // A failed build keeps the late files, and the next pages are served with them.
        site.publish_errors("broken".to_owned());
        site.publish_pages(whole(vec![]));
        assert_eq!(
            text_of(&site.snapshot(), "search/t/b.json").as_deref(),
            Some("shard 2")
        );
    }

    #[test]
    fn a_build_that_hands_on_the_changed_jobs_keeps_the_others() {
        let page = Origin::Generated("a page");
        let site = Site::default();
        site.publish_pages(Pages {
            jobs: vec![
                file("a/index.html", "a 1", page.clone()),
                file("b/index.html", "b 1", page.clone()),
                file("c/index.html", "c 1", page.clone()),
            ],
            handed_on: Jobs::Whole,
            copied: vec![file("style.css", "css 1", page.clone())],
        });
        // `a` changed, `c` moved to `d`; the copied files come whole with every build.
        site.publish_pages(Pages {
            jobs: vec![
                file("a/index.html", "a 2", page.clone()),
                file("d/index.html", "c 1", page.clone()),
            ],
            handed_on: Jobs::Changed {
                dropped: vec!["c/index.html".into()],
            },
            copied: Vec::new(),
        });
        let changed = site.snapshot();
        assert_eq!(text_of(&changed, "a/index.html").as_deref(), Some("a 2"));
        assert_eq!(text_of(&changed, "b/index.html").as_deref(), Some("b 1"));
        assert_eq!(text_of(&changed, "c/index.html"), None);
        assert_eq!(text_of(&changed, "d/index.html").as_deref(), Some("c 1"));
        assert_eq!(text_of(&changed, "style.css"), None, "not copied again");
        assert_eq!(changed.jobs.len(), 3);
        // Folded into one map once enough changes have gathered, the files stay the same.
        let mut gathered = (*changed.jobs.changed).clone();
        for n in 0..FOLD_AT {
            gathered.insert(format!("x{n}.html").into(), None);
        }
        let gathered = ServedJobs {
            whole: Arc::clone(&changed.jobs.whole),
            changed: Arc::new(gathered),
        };
        let folded = gathered.folded();
        assert!(folded.changed.is_empty());
        assert_eq!(folded.len(), 3);
        for path in ["a/index.html", "b/index.html", "d/index.html"] {
            assert_eq!(
                folded.get(path).map(|c| c.read().unwrap().into_owned()),
                changed
                    .jobs
                    .get(path)
                    .map(|c| c.read().unwrap().into_owned()),
            );
        }
        assert!(folded.get("c/index.html").is_none());
    }
}
