//! What the room shows: a team's device ([`TeamView`]) and the projector ([`ProjectorView`]).
//! Both are plain data (JSON for the browser). Nothing in them gives answers away before a round
//! is complete: no scores, no other team's choices, no coach; the [`Reveal`] appears only then.

use serde::Serialize;

use super::{Phase, Room};
use crate::engine::Text;
use crate::engine::coach;
use crate::engine::compile::CNode;
use crate::engine::model::Feeling;
use crate::engine::sim::{Mood, Sim};
use crate::workshop::rules::{self, tenths};
use crate::workshop::{Member, Pacing};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamInfo {
    pub index: usize,
    pub name: String,
    pub slogan: String,
    pub members: Vec<Member>,
}

/// A team in the lobby's list (to claim).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamSeat {
    pub index: usize,
    pub name: String,
    pub slogan: String,
    pub held: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// `customer` or `agent` (the team).
    pub who: &'static str,
    pub text: Text,
}

/// The customer's state as shown (rounded to whole points).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Meters {
    pub satisfaction: i32,
    pub anger: i32,
    pub trust: i32,
    pub patience: i32,
    pub expectation: i32,
}

impl From<Mood> for Meters {
    fn from(m: Mood) -> Meters {
        Meters {
            satisfaction: m.satisfaction.round() as i32,
            anger: m.anger.round() as i32,
            trust: m.trust.round() as i32,
            patience: m.patience.round() as i32,
            expectation: m.expectation.round() as i32,
        }
    }
}

/// A team's call as its device shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CallView {
    pub title: Text,
    pub customer: Text,
    pub briefing: Text,
    /// Decisions made.
    pub turn: usize,
    /// Paced rooms: decisions numbered below this are open (None: free pace).
    pub gate: Option<usize>,
    pub transcript: Vec<Line>,
    /// The options of the current decision, in the order the device numbers them (empty once the
    /// call is over or the team waits for the trainer's next decision).
    pub options: Vec<Text>,
    pub mood: Meters,
    pub colour: &'static str,
    pub feeling: Feeling,
    pub feeling_label: Text,
    pub discussion_secs: u32,
    /// When the current decision began and the host's clock now (ms), for the discussion timer.
    pub decision_since_ms: i64,
    pub now_ms: i64,
    pub over: bool,
    /// How the call ended (an outcome label), once it is over.
    pub ending: Option<Text>,
}

/// One option of a decision at the reveal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RevealOption {
    pub text: Text,
    /// Teams that chose it.
    pub count: usize,
    /// The course's best choice here (the highest result still reachable after it).
    pub best: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RevealDecision {
    /// The turn (1-based) at which teams most often met it.
    pub turn: usize,
    /// Teams that reached it.
    pub teams: usize,
    pub customer: Text,
    pub options: Vec<RevealOption>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RevealRow {
    pub rank: Option<usize>,
    pub team: String,
    pub slogan: String,
    pub score: Option<f32>,
    /// Places gained since the previous round (positive = up).
    pub change: Option<i64>,
    /// Set when the team has no score this round: why (absent, unfinished, joined late …).
    pub note: Option<String>,
    pub cumulative: f32,
}

/// A complete round's results, shown to everyone once every team has finished.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reveal {
    pub round: usize,
    pub rounds: usize,
    pub scenario: Text,
    pub decisions: Vec<RevealDecision>,
    pub table: Vec<RevealRow>,
    pub highest: Vec<String>,
    pub fastest: Vec<String>,
    pub fastest_note: Option<Text>,
    pub last: Vec<String>,
    pub reward: String,
    pub penalty: String,
    pub announcements: Vec<Text>,
    /// After the last round: the team(s) with the highest total over all rounds.
    pub champion: Option<Vec<String>>,
}

