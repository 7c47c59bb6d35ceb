//! The debrief of a run, as plain data: what the CLI prints (text or JSON) and the game draws.
//! Both languages are kept so a front end can switch language without replaying.

use serde::Serialize;

use super::coach::{RISKY_DROP, turn_costs};
use super::compile::{CNode, Compiled};
use super::model::{Colour, Outcome};
use super::scoring::{Principle, Score, ScoringConfig, round1};
use super::sim::{EndReason, Events, Mood, Run};
use super::text::Text;

#[derive(Clone, Debug, Serialize)]
pub struct Debrief {
    pub scenario: String,
    pub seed: u64,
    /// 1-based choices, replayable with `play --choices`.
    pub choices: Vec<usize>,
    pub ending: EndingReport,
    pub total: f32,
    pub capped_at_turn: Option<usize>,
    /// The call failed (lost, escalated, cut off): the total is capped at `failed_call_cap`.
    pub failed_call: bool,
    pub principles: Vec<PrincipleReport>,
    pub turns: Vec<TurnReport>,
    /// Turns (1-based) whose choice lowered the best total still reachable by more than the coach's
    /// margin, costliest first (at most three). Empty when no choice cost points.
    pub costliest: Vec<usize>,
    /// One sentence on the costliest turns (or that nothing cost points), for every front end.
    pub costliest_summary: Text,
    pub start: Mood,
    pub final_mood: Mood,
}

#[derive(Clone, Debug, Serialize)]
pub struct EndingReport {
    /// End node reached (absent when the turn limit stopped the call).
    pub node: Option<String>,
    pub outcome: Option<Outcome>,
    pub reason: Option<EndReason>,
    pub text: Text,
}

#[derive(Clone, Debug, Serialize)]
pub struct PrincipleReport {
    pub id: Principle,
    pub label: Text,
    pub explanation: Text,
    pub score: f32,
    pub weight: f32,
    pub feedback: Vec<Text>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TurnReport {
    pub turn: usize,
    pub node: String,
    /// 1-based option number.
    pub option: usize,
    pub customer: Text,
    pub response: Text,
    pub acts: Vec<String>,
    pub after: Mood,
    pub colour: Colour,
    /// Change in satisfaction caused by this turn.
    pub delta: f32,
    /// Points this choice cost: how far the best total still reachable fell (None if the search
    /// ran over its budget). Telling bad news early lowers satisfaction but costs nothing.
    pub cost: Option<f32>,
    pub events: Events,
    pub note: Option<Text>,
}

pub fn debrief(sc: &Compiled, cfg: &ScoringConfig, run: &Run, score: &Score) -> Debrief {
    let costs = turn_costs(sc, cfg, run);
    let turns: Vec<TurnReport> = run
        .turns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let CNode::Turn { customer, options } = &sc.nodes[t.node] else {
                unreachable!("turns are only taken at turn nodes")
            };
            let opt = &options[t.option];
            TurnReport {
                turn: i + 1,
                node: sc.names[t.node].clone(),
                option: t.option + 1,
                customer: customer.clone(),
                response: opt.text.clone(),
                acts: opt.acts.iter().map(|a| sc.act_name(*a)).collect(),
                after: t.after,
                colour: t.after.colour(),
                delta: round1(t.after.satisfaction - t.before.satisfaction),
                cost: costs.get(i).copied().flatten(),
                events: t.events,
                note: opt.note.clone(),
            }
        })
        .collect();
    let mut losses: Vec<(usize, f32)> = turns
        .iter()
        .filter_map(|t| t.cost.filter(|c| *c > RISKY_DROP).map(|c| (t.turn, c)))
        .collect();
    losses.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let costliest: Vec<usize> = losses.iter().take(3).map(|(t, _)| *t).collect();
    let costliest_summary = costliest_summary(&losses, costs.iter().any(Option::is_none));

    let ending = match run.ending.map(|e| (e, &sc.nodes[e])) {
        Some((e, CNode::End { outcome, text, .. })) => EndingReport {
            node: Some(sc.names[e].clone()),
            outcome: Some(*outcome),
            reason: run.end_reason,
            text: text.clone(),
        },
        _ => EndingReport {
            node: None,
            outcome: None,
            reason: run.end_reason,
            text: Text::new("通话在回合上限处被中止。", "The call was cut off at the turn limit."),
        },
    };
    Debrief {
        scenario: sc.id.clone(),
        seed: run.seed,
        choices: run.choices(),
        ending,
        total: score.total,
        capped_at_turn: score.capped_at_turn,
        failed_call: score.failed_call,
        principles: score
            .principles
            .iter()
            .map(|p| PrincipleReport {
                id: p.principle,
                label: p.principle.label(),
                explanation: p.principle.explanation(),
                score: p.score,
                weight: (p.weight * 1000.0).round() / 1000.0,
                feedback: p.notes.iter().map(|n| n.text(sc)).collect(),
            })
            .collect(),
        turns,
        costliest,
        costliest_summary,
        start: run.start,
        final_mood: run.final_mood,
    }
}

/// "Turns 3 and 5 cost the most (−12, −4 points)" or "No choice cost points".
fn costliest_summary(losses: &[(usize, f32)], unjudged: bool) -> Text {
    if losses.is_empty() {
        return if unjudged {
            Text::new(
                "这通电话太长，没能逐回合判断哪一步丢了分。",
                "This call is too long to judge turn by turn which choice cost points.",
            )
        } else {
            Text::new(
                "没有哪一步让你丢分：每一步都保住了最好的结局。",
                "No choice cost points: every step kept the best ending within reach.",
            )
        };
    }
    let top = &losses[..losses.len().min(3)];
    let zh: Vec<String> = top.iter().map(|(t, c)| format!("第 {t} 回合（−{c:.1}）")).collect();
    let en: Vec<String> = top.iter().map(|(t, c)| format!("turn {t} (−{c:.1})")).collect();
    Text::new(
        format!("丢分最多的选择：{}。分数是这一步让最好结局降低的分数。", zh.join("、")),
        format!(
            "The choices that cost most: {}. Points are how far each choice lowered the best total still reachable.",
            en.join(", ")
        ),
    )
}
