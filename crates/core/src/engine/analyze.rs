//! Scenario analysis for authors and trainers: the best and worst reachable totals (exhaustive
//! search over every choice sequence, for one seed), the spread of seeded random playthroughs, and
//! which principles the scenario can tell apart.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::compile::{CNext, CNode, Compiled};
use super::scoring::{PRINCIPLE_COUNT, PRINCIPLES, Principle, Scorer, ScoringConfig, failed_call, round1};
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
    /// The same choices numbered as the options are written in the file (`play --file-order`).
    pub file_path: Vec<usize>,
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

/// A way to choose without understanding the course, which must not pass: if one of these scores
/// well, the options give the answer away by their form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// The option with the most characters in Chinese.
    LongestZh,
    /// The option with the most characters in English.
    LongestEn,
    ShortestZh,
    ShortestEn,
    /// Always the first option shown.
    FirstShown,
    /// The second-longest option ("never the longest, but not a short one"), in Chinese / English.
    SecondLongestZh,
    SecondLongestEn,
    /// The second-shortest option (differs from the second-longest where four or more are shown).
    SecondShortestZh,
    SecondShortestEn,
    /// The option with the most courtesy words (您, 抱歉, 理解, 谢谢 …, please, sorry, understand …).
    MostCourteous,
}

pub const STRATEGIES: [Strategy; 10] = [
    Strategy::LongestZh,
    Strategy::LongestEn,
    Strategy::ShortestZh,
    Strategy::ShortestEn,
    Strategy::SecondLongestZh,
    Strategy::SecondLongestEn,
    Strategy::SecondShortestZh,
    Strategy::SecondShortestEn,
    Strategy::FirstShown,
    Strategy::MostCourteous,
];

/// Strategies and coverage are played over this many seeds (`seed`, `seed + 1`, …).
pub const SEEDS: u64 = 20;

const COURTESY_ZH: [&str; 9] = ["您", "抱歉", "对不起", "理解", "谢谢", "感谢", "请", "麻烦", "不好意思"];
const COURTESY_EN: [&str; 6] = ["please", "sorry", "understand", "thank", "apolog", "appreciate"];

/// Courtesy words in an option (both languages counted).
pub fn courtesy(text: &super::text::Text) -> usize {
    let en = text.en.to_lowercase();
    COURTESY_ZH.iter().map(|w| text.zh.matches(w).count()).sum::<usize>()
        + COURTESY_EN.iter().map(|w| en.matches(w).count()).sum::<usize>()
}

fn chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

