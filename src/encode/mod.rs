//! Writing a narration to an audio file: mono samples in, a WAV, FLAC, MP3 or Ogg Opus
//! file out. Each format is an [`Encoder`] in its own file (`wav.rs`, `flac.rs`,
//! `mp3.rs`, `opus.rs`); [`OutputFormat`] picks one from a file name or a name given on
//! the command line, and [`EncodeOptions`] carries what the user may choose (the PCM
//! sample format of WAV and FLAC, the bitrate of MP3 and Opus). An encoder starts a
//! [`Stream`] that takes the audio as it comes, in pieces of any size, and writes it as
//! it goes, so that a long narration is never held whole in memory (a stream keeps at
//! most a codec frame of samples, its encoded bytes, and for Opus one Ogg page).
//!
//! Samples are `f32` in [-1.0, 1.0]; anything outside is clipped and NaN is silence. The
//! narration's own 16-bit speech ([`Part`]) is offered through [`Stream::write_part`],
//! which converts it `x / 32768` exactly as [`Narration::samples`] does; integer formats
//! convert back with the same scale (`x * 2^(bits-1)`, rounded, 1.0 clipped to the largest
//! value), so 16-bit speech comes out of a 16-bit WAV or FLAC file bit for bit.
//!
//! WAV and FLAC are written at the rate they are given; MP3 and Opus support only some
//! rates, and [`Encoder::output_rate`] says which one the caller must resample to.
//!
//! Tags ([`crate::tags::Tags`]: title, author, album, date, comment, source, cover and
//! chapters) go into the file through [`Encoder::start_tagged`]: ID3v2.4 in MP3 (with
//! CHAP and CTOC frames), Vorbis comments and a picture in FLAC and Opus, a LIST INFO
//! chunk in WAV (which has no chapters or cover). Chapter times are known only once the
//! narration is synthesized: they come through [`Stream::set_chapters`], and each format
//! rewrites its fixed-width chapter fields in place at the end.
//!
//! An [`AtomicOutput`] (from [`crate::output`]) is the file being written: a temporary
//! file beside the target, renamed into place only when complete, so the output path
//! never holds a half-written file; if anything fails or the run is killed, the target
//! is left as it was.
//! [`write_atomic`] does both for a whole [`Narration`]. Encoders write to a [`Sink`], a
//! seekable writer, because every format here puts something in its header that is only
//! known at the end (WAV and FLAC lengths, FLAC's checksum, MP3's LAME tag). Standard
//! output cannot seek: [`wav_to_pipe`] writes WAV there.
//!
//! Speed and memory, measured by `tests/encode_streaming.rs` (release build, this
//! project's 2-core machine, other builds running) on ten minutes of 22,050 Hz
//! speech-like audio: WAV 0.1 s in every sample format; FLAC 1.6 s (16-bit, 3.2 MB) and
//! 1.8 s (24-bit, 5.8 MB); MP3 at 64 kbps ABR 4.3 s (3.0 MB: LAME spends 40 kbps on it);
//! Opus at 32 kbps 12.5 s at 24 kHz (1.5 MB: 20 kbps, silence is nearly free; libopus's
//! complexity 5 instead of its default 10 would save only a quarter). No stream holds more
//! than 300 KB of heap (LAME's own state is 430 KB more), the same for 20 seconds as
//! for 30 minutes, which the same test checks.

pub mod flac;
pub mod mp3;
pub mod opus;
pub mod wav;

use crate::error::{Error, Result};
use crate::stitch::{Narration, Part};
use crate::tags::{Chapter, Tags};
use std::io::{Seek, Write};
use std::path::Path;

pub use crate::output::AtomicOutput;
pub use flac::Flac;
pub use mp3::Mp3;
pub use opus::Opus;
pub use wav::{wav_to_pipe, Wav};

/// Where an encoder writes: any writer that can also seek.
pub trait Sink: Write + Seek {}

