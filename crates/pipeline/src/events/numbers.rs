//! Numbers and fatalities: "trente-deux", "at least 40", "dozens" → `{low, high}`, and
//! which of them count deaths (killed-words) rather than injuries (wounded-words).
//!
//! The words live in `data/numbers/<lang>.tsv`; vague quantities carry the ranges of the
//! annotation guide, so changing a convention is a data edit.

use super::tsv;
use super::words::{PhraseSet, Words};
use super::Fatalities;
use crate::lexicon::LexiconError;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// A number word adding to the running value ("trente" 30, "deux" 2).
    Value(u32),
    /// A multiplier ("cent", "hundred", "mille").
    Mult(u32),
    /// A vague quantity with its range ("dizaines" 20–99).
    Range(u32, Option<u32>),
    /// "at least N" → {N, open}.
    AtLeast,
    /// "more than N" → {N+1, open}.
    MoreThan,
    Killed,
    Wounded,
    /// "et", "and": lets "15 policiers et 8 assaillants tués" share one killed-word.
    And,
}

pub struct Numbers {
    phrases: PhraseSet,
    kinds: Vec<Kind>,
}

/// A quantity in a sentence: words `start..end` and its range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    pub start: usize,
    pub end: usize,
    pub low: u32,
    pub high: Option<u32>,
}

/// Deaths found in a sentence: the quantity, bound to a killed-word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Toll {
    pub at: usize,
    pub fatalities: Fatalities,
}

impl Numbers {
    pub fn parse(path: &str, text: &str, clitics: &[String]) -> Result<Numbers, LexiconError> {
        let mut phrases = Vec::new();
        let mut kinds = Vec::new();
        for row in tsv::rows(path, text, 2)? {
            let kind = match row.get(1) {
                "value" => Kind::Value(row.number(2)?),
                "mult" => Kind::Mult(row.number(2)?),
                "range" => Kind::Range(row.number(2)?, if row.get(3).is_empty() { None } else { Some(row.number(3)?) }),
                "atleast" => Kind::AtLeast,
                "morethan" => Kind::MoreThan,
                "killed" => Kind::Killed,
                "wounded" => Kind::Wounded,
                "and" => Kind::And,
                other => return Err(row.error(format!("unknown number kind {other:?}"))),
            };
            phrases.push(row.get(0));
            kinds.push(kind);
        }
        Ok(Numbers { phrases: PhraseSet::with_clitics(phrases, clitics), kinds })
    }

    /// Every quantity in `words`, in order.
    pub fn quantities(&self, words: &Words) -> Vec<Quantity> {
        let hits = self.phrases.find(words);
        let mut by_word: Vec<Option<Kind>> = vec![None; words.len()];
        let mut ends = vec![0; words.len()];
        for h in &hits {
            by_word[h.start] = Some(self.kinds[h.entry]);
            ends[h.start] = h.end;
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let (mut low_mod, start) = (None, i);
            if let Some(k @ (Kind::AtLeast | Kind::MoreThan)) = by_word[i] {
                low_mod = Some(k);
                i = ends[i];
            }
            let Some((q_end, low, high)) = self.value_at(words, &by_word, &ends, i) else {
                i = if low_mod.is_some() { i } else { i + 1 };
                continue;
            };
            // "14 شخصا على الأقل": the bound may also follow the number and its noun, unless
            // it bounds the next number ("5 killed, at least 10 wounded").
            let after_mod = (q_end..(q_end + 2).min(words.len())).find_map(|j| {
                by_word[j].filter(|k| *k == Kind::AtLeast && self.value_at(words, &by_word, &ends, ends[j]).is_none())
            });
            let (low, high) = match low_mod.or(after_mod) {
                Some(Kind::AtLeast) => (low, None),
                Some(Kind::MoreThan) => (low + 1, None),
                _ => (low, high),
            };
            out.push(Quantity { start, end: q_end, low, high });
            i = q_end;
        }
        out
    }

    /// A number starting at word `i`: digits, composed number words, or a vague quantity.
    fn value_at(&self, words: &Words, kinds: &[Option<Kind>], ends: &[usize], i: usize) -> Option<(usize, u32, Option<u32>)> {
        let w = words.norms.get(i)?;
        if let Some(n) = digits(w) {
            // A bare year is not a count.
            if (1900..=2100).contains(&n) && w.len() == 4 {
                return None;
            }
            return Some((i + 1, n, Some(n)));
        }
        match kinds[i]? {
            Kind::Range(lo, hi) => Some((ends[i], lo, hi)),
            Kind::Value(_) | Kind::Mult(_) => {
                let (mut total, mut cur, mut j) = (0u32, 0u32, i);
                while j < words.len() {
                    match kinds[j] {
                        Some(Kind::Value(v)) => cur += v,
                        Some(Kind::Mult(m)) => {
                            cur = cur.max(1) * m;
                            if m >= 1000 {
                                total += cur;
                                cur = 0;
                            }
                        }
                        _ => break,
                    }
                    j = ends[j];
                }
                Some((j, total + cur, Some(total + cur)))
            }
            _ => None,
        }
    }

