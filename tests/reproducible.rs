//! Reproducible renders, through the binary: the same input, voice and options give the
//! same bytes whatever `-j` is, run after run, and whether the clip cache was empty,
//! filled by this run or read from.
//!
//! Each run below names what it varies; every file must equal the first byte for byte.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// How one render is run: its jobs and its cache.
#[derive(Debug, Clone, Copy)]
enum CacheUse {
    /// `--no-cache`.
    Off,
    /// `--cache-dir` of the given slot, empty before the first use.
    Dir(usize),
}

/// Renders `input` with `voice`, `-j jobs`, the cache as `cache` says; the WAV's bytes.
fn render(
    input: &Path,
    voice: &str,
    jobs: usize,
    cache: CacheUse,
    caches: &[PathBuf],
    out: &Path,
) -> Vec<u8> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_narrate"));
    cmd.args([
        "render",
        "-q",
        "--voice",
        voice,
        "-j",
        &jobs.to_string(),
        "-o",
    ])
    .arg(out)
    .arg(input);
    match cache {
        CacheUse::Off => {
            cmd.arg("--no-cache");
        }
        CacheUse::Dir(slot) => {
            cmd.arg("--cache-dir").arg(&caches[slot]);
        }
    }
    let result = cmd.output().expect("narrate runs");
    assert!(
        result.status.success(),
        "{voice} -j {jobs} {cache:?}: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read(out).expect("the render wrote its file")
}

/// The runs: -j 1, 2 and 4 twice each without a cache; then two caches, each filled by
/// one run and read by a run with other jobs.
const RUNS: [(usize, CacheUse); 10] = [
    (1, CacheUse::Off),
    (2, CacheUse::Off),
    (1, CacheUse::Off),
    (2, CacheUse::Off),
    (4, CacheUse::Off),
    (4, CacheUse::Off),
    (1, CacheUse::Dir(0)),
    (2, CacheUse::Dir(0)),
    (2, CacheUse::Dir(1)),
    (1, CacheUse::Dir(1)),
];

/// Renders `input` with `voice` in every way of `runs` and asserts that every file has
/// the bytes of the first.
fn assert_same_bytes(input: &Path, voice: &str, runs: &[(usize, CacheUse)]) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let caches: Vec<PathBuf> = (0..2)
        .map(|i| dir.path().join(format!("cache{i}")))
        .collect();
    let mut first: Option<Vec<u8>> = None;
    for (i, &(jobs, cache)) in runs.iter().enumerate() {
        let out = dir.path().join(format!("run{i}.wav"));
        let bytes = render(input, voice, jobs, cache, &caches, &out);
        match &first {
            None => first = Some(bytes),
            Some(expected) => assert!(
                bytes == *expected,
                "{voice}: run {i} (-j {jobs}, cache {cache:?}) differs from run 0 (-j 1, no cache): {} vs {} bytes{}",
                bytes.len(),
                expected.len(),
                first_difference(&bytes, expected)
                    .map(|at| format!(", first at byte {at}"))
                    .unwrap_or_default()
            ),
        }
    }
    for cache in &caches {
        assert!(cache.join("clips").is_dir(), "the cache {cache:?} was used");
    }
}

fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    a.iter().zip(b).position(|(x, y)| x != y)
}

#[test]
fn espeak_renders_the_seed_to_the_same_bytes_whatever_the_jobs_and_cache() {
    assert_same_bytes(&common::seed(), "en-us", &RUNS);
}

#[test]
fn joe_renders_the_same_bytes_whatever_the_jobs_and_cache() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("short.txt");
    std::fs::write(
        &input,
        "Bridge closes for repairs\n\n\
         The old bridge over the river will close on Monday for a year of repairs. \
         Shops on both banks fear losing trade, and the council has promised a free bus.\n\n\
         Engineers said the work could not wait any longer.\n",
    )
    .expect("the input is written");
    // Fewer runs than espeak-ng's: each one loads the model.
    let runs = [
        (1, CacheUse::Off),
        (1, CacheUse::Off),
        (2, CacheUse::Off),
        (2, CacheUse::Dir(0)),
        (1, CacheUse::Dir(0)),
        (1, CacheUse::Dir(1)),
    ];
    assert_same_bytes(&input, "joe", &runs);
}
