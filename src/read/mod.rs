//! Stage 1, **read**: a file or standard input in, a [`Document`] of blocks out.
//!
//! [`load`] takes the raw bytes and refuses what is not an article (a missing or empty
//! file, binary data, invalid UTF-8, each with the path and byte offset in the error);
//! UTF-16 with a byte-order mark is decoded (with std's UTF-16 decoder: no other
//! encoding is guessed, so no crate is needed).
//! A [`Reader`] then turns the text into blocks, one implementation per input
//! [`Format`], one file each: [`text::PlainText`] reads scraped plain text,
//! [`html::Html`] web pages and [`markdown::Markdown`] Markdown. The format is given
//! (`--format`) or [`Format::detect`]ed from the file's extension or its content.

pub mod html;
pub mod markdown;
pub mod ssml;
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
    /// SSML, a speech script: `<speak>…</speak>` ([`ssml`]).
    Ssml,
}

impl Format {
    /// The lower-case name (`text`, `html`, `markdown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Ssml => "ssml",
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
            "ssml" => Some(Format::Ssml),
            _ => None,
        }
    }

    /// The format of `text` judged from its content: SSML when it opens with `<speak`
    /// (after white space, an XML declaration and comments); HTML when it opens with a doctype,
    /// an `<html>`, `<head>` or `<body>` tag (after white space and comments), or when
    /// its start has many closing tags of the elements pages are made of; text otherwise.
    /// Markdown is never guessed: plain text reads much like it.
    pub fn sniff(text: &str) -> Format {
        if opens_as_speech(text) {
            return Format::Ssml;
        }
        if opens_as_page(text) {
            return Format::Html;
        }
        // The first 64 KiB, cut at a character boundary.
        let sample = text[..floor_char_boundary(text, 64 * 1024)].to_ascii_lowercase();
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

    /// Whether `text` is plainly a web page, not prose that mentions a tag: it opens
    /// with a doctype or an `<html>`, `<head>` or `<body>` tag (after white space, an
    /// XML declaration and comments), or its start is full of tags: at least
    /// [`PAGE_MIN_CLOSING_TAGS`] closing tags (prose that mentions a tag names it, and
    /// rarely closes it), or [`PAGE_MIN_TAGS`] tags making up a fifth of its characters.
    /// Stricter than [`Format::sniff`], as it overrides what a `.txt` name says.
    pub fn is_page(text: &str) -> bool {
        if opens_as_page(text) {
            return true;
        }
        let sample = &text[..floor_char_boundary(text, 64 * 1024)];
        let (mut tags, mut closing, mut markup) = (0usize, 0usize, 0usize);
        let mut rest = sample;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            let name = after.strip_prefix('/').unwrap_or(after);
            let is_tag = name.starts_with(|c: char| c.is_ascii_alphabetic());
            match after.find('>').filter(|_| is_tag) {
                // A tag is short: a `<` with no `>` soon after is a comparison.
                Some(close) if close < 512 => {
                    tags += 1;
                    closing += usize::from(after.starts_with('/'));
                    markup += close + 2;
                    rest = &after[close + 1..];
                }
                _ => rest = after,
            }
        }
        closing >= PAGE_MIN_CLOSING_TAGS || (tags >= PAGE_MIN_TAGS && markup * 5 >= sample.len())
    }

    /// The format of an input: its extension's, else its content's. A `.txt` file that
    /// holds a web page ([`Format::is_page`]) is read as HTML: a page saved under the
    /// wrong name would otherwise be narrated tag by tag.
    pub fn detect(input: &Input, text: &str) -> Format {
        match input {
            Input::File(path) => match Format::from_extension(path) {
                Some(Format::Text) if Format::is_page(text) => Format::Html,
                Some(format) => format,
                None => Format::sniff(text),
            },
            Input::Stdin => Format::sniff(text),
        }
    }

    /// Reads `text` of this format into a document. SSML that cannot be parsed is read
    /// as plain text here: callers that report errors use [`Format::read_checked`].
    pub fn read(self, source: &str, text: &str) -> Document {
        match self {
            Format::Text => text::PlainText.read(source, text),
            Format::Html => html::Html.read(source, text),
            Format::Markdown => markdown::Markdown.read(source, text),
            Format::Ssml => self
                .read_checked(source, text)
                .map(|(document, _)| document)
                .unwrap_or_else(|_| text::PlainText.read(source, text)),
        }
    }

    /// Reads `text` of this format into a document, with the warnings reading gave
    /// (SSML's unknown elements and the like); only SSML can fail, with the line and
    /// column of what is wrong.
    pub fn read_checked(self, source: &str, text: &str) -> Result<(Document, Vec<String>)> {
        match self {
            Format::Ssml => ssml::read(source, text).map(|r| (r.document, r.warnings)),
            other => Ok((other.read(source, text), Vec::new())),
        }
    }
}

