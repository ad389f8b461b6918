//! What a listener hears from a lossy file: an MP3 or Ogg Opus file in, the integrated
//! loudness and true peak of its decoded audio out.
//!
//! A lossy codec changes both: MP3 (LAME) takes a few tenths of a dB of loudness from
//! speech at every bitrate, and Opus adds overshoots to the peaks, more the lower the
//! bitrate. The render measures the file it wrote through these decoders and corrects
//! its gain and limiter until the decoded file meets the target (see
//! [`crate::render`]). Decoding is done the way players do it: MP3 with `symphonia`
//! (pure Rust), trimming the encoder delay and padding by the LAME tag; Ogg Opus with
//! libopus (the `opus` crate, the same library that encoded it) on packets read by the
//! `ogg` crate, skipping the pre-skip and cutting the end at the last page's granule
//! position (RFC 7845). Opus is always decoded at 48 kHz, its own rate. Both decode as
//! they read, so memory stays constant whatever the length.
//!
//! Besides the whole file's figures, [`Heard::overs`] says where the decoded audio went
//! over a ceiling, to the nearest [`WINDOW_MS`], so that the render can turn down just
//! those places (see [`super::dips`]).

use super::loudness::{Measurement, Meter, TruePeak};
use crate::encode::OutputFormat;
use std::io::{BufReader, Read, Seek};

/// What a decoded file measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Heard {
    pub measurement: Measurement,
    /// The places where its true peak passed the ceiling, in order.
    pub overs: Vec<Over>,
}

/// A place where the decoded audio went over the ceiling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Over {
    /// The middle of the window it happened in, in seconds from the start.
    pub seconds: f64,
    /// The window's true peak, in dBTP.
    pub true_peak_dbtp: f64,
}

/// The resolution of [`Heard::overs`].
pub const WINDOW_MS: u32 = 10;

/// Decodes a lossy `file` of `format` from its start and measures it, noting where its
/// true peak passes `ceiling_dbtp`; `None` for a lossless format, whose samples are the
/// ones written.
pub fn measure<F>(
    format: OutputFormat,
    file: F,
    ceiling_dbtp: f64,
) -> std::io::Result<Option<Heard>>
where
    F: Read + Seek + Send + Sync + 'static,
{
    match format {
        OutputFormat::Wav | OutputFormat::Flac => Ok(None),
        OutputFormat::Mp3 => measure_mp3(file, ceiling_dbtp).map(Some),
        OutputFormat::Opus => measure_opus(file, ceiling_dbtp).map(Some),
    }
}

/// Meters decoded audio in windows of [`WINDOW_MS`], noting the windows over the
/// ceiling.
struct Listener {
    meter: Meter,
    /// The true peak, restarted every window; and the highest of the windows'.
    peak: TruePeak,
    highest_dbtp: f64,
    rate: u32,
    ceiling_dbtp: f64,
    window: Vec<f32>,
    /// Samples metered so far.
    heard: u64,
    overs: Vec<Over>,
}

impl Listener {
    fn new(rate: u32, ceiling_dbtp: f64) -> std::io::Result<Listener> {
        let window = (rate * WINDOW_MS / 1000).max(1) as usize;
        Ok(Listener {
            meter: Meter::loudness_only(rate).map_err(std::io::Error::other)?,
            peak: TruePeak::new(),
            highest_dbtp: f64::NEG_INFINITY,
            rate,
            ceiling_dbtp,
            window: Vec::with_capacity(window),
            heard: 0,
            overs: Vec::new(),
        })
    }

    fn push(&mut self, mut samples: &[f32]) {
        while !samples.is_empty() {
            let room = self.window.capacity() - self.window.len();
            let (now, later) = samples.split_at(room.min(samples.len()));
            self.window.extend_from_slice(now);
            samples = later;
            if self.window.len() == self.window.capacity() {
                self.flush();
            }
        }
    }

    fn flush(&mut self) {
        if self.window.is_empty() {
            return;
        }
        self.meter.push(&self.window);
        self.peak.push(&self.window);
        let peak = self.peak.restart();
        self.highest_dbtp = self.highest_dbtp.max(peak);
        if peak > self.ceiling_dbtp {
            let middle = self.heard as f64 + self.window.len() as f64 / 2.0;
            self.overs.push(Over {
                seconds: middle / f64::from(self.rate),
                true_peak_dbtp: peak,
            });
        }
        self.heard += self.window.len() as u64;
        self.window.clear();
    }

    fn heard(mut self) -> Heard {
        self.flush();
        Heard {
            measurement: Measurement {
                integrated_lufs: self.meter.measurement().integrated_lufs,
                true_peak_dbtp: self.highest_dbtp,
            },
            overs: self.overs,
        }
    }
}

fn invalid(what: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("the file just written does not decode: {what}"),
    )
}

