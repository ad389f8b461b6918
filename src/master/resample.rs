//! Sample-rate conversion: mono samples at one rate in, the same sound at another rate
//! out, as a stream, through rubato's synchronous FFT resampler (band-limited, so no
//! aliasing is heard; the linear interpolation it replaces dulled and aliased speech).
//!
//! A [`Resampler`] takes samples in blocks of any size and hands out converted blocks as
//! they are ready, holding only one FFT chunk, so a long narration streams through it.
//! The resampler's own delay is trimmed, so output sample `k` is input sample
//! `k · from / to`: positions convert with [`convert_position`], and `n` input samples
//! give exactly `convert_position(n)` output samples once [`Resampler::finish`] is called.

use audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler as _};

/// Input frames per FFT chunk: about 46 ms at 22,050 Hz.
const CHUNK: usize = 1024;

/// Where sample `position` at rate `from` lies at rate `to`, rounded to the nearest sample.
pub fn convert_position(position: u64, from: u32, to: u32) -> u64 {
    if from == to || from == 0 {
        return position;
    }
    ((position as u128 * to as u128 + from as u128 / 2) / from as u128) as u64
}

/// A stream of mono samples being converted from one rate to another.
pub struct Resampler {
    inner: Fft<f32>,
    from: u32,
    to: u32,
    /// Input not yet handed to the FFT: fewer than one chunk.
    pending: Vec<f32>,
    /// Output produced by the FFT, reused for every chunk.
    output: Vec<f32>,
    /// Output samples still to drop at the start (the resampler's delay).
    delay_left: usize,
    taken: u64,
    given: u64,
}

impl Resampler {
    /// A converter from `from` to `to` samples per second.
    pub fn new(from: u32, to: u32) -> Result<Resampler, String> {
        if from == 0 || to == 0 {
            return Err(format!("cannot resample from {from} Hz to {to} Hz"));
        }
        let inner = Fft::<f32>::new(from as usize, to as usize, CHUNK, 1, FixedSync::Input)
            .map_err(|e| format!("cannot resample from {from} Hz to {to} Hz: {e}"))?;
        let output = vec![0.0; inner.output_frames_max()];
        let delay_left = inner.output_delay();
        Ok(Resampler {
            inner,
            from,
            to,
            pending: Vec::with_capacity(CHUNK),
            output,
            delay_left,
            taken: 0,
            given: 0,
        })
    }

    /// Converts `samples`, handing each finished block of output to `out`.
    pub fn push<E>(
        &mut self,
        mut samples: &[f32],
        out: &mut impl FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), E> {
        self.taken += samples.len() as u64;
        while !samples.is_empty() {
            let want = self.inner.input_frames_next() - self.pending.len();
            let n = want.min(samples.len());
            self.pending.extend_from_slice(&samples[..n]);
            samples = &samples[n..];
            if self.pending.len() == self.inner.input_frames_next() {
                self.run(None, out)?;
                self.pending.clear();
            }
        }
        Ok(())
    }

    /// Converts what is left and hands out the last block: in all, exactly
    /// [`convert_position`] of the input length.
    pub fn finish<E>(mut self, out: &mut impl FnMut(&[f32]) -> Result<(), E>) -> Result<(), E> {
        let total = convert_position(self.taken, self.from, self.to);
        let mut partial = Some(self.pending.len());
        while self.given < total {
            self.run(partial, out)?;
            // After the last real input, zeros flush the filter.
            self.pending.clear();
            partial = Some(0);
        }
        Ok(())
    }

    /// Runs one chunk (`partial`: how much of `pending` is real input when it is short)
    /// and hands out its output past the delay, up to the total owed.
    fn run<E>(
        &mut self,
        partial: Option<usize>,
        out: &mut impl FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), E> {
        let frames_in = self.inner.input_frames_next();
        self.pending.resize(frames_in, 0.0);
        let frames_out = self.output.len();
        let produced = {
            // Sizes come from the resampler itself, so neither the adapters nor the
            // processing can fail; a failure would be a bug in this module.
            let input = InterleavedSlice::new(&self.pending, 1, frames_in)
                .expect("input buffer sized by the resampler");
            let mut output = InterleavedSlice::new_mut(&mut self.output, 1, frames_out)
                .expect("output buffer sized by the resampler");
            let indexing = Indexing {
                input_offset: 0,
                output_offset: 0,
                partial_len: partial,
                active_channels_mask: None,
            };
            self.inner
                .process_into_buffer(&input, &mut output, Some(&indexing))
                .expect("buffers sized by the resampler")
                .1
        };
        let skip = self.delay_left.min(produced);
        self.delay_left -= skip;
        let mut block = &self.output[skip..produced];
        if partial.is_some() {
            let owed = convert_position(self.taken, self.from, self.to) - self.given;
            block = &block[..block.len().min(owed as usize)];
        }
        self.given += block.len() as u64;
        if block.is_empty() {
            return Ok(());
        }
        out(block)
    }
}

