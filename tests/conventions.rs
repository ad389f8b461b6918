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
