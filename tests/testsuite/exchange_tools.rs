//! A real client of the exchange files: translate-toolkit (PyPI `translate-toolkit`, the
//! library behind Pootle and Weblate's format support) reads the XLIFF and PO files that
//! `l10n export` writes, fills their targets through its own stores and saves them;
//! `pofilter` finds a broken placeholder; `l10n import` takes the saved files.
//!
//! CI installs translate-toolkit and sets DILMANC_REQUIRE_TRANSLATE_TOOLKIT=1, which makes a
//! missing toolkit a failure; elsewhere the test says it is skipped.

use std::process::Command;

use crate::exchange::demonstration;

/// Fills every target from its source with translate-toolkit's stores.
const FILL: &str = r#"
import sys
from translate.storage import factory
source, target, broken = sys.argv[1], sys.argv[2], sys.argv[3]
store = factory.getobject(source)
for unit in store.units:
    if unit.isheader():
        continue
    if source.endswith(".po"):
        unit.target = unit.source
    else:
        unit.rich_target = unit.rich_source
    unit.markfuzzy(False)
store.savefile(target)
if source.endswith(".po"):
    store = factory.getobject(source)
    for unit in store.units:
        if not unit.isheader():
            unit.target = unit.source.replace("{1}", "", 1)
    store.savefile(broken)
"#;

fn toolkit() -> bool {
    let found = Command::new("python3")
        .args([
            "-c",
            "import translate.storage.xliff, translate.storage.pypo",
        ])
        .status()
        .is_ok_and(|s| s.success())
        // The library without its commands on PATH (pip install --user) is not enough.
        && Command::new("pofilter")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !found && std::env::var_os("DILMANC_REQUIRE_TRANSLATE_TOOLKIT").is_some() {
        panic!("translate-toolkit is required: pip install translate-toolkit");
    }
    if !found {
        eprintln!("skipped: translate-toolkit is not installed (pip install translate-toolkit)");
    }
    found
}

#[test]
fn translate_toolkit_reads_fills_and_checks_the_files_and_import_takes_them() {
    if !toolkit() {
        return;
    }
    for format in ["xliff", "po"] {
        let site = demonstration();
        // A plural message travels as one unit per English category, one with a selector
        // inside a variant as one unit per path, a term like a message.
        site.write(
            "locales/az/extra.ftl",
            "# $count (Number)\nfiles-count = { $count ->\n    [0] Fayl yoxdur\n   *[other] { $count } fayl\n}\nfiles-by = { $who ->\n    [me] Mənim { $count ->\n        [0] heç bir faylım\n       *[other] { $count } faylım\n    }\n   *[other] { -brand } fayllar\n}\n-brand = Agentlik\n",
        );
        let root = site.root();
        let exported = root.join(format!("en.{format}"));
        let filled = root.join(format!("filled.{format}"));
        let broken = root.join(format!("broken.{format}"));
        let run = site.run(&[
            "l10n",
            "export",
            "--lang",
            "en",
            "--format",
            format,
            "-o",
            exported.to_str().unwrap(),
        ]);
        run.success();
        let python = Command::new("python3")
            .args(["-c", FILL])
            .args([&exported, &filled, &broken])
            .output()
            .unwrap();
        assert!(
            python.status.success(),
            "{}",
            String::from_utf8_lossy(&python.stderr)
        );
        // What export recorded for import's checks (seen.rs) survives the tool's save.
        let saved = std::fs::read_to_string(&filled).unwrap();
        let records: &[&str] = match format {
            "xliff" => &[
                "translation=none\n",
                "translation=",
                "language=en</note>",
                "translation=messages -brand:none files-by:none files-count:none\n",
            ],
            _ => &[
                "#. dilmanc-translation: none\n",
                "#. dilmanc-translation: messages -brand:none files-by:none files-count:none\n",
                "\"X-Dilmanc-Target-Language: en\\n\"",
            ],
        };
        for record in records {
            assert!(saved.contains(record), "{format}: {record}\n{saved}");
        }
        if format == "po" {
            let check = |file: &std::path::Path| {
                let out = Command::new("pofilter")
                    .args(["--progress=none", "-t", "pythonbraceformat"])
                    .arg(file)
                    .output()
                    .unwrap();
                String::from_utf8_lossy(&out.stdout)
                    .matches("msgctxt")
                    .count()
            };
            assert_eq!(
                check(&filled),
                0,
                "pofilter finds no problem in a good file"
            );
            assert!(check(&broken) > 0, "pofilter finds the lost placeholders");
            let run = site.run(&["l10n", "import", broken.to_str().unwrap()]);
            run.failure(1);
            assert!(run.stderr.contains("placeholder 1"), "{}", run.stderr);
        }
        let run = site.run(&["l10n", "import", filled.to_str().unwrap()]);
        run.success();
        assert!(
            run.stdout
                .contains("imported 7 pages and 1 message file (99 units)"),
            "{}",
            run.stdout
        );
        let extra = std::fs::read_to_string(root.join("locales/en/extra.ftl")).unwrap();
        assert!(
            extra.contains("files-count =\n    { $count ->\n        [0] Fayl yoxdur\n        [one] { $count } fayl\n       *[other] { $count } fayl\n    }\n"),
            "{format}: {extra}"
        );
        assert!(
            extra.contains("files-by =\n    { $who ->\n        [me]\n            { $count ->\n                [0] Mənim heç bir faylım\n                [one] Mənim { $count } faylım\n               *[other] Mənim { $count } faylım\n            }\n       *[other] { -brand } fayllar\n    }\n"),
            "{format}: {extra}"
        );
        assert!(extra.contains("\n-brand = Agentlik\n"), "{format}: {extra}");
        site.build();
    }
}
