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

use super::Screen;
use super::data::Settings;
use super::play::Session;

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
    mode: Res<super::menu::PracticeMode>,
    mut winit: ResMut<WinitSettings>,
    tour: Option<Res<super::tour::Continuous>>,
) {
    if tour.is_some() {
        return;
    }
    let ticking = *screen.get() == Screen::Play
        && session.timer_secs(&settings, &mode).is_some()
        && session.sim().is_some_and(|s| !s.finished());
    // Both modes: the countdown must keep moving for the room even when the window lost focus.
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
