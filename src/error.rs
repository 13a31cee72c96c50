//! Errors a user can cause, each with the place it comes from and a hint to fix it.
//!
//! Every stage collects independent errors into [`Errors`] instead of stopping at the first,
//! so one run reports all broken front matter at once. An [`Error`] renders as a rustc-style
//! diagnostic through [`miette`]: `path:line:column: message`, the offending source line with
//! a caret, and a `help:` line.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode, SourceSpan};

/// A result whose error is one or more [`Error`]s.
pub type Result<T, E = Errors> = std::result::Result<T, E>;

/// Where an error was found: a file, and the line and column when known (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: Option<usize>,
    /// 1-based column, counted in characters.
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// The text of a file and a byte range in it, shown under the message.
#[derive(Debug, Clone)]
struct Snippet {
    source: NamedSource<Arc<str>>,
    span: SourceSpan,
}

/// One problem in the site: what is wrong, where, and how to fix it.
#[derive(Debug, Clone)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone)]
struct Inner {
    message: String,
    location: Option<Location>,
    help: Option<String>,
    snippet: Option<Snippet>,
    command_line: bool,
}

impl Error {
    /// An error with a message and nothing else yet.
    pub fn new(message: impl Into<String>) -> Self {
        Self(Box::new(Inner {
            message: message.into(),
            location: None,
            help: None,
            snippet: None,
            command_line: false,
        }))
    }

    /// An error in `path` as a whole (no line known).
    pub fn in_file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(message).at(Location {
            path: path.into(),
            line: None,
            column: None,
        })
    }

    /// An error at byte `range` of `text`, the contents of `path`: the line and column are
    /// computed from the offset and the source line is shown with a caret.
    pub fn at_span(
        path: impl Into<PathBuf>,
        text: &Arc<str>,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let path = path.into();
        let start = clamp_to_char_boundary(text, range.start);
        let end = clamp_to_char_boundary(text, range.end.max(start));
        let (line, column) = line_column(text, start);
        let mut error = Self::new(message).at(Location {
            path: path.clone(),
            line: Some(line),
            column: Some(column),
        });
        error.0.snippet = Some(Snippet {
            source: NamedSource::new(path.display().to_string(), Arc::clone(text)),
            span: SourceSpan::from(start..end),
        });
        error
    }

    /// Sets the location.
    pub fn at(mut self, location: Location) -> Self {
        self.0.location = Some(location);
        self
    }

    /// Adds a hint that tells the user what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// Marks the error as a wrong command line rather than a problem of the site: an
    /// argument names something that is not there or cannot be (a section, a language, a
    /// folder, a URL). The binary exits with status 2 for it, as for a mistyped flag.
    pub fn on_command_line(mut self) -> Self {
        self.0.command_line = true;
        self
    }

    /// Whether the command line was wrong (see [`Error::on_command_line`]).
    pub fn is_command_line(&self) -> bool {
        self.0.command_line
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Where it is wrong, when known.
    pub fn location(&self) -> Option<&Location> {
        self.0.location.as_ref()
    }

    /// The hint, when there is one.
    pub fn help(&self) -> Option<&str> {
        self.0.help.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.location {
            Some(location) => write!(f, "{location}: {}", self.0.message),
            None => f.write_str(&self.0.message),
        }
    }
}

impl std::error::Error for Error {}

impl Diagnostic for Error {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.0
            .snippet
            .as_ref()
            .map(|snippet| &snippet.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = self.0.snippet.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("here".to_owned()),
            snippet.span,
        ))))
    }
}

/// One or more errors, reported together.
#[derive(Debug, Clone, Default)]
pub struct Errors(Vec<Error>);

impl Errors {
    /// An empty collection to push into.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Adds one error.
    pub fn push(&mut self, error: Error) {
        self.0.push(error);
    }

    /// Adds every error of another collection.
    pub fn extend(&mut self, other: Errors) {
        self.0.extend(other.0);
    }

    /// Whether nothing was collected.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether one of the errors is a wrong command line: fixing the command comes first.
    pub fn is_command_line(&self) -> bool {
        self.0.iter().any(Error::is_command_line)
    }

    /// The errors in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Error> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was collected, else these errors sorted by location.
    pub fn into_result<T>(mut self, value: T) -> Result<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort_by(|a, b| {
                let key = |e: &Error| {
                    e.0.location
                        .as_ref()
                        .map(|l| (l.path.clone(), l.line, l.column))
                };
                key(a).cmp(&key(b))
            });
            Err(self)
        }
    }
}

impl From<Error> for Errors {
    fn from(error: Error) -> Self {
        Self(vec![error])
    }
}

impl FromIterator<Error> for Errors {
    fn from_iter<I: IntoIterator<Item = Error>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl IntoIterator for Errors {
    type Item = Error;
    type IntoIter = std::vec::IntoIter<Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Turns an I/O failure on `path` into an error that names the file.
pub fn io_error(path: &Path, action: &str, error: &std::io::Error) -> Error {
    Error::in_file(path, format!("cannot {action}: {error}"))
}

/// The 1-based line and character column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = clamp_to_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn clamp_to_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\nəşç x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // "əşç " is 7 bytes: x is the 5th character of line 2.
        assert_eq!(line_column(text, 10), (2, 5));
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn display_puts_the_location_first() {
        let text: Arc<str> = Arc::from("+++\ntitl = 1\n+++\n");
        let error = Error::at_span("content/a.md", &text, 4..8, "unknown key `titl`");
        assert_eq!(error.to_string(), "content/a.md:2:1: unknown key `titl`");
    }
}
