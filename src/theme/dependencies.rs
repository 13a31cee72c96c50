//! Which templates a template reads, so that the incremental engine re-renders after a
//! template edit only the files rendered with a template that reads the edited one.
//!
//! A template reads itself and every template whose name appears in its text as a string
//! literal (`{% extends "base.html" %}`, `{% include "partials/footer.html" %}`,
//! `{% import "macros.html" as m %}`), and so on through those. Counting every literal that
//! names a template can only add dependencies, never miss one. Where the names cannot be
//! read from the text — an `include`, `extends` or `import` of something other than a
//! literal, or a component, which Tera finds by its name in any file — every template
//! reads every other.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::recording::{Recording, recording};

/// For each template, the fingerprint of the names and texts of every template it reads.
pub(super) fn closures<'a>(
    texts: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> BTreeMap<String, Fingerprint> {
    let known: BTreeSet<&str> = texts.clone().map(|(name, _)| name).collect();
    let dynamic = texts.clone().any(|(_, text)| reads_by_other_means(text));
    let reads: BTreeMap<&str, BTreeSet<&str>> = texts
        .clone()
        .map(|(name, text)| {
            let names = if dynamic {
                known.clone()
            } else {
                literals(text).filter(|l| known.contains(l)).collect()
            };
            (name, names)
        })
        .collect();
    let text_of: BTreeMap<&str, &str> = texts.collect();
    reads
        .keys()
        .map(|&name| {
            let mut seen = BTreeSet::from([name]);
            let mut pending = vec![name];
            while let Some(next) = pending.pop() {
                for &read in &reads[next] {
                    if seen.insert(read) {
                        pending.push(read);
                    }
                }
            }
            let mut f = Fingerprinter::new("template closure");
            for read in seen {
                f.add(read).add(text_of[read]);
            }
            (name.to_owned(), f.finish())
        })
        .collect()
}

/// The string literals inside the tags (`{% … %}`) and expressions (`{{ … }}`) of a
/// template's text, in single or double quotes. Text outside them is not read, so an
/// apostrophe in the page's prose cannot swallow a name.
fn literals(text: &str) -> impl Iterator<Item = &str> {
    code_spans(text).flat_map(|span| {
        let mut rest = span;
        std::iter::from_fn(move || {
            let start = rest.find(['"', '\''])?;
            let quote = &rest[start..start + 1];
            let after = &rest[start + 1..];
            let end = after.find(quote)?;
            rest = &after[end + 1..];
            Some(&after[..end])
        })
    })
}

/// The insides of the tags and expressions of a template's text.
fn code_spans(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find("{%").into_iter().chain(rest.find("{{")).min()?;
        let close = if rest[start..].starts_with("{%") {
            "%}"
        } else {
            "}}"
        };
        let inside = &rest[start + 2..];
        let end = inside.find(close).unwrap_or(inside.len());
        rest = &inside[end..];
        Some(&inside[..end])
    })
}

/// Whether the text reads templates by names its literals do not show: a tag `include`,
/// `extends` or `import` whose argument is not a quoted name, or a component.
fn reads_by_other_means(text: &str) -> bool {
    text.match_indices("{%").any(|(at, _)| {
        let tag = text[at + 2..].trim_start_matches('-').trim_start();
        let word_end = tag
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(tag.len());
        let argument = tag[word_end..].trim_start();
        match &tag[..word_end] {
            "include" | "extends" | "import" => !argument.starts_with(['"', '\'']),
            "component" => true,
            _ => false,
        }
    })
}

thread_local! {
    /// The templates rendered for the file being rendered on this thread, while recording.
    static RENDERED: Recording<String> = const { RefCell::new(None) };
}

/// Runs `render` (one file's rendering, on this thread) and returns the names of the
/// templates it rendered (see [`record`]).
pub fn recording_templates<T>(render: impl FnOnce() -> T) -> (T, Vec<String>) {
    recording(&RENDERED, render)
}

/// Notes that template `name` is rendered, when recording.
pub fn record(name: &str) {
    crate::recording::record(&RENDERED, |names| {
        (!names.iter().any(|known| known == name)).then(|| name.to_owned())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str =
        r#"<html>{% include "partials/footer.html" %}{% block content %}{% endblock %}</html>"#;
    const PAGE: &str =
        r#"{% extends "base.html" %}{% block content %}{{ t(key='x') }}{% endblock %}"#;
    const SECTION: &str = r#"{% extends 'base.html' %}{% block content %}list{% endblock %}"#;
    const FOOTER: &str = "<footer></footer>";

    fn closures_of(texts: &[(&str, &str)]) -> BTreeMap<String, Fingerprint> {
        closures(texts.iter().copied())
    }

    #[test]
    fn an_edit_reaches_the_templates_that_read_it_and_no_other() {
        let before = closures_of(&[
            ("base.html", BASE),
            ("page.html", PAGE),
            ("section.html", SECTION),
            ("partials/footer.html", FOOTER),
        ]);
        let page_edited = closures_of(&[
            ("base.html", BASE),
            ("page.html", "{% extends \"base.html\" %}"),
            ("section.html", SECTION),
            ("partials/footer.html", FOOTER),
        ]);
        assert_ne!(before["page.html"], page_edited["page.html"]);
        assert_eq!(before["section.html"], page_edited["section.html"]);
        assert_eq!(before["base.html"], page_edited["base.html"]);
        let footer_edited = closures_of(&[
            ("base.html", BASE),
            ("page.html", PAGE),
            ("section.html", SECTION),
            ("partials/footer.html", "<footer>2</footer>"),
        ]);
        for name in ["base.html", "page.html", "section.html"] {
            assert_ne!(before[name], footer_edited[name], "{name} reads the footer");
        }
    }

    #[test]
    fn a_name_the_text_does_not_show_makes_every_template_read_every_other() {
        let dynamic = r#"{% include partial_name %}"#;
        let before = closures_of(&[("a.html", dynamic), ("b.html", "b")]);
        let after = closures_of(&[("a.html", dynamic), ("b.html", "b2")]);
        assert_ne!(before["a.html"], after["a.html"]);
        assert!(reads_by_other_means("{%- component Card(title) %}"));
        assert!(!reads_by_other_means(
            r#"{%- include "x.html" %}{% if a %}"#
        ));
    }

    #[test]
    fn literals_are_read_in_either_quote() {
        let text = r#"It's {% include "a.html" %} {{ t(key='b') }} "prose" {{ "unclosed }}"#;
        let found: Vec<&str> = literals(text).collect();
        assert_eq!(found, ["a.html", "b"]);
    }

    #[test]
    fn recording_lists_each_template_once() {
        let ((), names) = recording_templates(|| {
            record("page.html");
            record("page.html");
            record("base.html");
        });
        assert_eq!(names, ["page.html", "base.html"]);
        record("not recorded");
    }
}
