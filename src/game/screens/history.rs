//! Practice history and progress. For one person: the recommended next scenario (the one that
//! trains the weakest principle), a chart of the total and of the weakest principle over the runs,
//! and every run, each of which opens its debrief again (scenario + seed + choices replayed through
//! the engine). Also an overview of everyone who practised on this machine, and a way to practise
//! as one of them. Everything is read from the store when the screen opens or the person viewed
//! changes, never while drawing; the numbers come from `crate::practice`.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};
use egui_plot::{HLine, Line, PlotPoints, Points};

use crate::engine::Lang;
use crate::practice::{self, PersonSummary, Progress, Recommendation};
use crate::store::PracticeRun;

use crate::game::Screen;
use crate::game::data::{Catalog, Db, Settings};
use crate::game::debrief::{Past, Reviewing};
use crate::game::session::{Finished, Session};
use crate::game::text;
use crate::game::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.init_resource::<History>()
        .add_systems(OnEnter(Screen::History), open)
        .add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::History)));
}

/// Whose practice is shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Viewing {
    Everyone,
    Person(String),
}

/// What the screen shows, loaded from the store when it opens or the person changes.
#[derive(Resource)]
pub struct History {
    pub viewing: Viewing,
    pub players: Vec<String>,
    pub everyone: Vec<PersonSummary>,
    /// The viewed person's runs, oldest first.
    pub runs: Vec<PracticeRun>,
    pub weakest: Option<Progress>,
    pub recommendation: Option<Recommendation>,
    pub error: Option<String>,
    /// Why the last run clicked could not be opened.
    pub replay_error: Option<crate::engine::Text>,
}

impl Default for History {
    fn default() -> Self {
        History {
            viewing: Viewing::Everyone,
            players: Vec::new(),
            everyone: Vec::new(),
            runs: Vec::new(),
            weakest: None,
            recommendation: None,
            error: None,
            replay_error: None,
        }
    }
}

