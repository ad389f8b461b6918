//! The clip cache: a sentence's [`Clip`] (its speech trimmed, faded and rounded to 16
//! bits) stored on disk under a [`Key`] made of everything that decides its samples, so
//! that rendering an article again synthesizes only the sentences whose audio is not
//! there yet.
//!
//! In: a voice's [`Voice::identity`](crate::synthesize::Voice::identity) and a sentence's spoken text (the key), and the clip
//! made from its synthesis. Out: that clip, bit for bit, on a later render with the same
//! key, or nothing (a miss), never anything else.
//!
//! # The key
//! [`Key::new`] is the BLAKE3 hash of, each length-prefixed: the key format
//! ([`KEY_VERSION`]), the clip processing (the [`CLIP_VERSION`] of [`Clip::new`], the
//! parameters of [`crate::stitch::trim`] and the [`MAX_PIECE_CHARS`] a sentence is cut
//! at), the voice's identity (engine, engine version, model or voice file, every
//! setting) and the text. Change any of them and the key changes, so stale audio is
//! never reused: a new espeak-ng, another speed, another Piper model or a new trim.
//!
//! # On disk
//! `DIR/clips/v2/ab/abcdef….clip`, one file per key (64 hex digits, sharded by the first
//! two), where `DIR` is `--cache-dir`, else `$NARRATE_CACHE_DIR`, else the user's cache
//! directory (`$XDG_CACHE_HOME/narrate`, by default `~/.cache/narrate`). An entry is:
//!
//! | bytes | what |
//! | --- | --- |
//! | 4 | magic `NRCL` |
//! | 4 | format version, u32 little-endian ([`FORMAT_VERSION`]) |
//! | 32 | the key, so that a file under the wrong name is not played |
//! | 4 | sample rate, u32 |
//! | 8 | sample count N, u64 |
//! | 4 | word mark count W, u32 |
//! | 2N | the samples, i16 |
//! | 17W | the word marks: text start and end (bytes of the spoken text), start and end sample, each u32, then 1 if estimated else 0 |
//! | 32 | BLAKE3 of every byte before it |
//!
//! An entry is written to a temporary file in `DIR/clips/v2/tmp/` and renamed into
//! place, so a run killed at any moment leaves whole entries or none under their final
//! names (a leftover temporary file is removed by a later run once it is an hour old).
//! Entries are stored as each sentence is synthesized, so a killed render resumes from
//! every sentence it finished. No `fsync`: a crash of the machine may leave a renamed
//! but empty or partial entry, which the checksum catches like any other damage.
//!
//! Reading checks the magic, version, key, length and checksum; an entry that fails any
//! of them is deleted and counted ([`Cache::take_corrupt`]), and the sentence is
//! synthesized again and stored afresh: a damaged entry is never played. A cache never
//! makes a render fail: a directory that cannot be used, or an entry that cannot be
//! written, only means synthesizing (the first failure is kept for one warning,
//! [`Cache::take_write_error`]). A cache that can be read but not written (a read-only
//! folder or file system, a full disk) is still read: its entries are served, and new
//! ones are not stored (one warning says so).
//!
//! Nothing is evicted: the directory is left to the user and the OS (speech takes about
//! 44 KB a second at 22,050 Hz, a 1,000-word article about 15 MB; a `--cache-max-mb`
//! that drops the least recently used entries would be the next step). `DIR/CACHEDIR.TAG` marks it as a cache
//! for backup tools. Runs sharing a directory are safe: an entry is renamed into place
//! whole, and two runs writing the same key write the same kind of entry.
//!
//! # Why by hand
//! `cacache`, the well-kept disk cache crate, keeps an append-only index file per key
//! beside content-addressed data files and checks SHA-256 integrity on read: two files
//! per entry, a header of our own still needed for the sample rate, and a dozen crates
//! (ssri, sha1, sha2, miette, walkdir, reflink-copy…) for what is one file per key
//! here, with BLAKE3 (already needed for the Piper model's identity) as the checksum.

