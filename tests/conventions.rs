//! Shell conventions through the binary (issue 15): every format to standard output,
//! `--no-clobber`, `--skip-existing`, `--verbose`, `narrate voices --sample` and the
//! voice list's columns.

mod common;

use common::{narrate, narrate_env, stderr, stdout};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// A short article in a new temporary folder.
fn article(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("a.txt");
    std::fs::write(&input, text).expect("written");
    (dir, input)
}

const SHORT: &str = "A short note.\n\nIt has two sentences to read.\n";

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// MP3 decoded with symphonia, trimmed as the LAME tag says: its rate and samples.
fn decode_mp3(bytes: Vec<u8>) -> (u32, Vec<f32>) {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    let stream = MediaSourceStream::new(Box::new(Cursor::new(bytes)), Default::default());
    let mut hint = symphonia::core::probe::Hint::new();
    hint.with_extension("mp3");
    let options = FormatOptions {
        enable_gapless: true,
        ..Default::default()
    };
    let mut format = symphonia::default::get_probe()
        .format(&hint, stream, &options, &Default::default())
        .expect("an MP3 stream")
        .format;
    let track = format.default_track().expect("a track").clone();
    let rate = track.codec_params.sample_rate.expect("a rate");
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &Default::default())
        .expect("an MP3 decoder");
    let mut out = Vec::new();
    while let Ok(packet) = format.next_packet() {
        let decoded = decoder.decode(&packet).expect("a frame decodes");
        let mut buf = SampleBuffer::<f32>::new(decoded.capacity() as u64, *decoded.spec());
        buf.copy_interleaved_ref(decoded);
        out.extend_from_slice(buf.samples());
    }
    (rate, out)
}

/// FLAC decoded with claxon: its rate and samples.
fn decode_flac(bytes: Vec<u8>) -> (u32, Vec<i32>) {
    let mut reader = claxon::FlacReader::new(Cursor::new(bytes)).expect("a FLAC stream");
    let rate = reader.streaminfo().sample_rate;
    let samples = reader
        .samples()
        .map(|s| s.expect("a sample decodes"))
        .collect();
    (rate, samples)
}

/// Ogg Opus decoded at 48 kHz as a player does (pre-skip dropped, the end cut at the
/// last page's granule position): the samples.
fn decode_opus(bytes: Vec<u8>) -> Vec<f32> {
    let mut reader = ogg::PacketReader::new(Cursor::new(bytes));
    let head = reader.read_packet_expected().expect("a head packet");
    assert_eq!(&head.data[..8], b"OpusHead");
    let tags = reader.read_packet_expected().expect("a tags packet");
    assert_eq!(&tags.data[..8], b"OpusTags");
    let pre_skip = u16::from_le_bytes([head.data[10], head.data[11]]) as usize;
    let mut decoder = opus::Decoder::new(48000, opus::Channels::Mono).expect("a decoder");
    let (mut all, mut end) = (Vec::new(), 0);
    let mut buf = vec![0f32; 5760];
    while let Some(packet) = reader.read_packet().expect("an Ogg page") {
        let n = decoder
            .decode_float(&packet.data, &mut buf, false)
            .expect("a packet decodes");
        all.extend_from_slice(&buf[..n]);
        if packet.last_in_stream() {
            end = packet.absgp_page() as usize;
        }
    }
    all[pre_skip..end].to_vec()
}

