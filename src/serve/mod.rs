//! `dilmanc serve`: builds the site in memory, serves it on 127.0.0.1, rebuilds when a file
//! of the site changes and reloads the open pages.
//!
//! A build that fails keeps the last good site online; the errors are printed and shown on
//! every page until the next good build. Pages get a small script that opens an event stream
//! (`events`) and reloads when a new build, good or failed, is published.
//!
//! The HTTP server is our own, small and made to meet hostile clients (README.md lists its
//! limits): `http` reads a request head into a fixed buffer, `request` applies the Host
//! rule and allows GET and HEAD without a body, `connection` bounds time, requests and
//! connections, `site` answers from the published build, `events` pushes reloads.
//!
//! Threads: the caller's thread reports build errors and waits for the stop; one thread
//! accepts connections, one thread serves each connection, one rebuilds. SIGTERM or SIGINT
//! (`signals`) stop the server at once, even in the middle of a build, since `serve`
//! writes nothing to disk.

mod connection;
mod events;
mod http;
mod request;
mod signals;
mod site;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use crate::build::{BuildOptions, Built};
use crate::engine::{Changes, Engine};
use crate::error::{Error, Errors, Result};
use crate::output::{Collect, Jobs, OutputFile, Sink};
use connection::{MAX_CONNECTIONS, Slots};
use events::Events;
use site::{Pages, Site};

/// How long the site must stay quiet after a change before it is rebuilt: an editor's
/// save is a burst of writes and renames within a millisecond or two.
const QUIET: Duration = Duration::from_millis(50);
/// The longest a build waits for a burst of changes to end (a `git checkout` of many
/// files keeps changing the site for longer than [`QUIET`]).
const QUIET_AT_MOST: Duration = Duration::from_millis(500);
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
    /// Print how long each stage of each build took and the ten slowest templates.
    pub timings: bool,
}

/// What every thread of the server shares.
#[derive(Debug)]
struct Shared {
    site: Site,
    /// The open pages' event streams.
    events: Events,
    /// The port served, which the Host rule requires.
    port: u16,
    stop: AtomicBool,
}

impl Shared {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// What the other threads tell the caller's thread.
enum Control {
    /// A build failed: print its errors.
    Report(Errors),
    /// A signal came, or the server cannot go on: stop.
    Stop,
}

/// Runs the server until SIGTERM or SIGINT.
pub fn serve(options: &ServeOptions, report: &(dyn Fn(&Errors) + Sync)) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", options.port)).map_err(|e| {
        Error::new(format!("cannot listen on 127.0.0.1:{}: {e}", options.port))
            .with_help("choose another port with --port")
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::new(format!("cannot read the address listened on: {e}")))?;
    let base_url = format!("http://127.0.0.1:{}", address.port());
    let shared = Arc::new(Shared {
        site: Site::default(),
        events: Events::default(),
        port: address.port(),
        stop: AtomicBool::new(false),
    });

    let (control, commands) = mpsc::channel();
    let on_signal = control.clone();
    signals::on_stop(move || {
        let _ = on_signal.send(Control::Stop);
    })
    .map_err(|e| Error::new(format!("cannot catch SIGTERM and SIGINT: {e}")))?;

    let (changes, changed) = mpsc::channel();
    let spelling = Spelling::of(&options.root)?;
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Some(change) = Change::of(event, &spelling) {
            let _ = changes.send(change);
        }
    })
    .map_err(|e| Error::new(format!("cannot watch the site for changes: {e}")))?;
    notify::Watcher::watch(
        &mut watcher,
        &options.root,
        notify::RecursiveMode::Recursive,
    )
    .map_err(|e| Error::in_file(&options.root, format!("cannot watch the folder: {e}")))?;

    let accepting = {
        let (shared, control) = (Arc::clone(&shared), control.clone());
        spawn("dilmanc-accept", move || {
            accept(&listener, &shared, &control)
        })?
    };
    {
        let (shared, options) = (Arc::clone(&shared), options.clone());
        spawn("dilmanc-rebuild", move || {
            rebuild(&options, &base_url, &shared, &changed, &control);
        })?;
    }

    for command in commands {
        match command {
            Control::Report(errors) => report(&errors),
            Control::Stop => break,
        }
    }
    shared.stop.store(true, Ordering::SeqCst);
    wake(address);
    let _ = accepting.join();
    shared.events.close();
    // The rebuild thread ends when the watcher's channel closes; a build under way is
    // abandoned with the process.
    drop(watcher);
    println!("stopped");
    Ok(())
}

/// Starts a named thread.
fn spawn(name: &str, run: impl FnOnce() + Send + 'static) -> Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(run)
        .map_err(|e| Error::new(format!("cannot start a thread: {e}")).into())
}

