//! The event score of `../shared/spec/events.md` §4, ported line for line from
//! `../shared/tools/score.py` so that `sitrep eval` and the reference scorer print
//! the same numbers on the same predictions.
//!
//! Gold and predictions are handled as JSON values, not typed events, on purpose:
//! the reference scorer is duck-typed (a missing key, a `null` or a string where a
//! number belongs makes one check false rather than the whole run fail), and only the
//! same leniency gives the same numbers on hand-written gold files.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Predicted and gold events may pair only within this distance (km).
const PAIR_KM: f64 = 50.0;
/// The field checks, in the reference scorer's order (the order matters nowhere but
/// keeps reports comparable line by line).
const FIELDS: [&str; 8] = [
    "sub_event_type",
    "location@10km",
    "location@161km",
    "date",
    "actor1",
    "actor2",
    "fatalities",
    "claimed_by",
];

/// One gold document: its `id` and the parsed `.gold.json`.
pub struct GoldDoc {
    pub id: String,
    pub gold: Value,
}

/// Counts behind precision and recall, for one document, one language or overall.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub pred: usize,
    pub pred_scored: usize,
    pub gold: usize,
    pub tp_pred: usize,
    pub tp_gold: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.pred += o.pred;
        self.pred_scored += o.pred_scored;
        self.gold += o.gold;
        self.tp_pred += o.tp_pred;
        self.tp_gold += o.tp_gold;
    }

    fn prf(&self) -> Prf {
        let p = if self.pred_scored > 0 { self.tp_pred as f64 / self.pred_scored as f64 } else { 0.0 };
        let r = if self.gold > 0 { self.tp_gold as f64 / self.gold as f64 } else { 0.0 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        Prf { precision: round4(p), recall: round4(r), f1: round4(f), counts: *self }
    }
}

/// Precision, recall and F1 rounded as the reference scorer rounds them, with their counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub counts: Counts,
}

impl Serialize for Prf {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("precision", &self.precision)?;
        m.serialize_entry("recall", &self.recall)?;
        m.serialize_entry("f1", &self.f1)?;
        m.serialize_entry("pred", &self.counts.pred)?;
        m.serialize_entry("pred_scored", &self.counts.pred_scored)?;
        m.serialize_entry("gold", &self.counts.gold)?;
        m.serialize_entry("tp_pred", &self.counts.tp_pred)?;
        m.serialize_entry("tp_gold", &self.counts.tp_gold)?;
        m.end()
    }
}

/// Accuracy of one field over the paired, non-optional gold events where it is scored.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FieldScore {
    pub accuracy: f64,
    pub n: usize,
}

/// The whole report, serialised with the reference scorer's keys and key order.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub overall: Prf,
    pub by_lang: BTreeMap<String, Prf>,
    pub fields: BTreeMap<String, FieldScore>,
    pub docs: usize,
    pub stray_predictions: usize,
    /// In gold order; `None` unless asked for, as `--per-doc` does.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ordered_map")]
    pub per_doc: Option<Vec<(String, Prf)>>,
}

fn ordered_map<S: Serializer>(v: &Option<Vec<(String, Prf)>>, s: S) -> Result<S::Ok, S::Error> {
    let rows = v.as_deref().unwrap_or_default();
    let mut m = s.serialize_map(Some(rows.len()))?;
    for (k, p) in rows {
        m.serialize_entry(k, p)?;
    }
    m.end()
}

impl Report {
    /// The plain-text report, line for line as the reference scorer prints it.
    pub fn to_text(&self) -> String {
        let o = &self.overall;
        let mut out = format!(
            "docs {}  gold events {}  predicted {}  stray {}\n",
            self.docs, o.counts.gold, o.counts.pred, self.stray_predictions
        );
        for (lang, t) in &self.by_lang {
            out += &format!("  {lang}: P {:.3}  R {:.3}  F1 {:.3}\n", t.precision, t.recall, t.f1);
        }
        for (f, c) in &self.fields {
            out += &format!("  field {f}: {:.3} (n={})\n", c.accuracy, c.n);
        }
        for (d, t) in self.per_doc.iter().flatten() {
            out += &format!(
                "  doc {d}: P {:.2} R {:.2} (pred {}, gold {})\n",
                t.precision, t.recall, t.counts.pred, t.counts.gold
            );
        }
        out += &format!("F1 {:.3}  P {:.3}  R {:.3}\n", o.f1, o.precision, o.recall);
        out
    }
}

