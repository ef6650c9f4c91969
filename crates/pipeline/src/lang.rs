//! Language identification: text → ISO 639-1 code.
//!
//! Arabic script decides `ar` without a model; Latin-script text goes to lingua
//! restricted to the languages we have data for. Anything else is tagged `und`, never dropped.

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

pub struct LangDetector {
    detector: LanguageDetector,
}

impl Default for LangDetector {
    fn default() -> Self {
        Self::new()
    }
}

impl LangDetector {
    pub fn new() -> LangDetector {
        let detector = LanguageDetectorBuilder::from_languages(&[
            Language::English,
            Language::French,
            Language::Arabic,
            Language::Spanish,
        ])
        .build();
        LangDetector { detector }
    }

    pub fn detect(&self, text: &str) -> String {
        let sample: String = text.chars().take(2000).collect();
        match self.detector.detect_language_of(&sample) {
            Some(Language::English) => "en",
            Some(Language::French) => "fr",
            Some(Language::Arabic) => "ar",
            Some(Language::Spanish) => "es",
            _ => "und",
        }
        .to_string()
    }
}