use crate::pipeline::MAX_PIECE_CHARS;
use crate::stitch::{trim, Clip, CLIP_VERSION};
use crate::synthesize::WordMark;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// The version of how keys are made; part of every key.
pub const KEY_VERSION: u32 = 2;
/// The version of the entry format; in every entry and in the folder name (`clips/v2`).
pub const FORMAT_VERSION: u32 = 2;
/// The first four bytes of every entry.
const MAGIC: &[u8; 4] = b"NRCL";
/// Bytes before the samples: magic, version, key, sample rate, sample count.
const HEADER_LEN: usize = 4 + 4 + 32 + 4 + 8 + 4;

/// The bytes of one word mark in an entry.
const WORD_LEN: usize = WordMark::ENCODED_LEN;
/// Bytes of the checksum after the samples.
const SUM_LEN: usize = 32;
/// The environment variable naming the cache directory.
pub const DIR_VAR: &str = "NARRATE_CACHE_DIR";
/// Temporary files older than this are leftovers of a killed run.
const STALE_TMP: Duration = Duration::from_secs(3600);
/// The content of `CACHEDIR.TAG` (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This file is a cache directory tag created by narrate.\n\
    # For information about cache directory tags see https://bford.info/cachedir/\n";

/// The cache key of one sentence's clip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

impl Key {
    /// The key of `text` spoken by a voice of identity `identity` ([`Voice::identity`]),
    /// under the current clip processing (see the module docs).
    ///
    /// [`Voice::identity`]: crate::synthesize::Voice::identity
    pub fn new(identity: &str, text: &str) -> Key {
        let mut hasher = blake3::Hasher::new();
        let mut field = |bytes: &[u8]| {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(format!("narrate clip key v{KEY_VERSION}").as_bytes());
        field(processing().as_bytes());
        field(identity.as_bytes());
        field(text.as_bytes());
        Key(*hasher.finalize().as_bytes())
    }

    /// The key as 64 lower-case hex digits: the entry's file name.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What is done to a voice's chunk before it is cached: [`Clip::new`]'s version and
/// the parameters of trimming and fading, and the length sentences are cut at.
fn processing() -> String {
    format!(
        "clip v{CLIP_VERSION} with word marks; trim {:?} dBFS, window {} ms, margins {} ms and {} ms, fade {} ms; pieces of at most {MAX_PIECE_CHARS} chars",
        trim::THRESHOLD_DBFS,
        trim::WINDOW_MS,
        trim::LEAD_MARGIN_MS,
        trim::TAIL_MARGIN_MS,
        trim::FADE_MS,
    )
}

/// Why a stored entry was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// Shorter than a header and a checksum.
    Short,
    /// Not a narrate clip (magic), or of another format version.
    Format,
    /// Stored under another key.
    Key,
    /// The sample count does not match the file's length.
    Length,
    /// The checksum does not match the content.
    Checksum,
}

/// A clip as an entry: header, samples, checksum (see the module docs).
pub fn encode(key: &Key, clip: &Clip) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + 2 * clip.samples.len() + SUM_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&key.0);
    out.extend_from_slice(&clip.sample_rate.to_le_bytes());
    out.extend_from_slice(&(clip.samples.len() as u64).to_le_bytes());
    out.extend_from_slice(&(clip.words.len() as u32).to_le_bytes());
    for s in &clip.samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    for w in &clip.words {
        w.encode(&mut out);
    }
    let sum = blake3::hash(&out);
    out.extend_from_slice(sum.as_bytes());
    out
}

