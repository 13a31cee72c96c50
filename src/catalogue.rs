//! The service catalogue over a loaded site: which pages are services and centres, by key,
//! and the checks that every reference between them names something that exists.
//!
//! A service's or centre's key is its file stem: `content/centres/baki-1.md` (or the bundle
//! `content/centres/baki-1/index.md`) is `baki-1`.

use std::collections::BTreeMap;

use crate::error::{Error, Errors};
use crate::service::Reference;
use crate::site::{GroupId, Site};

/// Services and centres of a site by key.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Service pages by key.
    pub services: BTreeMap<String, GroupId>,
    /// Centre pages by key.
    pub centres: BTreeMap<String, GroupId>,
}

/// The key of a page group: its file stem, or its bundle folder's name.
pub fn key_of(site: &Site, group: GroupId) -> &str {
    let key = site.groups[group].key.as_str();
    let key = key.strip_suffix("/index.md").unwrap_or(key);
    let key = key.strip_suffix(".md").unwrap_or(key);
    key.rsplit('/').next().unwrap_or(key)
}

impl Catalogue {
    /// Indexes the pages of `site` that have a `[service]` or `[centre]` table in any version.
    pub fn new(site: &Site) -> Catalogue {
        let mut catalogue = Catalogue::default();
        for (group, versions) in site.groups.iter().enumerate() {
            let pages = versions.versions.iter().map(|&(_, id)| &site.pages[id]);
            let (mut service, mut centre) = (false, false);
            for page in pages {
                service |= page.service.is_some();
                centre |= page.centre.is_some();
            }
            let key = key_of(site, group).to_owned();
            if service {
                catalogue.services.insert(key.clone(), group);
            }
            if centre {
                catalogue.centres.insert(key, group);
            }
        }
        catalogue
    }

    /// An error for each centre a service names and each service a press release names
    /// that does not exist.
    pub fn check(&self, site: &Site) -> Errors {
        let mut errors = Errors::new();
        let unknown = |reference: &Reference, what: &str, known: &BTreeMap<String, GroupId>| {
            let names: Vec<&str> = known.keys().map(String::as_str).collect();
            Error::new(format!("there is no {what} `{}`", reference.key))
                .at(reference.location.clone())
                .with_help(if names.is_empty() {
                    format!("add a {what} page, or remove the reference")
                } else {
                    format!("use one of: {}", names.join(", "))
                })
        };
        for page in &site.pages {
            if let Some(service) = &page.service {
                for centre in &service.centres {
                    if !self.centres.contains_key(&centre.key) {
                        errors.push(unknown(centre, "service centre", &self.centres));
                    }
                }
            }
            for service in &page.services {
                if !self.services.contains_key(&service.key) {
                    errors.push(unknown(service, "service", &self.services));
                }
            }
        }
        errors
    }

    /// The services whose `centres` name the centre `key`, as page groups.
    pub fn services_at(&self, site: &Site, key: &str) -> Vec<GroupId> {
        self.services
            .values()
            .copied()
            .filter(|&group| {
                site.groups[group].versions.iter().any(|&(_, id)| {
                    site.pages[id]
                        .service
                        .as_ref()
                        .is_some_and(|s| s.centres.iter().any(|c| c.key == key))
                })
            })
            .collect()
    }

    /// The press releases whose `services` name the service `key`, as page groups.
    pub fn releases_about(&self, site: &Site, key: &str) -> Vec<GroupId> {
        (0..site.groups.len())
            .filter(|&group| {
                site.groups[group]
                    .versions
                    .iter()
                    .any(|&(_, id)| site.pages[id].services.iter().any(|s| s.key == key))
            })
            .collect()
    }
}
