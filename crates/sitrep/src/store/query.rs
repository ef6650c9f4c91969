//! The read path: the queries the CLI and the HTTP API ask.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use jiff::civil::Date;
use pipeline::control::{self, ControlClaim};
use pipeline::events::{Actor, Event, Location};
use pipeline::merge::FatalityRange;
use pipeline::DateRange;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::{Change, Claim, ControlState, CountRow, DocumentRef, EventDetail, EventFilter, EventRecord, MentionRecord, Page, Stats, Store};

const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;

const RECORD_COLUMNS: &str =
    "e.id, e.rep, e.fat_low, e.fat_high, e.fat_conservative, e.n_mentions, e.n_sources, e.contested, e.created_seq, e.updated_seq";

fn record(r: &Row<'_>) -> rusqlite::Result<EventRecord> {
    let id: String = r.get(0)?;
    let rep: String = r.get(1)?;
    let rep: Event = serde_json::from_str(&rep)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e)))?;
    let fatalities = match (r.get::<_, Option<u32>>(2)?, r.get::<_, Option<u32>>(4)?) {
        (Some(low), Some(conservative)) => Some(FatalityRange { low, high: r.get(3)?, conservative }),
        _ => None,
    };
    Ok(EventRecord {
        id,
        event_type: rep.event_type,
        sub_event_type: rep.sub_event_type,
        actor1: rep.actor1,
        actor2: rep.actor2,
        location: rep.location,
        date: rep.date,
        fatalities,
        confidence: rep.confidence,
        mentions: r.get(5)?,
        sources: r.get(6)?,
        contested: r.get(7)?,
        doc_id: rep.doc_id,
        evidence: rep.evidence,
        created_seq: r.get(8)?,
        updated_seq: r.get(9)?,
    })
}

/// The filter as SQL conditions over `events e` and their parameters.
fn conditions(f: &EventFilter) -> (Vec<String>, Vec<Value>) {
    let mut w: Vec<String> = Vec::new();
    let mut p: Vec<Value> = Vec::new();
    let mut add = |cond: &str, vals: Vec<Value>| {
        w.push(cond.to_string());
        p.extend(vals);
    };
    let text = |s: &str| Value::Text(s.to_string());
    if let Some(d) = f.start {
        add("e.date_end >= ?", vec![text(&d.to_string())]);
    }
    if let Some(d) = f.end {
        add("e.date_start <= ?", vec![text(&d.to_string())]);
    }
    if let Some(b) = f.bbox {
        add("e.lat BETWEEN ? AND ?", vec![Value::Real(b.south), Value::Real(b.north)]);
        if b.west <= b.east {
            add("e.lon BETWEEN ? AND ?", vec![Value::Real(b.west), Value::Real(b.east)]);
            // The R*Tree answers the box without a scan; its boxes are rounded outwards,
            // so it only narrows, and the exact test above decides.
            add(
                "e.box IN (SELECT id FROM event_box WHERE max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ?)",
                vec![Value::Real(b.south), Value::Real(b.north), Value::Real(b.west), Value::Real(b.east)],
            );
        } else {
            // A box across the antimeridian.
            add("(e.lon >= ? OR e.lon <= ?)", vec![Value::Real(b.west), Value::Real(b.east)]);
        }
    }
    for (col, v) in [
        ("e.country", &f.country),
        ("e.admin1", &f.admin1),
        ("e.event_type", &f.event_type),
        ("e.sub_event_type", &f.sub_event_type),
    ] {
        if let Some(v) = v {
            add(&format!("{col} = ?"), vec![text(v)]);
        }
    }
    if let Some(a) = &f.actor {
        let pat = format!("%{}%", a.to_lowercase());
        add("(lower(e.actor1_name) LIKE ? OR lower(e.actor2_name) LIKE ?)", vec![text(&pat), text(&pat)]);
    }
    if let Some(i) = &f.inter {
        add("(e.actor1_inter = ? OR e.actor2_inter = ?)", vec![text(i), text(i)]);
    }
    if let Some(c) = f.min_confidence {
        add("e.confidence >= ?", vec![Value::Real(c)]);
    }
    if let Some(q) = f.q.as_deref().and_then(fts_terms) {
        add(
            "e.id IN (SELECT m.event_id FROM mentions m WHERE m.id IN (SELECT rowid FROM mention_text WHERE mention_text MATCH ?))",
            vec![text(&q)],
        );
    }
    (w, p)
}

