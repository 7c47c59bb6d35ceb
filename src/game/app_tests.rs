//! Bevy App tests of the screens' state machine (`MinimalPlugins` + `StatesPlugin`, as Bevy's
//! `tests/how_to_test_apps.rs` shows): what happens on entering and leaving a screen.

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use super::Screen;

fn app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin)).init_state::<Screen>();
    app
}

fn go(app: &mut App, to: Screen) {
    app.world_mut().resource_mut::<NextState<Screen>>().set(to);
    app.update();
}

#[test]
fn the_debrief_opens_at_the_top_every_time_it_is_entered() {
    let mut app = app();
    app.add_plugins(super::debrief::plugin);
    app.update();
    assert_eq!(*app.world().resource::<State<Screen>>().get(), Screen::Title);
    assert!(!app.world().resource::<super::debrief::ScrollReset>().0);
    go(&mut app, Screen::Debrief);
    assert_eq!(*app.world().resource::<State<Screen>>().get(), Screen::Debrief);
    assert!(
        app.world().resource::<super::debrief::ScrollReset>().0,
        "entering asks for the top"
    );
    // The draw pass clears the request once it scrolled; a retry and a new debrief ask again.
    app.world_mut().resource_mut::<super::debrief::ScrollReset>().0 = false;
    go(&mut app, Screen::Play);
    go(&mut app, Screen::Debrief);
    assert!(app.world().resource::<super::debrief::ScrollReset>().0);
}

#[test]
fn the_workshop_screen_reads_the_store_on_entering_and_a_trainer_action_is_applied_outside_the_draw() {
    use super::data::{Db, Settings};
    use super::workshop::{Actions, Loaded, Projector, TrainerAction};
    use crate::store::Store;
    use crate::workshop::setup::SetupFile;

    let dir = std::env::temp_dir().join(format!("sa-app-ws-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let setup_src = std::fs::read_to_string(root.join("docs/examples/workshop.ron")).unwrap();
    let (setup, seeds) = SetupFile::parse(&setup_src, "workshop.ron").unwrap().resolve().unwrap();
    let mut store = Store::open(&dir.join("t.db")).unwrap();
    let id = store.create_workshop(&setup, &seeds, 0).unwrap();
    let mut app = app();
    app.insert_resource(Db {
        store: Some(std::sync::Mutex::new(store)),
        error: None,
        runs: Vec::new(),
        runs_of: String::new(),
    })
    .insert_resource(Settings {
        prefs: crate::prefs::Prefs::default(),
        path: None,
        save_error: None,
    })
    .add_plugins(super::workshop::plugin);
    app.update();
    assert!(
        app.world().resource::<Loaded>().list.is_empty(),
        "nothing is read before the screen opens"
    );
    go(&mut app, Screen::Workshop);
    let loaded = app.world().resource::<Loaded>();
    assert_eq!(loaded.list.len(), 1);
    assert!(matches!(&loaded.workshop, Some(Ok(ws)) if ws.id == id && !ws.paused));
    assert_eq!(app.world().resource::<Projector>().workshop, Some(id));
    // The trainer pauses: the draw pass only records the action; the next update writes it and
    // reads the workshop again.
    app.world_mut().resource_mut::<Actions>().0 = Some(TrainerAction::Pause(true));
    app.update();
    let loaded = app.world().resource::<Loaded>();
    assert!(
        matches!(&loaded.workshop, Some(Ok(ws)) if ws.paused),
        "the store says paused"
    );
    assert_eq!(
        app.world().resource::<Projector>().message.as_ref().map(|m| m.0),
        Some(true)
    );
    // A rule the store refuses comes back as the screen's message and changes nothing.
    app.world_mut().resource_mut::<Actions>().0 = Some(TrainerAction::Redo { round: 1, team: 0 });
    app.update();
    let msg = app.world().resource::<Projector>().message.clone().unwrap();
    assert!(!msg.0, "{msg:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
