//! WAV: a [`Narration`] in, a mono 16-bit PCM WAV file at the narration's sample rate
//! out, through hound. The narration's parts are written one after another; its speech
//! is already 16-bit (see [`crate::stitch::to_i16`]).

use super::{Encoder, Sink};
use crate::stitch::{Narration, Part};

pub struct Wav;

/// Samples converted and written at a time.
const BLOCK: usize = 1 << 16;
/// The most 16-bit samples whose bytes, with the header, fit a 32-bit RIFF size.
const MAX_SAMPLES: usize = (u32::MAX as usize - 64) / 2;

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
        if narration.len() > MAX_SAMPLES {
            return Err(std::io::Error::other(format!(
                "{} samples are more than a WAV file can hold ({MAX_SAMPLES})",
                narration.len()
            )));
        }
        let mut writer = hound::WavWriter::new(out, spec).map_err(io_error)?;
        let silence = [0i16; BLOCK];
        for part in narration.parts() {
            let mut rest = part.len();
            while rest > 0 {
                let n = rest.min(BLOCK);
                let block = match part {
                    Part::Silence(_) => &silence[..n],
                    Part::Speech(s) => &s[s.len() - rest..][..n],
                };
                // `block.len()` <= BLOCK, and exactly that many samples are written.
                let mut samples = writer.get_i16_writer(n as u32);
                for &x in block {
                    samples.write_sample(x);
                }
                samples.flush().map_err(io_error)?;
                rest -= n;
            }
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
