//! Which version of an original message a translation was made from: import writes a
//! comment line right above each translated message or term, [`RECORD`] and the
//! original's [`message_hash`]; a translation whose record no longer matches is stale, one
//! without a record unchecked ([`state`]).

use std::collections::HashMap;

use fluent_syntax::ast::Entry;

use super::State;
use super::fluent::{comment_of, entry_id, parse};

/// The start of the comment line that records the version a translated message was made
/// from: `# dilmanc-source: 0123456789abcdef`.
pub(crate) const RECORD: &str = "dilmanc-source:";

/// The hash that names a version of a message or term: the first 16 hex digits of the
/// SHA-256 of its Fluent source as fluent-syntax writes it, without its comment (so that
/// layout and comments do not count, and every change of text, variant or attribute does).
pub(crate) fn message_hash(entry: &Entry<&str>) -> String {
    let mut entry = entry.clone();
    match &mut entry {
        Entry::Message(m) => m.comment = None,
        Entry::Term(t) => t.comment = None,
        _ => {}
    }
    let resource = fluent_syntax::ast::Resource { body: vec![entry] };
    crate::hash::short_sha256(fluent_syntax::serializer::serialize(&resource).as_bytes())
}

/// The record line (`# dilmanc-source: …`) of a translation of the current version of the
/// message or term `id` of `text` (a file of the default language); `None` when `text` does
/// not define it.
pub(crate) fn record_of(text: &str, id: &str) -> Option<String> {
    parse(text)
        .body
        .iter()
        .find(|entry| entry_id(entry).as_deref() == Some(id))
        .map(|entry| format!("# {RECORD} {}", message_hash(entry)))
}

/// A message or term of a target language: the file that defines it, its record and its
/// AST.
pub(crate) struct Translated<'a> {
    /// The `.ftl` file name.
    pub(crate) file: String,
    /// The hash of the original it was translated from, when import recorded it.
    pub(crate) record: Option<String>,
    /// The message or term.
    pub(crate) entry: Entry<&'a str>,
}

/// The messages and terms the `.ftl` files of a language define (`(file name, text)`), by
/// id; the first definition counts, as in the site's bundles.
pub(crate) fn translated(files: &[(String, String)]) -> HashMap<String, Translated<'_>> {
    let mut found = HashMap::new();
    for (name, text) in files {
        for entry in parse(text).body {
            let Some(id) = entry_id(&entry) else {
                continue;
            };
            let record = comment_of(&entry).and_then(|c| {
                c.content
                    .iter()
                    .find_map(|line| line.trim().strip_prefix(RECORD))
                    .map(|hash| hash.trim().to_owned())
            });
            found.entry(id).or_insert(Translated {
                file: name.clone(),
                record,
                entry,
            });
        }
    }
    found
}

/// The state of a translation of a message whose current hash is `hash`: missing, current
/// or stale by its record, unchecked without one.
pub(crate) fn state(hash: &str, translation: Option<&Translated<'_>>) -> State {
    match translation {
        None => State::Missing,
        Some(t) => match &t.record {
            None => State::Unchecked,
            Some(record) if record == hash => State::Current,
            Some(_) => State::Stale,
        },
    }
}
