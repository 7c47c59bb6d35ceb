//! The single integration-test binary (one link of the whole crate instead of one per file).

mod common;
mod engine;
