//! Starting, opening and resuming sessions through the store the options
//! name: the one way a front-end gets a session's log, whichever store
//! keeps it.

use std::path::PathBuf;
use std::sync::Arc;

use steer_tools::Toolbox;

use super::{ServiceError, SessionOptions, api_key_secret};
use crate::model::Model;
use crate::run::{Driver, Limits, Policy, Run, Turn};
use crate::session::{self, Event, SessionLog};
use crate::store::{NewSession, SessionStore, SessionWriter, StoreError};

/// What a new session records in its first event and runs.
pub struct NewRun {
    pub request: String,
    pub policy: Policy,
    pub limits: Limits,
    /// Earlier turns of the chat this request follows up.
    pub context: Vec<Turn>,
    /// The language the run speaks and reports in.
    pub lang: crate::i18n::Lang,
}

/// A store's refusal, as the service reports it: the caller's mistake
/// (an id not found or ambiguous) or a failure (a session in use is one:
/// the command did nothing wrong, and can be run again).
pub(super) fn refused(store: &dyn SessionStore, e: StoreError) -> ServiceError {
    match e {
        StoreError::NotFound(id) => {
            ServiceError::usage(session::SessionError::NotFound(id, store.describe()).to_string())
        }
        e @ (StoreError::Ambiguous { .. } | StoreError::BadId(_)) => {
            ServiceError::usage(e.to_string())
        }
        e => ServiceError::failure(e.to_string()),
    }
}

/// Creates session `id` of `kind` in the options' store, its first event
/// `start`, and the log to append the rest to.
pub(super) fn create_log(
    options: &SessionOptions,
    kind: &str,
    request: &str,
    id: String,
    start: &Event,
) -> Result<SessionLog, ServiceError> {
    let store = options.store()?;
    let secrets = api_key_secret();
    let first =
        session::encode(1, start, &secrets).map_err(|e| ServiceError::failure(e.to_string()))?;
    let new = NewSession {
        id,
        owner: options.owner(),
        kind: kind.to_string(),
        request: request.to_string(),
    };
    let writer = store
        .create(&new, &first)
        .map_err(|e| refused(store.as_ref(), e))?;
    Ok(SessionLog::new(writer, store.log_path(&new.id)).with_secrets(secrets))
}

/// Creates the session and a driver for a new run.
pub fn start_session(
    new: NewRun,
    model: Arc<dyn Model>,
    toolbox: Toolbox,
    data: Option<&PathBuf>,
    options: &SessionOptions,
) -> Result<Driver, ServiceError> {
    let id = session::new_id();
    let start = Event::Start {
        id: id.clone(),
        request: new.request.clone(),
        policy: new.policy.to_string(),
        limits: new.limits.clone(),
        model: model.name(),
        data: data.map_or("built-in".to_string(), |d| d.display().to_string()),
        created: session::now(),
        context: new.context.clone(),
        lang: new.lang,
    };
    let log = create_log(options, "research", &new.request, id.clone(), &start)?;
    let run = new_run(&id, new, &toolbox);
    Ok(Driver::new(run, model, toolbox, Some(Box::new(log))))
}

/// A session that has not finished, read back under its writer lock.
pub struct Opened {
    pub events: Vec<Event>,
    pub id: String,
    pub request: String,
    pub policy: Policy,
    pub limits: Limits,
    /// The model the session was started with.
    pub model: String,
    pub context: Vec<Turn>,
    pub lang: crate::i18n::Lang,
    /// This process's hold on the session: the one writer of its events.
    pub writer: Box<dyn SessionWriter>,
    /// The file the store keeps it in, when it keeps files.
    pub log_path: Option<PathBuf>,
}

impl Opened {
    /// How many model replies the log holds.
    pub fn model_replies(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, Event::ModelReply { .. }))
            .count()
    }
}

/// A logged ingest that has not finished, read back under its lock.
pub struct OpenedIngest {
    pub started: crate::ingest::session::Started,
    pub past: crate::ingest::session::Past,
    /// This process's hold on the session: the one writer of its events.
    pub writer: Box<dyn SessionWriter>,
    /// The file the store keeps it in, when it keeps files.
    pub log_path: Option<PathBuf>,
}

impl OpenedIngest {
    /// The log, reopened for appending, and a note for the user when the
    /// store set a torn last line aside.
    pub fn reopen(mut self) -> Result<(SessionLog, Option<String>), ServiceError> {
        let repaired = self
            .writer
            .repaired()
            .map_err(|e| ServiceError::failure(e.to_string()))?;
        let log = SessionLog::new(self.writer, self.log_path).with_secrets(api_key_secret());
        Ok((log, repaired))
    }
}

/// A session to resume: a research run or an ingest.
pub enum Resumable {
    Run(Opened),
    Ingest(OpenedIngest),
}

