//! The voice catalogue: the TOML files of the `voices/` folder in, one [`VoiceEntry`]
//! per file out, each able to say whether its files are installed.
//!
//! A voice file names the voice and its engine, language, model and config (paths
//! relative to narrate's data folder, `.narrate/` of the repository, where
//! `scripts/setup.sh` installs them), sample rate, default speed and noise settings,
//! licence, and a rank: the installed voice of highest rank is the default.
//!
//! narrate finds its folders without being told: `voices/` and `.narrate/` of the
//! repository the binary was built in (found from the binary's path, as in
//! `target/release/narrate`), then those of the source tree it was built from.
//! `$NARRATE_VOICES` and `$NARRATE_DATA`, when set, replace them.
//!
//! `voices/` also holds the default pronunciation lexicon, [`LEXICON_FILE`], which is
//! not a voice file (see [`crate::speak::lexicon`]); [`lexicon_file`] finds it.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One voice file of the catalogue.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoiceEntry {
    pub name: String,
    /// `piper` or `espeak-ng`.
    pub engine: String,
    pub language: String,
    /// The model file (Piper), relative to the data folder unless absolute.
    #[serde(default)]
    pub model: Option<PathBuf>,
    /// The model's config (Piper), relative to the data folder unless absolute.
    #[serde(default)]
    pub config: Option<PathBuf>,
    pub sample_rate: u32,
    #[serde(default = "one")]
    pub speed: f32,
    #[serde(default)]
    pub noise_scale: Option<f32>,
    #[serde(default)]
    pub noise_w: Option<f32>,
    pub licence: String,
    #[serde(default)]
    pub description: String,
    /// Preference among installed voices for the default; higher wins.
    #[serde(default)]
    pub rank: i32,
    /// The file this entry was read from.
    #[serde(skip)]
    pub file: PathBuf,
}

fn one() -> f32 {
    1.0
}

impl VoiceEntry {
    /// The model file, resolved against the data folders (the first that has it, or
    /// the first folder when none has).
    pub fn model_path(&self) -> Option<PathBuf> {
        self.model.as_deref().map(resolve)
    }

    /// The config file, resolved like [`VoiceEntry::model_path`].
    pub fn config_path(&self) -> Option<PathBuf> {
        self.config.as_deref().map(resolve)
    }

    /// Whether every file the voice needs is there.
    pub fn installed(&self) -> bool {
        [self.model_path(), self.config_path()]
            .iter()
            .flatten()
            .all(|p| p.is_file())
    }
}

