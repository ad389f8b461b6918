//! Tags and chapters: what an audio file says about itself. The article's
//! [`Metadata`] (from the reader: title, author, site, date, address) and the user's
//! options (`--title`, `--author`, `--album`, `--date`, `--comment`, `--cover`) in,
//! [`Tags`] out, which each encoder writes in its format's own way (ID3v2.4 frames in
//! MP3, Vorbis comments and a picture block in FLAC and Opus, a LIST INFO chunk in WAV;
//! see `src/encode/`).
//!
//! Values: an option wins over what the input says; the title is the article's
//! (the title block as narrated); the album is the site's name; the source is the
//! page's address (its canonical link or `og:url`), else the input file's path.
//!
//! Chapters start at each narrated heading. The first chapter starts at 0: it is the
//! heading's, when the narration opens with a heading, else the title's. A narration
//! without headings has no chapters. Chapter times are sample positions in the final
//! file; they are known only when the narration has been synthesized, so encoders write
//! the chapters first with their titles and placeholder times of the same width, and
//! [`crate::encode::Stream::set_chapters`] gives the times before the file is finished.
//!
//! The cover is a JPEG or PNG file, told apart by its first bytes (its name says
//! nothing), read before any synthesis so that a wrong path fails at once.
//! The helpers for the Vorbis comment and FLAC picture layouts are here because FLAC
//! and Opus share them: they are a few length-prefixed fields of a documented format
//! (the FLAC format specification, RFC 9639), which the FLAC writer already hand-writes
//! for STREAMINFO; no crate writes them for a stream that is still being encoded.

use crate::document::BlockKind;
use crate::master::resample::convert_position;
use crate::pipeline::Plan;
use crate::stitch::Timing;
use serde::Serialize;
use std::path::Path;

/// What the input says about the article, where it says it. Every field is optional:
/// a plain text file knows only its title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// The title the input states apart from its text (Markdown front matter); the
    /// title block is the title otherwise.
    pub title: Option<String>,
    /// The author(s), as the page names them ("Ada Lovelace and Jo Bloggs").
    pub author: Option<String>,
    /// The publisher: the site's or publication's name.
    pub site: Option<String>,
    /// The publication date, as the input gives it (ISO 8601 on most pages).
    pub date: Option<String>,
    /// The page's own address: its canonical link or `og:url`.
    pub url: Option<String>,
    /// The language the input says it is in, as written there (HTML `lang`, a
    /// `content-language` meta element, front matter `lang`): [`crate::language`]
    /// checks it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Metadata {
    /// Whether it says nothing.
    pub fn is_empty(&self) -> bool {
        *self == Metadata::default()
    }
}

/// A value read from the input: trimmed, white space folded, nothing when empty.
pub fn clean(value: &str) -> Option<String> {
    let folded = value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!folded.is_empty()).then_some(folded)
}

/// The tags of one audio file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    pub title: Option<String>,
    /// The artist: the article's author.
    pub author: Option<String>,
    /// The album: the site's name unless the user names one.
    pub album: Option<String>,
    pub date: Option<String>,
    pub comment: Option<String>,
    /// Where the article came from: a web address or the input file's path.
    pub source: Option<String>,
    pub cover: Option<Cover>,
    /// In order, none overlapping; empty when the narration has no headings.
    pub chapters: Vec<Chapter>,
}

/// What the user sets on the command line: each field replaces the input's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagOptions {
    pub title: Option<String>,
    pub author: Option<String>,
    pub album: Option<String>,
    pub date: Option<String>,
    pub comment: Option<String>,
    pub cover: Option<Cover>,
}

/// One chapter: a title and where it lies in the final file, in samples at its rate
/// (`end` one past its last sample).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chapter {
    pub title: String,
    pub start: u64,
    pub end: u64,
}

/// A cover image.
#[derive(Clone, PartialEq, Eq)]
pub struct Cover {
    pub kind: ImageKind,
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Cover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cover({:?}, {} bytes)", self.kind, self.data.len())
    }
}

/// The image formats a cover may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
}

