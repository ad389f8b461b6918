//! Rendering: a [`Plan`] and a [`Voice`] in, the finished files out: the audio in its
//! format, and beside it the subtitles, manifest and listen page asked for.
//!
//! The narration streams through in two passes, so that neither its length nor the
//! loudness normalisation makes memory grow:
//! 1. **Synthesis.** Sentences are synthesized in parallel windows and stitched in
//!    order (see [`Plan::render_into`]). Each part goes at once to a spool file (16-bit
//!    samples, an anonymous temporary file the system deletes even if narrate is killed)
//!    and through a loudness meter.
//! 2. **Mastering.** From the measured loudness comes the gain to the target. A
//!    measuring run over the spool with that gain and the true-peak limiter finds what
//!    the limiter took away, and the gain is corrected by it; the writing run then reads
//!    the spool again with the corrected gain through the limiter, the resampler (when
//!    the file's rate is not the voice's) and the encoder.
//!
//! Without loudness normalisation there is no spool: parts go straight through the
//! resampler to the encoder, so `-o -` (WAV) starts playing while later sentences are
//! still being synthesized. The other formats complete their headers at the end, so
//! for standard output they are encoded into an anonymous temporary file and copied
//! there once complete (memory stays the same; the disk holds the file meanwhile). Before anything is synthesized or written, a narration the file
//! cannot hold is refused: the plan's lower bound on its length
//! ([`Plan::shortest_seconds`]) against the format's limit (a WAV file's 32-bit sizes),
//! as is a rate the format cannot be written at. The audio file, its subtitles, its
//! manifest and its page are each written to a temporary file beside their target, and renamed into
//! place together when all are complete, or none of them is (see
//! [`output::commit_unit`]).

use crate::cache::Cache;
use crate::encode::{self, AtomicOutput, Encoder, OutputFormat, SampleFormat, Stream};
use crate::error::{Error, Result};
use crate::export::{self, Export, SubtitleFormat, Transcript};
use crate::master::decoded;
use crate::master::dips::Dips;
use crate::master::limiter::Limiter;
use crate::master::loudness::{Measurement, Meter, Target, TruePeak};
use crate::master::relay::{relay, Sink};
use crate::master::resample::{convert_position, Resampler};
use crate::output;
use crate::pipeline::{self, Plan};
use crate::stitch::{Part, Pauses};
use crate::synthesize::Voice;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Samples read from the spool at a time.
const BLOCK: usize = 1 << 15;

/// How to render, the same for every input of a run.
pub struct Options {
    pub pauses: Pauses,
    /// The loudness to bring the narration to; `None` leaves the voice's level.
    pub loudness: Option<Target>,
    /// The file's sample rate; `None` keeps the voice's (or the nearest the format
    /// takes).
    pub sample_rate: Option<u32>,
    pub encoder: Box<dyn Encoder>,
    /// For the manifest: the format's name and sample format.
    pub format_name: String,
    pub sample_format: SampleFormat,
    /// Subtitle files to write beside the audio.
    pub subtitles: Vec<SubtitleFormat>,
    /// Whether to write the manifest (`NAME.json`) beside the audio.
    pub manifest: bool,
    /// Whether to write the listen page (`NAME.html`) beside the audio.
    pub page: bool,
    /// The voice's credit on the listen page; when `None`, the page credits the voice
    /// by its name ([`export::page::voice_credit`]).
    pub credit: Option<export::VoiceCredit>,
    /// Voice settings, for the manifest.
    pub speed: f32,
    pub speaker: Option<String>,
    pub lexicon: bool,
    /// The tags the user sets (`--title`, `--cover`…), over what each input says.
    pub tags: crate::tags::TagOptions,
    /// Replace no file: the audio and every sidecar must be new (`--no-clobber`).
    pub no_clobber: bool,
}

/// Where the audio goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    File(PathBuf),
    /// Standard output: WAV streams there as it is made; the other formats are
    /// encoded into an anonymous temporary file first, as their headers are completed
    /// at the end, and copied there when complete.
    Stdout,
}

impl Destination {
    /// How it is named in messages.
    pub fn display(&self) -> String {
        match self {
            Destination::File(p) => p.display().to_string(),
            Destination::Stdout => "standard output".to_string(),
        }
    }

    fn path(&self) -> PathBuf {
        match self {
            Destination::File(p) => p.clone(),
            Destination::Stdout => PathBuf::from("standard output"),
        }
    }
}

/// What a render did.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Narrated sentences.
    pub sentences: usize,
    /// Of those, how many were synthesized and how many came from the cache.
    pub synthesized: usize,
    pub cached: usize,
    /// Length of the audio file, in samples at its rate.
    pub samples: u64,
    pub sample_rate: u32,
    /// Loudness of the written audio, when normalised.
    pub loudness: Option<export::Loudness>,
    /// The subtitle and manifest files written.
    pub sidecars: Vec<PathBuf>,
    /// How long each stage took (for `--verbose`).
    pub stages: Stages,
}

impl Rendered {
    pub fn duration(&self) -> f64 {
        self.samples as f64 / self.sample_rate.max(1) as f64
    }
}

