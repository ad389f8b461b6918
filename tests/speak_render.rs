//! The speak stage end to end, through the `narrate` binary: for every category of the
//! speak table one real sentence of it (`tests/data/speak.tsv`) is rendered to its own
//! WAV file with espeak-ng (`en-us`) and with Piper (`joe`), one `render` run per voice
//! for all categories. Each file must have the voice's sample rate, speech as long as
//! the sentence's spoken form needs, and be audible throughout.
//!
//! `plan --json` shows the pipeline speaking each sentence with the speak stage: every
//! sentence is narrated, and its `spoken` text is what `Speaker::default()` says.

mod common;

use common::*;
use narrate::speak::Speaker;
use std::fs;
use std::path::{Path, PathBuf};

/// For every category, the input of one row of the speak table: a whole clause of
/// real news prose, long enough to measure.
const SENTENCES: &[(&str, &str)] = &[
    (
        "titles",
        "Joint Staff spokesperson Col. Dave Butler said in a readout of the call.",
    ),
    ("years", "He was convicted of criminal mischief in 1998"),
    ("decades", "a house built in the 1800s"),
    (
        "dates",
        "The vote is set for Fri., Jan. 28, officials said.",
    ),
    ("cardinals", "fell 102.2 points, or 0.36%, to 27,934.02"),
    ("ordinals", "soldiers of the 101st Airborne Division"),
    ("ranges", "the war lasted from 1939–1945"),
    ("fractions", "the talks lasted 2 1/2 hours"),
    (
        "percent",
        "Problematic cannabis use rose by 37 percent, from 0.90 percent to 1.23 percent,",
    ),
    (
        "numero",
        "protesters gathered outside No. 10 Downing Street",
    ),
    ("money", "added 0.1% to $1,472.19 an ounce."),
    (
        "times",
        "The speech is scheduled for 10:30 a.m. ET Thursday.",
    ),
    ("units", "winds of 40 mph and gusts of 100 km/h"),
    (
        "acronyms",
        "NASA watchdog warns of possible delays in launching new U.S. spacecraft",
    ),
    ("roman", "King Charles III met the prime minister"),
    (
        "web",
        "visit https://www.cdc.gov/flu/weekly?src=home for updates",
    ),
    (
        "symbols",
        "The U.S. benchmark S&P 500 index was little changed",
    ),
];

