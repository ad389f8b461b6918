//! The espeak-ng engine against the real libespeak-ng: audio comes out at 22050 Hz with
//! a plausible length, speed changes it, concurrent calls are serialised correctly, odd
//! text never panics, unknown voices are `None`, and missing data is a clear error.

use narrate::synthesize::{espeak, voices, Voice, VoiceSettings};
use rayon::prelude::*;

const SENTENCE: &str = "The city council approved the new budget on Tuesday evening.";

fn voice(speed: f32) -> espeak::Espeak {
    espeak::open(
        "en-us",
        VoiceSettings {
            speed,
            ..Default::default()
        },
    )
    .expect("libespeak-ng starts")
    .expect("en-us exists")
}

/// Root mean square, relative to full scale.
fn rms(samples: &[i16]) -> f32 {
    let square = |&s: &i16| (f32::from(s) / 32768.0).powi(2);
    (samples.iter().map(square).sum::<f32>() / samples.len().max(1) as f32).sqrt()
}

#[test]
fn a_sentence_is_spoken_at_22050_hz_with_plausible_length() {
    let v = voice(1.0);
    assert_eq!(v.sample_rate(), 22050);
    let chunk = v.synthesize(SENTENCE).unwrap();
    assert_eq!(chunk.sample_rate, 22050);
    assert!(rms(&chunk.samples) > 0.01, "rms {}", rms(&chunk.samples));
    let per_char = chunk.duration() / SENTENCE.chars().count() as f64;
    assert!(
        (0.04..=0.12).contains(&per_char),
        "{per_char} s per character"
    );
}

#[test]
fn double_speed_is_clearly_shorter() {
    let normal = voice(1.0).synthesize(SENTENCE).unwrap().duration();
    let fast = voice(2.0).synthesize(SENTENCE).unwrap().duration();
    assert!(fast < normal * 0.7, "fast {fast} s, normal {normal} s");
}

/// The samples from the first to the last above -50 dBFS. (The silence espeak-ng
/// leaves after speech varies with what it spoke before.)
fn speech(samples: &[i16]) -> &[i16] {
    // 0.003 of full scale.
    let loud = |s: &i16| s.unsigned_abs() > 98;
    let start = samples.iter().position(loud).unwrap_or(samples.len());
    let end = samples.iter().rposition(loud).map_or(start, |e| e + 1);
    &samples[start..end]
}

/// libespeak-ng is not thread-safe: without the lock this crashes, or mixes the audio
/// of different sentences. Its output is not bit-identical from call to call either
/// (pitch flutter, noise and some timing carry state from one utterance to the next;
/// a sentence's speech varies by up to about 2% in length with what came before), so
/// each parallel chunk is compared with its sequential twin by length and loudness.
/// The texts differ enough in length that a chunk holding another sentence's audio, or
/// parts of two, fails the comparison; the test checks that too.
#[test]
fn concurrent_calls_match_sequential_ones() {
    let v = voice(1.0);
    let slow = voice(0.8);
    let bases = [
        "Prices rose.",
        "The mayor said the bridge would reopen in March.",
        "Rain is expected over the weekend, with strong winds along the coast and in the hills.",
        "The team, which had lost four games in a row, finally won on Sunday night, and the fans celebrated in the streets until morning.",
    ];
    let jobs: Vec<(usize, bool)> = (0..24).map(|i| (i % 4, i % 3 == 0)).collect();
    let speak = |&(text, is_slow): &(usize, bool)| {
        let which: &dyn Voice = if is_slow { &slow } else { &v };
        which.synthesize(bases[text]).unwrap()
    };
    let sequential: Vec<_> = jobs.iter().map(speak).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(8)
        .build()
        .unwrap();
    let parallel: Vec<_> = pool.install(|| jobs.par_iter().map(speak).collect());
    assert_eq!(sequential.len(), parallel.len());
    let close = |a: &[i16], b: &[i16]| {
        let (la, lb) = (a.len() as f64, b.len() as f64);
        (la - lb).abs() / la < 0.05
    };
    for (i, (a, b)) in sequential.iter().zip(&parallel).enumerate() {
        assert_eq!(a.sample_rate, b.sample_rate);
        let (a, b) = (speech(&a.samples), speech(&b.samples));
        assert!(!a.is_empty(), "sentence {i} is silent");
        assert!(
            close(a, b),
            "sentence {i}: {} vs {} samples",
            a.len(),
            b.len()
        );
        let (ra, rb) = (rms(a), rms(b));
        assert!(
            (ra - rb).abs() / ra < 0.15,
            "sentence {i}: rms {ra} vs {rb}"
        );
        for (j, other) in sequential.iter().enumerate() {
            if jobs[j] != jobs[i] {
                assert!(
                    !close(speech(&other.samples), b),
                    "{i} and {j} cannot be told apart"
                );
            }
        }
    }
}

