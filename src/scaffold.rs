//! `dilmanc new`: a new content file with its front matter filled in.
//!
//! `dilmanc new press "Başlıq"` writes `content/press/YYYY-MM-DD-basliq.md` (the date prefix
//! and `date` only in sections with `sort_by = "date"`). With `--translation-of FILE --lang en` it writes the
//! translation beside the original (`FILE` with `.en` before `.md`), copying the original's
//! date and tags and recording which version of the original it translates.
//! New pages are drafts, so nothing is published before someone removes `draft = true`.
//! `--translation-of content/press/_index.md` writes a section's translation,
//! `_index.en.md`: its title, and the body to translate (a section has no draft state,
//! and its settings stay in the original).
//!
//! The title is written on one line: line breaks and tabs in it become spaces. A title with
//! another control character (BEL, ESC ...) is refused, as a build would refuse the file.
//! Arguments that name what the site does not have (a section, a language, a file) are
//! command-line errors ([`Error::on_command_line`]).

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result, io_error};
use crate::front_matter::{self, SectionFrontMatter, SortBy};
use crate::load::CONTENT_DIR;
use crate::slug::slugify;

mod translation;

/// What to create.
#[derive(Debug, Clone)]
pub struct NewContent {
    /// The site folder.
    pub root: PathBuf,
    /// The section folder under `content/` (`press`); ignored with `translation_of`.
    pub section: String,
    /// The title.
    pub title: String,
    /// The language; the default language when not given.
    pub lang: Option<String>,
    /// The original this file translates, relative to the site root or absolute.
    pub translation_of: Option<PathBuf>,
    /// The day to write in `date` (today, in the machine's time zone, for the command).
    pub today: jiff::civil::Date,
}

/// What [`create`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The new file, relative to the site root.
    pub path: PathBuf,
    /// Whether it is a draft (`draft = true`); a section's translation cannot be one.
    pub draft: bool,
}

/// Creates the file and says where, relative to the site root.
pub fn create(new: &NewContent) -> Result<Created> {
    let config = Config::load(&new.root)?;
    let lang = new
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language.clone());
    let Some(language) = config.language(&lang) else {
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(Error::new(format!(
            "the language `{lang}` is not configured in site.toml"
        ))
        .with_help(format!(
            "pass one of the languages of site.toml to --lang ({}), or add [languages.{lang}] to site.toml",
            codes.join(", ")
        ))
        .on_command_line()
        .into());
    };
    let title = one_line_title(&new.title)?;
    let (relative, text, draft) = match &new.translation_of {
        Some(original) => translation::translation(&config, &title, &language.code, original)?,
        None => {
            let (relative, text) = original(&config, new, &title, &language.code)?;
            (relative, text, true)
        }
    };
    check_inside_content(&config, &relative)?;
    let path = config.root.join(&relative);
    if path.exists() {
        return Err(Error::in_file(&relative, "the file already exists")
            .with_help("choose another title, or edit the existing file")
            .on_command_line()
            .into());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error(&relative, "create the folder of", &e))?;
    }
    std::fs::write(&path, text).map_err(|e| io_error(&relative, "write", &e))?;
    Ok(Created {
        path: relative,
        draft,
    })
}

/// `title` as `new` writes it, on one line: each run of line breaks and tabs becomes one
/// space, since a title is shown on one line and a line `+++` inside it would close the
/// front matter. Any other character a build refuses (BEL, ESC ...) is an error that
/// names it and its position, counted in characters from 1.
fn one_line_title(title: &str) -> Result<String> {
    use crate::control_chars::{describe, is_forbidden};
    if let Some((index, c)) = title.chars().enumerate().find(|&(_, c)| is_forbidden(c)) {
        return Err(Error::new(format!(
            "the title has the control character {} at character {}",
            describe(c),
            index + 1
        ))
        .with_help(
            "type the title without it (such characters come from copied text, and a build refuses them)",
        )
        .on_command_line()
        .into());
    }
    let title = if title.contains(['\n', '\r', '\t']) {
        title
            .split(['\n', '\r', '\t'])
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        title.to_owned()
    };
    if title.trim().is_empty() {
        return Err(Error::new("the title is empty")
            .with_help("pass a title: dilmanc new press \"Başlıq\"")
            .on_command_line()
            .into());
    }
    Ok(title)
}

