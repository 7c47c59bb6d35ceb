//! Service Arena · 客服擂台 — a customer-service training game.
//!
//! `engine`, `store`, `workshop`, `practice` and `prefs` are the Bevy-free core (see ARCHITECTURE.md);
//! `cli` is the terminal front end and `game` the Bevy one.

pub mod cli;
pub mod engine;
pub mod game;
pub mod practice;
pub mod prefs;
pub mod store;
pub mod workshop;
