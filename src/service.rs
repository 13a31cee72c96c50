//! The typed `[service]` and `[centre]` front-matter tables (docs/services.md): raw TOML
//! shapes with unknown keys denied, checked into plain model types with every mistake
//! reported at its file, line and field.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Errors, Location};
use crate::front_matter::SplitFile;

mod centre;

pub use centre::{Centre, Exception, Hours, RawCentre, WEEKDAYS};

/// A key that names something in another file, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The key as written, in NFC: it is compared with file names, which are compared in
    /// NFC whatever their encoding on disk.
    pub key: String,
    /// Where it was written, to report it if nothing has that key.
    pub location: Location,
}

/// Who may apply.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Who may apply.
    pub who: String,
    /// Who may apply for someone else, and how.
    pub by_proxy: Option<String>,
}

/// A document to bring.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// What it is.
    pub name: String,
    /// For example "original and copy".
    pub note: Option<String>,
}

/// A law or decision the service rests on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LegalAct {
    /// Its title.
    pub title: String,
    /// Where to read it.
    pub url: Option<String>,
}

/// One fee option: a price paired with a processing time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fee {
    /// The price; `None` when the option is free.
    pub amount: Option<f64>,
    /// ISO 4217 currency of `amount`.
    pub currency: Option<String>,
    /// Whole days until the result; 0 is the same day.
    pub days: u32,
    /// Whether `days` counts working days only.
    pub working_days: bool,
    /// When this option applies ("online", "for pensioners").
    pub note: Option<String>,
}

impl Fee {
    /// The processing time as an ISO 8601 duration, for schema.org (`P10D`).
    pub fn duration(&self) -> String {
        format!("P{}D", self.days)
    }
}

/// Ways to apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    /// In person at the listed centres.
    #[serde(default)]
    pub in_person: bool,
    /// Online application address.
    pub online: Option<String>,
    /// A phone number.
    pub phone: Option<String>,
    /// The mobile service.
    #[serde(default)]
    pub mobile: bool,
}

/// A checked `[service]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The provider.
    pub agency: String,
    /// Category key.
    pub category: String,
    /// Life-event keys.
    pub life_events: Vec<String>,
    /// Who may apply.
    pub eligibility: Eligibility,
    /// What to bring.
    pub documents: Vec<Document>,
    /// Price and time options.
    pub fees: Vec<Fee>,
    /// Ways to apply.
    pub channels: Channels,
    /// Centre keys, checked against the centre pages after loading.
    pub centres: Vec<Reference>,
    /// Laws and decisions.
    pub legal_basis: Vec<LegalAct>,
}

/// The `[service]` table as written, before [`RawService::check`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    agency: String,
    category: Spanned<String>,
    #[serde(default)]
    life_events: Vec<Spanned<String>>,
    eligibility: Eligibility,
    documents: Spanned<Vec<Document>>,
    fees: Spanned<Vec<Spanned<RawFee>>>,
    channels: Spanned<Channels>,
    #[serde(default)]
    centres: Vec<Spanned<String>>,
    #[serde(default)]
    legal_basis: Vec<Spanned<LegalAct>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFee {
    amount: Option<f64>,
    currency: Option<String>,
    free: Option<bool>,
    days: i64,
    #[serde(default)]
    working_days: bool,
    note: Option<String>,
}

