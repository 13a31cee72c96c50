//! dilmanc builds static sites for multilingual public-information sites: press releases
//! and public-service descriptions written in Markdown in Azerbaijani and translated into
//! other languages, localised with Fluent and rendered through Tera templates.
//!
//! The pipeline is in [`build`]; each stage has its own module:
//! [`config`] → [`load`] (with [`front_matter`], [`slug`]) → [`site`] → [`links`] and
//! [`markdown`] → [`render`] (with [`i18n`], [`theme`], [`template_fns`]; also the feeds,
//! the sitemap and the search index) → [`output`].
//!
//! ```no_run
//! use std::path::Path;
//! use dilmanc::build::{BuildOptions, render_site};
//! use dilmanc::output_dir::OutputDir;
//!
//! let output = OutputDir::claim(Path::new("site/public"), Path::new("site"), false)
//!     .expect("dilmanc may write there");
//! // Files are written into a folder beside the output as they are rendered ...
//! let staging = output.stage().expect("the new build's folder can be made");
//! let options = BuildOptions { root: "site".into(), ..Default::default() };
//! let built = render_site(&options, &staging).expect("the site builds");
//! // ... which is put in place of the old output only once the whole build succeeded.
//! staging.publish(&built.files).expect("written");
//! ```
#![warn(missing_docs, unreachable_pub)]

pub mod build;
pub mod catalogue;
pub mod cli;
pub mod collation;
pub mod config;
pub mod control_chars;
pub mod engine;
pub mod error;
pub mod exchange;
pub mod fingerprint;
pub mod fluent_cycles;
pub mod front_matter;
pub mod hash;
pub mod i18n;
pub mod images;
pub mod init;
pub mod l10n;
pub(crate) mod language_code;
pub mod links;
pub mod load;
pub mod markdown;
pub(crate) mod numbers;
pub mod output;
pub mod output_dir;
pub mod output_owner;
pub mod progress;
pub(crate) mod recording;
pub mod render;
pub mod scaffold;
pub(crate) mod search;
/// What holds for any text the search index is given, for the `search` fuzz target.
#[cfg(fuzzing)]
pub use search::properties as search_properties;
pub mod serve;
pub mod service;
pub mod site;
pub mod site_files;
pub mod slug;
pub mod template_fns;
#[cfg(test)]
mod test_draws;
pub mod theme;
pub mod timings;
mod typed_index;
pub mod urls;
