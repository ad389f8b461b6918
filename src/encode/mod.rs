//! Writing a narration to an audio file. Each format is an [`Encoder`], one file per
//! format, that writes a stream of [`Part`]s as they come, so that a long narration is
//! never held whole in memory. An [`AtomicOutput`] is the file being written: a
//! temporary file beside the target, renamed into place only when complete, so the
//! output path never holds a half-written file; if anything fails or the run is killed,
//! the target is left as it was. [`write_atomic`] does both for a whole [`Narration`].
//!
//! Encoders write to a [`Sink`], a seekable writer, because formats like WAV put the
//! length of the data in a header before it and fill it in at the end.

pub mod wav;

use crate::error::{Error, Result};
use crate::stitch::{Narration, Part};
use std::io::{BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

pub use wav::Wav;

/// Where an encoder writes: any writer that can also seek.
pub trait Sink: Write + Seek {}

impl<T: Write + Seek> Sink for T {}

/// One audio file format.
pub trait Encoder {
    /// The file extension, without the dot.
    fn extension(&self) -> &'static str;
    /// Starts a file of mono audio at `sample_rate` on `out`.
    fn start<'a>(
        &self,
        sample_rate: u32,
        out: &'a mut dyn Sink,
    ) -> std::io::Result<Box<dyn Stream + 'a>>;
}

/// A file being encoded: parts in, in order, then [`Stream::finish`].
pub trait Stream {
    fn write(&mut self, part: &Part) -> std::io::Result<()>;
    /// Completes the file (headers, lengths).
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// An output file being written: a temporary file in the target's folder.
pub struct AtomicOutput {
    path: PathBuf,
    file: BufWriter<tempfile::NamedTempFile>,
}

impl AtomicOutput {
    /// Creates the temporary file beside `path`.
    pub fn create(path: &Path) -> Result<AtomicOutput> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".narrate-")
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|source| Error::Write {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(AtomicOutput {
            path: path.to_path_buf(),
            file: BufWriter::with_capacity(1 << 16, tmp),
        })
    }

    /// Where the file will be.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The writer for an encoder.
    pub fn sink(&mut self) -> &mut dyn Sink {
        &mut self.file
    }

    /// An I/O error while writing this file, as narrate reports it.
    pub fn error(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self.path.clone(),
            source,
        }
    }

    /// Flushes the file and renames it into place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let write_err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let tmp = self
            .file
            .into_inner()
            .map_err(|e| write_err(e.into_error()))?;
        tmp.persist(&path).map_err(|e| write_err(e.error))?;
        Ok(())
    }
}

/// Encodes `narration` to `path` through a temporary file in the same directory.
pub fn write_atomic(path: &Path, encoder: &dyn Encoder, narration: &Narration) -> Result<()> {
    let mut output = AtomicOutput::create(path)?;
    let written = (|| {
        let mut stream = encoder.start(narration.sample_rate, output.sink())?;
        for part in narration.parts() {
            stream.write(part)?;
        }
        stream.finish()
    })();
    written.map_err(|e| output.error(e))?;
    output.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stitch::Part;

    /// Silence, a tone with the extremes of 16-bit PCM, silence.
    fn narration() -> Narration {
        let speech: Vec<i16> = (0..5000)
            .map(|i| ((i as f32 * 0.01).sin() * 0.8 * 32767.0) as i16)
            .chain([32767, -32767, -32768, 0])
            .collect();
        Narration::new(
            22050,
            vec![
                Part::Silence(300),
                Part::Speech(speech),
                Part::Silence(70_000),
            ],
            Vec::new(),
        )
    }

    #[test]
    fn wav_round_trips_through_write_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.wav");
        let n = narration();
        write_atomic(&path, &Wav, &n).unwrap();
        let mut reader = hound::WavReader::open(&path).unwrap();
        let spec = reader.spec();
        assert_eq!(spec.channels, 1);
        assert_eq!(spec.sample_rate, 22050);
        assert_eq!(spec.bits_per_sample, 16);
        assert_eq!(spec.sample_format, hound::SampleFormat::Int);
        let read: Vec<i16> = reader.samples::<i16>().map(|s| s.unwrap()).collect();
        let mut expected = vec![0i16; 300];
        if let Part::Speech(s) = &n.parts()[1] {
            expected.extend(s);
        }
        expected.resize(expected.len() + 70_000, 0);
        assert_eq!(read.len(), n.len());
        assert_eq!(read, expected);
        assert_eq!(&read[5300..5304], &[32767, -32767, -32768, 0]);
        // Only the target is left in the directory: no temporary file.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        // Writing again replaces the file.
        let short = Narration::new(22050, vec![Part::Speech(vec![8192; 10])], Vec::new());
        write_atomic(&path, &Wav, &short).unwrap();
        assert_eq!(hound::WavReader::open(&path).unwrap().len(), 10);
    }

    #[test]
    fn empty_narration_is_a_valid_empty_wav() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.wav");
        let n = Narration::new(22050, Vec::new(), Vec::new());
        write_atomic(&path, &Wav, &n).unwrap();
        assert_eq!(hound::WavReader::open(&path).unwrap().len(), 0);
    }

    #[test]
    fn missing_directory_is_a_write_error_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no").join("such").join("out.wav");
        let err = write_atomic(&path, &Wav, &narration()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(err.to_string().contains("out.wav"), "{err}");
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn unwritable_directory_is_a_write_error_and_leaves_no_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let path = locked.join("out.wav");
        let result = write_atomic(&path, &Wav, &narration());
        // Root ignores directory permissions; the check only means something otherwise.
        let writable = std::fs::File::create(locked.join("probe")).is_ok();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        if writable {
            eprintln!("skipped: running as a user that can write to a 0555 directory");
            return;
        }
        let err = result.unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(&locked).unwrap().count(), 0);
    }

    #[test]
    fn a_file_as_directory_or_a_directory_as_target_is_a_write_error() {
        // Unlike permissions, these hold for root too.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, b"x").unwrap();
        let path = file.join("out.wav");
        let err = write_atomic(&path, &Wav, &narration()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(!path.exists());

        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        let err = write_atomic(&target, &Wav, &narration()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(target.is_dir());
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
        // plain and taken, no temporary file beside them.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    /// A sink that fails after some bytes, like a full disk.
    struct Failing(usize);

    impl Encoder for Failing {
        fn extension(&self) -> &'static str {
            "wav"
        }
        fn start<'a>(
            &self,
            _sample_rate: u32,
            out: &'a mut dyn Sink,
        ) -> std::io::Result<Box<dyn Stream + 'a>> {
            out.write_all(&vec![7u8; self.0])?;
            Err(std::io::Error::other("disk full"))
        }
    }

    #[test]
    fn a_failed_encode_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.wav");
        std::fs::write(&path, b"old").unwrap();
        let err = write_atomic(&path, &Failing(100), &narration()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
