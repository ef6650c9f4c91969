//! Territorial control: "who holds this place, since when, says who?"
//!
//! Built from the territory events only (a non-state actor overtakes, the government
//! regains, a non-violent transfer). Each such event is a claim that its actor1 holds
//! the place from the event's date on. Sides announce captures the other denies, so
//! claims by different holders whose dates overlap leave the place *contested* rather
//! than silently picking a winner. Pure: the store supplies the events.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::article::DateRange;
use crate::events::{Actor, Event};
use crate::merge::is_territory;

/// One event read as "`holder` holds `place_key` from `date`".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlClaim {
    /// Identifies the place: the geonameid when known, else rounded coordinates or the name.
    pub place_key: String,
    pub holder: Actor,
    pub date: DateRange,
    /// Who asserts the change, per report (`None` = a report stating it in its own voice).
    pub claimants: Vec<Option<Actor>>,
    pub event_id: String,
}

/// Who holds a place over a stretch of time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlPeriod {
    pub holder: Actor,
    pub since: Date,
    /// The day before the next change, `None` while it lasts.
    pub until: Option<Date>,
    pub event_id: String,
    pub claimants: Vec<Option<Actor>>,
    /// Another holder claims the place over an overlapping window.
    pub contested: bool,
    /// The holders of those competing claims.
    pub rivals: Vec<Actor>,
}

/// The claim a territory event makes, if it is one and names who took the place.
pub fn claim_of(event: &Event, place_key: String, event_id: String, claimants: Vec<Option<Actor>>) -> Option<ControlClaim> {
    if !is_territory(&event.sub_event_type) {
        return None;
    }
    let holder = event.actor1.clone()?;
    Some(ControlClaim { place_key, holder, date: event.date, claimants, event_id })
}

/// The key under which claims about one place are grouped.
pub fn place_key(event: &Event) -> String {
    let l = &event.location;
    match (l.geonameid, l.lat, l.lon) {
        (Some(g), _, _) => format!("g{g}"),
        (None, Some(lat), Some(lon)) => format!("{lat:.3},{lon:.3}"),
        _ => format!("{}|{}", l.country.as_deref().unwrap_or(""), l.name.to_lowercase()),
    }
}

fn same_holder(a: &Actor, b: &Actor) -> bool {
    a.name.eq_ignore_ascii_case(&b.name)
}

/// The control timeline of every place, periods in date order. Claims on the same day by
/// the same holder (several reports of one capture) fold into one period.
pub fn timelines(claims: &[ControlClaim]) -> BTreeMap<String, Vec<ControlPeriod>> {
    let mut by_place: BTreeMap<&str, Vec<&ControlClaim>> = BTreeMap::new();
    for c in claims {
        by_place.entry(&c.place_key).or_default().push(c);
    }
    by_place
        .into_iter()
        .map(|(key, mut cs)| {
            cs.sort_by(|a, b| a.date.start.cmp(&b.date.start).then(a.event_id.cmp(&b.event_id)));
            (key.to_string(), periods(&cs))
        })
        .collect()
}

fn periods(sorted: &[&ControlClaim]) -> Vec<ControlPeriod> {
    let mut out: Vec<ControlPeriod> = Vec::new();
    for (i, c) in sorted.iter().enumerate() {
        let rivals: Vec<Actor> = sorted
            .iter()
            .enumerate()
            .filter(|(j, o)| *j != i && !same_holder(&o.holder, &c.holder) && overlaps(&o.date, &c.date))
            .map(|(_, o)| o.holder.clone())
            .collect();
        if let Some(last) = out.last_mut() {
            if same_holder(&last.holder, &c.holder) {
                // A repeated claim by the holder confirms the period; it does not start a new one.
                last.claimants.extend(c.claimants.iter().cloned());
                push_rivals(last, rivals);
                continue;
            }
            last.until = c.date.start.yesterday().ok();
        }
        let mut p = ControlPeriod {
            holder: c.holder.clone(),
            since: c.date.start,
            until: None,
            event_id: c.event_id.clone(),
            claimants: c.claimants.clone(),
            contested: false,
            rivals: Vec::new(),
        };
        push_rivals(&mut p, rivals);
        out.push(p);
    }
    out
}

fn push_rivals(p: &mut ControlPeriod, rivals: Vec<Actor>) {
    for r in rivals {
        if !p.rivals.iter().any(|x| same_holder(x, &r)) {
            p.rivals.push(r);
        }
    }
    p.contested = !p.rivals.is_empty();
}

fn overlaps(a: &DateRange, b: &DateRange) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The period in force at `at` for each place that has one (places first taken later are absent).
pub fn state_at(timelines: &BTreeMap<String, Vec<ControlPeriod>>, at: Date) -> Vec<(String, ControlPeriod)> {
    timelines
        .iter()
        .filter_map(|(key, ps)| ps.iter().rev().find(|p| p.since <= at).map(|p| (key.clone(), p.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn actor(name: &str, inter: &str) -> Actor {
        Actor { name: name.into(), inter: inter.into() }
    }

    fn claim(place: &str, holder: &str, day: i8, span: i8, id: &str) -> ControlClaim {
        ControlClaim {
            place_key: place.into(),
            holder: actor(holder, "X"),
            date: DateRange { start: date(2024, 11, day), end: date(2024, 11, day + span), precision: 1 },
            claimants: vec![None],
            event_id: id.into(),
        }
    }

    #[test]
    fn timeline_follows_changes_of_hands() {
        let cs = vec![claim("g1", "Army", 10, 0, "e2"), claim("g1", "HTS", 1, 0, "e1"), claim("g2", "HTS", 5, 0, "e3")];
        let t = timelines(&cs);
        let g1 = &t["g1"];
        assert_eq!(g1.len(), 2);
        assert_eq!(g1[0].holder.name, "HTS");
        assert_eq!(g1[0].until, Some(date(2024, 11, 9)));
        assert_eq!(g1[1].holder.name, "Army");
        assert!(!g1[0].contested && !g1[1].contested);

        let s = state_at(&t, date(2024, 11, 6));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].1.holder.name, "HTS");
        let s = state_at(&t, date(2024, 11, 12));
        assert_eq!(s[0].1.holder.name, "Army");
        assert!(state_at(&t, date(2024, 10, 1)).is_empty());
    }

    #[test]
    fn overlapping_claims_of_different_holders_are_contested() {
        let cs = vec![claim("g1", "HTS", 1, 3, "e1"), claim("g1", "Army", 2, 0, "e2")];
        let t = timelines(&cs);
        let last = t["g1"].last().unwrap();
        assert!(last.contested);
        assert_eq!(last.rivals[0].name, "HTS");
    }

    #[test]
    fn repeated_claims_by_one_holder_fold() {
        let mut second = claim("g1", "HTS", 3, 0, "e2");
        second.claimants = vec![Some(actor("HTS", "Rebel groups"))];
        let t = timelines(&[claim("g1", "HTS", 1, 0, "e1"), second]);
        assert_eq!(t["g1"].len(), 1);
        assert_eq!(t["g1"][0].claimants.len(), 2);
        assert_eq!(t["g1"][0].since, date(2024, 11, 1));
    }
}
