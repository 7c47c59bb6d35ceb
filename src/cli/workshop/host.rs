//! `service-arena workshop host`: the room without a window. Opens the room's server on the given
//! address, prints the URL, code and trainer key, then reads trainer commands from standard input,
//! one per line, and prints each round's results when it completes (docs/workshop.md, "The room").

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use service_arena_server::{Limits, RoomOptions, RoomServer};

use super::{CliError, Res, WsArg, find, store_err, t};
use crate::engine::{Lang, ScoringConfig, Text};
use crate::store::Store;
use service_arena_core::room::TrainerCmd;
use service_arena_core::room::view::{ProjectorView, Reveal};

const HELP_ZH: &str = "命令：start 开始一轮 · end 结束本轮 · pause / resume 暂停 / 继续 · lock / unlock 锁定 / 开放房间 · next 放行下一个决定 · release N 释放第 N 队的座位 · rename N 新队名 · remove N 原因 · redo N 原因 · status 状态 · quit 退出";
const HELP_EN: &str = "commands: start · end · pause · resume · lock · unlock · next · release N · rename N NAME · remove N REASON · redo N REASON · status · quit (N = team number)";

/// One line of input as a trainer command; `Ok(None)` for `status`, `Err` for a line that is not
/// a command (the message says why, in both languages).
pub fn parse_command(line: &str) -> Result<Option<TrainerCmd>, String> {
    let line = line.trim();
    let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let team = |rest: &str| -> Result<(usize, String), String> {
        let (n, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        match n.parse::<usize>() {
            Ok(n) if n >= 1 => Ok((n - 1, tail.trim().to_string())),
            _ => Err(format!(
                "需要队伍编号（从 1 开始），收到“{n}”。/ expected a team number (from 1), got \"{n}\""
            )),
        }
    };
    let needs = |what: &str, s: String| -> Result<String, String> {
        if s.is_empty() {
            Err(format!(
                "缺少{what}。/ missing the {}",
                if what == "原因" { "reason" } else { "name" }
            ))
        } else {
            Ok(s)
        }
    };
    Ok(Some(match word.to_ascii_lowercase().as_str() {
        "start" => TrainerCmd::StartRound,
        "end" => TrainerCmd::EndRound,
        "pause" => TrainerCmd::Pause { paused: true },
        "resume" => TrainerCmd::Pause { paused: false },
        "lock" => TrainerCmd::Lock { locked: true },
        "unlock" => TrainerCmd::Lock { locked: false },
        "next" => TrainerCmd::NextDecision,
        "release" => TrainerCmd::Release { team: team(rest)?.0 },
        "rename" => {
            let (team, name) = team(rest)?;
            TrainerCmd::Rename {
                team,
                name: needs("队名", name)?,
            }
        }
        "remove" => {
            let (team, reason) = team(rest)?;
            TrainerCmd::Remove {
                team,
                reason: needs("原因", reason)?,
            }
        }
        "redo" => {
            let (team, reason) = team(rest)?;
            TrainerCmd::Redo {
                team,
                reason: needs("原因", reason)?,
            }
        }
        "status" => return Ok(None),
        _ => return Err(format!("不认识的命令“{word}”。/ unknown command \"{word}\"")),
    }))
}

pub fn run_host(
    ws: &WsArg,
    bind: SocketAddr,
    path: &Path,
    dir: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
) -> Res<()> {
    let workshop = {
        let store = Store::open(path).map_err(store_err)?;
        find(&store, ws)?
    };
    let lib = crate::cli::library(dir, lang)?;
    let scenarios = lib.scenarios.iter().cloned().map(Arc::new).collect();
    let room = RoomServer::open(RoomOptions {
        db: path.to_path_buf(),
        workshop: workshop.id,
        scenarios,
        scoring: ScoringConfig::default(),
        bind,
        limits: Limits::default(),
    })
    .map_err(|e| CliError(e.text().get(lang).to_string()))?;

    writeln!(out, "{}{}", t(lang, "工作坊：", "workshop: "), workshop.setup.name)?;
    writeln!(out, "url: {}", room.url())?;
    writeln!(out, "code: {}", room.code())?;
    writeln!(out, "trainer key: {}", room.trainer_key())?;
    writeln!(out, "check: {}", room.check_url())?;
    if room.addr().ip().is_unspecified() {
        for (name, ip) in service_arena_server::lan_addresses() {
            writeln!(
                out,
                "  {name}: http://{ip}:{}/?code={}",
                room.addr().port(),
                room.code()
            )?;
        }
    }
    writeln!(out, "{}", if lang == Lang::Zh { HELP_ZH } else { HELP_EN })?;
    out.flush()?;

    // Standard input on its own thread, so completed rounds are printed as they happen.
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut shown = room.projector().reveal.map(|r| r.round);
    loop {
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) if matches!(line.trim(), "quit" | "exit") => break,
            Ok(line) => {
                match parse_command(&line) {
                    Ok(None) => status(out, &room.projector(), &room.connected_teams(), lang)?,
                    Ok(Some(cmd)) if team_of(&cmd).is_some_and(|t| t >= room.projector().teams.len()) => {
                        let n = team_of(&cmd).unwrap_or(0) + 1;
                        let count = room.projector().teams.len();
                        writeln!(
                            out,
                            "error: {}",
                            t(
                                lang,
                                &format!("没有第 {n} 队（共 {count} 队）。"),
                                &format!("no team {n} (there are {count})")
                            )
                        )?;
                    }
                    Ok(Some(cmd)) => match room.trainer(cmd) {
                        Ok(()) => writeln!(out, "ok")?,
                        Err(e) => writeln!(out, "error {}: {}", e.code, Text::new(e.zh, e.en).get(lang))?,
                    },
                    Err(msg) => writeln!(out, "error: {msg}")?,
                }
                out.flush()?;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        let p = room.projector();
        if let Some(r) = &p.reveal
            && shown != Some(r.round)
        {
            shown = Some(r.round);
            results(out, r, lang)?;
            out.flush()?;
        }
    }
    drop(room);
    writeln!(out, "{}", t(lang, "房间已关闭。", "room closed"))?;
    Ok(())
}

/// The team a command names (0-based).
fn team_of(cmd: &TrainerCmd) -> Option<usize> {
    match cmd {
        TrainerCmd::Release { team }
        | TrainerCmd::Rename { team, .. }
        | TrainerCmd::Remove { team, .. }
        | TrainerCmd::Redo { team, .. } => Some(*team),
        _ => None,
    }
}

fn status(out: &mut impl Write, p: &ProjectorView, connected: &[usize], lang: Lang) -> Res<()> {
    writeln!(
        out,
        "status: {} {} {}/{}{}{}",
        p.phase,
        t(lang, "轮", "round"),
        p.round,
        p.rounds,
        if p.paused {
            t(lang, "（已暂停）", " (paused)")
        } else {
            String::new()
        },
        if p.locked {
            t(lang, "（已锁定）", " (locked)")
        } else {
            String::new()
        },
    )?;
    for tm in &p.teams {
        writeln!(
            out,
            "  {:>3}. {}  {} {}  {}{}{}",
            tm.index + 1,
            tm.name,
            t(lang, "决定", "turn"),
            tm.turn,
            tm.colour.unwrap_or("-"),
            if tm.over {
                t(lang, " 完成", " done")
            } else {
                String::new()
            },
            if connected.contains(&tm.index) {
                t(lang, " 在线", " connected")
            } else if tm.seated {
                t(lang, " 离线", " away")
            } else {
                t(lang, " 空位", " free")
            },
        )?;
    }
    Ok(())
}

fn results(out: &mut impl Write, r: &Reveal, lang: Lang) -> Res<()> {
    writeln!(out, "results: {} {}/{}", t(lang, "轮", "round"), r.round, r.rounds)?;
    for row in &r.table {
        let rank = row.rank.map(|x| x.to_string()).unwrap_or_else(|| "-".into());
        let score = row.score.map(|s| format!("{s:.1}")).unwrap_or_else(|| "-".into());
        let change = match row.change {
            Some(c) if c > 0 => format!("+{c}"),
            Some(c) => c.to_string(),
            None => String::new(),
        };
        writeln!(
            out,
            "  {rank:>3}  {}  {score}  {change}  {:.1}{}",
            row.team,
            row.cumulative,
            row.note.as_ref().map(|n| format!("  ({n})")).unwrap_or_default()
        )?;
    }
    writeln!(out, "  {} {}", t(lang, "最高分：", "highest:"), r.highest.join(", "))?;
    writeln!(
        out,
        "  {} {}",
        t(lang, "进步最快：", "fastest growing:"),
        r.fastest.join(", ")
    )?;
    if let Some(c) = &r.champion {
        writeln!(out, "  {} {}", t(lang, "总冠军：", "champion:"), c.join(", "))?;
    }
    Ok(())
}
