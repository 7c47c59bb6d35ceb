//! The rules of a workshop: whose turn it is, what may be recorded, the ranking, the awards and the
//! room statistics. Everything here is a pure function of a [`Workshop`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{Setup, Workshop};
use crate::engine::scoring::PRINCIPLES as PRINCIPLES_LIST;
use crate::engine::{Principle, Text};

/// Checks a setup before it is stored.
pub fn validate_setup(s: &Setup) -> Result<(), String> {
    use super::model::{MAX_MEMBERS, MAX_ROUNDS, MAX_TEAMS};
    if s.name.trim().is_empty() {
        return Err("the workshop needs a name / 工作坊需要名称".into());
    }
    if s.teams.len() > MAX_TEAMS || s.rounds.len() > MAX_ROUNDS {
        return Err(format!(
            "{} teams and {} rounds: at most {MAX_TEAMS} teams and {MAX_ROUNDS} rounds / 队伍或轮数过多",
            s.teams.len(),
            s.rounds.len()
        ));
    }
    // Every name in its stored form (see `crate::names`); `setup::build` produces that form.
    let clean = |v: &str, what: (&str, &str), text: bool| {
        let c = if text {
            crate::names::text(v, what)
        } else {
            crate::names::name(v, what)
        }?;
        if c != v {
            return Err(format!(
                "{} {v:?} is not trimmed and NFC-normalised / {}未规范化",
                what.0, what.1
            ));
        }
        Ok(())
    };
    clean(&s.name, ("workshop name", "工作坊名称"), false)?;
    clean(&s.reward, ("reward", "奖励"), true)?;
    clean(&s.penalty, ("penalty", "惩罚"), true)?;
    for t in &s.teams {
        clean(&t.name, ("team name", "队名"), false)?;
        clean(&t.slogan, ("slogan", "口号"), true)?;
        if t.members.len() > MAX_MEMBERS {
            return Err(format!("team \"{}\": at most {MAX_MEMBERS} members / 队员过多", t.name));
        }
        for m in &t.members {
            clean(&m.name, ("member name", "队员姓名"), false)?;
        }
    }
    for (i, t) in s.teams.iter().enumerate() {
        if t.name.trim().is_empty() {
            return Err(format!("team {} has no name / 第 {} 队没有队名", i + 1, i + 1));
        }
        if s.teams[..i].iter().any(|o| o.name == t.name) {
            return Err(format!("two teams are called \"{}\" / 队名重复:{}", t.name, t.name));
        }
    }
    if s.rounds.is_empty() {
        return Err("a workshop needs at least one round / 至少需要一轮".into());
    }
    for (i, r) in s.rounds.iter().enumerate() {
        if r.scenario.trim().is_empty() {
            return Err(format!("round {} has no scenario / 第 {} 轮没有指定场景", i + 1, i + 1));
        }
    }
    Ok(())
}

/// Where a team stands in a round.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TeamState {
    Played { total: f32 },
    Skipped { reason: String },
    Waiting,
}

/// Where the workshop stands: the round being played, who played, who is next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Status {
    pub workshop: String,
    pub id: i64,
    pub paused: bool,
    /// 1-based round being played; None once every round is complete.
    pub round: Option<usize>,
    pub rounds: usize,
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    /// Each team's state in the current round (setup order).
    pub teams: Vec<(String, TeamState)>,
    /// The next team to play (the first waiting team in setup order).
    pub next: Option<String>,
    pub finished: bool,
}

fn state(ws: &Workshop, round: usize, team: usize) -> TeamState {
    if let Some(r) = ws.active_run(round, team) {
        TeamState::Played { total: r.total }
    } else if let Some(s) = ws.skip(round, team) {
        TeamState::Skipped {
            reason: s.reason.clone(),
        }
    } else if let Some(reason) = &ws.setup.teams[team].withdrawn {
        TeamState::Skipped { reason: reason.clone() }
    } else {
        TeamState::Waiting
    }
}

