//! The simulated customer. Every response changes five values (satisfaction, anger, trust,
//! patience, expectation); the archetype decides how strongly each act lands. All randomness comes
//! from a ChaCha8 generator seeded by the run's seed, so the same seed and the same choices give
//! the same run, bit for bit. The rules are described in `docs/scoring.md` ("The customer").

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::compile::{CAct, CCond, CNext, CNode, COption, Compiled};
use super::model::{Archetype, Colour, Effect, Outcome, Size};

/// Hard limit on decisions in one call, so a scenario with loops (which must have exits) still ends.
pub const MAX_TURNS: usize = 60;

/// Chance that a provocation flips a calm (not yet red) mild customer: base + per unit of volatility.
pub const FLIP_BASE: f64 = 0.5;
pub const FLIP_PER_VOLATILITY: f64 = 0.5;
/// Anger right after a flip is at least this (red starts at 65).
pub const FLIP_ANGER: f32 = 70.0;
/// Satisfaction gains land in full up to this value and shrink in proportion to the room left above
/// it (see [`with_headroom`]).
pub const HEADROOM_FROM: f32 = 70.0;

/// Diminishing returns near the top: a gain `d` at satisfaction `s` above [`HEADROOM_FROM`] is scaled
/// by the share of the room left, (100 − s) / (100 − HEADROOM_FROM). Satisfaction then approaches 100
/// without reaching it, so a better answer still counts more than a good one late in a call.
/// Losses land in full.
pub fn with_headroom(s: f32, d: f32) -> f32 {
    if d <= 0.0 || s <= HEADROOM_FROM {
        return d;
    }
    d * ((100.0 - s).max(0.0) / (100.0 - HEADROOM_FROM))
}

/// The customer's state. All values 0–100.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Mood {
    pub satisfaction: f32,
    pub anger: f32,
    pub trust: f32,
    pub patience: f32,
    pub expectation: f32,
}

impl Mood {
    pub fn colour(&self) -> Colour {
        Colour::from_anger(self.anger)
    }

    fn add(&mut self, e: &Effect) {
        self.satisfaction += e.satisfaction;
        self.anger += e.anger;
        self.trust += e.trust;
        self.patience += e.patience;
        self.expectation += e.expectation;
    }

    fn clamp(&mut self) {
        for v in [
            &mut self.satisfaction,
            &mut self.anger,
            &mut self.trust,
            &mut self.patience,
            &mut self.expectation,
        ] {
            *v = v.clamp(0.0, 100.0);
        }
    }
}

/// Notable things that happened in a turn, for the debrief and the portrait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Events {
    /// A calm customer turned red this turn.
    pub flipped: bool,
    /// The customer ran out of patience and left.
    pub walked_out: bool,
    /// Bad news came late and the customer resented it.
    pub late_news: bool,
}

/// One decision of a run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Turn {
    pub node: usize,
    pub option: usize,
    pub before: Mood,
    pub after: Mood,
    pub events: Events,
}

/// Why a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// An end node was reached.
    Ending,
    /// Patience ran out and the scenario's walkout ending was used.
    Walkout,
    /// [`MAX_TURNS`] decisions were made without reaching an ending.
    TurnLimit,
}

/// A finished (or partial) run: everything scoring needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Run {
    pub seed: u64,
    pub start: Mood,
    pub turns: Vec<Turn>,
    /// The end node reached, if any.
    pub ending: Option<usize>,
    pub end_reason: Option<EndReason>,
    /// The customer's state after the ending (promises meet reality here).
    pub final_mood: Mood,
}

impl Run {
    pub fn choices(&self) -> Vec<usize> {
        self.turns.iter().map(|t| t.option + 1).collect()
    }

    /// The choices numbered as the options are written in the file (`play --file-order`).
    pub fn file_choices(&self, sc: &Compiled) -> Vec<usize> {
        self.turns
            .iter()
            .map(|t| sc.written_number(t.node, t.option).expect("a played option exists"))
            .collect()
    }

