//! The call: the customer's portrait and meters on the left, the conversation in the middle, the
//! options as large buttons (keys 1–9), an optional decision timer and the coach's verdict on the
//! last choice. The run is kept as seed + choices and replayed through the engine each frame it is
//! needed (microseconds), so the screen never holds a second copy of the customer's state.

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};

use crate::engine::coach::{Advice, Verdict, assess};
use crate::engine::report::{Debrief, debrief};
use crate::engine::sim::Sim;
use crate::engine::{Compiled, Lang, Scorer};
use crate::store::{self, PracticeRun};
use crate::workshop::TeamRun;

use super::Screen;
use super::data::{Catalog, Db, Settings};
use super::menu::PracticeMode;
use super::portrait::{self, Face};
use super::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.init_resource::<Session>()
        .add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Play)));
}

/// The call being played (and, once it ends, its result).
#[derive(Resource, Default)]
pub struct Session {
    pub scenario: Option<Arc<Compiled>>,
    pub seed: u64,
    /// 0-based choices so far.
    pub choices: Vec<usize>,
    /// The coach's verdict on each choice (None when the coach was off or silent).
    pub advice: Vec<Option<Advice>>,
    /// 1-based turns decided after the decision timer ran out.
    pub late: Vec<usize>,
    /// When the current decision started (seconds since the app started).
    pub decision_started: Option<f64>,
    pub result: Option<Finished>,
    /// Set when a workshop team plays this call (hot-seat): the run is recorded for the team.
    pub team: Option<TeamTurn>,
}

/// Which workshop team is playing.
#[derive(Clone, Debug)]
pub struct TeamTurn {
    pub workshop: i64,
    /// 1-based round.
    pub round: usize,
    /// Index of the team in the workshop's setup.
    pub team: usize,
    pub name: String,
    /// The workshop's discussion time per decision (the decision timer for this call).
    pub discussion_secs: u32,
}

impl Session {
    /// Seconds allowed per decision: the workshop's discussion time for a workshop team; the
    /// setting, or 90 s if it is off, for team practice; the setting when practising alone.
    pub fn timer_secs(&self, settings: &Settings, mode: &PracticeMode) -> Option<u32> {
        match &self.team {
            Some(t) if t.discussion_secs > 0 => Some(t.discussion_secs),
            Some(_) => None,
            None if mode.team => settings.prefs.timer_secs.or(Some(TEAM_PRACTICE_SECS)),
            None => settings.prefs.timer_secs,
        }
    }
}

/// A finished call: its debrief and what the store said.
pub struct Finished {
    pub debrief: Debrief,
    pub previous_best: Option<f32>,
    /// Id of the saved run, or why it was not saved.
    pub saved: Result<i64, String>,
}

/// Discussion time per decision in team practice when no timer is set.
pub const TEAM_PRACTICE_SECS: u32 = 90;

/// A seed that differs from run to run (the clock), for "retry with a new seed".
pub fn fresh_seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    t % 1_000_000_007
}

impl Session {
    /// Starts a new call of `sc`, with `seed` or a fresh one.
    pub fn start(&mut self, sc: &Arc<Compiled>, seed: Option<u64>) {
        *self = Session {
            scenario: Some(sc.clone()),
            seed: seed.unwrap_or_else(fresh_seed),
            ..Session::default()
        };
    }

