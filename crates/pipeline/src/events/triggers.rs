//! Triggers and cues: the phrases that say something happened (`data/events/<lang>.tsv`),
//! and the words around them that change what it means (`data/events/<lang>.cues.tsv`):
//! negation, threats and plans, background, "near", agent markers.

use super::tsv;
use super::words::{Hit, PhraseSet, Words};
use crate::lexicon::LexiconError;

/// The ACLED taxonomy of the spec (§1), to validate data files against.
pub const TAXONOMY: [(&str, &[&str]); 6] = [
    ("Battles", &["Armed clash", "Government regains territory", "Non-state actor overtakes territory"]),
    (
        "Explosions/Remote violence",
        &["Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    ),
    ("Violence against civilians", &["Sexual violence", "Attack", "Abduction/forced disappearance"]),
    ("Protests", &["Peaceful protest", "Protest with intervention", "Excessive force against protesters"]),
    ("Riots", &["Violent demonstration", "Mob violence"]),
    (
        "Strategic developments",
        &[
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
    ),
];

/// How a trigger's arguments are laid out and how its type may change with them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// "ont été tués par": the actor before is the target, the agent follows "par/by".
    pub passive: bool,
    /// "l'attaque des Houthis": a noun whose agent follows it.
    pub noun: bool,
    /// "attaque", "killed": dropped when the sentence has a more specific trigger.
    pub generic: bool,
    /// Takes territory: government regains vs non-state overtakes, decided by the agent.
    pub territory: bool,
    /// Killing: clash if the victims are armed, excessive force if protesters, else civilians.
    pub kill: bool,
    /// The target defaults to civilians (abductions, massacres).
    pub civilians: bool,
    /// The agent defaults to protesters or rioters (the trigger names the crowd).
    pub crowd: bool,
    /// "هاجمت قوات الدعم السريع المدينة": a verb-first clause, whose subject follows the
    /// verb; an actor before it is the agent only when none follows closely. On a noun,
    /// a construct ("قصف الجيش"): the actor right after it is its agent.
    pub vso: bool,
}

#[derive(Clone, Debug)]
pub struct Trigger {
    pub phrase: String,
    pub event_type: &'static str,
    pub sub_event_type: &'static str,
    pub frame: Frame,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// "pas", "not", "démenti": the action did not happen.
    Negation,
    /// "menace de", "could", "will", "plans to": the action has not happened.
    Irrealis,
    /// "depuis", "last year": history told as background.
    Background,
    /// "près de", "outskirts": the place is approximate (geo_precision 2).
    Near,
    /// "des", "of": a genitive that may introduce the agent of a noun trigger.
    Agent,
    /// "par", "by": introduces the agent of a passive or noun trigger.
    By,
    /// "et", "and": joins coordinated places.
    And,
    /// "avant de", "before": opens another clause; places after it are not the trigger's.
    Clause,
    /// "km", "kilomètres": the next place is a reference point ("30 km from Hama").
    Away,
    /// "carried out", "a mené": the actor before it is the agent of the noun after it.
    Do,
}

pub struct Triggers {
    phrases: PhraseSet,
    pub defs: Vec<Trigger>,
}

impl Triggers {
    pub fn parse(path: &str, text: &str, clitics: &[String]) -> Result<Triggers, LexiconError> {
        let mut defs = Vec::new();
        for row in tsv::rows(path, text, 3)? {
            let (et, subs) = TAXONOMY
                .iter()
                .find(|(t, _)| *t == row.get(1))
                .ok_or_else(|| row.error(format!("unknown event type {:?}", row.get(1))))?;
            let sub = subs
                .iter()
                .find(|s| **s == row.get(2))
                .ok_or_else(|| row.error(format!("unknown sub-event type {:?} for {et}", row.get(2))))?;
            let mut frame = Frame::default();
            for flag in row.get(3).split(',').map(str::trim).filter(|f| !f.is_empty()) {
                let slot = match flag {
                    "passive" => &mut frame.passive,
                    "noun" => &mut frame.noun,
                    "generic" => &mut frame.generic,
                    "territory" => &mut frame.territory,
                    "kill" => &mut frame.kill,
                    "civilians" => &mut frame.civilians,
                    "crowd" => &mut frame.crowd,
                    "vso" => &mut frame.vso,
                    other => return Err(row.error(format!("unknown trigger flag {other:?}"))),
                };
                *slot = true;
            }
            defs.push(Trigger { phrase: row.get(0).to_string(), event_type: et, sub_event_type: sub, frame });
        }
        Ok(Triggers { phrases: PhraseSet::with_clitics(defs.iter().map(|d| d.phrase.as_str()), clitics), defs })
    }

    pub fn find(&self, words: &Words) -> Vec<Hit> {
        self.phrases.find(words)
    }
}

pub struct Cues {
    phrases: PhraseSet,
    kinds: Vec<Cue>,
}

impl Cues {
    pub fn parse(path: &str, text: &str, clitics: &[String]) -> Result<Cues, LexiconError> {
        let mut phrases = Vec::new();
        let mut kinds = Vec::new();
        for row in tsv::rows(path, text, 2)? {
            kinds.push(match row.get(1) {
                "negation" => Cue::Negation,
                "irrealis" => Cue::Irrealis,
                "background" => Cue::Background,
                "near" => Cue::Near,
                "agent" => Cue::Agent,
                "by" => Cue::By,
                "and" => Cue::And,
                "clause" => Cue::Clause,
                "away" => Cue::Away,
                "do" => Cue::Do,
                other => return Err(row.error(format!("unknown cue kind {other:?}"))),
            });
            phrases.push(row.get(0));
        }
        Ok(Cues { phrases: PhraseSet::with_clitics(phrases, clitics), kinds })
    }

    /// Every cue in `words`: (first word, end word, kind).
    pub fn find(&self, words: &Words) -> Vec<(usize, usize, Cue)> {
        self.phrases.find(words).into_iter().map(|h| (h.start, h.end, self.kinds[h.entry])).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_checked_against_the_taxonomy() {
        let ok = Triggers::parse("events/fr.tsv", "pris le contrôle de\tBattles\tNon-state actor overtakes territory\tterritory\n", &[]).unwrap();
        assert!(ok.defs[0].frame.territory);
        let vso = Triggers::parse("events/ar.tsv", "هاجمت\tBattles\tArmed clash\tvso\n", &[]).unwrap();
        assert!(vso.defs[0].frame.vso);
        let err = Triggers::parse("events/fr.tsv", "x\tBattles\tAir/drone strike\n", &[]).err().unwrap();
        assert_eq!(err.line, 1);
        let err = Triggers::parse("events/fr.tsv", "x\tBattles\tArmed clash\tloud\n", &[]).err().unwrap();
        assert!(err.message.contains("loud"));
    }
}
