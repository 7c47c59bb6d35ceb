//! The debrief: the total, the comparison with the player's previous best, the satisfaction curve
//! with its peak and end marked, per-principle bars with their explanation and feedback, and the
//! turn-by-turn review with the costliest turns highlighted. Retry with a new seed or the same one.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};
use egui_plot::{Line, MarkerShape, PlotPoints, Points, Text as PlotText};

use crate::engine::Lang;
use crate::engine::report::Debrief;
use crate::engine::scoring::peak_moment;

use super::Screen;
use super::data::Settings;
use super::play::Session;
use super::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Debrief)));
}

fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut session: ResMut<Session>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    let Some(fin) = session.result.as_ref() else {
        next.set(Screen::Picker);
        return Ok(());
    };
    let d = &fin.debrief;
    let mut action = None;
    let mut root = ui::root(ctx);
    egui::Panel::top("debrief_top").show(&mut root, |ui| {
        let title = session
            .scenario
            .as_ref()
            .map_or(String::new(), |s| s.title.get(lang).to_string());
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{} · {title}", tr(lang, "复盘", "Debrief"))).heading());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(t) = &session.team {
                    // A workshop run counts as played; redoing it needs the trainer's recorded reason
                    // (terminal: `workshop redo`), so there is no retry here.
                    ui.label(RichText::new(format!("{} · {} {}", t.name, tr(lang, "轮次", "round"), t.round)).strong());
                    if ui
                        .button(format!("Esc  {}", tr(lang, "回到工作坊", "Back to the workshop")))
                        .clicked()
                    {
                        action = Some(Action::Workshop);
                    }
                    return;
                }
                if ui.button(format!("Esc  {}", tr(lang, "主菜单", "Main menu"))).clicked() {
                    action = Some(Action::Menu);
                }
                if ui
                    .button(format!("P  {}", tr(lang, "换个场景", "Another scenario")))
                    .clicked()
                {
                    action = Some(Action::Picker);
                }
                if ui
                    .button(format!("S  {}", tr(lang, "同一种子重来", "Retry, same seed")))
                    .clicked()
                {
                    action = Some(Action::Retry { same_seed: true });
                }
                if ui
                    .button(format!("R  {}", tr(lang, "再来一次（新种子）", "Retry (new seed)")))
                    .clicked()
                {
                    action = Some(Action::Retry { same_seed: false });
                }
            });
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().id_salt("debrief_scroll").show(ui, |ui| {
            ui.columns(2, |cols| {
                summary(&mut cols[0], lang, d, fin.previous_best, &fin.saved, &session.late);
                curve(&mut cols[1], lang, d);
            });
            ui.add_space(8.0);
            ui.columns(2, |cols| {
                principles(&mut cols[0], lang, d);
                review(&mut cols[1], lang, d);
            });
        });
        let keys: &[(Key, Action)] = if session.team.is_some() {
            &[(Key::Escape, Action::Workshop)]
        } else {
            &[
                (Key::R, Action::Retry { same_seed: false }),
                (Key::S, Action::Retry { same_seed: true }),
                (Key::P, Action::Picker),
                (Key::Escape, Action::Menu),
            ]
        };
        for &(key, a) in keys {
            if ui::pressed(ui, key) {
                action = Some(a);
            }
        }
    });
    match action {
        Some(Action::Retry { same_seed }) => {
            let sc = session.scenario.clone().expect("a debrief has a scenario");
            let seed = same_seed.then_some(session.seed);
            session.start(&sc, seed);
            next.set(Screen::Play);
        }
        Some(Action::Picker) => next.set(Screen::Picker),
        Some(Action::Menu) => next.set(Screen::Title),
        Some(Action::Workshop) => {
            session.team = None;
            next.set(Screen::Workshop);
        }
        None => {}
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Action {
    Retry { same_seed: bool },
    Picker,
    Menu,
    Workshop,
}

fn summary(ui: &mut egui::Ui, lang: Lang, d: &Debrief, best: Option<f32>, saved: &Result<i64, String>, late: &[usize]) {
    ui::card().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("{:.1}", d.total))
                    .size(56.0)
                    .strong()
                    .color(ui::score_colour(d.total)),
            );
            ui.vertical(|ui| {
                ui.label(
                    RichText::new(ui::outcome_name(lang, d.ending.outcome))
                        .size(22.0)
                        .strong(),
                );
                ui.label(d.ending.text.get(lang));
                match best {
                    Some(b) => {
                        let diff = d.total - b;
                        let (arrow, col) = if diff > 0.05 {
                            ("▲", ui::GOOD)
                        } else if diff < -0.05 {
                            ("▼", ui::BAD)
                        } else {
                            ("=", ui::MUTED)
                        };
                        ui.label(
                            RichText::new(format!(
                                "{} {b:.1} → {:.1}  {arrow} {:+.1}",
                                tr(lang, "之前最佳", "Previous best"),
                                d.total,
                                diff
                            ))
                            .color(col),
                        );
                    }
                    None => {
                        ui.label(
                            RichText::new(tr(lang, "第一次练这个场景。", "First time on this scenario."))
                                .color(ui::MUTED),
                        );
                    }
                }
                if d.failed_call {
                    ui.label(
                        RichText::new(tr(
                            lang,
                            "这通电话没有留住客户：总分封顶。",
                            "The call failed — the customer was lost or escalated: the total is capped.",
                        ))
                        .color(ui::BAD),
                    );
                }
                if let Some(t) = d.capped_at_turn {
                    ui.label(
                        RichText::new(format!(
                            "{} {t} {}",
                            tr(lang, "第", "Turn"),
                            tr(
                                lang,
                                "回合和客户争辩或指责客户：总分封顶。",
                                "argued with or blamed the customer: the total is capped."
                            )
                        ))
                        .color(ui::BAD),
                    );
                }
                if !late.is_empty() {
                    let turns: Vec<String> = late.iter().map(|t| t.to_string()).collect();
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            tr(lang, "超时决定的回合：", "Decided after the timer:"),
                            turns.join(", ")
                        ))
                        .color(ui::WARN),
                    );
                }
                if let Err(e) = saved {
                    ui.label(RichText::new(format!("{} {e}", tr(lang, "本次未保存：", "Not saved:"))).color(ui::BAD));
                }
                ui.label(
                    RichText::new(format!(
                        "seed {} · {} {:?}",
                        d.seed,
                        tr(lang, "选择", "choices"),
                        d.choices
                    ))
                    .small()
                    .color(ui::MUTED),
                );
            });
        });
    });
}

