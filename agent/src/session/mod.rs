//! Session logs: one JSONL file per run, one event per line, flushed per
//! event and schema-versioned. A log is enough to rebuild a run: replaying
//! its recorded model replies, tool results and decisions through the
//! state machine lands in the same state without calling anything again.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::files::{FileError, failed};
use crate::ingest::session as ingest;
pub use crate::run::Event;

/// The log format this steer writes and reads. Schema 2: a conflict or
/// assumption pause holds one merged question (schema 1 held the tool's
/// attention items, one pause each); a schema 1 log would replay into
/// other checkpoints, so it is refused with the reason, never misread.
pub const SCHEMA: u32 = 2;

mod durability;
mod lock;

pub use durability::Durability;
pub use lock::{SessionLock, lock};

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
        Some(&self.path)
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
    durability: Durability,
    /// Events staged and not yet written, whole lines; kept between
    /// commits so that appending allocates nothing once it has grown.
    buffer: Vec<u8>,
    /// Held while this log is written, when it was taken.
    _lock: Option<SessionLock>,
}

impl SessionLog {
    /// Creates the log of session `id` holding its start event, locked for
    /// this process. The log appears whole or not at all (written aside,
    /// then renamed), so a process killed at any moment never leaves an
    /// empty log that has lost the request.
    /// `secrets` are scrubbed from every event, the start event included;
    /// `durability` holds for the start event as for every later one.
    pub fn create(
        dir: &Path,
        id: &str,
        start: Event,
        secrets: Vec<String>,
        durability: Durability,
    ) -> Result<SessionLog, SessionError> {
        fs::create_dir_all(dir).map_err(failed("create", dir))?;
        let path = dir.join(format!("{id}.jsonl"));
        if path.exists() {
            return Err(SessionError::Exists(path));
        }
        let held = lock(&path)?;
        let aside = dir.join(format!(".{id}.jsonl.new"));
        // Not truncated on open: a new file is empty, and truncating makes
        // ext4 write it back when closed (see `lock`). Only a file left by
        // a creation that was killed is emptied.
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&aside)
            .and_then(|f| match f.metadata()?.len() {
                0 => Ok(f),
                _ => f.set_len(0).map(|()| f),
            })
            .map_err(failed("create", &aside))?;
        let mut log = SessionLog {
            path: path.clone(),
            file,
            seq: 0,
            secrets,
            durability,
            buffer: Vec::new(),
            _lock: None,
        };
        // `append` syncs the start event under `Sync`; the rename then
        // needs the directory synced for the new name to last.
        let written = log
            .append(&start)
            .and_then(|()| Ok(fs::rename(&aside, &path).map_err(failed("create", &path))?))
            .and_then(|()| match durability {
                Durability::Flush => Ok(()),
                Durability::Sync => Ok(File::open(dir)
                    .and_then(|d| d.sync_all())
                    .map_err(failed("sync", dir))?),
            });
        if let Err(e) = written {
            let _ = fs::remove_file(&aside);
            return Err(e);
        }
        log._lock = Some(held);
        Ok(log)
    }

    /// Reopens a log for appending after reading `lines` from it.
    /// A last event written whole but without its newline (a kill between
    /// the two) gets its newline first, so the next event starts a line.
    pub fn reopen(path: &Path, lines: usize) -> Result<SessionLog, SessionError> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(failed("open", path))?;
        if ends_without_newline(&mut file).map_err(failed("read", path))? {
            file.write_all(b"\n")
                .and_then(|()| file.flush())
                .map_err(failed("write", path))?;
        }
        Ok(SessionLog {
            path: path.to_path_buf(),
            file,
            seq: lines as u64,
            secrets: Vec::new(),
            durability: Durability::default(),
            buffer: Vec::new(),
            _lock: None,
        })
    }

    /// Writes every later event under this policy.
    pub fn with_durability(mut self, durability: Durability) -> SessionLog {
        self.durability = durability;
        self
    }

    /// Keeps the session's lock for as long as this log is written.
    pub fn with_lock(mut self, lock: SessionLock) -> SessionLog {
        self._lock = Some(lock);
        self
    }

    /// Scrubs these literal values (the API key) from every event.
    pub fn with_secrets(mut self, secrets: Vec<String>) -> SessionLog {
        self.secrets = secrets;
        self
    }

    /// Appends one event and commits it: written, and made durable as the
    /// log's [`Durability`] says, before returning.
    pub fn append(&mut self, event: &Event) -> Result<(), SessionError> {
        self.stage(event)?;
        self.commit()
    }

    /// Writes every staged event in one write, made durable as the log's
    /// [`Durability`] says before returning. A failed write leaves the
    /// events staged (and the error says so); the run stops on it.
    pub fn commit(&mut self) -> Result<(), SessionError> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        // `File` has no buffer of its own: once `write_all` returns, the
        // events are the kernel's and survive this process being killed.
        self.file
            .write_all(&self.buffer)
            .map_err(failed("write", &self.path))?;
        self.buffer.clear();
        if self.durability == Durability::Sync {
            self.file.sync_data().map_err(failed("sync", &self.path))?;
        }
        Ok(())
    }

    /// Adds one event to those the next [`commit`](Self::commit) writes,
    /// scrubbed of secrets and numbered.
    pub fn stage(&mut self, event: &Event) -> Result<(), SessionError> {
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
            seq: self.seq + 1,
            event,
        };
        let start = self.buffer.len();
        if let Err(e) = serde_json::to_writer(&mut self.buffer, &line) {
            self.buffer.truncate(start);
            return Err(SessionError::Encode(e));
        }
        // Scrubbed before anything touches the disk; the walk is only paid
        // for when something that looks like a secret is there. The text
        // is JSON that serde_json just wrote, so it is UTF-8 (were it
        // not, it would be scrubbed anyway).
        let suspect = std::str::from_utf8(&self.buffer[start..]).map_or(true, |text| {
            crate::cassette::may_hold_secret(text, &self.secrets)
        });
        if suspect {
            let parsed = serde_json::from_slice::<serde_json::Value>(&self.buffer[start..]);
            self.buffer.truncate(start);
            let mut value = parsed.map_err(SessionError::Encode)?;
            crate::cassette::redact(&mut value, &self.secrets);
            if let Err(e) = serde_json::to_writer(&mut self.buffer, &value) {
                self.buffer.truncate(start);
                return Err(SessionError::Encode(e));
            }
        }
        self.buffer.push(b'\n');
        self.seq += 1;
        Ok(())
    }
}

