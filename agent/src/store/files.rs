//! The file store: a session is `ID.jsonl` (one event per line, the log
//! steer has always written), `ID.lock` (its writer lock, an advisory lock
//! the kernel drops when the holder dies) and `ID.meta.json` (its owner,
//! kind and request). A log without a meta file predates owners and
//! belongs to the local user.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use steer_tools::input::{self, InputKind};

use super::{Durability, SessionLock};
use super::{Listed, NewSession, SessionStore, SessionWriter, StoreError, Stored, check_id};

/// Sessions as files in one directory.
pub struct FileStore {
    dir: PathBuf,
    /// The owner of logs written before owners were recorded.
    local: String,
    /// What every append survives: the process (flush) or the machine (sync).
    durability: Durability,
}

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    owner: String,
    kind: String,
    request: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chat: Option<String>,
}

fn io(what: &str, path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("cannot {what} {}: {e}", path.display()))
}

/// The local user's name, the owner of what the CLI starts.
pub fn local_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "local".to_string())
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>) -> FileStore {
        FileStore {
            dir: dir.into(),
            local: local_user(),
            durability: Durability::default(),
        }
    }

    /// Writes every event under this policy.
    pub fn with_durability(mut self, durability: Durability) -> FileStore {
        self.durability = durability;
        self
    }

    /// Makes a new name in the directory last (under `sync`).
    fn sync_dir(&self) -> Result<(), StoreError> {
        match self.durability {
            Durability::Flush => Ok(()),
            Durability::Sync => File::open(&self.dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| io("sync", &self.dir, e)),
        }
    }

    /// Who owns session `id`.
    pub fn owner_of(&self, id: &str) -> Result<String, StoreError> {
        Ok(self.meta(id)?.owner)
    }

    /// Records who owns session `new.id`, before its log exists (a log
    /// is never seen without its owner); refused when the id has one.
    fn record(&self, new: &NewSession) -> Result<(), StoreError> {
        let meta = Meta {
            owner: new.owner.clone(),
            kind: new.kind.clone(),
            request: new.request.clone(),
            chat: new.chat.clone(),
        };
        let path = self.meta_path(&new.id);
        let text = serde_json::to_vec(&meta).map_err(|e| io("write", &path, e))?;
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| {
                f.write_all(&text)?;
                match self.durability {
                    Durability::Flush => Ok(()),
                    Durability::Sync => f.sync_all(),
                }
            })
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => StoreError::Exists(new.id.clone()),
                _ => io("write", &path, e),
            })
    }

    fn meta_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.meta.json"))
    }

    /// Writes a new log holding `first`, whole or not at all: written
    /// aside, then linked into place (which, unlike a rename, never
    /// replaces a log that exists).
    fn make_log(&self, path: &Path, first: &str) -> Result<File, StoreError> {
        let mut aside = path.as_os_str().to_owned();
        aside.push(".new");
        let aside = PathBuf::from(aside);
        let written = File::create(&aside)
            .and_then(|mut f| {
                f.write_all(first.as_bytes())?;
                f.write_all(b"\n")?;
                match self.durability {
                    Durability::Flush => Ok(()),
                    Durability::Sync => f.sync_data(),
                }
            })
            .map_err(|e| io("create", &aside, e))
            .and_then(|()| {
                fs::hard_link(&aside, path).map_err(|e| match e.kind() {
                    std::io::ErrorKind::AlreadyExists => {
                        StoreError::Exists(path.display().to_string())
                    }
                    _ => io("create", path, e),
                })
            });
        let _ = fs::remove_file(&aside);
        written?;
        self.sync_dir()?;
        OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| io("open", path, e))
    }

    fn log(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.jsonl"))
    }

    fn meta(&self, id: &str) -> Result<Meta, StoreError> {
        let path = self.meta_path(id);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| io("read", &path, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A log from before owners: its first line says the rest.
                let log = self.log(id);
                let file = File::open(&log).map_err(|e| match e.kind() {
                    std::io::ErrorKind::NotFound => StoreError::NotFound(id.to_string()),
                    _ => io("read", &log, e),
                })?;
                let mut first = String::new();
                std::io::BufRead::read_line(
                    &mut std::io::BufReader::new(std::io::Read::take(file, 1 << 20)),
                    &mut first,
                )
                .map_err(|e| io("read", &log, e))?;
                let event: serde_json::Value = serde_json::from_str(&first).unwrap_or_default();
                let kind = match event["event"].as_str() {
                    Some("ingest_start") => "ingest",
                    _ => "research",
                };
                Ok(Meta {
                    owner: self.local.clone(),
                    kind: kind.to_string(),
                    request: event["request"].as_str().unwrap_or_default().to_string(),
                    chat: event["chat"].as_str().map(str::to_string),
                })
            }
            Err(e) => Err(io("read", &path, e)),
        }
    }

    /// The session's events as lines, and what follows the last of them:
    /// nothing, or a torn last line (see [`Tail`]).
    fn lines(&self, id: &str) -> Result<(Vec<String>, Tail), StoreError> {
        let path = self.log(id);
        if !path.exists() {
            return Err(StoreError::NotFound(id.to_string()));
        }
        let bytes = input::read(&path, InputKind::SessionLog).map_err(|e| io("read", &path, e))?;
        let (whole, rest) = match bytes.iter().rposition(|b| *b == b'\n') {
            Some(end) => (&bytes[..end], &bytes[end + 1..]),
            None => (&bytes[..0], &bytes[..]),
        };
        let mut lines = Vec::new();
        if !whole.is_empty() {
            for (n, line) in whole.split(|b| *b == b'\n').enumerate() {
                let line = String::from_utf8(line.to_vec()).map_err(|e| {
                    StoreError::Backend(format!(
                        "{}:{}: not valid UTF-8 ({})",
                        path.display(),
                        n + 1,
                        e.utf8_error()
                    ))
                })?;
                lines.push(line);
            }
        }
        let tail = match std::str::from_utf8(rest) {
            _ if rest.iter().all(u8::is_ascii_whitespace) => Tail::None,
            Ok(text) if serde_json::from_str::<serde_json::Value>(text).is_ok() => {
                // Written whole, killed before its newline: an event.
                lines.push(text.to_string());
                Tail::Unterminated
            }
            _ => Tail::Torn {
                keep: (bytes.len() - rest.len()) as u64,
            },
        };
        Ok((lines, tail))
    }

    /// Checks that `id` exists and is `owner`'s.
    fn owned(&self, id: &str, owner: &str) -> Result<(), StoreError> {
        check_id(id).map_err(|_| StoreError::NotFound(id.to_string()))?;
        if !self.log(id).exists() || self.meta(id)?.owner != owner {
            return Err(StoreError::NotFound(id.to_string()));
        }
        Ok(())
    }

    fn locked(&self, id: &str) -> Result<SessionLock, StoreError> {
        super::lock(&self.log(id))
    }
}

