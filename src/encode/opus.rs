//! Ogg Opus: mono `f32` samples in, an Ogg Opus file (RFC 7845) out, 32 kbps unless asked
//! otherwise (Opus is transparent for speech well below that).
//!
//! Encoded by libopus, Debian's (`libopus-dev`, which scripts/setup.sh installs), through
//! the opus crate and audiopus_sys, which find it with pkg-config; opus 0.4 is not used
//! because it builds its own copy of libopus with cmake. The Ogg pages are written by the
//! ogg crate. The stream:
//!
//! - an ID header page (`OpusHead`): one channel, the encoder's lookahead as pre-skip
//!   (in 48 kHz samples), the rate the audio was given at, no gain, mapping family 0;
//! - a comment header page (`OpusTags`): libopus's version as vendor, `ENCODER=narrate`,
//!   then the tags ([`Encoder::start_tagged`]) as FLAC writes them (TITLE, ARTIST,
//!   ALBUM, DATE, COMMENT, SOURCE, `CHAPTERnnn` and `CHAPTERnnnNAME`) and the cover as
//!   `METADATA_BLOCK_PICTURE`, a FLAC picture block in base64 (as opusenc writes it). A
//!   cover makes the packet span pages. The chapter times are fixed-width, so when
//!   [`Stream::set_chapters`] gives them at the end, both header packets are paged again
//!   the same way (the same sizes, sequence numbers and serial, new checksums) and
//!   written over the first;
//! - 20 ms packets, about one second of them to a page, each page's granule position the
//!   48 kHz sample count (pre-skip included) at its last packet's end;
//! - the last page with the end-of-stream flag, its granule position cut back to
//!   pre-skip plus the input's length so that decoders drop the padding of the last
//!   frame: a decoder that honours pre-skip and the end trim gives back exactly the
//!   samples written.
//!
//! Opus takes 8, 12, 16, 24 or 48 kHz: [`Encoder::output_rate`] is the lowest of these
//! at or above the rate offered (22,050 Hz speech goes at 24 kHz, which loses nothing),
//! and the caller resamples; this module never does. The stream holds one 20 ms frame of
//! samples and one page of packets.

use super::{clip, invalid, Encoder, Sink, Stream};
use crate::tags::{flac_picture, Chapter, Tags};
use base64::Engine;
use ogg::writing::{PacketWriteEndInfo, PacketWriter};
use std::hash::BuildHasher;
use std::io::{Seek, SeekFrom, Write};

/// The rates Opus takes.
pub const RATES: [u32; 5] = [8000, 12000, 16000, 24000, 48000];

/// The bitrate when none is asked for, in kbps.
pub const DEFAULT_KBPS: u32 = 32;

/// The bitrates narrate writes Opus at, in kbps. libopus takes 6 to 510, but below 24
/// its decoded speech peaks over the ceiling wherever the level is set (at 6 to 10 the
/// codec, not the input, makes the peaks; at 12 to 20 the corrections did not always
/// bring them under in five writes), so the loudness promise could not be kept there.
pub const KBPS: std::ops::RangeInclusive<u32> = 24..=510;

/// Packets a page holds: one second of 20 ms packets.
const PACKETS_PER_PAGE: u64 = 50;

/// Samples of a 20 ms frame at 48 kHz, the unit of granule positions.
const FRAME_48K: u64 = 960;

/// The largest packet libopus makes for one frame (RFC 6716: 1275 bytes), with room.
const MAX_PACKET: usize = 1500;

/// Ogg Opus files at one bitrate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opus {
    kbps: u32,
}

impl Opus {
    /// Opus at `kbps` (24 to 510), or [`DEFAULT_KBPS`].
    pub fn new(kbps: Option<u32>) -> Result<Opus, String> {
        let kbps = super::bitrate("Opus", kbps, DEFAULT_KBPS, &KBPS)?;
        Ok(Opus { kbps })
    }

    /// The bitrate asked for, in kbps.
    pub fn kbps(&self) -> u32 {
        self.kbps
    }
}

fn opus_error(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("Opus encoder (libopus): {e}"))
}

