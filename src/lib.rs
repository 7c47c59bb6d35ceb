//! Service Arena · 客服擂台 — a customer-service training game.
//!
//! `engine` is the Bevy-free core (see ARCHITECTURE.md); `cli` is the terminal front end.

pub mod cli;
pub mod engine;
pub mod store;
pub mod workshop;