/// Converts a whole buffer (for short clips; long audio should stream through
/// [`Resampler`]).
pub fn resample(samples: &[f32], from: u32, to: u32) -> Result<Vec<f32>, String> {
    if from == to {
        return Ok(samples.to_vec());
    }
    let mut resampler = Resampler::new(from, to)?;
    let mut out = Vec::with_capacity(convert_position(samples.len() as u64, from, to) as usize);
    let mut keep = |b: &[f32]| -> Result<(), std::convert::Infallible> {
        out.extend_from_slice(b);
        Ok(())
    };
    let Ok(()) = resampler.push(samples, &mut keep);
    let Ok(()) = resampler.finish(&mut keep);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freq: f32, rate: u32, len: usize) -> Vec<f32> {
        (0..len)
            .map(|i| (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin() * 0.5)
            .collect()
    }

    #[test]
    fn positions_round_to_the_nearest_sample() {
        assert_eq!(convert_position(22050, 22050, 48000), 48000);
        assert_eq!(convert_position(1, 22050, 48000), 2);
        assert_eq!(convert_position(0, 22050, 48000), 0);
        assert_eq!(convert_position(48000, 48000, 22050), 22050);
        assert_eq!(convert_position(7, 16000, 16000), 7);
    }

    #[test]
    fn length_and_phase_are_kept_whatever_the_block_sizes() {
        let input = tone(440.0, 22050, 22050 * 2 + 17);
        for (from, to) in [
            (22050, 48000),
            (22050, 16000),
            (16000, 22050),
            (24000, 48000),
        ] {
            let input: Vec<f32> = tone(440.0, from, from as usize * 2 + 17);
            let whole = resample(&input, from, to).unwrap();
            assert_eq!(
                whole.len() as u64,
                convert_position(input.len() as u64, from, to),
                "{from} -> {to}"
            );
            // The same tone at the new rate, away from the edges, in phase to within half
            // a sample (the FFT's delay is a whole number of samples at one of the rates).
            let middle = whole.len() / 4..whole.len() * 3 / 4;
            let err = (-10..=10)
                .map(|tenth| {
                    let shift = tenth as f32 / 20.0;
                    middle
                        .clone()
                        .map(|i| {
                            let t = (i as f32 + shift) / to as f32;
                            (whole[i] - (2.0 * std::f32::consts::PI * 440.0 * t).sin() * 0.5).abs()
                        })
                        .fold(0.0f32, f32::max)
                })
                .fold(f32::INFINITY, f32::min);
            assert!(err < 0.005, "{from} -> {to}: error {err}");

            // Streamed in odd blocks: the same samples.
            let mut r = Resampler::new(from, to).unwrap();
            let mut streamed = Vec::new();
            let mut keep = |b: &[f32]| -> Result<(), ()> {
                streamed.extend_from_slice(b);
                Ok(())
            };
            for block in input.chunks(333) {
                r.push(block, &mut keep).unwrap();
            }
            r.finish(&mut keep).unwrap();
            assert_eq!(streamed, whole, "{from} -> {to}");
        }
        assert_eq!(resample(&input, 22050, 22050).unwrap(), input);
    }

    #[test]
    fn downsampling_removes_what_the_new_rate_cannot_hold() {
        // 10 kHz is above 8 kHz, the Nyquist frequency of 16 kHz: it must not alias.
        let input = tone(10_000.0, 22050, 22050);
        let out = resample(&input, 22050, 16000).unwrap();
        let rms = (out.iter().map(|x| x * x).sum::<f32>() / out.len() as f32).sqrt();
        assert!(rms < 0.01, "rms {rms}");
    }

    #[test]
    fn short_and_empty_input() {
        assert!(resample(&[], 22050, 48000).unwrap().is_empty());
        let out = resample(&[0.5; 10], 22050, 48000).unwrap();
        assert_eq!(out.len(), 22);
        assert!(Resampler::new(0, 48000).is_err());
    }
}
