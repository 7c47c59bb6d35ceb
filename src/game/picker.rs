//! The scenario picker: filters by archetype, principle and difficulty; the catalogue entry of the
//! selected scenario (goal, briefing, principles, minutes) and the player's best on it.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};

use crate::engine::scoring::PRINCIPLES;
use crate::engine::{Archetype, Compiled, Principle, Scorer};

use super::Screen;
use super::data::{Catalog, Db, Settings};
use super::play::Session;
use super::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.init_resource::<Filter>()
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

fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    db: Res<Db>,
    mut filter: ResMut<Filter>,
    mut session: ResMut<Session>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    let shown: Vec<&std::sync::Arc<Compiled>> = catalog
        .scenarios
        .iter()
        .filter(|s| filter.archetype.is_none_or(|a| s.customer.archetype == a))
        .filter(|s| filter.difficulty.is_none_or(|d| s.difficulty == d))
        .filter(|s| filter.principle.is_none_or(|p| principles_of(s, &catalog).contains(&p)))
        .collect();
    if filter
        .selected
        .as_ref()
        .is_none_or(|id| !shown.iter().any(|s| &s.id == id))
    {
        filter.selected = shown.first().map(|s| s.id.clone());
    }
    let pos = shown.iter().position(|s| Some(&s.id) == filter.selected.as_ref());
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
        ui.horizontal_wrapped(|ui| {
            ui.label(tr(lang, "客户类型", "Customer"));
            egui::ComboBox::from_id_salt("f_arch")
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
            ui.label(tr(lang, "原则", "Principle"));
            egui::ComboBox::from_id_salt("f_pr")
                .selected_text(filter.principle.map_or(tr(lang, "全部", "all").to_string(), |p| {
                    p.label().get(lang).to_string()
                }))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.principle, None, tr(lang, "全部", "all"));
                    for p in PRINCIPLES {
                        ui.selectable_value(&mut filter.principle, Some(p), p.label().get(lang));
                    }
                });
            ui.label(tr(lang, "难度", "Difficulty"));
            egui::ComboBox::from_id_salt("f_diff")
                .selected_text(filter.difficulty.map_or(tr(lang, "全部", "all").to_string(), ui::stars))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.difficulty, None, tr(lang, "全部", "all"));
                    for d in 1..=3u8 {
                        ui.selectable_value(&mut filter.difficulty, Some(d), ui::stars(d));
                    }
                });
            ui.label(RichText::new(format!("{} / {}", shown.len(), catalog.scenarios.len())).color(ui::MUTED));
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
                            let best = db
                                .best(&s.id)
                                .map_or(String::new(), |b| format!(" · {} {b:.0}", tr(lang, "最佳", "best")));
                            let label = format!(
                                "{}\n{} · {}{}",
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
                                session.start(s, None);
                                next.set(Screen::Play);
                            }
                        }
                        if shown.is_empty() {
                            ui.label(tr(lang, "没有符合条件的场景。", "No scenario matches these filters."));
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
                ui.add_space(6.0);
                ui.label(RichText::new(tr(lang, "教学目标", "What it teaches")).strong());
                ui.label(s.goal.get(lang));
                ui.add_space(6.0);
                ui.label(RichText::new(tr(lang, "情况简介", "Briefing")).strong());
                ui.label(s.briefing.get(lang));
                ui.add_space(6.0);
                ui.label(RichText::new(tr(lang, "考察的原则", "Principles scored")).strong());
                let names: Vec<String> = principles_of(s, &catalog)
                    .iter()
                    .map(|p| p.label().get(lang).to_string())
                    .collect();
                ui.label(names.join(" · "));
                ui.add_space(6.0);
                match db.best(&s.id) {
                    Some(b) => ui.label(
                        RichText::new(format!("{} {b:.1}", tr(lang, "你的最佳成绩：", "Your best:")))
                            .color(ui::score_colour(b))
                            .strong(),
                    ),
                    None => {
                        ui.label(RichText::new(tr(lang, "还没有练过这个场景。", "Not played yet.")).color(ui::MUTED))
                    }
                };
                ui.add_space(10.0);
                if ui::big_button(ui, "Enter", tr(lang, "开始通话", "Start the call"), true).clicked()
                    || ui::pressed(ui, Key::Enter)
                {
                    session.start(s, None);
                    next.set(Screen::Play);
                }
                ui.label(
                    RichText::new(tr(lang, "↑↓ 选择场景", "↑↓ move between scenarios"))
                        .small()
                        .color(ui::MUTED),
                );
            });
        });
    });
    if back {
        next.set(Screen::Mode);
    }
    Ok(())
}
