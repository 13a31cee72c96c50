//! The functions and filters dilmanc adds to Tera: `t` (Fluent messages, with an optional
//! `default` for messages a site may not define), `url` (content links, `optional=true` for
//! files a site may not have), `date` and `press_date` (dates in the page's language).
//!
//! Each reads the language of the file being rendered from the context variable `lang`, so
//! one Tera instance serves every language.

use std::cell::RefCell;
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};
use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::i18n::{Localizer, MessageError};
use crate::links::Resolver;
use crate::recording::{Recording, record, recording};

/// Escapes `text` for HTML as Tera's own [`tera::escape_html`] does (`&`, `<`, `>`, `"` and
/// `'`, the same entities), writing the text between two escaped bytes in one piece: Tera's
/// writes every byte on its own through the `dyn Write`, which was a twentieth of a build.
fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[copied..i])?;
        out.write_all(entity)?;
        copied = i + 1;
    }
    out.write_all(&bytes[copied..])
}

/// A Tera instance with dilmanc's functions and filters registered.
pub fn tera(localizer: Arc<Localizer>, resolver: Option<Resolver>) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    tera.set_escape_fn(escape_html);

    let l = Arc::clone(&localizer);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let default: Option<String> = kwargs.get("default")?;
            let lang = current_lang(state)?;
            let mut args = FluentArgs::new();
            for (name, value) in kwargs.iter() {
                let Some(name) = name.as_str() else { continue };
                if name != "key" && name != "default" {
                    args.set(name.to_owned(), fluent_value(value));
                }
            }
            match (l.message(&lang, &key, Some(&args)), default) {
                (Ok(text), _) => Ok(text),
                (Err(MessageError::Missing { .. }), Some(default)) => Ok(default),
                (Err(e), _) => Err(tera::Error::message(e.to_string())),
            }
        },
    );

    tera.register_function(
        "url",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let path: String = kwargs.must_get("path")?;
            let optional: bool = kwargs.get("optional")?.unwrap_or(false);
            let lang = current_lang(state)?;
            let resolver = resolver
                .as_ref()
                .ok_or_else(|| tera::Error::message("url() needs a loaded site"))?;
            let answer = resolver.url(&path, &lang);
            record_url_call(&path, &lang, answer.as_deref());
            match answer {
                Some(url) => Ok(Value::from(url)),
                None if optional => Ok(Value::none()),
                None => Err(tera::Error::message(format!(
                    "url(path=\"{path}\"): there is no content file content/{path}; \
                 pass optional=true where a site may not have it"
                ))),
            }
        },
    );

    let l = Arc::clone(&localizer);
    tera.register_filter(
        "date",
        move |value: &str, _: Kwargs, state: &State| -> TeraResult<String> {
            let day = parse_day(value)?;
            Ok(l.long_date(&current_lang(state)?, day))
        },
    );

    let l = Arc::clone(&localizer);
    tera.register_filter(
        "month_year",
        move |value: &str, _: Kwargs, state: &State| -> TeraResult<String> {
            let (year, month) = value
                .split_once('-')
                .and_then(|(y, m)| Some((y.parse().ok()?, m.get(..2).unwrap_or(m).parse().ok()?)))
                .ok_or_else(|| {
                    tera::Error::message(format!("`{value}` is not a month (YYYY-MM)"))
                })?;
            Ok(l.month_year(&current_lang(state)?, year, month))
        },
    );

    let l = localizer;
    tera.register_filter(
        "press_date",
        move |value: &str, _: Kwargs, state: &State| -> TeraResult<String> {
            let day = parse_day(value)?;
            l.press_date(&current_lang(state)?, day)
                .map_err(|e| tera::Error::message(e.to_string()))
        },
    );
    tera
}

/// A call of the templates' `url()` function and its answer: the one input of a
/// template that is not in its context (and the Fluent messages, which the engine
/// fingerprints per language). The engine keeps the calls of each rendered file and reuses
/// the file only while every call still gets the same answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UrlCall {
    /// The content path asked for.
    pub path: String,
    /// The language of the file being rendered.
    pub lang: String,
    /// The URL given, `None` when there is no such page.
    pub answer: Option<String>,
}

impl UrlCall {
    /// Whether `resolver` still gives the same answer.
    pub fn holds(&self, resolver: &Resolver) -> bool {
        resolver.url(&self.path, &self.lang) == self.answer
    }
}

thread_local! {
    /// The `url()` calls of the file being rendered on this thread, while recording.
    static URL_CALLS: Recording<UrlCall> = const { RefCell::new(None) };
}

/// Runs `render` (one file's rendering, on this thread) and returns the `url()` calls it
/// made with their answers.
pub fn recording_url_calls<T>(render: impl FnOnce() -> T) -> (T, Vec<UrlCall>) {
    recording(&URL_CALLS, render)
}

fn record_url_call(path: &str, lang: &str, answer: Option<&str>) {
    record(&URL_CALLS, |_| {
        Some(UrlCall {
            path: path.to_owned(),
            lang: lang.to_owned(),
            answer: answer.map(str::to_owned),
        })
    });
}

fn current_lang(state: &State) -> TeraResult<String> {
    state
        .get::<String>("lang")?
        .ok_or_else(|| tera::Error::message("the context has no `lang`"))
}

fn parse_day(value: &str) -> TeraResult<jiff::civil::Date> {
    value
        .get(..10)
        .unwrap_or(value)
        .parse()
        .map_err(|e| tera::Error::message(format!("`{value}` is not a date (YYYY-MM-DD): {e}")))
}

fn fluent_value(value: &Value) -> FluentValue<'static> {
    if let Some(n) = value.as_i64() {
        FluentValue::from(n)
    } else if let Some(n) = value.as_f64() {
        FluentValue::from(n)
    } else if let Some(s) = value.as_str() {
        FluentValue::from(s.to_owned())
    } else {
        FluentValue::from(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_as_tera_does() {
        let alphabet = [
            'a', '&', '<', '>', '"', '\'', 'ə', ' ', '\n', '😀', ';', '#',
        ];
        let mut draws = crate::test_draws::Draws::new(0x2545_f491_4f6c_dd1d);
        let mut next = |bound| draws.below(bound);
        for _ in 0..2_000 {
            let text: String = (0..next(40))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(&text, &mut ours).unwrap();
            tera::escape_html(&text, &mut teras).unwrap();
            assert_eq!(ours, teras, "{text:?}");
        }
        let mut out = Vec::new();
        escape_html("<a href=\"x\">Tom's & Jerry's</a>", &mut out).unwrap();
        assert_eq!(
            out,
            b"&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }
}
