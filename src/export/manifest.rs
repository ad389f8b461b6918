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
    /// The language it is read in (BCP 47, "de").
    language: &'a str,
    settings: &'a Settings,
    sample_rate: u32,
    samples: u64,
    duration: f64,
    loudness: Option<&'a Loudness>,
    sentences: Vec<Sentence<'a>>,
    blocks: Vec<Block>,
    /// A script's marks (SSML `mark`), when it named any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    marks: Vec<Mark<'a>>,
    metadata: Metadata<'a>,
    chapters: Vec<Chapter<'a>>,
}

/// The tags written into the audio file.
#[derive(Serialize)]
struct Metadata<'a> {
    title: Option<&'a str>,
    author: Option<&'a str>,
    album: Option<&'a str>,
    date: Option<&'a str>,
    comment: Option<&'a str>,
    source: Option<&'a str>,
    cover: bool,
}

#[derive(Serialize)]
struct Chapter<'a> {
    title: &'a str,
    start: f64,
    end: f64,
    start_sample: u64,
    end_sample: u64,
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
    word_timing: WordTiming,
    words: Vec<Word<'a>>,
}

/// Where a sentence's word times come from.
#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum WordTiming {
    /// Reported by the voice.
    Voice,
    /// Estimated from the words' letters (the voice reports none).
    Estimate,
}

#[derive(Serialize)]
struct Word<'a> {
    text: &'a str,
    chars: [usize; 2],
    start: f64,
    end: f64,
    start_sample: u64,
    end_sample: u64,
}

#[derive(Serialize)]
struct Mark<'a> {
    name: &'a str,
    time: f64,
    sample: u64,
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
            language: &t.language,
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
                    word_timing: if s.words.iter().any(|w| w.estimated) {
                        WordTiming::Estimate
                    } else {
                        WordTiming::Voice
                    },
                    words: s
                        .words
                        .iter()
                        .map(|w| Word {
                            text: &w.text,
                            chars: [w.chars.0, w.chars.1],
                            start: seconds(w.start, rate),
                            end: seconds(w.end, rate),
                            start_sample: w.start,
                            end_sample: w.end,
                        })
                        .collect(),
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
            marks: t
                .marks
                .iter()
                .map(|m| Mark {
                    name: &m.name,
                    time: seconds(m.sample, rate),
                    sample: m.sample,
                })
                .collect(),
            metadata: Metadata {
                title: t.tags.title.as_deref(),
                author: t.tags.author.as_deref(),
                album: t.tags.album.as_deref(),
                date: t.tags.date.as_deref(),
                comment: t.tags.comment.as_deref(),
                source: t.tags.source.as_deref(),
                cover: t.tags.cover.is_some(),
            },
            chapters: t
                .tags
                .chapters
                .iter()
                .map(|c| Chapter {
                    title: &c.title,
                    start: seconds(c.start, rate),
                    end: seconds(c.end, rate),
                    start_sample: c.start,
                    end_sample: c.end,
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
    use crate::synthesize::WordMark;
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
        // The second sentence's voice marked each spoken word: 3,000 samples each,
        // 4,000 apart.
        let spoken = plan.spoken(&plan.sentences[1]).expect("spoken");
        let marks: Vec<WordMark> = crate::synthesize::word_ranges(&spoken)
            .into_iter()
            .enumerate()
            .map(|(i, (a, b))| WordMark {
                text_start: a,
                text_end: b,
                start: 46305 + 4000 * i,
                end: 46305 + 4000 * i + 3000,
                estimated: false,
            })
            .collect();
        let mut timings = [
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
        timings[1].words = marks;
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
                "end_sample": 180000,
                "word_timing": "voice",
                // At 44,100 Hz: twice the marks' samples. "28" is "twenty-eighth,";
                // "2022" is "twenty twenty-two.", two marks.
                "words": [
                    {"text": "Gen", "chars": [0, 3], "start": 2.1, "end": 2.236, "start_sample": 92610, "end_sample": 98610},
                    {"text": "Mark", "chars": [5, 9], "start": 2.281, "end": 2.417, "start_sample": 100610, "end_sample": 106610},
                    {"text": "Milley", "chars": [10, 16], "start": 2.463, "end": 2.599, "start_sample": 108610, "end_sample": 114610},
                    {"text": "spoke", "chars": [17, 22], "start": 2.644, "end": 2.78, "start_sample": 116610, "end_sample": 122610},
                    {"text": "on", "chars": [23, 25], "start": 2.826, "end": 2.962, "start_sample": 124610, "end_sample": 130610},
                    {"text": "Jan", "chars": [26, 29], "start": 3.007, "end": 3.143, "start_sample": 132610, "end_sample": 138610},
                    {"text": "28", "chars": [31, 33], "start": 3.188, "end": 3.324, "start_sample": 140610, "end_sample": 146610},
                    {"text": "2022", "chars": [35, 39], "start": 3.37, "end": 3.687, "start_sample": 148610, "end_sample": 162610}
                ]
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
