//! The `narrate` binary: parses the command line ([`cli`]) and runs the library's
//! pipeline. Errors are printed as one line on stderr with a non-zero exit code.

mod cli;

use clap::ValueEnum;
use clap::{CommandFactory, Parser};
use cli::{
    Cli, Command, FormatArg, PlanArgs, RenderArgs, SpeakArgs, VoiceArgs, VoicesArgs, WorkerArgs,
};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use narrate::batch::{self, Job, Outcome};
use narrate::cache::Cache;
use narrate::encode::{EncodeOptions, OutputFormat, SampleFormat};
use narrate::language::{self, Language};
use narrate::master::loudness::Target;
use narrate::pipeline::{Keep, Plan, Planner};
use narrate::read::{self, Format, Input};
use narrate::render::{self, Destination, Rendered};
use narrate::report::{self, PlanContext, PlanFormat};
use narrate::speak::Lexicon;
use narrate::synthesize::{self, catalogue, pool::Pool, Voice, VoiceSettings};
use narrate::{display, Document, Error, Pauses, Result};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Exit codes: 0 when everything asked for was done, and these otherwise.
const EXIT_FAILURE: u8 = 1;
/// A usage error: nothing was attempted (as clap's own usage errors).
const EXIT_USAGE: u8 = 2;
/// Some inputs were rendered and some failed.
const EXIT_PARTIAL: u8 = 3;
// A render interrupted by SIGINT or SIGTERM exits 130 or 143 (128 plus the signal's
// number, as shells report a process the signal ended): see `narrate::interrupt`.

fn main() -> ExitCode {
    map_large_buffers();
    synthesize::piper::runtime::keep_telemetry_off();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render(args),
        Command::Plan(args) => plan(args).map(|()| ExitCode::SUCCESS),
        Command::Voices(args) => voices(args).map(|()| ExitCode::SUCCESS),
        Command::Completions(args) => completions(args.shell).map(|()| ExitCode::SUCCESS),
        Command::Man => manual().map(|()| ExitCode::SUCCESS),
        Command::Worker(args) => worker(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("narrate: error: {}", display::text(&e.to_string()));
            ExitCode::from(match e {
                Error::Usage(_) => EXIT_USAGE,
                _ => EXIT_FAILURE,
            })
        }
    }
}

/// Allocations of at least this many bytes get pages of their own from glibc's malloc.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: i32 = 128 * 1024;

/// Makes glibc's malloc map every allocation of [`MMAP_THRESHOLD`] bytes or more on its
/// own and unmap it when freed. A render allocates and frees megabytes of audio per
/// sentence, on several threads. By default glibc raises that threshold to the size of
/// the largest buffer freed so far, after which such buffers come from the threads'
/// heaps, whose freed memory stays resident. Peak memory then creeps up with the number
/// of sentences, where it should stay at what one window of sentences needs.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn map_large_buffers() {
    // SAFETY: mallopt only sets a malloc parameter; it is called before any other
    // thread exists, and a refusal (a zero return) leaves the default, which works.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn map_large_buffers() {}

/// Hands memory that malloc holds free back to the system. Planning makes and drops
/// many small strings among the plan's own, and the free pages between them would stay
/// resident for the whole render.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_free_memory() {
    // SAFETY: malloc_trim only releases free memory; it takes malloc's own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}

fn pauses(v: &VoiceArgs) -> Pauses {
    Pauses {
        sentence_ms: v.sentence_pause,
        paragraph_ms: v.paragraph_pause,
        heading_ms: v.heading_pause,
    }
}

/// The lexicon: `voices/lexicon.toml` when there is one (unless `--no-lexicon`), and
/// `--lexicon FILE` over it.
fn lexicon(args: &SpeakArgs) -> Result<Lexicon> {
    let mut lexicon = match catalogue::lexicon_file().filter(|_| !args.no_lexicon) {
        Some(file) => Lexicon::load(&file)?,
        None => Lexicon::default(),
    };
    if let Some(file) = &args.lexicon {
        lexicon.extend(Lexicon::load(file)?);
    }
    Ok(lexicon)
}

/// What was decided about one input's language and voice, with what to tell the user.
struct Reading {
    language: Language,
    voice: String,
    /// Lines for standard error (without "narrate: "), when not quiet.
    notices: Vec<String>,
}

