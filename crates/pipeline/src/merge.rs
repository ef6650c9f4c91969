//! Merging across reports: "is this mention the same event as one we already hold?"
//!
//! Two newspapers, or the army and the rebels, describe one attack with different words,
//! different tolls and slightly different places. The store keeps every mention; this
//! module decides which stored event a mention joins and what the merged event says.
//! Pure: the store fetches candidates, this module judges them.

use std::cmp::Ordering;

use crate::article::DateRange;
use crate::events::{Actor, Event, Fatalities};
use crate::places::resolve::haversine;

/// How far apart (km) two precise locations may be and still be one event: villages on
/// the same front are often named differently by each side.
pub const MAX_DISTANCE_KM: f64 = 10.0;

/// Which kinds of action may describe the same event: equal sub-types are obviously
/// compatible; a side taking a town is, from the other side, a battle for it.
pub fn types_compatible(a: &Event, b: &Event) -> bool {
    if a.event_type == b.event_type {
        return true;
    }
    let territorial = |e: &Event| is_territory(&e.sub_event_type) || e.sub_event_type == "Armed clash";
    territorial(a) && territorial(b)
}

/// The sub-event types that change who holds a place.
pub fn is_territory(sub_event_type: &str) -> bool {
    matches!(
        sub_event_type,
        "Non-state actor overtakes territory" | "Government regains territory" | "Non-violent transfer of territory"
    )
}

/// Same place: within [`MAX_DISTANCE_KM`], or — when either report only names a region
/// (geo_precision 3) or lacks coordinates — the same admin-1 unit of the same country.
pub fn places_compatible(a: &Event, b: &Event) -> bool {
    let (la, lb) = (&a.location, &b.location);
    if la.country.is_some() && lb.country.is_some() && la.country != lb.country {
        return false;
    }
    let coarse = la.geo_precision >= 3 || lb.geo_precision >= 3;
    match (la.lat, la.lon, lb.lat, lb.lon) {
        (Some(y1), Some(x1), Some(y2), Some(x2)) if !coarse => haversine(y1, x1, y2, x2) <= MAX_DISTANCE_KM,
        _ => match (&la.admin1, &lb.admin1) {
            (Some(x), Some(y)) => x == y,
            _ => la.geonameid.is_some() && la.geonameid == lb.geonameid || same_name(&la.name, &lb.name),
        },
    }
}

fn same_name(a: &str, b: &str) -> bool {
    !a.is_empty() && a.to_lowercase() == b.to_lowercase()
}

pub fn dates_overlap(a: &DateRange, b: &DateRange) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Actors agree when the reports share a side (same ACLED category) or one report names
/// no one. Sides may be swapped (the army's report names the army first, the rebels'
/// report the rebels), and the other side is often miscast by one report (the victims of
/// a clash called "civilians" by one outlet, "soldiers" by another), so one shared side
/// is enough; reports with disjoint sides are different fights.
pub fn actors_compatible(a: &Event, b: &Event) -> bool {
    fn inters(e: &Event) -> Vec<&str> {
        [&e.actor1, &e.actor2].into_iter().flatten().map(|a| a.inter.as_str()).collect()
    }
    fn inter(x: &Option<Actor>) -> Option<&str> {
        x.as_ref().map(|a| a.inter.as_str())
    }
    if is_territory(&a.sub_event_type) && is_territory(&b.sub_event_type) {
        // actor1 of a territory event is who holds the place afterwards: a capture and a
        // recapture by the other side are two changes of hands, never one event.
        let (a1, b1) = (inter(&a.actor1), inter(&b.actor1));
        if a1.is_some() && b1.is_some() && a1 != b1 {
            return false;
        }
    }
    let (sa, sb) = (inters(a), inters(b));
    sa.is_empty() || sb.is_empty() || sa.iter().any(|x| sb.contains(x))
}

