//! Live reload for an interactive `play`: while it waits for a choice, the scenario file is
//! checked every [`POLL`] (modification time and size: one `stat`, no dependency and no platform
//! watcher to go wrong on network drives or editors that replace the file). An edited file is
//! loaded again; the call moves onto it when the path played so far still exists
//! (`Call::carry_over`), and otherwise, or when the file has errors, the call goes on unchanged
//! and the reason is printed where the author is looking.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::engine::call::Call;
use crate::engine::load::load_file;
use crate::engine::{Lang, Text};

/// How often the file is checked while `play` waits for a choice.
pub const POLL: Duration = Duration::from_millis(250);

/// A scenario file being watched.
pub struct Watch {
    path: PathBuf,
    stamp: Option<(SystemTime, u64)>,
}

fn stamp(p: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(p).ok()?;
    Some((m.modified().ok()?, m.len()))
}

impl Watch {
    /// Watches the file a scenario was loaded from (none for a scenario without a file).
    pub fn new(source: &str) -> Option<Watch> {
        let path = PathBuf::from(source);
        path.is_file().then(|| Watch {
            stamp: stamp(&path),
            path,
        })
    }

    /// True once after each change of the file (a new modification time or size).
    pub fn changed(&mut self) -> bool {
        let now = stamp(&self.path);
        if now.is_some() && now != self.stamp {
            self.stamp = now;
            true
        } else {
            false
        }
    }
}

/// What a reload did: the call on the edited file, or why the call goes on as it was.
pub enum Reloaded {
    Moved(Call),
    Kept(Vec<String>),
}

/// Loads the edited file and moves the call onto it, or says (in `lang`) why not.
pub fn reload(call: &Call, w: &Watch, lang: Lang) -> Reloaded {
    let kept = Text::new(
        "通话按修改前的版本继续；重新开始 play 才会玩到改过的版本。",
        "The call goes on with the version loaded before; start play again to play the edited one.",
    );
    match load_file(&w.path) {
        Err(ds) => {
            let mut lines = vec![
                Text::new(
                    format!("{} 改过了，但有错误：", w.path.display()),
                    format!("{} was edited and has errors:", w.path.display()),
                )
                .get(lang)
                .to_string(),
            ];
            lines.extend(ds.iter().map(|d| format!("  {}", d.show(lang))));
            lines.push(kept.get(lang).to_string());
            Reloaded::Kept(lines)
        }
        Ok(sc) => {
            let warnings: Vec<String> = sc.warnings.iter().map(|d| format!("  {}", d.show(lang))).collect();
            match call.carry_over(Arc::new(sc)) {
                Ok(moved) => {
                    // Warnings of the edited file are worth seeing too, but do not stop it.
                    for w in warnings {
                        eprintln!("{w}");
                    }
                    Reloaded::Moved(moved)
                }
                Err(why) => Reloaded::Kept(vec![
                    Text::new(
                        format!("{} 改过了，但不能接着当前的通话：{}。", w.path.display(), why.zh),
                        format!(
                            "{} was edited, but the call cannot continue on it: {}.",
                            w.path.display(),
                            why.en
                        ),
                    )
                    .get(lang)
                    .to_string(),
                    kept.get(lang).to_string(),
                ]),
            }
        }
    }
}
