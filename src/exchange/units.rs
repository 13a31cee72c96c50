//! Translation units: the translatable pieces of a page, with inline Markdown turned into
//! numbered placeholders.
//!
//! The body is parsed with pulldown-cmark into a tree; every run of inline content (the
//! text of a heading, a paragraph, a tight list item, a table cell, an image's alternative
//! text) becomes one [`Unit`] that remembers the byte range of the Markdown it came from.
//! Inline markup inside a run becomes placeholders: emphasis, strong, strikethrough and
//! links are pairs ([`Piece::Open`] … [`Piece::Close`]) around their text; code spans,
//! inline HTML, footnote marks, images, autolinks and hard line breaks are standalone
//! ([`Piece::Standalone`]). Each placeholder keeps the byte ranges of its markup, so the
//! page is rebuilt by splicing translated text into the original Markdown (see
//! `rebuild.rs`): the structure of the original is kept byte for byte.
//!
//! The body is cut into units in `body.rs`. Front-matter texts (title, description, image
//! and gallery texts, video titles, source name, and the texts of `[service]` and
//! `[centre]`) are units of plain text.

use std::collections::HashMap;
use std::ops::Range;

/// One piece of a unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Plain text, to translate.
    Text(String),
    /// The start of the paired placeholder with this number.
    Open(u32),
    /// The end of the paired placeholder with this number.
    Close(u32),
    /// A standalone placeholder.
    Standalone(u32),
}

/// What a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceholderKind {
    /// `*text*`.
    Emphasis,
    /// `**text**`.
    Strong,
    /// `~~text~~`.
    Strikethrough,
    /// `[text](target)`.
    Link,
    /// `` `code` ``.
    Code,
    /// Inline HTML.
    Html,
    /// `[^1]`.
    FootnoteRef,
    /// `![alt](file)`; its alternative text is a unit of its own.
    Image,
    /// `<https://...>`.
    Autolink,
    /// A hard line break.
    LineBreak,
}

impl PlaceholderKind {
    /// The XLIFF 1.2 `ctype` of the placeholder.
    pub fn ctype(self) -> &'static str {
        match self {
            PlaceholderKind::Emphasis => "italic",
            PlaceholderKind::Strong => "bold",
            PlaceholderKind::Strikethrough => "x-strikethrough",
            PlaceholderKind::Link => "link",
            PlaceholderKind::Code => "x-code",
            PlaceholderKind::Html => "x-html",
            PlaceholderKind::FootnoteRef => "x-footnote-ref",
            PlaceholderKind::Image => "image",
            PlaceholderKind::Autolink => "x-autolink",
            PlaceholderKind::LineBreak => "lb",
        }
    }

    /// Whether the placeholder encloses text.
    pub fn is_pair(self) -> bool {
        matches!(
            self,
            PlaceholderKind::Emphasis
                | PlaceholderKind::Strong
                | PlaceholderKind::Strikethrough
                | PlaceholderKind::Link
        )
    }
}

/// An inline placeholder of a body unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Its number in the unit, from 1.
    pub id: u32,
    /// What it stands for.
    pub kind: PlaceholderKind,
    /// The Markdown it replaces: the opening markup of a pair, or the whole of a standalone.
    pub open: Range<usize>,
    /// The closing markup of a pair (`](target)` of a link).
    pub close: Option<Range<usize>>,
    /// For an image: the index of the unit of its alternative text.
    pub nested: Option<usize>,
}

/// Where a unit's text lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A byte range of the Markdown body; `top` is false for units inside another unit's
    /// placeholder (image alternative texts).
    Body {
        /// The inline Markdown replaced by the translation.
        range: Range<usize>,
        /// Whether the unit is not inside another unit.
        top: bool,
    },
    /// A string of the front matter, by its path of keys and array indices.
    Field(Vec<FieldStep>),
}

/// One step of a front-matter path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldStep {
    /// A table key.
    Key(&'static str),
    /// An array index.
    Index(usize),
}

/// One translatable piece of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Stable id: a hash of the page, the kind, the source text and its occurrence.
    pub id: String,
    /// What it is: `title`, `heading`, `paragraph`, `service.documents.name`, ...
    pub kind: String,
    /// Where it is.
    pub place: Place,
    /// The source text.
    pub source: Vec<Piece>,
    /// Its placeholders, by number.
    pub placeholders: Vec<Placeholder>,
    /// Whether it is offered for translation (it has letters to translate).
    pub exported: bool,
    /// For a heading without an explicit `{#id}`: the id the original's text gives it,
    /// written on the translated heading so that links to it keep working in every language.
    pub anchor: Option<String>,
}

impl Unit {
    /// The placeholder with this number.
    pub fn placeholder(&self, id: u32) -> Option<&Placeholder> {
        self.placeholders.iter().find(|p| p.id == id)
    }
}

/// The text fields of the front matter that are translated, by path. `*` walks an array.
const FIELDS: &[&[&str]] = &[
    &["title"],
    &["description"],
    &["image_alt"],
    &["gallery", "*", "alt"],
    &["gallery", "*", "caption"],
    &["videos", "*", "title"],
    &["source", "name"],
    &["service", "agency"],
    &["service", "eligibility", "who"],
    &["service", "eligibility", "by_proxy"],
    &["service", "documents", "*", "name"],
    &["service", "documents", "*", "note"],
    &["service", "fees", "*", "note"],
    &["service", "legal_basis", "*", "title"],
    &["centre", "address"],
    &["centre", "exceptions", "*", "note"],
];

