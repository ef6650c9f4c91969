//! Folding: the one normalisation every matcher relies on. Token `norm`s, gazetteer
//! names and lexicon entries all go through [`fold`], so they compare equal exactly
//! when a reader would call them the same word.
//!
//! Language-independent by design: the rules are about scripts, not languages, so an
//! Arabic name inside a French article folds like it does in an Arabic one.
//! * compatibility decomposition, then lowercase, then every combining mark dropped:
//!   `Été` → `ete`, `ﬁ` → `fi`, Arabic presentation forms → base letters, and all
//!   harakat (fatha, kasra, shadda, sukun, tanwin…) and the hamza carried by أ إ آ ؤ ئ;
//! * Arabic: alef variants (أ إ آ ٱ) → ا, ة → ه, ى and Persian ی → ي, ک → ك,
//!   tatweel removed, Arabic-Indic digits → ASCII digits;
//! * apostrophe look-alikes (’ ‘ ʼ ʿ ʾ `) → `'`, so `l’armée` and `l'armée` agree.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folds `s` for matching (see the module doc). Idempotent: `fold(fold(s)) == fold(s)`.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
    out
}

/// Folds `s` and records, for each char of the result, the byte offset in `s` of the
/// source char it came from, so a position in the folded form maps back to the text.
pub fn fold_with_offsets(s: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::with_capacity(s.len());
    let mut offsets = Vec::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        fold_char(c, &mut |f| {
            chars.push(f);
            offsets.push(i);
        });
    }
    (chars, offsets)
}

fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    decompose_compatible(c, |d| {
        if d.is_ascii() {
            emit(d.to_ascii_lowercase());
            return;
        }
        let mut lower = d.to_lowercase();
        if lower.len() == 1 && lower.next() == Some(d) {
            emit_base(d, emit);
            return;
        }
        for l in d.to_lowercase() {
            // Lowercasing can produce a char with a decomposition of its own (İ → i̇).
            decompose_compatible(l, |e| emit_base(e, emit));
        }
    });
}

/// Emits a decomposed, lowercased char unless it is a mark, after script mapping.
fn emit_base(c: char, emit: &mut impl FnMut(char)) {
    if !is_combining_mark(c) {
        if let Some(f) = map_char(c) {
            emit(f)
        }
    }
}

/// Script-level letter equivalences; `None` drops the char.
fn map_char(c: char) -> Option<char> {
    Some(match c {
        'ٱ' | 'أ' | 'إ' | 'آ' | 'ٲ' | 'ٳ' => 'ا',
        'ة' => 'ه',
        'ى' | 'ی' | 'ې' => 'ي',
        'ک' => 'ك',
        'ـ' => return None,
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '’' | '‘' | 'ʼ' | 'ʿ' | 'ʾ' | '`' | '′' => '\'',
        _ => c,
    })
}

/// True for the apostrophes [`fold`] turns into `'`.
pub fn is_apostrophe(c: char) -> bool {
    c == '\'' || (!c.is_ascii() && map_char(c) == Some('\''))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn latin_case_and_diacritics() {
        assert_eq!(fold("Éléments ARMÉS à Kafr Nabl"), "elements armes a kafr nabl");
        assert_eq!(fold("Ma’arrat al-Nu‘man"), "ma'arrat al-nu'man");
        assert_eq!(fold("Señor ÇA"), "senor ca");
        assert_eq!(fold("İdlib"), "idlib");
    }

    #[test]
    fn arabic_letters_harakat_tatweel_digits() {
        assert_eq!(fold("إدلب"), "ادلب");
        assert_eq!(fold("أعلنت"), "اعلنت");
        assert_eq!(fold("آمرلي"), "امرلي");
        assert_eq!(fold("الرقة"), "الرقه");
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("حـــلب"), "حلب");
        assert_eq!(fold("قُتِلَ"), "قتل");
        assert_eq!(fold("شخصًا"), "شخصا");
        assert_eq!(fold("٢٨ قتيلاً"), "28 قتيلا");
        // Presentation forms (from PDFs) fold to the base letters.
        assert_eq!(fold("\u{FEA3}\u{FEE0}\u{FE90}"), "حلب");
    }

    #[test]
    fn offsets_point_at_source_chars() {
        let s = "وَبِحَلَب";
        let (chars, offsets) = fold_with_offsets(s);
        assert_eq!(chars.iter().collect::<String>(), "وبحلب");
        assert_eq!(&s[offsets[2]..], "حَلَب");
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn fold_is_idempotent_on_arabic_and_latin(s in "[\u{0600}-\u{06FF}\u{0750}-\u{077F}\u{FB50}-\u{FEFF}a-zA-ZÀ-ɏ' ’]{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn offsets_match_fold(s in "\\PC{0,40}") {
            let (chars, offsets) = fold_with_offsets(&s);
            prop_assert_eq!(chars.iter().collect::<String>(), fold(&s));
            prop_assert!(offsets.iter().all(|&o| s.is_char_boundary(o)));
            prop_assert!(offsets.windows(2).all(|w| w[0] <= w[1]));
        }
    }
}