    pub fn outcome(&self, sc: &Compiled) -> Option<Outcome> {
        match sc.nodes.get(self.ending?)? {
            CNode::End { outcome, .. } => Some(*outcome),
            CNode::Turn { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimError {
    Finished,
    NoSuchOption {
        turn: usize,
        chosen: usize,
        available: usize,
    },
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::Finished => write!(f, "the call has already ended"),
            SimError::NoSuchOption {
                turn,
                chosen,
                available,
            } => {
                write!(f, "turn {turn}: option {chosen} does not exist (choose 1–{available})")
            }
        }
    }
}

impl std::error::Error for SimError {}

/// What the archetype-specific rules remember across turns.
#[derive(Clone, Copy, Debug, Default)]
struct Memory {
    empathized: bool,
    apologized: bool,
    max_promise: u8,
    disclosed: u64,
    /// Every act performed so far, one bit per [`act_bit`], so `done(act)` is a lookup however long
    /// the call and however many rules ask.
    done: [u64; 4],
}

/// The bit of an act in [`Memory::done`]: the plain acts first, then the parameterised ones (item
/// indices are below 64, checked by `compile`).
fn act_bit(a: &CAct) -> usize {
    match *a {
        CAct::Greet => 0,
        CAct::Listen => 1,
        CAct::Empathize => 2,
        CAct::Apologize => 3,
        CAct::OwnCause => 4,
        CAct::Improve => 5,
        CAct::Solution => 6,
        CAct::Execute => 7,
        CAct::FollowUp => 8,
        CAct::Reflect => 9,
        CAct::Argue => 10,
        CAct::BlameCustomer => 11,
        CAct::Excuse => 12,
        CAct::AnnounceWait => 13,
        CAct::Hold => 14,
        CAct::Surprise => 15,
        CAct::Verify => 16,
        CAct::Thank => 17,
        CAct::Sell => 18,
        CAct::ColdTone => 19,
        CAct::Transfer => 20,
        CAct::AskRepeat => 21,
        CAct::GoodNews(s) => 22 + s as usize,
        CAct::OfferChoice(d) => 25 + d as usize,
        CAct::Promise(l) => 30 + (l as usize).min(3),
        CAct::PushWork => 34,
        // 35–63 are free for acts added later.
        CAct::Disclose(i) => 64 + (i as usize & 63),
        CAct::Inform(i) => 128 + (i as usize & 63),
        CAct::Ritual(i) => 192 + (i as usize & 63),
    }
}

impl Memory {
    fn did(&mut self, acts: &[CAct]) {
        for a in acts {
            let b = act_bit(a);
            self.done[b / 64] |= 1 << (b % 64);
        }
    }
    fn has_done(&self, a: &CAct) -> bool {
        let b = act_bit(a);
        self.done[b / 64] & (1 << (b % 64)) != 0
    }
}

/// A call in progress.
#[derive(Clone, Debug)]
pub struct Sim<'a> {
    pub sc: &'a Compiled,
    rng: ChaCha8Rng,
    node: usize,
    mood: Mood,
    memory: Memory,
    run: Run,
    /// Where the last option led (before a walkout overrode it), for coverage analysis.
    last_target: usize,
}

impl<'a> Sim<'a> {
    pub fn new(sc: &'a Compiled, seed: u64) -> Self {
        let s = sc.customer.start;
        let mood = Mood {
            satisfaction: s.satisfaction,
            anger: s.anger,
            trust: s.trust,
            patience: s.patience,
            expectation: s.expectation,
        };
        let mut sim = Sim {
            sc,
            rng: ChaCha8Rng::seed_from_u64(seed),
            node: sc.start,
            mood,
            memory: Memory::default(),
            run: Run {
                seed,
                start: mood,
                turns: Vec::new(),
                ending: None,
                end_reason: None,
                final_mood: mood,
            },
            last_target: sc.start,
        };
        if matches!(sc.nodes[sc.start], CNode::End { .. }) {
            sim.finish(sc.start, EndReason::Ending);
        }
        sim
    }

