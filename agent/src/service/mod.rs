//! The session service: one place that chooses the model (an endpoint,
//! the offline planner, a cassette), starts, opens, locks and resumes a
//! session, and asks a [`Decide`] for each checkpoint. The command line,
//! the chat and the MCP server are front-ends over it; none imports
//! another.

mod decide;
mod drive;
mod index;
pub use index::status as session_status;
mod ingest;
pub mod serve;
mod sessions;
pub use sessions::{NewRun, Opened, OpenedIngest, Resumable, Resumed, SessionService};
mod summary;
pub mod transfer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use steer_tools::{Dataset, Toolbox};

pub use decide::{AnswerFuture, Answered, Automatic, Before, Decide, FirstThen, Nobody, record};
pub use drive::{Cancel, Ended, Uncancellable, drive};
pub use ingest::{IngestEnded, drafter, drive_ingest, start_ingest};
pub use summary::{
    CheckpointSummary, PlanSummary, ReportSummary, RunStatus, RunSummary, StepSummary,
};

use crate::cassette::Recorder;
use crate::model::openai::production_service;
use crate::model::{Endpoint, Model, OpenAiModel};
use crate::offline;
use crate::session;
use crate::store::SessionStore;

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
    /// Where sessions are kept (`--store`): `file:DIR` or
    /// `postgres://...`; `None`: the session directory.
    pub store: Option<String>,
    /// The store, opened on first use and shared by clones (one database
    /// connection for a whole server).
    pub opened: OpenedStore,
}

/// A store opened once, shared by the clones of one [`SessionOptions`].
#[derive(Clone, Default)]
pub struct OpenedStore(Arc<std::sync::Mutex<Option<Arc<dyn SessionStore>>>>);

impl std::fmt::Debug for OpenedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpenedStore")
    }
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

    /// These options with sessions kept in `dir` (and a store of their own).
    pub fn with_session_dir(mut self, dir: &Path) -> SessionOptions {
        self.session_dir = Some(dir.to_path_buf());
        self.store = None;
        self.opened = OpenedStore::default();
        self
    }

    /// Whose sessions these are: the MCP token's name, else the local user.
    pub fn owner(&self) -> String {
        self.owner
            .clone()
            .unwrap_or_else(crate::store::files::local_user)
    }

    /// The session store: `--store`, else the session directory; opened
    /// the first time, then shared.
    pub fn store(&self) -> Result<Arc<dyn SessionStore>, ServiceError> {
        let mut slot = self
            .opened
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(store) = &*slot {
            return Ok(store.clone());
        }
        let durability = self.durability()?;
        let store: Arc<dyn SessionStore> = match &self.store {
            Some(url) => Arc::from(
                crate::store::open_with(url, durability)
                    .map_err(|e| ServiceError::usage(e.to_string()))?,
            ),
            None => Arc::new(
                crate::store::files::FileStore::new(self.session_dir()).with_durability(durability),
            ),
        };
        *slot = Some(store.clone());
        Ok(store)
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
        // The usual mistake (a mistyped --data) said in a sentence of our
        // own, in the language steer speaks.
        if let Some(dir) = &self.dir
            && !dir.exists()
        {
            return Err(ServiceError::failure(crate::tr!(
                crate::i18n::speaking(),
                "dataset-missing-dir",
                dir = dir.display().to_string()
            )));
        }
        let loaded = Arc::new(steer_tools::dataset::load(self.dir.as_ref()).map_err(|e| {
            ServiceError::failure(crate::localised::dataset_error(&e, crate::i18n::speaking()))
        })?);
        // Another clone may have loaded it meanwhile: keep the first.
        Ok(self.loaded.get_or_init(|| loaded).clone())
    }

    /// The research toolbox over the dataset.
    pub fn toolbox(&self) -> Result<Toolbox, ServiceError> {
        Toolbox::research(self.dataset()?)
            .map(|t| t.speaking(crate::i18n::speaking().tools()))
            .map_err(|e| ServiceError::failure(e.to_string()))
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
    // One worker per core this process may run on (its affinity mask):
    // more workers than cores are time-sliced by the kernel, and a request
    // waits out another worker's slice (p99 of 4 ms instead of 1.8 under
    // load on one core). Work that blocks goes to tokio's blocking pool.
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .map_err(|e| {
            ServiceError::failure(crate::tr!(
                crate::i18n::speaking(),
                "cli-no-runtime",
                error = e.to_string()
            ))
        })
}

/// One line of `steer sessions` and `/sessions`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SessionRow {
    pub id: String,
    /// `research` (a request) or `ingest`.
    pub kind: String,
    /// The chat it is a turn of (the chat's id), when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat: Option<String>,
    pub started: String,
    /// done, aborted, `paused: KIND`, interrupted, or unreadable.
    pub status: String,
    /// The request, shortened; for an unreadable log, why.
    pub request: String,
}

/// The session `--last` means: the owner's most recent (of `kind`,
/// `research` or `ingest`, when given).
pub fn last_session(options: &SessionOptions, kind: Option<&str>) -> Result<String, ServiceError> {
    let (place, rows) = sessions(options)?;
    rows.iter()
        .rev()
        .find(|r| kind.is_none_or(|k| r.kind == k) && r.status != "unreadable")
        .map(|r| r.id.clone())
        .ok_or_else(|| {
            let lang = crate::i18n::speaking();
            ServiceError::usage(match kind {
                Some(k) => crate::tr!(lang, "last-none-of-kind", kind = k, place = place.as_str()),
                None => crate::tr!(lang, "last-none", place = place.as_str()),
            })
        })
}

/// The owner's sessions, oldest first, each with its status, and where
/// they are kept. A session directory is listed through its index (a log
/// is read again only when it changed); a database from its own index.
pub fn sessions(options: &SessionOptions) -> Result<(String, Vec<SessionRow>), ServiceError> {
    let store = options.store()?;
    let owner = options.owner();
    let file_dir = match &options.store {
        None => Some(options.session_dir()),
        Some(url) => url.strip_prefix("file:").map(PathBuf::from),
    };
    if let Some(dir) = file_dir {
        let paths = session::list(&dir).map_err(|e| ServiceError::failure(e.to_string()))?;
        let files = crate::store::files::FileStore::new(&dir);
        let rows = index::rows(&paths, index::row_of)
            .into_iter()
            .filter(|r| files.owner_of(&r.id).is_ok_and(|o| o == owner))
            .collect();
        return Ok((dir.display().to_string(), rows));
    }
    let listed = store
        .list(&owner)
        .map_err(|e| ServiceError::failure(e.to_string()))?;
    Ok((
        store.describe(),
        listed.iter().map(index::row_of_listed).collect(),
    ))
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