/// Every session log in `dir`, oldest first: ids of the older
/// timestamp form (all made before any UUID one), then UUIDs, which sort
/// by time.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
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

/// What a log holds after its last newline.
enum Tail {
    None,
    /// A whole event without its newline (a kill between the two).
    Unterminated,
    /// Part of an event: the writer was killed while writing it. The log
    /// is whole up to `keep` bytes.
    Torn {
        keep: u64,
    },
}

/// Appends to one log while holding its lock.
struct FileWriter {
    file: File,
    path: PathBuf,
    next: u64,
    sync: bool,
    /// The lines of one append, reused so appending allocates nothing
    /// once it has grown.
    buffer: Vec<u8>,
    /// What follows the last whole event, set right before the first
    /// append (or when [`SessionWriter::repaired`] asks): a log the
    /// caller refuses is left as it was.
    tail: Tail,
    _lock: SessionLock,
}

impl FileWriter {
    /// Sets the log's tail right: a newline after an event written
    /// without one, or a torn line set aside (the log as it was kept in
    /// `ID.jsonl.torn`). The note for the user, for a torn line.
    fn settle(&mut self) -> Result<Option<String>, StoreError> {
        match std::mem::replace(&mut self.tail, Tail::None) {
            Tail::None => Ok(None),
            Tail::Unterminated => {
                self.file
                    .write_all(b"\n")
                    .map_err(|e| io("write", &self.path, e))?;
                Ok(None)
            }
            Tail::Torn { keep } => {
                let path = &self.path;
                let torn = path.with_extension("jsonl.torn");
                fs::copy(path, &torn).map_err(|e| io("copy", &torn, e))?;
                self.file
                    .set_len(keep)
                    .and_then(|()| self.file.sync_data())
                    .map_err(|e| io("repair", path, e))?;
                Ok(Some(format!(
                    "{}:{}: the last event was cut off (the process was stopped while writing it); it was dropped and the session resumes from the event before. The log as it was is kept in {}",
                    path.display(),
                    self.next,
                    torn.display()
                )))
            }
        }
    }
}

impl SessionWriter for FileWriter {
    fn next_seq(&self) -> u64 {
        self.next
    }

    fn append_all(&mut self, lines: &[&str]) -> Result<(), StoreError> {
        self.settle()?;
        self.buffer.clear();
        for line in lines {
            self.buffer.extend_from_slice(line.as_bytes());
            self.buffer.push(b'\n');
        }
        // One write: a kill leaves whole lines or a torn tail, which
        // `lock` sets aside. `File` has no buffer of its own: once
        // `write_all` returns, the lines survive this process.
        self.file
            .write_all(&self.buffer)
            .map_err(|e| io("write", &self.path, e))?;
        if self.sync {
            self.file
                .sync_data()
                .map_err(|e| io("sync", &self.path, e))?;
        }
        self.next += lines.len() as u64;
        Ok(())
    }

