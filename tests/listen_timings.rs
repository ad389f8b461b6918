//! The manifest's word times, the subtitles, the listen page and the audio agree,
//! through the binary: on the seed (espeak-ng and joe), on development pages (HTML) and
//! on a 30-minute article (espeak-ng).
//!
//! For each render: every manifest word lies in its sentence, in order, and its `chars`
//! are its text; the listen page (`--page`) holds the same sentence and word times and
//! plays the audio beside it; the SRT and WebVTT files have the same cues; every WebVTT timestamp
//! tag and every point where two cues of one sentence meet is a word's start; every
//! word heard inside a cue is tagged in it; and the word starts meet the speech onsets
//! of the decoded audio (`common::onsets`).

mod common;

use common::onsets;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// `HH:MM:SS.mmm` or `HH:MM:SS,mmm` in milliseconds.
fn ms(stamp: &str) -> u64 {
    let (hms, milli) = stamp.trim().split_at(stamp.trim().len() - 4);
    let parts: Vec<u64> = hms
        .split(':')
        .map(|p| p.parse().expect("a number in a timestamp"))
        .collect();
    let milli: u64 = milli[1..].parse().expect("milliseconds");
    ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + milli
}

/// A cue: start, end (ms) and the times of its timestamp tags.
type Cue = (u64, u64, Vec<u64>);

/// The cues of a WebVTT or SRT file.
fn cues(text: &str) -> Vec<Cue> {
    let mut out: Vec<Cue> = Vec::new();
    for line in text.lines() {
        if let Some((a, b)) = line.split_once(" --> ") {
            out.push((ms(a), ms(b), Vec::new()));
        } else if let Some(cue) = out.last_mut() {
            let mut rest = line;
            while let Some(open) = rest.find('<') {
                let close = rest[open..].find('>').expect("a closed tag") + open;
                cue.2.push(ms(&rest[open + 1..close]));
                rest = &rest[close + 1..];
            }
        }
    }
    out
}

