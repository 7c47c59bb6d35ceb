//! Scripted runs for the screenshot and performance scripts (`scripts/screenshots.sh`,
//! `scripts/perf-game.sh`), driven by environment variables so the player's command line stays
//! simple:
//! - `SERVICE_ARENA_TOUR=DIR`: visit every screen (the room's on loopback, a demo room) in Chinese
//!   and English at 100 % and 160 % text,
//!   save a PNG of each into DIR (`03-picker-en-160.png`), then exit.
//! - `SERVICE_ARENA_START=ID`: open straight on the play screen of scenario ID (seed 1).
//! - `SERVICE_ARENA_PERF=1`: print the time from launch to the first frame shown, once.
//! - `SERVICE_ARENA_PERF=animate`: with `START`, keep the portrait moving, record 600 frame times,
//!   print their median, p95 and max and the peak resident memory, then exit.
//! - `SERVICE_ARENA_PERF=room`: the room's projector on loopback with 30 teams part-way through
//!   a round (a demo room driven through the core, `room_demo`), the same measurement;
//!   `room-idle`: that room left alone in the game's own low-power mode (for idle CPU).
//! - `SERVICE_ARENA_PERF=empty`: the same measurement of an empty egui window (the baseline the
//!   play screen is compared with in the same run of `scripts/perf-game.sh`); `empty-stock`: the
//!   same empty window drawn the way Bevy and bevy_egui draw it by themselves (egui into the
//!   camera's texture, Bevy's copy of it into the window, no `WindowPassPlugin`), a yardstick of
//!   the machine's speed that the game's own drawing does not change.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::winit::WinitSettings;

use crate::engine::Lang;

use super::data::{Catalog, Db, Settings};
use super::play::Wobble;
use super::power::Continuous;
use super::room::{RoomAction, RoomScreen};
use super::room_demo::Stage;
use super::session::Session;
use super::{Launched, Screen};

/// Frames back to back whether or not the window has focus. `WinitSettings::game()` is not that:
/// its unfocused mode caps updates at 60 Hz, and under Xvfb (no window manager) the window never
/// has focus, so frame times measured with it were the cap's 16.7 ms plus jitter, not the frames'
/// own cost.
fn uncapped() -> WinitSettings {
    WinitSettings {
        focused_mode: bevy::winit::UpdateMode::Continuous,
        unfocused_mode: bevy::winit::UpdateMode::Continuous,
    }
}

#[derive(Resource)]
struct Tour {
    dir: PathBuf,
    /// Index into [`PASSES`].
    pass: usize,
    step: usize,
    entered: f64,
    shot: Option<PathBuf>,
}

/// Every screen is shot in each language at the default and the largest text size.
const PASSES: [(Lang, f32); 4] = [(Lang::Zh, 1.0), (Lang::En, 1.0), (Lang::Zh, 1.6), (Lang::En, 1.6)];

/// Time a screen gets to settle before its screenshot (state change, layout, the portrait's 0.6 s
/// animation).
const SETTLE_SECS: f64 = 1.0;

#[derive(Resource, Default)]
struct FrameTimes(Vec<f32>);

