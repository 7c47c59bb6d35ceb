//! Scoring from principles. Nothing here looks at option numbers or per-option points: every
//! principle is computed from the run's trajectory (the customer's state turn by turn) and the acts
//! performed. The model, its weights and its research basis are described in `docs/scoring.md`.

use serde::{Deserialize, Serialize};

use super::compile::{CAct, CNode, Compiled};
use super::model::{Archetype, Outcome};
use super::sim::{MAX_TURNS, Run};

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

pub const PRINCIPLES: [Principle; 11] = [
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

use super::text::Text;

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
    pub scores: [f32; 11],
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
    applies: [bool; 11],
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
        let mut applies = [true; 11];
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
        let mut principles = Vec::with_capacity(11);
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
        let mut scores = [f32::NAN; 11];
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
                format!("最强烈的一刻在第 {turn} 轮：满意度 {value:.0}，是正面的高点。"),
                format!("The most intense moment was turn {turn}: satisfaction {value:.0}, a positive high."),
            ),
            Note::Peak { turn, value } => Text::new(
                format!("最强烈的一刻在第 {turn} 轮：满意度跌到 {value:.0}，客户会记住它。"),
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
                format!("第 {turn} 轮是最高点，之后却走低了——把亮点留到最后。"),
                format!("Turn {turn} was the high point and things faded after it — save the highlight for the end."),
            ),
            Note::Steady { level } => Text::new(
                format!("体验前后没有明显变化，一直在 {level:.0} 左右。"),
                format!("The experience stayed level, around {level:.0}, from start to end."),
            ),
            Note::DisclosedAt { item, turn, of } if turn <= of.div_ceil(4).max(1) => Text::new(
                format!(
                    "「{}」在第 {turn} 轮（共 {of} 轮）就说明了——坏消息早说，做得对。",
                    bad(item).zh
                ),
                format!(
                    "{} was disclosed at turn {turn} of {of} — bad news early, well done.",
                    cap(&bad(item).en)
                ),
            ),
            Note::DisclosedAt { item, turn, of } => Text::new(
                format!(
                    "「{}」到第 {turn} 轮（共 {of} 轮）才告知——应在一开始就说。",
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
                    "「{}」不是你告诉客户的：到第 {turn} 轮他自己发现了。被发现的坏消息不算告知，信任也跟着打了折扣。",
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
                format!("所有坏消息在第 {turn} 轮一次说完——痛苦集中，做得对。"),
                format!("All the bad news came together at turn {turn} — pain combined, well done."),
            ),
            Note::PleasureSegmented { times } => Text::new(
                format!("好消息分 {times} 次给出，愉悦被分阶段放大。"),
                format!("Good news came in {times} separate moments, so each one counted."),
            ),
            Note::PleasureLumped { turn } => Text::new(
                format!("第 {turn} 轮把几个好消息一口气说完了——分开说，客户会高兴好几次。"),
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
                format!("第 {turn} 轮让客户等待，却没先说要等多久。"),
                format!("Turn {turn} put the customer on hold without saying how long it would take."),
            ),
            Note::RitualDone { item, turn } => Text::new(
                format!("第 {turn} 轮完成了仪式「{}」。", rit(item).zh),
                format!("Turn {turn} performed the ritual: {}.", rit(item).en),
            ),
            Note::RitualMissed { item } => Text::new(
                format!("错过了仪式「{}」。", rit(item).zh),
                format!("The ritual was skipped: {}.", rit(item).en),
            ),
            Note::OverPromise { turn, level, capacity } => Text::new(
                format!("第 {turn} 轮承诺了 {level} 级，而公司只能做到 {capacity} 级——过度承诺会在兑现时变成失望。"),
                format!(
                    "Turn {turn} promised level {level} when the company can deliver {capacity} — an over-promise turns into disappointment on delivery."
                ),
            ),
            Note::KeptPromise { turn } => Text::new(
                format!("第 {turn} 轮的承诺在公司能力之内，说到做到。"),
                format!("The promise at turn {turn} was within what the company can deliver."),
            ),
            Note::NoCommitment => Text::new(
                "没有给客户一个明确、能兑现的承诺。",
                "The customer never got a clear commitment that can be kept.",
            ),
            Note::Surprise { turn } => Text::new(
                format!("第 {turn} 轮给了客户意料之外的惊喜：体验超过期望。"),
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
                    "「{}」（第 {first_turn} 轮）应在「{}」（第 {second_turn} 轮）之前。",
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
                format!("第 {turn} 轮和客户争辩、找借口或指责客户——绝不争辩。"),
                format!("Turn {turn} argued, made excuses or blamed the customer — never argue."),
            ),
            Note::InfoGiven { item, turn, of } => Text::new(
                format!("第 {turn} 轮（共 {of} 轮）告知了「{}」。", info(item).zh),
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
                format!("第 {turn} 轮把客户转给了别人：客户要从头再说一遍。"),
                format!("Turn {turn} transferred the customer, who now has to start over."),
            ),
            Note::MadeRepeat { turn } => Text::new(
                format!("第 {turn} 轮让客户重复已经说过的话。"),
                format!("Turn {turn} made the customer repeat what they had already said."),
            ),
            Note::PushedWork { turn } => Text::new(
                format!("第 {turn} 轮把本该我们做的事推给了客户去办。"),
                format!("Turn {turn} pushed work onto the customer that was ours to do."),
            ),
            Note::Escalated => Text::new(
                "客户只能去更高一级投诉：费力又伤感情。",
                "The customer has to escalate: more effort for them, more damage for you.",
            ),
            Note::Flipped { turn } => Text::new(
                format!("第 {turn} 轮客户的情绪突然变红。"),
                format!("At turn {turn} the customer flipped to red."),
            ),
            Note::AngerPeak { turn, value } => Text::new(
                format!("第 {turn} 轮客户的怒气升到 {value:.0}。"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testkit::{run, scenario};
    use crate::engine::text::Lang;

    fn cfg() -> ScoringConfig {
        ScoringConfig::default()
    }

    fn principle(sc: &Compiled, r: &Run, p: Principle) -> PrincipleScore {
        let c = cfg();
        Scorer::new(sc, &c)
            .score(r)
            .get(p)
            .cloned()
            .unwrap_or_else(|| panic!("{p:?} does not apply"))
    }

    /// Feedback lines of a principle in one language.
    fn lines(sc: &Compiled, ps: &PrincipleScore, lang: Lang) -> Vec<String> {
        ps.notes.iter().map(|n| n.text(sc).get(lang).to_string()).collect()
    }

    #[test]
    fn peak_end_averages_the_most_intense_and_the_final_moment() {
        let sc = scenario("mild", &[&["listen"], &["listen"], &["listen"]], "");
        // The low of 5 at turn 2 is the most intense moment; the call ends at 60.
        let r = run(&sc, &[0, 0, 0], &[(50.0, 0.0), (5.0, 0.0), (60.0, 0.0)], (60.0, 0.0));
        let p = principle(&sc, &r, Principle::PeakEnd);
        assert_eq!(p.score, 32.5);
        assert!(p.notes.contains(&Note::Peak { turn: 2, value: 5.0 }));
        // A positive end farther from neutral than any low becomes the peak itself.
        let r = run(&sc, &[0, 0, 0], &[(40.0, 0.0), (20.0, 0.0), (70.0, 0.0)], (90.0, 0.0));
        assert_eq!(principle(&sc, &r, Principle::PeakEnd).score, 90.0);
    }

    #[test]
    fn the_peak_moment_is_the_farthest_from_neutral_with_ties_to_the_end_then_the_earlier_turn() {
        assert_eq!(peak_moment([50.0, 5.0, 60.0].into_iter(), 60.0), (2, 5.0));
        assert_eq!(peak_moment([40.0, 20.0, 70.0].into_iter(), 90.0), (4, 90.0));
        assert_eq!(peak_moment([80.0, 20.0].into_iter(), 80.0), (3, 80.0));
        assert_eq!(peak_moment([20.0, 80.0, 70.0].into_iter(), 60.0), (1, 20.0));
        assert_eq!(peak_moment(std::iter::empty(), 55.0), (1, 55.0));
    }

    #[test]
    fn finish_strong_rewards_a_rising_experience_and_punishes_a_fade() {
        let sc = scenario(
            "mild",
            &[&["listen"], &["listen"], &["listen"], &["listen"], &["listen"]],
            "",
        );
        let rising = run(
            &sc,
            &[0; 5],
            &[(30.0, 0.0), (40.0, 0.0), (50.0, 0.0), (70.0, 0.0), (85.0, 0.0)],
            (90.0, 0.0),
        );
        let fading = run(
            &sc,
            &[0; 5],
            &[(80.0, 0.0), (90.0, 0.0), (70.0, 0.0), (60.0, 0.0), (50.0, 0.0)],
            (45.0, 0.0),
        );
        let up = principle(&sc, &rising, Principle::FinishStrong);
        let down = principle(&sc, &fading, Principle::FinishStrong);
        // Rising: first third mean 35, last third 87.5 → 50 + 52.5 capped at 85, +15 for ending at the top.
        assert_eq!(up.score, 100.0);
        // Fading: 85 → 47.5 gives 12.5; no end bonus.
        assert_eq!(down.score, 12.5);
        assert!(down.notes.contains(&Note::FadedAfterPeak { turn: 2 }));
        assert!(matches!(down.notes.last(), Some(Note::Declined { .. })));
    }

    fn facts_two_bad_news() -> &'static str {
        "facts: (bad_news: [(id: \"wait\", label: (zh: \"等待\", en: \"the wait\")),
                            (id: \"fee\", label: (zh: \"附加费\", en: \"the fee\"))]),"
    }

    #[test]
    fn early_disclosure_scores_by_turn_and_cites_it() {
        let turns: Vec<&[&str]> = vec![
            &["disclose(\"wait\"), disclose(\"fee\")", "listen"],
            &["listen"],
            &["listen"],
            &["listen"],
            &["listen"],
            &["disclose(\"wait\")", "listen"],
            &["listen"],
        ];
        let sc = scenario("mild", &turns, facts_two_bad_news());
        let flat = [(50.0, 0.0); 7];
        let early = run(&sc, &[0, 0, 0, 0, 0, 1, 0], &flat, (50.0, 0.0));
        assert_eq!(principle(&sc, &early, Principle::EarlyDisclosure).score, 100.0);

        // "wait" at turn 6 of 7, "fee" never: grace is 2 turns, so 100 − 80·4/5 = 36 and 0.
        let late = run(&sc, &[1, 0, 0, 0, 0, 0, 0], &flat, (50.0, 0.0));
        let p = principle(&sc, &late, Principle::EarlyDisclosure);
        assert_eq!(p.score, 18.0);
        let en = lines(&sc, &p, Lang::En);
        assert!(
            en.contains(&"The wait was disclosed at turn 6 of 7 — say it at the start.".to_string()),
            "{en:?}"
        );
        assert!(
            lines(&sc, &p, Lang::Zh)
                .iter()
                .any(|l| l.contains("第 6 轮（共 7 轮）"))
        );
        assert!(p.notes.contains(&Note::NeverDisclosed { item: 1 }));
    }

    #[test]
    fn pain_is_best_combined_and_pleasure_best_segmented() {
        let turns: Vec<&[&str]> = vec![
            &["disclose(\"wait\"), disclose(\"fee\")", "disclose(\"wait\")"],
            &[
                "good_news(small)",
                "good_news(small), good_news(large)",
                "disclose(\"fee\")",
            ],
            &["good_news(medium)", "listen"],
        ];
        let sc = scenario("mild", &turns, facts_two_bad_news());
        let flat = [(50.0, 0.0); 3];
        // Both bad news in one turn, good news in two separate turns: 100 and 100.
        let good = run(&sc, &[0, 0, 0], &flat, (50.0, 0.0));
        assert_eq!(principle(&sc, &good, Principle::PainPleasure).score, 100.0);
        // Bad news spread over turns 1 and 2 (60), no good news at all (0).
        let bad = run(&sc, &[1, 2, 1], &flat, (50.0, 0.0));
        let p = principle(&sc, &bad, Principle::PainPleasure);
        assert_eq!(p.score, 30.0);
        assert!(p.notes.contains(&Note::NoGoodNews));
        assert!(p.notes.contains(&Note::PainSpread { turns: 2 }));
        let lumped = run(&sc, &[0, 1, 1], &flat, (50.0, 0.0));
        let p = principle(&sc, &lumped, Principle::PainPleasure);
        assert_eq!(p.score, 60.0); // (100 + (50 − 30)) / 2
        assert!(p.notes.contains(&Note::PleasureLumped { turn: 2 }));
    }

    #[test]
    fn control_counts_choice_dimensions_and_announced_waits() {
        let turns: Vec<&[&str]> = vec![
            &[
                "offer_choice(time), offer_choice(place)",
                "offer_choice(time)",
                "listen",
            ],
            &["announce_wait, hold", "hold"],
        ];
        let sc = scenario("mild", &turns, "");
        let flat = [(50.0, 0.0); 2];
        assert_eq!(
            principle(&sc, &run(&sc, &[0, 0], &flat, (50.0, 0.0)), Principle::Control).score,
            100.0
        );
        assert_eq!(
            principle(&sc, &run(&sc, &[1, 0], &flat, (50.0, 0.0)), Principle::Control).score,
            87.5
        );
        let p = principle(&sc, &run(&sc, &[2, 1], &flat, (50.0, 0.0)), Principle::Control);
        assert_eq!(p.score, 0.0);
        assert!(p.notes.contains(&Note::UnannouncedHold { turn: 2 }));
    }

    #[test]
    fn ritual_is_the_share_of_declared_steps_performed() {
        let extra = "facts: (rituals: [(id: \"welcome\", label: (zh: \"迎宾\", en: \"the welcome\")),
                                      (id: \"keys\", label: (zh: \"交钥匙\", en: \"the key handover\"))]),";
        let sc = scenario(
            "mild",
            &[&["ritual(\"welcome\")", "listen"], &["ritual(\"keys\")", "listen"]],
            extra,
        );
        let flat = [(50.0, 0.0); 2];
        assert_eq!(
            principle(&sc, &run(&sc, &[0, 0], &flat, (50.0, 0.0)), Principle::Ritual).score,
            100.0
        );
        let p = principle(&sc, &run(&sc, &[0, 1], &flat, (50.0, 0.0)), Principle::Ritual);
        assert_eq!(p.score, 50.0);
        assert!(p.notes.contains(&Note::RitualMissed { item: 1 }));
    }

    #[test]
    fn expectations_punish_over_promise_and_reward_surprise() {
        let sc = scenario(
            "mild",
            &[&["promise(2)", "promise(3)", "listen"], &["surprise", "listen"]],
            "facts: (capacity: 2),",
        );
        let flat = [(50.0, 0.0); 2];
        assert_eq!(
            principle(&sc, &run(&sc, &[0, 0], &flat, (50.0, 0.0)), Principle::Expectations).score,
            100.0
        );
        assert_eq!(
            principle(&sc, &run(&sc, &[0, 1], &flat, (50.0, 0.0)), Principle::Expectations).score,
            80.0
        );
        let over = principle(&sc, &run(&sc, &[1, 0], &flat, (50.0, 0.0)), Principle::Expectations);
        assert_eq!(over.score, 20.0);
        assert!(over.notes.contains(&Note::OverPromise {
            turn: 1,
            level: 3,
            capacity: 2
        }));
        assert_eq!(
            principle(&sc, &run(&sc, &[2, 1], &flat, (50.0, 0.0)), Principle::Expectations).score,
            50.0
        );
    }

    #[test]
    fn complaint_steps_need_all_steps_in_order_and_arguing_caps_the_total() {
        let turns: Vec<&[&str]> = vec![
            &["listen, empathize", "solution", "argue"],
            &["own_cause, apologize", "listen, empathize"],
            &["improve, solution", "own_cause, apologize"],
            &["execute, follow_up", "improve, execute, follow_up"],
        ];
        let sc = scenario("angry", &turns, "");
        let flat = [(80.0, 10.0); 4];
        let ordered = run(&sc, &[0, 0, 0, 0], &flat, (90.0, 0.0));
        let p = principle(&sc, &ordered, Principle::ComplaintSteps);
        assert_eq!(p.score, 100.0);
        assert!(p.notes.contains(&Note::StepsInOrder));
        // Solution first: all steps present but the solution precedes five others.
        let rushed = run(&sc, &[1, 1, 1, 1], &flat, (90.0, 0.0));
        let p = principle(&sc, &rushed, Principle::ComplaintSteps);
        // 5 of the 28 step pairs are inverted: 100 × (0.6 + 0.4 × 23/28).
        assert_eq!(p.score, 92.9);
        // The widest inversion is cited: "improve" (turn 4) should precede the solution (turn 1).
        assert!(p.notes.contains(&Note::StepsOutOfOrder {
            first: 4,
            first_turn: 4,
            second: 5,
            second_turn: 1
        }));
        // Arguing: −25 on this principle and the total is capped.
        let argued = run(&sc, &[2, 1, 1, 1], &flat, (90.0, 0.0));
        let c = cfg();
        let s = Scorer::new(&sc, &c).score(&argued);
        assert_eq!(s.capped_at_turn, Some(1));
        assert!(s.total <= c.provocation_cap);
        assert!(
            s.get(Principle::ComplaintSteps)
                .unwrap()
                .notes
                .contains(&Note::Provoked { turn: 1 })
        );
    }

    #[test]
    fn a_provocation_taken_back_at_once_costs_points_but_does_not_cap() {
        let turns: [&[&str]; 3] = [
            &["blame_customer"],
            &["own_cause, apologize", "apologize", "listen"],
            &["solution"],
        ];
        let sc = scenario("angry", &turns, "");
        let c = cfg();
        let scorer = Scorer::new(&sc, &c);
        let flat = [(60.0, 40.0), (70.0, 30.0), (85.0, 10.0)];
        let repaired = scorer.score(&run(&sc, &[0, 0, 0], &flat, (88.0, 5.0)));
        assert_eq!(repaired.capped_at_turn, None);
        assert!(repaired.total > c.provocation_cap, "{}", repaired.total);
        // The argument still costs on the complaint steps.
        assert!(
            repaired
                .get(Principle::ComplaintSteps)
                .unwrap()
                .notes
                .contains(&Note::Provoked { turn: 1 })
        );
        for half in [1, 2] {
            let s = scorer.score(&run(&sc, &[0, half, 0], &flat, (88.0, 5.0)));
            assert_eq!(
                s.capped_at_turn,
                Some(1),
                "an apology alone, or listening, does not take it back"
            );
            assert!(s.total <= c.provocation_cap);
        }
    }

    #[test]
    fn complaint_steps_do_not_apply_to_a_calm_non_complaint_call() {
        let sc = scenario("mild", &[&["listen, empathize, apologize, solution"]], "");
        let c = cfg();
        assert!(!Scorer::new(&sc, &c).applies(Principle::ComplaintSteps));
        let tagged = scenario(
            "mild",
            &[&["listen, empathize, apologize, solution"]],
            "tags: [\"complaint\"],",
        );
        assert!(Scorer::new(&tagged, &c).applies(Principle::ComplaintSteps));
    }

    #[test]
    fn duty_to_inform_wants_everything_early_and_verified() {
        let extra = "facts: (info: [(id: \"date\", label: (zh: \"日期\", en: \"the date\")),
                                  (id: \"steps\", label: (zh: \"流程\", en: \"the procedure\"))]),";
        let turns: Vec<&[&str]> = vec![
            &["inform(\"date\"), inform(\"steps\")", "listen"],
            &["verify", "listen"],
        ];
        let sc = scenario("mild", &turns, extra);
        let flat = [(50.0, 0.0); 2];
        assert_eq!(
            principle(&sc, &run(&sc, &[0, 0], &flat, (50.0, 0.0)), Principle::DutyToInform).score,
            100.0
        );
        let p = principle(&sc, &run(&sc, &[0, 1], &flat, (50.0, 0.0)), Principle::DutyToInform);
        assert_eq!(p.score, 85.0);
        assert!(p.notes.contains(&Note::NotVerified));
        assert_eq!(
            principle(&sc, &run(&sc, &[1, 1], &flat, (50.0, 0.0)), Principle::DutyToInform).score,
            0.0
        );
    }

    #[test]
    fn effort_counts_transfers_repeats_and_waits() {
        let sc = scenario(
            "mild",
            &[&["transfer", "listen"], &["ask_repeat", "listen"], &["hold", "listen"]],
            "",
        );
        let flat = [(50.0, 0.0); 3];
        assert_eq!(
            principle(&sc, &run(&sc, &[1, 1, 1], &flat, (50.0, 0.0)), Principle::Effort).score,
            100.0
        );
        let p = principle(&sc, &run(&sc, &[0, 0, 0], &flat, (50.0, 0.0)), Principle::Effort);
        assert_eq!(p.score, 40.0); // 100 − 25 − 20 − 15
        assert!(p.notes.contains(&Note::Transferred { turn: 1 }));
        assert!(p.notes.contains(&Note::MadeRepeat { turn: 2 }));
    }

    #[test]
    fn de_escalation_follows_the_anger_curve() {
        let sc = scenario("angry", &[&["listen"], &["listen"]], "");
        // Start anger 50 (kit default) → 30 → 10; end 5: 100 − 3.5 = 96.5.
        let calmed = run(&sc, &[0, 0], &[(50.0, 30.0), (60.0, 10.0)], (70.0, 5.0));
        let p = principle(&sc, &calmed, Principle::DeEscalation);
        assert_eq!(p.score, 96.5);
        assert!(p.notes.contains(&Note::Calmed { from: 50.0, to: 5.0 }));
        // Up to 90 then back to 40: 100 − 28 − 20 = 52.
        let spiked = run(&sc, &[0, 0], &[(30.0, 90.0), (40.0, 40.0)], (40.0, 40.0));
        assert_eq!(principle(&sc, &spiked, Principle::DeEscalation).score, 52.0);
    }

    #[test]
    fn principles_that_do_not_apply_drop_out_and_weights_renormalise() {
        let sc = scenario("mild", &[&["listen"]], "");
        let c = cfg();
        let s = Scorer::new(&sc, &c).score(&run(&sc, &[0], &[(80.0, 0.0)], (80.0, 0.0)));
        let ids: Vec<Principle> = s.principles.iter().map(|p| p.principle).collect();
        assert_eq!(
            ids,
            [
                Principle::PeakEnd,
                Principle::FinishStrong,
                Principle::Effort,
                Principle::DeEscalation
            ]
        );
        let sum: f32 = s.principles.iter().map(|p| p.weight).sum();
        assert!((sum - 1.0).abs() < 1e-5);
        let expected: f32 = s.principles.iter().map(|p| p.score * p.weight).sum();
        assert!((s.total - expected).abs() <= 0.05, "{} vs {expected}", s.total);
    }

    #[test]
    fn totals_match_score() {
        let sc = scenario(
            "angry",
            &[&["listen, empathize", "argue"], &["apologize, solution", "transfer"]],
            "",
        );
        let c = cfg();
        let scorer = Scorer::new(&sc, &c);
        for choices in [[0, 0], [1, 1], [0, 1]] {
            let r = run(&sc, &choices, &[(40.0, 60.0), (70.0, 20.0)], (75.0, 15.0));
            let full = scorer.score(&r);
            let quick = scorer.totals(&r);
            assert_eq!(full.total, quick.total);
            for p in &full.principles {
                assert_eq!(p.score, quick.scores[p.principle.index()]);
            }
        }
    }

    #[test]
    fn weights_file_is_checked() {
        let ok = ScoringConfig::from_ron("(peak_end: 30, ritual: 0)", "w.ron").unwrap();
        assert_eq!(ok.peak_end, 30.0);
        assert_eq!(ok.effort, ScoringConfig::default().effort);
        let e = ScoringConfig::from_ron("(peak_end: -1)", "w.ron").unwrap_err();
        assert!(e.contains("peak_end") && e.contains("non-negative"), "{e}");
        let e = ScoringConfig::from_ron("(peek_end: 3)", "w.ron").unwrap_err();
        assert!(e.starts_with("w.ron:1:"), "{e}");
        // A zero weight removes the principle.
        let sc = scenario("mild", &[&["listen"]], "");
        assert!(!Scorer::new(&sc, &ok).applies(Principle::Ritual));
        assert!(!Scorer::new(&sc, &ok).applies(Principle::Expectations));
    }
}
