//! What the scorer noticed in a run ([`Note`]) and how each note is said to the trainee, in both
//! languages, citing turns. The formulas in `scoring` produce notes; nothing here computes a score.

use serde::Serialize;

use super::compile::Compiled;
use super::text::Text;

/// Something the scorer noticed, with the turn numbers (1-based) it concerns. Rendered into
/// feedback lines by [`Note::text`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    Peak {
        turn: usize,
        value: f32,
    },
    WeakEnd {
        value: f32,
    },
    FailedEnd {
        value: f32,
    },
    StrongEnd {
        value: f32,
    },
    Declined {
        from: f32,
        to: f32,
    },
    Improved {
        from: f32,
        to: f32,
    },
    FadedAfterPeak {
        turn: usize,
    },
    Steady {
        level: f32,
    },
    DisclosedAt {
        item: usize,
        turn: usize,
        of: usize,
    },
    NeverDisclosed {
        item: usize,
    },
    FoundOut {
        item: usize,
        turn: usize,
    },
    PainSpread {
        turns: usize,
    },
    PainCombined {
        turn: usize,
    },
    PleasureSegmented {
        times: usize,
    },
    PleasureLumped {
        turn: usize,
    },
    NoGoodNews,
    ChoicesOffered {
        dimensions: usize,
    },
    NoChoice,
    UnannouncedHold {
        turn: usize,
    },
    RitualDone {
        item: usize,
        turn: usize,
    },
    RitualMissed {
        item: usize,
    },
    OverPromise {
        turn: usize,
        level: u8,
        capacity: u8,
    },
    KeptPromise {
        turn: usize,
    },
    NoCommitment,
    Surprise {
        turn: usize,
    },
    StepMissing {
        step: usize,
    },
    StepsOutOfOrder {
        first: usize,
        first_turn: usize,
        second: usize,
        second_turn: usize,
    },
    StepsInOrder,
    Provoked {
        turn: usize,
    },
    InfoGiven {
        item: usize,
        turn: usize,
        of: usize,
    },
    InfoMissing {
        item: usize,
    },
    NotVerified,
    Transferred {
        turn: usize,
    },
    MadeRepeat {
        turn: usize,
    },
    PushedWork {
        turn: usize,
    },
    Escalated,
    Flipped {
        turn: usize,
    },
    AngerPeak {
        turn: usize,
        value: f32,
    },
    Calmed {
        from: f32,
        to: f32,
    },
}

fn step_label(step: usize) -> Text {
    let (zh, en) = [
        ("倾听", "listen"),
        ("同情", "sympathise"),
        ("找自身原因", "own the cause"),
        ("道歉", "apologise"),
        ("表达改进意愿", "commit to improve"),
        ("提出方案", "propose a solution"),
        ("执行方案", "carry it out"),
        ("反省跟进", "reflect and follow up"),
    ][step];
    Text::new(zh, en)
}