/// Python's `round(x, 4)`: correctly rounded from the exact binary value, ties to even,
/// which is what Rust's fixed-precision formatting does too.
fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().expect("a formatted float parses")
}

/// Gold documents with the same `id` collapse to the later one, as a Python dict would;
/// the first one's position is kept.
pub fn dedup_gold(docs: Vec<GoldDoc>) -> Vec<GoldDoc> {
    let mut out: Vec<GoldDoc> = Vec::with_capacity(docs.len());
    for d in docs {
        match out.iter_mut().find(|o| o.id == d.id) {
            Some(slot) => *slot = d,
            None => out.push(d),
        }
    }
    out
}

/// Scores predictions (one JSON object per event, each with a `doc_id`) against gold.
/// Predictions for documents without gold count as stray and are otherwise ignored.
pub fn score(golds: &[GoldDoc], preds: impl IntoIterator<Item = Value>, per_doc: bool) -> Report {
    let index: BTreeMap<&str, usize> = golds.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
    let mut by_doc: Vec<Vec<Value>> = vec![Vec::new(); golds.len()];
    let mut stray = 0;
    for e in preds {
        match e.get("doc_id").and_then(Value::as_str).and_then(|id| index.get(id)) {
            Some(&i) => by_doc[i].push(e),
            None => stray += 1,
        }
    }
    let mut total = Counts::default();
    let mut by_lang: BTreeMap<String, Counts> = BTreeMap::new();
    let mut fields: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut rows = Vec::with_capacity(golds.len());
    let empty = Vec::new();
    for (doc, ps) in golds.iter().zip(&by_doc) {
        let gs = doc.gold.get("events").and_then(Value::as_array).unwrap_or(&empty);
        let pairs = pair(ps, gs);
        let required = gs.iter().filter(|g| !optional(g)).count();
        let on_optional = pairs.iter().filter(|&&(_, j)| optional(&gs[j])).count();
        let tp = pairs.len() - on_optional;
        let row = Counts { pred: ps.len(), pred_scored: ps.len() - on_optional, gold: required, tp_pred: tp, tp_gold: tp };
        total.add(&row);
        let lang = match doc.gold.get("lang") {
            None => "?".to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        by_lang.entry(lang).or_default().add(&row);
        rows.push((doc.id.clone(), row.prf()));
        for &(i, j) in &pairs {
            if optional(&gs[j]) {
                continue;
            }
            for (f, ok) in FIELDS.iter().zip(field_checks(&ps[i], &gs[j])) {
                if let Some(ok) = ok {
                    let c = fields.entry(f.to_string()).or_default();
                    c.0 += usize::from(ok);
                    c.1 += 1;
                }
            }
        }
    }
    Report {
        overall: total.prf(),
        by_lang: by_lang.into_iter().map(|(k, c)| (k, c.prf())).collect(),
        fields: fields
            .into_iter()
            .map(|(k, (ok, n))| (k, FieldScore { accuracy: round4(ok as f64 / n as f64), n }))
            .collect(),
        docs: golds.len(),
        stray_predictions: stray,
        per_doc: per_doc.then_some(rows),
    }
}

/// Python truthiness of a JSON value (`if g.get("optional")`).
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

fn optional(g: &Value) -> bool {
    truthy(g.get("optional"))
}

/// `dict.get(key)` with JSON `null` read as Python's `None`.
fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|x| !x.is_null())
}

