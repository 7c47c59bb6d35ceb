//! Storage: one embedded SQLite file for practice history and workshops (see docs/workshop.md,
//! "Storage"). Every write is one transaction, so a process killed at any moment loses at most the
//! run it was writing. A file that is not ours (garbage, or another program's database) is moved
//! aside, never overwritten, and `open` says where it went.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::engine::Principle;
use crate::workshop::model::{Member, Pick, Role, Round, Setup, Skip, Team, TeamRun, Workshop};

/// Marks the file as a Service Arena database (`PRAGMA application_id`; "SA" "DB" in ASCII).
pub const APPLICATION_ID: i32 = 0x5341_4442;
/// Name of the database file inside the data directory.
pub const FILE_NAME: &str = "service-arena.db";
/// Environment variable naming the data directory.
pub const DATA_ENV: &str = "SERVICE_ARENA_DATA";

/// The schema, one step per version. `PRAGMA user_version` holds how many steps have run; `open`
/// runs the missing ones in one transaction. Never edit a step once shipped: add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: practice history
    "CREATE TABLE practice_run (
        id          INTEGER PRIMARY KEY,
        player      TEXT    NOT NULL,
        scenario    TEXT    NOT NULL,
        seed        INTEGER NOT NULL,
        choices     TEXT    NOT NULL,
        total       REAL    NOT NULL,
        outcome     TEXT,
        finished_at INTEGER NOT NULL
    );
    CREATE INDEX practice_run_player ON practice_run(player, scenario);
    CREATE TABLE practice_principle (
        run_id    INTEGER NOT NULL REFERENCES practice_run(id) ON DELETE CASCADE,
        principle TEXT    NOT NULL,
        score     REAL    NOT NULL,
        PRIMARY KEY (run_id, principle)
    );",
    // 2: workshops
    "CREATE TABLE workshop (
        id              INTEGER PRIMARY KEY,
        name            TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        discussion_secs INTEGER NOT NULL,
        reward          TEXT    NOT NULL,
        penalty         TEXT    NOT NULL,
        paused          INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE workshop_team (
        workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        name        TEXT    NOT NULL,
        slogan      TEXT    NOT NULL,
        PRIMARY KEY (workshop_id, position),
        UNIQUE (workshop_id, name)
    );
    CREATE TABLE workshop_member (
        workshop_id INTEGER NOT NULL,
        team        INTEGER NOT NULL,
        position    INTEGER NOT NULL,
        name        TEXT    NOT NULL,
        role        TEXT    NOT NULL,
        PRIMARY KEY (workshop_id, team, position),
        FOREIGN KEY (workshop_id, team) REFERENCES workshop_team(workshop_id, position) ON DELETE CASCADE
    );
    CREATE TABLE workshop_round (
        workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
        number      INTEGER NOT NULL,
        scenario    TEXT    NOT NULL,
        seed        INTEGER NOT NULL,
        PRIMARY KEY (workshop_id, number)
    );
    CREATE TABLE workshop_run (
        id          INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
        round       INTEGER NOT NULL,
        team        INTEGER NOT NULL,
        seed        INTEGER NOT NULL,
        choices     TEXT    NOT NULL,
        picks       TEXT    NOT NULL,
        total       REAL    NOT NULL,
        outcome     TEXT,
        finished_at INTEGER NOT NULL,
        redo_reason TEXT,
        redone_at   INTEGER
    );
    CREATE INDEX workshop_run_ws ON workshop_run(workshop_id, round, team);
    CREATE TABLE workshop_run_principle (
        run_id    INTEGER NOT NULL REFERENCES workshop_run(id) ON DELETE CASCADE,
        principle TEXT    NOT NULL,
        score     REAL    NOT NULL,
        PRIMARY KEY (run_id, principle)
    );
    CREATE TABLE workshop_skip (
        id          INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
        round       INTEGER NOT NULL,
        team        INTEGER NOT NULL,
        reason      TEXT    NOT NULL,
        at          INTEGER NOT NULL
    );",
];

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

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

/// What the first 100 bytes of an SQLite file say, read from the raw file (no connection, so nothing
/// is rolled back, checkpointed or otherwise changed in a file that is not ours).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub application_id: i32,
    pub user_version: i32,
    /// The schema cookie: 0 in a file that never had a table.
    pub schema_cookie: u32,
    /// Bytes 18 and 19 are 2 in WAL mode, 1 in rollback-journal mode.
    pub wal: bool,
}

