//! The user sees and controls what is dropped, through the binary: `render` says per
//! input how many sentences it narrated and dropped, for which reasons, and the counts
//! are those of `plan --json`; `--keep REASON,…` and `--keep all` narrate dropped
//! sentences in `plan` (which still shows the selector's reason) and in `render` (whose
//! audio grows by them, with the real espeak-ng voice); a name that is not a reason is a
//! usage error that lists the names.

mod common;

use common::{narrate, read_wav, seed, stderr, stdout};
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A short story with one captioned photo, labelled as captions are on many sites.
const CAPTIONED: &str = "Harbour reopens after the storm\n\n\
    Image caption Fishing boats wait beside the repaired harbour wall.\n\n\
    The harbour reopened on Tuesday after three days of repairs to the sea wall.\n\n\
    Boats returned to their moorings by the afternoon, and the ferry ran on time.\n";

/// The caption's sentence in [`CAPTIONED`].
const CAPTION: &str = "Image caption Fishing boats wait beside the repaired harbour wall.";

fn plan_json(args: &[&str], stdin: Option<&str>) -> Value {
    let mut full = vec!["plan", "--json"];
    full.extend_from_slice(args);
    let out = narrate(&full, stdin.map(str::as_bytes));
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("plan --json prints JSON")
}

/// The sentence of a JSON plan with this text.
fn sentence<'a>(plan: &'a Value, text: &str) -> &'a Value {
    plan["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .find(|s| s["text"] == text)
        .unwrap_or_else(|| panic!("no sentence '{text}' in {plan}"))
}

/// Renders `args` with espeak-ng en-us to `wav`; returns stderr and the seconds of audio.
fn render(args: &[&str], wav: &Path, stdin: Option<&str>) -> (String, f64) {
    let mut full = vec!["render", "--voice", "en-us", "-o", wav.to_str().unwrap()];
    full.extend_from_slice(args);
    let out = narrate(&full, stdin.map(str::as_bytes));
    assert!(out.status.success(), "{}", stderr(&out));
    let (spec, samples) = read_wav(wav);
    (stderr(&out), samples.len() as f64 / spec.sample_rate as f64)
}

/// The counts of a drop line `narrate: NAME: N narrated[ (K kept on request)], D dropped
/// (n reason, …); see `narrate plan … NAME``: (narrated, dropped, reasons in order).
fn drop_line(stderr: &str, name: &str) -> (u64, u64, Vec<(String, u64)>) {
    let re = Regex::new(&format!(
        r"(?m)^narrate: {}: (\d+) narrated(?: \(\d+ kept on request\))?, (\d+) dropped \(([^)]*)\); see `narrate plan[^`]* {}`$",
        regex::escape(name),
        regex::escape(name)
    ))
    .unwrap();
    let c = re
        .captures(stderr)
        .unwrap_or_else(|| panic!("no drop line for {name} in: {stderr}"));
    let reasons = c[3]
        .split(", ")
        .map(|part| {
            let (n, reason) = part.split_once(' ').expect("'COUNT REASON'");
            (reason.to_string(), n.parse().expect("a count"))
        })
        .collect();
    (c[1].parse().unwrap(), c[2].parse().unwrap(), reasons)
}