/// Python's `float(x)` on a JSON value: numbers and numeric strings.
fn as_float(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Great-circle distance in km; infinite when either side has no usable coordinates.
fn km(a: Option<&Value>, b: Option<&Value>) -> f64 {
    let (Some(a), Some(b)) = (a.filter(|x| !x.is_null()), b.filter(|x| !x.is_null())) else {
        return f64::INFINITY;
    };
    let coords = (as_float(a.get("lat")), as_float(a.get("lon")), as_float(b.get("lat")), as_float(b.get("lon")));
    let (Some(la1), Some(lo1), Some(la2), Some(lo2)) = coords else {
        return f64::INFINITY;
    };
    let (la1, lo1, la2, lo2) = (la1.to_radians(), lo1.to_radians(), la2.to_radians(), lo2.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// `location_any` when given and non-empty, else `[location]`.
fn gold_places(g: &Value) -> Vec<Option<&Value>> {
    match g.get("location_any").and_then(Value::as_array) {
        Some(any) if !any.is_empty() => any.iter().map(Some).collect(),
        _ => vec![g.get("location")],
    }
}

fn dist(p: &Value, g: &Value) -> f64 {
    gold_places(g).into_iter().map(|loc| km(p.get("location"), loc)).fold(f64::INFINITY, f64::min)
}

/// `(x or {}).get("inter")`.
fn inter(x: Option<&Value>) -> Option<&Value> {
    x.filter(|v| truthy(Some(v))).and_then(|v| get(v, "inter"))
}

/// Python's `==` between two optional JSON values (`None == None` holds).
fn py_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (a, b) => a == b,
    }
}

/// An interval end for `overlaps`: a comparable value, or open (`None` = infinity).
#[derive(Clone, Copy)]
enum Bound<'a> {
    Num(f64),
    Str(&'a str),
    Inf,
}

fn bound(v: Option<&Value>) -> Result<Bound<'_>, ()> {
    match v {
        None | Some(Value::Null) => Ok(Bound::Inf),
        Some(Value::Number(n)) => n.as_f64().map(Bound::Num).ok_or(()),
        Some(Value::Bool(b)) => Ok(Bound::Num(f64::from(u8::from(*b)))),
        Some(Value::String(s)) => Ok(Bound::Str(s)),
        Some(_) => Err(()),
    }
}

/// Python's `a <= b`, an error where Python raises TypeError.
fn le(a: Bound, b: Bound) -> Result<bool, ()> {
    match (a, b) {
        (Bound::Num(x), Bound::Num(y)) => Ok(x <= y),
        (Bound::Num(_), Bound::Inf) => Ok(true),
        (Bound::Inf, Bound::Num(_)) => Ok(false),
        (Bound::Inf, Bound::Inf) => Ok(true),
        (Bound::Str(x), Bound::Str(y)) => Ok(x.cmp(y) != Ordering::Greater),
        _ => Err(()),
    }
}

/// Whether [a_lo, a_hi] and [b_lo, b_hi] intersect; an open high end is infinity.
/// A low end is never open: `None` there is Python's `None`, which compares to nothing.
fn overlaps(a_lo: Option<&Value>, a_hi: Option<&Value>, b_lo: Option<&Value>, b_hi: Option<&Value>) -> Result<bool, ()> {
    let (a_lo, b_lo) = (low(a_lo), low(b_lo));
    let (a_hi, b_hi) = (bound(a_hi)?, bound(b_hi)?);
    Ok(le(a_lo?, b_hi)? && le(b_lo?, a_hi)?)
}

fn low(v: Option<&Value>) -> Result<Bound<'_>, ()> {
    match v {
        None | Some(Value::Null) => Err(()),
        v => bound(v),
    }
}

