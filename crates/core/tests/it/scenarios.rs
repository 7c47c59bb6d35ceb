//! The quality bar for shipped content (docs/scenario-format.md, "Quality bar"): every scenario
//! teaches, a random clicker cannot pass, and every principle is exercised by at least two.

use std::collections::{BTreeMap, BTreeSet};

use service_arena_core::engine::analyze::{Analysis, SEEDS, analyze_all};
use service_arena_core::engine::compile::CNode;
use service_arena_core::engine::scoring::PRINCIPLES;
use service_arena_core::engine::{Compiled, ScoringConfig, Text};

use crate::common::shipped;

/// Shipped scenarios keep their choice paths under this, so `analyze` of the whole library stays
/// well under 100 ms and the coach's search after each choice is instant (docs/scenario-format.md).
const MAX_SHIPPED_PATHS: u64 = 20_000;
/// No strategy that ignores meaning (longest, shortest, first shown, most courteous) reaches this.
const STRATEGY_BAR: f32 = 65.0;
/// Across the library, the best answer is the longest option at no more than this share of turns.
const LONGEST_SHARE: f32 = 0.35;
/// The best answer is neither the longest nor the shortest at no more than chance plus this share of
/// the library's best-path turns.
const MIDDLE_MARGIN: f32 = 0.15;
/// No failed call (lost, escalated, cut off) scores above this.
const FAILED_BAR: f32 = 50.0;

/// The structural part of the bar (what `new-scenario`'s skeleton meets too): the analysis is
/// complete and within [`MAX_SHIPPED_PATHS`], the best path has at least 8 turns, every turn has at
/// least 3 options, there are at least 3 kinds of ending, and every node and branch target is
/// played by some path under some seed.
pub fn structural_problems(sc: &Compiled, a: &Analysis) -> Vec<String> {
    let id = &sc.id;
    let mut problems = Vec::new();
    if a.truncated {
        problems.push(format!("{id}: path enumeration truncated at {} paths", a.paths));
    } else if a.paths > MAX_SHIPPED_PATHS {
        problems.push(format!("{id}: {} choice paths (> {MAX_SHIPPED_PATHS})", a.paths));
    }
    if a.best.path.len() < 8 {
        problems.push(format!("{id}: best path has {} turns (< 8)", a.best.path.len()));
    }
    let mut outcomes = BTreeSet::new();
    for (name, node) in sc.names.iter().zip(&sc.nodes) {
        match node {
            CNode::Turn { options, .. } if options.len() < 3 => {
                problems.push(format!("{id}: node \"{name}\" has {} options (< 3)", options.len()))
            }
            CNode::End { outcome, .. } => {
                outcomes.insert(outcome.id());
            }
            _ => {}
        }
    }
    if outcomes.len() < 3 {
        problems.push(format!("{id}: only {} distinct outcomes {outcomes:?}", outcomes.len()));
    }
    if a.coverage.truncated {
        problems.push(format!("{id}: coverage enumeration truncated"));
    }
    for n in &a.coverage.unreached_nodes {
        problems.push(format!("{id}: node \"{n}\" is never reached (paths × {SEEDS} seeds)"));
    }
    for t in &a.coverage.unreached_targets {
        problems.push(format!("{id}: target never taken: {t}"));
    }
    problems
}

#[test]
fn there_are_at_least_twelve_scenarios_covering_the_archetypes() {
    let all = shipped();
    assert!(all.len() >= 12, "only {} scenarios", all.len());
    let archetypes: BTreeSet<&str> = all.iter().map(|s| s.customer.archetype.id()).collect();
    assert_eq!(archetypes.len(), 3, "{archetypes:?}");
}

