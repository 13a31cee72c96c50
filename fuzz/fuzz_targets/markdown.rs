//! One page of a small fixed site, front matter and body, rendered through the whole
//! pipeline with `dilmanc::build::render_site` (in memory: nothing is written but the image
//! cache). The page is the bundle `content/press/fuzz/index.md`, beside `photo.png`, so its
//! body can link to `@/press/x.md`, `../x.md`, `@/services/passport.md#anchors`, show
//! `photo.png` and carry a `[service]` table whose centre `merkez-1` exists.
#![no_main]

use std::sync::LazyLock;

use dilmanc::build::{BuildOptions, render_site};
use dilmanc_fuzz::{TempSite, render_errors, repo};
use libfuzzer_sys::fuzz_target;

/// The fixed files of the site: (path, contents).
const FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        "base_url = \"https://fuzz.example.az\"\ndefault_language = \"az\"\ntheme = \"default\"\n\n[languages.az]\nname = \"Azərbaycanca\"\n\n[languages.en]\nname = \"English\"\nfallback = \"az\"\n\n[languages.ar]\nname = \"العربية\"\n",
    ),
    (
        "content/_index.md",
        "+++\ntitle = \"Agentlik\"\n+++\nXoş gəlmisiniz.\n",
    ),
    (
        "content/about.md",
        "+++\ntitle = \"Haqqımızda\"\nweight = 1\n+++\nAgentlik haqqında.\n",
    ),
    (
        "content/press/_index.md",
        "+++\ntitle = \"Mətbuat\"\nsort_by = \"date\"\npaginate_by = 2\nfeed = true\n+++\n",
    ),
    (
        "content/press/_index.en.md",
        "+++\ntitle = \"Press\"\n+++\n",
    ),
    (
        "content/press/x.md",
        "+++\ntitle = \"Xəbər\"\ndate = 2017-06-20\ntags = [\"Görüş\"]\n+++\n## Sənədlər\n\nMətn.\n\n## Qəbul {#qebul}\n",
    ),
    (
        "content/press/x.en.md",
        "+++\ntitle = \"News\"\ndate = 2017-06-20\n+++\n## Documents\n",
    ),
    (
        "content/services/_index.md",
        "+++\ntitle = \"Xidmətlər\"\nsort_by = \"title\"\n+++\n",
    ),
    (
        "content/services/passport.md",
        "+++\ntitle = \"Pasport\"\n\n[service]\nagency = \"Agentlik\"\ncategory = \"identity\"\neligibility = { who = \"Vətəndaşlar\" }\ndocuments = [{ name = \"Ərizə\" }]\nfees = [{ free = true, days = 0 }]\nchannels = { in_person = true }\ncentres = [\"merkez-1\"]\n+++\n## Sənədlər {#senedler}\n",
    ),
    (
        "content/centres/_index.md",
        "+++\ntitle = \"Mərkəzlər\"\nsort_by = \"title\"\n+++\n",
    ),
    (
        "content/centres/merkez-1.md",
        "+++\ntitle = \"Birinci mərkəz\"\n\n[centre]\naddress = \"Sınaq küçəsi 1\"\nlatitude = 40.4\nlongitude = 49.8\nhours = { monday = \"09:00-18:00\", sunday = \"closed\" }\n+++\nPandus var.\n",
    ),
];

static SITE: LazyLock<TempSite> = LazyLock::new(|| {
    let site = TempSite::new("markdown").with_default_theme();
    for (path, contents) in FILES {
        site.write(path, contents);
    }
    let photo =
        repo().join("tests/fixtures/multilingual/content/press/2017-06-21-geneva/photo.png");
    site.write(
        "content/press/fuzz/photo.png",
        std::fs::read(photo).expect("the fixture photo"),
    );
    site
});

fuzz_target!(|data: &[u8]| {
    let site = &*SITE;
    site.write("content/press/fuzz/index.md", data);
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    match render_site(&options, &dilmanc::output::Discard) {
        Ok(built) => {
            if std::env::var_os("DILMANC_FUZZ_PRINT").is_some() {
                eprintln!("built: {} warnings", built.warnings.len());
            }
        }
        Err(errors) => render_errors(&errors),
    }
});
