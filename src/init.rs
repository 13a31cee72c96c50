//! `dilmanc init DIR`: a new site, ready to build with the default theme built into the
//! binary.
//!
//! The site gets no theme folder: its own `templates/`, `static/` and `locales/` override
//! single files and messages of the built-in theme. With `--eject-theme`, a copy of the
//! theme is written into `DIR/themes/default/` for the site to change as a whole.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result, io_error};

/// The files of a new site: path and text.
const STARTER: [(&str, &str); 8] = [
    (
        "site.toml",
        "# See the dilmanc README for every key.\nbase_url = \"https://example.gov.az\"\ndefault_language = \"az\"\n# Built into dilmanc; `dilmanc theme eject` writes a copy into themes/default/ to change.\ntheme = \"default\"\n\n[languages.az]\nname = \"Azərbaycanca\"\n\n[languages.en]\nname = \"English\"\nfallback = \"az\"\n",
    ),
    (
        "content/_index.md",
        "+++\ntitle = \"Ana səhifə\"\n+++\nSaytın giriş mətni.\n",
    ),
    (
        "content/_index.en.md",
        "+++\ntitle = \"Home\"\n+++\nThe site's welcome text.\n",
    ),
    (
        "content/press/_index.md",
        "+++\ntitle = \"Press-relizlər\"\nsort_by = \"date\"\npaginate_by = 10\nfeed = true\nweight = 1\n+++\n",
    ),
    (
        "content/press/_index.en.md",
        "+++\ntitle = \"Press releases\"\n+++\n",
    ),
    (
        "content/services/_index.md",
        "+++\ntitle = \"Xidmətlər\"\nsort_by = \"title\"\nweight = 2\n+++\n",
    ),
    (
        "content/services/_index.en.md",
        "+++\ntitle = \"Services\"\n+++\n",
    ),
    (
        "locales/az/site.ftl",
        "# The site's own interface text; it overrides the theme's messages of the same id.\nsite-title = Yeni sayt\n",
    ),
];

/// Creates the site in `dir`, which must be empty or not exist, with a copy of the default
/// theme when `eject_theme` is set; returns the files written, relative to `dir`.
pub fn init(dir: &Path, eject_theme: bool) -> Result<Vec<PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::in_file(dir, "this is a file, not a folder")
            .with_help("pass the name of a new or empty folder for the site: dilmanc init my-site")
            .on_command_line()
            .into());
    }
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| io_error(dir, "read the folder", &e))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::in_file(dir, "the folder is not empty")
                .with_help("pass a new or empty folder: dilmanc init my-site")
                .on_command_line()
                .into());
        }
    }
    let mut written = Vec::new();
    let mut write = |relative: PathBuf, contents: &[u8]| -> Result<()> {
        let path = dir.join(&relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "create the folder", &e))?;
        }
        std::fs::write(&path, contents).map_err(|e| io_error(&path, "write", &e))?;
        written.push(relative);
        Ok(())
    };
    for (relative, text) in STARTER {
        write(PathBuf::from(relative), text.as_bytes())?;
    }
    // The English message records the version of the original it translates, as `l10n
    // import` writes it, so that a change of the original shows as stale.
    let original = STARTER
        .iter()
        .find(|(relative, _)| *relative == "locales/az/site.ftl")
        .map_or("", |(_, text)| *text);
    let record = crate::exchange::fluent_record::record_of(original, "site-title")
        .map(|line| format!("{line}\n"))
        .unwrap_or_default();
    write(
        PathBuf::from("locales/en/site.ftl"),
        format!("{record}site-title = New site\n").as_bytes(),
    )?;
    if eject_theme {
        written.extend(crate::theme::builtin::eject(dir)?);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_site_has_its_configuration_and_content_and_no_theme_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let written = init(&site, false).unwrap();
        assert!(written.contains(&PathBuf::from("site.toml")));
        assert!(site.join("locales/az/site.ftl").is_file());
        let english = std::fs::read_to_string(site.join("locales/en/site.ftl")).unwrap();
        assert!(
            english.starts_with("# dilmanc-source: ")
                && english.ends_with("\nsite-title = New site\n"),
            "{english}"
        );
        assert!(!site.join("themes").exists());
        let again = init(&site, false).unwrap_err();
        assert!(again.to_string().contains("not empty"), "{again}");
    }

    #[test]
    fn a_new_site_can_start_with_a_copy_of_the_theme() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let written = init(&site, true).unwrap();
        assert!(written.contains(&PathBuf::from("themes/default/templates/base.html")));
        assert!(site.join("themes/default/locales/az/theme.ftl").is_file());
        assert!(site.join("themes/default/theme.toml").is_file());
    }
}