/// Finds session `id` (or a unique part of it) among the owner's and
/// reads it; a finished session is refused with where it is kept.
pub fn open_session(options: &SessionOptions, id: &str) -> Result<Opened, ServiceError> {
    match open(options, id)? {
        Resumable::Run(opened) => Ok(opened),
        Resumable::Ingest(i) => Err(ServiceError::usage(format!(
            "session {} is an ingest, not a research run; resume it with `steer resume {}`",
            i.started.id, i.started.id
        ))),
    }
}

/// The whole id of the owner's session `id` (a unique part of it) and
/// its events, read without taking its lock (for reading a report).
pub fn read_session(
    options: &SessionOptions,
    id: &str,
) -> Result<(String, Vec<Event>), ServiceError> {
    let store = options.store()?;
    let owner = options.owner();
    let id = store
        .find(id, &owner)
        .map_err(|e| refused(store.as_ref(), e))?;
    let stored = store
        .read(&id, &owner, 1)
        .map_err(|e| refused(store.as_ref(), e))?;
    let events = session::parse_stored(&store.locate(&id), &stored)
        .map_err(|e| ServiceError::failure(e.to_string()))?;
    Ok((id, events))
}

/// Finds session `id` (or a unique part of it) among the owner's, takes
/// its writer lock and reads it, run or ingest; a finished session is
/// refused with where it is kept.
pub fn open(options: &SessionOptions, id: &str) -> Result<Resumable, ServiceError> {
    let store = options.store()?;
    let owner = options.owner();
    let id = store
        .find(id, &owner)
        .map_err(|e| refused(store.as_ref(), e))?;
    // The lock comes before the read: what is read stays true until this
    // process lets go, so two resumes can never both append.
    let writer = store
        .lock(&id, &owner)
        .map_err(|e| refused(store.as_ref(), e))?;
    let place = store.locate(&id);
    let stored = store
        .read(&id, &owner, 1)
        .map_err(|e| refused(store.as_ref(), e))?;
    let events =
        session::parse_stored(&place, &stored).map_err(|e| ServiceError::failure(e.to_string()))?;
    let log_path = store.log_path(&id);
    if let Some(Event::IngestStart(started)) = events.first() {
        if events.iter().any(|e| matches!(e, Event::IngestEnd { .. })) {
            return Err(ServiceError::usage(format!(
                "ingest {} has already finished; its log is {place}",
                started.id
            )));
        }
        let past = crate::ingest::session::Past::read(events.iter().filter_map(Event::as_ingest))
            .map_err(|e| ServiceError::failure(format!("{place}: {e}")))?;
        return Ok(Resumable::Ingest(OpenedIngest {
            started: started.clone(),
            past,
            writer,
            log_path,
        }));
    }
    let Some(Event::Start {
        id,
        request,
        policy,
        limits,
        model,
        context,
        lang,
        ..
    }) = events.first().cloned()
    else {
        return Err(ServiceError::failure(format!(
            "{place}: the log has no start event"
        )));
    };
    if events.iter().any(|e| matches!(e, Event::Report { .. })) {
        return Err(ServiceError::usage(format!(
            "session {id} has already finished; its report is in {place}"
        )));
    }
    let policy: Policy = policy.parse().map_err(ServiceError::failure)?;
    Ok(Resumable::Run(Opened {
        events,
        id,
        request,
        policy,
        limits,
        model,
        context,
        lang,
        writer,
        log_path,
    }))
}

/// The run a session holds, as its start event describes it: a new one
/// and a resumed one are built the same way, so a replay lands in the
/// same state.
fn new_run(id: &str, new: NewRun, toolbox: &Toolbox) -> Run {
    Run::new(
        id,
        &new.request,
        toolbox.shared_specs().collect(),
        new.policy,
        new.limits,
    )
    .with_context(&new.context)
    .with_lang(new.lang)
}

/// A driver that replays `opened`'s log, then carries on live, and a note
/// for the user when the store set a torn last line aside. The whole log
/// is checked against the replay first: a log the run no longer matches
/// is refused before anything is appended to it.
pub fn resume_driver(
    mut opened: Opened,
    model: Arc<dyn Model>,
    toolbox: Toolbox,
) -> Result<(Driver, Option<String>), ServiceError> {
    let run = new_run(
        &opened.id,
        NewRun {
            request: opened.request,
            policy: opened.policy,
            limits: opened.limits,
            context: opened.context,
            lang: opened.lang,
        },
        &toolbox,
    );
    Driver::new(run.clone(), model.clone(), toolbox.clone(), None)
        .with_replay(opened.events.clone())
        .verify_replay()
        .map_err(|e| ServiceError::failure(e.to_string()))?;
    let repaired = opened
        .writer
        .repaired()
        .map_err(|e| ServiceError::failure(e.to_string()))?;
    let log = SessionLog::new(opened.writer, opened.log_path).with_secrets(api_key_secret());
    let driver = Driver::new(run, model, toolbox, Some(Box::new(log))).with_replay(opened.events);
    Ok((driver, repaired))
}
