//! gettext PO: one entry per unit, `msgctxt` the unit id, `#:` the original file, `#.`
//! the note for translators, placeholders in the token form of [`super::tokens`]
//! (`{1}text{/1}`, `{2/}`). A target marked for review is `#, fuzzy`.
//!
//! PO has no place for per-file data, so the page of each entry is its `#:` reference, what
//! the page's translation file was at the export (seen.rs) a `#. dilmanc-translation:`
//! comment on each entry (for a page of messages, on its first entry, over as many lines as
//! it needs), and the languages are the header's `Language` and
//! `X-Dilmanc-Source-Language`, with the language exported for in
//! `X-Dilmanc-Target-Language` (a tool's change of `Language` does not touch it).

use super::tokens::{from_tokens, to_tokens};
use super::xliff::ReadError;
use super::{Document, PageDoc, Seen, UnitDoc};

/// The header field that marks a file written by dilmanc.
const SOURCE_FIELD: &str = "X-Dilmanc-Source-Language";
/// The header field naming the language the file was exported for.
const TARGET_FIELD: &str = "X-Dilmanc-Target-Language";
/// The start of the comment that records what a page's translation file was at the export.
const SEEN_COMMENT: &str = "dilmanc-translation:";

/// The document as a PO file.
pub fn write(document: &Document) -> String {
    let mut out = String::new();
    out.push_str(
        "# Written by dilmanc l10n export. Placeholders: {n}…{/n} around text and {n/} alone\n\
         # stand for Markdown (links, emphasis, code); keep each exactly once. Write {{ and }}\n\
         # for literal braces. Keep msgctxt as it is: it is the id of the unit.\n",
    );
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    for header in [
        format!(
            "Project-Id-Version: dilmanc {}\\n",
            env!("CARGO_PKG_VERSION")
        ),
        format!("Language: {}\\n", escape(&document.target_lang)),
        "MIME-Version: 1.0\\n".to_owned(),
        "Content-Type: text/plain; charset=UTF-8\\n".to_owned(),
        "Content-Transfer-Encoding: 8bit\\n".to_owned(),
        format!("{SOURCE_FIELD}: {}\\n", escape(&document.source_lang)),
        format!("{TARGET_FIELD}: {}\\n", escape(&document.target_lang)),
    ] {
        out.push_str(&format!("\"{header}\"\n"));
    }
    for page in &document.pages {
        let record = page.seen.record();
        for (index, unit) in page.units.iter().enumerate() {
            out.push('\n');
            let mut context = if page.url.is_empty() {
                // Interface messages have no page of their own.
                format!("{} Written to {}.", unit.note(), page.target)
            } else {
                format!(
                    "{} Page {} ({}), written to {}.",
                    unit.note(),
                    page.url,
                    if page.section.is_empty() {
                        "home"
                    } else {
                        &page.section
                    },
                    page.target
                )
            };
            if let Some(note) = &page.note {
                context.push_str(&format!(" Author's note: {note}"));
            }
            for line in context.lines() {
                out.push_str(&format!("#. {line}\n"));
            }
            if let Some(record) = &record {
                // A page's record on each entry, as tools may sort them; the record of a
                // page of messages, which grows with its messages, on its first entry only.
                if index == 0 || !matches!(page.seen, Seen::Messages(_)) {
                    for line in wrap(record) {
                        out.push_str(&format!("#. {SEEN_COMMENT} {line}\n"));
                    }
                }
            }
            out.push_str(&format!("#: {}\n", page.original));
            if unit.review && unit.target.is_some() {
                out.push_str("#, fuzzy\n");
            }
            out.push_str(&format!("msgctxt {}\n", quote(&unit.id)));
            out.push_str(&format!("msgid {}\n", quote(&to_tokens(&unit.source))));
            let target = unit.target.as_deref().map(to_tokens).unwrap_or_default();
            out.push_str(&format!("msgstr {}\n", quote(&target)));
        }
    }
    out
}

/// `record` cut at spaces into lines of at most 55 characters (a word longer than that
/// stays whole), so that each comment line stays within 80 columns.
fn wrap(record: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in record.split(' ') {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= 55 => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// A PO string literal, split after each newline.
fn quote(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '\n' => quoted.push_str("\\n\"\n\""),
            c => escape_char(&mut quoted, c),
        }
    }
    quoted.push('"');
    quoted
}

