//! Prints a path through a scenario as a transcript — every customer line, every option shown
//! (the chosen one marked), the ending — and NO scores, so a trainer can rank transcripts by
//! judgement before seeing what the engine says (crates/core/tests/validity/).
//!
//! `cargo run -p service-arena-core --example transcript -- FILE.ron SEED 1,2,3,…`
//! (choices numbered as shown, like `service-arena play --choices`).

use service_arena_core::engine::Sim;
use service_arena_core::engine::compile::CNode;
use service_arena_core::engine::load::load_file;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, seed, choices] = args.as_slice() else {
        eprintln!("usage: transcript FILE.ron SEED 1,2,3,…");
        std::process::exit(2);
    };
    let sc = load_file(std::path::Path::new(file)).unwrap_or_else(|e| {
        eprintln!("{e:?}");
        std::process::exit(1)
    });
    let seed: u64 = seed.parse().expect("seed is a number");
    let mut sim = Sim::new(&sc, seed);
    for (k, c) in choices.split(',').enumerate() {
        let c: usize = c.trim().parse().expect("choices are numbers");
        if sim.finished() {
            println!("(the call ended before choice {})", k + 1);
            break;
        }
        if let CNode::Turn { customer, options } = &sc.nodes[sim.node()] {
            println!("{}. 客户：{}", k + 1, customer.zh);
            for (i, o) in options.iter().enumerate() {
                println!("   {} {}. {}", if i + 1 == c { "▶" } else { " " }, i + 1, o.text.zh);
            }
        }
        sim.choose(c - 1).expect("choice in range");
    }
    match sim.run().ending.map(|e| &sc.nodes[e]) {
        Some(CNode::End { outcome, text, .. }) => println!("结局（{}）：{}", outcome.id(), text.zh),
        _ => println!("(the call is not finished)"),
    }
}
