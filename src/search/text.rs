//! The plain text of a page's rendered Markdown, and the text of its headings, for the
//! index and the excerpts. No HTML survives: tags go, entities are decoded, and block
//! elements end in a space so that words of two paragraphs do not run together.

use std::borrow::Cow;

/// The text of a rendered body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct PlainText {
    /// Everything, headings included, with runs of white space as one space.
    pub(crate) body: String,
    /// The text of the `<h1>`–`<h6>` elements, one space apart.
    pub(crate) headings: String,
}

/// The plain text of `html`, as `markdown::render` writes it.
pub(crate) fn plain_text(html: &str) -> PlainText {
    // The text is shorter than its HTML: room for it once, then what is left given back.
    let mut out = PlainText {
        body: String::with_capacity(html.len()),
        headings: String::new(),
    };
    let mut in_heading = false;
    let mut skip = false;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(tag_start) = rest.strip_prefix('<') {
            let end = tag_start.find('>').map_or(tag_start.len(), |e| e + 1);
            let tag = &tag_start[..end.saturating_sub(1)];
            let name = tag_name(tag);
            let closing = tag.starts_with('/');
            match &*name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    in_heading = !closing;
                    push_space(&mut out.headings);
                }
                "script" | "style" | "template" => skip = !closing,
                _ => {}
            }
            if !is_inline(&name) {
                push_space(&mut out.body);
            }
            rest = &tag_start[end..];
            continue;
        }
        let next = rest.find('<').unwrap_or(rest.len());
        if !skip {
            let text = decode(&rest[..next]);
            push_text(&mut out.body, &text);
            if in_heading {
                push_text(&mut out.headings, &text);
            }
        }
        rest = &rest[next..];
    }
    out.body.truncate(out.body.trim_end().len());
    out.body.shrink_to_fit();
    out.headings.truncate(out.headings.trim_end().len());
    out
}

/// The name of the element of `tag` (the text between `<` and `>`), in lowercase; borrowed
/// when it is (a copy per tag was a tenth of the time spent here).
fn tag_name(tag: &str) -> Cow<'_, str> {
    let tag = tag.trim_start_matches('/');
    let end = tag
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    let name = &tag[..end];
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        name.to_ascii_lowercase().into()
    } else {
        name.into()
    }
}

/// Whether the element `name` is inline: it does not end a word.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "em"
            | "strong"
            | "code"
            | "span"
            | "del"
            | "s"
            | "sup"
            | "sub"
            | "abbr"
            | "b"
            | "i"
            | "mark"
            | "small"
            | "kbd"
            | "q"
            | "time"
            | "bdi"
            | "bdo"
    )
}

/// Appends a space unless `out` is empty or ends in one.
pub(super) fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Appends `text` with each run of white space as one space (none at the start of `out`).
/// A single space after a word is already what it becomes, and is copied with the words
/// around it: most texts are appended in a few pieces, not a word at a time.
pub(super) fn push_text(out: &mut String, text: &str) {
    // The text after an inline element usually starts with one space (" more" after
    // "**bold**"): that space is what it becomes, and the rest is looked at on its own.
    let (space, rest) = match text.as_bytes() {
        [b' ', next, ..] if !may_start_space(*next) => (true, &text[1..]),
        _ => (false, text),
    };
    if !rest.starts_with(' ') && single_spaces_only(rest.as_bytes()) {
        if space {
            push_space(out);
        }
        out.push_str(rest);
        return;
    }
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(found) = bytes[i..].iter().position(|&b| may_start_space(b)) {
        let start = i + found;
        let Some(len) = space_at(text, start) else {
            i = start + 1;
            continue;
        };
        let mut end = start + len;
        while let Some(len) = space_at(text, end) {
            end += len;
        }
        // One space after a word stays as it is, copied with the words around it.
        if !(start > 0 && end == start + 1 && bytes[start] == b' ') {
            out.push_str(&text[copied..start]);
            push_space(out);
            copied = end;
        }
        i = end;
    }
    out.push_str(&text[copied..]);
}

/// Whether the only white space of `bytes` is single spaces: no two spaces in a row and no
/// byte that may start another white space character. The text of a line of Markdown
/// usually is, and is then appended as it is. Both tests look at every byte without
/// stopping, which the compiler turns into vector instructions: this was a tenth of
/// reading the documents when it stopped at every space.
fn single_spaces_only(bytes: &[u8]) -> bool {
    let other = bytes.iter().fold(false, |found, &b| {
        found | (b.wrapping_sub(b'\t') < 5) | (b == 0xC2) | (b.wrapping_sub(0xE1) < 3)
    });
    let double = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .fold(false, |found, (&a, &b)| found | ((a == b' ') & (b == b' ')));
    !other && !double
}

