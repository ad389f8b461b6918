//! Encoding streams: every format writes a long narration holding only a bounded amount
//! of memory, whatever the length (measured with a counting allocator), and the speed
//! of each encoder (`cargo test --release --test encode_streaming -- --ignored
//! --nocapture` prints it for ten minutes of speech-like audio).

use narrate::encode::{wav_to_pipe, EncodeOptions, Encoder, OutputFormat, SampleFormat};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time measures the heap.
static SERIAL: Mutex<()> = Mutex::new(());

/// A seekable sink that keeps nothing, like a file on a disk of any size.
#[derive(Default)]
struct NullSink {
    pos: u64,
    len: u64,
}

impl Write for NullSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pos += buf.len() as u64;
        self.len = self.len.max(self.pos);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Seek for NullSink {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.pos = match to {
            SeekFrom::Start(p) => p,
            SeekFrom::End(d) => self.len.saturating_add_signed(d),
            SeekFrom::Current(d) => self.pos.saturating_add_signed(d),
        };
        Ok(self.pos)
    }
}

/// Speech-like audio made as it is read: a glottal pulse train at a wandering pitch
/// through three formant resonators, with breath noise, syllables at 4 Hz, and a
/// 350 ms pause every 4 seconds.
struct SpeechLike {
    rate: f64,
    n: u64,
    phase: f64,
    seed: u32,
    /// Two past outputs of each resonator.
    state: [[f64; 2]; 3],
    coefs: [(f64, f64); 3],
}

impl SpeechLike {
    fn new(rate: u32) -> SpeechLike {
        let rate = f64::from(rate);
        let coefs = [(500.0, 80.0), (1500.0, 120.0), (2500.0, 160.0)].map(|(f, bw): (f64, f64)| {
            let r = (-std::f64::consts::PI * bw / rate).exp();
            (2.0 * r * (std::f64::consts::TAU * f / rate).cos(), -r * r)
        });
        SpeechLike {
            rate,
            n: 0,
            phase: 0.0,
            seed: 1,
            state: [[0.0; 2]; 3],
            coefs,
        }
    }

    fn fill(&mut self, out: &mut [f32]) {
        for o in out {
            let t = self.n as f64 / self.rate;
            self.n += 1;
            let in_sentence = t % 4.35;
            let envelope = if in_sentence < 4.0 {
                (std::f64::consts::TAU * 4.0 * in_sentence)
                    .sin()
                    .max(0.0)
                    .sqrt()
            } else {
                0.0
            };
            let f0 = 130.0 + 30.0 * (std::f64::consts::TAU * 0.5 * t).sin();
            self.phase += f0 / self.rate;
            let pulse = if self.phase >= 1.0 {
                self.phase -= 1.0;
                1.0
            } else {
                0.0
            };
            self.seed = self
                .seed
                .wrapping_mul(1_664_525)
                .wrapping_add(1_013_904_223);
            let noise = f64::from(self.seed >> 8) / f64::from(1u32 << 24) - 0.5;
            let mut x = pulse + 0.02 * noise;
            for (s, &(a1, a2)) in self.state.iter_mut().zip(&self.coefs) {
                let y = x + a1 * s[0] + a2 * s[1];
                s[1] = s[0];
                s[0] = y;
                x = y * 0.05;
            }
            *o = (envelope * x * 0.5).clamp(-1.0, 1.0) as f32;
        }
    }
}

/// Bytes malloc has given out and not had back: what the C libraries (LAME, libopus)
/// allocate too, which the counting allocator does not see.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn malloc_in_use() -> usize {
    // SAFETY: mallinfo2 only reads the allocator's statistics.
    let info = unsafe { libc::mallinfo2() };
    info.uordblks + info.hblkhd
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn malloc_in_use() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

/// What encoding took.
struct Run {
    /// The Rust heap's peak above what was in use before.
    peak: usize,
    /// All of malloc's in use just before the stream finished, above what was before.
    c_heap: isize,
    /// The file's size.
    size: u64,
    seconds: f64,
}

/// Where the audio comes from: made as it is read, or a minute made beforehand and
/// read again and again (so that only the encoder is timed).
enum Source {
    Made(SpeechLike),
    Minute(Vec<f32>, usize),
}

impl Source {
    fn fill(&mut self, out: &mut [f32]) {
        match self {
            Source::Made(speech) => speech.fill(out),
            Source::Minute(minute, at) => {
                for o in out {
                    *o = minute[*at];
                    *at = (*at + 1) % minute.len();
                }
            }
        }
    }
}

/// Encodes `seconds` of speech-like audio with `encoder` into a sink that keeps
/// nothing.
fn encode(encoder: &dyn Encoder, rate: u32, seconds: u64) -> Run {
    encode_from(encoder, rate, seconds, Source::Made(SpeechLike::new(rate)))
}

