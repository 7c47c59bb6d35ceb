//! Practice history: one person's finished runs.

use rusqlite::params;

use super::*;

impl Store {
    /// Records a finished practice run atomically (a crash mid-write never loses earlier runs).
    pub fn record_practice(&self, run: &PracticeRun) -> Result<i64, StoreError> {
        let player = crate::names::name(&run.player, ("player name", "学员姓名")).map_err(StoreError::Invalid)?;
        if !run.total.is_finite() || run.principles.iter().any(|(_, s)| !s.is_finite()) {
            return Err(StoreError::Invalid(
                "the score is not a number; nothing was recorded / 分数无效，未记录".into(),
            ));
        }
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO practice_run (player, scenario, seed, choices, total, outcome, finished_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                player,
                run.scenario,
                run.seed as i64,
                join_choices(&run.choices),
                run.total as f64,
                run.outcome,
                run.finished_at
            ],
        )
        .map_err(|e| self.err(e))?;
        let id = tx.last_insert_rowid();
        for (p, s) in &run.principles {
            tx.execute(
                "INSERT INTO practice_principle (run_id, principle, score) VALUES (?1, ?2, ?3)",
                params![id, p.id(), *s as f64],
            )
            .map_err(|e| self.err(e))?;
        }
        test_pause();
        tx.commit().map_err(|e| self.err(e))?;
        Ok(id)
    }

    /// All runs of a player, oldest first.
    pub fn practice_runs(&self, player: &str) -> Result<Vec<PracticeRun>, StoreError> {
        let rows = self.rows(
            "SELECT id, player, scenario, seed, choices, total, outcome, finished_at FROM practice_run
             WHERE player = ?1 ORDER BY finished_at, id",
            [crate::names::normal(player)],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, f64>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            },
        )?;
        let mut pstmt = self
            .conn
            .prepare("SELECT principle, score FROM practice_principle WHERE run_id = ?1")
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, player, scenario, seed, choices, total, outcome, finished_at) in rows {
            let principles = principles_of(&mut pstmt, id).map_err(|e| self.err(e))?;
            out.push(PracticeRun {
                id: Some(id),
                player,
                scenario,
                seed: seed as u64,
                choices: split_choices(&choices).map_err(|m| self.invalid_data(m))?,
                total: total as f32,
                principles,
                outcome,
                finished_at,
            });
        }
        Ok(out)
    }

    /// Best total of a player on a scenario.
    pub fn best_total(&self, player: &str, scenario: &str) -> Result<Option<f32>, StoreError> {
        self.conn
            .query_row(
                "SELECT MAX(total) FROM practice_run WHERE player = ?1 AND scenario = ?2",
                [crate::names::normal(player).as_str(), scenario],
                |r| r.get::<_, Option<f64>>(0),
            )
            .map(|v| v.map(|x| x as f32))
            .map_err(|e| self.err(e))
    }

    /// The names of everyone with practice history, sorted.
    pub fn players(&self) -> Result<Vec<String>, StoreError> {
        self.rows("SELECT DISTINCT player FROM practice_run ORDER BY player", [], |r| {
            r.get(0)
        })
    }
}
