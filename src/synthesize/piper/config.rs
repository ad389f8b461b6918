//! A Piper voice's `MODEL.onnx.json` in, the settings narrate needs out: sample rate,
//! espeak-ng voice, inference scales, speakers and the phoneme-to-id map. Fields narrate
//! does not use are ignored; missing ones it needs are errors naming the file.

use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// What narrate reads of a Piper voice config.
#[derive(Debug, Clone, PartialEq)]
pub struct PiperConfig {
    pub sample_rate: u32,
    /// The espeak-ng voice that phonemizes for it (`en-us`).
    pub espeak_voice: String,
    pub noise_scale: f32,
    pub length_scale: f32,
    pub noise_w: f32,
    pub num_speakers: u32,
    pub speaker_id_map: HashMap<String, i64>,
    /// Each phoneme (one Unicode scalar) and its ids.
    pub phoneme_id_map: HashMap<char, Vec<i64>>,
}

#[derive(Deserialize)]
struct Raw {
    audio: RawAudio,
    espeak: Option<RawEspeak>,
    #[serde(default)]
    inference: RawInference,
    #[serde(default)]
    phoneme_type: Option<String>,
    #[serde(default = "one")]
    num_speakers: u32,
    #[serde(default)]
    speaker_id_map: HashMap<String, i64>,
    phoneme_id_map: HashMap<String, Vec<i64>>,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
struct RawAudio {
    sample_rate: u32,
}

#[derive(Deserialize)]
struct RawEspeak {
    voice: String,
}

/// Piper's defaults where a config leaves them out.
#[derive(Deserialize)]
#[serde(default)]
struct RawInference {
    noise_scale: f32,
    length_scale: f32,
    noise_w: f32,
}

impl Default for RawInference {
    fn default() -> Self {
        RawInference {
            noise_scale: 0.667,
            length_scale: 1.0,
            noise_w: 0.8,
        }
    }
}

impl PiperConfig {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<PiperConfig, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read voice config {}: {e}", path.display()))?;
        PiperConfig::parse(&text).map_err(|e| format!("voice config {}: {e}", path.display()))
    }

    /// Parses the JSON text of a config.
    pub fn parse(text: &str) -> Result<PiperConfig, String> {
        let raw: Raw =
            serde_json::from_str(text).map_err(|e| format!("not a Piper config: {e}"))?;
        if let Some(kind) = raw.phoneme_type.as_deref() {
            if kind != "espeak" {
                return Err(format!(
                    "phoneme_type '{kind}' is not supported (narrate phonemizes with espeak-ng)"
                ));
            }
        }
        if raw.audio.sample_rate == 0 {
            return Err("audio.sample_rate is 0".into());
        }
        let mut phoneme_id_map = HashMap::with_capacity(raw.phoneme_id_map.len());
        for (key, ids) in raw.phoneme_id_map {
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !ids.is_empty() => {
                    phoneme_id_map.insert(c, ids);
                }
                // Multi-character phonemes (vowel clusters) are not produced by the
                // espeak-ng phonemizer narrate uses; ignore them.
                _ => {}
            }
        }
        for required in [super::ids::PAD, super::ids::BOS, super::ids::EOS] {
            if !phoneme_id_map.contains_key(&required) {
                return Err(format!("phoneme_id_map has no '{required}'"));
            }
        }
        Ok(PiperConfig {
            sample_rate: raw.audio.sample_rate,
            espeak_voice: raw
                .espeak
                .map(|e| e.voice)
                .unwrap_or_else(|| "en-us".into()),
            noise_scale: raw.inference.noise_scale,
            length_scale: raw.inference.length_scale,
            noise_w: raw.inference.noise_w,
            num_speakers: raw.num_speakers.max(1),
            speaker_id_map: raw.speaker_id_map,
            phoneme_id_map,
        })
    }

    /// The id of a speaker given by name or number; `None` for single-speaker voices
    /// when no speaker is asked for.
    pub fn speaker_id(&self, speaker: Option<&str>) -> Result<Option<i64>, String> {
        match speaker {
            None if self.num_speakers > 1 => Ok(Some(0)),
            None => Ok(None),
            // The one speaker of a one-speaker voice is speaker 0, by number or by the
            // name its map gives it; the model takes no speaker id.
            Some(s)
                if self.num_speakers <= 1
                    && (super::super::is_first_speaker(s)
                        || self.speaker_id_map.get(s) == Some(&0)) =>
            {
                Ok(None)
            }
            Some(_) if self.num_speakers <= 1 => {
                Err("this voice has one speaker, speaker 0; leave out --speaker".into())
            }
            Some(s) => {
                if let Some(&id) = self.speaker_id_map.get(s) {
                    return Ok(Some(id));
                }
                match s.parse::<i64>() {
                    Ok(id) if (0..self.num_speakers as i64).contains(&id) => Ok(Some(id)),
                    _ => {
                        let mut names: Vec<&String> = self.speaker_id_map.keys().collect();
                        names.sort();
                        let shown: Vec<&str> = names.iter().take(10).map(|s| s.as_str()).collect();
                        Err(format!(
                            "no speaker '{s}'; give a number below {} or a name such as {}",
                            self.num_speakers,
                            shown.join(", ")
                        ))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"audio": {"sample_rate": 16000}, "espeak": {"voice": "de"},
        "phoneme_id_map": {"_": [0], "^": [1], "$": [2], "a": [14], "ab": [99]}}"#;

    #[test]
    fn reads_a_minimal_config_with_piper_defaults() {
        let c = PiperConfig::parse(MINIMAL).unwrap();
        assert_eq!(c.sample_rate, 16000);
        assert_eq!(c.espeak_voice, "de");
        assert_eq!(
            (c.noise_scale, c.length_scale, c.noise_w),
            (0.667, 1.0, 0.8)
        );
        assert_eq!(c.phoneme_id_map[&'a'], vec![14]);
        assert_eq!(
            c.phoneme_id_map.len(),
            4,
            "the two-character key is skipped"
        );
        assert_eq!(c.speaker_id(None).unwrap(), None);
        assert!(c.speaker_id(Some("3")).is_err());
        // Its one speaker is speaker 0.
        assert_eq!(c.speaker_id(Some("0")).unwrap(), None);
        assert_eq!(c.speaker_id(Some(" 00")).unwrap(), None);
    }

    #[test]
    fn refuses_what_narrate_cannot_use() {
        assert!(PiperConfig::parse("{}").is_err());
        assert!(PiperConfig::parse("not json").is_err());
        let no_pad = MINIMAL.replace(r#""_": [0], "#, "");
        assert!(PiperConfig::parse(&no_pad).unwrap_err().contains("'_'"));
        let text = MINIMAL.replace(r#""espeak""#, r#""phoneme_type": "text", "espeak""#);
        assert!(PiperConfig::parse(&text)
            .unwrap_err()
            .contains("phoneme_type"));
    }

    #[test]
    fn speakers_by_name_or_number() {
        let multi = MINIMAL.replace(
            r#""phoneme_id_map""#,
            r#""num_speakers": 3, "speaker_id_map": {"amy": 0, "bob": 2}, "phoneme_id_map""#,
        );
        let c = PiperConfig::parse(&multi).unwrap();
        assert_eq!(c.speaker_id(None).unwrap(), Some(0));
        assert_eq!(c.speaker_id(Some("bob")).unwrap(), Some(2));
        assert_eq!(c.speaker_id(Some("1")).unwrap(), Some(1));
        assert!(c.speaker_id(Some("7")).unwrap_err().contains("amy"));
    }
}
