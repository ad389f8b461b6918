//! The article's language end to end: found from `--language`, the input's markup or
//! its text; the voice chosen for it; numbers left to the voice, which reads them in
//! the language (checked on espeak-ng's phonemes); a named voice of another language
//! refused unless `--language` forces it; `plan --json` and the manifest report it.

mod common;

use common::{narrate, stderr, stdout};
use narrate::language::same_language;
use narrate::synthesize::{espeak, language_of, voice_for_language};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A German news article, written for this test.
const GERMAN: &str = "Stadt baut neue Straßenbahnlinie

Der Stadtrat hat am Dienstag mit 40 Stimmen beschlossen, eine neue Straßenbahnlinie durch den Norden der Stadt zu bauen. Die Kosten liegen nach Angaben der Verwaltung bei rund 120 Millionen Euro.

Die Bauarbeiten sollen im Frühjahr 2026 beginnen und etwa drei Jahre dauern. Dr. Weber, die Leiterin des Verkehrsamts, sprach am 3. Oktober von einem wichtigen Schritt für die Stadt.

Kritiker bemängeln, dass die Linie z. B. den Westen der Stadt nicht erreicht. Die Opposition will nun 25 weitere Haltestellen prüfen lassen.
";

/// A French news article, written for this test.
const FRENCH: &str = "La région ouvre 40 nouvelles classes

Le conseil régional a annoncé mardi l'ouverture de 40 nouvelles classes dans les lycées du département. Selon M. Dupont, le président de la commission, le projet coûtera environ 15 millions d'euros.

Les travaux commenceront au printemps et dureront près de deux ans. Les syndicats saluent une décision attendue depuis longtemps, mais demandent aussi le recrutement de 300 enseignants.

Mme Martin, directrice d'un lycée de la ville, estime que les élèves en profiteront dès la rentrée prochaine.
";

/// A Spanish news article, written for this test.
const SPANISH: &str = "El ayuntamiento aprueba 40 nuevas viviendas

El pleno del ayuntamiento aprobó el martes la construcción de 40 viviendas sociales en el barrio norte de la ciudad. Según el Sr. García, concejal de urbanismo, la obra costará unos 12 millones de euros.

Las obras empezarán en primavera y durarán cerca de dos años. Los vecinos celebran la noticia, aunque piden también un centro de salud para los 5000 habitantes del barrio.

La Sra. Ruiz, presidenta de la asociación de vecinos, dijo que la espera ha sido demasiado larga.
";

/// An English news article, written for this test.
const ENGLISH: &str = "Council approves 40 new homes

The city council voted on Tuesday to build 40 affordable homes on the north side of the city. The project will cost about 12 million dollars, according to the planning office.

Construction is expected to start in the spring and to last nearly two years. Residents welcomed the decision but asked for a health clinic as well.
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the article is written");
    path
}

fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// `narrate plan --json ARGS`, parsed; the run must succeed.
fn plan_json(args: &[&str]) -> Value {
    let mut all = vec!["plan", "--json"];
    all.extend_from_slice(args);
    let out = narrate(&all, None);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("plan --json is JSON")
}