fn measure_mp3<F>(file: F, ceiling_dbtp: f64) -> std::io::Result<Heard>
where
    F: Read + Seek + Send + Sync + 'static,
{
    let mut listener: Option<Listener> = None;
    decode_mp3(file, true, &mut |rate, samples| {
        let listener = match &mut listener {
            Some(l) => l,
            None => listener.insert(Listener::new(rate, ceiling_dbtp)?),
        };
        listener.push(samples);
        Ok(())
    })?;
    listener
        .map(Listener::heard)
        .ok_or_else(|| invalid("no audio"))
}

/// Decodes a mono MP3 `file` with symphonia, handing each decoded packet's samples to
/// `each` with the file's rate (an error from `each` stops the decoding); `gapless` trims the encoder delay and padding by the
/// LAME tag, as players do. Returns the rate.
pub(crate) fn decode_mp3<F>(
    file: F,
    gapless: bool,
    each: &mut dyn FnMut(u32, &[f32]) -> std::io::Result<()>,
) -> std::io::Result<u32>
where
    F: Read + Seek + Send + Sync + 'static,
{
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::codecs::DecoderOptions;
    use symphonia::core::errors::Error as Decode;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::{MediaSourceStream, ReadOnlySource};
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;

    let source = ReadOnlySource::new(BufReader::with_capacity(1 << 16, file));
    let stream = MediaSourceStream::new(Box::new(source), Default::default());
    let mut hint = Hint::new();
    hint.with_extension("mp3");
    let options = FormatOptions {
        enable_gapless: gapless,
        ..Default::default()
    };
    let probed = symphonia::default::get_probe()
        .format(&hint, stream, &options, &MetadataOptions::default())
        .map_err(invalid)?;
    let mut format = probed.format;
    let track = format
        .default_track()
        .ok_or_else(|| invalid("no audio track"))?
        .clone();
    let rate = track
        .codec_params
        .sample_rate
        .ok_or_else(|| invalid("no sample rate"))?;
    if track.codec_params.channels.map(|c| c.count()) != Some(1) {
        return Err(invalid("not a mono MP3 file"));
    }
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(invalid)?;
    let mut buffer: Option<SampleBuffer<f32>> = None;
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(Decode::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(invalid(e)),
        };
        let decoded = decoder.decode(&packet).map_err(invalid)?;
        let spec = *decoded.spec();
        let frames = decoded.capacity() as u64;
        let buffer = match &mut buffer {
            Some(b) if b.capacity() as u64 >= frames * spec.channels.count() as u64 => b,
            _ => buffer.insert(SampleBuffer::new(frames, spec)),
        };
        buffer.copy_interleaved_ref(decoded);
        each(rate, buffer.samples())?;
    }
    Ok(rate)
}

/// Opus's own rate: every Ogg Opus file decodes to it.
const OPUS_RATE: u32 = 48_000;
/// The longest Opus packet: 120 ms at 48 kHz.
const MAX_PACKET: usize = 5760;

