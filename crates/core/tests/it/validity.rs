//! The validity suite: complete transcripts of shipped scenarios, ranked by a trainer's judgement
//! from the option texts alone — written down with the reasoning *before* the engine's totals were
//! looked at (crates/core/tests/validity/*.ron) — and the engine must order them the same way
//! (Spearman's rank correlation ≥ 0.8 per scenario). Disagreements and what was decided about them
//! are in docs/scoring.md ("Validity").

use std::collections::BTreeSet;

use serde::Deserialize;
use service_arena_core::engine::sim::play;
use service_arena_core::engine::{Scorer, ScoringConfig};

use crate::common::{root, shipped};

#[derive(Deserialize)]
struct Suite {
    scenario: String,
    seed: u64,
    transcripts: Vec<Transcript>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // `why` is for people: the reasoning behind the rank
struct Transcript {
    /// 1-based choices as shown (like `play --choices`).
    choices: Vec<usize>,
    /// The trainer's rank: 1 = best service. Equal ranks are allowed.
    rank: f32,
    why: String,
}

const MIN_RHO: f64 = 0.8;

/// Ranks with ties averaged (1 = smallest).
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..xs.len()).collect();
    idx.sort_by(|a, b| xs[*a].total_cmp(&xs[*b]));
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && xs[idx[j + 1]] == xs[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rho: the Pearson correlation of the (tie-averaged) ranks.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

#[test]
fn spearman_is_one_for_the_same_order_and_minus_one_for_the_reverse() {
    assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[10.0, 20.0, 30.0, 40.0]) - 1.0).abs() < 1e-9);
    assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[4.0, 3.0, 2.0, 1.0]) + 1.0).abs() < 1e-9);
    assert!((spearman(&[1.0, 2.0, 2.0, 4.0], &[1.0, 2.0, 3.0, 4.0]) - 0.9487).abs() < 1e-3);
}

#[test]
fn the_engine_orders_transcripts_as_a_trainer_does() {
    let scenarios = shipped();
    let cfg = ScoringConfig::default();
    let dir = root().join("crates/core/tests/validity");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("crates/core/tests/validity exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    let mut problems = Vec::new();
    let mut archetypes = BTreeSet::new();
    let mut covered = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let suite: Suite = ron::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let sc = scenarios
            .iter()
            .find(|s| s.id == suite.scenario)
            .unwrap_or_else(|| panic!("{}: no shipped scenario {}", f.display(), suite.scenario));
        let scorer = Scorer::new(sc, &cfg);
        if suite.transcripts.len() < 5 {
            problems.push(format!(
                "{}: {} transcripts (< 5)",
                suite.scenario,
                suite.transcripts.len()
            ));
        }
        let mut trainer = Vec::new();
        let mut engine = Vec::new();
        for t in &suite.transcripts {
            let zero: Vec<usize> = t.choices.iter().map(|c| c - 1).collect();
            let run = play(sc, suite.seed, &zero)
                .unwrap_or_else(|e| panic!("{}: transcript {:?}: {e}", suite.scenario, t.choices));
            // Rank 1 is best; negate so that both series grow with quality.
            trainer.push(-t.rank as f64);
            engine.push(scorer.totals(&run).total as f64);
        }
        let rho = spearman(&trainer, &engine);
        // Shown with `cargo test -- --nocapture`; docs/scoring.md records these.
        let shown: Vec<String> = engine.iter().map(|t| format!("{t:.1}")).collect();
        println!(
            "validity {}: rho {rho:.3}, engine totals [{}]",
            suite.scenario,
            shown.join(", ")
        );
        if rho.is_nan() || rho < MIN_RHO {
            problems.push(format!(
                "{}: Spearman {rho:.2} < {MIN_RHO} (trainer ranks {:?}, engine totals {:?})",
                suite.scenario,
                suite.transcripts.iter().map(|t| t.rank).collect::<Vec<_>>(),
                engine
            ));
        }
        archetypes.insert(sc.customer.archetype.id());
        covered += 1;
    }
    assert!(covered >= 6, "only {covered} scenarios have a validity suite (≥ 6)");
    assert_eq!(archetypes.len(), 3, "the suites cover {archetypes:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