/// The clip stored in `bytes` under `key`, or what is wrong with it.
pub fn decode(key: &Key, bytes: &[u8]) -> Result<Clip, Damage> {
    if bytes.len() < HEADER_LEN + SUM_LEN {
        return Err(Damage::Short);
    }
    let (body, sum) = bytes.split_at(bytes.len() - SUM_LEN);
    let u32_at = |i: usize| u32::from_le_bytes([body[i], body[i + 1], body[i + 2], body[i + 3]]);
    if &body[..4] != MAGIC || u32_at(4) != FORMAT_VERSION {
        return Err(Damage::Format);
    }
    if body[8..40] != key.0 {
        return Err(Damage::Key);
    }
    let sample_rate = u32_at(40);
    let mut count = [0u8; 8];
    count.copy_from_slice(&body[44..52]);
    let count = u64::from_le_bytes(count);
    let word_count = u64::from(u32_at(52));
    let rest = &body[HEADER_LEN..];
    let expected = count
        .checked_mul(2)
        .and_then(|n| n.checked_add(word_count * WORD_LEN as u64));
    if u64::try_from(rest.len()).ok() != expected {
        return Err(Damage::Length);
    }
    let (samples, marks) = rest.split_at(2 * count as usize);
    // Compared in constant time by blake3's `Hash` equality; not that it matters here.
    if blake3::hash(body) != blake3::Hash::from_slice(sum).map_err(|_| Damage::Checksum)? {
        return Err(Damage::Checksum);
    }
    Ok(Clip {
        samples: samples
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect(),
        sample_rate,
        words: marks
            .chunks_exact(WORD_LEN)
            .filter_map(|m| m.try_into().ok())
            .map(WordMark::decode)
            .collect(),
    })
}

/// An open clip cache: a directory, and what went wrong in it during this run.
#[derive(Debug)]
pub struct Cache {
    /// The directory the user named (or the default).
    dir: PathBuf,
    /// `dir/clips/v2`: the entries' shards.
    clips: PathBuf,
    /// `dir/clips/v2/tmp`: entries being written.
    tmp: PathBuf,
    corrupt: AtomicUsize,
    /// Whether a write failed yet: only the first failure is reported.
    write_failed: AtomicBool,
    write_error: Mutex<Option<String>>,
    /// Why nothing can be written, when the directory is only readable.
    read_only: Option<String>,
}

impl Cache {
    /// The cache directory when none is given: `$NARRATE_CACHE_DIR` if set and not
    /// empty, else `narrate` in the user's cache directory (`$XDG_CACHE_HOME`, by
    /// default `~/.cache`); `None` when there is no such directory (no home).
    pub fn default_dir() -> Option<PathBuf> {
        match std::env::var_os(DIR_VAR) {
            Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
            _ => dirs::cache_dir().map(|d| d.join("narrate")),
        }
    }

    /// The cache a render uses: none with `no_cache`, else the one in `dir`, else in
    /// [`Cache::default_dir`]. `Err` says, in one line, why there is none although one
    /// was wanted: the render then goes on without it.
    pub fn for_render(dir: Option<&Path>, no_cache: bool) -> Result<Option<Cache>, String> {
        if no_cache {
            return Ok(None);
        }
        let dir = match dir {
            Some(d) => d.to_path_buf(),
            None => Cache::default_dir().ok_or_else(|| {
                format!("no cache directory (no home directory, and {DIR_VAR} is not set); rendering without a cache")
            })?,
        };
        Cache::open(&dir).map(Some).map_err(|e| {
            format!(
                "cannot use cache directory {}: {e}; rendering without a cache",
                dir.display()
            )
        })
    }