fn measure_opus<F: Read + Seek>(file: F, ceiling_dbtp: f64) -> std::io::Result<Heard> {
    let mut reader = ogg::PacketReader::new(BufReader::with_capacity(1 << 16, file));
    let mut next = || reader.read_packet().map_err(invalid);
    let head = next()?.ok_or_else(|| invalid("no OpusHead"))?;
    if head.data.len() < 19 || !head.data.starts_with(b"OpusHead") || head.data[9] != 1 {
        return Err(invalid("not a mono Ogg Opus file"));
    }
    let pre_skip = u64::from(u16::from_le_bytes([head.data[10], head.data[11]]));
    next()?.ok_or_else(|| invalid("no OpusTags"))?;
    let mut decoder = opus::Decoder::new(OPUS_RATE, opus::Channels::Mono).map_err(invalid)?;
    let mut listener = Listener::new(OPUS_RATE, ceiling_dbtp)?;
    let mut buf = vec![0f32; MAX_PACKET];
    // Samples decoded so far, counted from the stream's start like granule positions.
    let mut decoded = 0u64;
    while let Some(packet) = next()? {
        let n = decoder
            .decode_float(&packet.data, &mut buf, false)
            .map_err(invalid)?;
        let first = decoded;
        decoded += n as u64;
        // The last page's granule position says where the audio ends.
        let end = if packet.last_in_stream() {
            packet.absgp_page().min(decoded)
        } else {
            decoded
        };
        let from = pre_skip.clamp(first, end) - first;
        let to = end.max(first) - first;
        listener.push(&buf[from as usize..to as usize]);
        if packet.last_in_stream() {
            break;
        }
    }
    Ok(listener.heard())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::testing::tone;
    use crate::encode::{EncodeOptions, Stream};
    use crate::master::loudness;
    use std::io::Cursor;

    fn encoded(format: OutputFormat, kbps: u32, rate: u32, samples: &[f32]) -> Vec<u8> {
        let encoder = format
            .encoder(&EncodeOptions {
                bitrate_kbps: Some(kbps),
                ..Default::default()
            })
            .unwrap();
        let mut file = Cursor::new(Vec::new());
        let mut stream: Box<dyn Stream> = encoder
            .start(rate, Some(samples.len() as u64), &mut file)
            .unwrap();
        stream.write(samples).unwrap();
        stream.finish().unwrap();
        file.into_inner()
    }

    #[test]
    fn a_tone_through_a_codec_reads_near_what_went_in() {
        // A steady 1 kHz tone is what every codec keeps best: decoded, it reads about
        // the loudness the meter gives the samples themselves. Opus keeps it within a
        // fifth of a dB; LAME gives MP3 back some 0.4 dB quieter, at any bitrate (what
        // the render corrects).
        for (format, kbps, rate) in [
            (OutputFormat::Mp3, 64, 22050),
            (OutputFormat::Mp3, 128, 44100),
            (OutputFormat::Opus, 32, 24000),
            (OutputFormat::Opus, 96, 48000),
        ] {
            let input = tone(rate, 1000.0, 0.25, 4.0, 0.5);
            let before = loudness::measure(&input, rate).unwrap();
            let bytes = encoded(format, kbps, rate, &input);
            let heard = measure(format, Cursor::new(bytes), 0.0).unwrap().unwrap();
            assert!(
                heard.overs.is_empty(),
                "{format:?} {kbps}: {:?}",
                heard.overs
            );
            let after = heard.measurement;
            let (b, a) = (
                before.integrated_lufs.unwrap(),
                after.integrated_lufs.unwrap(),
            );
            let (low, high) = match format {
                OutputFormat::Mp3 => (-0.6, -0.2),
                _ => (-0.2, 0.2),
            };
            assert!(
                (low..high).contains(&(a - b)),
                "{format:?} {kbps}: {b} → {a} LUFS"
            );
            assert!(
                (after.true_peak_dbtp - before.true_peak_dbtp).abs() < 0.5,
                "{format:?} {kbps}: {} → {} dBTP",
                before.true_peak_dbtp,
                after.true_peak_dbtp
            );
        }
    }

    #[test]
    fn the_places_over_the_ceiling_are_found_where_they_are() {
        // A quiet tone with two loud bursts, at 1.5 s and 3.2 s: only those go over a
        // ceiling of -6 dBTP.
        for (format, rate) in [(OutputFormat::Mp3, 22050), (OutputFormat::Opus, 24000)] {
            let mut input = tone(rate, 440.0, 0.1, 4.0, 0.5);
            for at in [1.5, 3.2] {
                let start = (at * rate as f64) as usize;
                for x in &mut input[start..start + rate as usize / 50] {
                    *x *= 9.0;
                }
            }
            let bytes = encoded(format, 64, rate, &input);
            let heard = measure(format, Cursor::new(bytes), -6.0).unwrap().unwrap();
            assert!(!heard.overs.is_empty(), "{format:?}");
            for over in &heard.overs {
                let near = [1.51, 3.21].iter().any(|t| (over.seconds - t).abs() < 0.04);
                assert!(near, "{format:?}: {over:?}");
                assert!(over.true_peak_dbtp > -6.0);
            }
            assert!(heard.overs.iter().any(|o| o.seconds < 2.0));
            assert!(heard.overs.iter().any(|o| o.seconds > 3.0));
        }
    }

    #[test]
    fn silence_decodes_to_no_loudness_and_lossless_formats_are_not_decoded() {
        let bytes = encoded(OutputFormat::Opus, 32, 48000, &[0.0; 48000]);
        let m = measure(OutputFormat::Opus, Cursor::new(bytes), -1.0)
            .unwrap()
            .unwrap()
            .measurement;
        assert_eq!(m.integrated_lufs, None);
        assert!(measure(OutputFormat::Wav, Cursor::new(Vec::new()), -1.0)
            .unwrap()
            .is_none());
        assert!(measure(OutputFormat::Flac, Cursor::new(Vec::new()), -1.0)
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_file_that_is_not_what_it_claims_is_an_error_not_a_panic() {
        for format in [OutputFormat::Mp3, OutputFormat::Opus] {
            for bytes in [Vec::new(), b"OggS but not really".to_vec()] {
                let e = measure(format, Cursor::new(bytes), -1.0).unwrap_err();
                assert!(e.to_string().contains("does not decode"), "{format:?}: {e}");
            }
            // Noise that looks like frame headers: anything but a panic.
            let _ = measure(format, Cursor::new(vec![0xFF; 4000]), -1.0);
        }
    }
}