/// The expected spoken form of a table row, by category and input.
fn expected(category: &str, input: &str) -> String {
    include_str!("data/speak.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f.len() >= 3 && f[0] == category && f[1] == input)
        .map(|f| f[2].to_string())
        .unwrap_or_else(|| panic!("speak.tsv has no {category} row {input:?}"))
}

/// Words a voice says for a spoken form: letters and number words joined by hyphens
/// ("F-B-I", "twenty-two") count one each.
fn spoken_words(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The sample rate of joe, from its config.
fn joe_rate() -> u32 {
    let config = repo().join(".narrate/voices/en_US-joe-medium.onnx.json");
    let config: serde_json::Value =
        serde_json::from_slice(&fs::read(&config).expect("joe's config (scripts/setup.sh)"))
            .expect("joe's config is JSON");
    config["audio"]["sample_rate"]
        .as_u64()
        .expect("joe's config has audio.sample_rate") as u32
}

/// RMS of every 10 ms window.
fn window_levels(samples: &[f32], rate: u32) -> Vec<f32> {
    samples.chunks((rate / 100) as usize).map(rms).collect()
}

/// Writes one article per category into `dir`, named after it.
fn write_articles(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    SENTENCES
        .iter()
        .map(|(category, sentence)| {
            let path = dir.join(format!("{category}.txt"));
            fs::write(&path, format!("{sentence}\n")).unwrap();
            (*category, path)
        })
        .collect()
}

/// Renders every category's sentence with `voice` in one run and checks each WAV.
fn renders_every_category(voice: &str, rate: u32) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let articles = write_articles(dir.path());
    let outdir = dir.path().join("wav/");
    let mut args = vec![
        "render",
        "-q",
        "--voice",
        voice,
        "-o",
        outdir.to_str().unwrap(),
    ];
    args.extend(articles.iter().map(|(_, p)| p.to_str().unwrap()));
    let started = std::time::Instant::now();
    let out = narrate(&args, None);
    assert!(
        out.status.success(),
        "render with {voice}: {}",
        stderr(&out)
    );
    eprintln!(
        "{voice}: {} categories rendered in {:.1} s",
        articles.len(),
        started.elapsed().as_secs_f64()
    );

    let mut problems = Vec::new();
    for ((category, _), (_, sentence)) in articles.iter().zip(SENTENCES) {
        let wav = outdir.join(format!("{category}.wav"));
        if !wav.is_file() {
            problems.push(format!("{category}: no {}", wav.display()));
            continue;
        }
        let (spec, samples) = read_wav(&wav);
        if (spec.channels, spec.bits_per_sample, spec.sample_rate) != (1, 16, rate) {
            problems.push(format!(
                "{category}: {} channels, {} bits, {} Hz; expected mono 16-bit {rate} Hz",
                spec.channels, spec.bits_per_sample, spec.sample_rate
            ));
            continue;
        }
        // Speech: from the first to the last 10 ms window above -40 dBFS.
        let levels = window_levels(&samples, rate);
        let loud = 10f32.powf(-40.0 / 20.0);
        let (Some(first), Some(last)) = (
            levels.iter().position(|&l| l > loud),
            levels.iter().rposition(|&l| l > loud),
        ) else {
            problems.push(format!("{category}: silent ({} samples)", samples.len()));
            continue;
        };
        let speech = &levels[first..=last];
        let seconds = speech.len() as f64 / 100.0;
        let words = spoken_words(&expected(category, sentence));
        let per_word = seconds / words as f64;
        let active = speech.iter().filter(|&&l| l > loud).count() as f64 / speech.len() as f64;
        let level = rms(&samples[first * (rate as usize / 100)..]);
        eprintln!(
            "  {category:<10} {seconds:5.2} s of speech for {words:2} words ({per_word:.2} s each), \
             {:.0}% of it above -40 dBFS, RMS {level:.3}",
            active * 100.0
        );
        // At normal speed both voices say two to five words a second; commas and the
        // sentence's own pauses stay within that.
        if !(0.18..0.6).contains(&per_word) {
            problems.push(format!(
                "{category}: {seconds:.2} s of speech for {words} spoken words ({per_word:.2} s each)"
            ));
        }
        if level < 0.02 || active < 0.5 {
            problems.push(format!(
                "{category}: barely audible: RMS {level:.3}, {:.0}% of 10 ms windows above -40 dBFS",
                active * 100.0
            ));
        }
    }
    assert!(problems.is_empty(), "{voice}:\n  {}", problems.join("\n  "));
}

#[test]
fn every_category_is_rendered_audibly_with_espeak() {
    // espeak-ng speaks at 22,050 Hz.
    renders_every_category("en-us", 22050);
}

#[test]
fn every_category_is_rendered_audibly_with_joe() {
    renders_every_category("joe", joe_rate());
}

#[test]
fn the_pipeline_speaks_every_sentence_with_the_speak_stage() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let speaker = Speaker::default();
    for (category, path) in write_articles(dir.path()) {
        let out = narrate(&["plan", "--json", path.to_str().unwrap()], None);
        assert!(out.status.success(), "{category}: {}", stderr(&out));
        let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for s in plan["sentences"].as_array().unwrap() {
            assert_eq!(s["keep"], true, "{category}: a sentence is dropped: {s}");
            let text = s["text"].as_str().unwrap();
            assert_eq!(
                s["spoken"].as_str(),
                Some(speaker.speak(text).as_str()),
                "{category}: the plan's spoken form of {text:?}"
            );
        }
    }
}