/// The sections of the site at `root`: every folder under `content/` with an `_index.md`,
/// as `press` or `services/health`, sorted; for the help of a command given a section
/// that does not exist. Links are not followed (`new` writes only into the site's own
/// folders).
pub(crate) fn sections(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, relative: &str, found: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let path = entry.path();
            let relative = if relative.is_empty() {
                name
            } else {
                format!("{relative}/{name}")
            };
            if path.join("_index.md").is_file() {
                found.push(relative.clone());
            }
            walk(&path, &relative, found);
        }
    }
    let mut found = Vec::new();
    walk(&root.join(CONTENT_DIR), "", &mut found);
    found.sort();
    found
}

/// Refuses a file that would be written outside `content/`: through `..`, an absolute
/// path, or a folder that is a link to elsewhere.
fn check_inside_content(config: &Config, relative: &Path) -> Result<()> {
    if let Err(why) = crate::site_files::stays_inside(relative) {
        return Err(Error::in_file(relative, format!("the path {why}"))
            .with_help("name a section folder under content/, e.g. press or services/health")
            .into());
    }
    let content = config.root.join(CONTENT_DIR);
    let mut existing = config.root.join(relative);
    while !existing.exists() && existing.pop() {}
    let inside = match (existing.canonicalize(), content.canonicalize()) {
        (Ok(existing), Ok(content)) => existing.starts_with(content),
        _ => false,
    };
    if inside {
        Ok(())
    } else {
        Err(Error::in_file(relative, "the file would be written outside content/")
            .with_help("a folder on the way is a link to elsewhere: create the file in the site's own content/ folder")
            .into())
    }
}

