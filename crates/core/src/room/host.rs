//! The room with its store: every accepted event is written (with the workshop changes it causes,
//! in one transaction) before the room applies it and before anyone is told; reopening rebuilds
//! the room from the stored workshop and the room's log.

use std::cell::RefCell;
use std::sync::Arc;

use super::view::{ProjectorView, Reveal, TeamView};
use super::{ClientMsg, Plan, Reply, Room, RoomError, RoomEvent, TrainerCmd};
use crate::engine::{Compiled, ScoringConfig};
use crate::store::{Store, WorkshopEvent};

pub struct Host {
    room: Room,
    store: Store,
    /// The reveal of the complete round, computed once per version.
    reveal: RefCell<Option<(u64, Option<Arc<Reveal>>)>>,
}

/// The rounds the room has started must be replayed on the scenarios they were played on: a file
/// edited between two starts of the host would give the teams' stored choices other meanings (a
/// different option under the same number, another customer line) and the reveal other texts.
/// Such a room is refused with the round and the scenario named, and nothing is written; a round
/// not started yet takes the scenario as it is now. The fingerprints are stored after the check.
fn check_scenarios(store: &Store, workshop: i64, room: &Room) -> Result<(), RoomError> {
    let kept = store.room_scenarios(workshop)?;
    let now: Vec<String> = room.scenarios.iter().map(|s| s.fingerprint()).collect();
    for (r, (sc, fp)) in room.scenarios.iter().zip(&now).enumerate().take(room.started) {
        if kept.get(r).is_some_and(|k| k != fp) {
            return Err(RoomError::new(
                "scenario_changed",
                format!(
                    "第 {} 轮的场景“{}”在这一轮开始后被改过：各队已做的选择会按新内容重放，得分就不再是他们当时得到的。请把场景文件恢复原样，再打开房间。",
                    r + 1,
                    sc.id
                ),
                format!(
                    "round {}'s scenario \"{}\" has been changed since the round started: the teams' choices would be replayed on the new content and their scores would no longer be the ones they earned. Put the scenario file back as it was, then open the room again.",
                    r + 1,
                    sc.id
                ),
            ));
        }
    }
    if kept != now {
        store.set_room_scenarios(workshop, &now)?;
    }
    Ok(())
}