#[test]
fn every_scenario_meets_the_bar_and_every_principle_is_exercised_twice() {
    let cfg = ScoringConfig::default();
    let mut problems = Vec::new();
    let mut exercised: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let all = shipped();
    let (mut turns, mut longest_zh, mut longest_en) = (0, 0, 0);
    let (mut middle_zh, mut middle_en, mut middle_chance) = (0, 0, 0.0f32);
    for (sc, a) in all.iter().zip(analyze_all(&all, &cfg, 1, 1000)) {
        let id = &sc.id;
        problems.extend(structural_problems(sc, &a));
        if a.best.total < 90.0 {
            problems.push(format!("{id}: best reachable total {} < 90", a.best.total));
        }
        if a.worst.total > 30.0 {
            problems.push(format!("{id}: worst reachable total {} > 30", a.worst.total));
        }
        if a.random.median >= 65.0 {
            problems.push(format!("{id}: random median {} ≥ 65", a.random.median));
        }
        // No way of choosing without understanding may pass (the form must not give answers away).
        for s in &a.strategies {
            if s.total >= STRATEGY_BAR || s.mean >= STRATEGY_BAR {
                problems.push(format!(
                    "{id}: strategy {} scores {} (mean {} over {} seeds) ≥ {STRATEGY_BAR}",
                    s.strategy.id(),
                    s.total,
                    s.mean,
                    SEEDS
                ));
            }
        }
        if let Some(f) = &a.best_failed
            && f.total > FAILED_BAR
        {
            problems.push(format!(
                "{id}: a failed call scores {} > {FAILED_BAR} ({:?})",
                f.total, f.path
            ));
        }
        turns += a.tells.turns;
        longest_zh += a.tells.longest_zh;
        longest_en += a.tells.longest_en;
        middle_zh += a.tells.turns - a.tells.longest_zh - a.tells.shortest_zh;
        middle_en += a.tells.turns - a.tells.longest_en - a.tells.shortest_en;
        middle_chance += a.tells.middle_by_chance;
        for p in a.principles.iter().filter(|p| p.discriminates) {
            exercised.entry(p.principle.id()).or_default().push(id.clone());
        }
    }
    for (lang, n) in [("Chinese", longest_zh), ("English", longest_en)] {
        if n as f32 > LONGEST_SHARE * turns as f32 {
            problems.push(format!(
                "library: the best answer is the longest in {lang} at {n} of {turns} best-path turns (> {:.0} %)",
                LONGEST_SHARE * 100.0
            ));
        }
    }
    // Nor may "never the longest, never the shortest" find the answer much more often than chance.
    for (lang, n) in [("Chinese", middle_zh), ("English", middle_en)] {
        if n as f32 > middle_chance + MIDDLE_MARGIN * turns as f32 {
            problems.push(format!(
                "library: the best answer is neither the longest nor the shortest in {lang} at {n} of {turns} turns (chance: {middle_chance:.0})"
            ));
        }
    }
    for p in PRINCIPLES {
        let n = exercised.get(p.id()).map_or(0, |v| v.len());
        if n < 2 {
            problems.push(format!("principle {} is exercised by {n} scenario(s) (< 2)", p.id()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The figures in a text: runs of digits, with thousands separators ("1,580") joined. A number
/// directly followed by 月 is a month, which English spells as a word ("12月1日" = "1 December"),
/// so it is left out.
fn numbers(s: &str) -> BTreeSet<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = BTreeSet::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        if c.is_ascii_digit() {
            cur.push(c);
        } else if c == ',' && !cur.is_empty() && next.is_some_and(|n| n.is_ascii_digit()) {
            continue;
        } else if !cur.is_empty() {
            let number = std::mem::take(&mut cur);
            if c != '月' {
                out.insert(number);
            }
        }
    }
    if !cur.is_empty() {
        out.insert(cur);
    }
    out
}

#[test]
fn figures_are_compared_with_separators_joined_and_months_left_out() {
    let n = |s: &str| numbers(s).into_iter().collect::<Vec<_>>();
    assert_eq!(n("1,580 yuan, 3 days"), ["1580", "3"]);
    assert_eq!(n("12月1日起涨价8%"), ["1", "8"]);
    assert_eq!(n("from 1 December, up 8%"), ["1", "8"]);
    assert_eq!(n("a, 2"), ["2"]);
}

fn texts(sc: &Compiled) -> Vec<(String, &Text)> {
    let mut v = vec![
        ("title".to_string(), &sc.title),
        ("briefing".to_string(), &sc.briefing),
        ("goal".to_string(), &sc.goal),
    ];
    for (name, node) in sc.names.iter().zip(&sc.nodes) {
        match node {
            CNode::Turn { customer, options } => {
                v.push((format!("node {name}"), customer));
                for (i, o) in options.iter().enumerate() {
                    v.push((format!("node {name} option {}", i + 1), &o.text));
                    if let Some(n) = &o.note {
                        v.push((format!("node {name} option {} note", i + 1), n));
                    }
                }
            }
            CNode::End { text, .. } => v.push((format!("ending {name}"), text)),
        }
    }
    v
}

/// Both languages are always present (validation); here we also check that they say the same
/// thing where it is checkable: every figure the Chinese writes in digits (quantities, dates,
/// prices) appears in the English. The other direction cannot be checked this way, because natural
/// Chinese often writes figures in words (一千五, 八折 = 20% off, 百分之百).
#[test]
fn chinese_and_english_carry_the_same_figures() {
    let mut problems = Vec::new();
    for sc in shipped() {
        for (what, t) in texts(&sc) {
            let (zh, en) = (numbers(&t.zh), numbers(&t.en));
            if !zh.is_subset(&en) {
                problems.push(format!("{} {what}: zh has {zh:?}, en has {en:?}", sc.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// ASCII punctuation with a Chinese character on either side: `李总,您好` instead of `李总，您好`.
pub fn ascii_punctuation_in_chinese(s: &str) -> Vec<String> {
    let hanzi = |c: Option<&char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
    let chars: Vec<char> = s.chars().collect();
    let mut found = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if ",:;!?()'\"".contains(*c) && (i > 0 && hanzi(chars.get(i - 1)) || hanzi(chars.get(i + 1))) {
            found.push(chars[i.saturating_sub(4)..(i + 5).min(chars.len())].iter().collect());
        }
    }
    found
}

#[test]
fn ascii_punctuation_next_to_hanzi_is_found_and_figures_are_not() {
    assert_eq!(ascii_punctuation_in_chinese("李总,您好"), vec!["李总,您好"]);
    assert_eq!(
        ascii_punctuation_in_chinese("写'部分到店'"),
        vec!["写'部分到店", "部分到店'"]
    );
    assert!(ascii_punctuation_in_chinese("一年1,280元，6:30的位子（靠窗）").is_empty());
}

/// The shipped Chinese reads as Chinese: full-width punctuation (docs/scenario-format.md).
#[test]
fn chinese_text_uses_chinese_punctuation() {
    let mut problems = Vec::new();
    for sc in shipped() {
        for (what, t) in texts(&sc) {
            for snippet in ascii_punctuation_in_chinese(&t.zh) {
                problems.push(format!("{} {what}: “{snippet}”", sc.id));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "ASCII punctuation in Chinese text:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_shipped_customer_declares_a_look_and_no_two_look_alike() {
    let all = shipped();
    let mut problems = Vec::new();
    let looks: Vec<_> = all.iter().map(|s| (s, s.customer.look(&s.id))).collect();
    for (sc, _) in &looks {
        let l = sc.customer.look;
        if [
            l.gender.is_none(),
            l.age.is_none(),
            l.hair.is_none(),
            l.clothes.is_none(),
            l.colour.is_none(),
        ]
        .contains(&true)
        {
            problems.push(format!(
                "{}: look leaves gender, age, hair, clothes or colour undeclared",
                sc.id
            ));
        }
    }
    // Two customers must differ in at least three visible parts; those with the same name (three
    // 周先生, three 孙经理) are different people too.
    for (i, (a, la)) in looks.iter().enumerate() {
        for (b, lb) in &looks[i + 1..] {
            let differ = [
                la.gender != lb.gender,
                la.age != lb.age,
                la.hair != lb.hair,
                la.hair_colour != lb.hair_colour,
                la.clothes != lb.clothes,
                la.colour != lb.colour,
                la.glasses != lb.glasses,
                la.beard != lb.beard,
            ]
            .iter()
            .filter(|d| **d)
            .count();
            if differ < 3 {
                problems.push(format!(
                    "{} and {} differ in only {differ} parts of their look",
                    a.id, b.id
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