impl<T: Write + Seek> Sink for T {}

/// How PCM samples are stored in WAV (all three) and FLAC (16 and 24 bits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SampleFormat {
    /// 16-bit integers.
    #[default]
    S16,
    /// 24-bit integers.
    S24,
    /// 32-bit IEEE floats.
    F32,
}

impl SampleFormat {
    /// Bits per sample.
    pub fn bits(self) -> u16 {
        match self {
            SampleFormat::S16 => 16,
            SampleFormat::S24 => 24,
            SampleFormat::F32 => 32,
        }
    }

    /// Bytes per sample.
    pub fn bytes(self) -> u16 {
        self.bits() / 8
    }
}

/// The audio file formats narrate writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Wav,
    Flac,
    Mp3,
    /// Opus in an Ogg container (`.opus`, or `.ogg`).
    Opus,
}

/// What the user may choose about an output file. The default is 16-bit PCM and each
/// format's default bitrate (MP3 64 kbps, Opus 32 kbps: both plenty for mono speech).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EncodeOptions {
    /// For WAV and FLAC.
    pub sample_format: SampleFormat,
    /// For MP3 and Opus, in kilobits per second.
    pub bitrate_kbps: Option<u32>,
}

impl OutputFormat {
    /// The format of a file extension (without the dot, any case): `wav`, `flac`, `mp3`,
    /// `opus`, or `ogg` (taken as Ogg Opus).
    pub fn from_extension(ext: &str) -> Option<OutputFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "wav" => Some(OutputFormat::Wav),
            "flac" => Some(OutputFormat::Flac),
            "mp3" => Some(OutputFormat::Mp3),
            "opus" | "ogg" => Some(OutputFormat::Opus),
            _ => None,
        }
    }

    /// The format of a path's extension, if it has one narrate knows.
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        OutputFormat::from_extension(path.extension()?.to_str()?)
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Wav => "wav",
            OutputFormat::Flac => "flac",
            OutputFormat::Mp3 => "mp3",
            OutputFormat::Opus => "opus",
        }
    }

    fn name(self) -> &'static str {
        match self {
            OutputFormat::Wav => "WAV",
            OutputFormat::Flac => "FLAC",
            OutputFormat::Mp3 => "MP3",
            OutputFormat::Opus => "Opus",
        }
    }

    /// The encoder for this format with `options`, or why the options do not fit the
    /// format (a sample format for a compressed format or 32-bit float for FLAC, a
    /// bitrate for a lossless one or out of the codec's range), as one line for the user.
    pub fn encoder(self, options: &EncodeOptions) -> std::result::Result<Box<dyn Encoder>, String> {
        let lossless = matches!(self, OutputFormat::Wav | OutputFormat::Flac);
        if lossless && options.bitrate_kbps.is_some() {
            return Err(format!(
                "{} is lossless and has no bitrate; a bitrate is for MP3 and Opus",
                self.name()
            ));
        }
        if !lossless && options.sample_format != SampleFormat::S16 {
            return Err(format!(
                "{} has no PCM sample format; {}-bit {} samples are for WAV{}",
                self.name(),
                options.sample_format.bits(),
                if options.sample_format == SampleFormat::F32 {
                    "float"
                } else {
                    "integer"
                },
                if options.sample_format == SampleFormat::F32 {
                    ""
                } else {
                    " and FLAC"
                }
            ));
        }
        Ok(match self {
            OutputFormat::Wav => Box::new(Wav::new(options.sample_format)),
            OutputFormat::Flac => Box::new(Flac::new(options.sample_format)?),
            OutputFormat::Mp3 => Box::new(Mp3::new(options.bitrate_kbps)?),
            OutputFormat::Opus => Box::new(Opus::new(options.bitrate_kbps)?),
        })
    }
}

