//! WAV: a [`Narration`] in, a mono 16-bit PCM WAV file at the narration's sample rate
//! out, through hound. Samples are clipped to [-1, 1] and rounded to the nearest
//! 16-bit value (1.0 → 32767, -1.0 → -32767); NaN is written as silence.

use super::{Encoder, Sink};
use crate::stitch::Narration;

pub struct Wav;

/// Samples converted and written at a time.
const BLOCK: usize = 1 << 16;
/// The most 16-bit samples whose bytes, with the header, fit a 32-bit RIFF size.
const MAX_SAMPLES: usize = (u32::MAX as usize - 64) / 2;

/// One f32 sample as a 16-bit PCM value.
pub fn to_i16(sample: f32) -> i16 {
    if sample.is_nan() {
        return 0;
    }
    // In range after the clamp, so the cast neither wraps nor saturates. Adding half a
    // step away from zero and truncating rounds as `f32::round` does, without the libm
    // call that `round` costs on baseline x86-64.
    let scaled = sample.clamp(-1.0, 1.0) * i16::MAX as f32;
    (scaled + 0.5f32.copysign(scaled)) as i16
}

impl Encoder for Wav {
    fn extension(&self) -> &'static str {
        "wav"
    }

    fn encode(&self, narration: &Narration, out: &mut dyn Sink) -> std::io::Result<()> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: narration.sample_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        // The RIFF header counts bytes in 32 bits.
        if narration.samples.len() > MAX_SAMPLES {
            return Err(std::io::Error::other(format!(
                "{} samples are more than a WAV file can hold ({MAX_SAMPLES})",
                narration.samples.len()
            )));
        }
        let mut writer = hound::WavWriter::new(out, spec).map_err(io_error)?;
        for block in narration.samples.chunks(BLOCK) {
            // `block.len()` <= BLOCK, and exactly that many samples are written.
            let mut samples = writer.get_i16_writer(block.len() as u32);
            for &s in block {
                samples.write_sample(to_i16(s));
            }
            samples.flush().map_err(io_error)?;
        }
        writer.finalize().map_err(io_error)
    }
}

/// hound's error as an I/O error (its I/O errors unwrapped, the rest as "other").
fn io_error(e: hound::Error) -> std::io::Error {
    match e {
        hound::Error::IoError(io) => io,
        other => std::io::Error::other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_rounded_and_clipped() {
        assert_eq!(to_i16(0.0), 0);
        assert_eq!(to_i16(1.0), 32767);
        assert_eq!(to_i16(-1.0), -32767);
        assert_eq!(to_i16(2.5), 32767);
        assert_eq!(to_i16(-7.0), -32767);
        assert_eq!(to_i16(f32::INFINITY), 32767);
        assert_eq!(to_i16(f32::NEG_INFINITY), -32767);
        assert_eq!(to_i16(f32::NAN), 0);
        // Rounding, not truncation: 0.6 and -0.6 of a step.
        assert_eq!(to_i16(0.6 / 32767.0), 1);
        assert_eq!(to_i16(-0.6 / 32767.0), -1);
        assert_eq!(to_i16(0.4 / 32767.0), 0);
        assert_eq!(to_i16(0.5), 16384);
    }
}
