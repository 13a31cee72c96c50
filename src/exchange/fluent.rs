//! Interface messages in the exchange file: the site's Fluent messages and terms of the
//! default language (`locales/<default>/*.ftl`) that a target language lacks, or whose
//! translation was made from an older version (see docs/translation.md).
//!
//! A term (`-brand = ...`) travels like a message, under its Fluent name with the dash
//! (`-brand`), which is how it is named here throughout. Each value and each attribute is
//! one unit whose text is the Fluent pattern, every placeable (`{ $count }`, `{ -brand }`)
//! a standalone placeholder. A pattern with selectors is one unit per path through them
//! (fluent_pattern.rs): each the whole text for one choice of variant at each selector,
//! plural selectors branching on the target language's categories. The units' Fluent is
//! rebuilt by fluent_write.rs.
//!
//! Which version of the original a translation was made from is recorded by import
//! (fluent_record.rs).

use fluent_syntax::ast::{Attribute, Comment, Entry, Pattern};

use super::fluent_pattern::{Reading, chosen, readings};
use super::fluent_record::message_hash;
use super::plural::Categories;
use super::units::{Piece, Place, Placeholder, PlaceholderKind, Unit, has_letters};

/// The comment line that marks a message of the default language as optional
/// (`# dilmanc: optional`): a language that lacks it does without it, so export does not offer
/// it and `l10n status` does not count it as missing (docs/templates.md).
pub(crate) const OPTIONAL: &str = "dilmanc: optional";

/// A unit of a message: its id, the message, the attribute and the variants it is.
#[derive(Debug, Clone)]
pub(crate) struct MessageUnit {
    /// The unit.
    pub(crate) unit: Unit,
    /// The message id (`-brand` for a term).
    pub(crate) message: String,
    /// The attribute, or `None` for the value.
    pub(crate) attribute: Option<String>,
    /// The selector and the variant key chosen at each selector of the pattern, in the
    /// order of its [`Shape`]; empty for a pattern without selector.
    pub(crate) path: Vec<(String, String)>,
    /// The Fluent source of each placeholder, by number from 1.
    pub(crate) markup: Vec<String>,
}

impl MessageUnit {
    /// The variant keys of its path (`["one"]`, `["male", "few"]`).
    pub(crate) fn keys(&self) -> Vec<String> {
        self.path.iter().map(|(_, key)| key.clone()).collect()
    }
}

/// How a value or an attribute is written back from its units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One unit: the text for the keys chosen on the way here.
    Plain,
    /// A selector: one branch per key, in the order written.
    Select {
        /// The selector's Fluent source (`$count`).
        selector: String,
        /// The variant keys (`0`, `one`, `male`) and what each variant holds.
        variants: Vec<(String, Shape)>,
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

/// A message or term of the default language.
#[derive(Debug, Clone)]
pub(crate) struct SourceMessage {
    /// Its id (`-brand` for a term).
    pub(crate) id: String,
    /// Its comment lines, without the [`OPTIONAL`] marker.
    pub(crate) comment: Vec<String>,
    /// Whether a language may lack it: its comment has the [`OPTIONAL`] marker, or dilmanc's
    /// code does without it ([`crate::i18n::OPTIONAL_MESSAGES`]).
    pub(crate) optional: bool,
    /// The hash of its Fluent source ([`message_hash`]).
    pub(crate) hash: String,
    /// Its parts in order; `None` when it cannot be exported (a pattern with more than
    /// fluent_pattern's `MOST_READINGS` readings).
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

pub(super) fn parse(text: &str) -> fluent_syntax::ast::Resource<&str> {
    match fluent_syntax::parser::parse(text) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    }
}

/// The id of a message (`nav-press`) or term (`-brand`, as Fluent names it in a reference);
/// `None` for a comment or junk.
pub(crate) fn entry_id(entry: &Entry<&str>) -> Option<String> {
    match entry {
        Entry::Message(m) => Some(m.id.name.to_owned()),
        Entry::Term(t) => Some(format!("-{}", t.id.name)),
        _ => None,
    }
}

/// The comment of a message or term.
pub(super) fn comment_of<'a>(entry: &'a Entry<&'a str>) -> Option<&'a Comment<&'a str>> {
    match entry {
        Entry::Message(m) => m.comment.as_ref(),
        Entry::Term(t) => t.comment.as_ref(),
        _ => None,
    }
}

