//! Stage 5, **synthesize**: spoken text in, PCM audio out, one [`Chunk`] per sentence.
//!
//! A [`Voice`] is one engine with one set of settings. Engines live one per file:
//! [`espeak`] (libespeak-ng, built in, the default). The pipeline calls a voice from
//! many rayon threads at once; an engine that is not thread-safe serialises its own
//! calls, and [`pool`] spreads such an engine over worker processes. [`open`] turns a voice name from the command line into a voice.

pub mod espeak;
pub mod pool;

use crate::error::{Error, Result};
use serde::Serialize;

/// The audio of one sentence: mono samples in [-1.0, 1.0].
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
}

impl Chunk {
    /// Length in seconds.
    pub fn duration(&self) -> f64 {
        self.samples.len() as f64 / self.sample_rate as f64
    }
}

/// How a voice speaks, whatever its engine.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VoiceSettings {
    /// Speaking rate relative to the voice's normal rate (1.0); 0.5 to 2.0 is sensible.
    pub speed: f32,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        VoiceSettings { speed: 1.0 }
    }
}

/// A voice: text in, PCM out.
pub trait Voice: Send + Sync {
    /// The name a user selects it by.
    fn name(&self) -> &str;
    /// Samples per second of every chunk it returns.
    fn sample_rate(&self) -> u32;
    /// Whether the engine speaks one sentence at a time per process, so that parallel
    /// synthesis needs a [`pool::Pool`] of processes rather than threads.
    fn serial(&self) -> bool {
        false
    }
    /// Speaks one sentence of already-normalised text.
    fn synthesize(&self, text: &str) -> std::result::Result<Chunk, String>;
}

/// One voice a user can choose, as `narrate voices` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceInfo {
    pub name: String,
    pub engine: String,
    pub language: String,
    pub installed: bool,
    pub description: String,
}

/// The name of the voice used when none is given.
pub const DEFAULT_VOICE: &str = "en-us";

/// Every voice narrate knows of.
pub fn voices() -> Vec<VoiceInfo> {
    espeak::voices()
}

/// Opens the voice called `name` (see [`voices`]).
pub fn open(name: &str, settings: VoiceSettings) -> Result<Box<dyn Voice>> {
    if let Some(v) = espeak::open(name, settings)? {
        return Ok(Box::new(v));
    }
    let available = voices()
        .into_iter()
        .filter(|v| v.installed)
        .map(|v| v.name)
        .collect::<Vec<_>>();
    let available = if available.len() > 12 {
        format!(
            "{} and {} more",
            available[..12].join(", "),
            available.len() - 12
        )
    } else {
        available.join(", ")
    };
    Err(Error::UnknownVoice {
        name: name.to_string(),
        available,
    })
}