/// A round is complete when every team has played it or been skipped (a workshop without teams
/// yet — teams may still join from their devices — has no complete round).
pub fn round_complete(ws: &Workshop, round: usize) -> bool {
    !ws.setup.teams.is_empty() && (0..ws.setup.teams.len()).all(|t| state(ws, round, t) != TeamState::Waiting)
}

/// The round being played: the first one not complete.
pub fn current_round(ws: &Workshop) -> Option<usize> {
    (1..=ws.setup.rounds.len()).find(|&r| !round_complete(ws, r))
}

pub fn status(ws: &Workshop) -> Status {
    let round = current_round(ws);
    let shown = round.unwrap_or(ws.setup.rounds.len());
    let teams: Vec<(String, TeamState)> = ws
        .setup
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), state(ws, shown, i)))
        .collect();
    let next = round.and_then(|_| {
        teams
            .iter()
            .find(|(_, s)| *s == TeamState::Waiting)
            .map(|(n, _)| n.clone())
    });
    Status {
        workshop: ws.setup.name.clone(),
        id: ws.id,
        paused: ws.paused,
        round,
        rounds: ws.setup.rounds.len(),
        scenario: round.map(|r| ws.setup.rounds[r - 1].scenario.clone()),
        seed: round.map(|r| ws.setup.rounds[r - 1].seed),
        teams,
        next,
        finished: round.is_none(),
    }
}

/// Why a workshop rule refuses an action. A client shows [`RuleError::text`] in its own language,
/// or acts on [`RuleError::code`]; `Display` gives both languages ("English / 中文").
#[derive(Clone, Debug, PartialEq)]
pub enum RuleError {
    NoSuchTeam {
        team: usize,
    },
    /// `resume_hint`: the message names the command that resumes.
    Paused {
        resume_hint: bool,
    },
    Complete,
    /// A run asked for a round that is not being played.
    NotPlayingRound {
        round: usize,
        current: usize,
    },
    /// A skip asked for a round that is not the current one.
    NotCurrentRound {
        round: usize,
        current: usize,
    },
    AlreadyPlayed {
        team: String,
        round: usize,
        total: f32,
    },
    AlreadyPlayedThisRound {
        team: String,
    },
    AlreadySkipped {
        team: String,
    },
    ReasonRequired {
        redo: bool,
    },
    /// The reason text is not acceptable (control characters, too long …).
    BadReason(String),
    NoRunToRedo {
        team: String,
        round: usize,
    },
    NextRoundStarted {
        round: usize,
    },
    RunWithoutId,
    NoSuchRound {
        round: usize,
        rounds: usize,
    },
    /// The trainer removed this team.
    Withdrawn {
        team: String,
    },
    /// Another team already has this name.
    NameTaken {
        name: String,
    },
    /// A name or text that cannot be stored (empty, control characters, too long …).
    BadName(String),
    TooManyTeams,
}

