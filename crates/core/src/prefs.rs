//! The game's settings (language, text size, decision timer, coach, full screen, player name),
//! Bevy-free. Kept as RON next to the database (`settings.ron` in the data directory). A file that
//! does not parse is moved aside (never overwritten) and the defaults are used, with a message the
//! game shows.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::Lang;

pub const FILE_NAME: &str = "settings.ron";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Prefs {
    pub lang: Lang,
    /// Text scale, 0.8–2.0 (1.0 = default size).
    pub text_scale: f32,
    /// Seconds per decision, or None for no timer.
    pub timer_secs: Option<u32>,
    /// Coach mode: mark the last choice good or risky with a one-line reason.
    pub coach: bool,
    pub fullscreen: bool,
    /// Who is practising (a person or, in team practice, the team's name).
    pub player: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            lang: Lang::Zh,
            text_scale: 1.0,
            timer_secs: None,
            coach: true,
            fullscreen: false,
            player: String::new(),
        }
    }
}

pub const TEXT_SCALES: [f32; 7] = [0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0];
pub const TIMER_CHOICES: [Option<u32>; 4] = [None, Some(20), Some(45), Some(90)];

impl Prefs {
    /// Values out of range are brought back into range (a hand-edited file cannot break the UI).
    pub fn clamped(mut self) -> Prefs {
        self.text_scale = self.text_scale.clamp(0.8, 2.0);
        self.timer_secs = self.timer_secs.map(|s| s.clamp(5, 600));
        self.player = self.player.trim().chars().take(40).collect();
        self
    }
}

/// Loads the settings at `path`. A missing file gives the defaults and no message; an unreadable
/// or malformed one is renamed to `settings.ron.corrupt-<unix time>` and reported.
pub fn load(path: &Path) -> (Prefs, Option<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Prefs::default(), None),
        Err(e) => {
            return (
                Prefs::default(),
                Some(format!("{}: {e}; using default settings", path.display())),
            );
        }
    };
    match ron::from_str::<Prefs>(&text) {
        Ok(p) => (p.clamped(), None),
        Err(e) => {
            let aside = crate::aside::aside_path(path, "corrupt");
            let moved = std::fs::rename(path, &aside);
            let msg = match moved {
                Ok(()) => format!(
                    "{}:{}:{}: {}; the file was moved to {} and default settings are used",
                    path.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code,
                    aside.display()
                ),
                Err(m) => format!(
                    "{}:{}:{}: {}; could not move it aside ({m}); default settings are used and it will not be overwritten",
                    path.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code
                ),
            };
            (Prefs::default(), Some(msg))
        }
    }
}

/// Writes the settings atomically (temporary file, then rename), creating the directory.
pub fn save(path: &Path, prefs: &Prefs) -> Result<(), String> {
    let text = ron::ser::to_string_pretty(prefs, ron::ser::PrettyConfig::default()).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("ron.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sa-prefs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn settings_round_trip_and_missing_file_gives_defaults() {
        let d = dir("rt");
        let p = d.join(FILE_NAME);
        assert_eq!(load(&p), (Prefs::default(), None));
        let prefs = Prefs {
            lang: Lang::En,
            text_scale: 1.4,
            timer_secs: Some(45),
            coach: false,
            fullscreen: true,
            player: "王芳".into(),
        };
        save(&p, &prefs).unwrap();
        assert_eq!(load(&p), (prefs, None));
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_set_aside_with_its_position_and_never_overwritten() {
        let d = dir("bad");
        let p = d.join(FILE_NAME);
        std::fs::write(&p, "(lang: zh,\n text_scale: \"big\")").unwrap();
        let (prefs, msg) = load(&p);
        assert_eq!(prefs, Prefs::default());
        let msg = msg.unwrap();
        assert!(msg.contains(":2:"), "{msg}");
        assert!(!p.exists());
        let aside: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(aside.len(), 1);
        let kept = std::fs::read_to_string(d.join(&aside[0])).unwrap();
        assert!(kept.contains("\"big\""));
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn a_second_corrupt_file_in_the_same_second_does_not_replace_the_first() {
        let d = dir("twice");
        let p = d.join(FILE_NAME);
        for text in ["first (", "second ("] {
            std::fs::write(&p, text).unwrap();
            assert!(load(&p).1.is_some());
        }
        let mut kept: Vec<String> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        kept.sort();
        assert_eq!(kept, ["first (", "second ("]);
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn out_of_range_values_are_clamped() {
        let p = Prefs {
            text_scale: 9.0,
            timer_secs: Some(1),
            ..Prefs::default()
        }
        .clamped();
        assert_eq!((p.text_scale, p.timer_secs), (2.0, Some(5)));
    }
}
