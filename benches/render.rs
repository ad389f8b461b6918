//! The render benchmark: runs the release `narrate` binary the way a user does and
//! prints wall time, real-time factor (wall time / audio time; below 1 is faster than
//! real time), parallel efficiency (time with 1 job / (jobs x time with N jobs)) and
//! peak resident memory of each run: narrate's own (from `wait4`, which also counts the
//! largest of the worker processes it reaped) and narrate's with its workers together
//! (sampled from `/proc` every few ms).
//!
//! Inputs: the bundled seed article; a long text made of every `articleBody` of
//! `tests/data/devdata/gold.jsonl.gz` joined by blank lines (about 13,000 words); and
//! articles of a given number of words made of that text's narrated sentences copy after
//! copy, every sentence of the second copy on marked " (2)", of the third " (3)" and so
//! on (the `duplicate` rule drops a paragraph, or a sentence of eight words or more,
//! that was read before, so numbering paragraphs alone is not enough). Set
//! `NARRATE_DEVDATA` to read the development set elsewhere.
//!
//! Sections, in this order:
//! - `speed`: the seed (median of 7 runs) and the long text with 1 job and one per
//!   core, voice en-us (espeak-ng), `--no-cache`; the seed with and without loudness
//!   normalisation gives the mastering's cost, per minute of audio and as a share of the
//!   render (goal: at most 25%).
//! - `piper`: the seed and the long text with the Piper voice joe through narrate and
//!   through the Piper CLI (`pip install piper-tts` into `.narrate/piper-venv` the first
//!   time, by `scripts/piper-baseline.sh`); joe with and without loudness normalisation
//!   gives the mastering's cost with joe (goal: at most 2% of the render).
//! - `memory`: memory against input length: articles of 10,000 and 100,000 words, en-us,
//!   WAV, `--no-cache`, with loudness normalisation (the default: spool and two passes)
//!   and with `--no-loudness` (straight to the encoder); words, narrated sentences (from
//!   `plan --json`), audio, wall time, RTF, peak RSS, and the ratio of the long
//!   article's peak to the short one's, against the goal of at most 1.10. The outputs
//!   (the 100,000 words are about 10 hours of audio, 1.6 GB of WAV, and as much again in
//!   the spool) go to a temporary directory, after a check of its free space, and are
//!   deleted at once.
//! - `cache`: re-rendering after a one-sentence edit, with a fresh `--cache-dir`: the
//!   seed cold (every sentence synthesized), unchanged (every sentence from the cache),
//!   then with one sentence edited (one synthesized); wall times and the counts of
//!   narrate's summary line, for en-us and for joe.
//! - `formats`: encoding time per format: the 10,000-word article rendered once to WAV
//!   into a fresh cache, then to `.wav`, `.flac`, `.mp3` and `.opus`, with loudness
//!   normalisation and with `--no-loudness`, every sentence from the cache: the wall
//!   time is stitching, mastering and encoding, without synthesis; with output size and
//!   bitrate.
//!
//! `cargo bench --bench render` runs them all; after `--`: `--quick` for one run of
//! each case, no long Piper runs, 10,000 against 30,000 words with loudness only in
//! `memory`, and the seed in `formats`; `--no-piper` to leave out joe and the Piper CLI;
//! `--only SECTION[,SECTION]` to run some sections.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

struct Run {
    wall: f64,
    /// Peak resident memory of narrate itself (from `wait4`).
    peak_rss_mb: f64,
    /// Peak of narrate and its worker processes together, sampled every few ms.
    peak_tree_mb: f64,
    audio_seconds: f64,
}

/// Resident memory of `pid` and all its descendants, in kB (0 once it has exited).
fn tree_rss_kb(pid: u32) -> u64 {
    let own = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0);
    let children: u64 = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .filter_map(|c| c.parse().ok())
                .collect::<Vec<u32>>()
        })
        .map(tree_rss_kb)
        .sum();
    own + children
}

/// Whether a run reads and writes the clip cache.
#[derive(Clone, Copy)]
enum CacheUse<'a> {
    /// `--no-cache`: every sentence is synthesized.
    Off,
    /// `--cache-dir DIR`.
    Dir(&'a Path),
}