/// The bitrate asked for, or `default`, if `range` has it; else why not, for the user.
fn bitrate(
    codec: &str,
    asked: Option<u32>,
    default: u32,
    range: &std::ops::RangeInclusive<u32>,
) -> std::result::Result<u32, String> {
    let kbps = asked.unwrap_or(default);
    if range.contains(&kbps) {
        Ok(kbps)
    } else {
        Err(format!(
            "{codec} has no {kbps} kbps bitrate; choose {} to {} kbps",
            range.start(),
            range.end()
        ))
    }
}

/// What a lossy codec is expected to do to speech: the render's first guess, before it
/// decodes the file and measures what it really did (see [`crate::master::decoded`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CodecChange {
    /// Integrated loudness taken away, in LU.
    pub loudness_lost_lu: f64,
    /// True peak added, in dB.
    pub peak_added_db: f64,
}

/// One audio file format, with its settings.
pub trait Encoder: Send + Sync {
    /// The file extension, without the dot.
    fn extension(&self) -> &'static str;

    /// The rate this format is written at when audio at `rate` is offered: `rate` itself
    /// for WAV and FLAC, the nearest rate the codec supports for MP3 and Opus. The caller
    /// resamples to it; encoders never resample.
    fn output_rate(&self, rate: u32) -> u32 {
        rate
    }

    /// Why a file at `rate` (already `output_rate(..)`) cannot be written in this
    /// format, as one line for the user; checked before any synthesis starts, as
    /// [`Encoder::start`] checks it again.
    fn check_rate(&self, _rate: u32) -> std::result::Result<(), String> {
        Ok(())
    }

    /// What this format at its settings is expected to do to speech's loudness and
    /// peaks: nothing for WAV and FLAC.
    fn codec_change(&self) -> CodecChange {
        CodecChange::default()
    }

    /// The most samples a file of this format holds, when its header limits them (the
    /// 32-bit sizes of WAV); `None` for formats that hold any narration.
    fn max_samples(&self) -> Option<u64> {
        None
    }

    /// Starts a file of mono audio at `sample_rate` (already `output_rate(..)`) on `out`,
    /// at `out`'s current position; `total_samples` when the length is known in advance
    /// (a WAV file too long for its 32-bit sizes then fails here, before any work), with
    /// `tags` written into the file: its title, author and the rest, its cover, and its
    /// chapters (their titles now; their times are given by [`Stream::set_chapters`]
    /// before the file is finished, else the times in `tags` stand). Formats without a
    /// place for some tags leave them out.
    fn start_tagged<'a>(
        &self,
        sample_rate: u32,
        total_samples: Option<u64>,
        tags: &Tags,
        out: &'a mut dyn Sink,
    ) -> std::io::Result<Box<dyn Stream + 'a>>;

    /// [`Encoder::start_tagged`] without tags.
    fn start<'a>(
        &self,
        sample_rate: u32,
        total_samples: Option<u64>,
        out: &'a mut dyn Sink,
    ) -> std::io::Result<Box<dyn Stream + 'a>> {
        self.start_tagged(sample_rate, total_samples, &Tags::default(), out)
    }
}

/// Samples converted at a time by [`Stream::write_part`], and the most any stream
/// converts or buffers at once.
pub const BLOCK: usize = crate::stitch::PART_BLOCK;

/// A file being encoded: samples in, in order, in pieces of any size, then
/// [`Stream::finish`]. A stream dropped without `finish` leaves an incomplete file.
pub trait Stream {
    /// Mono samples in [-1.0, 1.0] (anything outside is clipped; NaN is silence).
    fn write(&mut self, samples: &[f32]) -> std::io::Result<()>;

    /// A part of a narration: silence, or 16-bit speech converted `x / 32768`, a block
    /// of [`BLOCK`] samples at a time (the part is never copied whole).
    fn write_part(&mut self, part: &Part) -> std::io::Result<()> {
        write_part_in_blocks(self, part)
    }

