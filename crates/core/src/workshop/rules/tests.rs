//! Unit tests of `rules`.

use super::*;
use crate::workshop::model::{Round, Skip, Team, TeamRun};

/// A workshop of `teams` teams and `rounds` rounds with no runs yet.
pub(crate) fn workshop(teams: &[&str], rounds: usize) -> Workshop {
    Workshop {
        id: 1,
        created_at: 0,
        setup: Setup {
            name: "test".into(),
            teams: teams
                .iter()
                .map(|n| Team {
                    name: n.to_string(),
                    slogan: String::new(),
                    members: Vec::new(),
                    withdrawn: None,
                })
                .collect(),
            rounds: (0..rounds)
                .map(|_| Round {
                    scenario: "s".into(),
                    seed: 7,
                })
                .collect(),
            discussion_secs: 60,
            reward: "红旗".into(),
            penalty: "表演".into(),
            pacing: Default::default(),
        },
        paused: false,
        runs: Vec::new(),
        skips: Vec::new(),
    }
}

fn play(ws: &mut Workshop, round: usize, team: usize, total: f32) {
    check_play(ws, round, team).unwrap();
    let id = ws.runs.len() as i64 + 1;
    ws.runs.push(TeamRun {
        id: Some(id),
        round,
        team,
        seed: 7,
        choices: vec![1],
        picks: Vec::new(),
        total,
        principles: Vec::new(),
        outcome: None,
        finished_at: 0,
        redone: None,
    });
}

fn skip(ws: &mut Workshop, round: usize, team: usize) {
    check_skip(ws, round, team, "absent").unwrap();
    ws.skips.push(Skip {
        round,
        team,
        reason: "absent".into(),
        at: 0,
    });
}

/// Plays a whole round; `None` skips the team.
fn round(ws: &mut Workshop, r: usize, scores: &[Option<f32>]) {
    for (t, s) in scores.iter().enumerate() {
        match s {
            Some(v) => play(ws, r, t, *v),
            None => skip(ws, r, t),
        }
    }
}

fn names(a: &[Award]) -> Vec<&str> {
    a.iter().map(|x| x.team.as_str()).collect()
}

#[test]
fn ranks_are_competition_ranks_with_ties_and_gaps() {
    let r = ranks(&[Some(80.0), Some(90.0), Some(80.0), None, Some(70.0)]);
    assert_eq!(r, vec![Some(2), Some(1), Some(2), None, Some(4)]);
    // Scores that print alike tie even if the floats differ in the last bits.
    assert_eq!(ranks(&[Some(80.1), Some(80.100_006)]), vec![Some(1), Some(1)]);
}

#[test]
fn table_orders_tied_teams_in_setup_order_and_absent_teams_last() {
    let mut ws = workshop(&["A", "B", "C", "D"], 3);
    round(&mut ws, 1, &[Some(70.0), None, Some(90.0), Some(90.0)]);
    let res = results(&ws, 1).unwrap();
    let order: Vec<(&str, Option<usize>)> = res.table.iter().map(|r| (r.team.as_str(), r.rank)).collect();
    assert_eq!(order, vec![("C", Some(1)), ("D", Some(1)), ("A", Some(3)), ("B", None)]);
    assert_eq!(names(&res.highest), vec!["C", "D"]);
    assert_eq!(
        res.last,
        vec!["A".to_string()],
        "the absent team is not ranked, so not last"
    );
    assert!(res.complete);
    assert_eq!(res.podium.len(), 3);
}

#[test]
fn round_one_has_no_fastest_growing_team() {
    let mut ws = workshop(&["A", "B"], 3);
    round(&mut ws, 1, &[Some(60.0), Some(80.0)]);
    let res = results(&ws, 1).unwrap();
    assert!(res.fastest.is_empty());
    assert!(res.fastest_note.as_ref().unwrap().en.contains("Round 1"));
    assert!(res.table.iter().all(|r| r.growth.is_none() && r.change.is_none()));
}