/// The `OpusHead` packet (RFC 7845 section 5.1).
fn head(pre_skip: u16, input_rate: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(19);
    h.extend_from_slice(b"OpusHead");
    h.push(1); // version
    h.push(1); // channels
    h.extend_from_slice(&pre_skip.to_le_bytes());
    h.extend_from_slice(&input_rate.to_le_bytes());
    h.extend_from_slice(&0i16.to_le_bytes()); // output gain
    h.push(0); // mapping family: mono or stereo, no table
    h
}

/// The `OpusTags` packet (RFC 7845 section 5.2).
fn tags_packet(vendor: &str, comments: &[String]) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"OpusTags");
    t.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    t.extend_from_slice(vendor.as_bytes());
    t.extend_from_slice(&(comments.len() as u32).to_le_bytes());
    for c in comments {
        t.extend_from_slice(&(c.len() as u32).to_le_bytes());
        t.extend_from_slice(c.as_bytes());
    }
    t
}

/// The comments of the `OpusTags` packet: narrate's, then `tags` at `rate`.
fn comments(tags: &Tags, rate: u32) -> Vec<String> {
    let mut c = vec!["ENCODER=narrate".to_string()];
    c.extend(tags.vorbis_comments(rate));
    if let Some(cover) = &tags.cover {
        let picture = base64::engine::general_purpose::STANDARD.encode(flac_picture(cover));
        c.push(format!("METADATA_BLOCK_PICTURE={picture}"));
    }
    c
}

/// Writes the two header packets, each ending its page (the second may span several).
fn write_headers<W: Write>(
    writer: &mut PacketWriter<'static, W>,
    serial: u32,
    head: Vec<u8>,
    tags: Vec<u8>,
) -> std::io::Result<()> {
    writer.write_packet(head, serial, PacketWriteEndInfo::EndPage, 0)?;
    writer.write_packet(tags, serial, PacketWriteEndInfo::EndPage, 0)
}

impl Encoder for Opus {
    /// Opus takes about a third of an LU from speech up to 48 kbps and next to nothing
    /// above, and rings over its peaks by up to a dB at low bitrates (measured on
    /// espeak-ng and joe).
    fn codec_change(&self) -> crate::encode::CodecChange {
        let low = self.kbps <= 48;
        crate::encode::CodecChange {
            loudness_lost_lu: if low { 0.35 } else { 0.05 },
            peak_added_db: if low { 0.8 } else { 0.4 },
        }
    }

    fn extension(&self) -> &'static str {
        "opus"
    }

    /// The lowest Opus rate at or above `rate`, 48 kHz at most.
    fn output_rate(&self, rate: u32) -> u32 {
        RATES.iter().copied().find(|&r| r >= rate).unwrap_or(48000)
    }

    fn start_tagged<'a>(
        &self,
        sample_rate: u32,
        _total_samples: Option<u64>,
        tags: &Tags,
        out: &'a mut dyn Sink,
    ) -> std::io::Result<Box<dyn Stream + 'a>> {
        if !RATES.contains(&sample_rate) {
            return Err(invalid(format!(
                "Opus is not written at {sample_rate} Hz; resample to {} Hz",
                self.output_rate(sample_rate)
            )));
        }
        let mut encoder =
            opus::Encoder::new(sample_rate, opus::Channels::Mono, opus::Application::Audio)
                .map_err(opus_error)?;
        encoder
            .set_bitrate(opus::Bitrate::Bits(self.kbps as i32 * 1000))
            .map_err(opus_error)?;
        encoder
            .set_signal(opus::Signal::Voice)
            .map_err(opus_error)?;
        // In samples at `sample_rate`; pre-skip counts 48 kHz samples.
        let lookahead = encoder.get_lookahead().map_err(opus_error)?;
        let per_48k = 48000 / sample_rate;
        let pre_skip = u64::try_from(lookahead).map_err(opus_error)? * u64::from(per_48k);
        let pre_skip = u16::try_from(pre_skip).map_err(opus_error)?;
        // A random serial number, as RFC 3533 asks, so that streams can be chained.
        let serial = std::collections::hash_map::RandomState::new().hash_one(sample_rate) as u32;
        let headers_start = out.stream_position()?;
        let mut writer = PacketWriter::new(out);
        write_headers(
            &mut writer,
            serial,
            head(pre_skip, sample_rate),
            tags_packet(opus::version(), &comments(tags, sample_rate)),
        )?;
        let headers_len = writer.inner_mut().stream_position()? - headers_start;
        let frame = sample_rate as usize / 50;
        Ok(Box::new(OpusStream {
            writer,
            serial,
            encoder,
            frame,
            per_48k: u64::from(per_48k),
            pre_skip: u64::from(pre_skip),
            pending: Vec::with_capacity(frame),
            buffer: Box::new([0; MAX_PACKET]),
            held: None,
            packets: 0,
            samples: 0,
            sample_rate,
            tags: tags.clone(),
            chapters_changed: false,
            headers_start,
            headers_len,
        }))
    }
}

