//! Unit tests of `compile`.

use crate::engine::load::parse_str;

/// A valid two-turn scenario; tests break one thing at a time with `replace`.
const BASE: &str = r#"Scenario(
    id: "base",
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
    nodes: {
        "a": turn(
            customer: (zh: "怎么回事?", en: "What happened?"),
            options: [
                (text: (zh: "抱歉", en: "Sorry"), acts: [apologize, disclose("late")], next: goto("b")),
                (text: (zh: "不是我的错", en: "Not my fault"), acts: [excuse], next: goto("lost")),
            ],
        ),
        "b": turn(
            customer: (zh: "然后呢?", en: "And then?"),
            options: [(text: (zh: "马上处理", en: "Fixing it now"), acts: [solution], next: goto("won"))],
        ),
        "won": end(outcome: won_over, text: (zh: "好", en: "Good")),
        "lost": end(outcome: lost, text: (zh: "算了", en: "Forget it")),
    },
)"#;

fn errors(src: &str) -> Vec<String> {
    match parse_str(src, "case.ron") {
        Ok(_) => Vec::new(),
        Err(ds) => ds.iter().map(|d| d.to_string()).collect(),
    }
}

fn one_error(src: &str) -> String {
    let es = errors(src);
    assert_eq!(es.len(), 1, "expected exactly one error, got {es:#?}");
    es.into_iter().next().unwrap()
}

#[test]
fn base_is_valid() {
    assert_eq!(errors(BASE), Vec::<String>::new());
}

#[test]
fn syntax_error_has_file_line_and_column() {
    let e = one_error(&BASE.replace(
        r#"(zh: "然后呢?", en: "And then?")"#,
        r#"(zh: "然后呢?" en: "And then?")"#,
    ));
    assert!(e.starts_with("case.ron:22:35:"), "{e}");
    assert!(e.contains("syntax"), "{e}");
}

#[test]
fn unknown_field_is_reported_where_it_is() {
    let e = one_error(&BASE.replace("archetype: angry,", "archetype: angry,\n        mood: 3,"));
    assert!(e.starts_with("case.ron:9:9:"), "{e}");
    assert!(e.contains("mood"), "{e}");
}