/// The language of `document` and the voice that reads it (see [`language::choose`]):
/// the voice the user named, refused when it reads another language than the input's
/// own or the detected one (unless `--language` forces it), else a voice of the
/// language ([`synthesize::voice_for_language`]).
fn reading(speak: &SpeakArgs, named: Option<&str>, document: &Document) -> Result<Reading> {
    let voice_language = named.and_then(synthesize::known_language_of);
    let (language, warn) = language::choose(
        speak.language.as_deref(),
        document,
        voice_language.as_deref(),
    );
    let source = display::text(&document.source).into_owned();
    let mut notices = Vec::new();
    if let (true, Some(note)) = (warn, &language.note) {
        notices.push(format!("warning: {source}: {note}"));
    }
    if narrate::segment::abbreviations::table_for(&language.tag).is_none() {
        notices.push(format!(
            "{source}: no abbreviation table for {} ({}); sentences are split by language-neutral rules",
            language.name(),
            language.tag
        ));
    }
    let voice = match (named, &voice_language) {
        (Some(name), Some(voice_language)) => {
            language::check_voice(name, voice_language, &language, &document.source)?;
            name.to_string()
        }
        // A name no voice has: `render` has refused it already, `plan` shows it.
        (Some(name), None) => name.to_string(),
        (None, _) => {
            let (name, notice) = synthesize::voice_for_language(&language.tag);
            notices.extend(notice);
            name
        }
    };
    Ok(Reading {
        language,
        voice,
        notices,
    })
}

/// The planners of a run, one per language, each made when first needed (a
/// [`Planner`] compiles its selection rules once).
struct Planners {
    lexicon: Lexicon,
    keep: Keep,
    made: Mutex<Vec<Arc<Planner>>>,
}

impl Planners {
    fn new(lexicon: Lexicon, keep: Keep) -> Planners {
        Planners {
            lexicon,
            keep,
            made: Mutex::new(Vec::new()),
        }
    }

    /// The planner for `language`'s tag, prepared ([`Planner::prepare`]). Its plans report the language it was made
    /// for: set each plan's own ([`Plan::language`]) after planning.
    fn get(&self, language: &Language) -> Arc<Planner> {
        let lock = || self.made.lock().unwrap_or_else(|e| e.into_inner());
        let find = |made: &[Arc<Planner>]| {
            made.iter()
                .find(|p| p.language.tag == language.tag)
                .map(Arc::clone)
        };
        if let Some(planner) = find(&lock()) {
            return planner;
        }
        let planner = Arc::new(Planner::for_language(
            language.clone(),
            self.lexicon.clone(),
            self.keep.clone(),
        ));
        // Its patterns compiled in parallel now, not one by one on first use; without
        // the lock, since a rayon thread waiting here may take up another input that
        // asks for a planner. Two inputs may make the same planner at once: the first
        // kept serves every later one.
        planner.prepare();
        let mut made = lock();
        if let Some(first) = find(&made) {
            return first;
        }
        made.push(Arc::clone(&planner));
        planner
    }
}

/// The voices of a render, each started once, when the first input that needs it
/// comes; an engine that speaks one sentence at a time per process is put behind a
/// [`Pool`] of worker processes, one per job.
struct Voices {
    settings: VoiceSettings,
    jobs: usize,
    started: Mutex<Vec<(String, Arc<dyn Voice>)>>,
}

impl Voices {
    fn new(settings: VoiceSettings, jobs: usize) -> Voices {
        Voices {
            settings,
            jobs,
            started: Mutex::new(Vec::new()),
        }
    }

    /// The voice called `name`, started if it is not yet. Inputs that need another
    /// voice wait while one starts.
    fn get(&self, name: &str) -> Result<Arc<dyn Voice>> {
        let mut started = self.started.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, voice)) = started.iter().find(|(n, _)| n == name) {
            return Ok(Arc::clone(voice));
        }
        let mut voice = synthesize::open(name, self.settings.clone())?;
        if voice.serial() {
            // One worker per job, each sentence from the same state (see
            // synthesize::pool).
            if let Ok(exe) = std::env::current_exe() {
                let voice_name = voice.name().to_string();
                voice = Box::new(Pool::new(
                    voice,
                    &exe,
                    &voice_name,
                    self.settings.clone(),
                    self.jobs,
                ));
            }
        }
        let voice: Arc<dyn Voice> = Arc::from(voice);
        started.push((name.to_string(), Arc::clone(&voice)));
        Ok(voice)
    }
}

