//! The command line: argument parsing and dispatch. Output formatting lives in `print.rs`.

mod help;
mod lab;
mod live;
mod print;
pub mod workshop;

pub use help::parse as parse_args;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::engine::analyze::analyze;
use crate::engine::call::Call;
use crate::engine::coach::Advice;
use crate::engine::load::{Library, expand, load_all, load_file};
use crate::engine::sim::{PlayError, SimError};
use crate::engine::{Compiled, Lang, Scorer, ScoringConfig};

#[derive(Parser, Debug)]
#[command(
    name = "service-arena",
    version,
    about = "Service Arena · 客服擂台 — customer-service training game",
    long_about = "Service Arena · 客服擂台 — a customer-service training game.\n\
                  Without a command it starts the game window; the commands below work in a terminal."
)]
pub struct Cli {
    /// Directory of scenario files (default: $SERVICE_ARENA_SCENARIOS, else ./scenarios, else the
    /// scenarios shipped next to the source).
    #[arg(long, global = true, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Language of the output: zh (中文) or en.
    #[arg(long, global = true, value_parser = parse_lang, default_value = "zh")]
    pub lang: Lang,
    /// Directory of the database (practice history, workshops); default: $SERVICE_ARENA_DATA, else
    /// the platform data directory (see docs/workshop.md, "Storage").
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Whether `--lang` was given on the command line (not the default): the game then overrides
    /// the saved setting, and `new-scenario` writes that language only.
    #[arg(skip)]
    pub lang_given: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check scenario files and report every problem with file:line:column.
    Validate {
        /// Files or directories (default: the scenario directory).
        paths: Vec<PathBuf>,
    },
    /// List the scenarios.
    List {
        /// Print JSON (documented in docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Play a scenario in the terminal (interactive unless --choices is given), then show the debrief.
    Play {
        /// Scenario id or path to a .ron file.
        scenario: String,
        /// Seed of the customer's randomness: same seed + same choices = same run.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Comma-separated 1-based choices, e.g. 1,3,2 (plays without asking).
        #[arg(long, value_delimiter = ',', num_args = 1..)]
        choices: Option<Vec<usize>>,
        /// Print the run and its debrief as JSON (documented in docs/cli.md).
        #[arg(long)]
        json: bool,
        /// Scoring weights file (RON, see docs/scoring.md).
        #[arg(long, value_name = "FILE")]
        weights: Option<PathBuf>,
        /// Record the finished run in this person's practice history (see `history`) and compare it
        /// with their previous best.
        #[arg(long, value_name = "NAME")]
        player: Option<String>,
        /// Coach mode: after each choice, say whether it was good or risky, and why.
        #[arg(long)]
        coach: bool,
        /// Show each answer's act tags in the turn-by-turn review (for scenario authors).
        #[arg(long)]
        acts: bool,
        /// Number (and show) each turn's options as written in the file instead of the shuffled
        /// order trainees see (for scenario authors).
        #[arg(long)]
        file_order: bool,
    },
    /// Write the scenario catalogue (Markdown) generated from the scenario files.
    Catalogue {
        /// Write to this file instead of standard output (e.g. docs/scenarios.md).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Best and worst reachable totals, random playthroughs, and which principles a scenario tests.
    Analyze {
        /// Scenario id or path to a .ron file.
        scenario: String,
        /// Number of seeded random playthroughs (at most 100000).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=MAX_RUNS))]
        runs: u64,
        /// Seed for the exhaustive search and the first random run.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        json: bool,
        /// Scoring weights file (RON, see docs/scoring.md).
        #[arg(long, value_name = "FILE")]
        weights: Option<PathBuf>,
        /// Print the paths' choices numbered as the options are written in the file (for
        /// `play --file-order`).
        #[arg(long)]
        file_order: bool,
    },
    /// The team-PK workshop: create, play rounds, skip, redo, pause, results, CSV export.
    #[command(subcommand)]
    Workshop(workshop::WorkshopCmd),
    /// Practice history per person: list and CSV export.
    #[command(subcommand)]
    History(workshop::HistoryCmd),
    /// Write a commented scenario file to start from: it validates and has the shipped library's
    /// structure. In both languages, or only in the one --lang names.
    NewScenario {
        /// The new scenario's id (lowercase letters, digits and _).
        id: String,
        /// The customer: angry, mild or key_account.
        #[arg(long, value_parser = lab::archetype_parser(), hide_possible_values = true)]
        archetype: crate::engine::model::Archetype,
        /// Write to this file (never over an existing one) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// A scenario's texts as CSV for translators (export), and back into the file (import).
    #[command(subcommand)]
    Translations(lab::TranslationsCmd),
}

/// Most random playthroughs `analyze --runs` accepts (a million took minutes and memory to match).
pub const MAX_RUNS: u64 = 100_000;

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language \"{s}\" (use zh or en)"))
}

