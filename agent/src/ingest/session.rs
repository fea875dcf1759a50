//! An ingest as a session: the one loop every front-end answers through
//! (terminal cards, the chat, a session script, `--yes`), the events it
//! logs, and carrying on from a log after a crash.
//!
//! Each answer is logged before it is carried out, so a process stopped
//! between the two is finished on resume: an approved record the dataset
//! already holds (written before the stop) is marked accepted, one it
//! lacks is written then. The log is written through [`Sink`], which the
//! session log implements: this module knows nothing of files of events.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use steer_tools::Dataset;
use steer_tools::ingest::RecordType;

use super::{Batch, Drafter, Status};

/// A person's answer to one proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Answer {
    Approve,
    /// Approve this one and every later proposal of its kind.
    ApproveRest,
    /// Write this record instead (the fields as edited).
    Edit {
        record: Value,
    },
    Reject,
    /// Stop: what was accepted stays written, the rest is not.
    Abort,
}

/// The first event of an ingest's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Started {
    pub id: String,
    /// The dataset directory grown.
    pub into: String,
    /// The documents, in the order they are ingested.
    pub files: Vec<String>,
    /// Who drafted the records (`offline extractor`, or a model's name).
    pub drafter: String,
    /// The documents' language when the user named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub created: String,
}

/// One document's proposals, as drafted and checked (logged before the
/// document is registered, so a resume never drafts it twice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drafted {
    /// Index into [`Started::files`].
    pub file: usize,
    pub batch: Batch,
}

/// One answer, to proposal `proposal` of document `file`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decided {
    pub file: usize,
    pub proposal: usize,
    pub answer: Answer,
    /// Given by `--yes` or "approve the rest", not by the person.
    pub automatic: bool,
}

/// What an ingest logs, in order: one start, then per document its batch
/// and the answers, then the end.
#[derive(Debug, Clone, PartialEq)]
pub enum Logged {
    Start(Started),
    Batch(Drafted),
    Decision(Decided),
    End { aborted: bool },
}

/// Where an ingest's events go (the session log; a `Vec` in tests).
pub trait Sink {
    fn log(&mut self, event: Logged) -> Result<(), String>;
}

impl Sink for Vec<Logged> {
    fn log(&mut self, event: Logged) -> Result<(), String> {
        self.push(event);
        Ok(())
    }
}

/// What asking about a proposal gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The person's answer.
    Person(Answer),
    /// An answer given for the person (`--yes`), logged as automatic.
    Automatic(Answer),
    /// Nobody answers here: the ingest stops at this proposal, with
    /// everything before it written and logged, and resumes from it.
    Pause,
}

/// Whoever answers the proposals.
pub trait Confirm {
    /// The reply to proposal `i` of `batch`.
    fn answer(&mut self, batch: &Batch, i: usize) -> Result<Reply, String>;
    /// Why the last answer could not be carried out (the record would make
    /// the dataset invalid); the same proposal is asked again.
    fn refused(&mut self, note: &str);
    /// Whether a person answers: approvals given so far are written
    /// before each question, so the person sees the dataset as it stands
    /// (automatic approvals are written together).
    fn asks(&self) -> bool {
        true
    }
}

/// `--yes`: every proposal approved, automatically.
#[derive(Debug, Clone, Copy, Default)]
pub struct AcceptAll;

impl Confirm for AcceptAll {
    fn answer(&mut self, _batch: &Batch, _i: usize) -> Result<Reply, String> {
        Ok(Reply::Automatic(Answer::Approve))
    }

    fn refused(&mut self, _note: &str) {}

    fn asks(&self) -> bool {
        false
    }
}

/// How an ingest ended.
#[derive(Debug)]
pub struct Finished {
    pub batches: Vec<Batch>,
    pub aborted: bool,
    /// Stopped, resumable, at a proposal nobody here answered.
    pub paused: Option<Paused>,
}

