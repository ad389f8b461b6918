//! Batches through the binary with the real espeak-ng voice: directories of articles in,
//! one file per article out (the tree kept), a summary at the end, `--keep-going`, and
//! exit codes that tell success (0), failure (1), usage errors (2) and partial failure
//! (3) apart.

mod common;

use common::{narrate, read_wav, stderr, stdout};
use std::path::Path;

/// A directory of three short articles, one in a subdirectory, and a file that is not
/// an article.
fn articles(root: &Path) {
    std::fs::create_dir_all(root.join("world")).unwrap();
    std::fs::write(
        root.join("first.txt"),
        "First story\n\nThe council met on Monday. It voted to keep the library open.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("second.md"),
        "# Second story\n\nThe river rose two feet overnight. Roads near the bridge were closed.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("world/third.html"),
        "<html><head><title>Third story</title></head><body><article><h1>Third story</h1>\
         <p>The festival opened on Friday with a parade through the old town.</p>\
         <p>Organisers expect thirty thousand visitors over the weekend.</p></article></body></html>",
    )
    .unwrap();
    std::fs::write(root.join("notes.pdf"), b"%PDF-1.4 not an article").unwrap();
}

fn run(args: &[&str]) -> std::process::Output {
    let mut full = vec!["render", "--voice", "en-us"];
    full.extend_from_slice(args);
    narrate(&full, None)
}

#[test]
fn a_directory_renders_one_file_per_article_keeping_its_tree() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles");
    articles(&input);
    let out = dir.path().join("out");
    let result = run(&[
        input.to_str().unwrap(),
        "-o",
        &format!("{}/", out.display()),
        "--format",
        "flac",
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    for name in ["first.flac", "second.flac", "world/third.flac"] {
        let path = out.join(name);
        let reader = claxon::FlacReader::open(&path).unwrap();
        let seconds = reader.streaminfo().samples.unwrap() as f64 / 22050.0;
        assert!(seconds > 2.0, "{name}: {seconds} s");
    }
    // Nothing else: no output for the PDF, no temporary files.
    let mut all = Vec::new();
    for entry in walk(&out) {
        all.push(entry.strip_prefix(&out).unwrap().display().to_string());
    }
    all.sort();
    assert_eq!(all, ["first.flac", "second.flac", "world/third.flac"]);
    // Standard output lists the files written, one per line, for scripts.
    let mut listed: Vec<String> = stdout(&result).lines().map(str::to_string).collect();
    listed.sort();
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(listed.iter().all(|l| Path::new(l).is_file()));
    assert!(
        stderr(&result).contains("rendered 3 of 3 inputs"),
        "{}",
        stderr(&result)
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn keep_going_renders_past_a_bad_file_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles");
    articles(&input);
    // An empty article and one that is binary: each fails alone.
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("world/binary.txt"), b"\x00\x01\x02garbage").unwrap();
    let out = dir.path().join("out/");
    let result = run(&[
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--keep-going",
    ]);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(3), "{err}");
    assert!(err.contains("rendered 3 of 5 inputs, 2 failed"), "{err}");
    assert!(err.contains("empty.txt is empty"), "{err}");
    assert!(err.contains("binary"), "{err}");
    for name in ["first.wav", "second.wav", "world/third.wav"] {
        let (spec, samples) = read_wav(&out.join(name));
        assert!(samples.len() > spec.sample_rate as usize * 2, "{name}");
    }
    assert!(!out.join("empty.wav").exists());
    assert!(!out.join("world/binary.wav").exists());

    // Without --keep-going, the first failure stops the batch: nothing after it starts,
    // so fewer files, and the exit code is still not success.
    let out2 = dir.path().join("out2/");
    let result = run(&[
        "-j",
        "1",
        input.join("empty.txt").to_str().unwrap(),
        input.join("first.txt").to_str().unwrap(),
        "-o",
        out2.to_str().unwrap(),
    ]);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{err}");
    assert!(err.contains("not started"), "{err}");
    assert!(!out2.join("first.wav").exists());

    // All inputs failing is a failure, not a partial one.
    let result = run(&[
        "--keep-going",
        input.join("empty.txt").to_str().unwrap(),
        input.join("world/binary.txt").to_str().unwrap(),
        "-o",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
}

#[test]
fn usage_errors_exit_2_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles");
    articles(&input);
    std::fs::create_dir_all(dir.path().join("other")).unwrap();
    std::fs::copy(input.join("first.txt"), dir.path().join("other/first.txt")).unwrap();
    let out = dir.path().join("out/");
    for args in [
        // Two inputs would write out/first.wav.
        vec![
            input.join("first.txt").display().to_string(),
            dir.path().join("other/first.txt").display().to_string(),
            "-o".into(),
            out.display().to_string(),
        ],
        // Several inputs, one file name.
        vec![
            input.display().to_string(),
            "-o".into(),
            dir.path().join("one.wav").display().to_string(),
        ],
        // A directory with no articles.
        vec![dir.path().join("out-none").display().to_string()],
    ] {
        if args[0].ends_with("out-none") {
            std::fs::create_dir_all(&args[0]).unwrap();
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let result = run(&refs);
        assert_eq!(
            result.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&result)
        );
        assert_eq!(stderr(&result).lines().count(), 1, "{}", stderr(&result));
    }
    assert!(!out.exists(), "nothing was rendered");
}
