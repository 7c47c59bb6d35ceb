//! Issue 15 from the terminal, as an author uses it: messages in the chosen language, a
//! Chinese-only scenario, the file's own numbering, a skeleton to start from, the translation CSV.

use std::path::Path;
use std::process::Output;

use crate::common::{bin, stderr, stdout, tempdir};

fn sa(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

/// A small scenario of the author's own: the first option of each turn, as written, wins.
const MINE: &str = r#"Scenario(
    id: "mine",
    title: (zh: "我的场景", en: "My scenario"),
    briefing: (zh: "说明", en: "Briefing"),
    goal: (zh: "目标", en: "Goal"),
    customer: (name: (zh: "王先生", en: "Mr Wang"), archetype: angry, start: (satisfaction: 30, anger: 70)),
    start: "a",
    nodes: {
        "a": turn(
            customer: (zh: "怎么回事？", en: "What happened?"),
            options: [
                (text: (zh: "抱歉", en: "Sorry"), acts: [apologize, empathize], next: goto("b")),
                (text: (zh: "不是我的错", en: "Not my fault"), acts: [excuse], next: goto("lost")),
                (text: (zh: "请讲", en: "Go on"), acts: [listen], next: goto("lost")),
            ],
        ),
        "b": turn(
            customer: (zh: "然后呢？", en: "And then?"),
            options: [
                (text: (zh: "马上处理", en: "Fixing it now"), acts: [solution], next: goto("won")),
                (text: (zh: "找别人", en: "Ask someone else"), acts: [transfer], next: goto("lost")),
                (text: (zh: "等等吧", en: "Wait a bit"), acts: [hold], next: goto("lost")),
            ],
        ),
        "won": end(outcome: won_over, text: (zh: "好", en: "Good")),
        "lost": end(outcome: lost, text: (zh: "算了", en: "Forget it")),
    },
)"#;