/// Renders `plan` with `voice` to `destination`, with subtitles and manifest beside it,
/// taking sentences already spoken from `cache` and storing the others there. `tick` is
/// called once per finished sentence, from any thread.
pub fn render(
    plan: &Plan,
    voice: &dyn Voice,
    options: &Options,
    cache: Option<&Cache>,
    destination: &Destination,
    tick: &(dyn Fn() + Sync),
) -> Result<Rendered> {
    plan.check()?;
    let voice_rate = voice.sample_rate();
    let rate = options
        .encoder
        .output_rate(options.sample_rate.unwrap_or(voice_rate));
    let target = destination.path();
    let write_error = |source: std::io::Error| Error::Write {
        path: target.clone(),
        source,
    };
    let sidecars: Vec<(Box<dyn Export>, PathBuf)> = match destination {
        Destination::File(path) => options
            .subtitles
            .iter()
            .map(|f| f.exporter())
            .chain(
                options
                    .manifest
                    .then(|| Box::new(export::Manifest) as Box<dyn Export>),
            )
            .chain(
                options
                    .page
                    .then(|| Box::new(export::Page) as Box<dyn Export>),
            )
            .map(|e| {
                let p = path.with_extension(e.extension());
                (e, p)
            })
            .collect(),
        Destination::Stdout => Vec::new(),
    };
    for (_, p) in &sidecars {
        if Some(p.as_path()) == destination_path(destination) {
            return Err(Error::Usage(format!(
                "the audio file {} would be overwritten by its own subtitles, manifest or page",
                p.display()
            )));
        }
    }

    // WAV streams to standard output, of any length; every other file is encoded
    // into a file that can seek.
    let streamed = *destination == Destination::Stdout && options.encoder.extension() == "wav";
    if !streamed {
        options.encoder.check_rate(rate).map_err(Error::Usage)?;
        check_length(plan, options, rate)?;
    }

    // Every file of the unit is started before any work, so that a folder (or, with
    // --no-clobber, a file) in the way of one of them is found now rather than after
    // synthesis.
    let create = if options.no_clobber {
        AtomicOutput::create_new
    } else {
        AtomicOutput::create
    };
    let mut output = match destination {
        Destination::File(path) => Some(create(path)?),
        Destination::Stdout => None,
    };
    let mut sidecar_files = sidecars
        .iter()
        .map(|(_, path)| create(path))
        .collect::<Result<Vec<_>>>()?;
    // Standard output is locked only when the audio goes there: jobs running in
    // parallel print their paths on it.
    let mut pipe: Box<dyn Write> = match destination {
        Destination::Stdout => {
            Box::new(BufWriter::with_capacity(1 << 16, std::io::stdout().lock()))
        }
        Destination::File(_) => Box::new(std::io::sink()),
    };
    let mut unstreamed = match destination {
        Destination::Stdout if !streamed => Some(BufWriter::with_capacity(
            1 << 16,
            tempfile::tempfile().map_err(|source| Error::Write {
                path: PathBuf::from("a temporary file (the audio for standard output)"),
                source,
            })?,
        )),
        _ => None,
    };

    // The tags, with the chapters' titles; their times come once the audio is written.
    let mut tags = crate::tags::Tags::for_plan(plan, &options.tags);
    let title = tags.title.clone();
    let chapters = |timings: &[crate::stitch::Timing], samples: u64| {
        crate::tags::place_chapters(plan, title.as_deref(), timings, voice_rate, rate, samples)
    };

    // For --verbose: the time spent in the encoder, and the passes around it.
    let mut encoding = Stopwatch::default();
    let mut stages = Stages::default();
    let started = Instant::now();
    let (spoken, samples, loudness) = match options.loudness {
        Some(target) => {
            let (spoken, spool, measured) = synthesize_to_spool(plan, voice, options, cache, tick)?;
            stages.synthesize = started.elapsed();
            stages.measured_lufs = measured.integrated_lufs;
            let mastering = Instant::now();
            let spool_error = |source| Error::Write {
                path: PathBuf::from("the temporary spool file"),
                source,
            };
            // A lossy file is decoded and measured as a listener hears it, and written
            // again with a corrected gain and ceiling while it misses the target.
            let lossy = match OutputFormat::from_extension(options.encoder.extension()) {
                Some(f @ (OutputFormat::Mp3 | OutputFormat::Opus)) => Some(f),
                _ => None,
            };
            // What the mastering aims at: the target, unless a lossy codec moves the
            // loudness and peaks away from it, when the aim moves the other way.
            let mut aim = target;
            let expected = options.encoder.codec_change();
            aim.integrated_lufs += expected.loudness_lost_lu;
            aim.true_peak_dbtp -= expected.peak_added_db;
            // A lossless file that can be written again is measured as it is written:
            // one measuring run aims the gain, and the written file confirms it (or is
            // written again, rarely). Lossy files are worth the confirming runs, since
            // each writing encodes; so is a stream to a pipe, which cannot be rewritten.
            let rewritable = output.is_some() || unstreamed.is_some();
            let runs = if lossy.is_none() && rewritable {
                1
            } else {
                MAX_MEASURING_RUNS
            };
            let Aimed {
                mut gain,
                mut known,
                mut last_run,
            } = correct_gain(&spool, voice_rate, measured, &aim, runs).map_err(spool_error)?;
            let total = convert_position(spool.samples, voice_rate, rate);
            let mut dips = Dips::new(voice_rate);
            let mut writes = 0;
            let (written, m) = loop {
                writes += 1;
                let mut stream = start(
                    options,
                    &mut output,
                    &mut unstreamed,
                    &mut pipe,
                    rate,
                    Some(total),
                    &tags,
                )
                .map_err(write_error)?;
                // The file's loudness is the last measuring run's when that run measured
                // the whole narration with this gain, no place is turned down, and the
                // file keeps the voice's rate: then only its true peak is left to
                // measure as it is written.
                let whole = known.filter(|_| rate == voice_rate && dips.is_empty());
                let mut meter = match whole {
                    Some(_) => FinalMeter::Peak(Box::default()),
                    None => FinalMeter::Both(Box::new(
                        Meter::new(rate).map_err(|m| Error::Usage(m.to_string()))?,
                    )),
                };
                let written = master(
                    &spool,
                    voice_rate,
                    rate,
                    gain,
                    aim.true_peak_dbtp,
                    &dips,
                    &mut |b| {
                        match &mut meter {
                            FinalMeter::Peak(tp) => tp.push(b),
                            FinalMeter::Both(m) => m.push(b),
                        }
                        encoding.time(|| stream.write(b))
                    },
                )
                .map_err(write_error)?;
                stream
                    .set_chapters(&chapters(&spoken.timings, written))
                    .map_err(write_error)?;
                encoding.time(|| stream.finish()).map_err(write_error)?;
                let written_measurement = match (&meter, whole) {
                    (FinalMeter::Peak(tp), lufs) => Measurement {
                        integrated_lufs: lufs,
                        true_peak_dbtp: tp.dbtp(),
                    },
                    (FinalMeter::Both(m), _) => m.measurement(),
                };
                let Some(format) = lossy else {
                    // Lossless: the file as written is what a listener hears.
                    let missing = written_measurement
                        .integrated_lufs
                        .map_or(0.0, |lufs| target.integrated_lufs - lufs);
                    if !rewritable || missing.abs() < LOUDNESS_TOLERANCE_LU || writes > MAX_REWRITES
                    {
                        break (written, written_measurement);
                    }
                    // A secant step from the measuring run (or the last writing) to this.
                    let lufs = target.integrated_lufs - missing;
                    let corrected = secant_step(gain, lufs, last_run, missing);
                    last_run = Some((gain, lufs));
                    gain = corrected;
                    known = None;
                    restart(&mut output, &mut unstreamed, &write_error)?;
                    continue;
                };
                let ceiling = target.true_peak_dbtp - DECODED_METER_MARGIN_DB;
                let heard = match (output.as_mut(), unstreamed.as_mut()) {
                    (Some(file), _) => file
                        .written()
                        .and_then(|f| decoded::measure(format, f, ceiling))
                        .map_err(|e| file.error(e))?,
                    (None, Some(file)) => written_back(file)
                        .and_then(|f| decoded::measure(format, f, ceiling))
                        .map_err(write_error)?,
                    (None, None) => None,
                };
                let Some(heard) = heard else {
                    break (written, written_measurement);
                };
                let Some(lufs) = heard.measurement.integrated_lufs else {
                    break (written, heard.measurement);
                };
                let missing = target.integrated_lufs - lufs;
                if (missing.abs() <= DECODED_TOLERANCE_LU && heard.overs.is_empty())
                    || writes > MAX_REWRITES
                {
                    break (written, heard.measurement);
                }
                // Each place the codec pushed over the ceiling is turned down by its
                // overshoot and a margin; the loudness aim moves by what was missed.
                // How far each place went over the ceiling the decoded file is held to.
                let excess_of = |o: &decoded::Over| o.true_peak_dbtp - ceiling;
                let mut excess: Vec<f64> = heard.overs.iter().map(excess_of).collect();
                excess.sort_by(f64::total_cmp);
                // Many places over: the ceiling comes down for all (by what three
                // in four of them need), and dips take the rest; a few: dips alone.
                let global = if excess.len() > FEW_OVERS {
                    excess[excess.len() * 3 / 4]
                } else {
                    0.0
                };
                if global > 0.0 {
                    aim.true_peak_dbtp -= global + DECODED_PEAK_MARGIN_DB;
                }
                for over in &heard.overs {
                    let db = excess_of(over) - global;
                    if db > 0.0 {
                        // A place turned down already that is still over needs more
                        // than its overshoot: twice as much.
                        let again = if dips.reduction_db_at(over.seconds) > 0.0 {
                            2.0
                        } else {
                            1.0
                        };
                        dips.deepen(over.seconds, again * (db + DECODED_PEAK_MARGIN_DB));
                    }
                }
                if missing.abs() > DECODED_TOLERANCE_LU / 2.0 || global > 0.0 {
                    aim.integrated_lufs += missing;
                    Aimed {
                        gain,
                        known,
                        last_run,
                    } = correct_gain(&spool, voice_rate, measured, &aim, runs)
                        .map_err(spool_error)?;
                }
                restart(&mut output, &mut unstreamed, &write_error)?;
            };
            stages.master = mastering.elapsed().saturating_sub(encoding.0);
            stages.writes = writes;
            stages.decoded = lossy.is_some();
            stages.dips = dips.len();
            let loudness = export::Loudness {
                integrated_lufs: m.integrated_lufs.unwrap_or(f64::NEG_INFINITY),
                true_peak_dbtp: m.true_peak_dbtp,
                gain_db: gain,
            };
            (spoken, written, Some(loudness))
        }
        None => {
            let mut stream = start(
                options,
                &mut output,
                &mut unstreamed,
                &mut pipe,
                rate,
                None,
                &tags,
            )
            .map_err(write_error)?;
            let mut resampler = if rate != voice_rate {
                Some(Resampler::new(voice_rate, rate).map_err(Error::Usage)?)
            } else {
                None
            };
            let mut written = 0u64;
            // The time spent on the parts as they come (resampling and encoding), which
            // is not the voice's.
            let mut handing_on = Stopwatch::default();
            let spoken = plan.render_into(voice, &options.pauses, cache, tick, &mut |part| {
                let mut write = |b: &[f32]| {
                    written += b.len() as u64;
                    encoding.time(|| stream.write(b))
                };
                handing_on
                    .time(|| {
                        part.for_each_block(&mut |b| match resampler.as_mut() {
                            Some(r) => r.push(b, &mut write),
                            None => write(b),
                        })
                    })
                    .map_err(write_error)
            })?;
            stages.synthesize = started.elapsed().saturating_sub(handing_on.0);
            let finishing = Instant::now();
            if let Some(r) = resampler.take() {
                r.finish(&mut |b: &[f32]| {
                    written += b.len() as u64;
                    encoding.time(|| stream.write(b))
                })
                .map_err(write_error)?;
            }
            stream
                .set_chapters(&chapters(&spoken.timings, written))
                .map_err(write_error)?;
            encoding.time(|| stream.finish()).map_err(write_error)?;
            stages.master = (handing_on.0 + finishing.elapsed()).saturating_sub(encoding.0);
            (spoken, written, None)
        }
    };
    stages.encode = encoding.0;
    let writing = Instant::now();
    if let Some(file) = unstreamed {
        copy_to(file, &mut pipe).map_err(write_error)?;
    }
    pipe.flush().map_err(write_error)?;
    let timings = &spoken.timings;
    tags.chapters = chapters(timings, samples);

    // The subtitles and manifest, each through its own temporary file.
    if !sidecars.is_empty() {
        let audio = destination_path(destination)
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut transcript = Transcript::new(
            plan,
            timings,
            voice_rate,
            rate,
            samples,
            audio,
            voice.name().to_string(),
            export::Settings {
                speed: options.speed,
                speaker: options.speaker.clone(),
                pauses: options.pauses,
                format: options.format_name.clone(),
                sample_format: format!("{:?}", options.sample_format).to_lowercase(),
                loudness_target_lufs: options.loudness.map(|t| t.integrated_lufs),
                lexicon: options.lexicon,
            },
            loudness.clone(),
        );
        transcript.credit = options.credit.clone().or_else(|| {
            options
                .page
                .then(|| export::page::voice_credit(voice.name()))
        });
        transcript.tags = tags;
        for ((exporter, _), file) in sidecars.iter().zip(&mut sidecar_files) {
            exporter
                .write(&transcript, file.sink())
                .map_err(|e| file.error(e))?;
        }
    }
    // One unit: the sidecars, then the audio, all in place or none.
    let written_sidecars = sidecars.into_iter().map(|(_, path)| path).collect();
    let mut unit = sidecar_files;
    unit.extend(output);
    output::commit_unit(unit)?;
    stages.write = writing.elapsed();
    Ok(Rendered {
        sentences: timings.len(),
        synthesized: spoken.synthesized,
        cached: spoken.cached,
        samples,
        sample_rate: rate,
        loudness,
        sidecars: written_sidecars,
        stages,
    })
}

