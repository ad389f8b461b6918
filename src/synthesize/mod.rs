//! Stage 5, **synthesize**: spoken text in, PCM audio out, one [`Chunk`] per sentence.
//!
//! A [`Voice`] is one engine with one set of settings. Engines live one per module:
//! [`espeak`] (libespeak-ng, built in) and [`piper`] (neural Piper voices through ONNX
//! Runtime). The pipeline calls a voice from many rayon threads at once; an engine that
//! is not thread-safe serialises its own calls, and [`pool`] spreads such an engine over
//! worker processes. [`catalogue`] reads the voice files of `voices/`; [`open`] turns a
//! voice name from the command line into a voice, [`default_voice`] picks the best
//! installed one, and [`voice_for_language`] the best installed one of a language.

pub mod catalogue;
pub mod espeak;
pub mod piper;
pub mod pool;

use crate::error::{Error, Result};
use serde::Serialize;
use std::path::Path;

/// The audio of one sentence: mono 16-bit samples, the resolution of the narration
/// and of every output file. An engine that computes floats rounds them with
/// [`to_i16`] ([`Chunk::from_f32`]); espeak-ng speaks 16-bit samples already. Holding
/// a sentence at two bytes a sample, from the engine to the file, keeps the audio in
/// flight small however long the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    pub samples: Vec<i16>,
    pub sample_rate: u32,
    /// Where each word of the text is heard, in order, as the voice reported it; empty
    /// when the voice reports none (the pipeline then estimates them, see
    /// [`WordMark::estimated`]).
    pub words: Vec<WordMark>,
}

/// Where one word of the text a voice was given is heard in the chunk it made.
///
/// `text` is a byte range of that text (a voice may report a word of its own making,
/// such as half of "twenty-two", or a span of several); `start` is the sample where the
/// word begins, `end` one past its last sample (the start of the next word when the
/// voice says no more). Positions follow the chunk through trimming, stitching and
/// resampling, so that a word's time in the final file is exact whenever the voice's was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordMark {
    pub text_start: usize,
    pub text_end: usize,
    pub start: usize,
    pub end: usize,
    /// Placed by [`estimate_words`] (in proportion to the word's letters), not reported
    /// by the voice.
    pub estimated: bool,
}

impl WordMark {
    /// The bytes of one mark as the worker pipe and the clip cache store it: text start
    /// and end, start and end sample (u32 little-endian each), then 1 if estimated.
    pub const ENCODED_LEN: usize = 17;

    /// Appends the mark's [`WordMark::ENCODED_LEN`] bytes to `out`. Sentences and clips
    /// are far below 4 GB (and 2^32 samples), so each position fits in a u32.
    pub fn encode(&self, out: &mut Vec<u8>) {
        for field in [self.text_start, self.text_end, self.start, self.end] {
            out.extend_from_slice(&(field as u32).to_le_bytes());
        }
        out.push(u8::from(self.estimated));
    }

    /// The mark [`WordMark::encode`] wrote.
    pub fn decode(bytes: &[u8; WordMark::ENCODED_LEN]) -> WordMark {
        let at = |i: usize| {
            u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
        };
        WordMark {
            text_start: at(0),
            text_end: at(4),
            start: at(8),
            end: at(12),
            estimated: bytes[16] != 0,
        }
    }

    /// The mark moved by `offset` bytes of text and `shift` samples.
    pub fn moved(self, offset: usize, shift: usize) -> WordMark {
        WordMark {
            text_start: self.text_start + offset,
            text_end: self.text_end + offset,
            start: self.start + shift,
            end: self.end + shift,
            ..self
        }
    }
}

impl Chunk {
    /// A chunk of samples, with no word marks yet.
    pub fn new(samples: Vec<i16>, sample_rate: u32) -> Chunk {
        Chunk {
            samples,
            sample_rate,
            words: Vec::new(),
        }
    }

