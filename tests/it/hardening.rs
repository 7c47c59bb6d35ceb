//! Issue 13 through the command line: the faults a careless or hostile user met, each reproduced.

use std::process::{Output, Stdio};

use service_arena::store::{FILE_NAME, Store};

use crate::common::{root, stderr, stdout, tempdir::Dir};
use crate::workshop::{sa, sa_cmd};

fn fails(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(1), "expected exit 1: {}", stderr(o));
    assert!(stderr(o).contains(needle), "expected {needle:?} in: {}", stderr(o));
}

/// `history export` of 李娜's runs to `out`.
fn export(data: &Dir, out: &str) -> Output {
    sa(data, &["history", "export", "--player", "李娜", "--out", out])
}

/// `play` of `choices` on the fixture with the weights file `w`.
fn with_weights(data: &Dir, choices: &str, w: &str) -> Output {
    sa(
        data,
        &["play", "fixture_stockout", "--choices", choices, "--weights", w],
    )
}

fn good_choices() -> String {
    let sc = service_arena::engine::load::load_file(&root().join("tests/fixtures/fixture_stockout.ron")).unwrap();
    let a = service_arena::engine::analyze::analyze(&sc, &Default::default(), 1, 0);
    a.best.path.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",")
}

#[test]
fn exports_never_overwrite_the_database_or_a_foreign_file() {
    let data = Dir::new("hard-out");
    let choices = good_choices();
    let play = sa(
        &data,
        &["play", "fixture_stockout", "--choices", &choices, "--player", "李娜"],
    );
    assert!(play.status.success(), "{}", stderr(&play));
    let db = data.path().join(FILE_NAME);
    let before = std::fs::read(&db).unwrap();
    // The database itself, by its path and through a symlink.
    let o = export(&data, db.to_str().unwrap());
    fails(&o, "this is the program's own database");
    #[cfg(unix)]
    {
        let link = data.path().join("link.csv");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        let o = export(&data, link.to_str().unwrap());
        fails(&o, "own database");
    }
    assert!(std::fs::read(&db).unwrap() == before, "the database is untouched");
    // Another SQLite file, a scenario file, a directory: refused, untouched.
    let other = data.path().join("other.db");
    std::fs::copy(&db, &other).unwrap();
    fails(&export(&data, other.to_str().unwrap()), "is an SQLite database");
    let ron = data.path().join("mine.ron");
    std::fs::write(&ron, "Scenario(id: \"x\")").unwrap();
    fails(
        &sa(&data, &["catalogue", "--out", ron.to_str().unwrap()]),
        "not an earlier output",
    );
    assert_eq!(std::fs::read_to_string(&ron).unwrap(), "Scenario(id: \"x\")");
    fails(&export(&data, data.path().to_str().unwrap()), "not a regular file");
    // A new file, then the same file again (an earlier export is replaced), no temporary left.
    let csv = data.path().join("h.csv");
    for _ in 0..2 {
        let o = export(&data, csv.to_str().unwrap());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .starts_with("\u{feff}player 学员,")
    );
    let leftovers: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    let cat = data.path().join("cat.md");
    assert!(
        sa(&data, &["catalogue", "--out", cat.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        sa(&data, &["catalogue", "--out", cat.to_str().unwrap()])
            .status
            .success()
    );
}

#[test]
fn a_practice_run_is_stored_even_when_nobody_reads_the_debrief() {
    let data = Dir::new("hard-pipe");
    let choices = good_choices();
    for _ in 0..5 {
        // `| true`: the reader is gone before the debrief is written.
        let mut child = sa_cmd(&data)
            .args([
                "play",
                "fixture_stockout",
                "--choices",
                &choices,
                "--json",
                "--player",
                "王芳",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        assert!(child.wait().unwrap().success());
    }
    let s = Store::open(&data.path().join(FILE_NAME)).unwrap();
    assert_eq!(s.practice_runs("王芳").unwrap().len(), 5);
}

#[test]
fn counts_weights_names_and_files_are_refused_with_a_reason() {
    let data = Dir::new("hard-misc");
    let choices = good_choices();
    // 10: --runs is bounded (used to panic or abort).
    for runs in ["18446744073709551615", "1000000000000", "100001"] {
        let o = sa(&data, &["analyze", "fixture_stockout", "--runs", runs]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("100000"), "{}", stderr(&o));
    }
    // 16: weights that leave nothing to score, or that are absurd.
    let w = data.path().join("w.ron");
    let zeros: Vec<String> = service_arena::engine::scoring::PRINCIPLES
        .iter()
        .map(|p| format!("{}: 0", p.id()))
        .collect();
    // Every principle 0 but one this fixture does not test.
    let sc = service_arena::engine::load::load_file(&root().join("tests/fixtures/fixture_stockout.ron")).unwrap();
    let cfg = service_arena::engine::ScoringConfig::default();
    let untested = service_arena::engine::scoring::PRINCIPLES
        .iter()
        .find(|p| !service_arena::engine::Scorer::new(&sc, &cfg).applies(**p))
        .expect("the fixture leaves a principle untested");
    let mut ws = zeros.clone();
    ws.retain(|z| !z.starts_with(&format!("{}:", untested.id())));
    std::fs::write(&w, format!("({})", ws.join(", "))).unwrap();
    fails(&with_weights(&data, &choices, w.to_str().unwrap()), "has weight 0");
    std::fs::write(&w, "(peak_end: 1e38)").unwrap();
    fails(
        &sa(
            &data,
            &["analyze", "fixture_stockout", "--weights", w.to_str().unwrap()],
        ),
        "up to 1000",
    );
    // 15: player names.
    for bad in ["", "  ", "\u{1b}[2J", "a\nb"] {
        fails(
            &sa(
                &data,
                &["play", "fixture_stockout", "--choices", &choices, "--player", bad],
            ),
            "player name",
        );
    }
    assert!(
        !data.path().join(FILE_NAME).exists(),
        "refused before the database was touched"
    );
    // 9, 17: files that are not files.
    fails(&sa(&data, &["validate", "/dev/null"]), "");
    let o = sa(&data, &["validate", "/dev/null"]);
    assert!(
        stdout(&o).contains("/dev/null: 不是普通文件（是一个设备）"),
        "{}",
        stdout(&o)
    );
    #[cfg(unix)]
    {
        let fifo = data.path().join("w.fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        fails(&with_weights(&data, &choices, fifo.to_str().unwrap()), "a named pipe");
        fails(
            &sa(&data, &["workshop", "new", "--setup", fifo.to_str().unwrap()]),
            "a named pipe",
        );
    }
}
