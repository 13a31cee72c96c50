//! Archives of sections with `sort_by = "date"` (not of sections left in the default order):
//! one list per year and per month of each language (`/press/2017/`, `/press/2017/06/`,
//! `/en/press/2017/06/`), paginated like the section.

use std::collections::BTreeMap;

use super::Renderer;
use super::indexes::{BySection, by_section};
use super::inputs::Reads;
use super::views::{ArchiveMonth, ArchiveView, ArchiveYear};
use crate::error::Error;
use crate::front_matter::SortBy;
use crate::i18n::Localizer;
use crate::output::OutputFile;
use crate::site::{LocalizedId, SectionId, Site};
use crate::urls;

/// A year, or a month of a year, with the localized pages dated in it, newest first.
#[derive(Debug, Clone)]
pub(super) struct Period {
    pub(super) year: i16,
    pub(super) month: Option<i8>,
    pub(super) items: Vec<LocalizedId>,
}

impl Period {
    /// `2017` or `2017-06`.
    fn key(&self) -> String {
        match self.month {
            Some(month) => format!("{}-{month:02}", self.year),
            None => self.year.to_string(),
        }
    }

    /// Its first list page in `section` in `lang`.
    fn url(&self, site: &Site, section: SectionId, lang: &str) -> String {
        urls::archive(site, section, lang, self.year, self.month)
    }
}

/// The periods of every section with `sort_by = "date"` in every language, from the sorted lists.
pub(super) fn periods(site: &Site, lists: &BySection<Vec<LocalizedId>>) -> BySection<Vec<Period>> {
    by_section(site, |lang, section| {
        if section.is_home() || site.sections[section].settings.sort_by != SortBy::Date {
            return Vec::new();
        }
        let list = &lists[lang][section];
        let mut by_period: BTreeMap<(i16, Option<i8>), Vec<LocalizedId>> = BTreeMap::new();
        for &i in list {
            if let Some(date) = site.pages[site.localized[i].content].date {
                let (year, month) = (date.day.year(), date.day.month());
                by_period.entry((year, None)).or_default().push(i);
                by_period.entry((year, Some(month))).or_default().push(i);
            }
        }
        // Newest year first, the year before its months, newest month first.
        let mut periods: Vec<Period> = by_period
            .into_iter()
            .map(|((year, month), items)| Period { year, month, items })
            .collect();
        periods.sort_by(|a, b| {
            (b.year, a.month.is_some(), b.month).cmp(&(a.year, b.month.is_some(), a.month))
        });
        periods
    })
}

/// The archive navigation of one section in one language, converted for Tera once: a
/// list page shows it whole, an archive page with its own period marked current, which
/// converts again only the year holding that period.
pub(super) struct ArchiveNav {
    /// Each year with its months, nothing marked.
    years: Vec<ArchiveYear>,
    /// Each year converted, nothing marked.
    values: Vec<tera::Value>,
    /// The whole navigation converted, nothing marked.
    all: tera::Value,
}

impl ArchiveNav {
    /// The navigation made of `periods` (newest first, each year before its months) of
    /// `section` in `lang`.
    fn new(
        site: &Site,
        localizer: &Localizer,
        section: SectionId,
        lang: &str,
        periods: &[Period],
    ) -> ArchiveNav {
        let mut years: Vec<ArchiveYear> = Vec::new();
        for period in periods {
            let url = period.url(site, section, lang);
            match period.month {
                None => years.push(ArchiveYear {
                    year: period.year,
                    url,
                    count: period.items.len(),
                    current: false,
                    months: Vec::new(),
                }),
                Some(month) => {
                    if let Some(year) = years.last_mut() {
                        year.months.push(ArchiveMonth {
                            key: period.key(),
                            label: localizer.month_year(lang, period.year, month),
                            month,
                            url,
                            count: period.items.len(),
                            current: false,
                        });
                    }
                }
            }
        }
        let values: Vec<tera::Value> = years.iter().map(tera::Value::from_serializable).collect();
        ArchiveNav {
            all: tera::Value::from(values.clone()),
            years,
            values,
        }
    }