    /// Opens (creating it if need be) the cache in `dir`, checks that an entry can be
    /// written there, and removes temporary files that killed runs left. A cache that
    /// exists but cannot be written (a read-only folder or file system, a full disk)
    /// is opened to be read: its entries are served, and the first [`Cache::put`]
    /// leaves one warning that new ones are not stored.
    pub fn open(dir: &Path) -> std::io::Result<Cache> {
        let clips = dir.join("clips").join(format!("v{FORMAT_VERSION}"));
        let tmp = clips.join("tmp");
        let writable = (|| -> std::io::Result<()> {
            std::fs::create_dir_all(&tmp)?;
            let tag = dir.join("CACHEDIR.TAG");
            if !tag.exists() {
                // Only a courtesy to backup tools: not having it is no reason to fail.
                let _ = std::fs::write(&tag, CACHEDIR_TAG);
            }
            // Can an entry be written? (A read-only directory that exists passes
            // create_dir_all.)
            tempfile::Builder::new()
                .prefix(".probe-")
                .tempfile_in(&tmp)?;
            Ok(())
        })();
        let read_only = match writable {
            Ok(()) => {
                remove_stale(&tmp);
                None
            }
            // Entries to read: the cache is used for them.
            Err(e) if std::fs::read_dir(&clips).is_ok() => Some(e.to_string()),
            Err(e) => return Err(e),
        };
        Ok(Cache {
            dir: dir.to_path_buf(),
            clips,
            tmp,
            corrupt: AtomicUsize::new(0),
            write_failed: AtomicBool::new(false),
            write_error: Mutex::new(None),
            read_only,
        })
    }

    /// Why entries cannot be stored, when the cache was opened only to be read.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The directory the cache is in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the entry of `key` is.
    pub fn path(&self, key: &Key) -> PathBuf {
        let hex = key.hex();
        self.clips.join(&hex[..2]).join(format!("{hex}.clip"))
    }

