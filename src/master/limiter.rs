//! A true-peak limiter: samples in, the same samples out with their peaks held under a
//! ceiling, delayed by nothing (the limiter's look-ahead is trimmed, so output sample `n`
//! is input sample `n`).
//!
//! Synthetic speech has a peak-to-loudness ratio of 20 dB or more (plosives and the
//! vocoder's transients), while -16 LUFS under a -1 dBTP ceiling leaves room for 15: a
//! constant gain alone cannot reach the target. The limiter turns down only the few
//! milliseconds around each peak that would pass the ceiling:
//! - The peak near each sample is estimated between samples too (four times oversampled
//!   with a windowed-sinc interpolator, as ITU-R BS.1770's true-peak meter does), so the
//!   reconstructed waveform, not just the samples, stays under the ceiling.
//! - The gain needed at each sample is held for a 5 ms look-ahead window (a sliding
//!   minimum), released with a 60 ms time constant, and smoothed by a moving average over
//!   the same window. The average of values that are each at most the gain needed at a
//!   sample is at most that gain, so no peak passes, and the gain never steps, so the
//!   limiter makes no click.
//!
//! Written by hand: the crates that limit audio (`dasp` has none; `fundsp`'s `limiter`
//! detects sample peaks only and brings a synthesis framework) do not hold true peaks.

use std::collections::VecDeque;

use super::kernels::interpolated_peaks;
use std::f64::consts::PI;

/// Taps of each interpolation phase; the interpolator reaches `HALF` samples ahead.
const TAPS: usize = 12;
const HALF: usize = TAPS / 2;
/// Look-ahead and smoothing window.
const WINDOW_MS: f64 = 5.0;
/// Release time constant.
const RELEASE_MS: f64 = 60.0;
/// Peak estimates are made this many at a time: the interpolation filters run over a
/// run only when a sample near it is loud enough for a point between samples to pass the
/// ceiling.
const RUN: usize = 32;

/// Holds the peaks of a stream of mono samples under a ceiling.
pub struct Limiter {
    ceiling: f32,
    /// Look-ahead and smoothing window, in samples.
    window: usize,
    release: f32,
    /// Interpolation filters for the points 1/4, 2/4 and 3/4 of the way to the next
    /// sample; tap `t` weighs sample `k + t - HALF + 1`.
    phases: [[f32; TAPS]; 3],
    /// The most the interpolation filters can amplify: the sum of their taps' sizes.
    filter_bound: f32,
    /// Samples not yet out and those the interpolator still needs: `input[i]` is sample
    /// `input_start + i - (HALF - 1)` (the stream starts with `HALF - 1` zeros).
    input: Vec<f32>,
    input_start: u64,
    /// Samples pushed, the silence that flushes the look-ahead included.
    pushed: u64,
    /// The next sample whose peak is to be estimated.
    next_peak: u64,
    /// Peak estimates of a run, reused.
    peaks: Vec<f32>,
    /// The peak estimate of the previous sample.
    last_peak: f32,
    /// Candidates for the sliding minimum of the needed gain, gains under 1 only (a
    /// window without any needs no reduction): (index, gain), gains increasing.
    needed: VecDeque<(u64, f32)>,
    /// The released gain of the last `window` samples (a ring; `slot` is where the next
    /// output sample's goes), their sum, and how many of them are under 1.
    released: Vec<f32>,
    slot: usize,
    released_sum: f64,
    /// 1 / `window`, so that the mean of a full window is a product, not a division.
    inverse_window: f64,
    /// `(1 - release)^(i + 1)` for `i` in `0..RUN`: how much of the distance to 1 a
    /// released gain still has `i + 1` samples on, with nothing held.
    release_powers: [f32; RUN],
    limiting: usize,
    /// Real samples pushed and handed out.
    real_in: u64,
    real_out: u64,
    out: Vec<f32>,
    /// The smallest gain applied so far.
    deepest: f32,
    /// Whether runs of samples take the shortcuts of [`Limiter::pass_through`],
    /// [`Limiter::release_run`] and [`Limiter::limit_run`] (always, but in the test
    /// that holds them to [`Limiter::step`]).
    by_runs: bool,
}

