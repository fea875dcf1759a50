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

use super::{Listed, NewSession, SessionStore, SessionWriter, StoreError, Stored, check_id};
use crate::session::{self, SessionError, SessionLock};

/// Sessions as files in one directory.
pub struct FileStore {
    dir: PathBuf,
    /// The owner of logs written before owners were recorded.
    local: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    owner: String,
    kind: String,
    request: String,
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
        }
    }

    /// Who owns session `id`.
    pub fn owner_of(&self, id: &str) -> Result<String, StoreError> {
        Ok(self.meta(id)?.owner)
    }

    /// Records who owns session `new.id`, before its log is written by
    /// the session log itself.
    pub fn record(&self, new: &NewSession) -> Result<(), StoreError> {
        check_id(&new.id)?;
        fs::create_dir_all(&self.dir).map_err(|e| io("create", &self.dir, e))?;
        let meta = Meta {
            owner: new.owner.clone(),
            kind: new.kind.clone(),
            request: new.request.clone(),
        };
        let path = self.dir.join(format!("{}.meta.json", new.id));
        let text = serde_json::to_vec(&meta).map_err(|e| io("write", &path, e))?;
        fs::write(&path, text).map_err(|e| io("write", &path, e))
    }

    fn log(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.jsonl"))
    }

    fn meta(&self, id: &str) -> Result<Meta, StoreError> {
        let path = self.dir.join(format!("{id}.meta.json"));
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
                })
            }
            Err(e) => Err(io("read", &path, e)),
        }
    }

    /// The session's whole lines; a torn last line (no newline) is left out.
    fn lines(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let path = self.log(id);
        if !path.exists() {
            return Err(StoreError::NotFound(id.to_string()));
        }
        let bytes = input::read(&path, InputKind::SessionLog).map_err(|e| io("read", &path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        let whole = text.rfind('\n').map_or("", |end| &text[..end]);
        Ok(whole
            .split('\n')
            .filter(|l| !whole.is_empty() || !l.is_empty())
            .map(str::to_string)
            .collect())
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
        session::lock(&self.log(id)).map_err(|e| match e {
            SessionError::InUse { id, holder } => StoreError::InUse { id, holder },
            other => StoreError::Backend(other.to_string()),
        })
    }
}

/// Appends to one log while holding its lock.
struct FileWriter {
    file: File,
    path: PathBuf,
    next: u64,
    _lock: SessionLock,
}

impl SessionWriter for FileWriter {
    fn next_seq(&self) -> u64 {
        self.next
    }

    fn append(&mut self, line: &str) -> Result<u64, StoreError> {
        let mut bytes = Vec::with_capacity(line.len() + 1);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        // One write: a kill leaves a whole line or a torn tail, which
        // `lock` sets aside.
        self.file
            .write_all(&bytes)
            .map_err(|e| io("write", &self.path, e))?;
        self.next += 1;
        Ok(self.next - 1)
    }
}

impl SessionStore for FileStore {
    fn describe(&self) -> String {
        format!("file:{}", self.dir.display())
    }

    fn create(&self, new: &NewSession, first: &str) -> Result<Box<dyn SessionWriter>, StoreError> {
        check_id(&new.id)?;
        fs::create_dir_all(&self.dir).map_err(|e| io("create", &self.dir, e))?;
        let path = self.log(&new.id);
        if path.exists() {
            return Err(StoreError::Exists(new.id.clone()));
        }
        let lock = self.locked(&new.id)?;
        // The log is made exclusively before its meta file is written: of
        // two creators of one id, the second fails here and overwrites
        // nothing.
        let file = OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => StoreError::Exists(new.id.clone()),
                _ => io("create", &path, e),
            })?;
        self.record(new)?;
        let mut writer = FileWriter {
            file,
            path,
            next: 1,
            _lock: lock,
        };
        writer.append(first)?;
        Ok(Box::new(writer))
    }

    fn lock(&self, id: &str, owner: &str) -> Result<Box<dyn SessionWriter>, StoreError> {
        self.owned(id, owner)?;
        let lock = self.locked(id)?;
        let path = self.log(id);
        let lines = self.lines(id)?;
        let whole: u64 = lines.iter().map(|l| l.len() as u64 + 1).sum();
        let size = fs::metadata(&path).map_err(|e| io("read", &path, e))?.len();
        if size > whole {
            // A writer killed mid-line: the log as it was is kept aside,
            // and the next event starts after the last whole one.
            let torn = path.with_extension("jsonl.torn");
            fs::copy(&path, &torn).map_err(|e| io("copy", &torn, e))?;
            OpenOptions::new()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_len(whole))
                .map_err(|e| io("repair", &path, e))?;
        }
        let file = OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(|e| io("open", &path, e))?;
        Ok(Box::new(FileWriter {
            file,
            path,
            next: lines.len() as u64 + 1,
            _lock: lock,
        }))
    }

    fn read(&self, id: &str, owner: &str, from: u64) -> Result<Vec<Stored>, StoreError> {
        self.owned(id, owner)?;
        Ok(self
            .lines(id)?
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

    /// Reads only the candidates' owners, not their logs.
    fn find(&self, part: &str, owner: &str) -> Result<String, StoreError> {
        let logs = session::list(&self.dir).map_err(|e| StoreError::Backend(e.to_string()))?;
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
        let logs = session::list(&self.dir).map_err(|e| StoreError::Backend(e.to_string()))?;
        let mut out = Vec::new();
        for log in logs {
            let Some(id) = log.file_stem().map(|s| s.to_string_lossy().to_string()) else {
                continue;
            };
            let meta = self.meta(&id)?;
            if meta.owner != owner {
                continue;
            }
            let events = self.lines(&id)?.len() as u64;
            out.push(Listed {
                id,
                owner: meta.owner,
                kind: meta.kind,
                request: meta.request,
                events,
            });
        }
        Ok(out)
    }
}
