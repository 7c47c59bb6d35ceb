//! Worst cases for docs/reliability.md, timed:
//! - `cargo run --release -p service-arena-core --example big_scenario -- 40000`: validation of a
//!   scenario with N unreachable nodes, each one a diagnostic (item 7);
//! - `… --example big_scenario -- rules`: `analyze` of 10 turns × 9 options, every option branching on
//!   the most rules and the largest conditions validation allows (item 8).

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    if arg == "rules" {
        return rules();
    }
    let n: usize = arg.parse().unwrap_or(40_000);
    let orphans: String = (0..n)
        .map(|i| {
            format!(
                "\"o{i}\": turn(customer: (zh: \"喂\", en: \"Hi\"), options: [(text: (zh: \"嗯\", en: \"Hm\"), acts: [listen], next: goto(\"won\"))]),\n"
            )
        })
        .collect();
    let src = format!(
        r#"Scenario(id: "big", title: (zh: "标题", en: "Title"), briefing: (zh: "说明", en: "Briefing"),
    goal: (zh: "目标", en: "Goal"),
    customer: (name: (zh: "王先生", en: "Mr Wang"), archetype: angry, start: (satisfaction: 30, anger: 70)),
    start: "a",
    nodes: {{
        "a": turn(customer: (zh: "嗯", en: "Hm"), options: [(text: (zh: "好", en: "OK"), acts: [listen], next: goto("won"))]),
        "won": end(outcome: won_over, text: (zh: "好", en: "Good")),
{orphans}    }},
)"#
    );
    let t = std::time::Instant::now();
    let diags = match service_arena_core::engine::load::parse_str(&src, "big.ron") {
        Ok(_) => 0,
        Err(d) => d.len(),
    };
    println!(
        "{n} unreachable nodes, {:.1} MB: {diags} diagnostics in {:.3} s",
        src.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
}

/// 10 turns of 9 options; each option's `next` is a branch of 16 rules whose conditions have 32
/// terms and never hold (so every rule is evaluated in full after every choice).
fn rules() {
    let cond = format!("all([{}, not(done(listen))])", vec!["done(listen)"; 29].join(", "));
    let mut nodes = String::new();
    for t in 0..10 {
        let next = if t == 9 {
            "won".to_string()
        } else {
            format!("t{}", t + 1)
        };
        let rules: Vec<String> = (0..16).map(|_| format!("(when: {cond}, goto: \"lost\")")).collect();
        let opts: Vec<String> = (0..9)
            .map(|k| {
                format!(
                    "(text: (zh: \"选{k}\", en: \"o{k}\"), acts: [listen], next: branch(rules: [{}], otherwise: \"{next}\"))",
                    rules.join(", ")
                )
            })
            .collect();
        nodes.push_str(&format!(
            "\"t{t}\": turn(customer: (zh: \"嗯\", en: \"Hm\"), options: [{}]),\n",
            opts.join(", ")
        ));
    }
    let src = format!(
        r#"Scenario(id: "rules", title: (zh: "标题", en: "Title"), briefing: (zh: "说明", en: "Briefing"),
    goal: (zh: "目标", en: "Goal"),
    customer: (name: (zh: "王先生", en: "Mr Wang"), archetype: angry, start: (satisfaction: 30, anger: 70)),
    start: "t0",
    nodes: {{ {nodes}
        "won": end(outcome: won_over, text: (zh: "好", en: "Good")),
        "lost": end(outcome: lost, text: (zh: "坏", en: "Bad")),
    }},
)"#
    );
    let sc = service_arena_core::engine::load::parse_str(&src, "rules.ron")
        .unwrap_or_else(|d| panic!("{} diagnostics, first: {}", d.len(), d[0]));
    let t = std::time::Instant::now();
    let a = service_arena_core::engine::analyze::analyze(&sc, &Default::default(), 1, 1000);
    println!(
        "analyze of 10 turns × 9 options × 16 rules × 32 terms: {} paths (truncated: {}), 1000 random runs, {:.2} s",
        a.paths,
        a.truncated,
        t.elapsed().as_secs_f64()
    );
}
