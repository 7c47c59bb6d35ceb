//! The debrief: the total, the comparison with the player's previous best, the satisfaction curve
//! with its peak and end marked, per-principle bars with their explanation and feedback, and the
//! turn-by-turn review with the turns that cost points framed. "Try again" meets the customer
//! afresh; "same customer again" replays the same customer (same seed), so the same choices bring
//! the same reactions. The seed itself only appears under "advanced". It also shows a past run
//! opened from the history (`Reviewing`).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};
use egui_plot::{Line, MarkerShape, PlotPoints, Points, Text as PlotText};

use crate::engine::Lang;
use crate::engine::report::Debrief;
use crate::engine::scoring::peak_moment;

use crate::game::Screen;
use crate::game::data::Settings;
use crate::game::session::Session;
use crate::game::text;
use crate::game::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.init_resource::<Reviewing>()
        .init_resource::<ScrollReset>()
        .add_systems(OnEnter(Screen::Debrief), |mut r: ResMut<ScrollReset>| r.0 = true)
        .add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Debrief)));
}

/// A past run opened from the history: when it was played, and its recorded total when the
/// engine's replay gives another one today (the scenario or the weights changed since).
#[derive(Clone, Debug)]
pub struct Past {
    pub finished_at: i64,
    pub recorded_total: Option<f32>,
}

/// Set while the debrief shows a past run; the way back then leads to the history.
#[derive(Resource, Default)]
pub struct Reviewing(pub Option<Past>);

/// The debrief opens at the top (the total), after a retry too: set on entering the screen.
#[derive(Resource, Default)]
pub struct ScrollReset(pub bool);

/// Everything the debrief draws.
pub struct View<'a> {
    pub lang: Lang,
    pub title: &'a str,
    pub d: &'a Debrief,
    pub previous_best: Option<f32>,
    pub saved: &'a Result<i64, String>,
    pub late: &'a [usize],
    /// A workshop team's run: (team, round).
    pub team: Option<(&'a str, usize)>,
    pub past: Option<&'a Past>,
}

/// Where the parts that must not collide were drawn (for the layout tests).
#[derive(Debug)]
pub struct Measured {
    pub title: egui::Rect,
    pub buttons: Vec<egui::Rect>,
    pub total: egui::Rect,
    /// The visible part of the scrolled body.
    pub body: egui::Rect,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    Retry { same_customer: bool },
    Picker,
    Menu,
    Workshop,
    History,
}

fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut session: ResMut<Session>,
    mut reviewing: ResMut<Reviewing>,
    mut reset: ResMut<ScrollReset>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    let Some(fin) = session.result.as_ref() else {
        next.set(Screen::Picker);
        return Ok(());
    };
    let title = session
        .scenario
        .as_ref()
        .map_or(String::new(), |s| s.title.get(lang).to_string());
    let view = View {
        lang,
        title: &title,
        d: &fin.debrief,
        previous_best: fin.previous_best,
        saved: &fin.saved,
        late: &session.late,
        team: session.team.as_ref().map(|t| (t.name.as_str(), t.round)),
        past: reviewing.0.as_ref(),
    };
    let (action, _) = show(ctx, &view, std::mem::take(&mut reset.0));
    match action {
        Some(Action::Retry { same_customer }) => {
            let sc = session.scenario.clone().expect("a debrief has a scenario");
            let seed = same_customer.then_some(session.seed);
            session.start(&sc, seed);
            reviewing.0 = None;
            next.set(Screen::Play);
        }
        Some(Action::Picker) => {
            reviewing.0 = None;
            next.set(Screen::Picker);
        }
        Some(Action::Menu) => next.set(Screen::Title),
        Some(Action::History) => {
            reviewing.0 = None;
            next.set(Screen::History);
        }
        Some(Action::Workshop) => {
            session.team = None;
            next.set(Screen::Workshop);
        }
        None => {}
    }
    Ok(())
}

