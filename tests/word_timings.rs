//! Word timings against the audio: every word of the seed article starts where an
//! energy-based check hears its speech begin (see `common::onsets`), for each engine:
//! espeak-ng (its word events) and the Piper voice joe (its phoneme durations). The
//! same check fails words spread by letters, the estimate a voice without timings gets.

mod common;

use common::onsets;
use narrate::cache::Cache;
use narrate::pipeline::Planner;
use narrate::synthesize::pool::Pool;
use narrate::synthesize::{self, VoiceSettings};
use narrate::{Narration, Pauses, Voice};
use std::path::Path;

/// The seed narrated with `voice`: its samples, rate, every word's start (seconds),
/// whether any was estimated, and the starts an estimate by letters would give.
fn seed_words(voice: &str) -> (Vec<f32>, u32, Vec<f64>, bool, Vec<f64>) {
    let text = std::fs::read_to_string(common::seed()).expect("the seed article");
    let plan = Planner::default().plan_text("article.txt", &text);
    let voice = synthesize::open(voice, VoiceSettings::default()).expect("the voice opens");
    let narration = plan
        .render(voice.as_ref(), &Pauses::default(), &|| {})
        .expect("the seed renders");
    let rate = narration.sample_rate;
    // The whole narration once, not once per sentence.
    let samples = narration.samples();
    let mut starts = Vec::new();
    let mut guesses = Vec::new();
    let mut estimated = false;
    for ((_, s), t) in plan.narrated().zip(&narration.timings) {
        for w in &t.words {
            starts.push(w.start as f64 / rate as f64);
            estimated |= w.estimated;
        }
        // The estimate: the sentence's speech shared among its spoken words by letters.
        let spoken = plan.spoken(s).unwrap_or_default();
        let speech: Vec<i16> = samples[t.start..t.end]
            .iter()
            .map(|&x| synthesize::to_i16(x))
            .collect();
        guesses.extend(
            synthesize::estimate_words(&spoken, &speech, rate)
                .iter()
                .map(|w| (t.start + w.start) as f64 / rate as f64),
        );
    }
    (samples, rate, starts, estimated, guesses)
}

/// Checks `voice`'s word starts on the seed, and that estimates fail the same check.
fn check_voice(voice: &str) {
    let (samples, rate, starts, estimated, guesses) = seed_words(voice);
    let report = onsets::check(&samples, rate, &starts);
    let guessed = onsets::check(&samples, rate, &guesses);
    eprintln!(
        "{voice}: {} words, {:.3} right; {} onsets, {:.3} found; estimated {estimated}; \
         estimates by letters: {:.3} right, {:.3} found\nwrong {:?}\nmissed {:?}",
        report.words,
        report.words_share(),
        report.onsets,
        report.onsets_share(),
        guessed.words_share(),
        guessed.onsets_share(),
        &report.wrong[..report.wrong.len().min(20)],
        &report.missed[..report.missed.len().min(20)]
    );
    assert!(!estimated, "{voice} reports its words' times");
    assert!(report.words_share() >= 0.95, "{report:?}");
    assert!(report.onsets_share() >= 0.95, "{report:?}");
    assert!(
        guessed.onsets_share() < 0.9,
        "the check tells estimates apart: {guessed:?}"
    );
}

#[test]
fn espeak_word_starts_meet_the_speech_onsets() {
    check_voice("en-us");
}

#[test]
fn joe_word_starts_meet_the_speech_onsets() {
    check_voice("joe");
}

