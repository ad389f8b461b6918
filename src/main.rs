//! The `narrate` binary: parses the command line ([`cli`]) and runs the library's
//! pipeline. Errors are printed as one line on stderr with a non-zero exit code.

mod cli;

use clap::Parser;
use cli::{Cli, Command, PlanArgs, RenderArgs, SpeakArgs, VoiceArgs, VoicesArgs, WorkerArgs};
use indicatif::{ProgressBar, ProgressStyle};
use narrate::cache::Cache;
use narrate::encode::{self, Encoder, Wav};
use narrate::pipeline::Planner;
use narrate::read::{self, Format, Input};
use narrate::report::{self, PlanContext, PlanFormat};
use narrate::speak::{Lexicon, Speaker};
use narrate::synthesize::{self, catalogue, pool::Pool, VoiceSettings};
use narrate::{Error, Pauses, Result};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render(args),
        Command::Plan(args) => plan(args),
        Command::Voices(args) => voices(args),
        Command::Worker(args) => worker(args),
    };
    if let Err(e) = result {
        eprintln!("narrate: error: {e}");
        std::process::exit(1);
    }
}

/// The voice asked for, or the best installed one (with a notice on stderr when a
/// better voice is not installed).
fn voice_name(v: &VoiceArgs, quiet: bool) -> String {
    if let Some(name) = &v.voice {
        return name.clone();
    }
    let (name, notice) = synthesize::default_voice();
    if let (Some(notice), false) = (notice, quiet) {
        eprintln!("narrate: {notice}");
    }
    name
}

fn pauses(v: &VoiceArgs) -> Pauses {
    Pauses {
        sentence_ms: v.sentence_pause,
        paragraph_ms: v.paragraph_pause,
        heading_ms: v.heading_pause,
    }
}

/// The planner, speaking the voice's language with the lexicon: `voices/lexicon.toml`
/// when there is one (unless `--no-lexicon`), and `--lexicon FILE` over it.
fn planner(args: &SpeakArgs, voice: &str) -> Result<Planner> {
    let mut lexicon = match catalogue::lexicon_file().filter(|_| !args.no_lexicon) {
        Some(file) => Lexicon::load(&file)?,
        None => Lexicon::default(),
    };
    if let Some(file) = &args.lexicon {
        lexicon.extend(Lexicon::load(file)?);
    }
    Ok(Planner {
        speaker: Speaker::for_language(&synthesize::language_of(voice)).with_lexicon(lexicon),
        ..Planner::default()
    })
}

fn plan(args: PlanArgs) -> Result<()> {
    let voice = args
        .voice
        .voice
        .clone()
        .unwrap_or_else(|| synthesize::default_voice().0);
    let planner = planner(&args.speak, &voice)?;
    let input = Input::parse(&args.input);
    let text = read::load(&input)?;
    let format = args
        .format
        .map_or_else(|| Format::detect(&input, &text), Format::from);
    let plan = planner.plan_input(&input.name(), &text, format);
    let cx = PlanContext {
        voice,
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
    })
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
    )
    .map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })
}

fn voices(args: VoicesArgs) -> Result<()> {
    let voices = synthesize::voices();
    let (default, _) = synthesize::default_voice();
    write_stdout(|out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &voices)?;
            return writeln!(out);
        }
        for v in voices {
            let mark = if v.name == default { "*" } else { " " };
            let state = if v.installed {
                "installed"
            } else {
                "not installed"
            };
            writeln!(
                out,
                "{mark} {:<16} {:<10} {:<8} {:<14} {}",
                v.name, v.engine, v.language, state, v.description
            )?;
        }
        Ok(())
    })
}