/// What one team's device shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamView {
    pub workshop: String,
    pub code: String,
    /// `lobby` (no seat), `ready` (seated, no round going), `playing`, `called` (the team's call
    /// is over, others still play), `sits_out` (joined during the round or removed), `reveal`,
    /// `finished`.
    pub phase: &'static str,
    pub paused: bool,
    pub locked: bool,
    pub round: usize,
    pub rounds: usize,
    pub pacing: Pacing,
    pub team: Option<TeamInfo>,
    /// The teams (for a device without a seat to claim one).
    pub teams: Vec<TeamSeat>,
    pub call: Option<CallView>,
    pub reveal: Option<std::sync::Arc<Reveal>>,
}

/// A team as the projector shows it during the round: progress, never answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamProgress {
    pub index: usize,
    pub name: String,
    pub slogan: String,
    pub members: Vec<Member>,
    pub seated: bool,
    /// A device holding the seat is connected (filled in by the server).
    pub connected: bool,
    /// Decisions made in the round being played.
    pub turn: usize,
    pub colour: Option<&'static str>,
    pub over: bool,
    /// Plays the round being played (false: joined during it, removed, unfinished).
    pub plays: bool,
    pub removed: bool,
}

/// What the trainer's projector shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProjectorView {
    pub workshop: String,
    pub code: String,
    /// `lobby`, `playing`, `reveal` or `finished`.
    pub phase: &'static str,
    pub paused: bool,
    pub locked: bool,
    pub round: usize,
    pub rounds: usize,
    pub scenario: Option<Text>,
    pub pacing: Pacing,
    pub gate: Option<usize>,
    pub discussion_secs: u32,
    pub reward: String,
    pub penalty: String,
    pub teams: Vec<TeamProgress>,
    /// The last teams that arrived (indices), oldest first.
    pub greetings: Vec<usize>,
    pub reveal: Option<std::sync::Arc<Reveal>>,
    /// Devices that opened the reach-check page recently (filled in by the server).
    pub reach: usize,
    pub version: u64,
}

impl Room {
    fn phase_round(&self) -> (usize, &'static str) {
        match self.phase() {
            Phase::Lobby => (0, "lobby"),
            Phase::Playing(r) => (r, "playing"),
            Phase::Reveal(r) => (r, "reveal"),
            Phase::Finished => (self.ws.setup.rounds.len(), "finished"),
        }
    }

    /// The view of the device holding `token` (None or an unknown token: the lobby). `reveal` is
    /// the complete round's results when the phase has them ([`Room::reveal`], cached by the host).
    pub fn team_view(&self, token: Option<&str>, now: i64, reveal: Option<std::sync::Arc<Reveal>>) -> TeamView {
        let team = token.and_then(|t| self.team_of(t));
        let (round, phase) = self.phase_round();
        let phase = match (team, phase) {
            (None, _) => "lobby",
            (Some(_), "lobby") => "ready",
            (Some(t), "playing") => {
                if !self.plays(t) {
                    "sits_out"
                } else if self.call_over(t) {
                    "called"
                } else {
                    "playing"
                }
            }
            (Some(_), p) => p,
        };
        let call = match (team, phase) {
            (Some(t), "playing" | "called" | "reveal" | "finished") if self.plays(t) || phase != "playing" => {
                self.call_view(t, now)
            }
            _ => None,
        };
        let teams = if team.is_none() {
            self.ws
                .setup
                .teams
                .iter()
                .enumerate()
                .filter(|(_, t)| t.withdrawn.is_none())
                .map(|(i, t)| TeamSeat {
                    index: i,
                    name: t.name.clone(),
                    slogan: t.slogan.clone(),
                    held: self.seats[i].is_some(),
                })
                .collect()
        } else {
            Vec::new()
        };
        TeamView {
            workshop: self.ws.setup.name.clone(),
            code: self.code.clone(),
            phase,
            paused: self.ws.paused,
            locked: self.locked,
            round,
            rounds: self.ws.setup.rounds.len(),
            pacing: self.pacing(),
            team: team.map(|t| {
                let x = &self.ws.setup.teams[t];
                TeamInfo {
                    index: t,
                    name: x.name.clone(),
                    slogan: x.slogan.clone(),
                    members: x.members.clone(),
                }
            }),
            teams,
            call,
            reveal: if matches!(phase, "reveal" | "finished") {
                reveal
            } else {
                None
            },
        }
    }

