//! Self-practice progress, Bevy-free: per-principle progress over a player's runs, the comparison
//! with a previous best, and the recommended next scenario (the one that trains the weakest
//! principle). The game's history and debrief screens only draw what these functions return.

use std::borrow::Borrow;

use crate::engine::scoring::PRINCIPLES;
use crate::engine::{Compiled, Principle, Scorer, ScoringConfig, Text};
use crate::store::PracticeRun;

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
    let weakest = progress(runs)
        .into_iter()
        .min_by(|a, b| a.recent.total_cmp(&b.recent).then(a.principle.cmp(&b.principle)));
    let Some(weak) = weakest else {
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
    fn previous_best_ignores_the_current_run_and_other_scenarios() {
        let mut runs = vec![run("a", 70.0, &[]), run("a", 90.0, &[]), run("b", 99.0, &[])];
        runs[1].id = Some(2);
        assert_eq!(previous_best(&runs, "a", Some(2)), Some(70.0));
        assert_eq!(previous_best(&runs, "a", None), Some(90.0));
        assert_eq!(previous_best(&runs, "c", None), None);
    }
}
