//! Issue 15 (the scenario lab): every message the loader gives is in Chinese and English, a
//! scenario may be written in one language, options can be numbered as written.

use std::collections::BTreeSet;

use service_arena_core::engine::load::{load_all, load_file, parse_str};
use service_arena_core::engine::{Diagnostic, Lang};

use crate::scenarios::ascii_punctuation_in_chinese;

/// A valid scenario that every case below breaks in one way.
const BASE: &str = r#"Scenario(
    id: "lab",
    title: (zh: "标题", en: "Title"),
    briefing: (zh: "说明", en: "Briefing"),
    goal: (zh: "目标", en: "Goal"),
    customer: (
        name: (zh: "王先生", en: "Mr Wang"),
        archetype: angry,
        start: (satisfaction: 30, anger: 70),
    ),
    facts: (bad_news: [(id: "late", label: (zh: "晚到", en: "the delay"))]),
    start: "a",
    walkout: "lost",
    nodes: {
        "a": turn(
            customer: (zh: "怎么回事？", en: "What happened?"),
            options: [
                (text: (zh: "抱歉", en: "Sorry"), acts: [apologize, disclose("late")], next: goto("b")),
                (text: (zh: "不是我的错", en: "Not my fault"), acts: [excuse], next: goto("lost")),
            ],
        ),
        "b": turn(
            customer: (zh: "然后呢？", en: "And then?"),
            options: [(text: (zh: "马上处理", en: "Fixing it now"), acts: [solution], next: goto("won"))],
        ),
        "won": end(outcome: won_over, text: (zh: "好", en: "Good")),
        "lost": end(outcome: lost, text: (zh: "算了", en: "Forget it")),
    },
)"#;

