//! Timings out: what was said when in a rendered narration, as subtitles or as a
//! manifest for a web player. A [`Transcript`] is built once from the [`Plan`] and the
//! stitcher's [`Timing`]s; each output format is a small [`Export`], one file each:
//! [`Srt`] (`.srt`), [`Vtt`] (WebVTT, `.vtt`), [`Manifest`] (`.json`) and the listen
//! [`Page`] (`.html`, see [`page`]).
//!
//! All positions are sample indices in the final audio file (at
//! [`Transcript::sample_rate`]): a sentence's `start` is its first sample, its `end` one
//! past its last, and they span its speech exactly as the stitcher placed it (fades and
//! trim margins included; the pauses between sentences are outside every span).
//!
//! Subtitles have one cue per narrated sentence with speech; a sentence too long for two
//! lines of [`cues::LINE_CHARS`] characters is split into several cues at clause
//! boundaries (see [`cues`]); the cues of one sentence meet where a word starts, by the
//! sentence's word times, and WebVTT cues tag each word inside them with its start.
//!
//! # The manifest (`OUT.json`)
//!
//! One JSON object, every name in snake_case. Times are given twice: in seconds, rounded
//! to the nearest millisecond, for a player's `currentTime`, and in samples, exact.
//!
//! - `version`: `1`, raised when a field changes meaning or goes away.
//! - `source`: the input's name (a path, or `-` for standard input).
//! - `audio`: the audio file's name (no folder), as written beside the manifest.
//! - `voice`: the voice that read it.
//! - `settings`: `speed` (1.0 normal), `speaker` (or `null`), `pauses`
//!   (`sentence_ms`, `paragraph_ms`, `heading_ms`), `format` (the audio format, `wav`),
//!   `sample_format` (e.g. `s16`), `loudness_target_lufs` (or `null` when not
//!   normalized), `lexicon` (whether a pronunciation lexicon was used).
//! - `sample_rate`: of the audio file, in Hz; `samples`: its length in samples;
//!   `duration`: its length in seconds.
//! - `loudness`: `null`, or the measured `integrated_lufs`, `true_peak_dbtp` and the
//!   `gain_db` applied.
//! - `sentences`: every narrated sentence in reading order, each with `index` (1-based
//!   among all sentences of the input, dropped ones included, so the numbers have
//!   gaps; `narrate plan --json` counts from 0, its `index` plus one), `block` (the index of its block, see `blocks`), `text` (as written),
//!   `spoken` (what the voice read), `start`, `end` (seconds) and `start_sample`,
//!   `end_sample`. A sentence whose audio held no speech has `start == end` and no
//!   subtitle cue.
//! - each sentence's `words`: its written words in order (as written, without the
//!   punctuation around them: `U.S`, `$5`), each with `text`, `chars` (`[start, end)`
//!   in the sentence's `text`, counted in Unicode characters), `start`, `end` (seconds)
//!   and `start_sample`, `end_sample`; and `word_timing`: `voice` when the voice
//!   reported the times (espeak-ng's word events, a Piper voice's phoneme durations),
//!   `estimate` when they were spread over the sentence by letters. A number read as
//!   several words ("1,250") is one written word spanning them all.
//! - `metadata`: the tags written into the audio file: `title`, `author`, `album`,
//!   `date`, `comment`, `source` (each `null` when not set) and `cover` (whether it has
//!   one).
//! - `chapters`: the audio file's chapters in order (none without headings), each with
//!   `title`, `start`, `end` (seconds) and `start_sample`, `end_sample`.
//! - `marks`: only for a script that names points (SSML `mark`): each, in order, with
//!   `name`, `time` (seconds) and `sample`: where the word after it begins (its
//!   sentence's start when it opens one), or its sentence's end when no word follows.
//! - `blocks`: every block (title, heading, paragraph) with speech, in order, with
//!   `index` (0-based among all blocks of the input, the `block` of its sentences),
//!   `kind` (`title`, `heading` or `paragraph`), `start`, `end` (seconds: its first
//!   spoken sentence's start, its last one's end) and `start_sample`, `end_sample`.

pub mod cues;
pub mod manifest;
pub mod page;
pub mod srt;
pub mod vtt;
pub mod words;

use crate::document::BlockKind;
use crate::master::resample::convert_position;
use crate::pipeline::Plan;
use crate::stitch::Timing;
use serde::Serialize;
use std::io::Write;