/// Renders `input` with `voice`, subtitles, manifest and page, and checks they agree
/// with each other and with the audio. Returns (words, voice-timed words).
fn check_render(input: &Path, dir: &Path, name: &str, voice: &str) -> (usize, usize) {
    let wav = dir.join(format!("{name}.wav"));
    let args = [
        "render",
        input.to_str().expect("UTF-8 path"),
        "-o",
        wav.to_str().expect("UTF-8 path"),
        "--voice",
        voice,
        "--manifest",
        "--subtitles",
        "srt,vtt",
        "--page",
    ];
    let out = common::narrate(&args, None);
    assert!(out.status.success(), "{name}: {}", common::stderr(&out));
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(wav.with_extension("json")).expect("the manifest"),
    )
    .expect("JSON");
    let rate = manifest["sample_rate"].as_u64().expect("rate");
    let to_ms = |samples: u64| (samples as f64 * 1000.0 / rate as f64).round() as u64;
    let vtt = cues(&std::fs::read_to_string(wav.with_extension("vtt")).expect("vtt"));
    let srt = cues(&std::fs::read_to_string(wav.with_extension("srt")).expect("srt"));
    let times = |c: &[Cue]| c.iter().map(|c| (c.0, c.1)).collect::<Vec<_>>();
    assert_eq!(
        times(&vtt),
        times(&srt),
        "{name}: SRT and WebVTT cues differ"
    );

    let mut starts = Vec::new();
    let mut word_ms = BTreeSet::new();
    let mut sentence_ms = BTreeSet::new();
    let (mut words, mut voiced) = (0, 0);
    for s in manifest["sentences"].as_array().expect("sentences") {
        let text = s["text"].as_str().expect("text");
        let chars: Vec<char> = text.chars().collect();
        let (from, to) = (
            s["start_sample"].as_u64().unwrap(),
            s["end_sample"].as_u64().unwrap(),
        );
        sentence_ms.insert((from as f64 * 1000.0 / rate as f64).ceil() as u64);
        let list = s["words"].as_array().expect("words");
        let voice = s["word_timing"] == "voice";
        if to > from && text.chars().any(char::is_alphanumeric) {
            assert!(!list.is_empty(), "{name}: no words for {text:?}");
        }
        let mut last = from;
        for w in list {
            let (a, b) = (
                w["start_sample"].as_u64().unwrap(),
                w["end_sample"].as_u64().unwrap(),
            );
            assert!(
                a >= last && a <= b && b <= to,
                "{name}: {w} out of order or outside {text:?}"
            );
            last = a;
            let range = w["chars"].as_array().expect("chars");
            let (c0, c1) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            let shown: String = chars[c0..c1].iter().collect();
            assert_eq!(
                shown,
                w["text"].as_str().unwrap(),
                "{name}: chars of {w} in {text:?}"
            );
            assert!((w["start"].as_f64().unwrap() - a as f64 / rate as f64).abs() < 0.0006);
            starts.push(a as f64 / rate as f64);
            word_ms.insert(to_ms(a));
            words += 1;
            voiced += usize::from(voice);
        }
    }
    let near = |t: u64| word_ms.range(t.saturating_sub(1)..=t + 1).next().is_some();
    for (k, (start, end, tags)) in vtt.iter().enumerate() {
        for &t in tags {
            assert!(near(t), "{name}: tag {t} ms in cue {k} is no word's start");
            assert!(
                t > *start && t < *end,
                "{name}: tag {t} outside cue {start}–{end}"
            );
        }
        let inner_start = !sentence_ms.contains(start);
        if inner_start {
            assert!(
                near(*start),
                "{name}: cue {k} starts at {start} ms, no word's start"
            );
        }
        // Every word heard inside the cue is tagged in it, but its first, heard from
        // the cue's start (or within the 40 ms the first word's sound may take to begin).
        let inside: Vec<u64> = word_ms
            .range(start + 40..end.saturating_sub(1))
            .copied()
            .collect();
        for t in inside {
            assert!(
                tags.iter().any(|&g| g.abs_diff(t) <= 1),
                "{name}: the word at {t} ms in cue {k} ({start}–{end}) has no tag: {tags:?}"
            );
        }
    }
    // The page plays the same times: its data block holds every sentence's span and
    // every word's characters and span, as the manifest has them.
    let html = std::fs::read_to_string(wav.with_extension("html")).expect("the page");
    assert!(
        html.contains(&format!(r#"src="./{name}.wav""#)),
        "{name}: the page plays its audio"
    );
    let open = r#"<script type="application/json" id="timings">"#;
    let from = html.find(open).expect("the page's data") + open.len();
    let to = from + html[from..].find("</script>").expect("the data's end");
    let page: Value = serde_json::from_str(&html[from..to]).expect("the page's data is JSON");
    let page_sentences = page["sentences"].as_array().expect("sentences");
    let sentences = manifest["sentences"].as_array().expect("sentences");
    assert_eq!(
        page_sentences.len(),
        sentences.len(),
        "{name}: sentences on the page"
    );
    for (p, m) in page_sentences.iter().zip(sentences) {
        assert_eq!(
            (&p["start"], &p["end"]),
            (&m["start"], &m["end"]),
            "{name}: {m}"
        );
        let expected: Vec<Value> = m["words"]
            .as_array()
            .expect("words")
            .iter()
            .map(|w| serde_json::json!([w["chars"][0], w["chars"][1], w["start"], w["end"]]))
            .collect();
        assert_eq!(
            p["words"].as_array().expect("words"),
            &expected,
            "{name}: {m}"
        );
    }
    assert_eq!(page["duration"], manifest["duration"]);

    let (spec, samples) = common::read_wav(&wav);
    let report = onsets::check(&samples, spec.sample_rate, &starts);
    eprintln!(
        "{name}: {words} words ({voiced} from the voice), {:.3} right; {} onsets, {:.3} found",
        report.words_share(),
        report.onsets,
        report.onsets_share()
    );
    assert!(report.words_share() >= 0.95, "{name}: {report:?}");
    assert!(report.onsets_share() >= 0.95, "{name}: {report:?}");
    (words, voiced)
}

/// Both engines: espeak-ng by its word events, joe by its phoneme durations.
#[test]
fn the_seed_manifest_subtitles_page_and_audio_agree() {
    for voice in ["en-us", "joe"] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (words, voiced) = check_render(&common::seed(), dir.path(), "seed", voice);
        assert!(words > 200);
        assert_eq!(voiced, words, "{voice} times every word of the seed itself");
    }
}

#[test]
fn development_pages_manifest_subtitles_and_audio_agree() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for name in [
        "hosted.ap.org-82b6d780c7",
        "bbc.com-70cb2d5bca",
        "foxnews.com-7dfc3e359d",
    ] {
        // Pages in a folder of their own: the listen page is NAME.html too.
        let pages = dir.path().join("pages");
        std::fs::create_dir_all(&pages).expect("a folder");
        let page = pages.join(format!("{name}.html"));
        std::fs::write(&page, common::devdata_file(&format!("{name}.html"))).expect("written");
        let (words, voiced) = check_render(&page, dir.path(), name, "en-us");
        assert!(words > 150, "{name}: {words} words");
        assert_eq!(voiced, words, "{name}: every word timed by the voice");
    }
}

#[test]
fn a_thirty_minute_article_keeps_its_words_on_time() {
    // The development set's article bodies, one after another, up to 5,000 words: over
    // half an hour of espeak-ng.
    let gold = common::gold_pages("txt");
    let mut text = String::new();
    for page in &gold {
        if text.split_whitespace().count() > 5_000 {
            break;
        }
        text.push_str(&page.body.replace('\n', "\n\n"));
        text.push_str("\n\n");
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("long.txt");
    std::fs::write(&input, &text).expect("written");
    let (words, voiced) = check_render(&input, dir.path(), "long", "en-us");
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("long.json")).expect("manifest"),
    )
    .expect("JSON");
    let minutes = manifest["duration"].as_f64().expect("duration") / 60.0;
    eprintln!("long: {minutes:.1} minutes");
    assert!(minutes >= 30.0, "{minutes:.1} minutes");
    assert_eq!(voiced, words);
}