fn plan(args: PlanArgs) -> Result<()> {
    let lexicon = lexicon(&args.speak)?;
    let input = Input::parse(&args.input);
    let text = read::load(&input)?;
    let format = args
        .input_format
        .map_or_else(|| Format::detect(&input, &text), Format::from);
    let (document, warnings) = format.read_checked(&input.name(), &text)?;
    drop(text);
    for warning in &warnings {
        eprintln!("narrate: warning: {}", display::text(warning));
    }
    let reading = reading(&args.speak, args.voice.named(), &document)?;
    let planner = Planner::for_language(reading.language, lexicon, args.keep.keep());
    let plan = planner.plan(document);
    let cx = PlanContext {
        voice: reading.voice,
        speed: args.voice.speed,
        pauses: pauses(&args.voice),
    };
    write_stdout(|out| {
        if args.json {
            report::Json.write(&plan, &cx, out)
        } else {
            report::Text {
                spoken: args.spoken,
            }
            .write(&plan, &cx, out)
        }
    })?;
    // What `render` would refuse (a sentence too long to hand to a voice), `plan`
    // refuses with the same error once it has shown the plan; a plan with nothing to
    // narrate is what `plan` is for, and is shown without an error.
    match plan.check() {
        Ok(()) | Err(Error::NothingToNarrate { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Writes to standard output; a closed pipe (`narrate plan x | head`) is not an error.
fn write_stdout(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match f(&mut out).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Write {
            path: "standard output".into(),
            source: e,
        }),
    }
}

/// The worker side of [`synthesize::pool`]: speaks what arrives on stdin until it ends.
fn worker(args: WorkerArgs) -> Result<()> {
    let settings = VoiceSettings {
        speed: args.speed,
        speaker: args.speaker,
    };
    let voice = synthesize::open(&args.voice, settings)?;
    synthesize::pool::serve(
        voice.as_ref(),
        std::io::stdin().lock(),
        std::io::stdout().lock(),
        voice.serial(),
    )
    .map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })
}

/// The command line as users see it: without the hidden `worker` subcommand, which
/// clap_complete would otherwise offer.
fn public_command() -> clap::Command {
    let full = Cli::command();
    let about = full.get_about().map(|a| a.to_string()).unwrap_or_default();
    let subcommands: Vec<clap::Command> = full
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    clap::Command::new("narrate")
        .version(env!("CARGO_PKG_VERSION"))
        .propagate_version(true)
        .about(about)
        .subcommand_required(true)
        .subcommands(subcommands)
}

/// Prints the completion script for `shell`, generated from the clap definitions.
fn completions(shell: clap_complete::Shell) -> Result<()> {
    // Generated into memory first: clap_complete panics on a failed write, and a
    // closed pipe is no reason to panic.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut public_command(), "narrate", &mut script);
    write_stdout(|out| out.write_all(&script))
}

/// Prints the manual page (roff, section 1), generated from the clap definitions.
fn manual() -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(public_command())
        .render(&mut page)
        .map_err(|source| Error::Write {
            path: "the manual page".into(),
            source,
        })?;
    write_stdout(|out| out.write_all(&page))
}

fn voices(args: VoicesArgs) -> Result<()> {
    if let Some(name) = &args.sample {
        return voice_sample(name, args.output.as_deref(), args.format);
    }
    let voices = synthesize::voices();
    let (default, _) = synthesize::default_voice();
    write_stdout(|out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &voices)?;
            return writeln!(out);
        }
        let rows: Vec<[String; 5]> = voices
            .iter()
            .map(|v| {
                let mark = if v.name == default { "*" } else { " " };
                let state = if v.installed {
                    "installed"
                } else {
                    "not installed"
                };
                [
                    format!("{mark} {}", display::text(&v.name)),
                    display::text(&v.engine).into_owned(),
                    display::text(&v.language).into_owned(),
                    state.to_string(),
                    display::text(&v.description).into_owned(),
                ]
            })
            .collect();
        for line in aligned(&rows) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    })
}

