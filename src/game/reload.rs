//! Live reload of the scenario directory: an edited, added or removed `.ron` file is reloaded on
//! its own and the rest of the library stays as it is.
//!
//! Watching costs an idle game nothing it would notice: a thread lists the directory and reads
//! each file's modification time and size every [`POLL`] (a few `stat` calls, no read), and only
//! when something differs does it wake the window (winit's `WakeUp`, so a game sleeping in
//! low-power mode runs one update); the [`apply`] system then reloads just the files whose stamp
//! changed. A scheduled wake-up of the whole app instead would render a frame each time.
//!
//! What an edit does:
//! - a file that loads replaces its scenario (same file) in the catalogue;
//! - a file with errors keeps its last version that loaded in the catalogue, if it had one, and
//!   its errors (file:line:column, shown in the player's language) are kept beside it, for the
//!   picker and the lab; a file that never loaded is listed with its errors;
//! - a removed file takes its scenario out.
//!
//! A call in progress keeps the compiled scenario it started with (the `Arc` in `Session`): its
//! choices, the coach's verdicts and the stored run all belong to that version, and a workshop
//! round plays the same scenario for every team. The next call starts on the new version. The lab
//! moves its own test call onto the edited file (`Call::carry_over`), since following the file is
//! what the author wants there.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use bevy::winit::{EventLoopProxy, EventLoopProxyWrapper, WinitUserEvent};

use crate::engine::load::load_file;
use crate::engine::{Compiled, Diagnostic};
use crate::game::data::{Catalog, Loaded};

/// How often the directory is looked at.
pub const POLL: Duration = Duration::from_millis(400);

/// A file as last seen: modification time and size.
type Stamp = Option<(SystemTime, u64)>;

/// One scenario file and what its last load gave.
#[derive(Clone, Debug, Default)]
pub struct FileState {
    stamp: Stamp,
    /// The id of the scenario this file holds in the catalogue (the last version that loaded).
    pub id: Option<String>,
    /// The errors of the file as it is now (empty when it loaded).
    pub errors: Vec<Diagnostic>,
}

/// The scenario directory being watched and the state of each of its files.
#[derive(Resource)]
pub struct ScenarioFiles {
    pub dir: Option<PathBuf>,
    pub files: BTreeMap<PathBuf, FileState>,
    /// Counts the changes applied, so screens that cache something per scenario know to redo it.
    pub generation: u64,
    /// The last reload, for the screens: which file and when (seconds since the app started).
    pub last: Option<(PathBuf, f64)>,
    changed: Arc<AtomicBool>,
    waker: Arc<Mutex<Option<EventLoopProxy<WinitUserEvent>>>>,
}

/// The shared part the watcher thread holds (weakly: it stops when the resource is gone).
struct Shared {
    changed: Weak<AtomicBool>,
}

impl ScenarioFiles {
    /// The files of `dir` as loaded at start: `loaded` are the scenarios in the catalogue (their
    /// `source` is the file), `failures` the files that did not load.
    pub fn new(dir: Option<PathBuf>, loaded: &[Arc<Compiled>], failures: &[(PathBuf, Vec<Diagnostic>)]) -> Self {
        let mut files = BTreeMap::new();
        if let Some(d) = &dir {
            for f in listing(d) {
                let source = f.display().to_string();
                let id = loaded.iter().find(|s| s.source == source).map(|s| s.id.clone());
                let errors = failures
                    .iter()
                    .find(|(p, _)| *p == f)
                    .map(|(_, ds)| ds.clone())
                    .unwrap_or_default();
                files.insert(
                    f.clone(),
                    FileState {
                        stamp: stamp(&f),
                        id,
                        errors,
                    },
                );
            }
        }
        ScenarioFiles {
            dir,
            files,
            generation: 0,
            last: None,
            changed: Arc::new(AtomicBool::new(false)),
            waker: Arc::default(),
        }
    }

    /// The errors of the file that holds scenario `id` now, if it has any (the catalogue then
    /// shows its last version that loaded).
    pub fn errors_of(&self, id: &str) -> &[Diagnostic] {
        self.files
            .values()
            .find(|f| f.id.as_deref() == Some(id))
            .map_or(&[], |f| &f.errors[..])
    }