/// Words typed by a user as an FTS5 query: every word must occur (each quoted, so
/// punctuation and FTS operators in the input are plain text, never a syntax error).
fn fts_terms(q: &str) -> Option<String> {
    let terms: Vec<String> = q.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn where_clause(w: &[String]) -> String {
    if w.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", w.join(" AND "))
    }
}

impl Store {
    /// Events matching the filter, most recent first (date, then id), one page at a time.
    /// The cursor is opaque to callers: pass back `next_cursor`.
    pub fn list_events(&self, f: &EventFilter) -> Result<Page<EventRecord>> {
        let limit = f.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let (mut w, mut p) = conditions(f);
        if let Some(c) = &f.cursor {
            let (date, id) = c.split_once('|').with_context(|| format!("bad cursor {c:?}"))?;
            w.push("(e.date_start < ? OR (e.date_start = ? AND e.id < ?))".into());
            p.extend([Value::Text(date.into()), Value::Text(date.into()), Value::Text(id.into())]);
        }
        p.push(Value::Integer(limit as i64 + 1));
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM events e {} ORDER BY e.date_start DESC, e.id DESC LIMIT ?",
            where_clause(&w)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut items = stmt
            .query_map(params_from_iter(p), record)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("listing events")?;
        let next_cursor = if items.len() > limit {
            items.truncate(limit);
            // date_start is written from the representative's date, so the record carries it.
            items.last().map(|e| format!("{}|{}", e.date.start, e.id))
        } else {
            None
        };
        Ok(Page { items, next_cursor })
    }

