//! SSML input end to end: tests/data/script.ssml uses every element narrate reads
//! (and one it does not), rendered with espeak-ng (`en-us`) and the Piper voice joe;
//! its breaks are measured in the audio, its marks read from the manifest. Invalid
//! SSML is refused with its line and column, and no sentence of a script is dropped.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn script() -> PathBuf {
    repo().join("tests/data/script.ssml")
}

/// The loudest sample (16-bit) the measuring counts as silence: -50 dBFS, the level
/// under which the stitch stage counts a clip's edge as quiet.
const QUIET: f32 = 104.0 / 32768.0;

/// The length in milliseconds of the silence around sample `at`: the run of samples no
/// louder than [`QUIET`] that holds it.
fn silence_around(samples: &[f32], rate: u32, at: usize) -> f64 {
    let quiet = |x: &f32| x.abs() <= QUIET;
    let before = samples[..at].iter().rev().take_while(|x| quiet(x)).count();
    let after = samples[at..].iter().take_while(|x| quiet(x)).count();
    (before + after) as f64 * 1000.0 / f64::from(rate)
}

/// Renders `input` with `voice`, without loudness normalisation (so that the quiet
/// level means the same in the file as in the stitch), with its manifest; returns the
/// samples, rate, manifest and standard error.
fn render(input: &Path, voice: &str, dir: &Path) -> (Vec<f32>, u32, serde_json::Value, String) {
    let wav = dir.join(format!("{voice}.wav"));
    let out = narrate(
        &[
            "render",
            input.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            voice,
            "--no-loudness",
            "--manifest",
        ],
        None,
    );
    assert!(out.status.success(), "{voice}: {}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(wav.with_extension("json")).unwrap()).unwrap();
    (samples, spec.sample_rate, manifest, stderr(&out))
}

/// The manifest's sentence whose spoken form starts with `start`.
fn sentence<'a>(manifest: &'a serde_json::Value, start: &str) -> &'a serde_json::Value {
    manifest["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["spoken"].as_str().unwrap().starts_with(start))
        .unwrap_or_else(|| panic!("no sentence spoken as {start:?}"))
}

fn sample(value: &serde_json::Value, field: &str) -> usize {
    value[field].as_u64().unwrap() as usize
}

#[test]
fn every_element_renders_with_both_engines_with_its_breaks_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    for voice in ["en-us", "joe"] {
        let (samples, rate, manifest, err) = render(&script(), voice, dir.path());

        // The unknown element is read and named in one warning, with its place.
        assert_eq!(err.matches("<whisper>").count(), 1, "{voice}: {err}");
        assert!(
            err.contains("script.ssml:17:12: <whisper> is not an SSML element"),
            "{err}"
        );
        assert!(sentence(&manifest, "The quiet part is read too.")["text"]
            .as_str()
            .unwrap()
            .contains("quiet"));

        // The given spoken forms, read as given.
        for spoken in [
            "The World Health Organization met in Geneva.",
            "on December twenty-fifth, twenty twenty-four.",
            "Call five five five, zero one zero, four four seven seven before three oh five p-m.",
            "Flight B-A two zero four nine came third of one thousand two hundred four.",
            "She said [[t@'meItoU]], not potato.",
        ] {
            sentence(&manifest, spoken);
        }

        // Each asked break, measured in the audio between the two sentences' speech.
        let breaks = [
            ("This is the late bulletin.", 500.0),
            ("Its report was filed", 2000.0),
            // strength="strong": a heading's pause.
            ("Flight B-A", 1000.0),
        ];
        let all = manifest["sentences"].as_array().unwrap();
        for (before, asked) in breaks {
            let i = all
                .iter()
                .position(|s| s["spoken"].as_str().unwrap().starts_with(before))
                .unwrap();
            let (end, next) = (
                sample(&all[i], "end_sample"),
                sample(&all[i + 1], "start_sample"),
            );
            let heard = silence_around(&samples, rate, (end + next) / 2);
            assert!(
                (heard - asked).abs() <= 20.0,
                "{voice}: break after {before:?}: asked {asked} ms, heard {heard:.1} ms"
            );
        }

        // The marks, in order, where their words are.
        let marks = manifest["marks"].as_array().unwrap();
        let names: Vec<&str> = marks.iter().map(|m| m["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["opening", "who", "fast", "closing"], "{voice}");
        let at = |i: usize| sample(&marks[i], "sample");
        let first = &all[0];
        assert_eq!(at(0), sample(first, "start_sample"), "{voice}: opening");
        let who = sentence(&manifest, "The World Health Organization");
        assert!(
            sample(who, "start_sample") < at(1) && at(1) < sample(who, "end_sample"),
            "{voice}: the mark before WHO lies inside its sentence, after \"The\""
        );
        let fast = sentence(&manifest, "This sentence is read quickly.");
        assert_eq!(at(2), sample(fast, "start_sample"), "{voice}: fast");
        assert_eq!(
            at(3),
            sample(all.last().unwrap(), "end_sample"),
            "{voice}: closing"
        );
        let time = marks[3]["time"].as_f64().unwrap();
        assert!(
            (time - at(3) as f64 / f64::from(rate)).abs() < 0.001,
            "{voice}: {time}"
        );
    }
}

#[test]
fn prosody_rate_and_lang_change_how_a_sentence_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("rate.ssml");
    std::fs::write(
        &doc,
        r#"<speak>
<s>The committee will publish its findings next spring.</s>
<s><prosody rate="200%">The committee will publish its findings next spring.</prosody></s>
<s>la vie en rose</s>
<s><lang xml:lang="fr-FR">la vie en rose</lang></s>
</speak>"#,
    )
    .unwrap();
    for voice in ["en-us", "joe"] {
        let (samples, _, manifest, _) = render(&doc, voice, dir.path());
        let all = manifest["sentences"].as_array().unwrap();
        let length = |i: usize| sample(&all[i], "end_sample") - sample(&all[i], "start_sample");
        assert!(
            (length(1) as f64) < 0.7 * length(0) as f64,
            "{voice}: at 200% {} samples against {}",
            length(1),
            length(0)
        );
        if voice == "en-us" {
            // espeak-ng reads the French span with its French voice: other sounds.
            let audio =
                |i: usize| &samples[sample(&all[i], "start_sample")..sample(&all[i], "end_sample")];
            assert_ne!(
                audio(2),
                audio(3),
                "the French voice read like the English one"
            );
        }
    }
}

