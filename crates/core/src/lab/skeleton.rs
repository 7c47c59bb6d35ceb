//! `new-scenario`: a commented scenario file to start from. It validates as written and has the
//! shipped library's structure (eight turns on the best path, three options at every turn, four
//! kinds of ending, every node reachable); the author replaces the bracketed texts with their own
//! customer and keeps or changes the acts.

use crate::engine::model::Archetype;
use crate::engine::{Lang, Text};

/// One option of a skeleton turn: what it says, what it does, where it goes.
struct Opt {
    text: Text,
    acts: &'static str,
    next: &'static str,
}

/// One turn of the skeleton.
struct Turn {
    name: &'static str,
    /// The comment above the turn: what this stage of the call is for.
    why: &'static str,
    customer: Text,
    options: [Opt; 3],
}

fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}

fn opt(zh: &str, en: &str, acts: &'static str, next: &'static str) -> Opt {
    Opt {
        text: t(zh, en),
        acts,
        next,
    }
}

/// The eight stages of a well-handled call; at each, a good answer (first), a weaker one that
/// keeps the call going, and one that ends it badly. The order is shuffled when played.
fn turns() -> Vec<Turn> {
    vec![
        Turn {
            name: "open",
            why: "开场：客户说明来意。Opening: the customer says why they call.",
            customer: t(
                "【客户开口第一句：为什么打来】",
                "[The customer's first words: why they call]",
            ),
            options: [
                opt(
                    "【问候，并说出你听到的情绪】",
                    "[Greet them and name the feeling you hear]",
                    "greet, empathize",
                    "listen",
                ),
                opt(
                    "【只问候，直接问要办什么】",
                    "[Greet them and ask what they need]",
                    "greet",
                    "listen",
                ),
                opt(
                    "【一上来就解释规定】",
                    "[Start by explaining the rules]",
                    "argue",
                    "escalated",
                ),
            ],
        },
        Turn {
            name: "listen",
            why: "倾听：让客户把事情说完。Listening: let the customer tell the whole story.",
            customer: t("【客户讲经过】", "[The customer tells what happened]"),
            options: [
                opt(
                    "【复述客户说的要点】",
                    "[Sum up what they said]",
                    "listen, reflect",
                    "apology",
                ),
                opt(
                    "【记下来，不多说】",
                    "[Note it down without a word]",
                    "listen",
                    "apology",
                ),
                opt(
                    "【冷冰冰地让客户长话短说】",
                    "[Coldly ask them to keep it short]",
                    "cold_tone",
                    "lost",
                ),
            ],
        },
        Turn {
            name: "apology",
            why: "道歉：为给客户带来的麻烦负责。Apology: own the trouble caused.",
            customer: t("【客户追问：这是谁的责任】", "[The customer asks whose fault it is]"),
            options: [
                opt(
                    "【道歉，并承认是我们的原因】",
                    "[Apologise and own our part]",
                    "apologize, own_cause",
                    "bad_news",
                ),
                opt("【礼貌地道歉】", "[Apologise politely]", "apologize", "bad_news"),
                opt(
                    "【暗示是客户自己没注意】",
                    "[Hint that the customer did not pay attention]",
                    "blame_customer",
                    "escalated",
                ),
            ],
        },
        Turn {
            name: "bad_news",
            why: "坏消息：主动说出客户还不知道的坏消息。Bad news: say it before they find out.",
            customer: t("【客户问：那现在怎么办】", "[The customer asks what now]"),
            options: [
                opt(
                    "【主动说出坏消息（见 facts.bad_news）】",
                    "[Tell the bad news yourself (see facts.bad_news)]",
                    "disclose(\"delay\")",
                    "choice",
                ),
                opt(
                    "【先说要查一下，请客户稍等几分钟】",
                    "[Say you need to check and ask them to wait a few minutes]",
                    "announce_wait, hold",
                    "choice",
                ),
                opt(
                    "【找理由解释为什么会这样】",
                    "[Give reasons why it happened]",
                    "excuse",
                    "lost",
                ),
            ],
        },
        Turn {
            name: "choice",
            why: "选择：让客户自己选时间或方式。A choice: let the customer pick the time or the way.",
            customer: t(
                "【客户不耐烦：要多久】",
                "[The customer, impatient: how long will it take]",
            ),
            options: [
                opt(
                    "【给出两个时间让客户选】",
                    "[Offer two times to choose from]",
                    "offer_choice(time)",
                    "inform",
                ),
                opt(
                    "【直接说你会怎么处理】",
                    "[Say how you will fix it]",
                    "solution",
                    "inform",
                ),
                opt(
                    "【让客户去找别的部门】",
                    "[Send them to another department]",
                    "transfer",
                    "lost",
                ),
            ],
        },
        Turn {
            name: "inform",
            why: "告知：讲清接下来的每一步。Informing: explain every next step.",
            customer: t("【客户问：接下来呢】", "[The customer asks what happens next]"),
            options: [
                opt(
                    "【讲清接下来的步骤（见 facts.info）】",
                    "[Explain the next steps (see facts.info)]",
                    "inform(\"next_steps\")",
                    "promise",
                ),
                opt(
                    "【核对客户的资料】",
                    "[Check the customer's details]",
                    "verify",
                    "promise",
                ),
                opt(
                    "【让客户自己去网上办】",
                    "[Tell them to do it online themselves]",
                    "push_work",
                    "lost",
                ),
            ],
        },
        Turn {
            name: "promise",
            why: "承诺：只承诺做得到的事。Promises: only what you can keep.",
            customer: t("【客户问：能保证吗】", "[The customer asks if you can guarantee it]"),
            options: [
                opt(
                    "【承诺做得到的事，并马上去办】",
                    "[Promise what you can do and do it now]",
                    "promise(2), execute",
                    "close",
                ),
                opt("【什么都答应下来】", "[Promise everything]", "promise(3)", "close"),
                opt(
                    "【顺便推销一个新业务】",
                    "[Use the moment to sell something]",
                    "sell",
                    "lost",
                ),
            ],
        },
        Turn {
            name: "close",
            why: "收尾：约好回访，谢谢客户。Closing: agree a follow-up, thank the customer.",
            customer: t(
                "【客户语气缓和，准备结束通话】",
                "[The customer calms down and is about to hang up]",
            ),
            options: [
                opt(
                    "【约好什么时候回访，并谢谢客户】",
                    "[Agree when you will call back and thank them]",
                    "follow_up, thank",
                    "won",
                ),
                opt("【谢谢客户来电】", "[Thank them for calling]", "thank", "neutral"),
                opt("【匆匆挂断】", "[Hang up in a hurry]", "cold_tone", "lost"),
            ],
        },
    ]
}

