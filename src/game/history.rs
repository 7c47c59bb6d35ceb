//! Practice history and progress: every finished run of the current player, each principle's
//! score over time as a chart, and the recommended next scenario (the one that trains the weakest
//! principle). Data comes from the store; the numbers from `crate::practice`.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};
use egui_plot::{Line, PlotPoints, Points};

use crate::practice::{progress, recommend};

use super::Screen;
use super::data::{Catalog, Db, Settings};
use super::play::Session;
use super::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::History)));
}

fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    db: Res<Db>,
    mut session: ResMut<Session>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    let title = format!(
        "{} · {}",
        tr(lang, "练习记录与进步", "History and progress"),
        settings.player()
    );
    let back = ui::page(ctx, lang, &title, |ui| {
        if let Some(e) = &db.error {
            ui.label(
                RichText::new(format!(
                    "{} {e}",
                    tr(lang, "练习记录不可用：", "Practice history is unavailable:")
                ))
                .color(ui::BAD),
            );
        }
        if let Some(rec) = recommend(&db.runs, &catalog.scenarios, &catalog.cfg) {
            ui::card().show(ui, |ui| {
                let sc = catalog.find(&rec.scenario);
                ui.label(RichText::new(tr(lang, "推荐下一个场景", "Recommended next")).strong());
                ui.label(rec.reason.get(lang));
                if let Some(sc) = sc
                    && (ui::big_button(ui, "Enter", sc.title.get(lang), true).clicked() || ui::pressed(ui, Key::Enter))
                {
                    session.start(&sc, None);
                    next.set(Screen::Play);
                }
            });
        }
        ui.add_space(6.0);
        if db.runs.is_empty() {
            ui.label(tr(
                lang,
                "还没有完成的练习。练完一个场景，这里会出现成绩和进步曲线。",
                "No finished runs yet. Finish a scenario and your scores and progress appear here.",
            ));
            return;
        }
        ui.columns(2, |cols| {
            ui::card().show(&mut cols[0], |ui| {
                ui.label(RichText::new(tr(lang, "各原则的进步（每次练习）", "Each principle over your runs")).strong());
                let series = progress(&db.runs);
                ui::score_plot("progress", 270.0)
                    .include_x(0.5)
                    .include_x(db.runs.len() as f64 + 0.5)
                    .x_axis_label(tr(lang, "第几次练习", "run"))
                    .show(ui, |p| {
                        for pr in &series {
                            let pts: Vec<[f64; 2]> =
                                pr.points.iter().map(|(i, s)| [(*i + 1) as f64, *s as f64]).collect();
                            let name = pr.principle.label().get(lang).to_string();
                            let colour = ui::principle_colour(pr.principle);
                            p.line(
                                Line::new(name.clone(), PlotPoints::from(pts.clone()))
                                    .width(2.0)
                                    .color(colour),
                            );
                            p.points(Points::new(name, pts).radius(4.0).color(colour));
                        }
                    });
                // The key sits under the plot: egui_plot's legend is drawn inside it and, with nine
                // principles, covered a third of the data.
                ui.horizontal_wrapped(|ui| {
                    for pr in &series {
                        let colour = ui::principle_colour(pr.principle);
                        ui.label(RichText::new("●").color(colour));
                        ui.label(RichText::new(pr.principle.label().get(lang)).small());
                        ui.add_space(6.0);
                    }
                });
            });
            ui::card().show(&mut cols[1], |ui| {
                ui.label(RichText::new(tr(lang, "每次练习", "Every run")).strong());
                egui::ScrollArea::vertical().max_height(330.0).show(ui, |ui| {
                    egui::Grid::new("runs").striped(true).show(ui, |ui| {
                        for r in db.runs.iter().rev() {
                            ui.label(crate::workshop::csv::utc(r.finished_at));
                            let title = catalog
                                .find(&r.scenario)
                                .map_or(r.scenario.clone(), |s| s.title.get(lang).to_string());
                            ui.label(title);
                            ui.label(
                                RichText::new(format!("{:.1}", r.total))
                                    .color(ui::score_colour(r.total))
                                    .strong(),
                            );
                            ui.end_row();
                        }
                    });
                });
            });
        });
    });
    if back {
        next.set(Screen::Title);
    }
    Ok(())
}
