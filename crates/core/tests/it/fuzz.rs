//! The fuzz harness of issue 13, kept so anyone can rerun it (docs/reliability.md). It mutates
//! scenario files (then validates, plays, replays and analyses what still loads), setup files,
//! weights files and databases (bit flips), and checks each case against an oracle:
//!
//! - nothing panics;
//! - a scenario that validates plays: seeded random choices replay to the same run, byte for byte,
//!   totals are finite, and the best path `analyze` reports replays to its total;
//! - a setup that resolves creates a workshop whose CSV export parses back row for row;
//! - a weights file that parses scores a run to a finite total;
//! - a damaged database either opens or is set aside byte for byte; after any write that succeeds,
//!   `PRAGMA integrity_check` is clean (the damage never grows).
//!
//! The test suite runs a bounded slice (`SA_FUZZ_CASES`, default 40 per kind). A full run:
//! `SA_FUZZ_CASES=2000 cargo test --release -p service-arena-core --test it fuzz -- --nocapture`
//! (scripts/fuzz.sh). Failing inputs are written to `$SA_FUZZ_OUT` (default: the temp dir).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use service_arena_core::engine::analyze::analyze;
use service_arena_core::engine::load::parse_str;
use service_arena_core::engine::report::debrief;
use service_arena_core::engine::scoring::score;
use service_arena_core::engine::sim::{Sim, play};
use service_arena_core::engine::{Compiled, ScoringConfig};
use service_arena_core::store::{FILE_NAME, PracticeRun, Store, StoreError};
use service_arena_core::workshop::setup::SetupFile;

use crate::common::root;

fn cases() -> usize {
    std::env::var("SA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
}

/// Tallies of one kind of case.
#[derive(Default)]
struct Tally {
    cases: usize,
    accepted: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Runs one case; a panic or an `Err` from the oracle is a failure, saved for reproduction.
    fn case(&mut self, kind: &str, input: &[u8], f: impl FnOnce() -> Result<bool, String>) {
        self.cases += 1;
        let outcome = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
            Err(format!(
                "panic: {}",
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            ))
        });
        match outcome {
            Ok(accepted) => self.accepted += accepted as usize,
            Err(why) => {
                let dir = std::env::var_os("SA_FUZZ_OUT")
                    .map(PathBuf::from)
                    .unwrap_or_else(std::env::temp_dir);
                let file = dir.join(format!("sa-fuzz-{kind}-{}.bin", self.cases));
                let _ = std::fs::write(&file, input);
                self.failures
                    .push(format!("{kind} case {}: {why} (input: {})", self.cases, file.display()));
            }
        }
    }
    fn report(&self, kind: &str) {
        eprintln!(
            "fuzz {kind}: {} cases, {} accepted, {} failures",
            self.cases,
            self.accepted,
            self.failures.len()
        );
        assert!(self.failures.is_empty(), "{}", self.failures.join("\n"));
    }
}

/// Values that broke something once: overflowing weights, non-finite and huge numbers, …
const NUMBERS: &[&str] = &[
    "4294967295",
    "4294967296",
    "0",
    "-1",
    "NaN",
    "inf",
    "-inf",
    "1e38",
    "1e-45",
    "255",
    "256",
    "65",
    "18446744073709551615",
    "-0.0",
    "100.0001",
];
/// Pieces of text spliced in at random.
const SPLICES: &[&str] = &[
    "\u{feff}",
    "\"a\": end(outcome: lost, text: (zh: \"x\", en: \"x\")),",
    "not(not(not(",
    ")))",
    "random([(weight: 4294967295, goto: \"a\"), (weight: 1, goto: \"a\")])",
    "done(listen)",
    "\u{1b}[2J",
    "\0",
    "\u{202e}",
    "//",
    "/*",
    "\"",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "\n",
];

/// One random edit of `src`.
fn mutate(src: &str, rng: &mut ChaCha8Rng, names: &[String]) -> Vec<u8> {
    let mut b = src.as_bytes().to_vec();
    let edits = 1 + rng.random_range(0..3u32);
    for _ in 0..edits {
        let at = rng.random_range(0..b.len() as u32) as usize;
        match rng.random_range(0..6u32) {
            // A number replaced by an extreme one.
            0 => {
                if let Some(start) = (at..b.len()).find(|&i| b[i].is_ascii_digit()) {
                    let end = (start..b.len())
                        .find(|&i| !(b[i].is_ascii_digit() || b[i] == b'.'))
                        .unwrap_or(b.len());
                    let n = NUMBERS[rng.random_range(0..NUMBERS.len() as u32) as usize];
                    b.splice(start..end, n.bytes());
                }
            }
            // A splice.
            1 => {
                let s = SPLICES[rng.random_range(0..SPLICES.len() as u32) as usize];
                b.splice(at..at, s.bytes());
            }
            // A bit flip.
            2 => b[at] ^= 1 << rng.random_range(0..8u32),
            // A range deleted or duplicated.
            3 | 4 => {
                let len = (rng.random_range(1..200u32) as usize).min(b.len() - at);
                let piece: Vec<u8> = b[at..at + len].to_vec();
                if rng.random_range(0..2u32) == 0 {
                    b.drain(at..at + len);
                } else {
                    b.splice(at..at, piece);
                }
            }
            // A node reference pointed elsewhere.
            _ => {
                if names.len() > 1 {
                    let s = String::from_utf8_lossy(&b).into_owned();
                    let from = &names[rng.random_range(0..names.len() as u32) as usize];
                    let to = &names[rng.random_range(0..names.len() as u32) as usize];
                    let needle = format!("goto(\"{from}\")");
                    b = s.replacen(&needle, &format!("goto(\"{to}\")"), 1).into_bytes();
                }
            }
        }
        if b.is_empty() {
            b.push(b' ');
        }
    }
    b
}

