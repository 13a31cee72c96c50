//! `dilmanc l10n export`: the pages of the default language that need translating into a
//! language, as one exchange file.

use std::path::{Path, PathBuf};

use super::units::{self, Place, Unit};
use super::{Document, Format, PageDoc, Seen, State, UnitDoc};
use crate::config::Config;
use crate::error::{Error, Result, io_error};
use crate::load::{CONTENT_DIR, LoadOptions, load};
use crate::urls;

/// Which pages to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// Pages without a translation.
    Missing,
    /// Pages whose translation was made from an older version.
    Stale,
    /// Every page, with its translation as the target where there is one.
    All,
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The language to translate into.
    pub lang: String,
    /// Which pages; `None` exports missing and stale pages.
    pub only: Option<Only>,
    /// Only pages of this section folder (and its sub-sections).
    pub section: Option<String>,
    /// The format of the file.
    pub format: Format,
    /// Replace the output file if it exists (never a file of the site).
    pub force: bool,
}

/// What was exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// Pages in the file.
    pub pages: usize,
    /// Units in the file.
    pub units: usize,
    /// Words of their source texts.
    pub words: usize,
}

/// A page of the default language read for exchange: its units and where it lives.
pub(crate) struct Original {
    /// The file, relative to the site root.
    pub(crate) source: PathBuf,
    /// Its bytes.
    pub(crate) bytes: Vec<u8>,
    /// Its front matter.
    pub(crate) front: toml::Table,
    /// Its body.
    pub(crate) body: String,
    /// Its units.
    pub(crate) units: Vec<Unit>,
}

/// Reads and splits the original `source` (relative to `root`) into units.
pub(crate) fn read_original(root: &Path, source: &Path) -> Result<Original> {
    let bytes = std::fs::read(root.join(source)).map_err(|e| io_error(source, "read", &e))?;
    let split = crate::front_matter::split(source, &bytes)?;
    let front: toml::Table = split.parse(source)?;
    let body = split.body().to_owned();
    let key = source
        .strip_prefix(CONTENT_DIR)
        .unwrap_or(source)
        .to_string_lossy()
        .replace('\\', "/");
    let units = units::extract(&key, &front, &body);
    Ok(Original {
        source: source.to_path_buf(),
        bytes,
        front,
        body,
        units,
    })
}

/// The exchange document for `options`, and the number of words to translate.
pub fn document(options: &ExportOptions) -> Result<(Document, usize)> {
    let config = Config::load(&options.root)?;
    let lang = options.lang.clone();
    if config.language(&lang).is_none() {
        return Err(Error::new(format!(
            "the language `{lang}` is not configured in site.toml"
        ))
        .with_help("pass one of the languages of site.toml to --lang")
        .into());
    }
    let default = config.default_language.clone();
    if lang == default {
        return Err(Error::new(format!(
            "`{lang}` is the default language: the originals are written in it"
        ))
        .with_help("pass --lang with the language to translate into, e.g. --lang en")
        .into());
    }
    let section = options
        .section
        .as_deref()
        .map(|s| s.trim_matches('/').to_owned());
    let site = load(
        config,
        &LoadOptions {
            drafts: true,
            future: true,
            now: jiff::Timestamp::now(),
        },
    )?;
    if let Some(wanted) = &section
        && !site.sections.iter().any(|s| &s.key == wanted)
    {
        return Err(Error::new(format!("there is no section `{wanted}`"))
            .with_help("pass a folder under content/ that has an _index.md, e.g. press")
            .into());
    }
    let root = &site.config.root;
    let mut document = Document {
        source_lang: default.clone(),
        target_lang: lang.clone(),
        exported_for: Some(lang.clone()),
        language_line: 0,
        pages: Vec::new(),
    };
    let mut words = 0;
    for (group_id, group) in site.groups.iter().enumerate() {
        let Some(original_id) = group.version(&default) else {
            continue;
        };
        let page_section = group.section.map(|s| site.sections[s].key.clone());
        if let Some(wanted) = &section {
            let inside = group.key.starts_with(&format!("{wanted}/")) || wanted.is_empty();
            if !inside {
                continue;
            }
        }
        let original = read_original(root, &site.pages[original_id].source)?;
        let translation = group.version(&lang).map(|id| &site.pages[id]);
        let state = state_of(&original, translation.map(|t| t.translation.as_ref()));
        if !is_wanted(options, state) {
            continue;
        }
        let url = site
            .localized(group_id, &default)
            .map(|l| site.permalink(&l.url))
            .unwrap_or_default();
        let translation = translation.map(|page| page.source.clone());
        let page = page_doc(
            root,
            &original,
            translation.as_deref(),
            state,
            url,
            page_section,
            &lang,
        )?;
        words += units::words(&original.units);
        document.pages.push(page);
    }
    for section_id in site.section_ids() {
        let text_section = &site.sections[section_id];
        let Some(text) = text_section.text(&default) else {
            continue;
        };
        if let Some(wanted) = &section {
            let key = &text_section.key;
            let inside =
                wanted.is_empty() || key == wanted || key.starts_with(&format!("{wanted}/"));
            if !inside {
                continue;
            }
        }
        let original = read_original(root, &text.source)?;
        let translation = text_section.text(&lang);
        let state = state_of(&original, translation.map(|t| t.translation.as_ref()));
        if !is_wanted(options, state) {
            continue;
        }
        let url = site.permalink(&urls::section(&site, section_id, &default));
        let translation = translation.map(|t| t.source.clone());
        let page = page_doc(
            root,
            &original,
            translation.as_deref(),
            state,
            url,
            Some(text_section.key.clone()),
            &lang,
        )?;
        words += units::words(&original.units);
        document.pages.push(page);
    }
    if section.is_none() {
        words += messages(&site.config, &lang, options.only, &mut document)?;
    }
    Ok((document, words))
}

