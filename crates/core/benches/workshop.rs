//! Workshop benchmark: every leaderboard of a 30-team, 5-round workshop (rankings, awards, position
//! changes, decision counts, weakest principles) from runs scored by the engine.
//! Run with `cargo bench --bench workshop`; the result is recorded in docs/performance.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use service_arena_core::engine::load::load_file;
use service_arena_core::engine::{Scorer, ScoringConfig, Sim};
use service_arena_core::store::Store;
use service_arena_core::workshop::rules::all_results;
use service_arena_core::workshop::{Round, Setup, Skip, Team, TeamRun, Workshop};

const TEAMS: usize = 30;
const ROUNDS: usize = 5;

/// A finished workshop: in every round all teams but one (marked absent) play varied paths.
fn workshop() -> Workshop {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let ids = [
        "ka_stockout",
        "tv_dropped",
        "warranty_argue",
        "install_hold",
        "soup_bowl",
    ];
    let cfg = ScoringConfig::default();
    let mut ws = Workshop {
        id: 1,
        created_at: 0,
        setup: Setup {
            name: "bench".into(),
            teams: (0..TEAMS)
                .map(|t| Team {
                    name: format!("第{t}队"),
                    slogan: "口号".into(),
                    members: Vec::new(),
                    withdrawn: None,
                })
                .collect(),
            rounds: ids
                .iter()
                .enumerate()
                .map(|(i, id)| Round {
                    scenario: id.to_string(),
                    seed: i as u64 + 1,
                })
                .collect(),
            discussion_secs: 60,
            reward: "奖".into(),
            penalty: "罚".into(),
            pacing: Default::default(),
        },
        paused: false,
        runs: Vec::new(),
        skips: Vec::new(),
    };
    for (r, round) in ws.setup.rounds.clone().iter().enumerate() {
        let sc = load_file(&dir.join(format!("{}.ron", round.scenario))).expect("shipped scenario");
        let scorer = Scorer::new(&sc, &cfg);
        for t in 0..TEAMS {
            if t == (r * 7) % TEAMS {
                ws.skips.push(Skip {
                    round: r + 1,
                    team: t,
                    reason: "缺席".into(),
                    at: 0,
                });
                continue;
            }
            let mut sim = Sim::new(&sc, round.seed);
            let mut k = t * 31 + r;
            while !sim.finished() {
                let n = sim.options().len();
                sim.choose(k % n).expect("option in range");
                k = k / n + t + 1;
            }
            let run = sim.into_run();
            let score = scorer.score(&run);
            let mut tr = TeamRun::from_run(&sc, &run, &score, r + 1, t, 0);
            tr.id = Some(ws.runs.len() as i64 + 1);
            ws.runs.push(tr);
        }
    }
    ws
}

fn bench(c: &mut Criterion) {
    let ws = workshop();
    assert_eq!(ws.runs.len(), (TEAMS - 1) * ROUNDS);
    assert_eq!(all_results(&ws).len(), ROUNDS);
    c.bench_function("all_leaderboards_30_teams_5_rounds", |b| {
        b.iter(|| all_results(black_box(&ws)))
    });

    // The same from the database, as the projector screen does it: load the workshop, then compute.
    let dir = std::env::temp_dir().join(format!("service-arena-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = Store::open(&dir.join("bench.db")).expect("database");
    let seeds: Vec<Option<u64>> = ws.setup.rounds.iter().map(|r| Some(r.seed)).collect();
    let id = store.create_workshop(&ws.setup, &seeds, 0).expect("workshop");
    for round in 1..=ROUNDS {
        for r in ws.runs.iter().filter(|r| r.round == round) {
            store.record_team_run(id, r).expect("run");
        }
        for s in ws.skips.iter().filter(|s| s.round == round) {
            store.skip_team(id, round, s.team, &s.reason, 0).expect("skip");
        }
    }
    assert_eq!(all_results(&store.workshop(id).expect("load")), all_results(&ws));
    c.bench_function("load_from_sqlite_and_all_leaderboards_30_teams_5_rounds", |b| {
        b.iter(|| all_results(&store.workshop(black_box(id)).expect("load")))
    });
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