/// The largest cover, in bytes: a FLAC metadata block's length is 24 bits.
pub const MAX_COVER_BYTES: usize = 16 * 1024 * 1024 - 64;

impl ImageKind {
    /// The format `bytes` are in, by their signature.
    pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageKind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageKind::Png)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
        }
    }
}

impl Cover {
    /// Reads the image at `path`, or says in one line why it cannot be a cover.
    pub fn load(path: &Path) -> Result<Cover, String> {
        let data = std::fs::read(path)
            .map_err(|e| format!("cannot read the cover {}: {}", path.display(), e))?;
        let kind = ImageKind::sniff(&data)
            .ok_or_else(|| format!("the cover {} is not a JPEG or PNG image", path.display()))?;
        if data.len() > MAX_COVER_BYTES {
            return Err(format!(
                "the cover {} is {} MB; a cover may be at most 16 MB",
                path.display(),
                data.len() / (1024 * 1024)
            ));
        }
        Ok(Cover { kind, data })
    }

    /// Width, height and bits per pixel, read from the image's header when it can be
    /// (PNG's IHDR, a JPEG's start-of-frame); zeros otherwise, which FLAC allows.
    pub fn dimensions(&self) -> (u32, u32, u32) {
        let d = &self.data;
        match self.kind {
            ImageKind::Png if d.len() >= 26 && &d[12..16] == b"IHDR" => {
                let w = u32::from_be_bytes([d[16], d[17], d[18], d[19]]);
                let h = u32::from_be_bytes([d[20], d[21], d[22], d[23]]);
                let channels = match d[25] {
                    0 => 1, // grey
                    2 => 3, // RGB
                    3 => 1, // palette
                    4 => 2, // grey and alpha
                    6 => 4, // RGBA
                    _ => 0,
                };
                (w, h, u32::from(d[24]) * channels)
            }
            ImageKind::Jpeg => jpeg_dimensions(d).unwrap_or((0, 0, 0)),
            ImageKind::Png => (0, 0, 0),
        }
    }
}

/// A JPEG's size and depth from its first start-of-frame segment.
fn jpeg_dimensions(d: &[u8]) -> Option<(u32, u32, u32)> {
    let mut i = 2;
    while i + 9 < d.len() {
        if d[i] != 0xFF {
            return None;
        }
        let marker = d[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([d[i + 2], d[i + 3]]));
        // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let bits = u32::from(d[i + 4]);
            let h = u32::from(u16::from_be_bytes([d[i + 5], d[i + 6]]));
            let w = u32::from(u16::from_be_bytes([d[i + 7], d[i + 8]]));
            let components = u32::from(d[i + 9]);
            return Some((w, h, bits * components));
        }
        i += 2 + len;
    }
    None
}

impl Tags {
    /// The tags of `plan`'s file: the user's `options` over what the input says, and
    /// the chapters at its headings with placeholder times ([`place_chapters`] gives
    /// them their times once the narration is synthesized).
    pub fn for_plan(plan: &Plan, options: &TagOptions) -> Tags {
        let meta = &plan.document.metadata;
        let source = meta.url.clone().or_else(|| {
            let s = plan.source();
            (s != "-" && !s.is_empty()).then(|| s.to_string())
        });
        let title = options
            .title
            .clone()
            .or_else(|| meta.title.clone())
            .or_else(|| plan.title().and_then(clean));
        Tags {
            chapters: chapter_marks(plan, title.as_deref())
                .into_iter()
                .map(|(_, title)| Chapter {
                    title,
                    start: 0,
                    end: 0,
                })
                .collect(),
            title,
            author: options.author.clone().or_else(|| meta.author.clone()),
            album: options.album.clone().or_else(|| meta.site.clone()),
            date: options.date.clone().or_else(|| meta.date.clone()),
            comment: options.comment.clone(),
            source,
            cover: options.cover.clone(),
        }
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.author.is_none()
            && self.album.is_none()
            && self.date.is_none()
            && self.comment.is_none()
            && self.source.is_none()
            && self.cover.is_none()
            && self.chapters.is_empty()
    }

