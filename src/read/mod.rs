//! Stage 1, **read**: a file or standard input in, a [`Document`] of blocks out.
//!
//! [`load`] takes the raw bytes and refuses what is not an article (a missing or empty
//! file, binary data, invalid UTF-8, each with the path and byte offset in the error).
//! A [`Reader`] then turns the text into blocks, one implementation per input
//! [`Format`], one file each: [`text::PlainText`] reads scraped plain text,
//! [`html::Html`] web pages and [`markdown::Markdown`] Markdown. The format is given
//! (`--format`) or [`Format::detect`]ed from the file's extension or its content.

pub mod html;
pub mod markdown;
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

/// The formats narrate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text: one block per line, the first line the title.
    Text,
    /// An HTML page: the story is extracted and the page around it dropped.
    Html,
    /// Markdown (CommonMark).
    Markdown,
}

impl Format {
    /// The lower-case name (`text`, `html`, `markdown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Markdown => "markdown",
        }
    }

    /// The format a file name says: `.html`, `.htm`, `.xhtml` are HTML, `.md`,
    /// `.markdown` Markdown, `.txt` text; any other extension says nothing.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }

    /// The format of `text` judged from its content: HTML when it opens with a doctype,
    /// an `<html>`, `<head>` or `<body>` tag (after white space and comments), or when
    /// its start has many closing tags of the elements pages are made of; text otherwise.
    /// Markdown is never guessed: plain text reads much like it.
    pub fn sniff(text: &str) -> Format {
        let mut head = text.trim_start();
        // Skip an XML declaration and comments before the first tag.
        loop {
            if let Some(rest) = head.strip_prefix("<?") {
                head = rest.split_once("?>").map_or("", |(_, r)| r).trim_start();
            } else if let Some(rest) = head.strip_prefix("<!--") {
                head = rest.split_once("-->").map_or("", |(_, r)| r).trim_start();
            } else {
                break;
            }
        }
        let start: String = head
            .chars()
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        if ["<!doctype html", "<html", "<head", "<body"]
            .iter()
            .any(|p| start.starts_with(p))
        {
            return Format::Html;
        }
        // The first 64 KiB, cut at a character boundary.
        let mut end = text.len().min(64 * 1024);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let sample = text[..end].to_ascii_lowercase();
        if sample.contains("<body") || sample.contains("<html") {
            return Format::Html;
        }
        let closing = [
            "</p>", "</div>", "</a>", "</li>", "</span>", "</h1>", "</h2>", "</h3>", "</td>",
        ]
        .iter()
        .map(|t| sample.matches(t).count())
        .sum::<usize>();
        if closing >= 3 {
            Format::Html
        } else {
            Format::Text
        }
    }

    /// The format of an input: its extension's, else its content's.
    pub fn detect(input: &Input, text: &str) -> Format {
        match input {
            Input::File(path) => {
                Format::from_extension(path).unwrap_or_else(|| Format::sniff(text))
            }
            Input::Stdin => Format::sniff(text),
        }
    }

    /// Reads `text` of this format into a document.
    pub fn read(self, source: &str, text: &str) -> Document {
        match self {
            Format::Text => text::PlainText.read(source, text),
            Format::Html => html::Html.read(source, text),
            Format::Markdown => markdown::Markdown.read(source, text),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
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
    fn formats_by_extension_then_content() {
        let file = |p: &str| Input::File(p.into());
        assert_eq!(Format::detect(&file("a.HTML"), "Plain."), Format::Html);
        assert_eq!(Format::detect(&file("a.htm"), ""), Format::Html);
        assert_eq!(Format::detect(&file("a.md"), "<html>"), Format::Markdown);
        assert_eq!(Format::detect(&file("a.txt"), "<html>"), Format::Text);
        assert_eq!(
            Format::detect(&file("page"), "<!DOCTYPE html><p>x"),
            Format::Html
        );
        assert_eq!(
            Format::detect(&Input::Stdin, "  <!-- c -->\n<html lang=en>"),
            Format::Html
        );
        assert_eq!(
            Format::detect(&Input::Stdin, "<?xml version=\"1.0\"?><html>"),
            Format::Html
        );
        assert_eq!(
            Format::detect(
                &Input::Stdin,
                "<div><p>One.</p><p>Two.</p><p>Three.</p></div>"
            ),
            Format::Html
        );
        assert_eq!(
            Format::detect(&Input::Stdin, "Title\n\nA <b>bold</b> claim."),
            Format::Text
        );
        assert_eq!(
            Format::detect(&Input::Stdin, "# Title\n\nText."),
            Format::Text
        );
    }

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