/// Python's `int(x)`: truncating numbers, parsing integer strings.
fn as_int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f.trunc() as i64)),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// One verdict per field of `FIELDS` (`None` = not scored) for a paired prediction and gold.
fn field_checks(p: &Value, g: &Value) -> [Option<bool>; 8] {
    let subs: Vec<Option<&Value>> = match g.get("sub_event_type_any").and_then(Value::as_array) {
        Some(any) if !any.is_empty() => any.iter().map(|v| Some(v).filter(|v| !v.is_null())).collect(),
        _ => vec![get(g, "sub_event_type")],
    };
    let sub = get(p, "sub_event_type");
    let sub_ok = subs.iter().any(|s| py_eq(sub, *s));
    let d = dist(p, g);
    let date_ok = {
        let (pd, gd) = (p.get("date").filter(|v| truthy(Some(v))), g.get("date").filter(|v| truthy(Some(v))));
        let (pd, gd) = (pd.unwrap_or(&Value::Null), gd.unwrap_or(&Value::Null));
        let check = || -> Result<bool, ()> {
            let (ps, pe, gs, ge) = (
                pd.get("start").ok_or(())?,
                pd.get("end").ok_or(())?,
                gd.get("start").ok_or(())?,
                gd.get("end").ok_or(())?,
            );
            if !overlaps(Some(ps), Some(pe), Some(gs), Some(ge))? {
                return Ok(false);
            }
            let pp = match pd.get("precision") {
                None => 0,
                v => as_int(v).ok_or(())?,
            };
            let gp = as_int(Some(gd.get("precision").ok_or(())?)).ok_or(())?;
            Ok(pp == gp)
        };
        check().unwrap_or(false)
    };
    let actor = |f: &str| get(g, f).map(|gv| py_eq(inter(get(p, f)), inter(Some(gv))));
    let fatalities = if truthy(g.get("fatalities_unscored")) {
        None
    } else {
        match (get(p, "fatalities"), get(g, "fatalities")) {
            (None, None) => Some(true),
            (None, _) | (_, None) => Some(false),
            (Some(pf), Some(gf)) => {
                let check = || -> Result<bool, ()> {
                    overlaps(Some(pf.get("low").ok_or(())?), pf.get("high"), Some(gf.get("low").ok_or(())?), gf.get("high"))
                };
                Some(check().unwrap_or(false))
            }
        }
    };
    [
        Some(sub_ok),
        Some(d <= 10.0),
        Some(d <= 161.0),
        Some(date_ok),
        actor("actor1"),
        actor("actor2"),
        fatalities,
        actor("claimed_by"),
    ]
}

/// Pairs (prediction, gold) allowed by event type and the 50 km radius: as many pairs as
/// possible first, then the closest and best-agreeing ones, optional gold last.
fn pair(preds: &[Value], golds: &[Value]) -> Vec<(usize, usize)> {
    if preds.is_empty() || golds.is_empty() {
        return Vec::new();
    }
    let cost: Vec<Vec<f64>> = preds
        .iter()
        .map(|p| {
            golds
                .iter()
                .map(|g| {
                    let d = dist(p, g);
                    let mut c = if !py_eq(get(p, "event_type"), get(g, "event_type")) || d > PAIR_KM {
                        1e6
                    } else {
                        let agree = field_checks(p, g).iter().filter(|ok| **ok == Some(true)).count();
                        -1000.0 + d / 100.0 - agree as f64
                    };
                    if optional(g) {
                        c += 0.5;
                    }
                    c
                })
                .collect()
        })
        .collect();
    let mut pairs: Vec<(usize, usize)> = assign(&cost).into_iter().filter(|&(i, j)| cost[i][j] < 1e5).collect();
    pairs.sort_unstable();
    pairs
}

