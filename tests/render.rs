//! Rendering through the library with the real espeak-ng voice: every narrated
//! sentence gets a timing, the gaps between them are silences as long as the pause
//! asked for, and the breaks grow from sentence to paragraph to heading.

mod common;

use common::{rms, seed};
use narrate::pipeline::Planner;
use narrate::stitch::{Break, Pauses};
use narrate::synthesize::{self, VoiceSettings};

#[test]
fn timings_and_pauses_on_real_speech() {
    let text = std::fs::read_to_string(seed()).unwrap();
    let plan = Planner::default().plan_text("seed", &text);
    let voice = synthesize::open("en-us", VoiceSettings::default()).unwrap();
    let pauses = Pauses {
        sentence_ms: 300,
        paragraph_ms: 600,
        heading_ms: 900,
    };
    let narration = plan.render(voice.as_ref(), &pauses, &|| {}).unwrap();
    let rate = narration.sample_rate as usize;
    let samples = narration.samples();
    let breaks = plan.breaks();
    assert_eq!(narration.timings.len(), plan.narrated().count());
    assert_eq!(breaks.len(), narration.timings.len());
    assert!(
        breaks[1..].contains(&Break::Heading),
        "the title is followed by a heading pause"
    );

    for (i, pair) in narration.timings.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            a.start < a.end && a.end <= b.start,
            "timings in order: {a:?} {b:?}"
        );
        // Speech inside the timing, silence in the gap of the requested length.
        assert!(
            rms(&samples[a.start..a.end]) > 0.02,
            "sentence {i} is audible"
        );
        let gap = &samples[a.end..b.start];
        assert!(rms(gap) < 0.003, "gap {i} is silent");
        let expected = pauses.before(breaks[i + 1]) as usize * rate / 1000;
        let tolerance = rate / 20; // 50 ms of trimming margin either way
        assert!(
            gap.len() + tolerance >= expected && gap.len() <= expected + 3 * tolerance,
            "gap {i}: {} samples, expected about {expected} ({:?})",
            gap.len(),
            breaks[i + 1]
        );
    }
    let last = narration.timings.last().unwrap();
    assert!(last.end <= samples.len());
}
