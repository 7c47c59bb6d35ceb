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
        let mut next: Option<Req> = None;
        loop {
            // Nothing in the room changes by itself (timers are shown, not enforced), so the actor
            // sleeps until a request comes: an idle room costs no CPU.
            let req = match next.take() {
                Some(r) => r,
                None => match rx.recv() {
                    Ok(r) => r,
                    Err(_) => break,
                },
            };
            match req {
                Req::Stop => break,
                Req::Device { token, msg, reply } => {
                    // The devices' messages already waiting join this one: decided in order and
                    // stored in one transaction (one disk sync for all, see `Host::devices`).
                    let mut batch = vec![(token, msg, reply)];
                    while batch.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(Req::Device { token, msg, reply }) => batch.push((token, msg, reply)),
                            Ok(other) => {
                                next = Some(other);
                                break;
                            }
                            Err(_) => break,
                        }
                    }
                    devices(&mut host, &shared, &mut last, batch);
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

/// Most device messages stored in one transaction.
const MAX_BATCH: usize = 64;

type DeviceReq = (
    Option<String>,
    ClientMsg,
    tokio::sync::oneshot::Sender<Result<Reply, RoomError>>,
);

/// Decides and stores a batch of device messages, answers each, and tells the connections.
fn devices(host: &mut Host, shared: &Shared, last: &mut u64, batch: Vec<DeviceReq>) {
    // A choice concerns only the chooser's team, unless the room moves on with it.
    let choosers: Vec<Option<usize>> = batch
        .iter()
        .map(|(token, msg, _)| match msg {
            ClientMsg::Choose { .. } => token.as_deref().and_then(|t| host.room().team_of(t)),
            _ => None,
        })
        .collect();
    let before = room_key(shared);
    let tokens: Vec<Result<String, RoomError>> = batch
        .iter()
        .map(|_| {
            crate::token().map_err(|e| RoomError {
                code: "random",
                zh: e.to_string(),
                en: e.to_string(),
            })
        })
        .collect();
    let mut results: Vec<Option<Result<Reply, RoomError>>> = vec![None; batch.len()];
    let mut msgs = Vec::with_capacity(batch.len());
    let mut slots = Vec::with_capacity(batch.len());
    for (i, ((token, msg, _), new)) in batch.iter().zip(&tokens).enumerate() {
        match new {
            Ok(new) => {
                msgs.push((token.as_deref(), msg, new.as_str()));
                slots.push(i);
            }
            Err(e) => results[i] = Some(Err(e.clone())),
        }
    }
    for (i, r) in slots.into_iter().zip(host.devices(&msgs, now_ms())) {
        results[i] = Some(r);
    }
    let accepted: Vec<bool> = results.iter().map(|r| matches!(r, Some(Ok(_)))).collect();
    // Stored before the devices hear of it: `devices` committed the batch already.
    for ((_, _, reply), r) in batch.into_iter().zip(results) {
        let _ = reply.send(r.expect("every message has its answer"));
    }
    if publish_quiet(host, shared, last) {
        let only_choices = choosers.iter().zip(&accepted).all(|(c, ok)| !ok || c.is_some());
        if only_choices && before == room_key(shared) {
            for (c, ok) in choosers.iter().zip(&accepted) {
                if let (Some(team), true) = (c, ok) {
                    shared.bump_team(*team);
                }
            }
        } else {
            shared.bump();
        }
    }
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
