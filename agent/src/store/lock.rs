//! The one-writer-per-session lock: an advisory lock on `ID.lock` beside
//! the log.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use super::StoreError;
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

/// Opens (or creates) the lock file at `path`, never through a symlink:
/// a link planted there must not have its target overwritten with our
/// pid. A new file is created exclusively; an existing one must be a
/// regular file.
fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = match options.clone().create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            options.open(path).map_err(|e| refuse_link(path, e))?
        }
        Err(e) => return Err(refuse_link(path, e)),
    };
    let kind = file
        .metadata()
        .map_err(failed("inspect", path))?
        .file_type();
    if !kind.is_file() {
        return Err(failed("lock", path)(std::io::Error::other("it is not a regular file")).into());
    }
    Ok(file)
}

/// The error of opening a lock file, saying so when it was a symlink
/// (`ELOOP` under `O_NOFOLLOW`).
fn refuse_link(path: &Path, e: std::io::Error) -> StoreError {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return failed("lock", path)(std::io::Error::other(
            "it is a symbolic link, which steer does not follow for a lock",
        ))
        .into();
    }
    failed("open", path)(e).into()
}

/// Takes the lock of the session whose log is `log`, or says who holds it.
pub fn lock(log: &Path) -> Result<SessionLock, StoreError> {
    let path = log.with_extension("lock");
    let id = log
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut file = open_lock_file(&path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            // From the file opened and checked above, a PID's worth of
            // it: the path may have been swapped since.
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(
                &mut std::io::Read::take(&mut file, 2 * PID_WIDTH),
                &mut text,
            );
            let holder = Some(text)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .map_or("another steer process".to_string(), |pid| {
                    format!("process {pid}")
                });
            return Err(StoreError::InUse { id, holder });
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
