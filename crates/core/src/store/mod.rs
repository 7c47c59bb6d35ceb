//! Storage: one embedded SQLite file for practice history and workshops (see docs/workshop.md,
//! "Storage"). Every write is one transaction, so a process killed at any moment loses at most the
//! run it was writing. A file that is not ours (garbage, or another program's database) is moved
//! aside, never overwritten, and `open` says where it went.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction};

mod file;
mod practice;
mod rooms;
mod schema;
mod workshops;

pub use crate::aside::aside_path;
pub use crate::practice::PracticeRun;
use file::{Check, check, foreign_reason, is_corrupt, platform_data_dir, set_aside, side_path};
pub use file::{Header, SQLITE_MAGIC, read_header};
pub use rooms::RoomBatch;
pub use schema::{MIGRATIONS, schema_version};
pub use workshops::{Applied, WorkshopEvent, WorkshopSummary, derive_seed};
use workshops::{join_choices, principles_of, split_choices, test_pause};

/// Marks the file as a Service Arena database (`PRAGMA application_id`; "SA" "DB" in ASCII).
pub const APPLICATION_ID: i32 = 0x5341_4442;
/// Name of the database file inside the data directory.
pub const FILE_NAME: &str = "service-arena.db";
/// Environment variable naming the data directory.
pub const DATA_ENV: &str = "SERVICE_ARENA_DATA";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// `PRAGMA data_version` when this connection last ran the full integrity check (None: not yet).
    /// Another connection's commit changes it, so a file changed by anyone else is checked again
    /// before this one writes to it.
    checked_at: std::cell::Cell<Option<i64>>,
    /// Set once the file was found corrupt and moved aside: nothing more is read or written.
    gone: std::cell::Cell<bool>,
}

/// How long a write waits for other writers before giving up (SQLite's busy handler, then
/// [`BEGIN_RETRIES`] more attempts). A room of six teams writing at once waits a fraction of a second.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);
/// Extra attempts at `BEGIN IMMEDIATE` after the busy handler gave up.
pub const BEGIN_RETRIES: u32 = 3;

/// A problem with the database. `Display` is the message for the user.
#[derive(Debug)]
pub enum StoreError {
    /// The file was not a Service Arena database (corrupt, or another program's); it was moved to
    /// `moved_to` and nothing was written. Opening again creates a fresh database.
    SetAside {
        path: PathBuf,
        moved_to: PathBuf,
        reason: String,
    },
    /// The file is ours but written by a newer version of the program; it is left untouched.
    TooNew { path: PathBuf, found: i64, supported: i64 },
    /// Could not find or create the data directory.
    NoDataDir(String),
    /// Bad input from the caller (unknown workshop, a name refused, …).
    Invalid(String),
    /// A workshop rule refused the change (checked inside the write transaction).
    Rule(crate::workshop::rules::RuleError),
    /// Anything else SQLite or the file system reported.
    Db { path: PathBuf, message: String },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::SetAside { path, moved_to, reason } => write!(
                f,
                "{} is not a Service Arena database ({reason}); it was moved to {} and left untouched — \
                 a new database will be created at the original path / 该文件不是客服擂台数据库,已原样移到 {},将新建数据库",
                path.display(),
                moved_to.display(),
                moved_to.display()
            ),
            StoreError::TooNew { path, found, supported } => write!(
                f,
                "{} was written by a newer Service Arena (schema {found}, this build knows up to {supported}); \
                 it was not changed — update the program / 数据库版本较新,未做任何修改,请升级程序",
                path.display()
            ),
            StoreError::NoDataDir(m) => write!(f, "no data directory: {m} (set {DATA_ENV} to a directory)"),
            StoreError::Invalid(m) => write!(f, "{m}"),
            StoreError::Rule(e) => write!(f, "{e}"),
            StoreError::Db { path, message } => write!(f, "database {}: {message}", path.display()),
        }
    }
}

impl std::error::Error for StoreError {}

