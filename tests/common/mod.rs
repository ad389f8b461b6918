//! Helpers shared by the end-to-end tests: running the binary, reading WAV files back.
#![allow(dead_code)]

pub mod onsets;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// How many cases a property test tries: `default`, or `PROPTEST_CASES` when it is set,
/// to search further than the test command does (`PROPTEST_CASES=100000 cargo test
/// --release --test speak_properties`).
pub fn property_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed() -> PathBuf {
    repo().join("examples/article.txt")
}

/// The `narrate` binary, with a clip cache of its own that lasts as long as the
/// returned folder: so that tests neither read nor fill the user's cache, and every
/// render synthesizes what it reads unless a test gives `--cache-dir`.
pub fn command() -> (Command, tempfile::TempDir) {
    let cache = tempfile::tempdir().expect("a temporary folder");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_narrate"));
    cmd.env("NARRATE_CACHE_DIR", cache.path());
    (cmd, cache)
}

/// Runs `narrate ARGS` with `stdin` as its standard input. A closed pipe is fine:
/// narrate may refuse its arguments before it reads its input.
pub fn narrate(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let (mut cmd, _cache) = command();
    let mut child = cmd
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the narrate binary starts");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // A closed pipe is fine: narrate may refuse its arguments before it reads.
        if let Err(e) = pipe.write_all(bytes) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    child.wait_with_output().expect("narrate finishes")
}

/// Runs `narrate ARGS` with extra environment variables and `stdin`. A closed pipe is
/// fine: narrate may refuse its arguments before it reads its input.
pub fn narrate_env(args: &[&str], env: &[(&str, &Path)], stdin: &[u8]) -> Output {
    use std::io::Write;
    let (mut cmd, _cache) = command();
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the narrate binary starts");
    let written = child.stdin.take().expect("stdin is piped").write_all(stdin);
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().expect("narrate finishes")
}

/// A refused run: exit 1, one error line naming `needle`, no panic, and nothing at
/// `wav` nor a temporary file beside it.
pub fn assert_refused(out: &Output, needle: &str, wav: &Path) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "expected '{needle}' in: {err}");
    assert!(!wav.exists(), "nothing is written");
    let dir = wav.parent().expect("the output has a folder");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .expect("the output folder is readable")
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".wav") || name.starts_with(".narrate-")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The narrated sentences of a plan, as written.
pub fn kept_sentences(plan: &narrate::pipeline::Plan) -> Vec<String> {
    plan.narrated()
        .map(|(_, s)| plan.text(s).to_string())
        .collect()
}

/// The reason the sentence with this text was dropped for (`None` if kept or absent).
pub fn reason_of(plan: &narrate::pipeline::Plan, text: &str) -> Option<narrate::Reason> {
    plan.sentences
        .iter()
        .find(|s| plan.text(s) == text)
        .and_then(|s| s.decision.reason())
}

/// The development set: `tests/data/devdata` in the repository (gzip-compressed), or
/// the folder `NARRATE_DEVDATA` names (such as `shared/devdata`, uncompressed).
pub fn devdata() -> PathBuf {
    match std::env::var_os("NARRATE_DEVDATA") {
        Some(dir) => PathBuf::from(dir),
        None => repo().join("tests/data/devdata"),
    }
}

