//! `service-arena workshop …` and `service-arena history …`: the team-PK workshop and practice
//! history from a terminal (docs/workshop.md). The rules are `crate::workshop::rules`, storage is
//! `crate::store`; this module parses, calls them and prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{CliError, Res};
use crate::cases::CaseError;
use crate::engine::compile::CNode;
use crate::engine::{Compiled, Lang, ScoringConfig, Text};
use crate::store::{self, Store};
use crate::workshop::rules::{self, DecisionStat, RoundResults, TeamState};
use crate::workshop::setup::SetupFile;
use crate::workshop::{TeamRun, Workshop};

mod files;
mod history;
mod host;
mod script;
mod show;

pub use files::write_output;
use files::{CSV_PRACTICE_HEAD, CSV_WORKSHOP_HEAD};
pub use history::{HistoryCmd, run_history};
pub use script::{parse_script, read_script};
pub use show::print_results;
use show::print_status;

#[derive(Subcommand, Debug)]
pub enum WorkshopCmd {
    /// Create a workshop from a setup file (RON or JSON; format in docs/workshop.md).
    New {
        #[arg(long, value_name = "FILE")]
        setup: PathBuf,
    },
    /// The workshops in the database, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// The round being played, who has played, who is next.
    Status {
        #[command(flatten)]
        ws: WsArg,
        #[arg(long)]
        json: bool,
    },
    /// Record runs in the current round: one team (--team, --choices) or a whole script (--script).
    PlayRound {
        #[command(flatten)]
        ws: WsArg,
        /// The team playing (its name from the setup).
        #[arg(long, requires = "choices", conflicts_with = "script")]
        team: Option<String>,
        /// The team's 1-based choices, e.g. 1,3,2.
        #[arg(long, value_delimiter = ',', num_args = 1.., requires = "team")]
        choices: Option<Vec<usize>>,
        /// A file with one line per team: `TEAM = 1,3,2` (`#` starts a comment).
        #[arg(long, value_name = "FILE", required_unless_present = "team")]
        script: Option<PathBuf>,
    },
    /// Mark a team absent for the current round (it can still play later in the round).
    Skip(TeamReason),
    /// Set a team's run aside so it plays the round again; the reason is recorded.
    Redo {
        #[command(flatten)]
        who: TeamReason,
        /// The round (default: the current round, or the last one played if it is complete).
        #[arg(long)]
        round: Option<usize>,
    },
    /// Pause: no runs, skips or redos are recorded until `resume`.
    Pause {
        #[command(flatten)]
        ws: WsArg,
    },
    /// Resume a paused workshop.
    Resume {
        #[command(flatten)]
        ws: WsArg,
    },
    /// Ranking, awards, announcements, position changes, decision counts, weakest principles.
    Results {
        #[command(flatten)]
        ws: WsArg,
        /// The round (default: the current round, or the last one once all are complete).
        #[arg(long)]
        round: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Open the room without a window: teams join from their browsers; trainer commands are read
    /// from standard input, one per line (start, end, pause, resume, lock, unlock, next,
    /// release N, rename N NAME, remove N REASON, redo N REASON, status, quit).
    Host {
        #[command(flatten)]
        ws: WsArg,
        /// IP and port to listen on, e.g. 192.168.1.20:8080 (port 0: any free port). Use the
        /// address of the network the teams are on; 127.0.0.1 for this machine only.
        #[arg(long, value_name = "IP:PORT")]
        bind: std::net::SocketAddr,
        /// The database file (default: the one in --data DIR or the platform data directory).
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
    },
    /// Write a CSV (UTF-8 with BOM, opens in Excel): one row per team per round, a column per principle.
    Export {
        #[command(flatten)]
        ws: WsArg,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct WsArg {
    /// Workshop id or name (default: the newest workshop).
    #[arg(value_name = "WS")]
    pub workshop: Option<String>,
}

/// A team of a workshop and the trainer's reason (skip, redo).
#[derive(Args, Debug)]
pub struct TeamReason {
    #[command(flatten)]
    pub ws: WsArg,
    #[arg(long)]
    pub team: String,
    /// Why (recorded with the workshop and shown in the export).
    #[arg(long)]
    pub reason: String,
}

fn t(lang: Lang, zh: &str, en: &str) -> String {
    Text::new(zh, en).get(lang).to_string()
}

fn store_err(e: store::StoreError) -> CliError {
    CliError(e.to_string())
}

/// Opens the database: `--data DIR`, else `$SERVICE_ARENA_DATA`, else the platform data directory.
/// A corrupt or foreign file is moved aside (the error names its new path) and nothing is written.
pub fn open_store(data: Option<&Path>) -> Res<Store> {
    let path = Store::path_in(data).map_err(store_err)?;
    Store::open(&path).map_err(store_err)
}

fn find(store: &Store, ws: &WsArg) -> Res<Workshop> {
    let id = match &ws.workshop {
        Some(key) => store.find_workshop(key).map_err(store_err)?,
        None => match store.workshops().map_err(store_err)?.first() {
            Some(w) => w.id,
            None => {
                return Err(CliError(
                    "no workshop yet: create one with `service-arena workshop new --setup FILE` / 还没有工作坊".into(),
                ));
            }
        },
    };
    store.workshop(id).map_err(store_err)
}

fn team_index(ws: &Workshop, name: &str) -> Res<usize> {
    // Names are stored trimmed and NFC-normalised; look the typed name up in the same form.
    ws.team_index(&crate::names::normal(name)).ok_or_else(|| {
        let known: Vec<&str> = ws.setup.teams.iter().map(|t| t.name.as_str()).collect();
        CliError(format!(
            "no team \"{name}\" in workshop \"{}\" (teams: {}) / 没有这个队伍",
            ws.setup.name,
            known.join(", ")
        ))
    })
}

use rules::{round_to_show as results_round, shown_round};

pub fn run_workshop(
    cmd: &WorkshopCmd,
    dir: Option<&Path>,
    data: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
) -> Res<()> {
    // A room on another database file: the default one is not opened (nor created).
    if let WorkshopCmd::Host { ws, bind, db: Some(db) } = cmd {
        return host::run_host(ws, *bind, db, dir, lang, out);
    }
    let mut store = open_store(data)?;
    match cmd {
        WorkshopCmd::New { setup } => {
            let src = super::read_small(setup)?;
            let file = setup.display().to_string();
            let (setup, seeds) = SetupFile::parse(&src, &file)?
                .resolve()
                .map_err(|e| format!("{file}: {e}"))?;
            let lib = super::library(dir, lang)?;
            for (i, r) in setup.rounds.iter().enumerate() {
                if lib.find(&r.scenario).is_none() {
                    let known: Vec<&str> = lib.scenarios.iter().map(|s| s.id.as_str()).collect();
                    return Err(CliError(format!(
                        "{file}: round {}: no scenario with id \"{}\" (known: {})",
                        i + 1,
                        r.scenario,
                        known.join(", ")
                    )));
                }
            }
            let id = store.create_workshop(&setup, &seeds, store::now()).map_err(store_err)?;
            let ws = store.workshop(id).map_err(store_err)?;
            writeln!(
                out,
                "{} {id}: {} — {} {}, {} {} ({})",
                t(lang, "已创建工作坊", "created workshop"),
                ws.setup.name,
                ws.setup.teams.len(),
                t(lang, "队", "teams"),
                ws.setup.rounds.len(),
                t(lang, "轮", "rounds"),
                store.path().display()
            )?;
            print_status(out, &ws, lang)?;
        }
        WorkshopCmd::List { json } => {
            let list = store.workshops().map_err(store_err)?;
            if *json {
                serde_json::to_writer_pretty(&mut *out, &list)?;
                writeln!(out)?;
            } else if list.is_empty() {
                writeln!(out, "{}", t(lang, "还没有工作坊。", "No workshops yet."))?;
            } else {
                for w in list {
                    writeln!(
                        out,
                        "{:>4}  {}  {}  {} {} · {} {} · {} {}",
                        w.id,
                        crate::workshop::csv::utc(w.created_at),
                        w.name,
                        w.teams,
                        t(lang, "队", "teams"),
                        w.rounds,
                        t(lang, "轮", "rounds"),
                        w.runs,
                        t(lang, "次对练", "runs")
                    )?;
                }
            }
        }
        WorkshopCmd::Status { ws, json } => {
            let ws = find(&store, ws)?;
            if *json {
                serde_json::to_writer_pretty(&mut *out, &rules::status(&ws))?;
                writeln!(out)?;
            } else {
                print_status(out, &ws, lang)?;
            }
        }
        WorkshopCmd::PlayRound {
            ws,
            team,
            choices,
            script,
        } => {
            let ws = find(&store, ws)?;
            let lines = match (team, choices, script) {
                (_, _, Some(path)) => read_script(path)?,
                (Some(team), Some(choices), None) => vec![(team.clone(), choices.clone())],
                _ => return Err(CliError("give --team with --choices, or --script FILE".into())),
            };
            play_round(&mut store, ws, &lines, dir, lang, out)?;
        }
        WorkshopCmd::Skip(TeamReason { ws, team, reason }) => {
            let ws = find(&store, ws)?;
            let idx = team_index(&ws, team)?;
            let round = shown_round(&ws);
            store
                .skip_team(ws.id, round, idx, reason, store::now())
                .map_err(store_err)?;
            writeln!(
                out,
                "{}",
                Text::new(
                    format!("第 {round} 轮：{team} 缺席（{reason}）"),
                    format!("round {round}: {team} skipped ({reason})")
                )
                .get(lang)
            )?;
            print_status(out, &store.workshop(ws.id).map_err(store_err)?, lang)?;
        }
        WorkshopCmd::Redo {
            who: TeamReason { ws, team, reason },
            round,
        } => {
            let ws = find(&store, ws)?;
            let idx = team_index(&ws, team)?;
            // Default: the current round if the team played it, else the last round it played.
            let round = round.unwrap_or_else(|| {
                (1..=shown_round(&ws))
                    .rev()
                    .find(|&r| ws.active_run(r, idx).is_some())
                    .unwrap_or(shown_round(&ws))
            });
            store
                .redo_team(ws.id, round, idx, reason, store::now())
                .map_err(store_err)?;
            writeln!(
                out,
                "{}",
                Text::new(
                    format!("第 {round} 轮：{team} 的成绩作废，重新对练（原因：{reason}）"),
                    format!("round {round}: {team}'s run set aside to be played again (reason: {reason})")
                )
                .get(lang)
            )?;
        }
        WorkshopCmd::Pause { ws } | WorkshopCmd::Resume { ws } => {
            let pause = matches!(cmd, WorkshopCmd::Pause { .. });
            let ws = find(&store, ws)?;
            if ws.paused == pause {
                return Err(CliError(if pause {
                    format!("workshop \"{}\" is already paused / 工作坊已暂停", ws.setup.name)
                } else {
                    format!("workshop \"{}\" is not paused / 工作坊未暂停", ws.setup.name)
                }));
            }
            store.set_paused(ws.id, pause).map_err(store_err)?;
            writeln!(
                out,
                "{} {}",
                ws.setup.name,
                if pause {
                    t(lang, "已暂停", "paused")
                } else {
                    t(lang, "已恢复", "resumed")
                }
            )?;
        }
        WorkshopCmd::Results { ws, round, json } => {
            let ws = find(&store, ws)?;
            let res = rules::results(&ws, round.unwrap_or_else(|| results_round(&ws)))?;
            if *json {
                serde_json::to_writer_pretty(&mut *out, &res)?;
                writeln!(out)?;
            } else {
                let sc = super::library(dir, lang)
                    .ok()
                    .and_then(|lib| lib.find(&res.scenario).cloned());
                print_results(out, &res, sc.as_ref(), lang)?;
            }
        }
        WorkshopCmd::Host { ws, bind, .. } => {
            let path = store.path().to_path_buf();
            // The room's server opens the database itself.
            drop(store);
            host::run_host(ws, *bind, &path, dir, lang, out)?;
        }
        WorkshopCmd::Export { ws, out: file } => {
            let ws = find(&store, ws)?;
            write_output(
                file,
                &crate::workshop::csv::workshop(&ws),
                &[CSV_WORKSHOP_HEAD, CSV_PRACTICE_HEAD],
                Some(store.path()),
            )?;
            eprintln!(
                "wrote {} ({} teams × {} rounds)",
                file.display(),
                ws.setup.teams.len(),
                ws.setup.rounds.len()
            );
        }
    }
    Ok(())
}

/// Plays and records each (team, choices) in the current round. Everything is checked first
/// (teams, choices, the rules), so bad input records nothing; then all runs are written in one
/// transaction (every line or none) and reported.
fn play_round(
    store: &mut Store,
    ws: Workshop,
    lines: &[(String, Vec<usize>)],
    dir: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
) -> Res<()> {
    let complete = || {
        CliError(format!(
            "every round of \"{}\" is complete; see `workshop results` / 所有轮次均已结束",
            ws.setup.name
        ))
    };
    let twice = |key: &str| {
        CliError(format!(
            "team \"{key}\" is named twice in the script; nothing was recorded / 脚本中“{key}”出现了两次，未记录任何成绩"
        ))
    };
    let Some(round) = rules::current_round(&ws) else {
        return Err(complete());
    };
    let r = ws.setup.rounds[round - 1].clone();
    let sc = std::sync::Arc::new(super::resolve(&r.scenario, dir, lang)?);
    let cfg = ScoringConfig::default();
    for (k, (name, _)) in lines.iter().enumerate() {
        let key = crate::names::normal(name);
        if lines[..k].iter().any(|(n, _)| crate::names::normal(n) == key) {
            return Err(twice(&key));
        }
    }
    let mut calls = Vec::with_capacity(lines.len());
    for (name, choices) in lines {
        let team = team_index(&ws, name)?;
        if let Some(bad) = choices.iter().find(|c| **c == 0) {
            return Err(CliError(format!("{name}: choice {bad}: choices are numbered from 1")));
        }
        calls.push((team, choices.iter().map(|c| c - 1).collect::<Vec<usize>>()));
    }
    // Played and recorded in one transaction: a script records every line or nothing.
    let name_of = |team: usize| ws.setup.teams[team].name.clone();
    let recorded = crate::cases::play_team_round(store, &ws, &sc, &cfg, &calls).map_err(|e| match e {
        CaseError::Rule { error, .. } => CliError(error.to_string()),
        CaseError::Play { team, error } => CliError(format!("{}: {error}", name_of(team))),
        CaseError::Store(e) => store_err(e),
        // Both are checked above with the names as typed; the use-case checks them again.
        CaseError::Complete => complete(),
        CaseError::TwiceInBatch { team } => twice(&name_of(team)),
    })?;
    let runs: Vec<(String, TeamRun)> = recorded.into_iter().map(|tr| (name_of(tr.team), tr)).collect();
    for (name, tr) in runs {
        writeln!(
            out,
            "{}",
            Text::new(
                format!(
                    "已记录 第 {round} 轮 {name}:{:.1} 分（{}）",
                    tr.total,
                    tr.outcome.as_deref().unwrap_or("-")
                ),
                format!(
                    "recorded round {round} {name}: {:.1} ({})",
                    tr.total,
                    tr.outcome.as_deref().unwrap_or("-")
                )
            )
            .get(lang)
        )?;
        out.flush()?;
    }
    print_status(out, &store.workshop(ws.id).map_err(store_err)?, lang)?;
    Ok(())
}
