//! `steer ingest FILE... --into DIR` and `steer source ID:LINES`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::Value;

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

pub fn ingest(args: IngestArgs, _data: Option<&PathBuf>) -> Result<(), CliError> {
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
                confirm(dir, &mut batch)?;
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
        return Ok(());
    }
    println!(
        "source {} — {} ({} lines)",
        batch.source["id"].as_str().unwrap_or(""),
        batch.source["title"].as_str().unwrap_or(""),
        batch.source["line_count"]
    );
    for p in &batch.proposals {
        let status = match p.status {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Duplicate => "duplicate",
        };
        println!(
            "  {status:<9} {:<9} {:<40} l.{} “{}”{}",
            p.kind.as_str(),
            p.record["id"].as_str().unwrap_or(""),
            p.evidence.lines,
            p.evidence.text,
            p.note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        );
    }
    println!(
        "{} proposals, {} accepted, {} duplicates; {} drafts dropped by the evidence check",
        batch.proposals.len(),
        batch
            .proposals
            .iter()
            .filter(|p| p.status == Status::Accepted)
            .count(),
        batch
            .proposals
            .iter()
            .filter(|p| p.status == Status::Duplicate)
            .count(),
        batch.dropped
    );
    Ok(())
}

/// One card per proposal on the terminal: approve, edit, reject, approve
/// the rest of this kind, abort.
fn confirm(dir: &Path, batch: &mut Batch) -> Result<(), CliError> {
    let term = console::Term::stderr();
    let mut rest_of: Vec<ingest_kind::Kind> = Vec::new();
    let total = batch.proposals.len();
    for i in 0..total {
        if batch.proposals[i].status != Status::Proposed {
            continue;
        }
        if rest_of.contains(&batch.proposals[i].kind) {
            ingest::accept(dir, batch, i);
            continue;
        }
        loop {
            let p = &batch.proposals[i];
            let record = toml_text(&p.record);
            let _ = term.write_line(&format!(
                "── proposal {} of {total} · {} ──\nsource {} l.{}: “{}”\n{record}\n  a approve  s approve the rest of this kind  e edit  r reject  q abort",
                i + 1,
                p.kind.as_str(),
                batch.source["id"].as_str().unwrap_or(""),
                p.evidence.lines,
                p.evidence.text
            ));
            let key = term
                .read_char()
                .map_err(|e| CliError::failure(format!("cannot read the terminal: {e}")))?;
            match key {
                'a' => {
                    ingest::accept(dir, batch, i);
                }
                's' => {
                    rest_of.push(batch.proposals[i].kind);
                    ingest::accept(dir, batch, i);
                }
                'r' => batch.proposals[i].status = Status::Rejected,
                'e' => {
                    if let Err(e) = edit(&mut batch.proposals[i].record) {
                        let _ = term.write_line(&format!("the edit was refused: {e}"));
                        continue;
                    }
                    ingest::accept(dir, batch, i);
                }
                'q' => {
                    return Err(CliError {
                        code: super::ask::EXIT_PAUSED,
                        message: format!(
                            "aborted; the records accepted so far are written, the rest are not ({} of {total})",
                            i
                        ),
                    });
                }
                other => {
                    let _ = term.write_line(&format!("`{other}` is not a choice"));
                    continue;
                }
            }
            if let Some(n) = &batch.proposals[i].note
                && batch.proposals[i].status == Status::Proposed
            {
                let _ = term.write_line(&format!("not written: {n}"));
                continue;
            }
            break;
        }
    }
    Ok(())
}

mod ingest_kind {
    pub type Kind = steer_tools::ingest::RecordType;
}

fn toml_text(record: &Value) -> String {
    ingest::write::appended("", "record", record)
        .unwrap_or_default()
        .replace("[[record]]\n", "")
}

/// The record in `$EDITOR` as TOML; the edited fields replace it.
fn edit(record: &mut Value) -> Result<(), String> {
    let file = tempfile::Builder::new()
        .suffix(".toml")
        .tempfile()
        .map_err(|e| format!("cannot make a file to edit: {e}"))?;
    std::fs::write(file.path(), toml_text(record)).map_err(|e| e.to_string())?;
    crate::terminal::edit::run_editor(file.path())?;
    let text = std::fs::read_to_string(file.path()).map_err(|e| e.to_string())?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| format!("not TOML: {e}"))?;
    *record = serde_json::to_value(table).map_err(|e| e.to_string())?;
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
