//! The errors a user can cause, each carrying the context needed to fix it (which file,
//! which sentence, which voice). The binary prints one of these as a single line and
//! exits non-zero; nothing a user can do makes the library panic.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// SSML that cannot be read: where, and why.
    #[error("{path}:{line}:{column}: {message}")]
    Ssml {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path} is empty")]
    Empty { path: String },
    #[error("{path} looks like a binary file (NUL byte at offset {offset}), not text")]
    Binary { path: String, offset: usize },
    #[error("{path} is not valid UTF-8 (invalid byte at offset {offset})")]
    InvalidUtf8 { path: String, offset: usize },
    #[error(
        "nothing to narrate in {path}: {reason} (run `narrate plan {path}` to see every decision)"
    )]
    NothingToNarrate { path: String, reason: String },
    #[error("sentence {index} of {path} (line {line}) has {chars} characters without a clause break; narrate reads at most {limit} characters at once")]
    SentenceTooLong {
        path: String,
        index: usize,
        line: usize,
        chars: usize,
        limit: usize,
    },
    #[error("lexicon {}: {message}", path.display())]
    Lexicon { path: PathBuf, message: String },
    #[error("unknown voice '{name}'; installed voices: {available} (see `narrate voices`)")]
    UnknownVoice { name: String, available: String },
    /// A named voice of another language than the article's (see
    /// [`crate::language::check_voice`]); `message` says both languages and the way out.
    #[error("voice '{voice}' {message}")]
    VoiceLanguage { voice: String, message: String },
    #[error("voice '{voice}': {message}")]
    Voice { voice: String, message: String },
    #[error("voice '{voice}' could not speak sentence {index} (\"{excerpt}\"): {message}")]
    Synthesis {
        voice: String,
        index: usize,
        excerpt: String,
        message: String,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
}