/// Satisfaction after each turn (0 = start, last = after the ending), peak and end marked.
fn curve(ui: &mut egui::Ui, lang: Lang, d: &Debrief) {
    let mut pts: Vec<[f64; 2]> = vec![[0.0, d.start.satisfaction as f64]];
    pts.extend(d.turns.iter().map(|t| [t.turn as f64, t.after.satisfaction as f64]));
    let end = [(d.turns.len() + 1) as f64, d.final_mood.satisfaction as f64];
    pts.push(end);
    let (peak_turn, peak_value) = peak_moment(d.turns.iter().map(|t| t.after.satisfaction), d.final_mood.satisfaction);
    let peak = [peak_turn as f64, peak_value as f64];
    ui::card().show(ui, |ui| {
        ui.label(RichText::new(tr(lang, "满意度曲线", "Satisfaction over the call")).strong());
        ui::score_plot("satisfaction", 230.0)
            .x_axis_label(tr(
                lang,
                "回合（最后一点为结束时）",
                "turn (the last point is the ending)",
            ))
            .show(ui, |p| {
                p.line(Line::new(tr(lang, "满意度", "satisfaction"), PlotPoints::from(pts.clone())).width(3.0));
                p.points(
                    Points::new(tr(lang, "峰值", "peak"), vec![peak])
                        .shape(MarkerShape::Diamond)
                        .radius(8.0)
                        .color(ui::WARN),
                );
                p.points(
                    Points::new(tr(lang, "结尾", "end"), vec![end])
                        .shape(MarkerShape::Square)
                        .radius(8.0)
                        .color(ui::ACCENT),
                );
                // Labels go above the higher of the two points and below the lower, so they do not
                // cover each other when the peak is the low at the end of a call gone wrong; the end
                // is the last point, so its label ends there instead of running off the plot.
                if peak == end {
                    p.text(
                        PlotText::new(
                            "peak_end_label",
                            [end[0], end[1] + 7.0].into(),
                            tr(lang, "峰值 · 结尾", "peak · end"),
                        )
                        .anchor(egui::Align2::RIGHT_CENTER),
                    );
                } else {
                    let up = if peak[1] >= end[1] { 7.0 } else { -7.0 };
                    p.text(PlotText::new(
                        "peak_label",
                        [peak[0], peak[1] + up].into(),
                        tr(lang, "峰值", "peak"),
                    ));
                    p.text(
                        PlotText::new("end_label", [end[0], end[1] - up].into(), tr(lang, "结尾", "end"))
                            .anchor(egui::Align2::RIGHT_CENTER),
                    );
                }
            });
    });
}

