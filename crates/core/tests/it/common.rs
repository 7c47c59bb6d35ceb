//! Helpers shared by the core's integration tests.

use std::path::{Path, PathBuf};

use service_arena_core::engine::Compiled;
use service_arena_core::engine::load::expand;

/// The repository root (the workspace), where `scenarios/` and `docs/` live.
pub fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

pub fn scenario_files() -> Vec<PathBuf> {
    expand(&[root().join("scenarios")]).expect("scenarios/ exists")
}

/// Every shipped scenario; fails the test if any file does not load.
pub fn shipped() -> Vec<Compiled> {
    service_arena_core::engine::testkit::load_dir(&root().join("scenarios"))
}
