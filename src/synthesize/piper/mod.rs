//! The Piper engine: a sentence of text in, a [`Chunk`] of the neural voice's audio out.
//!
//! Piper voices are VITS models exported to ONNX, each with a JSON config. For each
//! sentence: espeak-ng turns the text into IPA phonemes clause by clause (under the
//! espeak-ng lock, see [`crate::synthesize::espeak::phonemize`]); [`ids`] maps them to
//! the model's input ids as Piper does; ONNX Runtime ([`runtime`], through the `ort`
//! crate, library loaded at run time) runs the model with the inputs `input` [1, N],
//! `input_lengths` `[1]` and `scales` `[noise_scale, length_scale, noise_w]` (and `sid` for
//! voices with several speakers); the output is the waveform.
//!
//! The model's noise is seeded per piece of speech from its phoneme ids ([`noise`]), so
//! a sentence's audio depends on its text alone: the same on every run, in any session,
//! whatever was spoken before.
//!
//! Word times come from the model itself ([`durations`]): when it is loaded, the
//! tensor of its phoneme durations (`w_ceil`, found as the `Ceil` node whose output the
//! alignment's `CumSum` reads) is added to the graph's outputs, in the same rewrite as
//! the noise; every run fetches it beside the audio. A phoneme begins at the sum of the
//! durations of the ids before it times the hop (audio samples / total frames: 256 for
//! medium voices, checked on every run). Each word of the text is phonemized alone and
//! matched to espeak-ng's phoneme words of the sentence (which join, split and drop
//! words), and begins where its first phoneme does ([`WordMark`], not estimated). A
//! model without that node, a run whose durations do not add up to its audio, or a text
//! whose phonemes cannot be matched to the sentence's gives no marks: the pipeline then
//! estimates them (marked as estimated).
//!
//! The engine is thread-safe. It holds one or more ONNX Runtime sessions, each used by
//! one sentence at a time, with a number of intra-op threads each; the arrangement
//! (see [`Arrangement`]) is chosen by measurement for the machine's core count. While a
//! session runs, other threads phonemize the next sentences and stitch finished ones.

pub mod config;
pub mod durations;
pub mod ids;
pub mod noise;
pub mod runtime;

use super::{to_i16, Chunk, Style, Voice, VoiceSettings, WordMark};
use config::PiperConfig;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How the model runs: how many sessions (sentences in flight) and how many threads
/// each session uses inside one operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrangement {
    pub sessions: usize,
    pub threads: usize,
}

impl Arrangement {
    /// The measured best for `cores` cores: one session using every core. Measured on
    /// two cores with joe on a 2,700-word text (pieces of at most 100 phonemes): one
    /// session of two threads 363 MB peak; two sessions of one thread each 8 to 14%
    /// faster but 523 MB (each session holds its own copy of the optimised model and
    /// its own working memory; sharing the prepacked weights between them was slower
    /// and no smaller); ONNX Runtime's parallel executor was twice as slow; batching
    /// two sentences per run was 15% slower (padding) and leaves audible noise where
    /// the shorter sentence is padded. `NARRATE_PIPER_SESSIONS` and
    /// `NARRATE_PIPER_THREADS` override it, for measuring other arrangements.
    pub fn for_cores(cores: usize) -> Arrangement {
        let env = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|&n| n > 0)
        };
        Arrangement {
            sessions: env("NARRATE_PIPER_SESSIONS").unwrap_or(1),
            threads: env("NARRATE_PIPER_THREADS").unwrap_or(cores.max(1)),
        }
    }
}

/// The longest run of phonemes given to the model at once. The model's working memory
/// grows with the length of its input (about 20 MB per second of speech for a medium
/// voice) and ONNX Runtime's arena keeps what it once needed, so longer sentences are
/// spoken in pieces: cut at their commas, colons and semicolons where the voice pauses
/// anyway, and a clause still too long between words into pieces of about equal
/// length. Measured with joe on a 2,700-word text (one session of two threads): 200
/// phonemes peaked at 434 MB, 120 at 419 MB, 100 at 363 MB, at the same speed.
pub const MAX_PHONEMES: usize = 100;