/// The message in the user's language.
fn say(lang: Lang, zh: String, en: String) -> CliError {
    CliError(if lang == Lang::Zh { zh } else { en })
}

/// An engine error about a run's choices, in the user's language.
fn play_error(e: &crate::engine::sim::PlayError, lang: Lang) -> CliError {
    use crate::engine::sim::PlayError;
    match e {
        PlayError::Sim(s) => sim_error(s, lang),
        PlayError::TooMany { used, given } => say(
            lang,
            format!("通话在第 {used} 个选择后就结束了，却给了 {given} 个选择"),
            e.to_string(),
        ),
        PlayError::TooFew { given, options, .. } => say(
            lang,
            format!("{given} 个选择用完了，通话还没结束（下一回合有 {options} 个选项）"),
            e.to_string(),
        ),
    }
}

fn sim_error(e: &crate::engine::sim::SimError, lang: Lang) -> CliError {
    use crate::engine::sim::SimError;
    match e {
        SimError::Finished => say(lang, "通话已经结束了".into(), e.to_string()),
        SimError::NoSuchOption {
            turn,
            chosen,
            available,
        } => say(
            lang,
            format!("第 {turn} 回合：没有选项 {chosen}（请在 1–{available} 中选）"),
            e.to_string(),
        ),
    }
}

/// A `--choices` run that does not fit the call: when the options are shuffled and were numbered
/// as shown, says that the file's own numbering needs `--file-order` (the first thing an author
/// tries is the order they wrote).
fn numbering_hint(e: CliError, sc: &Compiled, file_order: bool, lang: Lang) -> CliError {
    match e {
        CliError::Message(m) if !file_order && sc.shuffled() => CliError(if lang == Lang::Zh {
            format!(
                "{m}\n提示：--choices 的编号按 play 显示的顺序（选项已打乱）；要按文件里写的顺序编号，请加上 --file-order"
            )
        } else {
            format!(
                "{m}\nhint: --choices numbers the options in the shuffled order play shows; to number them as written in the file, add --file-order"
            )
        }),
        e => e,
    }
}

/// A failure the user must see (printed as `error: …` with exit code 1), or a closed output.
#[derive(Debug)]
pub enum CliError {
    Message(String),
    /// Standard output was closed (piped into `head`, say): not worth an error message.
    BrokenPipe,
}

/// A [`CliError::Message`].
#[allow(non_snake_case)]
pub fn CliError(m: String) -> CliError {
    CliError::Message(m)
}

impl CliError {
    /// The message shown to the user (empty for a broken pipe, which is not shown).
    pub fn message(&self) -> &str {
        match self {
            CliError::Message(m) => m,
            CliError::BrokenPipe => "",
        }
    }
}

/// How the generated catalogue begins: `catalogue --out` overwrites only a file that starts so.
const CATALOGUE_HEAD: &str = "# Scenario catalogue";

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError(e.to_string())
        }
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        match e.io_error_kind() {
            Some(std::io::ErrorKind::BrokenPipe) => CliError::BrokenPipe,
            _ => CliError(e.to_string()),
        }
    }
}

impl From<String> for CliError {
    fn from(e: String) -> Self {
        CliError(e)
    }
}

