//! The scenario picker: filters by customer type, the principle a scenario trains and difficulty;
//! the selected scenario's catalogue entry (goal, briefing, principles, minutes) with the start
//! button at its top, and the player's best on it. "Trains" means the principle's score differs
//! between the best and the worst ways through the scenario (`engine::analyze`, worked out once
//! at load): most principles are scored in every scenario, so filtering by "scored" kept all 18.

use std::collections::HashMap;
use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};

use crate::engine::scoring::PRINCIPLES;
use crate::engine::{Archetype, Compiled, Lang, Principle, Scorer};

use crate::game::Screen;
use crate::game::data::{Catalog, Db, Settings};
use crate::game::session::Session;
use crate::game::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.init_resource::<Filter>()
        .add_systems(OnExit(Screen::Title), crate::game::data::analyse_when_leaving_the_title)
        .add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Picker)));
}

#[derive(Resource, Default)]
pub struct Filter {
    pub archetype: Option<Archetype>,
    pub principle: Option<Principle>,
    pub difficulty: Option<u8>,
    /// Id of the selected scenario.
    pub selected: Option<String>,
}

pub fn principles_of(sc: &Compiled, catalog: &Catalog) -> Vec<Principle> {
    let scorer = Scorer::new(sc, &catalog.cfg);
    PRINCIPLES.into_iter().filter(|p| scorer.applies(*p)).collect()
}

/// What the picker draws from.
pub struct View<'a> {
    pub lang: Lang,
    pub scenarios: &'a [Arc<Compiled>],
    /// Principles scored in each scenario.
    pub scored: &'a HashMap<String, Vec<Principle>>,
    /// Principles each scenario trains; None while the analysis is still running.
    pub trains: Option<&'a HashMap<String, Vec<Principle>>>,
    pub best: &'a dyn Fn(&str) -> Option<f32>,
    /// The files' state since the last reload: errors beside the scenario they belong to (its
    /// last good version is listed), and files that never loaded.
    pub files: Option<&'a crate::game::reload::ScenarioFiles>,
}

/// Where the filter boxes and the start button were drawn (layout tests).
#[derive(Debug)]
pub struct Measured {
    pub filters: Vec<egui::Rect>,
    pub start: egui::Rect,
    /// Where the selected scenario's "not written in your language" notice is, if it has one.
    pub notice: Option<egui::Rect>,
}

/// One decimal everywhere a best total is shown, so the list and the detail agree.
pub fn best_text(b: f32) -> String {
    format!("{b:.1}")
}

fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    db: Res<Db>,
    mut filter: ResMut<Filter>,
    mut session: ResMut<Session>,
    mut next: ResMut<NextState<Screen>>,
    mut scored: Local<HashMap<String, Vec<Principle>>>,
    files: Res<crate::game::reload::ScenarioFiles>,
    mut generation: Local<u64>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if *generation != files.generation {
        // A scenario file changed: its principles are worked out again.
        scored.clear();
        *generation = files.generation;
    }
    if scored.is_empty() {
        *scored = catalog
            .scenarios
            .iter()
            .map(|s| (s.id.clone(), principles_of(s, &catalog)))
            .collect();
    }
    let best = |id: &str| db.best(id);
    let view = View {
        lang: settings.lang(),
        scenarios: &catalog.scenarios,
        scored: &scored,
        trains: catalog.trains.get(),
        best: &best,
        files: Some(&files),
    };
    let (outcome, _) = show(ctx, &view, &mut filter);
    match outcome {
        Some(Outcome::Start(id)) => {
            if let Some(sc) = catalog.find(&id) {
                session.start(&sc, None);
                next.set(Screen::Play);
            }
        }
        Some(Outcome::Back) => next.set(Screen::Mode),
        None => {}
    }
    Ok(())
}

#[derive(Debug, PartialEq)]
pub enum Outcome {
    Start(String),
    Back,
}

