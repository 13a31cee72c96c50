//! Integration tests: the real `dilmanc` binary on real site trees under tests/fixtures/.
//! One test binary, one module per feature; `support` holds the harness.

mod boundary;
mod errors;
mod init;
mod l10n;
mod locales;
mod output_contract;
mod output_folder;
mod press;
mod search;
mod serve;
mod services;
mod support;