impl History {
    /// Reads the players, everyone's summaries and the viewed person's runs from the store.
    pub fn load(&mut self, db: &Db, catalog: &Catalog) {
        self.error = db.error.clone();
        self.replay_error = None;
        let Some(store) = &db.store else { return };
        let store = store.lock().expect("store lock");
        let mut everyone = Vec::new();
        let players = match store.players() {
            Ok(p) => p,
            Err(e) => {
                self.error = Some(e.to_string());
                Vec::new()
            }
        };
        for p in &players {
            match store.practice_runs(p) {
                Ok(runs) => {
                    if let Viewing::Person(who) = &self.viewing
                        && who == p
                    {
                        self.runs = runs.clone();
                    }
                    everyone.extend(practice::summary(p, &runs));
                }
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        if let Viewing::Person(who) = &self.viewing
            && !players.contains(who)
        {
            self.runs.clear();
        }
        // Most recently active first.
        everyone.sort_by(|a, b| b.last_at.cmp(&a.last_at).then(a.player.cmp(&b.player)));
        self.players = players;
        self.everyone = everyone;
        self.weakest = practice::weakest(&self.runs);
        self.recommendation = practice::recommend(&self.runs, &catalog.scenarios, &catalog.cfg);
    }
}

fn open(mut h: ResMut<History>, db: Res<Db>, catalog: Res<Catalog>, settings: Res<Settings>) {
    h.viewing = Viewing::Person(settings.player());
    h.load(&db, &catalog);
}

/// What a click on the screen asks for.
enum Action {
    View(Viewing),
    PractiseAs(String),
    Start(String),
    Open(usize),
    Back,
}

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    catalog: Res<Catalog>,
    mut db: ResMut<Db>,
    mut h: ResMut<History>,
    mut session: ResMut<Session>,
    mut reviewing: ResMut<Reviewing>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let current = settings.player();
    let (action, _) = show(ctx, settings.lang(), &h, &catalog, &current);
    match action {
        Some(Action::View(v)) => {
            h.viewing = v;
            h.load(&db, &catalog);
        }
        Some(Action::PractiseAs(who)) => {
            settings.prefs.player = who.clone();
            settings.save();
            db.refresh(&who);
            h.load(&db, &catalog);
        }
        Some(Action::Start(id)) => {
            if let Some(sc) = catalog.find(&id) {
                session.start(&sc, None);
                next.set(Screen::Play);
            }
        }
        Some(Action::Open(i)) => {
            let record = h.runs[i].clone();
            match practice::replay(&record, &catalog.scenarios, &catalog.cfg) {
                Ok((sc, finished)) => {
                    let d = finished.debrief;
                    let recorded_total = ((d.total - record.total).abs() > 0.05).then_some(record.total);
                    let previous_best = practice::previous_best(&h.runs[..i], &record.scenario, None);
                    session.start(&sc, Some(record.seed));
                    session.choices = record.choices.iter().map(|c| c - 1).collect();
                    session.result = Some(Finished {
                        debrief: d,
                        previous_best,
                        saved: record.id.ok_or_else(|| "no id".to_string()),
                    });
                    reviewing.0 = Some(Past {
                        finished_at: record.finished_at,
                        recorded_total,
                    });
                    next.set(Screen::Debrief);
                }
                Err(e) => h.replay_error = Some(e.text()),
            }
        }
        Some(Action::Back) => next.set(Screen::Title),
        None => {}
    }
    Ok(())
}

/// Draws the screen; also returns the rectangle of the list of runs (layout tests).
fn show(
    ctx: &egui::Context,
    lang: Lang,
    h: &History,
    catalog: &Catalog,
    current: &str,
) -> (Option<Action>, egui::Rect) {
    let mut action = None;
    let mut runs_card = egui::Rect::NOTHING;
    let back = ui::page(
        ctx,
        lang,
        tr(lang, "练习记录与进步", "History and progress"),
        |ui| {
            ui::aligned_row(ui, |ui| {
                ui.label(tr(lang, "查看", "Showing"));
                let everyone = tr(lang, "所有练习者（总览）", "Everyone (overview)");
                let selected = match &h.viewing {
                    Viewing::Everyone => everyone.to_string(),
                    Viewing::Person(p) => p.clone(),
                };
                egui::ComboBox::from_id_salt("h_who")
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(h.viewing == Viewing::Everyone, everyone).clicked() {
                            action = Some(Action::View(Viewing::Everyone));
                        }
                        let mut names = h.players.clone();
                        if !names.iter().any(|n| n == current) {
                            names.insert(0, current.to_string());
                        }
                        for p in names {
                            let v = Viewing::Person(p.clone());
                            let label = if p == current {
                                format!("{p}{}", tr(lang, "（当前练习者）", " (practising now)"))
                            } else {
                                p.clone()
                            };
                            if ui.selectable_label(h.viewing == v, label).clicked() {
                                action = Some(Action::View(v));
                            }
                        }
                    });
                if let Viewing::Person(p) = &h.viewing
                    && p != current
                    && ui
                        .button(format!(
                            "{}「{p}」{}",
                            tr(lang, "以", "Practise as "),
                            tr(lang, "的身份练习", "")
                        ))
                        .clicked()
                {
                    action = Some(Action::PractiseAs(p.clone()));
                }
            });
            for e in [&h.error].into_iter().flatten() {
                ui.label(
                    RichText::new(format!(
                        "{} {e}",
                        tr(lang, "练习记录不可用：", "Practice history is unavailable:")
                    ))
                    .color(ui::BAD),
                );
            }
            if let Some(e) = &h.replay_error {
                text::para(ui, e.get(lang), egui::TextStyle::Body, Some(ui::BAD));
            }
            ui.add_space(4.0);
            match &h.viewing {
                Viewing::Everyone => overview(ui, lang, h, &mut action),
                Viewing::Person(p) => runs_card = person(ui, lang, h, catalog, p == current, &mut action),
            }
        },
    );
    if back {
        action = Some(Action::Back);
    }
    (action, runs_card)
}

