//! Incremental equals clean: a long random series of edits is applied to a fixture site;
//! after each one the incremental engine (what `serve` uses) builds the site, a clean build
//! builds the same tree, and every file of the two must be byte-identical — or both builds
//! must fail with the same errors.
//!
//! This drives the library rather than the binary: the point is to compare thousands of
//! files after every step, which a server in between would only slow down (the serve tests
//! cover the server). Like `serve`, the engine is told which paths each edit touched (found
//! by comparing the site folder before and after it, as a file watcher reports them: files
//! written or removed, folders made or removed), so that it follows `content/` without
//! walking it; at some steps it is told that anything may have changed, or given paths
//! that nothing concerns, or the folders of the touched files too, which make it walk. Like
//! `serve`'s, the sink keeps the jobs' files of the last good build, so the engine hands it
//! only the files that changed; what it holds after each build is compared.
//! `DILMANC_INCREMENTAL_STEPS` (default 30) and
//! `DILMANC_INCREMENTAL_SEED` (default 1) make the long form:
//! `DILMANC_INCREMENTAL_STEPS=600 cargo test --release --test testsuite incremental`.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dilmanc::build::{BuildOptions, render_site};
use dilmanc::engine::{Changes, Engine};
use dilmanc::output::{Collect, Jobs, OutputFile, Sink};

use crate::support::TestSite;

/// A small deterministic random source (xorshift64*), so a failing seed can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A release the test writes itself, so that each part can be edited on its own.
#[derive(Debug, Clone)]
struct Release {
    /// The file stem under content/press/ (a bundle folder when `bundle`).
    stem: String,
    title: String,
    day: u32,
    tags: Vec<&'static str>,
    draft: bool,
    body: Vec<String>,
    /// Translations present, by language.
    translations: Vec<&'static str>,
    /// Whether it is a bundle with a lead image.
    bundle: bool,
    /// Whether its front matter is broken.
    broken: bool,
    /// The `slug` of its Azerbaijani version, when set.
    slug: Option<String>,
    /// The old URLs its Azerbaijani version redirects from.
    aliases: Vec<String>,
}

const TAGS: [&str; 5] = [
    "İqtisadiyyat",
    "Görüş",
    "Təhsil",
    "Səhiyyə",
    "Beynəlxalq əməkdaşlıq",
];
const WORDS: [&str; 8] = [
    "ölkə",
    "nazirlik",
    "iclas",
    "şəhər",
    "ığdır",
    "çay",
    "İsmayıllı",
    "görüş",
];

impl Release {
    fn front_matter(&self, lang: &str) -> String {
        let title = if lang == "az" {
            self.title.clone()
        } else {
            format!("{} ({lang})", self.title)
        };
        let mut text = format!(
            "+++\ntitle = \"{title}\"\ndate = 2017-03-{:02}\ntags = [{}]\n",
            self.day,
            self.tags
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if self.draft {
            text.push_str("draft = true\n");
        }
        if let Some(slug) = self.slug.as_ref().filter(|_| lang == "az") {
            text.push_str(&format!("slug = \"{slug}\"\n"));
        }
        if !self.aliases.is_empty() && lang == "az" {
            let aliases: Vec<String> = self.aliases.iter().map(|a| format!("\"{a}\"")).collect();
            text.push_str(&format!("aliases = [{}]\n", aliases.join(", ")));
        }
        if self.bundle {
            text.push_str("image = \"photo.png\"\nimage_alt = \"Foto\"\n");
        }
        if self.broken && lang == "az" {
            text.push_str("weight = \"not a number\"\n");
        }
        text.push_str("+++\n");
        text
    }

    fn path(&self, lang: &str) -> String {
        let suffix = if lang == "az" {
            String::new()
        } else {
            format!(".{lang}")
        };
        if self.bundle {
            format!("content/press/{}/index{suffix}.md", self.stem)
        } else {
            format!("content/press/{}{suffix}.md", self.stem)
        }
    }

    /// The `@/` link to its Azerbaijani version.
    fn link(&self) -> String {
        format!("@/{}", self.path("az").trim_start_matches("content/"))
    }

    fn write(&self, site: &TestSite) {
        for lang in std::iter::once("az").chain(self.translations.iter().copied()) {
            let mut text = self.front_matter(lang);
            for paragraph in &self.body {
                text.push_str(paragraph);
                text.push_str("\n\n");
            }
            site.write(&self.path(lang), text);
        }
        if self.bundle {
            std::fs::copy(
                crate::support::repo().join(FIXTURE_PHOTO),
                site.root()
                    .join(format!("content/press/{}/photo.png", self.stem)),
            )
            .unwrap();
        }
    }

    fn remove(&self, site: &TestSite) {
        let path = if self.bundle {
            site.root().join(format!("content/press/{}", self.stem))
        } else {
            site.root().join(format!("content/press/{}.md", self.stem))
        };
        if self.bundle {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
            for lang in &self.translations {
                std::fs::remove_file(site.root().join(self.path(lang))).unwrap();
            }
        }
    }
}

/// Every file of a build, and its warnings under the name [`WARNINGS`]; or its errors as
/// text.
type Outcome = Result<BTreeMap<String, Vec<u8>>, String>;

/// Where an [`Outcome`] keeps the build's warnings, one per line: no file has this name.
const WARNINGS: &str = "<warnings>";

fn collect(result: dilmanc::error::Result<dilmanc::build::Built>, sink: Collect) -> Outcome {
    match result {
        Ok(built) => {
            let mut files: BTreeMap<String, Vec<u8>> = sink
                .into_files()
                .into_iter()
                .map(|file| {
                    let bytes = file.content.read().unwrap().into_owned();
                    (file.path.to_string(), bytes)
                })
                .collect();
            files.insert(WARNINGS.to_owned(), built.warnings.join("\n").into_bytes());
            Ok(files)
        }
        Err(errors) => Err(errors.to_string()),
    }
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    }
}