/// A new page in a section.
fn original(
    config: &Config,
    new: &NewContent,
    title: &str,
    lang: &str,
) -> Result<(PathBuf, String)> {
    let absolute = Path::new(&new.section).has_root();
    let section = new.section.trim_end_matches('/');
    let inside = if absolute {
        Err("is an absolute path")
    } else {
        crate::site_files::stays_inside(Path::new(section))
    };
    if let Err(why) = inside {
        return Err(Error::new(format!("the section `{}` {why}", new.section))
            .with_help("name a section folder relative to content/, e.g. press or services/health")
            .on_command_line()
            .into());
    }
    let section_dir = Path::new(CONTENT_DIR).join(section);
    let index = section_dir.join("_index.md");
    let settings: SectionFrontMatter = match std::fs::read(config.root.join(&index)) {
        Ok(bytes) => front_matter::split(&index, &bytes)?.parse(&index)?,
        Err(_) => {
            let existing = sections(&config.root);
            let help = if existing.is_empty() {
                format!(
                    "the site has no sections yet: create {} with a title first",
                    index.display()
                )
            } else {
                format!(
                    "pass one of the sections: {}; or create {} with a title to start a new one",
                    existing.join(", "),
                    index.display()
                )
            };
            return Err(Error::new(format!(
                "there is no section `{section}`: {} does not exist",
                index.display()
            ))
            .with_help(help)
            .on_command_line()
            .into());
        }
    };
    let slug = cut_slug(slugify(title));
    if slug.is_empty() {
        return Err(Error::new("cannot make a file name from the title")
            .with_help("use a title with letters or digits")
            .on_command_line()
            .into());
    }
    // Only an explicit `sort_by = "date"` makes dates required (and worth a file prefix).
    let by_date = settings.sort_by == Some(SortBy::Date);
    let stem = if by_date {
        format!("{}-{slug}", new.today)
    } else {
        slug
    };
    let suffix = if lang == config.default_language {
        String::new()
    } else {
        format!(".{lang}")
    };
    let relative = section_dir.join(format!("{stem}{suffix}.md"));
    let date = if by_date {
        format!("date = {}\n", new.today)
    } else {
        String::new()
    };
    let text = format!(
        "+++\ntitle = {}\n# description = \"One sentence for lists, feeds and search results.\"\n{date}tags = []\ndraft = true\n+++\n\n",
        toml_string(title)
    );
    Ok((relative, text))
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The longest slug `new` makes from a title, in bytes (a slug is ASCII): long enough for
/// a title of a dozen words, well within what a file name may be.
const MAX_SLUG: usize = 100;

/// `slug` cut to at most [`MAX_SLUG`] bytes, after its last whole word that fits.
fn cut_slug(mut slug: String) -> String {
    if slug.len() > MAX_SLUG {
        let end = slug[..=MAX_SLUG]
            .rfind('-')
            .filter(|&dash| dash > 0)
            .unwrap_or(MAX_SLUG);
        slug.truncate(end);
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::PageFrontMatter;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "base_url = \"https://x.az\"\ndefault_language = \"az\"\n[languages.az]\nname = \"Az\"\n[languages.en]\nname = \"En\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("content/press")).unwrap();
        std::fs::write(
            dir.path().join("content/press/_index.md"),
            "+++\ntitle = \"Mətbuat\"\nsort_by = \"date\"\n+++\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("content/about")).unwrap();
        std::fs::write(
            dir.path().join("content/about/_index.md"),
            "+++\ntitle = \"Haqqımızda\"\n+++\n",
        )
        .unwrap();
        dir
    }

    fn new(root: &Path, title: &str) -> NewContent {
        NewContent {
            root: root.to_path_buf(),
            section: "press".into(),
            title: title.into(),
            lang: None,
            translation_of: None,
            today: jiff::civil::date(2026, 11, 26),
        }
    }

    #[test]
    fn a_press_release_is_dated_and_named_from_its_title() {
        let dir = site();
        let path = create(&new(dir.path(), "Şəki mərkəzi \"açıldı\""))
            .unwrap()
            .path;
        assert_eq!(
            path,
            Path::new("content/press/2026-11-26-seki-merkezi-acildi.md")
        );
        let text = std::fs::read_to_string(dir.path().join(&path)).unwrap();
        let split = front_matter::split(Path::new("x.md"), text.as_bytes()).unwrap();
        let front: PageFrontMatter = split.parse(Path::new("x.md")).unwrap();
        assert_eq!(
            front.title.as_ref().map(|t| t.get_ref().as_str()),
            Some("Şəki mərkəzi \"açıldı\"")
        );
        assert!(front.draft);
        assert!(text.contains("date = 2026-11-26"), "{text}");
        let again = create(&new(dir.path(), "Şəki mərkəzi \"açıldı\"")).unwrap_err();
        assert!(again.to_string().contains("already exists"));
    }

    #[test]
    fn a_long_title_makes_a_file_name_of_whole_words_within_the_limit() {
        let dir = site();
        let title = "Dövlət xidmətləri agentliyinin ".repeat(20);
        let path = create(&new(dir.path(), &title)).unwrap().path;
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let slug = stem.strip_prefix("2026-11-26-").unwrap();
        let full = crate::slug::slugify(&title);
        assert!(
            slug.len() <= MAX_SLUG && slug.len() > MAX_SLUG - 20,
            "{slug}"
        );
        assert!(full[slug.len()..].starts_with('-'), "whole words: {slug}");
        assert_eq!(cut_slug("a".repeat(150)), "a".repeat(MAX_SLUG));
        assert_eq!(cut_slug("bir-iki".to_owned()), "bir-iki");
    }

    #[test]
    fn a_page_of_a_section_without_sort_by_has_no_date_prefix() {
        let dir = site();
        let mut request = new(dir.path(), "Əlaqə");
        request.section = "about".into();
        let path = create(&request).unwrap().path;
        assert_eq!(path, Path::new("content/about/elaqe.md"));
        let text = std::fs::read_to_string(dir.path().join(&path)).unwrap();
        assert!(!text.contains("date ="), "{text}");
    }

    #[test]
    fn a_translation_copies_date_and_tags_and_records_the_original() {
        let dir = site();
        let original = "+++\ntitle = \"A\"\ndate = 2017-06-21\ntags = [\"görüş\"]\n+++\nMətn.\n";
        std::fs::write(dir.path().join("content/press/2017-06-21-a.md"), original).unwrap();
        let mut request = new(dir.path(), "Meeting");
        request.lang = Some("en".into());
        request.translation_of = Some("content/press/2017-06-21-a.md".into());
        let path = create(&request).unwrap().path;
        assert_eq!(path, Path::new("content/press/2017-06-21-a.en.md"));
        let text = std::fs::read_to_string(dir.path().join(&path)).unwrap();
        assert!(text.contains("date = 2017-06-21"), "{text}");
        assert!(text.contains("tags = [\"görüş\"]"), "{text}");
        assert!(
            text.contains(&format!(
                "hash = \"{}\"",
                crate::hash::short_sha256(original.as_bytes())
            )),
            "{text}"
        );
        let split = front_matter::split(Path::new("x.md"), text.as_bytes()).unwrap();
        let front: PageFrontMatter = split.parse(Path::new("x.md")).unwrap();
        assert_eq!(front.translation.unwrap().original, "2017-06-21-a.md");
    }

    #[test]
    fn unknown_sections_and_languages_are_errors() {
        let dir = site();
        let mut request = new(dir.path(), "X");
        request.section = "nope".into();
        assert!(
            create(&request)
                .unwrap_err()
                .to_string()
                .contains("no section `nope`")
        );
        let mut request = new(dir.path(), "X");
        request.lang = Some("fr".into());
        assert!(
            create(&request)
                .unwrap_err()
                .to_string()
                .contains("`fr` is not configured")
        );
    }

    /// Reads back the front matter `new` wrote, as a build reads it.
    fn written_title(dir: &Path, path: &Path) -> String {
        let text = std::fs::read_to_string(dir.join(path)).unwrap();
        let split = front_matter::split(path, text.as_bytes()).unwrap();
        let front: PageFrontMatter = split.parse(path).unwrap();
        front.title.unwrap().into_inner()
    }

    #[test]
    fn a_title_is_written_on_one_line_so_that_the_file_reads_back() {
        let dir = site();
        for (n, (title, expected)) in [
            ("Başlıq\n+++\nx", "Başlıq +++ x"),
            ("Bir\r\niki\tüç", "Bir iki üç"),
            ("+++", "+++"),
            ("\"\"\" ''' \\ #", "\"\"\" ''' \\ #"),
            ("a\n\n\n b", "a b"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut request = new(dir.path(), "");
            request.section = "about".into();
            request.title = format!("{title} {n}");
            let created = create(&request).unwrap();
            assert_eq!(
                written_title(dir.path(), &created.path),
                format!("{expected} {n}"),
                "{title:?}"
            );
        }
    }

    #[test]
    fn a_title_with_a_control_character_is_a_command_line_error() {
        let dir = site();
        for (title, named) in [
            ("Zəng\u{7}", "U+0007 (BEL) at character 5"),
            ("\u{1b}[31mQırmızı", "U+001B (ESC) at character 1"),
            ("a\u{b}b", "U+000B at character 2"),
        ] {
            let errors = create(&new(dir.path(), title)).unwrap_err();
            assert!(errors.is_command_line(), "{errors}");
            assert!(errors.to_string().contains(named), "{errors}");
        }
        let errors = create(&new(dir.path(), "\n\t ")).unwrap_err();
        assert!(
            errors.to_string().contains("the title is empty"),
            "{errors}"
        );
        let files = std::fs::read_dir(dir.path().join("content/press")).unwrap();
        assert_eq!(files.count(), 1, "only _index.md");
    }

    #[test]
    fn a_section_translation_carries_title_and_record_only() {
        let dir = site();
        let mut request = new(dir.path(), "Press releases");
        request.lang = Some("en".into());
        request.translation_of = Some("content/press/_index.md".into());
        let created = create(&request).unwrap();
        assert_eq!(
            created,
            Created {
                path: "content/press/_index.en.md".into(),
                draft: false
            }
        );
        let text = std::fs::read_to_string(dir.path().join(&created.path)).unwrap();
        let split = front_matter::split(&created.path, text.as_bytes()).unwrap();
        let front: SectionFrontMatter = split.parse(&created.path).unwrap();
        assert_eq!(front.title.as_deref(), Some("Press releases"));
        assert!(
            front.sort_by.is_none() && front.paginate_by.is_none(),
            "{text}"
        );
        assert_eq!(front.translation.unwrap().original, "_index.md");
    }

    #[test]
    fn an_unknown_section_lists_the_sections_there_are() {
        let dir = site();
        std::fs::create_dir_all(dir.path().join("content/about/team")).unwrap();
        std::fs::write(
            dir.path().join("content/about/team/_index.md"),
            "+++\ntitle = \"Komanda\"\n+++\n",
        )
        .unwrap();
        let mut request = new(dir.path(), "X");
        request.section = "presss".into();
        let errors = create(&request).unwrap_err();
        assert!(errors.is_command_line());
        let help = errors.iter().next().unwrap().help().unwrap().to_owned();
        assert!(help.contains("about, about/team, press;"), "{help}");
        for section in ["/tmp/x", "../x", "press/../../x"] {
            request.section = section.into();
            let errors = create(&request).unwrap_err();
            assert!(errors.is_command_line(), "{section}: {errors}");
        }
    }
}