/// Runs narrate once and measures it; the child's own peak RSS comes from `wait4`.
fn run(args: &[&str], output: &Path) -> Run {
    run_logged(args, output, CacheUse::Off, true).0
}

/// Runs narrate once, `--quiet` or not, and measures it; returns its standard error
/// too (the summary line, when not quiet). The audio time is read from the output when
/// it is a WAV file, and is 0 otherwise.
// The child is reaped by `wait4`, which clippy does not see.
#[allow(clippy::zombie_processes)]
fn run_logged(args: &[&str], output: &Path, cache: CacheUse, quiet: bool) -> (Run, String) {
    let mut log = tempfile::tempfile().expect("a temporary file for standard error");
    let mut command = Command::new(env!("CARGO_BIN_EXE_narrate"));
    command.args(args).arg("-o").arg(output);
    if quiet {
        command.arg("--quiet");
    }
    match cache {
        // Every run synthesizes: the cache would answer all but the first.
        CacheUse::Off => command.arg("--no-cache"),
        CacheUse::Dir(dir) => command.arg("--cache-dir").arg(dir),
    };
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(log.try_clone().expect("the log file is shared"))
        .spawn()
        .expect("narrate starts");
    let pid = child.id();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut tree_kb = 0;
    loop {
        tree_kb = tree_kb.max(tree_rss_kb(pid));
        // SAFETY: polls our own child, with valid pointers to stack values.
        let done =
            unsafe { libc::wait4(pid as libc::pid_t, &mut status, libc::WNOHANG, &mut usage) };
        assert!(done >= 0, "wait4 failed");
        if done > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let wall = started.elapsed().as_secs_f64();
    let mut stderr = String::new();
    log.seek(SeekFrom::Start(0))
        .and_then(|_| log.read_to_string(&mut stderr))
        .expect("the log file is read");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "narrate {args:?} failed: {stderr}"
    );
    let audio_seconds = if output.extension().is_some_and(|e| e == "wav") {
        let reader = hound::WavReader::open(output).expect("narrate wrote a WAV file");
        reader.duration() as f64 / reader.spec().sample_rate as f64
    } else {
        0.0
    };
    let peak_rss_mb = usage.ru_maxrss as f64 / 1024.0;
    let run = Run {
        wall,
        peak_rss_mb,
        peak_tree_mb: (tree_kb as f64 / 1024.0).max(peak_rss_mb),
        audio_seconds,
    };
    (run, stderr)
}

/// The counts of the summary line: "(N synthesized, M from cache)".
fn cache_counts(stderr: &str) -> Option<(usize, usize)> {
    let at = stderr.find(" synthesized, ")?;
    let synthesized = stderr[..at]
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    let cached = stderr[at + " synthesized, ".len()..]
        .split(' ')
        .next()?
        .parse()
        .ok()?;
    Some((synthesized, cached))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// The median wall time of `runs`, with their highest peaks.
fn median_run(runs: &[Run]) -> Run {
    let peak = |f: fn(&Run) -> f64| runs.iter().map(f).fold(0.0, f64::max);
    Run {
        wall: median(runs.iter().map(|r| r.wall).collect()),
        peak_rss_mb: peak(|r| r.peak_rss_mb),
        peak_tree_mb: peak(|r| r.peak_tree_mb),
        audio_seconds: runs[0].audio_seconds,
    }
}

fn devdata() -> PathBuf {
    std::env::var_os("NARRATE_DEVDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/devdata"))
}

/// The development set's `gold.jsonl`: compressed in the repository, or as it is in the
/// folder `NARRATE_DEVDATA` names.
fn gold_jsonl() -> Option<String> {
    use std::io::Read;
    let dir = devdata();
    match std::fs::File::open(dir.join("gold.jsonl.gz")) {
        Ok(file) => {
            let mut text = String::new();
            flate2::read::GzDecoder::new(file)
                .read_to_string(&mut text)
                .ok()?;
            Some(text)
        }
        Err(_) => std::fs::read_to_string(dir.join("gold.jsonl")).ok(),
    }
}

