//! The clause-level assembler: binds each trigger to its actors, place, date, toll and
//! claim inside its sentence, then merges repeats (title + body) within the document.
//!
//! Binding is by position, which is what dispatches make reliable: the agent of an
//! active verb comes before it, the target and the places after it up to the next
//! trigger; "par"/"by" reverses a passive; coordinated places ("X et Y") split one
//! trigger into one event per place.

use super::actors::{ActorDef, Countries};
use super::claims::ClaimCue;
use super::numbers::{self, Toll};
use super::triggers::{Cue, Trigger, TAXONOMY};
use super::words::Words;
use super::{Actor, Event, Evidence, Fatalities, Kit, Location};
use crate::article::{Article, DateRange};
use crate::dates::{self, DateMention, DateResolver};
use crate::places::{Place, PlaceMention};
use crate::text::{Doc, Span};

pub(super) struct Assembler<'a> {
    pub kit: &'a Kit,
    pub dates: &'a DateResolver,
    pub countries: &'a Countries,
    pub article: &'a Article,
    pub doc: &'a Doc<'a>,
    pub places: &'a [PlaceMention],
}

/// Countries a document is about: those it names as countries, and the one most of its
/// resolved places lie in. A stray homonym abroad ("Bari", "Sydney") is no location.
fn doc_countries<'p>(places: &[&'p PlaceMention]) -> Vec<&'p str> {
    let mut votes: Vec<(&str, f64)> = Vec::new();
    for (p, score) in places.iter().filter_map(|m| Some((m.place.as_ref()?, m.score))) {
        match votes.iter_mut().find(|(c, _)| *c == p.country) {
            Some((_, v)) => *v += score.max(0.1),
            None => votes.push((&p.country, score.max(0.1))),
        }
    }
    let top = votes.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|v| v.0);
    let named = places.iter().filter_map(|m| m.place.as_ref()).filter(|p| is_country(p)).map(|p| p.country.as_str());
    let mut out: Vec<&str> = top.into_iter().chain(named).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// An actor mention in a sentence; pronouns already point at their antecedent.
#[derive(Clone, Copy)]
struct ActorAt<'k> {
    start: usize,
    end: usize,
    def: &'k ActorDef,
    neutral: bool,
}

/// A resolved place mention in a sentence, by word position.
struct PlaceAt<'p> {
    start: usize,
    end: usize,
    place: &'p Place,
    near: bool,
}

/// An event with what the merges need to know about it.
struct Candidate {
    /// Word index of its trigger in the sentence.
    at: usize,
    /// False when the date is only the publication date (a headline's).
    dated: bool,
    /// A battle word turned riot because a crowd was one side.
    from_clash: bool,
    /// From a generic trigger ("attacked", "killed").
    generic: bool,
    /// The place was named in the sentence (not carried from earlier).
    own_place: bool,
    /// One of several coordinated places of one trigger ("the provinces of Idlib and
    /// Aleppo"): each is an event of its own, never a summary of a town's.
    coordinated: bool,
    event: Event,
}

/// The most recent group mentioned, for pronouns, and the most recent place, for
/// sentences that name none.
#[derive(Default)]
struct Memory<'a> {
    group: Option<&'a ActorDef>,
    place: Option<(&'a Place, bool)>,
    /// The latest date the text gave: later sentences go on telling the same day.
    date: Option<DateRange>,
    /// Every source the text cites: a party, or `None` for a neutral one.
    sources: Vec<Option<&'a ActorDef>>,
}

const WINDOW_SUPPRESS: usize = 6;

/// How far after a saying verb a date still dates the saying (speaker and commas between).
const REPORT_DATE_REACH: usize = 4;

/// How far after a verb-first trigger its subject may start (time adverbs come between).
const VSO_REACH: usize = 3;

impl<'a> Memory<'a> {
    /// The one party every cited source belongs to, when no neutral source is cited.
    fn sole_source(&self) -> Option<&'a ActorDef> {
        let first = (*self.sources.first()?)?;
        self.sources.iter().all(|s| s.is_some_and(|d| d.inter == first.inter)).then_some(first)
    }
}

