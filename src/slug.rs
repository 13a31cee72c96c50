//! Slugs: lowercase ASCII path segments made from titles, file stems and tag names.
//!
//! Azerbaijani letters are mapped first (ə→e, ı→i, İ→i ...), because general
//! transliteration tables turn `ə` into `@` or drop it. Everything else goes through
//! [`any_ascii`], which transliterates Cyrillic, Arabic and the rest.

/// Turns any text into a slug: `a-z`, `0-9` and single dashes, no dash at either end.
///
/// ```
/// assert_eq!(dilmanc::slug::slugify("Şəhər İcra Hakimiyyəti"), "seher-icra-hakimiyyeti");
/// assert_eq!(dilmanc::slug::slugify("Москва 2017"), "moskva-2017");
/// ```
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut push = |c: char, slug: &mut String| {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    };
    for c in text.chars() {
        match azerbaijani_letter(c) {
            Some(ascii) => push(ascii, &mut slug),
            None if c.is_ascii() => push(c, &mut slug),
            None => {
                for a in any_ascii::any_ascii_char(c).chars() {
                    push(a, &mut slug);
                }
            }
        }
    }
    slug
}

/// The ASCII letter an Azerbaijani letter with a mark becomes, in either case (the search
/// index folds words with it too: `search::fold`).
pub(crate) fn azerbaijani_letter(c: char) -> Option<char> {
    Some(match c {
        // With the Cyrillic schwa (U+04D9, U+04D8), which keyboards and pasted text often
        // put for "ə": "Şәhәr" is the tag "Şəhər", not "sahar".
        'ə' | 'Ə' | 'ә' | 'Ә' => 'e',
        'ı' | 'I' | 'İ' | 'i' => 'i',
        'ö' | 'Ö' => 'o',
        'ü' | 'Ü' => 'u',
        'ğ' | 'Ğ' => 'g',
        'ş' | 'Ş' => 's',
        'ç' | 'Ç' => 'c',
        _ => return None,
    })
}

/// Removes a leading `YYYY-MM-DD-` from a file stem, as press releases are named.
///
/// ```
/// assert_eq!(dilmanc::slug::strip_date_prefix("2017-06-21-geneva"), "geneva");
/// assert_eq!(dilmanc::slug::strip_date_prefix("passport"), "passport");
/// ```
pub fn strip_date_prefix(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    let is_date = bytes.len() > 11
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit)
        && bytes[10] == b'-';
    if is_date { &stem[11..] } else { stem }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azerbaijani_letters_keep_their_base_letter() {
        assert_eq!(slugify("Əmək və Əhalinin"), "emek-ve-ehalinin");
        assert_eq!(
            slugify("Ş\u{4d9}h\u{4d9}r \u{4d8}RİZ\u{4d8}"),
            "seher-erize"
        );
        assert_eq!(slugify("ÇAĞIRIŞ, ŞÖBƏ, ÜNVAN"), "cagiris-sobe-unvan");
        assert_eq!(slugify("İşıq ı I"), "isiq-i-i");
        assert_eq!(slugify("göz ğ"), "goz-g");
    }

    #[test]
    fn cyrillic_is_transliterated() {
        assert_eq!(slugify("Новый центр услуг"), "novyy-tsentr-uslug");
    }

    #[test]
    fn punctuation_collapses_and_ends_are_trimmed() {
        assert_eq!(slugify("  --Hello,   World!-- "), "hello-world");
        assert_eq!(slugify("a/../b"), "a-b");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn date_prefix_needs_a_full_date_and_a_rest() {
        assert_eq!(strip_date_prefix("2017-06-21-"), "2017-06-21-");
        assert_eq!(strip_date_prefix("2017-06-2x-a"), "2017-06-2x-a");
        assert_eq!(strip_date_prefix("2026-01-05-yeni"), "yeni");
    }
}
