//! The error of a file operation, with the file and the cause kept: what
//! the session log and the dataset writer report when the disk refuses.

use std::path::{Path, PathBuf};

/// A file (or directory) could not be used.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}: {source}", path.display())]
pub struct FileError {
    /// What was being done (`open`, `write`, `create`, ...).
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Turns the `io::Error` of `action` on `path` into a [`FileError`]:
/// `.map_err(failed("read", &path))`.
pub fn failed<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> FileError + 'a {
    move |source| FileError {
        action,
        path: path.to_path_buf(),
        source,
    }
}
