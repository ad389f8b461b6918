//! Word timings against the audio: every word of the seed article starts where an
//! energy-based check hears its speech begin (see `common::onsets`), for each engine.

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

#[test]
fn espeak_word_starts_meet_the_speech_onsets() {
    let (samples, rate, starts, estimated) = seed_words("en-us");
    let report = onsets::check(&samples, rate, &starts);
    eprintln!(
        "espeak-ng: {} words, {:.3} right; {} onsets, {:.3} found; estimated {estimated}\nwrong {:?}\nmissed {:?}",
        report.words,
        report.words_share(),
        report.onsets,
        report.onsets_share(),
        &report.wrong[..report.wrong.len().min(20)],
        &report.missed[..report.missed.len().min(20)]
    );
    assert!(!estimated, "espeak-ng reports its words");
    assert!(report.words_share() >= 0.95, "{report:?}");
    assert!(report.onsets_share() >= 0.95, "{report:?}");
}
