//! End-to-end tests of the command line's options through the `narrate` binary: every
//! numeric option has a range checked at parse time and shown in `--help`, a narration
//! its output format cannot hold is refused before synthesis, and the small promises
//! around options (a negative speed's message, speaker 0, a closed pipe, counts and
//! durations in words).

mod common;

use common::*;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Runs `narrate ARGS`, killed if it is still running after `limit`: returns its output
/// and how long it ran, or fails the test when it had to be killed (a run that should
/// have been refused at once is synthesizing instead).
fn narrate_within(args: &[&str], limit: Duration) -> (Output, Duration) {
    let (mut cmd, _cache) = command();
    let logs = tmp();
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let started = Instant::now();
    let mut child = cmd
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("a log file"))
        .stderr(std::fs::File::create(&err_path).expect("a log file"))
        .spawn()
        .expect("the narrate binary starts");
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "narrate {args:?} still running after {limit:?}; stderr so far: {}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = Output {
        status,
        stdout: std::fs::read(&out_path).expect("stdout was logged"),
        stderr: std::fs::read(&err_path).expect("stderr was logged"),
    };
    (output, started.elapsed())
}

/// A usage error as clap gives it: exit 2, clap's message naming the option and the
/// range, nothing written.
fn assert_out_of_range(out: &Output, option: &str, range: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: invalid value"), "{err}");
    assert!(err.contains(option), "'{option}' missing from: {err}");
    assert!(err.contains(range), "'{range}' missing from: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty(), "{}", stdout(out));
}

/// An output folder with nothing in it, no audio and no temporary file.
fn assert_nothing_written(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .expect("the output folder is readable")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Out-of-range values of every numeric option, each with the option and the range
/// clap's message must name. Each would have hung, spooled gigabytes or started
/// thousands of threads had it been taken.
const OUT_OF_RANGE: &[(&[&str], &str, &str)] = &[
    (
        &["--paragraph-pause", "4294967295"],
        "--paragraph-pause",
        "0..=10000",
    ),
    (
        &["--sentence-pause", "3600000"],
        "--sentence-pause",
        "0..=10000",
    ),
    (
        &["--heading-pause", "10001"],
        "--heading-pause",
        "0..=10000",
    ),
    (&["--sentence-pause", "-1"], "--sentence-pause", "0..=10000"),
    (&["-j", "10000"], "--jobs", "1..=64"),
    (&["-j", "0"], "--jobs", "1..=64"),
    (&["-j", "-3"], "--jobs", "1..=64"),
    (&["--speed", "-1"], "--speed", "0.25 to 4.0"),
    (&["--speed", "4.5"], "--speed", "0.25 to 4.0"),
    (&["--speed", "NaN"], "--speed", "0.25 to 4.0"),
    (&["--sample-rate", "4000"], "--sample-rate", "8000..=192000"),
    (
        &["--sample-rate", "-44100"],
        "--sample-rate",
        "8000..=192000",
    ),
    (&["--bitrate", "0"], "--bitrate", "16..=510"),
    (&["--bitrate", "100000"], "--bitrate", "16..=510"),
    (&["--loudness", "-100"], "--loudness", "-70 to -5"),
];

#[test]
fn every_numeric_option_out_of_its_range_exits_2_at_once_with_clap_s_message() {
    let dir = tmp();
    let wav = dir.path().join("a.wav");
    let article = seed();
    for (values, option, range) in OUT_OF_RANGE {
        let mut args = vec![
            "render",
            article.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
        ];
        args.extend_from_slice(values);
        let (out, took) = narrate_within(&args, Duration::from_secs(20));
        assert_out_of_range(&out, option, range);
        assert!(took < Duration::from_secs(5), "{values:?} took {took:?}");
        assert_nothing_written(dir.path());
    }
    // The options `plan` shares with `render` are checked there too.
    let out = narrate(
        &[
            "plan",
            seed().to_str().unwrap(),
            "--paragraph-pause",
            "4294967295",
        ],
        None,
    );
    assert_out_of_range(&out, "--paragraph-pause", "0..=10000");
}

#[test]
fn help_shows_the_range_of_every_numeric_option() {
    let out = narrate(&["render", "--help"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let help = stdout(&out);
    // Each option's paragraph of help: its line and those under it, up to the next
    // option's.
    let lines: Vec<&str> = help.lines().collect();
    let paragraph = |option: &str| -> String {
        let start = lines
            .iter()
            .position(|l| l.contains(&format!("--{option} ")) && l.trim_start().starts_with('-'))
            .unwrap_or_else(|| panic!("--{option} missing from help:\n{help}"));
        let end = lines[start + 1..]
            .iter()
            .position(|l| l.trim_start().starts_with('-'))
            .map_or(lines.len(), |i| start + 1 + i);
        lines[start..end]
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (option, range) in [
        ("sentence-pause", "[0..=10000 ms]"),
        ("paragraph-pause", "[0..=10000 ms]"),
        ("heading-pause", "[0..=10000 ms]"),
        ("jobs", "[1..=64]"),
        ("speed", "[0.25..=4.0]"),
        (
            "sample-rate",
            "[8000..=192000 Hz for WAV, 8000..=96000 Hz for FLAC",
        ),
        ("bitrate", "[16..=320 kbps for MP3, 24..=510 kbps for Opus]"),
        ("loudness", "[-70..=-5 LUFS]"),
    ] {
        let text = paragraph(option);
        assert!(text.contains(range), "--{option}: '{range}' not in: {text}");
    }
}

/// An article of `paragraphs` one-sentence paragraphs, each different.
fn long_article(paragraphs: usize) -> String {
    let places = ["river", "bridge", "harbour", "market", "school", "station"];
    let mut text = String::from("The long watch on the river\n\n");
    for i in 0..paragraphs {
        text.push_str(&format!(
            "On day {} the crew from the {} checked the {} once more.\n\n",
            i + 1,
            places[i % places.len()],
            places[(i * 5 + 2) % places.len()],
        ));
    }
    text
}

#[test]
fn a_narration_too_long_for_a_wav_file_is_refused_before_synthesis() {
    // 600 paragraphs with ten seconds between them: 100 minutes of pauses alone, where
    // a WAV file of 32-bit samples at 192 kHz holds 93 minutes. Synthesizing it would
    // take many minutes before the limit was met.
    let dir = tmp();
    let input = dir.path().join("long.txt");
    std::fs::write(&input, long_article(600)).unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let wav = out_dir.join("long.wav");
    let (out, took) = narrate_within(
        &[
            "render",
            input.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
            "--paragraph-pause",
            "10000",
            "--sample-format",
            "f32",
            "--sample-rate",
            "192000",
        ],
        Duration::from_secs(60),
    );
    let err = stderr(&out);
    assert!(took < Duration::from_secs(10), "took {took:?}: {err}");
    assert!(!out.status.success(), "{err}");
    assert!(err.starts_with("narrate: error: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    for needle in ["long.txt", "WAV", "192000 Hz", "1h 33m", "FLAC"] {
        assert!(err.contains(needle), "'{needle}' missing from: {err}");
    }
    assert_nothing_written(&out_dir);

    // Every paragraph is narrated: the refusal is for the length, not an empty plan.
    let plan = narrate(
        &[
            "plan",
            "--json",
            input.to_str().unwrap(),
            "--paragraph-pause",
            "10000",
        ],
        None,
    );
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert_eq!(plan["counts"]["narrated"], 601);
}

#[test]
fn a_sample_rate_flac_cannot_hold_is_refused_before_synthesis_with_exit_2() {
    let dir = tmp();
    let flac = dir.path().join("a.flac");
    let (out, took) = narrate_within(
        &[
            "render",
            seed().to_str().unwrap(),
            "-o",
            flac.to_str().unwrap(),
            "--voice",
            "en-us",
            "--sample-rate",
            "192000",
        ],
        Duration::from_secs(60),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(
        err.contains("FLAC") && err.contains("96000") && err.contains("192000"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert_nothing_written(dir.path());

    // 96 kHz is FLAC's highest and is written.
    let out = narrate(
        &[
            "render",
            "-",
            "-o",
            flac.to_str().unwrap(),
            "--voice",
            "en-us",
            "--sample-rate",
            "96000",
        ],
        Some(b"The river rose overnight.\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(flac.exists());
}

#[test]
fn a_negative_speed_is_a_range_error_not_an_unknown_argument() {
    let out = narrate(&["render", "-", "-o", "-", "--speed", "-1"], Some(b"x\n"));
    let err = stderr(&out);
    assert_out_of_range(&out, "--speed", "0.25 to 4.0");
    assert!(!err.contains("unexpected argument"), "{err}");
}

#[test]
fn speaker_0_is_the_one_speaker_of_a_one_speaker_voice() {
    let dir = tmp();
    for voice in ["en-us", "joe"] {
        let wav = dir.path().join(format!("{voice}.wav"));
        let out = narrate(
            &[
                "render",
                "-",
                "-o",
                wav.to_str().unwrap(),
                "--voice",
                voice,
                "--speaker",
                "0",
            ],
            Some(b"The river rose overnight.\n"),
        );
        assert!(out.status.success(), "{voice}: {}", stderr(&out));
        assert!(wav.exists(), "{voice}");
        // There is no speaker 1, and the message says which there is.
        let out = narrate(
            &[
                "render",
                "-",
                "-o",
                wav.to_str().unwrap(),
                "--voice",
                voice,
                "--speaker",
                "1",
            ],
            Some(b"The river rose overnight.\n"),
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{voice}: {err}");
        assert!(err.contains("speaker 0"), "{voice}: {err}");
    }
}

#[test]
fn a_reader_that_closes_the_pipe_ends_the_render_quietly() {
    for extra in [&[][..], &["--no-loudness"][..]] {
        let (mut cmd, _cache) = command();
        let mut child = cmd
            .args([
                "render",
                seed().to_str().unwrap(),
                "-o",
                "-",
                "--voice",
                "en-us",
            ])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the narrate binary starts");
        // `head -c 100`: read the WAV header and close the pipe.
        let mut pipe = child.stdout.take().expect("stdout is piped");
        let mut head = [0u8; 100];
        std::io::Read::read_exact(&mut pipe, &mut head).expect("100 bytes of audio");
        drop(pipe);
        let out = child.wait_with_output().expect("narrate finishes");
        let err = stderr(&out);
        assert_eq!(&head[..4], b"RIFF");
        assert_eq!(out.status.code(), Some(0), "{extra:?}: {err}");
        assert!(!err.to_lowercase().contains("broken pipe"), "{err}");
        assert!(!err.contains("error"), "{err}");
    }
}

#[test]
fn counts_of_one_are_singular() {
    let dir = tmp();
    let wav = dir.path().join("one.wav");
    let one = b"The river rose overnight.\n";
    let plan = narrate(&["plan", "-"], Some(one));
    let first = stdout(&plan).lines().next().unwrap_or_default().to_string();
    assert!(first.contains("1 sentence,"), "{first}");
    let out = narrate(
        &[
            "render",
            "-",
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
        ],
        Some(one),
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains(", 1 sentence"), "{err}");
    assert!(!err.contains("1 sentences"), "{err}");
    // And plural otherwise.
    let plan = narrate(&["plan", seed().to_str().unwrap()], None);
    assert!(
        stdout(&plan)
            .lines()
            .next()
            .unwrap_or_default()
            .contains(" sentences,"),
        "{}",
        stdout(&plan)
    );
}

#[test]
fn durations_of_an_hour_or_more_are_given_in_hours() {
    let dir = tmp();
    let input = dir.path().join("long.txt");
    // 700 paragraphs ten seconds apart: about two hours.
    std::fs::write(&input, long_article(700)).unwrap();
    let out = narrate(
        &[
            "plan",
            input.to_str().unwrap(),
            "--paragraph-pause",
            "10000",
        ],
        None,
    );
    let first = stdout(&out).lines().next().unwrap_or_default().to_string();
    let about = first
        .split("about ")
        .nth(1)
        .and_then(|s| s.split(" with").next())
        .unwrap_or_else(|| panic!("no duration in: {first}"));
    let parts: Vec<&str> = about.split(' ').collect();
    assert_eq!(parts.len(), 3, "{about}");
    let hours: u64 = parts[0].strip_suffix('h').expect("hours").parse().unwrap();
    let minutes: u64 = parts[1]
        .strip_suffix('m')
        .expect("minutes")
        .parse()
        .unwrap();
    let seconds: u64 = parts[2]
        .strip_suffix('s')
        .expect("seconds")
        .parse()
        .unwrap();
    assert!(minutes < 60 && seconds < 60, "{about}");
    // 700 pauses of ten seconds and 700 sentences of speech: two to three hours.
    let total = hours * 3600 + minutes * 60 + seconds;
    assert!((7000..3 * 3600).contains(&total), "{about}");
}

#[test]
fn the_time_reported_for_one_input_is_the_run_s_time_however_many_jobs() {
    // Sixty-four jobs with espeak-ng start 63 worker processes before the first
    // sentence: that is part of the run, and the time printed covers it.
    let dir = tmp();
    let wav = dir.path().join("a.wav");
    let started = Instant::now();
    let out = narrate(
        &[
            "render",
            "-",
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
            "-j",
            "64",
        ],
        Some(b"The river rose overnight.\n"),
    );
    let wall = started.elapsed().as_secs_f64();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let reported: f64 = err
        .lines()
        .find(|l| l.starts_with("narrate: wrote"))
        .and_then(|l| l.rsplit(", ").next())
        .and_then(|t| t.trim_end_matches(')').strip_suffix('s'))
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no time in: {err}"));
    assert!(reported <= wall, "{reported} > {wall}");
    assert!(
        reported >= 0.6 * wall,
        "reported {reported:.2}s of a {wall:.2}s run"
    );
}

/// Runs `narrate ARGS`, returning its exit code and stderr.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = narrate(args, None);
    (out.status.code(), stderr(&out))
}

/// Articles with a sentence longer than a voice takes at once, each with a sentence of
/// the middle of it that must be narrated: render reads them in pieces, and plan shows
/// the same sentences.
const LONG_SENTENCES: &[(&str, &str)] = &[
    // One sentence of 300 words and no clause break.
    ("one_long_sentence", "rose over the bank."),
    // A list of names run together without a comma.
    ("names_without_commas", "Name259 and more."),
];

fn article_with_a_long_sentence(name: &str) -> String {
    match name {
        "one_long_sentence" => format!(
            "The flood\n\nThe {} rose over the bank.\n",
            (0..300)
                .map(|i| format!("water{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "names_without_commas" => {
            let names: Vec<String> = (0..260).map(|i| format!("Name{i}")).collect();
            format!(
                "The list\n\nThe guests were {} and more.\n",
                names.join(" and ")
            )
        }
        _ => unreachable!("no article {name}"),
    }
}

#[test]
fn plan_and_render_agree_on_a_sentence_longer_than_a_voice_takes() {
    let dir = tmp();
    for (name, end) in LONG_SENTENCES {
        let input = dir.path().join(format!("{name}.txt"));
        std::fs::write(&input, article_with_a_long_sentence(name)).unwrap();
        let wav = dir.path().join(format!("{name}.wav"));
        let input = input.to_str().unwrap();
        let (render_code, render_err) = run(&[
            "render",
            input,
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
        ]);
        let plan = narrate(&["plan", "--json", input, "--voice", "en-us"], None);
        assert_eq!(render_code, Some(0), "{name}: {render_err}");
        assert!(plan.status.success(), "{name}: {}", stderr(&plan));
        let json: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
        let narrated: Vec<&str> = json["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["keep"] == true)
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        // Every word is narrated: the sentence is cut, not dropped.
        assert!(
            narrated.iter().any(|s| s.ends_with(end)),
            "{name}: {narrated:?}"
        );
        assert!(
            render_err.contains(&format!("{} narrated", narrated.len())),
            "{name}: plan narrates {}, render says {render_err}",
            narrated.len()
        );
        let audio = hound::WavReader::open(&wav).unwrap();
        assert!(audio.duration() > 0, "{name}");
    }
    // An article with nothing to narrate is still shown by plan, without an error.
    let out = narrate(&["plan", "-"], Some(b"Photo: Reuters\n"));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_lexicon_entry_that_makes_a_sentence_too_long_is_blamed_not_the_article() {
    let dir = tmp();
    let input = dir.path().join("q.txt");
    std::fs::write(
        &input,
        "The visit\n\nThe delegation from Qatar arrived on Monday.\n",
    )
    .unwrap();
    let lexicon = dir.path().join("mine.toml");
    std::fs::write(
        &lexicon,
        format!(
            "[say]\nDoha = \"Doe ha\"\n[phonemes]\nQatar = \"{}\"\n",
            vec!["k'At@r"; 200].join(" ")
        ),
    )
    .unwrap();
    let wav = dir.path().join("q.wav");
    let (input, lexicon_arg) = (input.to_str().unwrap(), lexicon.to_str().unwrap());
    for args in [
        vec![
            "render",
            input,
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
        ],
        vec!["plan", input, "--voice", "en-us"],
    ] {
        let mut args = args.clone();
        args.extend(["--lexicon", lexicon_arg]);
        let (code, err) = run(&args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        // The file, the line of the entry and its key; the sentence it made too long.
        for needle in [lexicon_arg, "line 3", "\"Qatar\"", "sentence 2", "q.txt"] {
            assert!(err.contains(needle), "'{needle}' missing from: {err}");
        }
        assert!(err.starts_with("narrate: error: lexicon "), "{err}");
        assert!(!wav.exists());
    }
    // Without the lexicon the article is fine.
    let (code, err) = run(&[
        "render",
        input,
        "-o",
        wav.to_str().unwrap(),
        "--voice",
        "en-us",
    ]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_user_s_own_damaged_model_is_named_and_not_sent_to_setup() {
    let dir = tmp();
    let installed = repo().join(".narrate/voices/en_US-joe-medium.onnx");
    let model = dir.path().join("mine.onnx");
    // The first 5,000 bytes of a real model: a truncated download.
    let bytes = std::fs::read(&installed).expect("joe is installed");
    std::fs::write(&model, &bytes[..5000]).unwrap();
    std::fs::copy(
        installed.with_extension("onnx.json"),
        dir.path().join("mine.onnx.json"),
    )
    .unwrap();
    // A voice file of the user's own, in a voices folder of their own.
    let voices = dir.path().join("voices");
    std::fs::create_dir(&voices).unwrap();
    std::fs::write(
        voices.join("mine.toml"),
        format!(
            "name = \"mine\"\nengine = \"piper\"\nlanguage = \"en-us\"\nmodel = \"{}\"\nconfig = \"{}.json\"\nsample_rate = 22050\nlicence = \"mine\"\ndescription = \"mine\"\nrank = 1\n",
            model.display(),
            model.display()
        ),
    )
    .unwrap();
    let wav = dir.path().join("a.wav");
    let runs = [
        narrate(
            &[
                "render",
                "-",
                "-o",
                wav.to_str().unwrap(),
                "--voice",
                model.to_str().unwrap(),
            ],
            Some(b"The river rose.\n"),
        ),
        narrate_env(
            &[
                "render",
                "-",
                "-o",
                wav.to_str().unwrap(),
                "--voice",
                "mine",
            ],
            &[("NARRATE_VOICES", &voices)],
            b"The river rose.\n",
        ),
    ];
    for out in runs {
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.contains(model.to_str().unwrap()), "{err}");
        assert!(err.contains("damaged"), "{err}");
        assert!(!err.contains("setup.sh"), "{err}");
        assert!(!wav.exists());
    }
}

#[test]
fn a_read_only_cache_that_holds_the_clips_is_read() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tmp();
    // Readable by everyone: the second run may be another user's (see below).
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "The river rose.\n\nThe bridge held all night.\n").unwrap();
    let cache = dir.path().join("cache");
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::set_permissions(&out_dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let render = |name: &str| {
        let (mut cmd, _default_cache) = command();
        cmd.args(["render", input.to_str().unwrap(), "-o"])
            .arg(out_dir.join(name))
            .args(["--voice", "en-us", "--cache-dir", cache.to_str().unwrap()])
            .env("HOME", &out_dir);
        cmd
    };
    let first = render("a.wav").output().expect("narrate runs");
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("(2 synthesized, 0 from cache)"));
    // Now nothing in the cache can be written: every folder and entry read-only.
    let mut read_only = vec![cache.clone()];
    while let Some(path) = read_only.pop() {
        if path.is_dir() {
            read_only.extend(
                std::fs::read_dir(&path)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path()),
            );
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o555)).unwrap();
        } else {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        }
    }
    let mut second = render("b.wav");
    // Permissions do not bind root: run as nobody then.
    // SAFETY: geteuid only reads the process's user id.
    if unsafe { libc::geteuid() } == 0 {
        second.uid(65534).gid(65534);
    }
    let second = second.output().expect("narrate runs");
    let err = stderr(&second);
    assert!(second.status.success(), "{err}");
    assert!(err.contains("(0 synthesized, 2 from cache)"), "{err}");
    assert!(!err.contains("without a cache"), "{err}");
    // The same audio as the render that filled the cache.
    assert_eq!(
        std::fs::read(out_dir.join("a.wav")).unwrap(),
        std::fs::read(out_dir.join("b.wav")).unwrap()
    );
    // Leave the folder removable.
    let mut writable = vec![cache.clone()];
    while let Some(path) = writable.pop() {
        if path.is_dir() {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            writable.extend(
                std::fs::read_dir(&path)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path()),
            );
        }
    }
}
