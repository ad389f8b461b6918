//! The news segmenter. (Provisional: splits after `.`, `!` or `?` followed by a space;
//! the abbreviation-aware version replaces it.)

use super::{trimmed, Segmenter};
use std::ops::Range;

#[derive(Debug, Default)]
pub struct NewsSegmenter;

impl Segmenter for NewsSegmenter {
    fn split(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ') {
                out.push(trimmed(text, start..i + 1));
                start = i + 1;
            }
        }
        if start < text.len() {
            out.push(trimmed(text, start..text.len()));
        }
        out.retain(|r| !r.is_empty());
        out
    }
}