impl<'a> Assembler<'a> {
    pub fn run(&self) -> Vec<Event> {
        let text = self.doc.text;
        let anchor = self.article.published.or_else(|| self.dateline());
        let Some(anchor) = anchor else { return Vec::new() };
        let sentences: Vec<(Words, Span)> =
            self.doc.sentences.iter().map(|s| (Words::new(text, s.span), s.span)).filter(|(w, _)| !w.is_empty()).collect();
        // Names of actors ("Hamas", "IDF") are not places, for the country vote either.
        let actor_spans: Vec<Span> = sentences
            .iter()
            .flat_map(|(w, _)| {
                self.kit.actors.find(w).into_iter().filter(|h| self.kit.actors.defs[h.entry].inter.is_some()).map(|h| w.span(h.start, h.end))
            })
            .collect();
        let placed: Vec<&PlaceMention> =
            self.places.iter().filter(|m| !actor_spans.iter().any(|a| a.start <= m.span.start && m.span.end <= a.end)).collect();
        let countries = doc_countries(&placed);
        // An explicit date inside the publication window dates the whole report ("an
        // explicit date in the text overrides the header"); failing that, an undated
        // event under a day header happened in the days before publication.
        let lang = &self.doc.lang;
        let explicit = sentences.iter().find_map(|(w, _)| {
            // A dateline that stands in for the header does not date the events too.
            let dateline = self.article.published.is_none();
            self.dates
                .find(lang, w, Some(anchor))
                .into_iter()
                .find(|m| m.explicit && within_window(&m.range, anchor) && !(dateline && m.range == anchor))
                .map(|m| m.range)
        });
        // Under a month header, the text's own full date pins its weekdays and "hier".
        let anchor = match explicit {
            Some(day) if anchor.precision > 1 => day,
            _ => anchor,
        };
        let undated = explicit.unwrap_or(if anchor.precision == 1 {
            let start = anchor.start.checked_sub(jiff::ToSpan::days(3)).unwrap_or(anchor.start);
            DateRange { start, end: anchor.end, precision: 2 }
        } else {
            anchor
        });
        let mut memory = Memory::default();
        let mut events = Vec::new();
        for (words, span) in &sentences {
            events.extend(self.sentence(words, *span, anchor, undated, &countries, &mut memory));
        }
        let mut events = merge(events);
        // A report resting on one party's word alone is that party's claim throughout.
        if let Some(sole) = memory.sole_source() {
            for e in events.iter_mut().filter(|e| e.claimed_by.is_none()) {
                let country = e.location.country.clone();
                e.claimed_by = Some(Actor { name: self.countries.name(sole, country.as_deref()), inter: sole.inter.unwrap_or("").to_string() });
            }
        }
        events
    }

