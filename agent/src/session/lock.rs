//! The one-writer-per-session lock: an advisory lock on `ID.lock` beside
//! the log.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use super::SessionError;
use crate::files::failed;

/// The exclusive right to write one session: an advisory lock on the
/// session's `ID.lock` file beside its log, held as long as this lives (a
/// killed process releases it). The file holds the holder's process id so
/// a refused writer can say who has it. It is never removed: removing it
/// would let two processes lock two different files of one name.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
}

/// The bytes a lock file's process id is written in (any pid fits).
const PID_WIDTH: u64 = 20;

/// Takes the lock of the session whose log is `log`, or says who holds it.
pub fn lock(log: &Path) -> Result<SessionLock, SessionError> {
    let path = log.with_extension("lock");
    let id = log
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(failed("open", &path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let holder = fs::read_to_string(&path)
                .ok()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .map_or("another steer process".to_string(), |pid| {
                    format!("process {pid}")
                });
            return Err(SessionError::InUse { id, holder });
        }
        Err(fs::TryLockError::Error(e)) => {
            return Err(failed("lock", &path)(e).into());
        }
    }
    // Only the holder writes its id, so a reader never sees a stale one
    // while the lock is held. The id is overwritten in place, padded to a
    // fixed width, rather than after truncating the file to nothing: ext4
    // (auto_da_alloc) starts writing a file back to disk when it is closed
    // after such a truncation, which made closing a session cost more than
    // all its events together.
    let pid = format!("{:<width$}", std::process::id(), width = PID_WIDTH as usize);
    file.write_all(pid.as_bytes())
        .and_then(|()| match file.metadata()?.len() > PID_WIDTH {
            true => file.set_len(PID_WIDTH),
            false => Ok(()),
        })
        .map_err(failed("write", &path))?;
    Ok(SessionLock { _file: file })
}
