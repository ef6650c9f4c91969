//! The gazetteer: places, and an index from folded name keys to the places bearing them.
//!
//! The index is an fst map from key to an offset into a postings array, so a 235k-place
//! gazetteer with millions of alternate names loads as three byte copies plus a pass over
//! the places table, and a lookup costs one fst walk.

use std::fmt;

use super::fold;
use super::Place;

/// Version tag of the on-disk layout; a mismatch means "rebuild", never a misread.
const MAGIC: &[u8; 8] = b"SRGAZ001";

/// Places and the name index over them. Immutable once built.
pub struct Gazetteer {
    places: Vec<Place>,
    index: fst::Map<Vec<u8>>,
    /// At each offset: a count, then that many entries `place << 1 | is_primary_name`.
    postings: Vec<u32>,
}

/// A name for a place, as given to [`Gazetteer::build`].
pub struct NameEntry {
    pub name: String,
    pub place: u32,
    /// The place's own (primary) name rather than an alternate or alias.
    pub primary: bool,
}

/// Why gazetteer data could not be read: which input, where, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    pub source: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.source, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.source, self.message)
        }
    }
}

impl std::error::Error for GazetteerError {}

/// Column order of the places table (and of `data/places/sample.tsv`, which adds a
/// tenth column of `|`-separated alternate names).
pub const TSV_HEADER: &str =
    "geonameid\tname\tcountry\tadmin1\tfeature_class\tfeature_code\tlat\tlon\tpopulation\talternatenames";

impl Gazetteer {
    /// Builds from places and their names. Names too short to be told from ordinary words
    /// (fewer than 3 letters, or a key under 2) are not indexed, and a 2-letter key ("Gao")
    /// only for a place's own name: alternate names that short are mostly noise.
    pub fn build(places: Vec<Place>, names: impl IntoIterator<Item = NameEntry>) -> Gazetteer {
        let mut pairs: Vec<(String, u32)> = names
            .into_iter()
            .filter_map(|n| {
                let k = fold::key(&n.name);
                let letters = n.name.chars().filter(|c| c.is_alphabetic()).count();
                let klen = k.chars().count();
                (letters >= 3 && (klen >= 3 || (klen == 2 && n.primary))).then(|| (k, n.place << 1 | u32::from(n.primary)))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        // An alternate entry duplicating a primary one for the same place adds nothing.
        pairs.dedup_by(|b, a| a.0 == b.0 && a.1 >> 1 == b.1 >> 1);
        let mut postings = Vec::with_capacity(pairs.len() + pairs.len() / 4);
        let mut builder = fst::MapBuilder::memory();
        let mut i = 0;
        while i < pairs.len() {
            let mut j = i;
            while j < pairs.len() && pairs[j].0 == pairs[i].0 {
                j += 1;
            }
            let offset = postings.len() as u64;
            postings.push((j - i) as u32);
            postings.extend(pairs[i..j].iter().map(|p| p.1));
            builder.insert(&pairs[i].0, offset).expect("keys are sorted and unique");
            i = j;
        }
        let index = builder.into_map();
        Gazetteer { places, index, postings }
    }

    /// Reads the sample format: [`TSV_HEADER`] columns, `#` comments and blank lines skipped.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut places = Vec::new();
        let mut names = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("geonameid\t") {
                continue;
            }
            let (place, alternates) = parse_place_line(line).map_err(|message| GazetteerError {
                source: "gazetteer tsv".into(),
                line: n + 1,
                message,
            })?;
            let idx = places.len() as u32;
            names.push(NameEntry { name: place.name.clone(), place: idx, primary: true });
            for alt in alternates.split('|').filter(|a| !a.trim().is_empty()) {
                names.push(NameEntry { name: alt.trim().to_string(), place: idx, primary: false });
            }
            places.push(place);
        }
        Ok(Gazetteer::build(places, names))
    }

