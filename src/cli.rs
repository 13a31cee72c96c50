//! The command line: clap-derive commands, each turned into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, Built, render_site};
use crate::error::{Error, Errors, Result};
use crate::output_dir::OutputDir;

/// dilmanc: static sites for multilingual public information.
#[derive(Debug, Parser)]
#[command(name = "dilmanc", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Check everything a build reads, internal links and translations; write nothing.
    Check(CheckArgs),
    /// Create a content file with its front matter filled in (a draft).
    New(NewArgs),
    /// Build the site in memory, serve it on 127.0.0.1, rebuild on change, reload the browser.
    Serve(ServeArgs),
    /// Create a new site in DIR (new or empty), using the default theme built into dilmanc.
    Init(InitArgs),
    /// The built-in default theme.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Translation reports.
    #[command(subcommand)]
    L10n(L10nCommand),
}

/// `dilmanc l10n ...`.
#[derive(Debug, Subcommand)]
pub enum L10nCommand {
    /// Translation coverage of each language and stale translations.
    Status(L10nStatusArgs),
    /// Write the pages to translate into a language as one XLIFF 1.2 or PO file.
    Export(L10nExportArgs),
    /// Check a translated exchange file and write the translated pages (all or nothing).
    Import(L10nImportArgs),
}

/// `dilmanc l10n export`.
#[derive(Debug, Args)]
pub struct L10nExportArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The language to translate into.
    #[arg(long)]
    pub lang: String,
    /// Which pages (default: missing and stale ones).
    #[arg(long, value_enum)]
    pub only: Option<crate::exchange::export::Only>,
    /// The format of the file.
    #[arg(long, value_enum, default_value_t = crate::exchange::Format::Xliff)]
    pub format: crate::exchange::Format,
    /// Only the pages of this section folder under content/ (and its sub-sections).
    #[arg(long)]
    pub section: Option<String>,
    /// The file to write (a new one; never inside the site's content/, locales/,
    /// templates/, static/ or themes/, nor site.toml).
    #[arg(short = 'o', long)]
    pub output: PathBuf,
    /// Replace the file if it exists (it may be a translator's returned work).
    #[arg(long)]
    pub force: bool,
}

/// `dilmanc l10n import`.
#[derive(Debug, Args)]
pub struct L10nImportArgs {
    /// The exchange file (XLIFF or PO, as export wrote it and a translation tool saved it).
    pub file: PathBuf,
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Leave out the pages that have untranslated units instead of refusing the file.
    #[arg(long)]
    pub allow_partial: bool,
    /// Replace translation files written or changed since the export (their changes are
    /// lost), and existing ones that a file of an older dilmanc does not record.
    #[arg(long)]
    pub overwrite: bool,
}

/// How `l10n status` prints its report.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    Text,
    /// JSON for tools.
    Json,
}

/// `dilmanc l10n status`.
#[derive(Debug, Args)]
pub struct L10nStatusArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Report only this language.
    #[arg(long)]
    pub lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `dilmanc init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new site.
    pub dir: PathBuf,
    /// Also write a copy of the default theme into DIR/themes/default/, to change as a whole.
    #[arg(long)]
    pub eject_theme: bool,
}

/// `dilmanc theme ...`.
#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Write a copy of the built-in default theme into ROOT/themes/default/ (which must not
    /// exist); the site then uses the copy instead of the built-in theme.
    Eject(ThemeEjectArgs),
}

/// `dilmanc theme eject`.
#[derive(Debug, Args)]
pub struct ThemeEjectArgs {
    /// The site folder, holding site.toml (or any folder to write the copy into).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// `dilmanc serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages dated in the future.
    #[arg(long)]
    pub future: bool,
    /// Print how long each stage of each build took and the ten slowest templates.
    #[arg(long)]
    pub timings: bool,
}

/// `dilmanc new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The section folder under content/, e.g. press.
    pub section: String,
    /// The title of the page.
    pub title: String,
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The language of the new file (default: the site's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Create the translation of this file (its path from the site root), beside it.
    #[arg(long, requires = "lang")]
    pub translation_of: Option<PathBuf>,
}

/// `dilmanc build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: ROOT/public).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages dated in the future.
    #[arg(long)]
    pub future: bool,
    /// Replace the output folder even if it holds files dilmanc did not write (they are
    /// deleted). Never needed to rebuild into a folder dilmanc wrote.
    #[arg(long)]
    pub force: bool,
    /// Print how long each stage took and the ten slowest templates.
    #[arg(long)]
    pub timings: bool,
}

/// `dilmanc check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// What a successful command reports.
#[derive(Debug)]
pub enum Outcome {
    /// A site was rendered, and written if `written_to` is set.
    Built {
        /// The rendered site and its counts.
        built: Built,
        /// Where it was written, if it was.
        written_to: Option<PathBuf>,
    },
    /// A content file was created.
    Created(crate::scaffold::Created),
    /// The server stopped.
    Served,
    /// A new site was created in this folder with these files.
    Initialised(PathBuf, Vec<PathBuf>),
    /// A report to print as it is.
    Report(String),
}

