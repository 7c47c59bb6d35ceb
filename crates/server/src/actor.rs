//! The actor: one plain thread owns the `Host` (the room and its SQLite store). Connections and the
//! handle send it requests; it answers each on the request's own reply channel. After every
//! accepted change it stores the new projector view and bumps the shared version, so every
//! connection recomputes its view (`conn.rs`).

use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

use service_arena_core::room::{ClientMsg, Host, Reply, RoomError, TrainerCmd};

use crate::{Shared, now_ms};

pub(crate) enum Req {
    /// A device's message (never `ping`: the connection answers it itself).
    Device {
        token: Option<String>,
        msg: ClientMsg,
        reply: tokio::sync::oneshot::Sender<Result<Reply, RoomError>>,
    },
    /// The view of the device holding `token` (None: not seated yet).
    View {
        token: Option<String>,
        reply: tokio::sync::oneshot::Sender<View>,
    },
    Trainer {
        cmd: TrainerCmd,
        reply: mpsc::SyncSender<Result<(), RoomError>>,
    },
    Stop,
}

pub(crate) enum View {
    /// The token no longer names a seat (released, or the team removed).
    Revoked,
    /// The team view as a JSON object, and the team it belongs to.
    State(serde_json::Value, Option<usize>),
}

/// The error a request gets when the room has stopped.
pub(crate) fn gone() -> RoomError {
    RoomError {
        code: "closed",
        zh: "房间已关闭。".into(),
        en: "the room is closed".into(),
    }
}

pub(crate) fn spawn(mut host: Host, rx: mpsc::Receiver<Req>, shared: Arc<Shared>) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new().name("room-actor".into()).spawn(move || {
        let mut last = host.version();
        loop {
            // Nothing in the room changes by itself (timers are shown, not enforced), so the actor
            // sleeps until a request comes: an idle room costs no CPU.
            let Ok(req) = rx.recv() else { break };
            match req {
                Req::Stop => break,
                Req::Device { token, msg, reply } => {
                    // A choice concerns only the chooser's team, unless the room moves on with it.
                    let chooser = match msg {
                        ClientMsg::Choose { .. } => token.as_deref().and_then(|t| host.room().team_of(t)),
                        _ => None,
                    };
                    let before = chooser.map(|_| room_key(&shared));
                    let res = match crate::token() {
                        Ok(new) => host.device(token.as_deref(), &msg, &new, now_ms()),
                        Err(e) => Err(RoomError {
                            code: "random",
                            zh: e.to_string(),
                            en: e.to_string(),
                        }),
                    };
                    // Stored before the device hears of it: `device` wrote the store already.
                    let _ = reply.send(res);
                    if publish_quiet(&host, &shared, &mut last) {
                        match (chooser, before) {
                            (Some(team), Some(key)) if key == room_key(&shared) => shared.bump_team(team),
                            _ => shared.bump(),
                        }
                    }
                }
                Req::View { token, reply } => {
                    let view = match token.as_deref() {
                        Some(t) if !host.token_valid(t) => View::Revoked,
                        t => {
                            let v = host.team_view(t, now_ms());
                            let team = v.team.as_ref().map(|t| t.index);
                            View::State(serde_json::to_value(&v).unwrap_or_default(), team)
                        }
                    };
                    let _ = reply.send(view);
                }
                Req::Trainer { cmd, reply } => {
                    let res = host.trainer(&cmd, now_ms());
                    let _ = reply.send(res);
                    publish(&host, &shared, &mut last);
                }
            }
        }
    })
}

/// After a change: the projector's new view, and the version every connection watches.
fn publish(host: &Host, shared: &Shared, last: &mut u64) {
    if publish_quiet(host, shared, last) {
        shared.bump();
    }
}

/// Stores the projector's new view if the room changed; says whether it did.
fn publish_quiet(host: &Host, shared: &Shared, last: &mut u64) -> bool {
    let v = host.version();
    if v == *last {
        return false;
    }
    *last = v;
    *shared.projector.lock().unwrap() = Arc::new(host.projector());
    true
}

/// What every device's view shares, read from the projector's view: if a choice leaves it as it
/// was, no other team's view changed.
fn room_key(shared: &Shared) -> String {
    let p = shared.projector.lock().unwrap();
    format!(
        "{}|{}|{}|{}|{:?}|{}|{}",
        p.phase,
        p.round,
        p.paused,
        p.locked,
        p.gate,
        p.teams.len(),
        p.reveal.is_some()
    )
}