    /// Files with errors that hold no scenario at all (they never loaded).
    pub fn broken(&self) -> impl Iterator<Item = (&PathBuf, &[Diagnostic])> {
        self.files
            .iter()
            .filter(|(_, f)| f.id.is_none() && !f.errors.is_empty())
            .map(|(p, f)| (p, &f.errors[..]))
    }

    /// Starts the watcher thread (once). The thread ends with the resource.
    fn start_watching(&self) {
        let Some(dir) = self.dir.clone() else { return };
        let shared = Shared {
            changed: Arc::downgrade(&self.changed),
        };
        let waker = Arc::downgrade(&self.waker);
        let mut seen = stamps(&dir);
        std::thread::Builder::new()
            .name("scenario-watch".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(POLL);
                    let Some(changed) = shared.changed.upgrade() else {
                        return;
                    };
                    let now = stamps(&dir);
                    if now != seen {
                        seen = now;
                        changed.store(true, Ordering::Release);
                        if let Some(w) = waker.upgrade()
                            && let Some(proxy) = &*w.lock().expect("waker lock")
                        {
                            let _ = proxy.send_event(WinitUserEvent::WakeUp);
                        }
                    }
                }
            })
            .expect("spawn the scenario watcher");
    }

    /// Reloads every file whose stamp changed, added or removed; returns the files reloaded.
    pub fn reload_changed(&mut self, catalog: &mut Catalog) -> Vec<PathBuf> {
        let Some(dir) = self.dir.clone() else { return Vec::new() };
        let now: BTreeMap<PathBuf, Stamp> = listing(&dir).into_iter().map(|f| (f.clone(), stamp(&f))).collect();
        let mut touched = Vec::new();
        let gone: Vec<PathBuf> = self.files.keys().filter(|f| !now.contains_key(*f)).cloned().collect();
        for f in gone {
            let state = self.files.remove(&f).expect("listed");
            if let Some(id) = state.id {
                catalog.scenarios.retain(|s| s.id != id);
            }
            touched.push(f);
        }
        for (f, st) in now {
            if self.files.get(&f).is_some_and(|s| s.stamp == st) {
                continue;
            }
            self.reload_one(&f, st, catalog);
            touched.push(f);
        }
        if !touched.is_empty() {
            self.generation += 1;
            catalog
                .scenarios
                .sort_by(|a, b| a.difficulty.cmp(&b.difficulty).then(a.id.cmp(&b.id)));
            catalog.problems = self.problems(catalog);
        }
        touched
    }

    fn reload_one(&mut self, f: &Path, st: Stamp, catalog: &mut Catalog) {
        let state = self.files.entry(f.to_path_buf()).or_default();
        state.stamp = st;
        let source = f.display().to_string();
        match load_file(f) {
            Ok(sc) => {
                // Two files with one id: the one already loaded keeps it.
                if let Some(other) = catalog.scenarios.iter().find(|s| s.id == sc.id && s.source != source) {
                    state.errors = vec![Diagnostic {
                        file: source,
                        line: sc.id_at.0,
                        col: sc.id_at.1,
                        message: crate::engine::load::id_in_use(&sc.id, &other.source),
                    }];
                    return;
                }
                // The file may now hold another id than before.
                if let Some(old) = state.id.take() {
                    catalog.scenarios.retain(|s| s.id != old);
                }
                state.errors.clear();
                state.id = Some(sc.id.clone());
                catalog.scenarios.retain(|s| s.id != sc.id);
                catalog.scenarios.push(Arc::new(sc));
            }
            Err(ds) => state.errors = ds,
        }
    }

    /// What the title screen lists: every file's errors, then the warnings of what loaded.
    fn problems(&self, catalog: &Catalog) -> Vec<Diagnostic> {
        self.files
            .values()
            .flat_map(|f| f.errors.iter().cloned())
            .chain(catalog.scenarios.iter().flat_map(|s| s.warnings.iter().cloned()))
            .collect()
    }
}

/// The `.ron` files in `dir`, sorted (an unreadable directory lists nothing: its files stay as
/// they were loaded until it can be read again).
fn listing(dir: &Path) -> Vec<PathBuf> {
    crate::engine::load::expand(&[dir.to_path_buf()]).unwrap_or_default()
}

