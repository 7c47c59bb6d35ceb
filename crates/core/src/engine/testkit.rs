//! Builders for unit tests: small scenarios written as RON text, and hand-built runs.

use super::compile::Compiled;
use super::load::parse_str;
use super::sim::{EndReason, Events, Mood, Run, Turn};

/// A scenario whose turn `k` (node "t{k}") offers one option per entry of `turns[k]`, each option
/// performing the acts written there (RON syntax, e.g. `"listen, apologize"`), all leading to the
/// next turn and after the last one to the end node "end". `extra` is spliced into the top level
/// (e.g. `facts: (…)`).
pub fn scenario(archetype: &str, turns: &[&[&str]], extra: &str) -> Compiled {
    let mut nodes = String::new();
    for (k, opts) in turns.iter().enumerate() {
        let next = if k + 1 == turns.len() {
            "end".to_string()
        } else {
            format!("t{}", k + 1)
        };
        let options: Vec<String> = opts
            .iter()
            .map(|acts| format!("(text: (zh: \"选\", en: \"pick\"), acts: [{acts}], next: goto(\"{next}\"))"))
            .collect();
        nodes.push_str(&format!(
            "\"t{k}\": turn(customer: (zh: \"客户\", en: \"customer\"), options: [{}]),\n",
            options.join(", ")
        ));
    }
    let src = format!(
        "Scenario(id: \"kit\", title: (zh: \"测试\", en: \"test\"), briefing: (zh: \"测试\", en: \"test\"),
          goal: (zh: \"测试\", en: \"test\"),
          customer: (name: (zh: \"客户\", en: \"customer\"), archetype: {archetype},
                     start: (satisfaction: 50, anger: 50)),
          start: \"t0\", shuffle_options: false, {extra}
          nodes: {{ {nodes} \"end\": end(outcome: neutral, text: (zh: \"完\", en: \"done\")) }})"
    );
    parse_str(&src, "kit.ron").unwrap_or_else(|d| panic!("test scenario invalid: {d:?}\n{src}"))
}

pub fn mood(satisfaction: f32, anger: f32) -> Mood {
    Mood {
        satisfaction,
        anger,
        trust: 50.0,
        patience: 80.0,
        expectation: 50.0,
    }
}

/// A run taking option `choices[k]` at turn k, with the customer's (satisfaction, anger) after each
/// turn given by `after`, and the final state `end`.
pub fn run(sc: &Compiled, choices: &[usize], after: &[(f32, f32)], end: (f32, f32)) -> Run {
    assert_eq!(choices.len(), after.len());
    let start = mood(50.0, 50.0);
    let mut prev = start;
    let turns = choices
        .iter()
        .zip(after)
        .enumerate()
        .map(|(k, (&option, &(s, a)))| {
            let t = Turn {
                node: sc.node_index(&format!("t{k}")).expect("turn node"),
                option,
                before: prev,
                after: mood(s, a),
                events: Events::default(),
            };
            prev = t.after;
            t
        })
        .collect();
    Run {
        seed: 0,
        start,
        turns,
        ending: sc.node_index("end"),
        end_reason: Some(EndReason::Ending),
        final_mood: mood(end.0, end.1),
    }
}

/// Every scenario file under `dir` (the shipped library, for tests); panics listing every
/// diagnostic if any file does not load or has a warning (the shipped library is complete in
/// both languages).
pub fn load_dir(dir: &std::path::Path) -> Vec<Compiled> {
    let files = super::load::expand(&[dir.to_path_buf()]).unwrap_or_else(|e| panic!("{}: {e:?}", dir.display()));
    let lib = super::load::load_all(&files);
    let problems: Vec<String> = lib
        .failures
        .iter()
        .flat_map(|(_, ds)| ds.iter().map(|d| d.to_string()))
        .chain(
            lib.scenarios
                .iter()
                .flat_map(|s| s.warnings.iter().map(|d| format!("warning: {d}"))),
        )
        .collect();
    assert!(
        problems.is_empty(),
        "scenario files with errors:\n{}",
        problems.join("\n")
    );
    lib.scenarios
}
