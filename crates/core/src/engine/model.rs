//! The scenario file format as written by authors (`scenarios/*.ron`), documented in
//! `docs/scenario-format.md`. These types mirror the file one to one; `compile.rs` turns them into
//! the indexed form the simulation runs on.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::text::Text;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable identifier: lowercase letters, digits and `_`. Used on the command line and in saves.
    pub id: String,
    pub title: Text,
    /// What the trainee is told before the call starts.
    pub briefing: Text,
    /// What the scenario teaches (shown in the catalogue and the debrief).
    pub goal: Text,
    /// 1 (introductory) to 3 (hard).
    #[serde(default = "default_difficulty")]
    pub difficulty: u8,
    /// Expected minutes for one playthrough including reading.
    #[serde(default = "default_minutes")]
    pub minutes: u8,
    /// Free tags for the catalogue (e.g. "complaint", "after_sales", "win_back").
    #[serde(default)]
    pub tags: Vec<String>,
    pub customer: Customer,
    #[serde(default)]
    pub facts: Facts,
    /// The node the call starts at.
    pub start: String,
    /// The ending reached when the customer's patience runs out, if the scenario has one.
    #[serde(default)]
    pub walkout: Option<String>,
    /// Show each turn's options in a fixed shuffled order (default) rather than the file's order,
    /// so the order they are written in does not give the answer away.
    #[serde(default = "yes")]
    pub shuffle_options: bool,
    pub nodes: BTreeMap<String, Node>,
}

fn yes() -> bool {
    true
}

