//! The article as the pipeline sees it: a [`Document`] of [`Block`]s (title, headings,
//! paragraphs) made by [`crate::read`], and the [`Sentence`]s that [`crate::segment`]
//! cuts from them. Every sentence is a byte span of its block's text, so nothing is
//! invented or lost between reading and narrating. A reader that knows from the input's
//! structure that a block is not story (an HTML `<figcaption>`, a Markdown code block)
//! says what it is in [`Block::dropped`] (a [`Furniture`]), and the selector drops its
//! sentences for the matching reason. This module knows nothing of selection.

use serde::Serialize;
use std::ops::Range;

/// What a block is in the article's structure; it decides the pause before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// The article's title (the first block of a text file).
    Title,
    /// A short line without final punctuation: a subheading, or page chrome.
    Heading,
    /// Running text.
    Paragraph,
}

/// What the input's structure says a block is when it is not story: page furniture.
/// A reader sets it from markup (a `<figcaption>` is a caption, a `<nav>` navigation);
/// the select stage turns it into the reason the block's sentences are dropped for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Furniture {
    /// A photo or video caption (`<figure>`, `<figcaption>`).
    Caption,
    /// A photo credit.
    Credit,
    /// A link to other stories (`<aside>`, "related" boxes, a link-only paragraph).
    CrossLink,
    /// An author line.
    Byline,
    /// A date line of the page ("Published …").
    Timestamp,
    /// A copyright or legal line.
    Copyright,
    /// Share, comment and ad boxes, buttons, footers, and text outside the story.
    Boilerplate,
    /// Menus and other page navigation.
    Navigation,
    /// Newsletter and subscription boxes.
    Promo,
    /// A code block.
    Code,
    /// An image's alternative text.
    Image,
}

/// One block of the input: a paragraph, heading or title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's text, whitespace as in the input except that line breaks inside a
    /// hard-wrapped paragraph are joined with a space.
    pub text: String,
    /// The 1-based line of the input where the block starts.
    pub line: usize,
    /// Set by the reader when the input's structure shows the block is not story: its
    /// sentences are dropped for this reason whatever the selection rules say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<Furniture>,
    /// Set by the reader for text in a block quote (HTML `<blockquote>`, Markdown `>`):
    /// quoted words of the story, which the navigation rule never takes for a menu
    /// line or a teaser however short they are.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub quoted: bool,
    /// Set by the reader for an entry of a list the author wrote (HTML `<li>`, a
    /// Markdown list item): a line of the story however short, which the navigation
    /// rule does not take for a menu line. Lists of links are marked as cross-links or
    /// navigation by the reader instead.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub item: bool,
    /// Set by the SSML reader ([`crate::read::ssml`]): the block's sentences as the
    /// script cut them, each with how it is spoken. The segmenter does not cut such a
    /// block again and the selector drops none of its sentences.
    #[serde(skip)]
    pub script: Option<Vec<Scripted>>,
}

impl Block {
    /// A block of the story (so far as the reader can tell).
    pub fn new(kind: BlockKind, text: impl Into<String>, line: usize) -> Block {
        Block {
            kind,
            text: text.into(),
            line,
            dropped: None,
            quoted: false,
            item: false,
            script: None,
        }
    }

    /// A block the reader knows is not story, with what it is.
    pub fn dropped(
        kind: BlockKind,
        text: impl Into<String>,
        line: usize,
        furniture: Furniture,
    ) -> Block {
        Block {
            dropped: Some(furniture),
            ..Block::new(kind, text, line)
        }
    }
}

/// An article read from one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Where the article came from (a path, or `-` for standard input).
    pub source: String,
    pub blocks: Vec<Block>,
    /// What the input says about the article beyond its text (author, site, date,
    /// address), where it says it; see [`crate::tags`].
    pub metadata: crate::tags::Metadata,
}

impl Document {
    /// The text of `sentence`, as it stands in the input: its span of its block's text.
    pub fn text(&self, sentence: &Sentence) -> &str {
        &self.blocks[sentence.block].text[sentence.range.clone()]
    }

    /// How a script (SSML) says `sentence` is spoken, when its block came from one.
    pub fn scripted(&self, sentence: &Sentence) -> Option<&Scripted> {
        self.blocks
            .get(sentence.block)?
            .script
            .as_ref()?
            .iter()
            .find(|s| s.range == sentence.range)
    }
}

/// One sentence of a script (SSML) with what the script says of its speaking beyond
/// its words: which parts are already spoken forms, the pause after it, its speed and
/// language, and the marks in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scripted {
    /// Byte range of the sentence in its block's text (its written form).
    pub range: Range<usize>,
    /// The sentence in order, piece by piece; the written forms joined are its text.
    pub pieces: Vec<ScriptPiece>,
    /// The pause the script asks for after it, instead of the usual one.
    pub pause_after: Option<Pause>,
    /// Its speaking rate in percent of the voice's (`prosody rate`); `None` is 100.
    pub rate_percent: Option<u32>,
    /// The language it is read in (`xml:lang`, `lang`), when the script names one.
    pub language: Option<String>,
    /// Named points in it (`mark`): each before the piece of that index (the number of
    /// pieces for the sentence's end).
    pub marks: Vec<(String, usize)>,
}

impl Scripted {
    /// The sentence's spoken form and the byte offset of each mark in it: each piece's
    /// given spoken form as it is, the other pieces through `speak` (the speak stage),
    /// joined with a space where the written pieces had one between them.
    pub fn spoken(&self, speak: impl Fn(&str) -> String) -> (String, Vec<(String, usize)>) {
        let mut out = String::new();
        let mut offsets = Vec::with_capacity(self.pieces.len() + 1);
        let mut space_before = false;
        for piece in &self.pieces {
            let said = match &piece.spoken {
                Some(spoken) => spoken.clone(),
                None => speak(piece.written.trim()),
            };
            let said = said.trim();
            let lead = piece.written.starts_with(char::is_whitespace);
            if !out.is_empty() && !said.is_empty() && (space_before || lead) {
                out.push(' ');
            }
            offsets.push(out.len());
            out.push_str(said);
            if !said.is_empty() || piece.written.trim().is_empty() {
                space_before = piece.written.ends_with(char::is_whitespace);
            }
        }
        offsets.push(out.len());
        let marks = self
            .marks
            .iter()
            .map(|(name, piece)| (name.clone(), offsets[(*piece).min(self.pieces.len())]))
            .collect();
        (out, marks)
    }
}

/// A stretch of a scripted sentence: its written text, and its spoken form when the
/// script gives one (`say-as`, `sub`, `phoneme`), which the speak stage does not touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptPiece {
    pub written: String,
    pub spoken: Option<String>,
}

/// A pause a script asks for (SSML `break`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pause {
    /// Exactly this long, in milliseconds (`time`).
    Millis(u32),
    /// As strong as this (`strength`); the stitch stage says how long.
    Strength(PauseStrength),
}

/// SSML's break strengths, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PauseStrength {
    None,
    XWeak,
    Weak,
    Medium,
    Strong,
    XStrong,
}

/// One sentence: a span of one block's text, which the [`Document`] holds; its text is
/// [`Document::text`]. The text is not copied: a long article's plan is held for the
/// whole render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index of the block in [`Document::blocks`].
    pub block: usize,
    /// Byte range of the sentence in the block's text.
    pub range: Range<usize>,
}