fn stamp(f: &Path) -> Stamp {
    std::fs::metadata(f)
        .ok()
        .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()))
}

fn stamps(dir: &Path) -> HashMap<PathBuf, Stamp> {
    listing(dir).into_iter().map(|f| (f.clone(), stamp(&f))).collect()
}

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, start).add_systems(PreUpdate, apply);
}

/// Makes the watched state from what was loaded at start (unless a test inserted its own) and
/// starts the watcher.
fn start(
    mut commands: Commands,
    existing: Option<Res<ScenarioFiles>>,
    loaded: Option<Res<Loaded>>,
    catalog: Res<Catalog>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
) {
    let watch = |f: &ScenarioFiles| {
        if let Some(p) = &proxy {
            *f.waker.lock().expect("waker lock") = Some((***p).clone());
        }
        f.start_watching();
    };
    match (existing, loaded) {
        (Some(f), _) => watch(&f),
        (None, Some(l)) => {
            let f = ScenarioFiles::new(Some(l.dir.clone()), &catalog.scenarios, &l.failures);
            watch(&f);
            commands.insert_resource(f);
        }
        (None, None) => commands.insert_resource(ScenarioFiles::new(None, &[], &[])),
    }
}

/// Applies what the watcher saw (nothing, at the cost of one atomic load, when it saw nothing).
pub fn apply(
    mut files: ResMut<ScenarioFiles>,
    mut catalog: ResMut<Catalog>,
    time: Res<Time<Real>>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    if !files.changed.swap(false, Ordering::Acquire) {
        return;
    }
    if refresh(&mut files, &mut catalog, time.elapsed_secs_f64()) {
        redraw.write(bevy::window::RequestRedraw);
    }
}

