//! What a render promises about the files it writes, through the binary: the audio and
//! its subtitles and manifest are replaced together or not at all; a temporary file
//! another run is writing is never removed; an interrupted run leaves nothing behind
//! and says so; a replaced file keeps its permissions.

mod common;

use common::{command, narrate, seed, stderr};
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// `narrate render SEED -o OUT --voice en-us -j 1 EXTRA…`, not asserted.
fn render(out: &Path, extra: &[&str]) -> Output {
    let (seed, out) = (seed(), out.to_string_lossy().into_owned());
    let seed = seed.to_string_lossy();
    let mut args = vec!["render", &seed, "-o", &out, "--voice", "en-us", "-j", "1"];
    args.extend_from_slice(extra);
    narrate(&args, None)
}

fn render_ok(out: &Path, extra: &[&str]) {
    let result = render(out, extra);
    assert!(result.status.success(), "{}", stderr(&result));
}

/// The names of narrate's temporary and backup files in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".narrate-"))
        .collect();
    names.sort();
    names
}

/// Each file's name, length and MD5 digest (short enough to print when they differ).
fn contents(files: &[&Path]) -> Vec<(PathBuf, usize, String)> {
    use md5::{Digest, Md5};
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).unwrap();
            let digest: String = Md5::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (f.to_path_buf(), bytes.len(), digest)
        })
        .collect()
}

/// A failed run: exit 1, one error line naming `needle`, no panic.
fn assert_failed(out: &Output, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 1, "one error line: {err}");
    assert!(errors[0].contains(needle), "expected '{needle}' in: {err}");
}

#[test]
fn a_folder_where_a_sidecar_goes_leaves_the_old_audio_and_sidecars() {
    let dir = tempfile::tempdir().unwrap();
    let (wav, srt, json) = (
        dir.path().join("a.wav"),
        dir.path().join("a.srt"),
        dir.path().join("a.json"),
    );
    render_ok(&wav, &["--subtitles", "srt", "--manifest"]);
    std::fs::remove_file(&srt).unwrap();
    std::fs::create_dir(&srt).unwrap();
    let before = contents(&[&wav, &json]);

    // Other options: every file of the unit would change.
    let out = render(
        &wav,
        &[
            "--subtitles",
            "srt",
            "--manifest",
            "--paragraph-pause",
            "1500",
        ],
    );
    assert_failed(&out, "a.srt");
    assert_eq!(contents(&[&wav, &json]), before, "nothing was replaced");
    assert!(srt.is_dir() && std::fs::read_dir(&srt).unwrap().count() == 0);
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
fn a_sidecar_that_cannot_be_renamed_puts_back_the_ones_already_renamed() {
    // The longest name a file system takes is 255 bytes: the audio's and the
    // subtitles' names fit, the manifest's (one letter longer) does not. The subtitles
    // are renamed into place before the manifest fails.
    let dir = tempfile::tempdir().unwrap();
    let stem = "n".repeat(251);
    let wav = dir.path().join(format!("{stem}.wav"));
    let srt = dir.path().join(format!("{stem}.srt"));
    render_ok(&wav, &["--subtitles", "srt"]);
    let before = contents(&[&wav, &srt]);

    let out = render(
        &wav,
        &[
            "--subtitles",
            "srt",
            "--manifest",
            "--paragraph-pause",
            "1500",
        ],
    );
    assert_failed(&out, ".json");
    assert!(stderr(&out).contains("none of"), "{}", stderr(&out));
    assert_eq!(contents(&[&wav, &srt]), before, "nothing was replaced");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// A leftover temporary file, last written `age` ago.
fn leftover(dir: &Path, name: &str, age: Duration) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &file, b"half a narration").unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
    path
}

#[test]
fn a_temporary_file_is_removed_only_when_unlocked_and_an_hour_old() {
    let dir = tempfile::tempdir().unwrap();
    let two_hours = Duration::from_secs(2 * 60 * 60);
    // Named as narrate once named them, with a process id no process here has: as a
    // run in another container or on another machine would leave them.
    let held = leftover(dir.path(), ".narrate-4000000000-held.part", two_hours);
    let abandoned = leftover(dir.path(), ".narrate-4000000000-gone.part", two_hours);
    let recent = leftover(
        dir.path(),
        ".narrate-4000000000-recent.part",
        Duration::from_secs(5 * 60),
    );
    // The other run's writer holds its lock, as every writer does for its file's life.
    let writer = std::fs::File::options().write(true).open(&held).unwrap();
    writer.lock().unwrap();

    render_ok(&dir.path().join("a.wav"), &[]);
    assert!(held.exists(), "a file another writer holds is kept");
    assert!(recent.exists(), "a file written in the last hour is kept");
    assert!(!abandoned.exists(), "an old file no one holds is removed");

    drop(writer);
    render_ok(&dir.path().join("b.wav"), &[]);
    assert!(!held.exists(), "once released and old, it goes too");
    assert!(recent.exists());
}

