//! Stage 6, **stitch**: the chunks of the narrated sentences in, one [`Narration`] out.
//!
//! Each chunk is trimmed of its own leading and trailing silence (see [`trim`] for the
//! threshold and margins), then the chunks are joined with pauses that grow with the
//! break in the text (sentence < paragraph < heading or title; lengths from [`Pauses`]),
//! with a 5 ms raised-cosine fade at both edges of every chunk so no click is heard at a
//! seam. The narration opens and closes with [`EDGE_SILENCE_MS`] of silence. The start
//! and end sample of every sentence in the result are kept as [`Timing`]s for subtitles
//! and manifests.
//!
//! Details:
//! - A sentence's timing spans its trimmed audio, margins included, so the gap between
//!   one sentence's end and the next one's start is exactly the pause.
//! - A pause a script asked for ([`Break::Asked`], SSML `break`) is the silence heard
//!   from one sound to the next: the quiet edges of the two clips (their margins'
//!   samples at or under -50 dBFS, [`quiet_edges`]) are taken from it.
//! - The first chunk's break is ignored. A chunk that holds no speech (all silence, or
//!   empty) gets a zero-length timing where it would have started, adds no audio, and
//!   adds no pause of its own: the next spoken chunk is preceded by the longest pause of
//!   the breaks since the previous spoken one, so a silent heading still separates.
//! - A [`Clip`] (the chunk trimmed and faded, in place) is made from each chunk as soon
//!   as it is synthesized; the [`Narration`] is the list of clips and the silences
//!   between them ([`Part`]s), never one joined copy, so a render holds its audio once,
//!   at two bytes a sample.
//! - All chunks should share one sample rate. One that does not is resampled to the
//!   narration's rate (band-limited, by [`crate::master::resample`]) rather than
//!   rejected: `stitch` cannot fail.

pub mod trim;

use crate::document::{Pause, PauseStrength};
use crate::master::resample::{convert_position, resample};
pub use crate::synthesize::to_i16;
use crate::synthesize::{Chunk, WordMark};
use serde::Serialize;

/// The kind of break before a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Break {
    /// Between two sentences of one paragraph.
    Sentence,
    /// Between paragraphs.
    Paragraph,
    /// Around a heading or the title.
    Heading,
    /// The pause a script asked for (SSML `break`), instead of any other.
    Asked(crate::document::Pause),
}

/// Pause lengths in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pauses {
    pub sentence_ms: u32,
    pub paragraph_ms: u32,
    pub heading_ms: u32,
}

impl Default for Pauses {
    fn default() -> Self {
        Pauses {
            sentence_ms: 350,
            paragraph_ms: 700,
            heading_ms: 1000,
        }
    }
}

impl Pauses {
    /// The pause before a sentence that follows a break of kind `b`, in milliseconds.
    /// A script's break strengths take the pauses' lengths: `weak` a sentence's,
    /// `medium` a paragraph's, `strong` a heading's, `x-weak` half a sentence's and
    /// `x-strong` one and a half heading's; `none` is no pause.
    pub fn before(&self, b: Break) -> u32 {
        match b {
            Break::Sentence => self.sentence_ms,
            Break::Paragraph => self.paragraph_ms,
            Break::Heading => self.heading_ms,
            Break::Asked(Pause::Millis(ms)) => ms,
            Break::Asked(Pause::Strength(strength)) => match strength {
                PauseStrength::None => 0,
                PauseStrength::XWeak => self.sentence_ms / 2,
                PauseStrength::Weak => self.sentence_ms,
                PauseStrength::Medium => self.paragraph_ms,
                PauseStrength::Strong => self.heading_ms,
                PauseStrength::XStrong => self.heading_ms.saturating_mul(3) / 2,
            },
        }
    }
}

