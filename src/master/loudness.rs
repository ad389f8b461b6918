//! Loudness: a narration's samples in, its integrated loudness and true peak out
//! (EBU R128 / ITU-R BS.1770, measured as the audio streams past by this module's own
//! [`Meter`], which the tests hold to the `ebur128` crate's [`measure`]), and from those
//! the one gain that brings it to a [`Target`].
//!
//! Normalisation is one constant gain over the whole file, as a broadcaster or podcast
//! host applies it: the voice's dynamics are left alone. The gain is the smaller of what
//! reaches the target loudness and what keeps the true peak at or under the ceiling, so a
//! narration whose peaks are too high for the target comes out quieter than the target
//! rather than clipped or squashed; [`Gain::limited_by_peak`] says when. The meter works
//! in constant memory (a histogram of its gating blocks), so it can measure a narration
//! of any length as it is written, in the first of the two passes the render makes.
//!
//! A mono file is measured as one channel (ITU-R BS.1770 weighting 1.0), the standard's
//! reading; players that send it to both speakers of a pair play it about 3 dB louder.

use ebur128::{EbuR128, Mode};

use super::kernels::{interpolated_peaks, Filter};

/// What the narration is brought to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// Integrated loudness, in LUFS.
    pub integrated_lufs: f64,
    /// The highest true peak allowed, in dBTP.
    pub true_peak_dbtp: f64,
}

impl Default for Target {
    fn default() -> Self {
        Target {
            integrated_lufs: -16.0,
            true_peak_dbtp: -1.0,
        }
    }
}

/// What was measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    /// Integrated loudness in LUFS; `None` for silence (every block below the gate).
    pub integrated_lufs: Option<f64>,
    /// True peak in dBTP (`-inf` for digital silence).
    pub true_peak_dbtp: f64,
}

/// The gain chosen for a measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gain {
    pub db: f64,
    /// Whether the true-peak ceiling, not the loudness target, set the gain.
    pub limited_by_peak: bool,
}

impl Gain {
    /// The gain as a factor on sample values.
    pub fn factor(&self) -> f32 {
        10f64.powf(self.db / 20.0) as f32
    }
}

/// Headroom kept under the ceiling for what the 16-bit rounding and the resampler
/// (when the file is written at another rate) add to the measured peak.
const PEAK_MARGIN_DB: f64 = 0.1;

impl Measurement {
    /// The gain that brings this to `target` without its true peak passing the ceiling.
    /// Silence gets no gain.
    pub fn gain(&self, target: &Target) -> Gain {
        let Some(lufs) = self.integrated_lufs else {
            return Gain {
                db: 0.0,
                limited_by_peak: false,
            };
        };
        let to_target = target.integrated_lufs - lufs;
        let to_ceiling = target.true_peak_dbtp - PEAK_MARGIN_DB - self.true_peak_dbtp;
        if to_ceiling < to_target {
            Gain {
                db: to_ceiling,
                limited_by_peak: true,
            }
        } else {
            Gain {
                db: to_target,
                limited_by_peak: false,
            }
        }
    }
}

/// Measures mono audio as it streams past: integrated loudness (ITU-R BS.1770-4: K-weighting,
/// 400 ms blocks every 100 ms, gated at -70 LUFS and 10 LU under the ungated mean) and,
/// when asked, true peak (four times oversampled).
///
/// Written here rather than taken from `ebur128`, which [`measure`] still uses and the
/// tests hold this meter to: the mastering meters the narration up to four times (as it
/// is synthesized, in each measuring run, and as it is written), and `ebur128` takes
/// about 17 ns a sample for loudness (a serial chain of subtractions in its filter, and
/// every 400 ms block summed anew each 100 ms) and 40 ns with true peak (every sample
/// oversampled), more than the whole budget of the mastering. This one sums each 100 ms
/// once, orders its filter so that one product is on the chain from sample to sample,
/// and runs the oversampler only over stretches whose samples are loud enough for a
/// point between them to raise the peak found so far. Its filters are the same as the
/// crate's (the standard's K-weighting at any rate; a 48-tap windowed sinc, 12 taps per
/// phase, as BS.1770's Annex 2 describes), its gating histogram bins are 0.01 LU wide
/// and keep each bin's energy, so the two agree to within 0.01 LU and 0.01 dB.
pub struct Meter {
    /// The K-weighting filter: a high shelf and a high-pass as one fourth-order filter.
    filter: Filter,
    /// Samples in 100 ms, and how many of the current 100 ms are in (their energy is
    /// the filter's).
    quarter: usize,
    filled: usize,
    /// The energies of the last three whole 100 ms, oldest first, and how many there
    /// have been (a 400 ms block ends with every 100 ms from the fourth on).
    previous: [f64; 3],
    quarters: u64,
    /// Gating blocks over the absolute gate by loudness, 0.01 LU a bin from
    /// [`HISTOGRAM_FLOOR_LUFS`]: how many, and their energies' sum.
    counts: Vec<u64>,
    energies: Vec<f64>,
    true_peak: Option<TruePeak>,
}

