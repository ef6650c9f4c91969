//! Segmentation on sentences written for these tests, and its invariants on any input.

use proptest::prelude::*;

use super::*;

fn words<'a>(doc: &'a Doc<'a>) -> Vec<&'a str> {
    doc.tokens.iter().map(|t| doc.slice(t.span)).collect()
}

fn norms(doc: &Doc<'_>) -> Vec<String> {
    doc.tokens.iter().map(|t| t.norm.clone()).collect()
}

fn sentences<'a>(doc: &'a Doc<'a>) -> Vec<&'a str> {
    doc.sentences.iter().map(|s| doc.slice(s.span)).collect()
}

#[test]
fn french_elision_with_both_apostrophes() {
    let doc = Doc::segment("L’armée a frappé l'aéroport jusqu'à aujourd'hui.", 0, "fr");
    assert_eq!(words(&doc), ["L’", "armée", "a", "frappé", "l'", "aéroport", "jusqu'", "à", "aujourd'hui"]);
    assert_eq!(norms(&doc)[..2], ["l'", "armee"]);
}

#[test]
fn english_possessive_is_split() {
    let doc = Doc::segment("Assad's forces shelled Hama.", 0, "en");
    assert_eq!(words(&doc), ["Assad", "'s", "forces", "shelled", "Hama"]);
}

#[test]
fn abbreviations_and_initials_do_not_end_sentences() {
    let doc = Doc::segment("M. Dupont est arrivé le 3 nov. à Gao. Le bilan est de 3.5 morts.", 0, "fr");
    assert_eq!(sentences(&doc), ["M. Dupont est arrivé le 3 nov. à Gao.", "Le bilan est de 3.5 morts."]);
    let doc = Doc::segment("Gen. Ali met George W. Bush. Dr. Smith left.\nNext line", 0, "en");
    assert_eq!(sentences(&doc), ["Gen. Ali met George W. Bush.", "Dr. Smith left.", "Next line"]);
}

#[test]
fn headlines_end_at_newlines_and_quotes_close_sentences() {
    let text = " date 2024-11 Frappes sur Alep\n\n« Nous avons riposté. » Il a ajouté : « Trois morts ! »";
    let doc = Doc::segment(text, 14, "fr");
    assert_eq!(sentences(&doc), ["Frappes sur Alep", "« Nous avons riposté. »", "Il a ajouté : « Trois morts ! »"]);
    assert!(doc.tokens.iter().all(|t| t.span.start >= 14));
}

#[test]
fn terminators_quotes_and_lowercase_continuations() {
    let doc = Doc::segment("Really?! \"Yes.\" Then (it ended.) Then... and on. Web: www.example.org is up.", 0, "en");
    assert_eq!(sentences(&Doc::segment("KABUL (2:00 P.M.) – On Monday, X.", 0, "en")).len(), 1);
    assert_eq!(sentences(&doc), ["Really?!", "\"Yes.\"", "Then (it ended.)", "Then... and on.", "Web: www.example.org is up."]);
    let doc = Doc::segment("Five were killed in protests.Demonstrations went on in Basra. Gen.Ali spoke. Node.js 3.5 works.", 0, "en");
    assert_eq!(sentences(&doc), ["Five were killed in protests.", "Demonstrations went on in Basra.", "Gen.Ali spoke.", "Node.js 3.5 works."]);
    assert_eq!(sentences(&Doc::segment("اعتقل مسلحون في .وفي بيان \"قال\".وأضاف", 0, "ar")), ["اعتقل مسلحون في .", "وفي بيان \"قال\".", "وأضاف"]);
    let doc = Doc::segment("قتل ثلاثة مدنيين. وأصيب آخرون؟ نعم", 0, "ar");
    assert_eq!(sentences(&doc), ["قتل ثلاثة مدنيين.", "وأصيب آخرون؟", "نعم"]);
}

#[test]
fn numbers_stay_whole() {
    let doc = Doc::segment("Around 1,659 civilians, 3.5 percent.", 0, "en");
    assert_eq!(words(&doc), ["Around", "1,659", "civilians", "3.5", "percent"]);
}

