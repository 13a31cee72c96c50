//! The service catalogue as open data: `/services.json` and `/services.csv` for the default
//! language, `/<lang>/services.json` and `/<lang>/services.csv` for the others, every field
//! of the typed `[service]` table with absolute URLs, and the JSON Schema of the JSON files
//! at `/services.schema.json` (the file `schemas/services.schema.json` of this repository).

use serde::Serialize;

use super::Renderer;
use crate::catalogue::key_of;
use crate::output::{FileContent, Origin, OutputFile};
use crate::service::{Channels, Document, Eligibility, Fee, LegalAct};
use crate::urls;

/// The JSON Schema published beside the data.
const SCHEMA: &str = include_str!("../../schemas/services.schema.json");

#[derive(Serialize)]
struct File<'a> {
    language: &'a str,
    services: Vec<Record<'a>>,
}

#[derive(Serialize)]
struct Label<'a> {
    key: &'a str,
    label: String,
}

#[derive(Serialize)]
struct FeeRecord<'a> {
    free: bool,
    amount: Option<f64>,
    currency: Option<&'a str>,
    days: u32,
    working_days: bool,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct CentreRecord<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    address: &'a str,
    phone: Option<&'a str>,
}

#[derive(Serialize)]
struct Record<'a> {
    key: &'a str,
    url: String,
    lang: &'a str,
    translated: bool,
    title: &'a str,
    description: Option<&'a str>,
    updated: Option<String>,
    agency: &'a str,
    category: Label<'a>,
    life_events: Vec<Label<'a>>,
    eligibility: &'a Eligibility,
    documents: &'a [Document],
    fees: Vec<FeeRecord<'a>>,
    channels: &'a Channels,
    centres: Vec<CentreRecord<'a>>,
    legal_basis: &'a [LegalAct],
}

/// The JSON, CSV and schema files.
pub(crate) fn render(renderer: &Renderer) -> Vec<OutputFile> {
    let site = renderer.site;
    let origin = Origin::Generated("the open-data files");
    let mut files = Vec::new();
    if renderer.catalogue.services.is_empty() {
        return files;
    }
    for language in &site.config.languages {
        let lang = language.code.as_str();
        let mut records: Vec<Record> = renderer
            .catalogue
            .services
            .values()
            .filter_map(|&group| {
                let lp = site.localized(group, lang)?;
                let page = &site.pages[lp.content];
                let service = page.service.as_ref()?;
                let message = |id: String, key: &str| {
                    renderer
                        .localizer
                        .message(lang, &id, None)
                        .unwrap_or_else(|_| key.to_owned())
                };
                Some(Record {
                    key: key_of(site, group),
                    url: site.permalink(&lp.url),
                    lang: &page.lang,
                    translated: !lp.is_fallback,
                    title: &page.title,
                    description: page.description.as_deref(),
                    updated: page.updated.map(|d| d.day.to_string()),
                    agency: &service.agency,
                    category: Label {
                        key: &service.category,
                        label: message(
                            format!("service-category-{}", service.category),
                            &service.category,
                        ),
                    },
                    life_events: service
                        .life_events
                        .iter()
                        .map(|key| Label {
                            key,
                            label: message(format!("life-event-{key}"), key),
                        })
                        .collect(),
                    eligibility: &service.eligibility,
                    documents: &service.documents,
                    fees: service.fees.iter().map(fee_record).collect(),
                    channels: &service.channels,
                    centres: service
                        .centres
                        .iter()
                        .filter_map(|reference| {
                            let group = *renderer.catalogue.centres.get(&reference.key)?;
                            let centre_page = site.localized(group, lang)?;
                            let page = &site.pages[centre_page.content];
                            let centre = page.centre.as_ref()?;
                            Some(CentreRecord {
                                key: &reference.key,
                                title: &page.title,
                                url: site.permalink(&centre_page.url),
                                address: &centre.address,
                                phone: centre.phone.as_deref(),
                            })
                        })
                        .collect(),
                    legal_basis: &service.legal_basis,
                })
            })
            .collect();
        records.sort_by(|a, b| renderer.alphabet.compare(lang, a.title, b.title));
        let path = |extension: &str| {
            urls::open_data(&site.config, lang, extension)
                .trim_start_matches('/')
                .to_owned()
        };
        let csv = csv_of(&records);
        let json = serde_json::to_vec_pretty(&File {
            language: lang,
            services: records,
        })
        .expect("serialising plain data cannot fail");
        files.push(OutputFile {
            path: path("json").into(),
            content: FileContent::Bytes(json.into()),
            origin: origin.clone(),
        });
        files.push(OutputFile {
            path: path("csv").into(),
            content: FileContent::Bytes(csv.into()),
            origin: origin.clone(),
        });
    }
    files.push(OutputFile {
        path: "services.schema.json".into(),
        content: FileContent::Bytes(SCHEMA.as_bytes().into()),
        origin,
    });
    files
}

fn fee_record(fee: &Fee) -> FeeRecord<'_> {
    FeeRecord {
        free: fee.amount.is_none(),
        amount: fee.amount,
        currency: fee.currency.as_deref(),
        days: fee.days,
        working_days: fee.working_days,
        note: fee.note.as_deref(),
    }
}

/// The CSV form: one row per service; lists are joined with "; ".
fn csv_of(records: &[Record]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "key",
        "url",
        "lang",
        "translated",
        "title",
        "description",
        "updated",
        "agency",
        "category",
        "category_label",
        "life_events",
        "eligibility",
        "by_proxy",
        "documents",
        "fees",
        "in_person",
        "online",
        "phone",
        "mobile",
        "centres",
        "legal_basis",
    ];
    let join = |items: Vec<String>| items.join("; ");
    let mut rows = vec![
        header
            .iter()
            .map(|h| (*h).to_owned())
            .collect::<Vec<String>>(),
    ];
    for r in records {
        rows.push(vec![
            r.key.to_owned(),
            r.url.clone(),
            r.lang.to_owned(),
            r.translated.to_string(),
            r.title.to_owned(),
            r.description.unwrap_or_default().to_owned(),
            r.updated.clone().unwrap_or_default(),
            r.agency.to_owned(),
            r.category.key.to_owned(),
            r.category.label.clone(),
            join(r.life_events.iter().map(|l| l.key.to_owned()).collect()),
            r.eligibility.who.clone(),
            r.eligibility.by_proxy.clone().unwrap_or_default(),
            join(
                r.documents
                    .iter()
                    .map(|d| match &d.note {
                        Some(note) => format!("{} ({note})", d.name),
                        None => d.name.clone(),
                    })
                    .collect(),
            ),
            join(
                r.fees
                    .iter()
                    .map(|f| {
                        let price = match (f.amount, f.currency) {
                            (Some(amount), Some(currency)) => format!("{amount} {currency}"),
                            _ => "free".to_owned(),
                        };
                        let unit = if f.working_days {
                            "working days"
                        } else {
                            "days"
                        };
                        format!("{price}, {} {unit}", f.days)
                    })
                    .collect(),
            ),
            r.channels.in_person.to_string(),
            r.channels.online.clone().unwrap_or_default(),
            r.channels.phone.clone().unwrap_or_default(),
            r.channels.mobile.to_string(),
            join(r.centres.iter().map(|c| c.key.to_owned()).collect()),
            join(r.legal_basis.iter().map(|l| l.title.clone()).collect()),
        ]);
    }
    for row in rows {
        writer
            .write_record(&row)
            .expect("writing CSV into memory cannot fail");
    }
    writer.into_inner().unwrap_or_default()
}