/// Every article body of the development set, joined by blank lines, under a title.
fn long_text() -> Option<String> {
    let gold = gold_jsonl()?;
    let bodies: Vec<String> = gold
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["articleBody"].as_str().map(str::to_string))
        .collect();
    Some(format!(
        "The development set, read aloud\n\n{}\n",
        bodies.join("\n\n")
    ))
}

fn report(name: &str, words: usize, r: &Run) {
    println!(
        "{name:<24} {words:>6} words  wall {:>6.3} s  audio {:>7.1} s  RTF {:.4}  peak RSS {:>6.1} MB (with workers {:>6.1} MB)",
        r.wall,
        r.audio_seconds,
        r.wall / r.audio_seconds,
        r.peak_rss_mb,
        r.peak_tree_mb
    );
}

/// The narrated text of `input` as narrate will read it (the `spoken` form of every
/// narrated sentence, blocks separated by blank lines): what the Piper CLI is given, so
/// that both read the same words. Both read without the lexicon, whose phoneme spans
/// the Piper CLI cannot read.
fn narrated_text(input: &Path) -> String {
    let plan = plan_json(input, &["--no-lexicon"]);
    let paragraphs: Vec<String> = narrated_blocks(&plan, "spoken", true)
        .into_iter()
        .map(|s| s.join(" "))
        .collect();
    paragraphs.join("\n\n") + "\n"
}

/// `narrate plan --json` of `input`.
fn plan_json(input: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(["plan", "--json"])
        .args(args)
        .arg(input)
        .output()
        .expect("narrate plan runs");
    serde_json::from_slice(&out.stdout).expect("plan --json is JSON")
}

/// A count of `plan --json`'s `counts`.
fn count(plan: &serde_json::Value, name: &str) -> usize {
    plan["counts"][name].as_u64().unwrap_or(0) as usize
}

/// The `field` (`text` or `spoken`) of the narrated sentences of a plan, block by block,
/// with or without the title.
fn narrated_blocks(plan: &serde_json::Value, field: &str, title: bool) -> Vec<Vec<String>> {
    let mut blocks: Vec<(u64, Vec<String>)> = Vec::new();
    for s in plan["sentences"].as_array().into_iter().flatten() {
        if s["keep"] != true || (!title && s["kind"] == "title") {
            continue;
        }
        let block = s["block"].as_u64().unwrap_or(0);
        let text = s[field].as_str().unwrap_or("").to_string();
        match blocks.last_mut() {
            Some((b, sentences)) if *b == block => sentences.push(text),
            _ => blocks.push((block, vec![text])),
        }
    }
    blocks.into_iter().map(|(_, s)| s).collect()
}

/// Runs the Piper CLI through `scripts/piper-baseline.sh` (which installs it in a venv
/// under `.narrate/` the first time).
fn piper(text: &Path, model: &Path, output: &Path) -> Option<Run> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/piper-baseline.sh");
    let out = Command::new("bash")
        .arg(script)
        .args([text, model, output])
        .stderr(Stdio::inherit())
        .output()
        .ok()?;
    if !out.status.success() {
        println!("  the Piper CLI failed (exit {:?})", out.status.code());
        return None;
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<f64> = line
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let [wall, peak, audio] = fields[..] else {
        println!("  unexpected output from piper-baseline.sh: {line}");
        return None;
    };
    Some(Run {
        wall,
        peak_rss_mb: peak,
        peak_tree_mb: peak,
        audio_seconds: audio,
    })
}

/// The mastering's cost (meter, limiter, resampler: the loudness passes): the same
/// render with loudness normalisation and with `--no-loudness`, in seconds per minute of
/// audio and as a share of the render without it, against the goal `goal`.
fn mastering_cost(voice: &str, loud: &Run, level: &Run, goal: f64) {
    let cost = loud.wall - level.wall;
    let share = cost / level.wall;
    println!(
        "  mastering, {voice}: {cost:+.3} s for {:.1} s of audio = {:.4} s per minute of audio; {:+.1}% of the render without it (goal at most {:.0}%: {})",
        level.audio_seconds,
        cost / (level.audio_seconds / 60.0),
        100.0 * share,
        100.0 * goal,
        if share <= goal { "met" } else { "NOT met" }
    );
}

