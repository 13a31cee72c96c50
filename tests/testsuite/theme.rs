//! The default theme built into the binary: a site without a theme folder uses it, its own
//! `templates/`, `static/` and `locales/` override single files and messages of it, and a
//! site that keeps a copy (`dilmanc theme eject`) uses its copy whole and hears when the copy
//! is older than the built-in theme.

use crate::support::{TestSite, repo};

/// The warning of a copy older than the built-in theme.
const OLDER_COPY: &str =
    "themes/default/ is a copy of the default theme older than the one built into dilmanc";

/// The built-in theme's version, from the repository's copy (its source).
fn built_in_version() -> u32 {
    let text = std::fs::read_to_string(repo().join("themes/default/theme.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    u32::try_from(table["version"].as_integer().unwrap()).unwrap()
}

#[test]
fn a_site_without_a_theme_folder_builds_with_the_built_in_theme() {
    let site = TestSite::fixture("multilingual");
    assert!(!site.root().join("themes").exists());
    let run = site.build();
    assert!(!run.stderr.contains(OLDER_COPY), "{}", run.stderr);
    let page = site.read("en/press/hesabat/index.html");
    assert!(page.contains(r##"<a class="skip-link" href="#main">Skip to main content</a>"##));
    for file in ["style.css", "site.js", "search.js"] {
        let theme = std::fs::read(repo().join("themes/default/static").join(file)).unwrap();
        let published = std::fs::read(site.root().join("public").join(file)).unwrap();
        assert!(published == theme, "{file} is not the theme's");
    }
    assert!(!site.exists("theme.toml"));
}

/// The built-in theme and a copy of it give the same site, byte for byte.
#[test]
fn the_built_in_theme_and_a_copy_of_it_build_the_same_files() {
    let built_in = TestSite::fixture("multilingual");
    built_in.build();
    let copy = TestSite::fixture_with_theme_copy("multilingual");
    let run = copy.build();
    assert!(!run.stderr.contains(OLDER_COPY), "{}", run.stderr);
    let (a, b) = (built_in.snapshot(), copy.snapshot());
    assert!(a.len() > 80, "only {} files", a.len());
    let only_one: Vec<_> = a
        .keys()
        .filter(|p| !b.contains_key(*p))
        .chain(b.keys().filter(|p| !a.contains_key(*p)))
        .collect();
    assert!(
        only_one.is_empty(),
        "written by one build only: {only_one:?}"
    );
    let differ: Vec<_> = a.keys().filter(|p| a[*p] != b[*p]).collect();
    assert!(differ.is_empty(), "different bytes: {differ:?}");
}

#[test]
fn a_site_template_overrides_one_template_of_the_built_in_theme() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1 class=\"own\">{{ page.title }}</h1>{% endblock content %}\n",
    );
    site.build();
    let page = site.read("en/press/hesabat/index.html");
    assert!(page.contains(r#"<h1 class="own">"#), "{page}");
    // base.html and its partials still come from the built-in theme.
    assert!(page.contains(r##"<a class="skip-link" href="#main">Skip to main content</a>"##));
    let section = site.read("en/press/index.html");
    assert!(!section.contains(r#"class="own""#));
}

#[test]
fn a_site_message_overrides_the_built_in_theme_message() {
    let site = TestSite::fixture("multilingual");
    site.write("locales/en/x.ftl", "skip-link = Jump to the text\n");
    site.build();
    let page = site.read("en/press/hesabat/index.html");
    assert!(page.contains(">Jump to the text</a>"), "{page}");
    // Only English changes; the theme's other languages keep its message.
    assert!(site.read("index.html").contains(">Əsas məzmuna keç</a>"));
}

#[test]
fn a_site_static_file_overrides_the_built_in_theme_file() {
    let site = TestSite::fixture("multilingual");
    site.write("static/style.css", "body { color: black; }\n");
    site.write("static/extra/logo.svg", "<svg/>");
    site.build();
    assert_eq!(site.read("style.css"), "body { color: black; }\n");
    assert_eq!(site.read("extra/logo.svg"), "<svg/>");
    let theme_js = std::fs::read(repo().join("themes/default/static/site.js")).unwrap();
    assert!(std::fs::read(site.root().join("public/site.js")).unwrap() == theme_js);
}

#[test]
fn a_copy_of_the_theme_is_used_whole() {
    let site = TestSite::fixture_with_theme_copy("multilingual");
    site.write(
        "themes/default/locales/en/theme.ftl",
        std::fs::read_to_string(repo().join("themes/default/locales/en/theme.ftl"))
            .unwrap()
            .replace(
                "skip-link = Skip to main content",
                "skip-link = Skip (the copy)",
            ),
    );
    std::fs::remove_file(site.root().join("themes/default/templates/search.html")).unwrap();
    std::fs::remove_file(site.root().join("themes/default/static/search.js")).unwrap();
    site.build();
    assert!(
        site.read("en/press/hesabat/index.html")
            .contains(">Skip (the copy)</a>")
    );
    // What the copy lacks is not taken from the built-in theme.
    assert!(!site.exists("search/index.html"));
    assert!(!site.exists("search.js"));
}

#[test]
fn theme_eject_writes_a_copy_once_and_the_site_uses_it() {
    let site = TestSite::fixture("multilingual");
    let run = site.run(&["theme", "eject"]);
    run.success();
    assert!(
        run.stdout.contains("wrote the default theme"),
        "{}",
        run.stdout
    );
    let copy = site.root().join("themes/default");
    for file in [
        "theme.toml",
        "templates/base.html",
        "templates/partials/header.html",
        "static/style.css",
        "locales/az/theme.ftl",
    ] {
        let ours = std::fs::read(copy.join(file)).unwrap();
        assert!(ours == std::fs::read(repo().join("themes/default").join(file)).unwrap());
    }
    std::fs::write(
        copy.join("templates/partials/footer.html"),
        "<footer>ejected</footer>\n",
    )
    .unwrap();
    site.build();
    assert!(site.read("index.html").contains("<footer>ejected</footer>"));

    let again = site.run(&["theme", "eject"]);
    again.failure(1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert!(again.stderr.contains("help:"), "{}", again.stderr);
    // The refused second run left the changed copy alone.
    let footer = std::fs::read_to_string(copy.join("templates/partials/footer.html")).unwrap();
    assert_eq!(footer, "<footer>ejected</footer>\n");
}

#[test]
fn an_older_copy_is_warned_of_and_a_current_one_is_not() {
    let site = TestSite::fixture_with_theme_copy("multilingual");
    let current = site.build();
    assert!(!current.stderr.contains(OLDER_COPY), "{}", current.stderr);

    let older = built_in_version() - 1;
    site.write("themes/default/theme.toml", format!("version = {older}\n"));
    let run = site.build();
    assert!(run.stderr.contains(OLDER_COPY), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("is version {older}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("dilmanc theme eject"), "{}", run.stderr);
    assert!(
        run.stderr.contains("delete themes/default/"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(site.root().join("themes/default/theme.toml")).unwrap();
    let run = site.build();
    assert!(run.stderr.contains(OLDER_COPY), "{}", run.stderr);
    assert!(run.stderr.contains("has no theme.toml"), "{}", run.stderr);
}

#[test]
fn another_theme_without_a_folder_is_an_error_that_names_the_built_in_one() {
    let site = TestSite::fixture("multilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        config.replace("theme = \"default\"", "theme = \"mine\""),
    );
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(run.stderr.contains("site.toml:3"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the theme `mine` does not exist: there is no folder themes/mine/"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("set theme = \"default\""),
        "{}",
        run.stderr
    );
}
