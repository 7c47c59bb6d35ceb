//! The scenario catalogue (`docs/scenarios.md`), generated from the scenario files so it cannot
//! drift: `service-arena catalogue --out docs/scenarios.md` writes it and a test compares.

use std::fmt::Write;

use super::compile::Compiled;
use super::scoring::{Scorer, ScoringConfig};

/// The catalogue as Markdown, scenarios in the order given (sorted by id by the caller).
pub fn markdown(scenarios: &[Compiled]) -> String {
    let cfg = ScoringConfig::default();
    let mut out = String::new();
    out.push_str(
        "# Scenario catalogue · 场景目录\n\n\
         Generated from `scenarios/*.ron` by `service-arena catalogue --out docs/scenarios.md`; \
         a test fails when this file and the scenarios disagree.\n\n\
         | id | 场景 | scenario | archetype | difficulty | minutes | languages | principles |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    let principles =
        |s: &Compiled| -> Vec<&'static str> { Scorer::new(s, &cfg).applicable().map(|p| p.id()).collect() };
    for s in scenarios {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            s.id,
            s.title.zh,
            s.title.en,
            s.customer.archetype.id(),
            "★".repeat(s.difficulty as usize),
            s.minutes,
            s.langs.iter().map(|l| l.code()).collect::<Vec<_>>().join(", "),
            principles(s).join(", ")
        );
    }
    for s in scenarios {
        let _ = write!(
            out,
            "\n## {} · {}\n\n\
             - id: `{}` · archetype: {} ({}) · difficulty {}/3 · about {} min · tags: {}\n\
             - 教学目标:{}\n\
             - Goal: {}\n\
             - Principles scored: {}\n",
            s.title.zh,
            s.title.en,
            s.id,
            s.customer.archetype.id(),
            s.customer.archetype.label().zh,
            s.difficulty,
            s.minutes,
            if s.tags.is_empty() {
                "—".to_string()
            } else {
                s.tags.join(", ")
            },
            s.goal.zh,
            s.goal.en,
            principles(s).join(", ")
        );
    }
    out
}
