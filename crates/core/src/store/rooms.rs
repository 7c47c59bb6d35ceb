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

    /// The fingerprint of each round's scenario as the room last ran it (`Compiled::fingerprint`,
    /// one per round); empty for a room opened by a build that did not keep them.
    pub fn room_scenarios(&self, workshop: i64) -> Result<Vec<String>, StoreError> {
        let json: Vec<String> = self.rows("SELECT scenarios FROM room WHERE workshop_id = ?1", [workshop], |r| {
            r.get(0)
        })?;
        match json.first() {
            None => Ok(Vec::new()),
            Some(j) => serde_json::from_str(j)
                .map_err(|x| self.invalid_data(format!("room of workshop {workshop}: bad scenario list: {x}"))),
        }
    }

    /// Replaces the fingerprints [`Store::room_scenarios`] returns.
    pub fn set_room_scenarios(&self, workshop: i64, fingerprints: &[String]) -> Result<(), StoreError> {
        let json = serde_json::to_string(fingerprints).map_err(|x| StoreError::Invalid(x.to_string()))?;
        self.conn
            .execute(
                "UPDATE room SET scenarios = ?2 WHERE workshop_id = ?1",
                params![workshop, json],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
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
        let mut batch = self.room_batch()?;
        let ws = batch.write(workshop, seq, at, event, changes)?;
        batch.commit()?;
        Ok(ws)
    }

    /// Several room events in one transaction (group commit: the messages that arrived together
    /// cost one `fsync`, not one each). Each [`RoomBatch::write`] is all or nothing on its own.
    pub fn room_batch(&self) -> Result<RoomBatch<'_>, StoreError> {
        Ok(RoomBatch {
            store: self,
            tx: self.begin()?,
        })
    }
}

/// An open transaction of room events (see [`Store::room_batch`]); dropped without
/// [`RoomBatch::commit`], nothing of it is written.
pub struct RoomBatch<'a> {
    store: &'a Store,
    tx: rusqlite::Transaction<'a>,
}

impl RoomBatch<'_> {
    /// Appends event number `seq` (JSON) to the room's log and applies `changes` (checked against
    /// the rules); when anything is refused or fails, this event writes nothing and the batch goes
    /// on. Returns the workshop afterwards when there were changes.
    pub fn write(
        &mut self,
        workshop: i64,
        seq: u64,
        at: i64,
        event: &str,
        changes: &[WorkshopEvent<'_>],
    ) -> Result<Option<Workshop>, StoreError> {
        let store = self.store;
        let db = |e: rusqlite::Error| store.err(e);
        let sp = self.tx.savepoint().map_err(db)?;
        let next: i64 = sp
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
        sp.execute(
            "INSERT INTO room_event (workshop_id, seq, at, event) VALUES (?1, ?2, ?3, ?4)",
            params![workshop, seq as i64, at, event],
        )
        .map_err(db)?;
        let ws = if changes.is_empty() {
            None
        } else {
            let mut ws = store.workshop(workshop)?;
            for c in changes {
                store.apply_in(&sp, &mut ws, c)?;
            }
            Some(ws)
        };
        sp.commit().map_err(db)?;
        Ok(ws)
    }

    pub fn commit(self) -> Result<(), StoreError> {
        test_pause();
        let store = self.store;
        self.tx.commit().map_err(|e| store.err(e))
    }
}
