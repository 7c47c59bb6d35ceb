//! Writing an export (or the catalogue) without ever destroying another file.

use std::path::{Path, PathBuf};

use super::*;

/// How the CSV exports begin (after the byte-order mark).
pub(super) const CSV_WORKSHOP_HEAD: &str = "\u{feff}workshop 工作坊,";
pub(super) const CSV_PRACTICE_HEAD: &str = "\u{feff}player 学员,";

/// Same file (after symlinks), by device and inode where the platform has them.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        _ => false,
    }
}

/// Writes an export or the catalogue without ever destroying something else: never onto the open
/// database (or its journal), never over an SQLite file or anything that is not an earlier output of
/// the same kind (`earlier`: how such a file begins), and through a temporary file in the same
/// directory renamed into place, so a failed write leaves the old file as it was.
pub fn write_output(path: &Path, text: &str, earlier: &[&str], db: Option<&Path>) -> Res<()> {
    use std::io::Read;
    let refuse = |why: String| CliError(format!("{}: {why}; nothing was written", path.display()));
    if let Some(db) = db {
        let sides = ["", "-journal", "-wal", "-shm"].map(|s| PathBuf::from(format!("{}{s}", db.display())));
        if sides.iter().any(|d| same_file(path, d)) {
            return Err(refuse(
                "this is the program's own database / 这是程序自己的数据库，不能覆盖".into(),
            ));
        }
    }
    let target = match std::fs::metadata(path) {
        Err(_) => path.to_path_buf(),
        Ok(m) if !m.is_file() => {
            return Err(refuse("exists and is not a regular file / 目标不是普通文件".into()));
        }
        Ok(_) => {
            let mut head = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(4096).read_to_end(&mut head))
                .map_err(|e| refuse(format!("cannot read the existing file: {e}")))?;
            if head.starts_with(crate::store::SQLITE_MAGIC) {
                return Err(refuse(
                    "is an SQLite database; choose another file name / 目标是数据库文件，请换一个文件名".into(),
                ));
            }
            let earlier_output = earlier.iter().any(|e| head.starts_with(e.as_bytes()));
            if !head.is_empty() && !earlier_output {
                return Err(refuse(
                    "exists and is not an earlier output of this command; choose another file name or remove it first \
                     / 目标文件已存在且不是之前导出的文件，请换一个文件名"
                        .into(),
                ));
            }
            // Through a symlink, replace the file it points to, not the link.
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        CliError(format!("{}: cannot write: {e} / 无法写入", path.display()))
    })
}