    /// Every event matching the filter (limit and cursor ignored), page by page, in the
    /// spec's `Event` shape: what exports write.
    pub fn export_events<'a>(&'a self, f: &EventFilter) -> impl Iterator<Item = Result<Event>> + 'a {
        let mut filter = EventFilter { limit: Some(MAX_LIMIT), cursor: None, ..f.clone() };
        let mut buffer: std::vec::IntoIter<EventRecord> = Vec::new().into_iter();
        let mut done = false;
        std::iter::from_fn(move || loop {
            if let Some(r) = buffer.next() {
                return Some(Ok(r.to_event()));
            }
            if done {
                return None;
            }
            match self.list_events(&filter) {
                Ok(page) => {
                    done = page.next_cursor.is_none();
                    filter.cursor = page.next_cursor;
                    buffer = page.items.into_iter();
                }
                Err(e) => {
                    done = true;
                    return Some(Err(e));
                }
            }
        })
    }

    /// One event with its mentions, documents and claims. An absorbed id leads to the
    /// event that absorbed it (`redirected_from` says so); unknown ids give `None`.
    pub fn get_event(&self, id: &str) -> Result<Option<EventDetail>> {
        let target: Option<String> =
            self.conn.query_row("SELECT to_id FROM redirects WHERE from_id = ?1", params![id], |r| r.get(0)).optional()?;
        let redirected_from = target.as_ref().map(|_| id.to_string());
        let live = target.unwrap_or_else(|| id.to_string());
        let sql = format!("SELECT {RECORD_COLUMNS} FROM events e WHERE e.id = ?1");
        let Some(event) = self.conn.query_row(&sql, params![live], record).optional()? else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare(
            "SELECT m.id, m.event, d.doc_id, d.hash, d.url, d.title, d.lang, d.published
             FROM mentions m JOIN documents d ON d.id = m.document WHERE m.event_id = ?1 ORDER BY m.id",
        )?;
        let mentions = stmt
            .query_map(params![live], |r| {
                let ev: String = r.get(1)?;
                let published: Option<String> = r.get(7)?;
                Ok((r.get::<_, i64>(0)?, ev, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, published))
            })?
            .map(|row| {
                let (mid, ev, doc_id, hash, url, title, lang, published) = row?;
                Ok(MentionRecord {
                    id: mid,
                    event: serde_json::from_str(&ev).with_context(|| format!("mention {mid}"))?,
                    document: DocumentRef {
                        doc_id,
                        hash,
                        url,
                        title,
                        lang,
                        published: published.map(|p| serde_json::from_str::<DateRange>(&p)).transpose()?,
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut claims: Vec<Claim> = Vec::new();
        for m in &mentions {
            let key = (&m.event.claimed_by, &m.event.fatalities);
            match claims.iter_mut().find(|c| (&c.claimed_by, &c.fatalities) == key) {
                Some(c) => {
                    if !c.doc_ids.contains(&m.document.doc_id) {
                        c.doc_ids.push(m.document.doc_id.clone());
                    }
                }
                None => claims.push(Claim {
                    claimed_by: m.event.claimed_by.clone(),
                    fatalities: m.event.fatalities,
                    doc_ids: vec![m.document.doc_id.clone()],
                }),
            }
        }
        let aliases = self
            .conn
            .prepare("SELECT from_id FROM redirects WHERE to_id = ?1 ORDER BY from_id")?
            .query_map(params![live], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(Some(EventDetail { event, mentions, claims, aliases, redirected_from }))
    }

    /// Who holds each place at `at` (optionally in one country), from the territory events.
    pub fn control_at(&self, at: Date, country: Option<&str>) -> Result<Vec<ControlState>> {
        let mut stmt = self.conn.prepare(
            "SELECT event_id, place_key, location, holder, date, claimants FROM control_claims
             WHERE (?1 IS NULL OR country = ?1) AND date_start <= ?2",
        )?;
        let mut claims = Vec::new();
        let mut places: BTreeMap<String, Location> = BTreeMap::new();
        let rows = stmt.query_map(params![country, at.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?))
        })?;
        for row in rows {
            let (event_id, place_key, location, holder, date, claimants) = row?;
            let ctx = || format!("control claim of {event_id}");
            places.insert(event_id.clone(), serde_json::from_str(&location).with_context(ctx)?);
            claims.push(ControlClaim {
                place_key,
                holder: serde_json::from_str::<Actor>(&holder).with_context(ctx)?,
                date: serde_json::from_str(&date).with_context(ctx)?,
                claimants: serde_json::from_str(&claimants).with_context(ctx)?,
                event_id,
            });
        }
        let timelines = control::timelines(&claims);
        Ok(control::state_at(&timelines, at)
            .into_iter()
            .map(|(place_key, p)| ControlState {
                place: places[&p.event_id].clone(),
                place_key,
                holder: p.holder,
                since: p.since,
                event_id: p.event_id,
                claimed_by: p.claimants,
                contested: p.contested,
                rivals: p.rivals,
            })
            .collect())
    }

    /// Events per ISO week (Monday), event type and admin-1 unit, for the filter (limit and cursor ignored).
    pub fn counts(&self, f: &EventFilter) -> Result<Vec<CountRow>> {
        let (w, p) = conditions(f);
        let sql = format!(
            "SELECT date(e.date_start, 'weekday 0', '-6 days') AS week, e.event_type, e.admin1, count(*)
             FROM events e {} GROUP BY week, e.event_type, e.admin1 ORDER BY week, e.event_type, e.admin1",
            where_clause(&w)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(p), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, i64>(3)?))
        })?;
        rows.map(|row| {
            let (week, event_type, admin1, count) = row?;
            Ok(CountRow { week: week.parse().with_context(|| format!("week {week:?}"))?, event_type, admin1, count: count as u64 })
        })
        .collect()
    }

    /// Changefeed entries after `since` (0 = from the beginning), in order. `next_cursor`
    /// is always set — the last sequence number seen — so a poller can keep asking.
    pub fn changes(&self, since: i64, limit: usize) -> Result<Page<Change>> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let mut stmt = self
            .conn
            .prepare("SELECT seq, event_id, kind, into_id, batch, at FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2")?;
        let items = stmt
            .query_map(params![since, limit as i64], |r| {
                Ok(Change { seq: r.get(0)?, event_id: r.get(1)?, kind: r.get(2)?, into: r.get(3)?, batch: r.get(4)?, at: r.get(5)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let last = items.last().map_or(since, |c| c.seq);
        Ok(Page { items, next_cursor: Some(last.to_string()) })
    }

    pub fn stats(&self) -> Result<Stats> {
        let one = |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        let grouped = |sql: &str| -> Result<BTreeMap<String, u64>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?)))?;
            rows.map(|row| {
                let (k, n) = row?;
                Ok((k.unwrap_or_else(|| "unknown".into()), n as u64))
            })
            .collect()
        };
        Ok(Stats {
            documents: one("SELECT count(*) FROM documents")?,
            mentions: one("SELECT count(*) FROM mentions")?,
            events: one("SELECT count(*) FROM events")?,
            places: one(
                "SELECT count(*) FROM (SELECT DISTINCT coalesce('g' || geonameid, printf('%.3f,%.3f', lat, lon), place_name) FROM events)",
            )?,
            control_changes: one("SELECT count(*) FROM control_claims")?,
            redirects: one("SELECT count(*) FROM redirects")?,
            by_event_type: grouped("SELECT event_type, count(*) FROM events GROUP BY event_type")?,
            by_country: grouped("SELECT country, count(*) FROM events GROUP BY country")?,
        })
    }
}