/// Accepts connections until the server stops, each served on a thread of its own while
/// there is a free place, refused at once otherwise.
fn accept(listener: &TcpListener, shared: &Arc<Shared>, control: &mpsc::Sender<Control>) {
    let slots = Slots::new(MAX_CONNECTIONS);
    for stream in listener.incoming() {
        if shared.stopping() {
            break;
        }
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file descriptors, say: give the open connections time to end.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let Some(slot) = slots.take() else {
            connection::refuse_busy(&stream);
            continue;
        };
        let shared = Arc::clone(shared);
        let _ = std::thread::Builder::new()
            .name("dilmanc-connection".to_owned())
            .spawn(move || connection::handle(&stream, &shared, slot));
    }
    let _ = control.send(Control::Stop);
}

/// Wakes the accepting thread, which then sees that the server stops.
fn wake(address: SocketAddr) {
    let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
}

/// What one event of the file watcher tells.
#[derive(Debug, PartialEq)]
enum Change {
    /// These paths changed.
    Paths(Vec<PathBuf>),
    /// Something may have changed: the watcher lost events, or failed.
    Unknown,
}

impl Change {
    /// What `event` tells, its paths spelled as the site folder is given; `None` when it
    /// tells of no change (a file was only read).
    fn of(event: notify::Result<notify::Event>, spelling: &Spelling) -> Option<Change> {
        match event {
            Ok(event) if event.kind.is_access() => None,
            Ok(event) if event.need_rescan() || event.paths.is_empty() => Some(Change::Unknown),
            Ok(event) => Some(Change::Paths(
                event.paths.into_iter().map(|p| spelling.spell(p)).collect(),
            )),
            Err(_) => Some(Change::Unknown),
        }
    }

    /// Whether the change concerns the build of the site at `root`.
    fn concerns_build(&self, root: &Path) -> bool {
        match self {
            Change::Paths(paths) => paths.iter().any(|p| concerns_build(root, p)),
            Change::Unknown => true,
        }
    }

    /// The change as the engine takes it.
    fn into_changes(self) -> Changes {
        match self {
            Change::Paths(paths) => Changes::paths(paths),
            Change::Unknown => Changes::unknown(),
        }
    }
}

/// How the watcher names the site folder (absolute, as `notify` makes a relative folder)
/// and how the build names it (as given).
struct Spelling {
    watched: PathBuf,
    root: PathBuf,
}

impl Spelling {
    fn of(root: &Path) -> Result<Spelling> {
        let watched = std::path::absolute(root).map_err(|e| {
            Error::in_file(root, format!("cannot tell the folder's absolute path: {e}"))
        })?;
        Ok(Spelling {
            watched,
            root: root.to_path_buf(),
        })
    }

    /// `path`, named by the watcher, as the build names it (unchanged when it is outside
    /// the site folder).
    fn spell(&self, path: PathBuf) -> PathBuf {
        match path.strip_prefix(&self.watched) {
            Ok(relative) => self.root.join(relative),
            Err(_) => path,
        }
    }
}

/// Builds the site, then again after each change, and publishes each build: its pages as
/// soon as they are made (with the last good build's feeds, sitemap, open data and search
/// index), then the whole build under the same number.
fn rebuild(
    options: &ServeOptions,
    base_url: &str,
    shared: &Shared,
    changed: &mpsc::Receiver<Change>,
    control: &mpsc::Sender<Control>,
) {
    let build_and_publish = |engine: &mut Engine, changes: Changes| {
        let sink = Publishing {
            files: Collect::default(),
            jobs: Mutex::default(),
            shared,
            pages_published: AtomicBool::new(false),
        };
        let result = build(engine, changes, options, base_url, &sink);
        match result {
            Ok(built) => {
                for warning in &built.warnings {
                    eprintln!("warning: {warning}");
                }
                println!(
                    "built {} files in {:.2} s ({} unchanged)",
                    built.files.len(),
                    built.elapsed.as_secs_f64(),
                    built.reused
                );
                if options.timings {
                    eprint!("{}", built.timings.report());
                }
                // The files not published yet: all of them, or those made after the pages.
                if sink.pages_published.load(Ordering::Relaxed) {
                    shared.site.complete_build(sink.files.into_files());
                } else {
                    let pages = sink.pages();
                    shared.events.publish(|| shared.site.publish_build(pages));
                }
            }
            Err(errors) => {
                let text = errors.to_string();
                shared.events.publish(|| shared.site.publish_errors(text));
                let _ = control.send(Control::Report(errors));
            }
        }
    };
    let mut engine = Engine::new();
    build_and_publish(&mut engine, Changes::unknown());
    println!(
        "serving {} at {base_url}/ (Ctrl+C stops)",
        options.root.display()
    );
    // Every change is handed to the engine, even one that alone makes no build (an
    // editor's backup file is still a file of content/): the engine follows the files of
    // content/ by these paths. Events that come during a build wait in the channel.
    let mut pending = Changes::default();
    while let Ok(change) = changed.recv() {
        let mut relevant = change.concerns_build(&options.root);
        pending.add(change.into_changes());
        // Changes come in bursts: wait until the site has been quiet for a moment.
        let at_most = Instant::now() + QUIET_AT_MOST;
        while let Some(wait) = at_most
            .checked_duration_since(Instant::now())
            .map(|left| left.min(QUIET))
            && let Ok(more) = changed.recv_timeout(wait)
        {
            relevant |= more.concerns_build(&options.root);
            pending.add(more.into_changes());
        }
        if relevant && !shared.stopping() {
            build_and_publish(&mut engine, std::mem::take(&mut pending));
        }
    }
}

