//! The host's own costs, without the network (docs/performance.md, "Room"): one choice through
//! `Host::device` (decided, stored in SQLite, applied), one team view serialised to JSON, one
//! projector view; 30 teams, four decisions each. The database is in the system's temp dir
//! (`TMPDIR=/dev/shm` puts it in memory, which shows how much of a choice is the disk's fsync).

#[path = "../tests/it/common.rs"]
#[allow(dead_code)]
mod common;

use std::time::Instant;

use common::*;
use service_arena_core::room::{ClientMsg, Host, TrainerCmd};
use service_arena_core::workshop::Pacing;

fn main() {
    let dir = temp_dir("costs");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let store = service_arena_core::store::Store::open(&db).unwrap();
    let mut h = Host::open(store, id, &library(), Default::default(), "ABCD", &"a".repeat(32), 0).unwrap();
    let tok = |i: usize| format!("{:032x}", i + 1);
    for i in 0..30 {
        let msg = ClientMsg::CreateTeam {
            name: format!("第{i}队"),
            slogan: String::new(),
            members: vec![],
        };
        h.device(None, &msg, &tok(i), 1).unwrap();
    }
    h.trainer(&TrainerCmd::StartRound, 2).unwrap();
    let (mut dev, mut view, mut proj) = (Vec::new(), Vec::new(), Vec::new());
    for turn in 0..4 {
        for i in 0..30 {
            let t0 = Instant::now();
            let r = h.device(
                Some(&tok(i)),
                &ClientMsg::Choose {
                    round: 1,
                    turn,
                    option: 0,
                },
                &tok(999),
                3,
            );
            dev.push(t0.elapsed().as_secs_f64() * 1e3);
            if r.is_err() {
                continue;
            }
            let t0 = Instant::now();
            let v = h.team_view(Some(&tok(i)), 4);
            let _ = serde_json::to_string(&v).unwrap();
            view.push(t0.elapsed().as_secs_f64() * 1e3);
            let t0 = Instant::now();
            let _ = h.projector();
            proj.push(t0.elapsed().as_secs_f64() * 1e3);
        }
    }
    let avg = |v: &Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    println!(
        "Host::device (choice, stored) {:.3} ms; team view + JSON {:.3} ms; projector view {:.3} ms (means; database in {})",
        avg(&dev),
        avg(&view),
        avg(&proj),
        std::env::temp_dir().display()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
