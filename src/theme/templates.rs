//! Loading the theme's and the site's templates into Tera, with every syntax error reported
//! at its file, line and column.
//!
//! A file in the site's `templates/` overrides the theme's file of the same name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Theme, files_under};
use crate::config::Config;
use crate::error::{Error, Errors, Result, io_error};
use crate::fingerprint::{Fingerprint, Fingerprinter};

/// A template's source, kept to report errors at their place.
#[derive(Debug, Clone)]
struct TemplateSource {
    path: PathBuf,
    text: Arc<str>,
}

/// The loaded templates and where each came from.
pub struct Templates {
    /// The Tera instance with every template added.
    pub tera: tera::Tera,
    sources: BTreeMap<String, TemplateSource>,
    /// For each template, the fingerprint of every template it reads (itself included).
    closures: BTreeMap<String, Fingerprint>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("names", &self.sources.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// Loads the theme's templates and the site's `templates/` into `tera`, which must
    /// already have its functions and filters registered.
    pub fn load(config: &Config, theme: &Theme, mut tera: tera::Tera) -> Result<Templates> {
        let mut errors = Errors::new();
        let mut sources = BTreeMap::new();
        let site = files_under(
            &config.root.join("templates"),
            Path::new("templates"),
            &config.boundary,
            &mut errors,
        );
        for file in theme.templates(&mut errors).into_iter().chain(site) {
            let text = match file.content.read() {
                Ok(bytes) => String::from_utf8(bytes.into_owned()),
                Err(e) => {
                    errors.push(io_error(&file.display, "read the template", &e));
                    continue;
                }
            };
            match text {
                Ok(text) => {
                    sources.insert(
                        file.relative,
                        TemplateSource {
                            path: file.display,
                            text: Arc::from(text),
                        },
                    );
                }
                Err(_) => errors.push(
                    Error::in_file(&file.display, "the template is not valid UTF-8")
                        .with_help("save it as UTF-8"),
                ),
            }
        }
        let templates = Templates {
            tera: tera.clone(),
            sources,
            closures: BTreeMap::new(),
        };
        // Syntax errors first, each template parsed on its own: one broken file must not
        // hide the others. Errors that need the other templates (unknown includes, missing
        // parents, unknown filters) are reported by the batch below.
        let mut broken = Vec::new();
        for (name, source) in &templates.sources {
            let mut single = tera.clone();
            if let Err(e) = single.add_raw_template(name, &source.text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                errors.push(templates.explain(&e, name));
                broken.push(name.clone());
            }
        }
        let healthy = templates
            .sources
            .iter()
            .filter(|(name, _)| !broken.contains(name))
            .map(|(name, source)| (name.as_str(), &*source.text));
        if let Err(e) = tera.add_raw_templates(healthy) {
            let mentions_broken = broken
                .iter()
                .any(|name| e.to_string().contains(name.as_str()));
            if !mentions_broken {
                errors.push(templates.explain_batch(&e));
            }
        }
        let Templates { sources, .. } = templates;
        let closures =
            super::dependencies::closures(sources.iter().map(|(n, s)| (n.as_str(), &*s.text)));
        errors.into_result(Templates {
            tera,
            sources,
            closures,
        })
    }

    /// An error of loading all templates at once, attributed to the template it names.
    fn explain_batch(&self, error: &tera::Error) -> Error {
        if let tera::ErrorKind::MissingParent { current, parent } = error.kind()
            && let Some(source) = self.sources.get(current)
        {
            return Error::in_file(
                &source.path,
                format!("the template extends `{parent}`, which does not exist"),
            )
            .with_help("fix the name in {% extends %} or add the template");
        }
        let message = error.to_string();
        let culprit = self
            .sources
            .keys()
            .filter_map(|name| message.find(name.as_str()).map(|at| (at, name)))
            .min()
            .map(|(_, name)| name.clone())
            .unwrap_or_default();
        // Tera formats these reports itself: "error: Unknown filter `x`\n --> page.html:4:20".
        let position = message
            .split(&format!("--> {culprit}:"))
            .nth(1)
            .and_then(|rest| {
                let mut numbers = rest
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|n| !n.is_empty());
                Some((numbers.next()?.parse().ok()?, numbers.next()?.parse().ok()?))
            });
        match (self.sources.get(&culprit), position) {
            (Some(source), Some((line, column))) => {
                let headline = message.lines().next().unwrap_or_default();
                let headline = headline.trim_start_matches("error: ");
                // The rest of Tera's report is the line with carets under the culprit:
                // shown from the file itself, as for every other error, not copied.
                let width = message
                    .lines()
                    .find(|l| l.trim_start().starts_with(['|']) && l.contains('^'))
                    .map_or(1, |l| l.matches('^').count().max(1));
                match offset_of(&source.text, line, column) {
                    Some(start) => {
                        let end = source.text[start..]
                            .char_indices()
                            .nth(width)
                            .map_or(source.text.len(), |(i, _)| start + i);
                        Error::at_span(&source.path, &source.text, start..end, headline)
                    }
                    None => Error::new(headline).at(crate::error::Location {
                        path: source.path.clone(),
                        line: Some(line),
                        column: Some(column),
                    }),
                }
                .with_help(help_for(headline))
            }
            _ => self.explain(error, &culprit),
        }
    }

