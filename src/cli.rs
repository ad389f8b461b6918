//! The command line: clap parses it into [`Command`], a plain value; nothing here runs.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use narrate::pipeline::Keep;
use std::path::PathBuf;

/// Turn a news article into one narrated audio file, offline.
#[derive(Debug, Parser)]
#[command(name = "narrate", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run: the size of its largest variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render articles to audio files (out/NAME.wav unless -o or --format say otherwise).
    Render(RenderArgs),
    /// Show every sentence of an article: narrated, or dropped and why.
    Plan(PlanArgs),
    /// List the voices narrate can use.
    Voices(VoicesArgs),
    /// Print a shell completion script to standard output, e.g.
    /// `narrate completions bash > ~/.local/share/bash-completion/completions/narrate`.
    Completions(CompletionsArgs),
    /// Print narrate's manual page (roff) to standard output, e.g.
    /// `narrate man > ~/.local/share/man/man1/narrate.1`.
    Man,
    /// Serve synthesis requests on stdin/stdout (started by `render` for parallel
    /// synthesis with engines that speak one sentence at a time per process).
    #[command(hide = true)]
    Worker(WorkerArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[arg(long)]
    pub voice: String,
    #[arg(long)]
    pub speaker: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_parser = parse_speed)]
    pub speed: f32,
}

#[derive(Debug, Args)]
pub struct VoiceArgs {
    /// The voice to read with: a name from `narrate voices`, or the path of a Piper
    /// model (VOICE.onnx, its config beside it as VOICE.onnx.json). Default: the best
    /// installed voice, or the one NARRATE_VOICE names.
    #[arg(long, short = 'v', value_name = "NAME|PATH", env = "NARRATE_VOICE")]
    pub voice: Option<String>,
    /// The speaker of a voice with several (a name or a number).
    #[arg(long, value_name = "SPEAKER")]
    pub speaker: Option<String>,
    /// Speaking rate: 1.0 is the voice's normal rate [0.25..=4.0].
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true, value_parser = parse_speed)]
    pub speed: f32,
    /// Pause between sentences of a paragraph, in milliseconds [0..=10000 ms].
    #[arg(long, value_name = "MS", default_value_t = narrate::Pauses::default().sentence_ms,
          allow_negative_numbers = true, value_parser = pause_parser())]
    pub sentence_pause: u32,
    /// Pause between paragraphs, in milliseconds [0..=10000 ms].
    #[arg(long, value_name = "MS", default_value_t = narrate::Pauses::default().paragraph_ms,
          allow_negative_numbers = true, value_parser = pause_parser())]
    pub paragraph_pause: u32,
    /// Pause around the title and headings, in milliseconds [0..=10000 ms].
    #[arg(long, value_name = "MS", default_value_t = narrate::Pauses::default().heading_ms,
          allow_negative_numbers = true, value_parser = pause_parser())]
    pub heading_pause: u32,
}

impl VoiceArgs {
    /// The voice named by `--voice` or `NARRATE_VOICE`; an empty name (a variable set
    /// to nothing) names none.
    pub fn named(&self) -> Option<&str> {
        self.voice
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

#[derive(Debug, Args)]
pub struct KeepArgs {
    /// Narrate the sentences dropped for these reasons all the same (repeat or separate
    /// with commas), or `all` for every sentence; `narrate plan` shows each sentence's
    /// reason.
    #[arg(long, value_name = "REASON", value_delimiter = ',', value_parser = keep_parser())]
    pub keep: Vec<Keep>,
}

impl KeepArgs {
    /// Everything the `--keep` options name together.
    pub fn keep(&self) -> Keep {
        self.keep.iter().cloned().collect()
    }
}

/// `--keep`'s names, so that help and a bad name's error list them, each parsed to
/// what it keeps.
fn keep_parser() -> impl TypedValueParser<Value = Keep> {
    PossibleValuesParser::new(Keep::names()).try_map(|name| name.parse::<Keep>())
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
    /// SSML, a speech script (`<speak>…</speak>`).
    Ssml,
}

impl From<FormatArg> for narrate::read::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => narrate::read::Format::Text,
            FormatArg::Html => narrate::read::Format::Html,
            FormatArg::Markdown => narrate::read::Format::Markdown,
            FormatArg::Ssml => narrate::read::Format::Ssml,
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
    /// The article's language, a BCP 47 tag such as de, fr-FR or es (default: what the
    /// input says, HTML lang or front matter lang, else detected from its text). It
    /// picks the voice when none is named, and lets a named voice of another language
    /// read it.
    #[arg(long, value_name = "TAG", value_parser = parse_language)]
    pub language: Option<String>,
}

/// A `--language` tag, in its usual case.
fn parse_language(text: &str) -> Result<String, String> {
    narrate::language::parse_tag(text)
}

/// The audio formats `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudioFormatArg {
    /// WAV (PCM; 16-bit unless --sample-format says otherwise).
    Wav,
    /// FLAC, lossless (16 or 24 bits).
    Flac,
    /// MP3 (LAME).
    Mp3,
    /// Opus in an Ogg container.
    #[value(alias = "ogg")]
    Opus,
}

