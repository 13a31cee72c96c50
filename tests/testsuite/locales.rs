//! The site's Fluent files: what editors save is read, and mistakes Fluent's own parser
//! lets through are reported at the `.ftl` file.

use crate::support::TestSite;

#[test]
fn an_ftl_file_with_a_byte_order_mark_is_read() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "locales/az/site.ftl",
        "\u{feff}site-title = Sınaq Agentliyi\n",
    );
    site.build();
    assert!(site.read("index.html").contains("Sınaq Agentliyi"));
}

#[test]
fn a_message_that_refers_to_itself_is_an_error_at_its_file_and_line() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "locales/az/site.ftl",
        "site-title = Sınaq\n\nfooter-contact = Əlaqə: { footer-contact }\n",
    );
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(
        run.stderr.contains("locales/az/site.ftl:3:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("refers to itself"), "{}", run.stderr);
    assert!(!run.stderr.contains("base.html"), "{}", run.stderr);
    site.run(&["check"]).failure(1);
}
