//! Rebuilding a page from translated units: placeholder checks, the Markdown body spliced
//! from the original with translated inline text, and the front matter of the original
//! with translated strings.
//!
//! The body is not re-serialised from events: everything outside the units (list markers,
//! table pipes, code blocks, HTML, link targets) is copied from the original byte for
//! byte, and each unit's range is replaced by its translation, with plain text escaped so
//! that it stays plain text, and placeholders replaced by the markup they stand for.

use std::collections::HashMap;

use super::units::{FieldStep, Piece, Place, Unit};

/// Checks that `target` has every placeholder of `unit` exactly once, pairs opened before
/// they close and properly nested, and no other placeholder.
pub fn check_placeholders(unit: &Unit, target: &[Piece]) -> Result<(), String> {
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let mut open: Vec<u32> = Vec::new();
    for piece in target {
        let (id, expect_pair) = match piece {
            Piece::Text(_) => continue,
            Piece::Open(id) | Piece::Close(id) => (*id, true),
            Piece::Standalone(id) => (*id, false),
        };
        let Some(placeholder) = unit.placeholder(id) else {
            return Err(format!("placeholder {id} is not in the source"));
        };
        if placeholder.kind.is_pair() != expect_pair {
            return Err(format!(
                "placeholder {id} is {} in the source",
                if expect_pair {
                    "standalone"
                } else {
                    "a pair around text"
                }
            ));
        }
        match piece {
            Piece::Open(_) => {
                *seen.entry(id).or_insert(0) += 1;
                open.push(id);
            }
            Piece::Close(_) => {
                if open.pop() != Some(id) {
                    return Err(format!(
                        "placeholder {id} closes where it was not the last one opened"
                    ));
                }
            }
            _ => *seen.entry(id).or_insert(0) += 1,
        }
    }
    if let Some(id) = open.pop() {
        return Err(format!("placeholder {id} is opened and never closed"));
    }
    for placeholder in &unit.placeholders {
        match seen.get(&placeholder.id).copied().unwrap_or(0) {
            1 => {}
            0 => return Err(format!("placeholder {} is missing", placeholder.id)),
            n => {
                return Err(format!("placeholder {} appears {n} times", placeholder.id));
            }
        }
    }
    Ok(())
}

/// Checks that the text of `target` can be written into a page: no control character
/// that a page may not hold (control_chars.rs), and for a text of the front matter
/// (`one_line`) no line break or tab either. The problem and how to fix it.
pub fn check_text(target: &[Piece], one_line: bool) -> Result<(), (String, &'static str)> {
    // What is written: import trims the ends.
    let text = plain(target);
    let text = text.trim();
    if one_line && text.contains(['\n', '\r']) {
        return Err((
            "the translation has a line break, but this text of the front matter is one line"
                .into(),
            "write the translation on one line",
        ));
    }
    let control = text
        .chars()
        .find(|&c| crate::control_chars::is_forbidden(c) || (one_line && c == '\t'));
    if let Some(c) = control {
        return Err((
            format!(
                "the translation has the control character {}, which a page may not hold",
                crate::control_chars::describe(c)
            ),
            "delete the invisible character from the translation (it often comes with text pasted from another document)",
        ));
    }
    Ok(())
}

/// The plain text of `pieces`, without placeholders.
pub fn plain(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

/// The body of the original with each unit replaced by its translation in `targets`
/// (by unit id); units without one keep their source text.
pub fn body(original: &str, units: &[Unit], targets: &HashMap<String, Vec<Piece>>) -> String {
    let mut out = String::with_capacity(original.len() + original.len() / 4);
    let mut at = 0;
    for unit in units {
        let Place::Body { range, top: true } = &unit.place else {
            continue;
        };
        out.push_str(&original[at..range.start]);
        out.push_str(&render_unit(original, units, unit, targets));
        if let Some(anchor) = unit
            .anchor
            .as_ref()
            .filter(|_| targets.contains_key(&unit.id))
        {
            out.push_str(&format!(" {{#{anchor}}}"));
        }
        at = range.end;
    }
    out.push_str(&original[at..]);
    out
}

fn render_unit(
    original: &str,
    units: &[Unit],
    unit: &Unit,
    targets: &HashMap<String, Vec<Piece>>,
) -> String {
    let pieces = targets.get(&unit.id).unwrap_or(&unit.source);
    let mut out = String::new();
    let mut line_start = true;
    let last = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text) => {
                let mut text = text.replace(['\n', '\r', '\t'], " ");
                if i == 0 {
                    text = text.trim_start().to_owned();
                }
                if i == last {
                    text = text.trim_end().to_owned();
                }
                escape(&mut out, &text, line_start);
                line_start = false;
            }
            Piece::Open(id) | Piece::Standalone(id) => {
                let Some(placeholder) = unit.placeholder(*id) else {
                    continue;
                };
                let markup = match placeholder.nested.and_then(|n| units.get(n)) {
                    Some(alt) => match &alt.place {
                        Place::Body { range, .. } => format!(
                            "{}{}{}",
                            &original[placeholder.open.start..range.start],
                            render_unit(original, units, alt, targets),
                            &original[range.end..placeholder.open.end]
                        ),
                        Place::Field(_) => original[placeholder.open.clone()].to_owned(),
                    },
                    None => original[placeholder.open.clone()].to_owned(),
                };
                line_start = markup.ends_with('\n');
                out.push_str(&markup);
            }
            Piece::Close(id) => {
                if let Some(range) = unit.placeholder(*id).and_then(|p| p.close.clone()) {
                    out.push_str(&original[range]);
                }
                line_start = false;
            }
        }
    }
    out
}

