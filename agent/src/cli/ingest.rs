//! `steer ingest FILE... --into DIR` and `steer source ID:LINES`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::CliError;
use crate::ingest::{self, Batch, Status};

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
pub fn ingest(args: IngestArgs, lang: Option<&str>) -> Result<(), CliError> {
    let lang = match lang {
        None | Some("auto") => None,
        Some(l @ ("en" | "ja")) => Some(l),
        Some(other) => {
            return Err(CliError::usage(format!(
                "--lang {other:?}: a document's language is en or ja"
            )));
        }
    };
    let dir = &args.into;
    let exists = dir.join("sources.toml").exists();
    let data = if exists {
        steer_tools::Dataset::load_dir(dir).map_err(|e| CliError::failure(e.to_string()))?
    } else if args.dry_run {
        steer_tools::Dataset::builtin().map_err(|e| CliError::failure(e.to_string()))?
    } else {
        ingest::write::ensure(dir).map_err(CliError::usage)?;
        eprintln!(
            "steer: created {} as a copy of the built-in dataset",
            dir.display()
        );
        steer_tools::Dataset::load_dir(dir).map_err(|e| CliError::failure(e.to_string()))?
    };
    let mut data = data;
    let interactive = !args.yes
        && !args.dry_run
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal();
    for file in &args.files {
        let mut batch = ingest::prepare(file, &data).map_err(CliError::usage)?;
        if let (Some(l), None) = (lang, &batch.already) {
            batch.source["language"] = serde_json::json!(l);
        }
        if let Some(why) = &batch.already {
            eprintln!("steer: {why}");
        } else if !args.dry_run {
            if !args.yes && !interactive {
                print(&batch, args.json)?;
                return Err(CliError {
                    code: super::ask::EXIT_PAUSED,
                    message: format!(
                        "nothing written: {} proposals from {} need a person to confirm them (on a terminal), or --yes to accept them all, or --dry-run to only list them",
                        batch
                            .proposals
                            .iter()
                            .filter(|p| p.status == Status::Proposed)
                            .count(),
                        file.display()
                    ),
                });
            }
            ingest::register(dir, &mut batch).map_err(CliError::failure)?;
            if interactive {
                if !crate::terminal::ingest::confirm(dir, &mut batch).map_err(CliError::failure)? {
                    print(&batch, args.json)?;
                    return Err(CliError {
                        code: super::ask::EXIT_PAUSED,
                        message:
                            "aborted: the records accepted so far are written, the rest are not"
                                .to_string(),
                    });
                }
            } else {
                for i in 0..batch.proposals.len() {
                    if batch.proposals[i].status == Status::Proposed {
                        ingest::accept(dir, &mut batch, i);
                    }
                }
            }
            data = steer_tools::Dataset::load_dir(dir)
                .map_err(|e| CliError::failure(e.to_string()))?;
        }
        print(&batch, args.json)?;
    }
    Ok(())
}

fn print(batch: &Batch, json: bool) -> Result<(), CliError> {
    if json {
        let text = serde_json::to_string_pretty(batch)
            .map_err(|e| CliError::failure(format!("cannot write the proposals: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", ingest::summary(batch));
    }
    Ok(())
}

/// `steer source 001:75-77`: the cited lines.
pub fn source(args: SourceArgs, data: Option<&PathBuf>) -> Result<(), CliError> {
    let dataset = crate::service::dataset(data)?;
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
