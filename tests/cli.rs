//! End-to-end tests through the `narrate` binary: rendering real text with the real
//! espeak-ng voice, plans, and every kind of bad input a user can give.

mod common;

use common::*;
use std::fs;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// A failed run: non-zero exit, exactly one line on stderr, no panic.
fn assert_one_line_error(out: &std::process::Output, needle: &str) {
    let err = stderr(out);
    assert!(
        !out.status.success(),
        "expected failure, got success; stderr: {err}"
    );
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected: {err}"
    );
    assert!(err.starts_with("narrate: error: "), "{err}");
    assert!(err.contains(needle), "expected '{needle}' in: {err}");
}

#[test]
fn renders_the_seed_with_espeak_to_a_wav_that_fits_the_text() {
    let dir = tmp();
    let wav = dir.path().join("seed.wav");
    let out = narrate(
        &[
            "render",
            seed().to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), wav.to_str().unwrap());
    let (spec, samples) = read_wav(&wav);
    assert_eq!((spec.channels, spec.bits_per_sample), (1, 16));
    assert_eq!(spec.sample_rate, 22050);
    let seconds = samples.len() as f64 / spec.sample_rate as f64;

    // The narrated words, from the plan: at espeak's 175 words a minute with pauses,
    // every word takes between 0.25 s and 0.6 s.
    let plan = narrate(&["plan", "--json", seed().to_str().unwrap()], None);
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    let words = plan["counts"]["narrated_words"].as_u64().unwrap() as f64;
    assert!(words > 200.0, "{words}");
    assert!(
        (0.25..0.6).contains(&(seconds / words)),
        "{seconds:.1} s for {words} words"
    );
    assert!(rms(&samples) > 0.02, "audio is nearly silent");

    // Between the 10 narrated sentences there are 9 measurable pauses.
    let narrated = plan["counts"]["narrated"].as_u64().unwrap() as usize;
    let gaps = silences(&samples, spec.sample_rate, 300);
    assert!(
        gaps.len() >= narrated - 1,
        "{} silences of 300 ms for {narrated} sentences",
        gaps.len()
    );
    // No partial file is left beside the output.
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1);
}