fn overview(ui: &mut egui::Ui, lang: Lang, h: &History, action: &mut Option<Action>) {
    ui::card().show(ui, |ui| {
        ui.label(
            RichText::new(tr(
                lang,
                "在这台电脑上练习过的人",
                "Everyone who practised on this computer",
            ))
            .strong(),
        );
        if h.everyone.is_empty() {
            text::para(
                ui,
                tr(lang, "还没有人完成过练习。", "Nobody has finished a run yet."),
                egui::TextStyle::Body,
                None,
            );
            return;
        }
        egui::ScrollArea::vertical().id_salt("everyone").show(ui, |ui| {
            egui::Grid::new("everyone_grid")
                .striped(true)
                .spacing([18.0, 8.0])
                .show(ui, |ui| {
                    for head in [
                        tr(lang, "练习者", "Name"),
                        tr(lang, "次数", "Runs"),
                        tr(lang, "场景", "Scenarios"),
                        tr(lang, "最近一次", "Last run"),
                        tr(lang, "最近 5 次平均", "Last 5, mean"),
                        tr(lang, "最弱的原则", "Weakest principle"),
                    ] {
                        ui.label(RichText::new(head).color(ui::MUTED).small());
                    }
                    ui.end_row();
                    for s in &h.everyone {
                        if ui.link(&s.player).clicked() {
                            *action = Some(Action::View(Viewing::Person(s.player.clone())));
                        }
                        ui.label(s.runs.to_string());
                        ui.label(s.scenarios.to_string());
                        ui.label(short_time(s.last_at));
                        ui.label(
                            RichText::new(format!("{:.1}", s.recent_total))
                                .color(ui::score_colour(s.recent_total))
                                .strong(),
                        );
                        ui.label(
                            s.weakest
                                .map_or(String::new(), |(p, v)| format!("{} {v:.0}", p.label().get(lang))),
                        );
                        ui.end_row();
                    }
                });
        });
    });
}

/// "2026-11-23 11:34" (UTC, as the exports).
fn short_time(t: i64) -> String {
    let full = crate::workshop::csv::utc(t);
    full.get(..16).unwrap_or(&full).to_string()
}

fn person(
    ui: &mut egui::Ui,
    lang: Lang,
    h: &History,
    catalog: &Catalog,
    is_current: bool,
    action: &mut Option<Action>,
) -> egui::Rect {
    if is_current && let Some(rec) = &h.recommendation {
        ui::card().show(ui, |ui| {
            ui.label(RichText::new(tr(lang, "推荐下一个场景", "Recommended next")).strong());
            text::para(ui, rec.reason.get(lang), egui::TextStyle::Body, None);
            if let Some(sc) = catalog.find(&rec.scenario)
                && (ui::big_button(ui, "Enter", sc.title.get(lang), true).clicked() || ui::pressed(ui, Key::Enter))
            {
                *action = Some(Action::Start(sc.id.clone()));
            }
        });
        ui.add_space(6.0);
    }
    if h.runs.is_empty() {
        text::para(
            ui,
            tr(
                lang,
                "还没有完成的练习。练完一个场景，这里会出现成绩和进步曲线。",
                "No finished runs yet. Finish a scenario and your scores and progress appear here.",
            ),
            egui::TextStyle::Body,
            None,
        );
        return egui::Rect::NOTHING;
    }
    ui.columns(2, |cols| {
        chart(&mut cols[0], lang, h);
        ui::card()
            .show(&mut cols[1], |ui| {
                ui.label(
                    RichText::new(tr(
                        lang,
                        "每次练习（点一下看复盘）",
                        "Every run (click for its debrief)",
                    ))
                    .strong(),
                );
                egui::ScrollArea::vertical().id_salt("runs").show(ui, |ui| {
                    ui.with_layout(egui::Layout::top_down_justified(egui::Align::Min), |ui| {
                        for (i, r) in h.runs.iter().enumerate().rev() {
                            let title = catalog
                                .find(&r.scenario)
                                .map_or(r.scenario.clone(), |s| s.title.get(lang).to_string());
                            // Long English titles are cut with "…" instead of pushing the card off the window.
                            let b = egui::Button::selectable(false, format!("{}  {title}", short_time(r.finished_at)))
                                .truncate()
                                .right_text(
                                    RichText::new(format!("{:.1}", r.total))
                                        .color(ui::score_colour(r.total))
                                        .strong(),
                                );
                            let resp = ui.add(b).on_hover_text(&title);
                            if resp.clicked() {
                                *action = Some(Action::Open(i));
                            }
                        }
                    });
                });
            })
            .response
            .rect
    })
}

