//! `dilmanc init`: a new site that builds and checks as it is, with the built-in theme or
//! with a copy of it.

use crate::support::dilmanc;

#[test]
fn a_new_site_builds_and_checks_cleanly_with_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("yeni-sayt");
    let site_arg = site.to_str().unwrap();
    dilmanc(&["init", site_arg], dir.path()).success();
    assert!(!site.join("themes").exists());
    let run = dilmanc(&["check", "--root", site_arg], dir.path());
    run.success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    dilmanc(&["build", "--root", site_arg], dir.path()).success();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(
        home.contains("<title>Ana səhifə — Yeni sayt</title>") || home.contains("Yeni sayt"),
        "{home}"
    );
    assert!(site.join("public/en/press/index.html").is_file());
    assert!(site.join("public/style.css").is_file());
    // A second init into the same folder refuses to overwrite it.
    let again = dilmanc(&["init", site_arg], dir.path());
    again.failure(2);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
    dilmanc(&["init"], dir.path()).failure(2);
}

#[test]
fn a_new_site_with_an_ejected_theme_builds_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, ejected) = (dir.path().join("plain"), dir.path().join("ejected"));
    let (plain_arg, ejected_arg) = (plain.to_str().unwrap(), ejected.to_str().unwrap());
    dilmanc(&["init", plain_arg], dir.path()).success();
    dilmanc(&["init", ejected_arg, "--eject-theme"], dir.path()).success();
    assert!(ejected.join("themes/default/templates/base.html").is_file());
    assert!(ejected.join("themes/default/theme.toml").is_file());
    let run = dilmanc(&["check", "--root", ejected_arg], dir.path());
    run.success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for root in [plain_arg, ejected_arg] {
        dilmanc(&["build", "--root", root], dir.path()).success();
    }
    for file in ["index.html", "en/press/index.html", "style.css", "site.js"] {
        let a = std::fs::read(plain.join("public").join(file)).unwrap();
        let b = std::fs::read(ejected.join("public").join(file)).unwrap();
        assert!(a == b, "{file} differs");
    }
    // A copy older than the built-in theme is a warning, not an error, in check too.
    std::fs::write(ejected.join("themes/default/theme.toml"), "version = 0\n").unwrap();
    let run = dilmanc(&["check", "--root", ejected_arg], dir.path());
    run.success();
    assert!(
        run.stderr
            .contains("warning: themes/default/ is a copy of the default theme older"),
        "{}",
        run.stderr
    );
    // The copy can no longer be ejected over.
    let again = dilmanc(&["theme", "eject", "--root", ejected_arg], dir.path());
    again.failure(1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}