/// The length in bytes of the white space character at byte `i` of `text`, if one starts
/// there. Only the bytes that may start one are decoded: the letters of Azerbaijani,
/// Russian and Arabic are skipped a byte at a time.
fn space_at(text: &str, i: usize) -> Option<usize> {
    let byte = *text.as_bytes().get(i)?;
    if !may_start_space(byte) {
        return None;
    }
    // Not a continuation byte: `i` is a character boundary.
    let c = text[i..].chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

/// Whether `byte` may be the first byte of a white space character in UTF-8: the ASCII
/// ones, and the lead bytes of U+0085 and U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F
/// (0xE2) and U+3000 (0xE3). None of them is a continuation byte.
fn may_start_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// `text` with its character references decoded.
fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::{may_start_space, plain_text, push_space, push_text, single_spaces_only};

    #[test]
    fn tags_go_and_entities_are_decoded() {
        let text = plain_text(
            "<h2 id=\"x\">Lazım olan <em>sənədlər</em></h2>\n<p>Rüsum &amp; müddət: 5&#160;gün</p><ul><li>bir</li><li>iki</li></ul>",
        );
        assert_eq!(text.headings, "Lazım olan sənədlər");
        assert_eq!(
            text.body,
            "Lazım olan sənədlər Rüsum & müddət: 5 gün bir iki"
        );
    }

    #[test]
    fn every_white_space_character_starts_with_a_byte_looked_at() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let mut bytes = [0; 4];
            let first = c.encode_utf8(&mut bytes).as_bytes()[0];
            assert!(!c.is_whitespace() || may_start_space(first), "{c:?}");
        }
    }

    #[test]
    fn single_spaces_only_sees_every_other_space() {
        assert!(single_spaces_only(b"a b c "));
        assert!(single_spaces_only("şəhər ı ö я مدرسة".as_bytes()));
        // A character whose first byte may start white space goes the long way.
        assert!(!single_spaces_only("a·b".as_bytes()));
        for text in [
            "a  b",
            "a\tb",
            "a\nb",
            "a\u{a0}b",
            "a\u{2003}b",
            "a\u{3000}b",
            "  ",
        ] {
            assert!(!single_spaces_only(text.as_bytes()), "{text:?}");
        }
    }

    #[test]
    fn runs_of_white_space_are_one_space() {
        let mut out = String::new();
        push_text(&mut out, "\u{a0} a\u{2003}\u{3000}—b\u{b}c·  ");
        assert_eq!(out, "a —b c· ");
        for (before, text, after) in [
            ("", " a b  c ", "a b c "),
            ("x", " a b", "x a b"),
            ("x ", " a b", "x a b"),
            ("x", "a \u{a0}b\u{a0}c ·d\n", "xa b c ·d "),
            ("x", "", "x"),
            ("", "   ", ""),
            ("", " ab", "ab"),
            ("x ", " ab", "x ab"),
            ("x", " a\u{a0}b", "x a b"),
            ("x", " \u{a0}b", "x b"),
        ] {
            let mut out = before.to_owned();
            push_text(&mut out, text);
            assert_eq!(out, after, "{before:?} + {text:?}");
        }
    }

    #[test]
    fn push_text_agrees_with_pushing_a_character_at_a_time() {
        // Each white space character is pushed as `push_space` does, every other as it is.
        fn reference(out: &mut String, text: &str) {
            for c in text.chars() {
                if c.is_whitespace() {
                    push_space(out);
                } else {
                    out.push(c);
                }
            }
        }
        let pieces = [
            " ", " ", "  ", "a", "ə", "b c", "·", "\u{a0}", "\n", "\t", "\u{2003}", "\u{3000}", "я",
        ];
        let befores = ["", "x", "x ", "ə"];
        let mut draws = crate::test_draws::Draws::new(0x5851_f42d_4c95_7f2d);
        for _ in 0..20_000 {
            let text: String = (0..draws.below(6))
                .map(|_| pieces[draws.below(pieces.len())])
                .collect();
            let before = befores[draws.below(befores.len())];
            let (mut out, mut expected) = (before.to_owned(), before.to_owned());
            push_text(&mut out, &text);
            reference(&mut expected, &text);
            assert_eq!(out, expected, "{before:?} + {text:?}");
        }
    }

    #[test]
    fn markup_looking_text_stays_text() {
        let text = plain_text("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
        assert_eq!(text.body, "<script>alert(1)</script>");
    }
}