#[test]
fn odd_text_never_panics() {
    let v = voice(1.0);
    let long = "word and another word, ".repeat(600);
    for text in [
        "",
        "   ",
        "...!?;",
        "😀🎉 👍",
        "a < b && c > d; <speak>not markup</speak> &amp; [[h@'l@U]]",
        "nul\0inside\u{7}bell",
        long.as_str(),
    ] {
        let chunk = v.synthesize(text).unwrap();
        assert_eq!(chunk.sample_rate, 22050);
        if text.trim().is_empty() {
            assert!(chunk.samples.is_empty(), "{text:?} is not spoken");
        }
    }
    // Markup is read as text: "<speak>" makes the sentence longer, not silent.
    let plain = v.synthesize("less than").unwrap().duration();
    let markup = v.synthesize("<b>less than</b>").unwrap().duration();
    assert!(markup > plain, "markup {markup} s, plain {plain} s");
    assert!(v.synthesize(&long).unwrap().duration() > 60.0);
}

#[test]
fn unknown_voices_are_none_and_known_ones_are_listed() {
    assert!(espeak::open("xx-nonexistent", VoiceSettings::default())
        .unwrap()
        .is_none());
    let all = voices();
    assert!(all.len() > 50);
    let us = all
        .iter()
        .find(|v| v.name == "en-us")
        .expect("en-us listed");
    assert_eq!(us.engine, "espeak-ng");
    assert!(us.installed);
    assert!(us.description.contains("English"), "{}", us.description);
    for name in ["en-gb", "de", "fr-fr", "EN-US"] {
        assert!(
            espeak::open(name, VoiceSettings::default())
                .unwrap()
                .is_some(),
            "{name}"
        );
    }
    let err = narrate::synthesize::open("xx-nonexistent", VoiceSettings::default())
        .err()
        .expect("unknown voice is an error");
    assert!(err.to_string().contains("unknown voice"), "{err}");
}

#[test]
fn missing_data_is_a_clear_error() {
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir(data.path().join("espeak-ng-data")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(["voices"])
        .env("ESPEAK_DATA_PATH", data.path())
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        !listed.lines().any(|l| l.contains("espeak-ng")),
        "no espeak-ng voice without its data: {listed}"
    );
    let article = data.path().join("a.txt");
    std::fs::write(&article, "Title\n\nThe council met on Tuesday to vote.\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_narrate"))
        .arg("render")
        .arg(&article)
        .arg("-o")
        .arg(data.path().join("a.wav"))
        .args(["--voice", "en-us"])
        .env("ESPEAK_DATA_PATH", data.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("scripts/setup.sh"), "{stderr}");
    assert!(!data.path().join("a.wav").exists());
}

#[test]
fn phonemes_come_clause_by_clause_with_their_punctuation() {
    use narrate::synthesize::espeak::{phonemize, Clause};
    let clause = |p: &str, t: Option<char>, end: bool| Clause {
        phonemes: p.to_string(),
        terminator: t,
        ends_sentence: end,
    };
    assert_eq!(
        phonemize("en-us", "Hello, world.").unwrap(),
        vec![
            clause("həlˈoʊ", Some(','), false),
            clause("wˈɜːld", Some('.'), true)
        ]
    );
    assert_eq!(
        phonemize("en-us", "Yes. No").unwrap(),
        vec![clause("jˈɛs", Some('.'), true), clause("nˈoʊ", None, true)]
    );
    assert!(phonemize("en-us", "  ").unwrap().is_empty());
    assert!(phonemize("xx-none", "Hello").is_err());
}
