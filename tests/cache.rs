//! The clip cache end to end, through the binary with the real espeak-ng voice `en-us`:
//! a second render comes from the cache alone, an edited sentence is the only one
//! synthesized, damaged entries are synthesized again and never played, a render
//! killed with SIGKILL leaves no file at its output path and the next one resumes from
//! what it cached, and `--no-cache` or an unusable directory writes nothing there.
//!
//! espeak-ng's audio of a sentence depends on what the same process spoke before it
//! (see `src/synthesize/espeak.rs`), so a render that takes some sentences from the
//! cache cannot be byte-identical to a render that synthesizes them all afresh. What
//! is checked instead, exactly: the output is the cached clips of its sentences,
//! stitched ([`from_cache`]); with `-j 1`, where a fresh process speaks the sentences in
//! order, everything before the first sentence synthesized in another history is
//! byte-identical to a fresh render; and renders that synthesize everything with `-j 1`
//! are byte-identical to each other.

mod common;

use common::{narrate, narrate_env, render_in_order, seed, stderr};
use narrate::cache::{Cache, Key};
use narrate::pipeline::{Plan, Planner};
use narrate::speak::Speaker;
use narrate::stitch::{join, Part, Pauses};
use narrate::synthesize::{espeak, Voice, VoiceSettings};
use std::path::{Path, PathBuf};
use std::process::Output;

/// Renders `article` to `wav` with espeak-ng en-us, one job (so that sentences are
/// spoken in order, reproducibly), without the lexicon (so that [`plan`] gives the same
/// spoken text), without loudness normalisation (so that the file holds the stitched
/// clips as they are: the gain depends on the whole narration), and `extra` arguments.
fn render(article: &Path, wav: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["--no-lexicon", "--no-loudness"];
    args.extend_from_slice(extra);
    render_in_order(article, wav, &args)
}

/// Renders with the cache in `cache`.
fn render_cached(article: &Path, wav: &Path, cache: &Path) -> Output {
    render(article, wav, &["--cache-dir", cache.to_str().unwrap()])
}

/// (synthesized, from cache) as the summary line reports them.
fn counts(out: &Output) -> (usize, usize) {
    let err = stderr(out);
    let re = regex::Regex::new(r"(\d+) sentences \((\d+) synthesized, (\d+) from cache\)")
        .expect("a valid pattern");
    let c = re
        .captures(&err)
        .unwrap_or_else(|| panic!("no counts in: {err}"));
    let n = |i: usize| c[i].parse::<usize>().unwrap();
    assert_eq!(n(1), n(2) + n(3), "{err}");
    (n(2), n(3))
}

/// The plan the binary makes of `article` with `--voice en-us --no-lexicon`.
fn plan(article: &Path) -> Plan {
    let text = std::fs::read_to_string(article).unwrap();
    let planner = Planner {
        speaker: std::sync::Arc::new(Speaker::for_language("en-us")),
        ..Planner::default()
    };
    planner.plan_text("article", &text)
}

/// A WAV file's samples, exactly.
fn samples(wav: &Path) -> Vec<i16> {
    hound::WavReader::open(wav)
        .expect("a readable WAV file")
        .samples::<i16>()
        .map(|s| s.expect("a valid sample"))
        .collect()
}

/// What a render of `article` must be when every sentence's clip is in `cache`: those
/// clips, stitched with the default pauses; and where each sentence starts. Panics
/// when a clip is missing.
fn from_cache(article: &Path, cache: &Path) -> (Vec<i16>, Vec<usize>) {
    let plan = plan(article);
    let voice = espeak::open("en-us", VoiceSettings::default())
        .unwrap()
        .unwrap();
    let cache = Cache::open(cache).unwrap();
    let identity = voice.identity();
    let clips: Vec<_> = plan
        .narrated()
        .map(|(i, s)| {
            let key = Key::new(&identity, &plan.spoken(s).unwrap_or_default());
            let clip = cache.get(&key, voice.sample_rate());
            clip.unwrap_or_else(|| panic!("sentence {i} is cached"))
        })
        .collect();
    let narration = join(
        plan.breaks().into_iter().zip(clips).collect(),
        &Pauses::default(),
    );
    let mut out = Vec::new();
    for part in narration.parts() {
        match part {
            Part::Silence(n) => out.resize(out.len() + n, 0),
            Part::Speech(s) => out.extend_from_slice(s),
        }
    }
    (out, narration.timings.iter().map(|t| t.start).collect())
}

