//! Subtitles and manifests against the audio they describe, with the real espeak-ng
//! voice: every sentence's cues hold speech, the gaps between sentences are the
//! silences of the file, and the manifest's length is the file's.
//!
//! The same checks run on a narration rendered through the library and through the
//! binary (`narrate render --subtitles srt|vtt --manifest`), whose audio is loudness
//! normalised.

mod common;

use common::{narrate, read_wav, rms, seed, silences, stderr, stdout};
use narrate::export::{Export, Manifest, Settings, Srt, Transcript, Vtt};
use narrate::pipeline::Planner;
use narrate::synthesize::{self, VoiceSettings};
use narrate::Pauses;
use serde_json::Value;
use std::path::Path;

/// One cue as read back from a subtitle file.
#[derive(Debug, Clone, PartialEq)]
struct Cue {
    start_ms: u64,
    end_ms: u64,
    lines: Vec<String>,
}

/// `HH:MM:SS,mmm` (SRT) or `HH:MM:SS.mmm` (WebVTT) in milliseconds.
fn parse_time(s: &str) -> u64 {
    let (hms, ms) = s
        .split_once([',', '.'])
        .unwrap_or_else(|| panic!("a timestamp: {s}"));
    let parts: Vec<u64> = hms
        .split(':')
        .map(|p| p.parse().unwrap_or_else(|_| panic!("a timestamp: {s}")))
        .collect();
    assert_eq!(parts.len(), 3, "{s}");
    assert_eq!(ms.len(), 3, "{s}");
    let ms: u64 = ms.parse().unwrap_or_else(|_| panic!("a timestamp: {s}"));
    ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + ms
}

/// The cues of a subtitle file: blocks separated by blank lines, a timing line in each
/// (SRT: after the cue number; WebVTT: after the `WEBVTT` header block).
fn parse_cues(text: &str, vtt: bool) -> Vec<Cue> {
    let mut blocks = text.split("\n\n");
    if vtt {
        assert_eq!(blocks.next(), Some("WEBVTT"), "the WebVTT header");
    }
    blocks
        .enumerate()
        .map(|(i, block)| {
            let mut lines = block.trim_end_matches('\n').lines();
            if !vtt {
                assert_eq!(lines.next(), Some((i + 1).to_string().as_str()), "{block}");
            }
            let timing = lines.next().unwrap_or_else(|| panic!("a timing: {block}"));
            let (start, end) = timing
                .split_once(" --> ")
                .unwrap_or_else(|| panic!("a timing: {block}"));
            let (start_ms, end_ms) = (parse_time(start), parse_time(end));
            // WebVTT's word timestamp tags: inside the cue, increasing; the text
            // without them is what SRT shows.
            let mut tags = Vec::new();
            let lines: Vec<String> = lines
                .map(|line| {
                    let mut shown = String::new();
                    let mut rest = line;
                    while let (true, Some(open)) = (vtt, rest.find('<')) {
                        let close = rest[open..].find('>').expect("a closed tag") + open;
                        shown.push_str(&rest[..open]);
                        tags.push(parse_time(&rest[open + 1..close]));
                        rest = &rest[close + 1..];
                    }
                    shown.push_str(rest);
                    shown
                })
                .collect();
            assert!(tags.windows(2).all(|p| p[0] < p[1]), "{block}");
            assert!(tags.iter().all(|&t| t > start_ms && t < end_ms), "{block}");
            assert!((1..=2).contains(&lines.len()), "{block}");
            assert!(lines
                .iter()
                .all(|l| !l.trim().is_empty() && !l.contains("-->")));
            Cue {
                start_ms,
                end_ms,
                lines,
            }
        })
        .collect()
}

/// The span of each sentence in milliseconds: the cues of one sentence tile it (each
/// starts where the one before ended), those of the next start after a pause.
fn sentence_spans(cues: &[Cue]) -> Vec<(u64, u64)> {
    let mut out: Vec<(u64, u64)> = Vec::new();
    for c in cues {
        assert!(c.start_ms < c.end_ms, "{c:?}");
        match out.last_mut() {
            Some(last) if last.1 == c.start_ms => last.1 = c.end_ms,
            Some(last) => {
                assert!(last.1 < c.start_ms, "cues overlap: {c:?}");
                out.push((c.start_ms, c.end_ms));
            }
            None => out.push((c.start_ms, c.end_ms)),
        }
    }
    out
}

fn sample_at(ms: u64, rate: u32) -> usize {
    (ms * rate as u64 / 1000) as usize
}