/// Runs a parsed command; `report` prints errors that do not end the command (a failed
/// rebuild while serving).
pub fn run(cli: Cli, report: &(dyn Fn(&crate::error::Errors) + Sync)) -> Result<Outcome> {
    match cli.command {
        Command::Build(args) => {
            let target = args.output.unwrap_or_else(|| args.root.join("public"));
            let output_dir = OutputDir::claim(&target, &args.root, args.force)?;
            let staging = output_dir.stage()?;
            let progress = crate::progress::Progress::new(&staging);
            let built = render_site(
                &BuildOptions {
                    root: args.root.clone(),
                    base_url: args.base_url,
                    drafts: args.drafts,
                    future: args.future,
                    strict_messages: false,
                    read_only: false,
                },
                &progress,
            );
            drop(progress);
            let built = built?;
            staging.publish(&built.files)?;
            if args.timings {
                eprint!("{}", built.timings.report());
            }
            Ok(Outcome::Built {
                built,
                written_to: Some(target),
            })
        }
        Command::Check(args) => {
            let mut built = render_site(
                &BuildOptions {
                    root: args.root.clone(),
                    strict_messages: true,
                    read_only: true,
                    ..BuildOptions::default()
                },
                &crate::output::Discard,
            )?;
            // Stale translations are not errors (the page is still right, only older),
            // but the translators should hear of them.
            let report = crate::l10n::status(&args.root, None)?;
            for language in &report {
                for entry in language
                    .entries
                    .iter()
                    .filter(|e| e.state == crate::l10n::State::Stale)
                {
                    let translation = entry.translation.as_deref().unwrap_or(&entry.original);
                    built.warnings.push(match &entry.message {
                        Some(id) => format!(
                            "the {} {id} of {} was translated from an older version of it in {}",
                            if id.starts_with('-') {
                                "term"
                            } else {
                                "message"
                            },
                            translation.display(),
                            entry.original.display()
                        ),
                        None => format!(
                            "{} was translated from an older version of {}",
                            translation.display(),
                            entry.original.display()
                        ),
                    });
                }
            }
            if let Some(warning) = unchecked_messages(&report) {
                built.warnings.push(warning);
            }
            Ok(Outcome::Built {
                built,
                written_to: None,
            })
        }
        Command::New(args) => {
            let created = crate::scaffold::create(&crate::scaffold::NewContent {
                root: args.root,
                section: args.section,
                title: args.title,
                lang: args.lang,
                translation_of: args.translation_of,
                today: jiff::ZonedDateTime::now().date(),
            })?;
            Ok(Outcome::Created(created))
        }
        Command::Serve(args) => {
            crate::serve::serve(
                &crate::serve::ServeOptions {
                    root: args.root,
                    port: args.port,
                    drafts: args.drafts,
                    future: args.future,
                    timings: args.timings,
                },
                report,
            )?;
            Ok(Outcome::Served)
        }
        Command::L10n(L10nCommand::Status(args)) => {
            let report = crate::l10n::status(&args.root, args.lang.as_deref())?;
            Ok(Outcome::Report(match args.format {
                Format::Text => crate::l10n::to_text(&report),
                Format::Json => {
                    let mut json = serde_json::to_string_pretty(&report).expect("plain data");
                    json.push('\n');
                    json
                }
            }))
        }
        Command::L10n(L10nCommand::Export(args)) => {
            let started = std::time::Instant::now();
            check_export_args(&args)?;
            let exported = crate::exchange::export::export(
                &crate::exchange::export::ExportOptions {
                    root: args.root,
                    lang: args.lang,
                    only: args.only,
                    section: args.section,
                    format: args.format,
                    force: args.force,
                },
                &args.output,
            )
            .map_err(|errors| explain_missing_folder(errors, &args.output))?;
            Ok(Outcome::Report(format!(
                "exported {} pages, {} units, {} words to {} in {:.2} s\n",
                exported.pages,
                exported.units,
                exported.words,
                args.output.display(),
                started.elapsed().as_secs_f64()
            )))
        }
        Command::L10n(L10nCommand::Import(args)) => {
            let started = std::time::Instant::now();
            let imported =
                crate::exchange::import::import(&crate::exchange::import::ImportOptions {
                    root: args.root,
                    file: args.file,
                    allow_partial: args.allow_partial,
                    overwrite: args.overwrite,
                })?;
            let mut report = String::new();
            for path in &imported.written {
                report.push_str(&format!("wrote {}\n", path.display()));
            }
            for original in &imported.left_out {
                report.push_str(&format!(
                    "left out {original}: not every unit is translated\n"
                ));
            }
            // `written` holds pages (`.md`) and the language's message files (`.ftl`).
            let messages = imported
                .written
                .iter()
                .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
                .count();
            let pages = imported.written.len() - messages;
            report.push_str(&format!(
                "imported {pages} page{} and {messages} message file{} ({} units) into {} in {:.2} s\n",
                if pages == 1 { "" } else { "s" },
                if messages == 1 { "" } else { "s" },
                imported.units,
                imported.lang,
                started.elapsed().as_secs_f64()
            ));
            Ok(Outcome::Report(report))
        }
        Command::Init(args) => {
            let files = crate::init::init(&args.dir, args.eject_theme)?;
            Ok(Outcome::Initialised(args.dir, files))
        }
        Command::Theme(ThemeCommand::Eject(args)) => {
            let files = crate::theme::builtin::eject(&args.root)?;
            let copy = args.root.join(crate::theme::builtin::COPY_FOLDER);
            Ok(Outcome::Report(format!(
                "wrote the default theme (version {}, {} files) into {}/; a site here now uses this copy instead of the built-in theme\n",
                crate::theme::builtin::version(),
                files.len(),
                copy.display()
            )))
        }
    }
}

