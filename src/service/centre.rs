//! The `[centre]` table of a service centre's page: its address, contact, position and
//! opening hours, checked from the TOML as written.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::Errors;
use crate::front_matter::SplitFile;

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
    use super::parse_hours;

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
