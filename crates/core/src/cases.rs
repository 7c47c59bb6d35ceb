//! The actions a front end performs, each written once: a practice call recorded, a workshop
//! round's team calls played and recorded. The game, the terminal and (later) the room host call
//! these instead of each playing, scoring and saving a run its own way. Rules are checked here
//! before anything is written and again by the store inside its write transaction.

use std::sync::Arc;

use crate::engine::call::{Call, Finished};
use crate::engine::sim::PlayError;
use crate::engine::{Compiled, ScoringConfig};
use crate::store::{PracticeRun, Store, StoreError, now};
use crate::workshop::rules::{self, RuleError};
use crate::workshop::{TeamRun, Workshop};

/// Why a workshop action recorded nothing.
#[derive(Debug)]
pub enum CaseError {
    /// Every round is complete.
    Complete,
    /// A team is named twice in one batch.
    TwiceInBatch {
        team: usize,
    },
    /// The workshop's rules refuse it (paused, already played, …).
    Rule {
        team: usize,
        error: RuleError,
    },
    /// A team's choices do not make a complete call.
    Play {
        team: usize,
        error: PlayError,
    },
    Store(StoreError),
}

impl From<StoreError> for CaseError {
    fn from(e: StoreError) -> Self {
        CaseError::Store(e)
    }
}

/// Records a finished practice call for `player`; returns the run's id.
pub fn record_practice(store: &Store, player: &str, sc: &Compiled, f: &Finished) -> Result<i64, StoreError> {
    store.record_practice(&PracticeRun::from_run(sc, &f.run, &f.score, player, now()))
}

/// Records a finished call of `team` in `round` of workshop `ws_id` (the rules are checked inside
/// the store's write transaction); returns the run's id.
pub fn record_team_call(
    store: &mut Store,
    ws_id: i64,
    round: usize,
    team: usize,
    sc: &Compiled,
    f: &Finished,
) -> Result<i64, StoreError> {
    store.record_team_run(ws_id, &TeamRun::from_run(sc, &f.run, &f.score, round, team, now()))
}

/// Plays each (team index, 0-based choices) of the current round through the engine (same
/// scenario, same seed) and records them all in one transaction: every call or none. Everything is
/// checked first, so bad input records nothing. Returns the recorded runs in the order given.
pub fn play_team_round(
    store: &mut Store,
    ws: &Workshop,
    sc: &Arc<Compiled>,
    cfg: &ScoringConfig,
    calls: &[(usize, Vec<usize>)],
) -> Result<Vec<TeamRun>, CaseError> {
    let round = rules::current_round(ws).ok_or(CaseError::Complete)?;
    let seed = ws.setup.rounds[round - 1].seed;
    let mut ws = ws.clone();
    let finished_at = now();
    let mut runs = Vec::with_capacity(calls.len());
    for (k, (team, choices)) in calls.iter().enumerate() {
        if calls[..k].iter().any(|(t, _)| t == team) {
            return Err(CaseError::TwiceInBatch { team: *team });
        }
        rules::check_play(&ws, round, *team).map_err(|error| CaseError::Rule { team: *team, error })?;
        let (run, score) = Call::replay(sc.clone(), seed, choices)
            .and_then(|c| c.score(cfg))
            .map_err(|error| CaseError::Play { team: *team, error })?;
        let tr = TeamRun::from_run(sc, &run, &score, round, *team, finished_at);
        ws.runs.push(tr.clone()); // the next call is checked against this one
        runs.push(tr);
    }
    let ids = store.record_team_runs(ws.id, &runs)?;
    for (r, id) in runs.iter_mut().zip(ids) {
        r.id = Some(id);
    }
    Ok(runs)
}
