//! Stage 1, **read**: a file or standard input in, a [`Document`] of blocks out.
//!
//! [`load`] takes the raw bytes and refuses what is not an article (a missing or empty
//! file, binary data, invalid UTF-8, each with the path and byte offset in the error).
//! A [`Reader`] then turns the text into blocks; [`text::PlainText`] reads scraped plain
//! text, one implementation per input format as the formats grow (HTML, Markdown).

pub mod text;

use crate::document::Document;
use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// Turns the text of one input into blocks.
pub trait Reader {
    /// Reads `text`, which came from `source` (a path, or `-` for standard input).
    fn read(&self, source: &str, text: &str) -> Document;
}

/// Where an article comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(std::path::PathBuf),
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::File(arg.into())
        }
    }

    /// How errors and plans name this input.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// The file stem used to name the output (`article` for `news/article.txt`).
    pub fn stem(&self) -> String {
        match self {
            Input::Stdin => "stdin".to_string(),
            Input::File(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "narration".to_string()),
        }
    }
}

/// Reads the whole input and checks that it is non-empty UTF-8 text.
pub fn load(input: &Input) -> Result<String> {
    let name = input.name();
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|source| Error::Read {
                    path: name.clone(),
                    source,
                })?;
            buf
        }
        Input::File(path) => read_file(path, &name)?,
    };
    decode(&name, bytes)
}

fn read_file(path: &Path, name: &str) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::Read {
            path: name.to_string(),
            source: std::io::Error::other("it is a directory"),
        });
    }
    std::fs::read(path).map_err(|source| Error::Read {
        path: name.to_string(),
        source,
    })
}

/// Checks raw bytes: not empty, no NUL byte, valid UTF-8; strips a byte-order mark.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Binary {
            path: name.to_string(),
            offset,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        path: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: name.to_string(),
        });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_empty_binary_and_invalid_utf8() {
        assert!(matches!(
            decode("a", b"  \n\n".to_vec()),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            decode("a", b"ab\0cd".to_vec()),
            Err(Error::Binary { offset: 2, .. })
        ));
        assert!(matches!(
            decode("a", b"caf\xc3\xa9 \xff".to_vec()),
            Err(Error::InvalidUtf8 { offset: 6, .. })
        ));
        assert_eq!(
            decode("a", "\u{feff}Hi.".as_bytes().to_vec()).unwrap(),
            "Hi."
        );
    }
}