fn encode_from(encoder: &dyn Encoder, rate: u32, seconds: u64, mut speech: Source) -> Run {
    let mut sink = NullSink::default();
    let mut block = vec![0f32; 4410];
    let total = u64::from(rate) * seconds;
    let c_before = malloc_in_use() as isize;
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let c_heap;
    {
        let mut stream = encoder.start(rate, Some(total), &mut sink).unwrap();
        let mut left = total;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            speech.fill(&mut block[..n]);
            stream.write(&block[..n]).unwrap();
            left -= n as u64;
        }
        c_heap = malloc_in_use() as isize - c_before;
        stream.finish().unwrap();
    }
    Run {
        peak: PEAK.load(Ordering::Relaxed) - before,
        c_heap,
        size: sink.len,
        seconds: started.elapsed().as_secs_f64(),
    }
}

fn encoders() -> Vec<(&'static str, Box<dyn Encoder>)> {
    let with = |format: OutputFormat, sample_format| {
        format
            .encoder(&EncodeOptions {
                sample_format,
                bitrate_kbps: None,
            })
            .unwrap()
    };
    vec![
        ("WAV 16-bit", with(OutputFormat::Wav, SampleFormat::S16)),
        ("WAV 24-bit", with(OutputFormat::Wav, SampleFormat::S24)),
        ("WAV float", with(OutputFormat::Wav, SampleFormat::F32)),
        ("FLAC 16-bit", with(OutputFormat::Flac, SampleFormat::S16)),
        ("FLAC 24-bit", with(OutputFormat::Flac, SampleFormat::S24)),
        ("MP3 64 kbps", with(OutputFormat::Mp3, SampleFormat::S16)),
        ("Opus 32 kbps", with(OutputFormat::Opus, SampleFormat::S16)),
    ]
}

#[test]
fn memory_does_not_grow_with_the_length() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // A release build (CI's) encodes 30 minutes; a debug build, whose LAME and flacenc
    // are unoptimised, 3. Either way the peak must be the one of 20 seconds.
    let long = if cfg!(debug_assertions) { 180 } else { 1800 };
    for (name, encoder) in encoders() {
        let rate = encoder.output_rate(22050);
        let short = encode(encoder.as_ref(), rate, 20);
        let long_run = encode(encoder.as_ref(), rate, long);
        let audio_bytes = long * u64::from(rate) * 2;
        eprintln!(
            "{name}: peak Rust heap {} bytes for 20 s, {} bytes for {long} s; malloc in use before finishing {} and {} bytes; {} bytes written; the audio is {audio_bytes} bytes at 16 bits",
            short.peak, long_run.peak, short.c_heap, long_run.c_heap, long_run.size
        );
        // Bounded: the same as for 20 seconds, give or take a few blocks, and far less
        // than the audio; the C libraries' memory too.
        assert!(
            long_run.peak <= short.peak + 64 * 1024,
            "{name}: {} bytes for {long} s, {} for 20 s",
            long_run.peak,
            short.peak
        );
        assert!(long_run.peak < 2 << 20, "{name}: {} bytes", long_run.peak);
        assert!((long_run.peak as u64) < audio_bytes / 50, "{name}");
        assert!(
            long_run.c_heap <= short.c_heap.max(0) + 256 * 1024,
            "{name}: malloc {} bytes for {long} s, {} for 20 s",
            long_run.c_heap,
            short.c_heap
        );
    }
    // The pipe writer too.
    let mut out = std::io::sink();
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let mut stream = wav_to_pipe(
        &mut out,
        22050,
        SampleFormat::S16,
        None,
        &narrate::tags::Tags::default(),
    )
    .unwrap();
    let mut speech = SpeechLike::new(22050);
    let mut block = vec![0f32; 4410];
    for _ in 0..long * 5 {
        speech.fill(&mut block);
        stream.write(&block).unwrap();
    }
    stream.finish().unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(peak < 256 * 1024, "pipe: {peak} bytes");
}

/// Ten minutes of 22,050 Hz speech-like audio through each encoder (Opus at 24 kHz, the
/// rate it is written at for 22,050 Hz audio; resampling is the caller's and is not
/// timed, nor is making the audio). The numbers in `src/encode/mod.rs` come from this,
/// in release.
#[test]
#[ignore]
fn encode_speed() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let seconds = 600;
    for (name, encoder) in encoders() {
        let rate = encoder.output_rate(22050);
        let mut minute = vec![0f32; rate as usize * 60];
        SpeechLike::new(rate).fill(&mut minute);
        let run = encode_from(encoder.as_ref(), rate, seconds, Source::Minute(minute, 0));
        eprintln!(
            "{name:>13}: {:6.2} s for {seconds} s at {rate} Hz ({:5.0}x real time), {:6.2} MB, {:6.1} kbps, peak Rust heap {} KB, malloc {} KB",
            run.seconds,
            seconds as f64 / run.seconds,
            run.size as f64 / 1e6,
            run.size as f64 * 8.0 / 1000.0 / seconds as f64,
            run.peak / 1024,
            run.c_heap / 1024
        );
    }
}
