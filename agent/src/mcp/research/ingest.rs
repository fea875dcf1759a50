//! An ingest as MCP tools, on the same session engine as a research run:
//! `ingest` drafts records from documents and stops at the first one for
//! the user to judge; `ingest_resume` carries the user's answer (accept,
//! accept the rest of its kind, edit, skip, stop) and goes on to the next.
//! The session is stored like any other and resumes from any process.
//!
//! Served over stdio only: the documents are read, and the dataset
//! written, on the machine the server runs on, which is the user's own
//! for a stdio server and not for a shared HTTP one.

use std::path::PathBuf;

use rmcp::model::{CallToolResult, ContentBlock, Tool};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Research, annotations, description, error, schema};
use crate::ingest::session::{Answer, Ingest, Past};
use crate::service::{self, FirstThen, IngestEnded, Nobody, Resumable, ServiceError};

pub const INGEST: &str = "ingest";
pub const INGEST_RESUME: &str = "ingest_resume";

/// Drafts dataset records (deals, figures, statements, entities) from
/// documents on this machine, each with the lines that support it, and
/// stops at the first for your user to accept, edit or skip: show them
/// the record and its evidence, then call ingest_resume with their answer.
/// Never answer for them. Nothing is written to the dataset without an
/// answer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestArgs {
    /// Paths of UTF-8 text or Markdown documents (English or Japanese).
    pub files: Vec<String>,
    /// The dataset directory to grow; made as a copy of the built-in
    /// dataset when it does not exist.
    pub into: String,
    /// The documents' language, en or ja (default: read from their script).
    pub lang: Option<String>,
}

/// Answers the drafted record an ingest is paused at, with your user's
/// answer (never answer for them), and goes on to the next record (or the
/// end).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestResumeArgs {
    /// The session id from the paused result.
    pub session: String,
    pub answer: IngestAnswer,
    /// For `edit`: the record as the user changed it (every field).
    pub record: Option<Value>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IngestAnswer {
    /// Write the record as drafted.
    Approve,
    /// Write it, and every later record of its kind.
    ApproveRest,
    /// Write `record` instead.
    Edit,
    /// Skip it.
    Reject,
    /// Stop: what was written stays, nothing more is.
    Abort,
}

fn to_answer(answer: IngestAnswer, record: Option<Value>) -> Result<Answer, String> {
    Ok(match (answer, record) {
        (IngestAnswer::Edit, Some(record)) if record.is_object() => Answer::Edit { record },
        (IngestAnswer::Edit, _) => {
            return Err("`edit` needs `record`: the record as the user changed it".into());
        }
        (_, Some(_)) => return Err("`record` goes with `edit` only".into()),
        (IngestAnswer::Approve, None) => Answer::Approve,
        (IngestAnswer::ApproveRest, None) => Answer::ApproveRest,
        (IngestAnswer::Reject, None) => Answer::Reject,
        (IngestAnswer::Abort, None) => Answer::Abort,
    })
}

pub fn tools() -> Vec<Tool> {
    vec![
        Tool::new(INGEST, description::<IngestArgs>(), schema::<IngestArgs>())
            .with_title("Ingest documents (each record confirmed)")
            .with_annotations(annotations("Ingest documents (each record confirmed)")),
        Tool::new(
            INGEST_RESUME,
            description::<IngestResumeArgs>(),
            schema::<IngestResumeArgs>(),
        )
        .with_title("Answer a drafted record")
        .with_annotations(annotations("Answer a drafted record")),
    ]
}

impl Research {
    /// `ingest`: starts an ingest session and drives it to its first
    /// drafted record. Blocking (it drafts and writes files).
    pub fn ingest(&self, args: IngestArgs) -> CallToolResult {
        let service = self.service(None);
        let files: Vec<PathBuf> = args.files.iter().map(PathBuf::from).collect();
        if files.is_empty() {
            return error("`files` is empty: name at least one document");
        }
        let lang = match args.lang.as_deref() {
            None => None,
            Some(l @ ("en" | "ja")) => Some(l),
            Some(other) => {
                return error(format!(
                    "`lang` {other:?}: a document's language is en or ja"
                ));
            }
        };
        let dir = PathBuf::from(&args.into);
        let run = || -> Result<(String, IngestEnded), ServiceError> {
            crate::ingest::write::ensure(&dir).map_err(|e| ServiceError::failure(e.to_string()))?;
            let drafter = service::drafter(
                service.options(),
                service::DEFAULT_TIMEOUT_SECS,
                tokio::runtime::Handle::current(),
            )?;
            let (id, mut log) =
                service::start_ingest(service.options(), &dir, &files, &drafter.name(), lang)?;
            let job = Ingest {
                dir: &dir,
                files: &files,
                drafter: drafter.as_ref(),
                lang,
            };
            let ended = service::drive_ingest(&job, Past::default(), &mut Nobody, &mut log)?;
            Ok((id, ended))
        };
        match run() {
            Ok((id, ended)) => result(&id, &files, &ended),
            Err(e) => error(e.to_string()),
        }
    }