fn clean_build(root: &Path) -> Outcome {
    let sink = Collect::default();
    let result = render_site(&options(root), &sink);
    collect(result, sink)
}

/// A sink that keeps the jobs' files of the last good build, as `serve`'s does: the
/// engine puts only the files of the jobs that changed ([`Jobs::Changed`]).
#[derive(Default)]
struct Keeping {
    files: Collect,
    /// The jobs' files and how they were handed on, once they all were.
    jobs: Mutex<Option<(Vec<OutputFile>, Jobs)>>,
}

impl Sink for Keeping {
    fn put(&self, file: OutputFile) -> Result<(), dilmanc::error::Error> {
        self.files.put(file)
    }

    fn keeps_jobs(&self) -> bool {
        true
    }

    fn jobs_done(&self, jobs: Jobs) {
        *self.jobs.lock().unwrap() = Some((self.files.take(), jobs));
    }
}

/// The bytes of `files` by path.
fn by_path(files: Vec<OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|file| {
            let bytes = file.content.read().unwrap().into_owned();
            (file.path.to_string(), bytes)
        })
        .collect()
}

/// What an engine build came to: its files, how many it reused and whether it handed on
/// only the jobs' files that changed.
struct Incremental {
    outcome: Outcome,
    reused: usize,
    patched: bool,
}

/// An engine build after `changes`. `kept` holds the jobs' files of the last good build,
/// as the sink of `serve` does.
fn incremental_build(
    engine: &mut Engine,
    changes: Changes,
    root: &Path,
    kept: &mut BTreeMap<String, Vec<u8>>,
) -> Incremental {
    let sink = Keeping::default();
    let result = engine.build_after(changes, &options(root), &sink);
    let reused = result.as_ref().map_or(0, |built| built.reused);
    let built = match result {
        Ok(built) => built,
        Err(errors) => {
            return Incremental {
                outcome: Err(errors.to_string()),
                reused,
                patched: false,
            };
        }
    };
    let (jobs, handed_on) = sink
        .jobs
        .into_inner()
        .unwrap()
        .expect("a build says how it handed on its jobs' files");
    let patched = handed_on != Jobs::Whole;
    let mut files = match handed_on {
        Jobs::Whole => BTreeMap::new(),
        Jobs::Changed { dropped } => {
            let mut files = kept.clone();
            for path in dropped {
                assert!(files.remove(&*path).is_some(), "{path} dropped, never put");
            }
            files
        }
    };
    files.extend(by_path(jobs));
    kept.clone_from(&files);
    files.extend(by_path(sink.files.into_files()));
    files.insert(WARNINGS.to_owned(), built.warnings.join("\n").into_bytes());
    Incremental {
        outcome: Ok(files),
        reused,
        patched,
    }
}

/// Up to 120 bytes of `text` on each side of `at`, cut at character boundaries.
fn around(text: &str, at: usize) -> &str {
    let boundary = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    &text[boundary(at.saturating_sub(120))..boundary(at + 120)]
}

