//! Claims: who asserts an event ("l'armée a reconnu", "according to the rebels").
//!
//! `data/claims/<lang>.tsv` lists attribution cues — `say` (speaker before the cue, or
//! right after it in inverted order: "said the army"), `say_first` (verb-first languages:
//! speaker right after the cue) and `according` (speaker after) —
//! and `neutral` sources (monitors, medics, media, witnesses) whose reports the guide
//! codes as the text's own voice.

use super::tsv;
use super::words::{PhraseSet, Words};
use crate::lexicon::LexiconError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimCue {
    Say,
    /// A verb-first saying ("أعلنت وزارة الداخلية القبض على …"): the speaker follows the
    /// cue, and the content after it needs no complementizer.
    SayFirst,
    According,
    Neutral,
    /// "que", "that": what follows the cue is the reported content, not the speaker.
    That,
}

pub struct Claims {
    phrases: PhraseSet,
    kinds: Vec<ClaimCue>,
}

impl Claims {
    pub fn parse(path: &str, text: &str, clitics: &[String]) -> Result<Claims, LexiconError> {
        let mut phrases = Vec::new();
        let mut kinds = Vec::new();
        for row in tsv::rows(path, text, 2)? {
            kinds.push(match row.get(1) {
                "say" => ClaimCue::Say,
                "say_first" => ClaimCue::SayFirst,
                "according" => ClaimCue::According,
                "neutral" => ClaimCue::Neutral,
                "that" => ClaimCue::That,
                other => return Err(row.error(format!("unknown claim kind {other:?}"))),
            });
            phrases.push(row.get(0));
        }
        Ok(Claims { phrases: PhraseSet::with_clitics(phrases, clitics), kinds })
    }

    /// Every claim cue in `words`: (first word, end word, kind).
    pub fn find(&self, words: &Words) -> Vec<(usize, usize, ClaimCue)> {
        self.phrases.find(words).into_iter().map(|h| (h.start, h.end, self.kinds[h.entry])).collect()
    }
}
