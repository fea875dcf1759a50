//! The PostgreSQL store, for several `steer mcp --http` replicas on one
//! database. Events live in `steer_events`, keyed by (session, seq): a
//! second writer's append fails on the key even if the lock were lost.
//! `steer_sessions` is the index listing reads (no scan of events). The
//! writer lock is a session-level advisory lock held by the writer's own
//! connection, so the server releases it when the process dies.
//!
//! The `postgres` crate (the blocking face of tokio-postgres) is used, not
//! sqlx: the session engine writes from synchronous code, and a writer
//! that owns its connection is exactly what a session-level advisory lock
//! needs (a pool would hand the locked connection to someone else). Its
//! queries are plain SQL checked by the conformance suite against a real
//! server, with no database needed at build time.
//!
//! That crate drives each connection with a runtime of its own, which
//! must not be entered from a thread already running async tasks (the
//! MCP server's): every use of a connection, its drop included, goes
//! through [`Conn`], which steps off such a thread for the call.

use std::sync::Mutex;

use postgres::{Client, NoTls};

use super::{Listed, NewSession, SessionStore, SessionWriter, StoreError, Stored, check_id};

/// Schema changes, applied in order once each; the applied count is kept
/// in `steer_schema`.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE steer_sessions (
        id text PRIMARY KEY,
        owner text NOT NULL,
        kind text NOT NULL,
        request text NOT NULL,
        created timestamptz NOT NULL DEFAULT now(),
        events bigint NOT NULL DEFAULT 0
    );
    CREATE INDEX steer_sessions_owner ON steer_sessions (owner, created);
    CREATE TABLE steer_events (
        session text NOT NULL REFERENCES steer_sessions (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        body text NOT NULL,
        PRIMARY KEY (session, seq)
    );
",
    "
    CREATE TABLE steer_keys (
        name text PRIMARY KEY,
        value bytea NOT NULL
    );
",
    // The chat a session is a turn of (NULL for a session of its own).
    "
    ALTER TABLE steer_sessions ADD COLUMN chat text;
",
];

fn db(e: postgres::Error) -> StoreError {
    StoreError::Backend(format!("PostgreSQL: {e}"))
}

/// Runs `f` where blocking on a runtime of its own is allowed: here, or
/// on a scoped thread when this thread is an async runtime's.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T, StoreError> {
    if tokio::runtime::Handle::try_current().is_err() {
        return Ok(f());
    }
    std::thread::scope(|s| s.spawn(f).join())
        .map_err(|_| StoreError::Backend("PostgreSQL: a database call panicked".to_string()))
}

/// One connection, used and dropped only off async threads.
struct Conn(Option<Client>);

impl Conn {
    fn open(url: &str) -> Result<Conn, StoreError> {
        let client = off_runtime(|| Client::connect(url, NoTls))?.map_err(db)?;
        Ok(Conn(Some(client)))
    }

    fn with<T: Send>(
        &mut self,
        f: impl FnOnce(&mut Client) -> Result<T, postgres::Error> + Send,
    ) -> Result<T, StoreError> {
        let client = self
            .0
            .as_mut()
            .ok_or_else(|| StoreError::Backend("PostgreSQL: the connection is closed".into()))?;
        off_runtime(|| f(client))?.map_err(db)
    }

    /// Like [`with`](Self::with), for calls that tell errors apart.
    fn raw<T: Send>(&mut self, f: impl FnOnce(&mut Client) -> T + Send) -> Result<T, StoreError> {
        let client = self
            .0
            .as_mut()
            .ok_or_else(|| StoreError::Backend("PostgreSQL: the connection is closed".into()))?;
        off_runtime(|| f(client))
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            let _ = off_runtime(move || drop(client));
        }
    }
}

/// The advisory lock key of a session: 64 bits of a hash of its id (two
/// ids sharing a key would only serialise their writers; the primary key
/// keeps their events apart regardless).
fn key(id: &str) -> i64 {
    // FNV-1a: stable across processes and versions, unlike std's hasher.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    i64::from_ne_bytes(hash.to_ne_bytes())
}