impl Limiter {
    /// A limiter for audio at `sample_rate` whose peaks stay under `ceiling_db` (dBTP).
    pub fn new(sample_rate: u32, ceiling_db: f64) -> Limiter {
        let rate = sample_rate.max(1) as f64;
        let window = ((WINDOW_MS / 1000.0 * rate).round() as usize).max(1);
        let release = (1.0 - (-1.0 / (RELEASE_MS / 1000.0 * rate)).exp()) as f32;
        let mut phases = [[0f32; TAPS]; 3];
        for (p, phase) in phases.iter_mut().enumerate() {
            let frac = (p + 1) as f64 / 4.0;
            let mut sum = 0.0;
            let mut taps = [0f64; TAPS];
            for (t, tap) in taps.iter_mut().enumerate() {
                // Distance from the point being interpolated to sample k + t - HALF + 1.
                let d = frac - (t as f64 - HALF as f64 + 1.0);
                let sinc = if d == 0.0 {
                    1.0
                } else {
                    (PI * d).sin() / (PI * d)
                };
                let hann = 0.5 + 0.5 * (PI * d / (HALF as f64 + 0.5)).cos();
                *tap = sinc * hann;
                sum += *tap;
            }
            for (out, tap) in phase.iter_mut().zip(taps) {
                *out = (tap / sum) as f32;
            }
        }
        Limiter {
            ceiling: 10f64.powf(ceiling_db / 20.0) as f32,
            window,
            release,
            phases,
            filter_bound: phases
                .iter()
                .map(|p| p.iter().map(|w| w.abs()).sum::<f32>())
                .fold(1.0, f32::max),
            input: vec![0.0; HALF - 1],
            input_start: 0,
            pushed: 0,
            next_peak: 0,
            peaks: Vec::with_capacity(RUN),
            last_peak: 0.0,
            needed: VecDeque::new(),
            released: vec![1.0; window],
            slot: 0,
            released_sum: window as f64,
            inverse_window: 1.0 / window as f64,
            release_powers: std::array::from_fn(|i| {
                (1.0 - release as f64).powi(i as i32 + 1) as f32
            }),
            limiting: 0,
            real_in: 0,
            real_out: 0,
            out: Vec::new(),
            deepest: 1.0,
            by_runs: true,
        }
    }

    /// The deepest gain reduction applied so far, in dB (0 when nothing was limited).
    pub fn deepest_db(&self) -> f64 {
        20.0 * (self.deepest as f64).log10()
    }

    /// Limits `samples`, handing the limited samples that are ready to `out`.
    pub fn push<E>(
        &mut self,
        samples: &[f32],
        out: &mut impl FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), E> {
        self.real_in += samples.len() as u64;
        self.take(samples);
        self.flush(out)
    }

    /// Hands out the rest: in all, as many samples as were pushed.
    pub fn finish<E>(self, out: &mut impl FnMut(&[f32]) -> Result<(), E>) -> Result<(), E> {
        self.finish_with(out, &mut 0.0)
    }

    /// [`Limiter::finish`], also setting `deepest_db` to the deepest gain reduction
    /// applied over the whole stream (0 when nothing was limited).
    pub fn finish_with<E>(
        mut self,
        out: &mut impl FnMut(&[f32]) -> Result<(), E>,
        deepest_db: &mut f64,
    ) -> Result<(), E> {
        // Sample j is out once sample j + window - 1 + HALF is in: that much silence
        // flushes the look-ahead.
        let owed = self
            .real_in
            .saturating_sub(self.real_out + self.out.len() as u64);
        if owed > 0 {
            self.take(&vec![0.0; self.window - 1 + HALF]);
        }
        let result = self.flush(out);
        *deepest_db = self.deepest_db();
        result
    }

    fn flush<E>(&mut self, out: &mut impl FnMut(&[f32]) -> Result<(), E>) -> Result<(), E> {
        let owed = (self.real_in - self.real_out) as usize;
        let n = self.out.len().min(owed);
        self.real_out += n as u64;
        let result = if n > 0 { out(&self.out[..n]) } else { Ok(()) };
        self.out.clear();
        result
    }