/// How long a render's stages took, and what mastering measured, for `--verbose`.
/// The stages overlap in time (the encoder writes what the limiter hands it), so each
/// is the time spent in it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stages {
    /// Synthesizing and stitching the sentences: the voice's time (and, when the
    /// loudness is normalised, writing the spool and measuring it as it grows).
    pub synthesize: Duration,
    /// The gain's measuring runs, the limiter and the resampler.
    pub master: Duration,
    /// The encoder's time.
    pub encode: Duration,
    /// Copying to standard output, the sidecars, and putting the files in place.
    pub write: Duration,
    /// The narration's loudness before any gain (when normalised and not silent).
    pub measured_lufs: Option<f64>,
    /// With loudness normalisation: how many times the file was written and measured
    /// (for MP3 and Opus, decoded), and how many places were turned down for peaks the
    /// codec made.
    pub writes: usize,
    /// Whether the written file was decoded and measured as heard (a lossy format).
    pub decoded: bool,
    pub dips: usize,
}

/// The time spent in some calls, summed.
#[derive(Default)]
struct Stopwatch(Duration);

impl Stopwatch {
    fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = f();
        self.0 += started.elapsed();
        result
    }
}

/// Refuses, before anything is synthesized or written, a narration that is too long for
/// the file's format (a WAV file's sizes are 32-bit): the plan's lower bound on its
/// length ([`Plan::shortest_seconds`]) at the file's `rate` must fit. A narration
/// between that bound and the upper one ([`Plan::longest_seconds`]) is tried: refusing
/// it would refuse articles that fit (the upper bound is four times what the voices
/// take), and the encoder stops with the same advice if it does not. Standard output
/// has no such limit (a WAV stream of unknown length).
fn check_length(plan: &Plan, options: &Options, rate: u32) -> Result<()> {
    let Some(max_samples) = options.encoder.max_samples() else {
        return Ok(());
    };
    let shortest = plan.shortest_seconds(options.speed, &options.pauses);
    let max_seconds = max_samples as f64 / f64::from(rate.max(1));
    if shortest <= max_seconds {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{} would narrate for at least {} ({}, their pauses and speed {}), more than a {} file of {}-bit samples at {rate} Hz holds ({}, as its sizes are 32-bit); write FLAC, MP3 or Opus instead (--format flac), or choose shorter pauses, a lower --sample-rate or a higher --speed",
        plan.source(),
        crate::report::text::format_duration(shortest),
        crate::report::text::count(plan.narrated().count(), "sentence"),
        options.speed,
        options.format_name.to_uppercase(),
        options.sample_format.bits(),
        crate::report::text::format_duration(max_seconds),
    )))
}

