//! Scoring from principles. Nothing here looks at option numbers or per-option points: every
//! principle is computed from the run's trajectory (the customer's state turn by turn) and the acts
//! performed. The model, its weights and its research basis are described in `docs/scoring.md`.

use serde::{Deserialize, Serialize};

use super::compile::{CAct, CNode, Compiled};
use super::model::{Archetype, Outcome};
use super::sim::{MAX_TURNS, Run};

pub use super::feedback::Note;
pub use super::principle::{PRINCIPLE_COUNT, PRINCIPLES, Principle};

/// The most intense moment of a call, as peak-end scores it: the satisfaction farthest from neutral
/// (50) among the values after each turn (`after_turns`) and at the end. The end wins a tie with a
/// turn; between turns the earlier one wins. Returns (1-based moment, value), where moment
/// `turns + 1` is the end. The debrief marks the same moment on its curve.
pub fn peak_moment(after_turns: impl Iterator<Item = f32>, end: f32) -> (usize, f32) {
    let (mut peak_turn, mut peak, mut turns) = (None, end, 0);
    for (i, v) in after_turns.enumerate() {
        turns = i + 1;
        if (v - 50.0).abs() > (peak - 50.0).abs() {
            peak = v;
            peak_turn = Some(i + 1);
        }
    }
    (peak_turn.unwrap_or(turns + 1), peak)
}

/// Weights of the principles (any positive numbers; only their ratios matter) and the cap applied
/// when the trainee argues with or blames the customer. Loadable from a RON file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoringConfig {
    pub peak_end: f32,
    pub finish_strong: f32,
    pub early_disclosure: f32,
    pub pain_pleasure: f32,
    pub control: f32,
    pub ritual: f32,
    pub expectations: f32,
    pub complaint_steps: f32,
    pub duty_to_inform: f32,
    pub effort: f32,
    pub de_escalation: f32,
    /// Highest total a run can get once the trainee has argued with or blamed the customer.
    pub provocation_cap: f32,
    /// Highest total of a failed call: the customer was lost or escalated, or the call was cut off.
    pub failed_call_cap: f32,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            peak_end: 14.0,
            finish_strong: 8.0,
            early_disclosure: 10.0,
            pain_pleasure: 6.0,
            control: 8.0,
            ritual: 5.0,
            expectations: 10.0,
            complaint_steps: 12.0,
            duty_to_inform: 8.0,
            effort: 9.0,
            de_escalation: 10.0,
            provocation_cap: 40.0,
            failed_call_cap: 40.0,
        }
    }
}

impl ScoringConfig {
    pub fn weight(&self, p: Principle) -> f32 {
        match p {
            Principle::PeakEnd => self.peak_end,
            Principle::FinishStrong => self.finish_strong,
            Principle::EarlyDisclosure => self.early_disclosure,
            Principle::PainPleasure => self.pain_pleasure,
            Principle::Control => self.control,
            Principle::Ritual => self.ritual,
            Principle::Expectations => self.expectations,
            Principle::ComplaintSteps => self.complaint_steps,
            Principle::DutyToInform => self.duty_to_inform,
            Principle::Effort => self.effort,
            Principle::DeEscalation => self.de_escalation,
        }
    }

    /// Parses a weights file; checks that weights are finite, within 0–[`MAX_WEIGHT`], not all zero.
    pub fn from_ron(src: &str, file: &str) -> Result<ScoringConfig, String> {
        let cfg: ScoringConfig = ron::Options::default()
            .from_str(src)
            .map_err(|e| format!("{file}:{}:{}: {}", e.span.start.line, e.span.start.col, e.code))?;
        for p in PRINCIPLES {
            let w = cfg.weight(p);
            // Bounded so that the weighted sum can neither overflow nor drown every other weight.
            if !w.is_finite() || !(0.0..=MAX_WEIGHT).contains(&w) {
                return Err(format!(
                    "{file}: weight of {} must be a non-negative number up to {MAX_WEIGHT}, not {w} / 权重须在 0–{MAX_WEIGHT} 之间",
                    p.id()
                ));
            }
        }
        if PRINCIPLES.iter().all(|p| cfg.weight(*p) == 0.0) {
            return Err(format!("{file}: all weights are zero"));
        }
        if !(0.0..=100.0).contains(&cfg.provocation_cap) {
            return Err(format!("{file}: provocation_cap must be within 0–100"));
        }
        if !(0.0..=100.0).contains(&cfg.failed_call_cap) {
            return Err(format!("{file}: failed_call_cap must be within 0–100"));
        }
        Ok(cfg)
    }
}