impl Strategy {
    pub fn id(self) -> &'static str {
        match self {
            Strategy::LongestZh => "longest_zh",
            Strategy::LongestEn => "longest_en",
            Strategy::ShortestZh => "shortest_zh",
            Strategy::ShortestEn => "shortest_en",
            Strategy::FirstShown => "first_shown",
            Strategy::SecondLongestZh => "second_longest_zh",
            Strategy::SecondLongestEn => "second_longest_en",
            Strategy::SecondShortestZh => "second_shortest_zh",
            Strategy::SecondShortestEn => "second_shortest_en",
            Strategy::MostCourteous => "most_courteous",
        }
    }

    /// The option (0-based) this strategy picks; ties go to the one shown first.
    pub fn pick(self, options: &[super::compile::COption]) -> usize {
        // By length rank: sort longest first (ties: shown first) and take the second from either end.
        let by_rank = |zh: bool, from_short: bool| {
            let len = |o: &super::compile::COption| if zh { chars(&o.text.zh) } else { chars(&o.text.en) };
            let mut idx: Vec<usize> = (0..options.len()).collect();
            idx.sort_by(|a, b| len(&options[*b]).cmp(&len(&options[*a])).then(a.cmp(b)));
            let k = 1.min(idx.len() - 1);
            if from_short { idx[idx.len() - 1 - k] } else { idx[k] }
        };
        match self {
            Strategy::SecondLongestZh => return by_rank(true, false),
            Strategy::SecondLongestEn => return by_rank(false, false),
            Strategy::SecondShortestZh => return by_rank(true, true),
            Strategy::SecondShortestEn => return by_rank(false, true),
            _ => {}
        }
        let key = |o: &super::compile::COption| -> i64 {
            match self {
                Strategy::LongestZh => chars(&o.text.zh) as i64,
                Strategy::LongestEn => chars(&o.text.en) as i64,
                Strategy::ShortestZh => -(chars(&o.text.zh) as i64),
                Strategy::ShortestEn => -(chars(&o.text.en) as i64),
                Strategy::FirstShown => 0,
                Strategy::SecondLongestZh
                | Strategy::SecondLongestEn
                | Strategy::SecondShortestZh
                | Strategy::SecondShortestEn => unreachable!("picked by length rank above"),
                Strategy::MostCourteous => courtesy(&o.text) as i64,
            }
        };
        let mut best = 0;
        for (i, o) in options.iter().enumerate() {
            if key(o) > key(&options[best]) {
                best = i;
            }
        }
        best
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct StrategyResult {
    pub strategy: Strategy,
    /// At the analysis seed.
    pub total: f32,
    pub path: Vec<usize>,
    pub ending: String,
    /// Mean and highest total over [`SEEDS`] seeds.
    pub mean: f32,
    pub max: f32,
}

/// How often the best path's choice is also the longest (or the shortest) option at its turn (ties
/// count); the rest of the turns it is neither.
#[derive(Clone, Debug, Serialize)]
pub struct Tells {
    pub turns: usize,
    pub longest_zh: usize,
    pub longest_en: usize,
    pub shortest_zh: usize,
    pub shortest_en: usize,
    /// How many turns would have the best answer neither longest nor shortest if length said
    /// nothing: Σ (options − 2) / options over the best path's turns.
    pub middle_by_chance: f32,
}

/// What no path reaches, over every choice sequence for each of [`SEEDS`] seeds.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Coverage {
    pub seeds: u64,
    /// Nodes never reached.
    pub unreached_nodes: Vec<String>,
    /// Declared targets never taken, as "node, option N → target" (N as written in the file's order
    /// after shuffling, i.e. as shown).
    pub unreached_targets: Vec<String>,
    /// Enumeration stopped early for some seed, so the lists may include reachable things.
    pub truncated: bool,
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
    /// The best total of a failed call (lost, escalated or cut off), if any path fails.
    pub best_failed: Option<PathResult>,
    pub random: RandomStats,
    pub strategies: Vec<StrategyResult>,
    pub tells: Tells,
    pub coverage: Coverage,
    pub principles: Vec<PrincipleRange>,
}

struct Search<'s, 'a> {
    scorer: &'s Scorer<'a>,
    paths: u64,
    best: Option<(f32, Run)>,
    worst: Option<(f32, Run)>,
    best_failed: Option<(f32, Run)>,
    ranges: [(f32, f32); PRINCIPLE_COUNT],
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
        if failed_call(self.scorer.scenario(), run) && self.best_failed.as_ref().is_none_or(|(b, _)| score.total > *b) {
            self.best_failed = Some((score.total, run.clone()));
        }
        true
    }
}

/// Plays `strategy` from the start with `seed`.
pub fn play_strategy<'a>(sc: &'a Compiled, strategy: Strategy, seed: u64) -> Run {
    let mut sim = Sim::new(sc, seed);
    while !sim.finished() {
        let i = strategy.pick(sim.options());
        sim.choose(i).expect("index in range");
    }
    sim.into_run()
}

fn strategies(sc: &Compiled, scorer: &Scorer, seed: u64) -> Vec<StrategyResult> {
    STRATEGIES
        .into_iter()
        .map(|st| {
            let first = play_strategy(sc, st, seed);
            let t0 = scorer.totals(&first).total;
            // The analysis seed is the first of the SEEDS seeds.
            let (mut sum, mut max) = (t0, t0);
            for k in 1..SEEDS {
                let t = scorer.totals(&play_strategy(sc, st, seed.wrapping_add(k))).total;
                sum += t;
                max = max.max(t);
            }
            let r = path_result(sc, t0, &first);
            StrategyResult {
                strategy: st,
                total: t0,
                path: r.path,
                ending: r.ending,
                mean: round1(sum / SEEDS as f32),
                max,
            }
        })
        .collect()
}

