//! The output folder: dilmanc never deletes what it did not write, never writes into the
//! site's own folders, and a build interrupted at any moment leaves one complete site.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{TestSite, dilmanc, snapshot_dir};

/// Every file under `dir` with its bytes (the site folder itself, for "nothing changed").
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot_dir(dir)
}

#[test]
fn a_folder_of_unrelated_files_is_refused_and_survives() {
    let site = TestSite::fixture("multilingual");
    let mine = tempfile::tempdir().unwrap();
    std::fs::write(mine.path().join("thesis.txt"), "four years of work").unwrap();
    std::fs::create_dir(mine.path().join("notes")).unwrap();
    std::fs::write(mine.path().join("notes/a.md"), "a").unwrap();
    let before = tree(mine.path());
    let run = site.run(&["build", "--output", mine.path().to_str().unwrap()]);
    run.failure(2);
    assert!(
        run.stderr.contains("not written by dilmanc"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    // The error names the folder; `dilmanc help` would not help with it.
    assert!(
        run.stderr
            .ends_with("error: the command line is wrong; nothing was written\n"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(mine.path()), before, "the folder is untouched");

    // --force is the explicit way to replace it.
    site.run(&[
        "build",
        "--force",
        "--output",
        mine.path().to_str().unwrap(),
    ])
    .success();
    assert!(!mine.path().join("thesis.txt").exists());
    assert!(mine.path().join("index.html").is_file());
}

#[test]
fn the_site_its_parents_and_its_sources_are_never_the_output() {
    let site = TestSite::fixture("multilingual");
    let root = site.root().to_str().unwrap().to_owned();
    let before = tree(site.root());
    let parent = site.root().parent().unwrap().to_str().unwrap().to_owned();
    for (output, cwd, expected) in [
        (root.as_str(), site.root(), "is the site folder itself"),
        (".", site.root(), "is the site folder itself"),
        (parent.as_str(), site.root(), "holds the site folder"),
        ("content", site.root(), "inside the site's content/ folder"),
        (
            "content/press",
            site.root(),
            "inside the site's content/ folder",
        ),
        ("locales", site.root(), "inside the site's locales/ folder"),
    ] {
        let run = dilmanc(&["build", "--root", &root, "--output", output], cwd);
        run.failure(2);
        assert!(
            run.stderr.contains(expected),
            "--output {output}: {}",
            run.stderr
        );
        // Not even --force.
        dilmanc(
            &["build", "--root", &root, "--force", "--output", output],
            cwd,
        )
        .failure(2);
    }
    assert_eq!(tree(site.root()), before, "the site is untouched");
}

/// `content/` and `static/` as symbolic links to folders in the site: the output may be
/// neither the link, nor where it leads, nor in it, --force or not.
#[test]
fn a_source_folder_behind_a_link_is_never_the_output() {
    let site = TestSite::fixture("multilingual");
    let root = site.root();
    std::fs::rename(root.join("content"), root.join("src")).unwrap();
    symlink("src", root.join("content")).unwrap();
    site.write("assets/logo.svg", "<svg/>");
    symlink("assets", root.join("static")).unwrap();
    let before = tree(root);
    for (output, expected) in [
        (
            "content",
            "is the site's content/ folder, a symbolic link to",
        ),
        ("src", "is the site's content/ folder, a symbolic link to"),
        ("src/press", "is inside the site's content/ folder"),
        ("content/press", "is inside the site's content/ folder"),
        ("static", "is the site's static/ folder, a symbolic link to"),
        ("assets", "is the site's static/ folder, a symbolic link to"),
    ] {
        for force in [false, true] {
            let mut args = vec!["build", "--output", output];
            if force {
                args.push("--force");
            }
            let run = site.run(&args);
            run.failure(2);
            assert!(
                run.stderr.contains(expected),
                "--output {output}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(tree(root), before, "the site is untouched");
    assert_eq!(
        before
            .keys()
            .filter(|p| p.starts_with("src") && p.extension().is_some_and(|e| e == "md"))
            .count(),
        18,
        "the content is all there"
    );
}

/// A source folder linked to a folder outside the site: a folder holding that one is
/// refused too.
#[test]
fn a_folder_holding_where_a_source_link_leads_is_never_the_output() {
    let site = TestSite::fixture("multilingual");
    let elsewhere = tempfile::tempdir().unwrap();
    let sources = elsewhere.path().join("shared/locales");
    std::fs::create_dir(elsewhere.path().join("shared")).unwrap();
    std::fs::rename(site.root().join("locales"), &sources).unwrap();
    symlink(&sources, site.root().join("locales")).unwrap();
    let before = tree(elsewhere.path());
    for output in [elsewhere.path().join("shared"), sources.join("az")] {
        let run = site.run(&["build", "--force", "--output", output.to_str().unwrap()]);
        run.failure(2);
        assert!(
            run.stderr
                .contains("the site's locales/ folder, a symbolic link to"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(tree(elsewhere.path()), before, "the sources are untouched");
}

#[test]
fn a_dilmanc_output_is_rebuilt_but_files_added_to_it_are_kept() {
    let site = TestSite::fixture("multilingual");
    site.build();
    assert!(site.exists(".dilmanc-manifest"));
    site.write("public/press/report.pdf", "added by hand");
    let before = site.snapshot();
    let run = site.run(&["build"]);
    run.failure(2);
    assert!(run.stderr.contains("press/report.pdf"), "{}", run.stderr);
    assert!(run.stderr.contains("move those files"), "{}", run.stderr);
    assert_eq!(site.snapshot(), before);

    std::fs::remove_file(site.root().join("public/press/report.pdf")).unwrap();
    // A page removed from the content leaves the output at the next build.
    std::fs::remove_file(site.root().join("content/about.md")).unwrap();
    site.build();
    assert!(!site.exists("about/index.html"));
}

/// A copy of a build without its manifest (`cp -r public/* /var/www/html/` leaves out the
/// dotfile) has dilmanc's files beside the user's: nothing tells them apart, so the folder
/// is refused, not emptied.
#[test]
fn a_copy_of_a_build_without_its_manifest_is_refused_and_survives() {
    let site = TestSite::fixture("multilingual");
    site.build();
    let www = tempfile::tempdir().unwrap();
    let html = www.path().join("html");
    std::fs::create_dir_all(html.join("uploads")).unwrap();
    std::fs::write(html.join("uploads/a.pdf"), "precious").unwrap();
    for entry in std::fs::read_dir(site.root().join("public")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_name().to_string_lossy().starts_with('.') {
            copy_tree(&entry.path(), &html.join(entry.file_name()));
        }
    }
    assert!(html.join("robots.txt").is_file() && !html.join(".dilmanc-manifest").exists());
    let before = tree(&html);

    let output = html.to_str().unwrap();
    let run = site.run(&["build", "--output", output]);
    run.failure(2);
    assert!(run.stderr.contains(output), "{}", run.stderr);
    assert!(
        run.stderr.contains("copy of a dilmanc build"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(".dilmanc-manifest"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(tree(&html), before, "the folder is untouched");

    // So is the site's own output once its manifest is gone.
    std::fs::remove_file(site.root().join("public/.dilmanc-manifest")).unwrap();
    let built = site.snapshot();
    site.run(&["build"]).failure(2);
    assert_eq!(site.snapshot(), built);
    // --force is the explicit way to replace either.
    site.run(&["build", "--force"]).success();
    assert!(site.exists(".dilmanc-manifest"));
}

/// Copies the file or folder `from` to `to`.
fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

#[test]
fn a_file_at_the_output_path_is_refused() {
    let site = TestSite::fixture("multilingual");
    site.write("public", "not a folder");
    let run = site.run(&["build"]);
    run.failure(2);
    assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join("public")).unwrap(),
        "not a folder"
    );
}

/// The two renames of a swap without `RENAME_EXCHANGE`, interrupted between them: the old
/// output waits beside a missing output. The next run puts it back even when it fails.
#[test]
fn an_interrupted_swap_is_repaired_even_by_a_failing_build() {
    let site = TestSite::fixture("multilingual");
    site.build();
    let built = site.snapshot();
    std::fs::rename(
        site.root().join("public"),
        site.root().join(".public.dilmanc-old"),
    )
    .unwrap();
    site.write("content/broken.md", "+++\ntitle = \n+++\n");
    site.run(&["build"]).failure(1);
    assert_eq!(
        site.snapshot(),
        built,
        "the previous output is back in place"
    );
    assert!(!site.root().join(".public.dilmanc-old").exists());
}

#[test]
fn a_half_written_build_is_removed_by_the_next_run() {
    let site = TestSite::fixture("multilingual");
    site.write(
        ".public.dilmanc-new/.dilmanc-manifest",
        "# dilmanc: a build is being written into this folder.\n",
    );
    site.write(".public.dilmanc-new/en/index.html", "half");
    site.build();
    assert!(!site.root().join(".public.dilmanc-new").exists());

    // A folder of that name that dilmanc did not write is not removed.
    site.write(".public.dilmanc-new/mine.txt", "mine");
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(run.stderr.contains("did not write it"), "{}", run.stderr);
    assert!(site.root().join(".public.dilmanc-new/mine.txt").is_file());
}

/// A symbolic link named like a leftover of an interrupted build is not dilmanc's: it stays,
/// and so does everything it points to, even a folder dilmanc wrote.
#[test]
fn a_link_named_like_a_leftover_is_left_alone() {
    let site = TestSite::fixture("multilingual");
    let prod = tempfile::tempdir().unwrap();
    let output = prod.path().join("site");
    site.run(&["build", "--output", output.to_str().unwrap()])
        .success();
    std::fs::write(output.join("notes.txt"), "hand-made").unwrap();
    let before = tree(&output);
    let nowhere = prod.path().join("nowhere");
    for (name, to) in [
        (".public.dilmanc-new", &output),
        (".public.dilmanc-old", &output),
        (".public.dilmanc-new", &nowhere),
    ] {
        let link = site.root().join(name);
        symlink(to, &link).unwrap();
        let run = site.run(&["build"]);
        run.failure(1);
        assert!(run.stderr.contains(name), "{}", run.stderr);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert!(run.stderr.contains("remove or rename it"), "{}", run.stderr);
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert!(std::fs::symlink_metadata(site.root().join("public")).is_err());
        assert_eq!(
            tree(&output),
            before,
            "what the link points to is untouched"
        );
        assert!(!nowhere.exists());
        std::fs::remove_file(&link).unwrap();
    }
}

/// A leftover with a manifest that does not list every file in it is not removed; once
/// the file is gone it is.
#[test]
fn a_leftover_holding_a_file_its_manifest_does_not_list_is_kept() {
    let site = TestSite::fixture("multilingual");
    site.build();
    let leftover = site.root().join(".public.dilmanc-old");
    copy_tree(&site.root().join("public"), &leftover);
    std::fs::write(leftover.join("en/mine.txt"), "mine").unwrap();
    let before = tree(&leftover);
    let built = site.snapshot();
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(run.stderr.contains(".public.dilmanc-old"), "{}", run.stderr);
    assert!(run.stderr.contains("en/mine.txt"), "{}", run.stderr);
    assert!(run.stderr.contains("move or rename"), "{}", run.stderr);
    assert_eq!(tree(&leftover), before, "the leftover is untouched");
    assert_eq!(site.snapshot(), built, "so is the output");

    std::fs::remove_file(leftover.join("en/mine.txt")).unwrap();
    site.build();
    assert!(!leftover.exists());
}

/// --force replaces a folder whose `.dilmanc-manifest` is a symbolic link without writing
/// through the link.
#[test]
fn force_never_writes_through_a_link_named_like_the_manifest() {
    let site = TestSite::fixture("multilingual");
    let mine = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let aim = elsewhere.path().join("notes.txt");
    std::fs::write(mine.path().join("a.txt"), "a").unwrap();
    symlink(&aim, mine.path().join(".dilmanc-manifest")).unwrap();
    let output = mine.path().to_str().unwrap();
    site.run(&["build", "--output", output]).failure(2);
    site.run(&["build", "--force", "--output", output])
        .success();
    assert!(!aim.exists(), "nothing was written through the link");
    assert!(
        std::fs::symlink_metadata(mine.path().join(".dilmanc-manifest"))
            .unwrap()
            .is_file()
    );
}

/// Kills the build at moments spread over its whole run, alternating two versions of the
/// site: after every kill the output folder holds one complete build, old or new.
#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_site() {
    let site = TestSite::fixture("multilingual");
    let page = site.root().join("content/about.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let versions = [original.clone(), format!("{original}\nDaha bir abzas.\n")];
    let mut outputs = Vec::new();
    let mut longest = Duration::ZERO;
    for text in &versions {
        std::fs::write(&page, text).unwrap();
        let started = Instant::now();
        site.build();
        longest = longest.max(started.elapsed());
        outputs.push(site.snapshot());
    }
    assert_ne!(outputs[0], outputs[1]);

    let steps: u32 = 24;
    for step in 0..steps {
        let version = (step % 2) as usize;
        std::fs::write(&page, &versions[version]).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dilmanc"))
            .args(["build", "--root", site.root().to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(longest * step / steps);
        let _ = child.kill();
        let _ = child.wait();
        let now = site.snapshot();
        assert!(
            now == outputs[0] || now == outputs[1],
            "after a kill at step {step} the output is neither complete build"
        );
    }
    // And the next build cleans up whatever the kills left.
    site.build();
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".public.dilmanc-")
        })
        .map(|e| e.file_name())
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn force_never_replaces_a_folder_the_site_reads_through_a_link_in_its_sources() {
    let site = TestSite::fixture("multilingual");
    let elsewhere = tempfile::tempdir().unwrap();
    let media = elsewhere.path().join("media");
    std::fs::create_dir(&media).unwrap();
    std::fs::write(media.join("plan.pdf"), "the site links this").unwrap();
    symlink(
        &media,
        site.root().join("content/press/2017-06-21-geneva/files"),
    )
    .unwrap();
    // Allowed, so the build itself would succeed and replace the output.
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("allow_outside = [{:?}]\n{config}", media.to_str().unwrap()),
    );
    site.build();
    assert!(site.exists("press/geneva/files/plan.pdf"));
    let before = tree(elsewhere.path());
    for output in [media.clone(), elsewhere.path().to_path_buf()] {
        let run = site.run(&["build", "--force", "--output", output.to_str().unwrap()]);
        run.failure(2);
        assert!(
            run.stderr
                .contains("where the site's content/press/2017-06-21-geneva/files leads"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(
        tree(elsewhere.path()),
        before,
        "the linked folder is untouched"
    );
}

/// A folder site.toml's `allow_outside` names is the site's to read even when no link
/// reaches it yet: it, a folder inside it or one holding it is never the output, `--force`
/// or not (status 2, nothing touched).
#[test]
fn a_folder_allow_outside_names_is_never_the_output() {
    let site = TestSite::fixture("multilingual");
    let elsewhere = tempfile::tempdir().unwrap();
    let media = elsewhere.path().join("media");
    std::fs::create_dir(&media).unwrap();
    std::fs::write(media.join("plan.pdf"), "kept for a later link").unwrap();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("allow_outside = [{:?}]\n{config}", media.to_str().unwrap()),
    );
    let before = tree(elsewhere.path());
    let inside = media.join("www");
    for output in [&media, &inside, &elsewhere.path().to_path_buf()] {
        for force in [false, true] {
            let mut args = vec!["build", "--output", output.to_str().unwrap()];
            if force {
                args.push("--force");
            }
            let run = site.run(&args);
            run.failure(2);
            assert!(
                run.stderr
                    .contains("which site.toml's allow_outside lets the site read"),
                "{}",
                run.stderr
            );
        }
    }
    assert_eq!(
        tree(elsewhere.path()),
        before,
        "the allowed folder is untouched"
    );
    // Beside it is fine.
    site.run(&[
        "build",
        "--output",
        elsewhere.path().join("public").to_str().unwrap(),
    ])
    .success();
}