/// Largest weight a weights file may give a principle.
pub const MAX_WEIGHT: f32 = 1000.0;

/// The eight complaint-handling steps of the course, in their order.
pub const STEPS: [CAct; 8] = [
    CAct::Listen,
    CAct::Empathize,
    CAct::OwnCause,
    CAct::Apologize,
    CAct::Improve,
    CAct::Solution,
    CAct::Execute,
    CAct::Reflect,
];

fn step_of(a: CAct) -> Option<usize> {
    match a {
        CAct::FollowUp => Some(7),
        _ => STEPS.iter().position(|s| *s == a),
    }
}

/// A change in the mean of the first and last third of a call smaller than this is "level".
const STEADY: f32 = 2.0;

/// Where a principle puts what it noticed: a `Vec` for the debrief, [`Discard`] when only the
/// numbers matter (exhaustive analysis scores hundreds of thousands of runs).
pub trait NoteSink {
    fn note(&mut self, n: Note);
}

impl NoteSink for Vec<Note> {
    fn note(&mut self, n: Note) {
        self.push(n);
    }
}

/// A [`NoteSink`] that drops everything.
pub struct Discard;

impl NoteSink for Discard {
    fn note(&mut self, _: Note) {}
}

/// The numbers of a scored run without the notes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Totals {
    pub total: f32,
    /// The weighted total before any cap (what the principles alone give).
    pub raw: f32,
    /// A cap was in force (an argument or blame, or a failed call), whether or not it lowered the total.
    pub capped: bool,
    /// Score per principle, indexed by [`Principle::index`]; `NAN` where it does not apply.
    pub scores: [f32; PRINCIPLE_COUNT],
}

/// One principle's result for a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrincipleScore {
    pub principle: Principle,
    /// 0–100.
    pub score: f32,
    /// Share of the total (0–1) after dropping principles that do not apply.
    pub weight: f32,
    pub notes: Vec<Note>,
}

/// A scored run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// 0–100, one decimal.
    pub total: f32,
    /// The turn of the first argument or blame not taken back at once, if the total was capped
    /// because of it.
    pub capped_at_turn: Option<usize>,
    /// The call failed (lost, escalated or cut off), so the total is capped at `failed_call_cap`.
    pub failed_call: bool,
    /// Applicable principles only, in the fixed order of [`PRINCIPLES`].
    pub principles: Vec<PrincipleScore>,
}

impl Score {
    pub fn get(&self, p: Principle) -> Option<&PrincipleScore> {
        self.principles.iter().find(|s| s.principle == p)
    }
}

/// Scores runs of one scenario. Decides once which principles the scenario can test.
pub struct Scorer<'a> {
    sc: &'a Compiled,
    cfg: &'a ScoringConfig,
    applies: [bool; PRINCIPLE_COUNT],
    /// Complaint steps that the scenario offers at all.
    steps_offered: [bool; 8],
    offers_promise: bool,
    offers_choice: bool,
    offers_hold: bool,
    offers_good_news: bool,
}

struct Combined {
    total: f32,
    raw: f32,
    provoked_at: Option<usize>,
    failed: bool,
}

/// One decimal, and never a negative zero (−0.04 rounds to 0.0, not "−0.0").
pub fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0 + 0.0
}

/// The call failed: the customer was lost or escalated, or the call was cut off at the turn limit.
pub fn failed_call(sc: &Compiled, run: &Run) -> bool {
    match run.outcome(sc) {
        Some(o) => matches!(o, Outcome::Lost | Outcome::Escalated),
        None => run.end_reason.is_some(),
    }
}

