//! Workshop screens for the trainer's machine: choose a workshop (created with
//! `service-arena workshop new`), play the next team's turn in the current round (hot-seat: same
//! scenario, same seed for every team), and the projector view of a round's results in large type —
//! the full table, the podium, position changes, the highest-scoring and fastest-growing teams, the
//! rewards and penalties, every team's score across rounds, and the trainer's debrief (how the
//! room chose at each decision, its weakest principles).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};
use egui_plot::{Legend, Line, PlotPoints};

use crate::engine::compile::CNode;
use crate::engine::{Compiled, Lang};
use crate::workshop::rules::all_results;
use crate::workshop::rules::{RoundResults, Status, TeamState, round_complete};
use crate::workshop::{Setup, Workshop, status};

use crate::game::Screen;
use crate::game::data::{Catalog, Db, Settings};
use crate::game::room::RoomScreen;
use crate::game::session::{Session, TeamTurn};
use crate::game::ui::{self, tr};
use crate::game::workshop_form::{self, Form, FormAction};

pub fn plugin(app: &mut App) {
    app.init_resource::<Projector>()
        .init_resource::<Loaded>()
        .init_resource::<Actions>()
        .add_systems(OnEnter(Screen::Workshop), |mut l: ResMut<Loaded>| l.stale = true)
        .add_systems(Update, (apply, load).chain().run_if(in_state(Screen::Workshop)))
        .add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Workshop)));
}

/// What the screen shows, read from the store on entering it, after each trainer action, after
/// choosing another workshop and on "refresh" — never while drawing.
#[derive(Resource, Default)]
pub struct Loaded {
    pub list: Vec<(i64, String)>,
    pub workshop: Option<Result<Workshop, String>>,
    /// Read again before the next frame.
    pub stale: bool,
}

/// A trainer action chosen on the screen; [`apply`] writes it through the store (which checks the
/// workshop's rules inside its write transaction) outside the draw pass.
#[derive(Clone, Debug, PartialEq)]
pub enum TrainerAction {
    Pause(bool),
    Skip { round: usize, team: usize, name: String },
    Redo { round: usize, team: usize },
}

/// A new workshop from the form (already checked by the core's setup rules; the store checks them
/// again in its transaction) and its seeds (None = derived, as for a setup file).
#[derive(Clone, Debug, PartialEq)]
pub struct NewWorkshop(pub Box<Setup>, pub Vec<Option<u64>>);

fn load(mut loaded: ResMut<Loaded>, mut proj: ResMut<Projector>, db: Res<Db>) {
    if !loaded.stale {
        return;
    }
    loaded.stale = false;
    let Some(store) = &db.store else {
        loaded.list.clear();
        loaded.workshop = None;
        return;
    };
    let store = store.lock().expect("store lock");
    loaded.list = store
        .workshops()
        .map(|v| v.into_iter().map(|w| (w.id, w.name)).collect())
        .unwrap_or_default();
    if proj
        .workshop
        .is_none_or(|id| !loaded.list.iter().any(|(w, _)| *w == id))
    {
        proj.workshop = loaded.list.last().map(|(id, _)| *id);
    }
    loaded.workshop = proj.workshop.map(|id| store.workshop(id).map_err(|e| e.to_string()));
}

fn apply(
    mut actions: ResMut<Actions>,
    mut proj: ResMut<Projector>,
    mut loaded: ResMut<Loaded>,
    db: Res<Db>,
    settings: Res<Settings>,
) {
    let (action, new) = (actions.0.take(), actions.1.take());
    let Some(store) = &db.store else { return };
    let lang = settings.lang();
    let mut store = store.lock().expect("store lock");
    if let Some(NewWorkshop(setup, seeds)) = new {
        create(&mut store, &mut proj, lang, &setup, &seeds);
        loaded.stale = true;
    }
    let Some(action) = action else { return };
    let Some(id) = proj.workshop else { return };
    let reason = proj.reason.trim().to_string();
    proj.message = Some(match action {
        TrainerAction::Pause(paused) => match store.set_paused(id, paused) {
            Ok(()) => (
                true,
                tr(
                    lang,
                    if paused { "已暂停" } else { "已继续" },
                    if paused { "Paused" } else { "Resumed" },
                )
                .to_string(),
            ),
            Err(e) => (false, e.to_string()),
        },
        TrainerAction::Skip { round, team, name } => {
            match store.skip_team(id, round, team, &reason, crate::store::now()) {
                Ok(()) => (true, format!("{name}: {}", tr(lang, "已记为缺席", "marked absent"))),
                Err(e) => (false, e.to_string()),
            }
        }
        TrainerAction::Redo { round, team } => match store.redo_team(id, round, team, &reason, crate::store::now()) {
            Ok(_) => {
                proj.reason.clear();
                (
                    true,
                    tr(
                        lang,
                        "已作废，原因已记录；该队可以重新上场",
                        "set aside with the reason; the team can play again",
                    )
                    .to_string(),
                )
            }
            Err(e) => (false, e.to_string()),
        },
    });
    loaded.stale = true;
}

