//! Builds a large synthetic database through the real write path (`Store::ingest_batch`:
//! documents, mentions, merging, changefeed, control), for the store's size benchmark and
//! the API's latency benchmarks.
//!
//! `cargo run --example make-bench-db -- --events 100000 (merged events wanted) --db bench.db [--seed 7] [--batch 500]`
//!
//! Articles are made-up text of the corpus' average length (≈1.5 kB); each reports one to
//! three events across six countries over two years, and about a quarter re-report an
//! earlier event with another toll and claimant, so merging and contested tolls are
//! exercised as in real feeds. Deterministic for a given seed.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use jiff::civil::{date, Date};
use jiff::ToSpan;
use pipeline::events::{Actor, Event, Evidence, Fatalities, Location};
use pipeline::{Article, DateRange};
use sitrep::store::{NewDocument, Store};

/// xorshift64*: a tiny deterministic generator; statistical quality is irrelevant here.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Latitude or longitude bounds.
type Range = (f64, f64);

/// (country, admin1, lat range, lon range)
const REGIONS: &[(&str, &str, Range, Range)] = &[
    ("SY", "Idlib", (35.4, 36.3), (36.2, 36.9)),
    ("SY", "Aleppo", (35.9, 36.7), (36.9, 38.2)),
    ("IQ", "Ninawa", (35.8, 36.9), (42.3, 43.6)),
    ("UA", "Donetsk", (47.0, 49.2), (36.8, 38.8)),
    ("SD", "Khartoum", (15.2, 16.0), (32.2, 33.2)),
    ("ML", "Mopti", (13.8, 15.5), (-4.5, -2.0)),
    ("CD", "Nord-Kivu", (-1.7, 0.5), (28.8, 29.8)),
];

const TYPES: &[(&str, &str)] = &[
    ("Battles", "Armed clash"),
    ("Battles", "Armed clash"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Battles", "Government regains territory"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Mob violence"),
    ("Strategic developments", "Arrests"),
];

const ACTORS: &[(&str, &str)] = &[
    ("Military Forces of the State", "State forces"),
    ("Northern Liberation Front", "Rebel groups"),
    ("Valley Defence Militia", "Identity militias"),
    ("Party Youth Brigade", "Political militias"),
    ("Civilians", "Civilians"),
    ("Protesters", "Protesters"),
    ("Coalition Air Forces", "External/Other forces"),
];

const FILLER: &str = "Residents described a night of heavy gunfire and said several families had \
left their homes for nearby villages. Local officials could not be reached for comment, and the \
account could not be independently verified. Humanitarian workers warned that road closures were \
delaying deliveries of food and medicine to the area, where prices have risen sharply since the \
start of the month. ";

struct Args {
    events: usize,
    db: PathBuf,
    seed: u64,
    batch: usize,
}

fn args() -> Result<Args> {
    let mut a = Args { events: 100_000, db: PathBuf::from("bench.db"), seed: 7, batch: 500 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--events" => a.events = value.parse().context("--events")?,
            "--db" => a.db = value.into(),
            "--seed" => a.seed = value.parse().context("--seed")?,
            "--batch" => a.batch = value.parse().context("--batch")?,
            _ => anyhow::bail!("unknown option {flag} (expected --events, --db, --seed, --batch)"),
        }
    }
    Ok(a)
}

fn pick<'a>(rng: &mut Rng, xs: &'a [(&'a str, &'a str)]) -> Actor {
    let (name, inter) = xs[rng.below(xs.len())];
    Actor { name: name.into(), inter: inter.into() }
}

