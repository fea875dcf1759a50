//! Ingest session scripts (`fixtures/sessions/ingest/*.toml`): documents,
//! the person's answers card by card, and what must come out. Replaying
//! one runs the real ingest loop into a fresh copy of the built-in
//! dataset and reports the first place it diverges.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::session::{self, Answer, Confirm, Ingest, Logged, Past, Reply};
use super::{Batch, Status};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestScript {
    /// The documents, relative to the script.
    pub ingest: Vec<PathBuf>,
    /// The documents' language, when named (en or ja).
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default, rename = "answer")]
    pub answers: Vec<ScriptAnswer>,
    pub expect: IngestExpect,
}

/// One answer of the person, in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptAnswer {
    pub action: Action,
    /// The record id the card must show.
    #[serde(default)]
    pub id: Option<String>,
    /// For edit: the fields the person changes.
    #[serde(default)]
    pub set: Option<toml::Table>,
}

/// What a scripted answer does (a typo is refused when the script is read,
/// naming the actions there are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Approve,
    ApproveRest,
    Edit,
    Reject,
    Abort,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestExpect {
    #[serde(default)]
    pub aborted: bool,
    /// Record ids written (the dataset must hold them as accepted).
    #[serde(default)]
    pub accepted: Vec<String>,
    /// Record ids rejected (the dataset must not hold them).
    #[serde(default)]
    pub rejected: Vec<String>,
    /// Record ids never answered (left out by an abort).
    #[serde(default)]
    pub unanswered: Vec<String>,
    /// Fields of written records: `{ "record-id" = { field = value } }`.
    #[serde(default)]
    pub fields: toml::Table,
    /// How many answers were refused (an edit the dataset cannot take).
    #[serde(default)]
    pub refused: usize,
}

/// What a replay produced.
#[derive(Debug)]
pub struct Replayed {
    pub finished: session::Finished,
    pub log: Vec<Logged>,
    pub refused: Vec<String>,
}

/// Reads a script; its documents are made relative to it.
pub fn load(path: &Path) -> Result<IngestScript, String> {
    let text = steer_tools::input::read_to_string(path, steer_tools::input::InputKind::Script)
        .map_err(|e| e.to_string())?;
    let mut script: IngestScript =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    script.ingest = script.ingest.iter().map(|f| dir.join(f)).collect();
    Ok(script)
}

/// Whether the TOML file at `path` is an ingest script (it names
/// documents to ingest) rather than a research session script.
pub fn is_ingest_script(path: &Path) -> bool {
    steer_tools::input::read_to_string(path, steer_tools::input::InputKind::Script)
        .ok()
        .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
        .is_some_and(|t| t.contains_key("ingest"))
}

/// Replays `script` into `dir` (a fresh copy of the built-in dataset is
/// made there) with the offline extractor.
pub fn replay(script: &IngestScript, dir: &Path) -> Result<Replayed, String> {
    super::write::ensure(dir).map_err(|e| e.to_string())?;
    let mut answers = Answers {
        queue: script.answers.iter().enumerate().collect(),
        refused: Vec::new(),
    };
    let mut log: Vec<Logged> = Vec::new();
    let job = Ingest {
        dir,
        files: &script.ingest,
        drafter: &super::Offline,
        lang: script.lang.as_deref(),
    };
    let finished = session::run(&job, Past::default(), &mut answers, &mut log)?;
    if let Some((n, _)) = answers.queue.front() {
        return Err(format!("the ingest ended with answer {} unused", n + 1));
    }
    check(&script.expect, &finished, dir, &answers.refused)?;
    Ok(Replayed {
        finished,
        log,
        refused: answers.refused,
    })
}

struct Answers<'a> {
    queue: VecDeque<(usize, &'a ScriptAnswer)>,
    refused: Vec<String>,
}

impl Confirm for Answers<'_> {
    fn answer(&mut self, batch: &Batch, i: usize) -> Result<Reply, String> {
        let p = &batch.proposals[i];
        let shown = p.record["id"].as_str().unwrap_or_default();
        let Some((n, a)) = self.queue.pop_front() else {
            return Err(format!(
                "proposal {} ({} {shown}) has no answer left in the script",
                i + 1,
                p.kind.as_str()
            ));
        };
        let n = n + 1;
        if let Some(id) = &a.id
            && id != shown
        {
            return Err(format!(
                "answer {n} expects the card of {id}; the card shows {} {shown}",
                p.kind.as_str()
            ));
        }
        Ok(Reply::Person(match a.action {
            Action::Approve => Answer::Approve,
            Action::ApproveRest => Answer::ApproveRest,
            Action::Reject => Answer::Reject,
            Action::Abort => Answer::Abort,
            Action::Edit => {
                let Some(set) = &a.set else {
                    return Err(format!(
                        "answer {n}: `edit` needs `set`, the fields changed"
                    ));
                };
                let mut record = p.record.clone();
                for (k, v) in set {
                    record[k.as_str()] = serde_json::to_value(v).map_err(|e| e.to_string())?;
                }
                Answer::Edit { record }
            }
        }))
    }

    fn refused(&mut self, note: &str) {
        self.refused.push(note.to_string());
    }
}

fn check(
    expect: &IngestExpect,
    finished: &session::Finished,
    dir: &Path,
    refused: &[String],
) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut dataset = super::write::Held::new(dir);
    let proposals: Vec<&super::Proposal> =
        finished.batches.iter().flat_map(|b| &b.proposals).collect();
    let find = |id: &str| proposals.iter().find(|p| p.record["id"] == id);
    let ids = || {
        proposals
            .iter()
            .map(|p| format!("{} ({:?})", p.record["id"], p.status))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (ids_expected, status) in [
        (&expect.accepted, Status::Accepted),
        (&expect.rejected, Status::Rejected),
        (&expect.unanswered, Status::Proposed),
    ] {
        for id in ids_expected {
            match find(id) {
                Some(p) if p.status == status => {
                    let held = dataset.holds(p.kind, &p.record);
                    if held != (status == Status::Accepted) {
                        problems.push(format!(
                            "{id} is {status:?}, but the dataset {} it",
                            if held { "holds" } else { "lacks" }
                        ));
                    }
                }
                Some(p) => problems.push(format!("{id} is {:?}, expected {status:?}", p.status)),
                None => problems.push(format!("no proposal {id}; proposals: {}", ids())),
            }
        }
    }
    for (id, fields) in &expect.fields {
        let Some(p) = find(id) else {
            problems.push(format!("no proposal {id}; proposals: {}", ids()));
            continue;
        };
        for (k, v) in fields.as_table().into_iter().flatten() {
            let want: Value = serde_json::to_value(v).unwrap_or(Value::Null);
            let have = &p.record[k.as_str()];
            let same = have == &want || (have.as_f64().is_some() && have.as_f64() == want.as_f64());
            if !same {
                problems.push(format!("{id}.{k} is {have}, expected {want}"));
            }
        }
    }
    if expect.aborted != finished.aborted {
        problems.push(format!(
            "expected aborted = {}, got {}",
            expect.aborted, finished.aborted
        ));
    }
    if expect.refused != refused.len() {
        problems.push(format!(
            "expected {} refused answer(s), got {}: {refused:?}",
            expect.refused,
            refused.len()
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
