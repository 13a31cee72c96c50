//! The search index's text handling on arbitrary text (`dilmanc::search_properties`, built
//! with `--cfg fuzzing`): the word cutter against a plain one, the text of Markdown events
//! against the text of its HTML, and an index of the texts in which every word must be
//! found in its page as `search.js` looks it up, the same bytes twice.
//!
//! Input: a language (the first byte picks az, en, ru, ar, tr or fr), then up to eight
//! texts separated by U+001E (record separator); each is a page's body.
#![no_main]

use dilmanc::search_properties::{check_index, check_markdown_text, check_words};
use libfuzzer_sys::fuzz_target;

const LANGUAGES: [&str; 6] = ["az", "en", "ru", "ar", "tr", "fr"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let lang = LANGUAGES[usize::from(first) % LANGUAGES.len()];
    let text = String::from_utf8_lossy(rest);
    let texts: Vec<&str> = text.split('\u{1e}').take(8).collect();
    for text in &texts {
        check_words(text);
        check_markdown_text(text);
    }
    check_index(lang, &texts);
});
