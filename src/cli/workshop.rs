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

#[derive(Subcommand, Debug)]
pub enum HistoryCmd {
    /// Practice runs: the players, or one player's runs.
    List {
        #[arg(long)]
        player: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write one player's practice history as CSV (UTF-8 with BOM).
    Export {
        #[arg(long)]
        player: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
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

pub fn run_history(cmd: &HistoryCmd, data: Option<&Path>, lang: Lang, out: &mut impl Write) -> Res<()> {
    let store = open_store(data)?;
    match cmd {
        HistoryCmd::List { player: None, json } => {
            let players = store.players().map_err(store_err)?;
            if *json {
                serde_json::to_writer_pretty(&mut *out, &players)?;
                writeln!(out)?;
            } else {
                for p in players {
                    let n = store.practice_runs(&p).map_err(store_err)?.len();
                    writeln!(out, "{p}  ({n} {})", t(lang, "次练习", "runs"))?;
                }
            }
        }
        HistoryCmd::List {
            player: Some(player),
            json,
        } => {
            let runs = store.practice_runs(player).map_err(store_err)?;
            if runs.is_empty() {
                return Err(CliError(format!(
                    "no practice history for \"{player}\" / 没有“{player}”的练习记录"
                )));
            }
            if *json {
                let rows: Vec<serde_json::Value> = runs
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "player": r.player, "scenario": r.scenario, "seed": r.seed, "choices": r.choices,
                            "total": r.total, "outcome": r.outcome, "finished_at": r.finished_at,
                            "principles": r.principles.iter().map(|(p, s)| (p.id(), *s))
                                .collect::<std::collections::BTreeMap<_, _>>(),
                        })
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                writeln!(out)?;
            } else {
                for r in &runs {
                    writeln!(
                        out,
                        "{}  {:<22} {:>5.1}  {}",
                        crate::workshop::csv::utc(r.finished_at),
                        r.scenario,
                        r.total,
                        r.outcome.as_deref().unwrap_or("-")
                    )?;
                }
            }
        }
        HistoryCmd::Export { player, out: file } => {
            let runs = store.practice_runs(player).map_err(store_err)?;
            if runs.is_empty() {
                return Err(CliError(format!(
                    "no practice history for \"{player}\" / 没有“{player}”的练习记录"
                )));
            }
            write_output(
                file,
                &crate::workshop::csv::practice(&runs),
                &[CSV_WORKSHOP_HEAD, CSV_PRACTICE_HEAD],
                Some(store.path()),
            )?;
            eprintln!("wrote {} ({} runs)", file.display(), runs.len());
        }
    }
    Ok(())
}

/// How the CSV exports begin (after the byte-order mark).
const CSV_WORKSHOP_HEAD: &str = "\u{feff}workshop 工作坊,";
const CSV_PRACTICE_HEAD: &str = "\u{feff}player 学员,";

/// Same file (after symlinks), by device and inode where the platform has them.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        _ => false,
    }
}

/// Writes an export or the catalogue without ever destroying something else: never onto the open
/// database (or its journal), never over an SQLite file or anything that is not an earlier output of
/// the same kind (`earlier`: how such a file begins), and through a temporary file in the same
/// directory renamed into place, so a failed write leaves the old file as it was.
pub(super) fn write_output(path: &Path, text: &str, earlier: &[&str], db: Option<&Path>) -> Res<()> {
    use std::io::Read;
    let refuse = |why: String| CliError(format!("{}: {why}; nothing was written", path.display()));
    if let Some(db) = db {
        let sides = ["", "-journal", "-wal", "-shm"].map(|s| PathBuf::from(format!("{}{s}", db.display())));
        if sides.iter().any(|d| same_file(path, d)) {
            return Err(refuse(
                "this is the program's own database / 这是程序自己的数据库，不能覆盖".into(),
            ));
        }
    }
    let target = match std::fs::metadata(path) {
        Err(_) => path.to_path_buf(),
        Ok(m) if !m.is_file() => {
            return Err(refuse("exists and is not a regular file / 目标不是普通文件".into()));
        }
        Ok(_) => {
            let mut head = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(4096).read_to_end(&mut head))
                .map_err(|e| refuse(format!("cannot read the existing file: {e}")))?;
            if head.starts_with(crate::store::SQLITE_MAGIC) {
                return Err(refuse(
                    "is an SQLite database; choose another file name / 目标是数据库文件，请换一个文件名".into(),
                ));
            }
            let earlier_output = earlier.iter().any(|e| head.starts_with(e.as_bytes()));
            if !head.is_empty() && !earlier_output {
                return Err(refuse(
                    "exists and is not an earlier output of this command; choose another file name or remove it first \
                     / 目标文件已存在且不是之前导出的文件，请换一个文件名"
                        .into(),
                ));
            }
            // Through a symlink, replace the file it points to, not the link.
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        CliError(format!("{}: cannot write: {e} / 无法写入", path.display()))
    })
}

