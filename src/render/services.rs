//! Service and centre pages and the catalogue views: typed data into views, schema.org
//! `GovernmentService` data, and the pages that group services by category and life event.

use std::collections::BTreeMap;

use super::Renderer;
use super::inputs::Reads;
use super::views::*;
use crate::catalogue::key_of;
use crate::error::Error;
use crate::output::OutputFile;
use crate::site::{GroupId, LocalizedId, SectionId};
use crate::urls::{self, Grouping};

/// The Fluent message prefix of the labels of a catalogue view's groups.
fn message_prefix(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::Category => "service-category-",
        Grouping::LifeEvent => "life-event-",
    }
}

impl<'a> Renderer<'a> {
    /// The sections that list services: the catalogue views live under them.
    pub(super) fn service_sections(&self) -> Vec<SectionId> {
        let mut sections: Vec<SectionId> = self
            .catalogue
            .services
            .values()
            .filter_map(|&group| self.site.groups[group].section)
            .filter(|section| !section.is_home())
            .collect();
        sections.sort_unstable();
        sections.dedup();
        sections
    }

    /// The label of a category or life-event key in `lang`: its Fluent message, else the key.
    fn label(&self, lang: &str, grouping: Grouping, key: &str) -> Label {
        let id = format!("{}{key}", message_prefix(grouping));
        let label = self
            .localizer
            .message(lang, &id, None)
            .unwrap_or_else(|_| key.to_owned());
        Label {
            key: key.to_owned(),
            label,
            url: String::new(),
        }
    }

    /// The catalogue view's URL for a group, when the service's section has one.
    fn group_url(&self, group: GroupId, lang: &str, grouping: Grouping, key: &str) -> String {
        match self.site.groups[group].section.filter(|s| !s.is_home()) {
            Some(section) => format!(
                "{}#{}",
                urls::catalogue(self.site, section, lang, grouping),
                anchor(grouping, key)
            ),
            None => String::new(),
        }
    }

