//! Interface messages with a selector inside a variant, or with two selectors in one
//! pattern, travel as one unit per path through the selectors and come back as nested
//! select expressions that choose what the original chooses.

use crate::exchange_messages::{
    export_to, fill_messages, import_into_ftl, russian_service_page, status_shows,
};
use crate::support::TestSite;

/// The services fixture's Azerbaijani messages: `service-days` (rendered on the service
/// pages) with a plural selector inside a variant of another, and `offer` with a gender and
/// a plural selector side by side.
const MESSAGES: &str = "# $days (Number) - calendar days; 0 is the same day
service-days = { $days ->
    [0] Həmin gün
   *[other] { $days } təqvim { $days ->
        [one] günü
       *[other] günü
    }
}
# $g (String) m or f, $count (Number)
offer = { $g ->
    [m] O
   *[f] O
} { $count ->
    [one] bir ərizə
   *[other] { $count } ərizə
} göndərdi.
";

/// The Russian for a unit of `service-days` or `offer` (its kind and source, in either
/// format's form): the first key of `service-days` decides the form of "day"; `offer` has
/// the gender first and the plural category second.
fn russian(kind: &str, source: &str) -> Option<String> {
    let (id, keys) = kind.split_once('[')?;
    let keys: Vec<&str> = keys.trim_end_matches(']').split("][").collect();
    let form = |category: &str, one: &str, few: &str, many: &str| match category {
        "one" => one.to_owned(),
        "few" => few.to_owned(),
        "many" => many.to_owned(),
        _ => few.to_owned(),
    };
    match id {
        "service-days" if keys[0] == "0" => Some("В тот же день (импорт)".into()),
        "service-days" => Some(source.replace(
            "təqvim günü",
            &form(
                keys[0],
                "календарный день (импорт)",
                "календарных дня (импорт)",
                "календарных дней (импорт)",
            ),
        )),
        "offer" => {
            let who = if keys[0] == "m" {
                "Он подал "
            } else {
                "Она подала "
            };
            Some(
                source
                    .replace("O ", who)
                    .replace("bir ərizə", "одно заявление")
                    .replace(
                        "ərizə",
                        &form(keys[1], "заявление", "заявления", "заявлений"),
                    )
                    .replace(" göndərdi", ""),
            )
        }
        _ => None,
    }
}

#[test]
fn nested_and_side_by_side_selectors_round_trip_into_russian() {
    for format in ["xliff", "po"] {
        let site = TestSite::fixture("services");
        site.write("locales/az/site.ftl", MESSAGES);
        let (file, exported) = export_to(&site, "ru", format, &[]);
        // service-days: [0], then each Russian category of the outer selector, each with
        // the four categories of the inner one (its keys differ: it has no [0]).
        for kind in [
            "service-days[0]",
            "service-days[one][one]",
            "service-days[few][many]",
            "service-days[other][other]",
            "offer[m][one]",
            "offer[f][few]",
            "offer[f][many]",
        ] {
            assert!(exported.contains(kind), "{format}: {kind}: {exported}");
        }
        assert!(!exported.contains("service-days[0]["), "{exported}");
        let units = |id: &str| {
            let start = match format {
                "xliff" => format!("resname=\"message:{id}["),
                _ => format!("#. Interface message {id}["),
            };
            exported.matches(&start).count()
        };
        assert_eq!(units("service-days"), 17, "{exported}");
        assert_eq!(units("offer"), 8, "{exported}");
        match format {
            "xliff" => assert!(
                exported.contains("<source>O <x id=\"1\" ctype=\"x-fluent-placeable\" equiv-text=\"{ $count }\"/> ərizə göndərdi.</source>"),
                "{exported}"
            ),
            _ => assert!(
                exported.contains("msgid \"O {1/} ərizə göndərdi.\""),
                "{exported}"
            ),
        }
        // The note names the selector of each key, and gives the message's comment.
        assert!(
            exported.contains(" Comment: $g (String) m or f, $count (Number)"),
            "{exported}"
        );
        assert!(
            exported.contains("Interface message offer[m][one], the variant [m] of { $g }, the form of { $count } for the plural category"),
            "{exported}"
        );

        let (ftl, records) = import_into_ftl(
            &site,
            &file,
            &fill_messages(&exported, format, &russian),
            &["--allow-partial"],
            "ru/site.ftl",
        );
        assert_eq!(records, 2, "{ftl}");
        let offer = "offer =
    { $g ->
        [m]
            { $count ->
                [one] Он подал одно заявление.
                [few] Он подал { $count } заявления.
                [many] Он подал { $count } заявлений.
               *[other] Он подал { $count } заявления.
            }
       *[f]
            { $count ->
                [one] Она подала одно заявление.
                [few] Она подала { $count } заявления.
                [many] Она подала { $count } заявлений.
               *[other] Она подала { $count } заявления.
            }
    }
";
        assert!(ftl.contains(offer), "{format}: {ftl}");
        assert!(
            ftl.contains("service-days =\n    { $days ->\n        [0] В тот же день (импорт)\n        [one]\n            { $days ->\n                [one] { $days } календарный день (импорт)\n"),
            "{format}: {ftl}"
        );
        status_shows(
            &site,
            Some("ru"),
            &["; 2 of 2 messages translated, 0 stale, 0 missing, 0 unchecked\n"],
        );
        let (page, html) = russian_service_page(&site);
        assert!(
            html.contains("21 календарный день (импорт)"),
            "{format}: {page}"
        );
    }
}
