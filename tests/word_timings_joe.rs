//! Word timings of the Piper voice joe against the audio: every word of the seed
//! article starts where an energy-based check hears its speech begin (see
//! `common::onsets`), its times taken from the model's phoneme durations.

mod common;

use common::onsets;
use narrate::pipeline::Planner;
use narrate::synthesize::{self, VoiceSettings};
use narrate::Pauses;

/// The seed narrated with `voice`: its samples, rate and every word's start (seconds).
fn seed_words(voice: &str) -> (Vec<f32>, u32, Vec<f64>, bool) {
    let text = std::fs::read_to_string(common::seed()).expect("the seed article");
    let plan = Planner::default().plan_text("article.txt", &text);
    let voice = synthesize::open(voice, VoiceSettings::default()).expect("the voice opens");
    let narration = plan
        .render(voice.as_ref(), &Pauses::default(), &|| {})
        .expect("the seed renders");
    let rate = narration.sample_rate;
    let mut starts = Vec::new();
    let mut estimated = false;
    for t in &narration.timings {
        for w in &t.words {
            starts.push(w.start as f64 / rate as f64);
            estimated |= w.estimated;
        }
    }
    (narration.samples(), rate, starts, estimated)
}

/// The shares joe's word starts reach. Not the 95%: that check counts as an
/// onset every return of sound after 60 ms of silence, and joe's stops have closures
/// that long inside words ("counter|part", "s|poke", "ke|pt", "es|calate"). Measured on
/// the seed: 62 onsets, 17 missed, every one inside a word between its start and the
/// next word's (a stop's release 100 to 300 ms into the word, or a final one just
/// before the next word); the 16 words counted wrong are those same words. At the
/// onsets that begin words, 45 of 46 have a word start within 30 ms. Words estimated
/// from their letters reach 0.895 and 0.581 on the same check, so these floors fail
/// for estimates.
const WORDS_RIGHT: f64 = 0.93;
const ONSETS_FOUND: f64 = 0.72;

#[test]
fn joe_word_starts_meet_the_speech_onsets() {
    let (samples, rate, starts, estimated) = seed_words("joe");
    let report = onsets::check(&samples, rate, &starts);
    eprintln!(
        "joe: {} words, {:.3} right; {} onsets, {:.3} found; estimated {estimated}\nwrong {:?}\nmissed {:?}",
        report.words,
        report.words_share(),
        report.onsets,
        report.onsets_share(),
        &report.wrong[..report.wrong.len().min(20)],
        &report.missed[..report.missed.len().min(20)]
    );
    assert!(!estimated, "joe's words come from its phoneme durations");
    assert!(report.words_share() >= WORDS_RIGHT, "{report:?}");
    assert!(report.onsets_share() >= ONSETS_FOUND, "{report:?}");
}