/// An Ogg Opus file being written.
struct OpusStream<'a> {
    writer: PacketWriter<'static, &'a mut dyn Sink>,
    serial: u32,
    encoder: opus::Encoder,
    /// Samples in a 20 ms frame at the input rate.
    frame: usize,
    /// 48 kHz samples to one input sample.
    per_48k: u64,
    pre_skip: u64,
    /// Samples of the next frame.
    pending: Vec<f32>,
    /// Where libopus writes a packet.
    buffer: Box<[u8; MAX_PACKET]>,
    /// The last packet made, not yet written: it is written when the next one is made,
    /// or at the end with the end-of-stream flag and the trimmed granule position.
    held: Option<Vec<u8>>,
    /// Packets made so far, `held` included.
    packets: u64,
    /// Input samples taken so far.
    samples: u64,
    sample_rate: u32,
    /// The tags written, and whether the chapters' times changed since.
    tags: Tags,
    chapters_changed: bool,
    /// Where the header pages start in the sink, and their length.
    headers_start: u64,
    headers_len: u64,
}

impl OpusStream<'_> {
    /// Encodes the pending frame (which must be full) into a packet, and writes the one
    /// before it.
    fn encode_frame(&mut self) -> std::io::Result<()> {
        let n = self
            .encoder
            .encode_float(&self.pending, &mut self.buffer[..])
            .map_err(opus_error)?;
        // The page being made holds its packets until it is written.
        let packet = self.buffer[..n].to_vec();
        self.pending.clear();
        if let Some(previous) = self.held.replace(packet) {
            // `previous` is packet number `packets - 1`, ending at `packets` frames.
            let end = if self.packets.is_multiple_of(PACKETS_PER_PAGE) {
                PacketWriteEndInfo::EndPage
            } else {
                PacketWriteEndInfo::NormalPacket
            };
            self.writer
                .write_packet(previous, self.serial, end, self.packets * FRAME_48K)?;
        }
        self.packets += 1;
        Ok(())
    }
}