/// Whether `key` can name a category or life event: lowercase ASCII letters, digits, dashes.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl RawService {
    /// Checks the table of the file `path`.
    pub fn check(self, path: &Path, split: &SplitFile) -> Result<Service, Errors> {
        let mut errors = Errors::new();
        let key_help = "a key is lowercase letters, digits and dashes, e.g. \"civil-status\"";
        for key in std::iter::once(&self.category).chain(&self.life_events) {
            if !is_key(key.get_ref()) {
                errors.push(
                    split
                        .error_at(path, key, format!("`{}` is not a valid key", key.get_ref()))
                        .with_help(key_help),
                );
            }
        }
        if self.documents.get_ref().is_empty() {
            errors.push(
                split
                    .error_at(path, &self.documents, "service.documents is empty")
                    .with_help("list what to bring: documents = [{ name = \"Ərizə\" }]"),
            );
        }
        if self.fees.get_ref().is_empty() {
            errors.push(
                split
                    .error_at(path, &self.fees, "service.fees is empty")
                    .with_help("give at least one option, e.g. { free = true, days = 0 }"),
            );
        }
        let mut fees = Vec::new();
        for fee in self.fees.get_ref() {
            let raw = fee.get_ref();
            let fail = |message: &str| {
                split.error_at(path, fee, format!("service.fees: {message}")).with_help(
                    "an option is { amount = 5, currency = \"AZN\", days = 10, working_days = true } or { free = true, days = 0 }",
                )
            };
            let free = raw.free.unwrap_or(false);
            match (&raw.amount, &raw.currency, free) {
                (Some(amount), Some(currency), false) => {
                    if !amount.is_finite() || *amount < 0.0 {
                        errors.push(fail("amount must be 0 or more"));
                    }
                    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                        errors.push(fail(&format!(
                            "currency `{currency}` is not an ISO 4217 code such as AZN"
                        )));
                    }
                }
                (None, None, true) => {}
                (_, _, true) => errors.push(fail("a free option has no amount or currency")),
                _ => errors.push(fail("give both amount and currency, or free = true")),
            }
            if raw.days < 0 || raw.days > 3650 {
                errors.push(fail("days must be between 0 (the same day) and 3650"));
            }
            fees.push(Fee {
                amount: if free { None } else { raw.amount },
                currency: if free { None } else { raw.currency.clone() },
                days: u32::try_from(raw.days).unwrap_or(0),
                working_days: raw.working_days,
                note: raw.note.clone(),
            });
        }
        let channels = self.channels.get_ref().clone();
        if let Some(online) = &channels.online
            && !(online.starts_with("https://") || online.starts_with("http://"))
        {
            errors.push(
                split
                    .error_at(
                        path,
                        &self.channels,
                        format!("service.channels.online `{online}` is not a web address"),
                    )
                    .with_help("write it with https://"),
            );
        }
        for act in &self.legal_basis {
            let Some(url) = &act.get_ref().url else {
                continue;
            };
            if let Some(why) = crate::markdown::sanitize::address_problem(url, false) {
                errors.push(
                    split
                        .error_at(path, act, format!("service.legal_basis url `{url}` {why}"))
                        .with_help("write the address where the act is published, with https://"),
                );
            }
        }
        if channels.in_person && self.centres.is_empty() {
            errors.push(
                split
                    .error_at(
                        path,
                        &self.channels,
                        "in_person = true, but service.centres is empty",
                    )
                    .with_help("list the centres where people apply: centres = [\"baki-1\"]"),
            );
        }
        if !(channels.in_person
            || channels.mobile
            || channels.online.is_some()
            || channels.phone.is_some())
        {
            errors.push(
                split
                    .error_at(
                        path,
                        &self.channels,
                        "service.channels offers no way to apply",
                    )
                    .with_help("set in_person, online, phone or mobile"),
            );
        }
        let service = Service {
            agency: self.agency,
            category: self.category.into_inner(),
            life_events: self
                .life_events
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            eligibility: self.eligibility,
            documents: self.documents.into_inner(),
            fees,
            channels,
            centres: self
                .centres
                .iter()
                .map(|c| Reference {
                    key: crate::load::nfc(c.get_ref()).into_owned(),
                    location: split.location_of(path, c),
                })
                .collect(),
            legal_basis: self
                .legal_basis
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
        };
        errors.into_result(service)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::{PageFrontMatter, split};

    fn service(toml: &str) -> Result<Service, Errors> {
        let text = format!("+++\ntitle = \"S\"\n[service]\n{toml}+++\n");
        let file = split(Path::new("s.md"), text.as_bytes()).unwrap();
        let front: PageFrontMatter = file.parse(Path::new("s.md"))?;
        front
            .service
            .expect("a service table")
            .check(Path::new("s.md"), &file)
    }

    const GOOD: &str = "agency = \"A\"\ncategory = \"identity\"\neligibility = { who = \"All\" }\ndocuments = [{ name = \"ID\" }]\nfees = [{ amount = 5, currency = \"AZN\", days = 10, working_days = true }, { free = true, days = 0 }]\nchannels = { in_person = true }\ncentres = [\"baki-1\"]\n";

    #[test]
    fn a_complete_table_is_accepted() {
        let s = service(GOOD).unwrap();
        assert_eq!(s.fees[0].duration(), "P10D");
        assert_eq!(s.fees[1].amount, None);
        assert_eq!(s.centres[0].location.line, Some(10));
    }

    #[test]
    fn a_legal_act_published_at_a_script_address_is_refused() {
        let text = service(&format!(
            "{GOOD}legal_basis = [{{ title = \"Qanun\", url = \"https://e.az/q\" }}, {{ title = \"X\", url = \" JaVaScRiPt:alert(1)\" }}]\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            text.contains("s.md:11:") && text.contains("`javascript:` address"),
            "{text}"
        );
        assert!(
            service(&format!(
                "{GOOD}legal_basis = [{{ title = \"Q\", url = \"/files/q.pdf\" }}]\n"
            ))
            .is_ok()
        );
    }

    #[test]
    fn each_bad_field_is_reported_at_its_line() {
        let error = service(
            &GOOD
                .replace("amount = 5, currency = \"AZN\"", "amount = 5")
                .replace("\"identity\"", "\"Identity\""),
        )
        .unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("s.md:5:12:") && text.contains("not a valid key"),
            "{text}"
        );
        assert!(
            text.contains("s.md:8:9:") && text.contains("give both amount and currency"),
            "{text}"
        );
        let error = service(&GOOD.replace("agency", "agensy")).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `agensy`"),
            "{error}"
        );
        let error = service(&GOOD.replace("centres = [\"baki-1\"]\n", "")).unwrap_err();
        assert!(error.to_string().contains("centres is empty"), "{error}");
    }
}
