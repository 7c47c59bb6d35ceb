//! The command line as a user meets it: exit codes, messages, JSON shapes.

use std::path::Path;
use std::process::Output;

use crate::common::{bin, root, stderr, stdout, tempdir};

/// Runs the binary on the test fixtures (tests/fixtures), not the shipped scenarios.
fn sa(args: &[&str]) -> Output {
    sa_in("tests/fixtures", args)
}

fn sa_in(scenarios: &str, args: &[&str]) -> Output {
    let dir = root().join(scenarios);
    let mut all = vec!["--scenarios", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    sa_raw(&all)
}

fn sa_raw(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "failed: {}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

/// A temporary directory with one good and one broken scenario.
fn mixed_dir() -> tempdir::Dir {
    let dir = tempdir::Dir::new("mixed");
    std::fs::copy(
        root().join("tests/fixtures/fixture_stockout.ron"),
        dir.path().join("good.ron"),
    )
    .unwrap();
    let broken = std::fs::read_to_string(root().join("tests/fixtures/fixture_stockout.ron"))
        .unwrap()
        .replace("id: \"fixture_stockout\"", "id: \"broken\"")
        .replace("next: goto(\"options\")", "next: goto(\"nowhere\")");
    std::fs::write(dir.path().join("broken.ron"), broken).unwrap();
    dir
}

#[test]
fn validate_reports_file_line_column_and_keeps_going() {
    let dir = mixed_dir();
    let o = sa(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("good.ron (fixture_stockout)"), "{out}");
    let err_line = out.lines().find(|l| l.starts_with("error ")).expect("an error line");
    // error <dir>/broken.ron:LINE:COL: node "…": refers to unknown node "nowhere"
    let rest = err_line.split("broken.ron:").nth(1).expect("file named");
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts.next().unwrap().parse().expect("line number");
    let col: usize = parts.next().unwrap().parse().expect("column number");
    assert!(line > 1 && col > 0);
    assert!(
        parts.next().unwrap().contains("refers to unknown node \"nowhere\""),
        "{err_line}"
    );
    assert!(out.contains("1 valid, 1 with errors"), "{out}");
}

#[test]
fn list_skips_a_broken_file_with_a_warning() {
    let dir = mixed_dir();
    let o = sa_raw(&["--scenarios", dir.path().to_str().unwrap(), "list", "--json"]);
    let v = json(&o);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["fixture_stockout"]);
    assert!(
        stderr(&o).contains("warning:") && stderr(&o).contains("broken.ron"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn play_with_choices_gives_a_stable_json_debrief() {
    let args = [
        "play",
        "fixture_stockout",
        "--seed",
        "7",
        "--choices",
        "1,1,1,1,1",
        "--json",
    ];
    let a = sa(&args);
    let b = sa(&args);
    assert_eq!(a.stdout, b.stdout, "same seed and choices must give the same bytes");
    let v = json(&a);
    assert_eq!(v["scenario"], "fixture_stockout");
    assert_eq!(v["seed"], 7);
    assert_eq!(v["choices"], serde_json::json!([1, 1, 1, 1, 1]));
    let total = v["total"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&total));
    let principles = v["principles"].as_array().unwrap();
    assert!(principles.iter().any(|p| p["id"] == "early_disclosure"));
    for p in principles {
        assert!(p["label"]["zh"].is_string() && p["label"]["en"].is_string());
        assert!(p["feedback"].is_array());
    }
    assert_eq!(v["turns"].as_array().unwrap().len(), 5);
    assert!(v["ending"]["outcome"].is_string());
}

#[test]
fn play_text_debrief_in_both_languages() {
    let zh = stdout(&sa(&["play", "fixture_stockout", "--choices", "1,1,1,1,1"]));
    assert!(zh.contains("总分") && zh.contains("坏消息早说"), "{zh}");
    let en = stdout(&sa(&[
        "--lang",
        "en",
        "play",
        "fixture_stockout",
        "--choices",
        "1,1,1,1,1",
    ]));
    assert!(en.contains("Total") && en.contains("Bad news early"), "{en}");
}

#[test]
fn analyze_json_has_the_documented_fields() {
    let v = json(&sa(&["analyze", "fixture_stockout", "--runs", "200", "--json"]));
    for key in ["best", "worst"] {
        assert!(v[key]["total"].is_number(), "{key}.total");
        assert!(!v[key]["path"].as_array().unwrap().is_empty(), "{key}.path");
    }
    assert!(v["random"]["median"].is_number());
    assert_eq!(v["random"]["runs"], 200);
    assert!(v["best"]["total"].as_f64() > v["worst"]["total"].as_f64());
    // The best path replays to the same total.
    let path: Vec<String> = v["best"]["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let replay = json(&sa(&[
        "play",
        "fixture_stockout",
        "--seed",
        "1",
        "--choices",
        &path.join(","),
        "--json",
    ]));
    assert_eq!(replay["total"], v["best"]["total"]);
}

#[test]
fn bad_input_gets_a_clear_error_and_nonzero_exit() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["play", "no_such_scenario", "--choices", "1"],
            "no scenario with id \"no_such_scenario\"",
        ),
        (
            &["play", "fixture_stockout", "--choices", "1,9"],
            "turn 2: option 9 does not exist",
        ),
        (
            &["play", "fixture_stockout", "--choices", "1"],
            "the choices ran out after 1",
        ),
        (&["play", "fixture_stockout", "--choices", "0"], "numbered from 1"),
        (&["play", "fixture_stockout", "--choices", "1,x"], "invalid value 'x'"),
        (&["--lang", "fr", "list"], "unknown language \"fr\""),
        (&["analyze", "missing.ron"], "missing.ron"),
        (
            &[
                "play",
                "fixture_stockout",
                "--weights",
                "/nonexistent.ron",
                "--choices",
                "1",
            ],
            "cannot read",
        ),
    ];
    let o = sa_raw(&["--scenarios", "/nonexistent", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--scenarios /nonexistent: not a directory"),
        "{}",
        stderr(&o)
    );
    for (args, expected) in cases {
        let o = sa(args);
        assert!(!o.status.success(), "{args:?} should fail");
        assert!(stderr(&o).contains(expected), "{args:?}: stderr was {:?}", stderr(&o));
    }
}

