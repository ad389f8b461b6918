//! FLAC: mono `f32` samples in, a FLAC file of 16-bit or 24-bit samples out
//! (lossless: the integers come back bit for bit; FLAC has no float samples, so
//! [`SampleFormat::F32`] is refused).
//!
//! Encoded with flacenc, a pure-Rust FLAC encoder (no C library to install, no build
//! step beyond cargo), one frame at a time as samples arrive: the stream holds one block
//! of samples ([`BLOCK_SIZE`]) and one encoded frame, never the file. The STREAMINFO
//! block is written first with what is known, and rewritten at [`Stream::finish`] by
//! seeking back: the total number of samples, the smallest and largest frame sizes, and
//! the MD5 of the samples, which decoders (`flac -t`) check. A VORBIS_COMMENT block with
//! narrate's vendor string follows it, as libFLAC writes one, holding the tags
//! ([`Encoder::start_tagged`]: TITLE, ARTIST, ALBUM, DATE, COMMENT, SOURCE and the
//! chapters as `CHAPTERnnn`/`CHAPTERnnnNAME`), then a PICTURE block with the cover (front
//! cover, type 3). Both are hand-written like STREAMINFO, a few length-prefixed fields
//! (see [`crate::tags`]); flacenc writes no metadata but STREAMINFO. Chapter times are
//! fixed-width (`HH:MM:SS.mmm`), so the comment block is rewritten in place at the end
//! with the times [`Stream::set_chapters`] gives.
//!
//! flacenc accepts rates up to 96 kHz, beyond any voice's.

use super::{invalid, to_int, Encoder, SampleFormat, Sink, Stream};
use crate::tags::{flac_picture, vorbis_comment, Chapter, Tags};
use flacenc::bitsink::MemSink;
use flacenc::component::{BitRepr, StreamInfo};
use flacenc::config;
use flacenc::error::{Verified, Verify};
use flacenc::source::{Context, Fill, FrameBuf};
use std::io::SeekFrom;

/// Samples in each frame (flacenc's and libFLAC's default).
pub const BLOCK_SIZE: usize = 4096;

/// The most bits a frame and subframe header and footer take (frame header at most 16
/// bytes with its CRC-8, subframe header 1 byte, CRC-16 2 bytes).
const FRAME_OVERHEAD_BITS: usize = (16 + 1 + 2) * 8;

/// FLAC files of 16 or 24-bit samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flac {
    format: SampleFormat,
}

impl Flac {
    /// FLAC in `format`: 16 or 24 bits; 32-bit float is an error.
    pub fn new(format: SampleFormat) -> Result<Flac, String> {
        match format {
            SampleFormat::S16 | SampleFormat::S24 => Ok(Flac { format }),
            SampleFormat::F32 => Err(
                "FLAC stores integer samples, not 32-bit float: choose 16 or 24 bits (or WAV for float)"
                    .into(),
            ),
        }
    }
}

/// The highest rate flacenc encodes, in Hz.
pub const MAX_RATE: u32 = 96_000;

/// What narrate writes as the FLAC vendor string.
const VENDOR: &str = concat!("narrate ", env!("CARGO_PKG_VERSION"), " (flacenc 0.5)");

/// The STREAMINFO block's 34 bytes (the FLAC format, section "METADATA_BLOCK_STREAMINFO").
fn streaminfo(
    sample_rate: u32,
    bits: u32,
    frame_sizes: Option<(u32, u32)>,
    total: u64,
    md5: &[u8; 16],
) -> [u8; 34] {
    let mut b = [0u8; 34];
    let block = (BLOCK_SIZE as u16).to_be_bytes();
    b[0..2].copy_from_slice(&block);
    b[2..4].copy_from_slice(&block);
    // Sizes are 24 bits; 0 means unknown (no frames yet).
    let (min, max) = frame_sizes.unwrap_or((0, 0));
    b[4..7].copy_from_slice(&min.to_be_bytes()[1..]);
    b[7..10].copy_from_slice(&max.to_be_bytes()[1..]);
    // Rate (20 bits), channels - 1 (3 bits: mono is 0), bits - 1 (5), samples (36).
    let packed =
        (u64::from(sample_rate) << 44) | (u64::from(bits - 1) << 36) | (total & ((1 << 36) - 1));
    b[10..18].copy_from_slice(&packed.to_be_bytes());
    b[18..34].copy_from_slice(md5);
    b
}