/// The absolute gate, and the histogram's range.
const HISTOGRAM_FLOOR_LUFS: f64 = -70.0;
const HISTOGRAM_CEILING_LUFS: f64 = 30.0;
const BINS_PER_LU: f64 = 100.0;

/// Loudness of a block's mean square, mono (BS.1770: -0.691 + 10 log10).
fn lufs_of(energy: f64) -> f64 {
    -0.691 + 10.0 * energy.log10()
}

impl Meter {
    /// A meter of loudness and true peak for mono audio at `sample_rate`.
    pub fn new(sample_rate: u32) -> Result<Meter, String> {
        let mut meter = Meter::loudness_only(sample_rate)?;
        meter.true_peak = Some(TruePeak::new());
        Ok(meter)
    }

    /// A meter of loudness alone (its true peak reads `-inf`): the oversampling the
    /// true peak needs is left out.
    pub fn loudness_only(sample_rate: u32) -> Result<Meter, String> {
        if !(8..=384_000).contains(&sample_rate) {
            return Err(format!("cannot measure loudness at {sample_rate} Hz"));
        }
        let (b, a) = k_weighting(sample_rate as f64);
        let bins = ((HISTOGRAM_CEILING_LUFS - HISTOGRAM_FLOOR_LUFS) * BINS_PER_LU) as usize;
        Ok(Meter {
            filter: Filter::new(b, a),
            quarter: (sample_rate as usize + 5) / 10,
            filled: 0,
            previous: [0.0; 3],
            quarters: 0,
            counts: vec![0; bins],
            energies: vec![0.0; bins],
            true_peak: None,
        })
    }

    /// Adds what `other`, a meter at the same rate, measured of another part of the
    /// stream: its gating blocks and true peak. (The blocks that would have straddled
    /// the two parts are not measured by either.)
    pub fn add(&mut self, other: &Meter) {
        debug_assert_eq!(self.quarter, other.quarter, "meters at different rates");
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
        for (mine, theirs) in self.energies.iter_mut().zip(&other.energies) {
            *mine += theirs;
        }
        if let (Some(mine), Some(theirs)) = (self.true_peak.as_mut(), other.true_peak.as_ref()) {
            mine.peak = mine.peak.max(theirs.peak);
        }
    }

    /// Adds samples in [-1.0, 1.0].
    pub fn push(&mut self, samples: &[f32]) {
        if let Some(tp) = self.true_peak.as_mut() {
            tp.push(samples);
        }
        self.filter(samples, |x| x as f64);
    }

    /// Adds 16-bit samples.
    pub fn push_i16(&mut self, samples: &[i16]) {
        if let Some(tp) = self.true_peak.as_mut() {
            let floats: Vec<f32> = samples.iter().map(|&x| x as f32 / 32768.0).collect();
            tp.push(&floats);
        }
        self.filter(samples, |x| x as f64 / 32768.0);
    }

    /// Adds `n` samples of digital silence (counted, so gating sees the pauses).
    pub fn push_silence(&mut self, mut n: usize) {
        const ZEROS: [f32; 4096] = [0.0; 4096];
        while n > 0 {
            let k = n.min(ZEROS.len());
            self.push(&ZEROS[..k]);
            n -= k;
        }
    }

