//! Workshop mode end to end through the real binary: set-up, rounds, results, CSV export, practice
//! history, bad input, a corrupt database, and a crash in the middle of a write.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Output, Stdio};

use service_arena::engine::load::load_file;
use service_arena::engine::{Compiled, Sim};
use service_arena::store::{FILE_NAME, Store};
use service_arena::workshop::csv;
use service_arena::workshop::rules;
use service_arena::workshop::setup::SetupFile;

use crate::common::{bin, root, stderr, stdout, tempdir::Dir};

const TEAMS: [&str; 4] = ["红队", "蓝队, \"老将\"", "Green", "黄队"];

/// A workshop on the test fixture: four teams (one name needs CSV quoting), two rounds.
fn setup_file(dir: &Dir) -> String {
    let path = dir.path().join("setup.ron");
    let teams: Vec<String> = TEAMS
        .iter()
        .map(|t| {
            format!(
                "(name: {t:?}, slogan: \"口号\", members: [(name: \"张三\", role: captain), (name: \"李四\", role: secretary)])"
            )
        })
        .collect();
    std::fs::write(
        &path,
        format!(
            "(name: \"测试班\", teams: [{}], rounds: 2, scenarios: [\"fixture_stockout\"], seeds: [3, 4],
              discussion_secs: 45, reward: \"小红旗\", penalty: \"唱首歌\")",
            teams.join(", ")
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

/// The CLI on the fixtures with the database in `data`, arguments still to add.
pub fn sa_cmd(data: &Dir) -> std::process::Command {
    let fixtures = root().join("tests/fixtures");
    let mut c = bin();
    c.args([
        "--scenarios",
        fixtures.to_str().unwrap(),
        "--data",
        data.path().to_str().unwrap(),
    ]);
    c
}

/// Runs the CLI on the fixtures with the database in `data`.
pub fn sa(data: &Dir, args: &[&str]) -> Output {
    sa_cmd(data).args(args).output().expect("binary runs")
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "failed:\n{}\n{}", stdout(&o), stderr(&o));
    stdout(&o)
}

/// Fails with exit code 1 and an `error:` line containing `needle`.
fn fails(o: Output, needle: &str) -> String {
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "expected exit 1: {err}");
    assert!(
        (err.starts_with("error: ") || err.starts_with("错误：")) && err.contains(needle),
        "expected \"{needle}\" in: {err}"
    );
    err
}

fn fixture() -> Compiled {
    load_file(&root().join("tests/fixtures/fixture_stockout.ron")).unwrap()
}

/// A complete, valid path through the fixture with `seed`: at turn j take option (k + j) mod n.
fn path(sc: &Compiled, seed: u64, k: usize) -> String {
    let mut sim = Sim::new(sc, seed);
    let mut picks = Vec::new();
    while !sim.finished() {
        let c = (k + picks.len()) % sim.options().len();
        sim.choose(c).unwrap();
        picks.push((c + 1).to_string());
    }
    picks.join(",")
}

/// Plays a round from a script file `s.txt` holding `text`.
fn script(data: &Dir, text: impl AsRef<str>) -> Output {
    let file = data.path().join("s.txt");
    std::fs::write(&file, text.as_ref()).unwrap();
    sa(data, &["workshop", "play-round", "--script", file.to_str().unwrap()])
}

fn store(data: &Dir) -> Store {
    Store::open(&data.path().join(FILE_NAME)).unwrap()
}

fn json(o: Output) -> serde_json::Value {
    serde_json::from_str(&ok(o)).expect("valid JSON")
}

#[test]
fn the_documented_example_setup_is_valid() {
    let file = "docs/examples/workshop.ron";
    let src = std::fs::read_to_string(root().join(file)).unwrap();
    let (setup, seeds) = SetupFile::parse(&src, file).unwrap().resolve().unwrap();
    assert_eq!(setup.rounds.len(), 3);
    assert_eq!(seeds, vec![Some(11), Some(22), None]);
    let shipped: Vec<String> = crate::common::shipped().into_iter().map(|s| s.id).collect();
    for r in &setup.rounds {
        assert!(
            shipped.contains(&r.scenario),
            "{} is not a shipped scenario",
            r.scenario
        );
    }
    // The example inside docs/workshop.md is the same file.
    let doc = std::fs::read_to_string(root().join("docs/workshop.md")).unwrap();
    let block = doc.split("```ron\n").nth(1).unwrap().split("```").next().unwrap();
    assert_eq!(
        block.trim(),
        src.trim(),
        "docs/workshop.md must show docs/examples/workshop.ron"
    );
    // And the CLI accepts it against the shipped scenarios.
    let data = Dir::new("ws-example");
    let o = bin()
        .args([
            "--data",
            data.path().to_str().unwrap(),
            "workshop",
            "new",
            "--setup",
            file,
        ])
        .output()
        .unwrap();
    assert!(ok(o).contains("客服擂台 · 三月班"));
}

#[test]
fn a_whole_workshop_from_the_command_line() {
    let data = Dir::new("ws-whole");
    let sc = fixture();
    ok(sa(&data, &["workshop", "new", "--setup", &setup_file(&data)]));

    // Round 1: three teams by script, the fourth absent.
    let script = data.path().join("r1.txt");
    std::fs::write(
        &script,
        format!(
            "# round 1\n红队 = {}\n蓝队, \"老将\" = {}\nGreen = {}\n",
            path(&sc, 3, 0),
            path(&sc, 3, 1),
            path(&sc, 3, 2)
        ),
    )
    .unwrap();
    let out = ok(sa(
        &data,
        &["workshop", "play-round", "--script", script.to_str().unwrap()],
    ));
    assert_eq!(out.matches("已记录").count(), 3, "{out}");
    ok(sa(&data, &["workshop", "skip", "--team", "黄队", "--reason", "迟到"]));
    let st = json(sa(&data, &["workshop", "status", "--json"]));
    assert_eq!((st["round"].as_u64(), st["next"].as_str()), (Some(2), Some("红队")));

    // Round 2 team by team; 黄队 is back; Green redoes with a reason.
    for (team, k) in [("红队", 0), ("蓝队, \"老将\"", 0), ("Green", 1), ("黄队", 2)] {
        ok(sa(
            &data,
            &["workshop", "play-round", "--team", team, "--choices", &path(&sc, 4, k)],
        ));
    }
    ok(sa(
        &data,
        &["workshop", "redo", "--team", "Green", "--reason", "按错了键"],
    ));
    ok(sa(
        &data,
        &[
            "workshop",
            "play-round",
            "--team",
            "Green",
            "--choices",
            &path(&sc, 4, 0),
        ],
    ));
    let st = json(sa(&data, &["workshop", "status", "--json"]));
    assert_eq!(st["finished"], true);

    // What the CLI reports is what the rules compute from the stored workshop.
    let ws = store(&data).workshop(1).unwrap();
    assert!(
        ws.runs.iter().filter(|r| r.round == 2).all(|r| r.seed == 4),
        "same seed for every team"
    );
    let expected = rules::results(&ws, 2).unwrap();
    let res = json(sa(&data, &["workshop", "results", "--round", "2", "--json"]));
    let expected_json: serde_json::Value = serde_json::from_str(&serde_json::to_string(&expected).unwrap()).unwrap();
    assert_eq!(res, expected_json);
    assert_eq!(res["table"].as_array().unwrap().len(), 4, "the full table, not a top 3");
    assert!(!expected.highest.is_empty());
    let text = ok(sa(&data, &["workshop", "results", "--round", "2"]));
    assert!(
        text.contains("最高分队伍") && text.contains("每个决策点的选择"),
        "{text}"
    );
    assert!(text.contains("队选 选项"), "{text}");
    let en = ok(sa(&data, &["--lang", "en", "workshop", "results", "--round", "1"]));
    assert!(
        en.contains("Round 1 has no earlier round") && en.contains("teams chose option"),
        "{en}"
    );

    // Export round trip.
    let csv_path = data.path().join("export.csv");
    ok(sa(&data, &["workshop", "export", "--out", csv_path.to_str().unwrap()]));
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM for Excel");
    let rows = csv::parse(std::str::from_utf8(&bytes).unwrap()).unwrap();
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h.starts_with(name)).unwrap();
    assert_eq!(rows.len(), 1 + 4 * 2, "one row per team per round");
    for r in 1..=2 {
        let res = rules::results(&ws, r).unwrap();
        for row in &res.table {
            let line = rows
                .iter()
                .find(|l| l[col("round")] == r.to_string() && l[col("team")] == row.team)
                .unwrap_or_else(|| panic!("no row for {} in round {r}", row.team));
            assert_eq!(line[col("workshop")], "测试班");
            assert_eq!(line[col("rank")], row.rank.map(|k| k.to_string()).unwrap_or_default());
            assert_eq!(
                line[col("total")],
                row.score.map(|s| format!("{s:.1}")).unwrap_or_default()
            );
            assert_eq!(
                line[col("growth")],
                row.growth.map(|s| format!("{s:.1}")).unwrap_or_default()
            );
            let run = ws.active_run(r, ws.team_index(&row.team).unwrap());
            for (p, s) in run.map(|x| x.principles.clone()).unwrap_or_default() {
                assert_eq!(line[col(p.id())], format!("{s:.1}"));
            }
        }
    }
    let yellow = rows
        .iter()
        .find(|l| l[col("team")] == "黄队" && l[col("round")] == "1")
        .unwrap();
    assert_eq!(
        (yellow[col("status")].as_str(), yellow[col("note")].as_str()),
        ("skipped", "迟到")
    );
    let green = rows
        .iter()
        .find(|l| l[col("team")] == "Green" && l[col("round")] == "2")
        .unwrap();
    assert!(green[col("note")].contains("按错了键"), "the redo reason is exported");
}