/// The value (attribute `None`) and the attributes of a message or term, in order.
fn patterns<'a>(entry: &'a Entry<&'a str>) -> Vec<(Option<String>, &'a Pattern<&'a str>)> {
    let (value, attributes): (Option<&Pattern<&str>>, &[Attribute<&str>]) = match entry {
        Entry::Message(m) => (m.value.as_ref(), &m.attributes),
        Entry::Term(t) => (Some(&t.value), &t.attributes),
        _ => (None, &[]),
    };
    value
        .map(|v| (None, v))
        .into_iter()
        .chain(
            attributes
                .iter()
                .map(|a| (Some(a.id.name.to_owned()), &a.value)),
        )
        .collect()
}

/// The message and term ids a Fluent file defines, in order.
pub(crate) fn ids(text: &str) -> Vec<String> {
    parse(text).body.iter().filter_map(entry_id).collect()
}

/// The messages and terms of `text` (the file `file` of the default language) and their
/// units for a language with the plural `categories`.
pub(crate) fn extract(file: &str, text: &str, categories: &Categories) -> MessageFile {
    let resource = parse(text);
    let mut out = MessageFile {
        messages: Vec::new(),
        units: Vec::new(),
    };
    for entry in &resource.body {
        let Some(id) = entry_id(entry) else {
            continue;
        };
        let mut comment: Vec<String> = comment_of(entry)
            .map(|c| c.content.iter().map(|l| l.to_string()).collect())
            .unwrap_or_default();
        let marked = comment.iter().any(|l| l.trim() == OPTIONAL);
        comment.retain(|l| l.trim() != OPTIONAL);
        let optional = marked || crate::i18n::OPTIONAL_MESSAGES.contains(&id.as_str());
        let mut parts = Some(Vec::new());
        let mut units = Vec::new();
        for (attribute, pattern) in patterns(entry) {
            let name = match &attribute {
                Some(a) => format!("{id}.{a}"),
                None => id.clone(),
            };
            let Some((shape, readings)) = readings(pattern, categories) else {
                parts = None;
                break;
            };
            for reading in readings {
                units.push(message_unit(file, &name, &id, &attribute, reading));
            }
            if let Some(parts) = parts.as_mut() {
                parts.push(Part { attribute, shape });
            }
        }
        // A message with no letter anywhere (`© { site-title }`) travels whole, so that a
        // language that lacks it gets it (it cannot fall back without a warning).
        if !units.iter().any(|u: &MessageUnit| u.unit.exported) {
            for u in &mut units {
                u.unit.exported = true;
            }
        }
        if parts.is_some() {
            out.units.extend(units);
        }
        out.messages.push(SourceMessage {
            id,
            comment,
            optional,
            hash: message_hash(entry),
            parts,
        });
    }
    out
}

/// The unit of one reading of the part `name` (`days`, `greeting.title`) of the message
/// `message`: kind `message:days[one]` (`term:-brand` for a term), one `[key]` per step of
/// its path.
fn message_unit(
    file: &str,
    name: &str,
    message: &str,
    attribute: &Option<String>,
    reading: Reading,
) -> MessageUnit {
    let Reading {
        path,
        pieces: source,
        markup,
    } = reading;
    let mut kind = name.to_owned();
    for (_, key) in &path {
        kind.push_str(&format!("[{key}]"));
    }
    let material = format!(
        "locales/{file}\u{0}{kind}\u{0}{}",
        super::tokens::to_tokens(&source)
    );
    let prefix = if message.starts_with('-') {
        "term"
    } else {
        "message"
    };
    let unit = Unit {
        id: format!("u{}", crate::hash::short_sha256(material.as_bytes())),
        kind: format!("{prefix}:{kind}"),
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
        path,
        markup,
    }
}