fn principles(ui: &mut egui::Ui, lang: Lang, d: &Debrief) {
    ui::card().show(ui, |ui| {
        ui.label(RichText::new(tr(lang, "各项原则", "Principle by principle")).strong());
        for p in &d.principles {
            ui::meter(ui, p.label.get(lang), p.score, ui::score_colour(p.score));
            ui.label(RichText::new(p.explanation.get(lang)).small().color(ui::MUTED));
            for f in &p.feedback {
                ui.label(RichText::new(format!("• {}", f.get(lang))).small());
            }
            ui.add_space(4.0);
        }
    });
}

fn review(ui: &mut egui::Ui, lang: Lang, d: &Debrief) {
    ui::card().show(ui, |ui| {
        ui.label(
            RichText::new(tr(
                lang,
                "逐回合回顾（红框为代价最大的回合）",
                "Turn by turn (red frames: the costliest turns)",
            ))
            .strong(),
        );
        ui.label(
            RichText::new(d.costliest_summary.get(lang)).color(if d.costliest.is_empty() { ui::GOOD } else { ui::BAD }),
        );
        for t in &d.turns {
            let costly = d.costliest.contains(&t.turn);
            let frame = if costly {
                egui::Frame::new()
                    .stroke(egui::Stroke::new(2.0, ui::BAD))
                    .inner_margin(8)
                    .corner_radius(8)
            } else {
                egui::Frame::new().inner_margin(8)
            };
            frame.show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!("{} {}", tr(lang, "回合", "Turn"), t.turn)).strong());
                    let col = if t.delta < 0.0 { ui::BAD } else { ui::GOOD };
                    ui.label(
                        RichText::new(format!("{} {:+.1}", tr(lang, "满意度", "satisfaction"), t.delta)).color(col),
                    );
                    ui.label(RichText::new(ui::colour_name(lang, t.colour)).color(ui::colour_of(t.colour)));
                    if t.events.flipped {
                        ui.label(RichText::new(tr(lang, "客户突然变红", "the customer flipped to red")).color(ui::BAD));
                    }
                    if t.events.late_news {
                        ui.label(RichText::new(tr(lang, "坏消息说晚了", "bad news came late")).color(ui::WARN));
                    }
                    if costly {
                        let cost = t.cost.unwrap_or(0.0);
                        ui.label(
                            RichText::new(format!("{} −{cost:.1}", tr(lang, "丢分", "cost")))
                                .color(ui::BAD)
                                .strong(),
                        );
                    }
                });
                ui.label(RichText::new(t.customer.get(lang)).color(ui::MUTED));
                ui.label(format!("→ {}", t.response.get(lang)));
                if let Some(n) = &t.note {
                    ui.label(
                        RichText::new(format!("{} {}", tr(lang, "要点：", "Tip:"), n.get(lang)))
                            .small()
                            .color(egui::Color32::from_rgb(60, 90, 140)),
                    );
                }
            });
        }
    });
}