pub fn plugin(app: &mut App) {
    if let Some(dir) = std::env::var_os("SERVICE_ARENA_TOUR") {
        app.insert_resource(Tour {
            dir: PathBuf::from(dir),
            pass: 0,
            step: 0,
            entered: 0.0,
            shot: None,
        })
        .insert_resource(Continuous)
        .insert_resource(WinitSettings::game())
        .add_systems(Update, tour);
    }
    if let Ok(id) = std::env::var("SERVICE_ARENA_START") {
        app.add_systems(
            Startup,
            move |catalog: Res<Catalog>, mut session: ResMut<Session>, mut next: ResMut<NextState<Screen>>| {
                match catalog.find(&id) {
                    Some(sc) => {
                        session.start(&sc, Some(1));
                        next.set(Screen::Play);
                    }
                    None => error!("SERVICE_ARENA_START={id}: no such scenario"),
                }
            },
        );
    }
    match std::env::var("SERVICE_ARENA_PERF").as_deref() {
        Ok("animate") => {
            app.insert_resource(Wobble)
                .insert_resource(Continuous)
                .insert_resource(uncapped())
                .init_resource::<FrameTimes>()
                .add_systems(Update, (report_startup, frame_times));
        }
        Ok("room") => {
            // The projector with 30 teams part-way through a round, the trainer's panel hidden.
            app.insert_resource(Continuous)
                .insert_resource(uncapped())
                .init_resource::<FrameTimes>()
                .add_systems(Startup, open_demo_projector)
                .add_systems(Update, frame_times);
        }
        Ok("room-idle") => {
            // The same room left alone, in the game's own low-power mode (for idle CPU).
            app.add_systems(Startup, open_demo_projector);
        }
        Ok("empty" | "empty-stock") => {
            app.insert_resource(Continuous)
                .insert_resource(uncapped())
                .init_resource::<FrameTimes>()
                .add_systems(Startup, |mut next: ResMut<NextState<Screen>>| next.set(Screen::Blank))
                .add_systems(Update, frame_times)
                .add_systems(bevy_egui::EguiPrimaryContextPass, blank.run_if(in_state(Screen::Blank)));
        }
        Ok(_) => {
            app.add_systems(Update, report_startup);
        }
        Err(_) => {}
    }
}

/// The lab on `sc` with its analysis done and the second node of the best path picked (the
/// sliders of "play from here" showing the state the best path has there).
fn lab_at_a_node(lab: &mut super::lab::Lab, catalog: &Catalog, sc: &std::sync::Arc<crate::engine::Compiled>) {
    use super::lab::{Action, SEED, apply};
    let mut to = NextState::<Screen>::default();
    apply(lab, Action::Select(sc.id.clone()), catalog, &mut to);
    let a = crate::engine::analyze::analyze(sc, &catalog.cfg, SEED, 500);
    let mut sim = crate::engine::Sim::new(sc, SEED);
    if let Some(&c) = a.best.path.first() {
        let _ = sim.choose(c - 1);
    }
    let node = sim.node();
    let _ = lab.analysis.set(a);
    apply(lab, Action::PickNode(node), catalog, &mut to);
}

/// The performance script's stock yardstick (`SERVICE_ARENA_PERF=empty-stock`): the window is
/// drawn by Bevy's and bevy_egui's own passes instead of the game's window pass.
pub fn stock_renderer() -> bool {
    std::env::var("SERVICE_ARENA_PERF").as_deref() == Ok("empty-stock")
}

/// Prints the time from launch to the first frame that was shown (the update after the first
/// render, when egui has drawn the first screen with its fonts).
fn report_startup(launched: Res<Launched>, mut frames: Local<u32>) {
    *frames += 1;
    if *frames == 3 {
        println!("startup_ms={}", launched.0.elapsed().as_millis());
    }
}

fn frame_times(time: Res<Time<Real>>, mut times: ResMut<FrameTimes>, mut exit: MessageWriter<AppExit>) {
    if time.elapsed_secs() < 3.0 {
        return; // warm-up: shader compilation and the first texture uploads
    }
    times.0.push(time.delta_secs() * 1000.0);
    if times.0.len() == 600 {
        let mut v = times.0.clone();
        v.sort_by(f32::total_cmp);
        let q = |f: f32| v[((v.len() - 1) as f32 * f) as usize];
        println!(
            "frames={} p50_ms={:.2} p95_ms={:.2} max_ms={:.2}",
            v.len(),
            q(0.5),
            q(0.95),
            v[v.len() - 1]
        );
        // The high-water mark of resident memory so far: read once here, so nothing samples the
        // process from outside while frames are being timed.
        match peak_resident_kb() {
            Some(kb) => println!("peak_rss_mb={}", kb / 1024),
            None => println!("peak_rss_mb=unknown (no VmHWM in /proc/self/status)"),
        }
        exit.write(AppExit::Success);
    }
}

