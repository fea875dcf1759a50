//! Moving a session between places: `steer sessions export ID` prints its
//! log; `steer sessions import FILE` adds a log to the session directory,
//! or (`--store postgres://...`) to a database, so a user can move from
//! files to PostgreSQL.
//! A log is checked whole before it is imported (every line an event of a
//! schema this steer reads, the first one its start), so an import never
//! leaves a session that cannot be resumed or listed.

use std::path::{Path, PathBuf};

use steer_tools::input::{self, InputKind};

use super::ServiceError;
use crate::run::Event;
use crate::session;

fn failure(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::failure(e.to_string())
}

/// What `export` found.
pub struct Exported {
    /// The log's whole lines, as written.
    pub text: String,
    /// A torn last line left out (a writer killed mid-line): its number.
    pub torn_line: Option<usize>,
}

/// The log of session `id` (any unique part of it) in `dir`.
pub fn export(dir: &Path, id: &str) -> Result<Exported, ServiceError> {
    let path = session::find(dir, id).map_err(failure)?;
    let read = session::read_log(&path).map_err(failure)?;
    let mut text = input::read_to_string(&path, InputKind::SessionLog).map_err(failure)?;
    let torn_line = read.torn.map(|(line, keep)| {
        text.truncate(usize::try_from(keep).unwrap_or(text.len()));
        line
    });
    Ok(Exported { text, torn_line })
}

/// The id a session's first event gives it.
fn id_of(first: Option<&Event>) -> Option<&str> {
    match first? {
        Event::Start { id, .. } => Some(id),
        Event::IngestStart(started) => Some(&started.id),
        _ => None,
    }
}

/// An id usable as a file name: letters, digits, `-` and `_`.
fn safe(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Adds the log in `file` to `dir` under the id its start event names;
/// returns that id. Refused, with nothing written: a log that does not
/// read whole (the line at fault is named), one whose first event is not
/// a start, and an id already in `dir`.
/// The disk refusing `what` (a message id taking `path` and `why`) on `path`.
fn refused(what: &str, path: &Path, e: &std::io::Error) -> ServiceError {
    let lang = crate::i18n::speaking();
    failure(crate::tr!(
        lang,
        what,
        path = path.display().to_string(),
        why = crate::localised::io_reason(e, lang)
    ))
}

pub fn import(dir: &Path, file: &Path) -> Result<String, ServiceError> {
    let text = input::read(file, InputKind::SessionLog).map_err(failure)?;
    std::fs::create_dir_all(dir).map_err(|e| refused("io-cannot-create", dir, &e))?;
    // Checked where it will live (the same reader resume uses), under a
    // name no listing shows, then linked into place: a link fails when the
    // name is taken, so two imports of one session cannot both land.
    let aside = tempfile::Builder::new()
        .prefix(".import-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| refused("io-cannot-write", dir, &e))?;
    let mut aside = aside;
    // Synced before it is linked: an imported session is as durable as
    // one steer wrote under `--durability sync`.
    std::io::Write::write_all(aside.as_file_mut(), &text)
        .and_then(|()| aside.as_file().sync_all())
        .map_err(|e| refused("io-cannot-write", aside.path(), &e))?;
    let read = session::read_log(aside.path()).map_err(|e| {
        failure(e.to_string().replace(
            &aside.path().display().to_string(),
            &file.display().to_string(),
        ))
    })?;
    if let Some((line, _)) = read.torn {
        return Err(failure(format!(
            "{}:{line}: the last line is cut off (a writer was killed mid-line); export the session again, or remove that line",
            file.display()
        )));
    }
    let id = id_of(read.events.first())
        .ok_or_else(|| {
            failure(format!(
                "{}:1: not a session log: the first event must be the session's start",
                file.display()
            ))
        })?
        .to_string();
    if !safe(&id) {
        return Err(failure(format!(
            "{}:1: the session id {id:?} is not usable as a file name (letters, digits, - and _ only)",
            file.display()
        )));
    }
    let target: PathBuf = dir.join(format!("{id}.jsonl"));
    std::fs::hard_link(aside.path(), &target).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            failure(crate::tr!(
                crate::i18n::speaking(),
                "import-exists",
                id = id.as_str(),
                dir = dir.display().to_string()
            ))
        } else {
            refused("io-cannot-write", &target, &e)
        }
    })?;
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| refused("io-cannot-sync", dir, &e))?;
    Ok(id)
}

/// The log of session `id` (any unique part of it) in a database store,
/// as `export` prints it: one event per line.
pub fn export_from(
    store: &dyn crate::store::SessionStore,
    id: &str,
    owner: &str,
) -> Result<Exported, ServiceError> {
    let id = store
        .find(id, owner)
        .map_err(|e| super::sessions::refused(store, e))?;
    let mut text = String::new();
    for event in store.read(&id, owner, 1).map_err(failure)? {
        text.push_str(&event.line);
        text.push('\n');
    }
    Ok(Exported {
        text,
        torn_line: None,
    })
}

/// Loads the log in `file` into a database store, owned by `owner`; the
/// same checks as [`import`] first, and nothing is kept when one fails.
pub fn import_into(
    store: &dyn crate::store::SessionStore,
    file: &Path,
    owner: &str,
) -> Result<String, ServiceError> {
    let scratch = tempfile::tempdir().map_err(|e| {
        failure(crate::tr!(
            crate::i18n::speaking(),
            "scratch-dir-failed",
            error = e.to_string()
        ))
    })?;
    // Checked by the file import into a scratch directory: one reader
    // judges every log, whatever store it goes to.
    let id = import(scratch.path(), file)?;
    let log = scratch.path().join(format!("{id}.jsonl"));
    let read = session::read_log(&log).map_err(failure)?;
    let (kind, request, chat) = match read.events.first() {
        Some(Event::IngestStart(started)) => ("ingest", started.files.join(", "), None),
        Some(Event::Start { request, chat, .. }) => ("research", request.clone(), chat.clone()),
        _ => ("research", String::new(), None),
    };
    let text = std::fs::read_to_string(&log).map_err(|e| refused("io-cannot-read", &log, &e))?;
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let new = crate::store::NewSession {
        id: id.clone(),
        owner: owner.to_string(),
        kind: kind.to_string(),
        request,
        chat,
    };
    let mut writer = store.create(&new, first).map_err(failure)?;
    for line in lines {
        if let Err(e) = writer.append(line) {
            // Half a session is not kept: it would resume from the wrong
            // place.
            drop(writer);
            let _ = store.remove(&id, owner);
            return Err(failure(format!("{e}; nothing was imported")));
        }
    }
    Ok(id)
}
