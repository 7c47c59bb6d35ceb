//! Workshops: the setup, the team runs, skips, redos and pauses, each written in one transaction
//! that checks the workshop's rules inside it.

use rusqlite::{OptionalExtension, params};

use super::*;
use crate::engine::Principle;
use crate::workshop::model::{Member, Pacing, Pick, Role, Round, Setup, Skip, Team, TeamRun, Workshop};

/// One line of `Store::workshops`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct WorkshopSummary {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub teams: usize,
    pub rounds: usize,
    pub runs: usize,
}

/// A seed for round `round` of workshop `id` when the trainer gave none: a fixed mix of the two
/// (SplitMix64), so it is the same on every machine and differs between rounds and workshops.
pub fn derive_seed(workshop_id: i64, round: usize) -> u64 {
    let mut z = (workshop_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (round as u64).wrapping_add(0x5EED);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(super) fn join_choices(c: &[usize]) -> String {
    c.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")
}

pub(super) fn split_choices(s: &str) -> Result<Vec<usize>, String> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    s.split(',')
        .map(|x| {
            x.parse::<usize>()
                .map_err(|_| format!("bad choice list \"{s}\" in the database"))
        })
        .collect()
}

impl Store {
    /// Creates a workshop in one transaction. Rounds whose seed is `None` get
    /// [`derive_seed`]`(id, round)`. Returns the new workshop's id.
    pub fn create_workshop(
        &mut self,
        setup: &Setup,
        seeds: &[Option<u64>],
        created_at: i64,
    ) -> Result<i64, StoreError> {
        crate::workshop::rules::validate_setup(setup).map_err(StoreError::Invalid)?;
        let db = |e: rusqlite::Error| self.err(e);
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO workshop (name, created_at, discussion_secs, reward, penalty, pacing) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                setup.name,
                created_at,
                setup.discussion_secs,
                setup.reward,
                setup.penalty,
                setup.pacing.id()
            ],
        )
        .map_err(&db)?;
        let id = tx.last_insert_rowid();
        for (i, t) in setup.teams.iter().enumerate() {
            insert_team(&tx, id, i, t).map_err(&db)?;
        }
        for (i, r) in setup.rounds.iter().enumerate() {
            let seed = seeds
                .get(i)
                .copied()
                .flatten()
                .unwrap_or_else(|| derive_seed(id, i + 1));
            tx.execute(
                "INSERT INTO workshop_round (workshop_id, number, scenario, seed) VALUES (?1, ?2, ?3, ?4)",
                params![id, (i + 1) as i64, r.scenario, seed as i64],
            )
            .map_err(&db)?;
        }
        tx.commit().map_err(&db)?;
        Ok(id)
    }

    /// All workshops, newest first.
    pub fn workshops(&self) -> Result<Vec<WorkshopSummary>, StoreError> {
        self.rows(
            "SELECT w.id, w.name, w.created_at,
                (SELECT COUNT(*) FROM workshop_team t WHERE t.workshop_id = w.id),
                (SELECT COUNT(*) FROM workshop_round r WHERE r.workshop_id = w.id),
                (SELECT COUNT(*) FROM workshop_run u WHERE u.workshop_id = w.id AND u.redo_reason IS NULL)
             FROM workshop w ORDER BY w.id DESC",
            [],
            |r| {
                Ok(WorkshopSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    created_at: r.get(2)?,
                    teams: r.get::<_, i64>(3)? as usize,
                    rounds: r.get::<_, i64>(4)? as usize,
                    runs: r.get::<_, i64>(5)? as usize,
                })
            },
        )
    }

    /// Finds a workshop by id (digits) or by name (the newest of that name).
    pub fn find_workshop(&self, key: &str) -> Result<i64, StoreError> {
        if let Ok(id) = key.parse::<i64>() {
            let found: Option<i64> = self
                .conn
                .query_row("SELECT id FROM workshop WHERE id = ?1", [id], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(e))?;
            if let Some(id) = found {
                return Ok(id);
            }
        }
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM workshop WHERE name = ?1 ORDER BY id DESC LIMIT 1",
                [key],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        found.ok_or_else(|| {
            StoreError::Invalid(format!(
                "no workshop \"{key}\" (see `service-arena workshop list`) / 找不到工作坊“{key}”"
            ))
        })
    }

    /// Loads a whole workshop: setup, runs (with principle scores and picks), skips.
    pub fn workshop(&self, id: i64) -> Result<Workshop, StoreError> {
        let c = &self.conn;
        let e = |e: rusqlite::Error| self.err(e);
        #[allow(clippy::type_complexity)]
        let head: Option<(String, i64, i64, String, String, bool, String)> = c
            .query_row(
                "SELECT name, created_at, discussion_secs, reward, penalty, paused, pacing FROM workshop WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get::<_, i64>(5)? != 0,
                        r.get::<_, String>(6)?,
                    ))
                },
            )
            .optional()
            .map_err(e)?;
        let Some((name, created_at, discussion_secs, reward, penalty, paused, pacing)) = head else {
            return Err(StoreError::Invalid(format!("no workshop with id {id}")));
        };
        let pacing =
            Pacing::from_id(&pacing).ok_or_else(|| self.invalid_data(format!("unknown pacing \"{pacing}\"")))?;
        let mut teams: Vec<Team> = self.rows(
            "SELECT name, slogan, withdrawn FROM workshop_team WHERE workshop_id = ?1 ORDER BY position",
            [id],
            |r| {
                Ok(Team {
                    name: r.get(0)?,
                    slogan: r.get(1)?,
                    members: Vec::new(),
                    withdrawn: r.get(2)?,
                })
            },
        )?;
        let members: Vec<(i64, String, String)> = self.rows(
            "SELECT team, name, role FROM workshop_member WHERE workshop_id = ?1 ORDER BY team, position",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for (team, name, role) in members {
            let role = Role::from_id(&role).ok_or_else(|| self.invalid_data(format!("unknown role \"{role}\"")))?;
            teams
                .get_mut(team as usize)
                .ok_or_else(|| self.invalid_data(format!("member of unknown team {team}")))?
                .members
                .push(Member { name, role });
        }
        let rounds: Vec<Round> = self.rows(
            "SELECT scenario, seed FROM workshop_round WHERE workshop_id = ?1 ORDER BY number",
            [id],
            |r| {
                Ok(Round {
                    scenario: r.get(0)?,
                    seed: r.get::<_, i64>(1)? as u64,
                })
            },
        )?;
        let raw: Vec<(
            i64,
            i64,
            i64,
            i64,
            String,
            String,
            f64,
            Option<String>,
            i64,
            Option<String>,
        )> = self.rows(
            "SELECT id, round, team, seed, choices, picks, total, outcome, finished_at, redo_reason
                 FROM workshop_run WHERE workshop_id = ?1 ORDER BY id",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )?;
        let mut pstmt = c
            .prepare("SELECT principle, score FROM workshop_run_principle WHERE run_id = ?1")
            .map_err(e)?;
        let mut runs = Vec::with_capacity(raw.len());
        for (rid, round, team, seed, choices, picks, total, outcome, finished_at, redone) in raw {
            let picks: Vec<Pick> = serde_json::from_str(&picks)
                .map_err(|x| self.invalid_data(format!("run {rid}: bad decision list: {x}")))?;
            runs.push(TeamRun {
                id: Some(rid),
                round: round as usize,
                team: team as usize,
                seed: seed as u64,
                choices: split_choices(&choices).map_err(|m| self.invalid_data(m))?,
                picks,
                total: total as f32,
                principles: principles_of(&mut pstmt, rid).map_err(e)?,
                outcome,
                finished_at,
                redone,
            });
        }
        let skips: Vec<Skip> = self.rows(
            "SELECT round, team, reason, at FROM workshop_skip WHERE workshop_id = ?1 ORDER BY id",
            [id],
            |r| {
                Ok(Skip {
                    round: r.get::<_, i64>(0)? as usize,
                    team: r.get::<_, i64>(1)? as usize,
                    reason: r.get(2)?,
                    at: r.get(3)?,
                })
            },
        )?;
        Ok(Workshop {
            id,
            created_at,
            setup: Setup {
                name,
                teams,
                rounds,
                discussion_secs: discussion_secs as u32,
                reward,
                penalty,
                pacing,
            },
            paused,
            runs,
            skips,
        })
    }

    /// Records a team's run in one transaction, after checking the workshop's rules against the
    /// state inside the same transaction (so two writers cannot both record the same turn).
    pub fn record_team_run(&mut self, workshop: i64, run: &TeamRun) -> Result<i64, StoreError> {
        Ok(self.record_team_runs(workshop, std::slice::from_ref(run))?[0])
    }

    /// Records several teams' runs (a play script) in one transaction: all of them, or — when any
    /// breaks a rule or cannot be written — none. Each is checked against the state including the
    /// ones before it. Returns their ids.
    pub fn record_team_runs(&mut self, workshop: i64, runs: &[TeamRun]) -> Result<Vec<i64>, StoreError> {
        match self.apply(workshop, &WorkshopEvent::Runs(runs))? {
            Applied::Runs(ids) => Ok(ids),
            other => unreachable!("runs give ids, not {other:?}"),
        }
    }

    /// Marks a team absent for a round, with the trainer's reason.
    pub fn skip_team(
        &mut self,
        workshop: i64,
        round: usize,
        team: usize,
        reason: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        self.apply(
            workshop,
            &WorkshopEvent::Skip {
                round,
                team,
                reason,
                at,
            },
        )
        .map(|_| ())
    }

    /// Sets a team's run in a round aside (kept, marked redone with the reason) so the team can
    /// play that round again. Returns the id of the run set aside.
    pub fn redo_team(
        &mut self,
        workshop: i64,
        round: usize,
        team: usize,
        reason: &str,
        at: i64,
    ) -> Result<i64, StoreError> {
        match self.apply(
            workshop,
            &WorkshopEvent::Redo {
                round,
                team,
                reason,
                at,
            },
        )? {
            Applied::Redone(id) => Ok(id),
            other => unreachable!("a redo gives the run's id, not {other:?}"),
        }
    }

    /// Pauses or resumes a workshop (a paused workshop records no runs).
    pub fn set_paused(&self, workshop: i64, paused: bool) -> Result<(), StoreError> {
        self.apply(workshop, &WorkshopEvent::Pause(paused)).map(|_| ())
    }

    /// The one way a workshop changes: in one write transaction the stored workshop is read, the
    /// event is checked against its rules (`workshop::rules`), written, and committed — or, when
    /// anything is refused or fails, nothing is written.
    pub fn apply(&self, workshop: i64, event: &WorkshopEvent<'_>) -> Result<Applied, StoreError> {
        let tx = self.begin()?;
        let mut ws = self.workshop(workshop)?;
        let applied = self.apply_in(&tx, &mut ws, event)?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(applied)
    }

    /// [`Store::apply`] inside a transaction the caller commits; `ws` is the stored workshop and is
    /// kept up to date with what was written (so several events can be applied in one transaction).
    pub(super) fn apply_in(
        &self,
        tx: &rusqlite::Connection,
        ws: &mut Workshop,
        event: &WorkshopEvent<'_>,
    ) -> Result<Applied, StoreError> {
        let db = |e: rusqlite::Error| self.err(e);
        let workshop = ws.id;
        let applied = match *event {
            WorkshopEvent::Runs(runs) => {
                let mut ids = Vec::with_capacity(runs.len());
                for run in runs {
                    let picks = serde_json::to_string(&run.picks).map_err(|x| StoreError::Invalid(x.to_string()))?;
                    crate::workshop::rules::check_play(&ws, run.round, run.team).map_err(StoreError::Rule)?;
                    let seed = ws.setup.rounds[run.round - 1].seed;
                    if run.seed != seed {
                        return Err(StoreError::Invalid(format!(
                            "round {} is played with seed {seed}, not {}: every team faces the same customer / 同一轮必须使用同一种子",
                            run.round, run.seed
                        )));
                    }
                    if !run.total.is_finite() || run.principles.iter().any(|(_, s)| !s.is_finite()) {
                        return Err(StoreError::Invalid(format!(
                            "round {}: the score is not a number; nothing was recorded / 分数无效，未记录",
                            run.round
                        )));
                    }
                    tx.execute(
                        "INSERT INTO workshop_run (workshop_id, round, team, seed, choices, picks, total, outcome, finished_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![
                            workshop,
                            run.round as i64,
                            run.team as i64,
                            run.seed as i64,
                            join_choices(&run.choices),
                            picks,
                            run.total as f64,
                            run.outcome,
                            run.finished_at
                        ],
                    )
                    .map_err(db)?;
                    let id = tx.last_insert_rowid();
                    for (p, s) in &run.principles {
                        tx.execute(
                            "INSERT INTO workshop_run_principle (run_id, principle, score) VALUES (?1, ?2, ?3)",
                            params![id, p.id(), *s as f64],
                        )
                        .map_err(db)?;
                    }
                    ids.push(id);
                    ws.runs.push(TeamRun {
                        id: Some(id),
                        ..run.clone()
                    });
                }
                test_pause();
                Applied::Runs(ids)
            }
            WorkshopEvent::Skip {
                round,
                team,
                reason,
                at,
            } => {
                crate::workshop::rules::check_skip(&ws, round, team, reason).map_err(StoreError::Rule)?;
                tx.execute(
                    "INSERT INTO workshop_skip (workshop_id, round, team, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![workshop, round as i64, team as i64, reason, at],
                )
                .map_err(db)?;
                ws.skips.push(Skip {
                    round,
                    team,
                    reason: reason.to_string(),
                    at,
                });
                Applied::Skipped
            }
            WorkshopEvent::AddTeam { team, skip, reason, at } => {
                let position =
                    crate::workshop::rules::check_add_team(ws, team, skip, reason).map_err(StoreError::Rule)?;
                insert_team(tx, workshop, position, team).map_err(db)?;
                ws.setup.teams.push(team.clone());
                for &round in skip {
                    tx.execute(
                        "INSERT INTO workshop_skip (workshop_id, round, team, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![workshop, round as i64, position as i64, reason, at],
                    )
                    .map_err(db)?;
                    ws.skips.push(Skip {
                        round,
                        team: position,
                        reason: reason.to_string(),
                        at,
                    });
                }
                Applied::Team(position)
            }
            WorkshopEvent::Rename { team, name } => {
                crate::workshop::rules::check_rename(ws, team, name).map_err(StoreError::Rule)?;
                tx.execute(
                    "UPDATE workshop_team SET name = ?1 WHERE workshop_id = ?2 AND position = ?3",
                    params![name, workshop, team as i64],
                )
                .map_err(db)?;
                ws.setup.teams[team].name = name.to_string();
                Applied::Team(team)
            }
            WorkshopEvent::Withdraw { team, reason } => {
                crate::workshop::rules::check_withdraw(ws, team, reason).map_err(StoreError::Rule)?;
                tx.execute(
                    "UPDATE workshop_team SET withdrawn = ?1 WHERE workshop_id = ?2 AND position = ?3",
                    params![reason, workshop, team as i64],
                )
                .map_err(db)?;
                ws.setup.teams[team].withdrawn = Some(reason.to_string());
                Applied::Team(team)
            }
            WorkshopEvent::Redo {
                round,
                team,
                reason,
                at,
            } => {
                let run_id = crate::workshop::rules::check_redo(&ws, round, team, reason).map_err(StoreError::Rule)?;
                tx.execute(
                    "UPDATE workshop_run SET redo_reason = ?1, redone_at = ?2 WHERE id = ?3 AND redo_reason IS NULL",
                    params![reason, at, run_id],
                )
                .map_err(db)?;
                if let Some(r) = ws.runs.iter_mut().find(|r| r.id == Some(run_id)) {
                    r.redone = Some(reason.to_string());
                }
                Applied::Redone(run_id)
            }
            // Pausing or resuming is always allowed; a paused workshop then refuses runs, skips and
            // redos (`rules::check_*`).
            WorkshopEvent::Pause(paused) => {
                tx.execute(
                    "UPDATE workshop SET paused = ?1 WHERE id = ?2",
                    params![paused as i64, workshop],
                )
                .map_err(db)?;
                ws.paused = paused;
                Applied::Paused(paused)
            }
        };
        Ok(applied)
    }
}