/// An article of `n` different sentences (none dropped as a repeat), four to a
/// paragraph, under a title.
fn long_article(n: usize) -> String {
    let places = [
        "harbour", "library", "station", "museum", "bridge", "market",
    ];
    let doings = [
        "reopened",
        "expanded",
        "closed early",
        "held a vote",
        "was painted",
    ];
    let mut text = String::from("A Long Week of Local News\n\n");
    for i in 0..n {
        let place = places[i % places.len()];
        let doing = doings[(i / places.len()) % doings.len()];
        let day = i / (places.len() * doings.len()) + 1;
        text.push_str(&format!(
            "The {place} {doing} on day {day} of the festival. "
        ));
        if i % 4 == 3 {
            text.push_str("\n\n");
        }
    }
    text
}

/// The processes whose parent is `pid`.
fn children_of(pid: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&p| {
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else {
                return false;
            };
            // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
            let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
            after.split_whitespace().nth(1) == Some(&pid.to_string())
        })
        .collect()
}

/// Whether process `pid` still runs (a zombie waiting to be reaped does not).
fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
            !matches!(after.split_whitespace().next(), Some("Z" | "X"))
        }
        Err(_) => false,
    }
}

/// Waits until `check` holds, for at most a minute.
fn wait_for(what: &str, child: &mut Child, check: impl Fn() -> bool) {
    let started = Instant::now();
    while !check() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("narrate ended ({status}) before {what}");
        }
        assert!(started.elapsed() < Duration::from_secs(60), "never {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_interrupted_render_removes_its_temporary_files_ends_its_workers_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("long.txt");
    std::fs::write(&article, long_article(1500)).unwrap();
    let wav = dir.path().join("out").join("a.wav");
    let manifest = wav.with_extension("json");
    render_ok(&wav, &["--manifest"]);
    let before = contents(&[&wav, &manifest]);

    // SIGINT while the audio streams into its file (no loudness normalisation), and
    // SIGTERM during synthesis, before mastering writes anything.
    for (signal, code, extra) in [
        (libc::SIGINT, 130, "--no-loudness"),
        (libc::SIGTERM, 143, "--sentence-pause=400"),
    ] {
        let (mut cmd, _cache) = command();
        let mut child = cmd
            .arg("render")
            .arg(&article)
            .arg("-o")
            .arg(&wav)
            .args([
                "--voice",
                "en-us",
                "-j",
                "2",
                "--manifest",
                "--subtitles",
                "vtt",
            ])
            .arg(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out_dir = wav.parent().unwrap().to_path_buf();
        let part_size = || -> u64 {
            std::fs::read_dir(&out_dir)
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
                .map(|e| e.metadata().map_or(0, |m| m.len()))
                .max()
                .unwrap_or(0)
        };
        if signal == libc::SIGINT {
            wait_for("writing audio", &mut child, || part_size() > 0);
        } else {
            wait_for("creating its files", &mut child, || {
                temporaries(&out_dir).len() == 3
            });
            std::thread::sleep(Duration::from_millis(300));
        }
        let workers = children_of(child.id());
        assert!(!workers.is_empty(), "-j 2 runs a worker process");
        assert!(child.try_wait().unwrap().is_none(), "still rendering");
        // SAFETY: kill only sends a signal to our own child, not yet waited for.
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "signal {signal}: {err}");
        assert_eq!(err.lines().last(), Some("narrate: interrupted"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            temporaries(&out_dir),
            Vec::<String>::new(),
            "signal {signal}"
        );
        assert_eq!(contents(&[&wav, &manifest]), before, "the old files stay");
        assert!(!wav.with_extension("vtt").exists());
        let started = Instant::now();
        while workers.iter().any(|&w| running(w)) {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "worker processes {workers:?} outlive the interrupted run"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_umasks() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let (wav, json, srt) = (
        dir.path().join("a.wav"),
        dir.path().join("a.json"),
        dir.path().join("a.srt"),
    );
    render_ok(&wav, &["--manifest"]);
    std::fs::set_permissions(&wav, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&json, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = contents(&[&wav, &json]);

    render_ok(
        &wav,
        &[
            "--manifest",
            "--subtitles",
            "srt",
            "--paragraph-pause",
            "1500",
        ],
    );
    let after = contents(&[&wav, &json]);
    assert!(
        after[0] != before[0] && after[1] != before[1],
        "both were replaced"
    );
    assert_eq!(mode(&wav), 0o600);
    assert_eq!(mode(&json), 0o640);
    // SAFETY: umask only swaps the process's mask; it is put back at once.
    let umask = unsafe {
        let m = libc::umask(0o022);
        libc::umask(m);
        m
    } as u32;
    assert_eq!(mode(&srt), 0o666 & !umask, "a new file: {:o}", mode(&srt));
}