    /// A chunk of float samples in [-1.0, 1.0], rounded to 16 bits.
    pub fn from_f32(samples: &[f32], sample_rate: u32) -> Chunk {
        Chunk::new(samples.iter().map(|&x| to_i16(x)).collect(), sample_rate)
    }

    /// Length in seconds.
    pub fn duration(&self) -> f64 {
        self.samples.len() as f64 / self.sample_rate as f64
    }
}

/// The words of `text` (runs of characters between white space) spread over the
/// speech in `samples` in proportion to their [`crate::speak::align::length`], each marked
/// [`WordMark::estimated`]: for a voice that reports no word times. The speech is where
/// [`crate::stitch::trim`] finds it, so the words at least begin and end with it.
pub fn estimate_words(text: &str, samples: &[i16], sample_rate: u32) -> Vec<WordMark> {
    let words: Vec<(usize, usize)> = word_ranges(text);
    let speech = crate::stitch::trim::speech_range(samples, sample_rate);
    // Every word weighs its letters and digits, plus one for the gap after it.
    let weight = |&(a, b): &(usize, usize)| crate::speak::align::length(&text[a..b]) as f64;
    let total: f64 = words.iter().map(weight).sum();
    let length = speech.len() as f64;
    let mut at = 0.0;
    words
        .iter()
        .map(|w| {
            let start = speech.start + (at / total * length).round() as usize;
            at += weight(w);
            let end = speech.start + (at / total * length).round() as usize;
            WordMark {
                text_start: w.0,
                text_end: w.1,
                start,
                end: end.min(speech.end),
                estimated: true,
            }
        })
        .collect()
}

/// The byte ranges of the runs of non-white-space characters of `text`.
/// The same words as [`crate::speak::align::spoken_words`], which the written words
/// are aligned to.
pub fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    crate::speak::align::spoken_words(text)
        .into_iter()
        .map(|r| (r.start, r.end))
        .collect()
}

/// One sample in [-1.0, 1.0] as a 16-bit value, clipped and rounded to the nearest step
/// (1.0 → 32767, -1.0 → -32767); NaN is silence.
pub fn to_i16(sample: f32) -> i16 {
    if sample.is_nan() {
        return 0;
    }
    // In range after the clamp, so the cast neither wraps nor saturates. Adding half a
    // step away from zero and truncating rounds as `f32::round` does, without the libm
    // call that `round` costs on baseline x86-64.
    let scaled = sample.clamp(-1.0, 1.0) * i16::MAX as f32;
    (scaled + 0.5f32.copysign(scaled)) as i16
}

/// How a voice speaks, whatever its engine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceSettings {
    /// Speaking rate relative to the voice's normal rate (1.0); 0.5 to 2.0 is sensible.
    pub speed: f32,
    /// The speaker of a voice with several, by name or number.
    pub speaker: Option<String>,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        VoiceSettings {
            speed: 1.0,
            speaker: None,
        }
    }
}

/// Whether `speaker` names speaker 0 by number (`0`, `00`, with spaces around): the
/// one speaker of a voice that has only one.
pub(crate) fn is_first_speaker(speaker: &str) -> bool {
    speaker.trim().parse::<u32>() == Ok(0)
}

/// How one sentence is read beyond the voice's settings, as a script (SSML) asks: a
/// rate and a language of its own. The default is the voice as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    /// The rate in percent of the voice's (its `--speed` included); `None` is 100.
    pub rate_percent: Option<u32>,
    /// The language to read in (BCP 47, `de`, `fr-CA`), when not the voice's.
    pub language: Option<String>,
}

impl Style {
    /// The factor the rate multiplies the voice's speed by.
    pub fn speed(&self) -> f32 {
        self.rate_percent.map_or(1.0, |p| p as f32 / 100.0)
    }

