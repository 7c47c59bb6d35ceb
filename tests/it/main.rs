//! The single integration-test binary (one link of the whole crate instead of one per file).

mod cli;
mod common;
mod docs;
mod game;
mod hardening;
mod lab;
mod room;
mod tidy;
mod workshop;
