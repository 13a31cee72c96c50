//! Translated messages as Fluent source, and the target language's `.ftl` file with them
//! in place: a new message after the message that precedes it in the original, a stale one
//! replaced where it is; each with the [`RECORD`] line of the version it translates right
//! above it. Everything else in the file (other messages, comments, blank lines, order) is
//! kept as it was.

use std::ops::Range;

use super::fluent::{Part, Shape};
use super::fluent_record::RECORD;
use super::units::Piece;

/// The raw Fluent text of each reading of a part, by the variant keys of its path (empty
/// for a part without selector).
pub(crate) type VariantTexts = Vec<(Vec<String>, String)>;

/// The text of translated pieces as Fluent: text with braces written as `{"{"}`, each
/// placeholder as the placeable it stands for (`markup`, by number from 1).
pub(crate) fn raw(pieces: &[Piece], markup: &[String]) -> String {
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
                if let Some(source) = markup.get((*id as usize).wrapping_sub(1)) {
                    out.push_str(source);
                }
            }
            Piece::Close(_) => {}
        }
    }
    out
}

/// A pattern after `=` or a variant key: ` text` on the same line, or a text of several
/// lines on the lines after, indented by `indent` spaces.
fn pattern_at(raw: &str, indent: usize) -> String {
    let lines: Vec<&str> = raw.trim().lines().map(str::trim).collect();
    if lines.len() <= 1 {
        return format!(" {}", lines.first().copied().unwrap_or(""));
    }
    let mut block = String::new();
    for line in lines {
        block.push('\n');
        block.push_str(&" ".repeat(indent));
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

/// One part of a message written back, indented by `indent` spaces: `texts` gives the raw
/// Fluent text of each path of variant keys, `path` the keys chosen on the way to `shape`.
fn part_source(
    shape: &Shape,
    texts: &VariantTexts,
    path: &mut Vec<String>,
    indent: usize,
) -> String {
    match shape {
        Shape::Plain => pattern_at(
            texts
                .iter()
                .find(|(keys, _)| keys == path)
                .map_or("", |(_, t)| t.as_str()),
            indent,
        ),
        Shape::Select {
            selector,
            variants,
            default,
        } => {
            let pad = " ".repeat(indent);
            let mut out = format!("\n{pad}{{ {selector} ->");
            for (key, inner) in variants {
                let mark = if key == default { "   *" } else { "    " };
                path.push(key.clone());
                let value = part_source(inner, texts, path, indent + 8);
                path.pop();
                out.push_str(&format!("\n{pad}{mark}[{key}]{value}"));
            }
            out.push_str(&format!("\n{pad}}}"));
            out
        }
    }
}

/// A message as Fluent source (`id = ...` and its attributes), from each part and the raw
/// text of each of its variants.
pub(crate) fn message_source(id: &str, parts: &[(&Part, VariantTexts)]) -> String {
    let mut out = id.to_owned();
    let mut attributes = String::new();
    for (part, texts) in parts {
        match &part.attribute {
            None => {
                out.push_str(" =");
                out.push_str(&part_source(&part.shape, texts, &mut Vec::new(), 4));
            }
            Some(name) => {
                attributes.push_str(&format!("\n    .{name} ="));
                attributes.push_str(&part_source(&part.shape, texts, &mut Vec::new(), 8));
            }
        }
    }
    if !out.contains('=') {
        out.push_str(" =");
    }
    out.push_str(&attributes);
    out
}

/// The record line of a translation of the version `hash`.
pub(crate) fn record_line(hash: &str) -> String {
    format!("# {RECORD} {hash}")
}

/// `target`, the text of a `.ftl` file of the target language, with new messages inserted:
/// each after the last message of the target that precedes it in `original` (the text of the
/// original file), at the end if none does; separated by a blank line when the original has
/// one before it (or it starts the original). `messages` gives each new message's lines
/// (comment, record and message), by id.
pub(crate) fn insert(target: &str, original: &str, messages: &[(String, String)]) -> String {
    let order = super::fluent::ids(original);
    let original: Vec<String> = original.lines().map(str::to_owned).collect();
    let mut lines: Vec<String> = target.lines().map(str::to_owned).collect();
    let mut placed: Vec<String> = super::fluent::ids(target);
    for (position, id) in order.iter().enumerate() {
        let Some((_, text)) = messages.iter().find(|(m, _)| m == id) else {
            continue;
        };
        let previous = order[..position]
            .iter()
            .rev()
            .find(|p| placed.iter().any(|placed| placed == *p));
        let at = previous
            .and_then(|p| message_range(&lines, p))
            .map_or(lines.len(), |range| range.end);
        let mut block: Vec<String> = Vec::new();
        if at > 0
            && lines.get(at - 1).is_some_and(|l| !l.trim().is_empty())
            && separated(&original, id)
        {
            block.push(String::new());
        }
        block.extend(text.lines().map(str::to_owned));
        lines.splice(at..at, block);
        placed.push(id.clone());
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// `target` with the message `id` replaced by `source`, under the comment it had (without
/// its old record) and the record of `hash`; `None` when the message is not found.
pub(crate) fn replace(target: &str, id: &str, hash: &str, source: &str) -> Option<String> {
    let mut lines: Vec<String> = target.lines().map(str::to_owned).collect();
    let range = message_range(&lines, id)?;
    let mut start = range.start;
    while start > 0 && is_message_comment(&lines[start - 1]) {
        start -= 1;
    }
    let mut block: Vec<String> = lines[start..range.start]
        .iter()
        .filter(|l| !l.trim_start_matches('#').trim().starts_with(RECORD))
        .cloned()
        .collect();
    block.push(record_line(hash));
    block.extend(source.lines().map(str::to_owned));
    lines.splice(start..range.end, block);
    let mut out = lines.join("\n");
    out.push('\n');
    Some(out)
}

/// Whether the message `id` of `lines` starts the file or has a blank line (or something
/// that is not a message) before it and its comment.
fn separated(lines: &[String], id: &str) -> bool {
    let Some(range) = message_range(lines, id) else {
        return true;
    };
    let mut start = range.start;
    while start > 0 && is_message_comment(&lines[start - 1]) {
        start -= 1;
    }
    start == 0 || lines[start - 1].trim().is_empty() || lines[start - 1].starts_with('#')
}

/// A comment line that belongs to the message below it (`#`, not `##` or `###`).
fn is_message_comment(line: &str) -> bool {
    line == "#" || line.starts_with("# ")
}

/// The lines of the message or term `id` (`-brand`): from its `id =` line to the end of the shortest run of
/// lines that parses as that message alone (a run ends before a line that starts in the
/// first column with something other than the closing brace or a variant), without
/// trailing blank lines.
fn message_range(lines: &[String], id: &str) -> Option<Range<usize>> {
    let start = lines.iter().position(|l| {
        l.strip_prefix(id)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    })?;
    let ends = (start + 1..lines.len())
        .filter(|&e| {
            lines[e]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && !matches!(c, '}' | '[' | '*' | '.'))
        })
        .chain([lines.len()]);
    for end in ends {
        let text = lines[start..end].join("\n") + "\n";
        let parsed = fluent_syntax::parser::parse(text.as_str());
        let alone = parsed.is_ok_and(|resource| {
            matches!(
                resource.body.as_slice(),
                [entry] if super::fluent::entry_id(entry).as_deref() == Some(id)
            )
        });
        if alone {
            let mut end = end;
            while end > start + 1 && lines[end - 1].trim().is_empty() {
                end -= 1;
            }
            return Some(start..end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::fluent::extract;
    use super::super::fluent_record::translated;
    use super::super::plural::Categories;
    use super::*;

    fn pattern_source(pieces: &[Piece], markup: &[String]) -> String {
        pattern_at(&raw(pieces, markup), 4)
    }

    #[test]
    fn patterns_are_written_with_braces_escaped_and_lines_indented() {
        let markup = vec!["{ $name }".to_owned(), "{ -brand }".to_owned()];
        let translated = vec![
            Piece::Standalone(2),
            Piece::Text(" {x} by ".into()),
            Piece::Standalone(1),
        ];
        assert_eq!(
            pattern_source(&translated, &markup),
            " { -brand } {\"{\"}x{\"}\"} by { $name }"
        );
        assert_eq!(
            pattern_source(&[Piece::Text("a\n[b]".into())], &[]),
            "\n    a\n    {\"[\"}b]"
        );
    }

    #[test]
    fn a_plural_is_rebuilt_with_the_target_categories() {
        let source = "# $days (Number)\ndays = { $days ->\n    [0] Eyni gün\n   *[other] { $days } gün\n}\n    .title = { $n ->\n   *[other] Günlər\n}\n";
        let file = extract("site.ftl", source, &Categories::of("ru"));
        let parts = file.messages[0].parts.clone().unwrap();
        let texts = |part: &Part| -> VariantTexts {
            file.units
                .iter()
                .filter(|u| u.attribute == part.attribute)
                .map(|u| {
                    (
                        u.keys(),
                        format!(
                            "{} ({})",
                            raw(&u.unit.source, &u.markup),
                            u.keys().join(",")
                        ),
                    )
                })
                .collect()
        };
        let built: Vec<(&Part, VariantTexts)> = parts.iter().map(|p| (p, texts(p))).collect();
        let written = message_source("days", &built);
        assert_eq!(
            written,
            "days =\n    { $days ->\n        [0] Eyni gün (0)\n        [one] { $days } gün (one)\n        [few] { $days } gün (few)\n        [many] { $days } gün (many)\n       *[other] { $days } gün (other)\n    }\n    .title =\n        { $n ->\n            [one] Günlər (one)\n            [few] Günlər (few)\n            [many] Günlər (many)\n           *[other] Günlər (other)\n        }"
        );
        let text = format!("{written}\n");
        assert!(
            fluent_syntax::parser::parse(text.as_str()).is_ok(),
            "{text}"
        );
    }

    /// What fluent-bundle shows for the message `id` of `text` (and its attribute `title`)
    /// with the arguments `args`, in English.
    fn shown(text: &str, id: &str, args: &[(&str, fluent_bundle::FluentValue<'static>)]) -> String {
        let resource = fluent_bundle::FluentResource::try_new(text.to_owned()).unwrap();
        let mut bundle = fluent_bundle::FluentBundle::new(vec!["en".parse().unwrap()]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).unwrap();
        let mut arguments = fluent_bundle::FluentArgs::new();
        for (name, value) in args {
            arguments.set(*name, value.clone());
        }
        let message = bundle.get_message(id).unwrap();
        let mut errors = Vec::new();
        let mut out = String::new();
        for pattern in message
            .value()
            .into_iter()
            .chain(message.attributes().map(|a| a.value()))
        {
            out.push_str(&bundle.format_pattern(pattern, Some(&arguments), &mut errors));
            out.push('|');
        }
        out
    }

    #[test]
    fn nested_and_sequential_selectors_are_rebuilt_to_show_what_the_original_shows() {
        let source = "-brand = Agentlik\nfiles = { $a ->\n    [x] Bir { $n ->\n        [0] heç bir\n        [one] tək\n       *[other] { $n }\n    } fayl\n   *[w] Heç nə\n} { -brand } { $g ->\n    [m] onu\n   *[f] ona\n} { $n ->\n    [one] göndərdi\n   *[other] göndərdilər\n}.\n    .title = { $n ->\n        [one] bir\n       *[other] çox\n    } { $n ->\n        [2] iki\n       *[other] { $n ->\n            [one] tək\n           *[other] cüt\n        }\n    }\n";
        let file = extract("site.ftl", source, &Categories::of("en"));
        let message = &file.messages[1];
        let parts = message.parts.clone().expect("exported");
        let built: Vec<(&Part, VariantTexts)> = parts
            .iter()
            .map(|part| {
                let texts = file
                    .units_of("files")
                    .filter(|u| u.attribute == part.attribute)
                    .map(|u| (u.keys(), raw(&u.unit.source, &u.markup)))
                    .collect();
                (part, texts)
            })
            .collect();
        let written = format!("-brand = Agentlik\n{}\n", message_source("files", &built));
        assert!(
            fluent_syntax::parser::parse(written.as_str()).is_ok(),
            "{written}"
        );
        let mut compared = 0;
        for a in ["x", "w", "q"] {
            for n in [0, 1, 2, 3, 5, 21] {
                for g in ["m", "f", "z"] {
                    let args = [("a", a.into()), ("n", n.into()), ("g", g.into())];
                    assert_eq!(
                        shown(source, "files", &args),
                        shown(&written, "files", &args),
                        "a={a} n={n} g={g}:\n{written}"
                    );
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, 54);
        assert!(
            shown(
                source,
                "files",
                &[("a", "x".into()), ("n", 0.into()), ("g", "m".into())]
            )
            .starts_with("Bir heç bir fayl Agentlik onu göndərdilər.|")
        );
    }

    #[test]
    fn new_messages_are_inserted_in_the_original_order_with_comments() {
        let target = "# Mine.\n\na = A\n    .title = T\nc = { $n ->\n   *[other] C\n}\n";
        let out = insert(
            target,
            "a = 1\n# About b.\nb = 2\nc = 3\n\nd = 4\n",
            &[
                ("b".into(), "# About b.\n# dilmanc-source: 1\nb = B".into()),
                ("d".into(), "d = D".into()),
            ],
        );
        assert_eq!(
            out,
            "# Mine.\n\na = A\n    .title = T\n# About b.\n# dilmanc-source: 1\nb = B\nc = { $n ->\n   *[other] C\n}\n\nd = D\n",
            "b follows a directly in the original, d after a blank line"
        );
        assert!(fluent_syntax::parser::parse(out.as_str()).is_ok());
        assert_eq!(super::super::fluent::ids(&out), vec!["a", "b", "c", "d"]);
    }

    #[test]
    fn a_stale_message_is_replaced_in_place_under_its_comment() {
        let target = "## Group\n\n# Kept.\n# dilmanc-source: 0000000000000000\nb = { $n ->\n    [one] old\n   *[other] olds\n}\n\n\nc = C\n";
        let out = replace(target, "b", "1111111111111111", "b = new").unwrap();
        assert_eq!(
            out,
            "## Group\n\n# Kept.\n# dilmanc-source: 1111111111111111\nb = new\n\n\nc = C\n"
        );
        let files = vec![("site.ftl".to_owned(), out)];
        let found = translated(&files);
        assert_eq!(found["b"].record.as_deref(), Some("1111111111111111"));
        assert_eq!(replace("c = C\n", "b", "1", "b = x"), None);
    }
}
