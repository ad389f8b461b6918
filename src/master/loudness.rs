//! Loudness: a narration's samples in, its integrated loudness and true peak out
//! (EBU R128 / ITU-R BS.1770, measured by the `ebur128` crate), and from those the one
//! gain that brings it to a [`Target`].
//!
//! Normalisation is one constant gain over the whole file, as a broadcaster or podcast
//! host applies it: the voice's dynamics are left alone. The gain is the smaller of what
//! reaches the target loudness and what keeps the true peak at or under the ceiling, so a
//! narration whose peaks are too high for the target comes out quieter than the target
//! rather than clipped or squashed; [`Gain::limited_by_peak`] says when. The meter works
//! in constant memory (histogram mode), so it can measure a narration of any length as it
//! is written, in the first of the two passes the render makes.
//!
//! A mono file is measured as one channel (ITU-R BS.1770 weighting 1.0), the standard's
//! reading; players that send it to both speakers of a pair play it about 3 dB louder.

use ebur128::{EbuR128, Mode};

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

/// Measures mono audio as it streams past.
pub struct Meter {
    inner: EbuR128,
}

impl Meter {
    /// A meter of loudness and true peak for mono audio at `sample_rate`.
    pub fn new(sample_rate: u32) -> Result<Meter, String> {
        Meter::with_mode(sample_rate, Mode::I | Mode::TRUE_PEAK | Mode::HISTOGRAM)
    }

    /// A meter of loudness alone (its true peak reads 0 dBTP): the four-times
    /// oversampling the true peak needs is most of a meter's work.
    pub fn loudness_only(sample_rate: u32) -> Result<Meter, String> {
        Meter::with_mode(sample_rate, Mode::I | Mode::HISTOGRAM)
    }

    fn with_mode(sample_rate: u32, mode: Mode) -> Result<Meter, String> {
        let inner = EbuR128::new(1, sample_rate, mode)
            .map_err(|e| format!("cannot measure loudness at {sample_rate} Hz: {e}"))?;
        Ok(Meter { inner })
    }

    /// Adds samples in [-1.0, 1.0].
    pub fn push(&mut self, samples: &[f32]) {
        // Fails only when the channel count does not divide the input, and mono always
        // does.
        let _ = self.inner.add_frames_f32(samples);
    }

    /// Adds 16-bit samples.
    pub fn push_i16(&mut self, samples: &[i16]) {
        let _ = self.inner.add_frames_i16(samples);
    }

    /// Adds `n` samples of digital silence (counted, so gating sees the pauses).
    pub fn push_silence(&mut self, mut n: usize) {
        const ZEROS: [i16; 4096] = [0; 4096];
        while n > 0 {
            let k = n.min(ZEROS.len());
            self.push_i16(&ZEROS[..k]);
            n -= k;
        }
    }

    /// The true peak of the samples of the last push, in dBTP (of a meter made by
    /// [`Meter::new`]).
    pub fn last_true_peak_dbtp(&self) -> f64 {
        20.0 * self.inner.prev_true_peak(0).unwrap_or(0.0).log10()
    }

    /// What was measured.
    pub fn measurement(&self) -> Measurement {
        let integrated_lufs = self.inner.loudness_global().ok().filter(|l| l.is_finite());
        let peak = self.inner.true_peak(0).unwrap_or(0.0);
        Measurement {
            integrated_lufs,
            true_peak_dbtp: 20.0 * peak.log10(),
        }
    }
}

/// Measures a whole buffer of mono audio.
pub fn measure(samples: &[f32], sample_rate: u32) -> Result<Measurement, String> {
    let mut meter = Meter::new(sample_rate)?;
    meter.push(samples);
    Ok(meter.measurement())
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

    #[test]
    fn silence_gets_no_gain() {
        let mut meter = Meter::new(22050).unwrap();
        meter.push_silence(22050 * 3);
        let m = meter.measurement();
        assert_eq!(m.integrated_lufs, None);
        assert_eq!(m.gain(&Target::default()).db, 0.0);
    }
}