impl RuleError {
    /// A stable identifier for programs (a browser client, tests).
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::NoSuchTeam { .. } => "no_such_team",
            RuleError::Paused { .. } => "paused",
            RuleError::Complete => "complete",
            RuleError::NotPlayingRound { .. } | RuleError::NotCurrentRound { .. } => "not_current_round",
            RuleError::AlreadyPlayed { .. } | RuleError::AlreadyPlayedThisRound { .. } => "already_played",
            RuleError::AlreadySkipped { .. } => "already_skipped",
            RuleError::ReasonRequired { .. } => "reason_required",
            RuleError::BadReason(_) => "bad_reason",
            RuleError::NoRunToRedo { .. } => "no_run_to_redo",
            RuleError::NextRoundStarted { .. } => "next_round_started",
            RuleError::RunWithoutId => "run_without_id",
            RuleError::NoSuchRound { .. } => "no_such_round",
            RuleError::Withdrawn { .. } => "withdrawn",
            RuleError::NameTaken { .. } => "name_taken",
            RuleError::BadName(_) => "bad_name",
            RuleError::TooManyTeams => "too_many_teams",
        }
    }

    /// The message in each language.
    pub fn text(&self) -> Text {
        let (zh, en) = self.parts();
        Text::new(zh, en)
    }

    fn parts(&self) -> (String, String) {
        match self {
            RuleError::NoSuchTeam { team } => (format!("没有编号为 {team} 的队伍"), format!("no team number {team}")),
            RuleError::Paused { resume_hint: true } => (
                "工作坊已暂停,请先恢复".into(),
                "the workshop is paused; resume it first (workshop resume)".into(),
            ),
            RuleError::Paused { resume_hint: false } => (
                "工作坊已暂停,请先恢复".into(),
                "the workshop is paused; resume it first".into(),
            ),
            RuleError::Complete => ("所有轮次均已结束".into(), "every round is complete".into()),
            RuleError::NotPlayingRound { round, current } => (
                format!("当前是第 {current} 轮,不是第 {round} 轮"),
                format!("round {round} is not being played; the current round is {current}"),
            ),
            RuleError::NotCurrentRound { round, current } => (
                format!("当前是第 {current} 轮"),
                format!("the current round is {current}, not {round}"),
            ),
            RuleError::AlreadyPlayed { team, round, total } => (
                format!("“{team}”本轮已完成,重来请用 workshop redo 并写明原因"),
                format!(
                    "team \"{team}\" already played round {round} ({total:.1}); to replay it use `workshop redo --team NAME --reason TEXT`"
                ),
            ),
            RuleError::AlreadyPlayedThisRound { team } => (
                format!("“{team}”本轮已完成"),
                format!("team \"{team}\" already played this round"),
            ),
            RuleError::AlreadySkipped { team } => (
                format!("“{team}”已被跳过"),
                format!("team \"{team}\" is already skipped"),
            ),
            RuleError::ReasonRequired { redo: false } => (
                "跳过队伍需要填写原因".into(),
                "skipping a team needs a reason (--reason)".into(),
            ),
            RuleError::ReasonRequired { redo: true } => (
                "重来必须写明原因".into(),
                "a redo needs a recorded reason (--reason)".into(),
            ),
            RuleError::BadReason(m) => (m.clone(), m.clone()),
            RuleError::NoRunToRedo { team, round } => (
                format!("“{team}”第 {round} 轮没有可重来的记录"),
                format!("team \"{team}\" has no run in round {round} to redo"),
            ),
            RuleError::NextRoundStarted { round } => (
                format!("下一轮已开始,不能再重来第 {round} 轮"),
                format!(
                    "round {} has already started; round {round} can no longer be redone",
                    round + 1
                ),
            ),
            RuleError::RunWithoutId => ("这条记录没有编号".into(), "the run has no id".into()),
            RuleError::NoSuchRound { round, rounds } => (
                format!("没有第 {round} 轮"),
                format!("round {round} does not exist (1–{rounds})"),
            ),
            RuleError::Withdrawn { team } => (
                format!("“{team}”已被讲师移出，不再参加"),
                format!("team \"{team}\" was removed by the trainer and plays no further round"),
            ),
            RuleError::NameTaken { name } => (
                format!("已有队伍叫“{name}”，请换一个队名"),
                format!("a team called \"{name}\" already exists; choose another name"),
            ),
            RuleError::BadName(m) => (m.clone(), m.clone()),
            RuleError::TooManyTeams => (
                format!("队伍已满（上限 {} 队）", super::model::MAX_TEAMS),
                format!("the workshop is full ({} teams at most)", super::model::MAX_TEAMS),
            ),
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (zh, en) = self.parts();
        match self {
            // Messages that were only ever written once (English, or already bilingual).
            RuleError::NoSuchTeam { .. }
            | RuleError::RunWithoutId
            | RuleError::BadReason(_)
            | RuleError::BadName(_) => {
                write!(f, "{en}")
            }
            _ => write!(f, "{en} / {zh}"),
        }
    }
}

impl std::error::Error for RuleError {}

impl From<RuleError> for String {
    fn from(e: RuleError) -> String {
        e.to_string()
    }
}