impl<'a> Scorer<'a> {
    pub fn new(sc: &'a Compiled, cfg: &'a ScoringConfig) -> Self {
        let mut steps_offered = [false; 8];
        let (mut promise, mut surprise, mut choice, mut hold, mut good) = (false, false, false, false, false);
        for a in sc.all_acts() {
            if let Some(s) = step_of(*a) {
                steps_offered[s] = true;
            }
            match a {
                CAct::Promise(_) => promise = true,
                CAct::Surprise => surprise = true,
                CAct::OfferChoice(_) => choice = true,
                CAct::Hold => hold = true,
                CAct::GoodNews(_) => good = true,
                _ => {}
            }
        }
        let f = &sc.facts;
        let mut applies = [true; PRINCIPLE_COUNT];
        applies[Principle::EarlyDisclosure.index()] = !f.bad_news.is_empty();
        applies[Principle::PainPleasure.index()] = f.bad_news.len() >= 2 || good;
        applies[Principle::Control.index()] = choice || hold;
        applies[Principle::Ritual.index()] = !f.rituals.is_empty();
        applies[Principle::Expectations.index()] = promise || surprise;
        // The eight steps are the course's procedure for complaints: angry customers and scenarios
        // tagged "complaint", when the scenario offers at least four of the steps.
        let complaint = sc.customer.archetype == Archetype::Angry || sc.tags.iter().any(|t| t == "complaint");
        applies[Principle::ComplaintSteps.index()] = complaint && steps_offered.iter().filter(|b| **b).count() >= 4;
        applies[Principle::DutyToInform.index()] = !f.info.is_empty();
        for p in PRINCIPLES {
            if cfg.weight(p) == 0.0 {
                applies[p.index()] = false;
            }
        }
        Scorer {
            sc,
            cfg,
            applies,
            steps_offered,
            offers_promise: promise,
            offers_choice: choice,
            offers_hold: hold,
            offers_good_news: good,
        }
    }