    /// The customer after the choices so far.
    pub fn sim(&self) -> Option<Sim<'_>> {
        let sc = self.scenario.as_deref()?;
        let mut sim = Sim::new(sc, self.seed);
        for &c in &self.choices {
            sim.choose(c).expect("choices were valid when made");
        }
        Some(sim)
    }

    /// Takes option `i` (0-based): asks the coach first (from the state before), then records it.
    pub fn choose(&mut self, i: usize, coach: bool, late: bool, catalog: &Catalog) {
        let Some(sim) = self.sim() else { return };
        if i >= sim.options().len() {
            return;
        }
        let sc = self.scenario.clone().expect("a session has a scenario");
        let advice = if coach {
            assess(&sc, &catalog.cfg, &sim, i).ok().flatten()
        } else {
            None
        };
        let turn = self.choices.len() + 1;
        self.choices.push(i);
        self.advice.push(advice);
        if late {
            self.late.push(turn);
        }
        self.decision_started = None;
    }

    /// Scores the finished call and saves it to the practice history.
    pub fn finish(&mut self, catalog: &Catalog, db: &mut Db, player: &str) {
        let Some(sim) = self.sim() else { return };
        let sc = self.scenario.clone().expect("a session has a scenario");
        let run = sim.into_run();
        let score = Scorer::new(&sc, &catalog.cfg).score(&run);
        let d = debrief(&sc, &catalog.cfg, &run, &score);
        let previous_best = db.best(&sc.id);
        let saved = match (&db.store, &self.team) {
            (None, _) => Err(db.error.clone().unwrap_or_else(|| "no practice store".into())),
            (Some(s), Some(t)) => {
                let team_run = TeamRun::from_run(&sc, &run, &score, t.round, t.team, store::now());
                s.lock()
                    .expect("store lock")
                    .record_team_run(t.workshop, &team_run)
                    .map_err(|e| e.to_string())
            }
            (Some(s), None) => {
                let record = PracticeRun::from_run(&sc, &run, &score, player, store::now());
                s.lock()
                    .expect("store lock")
                    .record_practice(&record)
                    .map_err(|e| e.to_string())
            }
        };
        if saved.is_ok() {
            db.refresh(player);
        }
        self.result = Some(Finished {
            debrief: d,
            previous_best,
            saved,
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    mut db: ResMut<Db>,
    mut session: ResMut<Session>,
    time: Res<Time<Real>>,
    wobble: Option<Res<super::tour::Wobble>>,
    mode: Res<PracticeMode>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    let Some(sc) = session.scenario.clone() else {
        next.set(Screen::Picker);
        return Ok(());
    };
    let now = time.elapsed_secs_f64();
    // The customer after the choices so far: replayed once per frame drawn, used by every panel.
    let sim = session.sim().expect("scenario set");
    let (mut mood, options_len, finished, turn_no) = (sim.mood(), sim.options().len(), sim.finished(), sim.turn() + 1);
    let customer_line = match &sc.nodes[sim.node()] {
        crate::engine::compile::CNode::Turn { customer, .. } => Some(customer.get(lang)),
        _ => None,
    };
    if wobble.is_some() {
        // Performance measurement: swing between two moods so the portrait never settles.
        let up = ((now / 0.8) as u64).is_multiple_of(2);
        (mood.satisfaction, mood.anger, mood.patience) = if up { (85.0, 10.0, 90.0) } else { (20.0, 80.0, 30.0) };
    }
    // A decision starts the first frame it is shown (recorded at the end of this system).
    let decision_started = session.decision_started.unwrap_or(now);
    let remaining = session
        .timer_secs(&settings, &mode)
        .filter(|_| !finished)
        .map(|limit| limit as f64 - (now - decision_started));

    let mut root = ui::root(ctx);
    let mut chosen: Option<usize> = None;
    let mut go_debrief = false;
    let mut quit = false;

    egui::Panel::top("play_top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(sc.title.get(lang)).heading());
            if let Some(t) = &session.team {
                let who = format!("{} · {} {}", t.name, tr(lang, "轮次", "round"), t.round);
                ui.label(RichText::new(who).color(ui::ACCENT).strong());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(format!("Esc  {}", tr(lang, "放弃本次通话", "Abandon the call")))
                    .clicked()
                {
                    quit = true;
                }
                if !finished {
                    ui.label(RichText::new(format!("{} {turn_no}", tr(lang, "回合", "Turn"))).color(ui::MUTED));
                    if let Some(r) = remaining {
                        let (txt, col) = if r > 0.0 {
                            (
                                format!("⏱ {:.0}s", r.ceil()),
                                if r < 10.0 { ui::WARN } else { ui::MUTED },
                            )
                        } else {
                            (
                                tr(lang, "⏱ 时间到，请决定", "⏱ Time's up — decide").to_string(),
                                ui::BAD,
                            )
                        };
                        ui.label(RichText::new(txt).color(col).strong());
                    }
                }
            });
        });
    });

    let face = Face {
        satisfaction: ctx.animate_value_with_time(egui::Id::new("sat"), mood.satisfaction, 0.6),
        anger: ctx.animate_value_with_time(egui::Id::new("ang"), mood.anger, 0.6),
        patience: ctx.animate_value_with_time(egui::Id::new("pat"), mood.patience, 0.6),
        trust: ctx.animate_value_with_time(egui::Id::new("tru"), mood.trust, 0.6),
        archetype: sc.customer.archetype,
    };
    egui::Panel::left("play_left").exact_size(320.0).show(&mut root, |ui| {
        ui.add_space(8.0);
        let (rect, _) = ui.allocate_exact_size(egui::vec2(300.0, 300.0), egui::Sense::hover());
        portrait::paint(ui.painter(), rect, &face);
        ui.add_space(4.0);
        ui.label(RichText::new(sc.customer.name.get(lang)).strong().size(20.0));
        let colour = face.colour();
        ui.label(
            RichText::new(ui::colour_name(lang, colour))
                .color(ui::colour_of(colour))
                .strong(),
        );
        ui.add_space(4.0);
        ui::meter(
            ui,
            tr(lang, "满意度", "Satisfaction"),
            face.satisfaction,
            ui::satisfaction_colour(face.satisfaction),
        );
        ui::meter(ui, tr(lang, "怒气", "Anger"), face.anger, ui::colour_of(colour));
        ui::meter(
            ui,
            tr(lang, "耐心", "Patience"),
            face.patience,
            ui::colour_of_patience(face.patience),
        );
        ui::meter(
            ui,
            tr(lang, "信任", "Trust"),
            face.trust,
            egui::Color32::from_rgb(80, 120, 180),
        );
    });

    egui::CentralPanel::default().show(&mut root, |ui| {
        let bottom_h = if finished {
            140.0
        } else {
            90.0 + options_len as f32 * 54.0
        };
        egui::ScrollArea::vertical()
            .id_salt("conversation")
            .max_height((ui.available_height() - bottom_h).max(120.0))
            .stick_to_bottom(true)
            .show(ui, |ui| {
                ui.label(RichText::new(sc.briefing.get(lang)).italics().color(ui::MUTED));
                ui.add_space(6.0);
                conversation(ui, lang, &session, &sim, &sc);
            });
        ui.separator();
        if finished {
            if let Some(e) = sim.run().ending
                && let crate::engine::compile::CNode::End { text, outcome, .. } = &sc.nodes[e]
            {
                ui.label(RichText::new(text.get(lang)).size(20.0));
                ui.label(
                    RichText::new(ui::outcome_name(lang, Some(*outcome)))
                        .strong()
                        .color(ui::ACCENT),
                );
            }
            if ui::big_button(ui, "Enter", tr(lang, "查看复盘", "See the debrief"), true).clicked()
                || ui::pressed(ui, Key::Enter)
            {
                go_debrief = true;
            }
        } else {
            if let Some(line) = &customer_line {
                ui.label(
                    RichText::new(format!("{}{}{line}", sc.customer.name.get(lang), tr(lang, "：", ": ")))
                        .size(21.0)
                        .strong(),
                );
            }
            ui.add_space(6.0);
            for (i, opt) in sim.options().iter().enumerate() {
                if ui::big_button(ui, &(i + 1).to_string(), opt.text.get(lang), true).clicked() {
                    chosen = Some(i);
                }
            }
            if let Some(d) = ui::digit_pressed(ui).filter(|d| *d < options_len) {
                chosen = Some(d);
            }
        }
        if ui::pressed(ui, Key::Escape) {
            quit = true;
        }
    });

    if !finished && session.decision_started.is_none() {
        session.bypass_change_detection().decision_started = Some(decision_started);
    }
    if let Some(i) = chosen {
        let late = remaining.is_some_and(|r| r <= 0.0);
        session.choose(i, settings.prefs.coach, late, &catalog);
    }
    if go_debrief {
        if session.result.is_none() {
            let player = settings.player();
            session.finish(&catalog, &mut db, &player);
        }
        next.set(Screen::Debrief);
    }
    if quit {
        next.set(Screen::Picker);
    }
    Ok(())
}