/// Where a paused ingest waits: proposal `proposal` of document `file`
/// (both from 0; the batch is the last of [`Finished::batches`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paused {
    pub file: usize,
    pub proposal: usize,
}

/// How asking about one document's proposals ended.
enum BatchEnd {
    Done,
    Aborted,
    Paused(usize),
}

/// One ingest into `dir`.
pub struct Ingest<'a> {
    pub dir: &'a Path,
    pub files: &'a [PathBuf],
    pub drafter: &'a dyn Drafter,
    /// The documents' language, when the user named it.
    pub lang: Option<&'a str>,
}

/// The events of a log, read back: the batches drafted, each with the
/// answers given, and whether the ingest ended.
#[derive(Debug, Default)]
pub struct Past {
    batches: Vec<(Drafted, Vec<Decided>)>,
    ended: bool,
}

impl Past {
    /// Groups a log's events (the start excluded) by document; an answer
    /// before its document's batch is refused as a corrupt log.
    pub fn read(events: impl IntoIterator<Item = Logged>) -> Result<Past, String> {
        let mut past = Past::default();
        for e in events {
            match e {
                Logged::Start(_) => {}
                Logged::Batch(d) => past.batches.push((d, Vec::new())),
                Logged::Decision(d) => {
                    match past.batches.iter_mut().find(|(b, _)| b.file == d.file) {
                        Some((_, answers)) => answers.push(d),
                        None => {
                            return Err(format!(
                                "the log answers proposal {} of document {} before drafting it",
                                d.proposal + 1,
                                d.file + 1
                            ));
                        }
                    }
                }
                Logged::End { .. } => past.ended = true,
            }
        }
        Ok(past)
    }
}

/// What carrying out an answer did.
enum Applied {
    Done,
    Aborted,
    /// Not written, and why; the proposal stays proposed.
    Refused(String),
}

/// Runs the ingest from where `past` left it: documents not yet drafted
/// are drafted, logged and registered; logged answers are carried out
/// again (each once); the rest are asked of `confirm` ([`AcceptAll`] for
/// `--yes`), until the end, an abort, or a pause.
pub fn run(
    ingest: &Ingest<'_>,
    past: Past,
    confirm: &mut dyn Confirm,
    sink: &mut dyn Sink,
) -> Result<Finished, String> {
    if past.ended {
        return Err("this ingest has already finished".to_string());
    }
    let mut logged = past.batches.into_iter();
    let mut batches = Vec::new();
    for (k, file) in ingest.files.iter().enumerate() {
        let data = Dataset::load_dir(ingest.dir).map_err(|e| e.to_string())?;
        let mut rest_of: Vec<RecordType> = Vec::new();
        let mut batch = match logged.next() {
            Some((drafted, answers)) => {
                let mut batch = drafted.batch;
                restore(ingest.dir, file, &data, &mut batch)?;
                let mut pending = Pending::default();
                for d in &answers {
                    if d.proposal >= batch.proposals.len() {
                        return Err(format!(
                            "the log answers proposal {} of {}, which has {}",
                            d.proposal + 1,
                            file.display(),
                            batch.proposals.len()
                        ));
                    }
                    if let Answer::ApproveRest = d.answer {
                        rest_of.push(batch.proposals[d.proposal].kind);
                    }
                    if pending.holds(d.proposal) || !approval(&d.answer) {
                        flush(ingest.dir, &mut batch, &mut pending, true);
                    }
                    if approval(&d.answer) {
                        pending.push(d.proposal);
                        continue;
                    }
                    if let Applied::Aborted =
                        apply(ingest.dir, &mut batch, d.proposal, &d.answer, true)
                    {
                        // Stopped after the abort was logged, before the end.
                        batches.push(batch);
                        sink.log(Logged::End { aborted: true })?;
                        return Ok(Finished {
                            batches,
                            aborted: true,
                            paused: None,
                        });
                    }
                }
                flush(ingest.dir, &mut batch, &mut pending, true);
                batch
            }
            None => {
                let mut batch = super::prepare(file, &data, ingest.drafter)?;
                if let (Some(l), None) = (ingest.lang, &batch.already) {
                    batch.source["language"] = serde_json::json!(l);
                }
                sink.log(Logged::Batch(Drafted {
                    file: k,
                    batch: batch.clone(),
                }))?;
                super::register(ingest.dir, &mut batch).map_err(|e| written_error(&e))?;
                batch
            }
        };
        let end = confirm_batch(ingest.dir, k, &mut batch, confirm, &mut rest_of, sink)?;
        batches.push(batch);
        match end {
            BatchEnd::Done => {}
            BatchEnd::Aborted => {
                sink.log(Logged::End { aborted: true })?;
                return Ok(Finished {
                    batches,
                    aborted: true,
                    paused: None,
                });
            }
            BatchEnd::Paused(proposal) => {
                return Ok(Finished {
                    batches,
                    aborted: false,
                    paused: Some(Paused { file: k, proposal }),
                });
            }
        }
    }
    sink.log(Logged::End { aborted: false })?;
    Ok(Finished {
        batches,
        aborted: false,
        paused: None,
    })
}