    fn dateline(&self) -> Option<DateRange> {
        self.doc.sentences.iter().take(5).find_map(|s| self.dates.dateline(&self.doc.lang, &Words::new(self.doc.text, s.span)))
    }

    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        w: &Words,
        span: Span,
        anchor: DateRange,
        undated: DateRange,
        countries: &[&str],
        memory: &mut Memory<'a>,
    ) -> Vec<Candidate> {
        let kit = self.kit;
        let cues = kit.cues.find(w);
        let actors = self.actors(w, memory);
        let claims = self.claims(w, &actors);
        memory.sources.extend(claims.iter().map(|c| c.2));
        let places: Vec<PlaceAt> = self
            .places_in(w, span, &cues, countries)
            .into_iter()
            // "Assam Rifles", "Syrian Democratic Forces": a name inside an actor is no place.
            .filter(|p| !actors.iter().any(|a| !a.neutral && a.start <= p.start && p.end <= a.end && a.end - a.start > p.end - p.start))
            .collect();
        let fallback_place = memory.place;
        let fine = |p: &&PlaceAt| !is_country(p.place);
        if let Some(p) = places.iter().rev().find(|p| fine(p) && !is_region(p.place)).or(places.iter().rev().find(fine)) {
            memory.place = Some((p.place, p.near));
        }
        // "riot police", "protest organizers": a trigger word inside an actor's name.
        let hits: Vec<_> = kit
            .triggers
            .find(w)
            .into_iter()
            .filter(|h| !actors.iter().any(|a| !a.neutral && a.start <= h.start && h.end <= a.end && a.end - a.start > h.end - h.start))
            .collect();
        let specific = hits.iter().any(|h| !kit.triggers.defs[h.entry].frame.generic);
        let date_mentions = self.dates.find(&self.doc.lang, w, Some(anchor));
        // History told as background: an earlier year, another month, or a background cue.
        let background = cues.iter().any(|c| c.2 == Cue::Background)
            || dates::years(w, 0, w.len()).any(|y| y < anchor.start.year())
            || date_mentions.iter().any(|m| m.background);
        if background {
            return Vec::new();
        }
        // "X announced on Thursday that …": a date right after a saying verb dates the
        // report, not the event, which stays undated unless the text dates it elsewhere.
        let says: Vec<usize> = self.kit.claims.find(w).into_iter().filter(|c| matches!(c.2, ClaimCue::Say | ClaimCue::SayFirst)).map(|c| c.1).collect();
        // "اليوم الخميس", "this Thursday": a date phrase in several mentions goes as one.
        let mut report_end = None;
        let date_mentions: Vec<DateMention> = date_mentions
            .into_iter()
            .filter(|m| {
                let report = says.iter().any(|&e| e <= m.start && m.start - e <= REPORT_DATE_REACH) || report_end == Some(m.start);
                if report {
                    report_end = Some(m.end);
                }
                !report
            })
            .collect();
        let carried = memory.date;
        // Dates carry on to the next sentences ("on Monday … the gunmen also …"); an
        // explicit date only inside the publication window (a month header, or the week
        // before a day header), since older ones are said of their own, past, event.
        if let Some(m) = date_mentions.iter().find(|m| !m.background && (!m.explicit || within_window(&m.range, anchor))) {
            memory.date = Some(m.range);
        }
        if hits.is_empty() {
            return Vec::new();
        }
        // The numbers of a date ("12 November 2024") are not a toll.
        let mut tolls = kit.numbers.tolls(w);
        tolls.retain(|t| !date_mentions.iter().any(|d| d.start <= t.at && t.at < d.end));
        let counted: Vec<usize> = kit.numbers.quantities(w).iter().map(|q| q.start).collect();
        // ";" and ":" end a clause: places after them belong to what follows.
        let breaks: Vec<usize> =
            (1..w.len()).filter(|&i| self.doc.text[w.spans[i - 1].end..w.spans[i].start].contains([';', ':'])).collect();
        let speakers: Vec<usize> = claims.iter().map(|c| c.1).collect();
        let mut out: Vec<Candidate> = Vec::new();
        // Generic words do not cut the sentence into scopes when a specific one is there:
        // "a drone strike killed five civilians in X" keeps X and the victims for the strike.
        let bounds: Vec<(usize, usize)> =
            hits.iter().filter(|h| !(specific && kit.triggers.defs[h.entry].frame.generic)).map(|h| (h.start, h.end)).collect();
        for hit in &hits {
            let trig = &kit.triggers.defs[hit.entry];
            // "did not attack", "threatened to attack" — and "attaques en préparation".
            let suppressed = cues.iter().any(|&(s, _, c)| {
                matches!(c, Cue::Negation | Cue::Irrealis)
                    && ((s < hit.start && hit.start - s <= WINDOW_SUPPRESS) || (c == Cue::Irrealis && s >= hit.end && s - hit.end <= 2))
            });
            if suppressed {
                continue;
            }
            let next_trigger = bounds.iter().find(|b| b.0 > hit.start).map_or(w.len(), |b| b.0);
            let prev_trigger = bounds.iter().rev().find(|b| b.1 <= hit.start).map_or(0, |b| b.1);
            let (agent, target) = roles(trig, hit.start, hit.end, next_trigger, &actors, &cues, &speakers, &counted);
            let chosen = choose_places(&places, &cues, &breaks, hit.end, next_trigger, prev_trigger, hit.start);
            let locs: Vec<(&Place, u8)> = if chosen.is_empty() {
                // A bare "attack" with no place of its own is mostly a reference back.
                if trig.frame.generic {
                    continue;
                }
                // A country is too coarse to map; the place the text is about serves better.
                match fallback_place {
                    Some((p, near)) => vec![(p, precision(p, near))],
                    None => continue,
                }
            } else {
                chosen.iter().map(|p| (p.place, precision(p.place, p.near))).collect()
            };
            let own = pick_date(&date_mentions, hit.start);
            let dated = own.is_some() || carried.is_some();
            let date = own.or(carried).unwrap_or(undated);
            let claim = claim_for(&claims, hit.start);
            for (place, geo_precision) in locs {
                let event = self.event(trig, agent, target, place, geo_precision, date, claim, w, hit.start, hit.end, span, !chosen.is_empty());
                let from_clash = trig.event_type == "Battles" && event.event_type == "Riots";
                let own_place = !chosen.is_empty();
                let coordinated = chosen.len() > 1;
                out.push(Candidate { at: hit.start, dated, from_clash, generic: trig.frame.generic, own_place, coordinated, event });
            }
        }
        // Arrests where a crowd protests are the intervention in that protest.
        let crowd = hits.iter().any(|h| kit.triggers.defs[h.entry].event_type == "Protests");
        for c in out.iter_mut().filter(|c| crowd && c.event.sub_event_type == "Arrests") {
            c.event.event_type = "Protests".into();
            c.event.sub_event_type = "Protest with intervention".into();
            let police = c.event.actor1.take();
            c.event.actor1 = Some(Actor { name: "Protesters".into(), inter: "Protesters".into() });
            c.event.actor2 = police;
            c.generic = false;
        }
        let mut out = absorb_generic(out, specific);
        out = merge_in_sentence(out);
        attach_tolls(&mut out, &tolls);
        out.iter_mut().for_each(|c| deadly_protest(&mut c.event));
        out
    }

    /// Actor mentions with pronouns resolved; updates the pronoun antecedent as it goes.
    fn actors(&self, w: &Words, memory: &mut Memory<'a>) -> Vec<ActorAt<'a>> {
        let mut neutral: Vec<(usize, usize)> =
            self.kit.claims.find(w).into_iter().filter(|c| c.2 == ClaimCue::Neutral).map(|c| (c.0, c.1)).collect();
        let mut out = Vec::new();
        let mut hits = self.kit.actors.find(w);
        hits.sort_by_key(|h| h.start);
        // A pronoun refers to the subject of its own sentence when one came before it, else
        // to the subject (first group) of the latest sentence that had one.
        let mut subject: Option<&'a ActorDef> = None;
        for h in hits {
            let def = &self.kit.actors.defs[h.entry];
            let def = match def.inter {
                None => match subject.or(memory.group) {
                    Some(g) => g,
                    None => continue,
                },
                Some(inter) => {
                    if inter != "Civilians" && subject.is_none() {
                        subject = Some(def);
                    }
                    def
                }
            };
            out.push(ActorAt { start: h.start, end: h.end, def, neutral: false });
        }
        if subject.is_some() {
            memory.group = subject;
        }
        // Neutral sources take part in claim attribution only, never as actors.
        out.retain(|a| !neutral.iter().any(|&(s, e)| s < a.end && a.start < e));
        let none: &'static ActorDef = &NEUTRAL;
        out.extend(neutral.drain(..).map(|(start, end)| ActorAt { start, end, def: none, neutral: true }));
        out.sort_by_key(|a| a.start);
        out
    }

    fn places_in(&self, w: &Words, span: Span, cues: &[(usize, usize, Cue)], countries: &[&str]) -> Vec<PlaceAt<'a>> {
        self.places
            .iter()
            .filter(|m| m.span.start >= span.start && m.span.end <= span.end)
            .filter_map(|m| {
                let place = m.place.as_ref().filter(|p| countries.contains(&p.country.as_str()))?;
                let start = w.at_byte(m.span.start);
                let end = w.at_byte(m.span.end).max(start + 1);
                let near = cues.iter().any(|&(_, e, c)| c == Cue::Near && e <= start && start - e <= 3);
                // "à 30 km de Hama" locates something else relative to Hama.
                let reference = cues.iter().any(|&(_, e, c)| c == Cue::Away && e <= start && start - e <= 6);
                (!reference).then_some(PlaceAt { start, end, place, near })
            })
            .collect()
    }

    /// Claim cues with their speakers: (cue position, speaker position, speaker or neutral).
    fn claims(&self, w: &Words, actors: &[ActorAt<'a>]) -> Vec<(usize, usize, Option<&'a ActorDef>)> {
        let mut out = Vec::new();
        let found = self.kit.claims.find(w);
        // The subject of a passive ("eighteen rebels were killed") suffered, it did not speak.
        let triggers = self.kit.triggers.find(w);
        let passive_starts: Vec<usize> =
            triggers.iter().filter(|h| self.kit.triggers.defs[h.entry].frame.passive).map(|h| h.start).collect();
        // "…, said the army" and "قالت مصادر عسكرية إن …" put the speaker after the cue;
        // in "the army says rebels attacked" the cue opens the reported content instead.
        let first_trigger_after = |e: usize| triggers.iter().filter(|h| h.start >= e).map(|h| h.start).min();
        let inverted = |e: usize, a: &ActorAt| match first_trigger_after(e) {
            None => true,
            Some(t) => found.iter().any(|&(s, _, k)| k == ClaimCue::That && s >= a.end && s < t),
        };
        let sufferer = |a: &ActorAt| passive_starts.iter().any(|&p| p >= a.end && p - a.end <= 2);
        let that_at = |i: usize| found.iter().any(|&(s, _, k)| k == ClaimCue::That && s == i);
        for &(s, e, kind) in &found {
            let speaker = match kind {
                ClaimCue::Neutral | ClaimCue::That => continue,
                ClaimCue::According => actors.iter().find(|a| a.start >= e && a.start - e <= 6),
                // "…, said the army" (inverted) first; else the nearest party before the
                // cue, skipping victims ("rebels killed three civilians, police said"; "five
                // soldiers were killed, the spokesman added").
                ClaimCue::Say => actors
                    .iter()
                    .find(|a| a.start >= e && a.start - e <= 2 && !that_at(e) && inverted(e, a))
                    .or_else(|| actors.iter().rev().find(|a| a.end <= s && a.def.inter != Some("Civilians") && !sufferer(a))),
                ClaimCue::SayFirst => actors
                    .iter()
                    .find(|a| a.start >= e && a.start - e <= 2)
                    .or_else(|| actors.iter().rev().find(|a| a.end <= s && a.def.inter != Some("Civilians") && !sufferer(a))),
            };
            if let Some(sp) = speaker {
                let def = (!sp.neutral).then_some(sp.def);
                out.push((s, sp.start, def));
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        trig: &Trigger,
        agent: Option<&ActorDef>,
        target: Option<&ActorDef>,
        place: &Place,
        geo_precision: u8,
        date: DateRange,
        claim: Option<&ActorDef>,
        w: &Words,
        t_start: usize,
        t_end: usize,
        span: Span,
        place_in_sentence: bool,
    ) -> Event {
        let f = trig.frame;
        let (mut event_type, mut sub) = (trig.event_type, trig.sub_event_type);
        let target_inter = target.and_then(|t| t.inter);
        if f.kill {
            (event_type, sub) = match target_inter {
                Some("Protesters") => ("Protests", "Excessive force against protesters"),
                Some("Civilians") | None => ("Violence against civilians", "Attack"),
                Some(_) => ("Battles", "Armed clash"),
            };
        }
        // Armed victims make a battle; civilian ones, an attack on civilians; a crowd, a riot.
        let agent_inter = agent.and_then(|a| a.inter);
        let crowd_inters = [Some("Protesters"), Some("Rioters")];
        if event_type == "Battles" && !f.territory && !f.noun && agent_inter == Some("Civilians") {
            (event_type, sub) = ("Violence against civilians", "Attack");
        }
        if event_type == "Battles" && !f.territory && agent_inter.is_some() && target_inter == Some("Civilians") {
            (event_type, sub) = ("Violence against civilians", "Attack");
        }
        let (mut agent, mut target) = (agent, target);
        if event_type == "Battles" && !f.territory && (crowd_inters.contains(&agent_inter) || crowd_inters.contains(&target_inter)) {
            (event_type, sub) = ("Riots", "Violent demonstration");
            if crowd_inters.contains(&target_inter) {
                (agent, target) = (target, agent);
            }
        }
        // The crowd is the agent of its own protest; the police it meets is the other side.
        if f.crowd {
            let both = [agent, target];
            let crowd = both.iter().flatten().find(|a| crowd_inters.contains(&a.inter)).copied();
            let force = both.iter().flatten().find(|a| matches!(a.inter, Some("State forces") | Some("External/Other forces"))).copied();
            (agent, target) = (crowd, force.filter(|f| !crowd_inters.contains(&f.inter)));
        }
        // Who took it decides the sub-type; without a known taker the word's own sense stays.
        match agent.and_then(|a| a.inter) {
            Some("State forces") if f.territory => sub = "Government regains territory",
            Some("Civilians") | None => {}
            Some(_) if f.territory => sub = "Non-state actor overtakes territory",
            Some(_) => {}
        }
        let country = Some(place.country.as_str()).filter(|c| !c.is_empty());
        let actor = |d: &ActorDef| Actor { name: self.countries.name(d, country), inter: d.inter.unwrap_or("Civilians").to_string() };
        let mut actor1 = agent.map(actor);
        let mut actor2 = target.map(actor);
        if actor1.is_none() && f.crowd {
            let inter = if event_type == "Riots" { "Rioters" } else { "Protesters" };
            actor1 = Some(Actor { name: inter.to_string(), inter: inter.to_string() });
        }
        if event_type == "Riots" {
            for a in [&mut actor1, &mut actor2].into_iter().flatten().filter(|a| a.inter == "Protesters") {
                *a = Actor { name: "Rioters".into(), inter: "Rioters".into() };
            }
        }
        let wants_civilians = f.civilians || event_type == "Violence against civilians";
        if event_type == "Violence against civilians" && actor1.as_ref().is_some_and(|a| a.inter == "Civilians") {
            actor2 = actor1.take();
        }
        if actor2.is_none() && wants_civilians {
            actor2 = Some(Actor { name: "Civilians".into(), inter: "Civilians".into() });
        }
        // Arrests are made by the state unless the text says otherwise.
        if sub == "Arrests" && actor1.is_none() {
            actor1 = Some(Actor { name: self.countries.name(&POLICE, country), inter: "State forces".into() });
        }
        if sub == "Excessive force against protesters" && actor2.as_ref().is_none_or(|a| a.inter != "Protesters") {
            actor2 = Some(Actor { name: "Protesters".into(), inter: "Protesters".into() });
        }
        let mut confidence: f64 = if f.generic { 0.4 } else { 0.6 };
        if actor1.is_some() {
            confidence += 0.15;
        }
        if place_in_sentence {
            confidence += 0.15;
        } else {
            confidence -= 0.2;
        }
        if claim.is_some() {
            confidence -= 0.05;
        }
        Event {
            doc_id: self.article.id.clone(),
            event_type: event_type.to_string(),
            sub_event_type: sub.to_string(),
            actor1,
            actor2,
            location: Location {
                name: place.name.clone(),
                country: country.map(str::to_string),
                admin1: Some(place.admin1.clone()).filter(|a| !a.is_empty()),
                lat: Some(place.lat),
                lon: Some(place.lon),
                geonameid: place.geonameid,
                geo_precision,
            },
            date,
            fatalities: None,
            claimed_by: claim.map(actor),
            evidence: Evidence { text: self.doc.text[span.start..span.end].trim().to_string(), start: span.start, end: span.end },
            confidence: confidence.clamp(0.05, 0.95),
            lang: Some(self.doc.lang.clone()),
            trigger: Some(self.doc.text[w.span(t_start, t_end).start..w.span(t_start, t_end).end].to_string()),
        }
    }
}

static NEUTRAL: ActorDef = ActorDef { name: String::new(), inter: None, country: None };

static POLICE: std::sync::LazyLock<ActorDef> = std::sync::LazyLock::new(|| ActorDef {
    name: "Police Forces of {country}".into(),
    inter: Some("State forces"),
    country: None,
});

/// A province or a country: a first-level division or more. Districts (ADM2) are
/// smaller than what "only a region is given" means, and stand near their town.
fn is_region(p: &Place) -> bool {
    p.feature_class == "A" && (p.feature_code == "ADM1" || p.feature_code.starts_with("PCL"))
}

fn is_country(p: &Place) -> bool {
    p.feature_code.starts_with("PCL")
}

/// 3 for a province or country; 2 for a district or "near"/"outskirts of"; else 1.
fn precision(p: &Place, near: bool) -> u8 {
    if is_region(p) {
        3
    } else if near || p.feature_class == "A" {
        2
    } else {
        1
    }
}

/// The same dictionary entry ("soldiers" and "army" are two entries, two sides possible).
fn same(a: Option<&ActorDef>, b: Option<&ActorDef>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if std::ptr::eq(x, y))
}

/// Agent and target of a trigger from the actors around it.
#[allow(clippy::too_many_arguments)]
fn roles<'k>(
    trig: &Trigger,
    start: usize,
    end: usize,
    next_trigger: usize,
    actors: &[ActorAt<'k>],
    cues: &[(usize, usize, Cue)],
    speakers: &[usize],
    counted: &[usize],
) -> (Option<&'k ActorDef>, Option<&'k ActorDef>) {
    let real: Vec<&ActorAt<'k>> = actors.iter().filter(|a| !a.neutral).collect();
    // The other side of a fight is looked for among actors, not among those who report it.
    let parties: Vec<&ActorAt<'k>> = real.iter().copied().filter(|a| !speakers.contains(&a.start)).collect();
    let before = real.iter().rev().find(|a| a.end <= start).map(|a| a.def);
    let after: Vec<&ActorAt<'k>> = real.iter().copied().filter(|a| a.start >= end && a.start < next_trigger.max(end + 1)).collect();
    // "par les rebelles", "by gunmen", "l'attaque des Houthis": the agent after a marker.
    let reach = if trig.frame.noun { usize::MAX } else { 6 };
    // "par"/"by" always introduce the agent; a genitive ("des", "of") does so for fights
    // and strikes ("l'attaque des Houthis") but names the patient of an arrest or abduction.
    let genitive_agent = matches!(trig.event_type, "Battles" | "Explosions/Remote violence" | "Protests" | "Riots");
    let marks = |c: Cue| c == Cue::By || (c == Cue::Agent && genitive_agent);
    let marked_at = after
        .iter()
        .find(|a| a.start - end <= reach && cues.iter().any(|&(_, ce, c)| marks(c) && ce <= a.start && a.start - ce <= 1));
    let marked = marked_at.map(|a| a.def);
    // "…tués lors d'attaques menées par les RSF": with a "by" agent, the actor before the
    // noun is its victim.
    let by_agent = marked_at.is_some_and(|a| cues.iter().any(|&(_, ce, c)| c == Cue::By && ce <= a.start && a.start - ce <= 1));
    let f = trig.frame;
    let (agent, target) = if f.passive {
        (marked, before)
    } else if f.noun {
        // "X tués dans une attaque": before a noun the actor is as often the victim as the
        // agent; only a marked agent ("l'attaque des Houthis") is trusted.
        // Taking ground is said of the taker: "elles … avant d'annoncer la prise de Morek".
        // "The army carried out airstrikes": a doing verb makes the actor before the agent;
        let before_at = real.iter().rev().find(|a| a.end <= start);
        // "the coalition airstrike", "a Houthi missile": an actor right before the noun is
        // its agent (in verb-first languages the agent follows instead, see below).
        // Verb-first ("أطلقت جماعة الحوثي صاروخا"): the doing verb just before the actor.
        let done = before_at.is_some_and(|b| {
            (!f.vso && b.end == start)
                || cues.iter().any(|&(s, e, c)| c == Cue::Do && ((s >= b.end && e <= start) || (e <= b.start && b.start - e <= 1)))
        });
        // A construct noun ("قصف الجيش", the army's shelling) is followed by its agent.
        let construct = after.first().filter(|a| f.vso && a.start == end).map(|a| a.def);
        let agent = construct.or(if f.territory || done { marked.or(before) } else { marked });
        let after_target = after.iter().map(|a| a.def).find(|d| !same(Some(*d), agent));
        let before_target = before.filter(|b| !same(Some(*b), agent));
        let target = if by_agent { before_target.or(after_target) } else { after_target.or(before_target) };
        (agent, target)
    } else if f.vso {
        // Verb, subject, object: the first actor a few words after the verb is its subject.
        // A count between verb and actor makes the actor the victims ("قتل 12 من عناصرها",
        // twelve of its members were killed).
        let subject = after.first().filter(|a| a.start - end <= VSO_REACH && !counted.iter().any(|&q| q >= end && q < a.start)).map(|a| a.def);
        // Without a subject after it, a verb shares the subject of the verb before it
        // ("… killed 23 people and burned houses"): the victims are not that subject.
        let armed_before = real.iter().rev().find(|a| a.end <= start && a.def.inter != Some("Civilians")).map(|a| a.def);
        let agent = subject.or(marked).or(armed_before).or(before);
        (agent, after.iter().map(|a| a.def).find(|d| !same(Some(*d), agent)))
    } else {
        (before.or(marked), after.iter().map(|a| a.def).find(|d| !same(Some(*d), before)))
    };
    // A battle needs two sides: take the other party named in the sentence, armed if any.
    let agent_inter = agent.and_then(|a| a.inter);
    let armed = |d: &&ActorDef| d.inter.is_some() && d.inter != agent_inter && d.inter != Some("Civilians");
    let target = target.filter(|t| trig.event_type != "Battles" || t.inter != agent_inter);
    let target = match target {
        Some(t) if trig.event_type == "Battles" && t.inter == Some("Civilians") => {
            parties.iter().map(|a| a.def).filter(|d| !same(Some(*d), agent)).find(armed).or(Some(t))
        }
        t => t,
    };
    let target = target.or_else(|| {
        (trig.event_type == "Battles")
            .then(|| parties.iter().map(|a| a.def).find(armed))
            .flatten()
    });
    (agent, target.filter(|t| !same(Some(*t), agent)))
}

/// The places a trigger governs: after it up to the next trigger, coordinated ones
/// included; else the nearest before it. Countries only when nothing finer is named.
fn choose_places<'p, 'q>(
    places: &'q [PlaceAt<'p>],
    cues: &[(usize, usize, Cue)],
    breaks: &[usize],
    end: usize,
    next_trigger: usize,
    prev_trigger: usize,
    start: usize,
) -> Vec<&'q PlaceAt<'p>> {
    let fine: Vec<&PlaceAt> = places.iter().filter(|p| !is_country(p.place)).collect();
    let clause_end = cues.iter().filter(|&&(s, _, c)| c == Cue::Clause && s >= end).map(|c| c.0).min().unwrap_or(usize::MAX);
    let clause_end = clause_end.min(breaks.iter().copied().find(|&b| b >= end).unwrap_or(usize::MAX));
    let mut after = fine.iter().copied().filter(|p| p.start >= end && p.start < next_trigger.min(clause_end));
    if let Some(first) = after.next() {
        let mut out = vec![first];
        for p in after {
            let last = out[out.len() - 1];
            let gap = p.start.saturating_sub(last.end);
            let joined = cues.iter().any(|&(s, e, c)| c == Cue::And && s >= last.end && e <= p.start);
            // "Argelia, Cauca": a town's own region after it only qualifies it.
            let qualifier = is_region(p.place) && p.place.country == last.place.country && p.place.admin1 == last.place.admin1;
            if qualifier && gap == 0 {
                continue;
            }
            if (joined && gap <= 6) || gap == 0 {
                if out.iter().all(|o| o.place.geonameid != p.place.geonameid || o.place.name != p.place.name) {
                    out.push(p);
                }
            } else {
                break;
            }
        }
        return out;
    }
    // Before the trigger, the town named nearest wins over the province around it
    // ("À El-Fasher, capitale du Darfour du Nord, … attaques").
    let before: Vec<&PlaceAt> = fine.iter().copied().filter(|p| p.end <= start && p.end > prev_trigger.saturating_sub(12)).collect();
    let best = before.iter().rev().find(|p| !is_region(p.place)).or(before.last());
    best.into_iter().copied().collect()
}

