//! The game as far as it can be checked without a screen: it refuses clearly when there is no
//! display, and the bundled CJK font covers every character the game and the scenarios show.

use std::collections::BTreeSet;
use std::process::Command;

use bevy_egui::egui;
use service_arena::engine::compile::CNode;

use crate::common::{root, shipped};

#[test]
fn without_a_display_the_game_says_so_and_points_to_the_terminal_mode() {
    let o = Command::new(env!("CARGO_BIN_EXE_service-arena"))
        .current_dir(root())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("needs a display") && err.contains("DISPLAY is not set"),
        "{err}"
    );
    assert!(err.contains("service-arena play"), "{err}");
}

#[test]
fn a_display_with_no_server_behind_it_is_reported_before_any_window_is_tried() {
    let o = Command::new(env!("CARGO_BIN_EXE_service-arena"))
        .current_dir(root())
        .env("DISPLAY", ":4711")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no X server is listening at /tmp/.X11-unix/X4711"),
        "{err}"
    );
}

/// Every non-ASCII character in the game's source (its UI strings) and in every shipped scenario.
fn characters_shown() -> BTreeSet<char> {
    let mut text = String::new();
    // Every file under src/game, screens/ and glue/ included.
    let mut dirs = vec![root().join("src/game")];
    while let Some(d) = dirs.pop() {
        for f in std::fs::read_dir(d).unwrap() {
            let p = f.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                text.push_str(&std::fs::read_to_string(p).unwrap());
            }
        }
    }
    for sc in shipped() {
        for t in [&sc.title, &sc.briefing, &sc.goal, &sc.customer.name] {
            text.push_str(&t.zh);
        }
        for node in &sc.nodes {
            match node {
                CNode::Turn { customer, options } => {
                    text.push_str(&customer.zh);
                    for o in options {
                        text.push_str(&o.text.zh);
                        text.push_str(&o.note.as_ref().map_or(String::new(), |n| n.zh.clone()));
                    }
                }
                CNode::End { text: t, .. } => text.push_str(&t.zh),
            }
        }
    }
    text.chars().filter(|c| !c.is_ascii() && !c.is_whitespace()).collect()
}

#[test]
fn the_bundled_font_covers_every_character_the_game_shows() {
    let ctx = egui::Context::default();
    ctx.set_fonts(service_arena::game::font_definitions());
    // One pass loads the fonts; its texture upload has nowhere to go in a test, so it is cleared.
    ctx.run_ui(egui::RawInput::default(), |_| {}).textures_delta.clear();
    let font = egui::FontId::proportional(18.0);
    let chars = characters_shown();
    assert!(
        chars.len() > 500,
        "only {} distinct characters: is the scan broken?",
        chars.len()
    );
    let missing: String = ctx.fonts_mut(|f| chars.iter().copied().filter(|c| !f.has_glyph(&font, *c)).collect());
    assert!(missing.is_empty(), "characters without a glyph: {missing}");
}