    /// The chapters' times, known once the audio is written: the chapters the stream
    /// was started with ([`Encoder::start_tagged`]), the same titles in the same order.
    /// Each format's chapter fields are of a fixed width, so the file's tags are
    /// rewritten in place, at [`Stream::finish`]. Formats without chapters ignore them.
    fn set_chapters(&mut self, _chapters: &[Chapter]) -> std::io::Result<()> {
        Ok(())
    }

    /// Completes the file (lengths, checksums, the last frame and page) and flushes it.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// Gives the chapters a stream was started with (`started`) the times of `chapters`,
/// which must be the same chapters but for their times; says whether any time changed,
/// so that the stream writes its chapters again.
pub(crate) fn retime_chapters(
    started: &mut Vec<Chapter>,
    chapters: &[Chapter],
) -> std::io::Result<bool> {
    let same = started.len() == chapters.len()
        && started
            .iter()
            .zip(chapters)
            .all(|(a, b)| a.title == b.title);
    if !same {
        return Err(invalid(
            "the chapters given at the end differ from those the file was started with",
        ));
    }
    if started.as_slice() == chapters {
        return Ok(false);
    }
    *started = chapters.to_vec();
    Ok(true)
}

/// [`Stream::write_part`]'s conversion, for streams that check a part before writing it.
fn write_part_in_blocks<S: Stream + ?Sized>(stream: &mut S, part: &Part) -> std::io::Result<()> {
    part.for_each_block(&mut |block| stream.write(block))
}

/// A sample clipped to [-1.0, 1.0], NaN as silence.
#[inline]
pub(crate) fn clip(x: f32) -> f32 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(-1.0, 1.0)
    }
}

/// A sample as a signed integer of `bits` bits: clipped, scaled by `2^(bits-1)`, rounded
/// to the nearest step (halves away from zero), 1.0 becoming the largest value.
#[inline]
pub(crate) fn to_int(x: f32, bits: u32) -> i32 {
    let scale = (1u32 << (bits - 1)) as f32;
    let scaled = clip(x) * scale;
    // In [-scale, scale] after the clip, so the cast neither wraps nor saturates; adding
    // half a step away from zero and truncating rounds without a libm call.
    let rounded = (scaled + 0.5f32.copysign(scaled)) as i32;
    rounded.min((1i32 << (bits - 1)) - 1)
}

/// An I/O error for a setting or state of an encoder that the user caused.
pub(crate) fn invalid(message: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message.into())
}

/// Encodes `narration` to `path` through a temporary file in the same directory. The
/// narration must already be at the encoder's [`Encoder::output_rate`] (this does not
/// resample); otherwise nothing is written and the error says so.
pub fn write_atomic(path: &Path, encoder: &dyn Encoder, narration: &Narration) -> Result<()> {
    let rate = narration.sample_rate;
    let wanted = encoder.output_rate(rate);
    if wanted != rate {
        return Err(Error::Write {
            path: path.to_path_buf(),
            source: invalid(format!(
                "{} is written at {wanted} Hz and the narration is at {rate} Hz; resample it first",
                encoder.extension()
            )),
        });
    }
    let mut output = AtomicOutput::create(path)?;
    let written = (|| {
        let mut stream = encoder.start(rate, Some(narration.len() as u64), output.sink())?;
        for part in narration.parts() {
            stream.write_part(part)?;
        }
        stream.finish()
    })();
    written.map_err(|e| output.error(e))?;
    output.commit()
}

/// Shared by the format tests: signals, measurements, sinks.
#[cfg(test)]
pub(crate) mod testing {
    use std::io::{Seek, SeekFrom, Write};

    /// `seconds` of a sine at `hz` and amplitude `amp`, then `silence` seconds of silence.
    pub fn tone(rate: u32, hz: f32, amp: f32, seconds: f32, silence: f32) -> Vec<f32> {
        let n = (rate as f32 * seconds) as usize;
        let quiet = (rate as f32 * silence) as usize;
        (0..n)
            .map(|i| amp * (std::f32::consts::TAU * hz * i as f32 / rate as f32).sin())
            .chain(std::iter::repeat_n(0.0, quiet))
            .collect()
    }