/// An explicit date anywhere in the sentence wins; else the relative one nearest the trigger.
fn pick_date(mentions: &[DateMention], at: usize) -> Option<DateRange> {
    mentions
        .iter()
        .find(|m| m.explicit)
        .or_else(|| mentions.iter().min_by_key(|m| m.start.abs_diff(at)))
        .map(|m| m.range)
}

/// A claim covers the reported content: triggers after its cue, or before it when the
/// speaker comes after the trigger ("…, the army said").
fn claim_for<'k>(claims: &[(usize, usize, Option<&'k ActorDef>)], at: usize) -> Option<&'k ActorDef> {
    claims
        .iter()
        .find(|&&(cue, speaker, _)| cue < at || speaker > at)
        .and_then(|c| c.2)
}

/// A generic trigger next to a specific one is the same event told vaguely: it lends its
/// actors to a specific event of its type and is dropped.
fn absorb_generic(events: Vec<Candidate>, specific: bool) -> Vec<Candidate> {
    if !specific {
        return events;
    }
    let (generic, mut out): (Vec<Candidate>, Vec<Candidate>) = events.into_iter().partition(|c| c.generic);
    for g in generic {
        if let Some(o) = out.iter_mut().find(|o| o.event.event_type == g.event.event_type) {
            if o.event.actor1.is_none() {
                // "X bombarded … with drones": the specific noun took X as its target for
                // want of an agent; the verb says X is the agent, so X changes sides.
                if o.event.actor2.is_some() && o.event.actor2 == g.event.actor1 {
                    o.event.actor2 = g.event.actor2.clone();
                }
                o.event.actor1 = g.event.actor1;
            }
            // A side is not lent against itself ("the army repelled an attack on the army").
            if o.event.actor2.is_none() && g.event.actor2 != o.event.actor1 {
                o.event.actor2 = g.event.actor2;
            }
        }
    }
    out
}