    /// Runs samples through the K-weighting filter and sums their energy 100 ms at a
    /// time: a stretch at a time up to the end of the current 100 ms, so that the loop
    /// over samples does nothing but filter and sum.
    fn filter<T: Copy>(&mut self, samples: &[T], value: impl Fn(T) -> f64 + Copy) {
        let mut rest = samples;
        while !rest.is_empty() {
            let take = (self.quarter - self.filled).min(rest.len());
            let (stretch, after) = rest.split_at(take);
            rest = after;
            self.filter.push(stretch, value);
            self.filled += take;
            if self.filled == self.quarter {
                let energy = self.filter.take_energy();
                self.end_quarter(energy);
                self.filled = 0;
            }
        }
    }

    /// Ends 100 ms of `energy`, and with it (from the fourth on) a 400 ms gating block.
    fn end_quarter(&mut self, energy: f64) {
        self.quarters += 1;
        if self.quarters >= 4 {
            let sum = self.previous.iter().sum::<f64>() + energy;
            let block = sum / (4 * self.quarter) as f64;
            let lufs = lufs_of(block);
            if lufs >= HISTOGRAM_FLOOR_LUFS {
                let bin = (((lufs - HISTOGRAM_FLOOR_LUFS) * BINS_PER_LU) as usize)
                    .min(self.counts.len() - 1);
                self.counts[bin] += 1;
                self.energies[bin] += block;
            }
        }
        self.previous = [self.previous[1], self.previous[2], energy];
    }

    /// The integrated loudness: the mean energy of the blocks over the absolute gate
    /// that are also within 10 LU of those blocks' mean. `None` for silence.
    fn integrated_lufs(&self) -> Option<f64> {
        let count: u64 = self.counts.iter().sum();
        if count == 0 {
            return None;
        }
        let mean = self.energies.iter().sum::<f64>() / count as f64;
        let threshold = mean / 10.0;
        let first = ((lufs_of(threshold) - HISTOGRAM_FLOOR_LUFS) * BINS_PER_LU).max(0.0) as usize;
        let (mut n, mut sum) = (0u64, 0.0);
        for (bin, (&c, &e)) in self
            .counts
            .iter()
            .zip(&self.energies)
            .enumerate()
            .skip(first)
        {
            // The bin holding the threshold counts when its blocks do on the whole.
            if c == 0 || (bin == first && e / (c as f64) < threshold) {
                continue;
            }
            n += c;
            sum += e;
        }
        (n > 0)
            .then(|| lufs_of(sum / n as f64))
            .filter(|l| l.is_finite())
    }

    /// What was measured.
    pub fn measurement(&self) -> Measurement {
        let peak = self.true_peak.as_ref().map_or(0.0, |tp| tp.peak);
        Measurement {
            integrated_lufs: self.integrated_lufs(),
            true_peak_dbtp: 20.0 * (peak as f64).log10(),
        }
    }
}

/// The K-weighting filter at `rate` (BS.1770's stage 1, a high shelf of +4 dB from
/// about 1.7 kHz, and stage 2, a high-pass at about 38 Hz), each derived from its
/// analogue prototype by the bilinear transform, as one fourth-order filter:
/// (numerator, denominator).
#[allow(non_snake_case)]
fn k_weighting(rate: f64) -> ([f64; 5], [f64; 5]) {
    use std::f64::consts::PI;
    let f0 = 1681.974450955533;
    let G = 3.999843853973347;
    let Q = 0.7071752369554196;
    let K = (PI * f0 / rate).tan();
    let Vh = 10f64.powf(G / 20.0);
    let Vb = Vh.powf(0.4996667741545416);
    let a0 = 1.0 + K / Q + K * K;
    let shelf_b = [
        (Vh + Vb * K / Q + K * K) / a0,
        2.0 * (K * K - Vh) / a0,
        (Vh - Vb * K / Q + K * K) / a0,
    ];
    let shelf_a = [1.0, 2.0 * (K * K - 1.0) / a0, (1.0 - K / Q + K * K) / a0];

    let f0 = 38.13547087602444;
    let Q = 0.5003270373238773;
    let K = (PI * f0 / rate).tan();
    let a0 = 1.0 + K / Q + K * K;
    let high_pass_b = [1.0, -2.0, 1.0];
    let high_pass_a = [1.0, 2.0 * (K * K - 1.0) / a0, (1.0 - K / Q + K * K) / a0];

    let convolve = |p: [f64; 3], q: [f64; 3]| {
        let mut out = [0.0; 5];
        for (i, x) in p.iter().enumerate() {
            for (j, y) in q.iter().enumerate() {
                out[i + j] += x * y;
            }
        }
        out
    };
    (
        convolve(shelf_b, high_pass_b),
        convolve(shelf_a, high_pass_a),
    )
}

