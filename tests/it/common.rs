//! Helpers shared by the integration tests.

use std::path::Path;

use service_arena::engine::Compiled;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every shipped scenario; fails the test if any file does not load.
pub fn shipped() -> Vec<Compiled> {
    service_arena::engine::testkit::load_dir(&root().join("scenarios"))
}

/// The binary, run from the repository root with no scenario directory or display in its
/// environment and the database in a place no test shares (tests set `--data`).
pub fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_service-arena"));
    c.current_dir(root())
        .env_remove("SERVICE_ARENA_SCENARIOS")
        .env_remove("SERVICE_ARENA_TEST_PAUSE_MS")
        .env_remove("SERVICE_ARENA_TEST_PAUSE_FILE")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env(
            "SERVICE_ARENA_DATA",
            std::env::temp_dir().join("service-arena-tests-unused-data"),
        );
    c
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub mod tempdir {
    use std::path::{Path, PathBuf};

    /// A directory under the system temp dir, removed on drop.
    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new(tag: &str) -> Dir {
            let p = std::env::temp_dir().join(format!(
                "service-arena-{tag}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
