//! Coach mode: after each choice, say whether it was good or risky, with a one-line reason. The
//! verdict comes from the engine itself, not from points written per option: a choice is risky
//! when it lowers the best total the trainee can still reach (every completion searched from the
//! state before and after the choice, same seed). Once every remaining path is capped (an argument,
//! a customer already lost), the totals before the cap decide, so later choices are still judged.
//!
//! A risky verdict gives the author's teaching note when the option has one (notes of wrong answers
//! say what is wrong), else the most telling act or event. A good verdict says what the choice did
//! right, from its acts; it never shows an author's note, which may criticise the option.
//!
//! The debrief's "costliest turns" use the same judgement ([`turn_costs`]).

use serde::Serialize;

use super::analyze::{Reach, reach};
use super::compile::{CAct, Compiled};
use super::scoring::{Scorer, ScoringConfig, round1};
use super::sim::{Run, Sim, SimError};
use super::text::Text;

/// A drop of the best reachable total by more than this many points makes a choice risky.
pub const RISKY_DROP: f32 = 3.0;
/// Paths searched per state before the coach gives up on a verdict (never hit by shipped scenarios).
pub const SEARCH_BUDGET: u64 = 300_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Good,
    Risky,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Advice {
    pub verdict: Verdict,
    /// Best reachable total before and after the choice.
    pub best_before: f32,
    pub best_after: f32,
    /// Points the choice cost: the fall of the best reachable result (see [`Reach::drop_to`]).
    pub cost: f32,
    pub reason: Text,
}

/// Judges option `option` (0-based) taken in `sim`'s current state. None when the search budget
/// runs out (a huge looping scenario): the coach then stays silent rather than guess.
pub fn assess(sc: &Compiled, cfg: &ScoringConfig, sim: &Sim, option: usize) -> Result<Option<Advice>, SimError> {
    let scorer = Scorer::new(sc, cfg);
    let mut after = sim.clone();
    let turn = *after.choose(option)?;
    let (Some(before), Some(reached)) = (
        reach(&scorer, sim, SEARCH_BUDGET),
        reach(&scorer, &after, SEARCH_BUDGET),
    ) else {
        return Ok(None);
    };
    let opt = &sim.options()[option];
    let cost = cost(&before, &reached);
    let verdict = if cost > RISKY_DROP {
        Verdict::Risky
    } else {
        Verdict::Good
    };
    let reason = match (&opt.note, verdict) {
        (Some(n), Verdict::Risky) => n.clone(),
        (None, Verdict::Risky) => risk_reason(sc, &opt.acts, turn.events.flipped),
        (_, Verdict::Good) => good_reason(sc, &opt.acts),
    };
    Ok(Some(Advice {
        verdict,
        best_before: before.best,
        best_after: reached.best,
        cost,
        reason,
    }))
}

/// Points a choice cost: how far the best reachable result fell from `before` to `after`, one
/// decimal, never negative.
fn cost(before: &Reach, after: &Reach) -> f32 {
    round1(before.drop_to(after).max(0.0))
}

/// What each turn of a finished run cost (see [`Advice::cost`]), replayed from its seed and
/// choices. None for a turn whose search ran over the budget.
pub fn turn_costs(sc: &Compiled, cfg: &ScoringConfig, run: &Run) -> Vec<Option<f32>> {
    let scorer = Scorer::new(sc, cfg);
    let mut sim = Sim::new(sc, run.seed);
    let mut before: Option<Reach> = reach(&scorer, &sim, SEARCH_BUDGET);
    let mut costs = Vec::with_capacity(run.turns.len());
    for t in &run.turns {
        if sim.choose(t.option).is_err() {
            break;
        }
        let after = reach(&scorer, &sim, SEARCH_BUDGET);
        costs.push(match (&before, &after) {
            (Some(b), Some(a)) => Some(cost(b, a)),
            _ => None,
        });
        before = after;
    }
    costs
}

