//! A room driven to a given state through the core (a `room::Host` on a database of its own, the
//! teams' messages as their devices send them): the lobby, a live round with teams part-way, or
//! round 1's reveal. The screenshot and performance runs (`tour`) open the room screen's server
//! on such a database — the server resumes the stored room — and the projector's layout tests
//! draw the host's view.

use std::path::Path;
use std::sync::Arc;

use crate::engine::{Compiled, ScoringConfig};
use crate::room::{ClientMsg, Host, Reply, TrainerCmd};
use crate::store::Store;
use crate::workshop::{Member, Pacing, Role, Round, Setup};

/// How far the room is driven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The teams have joined; no round started.
    Lobby,
    /// Round 1 is being played: every third team has finished, the others are part-way.
    Live,
    /// Every team has finished round 1: its reveal.
    Reveal,
    /// Every round played: the last reveal and the champion.
    Finished,
}

/// The join code the demo room keeps (the server keeps a stored room's code).
pub const CODE: &str = "K7Q2";

const NAMES: [&str; 6] = [
    "飞虎队",
    "雄鹰队",
    "Green Team",
    "先锋队",
    "Blue Sky Support",
    "金牌客服",
];
const SLOGANS: [&str; 4] = ["用心服务，声声入耳", "先处理心情，再处理事情", "Finish strong", ""];

fn token(n: usize) -> String {
    format!("{n:032x}")
}

/// Creates a fresh database at `db` (an old one is removed) holding a three-round workshop of
/// shipped scenarios, `teams` teams created from their devices, driven to `stage`. Returns the
/// host (drop it before a server opens the same room) and the workshop's id.
pub fn host(db: &Path, library: &[Arc<Compiled>], teams: usize, stage: Stage) -> Result<(Host, i64), String> {
    let _ = std::fs::remove_file(db);
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let setup = Setup {
        name: "华东区客服 PK".into(),
        teams: Vec::new(),
        rounds: ["ka_stockout", "tv_dropped", "account_enquiry"]
            .iter()
            .enumerate()
            .map(|(i, s)| Round {
                scenario: s.to_string(),
                seed: 11 + i as u64,
            })
            .collect(),
        discussion_secs: 60,
        reward: "最高分队伍得一面小红旗 / a small red flag".into(),
        penalty: "最后一名表演一段才艺 / a short act".into(),
        pacing: Pacing::Free,
    };
    let id = store
        .create_workshop(&setup, &[Some(11), Some(12), Some(13)], 1)
        .map_err(|e| e.to_string())?;
    let err = |e: crate::room::RoomError| format!("{} / {}", e.en, e.zh);
    let mut host = Host::open(store, id, library, ScoringConfig::default(), CODE, &token(7777), 1000).map_err(err)?;
    let mut tokens = Vec::new();
    for i in 0..teams {
        let name = NAMES.get(i).map_or_else(|| format!("第{}队", i + 1), |n| n.to_string());
        let msg = ClientMsg::CreateTeam {
            name,
            slogan: SLOGANS[i % SLOGANS.len()].into(),
            members: vec![Member {
                name: "李娜".into(),
                role: Role::Captain,
            }],
        };
        match host.device(None, &msg, &token(i + 1), 2000 + i as i64).map_err(err)? {
            Reply::Seat { token, .. } => tokens.push(token),
            r => return Err(format!("creating a team answered {r:?}")),
        }
    }
    if stage == Stage::Lobby {
        return Ok((host, id));
    }
    let rounds = if stage == Stage::Finished { 3 } else { 1 };
    for round in 0..rounds {
        host.trainer(&TrainerCmd::StartRound, 5000 + round).map_err(err)?;
        for (t, tok) in tokens.iter().enumerate() {
            let steps = match stage {
                Stage::Live if t % 3 != 0 => Some(t % 4),
                _ => None,
            };
            // Each round its own choices (the table moves between rounds).
            play(&mut host, tok, t + round as usize, steps).map_err(err)?;
        }
    }
    Ok((host, id))
}

/// Team `t` takes `steps` decisions of the round being played (options by a rule of its own, so
/// the room's choices differ), or plays to the end when `steps` is None.
fn play(host: &mut Host, token: &str, t: usize, steps: Option<usize>) -> Result<(), crate::room::RoomError> {
    for step in 0..steps.unwrap_or(60) {
        let v = host.team_view(Some(token), 0);
        let Some(call) = v.call.filter(|c| !c.over && v.phase == "playing") else {
            return Ok(());
        };
        let msg = ClientMsg::Choose {
            round: v.round,
            turn: call.turn,
            option: (t + step) % call.options.len(),
        };
        host.device(Some(token), &msg, &token_of_nobody(), 3000 + step as i64)?;
    }
    Ok(())
}

/// The new-token argument of a message that takes no seat (unused by the host).
fn token_of_nobody() -> String {
    token(999_999)
}
