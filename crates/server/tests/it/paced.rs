//! A paced room (the course's 讲师出题) over WebSockets: a team that has chosen waits for the
//! trainer to open the next decision, and every device hears when it opens.

use serde_json::json;
use service_arena_core::room::TrainerCmd;
use service_arena_core::workshop::Pacing;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paced_room_opens_one_decision_at_a_time_for_every_device() {
    let dir = temp_dir("paced");
    let (db, id) = workshop(&dir, 1, Pacing::Paced);
    let room = open(&db, id, fast());
    let (addr, code) = (room.addr(), room.code().to_string());
    let mut a = Client::connect(addr).await;
    a.hello(&code).await;
    a.create("飞虎队").await;
    let mut b = Client::connect(addr).await;
    b.hello(&code).await;
    b.create("雄鹰队").await;
    room.trainer(TrainerCmd::StartRound).unwrap();
    let s = a.state_where(|s| s["phase"] == "playing").await;
    assert_eq!(s["pacing"], "paced");
    assert_eq!(s["call"]["gate"], 1);
    assert!(!s["call"]["options"].as_array().unwrap().is_empty());
    let path = long_path(1, 3);

    a.choose(path[0]).await;
    let s = a.state_where(|s| s["call"]["turn"] == 1).await;
    assert!(
        s["call"]["options"].as_array().unwrap().is_empty(),
        "waiting: no options shown"
    );
    a.send(json!({"type": "choose", "round": 1, "turn": 1, "option": path[1]}))
        .await;
    assert_eq!(a.until("error").await["code"], "wait");

    let since = s["call"]["decision_since_ms"].as_i64().unwrap();
    room.trainer(TrainerCmd::NextDecision).unwrap();
    let s = a.state_where(|s| s["call"]["gate"] == 2).await;
    assert!(
        !s["call"]["options"].as_array().unwrap().is_empty(),
        "the next decision is open"
    );
    assert!(
        s["call"]["decision_since_ms"].as_i64().unwrap() >= since,
        "its timer starts now"
    );
    b.state_where(|s| s["call"]["gate"] == 2).await;
    assert_eq!(room.projector().gate, Some(2));

    // b, behind, may take both open decisions; a its second.
    b.choose(path[0]).await;
    b.state_where(|s| s["call"]["turn"] == 1).await;
    b.choose(path[1]).await;
    b.state_where(|s| s["call"]["turn"] == 2).await;
    a.choose(path[1]).await;
    a.state_where(|s| s["call"]["turn"] == 2).await;
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}
