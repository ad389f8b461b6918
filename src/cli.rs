//! The command line: clap parses it into [`Command`], a plain value; nothing here runs.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn a news article into one narrated audio file, offline.
#[derive(Debug, Parser)]
#[command(name = "narrate", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render articles to WAV files (out/NAME.wav unless -o says otherwise).
    Render(RenderArgs),
    /// Show every sentence of an article: narrated, or dropped and why.
    Plan(PlanArgs),
    /// List the voices narrate can use.
    Voices(VoicesArgs),
    /// Serve synthesis requests on stdin/stdout (started by `render` for parallel
    /// synthesis with engines that speak one sentence at a time per process).
    #[command(hide = true)]
    Worker(WorkerArgs),
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[arg(long)]
    pub voice: String,
    #[arg(long)]
    pub speaker: Option<String>,
    #[arg(long, value_parser = parse_speed)]
    pub speed: f32,
}

#[derive(Debug, Args)]
pub struct VoiceArgs {
    /// The voice to read with: a name from `narrate voices`, or the path of a Piper
    /// model (VOICE.onnx, its config beside it as VOICE.onnx.json). Default: the best
    /// installed voice.
    #[arg(long, short = 'v', value_name = "NAME|PATH")]
    pub voice: Option<String>,
    /// The speaker of a voice with several (a name or a number).
    #[arg(long, value_name = "SPEAKER")]
    pub speaker: Option<String>,
    /// Speaking rate: 1.0 is the voice's normal rate (0.25 to 4.0).
    #[arg(long, default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f32,
    /// Pause between sentences of a paragraph, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = narrate::Pauses::default().sentence_ms)]
    pub sentence_pause: u32,
    /// Pause between paragraphs, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = narrate::Pauses::default().paragraph_ms)]
    pub paragraph_pause: u32,
    /// Pause around the title and headings, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = narrate::Pauses::default().heading_ms)]
    pub heading_pause: u32,
}

/// The input formats `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Plain text, one block per line, the first line the title.
    Text,
    /// A web page: the story is extracted, the page around it dropped.
    Html,
    /// Markdown.
    #[value(alias = "md")]
    Markdown,
}

impl From<FormatArg> for narrate::read::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => narrate::read::Format::Text,
            FormatArg::Html => narrate::read::Format::Html,
            FormatArg::Markdown => narrate::read::Format::Markdown,
        }
    }
}

#[derive(Debug, Args)]
pub struct SpeakArgs {
    /// A pronunciation lexicon (TOML, see README): its entries are added to those of
    /// voices/lexicon.toml and replace any with the same key.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Read without any lexicon, not even voices/lexicon.toml.
    #[arg(long, conflicts_with = "lexicon")]
    pub no_lexicon: bool,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Article files to narrate; `-` reads standard input.
    #[arg(required = true, value_name = "ARTICLE")]
    pub inputs: Vec<String>,
    /// Output file, or a directory for one WAV per input (default: out/).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub voice: VoiceArgs,
    #[command(flatten)]
    pub speak: SpeakArgs,
    /// Sentences synthesized at once (default: one per core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// The format of every input (default: from each file's extension, else from its
    /// content).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// Where each sentence's audio is cached, so that a render again synthesizes only
    /// what changed (default: $NARRATE_CACHE_DIR, else ~/.cache/narrate).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Neither read nor write the cache.
    #[arg(long, conflicts_with = "cache_dir")]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The article; `-` reads standard input.
    #[arg(value_name = "ARTICLE")]
    pub input: String,
    /// Print one JSON object for scripts.
    #[arg(long)]
    pub json: bool,
    /// Also show what the voice will say where it differs from the text.
    #[arg(long)]
    pub spoken: bool,
    /// The input format (default: from the file's extension, else from its content).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    #[command(flatten)]
    pub voice: VoiceArgs,
    #[command(flatten)]
    pub speak: SpeakArgs,
}

#[derive(Debug, Args)]
pub struct VoicesArgs {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

fn parse_speed(s: &str) -> Result<f32, String> {
    let v: f32 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (0.25..=4.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is outside 0.25 to 4.0"))
    }
}