impl Note {
    /// The feedback line for this note, citing turns. `sc` supplies item labels.
    pub fn text(&self, sc: &Compiled) -> Text {
        let bad = |i: usize| sc.facts.bad_news[i].label.clone();
        let info = |i: usize| sc.facts.info[i].label.clone();
        let rit = |i: usize| sc.facts.rituals[i].label.clone();
        match *self {
            Note::Peak { turn, value } if value >= 50.0 => Text::new(
                format!("最强烈的一刻在第 {turn} 回合：满意度 {value:.0}，是正面的高点。"),
                format!("The most intense moment was turn {turn}: satisfaction {value:.0}, a positive high."),
            ),
            Note::Peak { turn, value } => Text::new(
                format!("最强烈的一刻在第 {turn} 回合：满意度跌到 {value:.0}，客户会记住它。"),
                format!(
                    "The most intense moment was turn {turn}: satisfaction fell to {value:.0}, and the customer will remember it."
                ),
            ),
            Note::WeakEnd { value } => Text::new(
                format!("结尾满意度只有 {value:.0}：最后的印象会留在记忆里，收尾要有亮点。"),
                format!("The call ended at satisfaction {value:.0}: the last impression stays; close on a high."),
            ),
            Note::FailedEnd { value } => Text::new(
                format!("电话以失去客户收场（满意度 {value:.0}）：这就是客户带走的最后印象。"),
                format!(
                    "The call ended with the customer lost or escalated (satisfaction {value:.0}): that is the last impression they keep."
                ),
            ),
            Note::StrongEnd { value } => Text::new(
                format!("结尾满意度 {value:.0}：收得好。"),
                format!("The call ended at satisfaction {value:.0}: a good close."),
            ),
            Note::Declined { from, to } => Text::new(
                format!("体验一路走低：前段平均 {from:.0}，后段平均 {to:.0}。"),
                format!("The experience declined: {from:.0} on average early on, {to:.0} towards the end."),
            ),
            Note::Improved { from, to } => Text::new(
                format!("体验越往后越好：从 {from:.0} 升到 {to:.0}。"),
                format!("The experience improved from {from:.0} to {to:.0}."),
            ),
            Note::FadedAfterPeak { turn } => Text::new(
                format!("第 {turn} 回合是最高点，之后却走低了——把亮点留到最后。"),
                format!("Turn {turn} was the high point and things faded after it — save the highlight for the end."),
            ),
            Note::Steady { level } => Text::new(
                format!("体验前后没有明显变化，一直在 {level:.0} 左右。"),
                format!("The experience stayed level, around {level:.0}, from start to end."),
            ),
            Note::DisclosedAt { item, turn, of } if turn <= of.div_ceil(4).max(1) => Text::new(
                format!(
                    "「{}」在第 {turn} 回合（共 {of} 回合）就说明了——坏消息早说，做得对。",
                    bad(item).zh
                ),
                format!(
                    "{} was disclosed at turn {turn} of {of} — bad news early, well done.",
                    cap(&bad(item).en)
                ),
            ),
            Note::DisclosedAt { item, turn, of } => Text::new(
                format!(
                    "「{}」到第 {turn} 回合（共 {of} 回合）才告知——应在一开始就说。",
                    bad(item).zh
                ),
                format!(
                    "{} was disclosed at turn {turn} of {of} — say it at the start.",
                    cap(&bad(item).en)
                ),
            ),
            Note::NeverDisclosed { item } => Text::new(
                format!("始终没有告知「{}」：客户迟早会发现，那时更糟。", bad(item).zh),
                format!(
                    "{} was never disclosed: the customer will find out later, and that is worse.",
                    cap(&bad(item).en)
                ),
            ),
            Note::FoundOut { item, turn } => Text::new(
                format!(
                    "「{}」不是你告诉客户的：到第 {turn} 回合他自己发现了。被发现的坏消息不算告知，信任也跟着打了折扣。",
                    bad(item).zh
                ),
                format!(
                    "{} was not told by you: by turn {turn} the customer had found it out himself. News found out is not news disclosed, and trust pays for it.",
                    cap(&bad(item).en)
                ),
            ),
            Note::PainSpread { turns } => Text::new(
                format!("坏消息分散在 {turns} 个回合里说：痛苦要集中，一次说完。"),
                format!("The bad news was spread over {turns} turns: combine the pain and say it once."),
            ),
            Note::PainCombined { turn } => Text::new(
                format!("所有坏消息在第 {turn} 回合一次说完——痛苦集中，做得对。"),
                format!("All the bad news came together at turn {turn} — pain combined, well done."),
            ),
            Note::PleasureSegmented { times } => Text::new(
                format!("好消息分 {times} 次给出，愉悦被分阶段放大。"),
                format!("Good news came in {times} separate moments, so each one counted."),
            ),
            Note::PleasureLumped { turn } => Text::new(
                format!("第 {turn} 回合把几个好消息一口气说完了——分开说，客户会高兴好几次。"),
                format!(
                    "Turn {turn} delivered several pieces of good news at once — spread them out and the customer is pleased several times."
                ),
            ),
            Note::NoGoodNews => Text::new(
                "有好消息可以给，却一次也没给。",
                "There was good news to give and none was given.",
            ),
            Note::ChoicesOffered { dimensions } => Text::new(
                format!("在 {dimensions} 个方面让客户自己选择，客户感到可以掌控。"),
                format!("The customer was given a choice on {dimensions} dimension(s) and felt in control."),
            ),
            Note::NoChoice => Text::new(
                "没有让客户在时间、质量、数量、地点或价格上做选择。",
                "The customer was never offered a choice of time, quality, quantity, place or price.",
            ),
            Note::UnannouncedHold { turn } => Text::new(
                format!("第 {turn} 回合让客户等待，却没先说要等多久。"),
                format!("Turn {turn} put the customer on hold without saying how long it would take."),
            ),
            Note::RitualDone { item, turn } => Text::new(
                format!("第 {turn} 回合完成了仪式「{}」。", rit(item).zh),
                format!("Turn {turn} performed the ritual: {}.", rit(item).en),
            ),
            Note::RitualMissed { item } => Text::new(
                format!("错过了仪式「{}」。", rit(item).zh),
                format!("The ritual was skipped: {}.", rit(item).en),
            ),
            Note::OverPromise { turn, level, capacity } => Text::new(
                format!("第 {turn} 回合承诺了 {level} 级，而公司只能做到 {capacity} 级——过度承诺会在兑现时变成失望。"),
                format!(
                    "Turn {turn} promised level {level} when the company can deliver {capacity} — an over-promise turns into disappointment on delivery."
                ),
            ),
            Note::KeptPromise { turn } => Text::new(
                format!("第 {turn} 回合的承诺在公司能力之内，说到做到。"),
                format!("The promise at turn {turn} was within what the company can deliver."),
            ),
            Note::NoCommitment => Text::new(
                "没有给客户一个明确、能兑现的承诺。",
                "The customer never got a clear commitment that can be kept.",
            ),
            Note::Surprise { turn } => Text::new(
                format!("第 {turn} 回合给了客户意料之外的惊喜：体验超过期望。"),
                format!("Turn {turn} gave the customer something unexpected: experience above expectation."),
            ),
            Note::StepMissing { step } => Text::new(
                format!("投诉处理少了一步：{}。", step_label(step).zh),
                format!("A complaint step was missing: {}.", step_label(step).en),
            ),
            Note::StepsOutOfOrder {
                first,
                first_turn,
                second,
                second_turn,
            } => Text::new(
                format!(
                    "「{}」（第 {first_turn} 回合）应在「{}」（第 {second_turn} 回合）之前。",
                    step_label(first).zh,
                    step_label(second).zh
                ),
                format!(
                    "\"{}\" (turn {first_turn}) should come before \"{}\" (turn {second_turn}).",
                    cap(&step_label(first).en),
                    step_label(second).en
                ),
            ),
            Note::StepsInOrder => Text::new(
                "投诉处理步骤完整且顺序正确。",
                "All complaint steps, in the right order.",
            ),
            Note::Provoked { turn } => Text::new(
                format!("第 {turn} 回合和客户争辩、找借口或指责客户——绝不争辩。"),
                format!("Turn {turn} argued, made excuses or blamed the customer — never argue."),
            ),
            Note::InfoGiven { item, turn, of } => Text::new(
                format!("第 {turn} 回合（共 {of} 回合）告知了「{}」。", info(item).zh),
                format!("Turn {turn} of {of} told the customer {}.", info(item).en),
            ),
            Note::InfoMissing { item } => Text::new(
                format!("没有告知「{}」：客户有权知道。", info(item).zh),
                format!(
                    "The customer was never told {}; they have a right to know.",
                    info(item).en
                ),
            ),
            Note::NotVerified => Text::new(
                "告知之后没有确认客户是否听明白。",
                "Nobody checked that the customer understood what they were told.",
            ),
            Note::Transferred { turn } => Text::new(
                format!("第 {turn} 回合把客户转给了别人：客户要从头再说一遍。"),
                format!("Turn {turn} transferred the customer, who now has to start over."),
            ),
            Note::MadeRepeat { turn } => Text::new(
                format!("第 {turn} 回合让客户重复已经说过的话。"),
                format!("Turn {turn} made the customer repeat what they had already said."),
            ),
            Note::PushedWork { turn } => Text::new(
                format!("第 {turn} 回合把本该我们做的事推给了客户去办。"),
                format!("Turn {turn} pushed work onto the customer that was ours to do."),
            ),
            Note::Escalated => Text::new(
                "客户只能去更高一级投诉：费力又伤感情。",
                "The customer has to escalate: more effort for them, more damage for you.",
            ),
            Note::Flipped { turn } => Text::new(
                format!("第 {turn} 回合客户的情绪突然变红。"),
                format!("At turn {turn} the customer flipped to red."),
            ),
            Note::AngerPeak { turn, value } => Text::new(
                format!("第 {turn} 回合客户的怒气升到 {value:.0}。"),
                format!("At turn {turn} the customer's anger rose to {value:.0}."),
            ),
            Note::Calmed { from, to } => Text::new(
                format!("客户的怒气从 {from:.0} 降到了 {to:.0}。"),
                format!("The customer's anger came down from {from:.0} to {to:.0}."),
            ),
        }
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