/// Staged events are written when the log is dropped without a commit
/// (a driver left on an error path): whatever reached the log is kept.
impl Drop for SessionLog {
    fn drop(&mut self) {
        let _ = self.commit();
    }
}

/// Whether a non-empty file's last byte is not a newline.
fn ends_without_newline(file: &mut File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
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

/// Every session log in `dir`, oldest first: ids of the older
/// timestamp form (all made before any UUID one), then UUIDs, which sort
/// by time.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, SessionError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    out.sort_by_cached_key(|p| {
        let stem = p.file_stem().map(|s| s.to_string_lossy().to_string());
        let uuid = stem
            .as_deref()
            .is_some_and(|s| uuid::Uuid::try_parse(s).is_ok());
        (uuid, p.clone())
    });
    Ok(out)
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
    let mut events = Vec::new();
    let mut torn = None;
    let mut offset = 0u64;
    let mut finished = false;
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
        let schema = match value.get("schema") {
            None => return Err(corrupt(n, "no `schema` field: not a steer session log".to_string())),
            Some(v) => v.as_u64().filter(|s| *s >= 1).ok_or_else(|| {
                corrupt(n, format!("`schema` must be a whole number from 1 (this steer writes {SCHEMA}); got {v}"))
            })?,
        };
        if schema > u64::from(SCHEMA) {
            return Err(corrupt(
                n,
                format!(
                    "written by a newer steer (log schema {schema}; this steer reads schema {SCHEMA}); upgrade steer to resume it"
                ),
            ));
        }
        if schema < u64::from(SCHEMA) {
            return Err(corrupt(
                n,
                format!(
                    "written by an earlier steer (log schema {schema}; this steer reads schema {SCHEMA}), which asked its checkpoints differently; it cannot be resumed or replayed here (the file is left as it is): ask the request again"
                ),
            ));
        }
        let line: Line = serde_json::from_value(value)
            .map_err(|e| corrupt(n, format!("not a session event: {e}")))?;
        if events.is_empty() && !matches!(line.event, Event::Start { .. } | Event::IngestStart(_)) {
            return Err(corrupt(
                n,
                "a session log must begin with its start event".to_string(),
            ));
        }
        // One writer appends one event at a time: a repeated or skipped
        // number means two writers, or lines edited by hand.
        let expected = events.len() as u64 + 1;
        if line.seq != expected {
            return Err(corrupt(
                n,
                format!(
                    "event number {} where {expected} was expected: the log holds a repeated or missing event",
                    line.seq
                ),
            ));
        }
        if finished {
            return Err(corrupt(
                n,
                "an event after the session's report".to_string(),
            ));
        }
        finished = matches!(line.event, Event::Report { .. } | Event::IngestEnd { .. });
        events.push(line.event);
    }
    if events.is_empty() {
        return Err(corrupt(1, "the log is empty".to_string()));
    }
    Ok(LogRead { events, torn })
}

/// The events of a log; a torn last line is left out (see [`read_log`]).
pub fn read(path: &Path) -> Result<Vec<Event>, SessionError> {
    read_log(path).map(|r| r.events)
}

/// Sets a torn last line aside: the log as it was is kept as
/// `ID.jsonl.torn`, and the log itself ends with its last whole event.
/// Returns a note for the user.
pub fn repair_torn(path: &Path, line: usize, keep_bytes: u64) -> Result<String, SessionError> {
    let mut aside = path.as_os_str().to_owned();
    aside.push(".torn");
    let aside = PathBuf::from(aside);
    fs::copy(path, &aside).map_err(failed("copy aside", path))?;
    let file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(failed("open", path))?;
    file.set_len(keep_bytes)
        .and_then(|()| file.sync_data())
        .map_err(failed("truncate", path))?;
    Ok(format!(
        "{}:{line}: the last event was cut off (the process was stopped while writing it); it was dropped and the session resumes from the event before. The log as it was is kept in {}",
        path.display(),
        aside.display()
    ))
}
