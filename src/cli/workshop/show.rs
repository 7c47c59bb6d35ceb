//! What the workshop commands print: the status and the results table, in terminal columns.

use std::io::Write;

use super::*;

pub(super) fn print_status(out: &mut impl Write, ws: &Workshop, lang: Lang) -> Res<()> {
    let st = rules::status(ws);
    let (name, id, n) = (&st.workshop, st.id, st.rounds);
    let (sc, seed) = (st.scenario.as_deref().unwrap_or("-"), st.seed.unwrap_or(0));
    let head = match st.round {
        Some(r) => Text::new(
            format!("{name}(#{id}) 第 {r}/{n} 轮 · 场景 {sc} · 种子 {seed}"),
            format!("{name} (#{id}) round {r}/{n} · scenario {sc} · seed {seed}"),
        ),
        None => Text::new(
            format!("{}(#{}) 全部 {} 轮已结束", st.workshop, st.id, st.rounds),
            format!("{} (#{}) all {} rounds complete", st.workshop, st.id, st.rounds),
        ),
    };
    write!(out, "{}", head.get(lang))?;
    if st.paused {
        write!(out, "  [{}]", t(lang, "已暂停", "PAUSED"))?;
    }
    writeln!(out)?;
    for (name, state) in &st.teams {
        let s = match state {
            TeamState::Played { total } => format!("{total:.1}"),
            TeamState::Skipped { reason } => format!("{} ({reason})", t(lang, "缺席", "skipped")),
            TeamState::Waiting => t(lang, "等待", "waiting"),
        };
        writeln!(out, "  {name}  {s}")?;
    }
    if let Some(next) = &st.next {
        writeln!(out, "{}: {next}", t(lang, "下一队", "next"))?;
    }
    Ok(())
}

/// "3 of 6 teams chose option 2 (argue, blame)" with the option's text when the scenario loads.
fn option_label(sc: Option<&Compiled>, node: &str, option: usize, lang: Lang) -> String {
    let found = sc.and_then(|sc| {
        let i = sc.names.iter().position(|n| n == node)?;
        let CNode::Turn { options, .. } = &sc.nodes[i] else {
            return None;
        };
        let o = options.get(option.checked_sub(1)?)?;
        let acts: Vec<String> = o.acts.iter().map(|a| sc.act_name(*a)).collect();
        let text = o.text.get(lang);
        let short: String = text.chars().take(36).collect();
        let more = if short.len() < text.len() { "…" } else { "" };
        Some(format!("「{short}{more}」 [{}]", acts.join(", ")))
    });
    match found {
        Some(s) => format!("{} {option} {s}", t(lang, "选项", "option")),
        None => format!("{} {option}", t(lang, "选项", "option")),
    }
}

fn decision_lines(d: &DecisionStat, sc: Option<&Compiled>, lang: Lang) -> Vec<String> {
    d.options
        .iter()
        .map(|(opt, n)| {
            let label = option_label(sc, &d.node, *opt, lang);
            Text::new(
                format!("    {n}/{} 队选 {label}", d.teams),
                format!("    {n} of {} teams chose {label}", d.teams),
            )
            .get(lang)
            .to_string()
        })
        .collect()
}

/// Columns in a terminal: CJK and full-width characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60 => 2,
            _ => 1,
        })
        .sum()
}

/// `s` padded with spaces to `w` terminal columns (left-aligned, or right-aligned if `right`).
fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

fn signed(v: f32) -> String {
    if v > 0.0 { format!("+{v:.1}") } else { format!("{v:.1}") }
}

pub fn print_results(out: &mut impl Write, res: &RoundResults, sc: Option<&Compiled>, lang: Lang) -> Res<()> {
    let state = if res.complete {
        String::new()
    } else {
        format!(
            "  [{}]",
            t(lang, "本轮进行中，结果暂定", "round in progress: provisional")
        )
    };
    writeln!(
        out,
        "{}{state}",
        Text::new(
            format!(
                "{} · 第 {}/{} 轮 · 场景 {} · 种子 {}",
                res.workshop, res.round, res.rounds, res.scenario, res.seed
            ),
            format!(
                "{} · round {}/{} · scenario {} · seed {}",
                res.workshop, res.round, res.rounds, res.scenario, res.seed
            )
        )
        .get(lang)
    )?;
    let name_w = res.table.iter().map(|r| width(&r.team)).max().unwrap_or(0).max(6);
    let cols = [
        ("名次", "rank", 4),
        ("队伍", "team", name_w),
        ("得分", "score", 7),
        ("名次变化", "moved", 8),
        ("进步", "growth", 7),
        ("累计", "total", 7),
    ];
    let head: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, (zh, en, w))| pad(&t(lang, zh, en), *w, i != 1))
        .collect();
    writeln!(out, "\n{}", head.join("  "))?;
    for row in &res.table {
        let rank = row.rank.map(|r| r.to_string()).unwrap_or_else(|| "-".into());
        let score = match (&row.state, row.score) {
            (_, Some(s)) => format!("{s:.1}"),
            (TeamState::Skipped { .. }, None) => t(lang, "缺席", "absent"),
            _ => t(lang, "未赛", "waiting"),
        };
        let change = match row.change {
            Some(c) if c > 0 => format!("↑{c}"),
            Some(c) if c < 0 => format!("↓{}", -c),
            Some(_) => "=".into(),
            None => "".into(),
        };
        let growth = row.growth.map(signed).unwrap_or_default();
        let cells = [
            rank,
            row.team.clone(),
            score,
            change,
            growth,
            format!("{:.1}", row.cumulative),
        ];
        let line: Vec<String> = cells
            .iter()
            .zip(&cols)
            .enumerate()
            .map(|(i, (c, (_, _, w)))| pad(c, *w, i != 1))
            .collect();
        writeln!(out, "{}", line.join("  "))?;
    }
    writeln!(out)?;
    for a in &res.announcements {
        writeln!(out, "★ {}", a.get(lang))?;
    }
    if !res.decisions.is_empty() {
        writeln!(
            out,
            "\n{}",
            t(lang, "每个决策点的选择：", "How the room chose at each decision:")
        )?;
        for d in &res.decisions {
            writeln!(
                out,
                "  {} ({})",
                Text::new(format!("第 {} 回合", d.turn), format!("turn {}", d.turn)).get(lang),
                d.node
            )?;
            for l in decision_lines(d, sc, lang) {
                writeln!(out, "{l}")?;
            }
        }
    }
    if !res.weakest.is_empty() {
        writeln!(out, "\n{}", t(lang, "全场最薄弱的原则：", "Where the room is weakest:"))?;
        for p in res.weakest.iter().take(3) {
            writeln!(out, "  {:>5.1}  {}", p.average, p.label.get(lang))?;
        }
    }
    Ok(())
}
