//! Self-practice progress, Bevy-free: per-principle progress over a player's runs, the comparison
//! with a previous best, and the recommended next scenario (the one that trains the weakest
//! principle). The game's history and debrief screens only draw what these functions return.

use std::borrow::Borrow;
use std::sync::Arc;

/// What is kept of one finished practice call.
#[derive(Clone, Debug, PartialEq)]
pub struct PracticeRun {
    pub id: Option<i64>,
    pub player: String,
    pub scenario: String,
    pub seed: u64,
    pub choices: Vec<usize>,
    pub total: f32,
    pub principles: Vec<(Principle, f32)>,
    pub outcome: Option<String>,
    pub finished_at: i64,
}

impl PracticeRun {
    /// The record of a finished, scored practice run by `player`.
    pub fn from_run(
        sc: &crate::engine::Compiled,
        run: &crate::engine::Run,
        score: &crate::engine::Score,
        player: &str,
        finished_at: i64,
    ) -> PracticeRun {
        PracticeRun {
            id: None,
            player: player.to_string(),
            scenario: sc.id.clone(),
            seed: run.seed,
            choices: run.choices(),
            total: score.total,
            principles: score.principles.iter().map(|p| (p.principle, p.score)).collect(),
            outcome: run.outcome(sc).map(|o| o.id().to_string()),
            finished_at,
        }
    }
}

use crate::engine::scoring::PRINCIPLES;
use crate::engine::{Compiled, Principle, Scorer, ScoringConfig, Text};

/// How many of a player's most recent runs count towards "current level" in a principle.
pub const RECENT_RUNS: usize = 5;

/// One principle's progress: its score in every run where it applied, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub principle: Principle,
    /// (index of the run in the player's history, score).
    pub points: Vec<(usize, f32)>,
    /// Mean of the last [`RECENT_RUNS`] points.
    pub recent: f32,
}

/// Per-principle series over `runs` (oldest first); principles never scored are left out.
pub fn progress(runs: &[PracticeRun]) -> Vec<Progress> {
    PRINCIPLES
        .into_iter()
        .filter_map(|p| {
            let points: Vec<(usize, f32)> = runs
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.principles.iter().find(|(q, _)| *q == p).map(|(_, s)| (i, *s)))
                .collect();
            if points.is_empty() {
                return None;
            }
            let tail = &points[points.len().saturating_sub(RECENT_RUNS)..];
            let recent = tail.iter().map(|(_, s)| s).sum::<f32>() / tail.len() as f32;
            Some(Progress {
                principle: p,
                points,
                recent,
            })
        })
        .collect()
}

/// The principle with the lowest recent mean (ties: the first in course order); None without runs.
pub fn weakest(runs: &[PracticeRun]) -> Option<Progress> {
    progress(runs)
        .into_iter()
        .min_by(|a, b| a.recent.total_cmp(&b.recent).then(a.principle.cmp(&b.principle)))
}

/// One person's practice at a glance, for the overview of everyone on this machine.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonSummary {
    pub player: String,
    pub runs: usize,
    /// Scenarios played at least once.
    pub scenarios: usize,
    /// When the latest run finished (seconds since 1970, UTC).
    pub last_at: i64,
    pub latest_total: f32,
    /// Mean total of the last [`RECENT_RUNS`] runs.
    pub recent_total: f32,
    /// Weakest principle and its recent mean.
    pub weakest: Option<(Principle, f32)>,
}