/// [`MAX_PHONEMES`], or `NARRATE_PIPER_MAX_PHONEMES` for measuring other lengths.
fn max_phonemes() -> usize {
    std::env::var("NARRATE_PIPER_MAX_PHONEMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(MAX_PHONEMES)
}

/// A Piper voice, ready to speak.
pub struct Piper {
    name: String,
    config: PiperConfig,
    sessions: Vec<Mutex<Session>>,
    next: AtomicUsize,
    /// noise_scale, length_scale, noise_w.
    scales: [f32; 3],
    speaker: Option<i64>,
    /// The graph inputs that take the model's noise ([`noise::seed_noise`]).
    noise_inputs: Vec<String>,
    /// The graph output of the phoneme durations ([`durations::find_output`]), when
    /// the model has them: the words' times come from it.
    durations_output: Option<String>,
    /// [`Voice::identity`], made once at open.
    identity: String,
}

/// The files and settings of one Piper voice.
#[derive(Debug, Clone)]
pub struct PiperVoiceFiles {
    pub name: String,
    pub model: PathBuf,
    pub config: PathBuf,
    /// The sample rate the catalogue promises, checked against the config.
    pub sample_rate: Option<u32>,
    /// The voice's own speed (catalogue), multiplied by the user's.
    pub speed: f32,
    pub noise_scale: Option<f32>,
    pub noise_w: Option<f32>,
}

impl PiperVoiceFiles {
    /// A voice given as a model path, its config beside it as `MODEL.onnx.json`.
    pub fn from_model_path(model: &Path) -> PiperVoiceFiles {
        let mut config = model.as_os_str().to_owned();
        config.push(".json");
        PiperVoiceFiles {
            name: model.display().to_string(),
            model: model.to_path_buf(),
            config: PathBuf::from(config),
            sample_rate: None,
            speed: 1.0,
            noise_scale: None,
            noise_w: None,
        }
    }
}

/// The message for a missing file.
fn missing(kind: &str, path: &Path) -> String {
    format!(
        "{kind} {} is not installed; run scripts/setup.sh (or give the path of a Piper voice)",
        path.display()
    )
}

/// The message for a model ONNX Runtime cannot load: one `scripts/setup.sh` installed
/// may be reinstalled by it; the user's own file is named as the damaged one.
fn damaged(model: &Path, error: impl std::fmt::Display) -> String {
    if super::catalogue::installed_by_setup(model) {
        format!(
            "cannot load model {}: {error}; the file may be damaged: run scripts/setup.sh to reinstall it",
            model.display()
        )
    } else {
        format!(
            "cannot load model {}: {error}; the file is damaged or is not a Piper voice model: replace it with a good copy",
            model.display()
        )
    }
}

impl Piper {
    /// Loads a voice: checks its files, starts ONNX Runtime and its sessions.
    pub fn open(
        files: &PiperVoiceFiles,
        settings: &VoiceSettings,
        arrangement: Arrangement,
    ) -> Result<Piper, String> {
        if !files.model.is_file() {
            return Err(missing("model file", &files.model));
        }
        if !files.config.is_file() {
            return Err(missing("config file", &files.config));
        }
        let config = PiperConfig::load(&files.config)?;
        if let Some(rate) = files.sample_rate.filter(|&r| r != config.sample_rate) {
            return Err(format!(
                "config {} says {} Hz but the voice file says {rate} Hz: the config does not match the voice",
                files.config.display(),
                config.sample_rate
            ));
        }
        let speaker = config.speaker_id(settings.speaker.as_deref())?;
        // Its phonemes come from espeak-ng: check that espeak-ng speaks its language.
        super::espeak::phonemize(&config.espeak_voice, "a").map_err(|e| {
            format!(
                "espeak-ng cannot phonemize for it (espeak voice '{}'): {e}",
                config.espeak_voice
            )
        })?;
        let env = runtime::start()?;
        let model_bytes = std::fs::read(&files.model)
            .map_err(|e| format!("cannot read {}: {e}", files.model.display()))?;
        // The model's checksum, for the voice's identity, is taken while its noise is
        // rewired; then the sessions load in parallel: each takes about half a second.
        let (model_sum, seeded) = std::thread::scope(|scope| {
            let summing = scope.spawn(|| bytes_sum(&model_bytes));
            let seeded = durations::find_output(&model_bytes).and_then(|durations| {
                let outputs: Vec<String> = durations.iter().cloned().collect();
                noise::seed_noise(&model_bytes, &outputs).map(|(m, i)| (m, i, durations))
            });
            let sum = summing
                .join()
                .unwrap_or_else(|_| Err(format!("failed while reading {}", files.model.display())));
            (sum, seeded)
        });
        drop(model_bytes);
        let (model, noise_inputs, durations_output) =
            seeded.map_err(|e| damaged(&files.model, e))?;
        let sessions = std::thread::scope(|scope| {
            let loading: Vec<_> = (0..arrangement.sessions.max(1))
                .map(|_| scope.spawn(|| session(env, &model, &files.model, arrangement.threads)))
                .collect();
            loading
                .into_iter()
                .map(|l| match l.join() {
                    Ok(session) => session.map(Mutex::new),
                    Err(_) => Err(format!(
                        "ONNX Runtime failed while loading {}",
                        files.model.display()
                    )),
                })
                .collect::<Result<Vec<_>, String>>()
        });
        drop(model);
        let (sessions, model_sum) = (sessions?, model_sum?);
        check_inputs(&sessions[0], &files.model, &files.config, speaker.is_some())?;
        let speed = (files.speed * settings.speed).max(0.05);
        let scales = [
            files.noise_scale.unwrap_or(config.noise_scale),
            config.length_scale / speed,
            files.noise_w.unwrap_or(config.noise_w),
        ];
        let identity = format!(
            "piper; model {model_sum}; config {}; noise_scale {:?}, length_scale {:?}, noise_w {:?}; noise {}; speaker {speaker:?}; pieces of at most {} phonemes; phonemes by espeak-ng {} voice {}; {}; {}",
            file_sum(&files.config)?,
            scales[0],
            scales[1],
            scales[2],
            noise::SCHEME,
            max_phonemes(),
            super::espeak::version()?,
            config.espeak_voice,
            ort::info(),
            // Cached clips carry their word marks: a model read differently marks
            // them differently.
            match &durations_output {
                Some(name) => format!("words from durations '{name}' ({})", durations::SCHEME),
                None => "words estimated".to_string(),
            },
        );
        Ok(Piper {
            name: files.name.clone(),
            scales,
            identity,
            config,
            sessions,
            next: AtomicUsize::new(0),
            speaker,
            noise_inputs,
            durations_output,
        })
    }

    /// The voice's config.
    pub fn config(&self) -> &PiperConfig {
        &self.config
    }

    /// The model's input ids for `text`, one list per sentence espeak-ng finds in it,
    /// exactly as Piper builds them.
    pub fn phoneme_ids(&self, text: &str) -> Result<Vec<Vec<i64>>, String> {
        let clauses = super::espeak::phonemize(&self.config.espeak_voice, text)?;
        Ok(ids::sentences(&clauses)
            .iter()
            .map(|s| ids::phoneme_ids(s, &self.config))
            .collect())
    }

    /// The model runs for `text`: one per sentence, except that a sentence longer than
    /// [`MAX_PHONEMES`] is cut at clause breaks, so that memory stays bounded.
    pub fn inference_ids(&self, text: &str) -> Result<Vec<Vec<i64>>, String> {
        Ok(self
            .inference_pieces(text)?
            .iter()
            .map(|p| ids::phoneme_ids(p, &self.config))
            .collect())
    }

    /// The phonemes of each model run for `text` ([`Piper::inference_ids`]).
    pub fn inference_pieces(&self, text: &str) -> Result<Vec<String>, String> {
        let clauses = super::espeak::phonemize(&self.config.espeak_voice, text)?;
        Ok(ids::sentences(&clauses)
            .iter()
            .flat_map(|s| ids::clause_pieces(s, max_phonemes()))
            .map(str::to_string)
            .collect())
    }

    /// Whether the model gives its phoneme durations, and so the words' times.
    pub fn times_words(&self) -> bool {
        self.durations_output.is_some()
    }

    /// Runs the model on one piece's ids, with noise seeded by them; its float samples
    /// come back rounded to 16 bits, with the durations of its ids when the model
    /// gives them.
    ///
    /// The noise given is a first guess at what the run needs ([`noise`]); a run that
    /// fails with noise inputs is tried again with four times as much, up to
    /// [`MAX_NOISE_TRIES`] times, before its error is returned.
    fn infer(&self, ids: Vec<i64>, speed: f32) -> Result<Run, String> {
        let seed = noise::piece_seed(&ids);
        let mut noise_len = noise::first_noise_len(ids.len());
        let mut tries = 1;
        loop {
            match self.run(&ids, seed, noise_len, speed) {
                Ok(run) => return Ok(run),
                Err(e) if self.noise_inputs.is_empty() || tries == MAX_NOISE_TRIES => {
                    return Err(e)
                }
                Err(_) => {
                    noise_len *= 4;
                    tries += 1;
                }
            }
        }
    }

    /// One run of the model on `ids` with `noise_len` values of noise per noise input.
    /// `speed` multiplies the voice's own (its length scale is divided by it).
    fn run(&self, ids: &[i64], seed: u64, noise_len: usize, speed: f32) -> Result<Run, String> {
        let n = ids.len();
        let error = |e: ort::Error| format!("ONNX Runtime: {e}");
        let input = Tensor::from_array(([1usize, n], ids.to_vec())).map_err(error)?;
        let lengths = Tensor::from_array(([1usize], vec![n as i64])).map_err(error)?;
        let mut scales = self.scales;
        scales[1] /= speed.max(0.01);
        let scales = Tensor::from_array(([3usize], scales.to_vec())).map_err(error)?;
        let mut inputs = ort::inputs![
            "input" => input,
            "input_lengths" => lengths,
            "scales" => scales,
        ];
        if let Some(sid) = self.speaker {
            let sid = Tensor::from_array(([1usize], vec![sid])).map_err(error)?;
            inputs.push(("sid".into(), sid.into()));
        }
        for (stream, name) in self.noise_inputs.iter().enumerate() {
            let values = noise::normal_noise(seed, stream, noise_len);
            let values = Tensor::from_array(([noise_len], values)).map_err(error)?;
            inputs.push((name.clone().into(), values.into()));
        }
        let mut session = self.session();
        let outputs = session.run(inputs).map_err(error)?;
        let (_, samples) = outputs[0].try_extract_tensor::<f32>().map_err(error)?;
        let samples = samples.iter().map(|&x| to_i16(x)).collect();
        // Durations that cannot be read leave the words to be estimated.
        let durations = self
            .durations_output
            .as_ref()
            .and_then(|name| outputs.get(name))
            .and_then(|value| value.try_extract_tensor::<f32>().ok())
            .map(|(_, d)| d.to_vec());
        Ok(Run { samples, durations })
    }

    /// The times of the words of `text`, from the phoneme words of its speech: each
    /// word phonemized alone and matched to them ([`durations`]); `None` when they do
    /// not match.
    fn word_marks(
        &self,
        text: &str,
        spoken: &[durations::PhonemeWord],
    ) -> Result<Option<Vec<WordMark>>, String> {
        let words = super::word_ranges(text);
        let mut alone = Vec::with_capacity(words.len());
        for &(a, b) in &words {
            let clauses = super::espeak::phonemize(&self.config.espeak_voice, &text[a..b])?;
            alone.push(ids::sentences(&clauses).join(" "));
        }
        Ok(durations::word_marks(&words, &alone, spoken))
    }

    /// A free session, or the next one in turn when all are busy.
    fn session(&self) -> std::sync::MutexGuard<'_, Session> {
        for s in &self.sessions {
            if let Ok(guard) = s.try_lock() {
                return guard;
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.sessions.len();
        // A panic inside ONNX Runtime's call cannot leave the session half-changed in a
        // way narrate relies on; use it anyway.
        self.sessions[i].lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// What one run of the model gives: its audio, and the durations of its ids (in
/// frames) when the model gives them.
struct Run {
    samples: Vec<i16>,
    durations: Option<Vec<f32>>,
}

/// How many times a piece is run with more noise before its error stands: the first
/// guess and three of four times more each (64 times the guess, 512 frames per id).
const MAX_NOISE_TRIES: usize = 4;

/// The identity of a model's bytes, as [`file_sum`] gives a file's. Hashed in a thread
/// of its own while the model's noise is rewired, so it costs little wall time.
fn bytes_sum(bytes: &[u8]) -> Result<String, String> {
    let hash = blake3::hash(bytes);
    Ok(format!("blake3 {}, {} bytes", hash.to_hex(), bytes.len()))
}

/// A file's identity by content: "blake3 HEX, N bytes". For joe's 63 MB model this
/// took 24 to 58 ms (measured with the file in the page cache; reading alone is 45 ms
/// of it). Size and mtime would be cheaper but would miss a model replaced in place by
/// one of the same size that keeps its mtime (`cp -p`, archives unpacked with their
/// times).
fn file_sum(path: &Path) -> Result<String, String> {
    let mut hasher = blake3::Hasher::new();
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    hasher
        .update_reader(file)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(format!(
        "blake3 {}, {} bytes",
        hasher.finalize().to_hex(),
        hasher.count()
    ))
}

/// One ONNX Runtime session of the model `bytes` (read from `model`) with `threads`
/// intra-op threads.
fn session(
    env: &ort::environment::Environment,
    bytes: &[u8],
    model: &Path,
    threads: usize,
) -> Result<Session, String> {
    let error = |e: ort::Error<_>| damaged(model, e);
    Session::builder(env)
        .map_err(|e| format!("ONNX Runtime: {e}"))?
        .with_optimization_level(GraphOptimizationLevel::All)
        .map_err(error)?
        .with_intra_threads(threads.max(1))
        .map_err(error)?
        .with_inter_threads(1)
        .map_err(error)?
        .commit_from_memory(bytes)
        .map_err(|e| damaged(model, e))
}

/// Checks that the model takes the inputs its config implies.
fn check_inputs(
    session: &Mutex<Session>,
    model: &Path,
    config: &Path,
    speaker: bool,
) -> Result<(), String> {
    let session = session.lock().unwrap_or_else(|p| p.into_inner());
    let names: Vec<&str> = session.inputs().iter().map(|i| i.name()).collect();
    let mut expected = vec!["input", "input_lengths", "scales"];
    if speaker {
        expected.push("sid");
    }
    let wanted_sid = names.contains(&"sid");
    if expected.iter().any(|e| !names.contains(e)) || wanted_sid != speaker {
        return Err(format!(
            "config {} does not match model {}: the model takes inputs [{}], the config implies [{}]",
            config.display(),
            model.display(),
            names.join(", "),
            expected.join(", ")
        ));
    }
    Ok(())
}

impl Voice for Piper {
    fn name(&self) -> &str {
        &self.name
    }

    fn sample_rate(&self) -> u32 {
        self.config.sample_rate
    }

    /// The model and config by content, the scales (speed included), the speaker, the
    /// phoneme piece length, and the versions of espeak-ng (the phonemes) and ONNX
    /// Runtime.
    fn identity(&self) -> String {
        self.identity.clone()
    }

    /// The words' times come from the model's phoneme durations ([`durations`]); none
    /// are given when the model has none or they cannot be matched to the text (the
    /// pipeline then estimates them).
    fn synthesize(&self, text: &str) -> Result<Chunk, String> {
        self.synthesize_styled(text, &Style::default())
    }

    /// At the style's rate; its language is not the model's to change, so the voice
    /// reads every sentence in its own (the reader of a script warns of it).
    fn synthesize_styled(&self, text: &str, style: &Style) -> Result<Chunk, String> {
        let mut samples = Vec::new();
        // The timed phoneme words of every piece, while every piece has them.
        let mut spoken = Some(Vec::new());
        for phonemes in self.inference_pieces(text)? {
            let run = self.infer(ids::phoneme_ids(&phonemes, &self.config), style.speed())?;
            let timed = match (&mut spoken, &run.durations) {
                (Some(words), Some(d)) => durations::phoneme_words(
                    &phonemes,
                    &self.config,
                    d,
                    run.samples.len(),
                    samples.len(),
                )
                .map(|timed| words.extend(timed)),
                _ => None,
            };
            if timed.is_none() {
                spoken = None;
            }
            if samples.is_empty() {
                samples = run.samples;
            } else {
                samples.extend_from_slice(&run.samples);
            }
        }
        let mut chunk = Chunk::new(samples, self.config.sample_rate);
        if let Some(spoken) = spoken.filter(|s| !s.is_empty()) {
            chunk.words = self.word_marks(text, &spoken)?.unwrap_or_default();
        }
        Ok(chunk)
    }
}