    /// The fingerprint of which templates there are: every template's name and file.
    pub fn names_fingerprint(&self) -> Fingerprint {
        let mut f = Fingerprinter::new("templates");
        for (name, source) in &self.sources {
            f.add(name).add(&source.path);
        }
        f.finish()
    }

    /// The fingerprint of the names and texts of every template that template `name`
    /// reads, itself included (see `theme/dependencies.rs`); `None` for no such template.
    pub fn reads_fingerprint(&self, name: &str) -> Option<Fingerprint> {
        self.closures.get(name).copied()
    }

    /// The fingerprint of what every template reads: while it is the same, a file
    /// rendered with some of these templates would read the same template texts.
    pub fn all_reads_fingerprint(&self) -> Fingerprint {
        let mut f = Fingerprinter::new("template closures");
        for (name, reads) in &self.closures {
            f.add(name).add(reads);
        }
        f.finish()
    }

    /// Whether a template of this name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Turns a Tera error into one that names the template file, line and column.
    /// `rendering` names the template being rendered, for errors without a place.
    pub fn explain(&self, error: &tera::Error, rendering: &str) -> Error {
        use tera::ErrorKind;
        let report = match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => Some(report),
            _ => None,
        };
        if let Some(report) = report {
            let name = if report.filename().is_empty() {
                rendering
            } else {
                report.filename()
            };
            if let Some(source) = self.sources.get(name) {
                return Error::at_span(
                    &source.path,
                    &source.text,
                    report.span().range.clone(),
                    report.message().to_owned(),
                )
                .with_help(help_for(report.message()));
            }
        }
        let mut message = error.to_string();
        let mut cause = std::error::Error::source(error);
        while let Some(inner) = cause {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            cause = inner.source();
        }
        match self.sources.get(rendering) {
            Some(source) => Error::in_file(&source.path, message),
            None => Error::new(format!("template {rendering}: {message}")),
        }
        .with_help("fix the template; docs/templates.md lists the variables, functions and filters")
    }
}

/// The byte offset of 1-based `line` and character `column` in `text`, when both exist.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line.checked_sub(2)?)?.0 + 1
    };
    let rest = &text[start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let (at, _) = line_text
        .char_indices()
        .chain(std::iter::once((line_text.len(), ' ')))
        .nth(column.checked_sub(1)?)?;
    Some(start + at)
}

fn help_for(message: &str) -> &'static str {
    if message.contains("Fluent message") && message.contains("failed:") {
        "the message uses a variable that this template does not pass: fix the message in the site's or the theme's locales/<lang>/*.ftl, or pass the variable"
    } else if message.contains("Fluent message") {
        "add the message to the theme's or the site's locales/<lang>/*.ftl"
    } else {
        "fix the template; docs/templates.md lists the variables, functions and filters"
    }
}
