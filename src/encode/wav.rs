//! WAV, mono 16-bit PCM, through hound.

use super::Encoder;
use crate::stitch::Narration;
use std::io::Write;

pub struct Wav;

impl Encoder for Wav {
    fn extension(&self) -> &'static str {
        "wav"
    }

    fn encode(&self, narration: &Narration, out: &mut dyn Write) -> std::io::Result<()> {
        let _ = (narration, out);
        Err(std::io::Error::other("not yet"))
    }
}
