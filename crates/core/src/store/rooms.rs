//! The room's storage: its join code and trainer key, and its log of accepted events. A room event
//! and the workshop changes it causes (a team's finished run, a new team, …) are written in one
//! transaction, so what a device was told happened is on disk, and a restarted host replays the
//! log to exactly where it stopped (`crate::room::Host::open`).

use rusqlite::{OptionalExtension, params};

use super::*;
use crate::workshop::Workshop;

impl Store {
    /// The join code and trainer key of workshop `workshop`'s room: the stored ones when the room
    /// was opened before (so devices and the trainer reconnect after a restart), else `code` and
    /// `key`, stored now.
    pub fn open_room(&self, workshop: i64, code: &str, key: &str, at: i64) -> Result<(String, String), StoreError> {
        let db = |e: rusqlite::Error| self.err(e);
        let tx = self.begin()?;
        self.workshop(workshop)?; // exists
        let found: Option<(String, String)> = tx
            .query_row(
                "SELECT code, trainer_key FROM room WHERE workshop_id = ?1",
                [workshop],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(db)?;
        let out = match found {
            Some(v) => v,
            None => {
                tx.execute(
                    "INSERT INTO room (workshop_id, code, trainer_key, opened_at) VALUES (?1, ?2, ?3, ?4)",
                    params![workshop, code, key, at],
                )
                .map_err(db)?;
                (code.to_string(), key.to_string())
            }
        };
        tx.commit().map_err(db)?;
        Ok(out)
    }

    /// The room's events in order: (time in ms, JSON).
    pub fn room_events(&self, workshop: i64) -> Result<Vec<(i64, String)>, StoreError> {
        self.rows(
            "SELECT at, event FROM room_event WHERE workshop_id = ?1 ORDER BY seq",
            [workshop],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Appends event number `seq` (JSON) to the room's log and applies `changes` to the workshop,
    /// all in one transaction (each change checked against the rules inside it): everything or
    /// nothing is written. Returns the workshop afterwards when there were changes.
    pub fn room_commit(
        &self,
        workshop: i64,
        seq: u64,
        at: i64,
        event: &str,
        changes: &[WorkshopEvent<'_>],
    ) -> Result<Option<Workshop>, StoreError> {
        let db = |e: rusqlite::Error| self.err(e);
        let tx = self.begin()?;
        let next: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(seq) + 1, 0) FROM room_event WHERE workshop_id = ?1",
                [workshop],
                |r| r.get(0),
            )
            .map_err(db)?;
        if next != seq as i64 {
            return Err(StoreError::Invalid(format!(
                "the room's log has {next} events, not {seq}: another program is writing this workshop's room \
                 / 另一程序正在写入此工作坊的房间"
            )));
        }
        tx.execute(
            "INSERT INTO room_event (workshop_id, seq, at, event) VALUES (?1, ?2, ?3, ?4)",
            params![workshop, seq as i64, at, event],
        )
        .map_err(db)?;
        let ws = if changes.is_empty() {
            None
        } else {
            let mut ws = self.workshop(workshop)?;
            for c in changes {
                self.apply_in(&tx, &mut ws, c)?;
            }
            Some(ws)
        };
        test_pause();
        tx.commit().map_err(db)?;
        Ok(ws)
    }
}
