//! The events of a session, in the order they happen: what the driver
//! hands to its [`EventLog`] (the session log implements it, so `run`
//! does not depend on how or where events are kept) and reads back to
//! resume. An ingest's events share the log format.

use serde::{Deserialize, Serialize};
use steer_tools::ToolOutcome;

use super::{Checkpoint, Decision, Limits, Report, Turn};
use crate::ingest::session as ingest;
use crate::model::ModelReply;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Start {
        id: String,
        request: String,
        policy: String,
        limits: Limits,
        model: String,
        data: String,
        created: String,
        /// The earlier turns of the chat this request follows up.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        context: Vec<Turn>,
        /// The language the run speaks (its system prompt asks for it).
        #[serde(default)]
        lang: crate::i18n::Lang,
        /// The chat this request is a turn of (its id): turns are listed
        /// under their chat.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        chat: Option<String>,
    },
    ModelReply {
        reply: ModelReply,
    },
    ToolResult {
        step: String,
        tool: String,
        outcome: Result<ToolOutcome, String>,
        /// The tool failed inside itself (a panic), not over its arguments.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        internal: bool,
    },
    Pause {
        checkpoint: Checkpoint,
        /// When the run paused (RFC 3339, milliseconds): with the
        /// decision's time, how long a person took (`steer sessions
        /// --stats`). Absent in logs from before it was recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
    Decision {
        decision: Decision,
        automatic: bool,
        /// The checkpoint answered, so a replay cannot apply a decision
        /// to another one (absent in logs from before it was recorded).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        checkpoint: Option<u32>,
        /// When it was decided (RFC 3339, milliseconds).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
    Report {
        report: Report,
    },
    /// A limit the driver measures (wall time) was reached here: the run
    /// paused at its card. Logged so that a replay pauses at the same point.
    LimitReached {
        limit: super::LimitKind,
        used: u64,
    },
    /// The user cancelled the work in progress (Ctrl-C in the chat); the
    /// unfinished step left nothing in the log, so a resume redoes it.
    Cancelled {
        what: String,
    },
    /// The first event of an ingest (`steer ingest`, `/ingest`).
    IngestStart(ingest::Started),
    /// One document's proposals, as drafted and checked.
    IngestBatch(ingest::Drafted),
    /// An answer to one proposal.
    IngestDecision(ingest::Decided),
    /// The ingest ended (every proposal answered, or aborted).
    IngestEnd {
        aborted: bool,
    },
}

/// Why an event could not be kept.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LogError(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// Where a run's events are kept. The driver appends events as they
/// happen and commits before the run acts on them (calls a model or a
/// tool, or hands a pause or a report back): every event is durable
/// before anything that follows from it happens, and the events between
/// two such moments (a chunk of tool results; the last reply and the
/// report) cost one write.
pub trait EventLog: Send {
    fn append(&mut self, event: &Event) -> Result<(), LogError>;
    /// Makes every appended event durable (as the log's policy says).
    fn commit(&mut self) -> Result<(), LogError> {
        Ok(())
    }
    /// The file the events are kept in, when there is one.
    fn path(&self) -> Option<&std::path::Path> {
        None
    }
}

/// The time now, as events record it (RFC 3339, UTC, milliseconds).
pub fn now() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}
