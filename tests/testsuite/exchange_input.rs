//! Bad input in an exchange file is reported where the user can fix it, in the exchange
//! file: a translated text a page cannot hold (a line break in a title, a control
//! character), a unit translated twice, a file that is not UTF-8. Nothing is written.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::exchange::{copy_msgids_to_msgstrs, copy_sources_to_targets};
use crate::support::{Run, TestSite, snapshot_dir};

/// The fixture site with a filled export of `ru` at `ru.<format>`: its text.
fn filled(site: &TestSite, format: &str) -> String {
    let file = site.root().join(format!("ru.{format}"));
    site.run(&[
        "l10n",
        "export",
        "--lang",
        "ru",
        "--format",
        format,
        "-o",
        file.to_str().unwrap(),
    ])
    .success();
    let text = std::fs::read_to_string(&file).unwrap();
    match format {
        "xliff" => copy_sources_to_targets(&text),
        _ => copy_msgids_to_msgstrs(&text),
    }
}

/// The content folder with its bytes.
fn content(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot_dir(&site.root().join("content"))
}

/// Imports `bytes` as `ru.<format>`: refused with exit 1, nothing written, and every
/// `expected` part in the message.
#[track_caller]
fn refused(site: &TestSite, format: &str, bytes: &[u8], expected: &[&str]) -> Run {
    let name = format!("ru.{format}");
    let file = site.root().join(&name);
    std::fs::write(&file, bytes).unwrap();
    let before = content(site);
    let run = site.run(&["l10n", "import", file.to_str().unwrap()]);
    run.failure(1);
    for part in expected {
        assert!(run.stderr.contains(part), "{part}\n{}", run.stderr);
    }
    assert!(!run.stderr.contains(".ru.md:"), "{}", run.stderr);
    assert_eq!(content(site), before);
    run
}

/// The 1-based line of the first line of `text` that contains `part`.
fn line_with(text: &str, part: &str) -> usize {
    text.lines()
        .position(|l| l.contains(part))
        .unwrap_or_else(|| panic!("no line has {part}"))
        + 1
}

/// The line and id of the `<trans-unit>` (or PO entry's msgctxt) that holds line `line`.
fn unit_before(text: &str, line: usize, start: &str) -> (usize, String) {
    let lines: Vec<&str> = text.lines().collect();
    let at = (0..line)
        .rev()
        .find(|&i| lines[i].starts_with(start))
        .unwrap();
    (at + 1, lines[at].split('"').nth(1).unwrap().to_owned())
}

#[test]
fn a_line_break_in_a_translated_title_is_reported_at_its_unit() {
    let site = TestSite::fixture("multilingual");
    let text = filled(&site, "xliff");
    let title = "<target state=\"translated\">Haqqımızda</target>";
    let broken = text.replace(
        title,
        "<target state=\"translated\">О нас\n+++\nweight = 2</target>",
    );
    let (line, id) = unit_before(&text, line_with(&text, title), "<trans-unit");
    refused(
        &site,
        "xliff",
        broken.as_bytes(),
        &[
            &format!("ru.xliff:{line}"),
            &format!("unit {id} (title): the translation has a line break"),
            "write the translation on one line",
        ],
    );
}

#[test]
fn a_control_character_in_a_translation_is_reported_at_its_unit() {
    let site = TestSite::fixture("multilingual");
    let text = filled(&site, "po");
    let paragraph = "msgstr \"Agentlik haqqında.\"";
    let (line, id) = unit_before(&text, line_with(&text, paragraph), "msgctxt");
    let broken = text.replace(paragraph, "msgstr \"Agentlik\u{7} haqqında.\"");
    refused(
        &site,
        "po",
        broken.as_bytes(),
        &[
            &format!("ru.po:{line}"),
            &format!("unit {id} (paragraph): the translation has the control character U+0007"),
        ],
    );
}

#[test]
fn a_unit_translated_twice_is_refused_at_the_second_translation() {
    let site = TestSite::fixture("multilingual");
    let text = filled(&site, "xliff");
    let title = "<target state=\"translated\">Haqqımızda</target>";
    let twice = text.replace(title, &format!("{title}\n<target>О нас</target>"));
    let (_, id) = unit_before(&text, line_with(&text, title), "<trans-unit");
    let line = line_with(&twice, "<target>О нас");
    refused(
        &site,
        "xliff",
        twice.as_bytes(),
        &[
            &format!("ru.xliff:{line}"),
            &format!("unit {id} has a second <target>"),
        ],
    );
    let text = filled(&site, "po");
    let paragraph = "msgstr \"Agentlik haqqında.\"";
    for (twice, keyword) in [
        (
            text.replace(paragraph, &format!("{paragraph}\nmsgstr \"О нас\"")),
            "msgstr",
        ),
        (
            text.replacen("msgctxt \"", "msgctxt \"u0\"\nmsgctxt \"", 1),
            "msgctxt",
        ),
    ] {
        let line = match keyword {
            "msgstr" => line_with(&twice, "msgstr \"О нас\""),
            _ => line_with(&twice, "msgctxt \"u0\"") + 1,
        };
        refused(
            &site,
            "po",
            twice.as_bytes(),
            &[
                &format!("ru.po:{line}"),
                &format!("a second {keyword} in the entry"),
            ],
        );
    }
}

#[test]
fn a_file_that_is_not_utf8_is_refused_at_its_first_invalid_byte() {
    let site = TestSite::fixture("multilingual");
    let text = filled(&site, "po");
    // Saved as UTF-16 by a tool.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    refused(
        &site,
        "po",
        &utf16,
        &["ru.po:1:1", "the file is UTF-16", "save the file as UTF-8"],
    );
    // One character in Latin-1 (ç as 0xE7) on the line of a translation.
    let paragraph = "msgstr \"Agentlik haqqında.\"";
    let line = line_with(&text, paragraph);
    let offset = text.find(paragraph).unwrap() + "msgstr \"".len();
    let mut latin1 = text.as_bytes().to_vec();
    latin1.splice(offset..offset, [0xE7]);
    refused(
        &site,
        "po",
        &latin1,
        &[
            &format!("ru.po:{line}:9"),
            &format!("the file is not UTF-8: at byte offset {offset}, 0xE7"),
            "save the file as UTF-8",
        ],
    );
}
