//! Unit tests of the principles' formulas and their notes.

use super::*;
use crate::engine::testkit::{run, scenario};
use crate::engine::text::Lang;

fn cfg() -> ScoringConfig {
    ScoringConfig::default()
}

fn principle(sc: &Compiled, r: &Run, p: Principle) -> PrincipleScore {
    let c = cfg();
    Scorer::new(sc, &c)
        .score(r)
        .get(p)
        .cloned()
        .unwrap_or_else(|| panic!("{p:?} does not apply"))
}

/// Feedback lines of a principle in one language.
fn lines(sc: &Compiled, ps: &PrincipleScore, lang: Lang) -> Vec<String> {
    ps.notes.iter().map(|n| n.text(sc).get(lang).to_string()).collect()
}

#[test]
fn peak_end_averages_the_most_intense_and_the_final_moment() {
    let sc = scenario("mild", &[&["listen"], &["listen"], &["listen"]], "");
    // The low of 5 at turn 2 is the most intense moment; the call ends at 60.
    let r = run(&sc, &[0, 0, 0], &[(50.0, 0.0), (5.0, 0.0), (60.0, 0.0)], (60.0, 0.0));
    let p = principle(&sc, &r, Principle::PeakEnd);
    assert_eq!(p.score, 32.5);
    assert!(p.notes.contains(&Note::Peak { turn: 2, value: 5.0 }));
    // A positive end farther from neutral than any low becomes the peak itself.
    let r = run(&sc, &[0, 0, 0], &[(40.0, 0.0), (20.0, 0.0), (70.0, 0.0)], (90.0, 0.0));
    assert_eq!(principle(&sc, &r, Principle::PeakEnd).score, 90.0);
}

#[test]
fn the_peak_moment_is_the_farthest_from_neutral_with_ties_to_the_end_then_the_earlier_turn() {
    assert_eq!(peak_moment([50.0, 5.0, 60.0].into_iter(), 60.0), (2, 5.0));
    assert_eq!(peak_moment([40.0, 20.0, 70.0].into_iter(), 90.0), (4, 90.0));
    assert_eq!(peak_moment([80.0, 20.0].into_iter(), 80.0), (3, 80.0));
    assert_eq!(peak_moment([20.0, 80.0, 70.0].into_iter(), 60.0), (1, 20.0));
    assert_eq!(peak_moment(std::iter::empty(), 55.0), (1, 55.0));
}

#[test]
fn finish_strong_rewards_a_rising_experience_and_punishes_a_fade() {
    let sc = scenario(
        "mild",
        &[&["listen"], &["listen"], &["listen"], &["listen"], &["listen"]],
        "",
    );
    let rising = run(
        &sc,
        &[0; 5],
        &[(30.0, 0.0), (40.0, 0.0), (50.0, 0.0), (70.0, 0.0), (85.0, 0.0)],
        (90.0, 0.0),
    );
    let fading = run(
        &sc,
        &[0; 5],
        &[(80.0, 0.0), (90.0, 0.0), (70.0, 0.0), (60.0, 0.0), (50.0, 0.0)],
        (45.0, 0.0),
    );
    let up = principle(&sc, &rising, Principle::FinishStrong);
    let down = principle(&sc, &fading, Principle::FinishStrong);
    // Rising: first third mean 35, last third 87.5 → 50 + 52.5 capped at 85, +15 for ending at the top.
    assert_eq!(up.score, 100.0);
    // Fading: 85 → 47.5 gives 12.5; no end bonus.
    assert_eq!(down.score, 12.5);
    assert!(down.notes.contains(&Note::FadedAfterPeak { turn: 2 }));
    assert!(matches!(down.notes.last(), Some(Note::Declined { .. })));
}

fn facts_two_bad_news() -> &'static str {
    "facts: (bad_news: [(id: \"wait\", label: (zh: \"等待\", en: \"the wait\")),
                        (id: \"fee\", label: (zh: \"附加费\", en: \"the fee\"))]),"
}

#[test]
fn early_disclosure_scores_by_turn_and_cites_it() {
    let turns: Vec<&[&str]> = vec![
        &["disclose(\"wait\"), disclose(\"fee\")", "listen"],
        &["listen"],
        &["listen"],
        &["listen"],
        &["listen"],
        &["disclose(\"wait\")", "listen"],
        &["listen"],
    ];
    let sc = scenario("mild", &turns, facts_two_bad_news());
    let flat = [(50.0, 0.0); 7];
    let early = run(&sc, &[0, 0, 0, 0, 0, 1, 0], &flat, (50.0, 0.0));
    assert_eq!(principle(&sc, &early, Principle::EarlyDisclosure).score, 100.0);

    // "wait" at turn 6 of 7, "fee" never: grace is 2 turns, so 100 − 80·4/5 = 36 and 0.
    let late = run(&sc, &[1, 0, 0, 0, 0, 0, 0], &flat, (50.0, 0.0));
    let p = principle(&sc, &late, Principle::EarlyDisclosure);
    assert_eq!(p.score, 18.0);
    let en = lines(&sc, &p, Lang::En);
    assert!(
        en.contains(&"The wait was disclosed at turn 6 of 7 — say it at the start.".to_string()),
        "{en:?}"
    );
    assert!(
        lines(&sc, &p, Lang::Zh)
            .iter()
            .any(|l| l.contains("第 6 回合（共 7 回合）"))
    );
    assert!(p.notes.contains(&Note::NeverDisclosed { item: 1 }));
}

