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

/// The byte offset and the character of the first forbidden character of `text`.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| is_forbidden(c))
}

/// How a forbidden character is named in messages: `U+001B (ESC)`.
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{0}' => " (NUL)",
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
    fn strip_removes_only_forbidden_characters() {
        assert_eq!(strip("a\u{0}b\u{1b}c\td\u{fffe}"), "abc\td");
        assert!(matches!(strip("Şəhər"), Cow::Borrowed(_)));
        assert_eq!(describe('\u{1b}'), "U+001B (ESC)");
    }
}