/// A metadata block header: the last-block flag, the type, the 24-bit length.
fn block_header(last: bool, kind: u8, len: usize) -> [u8; 4] {
    let l = (len as u32).to_be_bytes();
    [u8::from(last) << 7 | kind, l[1], l[2], l[3]]
}

fn flac_error(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("FLAC encoder: {e}"))
}

impl Encoder for Flac {
    fn extension(&self) -> &'static str {
        "flac"
    }

    fn check_rate(&self, rate: u32) -> std::result::Result<(), String> {
        if (1..=MAX_RATE).contains(&rate) {
            Ok(())
        } else {
            Err(format!(
                "FLAC is written at rates up to {MAX_RATE} Hz, not {rate} Hz; choose --sample-rate {MAX_RATE} or less, or write WAV"
            ))
        }
    }

    fn start_tagged<'a>(
        &self,
        sample_rate: u32,
        total_samples: Option<u64>,
        tags: &Tags,
        out: &'a mut dyn Sink,
    ) -> std::io::Result<Box<dyn Stream + 'a>> {
        let bits = u32::from(self.format.bits());
        self.check_rate(sample_rate).map_err(invalid)?;
        let info = StreamInfo::new(sample_rate as usize, 1, bits as usize).map_err(flac_error)?;
        let mut encoder = config::Encoder::default();
        encoder.block_size = BLOCK_SIZE;
        let mut verbatim = encoder.clone();
        verbatim.subframe_coding.use_fixed = false;
        verbatim.subframe_coding.use_lpc = false;
        let config = encoder.into_verified().map_err(|(_, e)| flac_error(e))?;
        let verbatim = verbatim.into_verified().map_err(|(_, e)| flac_error(e))?;
        let start = out.stream_position()?;
        out.write_all(b"fLaC")?;
        out.write_all(&block_header(false, 0, 34))?;
        let total = total_samples.unwrap_or(0);
        out.write_all(&streaminfo(sample_rate, bits, None, total, &[0; 16]))?;
        // VORBIS_COMMENT: the vendor string and the tags, little-endian lengths.
        let comment = vorbis_comment(VENDOR, &tags.vorbis_comments(sample_rate));
        let picture = tags.cover.as_ref().map(flac_picture);
        for block in std::iter::once(&comment).chain(&picture) {
            if block.len() >= 1 << 24 {
                return Err(invalid(
                    "the tags are too large for a FLAC metadata block (16 MB)",
                ));
            }
        }
        out.write_all(&block_header(picture.is_none(), 4, comment.len()))?;
        out.write_all(&comment)?;
        if let Some(picture) = &picture {
            out.write_all(&block_header(true, 6, picture.len()))?;
            out.write_all(picture)?;
        }
        Ok(Box::new(FlacStream {
            tags: tags.clone(),
            comment_len: comment.len(),
            chapters_changed: false,
            out,
            start,
            sample_rate,
            bits,
            info,
            config,
            verbatim,
            framebuf: FrameBuf::with_size(1, BLOCK_SIZE).map_err(flac_error)?,
            context: Context::new(bits as usize, 1),
            pending: Vec::with_capacity(BLOCK_SIZE),
            frame_bytes: MemSink::with_capacity(BLOCK_SIZE * 32),
            frames: 0,
            frame_sizes: None,
            total: 0,
        }))
    }
}

/// A FLAC file being written.
struct FlacStream<'a> {
    out: &'a mut dyn Sink,
    /// The tags written, and the length of their comment block.
    tags: Tags,
    comment_len: usize,
    /// Whether the chapters' times changed since the comment block was written.
    chapters_changed: bool,
    /// Where the file starts in `out` (its "fLaC").
    start: u64,
    sample_rate: u32,
    bits: u32,
    info: StreamInfo,
    config: Verified<config::Encoder>,
    /// The same without prediction: every subframe verbatim (or constant).
    verbatim: Verified<config::Encoder>,
    framebuf: FrameBuf,
    /// The MD5 of the samples so far.
    context: Context,
    /// Samples of the next frame, fewer than [`BLOCK_SIZE`].
    pending: Vec<i32>,
    /// The last frame's bytes (kept to reuse the buffer).
    frame_bytes: MemSink<u8>,
    frames: usize,
    /// The smallest and largest frame in bytes.
    frame_sizes: Option<(u32, u32)>,
    total: u64,
}

