//! Issue 13: each fault found by hostile and careless use, reproduced (these tests failed before
//! the fix), one test or more per item.

use service_arena_core::engine::Compiled;
use service_arena_core::engine::load::parse_str;
use service_arena_core::engine::sim::play;

/// A valid scenario whose first turn "a" has a first option leading through `next` (a `Next` in
/// RON) and a second one to "lost"; "won" and "lost" are endings. `extra_nodes` is spliced into the node map.
pub fn with_next(next: &str, extra_nodes: &str) -> String {
    format!(
        r#"Scenario(
    id: "hard",
    title: (zh: "标题", en: "Title"),
    briefing: (zh: "说明", en: "Briefing"),
    goal: (zh: "目标", en: "Goal"),
    customer: (name: (zh: "王先生", en: "Mr Wang"), archetype: angry, start: (satisfaction: 30, anger: 70)),
    start: "a", shuffle_options: false,
    nodes: {{
        "a": turn(
            customer: (zh: "怎么回事?", en: "What happened?"),
            options: [(text: (zh: "抱歉", en: "Sorry"), acts: [apologize], next: {next}), (text: (zh: "不", en: "No"), acts: [excuse], next: goto("lost"))],
        ),
        "won": end(outcome: won_over, text: (zh: "好", en: "Good")),
        "lost": end(outcome: lost, text: (zh: "算了", en: "Forget it")),
        {extra_nodes}
    }},
)"#
    )
}

fn compiled(src: &str) -> Compiled {
    parse_str(src, "hard.ron").unwrap_or_else(|d| panic!("{d:#?}"))
}

fn errors(src: &str) -> Vec<String> {
    match parse_str(src, "hard.ron") {
        Ok(_) => Vec::new(),
        Err(ds) => ds.iter().map(|d| d.to_string()).collect(),
    }
}

fn ending(sc: &Compiled, seed: u64) -> String {
    let run = play(sc, seed, &[0]).expect("one choice ends the call");
    sc.names[run.ending.unwrap()].clone()
}

// 1 ------------------------------------------------------------------ random weights overflow u32

#[test]
fn random_weights_summing_past_u32_play_and_draw_in_proportion() {
    let sc = compiled(&with_next(
        r#"random([(weight: 4294967295, goto: "won"), (weight: 1, goto: "lost")])"#,
        "",
    ));
    // Used to panic ("cannot sample empty range"): the u32 sum wrapped to 0.
    let won = (0..200).filter(|s| ending(&sc, *s) == "won").count();
    assert_eq!(won, 200, "weight 1 in 2^32 should practically never be drawn");

    // Used to send every seed to the weight-2 target (the sum wrapped to 1).
    let sc = compiled(&with_next(
        r#"random([(weight: 2, goto: "lost"), (weight: 4294967295, goto: "won")])"#,
        "",
    ));
    assert_eq!((0..200).filter(|s| ending(&sc, *s) == "won").count(), 200);

    // Sums that fit in u32 still split in proportion (and are drawn as before).
    let sc = compiled(&with_next(
        r#"random([(weight: 1, goto: "lost"), (weight: 3, goto: "won")])"#,
        "",
    ));
    let won = (0..2000).filter(|s| ending(&sc, *s) == "won").count();
    assert!((1400..1600).contains(&won), "3:1 split gave {won} of 2000");
    // Large weights on both sides split evenly too.
    let sc = compiled(&with_next(
        r#"random([(weight: 4294967295, goto: "lost"), (weight: 4294967295, goto: "won")])"#,
        "",
    ));
    let won = (0..2000).filter(|s| ending(&sc, *s) == "won").count();
    assert!((900..1100).contains(&won), "1:1 split gave {won} of 2000");
}

// 5 ------------------------------------------------------------------ non-finite and absurd numbers

