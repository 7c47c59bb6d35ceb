//! Unit tests of the store.

use super::*;
use crate::engine::Principle;
use crate::workshop::model::{Member, Pick, Role, Round, Setup, Team, TeamRun};

/// A fresh directory under the system temp dir (removed on drop).
struct Tmp(PathBuf);
impl Tmp {
    fn new(tag: &str) -> Tmp {
        let p = std::env::temp_dir().join(format!("sa-store-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
    fn db(&self) -> PathBuf {
        self.0.join(FILE_NAME)
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn practice(player: &str, total: f32) -> PracticeRun {
    PracticeRun {
        id: None,
        player: player.into(),
        scenario: "ka_stockout".into(),
        seed: 1,
        choices: vec![1, 2, 3],
        total,
        principles: vec![(Principle::PeakEnd, 75.5)],
        outcome: Some("won_over".into()),
        finished_at: 1_700_000_000,
    }
}

fn setup() -> Setup {
    Setup {
        name: "测试工作坊".into(),
        teams: vec![
            Team {
                name: "红队".into(),
                slogan: "口号".into(),
                members: vec![Member {
                    name: "张伟".into(),
                    role: Role::Captain,
                }],
                withdrawn: None,
            },
            Team {
                name: "蓝队".into(),
                slogan: String::new(),
                members: Vec::new(),
                withdrawn: None,
            },
        ],
        rounds: vec![
            Round {
                scenario: "ka_stockout".into(),
                seed: 0,
            };
            2
        ],
        discussion_secs: 90,
        reward: "奖".into(),
        penalty: "罚".into(),
        pacing: Default::default(),
    }
}

#[test]
fn migrates_a_version_1_database_keeping_its_history() {
    let tmp = Tmp::new("migrate");
    {
        // The file as the first release wrote it: only the practice tables.
        let c = Connection::open(tmp.db()).unwrap();
        c.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))
            .unwrap();
        c.execute_batch(MIGRATIONS[0]).unwrap();
        c.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO practice_run (player, scenario, seed, choices, total, outcome, finished_at)
             VALUES ('李娜', 'tv_dropped', 3, '1,2', 66.6, 'neutral', 1700000000);
             INSERT INTO practice_principle VALUES (1, 'peak_end', 50.0);",
        )
        .unwrap();
    }
    let mut s = Store::open(&tmp.db()).unwrap();
    assert_eq!(s.version().unwrap(), schema_version());
    let runs = s.practice_runs("李娜").unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!((runs[0].total, runs[0].choices.clone()), (66.6, vec![1, 2]));
    assert_eq!(runs[0].principles, vec![(Principle::PeakEnd, 50.0)]);
    // The new tables work.
    let id = s.create_workshop(&setup(), &[Some(5), None], 1).unwrap();
    let ws = s.workshop(id).unwrap();
    assert_eq!(ws.setup.rounds[0].seed, 5);
    assert_eq!(ws.setup.rounds[1].seed, derive_seed(id, 2));
    assert!(s.check_integrity().unwrap().is_empty());
}

#[test]
fn round_trips_workshops_and_practice() {
    let tmp = Tmp::new("roundtrip");
    let mut s = Store::open(&tmp.db()).unwrap();
    s.record_practice(&practice("王芳", 80.0)).unwrap();
    s.record_practice(&practice("王芳", 90.0)).unwrap();
    assert_eq!(s.best_total("王芳", "ka_stockout").unwrap(), Some(90.0));
    assert_eq!(s.players().unwrap(), vec!["王芳".to_string()]);
    let id = s.create_workshop(&setup(), &[Some(9), Some(10)], 1).unwrap();
    let mut ws = s.workshop(id).unwrap();
    assert_eq!(ws.setup.teams[0].members[0].role, Role::Captain);
    let run = TeamRun {
        id: None,
        round: 1,
        team: 1,
        seed: 9,
        choices: vec![2, 1],
        picks: vec![Pick {
            node: "open".into(),
            option: 2,
        }],
        total: 71.3,
        principles: vec![(Principle::PeakEnd, 60.0), (Principle::Effort, 40.0)],
        outcome: Some("lost".into()),
        finished_at: 5,
        redone: None,
    };
    // Another seed than the round's is refused: every team faces the same customer.
    let wrong = TeamRun { seed: 8, ..run.clone() };
    assert!(
        s.record_team_run(id, &wrong)
            .unwrap_err()
            .to_string()
            .contains("seed 9")
    );
    let rid = s.record_team_run(id, &run).unwrap();
    s.set_paused(id, true).unwrap();
    assert!(
        s.skip_team(id, 1, 0, "late", 6)
            .unwrap_err()
            .to_string()
            .contains("paused")
    );
    s.set_paused(id, false).unwrap();
    s.skip_team(id, 1, 0, "late", 6).unwrap();
    ws.runs.push(TeamRun {
        id: Some(rid),
        ..run.clone()
    });
    let loaded = s.workshop(id).unwrap();
    assert_eq!(loaded.runs, ws.runs);
    assert_eq!(loaded.skips.len(), 1);
    assert_eq!(s.redo_team(id, 1, 1, "mis-click", 7).unwrap(), rid);
    let loaded = s.workshop(id).unwrap();
    assert_eq!(loaded.runs[0].redone.as_deref(), Some("mis-click"));
    assert_eq!(loaded.active_run(1, 1), None);
    assert_eq!(s.find_workshop("测试工作坊").unwrap(), id);
    assert!(s.find_workshop("nope").is_err());
}

#[test]
fn a_garbage_file_is_set_aside_untouched() {
    let tmp = Tmp::new("garbage");
    let junk = b"this is a spreadsheet, not a database\n".repeat(200);
    std::fs::write(tmp.db(), &junk).unwrap();
    let Err(StoreError::SetAside { moved_to, .. }) = Store::open(&tmp.db()) else {
        panic!("expected SetAside")
    };
    assert_eq!(std::fs::read(&moved_to).unwrap(), junk, "moved byte for byte");
    assert!(moved_to.to_string_lossy().contains(".corrupt-"));
    // The next open starts afresh at the original path.
    let s = Store::open(&tmp.db()).unwrap();
    assert_eq!(s.version().unwrap(), schema_version());
}

#[test]
fn another_programs_database_is_set_aside_untouched() {
    let tmp = Tmp::new("foreign");
    {
        let c = Connection::open(tmp.db()).unwrap();
        c.execute_batch("CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (42);")
            .unwrap();
    }
    let before = std::fs::read(tmp.db()).unwrap();
    let (s, msg) = Store::open_or_recover(&tmp.db()).unwrap();
    let Some(StoreError::SetAside { moved_to, .. }) = msg else {
        panic!("expected SetAside")
    };
    assert!(moved_to.to_string_lossy().contains(".foreign-"));
    assert_eq!(std::fs::read(&moved_to).unwrap(), before);
    assert!(s.players().unwrap().is_empty());
}

#[test]
fn a_newer_schema_is_left_alone() {
    let tmp = Tmp::new("newer");
    drop(Store::open(&tmp.db()).unwrap());
    Connection::open(tmp.db())
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    assert!(matches!(
        Store::open(&tmp.db()),
        Err(StoreError::TooNew { found: 99, .. })
    ));
    assert!(tmp.db().exists());
}
