//! Loading, simulation and scoring on the shipped scenarios.

use service_arena_core::engine::ScoringConfig;
use service_arena_core::engine::analyze::analyze;
use service_arena_core::engine::sim::play;

use crate::common::shipped;

#[test]
fn every_shipped_scenario_loads() {
    assert!(!shipped().is_empty());
}

#[test]
fn best_and_worst_paths_replay_to_their_totals() {
    let cfg = ScoringConfig::default();
    for sc in shipped() {
        let a = analyze(&sc, &cfg, 1, 50);
        assert!(
            a.best.total > a.worst.total,
            "{}: best {} worst {}",
            sc.id,
            a.best.total,
            a.worst.total
        );
        for (p, total) in [(&a.best.path, a.best.total), (&a.worst.path, a.worst.total)] {
            let choices: Vec<usize> = p.iter().map(|c| c - 1).collect();
            let run = play(&sc, 1, &choices).expect("analyzed path replays");
            let s = service_arena_core::engine::scoring::score(&sc, &cfg, &run);
            assert_eq!(s.total, total, "{}: path {:?}", sc.id, p);
        }
    }
}

#[test]
fn runs_are_deterministic_byte_for_byte() {
    use service_arena_core::engine::report::debrief;
    let cfg = ScoringConfig::default();
    for sc in shipped() {
        let a = analyze(&sc, &cfg, 3, 0);
        let choices: Vec<usize> = a.worst.path.iter().map(|c| c - 1).collect();
        let bytes = |seed| {
            let run = play(&sc, seed, &choices).unwrap();
            let s = service_arena_core::engine::scoring::score(&sc, &cfg, &run);
            serde_json::to_vec(&debrief(&sc, &ScoringConfig::default(), &run, &s)).unwrap()
        };
        assert_eq!(bytes(3), bytes(3), "{}", sc.id);
        // The whole analysis (exhaustive search + random runs) is reproducible too.
        let x = serde_json::to_vec(&analyze(&sc, &cfg, 5, 100)).unwrap();
        let y = serde_json::to_vec(&analyze(&sc, &cfg, 5, 100)).unwrap();
        assert_eq!(x, y, "{}", sc.id);
    }
}