/// Writes `text` so that Markdown reads it back as the same plain text: every character
/// that could start markup is backslash-escaped, and so is what would start a block at the
/// start of a line (`-`, `+`, `1.`).
fn escape(out: &mut String, text: &str, line_start: bool) {
    let mut chars = text.char_indices().peekable();
    if line_start {
        let digits: usize = text.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && matches!(text.as_bytes().get(digits), Some(b'.' | b')')) {
            out.push_str(&text[..digits]);
            out.push('\\');
            for _ in 0..digits {
                chars.next();
            }
        } else if matches!(text.as_bytes().first(), Some(b'-' | b'+' | b'=')) {
            out.push('\\');
        }
    }
    for (_, c) in chars {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '!'
                | '|'
                | '~'
                | '&'
                | '#'
                | '{'
                | '}'
                | '$'
                | '^'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The front matter of the original with each field unit replaced by its translation.
pub fn front_matter(
    original: &toml::Table,
    units: &[Unit],
    targets: &HashMap<String, Vec<Piece>>,
) -> toml::Table {
    let mut value = toml::Value::Table(original.clone());
    for unit in units {
        if let (Place::Field(steps), Some(target)) = (&unit.place, targets.get(&unit.id)) {
            set(&mut value, steps, plain(target).trim().to_owned());
        }
    }
    match value {
        toml::Value::Table(table) => table,
        _ => original.clone(),
    }
}

fn set(value: &mut toml::Value, steps: &[FieldStep], text: String) {
    match (steps.split_first(), value) {
        (None, value) => *value = toml::Value::String(text),
        (Some((FieldStep::Key(key), rest)), toml::Value::Table(table)) => {
            if let Some(inner) = table.get_mut(*key) {
                set(inner, rest, text);
            }
        }
        (Some((FieldStep::Index(i), rest)), toml::Value::Array(items)) => {
            if let Some(inner) = items.get_mut(*i) {
                set(inner, rest, text);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::units::extract;

    /// The page's HTML as dilmanc renders it (heading ids included), whitespace runs as one
    /// space.
    fn html(markdown: &str) -> String {
        let rendered = crate::markdown::render(
            markdown,
            &crate::markdown::RenderContext {
                dir: "",
                resolve: &|_| None,
                image: &|_| None,
                eager_first_image: false,
                table_label: "Table",
                raw_html: crate::config::RawHtml::Keep,
            },
        );
        rendered
            .html
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Rebuilding from the source texts gives the same HTML, for every block kind.
    #[test]
    fn the_source_as_target_rebuilds_the_same_page() {
        let cases = [
            "# Başlıq {#own}\n\nMətn *vurğu* və **qalın**,\nikinci ~~sətir~~.\n",
            "Setext\n======\n\nSoz `kod` <abbr>AB</abbr> [keçid](@/a.md \"başlıq\") <https://x.az>.\n",
            "- bir [a](b.md)\n- iki\n  - daxili *x*\n\n1. birinci\n2. ikinci\n\n   Uzun bənd.\n",
            "| Ad | Say |\n|:---|---:|\n| a \\| b | 1 |\n| `c` | 2 |\n",
            "> Sitat\n> davamı.\n>\n> - siyahı\n",
            "![Şəkil *alt*](x.jpg \"Başlıq\")\n\nMətn ![kiçik](y.png) burada.\n\n[![alt](z.jpg)](https://x.az)\n",
            "Qeyd[^1] və sətir  \nqırılması\\\nburada.\n\n[^1]: Haşiyə *mətni*.\n",
            "```rust\nlet x = 1;\n```\n\n<div>\nHTML blok\n</div>\n\n---\n\n1986\\. il. \\- tire \\* ulduz \\_ \\# &amp; &copy; \\{x\\}\n",
            "[ref link][r] and [collapsed][]\n\n[r]: https://x.az\n[collapsed]: https://y.az\n",
        ];
        for case in cases {
            let units = extract("a.md", &toml::Table::new(), case);
            let targets: HashMap<String, Vec<Piece>> = units
                .iter()
                .filter(|u| u.exported)
                .map(|u| (u.id.clone(), u.source.clone()))
                .collect();
            let rebuilt = body(case, &units, &targets);
            assert_eq!(html(&rebuilt), html(case), "{case}\n---\n{rebuilt}");
        }
    }

    #[test]
    fn translated_text_is_escaped_and_placeholders_keep_their_markup() {
        let source = "1. Bax [qaydalar](@/a.md#x) və `kod`.\n";
        let units = extract("a.md", &toml::Table::new(), source);
        let unit = &units[0];
        let target = vec![
            Piece::Text("1986. See *the* ".into()),
            Piece::Open(1),
            Piece::Text("rules [x]".into()),
            Piece::Close(1),
            Piece::Text(" and ".into()),
            Piece::Standalone(2),
        ];
        check_placeholders(unit, &target).unwrap();
        let targets = HashMap::from([(unit.id.clone(), target)]);
        assert_eq!(
            body(source, &units, &targets),
            "1. 1986\\. See \\*the\\* [rules \\[x\\]](@/a.md#x) and `kod`\n"
        );
    }

    #[test]
    fn translated_headings_keep_the_ids_of_the_original() {
        let source = "## Sənədlər\n\nMətn.\n\nSənədlər\n--------\n\n## Öz {#own}\n";
        let units = extract("a.md", &toml::Table::new(), source);
        let anchors: Vec<Option<&str>> = units.iter().map(|u| u.anchor.as_deref()).collect();
        assert_eq!(
            anchors,
            vec![Some("senedler"), None, Some("senedler-1"), None]
        );
        let targets: HashMap<String, Vec<Piece>> = [(0, "Documents"), (2, "Papers"), (3, "Own")]
            .into_iter()
            .map(|(i, text)| (units[i].id.clone(), vec![Piece::Text(text.into())]))
            .collect();
        let html = html(&body(source, &units, &targets));
        assert!(
            html.contains("<h2 id=\"senedler\">Documents</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"senedler-1\">Papers</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"own\">Own</h2>"), "{html}");
    }

    #[test]
    fn texts_that_a_page_cannot_hold_are_refused() {
        let text = |t: &str| vec![Piece::Text(t.into())];
        assert!(check_text(&text("Başlıq "), true).is_ok());
        assert!(
            check_text(&text("a\n+++\nb"), true)
                .unwrap_err()
                .0
                .contains("line break")
        );
        assert!(check_text(&text("a\tb"), true).is_err());
        assert!(check_text(&text("a\n\tb"), false).is_ok());
        let (why, _) = check_text(&text("a\u{7}b"), false).unwrap_err();
        assert!(why.contains("U+0007"), "{why}");
    }

    #[test]
    fn broken_placeholders_are_refused() {
        let units = extract("a.md", &toml::Table::new(), "*a* `b`\n");
        let unit = &units[0];
        let check = |pieces: Vec<Piece>| check_placeholders(unit, &pieces).unwrap_err();
        assert!(check(vec![Piece::Open(1), Piece::Close(1)]).contains("2 is missing"));
        assert!(
            check(vec![
                Piece::Open(1),
                Piece::Close(1),
                Piece::Standalone(2),
                Piece::Standalone(2)
            ])
            .contains("2 times")
        );
        assert!(check(vec![Piece::Standalone(1), Piece::Standalone(2)]).contains("a pair"));
        assert!(check(vec![Piece::Open(1), Piece::Standalone(2)]).contains("never closed"));
        assert!(
            check(vec![
                Piece::Open(1),
                Piece::Close(1),
                Piece::Standalone(2),
                Piece::Standalone(3)
            ])
            .contains("3 is not in the source")
        );
    }

    #[test]
    fn front_matter_strings_are_replaced_in_place() {
        let front: toml::Table = toml::from_str(
            "title = \"A\"\ndate = 2020-01-01\n[service]\ndocuments = [{ name = \"C\" }, { name = \"D\", note = \"E\" }]\n",
        )
        .unwrap();
        let units = extract("a.md", &front, "");
        let targets = HashMap::from([
            (units[0].id.clone(), vec![Piece::Text("Title".into())]),
            (units[3].id.clone(), vec![Piece::Text(" Note ".into())]),
        ]);
        let out = front_matter(&front, &units, &targets);
        assert_eq!(out["title"].as_str(), Some("Title"));
        assert_eq!(
            out["service"]["documents"][1]["note"].as_str(),
            Some("Note")
        );
        assert_eq!(out["service"]["documents"][1]["name"].as_str(), Some("D"));
        assert_eq!(out["date"], front["date"]);
    }
}