/// Draws the debrief; `reset_scroll` puts the body back at the top.
pub fn show(ctx: &egui::Context, v: &View, reset_scroll: bool) -> (Option<Action>, Measured) {
    let lang = v.lang;
    let mut action = None;
    let mut m = Measured {
        title: egui::Rect::NOTHING,
        buttons: Vec::new(),
        total: egui::Rect::NOTHING,
        body: egui::Rect::NOTHING,
    };
    let mut root = ui::root(ctx);
    egui::Panel::top("debrief_top").show(&mut root, |ui| {
        // The title has its own line and the buttons the next: a long English title and the
        // buttons used to share one row and run into each other.
        m.title = ui
            .add(egui::Label::new(RichText::new(format!("{} · {}", tr(lang, "复盘", "Debrief"), v.title)).heading()).wrap())
            .rect;
        if let Some(p) = v.past {
            ui.label(
                RichText::new(format!(
                    "{}{}",
                    tr(lang, "之前的一次练习：", "A past run: "),
                    crate::workshop::csv::utc(p.finished_at)
                ))
                .color(ui::MUTED),
            );
        }
        ui.horizontal_wrapped(|ui| {
            let mut button = |ui: &mut egui::Ui, text: String, tip: Option<&str>, a: Action| {
                let mut r = ui.button(text);
                if let Some(t) = tip {
                    r = r.on_hover_text(t);
                }
                m.buttons.push(r.rect);
                if r.clicked() {
                    action = Some(a);
                }
            };
            if let Some((team, round)) = v.team {
                // A workshop run counts as played; redoing it needs the trainer's recorded reason
                // (terminal: `workshop redo`), so there is no retry here.
                ui.label(RichText::new(format!("{team} · {} {round}", tr(lang, "轮次", "round"))).strong());
                button(
                    ui,
                    format!("Esc  {}", tr(lang, "回到工作坊", "Back to the workshop")),
                    None,
                    Action::Workshop,
                );
                return;
            }
            button(
                ui,
                format!("R  {}", tr(lang, "再练一次", "Try again")),
                Some(tr(
                    lang,
                    "客户的反应会和这次有些不同。",
                    "The customer will react a little differently this time.",
                )),
                Action::Retry { same_customer: false },
            );
            button(
                ui,
                format!("S  {}", tr(lang, "同一位客户再来", "Same customer again")),
                Some(tr(
                    lang,
                    "客户和这次一模一样：同样的回答得到同样的反应，只改你想改的那一步。",
                    "The very same customer: the same answers get the same reactions, so you can change just the step you want.",
                )),
                Action::Retry { same_customer: true },
            );
            button(ui, format!("P  {}", tr(lang, "换个场景", "Another scenario")), None, Action::Picker);
            if v.past.is_some() {
                button(
                    ui,
                    format!("Esc  {}", tr(lang, "返回练习记录", "Back to the history")),
                    None,
                    Action::History,
                );
            } else {
                button(ui, format!("Esc  {}", tr(lang, "主菜单", "Main menu")), None, Action::Menu);
            }
        });
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        let mut area = egui::ScrollArea::vertical().id_salt("debrief_scroll");
        if reset_scroll {
            area = area.vertical_scroll_offset(0.0);
        }
        area.show(ui, |ui| {
            m.body = ui.clip_rect();
            ui.columns(2, |cols| {
                m.total = summary(&mut cols[0], v);
                curve(&mut cols[1], lang, v.d);
            });
            ui.add_space(8.0);
            ui.columns(2, |cols| {
                principles(&mut cols[0], lang, v.d);
                review(&mut cols[1], lang, v.d);
            });
        });
        let keys: Vec<(Key, Action)> = if v.team.is_some() {
            vec![(Key::Escape, Action::Workshop)]
        } else {
            let esc = if v.past.is_some() {
                Action::History
            } else {
                Action::Menu
            };
            vec![
                (Key::R, Action::Retry { same_customer: false }),
                (Key::S, Action::Retry { same_customer: true }),
                (Key::P, Action::Picker),
                (Key::Escape, esc),
            ]
        };
        for (key, a) in keys {
            if ui::pressed(ui, key) {
                action = Some(a);
            }
        }
    });
    (action, m)
}