    /// Root mean square.
    pub fn rms(x: &[f32]) -> f32 {
        (x.iter().map(|&v| f64::from(v) * f64::from(v)).sum::<f64>() / x.len().max(1) as f64).sqrt()
            as f32
    }

    /// Normalised correlation at lag 0 of two signals of the same length.
    pub fn correlation(a: &[f32], b: &[f32]) -> f32 {
        assert_eq!(a.len(), b.len());
        let dot: f64 = a
            .iter()
            .zip(b)
            .map(|(&x, &y)| f64::from(x) * f64::from(y))
            .sum();
        let na: f64 = a.iter().map(|&x| f64::from(x) * f64::from(x)).sum();
        let nb: f64 = b.iter().map(|&y| f64::from(y) * f64::from(y)).sum();
        (dot / (na.sqrt() * nb.sqrt())) as f32
    }

    /// The lag (of `b` behind `a`, in -max..=max) where the two correlate best.
    pub fn best_lag(a: &[f32], b: &[f32], max: i64) -> i64 {
        let score = |lag: i64| -> f64 {
            let mut s = 0.0;
            for (i, &x) in a.iter().enumerate() {
                let j = i as i64 + lag;
                if j >= 0 && (j as usize) < b.len() {
                    s += f64::from(x) * f64::from(b[j as usize]);
                }
            }
            s
        };
        (-max..=max)
            .max_by(|&l, &m| score(l).total_cmp(&score(m)))
            .unwrap_or(0)
    }

    /// Level difference in decibels.
    pub fn db(a: f32, b: f32) -> f32 {
        20.0 * (a / b).log10()
    }

    /// A seekable sink that keeps nothing: counts bytes, like a file of that size.
    #[derive(Default)]
    pub struct NullSink {
        pub pos: u64,
        pub len: u64,
        pub written: u64,
    }