/// The summary of `runs` (one player's, oldest first); None when there are none.
pub fn summary(player: &str, runs: &[PracticeRun]) -> Option<PersonSummary> {
    let last = runs.last()?;
    let tail = &runs[runs.len().saturating_sub(RECENT_RUNS)..];
    let mut ids: Vec<&str> = runs.iter().map(|r| r.scenario.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    Some(PersonSummary {
        player: player.to_string(),
        runs: runs.len(),
        scenarios: ids.len(),
        last_at: last.finished_at,
        latest_total: last.total,
        recent_total: tail.iter().map(|r| r.total).sum::<f32>() / tail.len() as f32,
        weakest: weakest(runs).map(|w| (w.principle, w.recent)),
    })
}

/// Why a recorded run could not be shown again.
#[derive(Clone, Debug, PartialEq)]
pub enum ReplayError {
    /// The scenario is no longer in the catalogue.
    Missing(String),
    /// Its choices no longer fit the scenario (the scenario was edited since).
    Choices(String),
}

impl ReplayError {
    pub fn text(&self) -> Text {
        match self {
            ReplayError::Missing(id) => Text::new(
                format!("场景“{id}”已不在场景目录里，这次练习无法重现。"),
                format!("The scenario \"{id}\" is no longer in the catalogue; this run cannot be shown."),
            ),
            ReplayError::Choices(e) => Text::new(
                format!("这个场景改过了，当时的选择已走不通（{e}），这次练习无法重现。"),
                format!("The scenario has changed and the run's choices no longer fit ({e}); it cannot be shown."),
            ),
        }
    }
}

/// A recorded run played again through the engine (scenario + seed + choices): the run and its
/// score as the current scenario and scoring give them. When the scenario or the weights changed
/// since, the total may differ from the recorded one; the caller can compare with `run.total`.
pub fn replay(
    record: &PracticeRun,
    scenarios: &[Arc<Compiled>],
    cfg: &ScoringConfig,
) -> Result<(Arc<Compiled>, crate::engine::call::Finished), ReplayError> {
    let sc = scenarios
        .iter()
        .find(|s| s.id == record.scenario)
        .cloned()
        .ok_or_else(|| ReplayError::Missing(record.scenario.clone()))?;
    let zero: Vec<usize> = record.choices.iter().map(|c| c.saturating_sub(1)).collect();
    let finished = crate::engine::call::Call::replay(sc.clone(), record.seed, &zero)
        .and_then(|call| call.finish(cfg))
        .map_err(|e| ReplayError::Choices(e.to_string()))?;
    Ok((sc, finished))
}

/// A scenario trains at most this many principles: the ones where playing well matters most.
pub const TRAINS_TOP: usize = 3;
/// ... and only those the best path lifts at least this many points above random answers.
pub const TRAINS_GAP: f32 = 20.0;
/// Random playthroughs behind [`trains`].
pub const TRAINS_RUNS: usize = 200;

/// The principles a scenario trains, most first: the [`TRAINS_TOP`] principles where the best path
/// the exhaustive search finds (`engine::analyze`) scores furthest above the mean of
/// [`TRAINS_RUNS`] seeded random playthroughs (by at least [`TRAINS_GAP`]). The analysis' own
/// `discriminates` flag (best minus worst ≥ 25) is true for nearly every scored principle of every
/// shipped scenario, since a bad enough path ruins any principle, and an absolute gap is too:
/// random answers do badly on most of them. What tells scenarios apart is which gaps are largest.
pub fn trains(sc: &Compiled, cfg: &ScoringConfig) -> Vec<Principle> {
    use rand::{RngExt, SeedableRng};
    let scorer = Scorer::new(sc, cfg);
    let scores_of = |run: &crate::engine::Run| -> Vec<(Principle, f32)> {
        scorer
            .score(run)
            .principles
            .iter()
            .map(|p| (p.principle, p.score))
            .collect()
    };
    let best_scores = scores_of(&crate::engine::analyze::best_run(sc, cfg, 1));
    let mut sums = vec![0.0f32; best_scores.len()];
    for i in 0..TRAINS_RUNS as u64 {
        let mut sim = crate::engine::Sim::new(sc, 1 + i);
        let mut chooser = rand_chacha::ChaCha8Rng::seed_from_u64(i ^ 0x7EA_C4E5);
        while !sim.finished() {
            let n = sim.options().len();
            sim.choose(chooser.random_range(0..n)).expect("index in range");
        }
        for (k, (_, v)) in scores_of(sim.run()).iter().enumerate() {
            sums[k] += v;
        }
    }
    let mut gaps: Vec<(Principle, f32)> = best_scores
        .iter()
        .zip(sums)
        .map(|((p, b), sum)| (*p, b - sum / TRAINS_RUNS as f32))
        .filter(|(_, gap)| *gap >= TRAINS_GAP)
        .collect();
    // Largest gap first; equal gaps in course order (the sort is stable).
    gaps.sort_by(|a, b| b.1.total_cmp(&a.1));
    gaps.into_iter().take(TRAINS_TOP).map(|(p, _)| p).collect()
}

/// What to play next and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Recommendation {
    pub scenario: String,
    /// The principle it trains (None for a first-time player).
    pub principle: Option<Principle>,
    pub reason: Text,
}

