//! The write path: one batch of analysed documents → one transaction.
//!
//! Mentions are merged one at a time in input order, so the result (ids included) is a
//! function of the input alone, whatever the number of analysis threads.

use std::collections::HashSet;

use anyhow::{Context, Result};
use pipeline::control;
use pipeline::events::{Actor, Event};
use pipeline::merge;
use rusqlite::{params, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};

use super::{BatchReport, NewDocument, Store};

/// Content hash of a document: equal texts are one document however often they arrive.
pub fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Stores a batch of documents with their extracted events, merging each event into
    /// the stored picture. All or nothing: on error (or a crash) nothing of the batch remains.
    pub fn ingest_batch(&mut self, docs: &[NewDocument<'_>]) -> Result<BatchReport> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = jiff::Timestamp::now().to_string();
        tx.execute("INSERT INTO batches(at, documents) VALUES (?1, 0)", params![at])?;
        let batch = tx.last_insert_rowid();
        let mut report = BatchReport::default();
        let mut touched: Vec<String> = Vec::new();
        let mut created: HashSet<String> = HashSet::new();

        for doc in docs {
            let a = doc.article;
            let hash = content_hash(&a.text);
            let published = a.published.map(|p| serde_json::to_string(&p)).transpose()?;
            let inserted = tx.execute(
                "INSERT OR IGNORE INTO documents(hash, doc_id, url, title, lang, published, text, batch)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![hash, a.id, a.url, a.title, doc.lang, published, a.text, batch],
            )?;
            if inserted == 0 {
                report.duplicates += 1;
                continue;
            }
            report.documents += 1;
            let document = tx.last_insert_rowid();
            for (ordinal, ev) in doc.events.iter().enumerate() {
                let target = place_mention(&tx, ev, document, &hash, ordinal, batch, &at, &mut created, &mut touched, &mut report)
                    .with_context(|| format!("merging event {ordinal} of document {}", a.id))?;
                tx.execute(
                    "INSERT INTO mentions(document, ordinal, event_id, event) VALUES (?1, ?2, ?3, ?4)",
                    params![document, ordinal as i64, target, serde_json::to_string(ev)?],
                )?;
                let mention = tx.last_insert_rowid();
                tx.execute("INSERT INTO mention_text(rowid, evidence) VALUES (?1, ?2)", params![mention, ev.evidence.text])?;
                report.mentions += 1;
                if !touched.contains(&target) {
                    touched.push(target);
                }
            }
        }

        for id in &touched {
            refresh(&tx, id)?;
            let kind = if created.contains(id) { "created" } else { "updated" };
            if kind == "created" {
                report.events_created += 1;
            } else {
                report.events_updated += 1;
            }
            tx.execute(
                "INSERT INTO changes(event_id, kind, batch, at) VALUES (?1, ?2, ?3, ?4)",
                params![id, kind, batch, at],
            )?;
            let seq = tx.last_insert_rowid();
            tx.execute(
                "UPDATE events SET updated_seq = ?2, created_seq = CASE WHEN ?3 THEN ?2 ELSE created_seq END WHERE id = ?1",
                params![id, seq, kind == "created"],
            )?;
        }
        tx.execute("UPDATE batches SET documents = ?2 WHERE id = ?1", params![batch, report.documents as i64])?;
        tx.commit().context("committing batch")?;
        Ok(report)
    }
}