impl FlacStream<'_> {
    /// Encodes and writes the pending samples as one frame.
    fn flush_frame(&mut self) -> std::io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        (&mut self.framebuf, &mut self.context)
            .fill_interleaved(&self.pending)
            .map_err(flac_error)?;
        let mut frame =
            flacenc::encode_fixed_size_frame(&self.config, &self.framebuf, self.frames, &self.info)
                .map_err(flac_error)?;
        // flacenc 0.5's rice parameter search can go wrong on loud, noisy 24-bit blocks
        // (its bit estimates saturate) and choose a parameter that makes the frame
        // gigabytes long; such a frame is encoded again with verbatim subframes, which are
        // never larger than the samples themselves.
        let verbatim_bits = self.pending.len() * self.bits as usize + FRAME_OVERHEAD_BITS;
        if frame.count_bits() > verbatim_bits {
            frame = flacenc::encode_fixed_size_frame(
                &self.verbatim,
                &self.framebuf,
                self.frames,
                &self.info,
            )
            .map_err(flac_error)?;
        }
        self.frame_bytes.clear();
        frame
            .write(&mut self.frame_bytes)
            .map_err(|e| flac_error(format!("{e:?}")))?;
        let bytes = self.frame_bytes.as_slice();
        self.out.write_all(bytes)?;
        let size = bytes.len() as u32;
        self.frame_sizes = Some(match self.frame_sizes {
            None => (size, size),
            Some((min, max)) => (min.min(size), max.max(size)),
        });
        self.frames += 1;
        self.total += self.pending.len() as u64;
        self.pending.clear();
        Ok(())
    }
}

