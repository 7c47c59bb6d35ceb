//! The debrief of a run, as plain data: what the CLI prints (text or JSON) and the game draws.
//! Both languages are kept so a front end can switch language without replaying.

use serde::Serialize;

use super::compile::{CNode, Compiled};
use super::model::{Colour, Outcome};
use super::scoring::{Principle, Score};
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
    pub principles: Vec<PrincipleReport>,
    pub turns: Vec<TurnReport>,
    /// Turns (1-based) that cost the most satisfaction, worst first (at most three, only losses).
    pub costliest: Vec<usize>,
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
    pub events: Events,
    pub note: Option<Text>,
}

pub fn debrief(sc: &Compiled, run: &Run, score: &Score) -> Debrief {
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
                delta: ((t.after.satisfaction - t.before.satisfaction) * 10.0).round() / 10.0,
                events: t.events,
                note: opt.note.clone(),
            }
        })
        .collect();
    let mut losses: Vec<&TurnReport> = turns.iter().filter(|t| t.delta < 0.0).collect();
    losses.sort_by(|a, b| a.delta.total_cmp(&b.delta).then(a.turn.cmp(&b.turn)));
    let costliest = losses.iter().take(3).map(|t| t.turn).collect();

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
        start: run.start,
        final_mood: run.final_mood,
    }
}