    /// The compiled form: magic, three section lengths, places table (TSV without
    /// alternate names), fst bytes, postings (u32 little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut table = String::new();
        for p in &self.places {
            table.push_str(&place_line(p));
            table.push('\n');
        }
        let fst = self.index.as_fst().as_bytes();
        let mut out = Vec::with_capacity(32 + table.len() + fst.len() + self.postings.len() * 4);
        out.extend_from_slice(MAGIC);
        for len in [table.len(), fst.len(), self.postings.len() * 4] {
            out.extend_from_slice(&(len as u64).to_le_bytes());
        }
        out.extend_from_slice(table.as_bytes());
        out.extend_from_slice(fst);
        for p in &self.postings {
            out.extend_from_slice(&p.to_le_bytes());
        }
        out
    }

    /// Loads what [`Gazetteer::to_bytes`] wrote; `source` names the file in errors.
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<Gazetteer, GazetteerError> {
        let err = |message: String| GazetteerError { source: source.to_string(), line: 0, message };
        if bytes.len() < 32 || &bytes[..8] != MAGIC {
            return Err(err("not a sitrep gazetteer index of this version; rebuild it with `sitrep gazetteer build`".into()));
        }
        let len = |i: usize| u64::from_le_bytes(bytes[8 + 8 * i..16 + 8 * i].try_into().expect("8 bytes")) as usize;
        let (t, f, p) = (len(0), len(1), len(2));
        if bytes.len() != 32 + t + f + p || p % 4 != 0 {
            return Err(err(format!("truncated index: {} bytes, sections say {}", bytes.len(), 32 + t + f + p)));
        }
        let table = std::str::from_utf8(&bytes[32..32 + t]).map_err(|e| err(format!("places table: {e}")))?;
        let mut places = Vec::with_capacity(table.len() / 60);
        for (n, line) in table.lines().enumerate() {
            let (place, _) = parse_place_line(line)
                .map_err(|m| GazetteerError { source: source.to_string(), line: n + 1, message: m })?;
            places.push(place);
        }
        let index = fst::Map::new(bytes[32 + t..32 + t + f].to_vec()).map_err(|e| err(format!("name index: {e}")))?;
        let postings = bytes[32 + t + f..]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect();
        Ok(Gazetteer { places, index, postings })
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn place(&self, idx: u32) -> &Place {
        &self.places[idx as usize]
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Places whose names fold to `key`, as `(place index, matched the primary name)`.
    pub fn lookup_key(&self, key: &str) -> impl Iterator<Item = (u32, bool)> + '_ {
        let entries: &[u32] = match self.index.get(key) {
            Some(off) => {
                let off = off as usize;
                let count = self.postings[off] as usize;
                &self.postings[off + 1..off + 1 + count]
            }
            None => &[],
        };
        entries.iter().map(|e| (e >> 1, e & 1 == 1))
    }

    /// Places named `name` under any spelling the folding key merges.
    pub fn lookup(&self, name: &str) -> impl Iterator<Item = (u32, bool)> + '_ {
        self.lookup_key(&fold::key(name))
    }

    /// Number of distinct name keys indexed.
    pub fn key_count(&self) -> usize {
        self.index.len()
    }
}

/// One row of the places table.
pub fn place_line(p: &Place) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t",
        p.geonameid.map(|g| g.to_string()).unwrap_or_default(),
        clean(&p.name),
        clean(&p.country),
        clean(&p.admin1),
        clean(&p.feature_class),
        clean(&p.feature_code),
        p.lat,
        p.lon,
        p.population
    )
}

fn parse_place_line(line: &str) -> Result<(Place, &str), String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() < 9 {
        return Err(format!("expected at least 9 tab-separated columns ({TSV_HEADER}), found {}", cols.len()));
    }
    let num = |i: usize, what: &str| -> Result<f64, String> {
        cols[i].trim().parse::<f64>().map_err(|_| format!("{what} is not a number: {:?}", cols[i]))
    };
    let geonameid = match cols[0].trim() {
        "" => None,
        g => Some(g.parse::<i64>().map_err(|_| format!("geonameid is not an integer: {g:?}"))?),
    };
    let (lat, lon) = (num(6, "lat")?, num(7, "lon")?);
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates out of range: {lat}, {lon}"));
    }
    let population = match cols[8].trim() {
        "" => 0,
        p => p.parse::<u64>().map_err(|_| format!("population is not a whole number: {p:?}"))?,
    };
    if cols[1].trim().is_empty() {
        return Err("empty name".into());
    }
    Ok((
        Place {
            geonameid,
            name: cols[1].to_string(),
            country: cols[2].to_string(),
            admin1: cols[3].to_string(),
            feature_class: cols[4].to_string(),
            feature_code: cols[5].to_string(),
            lat,
            lon,
            population,
        },
        cols.get(9).copied().unwrap_or(""),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "geonameid\tname\tcountry\tadmin1\tfeature_class\tfeature_code\tlat\tlon\tpopulation\talternatenames\n\
        168325\tKhān Shaykhūn\tSY\tIdlib\tP\tPPL\t35.44208\t36.65095\t34371\tKhan Shaykhun|خان شيخون\n\
        170063\tAleppo\tSY\tAleppo\tP\tPPLA\t36.20124\t37.16117\t1850000\tAlep|Halab|حلب\n";

    #[test]
    fn variant_spellings_find_the_place() {
        let g = Gazetteer::from_tsv(SAMPLE).unwrap();
        let hits: Vec<_> = g.lookup("Khan Cheikhoun").collect();
        assert_eq!(hits, vec![(0, false)]);
        let hits: Vec<_> = g.lookup("خان شيخون").map(|h| g.place(h.0).geonameid).collect();
        assert_eq!(hits, vec![Some(168325)]);
        assert_eq!(g.lookup("Aleppo").collect::<Vec<_>>(), vec![(1, true)]);
        assert_eq!(g.lookup("Paris").count(), 0);
    }

    #[test]
    fn bytes_round_trip() {
        let g = Gazetteer::from_tsv(SAMPLE).unwrap();
        let back = Gazetteer::from_bytes(&g.to_bytes(), "test").unwrap();
        assert_eq!(back.places(), g.places());
        assert_eq!(back.lookup("Alep").collect::<Vec<_>>(), vec![(1, false)]);
    }

    #[test]
    fn bad_rows_and_bytes_are_named() {
        let e = Gazetteer::from_tsv("1\tX\tSY\t\tP\tPPL\tnorth\t36\t0\n").err().unwrap();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("lat"), "{e}");
        let e = Gazetteer::from_bytes(b"garbage", "gz.idx").err().unwrap();
        assert!(e.to_string().contains("gz.idx"));
        let mut bytes = Gazetteer::from_tsv(SAMPLE).unwrap().to_bytes();
        bytes.truncate(bytes.len() - 3);
        assert!(Gazetteer::from_bytes(&bytes, "gz.idx").is_err());
    }
}