/// The recommended next scenario: among the scenarios where the player's weakest principle (lowest
/// recent mean) applies, the one they have played least, then the easiest, then by id. A player
/// with no history starts with the easiest scenario. None only if `scenarios` is empty.
pub fn recommend<S: Borrow<Compiled>>(
    runs: &[PracticeRun],
    scenarios: &[S],
    cfg: &ScoringConfig,
) -> Option<Recommendation> {
    let played = |id: &str| runs.iter().filter(|r| r.scenario == id).count();
    let Some(weak) = weakest(runs) else {
        let first = scenarios
            .iter()
            .map(Borrow::borrow)
            .min_by(|a, b| a.difficulty.cmp(&b.difficulty).then(a.id.cmp(&b.id)))?;
        return Some(Recommendation {
            scenario: first.id.clone(),
            principle: None,
            reason: Text::new(
                "还没有练习记录：先从最容易的场景开始。",
                "No practice yet: start with the easiest scenario.",
            ),
        });
    };
    let candidates = scenarios
        .iter()
        .map(Borrow::borrow)
        .filter(|s| Scorer::new(s, cfg).applies(weak.principle))
        .min_by(|a, b| {
            played(&a.id)
                .cmp(&played(&b.id))
                .then(a.difficulty.cmp(&b.difficulty))
                .then(a.id.cmp(&b.id))
        })?;
    let label = weak.principle.label();
    Some(Recommendation {
        scenario: candidates.id.clone(),
        principle: Some(weak.principle),
        reason: Text::new(
            format!(
                "你最弱的原则是「{}」（最近平均 {:.0} 分），这个场景专门练它。",
                label.zh, weak.recent
            ),
            format!(
                "Your weakest principle is \"{}\" (recent average {:.0}); this scenario trains it.",
                label.en, weak.recent
            ),
        ),
    })
}