#[test]
fn bad_input_is_refused_with_exit_1_and_nothing_recorded() {
    let data = Dir::new("ws-bad");
    let sc = fixture();
    fails(sa(&data, &["workshop", "status"]), "no workshop yet");
    let setup = setup_file(&data);
    let unknown = data.path().join("unknown.ron");
    std::fs::write(
        &unknown,
        std::fs::read_to_string(&setup)
            .unwrap()
            .replace("fixture_stockout", "nope"),
    )
    .unwrap();
    fails(
        sa(&data, &["workshop", "new", "--setup", unknown.to_str().unwrap()]),
        "no scenario with id \"nope\"",
    );
    ok(sa(&data, &["workshop", "new", "--setup", &setup]));
    let good = path(&sc, 3, 0);
    fails(
        sa(&data, &["workshop", "play-round", "--team", "紫队", "--choices", &good]),
        "no team \"紫队\"",
    );
    fails(
        sa(&data, &["workshop", "play-round", "--team", "红队", "--choices", "1"]),
        "红队:",
    );
    // A script with one bad line records nothing, not even its good lines.
    fails(script(&data, format!("红队 = {good}\n紫队 = {good}\n")), "紫队");
    fails(
        script(&data, format!("红队 = {good}\n红队 = {good}\n")),
        "named twice in the script; nothing was recorded",
    );
    fails(script(&data, "红队 = 1,x\n"), "s.txt:1:");
    assert!(store(&data).workshop(1).unwrap().runs.is_empty());

    ok(sa(
        &data,
        &["workshop", "play-round", "--team", "红队", "--choices", &good],
    ));
    fails(
        sa(&data, &["workshop", "play-round", "--team", "红队", "--choices", &good]),
        "already played round 1",
    );
    fails(
        sa(&data, &["workshop", "redo", "--team", "红队", "--reason", ""]),
        "reason",
    );
    fails(
        sa(&data, &["workshop", "skip", "--team", "红队", "--reason", "x"]),
        "already played",
    );
    ok(sa(&data, &["workshop", "pause"]));
    fails(sa(&data, &["workshop", "pause"]), "already paused");
    fails(
        sa(
            &data,
            &["workshop", "play-round", "--team", "蓝队, \"老将\"", "--choices", &good],
        ),
        "paused",
    );
    ok(sa(&data, &["workshop", "resume", "测试班"]));
    ok(sa(
        &data,
        &[
            "workshop",
            "play-round",
            "1",
            "--team",
            "蓝队, \"老将\"",
            "--choices",
            &good,
        ],
    ));
    fails(
        sa(&data, &["workshop", "results", "--round", "9"]),
        "round 9 does not exist",
    );
    fails(sa(&data, &["workshop", "status", "某个班"]), "no workshop \"某个班\"");
    assert_eq!(store(&data).workshop(1).unwrap().runs.len(), 2);
}

