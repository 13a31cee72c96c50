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
    /// Service pages by the key of each centre they name.
    services_by_centre: BTreeMap<String, Vec<GroupId>>,
    /// Press releases (page groups) by the key of each service they name.
    releases_by_service: BTreeMap<String, Vec<GroupId>>,
}

/// Adds `group` under `key`, once.
fn add(index: &mut BTreeMap<String, Vec<GroupId>>, key: &str, group: GroupId) {
    let groups = index.entry(key.to_owned()).or_default();
    if !groups.contains(&group) {
        groups.push(group);
    }
}

/// The key of a page group: its file stem, or its bundle folder's name.
pub fn key_of(site: &Site, group: GroupId) -> &str {
    let key = site.groups[group].key.as_str();
    let key = key.strip_suffix("/index.md").unwrap_or(key);
    let key = key.strip_suffix(".md").unwrap_or(key);
    key.rsplit('/').next().unwrap_or(key)
}

impl Catalogue {
    /// Indexes the pages of `site` that have a `[service]` or `[centre]` table in any version,
    /// and the references between pages, each way.
    pub fn new(site: &Site) -> Catalogue {
        let mut catalogue = Catalogue::default();
        for (group, versions) in site.groups.iter().enumerate() {
            let pages = versions.versions.iter().map(|&(_, id)| &site.pages[id]);
            let (mut service, mut centre) = (false, false);
            for page in pages {
                service |= page.service.is_some();
                centre |= page.centre.is_some();
                for centre in page.service.iter().flat_map(|s| &s.centres) {
                    add(&mut catalogue.services_by_centre, &centre.key, group);
                }
                for service in &page.services {
                    add(&mut catalogue.releases_by_service, &service.key, group);
                }
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

    /// The services (page groups) whose `centres` name the centre `key`.
    pub fn services_at(&self, key: &str) -> &[GroupId] {
        self.services_by_centre
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The press releases (page groups) whose `services` name the service `key`.
    pub fn releases_about(&self, key: &str) -> &[GroupId] {
        self.releases_by_service
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}