#[test]
fn fastest_growing_is_the_largest_improvement_not_the_highest_score() {
    let mut ws = workshop(&["A", "B", "C"], 3);
    round(&mut ws, 1, &[Some(90.0), Some(40.0), Some(60.0)]);
    round(&mut ws, 2, &[Some(92.0), Some(70.0), Some(50.0)]);
    let res = results(&ws, 2).unwrap();
    assert_eq!(names(&res.highest), vec!["A"]);
    assert_eq!(names(&res.fastest), vec!["B"]);
    assert_eq!(res.fastest[0].value, 30.0);
    let b = res.table.iter().find(|r| r.team == "B").unwrap();
    assert_eq!((b.previous_rank, b.rank, b.change), (Some(3), Some(2), Some(1)));
    let c = res.table.iter().find(|r| r.team == "C").unwrap();
    assert_eq!((c.change, c.growth), (Some(-1), Some(-10.0)));
    assert_eq!(c.cumulative, 110.0);
}

#[test]
fn growth_ties_go_to_the_higher_score_then_are_shared() {
    let mut ws = workshop(&["A", "B", "C", "D"], 3);
    // A and B both gain 5.2 (computed in tenths: 80.3 − 75.1 = 70.2 − 65.0 exactly).
    round(&mut ws, 1, &[Some(75.1), Some(65.0), Some(50.0), Some(50.0)]);
    round(&mut ws, 2, &[Some(80.3), Some(70.2), Some(51.0), Some(51.0)]);
    let res = results(&ws, 2).unwrap();
    assert_eq!(names(&res.fastest), vec!["A"], "equal growth: the higher score wins");
    assert_eq!(res.fastest[0].value, 5.2);
    // Equal growth and equal score: shared.
    round(&mut ws, 3, &[Some(80.3), Some(70.2), Some(61.0), Some(61.0)]);
    let res = results(&ws, 3).unwrap();
    assert_eq!(names(&res.fastest), vec!["C", "D"]);
}

#[test]
fn absent_teams_cannot_be_fastest_growing_in_either_round() {
    let mut ws = workshop(&["A", "B", "C"], 3);
    round(&mut ws, 1, &[Some(80.0), None, Some(20.0)]);
    round(&mut ws, 2, &[Some(81.0), Some(95.0), None]);
    let res = results(&ws, 2).unwrap();
    assert_eq!(names(&res.fastest), vec!["A"], "B missed round 1, C missed round 2");
    let b = res.table.iter().find(|r| r.team == "B").unwrap();
    assert_eq!((b.rank, b.growth, b.previous_rank), (Some(1), None, None));
    let c = res.table.iter().find(|r| r.team == "C").unwrap();
    assert_eq!((c.rank, c.cumulative), (None, 20.0));
    assert!(matches!(c.state, TeamState::Skipped { .. }));
}

#[test]
fn nobody_improving_means_no_fastest_growing_team() {
    let mut ws = workshop(&["A", "B"], 2);
    round(&mut ws, 1, &[Some(80.0), Some(70.0)]);
    round(&mut ws, 2, &[Some(80.0), Some(60.0)]);
    let res = results(&ws, 2).unwrap();
    assert!(res.fastest.is_empty());
    assert!(res.fastest_note.is_some());
    assert!(res.announcements.iter().any(|a| a.en.contains("No team improved")));
}

#[test]
fn everyone_tied_means_no_last_place() {
    let mut ws = workshop(&["A", "B"], 1);
    round(&mut ws, 1, &[Some(50.0), Some(50.0)]);
    assert!(results(&ws, 1).unwrap().last.is_empty());
}