impl Stream for FlacStream<'_> {
    fn set_chapters(&mut self, chapters: &[Chapter]) -> std::io::Result<()> {
        if super::retime_chapters(&mut self.tags.chapters, chapters)? {
            self.chapters_changed = true;
        }
        Ok(())
    }

    fn write(&mut self, samples: &[f32]) -> std::io::Result<()> {
        for &x in samples {
            self.pending.push(to_int(x, self.bits));
            if self.pending.len() == BLOCK_SIZE {
                self.flush_frame()?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.flush_frame()?;
        if self.total >= 1 << 36 {
            return Err(invalid(format!(
                "{} samples are more than a FLAC file counts (2^36)",
                self.total
            )));
        }
        let end = self.out.stream_position()?;
        let info = streaminfo(
            self.sample_rate,
            self.bits,
            self.frame_sizes,
            self.total,
            &self.context.md5_digest(),
        );
        self.out.seek(SeekFrom::Start(self.start + 8))?;
        self.out.write_all(&info)?;
        if self.chapters_changed {
            let comment = vorbis_comment(VENDOR, &self.tags.vorbis_comments(self.sample_rate));
            if comment.len() != self.comment_len {
                return Err(std::io::Error::other(
                    "the FLAC comment block changed size with its chapter times",
                ));
            }
            // After "fLaC", STREAMINFO (a header and 34 bytes) and the comment's header.
            self.out
                .seek(SeekFrom::Start(self.start + 4 + 4 + 34 + 4))?;
            self.out.write_all(&comment)?;
        }
        self.out.seek(SeekFrom::Start(end))?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::testing::tone;
    use crate::stitch::Part;
    use md5::{Digest, Md5};
    use std::io::{Cursor, Seek};

    fn signal(rate: u32) -> Vec<f32> {
        let mut s = tone(rate, 440.0, 0.7, 1.3, 0.5);
        s.extend([1.0, -1.0, 1.5, -3.0, f32::NAN, 0.25, -0.25, 1e-9]);
        // Noise, which does not compress: frames of every size.
        let mut seed = 12345u32;
        s.extend((0..5000).map(|_| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1 << 23) as f32 - 1.0
        }));
        s
    }

    fn encode(format: SampleFormat, rate: u32, samples: &[f32], piece: usize) -> Vec<u8> {
        let mut file = Cursor::new(vec![0xAB; 5]);
        file.seek(SeekFrom::End(0)).unwrap();
        let mut stream = Flac::new(format)
            .unwrap()
            .start(rate, None, &mut file)
            .unwrap();
        for p in samples.chunks(piece) {
            stream.write(p).unwrap();
        }
        stream.finish().unwrap();
        let bytes = file.into_inner();
        // The file starts where the sink was: what was before it is untouched.
        assert_eq!(&bytes[..5], &[0xAB; 5]);
        bytes[5..].to_vec()
    }

    /// Decodes with claxon, checking STREAMINFO against the samples and recomputing the MD5.
    fn decode(bytes: &[u8]) -> (claxon::metadata::StreamInfo, Vec<i32>) {
        let mut reader = claxon::FlacReader::new(Cursor::new(bytes)).unwrap();
        let info = reader.streaminfo();
        let samples: Vec<i32> = reader.samples().map(|s| s.unwrap()).collect();
        // 0, for no samples, is "unknown".
        assert_eq!(info.samples.unwrap_or(0), samples.len() as u64);
        let mut md5 = Md5::new();
        for &s in &samples {
            md5.update(&s.to_le_bytes()[..(info.bits_per_sample / 8) as usize]);
        }
        assert_eq!(info.md5sum, <[u8; 16]>::from(md5.finalize()));
        assert_eq!(info.channels, 1);
        assert_eq!(
            (info.min_block_size, info.max_block_size),
            (BLOCK_SIZE as u16, BLOCK_SIZE as u16)
        );
        (info, samples)
    }

    #[test]
    fn s16_and_s24_round_trip_bit_exact() {
        for (format, rate, piece) in [
            (SampleFormat::S16, 22050, 1000),
            (SampleFormat::S24, 22050, 4096),
            (SampleFormat::S16, 48000, 1),
            (SampleFormat::S24, 11025, 100_000),
        ] {
            let s = signal(rate);
            let bytes = encode(format, rate, &s, piece);
            assert_eq!(&bytes[..4], b"fLaC");
            let (info, samples) = decode(&bytes);
            let bits = u32::from(format.bits());
            assert_eq!(info.bits_per_sample, bits);
            assert_eq!(info.sample_rate, rate);
            let expected: Vec<i32> = s.iter().map(|&x| to_int(x, bits)).collect();
            assert_eq!(samples.len(), expected.len(), "{format:?} {rate}");
            assert_eq!(samples, expected, "{format:?} {rate}");
            // Frame sizes: silence frames are tiny, noise frames large.
            let (min, max) = (info.min_frame_size.unwrap(), info.max_frame_size.unwrap());
            assert!(min <= max && max > 4000, "{min} {max}");
            if rate >= 22050 {
                // At least one whole block of silence: a constant subframe.
                assert!(min < 100, "{min}");
            }
            assert!(
                bytes.len() < s.len() * bits as usize / 8,
                "{format:?} {rate}: {} bytes for {} samples",
                bytes.len(),
                s.len()
            );
        }
    }

    #[test]
    fn parts_come_back_bit_exact() {
        let speech: Vec<i16> = (i16::MIN..=i16::MAX).step_by(5).collect();
        let mut file = Cursor::new(Vec::new());
        let mut stream = Flac::new(SampleFormat::S16)
            .unwrap()
            .start(22050, Some(speech.len() as u64 + 10), &mut file)
            .unwrap();
        stream.write_part(&Part::Silence(10)).unwrap();
        stream.write_part(&Part::Speech(speech.clone())).unwrap();
        stream.finish().unwrap();
        let (_, samples) = decode(file.get_ref());
        let expected: Vec<i32> = std::iter::repeat_n(0, 10)
            .chain(speech.iter().map(|&x| i32::from(x)))
            .collect();
        assert_eq!(samples, expected);
    }

    #[test]
    fn empty_and_short_streams_are_valid() {
        for n in [0usize, 1, BLOCK_SIZE - 1, BLOCK_SIZE, BLOCK_SIZE + 1] {
            let s = vec![0.25f32; n];
            let bytes = encode(SampleFormat::S16, 22050, &s, 300);
            let (info, samples) = decode(&bytes);
            assert_eq!(samples, vec![8192; n]);
            assert_eq!(info.samples, Some(n as u64).filter(|&n| n > 0));
        }
    }

    #[test]
    fn vendor_comment_is_read() {
        let bytes = encode(SampleFormat::S16, 22050, &[0.0; 10], 10);
        let reader = claxon::FlacReader::new(Cursor::new(bytes)).unwrap();
        assert!(reader.vendor().unwrap().starts_with("narrate "));
    }

    #[test]
    fn tags_chapters_and_the_cover_are_metadata_blocks() {
        let (tags, timed) = crate::tags::tests::sample_tags();
        let input = signal(24000);
        let mut file = Cursor::new(Vec::new());
        let mut stream = Flac::new(SampleFormat::S16)
            .unwrap()
            .start_tagged(24000, None, &tags, &mut file)
            .unwrap();
        stream.write(&input).unwrap();
        stream.set_chapters(&timed).unwrap();
        stream.finish().unwrap();
        let bytes = file.into_inner();
        let reader = claxon::FlacReader::new(Cursor::new(&bytes)).unwrap();
        let comments: Vec<(&str, &str)> = reader.tags().collect();
        assert_eq!(
            comments,
            [
                ("TITLE", "Night ferry returns"),
                ("ARTIST", "Tomás Ó Briain"),
                ("ALBUM", "Island Herald"),
                ("DATE", "2022-06-30"),
                ("COMMENT", "narrated"),
                ("SOURCE", "https://island.example/ferry"),
                ("CHAPTER001", "00:00:00.000"),
                ("CHAPTER001NAME", "Night ferry returns"),
                ("CHAPTER002", "00:00:01.500"),
                ("CHAPTER002NAME", "The crossing"),
                ("CHAPTER003", "00:00:02.250"),
                ("CHAPTER003NAME", "Fares"),
            ]
        );
        // The blocks after STREAMINFO: the comment, then the picture, marked last.
        let comment_len = u32::from_be_bytes([0, bytes[43], bytes[44], bytes[45]]) as usize;
        assert_eq!(bytes[42], 4);
        let picture_at = 46 + comment_len;
        assert_eq!(bytes[picture_at], 0x80 | 6);
        let picture = crate::tags::flac_picture(tags.cover.as_ref().unwrap());
        let picture_len = u32::from_be_bytes([
            0,
            bytes[picture_at + 1],
            bytes[picture_at + 2],
            bytes[picture_at + 3],
        ]) as usize;
        assert_eq!(picture_len, picture.len());
        assert_eq!(
            &bytes[picture_at + 4..picture_at + 4 + picture_len],
            &picture[..]
        );
        // The audio is as it was.
        let (_, samples) = decode(&bytes);
        assert_eq!(samples.len(), input.len());
    }

    #[test]
    fn float_and_bad_rates_are_refused() {
        let err = Flac::new(SampleFormat::F32).unwrap_err();
        assert!(err.contains("float") && err.contains("24"), "{err}");
        let mut file = Cursor::new(Vec::new());
        for rate in [0, 192_000] {
            let err = Flac::new(SampleFormat::S16)
                .unwrap()
                .start(rate, None, &mut file)
                .err()
                .unwrap();
            assert!(err.to_string().contains("96000"), "{err}");
        }
        assert!(file.get_ref().is_empty());
    }

    #[test]
    fn loud_noise_at_24_bits_is_never_larger_than_verbatim() {
        // Silence then full-scale noise in one block: flacenc alone makes this frame
        // 1.3 GB (a rice parameter of 0 for 24-bit residuals).
        let mut seed = 99u32;
        let mut s = vec![0.0f32; 2826];
        s.extend((0..1270).map(|_| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1 << 23) as f32 - 1.0
        }));
        s.extend(signal(22050));
        let bytes = encode(SampleFormat::S24, 22050, &s, 4096);
        let (info, samples) = decode(&bytes);
        let verbatim = BLOCK_SIZE * 3 + FRAME_OVERHEAD_BITS / 8;
        assert!(info.max_frame_size.unwrap() as usize <= verbatim);
        assert!(bytes.len() < s.len() * 3 + 1000, "{} bytes", bytes.len());
        let expected: Vec<i32> = s.iter().map(|&x| to_int(x, 24)).collect();
        assert_eq!(samples, expected);
    }
}