/// The scenario oracle: validates; if it loads, plays seeded random choices, replays them, analyses.
fn scenario_case(bytes: &[u8], analyse: bool) -> Result<bool, String> {
    let text = match service_arena_core::engine::load::decode(bytes.to_vec()) {
        Ok(t) => t,
        Err(_) => return Ok(false),
    };
    let sc = match parse_str(&text, "fuzz.ron") {
        Ok(sc) => sc,
        Err(ds) => {
            if ds.is_empty() {
                return Err("rejected without a diagnostic".into());
            }
            return Ok(false);
        }
    };
    let cfg = ScoringConfig::default();
    for seed in 0..3u64 {
        let run = random_run(&sc, seed);
        let choices: Vec<usize> = run.choices().iter().map(|c| c - 1).collect();
        let again = play(&sc, seed, &choices).map_err(|e| format!("replay of {choices:?} failed: {e}"))?;
        if again != run {
            return Err(format!("seed {seed}: replay differs"));
        }
        let s = score(&sc, &cfg, &run);
        if !s.total.is_finite() {
            return Err(format!("seed {seed}: total {}", s.total));
        }
        let a = serde_json::to_vec(&debrief(&sc, &cfg, &run, &s)).map_err(|e| e.to_string())?;
        let b =
            serde_json::to_vec(&debrief(&sc, &cfg, &again, &score(&sc, &cfg, &again))).map_err(|e| e.to_string())?;
        if a != b {
            return Err(format!("seed {seed}: debrief bytes differ"));
        }
    }
    if analyse {
        let a = analyze(&sc, &cfg, 1, 5);
        let choices: Vec<usize> = a.best.path.iter().map(|c| c - 1).collect();
        let run = play(&sc, 1, &choices).map_err(|e| format!("best path does not replay: {e}"))?;
        let t = score(&sc, &cfg, &run).total;
        if t != a.best.total {
            return Err(format!("best path replays to {t}, analyze said {}", a.best.total));
        }
    }
    Ok(true)
}

/// Seeded random choices to the end of the call.
fn random_run(sc: &Compiled, seed: u64) -> service_arena_core::engine::Run {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xF00D);
    let mut sim = Sim::new(sc, seed);
    while !sim.finished() {
        let n = sim.options().len() as u32;
        sim.choose(rng.random_range(0..n) as usize).expect("option in range");
    }
    sim.into_run()
}

fn node_names(src: &str) -> Vec<String> {
    parse_str(src, "x.ron").map(|sc| sc.names).unwrap_or_default()
}

