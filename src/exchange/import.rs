//! `dilmanc l10n import`: checks an exchange file against the current originals and writes
//! the translated pages beside them, all or nothing.
//!
//! Every unit must still be in its original with the same source text (the id is a hash of
//! it), every exported unit must be in the file, and every target must be translated (not
//! empty, not still marked for review) with the placeholders of its source. Each problem is
//! reported at the exchange file's line with the unit id, and so is a translated text that a
//! page cannot hold (a line break in a title, a control character). A translation file
//! written or changed since the export is not replaced (seen.rs) unless `--overwrite` says
//! so, and a file whose target language was changed in the tool is refused: the language it
//! was exported for is recorded apart. The page is rebuilt from the
//! current original: its body with the translated texts spliced in, its front matter with
//! the translated strings (without `aliases`, which belong to the original), and `[translation]` naming the original and its hash, which is
//! the exported version (any difference outside the translated texts, such as a changed fee,
//! is taken from the original as it is now). A section's `_index.md` becomes `_index.L.md` the
//! same way, without the section settings (sort order, pagination, feeds, templates, weight)
//! that only the default language's file holds. Interface messages are checked and written by
//! import_messages.rs.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::export::{Original, read_original, target_path};
use super::rebuild;
use super::units::Piece;
use super::{Document, PageDoc};
use crate::config::Config;
use crate::error::{Error, Errors, Location, Result, io_error};
use crate::load::CONTENT_DIR;

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The exchange file.
    pub file: PathBuf,
    /// Leave out pages with untranslated units instead of refusing the file.
    pub allow_partial: bool,
    /// Replace translation files written or changed since the export (seen.rs).
    pub overwrite: bool,
}

/// What was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The language.
    pub lang: String,
    /// The files written, relative to the site root.
    pub written: Vec<PathBuf>,
    /// Originals left out because some of their units are not translated.
    pub left_out: Vec<String>,
    /// Units imported.
    pub units: usize,
}

/// Reads an exchange file of either format.
pub fn read(path: &Path, text: &str) -> Result<Document> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let read = if trimmed.starts_with('<') {
        super::xliff::read(text)
    } else {
        super::po::read(text)
    };
    read.map_err(|e| {
        Errors::from(Error::new(e.message).at(location(path, e.line)).with_help(
            "import the file as dilmanc l10n export wrote it and the translation tool saved it",
        ))
    })
}

fn location(path: &Path, line: usize) -> Location {
    Location {
        path: path.to_path_buf(),
        line: Some(line),
        column: None,
    }
}

