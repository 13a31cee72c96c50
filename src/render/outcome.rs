//! What the files of one build came to: what was written where, the errors of rendering
//! and of writing, and which of them to report.

use std::collections::BTreeSet;

use super::Rendered;
use crate::error::{Error, Errors, Result};
use crate::i18n::MessageFallback;
use crate::output::Written;

/// What the files of one build came to.
#[derive(Default)]
pub(super) struct Outcome {
    written: Vec<Written>,
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
            Ok(written) => self.written.push(written),
            Err(e) => self.render_errors.push(e),
        }
        if let Some(e) = write_error {
            self.write_errors.push(e);
        }
    }

    /// Whether the files so far were written and no two of them claim one path.
    pub(super) fn is_clean(&self) -> bool {
        self.render_errors.is_empty()
            && self.write_errors.is_empty()
            && crate::output::check_unique_paths(&self.written).is_empty()
    }

    /// A clash explains a failed write (a file where a folder must go), so it comes first.
    pub(super) fn finish(self) -> Result<Rendered> {
        let clashes = crate::output::check_unique_paths(&self.written);
        if !clashes.is_empty() {
            return Err(clashes);
        }
        let rendered = Rendered {
            written: self.written,
            fallbacks: self.fallbacks.into_iter().collect(),
        };
        self.write_errors.into_result(rendered)
    }
}

/// The same template error hit by many files is reported once.
pub(super) fn dedup(errors: Errors) -> Errors {
    let mut seen = std::collections::HashSet::new();
    errors
        .into_iter()
        .filter(|e| seen.insert(e.to_string()))
        .collect()
}
