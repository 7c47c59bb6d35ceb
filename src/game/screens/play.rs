//! The call: the session (scenario, seed, choices, the coach's verdicts, the result) and the Bevy
//! system that draws it with `play_view` and acts on what the player did. The run is kept as seed + choices and replayed through the engine each frame it is
//! needed (microseconds), so the screen never holds a second copy of the customer's state.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::Screen;
use crate::game::data::{Catalog, Db, Settings};
use crate::game::menu::PracticeMode;
use crate::game::play_view;

use crate::game::session::Session;

pub fn plugin(app: &mut App) {
    app.init_resource::<Session>()
        .add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Play)));
}

/// Keeps the portrait animating: inserted by the performance run (`tour`), which depends on this
/// screen and never the other way round.
#[derive(Resource)]
pub struct Wobble;

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    mut db: ResMut<Db>,
    mut session: ResMut<Session>,
    time: Res<Time<Real>>,
    wobble: Option<Res<Wobble>>,
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
    if let Some(i) = act.chosen {
        let late = remaining.is_some_and(|r| r <= 0.0);
        session.choose(i, settings.prefs.coach, late, &catalog);
    }
    // The call is scored and saved as soon as it ends, so the end card can reveal the total.
    if session.sim().is_some_and(|s| s.finished()) && session.result.is_none() {
        let player = settings.player();
        session.finish(&catalog, &mut db, &player);
    }
    if act.debrief && session.result.is_some() {
        next.set(Screen::Debrief);
    }
    if act.quit {
        next.set(Screen::Picker);
    }
    Ok(())
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
