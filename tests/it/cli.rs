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
    assert!(out.contains("good.ron (fixture_stockout; 中文、英文)"), "{out}");
    let err_line = out.lines().find(|l| l.starts_with("error ")).expect("an error line");
    // error <dir>/broken.ron:LINE:COL: 节点“…”：指向了不存在的节点“nowhere”
    let rest = err_line.split("broken.ron:").nth(1).expect("file named");
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts.next().unwrap().parse().expect("line number");
    let col: usize = parts.next().unwrap().parse().expect("column number");
    assert!(line > 1 && col > 0);
    assert!(
        parts.next().unwrap().contains("指向了不存在的节点“nowhere”"),
        "{err_line}"
    );
    assert!(out.contains("1 个有效，1 个有错误"), "{out}");
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
        stderr(&o).contains("警告：") && stderr(&o).contains("broken.ron"),
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

/// Bad input, and the message for it in English and in Chinese (the default).
const BAD_INPUT: &[(&[&str], &str, &str)] = &[
    (
        &["play", "no_such_scenario", "--choices", "1"],
        "no scenario with id \"no_such_scenario\"",
        "错误：没有 id 为“no_such_scenario”的场景",
    ),
    (
        &["play", "fixture_stockout", "--choices", "1,9"],
        "turn 2: option 9 does not exist (choose 1–3)",
        "第 2 回合：没有选项 9（请在 1–3 中选）",
    ),
    (
        &["play", "fixture_stockout", "--choices", "1"],
        "the choices ran out after 1",
        "1 个选择用完了，通话还没结束",
    ),
    (
        &["play", "fixture_stockout", "--choices", "0"],
        "numbered from 1",
        "选项从 1 开始编号",
    ),
    (
        &["play", "fixture_stockout", "--choices", "1,x"],
        "invalid value 'x'",
        "--choices <CHOICES>... 的值“x”无效：应为非负整数",
    ),
    (
        &["play", "fixture_stockout", "--sed", "1"],
        "unexpected argument '--sed'",
        "不认识的参数“--sed”",
    ),
    (&["plya"], "similar subcommand exists: 'play'", "你是不是想用“play”？"),
    (&["analyze", "missing.ron"], "missing.ron", "missing.ron"),
    (
        &["analyze", "fixture_stockout", "--runs", "1000000"],
        "1000000 is not in 0..=100000",
        "应在 0–100000 之间",
    ),
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
        "找不到文件",
    ),
];

