//! Coach mode: after each choice, say whether it was good or risky, with a one-line reason. The
//! verdict comes from the engine itself, not from points written per option: a choice is risky
//! when it lowers the best total the trainee can still reach (every completion searched from the
//! state before and after the choice, same seed). The reason is the author's teaching note when
//! the option has one, else the most telling act or event of the choice.

use serde::Serialize;

use super::analyze::best_reachable;
use super::compile::{CAct, Compiled};
use super::scoring::{Scorer, ScoringConfig};
use super::sim::{Sim, SimError};
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
    pub reason: Text,
}

/// Judges option `option` (0-based) taken in `sim`'s current state. None when the search budget
/// runs out (a huge looping scenario): the coach then stays silent rather than guess.
pub fn assess(sc: &Compiled, cfg: &ScoringConfig, sim: &Sim, option: usize) -> Result<Option<Advice>, SimError> {
    let scorer = Scorer::new(sc, cfg);
    let mut after = sim.clone();
    let turn = *after.choose(option)?;
    let (Some(best_before), Some(best_after)) = (
        best_reachable(&scorer, sim, SEARCH_BUDGET),
        best_reachable(&scorer, &after, SEARCH_BUDGET),
    ) else {
        return Ok(None);
    };
    let opt = &sim.options()[option];
    let verdict = if best_before - best_after > RISKY_DROP {
        Verdict::Risky
    } else {
        Verdict::Good
    };
    let reason = match (&opt.note, verdict) {
        (Some(n), _) => n.clone(),
        (None, Verdict::Risky) => risk_reason(sc, &opt.acts, turn.events.flipped),
        (None, Verdict::Good) => Text::new(
            "这一步没有让你失分的空间：最好的结局仍然够得着。",
            "This step costs nothing: the best ending is still within reach.",
        ),
    };
    Ok(Some(Advice {
        verdict,
        best_before,
        best_after,
        reason,
    }))
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
    fn an_out_of_range_option_is_an_error() {
        let sc = testkit::scenario("mild", &[&["greet"]], "");
        let sim = Sim::new(&sc, 1);
        assert!(assess(&sc, &ScoringConfig::default(), &sim, 5).is_err());
    }
}
