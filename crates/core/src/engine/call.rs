//! A call in progress: the one home for "play a customer call" that every front end uses (the
//! game's play screen, the terminal, a workshop round; later a team's browser through the host).
//!
//! A call is kept as scenario + seed + choices, never as a second copy of the customer's state: the
//! customer is replayed through the engine when needed (microseconds), so what a front end shows,
//! what the coach judges and what is scored and stored always agree.

use std::sync::Arc;

use super::coach::{Advice, assess};
use super::compile::Compiled;
use super::report::{Debrief, debrief};
use super::scoring::{Score, Scorer, ScoringConfig};
use super::sim::{Mood, PlayError, Run, Sim, SimError, play};
use super::text::Text;

#[derive(Clone, Debug)]
pub struct Call {
    scenario: Arc<Compiled>,
    seed: u64,
    /// 0-based choices so far.
    choices: Vec<usize>,
    /// The coach's verdict on each choice (None when the coach was off or could not judge).
    advice: Vec<Option<Advice>>,
    /// Where the call began when not at the scenario's start: a node and the customer's state
    /// there (the lab's "play from here", [`Call::from_node`]).
    from: Option<(usize, Mood)>,
}

/// A finished call, scored: what is shown (the debrief) and what is stored (run and score).
#[derive(Clone, Debug)]
pub struct Finished {
    pub run: Run,
    pub score: Score,
    pub debrief: Debrief,
}

impl Call {
    pub fn new(scenario: Arc<Compiled>, seed: u64) -> Call {
        Call {
            scenario,
            seed,
            choices: Vec::new(),
            advice: Vec::new(),
            from: None,
        }
    }

    /// A call that begins at `node` with the customer in `mood` ([`Sim::from_state`]): the lab's
    /// "play from here". `None` if the node does not exist.
    pub fn from_node(scenario: Arc<Compiled>, seed: u64, node: usize, mood: Mood) -> Option<Call> {
        Sim::from_state(&scenario, seed, node, mood)?;
        Some(Call {
            scenario,
            seed,
            choices: Vec::new(),
            advice: Vec::new(),
            from: Some((node, mood)),
        })
    }

    /// The node and customer state the call began with, when not the scenario's start.
    pub fn began_at(&self) -> Option<(usize, Mood)> {
        self.from
    }

    /// A call with these 0-based choices already made; an error if one does not exist or the call
    /// ended before them. The call may still be going.
    pub fn replay(scenario: Arc<Compiled>, seed: u64, choices: &[usize]) -> Result<Call, PlayError> {
        // Checked with one customer played forward (not a replay per choice).
        let mut sim = Sim::new(&scenario, seed);
        for (i, &c) in choices.iter().enumerate() {
            if sim.finished() {
                return Err(PlayError::TooMany {
                    used: i,
                    given: choices.len(),
                });
            }
            sim.choose(c).map_err(PlayError::Sim)?;
        }
        drop(sim);
        Ok(Call {
            scenario,
            seed,
            choices: choices.to_vec(),
            advice: vec![None; choices.len()],
            from: None,
        })
    }