/// Where one sentence's speech lies in the narration, in samples, and where each of
/// its words is heard.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timing {
    pub start: usize,
    pub end: usize,
    /// The clip's word marks at their places in the narration: text positions in the
    /// sentence's spoken form, samples of the narration.
    pub words: Vec<WordMark>,
}

/// One stretch of a narration: a run of silence, or one sentence's speech as 16-bit
/// samples (the resolution of the output files).
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Silence(usize),
    Speech(Vec<i16>),
}

impl Part {
    /// Length in samples.
    pub fn len(&self) -> usize {
        match self {
            Part::Silence(n) => *n,
            Part::Speech(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The part's samples as floats (16-bit speech as `x / 32768`), handed to `f` in
    /// blocks of at most [`PART_BLOCK`] samples: the part is never copied whole.
    pub fn for_each_block<E>(&self, f: &mut impl FnMut(&[f32]) -> Result<(), E>) -> Result<(), E> {
        let mut block = [0f32; PART_BLOCK];
        match self {
            Part::Silence(n) => {
                let mut rest = *n;
                while rest > 0 {
                    let k = rest.min(PART_BLOCK);
                    f(&block[..k])?;
                    rest -= k;
                }
            }
            Part::Speech(speech) => {
                for piece in speech.chunks(PART_BLOCK) {
                    for (o, &x) in block.iter_mut().zip(piece) {
                        *o = f32::from(x) / 32768.0;
                    }
                    f(&block[..piece.len()])?;
                }
            }
        }
        Ok(())
    }
}

/// The most samples [`Part::for_each_block`] hands out at once.
pub const PART_BLOCK: usize = 4096;

/// The whole narration, as the parts it is made of (so that no second copy of the audio
/// is made to join them), and the timing of each sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Narration {
    pub sample_rate: u32,
    pub timings: Vec<Timing>,
    parts: Vec<Part>,
    len: usize,
}

impl Narration {
    pub fn new(sample_rate: u32, parts: Vec<Part>, timings: Vec<Timing>) -> Narration {
        let len = parts.iter().map(Part::len).sum();
        Narration {
            sample_rate,
            timings,
            parts,
            len,
        }
    }

    /// The parts in order; their samples, one after another, are the narration.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Length in samples.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn duration(&self) -> f64 {
        self.len as f64 / self.sample_rate as f64
    }

    /// Every sample in [-1.0, 1.0], in one buffer: for measuring the audio.
    pub fn samples(&self) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.len);
        for part in &self.parts {
            match part {
                Part::Silence(n) => out.resize(out.len() + n, 0.0),
                Part::Speech(s) => out.extend(s.iter().map(|&x| x as f32 / 32768.0)),
            }
        }
        out
    }
}

/// Silence at the very start and end of a narration.
pub const EDGE_SILENCE_MS: u32 = 100;

/// The rate used when there are no chunks to take one from.
const DEFAULT_RATE: u32 = 22050;

/// The version of what [`Clip::new`] does to a chunk (trim, fade). Version 2: chunks
/// are 16-bit, so a clip is faded after the engine's floats are rounded, not before.
/// Clips are cached under a key that includes it and [`trim`]'s parameters: bump it
/// whenever a change to this code or to [`trim`] changes the samples of a clip in a way
/// those parameters do not show, so that no clip made the old way is ever reused.
pub const CLIP_VERSION: u32 = 2;

/// One sentence's speech ready to be joined: its chunk trimmed of leading and trailing
/// silence and faded in and out. Made right after synthesis, on
/// the thread that synthesized it, so that this work overlaps the synthesis of later
/// sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Clip {
    /// Empty when the chunk held no speech.
    pub samples: Vec<i16>,
    pub sample_rate: u32,
    /// The chunk's word marks, moved with the trim: positions in `samples`, within it.
    pub words: Vec<WordMark>,
}

