//! Disambiguation: which of the places bearing a name the text means.
//!
//! Evidence, summed as a score per candidate: what kind of place it is and how big
//! (a prior), the cue next to the name (province → ADM1, airport → AIRP), whether the
//! name matched the place's own name, the document's country focus, and closeness to the
//! document's other places. Population is one term among these, never the decider alone.

use super::cues::CueKind;
use super::gazetteer::Gazetteer;
use super::recognize::Candidate;
use super::Place;

/// Below this total a mention without any cue is dropped as a likely false match.
const ACCEPT: f64 = 1.6;

/// Places per name kept for the contextual pass, best context-free evidence first.
const SHORTLIST: usize = 48;

/// The best place for each candidate (index into the gazetteer) and its score,
/// `None` when the evidence is too weak.
pub fn resolve(gaz: &Gazetteer, airports: &[u32], cands: &[Candidate]) -> Vec<Option<(u32, f64)>> {
    // Context-free evidence, computed once; long homonym lists keep their best few, the
    // rest cannot win on context alone.
    let shortlists: Vec<Vec<(u32, bool, f64)>> = cands
        .iter()
        .map(|c| {
            let namesakes: Vec<(&str, &str)> = c
                .places
                .iter()
                .map(|&(i, _)| gaz.place(i))
                .filter(|p| p.feature_class == "P")
                .map(|p| (p.country.as_str(), p.admin1.as_str()))
                .collect();
            let mut l: Vec<(u32, bool, f64)> =
                c.places.iter().map(|&(i, primary)| (i, primary, local_score(c, gaz.place(i), primary, &namesakes))).collect();
            if l.len() > SHORTLIST {
                l.sort_by(|a, b| b.2.total_cmp(&a.2));
                l.truncate(SHORTLIST);
            }
            l
        })
        .collect();
    // First pass: context-free choice, to learn the document's countries and area.
    let first: Vec<Option<u32>> = shortlists
        .iter()
        .map(|l| l.iter().max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0))).map(|x| x.0))
        .collect();
    let mut country_votes: Vec<(&str, f64)> = Vec::new();
    for (c, f) in cands.iter().zip(&first) {
        let Some(i) = f else { continue };
        let p = gaz.place(*i);
        // Unambiguous or explicitly country-level names vote with full weight.
        let w = if c.places.len() == 1 || is_country(p) { 1.0 } else { 0.5 };
        match country_votes.iter_mut().find(|(cc, _)| *cc == p.country) {
            Some(v) => v.1 += w,
            None => country_votes.push((p.country.as_str(), w)),
        }
    }
    let total: f64 = country_votes.iter().map(|v| v.1).sum();
    // Where the other mentions are (countries excepted: too coarse to be near anything).
    let anchors: Vec<(usize, f64, f64, f64)> = first
        .iter()
        .enumerate()
        .filter_map(|(k, f)| f.map(|i| (k, gaz.place(i))))
        .filter(|(_, p)| !is_country(p))
        .map(|(k, p)| (k, p.lat, p.lon, p.lat.to_radians().cos()))
        .collect();
    cands
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let own = first[k].map(|i| gaz.place(i));
            let within = c.within.and_then(|w| first.get(w).copied().flatten()).map(|w| gaz.place(w));
            let chosen = shortlists[k]
                .iter()
                .map(|&(i, primary, local)| {
                    let p = gaz.place(i);
                    let mut s = local;
                    if let Some(within) = within {
                        // "Paris, Texas": the place named after the comma contains this one.
                        if p.country == within.country && (is_country(within) || p.admin1 == within.admin1) {
                            s += 3.0;
                        }
                    }
                    if total > 0.0 {
                        let mut votes = country_votes.iter().find(|v| v.0 == p.country).map_or(0.0, |v| v.1);
                        // Do not let a mention vote for itself.
                        if own.is_some_and(|o| o.country == p.country) {
                            votes -= if c.places.len() == 1 || own.is_some_and(is_country) { 1.0 } else { 0.5 };
                        }
                        let others = total - if own.is_some() { 1.0 } else { 0.0 };
                        if others > 0.0 {
                            s += 2.5 * (votes.max(0.0) / others);
                            // An alternate-name match abroad, in a document about elsewhere, is
                            // more often a word that happens to be a foreign town's variant.
                            if votes <= 0.0 && !primary && !is_country(p) {
                                s -= if c.surface == super::recognize::lower(&p.name) { 1.0 } else { 2.0 };
                            }
                        }
                    }
                    let cos_p = p.lat.to_radians().cos();
                    let nearest = anchors
                        .iter()
                        .filter(|a| a.0 != k && cands[a.0].key != c.key)
                        .map(|a| approx_km(p.lat, p.lon, cos_p, a.1, a.2, a.3))
                        .fold(f64::INFINITY, f64::min);
                    s += match nearest {
                        d if d < 40.0 => 1.5,
                        d if d < 120.0 => 1.0,
                        d if d < 300.0 => 0.5,
                        _ => 0.0,
                    };
                    (i, s)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let (mut i, s) = chosen?;
            let p = gaz.place(i);
            if c.not_place || (c.in_name_chain && !(is_country(p) || is_adm1(p))) {
                return None;
            }
            let featured = !matches!(c.cue, None | Some(CueKind::Locative));
            // Only a big place named by its own name outweighs signs of a person: "Brown"
            // folds like Brünn (Brno) but is not how anyone writes it.
            let own_name = shortlists[k].iter().any(|&(o, primary, _)| o == i && primary) || c.surface == super::recognize::lower(&p.name);
            let big = (is_country(p) || is_adm1(p) || p.population >= 100_000) && own_name;
            if !featured && c.single_word && (c.lowercase_elsewhere || c.all_caps || (c.person_like && !big)) {
                return None;
            }
            let bar = ACCEPT + if c.sentence_start && c.single_word { 1.0 } else { 0.0 };
            if c.cue.is_none() && s < bar {
                return None;
            }
            // "the airport of Aleppo": the name resolved to the city; the airport is the
            // nearest one serving it.
            if c.cue == Some(CueKind::Airport) && !is_airport(p) {
                if let Some(a) = airports.iter().copied().filter(|&a| km(p, gaz.place(a)) < 40.0).min_by(|&a, &b| km(p, gaz.place(a)).total_cmp(&km(p, gaz.place(b)))) {
                    i = a;
                }
            }
            Some((i, s))
        })
        .collect()
}