    /// `ingest_resume`: the user's answer to the record the ingest waits
    /// at, then on to the next one. Blocking.
    pub fn ingest_resume(&self, args: IngestResumeArgs) -> CallToolResult {
        let answer = match to_answer(args.answer, args.record) {
            Ok(a) => a,
            Err(e) => return error(e),
        };
        let service = self.service(None);
        let run = || -> Result<(String, Vec<PathBuf>, IngestEnded), ServiceError> {
            let mut opened = match service.open(&args.session)? {
                Resumable::Ingest(opened) => opened,
                Resumable::Run(run) => {
                    return Err(ServiceError::usage(format!(
                        "session {} is a research run: answer it with research_resume",
                        run.id
                    )));
                }
            };
            let started = opened.started.clone();
            let files: Vec<PathBuf> = started.files.iter().map(PathBuf::from).collect();
            let dir = PathBuf::from(&started.into);
            let drafter = service::drafter(
                service.options(),
                service::DEFAULT_TIMEOUT_SECS,
                tokio::runtime::Handle::current(),
            )?;
            let past = std::mem::take(&mut opened.past);
            let (mut log, _) = opened.reopen()?;
            let job = Ingest {
                dir: &dir,
                files: &files,
                drafter: drafter.as_ref(),
                lang: started.lang.as_deref(),
            };
            let mut decide = FirstThen::proposal(answer, Nobody);
            let ended = service::drive_ingest(&job, past, &mut decide, &mut log)?;
            Ok((started.id, files, ended))
        };
        match run() {
            Ok((id, files, ended)) => result(&id, &files, &ended),
            Err(e) => error(e.to_string()),
        }
    }
}

/// The record the ingest waits at, or how it ended; in words and as
/// structured content.
fn result(id: &str, files: &[PathBuf], ended: &IngestEnded) -> CallToolResult {
    let finished = &ended.finished;
    let documents: Vec<Value> = finished
        .batches
        .iter()
        .zip(files)
        .map(|(b, f)| {
            let count =
                |s: crate::ingest::Status| b.proposals.iter().filter(|p| p.status == s).count();
            json!({
                "file": f.display().to_string(),
                "source": b.source["id"],
                "accepted": count(crate::ingest::Status::Accepted),
                "rejected": count(crate::ingest::Status::Rejected),
                "proposed": count(crate::ingest::Status::Proposed),
                "dropped": b.dropped,
                "already": b.already,
                "not_drafted": b.not_drafted,
            })
        })
        .collect();
    let paused = finished.paused.and_then(|at| {
        let batch = finished.batches.get(at.file)?;
        let p = batch.proposals.get(at.proposal)?;
        Some((at, batch, p))
    });
    let Some((at, batch, p)) = paused else {
        let status = if finished.aborted { "aborted" } else { "done" };
        let text: String = finished
            .batches
            .iter()
            .map(crate::ingest::summary)
            .collect();
        let mut out = CallToolResult::structured(json!({
            "status": status, "session": id, "documents": documents,
        }));
        out.content = vec![ContentBlock::text(format!("ingest {id} {status}.\n{text}"))];
        return out;
    };
    let document = files.get(at.file).map(|f| f.display().to_string());
    let mark = match p.confidence {
        crate::ingest::Confidence::Low => format!(" · low confidence: {}", p.reason),
        crate::ingest::Confidence::High => String::new(),
    };
    let card = format!(
        "record {} of {} in {} · {}{mark}\nsource {} l.{}: “{}”\n{}",
        at.proposal + 1,
        batch.proposals.len(),
        document.as_deref().unwrap_or("?"),
        p.kind.as_str(),
        batch.source["id"].as_str().unwrap_or(""),
        p.evidence.lines,
        p.evidence.text,
        serde_json::to_string_pretty(&p.record).unwrap_or_default()
    );
    let mut text = Vec::new();
    if let Some(note) = &ended.refused {
        text.push(ContentBlock::text(format!(
            "steer: the last answer was not written: {note}"
        )));
    }
    text.push(ContentBlock::text(card.clone()));
    text.push(ContentBlock::text(format!(
        "steer drafted this record from the document and waits for your user to judge it. Show them the record and its evidence; then call ingest_resume with session \"{id}\" and their answer (approve, approve_rest, edit with the changed record, reject, abort). Do not answer it yourself."
    )));
    let mut out = CallToolResult::structured(json!({
        "status": "paused",
        "session": id,
        "document": document,
        "record_number": at.proposal + 1,
        "of": batch.proposals.len(),
        "type": p.kind.as_str(),
        "record": p.record,
        "evidence": p.evidence,
        "confidence": p.confidence,
        "reason": p.reason,
        "note": ended.refused.as_ref().or(p.note.as_ref()),
        "answers": ["approve", "approve_rest", "edit", "reject", "abort"],
        "documents": documents,
        "card": card,
    }));
    out.content = text;
    out
}
