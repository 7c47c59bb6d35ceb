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

/// Every sentence the debrief generates must fit the run it describes: short calls, calls lost at
/// turn 1 or 2, calls capped by an argument at the first turn, perfect calls, random calls.
#[test]
fn feedback_fits_short_lost_capped_perfect_and_random_calls() {
    use service_arena_core::engine::Sim;
    use service_arena_core::engine::coach::RISKY_DROP;
    use service_arena_core::engine::compile::{CAct, CNode};
    use service_arena_core::engine::report::debrief;
    use service_arena_core::engine::scoring::{Note, failed_call, score};

    let cfg = ScoringConfig::default();
    let mut problems = Vec::new();
    let mut kinds = [0usize; 4]; // short/lost early, capped at 1, perfect, random
    for sc in shipped() {
        let a = analyze(&sc, &cfg, 1, 0);
        let mut paths: Vec<(usize, Vec<usize>)> = vec![(2, a.best.path.iter().map(|c| c - 1).collect())];
        // Calls that end within two turns.
        let start = Sim::new(&sc, 1);
        for i in 0..start.options().len() {
            let mut s = start.clone();
            s.choose(i).unwrap();
            if s.finished() {
                paths.push((0, vec![i]));
                continue;
            }
            for j in 0..s.options().len() {
                let mut s2 = s.clone();
                s2.choose(j).unwrap();
                if s2.finished() {
                    paths.push((0, vec![i, j]));
                }
            }
        }
        // An argument or blame at turn 1, then the first option shown each time.
        if let CNode::Turn { options, .. } = &sc.nodes[sc.start]
            && let Some(i) = options
                .iter()
                .position(|o| o.acts.iter().any(|a| matches!(a, CAct::Argue | CAct::BlameCustomer)))
        {
            let mut s = start.clone();
            let mut p = vec![i];
            s.choose(i).unwrap();
            while !s.finished() {
                s.choose(0).unwrap();
                p.push(0);
            }
            paths.push((1, p));
        }
        // A few seeded random calls.
        for k in 0..4u64 {
            let mut s = Sim::new(&sc, 1);
            let mut p = Vec::new();
            let mut x = k * 7919 + 13;
            while !s.finished() {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let i = (x >> 33) as usize % s.options().len();
                s.choose(i).unwrap();
                p.push(i);
            }
            paths.push((3, p));
        }
        for (kind, p) in paths {
            kinds[kind] += 1;
            let run = play(&sc, 1, &p).unwrap();
            let s = score(&sc, &cfg, &run);
            let d = debrief(&sc, &cfg, &run, &s);
            let at = format!("{} {:?}", sc.id, d.choices);
            let json = serde_json::to_string(&d).unwrap();
            if json.contains("-0.0") || json.contains("−0.0") || json.contains("-0,") {
                problems.push(format!("{at}: a negative zero in the debrief"));
            }
            for t in &d.turns {
                let costly = d.costliest.contains(&t.turn);
                let big = t.cost.is_some_and(|c| c > RISKY_DROP);
                if costly != big && d.costliest.len() < 3 {
                    problems.push(format!(
                        "{at}: turn {} cost {:?} but costliest {:?}",
                        t.turn, t.cost, d.costliest
                    ));
                }
            }
            if kind == 2 && !d.costliest.is_empty() {
                problems.push(format!("{at}: the best path has costly turns {:?}", d.costliest));
            }
            if d.costliest.is_empty() != d.costliest_summary.en.starts_with("No choice cost points") {
                problems.push(format!(
                    "{at}: summary {:?} for costliest {:?}",
                    d.costliest_summary.en, d.costliest
                ));
            }
            let failed = failed_call(&sc, &run);
            if failed && s.total > cfg.failed_call_cap {
                problems.push(format!("{at}: failed call scores {}", s.total));
            }
            let acts = |k: usize| -> Vec<CAct> {
                match &sc.nodes[run.turns[k].node] {
                    CNode::Turn { options, .. } => options[run.turns[k].option].acts.clone(),
                    CNode::End { .. } => Vec::new(),
                }
            };
            // The first argument or blame not taken back at once (own cause + apology next turn).
            let first_provocation = (0..run.turns.len()).find(|&k| {
                acts(k).iter().any(|a| matches!(a, CAct::Argue | CAct::BlameCustomer))
                    && !(k + 1 < run.turns.len()
                        && acts(k + 1).contains(&CAct::OwnCause)
                        && acts(k + 1).contains(&CAct::Apologize))
            });
            if s.capped_at_turn != first_provocation.map(|i| i + 1) {
                problems.push(format!("{at}: capped_at_turn {:?}", s.capped_at_turn));
            }
            for p in &s.principles {
                for n in &p.notes {
                    let bad = match *n {
                        Note::StrongEnd { .. } => failed,
                        Note::FadedAfterPeak { turn } => turn + 2 > run.turns.len(),
                        Note::Improved { from, to } => to < from + 1.9,
                        Note::Declined { from, to } => to > from - 1.9,
                        Note::Peak { turn, .. } => turn > run.turns.len(),
                        _ => false,
                    };
                    if bad {
                        problems.push(format!("{at}: {n:?} does not fit ({:?})", n.text(&sc).en));
                    }
                }
            }
        }
    }
    assert!(
        kinds.iter().all(|k| *k > 0),
        "every kind of call was checked: {kinds:?}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
