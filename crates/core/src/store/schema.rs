//! The schema: one SQL step per version.

/// The schema, one step per version. `PRAGMA user_version` holds how many steps have run; `open`
/// runs the missing ones in one transaction. Never edit a step once shipped: add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: practice history
    "CREATE TABLE practice_run (
        id          INTEGER PRIMARY KEY,
        player      TEXT    NOT NULL,
        scenario    TEXT    NOT NULL,
        seed        INTEGER NOT NULL,
        choices     TEXT    NOT NULL,
        total       REAL    NOT NULL,
        outcome     TEXT,
        finished_at INTEGER NOT NULL
    );
    CREATE INDEX practice_run_player ON practice_run(player, scenario);
    CREATE TABLE practice_principle (
        run_id    INTEGER NOT NULL REFERENCES practice_run(id) ON DELETE CASCADE,
        principle TEXT    NOT NULL,
        score     REAL    NOT NULL,
        PRIMARY KEY (run_id, principle)
    );",
    // 2: workshops
    "CREATE TABLE workshop (
        id              INTEGER PRIMARY KEY,
        name            TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        discussion_secs INTEGER NOT NULL,
        reward          TEXT    NOT NULL,
        penalty         TEXT    NOT NULL,
        paused          INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE workshop_team (
        workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        name        TEXT    NOT NULL,
        slogan      TEXT    NOT NULL,
        PRIMARY KEY (workshop_id, position),
        UNIQUE (workshop_id, name)
    );
    CREATE TABLE workshop_member (
        workshop_id INTEGER NOT NULL,
        team        INTEGER NOT NULL,
        position    INTEGER NOT NULL,
        name        TEXT    NOT NULL,
        role        TEXT    NOT NULL,
        PRIMARY KEY (workshop_id, team, position),
        FOREIGN KEY (workshop_id, team) REFERENCES workshop_team(workshop_id, position) ON DELETE CASCADE
    );
    CREATE TABLE workshop_round (
        workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
        number      INTEGER NOT NULL,
        scenario    TEXT    NOT NULL,
        seed        INTEGER NOT NULL,
        PRIMARY KEY (workshop_id, number)
    );
    CREATE TABLE workshop_run (
        id          INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
        round       INTEGER NOT NULL,
        team        INTEGER NOT NULL,
        seed        INTEGER NOT NULL,
        choices     TEXT    NOT NULL,
        picks       TEXT    NOT NULL,
        total       REAL    NOT NULL,
        outcome     TEXT,
        finished_at INTEGER NOT NULL,
        redo_reason TEXT,
        redone_at   INTEGER
    );
    CREATE INDEX workshop_run_ws ON workshop_run(workshop_id, round, team);
    CREATE TABLE workshop_run_principle (
        run_id    INTEGER NOT NULL REFERENCES workshop_run(id) ON DELETE CASCADE,
        principle TEXT    NOT NULL,
        score     REAL    NOT NULL,
        PRIMARY KEY (run_id, principle)
    );
    CREATE TABLE workshop_skip (
        id          INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
        round       INTEGER NOT NULL,
        team        INTEGER NOT NULL,
        reason      TEXT    NOT NULL,
        at          INTEGER NOT NULL
    );",
    // 3: the room (teams playing from their own devices): pacing, removed teams, the room's join
    // code and trainer key, and its log of accepted events (JSON, one row each, in order).
    "ALTER TABLE workshop ADD COLUMN pacing TEXT NOT NULL DEFAULT 'free';
    ALTER TABLE workshop_team ADD COLUMN withdrawn TEXT;
    CREATE TABLE room (
        workshop_id INTEGER PRIMARY KEY REFERENCES workshop(id) ON DELETE CASCADE,
        code        TEXT    NOT NULL,
        trainer_key TEXT    NOT NULL,
        opened_at   INTEGER NOT NULL
    );
    CREATE TABLE room_event (
        workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        at          INTEGER NOT NULL,
        event       TEXT    NOT NULL,
        PRIMARY KEY (workshop_id, seq)
    );",
    // 4: the fingerprint of each round's scenario as the room last ran it (JSON list, one per
    // round), so a restarted host does not replay a started round on a scenario edited since.
    "ALTER TABLE room ADD COLUMN scenarios TEXT NOT NULL DEFAULT '[]';",
];

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}