/// `-o - --format F` writes the same audio to standard output as `-o FILE.F` writes to
/// the file: it decodes, at the same rate, to the same number of samples.
#[test]
fn every_format_goes_to_standard_output_as_it_goes_to_a_file() {
    let (dir, input) = article(SHORT);
    let render = |format: &str| -> (Vec<u8>, Vec<u8>) {
        let piped = narrate(
            &[
                "render",
                s(&input),
                "-v",
                "en-us",
                "-o",
                "-",
                "--format",
                format,
            ],
            None,
        );
        assert!(piped.status.success(), "{format}: {}", stderr(&piped));
        let file = dir.path().join(format!("a.{format}"));
        let out = narrate(&["render", s(&input), "-v", "en-us", "-o", s(&file)], None);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        (piped.stdout, std::fs::read(&file).expect("the file"))
    };

    let (piped, file) = render("mp3");
    let (piped_rate, piped_samples) = decode_mp3(piped);
    let (file_rate, file_samples) = decode_mp3(file);
    assert_eq!(piped_rate, file_rate);
    assert!(piped_samples.len() > file_rate as usize, "over a second");
    assert_eq!(piped_samples.len(), file_samples.len());

    let (piped, file) = render("flac");
    let (piped_rate, piped_samples) = decode_flac(piped);
    let (file_rate, file_samples) = decode_flac(file);
    assert_eq!(piped_rate, file_rate);
    assert!(piped_samples.len() > file_rate as usize, "over a second");
    // Lossless and deterministic: the very same samples.
    assert_eq!(piped_samples, file_samples);

    let (piped, file) = render("opus");
    let (piped, file) = (decode_opus(piped), decode_opus(file));
    assert!(piped.len() > 48_000, "over a second");
    assert_eq!(piped.len(), file.len());

    // WAV still streams, as before.
    let out = narrate(&["render", s(&input), "-v", "en-us", "-o", "-"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(&out.stdout[..4], b"RIFF");
    // And the listen page still needs a file name.
    let out = narrate(
        &["render", s(&input), "-o", "-", "--format", "mp3", "--page"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

/// Runs `narrate ARGS` in the folder `cwd`.
fn narrate_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    let (mut cmd, _cache) = common::command();
    cmd.current_dir(cwd)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("narrate runs")
}

/// The `--verbose` lines of one stage: `narrate: NAME: STAGE 1.23 ms (…)`.
fn stage_lines<'a>(err: &'a str, stage: &str) -> Vec<&'a str> {
    let pattern = regex::Regex::new(&format!(r"^narrate: .+: {stage} \d+\.\d\d ms \(.+\)$"))
        .expect("a pattern");
    err.lines().filter(|l| pattern.is_match(l)).collect()
}

#[test]
fn verbose_prints_each_stage_once_with_its_time_and_decisions() {
    let text = "A short note.\n\nIt has two sentences to read.\n\nPhoto: Jane Doe/Agency\n";
    let (dir, input) = article(text);
    let cache = dir.path().join("cache");
    let flac = dir.path().join("a.flac");
    let run = || {
        let out = narrate(
            &[
                "render",
                s(&input),
                "-v",
                "en-us",
                "-o",
                s(&flac),
                "--cache-dir",
                s(&cache),
                "--verbose",
            ],
            None,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    let first = run();
    for stage in [
        "read",
        "segment",
        "select",
        "speak",
        "synthesize",
        "master",
        "encode",
        "write",
    ] {
        assert_eq!(stage_lines(&first, stage).len(), 1, "{stage}: {first}");
    }
    let one = |err: &str, stage: &str| stage_lines(err, stage)[0].to_string();
    assert!(
        one(&first, "read").ends_with(&format!("(text, 3 blocks, {} bytes)", text.len())),
        "{first}"
    );
    assert!(one(&first, "segment").contains("(3 sentences)"), "{first}");
    assert!(
        one(&first, "select").contains("2 narrated, 1 dropped: 1 caption"),
        "{first}"
    );
    assert!(
        one(&first, "synthesize").contains("voice en-us, 2 sentences: 2 synthesized, 0 from cache"),
        "{first}"
    );
    let master = one(&first, "master");
    assert!(
        master.contains("measured -")
            && master.contains("gain +")
            && master.contains("to -16.0 LUFS"),
        "{master}"
    );
    assert!(
        one(&first, "encode").contains("(flac at 22050 Hz, 16-bit,"),
        "{first}"
    );
    assert!(one(&first, "write").contains("a.flac"), "{first}");
    assert_eq!(
        first
            .lines()
            .filter(|l| l.starts_with("narrate: start "))
            .count(),
        1,
        "{first}"
    );
    // Rendered again, every sentence comes from the cache, and -v says so.
    let again = run();
    assert!(
        one(&again, "synthesize").contains("0 synthesized, 2 from cache"),
        "{again}"
    );
    // Without loudness normalisation, mastering says so; resampling is named.
    let mp3 = dir.path().join("a.mp3");
    let out = narrate(
        &[
            "render",
            s(&input),
            "-v",
            "en-us",
            "-o",
            s(&mp3),
            "--no-loudness",
            "--sample-rate",
            "16000",
            "--verbose",
        ],
        None,
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        one(&err, "master").contains("no loudness normalisation, resampled 22050 Hz to 16000 Hz"),
        "{err}"
    );
    assert!(one(&err, "encode").contains("mp3 at 16000 Hz"), "{err}");
    // --verbose and --quiet contradict each other.
    let out = narrate(&["render", s(&input), "--verbose", "-q"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn verbose_names_each_input_of_a_batch() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let articles = dir.path().join("in");
    std::fs::create_dir(&articles).expect("a folder");
    for name in ["one", "two"] {
        std::fs::write(articles.join(format!("{name}.txt")), SHORT).expect("written");
    }
    let out_dir = dir.path().join("out");
    let out = narrate(
        &[
            "render",
            s(&articles),
            "-v",
            "en-us",
            "-o",
            &format!("{}/", s(&out_dir)),
            "--verbose",
        ],
        None,
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for name in ["one.txt", "two.txt"] {
        let lines: Vec<&str> = stage_lines(&err, "(read|synthesize|write)")
            .into_iter()
            .filter(|l| l.contains(name))
            .collect();
        assert_eq!(lines.len(), 3, "{name}: {err}");
    }
}

/// The files in `dir` and what they hold.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("a folder")
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("readable"),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn no_clobber_refuses_to_replace_any_output_before_any_work() {
    let (dir, input) = article(SHORT);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("a folder");
    let wav = out_dir.join("a.wav");
    // Cases: (files already there, extra options, the file named in the refusal).
    let cases: [(&[&str], &[&str], &str); 3] = [
        (&["a.wav"], &[], "a.wav"),
        (&["a.srt"], &["--subtitles", "srt"], "a.srt"),
        (&["a.json"], &["--manifest", "--subtitles", "vtt"], "a.json"),
    ];
    for (existing, extra, named) in cases {
        for f in std::fs::read_dir(&out_dir).expect("a folder").flatten() {
            std::fs::remove_file(f.path()).expect("removed");
        }
        for name in existing {
            std::fs::write(out_dir.join(name), b"kept as it is").expect("written");
        }
        let before = contents(&out_dir);
        // An unknown voice too: the refusal comes first, before the voice is opened.
        let mut args = vec![
            "render",
            s(&input),
            "-o",
            s(&wav),
            "-n",
            "--voice",
            "nosuch",
        ];
        args.extend_from_slice(extra);
        let out = narrate(&args, None);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("narrate: error: cannot write ")
                && err.contains(named)
                && err.contains("already exists"),
            "{err}"
        );
        assert_eq!(contents(&out_dir), before, "nothing changed");
        assert!(out.stdout.is_empty());
    }
    // Nothing in the way: written as without it.
    for f in std::fs::read_dir(&out_dir).expect("a folder").flatten() {
        std::fs::remove_file(f.path()).expect("removed");
    }
    let out = narrate(
        &[
            "render",
            s(&input),
            "-o",
            s(&wav),
            "--no-clobber",
            "-v",
            "en-us",
            "--manifest",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = contents(&out_dir).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["a.json", "a.wav"]);
}

#[test]
fn skip_existing_passes_over_inputs_whose_audio_exists() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let articles = dir.path().join("in");
    std::fs::create_dir(&articles).expect("a folder");
    for name in ["one", "two", "three"] {
        std::fs::write(articles.join(format!("{name}.txt")), SHORT).expect("written");
    }
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("a folder");
    // one: rendered before. two: only a manifest, which is not the product. three: new.
    std::fs::write(out_dir.join("one.wav"), b"rendered before").expect("written");
    std::fs::write(out_dir.join("two.json"), b"{}").expect("written");
    let out_arg = format!("{}/", s(&out_dir));
    let out = narrate(
        &[
            "render",
            s(&articles),
            "-v",
            "en-us",
            "-o",
            &out_arg,
            "--skip-existing",
        ],
        None,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("narrate: skipped ")
            && l.contains("one.txt")
            && l.contains("one.wav exists")),
        "{err}"
    );
    assert!(
        err.contains("rendered 2 of 3 inputs, 1 passed over"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(out_dir.join("one.wav")).expect("kept"),
        b"rendered before"
    );
    let listed: Vec<&str> = std::str::from_utf8(&out.stdout)
        .expect("UTF-8")
        .lines()
        .collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.iter().all(|l| !l.contains("one.wav")), "{listed:?}");
    for name in ["two.wav", "three.wav"] {
        assert!(out_dir.join(name).is_file(), "{name}");
    }

    // A single input already rendered: nothing done, said on stderr, exit 0; -q quiet.
    let one = articles.join("one.txt");
    let wav = out_dir.join("one.wav");
    let out = narrate(&["render", s(&one), "-o", s(&wav), "--skip-existing"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "narrate: skipped {}: {} exists (--skip-existing)",
            s(&one),
            s(&wav)
        )
    );
    assert!(out.stdout.is_empty());
    let out = narrate(
        &["render", s(&one), "-o", s(&wav), "--skip-existing", "-q"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
    assert_eq!(std::fs::read(&wav).expect("kept"), b"rendered before");
}

#[test]
fn a_voice_sample_goes_to_a_file_or_standard_output() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // By default, out/sample-NAME.wav, its path on standard output.
    let out = narrate_in(dir.path(), &["voices", "--sample", "en-us"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim_end(), "out/sample-en-us.wav");
    let (spec, samples) = common::read_wav(&dir.path().join("out/sample-en-us.wav"));
    let seconds = samples.len() as f64 / f64::from(spec.sample_rate);
    assert!((1.0..10.0).contains(&seconds), "{seconds} s");

    // Named with -o, in the format of its extension.
    let flac = dir.path().join("hear.flac");
    let out = narrate(&["voices", "--sample", "en-gb", "-o", s(&flac)], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let (rate, samples) = decode_flac(std::fs::read(&flac).expect("written"));
    assert!(samples.len() > rate as usize, "over a second");

    // To standard output, in any format.
    let out = narrate(
        &["voices", "--sample", "en-us", "-o", "-", "--format", "mp3"],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (rate, samples) = decode_mp3(out.stdout);
    assert!(samples.len() > rate as usize, "over a second");

    // An unknown voice: the error `render --voice` gives, word for word.
    let sample = narrate(&["voices", "--sample", "no-such-voice"], None);
    let (_, input) = article(SHORT);
    let render = narrate(&["render", s(&input), "--voice", "no-such-voice"], None);
    assert_eq!(sample.status.code(), Some(1));
    assert_eq!(render.status.code(), Some(1));
    assert!(stderr(&sample).contains("unknown voice 'no-such-voice'"));
    assert_eq!(stderr(&sample), stderr(&render));
}

#[test]
fn the_voice_list_stays_aligned_with_a_long_voice_name() {
    let voices = tempfile::tempdir().expect("a temporary folder");
    let long = "a-voice-with-a-name-much-longer-than-any-column";
    std::fs::write(
        voices.path().join("long.toml"),
        format!(
            "name = \"{long}\"\nengine = \"espeak-ng\"\nlanguage = \"en-us\"\nsample_rate = 22050\nlicence = \"GPL-3.0-or-later\"\ndescription = \"A test voice\"\n"
        ),
    )
    .expect("written");
    let out = narrate_env(&["voices"], &[("NARRATE_VOICES", voices.path())], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let list = stdout(&out);
    assert!(list.lines().count() > 10, "{list}");
    assert!(list.contains(long), "{list}");
    // Where a column starts: the position of its cell in the line, in characters.
    let column_of = |line: &str, cells: &[&str]| -> usize {
        let at = cells
            .iter()
            .filter_map(|c| line.find(&format!(" {c} ")))
            .min()
            .unwrap_or_else(|| panic!("no {cells:?} in {line:?}"));
        line[..at].chars().count() + 1
    };
    let engines: Vec<usize> = list
        .lines()
        .map(|l| column_of(l, &["espeak-ng", "piper"]))
        .collect();
    let states: Vec<usize> = list
        .lines()
        .map(|l| column_of(l, &["installed", "not installed"]))
        .collect();
    assert!(engines.iter().all(|&c| c == engines[0]), "{list}");
    assert!(states.iter().all(|&c| c == states[0]), "{list}");
    assert_eq!(engines[0], 2 + long.len() + 1, "{list}");
    assert!(
        list.lines().all(|l| l == l.trim_end()),
        "no trailing spaces"
    );
}
