//! What the files of one build came to: what was written where, the errors of rendering
//! and of writing, and which of them to report.

use std::collections::BTreeSet;

use super::Rendered;
use crate::error::{Error, Errors, Result};
use crate::i18n::MessageFallback;
use crate::output::Written;

/// The files of an earlier build, in the order it made them, found to claim no path twice:
/// a build that writes the same paths for the same origins needs no check (the
/// incremental engine). Reused files share their paths' `Arc`s, so comparing is cheap.
#[derive(Debug, Default)]
pub(crate) struct CheckedPaths {
    /// Every file.
    written: Vec<Written>,
    /// How many of them came before the pages were published ([`Outcome::is_clean`]).
    early: usize,
}

impl CheckedPaths {
    /// How many files were checked.
    pub(crate) fn len(&self) -> usize {
        self.written.len()
    }
}

/// What the files of one build came to.
#[derive(Default)]
pub(super) struct Outcome {
    /// Every file, in the order made; `None` for a job's file that the sink keeps from the
    /// last good build, whose path and origin are the checked paths' at the same place
    /// (a build hands the sink only the changed files when its jobs are those of the
    /// build whose paths were checked).
    written: Vec<Option<Written>>,
    pub(super) render_errors: Errors,
    write_errors: Errors,
    /// The messages the files showed from a fallback language.
    pub(super) fallbacks: BTreeSet<MessageFallback>,
}

impl Outcome {
    /// Counts one file: rendered (or its rendering error), and its write error if any.
    pub(super) fn add(
        &mut self,
        rendered: std::result::Result<Written, Error>,
        write_error: Option<Error>,
    ) {
        match rendered {
            Ok(written) => self.written.push(Some(written)),
            Err(e) => self.render_errors.push(e),
        }
        if let Some(e) = write_error {
            self.write_errors.push(e);
        }
    }

    /// Counts the file of a job that the sink keeps from the last good build, at the same
    /// place in the checked paths.
    pub(super) fn add_unchanged(&mut self) {
        self.written.push(None);
    }

    /// Whether the files so far are those of `checked`, which start with them: then they
    /// need no check.
    fn as_checked(&self, checked: &[Written]) -> bool {
        checked.len() == self.written.len()
            && checked
                .iter()
                .zip(&self.written)
                .all(|(checked, written)| written.as_ref().is_none_or(|w| w == checked))
    }

    /// Every file so far, those the sink kept taken from `checked`.
    fn materialized(&self, checked: Option<&CheckedPaths>) -> Vec<Written> {
        materialize(self.written.iter().cloned(), checked)
    }

    /// Whether the files so far were written and no two of them claim one path (not
    /// checked again when they are the first files of `checked`).
    pub(super) fn is_clean(&self, checked: Option<&CheckedPaths>) -> bool {
        self.render_errors.is_empty()
            && self.write_errors.is_empty()
            && (checked.is_some_and(|c| self.as_checked(&c.written[..c.early]))
                || crate::output::check_unique_paths(&self.materialized(checked)).is_empty())
    }

    /// What the build came to (its paths not checked again when they are `checked`'s). A
    /// clash explains a failed write (a file where a folder must go), so it comes first.
    pub(super) fn finish(self, checked: Option<&CheckedPaths>) -> Result<Rendered> {
        let written = materialize(self.written.into_iter(), checked);
        if checked.is_none_or(|c| c.written != written) {
            let clashes = crate::output::check_unique_paths(&written);
            if !clashes.is_empty() {
                return Err(clashes);
            }
        }
        let rendered = Rendered {
            written,
            fallbacks: self.fallbacks.into_iter().collect(),
        };
        self.write_errors.into_result(rendered)
    }

    /// The files so far, of which the first `early` came before the pages were published,
    /// to keep as [`CheckedPaths`] once [`Outcome::finish`] found them clean.
    pub(super) fn paths(&self, early: usize, checked: Option<&CheckedPaths>) -> CheckedPaths {
        CheckedPaths {
            written: self.materialized(checked),
            early,
        }
    }

    /// How many files were counted so far.
    pub(super) fn len(&self) -> usize {
        self.written.len()
    }
}

/// `written` with each file the sink kept (`None`) taken from `checked` at its place.
fn materialize(
    written: impl Iterator<Item = Option<Written>>,
    checked: Option<&CheckedPaths>,
) -> Vec<Written> {
    written
        .enumerate()
        .map(|(at, written)| {
            written.unwrap_or_else(|| {
                checked
                    .and_then(|checked| checked.written.get(at))
                    .expect("a kept job's file is at its place in the checked paths")
                    .clone()
            })
        })
        .collect()
}

/// The same template error hit by many files is reported once.
pub(super) fn dedup(errors: Errors) -> Errors {
    let mut seen = std::collections::HashSet::new();
    errors
        .into_iter()
        .filter(|e| seen.insert(e.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Origin;

    fn written(path: &str, origin: &str) -> Written {
        Written {
            path: path.into(),
            origin: Origin::from(std::path::Path::new(origin)),
        }
    }

    fn outcome(files: &[Written]) -> Outcome {
        let mut outcome = Outcome::default();
        for file in files {
            outcome.add(Ok(file.clone()), None);
        }
        outcome
    }

    /// Two pages that claim no path twice.
    fn clean() -> [Written; 2] {
        [
            written("a/index.html", "a.md"),
            written("b/index.html", "b.md"),
        ]
    }

    #[test]
    fn paths_equal_to_checked_ones_are_not_checked_again_and_others_are() {
        let clean = clean();
        let checked = outcome(&clean).paths(1, None);
        assert!(outcome(&clean[..1]).is_clean(Some(&checked)));
        assert!(outcome(&clean).finish(Some(&checked)).is_ok());

        // Another list is checked, with or without a checked one to compare with.
        let clash = [
            written("a/index.html", "a.md"),
            written("a/index.html", "c.md"),
        ];
        for checked in [Some(&checked), None] {
            assert!(!outcome(&clash[..]).is_clean(checked));
            assert!(outcome(&clash).finish(checked).is_err());
        }
        // A file where another needs a folder, after the same first file.
        let folder = [written("a/index.html", "a.md"), written("a", "d.md")];
        assert!(outcome(&folder).finish(Some(&checked)).is_err());
    }

    #[test]
    fn a_file_the_sink_kept_is_the_checked_one_at_its_place() {
        let clean = clean();
        let checked = outcome(&clean).paths(2, None);
        let mut kept = Outcome::default();
        kept.add_unchanged();
        kept.add(Ok(clean[1].clone()), None);
        assert!(kept.is_clean(Some(&checked)));
        assert_eq!(kept.paths(2, Some(&checked)).written, clean);
        assert_eq!(kept.finish(Some(&checked)).unwrap().written, clean);
        // A changed file that now claims the kept one's path is a clash.
        let mut clash = Outcome::default();
        clash.add_unchanged();
        clash.add(Ok(written("a/index.html", "b.md")), None);
        assert!(!clash.is_clean(Some(&checked)));
        assert!(clash.finish(Some(&checked)).is_err());
    }
}