/// The best earlier total of `scenario` among `runs`, excluding the run with id `except`.
pub fn previous_best(runs: &[PracticeRun], scenario: &str, except: Option<i64>) -> Option<f32> {
    runs.iter()
        .filter(|r| r.scenario == scenario && (except.is_none() || r.id != except))
        .map(|r| r.total)
        .max_by(f32::total_cmp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testkit;

    fn run(scenario: &str, total: f32, principles: &[(Principle, f32)]) -> PracticeRun {
        PracticeRun {
            id: None,
            player: "p".into(),
            scenario: scenario.into(),
            seed: 1,
            choices: vec![1],
            total,
            principles: principles.to_vec(),
            outcome: None,
            finished_at: 0,
        }
    }

    #[test]
    fn progress_keeps_only_scored_principles_and_averages_the_recent_runs() {
        let runs: Vec<PracticeRun> = (0..7)
            .map(|i| run("a", 50.0, &[(Principle::PeakEnd, i as f32 * 10.0)]))
            .collect();
        let p = progress(&runs);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].points.len(), 7);
        // The last five: 20, 30, 40, 50, 60.
        assert_eq!(p[0].recent, 40.0);
    }

    #[test]
    fn recommendation_trains_the_weakest_principle_in_the_least_played_scenario() {
        let mut with_ritual = testkit::scenario(
            "mild",
            &[&["greet", "ritual(\"bow\")"]],
            "facts: (rituals: [(id: \"bow\", label: (zh: \"鞠躬\", en: \"bow\"))]),",
        );
        with_ritual.id = "rit".into();
        let mut plain = testkit::scenario("mild", &[&["greet"], &["solution"]], "");
        plain.id = "plain".into();
        let scenarios = vec![plain.clone(), with_ritual.clone()];
        let cfg = ScoringConfig::default();
        assert!(!Scorer::new(&plain, &cfg).applies(Principle::Ritual));
        let runs = vec![run(
            "plain",
            60.0,
            &[(Principle::Ritual, 10.0), (Principle::PeakEnd, 90.0)],
        )];
        let r = recommend(&runs, &scenarios, &cfg).unwrap();
        assert_eq!(r.principle, Some(Principle::Ritual));
        assert_eq!(r.scenario, "rit");
        assert!(r.reason.zh.contains("仪式感") && r.reason.en.contains("Ritual"));
    }

    #[test]
    fn a_new_player_starts_with_the_easiest_scenario() {
        let mut hard = testkit::scenario("mild", &[&["greet"]], "");
        (hard.id, hard.difficulty) = ("a_hard".into(), 3);
        let mut easy = testkit::scenario("mild", &[&["greet"]], "");
        (easy.id, easy.difficulty) = ("z_easy".into(), 1);
        let r = recommend(&[], &[hard, easy], &ScoringConfig::default()).unwrap();
        assert_eq!((r.scenario.as_str(), r.principle), ("z_easy", None));
        assert!(recommend::<Compiled>(&[], &[], &ScoringConfig::default()).is_none());
    }

    #[test]
    fn a_summary_counts_runs_and_scenarios_and_names_the_weakest_principle() {
        let runs = vec![
            run("a", 40.0, &[(Principle::PeakEnd, 30.0), (Principle::Control, 80.0)]),
            run("b", 60.0, &[(Principle::PeakEnd, 50.0)]),
            run("a", 80.0, &[(Principle::Control, 20.0)]),
        ];
        let s = summary("王芳", &runs).unwrap();
        assert_eq!((s.runs, s.scenarios, s.latest_total), (3, 2, 80.0));
        assert_eq!(s.recent_total, 60.0);
        // Peak-end: (30 + 50) / 2 = 40; control: (80 + 20) / 2 = 50.
        assert_eq!(s.weakest, Some((Principle::PeakEnd, 40.0)));
        assert!(summary("x", &[]).is_none());
    }

    #[test]
    fn a_recorded_run_replays_to_its_total_and_a_changed_scenario_is_reported() {
        let cfg = ScoringConfig::default();
        let mut sc = testkit::scenario("mild", &[&["greet"], &["solution"]], "");
        sc.id = "s".into();
        let sc = Arc::new(sc);
        let played = crate::engine::sim::play(&sc, 5, &[0, 0]).unwrap();
        let score = Scorer::new(&sc, &cfg).score(&played);
        let record = PracticeRun::from_run(&sc, &played, &score, "p", 0);
        let (_, again) = replay(&record, std::slice::from_ref(&sc), &cfg).unwrap();
        assert_eq!(again.run.choices(), record.choices);
        assert_eq!(again.score.total, record.total);
        assert_eq!(again.debrief.total, record.total);
        let mut gone = record.clone();
        gone.scenario = "other".into();
        assert_eq!(
            replay(&gone, std::slice::from_ref(&sc), &cfg).unwrap_err(),
            ReplayError::Missing("other".into())
        );
        let mut bad = record.clone();
        bad.choices = vec![7];
        assert!(matches!(
            replay(&bad, std::slice::from_ref(&sc), &cfg),
            Err(ReplayError::Choices(_))
        ));
    }

    #[test]
    fn a_scenario_trains_the_principles_where_good_answers_beat_random_ones_most() {
        let cfg = ScoringConfig::default();
        // Two turns, each a good answer against a bad one.
        let sc = testkit::scenario(
            "angry",
            &[&["empathize, apologize", "argue"], &["solution, thank", "cold_tone"]],
            "",
        );
        let t = trains(&sc, &cfg);
        assert!(t.len() <= TRAINS_TOP && !t.is_empty(), "{t:?}");
        let scorer = Scorer::new(&sc, &cfg);
        assert!(t.iter().all(|p| scorer.applies(*p)), "{t:?}");
        // The same answers every time: nothing to learn, nothing trained.
        let flat = testkit::scenario("mild", &[&["greet"]], "");
        assert!(trains(&flat, &cfg).is_empty());
    }

    #[test]
    fn previous_best_ignores_the_current_run_and_other_scenarios() {
        let mut runs = vec![run("a", 70.0, &[]), run("a", 90.0, &[]), run("b", 99.0, &[])];
        runs[1].id = Some(2);
        assert_eq!(previous_best(&runs, "a", Some(2)), Some(70.0));
        assert_eq!(previous_best(&runs, "a", None), Some(90.0));
        assert_eq!(previous_best(&runs, "c", None), None);
    }
}
