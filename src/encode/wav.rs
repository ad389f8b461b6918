//! WAV: mono `f32` samples in, a RIFF WAVE file of uncompressed PCM out, 16-bit or
//! 24-bit integers or 32-bit floats ([`SampleFormat`]).
//!
//! Files go through hound, the common Rust WAV crate: it writes the header first and
//! fills in the sizes at the end by seeking. Those sizes are 32-bit, so a file holds at
//! most about 4 GiB of samples (27 hours of 16-bit audio at 22,050 Hz); a longer stream is
//! an error, at [`Encoder::start`] when its length is known, else at the write that
//! would overflow, before anything past the limit is written.
//!
//! Tags ([`Encoder::start_tagged`]) go in a LIST chunk of type INFO after the data
//! chunk, where readers that stop at the data chunk (hound) never see it: INAM (title),
//! IART (author), IPRD (album), ICRD (date), ICMT (comment), each text NUL-terminated and
//! padded to an even length, as the RIFF specification writes them. hound writes only
//! the format and data chunks, so the LIST chunk is appended by hand at the end, after
//! the data's pad byte when its length is odd, and the RIFF size rewritten to cover it.
//! WAV has no chapters and no cover; the chapters are in the manifest.
//!
//! Standard output cannot seek, so [`wav_to_pipe`] writes the header by hand, first:
//! with the exact sizes when the length is known, else with the 0xFFFFFFFF "unknown
//! length" sizes that ffmpeg and sox read as "until the end of the stream". Its LIST
//! chunk goes before the data chunk, in the header, since a stream of unknown length
//! has no end to put it after (RIFF allows either place, and ffprobe reads both).

use super::{
    clip, invalid, to_int, write_part_in_blocks, Encoder, SampleFormat, Sink, Stream, BLOCK,
};
use crate::stitch::Part;
use crate::tags::Tags;
use std::cell::RefCell;
use std::io::{Seek, SeekFrom, Write};
use std::rc::Rc;

/// WAV files in one sample format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wav {
    pub format: SampleFormat,
}

impl Wav {
    pub fn new(format: SampleFormat) -> Wav {
        Wav { format }
    }
}

/// Bytes a header may take (hound writes 44 for 16-bit PCM, 68 with the extensible
/// format it uses for 24 bits, 58 for float with its fact chunk), rounded up.
const HEADER_BYTES: u64 = 80;

/// The most samples of `format` a WAV file holds: its 32-bit RIFF size counts the
/// header and the data.
pub fn max_samples(format: SampleFormat) -> u64 {
    (u64::from(u32::MAX) - HEADER_BYTES) / u64::from(format.bytes())
}

fn too_long(format: SampleFormat, sample_rate: u32) -> std::io::Error {
    let max = max_samples(format);
    invalid(format!(
        "the audio is too long for a {}-bit WAV file, whose sizes are 32-bit: at most {max} samples ({:.1} hours at {sample_rate} Hz); write FLAC, MP3 or Opus instead",
        format.bits(),
        max as f64 / f64::from(sample_rate.max(1)) / 3600.0
    ))
}

impl Encoder for Wav {
    fn extension(&self) -> &'static str {
        "wav"
    }

    fn max_samples(&self) -> Option<u64> {
        Some(max_samples(self.format))
    }

    fn start_tagged<'a>(
        &self,
        sample_rate: u32,
        total_samples: Option<u64>,
        tags: &Tags,
        out: &'a mut dyn Sink,
    ) -> std::io::Result<Box<dyn Stream + 'a>> {
        if total_samples.is_some_and(|n| n > max_samples(self.format)) {
            return Err(too_long(self.format, sample_rate));
        }
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate,
            bits_per_sample: self.format.bits(),
            sample_format: match self.format {
                SampleFormat::F32 => hound::SampleFormat::Float,
                SampleFormat::S16 | SampleFormat::S24 => hound::SampleFormat::Int,
            },
        };
        let start = out.stream_position()?;
        let shared = Shared(Rc::new(RefCell::new(out)));
        let writer = hound::WavWriter::new(shared.clone(), spec).map_err(io_error)?;
        Ok(Box::new(WavStream {
            writer,
            format: self.format,
            sample_rate,
            written: 0,
            list: list_info(tags),
            out: shared,
            start,
        }))
    }
}

