//! Helpers shared by the core's integration tests.

use std::path::{Path, PathBuf};

use service_arena_core::engine::Compiled;
use service_arena_core::engine::load::{expand, load_all};

/// The repository root (the workspace), where `scenarios/` and `docs/` live.
pub fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

pub fn scenario_files() -> Vec<PathBuf> {
    expand(&[root().join("scenarios")]).expect("scenarios/ exists")
}

/// Every shipped scenario; fails the test if any file does not load.
pub fn shipped() -> Vec<Compiled> {
    let lib = load_all(&scenario_files());
    let problems: Vec<String> = lib
        .failures
        .iter()
        .flat_map(|(_, ds)| ds.iter().map(|d| d.to_string()))
        .collect();
    assert!(
        problems.is_empty(),
        "scenario files with errors:\n{}",
        problems.join("\n")
    );
    lib.scenarios
}