/// The phonemes espeak-ng's voice `voice` gives for `text`, all clauses joined.
fn phonemes(voice: &str, text: &str) -> String {
    espeak::phonemize(voice, text)
        .expect("espeak-ng phonemizes")
        .into_iter()
        .map(|c| c.phonemes)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each language's article, its tag, and what espeak-ng's voice says for "40" in it
/// (pieces of the IPA: German "vierzig", French "quarante", Spanish "cuarenta").
const CASES: [(&str, &str, &[&str]); 3] = [
    (GERMAN, "de", &["fˈɪɾ", "tsɪç"]),
    (FRENCH, "fr", &["kaʁ", "ɑ̃t"]),
    (SPANISH, "es", &["kwaɾ", "ɛnta"]),
];

#[test]
fn news_in_german_french_and_spanish_is_read_in_its_language() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (text, tag, forty) in CASES {
        let path = write(dir.path(), &format!("{tag}.txt"), text);
        let plan = plan_json(&[s(&path)]);
        assert_eq!(plan["language"], tag, "{tag}");
        assert_eq!(plan["language_source"], "detected", "{tag}");
        assert_eq!(plan["abbreviations"], true, "{tag}");
        // No voice was named: the voice is one of the language.
        let voice = plan["voice"].as_str().expect("a voice").to_string();
        assert_eq!(voice, voice_for_language(tag).0, "{tag}");
        assert!(
            same_language(&language_of(&voice), tag),
            "{tag}: voice {voice} reads {}",
            language_of(&voice)
        );
        // The numbers are left as digits for the voice...
        let sentences = plan["sentences"].as_array().expect("sentences");
        let with_forty = sentences
            .iter()
            .find(|s| s["text"].as_str().is_some_and(|t| t.contains(" 40 ")))
            .expect("a sentence with 40");
        let spoken = with_forty["spoken"].as_str().expect("its spoken form");
        assert!(spoken.contains(" 40 "), "{tag}: {spoken}");
        for sentence in sentences {
            assert_eq!(
                sentence["spoken"], sentence["text"],
                "{tag}: nothing is read otherwise than written"
            );
        }
        // ...which reads them in its language: "40" is not "forty". espeak-ng's
        // voice file of the language (the one its voice "fr-fr" loads, and the one
        // a Piper voice of the language takes its phonemes from) says the sentence.
        let said = phonemes(tag, spoken);
        for piece in forty {
            assert!(said.contains(piece), "{tag}: {piece} not in {said}");
        }
        assert!(!said.contains("fˈɔːɹ"), "{tag}: English forty in {said}");
    }
}

#[test]
fn english_stays_english_and_spoken_in_words() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = write(dir.path(), "en.txt", ENGLISH);
    let plan = plan_json(&[s(&path)]);
    assert_eq!(plan["language"], "en");
    assert_eq!(plan["language_source"], "detected");
    assert_eq!(
        plan["voice"].as_str(),
        Some(voice_for_language("en").0.as_str())
    );
    let spoken: Vec<&str> = plan["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .filter_map(|s| s["spoken"].as_str())
        .collect();
    assert!(
        spoken.iter().any(|s| s.contains("forty new homes")),
        "{spoken:?}"
    );
}

#[test]
fn a_german_article_renders_with_a_german_voice() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = write(dir.path(), "stadt.txt", GERMAN);
    let wav = dir.path().join("stadt.wav");
    let out = narrate(&["render", s(&path), "-o", s(&wav), "--manifest"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("stadt.json")).expect("a manifest"),
    )
    .expect("JSON");
    assert_eq!(manifest["language"], "de");
    assert_eq!(
        manifest["voice"].as_str(),
        Some(voice_for_language("de").0.as_str())
    );
    // The abbreviations of the German table keep their sentences whole.
    let texts: Vec<&str> = manifest["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert!(
        texts.contains(&"Dr. Weber, die Leiterin des Verkehrsamts, sprach am 3. Oktober von einem wichtigen Schritt für die Stadt."),
        "{texts:#?}"
    );
    let (_, samples) = common::read_wav(&wav);
    assert!(samples.len() > 22050 * 10, "over ten seconds of speech");
}

