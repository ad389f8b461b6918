//! Nothing outside the output and the cache, through the binary: `narrate voices` and
//! renders with espeak-ng and with joe (ONNX Runtime), run with a home folder of their
//! own, leave nothing in it but the clip cache.
//!
//! The home folder is new and empty, and every XDG folder points inside it, so whatever
//! a library writes "for the user" (PulseAudio's `~/.config/pulse`, ONNX Runtime's
//! `~/.cache/Microsoft`) would land there. The voices and ONNX Runtime are still found:
//! narrate looks for them beside its repository, not in the home folder.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// `narrate ARGS` with `home` as the home folder and the XDG folders inside it, and no
/// cache folder given: the default one, `$XDG_CACHE_HOME/narrate`, is used.
fn narrate_at_home(home: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(args)
        .env_remove("NARRATE_CACHE_DIR")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("XDG_RUNTIME_DIR", home.join("run"))
        .output()
        .expect("narrate runs");
    assert!(
        out.status.success(),
        "narrate {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file and folder under `dir`, however deep.
fn everything_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).expect("a readable folder").flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(path.clone());
            }
            found.push(path);
        }
    }
    found.sort();
    found
}

#[test]
fn voices_and_renders_leave_nothing_in_the_home_folder_but_the_cache() {
    let home = tempfile::tempdir().expect("a temporary folder");
    let outputs = tempfile::tempdir().expect("a temporary folder");
    let home = home.path();
    let input = outputs.path().join("short.txt");
    std::fs::write(
        &input,
        "Ferry resumes\n\nThe ferry to the island runs again from Friday.\n",
    )
    .expect("the input is written");
    let wav = |name: &str| outputs.path().join(name).to_string_lossy().into_owned();
    let input = input.to_string_lossy().into_owned();

    narrate_at_home(home, &["voices"]);
    let seed = common::seed().to_string_lossy().into_owned();
    narrate_at_home(
        home,
        &[
            "render",
            "-q",
            "-v",
            "en-us",
            "-j",
            "2",
            "-o",
            &wav("seed.wav"),
            &seed,
        ],
    );
    narrate_at_home(
        home,
        &["render", "-q", "-v", "joe", "-o", &wav("joe.wav"), &input],
    );

    let cache = home.join(".cache/narrate");
    let outside_cache: Vec<PathBuf> = everything_under(home)
        .into_iter()
        .filter(|p| !p.starts_with(&cache) && !cache.starts_with(p))
        .collect();
    assert!(
        outside_cache.is_empty(),
        "written outside the cache: {outside_cache:?}"
    );
    // The cache is where the renders put their clips: the test saw them write.
    assert!(
        everything_under(&cache)
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "clip")),
        "the renders cached their clips in {cache:?}"
    );
}
