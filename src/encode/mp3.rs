//! MP3: mono `f32` samples in, a mono MP3 file out at an average bitrate (ABR, 64 kbps
//! unless asked otherwise: plenty for speech), with a Xing/LAME tag in its first frame.
//!
//! Encoded by LAME 3.100 through the mp3lame-encoder crate, whose mp3lame-sys compiles
//! the LAME source it bundles (configure and make, into a static library): neither
//! Debian's libmp3lame-dev nor any download is needed at build time, and the binary does
//! not link a shared libmp3lame. Samples go to LAME a block at a time and its frames to
//! the file as they come.
//!
//! LAME delays the audio by its encoder delay (576 samples plus the decoder's 529) and
//! pads the last frame. At [`Stream::finish`] the LAME tag, for which LAME reserves the
//! first frame, is filled in by seeking back: it holds the delay, the padding and the
//! frame count, so that gapless decoders (ffmpeg, symphonia, foobar2000, Apple's) give
//! back exactly the samples written; decoders that ignore the tag play the first frame as
//! silence and the delay before the audio.
//!
//! Tags ([`Encoder::start_tagged`]) go before the first frame as an ID3v2.4 tag, written
//! by the id3 crate: TIT2 (title), TPE1 (author), TALB (album), TDRC (date), COMM
//! (comment), WXXX (source), APIC (front cover), and the chapters as CHAP frames (each
//! with its TIT2) listed in order by one top-level CTOC. LAME's tag frame follows the
//! ID3 tag and is found where it starts, so the gapless trimming is unchanged. Chapter
//! times are fixed-width fields: the tag is written first with the times it is given
//! and, when [`Stream::set_chapters`] gives others, encoded again at the end, the same
//! size, over the first.
//!
//! MP3 exists only at nine rates (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100
//! and 48000 Hz): [`Encoder::output_rate`] names the nearest, to which the caller
//! resamples; LAME is told not to resample. Each rate allows some bitrates ([`KBPS`]);
//! LAME takes the nearest allowed to the one asked.

use super::{clip, invalid, Encoder, Sink, Stream, BLOCK};
use crate::tags::{millis, Chapter, Tags};
use mp3lame_encoder::{Builder, FlushGap, Mode, MonoPcm, Quality, VbrMode};
use std::io::SeekFrom;
use std::num::NonZeroU32;

/// The rates MP3 is written at.
pub const RATES: [u32; 9] = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

/// The bitrate when none is asked for, in kbps.
pub const DEFAULT_KBPS: u32 = 64;

/// The average bitrates LAME takes, in kbps. Each rate narrows them: MPEG-2.5 (8 to
/// 12 kHz) to 8-64, MPEG-2 (16 to 24 kHz) to 8-160, MPEG-1 (32 to 48 kHz) to 32-320;
/// LAME takes the nearest. narrate starts at 16: at 8 kbps LAME's decoded speech
/// kept passing the true-peak ceiling however its level was set.
pub const KBPS: std::ops::RangeInclusive<u32> = 16..=320;

/// MP3 files at one average bitrate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mp3 {
    kbps: u32,
}

impl Mp3 {
    /// MP3 at an average of `kbps` (16 to 320), or [`DEFAULT_KBPS`].
    pub fn new(kbps: Option<u32>) -> Result<Mp3, String> {
        let kbps = super::bitrate("MP3", kbps, DEFAULT_KBPS, &KBPS)?;
        Ok(Mp3 { kbps })
    }

    /// The average bitrate asked for, in kbps.
    pub fn kbps(&self) -> u32 {
        self.kbps
    }
}

fn lame_error(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("MP3 encoder (LAME): {e}"))
}

impl Encoder for Mp3 {
    /// LAME takes about 0.45 LU from speech at every bitrate (measured on espeak-ng and
    /// joe from 16 to 320 kbps), and its peaks pass the input's by up to half a dB.
    fn codec_change(&self) -> crate::encode::CodecChange {
        crate::encode::CodecChange {
            loudness_lost_lu: 0.45,
            peak_added_db: 0.5,
        }
    }