/// The path `narrate render` takes: a pool of `narrate worker` processes (each
/// sentence spoken in a fresh fork), then the clip cache. The words arrive as espeak-ng
/// reported them, the same read back from the cache as made by the workers, and meet
/// the speech onsets of the audio.
#[test]
fn espeak_words_come_through_the_workers_and_the_cache() {
    let text = std::fs::read_to_string(common::seed()).expect("the seed article");
    let plan = Planner::default().plan_text("article.txt", &text);
    plan.check().expect("the seed can be spoken");
    let local = synthesize::open("en-us", VoiceSettings::default()).expect("the voice opens");
    let exe = Path::new(env!("CARGO_BIN_EXE_narrate"));
    let pool = Pool::new(local, exe, "en-us", VoiceSettings::default(), 2);
    assert_eq!(pool.idle_workers(), 2, "the workers start");
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path()).expect("the cache opens");
    let render = || {
        let mut parts = Vec::new();
        let rendered = plan
            .render_into(&pool, &Pauses::default(), Some(&cache), &|| {}, &mut |p| {
                parts.push(p);
                Ok(())
            })
            .expect("the seed renders");
        let counts = (rendered.synthesized, rendered.cached);
        (
            Narration::new(pool.sample_rate(), parts, rendered.timings),
            counts,
        )
    };
    let (spoken, (synthesized, cached)) = render();
    assert!(synthesized > 0 && cached == 0, "{synthesized} {cached}");
    assert_eq!(pool.idle_workers(), 2, "the workers spoke and came back");
    let (read_back, (synthesized_again, cached_again)) = render();
    assert_eq!((synthesized_again, cached_again), (0, synthesized));
    let words = |n: &Narration| -> Vec<_> {
        n.timings
            .iter()
            .flat_map(|t| t.words.iter().copied())
            .collect()
    };
    let (made, kept) = (words(&spoken), words(&read_back));
    assert!(made.len() > 200, "{} words", made.len());
    assert!(made.iter().all(|w| !w.estimated), "every word reported");
    assert_eq!(made, kept, "the cache keeps the words");
    let starts: Vec<f64> = made
        .iter()
        .map(|w| w.start as f64 / spoken.sample_rate as f64)
        .collect();
    let report = onsets::check(&spoken.samples(), spoken.sample_rate, &starts);
    eprintln!(
        "espeak-ng through the workers: {} words, {:.3} right; {} onsets, {:.3} found",
        report.words,
        report.words_share(),
        report.onsets,
        report.onsets_share()
    );
    assert!(report.words_share() >= 0.95, "{report:?}");
    assert!(report.onsets_share() >= 0.95, "{report:?}");
}

/// A real voice whose word times are withheld: what a voice that reports none gives.
struct Untimed(Box<dyn Voice>);

impl Voice for Untimed {
    fn name(&self) -> &str {
        self.0.name()
    }
    fn sample_rate(&self) -> u32 {
        self.0.sample_rate()
    }
    fn synthesize(&self, text: &str) -> Result<synthesize::Chunk, String> {
        let mut chunk = self.0.synthesize(text)?;
        chunk.words.clear();
        Ok(chunk)
    }
    fn identity(&self) -> String {
        format!("{} without word times", self.0.identity())
    }
}

/// A voice that gives no word times gets an estimate, every word of it marked so, and
/// the manifest says `"word_timing": "estimate"`.
#[test]
fn a_voice_without_word_times_gets_marked_estimates() {
    let text = std::fs::read_to_string(common::seed()).expect("the seed article");
    let plan = Planner::default().plan_text("article.txt", &text);
    let voice = Untimed(synthesize::open("en-us", VoiceSettings::default()).expect("espeak-ng"));
    let narration = plan
        .render(&voice, &Pauses::default(), &|| {})
        .expect("the seed renders");
    for ((_, s), t) in plan.narrated().zip(&narration.timings) {
        let spoken = plan.spoken(s).unwrap_or_default();
        assert_eq!(
            t.words.len(),
            synthesize::word_ranges(&spoken).len(),
            "one estimate per spoken word: {spoken}"
        );
        assert!(t.words.iter().all(|w| w.estimated));
        assert!(t.words.iter().all(|w| t.start <= w.start && w.end <= t.end));
    }
    let transcript = narrate::export::Transcript::new(
        &plan,
        &narration.timings,
        narration.sample_rate,
        narration.sample_rate,
        narration.len() as u64,
        "article.wav".into(),
        voice.name().into(),
        narrate::export::Settings {
            speed: 1.0,
            speaker: None,
            pauses: Pauses::default(),
            format: "wav".into(),
            sample_format: "s16".into(),
            loudness_target_lufs: None,
            lexicon: true,
        },
        None,
    );
    let mut json = Vec::new();
    narrate::export::Export::write(&narrate::export::Manifest, &transcript, &mut json)
        .expect("written");
    let manifest: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    for s in manifest["sentences"].as_array().expect("sentences") {
        assert_eq!(s["word_timing"], "estimate", "{s}");
        assert!(!s["words"].as_array().expect("words").is_empty());
    }
}