/// Every entry in the cache, by path, with its bytes.
fn entries(cache: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let clips = cache.join("clips/v2");
    for shard in std::fs::read_dir(&clips).into_iter().flatten().flatten() {
        for entry in std::fs::read_dir(shard.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "clip") {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_second_render_comes_from_the_cache_and_is_identical() {
    let dir = tmp();
    let cache = dir.path().join("cache");
    let (first, second) = (dir.path().join("1.wav"), dir.path().join("2.wav"));
    let narrated = plan(&seed()).narrated().count();
    assert_eq!(
        counts(&render_cached(&seed(), &first, &cache)),
        (narrated, 0)
    );
    assert_eq!(entries(&cache).len(), narrated);
    assert_eq!(
        counts(&render_cached(&seed(), &second, &cache)),
        (0, narrated)
    );
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
        "byte-identical"
    );
    assert_eq!(samples(&second), from_cache(&seed(), &cache).0);
}

#[test]
fn an_edited_sentence_is_the_only_one_synthesized() {
    let dir = tmp();
    let cache = dir.path().join("cache");
    let seed_text = std::fs::read_to_string(seed()).unwrap();
    let (old, new) = ("have been kept quiet", "have been kept secret");
    assert_eq!(seed_text.matches(old).count(), 1);
    let edited = dir.path().join("edited.txt");
    std::fs::write(&edited, seed_text.replace(old, new)).unwrap();
    let narrated = plan(&seed()).narrated().count();
    let edited_plan = plan(&edited);
    let which = edited_plan
        .narrated()
        .position(|(_, s)| edited_plan.text(s).contains(new))
        .unwrap();

    render_cached(&seed(), &dir.path().join("seed.wav"), &cache);
    let before = entries(&cache);
    let wav = dir.path().join("edited.wav");
    let out = render_cached(&edited, &wav, &cache);
    assert_eq!(counts(&out), (1, narrated - 1));
    let after = entries(&cache);
    assert_eq!(after.len(), before.len() + 1, "one new entry");
    assert!(
        before.iter().all(|e| after.contains(e)),
        "no entry was rewritten"
    );

    // The output is the cached clips, the new one included, stitched.
    let got = samples(&wav);
    let (expected, starts) = from_cache(&edited, &cache);
    assert_eq!(got, expected);
    // Before the edited sentence it is exactly a fresh render of the edited article;
    // after it, the same speech spoken in another history, so about as long.
    let fresh_wav = dir.path().join("fresh.wav");
    render(&edited, &fresh_wav, &["--no-cache"]);
    let fresh = samples(&fresh_wav);
    let edit_at = starts[which];
    assert!(edit_at > 22050, "the edit is not at the start");
    assert_eq!(got[..edit_at], fresh[..edit_at]);
    let ratio = got.len() as f64 / fresh.len() as f64;
    assert!(
        (0.99..1.01).contains(&ratio),
        "{} vs {}",
        got.len(),
        fresh.len()
    );
}

#[test]
fn damaged_entries_are_synthesized_again_never_played() {
    let dir = tmp();
    let cache = dir.path().join("cache");
    let clean = dir.path().join("clean.wav");
    let narrated = plan(&seed()).narrated().count();
    render_cached(&seed(), &clean, &cache);
    let entries_before = entries(&cache);
    assert_eq!(entries_before.len(), narrated);
    for (path, mut bytes) in entries_before {
        // One bit in the middle of the samples (after the 52-byte header, before the
        // 32-byte checksum): a damage no length check can see.
        let at = 52 + (bytes.len() - 52 - 32) / 2;
        bytes[at] ^= 0x04;
        std::fs::write(&path, &bytes).unwrap();
    }
    let again = dir.path().join("again.wav");
    let out = render_cached(&seed(), &again, &cache);
    assert_eq!(counts(&out), (narrated, 0));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{narrated} damaged cache entries")),
        "{err}"
    );
    // All synthesized afresh in order, as the first time: byte-identical to it.
    assert_eq!(
        std::fs::read(&clean).unwrap(),
        std::fs::read(&again).unwrap()
    );
    // And stored whole again.
    let third = dir.path().join("third.wav");
    assert_eq!(
        counts(&render_cached(&seed(), &third, &cache)),
        (0, narrated)
    );
    assert_eq!(
        std::fs::read(&clean).unwrap(),
        std::fs::read(&third).unwrap()
    );
}

/// An article of `n` distinct sentences, three to a paragraph, under a title.
fn long_article(n: usize) -> String {
    let subjects = [
        "The council",
        "The mayor",
        "Engineers",
        "Residents",
        "Officials",
        "The minister",
    ];
    let verbs = ["said", "warned", "announced", "confirmed", "denied"];
    let objects = [
        "that the old bridge would reopen in the spring",
        "that the budget for repairs had run short again",
        "that heavy lorries would be kept off the river road",
        "that a free bus service would run across the river",
        "that shopkeepers near the station had lost customers",
    ];
    let mut out = String::from("Bridge repairs divide the town\n");
    let mut i = 0;
    'all: for s in subjects {
        for v in verbs {
            for o in objects {
                if i == n {
                    break 'all;
                }
                out.push_str(if i % 3 == 0 { "\n" } else { " " });
                out.push_str(&format!("{s} {v} {o}."));
                i += 1;
            }
        }
    }
    out.push('\n');
    out
}

