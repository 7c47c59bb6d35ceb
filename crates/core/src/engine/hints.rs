//! What a scenario author can change so that a path scores higher: the scorer's notes on a run
//! ([`Note`]) turned into edits of the scenario file, named in the file's own vocabulary (acts,
//! items, endings), in both languages. The trainee's feedback (`feedback.rs`) says what the person
//! on the phone did; these say what the file lets them do.

use super::compile::Compiled;
use super::feedback::Note;
use super::principle::Principle;
use super::scoring::Score;
use super::text::Text;

/// One principle's result on a played path, and the edits that would raise it.
#[derive(Clone, Debug, PartialEq)]
pub struct PrincipleHints {
    pub principle: Principle,
    /// 0–100.
    pub score: f32,
    /// Share of the total (0–1).
    pub weight: f32,
    /// What to change in the file; empty when the path already does what the principle asks.
    pub hints: Vec<Text>,
}

/// For each principle that applies to the scored path, its score and what an author could add or
/// change so that the path scores higher on it. A cap on the total (an argument, a failed call)
/// comes first as a hint of its own under the principle it belongs to.
pub fn author_hints(sc: &Compiled, score: &Score) -> Vec<PrincipleHints> {
    score
        .principles
        .iter()
        .map(|p| PrincipleHints {
            principle: p.principle,
            score: p.score,
            weight: p.weight,
            hints: {
                let mut h: Vec<Text> = p.notes.iter().filter_map(|n| hint(sc, n)).collect();
                if h.is_empty() && p.score < GOOD_ENOUGH {
                    h.push(general(p.principle));
                }
                h
            },
        })
        .collect()
}

/// Below this a principle always gets a hint: the notes' own, or the principle's general one.
pub const GOOD_ENOUGH: f32 = 90.0;

/// What raises a principle on a path when no single note names the edit.
pub fn general(p: Principle) -> Text {
    match p {
        Principle::PeakEnd => Text::new(
            "让最强烈的一刻是正面的，并以高点收尾：在后面的回合安排 good_news(...) 或 surprise，坏消息放在前面。",
            "make the most intense moment a positive one and end on a high: put `good_news(...)` or `surprise` in later turns and the bad news early.",
        ),
        Principle::FinishStrong => Text::new(
            "给最后一两个回合的选项加上 good_news(...)、surprise 或 thank，或给结局一个正的 effect。",
            "add `good_news(...)`, `surprise` or `thank` to the last turns' options, or a positive `effect` to the ending.",
        ),
        Principle::EarlyDisclosure => Text::new(
            "在前四分之一的回合里用 disclose(...) 说出每一条坏消息。",
            "tell every piece of bad news with `disclose(...)` in the first quarter of the call.",
        ),
        Principle::PainPleasure => Text::new(
            "把所有坏消息放进同一个选项（几个 disclose(...) 写在一起），好消息 good_news(...) 分到不同回合。",
            "put all the bad news in one option (the `disclose(...)` acts together) and spread `good_news(...)` over different turns.",
        ),
        Principle::Control => Text::new(
            "给这条路径上的选项加上 offer_choice(time)、offer_choice(place) 等，让客户自己选。",
            "add `offer_choice(time)`, `offer_choice(place)` and the like to options on this path, so the customer chooses.",
        ),
        Principle::Ritual => Text::new(
            "给某个选项加上 ritual(\"…\")，完成 facts.rituals 里声明的仪式。",
            "add `ritual(\"…\")` to an option for each ritual declared in `facts.rituals`.",
        ),
        Principle::Expectations => Text::new(
            "用不超过 capacity 的 promise(...) 给出明确承诺，必要时在后面加上 surprise。",
            "give a clear commitment with a `promise(...)` within `capacity`, and a `surprise` later if you can.",
        ),
        Principle::ComplaintSteps => Text::new(
            "按顺序用上投诉处理的动作：listen、empathize、own_cause、apologize、improve、solution、execute、follow_up。",
            "use the complaint steps in order: `listen`, `empathize`, `own_cause`, `apologize`, `improve`, `solution`, `execute`, `follow_up`.",
        ),
        Principle::DutyToInform => Text::new(
            "用 inform(...) 告知 facts.info 里的每一项信息，之后加上 verify 确认客户听懂。",
            "give every item of `facts.info` with `inform(...)`, then `verify` that the customer understood.",
        ),
        Principle::Effort => Text::new(
            "去掉这条路径上的 transfer、ask_repeat、push_work，改由我们来办（execute）。",
            "remove the `transfer`, `ask_repeat` and `push_work` on this path and do the work ourselves (`execute`).",
        ),
        Principle::DeEscalation => Text::new(
            "在客户生气的回合先用 empathize、apologize 降温，不用 argue、excuse、blame_customer。",
            "calm the customer first with `empathize` and `apologize` on the angry turns, without `argue`, `excuse` or `blame_customer`.",
        ),
    }
}