impl From<AudioFormatArg> for narrate::encode::OutputFormat {
    fn from(f: AudioFormatArg) -> Self {
        match f {
            AudioFormatArg::Wav => narrate::encode::OutputFormat::Wav,
            AudioFormatArg::Flac => narrate::encode::OutputFormat::Flac,
            AudioFormatArg::Mp3 => narrate::encode::OutputFormat::Mp3,
            AudioFormatArg::Opus => narrate::encode::OutputFormat::Opus,
        }
    }
}

/// The PCM sample formats `--sample-format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SampleFormatArg {
    /// 16-bit integers.
    S16,
    /// 24-bit integers (WAV, FLAC).
    S24,
    /// 32-bit floats (WAV).
    F32,
}

impl From<SampleFormatArg> for narrate::encode::SampleFormat {
    fn from(f: SampleFormatArg) -> Self {
        match f {
            SampleFormatArg::S16 => narrate::encode::SampleFormat::S16,
            SampleFormatArg::S24 => narrate::encode::SampleFormat::S24,
            SampleFormatArg::F32 => narrate::encode::SampleFormat::F32,
        }
    }
}

/// The subtitle formats `--subtitles` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SubtitleArg {
    /// SubRip (NAME.srt).
    Srt,
    /// WebVTT (NAME.vtt).
    Vtt,
}

impl From<SubtitleArg> for narrate::export::SubtitleFormat {
    fn from(f: SubtitleArg) -> Self {
        match f {
            SubtitleArg::Srt => narrate::export::SubtitleFormat::Srt,
            SubtitleArg::Vtt => narrate::export::SubtitleFormat::Vtt,
        }
    }
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Articles to narrate: files, directories (every .txt, .html, .htm, .md and
    /// .markdown file in them, recursively), or `-` for standard input.
    #[arg(required = true, value_name = "ARTICLE")]
    pub inputs: Vec<String>,
    /// Follow symbolic links inside directory inputs: links to folders (each folder is
    /// read once, so a loop ends) and to files outside the directory. Without it they
    /// are skipped, and stderr says which.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Output file, a directory for one file per input (existing, or ending in /), or
    /// `-` for standard output (WAV unless --format names another) (default: out/).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// The audio format (default: from the output file's extension, else WAV).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<AudioFormatArg>,
    /// PCM sample format of WAV and FLAC files.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub sample_format: Option<SampleFormatArg>,
    /// Bitrate of MP3 and Opus files, in kbit/s (default: 64 for MP3, 32 for Opus)
    /// [16..=320 kbps for MP3, 24..=510 kbps for Opus].
    #[arg(long, value_name = "KBPS", allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(MIN_BITRATE_KBPS..=MAX_BITRATE_KBPS))]
    pub bitrate: Option<u32>,
    /// Sample rate of the file, in Hz (default: the voice's); the audio is resampled
    /// [8000..=192000 Hz for WAV, 8000..=96000 Hz for FLAC; MP3 and Opus take the
    /// nearest rate they support].
    #[arg(long, value_name = "HZ", allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(MIN_SAMPLE_RATE_HZ..=MAX_SAMPLE_RATE_HZ))]
    pub sample_rate: Option<u32>,
    /// Integrated loudness to bring the narration to, in LUFS (EBU R128), with true
    /// peaks held under -1 dBTP [-70..=-5 LUFS].
    #[arg(long, value_name = "LUFS", default_value_t = -16.0, allow_negative_numbers = true, value_parser = parse_loudness)]
    pub loudness: f64,
    /// Leave the voice's own level: no loudness normalisation (and no waiting for the
    /// whole narration before writing).
    #[arg(long)]
    pub no_loudness: bool,
    /// Also write subtitles beside the audio: NAME.srt, NAME.vtt (repeat or separate
    /// with commas for both).
    #[arg(long, value_enum, value_name = "FORMAT", value_delimiter = ',')]
    pub subtitles: Vec<SubtitleArg>,
    /// Also write NAME.json beside the audio: every sentence with its text, spoken
    /// form, block, start and end, for players.
    #[arg(long)]
    pub manifest: bool,
    /// Also write NAME.html beside the audio: a page to listen on, with the text
    /// highlighted as it is read (self-contained: copy it with the audio to publish).
    #[arg(long)]
    pub page: bool,
    #[command(flatten)]
    pub voice: VoiceArgs,
    #[command(flatten)]
    pub speak: SpeakArgs,
    #[command(flatten)]
    pub keep: KeepArgs,
    /// Sentences synthesized at once (default: one per core, at most 64) [1..=64].
    #[arg(long, short = 'j', value_name = "N", allow_negative_numbers = true,
          value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS as i64))]
    pub jobs: Option<u16>,
    /// Go on with the other inputs when one fails (exit code 3 if some were rendered).
    #[arg(long, short = 'k')]
    pub keep_going: bool,
    /// Print nothing on standard error but errors (no progress, notices, warnings or
    /// summary); the paths of the files written still go to standard output.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Also print on standard error how long each stage took and what it decided, one
    /// line per stage: `narrate: a.txt: read 2.1 ms (html, 42 blocks)`. (-v is --voice,
    /// as in espeak-ng.)
    #[arg(long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Replace no file: refuse, before any work, when the audio file or a subtitle,
    /// manifest or page file beside it exists (exit code 1).
    #[arg(long, short = 'n')]
    pub no_clobber: bool,
    /// Pass over the inputs whose audio file exists already (as rendered before, whatever
    /// its subtitles, manifest and page), and render the others.
    #[arg(long)]
    pub skip_existing: bool,
    /// The format of every input (default: from each file's extension, else from its
    /// content).
    #[arg(long, value_enum, value_name = "FORMAT", alias = "from")]
    pub input_format: Option<FormatArg>,
    /// Where each sentence's audio is cached, so that a render again synthesizes only
    /// what changed (default: $NARRATE_CACHE_DIR, else ~/.cache/narrate).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Neither read nor write the cache.
    #[arg(long, conflicts_with = "cache_dir")]
    pub no_cache: bool,
    #[command(flatten)]
    pub tags: TagArgs,
}

