//! A whole build of a small site made of fuzzed files. The input is split at lines `%%%%`
//! into `site.toml`, `content/_index.md`, `content/press/a.md`, its translation
//! `content/press/a.en.md`, `locales/az/site.ftl` and `templates/page.html` (which overrides
//! the default theme's); they are written into a site on /dev/shm that has the repository's
//! default theme, and `dilmanc::build::render_site` builds it in memory.
#![no_main]

use std::sync::LazyLock;

use dilmanc::build::{BuildOptions, render_site};
use dilmanc_fuzz::{TempSite, render_errors, split_parts};
use libfuzzer_sys::fuzz_target;

/// Where each part of the input goes, in order.
const PARTS: [&str; 6] = [
    "site.toml",
    "content/_index.md",
    "content/press/a.md",
    "content/press/a.en.md",
    "locales/az/site.ftl",
    "templates/page.html",
];

static SITE: LazyLock<TempSite> = LazyLock::new(|| TempSite::new("site").with_default_theme());

fuzz_target!(|data: &[u8]| {
    let site = &*SITE;
    for folder in [
        "site.toml",
        "content",
        "locales",
        "templates",
        ".dilmanc-cache",
    ] {
        site.remove(folder);
    }
    for (path, contents) in PARTS.iter().zip(split_parts(data, PARTS.len())) {
        // An empty part leaves its file out, so that inputs can drop files.
        if !contents.is_empty() {
            site.write(path, contents);
        }
    }
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    match render_site(&options, &dilmanc::output::Discard) {
        Ok(built) => {
            if std::env::var_os("DILMANC_FUZZ_PRINT").is_some() {
                eprintln!("built: {} warnings", built.warnings.len());
            }
        }
        Err(errors) => render_errors(&errors),
    }
});