fn team_ok(ws: &Workshop, team: usize) -> Result<(), RuleError> {
    if team >= ws.setup.teams.len() {
        return Err(RuleError::NoSuchTeam { team });
    }
    Ok(())
}

/// May `team` record a run in `round` now? Only in the current round, not while paused, not twice.
pub fn check_play(ws: &Workshop, round: usize, team: usize) -> Result<(), RuleError> {
    team_ok(ws, team)?;
    if ws.paused {
        return Err(RuleError::Paused { resume_hint: true });
    }
    let name = &ws.setup.teams[team].name;
    if ws.setup.teams[team].withdrawn.is_some() {
        return Err(RuleError::Withdrawn { team: name.clone() });
    }
    match current_round(ws) {
        None => Err(RuleError::Complete),
        Some(cur) if cur != round => Err(RuleError::NotPlayingRound { round, current: cur }),
        Some(_) => match state(ws, round, team) {
            TeamState::Played { total } => Err(RuleError::AlreadyPlayed {
                team: name.clone(),
                round,
                total,
            }),
            _ => Ok(()),
        },
    }
}

/// May `team` be marked absent in `round`? Only in the current round, with a reason, if it has not played.
pub fn check_skip(ws: &Workshop, round: usize, team: usize, reason: &str) -> Result<(), RuleError> {
    team_ok(ws, team)?;
    if reason.trim().is_empty() {
        return Err(RuleError::ReasonRequired { redo: false });
    }
    crate::names::text(reason, ("reason", "原因")).map_err(RuleError::BadReason)?;
    if ws.paused {
        return Err(RuleError::Paused { resume_hint: false });
    }
    let name = &ws.setup.teams[team].name;
    match current_round(ws) {
        None => Err(RuleError::Complete),
        Some(cur) if cur != round => Err(RuleError::NotCurrentRound { round, current: cur }),
        Some(_) => match state(ws, round, team) {
            TeamState::Played { .. } => Err(RuleError::AlreadyPlayedThisRound { team: name.clone() }),
            TeamState::Skipped { .. } => Err(RuleError::AlreadySkipped { team: name.clone() }),
            TeamState::Waiting => Ok(()),
        },
    }
}

/// May `team`'s run in `round` be redone? It must exist and the reason must be given. Redoing is
/// allowed in the current round and in the last complete round while the next has no runs yet.
/// Returns the id of the run to set aside.
pub fn check_redo(ws: &Workshop, round: usize, team: usize, reason: &str) -> Result<i64, RuleError> {
    team_ok(ws, team)?;
    if reason.trim().is_empty() {
        return Err(RuleError::ReasonRequired { redo: true });
    }
    crate::names::text(reason, ("reason", "原因")).map_err(RuleError::BadReason)?;
    if ws.paused {
        return Err(RuleError::Paused { resume_hint: false });
    }
    let name = &ws.setup.teams[team].name;
    let Some(run) = ws.active_run(round, team) else {
        return Err(RuleError::NoRunToRedo {
            team: name.clone(),
            round,
        });
    };
    let later_started = ws.runs.iter().any(|r| r.round > round && r.redone.is_none());
    if later_started {
        return Err(RuleError::NextRoundStarted { round });
    }
    run.id.ok_or(RuleError::RunWithoutId)
}

/// May `team` join the workshop, skipped in rounds `skip` with `reason`? Its names must be in their
/// stored form (see `setup::clean_team`), unique, the workshop not full. Returns its index.
pub fn check_add_team(
    ws: &Workshop,
    team: &super::model::Team,
    skip: &[usize],
    reason: &str,
) -> Result<usize, RuleError> {
    if ws.setup.teams.len() >= super::model::MAX_TEAMS {
        return Err(RuleError::TooManyTeams);
    }
    let clean = super::setup::clean_team(team.clone()).map_err(RuleError::BadName)?;
    if &clean != team {
        return Err(RuleError::BadName(format!(
            "team \"{}\" is not in its stored form (trimmed, NFC) / 队名未规范化",
            team.name
        )));
    }
    if ws.setup.teams.iter().any(|t| t.name == team.name) {
        return Err(RuleError::NameTaken {
            name: team.name.clone(),
        });
    }
    for &round in skip {
        if round == 0 || round > ws.setup.rounds.len() {
            return Err(RuleError::NoSuchRound {
                round,
                rounds: ws.setup.rounds.len(),
            });
        }
    }
    if !skip.is_empty() {
        crate::names::text(reason, ("reason", "原因")).map_err(RuleError::BadReason)?;
        if reason.trim().is_empty() {
            return Err(RuleError::ReasonRequired { redo: false });
        }
    }
    Ok(ws.setup.teams.len())
}