/// Why a choice that kept the best result within reach was good, from what it did. The first two
/// things it did right, in the order the course ranks them.
fn good_reason(sc: &Compiled, acts: &[CAct]) -> Text {
    let has = |a: CAct| acts.contains(&a);
    let mut parts: Vec<(&str, &str)> = Vec::new();
    if has(CAct::Empathize) && has(CAct::Apologize) {
        parts.push((
            "先接住情绪、真诚道歉，客户才听得进方案",
            "feelings met and a sincere apology first, so the customer can hear a remedy",
        ));
    } else if has(CAct::Empathize) || has(CAct::Listen) {
        parts.push((
            "先听、先体会客户的感受，火气才降得下来",
            "you listened to how the customer feels first, which brings the heat down",
        ));
    } else if has(CAct::Apologize) {
        parts.push(("真诚地道了歉", "a sincere apology"));
    }
    if has(CAct::OwnCause) {
        parts.push(("主动承认了我们这边的原因", "you owned our part in it"));
    }
    if acts.iter().any(|a| matches!(a, CAct::Disclose(_))) {
        parts.push((
            "坏消息由你主动说清楚，没有留给客户自己发现",
            "you told the bad news yourself instead of leaving the customer to find out",
        ));
    }
    if has(CAct::AnnounceWait) {
        parts.push((
            "等之前先说要等多久",
            "you said how long the wait would be before it began",
        ));
    }
    if acts.iter().any(|a| matches!(a, CAct::OfferChoice(_))) {
        parts.push(("把选择权交给了客户", "you let the customer choose"));
    }
    if acts
        .iter()
        .any(|a| matches!(a, CAct::Promise(l) if *l <= sc.facts.capacity))
    {
        parts.push((
            "承诺的正是公司做得到的",
            "you promised only what the company can deliver",
        ));
    }
    if has(CAct::Surprise) {
        parts.push(("给了客户意料之外的好处", "you gave the customer something unexpected"));
    }
    if acts.iter().any(|a| matches!(a, CAct::Ritual(_))) {
        parts.push(("完成了服务仪式中的一步", "you performed a step of the service ritual"));
    }
    if acts.iter().any(|a| matches!(a, CAct::Inform(_))) {
        parts.push((
            "主动告知了客户需要知道的事",
            "you told the customer what they need to know, unasked",
        ));
    }
    if has(CAct::Verify) {
        parts.push(("确认了客户真的听明白", "you checked the customer really understood"));
    }
    if has(CAct::Solution) || has(CAct::Execute) {
        parts.push(("拿出并落实了具体可行的办法", "a concrete, workable remedy"));
    }
    if has(CAct::FollowUp) || has(CAct::Improve) {
        parts.push((
            "说清了之后怎么跟进、怎么改进",
            "you said how it will be followed up and improved",
        ));
    }
    if acts.iter().any(|a| matches!(a, CAct::GoodNews(_))) {
        parts.push(("给了客户一个好消息", "good news for the customer"));
    }
    if has(CAct::Thank) || has(CAct::Greet) {
        parts.push(("礼貌的问候与致谢", "a courteous greeting or thanks"));
    }
    parts.truncate(2);
    match parts.as_slice() {
        [] => Text::new(
            "这样说没有关上任何一扇门：最好的结局仍然够得着。",
            "That answer closes no door: the best ending is still within reach.",
        ),
        [(zh, en)] => Text::new(format!("{zh}。"), format!("{}.", capitalised(en))),
        [(z1, e1), (z2, e2), ..] => Text::new(format!("{z1}；{z2}。"), format!("{}; {e2}.", capitalised(e1))),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn risk_reason(sc: &Compiled, acts: &[CAct], flipped: bool) -> Text {
    let capacity = sc.facts.capacity;
    let first = acts.iter().find_map(|a| match a {
        CAct::Argue | CAct::BlameCustomer => Some((
            "和客户争对错，赢了道理输了客户。",
            "Arguing with the customer wins the point and loses the customer.",
        )),
        CAct::Excuse => Some((
            "找借口、推责任只会让客户更生气。",
            "Excuses and passing the buck only make the customer angrier.",
        )),
        CAct::Promise(l) if *l > capacity => Some((
            "承诺超出了公司能做到的：期望越高，落差越大。",
            "That promise is more than the company can deliver: the higher the expectation, the bigger the letdown.",
        )),
        CAct::ColdTone => Some((
            "语气冷淡，温和的客户也会一下子变红。",
            "A cold tone can turn even a calm customer red.",
        )),
        CAct::Transfer => Some((
            "转接让客户从头再来，费力又失望。",
            "A transfer makes the customer start over: effort and disappointment.",
        )),
        CAct::AskRepeat => Some((
            "让客户重复信息，增加了他的负担。",
            "Making the customer repeat themselves adds to their effort.",
        )),
        CAct::PushWork => Some((
            "把本该我们做的事推给客户，听着周到，其实是让他费力。",
            "Handing our work to the customer sounds helpful but makes them do the effort.",
        )),
        CAct::Sell => Some((
            "时机不对的推销会破坏信任。",
            "A sales pitch at the wrong moment costs trust.",
        )),
        CAct::Hold if !acts.contains(&CAct::AnnounceWait) => Some((
            "没说要等多久就让客户等。",
            "Putting the customer on hold without saying for how long.",
        )),
        _ => None,
    });
    let (zh, en) = first.unwrap_or(if flipped {
        ("客户的情绪一下子变红了。", "The customer just flipped to red.")
    } else {
        (
            "还有更好的说法：这一步让最好的结局离你远了。",
            "There was a better answer: this step puts the best ending further away.",
        )
    });
    Text::new(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testkit;

    #[test]
    fn arguing_is_risky_and_empathy_is_good() {
        let sc = testkit::scenario(
            "angry",
            &[&["listen, empathize, apologize", "argue"], &["solution"]],
            "",
        );
        let cfg = ScoringConfig::default();
        let sim = Sim::new(&sc, 1);
        let good = assess(&sc, &cfg, &sim, 0).unwrap().unwrap();
        let bad = assess(&sc, &cfg, &sim, 1).unwrap().unwrap();
        assert_eq!(good.verdict, Verdict::Good);
        assert_eq!(good.best_after, good.best_before);
        assert_eq!(bad.verdict, Verdict::Risky);
        assert!(bad.best_after <= 40.0, "arguing caps the total: {}", bad.best_after);
        assert!(bad.reason.en.contains("Arguing"), "{:?}", bad.reason);
    }

    #[test]
    fn after_an_argument_has_capped_the_call_later_choices_are_still_judged() {
        let sc = testkit::scenario(
            "angry",
            &[
                &["argue"],
                &["empathize, apologize", "cold_tone"],
                &["solution", "excuse"],
            ],
            "",
        );
        let cfg = ScoringConfig::default();
        let mut sim = Sim::new(&sc, 2);
        sim.choose(0).unwrap();
        let good = assess(&sc, &cfg, &sim, 0).unwrap().unwrap();
        let bad = assess(&sc, &cfg, &sim, 1).unwrap().unwrap();
        // Every path is capped at 40 now, so the capped best cannot tell them apart…
        assert_eq!((bad.best_before, bad.best_after, good.best_after), (40.0, 40.0, 40.0));
        // …but the judgement does.
        assert_eq!(good.verdict, Verdict::Good, "{good:?}");
        assert_eq!(bad.verdict, Verdict::Risky, "{bad:?}");
        assert!(bad.cost > RISKY_DROP);
    }

    #[test]
    fn a_good_verdict_says_what_was_right_and_never_shows_the_authors_note() {
        let src = testkit::scenario(
            "mild",
            &[&["announce_wait, hold, offer_choice(time)", "hold"], &["thank"]],
            "",
        );
        let mut sc = src.clone();
        let note = Text::new("批评", "criticism");
        if let super::super::compile::CNode::Turn { options, .. } = &mut sc.nodes[sc.start] {
            for o in options.iter_mut() {
                o.note = Some(note.clone());
            }
        }
        let cfg = ScoringConfig::default();
        let sim = Sim::new(&sc, 4);
        let good = assess(&sc, &cfg, &sim, 0).unwrap().unwrap();
        assert_eq!(good.verdict, Verdict::Good);
        assert_ne!(good.reason, note);
        assert!(
            good.reason.en.starts_with("You said how long the wait"),
            "{:?}",
            good.reason
        );
        assert!(good.reason.zh.contains("等之前先说要等多久"), "{:?}", good.reason);
        let bad = assess(&sc, &cfg, &sim, 1).unwrap().unwrap();
        assert_eq!(bad.verdict, Verdict::Risky);
        assert_eq!(bad.reason, note, "a risky verdict shows the author's note");
    }

    #[test]
    fn turn_costs_are_zero_on_the_best_path_and_name_the_turn_that_lost_points() {
        let sc = testkit::scenario(
            "angry",
            &[
                &["listen, empathize, apologize", "excuse"],
                &["solution", "cold_tone"],
                &["thank", "thank"],
            ],
            "",
        );
        let cfg = ScoringConfig::default();
        let best = super::super::sim::play(&sc, 3, &[0, 0, 0]).unwrap();
        let costs = turn_costs(&sc, &cfg, &best);
        assert_eq!(costs, vec![Some(0.0), Some(0.0), Some(0.0)]);
        let worse = super::super::sim::play(&sc, 3, &[0, 1, 0]).unwrap();
        let costs = turn_costs(&sc, &cfg, &worse);
        assert_eq!(costs[0], Some(0.0));
        assert!(costs[1].unwrap() > RISKY_DROP, "{costs:?}");
    }

    #[test]
    fn an_out_of_range_option_is_an_error() {
        let sc = testkit::scenario("mild", &[&["greet"]], "");
        let sim = Sim::new(&sc, 1);
        assert!(assess(&sc, &ScoringConfig::default(), &sim, 5).is_err());
    }
}
