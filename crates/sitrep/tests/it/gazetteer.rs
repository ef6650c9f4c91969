//! Gazetteer build and load: from GeoNames dump files written here (the format a user with
//! full data has), and — when the real gazetteer has been built by `scripts/setup` — the
//! seed article's places against it.

use std::path::PathBuf;

use pipeline::places::Geocoder;
use sitrep::gazetteer::build::{build, Inputs};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-gz-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A GeoNames `allCountries`-format row (19 columns).
#[allow(clippy::too_many_arguments)] // one argument per GeoNames column the test varies
fn row(id: i64, name: &str, alts: &str, lat: f64, lon: f64, class: &str, code: &str, cc: &str, a1: &str, pop: u64) -> String {
    format!("{id}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\t{class}\t{code}\t{cc}\t\t{a1}\t\t\t\t{pop}\t\t300\tAsia/Damascus\t2024-01-01\n")
}

#[test]
fn builds_from_geonames_dumps_and_loads_back() {
    let dir = scratch("dump");
    let mut dump = String::new();
    dump += &row(170063, "Aleppo", "Alep,Halab", 36.20124, 37.16117, "P", "PPLA", "SY", "09", 2_098_210);
    dump += &row(170062, "Aleppo Governorate", "", 36.25, 37.5, "A", "ADM1", "SY", "09", 4_867_991);
    dump += &row(9999001, "Tall Rif'at", "", 36.4697, 37.0972, "P", "PPL", "SY", "09", 20_000);
    dump += &row(9999002, "Some Wadi", "", 36.0, 37.0, "H", "WAD", "SY", "09", 0);
    std::fs::write(dir.join("SY.txt"), dump).unwrap();
    std::fs::write(dir.join("alternateNamesV2.txt"), "1\t9999001\tar\tتل رفعت\t\t\t\t\t\t\n2\t9999001\tlink\thttps://example.org/x\t\t\t\t\t\t\n").unwrap();
    std::fs::write(dir.join("admin1CodesASCII.txt"), "SY.09\tAleppo\tAleppo\t170062\n").unwrap();
    let inputs = Inputs {
        geonames: vec![dir.join("SY.txt")],
        alternate_names: Some(dir.join("alternateNamesV2.txt")),
        admin1_codes: Some(dir.join("admin1CodesASCII.txt")),
        ..Inputs::default()
    };
    let designators = vec!["governorate".to_string()];
    let summary = build(&inputs, &designators, &Default::default(), &dir.join("out")).unwrap();
    assert_eq!(summary.places, 3, "the wadi is not a place kind we keep");

    let gaz = sitrep::gazetteer::load(Some(&dir.join("out"))).unwrap();
    let ids = |name: &str| -> Vec<Option<i64>> { gaz.lookup(name).map(|(i, _)| gaz.place(i).geonameid).collect() };
    assert_eq!(ids("تل رفعت"), vec![Some(9999001)], "Arabic alternate name from alternateNamesV2");
    assert!(ids("https://example.org/x").is_empty(), "links are not names");
    let adm1 = gaz.places().iter().find(|p| p.feature_code == "ADM1").unwrap();
    assert_eq!(adm1.admin1, "Aleppo");
    assert_eq!((adm1.lat, adm1.lon), (36.20124, 37.16117), "a province sits at its capital (the PPLA)");
    assert!(ids("Aleppo").contains(&Some(170062)), "designator-stripped name indexes the governorate");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_or_corrupt_index_is_a_clear_error() {
    let dir = scratch("bad");
    let err = sitrep::gazetteer::load(Some(&dir)).err().unwrap();
    assert!(format!("{err:#}").contains("scripts/setup"), "{err:#}");
    std::fs::write(dir.join(sitrep::gazetteer::INDEX_FILE), b"not an index").unwrap();
    let err = sitrep::gazetteer::load(Some(&dir)).err().unwrap();
    assert!(format!("{err:#}").contains("rebuild"), "{err:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_dump_line_names_file_and_line() {
    let dir = scratch("badline");
    std::fs::write(dir.join("XX.txt"), "1\tOnly\tthree\n").unwrap();
    let inputs = Inputs { geonames: vec![dir.join("XX.txt")], ..Inputs::default() };
    let err = build(&inputs, &[], &Default::default(), &dir.join("out")).err().unwrap();
    assert!(format!("{err:#}").contains("XX.txt:1"), "{err:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The full default gazetteer (built by `scripts/setup`). CI sets SITREP_REQUIRE_GAZETTEER=1
/// after the build step so that a missing index fails instead of skipping.
#[test]
fn seed_places_resolve_on_the_full_gazetteer() {
    let gaz = match sitrep::gazetteer::load(None) {
        Ok(g) => g,
        Err(e) if std::env::var_os("SITREP_REQUIRE_GAZETTEER").is_none() => {
            eprintln!("skipped: {e:#}");
            return;
        }
        Err(e) => panic!("{e:#}"),
    };
    let data = sitrep::data::load().unwrap();
    let geocoder = Geocoder::new(gaz, &data).unwrap();
    let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seed");
    let mut checked = 0;
    for article in sitrep::read::read_inputs(&[seed]).flatten() {
        let doc = pipeline::text::Doc::segment(&article.text, article.body_start, "fr");
        let mentions = geocoder.resolve(&doc);
        let resolved = |surface: &str| -> Vec<(Option<i64>, String)> {
            mentions
                .iter()
                .filter(|m| m.text == surface)
                .filter_map(|m| m.place.as_ref().map(|p| (p.geonameid, p.feature_code.clone())))
                .collect()
        };
        assert!(resolved("Ma'arrat al-Numan").contains(&(Some(167611), "PPL".into())));
        assert!(resolved("Khan Cheikhoun").contains(&(Some(168325), "PPL".into())));
        assert!(resolved("Morek").contains(&(Some(166640), "PPL".into())));
        assert!(resolved("Hama").iter().any(|r| r.0 == Some(170017)));
        assert!(resolved("Alep").iter().any(|r| r.0 == Some(170063)));
        assert!(resolved("Idlib").iter().any(|r| r.1 == "ADM1"), "la province d'Idlib is the governorate");
        assert!(resolved("aéroport international d'Alep").iter().any(|r| r.1 == "AIRP"));
        checked += 1;
    }
    assert_eq!(checked, 1, "the seed article was read");
}