fn tells(sc: &Compiled, seed: u64, best: &Run) -> Tells {
    let mut sim = Sim::new(sc, seed);
    let mut t = Tells {
        turns: best.turns.len(),
        longest_zh: 0,
        longest_en: 0,
        shortest_zh: 0,
        shortest_en: 0,
        middle_by_chance: 0.0,
    };
    for turn in &best.turns {
        let opts = sim.options();
        let mine = &opts[turn.option].text;
        if opts.iter().all(|o| chars(&o.text.zh) <= chars(&mine.zh)) {
            t.longest_zh += 1;
        }
        if opts.iter().all(|o| chars(&o.text.en) <= chars(&mine.en)) {
            t.longest_en += 1;
        }
        t.middle_by_chance += opts.len().saturating_sub(2) as f32 / opts.len() as f32;
        if opts.iter().all(|o| chars(&o.text.zh) >= chars(&mine.zh)) {
            t.shortest_zh += 1;
        }
        if opts.iter().all(|o| chars(&o.text.en) >= chars(&mine.en)) {
            t.shortest_en += 1;
        }
        sim.choose(turn.option).expect("the best path replays");
    }
    t
}

/// Every node and every declared target that no choice sequence reaches, for seeds `seed` …
/// `seed + SEEDS − 1` (random branches, noise and flips follow each seed).
pub fn coverage(sc: &Compiled, seed: u64) -> Coverage {
    let n = sc.nodes.len();
    let mut reached = vec![false; n];
    // For each node, each option, each declared target: taken?
    let declared: Vec<Vec<Vec<usize>>> = sc
        .nodes
        .iter()
        .map(|node| match node {
            CNode::Turn { options, .. } => options.iter().map(|o| targets(&o.next)).collect(),
            CNode::End { .. } => Vec::new(),
        })
        .collect();
    let mut taken: Vec<Vec<Vec<bool>>> = declared
        .iter()
        .map(|opts| opts.iter().map(|ts| vec![false; ts.len()]).collect())
        .collect();
    let mut truncated = false;
    for k in 0..SEEDS {
        let mut sim = Sim::new(sc, seed.wrapping_add(k));
        reached[sc.start] = true;
        let mut paths = 0u64;
        let complete = walk(
            &mut sim,
            &mut |node, option, target, landed| {
                reached[target] = true;
                reached[landed] = true;
                if let Some(j) = declared[node][option].iter().position(|t| *t == target) {
                    taken[node][option][j] = true;
                }
            },
            &mut |_| {
                paths += 1;
                paths < MAX_PATHS
            },
        );
        truncated |= !complete;
    }
    let mut c = Coverage {
        seeds: SEEDS,
        truncated,
        ..Coverage::default()
    };
    for i in 0..n {
        if !reached[i] {
            c.unreached_nodes.push(sc.names[i].clone());
        }
        for (o, ts) in declared[i].iter().enumerate() {
            for (j, t) in ts.iter().enumerate() {
                if reached[i] && !taken[i][o][j] {
                    c.unreached_targets
                        .push(format!("{}, option {} → {}", sc.names[i], o + 1, sc.names[*t]));
                }
            }
        }
    }
    c
}

/// The distinct targets an option's `next` can lead to.
fn targets(next: &CNext) -> Vec<usize> {
    let mut v: Vec<usize> = match next {
        CNext::Goto(t) => vec![*t],
        CNext::Branch(rules, otherwise) => rules.iter().map(|(_, t)| *t).chain([*otherwise]).collect(),
        CNext::Random(ws) => ws.iter().map(|(_, t)| *t).collect(),
    };
    let mut seen = Vec::new();
    v.retain(|t| {
        let new = !seen.contains(t);
        seen.push(*t);
        new
    });
    v
}

/// Plays every completion of `sim` depth first (random branches follow the run's seed), reporting
/// each step (node, option, target picked, node landed on) and calling `leaf` with each finished
/// run; restores `sim` as it goes. Stops as soon as `leaf` returns false, and then returns false.
/// The one enumerator behind the search, the coverage and the coach's reach.
fn walk(sim: &mut Sim, step: &mut impl FnMut(usize, usize, usize, usize), leaf: &mut impl FnMut(&Run) -> bool) -> bool {
    if sim.finished() {
        return leaf(sim.run());
    }
    let snap = sim.snapshot();
    let node = sim.node();
    for i in 0..sim.options().len() {
        sim.choose(i).expect("option index in range");
        step(node, i, sim.last_target(), sim.node());
        let go_on = walk(sim, step, leaf);
        sim.restore(&snap);
        if !go_on {
            return false;
        }
    }
    true
}

