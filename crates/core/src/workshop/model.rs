//! The data of a workshop: its setup (teams, rounds, texts) and what happened (runs, skips, redos).
//! Plain data, serialisable; the rules that read it are in `rules.rs`, storage is in `crate::store`.

use serde::{Deserialize, Serialize};

use crate::engine::{Compiled, Principle, Run, Score};

/// A team member's role, as the course assigns them (队长、副队长、书记、纪律委员).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Captain,
    ViceCaptain,
    Secretary,
    DisciplineOfficer,
    Member,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Captain,
        Role::ViceCaptain,
        Role::Secretary,
        Role::DisciplineOfficer,
        Role::Member,
    ];
    pub fn id(self) -> &'static str {
        match self {
            Role::Captain => "captain",
            Role::ViceCaptain => "vice_captain",
            Role::Secretary => "secretary",
            Role::DisciplineOfficer => "discipline_officer",
            Role::Member => "member",
        }
    }
    pub fn from_id(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == s)
    }
    pub fn label(self) -> crate::engine::Text {
        let (zh, en) = match self {
            Role::Captain => ("队长", "captain"),
            Role::ViceCaptain => ("副队长", "vice-captain"),
            Role::Secretary => ("书记", "secretary"),
            Role::DisciplineOfficer => ("纪律委员", "discipline officer"),
            Role::Member => ("队员", "member"),
        };
        crate::engine::Text::new(zh, en)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub name: String,
    #[serde(default)]
    pub slogan: String,
    #[serde(default)]
    pub members: Vec<Member>,
    /// Set when the trainer removed the team (the reason): it plays no further round and counts as
    /// skipped in every round it has not played.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
}

/// How a room's teams move through a round's decisions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pacing {
    /// Every team plays its call at its own pace.
    #[default]
    Free,
    /// The trainer opens one decision at a time for everyone ("讲师出题"): discuss, lock in, next.
    Paced,
}

impl Pacing {
    pub fn id(self) -> &'static str {
        match self {
            Pacing::Free => "free",
            Pacing::Paced => "paced",
        }
    }
    pub fn from_id(s: &str) -> Option<Pacing> {
        [Pacing::Free, Pacing::Paced].into_iter().find(|p| p.id() == s)
    }
}

/// One assessment: every team faces the same scenario with the same seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub scenario: String,
    pub seed: u64,
}

/// Default number of assessments (the course runs three).
pub const DEFAULT_ROUNDS: usize = 3;
/// Most rounds a workshop can have (the course plays three; a day of training a dozen at most).
pub const MAX_ROUNDS: usize = 50;
/// Most teams in one workshop (a company-wide event in one hall).
pub const MAX_TEAMS: usize = 200;
/// Most members listed for one team.
pub const MAX_MEMBERS: usize = 30;
/// Default discussion time per decision, in seconds.
pub const DEFAULT_DISCUSSION_SECS: u32 = 60;

/// A workshop as the trainer set it up (seeds resolved).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    pub name: String,
    pub teams: Vec<Team>,
    pub rounds: Vec<Round>,
    pub discussion_secs: u32,
    pub reward: String,
    pub penalty: String,
    #[serde(default)]
    pub pacing: Pacing,
}

/// One decision of a recorded run: where it was taken and which option (1-based, in the order
/// `Sim::options` gives) was chosen. Kept with the run so the debrief never needs to replay.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pick {
    pub node: String,
    pub option: usize,
}

/// A team's scored run in one round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamRun {
    /// Database id (None before it is recorded).
    pub id: Option<i64>,
    /// 1-based round number.
    pub round: usize,
    /// Index of the team in `Setup::teams`.
    pub team: usize,
    pub seed: u64,
    /// 1-based choices, replayable with `play --choices`.
    pub choices: Vec<usize>,
    pub picks: Vec<Pick>,
    pub total: f32,
    pub principles: Vec<(Principle, f32)>,
    pub outcome: Option<String>,
    pub finished_at: i64,
    /// Set when the trainer redid this run: the reason. A redone run no longer counts.
    pub redone: Option<String>,
}

impl TeamRun {
    /// The record of a finished, scored run for `team` (index) in `round` (1-based): what
    /// [`crate::store::Store::record_team_run`] stores. Shared by the CLI and the game.
    pub fn from_run(sc: &Compiled, run: &Run, score: &Score, round: usize, team: usize, finished_at: i64) -> TeamRun {
        TeamRun {
            id: None,
            round,
            team,
            seed: run.seed,
            choices: run.choices(),
            picks: run
                .turns
                .iter()
                .map(|t| Pick {
                    node: sc.names[t.node].clone(),
                    option: t.option + 1,
                })
                .collect(),
            total: score.total,
            principles: score.principles.iter().map(|p| (p.principle, p.score)).collect(),
            outcome: run.outcome(sc).map(|o| o.id().to_string()),
            finished_at,
            redone: None,
        }
    }
}

/// A team that did not play a round (absent), with the trainer's reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Skip {
    pub round: usize,
    pub team: usize,
    pub reason: String,
    pub at: i64,
}

/// Everything about one workshop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workshop {
    pub id: i64,
    pub created_at: i64,
    pub setup: Setup,
    pub paused: bool,
    /// All runs, in the order they were recorded, including redone ones.
    pub runs: Vec<TeamRun>,
    pub skips: Vec<Skip>,
}

impl Workshop {
    /// The run that counts for `team` in `round` (the latest one not redone).
    pub fn active_run(&self, round: usize, team: usize) -> Option<&TeamRun> {
        self.runs
            .iter()
            .rev()
            .find(|r| r.round == round && r.team == team && r.redone.is_none())
    }
    /// The skip for `team` in `round`, if it was skipped and has not played since.
    pub fn skip(&self, round: usize, team: usize) -> Option<&Skip> {
        if self.active_run(round, team).is_some() {
            return None;
        }
        self.skips.iter().rev().find(|s| s.round == round && s.team == team)
    }
    pub fn team_index(&self, name: &str) -> Option<usize> {
        self.setup.teams.iter().position(|t| t.name == name)
    }
}
