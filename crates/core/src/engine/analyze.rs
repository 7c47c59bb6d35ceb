//! Scenario analysis for authors and trainers: the best and worst reachable totals (exhaustive
//! search over every choice sequence, for one seed), the spread of seeded random playthroughs, and
//! which principles the scenario can tell apart.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::compile::Compiled;
use super::scoring::{PRINCIPLES, Principle, Scorer, ScoringConfig};
use super::sim::{Run, Sim};

/// Stop enumerating after this many complete paths (the result then says `truncated`).
pub const MAX_PATHS: u64 = 500_000;

/// A principle can tell good play from bad when its score varies at least this much across paths.
pub const DISCRIMINATION_SPREAD: f32 = 25.0;

#[derive(Clone, Debug, Serialize)]
pub struct PathResult {
    pub total: f32,
    /// 1-based choices, as accepted by `play --choices`.
    pub path: Vec<usize>,
    pub ending: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RandomStats {
    pub runs: usize,
    pub min: f32,
    pub median: f32,
    pub mean: f32,
    pub max: f32,
    /// Share of random runs reaching 80 (the course's "80 points").
    pub pass_rate: f32,
}

#[derive(Clone, Debug, Serialize)]
pub struct PrincipleRange {
    pub principle: Principle,
    pub min: f32,
    pub max: f32,
    pub discriminates: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub scenario: String,
    pub seed: u64,
    /// Complete paths enumerated.
    pub paths: u64,
    pub truncated: bool,
    pub best: PathResult,
    pub worst: PathResult,
    pub random: RandomStats,
    pub principles: Vec<PrincipleRange>,
}

struct Search<'s, 'a> {
    scorer: &'s Scorer<'a>,
    paths: u64,
    best: Option<(f32, Run)>,
    worst: Option<(f32, Run)>,
    ranges: [(f32, f32); 11],
}

impl Search<'_, '_> {
    /// Records one complete path; false once [`MAX_PATHS`] have been recorded (stop enumerating).
    fn leaf(&mut self, run: &Run) -> bool {
        if self.paths >= MAX_PATHS {
            return false;
        }
        self.paths += 1;
        let score = self.scorer.totals(run);
        for (r, s) in self.ranges.iter_mut().zip(score.scores) {
            if !s.is_nan() {
                r.0 = r.0.min(s);
                r.1 = r.1.max(s);
            }
        }
        if self.best.as_ref().is_none_or(|(b, _)| score.total > *b) {
            self.best = Some((score.total, run.clone()));
        }
        if self.worst.as_ref().is_none_or(|(w, _)| score.total < *w) {
            self.worst = Some((score.total, run.clone()));
        }
        true
    }
}

/// Plays every completion of `sim` depth first (random branches follow the run's seed), calling
/// `leaf` with each finished run, and restores `sim` as it goes. Stops as soon as `leaf` returns
/// false, and then returns false.
fn each_completion(sim: &mut Sim, leaf: &mut impl FnMut(&Run) -> bool) -> bool {
    if sim.finished() {
        return leaf(sim.run());
    }
    let snap = sim.snapshot();
    for i in 0..sim.options().len() {
        sim.choose(i).expect("option index in range");
        let go_on = each_completion(sim, leaf);
        sim.restore(&snap);
        if !go_on {
            return false;
        }
    }
    true
}

/// The best total reachable from `sim`'s current state (every completion, random branches following
/// the run's seed), visiting at most `budget` complete paths. None if the budget ran out first —
/// the answer would then not be the true best.
pub fn best_reachable(scorer: &Scorer, sim: &Sim, budget: u64) -> Option<f32> {
    let (mut left, mut best) = (budget, f32::MIN);
    let complete = each_completion(&mut sim.clone(), &mut |run| {
        if left == 0 {
            return false;
        }
        left -= 1;
        best = best.max(scorer.totals(run).total);
        true
    });
    complete.then_some(best)
}

fn path_result(sc: &Compiled, total: f32, run: &Run) -> PathResult {
    PathResult {
        total,
        path: run.choices(),
        ending: run
            .ending
            .map_or_else(|| "(turn limit)".to_string(), |e| sc.names[e].clone()),
    }
}

/// Plays `runs` random playthroughs (seeds `seed`, `seed + 1`, …) choosing uniformly at random.
pub fn random_totals(sc: &Compiled, scorer: &Scorer, seed: u64, runs: usize) -> Vec<f32> {
    (0..runs as u64)
        .map(|i| {
            let s = seed.wrapping_add(i);
            let mut sim = Sim::new(sc, s);
            let mut chooser = ChaCha8Rng::seed_from_u64(s ^ 0x5EED_C0DE_u64);
            while !sim.finished() {
                let n = sim.options().len();
                sim.choose(chooser.random_range(0..n)).expect("index in range");
            }
            scorer.totals(sim.run()).total
        })
        .collect()
}

pub fn analyze(sc: &Compiled, cfg: &ScoringConfig, seed: u64, runs: usize) -> Analysis {
    let scorer = Scorer::new(sc, cfg);
    let mut search = Search {
        scorer: &scorer,
        paths: 0,
        best: None,
        worst: None,
        ranges: [(f32::MAX, f32::MIN); 11],
    };
    each_completion(&mut Sim::new(sc, seed), &mut |run| search.leaf(run));
    let (bt, brun) = search.best.take().expect("a validated scenario has at least one path");
    let (wt, wrun) = search.worst.take().expect("a validated scenario has at least one path");

    let mut totals = random_totals(sc, &scorer, seed, runs);
    totals.sort_by(|a, b| a.total_cmp(b));
    let random = if totals.is_empty() {
        RandomStats {
            runs: 0,
            min: 0.0,
            median: 0.0,
            mean: 0.0,
            max: 0.0,
            pass_rate: 0.0,
        }
    } else {
        let n = totals.len();
        let median = if n % 2 == 1 {
            totals[n / 2]
        } else {
            (totals[n / 2 - 1] + totals[n / 2]) / 2.0
        };
        RandomStats {
            runs: n,
            min: totals[0],
            median,
            mean: ((totals.iter().sum::<f32>() / n as f32) * 10.0).round() / 10.0,
            max: totals[n - 1],
            pass_rate: totals.iter().filter(|t| **t >= 80.0).count() as f32 / n as f32,
        }
    };
    let principles = PRINCIPLES
        .into_iter()
        .filter(|p| scorer.applies(*p))
        .map(|p| {
            let (min, max) = search.ranges[p.index()];
            PrincipleRange {
                principle: p,
                min,
                max,
                discriminates: max - min >= DISCRIMINATION_SPREAD,
            }
        })
        .collect();
    Analysis {
        scenario: sc.id.clone(),
        seed,
        paths: search.paths,
        truncated: search.paths >= MAX_PATHS,
        best: path_result(sc, bt, &brun),
        worst: path_result(sc, wt, &wrun),
        random,
        principles,
    }
}

/// [`analyze`] for many scenarios, spread over the machine's cores (each scenario's analysis is
/// independent and deterministic, so the results are the same as one by one, in the same order).
pub fn analyze_all(scenarios: &[Compiled], cfg: &ScoringConfig, seed: u64, runs: usize) -> Vec<Analysis> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<Analysis>>> = Mutex::new(vec![None; scenarios.len()]);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(scenarios.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(sc) = scenarios.get(i) else { break };
                    let a = analyze(sc, cfg, seed, runs);
                    out.lock().expect("no worker panics while holding the lock")[i] = Some(a);
                }
            });
        }
    });
    out.into_inner()
        .expect("workers finished")
        .into_iter()
        .map(|a| a.expect("every scenario analysed"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testkit;

    #[test]
    fn analyze_all_gives_the_same_results_in_the_same_order_as_one_by_one() {
        let scenarios: Vec<Compiled> = (0..5)
            .map(|k| {
                let mut sc = testkit::scenario(
                    ["angry", "mild", "key_account"][k % 3],
                    &[
                        &["listen, empathize", "argue", "hold"],
                        &["solution", "promise(3)"],
                        &["thank", "sell"],
                    ],
                    "",
                );
                sc.id = format!("s{k}");
                sc
            })
            .collect();
        let cfg = ScoringConfig::default();
        let together = serde_json::to_string(&analyze_all(&scenarios, &cfg, 3, 50)).unwrap();
        let one_by_one: Vec<Analysis> = scenarios.iter().map(|s| analyze(s, &cfg, 3, 50)).collect();
        assert_eq!(together, serde_json::to_string(&one_by_one).unwrap());
        assert!(analyze_all(&[], &cfg, 1, 10).is_empty());
    }
}