/// Where each input's audio goes.
fn output_paths(
    inputs: &[Input],
    output: Option<&Path>,
    encoder: &dyn Encoder,
) -> Result<Vec<PathBuf>> {
    let named =
        |dir: &Path, input: &Input| dir.join(format!("{}.{}", input.stem(), encoder.extension()));
    let as_dir = |p: &Path| p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/');
    match output {
        None => Ok(inputs.iter().map(|i| named(Path::new("out"), i)).collect()),
        Some(p) if as_dir(p) => Ok(inputs.iter().map(|i| named(p, i)).collect()),
        Some(p) if inputs.len() == 1 => {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !ext.eq_ignore_ascii_case(encoder.extension()) {
                return Err(Error::Usage(format!(
                    "cannot write {}: narrate writes .{} files",
                    p.display(),
                    encoder.extension()
                )));
            }
            Ok(vec![p.to_path_buf()])
        }
        Some(p) => Err(Error::Usage(format!(
            "{} inputs need an output directory, and {} is a file name (end it with / to make a directory)",
            inputs.len(),
            p.display()
        ))),
    }
}

fn render(args: RenderArgs) -> Result<()> {
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::parse(a)).collect();
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        return Err(Error::Usage(
            "standard input (-) can be read only once".into(),
        ));
    }
    let encoder = Wav::default();
    let outputs = output_paths(&inputs, args.output.as_deref(), &encoder)?;
    let settings = VoiceSettings {
        speed: args.voice.speed,
        speaker: args.voice.speaker.clone(),
    };
    let voice_name = voice_name(&args.voice, args.quiet);
    let planner = planner(&args.speak, &voice_name)?;

    let pauses = pauses(&args.voice);
    let jobs = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // Only fails if the global pool was already built, which it is not here.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build_global();
    // Starting the voice and compiling the selection rules overlap.
    let (voice, ()) = rayon::join(
        || synthesize::open(&voice_name, settings.clone()),
        || planner.prepare(),
    );
    let mut voice = voice?;
    if voice.serial() && jobs > 1 {
        // One copy of the engine per job: this process and jobs - 1 workers.
        if let Ok(exe) = std::env::current_exe() {
            let name = voice.name().to_string();
            voice = Box::new(Pool::new(voice, &exe, &name, settings, jobs - 1));
        }
    }
    let warn = |message: &str| {
        if !args.quiet {
            eprintln!("narrate: warning: {message}");
        }
    };
    // A cache never makes a render fail: without a usable one, every sentence is
    // synthesized.
    let cache = Cache::for_render(args.cache_dir.as_deref(), args.no_cache).unwrap_or_else(|e| {
        warn(&e);
        None
    });
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    for (input, path) in inputs.iter().zip(&outputs) {
        let started = Instant::now();
        let text = read::load(input)?;
        let format = args
            .format
            .map_or_else(|| Format::detect(input, &text), Format::from);
        let plan = planner.plan_input(&input.name(), &text, format);
        plan.check()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let bar = if show_progress {
            let bar = ProgressBar::new(plan.narrated().count() as u64);
            bar.set_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} sentences {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_prefix(input.name());
            bar
        } else {
            ProgressBar::hidden()
        };
        // Streamed: each part goes to the temporary file as soon as it is stitched.
        let mut output = encode::AtomicOutput::create(path)?;
        let write_error = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let (rendered, samples) = {
            let mut stream = encoder
                .start(voice.sample_rate(), None, output.sink())
                .map_err(write_error)?;
            let mut samples = 0usize;
            let rendered = plan.render_into(
                voice.as_ref(),
                &pauses,
                cache.as_ref(),
                &|| bar.inc(1),
                &mut |part| {
                    samples += part.len();
                    stream.write_part(&part).map_err(write_error)
                },
            )?;
            stream.finish().map_err(write_error)?;
            (rendered, samples)
        };
        output.commit()?;
        bar.finish_and_clear();
        for warning in cache.iter().flat_map(Cache::take_warnings) {
            warn(&warning);
        }
        if !args.quiet {
            let counts = match &cache {
                Some(_) => format!(
                    " ({} synthesized, {} from cache)",
                    rendered.synthesized, rendered.cached
                ),
                None => String::new(),
            };
            eprintln!(
                "narrate: wrote {} ({}, {} sentences{counts}, voice {}, {:.2}s)",
                path.display(),
                report::text::format_duration(samples as f64 / voice.sample_rate() as f64),
                rendered.timings.len(),
                voice.name(),
                started.elapsed().as_secs_f64()
            );
        }
        write_stdout(|out| writeln!(out, "{}", path.display()))?;
    }
    Ok(())
}
