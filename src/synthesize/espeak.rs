//! The espeak-ng engine. (Placeholder until the libespeak-ng binding lands.)

use super::{Chunk, Voice, VoiceInfo, VoiceSettings};
use crate::error::Result;

pub struct Espeak {
    name: String,
}

impl Voice for Espeak {
    fn name(&self) -> &str {
        &self.name
    }
    fn sample_rate(&self) -> u32 {
        22050
    }
    fn synthesize(&self, _text: &str) -> std::result::Result<Chunk, String> {
        Err("not yet".into())
    }
}

pub fn voices() -> Vec<VoiceInfo> {
    Vec::new()
}

pub fn open(_name: &str, _settings: VoiceSettings) -> Result<Option<Espeak>> {
    Ok(None)
}