/// Checks subtitles and a manifest against the audio: `narrated` sentences, each
/// with speech, the cues of each tiling its span as the manifest gives it, speech
/// inside every cue and silence between sentences where the file is silent.
fn check(samples: &[f32], rate: u32, cues: &[Cue], manifest: &Value, narrated: usize) {
    assert_eq!(manifest["version"], 1);
    assert_eq!(manifest["sample_rate"], rate);
    assert_eq!(manifest["samples"], samples.len());
    let duration = (samples.len() as f64 / rate as f64 * 1000.0).round() / 1000.0;
    assert_eq!(manifest["duration"].as_f64(), Some(duration));

    let sentences = manifest["sentences"].as_array().expect("sentences");
    assert_eq!(sentences.len(), narrated);
    let sample = |s: &Value, key: &str| s[key].as_u64().unwrap_or_else(|| panic!("{key}: {s}"));
    let spans: Vec<(u64, u64)> = sentences
        .iter()
        .map(|s| (sample(s, "start_sample"), sample(s, "end_sample")))
        .collect();
    assert!(
        spans.iter().all(|(a, b)| a < b),
        "espeak-ng speaks every sentence"
    );
    let by_cues = sentence_spans(cues);
    assert_eq!(by_cues.len(), narrated, "the cues of {narrated} sentences");
    let rate64 = rate as u64;
    for (&(start, end), &(start_ms, end_ms)) in spans.iter().zip(&by_cues) {
        // The exact span, rounded inward to the millisecond.
        assert_eq!(start_ms, (start * 1000).div_ceil(rate64), "{start}..{end}");
        assert_eq!(end_ms, end * 1000 / rate64, "{start}..{end}");
    }

    for c in cues {
        let inside = &samples[sample_at(c.start_ms, rate)..sample_at(c.end_ms, rate)];
        assert!(rms(inside) > 0.02, "speech inside {c:?}");
    }
    // The shortest pause between sentences is 350 ms; espeak-ng's own pauses inside a
    // sentence, at clauses, are shorter (about 230 ms after a colon, up to 300 ms after
    // a quotation that ends in a comma, with what the engine spoke before).
    let quiet = silences(samples, rate, 340);
    let slack = 50 * rate as usize / 1000;
    for pair in by_cues.windows(2) {
        let (from, to) = (sample_at(pair[0].1, rate), sample_at(pair[1].0, rate));
        assert!(rms(&samples[from..to]) < 0.003, "silence between {pair:?}");
        // The silence of the file is where the cues say, within the trim margins.
        assert!(
            quiet
                .iter()
                .any(|&(a, b)| a.abs_diff(from) <= slack && b.abs_diff(to) <= slack),
            "a silence from {from} to {to} in {quiet:?}"
        );
    }
    // And no pause-long silence where a sentence is being read.
    for &(a, b) in &quiet {
        assert!(
            !spans
                .iter()
                .any(|&(s, e)| a as u64 >= s + slack as u64 && (b as u64) + (slack as u64) <= e),
            "a silence from {a} to {b} inside a sentence"
        );
    }
}

/// `narrate plan --json ARTICLE`'s count of narrated sentences.
fn narrated_count(article: &Path) -> usize {
    let out = narrate(&["plan", "--json", &article.to_string_lossy()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: Value = serde_json::from_str(&stdout(&out)).expect("plan --json is JSON");
    plan["counts"]["narrated"]
        .as_u64()
        .expect("counts.narrated") as usize
}

#[test]
fn export_matches_the_audio_rendered_through_the_library() {
    let text = std::fs::read_to_string(seed()).expect("the seed article");
    let plan = Planner::default().plan_text("article.txt", &text);
    let voice = synthesize::open("en-us", VoiceSettings::default()).expect("espeak-ng");
    let pauses = Pauses::default();
    let narration = plan
        .render(voice.as_ref(), &pauses, &|| {})
        .expect("renders");
    let rate = narration.sample_rate;
    let samples = narration.samples();
    let settings = Settings {
        speed: 1.0,
        speaker: None,
        pauses,
        format: "wav".into(),
        sample_format: "s16".into(),
        loudness_target_lufs: None,
        lexicon: false,
    };
    let t = Transcript::new(
        &plan,
        &narration.timings,
        rate,
        rate,
        samples.len() as u64,
        "article.wav".into(),
        "en-us".into(),
        settings,
        None,
    );
    let write = |e: &dyn Export| {
        let mut out = Vec::new();
        e.write(&t, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    };
    let manifest: Value = serde_json::from_str(&write(&Manifest)).expect("JSON");
    let narrated = plan.narrated().count();
    let srt = parse_cues(&write(&Srt), false);
    check(&samples, rate, &srt, &manifest, narrated);
    let vtt = parse_cues(&write(&Vtt), true);
    assert_eq!(vtt, srt, "the same cues in both formats");
}

#[test]
fn render_writes_srt_and_manifest_beside_the_audio() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let wav = dir.path().join("a.wav");
    let article = seed();
    let out = narrate(
        &[
            "render",
            &article.to_string_lossy(),
            "-o",
            &wav.to_string_lossy(),
            "--subtitles",
            "srt",
            "--manifest",
            "--voice",
            "en-us",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (srt_path, json_path) = (dir.path().join("a.srt"), dir.path().join("a.json"));
    assert!(srt_path.exists() && json_path.exists(), "{:?}", dir.path());
    assert!(!dir.path().join("a.vtt").exists());
    let (spec, samples) = read_wav(&wav);
    let srt = std::fs::read_to_string(&srt_path).expect("the SRT file");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("the manifest"))
            .expect("the manifest is JSON");
    assert_eq!(manifest["audio"], "a.wav");
    assert_eq!(manifest["voice"], "en-us");
    check(
        &samples,
        spec.sample_rate,
        &parse_cues(&srt, false),
        &manifest,
        narrated_count(&article),
    );
}

#[test]
fn render_writes_webvtt_alone() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let wav = dir.path().join("a.wav");
    let article = seed();
    let out = narrate(
        &[
            "render",
            &article.to_string_lossy(),
            "-o",
            &wav.to_string_lossy(),
            "--subtitles",
            "vtt",
            "--voice",
            "en-us",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.path().join("a.json").exists() && !dir.path().join("a.srt").exists());
    let vtt = std::fs::read_to_string(dir.path().join("a.vtt")).expect("the WebVTT file");
    let cues = parse_cues(&vtt, true);
    let (spec, samples) = read_wav(&wav);
    assert_eq!(sentence_spans(&cues).len(), narrated_count(&article));
    for c in &cues {
        let inside = &samples
            [sample_at(c.start_ms, spec.sample_rate)..sample_at(c.end_ms, spec.sample_rate)];
        assert!(rms(inside) > 0.02, "speech inside {c:?}");
    }
}