/// The existing translation of `unit` in `translation`, as pieces numbered like the unit's
/// placeholders: the text Fluent shows with each selector on the unit's path taking the
/// unit's key (a selector not on it, or a key the translation lacks, taking its default
/// variant); `None` when that text has not the same placeables as the source.
pub(crate) fn existing_target(unit: &MessageUnit, translation: &Entry<&str>) -> Option<Vec<Piece>> {
    let (_, pattern) = patterns(translation)
        .into_iter()
        .find(|(attribute, _)| *attribute == unit.attribute)?;
    let (pieces, markup) = chosen(pattern, &unit.path);
    let mut used = vec![false; unit.markup.len()];
    let mut out = Vec::new();
    for piece in &pieces {
        match piece {
            Piece::Standalone(n) => {
                let source = markup.get(*n as usize - 1)?;
                let at = (0..unit.markup.len()).find(|&i| !used[i] && &unit.markup[i] == source)?;
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
    use crate::exchange::State;
    use crate::exchange::fluent_record::{RECORD, state, translated};

    fn two() -> Categories {
        Categories::of("en")
    }

    #[test]
    fn messages_become_units_with_placeables_as_placeholders() {
        let text = "# Shown in the footer.\nfooter = Written by { $name } for { -brand }\n    .title = Footer\n";
        let file = extract("site.ftl", text, &two());
        assert_eq!(file.messages.len(), 1);
        assert_eq!(
            file.messages[0].comment,
            vec!["Shown in the footer.".to_owned()]
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
    fn terms_become_units_named_with_their_dash() {
        let text = "# The agency's name.\n-brand = Dövlət { $case ->\n    [gen] Agentliyinin\n   *[nom] Agentliyi\n}\n    .gender = neuter\nbrand = Not the term\n";
        let file = extract("site.ftl", text, &two());
        let names: Vec<&str> = file.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(names, vec!["-brand", "brand"]);
        assert_eq!(
            file.messages[0].comment,
            vec!["The agency's name.".to_owned()]
        );
        let kinds: Vec<&str> = file.units.iter().map(|u| u.unit.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec![
                "term:-brand[gen]",
                "term:-brand[nom]",
                "term:-brand.gender",
                "message:brand"
            ]
        );
        assert_eq!(file.units[0].message, "-brand");
        assert_eq!(
            file.units[1].unit.source,
            vec![Piece::Text("Dövlət Agentliyi".into())]
        );
        assert_eq!(ids(text), vec!["-brand", "brand"]);
        assert_ne!(file.messages[0].hash, file.messages[1].hash);
        let target = format!(
            "# {RECORD} {}\n-brand = State Agency\nbrand = x\n",
            file.messages[0].hash
        );
        let files = vec![("site.ftl".to_owned(), target)];
        let found = translated(&files);
        assert_eq!(
            state(&file.messages[0].hash, found.get("-brand")),
            State::Current
        );
        assert_eq!(
            state(&file.messages[1].hash, found.get("brand")),
            State::Unchecked
        );
        assert_eq!(
            existing_target(&file.units[1], &found["-brand"].entry),
            Some(vec![Piece::Text("State Agency".into())])
        );
    }

    #[test]
    fn nested_and_sequential_selectors_become_one_unit_per_path() {
        let text = "files = { $a ->\n    [x] Bir { $n ->\n        [one] fayl\n       *[other] fayllar\n    } var\n   *[w] Heç nə\n} və { $g ->\n    [m] o\n   *[f] ona\n}.\n";
        let file = extract("site.ftl", text, &two());
        let units: Vec<(&str, String)> = file
            .units
            .iter()
            .map(|u| {
                (
                    u.unit.kind.as_str(),
                    crate::exchange::rebuild::plain(&u.unit.source),
                )
            })
            .collect();
        assert_eq!(
            units,
            vec![
                ("message:files[x][one][m]", "Bir fayl var və o.".to_owned()),
                (
                    "message:files[x][one][f]",
                    "Bir fayl var və ona.".to_owned()
                ),
                (
                    "message:files[x][other][m]",
                    "Bir fayllar var və o.".to_owned()
                ),
                (
                    "message:files[x][other][f]",
                    "Bir fayllar var və ona.".to_owned()
                ),
                ("message:files[w][m]", "Heç nə və o.".to_owned()),
                ("message:files[w][f]", "Heç nə və ona.".to_owned()),
            ]
        );
        assert_eq!(
            file.units[2].path,
            vec![
                ("$a".to_owned(), "x".to_owned()),
                ("$n".to_owned(), "other".to_owned()),
                ("$g".to_owned(), "m".to_owned())
            ]
        );
        let gender = |default: &str| Shape::Select {
            selector: "$g".into(),
            variants: vec![("m".into(), Shape::Plain), ("f".into(), Shape::Plain)],
            default: default.into(),
        };
        assert_eq!(
            file.messages[0].parts.as_ref().unwrap()[0].shape,
            Shape::Select {
                selector: "$a".into(),
                variants: vec![
                    (
                        "x".into(),
                        Shape::Select {
                            selector: "$n".into(),
                            variants: vec![
                                ("one".into(), gender("f")),
                                ("other".into(), gender("f"))
                            ],
                            default: "other".into(),
                        }
                    ),
                    ("w".into(), gender("f")),
                ],
                default: "w".into(),
            }
        );
        let ids: std::collections::HashSet<&str> =
            file.units.iter().map(|u| u.unit.id.as_str()).collect();
        assert_eq!(ids.len(), 6, "every path has an id of its own");

        // The same selector twice in one pattern branches once.
        let twice = "count = { $n ->\n    [one] bir\n   *[other] çox\n} fayl { $n ->\n    [one] var\n   *[other] vardır\n}\n";
        let file = extract("site.ftl", twice, &two());
        let texts: Vec<String> = file
            .units
            .iter()
            .map(|u| crate::exchange::rebuild::plain(&u.unit.source))
            .collect();
        assert_eq!(texts, vec!["bir fayl var", "çox fayl vardır"]);

        // Too many paths: the message stays out.
        let mut many = String::from("many =");
        for n in 0..9 {
            many.push_str(&format!(" {{ $v{n} ->\n    [a] a\n   *[b] b\n}}"));
        }
        many.push('\n');
        let file = extract("site.ftl", &many, &two());
        assert_eq!(file.messages.len(), 1);
        assert!(file.messages[0].parts.is_none());
        assert!(file.units.is_empty());
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
                variants: vec!["0", "one", "few", "many", "other"]
                    .into_iter()
                    .map(|k| (k.to_owned(), Shape::Plain))
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
        let bare = extract("site.ftl", "copyright = © { site-title }\n", &two());
        assert!(
            bare.units[0].unit.exported,
            "a message without any letter travels whole"
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
    fn the_optional_marker_and_dilmancs_own_list_make_a_message_optional() {
        let text = "# Shown where the language has it.\n# dilmanc: optional\nnote = Qeyd\n# The dateline.\npress-date = { $day }\nplain = Sadə\n";
        let file = extract("theme.ftl", text, &two());
        let optional: Vec<(&str, bool)> = file
            .messages
            .iter()
            .map(|m| (m.id.as_str(), m.optional))
            .collect();
        assert_eq!(
            optional,
            vec![("note", true), ("press-date", true), ("plain", false)]
        );
        assert_eq!(
            file.messages[0].comment,
            vec!["Shown where the language has it.".to_owned()],
            "the marker is not a note for translators"
        );
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
        let days = &found["days"].entry;
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