/// Each team of the current round as the screen lists it: who has played, who is absent, who is
/// waiting. The room sees who has played, not how well, until the round is complete.
pub fn team_marks(lang: Lang, st: &Status) -> Vec<(String, egui::Color32)> {
    let complete = st.round.is_none();
    st.teams
        .iter()
        .map(|(team, state)| match state {
            TeamState::Played { total } if complete => (format!("{team} {total:.1}"), ui::GOOD),
            TeamState::Played { .. } => (format!("{team} ✓"), ui::GOOD),
            TeamState::Skipped { .. } => (format!("{team} {}", tr(lang, "缺席", "absent")), ui::MUTED),
            TeamState::Waiting => (format!("{team} …"), ui::INK),
        })
        .collect()
}

/// The rounds whose results the projector may show: the complete ones only (a partial table would
/// show the room the scores of the teams that played while others are still to play).
pub fn shown_results(ws: &Workshop) -> Vec<RoundResults> {
    all_results(ws)
        .into_iter()
        .filter(|r| round_complete(ws, r.round))
        .collect()
}

/// Stores the new workshop and selects it; on a refusal nothing was written and the form stays
/// open with what was typed and the store's reason.
fn create(store: &mut crate::store::Store, proj: &mut Projector, lang: Lang, setup: &Setup, seeds: &[Option<u64>]) {
    match store.create_workshop(setup, seeds, crate::store::now()) {
        Ok(id) => {
            proj.workshop = Some(id);
            proj.round = None;
            proj.form = None;
            proj.form_open = false;
            let done = format!("{}{}", tr(lang, "已创建工作坊：", "Workshop created: "), setup.name);
            proj.message = Some((true, done));
        }
        Err(e) => {
            if let Some(f) = &mut proj.form {
                f.errors.general = Some(crate::engine::Text::new(e.to_string(), e.to_string()));
            }
        }
    }
}

/// The trainer action and the new workshop the last drawn frame asked for.
#[derive(Resource, Default)]
pub struct Actions(pub Option<TrainerAction>, pub Option<NewWorkshop>);

#[derive(Resource, Default)]
pub struct Projector {
    pub workshop: Option<i64>,
    pub round: Option<usize>,
    pub big: bool,
    /// The trainer's reason for a skip or a redo (required by the rules).
    pub reason: String,
    /// Team chosen for a redo.
    pub redo_team: Option<usize>,
    /// What the last trainer action said (an error from the rules, or what was done).
    pub message: Option<(bool, String)>,
    /// The new-workshop form, kept while it is hidden so nothing typed is lost.
    pub form: Option<Form>,
    pub form_open: bool,
}

