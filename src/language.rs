//! The language an article is read in: what the user said (`--language`), the
//! document's own hints (HTML `<html lang>` or a `content-language` meta element,
//! Markdown front matter `lang:`/`language:`), and its narrated text in; one
//! [`Language`] out, a BCP 47 tag ("de", "fr-FR") with the [`LanguageSource`] it came
//! from, and a note saying why when a guess was not taken.
//!
//! The order is: the option, else the document, else detection from the text, else the
//! named voice's language, else English. Detection is the `whatlang` crate (trigram
//! statistics, pure Rust, no data downloaded at build time); below
//! [`DETECTION_FLOOR`] of confidence, or on too little text, its guess is not taken and
//! the notice says so. What the language then decides lives with each stage:
//! [`crate::speak::Speaker::for_language`] (English normalisation for English only),
//! [`crate::segment::for_language`] (abbreviation tables), and the voice chosen in
//! [`crate::synthesize::voice_for_language`].
//!
//! Tags are checked and written in their usual case by [`parse_tag`], by hand: the
//! few rules narrate needs (a primary subtag of two or three letters, subtags of one to
//! eight letters or digits) do not warrant a crate.

use crate::document::{BlockKind, Document};
use serde::Serialize;
use std::fmt;

/// How sure the detector must be (whatlang's confidence, 0 to 1) before its guess is
/// taken. Its own "reliable" mark needs 0.9; news paragraphs in German, French or
/// Spanish score above 0.9, while a few words of English score far lower, so half is
/// enough to tell a language and low enough for a short article.
pub const DETECTION_FLOOR: f64 = 0.5;

/// Fewer letters than this are too little text to detect a language from.
pub const DETECTION_MIN_LETTERS: usize = 40;

/// The most text handed to the detector: the first paragraphs of a long article say
/// its language as well as all of it.
const DETECTION_SAMPLE_BYTES: usize = 8 * 1024;

/// Where a [`Language`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LanguageSource {
    /// `--language`.
    Option,
    /// The input's own markup: HTML `lang`, a `content-language` meta element,
    /// Markdown front matter.
    Document,
    /// Detected from the text.
    Detected,
    /// The named voice's language, as detection could not tell.
    Voice,
    /// English, as nothing else could tell.
    Default,
}

impl LanguageSource {
    /// The lower-case name, as `plan --json` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            LanguageSource::Option => "option",
            LanguageSource::Document => "document",
            LanguageSource::Detected => "detected",
            LanguageSource::Voice => "voice",
            LanguageSource::Default => "default",
        }
    }
}

/// The language an article is read in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// A BCP 47 tag in its usual case: "en", "de", "fr-FR", "zh-Hant".
    pub tag: String,
    pub source: LanguageSource,
    /// Why a guess was not taken, when it was not ("the text is too short to tell its
    /// language"), for the plan to show.
    #[serde(skip)]
    pub note: Option<String>,
}

impl Default for Language {
    /// English, by default.
    fn default() -> Self {
        Language {
            tag: "en".into(),
            source: LanguageSource::Default,
            note: None,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.tag, self.source.as_str())
    }
}

impl Language {
    /// The primary subtag, lower case: "de" of "de-AT".
    pub fn primary(&self) -> &str {
        primary(&self.tag)
    }

    /// Whether it is English, of any region.
    pub fn is_english(&self) -> bool {
        self.primary() == "en"
    }

    /// The language's name in English ("German"), or its tag when narrate does not
    /// know the name.
    pub fn name(&self) -> String {
        name_of(&self.tag)
    }
}

/// The primary subtag of a tag, as written: "de" of "de-AT", "en" of "en_US".
pub fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or("")
}

/// Whether two tags name the same language, regions aside ("en-us" and "en-GB" do; a
/// Piper voice's "en_US" too). Mandarin is "zh" or espeak-ng's "cmn", Norwegian
/// Bokmål "nb" or "no".
pub fn same_language(a: &str, b: &str) -> bool {
    let canonical = |tag: &str| {
        let p = primary(tag).to_ascii_lowercase();
        match p.as_str() {
            "cmn" => "zh".to_string(),
            "no" => "nb".to_string(),
            _ => p,
        }
    };
    canonical(a) == canonical(b)
}