    /// The Vorbis comments of FLAC and Opus files (`KEY=value`): TITLE, ARTIST, ALBUM,
    /// DATE and COMMENT, the keys players read; SOURCE for where the article came from
    /// (no key is usual for it); and each chapter as `CHAPTERnnn=HH:MM:SS.mmm` and
    /// `CHAPTERnnnNAME=title` (the chapter extension ffmpeg and players read), at `rate`. The cover is not among them (FLAC has a
    /// picture block; Opus adds it as `METADATA_BLOCK_PICTURE`).
    pub fn vorbis_comments(&self, rate: u32) -> Vec<String> {
        let mut c = Vec::new();
        for (key, value) in [
            ("TITLE", &self.title),
            ("ARTIST", &self.author),
            ("ALBUM", &self.album),
            ("DATE", &self.date),
            ("COMMENT", &self.comment),
            ("SOURCE", &self.source),
        ] {
            if let Some(v) = value {
                c.push(format!("{key}={v}"));
            }
        }
        for (i, chapter) in self.chapters.iter().enumerate() {
            let n = i + 1;
            c.push(format!(
                "CHAPTER{n:03}={}",
                chapter_time(chapter.start, rate)
            ));
            c.push(format!("CHAPTER{n:03}NAME={}", chapter.title));
        }
        c
    }
}

/// The chapters of a plan, before any timing: (the block each starts at, its title).
/// The first starts with the first narrated block: a heading's own title, or the
/// article's `title` (else the source's name) when it opens otherwise; then one per
/// narrated heading. None when no heading is narrated.
pub fn chapter_marks(plan: &Plan, title: Option<&str>) -> Vec<(usize, String)> {
    let mut marks: Vec<(usize, String)> = Vec::new();
    let mut first = true;
    for (_, s) in plan.narrated() {
        let index = s.sentence.block;
        if marks.last().is_some_and(|(b, _)| *b == index) {
            continue;
        }
        let block = &plan.document.blocks[index];
        if block.kind == BlockKind::Heading {
            marks.push((index, clean(&block.text).unwrap_or_default()));
        } else if first {
            let name = title
                .map(str::to_string)
                .unwrap_or_else(|| plan.source().to_string());
            marks.push((index, name));
        }
        first = false;
    }
    if !marks
        .iter()
        .any(|(b, _)| plan.document.blocks[*b].kind == BlockKind::Heading)
    {
        marks.clear();
    }
    marks
}

/// The chapters with their times in the final file: each starts where its block's first
/// narrated sentence starts (the first at 0) and ends where the next starts (the last at
/// `samples`). `timings` are the stitcher's, one per narrated sentence at `from_rate`;
/// the file is at `rate` and `samples` long, as [`crate::export::Transcript`] scales
/// them.
pub fn place_chapters(
    plan: &Plan,
    title: Option<&str>,
    timings: &[Timing],
    from_rate: u32,
    rate: u32,
    samples: u64,
) -> Vec<Chapter> {
    let marks = chapter_marks(plan, title);
    let mut starts = Vec::with_capacity(marks.len());
    let mut next = marks.iter().peekable();
    for ((_, s), timing) in plan.narrated().zip(timings) {
        if let Some((block, _)) = next.peek() {
            if *block == s.sentence.block {
                starts.push(convert_position(timing.start as u64, from_rate, rate).min(samples));
                next.next();
            }
        }
    }
    let mut chapters: Vec<Chapter> = marks
        .into_iter()
        .zip(starts)
        .map(|((_, title), start)| Chapter {
            title,
            start,
            end: samples,
        })
        .collect();
    if let Some(first) = chapters.first_mut() {
        first.start = 0;
    }
    for i in 1..chapters.len() {
        chapters[i - 1].end = chapters[i].start;
    }
    chapters
}