/// `text` escaped for the inside of a PO string literal, on one line: for the header's
/// values, which a file read (and written back) may have given any character.
fn escape(text: &str) -> String {
    let mut escaped = String::new();
    for c in text.chars() {
        escape_char(&mut escaped, c);
    }
    escaped
}

/// Pushes `c` onto `out` as a PO string literal holds it (`\\`, `\"`, `\n`, `\t`, `\r`).
fn escape_char(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '"' => out.push_str("\\\""),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c => out.push(c),
    }
}

/// The value of one PO string literal line `"..."`.
fn unquote(line: &str) -> Result<String, String> {
    let inner = line
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .ok_or_else(|| format!("`{line}` is not a quoted string"))?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                other => {
                    return Err(format!(
                        "unknown escape \\{} in a string",
                        other.map(String::from).unwrap_or_default()
                    ));
                }
            },
            '"' => return Err("an unescaped \" inside a string".into()),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Entry {
    line: usize,
    reference: Option<String>,
    fuzzy: bool,
    seen: Option<String>,
    context: Option<String>,
    id: Option<String>,
    target: Option<String>,
}

impl Entry {
    /// Whether the entry has the string that `keyword` (`msgctxt `, `msgid `, `msgstr `)
    /// starts.
    fn has(&self, keyword: &str) -> bool {
        match keyword {
            "msgctxt " => self.context.is_some(),
            "msgid " => self.id.is_some(),
            _ => self.target.is_some(),
        }
    }
}

