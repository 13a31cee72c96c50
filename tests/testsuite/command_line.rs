//! What the user typed: `new`'s title rules, and the exit status of a wrong argument.
//!
//! A wrong command line exits 2, whether clap finds it (an unknown flag) or the command
//! does (an argument naming a section, language, file or folder the site does not have,
//! or one that is not allowed); an error in the site's own files exits 1.

use crate::support::{Run, TestSite, dilmanc};

fn show(run: &Run) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        run.code, run.stdout, run.stderr
    )
}

/// Every line of `run`'s stderr that starts a help.
fn help_lines(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("help:"))
        .collect()
}

#[test]
fn new_writes_a_title_with_line_breaks_on_one_line_that_builds() {
    let site = TestSite::fixture("multilingual");
    let run = site.run(&["new", "press", "Başlıq\n+++\nx"]);
    run.success();
    let today = jiff::ZonedDateTime::now().date();
    let file = format!("content/press/{today}-basliq-x.md");
    let text = std::fs::read_to_string(site.root().join(&file)).unwrap();
    assert!(text.contains("title = \"Başlıq +++ x\"\n"), "{text}");
    // Drafts are read (and refused if broken) only with --drafts.
    let run = site.run(&["build", "--drafts"]);
    run.success();
    let page = site.read("press/basliq-x/index.html");
    assert!(page.contains("Başlıq +++ x"), "{page}");
}

#[test]
fn new_refuses_a_title_with_a_control_character_as_a_wrong_command_line() {
    let site = TestSite::fixture("multilingual");
    for (title, named) in [
        (
            "Zəng \u{7} vuruldu",
            "the control character U+0007 (BEL) at character 6",
        ),
        (
            "\u{1b}[31mQırmızı",
            "the control character U+001B (ESC) at character 1",
        ),
    ] {
        let run = site.run(&["new", "press", title]);
        assert_eq!(run.code, Some(2), "{title:?}\n{}", show(&run));
        assert!(run.stderr.contains(named), "{}", show(&run));
        assert!(!help_lines(&run).is_empty(), "{}", show(&run));
        assert!(
            run.stderr
                .contains("the command line is wrong; nothing was written (`dilmanc help` lists"),
            "{}",
            show(&run)
        );
    }
    let files = std::fs::read_dir(site.root().join("content/press")).unwrap();
    assert_eq!(files.count(), 8, "new wrote a file");
}

#[test]
fn new_writes_the_translation_of_a_section() {
    let site = TestSite::fixture("multilingual");
    let run = site.run(&[
        "new",
        "services",
        "Public services",
        "--lang",
        "en",
        "--translation-of",
        "content/services/_index.md",
    ]);
    run.success();
    assert!(
        run.stdout.contains("content/services/_index.en.md") && !run.stdout.contains("draft"),
        "{}",
        show(&run)
    );
    let text = std::fs::read_to_string(site.root().join("content/services/_index.en.md")).unwrap();
    assert!(text.contains("original = \"_index.md\""), "{text}");
    assert!(!text.contains("sort_by"), "{text}");
    site.build();
    let list = site.read("en/services/index.html");
    assert!(list.contains("Public services"), "{list}");
}

#[test]
fn arguments_naming_what_the_site_does_not_have_exit_2() {
    let site = TestSite::fixture("multilingual");
    let root = site.root().to_str().unwrap();
    std::fs::write(site.root().join("afile"), "x").unwrap();
    let afile = site.root().join("afile");
    let missing = site.root().join("nonexist/dir/x.xlf");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["new", "../x", "T", "--root", root],
            "leaves its folder",
        ),
        (
            vec!["new", "/tmp/x", "T", "--root", root],
            "is an absolute path",
        ),
        (
            vec!["new", "nonexistent", "T", "--root", root],
            "press, services",
        ),
        (
            vec!["new", "press", "T", "--lang", "zz", "--root", root],
            "az, en, ru, ar",
        ),
        (
            vec![
                "new",
                "press",
                "T",
                "--lang",
                "en",
                "--translation-of",
                "content/press/nope.md",
                "--root",
                root,
            ],
            "an existing content file",
        ),
        (vec!["init", afile.to_str().unwrap()], "not a folder"),
        (vec!["init", root], "not empty"),
        (
            vec!["l10n", "status", "--lang", "zz", "--root", root],
            "az, en, ru, ar",
        ),
        (
            vec![
                "l10n", "export", "--lang", "zz", "-o", "x.xlf", "--root", root,
            ],
            "en, ru, ar",
        ),
        (
            vec!["build", "--base-url", "notaurl", "--root", root],
            "--base-url http",
        ),
    ];
    for (args, said) in cases {
        let run = dilmanc(&args, site.root());
        assert_eq!(run.code, Some(2), "dilmanc {args:?}\n{}", show(&run));
        assert!(
            run.stderr.contains(said) && !help_lines(&run).is_empty(),
            "dilmanc {args:?}: no `{said}` or no help\n{}",
            show(&run)
        );
        assert!(
            !run.stderr.contains("the site has"),
            "dilmanc {args:?}\n{}",
            show(&run)
        );
    }
    // Every refusal of `-o` is still status 1 (README), but says what to do.
    let run = site.run(&[
        "l10n",
        "export",
        "--lang",
        "ru",
        "-o",
        missing.to_str().unwrap(),
    ]);
    run.failure(1);
    assert!(
        help_lines(&run)
            .iter()
            .any(|line| line.contains("mkdir -p")),
        "{}",
        show(&run)
    );
    assert!(!site.root().join("public").exists());
    assert!(!site.root().join("x.xlf").exists());
    assert!(!site.root().join("nonexist").exists());
    assert!(!site.root().join("content/x").exists());
}

#[test]
fn a_broken_site_still_exits_1_from_new() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "content/press/_index.md",
        "+++\ntitle = \"Mətbuat\"\nsort_by = \"size\"\n+++\n",
    );
    let run = site.run(&["new", "press", "Başlıq"]);
    run.failure(1);
    assert!(
        run.stderr.contains("content/press/_index.md:3"),
        "{}",
        show(&run)
    );
}
