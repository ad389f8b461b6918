//! The finished file through the binary, with the real espeak-ng voice: loudness
//! normalisation measured on the written audio (EBU R128), every output format decoded
//! again, resampling, and WAV streamed to standard output.

mod common;

use common::{narrate, read_wav, rms, seed, stderr, stdout};
use narrate::master::loudness::measure;
use narrate::master::resample::convert_position;
use std::io::Cursor;
use std::path::Path;

/// Renders the seed article with espeak-ng en-us, one job, and `extra` flags to `out`
/// (see [`common::render_in_order`]).
fn render(out: &Path, extra: &[&str]) -> std::process::Output {
    common::render_in_order(&seed(), out, extra)
}

fn loudness_of(samples: &[f32], rate: u32) -> (f64, f64) {
    let m = measure(samples, rate).unwrap();
    (m.integrated_lufs.unwrap(), m.true_peak_dbtp)
}

#[test]
fn the_narration_is_brought_to_the_loudness_target_under_the_peak_ceiling() {
    let dir = tempfile::tempdir().unwrap();
    let natural = dir.path().join("natural.wav");
    render(&natural, &["--no-loudness"]);
    let (spec, raw) = read_wav(&natural);
    let (raw_lufs, raw_peak) = loudness_of(&raw, spec.sample_rate);
    // espeak-ng's own level is far from the target, with peaks near full scale: the
    // test means something only if normalising has work to do.
    assert!(raw_lufs < -18.0 && raw_peak > -1.0, "{raw_lufs} {raw_peak}");

    for (flags, target) in [(&[][..], -16.0), (&["--loudness", "-23"][..], -23.0)] {
        let path = dir.path().join(format!("at{}.wav", -target as i32));
        let result = render(&path, flags);
        let (spec, samples) = read_wav(&path);
        assert_eq!(
            samples.len(),
            raw.len(),
            "normalising keeps every sample in place"
        );
        let (lufs, peak) = loudness_of(&samples, spec.sample_rate);
        assert!((lufs - target).abs() <= 0.5, "{flags:?}: {lufs} LUFS");
        assert!(peak <= -1.0, "{flags:?}: true peak {peak} dBTP");
        assert!(
            stderr(&result).contains(&format!("{target:.1} LUFS"))
                || stderr(&result).contains(&format!("{:.1} LUFS", lufs)),
            "{}",
            stderr(&result)
        );
        // The pauses stay where they were: each of the natural render's is found again
        // (within 30 ms at each end: a louder fade-out crosses the threshold later).
        let quiet = |s: &[f32], ms| common::silences(s, spec.sample_rate, ms);
        let (before, after) = (quiet(&raw, 300), quiet(&samples, 200));
        assert!(before.len() >= 5, "{}", before.len());
        let near = |a: usize, b: usize| a.abs_diff(b) <= spec.sample_rate as usize * 3 / 100;
        for (start, end) in &before {
            assert!(
                after
                    .iter()
                    .any(|(s, e)| near(*s, *start) && near(*e, *end)),
                "{flags:?}: the pause at {start}..{end} moved"
            );
        }
    }
}

