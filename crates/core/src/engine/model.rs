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
    /// How the customer looks in the game's portrait; whatever is left out is derived
    /// ([`Customer::look`]).
    #[serde(default)]
    pub look: LookSpec,
}

/// Deserialises a present field as `Some`, so authors write `glasses: true`, not `Some(true)`.
fn some<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// The customer's look as the author wrote it: every part optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookSpec {
    #[serde(default, deserialize_with = "some", skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, deserialize_with = "some", skip_serializing_if = "Option::is_none")]
    pub age: Option<Age>,
    #[serde(default, deserialize_with = "some", skip_serializing_if = "Option::is_none")]
    pub hair: Option<Hair>,
    #[serde(default, deserialize_with = "some", skip_serializing_if = "Option::is_none")]
    pub hair_colour: Option<HairColour>,
    #[serde(default, deserialize_with = "some", skip_serializing_if = "Option::is_none")]
    pub clothes: Option<Clothes>,
    #[serde(default, deserialize_with = "some", skip_serializing_if = "Option::is_none")]
    pub colour: Option<ClothesColour>,
    #[serde(default, deserialize_with = "some", skip_serializing_if = "Option::is_none")]
    pub glasses: Option<bool>,
    #[serde(default, deserialize_with = "some", skip_serializing_if = "Option::is_none")]
    pub beard: Option<Beard>,
}

/// The customer's look with every part decided: what the portrait draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Look {
    pub gender: Gender,
    pub age: Age,
    pub hair: Hair,
    pub hair_colour: HairColour,
    pub clothes: Clothes,
    pub colour: ClothesColour,
    pub glasses: bool,
    pub beard: Beard,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Age {
    /// Twenties and thirties.
    Young,
    /// Forties and fifties.
    Middle,
    /// Sixty and over.
    Senior,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hair {
    /// Cropped close all round.
    Crew,
    /// Short with a side parting.
    Parted,
    /// Short and swept back.
    Swept,
    /// Bald on top, short at the sides.
    Bald,
    /// Chin-length.
    Bob,
    /// Past the shoulders.
    Long,
    /// Tied up in a bun.
    Bun,
    /// Tied back in a ponytail.
    Ponytail,
    /// Short and curly (a perm).
    Curly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HairColour {
    Black,
    Brown,
    Grey,
    White,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clothes {
    /// Jacket, shirt and (for men) a tie.
    Suit,
    /// A collared shirt.
    Shirt,
    /// A polo shirt.
    Polo,
    /// A round-necked jumper.
    Sweater,
    /// A zipped jacket.
    Jacket,
    /// A blouse with a rounded collar.
    Blouse,
    /// A work overall or shop coat.
    Workwear,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClothesColour {
    Navy,
    Charcoal,
    Blue,
    Green,
    Red,
    Brown,
    Beige,
    Purple,
    Teal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Beard {
    None,
    Moustache,
    Full,
}

impl Customer {
    /// The gender the name's title implies (先生/女士, Mr/Ms), if it implies one.
    pub fn titled_gender(&self) -> Option<Gender> {
        let (zh, en) = (&self.name.zh, self.name.en.trim());
        let word = en.split_whitespace().next().unwrap_or("").trim_end_matches('.');
        if ["Ms", "Mrs", "Miss", "Madam"].contains(&word)
            || ["女士", "小姐", "太太", "阿姨"].iter().any(|t| zh.contains(t))
        {
            Some(Gender::Female)
        } else if word == "Mr" || ["先生", "大爷", "叔"].iter().any(|t| zh.contains(t)) {
            Some(Gender::Male)
        } else {
            None
        }
    }

    /// The look the portrait draws: what the scenario declares, the rest derived from the name's
    /// title, the archetype and `id` (the scenario's id), so the same scenario always shows the
    /// same person and different scenarios usually show different people.
    pub fn look(&self, id: &str) -> Look {
        // FNV-1a over the id and the name: stable across runs and platforms.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in id.bytes().chain(self.name.zh.bytes()) {
            h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
        let mut pick = |n: usize| {
            let v = (h >> 33) as usize % n;
            h = h
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            v
        };
        let s = self.look;
        let gender =
            s.gender
                .or(self.titled_gender())
                .unwrap_or(if pick(2) == 0 { Gender::Female } else { Gender::Male });
        let age = s.age.unwrap_or(match self.archetype {
            // Key accounts are senior buyers and managers.
            Archetype::KeyAccount => [Age::Middle, Age::Middle, Age::Senior][pick(3)],
            _ => [Age::Young, Age::Middle, Age::Middle, Age::Senior][pick(4)],
        });
        let hair = s.hair.unwrap_or(match (gender, age) {
            (Gender::Male, Age::Senior) => [Hair::Bald, Hair::Swept, Hair::Parted][pick(3)],
            (Gender::Male, _) => [Hair::Crew, Hair::Parted, Hair::Swept, Hair::Curly][pick(4)],
            (Gender::Female, Age::Senior) => [Hair::Curly, Hair::Bun, Hair::Bob][pick(3)],
            (Gender::Female, _) => [Hair::Long, Hair::Bob, Hair::Ponytail, Hair::Bun][pick(4)],
        });
        let hair_colour = s.hair_colour.unwrap_or(match age {
            Age::Senior => [HairColour::Grey, HairColour::White][pick(2)],
            Age::Middle => [HairColour::Black, HairColour::Black, HairColour::Grey][pick(3)],
            Age::Young => [HairColour::Black, HairColour::Brown][pick(2)],
        });
        let clothes = s.clothes.unwrap_or(match (self.archetype, gender) {
            (Archetype::KeyAccount, _) => Clothes::Suit,
            (_, Gender::Male) => [Clothes::Shirt, Clothes::Polo, Clothes::Sweater, Clothes::Jacket][pick(4)],
            (_, Gender::Female) => [Clothes::Blouse, Clothes::Sweater, Clothes::Jacket, Clothes::Shirt][pick(4)],
        });
        use ClothesColour::*;
        let colour = s.colour.unwrap_or(match clothes {
            Clothes::Suit => [Navy, Charcoal, Brown][pick(3)],
            _ => [Blue, Green, Red, Brown, Beige, Purple, Teal][pick(7)],
        });
        let glasses = s.glasses.unwrap_or(pick(3) == 0);
        let beard = s.beard.unwrap_or(match gender {
            Gender::Male if age != Age::Young => [Beard::None, Beard::None, Beard::Moustache][pick(3)],
            _ => Beard::None,
        });
        Look {
            gender,
            age,
            hair,
            hair_colour,
            clothes,
            colour,
            glasses,
            beard,
        }
    }
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

/// Satisfaction from which a green customer is pleased rather than calm.
pub const PLEASED: f32 = 75.0;

/// How the customer feels, as the game's portrait and the room's devices show it: the colour's
/// feeling, with a pleased state beyond calm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Feeling {
    Pleased,
    Calm,
    Uneasy,
    Angry,
}

impl Feeling {
    pub fn of(satisfaction: f32, anger: f32) -> Feeling {
        match Colour::from_anger(anger) {
            Colour::Red => Feeling::Angry,
            Colour::Yellow => Feeling::Uneasy,
            Colour::Green if satisfaction >= PLEASED => Feeling::Pleased,
            Colour::Green => Feeling::Calm,
        }
    }
    pub fn label(self) -> Text {
        match self {
            Feeling::Pleased => Text::new("满意", "pleased"),
            Feeling::Calm => Text::new("平静", "calm"),
            Feeling::Uneasy => Text::new("不满", "uneasy"),
            Feeling::Angry => Text::new("愤怒", "angry"),
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