/// All four tests of the merge rule.
pub fn same_event(a: &Event, b: &Event) -> bool {
    types_compatible(a, b) && dates_overlap(&a.date, &b.date) && places_compatible(a, b) && actors_compatible(a, b)
}

/// How well a compatible candidate fits, higher is better: same sub-type, closer, more
/// similar dates. Used to pick one event when several qualify.
fn affinity(m: &Event, c: &Event) -> f64 {
    let mut s = 0.0;
    if m.sub_event_type == c.sub_event_type {
        s += 2.0;
    }
    if let (Some(y1), Some(x1), Some(y2), Some(x2)) = (m.location.lat, m.location.lon, c.location.lat, c.location.lon) {
        s += 1.0 - (haversine(y1, x1, y2, x2) / MAX_DISTANCE_KM).min(1.0);
    }
    if m.date == c.date {
        s += 1.0;
    }
    if m.actor1.as_ref().map(|a| &a.name) == c.actor1.as_ref().map(|a| &a.name) {
        s += 0.5;
    }
    s
}

/// Indexes of the candidates the mention belongs with, best first (ties keep candidate
/// order, so the outcome never depends on hashing or threads). Empty = a new event.
/// More than one = the mention bridges events that are really one; the store merges them
/// when [`may_bridge`] allows.
pub fn matches(mention: &Event, candidates: &[Event]) -> Vec<usize> {
    let mut hits: Vec<(usize, f64)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| same_event(mention, c))
        .map(|(i, c)| (i, affinity(mention, c)))
        .collect();
    hits.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(Ordering::Equal).then(a.0.cmp(&b.0)));
    hits.into_iter().map(|(i, _)| i).collect()
}

/// Whether a mention that fits several stored events may fuse them into one. Only a
/// precise report (a named place, a day or a week) is evidence that they were one event;
/// a province-level or month-long report fits many distinct events and would chain them
/// all together, so it joins the best one only.
pub fn may_bridge(mention: &Event) -> bool {
    let l = &mention.location;
    l.geo_precision < 3 && l.lat.is_some() && l.lon.is_some() && mention.date.precision <= 2
}

/// A content-derived event id: the same first report always yields the same id, so
/// re-running an ingest reproduces ids and links stay valid. `doc_hash` is the content
/// hash of the first mention's document; `ordinal` separates events of one document.
pub fn event_id(first: &Event, doc_hash: &str, ordinal: usize) -> String {
    let place = match (first.location.geonameid, first.location.lat, first.location.lon) {
        (Some(g), _, _) => format!("g{g}"),
        (None, Some(lat), Some(lon)) => format!("{:.2},{:.2}", lat, lon),
        _ => first.location.name.to_lowercase(),
    };
    let key = format!("{}|{}|{}|{}|{}", first.event_type, place, first.date.start, doc_hash, ordinal);
    format!("ev-{:016x}", fnv1a64(key.as_bytes()))
}

/// FNV-1a: tiny, stable across platforms and releases, ample for ids (collisions at 10^6
/// events are ~10^-8 likely).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The fatality figure of a merged event: contested tolls are kept as a range over the
/// reports (never averaged), plus the conservative figure an analyst would count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FatalityRange {
    /// The lowest figure any report gives.
    pub low: u32,
    /// The highest figure any report gives; `None` when some report is open-ended ("at least 40").
    pub high: Option<u32>,
    /// ACLED's rule for conflicting reports: the lowest reported figure.
    pub conservative: u32,
}

/// Combines the tolls of every report of one event; reports without a toll say nothing.
pub fn fatality_range<'a>(reports: impl IntoIterator<Item = &'a Option<Fatalities>>) -> Option<FatalityRange> {
    let mut out: Option<FatalityRange> = None;
    for f in reports.into_iter().flatten() {
        let high_bound = f.high.map(|h| h.max(f.low));
        out = Some(match out {
            None => FatalityRange { low: f.low, high: high_bound, conservative: f.low },
            Some(r) => FatalityRange {
                low: r.low.min(f.low),
                high: match (r.high, high_bound) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                },
                conservative: r.conservative.min(f.low),
            },
        });
    }
    out
}

