//! The manifest (`OUT.json`): the whole [`Transcript`] as one JSON object for a web
//! player, every time in seconds and in samples. Its fields are listed in the
//! [module doc](super) of `export`.

use super::{Export, Loudness, Settings, Transcript};
use crate::document::BlockKind;
use serde::Serialize;
use std::io::Write;

pub struct Manifest;

/// The manifest's format version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    source: &'a str,
    audio: &'a str,
    voice: &'a str,
    settings: &'a Settings,
    sample_rate: u32,
    samples: u64,
    duration: f64,
    loudness: Option<&'a Loudness>,
    sentences: Vec<Sentence<'a>>,
    blocks: Vec<Block>,
}

#[derive(Serialize)]
struct Sentence<'a> {
    index: usize,
    block: usize,
    text: &'a str,
    spoken: &'a str,
    start: f64,
    end: f64,
    start_sample: u64,
    end_sample: u64,
}

#[derive(Serialize)]
struct Block {
    index: usize,
    kind: BlockKind,
    start: f64,
    end: f64,
    start_sample: u64,
    end_sample: u64,
}

/// `samples` at `rate` in seconds, rounded to the nearest millisecond.
fn seconds(samples: u64, rate: u32) -> f64 {
    (samples as f64 * 1000.0 / rate.max(1) as f64).round() / 1000.0
}

impl Export for Manifest {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn write(&self, t: &Transcript, out: &mut dyn Write) -> std::io::Result<()> {
        let rate = t.sample_rate;
        let doc = Document {
            version: VERSION,
            source: &t.source,
            audio: &t.audio,
            voice: &t.voice,
            settings: &t.settings,
            sample_rate: rate,
            samples: t.samples,
            duration: seconds(t.samples, rate),
            loudness: t.loudness.as_ref(),
            sentences: t
                .sentences
                .iter()
                .map(|s| Sentence {
                    index: s.index,
                    block: s.block,
                    text: &s.text,
                    spoken: &s.spoken,
                    start: seconds(s.start, rate),
                    end: seconds(s.end, rate),
                    start_sample: s.start,
                    end_sample: s.end,
                })
                .collect(),
            blocks: t
                .blocks
                .iter()
                .map(|b| Block {
                    index: b.index,
                    kind: b.kind,
                    start: seconds(b.start, rate),
                    end: seconds(b.end, rate),
                    start_sample: b.start,
                    end_sample: b.end,
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::settings;
    use crate::export::{Loudness, Transcript};
    use crate::pipeline::Planner;
    use crate::stitch::Timing;
    use serde_json::{json, Value};

    fn manifest(t: &Transcript) -> Value {
        let mut out = Vec::new();
        Manifest.write(t, &mut out).expect("writes to memory");
        serde_json::from_slice(&out).expect("the manifest is JSON")
    }

    #[test]
    fn export_manifest_has_the_documented_fields() {
        let text = "Milley speaks with Gerasimov\n\n\
                    Gen. Mark Milley spoke on Jan. 28, 2022. It was brief.\n\n\
                    A second paragraph.\n";
        let plan = Planner::default().plan_text("article.txt", text);
        let timings = [
            Timing {
                start: 2205,
                end: 24255,
                ..Default::default()
            },
            Timing {
                start: 46305,
                end: 90000,
                ..Default::default()
            },
            Timing {
                start: 97718,
                end: 120000,
                ..Default::default()
            },
            Timing {
                start: 135435,
                end: 150000,
                ..Default::default()
            },
        ];
        let mut settings = settings();
        settings.speaker = Some("3".into());
        settings.loudness_target_lufs = Some(-16.0);
        let t = Transcript::new(
            &plan,
            &timings,
            22050,
            44100,
            302_205,
            "article.wav".into(),
            "joe".into(),
            settings,
            Some(Loudness {
                integrated_lufs: -16.02,
                true_peak_dbtp: -1.5,
                gain_db: 3.25,
            }),
        );
        let m = manifest(&t);
        assert_eq!(m["version"], 1);
        assert_eq!(m["source"], "article.txt");
        assert_eq!(m["audio"], "article.wav");
        assert_eq!(m["voice"], "joe");
        assert_eq!(m["sample_rate"], 44100);
        assert_eq!(m["samples"], 302_205);
        // 302205 / 44100 = 6.852721 s.
        assert_eq!(m["duration"], 6.853);
        assert_eq!(
            m["settings"],
            json!({
                "speed": 1.0,
                "speaker": "3",
                "pauses": {"sentence_ms": 350, "paragraph_ms": 700, "heading_ms": 1000},
                "format": "wav",
                "sample_format": "s16",
                "loudness_target_lufs": -16.0,
                "lexicon": true
            })
        );
        assert_eq!(
            m["loudness"],
            json!({"integrated_lufs": -16.02, "true_peak_dbtp": -1.5, "gain_db": 3.25})
        );
        let sentences = m["sentences"].as_array().expect("sentences");
        assert_eq!(sentences.len(), 4);
        // 46305 at 22050 Hz is 92610 at 44100 Hz, 2.1 s; 90000 is 180000, 4.081633 s.
        assert_eq!(
            sentences[1],
            json!({
                "index": 2,
                "block": 1,
                "text": "Gen. Mark Milley spoke on Jan. 28, 2022.",
                "spoken": plan.spoken(&plan.sentences[1]).expect("spoken"),
                "start": 2.1,
                "end": 4.082,
                "start_sample": 92610,
                "end_sample": 180000
            })
        );
        assert!(sentences[1]["spoken"]
            .as_str()
            .is_some_and(|s| s.contains("General")));
        assert_eq!(
            m["blocks"],
            json!([
                {"index": 0, "kind": "title", "start": 0.1, "end": 1.1,
                 "start_sample": 4410, "end_sample": 48510},
                {"index": 1, "kind": "paragraph", "start": 2.1, "end": 5.442,
                 "start_sample": 92610, "end_sample": 240000},
                {"index": 2, "kind": "paragraph", "start": 6.142, "end": 6.803,
                 "start_sample": 270870, "end_sample": 300000},
            ])
        );
    }

    #[test]
    fn export_manifest_without_loudness_says_null() {
        let t = crate::export::tests::transcript(22050, 22050, &[("Hi.", "Hi.", 0, 11025)]);
        let m = manifest(&t);
        assert_eq!(m["loudness"], Value::Null);
        assert_eq!(m["settings"]["speaker"], Value::Null);
        assert_eq!(m["settings"]["loudness_target_lufs"], Value::Null);
        assert_eq!(m["duration"], 1.0);
        assert_eq!(m["sentences"][0]["end"], 0.5);
        assert_eq!(m["blocks"], json!([]));
    }
}