    fn extension(&self) -> &'static str {
        "mp3"
    }

    /// The nearest MP3 rate (the higher of two as near).
    fn output_rate(&self, rate: u32) -> u32 {
        RATES
            .iter()
            .copied()
            .min_by_key(|&r| (r.abs_diff(rate), std::cmp::Reverse(r)))
            .unwrap_or(22050)
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
                "MP3 is not written at {sample_rate} Hz; resample to {} Hz",
                self.output_rate(sample_rate)
            )));
        }
        let mut builder =
            Builder::new().ok_or_else(|| lame_error("cannot allocate the encoder"))?;
        builder.set_num_channels(1).map_err(lame_error)?;
        builder.set_sample_rate(sample_rate).map_err(lame_error)?;
        builder
            .set_output_sample_rate(NonZeroU32::new(sample_rate))
            .map_err(lame_error)?;
        builder.set_mode(Mode::Mono).map_err(lame_error)?;
        // Average bitrate: silence between sentences costs little, speech gets the bits,
        // and LAME writes its tag in a frame of its own size, which fits at any bitrate
        // (in constant-bitrate mode the tag frame has the stream's bitrate, and below
        // 56 kbps at 22,050 Hz it is too small for the tag, which LAME then drops).
        builder.set_vbr_mode(VbrMode::Abr).map_err(lame_error)?;
        // SAFETY: `as_ptr` is the builder's live LAME handle, which this call only
        // configures; the builder keeps ownership and closes it. mp3lame-encoder has no
        // safe setter for the ABR target.
        let set = unsafe {
            mp3lame_encoder::ffi::lame_set_VBR_mean_bitrate_kbps(
                builder.as_ptr(),
                self.kbps as std::ffi::c_int,
            )
        };
        if set != 0 {
            return Err(lame_error(format!("bitrate {} kbps refused", self.kbps)));
        }
        // LAME's recommended high quality (-q 2); the speed is in the module docs.
        builder.set_quality(Quality::NearBest).map_err(lame_error)?;
        builder.set_to_write_vbr_tag(true).map_err(lame_error)?;
        let lame = builder.build().map_err(lame_error)?;
        let tag_start = out.stream_position()?;
        let id3_len = if tags.is_empty() {
            0
        } else {
            let bytes = id3_tag(tags, sample_rate)?;
            out.write_all(&bytes)?;
            bytes.len()
        };
        let start = out.stream_position()?;
        Ok(Box::new(Mp3Stream {
            out,
            start,
            lame,
            bytes: Vec::new(),
            tag_start,
            id3_len,
            tags: tags.clone(),
            sample_rate,
            chapters_changed: false,
        }))
    }
}

/// An MP3 file being written.
struct Mp3Stream<'a> {
    out: &'a mut dyn Sink,
    /// Where the first frame (the LAME tag) is.
    start: u64,
    lame: mp3lame_encoder::Encoder,
    /// Encoded bytes of one block.
    bytes: Vec<u8>,
    /// Where the ID3 tag starts, and its length (0: none written).
    tag_start: u64,
    id3_len: usize,
    tags: Tags,
    sample_rate: u32,
    /// Whether the chapters' times changed since the tag was written.
    chapters_changed: bool,
}