#[test]
fn fuzz_scenarios() {
    let mut t = Tally::default();
    let fixture = std::fs::read_to_string(root().join("tests/fixtures/fixture_stockout.ron")).unwrap();
    let mut sources = vec![(fixture, true)];
    // The shipped scenarios too, without the exhaustive search (it is the slow part).
    for f in crate::common::scenario_files() {
        sources.push((std::fs::read_to_string(f).unwrap(), false));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    for k in 0..cases() {
        let (src, analyse) = &sources[k % sources.len()];
        let names = node_names(src);
        let bytes = mutate(src, &mut rng, &names);
        t.case("scenario", &bytes, || scenario_case(&bytes, *analyse));
    }
    t.report("scenario");
}

#[test]
fn fuzz_setup_and_weights_files() {
    let example = std::fs::read_to_string(root().join("docs/examples/workshop.ron")).unwrap();
    let dir = std::env::temp_dir().join(format!("sa-fuzz-setup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    let mut t = Tally::default();
    for k in 0..cases() {
        let bytes = mutate(&example, &mut rng, &[]);
        let db = dir.join(format!("{k}.db"));
        t.case("setup", &bytes, || {
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return Ok(false);
            };
            let Ok((setup, seeds)) = SetupFile::parse(text, "w.ron").and_then(|f| f.resolve()) else {
                return Ok(false);
            };
            let mut store = Store::open(&db).map_err(|e| e.to_string())?;
            let id = store
                .create_workshop(&setup, &seeds, 1)
                .map_err(|e| format!("resolved but not stored: {e}"))?;
            let ws = store.workshop(id).map_err(|e| e.to_string())?;
            let rows = service_arena_core::workshop::csv::parse(&service_arena_core::workshop::csv::workshop(&ws))?;
            if rows.len() != 1 + ws.setup.teams.len() * ws.setup.rounds.len() {
                return Err(format!("{} CSV rows", rows.len()));
            }
            let names: Vec<&String> = rows[1..].iter().map(|r| &r[4]).collect();
            if names.iter().any(|n| !ws.setup.teams.iter().any(|t| &&t.name == n)) {
                return Err("a team name does not round-trip through the CSV".into());
            }
            Ok(true)
        });
    }
    t.report("setup");
    let _ = std::fs::remove_dir_all(&dir);

    let sc = service_arena_core::engine::load::load_file(&root().join("tests/fixtures/fixture_stockout.ron")).unwrap();
    let run = random_run(&sc, 1);
    let principles = service_arena_core::engine::scoring::PRINCIPLES;
    let mut t = Tally::default();
    for _ in 0..cases() {
        let mut fields = Vec::new();
        for p in principles {
            if rng.random_range(0..3u32) > 0 {
                // Half ordinary weights, half the extremes.
                let n = match rng.random_range(0..2u32) {
                    0 => ["1", "10", "25", "0.5", "1000", "0"][rng.random_range(0..6u32) as usize],
                    _ => NUMBERS[rng.random_range(0..NUMBERS.len() as u32) as usize],
                };
                fields.push(format!("{}: {n}", p.id()));
            }
        }
        let text = format!("({})", fields.join(", "));
        t.case("weights", text.as_bytes(), || {
            let Ok(cfg) = ScoringConfig::from_ron(&text, "w.ron") else {
                return Ok(false);
            };
            let s = score(&sc, &cfg, &run);
            if !s.total.is_finite() || !(0.0..=100.0).contains(&s.total) {
                return Err(format!("total {}", s.total));
            }
            Ok(true)
        });
    }
    t.report("weights");
}

fn practice(i: usize) -> PracticeRun {
    PracticeRun {
        id: None,
        player: format!("学员{}", i % 7),
        scenario: "ka_stockout".into(),
        seed: i as u64,
        choices: vec![1, 2, 3],
        total: (i % 100) as f32,
        principles: vec![(service_arena_core::engine::Principle::PeakEnd, 50.0)],
        outcome: Some("won_over".into()),
        finished_at: 1_700_000_000 + i as i64,
    }
}

/// What `PRAGMA integrity_check` finds (an SQLite error counts as a problem too).
fn integrity(path: &Path) -> Vec<String> {
    let check = || -> rusqlite::Result<Vec<String>> {
        let c = rusqlite::Connection::open(path)?;
        let mut st = c.prepare("PRAGMA integrity_check")?;
        let lines = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(lines.into_iter().filter(|l| l != "ok").collect())
    };
    check().unwrap_or_else(|e| vec![e.to_string()])
}

#[test]
fn fuzz_database_bit_flips() {
    let dir = std::env::temp_dir().join(format!("sa-fuzz-db-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let pristine = dir.join("pristine.db");
    {
        let s = Store::open(&pristine).unwrap();
        for i in 0..300 {
            s.record_practice(&practice(i)).unwrap();
        }
    }
    let clean = std::fs::read(&pristine).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    let mut t = Tally::default();
    for k in 0..cases() {
        let mut bytes = clean.clone();
        for _ in 0..1 + rng.random_range(0..4u32) {
            let at = rng.random_range(0..bytes.len() as u32) as usize;
            bytes[at] ^= 1 << rng.random_range(0..8u32);
        }
        let case_dir = dir.join(k.to_string());
        std::fs::create_dir_all(&case_dir).unwrap();
        let db = case_dir.join(FILE_NAME);
        std::fs::write(&db, &bytes).unwrap();
        t.case("database", &bytes, || {
            let store = match Store::open(&db) {
                Ok(s) => s,
                Err(StoreError::SetAside { moved_to, .. }) => {
                    return if std::fs::read(&moved_to).unwrap() == bytes {
                        Ok(false)
                    } else {
                        Err("set aside, but not byte for byte".into())
                    };
                }
                Err(_) => return Ok(false),
            };
            let _ = store.players();
            match store.record_practice(&practice(1000 + k)) {
                Ok(_) => {
                    drop(store);
                    let problems = integrity(&db);
                    if problems.is_empty() {
                        Ok(true)
                    } else {
                        Err(format!("written to a damaged file: {}", problems.join("; ")))
                    }
                }
                Err(StoreError::SetAside { moved_to, .. }) => {
                    if std::fs::read(&moved_to).unwrap() == bytes {
                        Ok(false)
                    } else {
                        Err("set aside after a write began".into())
                    }
                }
                Err(_) => Ok(false),
            }
        });
        let _ = std::fs::remove_dir_all(&case_dir);
    }
    t.report("database");
    let _ = std::fs::remove_dir_all(&dir);
}