/// A translation's state from its `[translation]` record (`None`: there is no translation).
pub(crate) fn state_of(
    original: &Original,
    record: Option<Option<&crate::front_matter::TranslationRecord>>,
) -> State {
    match record {
        None => State::Missing,
        Some(None) => State::Unchecked,
        Some(Some(record)) if record.hash == crate::hash::short_sha256(&original.bytes) => {
            State::Current
        }
        Some(Some(_)) => State::Stale,
    }
}

impl Only {
    /// Whether a page in `state` is exported.
    fn wants(self, state: State) -> bool {
        match self {
            Only::Missing => state == State::Missing,
            Only::Stale => state == State::Stale,
            Only::All => true,
        }
    }
}

/// The exchange page of `original`, with the texts of its translation at `translation`
/// (when there is one) as targets.
fn page_doc(
    root: &Path,
    original: &Original,
    translation: Option<&Path>,
    state: State,
    url: String,
    section: Option<String>,
    lang: &str,
) -> Result<PageDoc> {
    let (target, existing) = match translation {
        Some(path) => (path.to_path_buf(), Some(read_original(root, path)?.units)),
        None => (target_path(&original.source, lang), None),
    };
    // What import would replace: the file at the translation's own path.
    let seen = Seen::of(root, &target_path(&original.source, lang))?;
    let aligned = existing
        .as_deref()
        .map(|existing| align(&original.units, existing));
    let mut page = PageDoc {
        original: slash(&original.source),
        target: slash(&target),
        url,
        section: section.unwrap_or_default(),
        hash: crate::hash::short_sha256(&original.bytes),
        state,
        seen,
        note: original
            .front
            .get("extra")
            .and_then(|e| e.get("translator_note"))
            .and_then(|n| n.as_str())
            .map(str::to_owned),
        units: Vec::new(),
        line: 0,
    };
    for (index, unit) in original.units.iter().enumerate() {
        if !unit.exported {
            continue;
        }
        let target = aligned.as_ref().and_then(|a| a[index].clone());
        page.units.push(UnitDoc {
            id: unit.id.clone(),
            kind: unit.kind.clone(),
            source: unit.source.clone(),
            review: target.is_some() && state != State::Current,
            target,
            placeholders: unit
                .placeholders
                .iter()
                .map(|p| {
                    let mut markup = original.body[p.open.clone()].to_owned();
                    if let Some(close) = &p.close {
                        markup.push('…');
                        markup.push_str(&original.body[close.clone()]);
                    }
                    (p.id, p.kind.ctype(), markup)
                })
                .collect(),
            selectors: Vec::new(),
            comment: None,
            line: 0,
        });
    }
    Ok(page)
}

/// The `.ftl` files of `locales/<lang>/`, by file name, sorted.
pub(crate) fn ftl_files(root: &Path, lang: &str) -> Result<Vec<(String, String)>> {
    let dir = Path::new("locales").join(lang);
    let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
        return Ok(Vec::new());
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".ftl") || !entry.path().is_file() {
            continue;
        }
        let path = dir.join(&name);
        let text =
            std::fs::read_to_string(root.join(&path)).map_err(|e| io_error(&path, "read", &e))?;
        files.push((name, text));
    }
    files.sort();
    Ok(files)
}