#[test]
fn bad_input_gets_a_clear_error_in_the_chosen_language_and_nonzero_exit() {
    let o = sa_raw(&["--lang", "en", "--scenarios", "/nonexistent", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--scenarios /nonexistent: not a directory"),
        "{}",
        stderr(&o)
    );
    for (args, en, zh) in BAD_INPUT {
        for (lang, expected) in [("en", en), ("zh", zh)] {
            let mut all = vec!["--lang", lang];
            all.extend_from_slice(args);
            let o = sa(&all);
            assert!(!o.status.success(), "{all:?} should fail");
            let err = stderr(&o);
            assert!(err.contains(expected), "{all:?}: stderr was {err:?}");
            if lang == "zh" {
                assert!(
                    !err.contains("error:") && !err.contains("Usage"),
                    "{all:?}: English left in {err:?}"
                );
            }
        }
    }
    // An unknown language cannot choose the language of its own error: it is Chinese.
    let o = sa(&["--lang", "fr", "list"]);
    assert!(
        stderr(&o).contains("--lang <LANG> 的值“fr”无效：请用 zh 或 en。"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn with_lang_zh_help_is_chinese() {
    let help = stdout(&sa(&["play", "--help"]));
    for part in [
        "用法：service-arena play [选项] <SCENARIO>",
        "参数：",
        "选项：",
        "教练模式",
        "（默认：1）。",
        "显示帮助。",
    ] {
        assert!(help.contains(part), "{part} missing from {help}");
    }
    assert!(!help.contains("Options") && !help.contains("[default"), "{help}");
    let en = stdout(&sa(&["--lang", "en", "play", "--help"]));
    assert!(en.contains("Usage:") && en.contains("Coach mode"), "{en}");
}

#[test]
fn the_turn_review_shows_act_tags_only_for_authors_and_the_coach_on_request() {
    let plain = stdout(&sa(&[
        "--lang",
        "en",
        "play",
        "fixture_stockout",
        "--choices",
        "1,1,1,1,1",
    ]));
    let acts = stdout(&sa(&[
        "--lang",
        "en",
        "play",
        "fixture_stockout",
        "--choices",
        "1,1,1,1,1",
        "--acts",
    ]));
    // The first answer discloses the shortage: its tag appears only with --acts.
    assert!(!plain.contains("disclose(\"stock_out\")"), "{plain}");
    assert!(acts.contains("→ greet disclose(\"stock_out\")"), "{acts}");
    assert!(!plain.contains("coach"), "{plain}");
    let coach = stdout(&sa(&[
        "--lang",
        "en",
        "play",
        "fixture_stockout",
        "--choices",
        "1,1,1,1,1",
        "--coach",
    ]));
    assert_eq!(
        coach.matches("coach ✓ good").count() + coach.matches("coach × risky").count(),
        5,
        "{coach}"
    );
}

#[test]
fn the_previous_best_is_shown_to_a_player_with_history() {
    let data = tempdir::Dir::new("best");
    let d = data.path().to_str().unwrap();
    let run = |choices: &str| {
        stdout(&sa(&[
            "--data",
            d,
            "play",
            "fixture_stockout",
            "--choices",
            choices,
            "--player",
            "王芳",
        ]))
    };
    assert!(run("1,1,1,1,1").contains("第一次练这个场景。"));
    let second = run("2,2,1,3,2,1,1");
    assert!(second.contains("之前最佳："), "{second}");
    assert!(second.contains("▼"), "a worse run points down: {second}");
}

#[test]
fn a_narrow_terminal_wraps_chinese_without_starting_a_line_with_closing_punctuation() {
    use service_arena::engine::text::kinsoku::no_line_start;
    let o = bin()
        .env("COLUMNS", "34")
        .args(["--scenarios", root().join("scenarios").to_str().unwrap()])
        .args(["play", "account_enquiry", "--choices", "3,3,3,1,2,3,2,3,1"])
        .output()
        .unwrap();
    let out = stdout(&o);
    let mut wrapped = 0;
    for line in out.lines() {
        // A feedback line's bullet is its lead, not wrapped text.
        let body = line.trim_start();
        let body = body.strip_prefix("· ").unwrap_or(body);
        if let Some(c) = body.chars().next() {
            assert!(!no_line_start(c), "line starts with {c}: {line:?}\n{out}");
        }
        wrapped += usize::from(line.starts_with("      "));
    }
    assert!(wrapped > 10, "hardly anything was wrapped at 34 columns:\n{out}");
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
    assert_eq!(
        out.matches("Type an option number from 1 to 4 (q quits).").count(),
        2,
        "{out}"
    );
    assert!(out.contains("Debrief") && out.contains("--choices 1,1,1,1,1"), "{out}");
    // Running out of input mid-call is an error, not a silent success.
    let o = sa_stdin(&["play", "fixture_stockout"], "1\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("错误：通话还没结束，输入就没有了"),
        "{}",
        stderr(&o)
    );
    // Full-width digits from a Chinese input method count; the prompt names the range.
    let o = sa_stdin(&["play", "fixture_stockout"], "１\n１\n１\n１\n１\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("选择 1–4（q 退出）：") && out.contains("复盘"), "{out}");
    // q quits without a debrief.
    let o = sa_stdin(&["--lang", "en", "play", "fixture_stockout"], "q\n");
    assert!(o.status.success());
    assert!(!stdout(&o).contains("Debrief"));
}