/// A RON string literal.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A text in the chosen languages: `(zh: "…", en: "…")`, or one side only.
fn text(t: &Text, langs: &[Lang]) -> String {
    let parts: Vec<String> = langs
        .iter()
        .map(|l| format!("{}: {}", l.code(), q(t.get(*l))))
        .collect();
    format!("({})", parts.join(", "))
}

/// The starting mood and a line about the archetype, for the file's header.
fn archetype_start(a: Archetype) -> (&'static str, &'static str, &'static str) {
    match a {
        Archetype::Angry => (
            "angry",
            "(satisfaction: 20, anger: 70, trust: 30, patience: 70, expectation: 50)",
            "愤怒型：一开始就很生气，先共情、道歉才会软下来。Angry: arrives angry; softens only after empathy and an apology.",
        ),
        Archetype::Mild => (
            "mild",
            "(satisfaction: 45, anger: 20, trust: 50, patience: 75, expectation: 50)",
            "温和型：开始很平静，一句冷话或没打招呼的等待就会翻脸。Mild: calm, but one curt word or an unannounced wait flips them.",
        ),
        Archetype::KeyAccount => (
            "key_account",
            "(satisfaction: 40, anger: 30, trust: 45, patience: 80, expectation: 60)",
            "大客户：看重信任和长期合作，胜过一时的姿态。Key account: weighs trust and the partnership above any single gesture.",
        ),
    }
}

/// `new-scenario`'s file for `id`, in both languages or `only` one, checked by loading it as
/// `file`: the source with what it compiles to, or the diagnostics (the skeleton always validates,
/// except with an id a scenario cannot have).
pub fn checked(
    id: &str,
    archetype: Archetype,
    only: Option<Lang>,
    file: &str,
) -> Result<(String, crate::engine::Compiled), Vec<crate::engine::Diagnostic>> {
    let langs = only.map_or(Lang::ALL.to_vec(), |l| vec![l]);
    let src = skeleton(id, archetype, &langs);
    let sc = crate::engine::load::parse_str(&src, file)?;
    Ok((src, sc))
}

