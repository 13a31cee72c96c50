//! `dilmanc init`: a new site that builds and checks as it is.

use crate::support::dilmanc;

#[test]
fn a_new_site_builds_and_checks_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("yeni-sayt");
    let site_arg = site.to_str().unwrap();
    dilmanc(&["init", site_arg], dir.path()).success();
    assert!(site.join("themes/default/templates/page.html").is_file());
    let run = dilmanc(&["check", "--root", site_arg], dir.path());
    run.success();
    dilmanc(&["build", "--root", site_arg], dir.path()).success();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(
        home.contains("<title>Ana səhifə — Yeni sayt</title>") || home.contains("Yeni sayt"),
        "{home}"
    );
    assert!(site.join("public/en/press/index.html").is_file());
    // A second init into the same folder refuses to overwrite it.
    let again = dilmanc(&["init", site_arg], dir.path());
    again.failure(1);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
    dilmanc(&["init"], dir.path()).failure(2);
}
