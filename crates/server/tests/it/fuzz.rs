//! A protocol fuzz: thousands of malformed, out-of-turn, wrong-token and other-team messages from
//! a seeded generator. Each gets an error (or, for a dead token, `revoked`), nothing changes: the
//! store, the projector and both teams' views are the same afterwards, and the room still plays.

use futures_util::SinkExt;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use service_arena_core::room::TrainerCmd;
use service_arena_core::workshop::Pacing;

use crate::common::*;

const CASES: usize = 3000;

/// A message the room must refuse, given the seated team's state (round, turn, option count), the
/// other team's index, and the room code.
fn hostile(rng: &mut ChaCha8Rng, round: u64, turn: u64, n: u64, other: u64, code: &str) -> String {
    let junk = |rng: &mut ChaCha8Rng, len: usize| -> String {
        (0..len)
            .map(|_| {
                let pool = "{}[]\":,0123456789abcxyz -\\\n\t\u{0}客服擂台🎉";
                let v: Vec<char> = pool.chars().collect();
                v[rng.random_range(0..v.len())]
            })
            .collect()
    };
    let big = [-1i64, 1 << 40, i64::MAX];
    match rng.random_range(0..16) {
        0 => {
            let len = rng.random_range(0..200);
            junk(rng, len)
        }
        1 => {
            // A valid message cut short.
            let s = json!({"type": "choose", "round": round, "turn": turn, "option": 0}).to_string();
            s[..rng.random_range(0..s.len() - 1)].to_string()
        }
        2 => json!([1, 2, 3]).to_string(),
        3 => json!({"type": junk(rng, 8)}).to_string(),
        4 => json!({"type": "choose", "round": round, "turn": turn + 1 + rng.random_range(0..5u64), "option": 0})
            .to_string(),
        5 => json!({"type": "choose", "round": round + 1 + rng.random_range(0..3u64), "turn": turn, "option": 0})
            .to_string(),
        6 => {
            json!({"type": "choose", "round": round, "turn": turn, "option": n + rng.random_range(0..5u64)}).to_string()
        }
        7 => json!({"type": "choose", "round": round, "turn": turn, "option": big[rng.random_range(0..3)]}).to_string(),
        8 => json!({"type": "choose", "round": round, "turn": "0", "option": "A"}).to_string(),
        9 => json!({"type": "choose", "round": round, "turn": turn, "option": 0, "team": other}).to_string(),
        10 => json!({"type": "claim", "team": other}).to_string(),
        11 => json!({"type": "claim", "team": 50 + rng.random_range(0..1000u64)}).to_string(),
        12 => json!({"type": "create_team", "name": "偷袭队"}).to_string(),
        13 => json!({"type": "hello", "code": code, "token": null}).to_string(),
        14 => json!({"type": "claim"}).to_string(),
        _ => {
            json!({"type": "create_team", "name": junk(rng, 3), "members": [{"name": "x", "role": "boss"}]}).to_string()
        }
    }
}

/// Messages on a connection that has not said hello, or says it wrongly.
fn before_hello(rng: &mut ChaCha8Rng, code: &str) -> Value {
    match rng.random_range(0..5) {
        0 => json!({"type": "choose", "round": 1, "turn": 0, "option": 0}),
        1 => json!({"type": "claim", "team": 0}),
        2 => json!({"type": "hello", "code": format!("{code}X"), "token": null}),
        3 => json!({"type": "hello", "code": "", "token": "0".repeat(32)}),
        _ => json!({"type": "create_team", "name": "偷袭队"}),
    }
}

