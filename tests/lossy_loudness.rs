//! Lossy files keep the loudness promise as a listener hears them: the seed rendered to
//! MP3 and Opus across the bitrates `--bitrate` allows, with espeak-ng and with the
//! Piper voice joe, then decoded and metered by ffmpeg (its own decoders and its own
//! EBU R128 meter, independent of narrate's; scripts/setup.sh installs it). Each file
//! must read within 0.3 LU of -16 LUFS with its true peak at or under -1 dBTP, and the
//! manifest must report what ffmpeg hears. Opus files are decoded twice, by ffmpeg's
//! own decoder and by libopus (as browsers and narrate decode them): decoders differ by
//! a few tenths of a dB in the peaks at low bitrates, and the promise holds for both;
//! the manifest is compared with the decoder narrate uses.

mod common;

use common::{narrate, seed, stderr};
use std::path::Path;
use std::process::Command;

/// Integrated loudness (LUFS) and true peak (dBTP) of a file, as ffmpeg decodes (with
/// `decoder`, else its default for the format) and meters it.
fn ffmpeg_ebur128(path: &Path, decoder: Option<&str>) -> (f64, f64) {
    let mut command = Command::new("ffmpeg");
    command.args(["-hide_banner", "-nostats"]);
    if let Some(decoder) = decoder {
        command.args(["-c:a", decoder]);
    }
    let out = command
        .arg("-i")
        .arg(path)
        .args(["-af", "ebur128=peak=true", "-f", "null", "-"])
        .output()
        .expect("ffmpeg runs (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = String::from_utf8_lossy(&out.stderr);
    let summary = &log[log.rfind("Summary:").expect("ffmpeg's summary")..];
    let value = |label: &str| -> f64 {
        let at = summary
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {summary}"));
        summary[at + label.len()..]
            .split_whitespace()
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("a number after {label} in {summary}"))
    };
    (value("I:"), value("Peak:"))
}

fn check(voice: &str, extension: &str, kbps: u32) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("seed.{extension}"));
    let kbps_arg = kbps.to_string();
    let out = narrate(
        &[
            "render",
            seed().to_str().unwrap(),
            "-o",
            file.to_str().unwrap(),
            "--voice",
            voice,
            "--bitrate",
            &kbps_arg,
            "--manifest",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // What ffmpeg's own decoder hears, and for Opus libopus too, which narrate uses.
    let decoders: &[Option<&str>] = match extension {
        "opus" => &[None, Some("libopus")],
        _ => &[None],
    };
    let mut heard = Vec::new();
    for &decoder in decoders {
        let (lufs, peak) = ffmpeg_ebur128(&file, decoder);
        let what = format!(
            "{voice} {extension} {kbps} kbps, decoded by {}: {lufs} LUFS, {peak} dBTP",
            decoder.unwrap_or("ffmpeg")
        );
        assert!((lufs + 16.0).abs() <= 0.3, "{what}");
        assert!(peak <= -1.0, "{what}");
        heard.push((lufs, peak, what));
    }
    let (lufs, peak, what) = heard.pop().expect("one decoder at least");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("seed.json")).unwrap()).unwrap();
    let reported = &manifest["loudness"];
    let reported_lufs = reported["integrated_lufs"].as_f64().unwrap();
    let reported_peak = reported["true_peak_dbtp"].as_f64().unwrap();
    // ffmpeg prints one decimal; true-peak meters differ by their oversampling filters.
    assert!(
        (reported_lufs - lufs).abs() <= 0.15,
        "{what}; manifest {reported}"
    );
    // narrate's true-peak meter reads as high as ffmpeg's or up to half a dB higher
    // (never lower: the promise is kept by the stricter of the two).
    assert!(
        (-0.15..=0.6).contains(&(reported_peak - peak)),
        "{what}; manifest {reported}"
    );
}

macro_rules! bitrates {
    ($($name:ident: $voice:expr, $ext:expr, $kbps:expr;)*) => {$(
        #[test]
        fn $name() {
            check($voice, $ext, $kbps);
        }
    )*};
}

bitrates! {
    espeak_mp3_at_the_lowest_bitrate: "en-us", "mp3", 16;
    espeak_mp3_at_32_kbps: "en-us", "mp3", 32;
    espeak_mp3_at_the_default_bitrate: "en-us", "mp3", 64;
    espeak_mp3_at_128_kbps: "en-us", "mp3", 128;
    espeak_mp3_at_the_highest_bitrate: "en-us", "mp3", 320;
    espeak_opus_at_the_lowest_bitrate: "en-us", "opus", 24;
    espeak_opus_at_48_kbps: "en-us", "opus", 48;
    espeak_opus_at_the_default_bitrate: "en-us", "opus", 32;
    espeak_opus_at_96_kbps: "en-us", "opus", 96;
    espeak_opus_at_the_highest_bitrate: "en-us", "opus", 510;
    joe_mp3_at_the_default_bitrate: "joe", "mp3", 64;
    joe_mp3_at_the_lowest_bitrate: "joe", "mp3", 16;
    joe_opus_at_the_default_bitrate: "joe", "opus", 32;
    joe_opus_at_the_lowest_bitrate: "joe", "opus", 24;
}

/// The bitrates below 24 kbps that libopus has are refused for Opus, with the range.
#[test]
fn opus_below_24_kbps_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seed.opus");
    let out = narrate(
        &[
            "render",
            seed().to_str().unwrap(),
            "-o",
            file.to_str().unwrap(),
            "--bitrate",
            "20",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("24 to 510"), "{}", stderr(&out));
    assert!(!file.exists());
}