/// The conversation so far, with the coach's verdict under each of the trainee's answers.
fn conversation(ui: &mut egui::Ui, lang: Lang, session: &Session, sim: &Sim, sc: &Compiled) {
    for (k, t) in sim.run().turns.iter().enumerate() {
        let crate::engine::compile::CNode::Turn { customer, options } = &sc.nodes[t.node] else {
            continue;
        };
        ui.label(RichText::new(format!(
            "{}{}{}",
            sc.customer.name.get(lang),
            tr(lang, "：", ": "),
            customer.get(lang)
        )));
        ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
            ui.label(
                RichText::new(format!(
                    "{}{}",
                    tr(lang, "我：", "Me: "),
                    options[t.option].text.get(lang)
                ))
                .color(egui::Color32::from_rgb(40, 80, 140)),
            );
            if let Some(Some(a)) = session.advice.get(k) {
                let (mark, col) = match a.verdict {
                    Verdict::Good => (tr(lang, "✓ 好", "✓ Good"), ui::GOOD),
                    Verdict::Risky => (tr(lang, "× 有风险", "× Risky"), ui::BAD),
                };
                ui.label(
                    RichText::new(format!("{} {mark} — {}", tr(lang, "教练", "Coach"), a.reason.get(lang)))
                        .small()
                        .color(col),
                );
            }
            if session.late.contains(&(k + 1)) {
                ui.label(
                    RichText::new(tr(lang, "（超时后才决定）", "(decided after the timer ran out)"))
                        .small()
                        .color(ui::WARN),
                );
            }
        });
        ui.add_space(4.0);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::engine::ScoringConfig;
    use crate::engine::analyze::analyze;
    use crate::engine::load::load_file;
    use crate::store::Store;

    fn fixture() -> (Catalog, Db, std::path::PathBuf) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sc = load_file(&root.join("tests/fixtures/fixture_stockout.ron")).expect("fixture loads");
        let dir = std::env::temp_dir().join(format!("sa-play-{}-{}", std::process::id(), fresh_seed()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open(&dir.join("t.db")).unwrap();
        let catalog = Catalog {
            scenarios: vec![Arc::new(sc)],
            problems: Vec::new(),
            cfg: ScoringConfig::default(),
            trains: Default::default(),
        };
        let db = Db {
            store: Some(Mutex::new(store)),
            error: None,
            runs: Vec::new(),
            runs_of: String::new(),
        };
        (catalog, db, dir)
    }

    #[test]
    fn playing_the_best_path_scores_as_analyze_says_the_coach_approves_and_the_run_is_saved() {
        let (catalog, mut db, dir) = fixture();
        let sc = catalog.scenarios[0].clone();
        let best = analyze(&sc, &catalog.cfg, 7, 0).best;
        let mut s = Session::default();
        s.start(&sc, Some(7));
        for &c in &best.path {
            s.choose(c - 1, true, false, &catalog);
        }
        assert!(s.sim().unwrap().finished());
        assert!(s.advice.iter().all(|a| a.as_ref().unwrap().verdict == Verdict::Good));
        s.finish(&catalog, &mut db, "王芳");
        let fin = s.result.as_ref().unwrap();
        assert_eq!(fin.debrief.total, best.total);
        assert_eq!(fin.previous_best, None);
        assert!(fin.saved.is_ok());
        assert_eq!(db.runs.len(), 1);
        assert_eq!(db.runs[0].player, "王芳");
        assert_eq!(db.runs[0].choices, best.path);
        assert_eq!(db.best(&sc.id), Some(best.total));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn the_worst_path_draws_a_risky_verdict_and_a_late_decision_is_remembered() {
        let (catalog, mut db, dir) = fixture();
        let sc = catalog.scenarios[0].clone();
        let worst = analyze(&sc, &catalog.cfg, 7, 0).worst;
        let mut s = Session::default();
        s.start(&sc, Some(7));
        for (k, &c) in worst.path.iter().enumerate() {
            s.choose(c - 1, true, k == 0, &catalog);
        }
        assert!(s.advice.iter().any(|a| a.as_ref().unwrap().verdict == Verdict::Risky));
        assert_eq!(s.late, vec![1]);
        s.finish(&catalog, &mut db, "p");
        assert_eq!(s.result.as_ref().unwrap().debrief.total, worst.total);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn without_a_store_the_run_is_scored_and_the_reason_it_was_not_saved_is_kept() {
        let (catalog, mut db, dir) = fixture();
        db.store = None;
        db.error = Some("disk full".into());
        let sc = catalog.scenarios[0].clone();
        let mut s = Session::default();
        s.start(&sc, Some(1));
        while s.sim().is_some_and(|x| !x.finished()) {
            s.choose(0, false, false, &catalog);
        }
        s.finish(&catalog, &mut db, "p");
        assert_eq!(s.result.as_ref().unwrap().saved, Err("disk full".to_string()));
        assert!(s.advice.iter().all(|a| a.is_none()));
        let _ = std::fs::remove_dir_all(dir);
    }
}