/// The text of the development set's file `name` (`gold.jsonl`, `NAME.html`…): `name.gz`
/// decompressed where it exists, else `name` as it is.
pub fn devdata_file(name: &str) -> String {
    use std::io::Read;
    let dir = devdata();
    let packed = dir.join(format!("{name}.gz"));
    if packed.exists() {
        let file = std::fs::File::open(&packed)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", packed.display()));
        let mut text = String::new();
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", packed.display()));
        return text;
    }
    let path = dir.join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// One page of the development set's `gold.jsonl`, with its text in the format `ext`.
pub struct GoldPage {
    pub name: String,
    /// The human-written article body.
    pub body: String,
    /// The article paragraphs that occur in the page, white space folded.
    pub with: Vec<String>,
    /// The page itself (`NAME.ext`).
    pub text: String,
}

/// Every page of `gold.jsonl`, read as `NAME.ext` (`txt` dumps or `html` pages).
pub fn gold_pages(ext: &str) -> Vec<GoldPage> {
    let gold = devdata_file("gold.jsonl");
    gold.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let page: serde_json::Value =
                serde_json::from_str(line).expect("gold.jsonl line is JSON");
            let name = page["name"].as_str().expect("name").to_string();
            let text = devdata_file(&format!("{name}.{ext}"));
            GoldPage {
                body: page["articleBody"]
                    .as_str()
                    .expect("articleBody")
                    .to_string(),
                with: page["with"]
                    .as_array()
                    .expect("with")
                    .iter()
                    .map(|p| fold(p.as_str().expect("paragraph")))
                    .collect(),
                name,
                text,
            }
        })
        .collect()
}

/// White space folded to single spaces.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Kept text by block: the kept sentences of a block joined by a space, folded.
pub fn kept_blocks(plan: &narrate::pipeline::Plan) -> Vec<String> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for s in plan.sentences.iter().filter(|s| s.decision.keep()) {
        match out.last_mut() {
            Some((b, text)) if *b == s.sentence.block => {
                text.push(' ');
                text.push_str(plan.text(s));
            }
            _ => out.push((s.sentence.block, plan.text(s).to_string())),
        }
    }
    out.into_iter().map(|(_, t)| fold(&t)).collect()
}

/// Runs `narrate render INPUT -o WAV --voice en-us`.
/// Runs `narrate render INPUT -o OUT --voice en-us -j 1 EXTRA…` and asserts it
/// succeeded. One job: espeak-ng's audio for a sentence depends on what the same engine
/// spoke before it, so only one engine speaking in order gives the same audio twice.
pub fn render_in_order(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let (input, out) = (input.to_string_lossy(), out.to_string_lossy());
    let mut args = vec!["render", &input, "-o", &out, "--voice", "en-us", "-j", "1"];
    args.extend_from_slice(extra);
    let result = narrate(&args, None);
    assert!(result.status.success(), "{}", stderr(&result));
    result
}

pub fn render_with_espeak(input: &Path, wav: &Path) -> Output {
    let (input, wav) = (input.to_string_lossy(), wav.to_string_lossy());
    narrate(&["render", &input, "-o", &wav, "--voice", "en-us"], None)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A WAV file's samples as f32 in [-1, 1], with its spec.
pub fn read_wav(path: &Path) -> (hound::WavSpec, Vec<f32>) {
    let mut reader = hound::WavReader::open(path).expect("a readable WAV file");
    let spec = reader.spec();
    let samples = reader
        .samples::<i16>()
        .map(|s| s.expect("a valid sample") as f32 / 32768.0)
        .collect();
    (spec, samples)
}

/// Runs of silence (every 10 ms window below -50 dBFS RMS) at least `min_ms` long,
/// as (start, end) sample indices, leading and trailing silence excluded.
pub fn silences(samples: &[f32], rate: u32, min_ms: u32) -> Vec<(usize, usize)> {
    let win = (rate / 100) as usize;
    let threshold = 10f32.powf(-50.0 / 20.0);
    let loud: Vec<bool> = samples
        .chunks(win)
        .map(|w| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt() > threshold)
        .collect();
    let (Some(first), Some(last)) = (loud.iter().position(|&l| l), loud.iter().rposition(|&l| l))
    else {
        return Vec::new();
    };
    let min_windows = (min_ms / 10) as usize;
    let mut out = Vec::new();
    let mut run_start = None;
    for (i, &l) in loud.iter().enumerate().take(last + 1).skip(first) {
        match (l, run_start) {
            (false, None) => run_start = Some(i),
            (true, Some(s)) => {
                if i - s >= min_windows {
                    out.push((s * win, i * win));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    out
}

/// RMS level of a whole signal.
pub fn rms(samples: &[f32]) -> f32 {
    (samples.iter().map(|s| s * s).sum::<f32>() / samples.len().max(1) as f32).sqrt()
}