/// Finds (or creates) the event a mention belongs to and returns its id. When the mention
/// matches several stored events they were one all along: the others are absorbed into
/// the best match and leave redirects.
#[allow(clippy::too_many_arguments)]
fn place_mention(
    tx: &Transaction<'_>,
    ev: &Event,
    document: i64,
    doc_hash: &str,
    ordinal: usize,
    batch: i64,
    at: &str,
    created: &mut HashSet<String>,
    touched: &mut Vec<String>,
    report: &mut BatchReport,
) -> Result<String> {
    let cands = candidates(tx, ev, document)?;
    let reps: Vec<Event> = cands.iter().map(|(_, e)| e.clone()).collect();
    let hits = merge::matches(ev, &reps);
    let Some((&best, mut others)) = hits.split_first() else {
        let id = fresh_id(tx, ev, doc_hash, ordinal)?;
        upsert_event(tx, &id, ev)?;
        created.insert(id.clone());
        return Ok(id);
    };
    if !merge::may_bridge(ev) {
        others = &[];
    }
    let (target, mut rep) = cands[best].clone();
    merge::absorb(&mut rep, ev);
    // Nor may a bridging report fuse two events that one article told apart.
    let mut share_doc = tx.prepare_cached(
        "SELECT 1 FROM mentions a JOIN mentions b ON a.document = b.document
         WHERE a.event_id = ?1 AND b.event_id = ?2 LIMIT 1",
    )?;
    for &o in others {
        let (gone, other) = &cands[o];
        if share_doc.exists(params![gone, target])? {
            continue;
        }
        merge::absorb(&mut rep, other);
        tx.execute("UPDATE mentions SET event_id = ?2 WHERE event_id = ?1", params![gone, target])?;
        tx.execute("UPDATE redirects SET to_id = ?2 WHERE to_id = ?1", params![gone, target])?;
        tx.execute("INSERT OR REPLACE INTO redirects(from_id, to_id) VALUES (?1, ?2)", params![gone, target])?;
        tx.execute("DELETE FROM event_box WHERE id = (SELECT box FROM events WHERE id = ?1)", params![gone])?;
        tx.execute("DELETE FROM events WHERE id = ?1", params![gone])?;
        tx.execute("DELETE FROM control_claims WHERE event_id = ?1", params![gone])?;
        // An event born and absorbed within this batch was never visible to a reader:
        // the feed and the counts never hear of it.
        if !created.remove(gone) {
            tx.execute(
                "INSERT INTO changes(event_id, kind, into_id, batch, at) VALUES (?1, 'merged', ?2, ?3, ?4)",
                params![gone, target, batch, at],
            )?;
            report.events_merged += 1;
        }
        touched.retain(|t| t != gone);
    }
    upsert_event(tx, &target, &rep)?;
    Ok(target)
}

/// Stored events that could be the same as `ev`: overlapping dates, same country, and
/// near enough (a box in the space-time index; `merge` applies the exact rule). Events
/// already reported by `document` are left out: the pipeline already decided which of one
/// article's events are distinct (the airport and the city, two nearby towns taken).
fn candidates(tx: &Transaction<'_>, ev: &Event, document: i64) -> Result<Vec<(String, Event)>> {
    let (lat0, lat1, lon0, lon1) = match point(ev) {
        Some((lat, lon)) => {
            let dlat = merge::MAX_DISTANCE_KM / 111.0 * 1.1;
            let dlon = dlat / lat.to_radians().cos().max(0.05);
            (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
        }
        None => WORLD,
    };
    let mut stmt = tx.prepare_cached(
        "SELECT e.id, e.rep FROM event_box b JOIN events e ON e.box = b.id
         WHERE b.min_lat <= ?2 AND b.max_lat >= ?1 AND b.min_lon <= ?4 AND b.max_lon >= ?3
           AND b.min_day <= ?6 AND b.max_day >= ?5
           AND (?7 IS NULL OR e.country IS NULL OR e.country = ?7)
           AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id AND m.document = ?8)
         ORDER BY e.created_seq, e.id",
    )?;
    let rows = stmt.query_map(
        params![lat0, lat1, lon0, lon1, day(ev.date.start), day(ev.date.end), ev.location.country, document],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, rep) = row?;
        let ev: Event = serde_json::from_str(&rep).with_context(|| format!("stored event {id} is not valid JSON"))?;
        out.push((id, ev));
    }
    Ok(out)
}

const WORLD: (f64, f64, f64, f64) = (-90.0, 90.0, -180.0, 180.0);

/// The point an event is matched by distance from; `None` when it only names a region
/// (or has no coordinates): then it is matched by admin-1 unit, and indexed everywhere.
fn point(ev: &Event) -> Option<(f64, f64)> {
    let l = &ev.location;
    match (l.lat, l.lon) {
        (Some(lat), Some(lon)) if l.geo_precision < 3 => Some((lat, lon)),
        _ => None,
    }
}

fn day(d: jiff::civil::Date) -> i64 {
    i64::from((d - jiff::civil::date(1970, 1, 1)).get_days())
}

/// Puts the event's current place and dates in the space-time index.
fn index_event(tx: &Transaction<'_>, id: &str, rep: &Event) -> Result<()> {
    let existing: Option<i64> = tx.query_row("SELECT box FROM events WHERE id = ?1", params![id], |r| r.get(0))?;
    let key = match existing {
        Some(k) => k,
        None => {
            let k: i64 = tx.query_row("SELECT coalesce(max(box), 0) + 1 FROM events", [], |r| r.get(0))?;
            tx.execute("UPDATE events SET box = ?2 WHERE id = ?1", params![id, k])?;
            k
        }
    };
    let (lat0, lat1, lon0, lon1) = point(rep).map_or(WORLD, |(lat, lon)| (lat, lat, lon, lon));
    tx.prepare_cached("INSERT OR REPLACE INTO event_box(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![key, lat0, lat1, lon0, lon1, day(rep.date.start), day(rep.date.end)])?;
    Ok(())
}

/// The content-derived id; bumped in the (astronomically rare) case it is already taken.
fn fresh_id(tx: &Transaction<'_>, ev: &Event, doc_hash: &str, ordinal: usize) -> Result<String> {
    let base = merge::event_id(ev, doc_hash, ordinal);
    let mut id = base.clone();
    let mut n = 1;
    loop {
        let taken: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM events WHERE id = ?1) OR EXISTS(SELECT 1 FROM redirects WHERE from_id = ?1)",
            params![id],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(id);
        }
        id = format!("{base}-{n}");
        n += 1;
    }
}