/// `text` as a BCP 47 tag in its usual case ("DE-at" → "de-AT", "en_us" → "en-US"),
/// or why it is not one. Only the shape is checked: a primary language subtag of two
/// or three letters, then subtags of one to eight letters or digits.
pub fn parse_tag(text: &str) -> Result<String, String> {
    let text = text.trim();
    let subtags: Vec<&str> = text.split(['-', '_']).collect();
    let bad =
        || format!("'{text}' is not a language tag (BCP 47, such as \"de\", \"fr-FR\" or \"es\")");
    let first = subtags.first().copied().unwrap_or("");
    if !(2..=3).contains(&first.len()) || !first.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(bad());
    }
    let mut out = first.to_ascii_lowercase();
    for (i, subtag) in subtags.iter().enumerate().skip(1) {
        if !(1..=8).contains(&subtag.len()) || !subtag.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad());
        }
        out.push('-');
        let cased = match subtag.len() {
            // A region ("AT") right after the language, or after its script.
            2 if i <= 2 => subtag.to_ascii_uppercase(),
            // A script ("Hant").
            4 if i == 1 && subtag.chars().all(|c| c.is_ascii_alphabetic()) => {
                let lower = subtag.to_ascii_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            }
            _ => subtag.to_ascii_lowercase(),
        };
        out.push_str(&cased);
    }
    Ok(out)
}

/// The language to read `document` in. `option` is `--language`, already checked by
/// [`parse_tag`]; `voice` is the language of the voice the user named, if they named
/// one. The second value says whether the choice deserves a warning: the input's
/// language hint was no tag, or the detector leaned to another language than the one
/// taken (the [`Language::note`] says which). Too little text to tell deserves none:
/// a short note is read in the fallback language, and the plan says so.
pub fn choose(option: Option<&str>, document: &Document, voice: Option<&str>) -> (Language, bool) {
    let made = |tag: String, source, note| Language { tag, source, note };
    if let Some(tag) = option {
        return (made(tag.to_string(), LanguageSource::Option, None), false);
    }
    let mut bad_hint = None;
    if let Some(hint) = document.metadata.language.as_deref() {
        match parse_tag(hint) {
            Ok(tag) => return (made(tag, LanguageSource::Document, None), false),
            Err(e) => bad_hint = Some(format!("the input's language {e}")),
        }
    }
    let sample = narrated_sample(document);
    let (fallback, fallback_source) = match voice.and_then(|v| parse_tag(v).ok()) {
        Some(tag) => (primary(&tag).to_string(), LanguageSource::Voice),
        None => ("en".to_string(), LanguageSource::Default),
    };
    let (guess, leaned_elsewhere) = match detect(&sample) {
        Detection::Sure(tag) => {
            return (
                made(tag, LanguageSource::Detected, bad_hint.clone()),
                bad_hint.is_some(),
            )
        }
        Detection::Unsure { tag, confidence } => (
            format!(
                "the text reads most like {} ({tag}), but only {:.0}% surely",
                name_of(&tag),
                confidence * 100.0
            ),
            !same_language(&tag, &fallback),
        ),
        Detection::TooShort => (
            "the text is too short to tell its language".to_string(),
            false,
        ),
    };
    let note = format!(
        "{}; read as {} ({fallback}); --language sets it",
        bad_hint.as_deref().unwrap_or(&guess),
        name_of(&fallback)
    );
    let warn = leaned_elsewhere || bad_hint.is_some();
    (made(fallback, fallback_source, Some(note)), warn)
}

/// What the detector made of a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Detection {
    /// The language, at or above [`DETECTION_FLOOR`].
    Sure(String),
    /// The best guess, below the floor.
    Unsure { tag: String, confidence: f64 },
    /// Fewer than [`DETECTION_MIN_LETTERS`] letters, or nothing the detector knows.
    TooShort,
}

