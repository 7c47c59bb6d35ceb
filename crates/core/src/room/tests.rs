//! The room as a state machine, driven through its host on a real store (a temporary file).

use std::path::PathBuf;
use std::sync::Arc;

use super::*;
use crate::engine::testkit;
use crate::engine::{Compiled, ScoringConfig};
use crate::store::Store;
use crate::workshop::model::{Member, Pacing, Role, Round, Setup};

struct Tmp(PathBuf);
impl Tmp {
    fn new(tag: &str) -> Tmp {
        let p = std::env::temp_dir().join(format!("sa-room-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
    fn db(&self) -> PathBuf {
        self.0.join("room.sqlite3")
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn library() -> Vec<Arc<Compiled>> {
    kit("excuse")
}

/// The rounds' scenario, "kit", with the acts of the first turn's third option.
fn kit(third: &str) -> Vec<Arc<Compiled>> {
    vec![Arc::new(testkit::scenario(
        "angry",
        &[
            &["listen, empathize, apologize", "argue", third],
            &["solution", "excuse"],
            &["thank", "argue"],
        ],
        "",
    ))]
}

const CODE: &str = "K7Q2";
const KEY: &str = "trainer-key-0123456789abcdef0123";

fn tok(n: u32) -> String {
    format!("{n:032x}")
}

fn open(tmp: &Tmp, teams: usize, pacing: Pacing) -> (Host, i64) {
    let mut store = Store::open(&tmp.db()).unwrap();
    let setup = Setup {
        name: "PK".into(),
        teams: (0..teams)
            .map(|i| Team {
                name: format!("第{}队", i + 1),
                slogan: String::new(),
                members: Vec::new(),
                withdrawn: None,
            })
            .collect(),
        rounds: (0..3)
            .map(|_| Round {
                scenario: "kit".into(),
                seed: 0,
            })
            .collect(),
        discussion_secs: 60,
        reward: "红旗".into(),
        penalty: "表演".into(),
        pacing,
    };
    let id = store.create_workshop(&setup, &[None, None, None], 1).unwrap();
    let host = Host::open(store, id, &library(), ScoringConfig::default(), CODE, KEY, 1000).unwrap();
    (host, id)
}

fn reopen(tmp: &Tmp, id: i64) -> Host {
    let store = Store::open(&tmp.db()).unwrap();
    Host::open(store, id, &library(), ScoringConfig::default(), "ZZZZ", "other", 9999).unwrap()
}

fn create(h: &mut Host, name: &str, n: u32) -> Result<Reply, RoomError> {
    h.device(
        None,
        &ClientMsg::CreateTeam {
            name: name.into(),
            slogan: "必胜".into(),
            members: vec![Member {
                name: "李娜".into(),
                role: Role::Captain,
            }],
        },
        &tok(n),
        2000,
    )
}

fn choose(h: &mut Host, t: &str, round: usize, turn: usize, option: usize) -> Result<Reply, RoomError> {
    h.device(Some(t), &ClientMsg::Choose { round, turn, option }, &tok(999), 3000)
}

fn code(r: Result<impl std::fmt::Debug, RoomError>) -> &'static str {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => {
            assert!(!e.zh.is_empty() && !e.en.is_empty(), "{e:?}");
            e.code
        }
    }
}

/// Plays the whole call with option 0 every time.
fn play_out(h: &mut Host, t: &str, round: usize) {
    for _ in 0..10 {
        let v = h.team_view(Some(t), 0);
        if v.phase != "playing" {
            return;
        }
        choose(h, t, round, v.call.unwrap().turn, 0).unwrap();
    }
    panic!("the call did not end");
}

#[test]
fn teams_join_play_a_round_and_see_the_reveal_only_when_every_team_is_done() {
    let tmp = Tmp::new("round");
    let (mut h, _) = open(&tmp, 0, Pacing::Free);
    assert_eq!(h.projector().phase, "lobby");
    assert_eq!(code(h.trainer(&TrainerCmd::StartRound, 1)), "no_teams");
    let Reply::Seat { token: a, team: 0 } = create(&mut h, " 飞虎队 ", 1).unwrap() else {
        panic!()
    };
    let Reply::Seat { token: b, team: 1 } = create(&mut h, "雄鹰队", 2).unwrap() else {
        panic!()
    };
    assert_eq!(
        h.room().workshop().setup.teams[0].name,
        "飞虎队",
        "names are stored trimmed"
    );
    assert_eq!(h.projector().greetings, vec![0, 1]);
    assert_eq!(h.team_view(Some(&a), 0).phase, "ready");
    assert_eq!(h.team_view(None, 0).phase, "lobby");
    assert_eq!(h.team_view(None, 0).teams.len(), 2);
    assert_eq!(code(choose(&mut h, &a, 1, 0, 0)), "not_playing");

    h.trainer(&TrainerCmd::StartRound, 5000).unwrap();
    let v = h.team_view(Some(&a), 6000);
    assert_eq!(v.phase, "playing");
    let call = v.call.unwrap();
    assert_eq!((call.turn, call.options.len(), call.decision_since_ms), (0, 3, 5000));
    assert_eq!(call.transcript.len(), 1, "the customer's first line");
    assert!(v.reveal.is_none());

    play_out(&mut h, &a, 1);
    let va = h.team_view(Some(&a), 0);
    assert_eq!(va.phase, "called", "a's call is over, b still plays");
    assert!(
        va.reveal.is_none() && h.projector().reveal.is_none(),
        "no results before the round is complete"
    );
    assert!(va.call.as_ref().unwrap().over && va.call.as_ref().unwrap().options.is_empty());
    let p = h.projector();
    assert!(p.teams[0].over && !p.teams[1].over);
    assert_eq!(p.phase, "playing");

    // b plays a different path: argue first.
    choose(&mut h, &b, 1, 0, 1).unwrap();
    assert_eq!(h.projector().teams[1].turn, 1);
    play_out(&mut h, &b, 1);
    let p = h.projector();
    assert_eq!(p.phase, "reveal");
    let r = p.reveal.clone().unwrap();
    assert_eq!(r.round, 1);
    assert_eq!(r.table.len(), 2);
    assert_eq!(r.highest, vec!["飞虎队".to_string()], "{:?}", r.table);
    let first = r.decisions.iter().find(|d| d.turn == 1).unwrap();
    assert_eq!(first.teams, 2);
    assert_eq!(first.options[0].count, 1);
    assert_eq!(first.options[1].count, 1);
    assert!(first.options[0].best && !first.options[1].best, "{first:?}");
    assert_eq!(h.team_view(Some(&b), 0).reveal, Some(r.clone()));
    assert_eq!(r.champion, None);

    // The stored runs are the engine's replay of the choices.
    let ws = h.store().workshop(h.room().workshop().id).unwrap();
    let run = ws.active_run(1, 0).unwrap();
    let sc = &library()[0];
    let f = crate::engine::call::Call::replay(sc.clone(), ws.setup.rounds[0].seed, &[0, 0, 0])
        .unwrap()
        .finish(&ScoringConfig::default())
        .unwrap();
    assert_eq!(run.total, f.score.total);
    assert_eq!(run.choices, vec![1, 1, 1]);

    // Rounds 2 and 3, then the champion.
    for round in 2..=3 {
        h.trainer(&TrainerCmd::StartRound, 7000).unwrap();
        play_out(&mut h, &a, round);
        play_out(&mut h, &b, round);
    }
    let p = h.projector();
    assert_eq!(p.phase, "finished");
    assert_eq!(p.reveal.unwrap().champion, Some(vec!["飞虎队".to_string()]));
    assert_eq!(code(h.trainer(&TrainerCmd::StartRound, 1)), "complete");
    assert_eq!(code(create(&mut h, "迟到队", 3)), "complete");
}

#[test]
fn seats_are_held_until_the_trainer_releases_them_and_a_released_token_is_revoked() {
    let tmp = Tmp::new("seats");
    let (mut h, _) = open(&tmp, 2, Pacing::Free);
    let Reply::Seat { token: a, team: 0 } = h.device(None, &ClientMsg::Claim { team: 0 }, &tok(1), 1).unwrap() else {
        panic!()
    };
    assert_eq!(
        code(h.device(None, &ClientMsg::Claim { team: 0 }, &tok(2), 1)),
        "seat_held"
    );
    assert_eq!(
        code(h.device(Some(&a), &ClientMsg::Claim { team: 1 }, &tok(2), 1)),
        "seated"
    );
    assert_eq!(
        code(h.device(None, &ClientMsg::Claim { team: 9 }, &tok(2), 1)),
        "no_such_team"
    );
    assert_eq!(
        code(h.device(None, &ClientMsg::Claim { team: 1 }, &a, 1)),
        "token",
        "a token already in use is never handed out twice"
    );
    assert_eq!(code(h.device(None, &ClientMsg::Claim { team: 1 }, "short", 1)), "token");
    // Reconnecting with the token is a hello; a wrong code or a stale token is refused.
    let hello = |t: Option<&str>, c: &str| ClientMsg::Hello {
        code: c.into(),
        token: t.map(String::from),
    };
    h.device(None, &hello(Some(&a), "k7q2"), &tok(3), 1).unwrap();
    assert_eq!(code(h.device(None, &hello(None, "ABCD"), &tok(3), 1)), "bad_code");
    assert_eq!(
        code(h.device(None, &hello(Some(&tok(77)), CODE), &tok(3), 1)),
        "revoked"
    );

    h.trainer(&TrainerCmd::StartRound, 10).unwrap();
    choose(&mut h, &a, 1, 0, 0).unwrap();
    h.trainer(&TrainerCmd::Release { team: 0 }, 20).unwrap();
    assert!(!h.token_valid(&a));
    assert_eq!(code(choose(&mut h, &a, 1, 1, 0)), "no_seat");
    assert_eq!(h.team_view(Some(&a), 0).phase, "lobby");
    assert_eq!(code(h.trainer(&TrainerCmd::Release { team: 0 }, 20)), "seat_free");
    // Another device takes the team over and continues the same call.
    let Reply::Seat { token: c, .. } = h.device(None, &ClientMsg::Claim { team: 0 }, &tok(4), 30).unwrap() else {
        panic!()
    };
    assert_eq!(h.team_view(Some(&c), 0).call.unwrap().turn, 1);
    choose(&mut h, &c, 1, 1, 0).unwrap();

    // Removing a team revokes its seat and it plays no more.
    h.trainer(
        &TrainerCmd::Remove {
            team: 0,
            reason: "重复创建".into(),
        },
        40,
    )
    .unwrap();
    assert!(!h.token_valid(&c));
    assert_eq!(
        code(h.device(None, &ClientMsg::Claim { team: 0 }, &tok(5), 1)),
        "withdrawn"
    );
    assert!(h.projector().teams[0].removed);
    assert_eq!(
        code(h.trainer(
            &TrainerCmd::Remove {
                team: 1,
                reason: " ".into()
            },
            1
        )),
        "reason_required"
    );
}

#[test]
fn every_bad_choice_is_refused_and_changes_nothing() {
    let tmp = Tmp::new("bad");
    let (mut h, id) = open(&tmp, 2, Pacing::Free);
    let Reply::Seat { token: a, .. } = h.device(None, &ClientMsg::Claim { team: 0 }, &tok(1), 1).unwrap() else {
        panic!()
    };
    assert_eq!(code(choose(&mut h, &tok(5), 1, 0, 0)), "no_seat");
    h.trainer(&TrainerCmd::StartRound, 10).unwrap();
    let before = (
        h.version(),
        h.store().room_events(id).unwrap().len(),
        h.team_view(Some(&a), 0),
    );
    assert_eq!(code(choose(&mut h, &a, 2, 0, 0)), "not_current_round");
    assert_eq!(code(choose(&mut h, &a, 1, 1, 0)), "out_of_turn");
    assert_eq!(code(choose(&mut h, &a, 1, 0, 3)), "bad_option");
    assert_eq!(code(choose(&mut h, &a, 1, 0, usize::MAX)), "bad_option");
    h.trainer(&TrainerCmd::Pause { paused: true }, 11).unwrap();
    assert_eq!(code(choose(&mut h, &a, 1, 0, 0)), "paused");
    assert_eq!(code(h.trainer(&TrainerCmd::EndRound, 11)), "paused");
    h.trainer(&TrainerCmd::Pause { paused: false }, 12).unwrap();
    assert_eq!(h.version(), before.0 + 2, "only the pause and the resume were accepted");
    assert_eq!(h.team_view(Some(&a), 0).call, before.2.call);
    // The same choice sent twice (a lost acknowledgement) is taken once.
    choose(&mut h, &a, 1, 0, 0).unwrap();
    let v = h.version();
    choose(&mut h, &a, 1, 0, 0).unwrap();
    assert_eq!(h.version(), v);
    assert_eq!(code(choose(&mut h, &a, 1, 0, 1)), "out_of_turn");
    assert_eq!(h.store().room_events(id).unwrap().len(), before.1 + 3);
    assert_eq!(code(h.trainer(&TrainerCmd::NextDecision, 1)), "not_paced");
    assert_eq!(code(h.trainer(&TrainerCmd::StartRound, 1)), "round_running");
    assert_eq!(code(h.trainer(&TrainerCmd::Release { team: 7 }, 1)), "no_such_team");
    assert_eq!(
        code(h.trainer(
            &TrainerCmd::Rename {
                team: 0,
                name: "第2队".into()
            },
            1
        )),
        "name_taken"
    );
    assert_eq!(
        code(h.trainer(
            &TrainerCmd::Rename {
                team: 0,
                name: "\u{202e}x".into()
            },
            1
        )),
        "bad_name"
    );
    h.trainer(
        &TrainerCmd::Rename {
            team: 0,
            name: " 新名字 ".into(),
        },
        1,
    )
    .unwrap();
    assert_eq!(h.team_view(Some(&a), 0).team.unwrap().name, "新名字");
}

#[test]
fn messages_with_unknown_fields_or_types_do_not_parse() {
    for bad in [
        r#"{"type":"choose","round":1,"turn":0,"option":0,"team":3}"#,
        r#"{"type":"choose","round":1,"turn":0}"#,
        r#"{"type":"choose","round":-1,"turn":0,"option":0}"#,
        r#"{"type":"score","total":100}"#,
        r#"{"type":"start_round"}"#,
        r#"{"round":1}"#,
        r#"[]"#,
        r#"{"type":"ping","extra":1}"#,
    ] {
        assert!(serde_json::from_str::<ClientMsg>(bad).is_err(), "{bad}");
    }
    let ping: ClientMsg = serde_json::from_str(r#"{"type":"ping"}"#).unwrap();
    assert_eq!(ping, ClientMsg::Ping {});
    assert_eq!(serde_json::to_string(&ping).unwrap(), r#"{"type":"ping"}"#);
    let ok: ClientMsg = serde_json::from_str(r#"{"type":"hello","code":"K7Q2"}"#).unwrap();
    assert_eq!(
        ok,
        ClientMsg::Hello {
            code: "K7Q2".into(),
            token: None
        }
    );
    let t: TrainerCmd = serde_json::from_str(r#"{"type":"release","team":2}"#).unwrap();
    assert_eq!(t, TrainerCmd::Release { team: 2 });
}

#[test]
fn late_teams_join_at_the_next_round_and_unfinished_calls_are_recorded_when_the_trainer_ends_the_round() {
    let tmp = Tmp::new("late");
    let (mut h, _) = open(&tmp, 0, Pacing::Free);
    let Reply::Seat { token: a, .. } = create(&mut h, "甲", 1).unwrap() else {
        panic!()
    };
    let Reply::Seat { token: b, .. } = create(&mut h, "乙", 2).unwrap() else {
        panic!()
    };
    h.trainer(&TrainerCmd::StartRound, 10).unwrap();
    let Reply::Seat { token: c, team: 2 } = create(&mut h, "丙", 3).unwrap() else {
        panic!()
    };
    assert_eq!(h.team_view(Some(&c), 0).phase, "sits_out");
    assert_eq!(code(choose(&mut h, &c, 1, 0, 0)), "sits_out");
    assert!(!h.projector().teams[2].plays);
    play_out(&mut h, &a, 1);
    choose(&mut h, &b, 1, 0, 0).unwrap();
    h.trainer(&TrainerCmd::EndRound, 20).unwrap();
    let p = h.projector();
    assert_eq!(p.phase, "reveal");
    let r = p.reveal.unwrap();
    let row = r.table.iter().find(|x| x.team == "乙").unwrap();
    assert_eq!(row.score, None);
    assert!(row.note.as_deref().unwrap().contains("1 decisions made"), "{row:?}");
    assert!(
        r.table
            .iter()
            .find(|x| x.team == "丙")
            .unwrap()
            .note
            .as_deref()
            .unwrap()
            .contains("joined during round 1")
    );
    // Round 2: all three play.
    h.trainer(&TrainerCmd::StartRound, 30).unwrap();
    assert_eq!(h.team_view(Some(&c), 0).phase, "playing");
    // A team joining between rounds skips the rounds already played.
    for t in [&a, &b, &c] {
        play_out(&mut h, t, 2);
    }
    assert_eq!(h.projector().phase, "reveal");
    let Reply::Seat { token: d, .. } = create(&mut h, "丁", 4).unwrap() else {
        panic!()
    };
    assert_eq!(h.projector().phase, "reveal", "rounds 1 and 2 stay complete");
    h.trainer(&TrainerCmd::StartRound, 40).unwrap();
    assert_eq!(h.team_view(Some(&d), 0).phase, "playing");
    h.trainer(&TrainerCmd::Lock { locked: true }, 41).unwrap();
    assert_eq!(code(create(&mut h, "戊", 5)), "locked");
    assert_eq!(code(create(&mut h, "甲", 5)), "locked");
    h.trainer(&TrainerCmd::Lock { locked: false }, 42).unwrap();
    assert_eq!(code(create(&mut h, "甲", 5)), "name_taken");
}

#[test]
fn a_paced_room_opens_one_decision_at_a_time() {
    let tmp = Tmp::new("paced");
    let (mut h, _) = open(&tmp, 1, Pacing::Paced);
    let Reply::Seat { token: a, .. } = h.device(None, &ClientMsg::Claim { team: 0 }, &tok(1), 1).unwrap() else {
        panic!()
    };
    h.trainer(&TrainerCmd::StartRound, 100).unwrap();
    assert_eq!(h.projector().gate, Some(1));
    choose(&mut h, &a, 1, 0, 0).unwrap();
    let v = h.team_view(Some(&a), 0).call.unwrap();
    assert!(v.options.is_empty(), "waiting for the trainer: no options shown");
    assert_eq!(code(choose(&mut h, &a, 1, 1, 0)), "wait");
    h.trainer(&TrainerCmd::NextDecision, 5000).unwrap();
    let v = h.team_view(Some(&a), 0).call.unwrap();
    assert_eq!((v.options.len(), v.decision_since_ms, v.gate), (2, 5000, Some(2)));
    choose(&mut h, &a, 1, 1, 0).unwrap();
}

#[test]
fn a_reopened_host_resumes_exactly_where_it_stopped() {
    let tmp = Tmp::new("reopen");
    let (mut h, id) = open(&tmp, 0, Pacing::Free);
    let Reply::Seat { token: a, .. } = create(&mut h, "甲", 1).unwrap() else {
        panic!()
    };
    let Reply::Seat { token: b, .. } = create(&mut h, "乙", 2).unwrap() else {
        panic!()
    };
    h.trainer(&TrainerCmd::StartRound, 10).unwrap();
    choose(&mut h, &a, 1, 0, 1).unwrap();
    play_out(&mut h, &b, 1);
    h.trainer(&TrainerCmd::Lock { locked: true }, 11).unwrap();
    let (va, vb, p) = (h.team_view(Some(&a), 50), h.team_view(Some(&b), 50), h.projector());
    drop(h);
    let mut h = reopen(&tmp, id);
    assert_eq!(h.code(), CODE, "the stored code is kept, so devices reconnect");
    assert_eq!(h.trainer_key(), KEY);
    assert_eq!(h.team_view(Some(&a), 50), va);
    assert_eq!(h.team_view(Some(&b), 50), vb);
    assert_eq!(h.projector(), p);
    // And it goes on from there.
    choose(&mut h, &a, 1, 1, 0).unwrap();
    assert_eq!(h.team_view(Some(&a), 0).call.unwrap().turn, 2);
}

fn reopen_with(tmp: &Tmp, id: i64, library: &[Arc<Compiled>]) -> Result<Host, RoomError> {
    let store = Store::open(&tmp.db()).unwrap();
    Host::open(store, id, library, ScoringConfig::default(), "ZZZZ", "other", 9999)
}

#[test]
fn a_scenario_edited_after_its_round_started_is_refused_on_reopening_and_nothing_is_lost() {
    // The same file name, other content: one option's acts changed.
    let (old, new) = (library(), kit("argue"));
    assert_eq!(
        old[0].fingerprint(),
        library()[0].fingerprint(),
        "the same content, the same print"
    );
    assert_ne!(old[0].fingerprint(), new[0].fingerprint());
    let mut moved = (*old[0]).clone();
    moved.source = "/elsewhere/kit.ron".into();
    assert_eq!(
        moved.fingerprint(),
        old[0].fingerprint(),
        "where the file lives does not count"
    );

    let tmp = Tmp::new("edited");
    let (mut h, id) = open(&tmp, 0, Pacing::Free);
    let Reply::Seat { token: a, .. } = create(&mut h, "甲", 1).unwrap() else {
        panic!()
    };
    // In the lobby no round has been played: the host may reopen on the edited file, and that
    // is the content round 1 then runs on.
    drop(h);
    let mut h = reopen_with(&tmp, id, &new).unwrap();
    h.trainer(&TrainerCmd::StartRound, 10).unwrap();
    choose(&mut h, &a, 1, 0, 2).unwrap();
    let view = h.team_view(Some(&a), 50);
    drop(h);
    // Back to the old file with round 1 under way: refused, in both languages, naming both.
    let e = reopen_with(&tmp, id, &old).err().expect("refused");
    assert_eq!(e.code, "scenario_changed");
    assert!(e.zh.contains("第 1 轮") && e.zh.contains("kit"), "{}", e.zh);
    assert!(e.en.contains("round 1") && e.en.contains("\"kit\""), "{}", e.en);
    // Refusing wrote nothing: the file the round started on still resumes exactly.
    let mut h = reopen_with(&tmp, id, &new).unwrap();
    assert_eq!(h.team_view(Some(&a), 50), view);
    choose(&mut h, &a, 1, 1, 0).unwrap();
}

#[test]
fn a_redo_lets_the_team_play_the_round_again() {
    let tmp = Tmp::new("redo");
    let (mut h, _) = open(&tmp, 1, Pacing::Free);
    let Reply::Seat { token: a, .. } = h.device(None, &ClientMsg::Claim { team: 0 }, &tok(1), 1).unwrap() else {
        panic!()
    };
    h.trainer(&TrainerCmd::StartRound, 10).unwrap();
    play_out(&mut h, &a, 1);
    assert_eq!(h.projector().phase, "reveal");
    let redo = |r: &str| TrainerCmd::Redo {
        team: 0,
        reason: r.into(),
    };
    assert_eq!(code(h.trainer(&redo(""), 1)), "reason_required");
    h.trainer(&redo("投影断电"), 20).unwrap();
    assert_eq!(h.projector().phase, "playing");
    let v = h.team_view(Some(&a), 30);
    assert_eq!((v.phase, v.call.unwrap().turn), ("playing", 0));
    play_out(&mut h, &a, 1);
    assert_eq!(h.projector().phase, "reveal");
}

#[test]
fn messages_that_arrive_together_are_stored_in_one_transaction_with_the_same_answers() {
    let tmp = Tmp::new("batch");
    let (mut h, id) = open(&tmp, 0, Pacing::Free);
    let names = ["甲", "乙", "丙"];
    let creates: Vec<ClientMsg> = names
        .iter()
        .map(|n| ClientMsg::CreateTeam {
            name: n.to_string(),
            slogan: String::new(),
            members: Vec::new(),
        })
        .collect();
    let toks: Vec<String> = (1..=3).map(tok).collect();
    let batch: Vec<(Option<&str>, &ClientMsg, &str)> =
        creates.iter().zip(&toks).map(|(m, t)| (None, m, t.as_str())).collect();
    let out = h.devices(&batch, 5);
    assert_eq!(
        out,
        vec![
            Ok(Reply::Seat { token: tok(1), team: 0 }),
            Ok(Reply::Seat { token: tok(2), team: 1 }),
            Ok(Reply::Seat { token: tok(3), team: 2 }),
        ]
    );
    h.trainer(&TrainerCmd::StartRound, 10).unwrap();
    // Two teams choose, one sends an out-of-turn choice, a ping: each gets its own answer.
    let c0 = ClientMsg::Choose {
        round: 1,
        turn: 0,
        option: 0,
    };
    let c1 = ClientMsg::Choose {
        round: 1,
        turn: 0,
        option: 1,
    };
    let bad = ClientMsg::Choose {
        round: 1,
        turn: 4,
        option: 0,
    };
    let out = h.devices(
        &[
            (Some(&toks[0]), &c0, &tok(90)),
            (Some(&toks[1]), &c1, &tok(91)),
            (Some(&toks[2]), &bad, &tok(92)),
            (None, &ClientMsg::Ping {}, &tok(93)),
        ],
        20,
    );
    assert_eq!(out[0], Ok(Reply::Ok));
    assert_eq!(out[1], Ok(Reply::Ok));
    assert_eq!(out[2].as_ref().unwrap_err().code, "out_of_turn");
    assert_eq!(out[3], Ok(Reply::Pong));
    let views: Vec<_> = toks.iter().map(|t| h.team_view(Some(t), 30)).collect();
    assert_eq!(views[0].call.as_ref().unwrap().turn, 1);
    assert_eq!(views[2].call.as_ref().unwrap().turn, 0);
    drop(h);
    let h = reopen(&tmp, id);
    let again: Vec<_> = toks.iter().map(|t| h.team_view(Some(t), 30)).collect();
    assert_eq!(again, views, "the batch was stored as it was answered");
}
