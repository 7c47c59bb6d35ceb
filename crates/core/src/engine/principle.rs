//! The vocabulary of the course: the principles the engine scores, their ids, names and one-line
//! explanations in both languages. Adding a principle starts here (see ARCHITECTURE.md, "Recipes").

use serde::{Deserialize, Serialize};

use super::text::Text;

/// How many principles there are; arrays indexed by [`Principle::index`] have this length.
pub const PRINCIPLE_COUNT: usize = 11;

/// The principles of the course the engine scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Principle {
    PeakEnd,
    FinishStrong,
    EarlyDisclosure,
    PainPleasure,
    Control,
    Ritual,
    Expectations,
    ComplaintSteps,
    DutyToInform,
    Effort,
    DeEscalation,
}

pub const PRINCIPLES: [Principle; PRINCIPLE_COUNT] = [
    Principle::PeakEnd,
    Principle::FinishStrong,
    Principle::EarlyDisclosure,
    Principle::PainPleasure,
    Principle::Control,
    Principle::Ritual,
    Principle::Expectations,
    Principle::ComplaintSteps,
    Principle::DutyToInform,
    Principle::Effort,
    Principle::DeEscalation,
];

impl Principle {
    pub fn id(self) -> &'static str {
        match self {
            Principle::PeakEnd => "peak_end",
            Principle::FinishStrong => "finish_strong",
            Principle::EarlyDisclosure => "early_disclosure",
            Principle::PainPleasure => "pain_pleasure",
            Principle::Control => "control",
            Principle::Ritual => "ritual",
            Principle::Expectations => "expectations",
            Principle::ComplaintSteps => "complaint_steps",
            Principle::DutyToInform => "duty_to_inform",
            Principle::Effort => "effort",
            Principle::DeEscalation => "de_escalation",
        }
    }

    pub fn from_id(id: &str) -> Option<Principle> {
        PRINCIPLES.into_iter().find(|p| p.id() == id)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Principle::PeakEnd => ("峰终体验", "Peak-end"),
            Principle::FinishStrong => ("精彩收尾", "Finish strong"),
            Principle::EarlyDisclosure => ("坏消息早说", "Bad news early"),
            Principle::PainPleasure => ("集中痛苦、分阶愉悦", "Combine pain, segment pleasure"),
            Principle::Control => ("让客户掌控", "Customer control"),
            Principle::Ritual => ("仪式感", "Ritual"),
            Principle::Expectations => ("管理期望", "Expectations"),
            Principle::ComplaintSteps => ("投诉处理八步", "Complaint steps"),
            Principle::DutyToInform => ("告知义务", "Duty to inform"),
            Principle::Effort => ("客户省力", "Low customer effort"),
            Principle::DeEscalation => ("情绪降温", "De-escalation"),
        };
        Text::new(zh, en)
    }

    /// One sentence saying what the principle measures.
    pub fn explanation(self) -> Text {
        let (zh, en) = match self {
            Principle::PeakEnd => (
                "客户记住的是最强烈的一刻和最后一刻：两者的平均就是他带走的印象。",
                "Customers remember the most intense moment and the last one; their average is what they take away.",
            ),
            Principle::FinishStrong => (
                "体验要越往后越好，结尾要有亮点，不能开头精彩、一路走低。",
                "The experience should improve towards the end and close on a high, not start well and fade.",
            ),
            Principle::EarlyDisclosure => (
                "不可避免的坏消息（等待、缺货、限制条件）要一开始就说，不要留到最后。",
                "Unavoidable bad news (waits, stock-outs, conditions) belongs at the start, not the end.",
            ),
            Principle::PainPleasure => (
                "坏消息一次说完，好消息分几次给。",
                "Give bad news in one piece; give good news in several.",
            ),
            Principle::Control => (
                "在时间、质量、数量、地点、价格上给客户选择；等待之前先说要等多久。",
                "Offer choices on time, quality, quantity, place or price; say how long a wait will be before it starts.",
            ),
            Principle::Ritual => (
                "为服务设计仪式：小小的仪式也能让客户投入、记住。",
                "Design rituals into the service: even small ones involve the customer and stay in memory.",
            ),
            Principle::Expectations => (
                "满意 = 体验 − 期望：不要过度承诺，留出惊喜的空间。",
                "Satisfaction = experience − expectation: never over-promise; leave room for a surprise.",
            ),
            Principle::ComplaintSteps => (
                "倾听、同情、找自身原因、道歉、表达改进、提出方案、执行、反省——按顺序，绝不争辩。",
                "Listen, sympathise, own the cause, apologise, commit to improve, propose, carry out, reflect — in order, never argue.",
            ),
            Principle::DutyToInform => (
                "主动、及时、完整、真实地告知客户应知的信息，并确认对方已经明白。",
                "Tell the customer everything they need, early and unprompted, and check they understood.",
            ),
            Principle::Effort => (
                "不要让客户重复、被转接、白等或再打一次电话。",
                "Do not make the customer repeat themselves, be transferred, wait blind or call again.",
            ),
            Principle::DeEscalation => (
                "把客户的情绪从红色带回绿色；不要让温和的客户突然变红。",
                "Bring the customer from red back to green; never let a calm customer flip to red.",
            ),
        };
        Text::new(zh, en)
    }
}