#[test]
fn the_input_states_its_language() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // An HTML page says it is German; its text is too short to tell.
    let page = write(
        dir.path(),
        "kurz.html",
        "<!doctype html><html lang=\"de\"><head><title>Kurz</title></head><body><article><h1>Kurz</h1><p>Ja, 40.</p></article></body></html>",
    );
    let plan = plan_json(&[s(&page)]);
    assert_eq!(plan["language"], "de");
    assert_eq!(plan["language_source"], "document");
    // Markdown front matter names French for an article written in it.
    let markdown = write(
        dir.path(),
        "classes.md",
        &format!("---\nlang: fr-FR\ntitle: Classes\n---\n\n{FRENCH}"),
    );
    let plan = plan_json(&[s(&markdown)]);
    assert_eq!(plan["language"], "fr-FR");
    assert_eq!(plan["language_source"], "document");
    assert!(
        same_language(&language_of(plan["voice"].as_str().expect("a voice")), "fr"),
        "{}",
        plan["voice"]
    );
    // The HTML page's German wins over its text's French.
    let page = write(
        dir.path(),
        "mixed.html",
        &format!(
            "<html lang=\"de-AT\"><body><article><p>{}</p></article></body></html>",
            FRENCH.replace("\n\n", "</p><p>")
        ),
    );
    assert_eq!(plan_json(&[s(&page)])["language"], "de-AT");
}

#[test]
fn the_option_overrides_the_input_and_the_text() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = write(dir.path(), "de.txt", GERMAN);
    let plan = plan_json(&[s(&path), "--language", "ES"]);
    assert_eq!(plan["language"], "es");
    assert_eq!(plan["language_source"], "option");
    assert_eq!(
        plan["voice"].as_str(),
        Some(voice_for_language("es").0.as_str())
    );
    // The plain plan says it in its header line.
    let out = narrate(&["plan", s(&path), "--language", "it"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let header = stdout(&out).lines().next().unwrap_or_default().to_string();
    assert!(
        header.ends_with(
            "; language it (option; no abbreviation table: language-neutral sentence rules)"
        ),
        "{header}"
    );
    // A tag that is none is a usage error.
    let out = narrate(&["plan", s(&path), "--language", "german"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("'german' is not a language tag"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_named_voice_of_another_language_is_refused_unless_forced() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = write(dir.path(), "de.txt", GERMAN);
    let out = narrate(&["plan", s(&path), "--voice", "en-us"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "narrate: error: voice 'en-us' reads English (en-us), but {} is German (de, detected from the text); leave out --voice to read it with a voice of its language, or give --language de to read it with this voice all the same",
            s(&path)
        )
    );
    assert!(stdout(&out).is_empty(), "no plan is shown");
    // render refuses it the same way, writing nothing.
    let wav = dir.path().join("de.wav");
    let out = narrate(
        &["render", s(&path), "--voice", "en-us", "-o", s(&wav)],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("voice 'en-us' reads English"),
        "{}",
        stderr(&out)
    );
    assert!(!wav.exists());
    // --language forces it: the English voice reads the German text, without English
    // number words.
    let plan = plan_json(&[s(&path), "--voice", "en-us", "--language", "de"]);
    assert_eq!(plan["voice"], "en-us");
    assert_eq!(plan["language"], "de");
    assert_eq!(plan["language_source"], "option");
    // A named voice of the article's language is taken as it is.
    let plan = plan_json(&[s(&path), "--voice", "de"]);
    assert_eq!(
        (plan["voice"].as_str(), plan["language"].as_str()),
        (Some("de"), Some("de"))
    );
}

#[test]
fn other_languages_keep_only_the_language_independent_rewrites() {
    use narrate::speak::Speaker;
    let german = Speaker::for_language("de");
    let text = "Am 3. Oktober kamen 40 Gäste um 10:30 Uhr, mehr unter www.example.com.";
    let spoken = german.speak(text);
    // Numbers, dates and times stay as written, for the voice to read in German...
    for kept in ["3. Oktober", "40 Gäste", "10:30 Uhr"] {
        assert!(spoken.contains(kept), "{kept}: {spoken}");
    }
    // ...and the web address is still read as an address.
    assert!(spoken.contains("example dot com"), "{spoken}");
    // English reads the numbers itself.
    let english = Speaker::for_language("en-GB").speak("40 guests came.");
    assert_eq!(english, "forty guests came.");
}