pub use manifest::Manifest;
pub use page::Page;
pub use srt::Srt;
pub use vtt::Vtt;

/// Everything a subtitle file or manifest says about one rendered narration.
#[derive(Debug, Clone, Serialize)]
pub struct Transcript {
    /// The input's name.
    pub source: String,
    /// The audio file's name as written (file name only, for the manifest's reference).
    pub audio: String,
    pub voice: String,
    /// The language it is read in (BCP 47, "de").
    pub language: String,
    pub settings: Settings,
    /// Of the final file.
    pub sample_rate: u32,
    /// Length of the final file in samples.
    pub samples: u64,
    pub loudness: Option<Loudness>,
    /// Every narrated sentence, in order.
    pub sentences: Vec<TimedSentence>,
    /// Each block with narrated speech, in order.
    pub blocks: Vec<TimedBlock>,
    /// The points a script named (SSML `mark`), in order, with where each is heard.
    pub marks: Vec<TimedMark>,
    /// Who to credit for the voice on the listen page; `None` (as [`Transcript::new`]
    /// leaves it) names the voice alone.
    pub credit: Option<VoiceCredit>,
    /// The tags written into the audio file and its chapters (none, as
    /// [`Transcript::new`] leaves them).
    #[serde(skip)]
    pub tags: crate::tags::Tags,
}

/// The voice as the listen page credits it (see [`page::voice_credit`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoiceCredit {
    /// The engine that speaks it: `Piper`, `espeak-ng`.
    pub engine: String,
    /// The licence of the voice (an SPDX name), when known.
    pub licence: Option<String>,
    /// The language it reads (BCP 47, `en-us`), the page's `lang`.
    pub language: String,
}

/// How the narration was rendered.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub speed: f32,
    pub speaker: Option<String>,
    pub pauses: crate::Pauses,
    /// The audio file format (`wav`).
    pub format: String,
    /// The sample format of the audio file (`s16`, …).
    pub sample_format: String,
    /// The loudness the audio was normalized to, if it was.
    pub loudness_target_lufs: Option<f64>,
    /// Whether a pronunciation lexicon was used.
    pub lexicon: bool,
}

/// The loudness of the final file, as measured.
#[derive(Debug, Clone, Serialize)]
pub struct Loudness {
    pub integrated_lufs: f64,
    pub true_peak_dbtp: f64,
    pub gain_db: f64,
}

/// One narrated sentence and where its speech lies in the final file.
#[derive(Debug, Clone, Serialize)]
pub struct TimedSentence {
    /// 1-based among all sentences of the plan (dropped ones included): the number
    /// errors give a sentence, `narrate plan --json`'s 0-based `index` plus one.
    pub index: usize,
    /// The index of its block in the document.
    pub block: usize,
    /// As written.
    pub text: String,
    /// What the voice read.
    pub spoken: String,
    /// First sample of its speech in the final file.
    pub start: u64,
    /// One past its last sample; equal to `start` when it held no speech.
    pub end: u64,
    /// Its written words, in order, with when each is heard.
    pub words: Vec<TimedWord>,
}

/// One written word of a narrated sentence and when it is heard (see [`words`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimedWord {
    /// As written, without the punctuation around it ("U.S", "$5", "Milley").
    pub text: String,
    /// Its characters in the sentence's `text`: `[start, end)`, counted in Unicode
    /// scalar values (Python's `str` indices; JavaScript counts UTF-16 units).
    pub chars: (usize, usize),
    /// First sample of its speech in the final file.
    pub start: u64,
    /// One past its last sample.
    pub end: u64,
    /// Placed by estimate (the voice reported no word times), not by the voice.
    pub estimated: bool,
}

impl TimedSentence {
    /// Whether any speech was heard for it.
    pub fn has_speech(&self) -> bool {
        self.end > self.start
    }
}

/// A named point of a script (SSML `mark`) and the sample where it is heard: the start
/// of the word it comes before (its sentence's start when it opens the sentence), or
/// its sentence's end when no word follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimedMark {
    pub name: String,
    pub sample: u64,
}