fn destination_path(d: &Destination) -> Option<&Path> {
    match d {
        Destination::File(p) => Some(p),
        Destination::Stdout => None,
    }
}

/// Starts the audio stream on the output file, the temporary file of audio for
/// standard output, or (WAV) the pipe itself.
fn start<'a>(
    options: &Options,
    output: &'a mut Option<AtomicOutput>,
    unstreamed: &'a mut Option<BufWriter<std::fs::File>>,
    pipe: &'a mut dyn Write,
    rate: u32,
    total: Option<u64>,
    tags: &crate::tags::Tags,
) -> std::io::Result<Box<dyn Stream + 'a>> {
    match (output.as_mut(), unstreamed.as_mut()) {
        (Some(out), _) => options.encoder.start_tagged(rate, total, tags, out.sink()),
        (None, Some(file)) => options.encoder.start_tagged(rate, total, tags, file),
        (None, None) => encode::wav_to_pipe(pipe, rate, options.sample_format, total, tags),
    }
}

/// The bytes written so far to the temporary file of audio for standard output, from
/// its start (the handle shares the file's position, which the next write or the copy
/// to standard output sets again).
fn written_back(file: &mut BufWriter<std::fs::File>) -> std::io::Result<std::fs::File> {
    file.flush()?;
    let mut handle = file.get_ref().try_clone()?;
    handle.seek(SeekFrom::Start(0))?;
    Ok(handle)
}