    /// The navigation with the period `current` (a key: `2017`, `2017-06`) marked.
    fn marking(&self, current: Option<&str>) -> tera::Value {
        let Some(current) = current else {
            return self.all.clone();
        };
        // `2017` or `2017-06`: the year's number, and whether a month follows.
        let (year_key, month) = current.split_once('-').unwrap_or((current, ""));
        let Some(at) = year_key
            .parse::<i16>()
            .ok()
            .and_then(|key| self.years.iter().position(|year| year.year == key))
        else {
            return self.all.clone();
        };
        let mut year = self.years[at].clone();
        year.current = month.is_empty();
        for month in &mut year.months {
            month.current = month.key == current;
        }
        let mut values = self.values.clone();
        values[at] = tera::Value::from_serializable(&year);
        tera::Value::from(values)
    }
}

/// The [`ArchiveNav`] of every section in every language (empty where a section has no
/// archive).
pub(super) fn archive_navs(
    site: &Site,
    localizer: &Localizer,
    periods: &BySection<Vec<Period>>,
) -> BySection<ArchiveNav> {
    by_section(site, |lang, section| {
        let code = &site.config.languages[lang].code;
        ArchiveNav::new(site, localizer, section, code, &periods[lang][section])
    })
}

impl<'a> Renderer<'a> {
    /// Every year and month of a section in `lang`, newest first, each year before its months.
    pub(super) fn periods(&self, section: SectionId, lang: &str) -> &[Period] {
        &self.index.periods[self.lang_id(lang)][section]
    }

    /// How many list pages a period needs.
    pub(super) fn period_pager_count(&self, section: SectionId, period: &Period) -> usize {
        let size = self.site.sections[section]
            .settings
            .paginate_by
            .unwrap_or(usize::MAX);
        period.items.len().div_ceil(size).max(1)
    }

    /// The years and months of a section in `lang` for navigation (`archives` of the
    /// templates), `current` marking the period with that key.
    pub(super) fn archive_nav(
        &self,
        section: SectionId,
        lang: &str,
        current: Option<&str>,
    ) -> tera::Value {
        self.archive_navs[self.lang_id(lang)][section].marking(current)
    }

    /// What page `number` of archive `period` of `section` in `lang` reads: the section's
    /// shape and the summaries shown.
    pub(super) fn archive_reads(
        &self,
        mut reads: Reads,
        section: SectionId,
        lang: &str,
        period: usize,
        number: usize,
    ) {
        let site = self.site;
        let period = &self.periods(section, lang)[period];
        let size = site.sections[section]
            .settings
            .paginate_by
            .unwrap_or(usize::MAX);
        reads
            .f
            .add("archive")
            .add(&site.sections[section].key)
            .add(lang)
            .add(&period.year)
            .add(&period.month)
            .add(&number);
        reads.language(self.lang_id(lang)).section(section);
        let shown = period.items.iter().skip((number - 1).saturating_mul(size));
        reads.summaries(shown.take(size));
    }

    /// One list page of one period.
    pub(super) fn render_archive(
        &self,
        section: SectionId,
        lang: &str,
        period: &Period,
        number: usize,
    ) -> std::result::Result<OutputFile, Error> {
        let site = self.site;
        let base = period.url(site, section, lang);
        let url = urls::pager(&base, number);
        let alternates = urls::alternates(&site.config, |l| {
            let has_page = self.periods(section, &l.code).iter().any(|p| {
                p.year == period.year
                    && p.month == period.month
                    && self.period_pager_count(section, p) >= number
            });
            has_page.then(|| urls::pager(&period.url(site, section, &l.code), number))
        });
        let mut context = self.frame(lang, &url, &alternates, Some(section));
        let (view, origin) = self.section_view(section, lang);
        context.insert("section", &view);
        let key = period.key();
        context.insert(
            "archive",
            &ArchiveView {
                key: &key,
                year: period.year,
                month: period.month,
                url: &base,
            },
        );
        context.insert_value("archives", self.archive_nav(section, lang, Some(&key)));
        let size = site.sections[section]
            .settings
            .paginate_by
            .unwrap_or(usize::MAX);
        let pages: Vec<tera::Value> = period
            .items
            .iter()
            .skip((number - 1).saturating_mul(size))
            .take(size)
            .map(|&i| self.summary(i))
            .collect();
        context.insert("pages", &pages);
        let total = self.period_pager_count(section, period);
        context.insert("paginator", &Self::paginator(&base, number, total));
        self.render_template("archive.html", &context, &url, origin)
    }
}
