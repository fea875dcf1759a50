//! The session service's part for ingests: starting an ingest's log,
//! choosing who drafts (a model or the offline extractor), and reopening
//! a stopped ingest to carry on.

use std::path::{Path, PathBuf};

use super::{ServiceError, SessionOptions, api_key_secret, model_for};
use crate::offline;
use crate::session::{self, Event, SessionLog};

/// Creates a new ingest session: its id and its log.
pub fn start_ingest(
    options: &SessionOptions,
    into: &Path,
    files: &[PathBuf],
    drafter: &str,
    lang: Option<&str>,
) -> Result<(String, SessionLog), ServiceError> {
    let id = session::new_id();
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let start = Event::IngestStart(crate::ingest::session::Started {
        id: id.clone(),
        into: into.display().to_string(),
        files: files.clone(),
        drafter: drafter.to_string(),
        lang: lang.map(str::to_string),
        created: session::now(),
    });
    let log = super::sessions::create_log(options, "ingest", &files.join(" "), id.clone(), &start)?;
    Ok((id, log))
}

/// A [`Decide`](super::Decide) as the ingest loop's
/// [`Confirm`](crate::ingest::session::Confirm); it keeps why the last
/// answer was not carried out.
struct Asking<'a> {
    decide: &'a mut dyn super::Decide,
    refused: Option<String>,
}

impl crate::ingest::session::Confirm for Asking<'_> {
    fn answer(
        &mut self,
        batch: &crate::ingest::Batch,
        i: usize,
    ) -> Result<crate::ingest::session::Reply, String> {
        self.decide.answer_proposal(batch, i)
    }

    fn refused(&mut self, note: &str) {
        self.refused = Some(note.to_string());
        self.decide.proposal_refused(note);
    }

    fn asks(&self) -> bool {
        self.decide.asks()
    }
}

/// How driving an ingest ended, and why the last answer given was not
/// carried out (when it was not: the proposal waits again).
pub struct IngestEnded {
    pub finished: crate::ingest::session::Finished,
    pub refused: Option<String>,
}

/// Runs an ingest from where `past` left it, answering its drafted
/// records with `decide`, logging to `log`: until it ends, is aborted, or
/// pauses at a record nobody here answers (resumable from its log).
pub fn drive_ingest(
    job: &crate::ingest::session::Ingest<'_>,
    past: crate::ingest::session::Past,
    decide: &mut dyn super::Decide,
    log: &mut SessionLog,
) -> Result<IngestEnded, ServiceError> {
    let mut asking = Asking {
        decide,
        refused: None,
    };
    let finished =
        crate::ingest::session::run(job, past, &mut asking, log).map_err(ServiceError::failure)?;
    Ok(IngestEnded {
        finished,
        refused: asking.refused,
    })
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