#[test]
fn renders_stdin_and_several_inputs() {
    let dir = tmp();
    let story = dir.path().join("story.wav");
    let text = "A short story\n\nThe first sentence is here. The second one follows.\n";
    let out = narrate(
        &[
            "render",
            "-",
            "-o",
            story.to_str().unwrap(),
            "-q",
            "--jobs",
            "1",
        ],
        Some(text.as_bytes()),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).is_empty(),
        "--quiet prints nothing: {}",
        stderr(&out)
    );
    let (_, samples) = read_wav(&story);
    assert!(samples.len() > 22050, "at least a second of speech");

    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    fs::write(&a, "Title A\n\nAlpha was here today.\n").unwrap();
    fs::write(&b, "Title B\n\nBravo went home early.\n").unwrap();
    let outdir = dir.path().join("rendered/");
    let out = narrate(
        &[
            "render",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "-o",
            outdir.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(outdir.join("a.wav").is_file());
    assert!(outdir.join("b.wav").is_file());
    assert_eq!(stdout(&out).lines().count(), 2);
}

#[test]
fn speed_changes_the_length() {
    let dir = tmp();
    let text =
        "Speed test\n\nThe committee met on Thursday to discuss the budget for the coming year.\n";
    let len = |speed: &str| {
        let wav = dir.path().join(format!("s{speed}.wav"));
        let out = narrate(
            &[
                "render",
                "-",
                "-o",
                wav.to_str().unwrap(),
                "--voice",
                "en-us",
                "--speed",
                speed,
            ],
            Some(text.as_bytes()),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        read_wav(&wav).1.len()
    };
    let (normal, fast) = (len("1.0"), len("1.8"));
    assert!((fast as f64) < normal as f64 * 0.8, "{fast} vs {normal}");
}

#[test]
fn plan_json_lists_every_sentence() {
    let out = narrate(&["plan", "--json", seed().to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sentences = plan["sentences"].as_array().unwrap();
    // Every sentence of the input, in order: their texts cover every word.
    let all: String = sentences
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    let input = fs::read_to_string(seed()).unwrap();
    assert_eq!(
        all.split_whitespace().collect::<Vec<_>>(),
        input.split_whitespace().collect::<Vec<_>>()
    );
    for s in sentences {
        let keep = s["keep"].as_bool().unwrap();
        assert_eq!(s["reason"].is_null(), keep, "{s}");
        assert!(s["block"].as_u64().is_some());
        assert_eq!(s["spoken"].is_string(), keep);
    }
    assert_eq!(
        plan["title"],
        "Ukraine war: Milley speaks with Russian counterpart for first time since start of conflict"
    );
    assert!(plan["estimated_seconds"].as_f64().unwrap() > 30.0);
}

#[test]
fn plan_text_shows_reasons() {
    let out = narrate(&["plan", seed().to_str().unwrap()], None);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("- duplicate"), "{text}");
    assert!(text.contains("- credit"), "{text}");
    assert!(text.contains("(AP Photo/Alex Brandon)"));
}

#[test]
fn voices_lists_the_default() {
    // The set-up script installs joe, the voice of highest rank: it is the default.
    let out = narrate(&["voices"], None);
    assert!(out.status.success());
    let listing = stdout(&out);
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("* joe") && l.contains(" installed")),
        "{listing}"
    );
    assert!(
        listing.lines().any(|l| l.starts_with("  en-us")),
        "{listing}"
    );
    let out = narrate(&["voices", "--json"], None);
    let voices: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let voices = voices.as_array().unwrap();
    assert!(voices
        .iter()
        .any(|v| v["name"] == "joe" && v["installed"] == true));
    assert!(voices
        .iter()
        .any(|v| v["name"] == "en-us" && v["engine"] == "espeak-ng"));
}

/// Runs narrate with `NARRATE_DATA` pointing at an empty folder: nothing installed.
fn narrate_without_data(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    let empty = tmp();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(args)
        .env("NARRATE_DATA", empty.path())
        .env("NARRATE_CACHE_DIR", empty.path().join("cache"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn without_joe_the_default_is_espeak_with_a_notice() {
    let dir = tmp();
    let wav = dir.path().join("x.wav");
    let out = narrate_without_data(
        &["render", "-", "-o", wav.to_str().unwrap()],
        b"Title here\n\nA sentence to read.\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.lines().next(),
        Some("narrate: voice joe is not installed (run scripts/setup.sh); reading with espeak-ng en-us"),
        "{err}"
    );
    assert!(err.contains("voice en-us"), "{err}");
    let out = narrate_without_data(&["voices"], b"");
    let listing = stdout(&out);
    assert!(listing
        .lines()
        .any(|l| l.starts_with("  joe") && l.contains("not installed")));
    assert!(
        listing.lines().any(|l| l.starts_with("* en-us")),
        "{listing}"
    );
}

#[test]
fn missing_empty_binary_and_invalid_utf8_inputs() {
    let dir = tmp();
    let wav = dir.path().join("x.wav");
    let o = wav.to_str().unwrap();
    let missing = dir.path().join("nope.txt");
    assert_one_line_error(
        &narrate(&["render", missing.to_str().unwrap(), "-o", o], None),
        "nope.txt",
    );

    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "\n \n").unwrap();
    assert_one_line_error(
        &narrate(&["render", empty.to_str().unwrap(), "-o", o], None),
        "is empty",
    );

    let binary = dir.path().join("bin.txt");
    fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 1, 2]).unwrap();
    assert_one_line_error(
        &narrate(&["render", binary.to_str().unwrap(), "-o", o], None),
        "binary",
    );

    let latin1 = dir.path().join("latin1.txt");
    fs::write(&latin1, b"Caf\xe9 society\n\nA sentence.\n").unwrap();
    assert_one_line_error(
        &narrate(&["plan", latin1.to_str().unwrap()], None),
        "offset 3",
    );

    assert_one_line_error(&narrate(&["render", "-", "-o", o], Some(b"")), "- is empty");
    // A directory is every article in it (see tests/batch.rs): several inputs cannot
    // share one file name, a usage error.
    let out = narrate(&["render", dir.path().to_str().unwrap(), "-o", o], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("need an output directory"),
        "{}",
        stderr(&out)
    );
    assert!(!wav.exists());
}

#[test]
fn nothing_worth_narrating() {
    let dir = tmp();
    let wav = dir.path().join("x.wav");
    let text = "CLICK HERE TO GET THE FOX NEWS APP\n\n(AP Photo/Alex Brandon)\n\nCLICK HERE TO GET THE FOX NEWS APP\n";
    let out = narrate(
        &["render", "-", "-o", wav.to_str().unwrap()],
        Some(text.as_bytes()),
    );
    assert_one_line_error(&out, "nothing to narrate");
    assert!(!wav.exists());
}

#[test]
fn unknown_voice_and_bad_options() {
    let out = narrate(
        &[
            "render",
            seed().to_str().unwrap(),
            "--voice",
            "klingon-xx",
            "-o",
            "/tmp/never.wav",
        ],
        None,
    );
    assert_one_line_error(&out, "unknown voice 'klingon-xx'");
    assert!(!std::path::Path::new("/tmp/never.wav").exists());
    let out = narrate(&["render", seed().to_str().unwrap(), "--speed", "0"], None);
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
    let out = narrate(
        &["render", seed().to_str().unwrap(), "-o", "/tmp/x.aiff"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("x.aiff"), "{}", stderr(&out));
    assert!(!std::path::Path::new("/tmp/x.aiff").exists());
}

#[test]
fn unwritable_output_leaves_nothing() {
    let dir = tmp();
    let file = dir.path().join("a-file");
    fs::write(&file, "not a directory").unwrap();
    let target = file.join("out.wav");
    let out = narrate(
        &[
            "render",
            seed().to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ],
        None,
    );
    assert_one_line_error(&out, "a-file");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_five_thousand_character_sentence_is_cut_and_rendered() {
    // Issue 13: a sentence too long for a voice is cut into shorter ones, not refused.
    let dir = tmp();
    let wav = dir.path().join("long.wav");
    let text = format!("Title\n\n{}end.\n", "word ".repeat(1000));
    let out = narrate(
        &["render", "-", "-o", wav.to_str().unwrap()],
        Some(text.as_bytes()),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(wav.exists());
}

#[test]
fn plans_speak_the_voices_language() {
    let text = b"A title\n\nThe NATO summit on Jan. 28, 2022 cost $5 million.\n";
    let spoken = |voice: &str| -> String {
        let out = narrate(&["plan", "--json", "--voice", voice, "-"], Some(text));
        assert!(out.status.success(), "{}", stderr(&out));
        let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
        plan["sentences"][1]["spoken"]
            .as_str()
            .expect("a spoken form")
            .to_string()
    };
    // English voices get the US English reading...
    assert_eq!(
        spoken("en-us"),
        "The Nato summit on January twenty-eighth, twenty twenty-two cost five million dollars."
    );
    // ...a German voice the text as written, to read in German.
    assert_eq!(
        spoken("de"),
        "The NATO summit on Jan. 28, 2022 cost $5 million."
    );
}
