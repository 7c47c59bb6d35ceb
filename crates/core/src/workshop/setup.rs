//! The setup file a trainer writes for `workshop new --setup FILE` (RON or JSON; format in
//! docs/workshop.md) and its conversion into a [`Setup`].

use serde::Deserialize;

use super::model::{
    DEFAULT_DISCUSSION_SECS, DEFAULT_ROUNDS, MAX_MEMBERS, MAX_ROUNDS, MAX_TEAMS, Pacing, Round, Setup, Team,
};
use crate::names;

/// The file as written. Everything but `name` and `teams` has a default.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupFile {
    pub name: String,
    pub teams: Vec<Team>,
    /// Number of rounds (assessments); default: one per scenario when several are listed, else 3.
    #[serde(default)]
    pub rounds: Option<usize>,
    /// Scenario id per round; a single id is used for every round.
    pub scenarios: Vec<String>,
    /// Seed per round; missing ones are derived from the workshop id and the round number.
    #[serde(default)]
    pub seeds: Vec<u64>,
    #[serde(default)]
    pub discussion_secs: Option<u32>,
    #[serde(default)]
    pub reward: String,
    #[serde(default)]
    pub penalty: String,
    /// `free` (default: every team at its own pace) or `paced` (the trainer opens each decision).
    #[serde(default)]
    pub pacing: Pacing,
}

impl SetupFile {
    /// Reads RON (`.ron`) or JSON (`.json`), by extension; errors name the file.
    pub fn parse(src: &str, file: &str) -> Result<SetupFile, String> {
        if file.ends_with(".json") {
            serde_json::from_str(src).map_err(|e| format!("{file}: {e}"))
        } else {
            // `rounds: 3`, not `rounds: Some(3)`.
            ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                .from_str(src)
                .map_err(|e| format!("{file}:{e}"))
        }
    }

    /// The setup plus the seeds the trainer chose (None = derive).
    pub fn resolve(self) -> Result<(Setup, Vec<Option<u64>>), String> {
        let pacing = self.pacing;
        let (mut setup, seeds) = build(
            self.name,
            self.teams,
            self.rounds,
            self.scenarios,
            self.seeds,
            self.discussion_secs,
            self.reward,
            self.penalty,
        )?;
        setup.pacing = pacing;
        Ok((setup, seeds))
    }
}

