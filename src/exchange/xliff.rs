//! XLIFF 1.2: one `<file>` per page, one `<trans-unit>` per unit, paired placeholders as
//! `<g id="n">…</g>` and standalone ones as `<x id="n"/>`.
//!
//! dilmanc's own data rides in standard places that translation tools keep: the page in
//! `<file original>` (and `datatype="x-dilmanc-page"`, by which import recognises the file),
//! the target path, address, section, exported hash, what the translation file was at the
//! export (`translation=`, seen.rs) and the language exported for (`language=`, which a
//! tool's change of `target-language` does not touch) in a `<note from="dilmanc">` of the
//! header, the unit kind in `resname`.

use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};

use super::units::Piece;
use super::{Document, Lines, PageDoc, Seen, State, UnitDoc};

/// The `datatype` of a page's `<file>`.
pub const DATATYPE: &str = "x-dilmanc-page";

/// The document as XLIFF 1.2.
pub fn write(document: &Document) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n",
    );
    for page in &document.pages {
        out.push_str(&format!(
            "<file original=\"{}\" datatype=\"{DATATYPE}\" source-language=\"{}\" target-language=\"{}\">\n<header>\n<tool tool-id=\"dilmanc\" tool-name=\"dilmanc\" tool-version=\"{}\"/>\n",
            escape(&page.original),
            escape(&document.source_lang),
            escape(&document.target_lang),
            env!("CARGO_PKG_VERSION"),
        ));
        out.push_str(&format!(
            "<note from=\"dilmanc\">target={}\nurl={}\nsection={}\nhash={}\nstate={}{}\nlanguage={}</note>\n",
            escape(&page.target),
            escape(&page.url),
            escape(&page.section),
            escape(&page.hash),
            state_name(page.state),
            page.seen
                .record()
                .map(|r| format!("\ntranslation={}", escape(&r)))
                .unwrap_or_default(),
            escape(&document.target_lang),
        ));
        if let Some(note) = &page.note {
            out.push_str(&format!("<note from=\"author\">{}</note>\n", escape(note)));
        }
        out.push_str("</header>\n<body>\n");
        for unit in &page.units {
            out.push_str(&format!(
                "<trans-unit id=\"{}\" resname=\"{}\" xml:space=\"preserve\">\n<source>",
                escape(&unit.id),
                escape(&unit.kind)
            ));
            inline(&mut out, &unit.source, unit);
            out.push_str("</source>\n");
            if let Some(target) = &unit.target {
                let state = if unit.review {
                    "needs-review-translation"
                } else {
                    "translated"
                };
                out.push_str(&format!("<target state=\"{state}\">"));
                inline(&mut out, target, unit);
                out.push_str("</target>\n");
            }
            out.push_str(&format!(
                "<note from=\"dilmanc\">{}</note>\n</trans-unit>\n",
                escape(unit.note())
            ));
        }
        out.push_str("</body>\n</file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn state_name(state: State) -> &'static str {
    match state {
        State::Current => "current",
        State::Stale => "stale",
        State::Unchecked => "unchecked",
        State::Missing => "missing",
    }
}

fn inline(out: &mut String, pieces: &[Piece], unit: &UnitDoc) {
    let placeholder = |id: &u32| {
        unit.placeholders
            .iter()
            .find(|(n, _, _)| n == id)
            .map(|(_, ctype, markup)| (*ctype, markup.as_str()))
            .unwrap_or(("x-markup", ""))
    };
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(&escape(text)),
            Piece::Open(id) => {
                out.push_str(&format!("<g id=\"{id}\" ctype=\"{}\">", placeholder(id).0))
            }
            Piece::Close(_) => out.push_str("</g>"),
            Piece::Standalone(id) => {
                let (ctype, markup) = placeholder(id);
                out.push_str(&format!(
                    "<x id=\"{id}\" ctype=\"{ctype}\" equiv-text=\"{}\"/>",
                    escape(markup)
                ));
            }
        }
    }
}