/// The ID3v2.4 tag of `tags`, chapter times in milliseconds at `rate`.
fn id3_tag(tags: &Tags, rate: u32) -> std::io::Result<Vec<u8>> {
    use id3::frame::{
        Chapter as Chap, Comment, ExtendedLink, Picture, PictureType, TableOfContents,
    };
    use id3::{Frame, TagLike};
    let mut tag = id3::Tag::new();
    for (id, value) in [
        ("TIT2", &tags.title),
        ("TPE1", &tags.author),
        ("TALB", &tags.album),
        ("TDRC", &tags.date),
    ] {
        if let Some(v) = value {
            tag.add_frame(Frame::text(id, v.as_str()));
        }
    }
    if let Some(text) = &tags.comment {
        tag.add_frame(Comment {
            lang: "eng".into(),
            description: String::new(),
            text: text.clone(),
        });
    }
    if let Some(link) = &tags.source {
        tag.add_frame(ExtendedLink {
            description: "source".into(),
            link: link.clone(),
        });
    }
    if let Some(cover) = &tags.cover {
        tag.add_frame(Picture {
            mime_type: cover.kind.mime().into(),
            picture_type: PictureType::CoverFront,
            description: String::new(),
            data: cover.data.clone(),
        });
    }
    let ms = |samples: u64| u32::try_from(millis(samples, rate)).unwrap_or(u32::MAX - 1);
    let ids: Vec<String> = (1..=tags.chapters.len())
        .map(|n| format!("chp{n}"))
        .collect();
    for (chapter, id) in tags.chapters.iter().zip(&ids) {
        tag.add_frame(Chap {
            element_id: id.clone(),
            start_time: ms(chapter.start),
            end_time: ms(chapter.end),
            // No byte offsets: the times say where.
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![Frame::text("TIT2", chapter.title.as_str())],
        });
    }
    if !ids.is_empty() {
        tag.add_frame(TableOfContents {
            element_id: "toc".into(),
            top_level: true,
            ordered: true,
            elements: ids,
            frames: Vec::new(),
        });
    }
    let mut bytes = Vec::new();
    id3::Encoder::new()
        .version(id3::Version::Id3v24)
        .encode(&tag, &mut bytes)
        .map_err(|e| std::io::Error::other(format!("ID3 tag: {e}")))?;
    Ok(bytes)
}

