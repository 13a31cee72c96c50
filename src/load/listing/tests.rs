//! Tests of the incremental listing (listing.rs).

use super::*;

/// A site folder with `files` under `content/`, its configuration and its listing.
struct Fixture {
    folder: tempfile::TempDir,
    config: Config,
}

impl Fixture {
    fn new(files: &[&str]) -> Fixture {
        let folder = tempfile::tempdir().unwrap();
        let config = Config::parse(
            folder.path(),
            "base_url = \"https://example.az\"\ndefault_language = \"az\"\n\
             [languages.az]\nname = \"Azərbaycanca\"\n[languages.en]\nname = \"English\"\n",
        )
        .unwrap();
        let fixture = Fixture { folder, config };
        std::fs::create_dir(fixture.content()).unwrap();
        for file in files {
            fixture.write(file);
        }
        fixture
    }

    fn root(&self) -> &Path {
        self.folder.path()
    }

    fn content(&self) -> PathBuf {
        self.root().join("content")
    }

    fn write(&self, relative: &str) {
        let path = self.content().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "+++\ntitle = \"T\"\n+++\n").unwrap();
    }

    fn walk(&self) -> Listing {
        Listing::walk(&self.config, &self.content(), &mut Errors::new())
    }

    /// The listing updated after changes at `paths` (relative to the site folder).
    fn update(&self, listing: Listing, paths: &[&str]) -> Result<Listing, WalkAgain> {
        let changes = Changes::paths(paths.iter().map(|p| self.root().join(p)));
        listing.updated(&changes, &self.config, self.root(), &self.content())
    }

    /// What a listing publishes, as text, to compare with a new walk's.
    fn describe(&self, listing: &Listing) -> String {
        let mut errors = Errors::new();
        let walked = listing.walked(&mut errors);
        let mut bundles: Vec<_> = walked.bundle_assets.iter().collect();
        bundles.sort_by(|a, b| a.0.cmp(b.0));
        let files: Vec<_> = walked.files.iter().map(|(_, f, _)| f).collect();
        format!(
            "{files:?}\n{bundles:?}\n{:?}\n{errors}",
            walked.loose_assets
        )
    }

    /// Asserts that `listing` publishes what a new walk does.
    fn assert_as_walked(&self, listing: &Listing) {
        assert_eq!(self.describe(listing), self.describe(&self.walk()));
    }
}

#[test]
fn file_changes_are_followed_without_a_walk() {
    let site = Fixture::new(&["_index.md", "press/a.md", "press/b.md", "press/logo.png"]);
    let listing = site.walk();
    site.write("press/a.en.md");
    site.write("press/c.md");
    site.write("press/c.md~");
    std::fs::remove_file(site.content().join("press/b.md")).unwrap();
    let listing = site
        .update(
            listing,
            &[
                "content/press/a.en.md",
                "content/press/c.md",
                "content/press/c.md~",
                "content/press/b.md",
                "content/press/a.md",
                "content/press/gone.md",
                "themes/default/templates/page.html",
                "content/press/.c.md.swp",
                "content/.hidden/x.md",
            ],
        )
        .unwrap();
    site.assert_as_walked(&listing);
}

#[test]
fn a_rename_is_a_removal_and_a_creation() {
    let site = Fixture::new(&["_index.md", "press/a.md"]);
    let listing = site.walk();
    std::fs::rename(
        site.content().join("press/a.md"),
        site.content().join("press/z.md"),
    )
    .unwrap();
    let listing = site
        .update(listing, &["content/press/a.md", "content/press/z.md"])
        .unwrap();
    site.assert_as_walked(&listing);
}

#[test]
fn a_new_or_removed_bundle_reclassifies_its_folder() {
    let site = Fixture::new(&["_index.md", "press/visit/photo.jpg", "press/visit/notes.md"]);
    let listing = site.walk();
    site.write("press/visit/index.md");
    let listing = site
        .update(listing, &["content/press/visit/index.md"])
        .unwrap();
    site.assert_as_walked(&listing);
    assert!(
        site.describe(&listing)
            .contains("a page bundle holds one page")
    );
    std::fs::remove_file(site.content().join("press/visit/index.md")).unwrap();
    let listing = site
        .update(listing, &["content/press/visit/index.md"])
        .unwrap();
    site.assert_as_walked(&listing);
    // A translation of a bundle's page keeps the bundle as it is.
    site.write("press/visit/index.md");
    let listing = site
        .update(listing, &["content/press/visit/index.md"])
        .unwrap();
    site.write("press/visit/index.en.md");
    let listing = site
        .update(listing, &["content/press/visit/index.en.md"])
        .unwrap();
    site.assert_as_walked(&listing);
}