/// Reads a play script: `TEAM = 1,3,2` per line; blank lines and `#` comments are ignored.
pub fn read_script(path: &Path) -> Res<Vec<(String, Vec<usize>)>> {
    let src = super::read_small(path)?;
    parse_script(&src).map_err(|e| CliError(format!("{}:{e}", path.display())))
}

/// Parses a play script; errors start with the line number.
pub fn parse_script(src: &str) -> Result<Vec<(String, Vec<usize>)>, String> {
    let mut lines = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let line = line
            .split('#')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let Some((team, choices)) = line.rsplit_once('=') else {
            return Err(format!("{}: expected `TEAM = 1,3,2`, found \"{line}\"", i + 1));
        };
        let choices: Vec<usize> = choices
            .split(',')
            .map(|c| c.trim().parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                format!(
                    "{}: choices must be numbers like 1,3,2, found \"{}\"",
                    i + 1,
                    choices.trim()
                )
            })?;
        lines.push((team.trim().to_string(), choices));
    }
    if lines.is_empty() {
        return Err("1: the script has no `TEAM = choices` line".into());
    }
    Ok(lines)
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
    let Some(round) = rules::current_round(&ws) else {
        return Err(CliError(format!(
            "every round of \"{}\" is complete; see `workshop results` / 所有轮次均已结束",
            ws.setup.name
        )));
    };
    let r = ws.setup.rounds[round - 1].clone();
    let sc = std::sync::Arc::new(super::resolve(&r.scenario, dir, lang)?);
    let cfg = ScoringConfig::default();
    for (k, (name, _)) in lines.iter().enumerate() {
        let key = crate::names::normal(name);
        if lines[..k].iter().any(|(n, _)| crate::names::normal(n) == key) {
            return Err(CliError(format!(
                "team \"{key}\" is named twice in the script; nothing was recorded / 脚本中“{key}”出现了两次，未记录任何成绩"
            )));
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
        CaseError::Rule { message, .. } => CliError(message),
        CaseError::Play { team, error } => CliError(format!("{}: {error}", name_of(team))),
        CaseError::Store(e) => store_err(e),
        CaseError::Complete | CaseError::TwiceInBatch { .. } => {
            unreachable!("both were checked above")
        }
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

fn print_status(out: &mut impl Write, ws: &Workshop, lang: Lang) -> Res<()> {
    let st = rules::status(ws);
    let (name, id, n) = (&st.workshop, st.id, st.rounds);
    let (sc, seed) = (st.scenario.as_deref().unwrap_or("-"), st.seed.unwrap_or(0));
    let head = match st.round {
        Some(r) => Text::new(
            format!("{name}(#{id}) 第 {r}/{n} 轮 · 场景 {sc} · 种子 {seed}"),
            format!("{name} (#{id}) round {r}/{n} · scenario {sc} · seed {seed}"),
        ),
        None => Text::new(
            format!("{}(#{}) 全部 {} 轮已结束", st.workshop, st.id, st.rounds),
            format!("{} (#{}) all {} rounds complete", st.workshop, st.id, st.rounds),
        ),
    };
    write!(out, "{}", head.get(lang))?;
    if st.paused {
        write!(out, "  [{}]", t(lang, "已暂停", "PAUSED"))?;
    }
    writeln!(out)?;
    for (name, state) in &st.teams {
        let s = match state {
            TeamState::Played { total } => format!("{total:.1}"),
            TeamState::Skipped { reason } => format!("{} ({reason})", t(lang, "缺席", "skipped")),
            TeamState::Waiting => t(lang, "等待", "waiting"),
        };
        writeln!(out, "  {name}  {s}")?;
    }
    if let Some(next) = &st.next {
        writeln!(out, "{}: {next}", t(lang, "下一队", "next"))?;
    }
    Ok(())
}

/// "3 of 6 teams chose option 2 (argue, blame)" with the option's text when the scenario loads.
fn option_label(sc: Option<&Compiled>, node: &str, option: usize, lang: Lang) -> String {
    let found = sc.and_then(|sc| {
        let i = sc.names.iter().position(|n| n == node)?;
        let CNode::Turn { options, .. } = &sc.nodes[i] else {
            return None;
        };
        let o = options.get(option.checked_sub(1)?)?;
        let acts: Vec<String> = o.acts.iter().map(|a| sc.act_name(*a)).collect();
        let text = o.text.get(lang);
        let short: String = text.chars().take(36).collect();
        let more = if short.len() < text.len() { "…" } else { "" };
        Some(format!("「{short}{more}」 [{}]", acts.join(", ")))
    });
    match found {
        Some(s) => format!("{} {option} {s}", t(lang, "选项", "option")),
        None => format!("{} {option}", t(lang, "选项", "option")),
    }
}

fn decision_lines(d: &DecisionStat, sc: Option<&Compiled>, lang: Lang) -> Vec<String> {
    d.options
        .iter()
        .map(|(opt, n)| {
            let label = option_label(sc, &d.node, *opt, lang);
            Text::new(
                format!("    {n}/{} 队选 {label}", d.teams),
                format!("    {n} of {} teams chose {label}", d.teams),
            )
            .get(lang)
            .to_string()
        })
        .collect()
}

/// Columns in a terminal: CJK and full-width characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60 => 2,
            _ => 1,
        })
        .sum()
}