/// The first 16 bytes of every SQLite database file.
pub const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Reads the header of the file at `path`: `Ok(None)` when there is no file or it is empty (a new
/// database), `Err(reason)` when it is not an SQLite database at all.
pub fn read_header(path: &Path) -> Result<Option<Header>, String> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read: {e}")),
    };
    let mut h = [0u8; 100];
    let mut n = 0;
    while n < 100 {
        match f.read(&mut h[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(format!("cannot read: {e}")),
        }
    }
    if n == 0 {
        return Ok(None);
    }
    if n < 100 || &h[..16] != SQLITE_MAGIC {
        return Err("not an SQLite database (no SQLite header)".into());
    }
    let be32 = |at: usize| u32::from_be_bytes([h[at], h[at + 1], h[at + 2], h[at + 3]]);
    Ok(Some(Header {
        application_id: be32(68) as i32,
        user_version: be32(60) as i32,
        schema_cookie: be32(40),
        wal: h[18] == 2 || h[19] == 2,
    }))
}

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
    /// Bad input from the caller (unknown workshop or team, a rule broken, …).
    Invalid(String),
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
            StoreError::Db { path, message } => write!(f, "database {}: {message}", path.display()),
        }
    }
}

impl std::error::Error for StoreError {}

#[derive(Clone, Debug, PartialEq)]
pub struct PracticeRun {
    pub id: Option<i64>,
    pub player: String,
    pub scenario: String,
    pub seed: u64,
    pub choices: Vec<usize>,
    pub total: f32,
    pub principles: Vec<(Principle, f32)>,
    pub outcome: Option<String>,
    pub finished_at: i64,
}

impl PracticeRun {
    /// The record of a finished, scored practice run by `player`.
    pub fn from_run(
        sc: &crate::engine::Compiled,
        run: &crate::engine::Run,
        score: &crate::engine::Score,
        player: &str,
        finished_at: i64,
    ) -> PracticeRun {
        PracticeRun {
            id: None,
            player: player.to_string(),
            scenario: sc.id.clone(),
            seed: run.seed,
            choices: run.choices(),
            total: score.total,
            principles: score.principles.iter().map(|p| (p.principle, p.score)).collect(),
            outcome: run.outcome(sc).map(|o| o.id().to_string()),
            finished_at,
        }
    }
}

/// One line of `Store::workshops`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct WorkshopSummary {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub teams: usize,
    pub rounds: usize,
    pub runs: usize,
}

