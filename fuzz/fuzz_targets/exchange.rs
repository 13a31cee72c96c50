//! Translation exchange files, as translators return them to `dilmanc l10n import`. The
//! input's first byte chooses the format (bit 0: 0 XLIFF 1.2, 1 gettext PO) and the import
//! options (bit 1 `--allow-partial`, bit 2 `--overwrite`); the rest is the file.
//!
//! 1. When the rest is UTF-8 (other bytes skip this step; import below gets them as they
//!    are and must refuse them), the format's reader (`exchange::xliff::read` or
//!    `exchange::po::read`) reads it. On `Ok`, the document is written back with the same
//!    format's `write` and read again: the second document must equal the first in every
//!    field the writer keeps, and writing it must give the same text again.
//! 2. The bytes are written as `in.xlf` or `in.po` into a copy of `tests/fixtures/multilingual`
//!    (az, with en, ru and ar) on /dev/shm and `exchange::import::import` runs on it; its
//!    errors are rendered as the binary prints them. A successful import writes translation
//!    files (`content/**/*.L.md`, `locales/L/*.ftl`): the site's `content/` and `locales/`
//!    are then put back as they were, so every input meets the same site.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use dilmanc::exchange::import::{ImportOptions, import};
use dilmanc::exchange::{Document, Seen, po, xliff};
use dilmanc_fuzz::{TempSite, copy_dir, render_errors, repo};
use libfuzzer_sys::fuzz_target;

/// The folders import may write into, put back after a successful import.
const WRITTEN: [&str; 2] = ["content", "locales"];

/// The site, and its files under [`WRITTEN`] (path relative to the root, bytes).
static SITE: LazyLock<(TempSite, Vec<(PathBuf, Vec<u8>)>)> = LazyLock::new(|| {
    let site = TempSite::new("exchange");
    copy_dir(&repo().join("tests/fixtures/multilingual"), site.root());
    let mut files = Vec::new();
    for folder in WRITTEN {
        snapshot(site.root(), &site.root().join(folder), &mut files);
    }
    (site, files)
});

/// Every file under `folder`, relative to `root`, with its bytes.
fn snapshot(root: &std::path::Path, folder: &std::path::Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            snapshot(root, &path, files);
        } else {
            let bytes = std::fs::read(&path).expect("read a file of the site");
            let relative = path
                .strip_prefix(root)
                .expect("under the root")
                .to_path_buf();
            files.push((relative, bytes));
        }
    }
}

