//! Session logs: one JSONL file per run, one event per line, flushed per
//! event and schema-versioned. A log is enough to rebuild a run: replaying
//! its recorded model replies, tool results and decisions through the
//! state machine lands in the same state without calling anything again.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::files::{FileError, failed};
use crate::ingest::session as ingest;
pub use crate::run::Event;
use crate::store::{SessionWriter, StoreError, Stored};

/// The log format this steer writes and reads. Schema 2: a conflict or
/// assumption pause holds one merged question (schema 1 held the tool's
/// attention items, one pause each); a schema 1 log would replay into
/// other checkpoints, so it is refused with the reason, never misread.
pub const SCHEMA: u32 = 2;

pub use crate::store::files::list;
pub use crate::store::{Durability, SessionLock, lock};

impl Event {
    /// The ingest event this is, if it is one.
    pub fn as_ingest(&self) -> Option<ingest::Logged> {
        Some(match self {
            Event::IngestStart(s) => ingest::Logged::Start(s.clone()),
            Event::IngestBatch(b) => ingest::Logged::Batch(b.clone()),
            Event::IngestDecision(d) => ingest::Logged::Decision(d.clone()),
            Event::IngestEnd { aborted } => ingest::Logged::End { aborted: *aborted },
            _ => return None,
        })
    }
}

/// The session log is where a run's events go.
impl crate::run::EventLog for SessionLog {
    fn append(&mut self, event: &Event) -> Result<(), crate::run::LogError> {
        SessionLog::stage(self, event).map_err(|e| crate::run::LogError(Box::new(e)))
    }

    fn commit(&mut self) -> Result<(), crate::run::LogError> {
        SessionLog::commit(self).map_err(|e| crate::run::LogError(Box::new(e)))
    }

    fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// The session log is where an ingest's events go.
impl ingest::Sink for SessionLog {
    fn log(&mut self, event: ingest::Logged) -> Result<(), String> {
        let event = match event {
            ingest::Logged::Start(s) => Event::IngestStart(s),
            ingest::Logged::Batch(b) => Event::IngestBatch(b),
            ingest::Logged::Decision(d) => Event::IngestDecision(d),
            ingest::Logged::End { aborted } => Event::IngestEnd { aborted },
        };
        self.append(&event).map_err(|e| e.to_string())
    }
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
    #[error("session {id} is in use by {holder}; wait for it to finish or stop it, then resume")]
    InUse { id: String, holder: String },
    #[error("{path}:{line}: {message}")]
    Corrupt {
        path: String,
        line: usize,
        message: String,
    },
    /// A file of the session directory could not be used.
    #[error(transparent)]
    Io(#[from] FileError),
    /// A log over its cap, or not a regular file.
    #[error(transparent)]
    Input(#[from] steer_tools::input::InputError),
    #[error("cannot encode an event: {0}")]
    Encode(#[source] serde_json::Error),
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    #[error("`{id}` matches {} sessions; give more of the id: {}", matches.len(), matches.join(", "))]
    Ambiguous { id: String, matches: Vec<String> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The directory sessions live in: `--session-dir`, else the XDG data dir.
pub fn default_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("steer")
        .join("sessions")
}

/// A new id: a UUIDv7 (time-ordered, 74 random bits), so two processes
/// or two replicas starting sessions in the same instant never pick the
/// same one (the timestamp-and-16-bit-salt ids before it could collide).
/// Older ids stay valid: logs are found by any unique part of the id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// How an id is shown in lists: a UUID's random tail (its head is the
/// time, shared by sessions started close together); older ids whole.
/// Any command that takes an id accepts this.
pub fn short_id(id: &str) -> &str {
    match uuid::Uuid::try_parse(id) {
        Ok(_) => id.rsplit('-').next().unwrap_or(id),
        Err(_) => id,
    }
}

/// When a session with a UUIDv7 id started, from the time its id holds
/// (to the second, as [`now`] writes it); empty for an older id.
pub fn started_of(id: &str) -> String {
    let Some((secs, _)) = uuid::Uuid::try_parse(id)
        .ok()
        .and_then(|u| u.get_timestamp())
        .map(|t| t.to_unix())
    else {
        return String::new();
    };
    let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    humantime::format_rfc3339_seconds(at).to_string()
}

pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// An open session log, appending through its store's writer.
pub struct SessionLog {
    /// The file the events are kept in, for stores that keep files.
    pub path: Option<PathBuf>,
    writer: Box<dyn SessionWriter>,
    seq: u64,
    /// Literal secrets (the API key) scrubbed from every event, besides the
    /// key patterns always scrubbed: a model can echo what it was sent.
    secrets: Vec<String>,
    /// Events staged and not yet written, whole lines; kept between
    /// commits so that appending allocates nothing once it has grown.
    buffer: Vec<u8>,
}

impl SessionLog {
    /// Appends after what `writer` already holds; `path` is where a file
    /// store keeps it, for messages.
    pub fn new(writer: Box<dyn SessionWriter>, path: Option<PathBuf>) -> SessionLog {
        SessionLog {
            path,
            seq: writer.next_seq().saturating_sub(1),
            writer,
            secrets: Vec::new(),
            buffer: Vec::new(),
        }
    }

    /// Scrubs these literal values (the API key) from every event.
    pub fn with_secrets(mut self, secrets: Vec<String>) -> SessionLog {
        self.secrets = secrets;
        self
    }

    /// Appends one event and commits it.
    pub fn append(&mut self, event: &Event) -> Result<(), SessionError> {
        self.stage(event)?;
        self.commit()
    }

    /// Writes every staged event in one append, kept as the store's
    /// durability says before returning. A failed write leaves the events
    /// staged (and the error says so); the run stops on it.
    pub fn commit(&mut self) -> Result<(), SessionError> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        // Lines serde_json wrote: UTF-8, with no newline inside one.
        let text = std::str::from_utf8(&self.buffer).map_err(|e| {
            SessionError::Store(StoreError::Backend(format!("an event is not UTF-8: {e}")))
        })?;
        let lines: Vec<&str> = text.trim_end_matches('\n').split('\n').collect();
        self.writer.append_all(&lines)?;
        self.buffer.clear();
        Ok(())
    }

    /// Adds one event to those the next [`commit`](Self::commit) writes,
    /// scrubbed of secrets and numbered.
    pub fn stage(&mut self, event: &Event) -> Result<(), SessionError> {
        encode_into(&mut self.buffer, self.seq + 1, event, &self.secrets)?;
        self.buffer.push(b'\n');
        self.seq += 1;
        Ok(())
    }
}

/// Event `seq` as its log line (without a newline), scrubbed of secrets.
pub fn encode(seq: u64, event: &Event, secrets: &[String]) -> Result<String, SessionError> {
    let mut buffer = Vec::new();
    encode_into(&mut buffer, seq, event, secrets)?;
    String::from_utf8(buffer).map_err(|e| {
        SessionError::Store(StoreError::Backend(format!("an event is not UTF-8: {e}")))
    })
}

/// Writes event `seq` as a log line onto `buffer`; on failure `buffer`
/// is left as it was.
fn encode_into(
    buffer: &mut Vec<u8>,
    seq: u64,
    event: &Event,
    secrets: &[String],
) -> Result<(), SessionError> {
    /// A [`Line`] that borrows its event: appending copies nothing.
    #[derive(Serialize)]
    struct Borrowed<'a> {
        schema: u32,
        seq: u64,
        #[serde(flatten)]
        event: &'a Event,
    }
    let line = Borrowed {
        schema: SCHEMA,
        seq,
        event,
    };
    let start = buffer.len();
    if let Err(e) = serde_json::to_writer(&mut *buffer, &line) {
        buffer.truncate(start);
        return Err(SessionError::Encode(e));
    }
    // Scrubbed before anything touches the disk; the walk is only paid
    // for when something that looks like a secret is there. The text
    // is JSON that serde_json just wrote, so it is UTF-8 (were it
    // not, it would be scrubbed anyway).
    let suspect = std::str::from_utf8(&buffer[start..])
        .map_or(true, |text| crate::cassette::may_hold_secret(text, secrets));
    if suspect {
        let parsed = serde_json::from_slice::<serde_json::Value>(&buffer[start..]);
        buffer.truncate(start);
        let mut value = parsed.map_err(SessionError::Encode)?;
        crate::cassette::redact(&mut value, secrets);
        if let Err(e) = serde_json::to_writer(&mut *buffer, &value) {
            buffer.truncate(start);
            return Err(SessionError::Encode(e));
        }
    }
    Ok(())
}

/// Staged events are written when the log is dropped without a commit
/// (a driver left on an error path): whatever reached the log is kept.
impl Drop for SessionLog {
    fn drop(&mut self) {
        let _ = self.commit();
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
        many => Err(SessionError::Ambiguous {
            id: id.to_string(),
            matches: many
                .iter()
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().to_string()))
                .collect(),
        }),
    }
}

/// A log as read: its events, and the torn last line dropped, if any.
#[derive(Debug)]
pub struct LogRead {
    pub events: Vec<Event>,
    /// A last line without its newline that is not a whole event: the
    /// process was killed while writing it. Its line number and the byte
    /// length of the log before it.
    pub torn: Option<(usize, u64)>,
}

/// Reads a whole log, refusing it with the line at fault when it is
/// corrupt or from a newer steer. A torn last line (see [`LogRead`]) is
/// set apart, not refused: that is what a killed writer leaves.
pub fn read_log(path: &Path) -> Result<LogRead, SessionError> {
    use std::io::BufRead;
    use steer_tools::input::{self, InputKind};
    // Streamed a line at a time, under the cap on session logs.
    let (file, _) = input::open(path, InputKind::SessionLog)?;
    let cap = input::caps().cap(InputKind::SessionLog);
    let mut reader = std::io::BufReader::new(std::io::Read::take(file, cap.saturating_add(1)));
    let corrupt = |line: usize, message: String| SessionError::Corrupt {
        path: path.display().to_string(),
        line,
        message,
    };
    let mut checker = Checker::default();
    let mut torn = None;
    let mut offset = 0u64;
    let mut raw = Vec::new();
    for n in 1.. {
        raw.clear();
        let read = reader
            .read_until(b'\n', &mut raw)
            .map_err(failed("read", path))?;
        if read == 0 {
            break;
        }
        let whole = raw.ends_with(b"\n");
        let start = offset;
        offset += raw.len() as u64;
        if offset > cap {
            return Err(input::InputError::TooLarge {
                path: path.to_path_buf(),
                size: offset,
                at_least: true,
                cap,
                kind: InputKind::SessionLog,
            }
            .into());
        }
        let raw = &raw[..];
        let parsed = std::str::from_utf8(raw)
            .map_err(|e| format!("not valid UTF-8 ({e})"))
            .and_then(|text| {
                if text.trim().is_empty() {
                    return Ok(None);
                }
                serde_json::from_str::<serde_json::Value>(text)
                    .map(Some)
                    .map_err(|e| format!("not valid JSON: {e}"))
            });
        let value = match parsed {
            Ok(Some(v)) => v,
            Ok(None) => continue,
            // Only the last line can lack its newline.
            Err(_) if !whole => {
                torn = Some((n, start));
                break;
            }
            Err(message) => return Err(corrupt(n, message)),
        };
        checker.push(value).map_err(|message| corrupt(n, message))?;
    }
    let events = checker.finish().map_err(|message| corrupt(1, message))?;
    Ok(LogRead { events, torn })
}

/// The events of stored lines, checked as [`read_log`] checks a file's;
/// `place` names where they came from in messages.
pub fn parse_stored(place: &str, lines: &[Stored]) -> Result<Vec<Event>, SessionError> {
    let mut checker = Checker::default();
    for stored in lines {
        let n = usize::try_from(stored.seq).unwrap_or(usize::MAX);
        let corrupt = |message: String| SessionError::Corrupt {
            path: place.to_string(),
            line: n,
            message,
        };
        let value = serde_json::from_str::<serde_json::Value>(&stored.line)
            .map_err(|e| corrupt(format!("not valid JSON: {e}")))?;
        checker.push(value).map_err(corrupt)?;
    }
    checker.finish().map_err(|message| SessionError::Corrupt {
        path: place.to_string(),
        line: 1,
        message,
    })
}

/// Checks a log's events in order, as they are read: the schema, the
/// start event first, numbers without gaps, nothing after the end.
#[derive(Default)]
struct Checker {
    events: Vec<Event>,
    finished: bool,
}

impl Checker {
    /// The next line, parsed as JSON; why the log is refused, if it is.
    fn push(&mut self, value: serde_json::Value) -> Result<(), String> {
        let schema = match value.get("schema") {
            None => return Err("no `schema` field: not a steer session log".to_string()),
            Some(v) => v.as_u64().filter(|s| *s >= 1).ok_or_else(|| {
                format!(
                    "`schema` must be a whole number from 1 (this steer writes {SCHEMA}); got {v}"
                )
            })?,
        };
        if schema > u64::from(SCHEMA) {
            return Err(format!(
                "written by a newer steer (log schema {schema}; this steer reads schema {SCHEMA}); upgrade steer to resume it"
            ));
        }
        if schema < u64::from(SCHEMA) {
            return Err(format!(
                "written by an earlier steer (log schema {schema}; this steer reads schema {SCHEMA}), which asked its checkpoints differently; it cannot be resumed or replayed here (the file is left as it is): ask the request again"
            ));
        }
        let line: Line =
            serde_json::from_value(value).map_err(|e| format!("not a session event: {e}"))?;
        if self.events.is_empty()
            && !matches!(line.event, Event::Start { .. } | Event::IngestStart(_))
        {
            return Err("a session log must begin with its start event".to_string());
        }
        // One writer appends one event at a time: a repeated or skipped
        // number means two writers, or lines edited by hand.
        let expected = self.events.len() as u64 + 1;
        if line.seq != expected {
            return Err(format!(
                "event number {} where {expected} was expected: the log holds a repeated or missing event",
                line.seq
            ));
        }
        if self.finished {
            return Err("an event after the session's report".to_string());
        }
        self.finished = matches!(line.event, Event::Report { .. } | Event::IngestEnd { .. });
        self.events.push(line.event);
        Ok(())
    }

    fn finish(self) -> Result<Vec<Event>, String> {
        if self.events.is_empty() {
            return Err("the log is empty".to_string());
        }
        Ok(self.events)
    }
}

/// The events of a log; a torn last line is left out (see [`read_log`]).
pub fn read(path: &Path) -> Result<Vec<Event>, SessionError> {
    read_log(path).map(|r| r.events)
}
