//! `steer ingest FILE... --into DIR` and `steer source ID:LINES`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::CliError;
use crate::ingest::session::{self, Ingest, Past};
use crate::ingest::{self, Batch};
use crate::service;
use crate::tr;

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// UTF-8 text or Markdown documents (Japanese or English).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The dataset directory to grow; created as a copy of the built-in
    /// dataset when it does not exist (it may be the one `--data` names).
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// Accept every proposal (duplicates excepted).
    #[arg(long)]
    pub yes: bool,
    /// Propose only: write nothing, not even the source.
    #[arg(long)]
    pub dry_run: bool,
    /// Print one JSON object per document: its source entry, the
    /// proposals with their evidence and status, and how many drafts the
    /// evidence check dropped.
    #[arg(long)]
    pub json: bool,
    /// Seconds before a model request times out (when a model drafts).
    #[arg(long, default_value_t = crate::service::DEFAULT_TIMEOUT_SECS)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// A citation as the dataset writes it: `001:75-77` (or `001 l.75-77`).
    pub citation: String,
    /// A folder holding the source documents by file name (for sources
    /// whose documents the dataset does not ship).
    #[arg(long, value_name = "DIR")]
    pub documents: Option<PathBuf>,
}

/// `lang` (the global `--lang`), when `en` or `ja`, is the documents'
/// language as registered; otherwise it is read from their script.
pub fn ingest(args: IngestArgs, options: &crate::service::SessionOptions) -> Result<(), CliError> {
    let lang = document_lang(options.lang.as_deref())?;
    let dir = &args.into;
    let rt = service::runtime()?;
    let drafter = service::drafter(options, args.timeout, rt.handle().clone())?;
    let exists = dir.join("sources.toml").exists();
    if args.dry_run || !exists && !args.yes && !interactive() {
        // Propose only: against the directory's dataset, or the built-in
        // one it would start from.
        let data = if exists {
            steer_tools::Dataset::load_dir(dir)?
        } else {
            steer_tools::Dataset::builtin()?
        };
        for file in &args.files {
            let mut batch =
                ingest::prepare(file, &data, drafter.as_ref()).map_err(CliError::usage)?;
            if let (Some(l), None) = (lang, &batch.already) {
                batch.source["language"] = serde_json::json!(l);
            }
            if let Some(why) = &batch.already {
                eprintln!("steer: {why}");
            }
            print(&batch, args.json)?;
        }
        if args.dry_run {
            return Ok(());
        }
        return Err(nobody_to_confirm());
    }
    if !args.yes && !interactive() {
        for file in &args.files {
            let data = steer_tools::Dataset::load_dir(dir)?;
            print(
                &ingest::prepare(file, &data, drafter.as_ref()).map_err(CliError::usage)?,
                args.json,
            )?;
        }
        return Err(nobody_to_confirm());
    }
    if ingest::write::ensure(dir)? {
        eprintln!(
            "steer: created {} as a copy of the built-in dataset",
            dir.display()
        );
    }
    let (id, mut log) = service::start_ingest(options, dir, &args.files, &drafter.name(), lang)?;
    let job = Ingest {
        dir,
        files: &args.files,
        drafter: drafter.as_ref(),
        lang,
    };
    let mut decide = deciding(args.yes);
    let ended =
        service::drive_ingest(&job, Past::default(), decide.as_mut(), &mut log).map_err(|e| {
            CliError::failure(tr!(
                crate::i18n::speaking(),
                "cli-ingest-interrupted",
                error = e.to_string(),
                id = id.as_str()
            ))
        })?;
    report(&ended.finished, args.json, &id)
}

/// Who answers the drafted records: `--yes`, or the person at the
/// terminal, card by card.
fn deciding(yes: bool) -> Box<dyn service::Decide> {
    match yes {
        true => Box::new(service::Automatic),
        false => Box::new(crate::terminal::Terminal::new(
            console::Term::stderr(),
            false,
        )),
    }
}

/// `steer resume ID` of an ingest: the logged answers carried out again
/// (each once), the rest asked on the terminal, or accepted with `--yes`.
pub fn resume(
    opened: service::OpenedIngest,
    options: &crate::service::SessionOptions,
    yes: bool,
    json: bool,
    timeout: u64,
) -> Result<(), CliError> {
    if !yes && !interactive() {
        return Err(CliError {
            code: super::EXIT_PAUSED,
            message: format!(
                "ingest {} waits for a person to confirm its proposals: resume it on a terminal, or with --yes to accept the rest",
                opened.started.id
            ),
        });
    }
    let started = opened.started.clone();
    let files: Vec<PathBuf> = started.files.iter().map(PathBuf::from).collect();
    let dir = PathBuf::from(&started.into);
    let rt = service::runtime()?;
    let drafter = service::drafter(options, timeout, rt.handle().clone())?;
    let mut opened = opened;
    let past = std::mem::take(&mut opened.past);
    let (mut log, repaired) = opened.reopen()?;
    if let Some(note) = repaired {
        eprintln!("steer: {note}");
    }
    let job = Ingest {
        dir: &dir,
        files: &files,
        drafter: drafter.as_ref(),
        lang: started.lang.as_deref(),
    };
    let mut decide = deciding(yes);
    let ended = service::drive_ingest(&job, past, decide.as_mut(), &mut log)?;
    report(&ended.finished, json, &started.id)
}

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn document_lang(lang: Option<&str>) -> Result<Option<&str>, CliError> {
    match lang {
        None | Some("auto") => Ok(None),
        Some(l @ ("en" | "ja")) => Ok(Some(l)),
        Some(other) => Err(CliError::usage(tr!(
            crate::i18n::speaking(),
            "cli-document-lang",
            lang = other
        ))),
    }
}

fn nobody_to_confirm() -> CliError {
    CliError {
        code: super::EXIT_PAUSED,
        message: "nothing written: the proposals need a person to confirm them (on a terminal), or --yes to accept them all, or --dry-run to only list them".to_string(),
    }
}

/// Each document's batch, then how the ingest ended.
fn report(finished: &session::Finished, json: bool, id: &str) -> Result<(), CliError> {
    for batch in &finished.batches {
        if let Some(why) = &batch.already {
            eprintln!("steer: {why}");
        }
        print(batch, json)?;
    }
    if let Some(at) = finished.paused {
        return Err(CliError {
            code: super::EXIT_PAUSED,
            message: format!(
                "ingest {id} waits at proposal {} of document {}: `steer resume {id}` carries on",
                at.proposal + 1,
                at.file + 1
            ),
        });
    }
    if finished.aborted {
        return Err(CliError {
            code: super::EXIT_PAUSED,
            message: "aborted: the records accepted so far are written, the rest are not"
                .to_string(),
        });
    }
    Ok(())
}

fn print(batch: &Batch, json: bool) -> Result<(), CliError> {
    if json {
        println!("{}", super::json_text(batch)?);
    } else {
        print!("{}", ingest::summary(batch));
    }
    Ok(())
}

/// `steer source 001:75-77`: the cited lines.
pub fn source(args: SourceArgs, data: Option<&PathBuf>) -> Result<(), CliError> {
    let dataset = crate::service::Data::new(data).dataset()?;
    let text = ingest::cited_lines(
        &dataset,
        data.map(PathBuf::as_path),
        args.documents.as_deref(),
        &args.citation,
    )
    .map_err(CliError::usage)?;
    print!("{text}");
    Ok(())
}