#[test]
fn non_finite_and_absurd_numbers_are_rejected_where_they_are() {
    for bad in ["NaN", "inf", "-inf", "1e38", "101"] {
        let src = with_next(r#"goto("won")"#, "").replace(
            "acts: [apologize], next:",
            &format!("acts: [apologize], effect: (satisfaction: {bad}), next:"),
        );
        let es = errors(&src);
        assert_eq!(es.len(), 1, "{bad}: {es:#?}");
        assert!(
            es[0].starts_with("hard.ron:9:9: node \"a\": option 1 effect satisfaction must be a number within ±100"),
            "{bad}: {}",
            es[0]
        );
    }
    let src = with_next(
        r#"branch(rules: [(when: anger_above(NaN), goto: "lost")], otherwise: "won")"#,
        "",
    );
    let es = errors(&src);
    assert!(
        es.len() == 1 && es[0].contains("node \"a\": a condition compares with NaN"),
        "{es:#?}"
    );
    let src = with_next(r#"goto("won")"#, "").replace(
        r#"text: (zh: "好", en: "Good"))"#,
        r#"text: (zh: "好", en: "Good"), effect: (trust: inf))"#,
    );
    let es = errors(&src);
    assert!(es.len() == 1 && es[0].contains("the ending's effect trust"), "{es:#?}");
}

// 7 ------------------------------------------------------------------ diagnostics in linear time

#[test]
fn positions_agree_with_counting_and_come_from_one_index() {
    use service_arena_core::engine::compile::SourceIndex;
    // Mixed one-, two-, three- and four-byte characters across many lines and block edges.
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&"ab客€😀".repeat(i % 23));
        text.push('\n');
    }
    let idx = SourceIndex::new(&text);
    for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!(idx.position(at), (line, col), "offset {at}");
    }
}

