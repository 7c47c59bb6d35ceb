//! Every arrow points down: the layers of the code import only what sits below them. The compiler
//! already keeps Bevy, egui and clap out of the core crate (it does not depend on them); this test
//! keeps the core's own modules layered and the front ends apart.
//!
//! Core layers, bottom up: `engine`, `names`, `aside` → `practice` → `workshop` → `store`, `prefs`, `lab`
//! → `cases`. Front ends: `cli` and `game` use the core; the game never uses the CLI; the CLI
//! never uses the game.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::root;

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without comment lines (docs may name other layers).
fn code(p: &Path) -> String {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `crate::X` module names a file refers to.
fn crate_refs(src: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = src;
    while let Some(i) = rest.find("crate::") {
        let tail = &rest[i + 7..];
        let name: String = tail
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        out.insert(name);
        rest = tail;
    }
    out
}

#[test]
fn core_modules_only_import_the_layers_below_them() {
    let src = root().join("crates/core/src");
    let allowed = |module: &str| -> &'static [&'static str] {
        match module {
            "engine" | "names" | "aside" => &["engine"],
            "practice" => &["engine", "practice"],
            "workshop" => &["engine", "names", "practice", "workshop"],
            "store" => &["engine", "names", "aside", "practice", "workshop", "store"],
            "prefs" => &["engine", "aside", "prefs"],
            // The scenario lab's tools read scenarios and write CSV like the workshop export.
            "lab" => &["engine", "workshop", "lab"],
            "cases" => &[
                "engine", "names", "aside", "practice", "workshop", "store", "prefs", "cases",
            ],
            // The room sits on the workshop's rules and the store; nothing below knows it.
            "room" => &["engine", "names", "workshop", "store", "room"],
            "lib" => &[
                "engine", "names", "aside", "practice", "workshop", "store", "prefs", "cases", "room", "lab",
            ],
            other => panic!("a new core module {other}: give it a layer in this test"),
        }
    };
    let mut problems = Vec::new();
    for f in rust_files(&src) {
        let rel = f.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let text = code(&f);
        for r in crate_refs(&text) {
            if !allowed(&module).contains(&r.as_str()) {
                problems.push(format!("{}: `{module}` refers to crate::{r}", rel.display()));
            }
        }
        for word in ["bevy", "egui", "clap", "service_arena::"] {
            if text.contains(word) {
                problems.push(format!("{}: the core mentions {word}", rel.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_front_ends_stay_apart() {
    let mut problems = Vec::new();
    for (dir, other) in [("src/game", "cli"), ("src/cli", "game")] {
        for f in rust_files(&root().join(dir)) {
            let text = code(&f);
            if crate_refs(&text).contains(other) || text.contains(&format!("super::super::{other}")) {
                problems.push(format!("{}: uses crate::{other}", f.display()));
            }
        }
    }
    // The screenshot and performance runs drive the screens; no screen knows them.
    for f in rust_files(&root().join("src/game")) {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if name == "tour.rs" || (name == "mod.rs" && f.parent().unwrap().ends_with("game")) {
            continue;
        }
        if code(&f).contains("tour::") {
            problems.push(format!("{}: a screen imports the tour", f.display()));
        }
    }
    let manifest = std::fs::read_to_string(root().join("crates/core/Cargo.toml")).unwrap();
    for dep in ["bevy", "egui", "clap", "axum", "tokio"] {
        if manifest.lines().any(|l| l.trim_start().starts_with(dep)) {
            problems.push(format!("crates/core/Cargo.toml depends on {dep}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_see_an_upward_arrow() {
    // The scanner itself: a reference is found, a comment is not.
    assert!(crate_refs("use crate::store::Store;\n").contains("store"));
    let p = std::env::temp_dir().join(format!("tidy-{}.rs", std::process::id()));
    std::fs::write(&p, "// crate::game in a comment\nuse crate::cli::x;\n").unwrap();
    let refs = crate_refs(&code(&p));
    let _ = std::fs::remove_file(&p);
    assert!(refs.contains("cli") && !refs.contains("game"), "{refs:?}");
}

/// The game's modules (one per file; `mod.rs` of a folder is the folder) and the ones each refers
/// to through `crate::game::X` or `super::X`, test modules left out.
fn game_graph() -> std::collections::BTreeMap<String, BTreeSet<String>> {
    let game = root().join("src/game");
    let files = rust_files(&game);
    let name_of = |p: &Path| -> String {
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        if stem == "mod" {
            p.parent().unwrap().file_name().unwrap().to_string_lossy().to_string()
        } else {
            stem
        }
    };
    let names: BTreeSet<String> = files.iter().map(|p| name_of(p)).collect();
    let mut graph = std::collections::BTreeMap::new();
    for f in &files {
        let me = name_of(f);
        if me == "app_tests" || me == "game" {
            continue;
        }
        let mut text = code(f);
        if let Some(i) = text.find("#[cfg(test)]\nmod tests") {
            text.truncate(i);
        }
        let mut deps = BTreeSet::new();
        for prefix in ["crate::game::", "super::"] {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(prefix) {
                let tail = &rest[i + prefix.len()..];
                let n: String = tail
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if names.contains(&n) && n != me {
                    deps.insert(n);
                }
                rest = tail;
            }
        }
        graph.insert(me, deps);
    }
    graph
}

#[test]
fn the_games_modules_import_no_circle() {
    let graph = game_graph();
    // Depth-first search for a back edge; report the first circle found.
    fn visit(
        n: &str,
        g: &std::collections::BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for d in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(c) = visit(n, &graph, &mut Vec::new(), &mut done) {
            panic!("an import circle in the game: {}", c.join(" → "));
        }
    }
    assert!(
        graph.contains_key("play") && graph["play"].contains("play_view"),
        "the graph sees imports: {graph:?}"
    );
}
