//! WAV: a narration's parts in, a mono 16-bit PCM WAV file out, through hound. The narration's parts are written one after another; its speech
//! is already 16-bit (see [`crate::stitch::to_i16`]).

use super::{Encoder, Sink, Stream};
use crate::stitch::Part;

pub struct Wav;

/// Samples converted and written at a time.
const BLOCK: usize = 1 << 16;
/// The most 16-bit samples whose bytes, with the header, fit a 32-bit RIFF size.
const MAX_SAMPLES: usize = (u32::MAX as usize - 64) / 2;

impl Encoder for Wav {
    fn extension(&self) -> &'static str {
        "wav"
    }

    fn start<'a>(
        &self,
        sample_rate: u32,
        out: &'a mut dyn Sink,
    ) -> std::io::Result<Box<dyn Stream + 'a>> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let writer = hound::WavWriter::new(out, spec).map_err(io_error)?;
        Ok(Box::new(WavStream { writer, written: 0 }))
    }
}

/// A WAV file being written.
struct WavStream<'a> {
    writer: hound::WavWriter<&'a mut dyn Sink>,
    written: usize,
}

impl Stream for WavStream<'_> {
    fn write(&mut self, part: &Part) -> std::io::Result<()> {
        // The RIFF header counts bytes in 32 bits.
        self.written += part.len();
        if self.written > MAX_SAMPLES {
            return Err(std::io::Error::other(format!(
                "more samples than a WAV file can hold ({MAX_SAMPLES})"
            )));
        }
        let silence = [0i16; BLOCK];
        let mut rest = part.len();
        while rest > 0 {
            let n = rest.min(BLOCK);
            let block = match part {
                Part::Silence(_) => &silence[..n],
                Part::Speech(s) => &s[s.len() - rest..][..n],
            };
            // `block.len()` <= BLOCK, and exactly that many samples are written.
            let mut samples = self.writer.get_i16_writer(n as u32);
            for &x in block {
                samples.write_sample(x);
            }
            samples.flush().map_err(io_error)?;
            rest -= n;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        self.writer.finalize().map_err(io_error)
    }
}

/// hound's error as an I/O error (its I/O errors unwrapped, the rest as "other").
fn io_error(e: hound::Error) -> std::io::Error {
    match e {
        hound::Error::IoError(io) => io,
        other => std::io::Error::other(other.to_string()),
    }
}
