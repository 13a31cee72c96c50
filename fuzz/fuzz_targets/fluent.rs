//! `.ftl` files loaded as the Localizer loads them (src/i18n.rs `Localizer::load_partial`,
//! reading the theme's and the site's `locales/<lang>/*.ftl` from disk), then every message
//! of the file formatted in each language with number and string arguments, the press
//! dateline and the CLDR dates. The input is written as the site's `locales/az/site.ftl`
//! (the default language, with `en` falling back to it) and `locales/ar/site.ftl` (six
//! plural categories), over the repository's default theme, on /dev/shm.
#![no_main]

use std::sync::LazyLock;

use dilmanc::config::Config;
use dilmanc::i18n::Localizer;
use dilmanc_fuzz::{TempSite, render_errors};
use fluent_bundle::{FluentArgs, FluentValue};
use fluent_syntax::ast::Entry;
use libfuzzer_sys::fuzz_target;

const SITE_TOML: &str = r#"base_url = "https://fuzz.example.az"
default_language = "az"

[languages.az]
name = "Azərbaycanca"

[languages.en]
name = "English"
fallback = "az"

[languages.ar]
name = "العربية"
"#;

static SITE: LazyLock<(TempSite, Config)> = LazyLock::new(|| {
    let site = TempSite::new("fluent").with_default_theme();
    site.write("site.toml", SITE_TOML);
    let config = Config::parse(site.root(), SITE_TOML).expect("the fixed site.toml is valid");
    (site, config)
});

/// The `$variables` the file mentions.
fn variables(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        if end > 0 && !names.contains(&&rest[..end]) {
            names.push(&rest[..end]);
        }
    }
    names.truncate(16);
    names
}

fuzz_target!(|data: &[u8]| {
    let (site, config) = &*SITE;
    site.write("locales/az/site.ftl", data);
    site.write("locales/ar/site.ftl", data);
    let theme = site.root().join("themes/default");
    let theme = dilmanc::theme::Theme::folder(config, theme);
    let (localizer, errors) = Localizer::load_partial(config, &theme);
    render_errors(&errors);

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Message ids are ASCII; parse a copy without the other characters, because
    // fluent-syntax panics on some broken escapes before non-ASCII text (see src/i18n.rs
    // `parse_resource`), and this target is about dilmanc, not about that panic again.
    let ascii: String = text
        .bytes()
        .map(|b| if b.is_ascii() { char::from(b) } else { '~' })
        .collect();
    let resource = match fluent_syntax::parser::parse_runtime(ascii.as_str()) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    };
    let mut ids: Vec<&str> = resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            Entry::Message(m) => Some(m.id.name),
            _ => None,
        })
        .collect();
    ids.truncate(16);
    let names = variables(text);
    let values = [
        FluentValue::from(1),
        FluentValue::from(21.5),
        FluentValue::from("mətn"),
    ];
    let day = jiff::civil::date(2017, 6, 21);
    // The fallbacks the lookups take come back as values, as they do for a rendered file.
    let ((), fallbacks) = dilmanc::i18n::recording_fallbacks(|| {
        for lang in ["az", "en", "ar"] {
            for id in &ids {
                let _ = localizer.message(lang, id, None);
                for value in &values {
                    let mut args = FluentArgs::new();
                    for name in &names {
                        args.set(name.to_string(), value.clone());
                    }
                    if let Err(e) = localizer.message(lang, id, Some(&args)) {
                        let _ = e.to_string();
                    }
                }
                let _ = localizer.has_own_message(lang, id);
            }
            let _ = localizer.press_date(lang, day);
            let _ = localizer.long_date(lang, day);
            let _ = localizer.month_year(lang, 2017, 6);
        }
    });
    for fallback in fallbacks {
        assert_ne!(
            fallback.lang, fallback.from,
            "a fallback comes from another language"
        );
    }
});
