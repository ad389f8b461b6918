//! The stitch stage on synthetic chunks: tones with silence around them stand in for
//! sentences, so where the speech is, and how long each pause is, is known exactly.

use narrate::stitch::{stitch, trim, Break, Narration, Pauses, Timing, EDGE_SILENCE_MS};
use narrate::synthesize::Chunk;

const RATE: u32 = 22050;

fn ms(n: u32) -> usize {
    trim::ms_to_samples(n, RATE)
}

/// `len` samples of a 440 Hz tone at `amp`, starting at phase `phase`.
fn tone(len: usize, amp: f32, phase: f32) -> Vec<f32> {
    (0..len)
        .map(|i| amp * (phase + i as f32 * 440.0 * std::f32::consts::TAU / RATE as f32).sin())
        .collect()
}

/// A "sentence": `pad` samples of silence, a tone of `len` samples, `pad` of silence.
fn sentence(pad: usize, len: usize) -> Chunk {
    let mut samples = vec![0.0; pad];
    samples.extend(tone(len, 0.5, 0.0));
    samples.extend(vec![0.0; pad]);
    Chunk::from_f32(&samples, RATE)
}

fn is_silent(s: &[f32]) -> bool {
    s.iter().all(|x| x.abs() < 1e-6)
}

/// The stretches of the narration louder than 1e-3, as sample ranges.
fn loud_runs(n: &Narration) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    // Bridge the zero crossings of the tone: a run ends after 2 ms of quiet.
    let mut quiet = 0;
    for (i, x) in n.samples().iter().enumerate() {
        if x.abs() > 1e-3 {
            start.get_or_insert(i);
            quiet = 0;
        } else if let Some(s) = start {
            quiet += 1;
            if quiet > ms(2) {
                runs.push((s, i - quiet + 1));
                start = None;
            }
        }
    }
    if let Some(s) = start {
        runs.push((s, n.samples().len() - quiet));
    }
    runs
}

#[test]
fn pauses_are_exact_silences_ordered_by_break() {
    let pauses = Pauses::default();
    let chunks = vec![
        (Break::Heading, sentence(3000, 8000)),
        (Break::Heading, sentence(3000, 8000)),
        (Break::Sentence, sentence(500, 6000)),
        (Break::Paragraph, sentence(4000, 7000)),
    ];
    let n = stitch(chunks, &pauses);
    assert_eq!(n.sample_rate, RATE);
    assert_eq!(n.timings.len(), 4);
    let t = &n.timings;
    let gaps: Vec<usize> = t.windows(2).map(|w| w[1].start - w[0].end).collect();
    assert_eq!(
        gaps,
        vec![
            ms(pauses.heading_ms),
            ms(pauses.sentence_ms),
            ms(pauses.paragraph_ms)
        ]
    );
    for w in t.windows(2) {
        assert!(is_silent(&n.samples()[w[0].end..w[1].start]));
    }
    // Sentence < paragraph < heading, heard as silence between the tones.
    let runs = loud_runs(&n);
    assert_eq!(runs.len(), 4, "{runs:?}");
    let heard: Vec<usize> = runs.windows(2).map(|w| w[1].0 - w[0].1).collect();
    assert!(heard[1] < heard[2] && heard[2] < heard[0], "{heard:?}");
    for (h, g) in heard.iter().zip(&gaps) {
        // The heard silence is the pause plus the trim margins (and the fade's tails).
        assert!(*h >= *g && *h <= g + ms(80), "heard {h}, pause {g}");
    }
    // Lead-in and lead-out.
    assert_eq!(t[0].start, ms(EDGE_SILENCE_MS));
    assert_eq!(n.samples().len() - t[3].end, ms(EDGE_SILENCE_MS));
    assert!(is_silent(&n.samples()[..t[0].start]));
}

#[test]
fn timings_point_at_the_tones() {
    let n = stitch(
        vec![
            (Break::Paragraph, sentence(5000, 4410)),
            (Break::Sentence, sentence(200, 2205)),
            (Break::Paragraph, sentence(9000, 11025)),
        ],
        &Pauses::default(),
    );
    let runs = loud_runs(&n);
    assert_eq!(runs.len(), 3, "{runs:?}");
    for ((s, e), t) in runs.iter().zip(&n.timings) {
        // Each tone lies inside its timing, with no more than margin + window around it.
        assert!(t.start <= *s && *e <= t.end, "tone {s}..{e}, timing {t:?}");
        assert!(s - t.start <= ms(trim::LEAD_MARGIN_MS + trim::WINDOW_MS));
        assert!(t.end - e <= ms(trim::TAIL_MARGIN_MS + trim::WINDOW_MS + 1));
    }
    // Trimming: the padding is gone, the tone is whole.
    let lens: Vec<usize> = runs.iter().map(|(s, e)| e - s).collect();
    for (len, want) in lens.iter().zip([4410, 2205, 11025]) {
        assert!(len.abs_diff(want) < ms(2), "tone {len}, expected {want}");
    }
    let total: usize = n.timings.iter().map(|t| t.end - t.start).sum();
    assert!(total < 4410 + 2205 + 11025 + 3 * ms(60));
}

