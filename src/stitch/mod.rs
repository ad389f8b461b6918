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
//! - The first chunk's break is ignored. A chunk that holds no speech (all silence, or
//!   empty) gets a zero-length timing where it would have started, adds no audio, and
//!   adds no pause of its own: the next spoken chunk is preceded by the longest pause of
//!   the breaks since the previous spoken one, so a silent heading still separates.
//! - All chunks should share one sample rate. One that does not is resampled (linear
//!   interpolation) to the first chunk's rate rather than rejected: `stitch` cannot fail.
//!   Voices return one rate, so this is a safety net, not a quality path.

pub mod trim;

use crate::synthesize::Chunk;
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
    pub fn before(&self, b: Break) -> u32 {
        match b {
            Break::Sentence => self.sentence_ms,
            Break::Paragraph => self.paragraph_ms,
            Break::Heading => self.heading_ms,
        }
    }
}

/// Where one sentence's speech lies in the narration, in samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Timing {
    pub start: usize,
    pub end: usize,
}

/// The whole narration: mono samples in [-1.0, 1.0] and the timing of each sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Narration {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
    pub timings: Vec<Timing>,
}

impl Narration {
    pub fn duration(&self) -> f64 {
        self.samples.len() as f64 / self.sample_rate as f64
    }
}

/// Silence at the very start and end of a narration.
pub const EDGE_SILENCE_MS: u32 = 100;

/// The rate used when there are no chunks to take one from.
const DEFAULT_RATE: u32 = 22050;

/// One sentence's speech ready to be joined: its chunk trimmed of leading and trailing
/// silence and faded in and out. Made right after synthesis, on the thread that
/// synthesized it, so that this work overlaps the synthesis of later sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Clip {
    /// Empty when the chunk held no speech.
    pub samples: Vec<f32>,
    pub sample_rate: u32,
}

impl Clip {
    /// Trims and fades `chunk`, reusing its buffer.
    pub fn new(chunk: Chunk) -> Clip {
        let Chunk {
            mut samples,
            sample_rate,
        } = chunk;
        let range = trim::speech_range(&samples, sample_rate);
        if range.is_empty() {
            samples.clear();
        } else {
            samples.truncate(range.end);
            samples.drain(..range.start);
            trim::fade_edges(
                &mut samples,
                trim::ms_to_samples(trim::FADE_MS, sample_rate),
            );
        }
        Clip {
            samples,
            sample_rate,
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

/// Joins clips, each with the break that comes before it (the first one's is ignored).
/// Clips at another rate than the first are resampled to it (see the module docs).
pub fn join(clips: Vec<(Break, Clip)>, pauses: &Pauses) -> Narration {
    let sample_rate = clips
        .first()
        .map(|(_, c)| c.sample_rate)
        .filter(|&r| r > 0)
        .unwrap_or(DEFAULT_RATE);
    let edge = trim::ms_to_samples(EDGE_SILENCE_MS, sample_rate);
    let speech: usize = clips.iter().map(|(_, c)| c.samples.len()).sum();
    let gaps: usize = clips
        .iter()
        .map(|(b, _)| trim::ms_to_samples(pauses.before(*b), sample_rate))
        .sum();
    let mut samples: Vec<f32> = Vec::with_capacity(2 * edge + speech + gaps);
    samples.resize(edge, 0.0);
    let mut timings = Vec::with_capacity(clips.len());
    // The pause owed before the next spoken clip; None until something was spoken.
    let mut pending: Option<u32> = None;
    let mut spoken_any = false;
    for (brk, clip) in clips {
        if spoken_any {
            let ms = pauses.before(brk);
            pending = Some(pending.map_or(ms, |p| p.max(ms)));
        }
        if clip.samples.is_empty() {
            let at = samples.len();
            timings.push(Timing { start: at, end: at });
            continue;
        }
        if let Some(ms) = pending.take() {
            samples.resize(samples.len() + trim::ms_to_samples(ms, sample_rate), 0.0);
        }
        let start = samples.len();
        if clip.sample_rate == sample_rate {
            samples.extend_from_slice(&clip.samples);
        } else {
            samples.extend(resample(&clip.samples, clip.sample_rate, sample_rate));
        }
        timings.push(Timing {
            start,
            end: samples.len(),
        });
        spoken_any = true;
    }
    samples.resize(samples.len() + edge, 0.0);
    Narration {
        samples,
        sample_rate,
        timings,
    }
}

/// `samples` at rate `from` converted to rate `to` by linear interpolation.
fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == 0 || to == 0 || samples.is_empty() {
        return Vec::new();
    }
    let len = (samples.len() as u64 * to as u64 / from as u64) as usize;
    let step = from as f64 / to as f64;
    (0..len)
        .map(|i| {
            let x = i as f64 * step;
            let j = x.floor() as usize;
            let frac = (x - j as f64) as f32;
            let a = samples[j.min(samples.len() - 1)];
            let b = samples[(j + 1).min(samples.len() - 1)];
            a + (b - a) * frac
        })
        .collect()
}