/// May `team` be called `name`? A stored-form name no other team has.
pub fn check_rename(ws: &Workshop, team: usize, name: &str) -> Result<(), RuleError> {
    team_ok(ws, team)?;
    let clean = crate::names::name(name, ("team name", "队名")).map_err(RuleError::BadName)?;
    if clean != name {
        return Err(RuleError::BadName(format!(
            "team name \"{name}\" is not in its stored form (trimmed, NFC) / 队名未规范化"
        )));
    }
    if ws
        .setup
        .teams
        .iter()
        .enumerate()
        .any(|(i, t)| i != team && t.name == name)
    {
        return Err(RuleError::NameTaken { name: name.to_string() });
    }
    Ok(())
}

/// May `team` be removed? Once, with a reason.
pub fn check_withdraw(ws: &Workshop, team: usize, reason: &str) -> Result<(), RuleError> {
    team_ok(ws, team)?;
    if reason.trim().is_empty() {
        return Err(RuleError::ReasonRequired { redo: false });
    }
    crate::names::text(reason, ("reason", "原因")).map_err(RuleError::BadReason)?;
    if ws.setup.teams[team].withdrawn.is_some() {
        return Err(RuleError::Withdrawn {
            team: ws.setup.teams[team].name.clone(),
        });
    }
    Ok(())
}

// ------------------------------------------------------------------------------------- results

/// One line of the full table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub team: String,
    pub slogan: String,
    /// Competition rank (1, 1, 3, …); None if the team did not play this round.
    pub rank: Option<usize>,
    pub score: Option<f32>,
    pub state: TeamState,
    /// Rank in the previous round, if the team was ranked there.
    pub previous_rank: Option<usize>,
    /// Places gained since the previous round (positive = moved up); None without both ranks.
    pub change: Option<i64>,
    /// Score minus the score in the previous round; None unless the team played both.
    pub growth: Option<f32>,
    /// Sum of the team's scores over rounds 1..=this round.
    pub cumulative: f32,
}

/// A named team with the number that earned the title.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Award {
    pub team: String,
    pub value: f32,
}

/// Each team's score across all rounds (None = not played / absent / not yet).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub team: String,
    pub scores: Vec<Option<f32>>,
}

/// How the room chose at one decision point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionStat {
    pub node: String,
    /// Number of teams whose run reached this decision.
    pub teams: usize,
    /// (1-based option, number of teams that chose it), every chosen option, most chosen first.
    pub options: Vec<(usize, usize)>,
    /// The turn (1-based) at which teams most often reached it.
    pub turn: usize,
}

/// The room's average on one principle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrincipleStat {
    pub principle: Principle,
    pub label: Text,
    /// One decimal, like the scores it averages.
    pub average: f32,
    pub runs: usize,
}

