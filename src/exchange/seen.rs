//! What export saw of a page's translation file (`page.L.md`): none, or the version named
//! by the hash of its bytes (the short SHA-256 that `[translation] hash` uses for
//! originals). The exchange file carries it (XLIFF: `translation=` in the page's
//! `<note from="dilmanc">`; PO: a `#. dilmanc-translation:` comment on each entry), and
//! import refuses to replace a translation file that was written or changed since, because
//! the translator's file was made without it.

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
}

/// The record's word for [`Seen::Absent`].
const ABSENT: &str = "none";

impl Seen {
    /// The translation file at `path` (relative to `root`) as it is now.
    pub fn of(root: &Path, path: &Path) -> Result<Seen> {
        match std::fs::read(root.join(path)) {
            Ok(bytes) => Ok(Seen::Hash(crate::hash::short_sha256(&bytes))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Seen::Absent),
            Err(e) => Err(io_error(path, "read", &e).into()),
        }
    }

    /// The value written into the exchange file: `none` or the hash; `None` when unrecorded.
    pub fn record(&self) -> Option<&str> {
        match self {
            Seen::Unrecorded => None,
            Seen::Absent => Some(ABSENT),
            Seen::Hash(hash) => Some(hash),
        }
    }

    /// The state a record value of the exchange file names.
    pub fn from_record(value: &str) -> Seen {
        match value.trim() {
            "" => Seen::Unrecorded,
            ABSENT => Seen::Absent,
            hash => Seen::Hash(hash.to_owned()),
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
    if overwrite || now == Seen::Absent || &now == seen {
        return Ok(None);
    }
    let shown = target.display();
    let message = match seen {
        Seen::Absent => format!(
            "{shown} was written after the export, which saw no translation there: importing would replace it"
        ),
        Seen::Hash(_) => format!(
            "{shown} changed after the export: importing would replace those changes with the translation of the version exported"
        ),
        Seen::Unrecorded => format!(
            "{shown} exists, and the file does not record which version of it the export saw (an older dilmanc wrote it, or a tool dropped dilmanc's record): importing might replace changes made since"
        ),
    };
    let help = format!(
        "export the page again (the current translation becomes the target to review) and merge the two translations in your tool, then import that file; or pass --overwrite to replace {shown} with this file's translation"
    );
    Ok(Some((message, help)))
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
        assert_eq!(Seen::from_record(first.record().unwrap()), first);
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
}