#[test]
fn a_corrupt_database_is_set_aside_and_its_new_path_printed() {
    let data = Dir::new("ws-corrupt");
    let db = data.path().join(FILE_NAME);
    let junk = "名字,分数\n张三,80\n".repeat(100);
    std::fs::write(&db, &junk).unwrap();
    let err = fails(sa(&data, &["workshop", "list"]), "is not a Service Arena database");
    let moved = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(".corrupt-"))
        .expect("the file was moved aside");
    assert!(
        err.contains(&moved.display().to_string()),
        "the new path is printed: {err}"
    );
    assert_eq!(std::fs::read_to_string(&moved).unwrap(), junk, "untouched");
    // The next command starts a fresh database.
    assert!(ok(sa(&data, &["workshop", "list"])).contains("还没有工作坊"));
}

#[test]
fn practice_history_is_recorded_listed_and_exported_per_person() {
    let data = Dir::new("ws-history");
    let sc = fixture();
    for (player, k) in [("王芳", 0), ("王芳", 1), ("Alex", 2)] {
        let choices = path(&sc, 1, k);
        ok(sa(
            &data,
            &["play", "fixture_stockout", "--choices", &choices, "--player", player],
        ));
    }
    assert_eq!(ok(sa(&data, &["history", "list"])).lines().count(), 2);
    let runs = json(sa(&data, &["history", "list", "--player", "王芳", "--json"]));
    assert_eq!(runs.as_array().unwrap().len(), 2);
    let out = data.path().join("wang.csv");
    ok(sa(
        &data,
        &["history", "export", "--player", "王芳", "--out", out.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let rows = csv::parse(&text).unwrap();
    assert_eq!(rows.len(), 3);
    let stored = store(&data).practice_runs("王芳").unwrap();
    for (row, run) in rows[1..].iter().zip(&stored) {
        assert_eq!(row[0], "王芳");
        assert_eq!(row[4], format!("{:.1}", run.total));
        assert_eq!(
            row[6],
            run.choices.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" ")
        );
    }
    fails(
        sa(&data, &["history", "export", "--player", "nobody", "--out", "x.csv"]),
        "no practice history",
    );
}

/// Kills the binary while it is inside the transaction writing a script's runs (one transaction for
/// the whole script), then checks that nothing half-written is left — the script records all its
/// lines or none — and that playing the script again completes the round.
#[test]
fn a_crash_mid_write_loses_no_finished_run_and_the_workshop_resumes() {
    let data = Dir::new("ws-crash");
    let sc = fixture();
    ok(sa(&data, &["workshop", "new", "--setup", &setup_file(&data)]));
    let lines: Vec<String> = TEAMS
        .iter()
        .enumerate()
        .map(|(k, t)| format!("{t} = {}", path(&sc, 3, k)))
        .collect();
    let script = data.path().join("round1.txt");
    std::fs::write(&script, lines.join("\n")).unwrap();

    // Every run write waits 3 s inside its transaction (the test hook), which creates `marker`
    // when it starts waiting: the runs are written, the transaction not committed.
    let marker = data.path().join("inside-the-write");
    let mut child = sa_cmd(&data)
        .args([
            "--lang",
            "en",
            "workshop",
            "play-round",
            "--script",
            script.to_str().unwrap(),
        ])
        .env("SERVICE_ARENA_TEST_PAUSE_MS", "3000")
        .env("SERVICE_ARENA_TEST_PAUSE_FILE", &marker)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap()).lines();
    wait_for(&marker);
    child.kill().unwrap();
    child.wait().unwrap();
    let reported = out.map_while(Result::ok).filter(|l| l.starts_with("recorded")).count();
    assert_eq!(reported, 0, "nothing is reported before the transaction commits");

    let ws = store(&data).workshop(1).unwrap();
    assert!(store(&data).check_integrity().unwrap().is_empty());
    assert!(
        ws.runs.is_empty(),
        "{} runs: a script records all or nothing",
        ws.runs.len()
    );
    let st = json(sa(&data, &["workshop", "status", "--json"]));
    assert_eq!((st["round"].as_u64(), st["next"].as_str()), (Some(1), Some(TEAMS[0])));

    // Played again, the script completes the round, in script order.
    ok(sa(
        &data,
        &["workshop", "play-round", "--script", script.to_str().unwrap()],
    ));
    let ws = store(&data).workshop(1).unwrap();
    assert_eq!(ws.runs.len(), TEAMS.len());
    for (i, r) in ws.runs.iter().enumerate() {
        assert_eq!(r.team, i, "runs are stored in script order");
        assert!(!r.principles.is_empty(), "a stored run is complete");
    }
    assert!(rules::round_complete(&ws, 1));
}

/// Waits until `path` exists (the process is inside a write). No timing is asserted: a generous
/// bound only turns a hang into a failure.
fn wait_for(path: &Path) {
    for _ in 0..6000 {
        if path.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("{} never appeared", path.display());
}
