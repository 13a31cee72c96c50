//! `dilmanc init DIR`: a new site with the default theme, ready to build.
//!
//! The default theme is compiled into the binary, so `init` works anywhere; the copy in
//! `DIR/themes/default/` is the site's own to change.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::error::{Error, Result, io_error};

/// The default theme, as in this repository's `themes/default/`.
static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The files of a new site besides the theme: path and text.
const STARTER: [(&str, &str); 8] = [
    (
        "site.toml",
        "# See the dilmanc README for every key.\nbase_url = \"https://example.gov.az\"\ndefault_language = \"az\"\ntheme = \"default\"\n\n[languages.az]\nname = \"Azərbaycanca\"\n\n[languages.en]\nname = \"English\"\nfallback = \"az\"\n",
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

/// Creates the site in `dir`, which must be empty or not exist; returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| io_error(dir, "read the folder", &e))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::in_file(dir, "the folder is not empty")
                .with_help("pass a new or empty folder: dilmanc init my-site")
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
    write(
        PathBuf::from("locales/en/site.ftl"),
        b"site-title = New site\n",
    )?;
    let mut stack = vec![&DEFAULT_THEME];
    while let Some(folder) = stack.pop() {
        for file in folder.files() {
            write(
                Path::new("themes/default").join(file.path()),
                file.contents(),
            )?;
        }
        stack.extend(folder.dirs());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_site_has_its_configuration_content_and_theme() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let written = init(&site).unwrap();
        assert!(written.contains(&PathBuf::from("site.toml")));
        assert!(site.join("themes/default/templates/base.html").is_file());
        assert!(site.join("themes/default/locales/az/theme.ftl").is_file());
        let again = init(&site).unwrap_err();
        assert!(again.to_string().contains("not empty"), "{again}");
    }
}