#[test]
fn a_killed_render_leaves_no_output_and_resumes_from_the_cache() {
    let dir = tmp();
    let cache = dir.path().join("cache");
    let article = dir.path().join("long.txt");
    std::fs::write(&article, long_article(150)).unwrap();
    let narrated = plan(&article).narrated().count();
    assert_eq!(narrated, 151, "every sentence and the title are read");
    let wav = dir.path().join("out").join("long.wav");

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_narrate"))
        .arg("render")
        .arg(&article)
        .arg("-o")
        .arg(&wav)
        .args([
            "--voice",
            "en-us",
            "-j",
            "1",
            "--no-lexicon",
            "--no-loudness",
        ])
        .arg("--cache-dir")
        .arg(&cache)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let seen = loop {
        let n = entries(&cache).len();
        if n >= 5 {
            break n;
        }
        assert!(
            started.elapsed().as_secs() < 60,
            "the render stored nothing in a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let kept = entries(&cache).len();
    assert!(
        (seen..narrated).contains(&kept),
        "killed midway: {seen} seen, {kept} kept of {narrated}"
    );
    assert!(!wav.exists(), "no file at the output path");
    let temporaries = || -> Vec<_> {
        std::fs::read_dir(wav.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".narrate-"))
            .map(|e| e.file_name())
            .collect()
    };
    assert_eq!(temporaries().len(), 1, "the killed run's temporary file");
    // A leftover is removed once no one holds its lock and it is an hour old
    // (src/output.rs): this one is made two hours old.
    for name in temporaries() {
        let leftover = std::fs::File::options()
            .write(true)
            .open(wav.parent().unwrap().join(name))
            .unwrap();
        let two_hours = std::time::Duration::from_secs(2 * 60 * 60);
        leftover
            .set_modified(std::time::SystemTime::now() - two_hours)
            .unwrap();
    }

    let out = render_cached(&article, &wav, &cache);
    let (synthesized, cached) = counts(&out);
    assert_eq!(cached, kept, "every entry the killed run stored is whole");
    assert_eq!(synthesized, narrated - kept);
    assert!(!stderr(&out).contains("damaged"), "{}", stderr(&out));
    // The killed run's temporary file beside the output is gone too: the next run
    // removes those no process holds locked once they are old.
    assert_eq!(temporaries(), Vec::<std::ffi::OsString>::new());

    // The output is the cached clips stitched, and, up to the first sentence this run
    // synthesized, exactly a clean render: the killed run spoke those sentences in the
    // same order in a fresh process.
    let got = samples(&wav);
    let (expected, starts) = from_cache(&article, &cache);
    assert_eq!(got, expected);
    let clean_wav = dir.path().join("clean.wav");
    render(&article, &clean_wav, &["--no-cache"]);
    let clean = samples(&clean_wav);
    assert_eq!(got[..starts[kept]], clean[..starts[kept]]);
    let ratio = got.len() as f64 / clean.len() as f64;
    assert!(
        (0.99..1.01).contains(&ratio),
        "{} vs {}",
        got.len(),
        clean.len()
    );
}

#[test]
fn no_cache_writes_nothing_and_an_unusable_directory_only_warns() {
    let dir = tmp();
    let article = std::fs::read(seed()).unwrap();
    let wav = dir.path().join("a.wav");
    let wav_arg = wav.to_str().unwrap();
    let env_cache = dir.path().join("env-cache");
    let args = ["render", "-", "-o", wav_arg, "--voice", "en-us"];

    // NARRATE_CACHE_DIR is where the cache goes by default...
    let out = narrate_env(&args, &[("NARRATE_CACHE_DIR", &env_cache)], &article);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!entries(&env_cache).is_empty());
    std::fs::remove_dir_all(&env_cache).unwrap();
    // ...and --no-cache neither reads nor writes it.
    let mut no_cache = args.to_vec();
    no_cache.push("--no-cache");
    let out = narrate_env(&no_cache, &[("NARRATE_CACHE_DIR", &env_cache)], &article);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!env_cache.exists(), "nothing written");
    assert!(!stderr(&out).contains("from cache"), "{}", stderr(&out));
    std::fs::remove_file(&wav).unwrap();

    // A directory that cannot be made: one warning line, and the render.
    let file = dir.path().join("file");
    std::fs::write(&file, "not a directory").unwrap();
    let under_file = file.join("cache");
    let mut unusable = args.to_vec();
    unusable.extend(["--cache-dir", under_file.to_str().unwrap()]);
    let out = narrate(&unusable, Some(&article));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].contains("cannot use cache directory") && warnings[0].contains("without"),
        "{err}"
    );
    assert!(common::read_wav(&wav).1.len() > 22050 * 30, "rendered");

    // --no-cache and --cache-dir contradict each other.
    let mut both = no_cache.clone();
    both.extend(["--cache-dir", "x"]);
    assert_eq!(narrate(&both, Some(&article)).status.code(), Some(2));
}

#[test]
fn the_default_directory_follows_xdg_cache_home() {
    let dir = tmp();
    let xdg = dir.path().join("xdg");
    let wav = dir.path().join("a.wav");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_narrate"))
        .arg("render")
        .arg(seed())
        .arg("-o")
        .arg(&wav)
        .args(["--voice", "en-us"])
        .env_remove("NARRATE_CACHE_DIR")
        .env("XDG_CACHE_HOME", &xdg)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let entries = entries(&xdg.join("narrate"));
    assert_eq!(entries.len(), plan(&seed()).narrated().count());
    assert!(xdg.join("narrate/CACHEDIR.TAG").is_file());
}
