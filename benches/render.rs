//! The render benchmark: runs the release `narrate` binary the way a user does and
//! prints wall time, real-time factor (wall time / audio time; below 1 is faster than
//! real time), parallel efficiency (time with 1 job / (jobs x time with N jobs)) and
//! peak resident memory of each run.
//!
//! Inputs: the bundled seed article, and a long text made of every `articleBody` of
//! `../shared/devdata/gold.jsonl` joined by blank lines (about 13,000 words); set
//! `NARRATE_DEVDATA` to read the development set elsewhere.
//!
//! `cargo bench` (or `cargo bench -- --quick` for one run of each).

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

/// Runs narrate once and measures it; the child's own peak RSS comes from `wait4`.
// The child is reaped by `wait4`, which clippy does not see.
#[allow(clippy::zombie_processes)]
fn run(args: &[&str], output: &Path) -> Run {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(args)
        .arg("-o")
        .arg(output)
        .arg("--quiet")
        // Every run synthesizes: the cache would answer all but the first.
        .arg("--no-cache")
        .stdout(Stdio::null())
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
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "narrate {args:?} failed"
    );
    let reader = hound::WavReader::open(output).expect("narrate wrote a WAV file");
    let audio_seconds = reader.duration() as f64 / reader.spec().sample_rate as f64;
    let peak_rss_mb = usage.ru_maxrss as f64 / 1024.0;
    Run {
        wall,
        peak_rss_mb,
        peak_tree_mb: (tree_kb as f64 / 1024.0).max(peak_rss_mb),
        audio_seconds,
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn devdata() -> PathBuf {
    std::env::var_os("NARRATE_DEVDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devdata"))
}

/// Every article body of the development set, joined by blank lines, under a title.
fn long_text() -> Option<String> {
    let gold = std::fs::read_to_string(devdata().join("gold.jsonl")).ok()?;
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
        "{name:<22} {words:>6} words  wall {:>6.3} s  audio {:>7.1} s  RTF {:.4}  peak RSS {:>6.1} MB (with workers {:>6.1} MB)",
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
    let out = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(["plan", "--json", "--no-lexicon"])
        .arg(input)
        .output()
        .expect("narrate plan runs");
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("plan --json is JSON");
    let mut blocks: Vec<(u64, Vec<String>)> = Vec::new();
    for s in plan["sentences"].as_array().into_iter().flatten() {
        if s["keep"] != true {
            continue;
        }
        let block = s["block"].as_u64().unwrap_or(0);
        let spoken = s["spoken"].as_str().unwrap_or("").to_string();
        match blocks.last_mut() {
            Some((b, sentences)) if *b == block => sentences.push(spoken),
            _ => blocks.push((block, vec![spoken])),
        }
    }
    let paragraphs: Vec<String> = blocks.into_iter().map(|(_, s)| s.join(" ")).collect();
    paragraphs.join("\n\n") + "\n"
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
    let med = |runs: &[Run]| Run {
        wall: median(runs.iter().map(|r| r.wall).collect()),
        peak_rss_mb: runs.iter().map(|r| r.peak_rss_mb).fold(0.0, f64::max),
        peak_tree_mb: runs.iter().map(|r| r.peak_tree_mb).fold(0.0, f64::max),
        audio_seconds: runs[0].audio_seconds,
    };
    let ours = med(&ours);
    report("seed, joe (median)", seed_words, &ours);
    if theirs.is_empty() {
        return;
    }
    compare("seed", &ours, &med(&theirs), 0.8);

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

/// `cargo bench -- [--quick] [--no-piper]`.
fn main() {
    let has = |flag: &str| std::env::args().any(|a| a == flag);
    let quick = has("--quick");
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/article.txt");
    let seed_words = std::fs::read_to_string(&seed)
        .map(|t| t.split_whitespace().count())
        .unwrap_or(0);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("narrate render benchmark, {cores} cores, voice en-us (espeak-ng)");

    // The seed, start-up included: the median of several runs.
    let out = tmp.path().join("seed.wav");
    let seed_arg = seed.to_str().expect("a UTF-8 path");
    let espeak = |args: &[&str], out: &Path| {
        let mut all = args.to_vec();
        all.extend(["--voice", "en-us"]);
        run(&all, out)
    };
    espeak(&["render", seed_arg], &out); // warm the page cache
    let runs: Vec<Run> = (0..if quick { 1 } else { 7 })
        .map(|_| espeak(&["render", seed_arg], &out))
        .collect();
    let wall = median(runs.iter().map(|r| r.wall).collect());
    let peak = |f: fn(&Run) -> f64| runs.iter().map(f).fold(0.0, f64::max);
    report(
        "seed (median)",
        seed_words,
        &Run {
            wall,
            peak_rss_mb: peak(|r| r.peak_rss_mb),
            peak_tree_mb: peak(|r| r.peak_tree_mb),
            audio_seconds: runs[0].audio_seconds,
        },
    );
    println!(
        "  goal: seed wall time under 0.150 s: {}",
        if wall < 0.15 { "met" } else { "NOT met" }
    );

    let long = long_text().map(|text| {
        let long = tmp.path().join("long.txt");
        std::fs::write(&long, &text).expect("the long text is written");
        (long, text.split_whitespace().count())
    });
    match &long {
        None => println!(
            "long text: skipped ({} not found)",
            devdata().join("gold.jsonl").display()
        ),
        Some((long, words)) => {
            let long_arg = long.to_str().expect("a UTF-8 path");
            let out = tmp.path().join("long.wav");
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

    if !has("--no-piper") {
        piper_comparison(
            tmp.path(),
            (&seed, seed_words),
            long.as_ref().map(|(p, w)| (p.as_path(), *w)),
            quick,
        );
    }
}