#[test]
fn seams_do_not_click() {
    // Tones that start and end at their peak, with no silence around them: the trim
    // keeps them whole, so only the fades stand between them and a click.
    let abrupt = |len| Chunk::from_f32(&tone(len, 0.9, std::f32::consts::FRAC_PI_2), RATE);
    let n = stitch(
        vec![
            (Break::Sentence, abrupt(3000)),
            (Break::Sentence, abrupt(2000)),
            (Break::Heading, abrupt(4000)),
        ],
        &Pauses {
            sentence_ms: 0,
            paragraph_ms: 0,
            heading_ms: 10,
        },
    );
    let jump = |s: &[f32]| {
        s.windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0.0f32, f32::max)
    };
    // The tone's own steepest step: 0.9 * 2π * 440 / 22050 ≈ 0.113.
    let own = jump(&tone(1000, 0.9, 0.0));
    let samples = n.samples();
    for t in &n.timings {
        assert_eq!(samples[t.start], 0.0);
        assert_eq!(samples[t.end - 1], 0.0);
        let around = |i: usize| &samples[i.saturating_sub(ms(10))..(i + ms(10)).min(samples.len())];
        assert!(
            jump(around(t.start)) <= own * 1.01,
            "{}",
            jump(around(t.start))
        );
        assert!(jump(around(t.end)) <= own * 1.01, "{}", jump(around(t.end)));
    }
    assert!(jump(&samples) <= own * 1.01);
}

#[test]
fn silent_and_empty_chunks_get_zero_length_timings() {
    let pauses = Pauses::default();
    let silent = Chunk {
        samples: vec![0; 5000],
        sample_rate: RATE,
        words: Vec::new(),
    };
    let empty = Chunk {
        samples: Vec::new(),
        sample_rate: RATE,
        words: Vec::new(),
    };
    let n = stitch(
        vec![
            (Break::Heading, silent.clone()),
            (Break::Heading, sentence(100, 3000)),
            (Break::Heading, empty.clone()),
            (Break::Sentence, sentence(100, 3000)),
            (Break::Paragraph, silent.clone()),
        ],
        &pauses,
    );
    let t = &n.timings;
    assert_eq!(t.len(), 5);
    assert_eq!(
        t[0],
        Timing {
            start: ms(EDGE_SILENCE_MS),
            end: ms(EDGE_SILENCE_MS),
            words: Vec::new(),
        }
    );
    // The silent heading still separates with the heading pause, not heading + sentence.
    assert_eq!(t[2].start, t[1].end);
    assert_eq!(t[2].start, t[2].end);
    assert_eq!(t[3].start - t[1].end, ms(pauses.heading_ms));
    assert_eq!(t[4].start, t[4].end);
    assert_eq!(t[4].start, t[3].end);
    assert_eq!(n.samples().len(), t[3].end + ms(EDGE_SILENCE_MS));

    // Nothing at all, or only silence, is a short silent narration, not a panic.
    let none = stitch(Vec::new(), &pauses);
    assert!(none.timings.is_empty());
    assert!(is_silent(&none.samples()));
    let quiet = stitch(
        vec![(Break::Sentence, empty), (Break::Sentence, silent)],
        &pauses,
    );
    assert_eq!(quiet.timings.len(), 2);
    assert!(is_silent(&quiet.samples()));
    assert_eq!(quiet.samples().len(), 2 * ms(EDGE_SILENCE_MS));
}

#[test]
fn other_sample_rates_are_resampled() {
    let half = Chunk::from_f32(&tone(2205, 0.5, 0.0), RATE / 2);
    let n = stitch(
        vec![
            (Break::Sentence, sentence(0, 4410)),
            (Break::Sentence, half),
        ],
        &Pauses::default(),
    );
    assert_eq!(n.sample_rate, RATE);
    let t = &n.timings[1];
    // 2205 samples at 11025 Hz are 4410 at 22050 Hz (the tail margin has nothing to keep).
    assert!((t.end - t.start).abs_diff(4410) < ms(2), "{t:?}");
}
