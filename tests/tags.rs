//! Tags and chapters through the binary, read back by an independent reader: ffprobe
//! (Debian's ffmpeg, which scripts/setup.sh installs). Each format is rendered with the
//! espeak-ng voice from a Markdown article with front matter and two headings
//! (tests/data/tags/lighthouse.md), with a cover and a comment; ffprobe must show the
//! tags, one chapter per heading (the first from the title) starting where the
//! manifest's sentences start, and the cover as an attached picture.

mod common;

use common::{narrate, repo, stderr};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn article() -> String {
    repo()
        .join("tests/data/tags/lighthouse.md")
        .display()
        .to_string()
}

fn cover() -> String {
    repo()
        .join("tests/data/tags/cover.png")
        .display()
        .to_string()
}

/// `ffprobe -show_format -show_chapters -show_streams` as JSON.
fn probe(path: &Path) -> Value {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_format",
            "-show_chapters",
            "-show_streams",
        ])
        .args(["-of", "json"])
        .arg(path)
        .output()
        .expect("ffprobe runs (scripts/setup.sh installs ffmpeg)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A tag's value, whatever the case of its key (ID3 and RIFF keys come lower-case,
/// Vorbis comments as written).
fn tag<'a>(tags: &'a Value, key: &str) -> Option<&'a str> {
    tags.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.as_str())
}

/// Renders the article to `name` in a new folder, with the manifest; the file's probe
/// and the manifest.
fn render(dir: &Path, name: &str, extra: &[&str]) -> (Value, Value) {
    let out_path = dir.join(name);
    let out_arg = out_path.display().to_string();
    let article = article();
    let cover = cover();
    let mut args = vec![
        "render",
        &article,
        "-o",
        &out_arg,
        "--voice",
        "en-us",
        "-j",
        "1",
        "-q",
        "--manifest",
        "--cover",
        &cover,
        "--comment",
        "Read aloud by narrate",
    ];
    args.extend_from_slice(extra);
    let out = narrate(&args, None);
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(out_path.with_extension("json")).expect("the manifest"),
    )
    .unwrap();
    (probe(&out_path), manifest)
}

