//! The template context: small serialisable views borrowed from the [`Site`](crate::site::Site).
//! docs/templates.md documents every field for theme authors; keep the two in step.
//! Lists of pages hold each page's [`PageSummary`] already converted for Tera (`tera::Value`),
//! once per page for the whole build, since a page is shown in many lists.

use serde::Serialize;

use crate::front_matter::{Source, VideoLink};

/// A language as the switcher and `site.languages` show it.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageView<'a> {
    /// BCP 47 code.
    pub code: &'a str,
    /// Its own name.
    pub name: &'a str,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Its home page, or in the switcher, this page in that language.
    pub url: String,
    /// Whether it is the language of the file being rendered (switcher only).
    pub current: bool,
}

/// `site` in every template.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    /// Base URL without trailing slash.
    pub base_url: &'a str,
    /// Code of the default language.
    pub default_language: &'a str,
    /// Every language with its home URL.
    pub languages: Vec<LanguageView<'a>>,
}

/// A `<link rel="alternate" hreflang>` target.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate<'a> {
    /// Language code.
    pub code: &'a str,
    /// Absolute URL.
    pub permalink: String,
}

/// The language a fallback page's content is written in.
#[derive(Debug, Clone, Serialize)]
pub struct FallbackView<'a> {
    /// Its code.
    pub code: &'a str,
    /// Its own name.
    pub name: &'a str,
    /// Its direction.
    pub dir: &'static str,
}

/// A feed link for the `<head>`.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    /// `atom` or `rss`.
    pub kind: &'static str,
    /// Root-relative URL.
    pub url: String,
    /// Human title.
    pub title: String,
}

/// A titled link (a page's section, neighbours, subsections).
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    /// Link text.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
}

/// An entry of the primary navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem<'a> {
    /// The section's folder (`press`) or the page's file stem (`about`), for
    /// `t(key="nav-" ~ key, default=title)`.
    pub key: &'a str,
    /// The section's or page's title in this language.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: &'a str,
    /// Whether the file being rendered is this entry or inside it.
    pub current: bool,
}

/// A calendar day, given to templates as `YYYY-MM-DD` (formatted only when a template
/// is given it, not when a summary is fingerprinted).
#[derive(Debug, Clone, Copy, Hash)]
pub struct IsoDay(pub jiff::civil::Date);

impl Serialize for IsoDay {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// A tag link.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TagLink<'a> {
    /// The term as written.
    pub name: &'a str,
    /// Its page in this language.
    pub url: String,
}

/// `page` in `page.html`.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Rendered HTML.
    pub content: &'a str,
    /// Description or first paragraph.
    pub summary: &'a str,
    /// Root-relative URL.
    pub url: &'a str,
    /// Absolute URL.
    pub permalink: String,
    /// Language of the content.
    pub lang: &'a str,
    /// Tags in this language.
    pub tags: Vec<TagLink<'a>>,
    /// Original source.
    pub source: Option<&'a Source>,
    /// The lead image.
    pub image: Option<ImageView<'a>>,
    /// Photos of the bundle.
    pub gallery: Vec<ImageView<'a>>,
    /// Video links.
    pub videos: &'a [VideoLink],
    /// Whether the page has expired: online, but listed nowhere.
    pub archived: bool,
    /// The newest other pages of the section in this language, those sharing tags first.
    pub related: Vec<tera::Value>,
    /// schema.org JSON-LD (`GovernmentService` for services, `NewsArticle` for dated pages
    /// of date-sorted sections), ready for `<script type="application/ld+json">`.
    pub json_ld: Option<String>,
    /// The typed description, on a service page.
    pub service: Option<ServiceView<'a>>,
    /// The typed details, on a service-centre page.
    pub centre: Option<CentreView<'a>>,
    /// The enclosing section.
    pub section: Option<Link<'a>>,
    /// `[extra]`.
    pub extra: &'a toml::Table,
    /// Previous page in the section's order.
    pub previous: Option<Link<'a>>,
    /// Next page in the section's order.
    pub next: Option<Link<'a>>,
}

/// An image: the lead image, a gallery photo or a list thumbnail.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ImageView<'a> {
    /// Root-relative URL (the smallest copy, for thumbnails).
    pub url: String,
    /// Absolute URL of the original, for sharing cards and feeds.
    pub permalink: String,
    /// Alternative text.
    pub alt: &'a str,
    /// Visible caption (gallery photos).
    pub caption: Option<&'a str>,
    /// Width in pixels of `url`, when known.
    pub width: Option<u32>,
    /// Height in pixels of `url`, when known.
    pub height: Option<u32>,
    /// `srcset` of the resized copies, when the image is a bundle photo.
    pub srcset: Option<String>,
}

/// An item of a page list.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct PageSummary<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: Option<&'a str>,
    /// Description or first paragraph.
    pub summary: &'a str,
    /// `YYYY-MM-DD`.
    pub date: Option<IsoDay>,
    /// `YYYY-MM-DD`.
    pub updated: Option<IsoDay>,
    /// Root-relative URL in the list's language.
    pub url: &'a str,
    /// Language of the content.
    pub lang: &'a str,
    /// Whether the page is shown from a fallback language.
    pub is_fallback: bool,
    /// Tags.
    pub tags: Vec<TagLink<'a>>,
    /// The lead image's smallest copy.
    pub thumbnail: Option<ImageView<'a>>,
}

/// `section` in list templates.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: Option<&'a str>,
    /// Rendered intro.
    pub content: String,
    /// Language of the title and intro.
    pub lang: &'a str,
    /// Root-relative URL of the first list page.
    pub url: String,
    /// Absolute URL of the first list page.
    pub permalink: String,
    /// `[extra]`.
    pub extra: &'a toml::Table,
}