/// The skeleton file for scenario `id` with a customer of `archetype`, written in `langs`
/// (Chinese first when both).
pub fn skeleton(id: &str, archetype: Archetype, langs: &[Lang]) -> String {
    let (arch, start, arch_note) = archetype_start(archetype);
    let tx = |zh: &str, en: &str| text(&t(zh, en), langs);
    let mut out = String::new();
    out.push_str(&format!(
        "// 场景骨架 · A scenario skeleton: `service-arena new-scenario {id} --archetype {arch}`.\n\
         // 把【】里的文字换成你自己的客户、产品和政策；格式见 docs/scenario-format.md。\n\
         // Replace the bracketed texts with your own customer, product and policy (docs/scenario-format.md).\n\
         // 检查 · Check: service-arena validate FILE; 试玩 · Try it: service-arena play FILE --file-order;\n\
         // 分数 · Scores: service-arena analyze FILE --file-order.\n\
         // {arch_note}\n\
         Scenario(\n    \
             // 小写字母、数字和 _ · lowercase letters, digits and _\n    \
             id: {},\n    \
             title: {},\n    \
             // 通话前学员读到的情况 · what the trainee reads before the call\n    \
             briefing: {},\n    \
             // 这个场景教什么 · what the scenario teaches\n    \
             goal: {},\n    \
             difficulty: 2,\n    \
             minutes: 6,\n    \
             tags: [\"phone\"],\n    \
             customer: (\n        \
                 name: {},\n        \
                 archetype: {arch},\n        \
                 // 客户开场时的状态（0–100） · the customer's state when the call starts (0–100)\n        \
                 start: {start},\n    \
             ),\n    \
             // 坏消息要主动说（disclose），信息要讲清（inform） · bad news to disclose, information to give\n    \
             facts: (\n        \
                 bad_news: [(id: \"delay\", label: {})],\n        \
                 info: [(id: \"next_steps\", label: {})],\n    \
             ),\n    \
             start: \"open\",\n    \
             // 每个回合有三个选项：好的、弱一些的、会搞砸的；玩的时候顺序会打乱。\n    \
             // Each turn has three options: a good one, a weaker one, one that fails; play shuffles them.\n    \
             nodes: {{\n",
        q(id),
        tx("【场景标题】", "[Scenario title]"),
        tx(
            "【你是谁、客户是谁、发生了什么、你能做什么】",
            "[Who you are, who the customer is, what happened, what you may do]"
        ),
        tx("【学员应该学会什么】", "[What the trainee should learn]"),
        tx(
            "【客户的称呼，例如 王先生】",
            "[How the customer is addressed, e.g. Mr Wang]"
        ),
        tx(
            "【坏消息，例如 要多等三天】",
            "[The bad news, e.g. three more days of waiting]"
        ),
        tx("【接下来的步骤】", "[The next steps]"),
    ));
    for turn in turns() {
        out.push_str(&format!(
            "        // {}\n        {}: turn(\n            customer: {},\n            options: [\n",
            turn.why,
            q(turn.name),
            text(&turn.customer, langs)
        ));
        for o in &turn.options {
            out.push_str(&format!(
                "                (text: {}, acts: [{}], next: goto({})),\n",
                text(&o.text, langs),
                o.acts,
                q(o.next)
            ));
        }
        out.push_str("            ],\n        ),\n");
    }
    out.push_str(&format!(
        "        // 结局 · Endings: won_over, neutral, lost, escalated.\n        \
         \"won\": end(outcome: won_over, text: {}),\n        \
         \"neutral\": end(outcome: neutral, text: {}),\n        \
         \"lost\": end(outcome: lost, text: {}),\n        \
         \"escalated\": end(outcome: escalated, text: {}),\n    \
         }},\n)\n",
        tx("【客户满意地挂了电话】", "[The customer hangs up satisfied]"),
        tx(
            "【问题解决了，但客户并不热情】",
            "[The problem is solved, but the customer is lukewarm]"
        ),
        tx("【客户不想再找我们了】", "[The customer will not come back]"),
        tx("【客户要投诉到上级】", "[The customer escalates the complaint]"),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::load::parse_str;

    #[test]
    fn every_archetype_and_language_choice_validates_without_warnings() {
        for a in [Archetype::Angry, Archetype::Mild, Archetype::KeyAccount] {
            for langs in [&Lang::ALL[..], &[Lang::Zh], &[Lang::En]] {
                let src = skeleton("my_case", a, langs);
                let sc = parse_str(&src, "new.ron").unwrap_or_else(|d| panic!("{a:?} {langs:?}: {d:#?}\n{src}"));
                assert_eq!(sc.customer.archetype, a);
                assert_eq!(sc.langs, langs.to_vec());
                assert!(sc.warnings.len() <= 1, "{:#?}", sc.warnings);
            }
        }
        let zh_only = skeleton("x", Archetype::Mild, &[Lang::Zh]);
        assert!(!zh_only.contains("en: "), "a Chinese-only file has no English fields");
    }
}
