//! The interface messages of an exchange file: checked like page units, then written into
//! `locales/<lang>/*.ftl` (see fluent.rs and fluent_write.rs): a missing message beside the
//! messages already there, a stale one in place, each with the record of the version of the
//! original it translates.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::plural::Categories;
use super::units::Piece;
use super::{PageDoc, State};
use super::{fluent, fluent_record, fluent_write, rebuild};
use crate::config::Config;
use crate::error::{Error, Errors, Location, Result};

/// What one `.ftl` page of the file gives.
pub(crate) struct Messages {
    /// Units imported.
    pub(crate) units: usize,
    /// Messages left out as not fully translated (with `--allow-partial`).
    pub(crate) left_out: Vec<String>,
}

/// The `.ftl` files of the target language as import changes them: their texts by file
/// name, and which of them changed.
pub(crate) struct TargetFiles {
    /// `(file name, text)`, sorted by name.
    pub(crate) files: Vec<(String, String)>,
    /// The names of the files changed.
    pub(crate) changed: BTreeSet<String>,
}

impl TargetFiles {
    /// The `.ftl` files of `locales/<lang>/`.
    pub(crate) fn read(root: &Path, lang: &str) -> Result<TargetFiles> {
        Ok(TargetFiles {
            files: super::export::ftl_files(root, lang)?,
            changed: BTreeSet::new(),
        })
    }

    fn text(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, t)| t.as_str())
    }

    fn set(&mut self, name: &str, text: String) {
        match self.files.iter_mut().find(|(n, _)| n == name) {
            Some((_, old)) => *old = text,
            None => {
                self.files.push((name.to_owned(), text));
                self.files.sort();
            }
        }
        self.changed.insert(name.to_owned());
    }

    /// The changed files as paths under the site root and their texts.
    pub(crate) fn written(&self, lang: &str) -> Vec<(PathBuf, String)> {
        self.changed
            .iter()
            .map(|name| {
                (
                    PathBuf::from(format!("locales/{lang}/{name}")),
                    self.text(name).to_owned(),
                )
            })
            .collect()
    }
}

fn at(file: &Path, line: usize, message: String) -> Error {
    Error::new(message).at(Location {
        path: file.to_path_buf(),
        line: Some(line),
        column: None,
    })
}

/// Checks the messages of `page` (whose original is `locales/<default>/<name>.ftl` or the
/// theme's `themes/<theme>/locales/<default>/<name>.ftl`) and puts them into `targets`: a
/// missing message into the site's `locales/<lang>/<name>.ftl`, a stale or unchecked one in
/// place in the file that has it.
pub(crate) fn check(
    config: &Config,
    page: &PageDoc,
    lang: &str,
    options: &super::import::ImportOptions,
    file: &Path,
    targets: &mut TargetFiles,
) -> Result<Messages> {
    let origins = super::origins::origins(config)?;
    let Some(origin) = origins.iter().find(|o| o.path == page.original) else {
        let default = &config.default_language;
        return Err(at(
            file,
            page.line,
            format!(
                "`{}` is not a Fluent file of locales/{default}/ or of the theme's locales/{default}/",
                page.original
            ),
        )
        .with_help("import the file into the site it was exported from")
        .into());
    };
    let scope = super::origins::Scope::read(config, lang, &origins)?;
    let current = fluent::extract(&origin.name, &origin.text, &Categories::of(lang));
    // Where each message of the language is and how current it is, and why a message cannot
    // be imported.
    let mut existing: HashMap<String, (String, State)> = HashMap::new();
    let mut refused: HashMap<String, String> = HashMap::new();
    let edited = {
        let translated = fluent_record::translated(&targets.files);
        for m in &current.messages {
            let why = match scope.state(origin, m, &translated) {
                None => format!(
                    "is not one to translate (locales/{}/ overrides it, or it is optional)",
                    config.default_language
                ),
                Some(State::Current)
                    if scope.by_theme(origin, &m.id) && !translated.contains_key(&m.id) =>
                {
                    format!("is translated by the theme's locales/{lang}/")
                }
                Some(State::Current) => {
                    format!("is already in locales/{lang}/, translated from its current version")
                }
                Some(state) => {
                    if let Some(t) = translated.get(&m.id) {
                        existing.insert(m.id.clone(), (t.file.clone(), state));
                    }
                    continue;
                }
            };
            refused.insert(m.id.clone(), why);
        }
        edited_since_export(
            page,
            &current,
            &translated,
            &refused,
            lang,
            options.overwrite,
        )
    };
    let edited = edited
        .into_iter()
        .map(|(line, why, help)| at(file, line, why).with_help(help));
    let context = Context {
        page,
        current: &current,
        existing: &existing,
        refused: &refused,
        lang,
        file,
    };
    let mut errors: Errors = edited.collect();
    match context.check_units(options.allow_partial) {
        Ok(translated) if errors.is_empty() => {
            context.write(&translated, &origin.name, &origin.text, targets)
        }
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// The messages of `page` that the language defines otherwise than export saw them
/// (`page.seen`): written or edited by hand since, which importing would replace. For each,
/// the line of its first unit in the exchange file, the message and the help (seen.rs);
/// none with `overwrite`. A message in `refused` is left to that refusal.
fn edited_since_export(
    page: &PageDoc,
    current: &fluent::MessageFile,
    translated: &HashMap<String, fluent_record::Translated<'_>>,
    refused: &HashMap<String, String>,
    lang: &str,
    overwrite: bool,
) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for unit in &page.units {
        let Some(message) = current.units.iter().find(|m| m.unit.id == unit.id) else {
            continue;
        };
        let id = &message.message;
        if refused.contains_key(id) || !done.insert(id) {
            continue;
        }
        let Some(translation) = translated.get(id) else {
            continue;
        };
        let now = super::Seen::Hash(fluent_record::message_hash(&translation.entry));
        let shown = format!("the message `{id}` of locales/{lang}/{}", translation.file);
        if let Some((why, help)) =
            super::seen::changed_since_export(&shown, &page.seen.of_message(id), &now, overwrite)
        {
            found.push((unit.line, why, help));
        }
    }
    found
}

/// What the checks of one `.ftl` page of the exchange file read.
struct Context<'a> {
    /// The page of the exchange file.
    page: &'a PageDoc,
    /// The messages of the original as they are now, with their units for the language.
    current: &'a fluent::MessageFile,
    /// The messages the language has stale or unchecked: the file of each, and its state.
    existing: &'a HashMap<String, (String, State)>,
    /// The messages that cannot be imported, and why.
    refused: &'a HashMap<String, String>,
    /// The language.
    lang: &'a str,
    /// The exchange file.
    file: &'a Path,
}