    /// A call that starts at `node` with the customer in `mood` (clamped to 0–100): the lab's "play
    /// from here". Nothing has been said in this call yet, so the customer remembers no act (a rule
    /// such as `done(apologize)` is false until an option here performs it) and the run's turns
    /// are counted from this node. `None` if there is no such node.
    pub fn from_state(sc: &'a Compiled, seed: u64, node: usize, mood: Mood) -> Option<Self> {
        if node >= sc.nodes.len() {
            return None;
        }
        let mut mood = mood;
        mood.clamp();
        let mut sim = Sim::new(sc, seed);
        if sim.finished() {
            // Only when the start node is itself an ending; begin again from `node`.
            sim.run.ending = None;
            sim.run.end_reason = None;
        }
        sim.node = node;
        sim.last_target = node;
        sim.mood = mood;
        sim.run.start = mood;
        sim.run.final_mood = mood;
        if matches!(sc.nodes[node], CNode::End { .. }) {
            sim.finish(node, EndReason::Ending);
        }
        Some(sim)
    }

    pub fn mood(&self) -> Mood {
        self.mood
    }
    pub fn node(&self) -> usize {
        self.node
    }
    pub fn run(&self) -> &Run {
        &self.run
    }
    pub fn into_run(self) -> Run {
        self.run
    }
    pub fn finished(&self) -> bool {
        self.run.end_reason.is_some()
    }
    /// The node the last choice's `next` picked (a walkout may then have ended the call elsewhere).
    pub fn last_target(&self) -> usize {
        self.last_target
    }
    /// Number of decisions made so far.
    pub fn turn(&self) -> usize {
        self.run.turns.len()
    }

    /// The options open now (empty once the call has ended).
    pub fn options(&self) -> &'a [COption] {
        if self.finished() {
            return &[];
        }
        match &self.sc.nodes[self.node] {
            CNode::Turn { options, .. } => options,
            CNode::End { .. } => &[],
        }
    }

    /// Chooses option `index` (0-based) of the current node.
    pub fn choose(&mut self, index: usize) -> Result<&Turn, SimError> {
        if self.finished() {
            return Err(SimError::Finished);
        }
        let options = self.options();
        let Some(opt) = options.get(index) else {
            return Err(SimError::NoSuchOption {
                turn: self.turn() + 1,
                chosen: index + 1,
                available: options.len(),
            });
        };
        let before = self.mood;
        let events = self.react(opt);
        let turn = Turn {
            node: self.node,
            option: index,
            before,
            after: self.mood,
            events,
        };
        self.run.turns.push(turn);
        self.memory.did(&opt.acts);

        let next = self.next_node(&opt.next);
        self.last_target = next;
        if self.mood.patience <= 0.0
            && let Some(w) = self.sc.walkout
        {
            self.run.turns.last_mut().expect("just pushed").events.walked_out = true;
            self.finish(w, EndReason::Walkout);
        } else if matches!(self.sc.nodes[next], CNode::End { .. }) {
            self.finish(next, EndReason::Ending);
        } else if self.run.turns.len() >= MAX_TURNS {
            self.node = next;
            self.run.end_reason = Some(EndReason::TurnLimit);
            self.run.final_mood = self.mood;
        } else {
            self.node = next;
        }
        Ok(self.run.turns.last().expect("just pushed"))
    }

    fn finish(&mut self, end: usize, reason: EndReason) {
        self.node = end;
        if let CNode::End { effect, .. } = &self.sc.nodes[end] {
            let mut e = *effect;
            e.satisfaction = with_headroom(self.mood.satisfaction, e.satisfaction);
            self.mood.add(&e);
        }
        // Satisfaction = experience − expectation: what the company can really deliver now meets
        // what the customer has come to expect (raised by promises, lowered by honest disclosure).
        let delivered = 50.0 + 15.0 * self.sc.facts.capacity as f32;
        let gap = self.mood.expectation - delivered;
        if gap > 0.0 {
            self.mood.satisfaction -= 0.8 * gap;
            self.mood.trust -= 0.5 * gap;
        }
        self.mood.clamp();
        self.run.ending = Some(end);
        self.run.end_reason = Some(reason);
        self.run.final_mood = self.mood;
    }