/// The sink shared by hound's writer and the stream, which appends the LIST chunk once
/// hound has finished.
#[derive(Clone)]
struct Shared<'a>(Rc<RefCell<&'a mut dyn Sink>>);

impl Write for Shared<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.0.borrow_mut().write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.borrow_mut().flush()
    }
}

impl Seek for Shared<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.0.borrow_mut().seek(to)
    }
}

/// The LIST chunk of `tags` (INFO: INAM, IART, IPRD, ICRD, ICMT), or `None` when none
/// of them is set.
pub fn list_info(tags: &Tags) -> Option<Vec<u8>> {
    let mut body = b"INFO".to_vec();
    for (id, value) in [
        (b"INAM", &tags.title),
        (b"IART", &tags.author),
        (b"IPRD", &tags.album),
        (b"ICRD", &tags.date),
        (b"ICMT", &tags.comment),
    ] {
        let Some(text) = value else { continue };
        // NUL-terminated; a NUL inside would end it early, so none is kept.
        let mut bytes: Vec<u8> = text.bytes().filter(|&b| b != 0).collect();
        bytes.push(0);
        body.extend_from_slice(id);
        body.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        body.extend_from_slice(&bytes);
        if bytes.len() % 2 == 1 {
            body.push(0);
        }
    }
    if body.len() == 4 {
        return None;
    }
    let mut chunk = b"LIST".to_vec();
    chunk.extend_from_slice(&(body.len() as u32).to_le_bytes());
    chunk.extend_from_slice(&body);
    Some(chunk)
}

/// A WAV file being written.
struct WavStream<'a> {
    writer: hound::WavWriter<Shared<'a>>,
    format: SampleFormat,
    sample_rate: u32,
    written: u64,
    /// The LIST chunk to append, if there are tags.
    list: Option<Vec<u8>>,
    out: Shared<'a>,
    /// Where the file starts in the sink.
    start: u64,
}

impl WavStream<'_> {
    /// Errs if `n` more samples would not fit the file.
    fn check_room(&self, n: usize) -> std::io::Result<()> {
        if self.written + n as u64 > max_samples(self.format) {
            return Err(too_long(self.format, self.sample_rate));
        }
        Ok(())
    }
}

impl Stream for WavStream<'_> {
    fn write(&mut self, samples: &[f32]) -> std::io::Result<()> {
        self.check_room(samples.len())?;
        self.written += samples.len() as u64;
        match self.format {
            SampleFormat::S16 => {
                for block in samples.chunks(BLOCK) {
                    // Exactly `block.len()` <= BLOCK samples go to a writer of that size.
                    let mut writer = self.writer.get_i16_writer(block.len() as u32);
                    for &x in block {
                        writer.write_sample(to_int(x, 16) as i16);
                    }
                    writer.flush().map_err(io_error)?;
                }
            }
            SampleFormat::S24 => {
                for &x in samples {
                    self.writer.write_sample(to_int(x, 24)).map_err(io_error)?;
                }
            }
            SampleFormat::F32 => {
                for &x in samples {
                    self.writer.write_sample(clip(x)).map_err(io_error)?;
                }
            }
        }
        Ok(())
    }

    /// Checks the whole part fits before writing any of it.
    fn write_part(&mut self, part: &Part) -> std::io::Result<()> {
        self.check_room(part.len())?;
        write_part_in_blocks(self, part)
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        let WavStream {
            writer,
            list,
            mut out,
            start,
            ..
        } = *self;
        // hound writes samples in order: the data ends where the last one did.
        let data_end = out.stream_position()?;
        writer.finalize().map_err(io_error)?;
        let Some(list) = list else {
            return Ok(());
        };
        out.seek(SeekFrom::Start(data_end))?;
        // hound does not pad an odd data chunk; the chunk after it must start even.
        if (data_end - start) % 2 == 1 {
            out.write_all(&[0])?;
        }
        out.write_all(&list)?;
        let end = out.stream_position()?;
        let riff = u32::try_from(end - start - 8).map_err(|_| {
            invalid("the audio and its tags are too long for a WAV file, whose sizes are 32-bit")
        })?;
        out.seek(SeekFrom::Start(start + 4))?;
        out.write_all(&riff.to_le_bytes())?;
        out.seek(SeekFrom::Start(end))?;
        out.flush()
    }
}

/// hound's error as an I/O error (its I/O errors unwrapped, the rest as "other").
fn io_error(e: hound::Error) -> std::io::Error {
    match e {
        hound::Error::IoError(io) => io,
        other => std::io::Error::other(other.to_string()),
    }
}