    impl Write for NullSink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.pos += buf.len() as u64;
            self.len = self.len.max(self.pos);
            self.written += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Seek for NullSink {
        fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
            self.pos = match to {
                SeekFrom::Start(p) => p,
                SeekFrom::End(d) => self.len.saturating_add_signed(d),
                SeekFrom::Current(d) => self.pos.saturating_add_signed(d),
            };
            Ok(self.pos)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stitch::Part;

    #[test]
    fn formats_from_extensions_and_paths() {
        for (ext, format) in [
            ("wav", OutputFormat::Wav),
            ("WAV", OutputFormat::Wav),
            ("flac", OutputFormat::Flac),
            ("Flac", OutputFormat::Flac),
            ("mp3", OutputFormat::Mp3),
            ("MP3", OutputFormat::Mp3),
            ("opus", OutputFormat::Opus),
            ("ogg", OutputFormat::Opus),
            ("OGG", OutputFormat::Opus),
        ] {
            assert_eq!(OutputFormat::from_extension(ext), Some(format), "{ext}");
        }
        for ext in ["", "txt", "wave", "aac", "m4a", ".wav", "oga"] {
            assert_eq!(OutputFormat::from_extension(ext), None, "{ext}");
        }
        assert_eq!(
            OutputFormat::from_path(Path::new("out/story.Opus")),
            Some(OutputFormat::Opus)
        );
        assert_eq!(
            OutputFormat::from_path(Path::new("a.b/story.flac")),
            Some(OutputFormat::Flac)
        );
        assert_eq!(OutputFormat::from_path(Path::new("story")), None);
        assert_eq!(OutputFormat::from_path(Path::new("mp3")), None);
        for format in [
            OutputFormat::Wav,
            OutputFormat::Flac,
            OutputFormat::Mp3,
            OutputFormat::Opus,
        ] {
            assert_eq!(
                OutputFormat::from_extension(format.extension()),
                Some(format)
            );
            let encoder = format.encoder(&EncodeOptions::default()).unwrap();
            assert_eq!(encoder.extension(), format.extension());
        }
    }

    #[test]
    fn options_that_do_not_fit_the_format_are_errors() {
        let opts = |sample_format, bitrate_kbps| EncodeOptions {
            sample_format,
            bitrate_kbps,
        };
        let err = |format: OutputFormat, o: EncodeOptions| format.encoder(&o).err().unwrap();
        let e = err(OutputFormat::Flac, opts(SampleFormat::F32, None));
        assert!(e.contains("FLAC") && e.contains("float"), "{e}");
        let e = err(OutputFormat::Wav, opts(SampleFormat::S16, Some(64)));
        assert!(e.contains("WAV") && e.contains("bitrate"), "{e}");
        let e = err(OutputFormat::Flac, opts(SampleFormat::S24, Some(64)));
        assert!(e.contains("FLAC") && e.contains("bitrate"), "{e}");
        let e = err(OutputFormat::Mp3, opts(SampleFormat::S24, None));
        assert!(e.contains("MP3") && e.contains("24-bit"), "{e}");
        let e = err(OutputFormat::Opus, opts(SampleFormat::F32, None));
        assert!(e.contains("Opus") && e.contains("float"), "{e}");
        let e = err(OutputFormat::Mp3, opts(SampleFormat::S16, Some(15)));
        assert!(e.contains("MP3") && e.contains("16 to 320"), "{e}");
        let e = err(OutputFormat::Mp3, opts(SampleFormat::S16, Some(321)));
        assert!(e.contains("321"), "{e}");
        let e = err(OutputFormat::Opus, opts(SampleFormat::S16, Some(5)));
        assert!(e.contains("24") && e.contains("510"), "{e}");
        let e = err(OutputFormat::Opus, opts(SampleFormat::S16, Some(511)));
        assert!(e.contains("Opus"), "{e}");
        for (format, o) in [
            (OutputFormat::Wav, opts(SampleFormat::S24, None)),
            (OutputFormat::Wav, opts(SampleFormat::F32, None)),
            (OutputFormat::Flac, opts(SampleFormat::S24, None)),
            (OutputFormat::Mp3, opts(SampleFormat::S16, Some(320))),
            (OutputFormat::Mp3, opts(SampleFormat::S16, Some(16))),
            (OutputFormat::Mp3, opts(SampleFormat::S16, Some(56))),
            (OutputFormat::Opus, opts(SampleFormat::S16, Some(24))),
            (OutputFormat::Opus, opts(SampleFormat::S16, Some(510))),
        ] {
            assert!(format.encoder(&o).is_ok(), "{format:?} {o:?}");
        }
    }

    #[test]
    fn output_rates() {
        let enc = |f: OutputFormat| f.encoder(&EncodeOptions::default()).unwrap();
        for rate in [8000, 22050, 44100, 96000, 12345] {
            assert_eq!(enc(OutputFormat::Wav).output_rate(rate), rate);
            assert_eq!(enc(OutputFormat::Flac).output_rate(rate), rate);
        }
        let mp3 = enc(OutputFormat::Mp3);
        for (rate, out) in [
            (22050, 22050),
            (16000, 16000),
            (44100, 44100),
            (48000, 48000),
            (96000, 48000),
            (1000, 8000),
            (23000, 22050),
            (23100, 24000),
            (40000, 44100),
        ] {
            assert_eq!(mp3.output_rate(rate), out, "mp3 {rate}");
        }
        let opus = enc(OutputFormat::Opus);
        for (rate, out) in [
            (8000, 8000),
            (11025, 12000),
            (16000, 16000),
            (22050, 24000),
            (24000, 24000),
            (44100, 48000),
            (48000, 48000),
            (96000, 48000),
            (1, 8000),
        ] {
            assert_eq!(opus.output_rate(rate), out, "opus {rate}");
        }
    }

    #[test]
    fn integer_conversion_rounds_clips_and_inverts_the_part_scale() {
        for x in i16::MIN..=i16::MAX {
            assert_eq!(to_int(f32::from(x) / 32768.0, 16), i32::from(x));
            assert_eq!(to_int(f32::from(x) / 32768.0, 24), i32::from(x) << 8);
        }
        assert_eq!(to_int(1.0, 16), 32767);
        assert_eq!(to_int(5.0, 16), 32767);
        assert_eq!(to_int(-1.0, 16), -32768);
        assert_eq!(to_int(-7.0, 24), -8_388_608);
        assert_eq!(to_int(1.0, 24), 8_388_607);
        assert_eq!(to_int(f32::NAN, 16), 0);
        assert_eq!(to_int(f32::INFINITY, 16), 32767);
        assert_eq!(to_int(f32::NEG_INFINITY, 24), -8_388_608);
        assert_eq!(to_int(1.5 / 32768.0, 16), 2);
        assert_eq!(to_int(-1.5 / 32768.0, 16), -2);
        assert_eq!(to_int(1.4 / 32768.0, 16), 1);
        assert_eq!(clip(f32::NAN), 0.0);
        assert_eq!(clip(-2.0), -1.0);
    }

    /// Records what it is given.
    struct Recorder<'a>(&'a mut Vec<Vec<f32>>);