/// The first difference between two outcomes, for the failure message.
fn difference(incremental: &Outcome, clean: &Outcome) -> Option<String> {
    match (incremental, clean) {
        (Ok(a), Ok(b)) => {
            for (path, bytes) in b {
                match a.get(path) {
                    None => return Some(format!("{path} is missing from the incremental build")),
                    Some(other) if other != bytes => {
                        let a = String::from_utf8_lossy(other);
                        let b = String::from_utf8_lossy(bytes);
                        let at = a
                            .char_indices()
                            .zip(b.chars())
                            .find(|((_, x), y)| x != y)
                            .map_or(a.len().min(b.len()), |((i, _), _)| i);
                        return Some(format!(
                            "{path} differs at byte {at}:\nincremental: {}\nclean:       {}",
                            around(&a, at),
                            around(&b, at)
                        ));
                    }
                    Some(_) => {}
                }
            }
            a.keys()
                .find(|path| !b.contains_key(*path))
                .map(|path| format!("{path} is only in the incremental build"))
        }
        (Err(a), Err(b)) if a == b => None,
        (a, b) => Some(format!(
            "one build failed:\nincremental: {:?}\nclean: {:?}",
            a.as_ref().map(BTreeMap::len),
            b.as_ref().map(BTreeMap::len)
        )),
    }
}

/// Every file (with a hash of its bytes) and folder (`None`) under `dir`.
fn snapshot(dir: &Path, into: &mut BTreeMap<PathBuf, Option<u64>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            into.insert(path.clone(), None);
            snapshot(&path, into);
        } else {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(&path).unwrap().hash(&mut hasher);
            into.insert(path, Some(hasher.finish()));
        }
    }
}

/// The paths a file watcher reports between two snapshots: files written, made or
/// removed, folders made or removed.
fn touched(
    before: &BTreeMap<PathBuf, Option<u64>>,
    after: &BTreeMap<PathBuf, Option<u64>>,
) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = after
        .iter()
        .filter(|(path, hash)| before.get(*path) != Some(*hash))
        .map(|(path, _)| path.clone())
        .collect();
    paths.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    paths
}

/// What the engine is told of the `paths` an edit touched, and how that is named.
fn report(random: &mut Random, root: &Path, mut paths: Vec<PathBuf>) -> (Changes, &'static str) {
    match random.below(10) {
        0 => (Changes::unknown(), "unknown"),
        1 => {
            // Paths the listing of content/ ignores, or that name no file.
            paths.extend([
                root.join("content/press/.swap.md.swp"),
                root.join("content/press/never-written.md"),
                root.join("locales/az/nothing.ftl"),
            ]);
            (Changes::paths(paths), "with noise")
        }
        2 => {
            // The watcher also names the folders, as it does when their times change.
            let folders: Vec<PathBuf> = paths
                .iter()
                .filter_map(|p| p.parent().map(Path::to_path_buf))
                .collect();
            paths.extend(folders);
            (Changes::paths(paths), "with folders")
        }
        _ => (Changes::paths(paths), "exact"),
    }
}

/// The photo of the fixture's bundle, copied into new bundles.
const FIXTURE_PHOTO: &str = "tests/fixtures/multilingual/content/press/2017-06-21-geneva/photo.png";
/// The same photo in the test's site, which the Geneva release shows in its body.
const GENEVA_PHOTO: &str = "content/press/2017-06-21-geneva/photo.png";
/// A static file that a page's body shows from the site's root (`![…](/xerite.png)`).
const STATIC_MAP: &str = "static/xerite.png";

/// Adds [`STATIC_MAP`] and the page whose body shows it.
fn add_static_map(site: &TestSite) {
    site.write(STATIC_MAP, "a static file: copied, not decoded\n");
    site.write(
        "content/press/2017-06-22-xerite.md",
        "+++\ntitle = \"Xəritə\"\ndate = 2017-06-22\n+++\nMərkəzin xəritəsi: ![Xəritə](/xerite.png).\n",
    );
}

