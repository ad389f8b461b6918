//! Shell conventions through the binary: completion scripts and the manual page made
//! from the clap definitions, and `NARRATE_VOICE` as the default voice.

mod common;

use common::{narrate, narrate_env, stderr, stdout};
use std::path::Path;

#[test]
fn completion_scripts_cover_the_subcommands_and_options_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = narrate(&["completions", shell], None);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        // Options by their long names (fish writes `-l voice`).
        for word in ["render", "plan", "voices", "voice", "page", "manifest"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
        assert!(
            !script.contains("worker"),
            "{shell}: the hidden worker is offered"
        );
    }
    // The bash script is valid bash.
    let script = stdout(&narrate(&["completions", "bash"], None));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("narrate.bash");
    std::fs::write(&path, script).expect("written");
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("bash runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // An unknown shell is a usage error.
    assert_eq!(
        narrate(&["completions", "csh"], None).status.code(),
        Some(2)
    );
}

#[test]
fn the_manual_page_is_roff_with_every_subcommand() {
    let out = narrate(&["man"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(
        page.contains(".TH narrate 1"),
        "{}",
        &page[..page.len().min(300)]
    );
    for word in ["render", "plan", "voices", "completions"] {
        assert!(page.contains(word), "no {word}");
    }
    assert!(!page.contains("worker"));
}

#[test]
fn narrate_voice_sets_the_default_voice_and_voice_overrides_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("a.txt");
    std::fs::write(
        &input,
        "A short note.\n\nIt is read by the voice the variable names.\n",
    )
    .expect("written");
    let input = input.to_str().expect("UTF-8");
    let voice_of = |env: &[(&str, &Path)], extra: &[&str]| {
        let wav = dir.path().join("a.wav");
        let mut args = vec!["render", input, "-o", wav.to_str().unwrap(), "--manifest"];
        args.extend_from_slice(extra);
        let out = narrate_env(&args, env, b"");
        assert!(out.status.success(), "{}", stderr(&out));
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("a.json")).expect("manifest"),
        )
        .expect("JSON");
        manifest["voice"].as_str().expect("voice").to_string()
    };
    assert_eq!(
        voice_of(&[("NARRATE_VOICE", Path::new("en-gb"))], &[]),
        "en-gb"
    );
    assert_eq!(
        voice_of(
            &[("NARRATE_VOICE", Path::new("en-gb"))],
            &["--voice", "en-us"]
        ),
        "en-us"
    );
    // Set to nothing, it names no voice: the default is used.
    let default = voice_of(&[], &[]);
    assert_eq!(voice_of(&[("NARRATE_VOICE", Path::new(""))], &[]), default);
    // An unknown one is the same error as an unknown --voice.
    let wav = dir.path().join("b.wav");
    let out = narrate_env(
        &["render", input, "-o", wav.to_str().unwrap()],
        &[("NARRATE_VOICE", Path::new("no-such-voice"))],
        b"",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no-such-voice"), "{}", stderr(&out));
}

/// `-q` quiets standard error, not standard output: the written paths are still listed
/// there for scripts, and errors still show.
#[test]
fn quiet_silences_standard_error_but_not_the_paths_or_errors() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "A short note.\n\nRead quietly.\n").expect("written");
    let wav = dir.path().join("a.wav");
    let out = narrate(
        &[
            "render",
            input.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
            "--manifest",
            "-q",
        ],
        None,
    );
    assert!(out.status.success());
    assert_eq!(stderr(&out), "", "nothing on standard error");
    let listed: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(
        listed,
        [
            wav.to_str().unwrap().to_string(),
            dir.path().join("a.json").to_str().unwrap().to_string()
        ]
    );
    let missing = dir.path().join("missing.txt");
    let out = narrate(&["render", missing.to_str().unwrap(), "-q"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("narrate: error:"),
        "{}",
        stderr(&out)
    );
}