impl Clip {
    pub fn new(chunk: Chunk) -> Clip {
        let Chunk {
            mut samples,
            sample_rate,
            words,
        } = chunk;
        // Trimmed and faded in place: the clip is the chunk's own buffer.
        let range = trim::speech_range(&samples, sample_rate);
        let inside = |at: usize| at.saturating_sub(range.start).min(range.len());
        let words = words
            .into_iter()
            .map(|w| {
                // A word begins where its sound does and ends where its sound ends: an
                // engine's mark may fall in the silence before it (a pause at a comma,
                // the chunk's leading silence) or take in the pause after it.
                let sound =
                    trim::sound_within(&samples, sample_rate, w.start..w.end.max(w.start + 1));
                let (start, end) = sound.map_or((w.start, w.end), |s| {
                    (s.start, s.end.min(w.end.max(s.start)))
                });
                WordMark {
                    start: inside(start),
                    end: inside(end).max(inside(start)),
                    ..w
                }
            })
            .collect();
        samples.truncate(range.end);
        samples.drain(..range.start);
        trim::fade_edges(
            &mut samples,
            trim::ms_to_samples(trim::FADE_MS, sample_rate),
        );
        samples.shrink_to_fit();
        Clip {
            samples,
            sample_rate,
            words,
        }
    }
}

/// Joins `chunks`, each with the break that comes before it (the first one's is ignored):
/// [`Clip::new`] on each, then [`join`].
pub fn stitch(chunks: Vec<(Break, Chunk)>, pauses: &Pauses) -> Narration {
    join(
        chunks.into_iter().map(|(b, c)| (b, Clip::new(c))).collect(),
        pauses,
    )
}

/// Joins clips as they come, in order, handing out the narration's [`Part`]s at once
/// so that they can be written before later sentences exist: memory then holds only the
/// clips not yet joined. [`join`] is the same over a whole list.
pub struct Stitcher {
    sample_rate: u32,
    pauses: Pauses,
    /// Samples handed out so far.
    at: usize,
    /// The pause owed before the next spoken clip; None until something was spoken.
    pending: Option<u32>,
    /// Whether the pause owed is one a script asked for ([`Break::Asked`]), which is
    /// measured from sound to sound: the quiet edges of the clips count in it.
    pending_asked: bool,
    /// Quiet samples ([`quiet_edges`]) at the end of the last spoken clip.
    tail_quiet: usize,
    spoken_any: bool,
    timings: Vec<Timing>,
}

impl Stitcher {
    /// A narration at `sample_rate` (clips at another rate are resampled to it).
    pub fn new(sample_rate: u32, pauses: Pauses) -> Stitcher {
        Stitcher {
            sample_rate: if sample_rate > 0 {
                sample_rate
            } else {
                DEFAULT_RATE
            },
            pauses,
            at: 0,
            pending: None,
            pending_asked: false,
            tail_quiet: 0,
            spoken_any: false,
            timings: Vec::new(),
        }
    }

    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Hands `part` to `out` and counts it.
    fn emit<E>(
        &mut self,
        part: Part,
        out: &mut impl FnMut(Part) -> Result<(), E>,
    ) -> Result<(), E> {
        self.at += part.len();
        out(part)
    }

