//! The pronunciation lexicon end to end: `--lexicon FILE` over the default
//! `voices/lexicon.toml`, in plans and in the audio of both engines (espeak-ng reads
//! phoneme spans with `espeakPHONEMES`, Piper through espeak-ng's phonemes), and every
//! kind of bad lexicon file refused in one line with nothing written.

mod common;

use common::*;
use narrate::speak::{Lexicon, Speaker};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Writes `text` to `name` in `dir` and returns its path.
fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).expect("a temporary file");
    path
}

const STORY: &str = "Talks in Kyiv\n\nMilley spoke with Zelenskyy's aides in Qatar.\n";

/// The spoken form of every narrated sentence of `plan --json`.
fn spoken(out: &Output) -> Vec<String> {
    assert!(out.status.success(), "{}", stderr(out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    plan["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .filter_map(|s| s["spoken"].as_str().map(String::from))
        .collect()
}

#[test]
fn plans_show_the_lexicon_over_the_default_one() {
    let dir = tempfile::tempdir().unwrap();
    // The shipped voices/lexicon.toml alone: Kyiv and Zelenskyy are respelled.
    let out = narrate_env(&["plan", "--json", "-"], &[], STORY.as_bytes());
    assert_eq!(
        spoken(&out),
        [
            "Talks in Keev",
            "Milley spoke with Zelensky's aides in Qatar."
        ]
    );
    // A user lexicon adds Milley and Qatar and replaces Zelenskyy with phonemes.
    let lexicon = file(
        dir.path(),
        "mine.toml",
        "[say]\n\"Milley\" = \"Milly\"\n\"qatar\" = \"Kuh-tar\"\n[phonemes]\n\"Zelenskyy\" = \"zEl'EnskI\"\n",
    );
    let lexicon = lexicon.to_str().unwrap();
    let out = narrate_env(
        &["plan", "--json", "--lexicon", lexicon, "-"],
        &[],
        STORY.as_bytes(),
    );
    assert_eq!(
        spoken(&out),
        [
            "Talks in Keev",
            "Milly spoke with [[zEl'EnskIz]] aides in Kuh-tar."
        ]
    );
    let out = narrate_env(
        &["plan", "--spoken", "--lexicon", lexicon, "-"],
        &[],
        STORY.as_bytes(),
    );
    let text = stdout(&out);
    assert!(
        text.contains("> Milly spoke with [[zEl'EnskIz]] aides in Kuh-tar."),
        "{text}"
    );
}

#[test]
fn the_default_lexicon_is_the_one_of_the_voices_folder() {
    let voices = tempfile::tempdir().unwrap();
    file(
        voices.path(),
        "lexicon.toml",
        "[say]\n\"Milley\" = \"Milly\"\n",
    );
    let env = [("NARRATE_VOICES", voices.path())];
    let out = narrate_env(&["plan", "--json", "-"], &env, STORY.as_bytes());
    // This folder's lexicon, not the repository's: Kyiv stays, Milley changes.
    assert_eq!(
        spoken(&out),
        [
            "Talks in Kyiv",
            "Milly spoke with Zelenskyy's aides in Qatar."
        ]
    );
    // A broken default lexicon is an error that names it.
    let broken = file(voices.path(), "lexicon.toml", "[say]\n\"Milley\" = \n");
    let wav = voices.path().join("x.wav");
    let out = narrate_env(
        &[
            "render",
            "-",
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
        ],
        &env,
        STORY.as_bytes(),
    );
    assert_lexicon_refused(&out, broken.to_str().unwrap(), &wav);
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
    // --no-lexicon reads without it, broken or not.
    let out = narrate_env(
        &["plan", "--json", "--no-lexicon", "-"],
        &env,
        STORY.as_bytes(),
    );
    assert_eq!(
        spoken(&out),
        [
            "Talks in Kyiv",
            "Milley spoke with Zelenskyy's aides in Qatar."
        ]
    );
}

/// Renders `text` with `voice` (and `--lexicon lexicon`) to a WAV in `dir`; its samples.
fn render(dir: &Path, name: &str, text: &str, voice: &str, lexicon: Option<&Path>) -> Vec<f32> {
    let wav = dir.join(format!("{name}.wav"));
    let mut args = vec![
        "render",
        "-",
        "-o",
        wav.to_str().unwrap(),
        "--voice",
        voice,
        "--jobs",
        "1",
    ];
    if let Some(lexicon) = lexicon {
        args.extend(["--lexicon", lexicon.to_str().unwrap()]);
    }
    let out = narrate_env(&args, &[], text.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    assert_eq!(spec.sample_rate, 22050);
    samples
}

/// Milley read as the phonemes of two long place names: as long as saying the names,
/// and clearly longer than saying "Milley". Read as text, the mnemonics would be
/// spelled out, far longer still.
fn phoneme_entry_changes_the_audio(voice: &str, tolerance: f64) {
    let dir = tempfile::tempdir().unwrap();
    let lexicon = file(
        dir.path(),
        "places.toml",
        "[phonemes]\n\"Milley\" = \"m,as@tS'u:sIts m,InI'soUt@\"\n",
    );
    let story = |name: &str| format!("Council news\n\n{name} spoke today.\n");
    let with = render(dir.path(), "with", &story("Milley"), voice, Some(&lexicon));
    let without = render(dir.path(), "without", &story("Milley"), voice, None);
    let names = render(
        dir.path(),
        "names",
        &story("Massachusetts Minnesota"),
        voice,
        None,
    );
    assert!(
        rms(&with) > 0.02,
        "{voice}: the lexicon's render is audible"
    );
    let seconds = |s: &[f32]| s.len() as f64 / 22050.0;
    let (with, without, names) = (seconds(&with), seconds(&without), seconds(&names));
    assert!(
        with > without + 0.5,
        "{voice}: {with:.2} s with the entry, {without:.2} s without"
    );
    assert!(
        (with - names).abs() < names * tolerance,
        "{voice}: {with:.2} s with the entry, {names:.2} s for the names"
    );
}

#[test]
fn espeak_reads_a_phoneme_entry_as_phonemes() {
    phoneme_entry_changes_the_audio("en-us", 0.05);
}

#[test]
fn joe_reads_a_phoneme_entry_as_phonemes() {
    // Piper's durations vary a little from run to run (noise_w).
    phoneme_entry_changes_the_audio("joe", 0.08);
}

#[test]
fn piper_ids_of_a_phoneme_entry_are_those_of_its_ipa() {
    use narrate::synthesize::piper::{Arrangement, Piper, PiperVoiceFiles};
    let model = repo().join(".narrate/voices/en_US-joe-medium.onnx");
    let joe = Piper::open(
        &PiperVoiceFiles::from_model_path(&model),
        &Default::default(),
        Arrangement {
            sessions: 1,
            threads: 1,
        },
    )
    .expect("joe is installed (scripts/setup.sh)");
    let lexicon = Lexicon::parse(
        "[phonemes]\n\"Gerasimov\" = \"gI'rA:sIm@f\"\n",
        Path::new("test.toml"),
    )
    .unwrap();
    let speaker = Speaker::default().with_lexicon(lexicon);
    let spoken = speaker.speak("Gerasimov spoke.");
    assert_eq!(spoken, "[[gI'rA:sIm@f]] spoke.");

    let plain = joe.inference_ids("Gerasimov spoke.").unwrap();
    let with = joe.inference_ids(&spoken).unwrap();
    assert_ne!(with, plain, "the entry changes the ids");
    // Exactly the ids of the IPA of those phonemes ("ɡɪɹˈɑːsɪməf"), as Piper builds
    // them: ^ _ then each phoneme and _ then $.
    let map = &joe.config().phoneme_id_map;
    let id = |c: char| map[&c][0];
    let mut expected = vec![id('^'), id('_')];
    for c in "ɡɪɹˈɑːsɪməf spˈoʊk.".chars() {
        expected.extend([id(c), id('_')]);
    }
    expected.push(id('$'));
    assert_eq!(with, vec![expected]);
    // espeak-ng's phoneme input is off again afterwards: the plain text reads as before.
    assert_eq!(joe.inference_ids("Gerasimov spoke.").unwrap(), plain);
}

#[test]
fn phoneme_spans_keep_their_clauses_and_punctuation() {
    use narrate::synthesize::espeak::phonemize;
    let clauses = phonemize("en-us", "Ask [[zEl'EnskI]], then [[h@l'oU:]]").unwrap();
    let got: Vec<(&str, Option<char>)> = clauses
        .iter()
        .map(|c| (c.phonemes.as_str(), c.terminator))
        .collect();
    // The span's ":" is a long vowel, not a clause's colon.
    assert_eq!(got, [("ˈæsk zɛlˈɛnski", Some(',')), ("ðˈɛn həlˈoʊː", None)]);
}

/// A refused run (see [`common::assert_refused`]) whose error is about the lexicon.
fn assert_lexicon_refused(out: &Output, needle: &str, wav: &Path) {
    assert_refused(out, needle, wav);
    let err = stderr(out);
    assert!(err.starts_with("narrate: error: lexicon "), "{err}");
}

#[test]
fn bad_lexicons_are_refused_in_one_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let wav = d.join("out.wav");
    let latin1 = d.join("latin1.toml");
    fs::write(&latin1, b"[say]\n\"Caf\xe9\" = \"cafe\"\n").unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (d.join("missing.toml"), "cannot read it: No such file"),
        (d.to_path_buf(), "cannot read it"),
        (latin1, "not valid UTF-8 (invalid byte at offset 10)"),
        (
            file(d, "toml.toml", "[say]\n\"Milley\" = \"Milly\n"),
            "invalid TOML: line 2",
        ),
        (
            file(d, "table.toml", "[pronounce]\n\"Milley\" = \"Milly\"\n"),
            "unknown field `pronounce`",
        ),
        (
            file(
                d,
                "key.toml",
                "[say]\n\"Milley\" = \"Milly\"\n\"\" = \"x\"\n",
            ),
            "line 3: an empty key",
        ),
        (
            file(d, "value.toml", "[phonemes]\n\"Milley\" = \"\"\n"),
            "line 2: \"Milley\" has an empty value",
        ),
        (
            file(
                d,
                "brackets.toml",
                "[phonemes]\n\"Milley\" = \"[[m'IlI]]\"\n",
            ),
            "line 2: the value of \"Milley\" contains `[[` or `]]`",
        ),
    ];
    for (lexicon, needle) in &cases {
        let lexicon = lexicon.to_str().unwrap();
        let out = narrate_env(
            &[
                "render",
                "-",
                "-o",
                wav.to_str().unwrap(),
                "--voice",
                "en-us",
                "--lexicon",
                lexicon,
            ],
            &[],
            STORY.as_bytes(),
        );
        assert_lexicon_refused(&out, needle, &wav);
        assert!(stderr(&out).contains(lexicon), "{}", stderr(&out));
        let out = narrate_env(&["plan", "--lexicon", lexicon, "-"], &[], STORY.as_bytes());
        assert_lexicon_refused(&out, needle, &wav);
        assert!(out.stdout.is_empty(), "plan prints nothing");
    }
}
