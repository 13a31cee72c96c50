//! The service catalogue (issue 5) on the `services` fixture: typed validation, the A–Z
//! order of each language, centres and their services, structured data and open data.

use scraper::{Html, Selector};

use crate::support::TestSite;

const BASE: &str = "https://services.example.az";

fn built() -> TestSite {
    let site = TestSite::fixture("services");
    site.build();
    site
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

#[test]
fn a_to_z_follows_the_azerbaijani_alphabet() {
    let site = built();
    let doc = Html::parse_document(&site.read("services/index.html"));
    let titles = texts(&doc, ".letter .item-title a");
    // Byte order would put Ç, Ə, I, İ after z; English order would put X last and I, İ
    // together after H; only the Azerbaijani alphabet gives this.
    assert_eq!(
        titles,
        [
            "Çağırış vərəqəsinin verilməsi",
            "Doğumun qeydiyyatı",
            "Elanın yerləşdirilməsi",
            "Ərizənin qəbulu",
            "Xidmət kartının verilməsi",
            "Işıq sayğacının qeydiyyatı",
            "İcazənin verilməsi",
            "Kitabçanın dəyişdirilməsi",
            "Qeydiyyat şəhadətnaməsi",
            "Lisenziyanın yenilənməsi",
        ]
    );
    assert_eq!(
        texts(&doc, ".letter-index a"),
        ["Ç", "D", "E", "Ə", "X", "I", "İ", "K", "Q", "L"]
    );
    // Works without JavaScript: the index is plain links to headings on the page.
    let first = doc
        .select(&Selector::parse(".letter-index a").unwrap())
        .next()
        .unwrap();
    let target = first
        .value()
        .attr("href")
        .unwrap()
        .trim_start_matches('#')
        .to_owned();
    assert_eq!(texts(&doc, &format!("h2#{target}")), ["Ç"]);
}

#[test]
fn catalogue_views_by_category_and_life_event() {
    let site = built();
    let doc = Html::parse_document(&site.read("services/life-events/index.html"));
    let groups = texts(&doc, "main section > h2");
    assert_eq!(
        groups,
        [
            "Biznesə başlamaq",
            "Xaricə səfər",
            "Uşağın doğulması",
            "Yaşayış yerinin dəyişməsi"
        ]
    );
    let moving = texts(&doc, "#life-event-moving ~ ul .item-title a");
    assert!(
        moving.contains(&"Işıq sayğacının qeydiyyatı".to_owned()),
        "{moving:?}"
    );
    let categories = Html::parse_document(&site.read("en/services/categories/index.html"));
    assert!(!texts(&categories, "main section > h2").is_empty());
    assert!(
        site.read("services/index.html")
            .contains(r#"href="/services/categories/""#)
    );
}

#[test]
fn the_service_page_answers_the_questions_in_order() {
    let site = built();
    let doc = Html::parse_document(&site.read("services/xidmet/index.html"));
    let headings = texts(&doc, "article.service h2");
    assert_eq!(
        headings,
        [
            "Xidmət haqqında",
            "Kimlər müraciət edə bilər",
            "Tələb olunan sənədlər",
            "Ödəniş və müddət",
            "Harada və necə müraciət etmək olar",
            "Hüquqi əsas",
        ]
    );
    assert_eq!(
        texts(&doc, ".checklist li"),
        ["Şəxsiyyət vəsiqəsi (əsli)", "Ərizə"]
    );
    let fees: Vec<String> = texts(&doc, ".fees tbody td");
    assert_eq!(
        fees,
        [
            "5 manat",
            "10 iş günü",
            "20,5 manat",
            "2 iş günü",
            "Pulsuz",
            "Eyni gün"
        ]
    );
    let dl = texts(&doc, ".service-meta dd").join(" | ");
    assert!(dl.contains("1 oktyabr 2026"), "last updated: {dl}");
    assert!(
        texts(&doc, ".related .item-title a").contains(&"Xidmət kartı asanlaşdı".to_owned()),
        "related releases"
    );
    // Plural forms of the page language.
    let ru = Html::parse_document(&site.read("ru/services/xidmet/index.html"));
    assert_eq!(
        texts(&ru, ".fees tbody td"),
        [
            "1 манат",
            "1 рабочий день",
            "3 маната",
            "3 рабочих дня",
            "5 манатов",
            "5 рабочих дней",
            "21 манат",
            "21 день"
        ]
    );
    let en = Html::parse_document(&site.read("en/services/xidmet/index.html"));
    assert_eq!(
        texts(&en, ".fees tbody td"),
        [
            "5 manat",
            "1 working day",
            "21 manat",
            "3 days",
            "Free",
            "The same day"
        ]
    );
}

#[test]
fn government_service_structured_data() {
    let site = built();
    let doc = Html::parse_document(&site.read("services/xidmet/index.html"));
    let script = doc
        .select(&Selector::parse(r#"script[type="application/ld+json"]"#).unwrap())
        .next()
        .unwrap()
        .inner_html();
    let json: serde_json::Value = serde_json::from_str(&script).unwrap();
    assert_eq!(json["@type"], "GovernmentService");
    assert_eq!(json["provider"]["name"], "Sınaq Agentliyi");
    let channels = json["availableChannel"].as_array().unwrap();
    assert_eq!(channels.len(), 4, "two centres, online and phone");
    assert_eq!(channels[0]["serviceLocation"]["@type"], "GovernmentOffice");
    assert_eq!(channels[0]["serviceLocation"]["address"], "Sınaq küçəsi 1");
    assert_eq!(channels[0]["processingTime"], "P10D");
    assert_eq!(
        channels[0]["availableLanguage"],
        serde_json::json!(["az", "en", "ru"])
    );
    assert_eq!(channels[2]["serviceUrl"], "https://e.example.az/xidmet");
    let offers = json["offers"].as_array().unwrap();
    assert_eq!(offers[0]["price"], 5.0);
    assert_eq!(offers[0]["priceCurrency"], "AZN");
    assert_eq!(offers[2]["price"], 0.0);
}

#[test]
fn centres_list_the_services_offered_there() {
    let site = built();
    let doc = Html::parse_document(&site.read("centres/merkez-2/index.html"));
    let services = texts(&doc, "#centre-services ~ ul .item-title a");
    assert_eq!(services.len(), 10);
    assert_eq!(services[0], "Çağırış vərəqəsinin verilməsi");
    assert_eq!(texts(&doc, ".hours th").len(), 7);
    assert!(texts(&doc, ".hours td").contains(&"Bağlıdır".to_owned()));
    let map = doc
        .select(&Selector::parse(r#"a[href*="openstreetmap.org"]"#).unwrap())
        .count();
    assert_eq!(map, 1, "a plain link to a map, no embedded map");
    assert!(!site.read("centres/merkez-2/index.html").contains("<iframe"));
    // Only merkez-1 is named by the English service; the English centre lists it.
    let en = Html::parse_document(&site.read("en/centres/merkez-1/index.html"));
    assert!(
        texts(&en, "#centre-services ~ ul .item-title a")
            .contains(&"Issuing a service card".to_owned())
    );
}

#[test]
fn open_data_parses_and_matches_its_schema() {
    let site = built();
    let schema: serde_json::Value =
        serde_json::from_str(&site.read("services.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // ru has no fallback: only its translation is published there.
    for (json, csv, lang, count) in [
        ("services.json", "services.csv", "az", 10),
        ("en/services.json", "en/services.csv", "en", 10),
        ("ru/services.json", "ru/services.csv", "ru", 1),
    ] {
        let data: serde_json::Value = serde_json::from_str(&site.read(json)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&data)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{json}: {errors:#?}");
        assert_eq!(data["language"], lang);
        let services = data["services"].as_array().unwrap();
        assert_eq!(services.len(), count, "{json}");
        for service in services {
            assert!(
                service["url"].as_str().unwrap().starts_with(BASE),
                "absolute URLs"
            );
        }
        let csv_text = site.read(csv);
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert!(headers.iter().any(|h| h == "fees"));
        assert_eq!(reader.records().count(), count, "{csv}");
    }
    let en: serde_json::Value = serde_json::from_str(&site.read("en/services.json")).unwrap();
    let card = en["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "xidmet")
        .unwrap();
    assert_eq!(card["title"], "Issuing a service card");
    assert_eq!(card["translated"], true);
    assert_eq!(card["fees"][1]["amount"], 21.0);
    assert_eq!(
        card["centres"][0]["url"],
        format!("{BASE}/en/centres/merkez-1/")
    );
    let untranslated = en["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "dogum")
        .unwrap();
    assert_eq!(untranslated["translated"], false);
    assert_eq!(untranslated["lang"], "az");
}

#[test]
fn each_bad_field_is_an_error_at_its_line() {
    let cases: [(&str, &str, &str); 7] = [
        (
            "category = \"civil-status\"",
            "category = \"Civil status\"",
            "dogum.md:8:12: `Civil status` is not a valid key",
        ),
        (
            "documents = [\n  { name = \"Şəxsiyyət vəsiqəsi\", note = \"əsli\" },\n  { name = \"Ərizə\" },\n]",
            "documents = []",
            "dogum.md:11:13: service.documents is empty",
        ),
        (
            "{ free = true, days = 0 }",
            "{ free = true, amount = 3, days = 0 }",
            "dogum.md:18:3: service.fees: a free option has no amount or currency",
        ),
        (
            "{ amount = 5, currency = \"AZN\", days = 10, working_days = true }",
            "{ amount = 5, currency = \"manat\", days = 10, working_days = true }",
            "dogum.md:16:3: service.fees: currency `manat` is not an ISO 4217 code",
        ),
        (
            "centres = [\"merkez-1\", \"merkez-2\"]",
            "centres = [\"merkez-1\", \"merkez-9\"]",
            "dogum.md:21:24: there is no service centre `merkez-9`",
        ),
        (
            "agency = \"Sınaq Agentliyi\"",
            "agency = \"Sınaq Agentliyi\"\nfee = 5",
            "dogum.md:8:1: unknown field `fee`",
        ),
        (
            "channels = {",
            "channels = { colour = \"red\", ",
            "unknown field `colour`",
        ),
    ];
    for (from, to, expected) in cases {
        let site = TestSite::fixture("services");
        let path = site.root().join("content/services/dogum.md");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let run = site.run(&["build"]);
        run.failure(1);
        assert!(
            run.stderr.contains(expected),
            "expected `{expected}` in\n{}",
            run.stderr
        );
    }
}

#[test]
fn bad_centres_and_service_references_are_errors() {
    let site = TestSite::fixture("services");
    let path = site.root().join("content/centres/merkez-2.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("friday = \"09:00-17:00\"", "friday = \"17:00-09:00\""),
    )
    .unwrap();
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(
        run.stderr
            .contains("merkez-2.md:9:122: `17:00-09:00` closes before it opens"),
        "{}",
        run.stderr
    );
    std::fs::write(&path, text).unwrap();
    site.write(
        "content/press/2026-05-02-diger.md",
        "+++\ntitle = \"Digər\"\ndate = 2026-05-02\nservices = [\"yoxdur\"]\n+++\n",
    );
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(
        run.stderr
            .contains("2026-05-02-diger.md:4:13: there is no service `yoxdur`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("use one of: cagiris, dogum"),
        "{}",
        run.stderr
    );
}
