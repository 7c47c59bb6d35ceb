//! A device dropped mid-call resumes with its token at the same call and turn; a second device
//! claiming a held team is refused until the trainer releases the seat.

use serde_json::json;
use service_arena_core::room::TrainerCmd;
use service_arena_core::workshop::Pacing;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_device_resumes_where_it_was_and_a_held_seat_is_refused_until_released() {
    let dir = temp_dir("resume");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(&db, id, fast());
    let (addr, code) = (room.addr(), room.code().to_string());

    let mut a = Client::connect(addr).await;
    a.hello(&code).await;
    let team = a.create("飞虎队").await;
    let mut other = Client::connect(addr).await;
    other.hello(&code).await;
    other.create("雄鹰队").await;
    room.trainer(TrainerCmd::StartRound).unwrap();
    a.state_where(|s| s["phase"] == "playing").await;
    let path = long_path(1, 4);
    for turn in 0..2u64 {
        a.choose(path[turn as usize]).await;
        a.state_where(|s| s["call"]["turn"] == turn + 1).await;
    }
    let before = a.state.clone();
    let token = a.token.clone().unwrap();
    assert_eq!(token.len(), 32);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));

    // The Wi-Fi drops: the socket goes away without a close.
    drop(a);
    eventually("the dot goes out", || !room.connected_teams().contains(&team)).await;
    assert!(room.projector().teams[team].seated, "the seat stays held");

    // Another device cannot take the held team.
    let mut b = Client::connect(addr).await;
    b.hello(&code).await;
    b.send(json!({"type": "claim", "team": team})).await;
    let e = b.until("error").await;
    assert_eq!(e["code"], "seat_held", "{e}");
    assert!(e["zh"].as_str().unwrap().contains("飞虎队"));

    // The first device comes back with its token: same call, same turn, same transcript.
    let mut a = Client::connect(addr).await;
    a.token = Some(token.clone());
    let s = a.hello(&code).await;
    assert_eq!(s["phase"], "playing");
    assert_eq!(s["call"]["turn"], 2);
    assert_eq!(s["call"]["transcript"], before["call"]["transcript"]);
    assert_eq!(s["call"]["options"], before["call"]["options"]);
    assert_eq!(s["team"]["name"], "飞虎队");
    eventually("the dot comes back", || room.connected_teams().contains(&team)).await;
    // It plays on.
    a.choose(path[2]).await;
    a.state_where(|s| s["call"]["turn"] == 3).await;

    // The trainer releases the seat: the holder is told and sees the lobby; the token is dead.
    room.trainer(TrainerCmd::Release { team }).unwrap();
    let r = a.until("revoked").await;
    assert!(r["en"].as_str().unwrap().contains("released"), "{r}");
    a.state_where(|s| s["phase"] == "lobby").await;
    let mut stale = Client::connect(addr).await;
    stale.token = Some(token.clone());
    stale.send(json!({"type": "hello", "code": code, "token": token})).await;
    assert_eq!(stale.expect().await["type"], "revoked");
    stale.state_where(|s| s["phase"] == "lobby").await;
    stale
        .send(json!({"type": "choose", "round": 1, "turn": 3, "option": 0}))
        .await;
    assert_eq!(stale.until("error").await["code"], "no_seat");

    // Now the second device can claim it, and continues the same call at turn 3.
    b.send(json!({"type": "claim", "team": team})).await;
    b.until("seat").await;
    assert_ne!(
        b.token.as_deref(),
        Some(token.as_str()),
        "a new token for the new device"
    );
    let s = b.state_where(|s| s["phase"] == "playing").await;
    assert_eq!(s["call"]["turn"], 3);
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_reopened_on_the_same_database_keeps_its_code_and_tokens() {
    let dir = temp_dir("reopen");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(&db, id, fast());
    let code = room.code().to_string();
    let mut a = Client::connect(room.addr()).await;
    a.hello(&code).await;
    a.create("飞虎队").await;
    room.trainer(TrainerCmd::StartRound).unwrap();
    a.state_where(|s| s["phase"] == "playing").await;
    a.choose(0).await;
    a.state_where(|s| s["call"]["turn"] == 1).await;
    let token = a.token.clone();
    drop(a);
    drop(room);

    let room = open(&db, id, fast());
    assert_eq!(room.code(), code);
    let mut a = Client::connect(room.addr()).await;
    a.token = token;
    let s = a.hello(&code).await;
    assert_eq!(s["phase"], "playing");
    assert_eq!(s["call"]["turn"], 1);
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_choice_pushes_only_its_own_teams_view_and_a_room_change_pushes_everyones() {
    use futures_util::StreamExt;
    let dir = temp_dir("scope");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(&db, id, fast());
    let (addr, code) = (room.addr(), room.code().to_string());
    let mut a = Client::connect(addr).await;
    a.hello(&code).await;
    a.create("飞虎队").await;
    let mut b = Client::connect(addr).await;
    b.hello(&code).await;
    b.create("雄鹰队").await;
    let mut lobby = Client::connect(addr).await;
    lobby.hello(&code).await;
    room.trainer(TrainerCmd::StartRound).unwrap();
    a.state_where(|s| s["phase"] == "playing").await;
    b.state_where(|s| s["phase"] == "playing").await;
    lobby.state_where(|s| s["round"] == 1).await;
    let path = long_path(1, 2);
    a.choose(path[0]).await;
    a.state_where(|s| s["call"]["turn"] == 1).await;
    // Nothing for the other team's device nor the lobby's: their views did not change.
    for c in [&mut b, &mut lobby] {
        let quiet = tokio::time::timeout(std::time::Duration::from_millis(300), c.ws.next()).await;
        assert!(quiet.is_err(), "no message expected, got {quiet:?}");
    }
    // A pause concerns everyone.
    room.trainer(TrainerCmd::Pause { paused: true }).unwrap();
    for c in [&mut a, &mut b, &mut lobby] {
        c.state_where(|s| s["paused"] == true).await;
    }
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}
