//! The game window. Bevy plugins, one per screen or concern; egui draws every screen. All the
//! logic lives in the Bevy-free core (`engine`, `store`, `practice`, `prefs`): the plugins keep it
//! in resources and draw it. Screens are the [`Screen`] state; each screen's plugin adds its draw
//! system to bevy_egui's pass with `run_if(in_state(..))`.

mod data;
mod glue;
mod portrait;
mod reload;
mod screens;
mod text;
mod tour;
mod ui;

#[cfg(test)]
mod app_tests;

use glue::{fonts, power, shader, window_pass};
use screens::{
    debrief, history, lab, menu, picker, play, play_view, room, room_demo, room_view, session, settings, workshop,
    workshop_form,
};

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use bevy::log::LogPlugin;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;

pub use data::display_problem;
pub use fonts::definitions as font_definitions;

/// The screens.
#[derive(States, Default, Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Screen {
    #[default]
    Title,
    Mode,
    Picker,
    Play,
    Debrief,
    History,
    Settings,
    Workshop,
    /// The room: teams on their own devices, this window the trainer's and the projector's.
    Room,
    /// The scenario lab, for authors.
    Lab,
    /// An empty egui window: the baseline the performance run compares the play screen with.
    Blank,
}

/// How the game was started.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--scenarios DIR`, as for the terminal commands.
    pub scenarios: Option<PathBuf>,
    /// `--lang` given explicitly on the command line (overrides the saved setting).
    pub lang: Option<crate::engine::Lang>,
    /// `--data DIR`, as for the terminal commands (else `$SERVICE_ARENA_DATA`, else the platform's).
    pub data: Option<PathBuf>,
}

/// When the process started, for the startup measurement (`SERVICE_ARENA_PERF=1`).
#[derive(Resource, Clone, Copy)]
pub struct Launched(pub Instant);

/// Opens the window and runs the game until it is closed.
pub fn run(opts: Options, launched: Instant) -> ExitCode {
    if let Some(problem) = display_problem() {
        eprintln!(
            "error: the game needs a display, and none is available ({problem}).\n\
             Everything can be played in the terminal instead:\n  \
             service-arena list                 # the scenarios\n  \
             service-arena play ka_stockout     # play one, then read the debrief\n  \
             service-arena --help               # every command"
        );
        return ExitCode::FAILURE;
    }
    let world = match data::GameData::load(&opts) {
        Ok(w) => w,
        Err(msg) => {
            eprintln!("error: {msg}");
            return ExitCode::FAILURE;
        }
    };
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "客服擂台 · Service Arena".into(),
                    resolution: WindowResolution::new(1280, 720),
                    ..default()
                }),
                ..default()
            })
            .set(LogPlugin {
                filter: std::env::var("SERVICE_ARENA_LOG").unwrap_or_else(|_| "warn,wgpu=error,naga=error".into()),
                ..default()
            }),
    )
    // No bindless textures: the game's egui shader (`shader.rs`) is written for the plain layout,
    // and egui here only ever draws with its font atlas.
    .add_plugins(EguiPlugin {
        bindless_mode_array_size: None,
    })
    .insert_resource(Launched(launched))
    .init_state::<Screen>();
    if !tour::stock_renderer() {
        app.add_plugins(window_pass::WindowPassPlugin);
    }
    world.insert_into(&mut app);
    app.add_plugins((
        ui::plugin,
        shader::plugin,
        fonts::plugin,
        power::plugin,
        reload::plugin,
        menu::plugin,
        picker::plugin,
        play::plugin,
        debrief::plugin,
        history::plugin,
        settings::plugin,
        workshop::plugin,
        room::plugin,
        lab::plugin,
        tour::plugin,
    ));
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::FAILURE,
    }
}