impl Context<'_> {
    /// Whether a unit of the message is in the page.
    fn in_page(&self, unit: &fluent::MessageUnit) -> bool {
        self.page.units.iter().any(|u| u.id == unit.unit.id)
    }

    /// The translation of each translated unit, by id, once every unit of the page is checked.
    fn check_units(&self, allow_partial: bool) -> Result<HashMap<String, Vec<Piece>>> {
        let (page, file) = (self.page, self.file);
        let by_id: HashMap<&str, &fluent::MessageUnit> = self
            .current
            .units
            .iter()
            .map(|m| (m.unit.id.as_str(), m))
            .collect();
        let mut errors = Errors::new();
        let mut translated: HashMap<String, Vec<Piece>> = HashMap::new();
        let mut seen = BTreeSet::new();
        let mut untranslated: Vec<&super::UnitDoc> = Vec::new();
        for unit in &page.units {
            let Some(message) = by_id.get(unit.id.as_str()) else {
                errors.push(at(file, unit.line, format!("unit {}: its message is no longer in {} as exported (it changed since the export)", unit.id, page.original))
                    .with_help("export again and translate the changed message"));
                continue;
            };
            if unit.source != message.unit.source {
                errors.push(
                    at(
                        file,
                        unit.line,
                        format!("unit {}: the source text was changed in the file", unit.id),
                    )
                    .with_help("translate in the target only; leave the source as exported"),
                );
                continue;
            }
            if !seen.insert(unit.id.as_str()) {
                errors.push(
                    at(file, unit.line, format!("unit {} appears twice", unit.id))
                        .with_help("keep one translation of each unit"),
                );
                continue;
            }
            if let Some(why) = self.refused.get(&message.message) {
                errors.push(
                    at(
                        file,
                        unit.line,
                        format!("unit {}: the message `{}` {why}", unit.id, message.message),
                    )
                    .with_help("export again: the file offers only the messages the language lacks or has stale"),
                );
                continue;
            }
            match &unit.target {
                Some(target) if !unit.review && !rebuild::plain(target).trim().is_empty() => {
                    let checked = rebuild::check_placeholders(&message.unit, target)
                        .map_err(|why| {
                            (
                                why,
                                "keep every placeable of the source, such as { $name }, once",
                            )
                        })
                        .and_then(|()| rebuild::check_text(target, false));
                    match checked {
                        Ok(()) => {
                            translated.insert(unit.id.clone(), target.clone());
                        }
                        Err((why, help)) => errors.push(
                            at(file, unit.line, format!("unit {}: {why}", unit.id)).with_help(help),
                        ),
                    }
                }
                _ => untranslated.push(unit),
            }
        }
        // Every exported unit of a message in the file must be in it: a message that gained
        // a variant or an attribute since the export is exported again.
        for message in &self.current.messages {
            let units: Vec<&fluent::MessageUnit> = self.current.units_of(&message.id).collect();
            if units.iter().any(|m| self.in_page(m))
                && let Some(absent) = units.iter().find(|m| m.unit.exported && !self.in_page(m))
            {
                errors.push(at(file, page.line, format!(
                    "the message `{}` of {} has text that is not in the file (unit {}): it changed since the export",
                    message.id, page.original, absent.unit.id
                ))
                .with_help("export again and translate the changed message"));
            }
        }
        if !allow_partial {
            for unit in &untranslated {
                let why = if unit.review {
                    "is still marked for review"
                } else {
                    "is not translated"
                };
                errors.push(at(file, unit.line, format!("unit {} {why}", unit.id))
                    .with_help("translate it and mark it translated, or pass --allow-partial to leave this message out"));
            }
        }
        errors.into_result(translated)
    }

    /// Writes each message of the page whose exported units are all translated into
    /// `targets`; `name` and `original` are the original file's name and text.
    fn write(
        &self,
        translated: &HashMap<String, Vec<Piece>>,
        name: &str,
        original: &str,
        targets: &mut TargetFiles,
    ) -> Result<Messages> {
        let lang = self.lang;
        let mut new_messages: Vec<(String, String)> = Vec::new();
        let mut left_out = Vec::new();
        let mut units = 0;
        for message in &self.current.messages {
            let Some(parts) = &message.parts else {
                continue;
            };
            let mine: Vec<&fluent::MessageUnit> = self.current.units_of(&message.id).collect();
            if !mine.iter().any(|m| self.in_page(m)) {
                continue;
            }
            if mine
                .iter()
                .any(|m| m.unit.exported && !translated.contains_key(&m.unit.id))
            {
                left_out.push(message.id.clone());
                continue;
            }
            let built: Vec<(&fluent::Part, fluent_write::VariantTexts)> = parts
                .iter()
                .map(|part| {
                    let texts = mine
                        .iter()
                        .filter(|m| m.attribute == part.attribute)
                        .map(|m| {
                            // A unit with nothing to translate keeps its source.
                            let pieces = translated.get(&m.unit.id).unwrap_or(&m.unit.source);
                            (m.keys(), fluent_write::raw(pieces, &m.markup))
                        })
                        .collect();
                    (part, texts)
                })
                .collect();
            let source = fluent_write::message_source(&message.id, &built);
            units += mine.iter().filter(|m| m.unit.exported).count();
            match self.existing.get(&message.id) {
                Some((in_file, _)) => {
                    let old = targets.text(in_file);
                    let Some(text) =
                        fluent_write::replace(old, &message.id, &message.hash, &source)
                    else {
                        return Err(Error::in_file(
                            PathBuf::from(format!("locales/{lang}/{in_file}")),
                            format!("cannot find where the message `{}` is written", message.id),
                        )
                        .with_help("check that the file parses (dilmanc check), then import again")
                        .into());
                    };
                    verify(lang, in_file, old, &text, &message.id)?;
                    targets.set(in_file, text);
                }
                None => {
                    let mut block: Vec<String> = message
                        .comment
                        .iter()
                        .map(|c| {
                            if c.is_empty() {
                                "#".to_owned()
                            } else {
                                format!("# {c}")
                            }
                        })
                        .collect();
                    block.push(fluent_write::record_line(&message.hash));
                    block.push(source);
                    new_messages.push((message.id.clone(), block.join("\n")));
                }
            }
        }
        if !new_messages.is_empty() {
            let old = targets.text(name);
            let text = fluent_write::insert(old, original, &new_messages);
            for (id, _) in &new_messages {
                verify(lang, name, old, &text, id)?;
            }
            targets.set(name, text);
        }
        Ok(Messages { units, left_out })
    }
}

/// What is written must define the message and parse if the file did before: a failure here
/// is a bug.
fn verify(lang: &str, name: &str, old: &str, new: &str, id: &str) -> Result<()> {
    let broken =
        fluent_syntax::parser::parse(new).is_err() && fluent_syntax::parser::parse(old).is_ok();
    if broken || !fluent::ids(new).iter().any(|i| i == id) {
        return Err(Error::in_file(
            PathBuf::from(format!("locales/{lang}/{name}")),
            format!("the translated message `{id}` would not parse as Fluent"),
        )
        .with_help("report this as a bug of dilmanc l10n import, with the exchange file")
        .into());
    }
    Ok(())
}