/// Something that changes a workshop (see [`Store::apply`]).
#[derive(Clone, Copy, Debug)]
pub enum WorkshopEvent<'a> {
    /// Team runs of the current round, all or none.
    Runs(&'a [TeamRun]),
    Skip {
        round: usize,
        team: usize,
        reason: &'a str,
        at: i64,
    },
    Redo {
        round: usize,
        team: usize,
        reason: &'a str,
        at: i64,
    },
    Pause(bool),
    /// A new team (from a device in the room), skipped in `skip` rounds (it arrived after they
    /// started) with `reason`.
    AddTeam {
        team: &'a Team,
        skip: &'a [usize],
        reason: &'a str,
        at: i64,
    },
    Rename {
        team: usize,
        name: &'a str,
    },
    /// The trainer removed the team: it plays no further round (see `Team::withdrawn`).
    Withdraw {
        team: usize,
        reason: &'a str,
    },
}

/// What [`Store::apply`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The new runs' ids, in order.
    Runs(Vec<i64>),
    Skipped,
    /// The id of the run set aside.
    Redone(i64),
    Paused(bool),
    /// The team added, renamed or withdrawn (its index).
    Team(usize),
}

pub(super) fn principles_of(
    stmt: &mut rusqlite::Statement<'_>,
    run_id: i64,
) -> rusqlite::Result<Vec<(Principle, f32)>> {
    let rows: Vec<(String, f64)> = stmt
        .query_map([run_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut out: Vec<(Principle, f32)> = rows
        .into_iter()
        .filter_map(|(p, s)| Principle::from_id(&p).map(|p| (p, s as f32)))
        .collect();
    out.sort_by_key(|(p, _)| p.index());
    Ok(out)
}

/// Test hook: `SERVICE_ARENA_TEST_PAUSE_MS` makes every run write wait this long inside its
/// transaction, so the crash test can kill the process mid-write; `SERVICE_ARENA_TEST_PAUSE_FILE`
/// names a file created when the wait begins (the moment to kill it).
pub(super) fn test_pause() {
    if let Some(ms) = std::env::var("SERVICE_ARENA_TEST_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        if let Ok(marker) = std::env::var("SERVICE_ARENA_TEST_PAUSE_FILE") {
            let _ = std::fs::write(marker, b"");
        }
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Writes team `position` of workshop `id` with its members.
fn insert_team(tx: &rusqlite::Connection, id: i64, position: usize, t: &Team) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO workshop_team (workshop_id, position, name, slogan, withdrawn) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, position as i64, t.name, t.slogan, t.withdrawn],
    )?;
    for (j, m) in t.members.iter().enumerate() {
        tx.execute(
            "INSERT INTO workshop_member (workshop_id, team, position, name, role) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, position as i64, j as i64, m.name, m.role.id()],
        )?;
    }
    Ok(())
}
