//! `dilmanc new --translation-of FILE --lang L`: the translation of a page (or of a
//! section's `_index.md`) beside its original, with the original's date and tags and a
//! `[translation]` record of the version it translates.

use std::path::{Path, PathBuf};

use super::toml_string;
use crate::config::Config;
use crate::error::{Error, Result, io_error};
use crate::front_matter::{self, PageFrontMatter, SectionFrontMatter};
use crate::load::CONTENT_DIR;

/// A translation beside its original, and whether it is a draft.
pub(super) fn translation(
    config: &Config,
    title: &str,
    lang: &str,
    original: &Path,
) -> Result<(PathBuf, String, bool)> {
    let relative = original
        .strip_prefix(&config.root)
        .unwrap_or(original)
        .to_path_buf();
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(stem) = name.strip_suffix(".md") else {
        return Err(
            Error::in_file(&relative, "the original is not a Markdown file")
                .with_help("pass the .md file to translate")
                .on_command_line()
                .into(),
        );
    };
    if !relative.starts_with(CONTENT_DIR) || crate::site_files::stays_inside(&relative).is_err() {
        return Err(
            Error::in_file(&relative, "the original is not under content/")
                .with_help(
                    "pass its path from the site root, e.g. content/press/2017-06-21-geneva.md",
                )
                .on_command_line()
                .into(),
        );
    }
    if let Some((_, code)) = stem.rsplit_once('.')
        && config.language(code).is_some()
    {
        return Err(Error::in_file(
            &relative,
            format!("this file is itself the `{code}` translation"),
        )
        .with_help("pass the original, the file without a language suffix")
        .on_command_line()
        .into());
    }
    if lang == config.default_language {
        return Err(Error::new(format!(
            "`{lang}` is the default language: the original is written in it"
        ))
        .with_help("pass --lang with the language of the translation, e.g. --lang en")
        .on_command_line()
        .into());
    }
    // Read only inside the site, as a build reads: not through a link that leaves it.
    let full = config.root.join(&relative);
    if full.exists() {
        config.boundary.check_link(&full)?;
    }
    let bytes = std::fs::read(&full).map_err(|e| {
        let error = io_error(&relative, "read the original", &e);
        if e.kind() == std::io::ErrorKind::NotFound {
            error
                .with_help("pass the path of an existing content file from the site root, e.g. content/press/2017-06-21-geneva.md")
                .on_command_line()
        } else {
            error
        }
    })?;
    let split = front_matter::split(&relative, &bytes)?;
    let target = relative.with_file_name(format!("{stem}.{lang}.md"));
    let record = format!(
        "[translation]\noriginal = {}\nhash = \"{}\"\n+++\n\n",
        toml_string(&name),
        crate::hash::short_sha256(&bytes)
    );
    let mut text = format!("+++\ntitle = {}\n", toml_string(title));
    text.push_str("# description = \"One sentence for lists, feeds and search results.\"\n");
    if stem == "_index" {
        // A section's translation translates its title, description and body; its
        // settings (sort_by, paginate_by, feed ...) are read from the original only, and a
        // section cannot be a draft.
        let _: SectionFrontMatter = split.parse(&relative)?;
        text.push('\n');
        text.push_str(&record);
        return Ok((target, text, false));
    }
    let front: PageFrontMatter = split.parse(&relative)?;
    if let Some(date) = &front.date {
        text.push_str(&format!("date = {}\n", date.get_ref()));
    }
    if let Some(updated) = &front.updated {
        text.push_str(&format!("updated = {}\n", updated.get_ref()));
    }
    let tags: Vec<String> = front
        .tags
        .iter()
        .map(|t| toml_string(t.get_ref()))
        .collect();
    text.push_str(&format!(
        "# Translate the tags into the language of this file.\ntags = [{}]\n",
        tags.join(", ")
    ));
    text.push_str("draft = true\n\n");
    text.push_str(&record);
    Ok((target, text, true))
}
