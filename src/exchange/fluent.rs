//! Interface messages in the exchange file: the site's Fluent messages of the default
//! language (`locales/<default>/*.ftl`) that no site file of the target language defines.
//!
//! Each message value and each attribute is one unit whose text is the Fluent pattern,
//! every placeable (`{ $count }`, `{ -brand }`) a standalone placeholder. A message with a
//! selector (plural or other variants) is not exported: its variants are written in the
//! `.ftl` file by hand. Import appends each translated message to `locales/<lang>/<file>`,
//! with the original's comment, after the messages that precede it in the original.

use fluent_syntax::ast::{Entry, Expression, Message, Pattern, PatternElement};

use super::units::{Piece, Place, Placeholder, PlaceholderKind, Unit};

/// A unit of a message: its id, the message, and the attribute it is (none for the value).
#[derive(Debug, Clone)]
pub(crate) struct MessageUnit {
    /// The unit.
    pub(crate) unit: Unit,
    /// The message id.
    pub(crate) message: String,
    /// The attribute, or `None` for the value.
    pub(crate) attribute: Option<String>,
    /// The Fluent source of each placeholder, by number from 1.
    pub(crate) markup: Vec<String>,
}

/// The messages of one `.ftl` file of the default language, in file order, with the
/// comment of each.
pub(crate) struct MessageFile {
    /// Message ids in order, with their comment lines.
    pub(crate) order: Vec<(String, Vec<String>)>,
    /// The units of the messages that can be exported.
    pub(crate) units: Vec<MessageUnit>,
}

/// The message ids a Fluent file defines.
pub(crate) fn ids(text: &str) -> Vec<String> {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    };
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// The units of the messages of `text` (the file `file`) for which `skip` is false.
pub(crate) fn extract(file: &str, text: &str, skip: &dyn Fn(&str) -> bool) -> MessageFile {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    };
    let mut out = MessageFile {
        order: Vec::new(),
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
        out.order.push((message.id.name.to_owned(), comment));
        if skip(message.id.name) || has_selector(message) {
            continue;
        }
        let mut parts: Vec<(Option<String>, &Pattern<&str>)> = Vec::new();
        if let Some(value) = &message.value {
            parts.push((None, value));
        }
        for attribute in &message.attributes {
            parts.push((Some(attribute.id.name.to_owned()), &attribute.value));
        }
        for (attribute, pattern) in parts {
            let (source, markup) = pieces(pattern);
            let name = match &attribute {
                Some(a) => format!("{}.{a}", message.id.name),
                None => message.id.name.to_owned(),
            };
            let material = format!(
                "locales/{file}\u{0}{name}\u{0}{}",
                super::tokens::to_tokens(&source)
            );
            let unit = Unit {
                id: format!("u{}", crate::hash::short_sha256(material.as_bytes())),
                kind: format!("message:{name}"),
                place: Place::Field(Vec::new()),
                exported: true,
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
            out.units.push(MessageUnit {
                unit,
                message: message.id.name.to_owned(),
                attribute,
                markup,
            });
        }
    }
    out
}

fn has_selector(message: &Message<&str>) -> bool {
    let select = |pattern: &Pattern<&str>| {
        pattern.elements.iter().any(|e| {
            matches!(
                e,
                PatternElement::Placeable {
                    expression: Expression::Select { .. }
                }
            )
        })
    };
    message.value.as_ref().is_some_and(select)
        || message.attributes.iter().any(|a| select(&a.value))
}

/// A pattern as pieces, and the Fluent source of each placeable.
fn pieces(pattern: &Pattern<&str>) -> (Vec<Piece>, Vec<String>) {
    let mut pieces = Vec::new();
    let mut markup = Vec::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => match pieces.last_mut() {
                Some(Piece::Text(text)) => text.push_str(value),
                _ => pieces.push(Piece::Text((*value).to_owned())),
            },
            PatternElement::Placeable { expression } => {
                markup.push(placeable_source(expression));
                pieces.push(Piece::Standalone(markup.len() as u32));
            }
        }
    }
    (pieces, markup)
}

/// The Fluent source of one placeable, `{ $name }`, through fluent-syntax's serializer.
fn placeable_source(expression: &Expression<&str>) -> String {
    let resource = fluent_syntax::ast::Resource {
        body: vec![Entry::Message(Message {
            id: fluent_syntax::ast::Identifier { name: "x" },
            value: Some(Pattern {
                elements: vec![PatternElement::Placeable {
                    expression: expression.clone(),
                }],
            }),
            attributes: Vec::new(),
            comment: None,
        })],
    };
    let text = fluent_syntax::serializer::serialize(&resource);
    text.trim_end()
        .strip_prefix("x = ")
        .unwrap_or(text.trim_end())
        .to_owned()
}