    /// The clip stored under `key`, if there is one, it is whole and it is at
    /// `sample_rate`. A damaged entry is deleted and counted, and is a miss.
    pub fn get(&self, key: &Key, sample_rate: u32) -> Option<Clip> {
        let path = self.path(key);
        // Not there, or unreadable: a miss (an unreadable entry is left alone).
        let bytes = std::fs::read(&path).ok()?;
        match decode(key, &bytes) {
            Ok(clip) if clip.sample_rate == sample_rate => Some(clip),
            _ => {
                self.corrupt.fetch_add(1, Ordering::Relaxed);
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    /// Stores `clip` under `key`, atomically (a temporary file renamed into place). A
    /// failure is not an error of the render: the first one is kept for a warning.
    pub fn put(&self, key: &Key, clip: &Clip) {
        let failure = match &self.read_only {
            Some(why) => Some(format!(
                "cache directory {} is read-only ({why}): its clips are used, new ones are not stored",
                self.dir.display()
            )),
            None => self.write(key, clip).err().map(|e| {
                format!("cannot write to cache directory {}: {e}", self.dir.display())
            }),
        };
        if let Some(message) = failure {
            if !self.write_failed.swap(true, Ordering::Relaxed) {
                *self.write_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(message);
            }
        }
    }

    fn write(&self, key: &Key, clip: &Clip) -> std::io::Result<()> {
        let path = self.path(key);
        if let Some(shard) = path.parent() {
            std::fs::create_dir_all(shard)?;
        }
        let mut file = tempfile::Builder::new()
            .prefix(".clip-")
            .tempfile_in(&self.tmp)?;
        file.write_all(&encode(key, clip))?;
        file.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    /// What went wrong since the last call, one line each, for warnings: damaged
    /// entries found (and deleted), and the first failure to store one.
    pub fn take_warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let corrupt = self.take_corrupt();
        if corrupt > 0 {
            out.push(format!(
                "{corrupt} damaged cache entr{} in {} deleted and synthesized again",
                if corrupt == 1 { "y" } else { "ies" },
                self.dir.display()
            ));
        }
        out.extend(self.take_write_error());
        out
    }

    /// How many damaged entries were found (and deleted) since the last call.
    pub fn take_corrupt(&self) -> usize {
        self.corrupt.swap(0, Ordering::Relaxed)
    }

    /// The first failure to store an entry of this run, once: later calls, and later
    /// failures, give `None`.
    pub fn take_write_error(&self) -> Option<String> {
        self.write_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }
}

/// Removes files in `tmp` older than [`STALE_TMP`]: entries that a killed run was
/// writing (a live run renames its temporary file within milliseconds).
fn remove_stale(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_TMP);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthesize::{espeak, Voice, VoiceSettings};

    /// A real clip: espeak-ng's en-us reading a sentence, trimmed.
    fn spoken(text: &str) -> (String, Clip) {
        let voice = espeak::open("en-us", VoiceSettings::default())
            .expect("espeak-ng starts")
            .expect("espeak-ng has en-us");
        let clip = Clip::new(voice.synthesize(text).expect("espeak-ng speaks"));
        assert!(clip.samples.len() > 10_000, "real speech");
        (voice.identity(), clip)
    }

    #[test]
    fn entries_round_trip_through_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let (identity, mut clip) = spoken("The council met on Tuesday.");
        // Word marks of both kinds travel with the samples.
        clip.words = vec![
            WordMark {
                text_start: 0,
                text_end: 3,
                start: 10,
                end: 2000,
                estimated: false,
            },
            WordMark {
                text_start: 4,
                text_end: 11,
                start: 2000,
                end: 9000,
                estimated: true,
            },
        ];
        let key = Key::new(&identity, "The council met on Tuesday.");
        assert_eq!(cache.get(&key, clip.sample_rate), None, "empty at first");
        cache.put(&key, &clip);
        assert_eq!(cache.take_write_error(), None);
        let path = cache.path(&key);
        assert!(path.starts_with(dir.path().join("clips/v2")));
        assert_eq!(
            std::fs::metadata(&path).unwrap().len() as usize,
            HEADER_LEN + 2 * clip.samples.len() + 2 * WORD_LEN + SUM_LEN
        );
        assert_eq!(cache.get(&key, clip.sample_rate), Some(clip.clone()));
        // Another rate is not this voice's clip.
        assert_eq!(cache.get(&key, clip.sample_rate + 1), None);
        assert!(dir.path().join("CACHEDIR.TAG").is_file());
        assert_eq!(
            std::fs::read_dir(dir.path().join("clips/v2/tmp"))
                .unwrap()
                .count(),
            0,
            "no temporary file is left"
        );
        // An empty clip (a sentence with no speech) is an entry too.
        let silent = Clip {
            samples: Vec::new(),
            sample_rate: 22050,
            words: Vec::new(),
        };
        let key = Key::new(&identity, "…");
        cache.put(&key, &silent);
        assert_eq!(cache.get(&key, 22050), Some(silent));
    }

    #[test]
    fn any_damage_is_a_miss_and_the_entry_is_deleted() {
        let (identity, clip) = spoken("Engineers had warned that the bridge was unsafe.");
        let key = Key::new(&identity, "text");
        let good = encode(&key, &clip);
        assert_eq!(decode(&key, &good), Ok(clip.clone()));
        let samples_at = HEADER_LEN + clip.samples.len(); // the middle of the samples
        let flipped = |i: usize| {
            let mut b = good.clone();
            b[i] ^= 0x01;
            b
        };
        assert_eq!(decode(&key, &flipped(0)), Err(Damage::Format));
        assert_eq!(decode(&key, &flipped(4)), Err(Damage::Format));
        assert_eq!(decode(&key, &flipped(8)), Err(Damage::Key));
        assert_eq!(decode(&key, &flipped(40)), Err(Damage::Checksum)); // sample rate
        assert_eq!(decode(&key, &flipped(44)), Err(Damage::Length)); // sample count
        assert_eq!(decode(&key, &flipped(samples_at)), Err(Damage::Checksum));
        assert_eq!(
            decode(&key, &flipped(good.len() - 1)),
            Err(Damage::Checksum)
        );
        assert_eq!(decode(&key, &good[..good.len() - 1]), Err(Damage::Length));
        assert_eq!(decode(&key, &good[..samples_at]), Err(Damage::Length));
        assert_eq!(decode(&key, &good[..HEADER_LEN]), Err(Damage::Short));
        assert_eq!(decode(&key, &[]), Err(Damage::Short));
        // The same bytes under another key.
        assert_eq!(
            decode(&Key::new(&identity, "other"), &good),
            Err(Damage::Key)
        );

        // Through the directory: counted, deleted, and a miss, then stored again.
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        for bad in [
            flipped(samples_at),
            flipped(50),
            good[..samples_at].to_vec(),
        ] {
            cache.put(&key, &clip);
            std::fs::write(cache.path(&key), &bad).unwrap();
            assert_eq!(cache.get(&key, clip.sample_rate), None);
            assert!(!cache.path(&key).exists(), "a damaged entry is deleted");
        }
        assert_eq!(cache.take_corrupt(), 3);
        assert_eq!(cache.take_corrupt(), 0);
        cache.put(&key, &clip);
        std::fs::write(cache.path(&key), flipped(samples_at)).unwrap();
        assert_eq!(cache.get(&key, clip.sample_rate), None);
        let warnings = cache.take_warnings();
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("1 damaged cache entry in"),
            "{warnings:?}"
        );
        cache.put(&key, &clip);
        assert_eq!(cache.get(&key, clip.sample_rate), Some(clip));
    }