impl Stream for Mp3Stream<'_> {
    fn set_chapters(&mut self, chapters: &[Chapter]) -> std::io::Result<()> {
        if super::retime_chapters(&mut self.tags.chapters, chapters)? {
            self.chapters_changed = true;
        }
        Ok(())
    }

    fn write(&mut self, samples: &[f32]) -> std::io::Result<()> {
        let mut block = [0f32; BLOCK];
        for piece in samples.chunks(BLOCK) {
            for (b, &x) in block.iter_mut().zip(piece) {
                *b = clip(x);
            }
            self.bytes.clear();
            self.bytes
                .reserve(mp3lame_encoder::max_required_buffer_size(piece.len()));
            self.lame
                .encode_to_vec(MonoPcm(&block[..piece.len()]), &mut self.bytes)
                .map_err(lame_error)?;
            self.out.write_all(&self.bytes)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.bytes.clear();
        self.bytes
            .reserve(mp3lame_encoder::max_required_buffer_size(0));
        self.lame
            .flush_to_vec::<FlushGap>(&mut self.bytes)
            .map_err(lame_error)?;
        self.out.write_all(&self.bytes)?;
        // The LAME tag over the frame LAME reserved for it.
        self.bytes.clear();
        self.bytes.reserve(self.lame.lame_tag_size());
        if self.lame.lame_tag_encode_to_vec(&mut self.bytes).is_some() {
            let end = self.out.stream_position()?;
            self.out.seek(SeekFrom::Start(self.start))?;
            self.out.write_all(&self.bytes)?;
            self.out.seek(SeekFrom::Start(end))?;
        }
        if self.chapters_changed && self.id3_len > 0 {
            let bytes = id3_tag(&self.tags, self.sample_rate)?;
            if bytes.len() != self.id3_len {
                return Err(std::io::Error::other(format!(
                    "the ID3 tag changed size with its chapter times ({} to {} bytes)",
                    self.id3_len,
                    bytes.len()
                )));
            }
            let end = self.out.stream_position()?;
            self.out.seek(SeekFrom::Start(self.tag_start))?;
            self.out.write_all(&bytes)?;
            self.out.seek(SeekFrom::Start(end))?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::testing::{best_lag, correlation, db, rms, tone};
    use crate::stitch::Part;
    use std::io::Cursor;

    fn encode(mp3: &Mp3, rate: u32, samples: &[f32]) -> Vec<u8> {
        let mut file = Cursor::new(Vec::new());
        let mut stream = mp3
            .start(rate, Some(samples.len() as u64), &mut file)
            .unwrap();
        for piece in samples.chunks(3000) {
            stream.write(piece).unwrap();
        }
        stream.finish().unwrap();
        file.into_inner()
    }

    /// Decodes with symphonia, gapless (trimming by the LAME tag) or not, as the
    /// render's loudness check does (it refuses anything but mono).
    fn decode(bytes: Vec<u8>, gapless: bool) -> (u32, Vec<f32>) {
        let mut out = Vec::new();
        let rate = crate::master::decoded::decode_mp3(Cursor::new(bytes), gapless, &mut |_, b| {
            out.extend_from_slice(b);
            Ok(())
        })
        .unwrap();
        (rate, out)
    }

    #[test]
    fn a_tone_comes_back_with_its_length_shape_and_level() {
        for (rate, kbps) in [
            (22050, 64),
            (22050, 24),
            (16000, 32),
            (44100, 128),
            (8000, 16),
        ] {
            let input = tone(rate, 440.0, 0.5, 1.3, 0.4);
            let mp3 = Mp3::new(Some(kbps)).unwrap();
            let bytes = encode(&mp3, rate, &input);
            // An average bitrate: a pure tone and silence need less than the target, and
            // never take more (give or take the tag frame).
            let seconds = input.len() as f64 / f64::from(rate);
            let most = f64::from(kbps) * 1000.0 / 8.0 * seconds * 1.1 + 500.0;
            assert!(
                (bytes.len() as f64) < most,
                "{rate} Hz {kbps} kbps: {} bytes",
                bytes.len()
            );
            let (decoded_rate, output) = decode(bytes.clone(), true);
            assert_eq!(decoded_rate, rate);
            // The LAME tag trims the encoder delay and the padding: the very length.
            assert_eq!(output.len(), input.len(), "{rate} Hz");
            // And aligns it: the best lag is 0.
            let head = &input[..rate as usize / 2];
            assert_eq!(
                best_lag(head, &output[..head.len() + 50], 50),
                0,
                "{rate} Hz"
            );
            let c = correlation(&input, &output);
            assert!(c > 0.98, "{rate} Hz: correlation {c}");
            let tone_len = (rate as f32 * 1.3) as usize;
            let level = db(rms(&output[..tone_len]), rms(&input[..tone_len]));
            assert!(level.abs() < 1.0, "{rate} Hz: {level} dB");
            // The silence after the tone stays near silent.
            let tail = &output[tone_len + rate as usize / 10..];
            assert!(rms(tail) < 0.01, "{rate} Hz: tail {}", rms(tail));

            // Without the tag's trimming the decoder gives the delay and the padding too.
            let (_, untrimmed) = decode(bytes, false);
            assert!(untrimmed.len() > input.len() + 576, "{rate} Hz");
        }
    }

    #[test]
    fn the_lame_tag_is_in_the_first_frame() {
        let bytes = encode(
            &Mp3::new(None).unwrap(),
            22050,
            &tone(22050, 440.0, 0.5, 1.0, 0.0),
        );
        // A frame header (sync word), then the Xing tag and the LAME encoder string.
        assert_eq!(bytes[0], 0xFF);
        assert_eq!(bytes[1] & 0xE0, 0xE0);
        let first = &bytes[..200];
        let info = first.windows(4).position(|w| w == b"Xing").unwrap();
        assert_eq!(&first[info + 120..info + 124], b"LAME");
    }

    #[test]
    fn parts_clipping_and_nan() {
        let mut file = Cursor::new(Vec::new());
        let mut stream = Mp3::new(None)
            .unwrap()
            .start(22050, None, &mut file)
            .unwrap();
        let speech: Vec<i16> = tone(22050, 300.0, 0.5, 0.5, 0.0)
            .iter()
            .map(|&x| (x * 32768.0) as i16)
            .collect();
        stream.write_part(&Part::Silence(1000)).unwrap();
        stream.write_part(&Part::Speech(speech.clone())).unwrap();
        stream.write(&[f32::NAN, 5.0, -5.0, f32::INFINITY]).unwrap();
        stream.finish().unwrap();
        let (_, output) = decode(file.into_inner(), true);
        assert_eq!(output.len(), 1000 + speech.len() + 4);
        assert!(output.iter().all(|x| x.is_finite() && x.abs() <= 1.01));
        let back: Vec<f32> = speech.iter().map(|&x| f32::from(x) / 32768.0).collect();
        let c = correlation(&back, &output[1000..1000 + speech.len()]);
        assert!(c > 0.98, "{c}");
    }

    #[test]
    fn tags_and_chapters_go_in_an_id3_tag_before_the_gapless_frames() {
        let (tags, timed) = crate::tags::tests::sample_tags();
        let input = tone(24000, 440.0, 0.5, 2.0, 1.0);
        let mut file = Cursor::new(Vec::new());
        let mut stream = Mp3::new(None)
            .unwrap()
            .start_tagged(24000, None, &tags, &mut file)
            .unwrap();
        stream.write(&input).unwrap();
        stream.set_chapters(&timed).unwrap();
        stream.finish().unwrap();
        let bytes = file.into_inner();
        assert_eq!(&bytes[..4], b"ID3\x04");
        let tag = id3::Tag::read_from2(Cursor::new(&bytes)).unwrap();
        use id3::TagLike;
        assert_eq!(tag.title(), Some("Night ferry returns"));
        assert_eq!(tag.artist(), Some("Tomás Ó Briain"));
        assert_eq!(tag.album(), Some("Island Herald"));
        assert_eq!(
            tag.get("TDRC").and_then(|f| f.content().text()),
            Some("2022-06-30")
        );
        assert_eq!(tag.comments().next().unwrap().text, "narrated");
        assert_eq!(
            tag.extended_links().next().unwrap().link,
            "https://island.example/ferry"
        );
        let picture = tag.pictures().next().unwrap();
        assert_eq!(picture.mime_type, "image/png");
        assert_eq!(picture.picture_type, id3::frame::PictureType::CoverFront);
        // The chapters with the times given at the end, in milliseconds.
        let chapters: Vec<(u32, u32, &str)> = tag
            .chapters()
            .map(|c| {
                (
                    c.start_time,
                    c.end_time,
                    c.frames[0].content().text().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            chapters,
            [
                (0, 1500, "Night ferry returns"),
                (1500, 2250, "The crossing"),
                (2250, 3000, "Fares")
            ]
        );
        let toc = tag.tables_of_contents().next().unwrap();
        assert!(toc.top_level && toc.ordered);
        assert_eq!(toc.elements, ["chp1", "chp2", "chp3"]);
        // The LAME tag right after the ID3 tag still trims exactly.
        let (_, output) = decode(bytes, true);
        assert_eq!(output.len(), input.len());
        // Other chapters than those started with are refused.
        let mut file = Cursor::new(Vec::new());
        let mut stream = Mp3::new(None)
            .unwrap()
            .start_tagged(24000, None, &tags, &mut file)
            .unwrap();
        assert!(stream.set_chapters(&timed[..2]).is_err());
    }

    #[test]
    fn other_rates_are_refused() {
        let mut file = Cursor::new(Vec::new());
        let err = Mp3::new(None)
            .unwrap()
            .start(22000, None, &mut file)
            .err()
            .unwrap();
        assert!(err.to_string().contains("22050 Hz"), "{err}");
        assert!(file.get_ref().is_empty());
    }
}