/// The tags written into the audio file; each replaces what the input says.
#[derive(Debug, Args)]
#[command(next_help_heading = "Tags")]
pub struct TagArgs {
    /// The title tag (default: the article's title).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The artist tag (default: the article's author, where the input names one).
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The album tag (default: the site's name, where the input names one).
    #[arg(long, value_name = "TEXT")]
    pub album: Option<String>,
    /// The date tag, e.g. 2024-05-03 (default: the article's date, where the input
    /// gives one).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// A comment tag.
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// A cover picture for MP3, FLAC and Opus files: a JPEG or PNG file.
    #[arg(long, value_name = "IMAGE")]
    pub cover: Option<PathBuf>,
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
    #[arg(long, value_enum, value_name = "FORMAT", visible_alias = "format")]
    pub input_format: Option<FormatArg>,
    #[command(flatten)]
    pub voice: VoiceArgs,
    #[command(flatten)]
    pub speak: SpeakArgs,
    #[command(flatten)]
    pub keep: KeepArgs,
}

#[derive(Debug, Args)]
pub struct VoicesArgs {
    /// Print JSON for scripts.
    #[arg(long, conflicts_with = "sample")]
    pub json: bool,
    /// Render a short sentence with this voice to hear it ("This is the voice NAME,
    /// reading the news."): to out/sample-NAME.wav unless -o says otherwise; the path
    /// written goes to standard output.
    #[arg(long, value_name = "NAME|PATH")]
    pub sample: Option<String>,
    /// Where the sample goes: a file (its extension names the format), a directory
    /// (existing, or ending in /), or `-` for standard output.
    #[arg(long, short = 'o', value_name = "PATH", requires = "sample")]
    pub output: Option<PathBuf>,
    /// The sample's audio format (default: from the file's extension, else WAV).
    #[arg(long, value_enum, value_name = "FORMAT", requires = "sample")]
    pub format: Option<AudioFormatArg>,
}

/// The longest pause `--sentence-pause`, `--paragraph-pause` and `--heading-pause`
/// take, in milliseconds: ten seconds is already far past any pause a listener waits
/// through, and it bounds the silence a narration can hold.
pub const MAX_PAUSE_MS: u32 = 10_000;

/// The most sentences `-j` synthesizes at once. Each job is a thread, and with an engine
/// that speaks one sentence per process, a process too; past the machine's cores more
/// only cost memory.
pub const MAX_JOBS: u16 = 64;

/// `--bitrate`'s range: every bitrate of MP3 (16 to 320) or Opus (24 to 510); each
/// codec's own range is checked once the format is known.
const MIN_BITRATE_KBPS: i64 = 16;
const MAX_BITRATE_KBPS: i64 = 510;

/// `--sample-rate`'s range; each format's own is checked once the format is known.
const MIN_SAMPLE_RATE_HZ: i64 = 8000;
const MAX_SAMPLE_RATE_HZ: i64 = 192_000;

/// A pause in milliseconds, 0 to [`MAX_PAUSE_MS`].
fn pause_parser() -> impl TypedValueParser<Value = u32> {
    clap::value_parser!(u32).range(0..=i64::from(MAX_PAUSE_MS))
}

fn parse_speed(s: &str) -> Result<f32, String> {
    let v: f32 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (0.25..=4.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is outside 0.25 to 4.0"))
    }
}

fn parse_loudness(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (-70.0..=-5.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} LUFS is outside -70 to -5"))
    }
}