    /// The call moved onto an edited version of its scenario (live reload): the same choices,
    /// matched by node name and by the options' numbers as written in the file, so editing texts,
    /// acts or effects keeps the call going. When the edit changes the path already played (a node
    /// it passed through is renamed or now reached another way, an option it took is gone, the
    /// call now ends earlier), the reason is returned and the caller keeps the call as it was.
    pub fn carry_over(&self, edited: Arc<Compiled>) -> Result<Call, Text> {
        let old = self.sim();
        let from = match self.from {
            None => None,
            Some((node, mood)) => {
                let name = &self.scenario.names[node];
                let Some(n) = edited.node_index(name) else {
                    return Err(Text::new(
                        format!("改过的文件里没有通话起点“{name}”了"),
                        format!("the edited file has no node \"{name}\" to begin the call at any more"),
                    ));
                };
                Some((n, mood))
            }
        };
        let mut sim = match from {
            Some((n, mood)) => Sim::from_state(&edited, self.seed, n, mood).expect("the node exists"),
            None => Sim::new(&edited, self.seed),
        };
        let mut choices = Vec::with_capacity(self.choices.len());
        for (i, t) in old.run().turns.iter().enumerate() {
            let turn = i + 1;
            let was = &self.scenario.names[t.node];
            if sim.finished() {
                return Err(Text::new(
                    format!("改过的文件里，通话在第 {turn} 回合之前就结束了"),
                    format!("in the edited file the call ends before turn {turn}"),
                ));
            }
            let now = &edited.names[sim.node()];
            if now != was {
                return Err(Text::new(
                    format!("改过的文件里，第 {turn} 回合走到了节点“{now}”，而不是“{was}”"),
                    format!("in the edited file turn {turn} reaches node \"{now}\", not \"{was}\""),
                ));
            }
            let written = self
                .scenario
                .written_number(t.node, t.option)
                .expect("a played option exists");
            let Some(c) = edited.played_index(sim.node(), written) else {
                return Err(Text::new(
                    format!("改过的文件里，节点“{now}”没有第 {written} 个选项了"),
                    format!("in the edited file node \"{now}\" has no option {written} any more"),
                ));
            };
            sim.choose(c).expect("the option exists");
            choices.push(c);
        }
        // Where the last choice led must be the same too.
        let name = |sc: &Compiled, s: &Sim| match s.run().ending {
            Some(e) => sc.names[e].clone(),
            None if s.finished() => "(turn limit)".into(),
            None => sc.names[s.node()].clone(),
        };
        let (was, now) = (name(&self.scenario, &old), name(&edited, &sim));
        if was != now {
            let turn = self.choices.len();
            return Err(Text::new(
                format!("改过的文件里，第 {turn} 回合的选择通向“{now}”，而不是“{was}”"),
                format!("in the edited file the choice at turn {turn} leads to \"{now}\", not \"{was}\""),
            ));
        }
        drop(sim);
        Ok(Call {
            scenario: edited,
            seed: self.seed,
            advice: self.advice.clone(),
            choices,
            from,
        })
    }

    pub fn scenario(&self) -> &Arc<Compiled> {
        &self.scenario
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn choices(&self) -> &[usize] {
        &self.choices
    }
    pub fn advice(&self) -> &[Option<Advice>] {
        &self.advice
    }

    /// The customer after the choices so far.
    pub fn sim(&self) -> Sim<'_> {
        let mut sim = match self.from {
            Some((node, mood)) => Sim::from_state(&self.scenario, self.seed, node, mood).expect("checked when made"),
            None => Sim::new(&self.scenario, self.seed),
        };
        for &c in &self.choices {
            sim.choose(c)
                .expect("every recorded choice was checked when it was made");
        }
        sim
    }

    pub fn finished(&self) -> bool {
        self.sim().finished()
    }

    /// Takes option `i` (0-based). With `coach`, the choice is judged first from the state before
    /// it (see [`assess`]); the verdict is returned and kept with the call.
    pub fn choose(&mut self, i: usize, coach: Option<&ScoringConfig>) -> Result<Option<Advice>, SimError> {
        let sim = self.sim();
        let advice = match coach {
            Some(cfg) => assess(&self.scenario, cfg, &sim, i)?,
            None => {
                sim.clone().choose(i)?;
                None
            }
        };
        self.choices.push(i);
        self.advice.push(advice.clone());
        Ok(advice)
    }

    /// Plays and scores the call without building its debrief (all that recording a run needs: the
    /// debrief's per-turn judgement searches every path); an error if the call has not ended.
    pub fn score(&self, cfg: &ScoringConfig) -> Result<(Run, Score), PlayError> {
        let run = match self.from {
            None => play(&self.scenario, self.seed, &self.choices)?,
            Some(_) => {
                let sim = self.sim();
                if !sim.finished() {
                    return Err(PlayError::TooFew {
                        given: self.choices.len(),
                        node: self.scenario.names[sim.node()].clone(),
                        options: sim.options().len(),
                    });
                }
                sim.into_run()
            }
        };
        let score = Scorer::new(&self.scenario, cfg).score(&run);
        Ok((run, score))
    }