pub fn is_country(p: &Place) -> bool {
    p.feature_class == "A" && p.feature_code.starts_with("PCL")
}

pub fn is_adm1(p: &Place) -> bool {
    p.feature_class == "A" && p.feature_code == "ADM1"
}

pub fn is_airport(p: &Place) -> bool {
    p.feature_code == "AIRP" || p.feature_code == "AIRB"
}

/// Evidence from the place itself and the words next to its name. `namesakes` are the
/// (country, admin-1) of the towns bearing the same name.
fn local_score(c: &Candidate, p: &Place, primary: bool, namesakes: &[(&str, &str)]) -> f64 {
    let cue = c.cue;
    let mut s = if is_country(p) {
        // Full weight for the country's own name; alternate names ("Albany" for Albania,
        // "Columbia") must not outrank a town matched by its own name.
        if primary {
            6.0
        } else {
            4.5
        }
    } else if p.feature_code == "CONT" {
        5.0
    } else if is_adm1(p) {
        3.6
    } else if p.feature_code == "ADM2" {
        2.0
    } else if is_airport(p) && c.single_word {
        // Matched through the town it serves: the town unless the text says airport.
        -2.0
    } else if is_airport(p) {
        2.0
    } else {
        0.6 * ((p.population as f64) + 10.0).log10()
    };
    if primary {
        s += 0.5;
    }
    if c.surface == super::recognize::lower(&p.name) {
        s += 0.5; // the very spelling of its own name, not a folded variant
    }
    // A bare name shared by a province and its capital means the town unless a cue says
    // province ("entre Hama et Homs").
    if (is_adm1(p) || p.feature_code == "ADM2")
        && cue != Some(CueKind::Adm1)
        && namesakes.iter().any(|&(cc, a1)| cc == p.country && a1 == p.admin1)
    {
        s -= 2.0;
    }
    s += match (cue, p) {
        (Some(CueKind::Adm1), p) if is_adm1(p) => 5.0,
        (Some(CueKind::Adm1), _) => -0.5,
        (Some(CueKind::Airport), p) if is_airport(p) => 7.0,
        (Some(CueKind::Country), p) if is_country(p) => 5.0,
        (Some(CueKind::Populated), p) if p.feature_class == "P" => 3.0,
        (Some(CueKind::Populated), p) if is_adm1(p) || is_country(p) => -3.0,
        _ => 0.0,
    };
    s
}

/// Equirectangular distance in kilometres: within a few percent of the great circle at
/// the few-hundred-kilometre scale coherence looks at, and free of trigonometry per pair
/// (the cosines of latitude are passed in).
fn approx_km(lat1: f64, lon1: f64, cos1: f64, lat2: f64, lon2: f64, cos2: f64) -> f64 {
    let mut dlon = (lon2 - lon1).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    let x = dlon.to_radians() * (cos1 + cos2) / 2.0;
    let y = (lat2 - lat1).to_radians();
    6371.0 * (x * x + y * y).sqrt()
}

/// Great-circle distance in kilometres.
pub fn km(a: &Place, b: &Place) -> f64 {
    haversine(a.lat, a.lon, b.lat, b.lon)
}

/// Great-circle distance in km between two points (haversine), shared by disambiguation,
/// cross-report merging and the geoparsing benchmark.
pub fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}