/// The act names of the eight complaint steps, as written in a scenario file.
const STEP_ACTS: [&str; 8] = [
    "listen",
    "empathize",
    "own_cause",
    "apologize",
    "improve",
    "solution",
    "execute",
    "follow_up",
];

/// The edit that would answer a note, or `None` when the note is praise.
pub fn hint(sc: &Compiled, note: &Note) -> Option<Text> {
    let bad = |i: usize| &sc.facts.bad_news[i].id;
    let info = |i: usize| &sc.facts.info[i].id;
    let rit = |i: usize| &sc.facts.rituals[i].id;
    let t = match *note {
        Note::NoChoice => Text::new(
            "没有让客户在时间、地点等方面做选择：给这条路径上的某个选项加上 offer_choice(time)（或 quality、quantity、place、price）。",
            "no choice of time or place was offered: add `offer_choice(time)` (or quality, quantity, place, price) to an option on this path.",
        ),
        Note::NeverDisclosed { item } => Text::new(
            format!(
                "坏消息“{}”一直没说：在前几个回合的某个选项里加上 disclose(\"{}\")。",
                bad(item),
                bad(item)
            ),
            format!(
                "the bad news \"{}\" was never told: add `disclose(\"{}\")` to an option in the first turns.",
                bad(item),
                bad(item)
            ),
        ),
        Note::DisclosedAt { item, turn, of } if turn > of.div_ceil(4).max(1) => Text::new(
            format!(
                "disclose(\"{}\") 到第 {turn} 回合才出现：把它挪到更早回合的选项里（前四分之一）。",
                bad(item)
            ),
            format!(
                "`disclose(\"{}\")` comes only at turn {turn} of {of}: move it to an option in the first quarter of the call.",
                bad(item)
            ),
        ),
        Note::FoundOut { item, turn } => Text::new(
            format!(
                "客户在第 {turn} 回合自己发现了“{}”（found_out）：在这之前的某个选项里加上 disclose(\"{}\")。",
                bad(item),
                bad(item)
            ),
            format!(
                "the customer finds out \"{}\" at turn {turn} (`found_out`): add `disclose(\"{}\")` to an option before it.",
                bad(item),
                bad(item)
            ),
        ),
        Note::PainSpread { turns } => Text::new(
            format!("坏消息分散在 {turns} 个回合：把所有 disclose(...) 放进同一个选项。"),
            format!("the bad news is spread over {turns} turns: put every `disclose(...)` in one option."),
        ),
        Note::PleasureLumped { turn } => Text::new(
            format!("第 {turn} 回合的选项里有好几个好消息：把 good_news(...) 分到不同回合的选项里。"),
            format!(
                "the option at turn {turn} holds several pieces of good news: split the `good_news(...)` over options at different turns."
            ),
        ),
        Note::NoGoodNews => Text::new(
            "这条路径上没有好消息：给某个选项加上 good_news(small)（或 medium、large）。",
            "there is no good news on this path: add `good_news(small)` (or medium, large) to an option.",
        ),
        Note::UnannouncedHold { turn } => Text::new(
            format!("第 {turn} 回合的 hold 前面没有 announce_wait：在同一个选项里加上 announce_wait。"),
            format!("the `hold` at turn {turn} has no `announce_wait`: add `announce_wait` to the same option."),
        ),
        Note::RitualMissed { item } => Text::new(
            format!("仪式“{}”没有做：给某个选项加上 ritual(\"{}\")。", rit(item), rit(item)),
            format!(
                "the ritual \"{}\" was skipped: add `ritual(\"{}\")` to an option.",
                rit(item),
                rit(item)
            ),
        ),
        Note::OverPromise { turn, level, capacity } => Text::new(
            format!(
                "第 {turn} 回合的 promise({level}) 超过了公司能力 capacity: {capacity}：改成 promise({capacity}) 或更低。"
            ),
            format!(
                "`promise({level})` at turn {turn} is above the company's `capacity: {capacity}`: make it `promise({capacity})` or lower."
            ),
        ),
        Note::NoCommitment => Text::new(
            format!(
                "这条路径上没有承诺：给某个选项加上 promise(1) 到 promise({})（不超过 capacity）。",
                sc.facts.capacity.max(1)
            ),
            format!(
                "there is no commitment on this path: add `promise(1)` to `promise({})` (within `capacity`) to an option.",
                sc.facts.capacity.max(1)
            ),
        ),
        Note::StepMissing { step } => Text::new(
            format!("投诉处理少了一步：给这条路径上的某个选项加上 {}。", STEP_ACTS[step]),
            format!(
                "a complaint step is missing: add `{}` to an option on this path.",
                STEP_ACTS[step]
            ),
        ),
        Note::StepsOutOfOrder {
            first,
            first_turn,
            second,
            second_turn,
        } => Text::new(
            format!(
                "{}（第 {first_turn} 回合）应在 {}（第 {second_turn} 回合）之前：调换这两个动作所在的回合。",
                STEP_ACTS[first], STEP_ACTS[second]
            ),
            format!(
                "`{}` (turn {first_turn}) should come before `{}` (turn {second_turn}): swap the turns these acts are in.",
                STEP_ACTS[first], STEP_ACTS[second]
            ),
        ),
        Note::Provoked { turn } => Text::new(
            format!(
                "第 {turn} 回合的 argue、excuse 或 blame_customer 会给总分封顶：这是有意的陷阱就保留，否则去掉这个动作。"
            ),
            format!(
                "the `argue`, `excuse` or `blame_customer` at turn {turn} caps the total: keep it if it is a deliberate trap, otherwise remove the act."
            ),
        ),
        Note::InfoMissing { item } => Text::new(
            format!(
                "信息“{}”没有告知：给某个选项加上 inform(\"{}\")。",
                info(item),
                info(item)
            ),
            format!(
                "the information \"{}\" was never given: add `inform(\"{}\")` to an option.",
                info(item),
                info(item)
            ),
        ),
        Note::NotVerified => Text::new(
            "告知之后没有确认客户听懂：在 inform(...) 之后的选项里加上 verify。",
            "nobody checked the customer understood: add `verify` to an option after the `inform(...)`.",
        ),
        Note::Transferred { turn } => Text::new(
            format!("第 {turn} 回合的 transfer 让客户从头再说：给这一回合一个不转接的选项。"),
            format!(
                "the `transfer` at turn {turn} makes the customer start over: give that turn an option that does not transfer."
            ),
        ),
        Note::MadeRepeat { turn } => Text::new(
            format!("第 {turn} 回合的 ask_repeat 让客户重复：给这一回合一个不需要重复的选项。"),
            format!("the `ask_repeat` at turn {turn} makes the customer repeat: give that turn an option without it."),
        ),
        Note::PushedWork { turn } => Text::new(
            format!("第 {turn} 回合的 push_work 把事推给客户：给这一回合一个由我们来办的选项（execute）。"),
            format!(
                "the `push_work` at turn {turn} hands our work to the customer: give that turn an option where we do it (`execute`)."
            ),
        ),
        Note::Escalated => Text::new(
            "这条路径以 outcome: escalated 结束：让更好的选项通向 won_over 或 neutral 的结局。",
            "this path ends at an `outcome: escalated` ending: let the better options lead to a `won_over` or `neutral` ending.",
        ),
        Note::FailedEnd { .. } => Text::new(
            "这条路径以失败的结局收场，总分被封顶：检查通向这个结局的 next 或 branch 条件。",
            "this path ends in a failed ending and the total is capped: check the `next` or `branch` rules that lead to it.",
        ),
        Note::WeakEnd { value } => Text::new(
            format!(
                "结尾满意度只有 {value:.0}：给最后一两个回合的选项加上 good_news(...) 或 surprise，或给结局一个正的 effect。"
            ),
            format!(
                "the call ends at satisfaction {value:.0}: add `good_news(...)` or `surprise` to the last turns' options, or a positive `effect` to the ending."
            ),
        ),
        Note::Declined { .. } | Note::FadedAfterPeak { .. } => Text::new(
            "体验越往后越差：把 good_news(...)、surprise 挪到后面的回合，坏消息留在前面。",
            "the experience fades towards the end: move `good_news(...)` and `surprise` to later turns and keep the bad news early.",
        ),
        Note::Flipped { turn } => Text::new(
            format!(
                "客户在第 {turn} 回合变红：如果这条路径本该是好的，减小那个选项 effect 里的 anger，或在前面加上 empathize。"
            ),
            format!(
                "the customer turns red at turn {turn}: if this path is meant to be good, lower the `anger` in that option's `effect`, or add `empathize` before it."
            ),
        ),
        Note::Peak { turn, value } if value < 50.0 => Text::new(
            format!(
                "最强烈的一刻在第 {turn} 回合，满意度只有 {value:.0}：在那之前安排 empathize 或 apologize，让低点不那么低。"
            ),
            format!(
                "the most intense moment is turn {turn} at satisfaction {value:.0}: put `empathize` or `apologize` before it so the low is less deep."
            ),
        ),
        Note::Peak { .. }
        | Note::StrongEnd { .. }
        | Note::Improved { .. }
        | Note::Steady { .. }
        | Note::DisclosedAt { .. }
        | Note::PainCombined { .. }
        | Note::PleasureSegmented { .. }
        | Note::ChoicesOffered { .. }
        | Note::RitualDone { .. }
        | Note::KeptPromise { .. }
        | Note::Surprise { .. }
        | Note::StepsInOrder
        | Note::InfoGiven { .. }
        | Note::AngerPeak { .. }
        | Note::Calmed { .. } => return None,
    };
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scoring::{Scorer, ScoringConfig};
    use crate::engine::sim::play;
    use crate::engine::testkit;

    fn hints_for(sc: &Compiled, choices: &[usize]) -> Vec<PrincipleHints> {
        let run = play(sc, 1, choices).unwrap();
        let score = Scorer::new(sc, &ScoringConfig::default()).score(&run);
        author_hints(sc, &score)
    }

    fn all(h: &[PrincipleHints]) -> Vec<&Text> {
        h.iter().flat_map(|p| p.hints.iter()).collect()
    }

    #[test]
    fn a_path_without_a_choice_or_the_bad_news_is_told_what_to_add_in_the_files_words() {
        let facts = "facts: (bad_news: [(id: \"late\", label: (zh: \"晚到\", en: \"late\"))]),";
        let sc = testkit::scenario(
            "angry",
            &[
                &["listen, empathize", "listen, disclose(\"late\")"],
                &["solution", "solution, offer_choice(time)"],
            ],
            facts,
        );
        let h = hints_for(&sc, &[0, 0]);
        let texts = all(&h);
        assert!(texts.iter().any(|t| t.en.contains("`offer_choice(time)`")), "{texts:?}");
        assert!(texts.iter().any(|t| t.zh.contains("offer_choice(time)")), "{texts:?}");
        assert!(texts.iter().any(|t| t.en.contains("`disclose(\"late\")`")), "{texts:?}");
        // Each hint sits under the principle whose note it answers, with that principle's score.
        let choice = h.iter().find(|p| p.principle == Principle::Control).unwrap();
        assert!(choice.hints.iter().any(|t| t.en.contains("offer_choice")));
        assert!(choice.score < 50.0);
        // The path that does both gets neither hint, and scores higher on both principles.
        let h2 = hints_for(&sc, &[1, 1]);
        let texts2 = all(&h2);
        assert!(
            !texts2
                .iter()
                .any(|t| t.en.starts_with("no choice of time") || t.en.contains("disclose(\"late\")")),
            "{texts2:?}"
        );
        let score_of = |h: &[PrincipleHints], p| h.iter().find(|x| x.principle == p).unwrap().score;
        assert!(score_of(&h2, Principle::Control) > score_of(&h, Principle::Control));
        // Every hint has both languages, the Chinese with Chinese punctuation.
        for t in texts.iter().chain(texts2.iter()) {
            assert!(!t.zh.is_empty() && !t.en.is_empty());
            assert!(!t.zh.contains(": ") || t.zh.contains("capacity: "), "{}", t.zh);
            assert!(t.zh.ends_with('。'), "{}", t.zh);
        }
    }

    #[test]
    fn every_principle_below_the_bar_on_a_shipped_path_gets_a_hint_in_both_languages() {
        use crate::engine::analyze::analyze;
        let cfg = ScoringConfig::default();
        for sc in testkit::load_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")) {
            let a = analyze(&sc, &cfg, 1, 0);
            for path in [&a.best.path, &a.worst.path] {
                let choices: Vec<usize> = path.iter().map(|c| c - 1).collect();
                let run = play(&sc, 1, &choices).unwrap();
                let score = Scorer::new(&sc, &cfg).score(&run);
                for p in author_hints(&sc, &score) {
                    if p.score < GOOD_ENOUGH {
                        assert!(!p.hints.is_empty(), "{}: {:?} at {}", sc.id, p.principle, p.score);
                    }
                    for h in &p.hints {
                        assert!(h.zh.ends_with('。') && !h.en.is_empty(), "{h:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn praise_gives_no_hint_and_an_argument_is_named_as_the_cap() {
        let sc = testkit::scenario(
            "angry",
            &[&["argue", "listen"], &["solution", "apologize, empathize"]],
            "",
        );
        let h = hints_for(&sc, &[0, 0]);
        assert!(
            all(&h)
                .iter()
                .any(|t| t.en.contains("`argue`") && t.en.contains("caps the total"))
        );
        assert_eq!(hint(&sc, &Note::StepsInOrder), None);
        assert_eq!(hint(&sc, &Note::ChoicesOffered { dimensions: 2 }), None);
    }
}