#[test]
fn invalid_ssml_is_one_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 4] = [
        // An element closed by the wrong tag.
        (
            "<speak>\n<p>\n  <s>One.</p>\n</speak>\n",
            "3:",
            "expected 's' tag",
        ),
        (
            "<speak>\n  <s>Wait <break time=\"soon\"/> here.</s>\n</speak>\n",
            "2:11:",
            "<break time=\"soon\">",
        ),
        (
            "<speak>\n<prosody rate=\"9000%\">Fast.</prosody>\n</speak>\n",
            "2:1:",
            "rate",
        ),
        (
            "<?xml version=\"1.0\"?>\n<article>Text.</article>\n",
            "2:1:",
            "not <speak>",
        ),
    ];
    for (i, (text, place, why)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.ssml"));
        std::fs::write(&path, text).unwrap();
        let wav = dir.path().join(format!("bad{i}.wav"));
        let out = narrate(
            &[
                "render",
                path.to_str().unwrap(),
                "-o",
                wav.to_str().unwrap(),
                "--voice",
                "en-us",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{text}");
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{err}");
        let expected = format!("narrate: error: {}:{place}", path.display());
        assert!(lines[0].starts_with(&expected), "{expected} in {err}");
        assert!(lines[0].contains(why), "{why} in {err}");
        assert!(!wav.exists());
    }
}

#[test]
fn a_scripts_sentences_are_all_narrated_and_the_format_is_found_three_ways() {
    let plan = |args: &[&str], stdin: Option<&[u8]>| -> serde_json::Value {
        let out = narrate(args, stdin);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let by_name = plan(&["plan", "--json", script().to_str().unwrap()], None);
    let counts = &by_name["counts"];
    assert_eq!(counts["dropped"], 0, "{counts}");
    assert_eq!(counts["narrated"], counts["sentences"]);
    // The newsletter line, which the selector drops from an article, is read.
    assert!(by_name["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .any(
            |s| s["text"] == "Sign up for our newsletter to get the latest news."
                && s["keep"] == true
        ));
    let text = std::fs::read(script()).unwrap();
    let sniffed = plan(&["plan", "--json", "-"], Some(&text));
    assert_eq!(sniffed["counts"], by_name["counts"]);
    // A .txt name says text; --input-format ssml says otherwise.
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("script.txt");
    std::fs::write(&txt, "<speak><s>Plain words.</s> <s>Two more.</s></speak>").unwrap();
    let texts = |plan: &serde_json::Value| -> Vec<String> {
        plan["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap().to_string())
            .collect()
    };
    let told = plan(
        &[
            "plan",
            "--json",
            "--input-format",
            "ssml",
            txt.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(texts(&told), ["Plain words.", "Two more."]);
    let untold = plan(&["plan", "--json", txt.to_str().unwrap()], None);
    assert!(
        texts(&untold).concat().contains("<s>"),
        "{:?}",
        texts(&untold)
    );
}
