//! Helpers shared by the end-to-end tests: running the binary, reading WAV files back.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed() -> PathBuf {
    repo().join("examples/article.txt")
}

/// Runs `narrate ARGS` with `stdin` as its standard input.
pub fn narrate(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_narrate"))
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
        pipe.write_all(bytes).expect("stdin accepts the input");
    }
    child.wait_with_output().expect("narrate finishes")
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
