//! Sessions limited to their owner, when several people share one
//! server: finding and listing only the owner's sessions, with another's
//! reported in the same words as one that does not exist.

use std::path::{Path, PathBuf};

use super::{ServiceError, SessionRow, sessions};
use crate::session;

/// The log of session `id` (a unique part of it) in `dir`; with an owner,
/// among that owner's sessions only, and another's is "not found" in the
/// same words as an id that does not exist.
pub fn find_log(dir: &Path, id: &str, owner: Option<&str>) -> Result<PathBuf, ServiceError> {
    use crate::store::SessionStore;
    let Some(owner) = owner else {
        return session::find(dir, id).map_err(|e| ServiceError::usage(e.to_string()));
    };
    match crate::store::files::FileStore::new(dir).find(id, owner) {
        Ok(found) => Ok(dir.join(format!("{found}.jsonl"))),
        Err(crate::store::StoreError::NotFound(_)) => Err(ServiceError::usage(
            session::SessionError::NotFound(id.to_string(), dir.display().to_string()).to_string(),
        )),
        Err(e) => Err(ServiceError::usage(e.to_string())),
    }
}

/// The sessions of `owner` (all, for `None`) in `dir`, as [`sessions`].
pub fn sessions_of(
    dir: Option<&Path>,
    owner: Option<&str>,
) -> Result<(PathBuf, Vec<SessionRow>), ServiceError> {
    let (dir, rows) = sessions(dir)?;
    let Some(owner) = owner else {
        return Ok((dir, rows));
    };
    let store = crate::store::files::FileStore::new(&dir);
    let rows = rows
        .into_iter()
        .filter(|r| store.owner_of(&r.id).is_ok_and(|o| o == owner))
        .collect();
    Ok((dir, rows))
}