/// Writes the representative fields (not the aggregates, see [`refresh`]).
fn upsert_event(tx: &Transaction<'_>, id: &str, rep: &Event) -> Result<()> {
    let l = &rep.location;
    let name = |a: &Option<Actor>| a.as_ref().map(|a| a.name.clone());
    let inter = |a: &Option<Actor>| a.as_ref().map(|a| a.inter.clone());
    tx.prepare_cached(
        "INSERT INTO events(id, event_type, sub_event_type, actor1_name, actor1_inter, actor2_name, actor2_inter,
                            place_name, country, admin1, lat, lon, geonameid, geo_precision, date_start, date_end,
                            confidence, n_mentions, n_sources, contested, rep, created_seq, updated_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 0, 0, 0, ?18, 0, 0)
         ON CONFLICT(id) DO UPDATE SET
            event_type = excluded.event_type, sub_event_type = excluded.sub_event_type,
            actor1_name = excluded.actor1_name, actor1_inter = excluded.actor1_inter,
            actor2_name = excluded.actor2_name, actor2_inter = excluded.actor2_inter,
            place_name = excluded.place_name, country = excluded.country, admin1 = excluded.admin1,
            lat = excluded.lat, lon = excluded.lon, geonameid = excluded.geonameid,
            geo_precision = excluded.geo_precision, date_start = excluded.date_start, date_end = excluded.date_end,
            confidence = excluded.confidence, rep = excluded.rep",
    )?
    .execute(params![
        id,
        rep.event_type,
        rep.sub_event_type,
        name(&rep.actor1),
        inter(&rep.actor1),
        name(&rep.actor2),
        inter(&rep.actor2),
        l.name,
        l.country,
        l.admin1,
        l.lat,
        l.lon,
        l.geonameid,
        l.geo_precision,
        rep.date.start.to_string(),
        rep.date.end.to_string(),
        rep.confidence,
        serde_json::to_string(rep)?,
    ])?;
    index_event(tx, id, rep)
}

/// Recomputes what an event's reports add up to (toll range, counts, contested) and its
/// territorial-control claim, from its mentions.
fn refresh(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached("SELECT event, document FROM mentions WHERE event_id = ?1 ORDER BY id")?;
    let mut reports: Vec<Event> = Vec::new();
    let mut docs: HashSet<i64> = HashSet::new();
    for row in stmt.query_map(params![id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (json, doc) = row?;
        reports.push(serde_json::from_str(&json).with_context(|| format!("a mention of {id} is not valid JSON"))?);
        docs.insert(doc);
    }
    let tolls: Vec<_> = reports.iter().map(|r| r.fatalities).collect();
    let range = merge::fatality_range(&tolls);
    let mut lows: Vec<u32> = tolls.iter().flatten().map(|f| f.low).collect();
    lows.sort_unstable();
    lows.dedup();
    tx.execute(
        "UPDATE events SET fat_low = ?2, fat_high = ?3, fat_conservative = ?4, n_mentions = ?5, n_sources = ?6, contested = ?7
         WHERE id = ?1",
        params![
            id,
            range.map(|r| r.low),
            range.and_then(|r| r.high),
            range.map(|r| r.conservative),
            reports.len() as i64,
            docs.len() as i64,
            lows.len() > 1
        ],
    )?;

    let rep: String = tx.query_row("SELECT rep FROM events WHERE id = ?1", params![id], |r| r.get(0))?;
    let rep: Event = serde_json::from_str(&rep)?;
    let claimants = reports.iter().map(|r| r.claimed_by.clone()).collect();
    match control::claim_of(&rep, control::place_key(&rep), id.to_string(), claimants) {
        Some(c) => {
            tx.execute(
                "INSERT OR REPLACE INTO control_claims(event_id, place_key, country, location, holder, date, date_start, claimants)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    c.place_key,
                    rep.location.country,
                    serde_json::to_string(&rep.location)?,
                    serde_json::to_string(&c.holder)?,
                    serde_json::to_string(&c.date)?,
                    c.date.start.to_string(),
                    serde_json::to_string(&c.claimants)?
                ],
            )?;
        }
        None => {
            tx.execute("DELETE FROM control_claims WHERE event_id = ?1", params![id])?;
        }
    }
    Ok(())
}
