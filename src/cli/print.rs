//! Text rendering for the terminal.

use std::io::{self, Write};

use serde::Serialize;

use crate::engine::analyze::{Analysis, PathResult};
use crate::engine::coach::{Advice, Verdict};
use crate::engine::compile::{CNode, Compiled};
use crate::engine::load::Library;
use crate::engine::model::Colour;
use crate::engine::report::Debrief;
use crate::engine::scoring::Scorer;
use crate::engine::text::kinsoku;
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

/// The meters in the window's order: satisfaction, anger, patience, trust.
fn mood_line(m: &Mood, lang: Lang) -> String {
    format!(
        "{} {:>3.0}  {} {:>3.0}  {} {:>3.0}  {} {:>3.0}  [{}]",
        t(lang, "满意", "satisfaction"),
        m.satisfaction,
        t(lang, "怒气", "anger"),
        m.anger,
        t(lang, "耐心", "patience"),
        m.patience,
        t(lang, "信任", "trust"),
        m.trust,
        colour_name(m.colour(), lang)
    )
}

/// Columns to wrap text at: `$COLUMNS` when set, else 80 on a terminal. Output into a pipe or a
/// file is not wrapped (whatever shows it wraps it).
fn width() -> Option<usize> {
    use std::io::IsTerminal;
    match std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
    {
        Some(c) if c >= 20 => Some(c),
        _ if io::stdout().is_terminal() => Some(80),
        _ => None,
    }
}

/// Writes `text` after `first` (the line's lead, e.g. "  1. "), wrapped with the Chinese
/// line-breaking rules; continuation lines are indented by `first`'s width.
fn para(out: &mut impl Write, first: &str, text: &str) -> io::Result<()> {
    let Some(w) = width() else {
        return writeln!(out, "{first}{text}");
    };
    let lead: usize = first.chars().map(kinsoku::columns).sum();
    let lines = kinsoku::wrap(text, w.saturating_sub(lead).max(10));
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            writeln!(out, "{first}{l}")?;
        } else {
            writeln!(out, "{}{l}", " ".repeat(lead))?;
        }
    }
    Ok(())
}

/// What the debrief shows beyond the engine's report.
#[derive(Default)]
pub struct Shown<'a> {
    /// Act tags in the turn review (`--acts`, for authors).
    pub acts: bool,
    /// The coach's verdicts, shown in the review (a run given with `--choices --coach`).
    pub advice: Option<&'a [Option<Advice>]>,
    /// With `--player`: that person's previous best on this scenario (None: first time).
    pub previous_best: Option<Option<f32>>,
    /// With `--file-order`: the run's choices in the file's numbering (for the replay line).
    pub file_choices: Option<Vec<usize>>,
}

/// The coach's verdict on a choice, one line (or silence when the search gave up).
pub fn advice(out: &mut impl Write, a: Option<&Advice>, lang: Lang) -> io::Result<()> {
    let Some(a) = a else { return Ok(()) };
    let mark = match a.verdict {
        Verdict::Good => t(lang, "✓ 好", "✓ good"),
        Verdict::Risky => t(lang, "× 有风险", "× risky"),
    };
    para(
        out,
        &format!("   {}{mark}{}", t(lang, "教练 ", "coach "), t(lang, "：", ": ")),
        a.reason.get(lang),
    )
}

#[derive(Serialize)]
pub struct ListEntry<'a> {
    id: &'a str,
    title: &'a Text,
    archetype: &'static str,
    difficulty: u8,
    minutes: u8,
    /// The languages the scenario is written in ("zh", "en").
    languages: Vec<&'static str>,
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
            languages: s.langs.iter().map(|l| l.code()).collect(),
            principles: Scorer::new(s, &cfg).applicable().map(|p| p.id()).collect(),
            file: &s.source,
        })
        .collect()
}

pub fn list(out: &mut impl Write, lib: &Library, lang: Lang) -> io::Result<()> {
    for s in &lib.scenarios {
        writeln!(
            out,
            "{:<24} {:<12} {}  {:>2} min  {:<5}  {}",
            s.id,
            s.customer.archetype.id(),
            "★".repeat(s.difficulty as usize) + &"☆".repeat(3 - s.difficulty as usize),
            s.minutes,
            s.langs.iter().map(|l| l.code()).collect::<Vec<_>>().join("+"),
            s.title.get(lang)
        )?;
    }
    writeln!(out, "{} {}", lib.scenarios.len(), t(lang, "个场景", "scenarios"))
}

pub fn briefing(out: &mut impl Write, sc: &Compiled, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n== {} ==", sc.title.get(lang))?;
    para(out, "", sc.briefing.get(lang))?;
    writeln!(
        out,
        "{}: {} ({})",
        t(lang, "客户", "Customer"),
        sc.customer.name.get(lang),
        sc.customer.archetype.label().get(lang)
    )
}

