//! Numbers in Fluent messages, written by the language's CLDR rules through ICU4X: the
//! decimal separator and digit grouping of Azerbaijani ("20,5"), Russian, Arabic ...
//! Plural selection still sees the number itself.

use fluent_bundle::FluentValue;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use intl_memoizer::Memoizable;
use intl_memoizer::concurrent::IntlLangMemoizer;

/// A decimal formatter for one language, kept by Fluent's memoizer.
pub(crate) struct NumberFormat(DecimalFormatter);

impl Memoizable for NumberFormat {
    /// Whether digits are grouped (Fluent's `useGrouping`).
    type Args = (bool,);
    type Error = ();

    fn construct(
        lang: unic_langid::LanguageIdentifier,
        (grouping,): Self::Args,
    ) -> Result<Self, ()> {
        let locale: icu_locale_core::Locale = lang.to_string().parse().map_err(|_| ())?;
        let mut options = DecimalFormatterOptions::default();
        options.grouping_strategy = Some(if grouping {
            GroupingStrategy::Auto
        } else {
            GroupingStrategy::Never
        });
        DecimalFormatter::try_new((&locale).into(), options)
            .map(NumberFormat)
            .map_err(|_| ())
    }
}

/// The formatter given to every bundle: numbers by the bundle's language, anything else
/// as Fluent writes it.
pub(crate) fn format(value: &FluentValue, memoizer: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let decimal: Decimal = number.as_string().parse().ok()?;
    memoizer
        .with_try_get::<NumberFormat, _, _>((number.options.use_grouping,), |f| {
            f.0.format(&decimal).to_string()
        })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(lang: &str, n: f64) -> String {
        let memoizer = IntlLangMemoizer::new(lang.parse().unwrap());
        format(&FluentValue::from(n), &memoizer).unwrap()
    }

    #[test]
    fn decimals_and_groups_follow_the_language() {
        assert_eq!(formatted("az", 20.5), "20,5");
        assert_eq!(formatted("en", 20.5), "20.5");
        assert_eq!(formatted("ru", 20.5), "20,5");
        assert_eq!(formatted("en", 408550.0), "408,550");
        assert_eq!(formatted("az", 5.0), "5");
    }
}
