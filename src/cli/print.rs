//! Text rendering for the terminal.

use std::io::{self, Write};

use serde::Serialize;

use crate::engine::analyze::Analysis;
use crate::engine::compile::{CNode, Compiled};
use crate::engine::load::Library;
use crate::engine::model::Colour;
use crate::engine::report::Debrief;
use crate::engine::scoring::Scorer;
use crate::engine::{Lang, Mood, ScoringConfig, Sim, Text};

fn t(lang: Lang, zh: &str, en: &str) -> String {
    if lang == Lang::Zh {
        zh.to_string()
    } else {
        en.to_string()
    }
}

fn bar(v: f32, width: usize) -> String {
    let filled = ((v.clamp(0.0, 100.0) / 100.0) * width as f32).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn colour_name(c: Colour, lang: Lang) -> String {
    match c {
        Colour::Green => t(lang, "绿色（平静）", "green (calm)"),
        Colour::Yellow => t(lang, "黄色（不满）", "yellow (uneasy)"),
        Colour::Red => t(lang, "红色（愤怒）", "red (angry)"),
    }
}

fn mood_line(m: &Mood, lang: Lang) -> String {
    format!(
        "{} {:>3.0}  {} {:>3.0}  {} {:>3.0}  {} {:>3.0}  [{}]",
        t(lang, "满意", "satisfaction"),
        m.satisfaction,
        t(lang, "怒气", "anger"),
        m.anger,
        t(lang, "信任", "trust"),
        m.trust,
        t(lang, "耐心", "patience"),
        m.patience,
        colour_name(m.colour(), lang)
    )
}

#[derive(Serialize)]
pub struct ListEntry<'a> {
    id: &'a str,
    title: &'a Text,
    archetype: &'static str,
    difficulty: u8,
    minutes: u8,
    principles: Vec<&'static str>,
    file: &'a str,
}

pub fn list_json(lib: &Library) -> Vec<ListEntry<'_>> {
    let cfg = ScoringConfig::default();
    lib.scenarios
        .iter()
        .map(|s| ListEntry {
            id: &s.id,
            title: &s.title,
            archetype: s.customer.archetype.id(),
            difficulty: s.difficulty,
            minutes: s.minutes,
            principles: Scorer::new(s, &cfg).applicable().map(|p| p.id()).collect(),
            file: &s.source,
        })
        .collect()
}

pub fn list(out: &mut impl Write, lib: &Library, lang: Lang) -> io::Result<()> {
    for s in &lib.scenarios {
        writeln!(
            out,
            "{:<24} {:<12} {}  {:>2} min  {}",
            s.id,
            s.customer.archetype.id(),
            "★".repeat(s.difficulty as usize) + &"☆".repeat(3 - s.difficulty as usize),
            s.minutes,
            s.title.get(lang)
        )?;
    }
    writeln!(out, "{} {}", lib.scenarios.len(), t(lang, "个场景", "scenarios"))
}

pub fn briefing(out: &mut impl Write, sc: &Compiled, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n== {} ==", sc.title.get(lang))?;
    writeln!(out, "{}", sc.briefing.get(lang))?;
    writeln!(
        out,
        "{}: {} ({})",
        t(lang, "客户", "Customer"),
        sc.customer.name.get(lang),
        sc.customer.archetype.label().get(lang)
    )
}

pub fn turn(out: &mut impl Write, sc: &Compiled, sim: &Sim, lang: Lang) -> io::Result<()> {
    let CNode::Turn { customer, options } = &sc.nodes[sim.node()] else {
        return Ok(());
    };
    writeln!(
        out,
        "\n-- {} {} --  {}",
        t(lang, "第", "Turn"),
        sim.turn() + 1,
        mood_line(&sim.mood(), lang)
    )?;
    writeln!(out, "{}: {}", sc.customer.name.get(lang), customer.get(lang))?;
    for (i, o) in options.iter().enumerate() {
        writeln!(out, "  {}. {}", i + 1, o.text.get(lang))?;
    }
    Ok(())
}