/// Checks the file and writes the translations.
pub fn import(options: &ImportOptions) -> Result<Imported> {
    let file = &options.file;
    let bytes = std::fs::read(file).map_err(|e| io_error(file, "read", &e))?;
    let text = super::encoding::text(file, bytes)?;
    let document = read(file, &text)?;
    let config = Config::load(&options.root)?;
    let lang = document.target_lang.clone();
    let at = |line: usize, message: String| Error::new(message).at(location(file, line));
    if let Some(exported) = document.exported_for.as_ref().filter(|e| **e != lang) {
        return Err(at(
            document.language_line,
            format!(
                "the file was exported for `{exported}`, but it now translates into `{lang}`: its target language was changed after the export"
            ),
        )
        .with_help(format!(
            "set the file's target language back to `{exported}` in the translation tool and import it again; to translate into `{lang}`, export for it (dilmanc l10n export --lang {lang})"
        ))
        .into());
    }
    if document.source_lang != config.default_language {
        return Err(at(
            1,
            format!(
                "the file translates from `{}`, but the site's default language is `{}`",
                document.source_lang, config.default_language
            ),
        )
        .with_help("import it into the site it was exported from")
        .into());
    }
    if config.language(&lang).is_none() || lang == config.default_language {
        return Err(at(1, format!("the file translates into `{lang}`, which is not a translation language of site.toml"))
            .with_help("add the language to site.toml, or import the file into the site it was exported from")
            .into());
    }
    let mut errors = Errors::new();
    let mut ready: Vec<(PathBuf, String)> = Vec::new();
    let mut left_out = Vec::new();
    let mut units = 0;
    let mut seen_pages = HashSet::new();
    let mut messages = super::import_messages::TargetFiles::read(&config.root, &lang)?;
    for page in &document.pages {
        if !seen_pages.insert(page.original.clone()) {
            errors.push(
                at(
                    page.line,
                    format!("{} appears twice in the file", page.original),
                )
                .with_help("export again: each page is one <file> (one run of entries in PO)"),
            );
            continue;
        }
        if page.original.ends_with(".ftl") {
            let checked =
                super::import_messages::check(&config, page, &lang, options, file, &mut messages);
            match checked {
                Ok(checked) => {
                    units += checked.units;
                    left_out.extend(
                        checked
                            .left_out
                            .into_iter()
                            .map(|id| format!("{} (message {id})", page.original)),
                    );
                }
                Err(e) => errors.extend(e),
            }
            continue;
        }
        let original = match check_original(&config, page) {
            Ok(original) => original,
            Err(error) => {
                errors.push(at(page.line, error).with_help(
                    "import the file into the site it was exported from, without renaming its pages",
                ));
                continue;
            }
        };
        let target = target_path(&original.source, &lang);
        if let Some((why, help)) =
            super::seen::refusal(&config.root, &target, &page.seen, options.overwrite)?
        {
            errors.push(at(page.line, why).with_help(help));
            continue;
        }
        match check_page(page, &original, options.allow_partial, file) {
            Ok(Some(targets)) => {
                units += targets.len();
                let built = build_page(&original, &targets, &lang).and_then(|(path, text)| {
                    verify_page(&original.source, &path, &text)
                        .map_err(|e| Errors::from(not_loading(page, file, &targets, &text, &e)))?;
                    Ok((path, text))
                });
                match built {
                    Ok(built) => ready.push(built),
                    Err(e) => errors.extend(e),
                }
            }
            Ok(None) => left_out.push(page.original.clone()),
            Err(e) => errors.extend(e),
        }
    }
    errors.into_result(())?;
    ready.extend(messages.written(&lang));
    write_all(&config.root, &ready)?;
    Ok(Imported {
        lang,
        written: ready.into_iter().map(|(path, _)| path).collect(),
        left_out,
        units,
    })
}

/// The original named by a page of the file, read and split into units.
fn check_original(config: &Config, page: &PageDoc) -> Result<Original, String> {
    let path = Path::new(&page.original);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md");
    let translated = stem
        .and_then(|s| s.rsplit_once('.'))
        .is_some_and(|(_, code)| config.language(code).is_some());
    if !path.starts_with(CONTENT_DIR)
        || crate::site_files::stays_inside(path).is_err()
        || stem.is_none()
        || translated
    {
        return Err(format!(
            "`{}` is not an original under content/ of this site",
            page.original
        ));
    }
    read_original(&config.root, path).map_err(|e| {
        let first = e
            .iter()
            .next()
            .map(|e| e.message().to_owned())
            .unwrap_or_default();
        format!("cannot read the original {}: {first}", page.original)
    })
}