    /// The team's call in the round being played (or just complete), as its device shows it.
    pub fn call_view(&self, team: usize, now: i64) -> Option<CallView> {
        let round = self.started;
        let sc = self.scenarios.get(round.checked_sub(1)?)?;
        let over_recorded = self.call_over(team);
        self.with_sim(team, |sim| {
            let transcript = transcript(sim);
            let over = sim.finished();
            let gate = (self.pacing() == Pacing::Paced).then_some(self.gate);
            let waiting = gate.is_some_and(|g| sim.turn() >= g);
            let options = if over || waiting || over_recorded {
                Vec::new()
            } else {
                sim.options().iter().map(|o| o.text.clone()).collect()
            };
            let mood = sim.mood();
            let feeling = Feeling::of(mood.satisfaction, mood.anger);
            CallView {
                title: sc.title.clone(),
                customer: sc.customer.name.clone(),
                briefing: sc.briefing.clone(),
                turn: sim.turn(),
                gate,
                transcript,
                options,
                mood: mood.into(),
                colour: mood.colour().id(),
                feeling,
                feeling_label: feeling.label(),
                discussion_secs: self.ws.setup.discussion_secs,
                decision_since_ms: self.decision_since(team),
                now_ms: now,
                over,
                ending: if over {
                    sim.run().outcome(sc).map(|o| o.label())
                } else {
                    None
                },
            }
        })
    }