/// Within one sentence, two fights, two explosions or two crowds at one place are one
/// event seen through two words ("missile puis drone", "manifestants … gaz lacrymogène");
/// the sub-type later in the taxonomy (the more specific or more violent) wins.
/// Civilian victimisation and strategic developments stay separate: killing and abducting
/// in one village are two actions.
fn merge_in_sentence(events: Vec<Candidate>) -> Vec<Candidate> {
    const MERGED: [&str; 4] = ["Battles", "Explosions/Remote violence", "Protests", "Riots"];
    // "Troops defused a roadside bomb": the explosive is the object of the disruption.
    let disrupted = events.iter().any(|c| c.event.sub_event_type == "Disrupted weapons use");
    // "Clashes between protesters and police" inside a protest report are that protest.
    let protest = events.iter().any(|c| c.event.event_type == "Protests");
    let events: Vec<Candidate> = events.into_iter().filter(|c| !(protest && c.from_clash && c.event.event_type == "Riots")).collect();
    let mut out: Vec<Candidate> = Vec::new();
    for c in events {
        if disrupted && c.event.event_type == "Explosions/Remote violence" {
            continue;
        }
        let ev = &c.event;
        // Same kind at the same place, or one of the two has no place of its own.
        let same = out.iter_mut().find(|o| {
            MERGED.contains(&o.event.event_type.as_str())
                && o.event.event_type == ev.event_type
                && (o.event.location.name == ev.location.name || !o.own_place || !c.own_place)
        });
        match same {
            Some(oc) => {
                if !oc.own_place && c.own_place {
                    oc.event.location = c.event.location.clone();
                    oc.own_place = true;
                }
                let o = &mut oc.event;
                let ev = c.event;
                if rank(&ev) > rank(o) {
                    o.sub_event_type = ev.sub_event_type.clone();
                    o.trigger = ev.trigger.clone();
                }
                o.actor1 = o.actor1.take().or(ev.actor1);
                o.actor2 = o.actor2.take().or(ev.actor2);
            }
            None => out.push(c),
        }
    }
    out
}

