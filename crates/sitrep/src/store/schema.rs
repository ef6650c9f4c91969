//! Versioned schema: migration N brings a database from `PRAGMA user_version` N-1 to N.
//! Append a migration, never edit one that has shipped: old databases replay the list.

use anyhow::{Context, Result};
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: documents, mentions, merged events, redirects, changefeed, control claims, evidence search.
    r#"
    CREATE TABLE documents (
        id          INTEGER PRIMARY KEY,
        hash        TEXT NOT NULL UNIQUE,      -- sha256 of the text as read: same article, same row
        doc_id      TEXT NOT NULL,
        url         TEXT,
        title       TEXT,
        lang        TEXT,
        published   TEXT,                      -- DateRange JSON
        text        TEXT NOT NULL,
        batch       INTEGER NOT NULL
    );
    CREATE INDEX documents_doc_id ON documents(doc_id);

    CREATE TABLE events (
        id               TEXT PRIMARY KEY,
        event_type       TEXT NOT NULL,
        sub_event_type   TEXT NOT NULL,
        actor1_name      TEXT, actor1_inter TEXT,
        actor2_name      TEXT, actor2_inter TEXT,
        place_name       TEXT NOT NULL,
        country          TEXT,
        admin1           TEXT,
        lat              REAL,
        lon              REAL,
        geonameid        INTEGER,
        geo_precision    INTEGER NOT NULL,
        date_start       TEXT NOT NULL,
        date_end         TEXT NOT NULL,
        fat_low          INTEGER,
        fat_high         INTEGER,
        fat_conservative INTEGER,
        confidence       REAL NOT NULL,
        n_mentions       INTEGER NOT NULL,
        n_sources        INTEGER NOT NULL,
        contested        INTEGER NOT NULL,
        rep              TEXT NOT NULL,         -- representative pipeline Event JSON
        created_seq      INTEGER NOT NULL,
        updated_seq      INTEGER NOT NULL
    );
    CREATE INDEX events_country_date ON events(country, date_start);
    CREATE INDEX events_date ON events(date_start, id);
    CREATE INDEX events_lat ON events(lat);

    CREATE TABLE mentions (
        id        INTEGER PRIMARY KEY,
        document  INTEGER NOT NULL REFERENCES documents(id),
        ordinal   INTEGER NOT NULL,
        event_id  TEXT NOT NULL,
        event     TEXT NOT NULL,                -- the extracted pipeline Event JSON
        UNIQUE(document, ordinal)
    );
    CREATE INDEX mentions_event ON mentions(event_id);

    CREATE TABLE redirects (
        from_id  TEXT PRIMARY KEY,
        to_id    TEXT NOT NULL
    );
    CREATE INDEX redirects_to ON redirects(to_id);

    CREATE TABLE changes (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id  TEXT NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('created', 'updated', 'merged')),
        into_id   TEXT,
        batch     INTEGER NOT NULL,
        at        TEXT NOT NULL
    );

    CREATE TABLE control_claims (
        event_id      TEXT PRIMARY KEY,
        place_key     TEXT NOT NULL,
        country       TEXT,
        location      TEXT NOT NULL,           -- Location JSON
        holder        TEXT NOT NULL,           -- Actor JSON
        date          TEXT NOT NULL,           -- DateRange JSON
        date_start    TEXT NOT NULL,
        claimants     TEXT NOT NULL            -- [Actor|null] JSON
    );
    CREATE INDEX control_country ON control_claims(country, place_key);

    CREATE TABLE batches (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        documents INTEGER NOT NULL
    );

    CREATE VIRTUAL TABLE mention_text USING fts5(evidence, tokenize = 'unicode61 remove_diacritics 2');
    "#,
    // 2: a space-time index for merge candidates. Without it, finding the events a
    // mention may join scans every event of the country (quadratic ingest). `box` is an
    // explicit key because VACUUM may renumber implicit rowids.
    r#"
    ALTER TABLE events ADD COLUMN box INTEGER;
    CREATE UNIQUE INDEX events_box ON events(box);
    CREATE VIRTUAL TABLE event_box USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day);
    "#,
    // 3: the evidence index keeps no copy of the text (it is in `mentions` already);
    // searches only need the matching mention ids. Saves ~4% of the database.
    r#"
    DROP TABLE mention_text;
    CREATE VIRTUAL TABLE mention_text USING fts5(evidence, content = '', tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO mention_text(rowid, evidence) SELECT id, json_extract(event, '$.evidence.text') FROM mentions;
    "#,
];

/// Brings the database to the latest version, each step in its own transaction so a
/// crash leaves it at a whole version.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    if current > MIGRATIONS.len() {
        anyhow::bail!("database schema version {current} is newer than this sitrep ({})", MIGRATIONS.len());
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql).with_context(|| format!("applying schema migration {}", i + 1))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

pub fn latest_version() -> usize {
    MIGRATIONS.len()
}