/// The total of every run, and the weakest principle wherever it was scored: two lines to read
/// instead of one per principle.
fn chart(ui: &mut egui::Ui, lang: Lang, h: &History) {
    ui::card().show(ui, |ui| {
        ui.label(RichText::new(tr(lang, "总分与最弱的原则", "Total and your weakest principle")).strong());
        let totals: Vec<[f64; 2]> = h
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| [(i + 1) as f64, r.total as f64])
            .collect();
        let weak_pts: Option<(String, egui::Color32, Vec<[f64; 2]>)> = h.weakest.as_ref().map(|w| {
            (
                w.principle.label().get(lang).to_string(),
                ui::principle_colour(w.principle),
                w.points.iter().map(|(i, s)| [(*i + 1) as f64, *s as f64]).collect(),
            )
        });
        let total_name = tr(lang, "总分", "total");
        ui::score_plot("progress", 250.0)
            .include_x(0.5)
            .include_x(h.runs.len() as f64 + 0.5)
            .x_axis_label(tr(lang, "第几次练习", "run"))
            .show(ui, |p| {
                p.hline(
                    HLine::new(tr(lang, "及格线 80", "pass mark 80"), 80.0)
                        .color(ui::GOOD)
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
                p.line(
                    Line::new(total_name, PlotPoints::from(totals.clone()))
                        .width(3.0)
                        .color(ui::ACCENT),
                );
                p.points(Points::new(total_name, totals.clone()).radius(5.0).color(ui::ACCENT));
                if let Some((name, colour, pts)) = &weak_pts {
                    p.line(
                        Line::new(name.clone(), PlotPoints::from(pts.clone()))
                            .width(2.0)
                            .color(*colour),
                    );
                    p.points(Points::new(name.clone(), pts.clone()).radius(4.0).color(*colour));
                }
            });
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("●").color(ui::ACCENT));
            ui.label(RichText::new(total_name).small());
            if let (Some((name, colour, _)), Some(w)) = (&weak_pts, &h.weakest) {
                ui.add_space(6.0);
                ui.label(RichText::new("●").color(*colour));
                ui.label(
                    RichText::new(
                        format!(
                            "{}{name}{}{:.0}",
                            tr(lang, "最弱：", "weakest: "),
                            tr(lang, "（最近平均 ", " (recent mean "),
                            w.recent
                        ) + tr(lang, "）", ")"),
                    )
                    .small(),
                );
            }
            ui.add_space(6.0);
            ui.label(RichText::new("- -").color(ui::GOOD));
            ui.label(RichText::new(tr(lang, "及格线 80", "pass mark 80")).small());
        });
    });
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::engine::ScoringConfig;

    #[test]
    fn the_list_of_runs_stays_inside_the_window_with_the_longest_titles() {
        let scenarios = ui::shipped();
        let catalog = Catalog {
            scenarios: scenarios.clone(),
            problems: Vec::new(),
            cfg: ScoringConfig::default(),
            trains: Arc::default(),
        };
        let mut by_title = scenarios.clone();
        by_title.sort_by_key(|s| std::cmp::Reverse(s.title.en.len()));
        let runs: Vec<PracticeRun> = by_title
            .iter()
            .take(6)
            .enumerate()
            .map(|(i, s)| PracticeRun {
                id: Some(i as i64 + 1),
                player: "p".into(),
                scenario: s.id.clone(),
                seed: 1,
                choices: vec![1],
                total: 55.5,
                principles: vec![(crate::engine::Principle::PeakEnd, 40.0 + i as f32)],
                outcome: None,
                finished_at: 1_700_000_000 + i as i64 * 60,
            })
            .collect();
        let h = History {
            viewing: Viewing::Person("p".into()),
            players: vec!["p".into()],
            weakest: practice::weakest(&runs),
            recommendation: practice::recommend(&runs, &scenarios, &catalog.cfg),
            runs,
            ..History::default()
        };
        let size = egui::vec2(1280.0, 720.0);
        for (lang, scale) in ui::LAYOUTS {
            let ctx = ui::test_context(scale);
            let mut card = egui::Rect::NOTHING;
            for _ in 0..3 {
                ui::pass(&ctx, size, vec![], |ctx| card = show(ctx, lang, &h, &catalog, "p").1);
            }
            assert!(card.is_positive(), "{lang:?} {scale}: no list drawn");
            assert!(
                card.right() <= size.x,
                "{lang:?} {scale}: the list runs off to {}",
                card.right()
            );
        }
    }
}