/// A turn: the customer's line and the options, numbered as played or, with `file_order`, in the
/// file's order and numbering.
pub fn turn(out: &mut impl Write, sc: &Compiled, sim: &Sim, lang: Lang, file_order: bool) -> io::Result<()> {
    let CNode::Turn { customer, options } = &sc.nodes[sim.node()] else {
        return Ok(());
    };
    let n = sim.turn() + 1;
    let heading = if lang == Lang::Zh {
        format!("第 {n} 回合")
    } else {
        format!("Turn {n}")
    };
    writeln!(out, "\n-- {heading} --  {}", mood_line(&sim.mood(), lang))?;
    para(
        out,
        &format!("{}{}", sc.customer.name.get(lang), t(lang, "：", ": ")),
        customer.get(lang),
    )?;
    let mut shown: Vec<(usize, &Text)> = options.iter().enumerate().map(|(i, o)| (i + 1, &o.text)).collect();
    if file_order {
        shown = options.iter().map(|o| (o.written + 1, &o.text)).collect();
        shown.sort_by_key(|(k, _)| *k);
    }
    for (k, text) in shown {
        para(out, &format!("  {k}. "), text.get(lang))?;
    }
    Ok(())
}

pub fn debrief(out: &mut impl Write, sc: &Compiled, d: &Debrief, lang: Lang, shown: &Shown) -> io::Result<()> {
    let colon = t(lang, "：", ": ");
    writeln!(out, "\n== {} · {} ==", t(lang, "复盘", "Debrief"), sc.title.get(lang))?;
    para(out, "", d.ending.text.get(lang))?;
    if let Some(o) = d.ending.outcome {
        writeln!(out, "{}{colon}{}", t(lang, "结果", "Outcome"), o.label().get(lang))?;
    }
    writeln!(out, "\n{}{colon}{:.1} / 100", t(lang, "总分", "Total"), d.total)?;
    match shown.previous_best {
        Some(Some(b)) => {
            let diff = d.total - b;
            let arrow = if diff > 0.05 {
                "▲"
            } else if diff < -0.05 {
                "▼"
            } else {
                "="
            };
            writeln!(
                out,
                "{}{colon}{b:.1} → {:.1}  {arrow} {diff:+.1}",
                t(lang, "之前最佳", "Previous best"),
                d.total
            )?;
        }
        Some(None) => writeln!(out, "{}", t(lang, "第一次练这个场景。", "First time on this scenario."))?,
        None => {}
    }
    if let Some(turn) = d.capped_at_turn {
        writeln!(
            out,
            "{}",
            if lang == Lang::Zh {
                format!("（第 {turn} 回合与客户争辩或指责客户，总分封顶）")
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
        para(out, "      ", p.explanation.get(lang))?;
        for f in &p.feedback {
            para(out, "      · ", f.get(lang))?;
        }
    }
    writeln!(
        out,
        "\n{}",
        t(
            lang,
            "逐回合回顾（▼ 为丢分最多的回合）：",
            "Turn by turn (▼ the turns that cost the most):"
        )
    )?;
    para(out, "", d.costliest_summary.get(lang))?;
    for tr in &d.turns {
        let mark = if d.costliest.contains(&tr.turn) { "▼" } else { " " };
        let acts = if shown.acts {
            format!(" → {}", tr.acts.join(" "))
        } else {
            String::new()
        };
        let line = format!(
            "{}{acts}  · {}{:+.0} · {}",
            tr.response.get(lang),
            t(lang, "满意度 ", "satisfaction "),
            tr.delta,
            colour_name(tr.colour, lang),
        );
        para(out, &format!("{mark}{:>2}. ", tr.turn), &line)?;
        if let Some(n) = &tr.note {
            para(out, "     ", n.get(lang))?;
        }
        if let Some(Some(a)) = shown.advice.and_then(|v| v.get(tr.turn - 1)) {
            advice(out, Some(a), lang)?;
        }
    }
    let (flag, choices) = match &shown.file_choices {
        Some(c) => (" --file-order", c),
        None => ("", &d.choices),
    };
    writeln!(
        out,
        "\n{}{colon}--seed {}{flag} --choices {}",
        t(lang, "重玩同一局", "Replay this run"),
        d.seed,
        choices.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",")
    )
}

/// The analysis; with `file_order`, paths are numbered as the options are written in the file.
pub fn analysis(out: &mut impl Write, sc: &Compiled, a: &Analysis, lang: Lang, file_order: bool) -> io::Result<()> {
    let path = |p: &PathResult| {
        let (flag, cs) = if file_order {
            ("--file-order ", &p.file_path)
        } else {
            ("", &p.path)
        };
        let cs = cs.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",");
        format!("{flag}--choices {cs}")
    };
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
        writeln!(out, "{label:<8} {:>5.1}  {}  → {}", p.total, path(p), p.ending)?;
    }
    if let Some(f) = &a.best_failed {
        writeln!(
            out,
            "{:<8} {:>5.1}  {}  → {}",
            t(lang, "最好失败", "failed"),
            f.total,
            path(f),
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
                "最好路径上选的恰是最长选项：中文 {}/{} 回合，英文 {}/{} 回合",
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
