//! The process pool with real `narrate worker` processes and the real espeak-ng voice:
//! sentences spoken in parallel come back complete, in order and the same every time,
//! and workers that die leave their sentences to the voice in this process.

use narrate::stitch::Clip;
use narrate::synthesize::pool::Pool;
use narrate::synthesize::{espeak, Chunk, Voice, VoiceSettings};
use rayon::prelude::*;
use std::path::Path;

fn local() -> Box<dyn Voice> {
    Box::new(
        espeak::open("en-us", VoiceSettings::default())
            .unwrap()
            .expect("espeak-ng has en-us"),
    )
}

const SENTENCES: [&str; 6] = [
    "The council voted on Tuesday.",
    "Engineers had warned that the old bridge was no longer safe for heavy lorries, and repairs will take most of the coming year.",
    "Yes.",
    "Shopkeepers said they feared losing customers.",
    "The mayor promised a free bus service across the river until the bridge reopens next spring.",
    "It rained.",
];

#[test]
fn workers_speak_in_parallel_like_the_local_voice() {
    let exe = Path::new(env!("CARGO_BIN_EXE_narrate"));
    let pool = Pool::new(local(), exe, "en-us", VoiceSettings::default(), 2);
    assert_eq!(pool.idle_workers(), 2);
    let alone = local();
    // Compared as trimmed speech: espeak-ng's trailing silence varies from call to call.
    let speech = |c: Chunk| Clip::new(c).samples.len();
    let expected: Vec<usize> = SENTENCES
        .iter()
        .map(|s| speech(alone.synthesize(s).unwrap()))
        .collect();
    let chunks: Vec<Chunk> = SENTENCES
        .repeat(3)
        .par_iter()
        .map(|s| pool.synthesize(s).unwrap())
        .collect();
    // Whichever worker spoke it and whatever it spoke before, a sentence has the same
    // samples: each is spoken from the state the worker had when it loaded the voice.
    for (i, chunk) in chunks.iter().enumerate().skip(SENTENCES.len()) {
        assert!(
            chunk.samples == chunks[i % SENTENCES.len()].samples,
            "sentence {} spoken again differs",
            i % SENTENCES.len()
        );
    }
    let got: Vec<usize> = chunks.into_iter().map(speech).collect();
    for (i, (&g, &e)) in got.iter().zip(expected.iter().cycle()).enumerate() {
        // espeak-ng's speech varies a little too (see its module docs): within 5%, or
        // 60 ms for the shortest; a mix-up of these sentences differs by far more.
        let tolerance = (e as f64 * 0.05).max(22050.0 * 0.06);
        assert!(
            (g as f64 - e as f64).abs() <= tolerance,
            "sentence {i}: {g} vs {e} samples"
        );
    }
    assert_eq!(pool.idle_workers(), 2, "every worker came back");
    // The workers speak with the same voice: the clip cache keys by its identity.
    assert_eq!(pool.identity(), alone.identity());
}

#[test]
fn sentences_of_workers_that_die_are_spoken_here() {
    // `true` starts, reads nothing and exits: every request to it fails.
    let pool = Pool::new(
        local(),
        Path::new("/bin/true"),
        "en-us",
        VoiceSettings::default(),
        2,
    );
    let lengths: Vec<usize> = SENTENCES
        .par_iter()
        .map(|s| pool.synthesize(s).unwrap().samples.len())
        .collect();
    assert!(lengths.iter().all(|&n| n > 5000), "{lengths:?}");
    assert_eq!(pool.idle_workers(), 0, "dead workers left the pool");
}