#[test]
fn weights_file_changes_the_total() {
    let dir = tempdir::Dir::new("weights");
    let w = dir.path().join("w.ron");
    std::fs::write(&w, "(peak_end: 100, finish_strong: 0, early_disclosure: 0, pain_pleasure: 0, control: 0, ritual: 0, expectations: 0, complaint_steps: 0, duty_to_inform: 0, effort: 0, de_escalation: 0)").unwrap();
    let args = ["play", "fixture_stockout", "--choices", "2,2,1,3,2,1,1", "--json"];
    let plain = json(&sa(&args));
    let mut weighted_args = args.to_vec();
    weighted_args.extend(["--weights", w.to_str().unwrap()]);
    let weighted = json(&sa(&weighted_args));
    let peak_end = plain["principles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "peak_end")
        .unwrap()["score"]
        .clone();
    assert_eq!(weighted["total"], peak_end);
    assert_eq!(weighted["principles"].as_array().unwrap().len(), 1);
}

#[test]
fn catalogue_is_in_sync_with_the_scenarios() {
    let generated = stdout(&sa_in("scenarios", &["catalogue"]));
    let on_disk = std::fs::read_to_string(root().join("docs/scenarios.md")).unwrap_or_default();
    assert!(
        generated == on_disk,
        "docs/scenarios.md is out of date: run `cargo run -- catalogue --out docs/scenarios.md`"
    );
    assert!(Path::new(&root().join("docs/scenarios.md")).exists());
}

fn sa_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let dir = root().join("tests/fixtures");
    let mut child = bin()
        .arg("--scenarios")
        .arg(dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn interactive_play_reads_choices_and_rejects_nonsense() {
    // "x" and "9" are refused with a hint; the five 1s finish the call.
    let o = sa_stdin(&["--lang", "en", "play", "fixture_stockout"], "x\n9\n1\n1\n1\n1\n1\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.matches("Type an option number.").count(), 2, "{out}");
    assert!(out.contains("Debrief") && out.contains("--choices 1,1,1,1,1"), "{out}");
    // Running out of input mid-call is an error, not a silent success.
    let o = sa_stdin(&["play", "fixture_stockout"], "1\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("input ended before the call did"), "{}", stderr(&o));
    // q quits without a debrief.
    let o = sa_stdin(&["--lang", "en", "play", "fixture_stockout"], "q\n");
    assert!(o.status.success());
    assert!(!stdout(&o).contains("Debrief"));
}