#[test]
fn folders_and_unknown_changes_need_a_walk() {
    let site = Fixture::new(&["_index.md", "press/a.md"]);
    let again = |paths: &[&str]| site.update(site.walk(), paths).unwrap_err();
    let before = site.walk();
    site.write("new/b.md");
    assert_eq!(
        site.update(before, &["content/new/b.md"]).unwrap_err(),
        WalkAgain::NewFolder,
        "the folder's own event is missing"
    );
    assert_eq!(again(&["content/new"]), WalkAgain::Folder);
    assert_eq!(again(&["content/press"]), WalkAgain::Folder);
    std::fs::remove_dir_all(site.content().join("new")).unwrap();
    let before = site.walk();
    std::fs::rename(site.content().join("press"), site.content().join("news")).unwrap();
    assert_eq!(
        site.update(before, &["content/press"]).unwrap_err(),
        WalkAgain::Folder,
        "was a folder"
    );
    assert_eq!(again(&["content"]), WalkAgain::Folder);
    assert_eq!(again(&[""]), WalkAgain::Folder);
    assert_eq!(again(&["/elsewhere/content/a.md"]), WalkAgain::Outside);
    let unknown = Changes::unknown();
    let walk = site.walk();
    assert_eq!(
        walk.updated(&unknown, &site.config, site.root(), &site.content())
            .unwrap_err(),
        WalkAgain::Unknown
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_need_a_walk() {
    let site = Fixture::new(&["_index.md", "press/a.md"]);
    std::os::unix::fs::symlink(
        site.content().join("press/a.md"),
        site.content().join("press/b.md"),
    )
    .unwrap();
    let listing = site.walk();
    assert!(!listing.exact(), "a walk that met a link is not followed");
    let changes = Changes::paths([site.content().join("press/a.md")]);
    assert_eq!(
        listing
            .updated(&changes, &site.config, site.root(), &site.content())
            .unwrap_err(),
        WalkAgain::Unknown
    );
    std::fs::remove_file(site.content().join("press/b.md")).unwrap();
    let listing = site.walk();
    std::os::unix::fs::symlink(
        site.content().join("press/a.md"),
        site.content().join("press/c.md"),
    )
    .unwrap();
    assert_eq!(
        site.update(listing, &["content/press/c.md"]).unwrap_err(),
        WalkAgain::NotAFile
    );
}

#[test]
fn changes_add_up_and_unknown_wins() {
    let mut changes = Changes::paths([PathBuf::from("a")]);
    changes.add(Changes::paths([PathBuf::from("b")]));
    assert_eq!(
        changes,
        Changes::paths([PathBuf::from("a"), PathBuf::from("b")])
    );
    changes.add(Changes::unknown());
    changes.add(Changes::paths([PathBuf::from("c")]));
    assert_eq!(changes, Changes::unknown());
    assert!(Changes::default().is_empty());
    assert!(!changes.is_empty());
}

#[test]
fn names_in_either_unicode_encoding_are_followed_as_a_walk_finds_them() {
    // `Ş` composed (NFC) and decomposed (`S` + U+0327, NFD, as macOS writes names).
    let site = Fixture::new(&["_index.md", "press/Şəhər.md", "press/Gəncə/index.md"]);
    let listing = site.walk();
    site.write("press/S\u{327}əhər.en.md");
    site.write("press/Gəncə/S\u{327}əki.png");
    site.write("press/Gəncə/index.en.md");
    let listing = site
        .update(
            listing,
            &[
                "content/press/S\u{327}əhər.en.md",
                "content/press/Gəncə/S\u{327}əki.png",
                "content/press/Gəncə/index.en.md",
            ],
        )
        .unwrap();
    site.assert_as_walked(&listing);
    let described = site.describe(&listing);
    // The translation has its original's key; the bundle's file keeps its name on disk.
    assert_eq!(
        described.matches("key: \"press/Şəhər.md\"").count(),
        2,
        "{described}"
    );
    assert!(described.contains(r"S\u{327}əki.png"), "{described}");
    std::fs::remove_file(site.content().join("press/Şəhər.md")).unwrap();
    let listing = site.update(listing, &["content/press/Şəhər.md"]).unwrap();
    site.assert_as_walked(&listing);
}

#[test]
fn the_listing_is_in_walk_order() {
    // `a/` before `a.md` and `a-b.md`, as a walk sorting each folder by name goes.
    let site = Fixture::new(&["_index.md", "a.md", "a-b.md", "a/x.md", "b.md"]);
    let listing = site.walk();
    let order: Vec<_> = listing.files.iter().map(|f| f.relative.clone()).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    site.write("a/y.md");
    site.write("a.en.md");
    let listing = site
        .update(listing, &["content/a/y.md", "content/a.en.md"])
        .unwrap();
    site.assert_as_walked(&listing);
}