/// A logged batch made whole again: its text read from the document
/// (which must be the one drafted from), and registered if the process
/// stopped before it was.
fn restore(dir: &Path, file: &Path, data: &Dataset, batch: &mut Batch) -> Result<(), String> {
    if batch.already.is_some() {
        return Ok(());
    }
    let text = steer_tools::input::read_to_string(file, steer_tools::input::InputKind::Document)
        .map_err(|e| {
            crate::tr!(
                crate::i18n::speaking(),
                "ingest-resume-unreadable",
                error = crate::localised::input_error(&e, crate::i18n::speaking())
            )
        })?;
    if batch.source["sha256"].as_str() != Some(super::sha256(&text).as_str()) {
        return Err(crate::tr!(
            crate::i18n::speaking(),
            "ingest-resume-changed",
            path = file.display().to_string()
        ));
    }
    batch.text = text;
    batch.document = file.file_name().map_or("document.txt".to_string(), |n| {
        n.to_string_lossy().to_string()
    });
    let id = batch.source["id"].as_str().unwrap_or_default();
    if data.source(id).is_none() {
        super::register(dir, batch).map_err(|e| written_error(&e))?;
    }
    Ok(())
}

/// Asks about each proposal still proposed, until the end of the
/// document, an abort or a pause. Automatic approvals are written
/// together, before the next question a person answers and at the end,
/// so the person is always asked about the dataset as it stands.
fn confirm_batch(
    dir: &Path,
    k: usize,
    batch: &mut Batch,
    confirm: &mut dyn Confirm,
    rest_of: &mut Vec<RecordType>,
    sink: &mut dyn Sink,
) -> Result<BatchEnd, String> {
    let mut pending = Pending::default();
    for i in 0..batch.proposals.len() {
        while batch.proposals[i].status == Status::Proposed {
            let kind = batch.proposals[i].kind;
            let (answer, automatic) = if rest_of.contains(&kind) {
                (Answer::Approve, true)
            } else {
                if confirm.asks() {
                    flush(dir, batch, &mut pending, false);
                }
                match confirm.answer(batch, i)? {
                    Reply::Person(answer) => (answer, false),
                    Reply::Automatic(answer) => (answer, true),
                    Reply::Pause => {
                        flush(dir, batch, &mut pending, false);
                        return Ok(BatchEnd::Paused(i));
                    }
                }
            };
            sink.log(Logged::Decision(Decided {
                file: k,
                proposal: i,
                answer: answer.clone(),
                automatic,
            }))?;
            if answer == Answer::ApproveRest {
                rest_of.push(kind);
            }
            if automatic {
                // Nobody to ask again if it is refused: it stays proposed,
                // with why.
                pending.push(i);
                break;
            }
            match apply(dir, batch, i, &answer, false) {
                Applied::Done => {}
                Applied::Aborted => return Ok(BatchEnd::Aborted),
                Applied::Refused(note) => confirm.refused(&note),
            }
        }
    }
    flush(dir, batch, &mut pending, false);
    Ok(BatchEnd::Done)
}

