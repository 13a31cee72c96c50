//! `dilmanc serve`: builds the site in memory, serves it on 127.0.0.1, rebuilds when a
//! file of the site changes and reloads the open pages.
//!
//! Pages get a small script that asks `/__dilmanc/version` once a second and reloads when
//! the number changes. A build that fails keeps the last good site online; the errors are
//! printed and shown on every page until the next good build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use crate::build::{BuildOptions, Built, render_site};
use crate::error::{Error, Errors, Result};
use crate::output::FileContent;

/// Where the script asks for the build number.
const VERSION_PATH: &str = "/__dilmanc/version";
/// How long to wait for more changes before rebuilding.
const SETTLE: Duration = Duration::from_millis(200);
/// Folders of a site whose changes do not concern the build.
const IGNORED: [&str; 6] = [
    "public",
    "target",
    ".git",
    ".dilmanc-cache",
    "node_modules",
    "tests",
];

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The port on 127.0.0.1 (0 picks a free one).
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Include pages dated in the future.
    pub future: bool,
}

/// The site as served: files by path, the build number, and the last build's errors.
#[derive(Debug, Default)]
struct Served {
    files: HashMap<String, FileContent>,
    version: u64,
    errors: Option<String>,
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
fn lookup(files: &HashMap<String, FileContent>, url: &str) -> Lookup {
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

/// The reload script, put before `</body>` of every HTML page.
fn reload_script() -> String {
    format!(
        "<script>(function(){{var v=null;setInterval(function(){{fetch(\"{VERSION_PATH}\").then(function(r){{return r.text()}}).then(function(t){{if(v===null){{v=t}}else if(t!==v){{location.reload()}}}}).catch(function(){{}})}},1000)}})();</script>"
    )
}

fn with_reload(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let script = reload_script();
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

/// Builds into memory with the local address as base URL.
fn build(options: &ServeOptions, base_url: &str) -> Result<Built> {
    render_site(&BuildOptions {
        root: options.root.clone(),
        base_url: Some(base_url.to_owned()),
        drafts: options.drafts,
        future: options.future,
        strict_messages: false,
    })
}

/// Replaces the served site with a new build, or records its errors.
fn publish(served: &RwLock<Served>, result: Result<Built>, report: &dyn Fn(&Errors)) {
    let mut served = served
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    served.version += 1;
    match result {
        Ok(built) => {
            for warning in &built.warnings {
                eprintln!("warning: {warning}");
            }
            println!(
                "built {} files in {:.2} s",
                built.output.files.len(),
                built.elapsed.as_secs_f64()
            );
            served.files = built
                .output
                .files
                .into_iter()
                .map(|file| {
                    let content = match file.content {
                        FileContent::Bytes(bytes) if file.path.ends_with(".html") => {
                            FileContent::Bytes(with_reload(&bytes))
                        }
                        other => other,
                    };
                    (file.path, content)
                })
                .collect();
            served.errors = None;
        }
        Err(errors) => {
            report(&errors);
            served.errors = Some(errors.to_string());
        }
    }
}

/// Runs the server until the process is stopped.
pub fn serve(options: &ServeOptions, report: &(dyn Fn(&Errors) + Sync)) -> Result<()> {
    let server = tiny_http::Server::http(("127.0.0.1", options.port)).map_err(|e| {
        Error::new(format!("cannot listen on 127.0.0.1:{}: {e}", options.port))
            .with_help("choose another port with --port")
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map_or(options.port, |address| address.port());
    let base_url = format!("http://127.0.0.1:{port}");
    let served = Arc::new(RwLock::new(Served::default()));
    publish(&served, build(options, &base_url), report);

    let (changes, receive) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !event.kind.is_access()
        {
            let _ = changes.send(event.paths);
        }
    })
    .map_err(|e| Error::new(format!("cannot watch the site for changes: {e}")))?;
    notify::Watcher::watch(
        &mut watcher,
        &options.root,
        notify::RecursiveMode::Recursive,
    )
    .map_err(|e| Error::in_file(&options.root, format!("cannot watch the folder: {e}")))?;

    println!(
        "serving {} at {base_url}/ (Ctrl+C stops)",
        options.root.display()
    );
    std::thread::scope(|scope| {
        let rebuilder = Arc::clone(&served);
        let root = options.root.clone();
        let base = base_url.clone();
        scope.spawn(move || {
            while let Ok(paths) = receive.recv() {
                let mut relevant = paths.iter().any(|p| concerns_build(&root, p));
                // Editors save in bursts: wait until the site has been quiet for a moment.
                let deadline = Instant::now() + SETTLE;
                while let Ok(more) =
                    receive.recv_timeout(deadline.saturating_duration_since(Instant::now()))
                {
                    relevant |= more.iter().any(|p| concerns_build(&root, p));
                }
                if relevant {
                    publish(&rebuilder, build(options, &base), report);
                }
            }
        });
        for request in server.incoming_requests() {
            respond(&served, request);
        }
    });
    drop(watcher);
    Ok(())
}

/// Whether a changed path is part of what a build reads.
fn concerns_build(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return true;
    };
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !IGNORED.contains(&first.as_str())
        && !first.starts_with(".public.dilmanc")
        && !name.ends_with('~')
        && !name.starts_with(".#")
}

fn respond(served: &RwLock<Served>, request: tiny_http::Request) {
    // A value that cannot be a header (a decoded path with a line break) becomes empty.
    let header = |name: &str, value: &str| {
        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
            .or_else(|()| tiny_http::Header::from_bytes(name.as_bytes(), &b""[..]))
            .expect("an empty value is a valid header")
    };
    let served = served
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let url = request.url().to_owned();
    if url.starts_with(VERSION_PATH) {
        let response = tiny_http::Response::from_string(served.version.to_string())
            .with_header(header("Content-Type", "text/plain"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = request.respond(response);
        return;
    }
    if let Some(errors) = &served.errors {
        let mut escaped = String::new();
        pulldown_cmark_escape::escape_html(&mut escaped, errors)
            .expect("writing into a String cannot fail");
        let page = format!(
            "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Build failed</title><h1>The site has errors</h1><pre>{}</pre>{}</html>",
            escaped,
            reload_script()
        );
        let response = tiny_http::Response::from_string(page)
            .with_status_code(500)
            .with_header(header("Content-Type", "text/html; charset=utf-8"));
        let _ = request.respond(response);
        return;
    }
    let (status, key) = match lookup(&served.files, &url) {
        Lookup::File(key) => (200, Some(key)),
        Lookup::Redirect(location) => {
            let response =
                tiny_http::Response::empty(301).with_header(header("Location", &location));
            let _ = request.respond(response);
            return;
        }
        Lookup::NotFound(page) => (404, page),
    };
    let body = match key.as_ref().and_then(|k| served.files.get(k)) {
        Some(content) => content.read().map(|b| b.into_owned()).unwrap_or_default(),
        None => b"Not found".to_vec(),
    };
    let kind = key
        .as_deref()
        .map_or("text/plain; charset=utf-8", content_type);
    let response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> HashMap<String, FileContent> {
        paths
            .iter()
            .map(|p| ((*p).to_owned(), FileContent::Bytes(Vec::new())))
            .collect()
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
        let html = with_reload(b"<html><body><p>x</p></body></html>");
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("__dilmanc/version"));
        assert!(text.ends_with("</script></body></html>"));
    }

    #[test]
    fn builds_ignore_output_and_editor_files() {
        let root = Path::new("/site");
        assert!(concerns_build(root, Path::new("/site/content/a.md")));
        assert!(!concerns_build(root, Path::new("/site/public/index.html")));
        assert!(!concerns_build(
            root,
            Path::new("/site/.dilmanc-cache/images/x.jpg")
        ));
        assert!(!concerns_build(root, Path::new("/site/content/a.md~")));
    }
}