    fn next_node(&mut self, next: &CNext) -> usize {
        match next {
            CNext::Goto(t) => *t,
            CNext::Branch(rules, otherwise) => rules
                .iter()
                .find(|(c, _)| self.holds(c))
                .map_or(*otherwise, |(_, t)| *t),
            CNext::Random(ws) => {
                // Summed in u64: u32 weights cannot overflow it. A sum that fits in u32 is drawn
                // as a u32, exactly as before, so recorded runs replay unchanged.
                let total: u64 = ws.iter().map(|(w, _)| *w as u64).sum();
                let mut pick = match u32::try_from(total) {
                    Ok(t) => self.rng.random_range(0..t) as u64,
                    Err(_) => self.rng.random_range(0..total),
                };
                for (w, t) in ws {
                    if pick < *w as u64 {
                        return *t;
                    }
                    pick -= *w as u64;
                }
                unreachable!("compile rejects weights that sum to zero, and the pick is below the sum")
            }
        }
    }

    fn holds(&self, c: &CCond) -> bool {
        let m = &self.mood;
        match c {
            CCond::AngerAbove(v) => m.anger > *v,
            CCond::AngerBelow(v) => m.anger < *v,
            CCond::SatisfactionAbove(v) => m.satisfaction > *v,
            CCond::SatisfactionBelow(v) => m.satisfaction < *v,
            CCond::TrustAbove(v) => m.trust > *v,
            CCond::TrustBelow(v) => m.trust < *v,
            CCond::PatienceBelow(v) => m.patience < *v,
            CCond::Colour(c) => m.colour() == *c,
            CCond::Done(a) => self.memory.has_done(a),
            CCond::All(cs) => cs.iter().all(|c| self.holds(c)),
            CCond::Any(cs) => cs.iter().any(|c| self.holds(c)),
            CCond::Not(c) => !self.holds(c),
        }
    }