/// An error in the exchange file: its line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads an XLIFF file written by [`write()`] (and edited by a translation tool).
pub fn read(text: &str) -> Result<Document, ReadError> {
    let lines = Lines::new(text);
    let mut reader = quick_xml::Reader::from_str(text);
    let mut document = Document {
        source_lang: String::new(),
        target_lang: String::new(),
        exported_for: None,
        language_line: 0,
        pages: Vec::new(),
    };
    let mut page: Option<PageDoc> = None;
    let mut unit: Option<UnitDoc> = None;
    let mut in_header_note = false;
    let mut header_note = String::new();
    let mut seen_xliff = false;
    loop {
        let at = reader.buffer_position() as usize;
        let line = lines.line(at);
        let fail = |message: String| ReadError { line, message };
        let event = reader
            .read_event()
            .map_err(|e| fail(format!("the file is not well-formed XML: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"xliff" => {
                seen_xliff = true;
                if attribute(&e, "version").as_deref() != Some("1.2") {
                    return Err(fail("the file is not XLIFF 1.2".into()));
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"file" => {
                if attribute(&e, "datatype").as_deref() != Some(DATATYPE) {
                    return Err(fail(format!(
                        "this <file> was not written by dilmanc l10n export (its datatype is not {DATATYPE})"
                    )));
                }
                let source = attribute(&e, "source-language").unwrap_or_default();
                let target = attribute(&e, "target-language").unwrap_or_default();
                if document.pages.is_empty() && page.is_none() {
                    document.source_lang = source;
                    document.target_lang = target;
                    document.language_line = line;
                } else if source != document.source_lang || target != document.target_lang {
                    return Err(fail(
                        "this <file> has other languages than the first one".into(),
                    ));
                }
                page = Some(PageDoc::read_at(
                    attribute(&e, "original").unwrap_or_default(),
                    line,
                ));
            }
            Event::End(e) if e.local_name().as_ref() == b"file" => {
                document.pages.extend(page.take());
            }
            Event::Start(e) if e.local_name().as_ref() == b"note" => {
                if unit.is_none()
                    && page.as_ref().is_some_and(|p| p.units.is_empty())
                    && attribute(&e, "from").as_deref() == Some("dilmanc")
                {
                    in_header_note = true;
                    header_note.clear();
                } else {
                    reader
                        .read_to_end(e.name())
                        .map_err(|e| fail(format!("the file is not well-formed XML: {e}")))?;
                }
            }
            Event::Text(t) if in_header_note => {
                header_note.push_str(&t.decode().unwrap_or_default())
            }
            Event::GeneralRef(r) if in_header_note => {
                header_note.push_str(&reference(&r).map_err(fail)?)
            }
            Event::End(e) if e.local_name().as_ref() == b"note" && in_header_note => {
                in_header_note = false;
                if let Some(page) = page.as_mut() {
                    for entry in header_note.lines() {
                        match entry.split_once('=') {
                            Some(("target", v)) => page.target = v.to_owned(),
                            Some(("url", v)) => page.url = v.to_owned(),
                            Some(("section", v)) => page.section = v.to_owned(),
                            Some(("hash", v)) => page.hash = v.to_owned(),
                            Some(("translation", v)) => page.seen = Seen::from_record(v),
                            Some(("language", v)) => match &document.exported_for {
                                None if document.pages.is_empty() => {
                                    document.exported_for = Some(v.trim().to_owned())
                                }
                                Some(first) if first == v.trim() => {}
                                _ => {
                                    return Err(fail(format!(
                                        "the <file> of {} was exported for `{}`, unlike the first <file>: the file joins two exports",
                                        page.original,
                                        v.trim()
                                    )));
                                }
                            },
                            _ => {}
                        }
                    }
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"trans-unit" => {
                if page.is_none() {
                    return Err(fail("a <trans-unit> outside a <file>".into()));
                }
                unit = Some(UnitDoc {
                    id: attribute(&e, "id").unwrap_or_default(),
                    kind: attribute(&e, "resname").unwrap_or_default(),
                    source: Vec::new(),
                    target: None,
                    review: false,
                    placeholders: Vec::new(),
                    selectors: Vec::new(),
                    comment: None,
                    line,
                });
            }
            Event::End(e) if e.local_name().as_ref() == b"trans-unit" => {
                if let (Some(page), Some(unit)) = (page.as_mut(), unit.take()) {
                    page.units.push(unit);
                }
            }
            // Matches a tool offers from its memory: not the translation.
            Event::Start(e) if e.local_name().as_ref() == b"alt-trans" => {
                reader
                    .read_to_end(e.name())
                    .map_err(|e| fail(format!("the file is not well-formed XML: {e}")))?;
            }
            Event::Start(e) if unit.is_some() && e.local_name().as_ref() == b"source" => {
                let pieces = read_inline(&mut reader, &lines, b"source")?;
                if let Some(unit) = unit.as_mut() {
                    unit.source = pieces;
                }
            }
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == b"target"
                    && unit.as_ref().is_some_and(|u| u.target.is_some()) =>
            {
                let id = unit.as_ref().map(|u| u.id.as_str()).unwrap_or_default();
                return Err(fail(format!(
                    "unit {id} has a second <target>: keep one translation in each <trans-unit> (tool matches belong in <alt-trans>)"
                )));
            }
            Event::Start(e) if unit.is_some() && e.local_name().as_ref() == b"target" => {
                // `new` and the `needs-…` states are not finished translations.
                let review =
                    attribute(&e, "state").is_some_and(|s| s.starts_with("needs-") || s == "new");
                let pieces = read_inline(&mut reader, &lines, b"target")?;
                if let Some(unit) = unit.as_mut() {
                    unit.review = review;
                    unit.target = Some(pieces);
                }
            }
            Event::Empty(e) if unit.is_some() && e.local_name().as_ref() == b"target" => {
                if let Some(unit) = unit.as_mut() {
                    unit.target = Some(Vec::new());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_xliff {
        return Err(ReadError {
            line: 1,
            message: "the file is not XLIFF (it has no <xliff> element)".into(),
        });
    }
    Ok(document)
}

/// The inline content of a `<source>` or `<target>` up to its end tag.
fn read_inline(
    reader: &mut quick_xml::Reader<&[u8]>,
    lines: &Lines,
    end: &[u8],
) -> Result<Vec<Piece>, ReadError> {
    let mut pieces = Vec::new();
    let mut open: Vec<u32> = Vec::new();
    let mut text = String::new();
    loop {
        let line = lines.line(reader.buffer_position() as usize);
        let fail = |message: String| ReadError { line, message };
        let event = reader
            .read_event()
            .map_err(|e| fail(format!("the file is not well-formed XML: {e}")))?;
        let flush = |pieces: &mut Vec<Piece>, text: &mut String| {
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(text)));
            }
        };
        match event {
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| fail(e.to_string()))?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| fail(e.to_string()))?),
            Event::GeneralRef(r) => text.push_str(&reference(&r).map_err(fail)?),
            Event::Start(e) if e.local_name().as_ref() == b"g" => {
                let id = placeholder_id(&e).map_err(fail)?;
                flush(&mut pieces, &mut text);
                pieces.push(Piece::Open(id));
                open.push(id);
            }
            Event::End(e) if e.local_name().as_ref() == b"g" => {
                flush(&mut pieces, &mut text);
                let Some(id) = open.pop() else {
                    return Err(fail("</g> closes nothing".into()));
                };
                pieces.push(Piece::Close(id));
            }
            Event::Empty(e) if e.local_name().as_ref() == b"x" => {
                let id = placeholder_id(&e).map_err(fail)?;
                flush(&mut pieces, &mut text);
                pieces.push(Piece::Standalone(id));
            }
            Event::Empty(e) if e.local_name().as_ref() == b"g" => {
                let id = placeholder_id(&e).map_err(fail)?;
                flush(&mut pieces, &mut text);
                pieces.push(Piece::Open(id));
                pieces.push(Piece::Close(id));
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"mrk" => {}
            Event::End(e) if e.local_name().as_ref() == b"mrk" => {}
            Event::End(e) if e.local_name().as_ref() == end => {
                flush(&mut pieces, &mut text);
                return Ok(pieces);
            }
            Event::Start(e) | Event::Empty(e) => {
                return Err(fail(format!(
                    "<{}> is not a placeholder dilmanc writes (only <g> and <x/>)",
                    String::from_utf8_lossy(e.local_name().as_ref())
                )));
            }
            Event::Eof => return Err(fail("the file ends inside a unit".into())),
            _ => {}
        }
    }
}

fn placeholder_id(e: &BytesStart) -> Result<u32, String> {
    attribute(e, "id")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| "a placeholder without a numeric id".to_owned())
}

fn reference(r: &quick_xml::events::BytesRef) -> Result<String, String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|e| e.to_string())?;
    match name.as_ref() {
        "amp" => Ok("&".into()),
        "lt" => Ok("<".into()),
        "gt" => Ok(">".into()),
        "quot" => Ok("\"".into()),
        "apos" => Ok("'".into()),
        other => Err(format!("unknown entity &{other};")),
    }
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| {
            a.key.local_name().as_ref() == name.as_bytes() || a.key.as_ref() == name.as_bytes()
        })
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document {
            source_lang: "az".into(),
            target_lang: "en".into(),
            exported_for: Some("en".into()),
            language_line: 0,
            pages: vec![PageDoc {
                original: "content/a.md".into(),
                target: "content/a.en.md".into(),
                url: "https://x.az/a/".into(),
                section: "".into(),
                hash: "0123456789abcdef".into(),
                state: State::Stale,
                seen: Seen::Hash("fedcba9876543210".into()),
                note: Some("Keep it short & plain".into()),
                units: vec![UnitDoc {
                    id: "u1".into(),
                    kind: "paragraph".into(),
                    source: vec![
                        Piece::Text("Bax <".into()),
                        Piece::Open(1),
                        Piece::Text("qayda & \"x\"".into()),
                        Piece::Close(1),
                        Piece::Standalone(2),
                    ],
                    target: Some(vec![
                        Piece::Open(1),
                        Piece::Text("See".into()),
                        Piece::Close(1),
                        Piece::Standalone(2),
                    ]),
                    review: true,
                    placeholders: vec![
                        (1, "link", "[…](@/b.md)".into()),
                        (2, "x-code", "`k`".into()),
                    ],
                    selectors: Vec::new(),
                    comment: None,
                    line: 0,
                }],
                line: 0,
            }],
        }
    }

    #[test]
    fn written_files_read_back() {
        let document = sample();
        let text = write(&document);
        assert!(
            text.contains("<g id=\"1\" ctype=\"link\">qayda &amp; &quot;x&quot;</g>"),
            "{text}"
        );
        assert!(
            text.contains("state=\"needs-review-translation\""),
            "{text}"
        );
        let back = read(&text).unwrap();
        let mut expected = document;
        expected.pages[0].note = None;
        expected.pages[0].state = State::Missing;
        expected.language_line = 3;
        expected.pages[0].line = 3;
        expected.pages[0].units[0].line = 16;
        assert!(text.lines().nth(15).unwrap().starts_with("<trans-unit"));
        expected.pages[0].units[0].placeholders.clear();
        assert_eq!(back, expected);
    }

    #[test]
    fn matches_offered_by_a_tool_are_not_the_translation() {
        let text = write(&sample()).replace(
            "</target>\n",
            "</target>\n<alt-trans match-quality=\"80\"><source>Bax</source><target>Look</target></alt-trans>\n",
        );
        assert!(text.contains("<alt-trans"));
        let back = read(&text).unwrap();
        assert_eq!(
            back.pages[0].units[0].target,
            sample().pages[0].units[0].target
        );
    }

    #[test]
    fn foreign_files_and_unknown_markup_are_refused_with_their_line() {
        let text = write(&sample());
        let other = text.replace(DATATYPE, "plaintext");
        assert_eq!(read(&other).unwrap_err().line, 3);
        let bpt = text.replace(
            "<target state=\"needs-review-translation\"><g id=\"1\" ctype=\"link\">",
            "<target><bpt id=\"1\">[</bpt>",
        );
        let error = read(&bpt).unwrap_err();
        assert!(error.message.contains("<bpt>"), "{error:?}");
        assert_eq!(error.line, 18);
        assert!(bpt.lines().nth(17).unwrap().contains("<bpt"));
        assert!(read("<html/>").unwrap_err().message.contains("not XLIFF"));
    }

    #[test]
    fn a_second_target_and_a_page_of_another_export_are_refused() {
        let text = write(&sample());
        let twice = text.replace("</target>\n", "</target>\n<target>Again</target>\n");
        let error = read(&twice).unwrap_err();
        assert!(
            error.message.contains("unit u1 has a second <target>"),
            "{error:?}"
        );
        assert!(
            twice
                .lines()
                .nth(error.line - 1)
                .unwrap()
                .starts_with("<target>Again")
        );
        let mut two = sample();
        two.pages.push(two.pages[0].clone());
        two.pages[1].original = "content/b.md".into();
        let text = write(&two);
        let at = text.rfind("language=en").unwrap();
        let other = format!("{}language=ru{}", &text[..at], &text[at + 11..]);
        let error = read(&other).unwrap_err();
        assert!(
            error.message.contains("content/b.md was exported for `ru`"),
            "{error:?}"
        );
    }
}
