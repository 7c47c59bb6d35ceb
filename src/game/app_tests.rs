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