    impl Stream for Recorder<'_> {
        fn write(&mut self, samples: &[f32]) -> std::io::Result<()> {
            self.0.push(samples.to_vec());
            Ok(())
        }
        fn finish(self: Box<Self>) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn write_part_converts_in_bounded_blocks() {
        let mut calls = Vec::new();
        let mut stream = Recorder(&mut calls);
        let speech: Vec<i16> = (0..10_000)
            .map(|i| (i * 7 % 65536 - 32768) as i16)
            .collect();
        stream.write_part(&Part::Speech(speech.clone())).unwrap();
        stream.write_part(&Part::Silence(2 * BLOCK + 1)).unwrap();
        stream.write_part(&Part::Silence(0)).unwrap();
        let sizes: Vec<usize> = calls.iter().map(Vec::len).collect();
        assert_eq!(
            sizes,
            [BLOCK, BLOCK, 10_000 - 2 * BLOCK, BLOCK, BLOCK, 1],
            "no call is larger than a block"
        );
        let all: Vec<f32> = calls.concat();
        for (i, &x) in speech.iter().enumerate() {
            assert_eq!(all[i], f32::from(x) / 32768.0);
        }
        assert!(all[10_000..].iter().all(|&x| x == 0.0));
    }
}

#[cfg(test)]
mod atomic_tests {
    use super::*;
    use crate::stitch::Part;

    /// Silence, a tone with the extremes of 16-bit PCM, silence.
    fn narration() -> Narration {
        let speech: Vec<i16> = (0..5000)
            .map(|i| ((i as f32 * 0.01).sin() * 0.8 * 32767.0) as i16)
            .chain([32767, -32767, -32768, 0])
            .collect();
        Narration::new(
            22050,
            vec![
                Part::Silence(300),
                Part::Speech(speech),
                Part::Silence(70_000),
            ],
            Vec::new(),
        )
    }

    fn wav() -> Wav {
        Wav::new(SampleFormat::S16)
    }