/// Taps of the true-peak oversampler, and its factor: 12 taps a phase.
const PEAK_TAPS: usize = 48;
const PEAK_FACTOR: usize = 4;
const PEAK_PHASE_TAPS: usize = PEAK_TAPS / PEAK_FACTOR;
/// Samples the oversampler looks at together, for the test whether they can raise the
/// peak.
const PEAK_RUN: usize = 64;

/// The highest point of the waveform, four times oversampled: samples in, true peak
/// out, for when the loudness is known already.
pub struct TruePeak {
    /// The interpolation filter's phases for the points 1/4, 2/4 and 3/4 of the way
    /// from a sample to the next: tap `t` weighs the `t`-th of the 12 samples ending
    /// with the next. (The phase for the point on the sample is the sample itself: its
    /// centre tap is 1 and the others are the sinc's zeros.)
    phases: [[f32; PEAK_PHASE_TAPS]; PEAK_FACTOR - 1],
    /// The most the filter can amplify: the largest sum of a phase's taps' sizes.
    bound: f32,
    /// The last `PEAK_PHASE_TAPS - 1` samples, then the new ones.
    history: Vec<f32>,
    peak: f32,
}

impl Default for TruePeak {
    fn default() -> Self {
        TruePeak::new()
    }
}

/// Where in the 12 samples of a point's taps the sample on the point is.
const PEAK_CENTRE: usize = PEAK_PHASE_TAPS - 1 - PEAK_TAPS / 2 / PEAK_FACTOR;

impl TruePeak {
    /// Four times oversampled at every rate (the narration's are all under 96 kHz),
    /// as `ebur128`, which the tests compare with, does below 96 kHz.
    pub fn new() -> TruePeak {
        // Coefficient j of the 48-tap windowed sinc weighs the sample j / 4 back for
        // the point j % 4 quarters after it.
        let window = PEAK_TAPS as f64;
        let coefficient = |j: usize| {
            let j = j as f64;
            let hann = 0.5 * (1.0 - (2.0 * std::f64::consts::PI * j / window).cos());
            let m = j - window / 2.0;
            let x = m * std::f64::consts::PI / PEAK_FACTOR as f64;
            (if m.abs() > 1e-6 {
                hann * x.sin() / x
            } else {
                hann
            }) as f32
        };
        let phases: [[f32; PEAK_PHASE_TAPS]; PEAK_FACTOR - 1] = std::array::from_fn(|p| {
            std::array::from_fn(|t| coefficient((PEAK_PHASE_TAPS - 1 - t) * PEAK_FACTOR + p + 1))
        });
        let bound = phases
            .iter()
            .map(|taps| taps.iter().map(|w| w.abs()).sum::<f32>())
            .fold(1.0, f32::max);
        TruePeak {
            phases,
            bound,
            history: vec![0.0; PEAK_PHASE_TAPS - 1],
            peak: 0.0,
        }
    }

    /// The true peak so far, in dBTP (`-inf` for digital silence).
    pub fn dbtp(&self) -> f64 {
        20.0 * (self.peak as f64).log10()
    }

    /// The true peak since the meter started or last restarted, in dBTP, and starts
    /// again from nothing, keeping the samples the oversampler still needs: to find
    /// where in a stream the peaks are.
    pub fn restart(&mut self) -> f64 {
        let dbtp = self.dbtp();
        self.peak = 0.0;
        dbtp
    }