/// [`walk`] without the steps: every finished run.
fn each_completion(sim: &mut Sim, leaf: &mut impl FnMut(&Run) -> bool) -> bool {
    walk(sim, &mut |_, _, _, _| {}, leaf)
}

/// What can still be reached from a state of a call.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Reach {
    /// The best total of any completion.
    pub best: f32,
    /// The best total before caps (argument, failed call) of any completion.
    pub best_raw: f32,
    /// Some completion escapes every cap. When none does, every remaining path is capped and
    /// `best` can no longer tell choices apart: judge them on `best_raw`.
    pub any_uncapped: bool,
}

impl Reach {
    /// How much the best reachable result fell from `self` (before a choice) to `after`: on the
    /// capped total while some path still escapes the caps, else on the totals before caps, so a
    /// choice is still judged after an argument has capped the call.
    pub fn drop_to(&self, after: &Reach) -> f32 {
        if self.any_uncapped {
            self.best - after.best
        } else {
            self.best_raw - after.best_raw
        }
    }
}

/// What is reachable from `sim`'s current state (every completion, random branches following the
/// run's seed), visiting at most `budget` complete paths. None if the budget ran out first — the
/// answer would then not be the true best.
pub fn reach(scorer: &Scorer, sim: &Sim, budget: u64) -> Option<Reach> {
    let mut left = budget;
    let mut r = Reach {
        best: f32::MIN,
        best_raw: f32::MIN,
        any_uncapped: false,
    };
    let complete = each_completion(&mut sim.clone(), &mut |run| {
        if left == 0 {
            return false;
        }
        left -= 1;
        let t = scorer.totals(run);
        r.best = r.best.max(t.total);
        r.best_raw = r.best_raw.max(t.raw);
        r.any_uncapped |= !t.capped;
        true
    });
    complete.then_some(r)
}

fn path_result(sc: &Compiled, total: f32, run: &Run) -> PathResult {
    PathResult {
        total,
        path: run.choices(),
        file_path: run.file_choices(sc),
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

/// Every completion from the start for `seed`, scored.
fn search<'s, 'a>(sc: &'a Compiled, scorer: &'s Scorer<'a>, seed: u64) -> Search<'s, 'a> {
    let mut search = Search {
        scorer,
        paths: 0,
        best: None,
        worst: None,
        best_failed: None,
        ranges: [(f32::MAX, f32::MIN); PRINCIPLE_COUNT],
    };
    each_completion(&mut Sim::new(sc, seed), &mut |run| search.leaf(run));
    search
}

fn ranges(scorer: &Scorer, search: &Search) -> Vec<PrincipleRange> {
    PRINCIPLES
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
        .collect()
}

/// The best path's run (the exhaustive search alone, without the random runs, strategies and
/// coverage of [`analyze`]).
pub fn best_run(sc: &Compiled, cfg: &ScoringConfig, seed: u64) -> Run {
    let scorer = Scorer::new(sc, cfg);
    search(sc, &scorer, seed)
        .best
        .expect("a validated scenario has at least one path")
        .1
}

pub fn analyze(sc: &Compiled, cfg: &ScoringConfig, seed: u64, runs: usize) -> Analysis {
    let scorer = Scorer::new(sc, cfg);
    let mut search = search(sc, &scorer, seed);
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
            mean: round1(totals.iter().sum::<f32>() / n as f32),
            max: totals[n - 1],
            pass_rate: totals.iter().filter(|t| **t >= 80.0).count() as f32 / n as f32,
        }
    };
    let principles = ranges(&scorer, &search);
    Analysis {
        scenario: sc.id.clone(),
        seed,
        paths: search.paths,
        truncated: search.paths >= MAX_PATHS,
        best_failed: search.best_failed.as_ref().map(|(t, r)| path_result(sc, *t, r)),
        strategies: strategies(sc, &scorer, seed),
        tells: tells(sc, seed, &brun),
        coverage: coverage(sc, seed),
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