pub fn show(ctx: &egui::Context, v: &View, filter: &mut Filter) -> (Option<Outcome>, Measured) {
    let lang = v.lang;
    let trains_of = |s: &Compiled| v.trains.and_then(|t| t.get(&s.id)).map_or(&[][..], |p| &p[..]);
    let shown: Vec<&Arc<Compiled>> = v
        .scenarios
        .iter()
        .filter(|s| filter.archetype.is_none_or(|a| s.customer.archetype == a))
        .filter(|s| filter.difficulty.is_none_or(|d| s.difficulty == d))
        .filter(|s| filter.principle.is_none_or(|p| trains_of(s).contains(&p)))
        .collect();
    if filter
        .selected
        .as_ref()
        .is_none_or(|id| !shown.iter().any(|s| &s.id == id))
    {
        filter.selected = shown.first().map(|s| s.id.clone());
    }
    let pos = shown.iter().position(|s| Some(&s.id) == filter.selected.as_ref());
    let mut outcome = None;
    let mut m = Measured {
        filters: Vec::new(),
        start: egui::Rect::NOTHING,
        notice: None,
    };
    let back = ui::page(ctx, lang, tr(lang, "选择场景", "Choose a scenario"), |ui| {
        // Keyboard: arrows move the selection, Enter starts.
        if let Some(p) = pos {
            if ui::pressed(ui, Key::ArrowDown) && p + 1 < shown.len() {
                filter.selected = Some(shown[p + 1].id.clone());
            }
            if ui::pressed(ui, Key::ArrowUp) && p > 0 {
                filter.selected = Some(shown[p - 1].id.clone());
            }
        }
        // One row, every label and box centred on the same line.
        ui::aligned_row(ui, |ui| {
            ui.label(tr(lang, "客户类型", "Customer"));
            let r = egui::ComboBox::from_id_salt("f_arch")
                .selected_text(
                    filter
                        .archetype
                        .map_or(tr(lang, "全部", "all"), |a| ui::archetype_name(lang, a)),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.archetype, None, tr(lang, "全部", "all"));
                    for a in [Archetype::Angry, Archetype::Mild, Archetype::KeyAccount] {
                        ui.selectable_value(&mut filter.archetype, Some(a), ui::archetype_name(lang, a));
                    }
                });
            m.filters.push(r.response.rect);
            ui.add_space(8.0);
            ui.label(tr(lang, "重点练的原则", "Trains"));
            match v.trains {
                Some(trains) => {
                    let count = |p: Principle| trains.values().filter(|ps| ps.contains(&p)).count();
                    let r = egui::ComboBox::from_id_salt("f_pr")
                        .selected_text(filter.principle.map_or(tr(lang, "全部", "all").to_string(), |p| {
                            p.label().get(lang).to_string()
                        }))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut filter.principle, None, tr(lang, "全部", "all"));
                            for p in PRINCIPLES.into_iter().filter(|p| count(*p) > 0) {
                                let label = format!("{} ({})", p.label().get(lang), count(p));
                                ui.selectable_value(&mut filter.principle, Some(p), label);
                            }
                        });
                    m.filters.push(r.response.rect);
                }
                None => {
                    let r = ui.add_enabled(
                        false,
                        egui::Button::new(tr(lang, "正在分析场景…", "Analysing the scenarios…")),
                    );
                    m.filters.push(r.rect);
                }
            }
            ui.add_space(8.0);
            ui.label(tr(lang, "难度", "Difficulty"));
            let r = egui::ComboBox::from_id_salt("f_diff")
                .selected_text(filter.difficulty.map_or(tr(lang, "全部", "all").to_string(), ui::stars))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.difficulty, None, tr(lang, "全部", "all"));
                    for d in 1..=3u8 {
                        ui.selectable_value(&mut filter.difficulty, Some(d), ui::stars(d));
                    }
                });
            m.filters.push(r.response.rect);
            ui.add_space(8.0);
            ui.label(RichText::new(format!("{} / {}", shown.len(), v.scenarios.len())).color(ui::MUTED));
        });
        ui.add_space(6.0);
        let avail = ui.available_height();
        ui.columns(2, |cols| {
            egui::ScrollArea::vertical()
                .id_salt("list")
                .max_height(avail)
                .show(&mut cols[0], |ui| {
                    ui.with_layout(egui::Layout::top_down_justified(egui::Align::Min), |ui| {
                        for s in &shown {
                            let selected = Some(&s.id) == filter.selected.as_ref();
                            let best = (v.best)(&s.id).map_or(String::new(), |b| {
                                format!(" · {} {}", tr(lang, "最佳", "best"), best_text(b))
                            });
                            // A scenario in one language says which, so nobody is surprised.
                            let only = if s.langs.len() == 1 {
                                format!(" · {}", only_in(s, lang))
                            } else {
                                String::new()
                            };
                            let broken = v.files.is_some_and(|f| !f.errors_of(&s.id).is_empty());
                            let only = if broken {
                                format!("{only} · × {}", tr(lang, "文件有错误", "the file has errors"))
                            } else {
                                only
                            };
                            let label = format!(
                                "{}\n{} · {}{}{only}",
                                s.title.get(lang),
                                ui::archetype_name(lang, s.customer.archetype),
                                ui::stars(s.difficulty),
                                best
                            );
                            let r = ui.add(egui::Button::selectable(selected, label).min_size(egui::vec2(0.0, 52.0)));
                            if selected {
                                r.scroll_to_me(None);
                            }
                            if r.clicked() {
                                filter.selected = Some(s.id.clone());
                            }
                            if r.double_clicked() {
                                outcome = Some(Outcome::Start(s.id.clone()));
                            }
                        }
                        if shown.is_empty() {
                            ui.label(tr(lang, "没有符合条件的场景。", "No scenario matches these filters."));
                        }
                        // Files that do not load, with their first error in place.
                        for (p, ds) in v.files.into_iter().flat_map(|f| f.broken()) {
                            let file = p
                                .file_name()
                                .map_or(String::new(), |f| f.to_string_lossy().into_owned());
                            ui.label(
                                RichText::new(format!("× {file}：{}", tr(lang, "无法加载", "does not load")))
                                    .color(ui::BAD),
                            );
                            for d in ds.iter().take(3) {
                                crate::game::text::para(ui, &d.show(lang), egui::TextStyle::Small, Some(ui::BAD));
                            }
                        }
                    });
                });
            let Some(s) = pos.map(|p| shown[p]) else { return };
            let ui = &mut cols[1];
            ui::card().show(ui, |ui| {
                ui.label(RichText::new(s.title.get(lang)).heading());
                ui.label(
                    RichText::new(format!(
                        "{} · {} · {} {} · {} {}",
                        s.customer.name.get(lang),
                        ui::archetype_name(lang, s.customer.archetype),
                        ui::stars(s.difficulty),
                        tr(lang, "难度", "difficulty"),
                        s.minutes,
                        tr(lang, "分钟", "min")
                    ))
                    .color(ui::MUTED),
                );
                ui.label(
                    RichText::new(format!("{}{}", tr(lang, "语言：", "Languages: "), s.langs_label(lang)))
                        .color(ui::MUTED),
                );
                if let Some(n) = s.lang_notice(lang) {
                    m.notice = Some(ui.label(RichText::new(n.get(lang)).color(ui::BAD)).rect);
                }
                let errors = v.files.map_or(&[][..], |f| f.errors_of(&s.id));
                if !errors.is_empty() {
                    ui.label(
                        RichText::new(tr(
                            lang,
                            "文件改过后有错误，下面是它上一次能加载的版本：",
                            "The edited file has errors; this is its last version that loaded:",
                        ))
                        .color(ui::BAD),
                    );
                    for d in errors.iter().take(3) {
                        crate::game::text::para(ui, &d.show(lang), egui::TextStyle::Small, Some(ui::BAD));
                    }
                }
                ui.add_space(6.0);
                // The start button comes before the long texts, so it is on screen at any size.
                let r = ui::big_button(ui, "Enter", tr(lang, "开始通话", "Start the call"), true);
                m.start = r.rect;
                if r.clicked() || ui::pressed(ui, Key::Enter) {
                    outcome = Some(Outcome::Start(s.id.clone()));
                }
                match (v.best)(&s.id) {
                    Some(b) => ui.label(
                        RichText::new(format!("{}{}", tr(lang, "你的最佳成绩：", "Your best: "), best_text(b)))
                            .color(ui::score_colour(b))
                            .strong(),
                    ),
                    None => {
                        ui.label(RichText::new(tr(lang, "还没有练过这个场景。", "Not played yet.")).color(ui::MUTED))
                    }
                };
                ui.add_space(6.0);
                egui::ScrollArea::vertical().id_salt("detail").show(ui, |ui| {
                    ui.label(RichText::new(tr(lang, "教学目标", "What it teaches")).strong());
                    crate::game::text::para(ui, s.goal.get(lang), egui::TextStyle::Body, None);
                    ui.add_space(6.0);
                    ui.label(RichText::new(tr(lang, "情况简介", "Briefing")).strong());
                    crate::game::text::para(ui, s.briefing.get(lang), egui::TextStyle::Body, None);
                    ui.add_space(6.0);
                    let names = |ps: &mut dyn Iterator<Item = &Principle>| {
                        ps.map(|p| p.label().get(lang).to_string())
                            .collect::<Vec<_>>()
                            .join(" · ")
                    };
                    let trains = trains_of(s);
                    ui.label(RichText::new(tr(lang, "重点练的原则", "Principles it trains")).strong());
                    match v.trains {
                        None => ui.label(RichText::new(tr(lang, "正在分析…", "Analysing…")).color(ui::MUTED)),
                        Some(_) if trains.is_empty() => ui.label(tr(lang, "无", "none")),
                        Some(_) => ui.label(names(&mut trains.iter())),
                    };
                    let also: Vec<&Principle> = v
                        .scored
                        .get(&s.id)
                        .map_or(&[][..], |p| &p[..])
                        .iter()
                        .filter(|p| !trains.contains(p))
                        .collect();
                    if v.trains.is_some() && !also.is_empty() {
                        ui.label(
                            RichText::new(format!(
                                "{}{}",
                                tr(
                                    lang,
                                    "也计分（这个场景里怎么选都差不多）：",
                                    "Also scored (about the same whatever you choose here): "
                                ),
                                names(&mut also.into_iter())
                            ))
                            .small()
                            .color(ui::MUTED),
                        );
                    }
                    ui.label(
                        RichText::new(tr(lang, "↑↓ 选择场景", "↑↓ move between scenarios"))
                            .small()
                            .color(ui::MUTED),
                    );
                });
            });
        });
    });
    if back {
        outcome = Some(Outcome::Back);
    }
    (outcome, m)
}

