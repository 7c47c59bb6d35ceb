//! Loading, simulation and scoring on the shipped scenarios.

use service_arena::engine::ScoringConfig;
use service_arena::engine::analyze::analyze;
use service_arena::engine::sim::play;

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
            let s = service_arena::engine::scoring::score(&sc, &cfg, &run);
            assert_eq!(s.total, total, "{}: path {:?}", sc.id, p);
        }
    }
}