/// Protesters killed means force was used on them: the state side becomes the agent.
fn deadly_protest(ev: &mut Event) {
    if ev.event_type != "Protests" || ev.fatalities.is_none() || ev.sub_event_type == "Excessive force against protesters" {
        return;
    }
    ev.sub_event_type = "Excessive force against protesters".into();
    let crowd = ev.actor1.take();
    ev.actor1 = ev.actor2.take().filter(|a| a.inter != "Protesters");
    ev.actor2 = crowd.or(Some(Actor { name: "Protesters".into(), inter: "Protesters".into() }));
}

/// Inside the publication window: the header's month, or the week before a day header.
fn within_window(r: &DateRange, anchor: DateRange) -> bool {
    if anchor.precision == 1 {
        r.end <= anchor.end && anchor.start.since(r.start).is_ok_and(|d| d.get_days() <= 7)
    } else {
        r.start >= anchor.start && r.end <= anchor.end
    }
}

/// The same place, or a province and a town at its centre: "the provinces of Idlib and
/// Aleppo" in a headline and "the city of Aleppo" in the body are one event.
fn same_place(a: &Location, b: &Location) -> bool {
    if a.name == b.name && a.geonameid == b.geonameid {
        return true;
    }
    if a.geo_precision < 3 && b.geo_precision < 3 {
        return false;
    }
    match (a.lat, a.lon, b.lat, b.lon) {
        (Some(la1), Some(lo1), Some(la2), Some(lo2)) => {
            let (dlat, dlon) = ((la1 - la2).to_radians(), (lo1 - lo2).to_radians() * la1.to_radians().cos());
            6371.0 * (dlat * dlat + dlon * dlon).sqrt() < 25.0
        }
        _ => false,
    }
}