/// Rows of cells as lines whose columns line up: each cell but the last padded to its
/// column's widest (in characters), one space between columns, no space at the end.
fn aligned<const N: usize>(rows: &[[String; N]]) -> Vec<String> {
    let mut widths = [0usize; N];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
                line.push_str(cell);
                if i + 1 < N {
                    let pad = width - cell.chars().count() + 1;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// The sentence `narrate voices --sample` reads, naming the voice.
fn sample_text(voice: &str) -> String {
    format!("This is the voice {voice}, reading the news.\n")
}

/// `narrate voices --sample NAME`: a short sentence read with the voice, to
/// `out/sample-NAME.wav` (or the format's extension), to `output`, or (`-`) to standard
/// output; the path written goes to standard output. An unknown voice is the same
/// error as `render --voice` gives.
fn voice_sample(
    name: &str,
    output: Option<&std::path::Path>,
    format: Option<cli::AudioFormatArg>,
) -> Result<()> {
    let format = format.map(OutputFormat::from);
    let voice = synthesize::open(name, VoiceSettings::default())?;
    // A voice given by path is named by its file; a name with a folder in it would
    // make a folder of the file.
    let file_name = |ext: &str| {
        let safe: String = voice
            .name()
            .chars()
            .map(|c| if c == '/' || c == '\\' { '_' } else { c })
            .collect();
        format!("sample-{safe}.{ext}")
    };
    let extension = format.unwrap_or(OutputFormat::Wav).extension();
    let path = match output {
        None => std::path::Path::new("out").join(file_name(extension)),
        Some(p) if p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/') => {
            p.join(file_name(extension))
        }
        Some(p) => p.to_path_buf(),
    };
    // The destination and format as `render` checks them (a name and --format that
    // disagree, a name without a known extension).
    let batch::Batch { jobs, format, .. } =
        batch::plan_jobs(&["-".to_string()], Some(&path), format, false)?;
    let destination = jobs[0].destination.clone();
    let encoder = format
        .encoder(&EncodeOptions::default())
        .map_err(Error::Usage)?;
    let voice_language = Language {
        tag: synthesize::language_of(voice.name()),
        source: narrate::language::LanguageSource::Voice,
        note: None,
    };
    let planner = Planner::for_language(
        voice_language,
        lexicon(&SpeakArgs {
            lexicon: None,
            no_lexicon: false,
            language: None,
        })?,
        Keep::All,
    );
    let plan = planner.plan_text("sample", &sample_text(voice.name()));
    if let Destination::File(path) = &destination {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
    }
    let options = render::Options {
        pauses: Pauses::default(),
        loudness: Some(Target::default()),
        sample_rate: None,
        encoder,
        format_name: format.extension().to_string(),
        sample_format: SampleFormat::default(),
        subtitles: Vec::new(),
        manifest: false,
        page: false,
        credit: None,
        speed: 1.0,
        speaker: None,
        lexicon: true,
        tags: Default::default(),
        no_clobber: false,
    };
    render::render(&plan, voice.as_ref(), &options, None, &destination, &|| {})?;
    if let Destination::File(path) = &destination {
        write_stdout(|out| writeln!(out, "{}", display::path(path)))?;
    }
    Ok(())
}

/// What `render` says of an input's sentences: how many it narrated and how many it
/// dropped, for which reasons, and the `narrate plan` that shows each one:
/// `narrate: a.txt: 10 narrated, 8 dropped (3 caption, 2 credit, …); see `narrate plan a.txt``.
fn drop_line(plan: &Plan, input: &Input, format: Option<FormatArg>, keep: &Keep) -> String {
    let name = match input {
        Input::Stdin => "standard input".to_string(),
        Input::File(_) => display::text(&input.name()).into_owned(),
    };
    let mut line = format!(
        "narrate: {name}: {}",
        report::text::narrated_and_dropped(plan)
    );
    if plan.narrated().count() < plan.sentences.len() {
        let mut command = "narrate plan".to_string();
        if let Some(value) = format.and_then(|f| f.to_possible_value()) {
            command.push_str(&format!(" --input-format {}", value.get_name()));
        }
        if *keep != Keep::Nothing {
            command.push_str(&format!(" --keep {keep}"));
        }
        line.push_str(&format!(
            "; see `{command} {}`",
            display::text(&input.name())
        ));
    }
    line
}

/// At most this many names in a list on stderr; the rest are counted.
const NAMES_LISTED: usize = 10;

/// `a.txt, b.txt and 3 more`: the first [`NAMES_LISTED`] names, each made safe to show.
fn listed(names: &[String]) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(NAMES_LISTED)
        .map(|n| display::text(n).into_owned())
        .collect();
    let mut line = shown.join(", ");
    if names.len() > NAMES_LISTED {
        line.push_str(&format!(" and {} more", names.len() - NAMES_LISTED));
    }
    line
}