/// One entry of `sections` on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct SectionTeaser<'a> {
    /// Title.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// The first pages in the section's order.
    pub pages: Vec<tera::Value>,
}

/// A numbered list page.
#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    /// 1-based number.
    pub number: usize,
    /// Root-relative URL.
    pub url: String,
    /// Whether it is the one rendered.
    pub current: bool,
}

/// `paginator` in list templates.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// 1-based number of this list page.
    pub current: usize,
    /// How many list pages there are.
    pub total: usize,
    /// URL of the previous list page.
    pub previous: Option<String>,
    /// URL of the next list page.
    pub next: Option<String>,
    /// The list pages to link to: the first, the last, and those within three of the
    /// current one, in order.
    pub pages: Vec<PagerLink>,
}

/// A taxonomy term.
#[derive(Debug, Clone, Serialize)]
pub struct TermView<'a> {
    /// As written.
    pub name: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Number of pages.
    pub count: usize,
}

/// `archive` in `archive.html`: the period listed.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveView<'a> {
    /// `2017` or `2017-06` (format a month with the `month_year` filter).
    pub key: &'a str,
    /// The year.
    pub year: i16,
    /// The month (1-12), for a month's list.
    pub month: Option<i8>,
    /// Root-relative URL of its first list page.
    pub url: &'a str,
}

/// A year of a section's archive, with its months.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveYear {
    /// The year.
    pub year: i16,
    /// Root-relative URL.
    pub url: String,
    /// Pages dated in it.
    pub count: usize,
    /// Whether it is the period rendered.
    pub current: bool,
    /// Its months, newest first.
    pub months: Vec<ArchiveMonth>,
}

/// A month of a section's archive.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveMonth {
    /// `2017-06`, for the `month_year` filter.
    pub key: String,
    /// The month as the language writes it alone: "iyun 2017", "June 2017".
    pub label: String,
    /// 1-12.
    pub month: i8,
    /// Root-relative URL.
    pub url: String,
    /// Pages dated in it.
    pub count: usize,
    /// Whether it is the period rendered.
    pub current: bool,
}

/// A letter of an A–Z list with the pages whose titles start with it.
#[derive(Debug, Clone, Serialize)]
pub struct LetterGroup {
    /// The initial, upper case by the language's rules ("İ", "I", "Ə").
    pub letter: String,
    /// An id for the `#anchor` of the letter's heading.
    pub id: String,
    /// The pages, in alphabetical order.
    pub pages: Vec<tera::Value>,
}

/// A category or life event with its label in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    /// The key.
    pub key: String,
    /// The label (`service-category-<key>` / `life-event-<key>`), or the key.
    pub label: String,
    /// Where the catalogue lists it.
    pub url: String,
}

/// A centre where a service is offered.
#[derive(Debug, Clone, Serialize)]
pub struct CentreLink<'a> {
    /// The centre's key.
    pub key: &'a str,
    /// Its title in this language.
    pub title: &'a str,
    /// Its page.
    pub url: &'a str,
    /// Its address.
    pub address: &'a str,
    /// Its phone.
    pub phone: Option<&'a str>,
}

/// `page.service` on a service page.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView<'a> {
    /// The provider.
    pub agency: &'a str,
    /// The category.
    pub category: Label,
    /// Life events.
    pub life_events: Vec<Label>,
    /// Who may apply.
    pub eligibility: &'a crate::service::Eligibility,
    /// What to bring.
    pub documents: &'a [crate::service::Document],
    /// Price and time options.
    pub fees: &'a [crate::service::Fee],
    /// Ways to apply.
    pub channels: &'a crate::service::Channels,
    /// Where to apply in person.
    pub centres: Vec<CentreLink<'a>>,
    /// Laws and decisions.
    pub legal_basis: &'a [crate::service::LegalAct],
    /// Press releases that name the service, newest first.
    pub releases: Vec<tera::Value>,
}

/// Opening hours of one weekday.
#[derive(Debug, Clone, Serialize)]
pub struct DayHours<'a> {
    /// `monday` … `sunday`, for `t(key="weekday-" ~ day)`.
    pub day: &'static str,
    /// Opening time, none when closed.
    pub opens: Option<&'a str>,
    /// Closing time, none when closed.
    pub closes: Option<&'a str>,
}

/// `page.centre` on a centre page.
#[derive(Debug, Clone, Serialize)]
pub struct CentreView<'a> {
    /// Street address.
    pub address: &'a str,
    /// Phone.
    pub phone: Option<&'a str>,
    /// A plain link to the place on OpenStreetMap.
    pub map_url: Option<String>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// Each weekday.
    pub hours: Vec<DayHours<'a>>,
    /// Holidays and dated changes.
    pub exceptions: &'a [crate::service::Exception],
    /// Services offered here, in alphabetical order.
    pub services: Vec<tera::Value>,
}

/// A group of a catalogue view: a category or a life event with its services.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueGroup {
    /// The key.
    pub key: String,
    /// Its label.
    pub label: String,
    /// The `#anchor` of its heading.
    pub id: String,
    /// Its services, in alphabetical order.
    pub pages: Vec<tera::Value>,
}

/// Links from a service list to the catalogue views.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueLinks {
    /// Services by category.
    pub categories: String,
    /// Services by life event.
    pub life_events: String,
    /// The open-data files of this language.
    pub json: String,
    /// The same as CSV.
    pub csv: String,
}
