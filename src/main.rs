//! The `dilmanc` binary: parses the command line, runs it, prints the report.
//! Exit status: 0 success, 1 the site has an error, 2 the command line was wrong.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use dilmanc::cli::{Cli, Outcome, run};

/// mimalloc instead of the system allocator: a build allocates many small, short-lived
/// values from several threads, and glibc's malloc grew slower than the site did.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the crate does not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// Its default in milliseconds (`options.c`): found there, the option is the one meant.
const MI_DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

/// Memory freed is kept for the next allocations instead of being given back to the system
/// a second later. `serve` frees a build's values and allocates the next one's seconds apart:
/// with purging, the load stage of a 10k body edit took 20 – 23 ms, its memory faulted in
/// again, against 9 ms without. A build holds its peak either way. `MIMALLOC_PURGE_DELAY`
/// still decides when it is set.
fn keep_freed_memory() {
    // SAFETY: mimalloc's options may be read and set at any time, from any thread.
    unsafe {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none()
            && libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == MI_DEFAULT_PURGE_DELAY
        {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        }
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    match run(cli, &print_errors) {
        Ok(outcome) => {
            print_summary(&outcome);
            ExitCode::SUCCESS
        }
        Err(errors) => {
            print_errors(&errors);
            if errors.is_command_line() {
                // `dilmanc help` helps with an argument; not with a path the command may
                // not use (an --output holding others' files), whose error names it.
                let about_arguments = errors
                    .iter()
                    .any(|e| e.is_command_line() && e.location().is_none());
                eprintln!(
                    "error: the command line is wrong; nothing was written{}",
                    if about_arguments {
                        " (`dilmanc help` lists the commands and their arguments)"
                    } else {
                        ""
                    }
                );
                return ExitCode::from(2);
            }
            let count = errors.len();
            eprintln!(
                "error: the site has {count} error{}; nothing was written",
                if count == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
    }
}

/// Prints each error as a rustc-style diagnostic.
fn print_errors(errors: &dilmanc::error::Errors) {
    let theme = if std::io::stderr().is_terminal() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    // The snippet's header names the file only: the message before it already gives the
    // line and column, and miette would count the column in bytes ("ə" is two), where
    // dilmanc counts characters as editors do.
    let handler = miette::GraphicalReportHandler::new_themed(theme).without_primary_span_start();
    for error in errors.iter() {
        let mut text = String::new();
        if handler.render_report(&mut text, error).is_err() {
            text = format!("× {error}");
        }
        eprintln!("{text}");
    }
}

fn print_summary(outcome: &Outcome) {
    let (built, written_to) = match outcome {
        Outcome::Built { built, written_to } => (built, written_to),
        Outcome::Created(created) if created.draft => {
            println!(
                "created {} (a draft: remove `draft = true` to publish)",
                created.path.display()
            );
            return;
        }
        Outcome::Created(created) => {
            println!(
                "created {} (published with the next build)",
                created.path.display()
            );
            return;
        }
        Outcome::Served => return,
        Outcome::Report(text) => {
            print!("{text}");
            return;
        }
        Outcome::Initialised(dir, files) => {
            println!(
                "created a new site in {} ({} files); build it with: dilmanc build --root {}",
                dir.display(),
                files.len(),
                dir.display()
            );
            return;
        }
    };
    for warning in &built.warnings {
        eprintln!("warning: {warning}");
    }
    let languages: Vec<String> = built
        .languages
        .iter()
        .map(|l| {
            if l.fallback > 0 {
                format!("{} {} (+{} fallback)", l.code, l.translated, l.fallback)
            } else {
                format!("{} {}", l.code, l.translated)
            }
        })
        .collect();
    let warnings = built.warnings.len();
    let action = match written_to {
        Some(path) => format!("wrote {} files to {}", built.files.len(), path.display()),
        None => format!("checked {} files", built.files.len()),
    };
    let images = if built.images.images > 0 {
        format!(
            "; images: {} ({} copies resized, {} from the cache)",
            built.images.images, built.images.resized, built.images.cached
        )
    } else {
        String::new()
    };
    println!(
        "pages: {}{images}; {action} in {:.2} s; {warnings} warning{}",
        languages.join(", "),
        built.elapsed.as_secs_f64(),
        if warnings == 1 { "" } else { "s" }
    );
}
