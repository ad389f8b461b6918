//! Finding where speech lies in a chunk, and the fades put on its edges: samples in,
//! a sample range (or faded samples) out.
//!
//! Loudness is the RMS over a sliding [`WINDOW_MS`] window; speech is everything from
//! the first window louder than [`THRESHOLD_DBFS`] to the last, widened by
//! [`LEAD_MARGIN_MS`] before and [`TAIL_MARGIN_MS`] after so that quiet consonants at the
//! edges (an initial "f", a final "s") and the decay of the last sound are kept.

use std::ops::Range;

/// Loudness, relative to full scale, below which a window counts as silence.
pub const THRESHOLD_DBFS: f64 = -45.0;
/// Length of the loudness window.
pub const WINDOW_MS: u32 = 10;
/// Silence kept before the first loud window.
pub const LEAD_MARGIN_MS: u32 = 15;
/// Silence kept after the last loud window.
pub const TAIL_MARGIN_MS: u32 = 25;
/// Length of the raised-cosine fade at each edge of a trimmed chunk.
pub const FADE_MS: u32 = 5;

/// Milliseconds to samples at `rate` (at least one sample for a non-zero length).
pub fn ms_to_samples(ms: u32, rate: u32) -> usize {
    let n = (ms as u64 * rate as u64).div_ceil(1000) as usize;
    if ms > 0 {
        n.max(1)
    } else {
        0
    }
}

/// The range of `samples` that holds speech, margins included; empty (at the chunk's
/// middle, which no caller relies on) when nothing is louder than the threshold.
pub fn speech_range(samples: &[i16], rate: u32) -> Range<usize> {
    let n = samples.len();
    if n == 0 {
        return 0..0;
    }
    let Some(Range {
        start: first,
        end: last_end,
    }) = sound_within(samples, rate, 0..n)
    else {
        return n / 2..n / 2;
    };
    let start = first.saturating_sub(ms_to_samples(LEAD_MARGIN_MS, rate));
    let end = (last_end + ms_to_samples(TAIL_MARGIN_MS, rate)).min(n);
    start..end
}

/// Where sound is heard within `range` of `samples`, without margins: from the first
/// window louder than [`THRESHOLD_DBFS`] that starts in the range to the end of the last
/// one (which may reach [`WINDOW_MS`] past the range); `None` when all is silence. Used
/// for the whole chunk and to place each word's start and end on its own sound.
pub fn sound_within(samples: &[i16], rate: u32, range: Range<usize>) -> Option<Range<usize>> {
    let n = samples.len();
    let range = range.start.min(n)..range.end.min(n);
    if range.is_empty() {
        return None;
    }
    let window = ms_to_samples(WINDOW_MS, rate).min(n);
    let threshold = 10f64.powf(THRESHOLD_DBFS / 20.0);
    // A window is loud when its mean square exceeds threshold²; compare sums to avoid
    // dividing in the loop.
    let limit = threshold * threshold * window as f64;
    // Squared on the fly, not into a buffer: a long sentence's squares would take four
    // times the memory of its 16-bit clip.
    let square = |i: usize| {
        let x = f64::from(samples[i]) / 32768.0;
        x * x
    };
    // Windows [i, i + window) for i in the range, as far as they fit in the samples.
    let from = range.start.min(n - window);
    let to = range.end.min(n - window + 1);
    let mut sum: f64 = (from..from + window).map(square).sum();
    let mut first: Option<usize> = None;
    let mut last_end = 0;
    for i in from..to.max(from + 1) {
        if i > from {
            sum += square(i + window - 1) - square(i - 1);
        }
        if sum > limit {
            first.get_or_insert(i);
            last_end = i + window;
        }
    }
    first.map(|first| first..last_end)
}

/// Fades `samples` in over its first and out over its last `fade` samples with a
/// raised-cosine curve, so it starts and ends at zero; a segment shorter than two fades
/// gets two fades of half its length. Faded samples are rounded to the nearest step.
pub fn fade_edges(samples: &mut [i16], fade: usize) {
    let fade = fade.min(samples.len() / 2);
    if fade == 0 {
        // One sample: nothing to fade between, but it must not click either.
        if let [only] = samples {
            *only = 0;
        }
        return;
    }
    let n = samples.len();
    // A gain in [0, 1) keeps the product in range.
    let faded = |x: i16, gain: f64| (f64::from(x) * gain).round() as i16;
    for i in 0..fade {
        // 0 at the very edge, approaching 1 at the inner end of the fade.
        let gain = 0.5 - 0.5 * (std::f64::consts::PI * i as f64 / fade as f64).cos();
        samples[i] = faded(samples[i], gain);
        samples[n - 1 - i] = faded(samples[n - 1 - i], gain);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 22050;

    fn tone(len: usize, amp: f32) -> Vec<i16> {
        (0..len)
            .map(|i| {
                let x = amp * (i as f32 * 440.0 * std::f32::consts::TAU / RATE as f32).sin();
                crate::synthesize::to_i16(x)
            })
            .collect()
    }

    #[test]
    fn silence_and_empty_have_no_speech() {
        assert!(speech_range(&[], RATE).is_empty());
        assert!(speech_range(&[0; 5000], RATE).is_empty());
        // Quieter than -45 dBFS (0.004 peak is about -51 dBFS RMS).
        assert!(speech_range(&tone(5000, 0.004), RATE).is_empty());
        // Shorter than a window.
        assert!(!speech_range(&tone(50, 0.5), RATE).is_empty());
    }

    #[test]
    fn speech_is_found_with_its_margins() {
        let mut s = vec![0; 10_000];
        s.extend(tone(4410, 0.3));
        s.extend(vec![0; 10_000]);
        let r = speech_range(&s, RATE);
        let lead = ms_to_samples(LEAD_MARGIN_MS, RATE);
        let tail = ms_to_samples(TAIL_MARGIN_MS, RATE);
        let window = ms_to_samples(WINDOW_MS, RATE);
        // The first loud window starts a little before the tone (it reaches into it).
        assert!(r.start <= 10_000 - lead && r.start >= 10_000 - lead - window);
        assert!(r.end >= 14_410 + tail && r.end <= 14_410 + tail + window);
    }

    #[test]
    fn fades_start_and_end_at_zero() {
        let mut s = vec![20_000; 1000];
        fade_edges(&mut s, 110);
        assert_eq!(s[0], 0);
        assert_eq!(s[999], 0);
        assert!(s[55] > 8_000 && s[55] < 12_000);
        assert_eq!(s[500], 20_000);
        assert!(s.windows(2).take(110).all(|w| w[1] >= w[0]));
        let mut negative = vec![-20_000; 1000];
        fade_edges(&mut negative, 110);
        assert!(negative.iter().zip(&s).all(|(n, p)| *n == -*p));
        let mut short = vec![i16::MAX; 3];
        fade_edges(&mut short, 110);
        assert_eq!(short[0], 0);
        assert_eq!(short[2], 0);
        let mut one = vec![i16::MIN];
        fade_edges(&mut one, 110);
        assert_eq!(one, vec![0]);
        fade_edges(&mut [], 110);
    }
}