/// Folds a new mention into the merged event's representative fields. The first report
/// sets them; later reports only make them more precise (a named town beats a province,
/// a day beats a month, a known actor beats a missing one, a territorial outcome beats
/// "armed clash"). Fatalities are not touched here: see [`fatality_range`].
pub fn absorb(event: &mut Event, mention: &Event) {
    if is_territory(&mention.sub_event_type) && event.sub_event_type == "Armed clash" {
        event.event_type = mention.event_type.clone();
        event.sub_event_type = mention.sub_event_type.clone();
        if mention.actor1.is_some() {
            event.actor1 = mention.actor1.clone();
            event.actor2 = mention.actor2.clone().or(event.actor2.take());
        }
    }
    if mention.location.geo_precision < event.location.geo_precision && mention.location.lat.is_some() {
        event.location = mention.location.clone();
    }
    let days = |d: &DateRange| (d.end - d.start).get_days();
    let narrower = mention.date.precision < event.date.precision
        || (mention.date.precision == event.date.precision && days(&mention.date) < days(&event.date));
    if narrower {
        event.date = mention.date;
    }
    if event.actor1.is_none() {
        event.actor1 = mention.actor1.clone();
    }
    if event.actor2.is_none() {
        event.actor2 = mention.actor2.clone();
    }
    if mention.confidence > event.confidence {
        event.confidence = mention.confidence;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{Evidence, Location};
    use jiff::civil::date;

    fn ev(sub: &str, lat: f64, lon: f64, day: i8, a1: Option<&str>) -> Event {
        let event_type = if sub == "Air/drone strike" { "Explosions/Remote violence" } else { "Battles" };
        Event {
            doc_id: "d".into(),
            event_type: event_type.into(),
            sub_event_type: sub.into(),
            actor1: a1.map(|i| Actor { name: format!("{i} X"), inter: i.into() }),
            actor2: None,
            location: Location {
                name: "P".into(),
                country: Some("SY".into()),
                admin1: Some("Idlib".into()),
                lat: Some(lat),
                lon: Some(lon),
                geonameid: None,
                geo_precision: 1,
            },
            date: DateRange { start: date(2024, 11, day), end: date(2024, 11, day), precision: 1 },
            fatalities: None,
            claimed_by: None,
            evidence: Evidence { text: String::new(), start: 0, end: 0 },
            confidence: 0.5,
            lang: None,
            trigger: None,
        }
    }

    #[test]
    fn distance_of_a_known_pair() {
        // Aleppo → Idlib is about 56 km.
        let d = haversine(36.2021, 37.1343, 35.9306, 36.6339);
        assert!((50.0..62.0).contains(&d), "{d}");
    }

    #[test]
    fn near_same_day_same_type_merges_far_does_not() {
        let mut a = ev("Armed clash", 35.93, 36.63, 3, Some("State forces"));
        a.actor2 = Some(Actor { name: "HTS".into(), inter: "Rebel groups".into() });
        let near = ev("Non-state actor overtakes territory", 35.96, 36.66, 3, Some("Rebel groups"));
        let far = ev("Armed clash", 36.20, 37.13, 3, Some("State forces"));
        let other_day = ev("Armed clash", 35.93, 36.63, 5, Some("State forces"));
        let strike = ev("Air/drone strike", 35.93, 36.63, 3, Some("State forces"));
        assert!(same_event(&a, &near), "territory vs clash, 4 km apart, the rebels in both");
        assert!(!same_event(&a, &far));
        assert!(!same_event(&a, &other_day));
        assert!(!same_event(&a, &strike));
    }

    #[test]
    fn coarse_location_falls_back_to_admin1() {
        let a = ev("Armed clash", 35.93, 36.63, 3, None);
        let mut b = ev("Armed clash", 35.50, 36.90, 3, None);
        assert!(!same_event(&a, &b));
        b.location.geo_precision = 3;
        assert!(same_event(&a, &b));
        b.location.admin1 = Some("Hama".into());
        assert!(!same_event(&a, &b));
    }

    #[test]
    fn actors_must_share_a_side_or_be_missing() {
        let mut a = ev("Armed clash", 35.93, 36.63, 3, Some("State forces"));
        a.actor2 = Some(Actor { name: "HTS".into(), inter: "Rebel groups".into() });
        let mut b = a.clone();
        b.actor1 = Some(Actor { name: "Civ".into(), inter: "Civilians".into() });
        assert!(actors_compatible(&a, &b), "the rebels are in both reports");
        b.actor2 = Some(Actor { name: "Militia".into(), inter: "Identity militias".into() });
        assert!(!actors_compatible(&a, &b), "no side in common");
        b.actor1 = None;
        b.actor2 = None;
        assert!(actors_compatible(&a, &b));

        let mut taken = ev("Non-state actor overtakes territory", 35.93, 36.63, 3, Some("Rebel groups"));
        let retaken = ev("Government regains territory", 35.93, 36.63, 3, Some("State forces"));
        assert!(!same_event(&taken, &retaken), "opposite holders are two changes of hands");
        taken.actor1 = None;
        assert!(same_event(&taken, &retaken));
    }

    #[test]
    fn best_candidate_first_and_deterministic() {
        let m = ev("Armed clash", 35.93, 36.63, 3, None);
        let c = vec![
            ev("Non-state actor overtakes territory", 35.98, 36.63, 3, None),
            ev("Armed clash", 35.931, 36.63, 3, None),
            ev("Armed clash", 40.0, 40.0, 3, None),
        ];
        assert_eq!(matches(&m, &c), vec![1, 0]);
    }

    #[test]
    fn contested_tolls_keep_range_and_conservative_figure() {
        let army = Some(Fatalities { low: 12, high: Some(12) });
        let rebels = Some(Fatalities { low: 40, high: None });
        let r = fatality_range([&army, &None, &rebels]).unwrap();
        assert_eq!(r, FatalityRange { low: 12, high: None, conservative: 12 });
        let r = fatality_range([&army, &Some(Fatalities { low: 20, high: Some(30) })]).unwrap();
        assert_eq!(r, FatalityRange { low: 12, high: Some(30), conservative: 12 });
        assert_eq!(fatality_range([&None, &None]), None);
    }

    #[test]
    fn only_precise_reports_bridge() {
        let mut m = ev("Armed clash", 35.93, 36.63, 3, None);
        assert!(may_bridge(&m));
        m.date.precision = 3;
        assert!(!may_bridge(&m));
        m.date.precision = 1;
        m.location.geo_precision = 3;
        assert!(!may_bridge(&m));
    }

    #[test]
    fn ids_are_content_derived() {
        let a = ev("Armed clash", 35.93, 36.63, 3, None);
        assert_eq!(event_id(&a, "abc", 0), event_id(&a.clone(), "abc", 0));
        assert_ne!(event_id(&a, "abc", 0), event_id(&a, "abd", 0));
        assert_ne!(event_id(&a, "abc", 0), event_id(&a, "abc", 1));
        assert!(event_id(&a, "abc", 0).starts_with("ev-"));
    }

    #[test]
    fn absorb_refines_without_losing() {
        let mut e = ev("Armed clash", 35.5, 36.5, 3, None);
        e.location.geo_precision = 3;
        e.date = DateRange { start: date(2024, 11, 1), end: date(2024, 11, 30), precision: 3 };
        let m = ev("Non-state actor overtakes territory", 35.93, 36.63, 3, Some("Rebel groups"));
        absorb(&mut e, &m);
        assert_eq!(e.sub_event_type, "Non-state actor overtakes territory");
        assert_eq!(e.location.geo_precision, 1);
        assert_eq!(e.date.precision, 1);
        assert_eq!(e.actor1.as_ref().unwrap().inter, "Rebel groups");
    }
}