async fn snapshot(
    room: &service_arena_server::RoomServer,
    db: &std::path::Path,
    id: i64,
    tokens: &[String],
) -> Vec<Value> {
    let mut out = vec![
        serde_json::to_value(room.projector()).unwrap(),
        Value::String(stored(db, id)),
    ];
    for t in tokens {
        let mut c = Client::connect(room.addr()).await;
        c.token = Some(t.clone());
        let mut s = c.hello(room.code()).await;
        s["call"].as_object_mut().map(|c| c.remove("now_ms"));
        out.push(s);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_hostile_messages_each_get_an_error_and_change_nothing() {
    let dir = temp_dir("fuzz");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(&db, id, fast());
    let (addr, code) = (room.addr(), room.code().to_string());
    let mut me = Client::connect(addr).await;
    me.hello(&code).await;
    me.create("飞虎队").await;
    let mut them = Client::connect(addr).await;
    them.hello(&code).await;
    let other = them.create("雄鹰队").await as u64;
    room.trainer(TrainerCmd::StartRound).unwrap();
    me.state_where(|s| s["phase"] == "playing").await;
    me.choose(0).await;
    let s = me.state_where(|s| s["call"]["turn"] == 1).await;
    let (round, turn) = (s["round"].as_u64().unwrap(), 1);
    let n = s["call"]["options"].as_array().unwrap().len() as u64;
    let tokens = vec![me.token.clone().unwrap(), them.token.clone().unwrap()];

    let before = snapshot(&room, &db, id, &tokens).await;
    let version = room.projector().version;
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut codes = std::collections::BTreeMap::<String, usize>::new();
    for i in 0..CASES {
        let msg = hostile(&mut rng, round, turn, n, other, &code);
        me.send_text(&msg).await;
        let reply = me.expect().await;
        assert_eq!(reply["type"], "error", "case {i}: {msg} → {reply}");
        assert!(
            reply["zh"].as_str().is_some_and(|s| !s.is_empty()) && reply["en"].as_str().is_some_and(|s| !s.is_empty()),
            "{reply}"
        );
        *codes.entry(reply["code"].as_str().unwrap().to_string()).or_default() += 1;
    }
    // Fresh connections that have not joined, or join wrongly.
    for i in 0..300 {
        let mut c = Client::connect(addr).await;
        let msg = before_hello(&mut rng, &code);
        c.send(msg.clone()).await;
        let reply = c.expect().await;
        assert!(
            ["error", "revoked"].contains(&reply["type"].as_str().unwrap()),
            "case {i}: {msg} → {reply}"
        );
        *codes
            .entry(reply["code"].as_str().unwrap_or("revoked").to_string())
            .or_default() += 1;
    }
    // A device in the lobby claiming the held teams, or a team that does not exist.
    for i in 0..100u64 {
        let mut c = Client::connect(addr).await;
        c.hello(&code).await;
        let team = i % 2; // both teams are held
        c.send(json!({"type": "claim", "team": team})).await;
        let e = c.until("error").await;
        assert_eq!(e["code"], "seat_held", "{e}");
        *codes.entry("seat_held".into()).or_default() += 1;
    }
    // Binary frames and oversized messages (the latter close the connection).
    me.ws
        .send(tokio_tungstenite::tungstenite::Message::Binary(vec![1u8, 2, 3].into()))
        .await
        .unwrap();
    assert_eq!(me.expect().await["code"], "bad_json");
    for size in [4097usize, 70_000] {
        let mut c = Client::connect(addr).await;
        c.hello(&code).await;
        c.send_text(&format!("{{\"type\":\"ping\",\"x\":\"{}\"}}", "a".repeat(size)))
            .await;
        let e = c.expect().await;
        assert_eq!(e["code"], "too_big", "{e}");
        assert!(c.next().await.is_none(), "closed after too_big");
    }
    println!("error codes: {codes:?}");
    for want in [
        "bad_json",
        "out_of_turn",
        "bad_option",
        "seat_held",
        "seated",
        "hello_first",
        "bad_code",
    ] {
        assert!(codes.contains_key(want), "the fuzz reached {want}: {codes:?}");
    }

    assert_eq!(room.projector().version, version, "no accepted change");
    let after = snapshot(&room, &db, id, &tokens).await;
    assert_eq!(before, after, "store, projector and views unchanged");

    // The room still plays.
    me.choose(0).await;
    me.state_where(|s| s["call"]["turn"] == 2).await;
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}
