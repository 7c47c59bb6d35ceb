//! Service Arena · 客服擂台 — a customer-service training game.
//!
//! The Bevy-free core lives in the `service-arena-core` crate (`crates/core`, see ARCHITECTURE.md)
//! and is re-exported here under the same module names; `cli` is the terminal front end and `game`
//! the Bevy one.

pub use service_arena_core::{cases, engine, lab, names, practice, prefs, room, store, workshop};

pub mod cli;
pub mod game;

/// The shipped scenarios of the checkout this program was built from, the last place looked for
/// scenarios (see [`engine::load::scenario_dir`]).
pub fn built_in_scenarios() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}
