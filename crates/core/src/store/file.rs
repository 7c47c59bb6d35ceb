//! The database file itself: its raw header read without a connection, where the data directory
//! is, whether a file is ours, and setting a file aside (never overwriting it).

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::*;

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

/// The platform data directory for the program, without the env override.
pub(super) fn platform_data_dir() -> Result<PathBuf, StoreError> {
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

pub(super) enum Check {
    Foreign(String),
    Corrupt(String),
    Other(rusqlite::Error),
}

pub(super) fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

pub(super) fn foreign_reason(app: i32) -> String {
    if app == 0 {
        "an SQLite database of another program (it has tables but no Service Arena mark)".into()
    } else {
        format!("an SQLite database of another program (application id {app:#x})")
    }
}

/// Is this an empty file, or one of ours? Reads the mark, the schema and the version (call it inside
/// one transaction, so they are one state of the file) and runs a quick check. Returns the version.
pub(super) fn check(conn: &Connection) -> Result<i64, Check> {
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

/// `path` with `side` appended to its name (`-journal`, `-wal`, `-shm`).
pub(super) fn side_path(path: &Path, side: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(side);
    PathBuf::from(p)
}

/// Moves `path` (and its rollback journal / WAL files, if any) to `<path>.<kind>-<unix-time>`,
/// choosing a free name; never deletes or overwrites anything.
pub(super) fn set_aside(path: &Path, kind: &str, reason: String) -> StoreError {
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
