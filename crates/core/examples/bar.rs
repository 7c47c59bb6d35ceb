//! The library's quality bar at a glance, for scenario authors: `cargo run -p service-arena-core
//! --release --example bar [FILES_OR_DIRS…]` (default: the shipped `scenarios/`). For each scenario:
//! paths, best / worst / random median, best failed call, each no-understanding strategy (total at
//! seed 1, mean and max over 20 seeds), how often the best path's answer is the longest, and what
//! no path reaches; then the library's share of longest best answers. The same checks, as
//! assertions, are in `crates/core/tests/it/scenarios.rs`.

use std::path::PathBuf;

use service_arena_core::engine::ScoringConfig;
use service_arena_core::engine::analyze::analyze_all;
use service_arena_core::engine::load::{expand, load_all};

fn main() {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let roots = if args.is_empty() {
        vec![PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios"))]
    } else {
        args
    };
    let lib = load_all(&expand(&roots).expect("readable paths"));
    for (file, ds) in &lib.failures {
        for d in ds {
            println!("ERROR {}: {d}", file.display());
        }
    }
    let all = analyze_all(&lib.scenarios, &ScoringConfig::default(), 1, 1000);
    let (mut turns, mut lz, mut le, mut sz, mut se) = (0, 0, 0, 0, 0);
    for a in &all {
        let f = a
            .best_failed
            .as_ref()
            .map_or("-".to_string(), |p| format!("{:.1}", p.total));
        println!(
            "{:<26} paths {:>6}  best {:>5.1} ({} turns)  worst {:>5.1}  median {:>5.1}  best_failed {f}",
            a.scenario,
            a.paths,
            a.best.total,
            a.best.path.len(),
            a.worst.total,
            a.random.median
        );
        let s: Vec<String> = a
            .strategies
            .iter()
            .map(|s| format!("{} {:.1}/{:.1}/{:.1}", s.strategy.id(), s.total, s.mean, s.max))
            .collect();
        println!("    strategies (seed/mean/max): {}", s.join("  "));
        println!(
            "    best path: longest zh {}/{}, en {}/{}; shortest zh {}, en {}; neither zh {}, en {} (chance {:.1})   best: --choices {}",
            a.tells.longest_zh,
            a.tells.turns,
            a.tells.longest_en,
            a.tells.turns,
            a.tells.shortest_zh,
            a.tells.shortest_en,
            a.tells.turns - a.tells.longest_zh - a.tells.shortest_zh,
            a.tells.turns - a.tells.longest_en - a.tells.shortest_en,
            a.tells.middle_by_chance,
            a.best.path.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",")
        );
        if !a.coverage.unreached_nodes.is_empty() || !a.coverage.unreached_targets.is_empty() {
            println!(
                "    UNREACHED nodes {:?} targets {:?}",
                a.coverage.unreached_nodes, a.coverage.unreached_targets
            );
        }
        turns += a.tells.turns;
        lz += a.tells.longest_zh;
        le += a.tells.longest_en;
        sz += a.tells.shortest_zh;
        se += a.tells.shortest_en;
    }
    let pc = |n: usize| 100.0 * n as f32 / turns.max(1) as f32;
    println!(
        "library: best answer is the longest at {lz}/{turns} turns in Chinese ({:.0} %), {le}/{turns} in English ({:.0} %)",
        pc(lz),
        pc(le)
    );
    println!(
        "         the shortest at {sz} ({:.0} %) / {se} ({:.0} %), neither at {} ({:.0} %) / {} ({:.0} %)",
        pc(sz),
        pc(se),
        turns - lz - sz,
        pc(turns - lz - sz),
        turns - le - se,
        pc(turns - le - se)
    );
}
