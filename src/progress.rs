//! The progress line of a long build on a terminal: files written of the files expected,
//! drawn with `indicatif`. It appears only when the build has run for a second, only when
//! standard error is a terminal and `CI` is not set, and it is cleared before the summary.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::Error;
use crate::output::{OutputFile, Sink};

/// How long a build runs before its progress is shown.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A [`Sink`] that passes files on to another and counts them on the progress line.
pub struct Progress<'a> {
    inner: &'a dyn Sink,
    bar: ProgressBar,
    started: Instant,
    /// Whether the line may be drawn at all (a terminal, not CI).
    allowed: bool,
    shown: AtomicBool,
}

impl<'a> Progress<'a> {
    /// Counts the files that go into `inner`; the line is drawn only where a person reads it.
    pub fn new(inner: &'a dyn Sink) -> Progress<'a> {
        let allowed = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Progress::with_terminal(inner, allowed)
    }

    /// As [`Progress::new`], with the terminal test decided by the caller.
    pub fn with_terminal(inner: &'a dyn Sink, allowed: bool) -> Progress<'a> {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} files ({elapsed})") {
            bar.set_style(style);
        }
        Progress {
            inner,
            bar,
            started: Instant::now(),
            allowed,
            shown: AtomicBool::new(false),
        }
    }

    /// Files counted so far.
    pub fn position(&self) -> u64 {
        self.bar.position()
    }

    /// Whether the line has been drawn.
    pub fn is_shown(&self) -> bool {
        self.shown.load(Ordering::Relaxed)
    }
}

impl Sink for Progress<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        let result = self.inner.put(file);
        self.bar.inc(1);
        if self.allowed
            && !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        result
    }

    fn expect(&self, count: usize) {
        self.bar.inc_length(count as u64);
        self.inner.expect(count);
    }

    fn shows_early(&self) -> bool {
        self.inner.shows_early()
    }

    fn pages_done(&self) {
        self.inner.pages_done();
    }

    fn keeps_jobs(&self) -> bool {
        self.inner.keeps_jobs()
    }

    fn jobs_done(&self, jobs: crate::output::Jobs) {
        self.inner.jobs_done(jobs);
    }
}

impl Drop for Progress<'_> {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Discard;

    #[test]
    fn counts_files_and_stays_hidden_off_a_terminal() {
        let progress = Progress::with_terminal(&Discard, false);
        progress.expect(2);
        for path in ["a.html", "b.html"] {
            progress
                .put(OutputFile::at_url(
                    path,
                    Vec::new(),
                    std::path::Path::new("x"),
                ))
                .unwrap();
        }
        assert_eq!(progress.position(), 2);
        assert!(!progress.is_shown());
    }
}