#[test]
fn the_piper_voice_is_normalised_too() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("joe.wav");
    let out = narrate(
        &[
            "render",
            "-",
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "joe",
        ],
        Some(b"Loudness check\n\nThe general spoke for an hour on Tuesday. Nobody asked a question.\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    let (lufs, peak) = loudness_of(&samples, spec.sample_rate);
    assert!((lufs + 16.0).abs() <= 0.5, "{lufs} LUFS");
    assert!(peak <= -1.0, "{peak} dBTP");
}

#[test]
fn a_long_narration_measured_in_stretches_reaches_the_target_too() {
    // Over five minutes of audio: the limiter's effect is measured on a quarter of it.
    let gold = common::devdata_file("gold.jsonl");
    let bodies: Vec<String> = gold
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["articleBody"].as_str().map(str::to_string))
        .take(8)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("long.txt");
    std::fs::write(
        &article,
        format!("Eight stories\n\n{}\n", bodies.join("\n\n")),
    )
    .unwrap();
    let wav = dir.path().join("long.wav");
    let out = narrate(
        &[
            "render",
            article.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "--voice",
            "en-us",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    assert!(
        samples.len() > spec.sample_rate as usize * 360,
        "over six minutes"
    );
    let (lufs, peak) = loudness_of(&samples, spec.sample_rate);
    assert!((lufs + 16.0).abs() <= 0.5, "{lufs} LUFS");
    assert!(peak <= -1.0, "{peak} dBTP");
}

/// FLAC decoded with claxon.
fn read_flac(path: &Path) -> (u32, u32, Vec<i32>) {
    let mut reader = claxon::FlacReader::open(path).unwrap();
    let info = reader.streaminfo();
    let samples = reader.samples().map(|s| s.unwrap()).collect();
    (info.sample_rate, info.bits_per_sample, samples)
}

/// MP3 decoded with symphonia, trimmed as the LAME tag says (gapless).
fn read_mp3(path: &Path) -> (u32, Vec<f32>) {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    let bytes = std::fs::read(path).unwrap();
    let stream = MediaSourceStream::new(Box::new(Cursor::new(bytes)), Default::default());
    let mut hint = symphonia::core::probe::Hint::new();
    hint.with_extension("mp3");
    let mut format = symphonia::default::get_probe()
        .format(
            &hint,
            stream,
            &FormatOptions {
                enable_gapless: true,
                ..Default::default()
            },
            &Default::default(),
        )
        .unwrap()
        .format;
    let track = format.default_track().unwrap().clone();
    let rate = track.codec_params.sample_rate.unwrap();
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &Default::default())
        .unwrap();
    let mut out = Vec::new();
    while let Ok(packet) = format.next_packet() {
        let decoded = decoder.decode(&packet).unwrap();
        let mut buf = SampleBuffer::<f32>::new(decoded.capacity() as u64, *decoded.spec());
        buf.copy_interleaved_ref(decoded);
        out.extend_from_slice(buf.samples());
    }
    (rate, out)
}

/// Ogg Opus decoded at 48 kHz as RFC 7845 says a player does: pre-skip dropped, the
/// end cut at the last granule position.
fn read_opus(path: &Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap();
    let mut reader = ogg::PacketReader::new(Cursor::new(bytes));
    let head = reader.read_packet_expected().unwrap();
    assert_eq!(&head.data[..8], b"OpusHead");
    let _tags = reader.read_packet_expected().unwrap();
    let pre_skip = u16::from_le_bytes([head.data[10], head.data[11]]) as usize;
    let mut decoder = opus::Decoder::new(48000, opus::Channels::Mono).unwrap();
    let mut all = Vec::new();
    let mut end = 0;
    let mut buf = vec![0f32; 5760];
    while let Some(packet) = reader.read_packet().unwrap() {
        let n = decoder.decode_float(&packet.data, &mut buf, false).unwrap();
        all.extend_from_slice(&buf[..n]);
        if packet.last_in_stream() {
            end = packet.absgp_page() as usize;
        }
    }
    all[pre_skip..end].to_vec()
}

/// The correlation of two signals of one length.
fn correlation(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (*x as f64) * (*y as f64))
        .sum();
    let na: f64 = a.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    dot / (na * nb)
}

#[test]
fn every_format_holds_the_same_narration() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("a.wav");
    render(&wav, &[]);
    let (spec, reference) = read_wav(&wav);
    assert_eq!((spec.bits_per_sample, spec.sample_rate), (16, 22050));
    // A new file's permissions follow the umask, as for any program's output (the
    // temporary file it was written to is private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: umask only swaps the process's mask; it is put back at once.
        let umask = unsafe {
            let m = libc::umask(0o022);
            libc::umask(m);
            m
        };
        let mode = std::fs::metadata(&wav).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !(umask as u32), "{mode:o}");
    }

    // FLAC, 16 and 24 bits: lossless, the same samples.
    let flac = dir.path().join("a.flac");
    render(&flac, &[]);
    let (rate, bits, samples) = read_flac(&flac);
    assert_eq!((rate, bits), (22050, 16));
    let as_f32: Vec<f32> = samples.iter().map(|&s| s as f32 / 32768.0).collect();
    assert!(as_f32 == reference, "FLAC holds the WAV's samples");
    let flac24 = dir.path().join("b.flac");
    render(&flac24, &["--sample-format", "s24"]);
    let (_, bits, samples24) = read_flac(&flac24);
    assert_eq!(bits, 24);
    assert_eq!(samples24.len(), reference.len());
    let err = samples24
        .iter()
        .zip(&reference)
        .map(|(&s, &r)| (s as f32 / 8_388_608.0 - r).abs())
        .fold(0.0f32, f32::max);
    assert!(
        err < 1.0 / 32768.0,
        "24-bit is the 16-bit narration with finer steps: {err}"
    );

    // WAV as 32-bit float.
    let float = dir.path().join("f.wav");
    render(&float, &["--sample-format", "f32"]);
    let mut reader = hound::WavReader::open(&float).unwrap();
    assert_eq!(reader.spec().sample_format, hound::SampleFormat::Float);
    let floats: Vec<f32> = reader.samples::<f32>().map(|s| s.unwrap()).collect();
    assert_eq!(floats.len(), reference.len());

    // MP3: gapless, so the same length, and the same sound.
    let mp3 = dir.path().join("a.mp3");
    render(&mp3, &["--bitrate", "96"]);
    let (rate, decoded) = read_mp3(&mp3);
    assert_eq!(rate, 22050);
    assert_eq!(decoded.len(), reference.len());
    assert!(correlation(&decoded, &reference) > 0.95);
    let level = 20.0 * (rms(&decoded) / rms(&reference)).log10();
    assert!(level.abs() < 0.5, "{level} dB");

    // Ogg Opus, at 48 kHz: the same length in time, and the same sound.
    let opus = dir.path().join("a.opus");
    render(&opus, &[]);
    let decoded = read_opus(&opus);
    let expected = convert_position(reference.len() as u64, 22050, 48000) as usize;
    assert!(
        (decoded.len() as i64 - expected as i64).abs() <= 3,
        "{} vs {expected}",
        decoded.len()
    );
    let level = 20.0 * (rms(&decoded) / rms(&reference)).log10();
    assert!(level.abs() < 0.5, "{level} dB");

    // The format by flag, for a directory of outputs.
    let outdir = dir.path().join("dir/");
    render(&outdir, &["--format", "flac"]);
    assert!(dir.path().join("dir/article.flac").is_file());
}