impl From<crate::workshop::rules::RuleError> for CliError {
    fn from(e: crate::workshop::rules::RuleError) -> Self {
        CliError(e.to_string())
    }
}

impl From<crate::engine::sim::PlayError> for CliError {
    fn from(e: crate::engine::sim::PlayError) -> Self {
        CliError(e.to_string())
    }
}

impl From<crate::engine::sim::SimError> for CliError {
    fn from(e: crate::engine::sim::SimError) -> Self {
        CliError(e.to_string())
    }
}

type Res<T> = Result<T, CliError>;

/// Where scenarios are looked for, in order, and which one exists (see
/// [`crate::engine::load::scenario_dir`]), with its error in the chosen language.
pub fn scenario_dir(flag: Option<&Path>, lang: Lang) -> Res<PathBuf> {
    crate::engine::load::scenario_dir(flag, &crate::built_in_scenarios())
        .map_err(|e| CliError(e.text().get(lang).to_string()))
}

/// Loads the whole scenario directory; bad files are reported on stderr and skipped.
pub fn library(flag: Option<&Path>, lang: Lang) -> Res<Library> {
    let dir = scenario_dir(flag, lang)?;
    let lib = load_all(&expand(&[dir]).map_err(|e| CliError(e.get(lang).to_string()))?);
    for (_, diags) in &lib.failures {
        for d in diags {
            eprintln!(
                "{}{}",
                if lang == Lang::Zh { "警告：" } else { "warning: " },
                d.show(lang)
            );
        }
    }
    Ok(lib)
}

/// Says on standard error when a scenario is not written in the chosen language, and in which it
/// is shown instead.
fn lang_notice(sc: &Compiled, lang: Lang) {
    if let Some(n) = sc.lang_notice(lang) {
        eprintln!("{}{}", if lang == Lang::Zh { "注意：" } else { "note: " }, n.get(lang));
    }
}

/// A scenario named by id (in the scenario directory) or by path.
fn resolve(arg: &str, flag: Option<&Path>, lang: Lang) -> Res<Compiled> {
    let p = Path::new(arg);
    if arg.ends_with(".ron") || p.is_file() {
        return load_file(p).map_err(|ds| CliError(ds.iter().map(|d| d.show(lang)).collect::<Vec<_>>().join("\n")));
    }
    let lib = library(flag, lang)?;
    lib.find(arg).cloned().ok_or_else(|| {
        let known = lib
            .scenarios
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        say(
            lang,
            format!("没有 id 为“{arg}”的场景（现有：{known}）"),
            format!("no scenario with id \"{arg}\" (known: {known})"),
        )
    })
}

/// Reads a small text file a person wrote (weights, setup, play script): a regular file, at most
/// [`MAX_SMALL_FILE_BYTES`](crate::engine::load::MAX_SMALL_FILE_BYTES), UTF-8. Errors name the file.
pub fn read_small(p: &Path) -> Res<String> {
    crate::engine::load::read_text(p, crate::engine::load::MAX_SMALL_FILE_BYTES)
        .map_err(|e| CliError(format!("{}:{}", p.display(), prefixed(&e.to_string()))))
}

/// ":1:2: msg" for a located message, ": msg" otherwise (after a file name).
fn prefixed(m: &str) -> String {
    if m.starts_with(|c: char| c.is_ascii_digit()) {
        m.to_string()
    } else {
        format!(" {m}")
    }
}

/// The scoring weights for `sc`: the defaults, or a weights file — refused when it leaves nothing
/// to score in this scenario (every principle it tests weighted 0).
fn weights(path: Option<&Path>, sc: &Compiled) -> Res<ScoringConfig> {
    let Some(p) = path else {
        return Ok(ScoringConfig::default());
    };
    let src = read_small(p)?;
    let cfg = ScoringConfig::from_ron(&src, &p.display().to_string())?;
    let base = ScoringConfig::default();
    if Scorer::new(sc, &cfg).applicable().next().is_none() {
        let tested: Vec<&str> = Scorer::new(sc, &base).applicable().map(|p| p.id()).collect();
        return Err(CliError(format!(
            "{}: every principle scenario \"{}\" tests has weight 0 ({}); nothing would be scored / 该场景考察的原则权重全为 0，无法计分",
            p.display(),
            sc.id,
            tested.join(", ")
        )));
    }
    Ok(cfg)
}