/// One block (title, heading, paragraph) with narrated speech: from its first spoken
/// sentence's start to its last one's end, so that a player can jump to it.
#[derive(Debug, Clone, Serialize)]
pub struct TimedBlock {
    /// The index of the block in the document (the `block` of its sentences).
    pub index: usize,
    pub kind: BlockKind,
    pub start: u64,
    pub end: u64,
}

impl Transcript {
    /// Builds it from a plan and the stitcher's timings (one per narrated sentence, in
    /// order, at `from_rate`), scaling the sample positions to `sample_rate` of the final
    /// file (rounding to the nearest sample, and never past `samples`): the final file
    /// may be resampled. Sentences with empty timing (start == end: no speech) are kept
    /// in the manifest but produce no cue.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        plan: &Plan,
        timings: &[Timing],
        from_rate: u32,
        sample_rate: u32,
        samples: u64,
        audio: String,
        voice: String,
        settings: Settings,
        loudness: Option<Loudness>,
    ) -> Transcript {
        debug_assert_eq!(plan.narrated().count(), timings.len());
        let scale = |at: usize| convert_position(at as u64, from_rate, sample_rate).min(samples);
        let mut marks = Vec::new();
        for ((_, s), timing) in plan.narrated().zip(timings) {
            let (_, offsets) = plan.spoken_and_marks(s);
            for (name, offset) in offsets {
                let at = if offset == 0 {
                    timing.start
                } else {
                    timing
                        .words
                        .iter()
                        .find(|w| w.text_start >= offset)
                        .map_or(timing.end, |w| w.start)
                };
                marks.push(TimedMark {
                    name,
                    sample: scale(at),
                });
            }
        }
        let sentences: Vec<TimedSentence> = plan
            .narrated()
            .zip(timings)
            .map(|((index, s), timing)| {
                let start = scale(timing.start);
                let end = scale(timing.end).max(start);
                let text = plan.text(s).to_string();
                let spoken = plan.spoken(s).unwrap_or_default();
                let words = words::timed_words(&text, &spoken, &timing.words, scale, (start, end));
                TimedSentence {
                    index: index + 1,
                    block: s.sentence.block,
                    text,
                    spoken,
                    start,
                    end,
                    words,
                }
            })
            .collect();
        let mut blocks: Vec<TimedBlock> = Vec::new();
        for s in sentences.iter().filter(|s| s.has_speech()) {
            match blocks.last_mut() {
                Some(b) if b.index == s.block => b.end = s.end,
                _ => blocks.push(TimedBlock {
                    index: s.block,
                    kind: plan
                        .document
                        .blocks
                        .get(s.block)
                        .map_or(BlockKind::Paragraph, |b| b.kind),
                    start: s.start,
                    end: s.end,
                }),
            }
        }
        Transcript {
            source: plan.source().to_string(),
            audio,
            voice,
            language: plan.language.tag.clone(),
            settings,
            sample_rate,
            samples,
            loudness,
            sentences,
            blocks,
            marks,
            credit: None,
            tags: crate::tags::Tags::default(),
        }
    }

    /// The length of the audio in seconds.
    pub fn duration(&self) -> f64 {
        self.samples as f64 / self.sample_rate.max(1) as f64
    }
}

/// One output format for a transcript.
pub trait Export {
    /// The file extension, without the dot.
    fn extension(&self) -> &'static str;
    fn write(&self, t: &Transcript, out: &mut dyn Write) -> std::io::Result<()>;
}

/// The subtitle formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubtitleFormat {
    /// SubRip, `.srt`.
    Srt,
    /// WebVTT, `.vtt`.
    Vtt,
}

