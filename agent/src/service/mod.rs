//! The session service: one place that chooses the model (an endpoint,
//! the offline planner, a cassette), starts, opens, locks and resumes a
//! session, and asks a [`Decide`] for each checkpoint. The command line,
//! the chat and the MCP server are front-ends over it; none imports
//! another.

mod decide;
mod drive;
mod index;
mod ingest;
mod owners;
pub use owners::{find_log, sessions_of};
pub mod serve;
mod summary;
pub mod transfer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use steer_tools::{Dataset, Toolbox};

pub use decide::{AnswerFuture, Answered, Automatic, Before, Decide, FirstThen, Nobody, record};
pub use drive::{Cancel, Ended, Uncancellable, drive};
pub use ingest::{OpenedIngest, drafter, start_ingest};
pub use summary::{
    CheckpointSummary, PlanSummary, ReportSummary, RunStatus, RunSummary, StepSummary,
};

use crate::cassette::Recorder;
use crate::model::openai::production_service;
use crate::model::{Endpoint, Model, OpenAiModel};
use crate::offline;
use crate::run::{Driver, Limits, Policy, Run, Turn};
use crate::session::{self, Event, SessionLog};

const DEFAULT_MODEL: &str = "gpt-4.1-mini";

/// Seconds before a model request times out, unless a front-end says.
pub const DEFAULT_TIMEOUT_SECS: u64 = 120;

/// What went wrong, and whose to fix: the caller's request (`Usage`), or
/// anything else (`Failure`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failure(String),
}

impl ServiceError {
    pub fn usage(message: impl Into<String>) -> Self {
        ServiceError::Usage(message.into())
    }

    pub fn failure(message: impl Into<String>) -> Self {
        ServiceError::Failure(message.into())
    }
}

/// The model and session settings a front-end gathered (flags, the
/// environment, the config file).
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// Model name, as the endpoint knows it.
    pub model: Option<String>,
    /// An OpenAI-compatible endpoint.
    pub base_url: Option<String>,
    /// Where session logs are kept (default: the XDG data dir).
    pub session_dir: Option<PathBuf>,
    /// Answer model requests from this cassette.
    pub from_cassette: Option<PathBuf>,
    /// en, ja or auto.
    pub lang: Option<String>,
    /// What session logs survive: flush (the default) or sync.
    pub durability: Option<String>,
    /// Whose sessions these are, when several people share a server (an
    /// MCP token's name): new sessions record it, and only its sessions
    /// are found, listed or resumed. `None`: the local user's command,
    /// which sees the whole session directory.
    pub owner: Option<String>,
}

/// The owner of an MCP request over HTTP (its token's name), set by the
/// HTTP guard as a request extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner(pub String);

impl SessionOptions {
    /// The language setting (`auto` unless set).
    pub fn lang(&self) -> Result<crate::i18n::LangSetting, ServiceError> {
        match &self.lang {
            Some(l) => l.parse().map_err(ServiceError::usage),
            None => Ok(crate::i18n::LangSetting::Auto),
        }
    }

    /// The durability policy of session logs (`flush` unless set).
    pub fn durability(&self) -> Result<session::Durability, ServiceError> {
        match &self.durability {
            Some(d) => d.parse().map_err(ServiceError::usage),
            None => Ok(session::Durability::default()),
        }
    }

    fn session_dir(&self) -> PathBuf {
        self.session_dir
            .clone()
            .unwrap_or_else(session::default_dir)
    }
}

/// The dataset a command works on (`--data DIR`, or the built-in one):
/// loaded on first use, then shared by the toolbox, the offline planner
/// and whatever else reads it, so a command loads it once. Clones share
/// the loaded dataset; after the directory changes (an ingest), make a
/// new one.
#[derive(Clone, Default)]
pub struct Data {
    dir: Option<PathBuf>,
    loaded: Arc<std::sync::OnceLock<Arc<Dataset>>>,
}

impl Data {
    pub fn new(dir: Option<&PathBuf>) -> Data {
        Data {
            dir: dir.cloned(),
            loaded: Arc::default(),
        }
    }