/// Pause / resume, skip the team that is up (absent), redo a team's run — the last two only with a
/// reason, which is recorded with the run.
fn trainer_controls(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workshop,
    st: &Status,
    proj: &mut Projector,
) -> Option<TrainerAction> {
    let mut action = None;
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr(lang, "培训师", "Trainer")).strong());
        let pause = if st.paused {
            tr(lang, "继续", "Resume")
        } else {
            tr(lang, "暂停", "Pause")
        };
        if ui.button(pause).clicked() {
            action = Some(TrainerAction::Pause(!st.paused));
        }
        ui.label(tr(lang, "原因：", "Reason:"));
        ui.add(egui::TextEdit::singleline(&mut proj.reason).desired_width(220.0));
        let reason = proj.reason.trim().to_string();
        let round = st.round.unwrap_or(st.rounds);
        if let Some(team) = &st.next {
            let label = format!("{} {team}", tr(lang, "缺席跳过", "Skip (absent)"));
            if ui.add_enabled(!reason.is_empty(), egui::Button::new(label)).clicked() {
                let idx = ws.team_index(team).expect("status names a team of the workshop");
                action = Some(TrainerAction::Skip {
                    round,
                    team: idx,
                    name: team.clone(),
                });
            }
        }
        // A redo applies to the latest round anyone has played (the rules refuse it once a later
        // round has started).
        let played_in = |r: usize| -> Vec<(usize, &str)> {
            let teams = ws.setup.teams.iter().enumerate();
            teams
                .filter(|(i, _)| ws.active_run(r, *i).is_some())
                .map(|(i, t)| (i, t.name.as_str()))
                .collect()
        };
        let redo_round = (1..=st.rounds)
            .rev()
            .find(|r| !played_in(*r).is_empty())
            .unwrap_or(round);
        let played = played_in(redo_round);
        if !played.is_empty() {
            let shown = proj
                .redo_team
                .and_then(|i| played.iter().find(|(j, _)| *j == i))
                .map_or("—", |(_, n)| *n);
            egui::ComboBox::from_id_salt("redo_team")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (i, name) in &played {
                        ui.selectable_value(&mut proj.redo_team, Some(*i), *name);
                    }
                });
            let can = !reason.is_empty() && proj.redo_team.is_some();
            let label = format!("{} {redo_round}", tr(lang, "重来轮次", "Redo round"));
            if ui.add_enabled(can, egui::Button::new(label)).clicked() {
                let idx = proj.redo_team.expect("enabled only with a team");
                action = Some(TrainerAction::Redo {
                    round: redo_round,
                    team: idx,
                });
            }
        }
    });
    if let Some((ok, m)) = &proj.message {
        ui.label(RichText::new(m).color(if *ok { ui::GOOD } else { ui::BAD }));
    }
    action
}

fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    db: Res<Db>,
    mut proj: ResMut<Projector>,
    mut view: ResMut<Loaded>,
    mut actions: ResMut<Actions>,
    mut session: ResMut<Session>,
    mut room: ResMut<RoomScreen>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    let room_open = room.is_open();
    let mut to_room = None;
    // Drawn from what `load` read; a click that needs the store again only asks for it.
    let (list, loaded) = (&view.list, &view.workshop);
    let mut refresh = false;
    let mut new_form = false;
    let form_open = proj.form_open && db.store.is_some();
    let back = ui::page(
        ctx,
        lang,
        tr(lang, "工作坊 · 团队PK", "Workshop · team PK"),
        |ui| {
            if let Some(e) = &db.error {
                ui.label(RichText::new(e).color(ui::BAD));
            }
            if form_open {
                let form = proj.form.get_or_insert_with(|| Form::new(&catalog));
                let mut drawn = egui::Rect::NOTHING;
                match workshop_form::show(ui, lang, form, &catalog, &mut drawn) {
                    Some(FormAction::Create(setup, seeds)) => actions.1 = Some(NewWorkshop(setup, seeds)),
                    Some(FormAction::Cancel) => proj.form_open = false,
                    None => {}
                }
                return;
            }
            ui.horizontal_wrapped(|ui| {
                if db.store.is_some() && ui.button(tr(lang, "＋ 新建工作坊", "+ New workshop")).clicked() {
                    new_form = true;
                }
                // The room: every team on its own device (the hot-seat turns below need none).
                if room_open {
                    if ui
                        .button(RichText::new(tr(lang, "回到房间（已开放）", "Back to the room (open)")).strong())
                        .clicked()
                    {
                        to_room = Some(None);
                    }
                } else if let (Some(Ok(ws)), true) = (loaded, db.store.is_some()) {
                    let label = format!("{}{}", tr(lang, "开放房间：", "Open the room: "), ws.setup.name);
                    if ui.button(RichText::new(label).strong()).clicked() {
                        to_room = Some(Some(ws.id));
                    }
                }
            });
            if let Some((true, m)) = &proj.message {
                if list.is_empty() || loaded.is_none() {
                    ui.label(RichText::new(m).color(ui::GOOD));
                }
            }
            if list.is_empty() {
                ui::card().show(ui, |ui| {
                ui.label(RichText::new(tr(lang, "还没有工作坊", "No workshop yet")).heading());
                ui.label(tr(
                    lang,
                    "点上面的“新建工作坊”填写名称、轮数、每轮场景、讨论时间、奖惩和队伍；之后各队在这里轮流上场，成绩投影给全场。也可以在终端里用设置文件创建：",
                    "Press \"New workshop\" above to fill in the name, rounds, a scenario per round, the discussion time, rewards and penalties and the teams; then teams play here in turn and the results go on the projector. A setup file works from the terminal too:",
                ));
                ui.label(RichText::new("service-arena workshop new --setup docs/examples/workshop.ron").monospace());
            });
                return;
            }
            ui.horizontal_wrapped(|ui| {
                for (id, name) in list {
                    if ui.selectable_label(proj.workshop == Some(*id), name).clicked() {
                        proj.workshop = Some(*id);
                        proj.round = None;
                        refresh = true;
                    }
                }
                // The terminal may have written to the same file meanwhile.
                if ui.button(tr(lang, "刷新", "Refresh")).clicked() {
                    refresh = true;
                }
            });
            let ws = match loaded {
                Some(Ok(ws)) => ws,
                Some(Err(e)) => {
                    ui.label(RichText::new(e).color(ui::BAD));
                    return;
                }
                None => return,
            };
            let st = status(&ws);
            ui::card().show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    let round = st
                        .round
                        .map_or(tr(lang, "全部轮次已完成", "all rounds done").to_string(), |r| {
                            format!("{} {r} / {}", tr(lang, "轮次", "Round"), st.rounds)
                        });
                    ui.label(RichText::new(round).strong());
                    for (mark, col) in team_marks(lang, &st) {
                        ui.label(RichText::new(mark).color(col));
                    }
                });
                if st.paused {
                    ui.label(RichText::new(tr(lang, "已暂停", "Paused")).color(ui::WARN));
                } else if room_open {
                    // One writer at a time: with the room open the teams play on their devices.
                    let open = tr(
                        lang,
                        "房间已开放：各队用自己的设备参赛（这里的轮流上场暂停）。",
                        "The room is open: teams play on their own devices (turns at this computer wait).",
                    );
                    ui.label(RichText::new(open).color(ui::MUTED));
                } else if st.teams.is_empty() {
                    let none = tr(
                        lang,
                        "还没有队伍：开放房间让各队用自己的设备加入，或新建一个列出队伍的工作坊在这里轮流上场。",
                        "No team yet: open the room so teams join from their devices, or create a workshop that lists its teams to take turns here.",
                    );
                    ui.add(egui::Label::new(RichText::new(none).color(ui::MUTED)).wrap());
                } else if let (Some(team), Some(round), Some(sc_id)) = (&st.next, st.round, &st.scenario) {
                    match catalog.find(sc_id) {
                        Some(sc) => {
                            let label = format!(
                                "{} {team} · {}",
                                tr(lang, "下一队上场：", "Next up:"),
                                sc.title.get(lang)
                            );
                            if ui::big_button(ui, "Enter", &label, true).clicked() || ui::pressed(ui, Key::Enter) {
                                let team_index = ws.team_index(team).expect("status names a team of the workshop");
                                session.start(&sc, st.seed);
                                session.team = Some(TeamTurn {
                                    workshop: ws.id,
                                    round,
                                    team: team_index,
                                    name: team.clone(),
                                    discussion_secs: ws.setup.discussion_secs,
                                });
                                next.set(Screen::Play);
                            }
                        }
                        None => {
                            ui.label(
                                RichText::new(format!("{sc_id}: {}", tr(lang, "找不到这个场景", "scenario not found")))
                                    .color(ui::BAD),
                            );
                        }
                    }
                }
                if db.store.is_some() {
                    actions.0 = trainer_controls(ui, lang, &ws, &st, &mut proj).or(actions.0.take());
                }
            });
            let results = shown_results(&ws);
            let Some(last) = results.last().map(|r| r.round) else {
                if st.round.is_some() {
                    ui.label(
                        RichText::new(tr(
                            lang,
                            "成绩在本轮所有队伍上场（或记为缺席）之后公布。",
                            "The results are shown once every team has played this round (or been marked absent).",
                        ))
                        .color(ui::MUTED),
                    );
                }
                return;
            };
            let latest = crate::workshop::rules::round_to_show(&ws).min(last);
            ui.horizontal(|ui| {
                for r in &results {
                    let label = format!("{} {}", tr(lang, "轮次", "Round"), r.round);
                    let selected = proj.round.unwrap_or(latest) == r.round;
                    if ui.selectable_label(selected, label).clicked() {
                        proj.round = Some(r.round);
                    }
                }
                ui.checkbox(&mut proj.big, tr(lang, "投影大字", "Projector type"));
            });
            let pick = proj.round.unwrap_or(latest);
            let r = results
                .iter()
                .find(|r| r.round == pick)
                .unwrap_or(&results[results.len() - 1]);
            let scale = if proj.big { 1.5 } else { 1.0 };
            let sc = catalog.find(&r.scenario);
            egui::ScrollArea::vertical()
                .id_salt("projector")
                .show(ui, |ui| projector(ui, lang, r, sc.as_deref(), scale));
        },
    );
    if refresh {
        view.stale = true;
    }
    if new_form {
        proj.form_open = true;
    }
    if let Some(ws) = to_room {
        if let Some(id) = ws {
            room.workshop = Some(id);
        }
        next.set(Screen::Room);
    }
    if back && form_open {
        // Esc or Back closes the form (what was typed stays for the next "new workshop").
        proj.form_open = false;
    } else if back {
        next.set(Screen::Title);
    }
    Ok(())
}

