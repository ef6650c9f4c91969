//! Actors: surface forms ("les milices armées", "gunmen", "HTS") → normalised name,
//! ACLED category and country, from `data/actors/<lang>.tsv`.
//!
//! A name may contain `{country}`, filled from the event's place ("l'armée" in a Malian
//! dispatch → "Military Forces of Mali"), which is why generic mentions need no country.
//! Pronouns ("elles", "they") are entries too; the assembler resolves them to the latest
//! group mentioned before.

use std::collections::HashMap;

use super::tsv;
use super::words::{Hit, PhraseSet, Words};
use crate::lexicon::{DataFiles, LexiconError};

/// ACLED "inter" categories, as the spec writes them.
pub const INTERS: [&str; 8] = [
    "State forces",
    "Rebel groups",
    "Political militias",
    "Identity militias",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
];

#[derive(Clone, Debug, PartialEq)]
pub struct ActorDef {
    pub name: String,
    /// One of [`INTERS`], or `None` for a pronoun.
    pub inter: Option<&'static str>,
    pub country: Option<String>,
}

pub struct Actors {
    phrases: PhraseSet,
    pub defs: Vec<ActorDef>,
}

impl Actors {
    pub fn parse(path: &str, text: &str, clitics: &[String]) -> Result<Actors, LexiconError> {
        let mut surfaces = Vec::new();
        let mut defs = Vec::new();
        for row in tsv::rows(path, text, 3)? {
            let inter = match row.get(2) {
                "pronoun" => None,
                s => Some(*INTERS.iter().find(|i| **i == s).ok_or_else(|| row.error(format!("unknown actor category {s:?}")))?),
            };
            let country = Some(row.get(3)).filter(|c| !c.is_empty()).map(str::to_string);
            surfaces.push(row.get(0));
            defs.push(ActorDef { name: row.get(1).to_string(), inter, country });
        }
        Ok(Actors { phrases: PhraseSet::with_clitics(surfaces, clitics), defs })
    }

    pub fn find(&self, words: &Words) -> Vec<Hit> {
        self.phrases.find(words)
    }
}

/// Country codes → English names, for `{country}` in actor names (`data/actors/countries.tsv`).
pub struct Countries(HashMap<String, String>);

impl Countries {
    pub fn new(data: &DataFiles) -> Result<Countries, LexiconError> {
        let path = "actors/countries.tsv";
        let mut map = HashMap::new();
        if let Some(text) = data.get(path) {
            for row in tsv::rows(path, text, 2)? {
                map.insert(row.get(0).to_string(), row.get(1).to_string());
            }
        }
        Ok(Countries(map))
    }

    /// The actor's display name, its `{country}` filled from its own or the place's country.
    pub fn name(&self, def: &ActorDef, place_country: Option<&str>) -> String {
        if !def.name.contains("{country}") {
            return def.name.clone();
        }
        let code = def.country.as_deref().or(place_country);
        let country = code.map(|c| self.0.get(c).cloned().unwrap_or_else(|| c.to_string()));
        match country {
            Some(c) => def.name.replace("{country}", &c),
            None => def.name.replace(" of {country}", "").replace("{country}", ""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    #[test]
    fn generic_army_takes_the_place_country() {
        let actors = Actors::parse("actors/fr.tsv", "l'armée\tMilitary Forces of {country}\tState forces\n", &[]).unwrap();
        let mut d = DataFiles::new();
        d.insert("actors/countries.tsv", "ML\tMali\n");
        let countries = Countries::new(&d).unwrap();
        let text = "L’Armée a riposté";
        let w = Words::new(text, Span { start: 0, end: text.len() });
        let hits = actors.find(&w);
        assert_eq!(hits.len(), 1);
        let def = &actors.defs[hits[0].entry];
        assert_eq!(countries.name(def, Some("ML")), "Military Forces of Mali");
        assert_eq!(countries.name(def, None), "Military Forces");
        assert_eq!(def.inter, Some("State forces"));
    }

    #[test]
    fn unknown_category_is_an_error() {
        let err = Actors::parse("actors/en.tsv", "gunmen\tGunmen\tBandits\n", &[]).err().unwrap();
        assert!(err.message.contains("Bandits"), "{err}");
    }
}