    /// Takes more input and produces every output sample whose look-ahead is now full.
    fn take(&mut self, samples: &[f32]) {
        self.input
            .extend(samples.iter().map(|&s| if s.is_nan() { 0.0 } else { s }));
        self.pushed += samples.len() as u64;
        // The peak between sample k and k + 1 is estimated once k + HALF has arrived.
        let ready = self.pushed.saturating_sub(HALF as u64);
        while self.next_peak < ready {
            let k = self.next_peak;
            let n = ((ready - k) as usize).min(RUN);
            // Past the start, every output's window is full (see `limit_run`).
            let settled = self.by_runs && k + 2 >= 2 * self.window as u64;
            if !self.by_runs {
                self.estimate_peaks(k, n);
                self.step_each(k, n);
            } else if self.is_quiet(k, n) && self.nothing_held(k) {
                // No gain is needed in or before the run's outputs: the audio passes
                // untouched, or the gain goes on being released.
                if self.limiting == 0 {
                    self.pass_through(k, n);
                } else if settled {
                    self.release_run(k, n);
                } else {
                    self.estimate_peaks(k, n);
                    self.step_each(k, n);
                }
                self.last_peak = self.sample_peak(k + n as u64 - 1);
            } else {
                self.estimate_peaks(k, n);
                if settled {
                    self.limit_run(k, n);
                } else {
                    self.step_each(k, n);
                }
            }
            self.next_peak += n as u64;
        }
        // Keep what the interpolator and the output still need.
        let next_out = (self.next_peak + 1).saturating_sub(self.window as u64);
        let keep_from = next_out.min(self.next_peak);
        let drop = (keep_from - self.input_start) as usize;
        if drop > 0 {
            self.input.drain(..drop);
            self.input_start = keep_from;
        }
    }

    /// Whether no point of the run of `n` samples from `k`, on the samples or between
    /// them, can pass the ceiling: the samples around it are so far under the ceiling
    /// that the interpolation filters, whose gain is bounded, cannot reach it.
    fn is_quiet(&self, k: u64, n: usize) -> bool {
        // `input[base + t]` is sample k - HALF + 1 + t: the interpolator's taps for k.
        let base = (k - self.input_start) as usize;
        let span = &self.input[base..base + n + TAPS - 1];
        // The largest size as bits: for floats without their sign (and no NaN, which
        // `take` replaced), the order of the bits is the order of the values, and an
        // integer maximum is what the compiler turns into vector instructions.
        let local = span
            .iter()
            .fold(0u32, |m, v| m.max(v.to_bits() & 0x7fff_ffff));
        f32::from_bits(local) * self.filter_bound <= self.ceiling
    }

    /// The larger of samples `k` and `k + 1`: the peak estimate of a quiet sample.
    fn sample_peak(&self, k: u64) -> f32 {
        let at = (k - self.input_start) as usize + HALF - 1;
        self.input[at].abs().max(self.input[at + 1].abs())
    }

    /// Whether no gain needed earlier is held over any output of the run from `k` (the
    /// outputs from sample `k - window + 1` on) and the peak before `k` needs none.
    fn nothing_held(&mut self, k: u64) -> bool {
        if self.last_peak > self.ceiling {
            return false;
        }
        let first = (k + 1).saturating_sub(self.window as u64);
        while self.needed.front().is_some_and(|&(i, _)| i < first) {
            self.needed.pop_front();
        }
        self.needed.is_empty()
    }

    /// Hands out the samples whose look-ahead the quiet run of `n` samples from `k`
    /// completes, untouched: nothing is held or being released (the caller knows). This
    /// is much of a narration, and [`Limiter::step`] would come to the same: gains of 1.
    fn pass_through(&mut self, k: u64, n: usize) {
        let first = (k + 1).saturating_sub(self.window as u64);
        let end = (k + n as u64 + 1).saturating_sub(self.window as u64);
        let count = (end - first) as usize;
        if count > 0 {
            self.slot = (self.slot + count) % self.window;
            let from = (first - self.input_start) as usize + HALF - 1;
            self.out.extend_from_slice(&self.input[from..from + count]);
        }
    }

    /// Where in `input` the output sample of the run from `k` is, once settled: the
    /// sample `k - window + 1`.
    fn output_index(&self, k: u64) -> usize {
        (k + 1 - self.window as u64 - self.input_start) as usize + HALF - 1
    }

    /// The released gain of the last output sample.
    fn last_released(&self) -> f32 {
        let last = if self.slot == 0 {
            self.window - 1
        } else {
            self.slot - 1
        };
        self.released[last]
    }