impl Host {
    /// Opens the room of stored workshop `workshop`. The first time, `code` and `trainer_key` are
    /// stored; afterwards the stored ones are kept and the room's log is replayed, so a host that
    /// was killed resumes exactly where it stopped. `library` must hold every round's scenario.
    pub fn open(
        store: Store,
        workshop: i64,
        library: &[Arc<Compiled>],
        cfg: ScoringConfig,
        code: &str,
        trainer_key: &str,
        now: i64,
    ) -> Result<Host, RoomError> {
        let ws = store.workshop(workshop)?;
        let scenarios = ws
            .setup
            .rounds
            .iter()
            .map(|r| {
                library.iter().find(|s| s.id == r.scenario).cloned().ok_or_else(|| {
                    RoomError::new(
                        "scenarios",
                        format!("找不到场景“{}”", r.scenario),
                        format!("scenario \"{}\" is not in the library", r.scenario),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (code, key) = store.open_room(workshop, code, trainer_key, now)?;
        let mut room = Room::new(ws, scenarios, cfg, code, key)?;
        for (i, (at, json)) in store.room_events(workshop)?.into_iter().enumerate() {
            let event: RoomEvent = serde_json::from_str(&json).map_err(|e| {
                RoomError::new(
                    "log",
                    format!("房间记录第 {} 条无法读取：{e}", i + 1),
                    format!("the room's log entry {} cannot be read: {e}", i + 1),
                )
            })?;
            room.apply(&event, at, None);
        }
        check_scenarios(&store, workshop, &room)?;
        Ok(Host {
            room,
            store,
            reveal: RefCell::new(None),
        })
    }

    pub fn room(&self) -> &Room {
        &self.room
    }
    pub fn store(&self) -> &Store {
        &self.store
    }
    pub fn code(&self) -> &str {
        self.room.code()
    }
    pub fn trainer_key(&self) -> &str {
        self.room.trainer_key()
    }
    pub fn version(&self) -> u64 {
        self.room.version()
    }
    /// Does `token` hold a seat?
    pub fn token_valid(&self, token: &str) -> bool {
        self.room.team_of(token).is_some()
    }

    /// A device's message (see [`Room::decide_device`]); accepted changes are stored first.
    pub fn device(
        &mut self,
        token: Option<&str>,
        msg: &ClientMsg,
        new_token: &str,
        now: i64,
    ) -> Result<Reply, RoomError> {
        match self.room.decide_device(token, msg, new_token, now)? {
            Some(plan) => self.commit(plan, now),
            None if matches!(msg, ClientMsg::Ping {}) => Ok(Reply::Pong),
            None => Ok(Reply::Ok),
        }
    }

    /// Several devices' messages that arrived together, decided in order and stored in one
    /// transaction (one `fsync` for all of them); each answer as [`Host::device`] would give it.
    /// When the transaction cannot be committed, nothing of the batch is kept and every message
    /// gets the error.
    pub fn devices(&mut self, msgs: &[(Option<&str>, &ClientMsg, &str)], now: i64) -> Vec<Result<Reply, RoomError>> {
        if let [(token, msg, new_token)] = msgs {
            return vec![self.device(*token, msg, new_token, now)];
        }
        let before = self.room.clone();
        let id = self.room.workshop().id;
        let mut batch = match self.store.room_batch() {
            Ok(b) => b,
            Err(e) => {
                let e = RoomError::from(e);
                return msgs.iter().map(|_| Err(e.clone())).collect();
            }
        };
        let mut out = Vec::with_capacity(msgs.len());
        for (token, msg, new_token) in msgs {
            let answer = match self.room.decide_device(*token, msg, new_token, now) {
                Err(e) => Err(e),
                Ok(None) if matches!(**msg, ClientMsg::Ping {}) => Ok(Reply::Pong),
                Ok(None) => Ok(Reply::Ok),
                Ok(Some(plan)) => {
                    let json = serde_json::to_string(&plan.event).expect("room events serialise");
                    let events: Vec<WorkshopEvent<'_>> = plan.changes.iter().map(|c| c.as_event(now / 1000)).collect();
                    match batch.write(id, self.room.version(), now, &json, &events) {
                        Ok(ws) => {
                            self.room.apply(&plan.event, now, ws);
                            Ok(plan.reply)
                        }
                        Err(e) => Err(e.into()),
                    }
                }
            };
            out.push(answer);
        }
        if let Err(e) = batch.commit() {
            self.room = before;
            let e = RoomError::from(e);
            return msgs.iter().map(|_| Err(e.clone())).collect();
        }
        out
    }

    /// A trainer's command (see [`Room::decide_trainer`]); stored first.
    pub fn trainer(&mut self, cmd: &TrainerCmd, now: i64) -> Result<(), RoomError> {
        let plan = self.room.decide_trainer(cmd)?;
        self.commit(plan, now).map(|_| ())
    }

    fn commit(&mut self, plan: Plan, now: i64) -> Result<Reply, RoomError> {
        let json = serde_json::to_string(&plan.event).expect("room events serialise");
        let events: Vec<WorkshopEvent<'_>> = plan.changes.iter().map(|c| c.as_event(now / 1000)).collect();
        let ws = self
            .store
            .room_commit(self.room.workshop().id, self.room.version(), now, &json, &events)?;
        self.room.apply(&plan.event, now, ws);
        Ok(plan.reply)
    }

    fn reveal(&self) -> Option<Arc<Reveal>> {
        let v = self.room.version();
        if let Some((at, r)) = &*self.reveal.borrow()
            && *at == v
        {
            return r.clone();
        }
        let r = self.room.reveal().map(Arc::new);
        *self.reveal.borrow_mut() = Some((v, r.clone()));
        r
    }

    pub fn team_view(&self, token: Option<&str>, now: i64) -> TeamView {
        self.room.team_view(token, now, self.reveal())
    }

    pub fn projector(&self) -> ProjectorView {
        self.room.projector_view(self.reveal())
    }
}