/// Where a build of `serve` puts its files: kept in memory, and the pages published (with
/// a reload event) as soon as they are made, before the feeds, sitemap, open data and
/// search index, which on a large site take as long as the rest of a rebuild.
///
/// The served site keeps the jobs' files of the last good build, so a build of the engine
/// hands on only those that changed ([`Jobs::Changed`]).
struct Publishing<'a> {
    /// The files not published yet.
    files: Collect,
    /// The jobs' files, once they have all been put, and how they were handed on.
    jobs: Mutex<Option<(Vec<OutputFile>, Jobs)>>,
    shared: &'a Shared,
    /// Whether the pages were published before the build ended.
    pages_published: AtomicBool,
}

impl Publishing<'_> {
    /// The jobs' files and the other files put so far, for publishing.
    fn pages(&self) -> Pages {
        let (jobs, handed_on) = self
            .jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .unwrap_or((Vec::new(), Jobs::Whole));
        Pages {
            jobs,
            handed_on,
            copied: self.files.take(),
        }
    }
}

impl Sink for Publishing<'_> {
    fn put(&self, file: OutputFile) -> std::result::Result<(), Error> {
        self.files.put(file)
    }

    fn shows_early(&self) -> bool {
        true
    }

    fn keeps_jobs(&self) -> bool {
        true
    }

    fn jobs_done(&self, jobs: Jobs) {
        *self.jobs.lock().unwrap_or_else(PoisonError::into_inner) = Some((self.files.take(), jobs));
    }

    fn pages_done(&self) {
        let pages = self.pages();
        self.shared
            .events
            .publish(|| self.shared.site.publish_pages(pages));
        self.pages_published.store(true, Ordering::Relaxed);
    }
}

/// Builds into `sink` with the local address as base URL, after `changes`, rendering only
/// what changed since the engine's last good build.
fn build(
    engine: &mut Engine,
    changes: Changes,
    options: &ServeOptions,
    base_url: &str,
    sink: &dyn Sink,
) -> Result<Built> {
    engine.build_after(
        changes,
        &BuildOptions {
            root: options.root.clone(),
            base_url: Some(base_url.to_owned()),
            drafts: options.drafts,
            future: options.future,
            strict_messages: false,
            read_only: false,
        },
        sink,
    )
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn lost_or_failed_events_mean_anything_may_have_changed() {
        use notify::event::{AccessKind, CreateKind, EventKind, Flag};
        let spelling = Spelling {
            watched: PathBuf::from("/home/me/site"),
            root: PathBuf::from("site"),
        };
        let event = |kind, paths: &[&str]| {
            let mut event = notify::Event::new(kind);
            event.paths = paths.iter().map(PathBuf::from).collect();
            event
        };
        let created = event(
            EventKind::Create(CreateKind::File),
            &["/home/me/site/content/a.md", "/elsewhere/b.md"],
        );
        assert_eq!(
            Change::of(Ok(created), &spelling),
            Some(Change::Paths(vec![
                PathBuf::from("site/content/a.md"),
                PathBuf::from("/elsewhere/b.md")
            ]))
        );
        let read = event(EventKind::Access(AccessKind::Any), &["/home/me/site/a"]);
        assert_eq!(Change::of(Ok(read), &spelling), None);
        let rescan = event(EventKind::Other, &[]).set_flag(Flag::Rescan);
        assert_eq!(Change::of(Ok(rescan), &spelling), Some(Change::Unknown));
        let no_paths = event(EventKind::Any, &[]);
        assert_eq!(Change::of(Ok(no_paths), &spelling), Some(Change::Unknown));
        let failed = notify::Error::generic("queue overflow");
        assert_eq!(Change::of(Err(failed), &spelling), Some(Change::Unknown));
        assert!(Change::Unknown.concerns_build(Path::new("site")));
    }
}
