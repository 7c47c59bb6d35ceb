//! The game's data as Bevy resources: the scenario catalogue, the settings, the practice store and
//! messages for the player (files set aside, scenarios that did not load). Loading happens once,
//! before the window opens; every problem becomes a message, never a silent fallback.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use bevy::prelude::*;

use crate::engine::load::{expand, load_all};
use crate::engine::{Compiled, Diagnostic, Lang, Principle, ScoringConfig};
use crate::prefs::{self, Prefs};
use crate::store::{PracticeRun, Store};

use super::Options;

/// Why no window can open, if that is known before trying: on Linux the game talks X11, so it needs
/// `DISPLAY`, and a local display's socket must exist.
pub fn display_problem() -> Option<String> {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return None;
    }
    let display = std::env::var("DISPLAY").unwrap_or_default();
    if display.is_empty() {
        return Some("DISPLAY is not set".into());
    }
    // ":N" or ":N.S" is a local display with a socket in /tmp/.X11-unix; remote ones are not checked.
    if let Some(rest) = display.strip_prefix(':') {
        let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        if !n.is_empty() && !socket.exists() {
            return Some(format!(
                "DISPLAY={display}, but no X server is listening at {}",
                socket.display()
            ));
        }
    }
    None
}

/// Every scenario that loaded, and the files that did not (with file:line:column).
#[derive(Resource)]
pub struct Catalog {
    pub scenarios: Vec<Arc<Compiled>>,
    /// What is wrong with the scenario files: the errors of those that did not load, then the
    /// warnings of those that did (shown in the chosen language on the title screen).
    pub problems: Vec<Diagnostic>,
    pub cfg: ScoringConfig,
    /// Per scenario id, the principles it trains (`practice::trains`: the best path lifts them
    /// well above random answers). Filled by a thread started when the player leaves the title
    /// screen (`analyse_when_leaving_the_title`), not at load, where it would compete with the
    /// first frames for the CPU.
    pub trains: Arc<OnceLock<HashMap<String, Vec<Principle>>>>,
}

#[cfg(test)]
impl Catalog {
    /// The shipped scenarios with the default weights, for tests.
    pub fn shipped_for_tests() -> Catalog {
        Catalog {
            scenarios: shipped(),
            problems: Vec::new(),
            cfg: ScoringConfig::default(),
            trains: Arc::default(),
        }
    }
}

/// Works out which principles each scenario trains, on its own thread (once).
pub fn analyse_when_leaving_the_title(catalog: Res<Catalog>, mut started: Local<bool>) {
    if std::mem::replace(&mut *started, true) {
        return;
    }
    let (out, scenarios, cfg) = (catalog.trains.clone(), catalog.scenarios.clone(), catalog.cfg.clone());
    std::thread::spawn(move || {
        let _ = out.set(trained_principles(&scenarios, &cfg));
    });
}

/// The principles each scenario trains (see [`Catalog::trains`]).
pub fn trained_principles(scenarios: &[Arc<Compiled>], cfg: &ScoringConfig) -> HashMap<String, Vec<Principle>> {
    scenarios
        .iter()
        .map(|sc| (sc.id.clone(), crate::practice::trains(sc, cfg)))
        .collect()
}

impl Catalog {
    pub fn find(&self, id: &str) -> Option<Arc<Compiled>> {
        self.scenarios.iter().find(|s| s.id == id).cloned()
    }
}

/// The settings and where they are saved.
#[derive(Resource)]
pub struct Settings {
    pub prefs: Prefs,
    pub path: Option<PathBuf>,
    /// The last save error, shown on the settings screen.
    pub save_error: Option<String>,
}

impl Settings {
    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }
    pub fn save(&mut self) {
        self.save_error = match &self.path {
            Some(p) => prefs::save(p, &self.prefs).err(),
            None => Some("no data directory: settings are kept until the game closes".into()),
        };
    }
    pub fn player(&self) -> String {
        match self.prefs.player.trim() {
            "" => "练习者".to_string(),
            p => p.to_string(),
        }
    }
}

/// The practice store (None if it could not be opened; `error` says why) and the current player's
/// runs, oldest first.
#[derive(Resource)]
pub struct Db {
    pub store: Option<Mutex<Store>>,
    pub error: Option<String>,
    pub runs: Vec<PracticeRun>,
    pub runs_of: String,
}