impl SubtitleFormat {
    /// The exporter that writes this format.
    pub fn exporter(self) -> Box<dyn Export> {
        match self {
            SubtitleFormat::Srt => Box::new(Srt),
            SubtitleFormat::Vtt => Box::new(Vtt),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::master::resample::convert_position as scale;
    use crate::pipeline::Planner;

    /// Settings as a default render has them.
    pub fn settings() -> Settings {
        Settings {
            speed: 1.0,
            speaker: None,
            pauses: crate::Pauses::default(),
            format: "wav".into(),
            sample_format: "s16".into(),
            loudness_target_lufs: None,
            lexicon: true,
        }
    }

    /// A transcript at `rate` with these sentences (text, spoken, start, end), one block
    /// each unless the text starts with `+` (same block as the one before).
    pub fn transcript(rate: u32, samples: u64, sentences: &[(&str, &str, u64, u64)]) -> Transcript {
        let mut block = 0;
        let sentences: Vec<TimedSentence> = sentences
            .iter()
            .enumerate()
            .map(|(i, &(text, spoken, start, end))| {
                let text = match text.strip_prefix('+') {
                    Some(rest) => rest,
                    None => {
                        block += 1;
                        text
                    }
                };
                TimedSentence {
                    index: i + 1,
                    block: block - 1,
                    text: text.into(),
                    spoken: spoken.into(),
                    start,
                    end,
                    words: Vec::new(),
                }
            })
            .collect();
        Transcript {
            source: "article.txt".into(),
            audio: "article.wav".into(),
            voice: "en-us".into(),
            language: "en".into(),
            settings: settings(),
            sample_rate: rate,
            samples,
            loudness: None,
            sentences,
            blocks: Vec::new(),
            marks: Vec::new(),
            credit: None,
            tags: crate::tags::Tags::default(),
        }
    }

    #[test]
    fn export_scales_to_the_final_rate_rounding_to_the_nearest_sample() {
        assert_eq!(scale(22050, 22050, 48000), 48000);
        assert_eq!(scale(11025, 22050, 48000), 24000);
        assert_eq!(scale(1, 22050, 48000), 2); // 2.18
        assert_eq!(scale(3, 22050, 48000), 7); // 6.53
        assert_eq!(scale(48000, 48000, 22050), 22050);
        assert_eq!(scale(5, 48000, 22050), 2); // 2.30
        assert_eq!(scale(7, 22050, 22050), 7);
    }

    #[test]
    fn export_transcript_numbers_sentences_and_spans_blocks() {
        let text = "Talks to resume in Geneva\n\n\
                    The minister said on Tuesday that the talks would resume next week in Geneva. \
                    It was brief.\n\n\
                    Subscribe to our newsletter for more news.\n\n\
                    Both sides have agreed to keep the lines of communication open, officials said.\n";
        let plan = Planner::default().plan_text("a.txt", text);
        let narrated: Vec<(usize, String)> = plan
            .narrated()
            .map(|(i, s)| (i, plan.text(s).to_string()))
            .collect();
        assert_eq!(narrated.len(), 4, "{narrated:?}");
        assert_eq!(
            plan.sentences.len(),
            5,
            "the promo is a dropped sentence: {:?}",
            plan.sentences
        );
        let timings = [
            Timing {
                start: 2205,
                end: 22050,
                ..Default::default()
            },
            Timing {
                start: 44100,
                end: 66150,
                ..Default::default()
            },
            // No speech: kept in the manifest, not in the block spans.
            Timing {
                start: 66150,
                end: 66150,
                ..Default::default()
            },
            Timing {
                start: 88200,
                end: 110250,
                ..Default::default()
            },
        ];
        let t = Transcript::new(
            &plan,
            &timings,
            22050,
            48000,
            245_000,
            "a.wav".into(),
            "en-us".into(),
            settings(),
            None,
        );
        let spans: Vec<(usize, usize, u64, u64)> = t
            .sentences
            .iter()
            .map(|s| (s.index, s.block, s.start, s.end))
            .collect();
        assert_eq!(
            spans,
            vec![
                (1, 0, 4800, 48000),
                (2, 1, 96000, 144000),
                (3, 1, 144000, 144000),
                (5, 3, 192000, 240000),
            ]
        );
        assert_eq!(t.sentences[2].text, "It was brief.");
        let blocks: Vec<(usize, BlockKind, u64, u64)> = t
            .blocks
            .iter()
            .map(|b| (b.index, b.kind, b.start, b.end))
            .collect();
        assert_eq!(
            blocks,
            vec![
                (0, BlockKind::Title, 4800, 48000),
                (1, BlockKind::Paragraph, 96000, 144000),
                (3, BlockKind::Paragraph, 192000, 240000),
            ]
        );
        // Never past the end of the file.
        let t = Transcript::new(
            &plan,
            &timings,
            22050,
            22050,
            100_000,
            "a.wav".into(),
            "en-us".into(),
            settings(),
            None,
        );
        assert_eq!((t.sentences[3].start, t.sentences[3].end), (88200, 100_000));
    }

    /// Timings as the stitcher would make them for `plan` at 22050 Hz: 100 ms of
    /// silence, each sentence 60 ms per spoken character, the pauses of its breaks,
    /// and every seventh sentence without speech. Returns them and the length.
    fn synthetic_timings(plan: &Plan) -> (Vec<Timing>, usize) {
        let rate = 22050;
        let ms = |n: u32| (n * rate / 1000) as usize;
        let pauses = crate::Pauses::default();
        let mut at = ms(100);
        let mut timings = Vec::new();
        for (k, ((_, s), brk)) in plan.narrated().zip(plan.breaks()).enumerate() {
            if k % 7 == 6 {
                timings.push(Timing {
                    start: at,
                    end: at,
                    ..Default::default()
                });
                continue;
            }
            if k > 0 {
                at += ms(pauses.before(brk));
            }
            let chars = plan.spoken(s).unwrap_or_default().chars().count() as u32;
            timings.push(Timing {
                start: at,
                end: at + ms(60 * chars),
                ..Default::default()
            });
            at += ms(60 * chars);
        }
        (timings, at + ms(100))
    }

    #[test]
    fn export_cues_of_a_real_article_follow_its_narrated_sentences() {
        let text = include_str!("../../examples/article.txt");
        let plan = Planner::default().plan_text("article.txt", text);
        let (timings, len) = synthetic_timings(&plan);
        let samples = scale(len as u64, 22050, 48000);
        let t = Transcript::new(
            &plan,
            &timings,
            22050,
            48000,
            samples,
            "article.wav".into(),
            "en-us".into(),
            settings(),
            None,
        );
        assert_eq!(t.sentences.len(), plan.narrated().count());
        let spoken: Vec<&TimedSentence> = t.sentences.iter().filter(|s| s.has_speech()).collect();
        assert!(spoken.len() > 5 && spoken.len() < t.sentences.len());
        let cues = cues::cues(&t);
        let mut shown: Vec<usize> = cues.iter().map(|c| c.sentence).collect();
        shown.dedup();
        let expected: Vec<usize> = spoken.iter().map(|s| s.index).collect();
        assert_eq!(shown, expected, "one or more cues per sentence with speech");
        assert!(
            cues.len() > shown.len(),
            "the article has sentences split into cues"
        );
        for pair in cues.windows(2) {
            assert!(pair[0].start_ms < pair[0].end_ms, "{pair:?}");
            assert!(pair[0].end_ms <= pair[1].start_ms, "{pair:?}");
        }
        for s in &spoken {
            let own: Vec<&cues::Cue> = cues.iter().filter(|c| c.sentence == s.index).collect();
            let (first, last) = (own[0], own[own.len() - 1]);
            // Inside the sentence's speech, by less than a millisecond at each end.
            let (start, end) = (s.start as f64 / 48.0, s.end as f64 / 48.0);
            assert!(first.start_ms as f64 >= start && (first.start_ms as f64) < start + 1.0);
            assert!(last.end_ms as f64 <= end && (last.end_ms as f64) > end - 1.0);
            let text: Vec<String> = own.iter().map(|c| c.lines.join(" ")).collect();
            assert_eq!(
                text.join(" "),
                s.text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            for c in own {
                assert!((1..=cues::MAX_LINES).contains(&c.lines.len()), "{c:?}");
                assert!(c
                    .lines
                    .iter()
                    .all(|l| l.chars().count() <= cues::LINE_CHARS));
            }
        }
        // The writers show the same cues.
        let mut srt = Vec::new();
        Srt.write(&t, &mut srt).expect("writes to memory");
        let srt = String::from_utf8(srt).expect("UTF-8");
        assert_eq!(srt.matches(" --> ").count(), cues.len());
        assert_eq!(srt.split("\n\n").count(), cues.len());
        let mut vtt = Vec::new();
        Vtt.write(&t, &mut vtt).expect("writes to memory");
        let vtt = String::from_utf8(vtt).expect("UTF-8");
        assert_eq!(vtt.matches(" --> ").count(), cues.len());
    }

    #[test]
    fn export_subtitle_formats_have_their_extensions() {
        assert_eq!(SubtitleFormat::Srt.exporter().extension(), "srt");
        assert_eq!(SubtitleFormat::Vtt.exporter().extension(), "vtt");
        assert_eq!(Manifest.extension(), "json");
    }
}