/// `s` padded with spaces to `w` terminal columns (left-aligned, or right-aligned if `right`).
fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

fn signed(v: f32) -> String {
    if v > 0.0 { format!("+{v:.1}") } else { format!("{v:.1}") }
}

pub fn print_results(out: &mut impl Write, res: &RoundResults, sc: Option<&Compiled>, lang: Lang) -> Res<()> {
    let state = if res.complete {
        String::new()
    } else {
        format!(
            "  [{}]",
            t(lang, "本轮进行中，结果暂定", "round in progress: provisional")
        )
    };
    writeln!(
        out,
        "{}{state}",
        Text::new(
            format!(
                "{} · 第 {}/{} 轮 · 场景 {} · 种子 {}",
                res.workshop, res.round, res.rounds, res.scenario, res.seed
            ),
            format!(
                "{} · round {}/{} · scenario {} · seed {}",
                res.workshop, res.round, res.rounds, res.scenario, res.seed
            )
        )
        .get(lang)
    )?;
    let name_w = res.table.iter().map(|r| width(&r.team)).max().unwrap_or(0).max(6);
    let cols = [
        ("名次", "rank", 4),
        ("队伍", "team", name_w),
        ("得分", "score", 7),
        ("名次变化", "moved", 8),
        ("进步", "growth", 7),
        ("累计", "total", 7),
    ];
    let head: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, (zh, en, w))| pad(&t(lang, zh, en), *w, i != 1))
        .collect();
    writeln!(out, "\n{}", head.join("  "))?;
    for row in &res.table {
        let rank = row.rank.map(|r| r.to_string()).unwrap_or_else(|| "-".into());
        let score = match (&row.state, row.score) {
            (_, Some(s)) => format!("{s:.1}"),
            (TeamState::Skipped { .. }, None) => t(lang, "缺席", "absent"),
            _ => t(lang, "未赛", "waiting"),
        };
        let change = match row.change {
            Some(c) if c > 0 => format!("↑{c}"),
            Some(c) if c < 0 => format!("↓{}", -c),
            Some(_) => "=".into(),
            None => "".into(),
        };
        let growth = row.growth.map(signed).unwrap_or_default();
        let cells = [
            rank,
            row.team.clone(),
            score,
            change,
            growth,
            format!("{:.1}", row.cumulative),
        ];
        let line: Vec<String> = cells
            .iter()
            .zip(&cols)
            .enumerate()
            .map(|(i, (c, (_, _, w)))| pad(c, *w, i != 1))
            .collect();
        writeln!(out, "{}", line.join("  "))?;
    }
    writeln!(out)?;
    for a in &res.announcements {
        writeln!(out, "★ {}", a.get(lang))?;
    }
    if !res.decisions.is_empty() {
        writeln!(
            out,
            "\n{}",
            t(lang, "每个决策点的选择：", "How the room chose at each decision:")
        )?;
        for d in &res.decisions {
            writeln!(
                out,
                "  {} ({})",
                Text::new(format!("第 {} 回合", d.turn), format!("turn {}", d.turn)).get(lang),
                d.node
            )?;
            for l in decision_lines(d, sc, lang) {
                writeln!(out, "{l}")?;
            }
        }
    }
    if !res.weakest.is_empty() {
        writeln!(out, "\n{}", t(lang, "全场最薄弱的原则：", "Where the room is weakest:"))?;
        for p in res.weakest.iter().take(3) {
            writeln!(out, "  {:>5.1}  {}", p.average, p.label.get(lang))?;
        }
    }
    Ok(())
}
