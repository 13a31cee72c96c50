//! Where `dilmanc l10n export` may write its file, and writing it so that a failure never
//! leaves half a file.
//!
//! dilmanc never overwrites a file it did not write: an existing file (perhaps the
//! translator's returned work) is replaced only with `--force`. Never, even with `--force`,
//! does export write `site.toml` or into the folders the site reads (`content/`,
//! `locales/`, `templates/`, `static/`, `themes/`): an exchange file there would replace
//! the site's own files, or be published with the site. The file is written under a
//! temporary name in the same folder and renamed into place.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Errors, Result, io_error};
use crate::output_dir::{SOURCE_FOLDERS, resolve};

/// Checks that export may write `output` (as the user named it) for the site at
/// `site_root`; `force` allows replacing an existing file outside the site's own files.
pub(crate) fn claim(output: &Path, site_root: &Path, force: bool) -> Result<()> {
    let absolute = resolve(output)?;
    let root = site_root
        .canonicalize()
        .map_err(|e| io_error(site_root, "find the site folder", &e))?;
    // A file -o cannot name is a command-line mistake: status 2.
    let refuse = |why: String, help: &str| -> Errors {
        Error::in_file(output, why)
            .with_help(help.to_owned())
            .on_command_line()
            .into()
    };
    let elsewhere = "write the exchange file outside the site's content/, locales/, templates/, static/ and themes/ folders, e.g. -o en.xlf";
    if absolute == root.join("site.toml") {
        return Err(refuse(
            "-o names the site's configuration, site.toml: export never replaces it".into(),
            elsewhere,
        ));
    }
    for folder in SOURCE_FOLDERS {
        if absolute.starts_with(root.join(folder)) {
            return Err(refuse(
                format!(
                    "-o is inside the site's {folder}/ folder, which the site reads (a file there would replace the site's own, or be published with it)"
                ),
                elsewhere,
            ));
        }
    }
    if absolute.is_dir() {
        return Err(refuse(
            "-o names a folder".into(),
            "name the file to write, e.g. -o en.xlf",
        ));
    }
    if absolute.exists() && !force {
        return Err(refuse(
            "the file exists (it may be a translator's returned work): export does not replace it"
                .into(),
            "choose another name, or pass --force to replace it",
        ));
    }
    Ok(())
}

/// Writes `text` to `output` under a temporary name beside it, then renames it into place:
/// at any moment `output` is the old file (or none) or the complete new one.
pub(crate) fn write(output: &Path, text: &str) -> Result<()> {
    let temporary = temporary_name(output);
    // Never opens (nor, on failure, removes) a file that was there before.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .map_err(|e| io_error(output, "write", &e))?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temporary, output));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io_error(output, "write", &e).into()
    })
}

/// `.<name>.dilmanc-export-<process id>` beside `output`.
fn temporary_name(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    output.with_file_name(format!(".{name}.dilmanc-export-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_written_whole_and_no_temporary_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("en.xlf");
        write(&output, "one").unwrap();
        write(&output, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&output).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
        assert!(write(&dir.path().join("no/such/folder.xlf"), "x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