/// The empty window: egui runs its pass every frame and draws an empty panel.
fn blank(mut contexts: bevy_egui::EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    bevy_egui::egui::CentralPanel::default().show(&mut super::ui::root(ctx), |_| {});
    Ok(())
}

/// Opens the demo room with 30 teams part-way through round 1 on the room screen, the trainer's
/// panel hidden (the projector's performance runs).
fn open_demo_projector(catalog: Res<Catalog>, mut room: ResMut<RoomScreen>, mut next: ResMut<NextState<Screen>>) {
    demo_room(&mut room, &catalog, 30, Stage::Live);
    room.panel = false;
    next.set(Screen::Room);
}

/// Where the scripted runs keep their demo room's database.
fn demo_db() -> PathBuf {
    std::env::temp_dir().join(format!("sa-demo-room-{}.sqlite3", std::process::id()))
}

fn close_room(room: &mut RoomScreen) {
    room.close();
}

/// Closes the open room, drives a fresh demo room to `stage` and asks the room screen to open it
/// on loopback (any free port).
fn demo_room(room: &mut RoomScreen, catalog: &Catalog, teams: usize, stage: Stage) {
    close_room(room);
    let db = demo_db();
    match super::room_demo::host(&db, &catalog.scenarios, teams, stage) {
        Ok((host, id)) => {
            drop(host);
            room.db = Some(db);
            room.workshop = Some(id);
            room.port = "0".into();
            room.interfaces = super::room::interfaces(Vec::new());
            room.chosen = room.interfaces.iter().position(|(_, ip)| ip.is_loopback()).unwrap_or(0);
            room.action = Some(RoomAction::Open);
        }
        Err(e) => error!("tour: the demo room: {e}"),
    }
}

fn peak_resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

const STEPS: [(&str, Screen); 21] = [
    ("01-title", Screen::Title),
    ("01-title-quit", Screen::Title),
    ("02-mode", Screen::Mode),
    ("03-picker", Screen::Picker),
    ("04-play", Screen::Play),
    ("05-play-coach", Screen::Play),
    ("05-play-end", Screen::Play),
    ("06-debrief", Screen::Debrief),
    ("07-history", Screen::History),
    ("08-history-everyone", Screen::History),
    ("09-settings", Screen::Settings),
    ("10-workshop", Screen::Workshop),
    ("11-workshop-new", Screen::Workshop),
    ("12-room-open", Screen::Room),
    ("13-room-lobby", Screen::Room),
    ("14-room-live", Screen::Room),
    ("15-room-reveal", Screen::Room),
    ("16-room-champion", Screen::Room),
    ("17-lab", Screen::Lab),
    ("18-lab-hints", Screen::Lab),
    ("19-lab-new", Screen::Lab),
];

