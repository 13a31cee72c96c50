//! What export saw of a page's translation file (`page.L.md`): none, or the version named
//! by the hash of its bytes (the short SHA-256 that `[translation] hash` uses for
//! originals). The exchange file carries it (XLIFF: `translation=` in the page's
//! `<note from="dilmanc">`; PO: a `#. dilmanc-translation:` comment on each entry), and
//! import refuses to replace a translation file that was written or changed since, because
//! the translator's file was made without it.
//!
//! A page of interface messages (a `.ftl` original) records the same of each message or
//! term it offers ([`Seen::Messages`]): the language's `.ftl` files hold many messages, and
//! a translator may edit one by hand while the others are out for translation.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Result, io_error};

/// The state of a translation file when its page was exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The exchange file does not say: an older dilmanc wrote it, or a tool dropped the
    /// record.
    Unrecorded,
    /// There was no translation file.
    Absent,
    /// There was one; the short SHA-256 of its bytes.
    Hash(String),
    /// For a page of interface messages: the translation of each message or term offered,
    /// by id, as the hash of its Fluent entry (`fluent_record::message_hash`), or `None`
    /// where the language did not define it.
    Messages(BTreeMap<String, Option<String>>),
}

/// The record's word for [`Seen::Absent`], and for a message the language did not define.
const ABSENT: &str = "none";
/// The first word of the record of [`Seen::Messages`]: `messages id:hash id:none ...`.
const MESSAGES: &str = "messages";

impl Seen {
    /// The translation file at `path` (relative to `root`) as it is now.
    pub fn of(root: &Path, path: &Path) -> Result<Seen> {
        match std::fs::read(root.join(path)) {
            Ok(bytes) => Ok(Seen::Hash(crate::hash::short_sha256(&bytes))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Seen::Absent),
            Err(e) => Err(io_error(path, "read", &e).into()),
        }
    }

    /// The value written into the exchange file: `none`, the hash, or `messages` and an
    /// `id:hash` or `id:none` for each message (a Fluent id has no `:` and no space);
    /// `None` when unrecorded.
    pub fn record(&self) -> Option<String> {
        match self {
            Seen::Unrecorded => None,
            Seen::Absent => Some(ABSENT.to_owned()),
            Seen::Hash(hash) => Some(hash.clone()),
            Seen::Messages(messages) => {
                let mut record = MESSAGES.to_owned();
                for (id, hash) in messages {
                    record.push_str(&format!(" {id}:{}", hash.as_deref().unwrap_or(ABSENT)));
                }
                Some(record)
            }
        }
    }

    /// The state a record value of the exchange file names. A messages record that does
    /// not read as one is taken as unrecorded, which never replaces a translation.
    pub fn from_record(value: &str) -> Seen {
        let value = value.trim();
        if let Some(list) = value.strip_prefix(MESSAGES)
            && (list.is_empty() || list.starts_with(char::is_whitespace))
        {
            let messages: Option<BTreeMap<String, Option<String>>> = list
                .split_whitespace()
                .map(|pair| {
                    let (id, hash) = pair.split_once(':')?;
                    let hash = (hash != ABSENT).then(|| hash.to_owned());
                    Some((id.to_owned(), hash))
                })
                .collect();
            return messages.map_or(Seen::Unrecorded, Seen::Messages);
        }
        match value {
            "" => Seen::Unrecorded,
            ABSENT => Seen::Absent,
            hash => Seen::Hash(hash.to_owned()),
        }
    }

    /// What export saw of the message `id` of a page of messages: unrecorded when the
    /// record is not a messages record or does not name it.
    pub fn of_message(&self, id: &str) -> Seen {
        let Seen::Messages(messages) = self else {
            return Seen::Unrecorded;
        };
        match messages.get(id) {
            None => Seen::Unrecorded,
            Some(None) => Seen::Absent,
            Some(Some(hash)) => Seen::Hash(hash.clone()),
        }
    }
}

/// Why import may not replace the translation file `target` (relative to `root`), which
/// export saw as `seen`: it was written or changed since, or the exchange file does not
/// say what it was. The message and the help, both naming the file; `None` when nothing
/// would be lost (`overwrite` allows replacing a changed file).
pub fn refusal(
    root: &Path,
    target: &Path,
    seen: &Seen,
    overwrite: bool,
) -> Result<Option<(String, String)>> {
    let now = Seen::of(root, target)?;
    Ok(changed_since_export(
        &target.display().to_string(),
        seen,
        &now,
        overwrite,
    ))
}