/// Where each heading's first sentence starts, by the manifest, in seconds; and the
/// chapter titles the article has.
fn heading_starts(manifest: &Value) -> Vec<f64> {
    let heading_blocks: Vec<u64> = manifest["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "heading")
        .map(|b| b["index"].as_u64().unwrap())
        .collect();
    heading_blocks
        .iter()
        .map(|&block| {
            manifest["sentences"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["block"].as_u64() == Some(block))
                .unwrap()["start"]
                .as_f64()
                .unwrap()
        })
        .collect()
}

const TITLES: [&str; 3] = [
    "The Keeper Leaves the Light",
    "A life on the rock",
    "What happens next",
];

fn check_chapters(name: &str, probe: &Value, manifest: &Value) {
    let chapters = probe["chapters"].as_array().unwrap();
    let titles: Vec<&str> = chapters
        .iter()
        .map(|c| c["tags"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, TITLES, "{name}");
    let starts: Vec<f64> = chapters
        .iter()
        .map(|c| c["start_time"].as_str().unwrap().parse().unwrap())
        .collect();
    let ends: Vec<f64> = chapters
        .iter()
        .map(|c| c["end_time"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(starts[0], 0.0, "{name}: the first chapter starts the file");
    let headings = heading_starts(manifest);
    assert_eq!(headings.len(), 2, "{name}");
    for (chapter, heading) in starts[1..].iter().zip(&headings) {
        // Chapter times are in milliseconds, the manifest's rounded to them.
        assert!(
            (chapter - heading).abs() <= 0.0015,
            "{name}: chapter at {chapter} s, heading at {heading} s"
        );
    }
    // Each chapter ends where the next starts; the last at the end of the audio.
    assert_eq!(&ends[..2], &starts[1..], "{name}");
    let duration = manifest["duration"].as_f64().unwrap();
    assert!(
        (ends[2] - duration).abs() <= 0.01,
        "{name}: {} of {duration}",
        ends[2]
    );
    // The manifest lists the same chapters.
    let listed: Vec<(&str, f64)> = manifest["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["title"].as_str().unwrap(), c["start"].as_f64().unwrap()))
        .collect();
    assert_eq!(listed.len(), 3, "{name}");
    for ((title, start), (expected, probed)) in listed.iter().zip(TITLES.iter().zip(&starts)) {
        assert_eq!(title, expected);
        assert!((start - probed).abs() <= 0.0015, "{name}: {start} {probed}");
    }
}

fn check_tags(name: &str, tags: &Value, source: bool) {
    assert_eq!(tag(tags, "title"), Some(TITLES[0]), "{name}: {tags}");
    assert_eq!(tag(tags, "artist"), Some("Ines Arbuckle"), "{name}: {tags}");
    assert_eq!(
        tag(tags, "album"),
        Some("Coastline Weekly"),
        "{name}: {tags}"
    );
    assert_eq!(tag(tags, "date"), Some("2021-09-14"), "{name}: {tags}");
    assert_eq!(
        tag(tags, "comment"),
        Some("Read aloud by narrate"),
        "{name}: {tags}"
    );
    if source {
        assert_eq!(
            tag(tags, "source"),
            Some("https://coastline.example/keeper"),
            "{name}: {tags}"
        );
    }
}

fn attached_picture(probe: &Value) -> bool {
    probe["streams"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["codec_name"] == "png" && s["disposition"]["attached_pic"].as_i64() == Some(1))
}

#[test]
fn mp3_has_id3_tags_chapters_and_the_cover() {
    let dir = tempfile::tempdir().unwrap();
    let (probe, manifest) = render(dir.path(), "a.mp3", &[]);
    check_tags("mp3", &probe["format"]["tags"], false);
    check_chapters("mp3", &probe, &manifest);
    assert!(attached_picture(&probe), "{probe}");
}

#[test]
fn flac_has_vorbis_comments_chapters_and_the_cover() {
    let dir = tempfile::tempdir().unwrap();
    let (probe, manifest) = render(dir.path(), "a.flac", &[]);
    check_tags("flac", &probe["format"]["tags"], true);
    check_chapters("flac", &probe, &manifest);
    assert!(attached_picture(&probe), "{probe}");
}

#[test]
fn opus_has_vorbis_comments_chapters_and_the_cover_without_loudness_too() {
    // Without loudness normalisation the file is written while the narration is
    // synthesized, and the chapter times are written over their placeholders.
    for extra in [&[][..], &["--no-loudness"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let (probe, manifest) = render(dir.path(), "a.opus", extra);
        // An Ogg stream carries its comments itself.
        check_tags("opus", &probe["streams"][0]["tags"], true);
        check_chapters("opus", &probe, &manifest);
        assert!(attached_picture(&probe), "{probe}");
    }
}

#[test]
fn wav_has_a_list_info_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let (probe, manifest) = render(dir.path(), "a.wav", &[]);
    check_tags("wav", &probe["format"]["tags"], false);
    // WAV has no chapters; the manifest has them.
    assert!(probe["chapters"].as_array().unwrap().is_empty());
    assert_eq!(manifest["chapters"].as_array().unwrap().len(), 3);
}

#[test]
fn wav_to_standard_output_carries_its_tags_too() {
    let dir = tempfile::tempdir().unwrap();
    let article = article();
    let out = narrate(
        &[
            "render",
            &article,
            "-o",
            "-",
            "--voice",
            "en-us",
            "-j",
            "1",
            "-q",
            "--comment",
            "Read aloud by narrate",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let piped = dir.path().join("piped.wav");
    std::fs::write(&piped, &out.stdout).unwrap();
    let probe = probe(&piped);
    check_tags("wav to standard output", &probe["format"]["tags"], false);
    // ffprobe reads the whole narration after the tags.
    let duration: f64 = probe["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(duration > 10.0, "{probe}");
}

#[test]
fn options_override_what_the_input_says() {
    let dir = tempfile::tempdir().unwrap();
    let (probe, _) = render(
        dir.path(),
        "a.flac",
        &[
            "--title",
            "A Lamp Alone",
            "--author",
            "R. Vance",
            "--album",
            "Shorts",
            "--date",
            "2025",
        ],
    );
    let tags = &probe["format"]["tags"];
    assert_eq!(tag(tags, "title"), Some("A Lamp Alone"));
    assert_eq!(tag(tags, "artist"), Some("R. Vance"));
    assert_eq!(tag(tags, "album"), Some("Shorts"));
    assert_eq!(tag(tags, "date"), Some("2025"));
    // The first chapter takes the title given.
    assert_eq!(probe["chapters"][0]["tags"]["title"], "A Lamp Alone");
}

#[test]
fn a_missing_or_non_image_cover_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("a.mp3");
    let not_image = dir.path().join("cover.jpg");
    std::fs::write(&not_image, "just words").unwrap();
    let missing = dir.path().join("absent.png");
    for (cover, needle) in [
        (&not_image, "not a JPEG or PNG image"),
        (&missing, "cannot read the cover"),
    ] {
        let out = narrate(
            &[
                "render",
                &article(),
                "-o",
                out_path.to_str().unwrap(),
                "--voice",
                "en-us",
                "--cover",
                cover.to_str().unwrap(),
            ],
            None,
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(
            err.contains(needle) && err.starts_with("narrate: error:"),
            "{err}"
        );
        assert!(!out_path.exists());
    }
}

#[test]
fn plan_json_reports_the_metadata_and_chapters() {
    for (file, title, author, site, date, url, chapters) in [
        (
            "lighthouse.md",
            Some(TITLES[0]),
            "Ines Arbuckle",
            "Coastline Weekly",
            "2021-09-14",
            "https://coastline.example/keeper",
            &TITLES[..],
        ),
        (
            "harbour.html",
            None,
            "Priya Natarajan",
            "Harbour Gazette",
            "2024-03-09T07:15:00Z",
            "https://harbour.example/2024/ferry-timetable",
            &["Ferry timetable changes", "Evening sailings"][..],
        ),
    ] {
        let path = repo().join("tests/data/tags").join(file);
        let out = narrate(&["plan", "--json", path.to_str().unwrap()], None);
        assert!(out.status.success(), "{}", stderr(&out));
        let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
        let m = &plan["metadata"];
        assert_eq!(m["title"].as_str(), title, "{file}");
        assert_eq!(m["author"], author, "{file}");
        assert_eq!(m["site"], site, "{file}");
        assert_eq!(m["date"], date, "{file}");
        assert_eq!(m["url"], url, "{file}");
        let listed: Vec<&str> = plan["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap())
            .collect();
        assert_eq!(listed, chapters, "{file}");
        // The existing fields stay.
        assert!(plan["sentences"].as_array().unwrap().len() >= 4, "{file}");
    }
}
