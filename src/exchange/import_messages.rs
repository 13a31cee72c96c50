//! The interface messages of an exchange file: checked like page units, then written into
//! `locales/<lang>/<file>` beside the messages already there (see fluent.rs).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::PageDoc;
use super::fluent;
use super::rebuild;
use crate::config::Config;
use crate::error::{Error, Errors, Location, Result};

/// What one `.ftl` page of the file gives.
pub(crate) struct Messages {
    /// The file to write and its new text; `None` when nothing is to be written.
    pub(crate) file: Option<(PathBuf, String)>,
    /// Units imported.
    pub(crate) units: usize,
    /// Messages left out as not fully translated (with `--allow-partial`).
    pub(crate) left_out: Vec<String>,
}

fn at(file: &Path, line: usize, message: String) -> Error {
    Error::new(message).at(Location {
        path: file.to_path_buf(),
        line: Some(line),
        column: None,
    })
}

/// Checks the messages of `page` (whose original is `locales/<default>/<name>.ftl`) and
/// builds the new text of `locales/<lang>/<name>.ftl`.
pub(crate) fn check(
    config: &Config,
    page: &PageDoc,
    lang: &str,
    allow_partial: bool,
    file: &Path,
) -> Result<Messages> {
    let prefix = format!("locales/{}/", config.default_language);
    let name = page.original.strip_prefix(&prefix).unwrap_or("");
    if name.is_empty() || name.contains('/') || name.contains('\\') || !name.ends_with(".ftl") {
        return Err(at(
            file,
            page.line,
            format!(
                "`{}` is not a Fluent file of locales/{}/",
                page.original, config.default_language
            ),
        )
        .with_help("import the file into the site it was exported from")
        .into());
    }
    let originals = super::export::ftl_files(&config.root, &config.default_language)?;
    let Some((_, text)) = originals.iter().find(|(n, _)| n == name) else {
        return Err(
            at(file, page.line, format!("{} does not exist", page.original))
                .with_help("import the file into the site it was exported from")
                .into(),
        );
    };
    let targets = super::export::ftl_files(&config.root, lang)?;
    let existing: Vec<String> = targets.iter().flat_map(|(_, t)| fluent::ids(t)).collect();
    let current = fluent::extract(name, text, &|_| false);
    let by_id: HashMap<&str, &fluent::MessageUnit> = current
        .units
        .iter()
        .map(|m| (m.unit.id.as_str(), m))
        .collect();
    let mut errors = Errors::new();
    let mut translated: HashMap<String, Vec<super::units::Piece>> = HashMap::new();
    let mut untranslated: Vec<&super::UnitDoc> = Vec::new();
    for unit in &page.units {
        let Some(message) = by_id.get(unit.id.as_str()) else {
            errors.push(at(file, unit.line, format!("unit {}: its message is no longer in {} as exported (it changed since the export)", unit.id, page.original))
                .with_help("export again and translate the changed message"));
            continue;
        };
        if existing.contains(&message.message) {
            errors.push(
                at(
                    file,
                    unit.line,
                    format!(
                        "unit {}: the message `{}` is already in locales/{lang}/",
                        unit.id, message.message
                    ),
                )
                .with_help("export again: the file offers only the messages the language lacks"),
            );
            continue;
        }
        match &unit.target {
            Some(target) if !unit.review && !rebuild::plain(target).trim().is_empty() => {
                match rebuild::check_placeholders(&message.unit, target) {
                    Ok(()) => {
                        translated.insert(unit.id.clone(), target.clone());
                    }
                    Err(why) => errors.push(
                        at(file, unit.line, format!("unit {}: {why}", unit.id)).with_help(
                            "keep every placeable of the source, such as { $name }, once",
                        ),
                    ),
                }
            }
            _ => untranslated.push(unit),
        }
    }
    if !allow_partial {
        for unit in &untranslated {
            errors.push(at(file, unit.line, format!("unit {} is not translated", unit.id))
                .with_help("translate it and mark it translated, or pass --allow-partial to leave this message out"));
        }
    }
    errors.into_result(())?;
    // A message is written when each of its exported parts is translated.
    let mut messages: Vec<(String, String)> = Vec::new();
    let mut left_out = Vec::new();
    let mut units = 0;
    for (id, _) in &current.order {
        let parts: Vec<&fluent::MessageUnit> = current
            .units
            .iter()
            .filter(|m| &m.message == id && page.units.iter().any(|u| u.id == m.unit.id))
            .collect();
        if parts.is_empty() {
            continue;
        }
        if parts.iter().any(|m| !translated.contains_key(&m.unit.id)) {
            left_out.push(id.clone());
            continue;
        }
        let mut source = id.clone();
        let mut attributes = String::new();
        for part in &parts {
            let pattern = fluent::pattern_source(&translated[&part.unit.id], &part.markup);
            match &part.attribute {
                None => source.push_str(&format!(" ={pattern}")),
                Some(attribute) => attributes.push_str(&format!("\n    .{attribute} ={pattern}")),
            }
        }
        if !source.contains('=') {
            source.push_str(" =");
        }
        source.push_str(&attributes);
        units += parts.len();
        messages.push((id.clone(), source));
    }
    if messages.is_empty() {
        return Ok(Messages {
            file: None,
            units,
            left_out,
        });
    }
    let target_path = PathBuf::from(format!("locales/{lang}/{name}"));
    let old = targets
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, t)| t.as_str());
    let new = fluent::insert(old, &current.order, &messages);
    // What is written must parse and define the new messages: a failure here is a bug.
    let parsed = fluent_syntax::parser::parse(new.as_str());
    let ids = fluent::ids(&new);
    if parsed.is_err() || messages.iter().any(|(id, _)| !ids.contains(id)) {
        return Err(Error::in_file(
            &target_path,
            "the translated messages would not parse as Fluent",
        )
        .with_help("report this as a bug of dilmanc l10n import, with the exchange file")
        .into());
    }
    Ok(Messages {
        file: Some((target_path, new)),
        units,
        left_out,
    })
}