fn compare(name: &str, ours: &Run, theirs: &Run, goal: f64) {
    let ratio = ours.wall / theirs.wall;
    println!(
        "  {name}: narrate {:.2} s, Piper CLI {:.2} s: {ratio:.2}x ({} goal {goal}x); RTF {:.4} vs {:.4}; peak RSS {:.0} MB vs {:.0} MB",
        ours.wall,
        theirs.wall,
        if ratio <= goal { "meets" } else { "misses" },
        ours.wall / ours.audio_seconds,
        theirs.wall / theirs.audio_seconds,
        ours.peak_tree_mb,
        theirs.peak_tree_mb,
    );
}

/// narrate with joe against the Piper CLI with the same voice on the same text.
fn piper_comparison(tmp: &Path, seed: (&Path, usize), long: Option<(&Path, usize)>, quick: bool) {
    let (seed, seed_words) = seed;
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join(".narrate/voices/en_US-joe-medium.onnx");
    println!("\nvoice joe (Piper, ONNX Runtime) against the Piper CLI, same voice, same text");
    if !model.is_file() {
        println!("  skipped: joe is not installed (run scripts/setup.sh)");
        return;
    }
    let repeats = if quick { 1 } else { 3 };
    let out = tmp.join("joe.wav");
    let seed_arg = seed.to_str().expect("a UTF-8 path");
    let ours: Vec<Run> = (0..repeats)
        .map(|_| {
            run(
                &["render", seed_arg, "--voice", "joe", "--no-lexicon"],
                &out,
            )
        })
        .collect();
    let seed_text = tmp.join("seed-narrated.txt");
    std::fs::write(&seed_text, narrated_text(seed)).expect("the seed text is written");
    let piper_out = tmp.join("piper.wav");
    let theirs: Vec<Run> = (0..repeats)
        .filter_map(|_| piper(&seed_text, &model, &piper_out))
        .collect();
    let ours = median_run(&ours);
    report("seed, joe (median)", seed_words, &ours);
    let level: Vec<Run> = (0..repeats)
        .map(|_| {
            run(
                &[
                    "render",
                    seed_arg,
                    "--voice",
                    "joe",
                    "--no-lexicon",
                    "--no-loudness",
                ],
                &out,
            )
        })
        .collect();
    let level = median_run(&level);
    report("seed, joe, no loudness", seed_words, &level);
    mastering_cost("joe", &ours, &level, 0.02);
    if theirs.is_empty() {
        return;
    }
    compare("seed", &ours, &median_run(&theirs), 0.8);

    let Some((long, long_words)) = long.filter(|_| !quick) else {
        return;
    };
    let long_arg = long.to_str().expect("a UTF-8 path");
    let ours = run(
        &["render", long_arg, "--voice", "joe", "--no-lexicon"],
        &out,
    );
    report("long text, joe", long_words, &ours);
    let long_text = tmp.join("long-narrated.txt");
    std::fs::write(&long_text, narrated_text(long)).expect("the long text is written");
    if let Some(theirs) = piper(&long_text, &model, &piper_out) {
        compare("long text", &ours, &theirs, 0.8);
        println!(
            "  goal: peak RSS at most 400 MB: {} ({:.0} MB)",
            if ours.peak_tree_mb <= 400.0 {
                "met"
            } else {
                "NOT met"
            },
            ours.peak_tree_mb
        );
    }
}

