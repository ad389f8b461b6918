//! The Piper engine with the real joe voice (installed by scripts/setup.sh): rendering
//! real text, its phoneme ids, and every way its files can be wrong.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn data() -> PathBuf {
    repo().join(".narrate")
}

fn joe_model() -> PathBuf {
    data().join("voices/en_US-joe-medium.onnx")
}

fn joe_config() -> PathBuf {
    data().join("voices/en_US-joe-medium.onnx.json")
}

const STORY: &[u8] =
    b"Council closes bridge\n\nThe council voted on Tuesday to close the old bridge.\n";

/// Renders [`STORY`] from standard input to `wav` with `args` added.
fn render_story(wav: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut all = vec!["render", "-", "-o", wav.to_str().unwrap()];
    all.extend_from_slice(args);
    narrate_env(&all, env, STORY)
}

#[test]
fn the_seed_with_joe_is_plausible_speech_with_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("seed.wav");
    let seed = seed();
    let out = narrate_env(
        &[
            "render",
            seed.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "joe",
        ],
        &[],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    assert_eq!(spec.sample_rate, 22050);
    let seconds = samples.len() as f64 / 22050.0;

    let plan = narrate_env(&["plan", "--json", seed.to_str().unwrap()], &[], b"");
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    let narrated: Vec<&str> = plan["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["keep"] == true)
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    let chars: usize = narrated.iter().map(|s| s.chars().count()).sum();
    let per_char = seconds / chars as f64;
    assert!(
        (0.04..0.08).contains(&per_char),
        "{seconds:.1} s for {chars} characters: {per_char:.3} s each"
    );
    assert!(rms(&samples) > 0.02, "not silent");
    let gaps = silences(&samples, 22050, 300);
    assert!(
        gaps.len() >= narrated.len() - 1,
        "{} pauses for {} sentences",
        gaps.len(),
        narrated.len()
    );
}

#[test]
fn a_model_path_works_and_speed_shortens() {
    let dir = tempfile::tempdir().unwrap();
    let len = |speed: &str| {
        let wav = dir.path().join(format!("s{speed}.wav"));
        let out = render_story(
            &wav,
            &["--voice", joe_model().to_str().unwrap(), "--speed", speed],
            &[],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        read_wav(&wav).1.len()
    };
    let (normal, fast) = (len("1.0"), len("1.6"));
    assert!((fast as f64) < normal as f64 * 0.8, "{fast} vs {normal}");
}

#[test]
fn phoneme_ids_follow_piper() {
    use narrate::synthesize::piper::{Arrangement, Piper, PiperVoiceFiles};
    let files = PiperVoiceFiles::from_model_path(&joe_model());
    let joe = Piper::open(
        &files,
        &Default::default(),
        Arrangement {
            sessions: 1,
            threads: 1,
        },
    )
    .unwrap();
    let map = &joe.config().phoneme_id_map;
    let id = |c: char| map[&c][0];
    // ^ _ then each phoneme and _ then $, from the IPA espeak-ng gives for "Hello, world.".
    let mut expected = vec![id('^'), id('_')];
    for c in "həlˈoʊ, wˈɜːld.".chars() {
        expected.extend([id(c), id('_')]);
    }
    expected.push(id('$'));
    assert_eq!(joe.phoneme_ids("Hello, world.").unwrap(), vec![expected]);
    // The ids Piper 1.8.0 itself gives (tests/data/piper_ids.json, recorded with
    // `python -m piper --debug`), sentence by sentence.
    let recorded: std::collections::BTreeMap<String, Vec<Vec<i64>>> = serde_json::from_str(
        &fs::read_to_string(repo().join("tests/data/piper_ids.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(recorded.len(), 4);
    for (text, ids) in &recorded {
        assert_eq!(&joe.phoneme_ids(text).unwrap(), ids, "{text}");
    }
    // Two sentences, two id lists; nothing for nothing.
    assert_eq!(joe.phoneme_ids("Yes. No.").unwrap().len(), 2);
    assert!(joe.phoneme_ids("   ").unwrap().is_empty());
}

/// The identity the clip cache keys joe's audio by: the model and config by content,
/// the settings, and nothing that does not change the audio.
#[test]
fn the_identity_names_the_model_and_config_by_content_and_the_settings() {
    use narrate::synthesize::piper::{Arrangement, Piper, PiperVoiceFiles};
    use narrate::synthesize::{Voice, VoiceSettings};
    let one = Arrangement {
        sessions: 1,
        threads: 1,
    };
    let identity = |files: &PiperVoiceFiles, speed: f32| {
        let settings = VoiceSettings {
            speed,
            ..VoiceSettings::default()
        };
        Piper::open(files, &settings, one).unwrap().identity()
    };
    let joe = PiperVoiceFiles::from_model_path(&joe_model());
    let normal = identity(&joe, 1.0);
    let model_sum = blake3::hash(&fs::read(joe_model()).unwrap()).to_hex();
    assert!(normal.contains(model_sum.as_str()), "{normal}");
    assert!(normal.contains("espeak-ng 1."), "{normal}");
    assert!(normal.contains("ORT"), "{normal}");
    assert_ne!(normal, identity(&joe, 1.5), "speed");
    // The same files elsewhere (the model linked, the config copied) are the same
    // voice; a config that differs in any byte is not.
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("voice.onnx");
    std::os::unix::fs::symlink(joe_model(), &model).unwrap();
    let config = fs::read_to_string(joe_config()).unwrap();
    fs::write(dir.path().join("voice.onnx.json"), &config).unwrap();
    let elsewhere = PiperVoiceFiles::from_model_path(&model);
    assert_eq!(identity(&elsewhere, 1.0), normal);
    fs::write(dir.path().join("voice.onnx.json"), format!("{config} ")).unwrap();
    assert_ne!(identity(&elsewhere, 1.0), normal, "config");
}

#[test]
fn a_missing_model_names_the_file_and_the_fix() {
    let empty = tempfile::tempdir().unwrap();
    let wav = empty.path().join("x.wav");
    let out = render_story(&wav, &["--voice", "joe"], &[("NARRATE_DATA", empty.path())]);
    assert_refused(
        &out,
        "en_US-joe-medium.onnx is not installed; run scripts/setup.sh",
        &wav,
    );
}

#[test]
fn a_corrupt_model_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("broken.onnx");
    fs::write(&model, b"this is not an ONNX model").unwrap();
    fs::copy(joe_config(), dir.path().join("broken.onnx.json")).unwrap();
    let wav = dir.path().join("x.wav");
    let out = render_story(&wav, &["--voice", model.to_str().unwrap()], &[]);
    assert_refused(&out, "cannot load model", &wav);
    assert!(stderr(&out).contains("broken.onnx"));
}

#[test]
fn a_config_that_does_not_match_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("joe.onnx");
    std::os::unix::fs::symlink(joe_model(), &model).unwrap();
    let config = fs::read_to_string(joe_config()).unwrap();
    // A config claiming three speakers for a single-speaker model.
    let config = config.replace("\"num_speakers\": 1", "\"num_speakers\": 3");
    fs::write(dir.path().join("joe.onnx.json"), config).unwrap();
    let wav = dir.path().join("x.wav");
    let out = render_story(&wav, &["--voice", model.to_str().unwrap()], &[]);
    assert_refused(&out, "does not match model", &wav);

    // A voice file promising another sample rate than the config.
    let voices = dir.path().join("voices");
    fs::create_dir(&voices).unwrap();
    let entry = fs::read_to_string(repo().join("voices/joe.toml"))
        .unwrap()
        .replace("sample_rate = 22050", "sample_rate = 16000");
    fs::write(voices.join("joe.toml"), entry).unwrap();
    let out = render_story(&wav, &["--voice", "joe"], &[("NARRATE_VOICES", &voices)]);
    assert_refused(&out, "does not match the voice", &wav);

    // A speaker for a voice that has one.
    let out = render_story(&wav, &["--voice", "joe", "--speaker", "2"], &[]);
    assert_refused(&out, "leave out --speaker", &wav);
}

#[test]
fn a_missing_runtime_library_names_the_fix() {
    // The voice's files, but no onnxruntime/ beside them.
    let data = tempfile::tempdir().unwrap();
    fs::create_dir(data.path().join("voices")).unwrap();
    for f in [joe_model(), joe_config()] {
        std::os::unix::fs::symlink(&f, data.path().join("voices").join(f.file_name().unwrap()))
            .unwrap();
    }
    let wav = data.path().join("x.wav");
    let out = render_story(&wav, &["--voice", "joe"], &[("NARRATE_DATA", data.path())]);
    assert_refused(&out, "ONNX Runtime library was not found", &wav);
    assert!(stderr(&out).contains("run scripts/setup.sh"));
}