/// Runs a terminal command. `None` means no command was given (the caller starts the game).
pub fn run(cli: &Cli) -> ExitCode {
    let Some(cmd) = &cli.command else {
        unreachable!("the caller handles the game")
    };
    match dispatch(cli, cmd) {
        Ok(code) => code,
        Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(CliError::Message(msg)) => {
            eprintln!("{}{msg}", if cli.lang == Lang::Zh { "错误：" } else { "error: " });
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: &Cli, cmd: &Command) -> Res<ExitCode> {
    let dir = cli.scenarios.as_deref();
    let lang = cli.lang;
    let out = &mut std::io::stdout().lock();
    match cmd {
        Command::Validate { paths } => {
            let paths = if paths.is_empty() {
                vec![scenario_dir(dir, lang)?]
            } else {
                paths.clone()
            };
            let files = expand(&paths).map_err(|e| CliError(e.get(lang).to_string()))?;
            if files.is_empty() {
                return Err(say(
                    lang,
                    "没有可检查的 .ron 文件".into(),
                    "no .ron files to validate".into(),
                ));
            }
            let lib = load_all(&files);
            for sc in &lib.scenarios {
                writeln!(out, "ok    {} ({}; {})", sc.source, sc.id, sc.langs_label(lang))?;
                for d in &sc.warnings {
                    writeln!(out, "warn  {}", d.show(lang))?;
                }
            }
            for (_, diags) in &lib.failures {
                for d in diags {
                    writeln!(out, "error {}", d.show(lang))?;
                }
            }
            let (ok, bad) = (lib.scenarios.len(), lib.failures.len());
            let warned = lib.scenarios.iter().filter(|s| !s.warnings.is_empty()).count();
            match (lang, warned) {
                (Lang::Zh, 0) => writeln!(out, "{ok} 个有效，{bad} 个有错误")?,
                (Lang::Zh, _) => writeln!(out, "{ok} 个有效（{warned} 个有警告），{bad} 个有错误")?,
                (Lang::En, 0) => writeln!(out, "{ok} valid, {bad} with errors")?,
                (Lang::En, _) => writeln!(out, "{ok} valid ({warned} with warnings), {bad} with errors")?,
            }
            Ok(if lib.failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::List { json } => {
            let lib = library(dir, lang)?;
            if *json {
                serde_json::to_writer_pretty(&mut *out, &print::list_json(&lib))?;
                writeln!(out)?;
            } else {
                print::list(out, &lib, lang)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Play {
            scenario,
            seed,
            choices,
            json,
            weights: w,
            player,
            coach,
            acts,
            file_order,
        } => {
            let sc = std::sync::Arc::new(resolve(scenario, dir, lang)?);
            lang_notice(&sc, lang);
            let cfg = weights(w.as_deref(), &sc)?;
            // Checked and opened first, so a bad name or a database problem shows before the call.
            let player = match player {
                Some(p) => Some(crate::names::name(p, ("player name", "学员姓名"))?),
                None => None,
            };
            let store = match player {
                Some(_) => Some(workshop::open_store(cli.data.as_deref())?),
                None => None,
            };
            // The previous best is read before this run is recorded.
            let previous_best = match (&store, &player) {
                (Some(s), Some(p)) => s.best_total(p, &sc.id).map_err(|e| CliError(e.to_string()))?,
                _ => None,
            };
            let coach = coach.then_some(&cfg);
            let call = match choices {
                Some(cs) => {
                    if let Some(bad) = cs.iter().find(|c| **c == 0) {
                        return Err(say(
                            lang,
                            format!("选择 {bad}：选项从 1 开始编号"),
                            format!("choice {bad}: choices are numbered from 1"),
                        ));
                    }
                    let mut call = Call::new(sc.clone(), *seed);
                    let hint = |e: CliError| numbering_hint(e, &sc, *file_order, lang);
                    for (i, c) in cs.iter().enumerate() {
                        if call.finished() {
                            let e = PlayError::TooMany {
                                used: i,
                                given: cs.len(),
                            };
                            return Err(hint(play_error(&e, lang)));
                        }
                        let sim = call.sim();
                        let played = match *file_order {
                            false => Some(c - 1),
                            true => sc.played_index(sim.node(), *c),
                        };
                        let e = SimError::NoSuchOption {
                            turn: sim.turn() + 1,
                            chosen: *c,
                            available: sim.options().len(),
                        };
                        drop(sim);
                        let Some(played) = played else {
                            return Err(play_error(&PlayError::Sim(e), lang));
                        };
                        call.choose(played, coach)
                            .map_err(|e| hint(play_error(&PlayError::Sim(e), lang)))?;
                    }
                    call
                }
                None => match interactive(&sc, *seed, lang, coach, *file_order, out)? {
                    Some(call) => call,
                    None => return Ok(ExitCode::SUCCESS),
                },
            };
            // A live reload may have moved the call onto the edited file.
            let sc = call.scenario().clone();
            let finished = call
                .finish(&cfg)
                .map_err(|e| numbering_hint(play_error(&e, lang), &sc, *file_order, lang))?;
            // Stored before anything is printed: a closed pipe or a full terminal cannot lose it.
            if let (Some(store), Some(player)) = (store, &player) {
                crate::cases::record_practice(&store, player, &sc, &finished).map_err(|e| CliError(e.to_string()))?;
            }
            let advice: Vec<Option<Advice>> = call.advice().to_vec();
            let d = finished.debrief;
            if *json {
                serde_json::to_writer_pretty(&mut *out, &d)?;
                writeln!(out)?;
            } else {
                let shown = print::Shown {
                    acts: *acts,
                    advice: (choices.is_some() && coach.is_some()).then_some(&advice[..]),
                    previous_best: player.as_ref().map(|_| previous_best),
                    file_choices: file_order.then(|| finished.run.file_choices(&sc)),
                };
                print::debrief(out, &sc, &d, lang, &shown)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Catalogue { out: file } => {
            let mut lib = library(dir, lang)?;
            if !lib.failures.is_empty() {
                let n = lib.failures.len();
                return Err(say(
                    lang,
                    format!("{n} 个场景文件有错误（见上文）；改好后再生成目录"),
                    format!("{n} scenario file(s) have errors (see above); fix them before writing the catalogue"),
                ));
            }
            lib.scenarios.sort_by(|a, b| a.id.cmp(&b.id));
            let md = crate::engine::catalogue::markdown(&lib.scenarios);
            match file {
                Some(path) => {
                    workshop::write_output(path, &md, &[CATALOGUE_HEAD], None)?;
                    let n = lib.scenarios.len();
                    if lang == Lang::Zh {
                        eprintln!("已写入 {}（{n} 个场景）", path.display());
                    } else {
                        eprintln!("wrote {} ({n} scenarios)", path.display());
                    }
                }
                None => write!(out, "{md}")?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Analyze {
            scenario,
            runs,
            seed,
            json,
            weights: w,
            file_order,
        } => {
            let sc = resolve(scenario, dir, lang)?;
            lang_notice(&sc, lang);
            let cfg = weights(w.as_deref(), &sc)?;
            let a = analyze(&sc, &cfg, *seed, *runs as usize);
            if *json {
                serde_json::to_writer_pretty(&mut *out, &a)?;
                writeln!(out)?;
            } else {
                print::analysis(out, &sc, &a, lang, *file_order)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Workshop(cmd) => {
            workshop::run_workshop(cmd, dir, cli.data.as_deref(), lang, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::History(cmd) => {
            workshop::run_history(cmd, cli.data.as_deref(), lang, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::NewScenario {
            id,
            archetype,
            out: file,
        } => {
            let only = cli.lang_given.then_some(lang);
            lab::new_scenario(id, *archetype, file.as_deref(), only, lang, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Translations(cmd) => {
            lab::run_translations(cmd, lang, out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The coach's verdict on every choice of a run given in full (`--choices` with `--coach`).
/// A typed choice: digits, ASCII or full-width (a Chinese input method types "２"), spaces around
/// them ignored.
pub fn parse_choice(line: &str) -> Option<usize> {
    let ascii: String = line
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            c => c,
        })
        .collect();
    ascii.parse().ok()
}

/// Quitting: q, or a full-width ｑ.
fn is_quit(line: &str) -> bool {
    matches!(line.trim(), "q" | "Q" | "ｑ" | "Ｑ")
}

/// Plays in the terminal, reading choices from stdin. `Ok(None)` if the player quit. With the
/// coach on, its verdict follows every choice.
fn interactive(
    sc: &std::sync::Arc<Compiled>,
    seed: u64,
    lang: Lang,
    coach: Option<&ScoringConfig>,
    file_order: bool,
    out: &mut impl Write,
) -> Res<Option<Call>> {
    use std::sync::mpsc::RecvTimeoutError;
    let pick = |zh: String, en: String| if lang == Lang::Zh { zh } else { en };
    let mut call = Call::new(sc.clone(), seed);
    print::briefing(out, sc, lang)?;
    // Lines are read on their own thread, so the scenario file can be watched while waiting.
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut watch = live::Watch::new(&sc.source);
    'turns: while !call.finished() {
        let sc = call.scenario().clone();
        let sim = call.sim();
        print::turn(out, &sc, &sim, lang, file_order)?;
        let (n, node) = (sim.options().len(), sim.node());
        drop(sim);
        let mut prompt = true;
        loop {
            if std::mem::take(&mut prompt) {
                write!(
                    out,
                    "{}",
                    pick(format!("选择 1–{n}（q 退出）："), format!("choose 1–{n} (q quits): "))
                )?;
                out.flush()?;
            }
            let line = match lines.recv_timeout(live::POLL) {
                Ok(line) => line?,
                Err(RecvTimeoutError::Timeout) => {
                    let Some(w) = watch.as_mut() else { continue };
                    if !w.changed() {
                        continue;
                    }
                    writeln!(out)?;
                    match live::reload(&call, w, lang) {
                        live::Reloaded::Moved(moved) => {
                            call = moved;
                            let turn = call.choices().len() + 1;
                            let zh = format!("—— 已重新载入 {}，通话接着第 {turn} 回合 ——", sc.source);
                            let en = format!("-- reloaded {}; the call goes on at turn {turn} --", sc.source);
                            writeln!(out, "{}", pick(zh, en))?;
                            continue 'turns;
                        }
                        live::Reloaded::Kept(why) => {
                            for l in why {
                                writeln!(out, "{l}")?;
                            }
                            prompt = true;
                            continue;
                        }
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(say(
                        lang,
                        "通话还没结束，输入就没有了".into(),
                        "input ended before the call did".into(),
                    ));
                }
            };
            if is_quit(&line) {
                return Ok(None);
            }
            match parse_choice(&line) {
                Some(k) if (1..=n).contains(&k) => {
                    let played = if file_order {
                        sc.played_index(node, k).expect("1..=n are the file's numbers")
                    } else {
                        k - 1
                    };
                    let a = call.choose(played, coach).map_err(|e| sim_error(&e, lang))?;
                    if coach.is_some() {
                        print::advice(out, a.as_ref(), lang)?;
                    }
                    break;
                }
                _ => {
                    let zh = format!("请输入 1–{n} 之间的选项编号（q 退出）。");
                    writeln!(
                        out,
                        "{}",
                        pick(zh, format!("Type an option number from 1 to {n} (q quits)."))
                    )?;
                    prompt = true;
                }
            }
        }
    }
    Ok(Some(call))
}