/// Empties the temporary file of audio for standard output, to write it again.
fn emptied(file: &mut BufWriter<std::fs::File>) -> std::io::Result<()> {
    file.flush()?;
    file.get_ref().set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(())
}

/// Copies a finished file of audio for standard output to `pipe`, from its start.
fn copy_to(file: BufWriter<std::fs::File>, pipe: &mut dyn Write) -> std::io::Result<u64> {
    let mut file = file.into_inner().map_err(|e| e.into_error())?;
    file.seek(SeekFrom::Start(0))?;
    std::io::copy(&mut file, pipe)
}

/// What measures the written file: both loudness and true peak, or the true peak alone
/// when the loudness is known.
enum FinalMeter {
    Both(Box<Meter>),
    Peak(Box<TruePeak>),
}

/// The narration's 16-bit samples in an anonymous temporary file.
struct Spool {
    file: std::fs::File,
    samples: u64,
}

/// Pass 1: synthesizes and stitches the plan into a spool, measuring it on the way.
fn synthesize_to_spool(
    plan: &Plan,
    voice: &dyn Voice,
    options: &Options,
    cache: Option<&Cache>,
    tick: &(dyn Fn() + Sync),
) -> Result<(pipeline::Rendered, Spool, Measurement)> {
    let spool_error = |source| Error::Write {
        path: PathBuf::from("a temporary file (the spool of the narration)"),
        source,
    };
    let file = tempfile::tempfile().map_err(spool_error)?;
    let mut writer = BufWriter::with_capacity(1 << 16, file);
    let mut meter = Meter::loudness_only(voice.sample_rate()).map_err(Error::Usage)?;
    let mut samples = 0u64;
    let mut bytes = Vec::with_capacity(2 * BLOCK);
    let spoken = plan.render_into(voice, &options.pauses, cache, tick, &mut |part| {
        samples += part.len() as u64;
        match &part {
            Part::Silence(n) => {
                meter.push_silence(*n);
                let zeros = [0u8; 8192];
                let mut left = 2 * n;
                while left > 0 {
                    let k = left.min(zeros.len());
                    writer.write_all(&zeros[..k]).map_err(spool_error)?;
                    left -= k;
                }
            }
            Part::Speech(s) => {
                meter.push_i16(s);
                for chunk in s.chunks(BLOCK) {
                    bytes.clear();
                    bytes.extend(chunk.iter().flat_map(|x| x.to_le_bytes()));
                    writer.write_all(&bytes).map_err(spool_error)?;
                }
            }
        }
        Ok(())
    })?;
    let file = writer
        .into_inner()
        .map_err(|e| spool_error(e.into_error()))?;
    Ok((spoken, Spool { file, samples }, meter.measurement()))
}