#[test]
fn pain_is_best_combined_and_pleasure_best_segmented() {
    let turns: Vec<&[&str]> = vec![
        &["disclose(\"wait\"), disclose(\"fee\")", "disclose(\"wait\")"],
        &[
            "good_news(small)",
            "good_news(small), good_news(large)",
            "disclose(\"fee\")",
        ],
        &["good_news(medium)", "listen"],
    ];
    let sc = scenario("mild", &turns, facts_two_bad_news());
    let flat = [(50.0, 0.0); 3];
    // Both bad news in one turn, good news in two separate turns: 100 and 100.
    let good = run(&sc, &[0, 0, 0], &flat, (50.0, 0.0));
    assert_eq!(principle(&sc, &good, Principle::PainPleasure).score, 100.0);
    // Bad news spread over turns 1 and 2 (60), no good news at all (0).
    let bad = run(&sc, &[1, 2, 1], &flat, (50.0, 0.0));
    let p = principle(&sc, &bad, Principle::PainPleasure);
    assert_eq!(p.score, 30.0);
    assert!(p.notes.contains(&Note::NoGoodNews));
    assert!(p.notes.contains(&Note::PainSpread { turns: 2 }));
    let lumped = run(&sc, &[0, 1, 1], &flat, (50.0, 0.0));
    let p = principle(&sc, &lumped, Principle::PainPleasure);
    assert_eq!(p.score, 60.0); // (100 + (50 − 30)) / 2
    assert!(p.notes.contains(&Note::PleasureLumped { turn: 2 }));
}

#[test]
fn control_counts_choice_dimensions_and_announced_waits() {
    let turns: Vec<&[&str]> = vec![
        &[
            "offer_choice(time), offer_choice(place)",
            "offer_choice(time)",
            "listen",
        ],
        &["announce_wait, hold", "hold"],
    ];
    let sc = scenario("mild", &turns, "");
    let flat = [(50.0, 0.0); 2];
    assert_eq!(
        principle(&sc, &run(&sc, &[0, 0], &flat, (50.0, 0.0)), Principle::Control).score,
        100.0
    );
    assert_eq!(
        principle(&sc, &run(&sc, &[1, 0], &flat, (50.0, 0.0)), Principle::Control).score,
        87.5
    );
    let p = principle(&sc, &run(&sc, &[2, 1], &flat, (50.0, 0.0)), Principle::Control);
    assert_eq!(p.score, 0.0);
    assert!(p.notes.contains(&Note::UnannouncedHold { turn: 2 }));
}

