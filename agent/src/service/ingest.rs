//! The session service's part for ingests: starting an ingest's log,
//! choosing who drafts (a model or the offline extractor), and reopening
//! a stopped ingest to carry on.

use std::path::{Path, PathBuf};

use super::{ServiceError, SessionOptions, api_key_secret, fresh_id, model_for};
use crate::offline;
use crate::session::{self, Event, SessionLog};

/// A logged ingest that has not finished, read back.
pub struct OpenedIngest {
    pub path: PathBuf,
    pub started: crate::ingest::session::Started,
    pub past: crate::ingest::session::Past,
    /// The number of events the log holds (to append after them).
    pub events: usize,
    pub lock: session::SessionLock,
    pub torn: Option<(usize, u64)>,
    /// The policy the resumed log is written under (this process's).
    pub durability: session::Durability,
}

impl OpenedIngest {
    /// The log, reopened for appending (a torn last line set aside first),
    /// and a note for the user when one was.
    pub fn reopen(self) -> Result<(SessionLog, Option<String>), ServiceError> {
        let repaired = match self.torn {
            Some((line, keep)) => Some(
                session::repair_torn(&self.path, line, keep)
                    .map_err(|e| ServiceError::failure(e.to_string()))?,
            ),
            None => None,
        };
        let log = SessionLog::reopen(&self.path, self.events)
            .map_err(|e| ServiceError::failure(e.to_string()))?
            .with_durability(self.durability)
            .with_lock(self.lock);
        Ok((log, repaired))
    }
}

/// Creates the log of a new ingest session.
pub fn start_ingest(
    model_options: &SessionOptions,
    into: &Path,
    files: &[PathBuf],
    drafter: &str,
    lang: Option<&str>,
) -> Result<SessionLog, ServiceError> {
    let dir = model_options.session_dir();
    let id = fresh_id(&dir);
    let start = Event::IngestStart(crate::ingest::session::Started {
        id: id.clone(),
        into: into.display().to_string(),
        files: files.iter().map(|f| f.display().to_string()).collect(),
        drafter: drafter.to_string(),
        lang: lang.map(str::to_string),
        created: session::now(),
    });
    SessionLog::create(
        &dir,
        &id,
        start,
        api_key_secret(),
        model_options.durability()?,
    )
    .map_err(|e| ServiceError::failure(e.to_string()))
}

/// Who drafts an ingest's records: the configured model (an endpoint, or
/// a cassette), else the embedded offline extractor (also `-m offline`).
pub fn drafter(
    options: &SessionOptions,
    timeout: u64,
    handle: tokio::runtime::Handle,
) -> Result<Box<dyn crate::ingest::Drafter>, ServiceError> {
    let configured = options.from_cassette.is_some()
        || options.base_url.is_some()
        || options
            .model
            .as_deref()
            .is_some_and(|m| m != offline::MODEL)
        || (options.model.is_none() && !api_key_secret().is_empty());
    if !configured {
        return Ok(Box::new(crate::ingest::Offline));
    }
    // Only a configured model gets here: nothing loads the dataset.
    let model = model_for(options, timeout, None, &super::Data::default(), None)?;
    Ok(Box::new(crate::ingest::model::ModelDrafter {
        model,
        handle,
    }))
}