    pub fn scenario(&self) -> &'a Compiled {
        self.sc
    }

    pub fn applies(&self, p: Principle) -> bool {
        self.applies[p.index()]
    }

    /// The principles this scenario can test.
    pub fn applicable(&self) -> impl Iterator<Item = Principle> + '_ {
        PRINCIPLES.into_iter().filter(|p| self.applies(*p))
    }

    fn acts(&self, run: &Run, t: usize) -> &'a [CAct] {
        let turn = &run.turns[t];
        match &self.sc.nodes[turn.node] {
            CNode::Turn { options, .. } => &options[turn.option].acts,
            CNode::End { .. } => &[],
        }
    }

    /// First turn (1-based) that argued with or blamed the customer and was not taken back at once:
    /// the very next turn owns our part and apologises. A provocation repaired that way still costs
    /// its points (anger, trust, the complaint steps) but does not cap the call.
    pub fn unrepaired_provocation(&self, run: &Run) -> Option<usize> {
        (0..run.turns.len())
            .find(|&t| {
                self.acts(run, t)
                    .iter()
                    .any(|a| matches!(a, CAct::Argue | CAct::BlameCustomer))
                    && !(t + 1 < run.turns.len() && {
                        let next = self.acts(run, t + 1);
                        next.contains(&CAct::OwnCause) && next.contains(&CAct::Apologize)
                    })
            })
            .map(|t| t + 1)
    }

    /// First turn (1-based) at which an act matching `pred` was performed.
    fn first(&self, run: &Run, pred: impl Fn(CAct) -> bool) -> Option<usize> {
        (0..run.turns.len())
            .find(|&t| self.acts(run, t).iter().any(|a| pred(*a)))
            .map(|t| t + 1)
    }

    /// Scores a run, with the notes that explain each principle.
    pub fn score(&self, run: &Run) -> Score {
        let mut principles = Vec::with_capacity(PRINCIPLE_COUNT);
        let total_weight = self.total_weight();
        for p in self.applicable() {
            let mut notes = Vec::new();
            let score = round1(self.principle(p, run, &mut notes).clamp(0.0, 100.0));
            let weight = self.cfg.weight(p) / total_weight;
            principles.push(PrincipleScore {
                principle: p,
                score,
                weight,
                notes,
            });
        }
        let c = self.combine(run, principles.iter().map(|p| (p.score, p.weight)));
        Score {
            total: c.total,
            capped_at_turn: c.provoked_at,
            failed_call: c.failed,
            principles,
        }
    }

    /// The same numbers as [`Scorer::score`] without building notes (for exhaustive analysis).
    pub fn totals(&self, run: &Run) -> Totals {
        let mut scores = [f32::NAN; PRINCIPLE_COUNT];
        let total_weight = self.total_weight();
        for p in self.applicable() {
            scores[p.index()] = round1(self.principle(p, run, &mut Discard).clamp(0.0, 100.0));
        }
        let weighted = self
            .applicable()
            .map(|p| (scores[p.index()], self.cfg.weight(p) / total_weight));
        let c = self.combine(run, weighted);
        Totals {
            total: c.total,
            raw: c.raw,
            capped: c.provoked_at.is_some() || c.failed,
            scores,
        }
    }

    fn total_weight(&self) -> f32 {
        self.applicable().map(|p| self.cfg.weight(p)).sum()
    }

    /// Weighted total of (score, share) pairs, capped if the trainee argued or blamed, and capped if
    /// the call failed: in service recovery the outcome weighs most (docs/scoring.md).
    fn combine(&self, run: &Run, weighted: impl Iterator<Item = (f32, f32)>) -> Combined {
        let raw: f32 = weighted.map(|(s, w)| s * w).sum();
        let mut total = raw;
        let provoked_at = self.unrepaired_provocation(run);
        if provoked_at.is_some() {
            total = total.min(self.cfg.provocation_cap);
        }
        let failed = failed_call(self.sc, run);
        if failed {
            total = total.min(self.cfg.failed_call_cap);
        }
        Combined {
            total: round1(total),
            raw: round1(raw),
            provoked_at,
            failed,
        }
    }

    fn principle(&self, p: Principle, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        match p {
            Principle::PeakEnd => self.peak_end(run, notes),
            Principle::FinishStrong => self.finish_strong(run, notes),
            Principle::EarlyDisclosure => self.early_disclosure(run, notes),
            Principle::PainPleasure => self.pain_pleasure(run, notes),
            Principle::Control => self.control(run, notes),
            Principle::Ritual => self.ritual(run, notes),
            Principle::Expectations => self.expectations(run, notes),
            Principle::ComplaintSteps => self.complaint_steps(run, notes),
            Principle::DutyToInform => self.duty_to_inform(run, notes),
            Principle::Effort => self.effort(run, notes),
            Principle::DeEscalation => self.de_escalation(run, notes),
        }
    }

    /// Satisfaction after each turn, then after the ending.
    fn moments(run: &Run) -> impl Iterator<Item = f32> + '_ {
        run.turns
            .iter()
            .map(|t| t.after.satisfaction)
            .chain(std::iter::once(run.final_mood.satisfaction))
    }

    fn peak_end(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let end = run.final_mood.satisfaction;
        let (peak_turn, peak) = peak_moment(run.turns.iter().map(|t| t.after.satisfaction), end);
        if peak_turn <= run.turns.len() {
            notes.note(Note::Peak {
                turn: peak_turn,
                value: round1(peak),
            });
        }
        if failed_call(self.sc, run) {
            notes.note(Note::FailedEnd { value: round1(end) });
        } else if end < 60.0 {
            notes.note(Note::WeakEnd { value: round1(end) });
        } else {
            notes.note(Note::StrongEnd { value: round1(end) });
        }
        (peak + end) / 2.0
    }

    fn finish_strong(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let mut buf = [0.0f32; MAX_TURNS + 1];
        let mut len = 0;
        for v in Self::moments(run) {
            buf[len] = v;
            len += 1;
        }
        let series = &buf[..len];
        let k = (series.len() / 3).max(1);
        let mean = |xs: &[f32]| xs.iter().sum::<f32>() / xs.len() as f32;
        let first = mean(&series[..k]);
        let last = mean(&series[series.len() - k..]);
        let trend = last - first;
        let end = *series.last().expect("at least the final moment");
        let (best_i, best) = series
            .iter()
            .copied()
            .enumerate()
            .fold((0, f32::MIN), |acc, (i, v)| if v > acc.1 { (i, v) } else { acc });
        let mut s = (50.0 + trend).min(85.0);
        if end >= best - 3.0 {
            s += 15.0;
        } else if best - end > 10.0 && best_i + 2 < run.turns.len() && best > run.start.satisfaction + 5.0 {
            // A real high (above where the customer started) with at least two more turns after it:
            // the call faded during the conversation, not in one blow or only at its ending.
            notes.note(Note::FadedAfterPeak { turn: best_i + 1 });
        }
        if (last - first).abs() < STEADY {
            notes.note(Note::Steady {
                level: round1((first + last) / 2.0),
            });
        } else if trend < 0.0 {
            notes.note(Note::Declined {
                from: round1(first),
                to: round1(last),
            });
        } else {
            notes.note(Note::Improved {
                from: round1(first),
                to: round1(last),
            });
        }
        s
    }

    /// 100 within the first quarter of the call, then down to `floor` at the last turn.
    fn earliness(turn: usize, of: usize, floor: f32) -> f32 {
        let grace = of.div_ceil(4).max(1);
        if turn <= grace || of <= grace {
            100.0
        } else {
            100.0 - (100.0 - floor) * (turn - grace) as f32 / (of - grace) as f32
        }
    }

    fn early_disclosure(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let items = self.sc.facts.bad_news.len();
        let of = run.turns.len();
        let mut sum = 0.0;
        for i in 0..items {
            let told = self.first(run, |a| a == CAct::Disclose(i as u8));
            // The turn at which the customer found it out by himself, if he did.
            let found = run
                .turns
                .iter()
                .position(|t| self.sc.found_out[t.node] & (1 << i) != 0)
                .map(|t| t + 1);
            match (told, found) {
                (Some(turn), Some(f)) if turn >= f => notes.note(Note::FoundOut { item: i, turn: f }),
                (None, Some(f)) => notes.note(Note::FoundOut { item: i, turn: f }),
                (Some(turn), _) => {
                    notes.note(Note::DisclosedAt { item: i, turn, of });
                    sum += Self::earliness(turn, of, 20.0);
                }
                (None, None) => notes.note(Note::NeverDisclosed { item: i }),
            }
        }
        sum / items as f32
    }

    fn pain_pleasure(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let (mut sum, mut parts) = (0.0, 0);
        let items = self.sc.facts.bad_news.len();
        if items >= 2 {
            // Bit t set = some item was first disclosed at turn t (runs are at most 60 turns).
            let mut turns = 0u64;
            let mut disclosed = 0;
            for i in 0..items {
                if let Some(t) = self.first(run, |a| a == CAct::Disclose(i as u8)) {
                    disclosed += 1;
                    turns |= 1 << t;
                }
            }
            let distinct = turns.count_ones() as usize;
            parts += 1;
            sum += match disclosed {
                0 => 0.0,
                1 => 40.0,
                _ if distinct == 1 => {
                    notes.note(Note::PainCombined {
                        turn: turns.trailing_zeros() as usize,
                    });
                    100.0
                }
                _ => {
                    notes.note(Note::PainSpread { turns: distinct });
                    (100.0 - 40.0 * (distinct - 1) as f32).max(0.0)
                }
            };
        }
        if self.offers_good_news {
            let mut times = 0;
            let mut lumps = 0;
            for t in 0..run.turns.len() {
                let n = self
                    .acts(run, t)
                    .iter()
                    .filter(|a| matches!(a, CAct::GoodNews(_)))
                    .count();
                if n > 0 {
                    times += 1;
                }
                if n > 1 {
                    lumps += 1;
                    notes.note(Note::PleasureLumped { turn: t + 1 });
                }
            }
            if times == 0 {
                notes.note(Note::NoGoodNews);
            } else if times > 1 {
                notes.note(Note::PleasureSegmented { times });
            }
            parts += 1;
            sum += ((50 * times) as f32).min(100.0) - 30.0 * lumps as f32;
        }
        sum / parts as f32
    }

    fn control(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let (mut sum, mut parts) = (0.0, 0);
        if self.offers_choice {
            let mut dims = [false; 5];
            for t in 0..run.turns.len() {
                for a in self.acts(run, t) {
                    if let CAct::OfferChoice(d) = a {
                        dims[*d as usize] = true;
                    }
                }
            }
            let n = dims.iter().filter(|b| **b).count();
            if n == 0 {
                notes.note(Note::NoChoice);
            } else {
                notes.note(Note::ChoicesOffered { dimensions: n });
            }
            parts += 1;
            sum += match n {
                0 => 0.0,
                1 => 75.0,
                _ => 100.0,
            };
        }
        if self.offers_hold {
            let (holds, announced) = self.holds(run, Some(notes));
            parts += 1;
            sum += if holds == 0 {
                100.0
            } else {
                100.0 * announced as f32 / holds as f32
            };
        }
        sum / parts as f32
    }

    /// Counts holds and how many were announced (in the same turn or the one before).
    fn holds(&self, run: &Run, mut notes: Option<&mut dyn NoteSink>) -> (usize, usize) {
        let (mut holds, mut announced) = (0, 0);
        for t in 0..run.turns.len() {
            if self.acts(run, t).contains(&CAct::Hold) {
                holds += 1;
                let said = self.acts(run, t).contains(&CAct::AnnounceWait)
                    || (t > 0 && self.acts(run, t - 1).contains(&CAct::AnnounceWait));
                if said {
                    announced += 1;
                } else if let Some(n) = notes.as_deref_mut() {
                    n.note(Note::UnannouncedHold { turn: t + 1 });
                }
            }
        }
        (holds, announced)
    }

    fn ritual(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let items = self.sc.facts.rituals.len();
        let mut done = 0;
        for i in 0..items {
            match self.first(run, |a| a == CAct::Ritual(i as u8)) {
                Some(turn) => {
                    done += 1;
                    notes.note(Note::RitualDone { item: i, turn });
                }
                None => notes.note(Note::RitualMissed { item: i }),
            }
        }
        100.0 * done as f32 / items as f32
    }

    fn expectations(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let cap = self.sc.facts.capacity;
        let mut max_level = 0;
        let mut over_turn = None;
        let mut kept_turn = None;
        let mut surprise = None;
        for t in 0..run.turns.len() {
            for a in self.acts(run, t) {
                match *a {
                    CAct::Promise(l) => {
                        max_level = max_level.max(l);
                        if l > cap && over_turn.is_none() {
                            over_turn = Some((t + 1, l));
                        }
                        if l <= cap && kept_turn.is_none() {
                            kept_turn = Some(t + 1);
                        }
                    }
                    CAct::Surprise if surprise.is_none() => surprise = Some(t + 1),
                    _ => {}
                }
            }
        }
        if let Some((turn, level)) = over_turn {
            notes.note(Note::OverPromise {
                turn,
                level,
                capacity: cap,
            });
            return (60.0 - 40.0 * (max_level - cap) as f32).max(0.0);
        }
        let mut s = match kept_turn {
            Some(turn) => {
                notes.note(Note::KeptPromise { turn });
                80.0
            }
            None if self.offers_promise => {
                notes.note(Note::NoCommitment);
                50.0
            }
            None => 80.0,
        };
        if let Some(turn) = surprise {
            notes.note(Note::Surprise { turn });
            s += 20.0;
        }
        s
    }

    fn complaint_steps(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let mut first = [None::<usize>; 8];
        for t in 0..run.turns.len() {
            for a in self.acts(run, t) {
                if let Some(s) = step_of(*a) {
                    first[s].get_or_insert(t + 1);
                }
            }
        }
        let offered = self.steps_offered.iter().filter(|b| **b).count();
        let mut covered = 0;
        for s in 0..8 {
            if self.steps_offered[s] {
                if first[s].is_some() {
                    covered += 1;
                } else {
                    notes.note(Note::StepMissing { step: s });
                }
            }
        }
        let (mut pairs, mut ordered) = (0, 0);
        let mut worst: Option<(usize, usize, usize, usize)> = None;
        for a in 0..8 {
            for b in a + 1..8 {
                if let (Some(ta), Some(tb)) = (first[a], first[b]) {
                    pairs += 1;
                    if ta <= tb {
                        ordered += 1;
                    } else if worst.is_none_or(|w| ta - tb > w.1 - w.3) {
                        worst = Some((a, ta, b, tb));
                    }
                }
            }
        }
        if let Some((a, ta, b, tb)) = worst {
            notes.note(Note::StepsOutOfOrder {
                first: a,
                first_turn: ta,
                second: b,
                second_turn: tb,
            });
        } else if covered == offered {
            notes.note(Note::StepsInOrder);
        }
        let order = if pairs == 0 { 1.0 } else { ordered as f32 / pairs as f32 };
        let coverage = covered as f32 / offered as f32;
        let mut s = 100.0 * coverage * (0.6 + 0.4 * order);
        for t in 0..run.turns.len() {
            let bad = self
                .acts(run, t)
                .iter()
                .filter(|a| matches!(a, CAct::Argue | CAct::BlameCustomer | CAct::Excuse))
                .count();
            if bad > 0 {
                notes.note(Note::Provoked { turn: t + 1 });
                s -= 25.0 * bad as f32;
            }
        }
        s
    }

    fn duty_to_inform(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let items = self.sc.facts.info.len();
        let of = run.turns.len();
        let (mut given, mut timely, mut last) = (0, 0.0, 0);
        for i in 0..items {
            match self.first(run, |a| a == CAct::Inform(i as u8)) {
                Some(turn) => {
                    given += 1;
                    timely += Self::earliness(turn, of, 30.0) / 100.0;
                    last = last.max(turn);
                    notes.note(Note::InfoGiven { item: i, turn, of });
                }
                None => notes.note(Note::InfoMissing { item: i }),
            }
        }
        if given == 0 {
            return 0.0;
        }
        let verified = (last.max(1) - 1..run.turns.len()).any(|t| self.acts(run, t).contains(&CAct::Verify));
        if !verified {
            notes.note(Note::NotVerified);
        }
        let completeness = given as f32 / items as f32;
        let timeliness = timely / given as f32;
        100.0 * completeness * (0.6 + 0.25 * timeliness + if verified { 0.15 } else { 0.0 })
    }

    fn effort(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let mut s = 100.0;
        for t in 0..run.turns.len() {
            for a in self.acts(run, t) {
                match a {
                    CAct::Transfer => {
                        s -= 25.0;
                        notes.note(Note::Transferred { turn: t + 1 });
                    }
                    CAct::AskRepeat => {
                        s -= 20.0;
                        notes.note(Note::MadeRepeat { turn: t + 1 });
                    }
                    CAct::PushWork => {
                        s -= 20.0;
                        notes.note(Note::PushedWork { turn: t + 1 });
                    }
                    _ => {}
                }
            }
        }
        let (holds, announced) = self.holds(run, None);
        s -= 8.0 * announced as f32 + 15.0 * (holds - announced) as f32;
        if run.outcome(self.sc) == Some(Outcome::Escalated) {
            s -= 20.0;
            notes.note(Note::Escalated);
        }
        s
    }

    fn de_escalation(&self, run: &Run, notes: &mut dyn NoteSink) -> f32 {
        let start = run.start.anger;
        let end = run.final_mood.anger;
        let (mut peak, mut peak_turn) = (start, 0);
        for (i, t) in run.turns.iter().enumerate() {
            if t.after.anger > peak {
                peak = t.after.anger;
                peak_turn = i + 1;
            }
        }
        let mut s = 100.0 - 0.7 * end - 0.5 * (peak - start);
        if let Some(i) = run.turns.iter().position(|t| t.events.flipped) {
            notes.note(Note::Flipped { turn: i + 1 });
            s -= 15.0;
        } else if peak_turn > 0 && peak - start >= 10.0 {
            notes.note(Note::AngerPeak {
                turn: peak_turn,
                value: round1(peak),
            });
        }
        if end < start - 10.0 {
            notes.note(Note::Calmed {
                from: round1(start),
                to: round1(end),
            });
        }
        s
    }
}

/// Scores a run with a fresh [`Scorer`].
pub fn score(sc: &Compiled, cfg: &ScoringConfig, run: &Run) -> Score {
    Scorer::new(sc, cfg).score(run)
}

#[cfg(test)]
mod tests;