    #[test]
    fn the_key_changes_with_the_voice_and_the_text() {
        let voice = |speed: f32| {
            let settings = VoiceSettings {
                speed,
                ..VoiceSettings::default()
            };
            espeak::open("en-us", settings).unwrap().unwrap().identity()
        };
        let (normal, fast) = (voice(1.0), voice(1.5));
        assert_ne!(normal, fast);
        assert!(normal.contains("espeak-ng 1."), "{normal}");
        let gb = espeak::open("en-gb", VoiceSettings::default())
            .unwrap()
            .unwrap()
            .identity();
        let text = "The council met on Tuesday.";
        let key = Key::new(&normal, text);
        assert_eq!(key, Key::new(&voice(1.0), text), "stable");
        assert_ne!(key, Key::new(&fast, text));
        assert_ne!(key, Key::new(&gb, text));
        assert_ne!(key, Key::new(&normal, "The council met on Wednesday."));
        assert_ne!(key, Key::new(&normal, "The council met on Tuesday. "));
        // Fields are length-prefixed: moving a boundary changes the key.
        assert_ne!(Key::new("ab", "c"), Key::new("a", "bc"));
        assert_eq!(key.hex().len(), 64);
    }

    #[test]
    fn an_unusable_directory_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(Cache::open(&file.join("cache")).is_err());
        let err = Cache::for_render(Some(&file.join("cache")), false).unwrap_err();
        assert!(err.contains("rendering without a cache"), "{err}");
        assert!(Cache::for_render(Some(&file), true).unwrap().is_none());
    }

    #[test]
    fn a_failed_write_is_kept_for_one_warning_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        // The folder for temporary files is gone, and a file is in its place.
        let tmp = dir.path().join("clips/v2/tmp");
        std::fs::remove_dir(&tmp).unwrap();
        std::fs::write(&tmp, "in the way").unwrap();
        let clip = Clip {
            samples: vec![1, -2, 3],
            sample_rate: 22050,
            words: Vec::new(),
        };
        let (one, two) = (Key::new("voice", "one"), Key::new("voice", "two"));
        cache.put(&one, &clip);
        cache.put(&two, &clip);
        assert_eq!(cache.get(&one, 22050), None);
        let warnings = cache.take_warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("cannot write to cache directory"));
        cache.put(&one, &clip);
        assert!(cache.take_warnings().is_empty(), "warned once");
    }

    #[test]
    fn stale_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join("clips/v2/tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let (old, new) = (tmp.join(".clip-old"), tmp.join(".clip-new"));
        std::fs::write(&old, "partial").unwrap();
        std::fs::write(&new, "partial").unwrap();
        let two_hours_ago = SystemTime::now() - Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        Cache::open(dir.path()).unwrap();
        assert!(!old.exists(), "a killed run's leftover is removed");
        assert!(new.exists(), "a live run's file is not");
    }
}