fn new_event(rng: &mut Rng, doc: &str, epoch: Date) -> Event {
    let (country, admin1, (la0, la1), (lo0, lo1)) = REGIONS[rng.below(REGIONS.len())];
    let (event_type, sub) = TYPES[rng.below(TYPES.len())];
    let day = epoch.checked_add((rng.below(730) as i64).days()).expect("in range");
    let coarse = rng.below(10) == 0;
    let lat = la0 + (la1 - la0) * rng.unit();
    let lon = lo0 + (lo1 - lo0) * rng.unit();
    let toll = rng.below(3) != 0;
    Event {
        doc_id: doc.into(),
        event_type: event_type.into(),
        sub_event_type: sub.into(),
        actor1: Some(pick(rng, &ACTORS[..4])),
        actor2: (rng.below(2) == 0).then(|| pick(rng, ACTORS)),
        location: Location {
            name: format!("Place {:.2} {:.2}", lat, lon),
            country: Some(country.into()),
            admin1: Some(admin1.into()),
            lat: Some(lat),
            lon: Some(lon),
            geonameid: None,
            geo_precision: if coarse { 3 } else { 1 + rng.below(2) as u8 },
        },
        date: if rng.below(5) == 0 {
            DateRange { start: day, end: day.checked_add(6.days()).expect("in range"), precision: 2 }
        } else {
            DateRange { start: day, end: day, precision: 1 }
        },
        fatalities: toll.then(|| {
            let low = rng.below(60) as u32;
            Fatalities { low, high: if rng.below(4) == 0 { None } else { Some(low + rng.below(5) as u32) } }
        }),
        claimed_by: (rng.below(3) == 0).then(|| pick(rng, &ACTORS[..4])),
        evidence: Evidence { text: String::new(), start: 0, end: 0 },
        confidence: 0.4 + 0.6 * rng.unit(),
        lang: Some("en".into()),
        trigger: None,
    }
}

/// Another outlet's account of an earlier event: same place and day, its own toll and claimant.
fn retelling(rng: &mut Rng, doc: &str, of: &Event) -> Event {
    let mut e = of.clone();
    e.doc_id = doc.into();
    e.location.lat = of.location.lat.map(|v| v + (rng.unit() - 0.5) * 0.02);
    e.fatalities = Some(Fatalities { low: rng.below(80) as u32, high: None });
    e.claimed_by = Some(pick(rng, &ACTORS[..4]));
    e
}

fn main() -> Result<()> {
    let a = args()?;
    let mut store = Store::open(&a.db)?;
    let mut rng = Rng(a.seed.max(1));
    let epoch = date(2023, 1, 1);
    let mut recent: Vec<Event> = Vec::new();
    let (mut made, mut doc_no) = (0usize, 0usize);
    let started = Instant::now();
    while made < a.events {
        let mut batch: Vec<(Article, Vec<Event>)> = Vec::with_capacity(a.batch);
        // Plan mentions for the events still missing; merges make the count fall short,
        // so the loop runs until the stored (merged) events reach the target.
        let mut planned = 0usize;
        while batch.len() < a.batch && planned < a.events - made {
            let id = format!("bench-{}-{doc_no}", a.seed);
            doc_no += 1;
            let n = 1 + rng.below(3);
            let mut events = Vec::with_capacity(n);
            let mut body = String::new();
            for _ in 0..n {
                let mut e = if !recent.is_empty() && rng.below(4) == 0 {
                    let i = rng.below(recent.len());
                    retelling(&mut rng, &id, &recent[i])
                } else {
                    new_event(&mut rng, &id, epoch)
                };
                let sentence = format!(
                    "{} reported at {} on {}, {} dead according to {}. ",
                    e.sub_event_type,
                    e.location.name,
                    e.date.start,
                    e.fatalities.map_or("no".to_string(), |f| f.low.to_string()),
                    e.claimed_by.as_ref().map_or("the correspondent", |c| c.name.as_str())
                );
                e.evidence = Evidence { text: sentence.trim_end().into(), start: 17 + body.len(), end: 17 + body.len() + sentence.len() - 1 };
                body.push_str(&sentence);
                body.push_str(FILLER);
                recent.push(e.clone());
                events.push(e);
            }
            body.push_str(&FILLER[..FILLER.len() * (1 + rng.below(2)) / 2]);
            if recent.len() > 2000 {
                recent.drain(..1000);
            }
            planned += events.len();
            let published = events[0].date.end;
            let text = format!(" date {published} {body}");
            let article = Article {
                id: id.clone(),
                text,
                body_start: 17,
                published: Some(DateRange { start: published, end: published, precision: 1 }),
                title: Some(format!("Synthetic report {id}")),
                url: Some(format!("https://bench.invalid/{id}")),
                lang_hint: Some("en".into()),
            };
            batch.push((article, events));
        }
        let docs: Vec<NewDocument> = batch.iter().map(|(a, e)| NewDocument { article: a, lang: "en", events: e }).collect();
        let r = store.ingest_batch(&docs).with_context(|| format!("writing {}", a.db.display()))?;
        made = (made + r.events_created as usize).saturating_sub(r.events_merged as usize);
    }
    let stats = store.stats()?;
    eprintln!(
        "{}: {} documents, {} mentions, {} events, {} merged away, {} control changes in {:.1}s",
        a.db.display(),
        stats.documents,
        stats.mentions,
        stats.events,
        stats.redirects,
        stats.control_changes,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
