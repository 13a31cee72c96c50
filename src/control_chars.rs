//! Characters that may not reach the output: the control characters that XML 1.0 forbids
//! and HTML treats as errors (NUL, ESC, the C1 block ...), and the noncharacters U+FFFE
//! and U+FFFF. Content is checked for them when it is read, so that a stray byte from a
//! copied document is reported at its line instead of breaking a feed.

use std::borrow::Cow;

/// Whether `c` may not appear in a page or a feed. Tab, line feed and carriage return may.
///
/// ```
/// assert!(dilmanc::control_chars::is_forbidden('\u{0}'));
/// assert!(dilmanc::control_chars::is_forbidden('\u{1b}'));
/// assert!(!dilmanc::control_chars::is_forbidden('\n'));
/// assert!(!dilmanc::control_chars::is_forbidden('ə'));
/// ```
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// Bytes looked at together: a block without a byte that may start a forbidden character is
/// passed over at once.
const BLOCK: usize = 64;

/// The byte offset and the character of the first forbidden character of `text`.
///
/// Every content file goes through here. Decoding each character made this a twentieth of a
/// build, so the bytes are read in blocks (which the compiler turns into vector
/// instructions), and a character is decoded only where a byte may start a forbidden one.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    for (n, block) in bytes.chunks(BLOCK).enumerate() {
        if !block
            .iter()
            .fold(false, |found, &b| found | may_start_forbidden(b))
        {
            continue;
        }
        for (i, &b) in block.iter().enumerate() {
            if may_start_forbidden(b) {
                let at = n * BLOCK + i;
                // Not a continuation byte: `at` is a character boundary.
                let c = text[at..]
                    .chars()
                    .next()
                    .expect("a character at a boundary");
                if is_forbidden(c) {
                    return Some((at, c));
                }
            }
        }
    }
    None
}

/// Whether `byte` may be the first byte of a forbidden character in UTF-8: the forbidden
/// ASCII controls and DEL, and the lead bytes of U+0080–U+009F (0xC2) and U+FFFE, U+FFFF
/// (0xEF). None of them is a continuation byte.
fn may_start_forbidden(byte: u8) -> bool {
    (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r'))
        | (byte == 0x7F)
        | (byte == 0xC2)
        | (byte == 0xEF)
}

/// How a forbidden character is named in messages: `U+001B (ESC)`.
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{0}' => " (NUL)",
        '\u{7}' => " (BEL)",
        '\u{8}' => " (backspace)",
        '\u{c}' => " (form feed)",
        '\u{1b}' => " (ESC)",
        '\u{7f}' => " (DEL)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// The dotted key of the first string in `table` holding a forbidden character, with it.
pub fn first_forbidden_value(table: &toml::Table) -> Option<(String, char)> {
    fn walk(value: &toml::Value, key: &str) -> Option<(String, char)> {
        match value {
            toml::Value::String(text) => first_forbidden(text).map(|(_, c)| (key.to_owned(), c)),
            toml::Value::Array(items) => items.iter().find_map(|item| walk(item, key)),
            toml::Value::Table(table) => table.iter().find_map(|(name, value)| {
                walk(
                    value,
                    &if key.is_empty() {
                        name.clone()
                    } else {
                        format!("{key}.{name}")
                    },
                )
            }),
            _ => None,
        }
    }
    table.iter().find_map(|(name, value)| walk(value, name))
}

/// `text` without its forbidden characters: the last guard before XML is written.
pub fn strip(text: &str) -> Cow<'_, str> {
    if first_forbidden(text).is_none() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| !is_forbidden(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_key_of_an_escaped_control_character() {
        let table: toml::Table =
            toml::from_str("title = \"ok\"\n[service]\ndocuments = [\"a\", \"b\\u001bc\"]\n")
                .unwrap();
        assert_eq!(
            first_forbidden_value(&table),
            Some(("service.documents".to_owned(), '\u{1b}'))
        );
    }

    #[test]
    fn finds_the_first_forbidden_character_as_decoding_each_would() {
        // Characters near every byte the scan looks at, around the block edges.
        let alphabet = [
            'a', ' ', '\t', '\n', '\r', '\u{0}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}',
            '\u{a0}', 'ə', 'ş', 'Я', '\u{efff}', '\u{f000}', '\u{feff}', '\u{fffd}', '\u{fffe}',
            '\u{ffff}', '😀',
        ];
        let mut draws = crate::test_draws::Draws::new(0x9e37_79b9_7f4a_7c15);
        let mut next = |bound| draws.below(bound);
        for _ in 0..5_000 {
            let len = next(200);
            // Mostly harmless text, so that the first forbidden character comes late.
            let text: String = (0..len)
                .map(|_| {
                    if next(40) == 0 {
                        alphabet[next(alphabet.len())]
                    } else {
                        alphabet[[0, 1, 11, 12, 13, 14, 17, 18][next(8)]]
                    }
                })
                .collect();
            let expected = text.char_indices().find(|&(_, c)| is_forbidden(c));
            assert_eq!(first_forbidden(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn strip_removes_only_forbidden_characters() {
        assert_eq!(strip("a\u{0}b\u{1b}c\td\u{fffe}"), "abc\td");
        assert!(matches!(strip("Şəhər"), Cow::Borrowed(_)));
        assert_eq!(describe('\u{1b}'), "U+001B (ESC)");
    }
}
