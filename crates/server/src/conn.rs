//! One device's WebSocket: `hello` first (room code, the stored token if any), then its messages
//! go to the actor and its view is pushed whenever it changes. Every message that is malformed,
//! too large, too frequent or refused by the room gets an `error` and changes nothing.

use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::Instant;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use service_arena_core::room::{ClientMsg, Reply, RoomError};

use crate::Shared;
use crate::actor::{Req, View};
use crate::wire::ServerMsg;

/// Holds one place in the connection count; frees it (and the seat's "connected" dot) on drop.
pub(crate) struct Counted(pub Arc<Shared>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A token bucket: `burst` messages at once, `rate` a second sustained.
struct Bucket {
    level: f64,
    at: Instant,
    rate: f64,
    burst: f64,
}

impl Bucket {
    fn take(&mut self) -> bool {
        let now = Instant::now();
        self.level = (self.level + now.duration_since(self.at).as_secs_f64() * self.rate).min(self.burst);
        self.at = now;
        if self.level >= 1.0 {
            self.level -= 1.0;
            true
        } else {
            false
        }
    }
}

struct Conn {
    id: u64,
    shared: Arc<Shared>,
    requests: mpsc::Sender<Req>,
    /// After a successful hello.
    joined: bool,
    token: Option<String>,
    /// The last view sent, without its clock (`call.now_ms`), to send only real changes.
    last: Option<serde_json::Value>,
    /// The team this device plays for (from its last view).
    team: Option<usize>,
    /// The shared versions this connection has acted on (see `Versions`).
    seen_all: u64,
    seen_team: Option<u64>,
}

enum Step {
    Go,
    Close(u16, &'static str),
}

pub(crate) async fn run(
    mut socket: WebSocket,
    counted: Counted,
    requests: mpsc::Sender<Req>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let shared = counted.0.clone();
    let limits = shared.limits.clone();
    let mut version = shared.version.subscribe();
    let mut c = Conn {
        id: shared.next_conn.fetch_add(1, Ordering::Relaxed),
        shared: shared.clone(),
        requests,
        joined: false,
        token: None,
        last: None,
        team: None,
        seen_all: 0,
        seen_team: None,
    };
    let mut bucket = Bucket {
        level: limits.burst,
        at: Instant::now(),
        rate: limits.rate_per_sec,
        burst: limits.burst,
    };
    let mut strikes = 0u32;
    let close = loop {
        tokio::select! {
            msg = tokio::time::timeout(limits.idle, socket.recv()) => {
                let text = match msg {
                    Err(_) => break Some((1001, "idle")),
                    Ok(None) => break None,
                    Ok(Some(Err(e))) => {
                        // Tungstenite refuses a frame or message over the limit before reading it.
                        if e.to_string().to_lowercase().contains("too long")
                            || e.to_string().to_lowercase().contains("capacity")
                        {
                            let _ = socket.send(text(ServerMsg::too_big(limits.max_message))).await;
                            break Some((1009, "too big"));
                        }
                        break None;
                    }
                    Ok(Some(Ok(Message::Text(t)))) => t.to_string(),
                    Ok(Some(Ok(Message::Binary(_)))) => {
                        if !bucket.take() { strikes += 1; }
                        if send(&mut socket, ServerMsg::binary()).await.is_err() { break None; }
                        continue;
                    }
                    Ok(Some(Ok(Message::Close(_)))) => break None,
                    // Protocol-level pings are answered by the library; both count as life.
                    Ok(Some(_)) => continue,
                };
                if !bucket.take() {
                    strikes += 1;
                    if strikes > limits.rate_strikes {
                        let _ = send(&mut socket, ServerMsg::rate()).await;
                        break Some((1008, "rate"));
                    }
                    if send(&mut socket, ServerMsg::rate()).await.is_err() { break None; }
                    continue;
                }
                if text.len() > limits.max_message {
                    let _ = send(&mut socket, ServerMsg::too_big(limits.max_message)).await;
                    break Some((1009, "too big"));
                }
                match c.message(&text, &mut socket).await {
                    Ok(Step::Go) => {}
                    Ok(Step::Close(code, why)) => break Some((code, why)),
                    Err(()) => break None,
                }
            }
            changed = version.changed() => {
                if changed.is_err() { break Some((1001, "closing")); }
                let v = version.borrow_and_update().clone();
                let mine = c.team.map(|t| v.team(t));
                let concerns = v.all != c.seen_all || mine != c.seen_team;
                c.seen_all = v.all;
                c.seen_team = mine;
                if c.joined && concerns && c.refresh(&mut socket).await.is_err() { break None; }
            }
            _ = stopped(&mut stop) => break Some((1001, "room closed")),
        }
    };
    if let Some((code, reason)) = close {
        let _ = socket
            .send(Message::Close(Some(CloseFrame {
                code,
                reason: reason.into(),
            })))
            .await;
    }
    c.unseat();
    drop(counted);
    shared.moved();
}

async fn stopped(stop: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

fn text(m: ServerMsg) -> Message {
    Message::Text(m.json().into())
}

async fn send(socket: &mut WebSocket, m: ServerMsg) -> Result<(), ()> {
    socket.send(text(m)).await.map_err(|_| ())
}

/// The view without its clock, for comparing.
fn without_clock(v: &serde_json::Value) -> serde_json::Value {
    let mut v = v.clone();
    if let Some(call) = v.get_mut("call").and_then(|c| c.as_object_mut()) {
        call.remove("now_ms");
    }
    v
}

impl Conn {
    async fn message(&mut self, text: &str, socket: &mut WebSocket) -> Result<Step, ()> {
        let msg: ClientMsg = match serde_json::from_str(text) {
            Ok(m) => m,
            Err(e) => {
                send(socket, ServerMsg::bad_json(&e.to_string())).await?;
                return Ok(Step::Go);
            }
        };
        match msg {
            ClientMsg::Hello { ref token, .. } if !self.joined => {
                let token = token.clone().filter(|t| !t.is_empty());
                match self.ask(None, msg).await {
                    Err(None) => return Ok(Step::Close(1011, "room closed")),
                    Err(Some(e)) if e.code == "revoked" => {
                        // The stored token no longer holds a seat: the device forgets it and
                        // sees the lobby.
                        self.joined = true;
                        send(socket, ServerMsg::Revoked { zh: e.zh, en: e.en }).await?;
                    }
                    Err(Some(e)) => send(socket, ServerMsg::room_error(e)).await?,
                    Ok(_) => {
                        self.joined = true;
                        self.token = token;
                    }
                }
                if self.joined {
                    self.refresh(socket).await?;
                }
                Ok(Step::Go)
            }
            ClientMsg::Hello { .. } => {
                send(socket, ServerMsg::again_hello()).await?;
                Ok(Step::Go)
            }
            _ if !self.joined => {
                send(socket, ServerMsg::hello_first()).await?;
                Ok(Step::Go)
            }
            ClientMsg::Ping {} => {
                send(socket, ServerMsg::Pong).await?;
                Ok(Step::Go)
            }
            msg => {
                match self.ask(self.token.clone(), msg).await {
                    Err(None) => return Ok(Step::Close(1011, "room closed")),
                    Err(Some(e)) => send(socket, ServerMsg::room_error(e)).await?,
                    Ok(Reply::Seat { token, team }) => {
                        self.token = Some(token.clone());
                        self.seat(team);
                        send(socket, ServerMsg::Seat { token, team }).await?;
                    }
                    Ok(Reply::Pong) => send(socket, ServerMsg::Pong).await?,
                    // The new state follows through the version the actor bumped.
                    Ok(Reply::Ok) => {}
                }
                Ok(Step::Go)
            }
        }
    }

    /// A message for the room, answered once the actor has stored what it changed.
    /// `Err(None)`: the room has stopped.
    async fn ask(&self, token: Option<String>, msg: ClientMsg) -> Result<Reply, Option<RoomError>> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        if self.requests.send(Req::Device { token, msg, reply: tx }).is_err() {
            return Err(None);
        }
        match rx.await {
            Ok(r) => r.map_err(Some),
            Err(_) => Err(None),
        }
    }

    /// Asks the actor for this device's view; sends it if it changed (or `revoked`).
    async fn refresh(&mut self, socket: &mut WebSocket) -> Result<(), ()> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        if self
            .requests
            .send(Req::View {
                token: self.token.clone(),
                reply: tx,
            })
            .is_err()
        {
            return Err(());
        }
        match rx.await.map_err(|_| ())? {
            View::Revoked => {
                self.token = None;
                self.unseat();
                self.last = None;
                let e = service_arena_core::room::revoked();
                send(socket, ServerMsg::Revoked { zh: e.zh, en: e.en }).await?;
                // And the lobby, so the page can offer the teams again.
                Box::pin(self.refresh(socket)).await
            }
            View::State(v, team) => {
                match team {
                    Some(t) => self.seat(t),
                    None => self.unseat(),
                }
                let key = without_clock(&v);
                if self.last.as_ref() != Some(&key) {
                    self.last = Some(key);
                    send(socket, ServerMsg::State(v)).await?;
                }
                Ok(())
            }
        }
    }

    fn seat(&mut self, team: usize) {
        self.team = Some(team);
        let old = self.shared.seated.lock().unwrap().insert(self.id, team);
        if old != Some(team) {
            self.shared.moved();
        }
    }

    fn unseat(&mut self) {
        self.team = None;
        if self.shared.seated.lock().unwrap().remove(&self.id).is_some() {
            self.shared.moved();
        }
    }
}
