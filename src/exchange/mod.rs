//! Translation exchange: `dilmanc l10n export` writes the translatable units of pages as
//! XLIFF 1.2 or gettext PO for translators' tools; `dilmanc l10n import` checks their work
//! and writes the translated pages (docs/translation.md).
//!
//! Both formats are written from and read into one [`Document`], so export, import and
//! their checks do not depend on the format.

mod body;
mod destination;
mod encoding;
pub mod export;
pub(crate) mod fluent;
mod fluent_pattern;
pub(crate) mod fluent_record;
mod fluent_write;
pub mod import;
mod import_messages;
pub(crate) mod origins;
pub(crate) mod plural;
pub mod po;
pub mod rebuild;
pub mod seen;
pub mod tokens;
pub mod units;
pub mod xliff;

use units::Piece;

pub use seen::Seen;

/// The state a page had when it was exported.
pub use crate::l10n::State;

/// An exchange file: the pages of one language pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The language of the originals.
    pub source_lang: String,
    /// The language of the translation, as the file says now (a translation tool may change
    /// it).
    pub target_lang: String,
    /// The language dilmanc exported the file for, as it recorded it apart from the
    /// translation tool's language fields; `None` in files of older versions.
    pub exported_for: Option<String>,
    /// The line of the exchange file that names the target language (0 when written).
    pub language_line: usize,
    /// The pages, in file order.
    pub pages: Vec<PageDoc>,
}

/// One page of an exchange file.
#[derive(Debug, Clone, PartialEq)]
pub struct PageDoc {
    /// The original, relative to the site root (`content/press/a.md`).
    pub original: String,
    /// The translation it becomes (`content/press/a.en.md`).
    pub target: String,
    /// The original's address on the site.
    pub url: String,
    /// Its section under `content/` (`press`; empty for the home folder).
    pub section: String,
    /// The hash of the original when it was exported.
    pub hash: String,
    /// Whether it had a translation, and how current.
    pub state: State,
    /// What its translation file was when it was exported, for import to notice changes
    /// made since.
    pub seen: Seen,
    /// A note for translators from the page's `[extra] translator_note`.
    pub note: Option<String>,
    /// Its units.
    pub units: Vec<UnitDoc>,
    /// The line of the exchange file where the page starts (0 when written).
    pub line: usize,
}

impl PageDoc {
    /// A page read from line `line` of an exchange file, known so far only by its original;
    /// the reader fills in the rest.
    pub fn read_at(original: String, line: usize) -> PageDoc {
        PageDoc {
            original,
            target: String::new(),
            url: String::new(),
            section: String::new(),
            hash: String::new(),
            state: State::Missing,
            seen: Seen::Unrecorded,
            note: None,
            units: Vec::new(),
            line,
        }
    }
}

/// One unit of an exchange file.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitDoc {
    /// The unit id.
    pub id: String,
    /// What it is (`paragraph`, `title`, ...).
    pub kind: String,
    /// The source text.
    pub source: Vec<Piece>,
    /// The translation, when there is one.
    pub target: Option<Vec<Piece>>,
    /// Whether the target is an older translation to review.
    pub review: bool,
    /// Each placeholder's number, XLIFF `ctype` and the Markdown it stands for, for the
    /// translator (empty when read from a file).
    pub placeholders: Vec<(u32, &'static str, String)>,
    /// For a unit of an interface message, the selector (`$count`) of each `[key]` of its
    /// kind, in order, for the translator (empty otherwise, and when read from a file).
    pub selectors: Vec<String>,
    /// For a unit of an interface message, the message's Fluent comment, for the translator.
    pub comment: Option<String>,
    /// The line of the exchange file where the unit starts (0 when written).
    pub line: usize,
}

/// The exchange formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// XLIFF 1.2.
    Xliff,
    /// gettext PO.
    Po,
}

impl UnitDoc {
    /// The note for translators: the kind, what each placeholder stands for, and the
    /// comment of a message.
    pub fn note(&self) -> String {
        let mut note = format!("{}.", describe(&self.kind, &self.selectors));
        for (id, _, markup) in &self.placeholders {
            note.push_str(&format!(" [{id}] = {markup}"));
        }
        if let Some(comment) = &self.comment {
            note.push_str(&format!(" Comment: {comment}"));
        }
        note
    }
}

/// What a unit kind is, in words.
fn describe(kind: &str, selectors: &[String]) -> String {
    match kind {
        "title" => "Page title".into(),
        "description" => "Summary for lists, feeds and search results".into(),
        "image_alt" => "Alternative text of the lead image: what it shows".into(),
        "image-alt" => "Alternative text of an image: what it shows".into(),
        "heading" => "Heading".into(),
        "paragraph" => "Paragraph".into(),
        "list-item" => "List item".into(),
        "table-cell" => "Table cell".into(),
        "quote" => "Quotation".into(),
        "footnote" => "Footnote".into(),
        other => match other
            .strip_prefix("message:")
            .or_else(|| other.strip_prefix("term:"))
        {
            Some(name) => describe_message(name, selectors),
            None => format!("Field {other}"),
        },
    }
}

/// What the unit of a message or term is (`days[one]`, `-brand.gender`, `offer[male][few]`):
/// which one, and the variant chosen at each of its selectors (`selectors`, when known).
fn describe_message(name: &str, selectors: &[String]) -> String {
    let (id, keys) = name.split_once('[').unwrap_or((name, ""));
    let mut text = match id.strip_prefix('-') {
        Some(term) => match term.split_once('.') {
            Some((term, attribute)) => format!(
                "Term attribute {name} (messages may choose their words by the attribute {attribute} of -{term}: give the value your language needs)"
            ),
            None => format!("Term {name}, a name that messages use as {{ -{term} }}"),
        },
        None => format!("Interface message {name}"),
    };
    let keys: Vec<&str> = keys
        .trim_end_matches(']')
        .split("][")
        .filter(|k| !k.is_empty())
        .collect();
    for (at, key) in keys.iter().enumerate() {
        let of = selectors
            .get(at)
            .map(|s| format!(" of {{ {s} }}"))
            .unwrap_or_default();
        let variant = if plural::is_category(key) {
            format!(", the form{of} for the plural category \"{key}\" of the target language")
        } else if key.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            format!(", the variant{of} for exactly {key}")
        } else {
            format!(", the variant [{key}]{of}")
        };
        text.push_str(&variant);
    }
    text.push_str(" (Fluent; placeholders are placeables such as { $name })");
    text
}

/// Line numbers of byte offsets of a text.
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    /// The line starts of `text`.
    pub(crate) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    /// The 1-based line holding byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}