/// The language of `text` as far as the detector can tell.
pub fn detect(text: &str) -> Detection {
    if text.chars().filter(|c| c.is_alphabetic()).count() < DETECTION_MIN_LETTERS {
        return Detection::TooShort;
    }
    let Some(info) = whatlang::detect(text) else {
        return Detection::TooShort;
    };
    let tag = tag_of(info.lang());
    if info.confidence() >= DETECTION_FLOOR {
        Detection::Sure(tag)
    } else {
        Detection::Unsure {
            tag,
            confidence: info.confidence(),
        }
    }
}

/// The text of the blocks likely narrated (paragraphs and headings the reader did not
/// mark as page furniture), up to [`DETECTION_SAMPLE_BYTES`].
fn narrated_sample(document: &Document) -> String {
    let mut sample = String::new();
    let blocks = document.blocks.iter().filter(|b| b.dropped.is_none());
    // Paragraphs first: a title or heading is short and often full of names.
    let ordered = blocks
        .clone()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .chain(blocks.filter(|b| b.kind != BlockKind::Paragraph));
    for block in ordered {
        if sample.len() >= DETECTION_SAMPLE_BYTES {
            break;
        }
        sample.push_str(&block.text);
        sample.push('\n');
    }
    sample
}

/// The BCP 47 tag of a language whatlang detects: its ISO 639-1 code where it has one.
fn tag_of(lang: whatlang::Lang) -> String {
    use whatlang::Lang::*;
    let tag = match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
        // A language added to whatlang after this table: its ISO 639-3 code is a
        // valid BCP 47 tag too.
        #[allow(unreachable_patterns)]
        other => return other.code().to_string(),
    };
    tag.to_string()
}

/// Refuses to read `language` with a voice of another language (`voice_language`,
/// of the voice the user named `voice`), unless the user gave the language
/// (`--language`) or it came from the voice itself.
pub fn check_voice(
    voice: &str,
    voice_language: &str,
    language: &Language,
    path: &str,
) -> crate::error::Result<()> {
    let how = match language.source {
        LanguageSource::Document => "as the input says",
        LanguageSource::Detected => "detected from the text",
        LanguageSource::Option | LanguageSource::Voice | LanguageSource::Default => return Ok(()),
    };
    if same_language(voice_language, &language.tag) {
        return Ok(());
    }
    let tag = &language.tag;
    Err(crate::error::Error::VoiceLanguage {
        voice: voice.to_string(),
        message: format!(
            "reads {} ({voice_language}), but {path} is {} ({tag}, {how}); leave out --voice to read it with a voice of its language, or give --language {tag} to read it with this voice all the same",
            name_of(voice_language),
            name_of(tag),
        ),
    })
}

