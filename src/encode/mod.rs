//! Writing a [`Narration`] to an audio file. Each format is an [`Encoder`], one file per
//! format; [`write_atomic`] writes through a temporary file beside the target and
//! renames it into place, so the output path never holds a half-written file.

pub mod wav;

use crate::error::{Error, Result};
use crate::stitch::Narration;
use std::io::Write;
use std::path::Path;

pub use wav::Wav;

/// One audio file format.
pub trait Encoder {
    /// The file extension, without the dot.
    fn extension(&self) -> &'static str;
    /// Writes the whole file to `out`.
    fn encode(&self, narration: &Narration, out: &mut dyn Write) -> std::io::Result<()>;
}

/// Encodes `narration` to `path` through a temporary file in the same directory.
pub fn write_atomic(path: &Path, encoder: &dyn Encoder, narration: &Narration) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".narrate-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(write_err)?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        encoder.encode(narration, &mut buf).map_err(write_err)?;
        buf.flush().map_err(write_err)?;
    }
    tmp.persist(path).map_err(|e| write_err(e.error))?;
    Ok(())
}