    #[test]
    fn wav_round_trips_through_write_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.wav");
        let n = narration();
        write_atomic(&path, &wav(), &n).unwrap();
        let mut reader = hound::WavReader::open(&path).unwrap();
        let spec = reader.spec();
        assert_eq!(spec.channels, 1);
        assert_eq!(spec.sample_rate, 22050);
        assert_eq!(spec.bits_per_sample, 16);
        assert_eq!(spec.sample_format, hound::SampleFormat::Int);
        let read: Vec<i16> = reader.samples::<i16>().map(|s| s.unwrap()).collect();
        let mut expected = vec![0i16; 300];
        if let Part::Speech(s) = &n.parts()[1] {
            expected.extend(s);
        }
        expected.resize(expected.len() + 70_000, 0);
        assert_eq!(read.len(), n.len());
        assert_eq!(read, expected);
        assert_eq!(&read[5300..5304], &[32767, -32767, -32768, 0]);
        // Only the target is left in the directory: no temporary file.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        // Writing again replaces the file.
        let short = Narration::new(22050, vec![Part::Speech(vec![8192; 10])], Vec::new());
        write_atomic(&path, &wav(), &short).unwrap();
        assert_eq!(hound::WavReader::open(&path).unwrap().len(), 10);
    }

    #[test]
    fn every_format_writes_a_narration_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let n = narration();
        for format in [OutputFormat::Flac, OutputFormat::Mp3] {
            let path = dir.path().join(format!("out.{}", format.extension()));
            let encoder = format.encoder(&EncodeOptions::default()).unwrap();
            write_atomic(&path, encoder.as_ref(), &n).unwrap();
            assert!(std::fs::metadata(&path).unwrap().len() > 1000, "{format:?}");
        }
        // Opus is not written at 22050 Hz: the caller must resample, and nothing is written.
        let path = dir.path().join("out.opus");
        let opus = OutputFormat::Opus
            .encoder(&EncodeOptions::default())
            .unwrap();
        let err = write_atomic(&path, opus.as_ref(), &n).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(err.to_string().contains("24000 Hz"), "{err}");
        assert!(!path.exists());
        let at_24k = Narration::new(24000, n.parts().to_vec(), Vec::new());
        write_atomic(&path, opus.as_ref(), &at_24k).unwrap();
        assert_eq!(&std::fs::read(&path).unwrap()[..4], b"OggS");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn empty_narration_is_a_valid_empty_wav() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.wav");
        let n = Narration::new(22050, Vec::new(), Vec::new());
        write_atomic(&path, &wav(), &n).unwrap();
        assert_eq!(hound::WavReader::open(&path).unwrap().len(), 0);
    }

    #[test]
    fn missing_directory_is_a_write_error_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no").join("such").join("out.wav");
        let err = write_atomic(&path, &wav(), &narration()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(err.to_string().contains("out.wav"), "{err}");
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn unwritable_directory_is_a_write_error_and_leaves_no_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let path = locked.join("out.wav");
        let result = write_atomic(&path, &wav(), &narration());
        // Root ignores directory permissions; the check only means something otherwise.
        let writable = std::fs::File::create(locked.join("probe")).is_ok();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        if writable {
            eprintln!("skipped: running as a user that can write to a 0555 directory");
            return;
        }
        let err = result.unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(&locked).unwrap().count(), 0);
    }

    #[test]
    fn a_file_as_directory_or_a_directory_as_target_is_a_write_error() {
        // Unlike permissions, these hold for root too.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, b"x").unwrap();
        let path = file.join("out.wav");
        let err = write_atomic(&path, &wav(), &narration()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(!path.exists());

        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        let err = write_atomic(&target, &wav(), &narration()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(target.is_dir());
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
        // plain and taken, no temporary file beside them.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    /// A sink that fails after some bytes, like a full disk.
    struct Failing(usize);

    impl Encoder for Failing {
        fn extension(&self) -> &'static str {
            "wav"
        }
        fn start_tagged<'a>(
            &self,
            _sample_rate: u32,
            _total_samples: Option<u64>,
            _tags: &Tags,
            out: &'a mut dyn Sink,
        ) -> std::io::Result<Box<dyn Stream + 'a>> {
            out.write_all(&vec![7u8; self.0])?;
            Err(std::io::Error::other("disk full"))
        }
    }

    #[test]
    fn a_failed_encode_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.wav");
        std::fs::write(&path, b"old").unwrap();
        let err = write_atomic(&path, &Failing(100), &narration()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