    /// The dataset directory; `None` for the built-in dataset.
    pub fn dir(&self) -> Option<&PathBuf> {
        self.dir.as_ref()
    }

    /// The dataset, loaded the first time (refusing an invalid one with
    /// every problem listed).
    pub fn dataset(&self) -> Result<Arc<Dataset>, ServiceError> {
        if let Some(d) = self.loaded.get() {
            return Ok(d.clone());
        }
        let loaded = Arc::new(
            steer_tools::dataset::load(self.dir.as_ref())
                .map_err(|e| ServiceError::failure(e.to_string()))?,
        );
        // Another clone may have loaded it meanwhile: keep the first.
        Ok(self.loaded.get_or_init(|| loaded).clone())
    }

    /// The research toolbox over the dataset.
    pub fn toolbox(&self) -> Result<Toolbox, ServiceError> {
        Toolbox::research(self.dataset()?).map_err(|e| ServiceError::failure(e.to_string()))
    }
}

/// The model a command talks to. `resumed` is the session being resumed:
/// its recorded model is the default, and a cassette replay skips the
/// exchanges its log already holds.
pub fn model_for(
    options: &SessionOptions,
    timeout: u64,
    resumed: Option<&Opened>,
    data: &Data,
    record: Option<&Path>,
) -> Result<Arc<dyn Model>, ServiceError> {
    let recorded = resumed.map(|o| o.model.as_str());
    let key = std::env::var("OPENAI_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty());
    let chosen = options.model.clone().or(recorded.map(str::to_string));
    let endpoint = Endpoint {
        base_url: options.base_url.clone(),
        api_key: key.clone(),
        model: chosen.clone().unwrap_or_else(|| DEFAULT_MODEL.to_string()),
        timeout: Duration::from_secs(timeout),
        max_retries: 3,
    };
    let secrets = api_key_secret();
    if let Some(path) = &options.from_cassette {
        if record.is_some() {
            return Err(ServiceError::usage(
                "--from-cassette replays a recording; it cannot be combined with `steer record`",
            ));
        }
        let skip = resumed.map_or(0, Opened::model_replies);
        return replayed_model(path, options.model.clone(), endpoint, skip);
    }
    // Nothing configured, or asked for by name: the embedded offline
    // planner, plugged in below async-openai like any endpoint.
    let nothing_configured = key.is_none() && options.base_url.is_none();
    if chosen.as_deref() == Some(offline::MODEL) || (nothing_configured && chosen.is_none()) {
        let data = data.dataset()?;
        let endpoint = Endpoint {
            model: offline::MODEL.to_string(),
            ..endpoint
        };
        let planner = crate::cassette::Answering::new(offline::OfflinePlanner::new(data));
        return Ok(match record {
            Some(path) => Arc::new(
                OpenAiModel::with_service(
                    &endpoint,
                    Recorder::new(
                        planner,
                        path.to_path_buf(),
                        "recorded with `steer record` from steer's offline planner",
                        secrets,
                    ),
                )
                .without_feedback(),
            ),
            None => Arc::new(OpenAiModel::with_service(&endpoint, planner).without_feedback()),
        });
    }
    if nothing_configured {
        return Err(ServiceError::usage(format!(
            "model `{}` needs an endpoint: set OPENAI_API_KEY, or point --base-url / OPENAI_BASE_URL at an OpenAI-compatible server (Ollama, vLLM, llama.cpp); `-m offline` uses the built-in offline planner",
            endpoint.model
        )));
    }
    Ok(match record {
        Some(path) => {
            let comment = format!(
                "recorded with `steer record` from {} (model {})",
                options.base_url.as_deref().unwrap_or("api.openai.com"),
                endpoint.model
            );
            Arc::new(OpenAiModel::with_service(
                &endpoint,
                Recorder::new(
                    production_service(endpoint.max_retries, endpoint.timeout),
                    path.to_path_buf(),
                    &comment,
                    secrets,
                ),
            ))
        }
        None => Arc::new(OpenAiModel::new(&endpoint)),
    })
}

/// A model answering from the cassette at `path`, under the model name it
/// was recorded with (unless `-m` names another).
fn replayed_model(
    path: &Path,
    chosen: Option<String>,
    endpoint: Endpoint,
    skip: usize,
) -> Result<Arc<dyn Model>, ServiceError> {
    let cassette =
        crate::cassette::Cassette::load(path).map_err(|e| ServiceError::usage(e.to_string()))?;
    let recorded = cassette
        .interactions
        .first()
        .and_then(|i| i.request.body["model"].as_str())
        .map(str::to_string);
    let Some(model) = chosen.or(recorded) else {
        return Err(ServiceError::usage(format!(
            "cassette {} records no model request",
            path.display()
        )));
    };
    let endpoint = Endpoint {
        model,
        max_retries: 0,
        ..endpoint
    };
    let replayer =
        crate::cassette::Replayer::new(cassette, &path.display().to_string()).starting_at(skip);
    // A recording of the offline planner cannot act on feedback either.
    let offline_recording = endpoint.model == offline::MODEL;
    let model = OpenAiModel::with_service(&endpoint, crate::cassette::Answering::new(replayer));
    Ok(Arc::new(if offline_recording {
        model.without_feedback()
    } else {
        model
    }))
}

/// The API key, as a literal secret to scrub from logs and cassettes.
pub fn api_key_secret() -> Vec<String> {
    std::env::var("OPENAI_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty())
        .into_iter()
        .collect()
}

/// The async runtime steer's commands run on.
pub fn runtime() -> Result<tokio::runtime::Runtime, ServiceError> {
    // One worker per core (at least two, so a blocking moment in one task
    // never stalls the others); blocking work goes to tokio's own pool.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .map_err(|e| ServiceError::failure(format!("cannot start the async runtime: {e}")))
}

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

/// Creates the session log and a driver for a new run.
pub fn start_session(
    new: NewRun,
    model: Arc<dyn Model>,
    toolbox: Toolbox,
    data: Option<&PathBuf>,
    model_options: &SessionOptions,
) -> Result<Driver, ServiceError> {
    let dir = model_options.session_dir();
    let id = fresh_id(&dir);
    if let Some(owner) = &model_options.owner {
        // Recorded before the log exists: the session is never seen
        // without its owner.
        let new = crate::store::NewSession {
            id: id.clone(),
            owner: owner.clone(),
            kind: "research".to_string(),
            request: new.request.clone(),
        };
        crate::store::files::FileStore::new(&dir)
            .record(&new)
            .map_err(|e| ServiceError::failure(e.to_string()))?;
    }
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
    let log = SessionLog::create(
        &dir,
        &id,
        start,
        api_key_secret(),
        model_options.durability()?,
    )
    .map_err(|e| ServiceError::failure(e.to_string()))?;
    let run = new_run(&id, new, &toolbox);
    Ok(Driver::new(run, model, toolbox, Some(Box::new(log))))
}

/// A logged session that has not finished, read back.
pub struct Opened {
    pub path: PathBuf,
    pub events: Vec<Event>,
    pub id: String,
    pub request: String,
    pub policy: Policy,
    pub limits: Limits,
    /// The model the session was started with.
    pub model: String,
    pub context: Vec<Turn>,
    pub lang: crate::i18n::Lang,
    /// This process's hold on the session, passed on to its log.
    pub lock: session::SessionLock,
    /// A torn last line the log ends with (its line, the length before
    /// it), set aside by [`resume_driver`] once the rest replays.
    pub torn: Option<(usize, u64)>,
    /// The policy the resumed log is written under (this process's).
    pub durability: session::Durability,
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

/// A session to resume: a research run or an ingest.
pub enum Resumable {
    Run(Opened),
    Ingest(OpenedIngest),
}

/// An id no log in `dir` has: a new session never takes an existing
/// log's id (many sessions can start within one second: an eval, a busy
/// server).
fn fresh_id(dir: &Path) -> String {
    let mut id = session::new_id();
    for _ in 0..16 {
        if !dir.join(format!("{id}.jsonl")).exists() {
            break;
        }
        id = session::new_id();
    }
    id
}

/// Finds session `id` (or a unique part of it) and reads its log; a
/// finished session is refused with where its report is.
pub fn open_session(model_options: &SessionOptions, id: &str) -> Result<Opened, ServiceError> {
    match open(model_options, id)? {
        Resumable::Run(opened) => Ok(opened),
        Resumable::Ingest(i) => Err(ServiceError::usage(format!(
            "session {} is an ingest, not a research run; resume it with `steer resume {}`",
            i.started.id, i.started.id
        ))),
    }
}

/// Finds session `id` (or a unique part of it) and reads its log, run or
/// ingest; a finished session is refused with where its log is.
pub fn open(model_options: &SessionOptions, id: &str) -> Result<Resumable, ServiceError> {
    let dir = model_options.session_dir();
    let durability = model_options.durability()?;
    let path = owners::find_log(&dir, id, model_options.owner.as_deref())?;
    // The lock comes before the read: what is read stays true until this
    // process lets go, so two resumes can never both append.
    let lock = session::lock(&path).map_err(|e| ServiceError::failure(e.to_string()))?;
    let read = session::read_log(&path).map_err(|e| ServiceError::failure(e.to_string()))?;
    let events = read.events;
    if let Some(Event::IngestStart(started)) = events.first() {
        if events.iter().any(|e| matches!(e, Event::IngestEnd { .. })) {
            return Err(ServiceError::usage(format!(
                "ingest {} has already finished; its log is {}",
                started.id,
                path.display()
            )));
        }
        let past = crate::ingest::session::Past::read(events.iter().filter_map(Event::as_ingest))
            .map_err(|e| ServiceError::failure(format!("{}: {e}", path.display())))?;
        return Ok(Resumable::Ingest(OpenedIngest {
            started: started.clone(),
            past,
            events: events.len(),
            path,
            lock,
            torn: read.torn,
            durability,
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
            "{}: the log has no start event",
            path.display()
        )));
    };
    if events.iter().any(|e| matches!(e, Event::Report { .. })) {
        return Err(ServiceError::usage(format!(
            "session {id} has already finished; its report is in {}",
            path.display()
        )));
    }
    let policy: Policy = policy.parse().map_err(ServiceError::failure)?;
    Ok(Resumable::Run(Opened {
        path,
        events,
        id,
        request,
        policy,
        limits,
        model,
        context,
        lang,
        lock,
        torn: read.torn,
        durability,
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
/// for the user when a torn last line was set aside. The whole log is
/// checked against the replay first: a log the run no longer matches is
/// refused before anything in it changes (no repair, no append).
pub fn resume_driver(
    opened: Opened,
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
    let repaired = match opened.torn {
        Some((line, keep)) => Some(
            session::repair_torn(&opened.path, line, keep)
                .map_err(|e| ServiceError::failure(e.to_string()))?,
        ),
        None => None,
    };
    let log = SessionLog::reopen(&opened.path, opened.events.len())
        .map_err(|e| ServiceError::failure(e.to_string()))?
        .with_secrets(api_key_secret())
        .with_durability(opened.durability)
        .with_lock(opened.lock);
    let driver = Driver::new(run, model, toolbox, Some(Box::new(log))).with_replay(opened.events);
    Ok((driver, repaired))
}

/// One line of `steer sessions` and `/sessions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub started: String,
    /// done, aborted, `paused: KIND`, interrupted, or unreadable.
    pub status: String,
    /// The request, shortened; for an unreadable log, why.
    pub request: String,
}

/// The sessions in `dir` (default: the XDG data dir), oldest first, each
/// with its status as its log's last event tells it.
pub fn sessions(dir: Option<&Path>) -> Result<(PathBuf, Vec<SessionRow>), ServiceError> {
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(session::default_dir);
    let paths = session::list(&dir).map_err(|e| ServiceError::failure(e.to_string()))?;
    let rows = index::rows(&paths, index::row_of);
    Ok((dir, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_loads_its_dataset_once() -> Result<(), ServiceError> {
        let data = Data::new(None);
        let first = data.dataset()?;
        // A clone (say, the one the offline planner holds) shares it.
        assert!(Arc::ptr_eq(&first, &data.clone().dataset()?));
        // A new handle (after an ingest) loads afresh.
        assert!(!Arc::ptr_eq(&first, &Data::new(None).dataset()?));
        Ok(())
    }
}