/// A position as `HH:MM:SS.mmm` (the Vorbis `CHAPTERnnn` form), always 12 characters:
/// past 99 hours it stays at 99:59:59.999.
pub fn chapter_time(samples: u64, rate: u32) -> String {
    let ms = millis(samples, rate).min(100 * 3_600_000 - 1);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// A position in milliseconds, rounded to the nearest.
pub fn millis(samples: u64, rate: u32) -> u64 {
    let rate = u64::from(rate.max(1));
    (u128::from(samples) * 1000 + u128::from(rate / 2)).div_euclid(u128::from(rate)) as u64
}

/// A Vorbis comment header's body (without a packet's `OpusTags` or a FLAC block's
/// header): the vendor and the comments, lengths 32-bit little-endian.
pub fn vorbis_comment(vendor: &str, comments: &[String]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    b.extend_from_slice(vendor.as_bytes());
    b.extend_from_slice(&(comments.len() as u32).to_le_bytes());
    for c in comments {
        b.extend_from_slice(&(c.len() as u32).to_le_bytes());
        b.extend_from_slice(c.as_bytes());
    }
    b
}

/// A FLAC PICTURE block's body for `cover`, as its front cover (picture type 3):
/// lengths and sizes 32-bit big-endian, no description.
pub fn flac_picture(cover: &Cover) -> Vec<u8> {
    let mime = cover.kind.mime();
    let (width, height, depth) = cover.dimensions();
    let mut b = Vec::with_capacity(cover.data.len() + 64);
    b.extend_from_slice(&3u32.to_be_bytes());
    b.extend_from_slice(&(mime.len() as u32).to_be_bytes());
    b.extend_from_slice(mime.as_bytes());
    b.extend_from_slice(&0u32.to_be_bytes()); // description
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&height.to_be_bytes());
    b.extend_from_slice(&depth.to_be_bytes());
    b.extend_from_slice(&0u32.to_be_bytes()); // colours of an indexed image: none
    b.extend_from_slice(&(cover.data.len() as u32).to_be_bytes());
    b.extend_from_slice(&cover.data);
    b
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A 3×2 RGB PNG's signature and IHDR (the rest of the file is not read).
    pub fn png() -> Cover {
        let mut d = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        d.extend_from_slice(&3u32.to_be_bytes());
        d.extend_from_slice(&2u32.to_be_bytes());
        d.extend_from_slice(&[8, 2, 0, 0, 0]);
        d.extend_from_slice(&[0xAA; 40]);
        Cover {
            kind: ImageKind::Png,
            data: d,
        }
    }

    /// Tags with every field, a cover and three chapters at placeholder times, and the
    /// chapters' real times at 24 kHz (0 s, 1.5 s and 2.25 s of a 3 s file).
    pub fn sample_tags() -> (Tags, Vec<Chapter>) {
        let chapter = |title: &str, start, end| Chapter {
            title: title.into(),
            start,
            end,
        };
        let tags = Tags {
            title: Some("Night ferry returns".into()),
            author: Some("Tomás Ó Briain".into()),
            album: Some("Island Herald".into()),
            date: Some("2022-06-30".into()),
            comment: Some("narrated".into()),
            source: Some("https://island.example/ferry".into()),
            cover: Some(png()),
            chapters: vec![
                chapter("Night ferry returns", 0, 0),
                chapter("The crossing", 0, 0),
                chapter("Fares", 0, 0),
            ],
        };
        let timed = vec![
            chapter("Night ferry returns", 0, 36_000),
            chapter("The crossing", 36_000, 54_000),
            chapter("Fares", 54_000, 72_000),
        ];
        (tags, timed)
    }

    #[test]
    fn images_are_told_by_their_first_bytes() {
        assert_eq!(ImageKind::sniff(&png().data), Some(ImageKind::Png));
        assert_eq!(
            ImageKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]),
            Some(ImageKind::Jpeg)
        );
        for not in [&b"GIF89a"[..], b"", b"\xFF\xD8", b"<svg", b"PNG\r\n"] {
            assert_eq!(ImageKind::sniff(not), None, "{not:?}");
        }
        assert_eq!(png().dimensions(), (3, 2, 24));
    }

    #[test]
    fn a_jpeg_start_of_frame_gives_its_size() {
        // SOI, an APP0 segment of 4 bytes, SOF0: 8 bits, 480 high, 640 wide, 3 components.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 17, 8, 0x01, 0xE0, 0x02, 0x80, 3, 0,
            0, 0, 0,
        ];
        let cover = Cover {
            kind: ImageKind::Jpeg,
            data: jpeg.to_vec(),
        };
        assert_eq!(cover.dimensions(), (640, 480, 24));
        // Cut short: unknown, never a panic.
        let cut = Cover {
            kind: ImageKind::Jpeg,
            data: jpeg[..10].to_vec(),
        };
        assert_eq!(cut.dimensions(), (0, 0, 0));
    }

    #[test]
    fn a_missing_or_non_image_cover_is_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.jpg");
        let e = Cover::load(&missing).unwrap_err();
        assert!(e.contains("none.jpg") && !e.contains('\n'), "{e}");
        let text = dir.path().join("cover.png");
        std::fs::write(&text, "not a picture").unwrap();
        let e = Cover::load(&text).unwrap_err();
        assert!(e.contains("not a JPEG or PNG"), "{e}");
        let good = dir.path().join("cover.bin");
        std::fs::write(&good, &png().data).unwrap();
        assert_eq!(Cover::load(&good).unwrap(), png());
    }

    #[test]
    fn chapter_times_are_fixed_width() {
        for (samples, rate, text) in [
            (0, 22050, "00:00:00.000"),
            (22050, 22050, "00:00:01.000"),
            (11, 22050, "00:00:00.000"),
            (12, 22050, "00:00:00.001"),
            (48000 * 3723 + 480, 48000, "01:02:03.010"),
            (u64::MAX / 2, 8000, "99:59:59.999"),
        ] {
            let t = chapter_time(samples, rate);
            assert_eq!(t, text, "{samples} at {rate}");
            assert_eq!(t.len(), 12);
        }
    }

    #[test]
    fn a_vorbis_comment_reads_back() {
        let tags = Tags {
            title: Some("Rain ends drought".into()),
            author: Some("Zoë Quill".into()),
            chapters: vec![
                Chapter {
                    title: "Start".into(),
                    start: 0,
                    end: 24000,
                },
                Chapter {
                    title: "The farms".into(),
                    start: 24000,
                    end: 48000,
                },
            ],
            ..Tags::default()
        };
        let comments = tags.vorbis_comments(24000);
        assert_eq!(
            comments,
            [
                "TITLE=Rain ends drought",
                "ARTIST=Zoë Quill",
                "CHAPTER001=00:00:00.000",
                "CHAPTER001NAME=Start",
                "CHAPTER002=00:00:01.000",
                "CHAPTER002NAME=The farms",
            ]
        );
        let body = vorbis_comment("v", &comments);
        // Read it back field by field.
        let u32_at = |i: usize| u32::from_le_bytes(body[i..i + 4].try_into().unwrap()) as usize;
        assert_eq!(u32_at(0), 1);
        assert_eq!(body[4], b'v');
        assert_eq!(u32_at(5), comments.len());
        let mut at = 9;
        for c in &comments {
            let len = u32_at(at);
            assert_eq!(&body[at + 4..at + 4 + len], c.as_bytes());
            at += 4 + len;
        }
        assert_eq!(at, body.len());
    }

    #[test]
    fn a_picture_block_has_its_fields_in_order() {
        let cover = png();
        let b = flac_picture(&cover);
        let u32_at = |i: usize| u32::from_be_bytes(b[i..i + 4].try_into().unwrap());
        assert_eq!(u32_at(0), 3);
        assert_eq!(u32_at(4), 9);
        assert_eq!(&b[8..17], b"image/png");
        assert_eq!(u32_at(17), 0);
        assert_eq!((u32_at(21), u32_at(25), u32_at(29)), (3, 2, 24));
        assert_eq!(u32_at(37) as usize, cover.data.len());
        assert_eq!(&b[41..], &cover.data[..]);
    }

    #[test]
    fn values_are_cleaned() {
        assert_eq!(clean("  Jo \n Bloggs "), Some("Jo Bloggs".into()));
        assert_eq!(clean(" \t"), None);
    }
}