/// Approvals logged and not yet written, in the order given.
#[derive(Default)]
struct Pending {
    order: Vec<usize>,
    set: std::collections::HashSet<usize>,
}

impl Pending {
    fn push(&mut self, proposal: usize) {
        if self.set.insert(proposal) {
            self.order.push(proposal);
        }
    }

    fn holds(&self, proposal: usize) -> bool {
        self.set.contains(&proposal)
    }
}

fn approval(answer: &Answer) -> bool {
    matches!(answer, Answer::Approve | Answer::ApproveRest)
}

/// Writes the pending approvals as one run (see [`super::write::add_all`]):
/// each is accepted, or stays proposed with why it was refused. On a
/// resume (`replaying`) a record the dataset already holds was written
/// before the stop and is only marked accepted.
fn flush(dir: &Path, batch: &mut Batch, pending: &mut Pending, replaying: bool) {
    let run = std::mem::take(pending).order;
    let mut held = replaying.then(|| super::write::Held::new(dir));
    let mut written = Vec::new();
    let mut appends = Vec::new();
    for i in run {
        let p = &mut batch.proposals[i];
        if held.as_mut().is_some_and(|h| h.holds(p.kind, &p.record)) {
            accept(p, None);
            continue;
        }
        let (file, table) = p.kind.file();
        appends.push(super::write::Append {
            file,
            table,
            record: p.record.clone(),
        });
        written.push(i);
    }
    if appends.is_empty() {
        return;
    }
    let outcomes: Vec<Option<String>> = match super::write::add_all(dir, &appends) {
        Ok(refused) => refused
            .into_iter()
            .map(|r| r.map(|e| written_error(&e)))
            .collect(),
        Err(e) => vec![Some(written_error(&e)); written.len()],
    };
    for (i, refused) in written.into_iter().zip(outcomes) {
        let p = &mut batch.proposals[i];
        match refused {
            None => accept(p, None),
            Some(note) => p.note = Some(note),
        }
    }
}

/// Why a write was refused, in the language steer speaks (a proposal's
/// note is read by the person reviewing it).
fn written_error(e: &super::write::WriteError) -> String {
    crate::localised::write_error(e, crate::i18n::speaking())
}

fn accept(p: &mut super::Proposal, record: Option<Value>) {
    if let Some(record) = record {
        p.record = record;
    }
    p.status = Status::Accepted;
    p.note = None;
}

/// Carries out `answer` on proposal `i` at once (a person's answer, or an
/// edit or rejection on a resume). On a resume (`replaying`) a record the
/// dataset already holds was written before the stop: it is marked
/// accepted, not written twice. An edit replaces the proposal only once
/// it is written: a refused edit leaves it as it was.
fn apply(dir: &Path, batch: &mut Batch, i: usize, answer: &Answer, replaying: bool) -> Applied {
    let p = &mut batch.proposals[i];
    let record = match answer {
        Answer::Abort => return Applied::Aborted,
        Answer::Reject => {
            p.status = Status::Rejected;
            return Applied::Done;
        }
        Answer::Edit { record } => record.clone(),
        Answer::Approve | Answer::ApproveRest => p.record.clone(),
    };
    let written = if replaying && super::write::Held::new(dir).holds(p.kind, &record) {
        Ok(())
    } else {
        let (file, table) = p.kind.file();
        super::write::add(dir, file, table, &record)
    };
    match written {
        Ok(()) => {
            accept(p, Some(record));
            Applied::Done
        }
        Err(note) => {
            let note = note.to_string();
            p.note = Some(note.clone());
            Applied::Refused(note)
        }
    }
}