    /// What sets it apart from the voice as it is, for cache keys and the worker
    /// pipe (`rate 150%; language de`); `None` for the default.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(rate) = self.rate_percent {
            parts.push(format!("rate {rate}%"));
        }
        if let Some(language) = &self.language {
            parts.push(format!("language {language}"));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// The style [`Style::describe`] wrote; anything else is the default.
    pub fn parse(described: &str) -> Style {
        let mut style = Style::default();
        for part in described.split("; ") {
            if let Some(rate) = part.strip_prefix("rate ").and_then(|r| r.strip_suffix('%')) {
                style.rate_percent = rate.parse().ok();
            } else if let Some(language) = part.strip_prefix("language ") {
                style.language = Some(language.to_string());
            }
        }
        style
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
    /// Speaks one sentence in a [`Style`] of its own. A voice that cannot change its
    /// rate or language reads it as [`Voice::synthesize`] does.
    fn synthesize_styled(&self, text: &str, style: &Style) -> std::result::Result<Chunk, String> {
        let _ = style;
        self.synthesize(text)
    }
    /// A description of everything that decides how this voice sounds: the engine and
    /// its version, the model or voice file (by content where it can change in place),
    /// and every setting (speed, speaker, noise). Two voices with the same identity say
    /// a text the same way, so the [`crate::cache`] keys clips by it; anything that
    /// changes the audio must change it. No default: every engine must say.
    fn identity(&self) -> String;
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

/// The voice used when none is given and no catalogue voice is installed.
pub const FALLBACK_VOICE: &str = "en-us";

/// Every voice narrate knows of: the catalogue's, then espeak-ng's built-in ones.
pub fn voices() -> Vec<VoiceInfo> {
    let (entries, _) = catalogue::load();
    let mut out: Vec<VoiceInfo> = entries
        .iter()
        .map(|e| VoiceInfo {
            name: e.name.clone(),
            engine: e.engine.clone(),
            language: e.language.clone(),
            installed: e.installed(),
            description: e.description.clone(),
        })
        .collect();
    for v in espeak::voices() {
        if !out.iter().any(|o| o.name == v.name) {
            out.push(v);
        }
    }
    out
}

/// The voice to use when none is given: the installed catalogue voice of highest rank,
/// else espeak-ng's `en-us`, with a one-line notice naming the better voice that is
/// not installed.
pub fn default_voice() -> (String, Option<String>) {
    let (mut entries, _) = catalogue::load();
    entries.sort_by_key(|e| std::cmp::Reverse(e.rank));
    if let Some(best) = entries.iter().find(|e| e.installed()) {
        return (best.name.clone(), None);
    }
    let notice = entries.first().map(|best| {
        format!(
            "voice {} is not installed (run scripts/setup.sh); reading with espeak-ng {FALLBACK_VOICE}",
            best.name
        )
    });
    (FALLBACK_VOICE.to_string(), notice)
}

/// The voice to read a language in when the user named none: the installed Piper
/// voice of the catalogue of that language with the highest rank (one of the very
/// tag, "en-GB", before one of the language, "en-US"), else espeak-ng's voice for it
/// ([`espeak_voice_for`]). With a notice when a better voice of the language is in the
/// catalogue but not installed, or when no voice speaks the language at all: the
/// default voice reads it then.
pub fn voice_for_language(tag: &str) -> (String, Option<String>) {
    let (mut entries, _) = catalogue::load();
    entries.retain(|e| crate::language::same_language(&e.language, tag));
    entries.sort_by_key(|e| {
        let exact = e.language.replace('_', "-").eq_ignore_ascii_case(tag);
        (std::cmp::Reverse(exact), std::cmp::Reverse(e.rank))
    });
    if let Some(best) = entries.iter().find(|e| e.installed()) {
        return (best.name.clone(), None);
    }
    let espeak_names: Vec<String> = espeak::voices().into_iter().map(|v| v.name).collect();
    match espeak_voice_for(tag, &espeak_names) {
        Some(name) => {
            let notice = entries.first().map(|best| {
                format!(
                    "voice {} is not installed (run scripts/setup.sh); reading with espeak-ng {name}",
                    best.name
                )
            });
            (name, notice)
        }
        None => {
            let (name, _) = default_voice();
            let notice = format!(
                "no installed voice speaks {} ({tag}); reading with {name}",
                crate::language::name_of(tag)
            );
            (name, Some(notice))
        }
    }
}

/// The espeak-ng voice of `names` (its voice list) for a BCP 47 tag: the tag itself in
/// lower case ("fr-be", "pt-br"), else the usual voice of the language (English
/// "en-us", French "fr-fr", Chinese "cmn"), else the bare language ("de"), else the
/// first voice of the language in the list (where espeak-ng has only regional ones).
pub fn espeak_voice_for(tag: &str, names: &[String]) -> Option<String> {
    let tag = tag.replace('_', "-").to_ascii_lowercase();
    let primary = crate::language::primary(&tag).to_string();
    let usual = match primary.as_str() {
        "en" => "en-us",
        "fr" => "fr-fr",
        "zh" => "cmn",
        "no" => "nb",
        "fa" => "fa",
        _ => primary.as_str(),
    };
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    let found = [tag.as_str(), usual, primary.as_str()]
        .into_iter()
        .find(|name| has(name))
        .map(str::to_string);
    found.or_else(|| {
        names
            .iter()
            .find(|n| crate::language::same_language(n, &tag))
            .cloned()
    })
}

/// The language a voice reads (a BCP 47-like tag such as "en-us"), without opening it:
/// from the catalogue, from the config beside a Piper model given by path, else the
/// name itself, as espeak-ng names its voices.
pub fn language_of(name: &str) -> String {
    if name.ends_with(".onnx") {
        let files = piper::PiperVoiceFiles::from_model_path(Path::new(name));
        if let Ok(config) = piper::config::PiperConfig::load(&files.config) {
            return config.espeak_voice;
        }
    }
    let (entries, _) = catalogue::load();
    match entries.into_iter().find(|e| e.name == name) {
        Some(entry) => entry.language,
        // espeak-ng's voices are named by their language ("en-us", "de"); listing them
        // all to make sure would cost more than the whole plan.
        None => name.to_string(),
    }
}

/// The language of the voice called `name` when narrate knows such a voice: a Piper
/// model's (from its config), a catalogue voice's, or an espeak-ng voice's; `None` for
/// a name no voice has (opening it fails with the list of voices).
pub fn known_language_of(name: &str) -> Option<String> {
    if name.ends_with(".onnx") || Path::new(name).is_file() {
        let files = piper::PiperVoiceFiles::from_model_path(Path::new(name));
        return piper::config::PiperConfig::load(&files.config)
            .ok()
            .map(|config| config.espeak_voice);
    }
    let (entries, _) = catalogue::load();
    if let Some(entry) = entries.into_iter().find(|e| e.name == name) {
        return Some(entry.language);
    }
    let wanted = name.trim().to_lowercase();
    espeak::voices()
        .into_iter()
        .any(|v| v.name == wanted)
        .then_some(wanted)
}

/// Opens the voice called `name`: a path to a Piper model (`VOICE.onnx`, its config
/// beside it), a voice of the catalogue, or a built-in espeak-ng voice.
pub fn open(name: &str, settings: VoiceSettings) -> Result<Box<dyn Voice>> {
    let voice_error = |message: String| Error::Voice {
        voice: name.to_string(),
        message,
    };
    let open_piper = |files: piper::PiperVoiceFiles| -> Result<Box<dyn Voice>> {
        // The machine's cores, not `-j`: ONNX Runtime splits some sums between its
        // threads, so their number changes the last bits of the audio, and a render
        // must give the same bytes whatever `-j` is.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let arrangement = piper::Arrangement::for_cores(cores);
        let voice = piper::Piper::open(&files, &settings, arrangement).map_err(voice_error)?;
        Ok(Box::new(voice))
    };
    let path = std::path::Path::new(name);
    if name.ends_with(".onnx") || path.is_file() {
        return open_piper(piper::PiperVoiceFiles::from_model_path(path));
    }
    let (entries, problems) = catalogue::load();
    if let Some(entry) = entries.iter().find(|e| e.name == name) {
        return match entry.engine.as_str() {
            "piper" => open_piper(piper::PiperVoiceFiles {
                name: entry.name.clone(),
                model: entry.model_path().unwrap_or_default(),
                config: entry.config_path().unwrap_or_default(),
                sample_rate: Some(entry.sample_rate),
                speed: entry.speed,
                noise_scale: entry.noise_scale,
                noise_w: entry.noise_w,
            }),
            _ => {
                let settings = VoiceSettings {
                    speed: settings.speed * entry.speed,
                    ..settings
                };
                match espeak::open(&entry.language, settings)? {
                    Some(v) => Ok(Box::new(v)),
                    None => Err(voice_error(format!(
                        "espeak-ng has no voice for language '{}' (voice file {})",
                        entry.language,
                        entry.file.display()
                    ))),
                }
            }
        };
    }
    if let Some(v) = espeak::open(name, settings)? {
        return Ok(Box::new(v));
    }
    let available = voices()
        .into_iter()
        .filter(|v| v.installed)
        .map(|v| v.name)
        .collect::<Vec<_>>();
    let mut available = if available.len() > 12 {
        format!(
            "{} and {} more",
            available[..12].join(", "),
            available.len() - 12
        )
    } else {
        available.join(", ")
    };
    if let Some(problem) = problems.first() {
        available.push_str(&format!(" ({problem})"));
    }
    Err(Error::UnknownVoice {
        name: name.to_string(),
        available,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn espeak_voices_are_found_for_language_tags() {
        let names: Vec<String> = [
            "de", "en-gb", "en-us", "es", "es-419", "fr-be", "fr-fr", "cmn", "pt-br",
        ]
        .iter()
        .map(|n| n.to_string())
        .collect();
        let cases = [
            ("de", Some("de")),
            ("de-AT", Some("de")),
            ("fr", Some("fr-fr")),
            ("fr-BE", Some("fr-be")),
            ("fr-CA", Some("fr-fr")),
            ("es-419", Some("es-419")),
            ("es-MX", Some("es")),
            ("en", Some("en-us")),
            ("en-GB", Some("en-gb")),
            ("zh-Hans", Some("cmn")),
            ("pt", Some("pt-br")),
            ("it", None),
        ];
        for (tag, expected) in cases {
            assert_eq!(espeak_voice_for(tag, &names).as_deref(), expected, "{tag}");
        }
    }

    #[test]
    fn samples_are_rounded_and_clipped() {
        assert_eq!(to_i16(0.0), 0);
        assert_eq!(to_i16(1.0), 32767);
        assert_eq!(to_i16(-1.0), -32767);
        assert_eq!(to_i16(2.5), 32767);
        assert_eq!(to_i16(-7.0), -32767);
        assert_eq!(to_i16(f32::INFINITY), 32767);
        assert_eq!(to_i16(f32::NEG_INFINITY), -32767);
        assert_eq!(to_i16(f32::NAN), 0);
        // Rounding, not truncation: 0.6 and -0.6 of a step.
        assert_eq!(to_i16(0.6 / 32767.0), 1);
        assert_eq!(to_i16(-0.6 / 32767.0), -1);
        assert_eq!(to_i16(0.4 / 32767.0), 0);
        assert_eq!(to_i16(0.5), 16384);
        let chunk = Chunk::from_f32(&[0.5, -1.0, 3.0], 8000);
        assert_eq!(chunk.samples, vec![16384, -32767, 32767]);
        assert_eq!(chunk.sample_rate, 8000);
    }
}