/// An article of at least `words` words (ending with a whole paragraph) made of
/// `blocks`, the story's paragraphs, copy after copy under a title of its own. In copy
/// `c` from the second on, every sentence is marked " (c)" after its last letter or
/// digit, so that the `duplicate` rule, which drops a paragraph or a long sentence read
/// before, keeps it.
fn article(blocks: &[Vec<String>], words: usize) -> String {
    let mut out = vec!["The development set, read aloud again and again".to_string()];
    let mut count = 0;
    for copy in 1.. {
        for block in blocks {
            let paragraph = block
                .iter()
                .map(|sentence| match sentence.rfind(char::is_alphanumeric) {
                    Some(i) if copy > 1 => {
                        let end = i + sentence[i..].chars().next().map_or(1, char::len_utf8);
                        format!("{} ({copy}){}", &sentence[..end], &sentence[end..])
                    }
                    _ => sentence.clone(),
                })
                .collect::<Vec<_>>()
                .join(" ");
            count += paragraph.split_whitespace().count();
            out.push(paragraph);
            if count >= words {
                return out.join("\n\n") + "\n";
            }
        }
    }
    unreachable!("the copies never end")
}

/// Free space on the file system of `dir`, in bytes.
fn free_bytes(dir: &Path) -> u64 {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).expect("a path without NUL");
    // SAFETY: an all-zero statvfs is a valid value for statvfs to overwrite.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a valid C string and a pointer to a stack value.
    if unsafe { libc::statvfs(path.as_ptr(), &mut stat) } != 0 {
        return 0;
    }
    stat.f_bavail as u64 * stat.f_frsize as u64
}

/// 12345 as "12,345".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Seconds as "10h 15m 40s", "61m 39s" or "42.1 s".
fn duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    match s {
        0..60 => format!("{seconds:.1} s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m {:02}s", s / 3600, s / 60 % 60, s % 60),
    }
}

/// An article of `words` words written to `tmp` (see [`article`]), with its plan.
fn article_file(
    tmp: &Path,
    story: &[Vec<String>],
    words: usize,
) -> (PathBuf, usize, serde_json::Value) {
    let text = article(story, words);
    let path = tmp.join(format!("words-{words}.txt"));
    std::fs::write(&path, &text).expect("the article is written");
    let plan = plan_json(&path, &[]);
    (path, text.split_whitespace().count(), plan)
}

/// Peak memory against input length: the same render of a short and a long article.
fn memory(tmp: &Path, story: &[Vec<String>], quick: bool) {
    let sizes = if quick {
        [10_000, 30_000]
    } else {
        [10_000, 100_000]
    };
    let loudness: &[bool] = if quick { &[true] } else { &[true, false] };
    println!(
        "\nmemory against input length: voice en-us, WAV, --no-cache, {}; articles made of the development set's sentences, copy after copy",
        if quick {
            "10,000 and 30,000 words (--quick: not 100,000), loudness normalisation only"
        } else {
            "10,000 and 100,000 words, with loudness normalisation (spool) and with --no-loudness"
        }
    );
    // Per size and loudness setting: narrate's peak, with workers.
    let mut peaks: Vec<Vec<(f64, f64)>> = Vec::new();
    for words in sizes {
        let (input, counted, plan) = article_file(tmp, story, words);
        let label = format!("{}k words", words / 1000);
        println!(
            "  {label}: {} words, {} of {} sentences narrated ({} words spoken), about {} estimated",
            thousands(counted),
            thousands(count(&plan, "narrated")),
            thousands(count(&plan, "sentences")),
            thousands(count(&plan, "narrated_words")),
            duration(plan["estimated_seconds"].as_f64().unwrap_or(0.0)),
        );
        // The WAV file and the spool, 16-bit at 22,050 Hz, with a margin.
        let needed = (plan["estimated_seconds"].as_f64().unwrap_or(0.0) * 44_100.0 * 2.0 * 1.5)
            as u64
            + (1 << 30);
        let free = free_bytes(tmp);
        if free < needed {
            println!(
                "    skipped: {} GB free in {}, {} GB needed",
                free >> 30,
                tmp.display(),
                needed >> 30
            );
            return;
        }
        let out = tmp.join("memory.wav");
        let arg = input.to_str().expect("a UTF-8 path");
        let mut row = Vec::new();
        for &loud in loudness {
            let mut args = vec!["render", arg, "--voice", "en-us"];
            if !loud {
                args.push("--no-loudness");
            }
            let r = run(&args, &out);
            std::fs::remove_file(&out).expect("the output is deleted");
            let name = format!("{label}, {}", if loud { "loudness" } else { "no loudness" });
            report(&name, counted, &r);
            row.push((r.peak_rss_mb, r.peak_tree_mb));
        }
        peaks.push(row);
    }
    let (short, long) = (&peaks[0], &peaks[1]);
    let name = |i: usize| {
        if loudness[i] {
            "loudness"
        } else {
            "--no-loudness"
        }
    };
    for i in 0..loudness.len() {
        let ratio = long[i].0 / short[i].0;
        println!(
            "  peak RSS, {}k words / {}k words, {}: {ratio:.2} ({:.1} MB / {:.1} MB); with workers {:.2} ({:.1} MB / {:.1} MB); goal at most 1.10: {}",
            sizes[1] / 1000,
            sizes[0] / 1000,
            name(i),
            long[i].0,
            short[i].0,
            long[i].1 / short[i].1,
            long[i].1,
            short[i].1,
            if ratio <= 1.10 { "met" } else { "NOT met" }
        );
    }
}