#[allow(clippy::too_many_arguments)]
fn tour(
    mut commands: Commands,
    mut t: ResMut<Tour>,
    time: Res<Time<Real>>,
    catalog: Res<Catalog>,
    mut db: ResMut<Db>,
    mut settings: ResMut<Settings>,
    mut session: ResMut<Session>,
    mut history: ResMut<super::history::History>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut quit_asked: ResMut<super::menu::QuitAsked>,
    mut workshop: ResMut<super::workshop::Projector>,
    mut room: ResMut<super::room::RoomScreen>,
    mut lab: ResMut<super::lab::Lab>,
) {
    let now = time.elapsed_secs_f64();
    if let Some(path) = &t.shot {
        // Wait for the file, then move on.
        let done = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
        if done {
            t.shot = None;
            t.step += 1;
            t.entered = 0.0;
        } else if now - t.entered > 20.0 {
            error!("tour: screenshot {} was not written", path.display());
            exit.write(AppExit::error());
        }
        return;
    }
    if t.step == STEPS.len() {
        t.step = 0;
        t.pass += 1;
    }
    let Some(&(lang, scale)) = PASSES.get(t.pass) else {
        exit.write(AppExit::Success);
        return;
    };
    let (name, screen) = STEPS[t.step];
    if t.entered == 0.0 {
        t.entered = now;
        if t.step == 0 {
            settings.prefs.lang = lang;
            settings.prefs.text_scale = scale;
        }
        let sc = catalog
            .find("ka_stockout")
            .unwrap_or_else(|| catalog.scenarios[0].clone());
        match name {
            "04-play" => session.start(&sc, Some(1)),
            "05-play-coach" => {
                session.choose(0, true, false, &catalog);
                session.choose(1, true, false, &catalog);
            }
            "17-lab" => lab_at_a_node(&mut lab, &catalog, &sc),
            "18-lab-hints" => {
                // Play on from the node taking each turn's first option as written: a path the
                // hints have something to say about.
                use super::lab::{Action, apply};
                let mut to = NextState::<Screen>::default();
                apply(&mut lab, Action::PlayFromHere, &catalog, &mut to);
                while let Some(call) = lab.play.as_ref().filter(|c| !c.finished()) {
                    let sim = call.sim();
                    let first = (0..sim.options().len())
                        .min_by_key(|i| sim.options()[*i].written)
                        .expect("a turn has options");
                    drop(sim);
                    apply(&mut lab, Action::Choose(first), &catalog, &mut to);
                }
            }
            // The new-scenario form filled in, with the message an id already in use gets.
            "19-lab-new" => {
                lab.new_form = Some(super::lab::NewForm {
                    id: sc.id.clone(),
                    archetype: crate::engine::model::Archetype::KeyAccount,
                    only: Some(crate::engine::Lang::Zh),
                    error: Some(crate::engine::load::id_in_use(&sc.id, &sc.source)),
                    focused: false,
                });
            }
            "01-title-quit" => quit_asked.0 = true,
            "10-workshop" => workshop.form_open = false,
            // The new-workshop form, filled in, with the message a second team of the same name
            // gets.
            "11-workshop-new" => {
                workshop.form = Some(super::workshop_form::Form::example(&catalog, lang));
                workshop.form_open = true;
            }
            // The room on loopback, on a database of its own driven to each state through the core;
            // the server resumes the stored room each time it opens.
            "12-room-open" => {
                close_room(&mut room);
                room.panel = true;
                room.port = super::room::DEFAULT_PORT.to_string();
                // The machine's interfaces afresh, the LAN's first (as for a trainer).
                room.interfaces.clear();
            }
            "13-room-lobby" => demo_room(&mut room, &catalog, 12, Stage::Lobby),
            "14-room-live" => {
                demo_room(&mut room, &catalog, 30, Stage::Live);
                room.panel = false;
            }
            "15-room-reveal" => demo_room(&mut room, &catalog, 12, Stage::Reveal),
            "16-room-champion" => demo_room(&mut room, &catalog, 8, Stage::Finished),
            "02-mode" => quit_asked.0 = false,
            "05-play-end" => {
                // The end card, its total revealed (the play screen saves the run when it ends).
                while session.sim().is_some_and(|s| !s.finished()) {
                    session.choose(0, true, false, &catalog);
                }
                let player = settings.player();
                session.finish(&catalog, &mut db, &player);
            }
            // The history screen loads on entering it; the overview is the second view of it.
            "08-history-everyone" => {
                history.viewing = super::history::Viewing::Everyone;
                history.load(&db, &catalog);
            }
            _ => {}
        }
        // Setting the state it is already in would enter it again (and reload the history).
        if name != "08-history-everyone" && !(name.contains("-room-") && name != "12-room-open") {
            next.set(screen);
        }
        return;
    }
    // A room screen settles from when its server's first view arrived (opening it and driving the
    // demo room take a while).
    if name.contains("-room-") && name != "12-room-open" && room.view.is_none() {
        t.entered = now;
        return;
    }
    if now - t.entered < SETTLE_SECS {
        return;
    }
    let path = t.dir.join(format!("{name}-{}-{:.0}.png", lang.code(), scale * 100.0));
    let _ = std::fs::remove_file(&path);
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path.clone()));
    t.shot = Some(path);
    t.entered = now;
}
