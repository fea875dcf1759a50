//! Session logs: one JSONL file per run, one event per line, flushed per
//! event and schema-versioned. A log is enough to rebuild a run: replaying
//! its recorded model replies, tool results and decisions through the
//! state machine lands in the same state without calling anything again.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use steer_tools::ToolOutcome;

use crate::model::ModelReply;
use crate::run::{Checkpoint, Decision, Limits, Report, Turn};

/// The log format this steer writes and reads.
pub const SCHEMA: u32 = 1;

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
    },
    Decision {
        decision: Decision,
        automatic: bool,
        /// The checkpoint answered, so a replay cannot apply a decision
        /// to another one (absent in logs from before it was recorded).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        checkpoint: Option<u32>,
    },
    Report {
        report: Report,
    },
    /// The user cancelled the work in progress (Ctrl-C in the chat); the
    /// unfinished step left nothing in the log, so a resume redoes it.
    Cancelled {
        what: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub schema: u32,
    pub seq: u64,
    #[serde(flatten)]
    pub event: Event,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("session `{0}` not found in {1}")]
    NotFound(String, String),
    #[error("{path}:{line}: {message}")]
    Corrupt {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Io(String),
}

/// The directory sessions live in: `--session-dir`, else the XDG data dir.
pub fn default_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("steer")
        .join("sessions")
}

/// A new id: the UTC time and a short suffix that tells apart sessions
/// started in the same second.
pub fn new_id() -> String {
    let now = SystemTime::now();
    let stamp = humantime::format_rfc3339_seconds(now).to_string();
    let compact: String = stamp
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let nanos = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let salt = (u64::from(nanos) ^ (u64::from(std::process::id()) << 20)) % 0xffff;
    format!(
        "{}-{}-{salt:04x}",
        &compact[..8.min(compact.len())],
        &compact[8.min(compact.len())..]
    )
}

pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// An open session log, appending.
pub struct SessionLog {
    pub path: PathBuf,
    file: File,
    seq: u64,
    /// Literal secrets (the API key) scrubbed from every event, besides the
    /// key patterns always scrubbed: a model can echo what it was sent.
    secrets: Vec<String>,
}

impl SessionLog {
    pub fn create(dir: &Path, id: &str) -> Result<SessionLog, SessionError> {
        fs::create_dir_all(dir)
            .map_err(|e| SessionError::Io(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join(format!("{id}.jsonl"));
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&path)
            .map_err(|e| SessionError::Io(format!("cannot create {}: {e}", path.display())))?;
        Ok(SessionLog {
            path,
            file,
            seq: 0,
            secrets: Vec::new(),
        })
    }

    /// Reopens a log for appending after reading `lines` from it.
    pub fn reopen(path: &Path, lines: usize) -> Result<SessionLog, SessionError> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| SessionError::Io(format!("cannot open {}: {e}", path.display())))?;
        Ok(SessionLog {
            path: path.to_path_buf(),
            file,
            seq: lines as u64,
            secrets: Vec::new(),
        })
    }

    /// Scrubs these literal values (the API key) from every event.
    pub fn with_secrets(mut self, secrets: Vec<String>) -> SessionLog {
        self.secrets = secrets;
        self
    }

    /// Appends one event and flushes it: a killed process loses at most
    /// the event it was writing.
    pub fn append(&mut self, event: Event) -> Result<(), SessionError> {
        self.seq += 1;
        let line = Line {
            schema: SCHEMA,
            seq: self.seq,
            event,
        };
        let mut text = serde_json::to_string(&line)
            .map_err(|e| SessionError::Io(format!("cannot encode an event: {e}")))?;
        // Scrubbed before anything touches the disk; the walk is only paid
        // for when something that looks like a secret is there.
        if crate::cassette::may_hold_secret(&text, &self.secrets) {
            let mut value: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| SessionError::Io(format!("cannot encode an event: {e}")))?;
            crate::cassette::redact(&mut value, &self.secrets);
            text = value.to_string();
        }
        text.push('\n');
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|e| SessionError::Io(format!("cannot write {}: {e}", self.path.display())))
    }
}

/// Finds a session's log by id (or a unique prefix of it).
pub fn find(dir: &Path, id: &str) -> Result<PathBuf, SessionError> {
    let exact = dir.join(format!("{id}.jsonl"));
    if exact.exists() {
        return Ok(exact);
    }
    let matches: Vec<PathBuf> = list(dir)?
        .into_iter()
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| s.to_string_lossy().contains(id))
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(SessionError::NotFound(
            id.to_string(),
            dir.display().to_string(),
        )),
        many => Err(SessionError::Io(format!(
            "`{id}` matches {} sessions; give more of the id: {}",
            many.len(),
            many.iter()
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Every session log in `dir`, oldest first.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, SessionError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    out.sort();
    Ok(out)
}

/// Reads a whole log, refusing it with the line at fault when it is
/// corrupt, truncated or from a newer steer.
pub fn read(path: &Path) -> Result<Vec<Event>, SessionError> {
    let text = fs::read_to_string(path)
        .map_err(|e| SessionError::Io(format!("cannot read {}: {e}", path.display())))?;
    let corrupt = |line: usize, message: String| SessionError::Corrupt {
        path: path.display().to_string(),
        line,
        message,
    };
    let mut events = Vec::new();
    let total = text.lines().count();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(raw).map_err(|e| {
            let last = n == total && !text.ends_with('\n');
            if last {
                corrupt(n, format!("the last line is cut off ({e}); the process was probably killed while writing it. Delete that line to resume from the event before"))
            } else {
                corrupt(n, format!("not valid JSON: {e}"))
            }
        })?;
        let schema = value
            .get("schema")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| corrupt(n, "no `schema` field: not a steer session log".to_string()))?;
        if schema > u64::from(SCHEMA) {
            return Err(corrupt(
                n,
                format!(
                    "written by a newer steer (log schema {schema}; this steer reads schema {SCHEMA}); upgrade steer to resume it"
                ),
            ));
        }
        let line: Line = serde_json::from_value(value)
            .map_err(|e| corrupt(n, format!("not a session event: {e}")))?;
        if n == 1 && !matches!(line.event, Event::Start { .. }) {
            return Err(corrupt(
                n,
                "a session log must begin with its start event".to_string(),
            ));
        }
        events.push(line.event);
    }
    if events.is_empty() {
        return Err(corrupt(1, "the log is empty".to_string()));
    }
    Ok(events)
}