/// Re-rendering after a one-sentence edit: cold, unchanged and edited, with one cache.
fn cache(tmp: &Path, seed: &Path, voice: &str, quick: bool) {
    let dir = tmp.join(format!("cache-{voice}"));
    let input = tmp.join("cache-seed.txt");
    let text = std::fs::read_to_string(seed).expect("the seed is read");
    std::fs::write(&input, &text).expect("the seed is copied");
    // The sentence to edit: a narrated one in the middle that ends with a full stop and
    // stands once in the text.
    let plan = plan_json(&input, &[]);
    let candidates: Vec<&str> = plan["sentences"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["keep"] == true && s["kind"] == "paragraph")
        .filter_map(|s| s["text"].as_str())
        .filter(|t| t.ends_with('.') && text.matches(t).count() == 1)
        .collect();
    let Some(edited) = candidates.get(candidates.len() / 2) else {
        println!(
            "  {voice}: skipped, no sentence to edit in {}",
            seed.display()
        );
        return;
    };
    let out = tmp.join("cache.wav");
    let arg = input.to_str().expect("a UTF-8 path");
    let args = ["render", arg, "--voice", voice];
    let repeats = if quick { 1 } else { 5 };
    let line = |what: &str, runs: &[(Run, String)]| {
        let wall = median(runs.iter().map(|(r, _)| r.wall).collect());
        let counts = runs
            .iter()
            .map(|(_, log)| match cache_counts(log) {
                Some((s, c)) => format!("{s} synthesized, {c} from cache"),
                None => "no counts in the summary".to_string(),
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
            .join("; ");
        let of = if runs.len() > 1 {
            format!(" (median of {})", runs.len())
        } else {
            String::new()
        };
        println!(
            "  {voice:<6} {:<40} wall {wall:>7.3} s  {counts}",
            format!("{what}{of}")
        );
    };
    let cold = run_logged(&args, &out, CacheUse::Dir(&dir), false);
    line("cold (empty cache)", &[cold]);
    let again: Vec<_> = (0..repeats)
        .map(|_| run_logged(&args, &out, CacheUse::Dir(&dir), false))
        .collect();
    line("unchanged", &again);
    // Each edit new, so that each run synthesizes the edited sentence.
    let edit = |k: usize, args: &[&str]| {
        let new = format!("{}, as of update {k}.", &edited[..edited.len() - 1]);
        std::fs::write(&input, text.replacen(edited, &new, 1)).expect("the edit is written");
        run_logged(args, &out, CacheUse::Dir(&dir), false)
    };
    let edits: Vec<_> = (1..=repeats).map(|k| edit(k, &args)).collect();
    line("one sentence edited", &edits);
    // The same without the loudness passes, which take most of a cached render's time.
    let level_args = [&args[..], &["--no-loudness"]].concat();
    let again: Vec<_> = (0..repeats)
        .map(|_| run_logged(&level_args, &out, CacheUse::Dir(&dir), false))
        .collect();
    line("unchanged, --no-loudness", &again);
    let edits: Vec<_> = (repeats + 1..=2 * repeats)
        .map(|k| edit(k, &level_args))
        .collect();
    line("one sentence edited, --no-loudness", &edits);
}

/// Encoding time per format: renders with every sentence from the cache.
fn formats(tmp: &Path, input: &Path, name: &str, words: usize) {
    let dir = tmp.join("cache-formats");
    let arg = input.to_str().expect("a UTF-8 path");
    let wav = tmp.join("formats-cold.wav");
    let (cold, log) = run_logged(
        &["render", arg, "--voice", "en-us"],
        &wav,
        CacheUse::Dir(&dir),
        false,
    );
    std::fs::remove_file(&wav).expect("the output is deleted");
    let audio = cold.audio_seconds;
    println!(
        "\nencoding time per format: {name}, {} words, {} of audio, voice en-us; each render below takes every sentence from the cache, so its time is stitching, mastering (loudness) and encoding, not synthesis",
        thousands(words),
        duration(audio)
    );
    println!(
        "  cold render to WAV, loudness, every sentence synthesized: wall {:.2} s ({})",
        cold.wall,
        cache_counts(&log).map_or("no counts".into(), |(s, c)| format!(
            "{s} synthesized, {c} from cache"
        ))
    );
    for loud in [true, false] {
        let mut wav_wall = None;
        for ext in ["wav", "flac", "mp3", "opus"] {
            let out = tmp.join(format!("formats.{ext}"));
            let mut args = vec!["render", arg, "--voice", "en-us"];
            if !loud {
                args.push("--no-loudness");
            }
            let (r, log) = run_logged(&args, &out, CacheUse::Dir(&dir), false);
            let size = std::fs::metadata(&out).map_or(0, |m| m.len());
            std::fs::remove_file(&out).expect("the output is deleted");
            let over = match wav_wall {
                None => {
                    wav_wall = Some(r.wall);
                    String::new()
                }
                Some(w) => format!("  ({:+.2} s against WAV)", r.wall - w),
            };
            let counts = match cache_counts(&log) {
                Some((0, _)) => String::new(),
                Some((s, _)) => format!("  ({s} sentences synthesized!)"),
                None => "  (no counts in the summary)".into(),
            };
            println!(
                "  {ext:<5} {:<14} wall {:>7.2} s  {:>8.1} MB  {:>6.1} kbit/s  RTF {:.4}{over}{counts}",
                if loud { "loudness" } else { "--no-loudness" },
                r.wall,
                size as f64 / 1e6,
                size as f64 * 8.0 / audio / 1000.0,
                r.wall / audio,
            );
        }
    }
    println!("  (Opus is written at 24 kHz: its time includes resampling from 22,050 Hz)");
}

/// `cargo bench -- [--quick] [--no-piper] [--only SECTION[,SECTION]]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let quick = has("--quick");
    let piper = !has("--no-piper");
    const SECTIONS: [&str; 5] = ["speed", "piper", "memory", "cache", "formats"];
    let only: Option<Vec<&str>> = args.iter().position(|a| a == "--only").map(|i| {
        args.get(i + 1)
            .map_or("", String::as_str)
            .split(',')
            .collect()
    });
    if let Some(unknown) = only.iter().flatten().find(|s| !SECTIONS.contains(s)) {
        eprintln!(
            "unknown section {unknown:?}: --only takes {}",
            SECTIONS.join(",")
        );
        std::process::exit(2);
    }
    let section = |name: &str| only.as_ref().is_none_or(|o| o.contains(&name));
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/article.txt");
    let seed_words = std::fs::read_to_string(&seed)
        .map(|t| t.split_whitespace().count())
        .unwrap_or(0);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "narrate render benchmark, {cores} cores{}",
        if quick { " (--quick)" } else { "" }
    );
    let long = long_text().map(|text| {
        let long = tmp.path().join("long.txt");
        std::fs::write(&long, &text).expect("the long text is written");
        (long, text.split_whitespace().count())
    });
    let no_long = || {
        format!(
            "skipped ({} not found)",
            devdata().join("gold.jsonl.gz").display()
        )
    };

    if section("speed") {
        speed(tmp.path(), (&seed, seed_words), long.as_ref(), cores, quick);
    }
    if piper && section("piper") {
        piper_comparison(
            tmp.path(),
            (&seed, seed_words),
            long.as_ref().map(|(p, w)| (p.as_path(), *w)),
            quick,
        );
    }
    // The development set's story, paragraph by paragraph, for articles of any length.
    let story = long
        .as_ref()
        .map(|(long, _)| narrated_blocks(&plan_json(long, &[]), "text", false));
    if section("memory") {
        match &story {
            Some(story) => memory(tmp.path(), story, quick),
            None => println!("\nmemory against input length: {}", no_long()),
        }
    }
    if section("cache") {
        println!(
            "\ncache: re-rendering {} ({seed_words} words) with a fresh --cache-dir: cold, unchanged, then with one sentence edited (a new edit each run)",
            seed.display()
        );
        cache(tmp.path(), &seed, "en-us", quick);
        if piper {
            let model =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(".narrate/voices/en_US-joe-medium.onnx");
            if model.is_file() {
                cache(tmp.path(), &seed, "joe", quick);
            } else {
                println!("  joe: skipped, not installed (run scripts/setup.sh)");
            }
        }
    }
    if section("formats") {
        if quick {
            formats(
                tmp.path(),
                &seed,
                "the seed (--quick: not the 10,000-word article)",
                seed_words,
            );
        } else {
            match &story {
                Some(story) => {
                    let (input, words, _) = article_file(tmp.path(), story, 10_000);
                    formats(tmp.path(), &input, "the 10,000-word article", words);
                }
                None => println!("\nencoding time per format: {}", no_long()),
            }
        }
    }
}

