//! Nothing outside the site folder is read or published unless site.toml allows it, and
//! no command writes outside the folders it owns.

use std::os::unix::fs::symlink;

use crate::support::TestSite;

/// A folder outside the site with a file nobody should publish.
fn secret_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("private.key"),
        "-----BEGIN PRIVATE KEY-----",
    )
    .unwrap();
    dir
}

/// Whether any output file holds `needle`.
fn published(site: &TestSite, needle: &str) -> bool {
    site.snapshot()
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains(needle))
}

#[test]
fn a_content_link_to_a_folder_outside_is_an_error_naming_the_link() {
    let site = TestSite::fixture("multilingual");
    let secret = secret_folder();
    symlink(secret.path(), site.root().join("content/press/linked")).unwrap();
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(
        run.stderr.contains("content/press/linked"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("outside the site"), "{}", run.stderr);
    assert!(run.stderr.contains("allow_outside"), "{}", run.stderr);
    assert!(!site.root().join("public").exists());
}

#[test]
fn a_bundle_file_linked_outside_is_an_error() {
    let site = TestSite::fixture("multilingual");
    let secret = secret_folder();
    let bundle = site.root().join("content/press/2017-06-21-geneva");
    symlink(secret.path().join("private.key"), bundle.join("notes.txt")).unwrap();
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(
        run.stderr
            .contains("content/press/2017-06-21-geneva/notes.txt"),
        "{}",
        run.stderr
    );
    site.run(&["check"]).failure(1);
}

#[test]
fn links_inside_the_site_and_allowed_folders_are_followed() {
    let site = TestSite::fixture("multilingual");
    let shared = secret_folder();
    std::fs::write(shared.path().join("brochure.txt"), "Broşür").unwrap();
    symlink(shared.path(), site.root().join("content/press/shared")).unwrap();
    // Inside the site: a second name for a folder of the site itself.
    symlink(
        site.root().join("content/about.md"),
        site.root().join("content/about-us.md"),
    )
    .unwrap();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let allowed = format!(
        "allow_outside = [{:?}]\n{config}",
        shared.path().to_str().unwrap()
    );
    std::fs::write(site.root().join("site.toml"), allowed).unwrap();
    site.build();
    assert!(site.exists("press/shared/brochure.txt"));
    assert!(published(&site, "Broşür"));
    assert!(site.exists("about-us/index.html"));
}

#[test]
fn allow_outside_must_name_a_folder_that_exists() {
    let site = TestSite::fixture("multilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    std::fs::write(
        site.root().join("site.toml"),
        format!("allow_outside = [\"/no/such/folder\"]\n{config}"),
    )
    .unwrap();
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(run.stderr.contains("site.toml:1"), "{}", run.stderr);
    assert!(run.stderr.contains("/no/such/folder"), "{}", run.stderr);
}

#[test]
fn new_never_writes_outside_content() {
    let site = TestSite::fixture("multilingual");
    let outside = site.root().parent().unwrap().join("other");
    for section in ["../../other/x", "/tmp/x", "press/../../x"] {
        // A wrong command line, as the section must be a folder under content/.
        site.run(&["new", section, "Başlıq"]).failure(2);
    }
    let run = site.run(&["new", "../../other/x", "Başlıq"]);
    assert!(
        run.stderr.contains("leaves its folder with `..`"),
        "{}",
        run.stderr
    );
    assert!(!outside.exists());
    let run = site.run(&[
        "new",
        "press",
        "Title",
        "--lang",
        "en",
        "--translation-of",
        "content/../../x.md",
    ]);
    run.failure(2);
    assert!(run.stderr.contains("not under content/"), "{}", run.stderr);

    // A section folder that is a link to elsewhere.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(
        elsewhere.path().join("_index.md"),
        "+++\ntitle = \"X\"\n+++\n",
    )
    .unwrap();
    symlink(elsewhere.path(), site.root().join("content/linked")).unwrap();
    let run = site.run(&["new", "linked", "Başlıq"]);
    run.failure(1);
    assert!(run.stderr.contains("outside content/"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        1,
        "nothing was written there"
    );
}

#[test]
fn a_link_loop_in_content_is_an_error_with_help() {
    let site = TestSite::fixture("multilingual");
    symlink(
        site.root().join("content"),
        site.root().join("content/press/up"),
    )
    .unwrap();
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(run.stderr.contains("loop"), "{}", run.stderr);
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
}

#[test]
fn links_outside_in_static_templates_locales_and_the_theme_are_errors() {
    let secret = secret_folder();
    for (link, target) in [
        ("static/etcssl", secret.path().to_path_buf()),
        ("static/key.txt", secret.path().join("private.key")),
        ("templates/partials", secret.path().to_path_buf()),
        ("locales/en/extra.ftl", secret.path().join("private.key")),
        ("themes/default", secret.path().to_path_buf()),
    ] {
        let site = TestSite::fixture("multilingual");
        let path = site.root().join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(&target, &path).unwrap();
        let run = site.run(&["build"]);
        run.failure(1);
        assert!(run.stderr.contains(link), "{link}: {}", run.stderr);
        assert!(
            run.stderr.contains("outside the site"),
            "{link}: {}",
            run.stderr
        );
        assert!(!site.root().join("public").exists(), "{link}");
        site.run(&["check"]).failure(1);
    }
}

#[test]
fn new_does_not_translate_an_original_linked_outside() {
    let site = TestSite::fixture("multilingual");
    let secret = tempfile::tempdir().unwrap();
    let outside = secret.path().join("page.md");
    std::fs::write(
        &outside,
        "+++\ntitle = \"Gizli\"\ndate = 2017-01-01\ntags = [\"SECRET-TAG\"]\n+++\nMətn\n",
    )
    .unwrap();
    symlink(
        &outside,
        site.root().join("content/press/2017-01-01-link.md"),
    )
    .unwrap();
    let run = site.run(&[
        "new",
        "press",
        "X",
        "--lang",
        "en",
        "--translation-of",
        "content/press/2017-01-01-link.md",
    ]);
    run.failure(1);
    assert!(run.stderr.contains("outside the site"), "{}", run.stderr);
    assert!(
        !site
            .root()
            .join("content/press/2017-01-01-link.en.md")
            .exists()
    );
}