#[test]
fn a_sample_rate_resamples_the_audio_and_its_timings() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.wav");
    render(&base, &["--manifest"]);
    let (_, reference) = read_wav(&base);
    let wav = dir.path().join("16k.wav");
    render(&wav, &["--sample-rate", "16000", "--manifest"]);
    let (spec, samples) = read_wav(&wav);
    assert_eq!(spec.sample_rate, 16000);
    assert_eq!(
        samples.len() as u64,
        convert_position(reference.len() as u64, 22050, 16000)
    );
    let manifest = |p: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p.with_extension("json")).unwrap()).unwrap()
    };
    let (m16, m22) = (manifest(&wav), manifest(&base));
    assert_eq!(m16["sample_rate"], 16000);
    assert_eq!(m16["samples"].as_u64().unwrap(), samples.len() as u64);
    // The same moments, in the new rate's samples.
    let first = |m: &serde_json::Value, k: &str| m["sentences"][1][k].as_u64().unwrap();
    assert_eq!(
        first(&m16, "start_sample"),
        convert_position(first(&m22, "start_sample"), 22050, 16000)
    );
    // Resampled speech sounds the same: equal loudness.
    let (a, _) = loudness_of(&samples, 16000);
    let (b, _) = loudness_of(&reference, 22050);
    assert!((a - b).abs() < 0.3, "{a} vs {b}");
}

#[test]
fn wav_streams_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file.wav");
    render(&file, &["--no-loudness"]);
    let (_, reference) = read_wav(&file);
    let seed = seed();
    for flags in [&["--no-loudness"][..], &[][..]] {
        let mut args = vec![
            "render",
            seed.to_str().unwrap(),
            "-o",
            "-",
            "--voice",
            "en-us",
            "-j",
            "1",
        ];
        args.extend_from_slice(flags);
        let out = narrate(&args, None);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(&out.stdout[..4], b"RIFF");
        let samples = parse_pipe_wav(&out.stdout);
        assert_eq!(samples.len(), reference.len(), "{flags:?}");
        if flags.is_empty() {
            let (lufs, _) = loudness_of(&samples, 22050);
            assert!((lufs + 16.0).abs() <= 0.5, "{lufs}");
        } else {
            assert!(samples == reference, "the piped WAV is the file's");
        }
    }
    // Nothing but audio on standard output: subtitles and manifests need a file (other
    // formats to standard output: tests/conventions.rs).
    for flags in [&["--subtitles", "srt"][..], &["--manifest"][..]] {
        let mut args = vec!["render", seed.to_str().unwrap(), "-o", "-"];
        args.extend_from_slice(flags);
        let out = narrate(&args, None);
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}

/// The samples of a 16-bit mono WAV read from a pipe, whose sizes may say "unknown"
/// (0xFFFFFFFF): the data chunk runs to the end.
fn parse_pipe_wav(bytes: &[u8]) -> Vec<f32> {
    assert_eq!(&bytes[8..12], b"WAVE");
    let mut at = 12;
    loop {
        let id = &bytes[at..at + 4];
        let size = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        if id == b"data" {
            let data = &bytes[at + 8..];
            let data = if size == u32::MAX as usize {
                data
            } else {
                assert_eq!(size, data.len(), "a known length is the real one");
                &data[..size]
            };
            return data
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0)
                .collect();
        }
        at += 8 + size + size % 2;
    }
}

#[test]
fn bad_output_options_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed();
    let seed = seed.to_str().unwrap();
    for (args, needle) in [
        (vec!["-o", "x.mp3", "--format", "flac"], "--format"),
        (vec!["-o", "x.aiff"], ".wav"),
        (vec!["-o", "x.flac", "--sample-format", "f32"], "float"),
        (vec!["-o", "x.wav", "--bitrate", "64"], "bitrate"),
        (vec!["-o", "x.wav", "--sample-rate", "100"], "100"),
        (vec!["-o", "x.wav", "--loudness", "3"], "3"),
    ] {
        // File names are put in the temporary directory.
        let args: Vec<String> = args
            .iter()
            .map(|a| match a.starts_with("x.") {
                true => dir.path().join(a).to_string_lossy().into_owned(),
                false => a.to_string(),
            })
            .collect();
        let mut full = vec!["render", seed];
        full.extend(args.iter().map(String::as_str));
        let out = narrate(&full, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(needle), "{args:?}: {err}");
        // clap's usage errors add a usage line and a hint; narrate's own are one line.
        assert!(err.trim().lines().count() <= 4, "{err}");
        assert!(stdout(&out).is_empty());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
