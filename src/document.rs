//! The article as the pipeline sees it: a [`Document`] of [`Block`]s (title, headings,
//! paragraphs) made by [`crate::read`], and the [`Sentence`]s that [`crate::segment`]
//! cuts from them. Every sentence is a byte span of its block's text, so nothing is
//! invented or lost between reading and narrating.

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

/// One block of the input: a paragraph, heading or title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's text, whitespace as in the input except that line breaks inside a
    /// hard-wrapped paragraph are joined with a space.
    pub text: String,
    /// The 1-based line of the input where the block starts.
    pub line: usize,
}

/// An article read from one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Where the article came from (a path, or `-` for standard input).
    pub source: String,
    pub blocks: Vec<Block>,
}

/// One sentence: a span of one block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index of the block in [`Document::blocks`].
    pub block: usize,
    /// Byte range of the sentence in the block's text.
    pub range: Range<usize>,
    /// The sentence as it stands in the input (the block text at `range`).
    pub text: String,
}

impl Sentence {
    /// A sentence cut from `blocks[block].text` at `range`.
    pub fn new(block: usize, block_text: &str, range: Range<usize>) -> Sentence {
        let text = block_text[range.clone()].to_string();
        Sentence { block, range, text }
    }
}
