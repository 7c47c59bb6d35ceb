//! The room: every team plays the round's call from its own device while the trainer's screen
//! runs the show (docs/workshop.md, "The room"). This module is the room as a state machine and
//! knows nothing of the network: [`Room`] decides whether a device's message or a trainer's
//! command is accepted ([`Room::decide`], pure) and applies accepted events ([`Room::apply`]);
//! [`Host`] adds the store, writing every accepted event (and the workshop changes it causes)
//! before anyone is told it happened, and rebuilding the room from the stored log on reopening.
//!
//! The host is the authority: a device sends only its choice for its current decision; the host
//! replays the team's call through the engine (scenario + seed + choices) and scores it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::engine::sim::Sim;
use crate::engine::{Compiled, Scorer, ScoringConfig, Text};
use crate::store::WorkshopEvent;
use crate::workshop::rules::{self, RuleError};
use crate::workshop::{Member, Pacing, Team, TeamRun, Workshop};

mod host;
pub mod view;

pub use host::Host;
pub use view::{ProjectorView, TeamView};

/// Length of a team token: 128 bits as lowercase hex (made by the server from the OS's RNG).
pub const TOKEN_LEN: usize = 32;
/// Greetings the projector keeps (the teams that arrived last).
pub const GREETINGS: usize = 6;

/// Why a message or command changed nothing: a stable code for programs and the text in both
/// languages for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoomError {
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

impl RoomError {
    pub fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> RoomError {
        RoomError {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub fn text(&self) -> Text {
        Text::new(self.zh.clone(), self.en.clone())
    }
}

impl std::fmt::Display for RoomError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.en, self.zh)
    }
}

impl std::error::Error for RoomError {}

impl From<RuleError> for RoomError {
    fn from(e: RuleError) -> RoomError {
        let t = e.text();
        RoomError {
            code: e.code(),
            zh: t.zh,
            en: t.en,
        }
    }
}

impl From<crate::store::StoreError> for RoomError {
    fn from(e: crate::store::StoreError) -> RoomError {
        match e {
            crate::store::StoreError::Rule(r) => r.into(),
            other => {
                let m = other.to_string();
                RoomError::new(
                    "store",
                    format!("无法保存，未做任何更改：{m}"),
                    format!("could not be saved, nothing changed: {m}"),
                )
            }
        }
    }
}

/// What a device may send (JSON, `{"type": …}`); see docs/workshop.md for the protocol.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMsg {
    /// The first message of every connection: the room's code and, when the device has one, its
    /// team token.
    Hello {
        code: String,
        #[serde(default)]
        token: Option<String>,
    },
    CreateTeam {
        name: String,
        #[serde(default)]
        slogan: String,
        #[serde(default)]
        members: Vec<Member>,
    },
    Claim {
        team: usize,
    },
    /// Option `option` (0-based, in the order the device was shown) for the team's decision number
    /// `turn` (0-based: the decisions already made) in `round`.
    Choose {
        round: usize,
        turn: usize,
        option: usize,
    },
    /// A keep-alive; a struct variant so that unknown fields are refused as in every other message.
    Ping {},
}

/// What the trainer may do (from the host's window, the `workshop host` command's input, or with
/// the trainer key).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum TrainerCmd {
    StartRound,
    /// Ends the round being played: every team whose call is not over is recorded as unfinished
    /// (skipped in this round, with the number of decisions it made as the reason).
    EndRound,
    Pause {
        paused: bool,
    },
    Lock {
        locked: bool,
    },
    Rename {
        team: usize,
        name: String,
    },
    Remove {
        team: usize,
        reason: String,
    },
    /// Frees the team's seat: the device holding it is told, and another device may claim it.
    Release {
        team: usize,
    },
    /// Paced rooms: opens the next decision for every team.
    NextDecision,
    /// Sets the team's run in the current (or just finished) round aside; the team plays again.
    Redo {
        team: usize,
        reason: String,
    },
}

/// What an accepted message gives back to the device (its fresh view follows separately).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Seat { token: String, team: usize },
    Ok,
    Pong,
}