/// `path` as it lies in the first data folder that has it.
fn resolve(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    let dirs = data_dirs();
    dirs.iter()
        .map(|d| d.join(path))
        .find(|p| p.exists())
        .or_else(|| dirs.first().map(|d| d.join(path)))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Folders that may hold narrate's `voices/` and `.narrate/`: the repository the binary
/// was built in (found from the binary's path), then the source tree it was built from.
fn roots() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        // target/release/narrate or target/release/deps/test-binary.
        for up in exe.ancestors().skip(1).take(4) {
            if up.join("voices").is_dir() {
                out.push(up.to_path_buf());
                break;
            }
        }
    }
    out.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let mut seen = Vec::new();
    out.retain(|p| {
        let key = p.canonicalize().unwrap_or_else(|_| p.clone());
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    out
}

/// `$env` alone when set, else `sub` of every root.
fn dirs(env: &str, sub: &str) -> Vec<PathBuf> {
    match std::env::var_os(env) {
        Some(dir) => vec![PathBuf::from(dir)],
        None => roots().into_iter().map(|r| r.join(sub)).collect(),
    }
}

/// Folders of voice files, in the order they are read.
pub fn voices_dirs() -> Vec<PathBuf> {
    dirs("NARRATE_VOICES", "voices")
}

/// The name of the default lexicon in a voices folder.
pub const LEXICON_FILE: &str = "lexicon.toml";

/// The default lexicon: `lexicon.toml` of the first voices folder that has one.
pub fn lexicon_file() -> Option<PathBuf> {
    voices_dirs()
        .into_iter()
        .map(|d| d.join(LEXICON_FILE))
        .find(|p| p.exists())
}

/// Whether `path` lies in a folder `scripts/setup.sh` installs into (`.narrate/` of
/// narrate's repository), so that running it again would mend the file: a file
/// elsewhere is the user's own, and only they can replace it.
pub fn installed_by_setup(path: &Path) -> bool {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let path = canonical(path);
    roots()
        .iter()
        .map(|r| canonical(&r.join(".narrate")))
        .any(|data| path.starts_with(data))
}

/// Folders of installed data (ONNX Runtime, voice models), in the order they are tried.
pub fn data_dirs() -> Vec<PathBuf> {
    dirs("NARRATE_DATA", ".narrate")
}

/// Every voice file of the catalogue, the first of each name winning, and a message for
/// each file that could not be read.
pub fn load() -> (Vec<VoiceEntry>, Vec<String>) {
    let mut entries: Vec<VoiceEntry> = Vec::new();
    let mut problems = Vec::new();
    for dir in voices_dirs() {
        let Ok(listing) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = listing
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .filter(|p| p.file_name().is_none_or(|n| n != LEXICON_FILE))
            .collect();
        files.sort();
        for file in files {
            match read_entry(&file) {
                Ok(entry) if entries.iter().any(|e| e.name == entry.name) => {}
                Ok(entry) => entries.push(entry),
                Err(e) => problems.push(e),
            }
        }
    }
    (entries, problems)
}

/// Reads one voice file.
pub fn read_entry(file: &Path) -> Result<VoiceEntry, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read voice file {}: {e}", file.display()))?;
    let mut entry: VoiceEntry =
        toml::from_str(&text).map_err(|e| format!("voice file {}: {e}", file.display()))?;
    entry.file = file.to_path_buf();
    match entry.engine.as_str() {
        "piper" if entry.model.is_none() || entry.config.is_none() => Err(format!(
            "voice file {}: a piper voice needs `model` and `config`",
            file.display()
        )),
        "piper" | "espeak-ng" => Ok(entry),
        other => Err(format!(
            "voice file {}: unknown engine '{other}' (piper or espeak-ng)",
            file.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_catalogue_reads_cleanly() {
        let (entries, problems) = load();
        assert!(problems.is_empty(), "{problems:?}");
        let joe = entries
            .iter()
            .find(|e| e.name == "joe")
            .expect("voices/joe.toml");
        assert_eq!(joe.engine, "piper");
        assert_eq!(joe.sample_rate, 22050);
        assert!(joe.model_path().unwrap().ends_with("en_US-joe-medium.onnx"));
        // voices/lexicon.toml is found as the lexicon and is not taken for a voice.
        let lexicon = lexicon_file().expect("voices/lexicon.toml");
        assert!(lexicon.ends_with("voices/lexicon.toml"), "{lexicon:?}");
        assert!(entries.iter().all(|e| e.file != lexicon));
    }

    #[test]
    fn bad_voice_files_are_reported_with_their_path() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "name = \"x\"\nengine = \"tacotron\"\nlanguage = \"en\"\nsample_rate = 1\nlicence = \"MIT\"\n").unwrap();
        assert!(read_entry(&bad)
            .unwrap_err()
            .contains("unknown engine 'tacotron'"));
        std::fs::write(&bad, "name = \"x\"\nengine = \"piper\"\nlanguage = \"en\"\nsample_rate = 1\nlicence = \"MIT\"\n").unwrap();
        assert!(read_entry(&bad).unwrap_err().contains("needs `model`"));
        std::fs::write(&bad, "name = 3").unwrap();
        assert!(read_entry(&bad).unwrap_err().contains("bad.toml"));
    }
}