    /// `page.service` of localized page `i`.
    pub(super) fn service_view(&self, i: LocalizedId) -> Option<ServiceView<'_>> {
        let site = self.site;
        let lp = &site.localized[i];
        let service = site.pages[lp.content].service.as_ref()?;
        let mut category = self.label(&lp.lang, Grouping::Category, &service.category);
        category.url = self.group_url(lp.group, &lp.lang, Grouping::Category, &service.category);
        let life_events = service
            .life_events
            .iter()
            .map(|key| {
                let mut label = self.label(&lp.lang, Grouping::LifeEvent, key);
                label.url = self.group_url(lp.group, &lp.lang, Grouping::LifeEvent, key);
                label
            })
            .collect();
        let centres = service
            .centres
            .iter()
            .filter_map(|reference| {
                let group = *self.catalogue.centres.get(&reference.key)?;
                let centre_page = site.localized(group, &lp.lang)?;
                let page = &site.pages[centre_page.content];
                let centre = page.centre.as_ref()?;
                Some(CentreLink {
                    key: &reference.key,
                    title: &page.title,
                    url: &centre_page.url,
                    address: &centre.address,
                    phone: centre.phone.as_deref(),
                })
            })
            .collect();
        let mut releases: Vec<LocalizedId> = self
            .catalogue
            .releases_about(key_of(site, lp.group))
            .iter()
            .filter_map(|&group| site.localized_index(group, &lp.lang))
            .filter(|&release| !site.pages[site.localized[release].content].expired)
            .collect();
        releases.sort_by_key(|&r| std::cmp::Reverse(site.pages[site.localized[r].content].date));
        Some(ServiceView {
            agency: &service.agency,
            category,
            life_events,
            eligibility: &service.eligibility,
            documents: &service.documents,
            fees: &service.fees,
            channels: &service.channels,
            centres,
            legal_basis: &service.legal_basis,
            releases: releases
                .into_iter()
                .take(10)
                .map(|r| self.summary(r))
                .collect(),
        })
    }

    /// `page.centre` of localized page `i`.
    pub(super) fn centre_view(&self, i: LocalizedId) -> Option<CentreView<'_>> {
        let site = self.site;
        let lp = &site.localized[i];
        let centre = site.pages[lp.content].centre.as_ref()?;
        let mut services: Vec<LocalizedId> = self
            .catalogue
            .services_at(key_of(site, lp.group))
            .iter()
            .filter_map(|&group| site.localized_index(group, &lp.lang))
            .collect();
        services.sort_by(|&a, &b| {
            let title = |x: LocalizedId| &site.pages[site.localized[x].content].title;
            self.alphabet.compare(&lp.lang, title(a), title(b))
        });
        Some(CentreView {
            address: &centre.address,
            phone: centre.phone.as_deref(),
            map_url: centre.coordinates.map(|(lat, lon)| {
                format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
            }),
            latitude: centre.coordinates.map(|c| c.0),
            longitude: centre.coordinates.map(|c| c.1),
            hours: crate::service::WEEKDAYS
                .iter()
                .zip(&centre.hours)
                .map(|(day, hours)| DayHours {
                    day,
                    opens: hours.opens.as_deref(),
                    closes: hours.closes.as_deref(),
                })
                .collect(),
            exceptions: &centre.exceptions,
            services: services.into_iter().map(|s| self.summary(s)).collect(),
        })
    }

    /// schema.org `GovernmentService` of a service page, with its channels and offers.
    pub(super) fn service_json_ld(&self, i: LocalizedId) -> Option<String> {
        let site = self.site;
        let lp = &site.localized[i];
        let page = &site.pages[lp.content];
        let service = page.service.as_ref()?;
        let view = self.service_view(i)?;
        let languages: Vec<&str> = site
            .localizations(lp.group)
            .filter(|l| !l.is_fallback)
            .map(|l| l.lang.as_str())
            .collect();
        let processing_time = service.fees.first().map(|f| f.duration());
        let mut channels: Vec<serde_json::Value> = view
            .centres
            .iter()
            .map(|centre| {
                serde_json::json!({
                    "@type": "ServiceChannel",
                    "name": centre.title,
                    "availableLanguage": languages,
                    "processingTime": processing_time,
                    "serviceLocation": {
                        "@type": "GovernmentOffice",
                        "name": centre.title,
                        "url": site.permalink(centre.url),
                        "address": centre.address,
                        "telephone": centre.phone,
                    },
                })
            })
            .collect();
        if let Some(online) = &service.channels.online {
            channels.push(serde_json::json!({
                "@type": "ServiceChannel",
                "serviceUrl": online,
                "availableLanguage": languages,
                "processingTime": processing_time,
            }));
        }
        if let Some(phone) = &service.channels.phone {
            channels.push(serde_json::json!({
                "@type": "ServiceChannel",
                "servicePhone": { "@type": "ContactPoint", "telephone": phone },
                "availableLanguage": languages,
            }));
        }
        let offers: Vec<serde_json::Value> = service
            .fees
            .iter()
            .map(|fee| {
                let mut offer = serde_json::json!({
                    "@type": "Offer",
                    "price": fee.amount.unwrap_or(0.0),
                    "eligibleDuration": { "@type": "QuantitativeValue", "value": fee.days, "unitCode": "DAY" },
                });
                if let Some(currency) = &fee.currency {
                    offer["priceCurrency"] = currency.clone().into();
                }
                offer
            })
            .collect();
        let json = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "@id": site.permalink(&lp.url),
            "url": site.permalink(&lp.url),
            "name": page.title,
            "description": page.description,
            "inLanguage": page.lang,
            "serviceType": view.category.label,
            "provider": { "@type": "GovernmentOrganization", "name": service.agency },
            "audience": { "@type": "Audience", "audienceType": service.eligibility.who },
            "availableChannel": channels,
            "offers": offers,
        });
        Some(json.to_string().replace("</", "<\\/"))
    }

    /// The services of `section` in `lang` grouped by category or life event.
    pub(super) fn catalogue_groups(
        &self,
        section: SectionId,
        lang: &str,
        grouping: Grouping,
    ) -> Vec<CatalogueGroup> {
        let site = self.site;
        let mut groups: BTreeMap<String, Vec<LocalizedId>> = BTreeMap::new();
        for &i in self.list(section, lang) {
            let Some(service) = &site.pages[site.localized[i].content].service else {
                continue;
            };
            let keys: Vec<&String> = match grouping {
                Grouping::Category => vec![&service.category],
                Grouping::LifeEvent => service.life_events.iter().collect(),
            };
            for key in keys {
                groups.entry(key.clone()).or_default().push(i);
            }
        }
        let mut views: Vec<CatalogueGroup> = groups
            .into_iter()
            .map(|(key, items)| CatalogueGroup {
                label: self.label(lang, grouping, &key).label,
                id: anchor(grouping, &key),
                pages: items.into_iter().map(|i| self.summary(i)).collect(),
                key,
            })
            .collect();
        views.sort_by(|a, b| self.alphabet.compare(lang, &a.label, &b.label));
        views
    }

    /// Links from the services' section to the catalogue views and open data.
    pub(super) fn catalogue_links(&self, section: SectionId, lang: &str) -> Option<CatalogueLinks> {
        if !self.service_sections().contains(&section) {
            return None;
        }
        let (site, config) = (self.site, &self.site.config);
        Some(CatalogueLinks {
            categories: urls::catalogue(site, section, lang, Grouping::Category),
            life_events: urls::catalogue(site, section, lang, Grouping::LifeEvent),
            json: urls::open_data(config, lang, "json"),
            csv: urls::open_data(config, lang, "csv"),
        })
    }

    /// What catalogue view `grouping` of `section` in `lang` reads: the section's shape
    /// and the language's services and centres.
    pub(super) fn catalogue_reads(
        &self,
        mut reads: Reads,
        section: SectionId,
        lang: &str,
        grouping: Grouping,
    ) {
        reads
            .f
            .add("catalogue")
            .add(&self.site.sections[section].key)
            .add(lang)
            .add_debug(&grouping);
        reads
            .language(self.lang_id(lang))
            .section(section)
            .catalogue(self.lang_id(lang));
    }

    /// One catalogue view page.
    pub(super) fn render_catalogue(
        &self,
        section: SectionId,
        lang: &str,
        grouping: Grouping,
    ) -> std::result::Result<OutputFile, Error> {
        let site = self.site;
        let url = urls::catalogue(site, section, lang, grouping);
        let alternates = urls::alternates(&site.config, |l| {
            Some(urls::catalogue(site, section, &l.code, grouping))
        });
        let mut context = self.frame(lang, &url, &alternates, None);
        let (view, origin) = self.section_view(section, lang);
        context.insert("section", &view);
        context.insert(
            "grouping",
            match grouping {
                Grouping::Category => "categories",
                Grouping::LifeEvent => "life-events",
            },
        );
        context.insert("groups", &self.catalogue_groups(section, lang, grouping));
        context.insert("catalogue", &self.catalogue_links(section, lang));
        self.render_template("catalogue.html", &context, &url, origin)
    }
}

/// The `#anchor` of a group on a catalogue view.
fn anchor(grouping: Grouping, key: &str) -> String {
    match grouping {
        Grouping::Category => format!("category-{key}"),
        Grouping::LifeEvent => format!("life-event-{key}"),
    }
}
