//! Interface messages in the exchange file: the site's Fluent messages of the default
//! language (`locales/<default>/*.ftl`) that a target language lacks, or whose translation
//! was made from an older version of the message (see docs/translation.md).
//!
//! Each message value and each attribute is one unit whose text is the Fluent pattern,
//! every placeable (`{ $count }`, `{ -brand }`) a standalone placeholder. A pattern with a
//! selector (`{ $count -> [one] ... *[other] ... }`) is one unit per variant, the text
//! around the selector in each of them; a plural selector (a number variable, variant keys
//! that are CLDR categories or numbers) gets one unit per plural category of the target
//! language, the source variant of that category or else the default variant as its
//! source, and numeric keys (`[0]`) as they are. A pattern with more than one selector, or
//! one inside a variant, is not exported. The units' Fluent is rebuilt by fluent_write.rs.
//!
//! Which version of the original a translation was made from is recorded by import in a
//! comment line right above the translated message, [`RECORD`] and the message's
//! [`message_hash`]; a message with a record that no longer matches is stale.

use std::collections::HashMap;

use fluent_syntax::ast::{Entry, Message, Pattern};

use super::State;
use super::fluent_pattern::{Plural, Reading, readings};
use super::plural::Categories;
use super::units::{Piece, Place, Placeholder, PlaceholderKind, Unit, has_letters};

/// The start of the comment line that records the version a translated message was made
/// from: `# dilmanc-source: 0123456789abcdef`.
pub(crate) const RECORD: &str = "dilmanc-source:";

/// A unit of a message: its id, the message, the attribute and the variant it is.
#[derive(Debug, Clone)]
pub(crate) struct MessageUnit {
    /// The unit.
    pub(crate) unit: Unit,
    /// The message id.
    pub(crate) message: String,
    /// The attribute, or `None` for the value.
    pub(crate) attribute: Option<String>,
    /// The variant key, for a pattern with a selector.
    pub(crate) key: Option<String>,
    /// The Fluent source of each placeholder, by number from 1.
    pub(crate) markup: Vec<String>,
}

/// How a value or an attribute is written back from its units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One unit, the whole pattern.
    Plain,
    /// A selector: one unit per key, in the order written.
    Select {
        /// The selector's Fluent source (`$count`).
        selector: String,
        /// The variant keys (`0`, `one`, `male`).
        keys: Vec<String>,
        /// The key of the default variant.
        default: String,
    },
}

/// A value (`attribute` `None`) or an attribute of a message, and its shape.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// The attribute, or `None` for the value.
    pub(crate) attribute: Option<String>,
    /// How it is written back.
    pub(crate) shape: Shape,
}

/// A message of the default language.
#[derive(Debug, Clone)]
pub(crate) struct SourceMessage {
    /// Its id.
    pub(crate) id: String,
    /// Its comment lines.
    pub(crate) comment: Vec<String>,
    /// The hash of its Fluent source ([`message_hash`]).
    pub(crate) hash: String,
    /// Its parts in order; `None` when it cannot be exported (nested selectors).
    pub(crate) parts: Option<Vec<Part>>,
}

/// The messages of one `.ftl` file of the default language, in file order, and the units
/// of those that can be exported, for one target language.
pub(crate) struct MessageFile {
    /// The messages in order.
    pub(crate) messages: Vec<SourceMessage>,
    /// The units of the messages that can be exported.
    pub(crate) units: Vec<MessageUnit>,
}

impl MessageFile {
    /// The units of the message `id`.
    pub(crate) fn units_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a MessageUnit> {
        self.units.iter().filter(move |m| m.message == id)
    }
}

fn parse(text: &str) -> fluent_syntax::ast::Resource<&str> {
    match fluent_syntax::parser::parse(text) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    }
}

