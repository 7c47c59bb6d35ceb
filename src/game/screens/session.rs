//! The call being played, as the game keeps it: a `Call` of the core (scenario + seed + choices)
//! with the coach's verdicts, the decision timer and, once the call ends, its result. Shared by the
//! play screen (which draws it, `play_view`), the screens that start a call (picker, history,
//! debrief, workshop) and the redraw policy.

use std::sync::Arc;

use bevy::prelude::*;

use crate::cases;
use crate::engine::call::Call;
use crate::engine::coach::Advice;
use crate::engine::report::Debrief;
use crate::engine::sim::Sim;
use crate::engine::{Compiled, Mood};
use crate::game::data::{Catalog, Db, Settings};
use crate::game::menu::PracticeMode;

/// The call being played (and, once it ends, its result).
#[derive(Resource, Default)]
pub struct Session {
    pub scenario: Option<Arc<Compiled>>,
    pub seed: u64,
    /// 0-based choices so far.
    pub choices: Vec<usize>,
    /// The coach's verdict on each choice (None when the coach was off or silent).
    pub advice: Vec<Option<Advice>>,
    /// 1-based turns decided after the decision timer ran out.
    pub late: Vec<usize>,
    /// When the current decision started (seconds since the app started).
    pub decision_started: Option<f64>,
    pub result: Option<Finished>,
    /// Set when a workshop team plays this call (hot-seat): the run is recorded for the team.
    pub team: Option<TeamTurn>,
}

/// Which workshop team is playing.
#[derive(Clone, Debug)]
pub struct TeamTurn {
    pub workshop: i64,
    /// 1-based round.
    pub round: usize,
    /// Index of the team in the workshop's setup.
    pub team: usize,
    pub name: String,
    /// The workshop's discussion time per decision (the decision timer for this call).
    pub discussion_secs: u32,
}

impl Session {
    /// Seconds allowed per decision: the workshop's discussion time for a workshop team; the
    /// setting, or 90 s if it is off, for team practice; the setting when practising alone.
    pub fn timer_secs(&self, settings: &Settings, mode: &PracticeMode) -> Option<u32> {
        match &self.team {
            Some(t) if t.discussion_secs > 0 => Some(t.discussion_secs),
            Some(_) => None,
            None if mode.team => settings.prefs.timer_secs.or(Some(TEAM_PRACTICE_SECS)),
            None => settings.prefs.timer_secs,
        }
    }
}

/// A finished call: its debrief and what the store said.
pub struct Finished {
    pub debrief: Debrief,
    pub previous_best: Option<f32>,
    /// Id of the saved run, or why it was not saved.
    pub saved: Result<i64, String>,
}

/// Discussion time per decision in team practice when no timer is set.
pub const TEAM_PRACTICE_SECS: u32 = 90;

/// A seed that differs from run to run (the clock), for "retry with a new seed".
pub fn fresh_seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    t % 1_000_000_007
}

impl Session {
    /// Starts a new call of `sc`, with `seed` or a fresh one.
    pub fn start(&mut self, sc: &Arc<Compiled>, seed: Option<u64>) {
        *self = Session {
            scenario: Some(sc.clone()),
            seed: seed.unwrap_or_else(fresh_seed),
            ..Session::default()
        };
    }

    /// The call as the core keeps it (scenario + seed + choices; see `engine::call`).
    pub fn call(&self) -> Option<Call> {
        let sc = self.scenario.clone()?;
        Some(Call::replay(sc, self.seed, &self.choices).expect("choices were valid when made"))
    }

    /// The customer after the choices so far.
    pub fn sim(&self) -> Option<Sim<'_>> {
        let sc = self.scenario.as_deref()?;
        let mut sim = Sim::new(sc, self.seed);
        for &c in &self.choices {
            sim.choose(c).expect("choices were valid when made");
        }
        Some(sim)
    }

    /// The customer before the last choice (None before the first).
    pub fn mood_before_last(&self) -> Option<Mood> {
        let sc = self.scenario.as_deref()?;
        let (_, earlier) = self.choices.split_last()?;
        let mut sim = Sim::new(sc, self.seed);
        for &c in earlier {
            sim.choose(c).ok()?;
        }
        Some(sim.mood())
    }

    /// Takes option `i` (0-based): asks the coach first (from the state before), then records it.
    /// The coach stays silent during a workshop team's call whatever `coach` says: a competition
    /// call is the team's own judgement.
    pub fn choose(&mut self, i: usize, coach: bool, late: bool, catalog: &Catalog) {
        let coach = coach && self.team.is_none();
        let Some(mut call) = self.call() else { return };
        // An option that does not exist (a stale key press) changes nothing.
        let Ok(advice) = call.choose(i, coach.then_some(&catalog.cfg)) else {
            return;
        };
        let turn = self.choices.len() + 1;
        self.choices.push(i);
        self.advice.push(advice);
        if late {
            self.late.push(turn);
        }
        self.decision_started = None;
    }

    /// Scores the finished call and saves it to the practice history.
    pub fn finish(&mut self, catalog: &Catalog, db: &mut Db, player: &str) {
        let Some(call) = self.call() else { return };
        let Ok(done) = call.finish(&catalog.cfg) else {
            return; // not finished yet: nothing to score
        };
        let sc = call.scenario();
        let previous_best = db.best(&sc.id);
        let saved = match (&db.store, &self.team) {
            (None, _) => Err(db.error.clone().unwrap_or_else(|| "no practice store".into())),
            (Some(s), Some(t)) => {
                let mut store = s.lock().expect("store lock");
                cases::record_team_call(&mut store, t.workshop, t.round, t.team, sc, &done).map_err(|e| e.to_string())
            }
            (Some(s), None) => {
                let store = s.lock().expect("store lock");
                cases::record_practice(&store, player, sc, &done).map_err(|e| e.to_string())
            }
        };
        let d = done.debrief;
        if saved.is_ok() {
            db.refresh(player);
        }
        self.result = Some(Finished {
            debrief: d,
            previous_best,
            saved,
        });
    }
}