    /// Adds samples in [-1.0, 1.0].
    pub fn push(&mut self, samples: &[f32]) {
        let old = self.history.len();
        self.history.extend_from_slice(samples);
        let h = &self.history;
        let mut points = [0f32; PEAK_RUN];
        // Runs of points after the samples first..end, each from the 12 samples up to
        // the next one.
        let mut first = old;
        while first < h.len() {
            let end = (first + PEAK_RUN).min(h.len());
            let span = &h[first + 1 - PEAK_PHASE_TAPS..end];
            let loudest = span.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            if loudest * self.bound > self.peak {
                let points = &mut points[..end - first];
                for (point, x) in points.iter_mut().zip(&span[PEAK_CENTRE..]) {
                    *point = x.abs();
                }
                interpolated_peaks(&self.phases, span, points);
                self.peak = points.iter().fold(self.peak, |m, &p| m.max(p));
            }
            first = end;
        }
        let keep = self.history.len() - old;
        self.history.drain(..keep);
    }
}

/// Measures a whole buffer of mono audio with the `ebur128` crate, keeping every gating
/// block (no histogram bins, so exact): the reference the tests check [`Meter`] and the
/// written files against.
pub fn measure(samples: &[f32], sample_rate: u32) -> Result<Measurement, String> {
    let mut meter = EbuR128::new(1, sample_rate, Mode::I | Mode::TRUE_PEAK)
        .map_err(|e| format!("cannot measure loudness at {sample_rate} Hz: {e}"))?;
    // Fails only when the channel count does not divide the input, and mono always does.
    let _ = meter.add_frames_f32(samples);
    let integrated_lufs = meter.loudness_global().ok().filter(|l| l.is_finite());
    let peak = meter.true_peak(0).unwrap_or(0.0);
    Ok(Measurement {
        integrated_lufs,
        true_peak_dbtp: 20.0 * peak.log10(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(amplitude: f32, rate: u32, seconds: f32) -> Vec<f32> {
        (0..(rate as f32 * seconds) as usize)
            .map(|i| {
                (2.0 * std::f32::consts::PI * 997.0 * i as f32 / rate as f32).sin() * amplitude
            })
            .collect()
    }

    #[test]
    fn a_full_scale_sine_reads_as_the_standard_says() {
        // BS.1770: a 0 dBFS 997 Hz sine in one channel reads -3.01 LUFS.
        let m = measure(&tone(1.0, 48000, 5.0), 48000).unwrap();
        let lufs = m.integrated_lufs.unwrap();
        assert!((lufs + 3.01).abs() < 0.05, "{lufs}");
        assert!(m.true_peak_dbtp.abs() < 0.1, "{}", m.true_peak_dbtp);
    }

    #[test]
    fn the_gain_reaches_the_target_or_stops_at_the_ceiling() {
        let target = Target::default();
        // A quiet sine: peak-to-loudness ratio 3 dB, so the target is reachable.
        let m = measure(&tone(0.05, 22050, 5.0), 22050).unwrap();
        let g = m.gain(&target);
        assert!(!g.limited_by_peak);
        let louder: Vec<f32> = tone(0.05, 22050, 5.0)
            .iter()
            .map(|x| x * g.factor())
            .collect();
        let after = measure(&louder, 22050).unwrap();
        assert!((after.integrated_lufs.unwrap() + 16.0).abs() < 0.05);

        // Clicks over silence: peaks far above the loudness, so the ceiling wins.
        let mut spiky = vec![0.0f32; 22050 * 5];
        for i in (0..spiky.len()).step_by(2205) {
            spiky[i] = 0.5;
        }
        let m = measure(&spiky, 22050).unwrap();
        let g = m.gain(&target);
        assert!(g.limited_by_peak);
        let after: Vec<f32> = spiky.iter().map(|x| x * g.factor()).collect();
        let after = measure(&after, 22050).unwrap();
        assert!(after.true_peak_dbtp <= -1.0, "{}", after.true_peak_dbtp);
    }

    /// Speech-like test audio: syllables of a buzz (a 120 Hz pulse train through a
    /// resonance, with a high click at each onset) of varying level, between pauses.
    fn syllables(rate: u32, seconds: f32) -> Vec<f32> {
        let n = (rate as f32 * seconds) as usize;
        let mut out = vec![0.0f32; n];
        let syllable = rate as usize / 5;
        let mut level = 0.3f32;
        for (i, start) in (0..n).step_by(syllable * 2).enumerate() {
            level = 0.05 + (level * 7.3 + 0.37).fract() * 0.6;
            for k in 0..syllable.min(n - start) {
                let t = k as f32 / rate as f32;
                let buzz = (2.0 * std::f32::consts::PI * 120.0 * t).sin().powi(15);
                let formant = (2.0 * std::f32::consts::PI * (500.0 + 40.0 * i as f32) * t).sin();
                let click = if k < 40 { (k as f32 * 2.9).sin() } else { 0.0 };
                out[start + k] = level * (0.7 * buzz * formant + 0.3 * formant) + 0.9 * click;
            }
        }
        out
    }

    #[test]
    fn the_streaming_meter_agrees_with_ebur128() {
        for rate in [16000, 22050, 24000, 44100, 48000] {
            for (name, audio) in [
                ("syllables", syllables(rate, 7.3)),
                ("quiet tone", tone(0.01, rate, 3.0)),
                ("loud tone", tone(0.9, rate, 2.05)),
            ] {
                let reference = measure(&audio, rate).unwrap();
                // In blocks of odd sizes, as the render feeds it.
                let mut meter = Meter::new(rate).unwrap();
                for block in audio.chunks(997) {
                    meter.push(block);
                }
                let ours = meter.measurement();
                let (a, b) = (
                    ours.integrated_lufs.unwrap(),
                    reference.integrated_lufs.unwrap(),
                );
                assert!((a - b).abs() < 0.01, "{name} at {rate} Hz: {a} against {b}");
                let (a, b) = (ours.true_peak_dbtp, reference.true_peak_dbtp);
                assert!(
                    (a - b).abs() < 0.01,
                    "{name} at {rate} Hz: {a} against {b} dBTP"
                );
                // Loudness alone reads the same loudness, and no peak.
                let mut alone = Meter::loudness_only(rate).unwrap();
                alone.push(&audio);
                assert_eq!(alone.measurement().integrated_lufs, ours.integrated_lufs);
                assert_eq!(alone.measurement().true_peak_dbtp, f64::NEG_INFINITY);
                // The true peak alone, pushed a sample at a time at first.
                let mut peak = TruePeak::new();
                for x in &audio[..100] {
                    peak.push(std::slice::from_ref(x));
                }
                peak.push(&audio[100..]);
                assert_eq!(peak.dbtp(), ours.true_peak_dbtp, "{name} at {rate} Hz");
            }
        }
    }

    #[test]
    fn sixteen_bit_samples_and_pauses_read_as_their_floats() {
        let rate = 22050;
        let audio = syllables(rate, 4.0);
        let ints: Vec<i16> = audio
            .iter()
            .map(|x| (x * 32767.0).round().clamp(-32768.0, 32767.0) as i16)
            .collect();
        let mut from_ints = Meter::new(rate).unwrap();
        from_ints.push_i16(&ints);
        from_ints.push_silence(rate as usize * 2);
        let mut from_floats = Meter::new(rate).unwrap();
        let floats: Vec<f32> = ints.iter().map(|&x| x as f32 / 32768.0).collect();
        from_floats.push(&floats);
        from_floats.push(&vec![0.0; rate as usize * 2]);
        assert_eq!(from_ints.measurement(), from_floats.measurement());
        // The pauses count as the standard says: as zeros, most blocks of them gated away.
        let mut padded = floats.clone();
        padded.extend(vec![0.0; rate as usize * 2]);
        let reference = measure(&padded, rate).unwrap().integrated_lufs.unwrap();
        let ours = from_ints.measurement().integrated_lufs.unwrap();
        assert!(
            (ours - reference).abs() < 0.01,
            "{ours} against {reference}"
        );
    }

    #[test]
    fn silence_gets_no_gain() {
        let mut meter = Meter::new(22050).unwrap();
        meter.push_silence(22050 * 3);
        let m = meter.measurement();
        assert_eq!(m.integrated_lufs, None);
        assert_eq!(m.gain(&Target::default()).db, 0.0);
    }
}