/// Everything the results screen, the projector view and `workshop results` show for one round.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoundResults {
    pub workshop: String,
    pub round: usize,
    pub rounds: usize,
    pub scenario: String,
    pub seed: u64,
    /// True when every team has played or been skipped.
    pub complete: bool,
    /// Every team: ranked teams by rank (ties in setup order), then teams without a score.
    pub table: Vec<Row>,
    /// The rows with rank 1–3 (more than three with ties).
    pub podium: Vec<Row>,
    /// 最高分队伍: every team with the top score (shared on a tie).
    pub highest: Vec<Award>,
    /// 进步最快队伍 (see docs/workshop.md): None in round 1 and when no team improved.
    pub fastest: Vec<Award>,
    /// Why there is no fastest-growing team, when there is none.
    pub fastest_note: Option<Text>,
    /// Teams in last place (penalty), empty when fewer than two teams are ranked or all tie.
    pub last: Vec<String>,
    pub reward: String,
    pub penalty: String,
    pub announcements: Vec<Text>,
    pub series: Vec<Series>,
    pub decisions: Vec<DecisionStat>,
    /// Principles by the room's average this round, weakest first.
    pub weakest: Vec<PrincipleStat>,
}

fn scores_of(ws: &Workshop, round: usize) -> Vec<Option<f32>> {
    (0..ws.setup.teams.len())
        .map(|t| ws.active_run(round, t).map(|r| r.total))
        .collect()
}

/// A score in tenths of a point. Totals carry one decimal, so ranking and growth compare these
/// integers: two scores shown alike always tie, and 80.3 − 75.1 equals 70.2 − 65.0 exactly.
pub fn tenths(x: f32) -> i64 {
    (x as f64 * 10.0).round() as i64
}

/// Competition ranks ("1, 1, 3"), None for teams without a score.
pub fn ranks(scores: &[Option<f32>]) -> Vec<Option<usize>> {
    let t: Vec<Option<i64>> = scores.iter().map(|s| s.map(tenths)).collect();
    t.iter()
        .map(|s| s.map(|v| 1 + t.iter().filter(|o| matches!(o, Some(x) if *x > v)).count()))
        .collect()
}

/// Growth of each team in `round` over the previous round (None if either score is missing or round 1).
pub fn growth(ws: &Workshop, round: usize) -> Vec<Option<f32>> {
    if round <= 1 {
        return vec![None; ws.setup.teams.len()];
    }
    let now = scores_of(ws, round);
    let before = scores_of(ws, round - 1);
    now.iter()
        .zip(&before)
        .map(|(n, b)| match (n, b) {
            (Some(n), Some(b)) => Some((tenths(*n) - tenths(*b)) as f32 / 10.0),
            _ => None,
        })
        .collect()
}

/// The fastest-growing teams: the largest positive growth; ties broken by the higher score this
/// round; teams still tied share the title.
pub fn fastest_growing(ws: &Workshop, round: usize) -> (Vec<Award>, Option<Text>) {
    if round <= 1 {
        return (
            Vec::new(),
            Some(Text::new(
                "第一轮没有上一轮可比，从第二轮起评选进步最快队伍",
                "Round 1 has no earlier round to compare with; the fastest-growing team is named from round 2",
            )),
        );
    }
    let g: Vec<Option<i64>> = growth(ws, round).into_iter().map(|x| x.map(tenths)).collect();
    let s: Vec<Option<i64>> = scores_of(ws, round).into_iter().map(|x| x.map(tenths)).collect();
    let best = g.iter().flatten().copied().max().filter(|&b| b > 0);
    let Some(best) = best else {
        return (
            Vec::new(),
            Some(Text::new(
                "本轮没有队伍比上一轮进步",
                "No team improved on its previous round",
            )),
        );
    };
    let tied: Vec<usize> = (0..g.len()).filter(|&t| g[t] == Some(best)).collect();
    let top_score = tied.iter().filter_map(|&t| s[t]).max();
    let awards = tied
        .into_iter()
        .filter(|&t| s[t] == top_score)
        .map(|t| Award {
            team: ws.setup.teams[t].name.clone(),
            value: best as f32 / 10.0,
        })
        .collect();
    (awards, None)
}