#[test]
fn validate_speaks_the_chosen_language_and_a_missing_translation_only_warns() {
    let d = tempdir::Dir::new("lab-validate");
    std::fs::write(
        d.path().join("bad.ron"),
        MINE.replace(r#"goto("won")"#, r#"goto("wonn")"#),
    )
    .unwrap();
    let o = sa(d.path(), &["validate", "--lang", "zh", "bad.ron"]);
    assert!(!o.status.success());
    assert!(
        stdout(&o).contains("error bad.ron:17:9: 节点“b”：指向了不存在的节点“wonn”"),
        "{}",
        stdout(&o)
    );
    let o = sa(d.path(), &["validate", "--lang", "en", "bad.ron"]);
    assert!(stdout(&o).contains("error bad.ron:17:9: node \"b\": refers to unknown node \"wonn\""));

    std::fs::write(
        d.path().join("syntax.ron"),
        MINE.replace(r#"(zh: "说明", en"#, r#"(zh: "说明" en"#),
    )
    .unwrap();
    let o = sa(d.path(), &["validate", "syntax.ron"]);
    assert!(
        stdout(&o).contains("syntax.ron:4:25: 语法错误：这里缺少逗号"),
        "{}",
        stdout(&o)
    );

    // English missing in one text: valid, with a warning that says what happens.
    std::fs::write(
        d.path().join("half.ron"),
        MINE.replace(r#"en: "Fixing it now""#, r#"en: """#),
    )
    .unwrap();
    let o = sa(d.path(), &["validate", "--lang", "en", "half.ron"]);
    assert!(o.status.success(), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("ok    half.ron (mine; Chinese)"), "{out}");
    assert!(
        out.contains("warn  half.ron:17:9: missing translation (en) for node \"b\" option 1"),
        "{out}"
    );
    assert!(out.contains("1 valid (1 with warnings), 0 with errors"), "{out}");
    // Played in English, it is shown in Chinese, and the terminal says so.
    let o = sa(
        d.path(),
        &["play", "half.ron", "--lang", "en", "--file-order", "--choices", "1,1"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("note: \"我的场景\" is written in Chinese only; it is shown in Chinese."));
    assert!(stdout(&o).contains("Debrief · 我的场景"), "{}", stdout(&o));
}

#[test]
fn the_authors_numbering_plays_their_own_file_and_analyze_prints_it() {
    let d = tempdir::Dir::new("lab-order");
    std::fs::write(d.path().join("my.ron"), MINE).unwrap();
    // The issue's report: the first option of each turn, as written, is not 1 when played.
    let o = sa(d.path(), &["play", "my.ron", "--choices", "1,1", "--lang", "en"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("to number them as written in the file, add --file-order"),
        "{}",
        stderr(&o)
    );
    let o = sa(
        d.path(),
        &["play", "my.ron", "--choices", "1,1", "--file-order", "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ending"]["node"], "won", "{v}");
    let total = v["total"].as_f64().unwrap();

    // analyze --file-order prints the best path in the file's numbering; it replays.
    let o = sa(d.path(), &["analyze", "my.ron", "--file-order", "--lang", "en"]);
    let out = stdout(&o);
    let best = out.lines().find(|l| l.starts_with("best")).unwrap();
    assert!(best.contains("--file-order --choices 1,1  → won"), "{out}");
    let shuffled = sa(d.path(), &["analyze", "my.ron", "--lang", "en"]);
    let plain = stdout(&shuffled)
        .lines()
        .find(|l| l.starts_with("best"))
        .unwrap()
        .to_string();
    assert!(
        !plain.contains("--file-order") && !plain.contains("--choices 1,1 "),
        "{plain}"
    );
    assert!(best.contains(&format!("{total:.1}")), "{best} vs {total}");

    // A file-order number that does not exist is refused with the file's count.
    let o = sa(
        d.path(),
        &["play", "my.ron", "--choices", "4", "--file-order", "--lang", "en"],
    );
    assert!(
        stderr(&o).contains("turn 1: option 4 does not exist (choose 1–3)"),
        "{}",
        stderr(&o)
    );
    // Interactively, options are listed as written.
    let mut c = bin();
    c.current_dir(d.path())
        .args(["play", "my.ron", "--file-order", "--lang", "en"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"1\n1\n").unwrap();
    let o = child.wait_with_output().unwrap();
    let out = stdout(&o);
    assert!(out.contains("  1. Sorry\n  2. Not my fault\n  3. Go on"), "{out}");
    assert!(
        out.contains("Replay this run: --seed 1 --file-order --choices 1,1"),
        "{out}"
    );
}

#[test]
fn new_scenario_writes_a_skeleton_that_validates_and_never_overwrites() {
    let d = tempdir::Dir::new("lab-new");
    let o = sa(
        d.path(),
        &[
            "new-scenario",
            "my_case",
            "--archetype",
            "key_account",
            "--out",
            "a.ron",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sa(d.path(), &["validate", "a.ron"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("ok    a.ron (my_case; 中文、英文)"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("warn"), "{}", stdout(&o));
    std::fs::write(d.path().join("a.ron"), "my edits").unwrap();
    let o = sa(
        d.path(),
        &["new-scenario", "my_case", "--archetype", "angry", "--out", "a.ron"],
    );
    assert!(!o.status.success());
    assert_eq!(std::fs::read_to_string(d.path().join("a.ron")).unwrap(), "my edits");

    // Chinese only.
    let o = sa(
        d.path(),
        &["new-scenario", "zh_case", "--archetype", "mild", "--lang", "zh"],
    );
    let src = stdout(&o);
    assert!(src.contains("archetype: mild") && !src.contains("en: \""), "{src}");
    std::fs::write(d.path().join("zh.ron"), &src).unwrap();
    let o = sa(d.path(), &["validate", "zh.ron"]);
    assert!(
        o.status.success() && stdout(&o).contains("(zh_case; 中文)"),
        "{}",
        stdout(&o)
    );
    let o = sa(d.path(), &["new-scenario", "Bad Id", "--archetype", "mild"]);
    assert!(
        stderr(&o).contains("id“Bad Id”只能由小写英文字母、数字和 _ 组成"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn translations_go_out_to_csv_and_back_into_the_file() {
    let d = tempdir::Dir::new("lab-translate");
    std::fs::write(d.path().join("my.ron"), format!("// keep me\n{MINE}")).unwrap();
    let o = sa(d.path(), &["translations", "export", "my.ron", "--out", "my.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(d.path().join("my.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}key,zh,en\r\ntitle,我的场景,My scenario\r\n"),
        "{csv}"
    );
    assert!(csv.contains("node.b.2.text,找别人,Ask someone else\r\n"), "{csv}");
    // Unchanged: nothing to do, the file is untouched.
    let o = sa(
        d.path(),
        &["translations", "import", "my.ron", "my.csv", "--lang", "en"],
    );
    assert!(
        o.status.success() && stderr(&o).contains("nothing changed"),
        "{}",
        stderr(&o)
    );
    // The translator's edit goes into a new file; the original stays.
    std::fs::write(
        d.path().join("my.csv"),
        csv.replace("Ask someone else", "Let me transfer you"),
    )
    .unwrap();
    let o = sa(
        d.path(),
        &["translations", "import", "my.ron", "my.csv", "--out", "new.ron"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let new = std::fs::read_to_string(d.path().join("new.ron")).unwrap();
    assert_eq!(
        new,
        format!("// keep me\n{MINE}").replace("Ask someone else", "Let me transfer you")
    );
    // A key the file does not have: refused, nothing written.
    std::fs::write(d.path().join("bad.csv"), csv.replace("node.b.2.text", "node.b.9.text")).unwrap();
    let o = sa(
        d.path(),
        &["translations", "import", "my.ron", "bad.csv", "--lang", "zh"],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("“node.b.9.text”在场景文件里找不到"),
        "{}",
        stderr(&o)
    );
    assert!(
        std::fs::read_to_string(d.path().join("my.ron"))
            .unwrap()
            .starts_with("// keep me")
    );
    // In place.
    std::fs::write(d.path().join("my.csv"), csv.replace("我的场景", "我的新场景")).unwrap();
    let o = sa(d.path(), &["translations", "import", "my.ron", "my.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sa(d.path(), &["list", "--json", "--scenarios", "."]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mine = v.as_array().unwrap().iter().find(|s| s["id"] == "mine").unwrap();
    assert_eq!(mine["title"]["zh"], "我的新场景");
    assert_eq!(mine["languages"], serde_json::json!(["zh", "en"]));
}

/// The child's standard output as it comes, to wait for what it prints.
struct Watched {
    text: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Watched {
    fn new(out: std::process::ChildStdout) -> Watched {
        let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let t = text.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut out = out;
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                t.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Watched { text }
    }

    /// Waits until `marker` has been printed `times` times (the machine may be busy: a generous
    /// limit that only a broken reload reaches).
    fn wait_for(&self, marker: &str, times: usize) -> String {
        let start = std::time::Instant::now();
        loop {
            let t = self.text.lock().unwrap().clone();
            if t.matches(marker).count() >= times {
                return t;
            }
            assert!(start.elapsed().as_secs() < 60, "never printed {marker:?}:\n{t}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

#[test]
fn a_running_play_picks_up_an_edited_file_shows_its_errors_and_keeps_the_call() {
    use std::io::Write;
    let d = tempdir::Dir::new("lab-live");
    let file = d.path().join("my.ron");
    std::fs::write(&file, MINE).unwrap();
    let mut child = bin()
        .current_dir(d.path())
        .args(["play", "my.ron", "--file-order", "--lang", "en"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = Watched::new(child.stdout.take().unwrap());
    let mut stdin = child.stdin.take().unwrap();
    out.wait_for("choose 1–3", 1);
    stdin.write_all(b"1\n").unwrap();
    out.wait_for("And then?", 1);

    // A broken edit: the errors are shown where the author looks, the call goes on.
    std::fs::write(&file, MINE.replace(r#"goto("won")"#, r#"goto("wonn")"#)).unwrap();
    let t = out.wait_for("start play again to play the edited one", 1);
    assert!(t.contains("my.ron was edited and has errors:"), "{t}");
    assert!(
        t.contains("my.ron:17:9: node \"b\": refers to unknown node \"wonn\""),
        "{t}"
    );
    // Fixed, with turn 2 reworded: the call moves onto it at the same turn.
    std::fs::write(&file, MINE.replace("And then?", "And then, please?")).unwrap();
    let t = out.wait_for("And then, please?", 1);
    assert!(t.contains("-- reloaded my.ron; the call goes on at turn 2 --"), "{t}");
    // An edit that takes away the path played so far: said, and the call is kept.
    std::fs::write(
        &file,
        MINE.replace("And then?", "And then, please?")
            .replace(r#""a": turn"#, r#""a2": turn"#)
            .replace(r#"start: "a""#, r#"start: "a2""#),
    )
    .unwrap();
    let t = out.wait_for("the call cannot continue on it", 1);
    assert!(t.contains("turn 1 reaches node \"a2\", not \"a\""), "{t}");
    stdin.write_all(b"1\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    let t = out.wait_for("Replay this run", 1);
    assert!(status.success(), "{t}");
    assert!(
        t.contains("Replay this run: --seed 1 --file-order --choices 1,1"),
        "{t}"
    );
    assert!(t.contains("Outcome: won over"), "{t}");
}
