//! Stage 2, **segment**: blocks in, [`Sentence`]s out.
//!
//! A [`Segmenter`] cuts a block's text into sentence spans; [`segment`] runs it over a
//! whole document. Titles and headings are one sentence each. Every sentence is a span
//! of its block (leading and trailing white space excluded), so the spans, read in
//! order, give back every character of the input.

pub mod abbreviations;
pub mod marks;
pub mod news;

use crate::document::{BlockKind, Document, Sentence};
use std::ops::Range;

pub use news::NewsSegmenter;

/// Splits running text into sentences.
pub trait Segmenter: Send + Sync {
    /// Byte ranges of the sentences of `text`, in order, none empty, none overlapping,
    /// each trimmed of surrounding white space.
    fn split(&self, text: &str) -> Vec<Range<usize>>;
}

/// Cuts every block of `doc` into sentences, in document order.
pub fn segment(doc: &Document, segmenter: &dyn Segmenter) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (index, block) in doc.blocks.iter().enumerate() {
        let ranges = match block.kind {
            BlockKind::Title | BlockKind::Heading => {
                vec![trimmed(&block.text, 0..block.text.len())]
            }
            BlockKind::Paragraph => segmenter.split(&block.text),
        };
        sentences.extend(
            ranges
                .into_iter()
                .filter(|r| !r.is_empty())
                .map(|range| Sentence {
                    block: index,
                    range,
                }),
        );
    }
    sentences
}

/// `range` of `text` without leading and trailing white space.
pub fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}