    /// Scores the call and builds its debrief; an error if the call has not ended.
    pub fn finish(&self, cfg: &ScoringConfig) -> Result<Finished, PlayError> {
        let (run, score) = self.score(cfg)?;
        let debrief = debrief(&self.scenario, cfg, &run, &score);
        Ok(Finished { run, score, debrief })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::coach::Verdict;
    use crate::engine::testkit;

    fn sc() -> Arc<Compiled> {
        Arc::new(testkit::scenario(
            "angry",
            &[
                &["listen, empathize, apologize", "argue"],
                &["solution", "excuse"],
                &["thank"],
            ],
            "",
        ))
    }

    #[test]
    fn a_call_replays_to_the_same_customer_and_scores_like_the_engine() {
        let cfg = ScoringConfig::default();
        let mut call = Call::new(sc(), 5);
        assert!(
            call.choose(0, Some(&cfg))
                .unwrap()
                .is_some_and(|a| a.verdict == Verdict::Good)
        );
        assert!(
            call.choose(1, Some(&cfg))
                .unwrap()
                .is_some_and(|a| a.verdict == Verdict::Risky)
        );
        assert!(!call.finished());
        assert!(call.finish(&cfg).is_err(), "an unfinished call cannot be scored");
        call.choose(0, None).unwrap();
        assert!(call.finished());
        let f = call.finish(&cfg).unwrap();
        let run = play(call.scenario(), 5, &[0, 1, 0]).unwrap();
        assert_eq!(f.run, run);
        assert_eq!(f.score, Scorer::new(call.scenario(), &cfg).score(&run));
        assert_eq!(call.advice().len(), 3);
        assert_eq!(call.advice()[2], None);
        // The same choices replayed give the same call.
        let again = Call::replay(sc(), 5, &[0, 1, 0]).unwrap();
        assert_eq!(again.finish(&cfg).unwrap().run, f.run);
    }

    #[test]
    fn a_call_from_a_node_begins_there_with_the_mood_given_and_scores_its_own_turns() {
        let cfg = ScoringConfig::default();
        let sc = sc();
        let second = sc.node_index("t1").unwrap();
        let mood = Mood {
            satisfaction: 40.0,
            anger: 10.0,
            trust: 55.0,
            patience: 130.0,
            expectation: 50.0,
        };
        let mut call = Call::from_node(sc.clone(), 3, second, mood).unwrap();
        let sim = call.sim();
        assert_eq!(sim.node(), second);
        assert_eq!(sim.mood().patience, 100.0, "clamped");
        assert_eq!(sim.mood().satisfaction, 40.0);
        assert_eq!(call.began_at().map(|(n, _)| n), Some(second));
        call.choose(0, Some(&cfg)).unwrap();
        assert!(!call.finished());
        assert!(call.finish(&cfg).is_err());
        call.choose(0, None).unwrap();
        let f = call.finish(&cfg).unwrap();
        assert_eq!(f.run.turns.len(), 2, "only the turns played from the node");
        assert_eq!(f.run.turns[0].node, second);
        assert_eq!(f.run.start.satisfaction, 40.0);
        // A different starting mood gives a different run from the same choices.
        let calmer = Mood {
            satisfaction: 90.0,
            ..mood
        };
        let mut other = Call::from_node(sc.clone(), 3, second, calmer).unwrap();
        other.choose(0, None).unwrap();
        other.choose(0, None).unwrap();
        assert_ne!(other.finish(&cfg).unwrap().run.final_mood, f.run.final_mood);
        assert!(Call::from_node(sc.clone(), 3, 999, mood).is_none());
        // An edited file carries the call over from the same node.
        let moved = call.carry_over(sc.clone()).unwrap();
        assert_eq!(moved.began_at().map(|(n, _)| n), Some(second));
        assert_eq!(moved.finish(&cfg).unwrap().run, f.run);
    }

    #[test]
    fn bad_choices_change_nothing() {
        let mut call = Call::new(sc(), 1);
        assert!(call.choose(7, None).is_err());
        assert!(call.choose(7, Some(&ScoringConfig::default())).is_err());
        assert!(call.choices().is_empty() && call.advice().is_empty());
        assert!(matches!(
            Call::replay(sc(), 1, &[0, 0, 0, 0]),
            Err(PlayError::TooMany { used: 3, given: 4 })
        ));
        assert!(Call::replay(sc(), 1, &[5]).is_err());
    }
}