/// The message ids a Fluent file defines.
pub(crate) fn ids(text: &str) -> Vec<String> {
    parse(text)
        .body
        .iter()
        .filter_map(|entry| match entry {
            Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// The hash that names a version of a message: the first 16 hex digits of the SHA-256 of
/// its Fluent source as fluent-syntax writes it, without its comment (so that layout and
/// comments do not count, and every change of text, variant or attribute does).
pub(crate) fn message_hash(message: &Message<&str>) -> String {
    let mut message = message.clone();
    message.comment = None;
    let resource = fluent_syntax::ast::Resource {
        body: vec![Entry::Message(message)],
    };
    crate::hash::short_sha256(fluent_syntax::serializer::serialize(&resource).as_bytes())
}

/// A message of a target language: the file that defines it, its record and its AST.
pub(crate) struct Translated<'a> {
    /// The `.ftl` file name.
    pub(crate) file: String,
    /// The hash of the original it was translated from, when import recorded it.
    pub(crate) record: Option<String>,
    /// The message.
    pub(crate) message: Message<&'a str>,
}

/// The messages the `.ftl` files of a language define (`(file name, text)`), by id; the
/// first definition counts, as in the site's bundles.
pub(crate) fn translated(files: &[(String, String)]) -> HashMap<String, Translated<'_>> {
    let mut found = HashMap::new();
    for (name, text) in files {
        for entry in parse(text).body {
            let Entry::Message(message) = entry else {
                continue;
            };
            let record = message.comment.as_ref().and_then(|c| {
                c.content
                    .iter()
                    .find_map(|line| line.trim().strip_prefix(RECORD))
                    .map(|hash| hash.trim().to_owned())
            });
            found
                .entry(message.id.name.to_owned())
                .or_insert(Translated {
                    file: name.clone(),
                    record,
                    message,
                });
        }
    }
    found
}

/// The state of a translation of a message whose current hash is `hash`: missing, current
/// or stale by its record, unchecked (treated as up to date) without one.
pub(crate) fn state(hash: &str, translation: Option<&Translated<'_>>) -> State {
    match translation {
        None => State::Missing,
        Some(t) => match &t.record {
            None => State::Unchecked,
            Some(record) if record == hash => State::Current,
            Some(_) => State::Stale,
        },
    }
}

/// The shape of one pattern and the readings that become its units (the key of each is
/// the variant key written back).
fn part_units(pattern: &Pattern<&str>, categories: &Categories) -> Option<(Shape, Vec<Reading>)> {
    let (selector, readings) = readings(pattern)?;
    let Some(selector) = selector else {
        return Some((Shape::Plain, readings));
    };
    let Some(plural) = selector.plural else {
        let default = readings.iter().find(|r| r.default)?.key.clone()?;
        let keys = readings.iter().filter_map(|r| r.key.clone()).collect();
        let shape = Shape::Select {
            selector: selector.source,
            keys,
            default,
        };
        return Some((shape, readings));
    };
    let wanted = match plural {
        Plural::Cardinal => &categories.cardinal,
        Plural::Ordinal => &categories.ordinal,
    };
    let default = readings.iter().find(|r| r.default)?;
    let numeric = |r: &&Reading| {
        r.key
            .as_deref()
            .is_some_and(|k| k.starts_with(|c: char| c.is_ascii_digit() || c == '-'))
    };
    // Numeric keys travel as they are, then one unit per category of the target language:
    // the source's variant of that category, or else its default variant.
    let mut units: Vec<Reading> = readings.iter().filter(numeric).cloned().collect();
    for category in wanted {
        let reading = readings
            .iter()
            .find(|r| r.key.as_deref() == Some(category))
            .unwrap_or(default);
        units.push(Reading {
            key: Some((*category).to_owned()),
            default: *category == "other",
            ..reading.clone()
        });
    }
    let shape = Shape::Select {
        selector: selector.source,
        keys: units.iter().filter_map(|r| r.key.clone()).collect(),
        default: "other".to_owned(),
    };
    Some((shape, units))
}

/// The messages of `text` (the file `file` of the default language) and their units for a
/// language with the plural `categories`.
pub(crate) fn extract(file: &str, text: &str, categories: &Categories) -> MessageFile {
    let resource = parse(text);
    let mut out = MessageFile {
        messages: Vec::new(),
        units: Vec::new(),
    };
    for entry in &resource.body {
        let Entry::Message(message) = entry else {
            continue;
        };
        let comment = message
            .comment
            .as_ref()
            .map(|c| c.content.iter().map(|l| l.to_string()).collect())
            .unwrap_or_default();
        let mut patterns: Vec<(Option<String>, &Pattern<&str>)> = Vec::new();
        if let Some(value) = &message.value {
            patterns.push((None, value));
        }
        for attribute in &message.attributes {
            patterns.push((Some(attribute.id.name.to_owned()), &attribute.value));
        }
        let mut parts = Some(Vec::new());
        let mut units = Vec::new();
        for (attribute, pattern) in patterns {
            let name = match &attribute {
                Some(a) => format!("{}.{a}", message.id.name),
                None => message.id.name.to_owned(),
            };
            let Some((shape, readings)) = part_units(pattern, categories) else {
                parts = None;
                break;
            };
            for Reading {
                key,
                pieces: source,
                markup,
                ..
            } in readings
            {
                let kind = match &key {
                    Some(key) => format!("{name}[{key}]"),
                    None => name.clone(),
                };
                units.push(message_unit(
                    file,
                    &kind,
                    message.id.name,
                    &attribute,
                    key,
                    source,
                    markup,
                ));
            }
            if let Some(parts) = parts.as_mut() {
                parts.push(Part { attribute, shape });
            }
        }
        if parts.is_some() {
            out.units.extend(units);
        }
        out.messages.push(SourceMessage {
            id: message.id.name.to_owned(),
            comment,
            hash: message_hash(message),
            parts,
        });
    }
    out
}

fn message_unit(
    file: &str,
    kind: &str,
    message: &str,
    attribute: &Option<String>,
    key: Option<String>,
    source: Vec<Piece>,
    markup: Vec<String>,
) -> MessageUnit {
    let material = format!(
        "locales/{file}\u{0}{kind}\u{0}{}",
        super::tokens::to_tokens(&source)
    );
    let unit = Unit {
        id: format!("u{}", crate::hash::short_sha256(material.as_bytes())),
        kind: format!("message:{kind}"),
        place: Place::Field(Vec::new()),
        exported: has_letters(&super::rebuild::plain(&source)),
        placeholders: (1..=markup.len() as u32)
            .map(|id| Placeholder {
                id,
                kind: PlaceholderKind::Code,
                open: 0..0,
                close: None,
                nested: None,
            })
            .collect(),
        source,
        anchor: None,
    };
    MessageUnit {
        unit,
        message: message.to_owned(),
        attribute: attribute.clone(),
        key,
        markup,
    }
}

/// The existing translation of `unit` in `translation`, as pieces numbered like the unit's
/// placeholders: the variant of the same key, else the default variant, else the whole
/// pattern; `None` when the translation has not the same placeables as the source.
pub(crate) fn existing_target(
    unit: &MessageUnit,
    translation: &Message<&str>,
) -> Option<Vec<Piece>> {
    let pattern = match &unit.attribute {
        None => translation.value.as_ref()?,
        Some(name) => {
            &translation
                .attributes
                .iter()
                .find(|a| a.id.name == name)?
                .value
        }
    };
    let (_, readings) = readings(pattern)?;
    let reading = readings
        .iter()
        .find(|r| r.key.is_some() && r.key == unit.key)
        .or_else(|| readings.iter().find(|r| r.default))?;
    let mut used = vec![false; unit.markup.len()];
    let mut out = Vec::new();
    for piece in &reading.pieces {
        match piece {
            Piece::Standalone(n) => {
                let markup = reading.markup.get(*n as usize - 1)?;
                let at = (0..unit.markup.len()).find(|&i| !used[i] && &unit.markup[i] == markup)?;
                used[at] = true;
                out.push(Piece::Standalone(at as u32 + 1));
            }
            other => out.push(other.clone()),
        }
    }
    used.iter().all(|u| *u).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> Categories {
        Categories::of("en")
    }

    #[test]
    fn messages_become_units_with_placeables_as_placeholders() {
        let text = "# Shown in the footer.\nfooter = Written by { $name } for { -brand }\n    .title = Footer\nnested = { $a ->\n    [x] { $b ->\n        [y] y\n       *[z] z\n    }\n   *[w] w\n}\n";
        let file = extract("site.ftl", text, &two());
        assert_eq!(file.messages.len(), 2);
        assert_eq!(
            file.messages[0].comment,
            vec!["Shown in the footer.".to_owned()]
        );
        assert!(
            file.messages[1].parts.is_none(),
            "nested selectors stay out"
        );
        assert_eq!(file.units.len(), 2);
        let footer = &file.units[0];
        assert_eq!(
            footer.unit.source,
            vec![
                Piece::Text("Written by ".into()),
                Piece::Standalone(1),
                Piece::Text(" for ".into()),
                Piece::Standalone(2)
            ]
        );
        assert_eq!(footer.markup, vec!["{ $name }", "{ -brand }"]);
        assert_eq!(file.units[1].attribute.as_deref(), Some("title"));
        assert_eq!(file.units[1].unit.kind, "message:footer.title");
    }

    #[test]
    fn a_plural_gets_the_target_languages_categories() {
        let text = "days = { $days ->\n    [0] Eyni gün\n   *[other] { $days } gün\n}\nprice = { $amount } { $currency ->\n    [AZN] manat\n   *[other] { $currency }\n}\n";
        let file = extract("site.ftl", text, &Categories::of("ru"));
        let kinds: Vec<&str> = file.units.iter().map(|u| u.unit.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec![
                "message:days[0]",
                "message:days[one]",
                "message:days[few]",
                "message:days[many]",
                "message:days[other]",
                "message:price[AZN]",
                "message:price[other]",
            ]
        );
        assert_eq!(file.units[2].unit.source, file.units[4].unit.source);
        assert_eq!(file.units[2].markup, vec!["{ $days }"]);
        assert_ne!(file.units[2].unit.id, file.units[4].unit.id);
        assert_eq!(
            file.messages[0].parts.as_ref().unwrap()[0].shape,
            Shape::Select {
                selector: "$days".into(),
                keys: vec!["0", "one", "few", "many", "other"]
                    .into_iter()
                    .map(String::from)
                    .collect(),
                default: "other".into()
            }
        );
        let price = &file.units[5];
        assert_eq!(
            price.unit.source,
            vec![Piece::Standalone(1), Piece::Text(" manat".into())]
        );
        assert!(
            !file.units[6].unit.exported,
            "nothing to translate in {{ $amount }} {{ $currency }}"
        );
        let ordinal = "place = { NUMBER($n, type: \"ordinal\") ->\n   *[other] { $n }-ci\n}\n";
        let english = extract("site.ftl", ordinal, &Categories::of("en"));
        let kinds: Vec<&str> = english.units.iter().map(|u| u.unit.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec![
                "message:place[one]",
                "message:place[two]",
                "message:place[few]",
                "message:place[other]"
            ]
        );
        let arabic = extract("site.ftl", text, &Categories::of("ar"));
        assert_eq!(arabic.units.len(), 1 + 6 + 2);
    }

    #[test]
    fn records_tell_stale_from_current_and_existing_targets_follow_the_keys() {
        let source = "days = { $days ->\n   *[other] { $days } gün\n}\n";
        let file = extract("site.ftl", source, &Categories::of("ru"));
        let hash = &file.messages[0].hash;
        let target = format!(
            "# Days.\n# {RECORD} {hash}\ndays = {{ $days ->\n    [one] {{ $days }} день\n   *[many] {{ $days }} дней\n}}\nother = x\n# {RECORD} 0000000000000000\nold = y\n"
        );
        let files = vec![("site.ftl".to_owned(), target)];
        let found = translated(&files);
        assert_eq!(state(hash, found.get("days")), State::Current);
        assert_eq!(state(hash, found.get("other")), State::Unchecked);
        assert_eq!(state(hash, found.get("old")), State::Stale);
        assert_eq!(state(hash, found.get("none")), State::Missing);
        let days = &found["days"].message;
        let one = existing_target(&file.units[0], days).unwrap();
        assert_eq!(one, vec![Piece::Standalone(1), Piece::Text(" день".into())]);
        let few = existing_target(&file.units[1], days).unwrap();
        assert_eq!(few, vec![Piece::Standalone(1), Piece::Text(" дней".into())]);
        let changed = "days = { $n ->\n   *[other] { $n } gün\n}\n";
        let changed = extract("site.ftl", changed, &Categories::of("ru"));
        assert_ne!(&changed.messages[0].hash, hash);
        assert_eq!(existing_target(&changed.units[0], days), None);
        let relaid = "days = { $days ->\n      *[other]   { $days } gün\n    }\n";
        let relaid = extract("site.ftl", relaid, &Categories::of("ru"));
        assert_eq!(&relaid.messages[0].hash, hash, "layout does not count");
    }
}
