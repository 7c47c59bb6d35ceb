//! Setting a bad file aside: the name it gets. Shared by the store (a corrupt or foreign database)
//! and the game's settings file (a corrupt settings file).

use std::path::{Path, PathBuf};

/// A name beside `path` for setting a bad file aside: `<name>.<kind>-<unix time>`, with `-1`, `-2`, …
/// added when that exists already, so an earlier set-aside file is never replaced.
pub fn aside_path(path: &Path, kind: &str) -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
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