/// Refuses what is wrong on the command line of `l10n export` before anything is read
/// (exit status 2): a language the site does not translate into, a section it does not
/// have.
fn check_export_args(args: &L10nExportArgs) -> Result<()> {
    let config = crate::config::Config::load(&args.root)?;
    let lang = &args.lang;
    let translated: Vec<&str> = config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .filter(|code| *code != config.default_language)
        .collect();
    let problem = if config.language(lang).is_none() {
        Some(format!(
            "the language `{lang}` is not configured in site.toml"
        ))
    } else if *lang == config.default_language {
        Some(format!(
            "`{lang}` is the default language: the originals are written in it"
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        let help = if translated.is_empty() {
            "add a language to translate into to site.toml, e.g. [languages.en], then pass it to --lang".to_owned()
        } else {
            format!(
                "pass the language to translate into to --lang: {}",
                translated.join(", ")
            )
        };
        return Err(Error::new(problem).with_help(help).on_command_line().into());
    }
    if let Some(section) = &args.section {
        let wanted = section.trim_matches('/');
        let index = std::path::Path::new(crate::load::CONTENT_DIR)
            .join(wanted)
            .join("_index.md");
        if (!wanted.is_empty()
            && crate::site_files::stays_inside(std::path::Path::new(wanted)).is_err())
            || !config.root.join(&index).is_file()
        {
            return Err(Error::new(format!(
                "there is no section `{wanted}`: {} does not exist",
                index.display()
            ))
            .with_help(format!(
                "pass one of the sections to --section: {}",
                crate::scaffold::sections(&config.root).join(", ")
            ))
            .on_command_line()
            .into());
        }
    }
    Ok(())
}

/// Adds what to do to export's failure to write `-o` into a folder that does not exist
/// (found only when writing, after export's own refusals of places such as `static/`).
/// Like every refusal of `-o`, it stays exit status 1 for now.
fn explain_missing_folder(errors: Errors, output: &std::path::Path) -> Errors {
    let Some(folder) = output
        .parent()
        .filter(|f| !f.as_os_str().is_empty() && !f.is_dir())
    else {
        return errors;
    };
    errors
        .into_iter()
        .map(|error| {
            let about_output = error.location().is_some_and(|l| l.path == output);
            if about_output && error.help().is_none() {
                error.with_help(format!(
                    "the folder {} does not exist: create it first (mkdir -p {}), or pass -o a file in an existing folder",
                    folder.display(),
                    folder.display()
                ))
            } else {
                error
            }
        })
        .collect()
}

/// The site's and the theme's interface messages that a language translates without a
/// record.
fn unchecked(language: &crate::l10n::LanguageStatus) -> usize {
    language.messages_unchecked + language.theme_messages_unchecked
}

/// The one warning of `check` about interface messages translated without a record of the
/// original's version (their staleness cannot be told); `None` when there are none.
fn unchecked_messages(report: &[crate::l10n::LanguageStatus]) -> Option<String> {
    let languages: Vec<&crate::l10n::LanguageStatus> =
        report.iter().filter(|l| unchecked(l) > 0).collect();
    let count: usize = languages.iter().map(|l| unchecked(l)).sum();
    if count == 0 {
        return None;
    }
    let folders: Vec<String> = languages
        .iter()
        .map(|l| format!("locales/{}/", l.lang))
        .collect();
    Some(format!(
        "{count} interface message{} in {} {} no `# dilmanc-source:` record, so a change of the original cannot be noticed (`dilmanc l10n status` lists them): import them once (`dilmanc l10n export --only all`) or add the record line (docs/translation.md)",
        if count == 1 { "" } else { "s" },
        folders.join(", "),
        if count == 1 { "has" } else { "have" }
    ))
}