    fn repaired(&mut self) -> Result<Option<String>, StoreError> {
        self.settle()
    }
}

impl SessionStore for FileStore {
    fn describe(&self) -> String {
        format!("file:{}", self.dir.display())
    }

    fn log_path(&self, id: &str) -> Option<PathBuf> {
        Some(self.log(id))
    }

    fn create(&self, new: &NewSession, first: &str) -> Result<Box<dyn SessionWriter>, StoreError> {
        check_id(&new.id)?;
        fs::create_dir_all(&self.dir).map_err(|e| io("create", &self.dir, e))?;
        let path = self.log(&new.id);
        if path.exists() {
            return Err(StoreError::Exists(new.id.clone()));
        }
        let lock = self.locked(&new.id)?;
        // The owner first, exclusively: of two creators of one id the
        // second stops here.
        self.record(new)?;
        let made = self.make_log(&path, first);
        if made.is_err() {
            let _ = fs::remove_file(self.meta_path(&new.id));
        }
        let file = made?;
        Ok(Box::new(FileWriter {
            file,
            path,
            next: 2,
            sync: self.durability == Durability::Sync,
            buffer: Vec::new(),
            tail: Tail::None,
            _lock: lock,
        }))
    }

    fn lock(&self, id: &str, owner: &str) -> Result<Box<dyn SessionWriter>, StoreError> {
        self.owned(id, owner)?;
        let lock = self.locked(id)?;
        let path = self.log(id);
        // Read under the lock: what is read stays true until it is let go.
        let (lines, tail) = self.lines(id)?;
        let file = OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(|e| io("open", &path, e))?;
        Ok(Box::new(FileWriter {
            file,
            path,
            next: lines.len() as u64 + 1,
            sync: self.durability == Durability::Sync,
            buffer: Vec::new(),
            tail,
            _lock: lock,
        }))
    }

    fn read(&self, id: &str, owner: &str, from: u64) -> Result<Vec<Stored>, StoreError> {
        self.owned(id, owner)?;
        Ok(self
            .lines(id)?
            .0
            .into_iter()
            .zip(1u64..)
            .filter(|(_, seq)| *seq >= from)
            .map(|(line, seq)| Stored { seq, line })
            .collect())
    }

    fn remove(&self, id: &str, owner: &str) -> Result<(), StoreError> {
        self.owned(id, owner)?;
        let _held = self.locked(id)?;
        // The log last: a session with a log and no meta file would be the
        // local user's.
        for name in [
            format!("{id}.jsonl.torn"),
            format!("{id}.meta.json"),
            format!("{id}.jsonl"),
        ] {
            let path = self.dir.join(name);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io("remove", &path, e)),
            }
        }
        Ok(())
    }

    /// `NAME.key` in the directory, readable by its owner only; made
    /// whole or not at all, and never replaced.
    fn shared_key(&self, name: &str) -> Result<Vec<u8>, StoreError> {
        check_id(name)?;
        fs::create_dir_all(&self.dir).map_err(|e| io("create", &self.dir, e))?;
        let path = self.dir.join(format!("{name}.key"));
        let read = || input::read(&path, InputKind::Config);
        if let Some(key) = read().ok().filter(|k| k.len() >= 32) {
            return Ok(key);
        }
        let key = super::random_key()?;
        let tmp = self.dir.join(format!("{name}.key.{}", std::process::id()));
        fs::write(&tmp, &key).map_err(|e| io("write", &tmp, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&tmp, fs::Permissions::from_mode(0o600));
        }
        // A link never replaces: of two processes racing to make the
        // key, both keep the one that won, reading it back.
        let linked = fs::hard_link(&tmp, &path);
        let _ = fs::remove_file(&tmp);
        match linked {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io("write", &path, e)),
        }
        read().map_err(|e| io("read", &path, e))
    }

    /// Reads only the candidates' owners, not their logs.
    fn find(&self, part: &str, owner: &str) -> Result<String, StoreError> {
        let logs = list(&self.dir)?;
        let mut matches = Vec::new();
        for log in logs {
            let Some(id) = log.file_stem().map(|s| s.to_string_lossy().to_string()) else {
                continue;
            };
            if id.contains(part) && self.owner_of(&id)? == owner {
                matches.push(id);
            }
        }
        super::one_of(part, matches)
    }

    fn list(&self, owner: &str) -> Result<Vec<Listed>, StoreError> {
        let logs = list(&self.dir)?;
        let mut out = Vec::new();
        for log in logs {
            let Some(id) = log.file_stem().map(|s| s.to_string_lossy().to_string()) else {
                continue;
            };
            let meta = self.meta(&id)?;
            if meta.owner != owner {
                continue;
            }
            let lines = self.lines(&id)?.0;
            out.push(Listed {
                id,
                owner: meta.owner,
                kind: meta.kind,
                request: meta.request,
                chat: meta.chat,
                events: lines.len() as u64,
                last: lines.last().cloned(),
            });
        }
        Ok(out)
    }
}