/// The document without what the writer does not keep, or keeps by construction:
/// - line numbers (`language_line`, each page's and unit's `line`): the written file has
///   its own layout;
/// - `exported_for`: the writer records the target language as the language exported for
///   (XLIFF `language=`, PO `X-Dilmanc-Target-Language`), as export does, so a file whose
///   tool changed the language (which import refuses) reads back as exported for it;
/// - XLIFF: the languages when there is no page, because they are attributes of each
///   `<file>`;
/// - PO: `review` of a unit without a translation, because `#, fuzzy` is written only on an
///   entry with a `msgstr` (an empty `msgstr` is untranslated whether fuzzy or not);
/// - XLIFF: carriage returns at the end of a value of the dilmanc note (`url=b&#13;`): the
///   reader splits the note with `str::lines`, which takes the written `\r\n` for a Windows
///   line end, so they are lost (a reader that kept them would keep the CR of every line of
///   a file saved with CRLF line ends; no exported value ends in one);
/// - PO: runs of whitespace in a page's translation record (`#. dilmanc-translation:`),
///   which is cut at spaces over comment lines, each trimmed, and joined with one space
///   (records never have two spaces: a hash has none, a messages record one between
///   entries).
///
/// What the readers never fill in is equal as it is: a page's `state` and `note` (XLIFF
/// writes them for the translator, in `state=` of the dilmanc note and
/// `<note from="author">`, and reads neither; PO writes the note into a comment), and in PO
/// the page's target, url, section and hash and the unit kind (PO has no place for them);
/// placeholders, selectors and comments (the note for the translator) of units.
fn kept(mut document: Document, xliff: bool) -> Document {
    document.language_line = 0;
    document.exported_for = None;
    if xliff && document.pages.is_empty() {
        document.source_lang.clear();
        document.target_lang.clear();
    }
    for page in &mut document.pages {
        page.line = 0;
        if xliff {
            for value in [
                &mut page.target,
                &mut page.url,
                &mut page.section,
                &mut page.hash,
            ] {
                value.truncate(value.trim_end_matches('\r').len());
            }
        } else if let Seen::Hash(hash) = &mut page.seen {
            *hash = hash.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        for unit in &mut page.units {
            unit.line = 0;
            if unit.target.is_none() {
                unit.review = false;
            }
        }
    }
    document
}

/// Reads `text` in the format, and checks that what it reads is written and read back.
fn round_trip(text: &str, xliff: bool) {
    let read = |text: &str| {
        if xliff {
            xliff::read(text)
        } else {
            po::read(text)
        }
    };
    let write = |document: &Document| {
        if xliff {
            xliff::write(document)
        } else {
            po::write(document)
        }
    };
    let first = match read(text) {
        Ok(document) => document,
        Err(error) => {
            assert!(
                error.line >= 1 && error.line <= text.lines().count().max(1) + 1,
                "error line {} outside the file: {}",
                error.line,
                error.message
            );
            return;
        }
    };
    let written = write(&first);
    // Where the written file cannot say what was read, only reading it back is checked:
    // - PO: `#: file:12` names `file` (a tool may add line numbers), so an original that
    //   ends in `:digits` is read back without them (and may join another page);
    // - XLIFF: the target language (an attribute, which may hold a line break) is also
    //   written as the last `language=` line of each page's dilmanc note, which is read line
    //   by line, so a line break in it starts another line (`en&#10;hash=x` sets the hash).
    // No original of a site ends in `:digits` (they end in `.md` or `.ftl`), and no
    // language code has a line break.
    let ambiguous = if xliff {
        first.target_lang.contains('\n')
    } else {
        first.pages.iter().any(|page| {
            page.original
                .rsplit_once(':')
                .is_some_and(|(_, n)| n.parse::<u32>().is_ok())
        })
    };
    let second = match read(&written) {
        Ok(document) => document,
        Err(error) => panic!(
            "the written file does not read back: line {}: {}\n{written}",
            error.line, error.message
        ),
    };
    if ambiguous {
        return;
    }
    let (first, second) = (kept(first, xliff), kept(second, xliff));
    // What is left out of the comparison is left out of the written texts too.
    let (written, again) = (write(&first), write(&second));
    assert_eq!(
        first.source_lang, second.source_lang,
        "source language\n{written}"
    );
    assert_eq!(
        first.target_lang, second.target_lang,
        "target language\n{written}"
    );
    assert_eq!(first.pages.len(), second.pages.len(), "pages\n{written}");
    for (a, b) in first.pages.iter().zip(&second.pages) {
        assert_eq!(a.original, b.original, "original\n{written}");
        assert_eq!(a.target, b.target, "target of {}\n{written}", a.original);
        assert_eq!(a.url, b.url, "url of {}\n{written}", a.original);
        assert_eq!(a.section, b.section, "section of {}\n{written}", a.original);
        assert_eq!(a.hash, b.hash, "hash of {}\n{written}", a.original);
        assert_eq!(a.state, b.state, "state of {}\n{written}", a.original);
        assert_eq!(a.seen, b.seen, "seen of {}\n{written}", a.original);
        assert_eq!(a.note, b.note, "note of {}\n{written}", a.original);
        assert_eq!(
            a.units.len(),
            b.units.len(),
            "units of {}\n{written}",
            a.original
        );
        for (u, v) in a.units.iter().zip(&b.units) {
            assert_eq!(u.id, v.id, "unit id\n{written}");
            assert_eq!(u.kind, v.kind, "kind of unit {}\n{written}", u.id);
            assert_eq!(u.source, v.source, "source of unit {}\n{written}", u.id);
            assert_eq!(u.target, v.target, "target of unit {}\n{written}", u.id);
            assert_eq!(u.review, v.review, "review of unit {}\n{written}", u.id);
        }
    }
    assert_eq!(first, second, "the documents differ\n{written}");
    assert_eq!(
        written, again,
        "writing the read-back document changed the file"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, file)) = data.split_first() else {
        return;
    };
    let xliff = flags & 1 == 0;
    if let Ok(text) = std::str::from_utf8(file) {
        round_trip(text, xliff);
    }

    let (site, files) = &*SITE;
    let name = if xliff { "in.xlf" } else { "in.po" };
    site.write(name, file);
    let options = ImportOptions {
        root: site.root().to_path_buf(),
        file: site.root().join(name),
        allow_partial: flags & 2 != 0,
        overwrite: flags & 4 != 0,
    };
    match import(&options) {
        Ok(imported) => {
            if std::env::var_os("DILMANC_FUZZ_PRINT").is_some() {
                eprintln!(
                    "imported into {}: {} files, {} units, {} left out",
                    imported.lang,
                    imported.written.len(),
                    imported.units,
                    imported.left_out.len()
                );
            }
            for folder in WRITTEN {
                site.remove(folder);
            }
            for (path, bytes) in files {
                site.write(&path.to_string_lossy(), bytes);
            }
        }
        Err(errors) => render_errors(&errors),
    }
    site.remove(name);
});