/// The targets of a page by unit id; `None` when it is left out as not fully translated.
fn check_page(
    page: &PageDoc,
    original: &Original,
    allow_partial: bool,
    file: &Path,
) -> Result<Option<HashMap<String, Vec<Piece>>>> {
    let mut errors = Errors::new();
    let at = |line: usize, message: String| Error::new(message).at(location(file, line));
    let current: HashMap<&str, &super::units::Unit> =
        original.units.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut targets = HashMap::new();
    let mut untranslated = Vec::new();
    for unit in &page.units {
        let Some(source) = current.get(unit.id.as_str()) else {
            errors.push(at(unit.line, format!(
                "unit {}: its source text is no longer in {} (the original changed since the export)",
                unit.id, page.original
            ))
            .with_help("export the page again and translate the changed text; your tool's memory fills in what did not change"));
            continue;
        };
        if unit.source != source.source {
            errors.push(
                at(
                    unit.line,
                    format!("unit {}: the source text was changed in the file", unit.id),
                )
                .with_help("translate in the target only; leave the source as exported"),
            );
            continue;
        }
        if targets.contains_key(&unit.id) {
            errors.push(
                at(unit.line, format!("unit {} appears twice", unit.id))
                    .with_help("keep one translation of each unit"),
            );
            continue;
        }
        let target = match &unit.target {
            Some(t) if !unit.review && !rebuild::plain(t).trim().is_empty() => t,
            _ => {
                untranslated.push(unit);
                continue;
            }
        };
        if let Err(why) = rebuild::check_placeholders(source, target) {
            errors.push(at(unit.line, format!("unit {}: {why}", unit.id)).with_help(
                "keep every placeholder of the source in the translation, once, pairs around the words they mark",
            ));
            continue;
        }
        let one_line = matches!(source.place, super::units::Place::Field(_));
        if let Err((why, help)) = rebuild::check_text(target, one_line) {
            errors.push(
                at(
                    unit.line,
                    format!("unit {} ({}): {why}", unit.id, source.kind),
                )
                .with_help(help),
            );
            continue;
        }
        targets.insert(unit.id.clone(), target.clone());
    }
    for unit in original.units.iter().filter(|u| u.exported) {
        if !page.units.iter().any(|u| u.id == unit.id) {
            errors.push(at(page.line, format!(
                "{} has text that is not in the file (unit {}): the original changed since the export",
                page.original, unit.id
            ))
            .with_help("export the page again and translate the new text"));
        }
    }
    if !untranslated.is_empty() && errors.is_empty() {
        if allow_partial {
            return Ok(None);
        }
        for unit in untranslated {
            let why = if unit.review {
                "is still marked for review"
            } else {
                "is not translated"
            };
            errors.push(at(unit.line, format!("unit {} {why}", unit.id)).with_help(
                "translate it and mark it translated, or pass --allow-partial to leave this page out",
            ));
        }
    }
    errors.into_result(Some(targets))
}

/// The translation's path and text.
fn build_page(
    original: &Original,
    targets: &HashMap<String, Vec<Piece>>,
    lang: &str,
) -> Result<(PathBuf, String)> {
    let mut front = rebuild::front_matter(&original.front, &original.units, targets);
    // Old addresses redirect to the original; the same alias on a translation would write
    // the redirect twice.
    front.remove("aliases");
    let section = is_section(&original.source);
    if section {
        // A section's settings come from the default language's `_index.md`; load refuses
        // them on a translation.
        for key in SECTION_SETTINGS {
            front.remove(*key);
        }
    }
    let name = original
        .source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut record = toml::Table::new();
    record.insert("original".into(), toml::Value::String(name));
    record.insert(
        "hash".into(),
        toml::Value::String(crate::hash::short_sha256(&original.bytes)),
    );
    front.insert("translation".into(), toml::Value::Table(record));
    let toml = toml::to_string(&front).map_err(|e| {
        Errors::from(Error::in_file(
            &original.source,
            format!("cannot write the translated front matter: {e}"),
        ))
    })?;
    let body = rebuild::body(&original.body, &original.units, targets);
    let text = format!("+++\n{toml}+++\n{body}");
    Ok((target_path(&original.source, lang), text))
}

/// Checks that `text`, the translation at `path` of `source`, loads. The units' texts were
/// checked (rebuild.rs), so a failure here is a bug, reported rather than written.
fn verify_page(source: &Path, path: &Path, text: &str) -> Result<()> {
    let split = crate::front_matter::split(path, text.as_bytes())?;
    if is_section(source) {
        split.parse::<crate::front_matter::SectionFrontMatter>(path)?;
    } else {
        split.parse::<crate::front_matter::PageFrontMatter>(path)?;
    }
    Ok(())
}