#[test]
fn render_says_what_it_dropped_and_why_as_plan_json_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    let article = seed();
    let name = article.to_str().unwrap();
    let (err, _) = render(&[name], &dir.path().join("seed.wav"), None);
    let (narrated, dropped, reasons) = drop_line(&err, name);

    let plan = plan_json(&[name], None);
    assert_eq!(narrated, plan["counts"]["narrated"].as_u64().unwrap());
    assert_eq!(dropped, plan["counts"]["dropped"].as_u64().unwrap());
    assert!(dropped > 0, "the seed has page furniture: {err}");
    // The same counts from the sentences themselves, reason by reason.
    let mut by_sentence: BTreeMap<String, u64> = BTreeMap::new();
    for s in plan["sentences"].as_array().unwrap() {
        if !s["keep"].as_bool().unwrap() {
            *by_sentence
                .entry(s["reason"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    let listed: BTreeMap<String, u64> = reasons.iter().cloned().collect();
    assert_eq!(listed, by_sentence, "{err}");
    assert_eq!(
        plan["counts"]["dropped_by_reason"],
        serde_json::to_value(&by_sentence).unwrap()
    );
    assert_eq!(reasons.iter().map(|(_, n)| n).sum::<u64>(), dropped);
    // Most first.
    assert!(reasons.windows(2).all(|w| w[0].1 >= w[1].1), "{reasons:?}");
    // The line comes with the line of the file written, and -q prints neither.
    assert!(err.contains("narrate: wrote "), "{err}");
    let quiet = narrate(
        &[
            "render",
            "-q",
            "--voice",
            "en-us",
            name,
            "-o",
            dir.path().join("q.wav").to_str().unwrap(),
        ],
        None,
    );
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn a_batch_says_it_for_each_input_and_a_clean_input_says_none_were_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let noisy = dir.path().join("noisy.txt");
    let clean = dir.path().join("clean.txt");
    std::fs::write(&noisy, CAPTIONED).unwrap();
    std::fs::write(
        &clean,
        "Council votes\n\nThe council met on Monday. It voted to keep the library open.\n",
    )
    .unwrap();
    let out = narrate(
        &[
            "render",
            "--voice",
            "en-us",
            noisy.to_str().unwrap(),
            clean.to_str().unwrap(),
            "-o",
            &format!("{}/", dir.path().join("out").display()),
        ],
        None,
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let (narrated, dropped, reasons) = drop_line(&err, noisy.to_str().unwrap());
    assert_eq!(
        (narrated, dropped, reasons),
        (3, 1, vec![("caption".to_string(), 1)])
    );
    let clean_line = format!("narrate: {}: 3 narrated, none dropped\n", clean.display());
    assert!(err.contains(&clean_line), "{err}");
    assert_eq!(
        err.matches("narrated").count(),
        2,
        "one line per input: {err}"
    );
}

#[test]
fn keep_caption_narrates_the_caption_and_plan_still_says_it_was_one() {
    let before = plan_json(&["-"], Some(CAPTIONED));
    let caption = sentence(&before, CAPTION);
    assert_eq!(caption["keep"], false, "{caption}");
    assert_eq!(caption["reason"], "caption", "{caption}");
    assert_eq!(caption["kept_on_request"], false, "{caption}");

    let after = plan_json(&["--keep", "caption", "-"], Some(CAPTIONED));
    let caption = sentence(&after, CAPTION);
    assert_eq!(caption["keep"], true, "{caption}");
    assert_eq!(caption["reason"], "caption", "the selector's reason stays");
    assert_eq!(caption["kept_on_request"], true, "{caption}");
    assert!(caption["spoken"].is_string(), "{caption}");
    assert_eq!(after["counts"]["kept_on_request"], 1);
    assert_eq!(
        after["counts"]["narrated"].as_u64().unwrap(),
        before["counts"]["narrated"].as_u64().unwrap() + 1
    );
    // Every other sentence is as it was.
    let others = |plan: &Value| -> Vec<Value> {
        plan["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["text"] != CAPTION)
            .cloned()
            .collect()
    };
    assert_eq!(others(&before), others(&after));

    // The listing marks it narrated, with the reason it was dropped for.
    let out = narrate(
        &["plan", "--keep", "caption", "-"],
        Some(CAPTIONED.as_bytes()),
    );
    let listing = stdout(&out);
    assert!(
        listing.contains(&format!("  + caption      {CAPTION}")),
        "{listing}"
    );
    assert!(listing.contains("(1 kept on request)"), "{listing}");

    // The render reads it: the audio is longer by the caption's few seconds.
    let dir = tempfile::tempdir().unwrap();
    let (err, without) = render(&["-"], &dir.path().join("without.wav"), Some(CAPTIONED));
    assert!(err.contains("1 dropped (1 caption)"), "{err}");
    let (err, with) = render(
        &["--keep", "caption", "-"],
        &dir.path().join("with.wav"),
        Some(CAPTIONED),
    );
    assert!(
        err.contains("4 narrated (1 kept on request), none dropped"),
        "{err}"
    );
    assert!(
        with > without + 2.0,
        "{with:.2} s with the caption, {without:.2} s without"
    );
}

#[test]
fn keep_all_narrates_every_sentence() {
    let name = seed();
    let plan = plan_json(&["--keep", "all", name.to_str().unwrap()], None);
    let sentences = plan["sentences"].as_array().unwrap();
    let with_reason = sentences.iter().filter(|s| !s["reason"].is_null()).count();
    assert!(with_reason > 0, "the seed has sentences the selector drops");
    for s in sentences {
        assert_eq!(s["keep"], true, "{s}");
        assert_eq!(s["kept_on_request"], !s["reason"].is_null(), "{s}");
    }
    assert_eq!(plan["counts"]["dropped"], 0);
    assert_eq!(plan["counts"]["narrated"], sentences.len());
    assert_eq!(plan["counts"]["kept_on_request"], with_reason);
    assert_eq!(plan["counts"]["dropped_by_reason"], serde_json::json!({}));
    // Naming every reason keeps as much as all.
    let every: Vec<&str> = narrate::Reason::ALL.iter().map(|r| r.as_str()).collect();
    let named = plan_json(&["--keep", &every.join(","), name.to_str().unwrap()], None);
    assert_eq!(named["sentences"], plan["sentences"]);
}

#[test]
fn nothing_to_narrate_points_to_plan_and_keep_which_renders_it() {
    let text = "CLICK HERE TO GET THE FOX NEWS APP\n\n(AP Photo/Alex Brandon)\n";
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("x.wav");
    let out = narrate(
        &[
            "render",
            "--voice",
            "en-us",
            "-",
            "-o",
            wav.to_str().unwrap(),
        ],
        Some(text.as_bytes()),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let keep = Regex::new(r"`--keep ([a-z,-]+)` narrates them")
        .unwrap()
        .captures(&err)
        .unwrap_or_else(|| panic!("no --keep in: {err}"))[1]
        .to_string();
    assert!(err.contains("narrate plan -"), "{err}");
    assert!(!wav.exists());
    // The --keep it names renders the text.
    let (_, seconds) = render(&["--keep", &keep, "-"], &wav, Some(text));
    assert!(seconds > 1.0, "{seconds} s");
}

#[test]
fn an_unknown_reason_is_a_usage_error_that_lists_the_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("x.wav");
    let article = seed();
    for args in [
        vec!["plan", "--keep", "captions", article.to_str().unwrap()],
        vec![
            "render",
            "--keep",
            "caption,bogus",
            article.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
        ],
        vec!["plan", "--keep", "", article.to_str().unwrap()],
    ] {
        let out = narrate(&args, None);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(stdout(&out).is_empty(), "{args:?}");
        assert!(err.contains("--keep"), "{err}");
        for reason in narrate::Reason::ALL {
            assert!(err.contains(reason.as_str()), "{reason} missing: {err}");
        }
        assert!(err.contains("all"), "{err}");
    }
    assert!(!wav.exists(), "nothing is rendered");
}

#[test]
fn the_readme_lists_every_reason_keep_takes() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let section = readme
        .split("## Dropped sentences")
        .nth(1)
        .expect("a section on dropped sentences");
    for reason in narrate::Reason::ALL {
        let row = format!("\n| `{reason}` | ");
        assert!(section.contains(&row), "README: no row for {reason}");
    }
}