/// Every unit of a page: front matter first, then the body in document order. `key` names
/// the page (its path under `content/`) in the unit ids.
pub fn extract(key: &str, front: &toml::Table, body: &str) -> Vec<Unit> {
    let mut units = Vec::new();
    for path in FIELDS {
        let mut found = Vec::new();
        walk_field(
            &toml::Value::Table(front.clone()),
            path,
            &mut Vec::new(),
            &mut found,
        );
        for (steps, text) in found {
            units.push(Unit {
                id: String::new(),
                kind: path
                    .iter()
                    .filter(|s| **s != "*")
                    .copied()
                    .collect::<Vec<_>>()
                    .join("."),
                place: Place::Field(steps),
                exported: has_letters(&text),
                source: vec![Piece::Text(text)],
                placeholders: Vec::new(),
                anchor: None,
            });
        }
    }
    super::body::units(body, &mut units);
    assign_ids(key, &mut units);
    units
}

fn walk_field(
    value: &toml::Value,
    path: &[&'static str],
    steps: &mut Vec<FieldStep>,
    found: &mut Vec<(Vec<FieldStep>, String)>,
) {
    let Some((&first, rest)) = path.split_first() else {
        if let toml::Value::String(text) = value {
            found.push((steps.clone(), text.clone()));
        }
        return;
    };
    match (first, value) {
        ("*", toml::Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                steps.push(FieldStep::Index(i));
                walk_field(item, rest, steps, found);
                steps.pop();
            }
        }
        (key, toml::Value::Table(table)) => {
            if let Some(inner) = table.get(key) {
                steps.push(FieldStep::Key(key));
                walk_field(inner, rest, steps, found);
                steps.pop();
            }
        }
        _ => {}
    }
}

/// Whether `text` has something to translate.
pub(crate) fn has_letters(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// Ids from the page key, the kind, the source in token form and how many units of the same
/// kind and text came before, so that the same text keeps its id when others move.
fn assign_ids(key: &str, units: &mut [Unit]) {
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for unit in units.iter_mut() {
        let text = super::tokens::to_tokens(&unit.source);
        let occurrence = seen.entry((unit.kind.clone(), text.clone())).or_insert(0);
        let material = format!("{key}\u{0}{}\u{0}{text}\u{0}{occurrence}", unit.kind);
        *occurrence += 1;
        unit.id = format!("u{}", crate::hash::short_sha256(material.as_bytes()));
    }
}

/// The number of words of the text pieces of the exported units, as bureaus count them.
pub fn words(units: &[Unit]) -> usize {
    units
        .iter()
        .filter(|u| u.exported)
        .flat_map(|u| &u.source)
        .map(|piece| match piece {
            Piece::Text(text) => text.split_whitespace().filter(|w| has_letters(w)).count(),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<Unit> {
        extract("a.md", &toml::Table::new(), text)
    }

    #[test]
    fn inline_markup_becomes_placeholders() {
        let units = body("Read *the* [rules](@/a.md) `now`[^1].\n\n[^1]: Note.\n");
        assert_eq!(units.len(), 2);
        assert_eq!(
            units[0].source,
            vec![
                Piece::Text("Read ".into()),
                Piece::Open(1),
                Piece::Text("the".into()),
                Piece::Close(1),
                Piece::Text(" ".into()),
                Piece::Open(2),
                Piece::Text("rules".into()),
                Piece::Close(2),
                Piece::Text(" ".into()),
                Piece::Standalone(3),
                Piece::Standalone(4),
                Piece::Text(".".into()),
            ]
        );
        assert_eq!(units[0].placeholders[1].kind, PlaceholderKind::Link);
        assert_eq!(units[1].kind, "footnote");
    }

    #[test]
    fn every_block_kind_is_a_unit_and_ids_are_stable() {
        let text = "# Başlıq\n\nMətn\nsətir.\n\n- bir\n- iki\n\n| a | b |\n|---|---|\n| c | 1 |\n\n![Şəkil](x.jpg)\n\n```\nkod\n```\n";
        let units = body(text);
        let kinds: Vec<(&str, bool)> = units
            .iter()
            .map(|u| (u.kind.as_str(), u.exported))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("heading", true),
                ("paragraph", true),
                ("list-item", true),
                ("list-item", true),
                ("table-cell", true),
                ("table-cell", true),
                ("table-cell", true),
                ("table-cell", false),
                ("paragraph", false),
                ("image-alt", true),
            ]
        );
        assert_eq!(units[1].source, vec![Piece::Text("Mətn sətir.".into())]);
        let moved = body(&format!("Yeni.\n\n{text}"));
        assert_eq!(moved[1].id, units[0].id);
        assert_ne!(units[2].id, units[3].id);
    }

    #[test]
    fn front_matter_texts_are_units() {
        let front: toml::Table = toml::from_str(
            "title = \"A\"\ndate = 2020-01-01\n[service]\nagency = \"B\"\ndocuments = [{ name = \"C\" }, { name = \"D\", note = \"E\" }]\n",
        )
        .unwrap();
        let units = extract("a.md", &front, "");
        let kinds: Vec<&str> = units.iter().map(|u| u.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec![
                "title",
                "service.agency",
                "service.documents.name",
                "service.documents.name",
                "service.documents.note"
            ]
        );
        assert_eq!(
            units[4].place,
            Place::Field(vec![
                FieldStep::Key("service"),
                FieldStep::Key("documents"),
                FieldStep::Index(1),
                FieldStep::Key("note")
            ])
        );
    }
}
