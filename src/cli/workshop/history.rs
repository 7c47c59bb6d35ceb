//! `history`: one person's practice runs, listed or exported.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::*;

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
