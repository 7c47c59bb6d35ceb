//! `service-arena workshop host`: the room without a window, killed with SIGKILL mid-round and
//! started again on the same database. Every acknowledged choice is there, every team resumes
//! where it was (its device reconnects with its token), and the round completes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};
use service_arena::engine::call::Call;
use service_arena::store::Store;

use crate::common::tempdir::Dir;
use crate::workshop::sa_cmd;

const TEAMS: usize = 4;
const WAIT: Duration = Duration::from_secs(20);

fn setup(dir: &Dir) -> String {
    let path = dir.path().join("room.ron");
    let teams: Vec<String> = (1..=TEAMS)
        .map(|i| format!("(name: \"第{i}队\", slogan: \"口号{i}\", members: [(name: \"队长{i}\", role: captain)])"))
        .collect();
    std::fs::write(
        &path,
        format!(
            "(name: \"断电演练\", teams: [{}], rounds: 1, scenarios: [\"fixture_stockout\"], seeds: [7], discussion_secs: 60, reward: \"小红旗\", penalty: \"唱首歌\")",
            teams.join(", ")
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

/// The running host: its stdin (trainer commands), its stdout lines, its address and code.
struct Host {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    addr: String,
    code: String,
}

impl Host {
    fn start(data: &Dir, db: &std::path::Path) -> Host {
        let mut child = sa_cmd(data)
            .args([
                "--lang",
                "en",
                "workshop",
                "host",
                "1",
                "--bind",
                "127.0.0.1:0",
                "--db",
                db.to_str().unwrap(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let mut h = Host {
            child,
            stdin,
            lines,
            addr: String::new(),
            code: String::new(),
        };
        let url = h.line_starting("url: ");
        let rest = url.trim_start_matches("url: http://");
        let (addr, code) = rest.split_once("/?code=").expect("url with the code");
        h.addr = addr.to_string();
        h.code = code.to_string();
        assert_eq!(h.line_starting("code: "), format!("code: {}", h.code));
        h
    }

    fn line_starting(&mut self, prefix: &str) -> String {
        loop {
            let l = self
                .lines
                .recv_timeout(WAIT)
                .unwrap_or_else(|_| panic!("no line starting {prefix:?}"));
            if l.starts_with(prefix) {
                return l;
            }
        }
    }

    fn command(&mut self, cmd: &str) -> String {
        writeln!(self.stdin, "{cmd}").unwrap();
        self.stdin.flush().unwrap();
        loop {
            let l = self.lines.recv_timeout(WAIT).expect("an answer to the command");
            if l == "ok" || l.starts_with("error") {
                return l;
            }
        }
    }
}

type Ws = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>;

/// A team's device (a blocking WebSocket client with a read timeout).
struct Device {
    ws: Ws,
    token: Option<String>,
    state: Value,
}

impl Device {
    fn connect(addr: &str, code: &str, token: Option<String>) -> Device {
        let (ws, _) = tungstenite::connect(format!("ws://{addr}/ws")).expect("connect");
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(WAIT)).unwrap();
        }
        let mut d = Device {
            ws,
            token,
            state: Value::Null,
        };
        d.send(json!({"type": "hello", "code": code, "token": d.token}));
        d.until(|m| m["type"] == "state");
        d
    }

    fn send(&mut self, v: Value) {
        self.ws.send(tungstenite::Message::Text(v.to_string().into())).unwrap();
    }

    fn until(&mut self, f: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self.ws.read().expect("a message before the timeout");
            let tungstenite::Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(&t).unwrap();
            match v["type"].as_str() {
                Some("state") => self.state = v.clone(),
                Some("seat") => self.token = v["token"].as_str().map(String::from),
                _ => {}
            }
            assert_ne!(v["type"], "error", "{v}");
            if f(&v) {
                return v;
            }
        }
    }

    fn turn(&self) -> Option<u64> {
        self.state["call"]["turn"].as_u64()
    }
}

/// Choices (0-based) that keep the fixture's call going for `len` decisions.
fn long_path(len: usize) -> Vec<usize> {
    let sc = Arc::new(
        service_arena::engine::load::load_file(&crate::common::root().join("tests/fixtures/fixture_stockout.ron"))
            .unwrap(),
    );
    fn go(sc: &Arc<service_arena::engine::Compiled>, path: &mut Vec<usize>, len: usize) -> bool {
        let call = Call::replay(sc.clone(), 7, path).unwrap();
        if call.finished() {
            return false;
        }
        if path.len() == len {
            return true;
        }
        for o in 0..call.sim().options().len() {
            path.push(o);
            if go(sc, path, len) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut p = Vec::new();
    assert!(go(&sc, &mut p, len), "the fixture has a call of {len} decisions");
    p
}

#[test]
fn the_host_killed_mid_round_resumes_with_every_acknowledged_choice() {
    let data = Dir::new("room-kill");
    let o = sa_cmd(&data)
        .args(["workshop", "new", "--setup", &setup(&data)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The host is given the database file itself (--db).
    let db = Store::path_in(Some(data.path())).unwrap();

    let mut host = Host::start(&data, &db);
    let path = long_path(3);
    let mut devices: Vec<Device> = (0..TEAMS)
        .map(|i| {
            let mut d = Device::connect(&host.addr, &host.code, None);
            d.send(json!({"type": "claim", "team": i}));
            d.until(|m| m["type"] == "seat");
            d.until(|m| m["type"] == "state" && m["phase"] == "ready");
            d
        })
        .collect();
    assert_eq!(host.command("start"), "ok");
    // Two acknowledged choices per team (the new state is the acknowledgement) …
    let mut acked: Vec<Vec<usize>> = vec![Vec::new(); TEAMS];
    for (i, d) in devices.iter_mut().enumerate() {
        d.until(|m| m["type"] == "state" && m["phase"] == "playing");
        for (turn, &o) in path.iter().enumerate().take(2) {
            d.send(json!({"type": "choose", "round": 1, "turn": turn, "option": o}));
            d.until(|m| m["type"] == "state" && m["call"]["turn"] == turn as u64 + 1);
            acked[i].push(o);
        }
    }
    // … then a third sent by every team, and the host killed without waiting for the answers.
    for d in devices.iter_mut() {
        d.send(json!({"type": "choose", "round": 1, "turn": 2, "option": path[2]}));
    }
    host.child.kill().unwrap(); // SIGKILL
    host.child.wait().unwrap();
    let tokens: Vec<Option<String>> = devices.iter().map(|d| d.token.clone()).collect();
    drop(devices);

    // Started again on the same database: the same code; every device comes back with its token.
    let mut host2 = Host::start(&data, &db);
    assert_eq!(host2.code, host.code, "devices reconnect with the code they know");
    let mut devices: Vec<Device> = tokens
        .iter()
        .map(|t| Device::connect(&host2.addr, &host2.code, t.clone()))
        .collect();
    for (i, d) in devices.iter_mut().enumerate() {
        assert_eq!(d.state["phase"], "playing", "team {i} resumes its call: {}", d.state);
        let turn = d.turn().unwrap();
        assert!(
            turn == 2 || turn == 3,
            "team {i}: the 2 acknowledged choices are kept (turn {turn})"
        );
        if turn == 3 {
            // The unacknowledged one was stored before the kill: it is the one sent.
            acked[i].push(path[2]);
        }
    }
    // Every team plays on to the end of its call (option 0 from here, resending the third choice
    // where it was lost).
    for (i, d) in devices.iter_mut().enumerate() {
        while d.state["phase"] == "playing" {
            let turn = d.turn().unwrap();
            let o = if turn == 2 { path[2] } else { 0 };
            d.send(json!({"type": "choose", "round": 1, "turn": turn, "option": o}));
            d.until(|m| m["type"] == "state" && (m["phase"] != "playing" || m["call"]["turn"] != turn));
            if turn as usize == acked[i].len() {
                acked[i].push(o);
            }
        }
    }
    let results = host2.line_starting("results: ");
    assert!(results.contains("round 1/1"), "{results}");
    drop(devices);
    writeln!(host2.stdin, "quit").unwrap();
    host2.child.wait().unwrap();

    let ws = Store::open(&db).unwrap().workshop(1).unwrap();
    for (i, choices) in acked.iter().enumerate() {
        let run = ws
            .active_run(1, i)
            .unwrap_or_else(|| panic!("team {i}'s run is stored"));
        let want: Vec<usize> = choices.iter().map(|c| c + 1).collect();
        assert_eq!(run.choices, want, "team {i}: every choice, in order");
    }
}