/// Brings the schema up to date, once per database: under a
/// transaction-level advisory lock, so replicas starting together migrate
/// once.
fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut tx = client.transaction().map_err(db)?;
    tx.execute("SELECT pg_advisory_xact_lock(7463656572)", &[])
        .map_err(db)?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS steer_schema (applied integer NOT NULL)")
        .map_err(db)?;
    let applied: i32 = match tx
        .query_opt("SELECT applied FROM steer_schema", &[])
        .map_err(db)?
    {
        Some(row) => row.get(0),
        None => {
            tx.execute("INSERT INTO steer_schema VALUES (0)", &[])
                .map_err(db)?;
            0
        }
    };
    let known = i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX);
    if applied > known {
        return Err(StoreError::Backend(format!(
            "the database's steer schema is version {applied}, newer than this steer ({known}); upgrade steer"
        )));
    }
    for step in MIGRATIONS
        .iter()
        .skip(usize::try_from(applied).unwrap_or(0))
    {
        tx.batch_execute(step).map_err(db)?;
    }
    tx.execute("UPDATE steer_schema SET applied = $1", &[&known])
        .map_err(db)?;
    tx.commit().map_err(db)
}

/// A store URL without the password it may hold, for messages.
pub fn redacted(url: &str) -> String {
    match url.split_once('@') {
        Some((head, tail)) => match head.rsplit_once(':') {
            Some((user, _)) if user.contains("//") && !user.ends_with('/') => {
                format!("{user}:***@{tail}")
            }
            _ => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// Sessions in one PostgreSQL database.
pub struct PgStore {
    url: String,
    /// For reads and listing; writers open their own.
    reader: Mutex<Conn>,
}

impl PgStore {
    /// Connects, and brings the schema up to date.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        let mut conn = Conn::open(url)?;
        conn.raw(migrate)??;
        Ok(PgStore {
            url: url.to_string(),
            reader: Mutex::new(conn),
        })
    }

    fn reader(&self) -> std::sync::MutexGuard<'_, Conn> {
        // A panic mid-query leaves the connection usable or broken; a
        // broken one fails its next query with an error, never a panic.
        self.reader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The number of events of the owner's session `id`.
    fn owned(&self, conn: &mut Conn, id: &str, owner: &str) -> Result<i64, StoreError> {
        let row = conn.with(|c| {
            c.query_opt(
                "SELECT events FROM steer_sessions WHERE id = $1 AND owner = $2",
                &[&id, &owner],
            )
        })?;
        row.map(|r| r.get(0))
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    /// A new connection holding the session's advisory lock.
    fn writer(&self, id: &str, next: i64) -> Result<PgWriter, StoreError> {
        let mut conn = Conn::open(&self.url)?;
        let got: bool = conn
            .with(|c| c.query_one("SELECT pg_try_advisory_lock($1)", &[&key(id)]))?
            .get(0);
        if !got {
            return Err(StoreError::InUse {
                id: id.to_string(),
                holder: "another steer process (through PostgreSQL)".to_string(),
            });
        }
        Ok(PgWriter {
            conn,
            id: id.to_string(),
            next,
        })
    }
}

/// The writer of one session: its own connection, holding the lock.
struct PgWriter {
    conn: Conn,
    id: String,
    next: i64,
}

impl SessionWriter for PgWriter {
    fn next_seq(&self) -> u64 {
        u64::try_from(self.next).unwrap_or(0)
    }

    fn append_all(&mut self, lines: &[&str]) -> Result<(), StoreError> {
        if lines.is_empty() {
            return Ok(());
        }
        let (id, first) = (self.id.as_str(), self.next);
        let last = first + i64::try_from(lines.len()).unwrap_or(i64::MAX) - 1;
        // One transaction: the events land together or not at all.
        let written = self.conn.raw(|c| -> Result<(), postgres::Error> {
            let mut tx = c.transaction()?;
            let insert =
                tx.prepare("INSERT INTO steer_events (session, seq, body) VALUES ($1, $2, $3)")?;
            for (seq, line) in (first..).zip(lines) {
                tx.execute(&insert, &[&id, &seq, line])?;
            }
            tx.execute(
                "UPDATE steer_sessions SET events = $2 WHERE id = $1",
                &[&id, &last],
            )?;
            tx.commit()
        })?;
        match written {
            Ok(()) => {
                self.next = last + 1;
                Ok(())
            }
            Err(e) if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => {
                Err(StoreError::Conflict {
                    id: self.id.clone(),
                    seq: u64::try_from(first).unwrap_or(0),
                })
            }
            Err(e) => Err(db(e)),
        }
    }
}

impl SessionStore for PgStore {
    fn describe(&self) -> String {
        redacted(&self.url)
    }

    fn create(&self, new: &NewSession, first: &str) -> Result<Box<dyn SessionWriter>, StoreError> {
        check_id(&new.id)?;
        // A held lock means another process is creating or writing this
        // id: it exists.
        let mut writer = self.writer(&new.id, 1).map_err(|e| match e {
            StoreError::InUse { .. } => StoreError::Exists(new.id.clone()),
            e => e,
        })?;
        // The index row and the first event in one transaction: a session
        // is never listed without its start.
        let made = writer.conn.raw(|c| -> Result<(), postgres::Error> {
            let mut tx = c.transaction()?;
            tx.execute(
                "INSERT INTO steer_sessions (id, owner, kind, request, chat, events) VALUES ($1, $2, $3, $4, $5, 1)",
                &[&new.id, &new.owner, &new.kind, &new.request, &new.chat],
            )?;
            tx.execute(
                "INSERT INTO steer_events (session, seq, body) VALUES ($1, 1, $2)",
                &[&new.id, &first],
            )?;
            tx.commit()
        })?;
        match made {
            Ok(()) => {}
            Err(e) if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => {
                return Err(StoreError::Exists(new.id.clone()));
            }
            Err(e) => return Err(db(e)),
        }
        writer.next = 2;
        Ok(Box::new(writer))
    }

    fn lock(&self, id: &str, owner: &str) -> Result<Box<dyn SessionWriter>, StoreError> {
        self.owned(&mut self.reader(), id, owner)?;
        let mut writer = self.writer(id, 0)?;
        // Read under the lock: the count another writer left is final.
        let events: i64 = writer
            .conn
            .with(|c| c.query_one("SELECT events FROM steer_sessions WHERE id = $1", &[&id]))?
            .get(0);
        writer.next = events + 1;
        Ok(Box::new(writer))
    }

    fn read(&self, id: &str, owner: &str, from: u64) -> Result<Vec<Stored>, StoreError> {
        let mut conn = self.reader();
        self.owned(&mut conn, id, owner)?;
        let from = i64::try_from(from).unwrap_or(i64::MAX);
        let rows = conn.with(|c| {
            c.query(
                "SELECT seq, body FROM steer_events WHERE session = $1 AND seq >= $2 ORDER BY seq",
                &[&id, &from],
            )
        })?;
        Ok(rows
            .iter()
            .map(|r| Stored {
                seq: u64::try_from(r.get::<_, i64>(0)).unwrap_or(0),
                line: r.get(1),
            })
            .collect())
    }

    fn remove(&self, id: &str, owner: &str) -> Result<(), StoreError> {
        self.owned(&mut self.reader(), id, owner)?;
        // Under the session's lock, so no writer is midway.
        let mut writer = self.writer(id, 0)?;
        writer.conn.with(|c| {
            c.execute(
                "DELETE FROM steer_sessions WHERE id = $1 AND owner = $2",
                &[&id, &owner],
            )
        })?;
        Ok(())
    }

    fn list(&self, owner: &str) -> Result<Vec<Listed>, StoreError> {
        let rows = self.reader().with(|c| {
            c.query(
                "SELECT s.id, s.owner, s.kind, s.request, s.events, e.body, s.chat FROM steer_sessions s \
                 LEFT JOIN steer_events e ON e.session = s.id AND e.seq = s.events \
                 WHERE s.owner = $1 ORDER BY s.created, s.id",
                &[&owner],
            )
        })?;
        Ok(rows
            .iter()
            .map(|r| Listed {
                id: r.get(0),
                owner: r.get(1),
                kind: r.get(2),
                request: r.get(3),
                events: u64::try_from(r.get::<_, i64>(4)).unwrap_or(0),
                last: r.get(5),
                chat: r.get(6),
            })
            .collect())
    }

    fn shared_key(&self, name: &str) -> Result<Vec<u8>, StoreError> {
        let key = super::random_key()?;
        // The first insert wins; every process reads the winner.
        self.reader().with(|c| {
            c.execute(
                "INSERT INTO steer_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                &[&name, &key],
            )?;
            c.query_one("SELECT value FROM steer_keys WHERE name = $1", &[&name])
                .map(|r| r.get(0))
        })
    }
}