/// "仅中文" / "Chinese only" for a scenario written in one language.
fn only_in(s: &Compiled, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("仅{}", s.langs_label(lang)),
        Lang::En => format!("{} only", s.langs_label(lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ScoringConfig;

    #[test]
    fn filters_sit_on_one_line_and_the_start_button_is_on_screen_for_every_scenario() {
        let scenarios = ui::shipped();
        let cfg = ScoringConfig::default();
        let scored: HashMap<String, Vec<Principle>> = scenarios
            .iter()
            .map(|s| {
                let scorer = Scorer::new(s, &cfg);
                (
                    s.id.clone(),
                    PRINCIPLES.into_iter().filter(|p| scorer.applies(*p)).collect(),
                )
            })
            .collect();
        let trains = crate::game::data::trained_principles(&scenarios, &cfg);
        let best = |_: &str| Some(97.45);
        let size = egui::vec2(1280.0, 720.0);
        for (lang, scale) in ui::LAYOUTS {
            let ctx = ui::test_context(scale);
            let v = View {
                lang,
                scenarios: &scenarios,
                scored: &scored,
                trains: Some(&trains),
                best: &best,
                files: None,
            };
            for sc in &scenarios {
                let mut filter = Filter {
                    selected: Some(sc.id.clone()),
                    ..Filter::default()
                };
                let mut m = None;
                for _ in 0..2 {
                    ui::pass(&ctx, size, vec![], |ctx| m = Some(show(ctx, &v, &mut filter).1));
                }
                let m = m.unwrap();
                assert!(
                    m.start.bottom() <= size.y && m.start.top() >= 0.0,
                    "{lang:?} {scale} {}: start button at {:?}",
                    sc.id,
                    m.start
                );
                let ys: Vec<f32> = m.filters.iter().map(|r| r.center().y).collect();
                assert_eq!(ys.len(), 3);
                assert!(
                    ys.iter().all(|y| (y - ys[0]).abs() <= 1.0),
                    "{lang:?} {scale}: filters step down: {ys:?} {:?}",
                    m.filters
                );
            }
        }
    }

    /// A scenario written only in Chinese says so beside it when English is chosen, and the start
    /// button stays on screen; in Chinese nothing is said.
    #[test]
    fn a_one_language_scenario_says_so_in_the_other_language() {
        use crate::engine::model::Archetype;
        let zh_only = crate::lab::skeleton::skeleton("zh_only", Archetype::Mild, &[Lang::Zh]);
        let scenarios = vec![Arc::new(crate::engine::load::parse_str(&zh_only, "zh.ron").unwrap())];
        let scored = HashMap::new();
        let best = |_: &str| None;
        let size = egui::vec2(1280.0, 720.0);
        for (lang, scale) in ui::LAYOUTS {
            let ctx = ui::test_context(scale);
            let v = View {
                lang,
                scenarios: &scenarios,
                scored: &scored,
                trains: None,
                best: &best,
                files: None,
            };
            let mut filter = Filter {
                selected: Some("zh_only".into()),
                ..Filter::default()
            };
            let mut m = None;
            for _ in 0..2 {
                ui::pass(&ctx, size, vec![], |ctx| m = Some(show(ctx, &v, &mut filter).1));
            }
            let m = m.unwrap();
            match lang {
                Lang::En => {
                    let n = m.notice.expect("the notice is drawn");
                    assert!(n.bottom() <= size.y && n.width() > 0.0, "{scale}: {n:?}");
                }
                Lang::Zh => assert!(m.notice.is_none()),
            }
            assert!(m.start.bottom() <= size.y && m.start.top() >= 0.0, "{lang:?} {scale}");
        }
    }

    #[test]
    fn the_principle_filter_means_trains_and_leaves_out_scenarios_where_it_barely_matters() {
        let scenarios = ui::shipped();
        let cfg = ScoringConfig::default();
        let trains = crate::game::data::trained_principles(&scenarios, &cfg);
        // For the principles scored in every scenario, "trains" picks out a real subset for most.
        let everywhere: Vec<Principle> = PRINCIPLES
            .into_iter()
            .filter(|p| scenarios.iter().all(|s| Scorer::new(s, &cfg).applies(*p)))
            .collect();
        assert!(!everywhere.is_empty());
        let narrowed = everywhere
            .iter()
            .filter(|p| trains.values().filter(|t| t.contains(p)).count() < scenarios.len())
            .count();
        assert!(
            narrowed * 2 > everywhere.len(),
            "only {narrowed} of {} everywhere-scored principles are narrowed by \"trains\"",
            everywhere.len()
        );
        // Every scenario trains something, and only what it scores.
        for s in &scenarios {
            let t = &trains[&s.id];
            assert!(!t.is_empty(), "{} trains nothing", s.id);
            assert!(t.iter().all(|p| Scorer::new(s, &cfg).applies(*p)), "{}", s.id);
        }
    }
}
