//! `steer show`: a session read back, for the terminal, as Markdown, JSON
//! or one self-contained HTML file.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::CliError;
use crate::service;
use crate::show::{Shown, html};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rendered for the terminal (plain when piped or NO_COLOR).
    Terminal,
    /// Markdown, as a file to keep.
    Md,
    /// One self-contained page: inline style and charts, citations linked
    /// to an appendix.
    Html,
    /// The request, report, claims, checkpoints and charts as data.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Session id (or a unique part of it), as `steer sessions` lists it.
    #[arg(required_unless_present = "last")]
    pub id: Option<String>,
    /// The most recent research session.
    #[arg(long, conflicts_with = "id")]
    pub last: bool,
    /// How to write it (default: terminal on a terminal, else md).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A folder holding the source documents by file name: the HTML
    /// appendix quotes the cited lines (otherwise it gives the dataset's
    /// paraphrase, marked as one).
    #[arg(long, value_name = "DIR")]
    pub documents: Option<PathBuf>,
}

/// The id an `ID | --last` pair names.
pub fn chosen_id(
    id: Option<&str>,
    last: bool,
    options: &service::SessionOptions,
    kind: Option<&str>,
) -> Result<String, CliError> {
    match (id, last) {
        (Some(id), false) => Ok(id.to_string()),
        (None, true) => Ok(service::last_session(options, kind)?),
        _ => Err(CliError::usage(crate::tr!(
            crate::i18n::speaking(),
            "cli-id-or-last"
        ))),
    }
}

pub fn show(
    args: ShowArgs,
    data: Option<&PathBuf>,
    options: &service::SessionOptions,
) -> Result<(), CliError> {
    let id = chosen_id(args.id.as_deref(), args.last, options, Some("research"))?;
    let data = service::Data::new(data);
    let (id, events) = service::SessionService::new(options.clone(), data.clone(), 0).read(&id)?;
    let toolbox = data.toolbox()?;
    let shown = Shown::of(&id, &events, &toolbox).map_err(|e| CliError::usage(e.to_string()))?;
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if to_terminal {
        Format::Terminal
    } else {
        Format::Md
    });
    let text = match format {
        Format::Terminal => {
            let mut md = crate::terminal::Markdown::new(
                args.output.is_none() && crate::terminal::styled(&std::io::stdout()),
            );
            let mut out = md.push(&shown.markdown());
            out.push_str(&md.finish());
            out
        }
        Format::Md => shown.markdown(),
        Format::Json => super::json_text(&shown)?,
        Format::Html => {
            let dataset = data.dataset()?;
            html::page(
                &shown,
                &dataset,
                html::Documents {
                    dataset_dir: data.dir().map(PathBuf::as_path),
                    folder: args.documents.as_deref(),
                },
            )
        }
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text.as_bytes()).map_err(|e| {
                let lang = crate::i18n::speaking();
                CliError::failure(crate::tr!(
                    lang,
                    "io-cannot-write",
                    path = path.display().to_string(),
                    why = crate::localised::io_reason(&e, lang)
                ))
            })?;
            eprintln!("session {id} written to {}", path.display());
        }
        None => print!(
            "{}",
            if text.ends_with('\n') {
                text
            } else {
                text + "\n"
            }
        ),
    }
    Ok(())
}