/// The size fields of a WAV stream whose length is not known.
pub const UNKNOWN_SIZE: u32 = u32::MAX;

/// WAV to a pipe (standard output), which cannot seek: the header is written first, by
/// hand, with the exact sizes when `total_samples` is known (and they fit 32 bits), else
/// with the [`UNKNOWN_SIZE`] sizes that ffmpeg and sox accept for streams. With a known
/// length, writing more samples than declared is an error, and so is finishing with fewer.
///
/// The header: 16 and 24-bit audio as `WAVE_FORMAT_PCM` with a 16-byte fmt chunk;
/// float as `WAVE_FORMAT_IEEE_FLOAT` with an 18-byte fmt chunk and the fact chunk (the
/// sample count) that non-PCM formats carry; then the LIST chunk of `tags`, if any.
pub fn wav_to_pipe<'a>(
    out: &'a mut dyn Write,
    sample_rate: u32,
    format: SampleFormat,
    total_samples: Option<u64>,
    tags: &Tags,
) -> std::io::Result<Box<dyn Stream + 'a>> {
    let float = format == SampleFormat::F32;
    let bytes = u32::from(format.bytes());
    let fmt_len: u32 = if float { 18 } else { 16 };
    let fact_len: u32 = if float { 12 } else { 0 };
    let list = list_info(tags).unwrap_or_default();
    let list_len = u32::try_from(list.len())
        .map_err(|_| invalid("the tags are too long for a WAV header, whose sizes are 32-bit"))?;
    let header_len = 12 + 8 + fmt_len + fact_len + list_len + 8;
    let sizes = total_samples.and_then(|n| {
        let data = n.checked_mul(u64::from(bytes))?;
        let riff = u64::from(header_len) - 8 + data + (data & 1);
        // The fact chunk holds the sample count in 32 bits too.
        let count = u32::try_from(n).ok()?;
        Some((u32::try_from(riff).ok()?, u32::try_from(data).ok()?, count))
    });
    let (riff, data, count) = sizes.unwrap_or((UNKNOWN_SIZE, UNKNOWN_SIZE, UNKNOWN_SIZE));

    let mut header = Vec::with_capacity(header_len as usize);
    header.extend_from_slice(b"RIFF");
    header.extend_from_slice(&riff.to_le_bytes());
    header.extend_from_slice(b"WAVE");
    header.extend_from_slice(b"fmt ");
    header.extend_from_slice(&fmt_len.to_le_bytes());
    header.extend_from_slice(&(if float { 3u16 } else { 1u16 }).to_le_bytes());
    header.extend_from_slice(&1u16.to_le_bytes()); // channels
    header.extend_from_slice(&sample_rate.to_le_bytes());
    header.extend_from_slice(&sample_rate.saturating_mul(bytes).to_le_bytes()); // bytes a second
    header.extend_from_slice(&(bytes as u16).to_le_bytes()); // block align
    header.extend_from_slice(&format.bits().to_le_bytes());
    if float {
        header.extend_from_slice(&0u16.to_le_bytes()); // no extension
        header.extend_from_slice(b"fact");
        header.extend_from_slice(&4u32.to_le_bytes());
        header.extend_from_slice(&count.to_le_bytes());
    }
    header.extend_from_slice(&list);
    header.extend_from_slice(b"data");
    header.extend_from_slice(&data.to_le_bytes());
    debug_assert_eq!(header.len(), header_len as usize);
    out.write_all(&header)?;
    Ok(Box::new(PipeStream {
        out,
        format,
        declared: sizes.and(total_samples),
        written: 0,
        bytes: Vec::with_capacity(BLOCK * 4),
    }))
}

/// A WAV stream being written to a pipe.
struct PipeStream<'a> {
    out: &'a mut dyn Write,
    format: SampleFormat,
    /// The length in the header, if it has one.
    declared: Option<u64>,
    written: u64,
    /// One block's bytes.
    bytes: Vec<u8>,
}

