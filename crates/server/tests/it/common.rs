//! Helpers: a stored workshop in a fresh database, a room on 127.0.0.1, WebSocket test clients
//! whose every wait has a timeout.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use service_arena_core::engine::{Compiled, ScoringConfig};
use service_arena_core::store::Store;
use service_arena_core::workshop::{Pacing, Round, Setup};
use service_arena_server::{Limits, RoomOptions, RoomServer};
use tokio_tungstenite::tungstenite::Message;

pub const WAIT: Duration = Duration::from_secs(20);

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shipped scenarios (loaded once per test binary).
pub fn library() -> Vec<Arc<Compiled>> {
    static LIB: std::sync::OnceLock<Vec<Arc<Compiled>>> = std::sync::OnceLock::new();
    LIB.get_or_init(|| {
        service_arena_core::engine::testkit::load_dir(&repo().join("scenarios"))
            .into_iter()
            .map(Arc::new)
            .collect()
    })
    .clone()
}

/// A fresh directory under the system's temp dir, removed by the test at the end.
pub fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "sa-server-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A stored workshop with no teams yet (they arrive through the room) and `rounds` rounds over
/// the first shipped scenarios. Returns the database path and the workshop id.
pub fn workshop(dir: &Path, rounds: usize, pacing: Pacing) -> (PathBuf, i64) {
    let db = dir.join("arena.sqlite");
    let mut store = Store::open(&db).unwrap();
    let lib = library();
    let setup = Setup {
        name: "华东区客服 PK".into(),
        teams: Vec::new(),
        rounds: (0..rounds)
            .map(|i| Round {
                scenario: lib[i % lib.len()].id.clone(),
                seed: 100 + i as u64,
            })
            .collect(),
        discussion_secs: 60,
        reward: "奶茶一杯".into(),
        penalty: "表演节目".into(),
        pacing,
    };
    let seeds: Vec<Option<u64>> = setup.rounds.iter().map(|r| Some(r.seed)).collect();
    let id = store.create_workshop(&setup, &seeds, 0).unwrap();
    (db, id)
}

pub fn options(db: &Path, workshop: i64, limits: Limits) -> RoomOptions {
    RoomOptions {
        db: db.to_path_buf(),
        workshop,
        scenarios: library(),
        scoring: ScoringConfig::default(),
        bind: "127.0.0.1:0".parse().unwrap(),
        limits,
    }
}

/// Limits for tests that send many messages quickly (the rate limit has its own test).
pub fn fast() -> Limits {
    Limits {
        rate_per_sec: 1e6,
        burst: 1e6,
        ..Limits::default()
    }
}

pub fn open(db: &Path, workshop: i64, limits: Limits) -> RoomServer {
    RoomServer::open(options(db, workshop, limits)).unwrap()
}

/// Everything the store holds about the workshop: the workshop and the room's log.
pub fn stored(db: &Path, workshop: i64) -> String {
    let store = Store::open(db).unwrap();
    let ws = store.workshop(workshop).unwrap();
    let log = store.room_events(workshop).unwrap();
    format!("{}\n{:?}", serde_json::to_string(&ws).unwrap(), log)
}

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Client {
    pub ws: Ws,
    pub token: Option<String>,
    pub team: Option<usize>,
    /// The last state received.
    pub state: Value,
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> Client {
        let url = format!("ws://{addr}/ws");
        let (ws, _) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(url))
            .await
            .expect("connect timed out")
            .expect("connect");
        Client {
            ws,
            token: None,
            team: None,
            state: Value::Null,
        }
    }

    pub async fn send_text(&mut self, s: &str) {
        tokio::time::timeout(WAIT, self.ws.send(Message::Text(s.to_string().into())))
            .await
            .expect("send timed out")
            .expect("send");
    }

    pub async fn send(&mut self, v: Value) {
        self.send_text(&v.to_string()).await
    }

    /// The next message (JSON), or None when the server closed the connection.
    pub async fn next(&mut self) -> Option<Value> {
        loop {
            let m = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("no message from the server in time");
            match m {
                None | Some(Err(_)) => return None,
                Some(Ok(Message::Text(t))) => {
                    let v: Value = serde_json::from_str(&t).expect("server sent JSON");
                    match v["type"].as_str() {
                        Some("state") => self.state = v.clone(),
                        Some("seat") => {
                            self.token = v["token"].as_str().map(String::from);
                            self.team = v["team"].as_u64().map(|x| x as usize);
                        }
                        Some("revoked") => self.token = None,
                        _ => {}
                    }
                    return Some(v);
                }
                Some(Ok(Message::Close(_))) => return None,
                Some(Ok(_)) => continue,
            }
        }
    }

    pub async fn expect(&mut self) -> Value {
        self.next().await.expect("the server closed the connection")
    }

    /// Skips messages until one of type `ty` arrives.
    pub async fn until(&mut self, ty: &str) -> Value {
        loop {
            let v = self.expect().await;
            if v["type"] == ty {
                return v;
            }
            assert_ne!(v["type"], "error", "unexpected error while waiting for {ty}: {v}");
        }
    }

    /// Skips messages until a state for which `f` holds.
    pub async fn state_where(&mut self, f: impl Fn(&Value) -> bool) -> Value {
        if self.state.is_object() && f(&self.state) {
            return self.state.clone();
        }
        loop {
            let v = self.expect().await;
            if v["type"] == "state" && f(&v) {
                return v;
            }
            assert_ne!(v["type"], "error", "unexpected error: {v}");
        }
    }

    pub async fn hello(&mut self, code: &str) -> Value {
        let token = self.token.clone();
        self.send(json!({"type": "hello", "code": code, "token": token})).await;
        self.until("state").await
    }

    pub async fn create(&mut self, name: &str) -> usize {
        self.send(
            json!({"type": "create_team", "name": name, "slogan": format!("{name}必胜"),
            "members": [{"name": "李娜", "role": "captain"}, {"name": "王强", "role": "secretary"}]}),
        )
        .await;
        self.until("seat").await;
        self.team.unwrap()
    }

    /// Sends the choice for the current decision.
    pub async fn choose(&mut self, option: usize) {
        let s = &self.state;
        let (round, turn) = (s["round"].clone(), s["call"]["turn"].clone());
        self.send(json!({"type": "choose", "round": round, "turn": turn, "option": option}))
            .await;
    }
}

/// Choices (0-based) for the first `len` decisions of round `round` (1-based) of the test
/// workshop that keep its call going (found with the engine).
pub fn long_path(round: usize, len: usize) -> Vec<usize> {
    fn go(sc: &Arc<Compiled>, seed: u64, path: &mut Vec<usize>, len: usize) -> bool {
        let call = service_arena_core::engine::call::Call::replay(sc.clone(), seed, path).unwrap();
        if call.finished() {
            return false;
        }
        if path.len() == len {
            return true;
        }
        for o in 0..call.sim().options().len() {
            path.push(o);
            if go(sc, seed, path, len) {
                return true;
            }
            path.pop();
        }
        false
    }
    let lib = library();
    let sc = lib[(round - 1) % lib.len()].clone();
    let mut path = Vec::new();
    assert!(
        go(&sc, 100 + round as u64 - 1, &mut path, len),
        "no path of {len} decisions"
    );
    path
}

/// Waits until `f` holds, polling (for the handle's views).
pub async fn eventually(what: &str, f: impl Fn() -> bool) {
    let until = std::time::Instant::now() + WAIT;
    while !f() {
        assert!(std::time::Instant::now() < until, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