/// Reads the spool from the start, in blocks of floats.
fn read_spool(
    spool: &Spool,
    f: &mut impl FnMut(&[f32]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    read_spool_range(spool, 0, spool.samples, f)
}

/// Reads `len` samples of the spool from sample `start` on, in blocks of floats. Reads
/// by position, so that two threads can read the spool at once.
fn read_spool_range(
    spool: &Spool,
    start: u64,
    len: u64,
    f: &mut impl FnMut(&[f32]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let mut bytes = vec![0u8; 2 * BLOCK];
    let mut samples = vec![0f32; BLOCK];
    let end = start.saturating_add(len).min(spool.samples);
    let mut at = start;
    while at < end {
        let n = ((end - at) as usize).min(BLOCK);
        spool.file.read_exact_at(&mut bytes[..2 * n], 2 * at)?;
        for (s, b) in samples.iter_mut().zip(bytes.chunks_exact(2)).take(n) {
            *s = i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0;
        }
        f(&samples[..n])?;
        at += n as u64;
    }
    Ok(())
}

/// A narration longer than this is measured through the limiter in stretches.
const MEASURE_ALL_SECONDS: u64 = 300;
/// The stretches: this long, one in every `MEASURE_EVERY`.
const STRETCH_SECONDS: u64 = 10;
const MEASURE_EVERY: u64 = 4;
/// Run through the limiter before a stretch and not measured, so that the limiter's
/// state at the stretch is what it would be in the whole narration (eight release time
/// constants).
const WARM_UP_MS: u64 = 500;

/// The stretches of the spool the measuring runs go through: (first sample read, samples
/// read, of which warm-up). The whole narration when it is short; for a long one, ten
/// seconds in every forty, evenly spread, which measure what the limiter takes away as
/// well as the whole does (speech is much the same throughout) in a quarter of the time.
fn measured_stretches(samples: u64, rate: u32) -> Vec<(u64, u64, u64)> {
    let rate = rate as u64;
    if samples <= MEASURE_ALL_SECONDS * rate {
        return vec![(0, samples, 0)];
    }
    let stretch = STRETCH_SECONDS * rate;
    (0..samples)
        .step_by((stretch * MEASURE_EVERY) as usize)
        .map(|start| {
            let warm = start.min(WARM_UP_MS * rate / 1000);
            (start - warm, warm + stretch, warm)
        })
        .collect()
}

/// A narration measured whole is cut in two at its middle for two threads when it is at
/// least this long (shorter ones are quick to measure whole).
const SPLIT_SECONDS: u64 = 20;

/// The stretches in two groups of about the same length, for two threads to measure at
/// once: alternate stretches, or a narration measured whole cut at its middle, the
/// second half warmed up as a stretch is. `None` when there is nothing worth sharing.
fn split_stretches(stretches: &[(u64, u64, u64)], rate: u32) -> Option<[Vec<(u64, u64, u64)>; 2]> {
    match stretches {
        &[(0, len, 0)] if len >= SPLIT_SECONDS * rate as u64 => {
            let middle = len / 2;
            let warm = middle.min(WARM_UP_MS * rate as u64 / 1000);
            Some([
                vec![(0, middle, 0)],
                vec![(middle - warm, len - middle + warm, warm)],
            ])
        }
        [_, _, ..] => Some([
            stretches.iter().copied().step_by(2).collect(),
            stretches.iter().copied().skip(1).step_by(2).collect(),
        ]),
        _ => None,
    }
}

/// What one measuring run through the limiter found over some stretches.
struct LimitedRun {
    /// The stretches through the limiter.
    limited: Meter,
    /// The same stretches without it, when they are not the whole narration.
    unlimited: Option<Meter>,
    /// The deepest gain reduction, in dB (0 when nothing was limited).
    deepest: f64,
}

impl LimitedRun {
    /// This run and `other`, of other stretches, as one.
    fn add(mut self, other: LimitedRun) -> LimitedRun {
        self.limited.add(&other.limited);
        if let (Some(mine), Some(theirs)) = (self.unlimited.as_mut(), other.unlimited.as_ref()) {
            mine.add(theirs);
        }
        self.deepest = self.deepest.min(other.deepest);
        self
    }
}

/// Measures `stretches` of the spool with the gain `factor`, through a limiter at
/// `ceiling_db` and (when `unlimited`) without it too: on two threads when `threads`,
/// the spool's reader and the limiter on one and the meter on the other.
fn measure_limited(
    spool: &Spool,
    rate: u32,
    stretches: &[(u64, u64, u64)],
    factor: f32,
    ceiling_db: f64,
    unlimited: bool,
    threads: bool,
) -> std::io::Result<LimitedRun> {
    let mut limited = Meter::loudness_only(rate).map_err(std::io::Error::other)?;
    let mut unlimited = unlimited
        .then(|| Meter::loudness_only(rate))
        .transpose()
        .map_err(std::io::Error::other)?;
    let produce = |measure: &mut Sink| {
        let mut scaled = vec![0f32; BLOCK];
        let mut deepest = 0.0f64;
        for &(start, len, warm) in stretches {
            let mut limiter = Limiter::new(rate, ceiling_db);
            let mut skip = warm as usize;
            let mut measure = |b: &[f32]| -> std::io::Result<()> {
                let k = skip.min(b.len());
                skip -= k;
                if k < b.len() {
                    measure(&b[k..])?;
                }
                Ok(())
            };
            let mut read = 0u64;
            read_spool_range(spool, start, len, &mut |b| {
                for (o, &x) in scaled.iter_mut().zip(b) {
                    *o = x * factor;
                }
                let past_warm_up = warm.saturating_sub(read).min(b.len() as u64) as usize;
                if let Some(unlimited) = unlimited.as_mut() {
                    unlimited.push(&scaled[past_warm_up..b.len()]);
                }
                read += b.len() as u64;
                limiter.push(&scaled[..b.len()], &mut measure)
            })?;
            let mut stretch_deepest = 0.0;
            limiter.finish_with(&mut measure, &mut stretch_deepest)?;
            deepest = deepest.min(stretch_deepest);
        }
        Ok(deepest)
    };
    let deepest = relay(threads, produce, &mut |b| {
        limited.push(b);
        Ok(())
    })?;
    Ok(LimitedRun {
        limited,
        unlimited,
        deepest,
    })
}

/// The gain, in dB, that brings the spooled narration to `target` once the limiter has
/// held its peaks. The first measurement gives the gain to the target; the limiter then
/// takes some loudness away where it works, more the higher the gain, so measuring runs
/// through the limiter correct the gain (by secant steps) until the result is within
/// [`LOUDNESS_TOLERANCE_LU`] of the target (at most `runs` runs; with one, the gain
/// returned is the first run's correction, unconfirmed).
fn correct_gain(
    spool: &Spool,
    rate: u32,
    measured: Measurement,
    target: &Target,
    runs: usize,
) -> std::io::Result<Aimed> {
    let Some(lufs) = measured.integrated_lufs else {
        // Silence: nothing to bring anywhere.
        return Ok(Aimed {
            gain: 0.0,
            known: None,
            last_run: None,
        });
    };
    let mut gain = target.integrated_lufs - lufs;
    let mut last: Option<(f64, f64)> = None;
    let stretches = measured_stretches(spool.samples, rate);
    // The narration in one piece: what goes through the limiter is measured without it
    // by pass 1 already, with the gain.
    let in_one_piece = matches!(stretches[..], [(0, len, 0)] if len == spool.samples);
    // The stretches in two groups, measured at once on two threads, or one after the
    // other on one: the same arithmetic either way, so that the file is the same
    // whatever the number of jobs.
    let groups = split_stretches(&stretches, rate);
    let ceiling = target.true_peak_dbtp - LIMITER_MARGIN_DB;
    for _ in 0..runs {
        let factor = 10f64.powf(gain / 20.0) as f32;
        // The stretches measured with the gain, through the limiter and without it: the
        // difference is what the limiter takes away.
        let run = |stretches: &[(u64, u64, u64)], threads: bool| {
            measure_limited(
                spool,
                rate,
                stretches,
                factor,
                ceiling,
                !in_one_piece,
                threads,
            )
        };
        let LimitedRun {
            limited,
            unlimited,
            deepest,
        } = match &groups {
            Some([first, second]) => {
                let (a, b) = if two_threads() {
                    rayon::join(|| run(first, false), || run(second, false))
                } else {
                    (run(first, false), run(second, false))
                };
                a?.add(b?)
            }
            None => run(&stretches, two_threads())?,
        };
        // The loudness through the limiter is the whole narration's when it was
        // measured in one piece by one run (a cut narration misses the blocks across
        // the cut).
        let whole = in_one_piece && groups.is_none();
        if deepest == 0.0 {
            // Nothing was limited: the gain is exact, and the loudness pass 1's.
            return Ok(Aimed {
                gain,
                known: in_one_piece.then_some(lufs + gain),
                last_run: None,
            });
        }
        let without = match &unlimited {
            Some(meter) => meter.measurement().integrated_lufs,
            None => Some(lufs + gain),
        };
        let (Some(with), Some(without)) = (limited.measurement().integrated_lufs, without) else {
            break;
        };
        // The whole narration with this gain, less what the limiter takes away.
        let after = lufs + gain + (with - without);
        let missing = target.integrated_lufs - after;
        if missing.abs() < LOUDNESS_TOLERANCE_LU {
            return Ok(Aimed {
                gain,
                known: whole.then_some(with),
                last_run: Some((gain, after)),
            });
        }
        let corrected = secant_step(gain, after, last, missing);
        last = Some((gain, after));
        gain = corrected;
    }
    Ok(Aimed {
        gain,
        known: None,
        last_run: last,
    })
}

/// The gain that should bring the narration to the target when `gain` gave `loudness`,
/// `missing` short of it. The loudness rises by less than the gain where the limiter
/// works: with an earlier `(gain, loudness)` to compare, the slope between the two says
/// by how much (a secant step); without one, a slope typical of speech under this
/// limiter. Within reason: the limiter only takes away.
fn secant_step(gain: f64, loudness: f64, earlier: Option<(f64, f64)>, missing: f64) -> f64 {
    let slope = match earlier {
        Some((g, l)) if g != gain => ((loudness - l) / (gain - g)).clamp(0.2, 1.0),
        _ => FIRST_SLOPE,
    };
    gain + (missing / slope).clamp(-6.0, 6.0)
}

/// Empties the file being written (or the temporary file behind a pipe) to write it
/// again from the start; a stream to a pipe has nothing to empty. `write_error` says
/// which output an error is about.
fn restart(
    output: &mut Option<AtomicOutput>,
    unstreamed: &mut Option<BufWriter<std::fs::File>>,
    write_error: &dyn Fn(std::io::Error) -> Error,
) -> Result<()> {
    match (output.as_mut(), unstreamed.as_mut()) {
        (Some(file), _) => file.restart().map_err(|e| file.error(e)),
        (None, Some(file)) => emptied(file).map_err(write_error),
        (None, None) => Ok(()),
    }
}

/// What [`correct_gain`] found.
struct Aimed {
    /// The gain, in dB.
    gain: f64,
    /// When a run measured the whole narration with the gain: its loudness through the
    /// limiter.
    known: Option<f64>,
    /// The last run's gain and the loudness it measured for the whole narration, from
    /// which a later correction can step.
    last_run: Option<(f64, f64)>,
}

/// How close to the target a lossy file's decoded loudness must come, in LU, before it
/// is kept.
const DECODED_TOLERANCE_LU: f64 = 0.2;
/// How far under the ceiling a lossy file's limiter is set again when its decoded peaks
/// passed the ceiling, beyond the overshoot itself.
const DECODED_PEAK_MARGIN_DB: f64 = 0.25;
/// How far under the ceiling a lossy file's decoded peaks are held, for true-peak
/// meters that oversample otherwise: on low-bitrate files, ffmpeg's (which resamples to
/// 192 kHz with its own filter) reads up to 0.3 dB higher than this one.
const DECODED_METER_MARGIN_DB: f64 = 0.3;
/// Up to this many places over the ceiling are turned down alone (see [`Dips`]); more
/// bring the whole ceiling down too.
const FEW_OVERS: usize = 5;
/// The most times a lossy file is written again to meet the target.
const MAX_REWRITES: usize = 4;

/// How close to the target the measuring runs bring the narration, in LU.
const LOUDNESS_TOLERANCE_LU: f64 = 0.15;
/// How much the loudness rises per dB of gain where the limiter works hard, as measured
/// on espeak-ng and Piper speech (0.5 to 0.6): the first correction's guess.
const FIRST_SLOPE: f64 = 0.6;
/// The most measuring runs over the spool.
const MAX_MEASURING_RUNS: usize = 4;

/// Headroom the limiter keeps under the ceiling, for what the resampler and the 16-bit
/// rounding add to the peaks after it.
const LIMITER_MARGIN_DB: f64 = 0.3;

/// Pass 2: reads the spool with `gain_db`, through the limiter and the resampler, into
/// `out`; returns the samples written.
fn master(
    spool: &Spool,
    from: u32,
    to: u32,
    gain_db: f64,
    ceiling_db: f64,
    dips: &Dips,
    out: &mut dyn FnMut(&[f32]) -> std::io::Result<()>,
) -> std::io::Result<u64> {
    let factor = 10f64.powf(gain_db / 20.0) as f32;
    let mut limiter = Limiter::new(from, ceiling_db - LIMITER_MARGIN_DB);
    let mut resampler = if from != to {
        Some(Resampler::new(from, to).map_err(std::io::Error::other)?)
    } else {
        None
    };
    // The spool's reader, the limiter and the resampler on one thread; the meter and
    // the encoder (`out`) on this one.
    let produce = move |write: &mut Sink| {
        let mut written = 0u64;
        let mut write = |b: &[f32]| -> std::io::Result<()> {
            written += b.len() as u64;
            write(b)
        };
        let mut limited = |b: &[f32], resampler: &mut Option<Resampler>| -> std::io::Result<()> {
            match resampler.as_mut() {
                Some(r) => r.push(b, &mut write),
                None => write(b),
            }
        };
        let mut scaled = vec![0f32; BLOCK];
        let mut read = 0u64;
        read_spool(spool, &mut |b| {
            for (o, &x) in scaled.iter_mut().zip(b) {
                *o = x * factor;
            }
            dips.apply(read, &mut scaled[..b.len()]);
            read += b.len() as u64;
            limiter.push(&scaled[..b.len()], &mut |l| limited(l, &mut resampler))
        })?;
        limiter.finish(&mut |l| limited(l, &mut resampler))?;
        if let Some(r) = resampler.take() {
            r.finish(&mut write)?;
        }
        Ok(written)
    };
    relay(two_threads(), produce, out)
}

/// Whether the mastering passes may use a second thread: when the render may use more
/// than one core (`-j`).
fn two_threads() -> bool {
    rayon::current_num_threads() > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stretches_are_shared_between_two_threads() {
        let rate = 22050;
        // Short: measured whole by one thread.
        assert_eq!(
            split_stretches(&measured_stretches(rate as u64 * 10, rate), rate),
            None
        );
        // A minute measured whole: cut in two, the second half warmed up before the cut.
        let minute = rate as u64 * 60;
        let [first, second] = split_stretches(&measured_stretches(minute, rate), rate).unwrap();
        assert_eq!(first, vec![(0, minute / 2, 0)]);
        assert_eq!(
            second,
            vec![(minute / 2 - 11_025, minute / 2 + 11_025, 11_025)]
        );
        // An hour in stretches: alternate ones, the same samples measured in all.
        let hour = measured_stretches(rate as u64 * 3600, rate);
        let [odd, even] = split_stretches(&hour, rate).unwrap();
        assert_eq!((odd.len(), even.len()), (45, 45));
        let measured =
            |s: &[(u64, u64, u64)]| s.iter().map(|(_, len, warm)| len - warm).sum::<u64>();
        assert_eq!(measured(&odd) + measured(&even), measured(&hour));
        assert_eq!(odd[1], hour[2]);
    }

    #[test]
    fn a_narration_cut_in_two_measures_as_it_does_whole() {
        use std::os::unix::fs::FileExt;
        // A minute of loud syllables and pauses, which the limiter works on throughout,
        // cut in the middle of a syllable.
        let rate = 22050;
        let samples: Vec<i16> = (0..rate * 60)
            .map(|i| {
                let t = i as f32 / rate as f32;
                let syllable = (t * 4.0 + 0.3).fract() < 0.6;
                let buzz = (2.0 * std::f32::consts::PI * 130.0 * t).sin().powi(9);
                let tone =
                    (2.0 * std::f32::consts::PI * (700.0 + 300.0 * (t * 0.3).sin()) * t).sin();
                if syllable {
                    (9000.0 * buzz * (0.6 + 0.4 * tone)) as i16
                } else {
                    0
                }
            })
            .collect();
        let file = tempfile::tempfile().unwrap();
        let bytes: Vec<u8> = samples.iter().flat_map(|x| x.to_le_bytes()).collect();
        file.write_all_at(&bytes, 0).unwrap();
        let spool = Spool {
            file,
            samples: samples.len() as u64,
        };
        let stretches = measured_stretches(spool.samples, rate);
        let factor = 10f32.powf(12.0 / 20.0);
        let whole = measure_limited(&spool, rate, &stretches, factor, -1.3, false, false).unwrap();
        let [first, second] = split_stretches(&stretches, rate).unwrap();
        let cut = measure_limited(&spool, rate, &first, factor, -1.3, false, true).unwrap();
        let later = measure_limited(&spool, rate, &second, factor, -1.3, false, false).unwrap();
        let cut = cut.add(later);
        let loudness = |run: &LimitedRun| run.limited.measurement().integrated_lufs.unwrap();
        assert!(whole.deepest < -1.0, "the limiter works: {}", whole.deepest);
        assert!(
            (loudness(&whole) - loudness(&cut)).abs() < 0.02,
            "{} whole, {} cut",
            loudness(&whole),
            loudness(&cut)
        );
        assert_eq!(whole.deepest, cut.deepest);
    }

    #[test]
    fn long_narrations_are_measured_in_spread_stretches() {
        let rate = 22050;
        assert_eq!(
            measured_stretches(rate as u64 * 60, rate),
            vec![(0, 1_323_000, 0)]
        );
        let total = rate as u64 * 3600;
        let stretches = measured_stretches(total, rate);
        // Ten seconds in every forty, each after half a second of warm-up.
        assert_eq!(stretches.len(), 90);
        assert_eq!(stretches[0], (0, 220_500, 0));
        assert_eq!(stretches[1], (882_000 - 11_025, 231_525, 11_025));
        let measured: u64 = stretches.iter().map(|(_, len, warm)| len - warm).sum();
        assert_eq!(measured, total / 4);
        assert!(stretches
            .iter()
            .all(|(start, len, _)| start + len <= total + 220_500));
    }
}
