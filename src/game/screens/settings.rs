//! Settings: language (switches at once), text size, decision timer, coach hints, full screen.
//! Saved to `settings.ron` in the data directory on every change.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::RichText;

use crate::engine::Lang;
use crate::prefs::{Prefs, TEXT_SCALES, TIMER_CHOICES};

use crate::game::Screen;
use crate::game::data::{Db, Settings};
use crate::game::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Settings)))
        .add_systems(Update, apply_fullscreen);
}

fn draw(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    mut db: ResMut<Db>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    let mut p: Prefs = settings.prefs.clone();
    let back = ui::page(ctx, lang, tr(lang, "设置", "Settings"), |ui| {
        ui::card().show(ui, |ui| {
            egui::Grid::new("settings").spacing([24.0, 16.0]).show(ui, |ui| {
                ui.label(tr(lang, "语言 Language", "Language 语言"));
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut p.lang, Lang::Zh, "中文");
                    ui.selectable_value(&mut p.lang, Lang::En, "English");
                });
                ui.end_row();
                ui.label(tr(lang, "文字大小", "Text size"));
                ui.horizontal(|ui| {
                    for s in TEXT_SCALES {
                        ui.selectable_value(&mut p.text_scale, s, format!("{:.0}%", s * 100.0));
                    }
                });
                ui.end_row();
                ui.label(tr(lang, "决策计时", "Decision timer"));
                ui.horizontal(|ui| {
                    for t in TIMER_CHOICES {
                        let label = match t {
                            None => tr(lang, "关闭", "off").to_string(),
                            Some(s) => format!("{s} {}", tr(lang, "秒", "s")),
                        };
                        ui.selectable_value(&mut p.timer_secs, t, label);
                    }
                });
                ui.end_row();
                ui.label(tr(lang, "教练提示", "Coach hints"));
                ui.checkbox(
                    &mut p.coach,
                    tr(
                        lang,
                        "每次选择后标出好或有风险，并给出理由",
                        "Mark each choice good or risky, with a reason",
                    ),
                );
                ui.end_row();
                ui.label(tr(lang, "全屏", "Full screen"));
                ui.checkbox(
                    &mut p.fullscreen,
                    tr(lang, "全屏显示（投影时使用）", "Full screen (for a projector)"),
                );
                ui.end_row();
                ui.label(tr(lang, "名字 / 队名", "Name / team"));
                ui.add(egui::TextEdit::singleline(&mut p.player).desired_width(240.0));
                ui.end_row();
            });
        });
        if let Some(e) = &settings.save_error {
            ui.label(
                RichText::new(format!("{} {e}", tr(lang, "设置未能保存：", "Settings not saved:"))).color(ui::BAD),
            );
        } else if let Some(path) = &settings.path {
            ui.label(
                RichText::new(format!("{} {}", tr(lang, "保存在", "Saved in"), path.display()))
                    .small()
                    .color(ui::MUTED),
            );
        }
    });
    if back {
        next.set(Screen::Title);
    }
    if p != settings.prefs {
        let player_changed = p.player != settings.prefs.player;
        settings.prefs = p;
        settings.save();
        if player_changed {
            let player = settings.player();
            db.refresh(&player);
        }
    }
    Ok(())
}

fn apply_fullscreen(settings: Res<Settings>, mut window: Query<&mut Window, With<PrimaryWindow>>) {
    if !settings.is_changed() {
        return;
    }
    let Ok(mut w) = window.single_mut() else { return };
    let want = if settings.prefs.fullscreen {
        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
    } else {
        WindowMode::Windowed
    };
    if w.mode != want {
        w.mode = want;
    }
}