/// "in Michoacán state … in the municipality of Aguililla": a region and a town in it.
/// A first-level region is its own admin1; "near" may have lowered its precision.
fn region_holds(a: &Location, b: &Location) -> bool {
    let inside = |region: &Location, town: &Location| {
        region.admin1.as_deref() == Some(region.name.as_str()) && region.country == town.country && region.admin1 == town.admin1
    };
    inside(a, b) || inside(b, a)
}

/// Position of the sub-type in its type's list: later ones are more specific or more violent.
fn rank(e: &Event) -> usize {
    TAXONOMY
        .iter()
        .find(|(t, _)| *t == e.event_type)
        .and_then(|(_, subs)| subs.iter().position(|s| *s == e.sub_event_type))
        .unwrap_or(0)
}

/// Crowd events: one per place and day, whatever words described the crowd.
const CROWD: [&str; 2] = ["Protests", "Riots"];

/// Each toll goes to the event whose trigger is nearest to it.
fn attach_tolls(events: &mut [Candidate], tolls: &[Toll]) {
    let mut per_event: Vec<Vec<Fatalities>> = vec![Vec::new(); events.len()];
    for t in tolls {
        if let Some((i, _)) = events.iter().enumerate().min_by_key(|(_, c)| c.at.abs_diff(t.at)) {
            per_event[i].push(t.fatalities);
        }
    }
    for (c, f) in events.iter_mut().zip(per_event) {
        c.event.fatalities = numbers::sum(&f);
    }
}