impl Stream for PipeStream<'_> {
    fn write(&mut self, samples: &[f32]) -> std::io::Result<()> {
        if let Some(declared) = self.declared {
            if self.written + samples.len() as u64 > declared {
                return Err(invalid(format!(
                    "more samples than the WAV header declared ({declared})"
                )));
            }
        }
        self.written += samples.len() as u64;
        for block in samples.chunks(BLOCK) {
            self.bytes.clear();
            match self.format {
                SampleFormat::S16 => {
                    for &x in block {
                        self.bytes
                            .extend_from_slice(&(to_int(x, 16) as i16).to_le_bytes());
                    }
                }
                SampleFormat::S24 => {
                    for &x in block {
                        self.bytes
                            .extend_from_slice(&to_int(x, 24).to_le_bytes()[..3]);
                    }
                }
                SampleFormat::F32 => {
                    for &x in block {
                        self.bytes.extend_from_slice(&clip(x).to_le_bytes());
                    }
                }
            }
            self.out.write_all(&self.bytes)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        if let Some(declared) = self.declared {
            if self.written != declared {
                return Err(invalid(format!(
                    "{} samples written where the WAV header declared {declared}",
                    self.written
                )));
            }
            // RIFF chunks are padded to an even length.
            if (declared * u64::from(self.format.bytes())) % 2 == 1 {
                self.out.write_all(&[0])?;
            }
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::testing::{tone, NullSink};
    use std::io::Cursor;

    /// A 440 Hz tone of 1.3 s then 0.4 s of silence at 22050 Hz, with the extremes and
    /// values outside [-1, 1] and NaN at the end.
    fn signal() -> Vec<f32> {
        let mut s = tone(22050, 440.0, 0.7, 1.3, 0.4);
        s.extend([1.0, -1.0, 1.5, -3.0, f32::NAN, 0.25, -0.25, 1e-9]);
        s
    }

    fn encode(format: SampleFormat, samples: &[f32], pieces: usize) -> Vec<u8> {
        let mut file = Cursor::new(Vec::new());
        let mut stream = Wav::new(format).start(22050, None, &mut file).unwrap();
        for piece in samples.chunks(samples.len().div_ceil(pieces)) {
            stream.write(piece).unwrap();
        }
        stream.finish().unwrap();
        file.into_inner()
    }

    /// What the file should hold: each sample as the format stores it.
    fn expected_ints(samples: &[f32], bits: u32) -> Vec<i32> {
        samples.iter().map(|&x| to_int(x, bits)).collect()
    }

    #[test]
    fn s16_round_trips_bit_exact() {
        let s = signal();
        let bytes = encode(SampleFormat::S16, &s, 7);
        let mut reader = hound::WavReader::new(Cursor::new(bytes)).unwrap();
        let spec = reader.spec();
        assert_eq!(
            (spec.channels, spec.sample_rate, spec.bits_per_sample),
            (1, 22050, 16)
        );
        assert_eq!(spec.sample_format, hound::SampleFormat::Int);
        let read: Vec<i32> = reader.samples::<i32>().map(|x| x.unwrap()).collect();
        assert_eq!(read, expected_ints(&s, 16));
        assert_eq!(
            &read[read.len() - 8..],
            &[32767, -32768, 32767, -32768, 0, 8192, -8192, 0]
        );
    }

    #[test]
    fn s24_round_trips_bit_exact() {
        let s = signal();
        let bytes = encode(SampleFormat::S24, &s, 3);
        let mut reader = hound::WavReader::new(Cursor::new(bytes)).unwrap();
        assert_eq!(reader.spec().bits_per_sample, 24);
        assert_eq!(reader.spec().sample_format, hound::SampleFormat::Int);
        let read: Vec<i32> = reader.samples::<i32>().map(|x| x.unwrap()).collect();
        assert_eq!(read, expected_ints(&s, 24));
        assert_eq!(
            &read[read.len() - 8..],
            &[8_388_607, -8_388_608, 8_388_607, -8_388_608, 0, 2_097_152, -2_097_152, 0]
        );
    }

    #[test]
    fn f32_round_trips_exactly_clipped() {
        let s = signal();
        let bytes = encode(SampleFormat::F32, &s, 1);
        let mut reader = hound::WavReader::new(Cursor::new(bytes)).unwrap();
        assert_eq!(reader.spec().bits_per_sample, 32);
        assert_eq!(reader.spec().sample_format, hound::SampleFormat::Float);
        let read: Vec<f32> = reader.samples::<f32>().map(|x| x.unwrap()).collect();
        let expected: Vec<f32> = s.iter().map(|&x| clip(x)).collect();
        assert_eq!(read, expected);
        assert_eq!(
            &read[read.len() - 8..read.len() - 3],
            &[1.0, -1.0, 1.0, -1.0, 0.0]
        );
    }

    #[test]
    fn sixteen_bit_parts_come_back_bit_exact_in_every_integer_width() {
        let speech: Vec<i16> = (i16::MIN..=i16::MAX).step_by(3).chain([i16::MAX]).collect();
        for format in [SampleFormat::S16, SampleFormat::S24, SampleFormat::F32] {
            let mut file = Cursor::new(Vec::new());
            let mut stream = Wav::new(format)
                .start(8000, Some(speech.len() as u64 + 5), &mut file)
                .unwrap();
            stream.write_part(&Part::Speech(speech.clone())).unwrap();
            stream.write_part(&Part::Silence(5)).unwrap();
            stream.finish().unwrap();
            let mut reader = hound::WavReader::new(Cursor::new(file.into_inner())).unwrap();
            let read: Vec<i32> = match format {
                SampleFormat::F32 => reader
                    .samples::<f32>()
                    .map(|x| (x.unwrap() * 32768.0) as i32)
                    .collect(),
                _ => reader
                    .samples::<i32>()
                    .map(|x| x.unwrap() >> (format.bits() - 16))
                    .collect(),
            };
            let expected: Vec<i32> = speech.iter().map(|&x| i32::from(x)).chain([0; 5]).collect();
            assert_eq!(read, expected, "{format:?}");
        }
    }

    #[test]
    fn a_stream_too_long_for_wav_is_an_error_before_it_is_written() {
        for format in [SampleFormat::S16, SampleFormat::S24, SampleFormat::F32] {
            let max = max_samples(format);
            // Known in advance: refused at the start, with nothing written.
            let mut sink = NullSink::default();
            let err = Wav::new(format)
                .start(22050, Some(max + 1), &mut sink)
                .err()
                .unwrap();
            assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
            let message = err.to_string();
            assert!(
                message.contains(&format!("{}-bit", format.bits())),
                "{message}"
            );
            assert!(message.contains("hours"), "{message}");
            assert_eq!(sink.written, 0);
            // As it comes: the part that would overflow is refused whole.
            let mut sink = NullSink::default();
            let mut stream = Wav::new(format).start(22050, None, &mut sink).unwrap();
            stream.write(&[0.5; 10]).unwrap();
            let err = stream
                .write_part(&Part::Silence(max as usize - 9))
                .unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
            let err = stream.write(&vec![0.0; max as usize - 9]).unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
            // The limit itself fits.
            assert!(Wav::new(format)
                .start(22050, Some(max), &mut NullSink::default())
                .is_ok());
            // 16-bit: 2^31 samples, about 27 hours at 22050 Hz.
            assert!(max * u64::from(format.bytes()) + HEADER_BYTES <= u64::from(u32::MAX));
            assert!(max > (u64::from(u32::MAX) - 100) / u64::from(format.bytes()));
        }
    }

    #[test]
    fn tags_are_a_list_info_chunk_after_the_data() {
        let (tags, _) = crate::tags::tests::sample_tags();
        // 24-bit and an odd count: the data chunk takes a pad byte before the LIST.
        for (format, n) in [(SampleFormat::S16, 1000usize), (SampleFormat::S24, 1001)] {
            let mut file = Cursor::new(Vec::new());
            let mut stream = Wav::new(format)
                .start_tagged(22050, None, &tags, &mut file)
                .unwrap();
            stream.write(&vec![0.5; n]).unwrap();
            stream.finish().unwrap();
            let bytes = file.into_inner();
            let u32_at =
                |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
            // The RIFF size covers every chunk.
            assert_eq!(u32_at(4), bytes.len() - 8, "{format:?}");
            // Walk the chunks: fmt, data, LIST, each at an even offset.
            let mut at = 12;
            let mut ids = Vec::new();
            let mut list = None;
            while at < bytes.len() {
                let id = &bytes[at..at + 4];
                let len = u32_at(at + 4);
                ids.push(String::from_utf8_lossy(id).into_owned());
                if id == b"LIST" {
                    list = Some(bytes[at + 8..at + 8 + len].to_vec());
                }
                at += 8 + len + len % 2;
            }
            assert_eq!(at, bytes.len());
            assert_eq!(ids, ["fmt ", "data", "LIST"], "{format:?}");
            let list = list.unwrap();
            assert_eq!(&list[..4], b"INFO");
            let mut fields = Vec::new();
            let mut i = 4;
            while i < list.len() {
                let len = u32::from_le_bytes(list[i + 4..i + 8].try_into().unwrap()) as usize;
                let text = &list[i + 8..i + 8 + len];
                assert_eq!(text.last(), Some(&0), "NUL-terminated");
                fields.push((
                    String::from_utf8_lossy(&list[i..i + 4]).into_owned(),
                    String::from_utf8(text[..len - 1].to_vec()).unwrap(),
                ));
                i += 8 + len + len % 2;
            }
            assert_eq!(
                fields,
                [
                    ("INAM".to_string(), "Night ferry returns".to_string()),
                    ("IART".into(), "Tomás Ó Briain".into()),
                    ("IPRD".into(), "Island Herald".into()),
                    ("ICRD".into(), "2022-06-30".into()),
                    ("ICMT".into(), "narrated".into()),
                ]
            );
            // hound still reads the samples.
            let reader = hound::WavReader::new(Cursor::new(bytes)).unwrap();
            assert_eq!(reader.len() as usize, n);
        }
        // No tags, no chunk.
        assert_eq!(list_info(&Tags::default()), None);
    }

    #[test]
    fn a_pipe_puts_the_tags_before_the_data() {
        let (tags, _) = crate::tags::tests::sample_tags();
        let s = signal();
        for total in [Some(s.len() as u64), None] {
            let mut out = Vec::new();
            let mut stream = wav_to_pipe(&mut out, 22050, SampleFormat::S16, total, &tags).unwrap();
            stream.write(&s).unwrap();
            stream.finish().unwrap();
            let u32_at = |i: usize| u32::from_le_bytes(out[i..i + 4].try_into().unwrap());
            // The chunks in order: fmt, LIST (the tags), data.
            let fmt_end = 12 + 8 + u32_at(16) as usize;
            assert_eq!(&out[fmt_end..fmt_end + 4], b"LIST");
            let list = list_info(&tags).unwrap();
            assert_eq!(&out[fmt_end..fmt_end + list.len()], &list[..]);
            let data_at = fmt_end + list.len();
            assert_eq!(&out[data_at..data_at + 4], b"data");
            if total.is_some() {
                // Exact sizes: the RIFF size covers the tags too.
                assert_eq!(u32_at(4) as usize + 8, out.len());
                assert_eq!(u32_at(data_at + 4) as usize, 2 * s.len());
                // hound passes over the LIST chunk to the samples.
                let reader = hound::WavReader::new(Cursor::new(&out)).unwrap();
                assert_eq!(reader.len() as usize, s.len());
            } else {
                assert_eq!(u32_at(data_at + 4), UNKNOWN_SIZE);
            }
        }
    }

    fn pipe(format: SampleFormat, samples: &[f32], total: Option<u64>) -> Vec<u8> {
        let mut out = Vec::new();
        let mut stream = wav_to_pipe(&mut out, 22050, format, total, &Tags::default()).unwrap();
        for piece in samples.chunks(1000) {
            stream.write(piece).unwrap();
        }
        stream.finish().unwrap();
        out
    }

    #[test]
    fn pipe_with_a_known_length_is_a_complete_wav() {
        let s = signal();
        for format in [SampleFormat::S16, SampleFormat::S24, SampleFormat::F32] {
            let bytes = pipe(format, &s, Some(s.len() as u64));
            let data = s.len() * usize::from(format.bytes());
            // RIFF size = the file less its first 8 bytes.
            let riff = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
            assert_eq!(riff + 8, bytes.len(), "{format:?}");
            assert_eq!(bytes.len() % 2, 0, "{format:?}: padded to even");
            let mut reader = hound::WavReader::new(Cursor::new(&bytes)).unwrap();
            assert_eq!(reader.len() as usize, s.len(), "{format:?}");
            assert_eq!(reader.spec().bits_per_sample, format.bits());
            assert_eq!(reader.spec().sample_rate, 22050);
            match format {
                SampleFormat::F32 => {
                    let read: Vec<f32> = reader.samples::<f32>().map(|x| x.unwrap()).collect();
                    assert_eq!(read, s.iter().map(|&x| clip(x)).collect::<Vec<_>>());
                }
                _ => {
                    let read: Vec<i32> = reader.samples::<i32>().map(|x| x.unwrap()).collect();
                    assert_eq!(read, expected_ints(&s, u32::from(format.bits())));
                }
            }
            // The same bytes as the file writer's samples.
            let file = encode(format, &s, 1);
            let from_file = &file[file.len() - data..];
            let from_pipe = &bytes[bytes.len() - data - (data % 2)..][..data];
            assert_eq!(from_file, from_pipe, "{format:?}");
        }
    }

    #[test]
    fn pipe_with_an_odd_24_bit_length_is_padded() {
        let bytes = pipe(SampleFormat::S24, &[0.5, -0.5, 0.25], Some(3));
        assert_eq!(bytes.len(), 44 + 9 + 1);
        assert_eq!(bytes[bytes.len() - 1], 0);
        let mut reader = hound::WavReader::new(Cursor::new(&bytes)).unwrap();
        let read: Vec<i32> = reader.samples::<i32>().map(|x| x.unwrap()).collect();
        assert_eq!(read, [4_194_304, -4_194_304, 2_097_152]);
    }

    #[test]
    fn pipe_with_an_unknown_length_has_the_stream_sizes_and_the_data() {
        let s = signal();
        for format in [SampleFormat::S16, SampleFormat::S24, SampleFormat::F32] {
            let bytes = pipe(format, &s, None);
            let header = if format == SampleFormat::F32 { 58 } else { 44 };
            let data = s.len() * usize::from(format.bytes());
            assert_eq!(bytes.len(), header + data, "{format:?}: no padding");
            assert_eq!(&bytes[0..4], b"RIFF");
            assert_eq!(&bytes[4..8], &[0xFF; 4]);
            assert_eq!(&bytes[8..16], b"WAVEfmt ");
            assert_eq!(&bytes[header - 8..header - 4], b"data");
            assert_eq!(&bytes[header - 4..header], &[0xFF; 4]);
            // The format is the one of a known length.
            let known = pipe(format, &s, Some(s.len() as u64));
            assert_eq!(bytes[8..36], known[8..36]);
            if format == SampleFormat::F32 {
                assert_eq!(&bytes[38..42], b"fact");
                assert_eq!(&bytes[46..50], &[0xFF; 4]);
            }
            assert_eq!(bytes[header..], known[header..header + data]);
            // hound refuses the stream sizes for integer samples (a data size that is not
            // a whole number of samples), so the check is by hand: with the sizes replaced
            // by the real ones, the stream is the file of known length, byte for byte.
            let mut patched = bytes.clone();
            let riff = bytes.len() - 8 + data % 2;
            patched[4..8].copy_from_slice(&(riff as u32).to_le_bytes());
            patched[header - 4..header].copy_from_slice(&(data as u32).to_le_bytes());
            if format == SampleFormat::F32 {
                patched[46..50].copy_from_slice(&(s.len() as u32).to_le_bytes());
            }
            if data % 2 == 1 {
                patched.push(0);
            }
            assert_eq!(patched, known, "{format:?}");
            let reader = hound::WavReader::new(Cursor::new(&patched)).unwrap();
            assert_eq!(reader.len() as usize, s.len());
        }
    }

    /// A 16-bit WAV stream of 22,050 Hz to `out`, without tags.
    fn untagged_pipe(out: &mut Vec<u8>, total: Option<u64>) -> Box<dyn Stream + '_> {
        wav_to_pipe(out, 22050, SampleFormat::S16, total, &Tags::default()).unwrap()
    }

    #[test]
    fn pipe_length_mismatches_are_errors() {
        let mut out = Vec::new();
        let mut stream = untagged_pipe(&mut out, Some(10));
        stream.write(&[0.1; 6]).unwrap();
        let err = stream.write(&[0.1; 5]).unwrap_err();
        assert!(err.to_string().contains("declared (10)"), "{err}");
        stream.write(&[0.1; 4]).unwrap();
        stream.finish().unwrap();

        let mut out = Vec::new();
        let mut stream = untagged_pipe(&mut out, Some(10));
        stream.write(&[0.1; 9]).unwrap();
        let err = stream.finish().unwrap_err();
        assert!(err.to_string().contains("9 samples"), "{err}");

        // A length too long for the 32-bit sizes is written as a stream of unknown length.
        let mut out = Vec::new();
        let stream = untagged_pipe(&mut out, Some(1 << 32));
        drop(stream);
        assert_eq!(&out[4..8], &[0xFF; 4]);
        assert_eq!(&out[40..44], &[0xFF; 4]);
    }
}