/// Builds a setup from its parts (shared by the file and the command-line flags).
#[allow(clippy::too_many_arguments)]
pub fn build(
    name: String,
    teams: Vec<Team>,
    rounds: Option<usize>,
    scenarios: Vec<String>,
    seeds: Vec<u64>,
    discussion_secs: Option<u32>,
    reward: String,
    penalty: String,
) -> Result<(Setup, Vec<Option<u64>>), String> {
    if scenarios.is_empty() {
        return Err("no scenario given: list one per round (or one for all rounds) / 需要指定场景".into());
    }
    // Unless given: one round per scenario when several are listed, else the course's three.
    let n = rounds.unwrap_or(if scenarios.len() > 1 {
        scenarios.len()
    } else {
        DEFAULT_ROUNDS
    });
    if n == 0 {
        return Err("rounds must be at least 1 / 轮数至少为 1".into());
    }
    if n > MAX_ROUNDS {
        return Err(format!(
            "{n} rounds: at most {MAX_ROUNDS} / 轮数过多（上限 {MAX_ROUNDS}）"
        ));
    }
    if teams.len() > MAX_TEAMS {
        return Err(format!(
            "{} teams: at most {MAX_TEAMS} / 队伍过多（上限 {MAX_TEAMS}）",
            teams.len()
        ));
    }
    // Names as they will be stored: trimmed, NFC, no control characters, bounded.
    let name = names::name(&name, ("workshop name", "工作坊名称"))?;
    let teams = teams
        .into_iter()
        .map(clean_team)
        .collect::<Result<Vec<Team>, String>>()?;
    let reward = names::text(&reward, ("reward", "奖励"))?;
    let penalty = names::text(&penalty, ("penalty", "惩罚"))?;
    if scenarios.len() > 1 && scenarios.len() != n {
        return Err(format!(
            "{} scenarios for {n} rounds: give one per round or a single one for all / 场景数与轮数不符",
            scenarios.len()
        ));
    }
    if seeds.len() > n {
        return Err(format!("{} seeds for {n} rounds / 种子数多于轮数", seeds.len()));
    }
    let rounds = (0..n)
        .map(|i| Round {
            scenario: scenarios[if scenarios.len() == 1 { 0 } else { i }].clone(),
            seed: seeds.get(i).copied().unwrap_or(0),
        })
        .collect();
    let seeds = (0..n).map(|i| seeds.get(i).copied()).collect();
    let setup = Setup {
        name,
        teams,
        rounds,
        discussion_secs: discussion_secs.unwrap_or(DEFAULT_DISCUSSION_SECS),
        reward,
        penalty,
        pacing: Pacing::Free,
    };
    super::rules::validate_setup(&setup)?;
    Ok((setup, seeds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workshop::Role;

    const RON: &str = r#"(name: "W", teams: [(name: "A", members: [(name: "x", role: vice_captain)]), (name: "B")],
        scenarios: ["s1"], seeds: [5], discussion_secs: 30)"#;

    #[test]
    fn defaults_three_rounds_of_one_scenario() {
        let (setup, seeds) = SetupFile::parse(RON, "w.ron").unwrap().resolve().unwrap();
        assert_eq!(setup.rounds.len(), 3);
        assert!(setup.rounds.iter().all(|r| r.scenario == "s1"));
        assert_eq!(seeds, vec![Some(5), None, None]);
        assert_eq!(setup.discussion_secs, 30);
        assert_eq!(setup.teams[0].members[0].role, Role::ViceCaptain);
    }

    #[test]
    fn one_round_per_listed_scenario_and_json() {
        let json = r#"{"name": "W", "teams": [{"name": "A"}], "scenarios": ["a", "b"], "rounds": 2}"#;
        let (setup, _) = SetupFile::parse(json, "w.json").unwrap().resolve().unwrap();
        assert_eq!(setup.rounds.len(), 2);
        assert_eq!(setup.discussion_secs, DEFAULT_DISCUSSION_SECS);
        let ron = RON.replace("[\"s1\"]", "[\"a\", \"b\"]");
        assert_eq!(
            SetupFile::parse(&ron, "w.ron")
                .unwrap()
                .resolve()
                .unwrap()
                .0
                .rounds
                .len(),
            2
        );
    }

    #[test]
    fn bad_setups_are_refused_with_a_reason() {
        let err = |src: &str| SetupFile::parse(src, "w.ron").and_then(|f| f.resolve()).unwrap_err();
        assert!(err(&RON.replace("(name: \"B\")", "(name: \"A\")")).contains("two teams"));
        assert!(
            err(&RON
                .replace("[\"s1\"]", "[\"a\", \"b\"]")
                .replace("scenarios", "rounds: 3, scenarios"))
            .contains("2 scenarios for 3 rounds")
        );
        assert!(err(&RON.replace("vice_captain", "king")).starts_with("w.ron:1:"));
        assert!(err(&RON.replace("discussion_secs", "discusion_secs")).contains("discusion_secs"));
    }
}

/// A team in its stored form: names trimmed and NFC-normalised, bounded, no control characters
/// (see `crate::names`); an error names what is wrong, in both languages.
pub fn clean_team(t: Team) -> Result<Team, String> {
    if t.members.len() > MAX_MEMBERS {
        return Err(format!(
            "team \"{}\": {} members, at most {MAX_MEMBERS} / 队员过多（上限 {MAX_MEMBERS}）",
            names::normal(&t.name),
            t.members.len()
        ));
    }
    Ok(Team {
        name: names::name(&t.name, ("team name", "队名"))?,
        slogan: names::text(&t.slogan, ("slogan", "口号"))?,
        members: t
            .members
            .into_iter()
            .map(|m| {
                Ok(super::model::Member {
                    name: names::name(&m.name, ("member name", "队员姓名"))?,
                    role: m.role,
                })
            })
            .collect::<Result<_, String>>()?,
        withdrawn: t.withdrawn,
    })
}