#[test]
fn unknown_node_reference_is_located_at_the_node() {
    let e = one_error(&BASE.replace(r#"next: goto("won")"#, r#"next: goto("wonn")"#));
    assert_eq!(e, "case.ron:21:9: node \"b\": refers to unknown node \"wonn\"");
}

#[test]
fn unreachable_and_dead_end_nodes_are_reported() {
    let src = BASE.replace(
            r#""won": end"#,
            r#""orphan": turn(customer: (zh: "喂", en: "Hello"), options: [(text: (zh: "嗯", en: "Hm"), acts: [], next: goto("won"))]),
        "won": end"#,
        );
    let e = one_error(&src);
    assert!(e.contains("node \"orphan\": is unreachable from the start node"), "{e}");

    // A cycle b → c → b with no way out.
    let src = BASE.replace(r#"acts: [solution], next: goto("won")"#, r#"acts: [solution], next: goto("c")"#).replace(
            r#""won": end"#,
            r#""c": turn(customer: (zh: "再说", en: "Again"), options: [(text: (zh: "嗯", en: "Hm"), acts: [], next: goto("b"))]),
        "won": end"#,
        );
    let es = errors(&src);
    assert!(es.iter().any(|e| e.contains("cycle with no exit: b → c")), "{es:#?}");
    assert!(es.iter().any(|e| e.contains("\"won\": is unreachable")), "{es:#?}");
}

#[test]
fn undeclared_items_bad_levels_and_missing_translations() {
    let e = one_error(&BASE.replace(r#"disclose("late")"#, r#"disclose("later")"#));
    assert!(
        e.contains("disclose(\"later\") names an item not declared in facts.bad_news"),
        "{e}"
    );
    let e = one_error(&BASE.replace("acts: [solution]", "acts: [promise(4)]"));
    assert!(e.contains("promise(4)"), "{e}");
}

fn warnings(src: &str) -> Vec<String> {
    parse_str(src, "case.ron")
        .unwrap_or_else(|d| panic!("{d:#?}"))
        .warnings
        .iter()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn a_missing_translation_is_a_warning_and_the_scenario_is_shown_in_its_language() {
    use crate::engine::Lang;
    // One English text missing: loads, says where, and plays in Chinese only.
    let src = BASE.replace(r#"en: "Fixing it now""#, r#"en: """#);
    let w = warnings(&src);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].starts_with("case.ron:21:9: missing translation (en) for node \"b\" option 1"),
        "{w:?}"
    );
    let sc = parse_str(&src, "case.ron").unwrap();
    assert_eq!(sc.langs, vec![Lang::Zh]);
    assert_eq!(
        sc.title.en, "标题",
        "every text is shown in Chinese, not half in English"
    );
    assert_eq!(sc.shown_in(Lang::En), Lang::Zh);
    let notice = sc.lang_notice(Lang::En).unwrap();
    assert!(
        notice.en.contains("Chinese only") && notice.zh.contains("只有中文版本"),
        "{notice:?}"
    );
    assert!(sc.lang_notice(Lang::Zh).is_none());

    // No Chinese at all: one warning for the whole file, not one per text.
    let mut en_only = BASE.to_string();
    for zh in [
        "标题",
        "说明",
        "目标",
        "王先生",
        "晚到",
        "怎么回事?",
        "抱歉",
        "不是我的错",
        "然后呢?",
        "马上处理",
        "好",
        "算了",
    ] {
        en_only = en_only.replace(&format!("zh: \"{zh}\", "), "");
    }
    let w = warnings(&en_only);
    assert_eq!(
        w,
        vec!["case.ron:3:5: the scenario has no Chinese text: it is shown in English whichever language is chosen"]
    );
    let sc = parse_str(&en_only, "case.ron").unwrap();
    assert_eq!(
        (sc.langs.clone(), sc.customer.name.zh.as_str()),
        (vec![Lang::En], "Mr Wang")
    );
    assert_eq!(sc.langs_label(Lang::Zh), "英文");

    // Both languages: no warning.
    let sc = parse_str(BASE, "case.ron").unwrap();
    assert!(sc.warnings.is_empty() && sc.langs == Lang::ALL.to_vec());
    assert_eq!(sc.langs_label(Lang::En), "Chinese and English");

    // Complete in neither language: an error for each gap.
    let mixed = BASE
        .replace(r#"(zh: "标题", en: "Title")"#, r#"(en: "Title")"#)
        .replace(r#"en: "Goal""#, r#"en: """#);
    let es = errors(&mixed);
    assert_eq!(es.len(), 2, "{es:#?}");
    assert_eq!(
        es[0],
        "case.ron:3:5: missing translation (zh) for the title: a scenario must be complete in at least one language"
    );
    // A text empty in both languages is an error whatever the others hold.
    let e = one_error(&BASE.replace(r#"(zh: "算了", en: "Forget it")"#, "()"));
    assert!(e.contains("ending \"lost\"'s text is empty"), "{e}");
}

#[test]
fn options_are_shuffled_the_same_way_every_time_unless_disabled() {
    use super::{CNode, Compiled};
    // Five options at node "b", written in order A…E.
    let src = BASE.replace(
        r#"options: [(text: (zh: "马上处理", en: "Fixing it now"), acts: [solution], next: goto("won"))]"#,
        &format!(
            "options: [{}]",
            ["A", "B", "C", "D", "E"]
                .iter()
                .map(|l| format!(r#"(text: (zh: "{l}", en: "{l}"), acts: [solution], next: goto("won"))"#))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    let order = |sc: &Compiled| -> String {
        match &sc.nodes[sc.node_index("b").unwrap()] {
            CNode::Turn { options, .. } => options.iter().map(|o| o.text.en.clone()).collect(),
            CNode::End { .. } => unreachable!(),
        }
    };
    let a = order(&parse_str(&src, "x.ron").unwrap());
    assert_eq!(a, order(&parse_str(&src, "x.ron").unwrap()));
    let mut sorted: Vec<char> = a.chars().collect();
    sorted.sort();
    assert_eq!(sorted.into_iter().collect::<String>(), "ABCDE");
    assert_ne!(
        a, "ABCDE",
        "this id/node pair happens to shuffle; the order must differ from the file's"
    );
    let fixed = src.replace("start: \"a\",", "start: \"a\", shuffle_options: false,");
    assert_eq!(order(&parse_str(&fixed, "x.ron").unwrap()), "ABCDE");
}

#[test]
fn out_of_range_values_are_rejected() {
    let e = one_error(&BASE.replace("anger: 70", "anger: 170"));
    assert!(e.contains("anger must be within 0–100"), "{e}");
    let e = one_error(&BASE.replace(r#"id: "base""#, r#"id: "Base Case""#));
    assert!(e.contains("lowercase"), "{e}");
}
#[test]
fn a_look_is_optional_checked_against_the_title_and_derived_when_left_out() {
    let with = |look: &str| {
        BASE.replace(
            "archetype: angry,",
            &format!("archetype: angry,\n        look: ({look}),"),
        )
    };
    let sc = parse_str(
        &with("gender: male, age: senior, hair: bald, glasses: true, beard: moustache"),
        "case.ron",
    )
    .unwrap();
    let l = sc.customer.look(&sc.id);
    use crate::engine::model::*;
    assert_eq!(
        (l.gender, l.age, l.hair, l.glasses, l.beard),
        (Gender::Male, Age::Senior, Hair::Bald, true, Beard::Moustache)
    );
    // Left out: derived, male from "先生 / Mr", the same every time.
    let plain = parse_str(BASE, "case.ron").unwrap();
    assert_eq!(plain.customer.look(&plain.id).gender, Gender::Male);
    assert_eq!(plain.customer.look(&plain.id), plain.customer.look(&plain.id));
    let e = one_error(&with("gender: female"));
    assert!(
        e.starts_with("case.ron:9:16:") && e.contains("does not match the customer's title"),
        "{e}"
    );
    let e = one_error(
        &BASE
            .replace("王先生\", en: \"Mr Wang", "王女士\", en: \"Ms Wang")
            .replace("archetype: angry,", "archetype: angry,\n        look: (beard: full),"),
    );
    assert!(e.contains("beard or moustache needs look gender male"), "{e}");
    let e = one_error(&with("hair: mohawk"));
    assert!(e.contains("mohawk"), "{e}");
}