/// The results of `round` (1-based) as they stand (a round in progress gives a partial table).
pub fn results(ws: &Workshop, round: usize) -> Result<RoundResults, RuleError> {
    let n_rounds = ws.setup.rounds.len();
    if round == 0 || round > n_rounds {
        return Err(RuleError::NoSuchRound {
            round,
            rounds: n_rounds,
        });
    }
    let teams = &ws.setup.teams;
    let all: Vec<Vec<Option<f32>>> = (1..=n_rounds).map(|r| scores_of(ws, r)).collect();
    let scores = &all[round - 1];
    let rank = ranks(scores);
    let prev_rank = if round > 1 {
        ranks(&all[round - 2])
    } else {
        vec![None; teams.len()]
    };
    let g = growth(ws, round);
    let mut order: Vec<usize> = (0..teams.len()).collect();
    order.sort_by_key(|&t| (rank[t].unwrap_or(usize::MAX), t));
    let table: Vec<Row> = order
        .iter()
        .map(|&t| Row {
            team: teams[t].name.clone(),
            slogan: teams[t].slogan.clone(),
            rank: rank[t],
            score: scores[t],
            state: state(ws, round, t),
            previous_rank: prev_rank[t],
            change: match (rank[t], prev_rank[t]) {
                (Some(r), Some(p)) => Some(p as i64 - r as i64),
                _ => None,
            },
            growth: g[t],
            cumulative: all[..round].iter().filter_map(|s| s[t]).fold(0.0, |a, b| a + b),
        })
        .collect();
    let podium: Vec<Row> = table
        .iter()
        .filter(|r| matches!(r.rank, Some(k) if k <= 3))
        .cloned()
        .collect();
    let highest: Vec<Award> = table
        .iter()
        .filter(|r| r.rank == Some(1))
        .map(|r| Award {
            team: r.team.clone(),
            value: r.score.unwrap_or(0.0),
        })
        .collect();
    let (fastest, fastest_note) = fastest_growing(ws, round);
    let ranked = rank.iter().flatten().count();
    let worst = rank.iter().flatten().copied().max();
    let last: Vec<String> = if ranked >= 2 && worst != Some(1) {
        table
            .iter()
            .filter(|r| r.rank.is_some() && r.rank == worst)
            .map(|r| r.team.clone())
            .collect()
    } else {
        Vec::new()
    };
    let names = |a: &[Award]| a.iter().map(|x| x.team.clone()).collect::<Vec<_>>().join("、");
    let mut announcements = Vec::new();
    if !highest.is_empty() {
        announcements.push(Text::new(
            format!("最高分队伍：{}（{:.1} 分）", names(&highest), highest[0].value),
            format!(
                "Highest-scoring team: {} ({:.1})",
                names(&highest).replace('、', ", "),
                highest[0].value
            ),
        ));
    }
    match &fastest_note {
        None => announcements.push(Text::new(
            format!("进步最快队伍：{}（提高 {:.1} 分）", names(&fastest), fastest[0].value),
            format!(
                "Fastest-growing team: {} (+{:.1})",
                names(&fastest).replace('、', ", "),
                fastest[0].value
            ),
        )),
        Some(note) => announcements.push(note.clone()),
    }
    if !ws.setup.reward.is_empty() && !(highest.is_empty() && fastest.is_empty()) {
        announcements.push(Text::new(
            format!("奖励：{}", ws.setup.reward),
            format!("Reward: {}", ws.setup.reward),
        ));
    }
    if !last.is_empty() && !ws.setup.penalty.is_empty() {
        announcements.push(Text::new(
            format!("{}:{}", last.join("、"), ws.setup.penalty),
            format!("{}: {}", last.join(", "), ws.setup.penalty),
        ));
    }
    let series = teams
        .iter()
        .enumerate()
        .map(|(t, team)| Series {
            team: team.name.clone(),
            scores: all.iter().map(|s| s[t]).collect(),
        })
        .collect();
    Ok(RoundResults {
        workshop: ws.setup.name.clone(),
        round,
        rounds: n_rounds,
        scenario: ws.setup.rounds[round - 1].scenario.clone(),
        seed: ws.setup.rounds[round - 1].seed,
        complete: round_complete(ws, round),
        table,
        podium,
        highest,
        fastest,
        fastest_note,
        last,
        reward: ws.setup.reward.clone(),
        penalty: ws.setup.penalty.clone(),
        announcements,
        series,
        decisions: decisions(ws, round),
        weakest: weakest(ws, round),
    })
}

