//! Where sessions are kept: the one seam for persistence (DESIGN.md,
//! "Front-ends over one session service"). A store appends a session's
//! events under sequence numbers, reads them back from any number, lists
//! sessions from an index, hands out the one writer lock of a session,
//! and knows each session's owner.
//!
//! Two stores pass one conformance suite (`agent/tests/store.rs`):
//! [`files::FileStore`], the JSONL logs and advisory file locks steer has
//! always written (the default), and [`postgres::PgStore`], for several
//! replicas on one database.
//!
//! Events are stored as their JSON lines, as the log holds them: the store
//! does not interpret them, so both stores keep a session byte for byte
//! and `export`/`import` move it between them unchanged.

mod durability;
pub mod files;
mod lock;
pub mod postgres;

pub use durability::Durability;
pub use lock::{SessionLock, lock};

/// Why a store refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Unknown, or another owner's: the two are told apart to nobody.
    #[error("no such session: {0}")]
    NotFound(String),
    #[error("session {id} is in use by {holder}; wait for it to finish or stop it, then resume")]
    InUse { id: String, holder: String },
    #[error("session {0} already exists")]
    Exists(String),
    /// An append under a sequence number already taken: a second writer.
    #[error("session {id}: event {seq} is already written (another writer appended it)")]
    Conflict { id: String, seq: u64 },
    #[error("session id {0:?} is not usable (letters, digits, - and _ only, at most 128)")]
    BadId(String),
    #[error("`{part}` matches {} sessions; give more of the id: {}", matches.len(), matches.join(", "))]
    Ambiguous { part: String, matches: Vec<String> },
    /// A file of a file store could not be used.
    #[error(transparent)]
    Io(#[from] crate::files::FileError),
    #[error("{0}")]
    Backend(String),
}

/// A session about to be created.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub id: String,
    /// Who started it: the local user, or an MCP token's name.
    pub owner: String,
    /// `research` or `ingest`.
    pub kind: String,
    /// The request (or the documents ingested), for listing.
    pub request: String,
    /// The chat it is a turn of, for listing turns under their chat.
    pub chat: Option<String>,
}

/// One stored event: its sequence number (from 1) and its JSON line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub seq: u64,
    pub line: String,
}

/// A session as listed, from the store's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub owner: String,
    pub kind: String,
    pub request: String,
    /// The chat it is a turn of.
    pub chat: Option<String>,
    /// How many events it holds.
    pub events: u64,
    /// Its last event's line, which tells its status.
    pub last: Option<String>,
}

/// Persistence for sessions. Every read is limited to the owner given.
pub trait SessionStore: Send + Sync {
    /// Where it keeps sessions, for messages (`file:DIR`, `postgres://HOST/DB`).
    fn describe(&self) -> String;
    /// Creates the session with its first event, and holds its writer lock.
    fn create(&self, new: &NewSession, first: &str) -> Result<Box<dyn SessionWriter>, StoreError>;
    /// Takes the writer lock of `id`; [`StoreError::InUse`] while another
    /// process (or another writer here) holds it.
    fn lock(&self, id: &str, owner: &str) -> Result<Box<dyn SessionWriter>, StoreError>;
    /// The events of `id` from sequence number `from` on.
    fn read(&self, id: &str, owner: &str, from: u64) -> Result<Vec<Stored>, StoreError>;
    /// The owner's sessions, oldest first.
    fn list(&self, owner: &str) -> Result<Vec<Listed>, StoreError>;
    /// A random key of 32 bytes named `name`, made the first time any
    /// process asks and the same for every process on this store after
    /// (replicas seal state another replica opens with it).
    fn shared_key(&self, name: &str) -> Result<Vec<u8>, StoreError>;
    /// The file a session's events are kept in, for stores that keep files.
    fn log_path(&self, _id: &str) -> Option<std::path::PathBuf> {
        None
    }
    /// Where session `id` is, for messages.
    fn locate(&self, id: &str) -> String {
        match self.log_path(id) {
            Some(path) => path.display().to_string(),
            None => format!("session {id} in {}", self.describe()),
        }
    }
    /// Deletes the owner's session `id` and its events; refused with
    /// [`StoreError::InUse`] while a writer holds it.
    fn remove(&self, id: &str, owner: &str) -> Result<(), StoreError>;
    /// The id of the owner's one session whose id contains `part`.
    fn find(&self, part: &str, owner: &str) -> Result<String, StoreError> {
        let matches: Vec<String> = self
            .list(owner)?
            .into_iter()
            .map(|l| l.id)
            .filter(|id| id.contains(part))
            .collect();
        one_of(part, matches)
    }
}

/// The one id of `matches`, or why there is not one.
pub fn one_of(part: &str, mut matches: Vec<String>) -> Result<String, StoreError> {
    if let Some(exact) = matches.iter().position(|m| m == part) {
        return Ok(matches.swap_remove(exact));
    }
    match matches.len() {
        0 => Err(StoreError::NotFound(part.to_string())),
        1 => Ok(matches.remove(0)),
        _ => Err(StoreError::Ambiguous {
            part: part.to_string(),
            matches,
        }),
    }
}

/// The one writer of a session, holding its lock until dropped (or until
/// its process dies).
pub trait SessionWriter: Send {
    /// The sequence number the next append takes.
    fn next_seq(&self) -> u64;
    /// Appends events in order (JSON lines, without newlines), numbered
    /// from [`next_seq`](Self::next_seq), in one write where the store
    /// can; kept as the store's durability says once this returns.
    fn append_all(&mut self, lines: &[&str]) -> Result<(), StoreError>;
    /// Appends one event; its sequence number.
    fn append(&mut self, line: &str) -> Result<u64, StoreError> {
        let seq = self.next_seq();
        self.append_all(&[line])?;
        Ok(seq)
    }
    /// Sets right what a killed writer left (a last event cut off: set
    /// aside), which the first append does anyway; a note for the user
    /// when there was something. Call it once the caller accepts what it
    /// read: a refused session is left as it was.
    fn repaired(&mut self) -> Result<Option<String>, StoreError> {
        Ok(None)
    }
}

/// 32 random bytes from the system, for [`SessionStore::shared_key`].
pub fn random_key() -> Result<Vec<u8>, StoreError> {
    use std::io::Read;
    let mut key = vec![0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut key))
        .map_err(|e| StoreError::Backend(format!("cannot read random bytes for a key: {e}")))?;
    Ok(key)
}

/// Whether `id` can name a session in any store (it becomes a file name).
pub fn check_id(id: &str) -> Result<(), StoreError> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::BadId(id.to_string()))
    }
}

/// A store from its URL: `file:DIR`, or `postgres://...` (also
/// `postgresql://`).
pub fn open(url: &str) -> Result<Box<dyn SessionStore>, StoreError> {
    open_with(url, Durability::default())
}

/// [`open`], with what a file store's appends survive (a database's
/// survive the machine).
pub fn open_with(url: &str, durability: Durability) -> Result<Box<dyn SessionStore>, StoreError> {
    if let Some(dir) = url.strip_prefix("file:") {
        return Ok(Box::new(
            files::FileStore::new(dir).with_durability(durability),
        ));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Box::new(postgres::PgStore::connect(url)?));
    }
    Err(StoreError::Backend(crate::tr!(
        crate::i18n::speaking(),
        "store-bad-url",
        url = url
    )))
}