    /// Adds the next clip, with the break before it; the first call also hands out the
    /// opening silence.
    pub fn push<E>(
        &mut self,
        brk: Break,
        clip: Clip,
        out: &mut impl FnMut(Part) -> Result<(), E>,
    ) -> Result<(), E> {
        let rate = self.sample_rate;
        if self.timings.is_empty() {
            self.emit(
                Part::Silence(trim::ms_to_samples(EDGE_SILENCE_MS, rate)),
                out,
            )?;
        }
        if self.spoken_any {
            let ms = self.pauses.before(brk);
            self.pending = Some(self.pending.map_or(ms, |p| p.max(ms)));
            self.pending_asked |= matches!(brk, Break::Asked(_));
        }
        if clip.samples.is_empty() {
            self.timings.push(Timing {
                start: self.at,
                end: self.at,
                words: Vec::new(),
            });
            return Ok(());
        }
        let (lead_quiet, tail_quiet) = quiet_edges(&clip.samples);
        if let Some(ms) = self.pending.take() {
            let mut pause = trim::ms_to_samples(ms, rate);
            if std::mem::take(&mut self.pending_asked) && clip.sample_rate == rate {
                pause = pause.saturating_sub(self.tail_quiet + lead_quiet);
            }
            self.emit(Part::Silence(pause), out)?;
        }
        self.tail_quiet = tail_quiet;
        let start = self.at;
        let place =
            |at: usize| start + convert_position(at as u64, clip.sample_rate, rate) as usize;
        let words: Vec<WordMark> = clip
            .words
            .iter()
            .map(|w| WordMark {
                start: place(w.start),
                end: place(w.end),
                ..*w
            })
            .collect();
        let speech = if clip.sample_rate == rate {
            clip.samples
        } else {
            let f: Vec<f32> = clip.samples.iter().map(|&x| x as f32 / 32768.0).collect();
            // Fails only for a rate of zero, which has no samples to give.
            resample(&f, clip.sample_rate, rate)
                .unwrap_or_default()
                .into_iter()
                .map(to_i16)
                .collect()
        };
        self.emit(Part::Speech(speech), out)?;
        let end = self.at;
        self.timings.push(Timing {
            start,
            end,
            words: words
                .into_iter()
                .map(|w: WordMark| WordMark {
                    start: w.start.min(end),
                    end: w.end.min(end),
                    ..w
                })
                .collect(),
        });
        self.spoken_any = true;
        Ok(())
    }

    /// Hands out the closing silence (the opening one too, if no clip came) and returns
    /// the timing of every clip and the narration's length in samples.
    pub fn finish<E>(
        mut self,
        out: &mut impl FnMut(Part) -> Result<(), E>,
    ) -> Result<(Vec<Timing>, usize), E> {
        let edge = trim::ms_to_samples(EDGE_SILENCE_MS, self.sample_rate);
        if self.timings.is_empty() {
            self.emit(Part::Silence(edge), out)?;
        }
        self.emit(Part::Silence(edge), out)?;
        Ok((self.timings, self.at))
    }
}

/// The loudest sample of a clip's edges that still counts as quiet: -50 dBFS.
pub const QUIET_EDGE_LEVEL: i16 = 104;

/// How many samples at the start and at the end of `samples` are quiet (no louder than
/// [`QUIET_EDGE_LEVEL`]): the silent part of the margins [`trim`] keeps, which a pause a
/// script asks for takes in, so that the silence heard between the two sounds is the
/// asked length.
pub fn quiet_edges(samples: &[i16]) -> (usize, usize) {
    let quiet = |x: &i16| x.unsigned_abs() <= QUIET_EDGE_LEVEL as u16;
    let lead = samples.iter().take_while(|x| quiet(x)).count();
    if lead == samples.len() {
        return (lead, 0);
    }
    (lead, samples.iter().rev().take_while(|x| quiet(x)).count())
}

/// Joins clips, each with the break that comes before it (the first one's is ignored).
/// Clips at another rate than the first are resampled to it (see the module docs).
pub fn join(clips: Vec<(Break, Clip)>, pauses: &Pauses) -> Narration {
    let rate = clips.first().map_or(DEFAULT_RATE, |(_, c)| c.sample_rate);
    let mut stitcher = Stitcher::new(rate, *pauses);
    let mut parts = Vec::with_capacity(2 * clips.len() + 2);
    let mut keep = |p: Part| -> Result<(), std::convert::Infallible> {
        parts.push(p);
        Ok(())
    };
    let sample_rate = stitcher.sample_rate();
    for (brk, clip) in clips {
        let Ok(()) = stitcher.push(brk, clip, &mut keep);
    }
    let Ok((timings, _)) = stitcher.finish(&mut keep);
    Narration::new(sample_rate, parts, timings)
}