/// Min-cost assignment (Hungarian, O(n³)) of a rows × cols matrix padded to square;
/// the same arithmetic as the reference so that ties break the same way.
fn assign(cost: &[Vec<f64>]) -> Vec<(usize, usize)> {
    let rows = cost.len();
    let cols = cost.first().map_or(0, Vec::len);
    let n = rows.max(cols);
    if n == 0 {
        return Vec::new();
    }
    let big = 1e9;
    let a = |i: usize, j: usize| if i < rows && j < cols { cost[i][j] } else { big };
    let (mut u, mut v) = (vec![0.0f64; n + 1], vec![0.0f64; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![f64::INFINITY; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let (i0, mut delta, mut j1) = (p[j0], f64::INFINITY, 0);
            for j in 1..=n {
                if !used[j] {
                    let cur = a(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter(|&j| p[j] != 0 && p[j] - 1 < rows && j - 1 < cols)
        .map(|j| (p[j] - 1, j - 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gold(id: &str, lang: &str, events: Value) -> GoldDoc {
        GoldDoc { id: id.into(), gold: json!({"id": id, "lang": lang, "events": events}) }
    }

    fn ev(doc: &str, ty: &str, sub: &str, lat: f64, lon: f64) -> Value {
        json!({"doc_id": doc, "event_type": ty, "sub_event_type": sub,
               "actor1": {"name": "X", "inter": "State forces"}, "actor2": null,
               "location": {"name": "P", "lat": lat, "lon": lon, "geo_precision": 1},
               "date": {"start": "2024-11-01", "end": "2024-11-30", "precision": 3},
               "fatalities": null, "claimed_by": null, "confidence": 0.5})
    }

    fn gev(ty: &str, sub: &str, lat: f64, lon: f64) -> Value {
        let mut g = ev("", ty, sub, lat, lon);
        let o = g.as_object_mut().unwrap();
        o.remove("doc_id");
        o.insert("actor1".into(), json!({"text": "the army", "inter": "State forces"}));
        g
    }

    #[test]
    fn pairing_prefers_the_right_type_and_the_nearer_place() {
        let g = gold(
            "d",
            "en",
            json!([gev("Battles", "Armed clash", 35.0, 36.0), gev("Protests", "Peaceful protest", 35.0, 36.0)]),
        );
        // Wrong type at the right place, right type 30 km away, right type 200 km away.
        let preds = vec![
            ev("d", "Riots", "Mob violence", 35.0, 36.0),
            ev("d", "Battles", "Armed clash", 35.27, 36.0),
            ev("d", "Protests", "Peaceful protest", 37.0, 36.0),
        ];
        let r = score(&[g], preds, true);
        assert_eq!(r.overall.counts, Counts { pred: 3, pred_scored: 3, gold: 2, tp_pred: 1, tp_gold: 1 });
        assert_eq!(r.overall.precision, 0.3333);
        assert_eq!(r.overall.recall, 0.5);
        assert_eq!(r.overall.f1, 0.4);
        // The one pair is 30 km off: outside 10 km, inside 161 km.
        assert_eq!(r.fields["location@10km"], FieldScore { accuracy: 0.0, n: 1 });
        assert_eq!(r.fields["location@161km"], FieldScore { accuracy: 1.0, n: 1 });
        assert!(!r.fields.contains_key("actor2"), "null gold actor2 is not scored");
    }

    #[test]
    fn one_to_one_pairing_takes_the_best_partner() {
        let g = gold("d", "fr", json!([gev("Battles", "Armed clash", 10.0, 10.0), gev("Battles", "Armed clash", 10.3, 10.0)]));
        // Both predictions could pair with either gold; a maximum matching pairs both.
        let preds = vec![ev("d", "Battles", "Armed clash", 10.29, 10.0), ev("d", "Battles", "Armed clash", 10.01, 10.0)];
        let r = score(&[g], preds, false);
        assert_eq!(r.overall.counts.tp_gold, 2);
        assert_eq!(r.fields["location@10km"], FieldScore { accuracy: 1.0, n: 2 });
    }

    #[test]
    fn optional_gold_absorbs_without_counting() {
        let mut opt = gev("Strategic developments", "Other", 5.0, 5.0);
        opt["optional"] = json!(true);
        let g = gold("d", "en", json!([gev("Battles", "Armed clash", 5.0, 5.0), opt]));
        let preds = vec![ev("d", "Strategic developments", "Other", 5.0, 5.0)];
        let r = score(&[g], preds, false);
        // The prediction sits on optional gold: neither right nor wrong, and the
        // required gold event is missed.
        assert_eq!(r.overall.counts, Counts { pred: 1, pred_scored: 0, gold: 1, tp_pred: 0, tp_gold: 0 });
        assert!(r.fields.is_empty(), "fields are not scored on optional gold");
    }

    #[test]
    fn location_any_and_sub_event_type_any_accept_any_listed() {
        let mut g1 = gev("Battles", "Armed clash", 0.0, 0.0);
        g1["location_any"] = json!([{"lat": 0.0, "lon": 0.0}, {"lat": 20.0, "lon": 20.0}]);
        g1["sub_event_type_any"] = json!(["Armed clash", "Non-state actor overtakes territory"]);
        let g = gold("d", "en", json!([g1]));
        let preds = vec![ev("d", "Battles", "Non-state actor overtakes territory", 20.02, 20.0)];
        let r = score(&[g], preds, false);
        assert_eq!(r.overall.counts.tp_gold, 1);
        assert_eq!(r.fields["sub_event_type"].accuracy, 1.0);
        assert_eq!(r.fields["location@10km"].accuracy, 1.0);
    }

    #[test]
    fn fatalities_ranges_overlap_with_open_ends() {
        let cases = [
            (json!({"low": 40, "high": null}), json!({"low": 100, "high": 120}), Some(true)),
            (json!({"low": 3, "high": 9}), json!({"low": 10, "high": null}), Some(false)),
            (json!({"low": 20, "high": 99}), json!({"low": 99, "high": 99}), Some(true)),
            (Value::Null, json!({"low": 1, "high": 1}), Some(false)),
            (Value::Null, Value::Null, Some(true)),
        ];
        for (pf, gf, want) in cases {
            let mut g = gev("Battles", "Armed clash", 1.0, 1.0);
            g["fatalities"] = gf.clone();
            let mut p = ev("d", "Battles", "Armed clash", 1.0, 1.0);
            p["fatalities"] = pf.clone();
            assert_eq!(field_checks(&p, &g)[6], want, "pred {pf} gold {gf}");
        }
        let mut g = gev("Battles", "Armed clash", 1.0, 1.0);
        g["fatalities_unscored"] = json!(true);
        assert_eq!(field_checks(&ev("d", "Battles", "Armed clash", 1.0, 1.0), &g)[6], None);
    }

    #[test]
    fn date_needs_overlap_and_equal_precision() {
        let g = gev("Battles", "Armed clash", 1.0, 1.0);
        let mut p = ev("d", "Battles", "Armed clash", 1.0, 1.0);
        assert_eq!(field_checks(&p, &g)[3], Some(true));
        p["date"] = json!({"start": "2024-11-09", "end": "2024-11-09", "precision": 1});
        assert_eq!(field_checks(&p, &g)[3], Some(false), "inside but more precise");
        p["date"] = json!({"start": "2024-12-01", "end": "2024-12-31", "precision": 3});
        assert_eq!(field_checks(&p, &g)[3], Some(false), "disjoint");
        p["date"] = Value::Null;
        assert_eq!(field_checks(&p, &g)[3], Some(false), "missing");
    }

    #[test]
    fn claimed_by_null_prediction_is_wrong_only_when_gold_names_a_claimant() {
        let mut g = gev("Battles", "Armed clash", 1.0, 1.0);
        let p = ev("d", "Battles", "Armed clash", 1.0, 1.0);
        assert_eq!(field_checks(&p, &g)[7], None);
        g["claimed_by"] = json!({"text": "the rebels", "inter": "Rebel groups"});
        assert_eq!(field_checks(&p, &g)[7], Some(false));
    }

    #[test]
    fn stray_predictions_and_languages_are_counted_apart() {
        let golds = vec![
            gold("a", "en", json!([gev("Battles", "Armed clash", 1.0, 1.0)])),
            gold("b", "fr", json!([gev("Battles", "Armed clash", 1.0, 1.0)])),
        ];
        let preds = vec![ev("a", "Battles", "Armed clash", 1.0, 1.0), ev("zzz", "Battles", "Armed clash", 1.0, 1.0)];
        let r = score(&golds, preds, true);
        assert_eq!(r.stray_predictions, 1);
        assert_eq!(r.by_lang["en"].f1, 1.0);
        assert_eq!(r.by_lang["fr"].recall, 0.0);
        assert_eq!(r.per_doc.as_ref().unwrap()[1].0, "b");
        let text = r.to_text();
        assert!(text.starts_with("docs 2  gold events 2  predicted 1  stray 1\n"), "{text}");
        assert!(text.ends_with("F1 0.667  P 1.000  R 0.500\n"), "{text}");
    }

    #[test]
    fn rounding_is_pythons() {
        assert_eq!(round4(1.0 / 32.0), 0.0312);
        assert_eq!(round4(2.0 / 3.0), 0.6667);
    }

    #[test]
    fn assignment_is_minimal_on_a_rectangular_matrix() {
        let cost = vec![vec![4.0, 1.0, 3.0], vec![2.0, 0.0, 5.0]];
        let mut got = assign(&cost);
        got.sort_unstable();
        assert_eq!(got, vec![(0, 1), (1, 0)]);
    }
}