    /// The projector's view. `reveal` as for [`Room::team_view`].
    pub fn projector_view(&self, reveal: Option<std::sync::Arc<Reveal>>) -> ProjectorView {
        let (round, phase) = self.phase_round();
        let teams = self
            .ws
            .setup
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let plays = self.plays(i);
                let (turn, colour) = if plays {
                    self.with_sim(i, |s| (s.turn(), Some(s.mood().colour().id())))
                        .unwrap_or((0, None))
                } else {
                    (0, None)
                };
                TeamProgress {
                    index: i,
                    name: t.name.clone(),
                    slogan: t.slogan.clone(),
                    members: t.members.clone(),
                    seated: self.seats[i].is_some(),
                    connected: false,
                    turn,
                    colour,
                    over: self.call_over(i),
                    plays,
                    removed: t.withdrawn.is_some(),
                }
            })
            .collect();
        ProjectorView {
            workshop: self.ws.setup.name.clone(),
            code: self.code.clone(),
            phase,
            paused: self.ws.paused,
            locked: self.locked,
            round,
            rounds: self.ws.setup.rounds.len(),
            scenario: round.checked_sub(1).map(|r| self.scenarios[r].title.clone()),
            pacing: self.pacing(),
            gate: (self.pacing() == Pacing::Paced && phase == "playing").then_some(self.gate),
            discussion_secs: self.ws.setup.discussion_secs,
            reward: self.ws.setup.reward.clone(),
            penalty: self.ws.setup.penalty.clone(),
            teams,
            greetings: self.greetings.clone(),
            reveal: if matches!(phase, "reveal" | "finished") {
                reveal
            } else {
                None
            },
            reach: 0,
            version: self.seq,
        }
    }

    /// The results of the round just complete (None while a round is being played or before the
    /// first): how the room chose at each decision with the best option marked, the table, the
    /// awards and, after the last round, the champion. Costs a search per decision: cache it.
    pub fn reveal(&self) -> Option<Reveal> {
        let round = match self.phase() {
            Phase::Reveal(r) => r,
            Phase::Finished => self.ws.setup.rounds.len(),
            Phase::Lobby | Phase::Playing(_) => return None,
        };
        let res = rules::results(&self.ws, round).ok()?;
        let sc = &self.scenarios[round - 1];
        let seed = self.ws.setup.rounds[round - 1].seed;
        let decisions = res
            .decisions
            .iter()
            .filter_map(|d| {
                let node = sc.node_index(&d.node)?;
                let CNode::Turn { customer, options } = &sc.nodes[node] else {
                    return None;
                };
                // Judge the options from the state of the first team that reached this decision.
                let best = (0..self.ws.setup.teams.len())
                    .filter_map(|t| self.ws.active_run(round, t))
                    .find_map(|run| {
                        let k = run.picks.iter().position(|p| p.node == d.node)?;
                        let mut sim = Sim::new(sc, seed);
                        for p in &run.picks[..k] {
                            sim.choose(p.option - 1).ok()?;
                        }
                        best_options(sc, &self.cfg, &sim)
                    })
                    .unwrap_or_default();
                Some(RevealDecision {
                    turn: d.turn,
                    teams: d.teams,
                    customer: customer.clone(),
                    options: options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| RevealOption {
                            text: o.text.clone(),
                            count: d.options.iter().find(|(k, _)| *k == i + 1).map_or(0, |(_, n)| *n),
                            best: best.contains(&i),
                        })
                        .collect(),
                })
            })
            .collect();
        let table: Vec<RevealRow> = res
            .table
            .iter()
            .map(|r| RevealRow {
                rank: r.rank,
                team: r.team.clone(),
                slogan: r.slogan.clone(),
                score: r.score,
                change: r.change,
                note: match &r.state {
                    rules::TeamState::Skipped { reason } => Some(reason.clone()),
                    _ => None,
                },
                cumulative: r.cumulative,
            })
            .collect();
        let champion = (round == self.ws.setup.rounds.len()).then(|| {
            let top = table.iter().map(|r| tenths(r.cumulative)).max().unwrap_or(0);
            table
                .iter()
                .filter(|r| tenths(r.cumulative) == top && top > 0)
                .map(|r| r.team.clone())
                .collect()
        });
        Some(Reveal {
            round,
            rounds: res.rounds,
            scenario: sc.title.clone(),
            decisions,
            table,
            highest: res.highest.iter().map(|a| a.team.clone()).collect(),
            fastest: res.fastest.iter().map(|a| a.team.clone()).collect(),
            fastest_note: res.fastest_note.clone(),
            last: res.last.clone(),
            reward: res.reward.clone(),
            penalty: res.penalty.clone(),
            announcements: res.announcements.clone(),
            champion,
        })
    }
}

/// The options (0-based) after which the best reachable result is highest (ties: all of them).
fn best_options(sc: &crate::engine::Compiled, cfg: &crate::engine::ScoringConfig, sim: &Sim) -> Option<Vec<usize>> {
    let after: Vec<f32> = (0..sim.options().len())
        .map(|i| coach::assess(sc, cfg, sim, i).ok().flatten().map(|a| a.best_after))
        .collect::<Option<_>>()?;
    let top = after.iter().map(|b| tenths(*b)).max()?;
    Some((0..after.len()).filter(|&i| tenths(after[i]) == top).collect())
}

/// The call so far: each decision's customer line and the team's answer, then the ending's line.
fn transcript(sim: &Sim) -> Vec<Line> {
    let sc = sim.sc;
    let mut out = Vec::new();
    for t in &sim.run().turns {
        if let CNode::Turn { customer, options } = &sc.nodes[t.node] {
            out.push(Line {
                who: "customer",
                text: customer.clone(),
            });
            out.push(Line {
                who: "agent",
                text: options[t.option].text.clone(),
            });
        }
    }
    match &sc.nodes[sim.node()] {
        CNode::Turn { customer, .. } if !sim.finished() => out.push(Line {
            who: "customer",
            text: customer.clone(),
        }),
        CNode::End { text, .. } if sim.finished() => out.push(Line {
            who: "customer",
            text: text.clone(),
        }),
        _ => {}
    }
    out
}
