//! The token form of a unit's text, used in PO files and to compute unit ids.
//!
//! Plain text is written as it is, with `{` and `}` doubled. A paired placeholder number
//! `n` is written `{n}` before its text and `{/n}` after it; a standalone placeholder is
//! `{n/}`. For example `Read {1}the rules{/1} now{2/}.`.

use super::units::Piece;

/// The pieces as tokens.
pub fn to_tokens(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                for c in text.chars() {
                    match c {
                        '{' => out.push_str("{{"),
                        '}' => out.push_str("}}"),
                        c => out.push(c),
                    }
                }
            }
            Piece::Open(id) => out.push_str(&format!("{{{id}}}")),
            Piece::Close(id) => out.push_str(&format!("{{/{id}}}")),
            Piece::Standalone(id) => out.push_str(&format!("{{{id}/}}")),
        }
    }
    out
}

/// Reads tokens back into pieces; the error describes the first malformed token.
pub fn from_tokens(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                chars.next();
                plain.push('{');
            }
            '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                chars.next();
                plain.push('}');
            }
            '{' => {
                let Some(len) = text[at..].find('}') else {
                    return Err(format!(
                        "`{{` at {} is never closed by `}}` (write `{{{{` for a brace)",
                        at + 1
                    ));
                };
                let token = &text[at + 1..at + len];
                let piece = if let Some(number) = token.strip_prefix('/') {
                    number.parse().ok().map(Piece::Close)
                } else if let Some(number) = token.strip_suffix('/') {
                    number.parse().ok().map(Piece::Standalone)
                } else {
                    token.parse().ok().map(Piece::Open)
                };
                let Some(piece) = piece else {
                    return Err(format!(
                        "`{{{token}}}` is not a placeholder such as {{1}}, {{/1}} or {{1/}} (write `{{{{` for a brace)"
                    ));
                };
                if !plain.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut plain)));
                }
                pieces.push(piece);
                for _ in 0..token.chars().count() + 1 {
                    chars.next();
                }
            }
            '}' => {
                return Err(format!(
                    "`}}` at {} closes nothing (write `}}}}` for a brace)",
                    at + 1
                ));
            }
            c => plain.push(c),
        }
    }
    if !plain.is_empty() {
        pieces.push(Piece::Text(plain));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_braces_are_doubled() {
        let pieces = vec![
            Piece::Text("a {b} ".into()),
            Piece::Open(1),
            Piece::Text("c".into()),
            Piece::Close(1),
            Piece::Standalone(2),
        ];
        let text = to_tokens(&pieces);
        assert_eq!(text, "a {{b}} {1}c{/1}{2/}");
        assert_eq!(from_tokens(&text).unwrap(), pieces);
        assert!(from_tokens("a {x} b").unwrap_err().contains("{x}"));
        assert!(from_tokens("a } b").is_err());
        assert!(from_tokens("a {1 b").is_err());
    }
}
