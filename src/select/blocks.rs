//! Block-level helpers shared by the rules. Most chrome is a whole line of the page (a
//! credit, a byline, a menu item), so rules judge blocks and every sentence of a block
//! shares the block's fate; that keeps them right whatever the segmenter does.

use super::{Context, Decision, Reason};
use std::ops::Range;

/// For every block of the document, the range of indices of its sentences.
pub fn sentence_ranges(cx: &Context<'_>) -> Vec<Range<usize>> {
    let mut ranges = vec![0..0; cx.doc.blocks.len()];
    let mut i = 0;
    while i < cx.sentences.len() {
        let block = cx.sentences[i].block;
        let start = i;
        while i < cx.sentences.len() && cx.sentences[i].block == block {
            i += 1;
        }
        if let Some(r) = ranges.get_mut(block) {
            *r = start..i;
        }
    }
    ranges
}

/// Whether a block still has a narrated sentence (blocks without sentences are not).
pub fn alive(decisions: &[Decision], range: &Range<usize>) -> bool {
    decisions[range.clone()].iter().any(|d| d.keep())
}

/// Drops every still-narrated sentence of a block.
pub fn drop_block(decisions: &mut [Decision], range: &Range<usize>, reason: Reason) {
    for d in &mut decisions[range.clone()] {
        if d.keep() {
            *d = Decision::Drop(reason);
        }
    }
}

/// The reason the first dropped sentence of a block was dropped for.
pub fn reason(decisions: &[Decision], range: &Range<usize>) -> Option<Reason> {
    decisions[range.clone()].iter().find_map(|d| d.reason())
}

/// Runs `judge` on every block that is still narrated and drops the block with the
/// reason it returns. `judge` gets the block index and the block's text.
pub fn judge_blocks(
    cx: &Context<'_>,
    decisions: &mut [Decision],
    mut judge: impl FnMut(usize, &str) -> Option<Reason>,
) {
    let ranges = sentence_ranges(cx);
    for (index, range) in ranges.iter().enumerate() {
        if !alive(decisions, range) {
            continue;
        }
        if let Some(reason) = judge(index, &cx.doc.blocks[index].text) {
            drop_block(decisions, range, reason);
        }
    }
}

/// Number of words (white-space separated).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Whether the text ends as a sentence ends: `.`, `!`, `?`, `…` or `:`, possibly
/// followed by closing quotes or brackets. A line wholly in brackets with a few words,
/// "(Graphic: … - here)", counts too.
pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let core = t.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*']);
    if core.ends_with(['.', '!', '?', '…', ':']) {
        return true;
    }
    t.starts_with('(') && t.ends_with(')') && word_count(t) >= 5
}

/// Letters of the text: how many, and how many of them upper case.
pub fn letter_case(text: &str) -> (usize, usize) {
    let mut letters = 0;
    let mut upper = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    (letters, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("He left."));
        assert!(ends_sentence("“He left,” she said.”"));
        assert!(ends_sentence("Here are the highlights:"));
        assert!(ends_sentence("(Graphic: Global assets in 2019 - here)"));
        assert!(!ends_sentence("(AP Photo/Alex Brandon)"));
        assert!(!ends_sentence("Trending News"));
    }
}