/// Reads a PO file written by [`write()`] (and edited by a translation tool).
pub fn read(text: &str) -> Result<Document, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries: Vec<Entry> = Vec::new();
    let mut current = Entry::default();
    // Which string a continuation line belongs to: 0 context, 1 id, 2 target.
    let mut field: Option<u8> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_number = index + 1;
        let fail = |message: String| ReadError {
            line: line_number,
            message,
        };
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let starts_entry =
            line.starts_with('#') || line.starts_with("msgctxt") || line.starts_with("msgid ");
        if starts_entry && current.target.is_some() {
            entries.push(std::mem::take(&mut current));
            field = None;
        }
        if current.line == 0 {
            current.line = line_number;
        }
        if let Some(reference) = line.strip_prefix("#:") {
            let file = reference.split_whitespace().next().unwrap_or("");
            let file = file
                .rsplit_once(':')
                .filter(|(_, n)| n.parse::<u32>().is_ok())
                .map_or(file, |(f, _)| f);
            current.reference = Some(file.to_owned());
        } else if let Some(record) = line
            .strip_prefix("#.")
            .and_then(|c| c.trim().strip_prefix(SEEN_COMMENT))
        {
            // A long record goes on several lines (wrap): they are joined.
            let record = record.trim();
            current.seen = Some(match current.seen.take() {
                Some(before) => format!("{before} {record}"),
                None => record.to_owned(),
            });
        } else if let Some(flags) = line.strip_prefix("#,") {
            current.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
        } else if line.starts_with("#~") || line.starts_with("#|") || line.starts_with('#') {
        } else if let Some(keyword) = ["msgctxt ", "msgid ", "msgstr "]
            .into_iter()
            .find(|k| line.starts_with(k) && current.has(k))
        {
            return Err(fail(format!(
                "a second {} in the entry that starts at line {}: an entry has one",
                keyword.trim(),
                current.line
            )));
        } else if let Some(rest) = line.strip_prefix("msgctxt ") {
            current.line = line_number;
            current.context = Some(unquote(rest.trim()).map_err(fail)?);
            field = Some(0);
        } else if let Some(rest) = line.strip_prefix("msgid ") {
            current.id = Some(unquote(rest.trim()).map_err(fail)?);
            field = Some(1);
        } else if let Some(rest) = line.strip_prefix("msgstr ") {
            current.target = Some(unquote(rest.trim()).map_err(fail)?);
            field = Some(2);
        } else if line.starts_with("msgid_plural") || line.starts_with("msgstr[") {
            return Err(fail("plural forms are not used by dilmanc units".into()));
        } else if line.starts_with('"') {
            let more = unquote(line).map_err(fail)?;
            let slot = match field {
                Some(0) => current.context.as_mut(),
                Some(1) => current.id.as_mut(),
                Some(2) => current.target.as_mut(),
                _ => None,
            };
            match slot {
                Some(slot) => slot.push_str(&more),
                None => return Err(fail("a string that continues nothing".into())),
            }
        } else {
            return Err(fail(format!("`{line}` is not PO syntax")));
        }
    }
    if current.id.is_some() {
        entries.push(current);
    }
    let mut entries = entries.into_iter();
    let header = entries
        .next()
        .filter(|e| e.id.as_deref() == Some("") && e.context.is_none());
    let Some(header) = header else {
        return Err(ReadError {
            line: 1,
            message: "the file has no PO header".into(),
        });
    };
    let field_of = |name: &str| {
        header
            .target
            .as_deref()
            .unwrap_or("")
            .lines()
            .find_map(|l| {
                l.strip_prefix(name)
                    .and_then(|v| v.strip_prefix(':'))
                    .map(|v| v.trim().to_owned())
            })
    };
    let Some(source_lang) = field_of(SOURCE_FIELD) else {
        return Err(ReadError {
            line: header.line,
            message: format!(
                "the PO header has no {SOURCE_FIELD}: the file was not written by dilmanc l10n export"
            ),
        });
    };
    // The line of the header string that names the language, for messages about it.
    let language_line = text
        .lines()
        .position(|l| l.trim_start().starts_with("\"Language:"))
        .map_or(header.line, |i| i + 1);
    let mut document = Document {
        source_lang,
        target_lang: field_of("Language").unwrap_or_default(),
        exported_for: field_of(TARGET_FIELD),
        language_line,
        pages: Vec::new(),
    };
    for entry in entries {
        let fail = |message: String| ReadError {
            line: entry.line,
            message,
        };
        let (Some(id), Some(reference)) = (entry.context, entry.reference) else {
            return Err(fail("an entry without msgctxt or #: reference: it was not written by dilmanc l10n export".into()));
        };
        let source = from_tokens(entry.id.as_deref().unwrap_or(""))
            .map_err(|e| fail(format!("unit {id}: msgid: {e}")))?;
        let target = match entry.target.as_deref() {
            None | Some("") => None,
            Some(t) => Some(from_tokens(t).map_err(|e| fail(format!("unit {id}: msgstr: {e}")))?),
        };
        // Tools may sort entries: a page's entries need not follow each other.
        if !document.pages.iter().any(|p| p.original == reference) {
            document
                .pages
                .push(PageDoc::read_at(reference.clone(), entry.line));
        }
        if let Some(page) = document.pages.iter_mut().find(|p| p.original == reference) {
            if let Some(record) = &entry.seen {
                let seen = Seen::from_record(record);
                if page.seen == Seen::Unrecorded {
                    page.seen = seen;
                } else if page.seen != seen {
                    return Err(fail(format!(
                        "unit {id}: its {SEEN_COMMENT} comment differs from the one of the other entries of {reference}: the file joins two exports"
                    )));
                }
            }
            page.units.push(UnitDoc {
                id,
                kind: String::new(),
                source,
                review: entry.fuzzy,
                target,
                placeholders: Vec::new(),
                selectors: Vec::new(),
                comment: None,
                line: entry.line,
            });
        }
    }
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::State;
    use crate::exchange::units::Piece;

    /// The record of a page of many messages is written on its first entry only, over
    /// lines within 80 columns, and reads back whole.
    #[test]
    fn a_long_messages_record_is_wrapped_and_read_back() {
        let messages: std::collections::BTreeMap<String, Option<String>> = (0..40)
            .map(|i| {
                (
                    format!("message-{i:02}"),
                    (i % 3 == 0).then(|| format!("{i:016x}")),
                )
            })
            .collect();
        let unit = |id: &str| UnitDoc {
            id: id.into(),
            kind: "message:x".into(),
            source: vec![Piece::Text("Salam".into())],
            target: None,
            review: false,
            placeholders: Vec::new(),
            selectors: Vec::new(),
            comment: None,
            line: 0,
        };
        let mut page = PageDoc::read_at("locales/az/site.ftl".into(), 0);
        page.target = "locales/en/site.ftl".into();
        page.seen = Seen::Messages(messages);
        page.units = vec![unit("u1"), unit("u2")];
        let document = Document {
            source_lang: "az".into(),
            target_lang: "en".into(),
            exported_for: Some("en".into()),
            language_line: 0,
            pages: vec![page],
        };
        let text = write(&document);
        let records: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with(&format!("#. {SEEN_COMMENT}")))
            .collect();
        assert!(records.len() > 10, "{text}");
        assert!(records.iter().all(|l| l.chars().count() <= 80), "{text}");
        let second = text.find("msgctxt \"u2\"").unwrap();
        assert!(!text[text.find("msgctxt \"u1\"").unwrap()..second].contains(SEEN_COMMENT));
        let back = read(&text).unwrap();
        assert_eq!(back.pages[0].seen, document.pages[0].seen);
    }

    /// Header values are escaped like every other string: a language read from a file
    /// (`Language: a\"b`) is written back as a string the reader takes (found by the
    /// `exchange` fuzz target).
    #[test]
    fn header_values_with_quotes_and_backslashes_read_back() {
        let document = Document {
            source_lang: "a\\z".into(),
            target_lang: "e\"n\tx".into(),
            exported_for: None,
            language_line: 0,
            pages: Vec::new(),
        };
        let text = write(&document);
        assert!(text.contains("\"Language: e\\\"n\\tx\\n\"\n"), "{text}");
        let back = read(&text).unwrap();
        assert_eq!(back.source_lang, document.source_lang);
        assert_eq!(back.target_lang, document.target_lang);
        assert_eq!(back.exported_for.as_deref(), Some("e\"n\tx"));
    }

    #[test]
    fn written_files_read_back_with_escapes() {
        let unit = UnitDoc {
            id: "u1".into(),
            kind: "paragraph".into(),
            source: vec![
                Piece::Text("a \"b\" \\ {c}\nd".into()),
                Piece::Standalone(1),
            ],
            target: Some(vec![Piece::Standalone(1), Piece::Text("x".into())]),
            review: true,
            placeholders: vec![(1, "x-code", "`k`".into())],
            selectors: Vec::new(),
            comment: None,
            line: 0,
        };
        let document = Document {
            source_lang: "az".into(),
            target_lang: "en".into(),
            exported_for: Some("en".into()),
            language_line: 0,
            pages: vec![PageDoc {
                original: "content/a.md".into(),
                target: "content/a.en.md".into(),
                url: "https://x.az/a/".into(),
                section: String::new(),
                hash: String::new(),
                state: State::Missing,
                seen: Seen::Absent,
                note: None,
                units: vec![unit],
                line: 0,
            }],
        };
        let text = write(&document);
        assert!(
            text.contains("msgid \"a \\\"b\\\" \\\\ {{c}}\\n\"\n\"d{1/}\""),
            "{text}"
        );
        assert!(text.contains("#, fuzzy\nmsgctxt \"u1\""), "{text}");
        let back = read(&text).unwrap();
        let unit = &back.pages[0].units[0];
        assert_eq!(unit.source, document.pages[0].units[0].source);
        assert_eq!(unit.target, document.pages[0].units[0].target);
        assert!(unit.review);
        assert_eq!(back.source_lang, "az");
        assert_eq!(back.target_lang, "en");
        assert_eq!(back.exported_for.as_deref(), Some("en"));
        assert_eq!(back.pages[0].seen, Seen::Absent);
        assert_eq!(
            text.lines().nth(back.language_line - 1),
            Some("\"Language: en\\n\"")
        );
        assert_eq!(text.lines().nth(unit.line - 1), Some("msgctxt \"u1\""));
        let broken = text.replace("msgstr \"{1/}x\"", "msgstr \"{1/x\"");
        let error = read(&broken).unwrap_err();
        assert!(error.message.contains("unit u1: msgstr"), "{error:?}");
        assert!(read("msgid \"a\"\nmsgstr \"b\"\n").is_err());
        for (keyword, again) in [
            ("msgstr", "msgstr \"{1/}x\"\nmsgstr \"y\""),
            ("msgctxt", "msgctxt \"u1\"\nmsgctxt \"u2\""),
        ] {
            let original = if keyword == "msgstr" {
                "msgstr \"{1/}x\""
            } else {
                "msgctxt \"u1\""
            };
            let twice = text.replace(original, again);
            let error = read(&twice).unwrap_err();
            assert!(
                error
                    .message
                    .contains(&format!("a second {keyword} in the entry")),
                "{error:?}"
            );
            assert!(
                twice
                    .lines()
                    .nth(error.line - 1)
                    .unwrap()
                    .starts_with(keyword)
            );
        }
    }
}