/// One event per (sub-event type, place, date) in a document: a title repeated in the
/// body, or two sentences about the same fight, are one event. The first mention keeps
/// its evidence; later ones fill what it lacks.
fn merge(events: Vec<Candidate>) -> Vec<Event> {
    let mut out: Vec<Candidate> = Vec::new();
    for c in events {
        let ev = &c.event;
        // A later mention with no place of its own ("during the latest fighting, …") goes
        // on about an event already told, if one of its kind was.
        let same = out.iter_mut().find(|o| {
            let (o_dated, o_own) = (o.dated, o.own_place);
            let region_ok = !o.coordinated && !c.coordinated;
            let o = &o.event;
            let dates_meet = (o.date.start <= ev.date.end && ev.date.start <= o.date.end) || !o_dated || !c.dated;
            let kind = o.sub_event_type == ev.sub_event_type || (CROWD.contains(&o.event_type.as_str()) && o.event_type == ev.event_type);
            let place = same_place(&o.location, &ev.location) || (region_ok && region_holds(&o.location, &ev.location));
            kind && dates_meet && (place || (o_own != c.own_place && o.sub_event_type == ev.sub_event_type))
        });
        match same {
            None => out.push(c),
            Some(oc) => {
                // The finer place describes the event better.
                if c.own_place && (!oc.own_place || c.event.location.geo_precision < oc.event.location.geo_precision) {
                    oc.own_place = true;
                    oc.event.location = c.event.location.clone();
                }
                // A headline's undated event takes the date the body gives it.
                if !oc.dated && c.dated {
                    oc.event.date = c.event.date;
                    oc.dated = true;
                }
                let o = &mut oc.event;
                let ev = c.event;
                if rank(&ev) > rank(o) {
                    o.sub_event_type = ev.sub_event_type.clone();
                }
                o.actor1 = o.actor1.take().or(ev.actor1);
                o.actor2 = o.actor2.take().or(ev.actor2);
                o.claimed_by = o.claimed_by.take().or(ev.claimed_by);
                o.fatalities = match (o.fatalities, ev.fatalities) {
                    (Some(a), Some(b)) => Some(if b.low > a.low { b } else { a }),
                    (a, b) => a.or(b),
                };
                o.confidence = (o.confidence.max(ev.confidence) + 0.05).min(0.95);
            }
        }
    }
    out.into_iter().map(|c| c.event).collect()
}
