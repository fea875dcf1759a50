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
    /// The chat this request is a turn of (its id), when it is one.
    pub chat: Option<String>,
}

/// A store's refusal, as the service reports it: the caller's mistake
/// (an id not found or ambiguous) or a failure (a session in use is one:
/// the command did nothing wrong, and can be run again).
pub(super) fn refused(store: &dyn SessionStore, e: StoreError) -> ServiceError {
    match e {
        StoreError::NotFound(id) => ServiceError::usage(crate::tr!(
            crate::i18n::speaking(),
            "session-not-found",
            id = id,
            place = store.describe()
        )),
        e @ (StoreError::Ambiguous { .. } | StoreError::BadId(_)) => {
            ServiceError::usage(crate::localised::store_error(&e, crate::i18n::speaking()))
        }
        e => ServiceError::failure(crate::localised::store_error(&e, crate::i18n::speaking())),
    }
}

/// A session log that cannot be used, said in the language steer speaks.
fn unusable(e: &crate::session::SessionError) -> ServiceError {
    ServiceError::failure(session_error(e, crate::i18n::speaking()))
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
    let chat = match start {
        Event::Start { chat, .. } => chat.clone(),
        _ => None,
    };
    let store = options.store()?;
    let secrets = api_key_secret();
    let first = session::encode(1, start, &secrets).map_err(|e| unusable(&e))?;
    let new = NewSession {
        id,
        owner: options.owner(),
        kind: kind.to_string(),
        request: request.to_string(),
        chat,
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
        chat: new.chat.clone(),
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
    /// The chat it is a turn of.
    pub chat: Option<String>,
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
        let repaired = self.writer.repaired().map_err(|e| {
            ServiceError::failure(crate::localised::store_error(&e, crate::i18n::speaking()))
        })?;
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
    let events = session::parse_stored(&store.locate(&id), &stored).map_err(|e| unusable(&e))?;
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
    let events = session::parse_stored(&place, &stored).map_err(|e| unusable(&e))?;
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
        chat,
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
        chat,
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
            chat: opened.chat,
        },
        &toolbox,
    );
    Driver::new(run.clone(), model.clone(), toolbox.clone(), None)
        .with_replay(opened.events.clone())
        .verify_replay()
        .map_err(|e| ServiceError::failure(e.to_string()))?;
    let repaired = opened.writer.repaired().map_err(|e| {
        ServiceError::failure(crate::localised::store_error(&e, crate::i18n::speaking()))
    })?;
    let log = SessionLog::new(opened.writer, opened.log_path).with_secrets(api_key_secret());
    let driver = Driver::new(run, model, toolbox, Some(Box::new(log))).with_replay(opened.events);
    Ok((driver, repaired))
}

/// A session opened to carry on: a research run's driver (with a note
/// when the store set a torn last line aside), or an ingest.
pub enum Resumed {
    Run {
        driver: Box<Driver>,
        repaired: Option<String>,
    },
    Ingest(OpenedIngest),
}

/// The one thing a front-end (the command line, the chat, the MCP server,
/// eval) holds to work with sessions: it starts, resumes, lists and reads
/// them through the store the options name, on the model they configure;
/// the front-end then drives the run with [`super::drive`] and a
/// [`super::Decide`] of its own.
#[derive(Clone)]
pub struct SessionService {
    options: SessionOptions,
    data: super::Data,
    /// Seconds before a model request times out.
    timeout: u64,
    /// The model new sessions talk to, when the front-end holds one (the
    /// chat's, an eval's); otherwise chosen for each session.
    model: Option<Arc<dyn Model>>,
    /// Where to record the model's exchanges as a cassette.
    record: Option<PathBuf>,
}

impl SessionService {
    pub fn new(options: SessionOptions, data: super::Data, timeout: u64) -> SessionService {
        SessionService {
            options,
            data,
            timeout,
            model: None,
            record: None,
        }
    }

    /// New sessions talk to `model`; a resumed one too, when the options
    /// name a model (else it goes on with its own).
    pub fn with_model(mut self, model: Arc<dyn Model>) -> SessionService {
        self.model = Some(model);
        self
    }

    /// Records the model's exchanges to a cassette at `path`.
    pub fn recording(mut self, path: Option<&std::path::Path>) -> SessionService {
        self.record = path.map(std::path::Path::to_path_buf);
        self
    }