/// Whether `error` is the audio's reader closing standard output before the end: not
/// a failure of the render (only one job writes there).
fn closed_pipe(job: &Job, error: &Error) -> bool {
    job.destination == Destination::Stdout
        && matches!(error, Error::Write { source, .. }
            if source.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Says on stderr which inputs `--skip-existing` passed over: one line each, the first
/// [`NAMES_LISTED`], then how many more.
fn report_existing(existing: &[Job]) {
    for job in existing.iter().take(NAMES_LISTED) {
        eprintln!(
            "narrate: skipped {}: {} exists (--skip-existing)",
            display::text(&job.input.name()),
            display::text(&job.destination.display())
        );
    }
    if existing.len() > NAMES_LISTED {
        eprintln!(
            "narrate: skipped {} more inputs whose audio exists",
            existing.len() - NAMES_LISTED
        );
    }
}

/// A duration as `--verbose` prints it: `2.10 ms`.
fn milliseconds(d: std::time::Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// What selection decided, for `--verbose`: `10 narrated, 9 dropped: 2 promo, 7 credit`
/// (and how many were kept on request).
fn decisions(plan: &Plan) -> String {
    let narrated = plan.narrated().count();
    let mut line = format!("{narrated} narrated");
    let kept = plan.kept_on_request();
    if kept > 0 {
        line.push_str(&format!(", {kept} of them kept on request"));
    }
    line.push_str(&format!(", {} dropped", plan.sentences.len() - narrated));
    let dropped = plan.dropped_by_reason();
    if !dropped.is_empty() {
        let counts: Vec<String> = dropped.iter().map(|(r, n)| format!("{n} {r}")).collect();
        line.push_str(&format!(": {}", counts.join(", ")));
    }
    line
}

/// `--verbose`'s lines for the stages of one render after planning: synthesize,
/// master, encode (without the `narrate: NAME: ` they are printed after).
fn stage_lines(
    rendered: &Rendered,
    options: &render::Options,
    bitrate: Option<u32>,
    cached: bool,
    voice: &dyn synthesize::Voice,
    jobs: usize,
) -> Vec<String> {
    let stages = &rendered.stages;
    let cache = if cached {
        format!(
            "{} synthesized, {} from cache",
            rendered.synthesized, rendered.cached
        )
    } else {
        "no cache".to_string()
    };
    let synthesize = format!(
        "synthesize {} (voice {}, {}: {cache}; {})",
        milliseconds(stages.synthesize),
        voice.name(),
        report::text::count(rendered.sentences, "sentence"),
        report::text::count(jobs, "job"),
    );
    let mut mastering = Vec::new();
    match (&rendered.loudness, options.loudness) {
        (Some(l), Some(target)) => {
            mastering.push(match stages.measured_lufs {
                Some(measured) => format!("measured {measured:.1} LUFS"),
                None => "silent".to_string(),
            });
            mastering.push(format!(
                "gain {:+.1} dB to {:.1} LUFS",
                l.gain_db, target.integrated_lufs
            ));
            if stages.decoded {
                mastering.push(format!(
                    "decoded {:.1} LUFS, true peak {:.1} dBTP (written {}, {} turned down)",
                    l.integrated_lufs,
                    l.true_peak_dbtp,
                    report::text::count(stages.writes, "time"),
                    report::text::count(stages.dips, "place"),
                ));
            } else {
                mastering.push(format!(
                    "written {:.1} LUFS, true peak {:.1} dBTP{}",
                    l.integrated_lufs,
                    l.true_peak_dbtp,
                    match stages.writes {
                        0 | 1 => String::new(),
                        n => format!(" (written {n} times)"),
                    }
                ));
            }
        }
        _ => mastering.push("no loudness normalisation".to_string()),
    }
    let voice_rate = voice.sample_rate();
    if rendered.sample_rate != voice_rate {
        mastering.push(format!(
            "resampled {voice_rate} Hz to {} Hz",
            rendered.sample_rate
        ));
    }
    let master = format!(
        "master {} ({})",
        milliseconds(stages.master),
        mastering.join(", ")
    );
    let quality = match bitrate {
        Some(kbps) => format!(", {kbps} kbit/s"),
        None if matches!(options.format_name.as_str(), "wav" | "flac") => {
            format!(", {}-bit", options.sample_format.bits())
        }
        None => String::new(),
    };
    let encode = format!(
        "encode {} ({} at {} Hz{quality}, {} of audio)",
        milliseconds(stages.encode),
        options.format_name,
        rendered.sample_rate,
        report::text::format_duration(rendered.duration()),
    );
    vec![synthesize, master, encode]
}

/// Says on stderr which symbolic links in directory inputs were not followed: one line
/// each, the first [`NAMES_LISTED`], then how many more.
fn report_skipped_links(skipped: &[batch::SkippedLink]) {
    for link in skipped.iter().take(NAMES_LISTED) {
        eprintln!("narrate: skipped {link}");
    }
    if skipped.len() > NAMES_LISTED {
        eprintln!(
            "narrate: skipped {} more symbolic links",
            skipped.len() - NAMES_LISTED
        );
    }
}

fn render(args: RenderArgs) -> Result<ExitCode> {
    // A single input's time is the whole run's: starting the voice (and its worker
    // processes with -j) is part of what it took.
    let run_started = Instant::now();
    // From here on, SIGINT and SIGTERM remove the temporary files of the outputs being
    // written before the run exits (130 and 143).
    if let Err(e) = narrate::interrupt::install() {
        eprintln!("narrate: warning: cannot watch for interrupts: {e}");
    }
    let batch::Batch {
        jobs,
        format,
        skipped,
    } = batch::plan_jobs(
        &args.inputs,
        args.output.as_deref(),
        args.format.map(OutputFormat::from),
        args.follow,
    )?;
    // Inputs already rendered: their audio file exists.
    let (jobs, existing) = if args.skip_existing {
        batch::split_existing(jobs)
    } else {
        (jobs, Vec::new())
    };
    let sidecar_extensions: Vec<&str> = args
        .subtitles
        .iter()
        .map(|&s| {
            narrate::export::SubtitleFormat::from(s)
                .exporter()
                .extension()
        })
        .chain(args.manifest.then_some("json"))
        .chain(args.page.then_some("html"))
        .collect();
    batch::refuse_overwriting_inputs(&jobs, &sidecar_extensions)?;
    if args.no_clobber {
        batch::refuse_replacing(&jobs, &sidecar_extensions)?;
    }
    if !args.quiet {
        report_skipped_links(&skipped);
        report_existing(&existing);
    }
    let Some(first_job) = jobs.first() else {
        // Every input was rendered before: nothing to do.
        return Ok(ExitCode::SUCCESS);
    };
    let to_stdout = first_job.destination == Destination::Stdout;
    let total_inputs = jobs.len() + existing.len();
    let sample_format = args
        .sample_format
        .map(SampleFormat::from)
        .unwrap_or_default();
    let encoder = format
        .encoder(&EncodeOptions {
            sample_format,
            bitrate_kbps: args.bitrate,
        })
        .map_err(Error::Usage)?;
    // A rate the format cannot be written at is a usage error before any work.
    if let Some(rate) = args.sample_rate {
        encoder
            .check_rate(encoder.output_rate(rate))
            .map_err(Error::Usage)?;
    }
    if to_stdout && args.page {
        return Err(Error::Usage(
            "--page writes NAME.html beside an audio file it links to, and standard output has no name; give -o a file name".into(),
        ));
    }
    if to_stdout && (!args.subtitles.is_empty() || args.manifest) {
        return Err(Error::Usage(
            "subtitles and manifests are written beside an audio file; give -o a file name".into(),
        ));
    }
    // The cover is read now, so that a wrong path stops the run before any synthesis.
    let tag_options = tag_options(&args.tags)?;
    let settings = VoiceSettings {
        speed: args.voice.speed,
        speaker: args.voice.speaker.clone(),
    };
    let keep = args.keep.keep();
    let planners = Planners::new(lexicon(&args.speak)?, keep.clone());
    let named = args.voice.named();
    // At most MAX_JOBS, which -j checks at parse time: the default too, on a machine
    // with more cores.
    let jobs_count = args.jobs.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(usize::from(cli::MAX_JOBS))
    });
    // Only fails if the global pool was already built, which it is not here.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs_count)
        .build_global();
    let voices = Voices::new(settings, jobs_count);
    // A named voice is started now, so that an unknown one stops the run before any
    // input is read, while the English planner compiles its selection rules; without
    // one, each input's language picks its voice, started when first needed.
    let named_voice = match named {
        Some(name) => {
            let (voice, _) =
                rayon::join(|| voices.get(name), || planners.get(&Language::default()));
            Some(voice?)
        }
        None => None,
    };
    if args.verbose {
        let voice = match &named_voice {
            Some(v) => format!("voice {} at {} Hz", v.name(), v.sample_rate()),
            None => "voice by language".to_string(),
        };
        eprintln!(
            "narrate: start {} ({voice}, {}, {})",
            milliseconds(run_started.elapsed()),
            report::text::count(jobs_count, "job"),
            report::text::count(total_inputs, "input"),
        );
    }
    let warn = |message: &str| {
        if !args.quiet {
            eprintln!("narrate: warning: {}", display::text(message));
        }
    };
    // A cache never makes a render fail: without a usable one, every sentence is
    // synthesized.
    let cache = Cache::for_render(args.cache_dir.as_deref(), args.no_cache).unwrap_or_else(|e| {
        warn(&e);
        None
    });
    let options = render::Options {
        pauses: pauses(&args.voice),
        loudness: (!args.no_loudness).then_some(Target {
            integrated_lufs: args.loudness,
            ..Target::default()
        }),
        sample_rate: args.sample_rate,
        encoder,
        format_name: format.extension().to_string(),
        sample_format,
        subtitles: args.subtitles.iter().map(|&s| s.into()).collect(),
        manifest: args.manifest,
        page: args.page,
        // A voice chosen by language is credited by its name when each input is
        // rendered (render::Options::credit).
        credit: match named {
            Some(name) if args.page => Some(narrate::export::page::voice_credit(name)),
            _ => None,
        },
        speed: args.voice.speed,
        speaker: args.voice.speaker.clone(),
        lexicon: !args.speak.no_lexicon,
        tags: tag_options,
        no_clobber: args.no_clobber,
    };
    let progress = if !args.quiet && std::io::stderr().is_terminal() {
        MultiProgress::new()
    } else {
        MultiProgress::with_draw_target(ProgressDrawTarget::hidden())
    };
    let total = jobs.len();
    let verbose = |line: String| {
        if args.verbose {
            progress.suspend(|| eprintln!("{}", display::text(&line)));
        }
    };
    let render_one = |job: &Job| -> Result<Rendered> {
        let started = if total == 1 {
            run_started
        } else {
            Instant::now()
        };
        let name = display::text(&job.input.name()).into_owned();
        // The input's text is not kept past planning: the plan holds what is read.
        let (plan, voice) = {
            let reading_started = Instant::now();
            let text = read::load(&job.input)?;
            let input_format = args
                .input_format
                .map_or_else(|| Format::detect(&job.input, &text), Format::from);
            let (document, warnings) = input_format.read_checked(&job.input.name(), &text)?;
            for warning in &warnings {
                progress.suspend(|| warn(warning));
            }
            verbose(format!(
                "narrate: {name}: read {} ({}, {}, {} bytes)",
                milliseconds(reading_started.elapsed()),
                input_format.as_str(),
                report::text::count(document.blocks.len(), "block"),
                text.len()
            ));
            drop(text);
            let Reading {
                language,
                voice,
                notices,
            } = reading(&args.speak, named, &document)?;
            if !args.quiet {
                for notice in &notices {
                    progress.suspend(|| eprintln!("narrate: {notice}"));
                }
            }
            verbose(format!(
                "narrate: {name}: language {language}, voice {voice}"
            ));
            // Only espeak-ng changes its language for a script's span; a Piper model
            // speaks the one it was trained in.
            let other_language = document
                .blocks
                .iter()
                .flat_map(|b| b.script.iter().flatten())
                .find_map(|s| s.language.as_deref());
            if let Some(language) = other_language {
                if narrate::export::page::voice_credit(&voice).engine != "espeak-ng" {
                    progress.suspend(|| {
                        warn(&format!(
                            "{name}: the script asks for language {language}; voice {voice} reads it in its own (only espeak-ng voices change language)"
                        ))
                    });
                }
            }
            let voice = voices.get(&voice)?;
            let (mut plan, timings) = planners.get(&language).plan_timed(document);
            plan.language = language;
            verbose(format!(
                "narrate: {name}: segment {} ({})",
                milliseconds(timings.segment),
                report::text::count(plan.sentences.len(), "sentence")
            ));
            verbose(format!(
                "narrate: {name}: select {} ({})",
                milliseconds(timings.select),
                decisions(&plan)
            ));
            (plan, voice)
        };
        release_free_memory();
        if args.verbose {
            let speaking = Instant::now();
            let (mut narrated, mut differ) = (0, 0);
            for (_, sentence) in plan.narrated() {
                narrated += 1;
                differ +=
                    usize::from(plan.spoken(sentence).as_deref() != Some(plan.text(sentence)));
            }
            verbose(format!(
                "narrate: {name}: speak {} ({}, {differ} read otherwise than written)",
                milliseconds(speaking.elapsed()),
                report::text::count(narrated, "sentence")
            ));
        }
        plan.check()?;
        if let Destination::File(path) = &job.destination {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
        }
        let bar = progress.add(ProgressBar::new(plan.narrated().count() as u64));
        bar.set_style(
            ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} sentences {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(display::text(&job.input.name()).into_owned());
        let rendered = render::render(
            &plan,
            voice.as_ref(),
            &options,
            cache.as_ref(),
            &job.destination,
            &|| bar.inc(1),
        );
        bar.finish_and_clear();
        progress.remove(&bar);
        for warning in cache.iter().flat_map(Cache::take_warnings) {
            progress.suspend(|| warn(&warning));
        }
        let rendered = rendered?;
        if args.verbose {
            for line in stage_lines(
                &rendered,
                &options,
                args.bitrate,
                cache.is_some(),
                voice.as_ref(),
                jobs_count,
            ) {
                verbose(format!("narrate: {name}: {line}"));
            }
            verbose(format!(
                "narrate: {name}: write {} ({}{})",
                milliseconds(rendered.stages.write),
                display::text(&job.destination.display()),
                match rendered.sidecars.len() {
                    0 => String::new(),
                    n => format!(" and {}", report::text::count(n, "file")),
                }
            ));
        }
        if !args.quiet {
            let drops = drop_line(&plan, &job.input, args.input_format, &keep);
            let loudness = rendered
                .loudness
                .as_ref()
                .map(|l| format!(", {:.1} LUFS", l.integrated_lufs))
                .unwrap_or_default();
            let counts = match &cache {
                Some(_) => format!(
                    " ({} synthesized, {} from cache)",
                    rendered.synthesized, rendered.cached
                ),
                None => String::new(),
            };
            let line = format!(
                "narrate: wrote {} ({}, {}{counts}, voice {}{loudness}, {:.2}s)",
                display::text(&job.destination.display()),
                report::text::format_duration(rendered.duration()),
                report::text::count(rendered.sentences, "sentence"),
                voice.name(),
                started.elapsed().as_secs_f64()
            );
            progress.suspend(|| eprintln!("{drops}\n{line}"));
        }
        Ok(rendered)
    };
    let done = |job: &Job, outcome: &Outcome| {
        match outcome {
            Outcome::Rendered(r) => {
                if let Destination::File(path) = &job.destination {
                    // One path a line, whatever the names hold (a newline is escaped).
                    let mut lines = vec![display::path(path)];
                    lines.extend(r.sidecars.iter().map(|p| display::path(p)));
                    // A closed pipe on standard output is not the render's failure.
                    let _ = write_stdout(|out| writeln!(out, "{}", lines.join("\n")));
                }
            }
            // A reader that stopped reading the audio (`-o - | head`) ends the render
            // quietly, as a closed pipe ends any command that writes to it.
            Outcome::Failed(e) if closed_pipe(job, e) => {}
            Outcome::Failed(e) => {
                progress.suspend(|| eprintln!("narrate: error: {}", display::text(&e.to_string())));
            }
            Outcome::Skipped => {}
        }
    };
    let summary = batch::run(jobs, args.keep_going, &render_one, &done);
    let closed = summary
        .outcomes
        .iter()
        .filter(|(job, outcome)| matches!(outcome, Outcome::Failed(e) if closed_pipe(job, e)))
        .count();
    let (rendered, failed, skipped) = (
        summary.rendered() + closed,
        summary.failed() - closed,
        summary.skipped(),
    );
    if total_inputs > 1 && !args.quiet {
        let mut line = format!("narrate: rendered {rendered} of {total_inputs} inputs");
        if failed > 0 {
            line.push_str(&format!(
                ", {failed} failed: {}",
                listed(&summary.failed_inputs())
            ));
        }
        if skipped > 0 {
            line.push_str(&format!(
                ", {skipped} not started (--keep-going renders past a failure)"
            ));
        }
        if !existing.is_empty() {
            line.push_str(&format!(
                ", {} passed over (--skip-existing: the audio exists)",
                existing.len()
            ));
        }
        eprintln!("{line}");
    }
    Ok(match (rendered, failed + skipped) {
        (_, 0) => ExitCode::SUCCESS,
        (0, _) => ExitCode::from(EXIT_FAILURE),
        _ => ExitCode::from(EXIT_PARTIAL),
    })
}

/// The tags `--title`, `--author`, `--album`, `--date`, `--comment` and `--cover` set,
/// the cover read (or why it cannot be) before any work.
fn tag_options(args: &cli::TagArgs) -> Result<narrate::tags::TagOptions> {
    let text = |v: &Option<String>| v.as_deref().and_then(narrate::tags::clean);
    Ok(narrate::tags::TagOptions {
        title: text(&args.title),
        author: text(&args.author),
        album: text(&args.album),
        date: text(&args.date),
        comment: text(&args.comment),
        cover: args
            .cover
            .as_deref()
            .map(narrate::tags::Cover::load)
            .transpose()
            .map_err(Error::Usage)?,
    })
}