#[test]
fn thousands_of_diagnostics_each_point_at_their_node() {
    // 5,000 unreachable nodes: every one is reported, each at its own line (the file has one node
    // per line). Before, each diagnostic rescanned the file; see docs/reliability.md for timings.
    let n = 5000;
    let orphans: String = std::iter::once("\n".to_string())
        .chain((0..n)
        .map(|i| {
            format!(
                "\"o{i}\": turn(customer: (zh: \"喂\", en: \"Hi\"), options: [(text: (zh: \"嗯\", en: \"Hm\"), acts: [], next: goto(\"won\"))]),\n"
            )
        }))
        .collect();
    let src = with_next(r#"goto("won")"#, &orphans);
    let es = errors(&src);
    assert_eq!(es.len(), n);
    let first_line = src.lines().position(|l| l.contains("\"o0\":")).unwrap() + 1;
    for i in [0, 1, 777, n - 1] {
        let expect = format!("hard.ron:{}:1: node \"o{i}\": is unreachable", first_line + i);
        assert!(es.iter().any(|e| e.starts_with(&expect)), "{expect}");
    }
}

// 8 ------------------------------------------------------------------ bounded condition work

#[test]
fn done_conditions_see_every_earlier_turn_and_rules_are_bounded() {
    // listen at turn 1, then two turns later the branch asks whether it was done.
    let src = with_next(
        r#"goto("b")"#,
        r#"
        "b": turn(customer: (zh: "嗯", en: "Hm"), options: [
            (text: (zh: "听", en: "Listen"), acts: [listen], next: goto("c")),
            (text: (zh: "冷", en: "Cold"), acts: [cold_tone], next: goto("c")),
        ]),
        "c": turn(customer: (zh: "然后", en: "Then"), options: [
            (text: (zh: "好", en: "OK"), acts: [thank], next: branch(
                rules: [(when: all([done(listen), done(apologize), not(done(sell))]), goto: "won")],
                otherwise: "lost")),
        ]),"#,
    );
    let sc = compiled(&src);
    let end = |choices: &[usize]| sc.names[play(&sc, 1, choices).unwrap().ending.unwrap()].clone();
    assert_eq!(end(&[0, 0, 0]), "won");
    assert_eq!(end(&[0, 1, 0]), "lost");

    let rules = |n: usize| {
        let r: Vec<String> = (0..n)
            .map(|_| r#"(when: done(listen), goto: "lost")"#.to_string())
            .collect();
        with_next(&format!("branch(rules: [{}], otherwise: \"won\")", r.join(", ")), "")
    };
    assert!(errors(&rules(16)).is_empty());
    let es = errors(&rules(17));
    assert!(
        es.len() == 1 && es[0].contains("option 1: 17 rules, at most 16"),
        "{es:#?}"
    );
    let big = format!("any([{}])", vec!["done(listen)"; 32].join(", "));
    let es = errors(&with_next(
        &format!("branch(rules: [(when: {big}, goto: \"lost\")], otherwise: \"won\")"),
        "",
    ));
    assert!(
        es.len() == 1 && es[0].contains("rule 1: the condition has 33 terms, at most 32"),
        "{es:#?}"
    );
}

// 9, 13, 17 ----------------------------------------------------------- files as they come

mod files {
    use super::*;
    use service_arena_core::engine::load::{decode, load_file, read_text};
    use std::path::PathBuf;

    struct Dir(PathBuf);
    impl Dir {
        fn new(tag: &str) -> Dir {
            let p = std::env::temp_dir().join(format!("sa-hard-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn load_err(p: &std::path::Path) -> String {
        let ds = load_file(p).expect_err("should not load");
        assert_eq!(ds.len(), 1, "{ds:#?}");
        ds[0].to_string()
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read_and_each_refusal_says_why() {
        use std::os::unix::fs::symlink;
        let d = Dir::new("types");
        let p = |n: &str| d.0.join(n);
        symlink("/dev/zero", p("zero.ron")).unwrap();
        assert!(load_err(&p("zero.ron")).contains("not a regular file (a device)"));
        assert!(load_err(std::path::Path::new("/dev/null")).contains("not a regular file (a device)"));
        assert!(
            std::process::Command::new("mkfifo")
                .arg(p("pipe.ron"))
                .status()
                .unwrap()
                .success()
        );
        // Used to block forever.
        assert!(load_err(&p("pipe.ron")).contains("not a regular file (a named pipe)"));
        std::fs::create_dir(p("dir.ron")).unwrap();
        assert!(load_err(&p("dir.ron")).contains("not a regular file (a directory)"));
        symlink("nowhere.ron", p("dangling.ron")).unwrap();
        assert!(load_err(&p("dangling.ron")).contains("dangling symlink (it points to nowhere.ron"));
        symlink("loop2.ron", p("loop1.ron")).unwrap();
        symlink("loop1.ron", p("loop2.ron")).unwrap();
        assert!(load_err(&p("loop1.ron")).contains("symlink loop"));
        assert!(load_err(&p("missing.ron")).contains("no such file"));
        std::fs::write(p("empty.ron"), "").unwrap();
        assert!(load_err(&p("empty.ron")).contains("not a scenario file (the file is empty)"));
        // A symlink to a good file is followed.
        std::fs::write(p("real.ron"), with_next(r#"goto("won")"#, "")).unwrap();
        symlink("real.ron", p("link.ron")).unwrap();
        assert!(load_file(&p("link.ron")).is_ok());
        // The size cap: refused before reading, whatever the file claims.
        std::fs::write(p("big.txt"), "x".repeat(101)).unwrap();
        let e = read_text(&p("big.txt"), 100).unwrap_err().to_string();
        assert!(e.contains("file too large (101 bytes; the limit is 100 bytes)"), "{e}");
        assert_eq!(read_text(&p("big.txt"), 101).unwrap().len(), 101);
    }

    #[test]
    fn byte_order_marks_are_accepted_and_bad_encodings_are_located() {
        let d = Dir::new("enc");
        let good = with_next(r#"goto("won")"#, "");
        let path = d.0.join("bom.ron");
        std::fs::write(&path, format!("\u{feff}{good}")).unwrap();
        assert!(
            load_file(&path).is_ok(),
            "a BOM (Windows Notepad) used to give 1:1 expected '('"
        );

        // One stray byte on line 3, after three characters (one of them Chinese).
        let mut bytes = b"ab\ncd\n\xe5\xae\xa2x".to_vec();
        bytes.extend([0xFF, b'y']);
        let e = decode(bytes).unwrap_err();
        assert_eq!((e.line, e.col), (3, 3), "{e}");
        assert!(e.message.en.contains("byte 0xFF") && e.message.en.contains("save the file as UTF-8"));
        assert!(e.message.zh.contains("字节 0xFF") && e.message.zh.contains("请另存为 UTF-8"));

        // The same scenario as a Chinese Windows editor saves it (GBK): 标题 = B1EA CCE2.
        // Every Chinese character becomes 标 (B1 EA in GBK).
        let gbk: Vec<u8> = good
            .chars()
            .flat_map(|c| if c.is_ascii() { vec![c as u8] } else { vec![0xB1, 0xEA] })
            .collect();
        std::fs::write(d.0.join("gbk.ron"), &gbk).unwrap();
        let e = load_err(&d.0.join("gbk.ron"));
        assert!(e.contains("GBK") && e.contains("save it as UTF-8"), "{e}");
        let zh = load_file(&d.0.join("gbk.ron")).unwrap_err()[0].show(service_arena_core::engine::Lang::Zh);
        assert!(zh.contains("GBK") && zh.contains("请另存为 UTF-8"), "{zh}");
        assert!(
            e.starts_with(&format!("{}:3:18:", d.0.join("gbk.ron").display())),
            "{e}"
        );
    }

    #[test]
    fn duplicate_ids_point_at_the_id_of_the_second_file() {
        use service_arena_core::engine::load::load_all;
        let d = Dir::new("dupid");
        let src = with_next(r#"goto("won")"#, "");
        std::fs::write(d.0.join("a.ron"), &src).unwrap();
        std::fs::write(d.0.join("b.ron"), format!("// copy\n{src}")).unwrap();
        let lib = load_all(&[d.0.join("a.ron"), d.0.join("b.ron")]);
        let e = lib.failures[0].1[0].to_string();
        assert!(e.contains("b.ron:3:5: id \"hard\" is already used by"), "{e}");
    }
}

// 14 ----------------------------------------------------------------- duplicate node keys

#[test]
fn duplicate_node_keys_are_rejected_with_both_places() {
    let src = with_next(
        r#"goto("won")"#,
        r#""won": end(outcome: lost, text: (zh: "又", en: "Again")),"#,
    );
    let es = errors(&src);
    assert_eq!(es.len(), 1, "{es:#?}");
    assert!(
        es[0].starts_with("hard.ron:15:9: node \"won\" is defined 2 times (at 13:9, 15:9)"),
        "{}",
        es[0]
    );
    // A node name that only appears inside a text is not a key.
    let src = with_next(r#"goto("won")"#, "").replace(r#"en: "Good""#, r#"en: "\"won\": fine""#);
    assert!(errors(&src).is_empty());
}

// 17 ----------------------------------------------------------------- messages for people

#[test]
fn deep_nesting_and_an_ending_as_start_have_plain_messages() {
    let deep = format!("{}done(listen){}", "not(".repeat(200), ")".repeat(200));
    let es = errors(&with_next(
        &format!("branch(rules: [(when: {deep}, goto: \"lost\")], otherwise: \"won\")"),
        "",
    ));
    assert!(
        es.len() == 1 && es[0].contains("nested too deeply (limit 64 levels)"),
        "{es:#?}"
    );
    assert!(!es[0].contains("recursion_limit"));

    let es = errors(&with_next(r#"goto("won")"#, "").replace("start: \"a\"", "start: \"won\""));
    assert!(
        es.iter()
            .any(|e| e.contains("start node \"won\" is an ending: the call must start with a turn")),
        "{es:#?}"
    );
}

// 2, 11, 12, 18 ------------------------------------------------------- the database

mod store {
    use rusqlite::Connection;
    use service_arena_core::engine::Principle;
    use service_arena_core::store::{APPLICATION_ID, FILE_NAME, PracticeRun, Store, StoreError};
    use std::path::PathBuf;
    use std::sync::{Arc, Barrier};

    struct Dir(PathBuf);
    impl Dir {
        fn new(tag: &str) -> Dir {
            let p = std::env::temp_dir().join(format!("sa-hard-db-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
        fn db(&self) -> PathBuf {
            self.0.join(FILE_NAME)
        }
        /// Files in the directory other than the database itself (what was set aside).
        fn aside(&self) -> Vec<PathBuf> {
            let mut v: Vec<PathBuf> = std::fs::read_dir(&self.0)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.to_string_lossy().contains(".corrupt-") || p.to_string_lossy().contains(".foreign-"))
                .collect();
            v.sort();
            v
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    pub fn practice(player: &str) -> PracticeRun {
        PracticeRun {
            id: None,
            player: player.into(),
            scenario: "ka_stockout".into(),
            seed: 1,
            choices: vec![1, 2],
            total: 70.0,
            principles: vec![(Principle::PeakEnd, 70.0)],
            outcome: Some("won_over".into()),
            finished_at: 1_700_000_000,
        }
    }

    #[test]
    fn many_first_opens_at_once_all_succeed_on_one_database() {
        // Used to fail ("table practice_run already exists", or our own new file judged foreign).
        for round in 0..15 {
            let d = Dir::new(&format!("race{round}"));
            let n = 6;
            let gate = Arc::new(Barrier::new(n));
            let handles: Vec<_> = (0..n)
                .map(|i| {
                    let (gate, path) = (gate.clone(), d.db());
                    std::thread::spawn(move || {
                        gate.wait();
                        let s = Store::open(&path).map_err(|e| e.to_string())?;
                        s.record_practice(&practice(&format!("p{i}")))
                            .map_err(|e| e.to_string())
                    })
                })
                .collect();
            for h in handles {
                h.join().unwrap().unwrap_or_else(|e| panic!("round {round}: {e}"));
            }
            assert!(d.aside().is_empty(), "round {round}: nothing set aside");
            assert_eq!(Store::open(&d.db()).unwrap().players().unwrap().len(), n);
        }
    }

    #[test]
    fn writers_queue_behind_a_long_write_instead_of_failing() {
        // One write holds the lock for 6 s (longer than the old 5 s timeout); six writers queue.
        let d = Dir::new("busy");
        drop(Store::open(&d.db()).unwrap());
        let holder = Connection::open(d.db()).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let handles: Vec<_> = (0..6)
            .map(|i| {
                let path = d.db();
                std::thread::spawn(move || {
                    let s = Store::open(&path).map_err(|e| e.to_string())?;
                    for k in 0..3 {
                        s.record_practice(&practice(&format!("w{i}-{k}")))
                            .map_err(|e| e.to_string())?;
                    }
                    Ok::<(), String>(())
                })
            })
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(6000));
        holder.execute_batch("COMMIT").unwrap();
        for h in handles {
            h.join().unwrap().expect("no \"database is locked\"");
        }
        assert_eq!(Store::open(&d.db()).unwrap().players().unwrap().len(), 18);
    }

    /// Changes one character of `needle` inside the b-tree page of index `index`, so that the index
    /// no longer matches its table (what `quick_check` does not see).
    fn break_index(path: &std::path::Path, index: &str, needle: &[u8]) {
        let (root, page): (i64, i64) = {
            let c = Connection::open(path).unwrap();
            (
                c.query_row("SELECT rootpage FROM sqlite_master WHERE name = ?1", [index], |r| {
                    r.get(0)
                })
                .unwrap(),
                c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap(),
            )
        };
        let mut bytes = std::fs::read(path).unwrap();
        let start = ((root - 1) * page) as usize;
        let at = bytes[start..start + page as usize]
            .windows(needle.len())
            .position(|w| w == needle)
            .expect("the key is in the index page");
        bytes[start + at] ^= 0x01;
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn corruption_quick_check_misses_is_found_before_writing_and_the_file_set_aside() {
        let d = Dir::new("integrity");
        {
            let s = Store::open(&d.db()).unwrap();
            for p in ["alice", "bob", "carol"] {
                s.record_practice(&practice(p)).unwrap();
            }
        }
        break_index(&d.db(), "practice_run_player", b"bob");
        {
            let c = Connection::open(d.db()).unwrap();
            let quick: String = c.query_row("PRAGMA quick_check", [], |r| r.get(0)).unwrap();
            let full: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            assert_eq!(quick, "ok", "the damage is of the kind quick_check misses");
            assert_ne!(full, "ok");
        }
        let before = std::fs::read(d.db()).unwrap();
        let s = Store::open(&d.db()).expect("reading is still allowed");
        let e = s.record_practice(&practice("dave")).unwrap_err();
        let StoreError::SetAside { moved_to, .. } = e else {
            panic!("expected SetAside, got {e}")
        };
        assert!(std::fs::read(&moved_to).unwrap() == before, "not written to");
        assert!(
            s.record_practice(&practice("erin")).is_err(),
            "the store stops using the file"
        );
        drop(s);
        let s = Store::open(&d.db()).unwrap();
        assert!(s.players().unwrap().is_empty(), "a fresh database");
    }

    #[test]
    fn a_foreign_hot_journal_and_wal_are_set_aside_without_being_applied() {
        // Another program's database in the middle of a transaction, as a crash leaves it.
        let d = Dir::new("hotjournal");
        let src = d.0.join("other.db");
        let c = Connection::open(&src).unwrap();
        c.execute_batch("CREATE TABLE t (x BLOB); INSERT INTO t VALUES (zeroblob(1000));")
            .unwrap();
        c.execute_batch("PRAGMA cache_size = 1; BEGIN; UPDATE t SET x = zeroblob(2000);")
            .unwrap();
        for _ in 0..200 {
            c.execute("INSERT INTO t VALUES (randomblob(3000))", []).unwrap();
        }
        let journal = |p: &std::path::Path| PathBuf::from(format!("{}-journal", p.display()));
        assert!(journal(&src).exists(), "the transaction spilled to disk");
        std::fs::copy(&src, d.db()).unwrap();
        std::fs::copy(journal(&src), journal(&d.db())).unwrap();
        c.execute_batch("ROLLBACK").unwrap();
        drop(c);
        let (db_bytes, journal_bytes) = (std::fs::read(d.db()).unwrap(), std::fs::read(journal(&d.db())).unwrap());
        let Err(StoreError::SetAside { moved_to, .. }) = Store::open(&d.db()) else {
            panic!("expected SetAside")
        };
        assert!(std::fs::read(&moved_to).unwrap() == db_bytes, "not rolled back");
        assert!(
            std::fs::read(journal(&moved_to)).unwrap() == journal_bytes,
            "journal kept"
        );

        // The same in WAL mode: not checkpointed, its -wal kept beside it.
        let d = Dir::new("wal");
        let src = d.0.join("other.db");
        let c = Connection::open(&src).unwrap();
        c.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let wal = |p: &std::path::Path| PathBuf::from(format!("{}-wal", p.display()));
        std::fs::copy(&src, d.db()).unwrap();
        std::fs::copy(wal(&src), wal(&d.db())).unwrap();
        drop(c);
        let (db_bytes, wal_bytes) = (std::fs::read(d.db()).unwrap(), std::fs::read(wal(&d.db())).unwrap());
        assert!(!wal_bytes.is_empty());
        let Err(StoreError::SetAside { moved_to, .. }) = Store::open(&d.db()) else {
            panic!("expected SetAside")
        };
        assert!(std::fs::read(&moved_to).unwrap() == db_bytes, "not checkpointed");
        assert!(std::fs::read(wal(&moved_to)).unwrap() == wal_bytes, "-wal kept");
    }

    #[test]
    fn our_mark_with_a_negative_version_is_set_aside_not_a_permanent_failure() {
        let d = Dir::new("negver");
        drop(Store::open(&d.db()).unwrap());
        Connection::open(d.db())
            .unwrap()
            .execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = -3;"
            ))
            .unwrap();
        let (s, msg) = Store::open_or_recover(&d.db()).unwrap();
        assert!(matches!(msg, Some(StoreError::SetAside { .. })), "{msg:?}");
        assert!(msg.unwrap().to_string().contains("schema version -3"));
        s.record_practice(&practice("x")).unwrap();
    }
}

// 4, 5, 10, 15 -------------------------------------------------------- workshops

mod workshop {
    use service_arena_core::engine::Principle;
    use service_arena_core::store::{FILE_NAME, Store};
    use service_arena_core::workshop::csv;
    use service_arena_core::workshop::setup::SetupFile;
    use service_arena_core::workshop::{Pick, TeamRun};

    fn setup(teams: &str, extra: &str) -> Result<service_arena_core::workshop::Setup, String> {
        let src = format!(r#"(name: "W", teams: [{teams}], scenarios: ["s"] {extra})"#);
        SetupFile::parse(&src, "w.ron")
            .and_then(|f| f.resolve())
            .map(|(s, _)| s)
    }

    #[test]
    fn formula_like_text_cells_are_neutralised_and_round_trip() {
        for s in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=x",
            "''+y",
        ] {
            let cell = csv::text(s);
            assert!(cell.starts_with('\''), "{s:?} → {cell:?}");
            assert_eq!(csv::untext(&cell), s);
            let mut line = String::new();
            line.push_str(&csv::field(&cell));
            assert_eq!(csv::parse(&line).unwrap(), vec![vec![s.to_string()]]);
        }
        for s in ["红队", "a=b", "'quoted'", "", "x-1"] {
            assert_eq!(csv::text(s), s, "plain text is left alone");
            assert_eq!(csv::untext(s), s);
        }
        // In a whole export: the team name is neutralised, a negative growth stays a number.
        let s = setup(r#"(name: "=HYPERLINK(1)"), (name: "B")"#, ", rounds: 2").unwrap();
        let dir = std::env::temp_dir().join(format!("sa-hard-csv-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut store = Store::open(&dir.join(FILE_NAME)).unwrap();
        let id = store.create_workshop(&s, &[Some(1), Some(1)], 1).unwrap();
        for (round, total) in [(1, 80.0), (2, 70.0)] {
            store
                .record_team_runs(id, &[run(round, 0, total), run(round, 1, 50.0)])
                .unwrap();
        }
        let text = csv::workshop(&store.workshop(id).unwrap());
        let raw = csv::parse_raw(&text).unwrap();
        assert_eq!(raw[1][4], "'=HYPERLINK(1)", "written neutralised");
        assert_eq!(raw[3][8], "-10.0", "growth is a number");
        assert_eq!(csv::parse(&text).unwrap()[1][4], "=HYPERLINK(1)", "read back as typed");
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn run(round: usize, team: usize, total: f32) -> TeamRun {
        TeamRun {
            id: None,
            round,
            team,
            seed: 1,
            choices: vec![1],
            picks: vec![Pick {
                node: "a".into(),
                option: 1,
            }],
            total,
            principles: vec![(Principle::PeakEnd, total)],
            outcome: Some("won_over".into()),
            finished_at: 1,
            redone: None,
        }
    }

    #[test]
    fn a_batch_of_runs_is_recorded_whole_or_not_at_all() {
        let dir = std::env::temp_dir().join(format!("sa-hard-batch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut store = Store::open(&dir.join(FILE_NAME)).unwrap();
        let s = setup(r#"(name: "A"), (name: "B"), (name: "C")"#, "").unwrap();
        let id = store.create_workshop(&s, &[Some(1)], 1).unwrap();
        // The second line cannot be stored (not a number); the first must not stay behind.
        let e = store
            .record_team_runs(id, &[run(1, 0, 75.0), run(1, 1, f32::NAN), run(1, 2, 60.0)])
            .unwrap_err();
        assert!(e.to_string().contains("not a number"), "{e}");
        assert!(store.workshop(id).unwrap().runs.is_empty());
        // A team twice in one batch: the second is refused against the first, nothing recorded.
        assert!(store.record_team_runs(id, &[run(1, 0, 75.0), run(1, 0, 70.0)]).is_err());
        assert!(store.workshop(id).unwrap().runs.is_empty());
        assert_eq!(
            store
                .record_team_runs(id, &[run(1, 0, 75.0), run(1, 1, 70.0)])
                .unwrap()
                .len(),
            2
        );
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn counts_are_bounded_and_the_export_is_linear_in_rounds() {
        let team = r#"(name: "A")"#;
        for rounds in ["18446744073709551615", "1000000000", "1000000", "51"] {
            let e = setup(team, &format!(", rounds: {rounds}")).unwrap_err();
            assert!(e.contains("rounds: at most 50"), "{rounds}: {e}");
        }
        assert_eq!(setup(team, ", rounds: 50").unwrap().rounds.len(), 50);
        let max = service_arena_core::workshop::model::MAX_TEAMS;
        let many: Vec<String> = (0..=max).map(|i| format!("(name: \"T{i}\")")).collect();
        assert!(
            setup(&many.join(", "), "")
                .unwrap_err()
                .contains(&format!("{} teams: at most {max}", max + 1))
        );

        // The export of the largest workshop, every cell filled: one row per team per round.
        let teams: Vec<String> = (0..30).map(|i| format!("(name: \"T{i}\")")).collect();
        let s = setup(&teams.join(", "), ", rounds: 50").unwrap();
        let mut ws = service_arena_core::workshop::Workshop {
            id: 1,
            created_at: 0,
            setup: s,
            paused: false,
            runs: Vec::new(),
            skips: Vec::new(),
        };
        for r in 1..=50 {
            for t in 0..30 {
                ws.runs.push(run(r, t, (r * 7 + t * 3) as f32 % 100.0));
            }
        }
        let rows = csv::parse(&csv::workshop(&ws)).unwrap();
        assert_eq!(rows.len(), 1 + 50 * 30);
        // Ranks and growth agree with the rules' own results for every round.
        for r in [1, 2, 50] {
            let res = service_arena_core::workshop::rules::results(&ws, r).unwrap();
            for row in &res.table {
                let line = rows.iter().find(|l| l[1] == r.to_string() && l[4] == row.team).unwrap();
                assert_eq!(line[6], row.rank.map(|k| k.to_string()).unwrap_or_default());
                assert_eq!(line[8], row.growth.map(|g| format!("{g:.1}")).unwrap_or_default());
            }
        }
    }

    #[test]
    fn names_are_checked_trimmed_and_normalised_everywhere_they_enter() {
        let e = setup(r#"(name: "\u{1b}[2J")"#, "").unwrap_err();
        assert!(e.contains("U+001B"), "{e}");
        assert!(setup(r#"(name: "a\nfake line")"#, "").unwrap_err().contains("U+000A"));
        assert!(setup(r#"(name: "a\u{0}")"#, "").unwrap_err().contains("U+0000"));
        assert!(setup(r#"(name: "\u{200f}x")"#, "").unwrap_err().contains("U+200F"));
        assert!(
            setup(&format!(r#"(name: "{}")"#, "x".repeat(10_000)), "")
                .unwrap_err()
                .contains("at most 40")
        );
        // NFC/NFD twins are the same team.
        let e = setup(r#"(name: "Caf\u{e9}"), (name: "Cafe\u{301}")"#, "").unwrap_err();
        assert!(e.contains("two teams"), "{e}");
        let s = setup(r#"(name: "  红队  ", members: [(name: " 张三 ", role: captain)])"#, "").unwrap();
        assert_eq!(
            (s.teams[0].name.as_str(), s.teams[0].members[0].name.as_str()),
            ("红队", "张三")
        );
        assert!(
            setup(r#"(name: "A", members: [(name: "  ", role: member)])"#, "")
                .unwrap_err()
                .contains("blank")
        );

        // A player name: stored trimmed and NFC, looked up the same way; blank or controls refused.
        let dir = std::env::temp_dir().join(format!("sa-hard-names-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::open(&dir.join(FILE_NAME)).unwrap();
        let mut p = crate::hardening::store::practice(" Zoe\u{308} ");
        store.record_practice(&p).unwrap();
        assert_eq!(store.players().unwrap(), vec!["Zo\u{eb}".to_string()]);
        assert_eq!(store.practice_runs("Zo\u{eb}").unwrap().len(), 1);
        assert_eq!(store.practice_runs("Zoe\u{308}").unwrap().len(), 1);
        for bad in ["", "   ", "x\u{1b}[31m"] {
            p.player = bad.into();
            assert!(store.record_practice(&p).is_err(), "{bad:?}");
        }
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