    /// [`Limiter::step`] for each sample of the quiet run of `n` from `k` while the gain
    /// is released and nothing is held (the caller knows), the stream being settled as
    /// for [`Limiter::limit_run`]. With nothing held, the release is a geometric approach
    /// to 1: the distance left shrinks by `1 - release` a sample, so each sample's
    /// released gain is computed on its own from the run's first, not one from another.
    fn release_run(&mut self, k: u64, n: usize) {
        let base = self.output_index(k);
        let distance = 1.0 - self.last_released();
        // The released gains, each from the run's start.
        let mut released = [1f32; RUN];
        for (r, &power) in released[..n].iter_mut().zip(&self.release_powers) {
            let gain = 1.0 - distance * power;
            *r = if gain > 0.9999 { 1.0 } else { gain };
        }
        // Into the ring (in two pieces where it wraps), with what each changes its sum.
        let mut change = [0f64; RUN];
        let mut limiting = self.limiting as isize;
        let ahead = (self.window - self.slot).min(n);
        let pieces = [
            (self.slot..self.slot + ahead, 0..ahead),
            (0..n - ahead, ahead..n),
        ];
        for (ring, run) in pieces {
            for ((old, &new), change) in self.released[ring]
                .iter_mut()
                .zip(&released[run.clone()])
                .zip(&mut change[run])
            {
                *change = new as f64 - *old as f64;
                limiting += isize::from(new < 1.0) - isize::from(*old < 1.0);
                *old = new;
            }
        }
        self.slot = (self.slot + n) % self.window;
        // Each output's gain: the mean of the window's released gains.
        let mut sum = self.released_sum;
        let mut gains = [1f32; RUN];
        for (gain, &change) in gains[..n].iter_mut().zip(&change) {
            sum += change;
            let mean = sum * self.inverse_window;
            *gain = if mean > 1.0 - 1e-6 { 1.0 } else { mean as f32 };
        }
        self.limiting = limiting as usize;
        // The running sum drifts by rounding: with nothing limited it is exact again.
        self.released_sum = if limiting == 0 {
            self.window as f64
        } else {
            sum
        };
        let deepest = gains[..n].iter().fold(self.deepest, |d, &g| d.min(g));
        self.deepest = deepest;
        self.out.extend(
            self.input[base..base + n]
                .iter()
                .zip(&gains[..n])
                .map(|(x, g)| x * g),
        );
    }

    /// [`Limiter::step`] for each sample of the run of `n` from `k`.
    fn step_each(&mut self, k: u64, n: usize) {
        for i in 0..n {
            let peak = self.peaks[i];
            self.step(k + i as u64, peak);
        }
    }

    /// Sets `peaks[i]` to the estimated peak between samples `k + i` and `k + i + 1`,
    /// between samples too, for `i` in `0..n`.
    fn estimate_peaks(&mut self, k: u64, n: usize) {
        // `input[base + t]` is sample k - HALF + 1 + t: the interpolator's taps for k.
        let base = (k - self.input_start) as usize;
        let span = &self.input[base..base + n + TAPS - 1];
        self.peaks.clear();
        self.peaks.extend(
            span[HALF - 1..HALF - 1 + n]
                .iter()
                .zip(&span[HALF..HALF + n])
                .map(|(a, b)| a.abs().max(b.abs())),
        );
        if self.is_quiet(k, n) {
            return;
        }
        let span = &self.input[base..base + n + TAPS - 1];
        interpolated_peaks(&self.phases, span, &mut self.peaks);
    }

    /// [`Limiter::step`] for each sample of the run of `n` from `k`, once the stream is
    /// a full window past its start (`k >= 2 * window - 2`): the same gains, in a loop
    /// that keeps the released gain in a register and looks at the held gains only when
    /// some are pending.
    fn limit_run(&mut self, k: u64, n: usize) {
        let window = self.window as u64;
        let base = self.output_index(k);
        let mut current = self.last_released();
        let mut slot = self.slot;
        let mut sum = self.released_sum;
        let mut limiting = self.limiting;
        let mut deepest = self.deepest;
        self.out.reserve(n);
        for i in 0..n {
            let peak = self.peaks[i];
            let worst = peak.max(self.last_peak);
            self.last_peak = peak;
            let index = k + i as u64;
            if worst > self.ceiling {
                let need = self.ceiling / worst;
                while self.needed.back().is_some_and(|&(_, g)| g >= need) {
                    self.needed.pop_back();
                }
                self.needed.push_back((index, need));
            }
            let held = if self.needed.is_empty() {
                1.0
            } else {
                let j = index + 1 - window;
                while self.needed.front().is_some_and(|&(i, _)| i < j) {
                    self.needed.pop_front();
                }
                self.needed.front().map_or(1.0, |&(_, g)| g)
            };
            let next = if held == 1.0 && limiting == 0 {
                1.0
            } else {
                let mut released = held.min(current + (1.0 - current) * self.release);
                if released > 0.9999 {
                    released = 1.0;
                }
                let old = std::mem::replace(&mut self.released[slot], released);
                limiting = limiting + usize::from(released < 1.0) - usize::from(old < 1.0);
                sum += released as f64 - old as f64;
                released
            };
            current = next;
            slot = if slot + 1 == self.window { 0 } else { slot + 1 };
            let mean = sum * self.inverse_window;
            let gain = if limiting == 0 || mean > 1.0 - 1e-6 {
                if limiting == 0 {
                    sum = self.window as f64;
                }
                1.0
            } else {
                mean as f32
            };
            deepest = deepest.min(gain);
            self.out.push(self.input[base + i] * gain);
        }
        self.slot = slot;
        self.released_sum = sum;
        self.limiting = limiting;
        self.deepest = deepest;
    }