#[test]
fn ritual_is_the_share_of_declared_steps_performed() {
    let extra = "facts: (rituals: [(id: \"welcome\", label: (zh: \"迎宾\", en: \"the welcome\")),
                                  (id: \"keys\", label: (zh: \"交钥匙\", en: \"the key handover\"))]),";
    let sc = scenario(
        "mild",
        &[&["ritual(\"welcome\")", "listen"], &["ritual(\"keys\")", "listen"]],
        extra,
    );
    let flat = [(50.0, 0.0); 2];
    assert_eq!(
        principle(&sc, &run(&sc, &[0, 0], &flat, (50.0, 0.0)), Principle::Ritual).score,
        100.0
    );
    let p = principle(&sc, &run(&sc, &[0, 1], &flat, (50.0, 0.0)), Principle::Ritual);
    assert_eq!(p.score, 50.0);
    assert!(p.notes.contains(&Note::RitualMissed { item: 1 }));
}

#[test]
fn expectations_punish_over_promise_and_reward_surprise() {
    let sc = scenario(
        "mild",
        &[&["promise(2)", "promise(3)", "listen"], &["surprise", "listen"]],
        "facts: (capacity: 2),",
    );
    let flat = [(50.0, 0.0); 2];
    assert_eq!(
        principle(&sc, &run(&sc, &[0, 0], &flat, (50.0, 0.0)), Principle::Expectations).score,
        100.0
    );
    assert_eq!(
        principle(&sc, &run(&sc, &[0, 1], &flat, (50.0, 0.0)), Principle::Expectations).score,
        80.0
    );
    let over = principle(&sc, &run(&sc, &[1, 0], &flat, (50.0, 0.0)), Principle::Expectations);
    assert_eq!(over.score, 20.0);
    assert!(over.notes.contains(&Note::OverPromise {
        turn: 1,
        level: 3,
        capacity: 2
    }));
    assert_eq!(
        principle(&sc, &run(&sc, &[2, 1], &flat, (50.0, 0.0)), Principle::Expectations).score,
        50.0
    );
}

#[test]
fn complaint_steps_need_all_steps_in_order_and_arguing_caps_the_total() {
    let turns: Vec<&[&str]> = vec![
        &["listen, empathize", "solution", "argue"],
        &["own_cause, apologize", "listen, empathize"],
        &["improve, solution", "own_cause, apologize"],
        &["execute, follow_up", "improve, execute, follow_up"],
    ];
    let sc = scenario("angry", &turns, "");
    let flat = [(80.0, 10.0); 4];
    let ordered = run(&sc, &[0, 0, 0, 0], &flat, (90.0, 0.0));
    let p = principle(&sc, &ordered, Principle::ComplaintSteps);
    assert_eq!(p.score, 100.0);
    assert!(p.notes.contains(&Note::StepsInOrder));
    // Solution first: all steps present but the solution precedes five others.
    let rushed = run(&sc, &[1, 1, 1, 1], &flat, (90.0, 0.0));
    let p = principle(&sc, &rushed, Principle::ComplaintSteps);
    // 5 of the 28 step pairs are inverted: 100 × (0.6 + 0.4 × 23/28).
    assert_eq!(p.score, 92.9);
    // The widest inversion is cited: "improve" (turn 4) should precede the solution (turn 1).
    assert!(p.notes.contains(&Note::StepsOutOfOrder {
        first: 4,
        first_turn: 4,
        second: 5,
        second_turn: 1
    }));
    // Arguing: −25 on this principle and the total is capped.
    let argued = run(&sc, &[2, 1, 1, 1], &flat, (90.0, 0.0));
    let c = cfg();
    let s = Scorer::new(&sc, &c).score(&argued);
    assert_eq!(s.capped_at_turn, Some(1));
    assert!(s.total <= c.provocation_cap);
    assert!(
        s.get(Principle::ComplaintSteps)
            .unwrap()
            .notes
            .contains(&Note::Provoked { turn: 1 })
    );
}

#[test]
fn a_provocation_taken_back_at_once_costs_points_but_does_not_cap() {
    let turns: [&[&str]; 3] = [
        &["blame_customer"],
        &["own_cause, apologize", "apologize", "listen"],
        &["solution"],
    ];
    let sc = scenario("angry", &turns, "");
    let c = cfg();
    let scorer = Scorer::new(&sc, &c);
    let flat = [(60.0, 40.0), (70.0, 30.0), (85.0, 10.0)];
    let repaired = scorer.score(&run(&sc, &[0, 0, 0], &flat, (88.0, 5.0)));
    assert_eq!(repaired.capped_at_turn, None);
    assert!(repaired.total > c.provocation_cap, "{}", repaired.total);
    // The argument still costs on the complaint steps.
    assert!(
        repaired
            .get(Principle::ComplaintSteps)
            .unwrap()
            .notes
            .contains(&Note::Provoked { turn: 1 })
    );
    for half in [1, 2] {
        let s = scorer.score(&run(&sc, &[0, half, 0], &flat, (88.0, 5.0)));
        assert_eq!(
            s.capped_at_turn,
            Some(1),
            "an apology alone, or listening, does not take it back"
        );
        assert!(s.total <= c.provocation_cap);
    }
}

#[test]
fn complaint_steps_do_not_apply_to_a_calm_non_complaint_call() {
    let sc = scenario("mild", &[&["listen, empathize, apologize, solution"]], "");
    let c = cfg();
    assert!(!Scorer::new(&sc, &c).applies(Principle::ComplaintSteps));
    let tagged = scenario(
        "mild",
        &[&["listen, empathize, apologize, solution"]],
        "tags: [\"complaint\"],",
    );
    assert!(Scorer::new(&tagged, &c).applies(Principle::ComplaintSteps));
}

#[test]
fn duty_to_inform_wants_everything_early_and_verified() {
    let extra = "facts: (info: [(id: \"date\", label: (zh: \"日期\", en: \"the date\")),
                              (id: \"steps\", label: (zh: \"流程\", en: \"the procedure\"))]),";
    let turns: Vec<&[&str]> = vec![
        &["inform(\"date\"), inform(\"steps\")", "listen"],
        &["verify", "listen"],
    ];
    let sc = scenario("mild", &turns, extra);
    let flat = [(50.0, 0.0); 2];
    assert_eq!(
        principle(&sc, &run(&sc, &[0, 0], &flat, (50.0, 0.0)), Principle::DutyToInform).score,
        100.0
    );
    let p = principle(&sc, &run(&sc, &[0, 1], &flat, (50.0, 0.0)), Principle::DutyToInform);
    assert_eq!(p.score, 85.0);
    assert!(p.notes.contains(&Note::NotVerified));
    assert_eq!(
        principle(&sc, &run(&sc, &[1, 1], &flat, (50.0, 0.0)), Principle::DutyToInform).score,
        0.0
    );
}

#[test]
fn effort_counts_transfers_repeats_and_waits() {
    let sc = scenario(
        "mild",
        &[&["transfer", "listen"], &["ask_repeat", "listen"], &["hold", "listen"]],
        "",
    );
    let flat = [(50.0, 0.0); 3];
    assert_eq!(
        principle(&sc, &run(&sc, &[1, 1, 1], &flat, (50.0, 0.0)), Principle::Effort).score,
        100.0
    );
    let p = principle(&sc, &run(&sc, &[0, 0, 0], &flat, (50.0, 0.0)), Principle::Effort);
    assert_eq!(p.score, 40.0); // 100 − 25 − 20 − 15
    assert!(p.notes.contains(&Note::Transferred { turn: 1 }));
    assert!(p.notes.contains(&Note::MadeRepeat { turn: 2 }));
}

#[test]
fn de_escalation_follows_the_anger_curve() {
    let sc = scenario("angry", &[&["listen"], &["listen"]], "");
    // Start anger 50 (kit default) → 30 → 10; end 5: 100 − 3.5 = 96.5.
    let calmed = run(&sc, &[0, 0], &[(50.0, 30.0), (60.0, 10.0)], (70.0, 5.0));
    let p = principle(&sc, &calmed, Principle::DeEscalation);
    assert_eq!(p.score, 96.5);
    assert!(p.notes.contains(&Note::Calmed { from: 50.0, to: 5.0 }));
    // Up to 90 then back to 40: 100 − 28 − 20 = 52.
    let spiked = run(&sc, &[0, 0], &[(30.0, 90.0), (40.0, 40.0)], (40.0, 40.0));
    assert_eq!(principle(&sc, &spiked, Principle::DeEscalation).score, 52.0);
}

#[test]
fn principles_that_do_not_apply_drop_out_and_weights_renormalise() {
    let sc = scenario("mild", &[&["listen"]], "");
    let c = cfg();
    let s = Scorer::new(&sc, &c).score(&run(&sc, &[0], &[(80.0, 0.0)], (80.0, 0.0)));
    let ids: Vec<Principle> = s.principles.iter().map(|p| p.principle).collect();
    assert_eq!(
        ids,
        [
            Principle::PeakEnd,
            Principle::FinishStrong,
            Principle::Effort,
            Principle::DeEscalation
        ]
    );
    let sum: f32 = s.principles.iter().map(|p| p.weight).sum();
    assert!((sum - 1.0).abs() < 1e-5);
    let expected: f32 = s.principles.iter().map(|p| p.score * p.weight).sum();
    assert!((s.total - expected).abs() <= 0.05, "{} vs {expected}", s.total);
}

#[test]
fn totals_match_score() {
    let sc = scenario(
        "angry",
        &[&["listen, empathize", "argue"], &["apologize, solution", "transfer"]],
        "",
    );
    let c = cfg();
    let scorer = Scorer::new(&sc, &c);
    for choices in [[0, 0], [1, 1], [0, 1]] {
        let r = run(&sc, &choices, &[(40.0, 60.0), (70.0, 20.0)], (75.0, 15.0));
        let full = scorer.score(&r);
        let quick = scorer.totals(&r);
        assert_eq!(full.total, quick.total);
        for p in &full.principles {
            assert_eq!(p.score, quick.scores[p.principle.index()]);
        }
    }
}

#[test]
fn weights_file_is_checked() {
    let ok = ScoringConfig::from_ron("(peak_end: 30, ritual: 0)", "w.ron").unwrap();
    assert_eq!(ok.peak_end, 30.0);
    assert_eq!(ok.effort, ScoringConfig::default().effort);
    let e = ScoringConfig::from_ron("(peak_end: -1)", "w.ron").unwrap_err();
    assert!(e.contains("peak_end") && e.contains("non-negative"), "{e}");
    let e = ScoringConfig::from_ron("(peek_end: 3)", "w.ron").unwrap_err();
    assert!(e.starts_with("w.ron:1:"), "{e}");
    // A zero weight removes the principle.
    let sc = scenario("mild", &[&["listen"]], "");
    assert!(!Scorer::new(&sc, &ok).applies(Principle::Ritual));
    assert!(!Scorer::new(&sc, &ok).applies(Principle::Expectations));
}
