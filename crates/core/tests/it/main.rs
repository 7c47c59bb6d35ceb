//! The core's single integration-test binary: the shipped scenarios against the engine and the
//! library's quality bar. It links no Bevy.

mod common;
mod engine;
mod fuzz;
mod hardening;
mod lab;
mod scenarios;
mod validity;
