//! 30 simulated teams play a whole three-round workshop over WebSockets; every team's stored run
//! is the engine's replay of the choices that team sent.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use service_arena_core::engine::ScoringConfig;
use service_arena_core::engine::call::Call;
use service_arena_core::room::TrainerCmd;
use service_arena_core::store::Store;
use service_arena_core::workshop::{Pacing, TeamRun};

use crate::common::*;

const TEAMS: usize = 30;
const ROUNDS: usize = 3;

/// One team's device: plays every decision of the round with seeded random choices, returns them.
async fn play_round(c: &mut Client, round: u64, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let mut choices = Vec::new();
    c.state_where(|s| s["round"] == round && s["phase"] == "playing").await;
    loop {
        let s = c
            .state_where(|s| {
                s["round"] == round
                    && (s["phase"] != "playing" || s["call"]["turn"].as_u64() == Some(choices.len() as u64))
            })
            .await;
        if s["phase"] != "playing" {
            assert!(
                ["called", "reveal", "finished"].contains(&s["phase"].as_str().unwrap()),
                "{s}"
            );
            // The team's own view never shows a score before the reveal.
            if s["phase"] == "called" {
                assert!(s["reveal"].is_null(), "{s}");
            }
            return choices;
        }
        let n = s["call"]["options"].as_array().unwrap().len();
        assert!(n > 0, "a playing call offers options: {s}");
        let o = rng.random_range(0..n);
        choices.push(o);
        c.choose(o).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_teams_play_three_rounds_and_every_stored_run_is_the_engines_replay() {
    let dir = temp_dir("play");
    let (db, id) = workshop(&dir, ROUNDS, Pacing::Free);
    let room = open(&db, id, fast());
    let addr = room.addr();
    let code = room.code().to_string();

    let mut clients = Vec::new();
    for i in 0..TEAMS {
        let mut c = Client::connect(addr).await;
        let lobby = c.hello(&code).await;
        assert_eq!(lobby["phase"], "lobby");
        let team = c.create(&format!("第{}队", i + 1)).await;
        assert_eq!(team, i);
        c.state_where(|s| s["phase"] == "ready").await;
        clients.push(c);
    }
    eventually("30 connected dots", || {
        room.projector().teams.iter().filter(|t| t.connected).count() == TEAMS
    })
    .await;

    let mut played: Vec<Vec<Vec<usize>>> = vec![Vec::new(); TEAMS];
    for round in 1..=ROUNDS as u64 {
        room.trainer(TrainerCmd::StartRound).unwrap();
        let tasks: Vec<_> = clients
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                tokio::spawn(async move {
                    let mut rng = ChaCha8Rng::seed_from_u64(1000 * round + i as u64);
                    let ch = play_round(&mut c, round, &mut rng).await;
                    (c, ch)
                })
            })
            .collect();
        clients = Vec::new();
        for (i, t) in tasks.into_iter().enumerate() {
            let (mut c, ch) = tokio::time::timeout(WAIT * 3, t)
                .await
                .expect("a team's round timed out")
                .unwrap();
            let s = c.state_where(|s| s["reveal"]["round"] == round).await;
            let table = s["reveal"]["table"].as_array().unwrap();
            assert_eq!(table.len(), TEAMS, "every team is in the table");
            played[i].push(ch);
            clients.push(c);
        }
        let p = room.projector();
        assert_eq!(p.reveal.as_ref().map(|r| r.round), Some(round as usize));
    }
    let last = &clients[0].state;
    assert_eq!(last["phase"], "finished");
    assert!(
        last["reveal"]["champion"].as_array().is_some_and(|c| !c.is_empty()),
        "{last}"
    );
    drop(clients);
    drop(room);

    // The stored runs against the engine.
    let store = Store::open(&db).unwrap();
    let ws = store.workshop(id).unwrap();
    let lib = library();
    for (team, rounds) in played.iter().enumerate() {
        for (r, choices) in rounds.iter().enumerate() {
            let round = ws.setup.rounds[r].clone();
            let sc = lib.iter().find(|s| s.id == round.scenario).unwrap().clone();
            let f = Call::replay(sc.clone(), round.seed, choices)
                .unwrap()
                .finish(&ScoringConfig::default())
                .unwrap();
            let want = TeamRun::from_run(&sc, &f.run, &f.score, r + 1, team, 0);
            let got = ws
                .active_run(r + 1, team)
                .unwrap_or_else(|| panic!("team {team} round {} stored", r + 1));
            assert_eq!(got.choices, want.choices, "team {team} round {}", r + 1);
            assert_eq!(got.picks, want.picks);
            assert_eq!(got.total, want.total);
            assert_eq!(got.principles, want.principles);
            assert_eq!(got.outcome, want.outcome);
            assert_eq!(got.seed, round.seed);
        }
    }
    assert_eq!(ws.runs.len(), TEAMS * ROUNDS);
    let _ = std::fs::remove_dir_all(&dir);
}