#[test]
fn turns_follow_the_rules() {
    let mut ws = workshop(&["A", "B"], 2);
    assert_eq!(
        check_play(&ws, 2, 0).unwrap_err(),
        RuleError::NotPlayingRound { round: 2, current: 1 }
    );
    assert!(
        check_play(&ws, 2, 0)
            .unwrap_err()
            .to_string()
            .contains("current round is 1")
    );
    play(&mut ws, 1, 0, 50.0);
    assert_eq!(check_play(&ws, 1, 0).unwrap_err().code(), "already_played");
    assert_eq!(
        check_skip(&ws, 1, 1, " ").unwrap_err(),
        RuleError::ReasonRequired { redo: false }
    );
    assert_eq!(
        check_redo(&ws, 1, 0, "").unwrap_err(),
        RuleError::ReasonRequired { redo: true }
    );
    ws.paused = true;
    let paused = check_play(&ws, 1, 1).unwrap_err();
    assert_eq!(paused.code(), "paused");
    assert!(paused.text().zh.contains("暂停") && paused.text().en.contains("paused"));
    ws.paused = false;
    skip(&mut ws, 1, 1);
    let st = status(&ws);
    assert_eq!((st.round, st.next.as_deref()), (Some(2), Some("A")));
    // Redo round 1 while round 2 has no runs: allowed; the run stays, marked, and A plays again.
    let id = check_redo(&ws, 1, 0, "network dropped").unwrap();
    ws.runs.iter_mut().find(|r| r.id == Some(id)).unwrap().redone = Some("network dropped".into());
    assert_eq!(status(&ws).round, Some(1));
    play(&mut ws, 1, 0, 60.0);
    play(&mut ws, 2, 0, 70.0);
    assert_eq!(
        check_redo(&ws, 1, 0, "again").unwrap_err(),
        RuleError::NextRoundStarted { round: 1 }
    );
    assert!(
        check_redo(&ws, 1, 0, "again")
            .unwrap_err()
            .to_string()
            .contains("round 2 has already started")
    );
    assert_eq!(results(&ws, 1).unwrap().table[0].score, Some(60.0));
    // A late team may still play a round it was skipped in while the round is open.
    let mut ws = workshop(&["A", "B", "C"], 1);
    play(&mut ws, 1, 0, 50.0);
    skip(&mut ws, 1, 1);
    play(&mut ws, 1, 1, 55.0);
    assert_eq!(state(&ws, 1, 1), TeamState::Played { total: 55.0 });
}

#[test]
fn decisions_count_teams_not_visits() {
    use crate::workshop::model::Pick;
    let mut ws = workshop(&["A", "B", "C"], 1);
    let pick = |node: &str, option| Pick {
        node: node.into(),
        option,
    };
    for (t, picks) in [
        vec![pick("open", 1), pick("angry", 2), pick("angry", 2)],
        vec![pick("open", 2), pick("angry", 2)],
        vec![pick("open", 1), pick("calm", 1)],
    ]
    .into_iter()
    .enumerate()
    {
        play(&mut ws, 1, t, 50.0);
        ws.runs.last_mut().unwrap().picks = picks;
    }
    let d = decisions(&ws, 1);
    let angry = d.iter().find(|x| x.node == "angry").unwrap();
    assert_eq!((angry.teams, angry.options.clone(), angry.turn), (2, vec![(2, 2)], 2));
    let open = &d[0];
    assert_eq!((open.node.as_str(), open.teams), ("open", 3));
    assert_eq!(open.options, vec![(1, 2), (2, 1)]);
}

#[test]
fn weakest_principles_come_first() {
    let mut ws = workshop(&["A", "B"], 1);
    round(&mut ws, 1, &[Some(50.0), Some(50.0)]);
    ws.runs[0].principles = vec![(Principle::PeakEnd, 80.0), (Principle::EarlyDisclosure, 20.0)];
    ws.runs[1].principles = vec![(Principle::PeakEnd, 60.0), (Principle::EarlyDisclosure, 40.0)];
    let w = weakest(&ws, 1);
    assert_eq!(w[0].principle, Principle::EarlyDisclosure);
    assert_eq!((w[0].average, w[0].runs), (30.0, 2));
    assert_eq!(w[1].average, 70.0);
}
