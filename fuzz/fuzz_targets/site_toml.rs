//! `site.toml` through `Config::parse`, then the lookups every later stage relies on
//! (the default language, fallback chains, URL prefixes). Errors are rendered as the binary
//! prints them.
#![no_main]

use std::path::Path;

use dilmanc::config::Config;
use dilmanc_fuzz::render_errors;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(Path::new("/nonexistent/site"), text) {
        Ok(config) => {
            let _ = config.default();
            for language in &config.languages {
                let chain = config.fallback_chain(&language.code);
                assert!(chain.len() <= config.languages.len());
                let _ = dilmanc::urls::language_prefix(&config, &language.code);
                assert_eq!(
                    config
                        .language_id(&language.code)
                        .map(|id| &config.languages[id].code),
                    Some(&language.code)
                );
                let _ = language.direction.as_str();
            }
        }
        Err(errors) => render_errors(&errors),
    }
});