    /// The same service for `owner`'s requests (an MCP token's name).
    pub fn for_owner(&self, owner: Option<String>) -> SessionService {
        let mut service = self.clone();
        if owner.is_some() {
            service.options.owner = owner;
        }
        service
    }

    pub fn options(&self) -> &SessionOptions {
        &self.options
    }

    pub fn data(&self) -> &super::Data {
        &self.data
    }

    /// The model new sessions talk to.
    pub fn model(&self) -> Result<Arc<dyn Model>, ServiceError> {
        match &self.model {
            Some(m) => Ok(m.clone()),
            None => super::model_for(
                &self.options,
                self.timeout,
                None,
                &self.data,
                self.record.as_deref(),
            ),
        }
    }

    /// Starts a research run on `new`: its driver, logging to the store.
    pub fn start(&self, new: NewRun) -> Result<Driver, ServiceError> {
        let model = self.model()?;
        start_session(
            new,
            model,
            self.data.toolbox()?,
            self.data.dir(),
            &self.options,
        )
    }

    /// Opens the owner's session `id` (any unique part of it) under its
    /// lock to carry on; a research run is replayed to where it stopped.
    pub fn resume(&self, id: &str) -> Result<Resumed, ServiceError> {
        let opened = match self.open(id)? {
            Resumable::Run(opened) => opened,
            Resumable::Ingest(ingest) => return Ok(Resumed::Ingest(ingest)),
        };
        let (driver, repaired) = self.carry_on(opened)?;
        Ok(Resumed::Run {
            driver: Box::new(driver),
            repaired,
        })
    }

    /// Takes the owner's session `id` (any unique part of it) under its
    /// lock and reads it, run or ingest.
    pub fn open(&self, id: &str) -> Result<Resumable, ServiceError> {
        open(&self.options, id)
    }

    /// [`open`](Self::open), of a research run only.
    pub fn open_run(&self, id: &str) -> Result<Opened, ServiceError> {
        open_session(&self.options, id)
    }

    /// A driver that replays `opened` and carries on live, and a note
    /// when the store set a torn last line aside.
    pub fn carry_on(&self, opened: Opened) -> Result<(Driver, Option<String>), ServiceError> {
        // A model the options name is the front-end's; otherwise the
        // session's own, and a cassette replay picks up after the
        // exchanges its log holds.
        let model = match &self.model {
            Some(m) if self.options.model.is_some() && self.options.from_cassette.is_none() => {
                m.clone()
            }
            _ => super::model_for(&self.options, self.timeout, Some(&opened), &self.data, None)?,
        };
        resume_driver(opened, model, self.data.toolbox()?)
    }

    /// The owner's sessions, oldest first, and where they are kept.
    pub fn list(&self) -> Result<(String, Vec<super::SessionRow>), ServiceError> {
        super::sessions(&self.options)
    }

    /// The owner's session `id`: its whole id and its events.
    pub fn read(&self, id: &str) -> Result<(String, Vec<Event>), ServiceError> {
        read_session(&self.options, id)
    }
}

/// A session log that cannot be used, in `lang`. Here rather than in
/// `localised`: `ingest::session` uses `localised` and `session` uses
/// `ingest::session`, so `localised` may not import `session`.
pub(crate) fn session_error(e: &crate::session::SessionError, lang: crate::i18n::Lang) -> String {
    use crate::session::SessionError as S;
    if lang == crate::i18n::Lang::En {
        return e.to_string();
    }
    match e {
        S::NotFound(id, place) => crate::tr!(
            lang,
            "session-not-found",
            id = id.as_str(),
            place = place.as_str()
        ),
        S::InUse { id, holder } => crate::tr!(
            lang,
            "store-in-use",
            id = id.as_str(),
            holder = holder.as_str()
        ),
        S::Corrupt {
            path,
            line,
            message,
        } => crate::tr!(
            lang,
            "session-corrupt",
            path = path.as_str(),
            line = *line,
            detail = message.as_str()
        ),
        S::Io(f) => crate::localised::file_error(f, lang),
        S::Input(i) => crate::localised::input_error(i, lang),
        S::Exists(path) => crate::tr!(lang, "store-exists", id = path.display().to_string()),
        S::Ambiguous { id, matches } => crate::tr!(
            lang,
            "store-ambiguous",
            part = id.as_str(),
            n = matches.len(),
            matches = matches.join(", ")
        ),
        S::Store(s) => crate::localised::store_error(s, lang),
        S::Encode(_) => e.to_string(),
    }
}