/// For each decision point reached in `round`: how many teams reached it and chose each option.
/// Ordered by the turn at which it was usually reached, then by name.
pub fn decisions(ws: &Workshop, round: usize) -> Vec<DecisionStat> {
    // node -> (teams reaching it, option -> teams choosing it, turn -> teams first reaching it there).
    // A team that comes back to a decision counts once per option it chose there.
    let mut by_node: BTreeMap<&str, (usize, BTreeMap<usize, usize>, BTreeMap<usize, usize>)> = BTreeMap::new();
    for t in 0..ws.setup.teams.len() {
        let Some(run) = ws.active_run(round, t) else { continue };
        let mut seen: Vec<(&str, Option<usize>)> = Vec::new();
        for (i, p) in run.picks.iter().enumerate() {
            let e = by_node.entry(p.node.as_str()).or_default();
            if !seen.contains(&(p.node.as_str(), None)) {
                e.0 += 1;
                *e.2.entry(i + 1).or_default() += 1;
                seen.push((p.node.as_str(), None));
            }
            if !seen.contains(&(p.node.as_str(), Some(p.option))) {
                *e.1.entry(p.option).or_default() += 1;
                seen.push((p.node.as_str(), Some(p.option)));
            }
        }
    }
    let mut out: Vec<DecisionStat> = by_node
        .into_iter()
        .map(|(node, (teams, opts, turns))| {
            let mut options: Vec<(usize, usize)> = opts.into_iter().collect();
            options.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let turn = turns
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(t, _)| *t)
                .unwrap_or(0);
            DecisionStat {
                node: node.to_string(),
                teams,
                options,
                turn,
            }
        })
        .collect();
    out.sort_by(|a, b| a.turn.cmp(&b.turn).then(a.node.cmp(&b.node)));
    out
}

/// The room's average per principle over the runs of `round`, weakest first (principles no run
/// was scored on are left out).
pub fn weakest(ws: &Workshop, round: usize) -> Vec<PrincipleStat> {
    let mut sums: BTreeMap<Principle, (f32, usize)> = BTreeMap::new();
    for t in 0..ws.setup.teams.len() {
        let Some(run) = ws.active_run(round, t) else { continue };
        for (p, s) in &run.principles {
            let e = sums.entry(*p).or_insert((0.0, 0));
            e.0 += s;
            e.1 += 1;
        }
    }
    let mut out: Vec<PrincipleStat> = PRINCIPLES_LIST
        .iter()
        .filter_map(|p| {
            sums.get(p).map(|(sum, n)| PrincipleStat {
                principle: *p,
                label: p.label(),
                average: crate::engine::scoring::round1(sum / *n as f32),
                runs: *n,
            })
        })
        .collect();
    out.sort_by(|a, b| a.average.total_cmp(&b.average).then(a.principle.cmp(&b.principle)));
    out
}

/// Results of every round (the leaderboards of the whole workshop).
/// The round a command or screen refers to by default: the current one, or the last once all are
/// complete.
pub fn shown_round(ws: &Workshop) -> usize {
    current_round(ws).unwrap_or(ws.setup.rounds.len())
}

/// The round whose results are shown by default (the CLI's `results`, the projector): the current
/// one once a team has played or been skipped in it, else the last complete one (so right after a
/// round ends its results stay on screen).
pub fn round_to_show(ws: &Workshop) -> usize {
    let r = shown_round(ws);
    let started = ws.runs.iter().any(|x| x.round == r && x.redone.is_none()) || ws.skips.iter().any(|x| x.round == r);
    if started || r == 1 || current_round(ws).is_none() {
        r
    } else {
        r - 1
    }
}

pub fn all_results(ws: &Workshop) -> Vec<RoundResults> {
    (1..=ws.setup.rounds.len())
        .filter_map(|r| results(ws, r).ok())
        .collect()
}

#[cfg(test)]
mod tests;