fn projector(ui: &mut egui::Ui, lang: Lang, r: &RoundResults, sc: Option<&Compiled>, scale: f32) {
    let big = |s: String, size: f32| RichText::new(s).size(size * scale);
    ui.label(
        big(
            format!(
                "{} · {} {} / {}",
                r.workshop,
                tr(lang, "轮次", "Round"),
                r.round,
                r.rounds
            ),
            30.0,
        )
        .strong(),
    );
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui::card().show(ui, |ui| {
            let awards = [
                (&r.highest, "★", tr(lang, "最高分队伍", "Highest score"), "", ui::ACCENT),
                (
                    &r.fastest,
                    "▲",
                    tr(lang, "进步最快队伍", "Fastest growing"),
                    "+",
                    ui::GOOD,
                ),
            ];
            for (list, mark, title, sign, colour) in awards {
                for a in list {
                    let line = format!("{mark} {title} {} ({sign}{:.1})", a.team, a.value);
                    ui.label(big(line, 26.0).color(colour).strong());
                }
            }
            if let Some(n) = &r.fastest_note {
                ui.label(big(n.get(lang).to_string(), 16.0).color(ui::MUTED));
            }
            let named = !(r.highest.is_empty() && r.fastest.is_empty());
            for line in ui::reward_and_penalty(lang, &r.reward, &r.penalty, named, &r.last) {
                ui.label(big(line, 18.0));
            }
        });
        ui::card().show(ui, |ui| {
            egui::Grid::new("table")
                .striped(true)
                .spacing([18.0, 8.0])
                .show(ui, |ui| {
                    for h in [
                        tr(lang, "名次", "Rank"),
                        tr(lang, "队伍", "Team"),
                        tr(lang, "得分", "Score"),
                        tr(lang, "变化", "Move"),
                        tr(lang, "进步", "Growth"),
                        tr(lang, "累计", "Total"),
                    ] {
                        ui.label(big(h.to_string(), 16.0).strong());
                    }
                    ui.end_row();
                    for row in &r.table {
                        ui.label(big(row.rank.map_or("—".into(), |k| k.to_string()), 22.0).strong());
                        ui.label(big(row.team.clone(), 22.0));
                        let score = match (&row.state, row.score) {
                            (_, Some(s)) => big(format!("{s:.1}"), 22.0).color(ui::score_colour(s)),
                            (TeamState::Skipped { .. }, None) => {
                                big(tr(lang, "缺席", "absent").to_string(), 18.0).color(ui::MUTED)
                            }
                            _ => big("…".into(), 18.0),
                        };
                        ui.label(score);
                        let (mv, col) = ui::move_mark(row.change);
                        ui.label(big(mv, 18.0).color(col));
                        ui.label(big(row.growth.map_or(String::new(), |g| format!("{g:+.1}")), 18.0));
                        ui.label(big(format!("{:.1}", row.cumulative), 18.0));
                        ui.end_row();
                    }
                });
        });
        let ui = &mut cols[1];
        ui::card().show(ui, |ui| {
            ui.label(big(tr(lang, "领奖台", "Podium").to_string(), 18.0).strong());
            podium(ui, r, scale);
        });
        ui::card().show(ui, |ui| {
            ui.label(
                big(
                    tr(lang, "各队历轮得分", "Every team across the rounds").to_string(),
                    18.0,
                )
                .strong(),
            );
            ui::score_plot("series", 220.0).legend(Legend::default()).show(ui, |p| {
                for s in &r.series {
                    let pts: Vec<[f64; 2]> = s
                        .scores
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| v.map(|v| [(i + 1) as f64, v as f64]))
                        .collect();
                    p.line(Line::new(s.team.clone(), PlotPoints::from(pts)).width(2.5));
                }
            });
        });
    });
    ui::card().show(ui, |ui| {
        ui.label(
            big(
                tr(lang, "培训师复盘：全场的选择", "Trainer's debrief: how the room chose").to_string(),
                18.0,
            )
            .strong(),
        );
        // "Turn 4: 3 of 6 teams — <what they said>", the most chosen option first.
        for d in &r.decisions {
            ui.label(RichText::new(format!("{} {}", tr(lang, "回合", "Turn"), d.turn)).strong());
            let options = sc.and_then(|sc| match sc.node_index(&d.node).map(|i| &sc.nodes[i]) {
                Some(CNode::Turn { options, .. }) => Some(options),
                _ => None,
            });
            for (opt, n) in &d.options {
                let said = options
                    .and_then(|o| o.get(opt - 1))
                    .map_or(format!("{} {opt}", tr(lang, "选项", "option")), |o| {
                        o.text.get(lang).to_string()
                    });
                let share = match lang {
                    Lang::Zh => format!("{n}/{} 队", d.teams),
                    Lang::En => format!("{n} of {} teams", d.teams),
                };
                ui.label(format!("    {share}{}{said}", tr(lang, "：", ": ")));
            }
        }
        let weak: Vec<String> = r
            .weakest
            .iter()
            .take(3)
            .map(|p| format!("{} {:.0}", p.label.get(lang), p.average))
            .collect();
        if !weak.is_empty() {
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    tr(lang, "全场最弱的原则：", "The room's weakest principles:"),
                    weak.join(" · ")
                ))
                .color(ui::BAD),
            );
        }
    });
}

