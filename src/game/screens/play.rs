//! The call: the session (scenario, seed, choices, the coach's verdicts, the result) and the Bevy
//! system that draws it with `play_view` and acts on what the player did. The run is kept as seed + choices and replayed through the engine each frame it is
//! needed (microseconds), so the screen never holds a second copy of the customer's state.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};

use crate::game::Screen;
use crate::game::data::{Catalog, Db, Settings};
use crate::game::menu::PracticeMode;
use crate::game::play_view;

use crate::game::session::Session;
use crate::game::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.init_resource::<Session>()
        .init_resource::<Input>()
        .init_resource::<AbandonAsked>()
        .add_systems(
            OnEnter(Screen::Play),
            |mut a: ResMut<AbandonAsked>, mut i: ResMut<Input>| {
                a.0 = false;
                *i = Input::default();
            },
        )
        .add_systems(Update, apply.run_if(in_state(Screen::Play)))
        .add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Play)));
}

/// Keeps the portrait animating: inserted by the performance run (`tour`), which depends on this
/// screen and never the other way round.
#[derive(Resource)]
pub struct Wobble;

/// What the player did on the last drawn frame; [`apply`] acts on it in the next update.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct Input {
    /// 0-based option, and whether the decision timer had run out.
    pub chosen: Option<(usize, bool)>,
    pub debrief: bool,
    /// Esc or the top bar's button.
    pub quit: bool,
    /// The answer to "abandon this team's call?": Some(true) = abandon, Some(false) = keep playing.
    pub abandon: Option<bool>,
}

/// Set while a workshop team is asked whether to abandon its call (Esc during a team's call does
/// not discard it silently; keeping on playing is the default).
#[derive(Resource, Default)]
pub struct AbandonAsked(pub bool);

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut session: ResMut<Session>,
    time: Res<Time<Real>>,
    wobble: Option<Res<Wobble>>,
    mode: Res<PracticeMode>,
    asked: Res<AbandonAsked>,
    mut input: ResMut<Input>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    let Some(sc) = session.scenario.clone() else {
        next.set(Screen::Picker);
        return Ok(());
    };
    let now = time.elapsed_secs_f64();
    let finished = session.sim().is_some_and(|s| s.finished());
    let mood = wobble.map(|_| {
        // Performance measurement: swing between two moods so the portrait never settles.
        let mut m = session.sim().expect("scenario set").mood();
        let up = ((now / 0.8) as u64).is_multiple_of(2);
        (m.satisfaction, m.anger, m.patience) = if up { (85.0, 10.0, 90.0) } else { (20.0, 80.0, 30.0) };
        m
    });
    // A decision starts the first frame it is shown (recorded at the end of this system).
    let decision_started = session.decision_started.unwrap_or(now);
    let remaining = session
        .timer_secs(&settings, &mode)
        .filter(|_| !finished)
        .map(|limit| limit as f64 - (now - decision_started));
    let act = play_view::show(
        ctx,
        &play_view::View {
            sc: &sc,
            session: &session,
            lang,
            remaining,
            mood,
        },
    );

    if !finished && session.decision_started.is_none() {
        session.bypass_change_detection().decision_started = Some(decision_started);
    }
    if asked.0 {
        // The question covers the screen: nothing under it is taken (a digit pressed now is not
        // an answer to the customer).
        input.abandon = abandon_dialog(ctx, lang).or(input.abandon);
        return Ok(());
    }
    let late = remaining.is_some_and(|r| r <= 0.0);
    if let Some(i) = act.chosen {
        input.chosen = Some((i, late));
    }
    input.debrief |= act.debrief;
    input.quit |= act.quit;
    Ok(())
}

/// "Abandon this team's call? Nothing is recorded." Enter and Esc keep playing.
fn abandon_dialog(ctx: &egui::Context, lang: crate::engine::Lang) -> Option<bool> {
    let mut answer = None;
    egui::Modal::new(egui::Id::new("abandon_team_call")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.label(RichText::new(tr(lang, "放弃这一队的通话？", "Abandon this team's call?")).heading());
        ui.add(
            egui::Label::new(tr(
                lang,
                "不会记录任何结果，这一队要从头重新上场。",
                "Nothing is recorded; the team will have to start its call again from the beginning.",
            ))
            .wrap(),
        );
        ui.add_space(8.0);
        if ui::big_button(ui, "Enter", tr(lang, "继续通话", "Keep playing"), true).clicked()
            || ui::pressed(ui, Key::Enter)
            || ui::pressed(ui, Key::Escape)
        {
            answer = Some(false);
        }
        ui.add_space(4.0);
        let abandon =
            egui::Button::new(RichText::new(tr(lang, "放弃，不记录", "Abandon, record nothing")).color(ui::BAD));
        if ui.add(abandon).clicked() {
            answer = Some(true);
        }
    });
    answer
}

/// Acts on what the player did: takes the option (the coach only outside a workshop
/// competition), scores and records the call when it ends, asks before a team's call is abandoned,
/// and leaves the screen.
fn apply(
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    mut db: ResMut<Db>,
    mut session: ResMut<Session>,
    mut input: ResMut<Input>,
    mut asked: ResMut<AbandonAsked>,
    mut next: ResMut<NextState<Screen>>,
) {
    if session.scenario.is_none() {
        return;
    }
    let Input {
        chosen,
        debrief,
        quit,
        abandon,
    } = std::mem::take(&mut *input);
    let team = session.team.is_some();
    let finished = session.sim().is_some_and(|s| s.finished());
    if asked.0 {
        match abandon {
            Some(true) => {
                asked.0 = false;
                session.team = None;
                next.set(Screen::Workshop);
            }
            Some(false) => asked.0 = false,
            None => {}
        }
        return;
    }
    if quit {
        match (team, finished) {
            // A team's call in progress is only left after the question.
            (true, false) => asked.0 = true,
            (true, true) => {
                session.team = None;
                next.set(Screen::Workshop);
            }
            (false, _) => next.set(Screen::Picker),
        }
        return;
    }
    if let Some((i, late)) = chosen {
        session.choose(i, settings.prefs.coach, late, &catalog);
    }
    // The call is scored and saved as soon as it ends, so the end card can say so (and, outside
    // a workshop, reveal the total).
    if session.sim().is_some_and(|s| s.finished()) && session.result.is_none() {
        let player = settings.player();
        session.finish(&catalog, &mut db, &player);
    }
    // A team's debrief waits for the round's results (the room must not see a score before).
    if debrief && !team && session.result.is_some() {
        next.set(Screen::Debrief);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::engine::ScoringConfig;
    use crate::engine::analyze::analyze;
    use crate::engine::coach::Verdict;
    use crate::engine::load::load_file;
    use crate::game::session::fresh_seed;
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