/// The seed with en-us, start-up included (the median of several runs), and the long
/// text with 1 job and with one per core.
fn speed(
    tmp: &Path,
    seed: (&Path, usize),
    long: Option<&(PathBuf, usize)>,
    cores: usize,
    quick: bool,
) {
    let (seed, seed_words) = seed;
    println!("voice en-us (espeak-ng)");
    let out = tmp.join("seed.wav");
    let seed_arg = seed.to_str().expect("a UTF-8 path");
    let espeak = |args: &[&str], out: &Path| {
        let mut all = args.to_vec();
        all.extend(["--voice", "en-us"]);
        run(&all, out)
    };
    espeak(&["render", seed_arg], &out); // warm the page cache
    let repeats = if quick { 1 } else { 7 };
    let runs: Vec<Run> = (0..repeats)
        .map(|_| espeak(&["render", seed_arg], &out))
        .collect();
    let seed_run = median_run(&runs);
    report("seed (median)", seed_words, &seed_run);
    println!(
        "  goal: seed wall time under 0.150 s: {}",
        if seed_run.wall < 0.15 {
            "met"
        } else {
            "NOT met"
        }
    );
    // Without the loudness passes over the spool, which came after the goal was set.
    let runs: Vec<Run> = (0..repeats)
        .map(|_| espeak(&["render", seed_arg, "--no-loudness"], &out))
        .collect();
    let level_run = median_run(&runs);
    report("seed, no loudness (med.)", seed_words, &level_run);
    mastering_cost("en-us", &seed_run, &level_run, 0.25);

    match long {
        None => println!(
            "long text: skipped ({} not found)",
            devdata().join("gold.jsonl.gz").display()
        ),
        Some((long, words)) => {
            let long_arg = long.to_str().expect("a UTF-8 path");
            let out = tmp.join("long.wav");
            let one = espeak(&["render", long_arg, "--jobs", "1"], &out);
            report("long text, 1 job", *words, &one);
            let jobs = cores.to_string();
            let many = espeak(&["render", long_arg, "--jobs", &jobs], &out);
            report(&format!("long text, {cores} jobs"), *words, &many);
            println!(
                "  parallel efficiency with {cores} jobs: {:.2} (speed-up {:.2}x)",
                one.wall / (cores as f64 * many.wall),
                one.wall / many.wall
            );
        }
    }
}