    /// Takes the peak estimate of sample k and, once the look-ahead is full, produces
    /// one output sample.
    #[inline]
    fn step(&mut self, k: u64, peak: f32) {
        // The gain sample k needs: its own peak and the one before it bound it.
        let worst = peak.max(self.last_peak);
        self.last_peak = peak;
        if worst > self.ceiling {
            let need = self.ceiling / worst;
            while self.needed.back().is_some_and(|&(_, g)| g >= need) {
                self.needed.pop_back();
            }
            self.needed.push_back((k, need));
        }
        // The gain of sample j = k - window + 1: the least needed over j..=k.
        let Some(j) = (k + 1).checked_sub(self.window as u64) else {
            return;
        };
        while self.needed.front().is_some_and(|&(i, _)| i < j) {
            self.needed.pop_front();
        }
        let held = self.needed.front().map_or(1.0, |&(_, g)| g);
        let slot = self.slot;
        self.slot = if slot + 1 == self.window { 0 } else { slot + 1 };
        let gain = if held == 1.0 && self.limiting == 0 {
            // Nothing to limit near here, and everything released: the common case.
            1.0
        } else {
            let previous = self.released[if slot == 0 { self.window - 1 } else { slot - 1 }];
            let mut released = held.min(previous + (1.0 - previous) * self.release);
            if released > 0.9999 {
                // Fully released: the audio passes untouched again.
                released = 1.0;
            }
            let old = std::mem::replace(&mut self.released[slot], released);
            self.limiting = self.limiting + usize::from(released < 1.0) - usize::from(old < 1.0);
            self.released_sum += released as f64 - old as f64;
            // The output at j: the average of the released gain over the window (each
            // value at most the gain needed at j); at the start, over the samples so far
            // (the ring's other slots hold ones).
            let mean = if j as usize + 1 >= self.window {
                self.released_sum * self.inverse_window
            } else {
                let filled = j as usize + 1;
                (self.released_sum - (self.window - filled) as f64) / filled as f64
            };
            // The running sum drifts by rounding; a mean this close to 1 is no limiting.
            if self.limiting == 0 || mean > 1.0 - 1e-6 {
                if self.limiting == 0 {
                    self.released_sum = self.window as f64;
                }
                1.0
            } else {
                mean as f32
            }
        };
        // Sample j is the oldest waiting.
        let x = self.input[(j - self.input_start) as usize + HALF - 1];
        self.deepest = self.deepest.min(gain);
        self.out.push(x * gain);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master::loudness::measure;

    fn limit(samples: &[f32], rate: u32, ceiling_db: f64, block: usize) -> Vec<f32> {
        let mut limiter = Limiter::new(rate, ceiling_db);
        let mut out = Vec::new();
        let mut keep = |b: &[f32]| -> Result<(), ()> {
            out.extend_from_slice(b);
            Ok(())
        };
        for b in samples.chunks(block.max(1)) {
            limiter.push(b, &mut keep).unwrap();
        }
        limiter.finish(&mut keep).unwrap();
        out
    }

    fn tone(freq: f32, amplitude: f32, rate: u32, len: usize) -> Vec<f32> {
        (0..len)
            .map(|i| (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin() * amplitude)
            .collect()
    }

    #[test]
    fn quiet_audio_passes_unchanged_and_in_place() {
        let input = tone(440.0, 0.3, 22050, 5000);
        for block in [1, 7, 4096] {
            let out = limit(&input, 22050, -1.0, block);
            assert_eq!(out.len(), input.len());
            assert_eq!(out, input, "block {block}");
        }
    }

    #[test]
    fn loud_bursts_are_held_under_the_ceiling_as_true_peaks() {
        // Bursts of a high tone at full scale, whose inter-sample peaks exceed the
        // samples, between quiet speech-like stretches.
        let rate = 22050;
        let mut input = tone(300.0, 0.1, rate, rate as usize * 2);
        for start in [3000, 10000, 15000] {
            for (i, s) in tone(5000.0, 1.2, rate, 400).into_iter().enumerate() {
                input[start + i] += s;
            }
        }
        let out = limit(&input, rate, -1.0, 1000);
        assert_eq!(out.len(), input.len());
        let m = measure(&out, rate).unwrap();
        assert!(m.true_peak_dbtp <= -0.9, "true peak {}", m.true_peak_dbtp);
        // Before the first burst's look-ahead, and once the gain is released after the
        // last, the quiet tone is untouched.
        assert_eq!(out[..2800], input[..2800]);
        assert_eq!(out[40000..], input[40000..]);
        // Limited only around the bursts: a second after, the tone is at full level.
        // No step in the gain (a click): between neighbouring samples it changes by
        // little, and it does go down.
        let gains: Vec<(usize, f32)> = (0..input.len())
            .filter(|&i| input[i].abs() > 0.05)
            .map(|i| (i, out[i] / input[i]))
            .collect();
        let max_step = gains
            .windows(2)
            .map(|w| (w[1].1 - w[0].1).abs() / (w[1].0 - w[0].0) as f32)
            .fold(0.0f32, f32::max);
        assert!(max_step < 0.01, "gain step {max_step} per sample");
        assert!(gains.iter().any(|&(_, g)| g < 0.8));
    }

    #[test]
    fn the_shortcuts_over_runs_give_the_gains_of_the_sample_by_sample_limiter() {
        // Speech-like: a tone whose loudness swells and fades, with clicks well over the
        // ceiling now and then, so that every path is taken: passing through, holding,
        // releasing, limiting.
        let rate = 22050;
        let mut input: Vec<f32> = (0..rate as usize * 3)
            .map(|i| {
                let t = i as f32 / rate as f32;
                let swell = 0.2 + 0.7 * (t * 2.3).sin().abs();
                (2.0 * std::f32::consts::PI * 180.0 * t).sin() * swell
            })
            .collect();
        for at in (1000..input.len()).step_by(7919) {
            input[at] = 1.4;
        }
        for block in [1, 333, 4096] {
            let reference = {
                let mut limiter = Limiter::new(rate, -1.0);
                limiter.by_runs = false;
                let mut out = Vec::new();
                for b in input.chunks(block) {
                    limiter
                        .push(b, &mut |l: &[f32]| -> Result<(), ()> {
                            out.extend_from_slice(l);
                            Ok(())
                        })
                        .unwrap();
                }
                limiter
                    .finish(&mut |l: &[f32]| -> Result<(), ()> {
                        out.extend_from_slice(l);
                        Ok(())
                    })
                    .unwrap();
                out
            };
            let fast = limit(&input, rate, -1.0, block);
            assert_eq!(fast.len(), reference.len());
            let differs = fast
                .iter()
                .zip(&reference)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0f32, f32::max);
            // The release computed from a run's start rather than sample by sample
            // differs only by rounding.
            assert!(differs < 1e-5, "block {block}: differs by {differs}");
            let limited = reference.iter().zip(&input).filter(|(o, i)| o != i).count();
            assert!(limited > input.len() / 4, "only {limited} samples limited");
        }
    }

    #[test]
    fn a_peak_at_the_very_start_or_end_is_limited() {
        let mut input = vec![0.0f32; 2000];
        input[0] = 1.0;
        input[1999] = -1.0;
        let out = limit(&input, 22050, -1.0, 64);
        let ceiling = 10f32.powf(-1.0 / 20.0);
        assert!(out[0].abs() <= ceiling + 1e-6, "{}", out[0]);
        assert!(out[1999].abs() <= ceiling + 1e-6, "{}", out[1999]);
        assert!(limit(&[], 22050, -1.0, 1).is_empty());
    }
}