fn sub(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

const B_OPTIONS: &str =
    r#"options: [(text: (zh: "马上处理", en: "Fixing it now"), acts: [solution], next: goto("won"))]"#;

fn b_next(next: &str) -> String {
    sub(
        r#"acts: [solution], next: goto("won")"#,
        &format!("acts: [solution], next: {next}"),
    )
}

/// One case per message the loader and the compiler can give (errors and warnings).
fn cases() -> Vec<(&'static str, String)> {
    let item = |i: usize| format!(r#"(id: "i{i}", label: (zh: "项", en: "item"))"#);
    let many_items = (0..65).map(item).collect::<Vec<_>>().join(", ");
    let nested = format!("{}colour(red){}", "not(".repeat(70), ")".repeat(70));
    let many_rules = [r#"(when: colour(red), goto: "won")"#; 17].join(", ");
    let many_terms = format!("all([{}])", ["colour(red)"; 33].join(", "));
    let ten = [r#"(text: (zh: "好", en: "OK"), acts: [], next: goto("won"))"#; 10].join(", ");
    let mut en_only = BASE.to_string();
    for zh in [
        "标题",
        "说明",
        "目标",
        "王先生",
        "晚到",
        "怎么回事？",
        "抱歉",
        "不是我的错",
        "然后呢？",
        "马上处理",
        "好",
        "算了",
    ] {
        en_only = en_only.replace(&format!("zh: \"{zh}\", "), "");
    }
    vec![
        ("comma", sub(r#"(zh: "标题", en"#, r#"(zh: "标题" en"#)),
        ("colon", sub(r#""b": turn"#, r#""b" turn"#)),
        ("unknown field", sub("archetype: angry,", "archetype: angry, mood: 3,")),
        ("unknown value", sub("archetype: angry,", "archetype: furious,")),
        ("missing field", sub(r#"start: "a","#, "")),
        ("duplicate field", sub("archetype: angry,", "archetype: angry, archetype: mild,")),
        ("end of file", BASE[..BASE.find("\"won\": end").unwrap()].to_string()),
        ("trailing", format!("{BASE})")),
        ("number", sub("anger: 70", "anger: \"70\"")),
        ("unclosed comment", format!("/* {BASE}")),
        ("nested", b_next(&format!(r#"branch(rules: [(when: {nested}, goto: "won")], otherwise: "won")"#))),
        ("id", sub(r#"id: "lab""#, r#"id: "Lab Case""#)),
        ("difficulty", sub("start: \"a\",", "start: \"a\", difficulty: 5,")),
        ("minutes", sub("start: \"a\",", "start: \"a\", minutes: 0,")),
        ("start mood", sub("anger: 70", "anger: 170")),
        ("volatility", sub("archetype: angry,", "archetype: angry, temperament: (volatility: 2),")),
        ("drain", sub("archetype: angry,", "archetype: angry, temperament: (patience_drain: 60),")),
        ("gender", sub("archetype: angry,", "archetype: angry, look: (gender: female),")),
        (
            "beard",
            sub("王先生\", en: \"Mr Wang", "王女士\", en: \"Ms Wang")
                .replace("archetype: angry,", "archetype: angry, look: (beard: full),"),
        ),
        ("capacity", sub("facts: (", "facts: (capacity: 5, ")),
        ("items", sub("facts: (", &format!("facts: (info: [{many_items}], "))),
        (
            "item twice",
            sub(
                r#"(id: "late", label: (zh: "晚到", en: "the delay"))"#,
                r#"(id: "late", label: (zh: "晚到", en: "the delay")), (id: "late", label: (zh: "晚", en: "late"))"#,
            ),
        ),
        (
            "node twice",
            sub(r#""won": end"#, r#""b": end(outcome: lost, text: (zh: "算", en: "No")), "won": end"#),
        ),
        ("no nodes", sub(r#""a": turn"#, r#"/*"#).replace(r#"(zh: "算了", en: "Forget it")),"#, "*/")),
        ("unknown node", b_next(r#"goto("wonn")"#)),
        ("undeclared item", sub(r#"disclose("late")"#, r#"disclose("later")"#)),
        ("promise", sub("acts: [solution]", "acts: [promise(4)]")),
        ("condition", b_next(r#"branch(rules: [(when: anger_above(150), goto: "won")], otherwise: "won")"#)),
        ("found out", sub(r#""b": turn("#, r#""b": turn(found_out: ["nope"], "#)),
        ("no options", sub(B_OPTIONS, "options: []")),
        ("ten options", sub(B_OPTIONS, &format!("options: [{ten}]"))),
        ("effect", sub("acts: [solution],", "acts: [solution], effect: (trust: 500),")),
        ("ending effect", sub(r#"text: (zh: "好", en: "Good")"#, r#"text: (zh: "好", en: "Good"), effect: (anger: -500)"#)),
        ("rules", b_next(&format!(r#"branch(rules: [{many_rules}], otherwise: "won")"#))),
        ("terms", b_next(&format!(r#"branch(rules: [(when: {many_terms}, goto: "won")], otherwise: "won")"#))),
        ("weights", b_next(r#"random([(weight: 0, goto: "won")])"#)),
        ("start is an ending", sub(r#"start: "a","#, r#"start: "won","#)),
        ("start missing", sub(r#"start: "a","#, r#"start: "z","#)),
        ("walkout not an end", sub(r#"walkout: "lost","#, r#"walkout: "b","#)),
        ("walkout missing", sub(r#"walkout: "lost","#, r#"walkout: "gone","#)),
        (
            "unreachable",
            sub(
                r#""won": end"#,
                r#""orphan": turn(customer: (zh: "喂", en: "Hello"), options: [(text: (zh: "嗯", en: "Hm"), acts: [], next: goto("won"))]), "won": end"#,
            ),
        ),
        (
            "no ending",
            sub(r#"walkout: "lost","#, "")
                .replace(r#"goto("lost")"#, r#"goto("a")"#)
                .replace(r#"goto("won")"#, r#"goto("a")"#)
                .replace(r#""won": end(outcome: won_over, text: (zh: "好", en: "Good")),"#, "")
                .replace(r#""lost": end(outcome: lost, text: (zh: "算了", en: "Forget it")),"#, ""),
        ),
        (
            "cycle",
            b_next(r#"goto("c")"#).replace(
                r#""won": end"#,
                r#""c": turn(customer: (zh: "再说", en: "Again"), options: [(text: (zh: "嗯", en: "Hm"), acts: [], next: goto("b"))]), "won": end"#,
            ),
        ),
        (
            "no path",
            b_next(r#"goto("d")"#).replace(
                r#""won": end"#,
                r#""c": turn(customer: (zh: "再说", en: "Again"), options: [(text: (zh: "嗯", en: "Hm"), acts: [], next: goto("c"))]),
                "d": turn(customer: (zh: "等等", en: "Wait"), options: [(text: (zh: "嗯", en: "Hm"), acts: [], next: goto("c"))]), "won": end"#,
            ),
        ),
        ("missing translation", sub(r#"en: "Fixing it now""#, r#"en: """#)),
        ("no Chinese", en_only),
        (
            "complete in neither",
            sub(r#"(zh: "标题", en: "Title")"#, r#"(en: "Title")"#).replace(r#"en: "Goal""#, r#"en: """#),
        ),
        ("empty text", sub(r#"(zh: "算了", en: "Forget it")"#, "()")),
    ]
}

/// Both languages of one message: present, different, and the Chinese is Chinese (full-width
/// punctuation next to Chinese characters).
fn check(case: &str, d: &Diagnostic, problems: &mut Vec<String>) {
    let (zh, en) = (&d.message.zh, &d.message.en);
    let hanzi = zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if zh.trim().is_empty() || en.trim().is_empty() || !hanzi || zh == en {
        problems.push(format!("{case}: not in both languages: {d:?}"));
    }
    for s in ascii_punctuation_in_chinese(zh) {
        problems.push(format!("{case}: ASCII punctuation in Chinese: “{s}” in {zh}"));
    }
    if en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && !en.contains('“') && !en.contains('"') {
        problems.push(format!("{case}: Chinese in the English message: {en}"));
    }
    if d.show(Lang::Zh) == d.show(Lang::En) {
        problems.push(format!("{case}: show() ignores the language"));
    }
}

#[test]
fn every_loader_message_has_chinese_and_english_and_each_case_gives_its_own() {
    let mut problems = Vec::new();
    let mut kinds = BTreeSet::new();
    let cases = cases();
    for (case, src) in &cases {
        let diags = match parse_str(src, "lab.ron") {
            Ok(sc) => sc.warnings,
            Err(ds) => ds,
        };
        if diags.is_empty() {
            problems.push(format!("{case}: no diagnostic"));
            continue;
        }
        for d in &diags {
            check(case, d, &mut problems);
            if d.line == 0 || d.col == 0 {
                problems.push(format!("{case}: no place in the file: {d}"));
            }
        }
        // Each case gives a message no earlier case gave (numbers and names aside).
        let mut new = false;
        for d in &diags {
            let kind: String = d
                .message
                .en
                .chars()
                .filter(|c| c.is_alphabetic() || *c == ' ')
                .collect();
            new |= kinds.insert(kind);
        }
        if !new {
            problems.push(format!("{case}: only messages of earlier cases: {diags:#?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(kinds.len() >= cases.len());
}

#[test]
fn file_level_messages_are_bilingual_too() {
    let dir = std::env::temp_dir().join(format!("sa-lab-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let gbk: Vec<u8> = BASE
        .chars()
        .flat_map(|c| if c.is_ascii() { vec![c as u8] } else { vec![0xB1, 0xEA] })
        .collect();
    let mut bad = BASE.as_bytes().to_vec();
    bad.insert(40, 0xFF);
    let files = [
        ("empty", write("empty.ron", b"")),
        ("gbk", write("gbk.ron", &gbk)),
        ("utf-16", write("utf16.ron", &[0xFF, 0xFE, b'S', 0])),
        ("bad byte", write("bad.ron", &bad)),
        ("missing", dir.join("missing.ron")),
        ("directory", dir.clone()),
    ];
    let mut problems = Vec::new();
    for (case, p) in &files {
        let ds = load_file(p).expect_err(case);
        for d in &ds {
            check(case, d, &mut problems);
        }
    }
    let a = write("a.ron", BASE.as_bytes());
    let b = write("b.ron", BASE.as_bytes());
    let lib = load_all(&[a, b]);
    check("duplicate id", &lib.failures[0].1[0], &mut problems);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_new_scenario_skeleton_validates_and_meets_the_structural_bar() {
    use service_arena_core::engine::ScoringConfig;
    use service_arena_core::engine::analyze::analyze;
    use service_arena_core::engine::model::Archetype;
    use service_arena_core::lab::skeleton::skeleton;
    let mut problems = Vec::new();
    for a in [Archetype::Angry, Archetype::Mild, Archetype::KeyAccount] {
        for langs in [&Lang::ALL[..], &[Lang::Zh]] {
            let src = skeleton("my_case", a, langs);
            let sc = parse_str(&src, "new.ron").unwrap_or_else(|d| panic!("{a:?}: {d:#?}"));
            let an = analyze(&sc, &ScoringConfig::default(), 1, 200);
            for p in crate::scenarios::structural_problems(&sc, &an) {
                problems.push(format!("{a:?} {langs:?}: {p}"));
            }
            if an.best.total <= an.worst.total {
                problems.push(format!(
                    "{a:?}: best {} not above worst {}",
                    an.best.total, an.worst.total
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Export → import gives the file back byte for byte, and an edited CSV changes exactly the texts
/// it edits: on every shipped scenario.
#[test]
fn translations_round_trip_on_every_shipped_scenario() {
    use service_arena_core::lab::translate::{export, import};
    use service_arena_core::workshop::csv;
    for f in crate::common::scenario_files() {
        let name = f.display().to_string();
        let src = std::fs::read_to_string(&f).unwrap();
        let before = parse_str(&src, &name).unwrap();
        let table = export(&src, &name).unwrap();
        let back = import(&src, &name, &table).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(back.changed, 0, "{name}");
        assert!(back.source == src, "{name}: an unchanged CSV changed the file");
        let again = parse_str(&back.source, &name).unwrap();
        assert_eq!(format!("{before:?}"), format!("{again:?}"), "{name}");

        // Every English text edited (quotes, commas, a formula-like start and a line break).
        let rows = csv::parse(&table).unwrap();
        let mut edited = String::from(csv::BOM);
        for (i, r) in rows.iter().enumerate() {
            let en = if i == 0 {
                r[2].clone()
            } else {
                format!("=\"{}\",\n{}", r[0], r[2])
            };
            let cells = [r[0].clone(), r[1].clone(), en];
            let line: Vec<String> = cells.iter().map(|c| csv::field(&csv::text(c))).collect();
            edited.push_str(&line.join(","));
            edited.push_str("\r\n");
        }
        let out = import(&src, &name, &edited).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(out.changed, rows.len() - 1, "{name}");
        let sc = parse_str(&out.source, &name).unwrap_or_else(|d| panic!("{name}: {d:#?}"));
        assert_eq!(sc.title.en, format!("=\"title\",\n{}", before.title.en));
        assert_eq!(sc.title.zh, before.title.zh);
        assert_eq!(
            export(&out.source, &name).unwrap(),
            edited,
            "{name}: export after import"
        );
        // Only the strings changed: the file minus its string literals is the same.
        let code = |s: &str| s.lines().filter(|l| l.trim_start().starts_with("//")).count();
        assert_eq!(code(&out.source), code(&src), "{name}: comments kept");
        assert_eq!(
            (sc.nodes.len(), sc.start, sc.facts.bad_news.len()),
            (before.nodes.len(), before.start, before.facts.bad_news.len())
        );
    }
}

#[test]
fn a_chinese_only_file_gets_its_english_from_the_csv() {
    use service_arena_core::engine::model::Archetype;
    use service_arena_core::lab::skeleton::skeleton;
    use service_arena_core::lab::translate::{export, import};
    let src = skeleton("zh_only", Archetype::Angry, &[Lang::Zh]);
    let sc = parse_str(&src, "zh.ron").unwrap();
    assert_eq!(sc.langs, vec![Lang::Zh]);
    let table = export(&src, "zh.ron").unwrap();
    // The translator fills the English column.
    let filled: String = table
        .split("\r\n")
        .enumerate()
        .map(|(i, l)| {
            if i == 0 || l.is_empty() || !l.ends_with(',') {
                l.to_string()
            } else {
                format!("{l}EN {i}")
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    let out = import(&src, "zh.ron", &filled).unwrap();
    let sc = parse_str(&out.source, "zh.ron").unwrap();
    assert_eq!(sc.langs, Lang::ALL.to_vec(), "{}", out.source);
    assert!(sc.warnings.is_empty());
    assert_eq!(sc.title.en, "EN 1");
}

#[test]
fn a_call_carries_over_to_an_edited_file_only_along_the_same_path() {
    use service_arena_core::engine::call::Call;
    use std::sync::Arc;
    let sc = Arc::new(parse_str(BASE, "lab.ron").unwrap());
    let mut call = Call::new(sc.clone(), 1);
    let first = sc.played_index(sc.start, 1).unwrap();
    call.choose(first, None).unwrap();
    let edited = |src: String| Arc::new(parse_str(&src, "lab.ron").unwrap_or_else(|d| panic!("{d:#?}")));
    // Texts, acts and a new option: the call goes on at node "b".
    let moved = call
        .carry_over(edited(
            sub("然后呢？", "然后怎么办？")
                .replace(
                    "acts: [apologize, disclose(\"late\")]",
                    "acts: [apologize, empathize, disclose(\"late\")]",
                )
                .replace(
                    B_OPTIONS,
                    &B_OPTIONS.replace(
                        "))]",
                        ")), (text: (zh: \"等等\", en: \"Wait\"), acts: [hold], next: goto(\"lost\"))]",
                    ),
                ),
        ))
        .unwrap();
    assert_eq!(moved.choices().len(), 1);
    assert_eq!(moved.scenario().names[moved.sim().node()], "b");
    // The option taken is gone.
    let e = call
        .carry_over(edited(
            sub(
                r#"(text: (zh: "抱歉", en: "Sorry"), acts: [apologize, disclose("late")], next: goto("b")),"#,
                "",
            )
            .replace(
                r#"goto("lost")),"#,
                r#"goto("lost")), (text: (zh: "好", en: "OK"), acts: [], next: goto("b")),"#,
            ),
        ))
        .map(|_| ())
        .unwrap_err();
    assert!(e.en.contains("leads to \"lost\", not \"b\""), "{e:?}");
    // The first option now ends the call at once.
    let e = call
        .carry_over(edited(
            sub(
                r#"disclose("late")], next: goto("b")"#,
                r#"disclose("late")], next: goto("won")"#,
            )
            .replace(
                r#"acts: [excuse], next: goto("lost")"#,
                r#"acts: [excuse], next: goto("b")"#,
            ),
        ))
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        e.en,
        "in the edited file the choice at turn 1 leads to \"won\", not \"b\""
    );
    assert!(e.zh.contains("通向“won”"), "{e:?}");
}
