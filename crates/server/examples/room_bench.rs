//! The room's numbers for docs/performance.md ("Room"), on loopback. Not a test: run by
//! `scripts/room-bench.sh` (release build).
//!
//! 1. A choice's round trip with 30 teams connected: the device sends its choice → the host stores
//!    it, replays and scores the call → the device receives its new view (sent after the actor has
//!    published the projector's new view, so every view that changed is updated by then). Once one
//!    choice at a time, then all 30 teams choosing at the same instant.
//! 2. A 200-team event: 200 devices connected, all playing a whole round at once.
//! 3. Memory and idle CPU of the real `service-arena workshop host` process (`SA_BIN`): RSS with
//!    the room open and no team, then with 200 teams connected and seated; CPU over 10 s with the
//!    room open and nothing happening.

#[path = "../tests/it/common.rs"]
#[allow(dead_code)]
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use service_arena_core::room::TrainerCmd;
use service_arena_core::workshop::Pacing;
use service_arena_server::Limits;

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn report(what: &str, v: &mut [f64]) {
    println!(
        "{what}: n={} p50={:.2} ms p95={:.2} ms max={:.2} ms",
        v.len(),
        pct(v, 0.5),
        pct(v, 0.95),
        pct(v, 1.0)
    );
}

async fn seat(addr: std::net::SocketAddr, code: &str, n: usize) -> Vec<Client> {
    let mut out = Vec::new();
    for i in 0..n {
        let mut c = Client::connect(addr).await;
        c.hello(code).await;
        c.create(&format!("第{}队", i + 1)).await;
        out.push(c);
    }
    out
}

/// One choice and the time until the device's new view arrives (ms); false when the call ended.
async fn timed_choice(c: &mut Client, rng: &mut ChaCha8Rng) -> Option<f64> {
    if c.state["phase"] != "playing" {
        return None;
    }
    let turn = c.state["call"]["turn"].clone();
    let n = c.state["call"]["options"].as_array().unwrap().len();
    let t0 = Instant::now();
    c.choose(rng.random_range(0..n)).await;
    c.state_where(|s| s["phase"] != "playing" || s["call"]["turn"] != turn)
        .await;
    Some(t0.elapsed().as_secs_f64() * 1000.0)
}

async fn round_trip() {
    let dir = temp_dir("bench-rt");
    let (db, id) = workshop(&dir, 2, Pacing::Free);
    let room = open(&db, id, Limits::default());
    let mut teams = seat(room.addr(), room.code(), 30).await;
    room.trainer(TrainerCmd::StartRound).unwrap();
    for c in teams.iter_mut() {
        c.state_where(|s| s["phase"] == "playing").await;
    }
    // One at a time, round robin, until every call is over.
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut one = Vec::new();
    loop {
        let mut any = false;
        for c in teams.iter_mut() {
            if let Some(ms) = timed_choice(c, &mut rng).await {
                one.push(ms);
                any = true;
            }
        }
        if !any {
            break;
        }
    }
    report("round trip, 30 teams connected, one choice at a time", &mut one);

    // Round 2: every team chooses at the same instant, decision after decision.
    room.trainer(TrainerCmd::StartRound).unwrap();
    let mut tasks = Vec::new();
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(30));
    for (i, mut c) in teams.into_iter().enumerate() {
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            c.state_where(|s| s["round"] == 2 && s["phase"] == "playing").await;
            let mut rng = ChaCha8Rng::seed_from_u64(100 + i as u64);
            let mut v = Vec::new();
            for _ in 0..4 {
                start.wait().await;
                if let Some(ms) = timed_choice(&mut c, &mut rng).await {
                    v.push(ms);
                }
            }
            v
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    report("round trip, 30 teams choosing at the same instant", &mut all);
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}

async fn event_200() {
    let dir = temp_dir("bench-200");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(&db, id, Limits::default());
    let t0 = Instant::now();
    let teams = seat(room.addr(), room.code(), 200).await;
    println!(
        "200 teams joined and created their teams in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    room.trainer(TrainerCmd::StartRound).unwrap();
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for (i, mut c) in teams.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            c.state_where(|s| s["phase"] == "playing").await;
            let mut rng = ChaCha8Rng::seed_from_u64(i as u64);
            let mut v = Vec::new();
            while let Some(ms) = timed_choice(&mut c, &mut rng).await {
                v.push(ms);
            }
            (c, v)
        }));
    }
    let mut all = Vec::new();
    let mut clients = Vec::new();
    for t in tasks {
        let (c, v) = t.await.unwrap();
        all.extend(v);
        clients.push(c);
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "200 teams played a whole round at once: {} choices in {secs:.1} s ({:.0} choices/s)",
        all.len(),
        all.len() as f64 / secs
    );
    report("round trip, 200 teams all playing at once", &mut all);
    let s = clients[0].state_where(|s| s["phase"] == "finished").await;
    assert_eq!(s["reveal"]["table"].as_array().unwrap().len(), 200);
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}

fn rss_kib(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &s[s.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = after.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

async fn process() {
    let Ok(bin) = std::env::var("SA_BIN") else {
        println!("SA_BIN not set: memory and idle CPU of the host process skipped");
        return;
    };
    let dir = temp_dir("bench-proc");
    let (db, _) = workshop(&dir, 1, Pacing::Free);
    let mut child = Command::new(bin)
        .args(["--scenarios", repo().join("scenarios").to_str().unwrap()])
        .args([
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
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let l = lines.next().unwrap().unwrap();
        if let Some(u) = l.strip_prefix("url: ") {
            break u.to_string();
        }
    };
    let (addr, code) = url.trim_start_matches("http://").split_once("/?code=").unwrap();
    let addr: std::net::SocketAddr = addr.parse().unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss = rss_kib(pid);
    let t0 = cpu_ticks(pid);
    tokio::time::sleep(Duration::from_secs(10)).await;
    let idle = cpu_ticks(pid) - t0;
    let tick = 100.0; // USER_HZ on Linux
    println!(
        "host process, room open, nothing happening: {:.2} % of one core over 10 s ({idle} ticks); RSS {:.1} MiB",
        idle as f64 / tick / 10.0 * 100.0,
        idle_rss as f64 / 1024.0
    );
    let teams = seat(addr, code, 200).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let full = rss_kib(pid);
    println!(
        "host process, 200 teams connected and seated: RSS {:.1} MiB, {:.1} KiB per team",
        full as f64 / 1024.0,
        (full.saturating_sub(idle_rss)) as f64 / 200.0
    );
    let t0 = cpu_ticks(pid);
    tokio::time::sleep(Duration::from_secs(10)).await;
    let idle = cpu_ticks(pid) - t0;
    println!(
        "host process, 200 teams connected, nobody sending: {:.2} % of one core over 10 s",
        idle as f64 / tick / 10.0 * 100.0
    );
    drop(teams);
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    round_trip().await;
    event_200().await;
    process().await;
}