/// An accepted change, as stored in the room's log (JSON). Team data, runs and skips live in the
/// workshop's own tables, written in the same transaction ([`Plan::changes`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RoomEvent {
    /// A device created team `team` and holds its seat with `token`.
    TeamCreated {
        team: usize,
        token: String,
    },
    Seated {
        team: usize,
        token: String,
    },
    Released {
        team: usize,
    },
    Renamed {
        team: usize,
    },
    Removed {
        team: usize,
    },
    Locked {
        locked: bool,
    },
    Paused {
        paused: bool,
    },
    RoundStarted {
        round: usize,
    },
    /// Paced rooms: decisions with a number below `open` may be taken.
    Gate {
        open: usize,
    },
    /// Team `team` took option `option` in `round` (and the run was recorded if it ended the call).
    Chose {
        round: usize,
        team: usize,
        option: usize,
    },
    RoundEnded {
        round: usize,
    },
    Redone {
        round: usize,
        team: usize,
    },
}

/// An accepted change and the workshop changes to write with it.
#[derive(Clone, Debug)]
pub struct Plan {
    pub event: RoomEvent,
    pub changes: Vec<Change>,
    pub reply: Reply,
}

/// A workshop change caused by a room event (owned form of [`WorkshopEvent`]).
#[derive(Clone, Debug)]
pub enum Change {
    Run(Box<TeamRun>),
    Skip {
        round: usize,
        team: usize,
        reason: String,
    },
    AddTeam {
        team: Team,
        skip: Vec<usize>,
        reason: String,
    },
    Rename {
        team: usize,
        name: String,
    },
    Withdraw {
        team: usize,
        reason: String,
    },
    Pause(bool),
    Redo {
        round: usize,
        team: usize,
        reason: String,
    },
}

impl Change {
    pub fn as_event(&self, at: i64) -> WorkshopEvent<'_> {
        match self {
            Change::Run(r) => WorkshopEvent::Runs(std::slice::from_ref(r.as_ref())),
            Change::Skip { round, team, reason } => WorkshopEvent::Skip {
                round: *round,
                team: *team,
                reason,
                at,
            },
            Change::AddTeam { team, skip, reason } => WorkshopEvent::AddTeam { team, skip, reason, at },
            Change::Rename { team, name } => WorkshopEvent::Rename { team: *team, name },
            Change::Withdraw { team, reason } => WorkshopEvent::Withdraw { team: *team, reason },
            Change::Pause(p) => WorkshopEvent::Pause(*p),
            Change::Redo { round, team, reason } => WorkshopEvent::Redo {
                round: *round,
                team: *team,
                reason,
                at,
            },
        }
    }
}

/// Where the room stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "phase", content = "round", rename_all = "snake_case")]
pub enum Phase {
    /// No round started yet.
    Lobby,
    /// Round n is being played.
    Playing(usize),
    /// Round n is complete and the next has not started.
    Reveal(usize),
    /// Every round is complete.
    Finished,
}

/// The room's state (everything but the store).
#[derive(Clone, Debug)]
pub struct Room {
    pub(crate) ws: Workshop,
    /// The scenario of each round.
    pub(crate) scenarios: Vec<Arc<Compiled>>,
    pub(crate) cfg: ScoringConfig,
    pub(crate) code: String,
    pub(crate) trainer_key: String,
    /// Per team: the token of the device holding its seat.
    pub(crate) seats: Vec<Option<String>>,
    pub(crate) locked: bool,
    /// The last round the trainer started (0: none yet).
    pub(crate) started: usize,
    /// Paced rooms: decisions with a number below this are open.
    pub(crate) gate: usize,
    /// When the gate last opened (ms).
    pub(crate) gate_at: i64,
    /// Per team: its 0-based choices in the round being played (kept after its call ends).
    pub(crate) calls: Vec<Vec<usize>>,
    /// Per team: when its current decision began (ms).
    pub(crate) since: Vec<i64>,
    /// The teams that arrived last, oldest first.
    pub(crate) greetings: Vec<usize>,
    /// Number of events applied.
    pub(crate) seq: u64,
}

