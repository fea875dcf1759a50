//! The session index: each log's row (request, start, status) kept with
//! the log's length and modification time, so a listing re-reads only the
//! logs that changed since the last one. An MCP server answers every
//! `resources/list` from it instead of reading every log each time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use super::SessionRow;
use crate::session::{self, Event};

/// What tells a log changed: logs only grow, and each append moves both.
type Stamp = (u64, Option<SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// The process's index, shared by every listing.
fn index() -> &'static Mutex<HashMap<PathBuf, (Stamp, SessionRow)>> {
    static INDEX: OnceLock<Mutex<HashMap<PathBuf, (Stamp, SessionRow)>>> = OnceLock::new();
    INDEX.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The rows of `paths`, in order: from the index where a log is as it was,
/// else read with `read` (and indexed). Logs no longer listed are dropped
/// from the index, so it holds no more rows than there are logs.
pub fn rows(paths: &[PathBuf], read: impl Fn(&Path) -> SessionRow) -> Vec<SessionRow> {
    let stamps: Vec<Option<Stamp>> = paths.iter().map(|p| stamp(p)).collect();
    let mut known = index()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let rows = paths
        .iter()
        .zip(&stamps)
        .map(|(path, now)| match (now, known.get(path)) {
            (Some(now), Some((then, row))) if now == then => row.clone(),
            _ => {
                let row = read(path);
                if let Some(now) = now {
                    known.insert(path.clone(), (*now, row.clone()));
                }
                row
            }
        })
        .collect();
    // Only this directory's entries are pruned: another directory's
    // listing keeps its own.
    let listed: std::collections::HashSet<&PathBuf> = paths.iter().collect();
    let dirs: std::collections::HashSet<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
    known.retain(|p, _| listed.contains(p) || !p.parent().is_some_and(|d| dirs.contains(d)));
    rows
}

/// A session's status, as its last event tells it: after a decision, a
/// reply or a result the process was stopped mid-work (interrupted), not
/// waiting at a checkpoint.
pub fn status(last: Option<&Event>) -> String {
    match last {
        Some(Event::Report { report }) if report.aborted => "aborted".to_string(),
        Some(Event::Report { .. }) | Some(Event::IngestEnd { aborted: false }) => {
            "done".to_string()
        }
        Some(Event::IngestEnd { aborted: true }) => "aborted".to_string(),
        Some(Event::Pause { checkpoint, .. }) => format!("paused: {}", checkpoint.kind_name()),
        Some(Event::Cancelled { .. }) => "paused: cancelled".to_string(),
        _ => "interrupted".to_string(),
    }
}

/// A session's row from a store's listing: its status from the last
/// event the store keeps with it, no log read.
pub fn row_of_listed(listed: &crate::store::Listed) -> SessionRow {
    let last = listed
        .last
        .as_deref()
        .and_then(|l| serde_json::from_str::<session::Line>(l).ok());
    let status = match (&listed.last, &last) {
        (Some(_), None) => "unreadable".to_string(),
        _ => status(last.as_ref().map(|l| &l.event)),
    };
    let request = match listed.kind.as_str() {
        "ingest" => format!("ingest {}", listed.request),
        _ => listed.request.clone(),
    };
    SessionRow {
        started: session::started_of(&listed.id),
        id: listed.id.clone(),
        kind: listed.kind.clone(),
        chat: listed.chat.clone(),
        status,
        request: request.chars().take(60).collect(),
    }
}

/// A session's row, read from its log.
pub fn row_of(p: &Path) -> SessionRow {
    let id = p
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    match session::read(p) {
        Ok(events) => {
            let (request, started, kind, chat) = match events.first() {
                Some(Event::Start {
                    request,
                    created,
                    chat,
                    ..
                }) => (request.clone(), created.clone(), "research", chat.clone()),
                Some(Event::IngestStart(s)) => (
                    format!("ingest {}", s.files.join(" ")),
                    s.created.clone(),
                    "ingest",
                    None,
                ),
                _ => (String::new(), String::new(), "research", None),
            };
            let status = status(events.last());
            SessionRow {
                id,
                kind: kind.to_string(),
                chat,
                started,
                status,
                request: request.chars().take(60).collect(),
            }
        }
        // A listing's cell says that it is broken; `steer show` says why.
        Err(_) => SessionRow {
            request: crate::tr!(
                crate::i18n::speaking(),
                "session-unreadable-row",
                id = id.as_str()
            ),
            id,
            kind: "research".to_string(),
            chat: None,
            started: String::new(),
            status: "unreadable".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_log_is_read_again_only_when_it_changed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let a = dir.path().join("a.jsonl");
        let b = dir.path().join("b.jsonl");
        std::fs::write(&a, "one\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&b, "one\n").unwrap_or_else(|e| panic!("{e}"));
        let reads = Cell::new(0);
        let read = |p: &Path| {
            reads.set(reads.get() + 1);
            SessionRow {
                id: p.display().to_string(),
                kind: "research".to_string(),
                chat: None,
                started: String::new(),
                status: std::fs::read_to_string(p).unwrap_or_default(),
                request: String::new(),
            }
        };
        let paths = vec![a.clone(), b.clone()];
        assert_eq!(rows(&paths, read).len(), 2);
        assert_eq!(reads.get(), 2);
        rows(&paths, read);
        assert_eq!(reads.get(), 2, "unchanged logs are not read again");
        std::fs::write(&b, "one\ntwo\n").unwrap_or_else(|e| panic!("{e}"));
        let again = rows(&paths, read);
        assert_eq!(reads.get(), 3);
        assert_eq!(again[1].status, "one\ntwo\n");
    }
}