fn podium(ui: &mut egui::Ui, r: &RoundResults, scale: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 170.0 * scale), egui::Sense::hover());
    let p = ui.painter();
    // Second, first, third, left to right.
    let places = [(2usize, 0.62f32), (1, 1.0), (3, 0.45)];
    let w = rect.width() / 3.0;
    for (slot, (rank, h)) in places.iter().enumerate() {
        let names: Vec<&str> = r
            .podium
            .iter()
            .filter(|row| row.rank == Some(*rank))
            .map(|row| row.team.as_str())
            .collect();
        let x0 = rect.left() + w * slot as f32;
        let top = rect.bottom() - (rect.height() - 40.0 * scale) * h;
        let block = egui::Rect::from_min_max(egui::pos2(x0 + 6.0, top), egui::pos2(x0 + w - 6.0, rect.bottom()));
        let col = match rank {
            1 => egui::Color32::from_rgb(222, 178, 60),
            2 => egui::Color32::from_rgb(180, 186, 194),
            _ => egui::Color32::from_rgb(196, 140, 96),
        };
        p.rect_filled(block, 6.0, col);
        p.text(
            block.center_top() + egui::vec2(0.0, 18.0 * scale),
            egui::Align2::CENTER_CENTER,
            rank.to_string(),
            egui::FontId::proportional(26.0 * scale),
            ui::INK,
        );
        p.text(
            egui::pos2(block.center().x, top - 14.0 * scale),
            egui::Align2::CENTER_CENTER,
            names.join(" / "),
            egui::FontId::proportional(18.0 * scale),
            ui::INK,
        );
    }
}