/// The fewest tags that make a `.txt` file's start a page when they are a fifth of its
/// characters ([`Format::is_page`]).
pub const PAGE_MIN_TAGS: usize = 20;

/// The fewest closing tags (`</p>`) that make a `.txt` file's start a page.
pub const PAGE_MIN_CLOSING_TAGS: usize = 10;

/// Whether `text` opens as an SSML script: `<speak` after white space, an XML
/// declaration and comments.
fn opens_as_speech(text: &str) -> bool {
    let start = skip_prologue(text);
    start.starts_with("<speak")
        && start[6..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
}

/// Whether `text` opens as a web page: a doctype or an `<html>`, `<head>` or `<body>`
/// tag, after white space, an XML declaration and comments.
fn opens_as_page(text: &str) -> bool {
    let start: String = skip_prologue(text)
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|p| start.starts_with(p))
}

/// `text` from its first tag or word: white space, an XML declaration and comments
/// skipped.
fn skip_prologue(text: &str) -> &str {
    let mut head = text.trim_start();
    loop {
        if let Some(rest) = head.strip_prefix("<?") {
            head = rest.split_once("?>").map_or("", |(_, r)| r).trim_start();
        } else if let Some(rest) = head.strip_prefix("<!--") {
            head = rest.split_once("-->").map_or("", |(_, r)| r).trim_start();
        } else {
            return head;
        }
    }
}

/// The largest character boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut end = text.len().min(at);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
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
/// Text that opens with a UTF-16 byte-order mark (little- or big-endian) is decoded
/// from UTF-16 first, an unpaired surrogate as U+FFFD.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String> {
    let unit: Option<fn([u8; 2]) -> u16> = match bytes.as_slice() {
        [0xff, 0xfe, ..] => Some(u16::from_le_bytes),
        [0xfe, 0xff, ..] => Some(u16::from_be_bytes),
        _ => None,
    };
    let text = match unit {
        Some(unit) => {
            // A NUL unit, named by its byte offset in the file (after the mark).
            if let Some(i) = bytes[2..]
                .chunks_exact(2)
                .position(|p| unit([p[0], p[1]]) == 0)
            {
                return Err(Error::Binary {
                    path: name.to_string(),
                    offset: 2 + 2 * i,
                });
            }
            utf16(&bytes[2..], unit)
        }
        None => {
            if let Some(offset) = bytes.iter().position(|&b| b == 0) {
                return Err(Error::Binary {
                    path: name.to_string(),
                    offset,
                });
            }
            String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
                path: name.to_string(),
                offset: e.utf8_error().valid_up_to(),
            })?
        }
    };
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

/// UTF-16 code units from pairs of bytes (`unit` says their order) decoded; an odd last
/// byte and unpaired surrogates become U+FFFD.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if !bytes.len().is_multiple_of(2) {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
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
        assert_eq!(Format::detect(&file("a.txt"), "<html>"), Format::Html);
        assert_eq!(
            Format::detect(&file("a.txt"), "Title\n\nThe <b> tag makes text bold."),
            Format::Text
        );
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
        assert_eq!(Format::detect(&file("a.ssml"), "Hello."), Format::Ssml);
        assert_eq!(
            Format::detect(
                &Input::Stdin,
                "<?xml version=\"1.0\"?>\n<!-- s -->\n<speak version=\"1.1\">Hi.</speak>"
            ),
            Format::Ssml
        );
        assert_eq!(
            Format::detect(&file("a"), "<speak>Hi.</speak>"),
            Format::Ssml
        );
        assert_eq!(
            Format::detect(&Input::Stdin, "<speaker>Hi.</speaker>"),
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
        // UTF-16 with its byte-order mark, either way round; "é" is one unit, "𝄞" two.
        let text = "Caf\u{e9} \u{1d11e}.";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode("a", le).unwrap(), text);
        assert_eq!(decode("a", be).unwrap(), text);
        // A NUL in UTF-16 text is still binary, named by its offset in the file.
        assert!(matches!(
            decode("a", vec![0xff, 0xfe, b'a', 0, 0, 0]),
            Err(Error::Binary { offset: 4, .. })
        ));
    }
}