/// Reloads what changed on disk now (the watcher's work, also done at once by a screen that has
/// just written a file); says whether anything did.
pub fn refresh(files: &mut ScenarioFiles, catalog: &mut Catalog, now: f64) -> bool {
    let touched = files.reload_changed(catalog);
    for f in &touched {
        info!("scenario file reloaded: {}", f.display());
    }
    let Some(f) = touched.last() else { return false };
    files.last = Some((f.clone(), now));
    // The principles each scenario trains are worked out again, on their own thread.
    catalog.trains = Arc::default();
    let (out, scenarios, cfg) = (catalog.trains.clone(), catalog.scenarios.clone(), catalog.cfg.clone());
    std::thread::spawn(move || {
        let _ = out.set(crate::game::data::trained_principles(&scenarios, &cfg));
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Lang;
    use bevy::state::app::StatesPlugin;
    use std::time::Instant;

    /// A scenario directory with two shipped files copied in.
    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sa-reload-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let shipped = crate::built_in_scenarios();
        for f in ["ka_stockout.ron", "care_ten_days.ron"] {
            std::fs::copy(shipped.join(f), dir.join(f)).unwrap();
        }
        dir
    }

    fn app(dir: &Path) -> App {
        let files = crate::engine::load::expand(&[dir.to_path_buf()]).unwrap();
        let lib = crate::engine::load::load_all(&files);
        assert!(lib.failures.is_empty());
        let scenarios: Vec<Arc<Compiled>> = lib.scenarios.into_iter().map(Arc::new).collect();
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, StatesPlugin))
            .add_message::<bevy::window::RequestRedraw>()
            .insert_resource(ScenarioFiles::new(Some(dir.to_path_buf()), &scenarios, &lib.failures))
            .insert_resource(Catalog {
                scenarios,
                problems: Vec::new(),
                cfg: Default::default(),
                trains: Arc::default(),
            })
            .add_plugins(plugin);
        app.update();
        app
    }

    /// Runs the app (as the window would, woken by the watcher) until `done` holds; panics after
    /// 5 s. Returns how long it took from the call.
    fn until(app: &mut App, done: impl Fn(&World) -> bool) -> Duration {
        let t = Instant::now();
        while !done(app.world()) {
            assert!(t.elapsed() < Duration::from_secs(5), "the edit was not picked up");
            std::thread::sleep(Duration::from_millis(20));
            app.update();
        }
        t.elapsed()
    }

    fn title(w: &World, id: &str) -> Option<String> {
        w.resource::<Catalog>().find(id).map(|s| s.title.en.clone())
    }

    /// Writes `text` to `f` with a modification time that surely differs from the last one (the
    /// file system may keep whole seconds).
    fn write(f: &Path, text: &str) {
        let before = std::fs::metadata(f).ok().and_then(|m| m.modified().ok());
        std::fs::write(f, text).unwrap();
        if let Some(b) = before {
            let file = std::fs::File::options().write(true).open(f).unwrap();
            file.set_modified(b + Duration::from_secs(2)).unwrap();
        }
    }

    #[test]
    fn an_edited_file_is_reloaded_while_the_game_runs_its_errors_kept_in_place_and_a_call_keeps_its_version() {
        let dir = temp_dir("edit");
        let mut app = app(&dir);
        let file = dir.join("care_ten_days.ron");
        let src = std::fs::read_to_string(&file).unwrap();
        let id = "care_ten_days";
        let old_title = title(app.world(), id).unwrap();
        let other = app.world().resource::<Catalog>().find("ka_stockout").unwrap();
        // A call in progress holds the version it started with.
        let playing = app.world().resource::<Catalog>().find(id).unwrap();

        // 1. A good edit: the new title is in the catalogue, the other scenario is the same Arc.
        let edited = src.replacen(&old_title, "Edited live", 1);
        assert_ne!(edited, src, "the English title is in the file");
        write(&file, &edited);
        let took = until(&mut app, |w| title(w, id).as_deref() == Some("Edited live"));
        assert!(took < Duration::from_secs(2), "picked up in {took:?}");
        let w = app.world();
        assert!(Arc::ptr_eq(
            &w.resource::<Catalog>().find("ka_stockout").unwrap(),
            &other
        ));
        assert_eq!(w.resource::<Catalog>().scenarios.len(), 2);
        assert_eq!(playing.title.en, old_title, "the call's scenario is unchanged");
        assert!(w.resource::<ScenarioFiles>().errors_of(id).is_empty());
        let generation = w.resource::<ScenarioFiles>().generation;

        // 2. A broken edit: the last good version stays, with the errors at file:line:column.
        write(&file, &edited.replacen("nodes:", "nodez:", 1));
        until(&mut app, |w| w.resource::<ScenarioFiles>().generation > generation);
        let w = app.world();
        assert_eq!(title(w, id).as_deref(), Some("Edited live"), "last good version kept");
        let errors = w.resource::<ScenarioFiles>().errors_of(id);
        assert!(!errors.is_empty());
        let shown = errors[0].show(Lang::Zh);
        assert!(shown.starts_with(&format!("{}:", file.display())), "{shown}");
        assert!(errors[0].line > 0 && errors[0].col > 0);
        assert!(shown.contains("nodez"), "{shown}");
        assert!(w.resource::<Catalog>().problems.iter().any(|d| d == &errors[0]));

        // 3. A new file that does not load is listed with its errors; removing it clears them.
        let generation = w.resource::<ScenarioFiles>().generation;
        let bad = dir.join("new.ron");
        write(&bad, "Scenario(id: \"new\",");
        until(&mut app, |w| w.resource::<ScenarioFiles>().generation > generation);
        assert_eq!(app.world().resource::<ScenarioFiles>().broken().count(), 1);
        std::fs::remove_file(&bad).unwrap();
        until(&mut app, |w| w.resource::<ScenarioFiles>().broken().count() == 0);

        // 4. Removing a scenario's file takes it out; the rest stays.
        std::fs::remove_file(&file).unwrap();
        until(&mut app, |w| title(w, id).is_none());
        assert!(title(app.world(), "ka_stockout").is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn nothing_changed_means_nothing_reloaded() {
        let dir = temp_dir("idle");
        let mut app = app(&dir);
        let before: Vec<Arc<Compiled>> = app.world().resource::<Catalog>().scenarios.clone();
        let t = Instant::now();
        while t.elapsed() < POLL * 3 {
            std::thread::sleep(Duration::from_millis(50));
            app.update();
        }
        let w = app.world();
        assert_eq!(w.resource::<ScenarioFiles>().generation, 0);
        let after = &w.resource::<Catalog>().scenarios;
        assert!(before.iter().zip(after).all(|(a, b)| Arc::ptr_eq(a, b)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
