//! Integration tests: the real `dilmanc` binary on real site trees under tests/fixtures/.
//! One test binary, one module per feature; `support` holds the harness.

mod boundary;
mod command_line;
mod errors;
mod exchange;
mod exchange_input;
mod exchange_messages;
mod exchange_safety;
mod exchange_selectors;
mod exchange_terms;
mod exchange_theme;
mod exchange_tools;
mod exchange_unchecked;
mod image_limits;
mod incremental;
mod init;
mod l10n;
mod languages;
mod locales;
mod output_contract;
mod output_folder;
mod press;
mod raw_html;
mod search;
mod serve;
mod services;
mod sorting;
mod support;
mod theme;
