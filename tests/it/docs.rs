//! The documentation's examples are real: the annotated scenario in docs/scenario-format.md loads.

use service_arena::engine::load::parse_str;
use service_arena::engine::{Scorer, ScoringConfig};

use crate::common::root;

fn ron_blocks(doc: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(doc)).unwrap();
    text.split("```ron\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_string())
        .collect()
}

#[test]
fn scenario_format_example_validates_and_plays() {
    let blocks = ron_blocks("docs/scenario-format.md");
    assert_eq!(blocks.len(), 1, "one complete example expected");
    let sc = parse_str(&blocks[0], "docs/scenario-format.md").unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(sc.id, "wifi_hold");
    let cfg = ScoringConfig::default();
    let a = service_arena::engine::analyze::analyze(&sc, &cfg, 1, 100);
    assert!(a.best.total > a.worst.total);
    assert!(Scorer::new(&sc, &cfg).applicable().count() >= 6);
}

#[test]
fn scoring_doc_weights_example_is_accepted() {
    let text = std::fs::read_to_string(root().join("docs/scoring.md")).unwrap();
    let block = text
        .split("```ron\n")
        .nth(1)
        .expect("a weights example")
        .split("```")
        .next()
        .unwrap();
    let cfg = ScoringConfig::from_ron(block, "docs/scoring.md").unwrap();
    // The documented defaults are the real defaults.
    assert_eq!(cfg, ScoringConfig::default());
}