impl Db {
    /// Reloads the runs of `player` from the store (no-op without a store).
    pub fn refresh(&mut self, player: &str) {
        let Some(store) = &self.store else { return };
        let store = store.lock().expect("store lock");
        match store.practice_runs(player) {
            Ok(runs) => {
                self.runs = runs;
                self.runs_of = player.to_string();
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    pub fn best(&self, scenario: &str) -> Option<f32> {
        crate::practice::previous_best(&self.runs, scenario, None)
    }
}

/// Messages for the player, shown on the title screen (files set aside, scenarios skipped).
#[derive(Resource, Default)]
pub struct Notices(pub Vec<String>);

/// The scenario directory and the files in it that did not load at start (the reload plugin
/// watches from here).
#[derive(Resource)]
pub struct Loaded {
    pub dir: PathBuf,
    pub failures: Vec<(PathBuf, Vec<Diagnostic>)>,
}

pub struct GameData {
    catalog: Catalog,
    loaded: Loaded,
    settings: Settings,
    db: Db,
    notices: Notices,
}

impl GameData {
    /// Loads scenarios, settings and the store. Only a missing scenario directory is fatal (there
    /// would be nothing to play); everything else becomes a notice.
    pub fn load(opts: &Options) -> Result<GameData, String> {
        let mut notices = Vec::new();
        let dir = crate::engine::load::scenario_dir(opts.scenarios.as_deref(), &crate::built_in_scenarios())
            .map_err(|e| e.text().get(opts.lang.unwrap_or_default()).to_string())?;
        let files = expand(std::slice::from_ref(&dir)).map_err(|e| e.get(opts.lang.unwrap_or_default()).to_string())?;
        let lib = load_all(&files);
        let problems: Vec<Diagnostic> = lib
            .failures
            .iter()
            .flat_map(|(_, ds)| ds.iter().cloned())
            .chain(lib.scenarios.iter().flat_map(|s| s.warnings.iter().cloned()))
            .collect();
        if lib.scenarios.is_empty() {
            return Err(format!("no playable scenario in {}", dir.display()));
        }
        let mut scenarios: Vec<Arc<Compiled>> = lib.scenarios.into_iter().map(Arc::new).collect();
        scenarios.sort_by(|a, b| a.difficulty.cmp(&b.difficulty).then(a.id.cmp(&b.id)));
        let loaded = Loaded {
            dir: dir.clone(),
            failures: lib.failures,
        };

        let (store, store_error) = match Store::path_in(opts.data.as_deref()) {
            Ok(path) => match Store::open_or_recover(&path) {
                Ok((s, aside)) => {
                    if let Some(a) = aside {
                        notices.push(a.to_string());
                    }
                    (Some(s), None)
                }
                Err(e) => (None, Some(e.to_string())),
            },
            Err(e) => (None, Some(e.to_string())),
        };
        if let Some(e) = &store_error {
            notices.push(format!("practice history is off: {e}"));
        }
        let prefs_path = store
            .as_ref()
            .and_then(|s| s.path().parent().map(|d| d.join(prefs::FILE_NAME)));
        let (mut p, msg) = match &prefs_path {
            Some(path) => prefs::load(path),
            None => (Prefs::default(), None),
        };
        notices.extend(msg);
        if let Some(lang) = opts.lang {
            p.lang = lang;
        }
        let mut db = Db {
            store: store.map(Mutex::new),
            error: store_error,
            runs: Vec::new(),
            runs_of: String::new(),
        };
        let settings = Settings {
            prefs: p,
            path: prefs_path,
            save_error: None,
        };
        db.refresh(&settings.player());
        let cfg = ScoringConfig::default();
        Ok(GameData {
            loaded,
            catalog: Catalog {
                scenarios,
                problems,
                cfg,
                trains: Arc::default(),
            },
            settings,
            db,
            notices: Notices(notices),
        })
    }

    pub fn insert_into(self, app: &mut App) {
        app.insert_resource(self.catalog)
            .insert_resource(self.loaded)
            .insert_resource(self.settings)
            .insert_resource(self.db)
            .insert_resource(self.notices);
    }
}

/// The shipped scenarios, for tests.
#[cfg(test)]
pub fn shipped() -> Vec<std::sync::Arc<crate::engine::Compiled>> {
    crate::engine::testkit::load_dir(&crate::built_in_scenarios())
        .into_iter()
        .map(std::sync::Arc::new)
        .collect()
}