/// Seconds since 1970 (UTC).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A seed for round `round` of workshop `id` when the trainer gave none: a fixed mix of the two
/// (SplitMix64), so it is the same on every machine and differs between rounds and workshops.
pub fn derive_seed(workshop_id: i64, round: usize) -> u64 {
    let mut z = (workshop_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (round as u64).wrapping_add(0x5EED);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn join_choices(c: &[usize]) -> String {
    c.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")
}

fn split_choices(s: &str) -> Result<Vec<usize>, String> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    s.split(',')
        .map(|x| {
            x.parse::<usize>()
                .map_err(|_| format!("bad choice list \"{s}\" in the database"))
        })
        .collect()
}

/// The platform data directory for the program, without the env override.
fn platform_data_dir() -> Result<PathBuf, StoreError> {
    let home = || {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .ok_or_else(|| StoreError::NoDataDir("HOME is not set".into()))
    };
    if cfg!(windows) {
        return std::env::var_os("APPDATA")
            .map(|d| PathBuf::from(d).join("service-arena"))
            .ok_or_else(|| StoreError::NoDataDir("APPDATA is not set".into()));
    }
    if cfg!(target_os = "macos") {
        return Ok(home()?.join("Library/Application Support/service-arena"));
    }
    match std::env::var_os("XDG_DATA_HOME").filter(|d| Path::new(d).is_absolute()) {
        Some(d) => Ok(PathBuf::from(d).join("service-arena")),
        None => Ok(home()?.join(".local/share/service-arena")),
    }
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
                // This program never uses WAL mode, so an unmarked file in WAL mode (or with a
                // write-ahead log beside it, whose tables the header cannot show) is not ours.
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

    /// Records a finished practice run atomically (a crash mid-write never loses earlier runs).
    pub fn record_practice(&self, run: &PracticeRun) -> Result<i64, StoreError> {
        let player = crate::names::name(&run.player, ("player name", "学员姓名")).map_err(StoreError::Invalid)?;
        if !run.total.is_finite() || run.principles.iter().any(|(_, s)| !s.is_finite()) {
            return Err(StoreError::Invalid(
                "the score is not a number; nothing was recorded / 分数无效，未记录".into(),
            ));
        }
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO practice_run (player, scenario, seed, choices, total, outcome, finished_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                player,
                run.scenario,
                run.seed as i64,
                join_choices(&run.choices),
                run.total as f64,
                run.outcome,
                run.finished_at
            ],
        )
        .map_err(|e| self.err(e))?;
        let id = tx.last_insert_rowid();
        for (p, s) in &run.principles {
            tx.execute(
                "INSERT INTO practice_principle (run_id, principle, score) VALUES (?1, ?2, ?3)",
                params![id, p.id(), *s as f64],
            )
            .map_err(|e| self.err(e))?;
        }
        test_pause();
        tx.commit().map_err(|e| self.err(e))?;
        Ok(id)
    }

    /// All runs of a player, oldest first.
    pub fn practice_runs(&self, player: &str) -> Result<Vec<PracticeRun>, StoreError> {
        let rows = self.rows(
            "SELECT id, player, scenario, seed, choices, total, outcome, finished_at FROM practice_run
             WHERE player = ?1 ORDER BY finished_at, id",
            [crate::names::normal(player)],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, f64>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            },
        )?;
        let mut pstmt = self
            .conn
            .prepare("SELECT principle, score FROM practice_principle WHERE run_id = ?1")
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, player, scenario, seed, choices, total, outcome, finished_at) in rows {
            let principles = principles_of(&mut pstmt, id).map_err(|e| self.err(e))?;
            out.push(PracticeRun {
                id: Some(id),
                player,
                scenario,
                seed: seed as u64,
                choices: split_choices(&choices).map_err(|m| self.invalid_data(m))?,
                total: total as f32,
                principles,
                outcome,
                finished_at,
            });
        }
        Ok(out)
    }

    /// Best total of a player on a scenario.
    pub fn best_total(&self, player: &str, scenario: &str) -> Result<Option<f32>, StoreError> {
        self.conn
            .query_row(
                "SELECT MAX(total) FROM practice_run WHERE player = ?1 AND scenario = ?2",
                [crate::names::normal(player).as_str(), scenario],
                |r| r.get::<_, Option<f64>>(0),
            )
            .map(|v| v.map(|x| x as f32))
            .map_err(|e| self.err(e))
    }

    /// The names of everyone with practice history, sorted.
    pub fn players(&self) -> Result<Vec<String>, StoreError> {
        self.rows("SELECT DISTINCT player FROM practice_run ORDER BY player", [], |r| {
            r.get(0)
        })
    }

    fn invalid_data(&self, m: String) -> StoreError {
        StoreError::Db {
            path: self.path.clone(),
            message: m,
        }
    }

    // ---------------------------------------------------------------- workshops

    /// Creates a workshop in one transaction. Rounds whose seed is `None` get
    /// [`derive_seed`]`(id, round)`. Returns the new workshop's id.
    pub fn create_workshop(
        &mut self,
        setup: &Setup,
        seeds: &[Option<u64>],
        created_at: i64,
    ) -> Result<i64, StoreError> {
        crate::workshop::rules::validate_setup(setup).map_err(StoreError::Invalid)?;
        let db = |e: rusqlite::Error| self.err(e);
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO workshop (name, created_at, discussion_secs, reward, penalty) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                setup.name,
                created_at,
                setup.discussion_secs,
                setup.reward,
                setup.penalty
            ],
        )
        .map_err(&db)?;
        let id = tx.last_insert_rowid();
        for (i, t) in setup.teams.iter().enumerate() {
            tx.execute(
                "INSERT INTO workshop_team (workshop_id, position, name, slogan) VALUES (?1, ?2, ?3, ?4)",
                params![id, i as i64, t.name, t.slogan],
            )
            .map_err(&db)?;
            for (j, m) in t.members.iter().enumerate() {
                tx.execute(
                    "INSERT INTO workshop_member (workshop_id, team, position, name, role) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, i as i64, j as i64, m.name, m.role.id()],
                )
                .map_err(&db)?;
            }
        }
        for (i, r) in setup.rounds.iter().enumerate() {
            let seed = seeds
                .get(i)
                .copied()
                .flatten()
                .unwrap_or_else(|| derive_seed(id, i + 1));
            tx.execute(
                "INSERT INTO workshop_round (workshop_id, number, scenario, seed) VALUES (?1, ?2, ?3, ?4)",
                params![id, (i + 1) as i64, r.scenario, seed as i64],
            )
            .map_err(&db)?;
        }
        tx.commit().map_err(&db)?;
        Ok(id)
    }

    /// All workshops, newest first.
    pub fn workshops(&self) -> Result<Vec<WorkshopSummary>, StoreError> {
        self.rows(
            "SELECT w.id, w.name, w.created_at,
                (SELECT COUNT(*) FROM workshop_team t WHERE t.workshop_id = w.id),
                (SELECT COUNT(*) FROM workshop_round r WHERE r.workshop_id = w.id),
                (SELECT COUNT(*) FROM workshop_run u WHERE u.workshop_id = w.id AND u.redo_reason IS NULL)
             FROM workshop w ORDER BY w.id DESC",
            [],
            |r| {
                Ok(WorkshopSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    created_at: r.get(2)?,
                    teams: r.get::<_, i64>(3)? as usize,
                    rounds: r.get::<_, i64>(4)? as usize,
                    runs: r.get::<_, i64>(5)? as usize,
                })
            },
        )
    }

    /// Finds a workshop by id (digits) or by name (the newest of that name).
    pub fn find_workshop(&self, key: &str) -> Result<i64, StoreError> {
        if let Ok(id) = key.parse::<i64>() {
            let found: Option<i64> = self
                .conn
                .query_row("SELECT id FROM workshop WHERE id = ?1", [id], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(e))?;
            if let Some(id) = found {
                return Ok(id);
            }
        }
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM workshop WHERE name = ?1 ORDER BY id DESC LIMIT 1",
                [key],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        found.ok_or_else(|| {
            StoreError::Invalid(format!(
                "no workshop \"{key}\" (see `service-arena workshop list`) / 找不到工作坊“{key}”"
            ))
        })
    }

    /// Loads a whole workshop: setup, runs (with principle scores and picks), skips.
    pub fn workshop(&self, id: i64) -> Result<Workshop, StoreError> {
        let c = &self.conn;
        let e = |e: rusqlite::Error| self.err(e);
        let head: Option<(String, i64, i64, String, String, bool)> = c
            .query_row(
                "SELECT name, created_at, discussion_secs, reward, penalty, paused FROM workshop WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get::<_, i64>(5)? != 0,
                    ))
                },
            )
            .optional()
            .map_err(e)?;
        let Some((name, created_at, discussion_secs, reward, penalty, paused)) = head else {
            return Err(StoreError::Invalid(format!("no workshop with id {id}")));
        };
        let mut teams: Vec<Team> = self.rows(
            "SELECT name, slogan FROM workshop_team WHERE workshop_id = ?1 ORDER BY position",
            [id],
            |r| {
                Ok(Team {
                    name: r.get(0)?,
                    slogan: r.get(1)?,
                    members: Vec::new(),
                })
            },
        )?;
        let members: Vec<(i64, String, String)> = self.rows(
            "SELECT team, name, role FROM workshop_member WHERE workshop_id = ?1 ORDER BY team, position",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for (team, name, role) in members {
            let role = Role::from_id(&role).ok_or_else(|| self.invalid_data(format!("unknown role \"{role}\"")))?;
            teams
                .get_mut(team as usize)
                .ok_or_else(|| self.invalid_data(format!("member of unknown team {team}")))?
                .members
                .push(Member { name, role });
        }
        let rounds: Vec<Round> = self.rows(
            "SELECT scenario, seed FROM workshop_round WHERE workshop_id = ?1 ORDER BY number",
            [id],
            |r| {
                Ok(Round {
                    scenario: r.get(0)?,
                    seed: r.get::<_, i64>(1)? as u64,
                })
            },
        )?;
        let raw: Vec<(
            i64,
            i64,
            i64,
            i64,
            String,
            String,
            f64,
            Option<String>,
            i64,
            Option<String>,
        )> = self.rows(
            "SELECT id, round, team, seed, choices, picks, total, outcome, finished_at, redo_reason
                 FROM workshop_run WHERE workshop_id = ?1 ORDER BY id",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )?;
        let mut pstmt = c
            .prepare("SELECT principle, score FROM workshop_run_principle WHERE run_id = ?1")
            .map_err(e)?;
        let mut runs = Vec::with_capacity(raw.len());
        for (rid, round, team, seed, choices, picks, total, outcome, finished_at, redone) in raw {
            let picks: Vec<Pick> = serde_json::from_str(&picks)
                .map_err(|x| self.invalid_data(format!("run {rid}: bad decision list: {x}")))?;
            runs.push(TeamRun {
                id: Some(rid),
                round: round as usize,
                team: team as usize,
                seed: seed as u64,
                choices: split_choices(&choices).map_err(|m| self.invalid_data(m))?,
                picks,
                total: total as f32,
                principles: principles_of(&mut pstmt, rid).map_err(e)?,
                outcome,
                finished_at,
                redone,
            });
        }
        let skips: Vec<Skip> = self.rows(
            "SELECT round, team, reason, at FROM workshop_skip WHERE workshop_id = ?1 ORDER BY id",
            [id],
            |r| {
                Ok(Skip {
                    round: r.get::<_, i64>(0)? as usize,
                    team: r.get::<_, i64>(1)? as usize,
                    reason: r.get(2)?,
                    at: r.get(3)?,
                })
            },
        )?;
        Ok(Workshop {
            id,
            created_at,
            setup: Setup {
                name,
                teams,
                rounds,
                discussion_secs: discussion_secs as u32,
                reward,
                penalty,
            },
            paused,
            runs,
            skips,
        })
    }

    /// Records a team's run in one transaction, after checking the workshop's rules against the
    /// state inside the same transaction (so two writers cannot both record the same turn).
    pub fn record_team_run(&mut self, workshop: i64, run: &TeamRun) -> Result<i64, StoreError> {
        Ok(self.record_team_runs(workshop, std::slice::from_ref(run))?[0])
    }

    /// Records several teams' runs (a play script) in one transaction: all of them, or — when any
    /// breaks a rule or cannot be written — none. Each is checked against the state including the
    /// ones before it. Returns their ids.
    pub fn record_team_runs(&mut self, workshop: i64, runs: &[TeamRun]) -> Result<Vec<i64>, StoreError> {
        let db = |e: rusqlite::Error| self.err(e);
        let tx = self.begin()?;
        let mut ws = self.workshop(workshop)?;
        let mut ids = Vec::with_capacity(runs.len());
        for run in runs {
            let picks = serde_json::to_string(&run.picks).map_err(|x| StoreError::Invalid(x.to_string()))?;
            crate::workshop::rules::check_play(&ws, run.round, run.team).map_err(StoreError::Invalid)?;
            let seed = ws.setup.rounds[run.round - 1].seed;
            if run.seed != seed {
                return Err(StoreError::Invalid(format!(
                    "round {} is played with seed {seed}, not {}: every team faces the same customer / 同一轮必须使用同一种子",
                    run.round, run.seed
                )));
            }
            if !run.total.is_finite() || run.principles.iter().any(|(_, s)| !s.is_finite()) {
                return Err(StoreError::Invalid(format!(
                    "round {}: the score is not a number; nothing was recorded / 分数无效，未记录",
                    run.round
                )));
            }
            tx.execute(
                "INSERT INTO workshop_run (workshop_id, round, team, seed, choices, picks, total, outcome, finished_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    workshop,
                    run.round as i64,
                    run.team as i64,
                    run.seed as i64,
                    join_choices(&run.choices),
                    picks,
                    run.total as f64,
                    run.outcome,
                    run.finished_at
                ],
            )
            .map_err(db)?;
            let id = tx.last_insert_rowid();
            for (p, s) in &run.principles {
                tx.execute(
                    "INSERT INTO workshop_run_principle (run_id, principle, score) VALUES (?1, ?2, ?3)",
                    params![id, p.id(), *s as f64],
                )
                .map_err(db)?;
            }
            ids.push(id);
            ws.runs.push(TeamRun {
                id: Some(id),
                ..run.clone()
            });
        }
        test_pause();
        tx.commit().map_err(db)?;
        Ok(ids)
    }

    /// Marks a team absent for a round, with the trainer's reason.
    pub fn skip_team(
        &mut self,
        workshop: i64,
        round: usize,
        team: usize,
        reason: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        let db = |e: rusqlite::Error| self.err(e);
        let tx = self.begin()?;
        let ws = self.workshop(workshop)?;
        crate::workshop::rules::check_skip(&ws, round, team, reason).map_err(StoreError::Invalid)?;
        tx.execute(
            "INSERT INTO workshop_skip (workshop_id, round, team, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![workshop, round as i64, team as i64, reason, at],
        )
        .map_err(&db)?;
        tx.commit().map_err(&db)
    }

    /// Sets a team's run in a round aside (kept, marked redone with the reason) so the team can
    /// play that round again. Returns the id of the run set aside.
    pub fn redo_team(
        &mut self,
        workshop: i64,
        round: usize,
        team: usize,
        reason: &str,
        at: i64,
    ) -> Result<i64, StoreError> {
        let db = |e: rusqlite::Error| self.err(e);
        let tx = self.begin()?;
        let ws = self.workshop(workshop)?;
        let run_id = crate::workshop::rules::check_redo(&ws, round, team, reason).map_err(StoreError::Invalid)?;
        tx.execute(
            "UPDATE workshop_run SET redo_reason = ?1, redone_at = ?2 WHERE id = ?3 AND redo_reason IS NULL",
            params![reason, at, run_id],
        )
        .map_err(&db)?;
        tx.commit().map_err(&db)?;
        Ok(run_id)
    }

    /// Pauses or resumes a workshop (a paused workshop records no runs).
    pub fn set_paused(&self, workshop: i64, paused: bool) -> Result<(), StoreError> {
        let tx = self.begin()?;
        let n = tx
            .execute(
                "UPDATE workshop SET paused = ?1 WHERE id = ?2",
                params![paused as i64, workshop],
            )
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no workshop with id {workshop}")));
        }
        tx.commit().map_err(|e| self.err(e))
    }

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