/// A translated pattern as Fluent source: text with braces escaped, placeables as they
/// were, a value of several lines indented on the lines after `=`.
pub(crate) fn pattern_source(pieces: &[Piece], markup: &[String]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                for c in text.chars() {
                    match c {
                        '{' => out.push_str("{\"{\"}"),
                        '}' => out.push_str("{\"}\"}"),
                        '\r' => {}
                        c => out.push(c),
                    }
                }
            }
            Piece::Standalone(id) | Piece::Open(id) => {
                if let Some(source) = markup.get(*id as usize - 1) {
                    out.push_str(source);
                }
            }
            Piece::Close(_) => {}
        }
    }
    let lines: Vec<&str> = out.trim().lines().map(str::trim).collect();
    if lines.len() <= 1 {
        return format!(" {}", lines.first().copied().unwrap_or(""));
    }
    let mut block = String::new();
    for line in lines {
        block.push_str("\n    ");
        // A line may not start with what Fluent reads as syntax.
        match line.chars().next() {
            Some(c @ ('[' | '*' | '.')) => {
                block.push_str(&format!("{{\"{c}\"}}"));
                block.push_str(&line[1..]);
            }
            _ => block.push_str(line),
        }
    }
    block
}

/// `target`, the text of `locales/<lang>/<file>`, with the translated messages inserted:
/// each after the last message of the target that precedes it in the original, with the
/// original's comment; `messages` gives each new message's lines (`id = ...` and
/// attributes), by id.
pub(crate) fn insert(
    target: &str,
    order: &[(String, Vec<String>)],
    messages: &[(String, String)],
) -> String {
    let mut lines: Vec<String> = target.lines().map(str::to_owned).collect();
    let existing = ids(target);
    let mut placed: Vec<String> = existing.clone();
    for (position, (id, comment)) in order.iter().enumerate() {
        let Some((_, text)) = messages.iter().find(|(m, _)| m == id) else {
            continue;
        };
        let previous = order[..position]
            .iter()
            .rev()
            .find(|(p, _)| placed.contains(p))
            .map(|(p, _)| p.clone());
        let at = previous
            .and_then(|p| end_of_message(&lines, &p))
            .unwrap_or(lines.len());
        let mut block: Vec<String> = Vec::new();
        if at > 0 && lines.get(at - 1).is_some_and(|l| !l.trim().is_empty()) {
            block.push(String::new());
        }
        block.extend(comment.iter().map(|c| {
            if c.is_empty() {
                "#".to_owned()
            } else {
                format!("# {c}")
            }
        }));
        block.extend(text.lines().map(str::to_owned));
        lines.splice(at..at, block);
        placed.push(id.clone());
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The line after the message `id` (its value and indented or attribute lines).
fn end_of_message(lines: &[String], id: &str) -> Option<usize> {
    let start = lines.iter().position(|l| {
        l.strip_prefix(id)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    })?;
    let mut end = start + 1;
    while end < lines.len() && lines[end].starts_with([' ', '\t']) && !lines[end].trim().is_empty()
    {
        end += 1;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_become_units_with_placeables_as_placeholders() {
        let text = "# Shown in the footer.\nfooter = Written by { $name } for { -brand }\n    .title = Footer\ncount = { $n ->\n    [one] one\n   *[other] many\n}\n";
        let file = extract("site.ftl", text, &|_| false);
        assert_eq!(file.order.len(), 2);
        assert_eq!(file.order[0].1, vec!["Shown in the footer.".to_owned()]);
        assert_eq!(
            file.units.len(),
            2,
            "the message with a selector is left out"
        );
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
        let translated = vec![
            Piece::Standalone(2),
            Piece::Text(" {x} by ".into()),
            Piece::Standalone(1),
        ];
        assert_eq!(
            pattern_source(&translated, &footer.markup),
            " { -brand } {\"{\"}x{\"}\"} by { $name }"
        );
        assert_eq!(
            pattern_source(&[Piece::Text("a\n[b]".into())], &[]),
            "\n    a\n    {\"[\"}b]"
        );
    }

    #[test]
    fn new_messages_are_inserted_in_the_original_order_with_comments() {
        let order = vec![
            ("a".to_owned(), vec![]),
            ("b".to_owned(), vec!["About b.".to_owned()]),
            ("c".to_owned(), vec![]),
        ];
        let target = "# Mine.\n\na = A\n    .title = T\nc = C\n";
        let out = insert(target, &order, &[("b".into(), "b = B".into())]);
        assert_eq!(
            out,
            "# Mine.\n\na = A\n    .title = T\n\n# About b.\nb = B\nc = C\n"
        );
        let parsed = fluent_syntax::parser::parse(out.as_str());
        assert!(parsed.is_ok());
        assert_eq!(ids(&out), vec!["a", "b", "c"]);
    }
}