fn err(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> RoomError {
    RoomError::new(code, zh, en)
}

/// Compares without stopping at the first difference (a token is a password).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A token as the server makes them: 32 lowercase hex digits.
pub fn token_ok(t: &str) -> bool {
    t.len() == TOKEN_LEN && t.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Room {
    /// A room over workshop `ws` (as stored) with the scenario of each round.
    pub fn new(
        ws: Workshop,
        scenarios: Vec<Arc<Compiled>>,
        cfg: ScoringConfig,
        code: String,
        trainer_key: String,
    ) -> Result<Room, RoomError> {
        if scenarios.len() != ws.setup.rounds.len() {
            return Err(err(
                "scenarios",
                "每一轮都需要一个场景",
                "every round needs its scenario",
            ));
        }
        for (r, sc) in ws.setup.rounds.iter().zip(&scenarios) {
            if r.scenario != sc.id {
                return Err(err(
                    "scenarios",
                    format!("场景“{}”与本轮设定的“{}”不符", sc.id, r.scenario),
                    format!(
                        "scenario \"{}\" given for a round set up with \"{}\"",
                        sc.id, r.scenario
                    ),
                ));
            }
        }
        let n = ws.setup.teams.len();
        Ok(Room {
            ws,
            scenarios,
            cfg,
            code,
            trainer_key,
            seats: vec![None; n],
            locked: false,
            started: 0,
            gate: 1,
            gate_at: 0,
            calls: vec![Vec::new(); n],
            since: vec![0; n],
            greetings: Vec::new(),
            seq: 0,
        })
    }

    pub fn workshop(&self) -> &Workshop {
        &self.ws
    }
    pub fn code(&self) -> &str {
        &self.code
    }
    pub fn trainer_key(&self) -> &str {
        &self.trainer_key
    }
    pub fn locked(&self) -> bool {
        self.locked
    }
    /// Number of accepted changes so far (bumps on every one).
    pub fn version(&self) -> u64 {
        self.seq
    }
    pub fn pacing(&self) -> Pacing {
        self.ws.setup.pacing
    }

    pub fn phase(&self) -> Phase {
        let rounds = self.ws.setup.rounds.len();
        if self.started == 0 {
            Phase::Lobby
        } else if !rules::round_complete(&self.ws, self.started) {
            Phase::Playing(self.started)
        } else if self.started >= rounds {
            Phase::Finished
        } else {
            Phase::Reveal(self.started)
        }
    }

    /// The team whose seat `token` holds.
    pub fn team_of(&self, token: &str) -> Option<usize> {
        let mut found = None;
        for (i, s) in self.seats.iter().enumerate() {
            if let Some(s) = s
                && same(s, token)
            {
                found = Some(i);
            }
        }
        found
    }

    /// Does `team` play the round being played? (Not when it joined after it began, was removed,
    /// or was recorded as unfinished.)
    pub fn plays(&self, team: usize) -> bool {
        let round = self.started;
        round > 0 && self.ws.skip(round, team).is_none() && self.ws.setup.teams[team].withdrawn.is_none()
    }

    /// Is `team`'s call in the round being played over (its run recorded)?
    pub fn call_over(&self, team: usize) -> bool {
        self.started > 0 && self.ws.active_run(self.started, team).is_some()
    }

    /// Decides a device's message. `token` is what the connection authenticated with; `new_token`
    /// is the token to give if the message takes a seat. Pure: nothing changes.
    pub fn decide_device(
        &self,
        token: Option<&str>,
        msg: &ClientMsg,
        new_token: &str,
        now: i64,
    ) -> Result<Option<Plan>, RoomError> {
        let _ = now;
        match msg {
            ClientMsg::Ping {} => Ok(None),
            ClientMsg::Hello { code, token: t } => {
                if !same(&code.trim().to_ascii_uppercase(), &self.code) {
                    return Err(err(
                        "bad_code",
                        "房间代码不对，请看投影上的代码",
                        "that is not this room's code: check the code on the projector",
                    ));
                }
                if let Some(t) = t
                    && self.team_of(t).is_none()
                {
                    return Err(revoked());
                }
                Ok(None)
            }
            ClientMsg::CreateTeam { name, slogan, members } => {
                if let Some(t) = token
                    && let Some(team) = self.team_of(t)
                {
                    return Err(err(
                        "seated",
                        format!("这台设备已代表“{}”", self.ws.setup.teams[team].name),
                        format!("this device already holds team \"{}\"", self.ws.setup.teams[team].name),
                    ));
                }
                self.open_to_newcomers()?;
                self.new_token_ok(new_token)?;
                let team = crate::workshop::setup::clean_team(Team {
                    name: name.clone(),
                    slogan: slogan.clone(),
                    members: members.clone(),
                    withdrawn: None,
                })
                .map_err(|m| err("bad_name", m.clone(), m))?;
                let (skip, reason) = match self.phase() {
                    Phase::Lobby => (Vec::new(), String::new()),
                    Phase::Playing(r) => (
                        (1..=r).collect(),
                        format!(
                            "第 {r} 轮开始后加入，从下一轮起参加 / joined during round {r}, plays from the next round"
                        ),
                    ),
                    Phase::Reveal(r) => ((1..=r).collect(), format!("第 {r} 轮后加入 / joined after round {r}")),
                    Phase::Finished => unreachable!("open_to_newcomers refuses a finished workshop"),
                };
                let index = rules::check_add_team(&self.ws, &team, &skip, &reason)?;
                Ok(Some(Plan {
                    event: RoomEvent::TeamCreated {
                        team: index,
                        token: new_token.to_string(),
                    },
                    changes: vec![Change::AddTeam { team, skip, reason }],
                    reply: Reply::Seat {
                        token: new_token.to_string(),
                        team: index,
                    },
                }))
            }
            ClientMsg::Claim { team } => {
                let team = *team;
                if let Some(t) = token
                    && self.team_of(t).is_some()
                {
                    return Err(err(
                        "seated",
                        "这台设备已代表一个队伍",
                        "this device already holds a team",
                    ));
                }
                let Some(t) = self.ws.setup.teams.get(team) else {
                    return Err(RuleError::NoSuchTeam { team }.into());
                };
                if t.withdrawn.is_some() {
                    return Err(RuleError::Withdrawn { team: t.name.clone() }.into());
                }
                if self.seats[team].is_some() {
                    return Err(err(
                        "seat_held",
                        format!("“{}”已由另一台设备代表；如需换设备，请讲师释放座位", t.name),
                        format!(
                            "team \"{}\" is held by another device; the trainer can release the seat to move it",
                            t.name
                        ),
                    ));
                }
                if self.locked {
                    return Err(locked());
                }
                if self.phase() == Phase::Finished {
                    return Err(RuleError::Complete.into());
                }
                self.new_token_ok(new_token)?;
                Ok(Some(Plan {
                    event: RoomEvent::Seated {
                        team,
                        token: new_token.to_string(),
                    },
                    changes: Vec::new(),
                    reply: Reply::Seat {
                        token: new_token.to_string(),
                        team,
                    },
                }))
            }
            ClientMsg::Choose { round, turn, option } => {
                let team = token.and_then(|t| self.team_of(t)).ok_or_else(no_seat)?;
                self.decide_choice(team, *round, *turn, *option)
            }
        }
    }

    fn open_to_newcomers(&self) -> Result<(), RoomError> {
        if self.locked {
            return Err(locked());
        }
        if self.phase() == Phase::Finished {
            return Err(RuleError::Complete.into());
        }
        Ok(())
    }

    fn new_token_ok(&self, t: &str) -> Result<(), RoomError> {
        if !token_ok(t) || self.team_of(t).is_some() {
            return Err(err("token", "主机生成的令牌无效", "the host made an unusable token"));
        }
        Ok(())
    }

    fn decide_choice(&self, team: usize, round: usize, turn: usize, option: usize) -> Result<Option<Plan>, RoomError> {
        let name = &self.ws.setup.teams[team].name;
        let Phase::Playing(current) = self.phase() else {
            return Err(err(
                "not_playing",
                "现在没有进行中的轮次，请等讲师开始",
                "no round is being played; wait for the trainer to start one",
            ));
        };
        if round != current {
            return Err(RuleError::NotPlayingRound { round, current }.into());
        }
        if self.ws.paused {
            return Err(RuleError::Paused { resume_hint: false }.into());
        }
        if let Some(_why) = &self.ws.setup.teams[team].withdrawn {
            return Err(RuleError::Withdrawn { team: name.clone() }.into());
        }
        if self.ws.skip(round, team).is_some() {
            return Err(err(
                "sits_out",
                "你们的队伍不参加本轮，下一轮开始时即可作答",
                "your team sits this round out; you play from the next round",
            ));
        }
        let made = &self.calls[team];
        if turn < made.len() {
            // The same choice sent again (a retry after a lost acknowledgement) is not an error.
            if made[turn] == option {
                return Ok(None);
            }
            return Err(out_of_turn(turn, made.len()));
        }
        if turn > made.len() {
            return Err(out_of_turn(turn, made.len()));
        }
        if self.call_over(team) {
            return Err(err("call_over", "本轮通话已结束", "your call in this round is over"));
        }
        if self.pacing() == Pacing::Paced && turn >= self.gate {
            return Err(err(
                "wait",
                "请等讲师开放下一个决定",
                "wait for the trainer to open the next decision",
            ));
        }
        let sc = &self.scenarios[round - 1];
        // One customer played forward: checked, chosen, and scored if the call ends here.
        let mut sim = self
            .team_sim(team)
            .ok_or_else(|| err("not_playing", "现在没有进行中的轮次", "no round is being played"))?
            .map_err(|e| {
                err(
                    "replay",
                    format!("无法重演本队通话：{e}"),
                    format!("the team's call cannot be replayed: {e}"),
                )
            })?;
        let options = sim.options().len();
        if option >= options {
            return Err(err(
                "bad_option",
                format!("没有第 {} 个选项（共 {options} 个）", option.saturating_add(1)),
                format!("there is no option {} (there are {options})", option.saturating_add(1)),
            ));
        }
        sim.choose(option)
            .map_err(|e| err("bad_option", e.to_string(), e.to_string()))?;
        let mut changes = Vec::new();
        if sim.finished() {
            rules::check_play(&self.ws, round, team)?;
            let run = sim.into_run();
            let score = Scorer::new(sc, &self.cfg).score(&run);
            changes.push(Change::Run(Box::new(TeamRun::from_run(
                sc,
                &run,
                &score,
                round,
                team,
                crate::store::now(),
            ))));
        }
        Ok(Some(Plan {
            event: RoomEvent::Chose { round, team, option },
            changes,
            reply: Reply::Ok,
        }))
    }

    /// Decides a trainer's command. Pure: nothing changes.
    pub fn decide_trainer(&self, cmd: &TrainerCmd) -> Result<Plan, RoomError> {
        let plan = |event, changes| Plan {
            event,
            changes,
            reply: Reply::Ok,
        };
        let team_ok = |team: usize| -> Result<(), RoomError> {
            if team >= self.ws.setup.teams.len() {
                return Err(RuleError::NoSuchTeam { team }.into());
            }
            Ok(())
        };
        match cmd {
            TrainerCmd::StartRound => {
                let rounds = self.ws.setup.rounds.len();
                match self.phase() {
                    Phase::Playing(r) => {
                        return Err(err(
                            "round_running",
                            format!("第 {r} 轮还在进行"),
                            format!("round {r} is still being played"),
                        ));
                    }
                    Phase::Finished => return Err(RuleError::Complete.into()),
                    Phase::Lobby | Phase::Reveal(_) => {}
                }
                if self.ws.paused {
                    return Err(RuleError::Paused { resume_hint: false }.into());
                }
                if !self.ws.setup.teams.iter().any(|t| t.withdrawn.is_none()) {
                    return Err(err("no_teams", "还没有队伍加入", "no team has joined yet"));
                }
                let round = self.started + 1;
                debug_assert!(round <= rounds);
                Ok(plan(RoomEvent::RoundStarted { round }, Vec::new()))
            }
            TrainerCmd::EndRound => {
                let Phase::Playing(round) = self.phase() else {
                    return Err(err("not_playing", "没有进行中的轮次", "no round is being played"));
                };
                if self.ws.paused {
                    return Err(RuleError::Paused { resume_hint: false }.into());
                }
                let changes = (0..self.ws.setup.teams.len())
                    .filter(|&t| self.plays(t) && !self.call_over(t))
                    .map(|t| {
                        let k = self.calls[t].len();
                        Change::Skip {
                            round,
                            team: t,
                            reason: format!(
                                "未完成：讲师结束本轮时只做了 {k} 个决定 / unfinished: {k} decisions made when the trainer ended the round"
                            ),
                        }
                    })
                    .collect();
                Ok(plan(RoomEvent::RoundEnded { round }, changes))
            }
            TrainerCmd::Pause { paused } => Ok(plan(
                RoomEvent::Paused { paused: *paused },
                vec![Change::Pause(*paused)],
            )),
            TrainerCmd::Lock { locked } => Ok(plan(RoomEvent::Locked { locked: *locked }, Vec::new())),
            TrainerCmd::Rename { team, name } => {
                team_ok(*team)?;
                let name =
                    crate::names::name(name, ("team name", "队名")).map_err(|m| err("bad_name", m.clone(), m))?;
                rules::check_rename(&self.ws, *team, &name)?;
                Ok(plan(
                    RoomEvent::Renamed { team: *team },
                    vec![Change::Rename { team: *team, name }],
                ))
            }
            TrainerCmd::Remove { team, reason } => {
                team_ok(*team)?;
                let reason = reason.trim().to_string();
                rules::check_withdraw(&self.ws, *team, &reason)?;
                Ok(plan(
                    RoomEvent::Removed { team: *team },
                    vec![Change::Withdraw { team: *team, reason }],
                ))
            }
            TrainerCmd::Release { team } => {
                team_ok(*team)?;
                if self.seats[*team].is_none() {
                    return Err(err("seat_free", "这个座位没有被占用", "that seat is not held"));
                }
                Ok(plan(RoomEvent::Released { team: *team }, Vec::new()))
            }
            TrainerCmd::NextDecision => {
                if self.pacing() != Pacing::Paced {
                    return Err(err(
                        "not_paced",
                        "本工作坊各队自行推进，无需开放决定",
                        "teams move at their own pace in this workshop; there is no decision to open",
                    ));
                }
                let Phase::Playing(_) = self.phase() else {
                    return Err(err("not_playing", "没有进行中的轮次", "no round is being played"));
                };
                Ok(plan(RoomEvent::Gate { open: self.gate + 1 }, Vec::new()))
            }
            TrainerCmd::Redo { team, reason } => {
                team_ok(*team)?;
                let round = self.started;
                if round == 0 {
                    return Err(err("not_playing", "还没有开始任何一轮", "no round has started yet"));
                }
                let reason = reason.trim().to_string();
                rules::check_redo(&self.ws, round, *team, &reason)?;
                Ok(plan(
                    RoomEvent::Redone { round, team: *team },
                    vec![Change::Redo {
                        round,
                        team: *team,
                        reason,
                    }],
                ))
            }
        }
    }

    /// Applies an accepted event at time `at` (ms). `ws`, when given, is the workshop as stored
    /// after the event's changes (the host passes it; replaying a log passes None because the
    /// stored workshop already holds every change).
    pub fn apply(&mut self, event: &RoomEvent, at: i64, ws: Option<Workshop>) {
        if let Some(ws) = ws {
            self.ws = ws;
        }
        let n = self.ws.setup.teams.len();
        self.seats.resize(n, None);
        self.calls.resize(n, Vec::new());
        self.since.resize(n, at);
        match event {
            RoomEvent::TeamCreated { team, token } | RoomEvent::Seated { team, token } => {
                if *team < n {
                    self.seats[*team] = Some(token.clone());
                    self.greetings.retain(|t| t != team);
                    self.greetings.push(*team);
                    if self.greetings.len() > GREETINGS {
                        self.greetings.remove(0);
                    }
                }
            }
            RoomEvent::Released { team } => {
                if let Some(s) = self.seats.get_mut(*team) {
                    *s = None;
                }
            }
            RoomEvent::Removed { team } => {
                if let Some(s) = self.seats.get_mut(*team) {
                    *s = None;
                }
                self.greetings.retain(|t| t != team);
            }
            RoomEvent::Renamed { .. } | RoomEvent::Paused { .. } | RoomEvent::RoundEnded { .. } => {}
            RoomEvent::Locked { locked } => self.locked = *locked,
            RoomEvent::RoundStarted { round } => {
                self.started = *round;
                self.gate = 1;
                self.gate_at = at;
                for c in &mut self.calls {
                    c.clear();
                }
                for s in &mut self.since {
                    *s = at;
                }
            }
            RoomEvent::Gate { open } => {
                self.gate = *open;
                self.gate_at = at;
            }
            RoomEvent::Chose { team, option, .. } => {
                if let Some(c) = self.calls.get_mut(*team) {
                    c.push(*option);
                    self.since[*team] = at;
                }
            }
            RoomEvent::Redone { team, .. } => {
                if let Some(c) = self.calls.get_mut(*team) {
                    c.clear();
                    self.since[*team] = at;
                }
            }
        }
        self.seq += 1;
    }

    /// When the team's current decision began (ms): its last choice, or the gate opening in a
    /// paced room, whichever is later.
    pub fn decision_since(&self, team: usize) -> i64 {
        let own = self.since.get(team).copied().unwrap_or(0);
        if self.pacing() == Pacing::Paced {
            own.max(self.gate_at)
        } else {
            own
        }
    }

    /// The customer at the team's current decision in the round being played, its choices played
    /// forward once (None before a round starts).
    fn team_sim(&self, team: usize) -> Option<Result<Sim<'_>, crate::engine::sim::SimError>> {
        let round = self.started;
        if round == 0 || team >= self.calls.len() {
            return None;
        }
        let mut sim = Sim::new(&self.scenarios[round - 1], self.ws.setup.rounds[round - 1].seed);
        for &c in &self.calls[team] {
            if let Err(e) = sim.choose(c) {
                return Some(Err(e));
            }
        }
        Some(Ok(sim))
    }

    /// The customer at the team's current decision (for views).
    pub(crate) fn with_sim<T>(&self, team: usize, f: impl FnOnce(&Sim) -> T) -> Option<T> {
        let sim = self.team_sim(team)?.ok()?;
        Some(f(&sim))
    }
}

fn locked() -> RoomError {
    err("locked", "房间已锁定，请找讲师", "the room is locked; ask the trainer")
}

fn no_seat() -> RoomError {
    err(
        "no_seat",
        "这台设备还没有代表任何队伍，请先创建或选择队伍",
        "this device holds no team yet: create or claim one first",
    )
}

/// The answer to a token the room no longer knows (released seat, removed team, another room).
pub fn revoked() -> RoomError {
    err(
        "revoked",
        "这台设备已不再代表该队伍（座位已释放或队伍已移除），请重新选择队伍",
        "this device no longer holds its team (the seat was released or the team removed): join again",
    )
}

fn out_of_turn(turn: usize, made: usize) -> RoomError {
    err(
        "out_of_turn",
        format!(
            "这不是当前的决定（已做 {made} 个，收到第 {} 个）",
            turn.saturating_add(1)
        ),
        format!(
            "that is not the current decision ({made} made, got number {})",
            turn.saturating_add(1)
        ),
    )
}

#[cfg(test)]
mod tests;