impl Stream for OpusStream<'_> {
    fn set_chapters(&mut self, chapters: &[Chapter]) -> std::io::Result<()> {
        if super::retime_chapters(&mut self.tags.chapters, chapters)? {
            self.chapters_changed = true;
        }
        Ok(())
    }

    fn write(&mut self, samples: &[f32]) -> std::io::Result<()> {
        self.samples += samples.len() as u64;
        for &x in samples {
            self.pending.push(clip(x));
            if self.pending.len() == self.frame {
                self.encode_frame()?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        // The decoder's output is pre-skip samples late: frames of silence are added
        // until the packets cover pre-skip and every input sample, at least one packet.
        let end = self.pre_skip + self.samples * self.per_48k;
        let needed = end.div_ceil(FRAME_48K).max(1);
        while self.packets < needed {
            self.pending.resize(self.frame, 0.0);
            self.encode_frame()?;
        }
        if let Some(last) = self.held.take() {
            // The granule position of the last page trims the padding (RFC 7845 4.4).
            self.writer
                .write_packet(last, self.serial, PacketWriteEndInfo::EndStream, end)?;
        }
        if self.chapters_changed {
            // The same packets but for the times, paged as they were: a new writer of
            // the same serial numbers its pages from 0 as the first did.
            let pre_skip = u16::try_from(self.pre_skip).map_err(opus_error)?;
            let mut pages = PacketWriter::new(std::io::Cursor::new(Vec::new()));
            write_headers(
                &mut pages,
                self.serial,
                head(pre_skip, self.sample_rate),
                tags_packet(opus::version(), &comments(&self.tags, self.sample_rate)),
            )?;
            let pages = pages.into_inner().into_inner();
            if pages.len() as u64 != self.headers_len {
                return Err(std::io::Error::other(
                    "the Opus header pages changed size with their chapter times",
                ));
            }
            let out = self.writer.inner_mut();
            let end = out.stream_position()?;
            out.seek(SeekFrom::Start(self.headers_start))?;
            out.write_all(&pages)?;
            out.seek(SeekFrom::Start(end))?;
        }
        self.writer.inner_mut().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::testing::{best_lag, correlation, db, rms, tone};
    use crate::stitch::Part;
    use std::io::Cursor;

    struct Decoded {
        head: Vec<u8>,
        tags: Vec<u8>,
        /// The decoded samples at the rate asked, pre-skip and the end trim applied.
        samples: Vec<f32>,
        /// Granule positions of the pages, in order.
        granules: Vec<u64>,
        /// Packets per page.
        pages: Vec<usize>,
        last_flag: bool,
    }

    /// Decodes as RFC 7845 says a player does, at `rate`.
    fn decode(bytes: Vec<u8>, rate: u32) -> Decoded {
        let mut reader = ogg::PacketReader::new(Cursor::new(bytes));
        let head = reader.read_packet_expected().unwrap();
        assert!(head.first_in_stream() && head.last_in_page());
        assert_eq!(head.absgp_page(), 0);
        let tags = reader.read_packet_expected().unwrap();
        assert!(tags.last_in_page());
        assert_eq!(tags.absgp_page(), 0);
        let pre_skip = u64::from(u16::from_le_bytes([head.data[10], head.data[11]]));
        let mut decoder = opus::Decoder::new(rate, opus::Channels::Mono).unwrap();
        let mut all = Vec::new();
        let mut granules = Vec::new();
        let mut pages = vec![0];
        let mut last_flag = false;
        let mut final_granule = 0;
        let mut buf = vec![0f32; 5760];
        while let Some(packet) = reader.read_packet().unwrap() {
            assert_eq!(packet.stream_serial(), head.stream_serial());
            let n = decoder.decode_float(&packet.data, &mut buf, false).unwrap();
            all.extend_from_slice(&buf[..n]);
            *pages.last_mut().unwrap() += 1;
            if packet.last_in_page() {
                granules.push(packet.absgp_page());
                pages.push(0);
            }
            if packet.last_in_stream() {
                last_flag = true;
                final_granule = packet.absgp_page();
            }
        }
        pages.pop();
        // Pre-skip and the final granule position are 48 kHz counts.
        let scale = 48000 / u64::from(rate);
        let start = (pre_skip / scale) as usize;
        let end = (final_granule / scale) as usize;
        assert!(
            end <= all.len(),
            "the end trim only cuts: {end} of {}",
            all.len()
        );
        assert!(all.len() - end < 960, "the padding is less than a frame");
        Decoded {
            head: head.data,
            tags: tags.data,
            samples: all[start..end].to_vec(),
            granules,
            pages,
            last_flag,
        }
    }

    fn encode(opus: &Opus, rate: u32, samples: &[f32], piece: usize) -> Vec<u8> {
        let mut file = Cursor::new(Vec::new());
        let mut stream = opus.start(rate, None, &mut file).unwrap();
        for p in samples.chunks(piece) {
            stream.write(p).unwrap();
        }
        stream.finish().unwrap();
        file.into_inner()
    }

    #[test]
    fn a_tone_comes_back_with_its_exact_length_shape_and_level() {
        for (rate, piece) in [(24000, 1000), (48000, 960), (16000, 7), (8000, 100_000)] {
            let input = tone(rate, 440.0, 0.5, 1.3, 0.4);
            let bytes = encode(&Opus::new(None).unwrap(), rate, &input, piece);
            let d = decode(bytes.clone(), rate);
            assert_eq!(d.samples.len(), input.len(), "{rate} Hz: the exact length");
            // Aligned by pre-skip to within 3 samples at 48 kHz (0.06 ms): pre-skip is
            // libopus's lookahead, as opusenc writes it, and libopus compensates the delay
            // of its internal resampling to SILK's rate only to about that (at 16 and
            // 8 kHz, SILK's own rates, the alignment is exact).
            let head = &input[..rate as usize / 2];
            let lag = best_lag(head, &d.samples[..head.len() + 50], 50);
            assert!(
                lag.abs() * i64::from(48000 / rate) <= 3,
                "{rate} Hz: lag {lag}"
            );
            if rate <= 16000 {
                assert_eq!(lag, 0, "{rate} Hz");
            }
            let c = correlation(&input, &d.samples);
            assert!(c > 0.95, "{rate} Hz: correlation {c}");
            let tone_len = (rate as f32 * 1.3) as usize;
            let level = db(rms(&d.samples[..tone_len]), rms(&input[..tone_len]));
            assert!(level.abs() < 1.0, "{rate} Hz: {level} dB");
            assert!(rms(&d.samples[tone_len + rate as usize / 10..]) < 0.01);
            // Decoded at 48 kHz, as players do, the length scales.
            let at_48k = decode(bytes.clone(), 48000);
            assert_eq!(at_48k.samples.len(), input.len() * (48000 / rate) as usize);
            // About 32 kbps (VBR, plus the headers); narrowband (8 kHz) needs less, and
            // libopus spends less.
            let kbps = bytes.len() as f64 * 8.0 / 1000.0 / (input.len() as f64 / f64::from(rate));
            let range = if rate == 8000 { 8.0..45.0 } else { 20.0..45.0 };
            assert!(range.contains(&kbps), "{rate} Hz: {kbps} kbps");
        }
    }

    #[test]
    fn headers_pages_and_granule_positions_follow_rfc_7845() {
        let rate = 24000;
        let input = tone(rate, 440.0, 0.5, 2.5, 0.03);
        let bytes = encode(&Opus::new(Some(24)).unwrap(), rate, &input, 4096);
        let d = decode(bytes, rate);
        // OpusHead: version 1, mono, pre-skip = libopus's lookahead at 48 kHz (312
        // samples: 2.5 ms of look-ahead and 4 ms of delay compensation), the input rate,
        // no gain, family 0.
        assert_eq!(&d.head[..8], b"OpusHead");
        assert_eq!(d.head.len(), 19);
        assert_eq!((d.head[8], d.head[9]), (1, 1));
        let pre_skip = u16::from_le_bytes([d.head[10], d.head[11]]);
        assert_eq!(pre_skip, 312);
        assert_eq!(u32::from_le_bytes(d.head[12..16].try_into().unwrap()), rate);
        assert_eq!(&d.head[16..19], &[0, 0, 0]);
        // OpusTags: the vendor, then one comment.
        assert_eq!(&d.tags[..8], b"OpusTags");
        let vendor_len = u32::from_le_bytes(d.tags[8..12].try_into().unwrap()) as usize;
        let vendor = std::str::from_utf8(&d.tags[12..12 + vendor_len]).unwrap();
        assert!(vendor.starts_with("libopus"), "{vendor}");
        assert!(d.tags.ends_with(b"\x0f\0\0\0ENCODER=narrate"));
        // Packets of 20 ms: 2.53 s and pre-skip need 127 packets; 50 to a page.
        let end = 312 + input.len() as u64 * 2;
        let packets = end.div_ceil(960);
        assert_eq!(d.pages, [50, 50, (packets - 100) as usize]);
        assert_eq!(d.granules, [50 * 960, 100 * 960, end]);
        assert!(d.last_flag);
        assert_eq!(d.samples.len(), input.len());
    }

    #[test]
    fn empty_and_short_streams_are_valid() {
        for n in [0usize, 1, 479, 480, 481, 5000] {
            let input = vec![0.25f32; n];
            let bytes = encode(&Opus::new(None).unwrap(), 24000, &input, 100);
            let d = decode(bytes, 24000);
            assert_eq!(d.samples.len(), n);
            assert!(d.last_flag);
        }
    }

    #[test]
    fn parts_clipping_and_nan() {
        let mut file = Cursor::new(Vec::new());
        let mut stream = Opus::new(None)
            .unwrap()
            .start(48000, None, &mut file)
            .unwrap();
        let speech: Vec<i16> = tone(48000, 300.0, 0.5, 0.5, 0.0)
            .iter()
            .map(|&x| (x * 32768.0) as i16)
            .collect();
        stream.write_part(&Part::Silence(1000)).unwrap();
        stream.write_part(&Part::Speech(speech.clone())).unwrap();
        stream
            .write(&[f32::NAN, 5.0, -5.0, f32::NEG_INFINITY])
            .unwrap();
        stream.finish().unwrap();
        let d = decode(file.into_inner(), 48000);
        assert_eq!(d.samples.len(), 1000 + speech.len() + 4);
        assert!(d.samples.iter().all(|x| x.is_finite()));
        let back: Vec<f32> = speech.iter().map(|&x| f32::from(x) / 32768.0).collect();
        let c = correlation(&back, &d.samples[1000..1000 + speech.len()]);
        assert!(c > 0.95, "{c}");
    }

    /// The comments of an `OpusTags` packet.
    fn comments_of(tags: &[u8]) -> Vec<String> {
        let u32_at = |i: usize| u32::from_le_bytes(tags[i..i + 4].try_into().unwrap()) as usize;
        let mut at = 8 + 4 + u32_at(8);
        let count = u32_at(at);
        at += 4;
        (0..count)
            .map(|_| {
                let len = u32_at(at);
                let c = String::from_utf8(tags[at + 4..at + 4 + len].to_vec()).unwrap();
                at += 4 + len;
                c
            })
            .collect()
    }

    #[test]
    fn tags_chapters_and_the_cover_are_in_opus_tags() {
        let (mut tags, timed) = crate::tags::tests::sample_tags();
        // A cover larger than a page: the packet spans pages, which are written again.
        let mut cover = tags.cover.take().unwrap();
        cover
            .data
            .extend((0..150_000u32).map(|i| (i * 7 % 251) as u8));
        tags.cover = Some(cover.clone());
        let input = tone(24000, 440.0, 0.5, 2.0, 1.0);
        let mut file = Cursor::new(Vec::new());
        let mut stream = Opus::new(None)
            .unwrap()
            .start_tagged(24000, None, &tags, &mut file)
            .unwrap();
        stream.write(&input).unwrap();
        stream.set_chapters(&timed).unwrap();
        stream.finish().unwrap();
        // The reader checks every page's checksum and sequence.
        let d = decode(file.into_inner(), 24000);
        assert_eq!(d.samples.len(), input.len());
        let comments = comments_of(&d.tags);
        let picture =
            base64::engine::general_purpose::STANDARD.encode(crate::tags::flac_picture(&cover));
        assert_eq!(
            comments,
            [
                "ENCODER=narrate".to_string(),
                "TITLE=Night ferry returns".into(),
                "ARTIST=Tomás Ó Briain".into(),
                "ALBUM=Island Herald".into(),
                "DATE=2022-06-30".into(),
                "COMMENT=narrated".into(),
                "SOURCE=https://island.example/ferry".into(),
                "CHAPTER001=00:00:00.000".into(),
                "CHAPTER001NAME=Night ferry returns".into(),
                "CHAPTER002=00:00:01.500".into(),
                "CHAPTER002NAME=The crossing".into(),
                "CHAPTER003=00:00:02.250".into(),
                "CHAPTER003NAME=Fares".into(),
                format!("METADATA_BLOCK_PICTURE={picture}"),
            ]
        );
    }

    #[test]
    fn other_rates_are_refused() {
        let mut file = Cursor::new(Vec::new());
        let err = Opus::new(None)
            .unwrap()
            .start(22050, None, &mut file)
            .err()
            .unwrap();
        assert!(err.to_string().contains("24000 Hz"), "{err}");
        assert!(file.get_ref().is_empty());
    }
}