pub fn debrief(out: &mut impl Write, sc: &Compiled, d: &Debrief, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n== {} · {} ==", t(lang, "复盘", "Debrief"), sc.title.get(lang))?;
    writeln!(out, "{}", d.ending.text.get(lang))?;
    if let Some(o) = d.ending.outcome {
        writeln!(out, "{}: {}", t(lang, "结果", "Outcome"), o.label().get(lang))?;
    }
    writeln!(out, "\n{}: {:.1} / 100", t(lang, "总分", "Total"), d.total)?;
    if let Some(turn) = d.capped_at_turn {
        writeln!(
            out,
            "{}",
            if lang == Lang::Zh {
                format!("（第 {turn} 轮与客户争辩或指责客户，总分封顶）")
            } else {
                format!("(capped: turn {turn} argued with or blamed the customer)")
            }
        )?;
    }
    if d.failed_call {
        writeln!(
            out,
            "{}",
            t(
                lang,
                "（这通电话没有留住客户，总分封顶）",
                "(capped: the call failed — the customer was lost or escalated)"
            )
        )?;
    }
    writeln!(out)?;
    for p in &d.principles {
        writeln!(
            out,
            "{} {:>5.1}  {}  ({:.0}%)",
            bar(p.score, 20),
            p.score,
            p.label.get(lang),
            p.weight * 100.0
        )?;
        writeln!(out, "      {}", p.explanation.get(lang))?;
        for f in &p.feedback {
            writeln!(out, "      · {}", f.get(lang))?;
        }
    }
    writeln!(out, "\n{}", t(lang, "逐轮回顾：", "Turn by turn:"))?;
    writeln!(out, "{}", d.costliest_summary.get(lang))?;
    for tr in &d.turns {
        let mark = if d.costliest.contains(&tr.turn) { "▼" } else { " " };
        writeln!(
            out,
            "{mark}{:>2}. {} → {}  ({}{:+.0}, {})",
            tr.turn,
            tr.response.get(lang),
            tr.acts.join(" "),
            t(lang, "满意", "satisfaction "),
            tr.delta,
            colour_name(tr.colour, lang)
        )?;
        if let Some(n) = &tr.note {
            writeln!(out, "     {}", n.get(lang))?;
        }
    }
    writeln!(
        out,
        "\n{}: --seed {} --choices {}",
        t(lang, "重玩同一局", "Replay this run"),
        d.seed,
        d.choices.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",")
    )
}

pub fn analysis(out: &mut impl Write, sc: &Compiled, a: &Analysis, lang: Lang) -> io::Result<()> {
    let path = |p: &[usize]| p.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",");
    writeln!(out, "{} ({})", sc.title.get(lang), sc.id)?;
    writeln!(
        out,
        "{} {}{}",
        a.paths,
        t(lang, "条完整路径(种子 ", "complete paths (seed "),
        format!(
            "{}){}",
            a.seed,
            if a.truncated {
                t(lang, "，已截断", ", truncated")
            } else {
                String::new()
            }
        )
    )?;
    for (label, p) in [(t(lang, "最好", "best"), &a.best), (t(lang, "最差", "worst"), &a.worst)] {
        writeln!(
            out,
            "{label:<8} {:>5.1}  --choices {}  → {}",
            p.total,
            path(&p.path),
            p.ending
        )?;
    }
    if let Some(f) = &a.best_failed {
        writeln!(
            out,
            "{:<8} {:>5.1}  --choices {}  → {}",
            t(lang, "最好失败", "failed"),
            f.total,
            path(&f.path),
            f.ending
        )?;
    }
    let r = &a.random;
    writeln!(
        out,
        "{} × {}: min {:.1}  {} {:.1}  {} {:.1}  max {:.1}  ≥80: {:.1}%",
        r.runs,
        t(lang, "随机", "random"),
        r.min,
        t(lang, "中位", "median"),
        r.median,
        t(lang, "平均", "mean"),
        r.mean,
        r.max,
        r.pass_rate * 100.0
    )?;
    writeln!(
        out,
        "{}",
        t(
            lang,
            "不看内容的选法（种子 1 / 20 个种子平均 / 最高）：",
            "Choosing without understanding (seed / mean / max over 20 seeds):"
        )
    )?;
    for s in &a.strategies {
        writeln!(
            out,
            "  {:<16} {:>5.1} {:>5.1} {:>5.1}  → {}",
            s.strategy.id(),
            s.total,
            s.mean,
            s.max,
            s.ending
        )?;
    }
    writeln!(
        out,
        "{}",
        if lang == Lang::Zh {
            format!(
                "最好路径上选的恰是最长选项：中文 {}/{} 轮，英文 {}/{} 轮",
                a.tells.longest_zh, a.tells.turns, a.tells.longest_en, a.tells.turns
            )
        } else {
            format!(
                "Best path picks the longest option at {}/{} turns in Chinese, {}/{} in English",
                a.tells.longest_zh, a.tells.turns, a.tells.longest_en, a.tells.turns
            )
        }
    )?;
    let c = &a.coverage;
    if c.unreached_nodes.is_empty() && c.unreached_targets.is_empty() {
        writeln!(
            out,
            "{}",
            if lang == Lang::Zh {
                format!("每个节点、每个分支目标都有路径走到（{} 个种子）", c.seeds)
            } else {
                format!("Every node and every branch target is reached ({} seeds)", c.seeds)
            }
        )?;
    } else {
        for n in &c.unreached_nodes {
            writeln!(out, "  {} {n}", t(lang, "走不到的节点：", "unreached node:"))?;
        }
        for x in &c.unreached_targets {
            writeln!(out, "  {} {x}", t(lang, "从未走到的分支：", "target never taken:"))?;
        }
    }
    writeln!(
        out,
        "{}",
        t(
            lang,
            "原则（各路径上的分数范围）：",
            "Principles (score range across paths):"
        )
    )?;
    for p in &a.principles {
        writeln!(
            out,
            "  {:<16} {:>5.1} – {:<5.1} {}",
            p.principle.id(),
            p.min,
            p.max,
            if p.discriminates {
                t(lang, "能区分", "discriminates")
            } else {
                t(lang, "区分度低", "weak")
            }
        )?;
    }
    Ok(())
}
