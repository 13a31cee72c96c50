//! The site as `dilmanc serve` holds it in memory, and the answer to a request path: files,
//! folder redirects, localized 404 pages, and the error page while the last build failed.
//!
//! Each build is published as a new [`Snapshot`] that replaces the previous one whole; a
//! request works on the snapshot it started with, so it never waits for a build and a build
//! never waits for a slow client.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use super::events::EVENTS_PATH;
use super::http::Response;
use crate::output::{FileContent, OutputFile};

/// Where the current build number can be read (the tests wait on it).
pub(super) const VERSION_PATH: &str = "/__dilmanc/version";

/// One published state of the site: the files of the last good build, the build number,
/// and the errors of the last build if it failed.
#[derive(Debug, Default)]
pub(super) struct Snapshot {
    files: Arc<HashMap<String, FileContent>>,
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

    /// Publishes a good build: its files replace the served ones. Returns the new build
    /// number. Only one thread publishes.
    pub(super) fn publish_build(&self, files: Vec<OutputFile>) -> u64 {
        let version = self.snapshot().version + 1;
        let files = files
            .into_iter()
            .map(|file| (file.path, file.content))
            .collect();
        self.replace(Snapshot {
            files: Arc::new(files),
            version,
            errors: None,
        })
    }

    /// Publishes a failed build: the files stay, and every page shows `errors` instead.
    /// Returns the new build number.
    pub(super) fn publish_errors(&self, errors: String) -> u64 {
        let previous = self.snapshot();
        self.replace(Snapshot {
            files: Arc::clone(&previous.files),
            version: previous.version + 1,
            errors: Some(errors),
        })
    }

    fn replace(&self, snapshot: Snapshot) -> u64 {
        let version = snapshot.version;
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
        version
    }
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
        match lookup(&self.files, path) {
            Lookup::File(key) => self.file(200, &key),
            Lookup::Redirect(location) => {
                Response::new(301, "text/plain; charset=utf-8", Vec::new())
                    .with_header("Location", location)
            }
            Lookup::NotFound(Some(key)) => self.file(404, &key),
            Lookup::NotFound(None) => Response::text(404, "Not found"),
        }
    }

    fn file(&self, status: u16, key: &str) -> Response<'_> {
        let kind = content_type(key);
        let Some(content) = self.files.get(key) else {
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

/// Finds what `url` (a request path, query allowed) names among `files`.
fn lookup<V>(files: &HashMap<String, V>, url: &str) -> Lookup {
    let raw = url.split(['?', '#']).next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    let mut key = path.trim_start_matches('/').to_owned();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if files.contains_key(&key) {
        return Lookup::File(key);
    }
    if files.contains_key(&format!("{key}/index.html")) {
        return Lookup::Redirect(format!("{raw}/"));
    }
    let language = key.split('/').next().unwrap_or_default();
    let localized = format!("{language}/404.html");
    if key.contains('/') && files.contains_key(&localized) {
        Lookup::NotFound(Some(localized))
    } else {
        Lookup::NotFound(
            files
                .contains_key("404.html")
                .then(|| "404.html".to_owned()),
        )
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

    fn files(paths: &[&str]) -> HashMap<String, ()> {
        paths.iter().map(|p| ((*p).to_owned(), ())).collect()
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
        let mut files = HashMap::new();
        files.insert(
            "index.html".to_owned(),
            FileContent::Bytes(b"<p>ok</p>".as_slice().into()),
        );
        site.replace(Snapshot {
            files: Arc::new(files),
            version: 1,
            errors: None,
        });
        assert_eq!(site.publish_errors("a <b> c".to_owned()), 2);
        let snapshot = site.snapshot();
        let response = snapshot.respond("/");
        assert_eq!(response.status, 500);
        let page = String::from_utf8_lossy(&response.body);
        assert!(page.contains("a &lt;b&gt; c"), "{page}");
        assert_eq!(snapshot.files.len(), 1);
        assert_eq!(snapshot.respond(VERSION_PATH).body.as_ref(), b"2");
    }
}
