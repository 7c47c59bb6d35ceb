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

/// A store holding the example workshop (three teams; round 1 is `ka_stockout`, seed 11), in a
/// fresh directory.
fn example_workshop(tag: &str) -> (crate::store::Store, i64, std::path::PathBuf) {
    use crate::store::Store;
    use crate::workshop::setup::SetupFile;
    let dir = std::env::temp_dir().join(format!("sa-app-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let setup_src = std::fs::read_to_string(root.join("docs/examples/workshop.ron")).unwrap();
    let (setup, seeds) = SetupFile::parse(&setup_src, "workshop.ron").unwrap().resolve().unwrap();
    let mut store = Store::open(&dir.join("t.db")).unwrap();
    let id = store.create_workshop(&setup, &seeds, 0).unwrap();
    (store, id, dir)
}

/// The play screen's plugin with the shipped scenarios, the coach switched on in the settings and
/// `store`; the session is round 1's call for team 0 when `team`, else a practice call.
fn play_app(store: crate::store::Store, workshop: i64, team: bool) -> App {
    use super::data::{Catalog, Db, Settings};
    use super::session::{Session, TeamTurn};
    let catalog = Catalog::shipped_for_tests();
    let ws = store.workshop(workshop).unwrap();
    let round = &ws.setup.rounds[0];
    let sc = catalog
        .find(&round.scenario)
        .expect("the example's scenario is shipped");
    let mut session = Session::default();
    session.start(&sc, Some(round.seed));
    if team {
        session.team = Some(TeamTurn {
            workshop,
            round: 1,
            team: 0,
            name: ws.setup.teams[0].name.clone(),
            discussion_secs: ws.setup.discussion_secs,
        });
    }
    let mut prefs = crate::prefs::Prefs::default();
    prefs.coach = true;
    let mut app = app();
    app.insert_resource(catalog)
        .insert_resource(Db {
            store: Some(std::sync::Mutex::new(store)),
            error: None,
            runs: Vec::new(),
            runs_of: String::new(),
        })
        .insert_resource(Settings {
            prefs,
            path: None,
            save_error: None,
        })
        .init_resource::<super::menu::PracticeMode>()
        .add_plugins(super::play::plugin)
        .insert_resource(session);
    go(&mut app, Screen::Play);
    app
}

fn input(app: &mut App, i: super::play::Input) {
    *app.world_mut().resource_mut::<super::play::Input>() = i;
    app.update();
}

fn choose(app: &mut App, option: usize) {
    send(app, Send::Choose(option));
}

/// What the play screen's draw pass can hand to its `apply` system.
enum Send {
    Choose(usize),
    Quit,
    Debrief,
    Answer { abandon: bool },
}

fn send(app: &mut App, what: Send) {
    let mut i = super::play::Input::default();
    match what {
        Send::Choose(option) => i.chosen = Some((option, false)),
        Send::Quit => i.quit = true,
        Send::Debrief => i.debrief = true,
        Send::Answer { abandon } => i.abandon = Some(abandon),
    }
    input(app, i);
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn runs_recorded(app: &App, workshop: i64) -> usize {
    let db = app.world().resource::<super::data::Db>();
    let store = db.store.as_ref().unwrap().lock().unwrap();
    store.workshop(workshop).unwrap().runs.len()
}

#[test]
fn the_coach_is_silent_in_a_team_call_whatever_the_settings_say_and_speaks_in_practice() {
    use super::session::Session;
    for team in [true, false] {
        let (store, id, dir) = example_workshop(&format!("coach-{team}"));
        let mut app = play_app(store, id, team);
        choose(&mut app, 0);
        choose(&mut app, 1);
        let s = app.world().resource::<Session>();
        assert_eq!(s.choices, vec![0, 1]);
        if team {
            assert!(
                s.advice.iter().all(Option::is_none),
                "a team call has no coach: {:?}",
                s.advice
            );
        } else {
            assert!(
                s.advice.iter().any(Option::is_some),
                "practice with the coach on hears it"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn esc_during_a_team_call_asks_first_keeps_playing_by_default_and_abandoning_records_nothing() {
    use super::play::AbandonAsked;
    use super::session::Session;
    let (store, id, dir) = example_workshop("abandon");
    let mut app = play_app(store, id, true);
    choose(&mut app, 0);
    send(&mut app, Send::Quit);
    assert!(app.world().resource::<AbandonAsked>().0, "Esc asks");
    app.update();
    assert_eq!(screen(&app), Screen::Play, "the call is not left without an answer");
    // While the question is up, nothing under it is taken.
    choose(&mut app, 1);
    assert_eq!(app.world().resource::<Session>().choices, vec![0]);
    // Keep playing (Enter or Esc on the question): the call goes on where it was.
    send(&mut app, Send::Answer { abandon: false });
    assert!(!app.world().resource::<AbandonAsked>().0);
    choose(&mut app, 1);
    assert_eq!(app.world().resource::<Session>().choices, vec![0, 1]);
    // Abandoning leaves for the workshop, with nothing recorded.
    send(&mut app, Send::Quit);
    send(&mut app, Send::Answer { abandon: true });
    app.update();
    assert_eq!(screen(&app), Screen::Workshop);
    assert!(app.world().resource::<Session>().team.is_none());
    assert_eq!(runs_recorded(&app, id), 0);
    // A practice call is left at once, to the scenarios.
    let (store, id, dir2) = example_workshop("abandon-practice");
    let mut app = play_app(store, id, false);
    choose(&mut app, 0);
    send(&mut app, Send::Quit);
    app.update();
    assert_eq!(screen(&app), Screen::Picker);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir2);
}

#[test]
fn a_finished_team_call_is_recorded_and_its_score_and_debrief_wait_for_the_complete_round() {
    use super::session::Session;
    use super::workshop::{shown_results, team_marks};
    use crate::engine::Lang;
    let (store, id, dir) = example_workshop("hidden");
    let mut app = play_app(store, id, true);
    while !app.world().resource::<Session>().sim().unwrap().finished() {
        choose(&mut app, 0);
    }
    app.update();
    let total = {
        let s = app.world().resource::<Session>();
        let fin = s.result.as_ref().expect("scored when it ended");
        assert!(fin.saved.is_ok(), "{:?}", fin.saved);
        fin.debrief.total
    };
    assert_eq!(runs_recorded(&app, id), 1);
    // Enter on the end card is "back to the workshop"; the debrief is never opened for a team.
    send(&mut app, Send::Debrief);
    app.update();
    assert_eq!(screen(&app), Screen::Play);
    send(&mut app, Send::Quit);
    app.update();
    assert_eq!(screen(&app), Screen::Workshop);
    // The workshop screen: one team of three has played; no score anywhere, no results.
    let ws = {
        let db = app.world().resource::<super::data::Db>();
        db.store.as_ref().unwrap().lock().unwrap().workshop(id).unwrap()
    };
    let st = crate::workshop::status(&ws);
    let shown = format!("{}", total.round() as i64);
    for lang in [Lang::Zh, Lang::En] {
        let marks = team_marks(lang, &st);
        assert!(marks[0].0.ends_with('✓'), "{marks:?}");
        assert!(
            marks.iter().all(|(m, _)| !m.contains(&shown)),
            "{marks:?} shows {total}"
        );
    }
    assert!(shown_results(&ws).is_empty(), "no results before the round is complete");
    // The other two teams: one plays, one is absent; now round 1's results are shown.
    let mut store = {
        let mut db = app.world_mut().resource_mut::<super::data::Db>();
        db.store.take().unwrap().into_inner().unwrap()
    };
    let sc = crate::game::data::Catalog::shipped_for_tests()
        .find(&ws.setup.rounds[0].scenario)
        .unwrap();
    let mut call = crate::engine::call::Call::replay(sc.clone(), ws.setup.rounds[0].seed, &[]).unwrap();
    while call.finish(&crate::engine::ScoringConfig::default()).is_err() {
        call.choose(0, None).unwrap();
    }
    let done = call.finish(&crate::engine::ScoringConfig::default()).unwrap();
    crate::cases::record_team_call(&mut store, id, 1, 1, &sc, &done).unwrap();
    assert!(shown_results(&store.workshop(id).unwrap()).is_empty());
    store.skip_team(id, 1, 2, "迟到", 0).unwrap();
    let ws = store.workshop(id).unwrap();
    let shown = shown_results(&ws);
    assert_eq!(shown.iter().map(|r| r.round).collect::<Vec<_>>(), vec![1]);
    assert!(shown[0].table.iter().any(|r| r.score == Some(total)));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_room_opens_on_loopback_shows_the_servers_view_refuses_bad_input_in_place_and_closes() {
    use super::room::{RoomAction, RoomScreen, interfaces};
    use super::room_demo::{Stage, host};
    use crate::room::TrainerCmd;
    let dir = std::env::temp_dir().join(format!("sa-app-room-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let catalog = super::data::Catalog::shipped_for_tests();
    let db = dir.join("room.sqlite3");
    let (h, id) = host(&db, &catalog.scenarios, 2, Stage::Lobby).unwrap();
    drop(h);
    let (store, _, dir2) = example_workshop("room-own");
    let mut app = play_app(store, 1, false);
    app.add_plugins(super::room::plugin);
    let mut prefs = crate::prefs::Prefs::default();
    prefs.lang = crate::engine::Lang::En;
    app.world_mut().resource_mut::<super::data::Settings>().prefs = prefs;
    {
        let mut room = app.world_mut().resource_mut::<RoomScreen>();
        room.db = Some(db.clone());
        room.workshop = Some(id);
    }
    go(&mut app, Screen::Room);
    let chosen = {
        let room = app.world().resource::<RoomScreen>();
        assert!(
            room.interfaces.iter().any(|(_, ip)| ip.is_loopback()),
            "{:?}",
            room.interfaces
        );
        room.interfaces.iter().position(|(_, ip)| ip.is_loopback()).unwrap()
    };
    let set = |app: &mut App, port: &str, action: RoomAction| {
        let mut room = app.world_mut().resource_mut::<RoomScreen>();
        room.chosen = chosen;
        room.port = port.into();
        room.action = Some(action);
    };
    // A port that is not one: said in place, nothing listens.
    set(&mut app, "80a", RoomAction::Open);
    app.update();
    {
        let room = app.world().resource::<RoomScreen>();
        assert!(!room.is_open());
        assert!(
            room.error.as_deref().unwrap().contains("is not a port"),
            "{:?}",
            room.error
        );
    }
    set(&mut app, "0", RoomAction::Open);
    app.update();
    app.update();
    let url = {
        let room = app.world().resource::<RoomScreen>();
        assert!(room.is_open(), "{:?}", room.error);
        let v = room.view.as_ref().expect("the view is read once the room is open");
        assert_eq!(
            (v.phase, v.teams.len(), v.code.as_str()),
            ("lobby", 2, super::room_demo::CODE)
        );
        assert!(room.qr.is_some());
        room.server.as_ref().unwrap().url()
    };
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    // The trainer starts the round: the view follows.
    app.world_mut().resource_mut::<RoomScreen>().action = Some(RoomAction::Trainer(TrainerCmd::StartRound));
    app.update();
    app.update();
    {
        let room = app.world().resource::<RoomScreen>();
        assert_eq!(room.message.as_ref().map(|m| m.0), Some(true), "{:?}", room.message);
        assert_eq!(room.view.as_ref().unwrap().phase, "playing");
    }
    // A command the room refuses comes back in the trainer's language and changes nothing.
    app.world_mut().resource_mut::<RoomScreen>().action = Some(RoomAction::Trainer(TrainerCmd::StartRound));
    app.update();
    {
        let room = app.world().resource::<RoomScreen>();
        let (ok, m) = room.message.clone().unwrap();
        assert!(!ok && !m.is_empty() && m.is_ascii(), "{m}");
    }
    app.world_mut().resource_mut::<RoomScreen>().action = Some(RoomAction::Close);
    app.update();
    assert!(!app.world().resource::<RoomScreen>().is_open());
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "nothing listens on {addr} once the room is closed"
    );
    assert_eq!(interfaces(Vec::new()).len(), 1, "loopback is always offered");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir2);
}

#[test]
fn a_workshop_created_in_the_form_is_stored_and_selected_and_a_refused_one_writes_nothing() {
    use super::data::{Catalog, Db, Settings};
    use super::workshop::{Actions, Loaded, NewWorkshop, Projector};
    use super::workshop_form::{Form, TeamRow};
    let (store, first, dir) = example_workshop("create");
    let catalog = Catalog::shipped_for_tests();
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
    .insert_resource(Catalog::shipped_for_tests())
    .init_resource::<super::room::RoomScreen>()
    .add_plugins(super::workshop::plugin);
    go(&mut app, Screen::Workshop);
    assert_eq!(app.world().resource::<Projector>().workshop, Some(first));
    let mut form = Form::new(&catalog);
    form.name = "华东区客服 PK".into();
    form.teams = vec![TeamRow {
        name: "飞虎队".into(),
        ..TeamRow::default()
    }];
    let (setup, seeds) = form.check(&catalog).unwrap();
    app.world_mut().resource_mut::<Projector>().form = Some(form.clone());
    app.world_mut().resource_mut::<Projector>().form_open = true;
    app.world_mut().resource_mut::<Actions>().1 = Some(NewWorkshop(Box::new(setup.clone()), seeds.clone()));
    app.update();
    app.update();
    let created = {
        let p = app.world().resource::<Projector>();
        assert!(p.form.is_none() && !p.form_open, "the form closes once stored");
        assert_ne!(p.workshop, Some(first));
        p.workshop.unwrap()
    };
    let loaded = app.world().resource::<Loaded>();
    assert_eq!(loaded.list.len(), 2);
    assert!(matches!(&loaded.workshop, Some(Ok(ws)) if ws.id == created && ws.setup.name == "华东区客服 PK"));
    // A setup the store refuses (not in its stored form: the store checks again) writes nothing and
    // its reason goes to the form, which stays open with what was typed.
    let mut bad = setup;
    bad.name = " 华东区 ".into();
    app.world_mut().resource_mut::<Projector>().form = Some(form);
    app.world_mut().resource_mut::<Projector>().form_open = true;
    app.world_mut().resource_mut::<Actions>().1 = Some(NewWorkshop(Box::new(bad), seeds));
    app.update();
    app.update();
    let p = app.world().resource::<Projector>();
    assert!(p.form_open);
    assert!(p.form.as_ref().unwrap().errors.general.is_some());
    assert_eq!(app.world().resource::<Loaded>().list.len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}