fn principles_of(stmt: &mut rusqlite::Statement<'_>, run_id: i64) -> rusqlite::Result<Vec<(Principle, f32)>> {
    let rows: Vec<(String, f64)> = stmt
        .query_map([run_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut out: Vec<(Principle, f32)> = rows
        .into_iter()
        .filter_map(|(p, s)| Principle::from_id(&p).map(|p| (p, s as f32)))
        .collect();
    out.sort_by_key(|(p, _)| p.index());
    Ok(out)
}

/// Test hook: `SERVICE_ARENA_TEST_PAUSE_MS` makes every run write wait this long inside its
/// transaction, so the crash test can kill the process mid-write.
fn test_pause() {
    if let Some(ms) = std::env::var("SERVICE_ARENA_TEST_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

enum Check {
    Foreign(String),
    Corrupt(String),
    Other(rusqlite::Error),
}

fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

fn foreign_reason(app: i32) -> String {
    if app == 0 {
        "an SQLite database of another program (it has tables but no Service Arena mark)".into()
    } else {
        format!("an SQLite database of another program (application id {app:#x})")
    }
}

/// Is this an empty file, or one of ours? Reads the mark, the schema and the version (call it inside
/// one transaction, so they are one state of the file) and runs a quick check. Returns the version.
fn check(conn: &Connection) -> Result<i64, Check> {
    let classify = |e: rusqlite::Error| {
        if is_corrupt(&e) {
            Check::Corrupt(e.to_string())
        } else {
            Check::Other(e)
        }
    };
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(classify)?;
    let tables: i64 = conn
        .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(classify)?;
    if app != APPLICATION_ID && (app != 0 || tables > 0) {
        return Err(Check::Foreign(foreign_reason(app)));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(classify)?;
    if version < 0 {
        return Err(Check::Corrupt(format!(
            "schema version {version} is not one this program writes"
        )));
    }
    let quick: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(classify)?;
    if quick != "ok" {
        return Err(Check::Corrupt(format!("integrity check failed: {quick}")));
    }
    Ok(version)
}

/// Moves `path` (and its rollback journal / WAL files, if any) to `<path>.<kind>-<unix-time>`,
/// choosing a free name; never deletes or overwrites anything.
/// A name beside `path` for setting a bad file aside: `<name>.<kind>-<unix time>`, with `-1`, `-2`, …
/// added when that exists already, so an earlier set-aside file is never replaced.
pub fn aside_path(path: &Path, kind: &str) -> PathBuf {
    let stamp = now();
    let mut n = 0;
    loop {
        let suffix = if n == 0 {
            format!("{kind}-{stamp}")
        } else {
            format!("{kind}-{stamp}-{n}")
        };
        let mut t = path.as_os_str().to_owned();
        t.push(format!(".{suffix}"));
        let t = PathBuf::from(t);
        if !t.exists() {
            return t;
        }
        n += 1;
    }
}

/// `path` with `side` appended to its name (`-journal`, `-wal`, `-shm`).
fn side_path(path: &Path, side: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(side);
    PathBuf::from(p)
}

fn set_aside(path: &Path, kind: &str, reason: String) -> StoreError {
    let target = aside_path(path, kind);
    if let Err(e) = std::fs::rename(path, &target) {
        return StoreError::Db {
            path: path.to_path_buf(),
            message: format!(
                "not a Service Arena database ({reason}), and moving it aside failed: {e}; nothing was written"
            ),
        };
    }
    for side in ["-journal", "-wal", "-shm"] {
        let from = side_path(path, side);
        if from.exists() {
            let _ = std::fs::rename(&from, side_path(&target, side));
        }
    }
    StoreError::SetAside {
        path: path.to_path_buf(),
        moved_to: target,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system temp dir (removed on drop).
    struct Tmp(PathBuf);
    impl Tmp {
        fn new(tag: &str) -> Tmp {
            let p = std::env::temp_dir().join(format!("sa-store-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Tmp(p)
        }
        fn db(&self) -> PathBuf {
            self.0.join(FILE_NAME)
        }
    }
    impl Drop for Tmp {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn practice(player: &str, total: f32) -> PracticeRun {
        PracticeRun {
            id: None,
            player: player.into(),
            scenario: "ka_stockout".into(),
            seed: 1,
            choices: vec![1, 2, 3],
            total,
            principles: vec![(Principle::PeakEnd, 75.5)],
            outcome: Some("won_over".into()),
            finished_at: 1_700_000_000,
        }
    }

    fn setup() -> Setup {
        Setup {
            name: "测试工作坊".into(),
            teams: vec![
                Team {
                    name: "红队".into(),
                    slogan: "口号".into(),
                    members: vec![Member {
                        name: "张伟".into(),
                        role: Role::Captain,
                    }],
                },
                Team {
                    name: "蓝队".into(),
                    slogan: String::new(),
                    members: Vec::new(),
                },
            ],
            rounds: vec![
                Round {
                    scenario: "ka_stockout".into(),
                    seed: 0,
                };
                2
            ],
            discussion_secs: 90,
            reward: "奖".into(),
            penalty: "罚".into(),
        }
    }

    #[test]
    fn migrates_a_version_1_database_keeping_its_history() {
        let tmp = Tmp::new("migrate");
        {
            // The file as the first release wrote it: only the practice tables.
            let c = Connection::open(tmp.db()).unwrap();
            c.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))
                .unwrap();
            c.execute_batch(MIGRATIONS[0]).unwrap();
            c.execute_batch(
                "PRAGMA user_version = 1;
                 INSERT INTO practice_run (player, scenario, seed, choices, total, outcome, finished_at)
                 VALUES ('李娜', 'tv_dropped', 3, '1,2', 66.6, 'neutral', 1700000000);
                 INSERT INTO practice_principle VALUES (1, 'peak_end', 50.0);",
            )
            .unwrap();
        }
        let mut s = Store::open(&tmp.db()).unwrap();
        assert_eq!(s.version().unwrap(), schema_version());
        let runs = s.practice_runs("李娜").unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!((runs[0].total, runs[0].choices.clone()), (66.6, vec![1, 2]));
        assert_eq!(runs[0].principles, vec![(Principle::PeakEnd, 50.0)]);
        // The new tables work.
        let id = s.create_workshop(&setup(), &[Some(5), None], 1).unwrap();
        let ws = s.workshop(id).unwrap();
        assert_eq!(ws.setup.rounds[0].seed, 5);
        assert_eq!(ws.setup.rounds[1].seed, derive_seed(id, 2));
        assert!(s.check_integrity().unwrap().is_empty());
    }

    #[test]
    fn round_trips_workshops_and_practice() {
        let tmp = Tmp::new("roundtrip");
        let mut s = Store::open(&tmp.db()).unwrap();
        s.record_practice(&practice("王芳", 80.0)).unwrap();
        s.record_practice(&practice("王芳", 90.0)).unwrap();
        assert_eq!(s.best_total("王芳", "ka_stockout").unwrap(), Some(90.0));
        assert_eq!(s.players().unwrap(), vec!["王芳".to_string()]);
        let id = s.create_workshop(&setup(), &[Some(9), Some(10)], 1).unwrap();
        let mut ws = s.workshop(id).unwrap();
        assert_eq!(ws.setup.teams[0].members[0].role, Role::Captain);
        let run = TeamRun {
            id: None,
            round: 1,
            team: 1,
            seed: 9,
            choices: vec![2, 1],
            picks: vec![Pick {
                node: "open".into(),
                option: 2,
            }],
            total: 71.3,
            principles: vec![(Principle::PeakEnd, 60.0), (Principle::Effort, 40.0)],
            outcome: Some("lost".into()),
            finished_at: 5,
            redone: None,
        };
        // Another seed than the round's is refused: every team faces the same customer.
        let wrong = TeamRun { seed: 8, ..run.clone() };
        assert!(
            s.record_team_run(id, &wrong)
                .unwrap_err()
                .to_string()
                .contains("seed 9")
        );
        let rid = s.record_team_run(id, &run).unwrap();
        s.set_paused(id, true).unwrap();
        assert!(
            s.skip_team(id, 1, 0, "late", 6)
                .unwrap_err()
                .to_string()
                .contains("paused")
        );
        s.set_paused(id, false).unwrap();
        s.skip_team(id, 1, 0, "late", 6).unwrap();
        ws.runs.push(TeamRun {
            id: Some(rid),
            ..run.clone()
        });
        let loaded = s.workshop(id).unwrap();
        assert_eq!(loaded.runs, ws.runs);
        assert_eq!(loaded.skips.len(), 1);
        assert_eq!(s.redo_team(id, 1, 1, "mis-click", 7).unwrap(), rid);
        let loaded = s.workshop(id).unwrap();
        assert_eq!(loaded.runs[0].redone.as_deref(), Some("mis-click"));
        assert_eq!(loaded.active_run(1, 1), None);
        assert_eq!(s.find_workshop("测试工作坊").unwrap(), id);
        assert!(s.find_workshop("nope").is_err());
    }

    #[test]
    fn a_garbage_file_is_set_aside_untouched() {
        let tmp = Tmp::new("garbage");
        let junk = b"this is a spreadsheet, not a database\n".repeat(200);
        std::fs::write(tmp.db(), &junk).unwrap();
        let Err(StoreError::SetAside { moved_to, .. }) = Store::open(&tmp.db()) else {
            panic!("expected SetAside")
        };
        assert_eq!(std::fs::read(&moved_to).unwrap(), junk, "moved byte for byte");
        assert!(moved_to.to_string_lossy().contains(".corrupt-"));
        // The next open starts afresh at the original path.
        let s = Store::open(&tmp.db()).unwrap();
        assert_eq!(s.version().unwrap(), schema_version());
    }

    #[test]
    fn another_programs_database_is_set_aside_untouched() {
        let tmp = Tmp::new("foreign");
        {
            let c = Connection::open(tmp.db()).unwrap();
            c.execute_batch("CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (42);")
                .unwrap();
        }
        let before = std::fs::read(tmp.db()).unwrap();
        let (s, msg) = Store::open_or_recover(&tmp.db()).unwrap();
        let Some(StoreError::SetAside { moved_to, .. }) = msg else {
            panic!("expected SetAside")
        };
        assert!(moved_to.to_string_lossy().contains(".foreign-"));
        assert_eq!(std::fs::read(&moved_to).unwrap(), before);
        assert!(s.players().unwrap().is_empty());
    }

    #[test]
    fn a_newer_schema_is_left_alone() {
        let tmp = Tmp::new("newer");
        drop(Store::open(&tmp.db()).unwrap());
        Connection::open(tmp.db())
            .unwrap()
            .execute_batch("PRAGMA user_version = 99;")
            .unwrap();
        assert!(matches!(
            Store::open(&tmp.db()),
            Err(StoreError::TooNew { found: 99, .. })
        ));
        assert!(tmp.db().exists());
    }
}
