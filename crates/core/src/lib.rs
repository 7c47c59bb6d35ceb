//! Service Arena's core: everything that is not a front end. It knows nothing of Bevy, the
//! terminal or a network (see ARCHITECTURE.md), so its tests build and run in seconds.
//!
//! `engine` (scenarios, the simulated customer, scoring, analysis), `workshop` (the team-PK rules
//! without I/O), `store` (SQLite), `practice` (progress of one person) and `prefs` (the game's
//! settings file).

pub mod aside;
pub mod cases;
pub mod engine;
pub mod lab;
pub mod names;
pub mod practice;
pub mod prefs;
pub mod room;
pub mod store;
pub mod workshop;