/// Adds the interface messages (and terms) of the default language, the site's and the
/// theme's (origins.rs), that `lang` lacks or has stale translations of (as `only` chooses;
/// `--only all` adds those translated without a record, to have them checked), one exchange
/// page per `.ftl` file; returns their words. A translated message's units carry its
/// translation as the target, for review.
fn messages(
    config: &Config,
    lang: &str,
    only: Option<Only>,
    document: &mut Document,
) -> Result<usize> {
    let categories = super::plural::Categories::of(lang);
    let target_files = ftl_files(&config.root, lang)?;
    let translated = super::fluent_record::translated(&target_files);
    let origins = super::origins::origins(config)?;
    let scope = super::origins::Scope::read(config, lang, &origins)?;
    let mut words = 0;
    for origin in &origins {
        let file = super::fluent::extract(&origin.name, &origin.text, &categories);
        let mut page = PageDoc {
            original: origin.path.clone(),
            target: format!("locales/{lang}/{}", origin.name),
            url: String::new(),
            section: String::new(),
            hash: crate::hash::short_sha256(origin.text.as_bytes()),
            state: State::Stale,
            // Filled in below with each message offered (import_messages.rs).
            seen: Seen::Unrecorded,
            note: None,
            units: Vec::new(),
            line: 0,
        };
        // What the language had of each message offered, for import to notice hand edits.
        let mut offered = std::collections::BTreeMap::new();
        for message in &file.messages {
            let Some(state) = scope.state(origin, message, &translated) else {
                continue;
            };
            let wanted = match only {
                Some(Only::All) => state != State::Current,
                Some(only) => only.wants(state),
                None => matches!(state, State::Missing | State::Stale),
            };
            if !wanted {
                continue;
            }
            if state == State::Missing {
                page.state = State::Missing;
            }
            let translation = translated.get(&message.id);
            let units: Vec<&super::fluent::MessageUnit> = file
                .units_of(&message.id)
                .filter(|m| m.unit.exported)
                .collect();
            if units.is_empty() {
                continue;
            }
            offered.insert(
                message.id.clone(),
                translation.map(|t| super::fluent_record::message_hash(&t.entry)),
            );
            words += units::words(&units.iter().map(|m| m.unit.clone()).collect::<Vec<_>>());
            for m in units {
                let target = translation.and_then(|t| super::fluent::existing_target(m, &t.entry));
                page.units.push(message_unit_doc(m, message, target));
            }
        }
        if !page.units.is_empty() {
            page.seen = Seen::Messages(offered);
            document.pages.push(page);
        }
    }
    Ok(words)
}

/// The exchange unit of the message unit `m` of `message`, with `target`, an existing
/// translation to review.
fn message_unit_doc(
    m: &super::fluent::MessageUnit,
    message: &super::fluent::SourceMessage,
    target: Option<Vec<units::Piece>>,
) -> UnitDoc {
    UnitDoc {
        id: m.unit.id.clone(),
        kind: m.unit.kind.clone(),
        source: m.unit.source.clone(),
        review: target.is_some(),
        target,
        placeholders: m
            .markup
            .iter()
            .enumerate()
            .map(|(i, source)| (i as u32 + 1, "x-fluent-placeable", source.clone()))
            .collect(),
        selectors: m
            .path
            .iter()
            .map(|(selector, _)| selector.clone())
            .collect(),
        comment: (!message.comment.is_empty()).then(|| message.comment.join("\n")),
        line: 0,
    }
}

/// Writes the exchange file and reports what is in it. `output` must not exist (unless
/// `options.force`) nor be a file of the site (destination.rs).
pub fn export(options: &ExportOptions, output: &Path) -> Result<Exported> {
    super::destination::claim(output, &options.root, options.force)?;
    let (document, words) = document(options)?;
    let text = match options.format {
        Format::Xliff => super::xliff::write(&document),
        Format::Po => super::po::write(&document),
    };
    super::destination::write(output, &text)?;
    Ok(Exported {
        pages: document.pages.len(),
        units: document.pages.iter().map(|p| p.units.len()).sum(),
        words,
    })
}

/// The translation's path beside the original: `a.md` → `a.en.md`.
pub(crate) fn target_path(original: &Path, lang: &str) -> PathBuf {
    let name = original
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    original.with_file_name(format!("{stem}.{lang}.md"))
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The existing translation of each unit of the original, where the translation has the
/// same shape: front-matter fields by their path; body units by position, only when the
/// body has the same kinds of units with the same placeholders throughout (otherwise a
/// paragraph could be paired with the translation of another one).
fn align(original: &[Unit], existing: &[Unit]) -> Vec<Option<Vec<units::Piece>>> {
    let body = |units: &[Unit]| -> Vec<(String, Vec<units::PlaceholderKind>)> {
        units
            .iter()
            .filter(|u| matches!(u.place, Place::Body { .. }))
            .map(|u| {
                (
                    u.kind.clone(),
                    u.placeholders.iter().map(|p| p.kind).collect(),
                )
            })
            .collect()
    };
    let same_body = body(original) == body(existing);
    let existing_body: Vec<&Unit> = existing
        .iter()
        .filter(|u| matches!(u.place, Place::Body { .. }))
        .collect();
    let mut body_index = 0;
    original
        .iter()
        .map(|unit| match &unit.place {
            Place::Field(steps) => existing
                .iter()
                .find(|u| matches!(&u.place, Place::Field(s) if s == steps))
                .map(|u| u.source.clone()),
            Place::Body { .. } => {
                let found = existing_body.get(body_index).filter(|_| same_body);
                body_index += 1;
                found
                    .filter(|u| super::rebuild::check_placeholders(unit, &u.source).is_ok())
                    .map(|u| u.source.clone())
            }
        })
        .collect()
}

/// Whether a page or section text in `state` goes into the file: `--only`'s choice, by
/// default the missing and stale ones.
fn is_wanted(options: &ExportOptions, state: State) -> bool {
    options
        .only
        .map_or(matches!(state, State::Missing | State::Stale), |only| {
            only.wants(state)
        })
}