/// The error for a page rebuilt from the translations of `page` as `text` that does not load
/// (`errors`, in the translation file that was not written): at the page's line of the
/// exchange file, naming the units whose translations are on the line that fails, or else
/// all of them.
fn not_loading(
    page: &PageDoc,
    file: &Path,
    targets: &HashMap<String, Vec<Piece>>,
    text: &str,
    errors: &Errors,
) -> Error {
    let first = errors.iter().next();
    let what = first.map_or_else(String::new, |e| match e.location() {
        Some(place) => format!("{place}: {}", e.message()),
        None => e.message().to_owned(),
    });
    let failing = first
        .and_then(|e| e.location()?.line)
        .and_then(|line| text.lines().nth(line.saturating_sub(1)))
        .map(str::trim)
        .filter(|line| !line.is_empty());
    let mut ids: Vec<&str> = page
        .units
        .iter()
        .filter(|u| {
            let Some(target) = targets.get(&u.id) else {
                return false;
            };
            let text = rebuild::plain(target);
            failing.as_ref().is_some_and(|line| {
                text.lines()
                    .any(|t| !t.trim().is_empty() && line.contains(t.trim()))
            })
        })
        .map(|u| u.id.as_str())
        .collect();
    if ids.is_empty() {
        ids = page
            .units
            .iter()
            .filter(|u| targets.contains_key(&u.id))
            .map(|u| u.id.as_str())
            .collect();
    }
    Error::new(format!(
        "the translation of {} would not load, so it was not written ({what}); it comes from unit{} {} of this file",
        page.original,
        if ids.len() == 1 { "" } else { "s" },
        ids.join(", ")
    ))
    .at(location(file, page.line))
    .with_help("correct the translation of those units; if they look right, report this as a bug of dilmanc l10n import, with the exchange file")
}

/// The front-matter keys of a section that only its default-language `_index.md` holds.
const SECTION_SETTINGS: &[&str] = &[
    "sort_by",
    "paginate_by",
    "feed",
    "page_template",
    "template",
    "weight",
];

/// Whether `source` is a section's text (`_index.md`) rather than a page.
fn is_section(source: &Path) -> bool {
    source.file_name().is_some_and(|n| n == "_index.md")
}

/// Writes every file beside a temporary name first, then renames them all into place.
fn write_all(root: &Path, files: &[(PathBuf, String)]) -> Result<()> {
    let mut temporary = Vec::new();
    for (path, text) in files {
        let full = root.join(path);
        let mut temp = full.clone().into_os_string();
        temp.push(".dilmanc-import");
        let temp = PathBuf::from(temp);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error(path, "create the folder of", &e))?;
        }
        if let Err(e) = std::fs::write(&temp, text) {
            for t in &temporary {
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&temp);
            return Err(io_error(path, "write", &e).into());
        }
        temporary.push(temp);
    }
    for ((path, _), temp) in files.iter().zip(&temporary) {
        std::fs::rename(temp, root.join(path)).map_err(|e| io_error(path, "write", &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::UnitDoc;

    fn unit(id: &str, line: usize) -> UnitDoc {
        UnitDoc {
            id: id.into(),
            kind: "paragraph".into(),
            source: Vec::new(),
            target: None,
            review: false,
            placeholders: Vec::new(),
            selectors: Vec::new(),
            comment: None,
            line,
        }
    }

    /// A rebuilt page that does not load is reported in the exchange file, with the units
    /// whose translations are on the failing line (or all of them).
    #[test]
    fn a_page_that_would_not_load_names_the_exchange_file_and_its_units() {
        let mut page = PageDoc::read_at("content/a.md".into(), 7);
        page.units = vec![unit("u1", 9), unit("u2", 14)];
        let targets = HashMap::from([
            ("u1".to_owned(), vec![Piece::Text("First".into())]),
            ("u2".to_owned(), vec![Piece::Text("Broken text".into())]),
        ]);
        let text = "+++\ntitle = \"First\"\n+++\nBroken text\n";
        let failing = |line| {
            Errors::from(Error::new("something is wrong").at(Location {
                path: PathBuf::from("content/a.en.md"),
                line: Some(line),
                column: Some(1),
            }))
        };
        let file = Path::new("en.xlf");
        let error = not_loading(&page, file, &targets, text, &failing(4));
        assert_eq!(error.location().unwrap().to_string(), "en.xlf:7");
        assert!(
            error.message().contains(
                "the translation of content/a.md would not load, so it was not written (content/a.en.md:4:1: something is wrong); it comes from unit u2 of this file"
            ),
            "{}",
            error.message()
        );
        let error = not_loading(&page, file, &targets, text, &failing(3));
        assert!(
            error.message().ends_with("units u1, u2 of this file"),
            "{}",
            error.message()
        );
    }
}