/// Applies one random edit and says what it was.
fn edit(site: &TestSite, random: &mut Random, releases: &mut Vec<Release>, step: usize) -> String {
    let root = site.root();
    // Broken input is fixed at the next step, as a writer would.
    if let Some(release) = releases.iter_mut().find(|r| r.broken) {
        release.broken = false;
        release.clone().write(site);
        return format!("fix the front matter of {}", release.stem);
    }
    // So is an image a body shows that went away (the body itself does not change).
    let photo = root.join(GENEVA_PHOTO);
    if !photo.exists() {
        std::fs::copy(crate::support::repo().join(FIXTURE_PHOTO), &photo).unwrap();
        return format!("put {GENEVA_PHOTO} back");
    }
    // So is a static file a body shows from the site's root.
    if !root.join(STATIC_MAP).exists() {
        site.write(STATIC_MAP, "a static file: copied, not decoded\n");
        return format!("put {STATIC_MAP} back");
    }
    // So is a link to a page that went away (the build fails until then).
    let targets: Vec<String> = releases.iter().map(|r| format!("({})", r.link())).collect();
    let dangling = |p: &String| p.contains("(@/") && !targets.iter().any(|t| p.contains(t));
    if let Some(release) = releases.iter_mut().find(|r| r.body.iter().any(dangling)) {
        release.body.retain(|p| !dangling(p));
        release.clone().write(site);
        return format!("take the link to a removed page out of {}", release.stem);
    }
    let choice = random.below(26);
    if choice == 25 {
        // The body that shows it does not change, yet its image is broken now.
        std::fs::remove_file(root.join(STATIC_MAP)).unwrap();
        return format!("remove {STATIC_MAP}");
    }
    if choice == 21 {
        // The photo that the fixture's Geneva release shows in its body.
        std::fs::remove_file(&photo).unwrap();
        return format!("remove {GENEVA_PHOTO}");
    }
    let linked = releases.iter().position(|target| {
        let link = format!("({})", target.link());
        releases
            .iter()
            .any(|r| r.body.iter().any(|p| p.contains(&link)))
    });
    if choice == 23 {
        // The label of every table of the Azerbaijani pages.
        let path = "locales/az/site.ftl";
        site.write(path, format!("table-label = Cədvəl {step}\n"));
        return format!("{path} with another table label");
    }
    if choice == 24 {
        // A photo replaced by one of another size, under the same name: the Geneva one,
        // which a body shows, or a bundle's lead image, which its page and lists show.
        let bundles: Vec<&Release> = releases.iter().filter(|r| r.bundle).collect();
        let path = match random.below(bundles.len() + 1) {
            0 => photo,
            n => root.join(format!("content/press/{}/photo.png", bundles[n - 1].stem)),
        };
        let (width, height) = (
            40 + 8 * random.below(10) as u32,
            30 + random.below(20) as u32,
        );
        image::RgbImage::from_pixel(width, height, image::Rgb([200, 120, 40]))
            .save(&path)
            .unwrap();
        return format!("{} is now {width} × {height}", path.display());
    }
    if choice == 22
        && let Some(index) = linked
    {
        // The pages that link to it do not change, yet their links are broken now: the
        // link check must find it (the next step takes the links out).
        let release = releases.remove(index);
        release.remove(site);
        return format!("remove {}, leaving the links to it", release.stem);
    }
    if releases.is_empty() || choice == 0 {
        let bundle = random.below(3) == 0;
        let release = Release {
            stem: format!("2017-03-01-yeni-{step}"),
            title: format!("Yeni {} {step}", random.pick(&WORDS)),
            day: 1 + random.below(28) as u32,
            tags: vec![*random.pick(&TAGS)],
            draft: false,
            body: vec![format!("Mətn {}.", random.pick(&WORDS))],
            translations: Vec::new(),
            bundle,
            broken: false,
            slug: None,
            aliases: Vec::new(),
        };
        release.write(site);
        let what = format!(
            "add {}{}",
            release.stem,
            if bundle { " (bundle)" } else { "" }
        );
        releases.push(release);
        return what;
    }
    let index = random.below(releases.len());
    let other = releases[random.below(releases.len())].clone();
    let release = &mut releases[index];
    let what = match choice {
        1 | 2 => {
            // Now and then a table, whose label comes from the language's messages.
            release.body.push(if random.below(3) == 0 {
                format!(
                    "| Sənəd | Rüsum |\n| --- | --- |\n| {} | {step} |",
                    random.pick(&WORDS)
                )
            } else {
                format!(
                    "Əlavə abzas {step}: {} {}.",
                    random.pick(&WORDS),
                    random.pick(&WORDS)
                )
            });
            format!("body of {}", release.stem)
        }
        3 => {
            release.title = format!("{} {step}", random.pick(&WORDS));
            format!("title of {}", release.stem)
        }
        4 => {
            release.day = 1 + random.below(28) as u32;
            format!("date of {}", release.stem)
        }
        5 => {
            let tag = *random.pick(&TAGS);
            if release.tags.contains(&tag) && release.tags.len() > 1 {
                release.tags.retain(|t| *t != tag);
            } else if !release.tags.contains(&tag) {
                release.tags.push(tag);
            }
            format!("tags of {}", release.stem)
        }
        6 => {
            release.draft = !release.draft;
            let release = release.clone();
            release.write(site);
            if release.draft {
                unlink(site, releases, &release);
            }
            return format!("draft flag of {}", release.stem);
        }
        7 => {
            let lang = *random.pick(&["en", "ru"]);
            if let Some(at) = release.translations.iter().position(|l| *l == lang) {
                release.translations.remove(at);
                std::fs::remove_file(root.join(release.path(lang))).unwrap();
                format!("remove the {lang} translation of {}", release.stem)
            } else {
                release.translations.push(lang);
                format!("add an {lang} translation of {}", release.stem)
            }
        }
        8 => {
            let release = releases.remove(index);
            release.remove(site);
            unlink(site, releases, &release);
            return format!("remove {}", release.stem);
        }
        9 => {
            release.broken = true;
            format!("break the front matter of {}", release.stem)
        }
        10 => {
            let template = *random.pick(&[
                "themes/default/templates/page.html",
                "themes/default/templates/partials/footer.html",
                "themes/default/templates/section.html",
            ]);
            let mut text = std::fs::read_to_string(root.join(template)).unwrap();
            // A child template may hold content only inside its blocks.
            let at = text.rfind("{% endblock").unwrap_or(text.len());
            text.insert_str(at, &format!("<!-- edit {step} -->"));
            site.write(template, text);
            return format!("template {template}");
        }
        11 => {
            let lang = *random.pick(&["en", "ar"]);
            let path = format!("locales/{lang}/site.ftl");
            // Now and then the language loses its title, which it then shows from its
            // fallback with a warning (a reused file must warn as a rendered one does).
            if random.below(3) == 0 {
                site.write(&path, "# site-title is not translated yet\n");
                return format!("{path} without site-title");
            }
            let text = format!("site-title = Sınaq {step} ({lang})\n");
            site.write(&path, text);
            return path;
        }
        12 => {
            let path = root.join("content/accessibility.md");
            if path.exists() {
                std::fs::remove_file(path).unwrap();
                return "remove content/accessibility.md".to_owned();
            }
            site.write(
                "content/accessibility.md",
                "+++\ntitle = \"Əlçatanlıq\"\n+++\nBəyanat.\n",
            );
            return "add content/accessibility.md (the footer's url() call)".to_owned();
        }
        13 => {
            // A page of the fixture itself, edited in its body only.
            let path = "content/press/2018-01-10-hesabat.md";
            let mut text = std::fs::read_to_string(root.join(path)).unwrap();
            text.push_str(&format!("\nYeni cümlə {step}.\n"));
            site.write(path, text);
            return format!("body of {path}");
        }
        14 => {
            let path = "content/press/_index.en.md";
            site.write(
                path,
                format!("+++\ntitle = \"Press {step}\"\n+++\nReleases.\n"),
            );
            return path.to_owned();
        }
        15 => {
            let text = std::fs::read_to_string(root.join("site.toml")).unwrap();
            let text = if text.contains("[markdown]") {
                text.replace("\n[markdown]\nraw_html = \"sanitize\"\n", "")
            } else {
                format!("{text}\n[markdown]\nraw_html = \"sanitize\"\n")
            };
            site.write("site.toml", text);
            return "site.toml".to_owned();
        }
        16 => {
            release.slug = match release.slug {
                Some(_) => None,
                None => Some(format!("unvan-{step}")),
            };
            format!("slug of {}", release.stem)
        }
        19 | 20 => {
            // A folder with a file, then an index.md in it: the folder becomes a bundle.
            let stem = format!("2017-03-02-qovluq-{step}");
            let folder = root.join("content/press").join(&stem);
            return match std::fs::read_dir(root.join("content/press"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.is_dir() && !p.join("index.md").exists())
            {
                Some(loose) => {
                    let release = Release {
                        stem: loose.file_name().unwrap().to_string_lossy().into_owned(),
                        title: format!("Qovluq {step}"),
                        day: 2,
                        tags: vec![*random.pick(&TAGS)],
                        draft: false,
                        body: vec![format!("Qovluq mətn {step}.")],
                        translations: Vec::new(),
                        bundle: true,
                        broken: false,
                        slug: None,
                        aliases: Vec::new(),
                    };
                    site.write(&release.path("az"), release.front_matter("az"));
                    let what = format!("index.md into the folder {}", release.stem);
                    releases.push(release);
                    what
                }
                None => {
                    std::fs::create_dir(&folder).unwrap();
                    std::fs::copy(
                        crate::support::repo().join(FIXTURE_PHOTO),
                        folder.join("photo.png"),
                    )
                    .unwrap();
                    format!("folder {stem} with a photo")
                }
            };
        }
        18 => {
            // Aliases are the last jobs of a build: one that goes away leaves no job at its
            // place.
            if release.aliases.pop().is_none() {
                release
                    .aliases
                    .push(format!("/kohne/{}-{step}/", release.stem));
            }
            format!("aliases of {}", release.stem)
        }
        17 if !other.draft && other.stem != release.stem => {
            // A link in the reader's language: its URL changes with the target's slug.
            release
                .body
                .push(format!("Bax: [{}]({}).", other.title, other.link()));
            format!("link from {} to {}", release.stem, other.stem)
        }
        _ => {
            release.body = vec![format!("Yenidən yazıldı {step}.")];
            format!("whole body of {}", release.stem)
        }
    };
    release.clone().write(site);
    what
}

/// Takes the links to `target` out of the other releases, as a writer does when a page
/// goes away.
fn unlink(site: &TestSite, releases: &mut [Release], target: &Release) {
    let link = format!("({})", target.link());
    for release in releases.iter_mut() {
        if release.body.iter().any(|p| p.contains(&link)) {
            release.body.retain(|p| !p.contains(&link));
            release.write(site);
        }
    }
}

#[test]
fn incremental_builds_equal_clean_builds() {
    let steps: usize = std::env::var("DILMANC_INCREMENTAL_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let seed: u64 = std::env::var("DILMANC_INCREMENTAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let site = TestSite::fixture_with_theme_copy("multilingual");
    add_static_map(&site);
    let mut random = Random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut reports = Random(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1);
    let mut releases = Vec::new();
    let mut engine = Engine::new();
    let mut kept = BTreeMap::new();
    let (mut compared, mut failed_builds) = (0, 0);
    let first = incremental_build(&mut engine, Changes::unknown(), site.root(), &mut kept);
    assert_eq!(difference(&first.outcome, &clean_build(site.root())), None);
    let again = incremental_build(&mut engine, Changes::default(), site.root(), &mut kept);
    let rendered = again.outcome.as_ref().map_or(0, BTreeMap::len);
    assert!(
        again.reused > rendered / 2 && again.patched,
        "a build of an unchanged site reused {} of {rendered} files",
        again.reused
    );
    let (mut total_reused, mut patched) = (0, 0);
    let mut history = Vec::new();
    let mut told: BTreeMap<&str, usize> = BTreeMap::new();
    let mut before = BTreeMap::new();
    snapshot(site.root(), &mut before);
    for step in 1..=steps {
        let what = edit(&site, &mut random, &mut releases, step);
        let mut after = BTreeMap::new();
        snapshot(site.root(), &mut after);
        let (changes, how) = report(&mut reports, site.root(), touched(&before, &after));
        before = after;
        *told.entry(how).or_default() += 1;
        history.push(format!("{what} (told: {how})"));
        let incremental = incremental_build(&mut engine, changes, site.root(), &mut kept);
        total_reused += incremental.reused;
        patched += usize::from(incremental.patched);
        let incremental = incremental.outcome;
        let clean = clean_build(site.root());
        if let Some(difference) = difference(&incremental, &clean) {
            panic!(
                "seed {seed}, step {step}: after these edits\n  {}\nthe incremental build differs from a clean one: {difference}",
                history.join("\n  ")
            );
        }
        match &clean {
            Ok(files) => compared += files.len(),
            Err(errors) => {
                if std::env::var_os("DILMANC_INCREMENTAL_VERBOSE").is_some() {
                    eprintln!("step {step} ({}) fails: {errors}", history[step - 1]);
                }
                failed_builds += 1;
            }
        }
    }
    eprintln!(
        "incremental = clean: seed {seed}, {steps} edits, {compared} files compared ({total_reused} of them reused; {patched} builds handed on only the changed jobs' files), {failed_builds} builds failed in both; changes told: {told:?}"
    );
}