/// The total and what it compares with; returns where the total was drawn.
fn summary(ui: &mut egui::Ui, v: &View) -> egui::Rect {
    let (lang, d, best, saved, late) = (v.lang, v.d, v.previous_best, v.saved, v.late);
    let mut total_rect = egui::Rect::NOTHING;
    ui::card().show(ui, |ui| {
        ui.horizontal(|ui| {
            total_rect = ui
                .label(
                    RichText::new(format!("{:.1}", d.total))
                        .size(56.0)
                        .strong()
                        .color(ui::score_colour(d.total)),
                )
                .rect;
            ui.vertical(|ui| {
                ui.label(
                    RichText::new(ui::outcome_name(lang, d.ending.outcome))
                        .size(22.0)
                        .strong(),
                );
                text::para(ui, d.ending.text.get(lang), egui::TextStyle::Body, None);
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
                    ui.label(RichText::new(format!("{}{e}", tr(lang, "本次未保存：", "Not saved: "))).color(ui::BAD));
                }
                if let Some(recorded) = v.past.and_then(|p| p.recorded_total) {
                    ui.label(
                        RichText::new(format!(
                            "{} {recorded:.1}{}",
                            tr(
                                lang,
                                "场景或评分改过：当时记录的总分是",
                                "The scenario or the scoring changed: the recorded total was"
                            ),
                            tr(
                                lang,
                                "，这里是按现在的规则重算的。",
                                "; this is the run rescored under today's rules."
                            ),
                        ))
                        .color(ui::WARN),
                    );
                }
                // For reproducing a run exactly (and for trainers): out of the trainee's way.
                egui::CollapsingHeader::new(RichText::new(tr(lang, "高级", "Advanced")).small().color(ui::MUTED))
                    .id_salt("debrief_advanced")
                    .default_open(false)
                    .show(ui, |ui| {
                        let choices: Vec<String> = d.choices.iter().map(|c| c.to_string()).collect();
                        ui.label(
                            RichText::new(format!(
                                "{}\nservice-arena play {} --seed {} --choices {}",
                                tr(lang, "在终端里重现这一局：", "Replay this run in a terminal:"),
                                d.scenario,
                                d.seed,
                                choices.join(",")
                            ))
                            .small()
                            .color(ui::MUTED),
                        );
                    });
            });
        });
    });
    total_rect
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
            text::para(ui, p.explanation.get(lang), egui::TextStyle::Small, Some(ui::MUTED));
            for f in &p.feedback {
                text::para(ui, &format!("• {}", f.get(lang)), egui::TextStyle::Small, None);
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
                "逐回合回顾（红框：丢分最多的回合）",
                "Turn by turn (red frames: the turns that cost the most)",
            ))
            .strong(),
        );
        // The engine's sentence: which turns cost points, or that none did.
        let colour = if d.costliest.is_empty() { ui::GOOD } else { ui::BAD };
        text::para(ui, d.costliest_summary.get(lang), egui::TextStyle::Body, Some(colour));
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
                text::para(ui, t.customer.get(lang), egui::TextStyle::Body, Some(ui::MUTED));
                text::para(ui, &format!("→ {}", t.response.get(lang)), egui::TextStyle::Body, None);
                if let Some(n) = &t.note {
                    let tip = format!("{} {}", tr(lang, "要点：", "Tip:"), n.get(lang));
                    text::para(
                        ui,
                        &tip,
                        egui::TextStyle::Small,
                        Some(egui::Color32::from_rgb(60, 90, 140)),
                    );
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Scorer;
    use crate::engine::ScoringConfig;
    use crate::engine::sim::Sim;

    /// The shipped scenario with the longest English title, played with the first option each turn.
    fn longest() -> (std::sync::Arc<crate::engine::Compiled>, Debrief) {
        let sc = ui::shipped().into_iter().max_by_key(|s| s.title.en.len()).unwrap();
        let mut sim = Sim::new(&sc, 1);
        while !sim.finished() {
            sim.choose(0).unwrap();
        }
        let run = sim.into_run();
        let score = Scorer::new(&sc, &ScoringConfig::default()).score(&run);
        let d = crate::engine::report::debrief(&sc, &ScoringConfig::default(), &run, &score);
        (sc, d)
    }

    fn view<'a>(lang: Lang, title: &'a str, d: &'a Debrief, saved: &'a Result<i64, String>) -> View<'a> {
        View {
            lang,
            title,
            d,
            previous_best: Some(50.0),
            saved,
            late: &[],
            team: None,
            past: None,
        }
    }

    #[test]
    fn the_title_and_the_buttons_never_overlap_and_the_buttons_fit_the_window() {
        let (sc, d) = longest();
        let saved = Ok(1);
        let size = egui::vec2(1280.0, 720.0);
        for (lang, scale) in ui::LAYOUTS {
            let ctx = ui::test_context(scale);
            let v = view(lang, sc.title.get(lang), &d, &saved);
            let mut m = None;
            for _ in 0..3 {
                ui::pass(&ctx, size, vec![], |ctx| m = Some(show(ctx, &v, true).1));
            }
            let m = m.unwrap();
            assert_eq!(m.buttons.len(), 4);
            for b in &m.buttons {
                assert!(
                    !b.intersects(m.title),
                    "{lang:?} {scale}: button {b:?} over the title {:?}",
                    m.title
                );
                assert!(
                    b.right() <= size.x && b.bottom() <= size.y,
                    "{lang:?} {scale}: button {b:?} off the window"
                );
            }
            assert!(
                m.body.contains_rect(m.total),
                "{lang:?} {scale}: total {:?} not in view {:?}",
                m.total,
                m.body
            );
        }
    }

    #[test]
    fn the_debrief_opens_at_the_top_even_when_it_was_left_scrolled_down() {
        let (sc, d) = longest();
        let saved = Ok(1);
        let size = egui::vec2(1280.0, 720.0);
        let ctx = ui::test_context(1.6);
        let v = view(Lang::En, sc.title.get(Lang::En), &d, &saved);
        let mut m = None;
        for _ in 0..2 {
            ui::pass(&ctx, size, vec![], |ctx| m = Some(show(ctx, &v, false).1));
        }
        // Scroll the body down with the wheel, as a player reading the review does.
        let wheel = vec![
            egui::Event::PointerMoved(egui::pos2(640.0, 500.0)),
            egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -3000.0),
                modifiers: egui::Modifiers::default(),
                phase: egui::TouchPhase::Move,
            },
        ];
        ui::pass(&ctx, size, wheel, |ctx| m = Some(show(ctx, &v, false).1));
        for _ in 0..30 {
            ui::pass(&ctx, size, vec![], |ctx| m = Some(show(ctx, &v, false).1));
        }
        let scrolled = m.take().unwrap();
        assert!(
            !scrolled.body.contains_rect(scrolled.total),
            "the wheel did not scroll: the test would prove nothing"
        );
        // Entering the screen again (a retry, or another run) asks for the top.
        ui::pass(&ctx, size, vec![], |ctx| m = Some(show(ctx, &v, true).1));
        ui::pass(&ctx, size, vec![], |ctx| m = Some(show(ctx, &v, false).1));
        let back = m.unwrap();
        assert!(
            back.body.contains_rect(back.total),
            "total {:?} not in view {:?}",
            back.total,
            back.body
        );
    }
}