/// Why import may not replace `shown` (a translation file, or a message in one), which is
/// `now` and which export saw as `seen`: the message and the help; `None` when nothing
/// would be lost.
pub fn changed_since_export(
    shown: &str,
    seen: &Seen,
    now: &Seen,
    overwrite: bool,
) -> Option<(String, String)> {
    if overwrite || *now == Seen::Absent || now == seen {
        return None;
    }
    let message = match seen {
        Seen::Absent => format!(
            "{shown} was written after the export, which saw no translation there: importing would replace it"
        ),
        Seen::Hash(_) => format!(
            "{shown} changed after the export: importing would replace those changes with the translation of the version exported"
        ),
        Seen::Unrecorded | Seen::Messages(_) => format!(
            "{shown} exists, and the file does not record which version of it the export saw (an older dilmanc wrote it, or a tool dropped dilmanc's record): importing might replace changes made since"
        ),
    };
    let help = format!(
        "export again (the current translation becomes the target to review) and merge the two translations in your tool, then import that file; or pass --overwrite to replace {shown} with this file's translation"
    );
    Some((message, help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_or_new_translation_is_refused_and_an_unchanged_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let path = Path::new("a.en.md");
        let absent = Seen::of(root, path).unwrap();
        assert_eq!(absent, Seen::Absent);
        std::fs::write(root.join(path), "mine").unwrap();
        let first = Seen::of(root, path).unwrap();
        assert_eq!(Seen::from_record(&first.record().unwrap()), first);
        assert!(refusal(root, path, &first, false).unwrap().is_none());
        let (message, help) = refusal(root, path, &absent, false).unwrap().unwrap();
        assert!(
            message.contains("a.en.md was written after the export"),
            "{message}"
        );
        assert!(help.contains("--overwrite"), "{help}");
        assert!(
            refusal(root, path, &Seen::Unrecorded, false)
                .unwrap()
                .is_some()
        );
        std::fs::write(root.join(path), "changed").unwrap();
        assert!(refusal(root, path, &first, false).unwrap().is_some());
        assert!(refusal(root, path, &first, true).unwrap().is_none());
        std::fs::remove_file(root.join(path)).unwrap();
        // Nothing is lost by writing a file deleted since the export.
        assert!(refusal(root, path, &first, false).unwrap().is_none());
    }

    #[test]
    fn a_messages_record_reads_back_and_names_each_message() {
        let seen = Seen::Messages(BTreeMap::from([
            ("-brand".to_owned(), Some("0123456789abcdef".to_owned())),
            ("nav-press".to_owned(), None),
        ]));
        let record = seen.record().unwrap();
        assert_eq!(record, "messages -brand:0123456789abcdef nav-press:none");
        // A PO record split over comment lines is joined with spaces.
        assert_eq!(
            Seen::from_record("messages -brand:0123456789abcdef   nav-press:none "),
            seen
        );
        assert_eq!(seen.of_message("nav-press"), Seen::Absent);
        assert_eq!(
            seen.of_message("-brand"),
            Seen::Hash("0123456789abcdef".to_owned())
        );
        assert_eq!(seen.of_message("other"), Seen::Unrecorded);
        assert_eq!(
            Seen::from_record("messages"),
            Seen::Messages(BTreeMap::new())
        );
        assert_eq!(Seen::from_record("messages nav-press"), Seen::Unrecorded);
        assert_eq!(
            Seen::Hash("x".into()).of_message("nav-press"),
            Seen::Unrecorded
        );
        let mine = Seen::Hash("fedcba9876543210".to_owned());
        let (message, _) = changed_since_export(
            "locales/en/site.ftl: message nav-press",
            &Seen::Absent,
            &mine,
            false,
        )
        .unwrap();
        assert!(
            message.contains("was written after the export"),
            "{message}"
        );
        assert!(changed_since_export("m", &mine, &mine, false).is_none());
        assert!(changed_since_export("m", &Seen::Absent, &mine, true).is_none());
    }
}
