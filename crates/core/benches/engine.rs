//! Engine benchmarks: scoring one long run, and analysing every shipped scenario.
//! Run with `cargo bench --bench engine`; results are recorded in docs/performance.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use service_arena_core::engine::analyze::{analyze, analyze_all};
use service_arena_core::engine::load::{expand, load_all};
use service_arena_core::engine::sim::play;
use service_arena_core::engine::testkit;
use service_arena_core::engine::{Compiled, Scorer, ScoringConfig};

/// A 30-turn scenario touching every principle: each turn offers a rotating mix of acts.
fn long_scenario() -> Compiled {
    const ACTS: [&str; 10] = [
        "greet, listen",
        "empathize, disclose(\"wait\"), disclose(\"fee\")",
        "own_cause, apologize",
        "offer_choice(time), announce_wait, hold",
        "inform(\"date\"), promise(2)",
        "good_news(small), ritual(\"welcome\")",
        "improve, solution",
        "execute, verify",
        "surprise, thank, follow_up",
        "transfer, ask_repeat",
    ];
    let turns: Vec<Vec<&str>> = (0..30)
        .map(|k| (0..3).map(|j| ACTS[(k + j) % ACTS.len()]).collect())
        .collect();
    let turns: Vec<&[&str]> = turns.iter().map(|t| t.as_slice()).collect();
    let facts = "tags: [\"complaint\"],
        facts: (bad_news: [(id: \"wait\", label: (zh: \"等待\", en: \"the wait\")), (id: \"fee\", label: (zh: \"费用\", en: \"the fee\"))],
                info: [(id: \"date\", label: (zh: \"日期\", en: \"the date\"))],
                rituals: [(id: \"welcome\", label: (zh: \"迎宾\", en: \"the welcome\"))]),";
    testkit::scenario("angry", &turns, facts)
}

fn bench(c: &mut Criterion) {
    let cfg = ScoringConfig::default();
    let sc = long_scenario();
    let choices: Vec<usize> = (0..30).map(|k| k % 3).collect();
    let run = play(&sc, 1, &choices).expect("30-turn run");
    assert_eq!(run.turns.len(), 30);
    let scorer = Scorer::new(&sc, &cfg);
    c.bench_function("score_30_turn_run_with_feedback", |b| {
        b.iter(|| scorer.score(black_box(&run)))
    });
    c.bench_function("score_30_turn_run_totals_only", |b| {
        b.iter(|| scorer.totals(black_box(&run)))
    });
    c.bench_function("scorer_new_plus_score_30_turns", |b| {
        b.iter(|| Scorer::new(black_box(&sc), &cfg).score(black_box(&run)))
    });

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let lib = load_all(&expand(&[dir]).expect("scenarios dir"));
    assert!(lib.failures.is_empty(), "shipped scenarios must load");
    let mut g = c.benchmark_group("analyze");
    g.sample_size(10);
    g.bench_function(
        format!("all_{}_shipped_scenarios_1000_runs", lib.scenarios.len()),
        |b| {
            b.iter(|| {
                for s in &lib.scenarios {
                    black_box(analyze(s, &cfg, 1, 1000));
                }
            })
        },
    );
    g.bench_function(
        format!("all_{}_shipped_scenarios_1000_runs_analyze_all", lib.scenarios.len()),
        |b| b.iter(|| black_box(analyze_all(&lib.scenarios, &cfg, 1, 1000))),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