fn default_difficulty() -> u8 {
    2
}
fn default_minutes() -> u8 {
    6
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Archetype {
    /// Arrives angry (red); only softens after empathy and an apology.
    Angry,
    /// Arrives calm (green) but can flip to red after a cold tone or an unannounced wait.
    Mild,
    /// A key account: weighs trust and the partnership more than any single gesture.
    KeyAccount,
}

impl Archetype {
    pub const ALL: [Archetype; 3] = [Archetype::Angry, Archetype::Mild, Archetype::KeyAccount];

    pub fn id(self) -> &'static str {
        match self {
            Archetype::Angry => "angry",
            Archetype::Mild => "mild",
            Archetype::KeyAccount => "key_account",
        }
    }

    pub fn label(self) -> Text {
        match self {
            Archetype::Angry => Text::new("愤怒型客户", "angry customer"),
            Archetype::Mild => Text::new("温和型客户（可能突变）", "mild customer (can flip)"),
            Archetype::KeyAccount => Text::new("大客户", "key account"),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: Text,
    pub archetype: Archetype,
    /// The customer's state when the call starts.
    pub start: MoodSpec,
    #[serde(default)]
    pub temperament: Temperament,
}

/// Customer state, each value 0–100.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoodSpec {
    pub satisfaction: f32,
    pub anger: f32,
    #[serde(default = "fifty")]
    pub trust: f32,
    #[serde(default = "hundred")]
    pub patience: f32,
    #[serde(default = "fifty")]
    pub expectation: f32,
}

fn fifty() -> f32 {
    50.0
}
fn hundred() -> f32 {
    100.0
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Temperament {
    /// 0–1: how much the customer's reactions vary from seed to seed, and how likely a mild
    /// customer is to flip when provoked.
    #[serde(default = "default_volatility")]
    pub volatility: f32,
    /// Patience lost every turn, before any wait or transfer.
    #[serde(default = "default_drain")]
    pub patience_drain: f32,
}

fn default_volatility() -> f32 {
    0.3
}
fn default_drain() -> f32 {
    4.0
}

impl Default for Temperament {
    fn default() -> Self {
        Temperament {
            volatility: default_volatility(),
            patience_drain: default_drain(),
        }
    }
}

/// What the trainee has to handle in this call.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// Bad experiences the customer must be told about (waits, stock-outs, conditions).
    #[serde(default)]
    pub bad_news: Vec<Item>,
    /// Information the customer is owed (dates, procedures, terms).
    #[serde(default)]
    pub info: Vec<Item>,
    /// Ritual steps this scenario offers (a named greeting, a hand-over ceremony, …).
    #[serde(default)]
    pub rituals: Vec<Item>,
    /// The highest promise level (0–3) the company can actually keep.
    #[serde(default = "default_capacity")]
    pub capacity: u8,
}

fn default_capacity() -> u8 {
    2
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub label: Text,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Node {
    /// The customer speaks and the trainee chooses a response. `found_out` names bad-news items
    /// the customer has found out by himself by now (he reads it in a document, hears it from
    /// someone else): bad news not told before this node was not disclosed, whatever comes after.
    Turn {
        customer: Text,
        options: Vec<Choice>,
        #[serde(default)]
        found_out: Vec<String>,
    },
    /// The call is over.
    End {
        outcome: Outcome,
        text: Text,
        #[serde(default)]
        effect: Effect,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    WonOver,
    Neutral,
    Lost,
    Escalated,
}

impl Outcome {
    pub fn id(self) -> &'static str {
        match self {
            Outcome::WonOver => "won_over",
            Outcome::Neutral => "neutral",
            Outcome::Lost => "lost",
            Outcome::Escalated => "escalated",
        }
    }
    pub fn label(self) -> Text {
        match self {
            Outcome::WonOver => Text::new("赢得客户", "won over"),
            Outcome::Neutral => Text::new("平淡收场", "neutral"),
            Outcome::Lost => Text::new("客户流失", "lost"),
            Outcome::Escalated => Text::new("投诉升级", "escalated"),
        }
    }
}

/// One response the trainee can choose.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: Text,
    /// What the response does, in the vocabulary scoring understands.
    pub acts: Vec<Act>,
    /// Scenario-specific change to the customer on top of what the acts do.
    #[serde(default)]
    pub effect: Effect,
    pub next: Next,
    /// A one-line teaching note for the debrief and coach mode.
    #[serde(default)]
    pub note: Option<Text>,
}

/// Changes to the customer's state (added, then clamped to 0–100).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    #[serde(default)]
    pub satisfaction: f32,
    #[serde(default)]
    pub anger: f32,
    #[serde(default)]
    pub trust: f32,
    #[serde(default)]
    pub patience: f32,
    #[serde(default)]
    pub expectation: f32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Next {
    /// Always go to this node.
    Goto(String),
    /// The first rule whose condition holds decides; otherwise `otherwise`.
    Branch { rules: Vec<Rule>, otherwise: String },
    /// Pick one target at random (from the run's seed), in proportion to the weights.
    Random(Vec<Weighted>),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub when: Cond,
    pub goto: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weighted {
    pub weight: u32,
    pub goto: String,
}

/// A condition on the customer's state after the response, or on what the trainee has done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cond {
    AngerAbove(f32),
    AngerBelow(f32),
    SatisfactionAbove(f32),
    SatisfactionBelow(f32),
    TrustAbove(f32),
    TrustBelow(f32),
    PatienceBelow(f32),
    Colour(Colour),
    /// The act has been performed in this or any earlier turn.
    Done(Act),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// Emotional colour of the customer, from the course's green/red distinction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    Green,
    Yellow,
    Red,
}

impl Colour {
    pub fn from_anger(anger: f32) -> Colour {
        if anger >= 65.0 {
            Colour::Red
        } else if anger >= 35.0 {
            Colour::Yellow
        } else {
            Colour::Green
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Yellow => "yellow",
            Colour::Red => "red",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Size {
    Small,
    Medium,
    Large,
}

/// The five things a customer can be given control over (时、质、量、地、价).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Time,
    Quality,
    Quantity,
    Place,
    Price,
}

/// The fixed vocabulary of what a response does. Scoring reads only these, never option numbers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    /// A warm, personal opening.
    Greet,
    /// Let the customer talk; reflect back what was heard.
    Listen,
    /// Show understanding of how the customer feels.
    Empathize,
    /// A sincere apology.
    Apologize,
    /// Look for the company's own part in the problem.
    OwnCause,
    /// Say what will change so it does not happen again.
    Improve,
    /// Propose a concrete, feasible remedy.
    Solution,
    /// Carry the remedy out / confirm it has been done.
    Execute,
    /// Check back later that the problem stayed solved.
    FollowUp,
    /// Review internally what went wrong (told to the customer or noted).
    Reflect,
    /// Contradict the customer / prove them wrong.
    Argue,
    /// Put the fault on the customer.
    BlameCustomer,
    /// Excuses and buck-passing.
    Excuse,
    /// Tell the customer a declared piece of bad news.
    Disclose(String),
    /// Give the customer a declared piece of information.
    Inform(String),
    /// Deliver good news of a given size.
    GoodNews(Size),
    /// Let the customer choose on one dimension.
    OfferChoice(Dimension),
    /// Say how long a wait will take before it starts.
    AnnounceWait,
    /// Put the customer on hold / make them wait.
    Hold,
    /// Commit to an outcome at level 1 (modest) to 3 (bold).
    Promise(u8),
    /// Perform a declared ritual step.
    Ritual(String),
    /// Give something the customer did not expect.
    Surprise,
    /// Check the customer understood (验证).
    Verify,
    /// Thank the customer.
    Thank,
    /// Push a sale.
    Sell,
    /// A curt, bureaucratic tone.
    ColdTone,
    /// Hand the customer to someone else.
    Transfer,
    /// Make the customer repeat what they already said.
    AskRepeat,
    /// Push work onto the customer: "go to the branch", "you could change it yourself", "call
    /// this other number" — even when it sounds helpful.
    PushWork,
}
