//! Low power: the window redraws only when something happens (input, an egui animation, a state
//! change), never continuously while the player thinks. `WinitSettings::desktop_app()` alone is not
//! enough with bevy_egui 0.42: its `write_egui_input_system` pushes an
//! `egui::Event::ModifiersChanged` into egui's input on *every* frame, egui treats any input event
//! as a reason to repaint at once, bevy_egui turns that request into a `RequestRedraw`, and the
//! app redraws forever (about one core under Xvfb). [`drop_repeated_modifiers`] removes that event
//! when the modifiers did not change. Also: set egui's style and fonts only when they change (see
//! `ui::apply_theme`, `fonts`), and let the decision timer tick by a 4 Hz wake-up, not a repaint
//! request. docs/performance.md ("Idle redraw") has the measurements.

use std::time::Duration;

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};

use bevy_egui::{EguiInput, EguiPreUpdateSet, egui};

use crate::game::Screen;
use crate::game::data::Settings;
use crate::game::session::Session;

/// Present while a script drives the game (the screenshot and performance runs in `tour`): the app
/// then updates continuously instead of waiting for input.
#[derive(Resource)]
pub struct Continuous;

pub fn plugin(app: &mut App) {
    app.insert_resource(WinitSettings::desktop_app())
        .add_systems(
            PreUpdate,
            drop_repeated_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(Update, timer_wakeups);
    if std::env::var_os("SERVICE_ARENA_DEBUG_REPAINT").is_some() {
        app.add_systems(bevy_egui::EguiPrimaryContextPass, debug_repaint);
    }
}

/// Removes the `ModifiersChanged` event bevy_egui adds every frame when the modifiers are the same
/// as last frame, so an idle frame carries no input event and egui does not ask for another one.
pub fn drop_repeated_modifiers(mut inputs: Query<&mut EguiInput>, mut last: Local<Option<egui::Modifiers>>) {
    for mut input in &mut inputs {
        let mut current = None;
        input.0.events.retain(|e| match e {
            egui::Event::ModifiersChanged(m) => {
                current = Some(*m);
                *last != Some(*m)
            }
            _ => true,
        });
        if current.is_some() {
            *last = current;
        }
    }
}

/// While a decision timer is running, wake four times a second so the countdown moves; otherwise
/// sleep until something happens.
fn timer_wakeups(
    settings: Res<Settings>,
    session: Res<Session>,
    screen: Res<State<Screen>>,
    mode: Res<crate::game::menu::PracticeMode>,
    mut winit: ResMut<WinitSettings>,
    tour: Option<Res<Continuous>>,
) {
    if tour.is_some() {
        return;
    }
    let ticking = *screen.get() == Screen::Play
        && session.timer_secs(&settings, &mode).is_some()
        && session.sim().is_some_and(|s| !s.finished());
    // Both modes: the countdown must keep moving for the room even when the window lost focus.
    // (The open room's projector needs no tick: a thread wakes the window when the room changes,
    // `room::wake_on_change`.)
    let idle = WinitSettings::desktop_app();
    let want = if ticking {
        let tick = UpdateMode::reactive_low_power(Duration::from_millis(250));
        WinitSettings {
            focused_mode: tick,
            unfocused_mode: tick,
        }
    } else {
        idle
    };
    if winit.focused_mode != want.focused_mode || winit.unfocused_mode != want.unfocused_mode {
        *winit = want;
    }
}

/// `SERVICE_ARENA_DEBUG_REPAINT=1`: log why egui asked for another frame (file:line of each cause),
/// for hunting continuous redraws.
pub fn debug_repaint(mut contexts: bevy_egui::EguiContexts, mut n: Local<u64>) -> Result {
    let ctx = contexts.ctx_mut()?;
    *n += 1;
    let (events, pointer) = ctx.input(|i| (i.events.clone(), format!("{:?}", i.pointer.latest_pos())));
    info!("frame {}: events {:?} pointer {}", *n + 1, events, pointer);
    let causes = ctx.repaint_causes();
    if !causes.is_empty() {
        info!("frame {}: repaint causes {:?}", *n, causes);
    } else {
        info!("frame {}: no repaint cause", *n);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::data::Catalog;
    use crate::game::menu::PracticeMode;
    use bevy::state::app::StatesPlugin;

    fn settings(timer: Option<u32>) -> Settings {
        let mut prefs = crate::prefs::Prefs::default();
        prefs.timer_secs = timer;
        Settings {
            prefs,
            path: None,
            save_error: None,
        }
    }

    /// A Bevy App with only what the redraw policy reads (`MinimalPlugins` + `StatesPlugin`).
    fn app(timer: Option<u32>) -> App {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, StatesPlugin))
            .init_state::<Screen>()
            .insert_resource(WinitSettings::desktop_app())
            .insert_resource(settings(timer))
            .init_resource::<Session>()
            .init_resource::<PracticeMode>()
            .add_systems(Update, timer_wakeups);
        app
    }

    /// True when the app wakes every 250 ms in both window modes (the countdown keeps moving when
    /// the window lost focus); false when it is back to the desktop policy.
    fn ticking(app: &App) -> bool {
        let w = app.world().resource::<WinitSettings>();
        let tick = UpdateMode::reactive_low_power(Duration::from_millis(250));
        if w.focused_mode == tick {
            assert_eq!(w.unfocused_mode, tick, "both modes tick together");
            return true;
        }
        let idle = WinitSettings::desktop_app();
        assert_eq!(
            (w.focused_mode, w.unfocused_mode),
            (idle.focused_mode, idle.unfocused_mode)
        );
        false
    }

    fn start_call(app: &mut App) {
        let sc = Catalog::shipped_for_tests().scenarios[0].clone();
        app.world_mut().resource_mut::<Session>().start(&sc, Some(1));
        app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Play);
    }

    #[test]
    fn a_timed_call_wakes_the_app_four_times_a_second_and_nothing_else_does() {
        let mut app = app(Some(20));
        app.update();
        assert!(!ticking(&app), "the title screen sleeps until input");
        start_call(&mut app);
        app.update();
        app.update();
        assert!(ticking(&app), "the countdown must move while the team thinks");
        // The call ends: back to sleeping.
        let mut session = app.world_mut().resource_mut::<Session>();
        while session.sim().is_some_and(|s| !s.finished()) {
            let catalog = Catalog::shipped_for_tests();
            session.choose(0, false, false, &catalog);
        }
        app.update();
        assert!(!ticking(&app));
        // Leaving the play screen sleeps too.
        app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Picker);
        app.update();
        app.update();
        assert!(!ticking(&app));
    }

    #[test]
    fn without_a_timer_the_play_screen_sleeps_and_a_scripted_run_is_left_alone() {
        let mut app = app(None);
        start_call(&mut app);
        app.update();
        app.update();
        assert!(!ticking(&app), "no timer, no wake-ups");
        let mut app = app_with_continuous();
        start_call(&mut app);
        app.update();
        app.update();
        let w = app.world().resource::<WinitSettings>();
        assert_eq!(
            w.focused_mode,
            UpdateMode::Continuous,
            "the tour's settings are not overridden"
        );
    }

    fn app_with_continuous() -> App {
        let mut app = app(Some(20));
        app.insert_resource(Continuous).insert_resource(WinitSettings {
            focused_mode: UpdateMode::Continuous,
            unfocused_mode: UpdateMode::Continuous,
        });
        app
    }
}
