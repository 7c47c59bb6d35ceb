//! Engine benchmarks: scoring one long run, and analysing every shipped scenario.
//! Run with `cargo bench --bench engine`; results are recorded in docs/performance.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use service_arena::engine::analyze::analyze;
use service_arena::engine::load::{expand, load_all, parse_str};
use service_arena::engine::sim::play;
use service_arena::engine::{Compiled, ScoringConfig, Scorer};

/// A 30-turn scenario touching every principle: each turn offers a rotating mix of acts.
fn long_scenario() -> Compiled {
    let acts = [
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
    let mut nodes = String::new();
    for k in 0..30 {
        let next = if k == 29 { "end".to_string() } else { format!("t{}", k + 1) };
        let opts: Vec<String> = (0..3)
            .map(|j| {
                format!(
                    "(text: (zh: \"回答\", en: \"answer\"), acts: [{}], next: goto(\"{next}\"))",
                    acts[(k + j) % acts.len()]
                )
            })
            .collect();
        nodes.push_str(&format!(
            "\"t{k}\": turn(customer: (zh: \"客户\", en: \"customer\"), options: [{}]),\n",
            opts.join(", ")
        ));
    }
    let src = format!(
        "Scenario(id: \"bench\", title: (zh: \"基准\", en: \"bench\"), briefing: (zh: \"基准\", en: \"bench\"),
          goal: (zh: \"基准\", en: \"bench\"), tags: [\"complaint\"],
          customer: (name: (zh: \"客户\", en: \"customer\"), archetype: angry, start: (satisfaction: 30, anger: 70)),
          facts: (bad_news: [(id: \"wait\", label: (zh: \"等待\", en: \"the wait\")), (id: \"fee\", label: (zh: \"费用\", en: \"the fee\"))],
                  info: [(id: \"date\", label: (zh: \"日期\", en: \"the date\"))],
                  rituals: [(id: \"welcome\", label: (zh: \"迎宾\", en: \"the welcome\"))]),
          start: \"t0\",
          nodes: {{ {nodes} \"end\": end(outcome: won_over, text: (zh: \"完\", en: \"done\")) }})"
    );
    parse_str(&src, "bench.ron").expect("bench scenario is valid")
}

fn bench(c: &mut Criterion) {
    let cfg = ScoringConfig::default();
    let sc = long_scenario();
    let choices: Vec<usize> = (0..30).map(|k| k % 3).collect();
    let run = play(&sc, 1, &choices).expect("30-turn run");
    assert_eq!(run.turns.len(), 30);
    let scorer = Scorer::new(&sc, &cfg);
    c.bench_function("score_30_turn_run_with_feedback", |b| b.iter(|| scorer.score(black_box(&run))));
    c.bench_function("score_30_turn_run_totals_only", |b| b.iter(|| scorer.totals(black_box(&run))));
    c.bench_function("scorer_new_plus_score_30_turns", |b| {
        b.iter(|| Scorer::new(black_box(&sc), &cfg).score(black_box(&run)))
    });

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let lib = load_all(&expand(&[dir]).expect("scenarios dir"));
    assert!(lib.failures.is_empty(), "shipped scenarios must load");
    let mut g = c.benchmark_group("analyze");
    g.sample_size(10);
    g.bench_function(format!("all_{}_shipped_scenarios_1000_runs", lib.scenarios.len()), |b| {
        b.iter(|| {
            for s in &lib.scenarios {
                black_box(analyze(s, &cfg, 1, 1000));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