    /// Applies one response to the customer and returns what notably happened.
    fn react(&mut self, opt: &COption) -> Events {
        let arch = self.sc.customer.archetype;
        let temper = self.sc.customer.temperament;
        let turn_no = self.run.turns.len() + 1;
        let was = self.mood.colour();
        let mut ev = Events::default();
        let announced = opt.acts.contains(&CAct::AnnounceWait);
        let mem = &mut self.memory;
        if opt.acts.contains(&CAct::Empathize) {
            mem.empathized = true;
        }
        if opt.acts.contains(&CAct::Apologize) {
            mem.apologized = true;
        }
        // An angry customer only takes in remedies once feelings were acknowledged and an apology made.
        let heard = mem.empathized && mem.apologized;

        let mut d = Effect::default();
        let mut provocations = 0u32;
        for act in &opt.acts {
            match *act {
                CAct::Greet => d.satisfaction += 2.0,
                CAct::Listen => {
                    d.anger -= 4.0;
                    d.trust += 2.0;
                }
                CAct::Empathize => {
                    d.anger -= 6.0;
                    d.satisfaction += 2.0;
                }
                CAct::Apologize => {
                    d.anger -= 6.0;
                    d.trust += 2.0;
                }
                CAct::OwnCause => {
                    d.trust += 5.0;
                    d.anger -= 3.0;
                }
                CAct::Improve => d.trust += 3.0,
                CAct::Solution => d.satisfaction += 8.0,
                CAct::Execute => {
                    d.satisfaction += 4.0;
                    d.trust += 3.0;
                }
                CAct::FollowUp => {
                    d.trust += 4.0;
                    d.satisfaction += 2.0;
                }
                CAct::Reflect => d.trust += 2.0,
                CAct::Argue => {
                    d.anger += 18.0;
                    d.trust -= 12.0;
                    d.satisfaction -= 8.0;
                    provocations += 1;
                }
                CAct::BlameCustomer => {
                    d.anger += 22.0;
                    d.trust -= 15.0;
                    d.satisfaction -= 10.0;
                    provocations += 1;
                }
                CAct::Excuse => {
                    d.anger += 8.0;
                    d.trust -= 6.0;
                }
                CAct::Disclose(i) => {
                    d.trust += 5.0;
                    d.satisfaction -= 4.0;
                    d.expectation -= 10.0;
                    if mem.disclosed & (1 << i) == 0 && turn_no >= 4 {
                        // "Why am I only hearing this now?"
                        let resent = (3.0 * (turn_no as f32 - 3.0)).min(12.0);
                        d.anger += resent;
                        d.trust -= resent / 2.0;
                        ev.late_news = true;
                    }
                    mem.disclosed |= 1 << i;
                }
                CAct::Inform(_) => {
                    d.trust += 3.0;
                    d.satisfaction += 1.0;
                }
                CAct::GoodNews(size) => {
                    d.satisfaction += match size {
                        Size::Small => 4.0,
                        Size::Medium => 7.0,
                        Size::Large => 10.0,
                    }
                }
                CAct::OfferChoice(_) => {
                    d.satisfaction += 4.0;
                    d.anger -= 3.0;
                    d.trust += 2.0;
                }
                CAct::AnnounceWait => d.anger -= 2.0,
                CAct::Hold => {
                    d.patience -= if announced { 8.0 } else { 15.0 };
                    if !announced {
                        d.anger += 8.0;
                        provocations += 1;
                    }
                }
                CAct::Promise(level) => {
                    d.satisfaction += 3.0 * level as f32;
                    d.expectation += (50.0 + 15.0 * level as f32 - self.mood.expectation).max(0.0);
                    mem.max_promise = mem.max_promise.max(level);
                }
                CAct::Ritual(_) => {
                    d.satisfaction += 3.0;
                    d.trust += 2.0;
                }
                CAct::Surprise => {
                    d.satisfaction += 6.0 + if self.mood.expectation <= 60.0 { 6.0 } else { 0.0 };
                }
                CAct::Verify => d.trust += 2.0,
                CAct::Thank => d.satisfaction += 2.0,
                CAct::Sell => {
                    d.satisfaction -= 5.0;
                    d.trust -= 4.0;
                }
                CAct::ColdTone => {
                    d.anger += 10.0;
                    provocations += 1;
                }
                CAct::Transfer => {
                    d.patience -= 15.0;
                    d.anger += 6.0;
                    if arch == Archetype::KeyAccount {
                        d.trust -= 10.0;
                    }
                    provocations += 1;
                }
                CAct::AskRepeat => {
                    d.patience -= 10.0;
                    d.anger += 5.0;
                    provocations += 1;
                }
                CAct::PushWork => {
                    d.patience -= 6.0;
                    d.trust -= 4.0;
                    d.satisfaction -= 3.0;
                }
            }
        }

        match arch {
            Archetype::Angry => {
                if d.anger < 0.0 {
                    d.anger *= 1.5;
                } else {
                    d.anger *= 1.3;
                }
                if !heard && d.satisfaction > 0.0 {
                    // Remedies offered to someone still unheard feel like being brushed off.
                    d.satisfaction *= 0.4;
                    d.anger += 3.0;
                }
            }
            Archetype::Mild => {
                if d.anger < 0.0 {
                    d.anger *= 0.7;
                }
            }
            Archetype::KeyAccount => {
                d.trust *= 1.5;
                if d.satisfaction > 0.0 {
                    d.satisfaction *= 0.5 + self.mood.trust / 100.0;
                }
            }
        }

        d.satisfaction += opt.effect.satisfaction;
        d.anger += opt.effect.anger;
        d.trust += opt.effect.trust;
        d.patience += opt.effect.patience - temper.patience_drain;
        d.expectation += opt.effect.expectation;

        // Seeded variation: the same words do not land the same way with every customer.
        let v = temper.volatility;
        d.satisfaction += v * 4.0 * self.unit_noise();
        d.anger += v * 4.0 * self.unit_noise();

        // A calm customer provoked may flip to red at once (the course's "mild customers turn"):
        // anger jumps by 35 and to at least FLIP_ANGER, well inside red.
        let mut flip = false;
        if arch == Archetype::Mild && provocations > 0 && was != Colour::Red {
            let p = (FLIP_BASE + FLIP_PER_VOLATILITY * v as f64).min(0.95);
            if self.rng.random_bool(p) {
                flip = true;
                d.anger += 35.0;
                d.satisfaction -= 15.0;
            }
        }

        d.satisfaction = with_headroom(self.mood.satisfaction, d.satisfaction);
        self.mood.add(&d);
        if flip {
            self.mood.anger = self.mood.anger.max(FLIP_ANGER);
        }
        // Anger eats into satisfaction.
        if self.mood.anger > 50.0 {
            self.mood.satisfaction -= (self.mood.anger - 50.0) * 0.1;
        }
        self.mood.clamp();
        if was != Colour::Red && self.mood.colour() == Colour::Red {
            ev.flipped = true;
        }
        ev
    }