/// Seconds since 1970 (UTC).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Store {
    /// The default location: `$SERVICE_ARENA_DATA/service-arena.db` if the variable is set, else
    /// the platform data directory (Linux `$XDG_DATA_HOME` or `~/.local/share/service-arena/`,
    /// macOS `~/Library/Application Support/service-arena/`, Windows `%APPDATA%\service-arena\`).
    /// The directory is not created here; `open` creates it.
    pub fn default_path() -> Result<PathBuf, StoreError> {
        match std::env::var_os(DATA_ENV).filter(|d| !d.is_empty()) {
            Some(d) => Ok(PathBuf::from(d).join(FILE_NAME)),
            None => Ok(platform_data_dir()?.join(FILE_NAME)),
        }
    }

    /// The database in `dir` when one is given (`--data DIR`), else [`Store::default_path`].
    pub fn path_in(dir: Option<&Path>) -> Result<PathBuf, StoreError> {
        match dir {
            Some(d) => Ok(d.join(FILE_NAME)),
            None => Store::default_path(),
        }
    }

    /// Opens or creates the database at `path`, running migrations.
    ///
    /// A corrupt file or another program's SQLite database is moved aside to
    /// `<name>.corrupt-<unix-time>` (or `.foreign-…`) together with its journal, and the call fails
    /// with [`StoreError::SetAside`] saying where it went; the next `open` creates a fresh database
    /// (see [`Store::open_or_recover`]). A database from a newer version fails with
    /// [`StoreError::TooNew`] and is left alone.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Db {
                path: path.to_path_buf(),
                message: format!("cannot create the directory {}: {e}", dir.display()),
            })?;
        }
        // Decide from the raw header whether the file is ours before any read-write connection
        // exists: opening one would roll back another program's hot journal or checkpoint its WAL.
        match read_header(path) {
            Ok(None) => {}
            Ok(Some(h)) => {
                // This program sets WAL mode only on files it has marked, so an unmarked file in WAL
                // mode (or with a write-ahead log beside it, whose tables the header cannot show)
                // is not ours.
                let wal_beside = std::fs::metadata(side_path(path, "-wal")).is_ok_and(|m| m.len() > 0);
                if h.application_id != APPLICATION_ID
                    && (h.application_id != 0 || h.schema_cookie != 0 || h.wal || wal_beside)
                {
                    return Err(set_aside(path, "foreign", foreign_reason(h.application_id)));
                }
                if h.application_id == APPLICATION_ID && h.user_version < 0 {
                    return Err(set_aside(
                        path,
                        "corrupt",
                        format!("schema version {} is not one this program writes", h.user_version),
                    ));
                }
                if h.user_version as i64 > schema_version() {
                    return Err(StoreError::TooNew {
                        path: path.to_path_buf(),
                        found: h.user_version as i64,
                        supported: schema_version(),
                    });
                }
            }
            Err(reason) if reason.starts_with("cannot read") => {
                return Err(StoreError::Db {
                    path: path.to_path_buf(),
                    message: reason,
                });
            }
            Err(reason) => return Err(set_aside(path, "corrupt", reason)),
        }
        let db = |e: rusqlite::Error| StoreError::Db {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let conn = Connection::open(path).map_err(db)?;
        // Wait for other writers (the game, a script, six teams at once) instead of failing.
        conn.busy_timeout(BUSY_WAIT).map_err(db)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
            .map_err(db)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            checked_at: std::cell::Cell::new(None),
            gone: std::cell::Cell::new(false),
        };
        // What the file holds, read in one transaction; then the migration, if one is due, in one
        // write transaction that reads everything again (another process may have just done it).
        let state = store.read_tx(|c| check(c));
        let version = match state {
            Ok(v) => v,
            Err(Check::Foreign(reason)) => {
                drop(store);
                return Err(set_aside(path, "foreign", reason));
            }
            Err(Check::Corrupt(reason)) => {
                drop(store);
                return Err(set_aside(path, "corrupt", reason));
            }
            Err(Check::Other(e)) => return Err(db(e)),
        };
        if version != schema_version() {
            store.migrate()?;
        }
        // The write-ahead log, set only once the file is marked as ours (an unmarked file in WAL
        // mode is someone else's, above): a commit then waits for one `fsync` of the log instead of
        // the two or three a rollback journal needs (a room stores every team's choice before
        // answering; docs/performance.md, "Room"), and is as durable (`synchronous = FULL`).
        // Switching needs the file to itself for a moment: another program opening it at the same
        // instant makes it busy, so it is retried (a bounded wait, like the busy timeout's).
        let mut tries = 0;
        let mode: String = loop {
            match store.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
                Err(e)
                    if matches!(
                        e.sqlite_error_code(),
                        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                    ) && tries < 300 =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                r => break r.map_err(db)?,
            }
        };
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Db {
                path: path.to_path_buf(),
                message: format!("the database could not use its write-ahead log (journal mode {mode})"),
            });
        }
        Ok(store)
    }

    /// Runs `f` inside one read transaction (so what it reads is one state of the file).
    fn read_tx<T>(&self, f: impl FnOnce(&Connection) -> Result<T, Check>) -> Result<T, Check> {
        self.conn.execute_batch("BEGIN").map_err(Check::Other)?;
        let out = f(&self.conn);
        let _ = self.conn.execute_batch("COMMIT");
        out
    }

    /// Like `open`, but when the file was set aside it opens a fresh database at the same path and
    /// returns the set-aside message alongside, for the caller to show.
    pub fn open_or_recover(path: &Path) -> Result<(Store, Option<StoreError>), StoreError> {
        match Store::open(path) {
            Ok(s) => Ok((s, None)),
            Err(e @ StoreError::SetAside { .. }) => Ok((Store::open(path)?, Some(e))),
            Err(e) => Err(e),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The error for the user; when SQLite reports the file corrupt (or not a database), the file
    /// is moved aside first, once, and this store touches it no more.
    fn err(&self, e: rusqlite::Error) -> StoreError {
        if is_corrupt(&e) && !self.gone.replace(true) {
            return set_aside(&self.path, "corrupt", e.to_string());
        }
        StoreError::Db {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Every row `sql` returns for `params`, each turned into a `T` by `row`; any SQLite error
    /// names this database.
    fn rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        stmt.query_map(params, row)
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<T>, _>>()
            .map_err(|e| self.err(e))
    }

    /// Brings the schema up to date in one write transaction. Everything is read again inside it:
    /// when two processes open a new file at once, the second finds the work done.
    fn migrate(&self) -> Result<(), StoreError> {
        let c = &self.conn;
        let tx = self.begin()?;
        let version = match check(c) {
            Ok(v) => v,
            Err(Check::Foreign(reason)) => {
                drop(tx);
                self.gone.set(true);
                return Err(set_aside(&self.path, "foreign", reason));
            }
            Err(Check::Corrupt(reason)) => {
                drop(tx);
                self.gone.set(true);
                return Err(set_aside(&self.path, "corrupt", reason));
            }
            Err(Check::Other(e)) => return Err(self.err(e)),
        };
        let supported = schema_version();
        if version > supported {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                supported,
            });
        }
        if version < supported {
            let steps = (|| {
                c.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))?;
                for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
                    c.execute_batch(step)?;
                    c.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
                }
                Ok::<(), rusqlite::Error>(())
            })();
            steps.map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// The schema version of the open file.
    pub fn version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE`: the write lock is taken at once, so the
    /// checks that follow see the state the write will change).
    ///
    /// Waits for other writers ([`BUSY_WAIT`], then [`BEGIN_RETRIES`] more tries). Before the first
    /// write, and whenever another connection has changed the file since, the full
    /// `PRAGMA integrity_check` runs inside the transaction; a corrupt file is moved aside untouched.
    fn begin(&self) -> Result<Transaction<'_>, StoreError> {
        if self.gone.get() {
            return Err(StoreError::Db {
                path: self.path.clone(),
                message: "the file was set aside as corrupt; run the command again to start a new database \
                          / 数据库已损坏并被移开，请重新运行命令"
                    .into(),
            });
        }
        let mut tries = 0;
        let tx = loop {
            match Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate) {
                Ok(tx) => break tx,
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) && tries < BEGIN_RETRIES => {
                    tries += 1;
                }
                Err(e) => return Err(self.err(e)),
            }
        };
        let version: i64 = tx
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if self.checked_at.get() != Some(version) {
            let problems: Vec<String> = {
                let mut stmt = tx.prepare("PRAGMA integrity_check").map_err(|e| self.err(e))?;
                stmt.query_map([], |r| r.get::<_, String>(0))
                    .map_err(|e| self.err(e))?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| self.err(e))?
            };
            if problems != ["ok"] {
                drop(tx);
                self.gone.set(true);
                return Err(set_aside(
                    &self.path,
                    "corrupt",
                    format!("integrity check failed: {}", problems.join("; ")),
                ));
            }
            self.checked_at.set(Some(version));
        }
        Ok(tx)
    }

    // ---------------------------------------------------------------- practice history

    fn invalid_data(&self, m: String) -> StoreError {
        StoreError::Db {
            path: self.path.clone(),
            message: m,
        }
    }

    // ---------------------------------------------------------------- workshops
    /// Runs SQLite's full integrity check and checks the links between tables; returns the problems.
    pub fn check_integrity(&self) -> Result<Vec<String>, StoreError> {
        let mut out: Vec<String> = self
            .rows("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))?
            .into_iter()
            .filter(|l| l != "ok")
            .collect();
        let fk = self.rows("PRAGMA foreign_key_check", [], |r| {
            Ok(format!("foreign key: table {}", r.get::<_, String>(0)?))
        })?;
        out.extend(fk);
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