/// The English name of a tag's language, for messages; the tag itself when the
/// detector's table does not know it.
pub fn name_of(tag: &str) -> String {
    let p = primary(tag).to_ascii_lowercase();
    whatlang::Lang::all()
        .iter()
        .find(|l| tag_of(**l) == p)
        .map_or_else(|| tag.to_string(), |l| l.eng_name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;

    fn document(paragraphs: &[&str], hint: Option<&str>) -> Document {
        let mut doc = Document {
            source: "article".into(),
            blocks: paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| Block::new(BlockKind::Paragraph, (*p).to_string(), i + 1))
                .collect(),
            metadata: Default::default(),
        };
        doc.metadata.language = hint.map(str::to_string);
        doc
    }

    const GERMAN: &str = "Der Stadtrat hat am Dienstag beschlossen, die Buslinien im \
        Norden der Stadt bis zum Sommer auszubauen. Die Kosten liegen bei rund 40 Millionen Euro.";
    const ENGLISH: &str = "The city council decided on Tuesday to extend the bus lines in \
        the north of the city by the summer. The cost is about 40 million euros.";

    #[test]
    fn tags_are_checked_and_cased() {
        let cases = [
            ("de", Ok("de")),
            ("DE-at", Ok("de-AT")),
            ("en_us", Ok("en-US")),
            ("zh-hant-tw", Ok("zh-Hant-TW")),
            ("es-419", Ok("es-419")),
            (" fr-FR ", Ok("fr-FR")),
            ("german", Err(())),
            ("d", Err(())),
            ("de--AT", Err(())),
            ("", Err(())),
            ("de-ÄT", Err(())),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_tag(text).map_err(|_| ()),
                expected.map(str::to_string),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_option_wins_over_the_document_and_the_text() {
        let doc = document(&[GERMAN], Some("fr"));
        let (language, warn) = choose(Some("es"), &doc, Some("en-us"));
        assert_eq!(language.tag, "es");
        assert_eq!(language.source, LanguageSource::Option);
        assert!(!warn && language.note.is_none());
    }

    #[test]
    fn the_document_wins_over_the_text() {
        let doc = document(&[GERMAN], Some("fr-fr"));
        let (language, _) = choose(None, &doc, None);
        assert_eq!(
            (language.tag.as_str(), language.source),
            ("fr-FR", LanguageSource::Document)
        );
    }

    #[test]
    fn the_text_is_detected_without_hints() {
        let (language, warn) = choose(None, &document(&[GERMAN], None), None);
        assert_eq!(
            (language.tag.as_str(), language.source),
            ("de", LanguageSource::Detected)
        );
        assert!(!warn && language.note.is_none());
        let (language, _) = choose(None, &document(&[ENGLISH], None), Some("de"));
        assert_eq!(language.tag, "en");
    }

    #[test]
    fn a_bad_document_hint_is_said_and_passed_over() {
        let (language, warn) = choose(None, &document(&[GERMAN], Some("x")), None);
        assert_eq!(language.tag, "de");
        assert!(warn);
        assert!(language
            .note
            .is_some_and(|n| n.contains("'x' is not a language tag")));
    }

    #[test]
    fn too_little_text_falls_back_to_the_voice_then_english() {
        let short = document(&["Ja, gut."], None);
        let (language, warn) = choose(None, &short, Some("de-DE"));
        assert_eq!(
            (language.tag.as_str(), language.source),
            ("de", LanguageSource::Voice)
        );
        assert!(!warn);
        assert!(language
            .note
            .is_some_and(|n| n.contains("too short") && n.contains("German")));
        let (language, _) = choose(None, &short, None);
        assert_eq!(
            (language.tag.as_str(), language.source),
            ("en", LanguageSource::Default)
        );
        assert!(language
            .note
            .is_some_and(|n| n.contains("read as English (en)")));
    }

    #[test]
    fn an_unsure_guess_is_not_taken() {
        // Names shared by several Romance languages: no language is sure.
        let mixed = "Maria Lopez Costa, Rio Grande, Santa Monica, Sierra Nevada, Monte Carlo";
        match detect(mixed) {
            Detection::Unsure { confidence, .. } => assert!(confidence < DETECTION_FLOOR),
            other => panic!("expected an unsure guess, got {other:?}"),
        }
        let (language, _) = choose(None, &document(&[mixed], None), None);
        assert_eq!(
            (language.tag.as_str(), language.source),
            ("en", LanguageSource::Default)
        );
        assert!(language
            .note
            .is_some_and(|n| n.contains("but only") && n.contains("% surely")));
    }

    #[test]
    fn a_voice_of_another_language_is_refused_unless_forced() {
        let german = |source| Language {
            tag: "de".into(),
            source,
            note: None,
        };
        let refused = check_voice("joe", "en-us", &german(LanguageSource::Detected), "a.txt")
            .expect_err("an English voice for a German text");
        let message = refused.to_string();
        assert!(message.contains("voice 'joe' reads English (en-us), but a.txt is German (de, detected from the text)"), "{message}");
        assert!(message.contains("--language de"), "{message}");
        assert!(check_voice("joe", "en-us", &german(LanguageSource::Document), "a.html").is_err());
        assert!(check_voice("joe", "en-us", &german(LanguageSource::Option), "a.txt").is_ok());
        assert!(check_voice("de", "de", &german(LanguageSource::Detected), "a.txt").is_ok());
        assert!(check_voice("x", "de-DE", &german(LanguageSource::Document), "a.txt").is_ok());
    }

    #[test]
    fn languages_are_compared_without_regions() {
        assert!(same_language("en-us", "en-GB"));
        assert!(same_language("en_US", "en"));
        assert!(same_language("cmn", "zh-Hans"));
        assert!(!same_language("de", "en-us"));
        assert_eq!(name_of("de-AT"), "German");
        assert_eq!(name_of("qya"), "qya");
    }
}