    /// A value in [-1, 1] from the run's generator (integer draw, so identical on every platform).
    fn unit_noise(&mut self) -> f32 {
        self.rng.random_range(-100i32..=100) as f32 / 100.0
    }

    /// A copy of the state, to come back to when exploring alternatives (see `analyze`).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            rng: self.rng.clone(),
            node: self.node,
            mood: self.mood,
            memory: self.memory,
            turns: self.run.turns.len(),
            ending: self.run.ending,
            end_reason: self.run.end_reason,
            final_mood: self.run.final_mood,
        }
    }

    pub fn restore(&mut self, s: &Snapshot) {
        self.rng = s.rng.clone();
        self.node = s.node;
        self.mood = s.mood;
        self.memory = s.memory;
        self.run.turns.truncate(s.turns);
        self.run.ending = s.ending;
        self.run.end_reason = s.end_reason;
        self.run.final_mood = s.final_mood;
    }
}

#[derive(Clone, Debug)]
pub struct Snapshot {
    rng: ChaCha8Rng,
    node: usize,
    mood: Mood,
    memory: Memory,
    turns: usize,
    ending: Option<usize>,
    end_reason: Option<EndReason>,
    final_mood: Mood,
}

/// Plays a whole run from 0-based choices. Errors if a choice does not exist or the choices run out
/// (or go on) past the end of the call.
pub fn play(sc: &Compiled, seed: u64, choices: &[usize]) -> Result<Run, PlayError> {
    let mut sim = Sim::new(sc, seed);
    for (i, &c) in choices.iter().enumerate() {
        if sim.finished() {
            return Err(PlayError::TooMany {
                used: i,
                given: choices.len(),
            });
        }
        sim.choose(c).map_err(PlayError::Sim)?;
    }
    if !sim.finished() {
        return Err(PlayError::TooFew {
            given: choices.len(),
            node: sc.names[sim.node()].clone(),
            options: sim.options().len(),
        });
    }
    Ok(sim.into_run())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlayError {
    Sim(SimError),
    TooMany { used: usize, given: usize },
    TooFew { given: usize, node: String, options: usize },
}

impl std::fmt::Display for PlayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlayError::Sim(e) => e.fmt(f),
            PlayError::TooMany { used, given } => {
                write!(f, "the call ended after {used} choices but {given} were given")
            }
            PlayError::TooFew { given, node, options } => write!(
                f,
                "the choices ran out after {given}: the call is still going at node \"{node}\" ({options} options)"
            ),
        }
    }
}

impl std::error::Error for PlayError {}

#[cfg(test)]
mod tests;