    /// Quantities bound to a killed-word: "12 soldats tués", "killed at least five people",
    /// "15 policiers et 8 assaillants tués" (a coordinated number shares the next one's word).
    pub fn tolls(&self, words: &Words) -> Vec<Toll> {
        let qs = self.quantities(words);
        let hits = self.phrases.find(words);
        let kind_at = |i: usize| hits.iter().find(|h| h.start == i).map(|h| self.kinds[h.entry]);
        let casualty = |i: usize| kind_at(i).filter(|k| matches!(k, Kind::Killed | Kind::Wounded));
        let mut binding: Vec<Option<Kind>> = vec![None; qs.len()];
        for qi in (0..qs.len()).rev() {
            let q = qs[qi];
            // "un"/"a" is mostly an article: it may count only what follows it.
            let article = q.end == q.start + 1 && q.low == 1 && digits(&words.norms[q.start]).is_none();
            // A word right after the number decides ("20 dead, 22 wounded"); else a
            // killing verb right before it ("killing two civilians and wounding five").
            let next = casualty(q.end);
            let before = (!article && next.is_none())
                .then(|| {
                    let back = (q.start.saturating_sub(2)..q.start).rev().take_while(|&i| kind_at(i) != Some(Kind::And));
                    back.filter_map(casualty).next().filter(|k| *k == Kind::Killed)
                })
                .flatten();
            let mut found = next.or(before);
            let reach = if article { 2 } else { 7 };
            for j in q.end..(q.end + reach).min(words.len()) {
                if found.is_some() {
                    break;
                }
                if let Some(k) = casualty(j) {
                    found = Some(k);
                    break;
                }
                if let Some(next) = qs.iter().position(|o| o.start == j) {
                    if (q.end..j).any(|k| kind_at(k) == Some(Kind::And)) {
                        found = binding[next];
                    }
                    break;
                }
            }
            binding[qi] = found;
        }
        qs.iter()
            .zip(&binding)
            .filter(|(_, b)| **b == Some(Kind::Killed))
            .map(|(q, _)| Toll { at: q.start, fatalities: Fatalities { low: q.low, high: q.high } })
            .collect()
    }
}

fn digits(w: &str) -> Option<u32> {
    if !w.bytes().next()?.is_ascii_digit() {
        return None;
    }
    // "1,200" and "1.200" are thousands; "3,3" is a decimal and counts nobody.
    let parts: Vec<&str> = w.split([',', '.']).collect();
    if parts.len() > 1 && parts[1..].iter().any(|p| p.len() != 3) {
        return None;
    }
    parts.concat().parse().ok()
}

/// Adds tolls for one event: ranges add up, an open end stays open.
pub fn sum(tolls: &[Fatalities]) -> Option<Fatalities> {
    let first = tolls.first()?;
    Some(tolls[1..].iter().fold(*first, |acc, t| Fatalities {
        low: acc.low + t.low,
        high: match (acc.high, t.high) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    const FR: &str = "un\tvalue\t1\ndeux\tvalue\t2\ncinq\tvalue\t5\nhuit\tvalue\t8\ntrente\tvalue\t30\ncent\tmult\t100\n\
dizaines\trange\t20\t99\nau moins\tatleast\nplus de\tmorethan\ntues\tkilled\nmorts\tkilled\nblesses\twounded\ntuant\tkilled\net\tand\n";
    const EN: &str = "five\tvalue\t5\nthirty\tvalue\t30\ntwo\tvalue\t2\nhundred\tmult\t100\ndozens\trange\t20\t99\nat least\tatleast\n\
more than\tmorethan\nkilled\tkilled\ndead\tkilled\nwounded\twounded\ninjured\twounded\n";

    fn tolls(table: &str, text: &str) -> Vec<(u32, Option<u32>)> {
        let n = Numbers::parse("numbers/xx.tsv", table, &[]).unwrap();
        let w = Words::new(text, Span { start: 0, end: text.len() });
        n.tolls(&w).iter().map(|t| (t.fatalities.low, t.fatalities.high)).collect()
    }

    #[test]
    fn number_words_compose() {
        assert_eq!(tolls(FR, "trente-deux soldats ont été tués"), [(32, Some(32))]);
        assert_eq!(tolls(EN, "two hundred thirty-five people were killed"), [(235, Some(235))]);
    }

    #[test]
    fn vague_and_bounded_quantities() {
        assert_eq!(tolls(FR, "des dizaines de morts"), [(20, Some(99))]);
        assert_eq!(tolls(FR, "au moins 12 soldats tués"), [(12, None)]);
        assert_eq!(tolls(EN, "more than 40 dead"), [(41, None)]);
        assert_eq!(tolls(EN, "40 dead at least"), [(40, None)]);
        assert_eq!(tolls(EN, "5 killed at least 10 wounded"), [(5, Some(5))]);
    }

    #[test]
    fn wounded_are_not_deaths() {
        assert_eq!(tolls(EN, "5 killed and 30 injured"), [(5, Some(5))]);
        assert_eq!(tolls(FR, "huit blessés"), []);
    }

    #[test]
    fn killed_before_the_number_and_coordinated_counts() {
        assert_eq!(tolls(EN, "gunmen killed at least five people"), [(5, None)]);
        assert_eq!(tolls(FR, "15 policiers et 8 assaillants tués"), [(15, Some(15)), (8, Some(8))]);
        assert_eq!(tolls(FR, "une attaque a fait 12 morts"), [(12, Some(12))]);
        assert_eq!(tolls(FR, "12 soldats tués dans une attaque"), [(12, Some(12))]);
        assert_eq!(tolls(FR, "85 soldats tués et des dizaines blessés"), [(85, Some(85))]);
        assert_eq!(tolls(EN, "shelled the town, killed two civilians and wounded five"), [(2, Some(2))]);
    }

    #[test]
    fn years_and_decimals_are_not_counts() {
        assert_eq!(tolls(EN, "in 2019 killed"), []);
        assert_eq!(tolls(FR, "3,3 millions de morts"), []);
        assert_eq!(sum(&[Fatalities { low: 1, high: Some(1) }, Fatalities { low: 2, high: None }]), Some(Fatalities { low: 3, high: None }));
    }
}
