//! The typed `[service]` and `[centre]` front-matter tables (docs/services.md): raw TOML
//! shapes with unknown keys denied, checked into plain model types with every mistake
//! reported at its file, line and field.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Errors, Location};
use crate::front_matter::SplitFile;

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

/// Opening hours of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hours {
    /// Opening time `HH:MM`; none when closed.
    pub opens: Option<String>,
    /// Closing time `HH:MM`; none when closed.
    pub closes: Option<String>,
}

/// A holiday, dated closure or day of changed hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exception {
    /// The first day.
    pub date: String,
    /// The last day, for a range.
    pub until: Option<String>,
    /// The hours on those days.
    pub hours: Hours,
    /// Why.
    pub note: Option<String>,
}

/// The days of the week, in order, as keys of `hours`.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A checked `[centre]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Centre {
    /// Street address.
    pub address: String,
    /// Phone number.
    pub phone: Option<String>,
    /// WGS 84 latitude and longitude.
    pub coordinates: Option<(f64, f64)>,
    /// Hours of each day of [`WEEKDAYS`].
    pub hours: Vec<Hours>,
    /// Holidays and dated changes.
    pub exceptions: Vec<Exception>,
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

/// The `[centre]` table as written, before [`RawCentre::check`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCentre {
    address: String,
    phone: Option<String>,
    latitude: Option<Spanned<f64>>,
    longitude: Option<Spanned<f64>>,
    #[serde(default)]
    hours: RawWeek,
    #[serde(default)]
    exceptions: Vec<Spanned<RawException>>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawWeek {
    monday: Option<Spanned<String>>,
    tuesday: Option<Spanned<String>>,
    wednesday: Option<Spanned<String>>,
    thursday: Option<Spanned<String>>,
    friday: Option<Spanned<String>>,
    saturday: Option<Spanned<String>>,
    sunday: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    date: toml::value::Datetime,
    until: Option<toml::value::Datetime>,
    hours: Spanned<String>,
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

impl RawCentre {
    /// Checks the table of the file `path`.
    pub fn check(self, path: &Path, split: &SplitFile) -> Result<Centre, Errors> {
        let mut errors = Errors::new();
        let hours_of = |value: &Spanned<String>, errors: &mut Errors| -> Hours {
            parse_hours(value.get_ref()).unwrap_or_else(|why| {
                errors.push(
                    split
                        .error_at(path, value, format!("`{}` {why}", value.get_ref()))
                        .with_help("write opening hours as \"09:00-18:00\", or \"closed\""),
                );
                Hours {
                    opens: None,
                    closes: None,
                }
            })
        };
        let week = [
            &self.hours.monday,
            &self.hours.tuesday,
            &self.hours.wednesday,
            &self.hours.thursday,
            &self.hours.friday,
            &self.hours.saturday,
            &self.hours.sunday,
        ];
        let hours: Vec<Hours> = week
            .iter()
            .map(|day| {
                day.as_ref().map_or(
                    Hours {
                        opens: None,
                        closes: None,
                    },
                    |d| hours_of(d, &mut errors),
                )
            })
            .collect();
        let mut exceptions = Vec::new();
        for exception in &self.exceptions {
            let raw = exception.get_ref();
            let day = |value: &toml::value::Datetime| -> Option<String> {
                let date = value.date?;
                (value.time.is_none())
                    .then(|| format!("{:04}-{:02}-{:02}", date.year, date.month, date.day))
            };
            let (Some(date), until) = (day(&raw.date), raw.until.as_ref().map(day)) else {
                errors.push(
                    split
                        .error_at(
                            path,
                            exception,
                            "an exception's date must be a day (YYYY-MM-DD)",
                        )
                        .with_help("write date = 2026-03-20"),
                );
                continue;
            };
            let until = match until {
                Some(None) => {
                    errors.push(split.error_at(
                        path,
                        exception,
                        "`until` must be a day (YYYY-MM-DD)",
                    ));
                    continue;
                }
                Some(Some(until)) if until < date => {
                    errors.push(
                        split
                            .error_at(
                                path,
                                exception,
                                format!("`until` {until} is before `date` {date}"),
                            )
                            .with_help("swap them, or fix the dates"),
                    );
                    continue;
                }
                Some(until) => until,
                None => None,
            };
            let hours = hours_of(&raw.hours, &mut errors);
            exceptions.push(Exception {
                date,
                until,
                hours,
                note: raw.note.clone(),
            });
        }
        let coordinates = match (&self.latitude, &self.longitude) {
            (Some(lat), Some(lon)) => {
                for (value, limit, name) in [(lat, 90.0, "latitude"), (lon, 180.0, "longitude")] {
                    if !(-limit..=limit).contains(value.get_ref()) {
                        errors.push(
                            split
                                .error_at(path, value, format!("{name} {} is out of range", value.get_ref()))
                                .with_help("use WGS 84 degrees, e.g. latitude = 40.4093, longitude = 49.8671"),
                        );
                    }
                }
                Some((*lat.get_ref(), *lon.get_ref()))
            }
            (None, None) => None,
            (Some(one), None) | (None, Some(one)) => {
                errors.push(
                    split
                        .error_at(path, one, "give both latitude and longitude")
                        .with_help("or neither"),
                );
                None
            }
        };
        errors.into_result(Centre {
            address: self.address,
            phone: self.phone,
            coordinates,
            hours,
            exceptions,
        })
    }
}

/// `"09:00-18:00"` or `"closed"`.
fn parse_hours(text: &str) -> Result<Hours, &'static str> {
    if text.trim().eq_ignore_ascii_case("closed") {
        return Ok(Hours {
            opens: None,
            closes: None,
        });
    }
    let (opens, closes) = text.split_once('-').ok_or("is not a time range")?;
    let time = |t: &str| -> Option<(u8, u8)> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60 && t.trim().len() == 5).then_some((h, m))
    };
    let (Some(from), Some(to)) = (time(opens), time(closes)) else {
        return Err("is not a time range of the form HH:MM-HH:MM");
    };
    if from >= to {
        return Err("closes before it opens");
    }
    Ok(Hours {
        opens: Some(opens.trim().to_owned()),
        closes: Some(closes.trim().to_owned()),
    })
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

    #[test]
    fn hours_are_ranges_or_closed() {
        assert_eq!(
            parse_hours("09:00-18:00").unwrap().closes.as_deref(),
            Some("18:00")
        );
        assert_eq!(parse_hours("closed").unwrap().opens, None);
        assert!(parse_hours("18:00-09:00").is_err());
        assert!(parse_hours("9-18").is_err());
        assert!(parse_hours("25:00-26:00").is_err());
    }
}