#[test]
fn arabic_norms_and_proclitic_stems() {
    let text = "قصفت الطائرات وبحلب والرقة بالرقة للرقة بغداد.";
    let doc = Doc::segment(text, 0, "ar");
    let tok = |w: &str| doc.tokens.iter().find(|t| doc.slice(t.span) == w).unwrap();
    let stems = |w: &str| tok(w).stems.iter().map(|s| (doc.slice(s.span), s.norm.as_str())).collect::<Vec<_>>();
    assert_eq!(tok("والرقة").norm, "والرقه");
    assert_eq!(stems("وبحلب"), [("بحلب", "بحلب"), ("حلب", "حلب")]);
    assert_eq!(stems("والرقة"), [("الرقة", "الرقه"), ("رقة", "رقه")]);
    assert_eq!(stems("بالرقة"), [("الرقة", "الرقه"), ("رقة", "رقه")]);
    assert_eq!(stems("للرقة"), [("لرقة", "لرقه"), ("رقة", "الرقه"), ("رقة", "رقه")], "ل + الرقة, alef swallowed");
    assert_eq!(stems("الطائرات"), [("طائرات", "طايرات")]);
    let articles = |w: &str| tok(w).stems.iter().map(|s| s.article).collect::<Vec<_>>();
    assert_eq!(articles("والرقة"), [false, true]);
    // The letters may belong to the word: the whole form is still the norm.
    assert_eq!(tok("بغداد").norm, "بغداد");
    assert_eq!(stems("بغداد"), [("غداد", "غداد")]);
}

#[test]
fn arabic_stems_skip_harakat() {
    let doc = Doc::segment("وَبِحَلَبَ", 0, "ar");
    let t = &doc.tokens[0];
    assert_eq!(t.norm, "وبحلب");
    assert_eq!(doc.slice(t.stems[1].span), "حَلَبَ");
    assert_eq!(t.stems[1].norm, "حلب");
}

#[test]
fn unknown_language_still_segments() {
    let doc = Doc::segment("Die Armee griff an. Zwei Tote.", 0, "und");
    assert_eq!(sentences(&doc).len(), 2);
    assert_eq!(norms(&doc)[0], "die");
}

#[test]
fn body_start_out_of_range_or_mid_char_does_not_panic() {
    let doc = Doc::segment("été", 1, "fr");
    assert_eq!(words(&doc), ["été"]);
    assert!(Doc::segment("abc", 99, "en").tokens.is_empty());
}

fn check_invariants(text: &str, body_start: usize, lang: &str) -> Result<(), TestCaseError> {
    let doc = Doc::segment(text, body_start, lang);
    let ok = |s: Span| s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end);
    let mut prev_end = 0;
    for t in &doc.tokens {
        prop_assert!(ok(t.span), "token span {:?}", t.span);
        prop_assert!(t.span.start >= prev_end && t.span.start < t.span.end, "tokens in order, non-empty, non-overlapping");
        prev_end = t.span.end;
        prop_assert_eq!(&t.norm, &fold(&t.norm), "norm is folded");
        for s in &t.stems {
            prop_assert!(ok(s.span) && s.span.start > t.span.start && s.span.end == t.span.end);
        }
    }
    let mut prev_end = 0;
    for s in &doc.sentences {
        prop_assert!(ok(s.span) && s.span.start >= prev_end && s.span.start < s.span.end);
        prev_end = s.span.end;
        for t in &doc.tokens[s.tokens.clone()] {
            prop_assert!(t.span.start >= s.span.start && t.span.end <= s.span.end, "tokens inside their sentence");
        }
    }
    let covered: usize = doc.sentences.iter().map(|s| s.tokens.len()).sum();
    prop_assert_eq!(covered, doc.tokens.len());
    Ok(())
}

proptest! {
    #[test]
    fn spans_are_lossless_on_any_unicode(text in "\\PC{0,200}", start in 0usize..64, lang in "(fr|en|es|ar|und)") {
        check_invariants(&text, start, &lang)?;
    }

    #[test]
    fn spans_are_lossless_on_news_like_text(
        text in "[ a-zA-Zéèàçœ'’.,;:!?«»\"()\n0-9\u{0621}-\u{064A}\u{064B}-\u{0652}\u{0640}ـ؟،-]{0,300}",
        lang in "(fr|en|es|ar)",
    ) {
        check_invariants(&text, 0, &lang)?;
    }
}
