//! The build pipeline, from a site folder to rendered files:
//!
//! ```text
//! site.toml ─► Config ─► load(content/) ─► Site ─► links::check
//!                  ├──► Localizer (Fluent, dates)  ─┐
//!                  └──► Templates (Tera) ───────────┴─► render ─► Output ─► write
//! ```
//!
//! Independent stages run even when an earlier one failed, so that one run reports broken
//! front matter, Fluent files and templates together.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::engine::Reuse;
use crate::error::{Error, Errors, Result};
use crate::i18n::Localizer;
use crate::images::{ImageStats, Images};
use crate::links::{LinkTable, Resolver};
use crate::load::{LoadOptions, load_with};
use crate::output::{Sink, Written};
use crate::theme::{Templates, Theme, static_files};
use crate::timings::Timings;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// Overrides `base_url` (for previews and staging hosts).
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Include pages dated in the future.
    pub future: bool,
    /// Treat a Fluent message taken from a fallback language as an error (`dilmanc check`).
    pub strict_messages: bool,
    /// Write nothing into the site folder (`dilmanc check`): a resized image missing from
    /// the cache is made in memory, to find what would fail, and dropped.
    pub read_only: bool,
}

/// Counts for the closing summary of one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageCount {
    /// The language code.
    pub code: String,
    /// Pages written in the language.
    pub translated: usize,
    /// Pages shown from a fallback language.
    pub fallback: usize,
}

/// A rendered site and what to tell the user about it.
#[derive(Debug)]
pub struct Built {
    /// What was written where (the bytes went to the build's [`Sink`]).
    pub files: Vec<Written>,
    /// Pages per language.
    pub languages: Vec<LanguageCount>,
    /// Bundle images and how many copies were resized or taken from the cache.
    pub images: ImageStats,
    /// Problems that did not stop the build.
    pub warnings: Vec<String>,
    /// How long loading and rendering took.
    pub elapsed: Duration,
    /// How long each stage and each template took.
    pub timings: Timings,
    /// Files taken unchanged from the previous build ([`crate::engine::Engine`]).
    pub reused: usize,
}

/// Loads and renders the site, handing each file to `sink` as it is made.
pub fn render_site(options: &BuildOptions, sink: &dyn Sink) -> Result<Built> {
    build(options, sink, None)
}

/// [`render_site`], reusing the files of an earlier build where `reuse` has them
/// ([`crate::engine::Engine`]).
pub(crate) fn build(
    options: &BuildOptions,
    sink: &dyn Sink,
    reuse: Option<&Reuse>,
) -> Result<Built> {
    let started = Instant::now();
    let timings = Timings::default();
    let mut config = timings.stage("site.toml", || Config::load(&options.root))?;
    if let Some(base_url) = &options.base_url {
        let base_url = base_url.trim_end_matches('/');
        if let Some((why, help)) = crate::config::base_url_problem(base_url) {
            return Err(Error::new(format!("--base-url `{base_url}` {why}"))
                .with_help(format!("{help}, e.g. --base-url http://127.0.0.1:8080"))
                .on_command_line()
                .into());
        }
        config.base_url = base_url.to_owned();
    }
    let theme = Theme::resolve(&config)?;
    let mut errors = Errors::new();

    let load_options = LoadOptions {
        drafts: options.drafts,
        future: options.future,
        now: jiff::Timestamp::now(),
    };
    // The static files come first: an image written from the site's root must be one of
    // them. Their errors keep their place in the report.
    let mut static_errors = Errors::new();
    let static_files = static_files(&config, &theme, &mut static_errors);
    let published = crate::links::published_paths(&static_files);
    let site = match timings.stage("load content", || {
        load_with(config.clone(), &load_options, reuse.map(Reuse::earlier))
    }) {
        Ok(site) => timings.stage("check links and services", || {
            // Both are made from the site's structure and front matter: a build of the
            // engine takes them from an earlier build of the same shape, whose catalogue
            // was checked clean (a memo keeps only what a good build made).
            let shaped = reuse.map(Reuse::memos).zip(site.shape());
            let table = match shaped {
                Some((memos, shape)) => memos
                    .link_tables
                    .get_or(shape, || Arc::new(LinkTable::new(&site))),
                None => Arc::new(LinkTable::new(&site)),
            };
            let memos = reuse.map(|reuse| crate::links::CheckMemos {
                links: &reuse.memos().body_links,
                checks: &reuse.memos().link_checks,
            });
            let check = crate::links::check_with(&site, &table, &published, memos);
            errors.extend(check.errors);
            let kept = shaped.and_then(|(memos, shape)| memos.catalogues.get(shape));
            let catalogue = kept.unwrap_or_else(|| {
                let catalogue = Arc::new(Catalogue::new(&site));
                errors.extend(catalogue.check(&site));
                if let Some((memos, shape)) = shaped {
                    memos.catalogues.insert(shape, Arc::clone(&catalogue));
                }
                catalogue
            });
            Some((Arc::new(site), table, catalogue, check.first_paragraphs))
        }),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let (localizer, locale_errors) =
        timings.stage("load locales", || Localizer::load_partial(&config, &theme));
    errors.extend(locale_errors);
    let localizer = Arc::new(localizer);
    let resolver = site
        .as_ref()
        .map(|(site, table, ..)| Resolver::new(Arc::clone(site), Arc::clone(table)));
    let tera = crate::template_fns::tera(Arc::clone(&localizer), resolver.clone());
    let templates = match timings.stage("load templates", || Templates::load(&config, &theme, tera))
    {
        Ok(templates) => Some(templates),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    errors.extend(static_errors);
    let (Some((site, _, catalogue, first_paragraphs)), Some(resolver), Some(templates)) =
        (site, resolver, templates)
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }

    let images = timings.stage("images", || Images::process(&site, !options.read_only))?;
    let rendered = crate::render::render(
        &crate::render::Inputs {
            site: &site,
            localizer: &localizer,
            templates: &templates,
            resolver: &resolver,
            images: &images,
            alphabet: &crate::collation::Alphabet::new(&site.config),
            catalogue: &catalogue,
            first_paragraphs: first_paragraphs.as_deref(),
            static_files: &static_files,
            timings: &timings,
            reuse,
        },
        sink,
    )?;
    let mut warnings = theme.warnings();
    let mut errors = Errors::new();
    for fallback in &rendered.fallbacks {
        let text = format!(
            "the Fluent message `{}` is missing in `{}`; the `{}` text is shown instead",
            fallback.id, fallback.lang, fallback.from
        );
        if options.strict_messages {
            errors.push(Error::new(text).with_help(format!(
                "add `{}` to locales/{}/*.ftl",
                fallback.id, fallback.lang
            )));
        } else {
            warnings.push(text);
        }
    }
    let languages = site
        .config
        .languages
        .iter()
        .map(|l| LanguageCount {
            code: l.code.clone(),
            translated: site
                .localized
                .iter()
                .filter(|p| p.lang == l.code && !p.is_fallback)
                .count(),
            fallback: site
                .localized
                .iter()
                .filter(|p| p.lang == l.code && p.is_fallback)
                .count(),
        })
        .collect();
    errors.into_result(Built {
        files: rendered.written,
        languages,
        images: images.stats,
        warnings,
        elapsed: started.elapsed(),
        reused: reuse.map_or(0, Reuse::reused),
        timings,
    })
}
